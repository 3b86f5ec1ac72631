"""`tf.raw_ops`: TensorFlow's ops by their op type (`tf.raw_ops.Add(x=..., y=...)`), for the
ops graphgate has kernels for. As TF's, every argument is a keyword (a positional one is a
TypeError), named as TF's generated wrappers name it, and an op of several outputs returns
a namedtuple of TF's output names.

Two kinds. The ops in `tf_raw_op_inputs.PLAIN` take only tensors (TF infers their type
attributes from the inputs, and graphgate's kernel has no attributes either), so one
wrapper builds each node by its type, as importing a TF graph builds it; that table is
generated from TF's OpDefs (tests/reference/tf_raw_op_inputs.py: rerun after adding
kernels). The ops with attributes (a reduction's `keep_dims`, a cast's `DstT`) are
written out, each calling the public function that owns it: the commonest below, the
rest by family (`raw_ops_nn`, `raw_ops_image`, `raw_ops_array`, `raw_ops_strings`,
`raw_ops_state`, `raw_ops_random`), their attributes checked as TF's OpDefs check them
(`raw_op_attrs`). Adding one: the wrapper in its family and its name in `NAMES`, a
program in tests/reference/tf1_keywords_raw_ops.py (values, a bad attribute's class),
a graph in tests/reference/tf_raw_op_graphs.py (the importer), then rerun both.
"""

from __future__ import annotations

import inspect
from typing import Any

from . import dtypes as _dt
from . import (
    raw_ops_array,
    raw_ops_image,
    raw_ops_nn,
    raw_ops_random,
    raw_ops_state,
    raw_ops_strings,
)
from .errors import error
from .graph import Operation, Tensor, as_tensors, convert_to_tensor, get_default_graph
from .op_results import result_type
from .tf_op_outputs import OUTPUT_ARGS
from .tf_raw_op_inputs import PLAIN


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
    """The inputs as tensors, in argument order as TF's `_apply_op_helper` converts them: a
    literal takes the dtype an earlier argument gave its type attribute, or its fixed
    dtype, else its own default dtype, which later arguments must then match
    (`Mul(x=2, y=<float32>)` is TypeError, as TF's); it is named after its argument
    (`Add/y`)."""
    by_attr: dict[str, Any] = {}
    out = []
    for v, t, n in zip(values, types, names, strict=True):
        if not isinstance(v, Tensor):
            fixed = t if t in ("bool", "string", "int32", "int64", "float32") else None
            v = convert_to_tensor(v, by_attr.get(t) or fixed, name=n)
        by_attr.setdefault(t, v.dtype)
        out.append(v)
    return out


def _plain(op_type: str, spec: tuple[str, str], attrs: dict | None = None) -> Any:
    names, types = (tuple(s.split()) for s in spec)
    outputs = OUTPUT_ARGS.get(op_type)  # of ops with more than one output: TF's names
    result = result_type(op_type) if outputs else None

    def build(name: str | None = None, **inputs: Any) -> Any:
        values = [inputs[n] for n in names]
        graph = get_default_graph()
        if all(isinstance(v, Tensor) for v in values):
            op = graph.create_op(op_type, values, attrs, name or op_type)
        else:  # literals become constants under the op's scope (`Add/y`), as TF's
            with graph.name_scope(name or op_type) as scope:
                values = _converted(values, types, names)
            op = graph.create_op(op_type, values, attrs, scope)
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
    "BatchMatMul",
    "BatchMatMulV2",
    "BatchMatMulV3",
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


def BatchMatMul(*, x, y, adj_x=False, adj_y=False, grad_x=False, grad_y=False, name=None):
    # The first BatchMatMul does not broadcast: TF's shape function wants equal batch dims.
    _, (x, y) = as_tensors(x, y)
    xs, ys = x.static_shape, y.static_shape
    known = xs is not None and ys is not None and len(xs) >= 2 and len(ys) >= 2
    if known and (
        len(xs) != len(ys) or any(a and b and a != b for a, b in zip(xs[:-2], ys[:-2], strict=True))
    ):
        raise ValueError(f"BatchMatMul needs equal batch dimensions, got {xs} and {ys}")
    return BatchMatMulV2(x=x, y=y, adj_x=adj_x, adj_y=adj_y, name=name or "BatchMatMul")


def BatchMatMulV2(*, x, y, adj_x=False, adj_y=False, grad_x=False, grad_y=False, name=None):
    return _gg().matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y, name=name or "BatchMatMulV2")


def BatchMatMulV3(*, x, y, Tout, adj_x=False, adj_y=False, grad_x=False, grad_y=False, name=None):
    return _gg().matmul(
        x, y, adjoint_a=adj_x, adjoint_b=adj_y, output_type=Tout, name=name or "BatchMatMulV3"
    )


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


globals().update({op_type: _plain(op_type, spec) for op_type, spec in PLAIN.items()})
# TF's kernel, whose gradient is not tf.clip_by_value's (Minimum, then Maximum): graphgate's
# op has that attribute, so the generated table leaves it to this line.
ClipByValue = _plain(
    "ClipByValue", ("t clip_value_min clip_value_max", "T T T"), {"kernel_gradient": True}
)
globals().update({op_type: _reduction(op_type, fn) for op_type, fn in _REDUCTIONS.items()})
_FAMILIES = (
    raw_ops_nn,
    raw_ops_image,
    raw_ops_array,
    raw_ops_strings,
    raw_ops_state,
    raw_ops_random,
)
for _family in _FAMILIES:
    globals().update({op_type: getattr(_family, op_type) for op_type in _family.NAMES})

__all__ = sorted(
    [*PLAIN, "ClipByValue", *_REDUCTIONS, *_WRITTEN, *(n for f in _FAMILIES for n in f.NAMES)]
)
