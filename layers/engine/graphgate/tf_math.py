"""`gg.math` and `gg.linalg`: TensorFlow 1.15's `tf.math` and `tf.linalg` namespaces.

One table per namespace maps TF's name there to the graphgate function it is (by its
top-level name, `nn.` for `gg.nn`'s, `module:name` for one TF1 has only here); nothing is
copied. A name is resolved on first
use, so a function another module adds later (`segment_sum` and friends) appears here as
soon as graphgate has it, and a name graphgate lacks raises AttributeError as TF would for
an unknown one. (Named tf_math so no module of the package shadows the standard `math`.)
"""

from __future__ import annotations

import importlib
import types
from typing import Any

_SAME = [
    "abs",
    "acos",
    "acosh",
    "add",
    "add_n",
    "argmax",
    "argmin",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "ceil",
    "cos",
    "cosh",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "digamma",
    "divide",
    "equal",
    "erf",
    "erfc",
    "exp",
    "expm1",
    "floor",
    "floordiv",
    "floormod",
    "greater",
    "greater_equal",
    "is_finite",
    "is_inf",
    "is_nan",
    "lgamma",
    "less",
    "less_equal",
    "log",
    "log1p",
    "log_sigmoid",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "negative",
    "not_equal",
    "polygamma",
    "pow",
    "reciprocal",
    "reduce_all",
    "reduce_any",
    "reduce_euclidean_norm",
    "reduce_logsumexp",
    "reduce_max",
    "reduce_mean",
    "reduce_min",
    "reduce_prod",
    "reduce_std",
    "reduce_sum",
    "reduce_variance",
    "rint",
    "round",
    "rsqrt",
    "sigmoid",
    "sign",
    "sin",
    "sinh",
    "sqrt",
    "square",
    "squared_difference",
    "subtract",
    "tan",
    "tanh",
    "truediv",
    "xdivy",
    "xlogy",
    "zeta",
    "erfinv",
    "ndtri",
    "angle",
    "conj",
    "imag",
    "real",
    "is_non_decreasing",
    "is_strictly_increasing",
    "lbeta",
    "multiply_no_nan",
    "polyval",
    "reciprocal_no_nan",
    "xlog1py",
    # Segment ops and others another branch adds: resolved once graphgate has them.
    "segment_sum",
    "segment_mean",
    "segment_max",
    "segment_min",
    "segment_prod",
    "unsorted_segment_sum",
    "unsorted_segment_max",
    "unsorted_segment_min",
    "unsorted_segment_mean",
    "unsorted_segment_prod",
    "unsorted_segment_sqrt_n",
    "invert_permutation",
    "bincount",
    "confusion_matrix",
    "accumulate_n",
    "scalar_mul",
]

# `tf.math` name -> graphgate name.
MATH: dict[str, str] = {
    **{n: n for n in _SAME},
    "divide_no_nan": "div_no_nan",
    "in_top_k": "nn.in_top_k",
    "top_k": "nn.top_k",
    "approx_max_k": "graphgate.ops.index_ops:approx_max_k",
    "approx_min_k": "graphgate.ops.index_ops:approx_min_k",
    "l2_normalize": "nn.l2_normalize",
    "log_softmax": "nn.log_softmax",
    "softmax": "nn.softmax",
    "softplus": "nn.softplus",
    "softsign": "nn.softsign",
    "zero_fraction": "nn.zero_fraction",
    # h-tfnn
    "cumulative_logsumexp": "graphgate.ops.misc_ops:cumulative_logsumexp",
    "nextafter": "graphgate.ops.special_math_ops:nextafter",
    "erfcinv": "graphgate.ops.special_math_ops:erfcinv",
    "bessel_i0": "graphgate.ops.special_extra_ops:bessel_i0",
    "bessel_i0e": "graphgate.ops.special_extra_ops:bessel_i0e",
    "bessel_i1": "graphgate.ops.special_extra_ops:bessel_i1",
    "bessel_i1e": "graphgate.ops.special_extra_ops:bessel_i1e",
    "special": "graphgate.tf_math:special",
    "betainc": "betainc",
    "igamma": "igamma",
    "igammac": "igammac",
}

