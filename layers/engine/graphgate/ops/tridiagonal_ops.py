"""`tf.linalg.tridiagonal_matmul` and `tridiagonal_solve`, tridiagonal matrices given by
their three diagonals (compact `[..., 3, M]`, a sequence of three `[..., M]`, or whole
`[..., M, M]` matrices), a right-hand side `[..., M, N]`.

The product is built of graphgate's ops term for term as TF's kernel sums them (sub · the
row above, + main · the row, + super · the row below), so its gradient is theirs; the
diagonal entries TF ignores (the superdiagonal's last, the subdiagonal's first) are
zeroed so they never reach the sum. The solve is an op of its own (`TridiagonalSolve`):
TF's CPU kernel's partial pivoting or Thomas algorithm, and TF's gradient."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, convert_to_tensor, name_scope
from .registry import InferenceError, register_gradient, register_op


def _diagonals(diagonals: Any, diagonals_format: str) -> tuple[Tensor, Tensor, Tensor]:
    from .linalg_ops import matrix_diag_part

    if diagonals_format == "compact":
        d = convert_to_tensor(diagonals, name="diagonals")
        shape = d.static_shape
        if shape is not None and (len(shape) < 2 or shape[-2] not in (None, 3)):
            raise error("SHAPE_MISMATCH", f"Expected diagonals of shape [..., 3, M], got {shape}")
        return d[..., 0, :], d[..., 1, :], d[..., 2, :]
    if diagonals_format == "sequence":
        if not isinstance(diagonals, list | tuple) or len(diagonals) != 3:
            raise error("INVALID_ATTR", "Expected diagonals to be a sequence of length 3.")
        return tuple(convert_to_tensor(d, name="diagonals") for d in diagonals)
    if diagonals_format == "matrix":
        d = convert_to_tensor(diagonals, name="diagonals")
        shape = d.static_shape
        if shape is not None and None not in shape[-2:] and shape[-1] != shape[-2]:
            raise error(
                "INVALID_ATTR",
                f"Expected last two dimensions of diagonals to be same, got {shape[-2]} and "
                f"{shape[-1]}",
            )
        return _matrix_diagonals(d, matrix_diag_part)
    raise error("INVALID_ATTR", f"Unrecognized diagonals_format: {diagonals_format}")


def _matrix_diagonals(d: Tensor, matrix_diag_part) -> tuple[Tensor, Tensor, Tensor]:
    """A whole matrix's three diagonals, each of length M (the super's last and the sub's
    first are padding)."""
    from .array_ops import concat, zeros_like

    main = matrix_diag_part(d)
    pad = zeros_like(main[..., :1])
    above = matrix_diag_part(d[..., :-1, 1:])
    below = matrix_diag_part(d[..., 1:, :-1])
    return concat([above, pad], axis=-1), main, concat([pad, below], axis=-1)


def tridiagonal_matmul(
    diagonals: Any, rhs: Any, diagonals_format: str = "compact", name: str | None = None
) -> Tensor:
    """`tf.linalg.tridiagonal_matmul`: the tridiagonal matrices times `rhs` ([..., M, N])."""
    from .array_ops import concat, expand_dims, pad, zeros_like

    with name_scope(name or "tridiagonal_matmul"):
        superdiag, maindiag, subdiag = _diagonals(diagonals, diagonals_format)
        rhs = convert_to_tensor(rhs, name="rhs")
        for t in (superdiag, maindiag, subdiag, rhs):
            if t.dtype not in (_dt.float32, _dt.float64, _dt.complex64, _dt.complex128):
                raise error(
                    "DTYPE_MISMATCH",
                    "tridiagonal_matmul computes float32, float64, complex64 and complex128, "
                    f"not {t.dtype.name}",
                )
        r = rhs.static_shape
        if r is None:
            raise error("UNKNOWN_RANK", "tridiagonal_matmul needs rhs of known rank")
        if len(r) < 2:
            raise error("SHAPE_MISMATCH", f"rhs must be at least of rank 2, got {list(r)}")
        zero = zeros_like(maindiag[..., :1])
        superdiag = concat([superdiag[..., :-1], zero], axis=-1)
        subdiag = concat([zero, subdiag[..., 1:]], axis=-1)
        paddings = [[0, 0]] * (len(r) - 2)
        above = pad(rhs[..., :-1, :], [*paddings, [1, 0], [0, 0]])
        below = pad(rhs[..., 1:, :], [*paddings, [0, 1], [0, 0]])

        def column(d: Tensor) -> Tensor:
            return expand_dims(d, -1)

        return column(subdiag) * above + column(maindiag) * rhs + column(superdiag) * below


# -- tridiagonal_solve ------------------------------------------------------------------------


def _solve_infer(shapes, types, attrs):
    d, r = shapes
    if types[0] != types[1] or types[0] not in (_dt.float32, _dt.float64):
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"tridiagonal_solve takes float32 or float64 of one dtype, not {types[0].name} "
            f"and {types[1].name}",
        )
    if d is not None and (len(d) < 2 or d[-2] not in (None, 3)):
        raise InferenceError("SHAPE_MISMATCH", f"Expected diagonals of shape [..., 3, M], got {d}")
    if r is not None and len(r) < 2:
        raise InferenceError("SHAPE_MISMATCH", f"rhs must be at least of rank 2, got {list(r)}")
    return [(r, types[1])]


def _pivoted(sup: np.ndarray, diag: np.ndarray, sub: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Gaussian elimination with partial pivoting on one tridiagonal system (LAPACK's
    gtsv, as TF's CPU kernel runs it): the second superdiagonal row swaps create is kept
    in `u2`; a zero pivot is TF's all-NaN answer."""
    n = len(diag)
    u0, u1, u2 = diag.copy(), np.append(sup[:-1], 0).astype(diag.dtype), np.zeros_like(diag)
    x = rhs.copy()
    for i in range(n - 1):
        if abs(u0[i]) >= abs(sub[i + 1]):
            if u0[i] == 0:
                return np.full_like(rhs, np.nan)
            factor = sub[i + 1] / u0[i]
            u0[i + 1] = diag[i + 1] - factor * u1[i]
            x[i + 1] = rhs[i + 1] - factor * x[i]
        else:
            factor = u0[i] / sub[i + 1]
            u0[i], u0[i + 1] = sub[i + 1], u1[i] - factor * diag[i + 1]
            u1[i] = diag[i + 1]
            x[i + 1] = x[i] - factor * rhs[i + 1]
            x[i] = rhs[i + 1]
            if i != n - 2:
                u2[i], u1[i + 1] = sup[i + 1], -factor * sup[i + 1]
    if u0[n - 1] == 0:
        return np.full_like(rhs, np.nan)
    x[n - 1] = x[n - 1] / u0[n - 1]
    x[n - 2] = (x[n - 2] - u1[n - 2] * x[n - 1]) / u0[n - 2]
    for i in range(n - 3, -1, -1):
        x[i] = (x[i] - u1[i] * x[i + 1] - u2[i] * x[i + 2]) / u0[i]
    return x


