"""`tf.saved_model.builder.SavedModelBuilder` and `simple_save`: a graph's meta graphs
(each under its tags, with its signatures) and its variables, in one directory laid out
as TensorFlow's (docs/engine.md#saved-models):

    export_dir/saved_model.pb                           TF's SavedModel protocol buffer
    export_dir/variables/variables.index                TF's V2 checkpoint (train/saver.py)
    export_dir/variables/variables.data-00000-of-00001

The meta graphs are TF's MetaGraphDefs (`tf_export.py`) and the variables a `Saver`'s
checkpoint in TF's format, so TensorFlow and TF Serving load what graphgate wrote; this
module only arranges them. `format="graphgate"` (graphgate's own argument) writes the
earlier layout's contents instead, `graphgate.saved_model/v1` JSON beside a graphgate
checkpoint, for a graph TF cannot hold (control flow graphgate does not write as TF's).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from typing import Any

from .. import tf_export
from ..errors import error
from ..graph import Graph, Operation, Tensor, get_default_graph
from ..meta_graph import SignatureDef, export_meta_graph, write_atomically
from ..ops.lookup_ops import table_initializers
from ..ops.state_ops import VARIABLES
from ..train.saver import Saver
from ..variable_scope import GraphKeys
from . import constants, signature_constants, tag_constants
from .assets import exported_assets, write_assets
from .signature_def_utils import predict_signature_def

# Keys TF keeps for its own ops: a signature under one of them would shadow them on load.
FORMATS = ("tensorflow", "graphgate")
_RESERVED_KEYS = (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY)


class SavedModelBuilder:
    """Builds a saved model in `export_dir`: one `add_meta_graph_and_variables`, any
    number of `add_meta_graph`, then `save`.

    Raises
    ------
    GraphgateError
        SAVED_MODEL_EXISTS (an AssertionError, as TF) when `export_dir` exists and is not
        an empty directory.
    """

    def __init__(self, export_dir: Any, format: str = "tensorflow", read_asset_paths: bool = True):
        if format not in FORMATS:
            raise error(
                "UNSUPPORTED_FORMAT", f"format must be one of {list(FORMATS)}, not {format!r}"
            )
        self._format = format
        # graphgate's: False where the graph is hosted (`archive`), so an asset it does not
        # hold is refused rather than read from the machine writing the export.
        self._read_asset_paths = read_asset_paths
        self._export_dir = os.fsdecode(export_dir)
        if os.path.exists(self._export_dir):
            if not os.path.isdir(self._export_dir) or os.listdir(self._export_dir):
                raise error(
                    "SAVED_MODEL_EXISTS",
                    f"Export directory {self._export_dir} already exists, and isn't empty. "
                    "Please choose a different export directory, or delete all the contents "
                    "of the specified directory.",
                    details={"path": self._export_dir},
                )
        else:
            os.makedirs(self._export_dir)
        self._meta_graphs: list[Any] = []
        self._has_saved_variables = False

    def add_meta_graph_and_variables(
        self,
        sess: Any,
        tags: Any,
        signature_def_map: dict[str, SignatureDef] | None = None,
        assets_collection: Any = None,
        legacy_init_op: Any = None,
        clear_devices: bool = False,
        main_op: Any = None,
        strip_default_attrs: bool = False,
        saver: Saver | None = None,
        **_unused: Any,
    ) -> None:
        """Save the session's variables under `variables/` and its graph as the first meta
        graph, under `tags`.

        Raises
        ------
        GraphgateError
            SAVED_MODEL_BUILDER_STATE (AssertionError) on a second call; INVALID_SIGNATURE
            for a signature naming a tensor the graph lacks.
        """
        if self._has_saved_variables:
            raise error(
                "SAVED_MODEL_BUILDER_STATE",
                "Graph state including variables and assets has already been saved. Please "
                "invoke `add_meta_graph()` instead.",
            )
        graph = sess.graph
        saver = saver or _saver(graph)
        if self._format == "tensorflow":
            saver = Saver(saver.saveables(), allow_empty=True, checkpoint_format="tensorflow")
        directory = os.path.join(self._export_dir, constants.VARIABLES_DIRECTORY)
        os.makedirs(directory, exist_ok=True)
        prefix = os.path.join(directory, constants.VARIABLES_FILENAME)
        saver.save(sess, prefix, write_meta_graph=False, write_state=False)
        self._add(graph, tags, signature_def_map, saver, main_op, legacy_init_op, assets_collection)
        self._has_saved_variables = True

    def add_meta_graph(
        self,
        tags: Any,
        signature_def_map: dict[str, SignatureDef] | None = None,
        assets_collection: Any = None,
        legacy_init_op: Any = None,
        clear_devices: bool = False,
        main_op: Any = None,
        strip_default_attrs: bool = False,
        saver: Saver | None = None,
        **_unused: Any,
    ) -> None:
        """Add the default graph as another meta graph under `tags`, sharing the variables
        saved by `add_meta_graph_and_variables` (which must come first)."""
        if not self._has_saved_variables:
            raise error(
                "SAVED_MODEL_BUILDER_STATE",
                "Graph state including variables and assets has not been saved yet. Please "
                "invoke `add_meta_graph_and_variables()` first.",
            )
        graph = get_default_graph()
        saver = saver or _saver(graph)
        self._add(graph, tags, signature_def_map, saver, main_op, legacy_init_op, assets_collection)

    def _add(
        self,
        graph: Graph,
        tags: Any,
        signature_def_map: dict[str, SignatureDef] | None,
        saver: Saver,
        main_op: Any,
        legacy_init_op: Any,
        assets_collection: Any = None,
    ) -> None:
        signatures = _checked_signatures(graph, signature_def_map or {})
        extra = {}
        for key, op in (
            (constants.MAIN_OP_KEY, main_op),
            (constants.LEGACY_INIT_OP_KEY, legacy_init_op),
        ):
            if op is not None:
                extra[key] = _operation(graph, op, key)
        if self._format == "tensorflow":
            keys = saver.saveables()
            if any(isinstance(v, list) for v in keys.values()):
                raise error("TF_EXPORT_UNSUPPORTED", "partitioned variables are not written")
            assets, files = exported_assets(graph, assets_collection, self._read_asset_paths)
            meta = tf_export.meta_graph_def(
                graph,
                keys,
                None,
                _tag_list(tags),
                signatures,
                operations=extra,
                assets=assets,
                table_initializers=_tables_main_op(graph, extra),
            )
            write_assets(self._export_dir, files)
            self._meta_graphs.append(meta)
            return
        _refuse_assets(graph, assets_collection)
        meta = export_meta_graph(saver_def=saver.as_saver_def(), graph=graph)
        # Kept in the document, not the user's graph: saving must not change what it saves.
        for key, op in extra.items():
            meta["collections"][key] = [{"operation": op.name}]
        meta["meta_info_def"] = {"tags": _tag_list(tags)}
        meta["signature_def"] = {key: sig.to_json() for key, sig in signatures.items()}
        self._meta_graphs.append(meta)

    def save(self, as_text: bool = False) -> bytes:
        """Write `saved_model.pb` (`saved_model.pbtxt`, indented, `as_text`) atomically;
        its path, as bytes like TF's."""
        name = (
            constants.SAVED_MODEL_FILENAME_PBTXT if as_text else constants.SAVED_MODEL_FILENAME_PB
        )
        path = os.path.join(self._export_dir, name)
        if self._format == "tensorflow":
            write_atomically(path, tf_export.saved_model(self._meta_graphs, as_text))
            return path.encode()
        doc = {
            "format": constants.SAVED_MODEL_FORMAT,
            "saved_model_schema_version": constants.SAVED_MODEL_SCHEMA_VERSION,
            "meta_graphs": self._meta_graphs,
        }
        text = json.dumps(doc, indent=1 if as_text else None, sort_keys=True)
        write_atomically(path, text.encode())
        return path.encode()


