"""`tf.raw_ops`: TensorFlow's ops by their op type (`tf.raw_ops.Add(x=..., y=...)`), for the
ops graphgate has kernels for. As TF's, every argument is a keyword (a positional one is a
TypeError), named as TF's generated wrappers name it, and an op of several outputs returns
a namedtuple of TF's output names.

Two kinds. The ops in `_PLAIN` take only tensors (TF infers their type attributes from the
inputs, and graphgate's kernel has no attributes either), so one wrapper builds each node
by its type, as importing a TF graph builds it. `_PLAIN` was generated from TF 2.21's
OpDefs and `inspect.signature(tf.raw_ops.X)` (the inputs' Python names; each input's type
attribute, or its fixed type; the outputs), restricted to the types graphgate registers;
regenerate it after adding kernels. The ops with attributes (a reduction's `keep_dims`, a
cast's `DstT`) are written out below, each calling the public function that owns it.
"""

from __future__ import annotations

import collections
import inspect
from typing import Any

from . import dtypes as _dt
from .errors import error
from .graph import Operation, Tensor, convert_to_tensor, get_default_graph

# op type: (argument names, each argument's TF type attribute or fixed dtype, output names)
_PLAIN: dict[str, tuple[str, str, str]] = {
    "Abs": ("x", "T", "y"),
    "Acos": ("x", "T", "y"),
    "Acosh": ("x", "T", "y"),
    "Add": ("x y", "T T", "z"),
    "Asin": ("x", "T", "y"),
    "Asinh": ("x", "T", "y"),
    "Atan": ("x", "T", "y"),
    "Atan2": ("y x", "T T", "z"),
    "Atanh": ("x", "T", "y"),
    "BesselI0": ("x", "T", "y"),
    "BesselI0e": ("x", "T", "y"),
    "BesselI1": ("x", "T", "y"),
    "BesselI1e": ("x", "T", "y"),
    "Betainc": ("a b x", "T T T", "z"),
    "BitwiseAnd": ("x y", "T T", "z"),
    "BitwiseOr": ("x y", "T T", "z"),
    "BitwiseXor": ("x y", "T T", "z"),
    "BroadcastArgs": ("s0 s1", "T T", "r0"),
    "Ceil": ("x", "T", "y"),
    "Cholesky": ("input", "T", "output"),
    "ClipByValue": ("t clip_value_min clip_value_max", "T T T", "output"),
    "Conj": ("input", "T", "output"),
    "Cos": ("x", "T", "y"),
    "Cosh": ("x", "T", "y"),
    "Cross": ("a b", "T T", "product"),
    "DecodeBase64": ("input", "string", "output"),
    "DecodeGif": ("contents", "string", "image"),
    "Diag": ("diagonal", "T", "output"),
    "DiagPart": ("input", "T", "diagonal"),
    "Digamma": ("x", "T", "y"),
    "DivNoNan": ("x y", "T T", "z"),
    "Elu": ("features", "T", "activations"),
    "Erf": ("x", "T", "y"),
    "Erfc": ("x", "T", "y"),
    "Erfinv": ("x", "T", "y"),
    "Exp": ("x", "T", "y"),
    "Expm1": ("x", "T", "y"),
    "FFT": ("input", "Tcomplex", "output"),
    "FFT2D": ("input", "Tcomplex", "output"),
    "FFT3D": ("input", "Tcomplex", "output"),
    "Floor": ("x", "T", "y"),
    "FloorDiv": ("x y", "T T", "z"),
    "FloorMod": ("x y", "T T", "z"),
    "Greater": ("x y", "T T", "z"),
    "GreaterEqual": ("x y", "T T", "z"),
    "GuaranteeConst": ("input", "T", "output"),
    "IFFT": ("input", "Tcomplex", "output"),
    "IFFT2D": ("input", "Tcomplex", "output"),
    "IFFT3D": ("input", "Tcomplex", "output"),
    "Identity": ("input", "T", "output"),
    "Igamma": ("a x", "T T", "z"),
    "IgammaGradA": ("a x", "T T", "z"),
    "Igammac": ("a x", "T T", "z"),
    "Invert": ("x", "T", "y"),
    "InvertPermutation": ("x", "T", "y"),
    "IsFinite": ("x", "T", "y"),
    "IsInf": ("x", "T", "y"),
    "IsNan": ("x", "T", "y"),
    "IteratorToStringHandle": ("resource_handle", "resource", "string_handle"),
    "L2Loss": ("t", "T", "output"),
    "LeftShift": ("x y", "T T", "z"),
    "Less": ("x y", "T T", "z"),
    "LessEqual": ("x y", "T T", "z"),
    "Lgamma": ("x", "T", "y"),
    "Log": ("x", "T", "y"),
    "Log1p": ("x", "T", "y"),
    "LogMatrixDeterminant": ("input", "T", "sign log_abs_determinant"),
    "LogicalAnd": ("x y", "bool bool", "z"),
    "LogicalNot": ("x", "bool", "y"),
    "LogicalOr": ("x y", "bool bool", "z"),
    "LookupTableFindV2": ("table_handle keys default_value", "resource Tin Tout", "values"),
    "LookupTableImportV2": ("table_handle keys values", "resource Tin Tout", ""),
    "LookupTableSizeV2": ("table_handle", "resource", "size"),
    "MakeIterator": ("dataset iterator", "variant resource", ""),
    "MatrixBandPart": ("input num_lower num_upper", "T Tindex Tindex", "band"),
    "MatrixDeterminant": ("input", "T", "output"),
    "MatrixDiag": ("diagonal", "T", "output"),
    "MatrixDiagPart": ("input", "T", "diagonal"),
    "MatrixSetDiag": ("input diagonal", "T T", "output"),
    "Maximum": ("x y", "T T", "z"),
    "Minimum": ("x y", "T T", "z"),
    "Mul": ("x y", "T T", "z"),
    "MulNoNan": ("x y", "T T", "z"),
    "Ndtri": ("x", "T", "y"),
    "Neg": ("x", "T", "y"),
    "NoOp": ("", "", ""),
    "Polygamma": ("a x", "T T", "z"),
    "Pow": ("x y", "T T", "z"),
    "QueueIsClosedV2": ("handle", "resource", "is_closed"),
    "QueueSizeV2": ("handle", "resource", "size"),
    "Rank": ("input", "T", "output"),
    "RealDiv": ("x y", "T T", "z"),
    "Reciprocal": ("x", "T", "y"),
    "ReciprocalGrad": ("y dy", "T T", "z"),
    "RegexFullMatch": ("input pattern", "string string", "output"),
    "Relu": ("features", "T", "activations"),
    "Relu6": ("features", "T", "activations"),
    "ReluGrad": ("gradients features", "T T", "backprops"),
    "RightShift": ("x y", "T T", "z"),
    "Rint": ("x", "T", "y"),
    "Round": ("x", "T", "y"),
    "Rsqrt": ("x", "T", "y"),
    "RsqrtGrad": ("y dy", "T T", "z"),
    "Select": ("condition x y", "bool T T", "output"),
    "SelectV2": ("condition t e", "bool T T", "output"),
    "Selu": ("features", "T", "activations"),
    "SerializeTensor": ("tensor", "T", "serialized"),
    "Sigmoid": ("x", "T", "y"),
    "Sign": ("x", "T", "y"),
    "Sin": ("x", "T", "y"),
    "Sinh": ("x", "T", "y"),
    "Softplus": ("features", "T", "activations"),
    "Softsign": ("features", "T", "activations"),
    "SparseAdd": (
        "a_indices a_values a_shape b_indices b_values b_shape thresh",
        "int64 T int64 int64 T int64 Treal",
        "sum_indices sum_values sum_shape",
    ),
    "SparseAddGrad": (
        "backprop_val_grad a_indices b_indices sum_indices",
        "T int64 int64 int64",
        "a_val_grad b_val_grad",
    ),
    "SparseDenseCwiseAdd": ("sp_indices sp_values sp_shape dense", "int64 T int64 T", "output"),
    "SparseDenseCwiseDiv": ("sp_indices sp_values sp_shape dense", "int64 T int64 T", "output"),
    "SparseDenseCwiseMul": ("sp_indices sp_values sp_shape dense", "int64 T int64 T", "output"),
    "SparseReorder": (
        "input_indices input_values input_shape",
        "int64 T int64",
        "output_indices output_values",
    ),
    "SparseReshape": (
        "input_indices input_shape new_shape",
        "int64 int64 int64",
        "output_indices output_shape",
    ),
    "SparseSlice": (
        "indices values shape start size",
        "int64 T int64 int64 int64",
        "output_indices output_values output_shape",
    ),
    "SparseSliceGrad": (
        "backprop_val_grad input_indices input_start output_indices",
        "T int64 int64 int64",
        "val_grad",
    ),
    "SparseSoftmax": ("sp_indices sp_values sp_shape", "int64 T int64", "output"),
    "SparseSoftmaxCrossEntropyWithLogits": ("features labels", "T Tlabels", "loss backprop"),
    "SparseSparseMaximum": (
        "a_indices a_values a_shape b_indices b_values b_shape",
        "int64 T int64 int64 T int64",
        "output_indices output_values",
    ),
    "SparseSparseMinimum": (
        "a_indices a_values a_shape b_indices b_values b_shape",
        "int64 T int64 int64 T int64",
        "output_indices output_values",
    ),
    "SparseTensorDenseAdd": ("a_indices a_values a_shape b", "Tindices T Tindices T", "output"),
    "Sqrt": ("x", "T", "y"),
    "SqrtGrad": ("y dy", "T T", "z"),
    "Square": ("x", "T", "y"),
    "SquaredDifference": ("x y", "T T", "z"),
    "StopGradient": ("input", "T", "output"),
    "StringStrip": ("input", "string", "output"),
    "Sub": ("x y", "T T", "z"),
    "Tan": ("x", "T", "y"),
    "Tanh": ("x", "T", "y"),
    "TruncateDiv": ("x y", "T T", "z"),
    "TruncateMod": ("x y", "T T", "z"),
    "UnravelIndex": ("indices dims", "Tidx Tidx", "output"),
    "Where": ("condition", "T", "index"),
    "Xdivy": ("x y", "T T", "z"),
    "Xlog1py": ("x y", "T T", "z"),
    "Xlogy": ("x y", "T T", "z"),
    "Zeta": ("x q", "T T", "z"),
}