def _thomas(sup: np.ndarray, diag: np.ndarray, sub: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """The Thomas algorithm (no pivoting), as TF's kernel: a zero pivot is all NaN."""
    n = len(diag)
    u, x = np.zeros_like(diag), np.empty_like(rhs)
    if diag[0] == 0:
        return np.full_like(rhs, np.nan)
    u[0], x[0] = sup[0] / diag[0], rhs[0] / diag[0]
    for i in range(1, n):
        denom = diag[i] - sub[i] * u[i - 1]
        if denom == 0:
            return np.full_like(rhs, np.nan)
        u[i] = sup[i] / denom
        x[i] = (rhs[i] - sub[i] * x[i - 1]) / denom
    for i in range(n - 2, -1, -1):
        x[i] -= u[i] * x[i + 1]
    return x


@register_op(
    "TridiagonalSolve",
    arity=2,
    infer=_solve_infer,
    attrs={"partial_pivoting": ("bool", True), "perturb_singular": ("bool", False)},
    heavy=True,
)
def _tridiagonal_solve(op):
    pivoting = op.attrs.get("partial_pivoting", True)
    if op.attrs.get("perturb_singular", False):
        raise error("UNIMPLEMENTED", "tridiagonal_solve(perturb_singular=True)", node=op.name)

    def kernel(diagonals, rhs):
        d, r = np.asarray(diagonals), np.asarray(rhs)
        if d.shape[:-2] != r.shape[:-2] or d.shape[-2] != 3 or d.shape[-1] != r.shape[-2]:
            raise error(
                "COMPUTE_ERROR",
                f"tridiagonal_solve of diagonals {list(d.shape)} and rhs {list(r.shape)}",
                node=op.name,
            )
        out = np.empty_like(r)
        # The batch counted, not -1: numpy cannot infer it beside a 0 (an empty system).
        batch = math.prod(r.shape[:-2])
        flat_d, flat_r = d.reshape(batch, 3, d.shape[-1]), r.reshape(batch, *r.shape[-2:])
        flat_out = out.reshape(flat_r.shape)
        for b in range(len(flat_d)):
            sup, diag, sub = flat_d[b]
            if len(diag) == 0:
                continue
            if len(diag) == 1:
                flat_out[b] = flat_r[b] / diag[0] if diag[0] != 0 else np.nan
            else:
                flat_out[b] = (_pivoted if pivoting else _thomas)(sup, diag, sub, flat_r[b])
        return out

    return kernel


@register_gradient("TridiagonalSolve")
def _tridiagonal_solve_grad(op, g):
    from .array_ops import concat, stack, zeros_like
    from .reduce_ops import reduce_sum

    diags, x = op.inputs[0], op.outputs[0]
    zero = zeros_like(diags[..., 1, :1])
    transposed = stack(
        [
            concat([diags[..., 2, 1:], zero], axis=-1),
            diags[..., 1, :],
            concat([zero, diags[..., 0, :-1]], axis=-1),
        ],
        axis=-2,
    )
    attrs = {
        "partial_pivoting": op.attrs.get("partial_pivoting", True),
        "perturb_singular": op.attrs.get("perturb_singular", False),
    }
    graph = diags.graph
    grad_rhs = graph.create_op("TridiagonalSolve", (transposed, g), attrs, "TridiagonalSolve")
    grad_rhs = grad_rhs.outputs[0]
    row = zeros_like(x[..., :1, :])
    diag = reduce_sum(grad_rhs * x, axis=-1)
    superdiag = reduce_sum(grad_rhs * concat([x[..., 1:, :], row], axis=-2), axis=-1)
    subdiag = reduce_sum(grad_rhs * concat([row, x[..., :-1, :]], axis=-2), axis=-1)
    return [-stack([superdiag, diag, subdiag], axis=-2), grad_rhs]


def _padded_sequence(superdiag: Tensor, maindiag: Tensor, subdiag: Tensor) -> tuple:
    """A sequence's off-diagonals of M - 1 entries padded to M, as TF's solve pads them
    (the superdiagonal at its end, the subdiagonal at its start)."""
    from .array_ops import pad

    m = maindiag.static_shape[-1] if maindiag.static_shape else None

    def padded(t: Tensor, what: str, where: list[int]) -> Tensor:
        n = t.static_shape[-1] if t.static_shape else None
        if n is None or m is None or n == m:
            return t
        if n == m - 1:
            return pad(t, [[0, 0]] * (len(t.static_shape) - 1) + [where])
        raise error("SHAPE_MISMATCH", f"Expected {what} to be have length {m} or {m - 1}, got {n}.")

    return (
        padded(superdiag, "superdiagonal", [0, 1]),
        maindiag,
        padded(subdiag, "subdiagonal", [1, 0]),
    )


def tridiagonal_solve(
    diagonals: Any,
    rhs: Any,
    diagonals_format: str = "compact",
    transpose_rhs: bool = False,
    conjugate_rhs: bool = False,
    name: str | None = None,
    partial_pivoting: bool = True,
    perturb_singular: bool = False,
) -> Tensor:
    """`tf.linalg.tridiagonal_solve`: X with T X = rhs for tridiagonal T (compact,
    sequence or matrix format), rhs [..., M] or [..., M, K]; partial pivoting as TF's CPU
    kernel (or the Thomas algorithm without it), a singular system all NaN as TF's."""
    from .array_ops import expand_dims, squeeze, stack
    from .linalg_ops import matrix_transpose

    if perturb_singular and not partial_pivoting:
        raise error("INVALID_ATTR", "partial_pivoting must be True if perturb_singular is.")
    if perturb_singular:
        raise error("UNIMPLEMENTED", "tridiagonal_solve(perturb_singular=True)")
    with name_scope(name or "tridiagonal_solve"):
        if diagonals_format == "compact":
            d = convert_to_tensor(diagonals, name="diagonals")
        else:
            parts = _diagonals(diagonals, diagonals_format)
            if diagonals_format == "sequence":
                parts = _padded_sequence(*parts)
            d = stack(list(parts), axis=-2)
        rhs = convert_to_tensor(rhs, d.dtype if not isinstance(rhs, Tensor) else None, "rhs")
        ds, rs = d.static_shape, rhs.static_shape
        if ds is None or rs is None:
            raise error("UNKNOWN_RANK", "tridiagonal_solve needs diagonals and rhs of known rank")
        if len(rs) not in (len(ds), len(ds) - 1):
            raise error(
                "SHAPE_MISMATCH",
                f"Expected the rank of rhs to be {len(ds) - 1} or {len(ds)}, got {len(rs)}",
            )
        vector = len(rs) == len(ds) - 1
        if vector:
            rhs = expand_dims(rhs, -1)
        elif transpose_rhs:
            rhs = matrix_transpose(rhs)
        m, lhs = ds[-1], rhs.static_shape[-2]
        if m is not None and lhs is not None and m != lhs:
            raise error(
                "SHAPE_MISMATCH",
                "Expected number of left-hand sided and right-hand sides to be equal, got "
                f"{m} and {lhs}",
            )
        attrs = {"partial_pivoting": bool(partial_pivoting), "perturb_singular": False}
        op = d.graph.create_op("TridiagonalSolve", (d, rhs), attrs, "TridiagonalSolve")
        out = op.outputs[0]
        return squeeze(out, [-1]) if vector else out
