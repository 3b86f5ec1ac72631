"""`gg.data`: TF1's `tf.data` in graph mode — datasets, their transformations and iterators.

A `Dataset` is a `variant` tensor (the output of a dataset op, ops/dataset_ops.py) with
the element's structure, dtypes and static shapes. Nested structures follow tf.data:
tuples and dicts (and namedtuples) are structure, lists and arrays are values (one
tensor). Functions given to `map`, `filter`, `flat_map` and `interleave` are traced once
into graph ops; they receive a tuple element unpacked into arguments, as TF does.
Iterators keep their position in the session that runs them.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from typing import Any

import numpy as np

from . import dtypes as _dt
from .data_options import (
    AutoShardPolicy,
    AutotuneOptions,
    DistributeOptions,
    OptimizationOptions,
    Options,
    ThreadingOptions,
    merged,
    serialized,
)
from .errors import error
from .graph import Operation, Tensor, TensorShape, convert_to_tensor, get_default_graph
from .ops import control_flow_ops as _cf
from .ops import dataset_ops as _ops
from .ops import dataset_window_ops as _window_ops  # noqa: F401 - registers its ops
from .ops import script_ops as _script
from .ops.random_ops import get_seed
from .sparse_tensor import SparseTensor, SparseTensorValue, with_static
from .sparse_tensor import convert as sparse_convert

__all__ = [
    "Dataset",
    "DatasetSpec",
    "Iterator",
    "Options",
    "ThreadingOptions",
    "experimental",
    "get_output_classes",
    "get_output_shapes",
    "get_output_types",
    "make_initializable_iterator",
    "make_one_shot_iterator",
]

_INT64_MAX = np.iinfo(np.int64).max


# -- structures: tuples and dicts nest, everything else is one component ---------------------


def _is_structure(x: Any) -> bool:
    # A SparseTensorValue is a namedtuple but one (sparse) value, as in tf.data.
    return isinstance(x, dict | tuple) and not isinstance(x, SparseTensorValue)


class SparseSpec:
    """A structure's leaf that is a SparseTensor: its static dense shape and values dtype.
    Its one component is a variant holding the three arrays (TF's representation), so
    batching, shuffling and iterating treat it as any component; `from_tensor_slices`,
    `batch` and `unbatch` keep its dense shape here."""

    __slots__ = ("dtype", "shape")

    def __init__(self, shape: tuple | None, dtype: Any):
        self.shape = shape
        self.dtype = _dt.as_dtype(dtype)

    def reshaped(self, shape: tuple | None) -> SparseSpec:
        return SparseSpec(shape, self.dtype)


def _flatten(x: Any) -> list:
    if isinstance(x, dict):
        return [v for k in sorted(x) for v in _flatten(x[k])]
    if isinstance(x, tuple) and not isinstance(x, SparseTensorValue):
        return [v for item in x for v in _flatten(item)]
    return [x]


def _pack(structure: Any, flat: list) -> Any:
    it = iter(flat)

    def pack(s: Any) -> Any:
        if isinstance(s, dict):
            packed = {k: pack(s[k]) for k in sorted(s)}
            return {k: packed[k] for k in s}
        if _is_structure(s):
            items = [pack(v) for v in s]
            return type(s)(*items) if hasattr(s, "_fields") else tuple(items)
        return next(it)

    return pack(structure)


def _template(x: Any) -> Any:
    """`x`'s structure with None at the leaves (a SparseSpec where a leaf is sparse)."""
    return _pack(x, [_leaf_spec(v) for v in _flatten(x)])


def _leaf_spec(v: Any) -> SparseSpec | None:
    if isinstance(v, SparseSpec):
        return v
    if isinstance(v, SparseTensor):
        return SparseSpec(v.static_dense_shape, v.dtype)
    if isinstance(v, SparseTensorValue):  # a function's constant result, as it converts
        shape = tuple(int(d) for d in np.asarray(v.dense_shape).reshape(-1))
        return SparseSpec(shape, _dt.default_array(v.values).dtype)
    return None


def _leaves(structure: Any) -> list:
    """The structure's leaves in component order: None, or a SparseSpec."""
    return [v if isinstance(v, SparseSpec) else None for v in _flatten(structure)]


def _map_leaves(structure: Any, flat: list, dense: Callable, sparse: Callable) -> Any:
    """`structure` packed with `dense(x)` or `sparse(spec, x)` of each component `x`."""
    leaves = _leaves(structure)
    return _pack(
        structure,
        [dense(x) if sp is None else sparse(sp, x) for sp, x in zip(leaves, flat, strict=True)],
    )


def _sparse_of(spec: SparseSpec, t: Tensor) -> SparseTensor:
    """The SparseTensor a variant component holds (TF's DeserializeSparse)."""
    op = t.graph.create_op("DeserializeSparse", (t,), {"dtype": spec.dtype}, "DeserializeSparse")
    indices, values, shape = op.outputs
    if spec.shape is not None:
        indices.set_shape([None, len(spec.shape)])
        shape.set_shape([len(spec.shape)])
    return with_static(SparseTensor(indices, values, shape), spec.shape)


def _sparse_parts(spec: SparseSpec, indices: Tensor, values: Tensor, shape: Tensor) -> Any:
    return with_static(SparseTensor(indices, values, shape), spec.shape)


def _variant_of(sp: SparseTensor, many: bool = False) -> Tensor:
    """One variant holding `sp` (TF's SerializeSparse), or one per row along its first
    dimension (SerializeManySparse, for `from_tensor_slices`)."""
    op_type = "SerializeManySparse" if many else "SerializeSparse"
    return sp.values.graph.create_op(op_type, sp.components(), None, op_type).outputs[0]


def _serialized(result: Any) -> Any:
    """A function's result with each SparseTensor as a variant holding it."""
    flat = [
        _variant_of(sparse_convert(v)) if isinstance(v, SparseTensor | SparseTensorValue) else v
        for v in _flatten(result)
    ]
    return _pack(result, flat) if _is_structure(result) else flat[0]


def _same_structure(a: Any, b: Any) -> bool:
    if isinstance(a, SparseSpec) or isinstance(b, SparseSpec):
        return isinstance(a, SparseSpec) and isinstance(b, SparseSpec)
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and sorted(a) == sorted(b)
            and all(_same_structure(a[k], b[k]) for k in a)
        )
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (
            isinstance(a, tuple)
            and isinstance(b, tuple)
            and len(a) == len(b)
            and all(_same_structure(x, y) for x, y in zip(a, b, strict=True))
        )
    return True


def _as_component(value: Any, name: str) -> Tensor:
    if isinstance(value, Tensor):
        return value
    if isinstance(value, list) and any(isinstance(v, Tensor) for v in _deep(value)):
        from .ops.array_ops import stack

        return stack([_as_component(v, "component") for v in value], name=name)
    if isinstance(value, Operation):
        raise _invalid(f"a dataset element cannot hold an operation ({value.name})")
    return convert_to_tensor(value, name=name)


def _deep(value: list) -> list:
    out = []
    for v in value:
        out += _deep(v) if isinstance(v, list) else [v]
    return out


def _invalid(message: str) -> Exception:
    return error("INVALID_DATASET", message)


def _check_parallel_interleave(cycle_length: Any, num_parallel_calls: Any) -> None:
    """TF's parallel interleave refuses more parallel calls than a fixed cycle_length
    (InvalidArgumentError when run; refused here when built, the numbers being known)."""
    fixed = [v for v in (cycle_length, num_parallel_calls) if isinstance(v, int | np.integer)]
    if isinstance(num_parallel_calls, int | np.integer) and (
        num_parallel_calls == 0 or num_parallel_calls < -1
    ):
        raise _invalid("num_parallel_calls must be greater than zero.")
    if len(fixed) < 2 or -1 in fixed or num_parallel_calls <= cycle_length:
        return
    raise _invalid(
        "If `cycle_length` is set to a fixed value, `num_parallel_calls` must be either "
        "`tf.data.AUTOTUNE` or a value less than or equal to `cycle_length`. However, "
        f"`num_parallel_calls` is {num_parallel_calls} and `cycle_length` is {cycle_length}"
    )


def _shape(s: Any) -> tuple | None:
    """A shape given as a TensorShape, list or tuple (None or -1 for unknown dims)."""
    if isinstance(s, TensorShape):
        return None if s.dims is None else tuple(s.as_list())
    if s is None:
        return None
    dims = []
    for d in s:
        d = getattr(d, "value", d)
        dims.append(None if d is None or int(d) < 0 else int(d))
    return tuple(dims)


def _merge(a: tuple | None, b: tuple | None) -> tuple | None:
    """The most specific shape both `a` and `b` are (None dims where they differ)."""
    if a is None or b is None or len(a) != len(b):
        return None
    return tuple(x if x == y else None for x, y in zip(a, b, strict=True))


def _compatible(shape: tuple | None, spec: tuple | None) -> bool:
    if shape is None or spec is None:
        return True
    return len(shape) == len(spec) and all(
        a is None or b is None or a == b for a, b in zip(shape, spec, strict=True)
    )


def _fits_padding(shape: tuple, padded: tuple) -> bool:
    """TF's rule: no known padded dim smaller than the component's known dim."""
    return all(p is None or d is None or p >= d for d, p in zip(shape, padded, strict=True))


def _const(value: Any, dtype: Any, name: str) -> Tensor:
    """A scalar argument as TF converts it: a tensor of exactly `dtype`, or a value as
    `tf.constant` takes it (a Python float as an int64 is TypeError, even 2.0, and a bool
    is 0 or 1, as TF's `convert_to_tensor`)."""
    from .ops.array_ops import constant

    dtype = _dt.as_dtype(dtype)
    if isinstance(value, Tensor):
        if value.dtype != dtype:
            raise _invalid(
                f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
                f"{value.dtype.name}: {value.name}"
            )
        return value
    if _holds_tensor(value):
        return convert_to_tensor(value, dtype, name=name)
    return constant(value, dtype, name=name)