Builder = SavedModelBuilder


def simple_save(
    session: Any,
    export_dir: Any,
    inputs: dict[str, Tensor],
    outputs: dict[str, Tensor],
    legacy_init_op: Any = None,
    format: str = "tensorflow",
) -> None:
    """Save a session for serving in one call: its variables, and its graph under the
    `serve` tag with one predict signature, `serving_default`, of `inputs` and `outputs`
    (`format` as `SavedModelBuilder`'s)."""
    signature = predict_signature_def(inputs=inputs, outputs=outputs)
    builder = SavedModelBuilder(export_dir, format)
    builder.add_meta_graph_and_variables(
        session,
        tags=[tag_constants.SERVING],
        signature_def_map={signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY: signature},
        assets_collection=session.graph.get_collection(GraphKeys.ASSET_FILEPATHS),
        legacy_init_op=legacy_init_op,
    )
    builder.save()


def archive(
    session: Any,
    signature_def_map: dict[str, SignatureDef],
    tags: Any = (tag_constants.SERVING,),
    main_op: Any = None,
) -> bytes:
    """The saved model `SavedModelBuilder` writes of the session's graph and variables
    (TF's format), as the bytes of one ZIP archive of its directory: `saved_model.pb` and
    `variables/` at the archive's root. The same graph and values give the same bytes
    (entries sorted, dated 1980-01-01), so a download's ETag and digest name its contents.

    Raises
    ------
    GraphgateError
        TF_EXPORT_UNSUPPORTED listing every node TF cannot hold as graphgate computes it
        (nothing is written then; a vocabulary file the graph does not hold among them:
        the archive of a hosted graph never holds a file of the machine writing it),
        INVALID_SIGNATURE as `SavedModelBuilder`.
    """
    with tempfile.TemporaryDirectory(prefix="graphgate-saved-model-") as parent:
        directory = os.path.join(parent, "model")
        builder = SavedModelBuilder(directory, read_asset_paths=False)
        builder.add_meta_graph_and_variables(
            session, tags=tags, signature_def_map=signature_def_map, main_op=main_op
        )
        builder.save()
        return _zipped(directory)


