"""Linear algebra: einsum and tensordot, eye, diagonals and band parts, trace, cross,
inverse, determinants, Cholesky and the solves, norms. Forward, inference and gradient
side by side; the gradients are TensorFlow's formulas (linalg_grad.py, array_grad.py)."""

from __future__ import annotations

import operator
import string
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, op_inputs
from ..limits import check_run_time_size
from ..op_results import op_result
from .array_ops import _merged_shape, constant, expand_dims, transpose, zeros_like
from .math_ops import _op, matmul, reduce_like
from .reduce_ops import reduce_sum
from .registry import (
    REQUIRED,
    VARIADIC,
    InferenceError,
    broadcast_shapes,
    check_dtype,
    merge_dim,
    not_differentiable,
    register_gradient,
    register_op,
    require_rank,
    same_dtypes,
)
from .special_math_ops import composite

# -- einsum -------------------------------------------------------------------------------------

_LABELS = frozenset(string.ascii_letters)


class _Equation:
    """A parsed einsum equation: per input its labels and where its ellipsis is (or None),
    and the output's; implicit outputs made explicit, as TensorFlow resolves them."""

    __slots__ = ("inputs", "output")

    def __init__(self, inputs: list[tuple[str, int | None]], output: tuple[str, int | None]):
        self.inputs = inputs
        self.output = output

    def text(self) -> str:
        def one(labels, at):
            return labels if at is None else labels[:at] + "..." + labels[at:]

        return ",".join(one(*s) for s in self.inputs) + "->" + one(*self.output)


def _subscript(text: str, equation: str) -> tuple[str, int | None]:
    at = text.find("...")
    labels = text.replace("...", "", 1) if at >= 0 else text
    if "." in labels or any(c not in _LABELS for c in labels):
        raise InferenceError(
            "INVALID_ATTR", f"Subscripts have incorrect format: {equation}", equation=equation
        )
    return labels, (at if at >= 0 else None)


def parse_equation(equation: str, n_inputs: int) -> _Equation:
    """TensorFlow's einsum grammar: letters, at most one `...` per operand, an optional
    `->` output without repeated or unknown labels; spaces ignored."""
    eq = equation.replace(" ", "")
    parts = eq.split("->")
    if len(parts) > 2:
        raise InferenceError("INVALID_ATTR", f"Subscripts have incorrect format: {equation}")
    ins = parts[0].split(",")
    if len(ins) != n_inputs:
        raise InferenceError(
            "INVALID_ATTR",
            f'Got {n_inputs} inputs for equation "{equation}", expecting {len(ins)}',
        )
    inputs = [_subscript(s, equation) for s in ins]
    ellipsis = any(at is not None for _, at in inputs)
    if len(parts) == 1:
        counts: dict[str, int] = {}
        for labels, _ in inputs:
            for c in labels:
                counts[c] = counts.get(c, 0) + 1
        once = "".join(sorted(c for c, k in counts.items() if k == 1))
        return _Equation(inputs, (once, 0 if ellipsis else None))
    labels, at = _subscript(parts[1], equation)
    seen = set("".join(s for s, _ in inputs))
    for c in labels:
        if labels.count(c) > 1:
            raise InferenceError(
                "INVALID_ATTR",
                f"Output subscripts contain a label appearing more than once: {equation}",
            )
        if c not in seen:
            raise InferenceError(
                "INVALID_ATTR",
                f"Output subscripts contain the label {c} not present in the input subscripts.",
            )
    if at is not None and not ellipsis:
        raise InferenceError(
            "INVALID_ATTR", f"Output has an ellipsis but no input does: {equation}"
        )
    return _Equation(inputs, (labels, at))


def _split(shape: tuple, labels: str, at: int | None, what: str) -> tuple[tuple, tuple]:
    """An operand's shape as (label dims, ellipsis dims)."""
    if at is None:
        if len(shape) != len(labels):
            raise InferenceError(
                "SHAPE_MISMATCH",
                f"{what} has rank {len(shape)} but its subscript has {len(labels)} labels",
            )
        return tuple(shape), ()
    n_ell = len(shape) - len(labels)
    if n_ell < 0:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"{what} has rank {len(shape)}, fewer than its subscript's {len(labels)} labels",
        )
    return tuple(shape[:at]) + tuple(shape[at + n_ell :]), tuple(shape[at : at + n_ell])


def _einsum_shape(eq: _Equation, shapes: list) -> tuple | None:
    dims: dict[str, int | None] = {}
    ell: tuple | None = ()
    for i, ((labels, at), shape) in enumerate(zip(eq.inputs, shapes, strict=True)):
        if shape is None:
            if at is not None:
                ell = None
            continue
        own, e = _split(shape, labels, at, f"einsum input {i}")
        for c, d in zip(labels, own, strict=True):
            dims[c] = merge_dim(dims.get(c), d, f"einsum label {c!r}")
        if at is not None and ell is not None:
            ell = broadcast_shapes(ell, e)
    labels, at = eq.output
    if at is not None and ell is None:
        return None
    if any(shape is None for shape in shapes) and any(c not in dims for c in labels):
        return None
    out = tuple(dims.get(c) for c in labels)
    return out if at is None else out[:at] + ell + out[at:]


def _einsum_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    if dtype not in _dt.COMPLEX:  # TF's Einsum: real and complex numbers
        check_dtype(dtype, "numeric")
    eq = parse_equation(attrs["equation"], len(shapes))
    return [(_einsum_shape(eq, list(shapes)), dtype)]


def _check_label_dims(eq: _Equation, arrays) -> None:
    """TensorFlow refuses labels of unequal sizes where numpy would broadcast a 1."""
    dims: dict[str, int] = {}
    for i, ((labels, at), a) in enumerate(zip(eq.inputs, arrays, strict=True)):
        try:
            own, _ = _split(np.shape(a), labels, at, f"einsum input {i}")
        except InferenceError as e:
            raise error(e.code, e.message) from None
        for c, d in zip(labels, own, strict=True):
            if dims.setdefault(c, d) != d:
                raise error(
                    "SHAPE_MISMATCH",
                    f"einsum label {c!r} has sizes {dims[c]} and {d} in its inputs",
                )


_EINSUM_SMALL = 4096


@register_op(
    "Einsum",
    arity=(1, VARIADIC),
    infer=_einsum_infer,
    heavy=True,
    attrs={"equation": ("str", REQUIRED)},
    unknown_rank_ok=True,
)
def _einsum(op):
    eq = parse_equation(op.attrs["equation"], len(op.inputs))
    text = eq.text()
    many = len(op.inputs) > 2

    def kernel(*xs):
        _check_label_dims(eq, xs)
        # numpy's unoptimized einsum is a plain C loop: a 1000x1000 matmul spelled as an
        # einsum takes ~1 s there and ~30 ms through BLAS, which `optimize` reaches. On
        # small operands finding the path costs more than it saves.
        optimize = many or any(np.size(x) > _EINSUM_SMALL for x in xs)
        out = np.einsum(text, *xs, optimize=optimize)
        return np.asarray(out, dtype=np.result_type(*xs))

    return kernel


def einsum(equation: str, *inputs: Any, **kwargs: Any) -> Tensor:
    """numpy's einsum as TensorFlow's `tf.einsum` (one `Einsum` op under `einsum/`)."""
    name = kwargs.pop("name", None)
    kwargs.pop("optimize", None)
    if kwargs:
        raise TypeError(f"Invalid keyword arguments for einsum: {', '.join(kwargs)}")
    if not isinstance(equation, str):
        raise TypeError(f"einsum's equation must be a string, got {equation!r}")
    if not inputs:
        raise ValueError("einsum needs at least one input")
    with composite(name, "einsum", inputs) as (graph, ts, _):
        try:
            eq = parse_equation(equation, len(ts))
        except InferenceError as e:
            raise error(e.code, e.message) from None
        return graph.create_op("Einsum", tuple(ts), {"equation": eq.text()}, "Einsum").outputs[0]


def _fresh_labels(eq: _Equation):
    used = set("".join(s for s, _ in eq.inputs))
    return iter(c for c in string.ascii_letters if c not in used)


def _explicit(eq: _Equation, shapes: list) -> tuple[list[str], str]:
    """The equation with every ellipsis spelled as labels (static ranks needed): the
    output's ellipsis dims are labelled from the right; an operand's dim that is a static 1
    where the broadcast is not gets a label of its own (so it is summed, not matched)."""
    fresh = _fresh_labels(eq)
    n_ell = 0
    parts = []
    for (labels, at), shape in zip(eq.inputs, shapes, strict=True):
        if at is not None and shape is None:
            raise error("UNIMPLEMENTED", "einsum's gradient needs operands of known rank")
        parts.append(_split(shape, labels, at, "einsum input")[1] if at is not None else ())
        n_ell = max(n_ell, len(parts[-1]))
    full: tuple = ()
    for e in parts:
        full = broadcast_shapes(full, e)
    names = [next(fresh) for _ in range(n_ell)]
    subs = []
    for (labels, at), e in zip(eq.inputs, parts, strict=True):
        if at is None:
            subs.append(labels)
            continue
        mine = names[n_ell - len(e) :]
        mine = [
            next(fresh) if d == 1 and full[n_ell - len(e) + k] != 1 else mine[k]
            for k, d in enumerate(e)
        ]
        subs.append(labels[:at] + "".join(mine) + labels[at:])
    labels, at = eq.output
    out = labels if at is None else labels[:at] + "".join(names) + labels[at:]
    return subs, out


def _diagonal_ones(n: int, times: int, dtype) -> np.ndarray:
    out = np.zeros((n,) * times, dtype)
    out[(np.arange(n),) * times] = 1
    return out


def _undiagonal(grad: Tensor, kept: str, target: str, sizes: dict[str, int | None]):
    """`grad` (axes `kept`) spread onto the diagonals `target` repeats: each later
    occurrence of a repeated label gets a label of its own, tied to the first by a
    constant that is one on the diagonal."""
    fresh = iter(c for c in string.ascii_letters if c not in target)
    seen: dict[str, str] = {}
    out = []
    for c in target:
        if c in seen:
            label = next(fresh)
            seen[c] += label
            out.append(label)
        else:
            seen[c] = c
            out.append(c)
    operands = []
    for c, dim in sizes.items():
        if dim is None:
            raise error(
                "UNIMPLEMENTED",
                "einsum's gradient through a repeated label needs its size statically",
            )
        operands.append(constant(_diagonal_ones(dim, len(seen[c]), grad.dtype.as_numpy_dtype)))
    equation = ",".join([kept, *(seen[c] for c in sizes)]) + "->" + "".join(out)
    return einsum(equation, grad, *operands)