def _keywords_only(op_type: str, names: tuple[str, ...], fn: Any) -> Any:
    """`fn(**kwargs)` with TF's keyword-only signature (`name` last, defaulting to None)."""
    params = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY) for n in names]
    params.append(inspect.Parameter("name", inspect.Parameter.KEYWORD_ONLY, default=None))
    signature = inspect.Signature(params)

    def raw_op(*args: Any, **kwargs: Any) -> Any:
        if args:
            raise TypeError(
                f"{op_type} only takes keyword args (possible keys: {[*names, 'name']}). "
                "Please pass these args as kwargs instead."
            )
        bound = signature.bind(**kwargs)  # TypeError for a missing or unknown one, as TF's
        bound.apply_defaults()
        return fn(**bound.arguments)

    raw_op.__signature__ = signature  # type: ignore[attr-defined]
    raw_op.__name__ = raw_op.__qualname__ = op_type
    raw_op.__doc__ = f"TF's `raw_ops.{op_type}`: the {op_type} op of these inputs."
    return raw_op


def _converted(values: list[Any], types: tuple[str, ...], names: tuple[str, ...]) -> list[Tensor]:
    """The inputs as tensors: a literal takes the dtype of the first tensor sharing its type
    attribute (TF's inference), or its fixed dtype, else TF's default for it; it is named
    after its argument (`Add/y`)."""
    by_attr: dict[str, Any] = {}
    for v, t in zip(values, types, strict=True):
        if isinstance(v, Tensor):
            by_attr.setdefault(t, v.dtype)
    out = []
    for v, t, n in zip(values, types, names, strict=True):
        if isinstance(v, Tensor):
            out.append(v)
            continue
        fixed = t if t in ("bool", "string", "int32", "int64", "float32") else None
        out.append(convert_to_tensor(v, by_attr.get(t) or fixed, name=n))
    return out