# `tf.linalg` name -> graphgate name.
LINALG: dict[str, str] = {
    "matrix_rank": "graphgate.ops.linalg_ops:matrix_rank",
    "pinv": "graphgate.ops.linalg_ops:pinv",
    "lstsq": "matrix_solve_ls",
    "eigh": "self_adjoint_eig",
    "eigvalsh": "self_adjoint_eigvals",
    "qr": "qr",
    "svd": "svd",
    # TF1 has these under tf.linalg only: no top-level graphgate name either.
    "adjoint": "graphgate.ops.linalg_ops:adjoint",
    "cholesky_solve": "cholesky_solve",
    "matvec": "graphgate.ops.linalg_ops:matvec",
    "band_part": "matrix_band_part",
    "cholesky": "cholesky",
    "cross": "cross",
    "det": "matrix_determinant",
    "diag": "matrix_diag",
    "diag_part": "matrix_diag_part",
    "einsum": "einsum",
    "eye": "eye",
    "inv": "matrix_inverse",
    "l2_normalize": "nn.l2_normalize",
    "logdet": "logdet",
    "matmul": "matmul",
    "matrix_transpose": "matrix_transpose",
    "norm": "norm",
    "normalize": "graphgate.tf_toplevel:linalg_normalize",
    "set_diag": "matrix_set_diag",
    "slogdet": "log_matrix_determinant",
    "solve": "matrix_solve",
    "tensor_diag": "diag",
    "tensor_diag_part": "diag_part",
    "tensordot": "tensordot",
    "trace": "trace",
    "transpose": "matrix_transpose",
    "triangular_solve": "matrix_triangular_solve",
    "global_norm": "train.global_norm",
    "lu": "graphgate.ops.linalg_lu_ops:lu",
    "lu_solve": "graphgate.ops.linalg_lu_ops:lu_solve",
    "lu_reconstruct": "graphgate.ops.linalg_lu_ops:lu_reconstruct",
    "lu_matrix_inverse": "graphgate.ops.linalg_lu_ops:lu_matrix_inverse",
    "expm": "graphgate.ops.linalg_lu_ops:expm",
    "sqrtm": "graphgate.ops.linalg_sqrtm_ops:matrix_square_root",
    "logm": "graphgate.ops.linalg_sqrtm_ops:logm",
    "tridiagonal_matmul": "graphgate.ops.tridiagonal_ops:tridiagonal_matmul",
    "tridiagonal_solve": "graphgate.ops.tridiagonal_ops:tridiagonal_solve",
    "LinearOperator": "graphgate.linear_operator:LinearOperator",
    "LinearOperatorDiag": "graphgate.linear_operator:LinearOperatorDiag",
    "LinearOperatorFullMatrix": "graphgate.linear_operator:LinearOperatorFullMatrix",
    "LinearOperatorLowerTriangular": "graphgate.linear_operator:LinearOperatorLowerTriangular",
    **{
        f"LinearOperator{kind}": f"graphgate.linear_operator:LinearOperator{kind}"
        for kind in (
            "Adjoint",
            "BlockDiag",
            "Composition",
            "Householder",
            "Identity",
            "Inversion",
            "Kronecker",
            "Permutation",
            "ScaledIdentity",
            "Toeplitz",
            "Zeros",
        )
    },
}


def resolve(target: str) -> Any:
    """The graphgate object `target` names (`"einsum"`, `"nn.top_k"`, or a module's
    function, `"graphgate.ops.linalg_ops:matvec"`)."""
    module, _, path = target.rpartition(":")
    obj: Any = importlib.import_module(module or "graphgate")
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


class _Namespace(types.ModuleType):
    """A module whose attributes are looked up in its table on first use."""

    def __init__(self, name: str, table: dict[str, str], doc: str):
        super().__init__(name, doc)
        self._table = table

    def __getattr__(self, attr: str) -> Any:
        target = self.__dict__["_table"].get(attr)
        if target is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {attr!r}")
        try:
            value = resolve(target)
        except AttributeError:
            raise AttributeError(
                f"module {self.__name__!r} has no attribute {attr!r} (graphgate has no "
                f"{target} yet)"
            ) from None
        setattr(self, attr, value)
        return value

    def __dir__(self) -> list[str]:
        return sorted(n for n, t in self._table.items() if _has(t))


# Other namespaces built from a table (tf_namespaces.py) use the same class.
Namespace = _Namespace


def _has(target: str) -> bool:
    try:
        resolve(target)
    except AttributeError:
        return False
    return True


# `tf.math.special`: TF's special functions.
SPECIAL: dict[str, str] = {
    n: f"graphgate.ops.special_extra_ops:{n}"
    for n in (
        *("bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_j0", "bessel_j1"),
        *("bessel_k0", "bessel_k0e", "bessel_k1", "bessel_k1e", "bessel_y0", "bessel_y1"),
        *("dawsn", "expint", "fresnel_cos", "fresnel_sin", "spence"),
    )
}
special = _Namespace(
    "graphgate.math.special", SPECIAL, "TensorFlow's tf.math.special over graphgate's functions."
)
math = _Namespace("graphgate.math", MATH, "TensorFlow's tf.math over graphgate's functions.")
linalg = _Namespace(
    "graphgate.linalg", LINALG, "TensorFlow's tf.linalg over graphgate's functions."
)