def _holds_tensor(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return any(_holds_tensor(v) for v in value)
    return isinstance(value, Tensor)


def _cast(t: Tensor, dtype: Any) -> Tensor:
    from .ops.math_ops import cast

    return cast(t, dtype)


def _static_batch(batch_size: Any, drop: Tensor) -> int | None:
    """A batch's static leading dimension: the size where the remainder is dropped and
    both are constants, as TF's `constant_value` finds them (a `tf.constant(True)` or
    a numpy bool too, not only Python's True)."""
    n, dropped = _static_int(batch_size), _constant_value(drop)
    return n if n is not None and dropped is not None and bool(dropped) else None


def _static_int(t: Any) -> int | None:
    if isinstance(t, Tensor):
        if t.op.type == "Const":
            return int(t.op.attrs["value"])
        return None
    return int(t)


# -- datasets ---------------------------------------------------------------------------------


class Dataset:
    """A dataset: TF1's `tf.data.Dataset` (DatasetV1) in graph mode.

    Build one with `from_tensor_slices`, `from_tensors`, `range` or `zip`, transform it,
    and read it through an iterator (`make_one_shot_iterator()`,
    `make_initializable_iterator()`, `Iterator.from_structure`).
    """

    def __init__(
        self,
        variant: Tensor,
        structure: Any,
        types: list,
        shapes: list,
        nested: list | None = None,
    ):
        self._variant_tensor = variant
        self._structure = structure
        # A sparse leaf's component is a variant (as_dtype would take it for a string).
        self._types = [t if t is _ops.variant else _dt.as_dtype(t) for t in types]
        self._shapes = list(shapes)
        # Per component: None, or the element spec of the dataset it is (a window's).
        self._nested = list(nested) if nested is not None else [None] * len(self._types)

    @property
    def _spec(self) -> tuple:
        """What a dataset of this one's elements would need to be rebuilt on a variant."""
        return (self._structure, self._types, self._shapes, self._nested)

    # -- the element spec ---------------------------------------------------------------------
    @property
    def output_types(self) -> Any:
        return self._specs(lambda s, t: t, lambda spec: spec.dtype)

    @property
    def output_shapes(self) -> Any:
        return self._specs(lambda s, t: TensorShape(s), lambda spec: TensorShape(spec.shape))

    @property
    def output_classes(self) -> Any:
        return self._specs(lambda s, t: Tensor, lambda spec: SparseTensor)

    @property
    def element_spec(self) -> Any:
        return self._specs(
            lambda s, t: TensorSpec(TensorShape(s), t),
            lambda spec: SparseTensorSpec(TensorShape(spec.shape), spec.dtype),
        )

    def _specs(self, dense: Callable, sparse: Callable) -> Any:
        """`dense(shape, dtype)` or `sparse(spec)` per component, in the element's
        structure; a component that is a dataset (a window's) is its DatasetSpec, as TF
        shows it."""

        def leaf(item: tuple) -> Any:
            shape, dtype, nested = item
            if nested is not None:
                return DatasetSpec(Dataset(self._variant_tensor, *nested))
            return dense(shape, dtype)

        items = list(zip(self._shapes, self._types, self._nested, strict=True))
        return _map_leaves(self._structure, items, leaf, lambda spec, _: sparse(spec))

    def _derive(
        self, op_type: str, inputs: list, attrs: dict | None = None, spec: tuple | None = None
    ) -> Dataset:
        graph = self._variant_tensor.graph
        op = graph.create_op(op_type, (self._variant_tensor, *inputs), attrs, op_type)
        if spec is None:
            return Dataset(op.outputs[0], *self._spec)
        return Dataset(op.outputs[0], *spec)

    # -- sources --------------------------------------------------------------------------------
    @staticmethod
    def from_tensors(tensors: Any) -> Dataset:
        """A dataset of one element, `tensors`."""
        return _source("TensorDataset", tensors, lambda s: s)

    @staticmethod
    def from_tensor_slices(tensors: Any) -> Dataset:
        """A dataset of the slices of `tensors` along their first dimension."""
        return _source("TensorSliceDataset", tensors, _sliced)

    @staticmethod
    def list_files(file_pattern: Any, shuffle: bool | None = None, seed: Any = None) -> Dataset:
        """The files matching `file_pattern`, listed and read when the graph is built
        (readers.py): sorted, shuffled in TF's order unless `shuffle=False`."""
        from .readers import list_files

        return list_files(file_pattern, shuffle, seed)

    @staticmethod
    def range(*args: Any, output_type: Any = _dt.int64) -> Dataset:
        """`Dataset.range(stop)`, `range(start, stop[, step])`: int64 scalars."""
        if not 1 <= len(args) <= 3:
            raise _invalid("range takes 1 to 3 arguments: [start,] stop[, step]")
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (*args, 1)[:3]
        graph = get_default_graph()
        with graph.as_default():
            ins = [
                _const(v, _dt.int64, n)
                for v, n in ((start, "start"), (stop, "stop"), (step, "step"))
            ]
            op = graph.create_op("RangeDataset", ins, None, "RangeDataset")
        ds = Dataset(op.outputs[0], None, [_dt.int64], [()])
        output_type = _dt.as_dtype(output_type)
        return ds if output_type == _dt.int64 else ds.map(lambda x: _cast(x, output_type))

    @staticmethod
    def zip(*args: Any, datasets: Any = None, name: str | None = None) -> Dataset:
        """Elements of each dataset side by side, in `datasets`' (nested) structure (TF 2's
        `zip(a, b)` is `zip((a, b))`)."""
        if args and datasets is not None:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        if datasets is None:
            if not args:
                raise TypeError("Must pass at least one dataset to `zip`.")
            datasets = args[0] if len(args) == 1 else args
        flat = _flatten(datasets)
        if not flat or not all(isinstance(d, Dataset) for d in flat):
            raise error("DTYPE_MISMATCH", "zip takes a (nested) tuple or dict of datasets")
        graph = flat[0]._variant_tensor.graph
        op = graph.create_op("ZipDataset", [d._variant_tensor for d in flat], None, "ZipDataset")
        structure = _pack(datasets, [d._structure for d in flat])
        types = [t for d in flat for t in d._types]
        shapes = [s for d in flat for s in d._shapes]
        nested = [n for d in flat for n in d._nested]
        return Dataset(op.outputs[0], structure, types, shapes, nested)

    @staticmethod
    def from_generator(
        generator: Callable,
        output_types: Any,
        output_shapes: Any = None,
        args: Any = None,
    ) -> Dataset:
        """The elements `generator(*args)` yields, each pass calling it anew; converted
        losslessly to `output_types` and checked against `output_shapes`. Local sessions
        only: a graph holding one is never a document (PYTHON_FUNCTION), as py_func."""
        if not callable(generator):
            raise error("DTYPE_MISMATCH", "`generator` must be callable.")
        _, flat_types, flat_shapes = _spec_of(output_types, output_shapes)
        structure = _template(output_types)

        def elements(*values: Any):
            for element in generator(*values):
                yield _flatten_yielded(structure, element)

        graph = get_default_graph()
        with graph.as_default():
            ins = [_as_component(a, "args") for a in (args or ())]
            attrs = {
                "token": _script.keep(graph, elements),
                "output_types": _ops.encode_types(flat_types),
                "output_shapes": _ops.encode_shapes(flat_shapes),
            }
            op = graph.create_op("GeneratorDataset", ins, attrs, "GeneratorDataset")
        return Dataset(op.outputs[0], structure, flat_types, flat_shapes)

    # -- transformations ------------------------------------------------------------------------
    def concatenate(self, dataset: Dataset) -> Dataset:
        """This dataset's elements, then `dataset`'s (same structure and dtypes)."""
        if not _same_structure(self._structure, dataset._structure) or len(self._types) != len(
            dataset._types
        ):
            raise error("DTYPE_MISMATCH", "concatenate needs datasets of the same structure")
        if self._types != dataset._types:
            raise error(
                "DTYPE_MISMATCH",
                f"Incompatible dataset elements: {_describe(self._types)} vs. "
                f"{_describe(dataset._types)}",
            )
        shapes = [_merge(a, b) for a, b in zip(self._shapes, dataset._shapes, strict=True)]
        return self._derive(
            "ConcatenateDataset",
            [dataset._variant_tensor],
            spec=(self._structure, self._types, shapes),
        )

    def batch(self, batch_size: Any, drop_remainder: bool = False) -> Dataset:
        """Consecutive elements stacked; the last batch is smaller unless `drop_remainder`
        (the batch dimension is then static, else None, as TF1)."""
        ins = [
            _const(batch_size, _dt.int64, "batch_size"),
            _const(drop_remainder, _dt.bool_, "drop_remainder"),
        ]
        lead = _static_batch(batch_size, ins[1])
        shapes = [None if s is None else (lead, *s) for s in self._shapes]
        # A batch of SparseTensors is one of a rank more, each dimension the batch's
        # largest (TF's), so a static dimension stays only where every element has it.
        structure = _resparse(
            self._structure, lambda s: None if s.shape is None else (lead, *s.shape)
        )
        return self._derive("BatchDatasetV2", ins, spec=(structure, self._types, shapes))

    def _sparse_batch(self, batch_size: Any, row_shape: Any) -> Dataset:
        if self._structure is not None or _leaves(self._structure)[0] is not None:
            raise _invalid("dense_to_sparse_batch needs a dataset of single tensors")
        row = _shape(row_shape)
        if row is None:
            raise _invalid("dense_to_sparse_batch needs a row_shape")
        shape = self._shapes[0]
        if shape is not None and len(shape) != len(row):
            raise _invalid(f"row_shape {list(row)} is not of the elements' rank {len(shape)}")
        ins = [
            _const(batch_size, _dt.int64, "batch_size"),
            _const([-1 if d is None else d for d in row], _dt.int64, "row_shape"),
        ]
        spec = SparseSpec((None, *row), self._types[0])
        return self._derive("DenseToSparseBatchDataset", ins, spec=(spec, [_ops.variant], [()]))

    def padded_batch(
        self,
        batch_size: Any,
        padded_shapes: Any = None,
        padding_values: Any = None,
        drop_remainder: bool = False,
    ) -> Dataset:
        """`batch`, padding each component to `padded_shapes` (None or -1: the batch's
        longest) with `padding_values` (zeros by default)."""
        sparse = next((spec for spec in _leaves(self._structure) if spec is not None), None)
        if sparse is not None:
            raise TypeError(
                "`padded_batch` is only supported for datasets that produce tensor elements "
                "but type spec of elements in the input dataset is not a subclass of "
                f"TensorSpec: `{SparseTensorSpec(TensorShape(sparse.shape), sparse.dtype)}`."
            )
        padded, given = self._padded_shapes(padded_shapes)
        if padding_values is None or not isinstance(padding_values, tuple | list | dict):
            values = [padding_values] * len(self._types)  # one value pads every component
        else:
            values = _flatten_like(self._structure, padding_values)
        shape_ts, value_ts = [], []
        for p, g, v, t in zip(padded, given, values, self._types, strict=True):
            if isinstance(g, Tensor):
                shape_ts.append(_const(g, _dt.int64, "padded_shapes"))
            else:
                shape_ts.append(
                    _const([-1 if d is None else d for d in p], _dt.int64, "padded_shapes")
                )
            value_ts.append(_const(0 if v is None else v, t, "padding_values"))
        ins = [
            _const(batch_size, _dt.int64, "batch_size"),
            *shape_ts,
            *value_ts,
            _const(drop_remainder, _dt.bool_, "drop_remainder"),
        ]
        lead = _static_batch(batch_size, ins[-1])
        shapes = [(lead, *p) for p in padded]
        return self._derive(
            "PaddedBatchDatasetV2", ins, spec=(self._structure, self._types, shapes)
        )

    def _padded_shapes(self, padded_shapes: Any) -> tuple[list, list]:
        """The static padded shapes, and the shapes as given (a tensor stays one: its
        dims are known at run time only)."""
        if padded_shapes is None:
            given = list(self._shapes)
        elif isinstance(padded_shapes, list) and isinstance(self._structure, tuple | dict):
            # tf.data's nest reads a list as one shape, never as a structure's sequence.
            raise TypeError(
                "If shallow structure is a sequence, input must also be a sequence. "
                "Input has type: 'list'."
            )
        else:
            given = _flatten_like(self._structure, padded_shapes, shapes=True)
        out = []
        for i, (s, g) in enumerate(zip(self._shapes, given, strict=True)):
            if isinstance(g, int) and not isinstance(g, bool):
                g = [g]  # TF's as_shape: an int is a vector's length
            p = _tensor_shape_dims(g) if isinstance(g, Tensor) else _shape(g)
            if p is None:
                raise _invalid(f"padded_batch needs a known rank for component {i}")
            if s is not None and (len(s) != len(p) or not _fits_padding(s, p)):
                raise _invalid(
                    f"The padded shape {list(p)} is not compatible with the corresponding input "
                    f"component shape {list(s)}."
                )
            out.append(p)
        return out, given

    def repeat(self, count: Any = None) -> Dataset:
        """The dataset `count` times (for ever when None or -1)."""
        return self._derive(
            "RepeatDataset", [_const(-1 if count is None else count, _dt.int64, "count")]
        )

    def shuffle(
        self, buffer_size: Any, seed: int | None = None, reshuffle_each_iteration: bool = True
    ) -> Dataset:
        """Elements drawn at random from a buffer of `buffer_size`; seeded by TF's rules
        (graph seed, op seed), in TF's orders."""
        graph = self._variant_tensor.graph
        seed, seed2 = get_seed(graph, seed)
        attrs = {
            "seed": seed,
            "seed2": seed2,
            "reshuffle_each_iteration": bool(reshuffle_each_iteration),
        }
        with graph.as_default():
            return self._derive(
                "ShuffleDataset", [_const(buffer_size, _dt.int64, "buffer_size")], attrs
            )

    def cardinality(self) -> Tensor:
        """Its number of elements, an int64 scalar tensor counted without a pass, as TF's:
        -1 (`INFINITE_CARDINALITY`) for a repeat without end, -2 (`UNKNOWN_CARDINALITY`)
        where only running it would tell (filter, interleave, flat_map, files, generators)."""
        graph = self._variant_tensor.graph
        return graph.create_op(
            "DatasetCardinality", (self._variant_tensor,), None, "DatasetCardinality"
        ).outputs[0]

    def take(self, count: Any) -> Dataset:
        """The first `count` elements (all when -1)."""
        return self._derive("TakeDataset", [_const(count, _dt.int64, "count")])

    def skip(self, count: Any) -> Dataset:
        """All but the first `count` elements (none when -1)."""
        return self._derive("SkipDataset", [_const(count, _dt.int64, "count")])

    def shard(self, num_shards: Any, index: Any) -> Dataset:
        """Every `num_shards`-th element, from the `index`-th."""
        ins = [_const(num_shards, _dt.int64, "num_shards"), _const(index, _dt.int64, "index")]
        return self._derive("ShardDataset", ins, {"require_non_empty": False})

    def prefetch(self, buffer_size: Any) -> Dataset:
        """The same elements (graphgate computes them when asked)."""
        if isinstance(buffer_size, int | np.integer) and buffer_size < -1:
            # TF's kernel refuses it when run; the number known, graphgate when built.
            raise _invalid("buffer_size must be >= 0 or set buffer_size to be -1 for auto-tuning")
        return self._derive("PrefetchDataset", [_const(buffer_size, _dt.int64, "buffer_size")])

    def with_options(self, options: Any) -> Dataset:
        """The same elements, with `options` (recorded: data_options.py)."""
        return self._derive("OptionsDataset", [], {"serialized_options": serialized(options)})

    def options(self) -> Any:
        """The options of this dataset and its inputs merged, the later ones winning."""
        nodes, seen, stack = [], set(), [self._variant_tensor.op]
        while stack:  # every node the dataset reads, then in creation (pipeline) order
            op = stack.pop()
            if id(op) in seen:
                continue
            seen.add(id(op))
            nodes.append(op)
            stack.extend(t.op for t in op.inputs if t.dtype is _ops.variant)
        return merged(sorted((n for n in nodes if n.type == "OptionsDataset"), key=_creation))

    def cache(self, filename: str = "") -> Dataset:
        """The same elements, kept in memory after the first complete pass."""
        if filename:
            raise error("UNIMPLEMENTED", "cache() keeps elements in memory only; pass no filename")
        return self._derive("CacheDataset", [])

    def unbatch(self) -> Dataset:
        """Each element split along its first dimension."""
        for s in self._shapes:
            if s is not None and not s:
                raise _invalid("Unbatching a tensor is only supported for rank >= 1")
        # TF refuses when built components whose leading dims are known and differ.
        leading = {s[0] for s in self._shapes if s and s[0] is not None}
        if len(leading) > 1:
            raise _invalid(
                "`unbatch()` is only supported for datasets of elements whose components "
                "have a matching leading dimension. Encountered both {} and {}.".format(
                    *sorted(leading)[:2]
                )
            )
        shapes = [None if s is None else s[1:] for s in self._shapes]
        structure = _resparse(self._structure, lambda s: None if s.shape is None else s.shape[1:])
        return self._derive("UnbatchDataset", [], spec=(structure, self._types, shapes))

    def rebatch(self, batch_size: Any, drop_remainder: Any = False, name: Any = None) -> Dataset:
        """The elements' rows in new batches, as `unbatch().batch(n)` with n cycling
        through `batch_size` when it is a list (`Dataset.rebatch`, TF's RebatchDatasetV2).
        The batch dimension is static where TF's is: one size n, and either
        `drop_remainder` or input batches of a known multiple of n."""
        del name
        if any(leaf is not None for leaf in _leaves(self._structure)):
            raise error("UNIMPLEMENTED", "rebatch takes dense elements only")
        sizes = _const(batch_size, _dt.int64, "batch_sizes")
        drop = _const(drop_remainder, _dt.bool_, "drop_remainder")
        lead = _rebatch_dim(self._shapes, _constant_value(sizes), _constant_value(drop))
        shapes = [None if s is None else (lead, *s[1:]) for s in self._shapes]
        spec = (self._structure, self._types, shapes)
        return self._derive("RebatchDatasetV2", [sizes, drop], spec=spec)

    def enumerate(self, start: int = 0) -> Dataset:
        """(index, element) pairs, the index an int64 counting from `start`."""
        return Dataset.zip((Dataset.range(start, _INT64_MAX), self))

    def window(
        self, size: Any, shift: Any = None, stride: Any = 1, drop_remainder: bool = False
    ) -> Dataset:
        """Windows of `size` elements, one every `shift` (default `size`), taking every
        `stride`-th: each element a structure of datasets, one per component (flat_map
        them, e.g. `lambda w: w.batch(size)`); the last windows are shorter unless
        `drop_remainder`."""
        ins = [
            _const(size, _dt.int64, "size"),
            _const(size if shift is None else shift, _dt.int64, "shift"),
            _const(stride, _dt.int64, "stride"),
            _const(drop_remainder, _dt.bool_, "drop_remainder"),
        ]
        # Each component becomes a dataset of that component (a sparse one keeps its spec).
        leaves = _leaves(self._structure)
        nested = [
            (leaf, [t], [s], [n])
            for leaf, t, s, n in zip(leaves, self._types, self._shapes, self._nested, strict=True)
        ]
        variants = [_ops.variant] * len(self._types)
        structure = _pack(self._structure, [None] * len(variants))
        spec = (structure, variants, [()] * len(variants), nested)
        return self._derive("WindowDataset", ins, spec=spec)

    def scan(self, initial_state: Any, scan_func: Callable) -> Dataset:
        """`scan_func(state, element)` returns `(new_state, output)`: the outputs, the
        state threaded from `initial_state` through the elements."""
        return _scan(self, initial_state, scan_func)

    def apply(self, transformation_func: Callable) -> Dataset:
        return transformation_func(self)

    def map(
        self, map_func: Callable, num_parallel_calls: Any = None, deterministic: Any = None
    ) -> Dataset:
        """`map_func` of each element, traced once into graph ops (`num_parallel_calls` and
        `deterministic` are accepted; elements are computed one after another, in order)."""
        op, result = self._with_function("MapDataset", "f", map_func, [])
        body = op.attrs["f"]
        return Dataset(
            op.outputs[0],
            _template(result),
            [t.dtype for t in body.outputs],
            [t.static_shape for t in body.outputs],
        )

    def unique(self, name: str | None = None) -> Dataset:
        """Each element the first time it comes (TF's UniqueDataset): int32, int64 or
        string components only; more than one component fails at run time, as TF's."""
        for t in self._types:
            if t not in (_dt.int32, _dt.int64, _dt.string):
                raise error(
                    "UNSUPPORTED_DTYPE",
                    f"`tf.data.Dataset.unique` does not support type {t.name} -- only "
                    "`tf.int32`, `tf.int64`, and `tf.string` are supported.",
                )
        return self._derive("UniqueDataset", [])

    def filter(self, predicate: Callable) -> Dataset:
        """The elements for which `predicate` is true (a scalar bool)."""
        op, _ = self._with_function("FilterDataset", "predicate", predicate, [], check=_predicate)
        return Dataset(op.outputs[0], *self._spec)

    def take_while(self, predicate: Callable, name: str | None = None) -> Dataset:
        """The elements before the first for which `predicate` (a scalar bool) is false;
        the input is read no further."""
        op, _ = self._with_function(
            "TakeWhileDataset", "predicate", predicate, [], check=_predicate
        )
        return Dataset(op.outputs[0], *self._spec)

    def ignore_errors(self, log_warning: bool = False, name: str | None = None) -> Dataset:
        """The elements whose computation did not fail: one that fails is dropped."""
        return self._derive("IgnoreErrorsDataset", [], {"log_warning": bool(log_warning)})

    def get_single_element(self, name: str | None = None) -> Any:
        """The tensors of the dataset's one element (TF's DatasetToSingleElement); a run
        fails (InvalidArgumentError) when it has none or more than one."""
        _refuse_nested(self)
        graph = self._variant_tensor.graph
        attrs = {
            "output_types": _ops.encode_types(self._types),
            "output_shapes": _ops.encode_shapes(self._shapes),
        }
        op = graph.create_op(
            "DatasetToSingleElement",
            (self._variant_tensor,),
            attrs,
            name,
            default_name="DatasetToSingleElement",
        )
        with graph.as_default():
            return _map_leaves(self._structure, list(op.outputs), lambda t: t, _sparse_of)

    def flat_map(self, map_func: Callable) -> Dataset:
        """The elements of the dataset `map_func` makes of each element, one after another."""
        return self.interleave(map_func, cycle_length=1, block_length=1)

    def interleave(
        self,
        map_func: Callable,
        cycle_length: Any = -1,
        block_length: Any = 1,
        num_parallel_calls: Any = None,
        deterministic: Any = None,
    ) -> Dataset:
        """`cycle_length` datasets of `map_func` read `block_length` elements at a time in
        turn, as TF's interleave (deterministic order, whatever `deterministic` says;
        AUTOTUNE, the default, is the CPU count, as TF's)."""
        _check_parallel_interleave(cycle_length, num_parallel_calls)
        extra = [
            _const(-1 if cycle_length is None else cycle_length, _dt.int64, "cycle_length"),
            _const(block_length, _dt.int64, "block_length"),
        ]
        op, inner = self._with_function(
            "InterleaveDataset", "f", map_func, extra, check=_returns_dataset
        )
        return Dataset(op.outputs[0], *inner._spec)

    def _element_specs(self) -> tuple[list, list]:
        """The placeholders a function of this dataset's element takes, as (dtype, shape)
        pairs, and the sparse components' indices. A sparse component arrives as its three
        dense parts, a component that is a dataset (a window's) as an object argument read
        through DatasetArg: no variant crosses into a body, so a document holds no variant
        placeholder."""
        specs, sparse_args = [], []
        leaves = _leaves(self._structure)
        for i, (leaf, t, shape, nested) in enumerate(
            zip(leaves, self._types, self._shapes, self._nested, strict=True)
        ):
            if nested is not None:
                specs.append((_ARG_OF_DATASET, ()))
            elif leaf is None:
                specs.append((t, shape))
            else:
                sparse_args.append(str(i))
                rank = None if leaf.shape is None else len(leaf.shape)
                specs += [(_dt.int64, (None, rank)), (leaf.dtype, (None,)), (_dt.int64, (rank,))]
        return specs, sparse_args

    def _element(self, placeholders: list) -> Any:
        """An element made of the placeholders of `_element_specs`."""
        it = iter(placeholders)
        flat = []
        for leaf, nested in zip(_leaves(self._structure), self._nested, strict=True):
            if nested is not None:
                flat.append(Dataset(_dataset_arg(next(it)), *nested))
            elif leaf is None:
                flat.append(next(it))
            else:
                flat.append(_sparse_parts(leaf, next(it), next(it), next(it)))
        return _pack(self._structure, flat)

    def _element_args(self, placeholders: list) -> list:
        """An element's placeholders as a function receives them: a tuple unpacked into
        arguments."""
        element = self._element(placeholders)
        return list(element) if type(element) is tuple else [element]

    def _with_function(
        self,
        op_type: str,
        attr: str,
        fn: Callable,
        extra: list,
        check: Callable | None = None,
        specs: list | None = None,
        args: Callable | None = None,
        op_attrs: dict | None = None,
    ) -> tuple[Operation, Any]:
        """`fn` traced into a body held by a new `op_type` op: on this dataset's element,
        or on placeholders of `specs` ((dtype, shape) pairs) handed over by `args`."""
        if not callable(fn):
            raise _invalid(f"{op_type} needs a callable")
        graph = self._variant_tensor.graph
        sparse_args: list = []
        if specs is None:
            specs, sparse_args = self._element_specs()
            args = self._element_args

        returned = []

        def traced(*a: Any) -> Any:
            # SparseTensors in the result become variants inside the body (TF's
            # SerializeSparse); the structure keeps their specs.
            out = fn(*a)
            if isinstance(out, list):
                out = tuple(out)
            returned.append(out)
            return out if isinstance(out, Dataset) else _serialized(out)

        with graph.as_default(), graph.name_scope(op_type) as scope:
            # A dataset function is a graph of its own in TF: its random ops count their
            # op seeds from 0 and leave the outer graph's count as it was.
            outer_seeds, graph.seeds_drawn = graph.seeds_drawn, 0
            try:
                body, result = _cf.trace_body(graph, traced, args, specs)
            finally:
                graph.seeds_drawn = outer_seeds
            if isinstance(result, list):
                result = tuple(result)
            flat = _returned(result, check)
            captures, controls = _cf.close_body(graph, body, flat)
            if check is _predicate:
                _check_predicate(body.outputs[0])
            attrs = {attr: body, **(op_attrs or {})}
            if sparse_args:
                attrs["sparse_args"] = ",".join(sparse_args)
            op = graph.create_op(
                op_type,
                (self._variant_tensor, *extra, *captures),
                attrs,
                scope.rstrip("/"),
                exact_name=True,
                control_inputs=controls,
            )
        _cf.bind_body(op, body)
        return op, returned[0] if returned else result

    # -- iterators ------------------------------------------------------------------------------
    def make_one_shot_iterator(self) -> Iterator:
        """An iterator initialized on its first use in each session (no placeholders or
        variables may feed the dataset, as TF1)."""
        _refuse_captures(self._variant_tensor)
        _refuse_nested(self)
        graph = self._variant_tensor.graph
        # TF seeds the function that makes a one-shot iterator's dataset with a draw of
        # the graph's op seeds, so a seeded op after it gets the seed it gets there.
        get_seed(graph, None)
        attrs = {
            "output_types": _ops.encode_types(self._types),
            "output_shapes": _ops.encode_shapes(self._shapes),
        }
        op = graph.create_op("OneShotIterator", (self._variant_tensor,), attrs, "OneShotIterator")
        return Iterator(op.outputs[0], None, self._structure, self._types, self._shapes)

    def make_initializable_iterator(self, shared_name: str | None = None) -> Iterator:
        """An iterator to initialize by running `iterator.initializer` (again to restart,
        with other feeds for a dataset of placeholders)."""
        _refuse_nested(self)
        it = Iterator.from_structure(
            self.output_types,
            self.output_shapes,
            shared_name=shared_name,
            output_classes=self.output_classes,
        )
        it._initializer = it.make_initializer(self, default_name="MakeIterator")
        return it

    def __iter__(self):
        raise error(
            "UNIMPLEMENTED",
            "iterating over a dataset in Python needs eager execution; in graph mode use "
            "make_one_shot_iterator() or make_initializable_iterator()",
        )

    def __repr__(self) -> str:
        return f"<Dataset shapes: {self.output_shapes}, types: {self.output_types}>"


DatasetV1 = Dataset


_FILE_DATASETS = ("FixedLengthRecordDataset", "TFRecordDataset", "TextLineDataset")
__all__ += list(_FILE_DATASETS)


def _creation(op: Operation) -> int:
    return op.index


def __getattr__(name: str) -> Any:
    # The datasets of files live in readers.py, which builds on Dataset.
    if name in _FILE_DATASETS:
        from . import readers

        return getattr(readers, name)
    raise AttributeError(f"module 'graphgate.data' has no attribute {name!r}")


# A function's argument that is a dataset: a body's placeholders have the dtypes a feed
# may have, so it arrives as an object scalar that DatasetArg turns into a dataset.
_ARG_OF_DATASET = _dt.string


def _dataset_arg(placeholder: Tensor) -> Tensor:
    return placeholder.graph.create_op("DatasetArg", (placeholder,), None, "DatasetArg").outputs[0]


def _tensor_shape_dims(t: Tensor) -> tuple | None:
    """The static dims a shape given as an int64 vector tensor fixes (TF's
    constant_value_as_shape: a constant's values, else unknown dims of its length)."""
    s = t.static_shape
    if s is None or len(s) != 1 or s[0] is None:
        return None
    if t.op.type == "Const":
        return tuple(None if int(d) < 0 else int(d) for d in np.asarray(t.op.attrs["value"]))
    return (None,) * s[0]


def _refuse_nested(dataset: Dataset) -> None:
    if any(n is not None for n in dataset._nested):
        raise error(
            "UNIMPLEMENTED",
            "an iterator over a dataset whose elements are datasets (window's) is not "
            "supported; flat_map the windows into tensors first (e.g. w.batch(size))",
        )


def _source(op_type: str, tensors: Any, shape_of: Callable) -> Dataset:
    if tensors is None or (isinstance(tensors, tuple | dict) and not _flatten(tensors)):
        raise _invalid(f"{op_type} needs at least one component")
    flat = [sparse_convert(v) if isinstance(v, SparseTensorValue) else v for v in _flatten(tensors)]
    tensors = _pack(tensors, flat) if _is_structure(tensors) else flat[0]
    graph = next(
        (v.graph for v in flat if isinstance(v, Tensor | SparseTensor)), get_default_graph()
    )
    many = op_type == "TensorSliceDataset"
    with graph.as_default():
        with graph.name_scope("normalize_element"):
            comps = [
                _variant_of(v, many)
                if isinstance(v, SparseTensor)
                else _as_component(v, f"component_{i}")
                for i, v in enumerate(flat)
            ]
        shapes = shape_of([t.static_shape for t in comps])
        op = graph.create_op(op_type, comps, None, op_type)
    structure = _template(tensors)
    if many:  # a slice of a SparseTensor has its dense shape less the first dimension
        structure = _resparse(structure, lambda s: None if s.shape is None else s.shape[1:])
    return Dataset(op.outputs[0], structure, [t.dtype for t in comps], shapes)


def _resparse(structure: Any, shape_of: Callable) -> Any:
    """`structure` with each SparseSpec's dense shape `shape_of(spec)`."""
    return _map_leaves(
        structure, _leaves(structure), lambda x: x, lambda spec, _: spec.reshaped(shape_of(spec))
    )


def _output_types(structure: Any, types: list) -> Any:
    return _map_leaves(structure, types, lambda t: t, lambda spec, _: spec.dtype)


def _output_shapes(structure: Any, shapes: list) -> Any:
    return _map_leaves(structure, shapes, TensorShape, lambda spec, _: TensorShape(spec.shape))


def _output_classes(structure: Any) -> Any:
    return _map_leaves(
        structure, _leaves(structure), lambda _: Tensor, lambda spec, _: SparseTensor
    )


def _sliced(shapes: list) -> list:
    first = None
    for s in shapes:
        if s is None:
            continue
        if not s:
            raise _invalid("Unbatching a tensor is only supported for rank >= 1")
        if first is not None and s[0] is not None and s[0] != first:
            raise error("SHAPE_MISMATCH", f"Dimensions {first} and {s[0]} are not compatible")
        first = s[0] if s[0] is not None else first
    return [None if s is None else s[1:] for s in shapes]


def _flatten_yielded(structure: Any, value: Any) -> list:
    """What a generator yielded, flat in its declared structure (a list for a tuple too)."""
    if isinstance(structure, dict):
        if not isinstance(value, dict) or sorted(value) != sorted(structure):
            raise TypeError(
                f"`generator` yielded {value!r:.80}, expected a dict of {sorted(structure)}"
            )
        return [v for k in sorted(structure) for v in _flatten_yielded(structure[k], value[k])]
    if isinstance(structure, tuple):
        if not isinstance(value, tuple | list) or len(value) != len(structure):
            raise TypeError(
                f"`generator` yielded {value!r:.80}, expected {len(structure)} components"
            )
        return [v for s, x in zip(structure, value, strict=True) for v in _flatten_yielded(s, x)]
    return [value]


def _flatten_like(structure: Any, values: Any, shapes: bool = False) -> list:
    """`values` at the leaves of `structure` (a shape or a list is one leaf)."""
    if isinstance(structure, dict):
        if not isinstance(values, dict) or sorted(values) != sorted(structure):
            raise _invalid("the padded shapes and values must have the dataset's structure")
        return [
            v for k in sorted(structure) for v in _flatten_like(structure[k], values[k], shapes)
        ]
    if isinstance(structure, tuple):
        if not isinstance(values, tuple | list) or len(values) != len(structure):
            raise _invalid("the padded shapes and values must have the dataset's structure")
        return [
            v for s, x in zip(structure, values, strict=True) for v in _flatten_like(s, x, shapes)
        ]
    return [values]


def _describe(types: list) -> str:
    return ", ".join(t.name for t in types)


def _shape_text(shape: tuple | None) -> str:
    return "<unknown>" if shape is None else str(list(shape))


def _predicate(result: Any) -> None:
    if _is_structure(result):
        raise _invalid("Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor")


def _check_predicate(out: Tensor) -> None:
    if out.dtype != _dt.bool_ or out.static_shape not in (None, ()):
        raise _invalid(
            "Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, "
            f"but its return type is {out.dtype.name} {_shape_text(out.static_shape)}."
        )


def _returns_dataset(result: Any) -> None:
    if not isinstance(result, Dataset):
        raise _invalid("`map_func` must return a `Dataset` object.")


def _returned(result: Any, check: Callable | None) -> list:
    """The values a traced function's result gives its body."""
    if check is not None:
        check(result)
    if isinstance(result, Dataset):
        return [result._variant_tensor]
    flat = _flatten(result)
    for v in flat:
        if isinstance(v, Operation):
            raise _invalid(f"Unsupported return value from function passed to Dataset: {v.name}")
        if v is None:
            raise _invalid("the function passed to a Dataset returned None")
    return [v if isinstance(v, Tensor) else _as_component(v, "Const") for v in flat]


def _refuse_captures(variant: Tensor) -> None:
    """TF1 refuses a one-shot iterator whose dataset reads a placeholder or a variable:
    its dataset is captured by value, once."""
    graph = variant.graph
    seen: set = set()
    stack = [variant.op]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type == "Placeholder" and graph.body_of(op) is None:
            raise _invalid(
                f"Cannot capture a placeholder (name:{op.name}, type:Placeholder) by value."
            )
        if op.type in ("VariableV2", "ReadVariableOp"):
            raise _invalid(
                f"Cannot capture a stateful node (name:{op.name}, type:{op.type}) by value."
            )
        stack += [t.op for t in op.inputs]
        stack += list(op.control_inputs)
        for v in op.attrs.values():
            if isinstance(v, _cf.Body):
                stack += v.ops


# -- iterators --------------------------------------------------------------------------------


class Iterator:
    """TF1's `tf.data.Iterator`: `get_next()` gives the next element in each run."""

    def __init__(self, handle: Tensor, initializer: Operation | None, structure, types, shapes):
        self._iterator_resource = handle
        self._initializer = initializer
        self._structure = structure
        self._types = list(types)
        self._shapes = list(shapes)
        self._next_count = 0

    @staticmethod
    def from_structure(
        output_types: Any,
        output_shapes: Any = None,
        shared_name: str | None = None,
        output_classes: Any = None,
    ) -> Iterator:
        """An iterator of elements of this structure, initialized by `make_initializer`
        with any dataset of that structure (the reinitializable iterator)."""
        structure, flat_types, flat_shapes = _spec_of(output_types, output_shapes, output_classes)
        graph = get_default_graph()
        attrs = {
            "output_types": _ops.encode_types(flat_types),
            "output_shapes": _ops.encode_shapes(flat_shapes),
            "shared_name": shared_name or "",
        }
        op = graph.create_op("IteratorV2", (), attrs, "IteratorV2")
        return Iterator(op.outputs[0], None, structure, flat_types, flat_shapes)

    @staticmethod
    def from_string_handle(
        string_handle: Tensor,
        output_types: Any,
        output_shapes: Any = None,
        output_classes: Any = None,
    ) -> Iterator:
        """The feedable iterator: whichever iterator's `string_handle()` value is fed to
        the string placeholder `string_handle` gives the next element."""
        structure, flat_types, flat_shapes = _spec_of(output_types, output_shapes, output_classes)
        if not isinstance(string_handle, Tensor) or string_handle.dtype is not _dt.string:
            raise error("DTYPE_MISMATCH", "from_string_handle needs a string tensor")
        attrs = {
            "output_types": _ops.encode_types(flat_types),
            "output_shapes": _ops.encode_shapes(flat_shapes),
        }
        op = string_handle.graph.create_op(
            "IteratorFromStringHandleV2", (string_handle,), attrs, "IteratorFromStringHandleV2"
        )
        return Iterator(op.outputs[0], None, structure, flat_types, flat_shapes)

    def string_handle(self, name: str | None = None) -> Tensor:
        """A string scalar naming this iterator, to feed a `from_string_handle` iterator's
        placeholder (in the same session)."""
        graph = self._iterator_resource.graph
        op = graph.create_op(
            "IteratorToStringHandle",
            (self._iterator_resource,),
            None,
            name,
            default_name="IteratorToStringHandle",
        )
        return op.outputs[0]

    @property
    def initializer(self) -> Operation:
        if self._initializer is None:
            raise _invalid(
                "Iterator does not have an initializer. Use make_initializer(dataset) on an "
                "iterator from Iterator.from_structure"
            )
        return self._initializer

    def make_initializer(
        self, dataset: Dataset, name: str | None = None, default_name: str = "make_initializer"
    ) -> Operation:
        """The op that (re)starts this iterator on `dataset`."""
        if not _same_structure(self._structure, dataset._structure):
            raise _invalid(
                "Expected output structure compatible with the iterator's, got a dataset of "
                "another structure."
            )
        if self._types != dataset._types:
            raise error(
                "DTYPE_MISMATCH",
                f"Expected output types {self.output_types} but got dataset with output types "
                f"{dataset.output_types}.",
            )
        if not all(_compatible(s, i) for s, i in zip(dataset._shapes, self._shapes, strict=True)):
            raise error(
                "DTYPE_MISMATCH",
                f"Expected output shapes compatible with {self.output_shapes} but got dataset "
                f"with output shapes {dataset.output_shapes}.",
            )
        graph = self._iterator_resource.graph
        return graph.create_op(
            "MakeIterator",
            (dataset._variant_tensor, self._iterator_resource),
            None,
            name,
            default_name=default_name,
        )

    def get_next(self, name: str | None = None) -> Any:
        """The next element's tensors; a run evaluating them advances the iterator once
        (OutOfRangeError past the end)."""
        graph = self._iterator_resource.graph
        attrs = {
            "output_types": _ops.encode_types(self._types),
            "output_shapes": _ops.encode_shapes(self._shapes),
        }
        op = graph.create_op(
            "IteratorGetNext",
            (self._iterator_resource,),
            attrs,
            name,
            default_name="IteratorGetNext",
        )
        with graph.as_default():
            return _map_leaves(self._structure, list(op.outputs), lambda t: t, _sparse_of)

    @property
    def output_types(self) -> Any:
        return _output_types(self._structure, self._types)

    @property
    def output_shapes(self) -> Any:
        return _output_shapes(self._structure, self._shapes)

    @property
    def output_classes(self) -> Any:
        return _output_classes(self._structure)


def _spec_of(output_types: Any, output_shapes: Any, output_classes: Any = None) -> tuple:
    """(structure, component dtypes, component shapes) of TF1's element spec; a leaf whose
    class is SparseTensor is one variant component of unknown shape."""
    flat_types = [_dt.as_dtype(t) for t in _flatten(output_types)]
    flat_shapes = (
        [None] * len(flat_types)
        if output_shapes is None
        else [_shape(s) for s in _flatten_like(output_types, output_shapes, True)]
    )
    classes = (
        [Tensor] * len(flat_types)
        if output_classes is None
        else _flatten_like(output_types, output_classes)
    )
    leaves = [
        SparseSpec(s, t) if c is SparseTensor else None
        for t, s, c in zip(flat_types, flat_shapes, classes, strict=True)
    ]
    structure = _pack(output_types, leaves) if _is_structure(output_types) else leaves[0]
    for i, leaf in enumerate(leaves):
        if leaf is not None:
            flat_types[i], flat_shapes[i] = _ops.variant, None
    return structure, flat_types, flat_shapes


# -- module functions (tf.compat.v1.data) ----------------------------------------------------


def make_one_shot_iterator(dataset: Dataset) -> Iterator:
    return dataset.make_one_shot_iterator()


def make_initializable_iterator(dataset: Dataset, shared_name: str | None = None) -> Iterator:
    return dataset.make_initializable_iterator(shared_name)


def get_output_types(dataset_or_iterator: Any) -> Any:
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator: Any) -> Any:
    return dataset_or_iterator.output_shapes


