"""Graph definitions in and out of a graph: `as_graph_def`, `import_graph_def` and meta
graphs (a graph document, its collections and its saver), on the graphgate format.

TensorFlow's protocol buffers become JSON documents here: a `GraphDef` is a
`graphgate.graph/v1` document (a dict), a `MetaGraphDef` a `graphgate.meta_graph/v1` one.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from . import serialization, tf_graph
from .dtypes import SUPPORTED, string
from .errors import GraphgateError, error
from .graph import Graph, Operation, Tensor, convert_to_tensor, get_default_graph
from .limits import DEFAULT_LIMITS, Limits
from .ops.state_ops import LOCAL_VARIABLES, TRAINABLE_VARIABLES, VARIABLES
from .run_metadata import TensorShapeProto

META_FORMAT = "graphgate.meta_graph/v1"
# Rebuilt from the variables themselves on import; carrying them too would list each twice.
_DERIVED_COLLECTIONS = frozenset((VARIABLES, TRAINABLE_VARIABLES))


class NodeDef:
    """A read-only view of one node of a `GraphDef` (TensorFlow's `name`, `op`, `input`,
    `attr`, `device`)."""

    __slots__ = ("_node",)

    def __init__(self, node: dict[str, Any]):
        self._node = node

    @property
    def name(self) -> str:
        return self._node["name"]

    @property
    def op(self) -> str:
        return self._node["op"]

    @property
    def input(self) -> list[str]:
        return list(self._node.get("inputs", [])) + [
            "^" + c for c in self._node.get("control_inputs", [])
        ]

    @property
    def attr(self) -> dict[str, Any]:
        return dict(self._node.get("attrs", {}))

    @property
    def device(self) -> str:
        """The device the node was placed on (`""` for none), as TF's `NodeDef.device`."""
        return self._node.get("device", "")

    def __repr__(self) -> str:
        return f"<NodeDef {self.name!r} op={self.op}>"


class GraphDef(dict):
    """A `graphgate.graph/v1` document that also reads as TensorFlow's `GraphDef`."""

    @property
    def node(self) -> list[NodeDef]:
        return [NodeDef(n) for n in self.get("nodes", [])]

    def SerializeToString(self) -> bytes:
        return json.dumps(self, sort_keys=True, separators=(",", ":")).encode()

    def ParseFromString(self, data: bytes) -> None:
        self.clear()
        self.update(_parse_graph(data))

    @classmethod
    def FromString(cls, data: bytes) -> GraphDef:
        return cls(_parse_graph(data))


class MetaGraphDef(dict):
    """A `graphgate.meta_graph/v1` document: `graph_def`, `collections` and `saver_def`;
    a saved model's also `meta_info_def` (its tags) and `signature_def`."""

    @property
    def graph_def(self) -> GraphDef:
        return GraphDef(self["graph_def"])

    @property
    def saver_def(self) -> dict[str, Any] | None:
        return self.get("saver_def")

    @property
    def collection_def(self) -> dict[str, Any]:
        return dict(self.get("collections", {}))

    @property
    def signature_def(self) -> dict[str, SignatureDef]:
        """The signatures a saved model declared, by key (empty for a checkpoint's)."""
        return {k: SignatureDef.from_json(v) for k, v in self.get("signature_def", {}).items()}

    @property
    def meta_info_def(self) -> MetaInfoDef:
        return MetaInfoDef(list(self.get("meta_info_def", {}).get("tags", [])))

    def SerializeToString(self) -> bytes:
        return json.dumps(self, sort_keys=True, separators=(",", ":")).encode()


class MetaInfoDef:
    """A meta graph's `meta_info_def`: the tags a saved model stored it under."""

    def __init__(self, tags: list[str]):
        self.tags = tags

    def __repr__(self) -> str:
        return f"MetaInfoDef(tags={self.tags!r})"


