"""`tf.raw_ops`' shape, indexing, segment and linear-algebra ops with attributes (see
raw_ops.py): TF's attributes checked as TF checks them, then built by the public
function that owns each op. Ops of several outputs return TF's namedtuple; ops of a
list output (Split, Unpack) a list, as TF's.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import as_tensors
from .op_results import result_type
from .ops.extra_array_ops import unique_v2
from .raw_op_attrs import dtype_in, gg, named, one_of, op_alone, unimplemented

_INDEX = (_dt.int32, _dt.int64)


def Range(*, start, limit, delta, name=None):
    return gg().range(start, limit, delta, name=name or "Range")


def LinSpace(*, start, stop, num, name=None):
    return gg().linspace(start, stop, num, name=name or "LinSpace")


def Split(*, axis, value, num_split, name=None):
    return gg().split(value, _count("Split", "num_split", num_split), axis, name=name or "Split")


def SplitV(*, value, size_splits, axis, num_split, name=None):
    num = _count("SplitV", "num_split", num_split)
    return gg().split(value, size_splits, axis, num=num, name=name or "SplitV")


def _count(op: str, attr: str, value: Any) -> int:
    """An int attribute of at least 1 (TF's `has_minimum`)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise error(
            "INVALID_ATTR", f"{op}: attr {attr} takes an int, got {value!r}", also=(TypeError,)
        )
    if value < 1:
        raise error("INVALID_ATTR", f"{op}: attr {attr} must be at least 1, got {value}")
    return value


def Unpack(*, value, num, axis=0, name=None):
    return gg().unstack(value, _count("Unpack", "num", num), axis, name=name or "Unpack")


def StridedSlice(
    *,
    input,
    begin,
    end,
    strides,
    begin_mask=0,
    end_mask=0,
    ellipsis_mask=0,
    new_axis_mask=0,
    shrink_axis_mask=0,
    name=None,
):
    return gg().strided_slice(
        input,
        begin,
        end,
        strides,
        begin_mask,
        end_mask,
        ellipsis_mask,
        new_axis_mask,
        shrink_axis_mask,
        name=name or "StridedSlice",
    )


def Pad(*, input, paddings, name=None):
    return gg().pad(input, paddings, name=name or "Pad")


def PadV2(*, input, paddings, constant_values, name=None):
    return gg().pad(input, paddings, constant_values=constant_values, name=name or "PadV2")


def MirrorPad(*, input, paddings, mode, name=None):
    mode = one_of("MirrorPad", "mode", mode, ("REFLECT", "SYMMETRIC"))
    return gg().pad(input, paddings, mode=mode, name=name or "MirrorPad")


def ReverseV2(*, tensor, axis, name=None):
    return gg().reverse(tensor, axis, name=name or "ReverseV2")


def Roll(*, input, shift, axis, name=None):
    return gg().roll(input, shift, axis, name=name or "Roll")


def BroadcastTo(*, input, shape, name=None):
    return gg().broadcast_to(input, shape, name=name or "BroadcastTo")


def ReverseSequence(*, input, seq_lengths, seq_dim, batch_dim=0, name=None):
    return gg().reverse_sequence(
        input, seq_lengths, seq_axis=seq_dim, batch_axis=batch_dim, name=name or "ReverseSequence"
    )


_UNIQUE = result_type("Unique")
_LIST_DIFF = result_type("ListDiff")


def Unique(*, x, out_idx=_dt.int32, name=None):
    out_idx = dtype_in("Unique", "out_idx", out_idx, _INDEX)
    return _UNIQUE(*gg().unique(x, out_idx, name=name or "Unique"))


def UniqueV2(*, x, axis, out_idx=_dt.int32, name=None):
    out_idx = dtype_in("UniqueV2", "out_idx", out_idx, _INDEX)
    return unique_v2(x, axis, out_idx, name=name or "UniqueV2")


def ListDiff(*, x, y, out_idx=_dt.int32, name=None):
    out_idx = dtype_in("ListDiff", "out_idx", out_idx, _INDEX)
    return _LIST_DIFF(*gg().setdiff1d(x, y, out_idx, name=name or "ListDiff"))


def GatherNd(*, params, indices, bad_indices_policy="", name=None):
    return gg().gather_nd(
        params, indices, name=name or "GatherNd", bad_indices_policy=bad_indices_policy
    )