def _plain(op_type: str, spec: tuple[str, str, str]) -> Any:
    names, types, outputs = (tuple(s.split()) for s in spec)
    result = collections.namedtuple(op_type, outputs) if len(outputs) > 1 else None

    def build(name: str | None = None, **inputs: Any) -> Any:
        values = [inputs[n] for n in names]
        graph = get_default_graph()
        if all(isinstance(v, Tensor) for v in values):
            op = graph.create_op(op_type, values, None, name or op_type)
        else:  # literals become constants under the op's scope (`Add/y`), as TF's
            with graph.name_scope(name or op_type) as scope:
                values = _converted(values, types, names)
            op = graph.create_op(op_type, values, None, scope)
        return _outputs(op, result)

    return _keywords_only(op_type, names, build)


def _outputs(op: Operation, result: Any) -> Any:
    if not op.outputs:
        return op
    if result is None:
        return op.outputs[0]
    return result(*op.outputs)


# -- ops with attributes, each by the public function that owns it ----------------------
# Keyword-only, as TF's; defaults as TF's generated wrappers have them; named, unless
# told, by the op type (the public functions' defaults are TF's Python names: `concat`).


def _gg() -> Any:
    import graphgate  # loaded whole by the time a raw op is called

    return graphgate


def _reduction(op_type: str, public: str) -> Any:
    def raw_op(*, input, axis, keep_dims=False, name=None):
        return getattr(_gg(), public)(input, axis, keepdims=keep_dims, name=name or op_type)

    raw_op.__name__ = raw_op.__qualname__ = op_type
    return raw_op