def _grad_for(k: int, subs: list[str], out: str, op, g: Tensor) -> Tensor:
    """d(sum of g * einsum)/d(operand k), as einsums of g and the other operands; labels
    the operand repeats (a diagonal) are put back with a constant of ones on it, labels
    only it has (summed away) by broadcasting."""
    x = op.inputs[k]
    mine = subs[k]
    others = [i for i in range(len(subs)) if i != k]
    available = set(out).union(*(subs[i] for i in others))
    unique = "".join(dict.fromkeys(mine))
    kept = "".join(c for c in unique if c in available)
    equation = ",".join([out, *(subs[i] for i in others)]) + "->" + kept
    # The others conjugated, as TF's gradient (holomorphic: g times the conjugate slope).
    factors = [op.inputs[i] for i in others]
    if x.dtype in _dt.COMPLEX:
        from .complex_ops import conj_of

        factors = [conj_of(f) for f in factors]
    grad = einsum(equation, g, *factors)
    # A repeated label is put back on its diagonal even where the forward summed it.
    repeated = [c for c in unique if mine.count(c) > 1]
    if repeated:
        target = "".join(c for c in mine if c in available or c in repeated)
        sizes = {
            c: None if x.static_shape is None else x.static_shape[mine.index(c)] for c in repeated
        }
        grad = _undiagonal(grad, kept, target, sizes)
    missing = [pos for pos, c in enumerate(mine) if c not in available and c not in repeated]
    for pos in missing:
        grad = expand_dims(grad, pos)
    if missing:
        grad = grad.op.graph.create_op("BroadcastLike", (grad, x), None, "broadcast").outputs[0]
    return reduce_like(grad, x)


@register_gradient("Einsum")
def _einsum_grad(op, g):
    eq = parse_equation(op.attrs["equation"], len(op.inputs))
    subs, out = _explicit(eq, [t.static_shape for t in op.inputs])
    return [_grad_for(k, subs, out, op, g) for k in range(len(op.inputs))]


# -- tensordot --------------------------------------------------------------------------------


def _tensordot_axes(axes: Any, rank_a: int, rank_b: int) -> tuple[list[int], list[int]]:
    if isinstance(axes, Tensor):
        raise error("UNIMPLEMENTED", "tensordot's axes must be static (an int or lists)")
    if isinstance(axes, int | np.integer):
        n = operator.index(axes)
        if n < 0:
            raise ValueError(f"`axes` must be at least 0. Received: {n}.")
        if n > rank_a or n > rank_b:
            raise ValueError(
                f"`axes` must not be larger than the number of dimensions of the tensors. "
                f"Received {n}, vs ranks {rank_a} and {rank_b}."
            )
        return list(range(rank_a - n, rank_a)), list(range(n))
    axes = list(axes)
    if len(axes) != 2:
        raise ValueError(f"`axes` must be an integer or have length 2. Received {axes}.")
    a_axes, b_axes = axes
    a_axes = [a_axes] if isinstance(a_axes, int | np.integer) else list(a_axes)
    b_axes = [b_axes] if isinstance(b_axes, int | np.integer) else list(b_axes)
    if len(a_axes) != len(b_axes):
        raise ValueError(
            f"Different number of contraction axes `a` and `b`, {len(a_axes)} != {len(b_axes)}."
        )
    for ax, rank in ((a_axes, rank_a), (b_axes, rank_b)):
        for i in ax:
            if not -rank <= operator.index(i) < rank:
                raise IndexError(f"tensordot axis {i} is out of range for rank {rank}")
    a_axes = [operator.index(i) % rank_a for i in a_axes]
    b_axes = [operator.index(i) % rank_b for i in b_axes]
    return a_axes, b_axes


def tensordot(a: Any, b: Any, axes: Any, name: str | None = None) -> Tensor:
    """Contraction of `a` and `b` over `axes` (an int N: the last N of a with the first N
    of b; or a pair of axis lists), as `tf.tensordot`; one Einsum op named `Tensordot`."""
    with composite(name, "Tensordot", (a, b), ("a", "b")) as (graph, (ta, tb), scope):
        if ta.static_shape is None or tb.static_shape is None:
            raise error("UNIMPLEMENTED", "tensordot needs inputs of known rank")
        ra, rb = len(ta.static_shape), len(tb.static_shape)
        a_axes, b_axes = _tensordot_axes(axes, ra, rb)
        if len(set(a_axes)) != len(a_axes) or len(set(b_axes)) != len(b_axes):
            raise ValueError("tensordot's axes must be unique")
        letters = iter(string.ascii_letters)
        sa = [next(letters) for _ in range(ra)]
        sb = [next(letters) for _ in range(rb)]
        for i, j in zip(a_axes, b_axes, strict=True):
            da, db = ta.static_shape[i], tb.static_shape[j]
            if da is not None and db is not None and da != db:
                raise ValueError(
                    f"tensordot: dimension {i} of a ({da}) and {j} of b ({db}) must be equal"
                )
            sb[j] = sa[i]
        out = [c for i, c in enumerate(sa) if i not in a_axes]
        out += [c for j, c in enumerate(sb) if j not in b_axes]
        equation = f"{''.join(sa)},{''.join(sb)}->{''.join(out)}"
        return graph.create_op("Einsum", (ta, tb), {"equation": equation}, scope).outputs[0]


# -- eye and diagonals ----------------------------------------------------------------------


def _static_int(value: Any, what: str) -> int:
    if isinstance(value, Tensor):
        raise error("UNIMPLEMENTED", f"{what} must be a static int here, not a tensor")
    n = operator.index(value)
    if n < 0:
        raise ValueError(f"{what} must be non-negative, got {n}")
    return n


def _eye_infer(shapes, types, attrs):
    for shape, t in zip(shapes, types, strict=True):
        check_dtype(t, "int", "eye's sizes")
        if shape:
            raise InferenceError(
                "SHAPE_MISMATCH", f"eye's sizes must be scalars, got {list(shape)}"
            )
    batch = tuple(attrs.get("batch_shape", ()))
    if any(d < 0 for d in batch):
        raise InferenceError("INVALID_ATTR", f"eye's batch_shape {list(batch)} has a negative size")
    return [((*batch, None, None), attrs["dtype"])]


@register_op(
    "Eye",
    arity=2,
    infer=_eye_infer,
    attrs={"batch_shape": ("ints", ()), "dtype": ("dtype", _dt.float32)},
    needs_state=True,
)
def _eye(op):
    """Identity matrices of sizes known only at run time (`tf.eye(tf.shape(x)[0])`)."""
    batch = tuple(op.attrs.get("batch_shape", ()))
    dtype = op.outputs[0].dtype

    def kernel(state, rows, cols):
        rows, cols = int(rows), int(cols)
        if rows < 0 or cols < 0:
            raise error("COMPUTE_ERROR", f"eye's sizes must be non-negative, got {rows}, {cols}")
        check_run_time_size(state, op, (*batch, rows, cols))
        return np.ascontiguousarray(
            np.broadcast_to(np.eye(rows, cols, dtype=dtype), (*batch, rows, cols))
        )

    return kernel


not_differentiable("Eye")


def eye(
    num_rows: Any,
    num_columns: Any = None,
    batch_shape: Any = None,
    dtype: Any = _dt.float32,
    name: str | None = None,
) -> Tensor:
    """An identity matrix (or a batch of them) as `tf.eye`: ones on the diagonal of the
    last two axes. Static sizes make a constant; a size that is a tensor an `Eye` op."""
    batch = [] if batch_shape is None else [_static_int(d, "batch_shape") for d in batch_shape]
    dtype = _dt.as_dtype(dtype)
    if isinstance(num_rows, Tensor) or isinstance(num_columns, Tensor):
        cols = num_rows if num_columns is None else num_columns
        with composite(name, "eye", (num_rows, cols), ("num_rows", "num_columns")) as (g, ts, _):
            attrs = {"batch_shape": tuple(batch), "dtype": dtype}
            last = "diag" if num_columns is None else "set_diag"
            return g.create_op("Eye", tuple(ts), attrs, last).outputs[0]
    rows = _static_int(num_rows, "num_rows")
    cols = rows if num_columns is None else _static_int(num_columns, "num_columns")
    value = np.broadcast_to(np.eye(rows, cols, dtype=dtype), (*batch, rows, cols))
    from ..graph import get_default_graph

    # One constant, named as the last op of TensorFlow's composite (`eye/diag`).
    with get_default_graph().name_scope(name, "eye"):
        last = "diag" if num_columns is None else "set_diag"
        return constant(np.ascontiguousarray(value), dtype=dtype, name=last)


def _matrix_diag_infer(shapes, types, attrs):
    s = shapes[0]
    require_rank(s, 1, "matrix_diag's input")
    return [((*s, s[-1]), types[0])]


def _matrix_diag_kernel(d):
    d = np.asarray(d)
    n = d.shape[-1]
    out = np.zeros((*d.shape, n), d.dtype)
    idx = np.arange(n)
    out[..., idx, idx] = d
    return out


register_op("MatrixDiag", arity=1, infer=_matrix_diag_infer)(lambda op: _matrix_diag_kernel)


def _matrix_diag_part_infer(shapes, types, attrs):
    s = shapes[0]
    require_rank(s, 2, "matrix_diag_part's input")
    m, n = s[-2], s[-1]
    k = None if m is None or n is None else min(m, n)
    return [((*s[:-2], k), types[0])]


def _matrix_diag_part_kernel(x):
    return np.ascontiguousarray(np.diagonal(x, axis1=-2, axis2=-1))


register_op("MatrixDiagPart", arity=1, infer=_matrix_diag_part_infer)(
    lambda op: _matrix_diag_part_kernel
)