def ScatterNd(*, indices, updates, shape, bad_indices_policy="", name=None):
    return gg().scatter_nd(
        indices, updates, shape, name=name or "ScatterNd", bad_indices_policy=bad_indices_policy
    )


def _tensor_scatter(op_type: str, public: str) -> Any:
    def raw_op(*, tensor, indices, updates, bad_indices_policy="", name=None):
        if public == "tensor_scatter_nd_update":  # its public function has no policy
            from .ops.index_ops import check_bad_indices_policy

            check_bad_indices_policy(bad_indices_policy, op_type)
            return gg().tensor_scatter_nd_update(tensor, indices, updates, name=name or op_type)
        return getattr(gg(), public)(
            tensor, indices, updates, name=name or op_type, bad_indices_policy=bad_indices_policy
        )

    return named(op_type, raw_op)


_TENSOR_SCATTERS = {
    f"TensorScatter{kind}": f"tensor_scatter_nd_{kind.lower()}"
    for kind in ("Update", "Add", "Sub", "Max", "Min")
}


def _comparison(op_type: str, public: str) -> Any:
    def raw_op(*, x, y, incompatible_shape_error=True, name=None):
        # False makes shapes that do not broadcast compare unequal (a scalar False) where
        # graphgate's kernel refuses them: refused by name rather than computed otherwise.
        if not incompatible_shape_error:
            raise unimplemented(op_type, "incompatible_shape_error=False")
        return getattr(gg(), public)(x, y, name=name or op_type)

    return named(op_type, raw_op)


def IdentityN(*, input, name=None):
    return gg().identity_n(input, name=name or "IdentityN")


def ShapeN(*, input, out_type=_dt.int32, name=None):
    out_type = dtype_in("ShapeN", "out_type", out_type, _INDEX)
    return gg().shape_n(input, out_type, name=name or "ShapeN")


def Placeholder(*, dtype, shape=None, name=None):
    return gg().placeholder(dtype, shape, name=name or "Placeholder")


def PlaceholderWithDefault(*, input, shape, name=None):
    return gg().placeholder_with_default(input, shape, name=name or "PlaceholderWithDefault")


def DynamicPartition(*, data, partitions, num_partitions, name=None):
    num = _count("DynamicPartition", "num_partitions", num_partitions)
    return gg().dynamic_partition(data, partitions, num, name=name or "DynamicPartition")


def DynamicStitch(*, indices, data, name=None):
    return gg().dynamic_stitch(indices, data, name=name or "DynamicStitch")


def ParallelDynamicStitch(*, indices, data, name=None):
    # TF's parallel version leaves which of repeated indices wins open; the last is one.
    return gg().dynamic_stitch(indices, data, name=name or "ParallelDynamicStitch")


def NthElement(*, input, n, reverse=False, name=None):
    from .ops.index_ops import nth_element

    return nth_element(input, n, bool(reverse), name=name)


def Bucketize(*, input, boundaries, name=None):
    graph, (x,) = as_tensors(input)
    edges = [float(np.float32(b)) for b in boundaries]  # TF's attribute: floats
    return graph.create_op("Bucketize", (x,), {"boundaries": edges}, name or "Bucketize").outputs[0]


def CheckNumerics(*, tensor, message, name=None):
    return gg().check_numerics(tensor, message, name=name or "CheckNumerics")


def EnsureShape(*, input, shape, name=None):
    return gg().ensure_shape(input, shape, name=name or "EnsureShape")


def _segment(op_type: str, public: str, unsorted: bool) -> Any:
    if unsorted:

        def raw_op(*, data, segment_ids, num_segments, name=None):
            return getattr(gg(), public)(data, segment_ids, num_segments, name=name or op_type)
    else:

        def raw_op(*, data, segment_ids, name=None):
            return getattr(gg(), public)(data, segment_ids, name=name or op_type)

    return named(op_type, raw_op)


_SEGMENTS = {
    **{f"Segment{k}": (f"segment_{k.lower()}", False) for k in ("Sum", "Mean", "Max", "Min")},
    "SegmentProd": ("segment_prod", False),
    **{f"UnsortedSegment{k}": (f"unsorted_segment_{k.lower()}", True) for k in ("Sum", "Max")},
    "UnsortedSegmentMin": ("unsorted_segment_min", True),
    "UnsortedSegmentProd": ("unsorted_segment_prod", True),
}


