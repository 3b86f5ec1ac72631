"""Debugging ops: `Print` and `print` (which log), `Assert` and the `assert_*` checks,
`check_numerics`. They log through the `graphgate.tf.print` logger (a child of `tf.logging`'s
`graphgate.tf`, so the service routes both into a run's structured logs) and fail runs with
`InvalidArgumentError`s whose messages have TF's shape."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Operation, Tensor, constant_op, convert_to_tensor, get_default_graph
from .array_ops import identity, stack
from .math_ops import equal, greater, greater_equal, less, less_equal, not_equal
from .reduce_ops import reduce_all
from .registry import (
    InferenceError,
    check_dtype,
    not_differentiable,
    register_gradient,
    register_op,
)
from .state_ops import group, no_op

PRINT_LOGGER = logging.getLogger("graphgate.tf.print")
# TF prints whatever the logging verbosity; INFO records pass this logger whatever the
# root's level is, and reach a handler (below) even in a script that configured none.
PRINT_LOGGER.setLevel(logging.INFO)
_fallback: logging.Handler | None = None


def _emit(text: str, node: str) -> None:
    global _fallback
    if _fallback is None and not PRINT_LOGGER.hasHandlers():
        # A plain script configured no logging: write to stderr as TF does.
        _fallback = logging.StreamHandler(sys.stderr)
        PRINT_LOGGER.addHandler(_fallback)
    PRINT_LOGGER.info(text, extra={"node": node})


def summarize(value: Any, n: int) -> str:
    """TF1's `Tensor::SummarizeValue`: the first `n` entries in nested brackets, `...`
    after them (n < 0: all)."""
    a = np.asarray(value)
    if a.dtype.kind in "SO":
        a = np.vectorize(lambda s: s.decode() if isinstance(s, bytes) else str(s))(a)
    limit = a.size if n is None or n < 0 else n
    flat = a.reshape(-1)
    items = [_scalar_text(v) for v in flat[:limit]]
    if a.ndim == 0:
        return "[" + (items[0] if items else "") + "]"
    out: list[str] = []
    _one_dim(items, a.shape, 0, [0], out)
    return "[" + "".join(out) + ("..." if a.size > limit else "") + "]"


def _scalar_text(v) -> str:
    if isinstance(v, np.bool_ | bool):
        return "1" if v else "0"
    if isinstance(v, np.floating):
        # TF's FloatToBuffer/DoubleToBuffer: the short form unless it does not read back.
        short, full = (6, 9) if v.dtype.itemsize <= 4 else (15, 17)
        text = f"{float(v):.{short}g}"
        return text if v.dtype.type(text) == v else f"{float(v):.{full}g}"
    return str(v)


def _one_dim(items: list, shape: tuple, dim: int, at: list, out: list) -> None:
    """TF's PrintOneDim: `items` (the first `limit` entries) bracketed by `shape`;
    `at` is the position reached, shared by the recursion."""
    limit = len(items)
    if at[0] >= limit:
        return
    if dim == len(shape) - 1:
        for i in range(shape[dim]):
            if at[0] >= limit:
                if dim != 0:
                    out.append("...")
                return
            if i:
                out.append(" ")
            out.append(items[at[0]])
            at[0] += 1
        return
    for _ in range(shape[dim]):
        opened = at[0] < limit
        if opened:
            out.append("[")
        _one_dim(items, shape, dim + 1, at, out)
        if opened:
            out.append("]")


# -- Print ---------------------------------------------------------------------------------


def _print_infer(shapes, types, attrs):
    return [(shapes[0], types[0])]


@register_op(
    "Print",
    arity=(1, 1 << 30),
    infer=_print_infer,
    attrs={"message": ("str", ""), "first_n": ("int", -1), "summarize": ("int", 3)},
    stateful=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _print(op):
    a = op.attrs
    message, first_n, n = a.get("message", ""), a.get("first_n", -1), a.get("summarize", 3)

    def kernel(state, x, *data):
        if first_n < 0 or state.count(op) <= first_n:
            _emit(message + "".join(summarize(d, n) for d in data), op.name)
        return x

    return kernel


@register_gradient("Print")
def _print_grad(op, g):
    return [g] + [None] * (len(op.inputs) - 1)


def Print(
    input_: Any,
    data: Any,
    message: str | None = None,
    first_n: int | None = None,
    summarize: int | None = None,
    name: str | None = None,
) -> Tensor:
    """`input_`, logging `message` and the values of `data` each time it runs (TF1's
    `tf.Print`; to the `graphgate.tf.print` logger, stderr when logging is unconfigured)."""
    graph = input_.op.graph if isinstance(input_, Tensor) else get_default_graph()
    x = convert_to_tensor(input_, graph=graph)
    ts = [convert_to_tensor(d, graph=graph) for d in data or []]
    attrs = {
        "message": message or "",
        "first_n": -1 if first_n is None else int(first_n),
        "summarize": 3 if summarize is None else int(summarize),
    }
    return graph.create_op("Print", (x, *ts), attrs, name or "Print").outputs[0]


# -- tf.print ------------------------------------------------------------------------------


def _no_outputs(shapes, types, attrs):
    return []


def _template_text(template: str, values: list, n: int) -> str:
    parts = json.loads(template)
    it = iter(values)
    return "".join(p if p is not None else _rendered(next(it), n) for p in parts)


def _rendered(value, n: int) -> str:
    """tf.print's rendering of a tensor: TF's (string_ops.tensor_text, shared with
    `tf.strings.format`), the first and last `n` entries of each axis."""
    from .string_ops import tensor_text

    return tensor_text(value, -1 if n is None else n)


@register_op(
    "PrintV2",
    arity=(0, 1 << 30),
    infer=_no_outputs,
    attrs={"template": ("str", "[]"), "summarize": ("int", 3), "end": ("str", "\n")},
    stateful=True,
    unknown_rank_ok=True,
)
def _print_v2(op):
    template, n = op.attrs.get("template", "[]"), op.attrs.get("summarize", 3)
    end = op.attrs.get("end", "\n")

    def kernel(*values):
        text = _template_text(template, list(values), n) + end
        _emit(text.removesuffix("\n"), op.name)

    return kernel


not_differentiable("PrintV2")


@register_op(
    "Timestamp", arity=0, infer=lambda shapes, types, attrs: [((), _dt.float64)], stateful=True
)
def _timestamp(op):
    import time

    return lambda: np.float64(time.time())


not_differentiable("Timestamp")


def timestamp(name: str | None = None) -> Tensor:
    """Seconds since the epoch, as float64, read each time the op runs (`tf.timestamp`)."""
    return get_default_graph().create_op("Timestamp", (), None, name or "Timestamp").outputs[0]


def print(*inputs: Any, **kwargs: Any) -> Operation:
    """TF's `tf.print`: an op (for `control_dependencies` or `run`) that logs `inputs`
    separated by `sep`; Python values are written as they are, tensors as numpy does,
    `summarize` entries at each end of long axes. `output_stream` is accepted and the text
    goes to the `graphgate.tf.print` logger."""
    sep, end = kwargs.pop("sep", " "), kwargs.pop("end", "\n")
    n, name = kwargs.pop("summarize", 3), kwargs.pop("name", None)
    kwargs.pop("output_stream", None)
    if kwargs:
        raise error("INVALID_ATTR", f"print got unknown arguments {sorted(kwargs)}")
    graph = get_default_graph()
    for v in inputs:
        if isinstance(v, Tensor):
            graph = v.op.graph
    parts: list = []
    tensors = []
    for i, v in enumerate(inputs):
        if i:
            parts.append(sep)
        if isinstance(v, Tensor):
            parts.append(None)
            tensors.append(v)
        else:
            parts.append(str(v))
    attrs = {"template": json.dumps(parts), "summarize": int(n), "end": str(end)}
    return graph.create_op("PrintV2", tuple(tensors), attrs, name or "PrintV2")


# -- Assert and the assert_* checks --------------------------------------------------------


def _assert_infer(shapes, types, attrs):
    check_dtype(types[0], "bool", "Assert's condition")
    if shapes[0] not in ((), None):
        raise InferenceError("SHAPE_MISMATCH", "Assert's condition must be a scalar")
    return []


def _bracketed(parts: list, values: list, n: int) -> str:
    it = iter(values)
    return " ".join("[" + p + "]" if p is not None else summarize(next(it), n) for p in parts)


@register_op(
    "Assert",
    arity=(1, 1 << 30),
    infer=_assert_infer,
    attrs={"template": ("str", "[]"), "summarize": ("int", 3)},
    stateful=True,
    unknown_rank_ok=True,
)
def _assert(op):
    parts = json.loads(op.attrs.get("template", "[]"))
    n = op.attrs.get("summarize", 3)

    def kernel(condition, *values):
        if not bool(condition):
            raise error(
                "ASSERTION_FAILED",
                "assertion failed: " + _bracketed(parts, list(values), n),
                node=op.name,
            )

    return kernel


not_differentiable("Assert")


def _split_data(graph, data) -> tuple[list, list]:
    parts, tensors = [], []
    for d in data or []:
        if isinstance(d, str | bytes):
            parts.append(d.decode() if isinstance(d, bytes) else d)
        else:
            parts.append(None)
            tensors.append(convert_to_tensor(d, graph=graph))
    return parts, tensors


def Assert(condition: Any, data: Any, summarize: int | None = None, name: str | None = None):
    """An op that fails the run with InvalidArgumentError (`ASSERTION_FAILED`) when
    `condition` is false, its message the entries of `data`."""
    graph = condition.op.graph if isinstance(condition, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, "Assert"):
        if not isinstance(condition, Tensor):
            condition = constant_op(graph, bool(condition), _dt.bool_, "Condition")
        parts, tensors = _split_data(graph, data)
        attrs = {"template": json.dumps(parts), "summarize": 3 if summarize is None else summarize}
        return graph.create_op("Assert", (condition, *tensors), attrs, "Assert")


# TF's `tensor_util.constant_value` evaluates these ops alone: the shape, size and rank of a
# tensor of static shape, and these of constant inputs. Arithmetic waits for the run, so
# the PTB reader's `(tf.size(raw) // batch - 1) // steps` is checked when the model runs.
_SHAPE_OF = frozenset({"Shape", "Size", "Rank"})
_FILLED = frozenset({"Fill", "OnesLike", "ZerosLike"})
_OF_CONSTANT_INPUTS = frozenset(
    {
        "Const",
        "Range",
        "Cast",
        "Concat",
        "ConcatV2",
        "Pack",
        "Unpack",
        "Split",
        "Equal",
        "NotEqual",
        "StopGradient",
        "Identity",
        "CheckNumericsV2",
    }
)


def _static(t: Tensor):
    """TF's `tensor_util.constant_value`, which the static checks use: constants, the
    shape, size and rank of tensors of static shape, and the few ops above of such
    values; never slices (a check on `tf.shape(x)[0]` waits for the run, as TF's does)
    nor arithmetic."""
    from .extra_array_ops import _const_value

    op = t.op
    if op.type in _SHAPE_OF:
        return _const_value(t)
    if op.type in _FILLED:
        return _filled_value(t)
    if op.type not in _OF_CONSTANT_INPUTS or not _folded_by_tf(op):
        return None
    parts = [_static(x) for x in op.inputs]
    if any(p is None for p in parts):
        return None
    if op.type == "Pack":
        return np.stack(parts)
    return _const_value(t)


def _folded_by_tf(op: Operation) -> bool:
    """TF's `constant_value` takes Pack and Unpack along axis 0 only, and Split but not
    SplitV (graphgate's Split with sizes)."""
    if op.type in ("Pack", "Unpack"):
        return op.attrs.get("axis", 0) == 0
    if op.type == "Split":
        return isinstance(op.attrs.get("num_or_size_splits"), int)
    return True


def _filled_value(t: Tensor):
    """A Fill of a static shape and a constant value, as TF's `constant_value` folds it;
    `ones_like`/`zeros_like` of a static shape are such Fills (or Consts) in TF."""
    shape = t.static_shape
    if shape is None or any(d is None for d in shape):
        return None
    if t.op.type == "Fill":
        value = _static(t.op.inputs[-1])
        return None if value is None else np.full(shape, value, dtype=value.dtype)
    fill = 1 if t.op.type == "OnesLike" else 0
    return np.full(shape, fill, dtype=t.dtype.as_numpy_dtype)


def _static_fail(data: list) -> None:
    """TF checks constant inputs while building: the same message, raised at once."""
    text = "\n".join(d if isinstance(d, str) else str(_static(d)) for d in data)
    raise error("ASSERTION_FAILED", text)


def _binary_assert(op_fn, symbol, x, y, data, summarize, message, name, default):
    graph = get_default_graph()
    for v in (x, y):
        if isinstance(v, Tensor):
            graph = v.op.graph
    with graph.as_default(), graph.name_scope(name, default):
        x = convert_to_tensor(x, graph=graph, name="x")
        y = convert_to_tensor(y, _literal_dtype(x, y), "y", graph)
        if data is None:
            data = [
                f"Condition x {symbol} y did not hold element-wise:",
                f"x ({x.name}) = ",
                x,
                f"y ({y.name}) = ",
                y,
            ]
        if message is not None:
            data = [message, *data]
        holds = op_fn(x, y)
        sx, sy = _static(x), _static(y)
        if sx is not None and sy is not None and not np.all(_np_compare(symbol, sx, sy)):
            _static_fail(data)
        return Assert(reduce_all(holds), data, summarize=summarize)


def _literal_dtype(x: Tensor, y: Any):
    """A literal `y` takes the dtype of the tensor `x` it is compared with."""
    return None if isinstance(y, Tensor) else x.dtype


_NP_COMPARE = {
    "==": np.equal,
    "!=": np.not_equal,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}


def _np_compare(symbol, a, b):
    return _NP_COMPARE[symbol](a, b)


def _make_binary(op_fn, symbol, default):
    def check(x, y, data=None, summarize=None, message=None, name=None):
        return _binary_assert(op_fn, symbol, x, y, data, summarize, message, name, default)

    check.__name__ = default
    check.__doc__ = f"An op failing the run unless `x {symbol} y` everywhere (`tf.{default}`)."
    return check


assert_equal = _make_binary(equal, "==", "assert_equal")
assert_less = _make_binary(less, "<", "assert_less")
assert_less_equal = _make_binary(less_equal, "<=", "assert_less_equal")
assert_greater = _make_binary(greater, ">", "assert_greater")
assert_greater_equal = _make_binary(greater_equal, ">=", "assert_greater_equal")


def assert_none_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run if `x == y` anywhere."""
    return _binary_assert(
        lambda a, b: not_equal(a, b),
        "!=",
        x,
        y,
        data,
        summarize,
        message,
        name,
        "assert_none_equal",
    )


def _sign_check(kind, symbol, x, data, summarize, message, name, default):
    graph = x.op.graph if isinstance(x, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, default):
        x = convert_to_tensor(x, graph=graph, name="x")
        if data is None:
            data = [message or "", f"Condition x {symbol} 0 did not hold element-wise:"]
            data += [f"x ({x.name}) = ", x]
            if message is None:
                data = data[1:]
        zero = constant_op(graph, 0, x.dtype, "Const")
        return kind(zero, x, data=data, summarize=summarize)


def assert_positive(x, data=None, summarize=None, message=None, name=None):
    return _sign_check(assert_less, ">", x, data, summarize, message, name, "assert_positive")


def assert_negative(x, data=None, summarize=None, message=None, name=None):
    return _sign_check(assert_greater, "<", x, data, summarize, message, name, "assert_negative")


def assert_non_negative(x, data=None, summarize=None, message=None, name=None):
    return _sign_check(
        assert_less_equal, ">=", x, data, summarize, message, name, "assert_non_negative"
    )


def assert_non_positive(x, data=None, summarize=None, message=None, name=None):
    return _sign_check(
        assert_greater_equal, "<=", x, data, summarize, message, name, "assert_non_positive"
    )


def _rank_check(x, rank, message, name, default, at_least):
    graph = x.op.graph if isinstance(x, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, default):
        x = convert_to_tensor(x, graph=graph)
        if isinstance(rank, Tensor):
            raise error("INVALID_ATTR", f"{default} needs a static rank (an int)")
        rank = int(rank)
        shape = x.static_shape
        if shape is not None:
            ok = len(shape) >= rank if at_least else len(shape) == rank
            if not ok:
                what = "at least " if at_least else ""
                raise error(
                    "SHAPE_MISMATCH",
                    f"{message + '.  ' if message else ''}Tensor {x.name} must have rank "
                    f"{what}{rank}.  Received rank {len(shape)}, shape {_shape_text(shape)}",
                )
            return no_op(name="static_checks_determined_all_ok")
        from .extra_array_ops import rank as rank_of

        r = rank_of(x)
        holds = greater_equal(r, rank) if at_least else equal(r, rank)
        data = [message or "", f"Tensor {x.name} must have rank {rank}", "Received rank: ", r]
        return Assert(holds, data if message else data[1:])


def _shape_text(shape) -> str:
    dims = ", ".join("?" if d is None else str(d) for d in shape)
    return f"({dims},)" if len(shape) == 1 else f"({dims})"


def assert_rank(x, rank, data=None, summarize=None, message=None, name=None):
    """ValueError now if the static rank is not `rank`, else an op checking at run time."""
    return _rank_check(x, rank, message, name, "assert_rank", False)


def assert_rank_at_least(x, rank, data=None, summarize=None, message=None, name=None):
    return _rank_check(x, rank, message, name, "assert_rank_at_least", True)


def assert_scalar(tensor, name=None, message=None):
    """The tensor, after checking statically that it is a scalar (ValueError if not)."""
    t = convert_to_tensor(tensor)
    if t.static_shape is None or t.static_shape != ():
        raise error(
            "SHAPE_MISMATCH",
            f"{message + '  ' if message else ''}Expected scalar shape for {t.name}, "
            f"saw shape: {t.shape}.",
        )
    return t


def assert_type(tensor, tf_type, message=None, name=None):
    """A no_op, after checking statically that `tensor` has dtype `tf_type` (TypeError)."""
    t = convert_to_tensor(tensor)
    want = _dt.as_dtype(tf_type)
    if t.dtype != want:
        raise error(
            "DTYPE_MISMATCH",
            f"{message + ' ' if message else ''}{t.name} must be of type {want.name}",
        )
    return no_op(name=name or "statically_determined_correct_type")


# -- check_numerics ------------------------------------------------------------------------


def _check_numerics_infer(shapes, types, attrs):
    check_dtype(types[0], "float", "check_numerics' input")
    return [(shapes[0], types[0])]


@register_op(
    "CheckNumerics",
    arity=1,
    infer=_check_numerics_infer,
    attrs={"message": ("str", "")},
    stateful=True,
    unknown_rank_ok=True,
)
def _check_numerics(op):
    message = op.attrs.get("message", "")

    def kernel(x):
        x = np.asarray(x)
        if not np.all(np.isfinite(x)):
            bad = "NaN" if np.any(np.isnan(x)) else "Inf"
            if np.any(np.isnan(x)) and np.any(np.isinf(x)):
                bad = "Inf and NaN"
            raise error("NOT_FINITE", f"{message} : Tensor had {bad} values", node=op.name)
        return x

    return kernel


@register_gradient("CheckNumerics")
def _check_numerics_grad(op, g):
    text = "Not a number (NaN) or infinity (Inf) values detected in gradient. "
    return [check_numerics(g, text + op.attrs.get("message", ""))]


def check_numerics(tensor: Any, message: str, name: str | None = None) -> Tensor:
    """`tensor`, failing the run (InvalidArgumentError, `NOT_FINITE`) if it holds NaN or
    Inf."""
    t = convert_to_tensor(tensor)
    attrs = {"message": str(message)}
    return t.op.graph.create_op("CheckNumerics", (t,), attrs, name or "CheckNumerics").outputs[0]


def verify_tensor_all_finite(
    t: Any = None, msg: str | None = None, name: str | None = None, x=None, message=None
) -> Tensor:
    """`t` once `check_numerics` found it finite (TF1's name-scoped `VerifyFinite`)."""
    t = x if t is None else t
    msg = message if msg is None else msg
    graph = t.op.graph if isinstance(t, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, "VerifyFinite"):
        t = convert_to_tensor(t, None, "t", graph)
        verify = check_numerics(t, msg or "")
        with graph.control_dependencies([verify]):
            return identity(t, name="control_dependency")


assert_all_finite = verify_tensor_all_finite


# -- more static checks and predicates -----------------------------------------------------


def assert_integer(x: Any, message: str | None = None, name: str | None = None) -> Operation:
    """TypeError now unless `x` has an integer dtype; else a no_op."""
    graph = x.op.graph if isinstance(x, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, "assert_integer"):
        x = convert_to_tensor(x, graph=graph)
        if x.dtype not in _dt.INTS:
            raise error(
                "DTYPE_MISMATCH",
                f'{message + " " if message else ""}Expected "x" to be integer type.  '
                f"Found: {x.name} of dtype {x.dtype!r}",
            )
        return no_op(name="statically_determined_was_integer")


def assert_near(x, y, rtol=None, atol=None, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless |x - y| <= atol + rtol * |y| everywhere (both default
    to 10 eps of the dtype, as TF's)."""
    from .math_ops import abs as _abs

    graph = x.op.graph if isinstance(x, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name, "assert_near"):
        x = convert_to_tensor(x, graph=graph, name="x")
        y = convert_to_tensor(y, _literal_dtype(x, y), "y", graph)
        eps = float(np.finfo(x.dtype).eps) if x.dtype in _dt.FLOATS else 0.0
        rtol = 10 * eps if rtol is None else rtol
        atol = 10 * eps if atol is None else atol
        if data is None:
            data = [
                f"x and y not equal to tolerance rtol = {rtol}, atol = {atol}",
                f"x ({x.name}) = ",
                x,
                f"y ({y.name}) = ",
                y,
            ]
        if message is not None:
            data = [message, *data]
        close = less_equal(_abs(x - y), atol + rtol * _abs(y))
        return Assert(reduce_all(close), data, summarize=summarize)


def is_numeric_tensor(tensor: Any) -> bool:
    return isinstance(tensor, Tensor) and tensor.dtype in _dt.NUMERIC


def _dim_fail(source: str, x: Tensor, i: int, size: int) -> None:
    raise error(
        "SHAPE_MISMATCH",
        f"{source}.  Tensor {x.name} dimension {i} must have size {size}.  "
        f"Received size {x.static_shape[i]}, shape {_shape_text(x.static_shape)}",
    )


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None) -> Operation:
    """Check that the tensors' dimensions agree with their specs (ints, or names shared
    between tensors): ValueError now where static shapes disagree, else an op checking at
    run time (TF's `assert_shapes`; specs with `...` or `*` are UNIMPLEMENTED)."""
    pairs = list(shapes.items()) if isinstance(shapes, dict) else list(shapes)
    graph = get_default_graph()
    checks: list = []
    with graph.name_scope(name, "assert_shapes"):
        seen: dict = {}
        conditions: list = []
        for x, spec in pairs:
            x = convert_to_tensor(x, graph=graph)
            spec = list(spec)
            if any(s in ("...", "*") for s in spec):
                raise error("UNIMPLEMENTED", "assert_shapes specs with '...' or '*'")
            checks.append(assert_rank(x, len(spec), message=message))
            for i, s in enumerate(spec):
                conditions += _dim_condition(x, i, s, seen)
        if conditions:
            held = reduce_all(stack(conditions))
            text = [message] if message else []
            checks.append(Assert(held, [*text, "Tensor shapes do not match their specs"]))
    return group(*checks)


def _dim_condition(x: Tensor, i: int, spec: Any, seen: dict) -> list:
    """The run-time condition for dimension `i` of `x`, after the static check."""
    from .array_ops import shape as shape_of

    if spec is None:
        return []
    if isinstance(spec, str) and spec not in seen:
        seen[spec] = (x, i)
        return []
    if isinstance(spec, str):
        src, j = seen[spec]
        source, want = f"Specified by tensor {src.name} dimension {j}", src.static_shape[j]
    else:
        source, want, src, j = "Specified explicitly", int(spec), None, None
    have = x.static_shape[i]
    if have is not None and want is not None:
        if have != want:
            _dim_fail(source, x, i, want)
        return []
    expected = shape_of(src)[j] if want is None else want
    return [equal(shape_of(x)[i], expected)]