def _matrix_set_diag_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    s, d = shapes
    require_rank(s, 2, "matrix_set_diag's input")
    (out,) = _matrix_diag_part_infer([s], [dtype], attrs)
    if len(d) != len(out[0]):
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"matrix_set_diag: diagonal of shape {list(d)} for a matrix of shape {list(s)}",
        )
    for a, b in zip(out[0], d, strict=True):
        merge_dim(a, b, "matrix_set_diag's diagonal")
    return [(s, dtype)]


def _matrix_set_diag_kernel(x, d):
    x = np.array(x, copy=True)
    if np.shape(d) != x.diagonal(axis1=-2, axis2=-1).shape:
        raise error("SHAPE_MISMATCH", "matrix_set_diag: the diagonal's shape does not fit")
    k = min(x.shape[-2:])
    idx = np.arange(k)
    x[..., idx, idx] = d
    return x


register_op("MatrixSetDiag", arity=2, infer=_matrix_set_diag_infer)(
    lambda op: _matrix_set_diag_kernel
)


# -- diagonals off the main one: TF's MatrixDiagV3 family (`k`, `align`, padding) ---------

_ALIGNS = ("RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT")


def _band(k: Any) -> tuple[int, int]:
    """`k` as the (lowest, highest) diagonal index: an int, or a pair."""
    from .shape_values import static_arg

    ks = [operator.index(v) for v in np.atleast_1d(np.asarray(static_arg(k, "k")))]
    if len(ks) not in (1, 2) or ks[0] > ks[-1]:
        raise error("INVALID_ATTR", f"k must be an int or a pair lower <= upper, got {k!r}")
    return ks[0], ks[-1]


def _diag_len(m: int, n: int, d: int) -> int:
    return min(m + min(d, 0), n - max(d, 0))


def _diagonals(m: int, n: int, lo: int, hi: int, align: str):
    """(row in the packed diagonals, diagonal index, its rows, its offset in the packed row)
    for each diagonal from `hi` down to `lo`; TF's offset pads a diagonal shorter than the
    longest on the left where `align` puts it right (super- then subdiagonals)."""
    longest = min(m + min(hi, 0), n - max(lo, 0))
    left_super, left_sub = align.startswith("LEFT"), align.endswith("LEFT")
    for j, d in enumerate(range(hi, lo - 1, -1)):
        size = _diag_len(m, n, d)
        if size <= 0:
            continue
        left = (d >= 0 and left_super) or (d <= 0 and left_sub)
        rows = np.arange(max(0, -d), max(0, -d) + size)
        yield j, d, rows, 0 if left else longest - size


def _check_band(m: Any, n: Any, lo: int, hi: int) -> None:
    if m and n and not (-m < lo <= hi < n):
        raise InferenceError(
            "INVALID_ATTR", f"diagonals k=({lo}, {hi}) out of range for a {m}x{n} matrix"
        )


def _check_v3_attrs(attrs: dict) -> None:
    """What TF checks of the family's attributes, for documents (the builders check them
    in `_v3_attrs`): an unknown `align` was read as RIGHT_LEFT."""
    lo, hi = attrs["k"]
    if attrs["align"] not in _ALIGNS:
        raise InferenceError(
            "INVALID_ATTR", f"align must be one of {', '.join(_ALIGNS)}, got {attrs['align']!r}"
        )
    if lo > hi:
        raise InferenceError("INVALID_ATTR", f"k must be a pair lower <= upper, got {[lo, hi]}")


def _diag_part_v3_infer(shapes, types, attrs):
    _check_v3_attrs(attrs)
    s = shapes[0]
    require_rank(s, 2, "matrix_diag_part's input")
    (lo, hi), (m, n) = attrs["k"], s[-2:]
    _check_band(m, n, lo, hi)
    size = None if m is None or n is None else min(m + min(hi, 0), n - max(lo, 0))
    return [((*s[:-2], *((hi - lo + 1,) if lo < hi else ()), size), types[0])]


def _diag_part_v3(op):
    (lo, hi), align = op.attrs["k"], op.attrs["align"]

    def kernel(x):
        x = np.asarray(x)
        m, n = x.shape[-2:]
        size = max(min(m + min(hi, 0), n - max(lo, 0)), 0)
        out = np.full((*x.shape[:-2], hi - lo + 1, size), op.attrs["padding_value"], x.dtype)
        for j, d, rows, off in _diagonals(m, n, lo, hi, align):
            out[..., j, off : off + len(rows)] = x[..., rows, rows + d]
        return out[..., 0, :] if lo == hi else out

    return kernel


def _diag_v3_size(shape: tuple, attrs: dict) -> tuple:
    """TF's rows and columns of the matrices MatrixDiagV3 builds: the smallest that hold the
    diagonals where not given."""
    lo, hi = attrs["k"]
    rows, cols = attrs["num_rows"], attrs["num_cols"]
    longest = shape[-1]
    if longest is None:
        return (None if rows == -1 else rows), (None if cols == -1 else cols)
    min_rows, min_cols = longest - min(hi, 0), longest + max(lo, 0)
    if rows == -1 and cols == -1:
        rows = cols = max(min_rows, min_cols)
    rows = min_rows if rows == -1 else rows
    cols = min_cols if cols == -1 else cols
    if rows != min_rows and cols != min_cols:
        raise InferenceError(
            "INVALID_ATTR", f"{rows}x{cols} matrices do not fit diagonals of length {longest}"
        )
    return rows, cols


def _diag_v3_infer(shapes, types, attrs):
    _check_v3_attrs(attrs)
    s = shapes[0]
    lo, hi = attrs["k"]
    require_rank(s, 1 if lo == hi else 2, "matrix_diag's diagonal")
    if lo < hi and s[-2] is not None and s[-2] != hi - lo + 1:
        raise InferenceError("SHAPE_MISMATCH", f"{s[-2]} diagonals given for k=({lo}, {hi})")
    batch = s[:-1] if lo == hi else s[:-2]
    return [((*batch, *_diag_v3_size(s, attrs)), types[0])]


def _diag_v3(op):
    (lo, hi), align = op.attrs["k"], op.attrs["align"]

    def kernel(diagonal):
        diagonal = np.asarray(diagonal)
        packed = diagonal[..., None, :] if lo == hi else diagonal
        m, n = _diag_v3_size(diagonal.shape, op.attrs)
        out = np.full((*packed.shape[:-2], m, n), op.attrs["padding_value"], packed.dtype)
        for j, d, rows, off in _diagonals(m, n, lo, hi, align):
            out[..., rows, rows + d] = packed[..., j, off : off + len(rows)]
        return out

    return kernel


def _set_diag_v3_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    (out,) = _diag_part_v3_infer(shapes[:1], types[:1], attrs)
    d = shapes[1]
    if d is not None and out[0] is not None:
        if len(d) != len(out[0]):
            raise InferenceError(
                "SHAPE_MISMATCH",
                f"matrix_set_diag: diagonal of shape {list(d)} for a matrix of "
                f"shape {list(shapes[0])}",
            )
        for a, b in zip(out[0], d, strict=True):
            merge_dim(a, b, "matrix_set_diag's diagonal")
    return [(shapes[0], dtype)]


def _set_diag_v3(op):
    (lo, hi), align = op.attrs["k"], op.attrs["align"]

    def kernel(x, diagonal):
        x = np.array(x, copy=True)
        m, n = x.shape[-2:]
        packed = np.asarray(diagonal)
        packed = packed[..., None, :] if lo == hi else packed
        want = (*x.shape[:-2], hi - lo + 1, max(min(m + min(hi, 0), n - max(lo, 0)), 0))
        if packed.shape != want:
            raise error("SHAPE_MISMATCH", "matrix_set_diag: the diagonal's shape does not fit")
        for j, d, rows, off in _diagonals(m, n, lo, hi, align):
            x[..., rows, rows + d] = packed[..., j, off : off + len(rows)]
        return x

    return kernel


_V3_ATTRS = {
    "k": ("ints", (0, 0)),
    "align": ("str", "RIGHT_LEFT"),
    "padding_value": ("float", 0.0),
}
register_op("MatrixDiagPartV3", arity=1, infer=_diag_part_v3_infer, attrs=_V3_ATTRS)(_diag_part_v3)
register_op(
    "MatrixDiagV3",
    arity=1,
    infer=_diag_v3_infer,
    attrs={**_V3_ATTRS, "num_rows": ("int", -1), "num_cols": ("int", -1)},
)(_diag_v3)
register_op(
    "MatrixSetDiagV3",
    arity=2,
    infer=_set_diag_v3_infer,
    attrs={"k": _V3_ATTRS["k"], "align": _V3_ATTRS["align"]},
)(_set_diag_v3)


def _v3_attrs(k: Any, align: str, **others: Any) -> dict | None:
    """The attrs of the V3 op for these arguments; None where the main-diagonal op does."""
    band = _band(k)
    if align not in _ALIGNS:
        raise error("INVALID_ATTR", f"align must be one of {', '.join(_ALIGNS)}, got {align!r}")
    # Each argument at its own default: a padding_value of -1 fills matrix_diag's zeros.
    defaults = {"num_rows": -1, "num_cols": -1, "padding_value": 0}
    if band == (0, 0) and all(v is None or v == defaults[key] for key, v in others.items()):
        return None
    attrs = {"k": band, "align": align}
    for key, value in others.items():
        attrs[key] = float(value) if key == "padding_value" else operator.index(value)
    return attrs


def matrix_diag(
    diagonal: Any,
    name: str | None = None,
    k: Any = 0,
    num_rows: Any = -1,
    num_cols: Any = -1,
    padding_value: Any = 0,
    align: str = "RIGHT_LEFT",
) -> Tensor:
    """A batch of matrices with `diagonal` on their diagonals `k` (`tf.linalg.diag`): one
    index or a (lower, upper) range, packed as `align` says, the rest `padding_value`."""
    attrs = _v3_attrs(k, align, num_rows=num_rows, num_cols=num_cols, padding_value=padding_value)
    if attrs is None:
        return _op("MatrixDiag", (diagonal,), name, "diag", None, ("diagonal",))
    return _op("MatrixDiagV3", (diagonal,), name, "diag", attrs, ("diagonal",))