def get_output_classes(dataset_or_iterator: Any) -> Any:
    return dataset_or_iterator.output_classes


class SparseTensorSpec(collections.namedtuple("SparseTensorSpec", "shape dtype")):
    """A SparseTensor element's static dense shape and values dtype (`element_spec`)."""

    def __repr__(self) -> str:
        return f"SparseTensorSpec({self.shape!r}, {self.dtype!r})"


class DatasetSpec:
    """The spec of a dataset that is an element's component (`tf.data.DatasetSpec`): its
    own element spec and a scalar dataset shape."""

    def __init__(self, element_spec: Any, dataset_shape: Any = ()):
        if isinstance(element_spec, Dataset):
            element_spec = element_spec.element_spec
        self.element_spec = element_spec
        self.dataset_shape = TensorShape(dataset_shape)

    @staticmethod
    def from_value(value: Dataset) -> DatasetSpec:
        """The spec of the dataset `value`."""
        return DatasetSpec(value.element_spec)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, DatasetSpec)
            and self.element_spec == other.element_spec
            and self.dataset_shape.as_list() == other.dataset_shape.as_list()
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DatasetSpec({self.element_spec!r}, {self.dataset_shape!r})"


class TensorSpec(collections.namedtuple("TensorSpec", "shape dtype name")):
    """A tensor's static shape, dtype and name: `Dataset.element_spec`'s components and TF's
    `tf.TensorSpec` (signatures of functions and serving inputs)."""

    def __new__(cls, shape: Any, dtype: Any = _dt.float32, name: str | None = None):
        shape = shape if isinstance(shape, TensorShape) else TensorShape(shape)
        return super().__new__(cls, shape, _dt.as_dtype(dtype), name)

    @classmethod
    def from_spec(cls, spec: Any, name: str | None = None) -> TensorSpec:
        return cls(spec.shape, spec.dtype, spec.name if name is None else name)

    @classmethod
    def from_tensor(cls, tensor: Any, name: str | None = None) -> TensorSpec:
        """The spec of a tensor, named as its op unless `name` is given."""
        return cls(tensor.shape, tensor.dtype, tensor.op.name if name is None else name)

    def is_compatible_with(self, spec_or_tensor: Any) -> bool:
        """The same dtype and a shape that can be the same (TF's test; names aside)."""
        return self.dtype == spec_or_tensor.dtype and self.shape.is_compatible_with(
            spec_or_tensor.shape
        )

    def __repr__(self) -> str:
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r}, name={self.name!r})"