def MatrixInverse(*, input, adjoint=False, name=None):
    return gg().matrix_inverse(input, bool(adjoint), name=name or "MatrixInverse")


def MatrixTriangularSolve(*, matrix, rhs, lower=True, adjoint=False, name=None):
    # The op alone: the public function builds it under `triangular_solve/`, as TF's.
    graph, ts = as_tensors(matrix, rhs)
    attrs = {"lower": bool(lower), "adjoint": bool(adjoint)}
    return graph.create_op(
        "MatrixTriangularSolve", tuple(ts), attrs, name or "MatrixTriangularSolve"
    ).outputs[0]


_QR = result_type("Qr")
_SVD = result_type("Svd")
_EIG = result_type("SelfAdjointEigV2")


def Qr(*, input, full_matrices=False, name=None):
    return _QR(*gg().qr(input, bool(full_matrices), name=name or "Qr"))


def Svd(*, input, compute_uv=True, full_matrices=False, name=None):
    # Without compute_uv TF's u and v are empty placeholders graphgate's Svd does not make.
    if not compute_uv:
        raise unimplemented("Svd", "compute_uv=False (use gg.linalg.svd)")
    return _SVD(*gg().svd(input, bool(full_matrices), True, name=name or "Svd"))


def SelfAdjointEigV2(*, input, compute_v=True, name=None):
    if not compute_v:
        raise unimplemented("SelfAdjointEigV2", "compute_v=False (use gg.linalg.eigvalsh)")
    return _EIG(*gg().self_adjoint_eig(input, name=name or "SelfAdjointEigV2"))


def CumulativeLogsumexp(*, x, axis, exclusive=False, reverse=False, name=None):
    return gg().math.cumulative_logsumexp(
        x, axis, bool(exclusive), bool(reverse), name=name or "CumulativeLogsumexp"
    )


def EuclideanNorm(*, input, axis, keep_dims=False, name=None):
    return gg().math.reduce_euclidean_norm(
        input, axis, keepdims=bool(keep_dims), name=name or "EuclideanNorm"
    )


_ALIGNS = ("LEFT_RIGHT", "RIGHT_LEFT", "LEFT_LEFT", "RIGHT_RIGHT")


def MatrixDiagPartV3(*, input, k, padding_value, align="RIGHT_LEFT", name=None):
    align = one_of("MatrixDiagPartV3", "align", align, _ALIGNS)
    return gg().matrix_diag_part(input, name or "MatrixDiagPartV3", k, padding_value, align)


def MatrixDiagV3(*, diagonal, k, num_rows, num_cols, padding_value, align="RIGHT_LEFT", name=None):
    align = one_of("MatrixDiagV3", "align", align, _ALIGNS)
    return gg().matrix_diag(
        diagonal, name or "MatrixDiagV3", k, num_rows, num_cols, padding_value, align
    )


def _complex_part(op_type: str, public: str, arg: str) -> Any:
    def raw_op(*, Tout=_dt.float32, name=None, **kwargs):
        out = getattr(gg(), public)(kwargs[arg], name=name or op_type)
        return _of_type(op_type, out, Tout)

    params = [inspect.Parameter(arg, inspect.Parameter.KEYWORD_ONLY)]
    params += [
        inspect.Parameter("Tout", inspect.Parameter.KEYWORD_ONLY, default=_dt.float32),
        inspect.Parameter("name", inspect.Parameter.KEYWORD_ONLY, default=None),
    ]
    raw_op.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return named(op_type, raw_op)


def _of_type(op_type: str, out: Any, tout: Any) -> Any:
    """`out` if its dtype is TF's `Tout`: graphgate's kernel gives the part of a complex64
    float32, of a complex128 float64, the only pairs TF's kernels compute."""
    if out.dtype != _dt.as_dtype(tout):
        raise error(
            "INVALID_ATTR",
            f"{op_type}: Tout {_dt.as_dtype(tout).name} does not match its input's "
            f"{out.dtype.name} part",
            also=(TypeError,),
        )
    return out