def matrix_diag_part(
    input: Any,
    name: str | None = None,
    k: Any = 0,
    padding_value: Any = 0,
    align: str = "RIGHT_LEFT",
) -> Tensor:
    """The diagonals `k` of the last two axes (`tf.linalg.diag_part`), packed as
    `matrix_diag` takes them."""
    attrs = _v3_attrs(k, align, padding_value=padding_value)
    if attrs is None:
        return _op("MatrixDiagPart", (input,), name, "diag_part", None, ("input",))
    return _op("MatrixDiagPartV3", (input,), name, "diag_part", attrs, ("input",))


def matrix_set_diag(
    input: Any, diagonal: Any, name: str | None = None, k: Any = 0, align: str = "RIGHT_LEFT"
) -> Tensor:
    """`input` with its diagonals `k` replaced (`tf.linalg.set_diag`)."""
    attrs = _v3_attrs(k, align)
    type_ = "MatrixSetDiag" if attrs is None else "MatrixSetDiagV3"
    return _op(type_, (input, diagonal), name, "set_diag", attrs, ("input", "diagonal"))


@register_gradient("MatrixDiagV3")
def _matrix_diag_v3_grad(op, g):
    k, align = op.attrs["k"], op.attrs["align"]
    return [matrix_diag_part(g, k=k, align=align)]


@register_gradient("MatrixDiagPartV3")
def _matrix_diag_part_v3_grad(op, g):
    k, align = op.attrs["k"], op.attrs["align"]
    return [matrix_set_diag(zeros_like(op.inputs[0]), g, k=k, align=align)]


@register_gradient("MatrixSetDiagV3")
def _matrix_set_diag_v3_grad(op, g):
    k, align = op.attrs["k"], op.attrs["align"]
    return [
        matrix_set_diag(g, zeros_like(op.inputs[1]), k=k, align=align),
        matrix_diag_part(g, k=k, align=align),
    ]


@register_gradient("MatrixDiag")
def _matrix_diag_grad(op, g):
    return [matrix_diag_part(g)]


@register_gradient("MatrixDiagPart")
def _matrix_diag_part_grad(op, g):
    x = op.inputs[0]
    s = x.static_shape
    if s is not None and s[-1] is not None and s[-1] == s[-2]:
        return [matrix_diag(g)]
    return [matrix_set_diag(zeros_like(x), g)]


@register_gradient("MatrixSetDiag")
def _matrix_set_diag_grad(op, g):
    return [matrix_set_diag(g, zeros_like(op.inputs[1])), matrix_diag_part(g)]


def _diag_infer(shapes, types, attrs):
    if types[0] not in _dt.COMPLEX:  # TF's Diag and DiagPart take complex numbers too
        check_dtype(types[0], "numeric")
    s = shapes[0]
    if not s:
        raise InferenceError("SHAPE_MISMATCH", "diag needs an input of rank ≥ 1")
    return [((*s, *s), types[0])]


def _diag_kernel(d):
    d = np.asarray(d)
    n = d.size
    return np.diag(d.reshape(-1)).reshape(d.shape * 2) if n else np.zeros(d.shape * 2, d.dtype)


def _diag_part_infer(shapes, types, attrs):
    if types[0] not in _dt.COMPLEX:
        check_dtype(types[0], "numeric")
    s = shapes[0]
    if not s or len(s) % 2:
        raise InferenceError(
            "SHAPE_MISMATCH", f"diag_part needs an input of even rank ≥ 2, got shape {list(s)}"
        )
    half = len(s) // 2
    return [
        (
            tuple(merge_dim(a, b, "diag_part") for a, b in zip(s[:half], s[half:], strict=True)),
            types[0],
        )
    ]


def _diag_part_kernel(x):
    x = np.asarray(x)
    half = x.ndim // 2
    if x.shape[:half] != x.shape[half:]:
        raise error("SHAPE_MISMATCH", f"diag_part of shape {list(x.shape)}: halves differ")
    n = int(np.prod(x.shape[:half]))
    return np.ascontiguousarray(np.diagonal(x.reshape(n, n))).reshape(x.shape[:half])


register_op("Diag", arity=1, infer=_diag_infer)(lambda op: _diag_kernel)
register_op("DiagPart", arity=1, infer=_diag_part_infer)(lambda op: _diag_part_kernel)


def diag(diagonal: Any, name: str | None = None) -> Tensor:
    """TF1's `tf.diag`: rank k to rank 2k, `diagonal` on the diagonal."""
    return _op("Diag", (diagonal,), name, "Diag", None, ("diagonal",))


def diag_part(input: Any, name: str | None = None) -> Tensor:
    """TF1's `tf.diag_part`, the inverse of `diag`."""
    return _op("DiagPart", (input,), name, "DiagPart", None, ("input",))


register_gradient("Diag")(lambda op, g: [diag_part(g)])
register_gradient("DiagPart")(lambda op, g: [diag(g)])


def trace(x: Any, name: str | None = None) -> Tensor:
    """The sum of the main diagonal of the last two axes (`tf.trace`, a `Sum` named
    `Trace`)."""
    with composite(name, "Trace", (x,), ("x",)) as (_, (t,), scope):
        return reduce_sum(matrix_diag_part(t), [-1], name=scope)


def matrix_transpose(a: Any, name: str = "matrix_transpose", conjugate: bool = False) -> Tensor:
    """Swap the last two axes (`tf.matrix_transpose`, `tf.linalg.transpose`), conjugating
    complex values with `conjugate`."""
    with composite(name, "matrix_transpose", (a,), ("a",)) as (_, (t,), _):
        if t.static_shape is None:
            raise error("UNIMPLEMENTED", "matrix_transpose needs an input of known rank")
        rank = len(t.static_shape)
        if rank < 2:
            raise ValueError(f"Argument 'a' should be a (batch) matrix with rank >= 2, got {rank}")
        perm = [*range(rank - 2), rank - 1, rank - 2]
        return transpose(t, perm, conjugate=conjugate)


# -- band part ----------------------------------------------------------------------------


def _band_infer(shapes, types, attrs):
    s = shapes[0]
    require_rank(s, 2, "matrix_band_part's input")
    for t, what in ((types[1], "num_lower"), (types[2], "num_upper")):
        check_dtype(t, "int", what)
    for sh, what in ((shapes[1], "num_lower"), (shapes[2], "num_upper")):
        if sh:
            raise InferenceError("SHAPE_MISMATCH", f"{what} must be a scalar, got {list(sh)}")
    return [(s, types[0])]


def _band_kernel(x, lower, upper):
    x = np.asarray(x)
    m, n = x.shape[-2:]
    lower, upper = int(lower), int(upper)
    if lower > m or upper > n:
        raise error(
            "INVALID_ATTR",
            f"matrix_band_part: num_lower ({lower}) must be at most {m} and num_upper "
            f"({upper}) at most {n}",
        )
    i = np.arange(m)[:, None]
    j = np.arange(n)[None, :]
    keep = ((lower < 0) | (i - j <= lower)) & ((upper < 0) | (j - i <= upper))
    return np.where(keep, x, np.zeros((), x.dtype))


register_op("MatrixBandPart", arity=3, infer=_band_infer)(lambda op: _band_kernel)


def matrix_band_part(input: Any, num_lower: Any, num_upper: Any, name: str | None = None):
    """Zero everything outside a band of `num_lower` subdiagonals and `num_upper`
    superdiagonals (negative: the whole triangle), as `tf.matrix_band_part`."""
    with composite(name, "MatrixBandPart", (input,), ("input",)) as (graph, (x,), scope):
        lo, hi = (
            v if isinstance(v, Tensor) else constant(np.int64(v), name=n)
            for v, n in ((num_lower, "num_lower"), (num_upper, "num_upper"))
        )
        return graph.create_op("MatrixBandPart", (x, lo, hi), None, scope).outputs[0]


@register_gradient("MatrixBandPart")
def _band_grad(op, g):
    return [matrix_band_part(g, op.inputs[1], op.inputs[2]), None, None]


# -- inverse, determinants, Cholesky, solves -------------------------------------------------


def _no_half(dtype, what: str) -> None:
    """TensorFlow has float16 kernels for matrix_inverse only among these ops."""
    if dtype == _dt.float16:
        raise InferenceError(
            "DTYPE_MISMATCH", f"{what} takes float32 or float64, got float16", got="float16"
        )


def _check_float_or_complex(dtype, what: str) -> None:
    """These kernels take float and complex matrices, as TensorFlow's."""
    if dtype not in _dt.COMPLEX:
        check_dtype(dtype, "float", what)


def _square_infer(what, half=False):
    def infer(shapes, types, attrs):
        _check_float_or_complex(types[0], f"{what}'s input")
        if not half:
            _no_half(types[0], what)
        s = shapes[0]
        if s is not None:
            require_rank(s, 2, f"{what}'s input")
            merge_dim(s[-2], s[-1], f"{what} needs square matrices")
        return [(s, types[0])]

    return infer


def _lapack(what):
    """A kernel over numpy's LAPACK routines: float16 (which they refuse and TensorFlow
    takes) computed in float32 and rounded back; a failure (a singular matrix) reported
    as COMPUTE_ERROR (InvalidArgumentError, as TensorFlow's)."""

    def wrap(fn):
        def kernel(*xs):
            xs = [np.asarray(x) for x in xs]
            half = xs[0].dtype == np.float16
            if half:
                xs = [x.astype(np.float32) for x in xs]
            try:
                out = fn(*xs)
            except np.linalg.LinAlgError as e:
                raise error("COMPUTE_ERROR", f"{what}: {e}") from None
            if not half:
                return out
            if isinstance(out, tuple):
                return tuple(np.asarray(o).astype(np.float16) for o in out)
            return np.asarray(out).astype(np.float16)

        return kernel

    return wrap


def _adjoint_of(x: np.ndarray) -> np.ndarray:
    """The conjugate transpose of the last two axes: TF's `adjoint` attribute."""
    return np.conj(np.swapaxes(x, -1, -2))


def _inverse_kernel(op):
    adjoint = op.attrs.get("adjoint", False)

    @_lapack("matrix_inverse: input is not invertible")
    def kernel(x):
        x = np.asarray(x)
        if adjoint:
            x = _adjoint_of(x)
        return np.linalg.inv(x).astype(x.dtype)

    return kernel