# -- tf.data.experimental: scan, grouping, selecting -------------------------------------------


def _scan(ds: Dataset, initial_state: Any, scan_func: Callable) -> Dataset:
    graph = ds._variant_tensor.graph
    with graph.as_default():
        init = [_as_component(v, "initial_state") for v in _flatten(initial_state)]
    n = len(init)
    if not n:
        raise _invalid("scan needs an initial state")
    state_structure = _template(initial_state)
    shapes = [t.static_shape for t in init]
    for _ in range(2):
        # TF traces again when the new state's static shape differs from the initial
        # state's, with the shapes both fit.
        element_specs, sparse_args = ds._element_specs()
        specs = [(t.dtype, s) for t, s in zip(init, shapes, strict=True)] + element_specs

        def args(placeholders: list) -> list:
            # TF hands the element over whole (a tuple is not unpacked after the state).
            state = _pack(state_structure, placeholders[:n])
            return [state, ds._element(placeholders[n:])]

        op, result = ds._with_function(
            "ScanDataset",
            "f",
            scan_func,
            init,
            check=_scan_result(initial_state, init),
            specs=specs,
            args=args,
            op_attrs={"n_state": n, "sparse_args": ",".join(sparse_args)},
        )
        outputs = op.attrs["f"].outputs
        new_shapes = [_merge(s, t.static_shape) for s, t in zip(shapes, outputs[:n], strict=True)]
        if new_shapes == shapes:
            break
        shapes = new_shapes
    return Dataset(
        op.outputs[0],
        _template(result[1]),
        [t.dtype for t in outputs[n:]],
        [t.static_shape for t in outputs[n:]],
    )


