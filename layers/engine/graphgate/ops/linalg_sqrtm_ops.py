"""`tf.linalg.sqrtm` (`tf.matrix_square_root`): the `MatrixSquareRoot` op, the principal
square root of each square matrix of the last two axes, with TF's gradient; and
`tf.linalg.logm` (`MatrixLogarithm`), the principal logarithm, by the same means (below).

TF's kernel is Eigen's `sqrt()` over a real (or complex) Schur form. Numpy has no Schur
decomposition, so the root is computed from the eigenvalues, which decide whether it
exists at all, and then by the most accurate means the matrix allows: `eigh` for a
symmetric (Hermitian) matrix, the eigenvectors when they are well conditioned, and the
scaled Denman-Beavers iteration when they are not. Where Eigen's answer is NaN (a
non-finite entry; a real matrix with a negative real eigenvalue, whose 1x1 Schur block
has no real root; two zero eigenvalues, whose coupling Eigen divides by 0 + 0) the whole
matrix is NaN, as the Schur form's back-transformation spreads it in TF. A matrix none of
these means can root accurately (defective and singular) fails the run: no guess.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import error
from ..graph import Tensor
from .linalg_ops import _square_infer
from .math_ops import _op
from .registry import InferenceError, register_gradient, register_op, without_gradient

# Eigenvectors with a condition number below this give a root good to about
# cond * eps; beyond it the iteration (backward stable for a nonsingular matrix) is used.
_EIGENVECTOR_CONDITION = 1e6
_ITERATIONS = 100


def _denman_beavers(a: np.ndarray) -> np.ndarray:
    """The principal root of a nonsingular matrix without eigenvalues on the negative
    real axis, by the product form of the Denman-Beavers iteration with determinant
    scaling (Higham, Functions of Matrices, 6.3)."""
    n = a.shape[0]
    y, z = a.copy(), np.eye(n, dtype=a.dtype)
    for _ in range(_ITERATIONS):
        mu = abs(np.linalg.det(y) * np.linalg.det(z)) ** (-1.0 / (2 * n))
        y_next = 0.5 * (mu * y + np.linalg.inv(z) / mu)
        z = 0.5 * (mu * z + np.linalg.inv(y) / mu)
        done = np.linalg.norm(y_next - y, 1) <= 1e-15 * np.linalg.norm(y_next, 1)
        y = y_next
        if done:
            return y
    raise error("COMPUTE_ERROR", "matrix_square_root: the square root did not converge")


def _root(a: np.ndarray, w: np.ndarray, zero: np.ndarray) -> np.ndarray:
    """The principal root of `a` (float64 or complex128), eigenvalues `w`, `zero`
    marking those that are 0 to rounding."""
    if np.array_equal(a, a.conj().T):
        values, vectors = np.linalg.eigh(a)
        # A real matrix's negative eigenvalues were answered NaN before; here they are
        # rounding about a zero. A complex one's root is imaginary (principal branch).
        roots = np.sqrt(values.astype(a.dtype) if a.dtype.kind == "c" else np.maximum(values, 0))
        return (vectors * roots) @ vectors.conj().T
    w, vectors = np.linalg.eig(a)
    if np.linalg.cond(vectors) < _EIGENVECTOR_CONDITION:
        root = (vectors * np.sqrt(w.astype(np.complex128))) @ np.linalg.inv(vectors)
        return root.real if a.dtype.kind == "f" else root
    if zero.any():
        raise error(
            "COMPUTE_ERROR",
            "matrix_square_root: a singular matrix without a basis of eigenvectors has no "
            "square root graphgate computes accurately",
        )
    return _denman_beavers(a)


def _sqrtm_one(a: np.ndarray) -> np.ndarray:
    """One matrix's principal square root, or all NaN where Eigen's is NaN."""
    n = a.shape[0]
    nan = np.full_like(a, np.nan)
    if n == 0:
        return a
    if not np.all(np.isfinite(a)):
        return nan
    w = np.linalg.eigvals(a)
    scale = max(float(np.abs(a).max()), np.finfo(np.float64).tiny)
    zero = np.abs(w) <= 4 * n * np.finfo(np.float64).eps * scale
    negative = (w.imag == 0) & (w.real < 0) & ~zero
    if (a.dtype.kind == "f" and negative.any()) or zero.sum() >= 2:
        return nan
    return _root(a, w, zero)


def _sqrtm_kernel(x):
    x = np.asarray(x)
    if x.dtype == np.float16:
        # TF registers the op for float16 but no CPU kernel: the graph builds, the run fails.
        raise error("COMPUTE_ERROR", "MatrixSquareRoot has no kernel for float16 (as TF's)")
    wide = np.complex128 if x.dtype.kind == "c" else np.float64
    flat = x.reshape(math.prod(x.shape[:-2]), *x.shape[-2:]).astype(wide)
    out = np.empty_like(flat)
    for b, matrix in enumerate(flat):
        out[b] = _sqrtm_one(matrix)
    return out.reshape(x.shape).astype(x.dtype)


register_op(
    "MatrixSquareRoot",
    arity=1,
    infer=_square_infer("matrix_square_root", half=True),
    unknown_rank_ok=True,
    heavy=True,
)(lambda op: _sqrtm_kernel)


def matrix_square_root(input: Any, name: str | None = None) -> Tensor:
    """`tf.linalg.sqrtm`: the principal square root of each square matrix of the last two
    axes (float16, float32, float64, complex64, complex128; NaN where none exists)."""
    return _op("MatrixSquareRoot", (input,), name, "MatrixSquareRoot", None, ("input",))


sqrtm = matrix_square_root


def _kronecker(b1: Tensor, b2: Tensor, batch: tuple, n: int) -> Tensor:
    """The Kronecker product of each pair of n x n matrices (TF's `_KroneckerProduct`)."""
    from .array_ops import reshape

    left = reshape(b1, [*batch, n, 1, n, 1])
    right = reshape(b2, [*batch, 1, n, 1, n])
    return reshape(left * right, [*batch, n * n, n * n])


@register_gradient("MatrixSquareRoot")
def _sqrtm_grad(op, grad):
    # TF's: dA = R dR + dR R, a Sylvester equation solved for vec(dR) with the Kronecker
    # sum (I ⊗ Rᵀ + R ⊗ I), by matrix_solve. TF reads the shapes at run time; graphgate
    # needs them known.
    from .array_ops import reshape
    from .linalg_ops import eye, matrix_solve, matrix_transpose

    root = op.outputs[0]
    shape = root.static_shape
    if shape is None or None in shape:
        raise error("UNIMPLEMENTED", "matrix_square_root's gradient needs a static shape")
    batch, n = tuple(shape[:-2]), shape[-1]
    ident = eye(n, batch_shape=list(batch), dtype=root.dtype)
    root_t = matrix_transpose(root)
    ksum = _kronecker(ident, root_t, batch, n) + _kronecker(root, ident, batch, n)
    vec_da = reshape(matrix_transpose(grad), [*batch, n * n, 1])
    vec_dr = matrix_solve(ksum, vec_da)
    return [matrix_transpose(reshape(vec_dr, list(shape)))]


__all__ = ["matrix_square_root", "sqrtm"]


# -- the principal logarithm ----------------------------------------------------------------
# TF's MatrixLogarithm is Eigen's `log()` over a complex Schur form (complex64 and
# complex128 only). As for the root: `eigh` for a Hermitian matrix, the eigenvectors when
# well conditioned, and otherwise inverse scaling and squaring (square roots by the
# Denman-Beavers iteration until the matrix is near I, then log(I + X)'s series, whose
# terms past 60 are below 0.25^60). A singular or non-finite matrix is all NaN, as TF's.
_SERIES_TERMS = 60


def _log_near_identity(a: np.ndarray) -> np.ndarray:
    """log(a) of a matrix with ||a - I||_1 < 0.25: the series of log(I + X)."""
    x = a - np.eye(a.shape[0], dtype=a.dtype)
    term, out = x.copy(), x.copy()
    for k in range(2, _SERIES_TERMS + 1):
        term = term @ x
        out += ((-1) ** (k + 1) / k) * term
    return out


def _inverse_scaling_squaring(a: np.ndarray) -> np.ndarray:
    eye = np.eye(a.shape[0], dtype=a.dtype)
    for halvings in range(64):
        if np.linalg.norm(a - eye, 1) < 0.25:
            return _log_near_identity(a) * 2.0**halvings
        a = _denman_beavers(a)
    raise error("COMPUTE_ERROR", "logm: the inverse scaling and squaring did not converge")


def _logm_one(a: np.ndarray) -> np.ndarray:
    """One complex matrix's principal logarithm, or all NaN where TF's is NaN."""
    n = a.shape[0]
    nan = np.full_like(a, complex(np.nan, np.nan))
    if n == 0:
        return a
    if not np.all(np.isfinite(a)):
        return nan
    hermitian = np.array_equal(a, a.conj().T)
    w, vectors = np.linalg.eigh(a) if hermitian else np.linalg.eig(a)
    scale = max(float(np.abs(a).max()), np.finfo(np.float64).tiny)
    if np.any(np.abs(w) <= 4 * n * np.finfo(np.float64).eps * scale):
        return nan  # singular to rounding: Eigen's log(0) spreads NaN
    if hermitian:
        return (vectors * np.log(w.astype(a.dtype))) @ vectors.conj().T
    if np.linalg.cond(vectors) < _EIGENVECTOR_CONDITION:
        return (vectors * np.log(w)) @ np.linalg.inv(vectors)
    if np.any((w.imag == 0) & (w.real < 0)):
        raise error(
            "COMPUTE_ERROR",
            "logm: a matrix without a basis of eigenvectors and with a negative real "
            "eigenvalue has no logarithm graphgate computes accurately",
        )
    return _inverse_scaling_squaring(a)


def _logm_infer(shapes, types, attrs):
    if types[0].name not in ("complex64", "complex128"):
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"Value passed to parameter 'input' has DataType {types[0].name} not in list of "
            "allowed values: complex64, complex128",
        )
    return _square_infer("logm")(shapes, types, attrs)


def _logm_kernel(x):
    x = np.asarray(x)
    flat = x.reshape(math.prod(x.shape[:-2]), *x.shape[-2:]).astype(np.complex128)
    out = np.empty_like(flat)
    for b, matrix in enumerate(flat):
        out[b] = _logm_one(matrix)
    return out.reshape(x.shape).astype(x.dtype)


register_op("MatrixLogarithm", arity=1, infer=_logm_infer, unknown_rank_ok=True, heavy=True)(
    lambda op: _logm_kernel
)
# TF registers no gradient for MatrixLogarithm: LookupError, as TF's.
without_gradient("MatrixLogarithm")


def logm(input: Any, name: str | None = None) -> Tensor:
    """`tf.linalg.logm`: the principal logarithm of each square complex matrix of the last
    two axes (NaN for a singular one, as TF's)."""
    return _op("MatrixLogarithm", (input,), name, "MatrixLogarithm", None, ("input",))