register_op(
    "MatrixInverse",
    arity=1,
    infer=_square_infer("matrix_inverse", half=True),
    attrs={"adjoint": ("bool", False)},
    unknown_rank_ok=True,
    heavy=True,
)(_inverse_kernel)


def matrix_inverse(input: Any, adjoint: bool = False, name: str | None = None) -> Tensor:
    """The inverse of each square matrix of the last two axes (`tf.matrix_inverse`)."""
    attrs = {"adjoint": True} if adjoint else None
    return _op("MatrixInverse", (input,), name, "MatrixInverse", attrs, ("input",))


@register_gradient("MatrixInverse")
def _inverse_grad(op, g):
    ainv = op.outputs[0]
    adj = op.attrs.get("adjoint", False)
    inner = matmul(g, ainv, adjoint_a=adj, adjoint_b=not adj)
    return [-matmul(ainv, inner, adjoint_a=not adj)]


def _det_infer(shapes, types, attrs):
    ((s, dtype),) = _square_infer("matrix_determinant")(shapes, types, attrs)
    return [(None if s is None else s[:-2], dtype)]


@register_op("MatrixDeterminant", arity=1, infer=_det_infer, unknown_rank_ok=True, heavy=True)
def _det(op):
    return _lapack("matrix_determinant")(
        lambda x: np.asarray(np.linalg.det(x)).astype(np.asarray(x).dtype)
    )


def matrix_determinant(input: Any, name: str | None = None) -> Tensor:
    """The determinant of each square matrix of the last two axes."""
    return _op("MatrixDeterminant", (input,), name, "MatrixDeterminant", None, ("input",))


@register_gradient("MatrixDeterminant")
def _det_grad(op, g):
    a, c = op.inputs[0], op.outputs[0]
    return [expand_dims(expand_dims(g * c, -1), -1) * matrix_inverse(a, adjoint=True)]


def _slogdet_infer(shapes, types, attrs):
    ((s, dtype),) = _det_infer(shapes, types, attrs)
    return [(s, dtype), (s, dtype)]


@register_op("LogMatrixDeterminant", arity=1, infer=_slogdet_infer, unknown_rank_ok=True)
def _slogdet(op):
    @_lapack("log_matrix_determinant")
    def kernel(x):
        dtype = np.asarray(x).dtype
        sign, logdet = np.linalg.slogdet(x)
        return np.asarray(sign).astype(dtype), np.asarray(logdet).astype(dtype)

    return kernel


def log_matrix_determinant(input: Any, name: str | None = None):
    """(sign, log|det|) of each square matrix (`tf.linalg.slogdet`)."""
    graph, (x,), name_ = op_inputs((input,), name, "LogMatrixDeterminant", ("input",))
    return op_result(graph.create_op("LogMatrixDeterminant", (x,), None, name_))


@register_gradient("LogMatrixDeterminant")
def _slogdet_grad(op, g_sign, g_logdet):
    if g_logdet is None:
        if g_sign is None:
            return [None]
        # Only the sign reached: TF's gradients give the other output zeros (any output
        # of a multi-output op that is trainable) and run the formula on them.
        g_logdet = zeros_like(op.outputs[1])
    a = op.inputs[0]
    return [expand_dims(expand_dims(g_logdet, -1), -1) * matrix_inverse(a, adjoint=True)]


def logdet(matrix: Any, name: str | None = None) -> Tensor:
    """log det of Hermitian positive-definite matrices, through Cholesky (`tf.linalg.logdet`)."""
    with composite(name, "logdet", (matrix,), ("matrix",)) as (_, (x,), _):
        chol = cholesky(x)
        from .complex_ops import real_part
        from .math_ops import log

        diagonal = matrix_diag_part(chol)
        if diagonal.dtype in _dt.COMPLEX:  # TF takes the real part: a real log det
            diagonal = real_part(diagonal)
        return 2.0 * reduce_sum(log(diagonal), axis=[-1])


@register_op(
    "Cholesky",
    arity=1,
    infer=_square_infer("cholesky"),
    unknown_rank_ok=True,
    heavy=True,
)
def _cholesky(op):
    @_lapack("Cholesky decomposition was not successful: the input might not be valid")
    def kernel(x):
        x = np.asarray(x)
        try:
            return np.linalg.cholesky(x).astype(x.dtype)
        except np.linalg.LinAlgError:
            return _cholesky_each(x)

    return kernel


def _cholesky_each(x: np.ndarray) -> np.ndarray:
    """The factors of a batch some matrix of which is not positive definite: TF 2.21's CPU
    kernel fails no run for it but gives that matrix a lower triangle of NaN (its upper
    triangle is memory it never wrote, zeros here); the others are factored."""
    out = np.zeros(x.shape, x.dtype)
    rows = x.reshape(-1, *x.shape[-2:])
    flat = out.reshape(rows.shape)
    for i, matrix in enumerate(rows):
        try:
            flat[i] = np.linalg.cholesky(matrix)
        except np.linalg.LinAlgError:
            flat[i] = np.tril(np.full(matrix.shape, np.nan, x.dtype))
    return out


def cholesky(input: Any, name: str | None = None) -> Tensor:
    """The lower Cholesky factor of each symmetric positive-definite matrix (only the lower
    triangle is read, as TensorFlow)."""
    return _op("Cholesky", (input,), name, "Cholesky", None, ("input",))


@register_gradient("Cholesky")
def _cholesky_grad(op, g):
    l_ = op.outputs[0]
    s = l_.static_shape
    if s is None or None in s:
        # TensorFlow solves against an identity of the run-time size; the inverse of the
        # triangular factor is the same matrix.
        l_inv = matrix_inverse(l_)
    else:
        l_inv = matrix_triangular_solve(l_, eye(s[-1], batch_shape=s[:-2], dtype=l_.dtype))
    middle = matmul(l_, g, adjoint_a=True)
    middle = matrix_set_diag(middle, 0.5 * matrix_diag_part(middle))
    middle = matrix_band_part(middle, -1, 0)
    grad = matmul(matmul(l_inv, middle, adjoint_a=True), l_inv)
    grad = grad + matrix_transpose(grad, conjugate=True)
    return [grad * 0.5]


def _solve_infer(what, broadcast=True):
    """MatrixTriangularSolve broadcasts the batch dims; MatrixSolve merges them, as TF's."""

    def infer(shapes, types, attrs):
        dtype = same_dtypes(types)
        _check_float_or_complex(dtype, f"{what}'s inputs")
        _no_half(dtype, what)
        a, b = shapes
        if a is None or b is None:
            return [(None if b is None else b, dtype)]
        require_rank(a, 2, f"{what}'s matrix")
        require_rank(b, 2, f"{what}'s right-hand side")
        merge_dim(a[-2], a[-1], f"{what} needs square matrices")
        merge_dim(a[-1], b[-2], f"{what}: matrix and right-hand side rows")
        merge = broadcast_shapes if broadcast else _merged_shape
        batch = merge(a[:-2], b[:-2])
        return [((*batch, *b[-2:]), dtype)]

    return infer


def _solve_kernel(op):
    adjoint = op.attrs.get("adjoint", False)

    @_lapack("matrix_solve: input matrix is not invertible")
    def kernel(a, b):
        a = np.asarray(a)
        if a.shape[:-2] != np.shape(b)[:-2]:  # fed: TF's kernel broadcasts none either
            raise error(
                "SHAPE_MISMATCH",
                f"matrix_solve: batch dims of the matrix {list(a.shape)} and the right-hand "
                f"side {list(np.shape(b))} must be equal",
            )
        if adjoint:
            a = _adjoint_of(a)
        return np.linalg.solve(a, b).astype(a.dtype)

    return kernel


register_op(
    "MatrixSolve",
    arity=2,
    infer=_solve_infer("matrix_solve", broadcast=False),
    attrs={"adjoint": ("bool", False)},
    unknown_rank_ok=True,
    heavy=True,
)(_solve_kernel)


def matrix_solve(matrix: Any, rhs: Any, adjoint: bool = False, name: str | None = None):
    """X with matrix @ X = rhs for each square matrix (`tf.matrix_solve`)."""
    attrs = {"adjoint": True} if adjoint else None
    return _op("MatrixSolve", (matrix, rhs), name, "MatrixSolve", attrs, ("matrix", "rhs"))


def _adjoint_product(c, grad_b, adjoint):
    """c grad_bᴴ, or grad_b cᴴ: the matrix part of a solve's gradient."""
    return matmul(c, grad_b, adjoint_b=True) if adjoint else matmul(grad_b, c, adjoint_b=True)


@register_gradient("MatrixSolve")
def _solve_grad(op, g):
    a, b = op.inputs
    adj = op.attrs.get("adjoint", False)
    c = op.outputs[0]
    grad_b = matrix_solve(a, g, adjoint=not adj)
    grad_a = -_adjoint_product(c, grad_b, adj)
    return [reduce_like(grad_a, a), reduce_like(grad_b, b)]


def _substituted(tri: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`tri` x = b by substitution, row by row, as TF's kernel (Eigen's) solves it: a zero
    on the diagonal divides by zero (inf, or NaN for 0/0) and a NaN spreads, where TF
    fails no run. LAPACK's solve refuses a singular matrix, so only such systems come here."""
    n = tri.shape[-1]
    x = np.zeros(np.broadcast_shapes(tri.shape[:-1], b.shape[:-1]) + b.shape[-1:], tri.dtype)
    lower = not np.any(np.triu(tri, 1))
    order = range(n) if lower else range(n - 1, -1, -1)
    done: list[int] = []
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for i in order:
            known = tri[..., i, done, None] * x[..., done, :] if done else 0
            rest = b[..., i, :] - np.sum(known, axis=-2) if done else b[..., i, :]
            x[..., i, :] = rest / tri[..., i, i, None]
            done.append(i)
    return x


def _triangular_kernel(op):
    lower, adjoint = op.attrs.get("lower", True), op.attrs.get("adjoint", False)

    @_lapack("matrix_triangular_solve")
    def kernel(a, b):
        a = np.asarray(a)
        tri = np.tril(a) if lower else np.triu(a)
        if adjoint:
            tri = _adjoint_of(tri)
        diagonal = np.diagonal(tri, axis1=-2, axis2=-1)
        if np.any(diagonal == 0) or not np.all(np.isfinite(tri)):
            return _substituted(tri, np.broadcast_to(b, (*tri.shape[:-1], b.shape[-1])))
        return np.linalg.solve(tri, b).astype(a.dtype)

    return kernel