def _scan_result(initial_state: Any, init: list) -> Callable:
    def check(result: Any) -> None:
        if not isinstance(result, tuple | list) or len(result) != 2:
            raise error(
                "DTYPE_MISMATCH",
                "Invalid `scan_func`. `scan_func` should return a pair consisting of new state "
                "and the output value.",
            )
        if not _same_structure(_template(result[0]), _template(initial_state)) or len(
            _flatten(result[0])
        ) != len(init):
            raise error(
                "DTYPE_MISMATCH",
                "The element classes for the new state must match the initial state.",
            )
        got = [convert_to_tensor(v).dtype for v in _flatten(result[0])]
        want = [t.dtype for t in init]
        if got != want:
            raise error(
                "DTYPE_MISMATCH",
                f"The element types for the new state must match the initial state. Expected "
                f"({_describe(want)}); got ({_describe(got)}).",
            )

    return check


def _int64_scalar(value: Any, what: str) -> Tensor:
    t = _const(value, _dt.int64, what)
    if t.static_shape not in (None, ()):
        raise _invalid(
            f"Invalid `{what}`. `{what}` must return a single `tf.int64` scalar tensor but its "
            f"return type is {t.dtype.name} {_shape_text(t.static_shape)}."
        )
    return t


def group_by_window(
    key_func: Callable,
    reduce_func: Callable,
    window_size: Any = None,
    window_size_func: Callable | None = None,
) -> Callable:
    """Elements gathered by `key_func` (an int64 scalar) into windows of `window_size`
    (or `window_size_func(key)`); each full window, and at the end each window left (in
    ascending key order), is a dataset handed to `reduce_func(key, window)`, whose
    dataset's elements follow one after another (TF's order)."""
    if (window_size is not None and window_size_func) or not (
        window_size is not None or window_size_func
    ):
        raise _invalid(
            "Either the `window_size` argument or the `window_size_func` argument must be "
            "specified."
        )
    if window_size is not None:

        def window_size_func(key: Tensor) -> Tensor:
            return convert_to_tensor(window_size, _dt.int64)

    def transform(ds: Dataset) -> Dataset:
        def keyed(*args: Any) -> tuple:
            key = _int64_scalar(key_func(*args), "key_func")
            size = _int64_scalar(window_size_func(key), "window_size_func")
            return (key, size, *_flatten(tuple(args)))

        if any(n is not None for n in ds._nested):
            raise error("UNIMPLEMENTED", "group_by_window over a dataset of datasets")
        grouped = ds.map(keyed)
        specs = [(_dt.int64, ()), (_ARG_OF_DATASET, ())]

        def args(placeholders: list) -> list:
            return [placeholders[0], Dataset(_dataset_arg(placeholders[1]), *ds._spec)]

        op, inner = grouped._with_function(
            "GroupByWindowDataset",
            "reduce_func",
            reduce_func,
            [],
            check=_returns_reduced,
            specs=specs,
            args=args,
        )
        return Dataset(op.outputs[0], *inner._spec)

    return transform


