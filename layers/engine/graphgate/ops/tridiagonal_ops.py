"""`tf.linalg.tridiagonal_matmul`: the product of tridiagonal matrices, given by their
three diagonals (compact `[..., 3, M]`, a sequence of three `[..., M]`, or whole
`[..., M, M]` matrices), with a right-hand side `[..., M, N]`. Built of graphgate's ops
term for term as TF's kernel sums them (sub · the row above, + main · the row, + super ·
the row below), so its gradient is theirs; the diagonal entries TF ignores (the
superdiagonal's last, the subdiagonal's first) are zeroed so they never reach the sum."""

from __future__ import annotations

from typing import Any

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, convert_to_tensor, name_scope


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
            if t.dtype not in (_dt.float32, _dt.float64):
                raise error(
                    "DTYPE_MISMATCH",
                    f"tridiagonal_matmul computes float32 and float64, not {t.dtype.name}",
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