register_op(
    "MatrixTriangularSolve",
    arity=2,
    infer=_solve_infer("matrix_triangular_solve"),
    attrs={"lower": ("bool", True), "adjoint": ("bool", False)},
    unknown_rank_ok=True,
    heavy=True,
)(_triangular_kernel)


def matrix_triangular_solve(
    matrix: Any, rhs: Any, lower: bool = True, adjoint: bool = False, name: str | None = None
) -> Tensor:
    """X with tri(matrix) @ X = rhs, reading only the lower (or upper) triangle (one
    `MatrixTriangularSolve` under `triangular_solve/`, as TensorFlow names it)."""
    attrs = {"lower": bool(lower), "adjoint": bool(adjoint)}
    with composite(name, "triangular_solve", (matrix, rhs), ("matrix", "rhs")) as (g, ts, _):
        op = g.create_op("MatrixTriangularSolve", tuple(ts), attrs, "MatrixTriangularSolve")
        return op.outputs[0]


@register_gradient("MatrixTriangularSolve")
def _triangular_grad(op, g):
    a, b = op.inputs
    lower, adj = op.attrs.get("lower", True), op.attrs.get("adjoint", False)
    c = op.outputs[0]
    grad_b = matrix_triangular_solve(a, g, lower=lower, adjoint=not adj)
    grad_a = -_adjoint_product(c, grad_b, adj)
    grad_a = matrix_band_part(grad_a, -1, 0) if lower else matrix_band_part(grad_a, 0, -1)
    return [reduce_like(grad_a, a), reduce_like(grad_b, b)]


# -- cross ------------------------------------------------------------------------------------


def _cross_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "numeric")
    a, b = shapes
    if a is not None and b is not None:
        if len(a) != len(b):
            raise InferenceError("SHAPE_MISMATCH", "cross: both inputs must have the same rank")
        shape = tuple(merge_dim(x, y, "cross: input shapes") for x, y in zip(a, b, strict=True))
    else:
        shape = a if a is not None else b
    if shape is not None:
        require_rank(shape, 1, "cross's input")
        if shape[-1] is not None and shape[-1] != 3:
            raise InferenceError(
                "SHAPE_MISMATCH", f"cross needs a last dimension of 3, got {shape[-1]}"
            )
    return [(shape, dtype)]


def _cross_kernel(a, b):
    if np.shape(a) != np.shape(b) or np.shape(a)[-1:] != (3,):
        raise error("SHAPE_MISMATCH", "cross needs two inputs of one shape [..., 3]")
    return np.cross(a, b).astype(np.result_type(a, b))


register_op("Cross", arity=2, infer=_cross_infer, unknown_rank_ok=True)(lambda op: _cross_kernel)


def cross(a: Any, b: Any, name: str | None = None) -> Tensor:
    """Pairwise cross products of the 3-vectors of the last axis (`tf.cross`)."""
    return _op("Cross", (a, b), name, "Cross", None, ("a", "b"))


@register_gradient("Cross")
def _cross_grad(op, g):
    u, v = op.inputs
    return [cross(v, g), cross(g, u)]


# -- norms ------------------------------------------------------------------------------------


def _norm_axes(ord: Any, axis: Any) -> tuple[bool, tuple | None]:
    """TensorFlow's checks of `ord` and `axis`: (is a matrix norm, axes)."""
    if isinstance(axis, list | tuple) and len(axis) == 2:
        axis = tuple(axis)
        if not all(isinstance(a, int) for a in axis) or axis[0] == axis[1]:
            raise ValueError(
                f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}"
            )
        if ord not in ("euclidean", "fro", 1, 2, np.inf):
            raise ValueError(
                "'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], "
                f"got {ord}"
            )
        return True, axis
    if not (isinstance(axis, int) or axis is None):
        raise ValueError(
            f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}"
        )
    named = ord in ("euclidean", 1, 2, np.inf)
    if not named and (isinstance(ord, str) or not np.isreal(ord) or ord <= 0):
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    return False, None if axis is None else (axis,)


def _matrix_2_norm(x: Tensor, axis: tuple) -> Tensor:
    """The largest singular value over the two `axis`, kept as size-1 axes (TensorFlow's:
    the axes moved last, an SVD, and moved back)."""
    from .math_ops import abs as _abs
    from .reduce_ops import reduce_max

    if x.static_shape is None:
        raise error("UNIMPLEMENTED", "tf.norm's matrix 2-norm needs an input of known rank")
    rank = len(x.static_shape)
    pair = [a % rank for a in axis]
    perm = [i for i in range(rank) if i not in pair] + pair
    s = svd(transpose(x, perm), compute_uv=False)
    top = expand_dims(reduce_max(_abs(s), axis=-1, keepdims=True), -1)
    return transpose(top, np.argsort(perm).tolist())


def norm(
    tensor: Any,
    ord: Any = "euclidean",
    axis: Any = None,
    keepdims: bool | None = None,
    name: str | None = None,
    keep_dims: bool | None = None,
) -> Tensor:
    """Vector and matrix norms as `tf.norm` (TensorFlow's composite, under `norm/`):
    'euclidean' / 'fro' / 2, 1, inf and positive p; a matrix 2-norm (SVD) is refused."""
    from .array_ops import squeeze
    from .complex_ops import conj_of, is_complex_tensor
    from .math_ops import abs as _abs
    from .math_ops import pow as _pow
    from .math_ops import sqrt
    from .reduce_ops import one_of, reduce_max

    keepdims = bool(one_of("keepdims", keepdims, keep_dims, "keep_dims"))
    is_matrix, axis = _norm_axes(ord, axis)
    with composite(name, "norm", (tensor,), ("tensor",)) as (_, (x,), _):
        # TensorFlow keeps the reduced axes and squeezes them at the end; with the rank
        # unknown (and every axis reduced) the reductions drop them instead: a scalar.
        keep = keepdims or x.static_shape is not None or axis is not None
        if ord in ("fro", "euclidean", 2, 2.0):
            if is_matrix and ord in (2, 2.0):
                result = _matrix_2_norm(x, axis)
            else:
                # TF's norm sums x * conj(x): |x|² for complex, where x * x would not be.
                sq = x * conj_of(x) if is_complex_tensor(x) else x * x
                result = sqrt(reduce_sum(sq, axis, keepdims=keep))
        elif ord == 1:
            result = reduce_sum(_abs(x), None if axis is None else axis[0], keepdims=keep)
            if is_matrix:
                result = reduce_max(result, axis[-1], keepdims=True)
        elif ord == np.inf:
            result = _abs(x)
            if is_matrix:
                result = reduce_sum(result, axis[1], keepdims=True)
            result = reduce_max(result, None if axis is None else axis[0], keepdims=keep)
        else:
            result = _pow(reduce_sum(_pow(_abs(x), ord), axis, keepdims=keep), 1.0 / ord)
        return result if keepdims or not keep else squeeze(result, axis)


def adjoint(matrix: Any, name: str | None = None) -> Tensor:
    """The conjugate transpose of the last two axes (`tf.linalg.adjoint`)."""
    with composite(name, "adjoint", (matrix,), ("matrix",)) as (_, (t,), _):
        return matrix_transpose(t, conjugate=True)


def matvec(
    a: Any,
    b: Any,
    transpose_a: bool = False,
    adjoint_a: bool = False,
    a_is_sparse: bool = False,
    b_is_sparse: bool = False,
    name: str | None = None,
) -> Tensor:
    """Matrix-vector products over the last axes (`tf.linalg.matvec`)."""
    from .array_ops import squeeze

    if transpose_a and adjoint_a:
        raise ValueError("Only one of transpose_a and adjoint_a can be True.")
    with composite(name, "MatVec", (a, b), ("a", "b")) as (_, (ta, tb), _):
        out = matmul(ta, expand_dims(tb, -1), transpose_a=transpose_a or adjoint_a)
        return squeeze(out, [-1])


def cholesky_solve(chol: Any, rhs: Any, name: str | None = None) -> Tensor:
    """X with (L Lᵀ) X = rhs from the Cholesky factor L (`tf.linalg.cholesky_solve`)."""
    with composite(name, "cholesky_solve", (chol, rhs), ("chol", "rhs")) as (g, (c, r), _):
        y = g.create_op("MatrixTriangularSolve", (c, r), {"lower": True}, "MatrixTriangularSolve")
        x = g.create_op(
            "MatrixTriangularSolve",
            (c, y.outputs[0]),
            {"lower": True, "adjoint": True},
            "MatrixTriangularSolve",
        )
        return x.outputs[0]


# -- decompositions: eigh, svd, qr ------------------------------------------------------------
# Eigenvectors and singular vectors are unique only up to sign (TensorFlow's documentation
# says so); numpy's LAPACK and TensorFlow's Eigen may pick different signs. Values, and
# every product the signs cancel in (u diag(s) vᵀ, v diag(e) vᵀ, projections squared), agree.


def _output_grads(op, grads):
    """The output gradients with None (an output nothing read) as zeros."""
    return [zeros_like(t) if g is None else g for t, g in zip(op.outputs, grads, strict=True)]


def _safe_reciprocal(x):
    # TensorFlow's _SafeReciprocal: finite where eigen- or singular values coincide.
    from .math_ops import reciprocal

    return x * reciprocal(x * x + 1e-20)


def _pair_reciprocals(values):
    """f[i, j] = 1 / (values[j] - values[i]) off the diagonal, 0 on it."""
    f = _safe_reciprocal(expand_dims(values, -2) - expand_dims(values, -1))
    return matrix_set_diag(f, zeros_like(values))


def _eigh_infer(shapes, types, attrs):
    ((s, dtype),) = _square_infer("self_adjoint_eig")(shapes, types, attrs)
    e = None if s is None else s[:-1]
    v = s if attrs.get("compute_v", True) else (0,)
    return [(e, dtype), (v, dtype)]