def _returns_reduced(result: Any) -> None:
    if not isinstance(result, Dataset):
        raise error(
            "DTYPE_MISMATCH",
            "Invalid `reduce_func`. `reduce_func` must return a single `tf.data.Dataset` object.",
        )


def bucket_by_sequence_length(
    element_length_func: Callable,
    bucket_boundaries: list,
    bucket_batch_sizes: list,
    padded_shapes: Any = None,
    padding_values: Any = None,
    pad_to_bucket_boundary: bool = False,
    no_padding: bool = False,
    drop_remainder: bool = False,
) -> Callable:
    """Elements batched by length: bucket i holds lengths in [boundaries[i-1],
    boundaries[i]) and is padded-batched `bucket_batch_sizes[i]` at a time (padded to its
    batch's longest, or to the bucket's boundary - 1), as TF's group_by_window of them."""
    if len(bucket_batch_sizes) != len(bucket_boundaries) + 1:
        raise _invalid(
            f"`len(bucket_batch_sizes)` must equal `len(bucket_boundaries) + 1` but "
            f"`len(bucket_batch_sizes)={len(bucket_batch_sizes)}` and "
            f"`len(bucket_boundaries)={len(bucket_boundaries)}`."
        )
    import graphgate as _tf

    def bucket_id(*args: Any) -> Tensor:
        length = convert_to_tensor(element_length_func(*args))
        lows = [int(np.iinfo(np.int32).min), *bucket_boundaries]
        highs = [*bucket_boundaries, int(np.iinfo(np.int32).max)]
        inside = _tf.logical_and(
            _tf.less_equal(_tf.constant(lows, length.dtype), length),
            _tf.less(length, _tf.constant(highs, length.dtype)),
        )
        return _tf.reduce_min(_tf.where(inside))

    def batch_size(bucket: Tensor) -> Tensor:
        return _tf.constant(bucket_batch_sizes, _dt.int64)[bucket]

    def batching(bucket: Tensor, window: Dataset) -> Dataset:
        size = batch_size(bucket)
        if no_padding:
            return window.batch(size, drop_remainder=drop_remainder)
        filler = None
        if pad_to_bucket_boundary:
            check = _tf.assert_less(
                bucket,
                _tf.constant(len(bucket_batch_sizes) - 1, _dt.int64),
                message="When pad_to_bucket_boundary=True, elements must have length < "
                "max(bucket_boundaries).",
            )
            with _tf.control_dependencies([check]):
                filler = _tf.constant(bucket_boundaries, _dt.int64)[bucket] - 1
        shapes = _flatten_like(
            window._structure,
            window.output_shapes if padded_shapes is None else padded_shapes,
            shapes=True,
        )
        filled = _pack(window._structure, [_filled(s, filler) for s in shapes])
        return window.padded_batch(size, filled, padding_values, drop_remainder=drop_remainder)

    return group_by_window(bucket_id, batching, window_size_func=batch_size)