class TensorInfo:
    """TensorFlow's `TensorInfo`: a tensor of a signature by `name` ("x:0"), `dtype` (TF's
    enum, as `tf.float32.as_datatype_enum`) and `tensor_shape`."""

    def __init__(self, name: str = "", dtype: int = 0, tensor_shape: Any = None):
        self.name = name
        self.dtype = dtype
        self.tensor_shape = (
            tensor_shape
            if isinstance(tensor_shape, TensorShapeProto)
            else TensorShapeProto(tensor_shape)
        )

    @property
    def dtype_name(self) -> str | None:
        """The dtype's TF name (`float32`), None for an enum graphgate does not know."""
        return _DTYPE_NAMES.get(self.dtype)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype_name, "shape": self.tensor_shape.as_list()}

    @classmethod
    def from_json(cls, doc: Any) -> TensorInfo:
        if not isinstance(doc, dict) or not isinstance(doc.get("name"), str):
            raise error("INVALID_DOCUMENT", "a signature's tensor needs a name")
        shape = doc.get("shape")
        if shape is not None and not (
            isinstance(shape, list) and all(type(d) is int and d >= -1 for d in shape)
        ):
            raise error("INVALID_DOCUMENT", f"tensor {doc['name']} has a malformed shape")
        enum = {v: k for k, v in _DTYPE_NAMES.items()}.get(doc.get("dtype"), 0)
        return cls(doc["name"], enum, shape)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TensorInfo) and other.to_json() == self.to_json()

    def __repr__(self) -> str:
        return f"TensorInfo(name={self.name!r}, dtype={self.dtype_name}, {self.tensor_shape})"


_DTYPE_NAMES = {d.as_datatype_enum: d.name for d in (*SUPPORTED, string)}


class SignatureDef:
    """TensorFlow's `SignatureDef`: `inputs` and `outputs` (names to `TensorInfo`) and the
    `method_name` (`tensorflow/serving/predict`, ...)."""

    def __init__(
        self,
        inputs: dict[str, TensorInfo] | None = None,
        outputs: dict[str, TensorInfo] | None = None,
        method_name: str = "",
    ):
        self.inputs = dict(inputs or {})
        self.outputs = dict(outputs or {})
        self.method_name = method_name

    def to_json(self) -> dict[str, Any]:
        return {
            "method_name": self.method_name,
            "inputs": {k: v.to_json() for k, v in self.inputs.items()},
            "outputs": {k: v.to_json() for k, v in self.outputs.items()},
        }

    @classmethod
    def from_json(cls, doc: Any) -> SignatureDef:
        if not isinstance(doc, dict) or not all(
            isinstance(doc.get(k, {}), dict) for k in ("inputs", "outputs")
        ):
            raise error("INVALID_DOCUMENT", "a signature needs inputs and outputs objects")
        return cls(
            {k: TensorInfo.from_json(v) for k, v in doc.get("inputs", {}).items()},
            {k: TensorInfo.from_json(v) for k, v in doc.get("outputs", {}).items()},
            str(doc.get("method_name", "")),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SignatureDef) and other.to_json() == self.to_json()

    def __repr__(self) -> str:
        return f"SignatureDef({self.to_json()!r})"


def _parse_json(data: bytes | str, what: str) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise error("INVALID_DOCUMENT", f"the {what} definition is not JSON") from None


def _parse_graph(data: bytes | str) -> Any:
    """A graph document from graphgate's JSON or TensorFlow's binary GraphDef."""
    if tf_graph.is_binary(data):
        return tf_graph.graph_document(bytes(data))
    doc = _parse_json(data, "graph")
    if not isinstance(doc, dict):
        raise error("INVALID_DOCUMENT", "a graph document must be a JSON object")
    return doc


def as_graph_def(graph: Graph) -> GraphDef:
    """The graph as a `GraphDef` (a `graphgate.graph/v1` document)."""
    return GraphDef(serialization.graph_to_dict(graph, python_functions=True))


def import_graph_def(
    graph_def: Any,
    input_map: dict[str, Any] | None = None,
    return_elements: list[str] | None = None,
    name: str | None = None,
    op_dict: Any = None,
    producer_op_list: Any = None,
    *,
    limits: Limits | None = None,
) -> list[Tensor | Operation] | None:
    """Import a graph document into the default graph, as TensorFlow's `import_graph_def`.

    Parameters
    ----------
    graph_def:
        A `GraphDef` or `graphgate.graph/v1` dict, checked node by node as on upload.
    input_map:
        Tensor names of the document (`"x:0"` or `"x"`) to tensors of the default graph
        that replace them as inputs.
    return_elements:
        Names of the document's operations (`"train"`) or tensors (`"y:0"`) to return, as
        they are after the import.
    name:
        The prefix of the imported names: `"import"` by default (made unique as a name
        scope is), `""` for none.

    Raises
    ------
    GraphgateError
        What loading the document raises; UNKNOWN_INPUT for an `input_map` key and
        UNKNOWN_FETCH for a return element the document does not have; DUPLICATE_NAME
        when an imported name is taken.
    """
    graph = get_default_graph()
    prefix = _import(graph, graph_def, name, limits, input_map, return_elements or ())
    if return_elements is None:
        return None
    out: list[Tensor | Operation] = []
    for element in return_elements:
        node, sep, index = element.rpartition(":")
        op = graph.ops_by_name[prefix + (node if sep else element)]
        out.append(op.outputs[int(index)] if sep else op)
    return out


