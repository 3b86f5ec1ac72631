"""TF's mutable lookup tables (`tf.lookup.experimental.MutableHashTable`, `DenseHashTable`;
TF1's `tf.contrib.lookup.MutableHashTable`, `MutableDenseHashTable`): a table that runs
insert into, remove from, look up and export, its contents session state as a static
table's (ops/lookup_ops.py), made empty by the first run that uses it in a session.

Values are scalars or tensors of one shape (the default value's). TF's export order is
its hash map's; graphgate's is the order keys were first inserted (a dense table's
export, TF's bucket array, is refused). graphgate's Saver does
not save a table's contents (TF's saves them beside the variables): a Saver that would
have to is refused (UNIMPLEMENTED) rather than writing a checkpoint without them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Operation, Tensor, convert_to_tensor, get_default_graph
from ..variable_scope import GraphKeys
from .lookup_ops import _check_table, _key, _table_infer
from .registry import InferenceError, not_differentiable, register_op


class TableState:
    """One session's mutable table: key to value (a Python scalar, or an array of
    `value_shape`), and the keys a dense table reserves (empty, deleted)."""

    def __init__(self, value_shape: tuple, reserved: tuple):
        self.contents: dict = {}
        self.value_shape, self.reserved = value_shape, reserved

    def check(self, keys: np.ndarray, op: Operation) -> None:
        for which, reserved in zip(("empty_key", "deleted_key"), self.reserved, strict=False):
            if np.any(keys == reserved):
                raise error(
                    "COMPUTE_ERROR",
                    f"Using the {which} as a table key is not allowed",
                    node=op.name,
                )


def _value_shape(op: Operation) -> tuple:
    shape = op.attrs.get("value_shape")
    return () if shape is None else tuple(shape)


def _handle(op: Operation, reserved_inputs: bool):
    handle = op.attrs.get("shared_name") or op.name
    shape = _value_shape(op)

    def kernel(state, *reserved):
        if _key(handle) not in state.rngs:
            keys = tuple(np.asarray(r).item() for r in reserved) if reserved_inputs else ()
            state.rngs[_key(handle)] = TableState(shape, keys)
        return handle

    return kernel


_TABLE_ATTRS = {
    "key_dtype": ("dtype", _dt.string),
    "value_dtype": ("dtype", _dt.float32),
    "shared_name": ("str", ""),
    "container": ("str", ""),
    "use_node_name_sharing": ("bool", False),
}
_TENSOR_ATTRS = {**_TABLE_ATTRS, "value_shape": ("shape", ())}

register_op(
    "MutableHashTableV2",
    arity=0,
    infer=_table_infer,
    attrs=_TABLE_ATTRS,
    stateful=True,
    needs_state=True,
)(lambda op: _handle(op, False))
register_op(
    "MutableHashTableOfTensorsV2",
    arity=0,
    infer=_table_infer,
    attrs=_TENSOR_ATTRS,
    stateful=True,
    needs_state=True,
)(lambda op: _handle(op, False))


def _dense_infer(shapes, types, attrs):
    if types[0] != attrs["key_dtype"] or types[1] != attrs["key_dtype"]:
        raise InferenceError("DTYPE_MISMATCH", "empty_key and deleted_key are of the key dtype")
    return _table_infer(shapes, types, attrs)


register_op(
    "MutableDenseHashTableV2",
    arity=2,
    infer=_dense_infer,
    attrs={
        **_TENSOR_ATTRS,
        "initial_num_buckets": ("int", 131072),
        "max_load_factor": ("float", 0.8),
    },
    stateful=True,
    needs_state=True,
)(lambda op: _handle(op, True))


def _table(state, handle: str, op: Operation) -> TableState:
    found = state.rngs.get(_key(handle))
    if not isinstance(found, TableState):
        raise error("COMPUTE_ERROR", f"{op.name} needs a mutable table", node=op.name)
    return found


def _rows(keys: np.ndarray, values: np.ndarray, shape: tuple, op: Operation) -> list:
    """The values, one per key, checked to be of shape keys.shape + value_shape."""
    if values.shape != keys.shape + shape:
        raise error(
            "COMPUTE_ERROR",
            f"Expected shape {list(keys.shape + shape)} for argument 'values', got "
            f"{list(values.shape)}",
            node=op.name,
        )
    flat = values.reshape((keys.size, *shape))
    # numpy scalars, not Python floats: a float32 subnormal's conversion to a Python float
    # and back is flushed by the run's modes, where TF's table copies its bits.
    return [v.copy() for v in flat] if shape else list(flat)


def _update_infer(shapes, types, attrs):
    _check_table(shapes[0], types[0], "input 0")
    return []


@register_op(
    "LookupTableInsertV2",
    arity=3,
    infer=_update_infer,
    stateful=True,
    side_effects=True,
    needs_state=True,
)
def _insert(op):
    def kernel(state, handle, keys, values):
        table = _table(state, handle, op)
        keys = np.asarray(keys)
        table.check(keys, op)
        rows = _rows(keys, np.asarray(values), table.value_shape, op)
        table.contents.update(zip(keys.reshape(-1).tolist(), rows, strict=True))

    return kernel


@register_op(
    "LookupTableRemoveV2",
    arity=2,
    infer=_update_infer,
    stateful=True,
    side_effects=True,
    needs_state=True,
)
def _remove(op):
    def kernel(state, handle, keys):
        table = _table(state, handle, op)
        keys = np.asarray(keys)
        table.check(keys, op)
        for k in keys.reshape(-1).tolist():
            table.contents.pop(k, None)

    return kernel


def _export_infer(shapes, types, attrs):
    _check_table(shapes[0], types[0], "input 0")
    return [((None,), attrs["Tkeys"]), (None, attrs["Tvalues"])]


@register_op(
    "LookupTableExportV2",
    arity=1,
    infer=_export_infer,
    attrs={"Tkeys": ("dtype", _dt.string), "Tvalues": ("dtype", _dt.float32)},
    stateful=True,
    needs_state=True,
)
def _export(op):
    key_type = op.outputs[0].dtype.dtype
    value_type = op.outputs[1].dtype.dtype

    def kernel(state, handle):
        table = _table(state, handle, op)
        keys = np.empty(len(table.contents), key_type)
        keys[:] = list(table.contents)
        values = np.empty((len(table.contents), *table.value_shape), value_type)
        for i, v in enumerate(table.contents.values()):
            values[i] = v
        return keys, values

    return kernel


not_differentiable(
    "MutableHashTableV2",
    "MutableHashTableOfTensorsV2",
    "MutableDenseHashTableV2",
    "LookupTableInsertV2",
    "LookupTableRemoveV2",
    "LookupTableExportV2",
)


def find(state, handle: str, keys: np.ndarray, default: np.ndarray, op: Operation, out):
    """LookupTableFindV2 of a mutable table: each key's value, or the default (one for
    all, of the value shape, or one per key, of the result's shape)."""
    table = state.rngs.get(_key(handle))
    table.check(keys, op)
    shape = table.value_shape
    result = np.empty(keys.shape + shape, out)
    if default.shape == keys.shape + shape and (shape or default.shape):
        defaults = default.reshape((keys.size, *shape))
    elif default.shape == shape:
        defaults = None
    else:
        raise error(
            "COMPUTE_ERROR",
            f"Expected shape {list(shape)} or {list(keys.shape + shape)} for argument "
            f"'default_value', got {list(default.shape)}",
            node=op.name,
        )
    flat = result.reshape((keys.size, *shape))
    for i, k in enumerate(keys.reshape(-1).tolist()):
        found = table.contents.get(k)
        flat[i] = found if found is not None else (default if defaults is None else defaults[i])
    return result