def _filled(shape: Any, filler: Tensor | None) -> Any:
    """A padded shape whose unknown dims are `filler` (a tensor: the bucket's boundary - 1)."""
    dims = _shape(shape)
    if filler is None or dims is None or None not in dims:
        return dims
    import graphgate as _tf

    return _tf.stack([filler if d is None else _tf.constant(d, _dt.int64) for d in dims])


def _sample_by_weights_dataset(
    datasets: list, weights: Dataset, seed: Any, stop_on_empty_dataset: bool
) -> Dataset:
    """Each element drawn with the next element of `weights` as its probabilities (TF's
    construction: their logs zipped with pairs of a seeded RandomDataset)."""
    import graphgate as _tf

    from .ops.random_extra_ops import stateless_multinomial

    logits = weights.map(lambda *p: _tf.log(p, name="logits"))

    def select(logits: Tensor, seeds: Tensor) -> Tensor:
        return _tf.squeeze(stateless_multinomial(logits, 1, seed=seeds), axis=[0, 1])

    selector = Dataset.zip((logits, random_dataset(seed).batch(2))).map(select)
    return _directed(selector, datasets, stop_on_empty_dataset)


def _directed(selector: Dataset, datasets: list, stop_on_empty_dataset: bool) -> Dataset:
    first = datasets[0]
    for d in datasets[1:]:
        if not _same_structure(first._structure, d._structure) or first._types != d._types:
            raise error(
                "DTYPE_MISMATCH",
                f"Invalid `datasets`. `datasets` must have compatible element specs, but "
                f"{_describe(first._types)} and {_describe(d._types)} differ.",
            )
    shapes = list(first._shapes)
    for d in datasets[1:]:
        shapes = [_merge(a, b) for a, b in zip(shapes, d._shapes, strict=True)]
    graph = selector._variant_tensor.graph
    op = graph.create_op(
        "DirectedInterleaveDataset",
        [selector._variant_tensor, *(d._variant_tensor for d in datasets)],
        {"stop_on_empty_dataset": bool(stop_on_empty_dataset)},
        "DirectedInterleaveDataset",
    )
    return Dataset(op.outputs[0], first._structure, first._types, shapes, first._nested)


def choose_from_datasets(
    datasets: list, choice_dataset: Dataset, stop_on_empty_dataset: bool = False
) -> Dataset:
    """The element of `datasets[i]` for each int64 scalar i of `choice_dataset`; an
    exhausted input is skipped (`stop_on_empty_dataset`: ends the dataset)."""
    if not datasets:
        raise _invalid("Invalid `datasets`. `datasets` should not be empty.")
    if (
        not isinstance(choice_dataset, Dataset)
        or choice_dataset._types != [_dt.int64]
        or choice_dataset._shapes[0] not in (None, ())
        or choice_dataset._structure is not None
    ):
        raise error(
            "DTYPE_MISMATCH",
            "Invalid `choice_dataset`. Elements of `choice_dataset` must be scalar of type "
            "`tf.int64`.",
        )
    return _directed(choice_dataset, list(datasets), stop_on_empty_dataset)


def random_dataset(seed: int | None = None) -> Dataset:
    """TF's RandomDataset: uniform int64 values in [0, 2**32), the same sequence each
    pass for a given (graph seed, op seed)."""
    graph = get_default_graph()
    seed, seed2 = get_seed(graph, seed)
    with graph.as_default():
        ins = [_const(seed or 0, _dt.int64, "seed"), _const(seed2 or 0, _dt.int64, "seed2")]
        op = graph.create_op("RandomDataset", ins, None, "RandomDataset")
    return Dataset(op.outputs[0], None, [_dt.int64], [()])


def sample_from_datasets(
    datasets: list, weights: Any = None, seed: int | None = None, stop_on_empty_dataset=False
) -> Dataset:
    """Elements drawn from `datasets` at random, input i with probability `weights[i]`
    (uniform by default): TF's construction, a stateless multinomial draw per element
    keyed by pairs of a seeded RandomDataset, so a seed gives TF's sequence."""
    import graphgate as _tf

    if not datasets:
        raise _invalid("Invalid `datasets`. `datasets` should not be empty.")
    datasets = list(datasets)
    if isinstance(weights, Dataset):
        return _sample_by_weights_dataset(datasets, weights, seed, stop_on_empty_dataset)
    if weights is None:
        logits: Any = [[1.0] * len(datasets)]
    else:
        if not isinstance(weights, Tensor):
            if len(datasets) != len(weights):
                raise _invalid(
                    f"Invalid `weights`. `weights` should have the same length as `datasets` "
                    f"but got `len(weights)={len(weights)}` vs. "
                    f"`len(datasets)={len(datasets)}`."
                )
            kept = [(d, w) for d, w in zip(datasets, weights, strict=True) if w > 0]
            datasets, weights = (
                ([d for d, _ in kept], [w for _, w in kept])
                if kept
                else (
                    [datasets[0].take(0)],
                    [1.0],
                )
            )
        weights = convert_to_tensor(weights, name="weights")
        if weights.dtype not in (_dt.float32, _dt.float64):
            raise error(
                "DTYPE_MISMATCH",
                f"Invalid `weights`. `weights` type must be either `tf.float32` or "
                f"`tf.float64` but is {weights.dtype.name}.",
            )
        logits = _tf.expand_dims(_tf.log(weights, name="logits"), 0)
    if len(datasets) == 1:
        return datasets[0]

    def select(seeds: Tensor) -> Tensor:
        from .ops.random_extra_ops import stateless_multinomial

        return _tf.squeeze(stateless_multinomial(logits, 1, seed=seeds), axis=[0, 1])

    selector = random_dataset(seed).batch(2).map(select)
    return _directed(selector, datasets, stop_on_empty_dataset)


def rejection_resample(
    class_func: Callable, target_dist: Any, initial_dist: Any = None, seed: int | None = None
) -> Callable:
    """(class, element) pairs resampled towards `target_dist`: TF's construction — the
    class distribution given or estimated as it streams (counts smoothed by 10, per batch
    of 32), per-class acceptance probabilities mixed with the original data, a seeded
    uniform draw per element — so a seed gives TF's elements."""
    return lambda ds: _rejection_resample(ds, class_func, target_dist, initial_dist, seed)


def _class_of(class_func: Callable, data: Any) -> Tensor:
    return class_func(*data) if isinstance(data, tuple) else class_func(data)


def _rejection_resample(ds, class_func, target_dist, initial_dist, seed) -> Dataset:
    import graphgate as _tf

    target = _tf.cast(convert_to_tensor(target_dist, name="target_dist"), _dt.float32)
    if initial_dist is not None:
        initial = _tf.cast(convert_to_tensor(initial_dist, name="initial_dist"), _dt.float32)
        accept, original = _acceptance(initial, target)
        initial_ds = Dataset.from_tensors(initial).repeat()
        accept_ds = Dataset.from_tensors(accept).repeat()
        original_ds = Dataset.from_tensors(original).repeat()
    else:
        initial_ds = _estimated_distribution(target, ds.map(class_func))
        mixed = initial_ds.map(lambda p: _acceptance(p, target))
        accept_ds = mixed.map(lambda a, _: a)
        original_ds = mixed.map(lambda _, m: m)

    def gather(accept: Tensor, data: Any) -> tuple:
        c = _class_of(class_func, data)
        return c, _tf.gather(accept, c), data

    def keep(c: Tensor, p: Tensor, data: Any) -> Tensor:
        return _tf.random_uniform([], seed=seed, dtype=p.dtype) < p

    filtered = Dataset.zip((accept_ds, ds)).map(gather).filter(keep)
    filtered = filtered.map(lambda c, p, data: (c, data)).prefetch(3)
    static = _static_original(initial_dist, target_dist)

    def with_class(*x: Any) -> tuple:
        return (class_func(*x), x[0]) if len(x) == 1 else (class_func(*x), x)

    if static == 1:
        return ds.map(with_class)
    if static == 0:
        return filtered
    weights = original_ds.map(lambda m: [(m, 1.0 - m)])
    return sample_from_datasets(
        [ds.map(with_class), filtered], weights=weights, seed=seed, stop_on_empty_dataset=True
    )


