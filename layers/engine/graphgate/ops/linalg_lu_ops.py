"""tf.linalg's LU family and matrix exponential: the `Lu` op (partial pivoting, as Eigen's
PartialPivLU that TF's kernel runs) and the composites TF builds over it (`lu_solve`,
`lu_reconstruct`, `lu_matrix_inverse`), and `expm` built as TF builds it (Padé
approximants chosen by the 1-norm, scaling and squaring), so its values and gradients are
those of the ops it is made of. TF registers no gradient for Lu: asking for one is
LookupError there and here."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, convert_to_tensor, name_scope, op_inputs
from .registry import InferenceError, register_op, without_gradient

# -- Lu -------------------------------------------------------------------------------------


def _lu_infer(shapes, types, attrs):
    (s,), (dtype,) = shapes, types
    if dtype not in (_dt.float32, _dt.float64):
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"Value passed to parameter 'input' has DataType {dtype.name} not in list of "
            "allowed values: float64, float32",
        )
    index = attrs.get("output_idx_type", _dt.int32)
    if s is None:
        return [(None, dtype), (None, index)]
    if len(s) < 2:
        raise InferenceError(
            "SHAPE_MISMATCH", f"Shape must be at least rank 2 but is rank {len(s)}"
        )
    if s[-1] is not None and s[-2] is not None and s[-1] != s[-2]:
        raise InferenceError(
            "SHAPE_MISMATCH", f"Dimensions must be equal, but are {s[-2]} and {s[-1]}"
        )
    return [(tuple(s), dtype), (tuple(s[:-1]), index)]


def _lu_one(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One matrix's packed factors and row order: row i of L U is row perm[i] of `a`, the
    pivot the first of the largest magnitudes left in its column (Eigen's choice)."""
    lu = a.copy()
    n = lu.shape[0]
    perm = np.arange(n)
    for k in range(n):
        p = k + int(np.argmax(np.abs(lu[k:, k])))
        if p != k:
            lu[[k, p]] = lu[[p, k]]
            perm[[k, p]] = perm[[p, k]]
        if lu[k, k] != 0:
            lu[k + 1 :, k] /= lu[k, k]
            lu[k + 1 :, k + 1 :] -= np.outer(lu[k + 1 :, k], lu[k, k + 1 :])
    return lu, perm


@register_op(
    "Lu",
    arity=1,
    infer=_lu_infer,
    attrs={"output_idx_type": ("dtype", _dt.int32)},
    unknown_rank_ok=True,
    heavy=True,
)
def _lu(op):
    index = np.dtype(op.attrs.get("output_idx_type", _dt.int32).as_numpy_dtype)

    def kernel(x):
        x = np.asarray(x)
        if x.shape[-1] != x.shape[-2]:
            raise error("COMPUTE_ERROR", f"Input matrix must be square, got {list(x.shape)}")
        # The batch counted, not -1: numpy cannot infer it beside a 0 (an empty matrix).
        flat = x.reshape(math.prod(x.shape[:-2]), *x.shape[-2:])
        lu, perm = np.empty_like(flat), np.empty(flat.shape[:-1], index)
        for b, matrix in enumerate(flat):
            lu[b], perm[b] = _lu_one(matrix)
            # TF's check: the smallest pivot's magnitude must be positive (NaN is not).
            if lu.shape[-1] and not np.all(np.abs(np.diagonal(lu[b])) > 0):
                raise error("COMPUTE_ERROR", "Input is not invertible.")
        return lu.reshape(x.shape), perm.reshape(x.shape[:-1])

    return kernel


without_gradient("Lu")


def lu(input: Any, output_idx_type: Any = _dt.int32, name: str | None = None):
    """`tf.linalg.lu`: (lu, p), L (unit lower) and U packed in `lu`, row i of L U row p[i]
    of `input`; a singular matrix fails the run (InvalidArgumentError), as TF's."""
    graph, (x,), name_ = op_inputs((input,), name, "Lu", ("input",))
    attrs = {"output_idx_type": _dt.as_dtype(output_idx_type)}
    op = graph.create_op("Lu", (x,), attrs, name_)
    return op.outputs[0], op.outputs[1]


# -- lu_reconstruct, lu_solve, lu_matrix_inverse --------------------------------------------------


