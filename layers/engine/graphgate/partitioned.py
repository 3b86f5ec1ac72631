"""TF1's partitioned variables: `get_variable(partitioner=...)` makes one variable per
slice along an axis (`<name>/part_<i>`), held by a `PartitionedVariable` that ops take
as the slices concatenated, and `embedding_lookup` as its list of shards."""

from __future__ import annotations

import math
from typing import Any

from . import dtypes as _dt
from .errors import error
from .graph import DenseConvertible, Graph, Tensor, TensorShape


class PartitionInfo:
    """Where a slice sits in its whole variable: what initializers take as
    `partition_info` (variance scaling reads the whole shape's fans from it)."""

    def __init__(self, full_shape: list[int], var_offset: list[int]):
        self.full_shape, self.var_offset = list(full_shape), list(var_offset)

    def single_offset(self, shape: list[int]) -> int:
        return self.var_offset[self.single_slice_dim(shape)]

    def single_slice_dim(self, shape: list[int]) -> int:
        dims = [i for i, (a, b) in enumerate(zip(shape, self.full_shape, strict=True)) if a != b]
        return dims[0] if dims else 0


class SaveSliceInfo:
    """Where a slice variable sits in the variable a checkpoint stores whole (TF's
    `Variable.SaveSliceInfo`): a Saver writes the slices under `full_name`, each with its
    `spec`, so a checkpoint holds one tensor whatever the partitioning."""

    def __init__(
        self,
        full_name: str | None = None,
        full_shape: Any = None,
        var_offset: Any = None,
        var_shape: Any = None,
        save_slice_info_def: Any = None,
        import_scope: Any = None,
    ):
        self.full_name = full_name
        self.full_shape = [int(d) for d in full_shape or ()]
        self.var_offset = [int(d) for d in var_offset or ()]
        self.var_shape = [int(d) for d in var_shape or ()]

    @property
    def spec(self) -> str:
        """TF's shape-and-slice string: `"5 3 0,2:0,3"` (full shape, then start,length of
        each dimension)."""
        full = " ".join(str(d) for d in self.full_shape)
        extents = ":".join(f"{o},{n}" for o, n in zip(self.var_offset, self.var_shape, strict=True))
        return f"{full} {extents}"

    @classmethod
    def from_spec(cls, full_name: str, spec: str) -> SaveSliceInfo:
        """The info a spec string describes; INVALID_ATTR for one that is not a spec."""
        *full, extents = spec.split(" ") if isinstance(spec, str) else [""]
        try:
            pairs = [tuple(int(n) for n in e.split(",")) for e in extents.split(":")]
            shape = [int(d) for d in full]
            if len(pairs) != len(shape) or any(len(p) != 2 for p in pairs):
                raise ValueError
        except ValueError:
            raise error("INVALID_ATTR", f"{spec!r} is not a slice spec of {full_name}") from None
        return cls(full_name, shape, [p[0] for p in pairs], [p[1] for p in pairs])

    def __repr__(self) -> str:
        return f"SaveSliceInfo({self.full_name!r}, {self.spec!r})"


class PartitionedVariable(DenseConvertible):
    """The slices of one variable; iterable, and dense as their concatenation."""

    def __init__(self, name: str, shape: list[int], dtype: Any, parts: list, axis: int):
        self._name, self._shape, self._dtype = name, list(shape), _dt.as_dtype(dtype)
        self._parts, self._axis = list(parts), axis

    @property
    def graph(self) -> Graph:
        return self._parts[0].op.graph

    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self) -> Any:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._shape)

    def get_shape(self) -> TensorShape:
        return self.shape

    def __iter__(self):
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)

    def _get_variable_list(self) -> list:
        return list(self._parts)

    def _partition_axes(self) -> list[int]:
        return [self._axis]

    def as_tensor(self) -> Tensor:
        return self._as_dense_tensor()

    def _as_dense_tensor(self, dtype: Any = None, name: str | None = None) -> Tensor:
        from .ops.array_ops import concat

        if dtype is not None and _dt.as_dtype(dtype) != self._dtype:
            raise error(
                "DTYPE_MISMATCH", f"expected {_dt.as_dtype(dtype).name}, got {self._dtype.name}"
            )
        graph = self.graph
        with graph.as_default(), graph.name_scope(self._name + "/ConcatPartitions/"):
            return concat(self._parts, self._axis, name=name or "concat")

    def __repr__(self) -> str:
        return f"<gg.PartitionedVariable {self._name!r} shape={self._shape} parts={len(self)}>"