# -- the Python API ---------------------------------------------------------------------------


class MutableHashTable:
    """TF's `tf.lookup.experimental.MutableHashTable` (TF1's `contrib.lookup`): an empty
    table that `insert`, `remove`, `lookup`, `export` and `size` build ops on; values are
    of `default_value`'s shape."""

    _TYPE = "MutableHashTableV2"

    def __init__(
        self,
        key_dtype: Any,
        value_dtype: Any,
        default_value: Any,
        name: str = "MutableHashTable",
        checkpoint: bool = True,
        experimental_is_anonymous: bool = False,
    ):
        self.key_dtype, self.value_dtype = _dt.as_dtype(key_dtype), _dt.as_dtype(value_dtype)
        self._name = name
        self._default_value = convert_to_tensor(default_value, self.value_dtype)
        shape = self._default_value.static_shape
        self._value_shape = tuple(shape)
        graph = get_default_graph()
        attrs: dict[str, Any] = {"key_dtype": self.key_dtype, "value_dtype": self.value_dtype}
        attrs["use_node_name_sharing"] = bool(checkpoint)
        self.resource_handle = self._create(graph, attrs)
        if checkpoint:
            graph.add_to_collection(GraphKeys.SAVEABLE_OBJECTS, self)

    def _create(self, graph, attrs: dict) -> Tensor:
        op_type = self._TYPE
        if self._value_shape:
            op_type = "MutableHashTableOfTensorsV2"
            attrs["value_shape"] = self._value_shape
        return graph.create_op(op_type, (), attrs, self._name).outputs[0]

    @property
    def name(self) -> str:
        return self._name

    def _keys(self, keys: Any) -> Tensor:
        keys = convert_to_tensor(keys, self.key_dtype if not isinstance(keys, Tensor) else None)
        if keys.dtype != self.key_dtype:
            raise error(
                "DTYPE_MISMATCH",
                f"Dtype of argument `keys` must be {self.key_dtype}, received: {keys.dtype}",
                also=(ValueError,),  # TF's conversion of a tensor of another dtype
            )
        return keys

    def _scope(self, name, default: str):
        return self.resource_handle.op.graph.name_scope(name, f"{self._name}_{default}")

    def size(self, name: str | None = None) -> Tensor:
        with self._scope(name, "Size"):
            return self._create_op(
                "LookupTableSizeV2", (self.resource_handle,), "LookupTableSizeV2"
            )

    def lookup(self, keys: Any, dynamic_default_values: Any = None, name=None) -> Tensor:
        """The values of `keys`, the default (or the key's own in
        `dynamic_default_values`) where absent: of shape keys.shape + the value shape."""
        with self._scope(name, "lookup_table_find"):
            keys = self._keys(keys)
            default = self._default_value
            if dynamic_default_values is not None:
                default = convert_to_tensor(dynamic_default_values, self.value_dtype)
            ins = (self.resource_handle, keys, default)
            out = self._create_op("LookupTableFindV2", ins, "LookupTableFindV2")
            if keys.static_shape is not None:
                out.set_shape([*keys.static_shape, *self._value_shape])
            return out

    def insert(self, keys: Any, values: Any, name: str | None = None) -> Operation:
        """An op that sets each key's value (`values` of shape keys.shape + the value
        shape)."""
        with self._scope(name, "lookup_table_insert"):
            keys = self._keys(keys)
            values = convert_to_tensor(values, self.value_dtype, "values")
            graph = self.resource_handle.op.graph
            ins = (self.resource_handle, keys, values)
            return graph.create_op("LookupTableInsertV2", ins, None, "LookupTableInsertV2")

    def remove(self, keys: Any, name: str | None = None) -> Operation:
        """An op that removes `keys` (those absent are ignored)."""
        with self._scope(name, "lookup_table_remove"):
            keys = self._keys(keys)
            graph = self.resource_handle.op.graph
            ins = (self.resource_handle, keys)
            return graph.create_op("LookupTableRemoveV2", ins, None, "LookupTableRemoveV2")

    def export(self, name: str | None = None) -> tuple[Tensor, Tensor]:
        """(keys, values) of the whole table (graphgate's order: first insertion)."""
        with self._scope(name, "lookup_table_export_values"):
            graph = self.resource_handle.op.graph
            attrs = {"Tkeys": self.key_dtype, "Tvalues": self.value_dtype}
            op = graph.create_op(
                "LookupTableExportV2", (self.resource_handle,), attrs, "LookupTableExportV2"
            )
            op.outputs[1].set_shape([None, *self._value_shape])
            return op.outputs[0], op.outputs[1]

    def _create_op(self, op_type: str, inputs: tuple, name: str) -> Tensor:
        graph = self.resource_handle.op.graph
        return graph.create_op(op_type, inputs, None, name).outputs[0]