def _lu_ranks(lower_upper: Tensor, perm: Tensor) -> int:
    """TF's lu_reconstruct_assertions, at build time: graphgate needs the ranks known."""
    lu_shape, perm_shape = lower_upper.static_shape, perm.static_shape
    if lu_shape is None or perm_shape is None:
        raise error(
            "UNKNOWN_RANK", "graphgate's LU functions need lower_upper and perm of known rank"
        )
    if len(lu_shape) < 2:
        raise error("SHAPE_MISMATCH", "Input `lower_upper` must have at least 2 dimensions.")
    if len(lu_shape) != len(perm_shape) + 1:
        raise error("SHAPE_MISMATCH", "`rank(lower_upper)` must equal `rank(perm) + 1`")
    if None not in lu_shape[-2:] and lu_shape[-2] != lu_shape[-1]:
        raise error("SHAPE_MISMATCH", "`lower_upper` must be square.")
    return len(lu_shape)


def _rows_in_order(x: Tensor, order: Tensor, rank: int) -> Tensor:
    """x's rows (its axis -2) taken in `order`, per matrix of the batch."""
    from .array_ops import gather
    from .misc_ops import batch_gather

    return gather(x, order, axis=-2) if rank == 2 else batch_gather(x, order)


def _check_batched_perm(perm: Tensor) -> None:
    # TF stacks an int32 range of batch indices with the perm: an int64 perm of a batch
    # is its TypeError at build (an int64 perm of one matrix works).
    if perm.dtype == _dt.int64:
        raise error(
            "DTYPE_MISMATCH",
            "Tensors in list passed to 'values' of 'Pack' Op have types [int32, int64] that "
            "don't all match (TF's LU functions refuse an int64 perm of a batch).",
        )


def _lower(lower_upper: Tensor) -> Tensor:
    from .linalg_ops import matrix_band_part, matrix_diag_part, matrix_set_diag

    ones = matrix_diag_part(lower_upper) * 0 + 1
    return matrix_set_diag(matrix_band_part(lower_upper, -1, 0), ones)


def lu_reconstruct(lower_upper: Any, perm: Any, validate_args: bool = False, name=None):
    """`tf.linalg.lu_reconstruct`: the matrix `lu` factors, (L U)'s rows put back."""
    from .array_ops import one_hot
    from .linalg_ops import matrix_band_part
    from .math_ops import matmul
    from .reduce_ops import argmax

    with name_scope(name or "lu_reconstruct"):
        lower_upper = convert_to_tensor(lower_upper, name="lower_upper", dtype_hint=_dt.float32)
        perm = convert_to_tensor(perm, name="perm", dtype_hint=_dt.int32)
        rank = _lu_ranks(lower_upper, perm)
        x = matmul(_lower(lower_upper), matrix_band_part(lower_upper, 0, -1))
        d = lower_upper.static_shape[-1]
        if d is None:
            raise error("UNIMPLEMENTED", "lu_reconstruct needs the matrices' size in graphgate")
        # The inverse permutation: where each row went (TF: invert_permutation per matrix).
        if rank > 2:
            _check_batched_perm(perm)
        # (An empty perm is its own inverse: argmax has no empty axis to reduce.)
        inverse = perm if d == 0 else argmax(one_hot(perm, d), axis=-2, output_type=perm.dtype)
        return _rows_in_order(x, inverse, rank)