def Complex(*, real, imag, Tout=_dt.complex64, name=None):
    return _of_type("Complex", gg().complex(real, imag, name=name or "Complex"), Tout)


def _bound(op_type: str) -> Any:
    def raw_op(*, sorted_inputs, values, out_type=_dt.int32, name=None):
        out_type = dtype_in(op_type, "out_type", out_type, _INDEX)
        return op_alone(op_type, (sorted_inputs, values), {"out_type": out_type}, name)

    return named(op_type, raw_op)


def Einsum(*, inputs, equation, name=None):
    # The op alone (the public einsum builds it under `einsum/`), its equation checked and
    # normalized as the public function does.
    from .ops.linalg_ops import parse_equation
    from .ops.registry import InferenceError

    if not isinstance(equation, str):
        raise error(
            "INVALID_ATTR",
            f"Einsum's equation must be a string, got {equation!r}",
            also=(TypeError,),
        )
    try:
        eq = parse_equation(equation, len(inputs))
    except InferenceError as e:
        raise error(e.code, e.message) from None
    return op_alone("Einsum", tuple(inputs), {"equation": eq.text()}, name)


def Bitcast(*, input, type, name=None):
    return gg().bitcast(input, type, name=name or "Bitcast")


def HistogramFixedWidth(*, values, value_range, nbins, dtype=_dt.int32, name=None):
    dtype = dtype_in("HistogramFixedWidth", "dtype", dtype, _INDEX)
    return gg().histogram_fixed_width(
        values, value_range, nbins, dtype, name=name or "HistogramFixedWidth"
    )


def SparseToDense(
    *, sparse_indices, output_shape, sparse_values, default_value, validate_indices=True, name=None
):
    return gg().sparse_to_dense(
        sparse_indices,
        output_shape,
        sparse_values,
        default_value,
        bool(validate_indices),
        name=name or "SparseToDense",
    )


def _sparse_map_op(op_type: str, inputs: tuple, attrs: dict, name: Any) -> Any:
    """A SparseTensorsMap op (ops/sparse_map_ops.py): indices, shapes and handles int64."""
    from .graph import convert_to_tensor, get_default_graph

    graph = get_default_graph()
    with graph.name_scope(name or op_type) as scope:
        converted = [
            convert_to_tensor(v, None if arg == "sparse_values" else _dt.int64, name=arg)
            for arg, v in inputs
        ]
    op = graph.create_op(op_type, converted, attrs, scope)
    return op.outputs[0] if len(op.outputs) == 1 else result_type(op_type)(*op.outputs)


def AddSparseToTensorsMap(
    *, sparse_indices, sparse_values, sparse_shape, container="", shared_name="", name=None
):
    parts = (("sparse_indices", sparse_indices), ("sparse_values", sparse_values))
    attrs = {"container": container, "shared_name": shared_name}
    return _sparse_map_op(
        "AddSparseToTensorsMap", (*parts, ("sparse_shape", sparse_shape)), attrs, name
    )


def AddManySparseToTensorsMap(
    *, sparse_indices, sparse_values, sparse_shape, container="", shared_name="", name=None
):
    parts = (("sparse_indices", sparse_indices), ("sparse_values", sparse_values))
    attrs = {"container": container, "shared_name": shared_name}
    return _sparse_map_op(
        "AddManySparseToTensorsMap", (*parts, ("sparse_shape", sparse_shape)), attrs, name
    )


def TakeManySparseFromTensorsMap(*, sparse_handles, dtype, container="", shared_name="", name=None):
    attrs = {"dtype": _dt.as_dtype(dtype), "container": container, "shared_name": shared_name}
    inputs = (("sparse_handles", sparse_handles),)
    return _sparse_map_op("TakeManySparseFromTensorsMap", inputs, attrs, name)


def _real_fft(op_type: str, public: str, inverse: bool) -> Any:
    out_attr, default = ("Treal", _dt.float32) if inverse else ("Tcomplex", _dt.complex64)

    def raw_op(*, input, fft_length, name=None, **kwargs):
        out = getattr(gg().signal, public)(input, fft_length, name=name or op_type)
        return _of_type(op_type, out, kwargs.get(out_attr, default))

    params = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY) for n in ("input", "fft_length")]
    params += [
        inspect.Parameter(out_attr, inspect.Parameter.KEYWORD_ONLY, default=default),
        inspect.Parameter("name", inspect.Parameter.KEYWORD_ONLY, default=None),
    ]
    raw_op.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return named(op_type, raw_op)