def _import(
    graph: Graph,
    graph_def: Any,
    name: str | None,
    limits: Limits | None,
    input_map: dict[str, Any] | None = None,
    return_elements: Any = (),
    collect: bool = False,
) -> str:
    """Check everything that can be checked before the graph grows, then import; the prefix.
    Variables join the variable collections only when `collect` (a meta graph's import)."""
    limits = limits or DEFAULT_LIMITS
    if not isinstance(graph_def, dict):
        raise error("INVALID_DOCUMENT", "a graph definition must be a GraphDef or a dict")
    parsed, order, n_ctrl = serialization.parse_document(graph_def, limits)
    mapping = _input_map(graph, parsed, input_map or {})
    for ref in return_elements:
        _document_ref(parsed, ref, "UNKNOWN_FETCH")
    if name == "":
        prefix = ""
    else:
        with graph.name_scope(name or "import") as scope:
            prefix = scope
    taken = next((n for n in order if prefix + n in graph.ops_by_name), None)
    if taken is not None:
        raise error(
            "DUPLICATE_NAME",
            f"importing would create a second node named {prefix + taken!r}; pass a name=",
            node=prefix + taken,
        )
    if mapping and any(entry[0] == "While" for entry in parsed.values()):
        parsed = tf_graph.with_loop_arg_shapes(parsed, n_ctrl, limits, mapping)
    serialization.build_nodes(graph, parsed, order, n_ctrl, limits, prefix, mapping, collect)
    return prefix


def _document_ref(parsed: dict, ref: str, code: str) -> tuple[str, int]:
    node, sep, index = ref.rpartition(":")
    if not sep:
        node, index = ref, "0"
    entry = parsed.get(node)
    if entry is None or not index.isdigit():
        raise error(code, f"{ref!r} is not in the graph definition", node=node)
    return node, int(index)


def _input_map(graph: Graph, parsed: dict, input_map: dict[Any, Any]) -> dict:
    mapping = {}
    for key, value in input_map.items():
        ref = key.name if isinstance(key, Tensor) else str(key)
        node, index = _document_ref(parsed, ref, "UNKNOWN_INPUT")
        tensor = convert_to_tensor(value, graph=graph)
        if tensor.graph is not graph:
            raise error("GRAPH_MISMATCH", f"input_map value {tensor.name} is of another graph")
        mapping[(node, index)] = tensor
    return mapping


# -- meta graphs ---------------------------------------------------------------------------


def export_meta_graph(
    filename: str | None = None,
    meta_info_def: Any = None,
    graph_def: Any = None,
    saver_def: dict[str, Any] | None = None,
    collection_list: list[str] | None = None,
    as_text: bool = False,
    graph: Graph | None = None,
    **_unused: Any,
) -> MetaGraphDef:
    """The graph, its collections and a saver as one document, written to `filename`
    (atomically) when given. Collection items that are tensors or operations are kept by
    name, plain numbers and strings as they are, queue runners by their ops' names (TF's
    `QueueRunnerDef`); anything else is left out, as TF does."""
    graph = graph or get_default_graph()
    keys = collection_list if collection_list is not None else graph.get_all_collection_keys()
    collections = {}
    for key in keys:
        if not isinstance(key, str) or key in _DERIVED_COLLECTIONS:
            continue
        items = [_collection_item(v) for v in graph.get_collection(key)]
        items = [i for i in items if i is not None]
        if items:
            collections[key] = items
    meta = MetaGraphDef(
        {
            "format": META_FORMAT,
            "graph_def": dict(graph_def) if graph_def is not None else as_graph_def(graph),
            "collections": collections,
        }
    )
    if saver_def is not None:
        meta["saver_def"] = saver_def
    if filename is not None:
        write_atomically(filename, meta.SerializeToString())
    return meta


def _collection_item(value: Any) -> dict[str, Any] | None:
    if isinstance(value, Tensor):
        return {"tensor": value.name}
    if isinstance(value, Operation):
        return {"operation": value.name}
    if isinstance(value, bool | int | float | str):
        return {"value": value}
    to_proto = getattr(value, "to_proto", None)
    if getattr(value, "is_queue_runner", False) and callable(to_proto):
        return {"queue_runner": to_proto()}
    return None