def lu_solve(lower_upper: Any, perm: Any, rhs: Any, validate_args: bool = False, name=None):
    """`tf.linalg.lu_solve`: X with A X = rhs, A the matrix `lu` factored."""
    from .extra_array_ops import broadcast_to
    from .linalg_ops import matrix_triangular_solve
    from .registry import broadcast_shapes

    with name_scope(name or "lu_solve"):
        lower_upper = convert_to_tensor(lower_upper, name="lower_upper", dtype_hint=_dt.float32)
        perm = convert_to_tensor(perm, name="perm", dtype_hint=_dt.int32)
        rhs = convert_to_tensor(rhs, name="rhs", dtype_hint=lower_upper.dtype)
        rank = _lu_ranks(lower_upper, perm)
        r = rhs.static_shape
        if r is not None and len(r) < 2:
            raise error("SHAPE_MISMATCH", "Input `rhs` must have at least 2 dimensions.")
        d = lower_upper.static_shape[-1]
        if r is not None and d is not None and r[-2] is not None and d != r[-2]:
            raise error("SHAPE_MISMATCH", "`lower_upper.shape[-1]` must equal `rhs.shape[-1]`.")
        if r is not None and len(r) == 2 and rank == 2:
            permuted = _rows_in_order(rhs, perm, 2)
        else:
            _check_batched_perm(perm)
            if r is None or None in r or None in perm.static_shape:
                raise error("UNIMPLEMENTED", "a batched lu_solve needs static shapes in graphgate")
            batch = tuple(broadcast_shapes(r[:-2], perm.static_shape[:-1]))
            rhs_b = broadcast_to(rhs, [*batch, *r[-2:]])
            perm_b = broadcast_to(perm, [*batch, r[-2]])
            permuted = _rows_in_order(rhs_b, perm_b, len(batch) + 2)
        lower_solved = matrix_triangular_solve(_lower(lower_upper), permuted)
        return matrix_triangular_solve(lower_upper, lower_solved, lower=False)


def lu_matrix_inverse(lower_upper: Any, perm: Any, validate_args: bool = False, name=None):
    """`tf.linalg.lu_matrix_inverse`: the inverse of the matrix `lu` factored."""
    from .linalg_ops import eye

    with name_scope(name or "lu_matrix_inverse"):
        lower_upper = convert_to_tensor(lower_upper, name="lower_upper", dtype_hint=_dt.float32)
        perm = convert_to_tensor(perm, name="perm", dtype_hint=_dt.int32)
        _lu_ranks(lower_upper, perm)
        shape = lower_upper.static_shape
        if None in shape:
            raise error("UNIMPLEMENTED", "lu_matrix_inverse needs static shapes in graphgate")
        identity = eye(shape[-1], batch_shape=shape[:-2], dtype=lower_upper.dtype)
        return lu_solve(lower_upper, perm, identity)


# -- expm -----------------------------------------------------------------------------------------

# TF's Padé coefficients (linalg_impl._matrix_exp_pade*), lowest order first.
_PADE = {
    3: [120.0, 60.0, 12.0],
    5: [30240.0, 15120.0, 3360.0, 420.0, 30.0],
    7: [17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0],
    9: [
        17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0, 2162160.0,
        110880.0, 3960.0, 90.0,
    ],
    13: [
        64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
        129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
        40840800.0, 960960.0, 16380.0, 182.0,
    ],
}  # fmt: skip


def _pade(matrix: Tensor, order: int, ident: Tensor) -> tuple[Tensor, Tensor]:
    """TF's (U, V) of the Padé approximant of `order`, term for term as TF sums them."""
    from .array_ops import constant
    from .math_ops import matmul

    b = [constant(x, matrix.dtype) for x in _PADE[order]]
    m2 = matmul(matrix, matrix)
    if order == 3:
        return matmul(matrix, m2 + b[1] * ident), b[2] * m2 + b[0] * ident
    m4 = matmul(m2, m2)
    if order == 5:
        u = matmul(matrix, m4 + b[3] * m2 + b[1] * ident)
        return u, b[4] * m4 + b[2] * m2 + b[0] * ident
    m6 = matmul(m4, m2)
    if order == 7:
        u = matmul(matrix, m6 + b[5] * m4 + b[3] * m2 + b[1] * ident)
        return u, b[6] * m6 + b[4] * m4 + b[2] * m2 + b[0] * ident
    if order == 9:
        m8 = matmul(m6, m2)
        u = matmul(matrix, m8 + b[7] * m6 + b[5] * m4 + b[3] * m2 + b[1] * ident)
        return u, b[8] * m8 + b[6] * m6 + b[4] * m4 + b[2] * m2 + b[0] * ident
    tmp_u = matmul(m6, m6 + b[11] * m4 + b[9] * m2) + b[7] * m6 + b[5] * m4 + b[3] * m2
    u = matmul(matrix, tmp_u + b[1] * ident)
    tmp_v = b[12] * m6 + b[10] * m4 + b[8] * m2
    return u, matmul(m6, tmp_v) + b[6] * m6 + b[4] * m4 + b[2] * m2 + b[0] * ident