def slices(
    full_shape: list[int], partitions: list[int]
) -> tuple[int, list[list[int]], list[list[int]]]:
    """(axis, each slice's shape, each slice's offset) as TF splits: the first slices one
    longer when the axis does not divide evenly."""
    cut = [i for i, p in enumerate(partitions) if p > 1]
    if len(cut) > 1:
        raise error(
            "INVALID_ATTR", f"can only slice a variable along one dimension, got {partitions}"
        )
    axis = cut[0] if cut else 0
    n = partitions[axis]
    base, extra = divmod(full_shape[axis], n)
    shapes, offsets, at = [], [], 0
    for i in range(n):
        size = base + (1 if i < extra else 0)
        shape = list(full_shape)
        shape[axis] = size
        offset = [0] * len(full_shape)
        offset[axis] = at
        shapes.append(shape)
        offsets.append(offset)
        at += size
    return axis, shapes, offsets


def check_partitions(partitions: Any, shape: list[int]) -> list[int]:
    parts = [int(p) for p in partitions]
    if len(parts) != len(shape) or any(p < 1 for p in parts):
        raise error(
            "INVALID_ATTR", f"partitions {parts} must be positive, one per dimension of {shape}"
        )
    if any(p > d for p, d in zip(parts, shape, strict=True)):
        raise error("INVALID_ATTR", f"partitions {parts} cannot exceed the shape {shape}")
    return parts


def _element_size(dtype: Any, bytes_per_string_element: int) -> int:
    dtype = _dt.as_dtype(dtype)
    return bytes_per_string_element if dtype == _dt.string else dtype.size


def fixed_size_partitioner(num_shards: int, axis: int = 0):
    """Partitions `axis` into `num_shards` slices (fewer when the axis is shorter)."""

    def partitioner(shape: Any, **unused: Any) -> list[int]:
        dims = TensorShape(shape).as_list()
        out = [1] * len(dims)
        out[axis] = min(num_shards, dims[axis])
        return out

    return partitioner


def variable_axis_size_partitioner(
    max_shard_bytes: int, axis: int = 0, bytes_per_string_element: int = 16, max_shards: Any = None
):
    """As many slices of `axis` as keep each under `max_shard_bytes`."""
    if max_shard_bytes < 1 or bytes_per_string_element < 1:
        raise error("INVALID_ATTR", "max_shard_bytes and bytes_per_string_element must be positive")
    if max_shards and max_shards < 1:  # TF lets 0 (falsy) mean no limit
        raise error("INVALID_ATTR", "max_shards must be positive")

    def partitioner(shape: Any, dtype: Any) -> list[int]:
        dims = TensorShape(shape).as_list()
        if None in dims:
            raise error("INVALID_ATTR", f"shape {dims} must be fully defined")
        per_slice = (
            1.0 * (math.prod(dims) / dims[axis]) * _element_size(dtype, bytes_per_string_element)
        )
        slices_per_shard = max(1, math.floor(max_shard_bytes / per_slice))
        shards = math.ceil(1.0 * dims[axis] / slices_per_shard)
        if max_shards:
            shards = min(max_shards, shards)
        out = [1] * len(dims)
        out[axis] = shards
        return out

    return partitioner


def min_max_variable_partitioner(
    max_partitions: int = 1,
    axis: int = 0,
    min_slice_size: int = 256 << 10,
    bytes_per_string_element: int = 16,
):
    """Slices of at least `min_slice_size` bytes, at most `max_partitions` of them."""

    def partitioner(shape: Any, dtype: Any) -> list[int]:
        dims = TensorShape(shape).as_list()
        if axis >= len(dims):
            raise error(
                "INVALID_ATTR", f"cannot partition axis {axis} of a rank-{len(dims)} variable"
            )
        total = math.prod(dims) * _element_size(dtype, bytes_per_string_element)
        out = [1] * len(dims)
        out[axis] = max(1, min(dims[axis], max_partitions, math.ceil(total / min_slice_size)))
        return out

    return partitioner