def _acceptance(initial: Tensor, target: Tensor) -> tuple:
    """TF's per-class acceptance a_i = (t_i/p_i - m) / (max - m) and the probability m of
    taking an element of the original data."""
    import graphgate as _tf

    ratio = target / (initial + np.finfo(np.float32).tiny)
    high, low = _tf.reduce_max(ratio), _tf.reduce_min(ratio)
    return (ratio - low) / (high - low), low


def _estimated_distribution(target: Tensor, classes: Dataset) -> Dataset:
    """TF's streaming estimate: counts from 10 each, updated per batch of 32 classes, the
    distribution repeated for each element of the batch."""
    import graphgate as _tf

    n = target.static_shape[0] if target.static_shape else None
    n = n if n is not None else _tf.shape(target)[0]
    seen = _tf.fill([n], np.int64(10))

    def update(counts: Tensor, c: Tensor) -> tuple:
        counts = counts + _tf.reduce_sum(_tf.one_hot(c, n, dtype=_dt.int64), 0)
        dist = _tf.cast(_tf.truediv(counts, _tf.reduce_sum(counts)), _dt.float32)
        return counts, _tf.tile(_tf.expand_dims(dist, 0), [32, 1])

    return classes.batch(32).scan(seen, update).unbatch()


def _static_original(initial_dist: Any, target_dist: Any) -> Any:
    """min(target / initial) when both are known while building (TF's shortcut to the
    original data alone, or the filtered data alone), else None."""
    if initial_dist is None:
        return None
    values = [_constant_value(v) for v in (initial_dist, target_dist)]
    if any(v is None for v in values):
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.min(values[1] / values[0])


def _rebatch_dim(shapes: list, sizes: Any, drop: Any) -> int | None:
    """TF's `_RebatchDataset._compute_static_batch_dim`: the one batch size, when every
    batch has it; ValueError for sizes of rank 2 or more, scalar elements or input batch
    dimensions that differ."""
    if sizes is None:
        return None
    if sizes.ndim > 1:
        raise _invalid(
            "Invalid `batch_sizes`. Expected `batch_sizes` to be a scalar or a vector. "
            f"Received `batch_sizes` of rank {sizes.ndim}."
        )
    flat = sizes.reshape(-1)
    if flat.size == 0 or not np.all(flat == flat[0]):
        return None
    n = int(flat[0])
    if drop is not None and bool(drop):
        return n
    if any(s is not None and not s for s in shapes):
        raise _invalid(
            "Invalid `batch_sizes`. Expected dataset with rank of >= 1 but found a dataset "
            "with scalar elements. Fix the issue by adding the `batch` transformation to "
            "the dataset."
        )
    known = [s[0] for s in shapes if s is not None and s[0] is not None]
    if not known:
        return None
    if len(set(known)) > 1:
        raise _invalid(
            f"Invalid `input_dataset.` The batch dimension of component 0 is {known[0]}, "
            f"while the batch dimension of component i is {known}."
        )
    return n if n and known[0] % n == 0 else None


def _constant_value(v: Any) -> np.ndarray | None:
    if isinstance(v, Tensor):
        return np.asarray(v.op.attrs["value"]) if v.op.type == "Const" else None
    return np.asarray(v)


class _Experimental:
    """`tf.data.experimental` (and TF 1.4-1.12's `tf.contrib.data`): the transformations
    TF1 programs `apply`, as the plain ones they equal in element order."""

    AUTOTUNE = -1
    INFINITE_CARDINALITY = -1
    UNKNOWN_CARDINALITY = -2

    @staticmethod
    def cardinality(dataset: Any) -> Tensor:
        return dataset.cardinality()

    @staticmethod
    def unbatch() -> Callable:
        return lambda ds: ds.unbatch()

    @staticmethod
    def unique() -> Callable:
        return lambda ds: ds.unique()

    @staticmethod
    def enumerate_dataset(start: int = 0) -> Callable:
        return lambda ds: ds.enumerate(start)

    @staticmethod
    def map_and_batch(
        map_func: Callable,
        batch_size: Any,
        num_parallel_batches: Any = None,
        drop_remainder: bool = False,
        num_parallel_calls: Any = None,
    ) -> Callable:
        return lambda ds: ds.map(map_func).batch(batch_size, drop_remainder)

    @staticmethod
    def shuffle_and_repeat(buffer_size: Any, count: Any = None, seed: int | None = None):
        return lambda ds: ds.shuffle(buffer_size, seed).repeat(count)

    @staticmethod
    def parallel_interleave(
        map_func: Callable,
        cycle_length: Any,
        block_length: Any = 1,
        sloppy: bool = False,
        buffer_output_elements: Any = None,
        prefetch_input_elements: Any = None,
    ) -> Callable:
        return lambda ds: ds.interleave(map_func, cycle_length, block_length)

    @staticmethod
    def dense_to_sparse_batch(batch_size: Any, row_shape: Any) -> Callable:
        """Batches of one-tensor elements as SparseTensors of all their entries, dense
        shape `[n, *row_shape]` (None: the batch's largest); an element larger than
        `row_shape` fails the run (DataLossError, as TF's)."""
        return lambda ds: ds._sparse_batch(batch_size, row_shape)

    @staticmethod
    def batch_and_drop_remainder(batch_size: Any) -> Callable:
        return lambda ds: ds.batch(batch_size, drop_remainder=True)

    @staticmethod
    def padded_batch_and_drop_remainder(
        batch_size: Any, padded_shapes: Any, padding_values: Any = None
    ) -> Callable:
        return lambda ds: ds.padded_batch(batch_size, padded_shapes, padding_values, True)

    @staticmethod
    def scan(initial_state: Any, scan_func: Callable) -> Callable:
        return lambda ds: ds.scan(initial_state, scan_func)

    @staticmethod
    def take_while(predicate: Callable) -> Callable:
        return lambda ds: ds.take_while(predicate)

    @staticmethod
    def ignore_errors(log_warning: bool = False) -> Callable:
        return lambda ds: ds.ignore_errors(log_warning)

    @staticmethod
    def get_single_element(dataset: Any) -> Any:
        if not isinstance(dataset, Dataset):
            raise TypeError(
                f"Invalid `dataset`. Expected a `tf.data.Dataset` object but got {type(dataset)}."
            )
        return dataset.get_single_element()

    @staticmethod
    def assert_cardinality(expected_cardinality: Any) -> Callable:
        """A transformation whose dataset fails the pass (FailedPreconditionError) where
        its input has another number of elements; its cardinality is the one expected."""

        def apply(ds: Dataset) -> Dataset:
            graph = ds._variant_tensor.graph
            expected = convert_to_tensor(
                expected_cardinality, _dt.int64, "expected_cardinality", graph
            )
            return ds._derive("AssertCardinalityDataset", [expected])

        return apply

    @staticmethod
    def from_list(elements: Any, name: str | None = None) -> Dataset:
        """A dataset of the given elements (each of one structure), as `from_tensor_slices`
        of them stacked."""
        from .ops.array_ops import stack

        if not isinstance(elements, list | tuple) or not elements:
            raise ValueError("Invalid `elements`. `elements` should not be empty.")
        flats = [_flatten(e) for e in elements]
        if any(not _same_structure(elements[0], e) for e in elements[1:]):
            raise ValueError("Invalid `elements`. All elements must have the same structure.")
        columns = [stack([f[i] for f in flats]) for i in range(len(flats[0]))]
        return Dataset.from_tensor_slices(_pack(elements[0], columns))

    @property
    def CsvDataset(self) -> type:
        from .data_csv import CsvDataset

        return CsvDataset

    @property
    def make_batched_features_dataset(self) -> Callable:
        from .readers import make_batched_features_dataset

        return make_batched_features_dataset

    @property
    def parse_example_dataset(self) -> Callable:
        from .readers import parse_example_dataset

        return parse_example_dataset

    @property
    def TFRecordWriter(self) -> type:
        from .readers import TFRecordWriter

        return TFRecordWriter

    @property
    def make_csv_dataset(self) -> Callable:
        from .data_csv import make_csv_dataset

        return make_csv_dataset

    group_by_window = staticmethod(group_by_window)
    rejection_resample = staticmethod(rejection_resample)
    bucket_by_sequence_length = staticmethod(bucket_by_sequence_length)
    choose_from_datasets = staticmethod(choose_from_datasets)
    sample_from_datasets = staticmethod(sample_from_datasets)
    RandomDataset = staticmethod(random_dataset)
    # tf.data's option groups (data_options.py), which tf.data.experimental names.
    AutoShardPolicy = AutoShardPolicy
    AutotuneOptions = AutotuneOptions
    DistributeOptions = DistributeOptions
    OptimizationOptions = OptimizationOptions
    ThreadingOptions = ThreadingOptions

    @staticmethod
    def Counter(start: Any = 0, step: Any = 1, dtype: Any = _dt.int64) -> Dataset:
        limit = _INT64_MAX if (step if isinstance(step, int) else 1) > 0 else -_INT64_MAX
        return Dataset.range(start, limit, step, output_type=dtype)


experimental = _Experimental()
AUTOTUNE = -1
INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


class _ContribData(_Experimental):
    """`tf.contrib.data`: the experimental helpers, and the classes TF 1.4 kept there."""

    Dataset = Dataset
    Iterator = Iterator

    @property
    def TFRecordDataset(self) -> type:
        return __getattr__("TFRecordDataset")

    @property
    def TextLineDataset(self) -> type:
        return __getattr__("TextLineDataset")


contrib_data = _ContribData()