def _zipped(directory: str) -> bytes:
    entries = []
    for root, _, files in os.walk(directory):
        relative = os.path.relpath(root, directory).replace(os.sep, "/")
        if relative != ".":
            entries.append((relative + "/", None))
        entries += [
            ((f"{relative}/" if relative != "." else "") + f, os.path.join(root, f)) for f in files
        ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive_file:
        for name, path in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o40755 if path is None else 0o100644) << 16
            if path is None:
                archive_file.writestr(info, b"")
                continue
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                archive_file.writestr(info, f.read())
    return buffer.getvalue()


def _saver(graph: Graph) -> Saver:
    return Saver(var_list=list(graph.get_collection(VARIABLES)), allow_empty=True)


def _tables_main_op(graph: Graph, extra: dict[str, Operation]) -> list[Operation]:
    """The table initializers a main op of the export runs when the saver was given none
    and the graph holds none: TF's loader runs only a main op, so without one TF loads the
    tables empty and every lookup fails (`Table not initialized`). TF's own `simple_save`
    writes none; graphgate writes one of the initializers that need no feed (a fed one
    cannot run at load: its table stays empty, as in TF) (docs/decision_log.md)."""
    if extra or any(graph.get_collection(k) for k in _RESERVED_KEYS):
        return []
    return table_initializers(graph)


def _tag_list(tags: Any) -> list[str]:
    """Tags as a list of strings; one string is one tag."""
    listed = [tags] if isinstance(tags, str) else list(tags or ())
    if not all(isinstance(t, str) for t in listed):
        raise error("INVALID_SIGNATURE", f"tags must be strings, got {tags!r}")
    return listed


def _refuse_assets(graph: Graph, assets_collection: Any) -> None:
    # graphgate's own JSON layout has no assets/: TF's format (the default) writes them.
    if assets_collection or any(op.type == "InitializeTableFromTextFileV2" for op in graph.op_list):
        raise error(
            "UNIMPLEMENTED",
            'saved model assets are written in TensorFlow\'s format only (format="tensorflow")',
        )


def _operation(graph: Graph, op: Any, key: str) -> Operation:
    found = op.op if isinstance(op, Tensor) else op
    if not isinstance(found, Operation) or found.graph is not graph:
        raise error("INVALID_SIGNATURE", f"{key} must be an operation of the saved graph")
    return found


def _checked_signatures(graph: Graph, signature_def_map: Any) -> dict[str, SignatureDef]:
    """The signatures, each a `SignatureDef` of tensors this graph has: TF saves any and
    fails when they are loaded; here the builder says which one is wrong."""
    if not isinstance(signature_def_map, dict):
        raise error("INVALID_SIGNATURE", "signature_def_map must be a dict of SignatureDefs")
    for key, signature in signature_def_map.items():
        if key in _RESERVED_KEYS:
            raise error("INVALID_SIGNATURE", f"{key!r} is reserved and cannot be a signature key")
        if not isinstance(signature, SignatureDef):
            raise error(
                "INVALID_SIGNATURE",
                f"signature {key!r} is a {type(signature).__name__}, not a SignatureDef",
            )
        for alias, info in {**signature.inputs, **signature.outputs}.items():
            try:
                graph.get_tensor_by_name(info.name)
            except (KeyError, ValueError):
                raise error(
                    "INVALID_SIGNATURE",
                    f"signature {key!r} names {info.name!r} ({alias}), which the graph lacks",
                ) from None
    return signature_def_map


__all__ = ["Builder", "SavedModelBuilder", "archive", "simple_save"]