def read_meta_graph(meta_graph_or_file: Any) -> MetaGraphDef:
    """A meta graph document from a dict or a file, its top level checked."""
    if isinstance(meta_graph_or_file, dict):
        doc = meta_graph_or_file
    elif not isinstance(meta_graph_or_file, str | os.PathLike):
        raise error("INVALID_DOCUMENT", "a meta graph is a MetaGraphDef, a dict or a file path")
    else:
        try:
            with open(meta_graph_or_file, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise error(
                "CHECKPOINT_NOT_FOUND", f"no meta graph file {meta_graph_or_file!r}"
            ) from None
        if tf_graph.is_binary(data):  # a `.meta` TensorFlow wrote: a MetaGraphDef
            doc = tf_graph.meta_graph_document(data)
        else:
            doc = _parse_json(data, "meta graph")
    if not isinstance(doc, dict) or doc.get("format") != META_FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else None
        raise error(
            "UNSUPPORTED_FORMAT",
            f"not a meta graph: format {found!r}; expected {META_FORMAT!r}",
            details={"format": found, "supported": [META_FORMAT]},
        )
    if not isinstance(doc.get("graph_def"), dict) or not isinstance(
        doc.get("collections", {}), dict
    ):
        raise error("INVALID_DOCUMENT", "a meta graph needs a graph_def and collections objects")
    return MetaGraphDef(doc)


def import_meta_graph_def(meta: MetaGraphDef, import_scope: str | None = None) -> str:
    """Import the graph and its collections into the default graph; the name prefix used."""
    graph = get_default_graph()
    prefix = _import(graph, meta["graph_def"], import_scope or "", None, collect=True)
    for key, items in meta.get("collections", {}).items():
        if key in _DERIVED_COLLECTIONS or not isinstance(items, list):
            continue
        for item in items:
            value = _collection_value(graph, item, prefix)
            if value is not None:
                graph.add_to_collection(key, value)
    _keep_locals_local(graph, meta.get("collections", {}), prefix)
    return prefix


def _keep_locals_local(graph: Graph, collections: dict[str, Any], prefix: str) -> None:
    """Take the meta graph's local variables back out of the global ones, which the import
    put every variable in: TF's `global_variables()` leaves them out, so that a `Saver()`
    made after the import neither saves them nor looks for them in a checkpoint. One the
    meta graph lists as global too (TF's `variables` collection does) stays global."""
    local = [_collection_value(graph, i, prefix) for i in _items(collections, LOCAL_VARIABLES)]
    listed = {prefix + i.get("tensor", "") for i in _items(collections, VARIABLES)}
    dropped = {id(v) for v in local if isinstance(v, Tensor) and v.name not in listed}
    if dropped:
        variables = graph.get_collection_ref(VARIABLES)
        variables[:] = [v for v in variables if id(v) not in dropped]


def _items(collections: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = collections.get(key)
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _collection_value(graph: Graph, item: Any, prefix: str) -> Any:
    if not isinstance(item, dict):
        return None
    if isinstance(item.get("tensor"), str):
        return graph.get_tensor_by_name(prefix + item["tensor"])
    if isinstance(item.get("operation"), str):
        return graph.get_operation_by_name(prefix + item["operation"])
    if isinstance(item.get("queue_runner"), dict):
        from .train.queue_runner import QueueRunner

        return QueueRunner.from_proto(item["queue_runner"], import_scope=prefix)
    value = item.get("value")
    return value if isinstance(value, bool | int | float | str) else None


def write_atomically(path: str, data: bytes) -> None:
    """Write `path` so that a reader sees the old file or the new one, never a part."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    # A unique temporary name in the same directory, so the rename stays on one file system
    # and two writers of one path never share a temporary file.
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide checkpoints from their readers
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def write_graph(graph_or_graph_def: Any, logdir: str, name: str, as_text: bool = True) -> str:
    """Write a graph as TensorFlow's GraphDef to `logdir/name` (atomically): protobuf's
    text format when `as_text` (TF's default), its bytes otherwise; the path written.

    Raises
    ------
    GraphgateError
        TF_EXPORT_UNSUPPORTED, writing nothing, when a node cannot be written as TF's.
    """
    from . import tf_export

    graph = tf_export.as_graph(graph_or_graph_def)
    path = os.path.join(logdir, name)
    write_atomically(path, tf_export.graph_def_bytes(graph, as_text=as_text))
    return path


def write_graph_for_logs(graph: Graph, logdir: str, name: str) -> str:
    """`graph.pbtxt` beside a training's checkpoints and events, for TensorBoard: TF's text
    GraphDef, or graphgate's JSON document for a graph TF cannot hold (a log file must not
    stop a training)."""
    try:
        return write_graph(graph, logdir, name)
    except GraphgateError as exc:
        if exc.code != "TF_EXPORT_UNSUPPORTED":
            raise
    path = os.path.join(logdir, name)
    text = json.dumps(as_graph_def(graph), indent=1, sort_keys=True)
    write_atomically(path, text.encode())
    return path