# Per dtype: the largest 1-norm scaled into, the orders, and the norms below which each of
# the lower orders serves (Higham 2005, as TF's).
_EXPM = {
    _dt.float32: (3.925724783138660, (3, 5, 7), (4.258730016922831e-001, 1.880152677804762e000)),
    _dt.float64: (
        5.371920351148152,
        (3, 5, 7, 9, 13),
        (
            1.495585217958292e-002,
            2.539398330063230e-001,
            9.504178996162932e-001,
            2.097847961257068e000,
        ),
    ),
}


def expm(input: Any, name: str | None = None) -> Tensor:
    """`tf.linalg.expm`: the matrix exponential of each square matrix of the last two axes,
    by TF's scaling and squaring over Padé approximants (float32, float64 and their complex
    types, by their parts' precision; a matrix whose 1-norm is not finite is all NaN)."""
    from .array_ops import reshape
    from .control_flow_ops import cond, while_loop
    from .linalg_ops import eye, matrix_solve
    from .math_ops import less, matmul
    from .misc_ops import where_v2
    from .reduce_ops import reduce_max

    with name_scope(name, "matrix_exponential", [input] if isinstance(input, Tensor) else None):
        matrix = convert_to_tensor(input, name="input")
        if matrix.dtype.real_dtype not in _EXPM:
            raise error(
                "INVALID_ATTR",
                f"tf.linalg.expm does not support matrices of type {matrix.dtype.name}",
            )
        shape = matrix.static_shape
        rows, cols = (None, None) if shape is None or len(shape) < 2 else shape[-2:]
        if shape is not None and (len(shape) < 2 or (None not in (rows, cols) and rows != cols)):
            # TF's shape check refuses these while building (ValueError).
            raise error("SHAPE_MISMATCH", f"expm needs square matrices, got shape {shape}")
        if shape is None or None in shape[-2:]:
            raise error("UNIMPLEMENTED", f"expm needs square matrices of static size, got {shape}")
        if shape[-1] == 0:
            return matrix
        flat = reshape(matrix, [-1, *shape[-2:]])
        ident = eye(shape[-1], dtype=matrix.dtype)
        result, squarings, finite = _expm_flat(flat, ident)
        result = cond(finite, lambda: matrix_solve(result[0], result[1]), lambda: result[2])
        most = reduce_max(squarings)

        def more(i, _):
            return cond(finite, lambda: less(i, most), lambda: convert_to_tensor(False))

        def square(i, r):
            return i + 1, where_v2(less(i, squarings), matmul(r, r), r)

        start = convert_to_tensor(0.0, squarings.dtype)
        _, result = while_loop(more, square, [start, result])
        return reshape(result, [-1 if d is None else d for d in shape])


def _expm_flat(flat: Tensor, ident: Tensor):
    """((-U + V, U + V, all NaN), the squarings per matrix, whether every 1-norm is finite)
    of a [batch, n, n] tensor."""
    from .array_ops import constant, fill, shape
    from .math_ops import abs as abs_
    from .math_ops import cast, floor, less, log, maximum
    from .math_ops import pow as pow_
    from .misc_ops import where_v2
    from .reduce_ops import reduce_max, reduce_sum
    from .special_math_ops import is_finite

    maxnorm, orders, bounds = _EXPM[flat.dtype.real_dtype]
    l1 = reduce_max(reduce_sum(abs_(flat), axis=1), axis=-1)[:, None, None]

    def const(x):
        return constant(x, l1.dtype)

    squarings = maximum(floor(log(l1 / const(maxnorm)) / log(const(2.0))), 0)
    cases = [_pade(flat, k, ident) for k in orders[:-1]]
    scaled = flat / cast(pow_(const(2.0), squarings), flat.dtype)
    cases.append(_pade(scaled, orders[-1], ident))
    u, v = cases[-1]
    for bound, (u_k, v_k) in reversed(list(zip(bounds, cases[:-1], strict=True))):
        u = where_v2(less(l1, const(bound)), u_k, u)
        v = where_v2(less(l1, const(bound)), v_k, v)
    nan = fill(shape(flat), constant(np.nan, flat.dtype))
    return (-u + v, u + v, nan), squarings, is_finite(reduce_max(l1))