class DenseHashTable(MutableHashTable):
    """TF's `tf.lookup.experimental.DenseHashTable` (TF1's
    `contrib.lookup.MutableDenseHashTable`): a mutable table that reserves two keys,
    `empty_key` and `deleted_key`, which may be neither inserted nor looked up."""

    def __init__(
        self,
        key_dtype: Any,
        value_dtype: Any,
        default_value: Any,
        empty_key: Any,
        deleted_key: Any,
        initial_num_buckets: int | None = None,
        name: str = "MutableDenseHashTable",
        checkpoint: bool = True,
        experimental_is_anonymous: bool = False,
    ):
        self._empty_key, self._deleted_key = empty_key, deleted_key
        self._buckets = initial_num_buckets
        super().__init__(key_dtype, value_dtype, default_value, name, checkpoint)

    def _create(self, graph, attrs: dict) -> Tensor:
        with graph.as_default():
            empty = convert_to_tensor(self._empty_key, self.key_dtype, "empty_key")
            deleted = convert_to_tensor(self._deleted_key, self.key_dtype, "deleted_key")
        attrs["value_shape"] = self._value_shape
        if self._buckets is not None:
            attrs["initial_num_buckets"] = int(self._buckets)
        op = graph.create_op("MutableDenseHashTableV2", (empty, deleted), attrs, self._name)
        return op.outputs[0]

    def lookup(self, keys: Any, name: str | None = None) -> Tensor:
        return super().lookup(keys, name=name)

    def export(self, name: str | None = None) -> tuple[Tensor, Tensor]:
        """Refused: TF exports its whole bucket array (empty buckets holding `empty_key`),
        in a layout of its hash function graphgate does not reproduce."""
        raise error(
            "UNIMPLEMENTED",
            "DenseHashTable.export gives TF's bucket array, whose layout graphgate does not "
            "reproduce; look the keys up instead",
        )

    def insert_or_assign(self, keys: Any, values: Any, name: str | None = None) -> Operation:
        return self.insert(keys, values, name)

    def erase(self, keys: Any, name: str | None = None) -> Operation:
        return self.remove(keys, name)


MutableDenseHashTable = DenseHashTable