@register_op(
    "SelfAdjointEigV2",
    arity=1,
    infer=_eigh_infer,
    attrs={"compute_v": ("bool", True)},
    unknown_rank_ok=True,
    heavy=True,
)
def _eigh(op):
    compute_v = op.attrs.get("compute_v", True)

    @_lapack("self_adjoint_eig")
    def kernel(x):
        dtype = x.dtype
        if not compute_v:
            return np.linalg.eigvalsh(x).astype(dtype), np.zeros((0,), dtype)
        e, v = np.linalg.eigh(x)
        return e.astype(dtype), v.astype(dtype)

    def checked(x):
        # LAPACK answers numbers for a NaN it does not read (the upper triangle) and for
        # some it does; TF's kernel fails the run on any non-finite input.
        if not np.all(np.isfinite(np.tril(np.asarray(x)))):
            raise error(
                "COMPUTE_ERROR",
                "self_adjoint_eig: Self-adjoint eigen decomposition was not successful. "
                "The input might not be valid.",
            )
        return kernel(x)

    return checked


def self_adjoint_eig(tensor: Any, name: str | None = None):
    """(eigenvalues ascending, eigenvectors as columns) of symmetric matrices, reading
    the lower triangle (`tf.self_adjoint_eig`, `tf.linalg.eigh`)."""
    graph, (x,), name_ = op_inputs((tensor,), name, "SelfAdjointEigV2", ("tensor",))
    op = graph.create_op("SelfAdjointEigV2", (x,), {"compute_v": True}, name_)
    return op.outputs[0], op.outputs[1]


def self_adjoint_eigvals(tensor: Any, name: str | None = None) -> Tensor:
    """The eigenvalues, ascending, of symmetric matrices (`tf.linalg.eigvalsh`)."""
    graph, (x,), name_ = op_inputs((tensor,), name, "SelfAdjointEigV2", ("tensor",))
    return graph.create_op("SelfAdjointEigV2", (x,), {"compute_v": False}, name_).outputs[0]


@register_gradient("SelfAdjointEigV2")
def _eigh_grad(op, grad_e, grad_v):
    e = op.outputs[0]
    if op.attrs.get("compute_v", True):
        grad_e, grad_v = _output_grads(op, (grad_e, grad_v))
        v = op.outputs[1]
        f = _pair_reciprocals(e)
        inner = matrix_diag(grad_e) + f * matmul(v, grad_v, adjoint_a=True)
    else:
        _, v = self_adjoint_eig(op.inputs[0])
        inner = matrix_diag(grad_e)
    grad_a = matmul(v, matmul(inner, v, adjoint_b=True))
    # The op reads the lower triangle only: symmetrize onto it, as TensorFlow does.
    grad_a = matrix_band_part(grad_a + matrix_transpose(grad_a, conjugate=True), -1, 0)
    return [matrix_set_diag(grad_a, 0.5 * matrix_diag_part(grad_a))]


def _svd_infer(shapes, types, attrs):
    # A complex matrix's singular values come out complex too (zero imaginary parts), as
    # TF's op; `svd` takes their real part, as `tf.svd` does.
    dtype = types[0]
    _check_float_or_complex(dtype, "svd's input")
    _no_half(dtype, "svd")
    s = shapes[0]
    if s is None:
        return [(None, dtype), (None, dtype), (None, dtype)]
    require_rank(s, 2, "svd's input")
    *batch, m, n = s
    k = None if m is None or n is None else min(m, n)
    if not attrs.get("compute_uv", True):
        return [((*batch, k), dtype), ((0,), dtype), ((0,), dtype)]
    full = attrs.get("full_matrices", False)
    return [
        ((*batch, k), dtype),
        ((*batch, m, m if full else k), dtype),
        ((*batch, n, n if full else k), dtype),
    ]


def _svd_each(x: np.ndarray, one) -> tuple:
    """`one`'s (s, u, v) of each matrix of a batch holding a NaN: TF 2.21's CPU kernel
    gives a matrix with a NaN NaN everywhere (LAPACK does not converge), and fails no run."""
    rows = x.reshape(-1, *x.shape[-2:])
    parts = []
    for matrix in rows:
        s, u, v = one(np.zeros_like(matrix) if np.isnan(matrix).any() else matrix)
        if np.isnan(matrix).any():
            s, u, v = (np.full_like(s, np.nan), np.full_like(u, np.nan), np.full_like(v, np.nan))
        parts.append((s, u, v))
    batch = x.shape[:-2]
    return tuple(
        np.stack([p[i] for p in parts]).reshape(*batch, *parts[0][i].shape)
        if parts[0][i].ndim
        else parts[0][i]
        for i in range(3)
    )


@register_op(
    "Svd",
    arity=1,
    infer=_svd_infer,
    attrs={"compute_uv": ("bool", True), "full_matrices": ("bool", False)},
    unknown_rank_ok=True,
    heavy=True,
)
def _svd(op):
    compute_uv = op.attrs.get("compute_uv", True)
    full = op.attrs.get("full_matrices", False)

    @_lapack("svd")
    def kernel(x):
        dtype = x.dtype
        if np.isnan(x).any():
            return _svd_each(x, kernel)
        if not compute_uv:
            empty = np.zeros((0,), dtype)
            return np.linalg.svd(x, compute_uv=False).astype(dtype), empty, empty
        u, s, vh = np.linalg.svd(x, full_matrices=full)
        return s.astype(dtype), u.astype(dtype), _adjoint_of(vh).astype(dtype)

    return kernel


def svd(tensor: Any, full_matrices: bool = False, compute_uv: bool = True, name=None):
    """Singular values (descending, real for a complex matrix), and u and v with
    tensor = u diag(s) vᴴ, as `tf.svd` (s alone when not `compute_uv`)."""
    from .complex_ops import real_part

    graph, (x,), name_ = op_inputs((tensor,), name, "Svd", ("tensor",))
    attrs = {"compute_uv": bool(compute_uv), "full_matrices": bool(full_matrices)}
    outs = graph.create_op("Svd", (x,), attrs, name_).outputs
    s = real_part(outs[0]) if x.dtype in _dt.COMPLEX else outs[0]
    return (s, outs[1], outs[2]) if compute_uv else s


@register_gradient("Svd")
def _svd_grad(op, grad_s, grad_u, grad_v):
    a = op.inputs[0]
    grad_s = zeros_like(op.outputs[0]) if grad_s is None else grad_s
    if not op.attrs.get("compute_uv", True):
        _, u, v = svd(a, compute_uv=True)
        return [matmul(u, matmul(matrix_diag(grad_s), v, adjoint_b=True))]
    shape = a.static_shape
    if shape is None or shape[-1] is None or shape[-2] is None:
        raise error("UNIMPLEMENTED", "svd's gradient needs static matrix sizes, as in TF")
    _, grad_u, grad_v = _output_grads(op, (grad_s, grad_u, grad_v))
    s, u, v = op.outputs
    m, n = shape[-2], shape[-1]
    transposed = m > n
    if transposed:
        m, n, u, v, grad_u, grad_v = n, m, v, u, grad_v, grad_u
    full = op.attrs.get("full_matrices", False)
    if full and abs(m - n) > 1:
        raise error(
            "UNIMPLEMENTED", "svd's gradient with full_matrices needs |m - n| <= 1, as in TF"
        )
    s_mat = matrix_diag(s)
    f = _pair_reciprocals(s * s)
    v1, grad_v1 = v[..., :, :m], grad_v[..., :, :m]
    f_u = f * matmul(u, grad_u, adjoint_a=True)
    v_gv = matmul(v1, grad_v1, adjoint_a=True)
    f_v = f * v_gv
    inner = (
        matrix_diag(grad_s)
        + matmul(f_u + matrix_transpose(f_u, conjugate=True), s_mat)
        + matmul(s_mat, f_v + matrix_transpose(f_v, conjugate=True))
    )
    grad_a = matmul(u, matmul(inner, v1, adjoint_b=True))
    if m != n:
        gv1t = matrix_transpose(grad_v1, conjugate=True)
        rest = gv1t - matmul(matmul(gv1t, v1), v1, adjoint_b=True)
        if full:
            v2, grad_v2 = v[..., :, m:n], grad_v[..., :, m:n]
            rest = rest - matmul(matmul(v1, grad_v2, adjoint_a=True), v2, adjoint_b=True)
        grad_a = grad_a + matmul(matmul(u, matrix_diag(_safe_reciprocal(s))), rest)
    if a.dtype in _dt.COMPLEX:
        grad_a = grad_a + _svd_phase_term(s, u, v1, v_gv)
    return [matrix_transpose(grad_a, conjugate=True) if transposed else grad_a]


def _svd_phase_term(s, u, v1, v_gv):
    """TF's extra term for a complex SVD: u S⁻¹ (Lᴴ - L) v1ᴴ / 2, L the diagonal of
    v1ᴴ grad_v1 (the part of the loss each singular pair's free phase would move)."""
    diagonal = matrix_diag(matrix_diag_part(v_gv))
    middle = matmul(
        matrix_diag(_safe_reciprocal(s)), matrix_transpose(diagonal, conjugate=True) - diagonal
    )
    return 0.5 * matmul(u, matmul(middle, v1, adjoint_b=True))


def _qr_infer(shapes, types, attrs):
    dtype = types[0]
    _check_float_or_complex(dtype, "qr's input")
    s = shapes[0]
    if s is None:
        return [(None, dtype), (None, dtype)]
    require_rank(s, 2, "qr's input")
    *batch, m, n = s
    full = attrs.get("full_matrices", False)
    k = m if full else (None if m is None or n is None else min(m, n))
    return [((*batch, m, k), dtype), ((*batch, k, n), dtype)]


@register_op(
    "Qr",
    arity=1,
    infer=_qr_infer,
    attrs={"full_matrices": ("bool", False)},
    unknown_rank_ok=True,
    heavy=True,
)
def _qr(op):
    mode = "complete" if op.attrs.get("full_matrices", False) else "reduced"

    @_lapack("qr")
    def kernel(x):
        q, r = np.linalg.qr(x, mode=mode)
        return q.astype(x.dtype), r.astype(x.dtype)

    return kernel