def MatrixSolve(*, matrix, rhs, adjoint=False, name=None):
    return gg().matrix_solve(matrix, rhs, bool(adjoint), name=name or "MatrixSolve")


def MatrixSetDiagV3(*, input, diagonal, k, align="RIGHT_LEFT", name=None):
    align = one_of("MatrixSetDiagV3", "align", align, _ALIGNS)
    return gg().matrix_set_diag(input, diagonal, name or "MatrixSetDiagV3", k, align)


def _sparse_segment(op_type: str, public: str, counted: bool) -> Any:
    def build(data, indices, segment_ids, num_segments, sparse_gradient, name):
        # TF's sparse_gradient=True makes the gradient IndexedSlices; graphgate's is dense.
        if sparse_gradient:
            raise unimplemented(op_type, "sparse_gradient=True")
        return getattr(gg().sparse, public)(
            data, indices, segment_ids, name or op_type, num_segments
        )

    if counted:

        def raw_op(*, data, indices, segment_ids, num_segments, sparse_gradient=False, name=None):
            return build(data, indices, segment_ids, num_segments, sparse_gradient, name)
    else:

        def raw_op(*, data, indices, segment_ids, sparse_gradient=False, name=None):
            return build(data, indices, segment_ids, None, sparse_gradient, name)

    return named(op_type, raw_op)


_BUILT = {
    **{op: _tensor_scatter(op, public) for op, public in _TENSOR_SCATTERS.items()},
    "Equal": _comparison("Equal", "equal"),
    "NotEqual": _comparison("NotEqual", "not_equal"),
    **{op: _segment(op, public, unsorted) for op, (public, unsorted) in _SEGMENTS.items()},
    "Real": _complex_part("Real", "real", "input"),
    "Imag": _complex_part("Imag", "imag", "input"),
    "Angle": _complex_part("Angle", "angle", "input"),
    "ComplexAbs": _complex_part("ComplexAbs", "abs", "x"),
    "LowerBound": _bound("LowerBound"),
    "UpperBound": _bound("UpperBound"),
    **{
        op: _real_fft(op, op.lower(), op.startswith("I"))
        for op in ("RFFT", "IRFFT", "RFFT2D", "IRFFT2D", "RFFT3D", "IRFFT3D")
    },
    **{
        f"SparseSegment{kind}{tail}": _sparse_segment(
            f"SparseSegment{kind}{tail}", f"segment_{public}", bool(tail)
        )
        for kind, public in (("Sum", "sum"), ("Mean", "mean"), ("SqrtN", "sqrt_n"))
        for tail in ("", "WithNumSegments")
    },
}
globals().update(_BUILT)

NAMES = [
    "Range",
    "LinSpace",
    "Split",
    "SplitV",
    "Unpack",
    "StridedSlice",
    "Pad",
    "PadV2",
    "MirrorPad",
    "ReverseV2",
    "Roll",
    "BroadcastTo",
    "ReverseSequence",
    "Unique",
    "UniqueV2",
    "ListDiff",
    "GatherNd",
    "ScatterNd",
    "IdentityN",
    "ShapeN",
    "Placeholder",
    "PlaceholderWithDefault",
    "DynamicPartition",
    "DynamicStitch",
    "CheckNumerics",
    "EnsureShape",
    "MatrixInverse",
    "MatrixTriangularSolve",
    "Qr",
    "Svd",
    "SelfAdjointEigV2",
    "CumulativeLogsumexp",
    "EuclideanNorm",
    "MatrixDiagPartV3",
    "MatrixDiagV3",
    "Complex",
    "Einsum",
    "Bitcast",
    "HistogramFixedWidth",
    "SparseToDense",
    "AddSparseToTensorsMap",
    "AddManySparseToTensorsMap",
    "TakeManySparseFromTensorsMap",
    "MatrixSolve",
    "MatrixSetDiagV3",
    "ParallelDynamicStitch",
    "NthElement",
    "Bucketize",
]
for _name in NAMES:
    named(_name, globals()[_name])
NAMES += list(_BUILT)