_REDUCTIONS = {
    "Sum": "reduce_sum",
    "Mean": "reduce_mean",
    "Max": "reduce_max",
    "Min": "reduce_min",
    "Prod": "reduce_prod",
    "All": "reduce_all",
    "Any": "reduce_any",  # `Any` here is TF's op, not typing's (annotations are strings)
}
_WRITTEN = [
    "MatMul",
    "ConcatV2",
    "Reshape",
    "Transpose",
    "Cast",
    "ExpandDims",
    "Squeeze",
    "Pack",
    "Shape",
    "Size",
    "Softmax",
    "LogSoftmax",
    "LeakyRelu",
    "Fill",
    "Tile",
    "GatherV2",
    "ArgMax",
    "ArgMin",
    "Slice",
    "OneHot",
    "Cumsum",
    "Cumprod",
    "AddN",
    "ZerosLike",
    "OnesLike",
]


def MatMul(*, a, b, transpose_a=False, transpose_b=False, grad_a=False, grad_b=False, name=None):
    return _gg().matmul(a, b, transpose_a, transpose_b, name=name or "MatMul")


def ConcatV2(*, values, axis, name=None):
    return _gg().concat(values, axis, name=name or "ConcatV2")


def Reshape(*, tensor, shape, name=None):
    return _gg().reshape(tensor, shape, name=name or "Reshape")


def Transpose(*, x, perm, name=None):
    return _gg().transpose(x, perm, name=name or "Transpose")


def Cast(*, x, DstT, Truncate=False, name=None):
    # Truncate rounds toward zero where a float narrows to a float; graphgate's casts round
    # to nearest, as TF's default: refused rather than computed differently.
    if Truncate and _dt.as_dtype(DstT) in _dt.FLOATS:
        raise error("UNIMPLEMENTED", "raw_ops.Cast(Truncate=True) to a float is not supported")
    return _gg().cast(x, DstT, name=name or "Cast")


def ExpandDims(*, input, axis, name=None):
    return _gg().expand_dims(input, axis, name=name or "ExpandDims")


def Squeeze(*, input, axis=[], name=None):  # noqa: B006 - TF's default, never mutated
    return _gg().squeeze(input, list(axis) or None, name=name or "Squeeze")


def Pack(*, values, axis=0, name=None):
    return _gg().stack(values, axis, name=name or "Pack")


def Shape(*, input, out_type=_dt.int32, name=None):
    return _gg().shape(input, name=name or "Shape", out_type=out_type)


def Size(*, input, out_type=_dt.int32, name=None):
    return _gg().size(input, name=name or "Size", out_type=out_type)


def Softmax(*, logits, name=None):
    return _gg().nn.softmax(logits, name=name or "Softmax")


def LogSoftmax(*, logits, name=None):
    return _gg().nn.log_softmax(logits, name=name or "LogSoftmax")


def LeakyRelu(*, features, alpha=0.2, name=None):
    return _gg().nn.leaky_relu(features, alpha, name=name or "LeakyRelu")


def Fill(*, dims, value, name=None):
    return _gg().fill(dims, value, name=name or "Fill")


def Tile(*, input, multiples, name=None):
    return _gg().tile(input, multiples, name=name or "Tile")


def GatherV2(*, params, indices, axis, batch_dims=0, name=None):
    return _gg().gather(params, indices, name=name or "GatherV2", axis=axis, batch_dims=batch_dims)


def ArgMax(*, input, dimension, output_type=_dt.int64, name=None):
    return _gg().argmax(input, dimension, name=name or "ArgMax", output_type=output_type)


def ArgMin(*, input, dimension, output_type=_dt.int64, name=None):
    return _gg().argmin(input, dimension, name=name or "ArgMin", output_type=output_type)


def Slice(*, input, begin, size, name=None):
    return _gg().slice(input, begin, size, name=name or "Slice")


def OneHot(*, indices, depth, on_value, off_value, axis=-1, name=None):
    return _gg().one_hot(indices, depth, on_value, off_value, axis, name=name or "OneHot")


def Cumsum(*, x, axis, exclusive=False, reverse=False, name=None):
    return _gg().cumsum(x, axis, exclusive, reverse, name=name or "Cumsum")


def Cumprod(*, x, axis, exclusive=False, reverse=False, name=None):
    return _gg().cumprod(x, axis, exclusive, reverse, name=name or "Cumprod")


def AddN(*, inputs, name=None):
    return _gg().add_n(inputs, name=name or "AddN")


def ZerosLike(*, x, name=None):
    return _gg().zeros_like(x, name=name or "ZerosLike")


def OnesLike(*, x, name=None):
    return _gg().ones_like(x, name=name or "OnesLike")


globals().update({op_type: _plain(op_type, spec) for op_type, spec in _PLAIN.items()})
globals().update({op_type: _reduction(op_type, fn) for op_type, fn in _REDUCTIONS.items()})

__all__ = sorted([*_PLAIN, *_REDUCTIONS, *_WRITTEN])