def qr(input: Any, full_matrices: bool = False, name: str | None = None):
    """(q, r) with input = q r, q orthonormal columns, r upper triangular (`tf.qr`)."""
    graph, (x,), name_ = op_inputs((input,), name, "Qr", ("input",))
    op = graph.create_op("Qr", (x,), {"full_matrices": bool(full_matrices)}, name_)
    return op_result(op)


def _r_inverse_adjoint(x, r):
    """x · (r⁻¹)ᴴ for an upper-triangular r, by a triangular solve."""
    solved = matrix_triangular_solve(r, matrix_transpose(x, conjugate=True), lower=False)
    return matrix_transpose(solved, conjugate=True)


def _qr_grad_deep(q, r, dq, dr):
    qdq = matmul(q, dq, adjoint_a=True)
    rdr = matmul(r, dr, adjoint_b=True)
    qdq_ = qdq - matrix_transpose(qdq, conjugate=True)
    tril = matrix_band_part(qdq_ + rdr - matrix_transpose(rdr, conjugate=True), -1, 0)
    grad_a = matmul(q, dr + _r_inverse_adjoint(tril, r))
    grad_a = grad_a + _r_inverse_adjoint(dq - matmul(q, qdq), r)
    if q.dtype in _dt.COMPLEX:
        grad_a = grad_a + _qr_phase_correction(q, r, qdq, rdr)
    return grad_a


def _qr_phase_correction(q, r, qdq, rdr):
    """TF's extra term for complex QR: the imaginary part of the diagonal of
    r drᴴ - (qᴴ dq)ᴴ, which the real formula cannot hold (r's diagonal is real)."""
    from .complex_ops import real_part
    from .math_ops import cast

    m = rdr - matrix_transpose(qdq, conjugate=True)
    d = matrix_diag(matrix_diag_part(m))
    correction = d - cast(real_part(d), q.dtype)
    return _r_inverse_adjoint(matmul(q, correction, adjoint_b=True), r)


@register_gradient("Qr")
def _qr_grad(op, dq, dr):
    from .array_ops import concat

    dq, dr = _output_grads(op, (dq, dr))
    q, r = op.outputs
    qs, rs = q.static_shape, r.static_shape
    if rs is None or rs[-2] is None or rs[-1] is None or qs[-2] is None:
        raise error("UNIMPLEMENTED", "qr's gradient needs static matrix sizes, as in TF")
    if rs[-2] > rs[-1] and qs[-2] == qs[-1]:
        raise error(
            "UNIMPLEMENTED", "qr's gradient with more rows than columns and full_matrices, as TF"
        )
    rows = qs[-2]
    if rows >= rs[-1]:
        return [_qr_grad_deep(q, r, dq, dr)]
    a = op.inputs[0]
    y, u = a[..., :, rows:], r[..., :, :rows]
    dv, du = dr[..., :, rows:], dr[..., :, :rows]
    dx = _qr_grad_deep(q, u, dq + matmul(y, dv, adjoint_b=True), du)
    return [concat([dx, matmul(q, dv)], axis=-1)]


def _solve_ls_infer(shapes, types, attrs):
    dtype = same_dtypes(types[:2])
    _check_float_or_complex(dtype, "matrix_solve_ls's inputs")
    _no_half(dtype, "matrix_solve_ls")
    if types[2] != _dt.float64 or shapes[2] not in (None, ()):
        raise InferenceError("DTYPE_MISMATCH", "l2_regularizer must be a float64 scalar")
    a, b = shapes[:2]
    if a is None or b is None:
        return [(None, dtype)]
    require_rank(a, 2, "matrix_solve_ls's matrix")
    require_rank(b, 2, "matrix_solve_ls's right-hand side")
    merge_dim(a[-2], b[-2], "matrix_solve_ls: matrix and right-hand side rows")
    return [((*_merged_shape(a[:-2], b[:-2]), a[-1], b[-1]), dtype)]


@register_op(
    "MatrixSolveLs",
    arity=3,
    infer=_solve_ls_infer,
    attrs={"fast": ("bool", True)},
    unknown_rank_ok=True,
    heavy=True,
)
def _matrix_solve_ls(op):
    fast = op.attrs.get("fast", True)

    @_lapack("matrix_solve_ls")
    def kernel(a, b, l2):
        if a.shape[:-2] != b.shape[:-2] or a.shape[-2] != b.shape[-2]:
            raise error(
                "SHAPE_MISMATCH",
                f"matrix_solve_ls: matrix {list(a.shape)} and right-hand side "
                f"{list(b.shape)} must have the same batch dims and rows",
            )
        if not fast:
            # TF's complete orthogonal decomposition: the minimum-norm least-squares
            # solution (of a rank-deficient matrix too), l2_regularizer unused.
            return np.linalg.pinv(a) @ b
        ah = np.conj(np.swapaxes(a, -1, -2))
        m, n = a.shape[-2:]
        if m >= n:
            return np.linalg.solve(ah @ a + float(l2) * np.eye(n, dtype=a.dtype), ah @ b)
        return ah @ np.linalg.solve(a @ ah + float(l2) * np.eye(m, dtype=a.dtype), b)

    def typed(a, b, l2):
        return np.asarray(kernel(a, b, l2)).astype(np.asarray(a).dtype)

    return typed


@register_gradient("MatrixSolveLs")
def _matrix_solve_ls_grad(op, g):
    if not op.attrs.get("fast", True):  # TF's ValueError
        raise error("INVALID_ATTR", "Gradient not defined for fast=False")
    raise error("UNIMPLEMENTED", "the gradient of an imported MatrixSolveLs op (fast=True)")


def matrix_solve_ls(
    matrix: Any, rhs: Any, l2_regularizer: float = 0.0, fast: bool = True, name=None
) -> Tensor:
    """Least squares (with an optional ridge term) by the Cholesky factor of the normal
    equations, TensorFlow's `fast` path (`tf.matrix_solve_ls`, `tf.linalg.lstsq`); its
    gradient follows from the ops, as TensorFlow's does. `fast=False` is TF's
    MatrixSolveLs op: the minimum-norm solution (TF's complete orthogonal decomposition),
    without a gradient, as TF's."""
    dtype = matrix.dtype if isinstance(matrix, Tensor) else _dt.as_dtype(np.asarray(matrix).dtype)
    if dtype == _dt.complex128 and not isinstance(l2_regularizer, Tensor) and l2_regularizer:
        raise error(  # TF's NotImplementedError, either path
            "UNIMPLEMENTED",
            "matrix_solve_ls is currently disabled for complex128 and l2_regularizer != 0 due "
            "to poor accuracy.",
        )
    if not fast:
        graph, (a, b), name_ = op_inputs((matrix, rhs), name, "MatrixSolveLs", ("matrix", "rhs"))
        l2 = constant(float(l2_regularizer), _dt.float64, name="l2_regularizer")
        return graph.create_op("MatrixSolveLs", (a, b, l2), {"fast": False}, name_).outputs[0]
    if isinstance(l2_regularizer, Tensor):
        raise error("UNIMPLEMENTED", "matrix_solve_ls's l2_regularizer must be a number here")
    names = ("matrix", "rhs")
    with composite(name, "matrix_solve_ls", (matrix, rhs), names) as (_, (a, b), _):
        shape = a.static_shape
        if shape is None or None in shape[-2:]:
            raise error("UNIMPLEMENTED", "matrix_solve_ls needs the matrix's sizes statically")
        rows, cols = shape[-2], shape[-1]
        tall = rows >= cols
        gram = matmul(a, a, adjoint_a=tall, adjoint_b=not tall)
        if l2_regularizer:
            n = cols if tall else rows
            gram = gram + float(l2_regularizer) * eye(n, dtype=a.dtype)
        chol = cholesky(gram)
        if tall:
            return cholesky_solve(chol, matmul(a, b, adjoint_a=True))
        return matmul(a, cholesky_solve(chol, b), adjoint_a=True)


def _float_like(x: Tensor, what: str) -> None:
    """TF's pinv and matrix_rank check for a real float dtype themselves (TypeError),
    though the SVD under them takes complex matrices."""
    if x.dtype not in _dt.FLOATS:
        raise error(
            "DTYPE_MISMATCH",
            f"{what}: Input `a` must have `float`-like `dtype` (saw {x.dtype.name}).",
        )


def matrix_rank(a: Any, tol: Any = None, validate_args: bool = False, name=None) -> Tensor:
    """The number of singular values above `tol` (by default eps · max(m, n) · the
    largest), as `tf.linalg.matrix_rank`; int32."""
    from .math_ops import cast, greater
    from .reduce_ops import reduce_max

    with composite(None, name or "matrix_rank", (a,), ("a",)) as (_, (x,), _):
        _float_like(x, "matrix_rank")
        s = svd(x, compute_uv=False)
        if tol is None:
            shape = x.static_shape
            if shape is None or None in shape[-2:]:
                raise error("UNIMPLEMENTED", "matrix_rank's default tol needs static sizes")
            eps = float(np.finfo(x.dtype.as_numpy_dtype).eps)
            tol = eps * max(shape[-2:]) * reduce_max(s, axis=-1, keepdims=True)
        return reduce_sum(cast(greater(s, tol), _dt.int32), axis=-1)


def pinv(a: Any, rcond: Any = None, validate_args: bool = False, name=None) -> Tensor:
    """The Moore-Penrose pseudo-inverse through the SVD, singular values below
    rcond · the largest treated as zero (`tf.linalg.pinv`)."""
    from .array_ops import where
    from .math_ops import greater
    from .reduce_ops import reduce_max

    with composite(None, name or "pinv", (a,), ("a",)) as (_, (x,), _):
        _float_like(x, "pinv")
        dtype = x.dtype.as_numpy_dtype
        if rcond is None:
            shape = x.static_shape
            if shape is None or None in shape[-2:]:
                raise error("UNIMPLEMENTED", "pinv's default rcond needs static sizes")
            rcond = 10.0 * max(shape[-2:]) * float(np.finfo(dtype).eps)
        s, u, v = svd(x, full_matrices=False, compute_uv=True)
        cutoff = rcond * reduce_max(s, axis=-1)
        s = where(greater(s, expand_dims(cutoff, -1)), s, np.array(np.inf, dtype))
        return matmul(v / expand_dims(s, -2), u, transpose_b=True)
