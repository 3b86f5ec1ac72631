"""Object-based checkpoints: `tf.train.Checkpoint` and `tf.train.CheckpointManager` in
TF1 graph mode, in TensorFlow's files.

A checkpoint saves the objects reachable from its root (its keyword arguments) by path,
not by variable name: `model/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE`, an
optimizer's slot as `<variable path>/.OPTIMIZER_SLOT/<optimizer path>/<slot name>/...`,
and the object graph itself (a serialized TrackableObjectGraph) under
`_CHECKPOINTABLE_OBJECT_GRAPH`. Restoring walks that graph from the root along the
children's local names, so a variable restores whatever its name, as in TF. The files are
always TensorFlow's V2 format (tensor_bundle.py), which TF 2.21 restores and whose
TF-written files restore here (tests/reference/tf1_checkpoint.py).

The objects followed, as TF's tracking sees them: variables; `tf.train` optimizers (their
non-slot variables by name, sorted, and their slots); Keras layers and models (a layer's
own weights by their names, a recurrent layer's under `cell`, a Sequential or functional
model's layers as `layer_with_weights-<k>` and `layer-<i>`, a subclassed one's by
attribute, a `tf.train` optimizer it was compiled with); nested Checkpoints; lists,
tuples and dicts of those. Keras' TF-format `save_weights`/`load_weights` are the same
files rooted at the model (`save_weights`, `load_weights` below).
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict
from typing import Any

import numpy as np

from .. import protowire, tf_proto
from ..errors import error
from ..ops.state_ops import Variable
from .saver import (
    CheckpointReader,
    _assign,
    _check_entry,
    _not_found,
    _values_of,
    checkpoint_exists,
    delete_checkpoint,
    get_checkpoint_state,
    update_checkpoint_state,
)
from .tensor_bundle import data_loss, write_bundle

OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"
VALUE_SUFFIX = ".ATTRIBUTES/VARIABLE_VALUE"


def _escaped(local_name: str) -> str:
    """A local name as one segment of a checkpoint key (TF's `_escape_local_name`): a
    dict key "a/b" must not write the key of {"a": {"b": ...}}, or one overwrites the other."""
    return local_name.replace(".", "..").replace("/", ".S")


def _is_variable(obj: Any) -> bool:
    return isinstance(obj, Variable)


def _layer_classes() -> tuple[type, ...]:
    from ..keras.engine import Layer
    from ..layers_base import Layer as LegacyLayer

    return (Layer, LegacyLayer)


def _short(var: Variable) -> str:
    return var.op.name.rsplit("/", 1)[-1]


def _attribute_children(obj: Any, skip: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    """The trackables a Keras object's public attributes hold, in assignment order."""
    return [
        (name, value)
        for name, value in vars(obj).items()
        if not name.startswith("_") and name not in skip and _trackable(value)
    ]


class _CellWeights:
    """The `cell` tf_keras' LSTM, GRU and SimpleRNN hold their weights in
    (`lstm/cell/kernel`); graphgate's layers hold them themselves."""

    def __init__(self, layer: Any):
        self.layer = layer


def _layer_children(layer: Any) -> list[tuple[str, Any]]:
    """A Keras layer's dependencies as tf_keras names them: its own weights by name; a
    Sequential or functional model's layers by position; attributes' trackables."""
    held = layer.__dict__
    if "_cell_scope" in held:  # a recurrent layer: its weights are its cell's, in TF
        if "_checkpoint_cell" not in held:
            held["_checkpoint_cell"] = _CellWeights(layer)
        return [("cell", held["_checkpoint_cell"])]
    # A tf.layers object keeps its weights in `_variables`, a Keras layer in two lists.
    own = held.get("_variables") or [
        *held.get("_trainable_weights", []),
        *held.get("_non_trainable_weights", []),
    ]
    out = [(_short(w), w) for w in own]
    if layer.__dict__.get("_is_graph_network"):  # Sequential or functional
        with_weights = 0
        for i, sub in enumerate(layer.__dict__.get("_layers", [])):
            if sub.weights:
                out.append((f"layer_with_weights-{with_weights}", sub))
                with_weights += 1
            out.append((f"layer-{i}", sub))
        return out + _compiled_optimizer(layer)
    # An attribute naming a weight again (Dense's `kernel`) is the same dependency.
    named = dict(out)
    for name, value in _attribute_children(layer, skip=("optimizer",)):
        named.setdefault(name, value)
    return list(named.items()) + _compiled_optimizer(layer)


def _compiled_optimizer(model: Any) -> list[tuple[str, Any]]:
    """A model compiled with a `tf.train` optimizer tracks it, as tf_keras' TFOptimizer
    (`optimizer/optimizer/...`, `optimizer/global_step`). A Keras optimizer is not
    followed: its TF state (`iter`, `beta_1`... as variables) is not what graphgate's
    holds (docs/engine.md; `load_weights` refuses such state rather than drop it)."""
    from ..keras.optimizers import TFOptimizer

    wrapper = model.__dict__.get("optimizer")
    return [("optimizer", wrapper)] if isinstance(wrapper, TFOptimizer) else []


def _tf_optimizer_children(wrapper: Any) -> list[tuple[str, Any]]:
    out = [("optimizer", wrapper.optimizer)]
    if wrapper._iterations is not None:
        out.append(("global_step", wrapper._iterations))
    return out


def _trackable(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return any(_trackable(v) for v in value)
    if isinstance(value, dict):
        return any(_trackable(v) for v in value.values())
    return _is_variable(value) or isinstance(value, (Checkpoint, *_layer_classes()))


def _children(obj: Any) -> list[tuple[str, Any]]:
    """(local name, child) of each dependency of `obj`, in TF's order."""
    from ..keras.optimizers import TFOptimizer
    from .optimizers import Optimizer

    if isinstance(obj, Checkpoint):
        return obj._dependencies()
    if isinstance(obj, list | tuple):
        return [(str(i), v) for i, v in enumerate(obj) if _trackable(v)]
    if isinstance(obj, dict):
        return [(str(k), v) for k, v in obj.items() if _trackable(v)]
    if isinstance(obj, Optimizer):
        return sorted((name, v) for (name, _), v in obj._non_slots.items())
    if isinstance(obj, TFOptimizer):
        return _tf_optimizer_children(obj)
    if isinstance(obj, _CellWeights):
        held = obj.layer.__dict__
        return [(_short(w), w) for w in held["_trainable_weights"] + held["_non_trainable_weights"]]
    if isinstance(obj, _layer_classes()):
        return _layer_children(obj)
    return []


def _checked(name: str, value: Any) -> Any:
    """A Checkpoint's keyword argument: a trackable, as TF requires."""
    from ..keras.optimizers import Optimizer as KerasOptimizer
    from .optimizers import Optimizer

    if isinstance(value, KerasOptimizer):
        raise error(
            "UNIMPLEMENTED",
            f"Checkpoint({name}=...) of a Keras optimizer: graphgate's object-based "
            "checkpoints hold tf.train optimizers, variables and Keras layers and models",
        )
    if not (_trackable(value) or isinstance(value, Optimizer)):
        raise error(
            "INVALID_ATTR",
            f"`Checkpoint` was expecting {name} to be a trackable object (an object derived "
            f"from `Trackable`), got {value!r}.",
        )
    return value


# -- the object graph --------------------------------------------------------------------------


class _Graph:
    """The objects reachable from a root, numbered breadth first as TF numbers them, each
    with its path; then the slot variables of the optimizers among them."""

    def __init__(self, root: Any, root_alias: str | None = None):
        self.objects: list[Any] = [root]
        self.paths: list[str] = [""]
        self.children: list[list[tuple[str, int]]] = []
        self.slots: dict[int, list[tuple[int, str, int]]] = {}
        ids = {id(root): 0}
        k = 0
        while k < len(self.objects):
            refs = []
            for name, child in _children(self.objects[k]):
                if id(child) not in ids:
                    ids[id(child)] = len(self.objects)
                    self.objects.append(child)
                    local = _escaped(name)
                    self.paths.append(f"{self.paths[k]}/{local}" if k else local)
                refs.append((ids[id(child)], name))
            self.children.append(refs)
            k += 1
        if root_alias:  # Keras' save_weights: the model names itself "root" too
            self.children[0].append((0, root_alias))
        self._add_slots()

    def _add_slots(self) -> None:
        from .optimizers import Optimizer

        originals = list(enumerate(self.objects))
        for k, opt in originals:
            if not isinstance(opt, Optimizer):
                continue
            for slot_name in opt.get_slot_names():
                for j, var in originals:
                    slot = opt.get_slot(var, slot_name) if _is_variable(var) else None
                    if slot is None:
                        continue
                    self.objects.append(slot)
                    self.paths.append(
                        f"{self.paths[j]}/.OPTIMIZER_SLOT/{self.paths[k]}/{_escaped(slot_name)}"
                    )
                    self.children.append([])
                    self.slots.setdefault(k, []).append((j, slot_name, len(self.objects) - 1))

    def key(self, k: int) -> str:
        return f"{self.paths[k]}/{VALUE_SUFFIX}"

    def variables(self) -> dict[str, Variable]:
        """Checkpoint key to variable."""
        return {self.key(k): v for k, v in enumerate(self.objects) if _is_variable(v)}

    def _valued(self) -> set[int]:
        """The objects holding a value, or slots, or above one that does (TF's
        `has_checkpoint_values`)."""
        parents: dict[int, set[int]] = {}
        for k, refs in enumerate(self.children):
            for child, _ in refs:
                parents.setdefault(child, set()).add(k)
        valued = {k for k, o in enumerate(self.objects) if _is_variable(o) or k in self.slots}
        todo = list(valued)
        while todo:
            for parent in parents.pop(todo.pop(), ()):
                if parent not in valued:
                    valued.add(parent)
                    todo.append(parent)
        return valued

    def serialized(self) -> bytes:
        """The TrackableObjectGraph proto, field by field as protobuf writes it."""
        valued = self._valued()
        out = bytearray()
        for k, obj in enumerate(self.objects):
            node = bytearray()
            for child, name in self.children[k]:
                protowire.write_length_delimited(1, _ints_and_strings(child, name), node)
            if _is_variable(obj):
                attribute = _ints_and_strings("VARIABLE_VALUE", obj.op.name, self.key(k))
                protowire.write_length_delimited(2, attribute, node)
            for original, slot_name, slot in self.slots.get(k, []):
                protowire.write_length_delimited(
                    3, _ints_and_strings(original, slot_name, slot), node
                )
            # A BoolValue: whether the object or one below it holds a value.
            protowire.write_length_delimited(5, b"\x08\x01" if k in valued else b"", node)
            protowire.write_length_delimited(1, node, out)
        return bytes(out)


def _ints_and_strings(*values: int | str) -> bytes:
    """A message of fields 1, 2, ... holding `values` (proto3: zeros and "" left out)."""
    out = bytearray()
    for number, value in enumerate(values, 1):
        if isinstance(value, str):
            if value:
                protowire.write_length_delimited(number, value.encode("utf-8"), out)
        elif value:
            protowire.write_varint(number << 3, out)
            protowire.write_varint(value, out)
    return bytes(out)


def read_object_graph(reader: Any) -> list[dict[str, Any]] | None:
    """The nodes of a checkpoint's object graph, or None for a name-based checkpoint."""
    if not reader.has_tensor(OBJECT_GRAPH_KEY):
        return None
    raw = reader.get_tensor(OBJECT_GRAPH_KEY)
    value = raw
    if isinstance(raw, np.ndarray):  # a scalar string reads as bytes; anything else is wrong
        value = raw.reshape(-1)[0] if raw.size == 1 and raw.dtype.kind == "O" else None

    def corrupt() -> Exception:
        return data_loss(reader.prefix, "its object graph is not a TrackableObjectGraph")

    if not isinstance(value, bytes):
        raise corrupt()
    nodes = tf_proto.decode(value, tf_proto.TRACKABLE_OBJECT_GRAPH, corrupt).get("nodes", [])
    for node in nodes:
        refs = [c.get("node_id", 0) for c in node.get("children", [])]
        for s in node.get("slot_variables", []):
            refs += [s.get("original_variable_node_id", 0), s.get("slot_variable_node_id", 0)]
        if any(not 0 <= r < len(nodes) for r in refs):
            raise corrupt()
    return nodes


def object_graph_names(reader: Any) -> dict[str, str]:
    """Each saved variable's name (the object graph's `full_name`) to its checkpoint key:
    how TF's `Saver.restore` reads an object-based checkpoint by names."""
    nodes = read_object_graph(reader) or []
    return {
        a["full_name"]: a["checkpoint_key"]
        for node in nodes
        for a in node.get("attributes", [])
        if a.get("name") == "VARIABLE_VALUE" and a.get("full_name") and a.get("checkpoint_key")
    }


def _matched(nodes: list[dict[str, Any]], root: Any) -> dict[int, Any]:
    """Checkpoint node id to the Python object it restores: the root, then children by
    local name, breadth first; an optimizer's slots of matched variables."""
    from .optimizers import Optimizer

    matched = {0: root}
    queue = [0]
    while queue:
        k = queue.pop(0)
        here = dict(reversed(_children(matched[k])))
        for ref in nodes[k].get("children", []):
            child = here.get(ref.get("local_name", ""))
            node_id = ref.get("node_id", 0)
            if child is not None and node_id not in matched:
                matched[node_id] = child
                queue.append(node_id)
    for k, obj in list(matched.items()):
        if not isinstance(obj, Optimizer):
            continue
        for s in nodes[k].get("slot_variables", []):
            var = matched.get(s.get("original_variable_node_id", 0))
            slot = obj.get_slot(var, s.get("slot_name", "")) if _is_variable(var) else None
            if slot is not None:
                matched.setdefault(s.get("slot_variable_node_id", 0), slot)
    return matched


def _value_key(node: dict[str, Any]) -> str | None:
    for a in node.get("attributes", []):
        if a.get("name") == "VARIABLE_VALUE":
            return a.get("checkpoint_key")
    return None


# -- restore statuses --------------------------------------------------------------------------


def _session(session: Any) -> Any:
    from ..session import get_default_session

    found = session if session is not None else get_default_session()
    if found is None:
        raise error(
            "INVALID_ATTR",
            "an object-based checkpoint in graph mode needs a session: pass session= or "
            "run inside `with tf.Session() as sess:`",
        )
    return found


def _initialize(session: Any, variables: list[Variable]) -> None:
    ops = [v.initializer for v in variables if v.initializer is not None]
    if ops:
        session.run(ops)


class CheckpointLoadStatus:
    """What `Checkpoint.restore(path)` returns: restore ops to run in a session, and
    assertions about how the checkpoint matched the objects. Matching happens when asked,
    so variables created after `restore` (a Keras model built later) are restored too."""

    def __init__(self, root: Any, reader: Any, nodes: list[dict[str, Any]]):
        self._root, self._reader, self._nodes = root, reader, nodes

    def _values(self) -> dict[str, np.ndarray]:
        values = {}
        for k, obj in _matched(self._nodes, self._root).items():
            key = _value_key(self._nodes[k])
            if _is_variable(obj) and key:
                _check_entry(self._reader, key, obj, obj.static_shape)
                values[obj.op.name] = self._reader.get_tensor(key)
        return values

    def _unmatched_python(self) -> list[Variable]:
        """The variables the root reaches that no checkpoint object matched. One matched
        to an object without a value counts as matched and stays uninitialized, as in TF
        (pinned: `variable_at_an_object_without_value`)."""
        matched = {id(o) for o in _matched(self._nodes, self._root).values()}
        return [v for v in _Graph(self._root).objects if _is_variable(v) and id(v) not in matched]

    def assert_consumed(self) -> CheckpointLoadStatus:
        matched = _matched(self._nodes, self._root)
        for k, node in enumerate(self._nodes):
            if node.get("attributes") and k not in matched:
                raise AssertionError(
                    f"Unresolved object in checkpoint {self._reader.prefix}: "
                    f"{_value_key(node)} has no matching Python object"
                )
        return self.assert_existing_objects_matched()

    def assert_existing_objects_matched(self) -> CheckpointLoadStatus:
        unused = self._unmatched_python()
        if unused:
            raise AssertionError(
                "Some Python objects were not bound to checkpointed values, likely due to "
                f"changes in the Python program: {[v.op.name for v in unused]}"
            )
        return self

    def assert_nontrivial_match(self) -> CheckpointLoadStatus:
        if len(_matched(self._nodes, self._root)) <= 1:
            raise AssertionError(
                "Nothing except the root object matched a checkpointed value. Typically this "
                "means that the checkpoint does not match the Python program."
            )
        return self

    def expect_partial(self) -> CheckpointLoadStatus:
        return self

    def run_restore_ops(self, session: Any = None) -> None:
        _assign(_session(session), self._values())

    def initialize_or_restore(self, session: Any = None) -> None:
        session = _session(session)
        values = self._values()
        _initialize(session, [v for v in self._unmatched_python() if v.op.name not in values])
        _assign(session, values)


class InitializationOnlyStatus:
    """What `restore(None)` returns: `initialize_or_restore` initializes every variable
    the root reaches; there is nothing to assert."""

    def __init__(self, root: Any):
        self._root = root

    def _nothing(self) -> None:
        raise AssertionError("No checkpoint specified (save_path=None); nothing is being restored.")

    def assert_consumed(self) -> None:
        self._nothing()

    def assert_existing_objects_matched(self) -> None:
        self._nothing()

    def assert_nontrivial_match(self) -> None:
        self._nothing()

    def expect_partial(self) -> InitializationOnlyStatus:
        return self

    def run_restore_ops(self, session: Any = None) -> None:
        """Nothing to restore (TF's: use initialize_or_restore)."""

    def initialize_or_restore(self, session: Any = None) -> None:
        objects = _Graph(self._root).objects
        _initialize(_session(session), [v for v in objects if _is_variable(v)])


class NameBasedSaverStatus(CheckpointLoadStatus):
    """A checkpoint without an object graph (a `tf.train.Saver`'s): restored by the
    variables' names, as TF does."""

    def __init__(self, root: Any, reader: Any):
        super().__init__(root, reader, [])

    def _values(self) -> dict[str, np.ndarray]:
        values = {}
        for var in self._variables():  # all or nothing: the save counter too, as TF's
            _check_entry(self._reader, var.op.name, var, var.static_shape)
            values[var.op.name] = self._reader.get_tensor(var.op.name)
        return values

    def _variables(self) -> list[Variable]:
        return [v for v in _Graph(self._root).objects if _is_variable(v)]

    def _unmatched_python(self) -> list[Variable]:
        return [v for v in self._variables() if not self._reader.has_tensor(v.op.name)]

    def assert_consumed(self) -> NameBasedSaverStatus:
        self.assert_existing_objects_matched()
        return self

    def assert_nontrivial_match(self) -> NameBasedSaverStatus:
        return self


# -- tf.train.Checkpoint -----------------------------------------------------------------------


class Checkpoint:
    """`tf.train.Checkpoint(**kwargs)` (and `tf.compat.v1.train.Checkpoint`) in graph mode:
    saves and restores the objects given and what they reach, by path."""

    def __init__(self, **kwargs: Any):
        # TF1's Checkpoint has no `root` argument: `root=` is a dependency like any other.
        deps = dict(kwargs)
        for name, value in deps.items():
            if name == "save_counter":
                raise error("INVALID_ATTR", "`save_counter` is reserved in a Checkpoint")
            object.__setattr__(self, name, _checked(name, value))
        # Sorted by name, as TF tracks the keyword arguments; save_counter comes last.
        self.__dict__["_deps"] = sorted(deps.items())
        self.__dict__["_save_counter"] = None

    def __setattr__(self, name: str, value: Any) -> None:
        if not name.startswith("_") and _trackable(value):
            self._deps = [(n, v) for n, v in self._deps if n != name] + [(name, value)]
        object.__setattr__(self, name, value)

    def _dependencies(self) -> list[tuple[str, Any]]:
        deps = list(self._deps)
        if self._save_counter is not None:
            deps.append(("save_counter", self._save_counter))
        return deps

    @property
    def save_counter(self) -> Variable:
        """The int64 variable `save_counter`, made on first use (saves number after it)."""
        if self._save_counter is None:
            from .. import dtypes
            from ..graph import get_default_graph

            # In the graph of the variables it saves with (TF's default graph, where a
            # TF program builds them; a graphgate one may build them in another).
            tracked = [v for v in _Graph(self).objects if _is_variable(v)]
            graph = tracked[0].graph if tracked else get_default_graph()
            with graph.as_default(), graph.control_dependencies(None), graph.name_scope(None):
                counter = Variable(
                    np.int64(0), trainable=False, name="save_counter", dtype=dtypes.int64
                )
            self.__dict__["_save_counter"] = counter
        return self._save_counter

    def write(self, file_prefix: str, session: Any = None, options: Any = None) -> str:
        """Write the checkpoint at `file_prefix` itself (no number, no `checkpoint`
        file) and return it."""
        _write(_Graph(self), file_prefix, _session(session))
        return file_prefix

    def _next_number(self, session: Any) -> int:
        counter = self.save_counter
        current = session.get_variables().get(counter.op.name)
        if current is None:  # TF runs the new counter's initializer first, too
            session.run(counter.initializer)
            current = 0
        number = int(current) + 1
        _assign(session, {counter.op.name: np.int64(number)})  # a RemoteSession's too
        return number

    def save(self, file_prefix: str, session: Any = None, options: Any = None) -> str:
        """Write `<file_prefix>-<n>` (n the incremented `save_counter`), record it in the
        directory's `checkpoint` file, and return it."""
        session = _session(session)
        path = self.write(f"{file_prefix}-{self._next_number(session)}", session)
        update_checkpoint_state(
            os.path.dirname(file_prefix) or ".", path, [path], save_relative_paths=True
        )
        return path

    def restore(self, save_path: str | None, options: Any = None) -> Any:
        """A status whose `run_restore_ops`/`initialize_or_restore` restore the objects
        from `save_path` (None: initialize them)."""
        if save_path is None:
            return InitializationOnlyStatus(self)
        if not checkpoint_exists(save_path):
            raise _not_found(
                f"Unsuccessful TensorSliceReader constructor: Failed to find any matching "
                f"files for {save_path}",
                save_path,
            )
        self.save_counter  # noqa: B018 (made, so its value is restored as TF's is)
        reader = CheckpointReader(save_path)
        nodes = read_object_graph(reader)
        if nodes is None:
            return NameBasedSaverStatus(self, reader)
        return CheckpointLoadStatus(self, reader, nodes)


def _write(graph: _Graph, file_prefix: str, session: Any) -> None:
    values: dict[str, Any] = _values_of(session, graph.variables())
    values[OBJECT_GRAPH_KEY] = np.array(graph.serialized(), dtype=object)
    # TF's SaveV2 makes every missing directory of the prefix.
    os.makedirs(os.path.dirname(file_prefix) or ".", exist_ok=True)
    # Its data file holds the values in object order, the object graph last.
    write_bundle(file_prefix, values, in_order=True)


def save_weights(model: Any, file_prefix: str, session: Any) -> None:
    """Keras' `save_weights` in TF's format: an object-based checkpoint rooted at the
    model (which also names itself `root`), recorded in the directory's `checkpoint`."""
    _write(_Graph(model, root_alias="root"), file_prefix, session)
    update_checkpoint_state(
        os.path.dirname(file_prefix) or ".", file_prefix, [file_prefix], save_relative_paths=True
    )


def load_weights(model: Any, file_prefix: str, session: Any) -> bool:
    """Keras' `load_weights` of an object-based checkpoint: the model's variables
    restored by path, as tf_keras does (something must match); False for a checkpoint
    without an object graph."""
    if not checkpoint_exists(file_prefix):
        return False
    reader = CheckpointReader(file_prefix)
    nodes = read_object_graph(reader)
    if nodes is None:
        return False
    status = CheckpointLoadStatus(model, reader, nodes)
    status.assert_nontrivial_match()
    if _unreadable_optimizer_state(model, nodes):
        if model.__dict__.get("optimizer") is not None:
            raise _optimizer_state_refused(file_prefix)
        # tf_keras restores it into the optimizer `compile` makes later: refused there.
        model.__dict__["_unread_optimizer_state"] = file_prefix
    status.run_restore_ops(session)
    return True


def _unreadable_optimizer_state(model: Any, nodes: list[dict[str, Any]]) -> bool:
    """Whether the checkpoint holds a model optimizer's state graphgate cannot restore
    into `model` (a Keras optimizer's; a `tf.train` optimizer's is restored)."""
    from ..keras.optimizers import TFOptimizer

    if isinstance(model.__dict__.get("optimizer"), TFOptimizer):
        return False
    for ref in nodes[0].get("children", []):
        if ref.get("local_name") == "optimizer":
            node = nodes[ref.get("node_id", 0)]
            return bool(node.get("has_checkpoint_values", {}).get("value"))
    return False


def optimizer_state_refused(model: Any) -> None:
    """Refuse to compile a model whose loaded weights came with a Keras optimizer's state
    (tf_keras would train on from it; graphgate would start afresh: other numbers)."""
    pending = model.__dict__.get("_unread_optimizer_state")
    if pending is not None:
        raise _optimizer_state_refused(pending)


def _optimizer_state_refused(path: str) -> Exception:
    return error(
        "UNIMPLEMENTED",
        f"the weights in {path} hold a Keras optimizer's state (iterations, moments), "
        "which tf_keras restores into the model's optimizer; graphgate's Keras optimizers "
        "cannot take it, and training on without it would not be TF's numbers. Load "
        "these weights into an uncompiled model for inference, or save them without the "
        "optimizer (an uncompiled model's save_weights)",
    )


# -- tf.train.CheckpointManager ----------------------------------------------------------------


class CheckpointManager:
    """`tf.train.CheckpointManager`: numbered saves of one Checkpoint in a directory,
    the oldest beyond `max_to_keep` deleted (one per `keep_checkpoint_every_n_hours`
    kept), the directory's `checkpoint` file (with timestamps) kept as TF's."""

    def __init__(
        self,
        checkpoint: Checkpoint,
        directory: str,
        max_to_keep: int | None,
        keep_checkpoint_every_n_hours: float | None = None,
        checkpoint_name: str = "ckpt",
        step_counter: Any = None,
        checkpoint_interval: Any = None,
        init_fn: Any = None,
    ):
        if max_to_keep is not None and max_to_keep <= 0:
            raise error(
                "INVALID_ATTR",
                f"Expected a positive integer or `None` for `max_to_keep`, got {max_to_keep}.",
            )
        if checkpoint_interval is not None:
            raise error("UNIMPLEMENTED", "CheckpointManager(checkpoint_interval=...)")
        self._checkpoint = checkpoint
        self._max_to_keep = max_to_keep
        self._keep_hours = keep_checkpoint_every_n_hours
        self._directory = directory
        self._prefix = os.path.join(directory, checkpoint_name)
        self._init_fn = init_fn
        self._maybe_delete: OrderedDict[str, float] = OrderedDict()
        self._recover(time.time())

    def _recover(self, now: float) -> None:
        """Take over the checkpoints the directory's state file lists (TF's rule)."""
        state = get_checkpoint_state(self._directory)
        if state is None:
            self._latest = None
            self._last_preserved = now - 1
            return
        self._latest = state.model_checkpoint_path
        self._last_preserved = min(state.last_preserved_timestamp, now)
        paths = state.all_model_checkpoint_paths
        stamps = state.all_model_checkpoint_timestamps or [self._last_preserved] * len(paths)
        for path, stamp in zip(paths, stamps, strict=False):
            if min(stamp, now) > self._last_preserved:
                self._maybe_delete[path] = min(stamp, now)

    @property
    def directory(self) -> str:
        return self._directory

    @property
    def checkpoint_interval(self) -> None:
        return None

    @property
    def latest_checkpoint(self) -> str | None:
        return self._latest

    @property
    def checkpoints(self) -> list[str]:
        """The checkpoints kept and not yet preserved, oldest first."""
        return list(self._maybe_delete)

    def save(
        self,
        checkpoint_number: Any = None,
        check_interval: bool = True,
        options: Any = None,
        session: Any = None,
    ) -> str:
        """Save as `<directory>/<checkpoint_name>-<n>` (n `checkpoint_number`, an int or a
        variable's value, else the incremented save counter) and sweep old ones."""
        session = _session(session)
        counter = self._checkpoint._next_number(session)
        if checkpoint_number is None:
            number = counter
        elif isinstance(checkpoint_number, int | np.integer):
            number = int(checkpoint_number)
        else:
            number = int(session.run(checkpoint_number))
        path = self._checkpoint.write(f"{self._prefix}-{number}", session)
        self._maybe_delete.pop(path, None)
        self._maybe_delete[path] = time.time()
        self._latest = path
        self._record()
        self._sweep()
        self._record()
        return path

    def _record(self) -> None:
        update_checkpoint_state(
            self._directory,
            self._latest,
            list(self._maybe_delete),
            all_model_checkpoint_timestamps=list(self._maybe_delete.values()),
            last_preserved_timestamp=self._last_preserved,
            save_relative_paths=True,
        )

    def _sweep(self) -> None:
        if not self._max_to_keep:
            return
        while len(self._maybe_delete) > self._max_to_keep:
            path, stamp = self._maybe_delete.popitem(last=False)
            if self._keep_hours and stamp - self._keep_hours * 3600 >= self._last_preserved:
                self._last_preserved = stamp
                continue
            delete_checkpoint(path)

    def restore_or_initialize(self) -> str | None:
        """The latest checkpoint (None without one, after `init_fn()` if given). As TF's
        in graph mode, the restore's status is dropped: nothing is assigned or
        initialized (pinned); restore with `checkpoint.restore(...)` to run its ops."""
        if self._latest is not None:
            self._checkpoint.restore(self._latest)
            return self._latest
        if self._init_fn is not None:
            self._init_fn()
        return None


__all__ = ["Checkpoint", "CheckpointManager", "object_graph_names"]
