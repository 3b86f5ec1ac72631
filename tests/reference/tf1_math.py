"""TF1 math and linear algebra cases, run unchanged with `tf` = tensorflow.compat.v1 (this
script, dev-only) and with `tf` = graphgate (tests/unit/engine/test_tf1_math.py).

    /work/tfvenv/bin/python tests/reference/tf1_math.py \
        > tests/unit/engine/fixtures/tf1_math.json

A case is `build(tf, **inputs) -> {output name: tensor}` over placeholders of the stored
arrays; what TensorFlow computed is stored: values, dtypes, static shapes, op names and the
gradients of a weighted sum of the float outputs. An error case stores the class of the
exception TensorFlow raises while building.
"""

from __future__ import annotations

import json
import sys

import numpy as np

CASES: dict = {}
ERRORS: dict = {}


def case(**arrays):
    def register(build):
        CASES[build.__name__] = (arrays, build)
        return build

    return register


def refused(build):
    ERRORS[build.__name__] = build
    return build


_rng = np.random.default_rng(1515)


def _u(lo, hi, *shape, dtype=np.float64):
    return _rng.uniform(lo, hi, size=shape).astype(dtype)


def _n(*shape):
    return _rng.normal(size=shape)


def _spd(n, batch=()):
    a = _rng.normal(size=(*batch, n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


# -- elementwise ---------------------------------------------------------------------------------

_DOMAINS = {
    "sin": (-3, 3),
    "cos": (-3, 3),
    "tan": (-1.2, 1.2),
    "asin": (-0.9, 0.9),
    "acos": (-0.9, 0.9),
    "atan": (-3, 3),
    "sinh": (-2, 2),
    "cosh": (-2, 2),
    "asinh": (-3, 3),
    "acosh": (1.1, 4),
    "atanh": (-0.9, 0.9),
    "erf": (-2, 2),
    "erfc": (-2, 2),
    "lgamma": (0.2, 6),
    "digamma": (0.3, 6),
    "expm1": (-2, 2),
    "log_sigmoid": (-30, 30),
}


def _unary_case(fn_name, lo, hi, dtype):
    def build(tf, x):
        return {"y": getattr(tf, fn_name)(x)}

    build.__name__ = f"{fn_name}_{np.dtype(dtype).name}"
    case(x=_u(lo, hi, 2, 3, dtype=dtype))(build)


for _name, (_lo, _hi) in _DOMAINS.items():
    _unary_case(_name, _lo, _hi, np.float64)
    _unary_case(_name, _lo, _hi, np.float32)


@case(x=np.array([-2.7, -1.3, -3.1, 0.2, 1.7, 5.5]))
def lgamma_digamma_negative(tf, x):
    return {"lgamma": tf.lgamma(x), "digamma": tf.digamma(x)}


_SPECIALS = [0.0, -0.0, -1.0, -2.0, np.inf, -np.inf, np.nan, 1e-30, 30.0, -30.5, 1e10]


@case(x=np.array(_SPECIALS, np.float32), d=np.array(_SPECIALS, np.float64))
def special_values(tf, x, d):
    # Values only (gradients at poles and infinities are not compared). TensorFlow's float64
    # erf gives NaN at ±inf (Eigen's), graphgate ±1: float64 erf is left out here.
    out = {}
    for key, v in (("f32", x), ("f64", d)):
        out[f"lgamma_{key}"] = tf.stop_gradient(tf.lgamma(v))
        out[f"digamma_{key}"] = tf.stop_gradient(tf.digamma(v))
        out[f"erfc_{key}"] = tf.stop_gradient(tf.erfc(v))
    # TensorFlow's float32 polygamma is wrong at negative non-integers (ψ'(-30.5) < 0);
    # its float64 one, and graphgate's in both, are right: float32 is compared for x ≥ 0.
    out["trigamma_f64"] = tf.stop_gradient(tf.polygamma(tf.ones_like(d), d))
    out["trigamma_f32"] = tf.stop_gradient(tf.polygamma(tf.ones_like(x), tf.abs(x)))
    out["erf_f32"] = tf.stop_gradient(tf.erf(x))
    return out


@case(y=_u(-0.99, 0.99, 2, 3), p=_u(0.001, 0.999, 2, 3), f=_u(-0.9, 0.9, 4, dtype=np.float32))
def inverse_error_functions(tf, y, p, f):
    # TensorFlow's erfinv(1 - 1e-16) is inf (graphgate's 5.8636, the true value): left out.
    edges = tf.constant([0.0, 1.0, -1.0, 1.5, 0.999999, -1e-20], tf.float64)
    probs = tf.constant([0.0, 1.0, 0.5, 1e-300, 1e-20, 1 - 1e-16, -0.5], tf.float64)
    return {
        "erfinv": tf.math.erfinv(y),
        "ndtri": tf.math.ndtri(p),
        "erfinv_f32": tf.math.erfinv(f),
        "erfinv_edges": tf.math.erfinv(edges),
        "ndtri_edges": tf.math.ndtri(probs),
    }


@case(x=np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6, 0.0, 3.7], np.float32))
def rounding(tf, x):
    return {"round": tf.round(x), "rint": tf.rint(x), "ceil": tf.ceil(x), "floor": tf.floor(x)}


@case(x=np.array([[-3, 5, 0]], np.int32))
def round_int_is_identity(tf, x):
    y = tf.round(x)
    return {"y": y, "same": tf.constant(y is x)}


@case(x=np.array([np.nan, np.inf, -np.inf, 1.0, -0.0], np.float32))
def predicates(tf, x):
    return {"nan": tf.is_nan(x), "inf": tf.is_inf(x), "finite": tf.is_finite(x)}


@case(y=_n(2, 3), x=_n(3))
def atan2(tf, y, x):
    return {"z": tf.atan2(y, x)}


@case(x=_n(2, 3), y=_n(3))
def squared_difference(tf, x, y):
    return {"z": tf.squared_difference(x, y)}


@case(x=np.array([[7, -7, 3], [-9, 8, 0]], np.int32), y=np.array([2, -3, 5], np.int32))
def squared_difference_int(tf, x, y):
    return {"z": tf.squared_difference(x, y)}


@case(x=np.array([7, -7, 7, -7, 6, -1, 0], np.int64), y=np.array([2, 2, -2, -2, 3, 5, 3], np.int64))
def truncate_int(tf, x, y):
    return {"div": tf.truncatediv(x, y), "mod": tf.truncatemod(x, y)}


@case(x=np.array([7.5, -7.5, 7.5, -7.5, 1.0]), y=np.array([2.0, 2.0, -2.0, -2.0, 0.3]))
def truncate_float(tf, x, y):
    # TruncateMod has no gradient in TensorFlow (see truncatemod_has_no_gradient).
    return {"div": tf.truncatediv(x, y), "mod": tf.stop_gradient(tf.truncatemod(x, y))}


@case(x=np.array([0.0, 0.0, 1.5, -2.0, 3.0]), y=np.array([0.0, 2.0, 0.5, 4.0, 1.5]))
def xlogy_xdivy(tf, x, y):
    return {"xlogy": tf.math.xlogy(x, y), "xdivy": tf.math.xdivy(x, y)}


@case(x=_n(2, 3), y=_u(0.5, 2, 2, 3))
def realdiv(tf, x, y):
    return {"z": tf.realdiv(x, y)}


@case(x=np.array([True, True, False, False]), y=np.array([True, False, True, False]))
def logical_xor(tf, x, y):
    return {"z": tf.logical_xor(x, y)}


@case(x=_u(0.5, 4, 2, 3))
def polygamma_zeta(tf, x):
    return {
        "trigamma": tf.polygamma(tf.ones_like(x), x),
        "tetragamma": tf.polygamma(2 * tf.ones_like(x), x),
        "zeta": tf.zeta(x + 1.5, x),
    }


@case(x=_u(0.5, 4, 2, 3))
def digamma_second_order(tf, x):
    (g,) = tf.gradients(tf.reduce_sum(tf.digamma(x)), [x])
    return {"g": g}


@case(x=_n(3, 4))
def softplus_softsign_math(tf, x):
    return {"softplus": tf.math.softplus(x), "softsign": tf.math.softsign(x)}


@case(i=np.array([7, -7, 9, -1], np.int32), j=np.array([2, 2, -4, 3], np.int32), f=_n(4))
def more_arithmetic(tf, i, j, f):
    return {
        "div_int": tf.div(i, j),
        "div_float": tf.div(f, 2.0),
        "scalar_mul": tf.scalar_mul(2.5, f),
        "accumulate_n": tf.accumulate_n([f, f * 2.0]),
        "reciprocal_no_nan": tf.math.reciprocal_no_nan(
            f * tf.constant([1.0, 0.0, 1.0, 1.0], tf.float64)
        ),
        "polyval": tf.math.polyval([f, 2.0 * f, tf.constant(3.0, tf.float64)], f),
        "nondecreasing": tf.math.is_non_decreasing(tf.constant([1, 1, 3])),
        "increasing": tf.math.is_strictly_increasing(tf.constant([1.0, 1.0, 3.0])),
    }


@case(x=np.array([np.inf, 2.0, -1.5, 0.5]), y=np.array([0.0, 3.0, 0.25, 0.0]))
def multiply_no_nan(tf, x, y):
    return {"z": tf.math.multiply_no_nan(x, y)}


@case(x=np.array([-1.5, 0.0, 2.0]), i=np.array([3, -4], np.int32))
def complex_helpers_on_reals(tf, x, i):
    return {
        "conj": tf.conj(x) * 1.0,
        "conj_same": tf.constant(tf.conj(x) is x),
        "real": tf.real(x) * 2.0,
        "real_int": tf.real(i),
        "imag": tf.imag(x),
        "angle": tf.angle(x),
        "math_angle": tf.math.angle(x),
    }


@case(x=np.array([0.0, 0.0, 1.5, -2.0]), y=np.array([-1.0, 2.0, 0.5, 4.0]))
def xlog1py(tf, x, y):
    return {"z": tf.math.xlog1py(x, y)}


@case(x=_u(0.5, 3, 2, 3))
def lbeta(tf, x):
    return {"y": tf.lbeta(x), "math": tf.math.lbeta(x[0])}


@case(
    labels=np.array([0, 1, 2, 1, 1], np.int32),
    guesses=np.array([0, 2, 2, 1, 0], np.int64),
    w=_u(0.5, 2, 5),
)
def counting(tf, labels, guesses, w):
    return {
        "cm": tf.confusion_matrix(labels, guesses),
        "cm_weighted": tf.confusion_matrix(labels, guesses, 4, weights=w, dtype=tf.float64),
        "cm_math": tf.math.confusion_matrix(labels, guesses, 3),
        "bincount": tf.bincount(labels),
        "bincount_weights": tf.stop_gradient(tf.math.bincount(labels, weights=w, minlength=6)),
        "bincount_max": tf.bincount(labels, maxlength=2, dtype=tf.float64),
    }


# -- reductions of tf.math ---------------------------------------------------------------------


@case(x=_n(3, 4))
def reduce_variance_std(tf, x):
    return {
        "var": tf.math.reduce_variance(x),
        "var1": tf.math.reduce_variance(x, axis=1),
        "var0k": tf.math.reduce_variance(x, axis=0, keepdims=True),
        "std": tf.math.reduce_std(x),
        "std1": tf.math.reduce_std(x, axis=-1, keepdims=True),
    }


@case(x=_n(3, 4).astype(np.float32))
def reduce_euclidean_norm(tf, x):
    return {
        "all": tf.math.reduce_euclidean_norm(x),
        "rows": tf.math.reduce_euclidean_norm(x, axis=1),
        "cols": tf.math.reduce_euclidean_norm(x, 0, keepdims=True),
    }


@case(x=np.array([[0, 1, 0], [2, 0, 3]], np.int32), f=np.array([0.0, -0.0, 0.5, np.nan]))
def count_nonzero(tf, x, f):
    return {
        "all": tf.count_nonzero(x),
        "rows": tf.count_nonzero(x, axis=1),
        "keep": tf.count_nonzero(x, axis=0, keepdims=True, dtype=tf.int32),
        "floats": tf.count_nonzero(f),
        "math": tf.math.count_nonzero(x, 1),
    }


@case(x=_n(3, 4))
def norms(tf, x):
    return {
        "default": tf.norm(x),
        "axis1": tf.norm(x, axis=1),
        "ord1": tf.norm(x, ord=1, axis=0),
        "inf": tf.norm(x, ord=np.inf, axis=1, keepdims=True),
        "p3": tf.norm(x, ord=3, axis=-1),
        "fro": tf.norm(x, ord="fro", axis=[0, 1]),
        "mat1": tf.norm(x, ord=1, axis=(0, 1)),
        "matinf": tf.norm(x, ord=np.inf, axis=[-2, -1]),
        "linalg": tf.linalg.norm(x, axis=0),
    }


# -- einsum and tensordot ----------------------------------------------------------------------


@case(a=_n(2, 3), b=_n(3, 4), v=_n(3), s=_n(3, 3), c=_n(4, 5))
def einsum_forms(tf, a, b, v, s, c):
    return {
        "matmul": tf.einsum("ij,jk->ik", a, b),
        "implicit": tf.einsum("ij,jk", a, b),
        "spaces": tf.einsum("ij, jk -> ik", a, b),
        "transpose": tf.einsum("ij->ji", a),
        "sum": tf.einsum("ij->", a),
        "rows": tf.einsum("ij->i", a),
        "matvec": tf.einsum("ij,j->i", a, v),
        "outer": tf.einsum("i,j->ij", v, v),
        "dot": tf.einsum("i,i->", v, v),
        "diag": tf.einsum("ii->i", s),
        "trace": tf.einsum("ii", s),
        "hadamard": tf.einsum("ij,ij->ij", a, a),
        "chain": tf.einsum("ij,jk,kl->il", a, b, c),
        "upper": tf.einsum("ab,bC->aC", a, b),
    }


@case(x=_n(5, 2, 3), y=_n(3, 4), z=_n(5, 3, 4), w=_n(1, 3, 4), t=_n(2, 2, 3))
def einsum_batches(tf, x, y, z, w, t):
    return {
        "ellipsis": tf.einsum("...ij,...jk->...ik", x, y),
        "batch": tf.einsum("bij,bjk->bik", x, z),
        "broadcast": tf.einsum("...ij,...jk->...ik", x, w),
        "reduce_ellipsis": tf.einsum("...i->...", x),
        "lead": tf.einsum("i...->...", x),
        "iij": tf.einsum("iij->j", t),
        "outer3": tf.einsum("ij,kj->ikj", x[0], x[1]),
    }


@case(x=_n(4, 3), y=_n(3, 5))
def einsum_unknown_batch(tf, x, y):
    u = tf.placeholder_with_default(x, [None, 3])
    return {"y": tf.einsum("ij,jk->ik", u, y), "s": tf.einsum("ij->j", u)}


@case(a=_n(2, 3, 4), b=_n(4, 3, 5))
def tensordot_forms(tf, a, b):
    return {
        "one": tf.tensordot(a, b[:, :, 0], 1),
        "pairs": tf.tensordot(a, b, [[1, 2], [1, 0]]),
        "lists": tf.tensordot(a, b, ([2], [0])),
        "ints": tf.tensordot(a, b, [2, 0]),
        "outer": tf.tensordot(a[0, 0], b[0, 0], 0),
        "negative": tf.tensordot(a, b, [[-1], [0]]),
        "named": tf.tensordot(a, b, 1, name="td"),
    }


# -- matrices -------------------------------------------------------------------------------------


@case(v=_n(3), m=_n(3, 3), r=_n(2, 3), b=_n(2, 4, 3))
def diagonals(tf, v, m, r, b):
    return {
        "diag": tf.diag(v),
        "diag2": tf.diag(r),
        "diag_part": tf.diag_part(m),
        "diag_part4": tf.diag_part(tf.diag(r)),
        "matrix_diag": tf.matrix_diag(r),
        "matrix_diag_part": tf.matrix_diag_part(b),
        "set_diag": tf.matrix_set_diag(b, r * 10),
        "linalg_diag": tf.linalg.diag(v),
        "linalg_diag_part": tf.linalg.diag_part(m),
        "trace": tf.trace(m),
        "trace_batch": tf.trace(b),
        "linalg_trace": tf.linalg.trace(b),
    }


@case(m=_n(2, 4, 5))
def band_part_and_transpose(tf, m):
    return {
        "lower": tf.matrix_band_part(m, -1, 0),
        "upper": tf.matrix_band_part(m, 0, -1),
        "tri": tf.matrix_band_part(m, 1, 2),
        "diag": tf.linalg.band_part(m, 0, 0),
        "t": tf.matrix_transpose(m),
        "lt": tf.linalg.transpose(m),
        "lmt": tf.linalg.matrix_transpose(m),
    }


def _eye_case(tf):
    return {
        "square": tf.eye(3),
        "rect": tf.eye(2, 4),
        "batch": tf.eye(2, batch_shape=[3]),
        "double": tf.eye(3, dtype=tf.float64),
        "ints": tf.eye(2, 3, batch_shape=[2, 1], dtype=tf.int32),
        "linalg": tf.linalg.eye(2),
    }


@case()
def eye(tf):
    return _eye_case(tf)


@case(x=_n(3, 2))
def eye_of_run_time_size(tf, x):
    u = tf.placeholder_with_default(x, [None, None])
    rows, cols = tf.shape(u)[0], tf.shape(u)[1]
    return {
        "square": tf.eye(rows),
        "rect": tf.eye(rows, cols, batch_shape=[2], dtype=tf.float64),
        "masked": u * tf.eye(rows, cols, dtype=tf.float64),
    }


@case(
    a=np.array([[4.0, 7.0, 2.0], [3.0, 6.0, 1.0], [2.0, 5.0, 3.0]]), b=_n(2, 3, 3) + 3 * np.eye(3)
)
def inverse_and_determinants(tf, a, b):
    sign, logdet = tf.linalg.slogdet(b)
    return {
        "inv": tf.matrix_inverse(a),
        "inv_adjoint": tf.matrix_inverse(a, adjoint=True),
        "linalg_inv": tf.linalg.inv(b),
        "det": tf.matrix_determinant(a),
        "det_batch": tf.linalg.det(b),
        "sign": sign,
        "logdet": logdet,
    }


@case(s=_spd(3), sb=_spd(2, (2,)))
def cholesky(tf, s, sb):
    return {
        "chol": tf.cholesky(s),
        "chol_batch": tf.linalg.cholesky(sb),
        "logdet": tf.linalg.logdet(s),
    }


@case(a=_n(3, 3) + 3 * np.eye(3), b=_n(3, 2), t=np.tril(_n(3, 3)) + 3 * np.eye(3))
def solves(tf, a, b, t):
    return {
        "solve": tf.matrix_solve(a, b),
        "solve_adjoint": tf.matrix_solve(a, b, adjoint=True),
        "linalg_solve": tf.linalg.solve(a, b),
        "lower": tf.matrix_triangular_solve(t, b),
        "upper": tf.matrix_triangular_solve(tf.transpose(t), b, lower=False),
        "lower_adjoint": tf.matrix_triangular_solve(t, b, adjoint=True),
        "linalg_tri": tf.linalg.triangular_solve(t, b),
    }


@case(s=_spd(3), r=_n(3, 2), m=_n(2, 3, 4), v=_n(2, 4))
def linalg_composites(tf, s, r, m, v):
    return {
        "cholesky_solve": tf.linalg.cholesky_solve(tf.cholesky(s), r),
        "adjoint": tf.linalg.adjoint(m),
        "matvec": tf.linalg.matvec(m, v),
        "matvec_t": tf.linalg.matvec(m, v[:, :3], transpose_a=True),
    }


@case(s=_spd(4), b=_spd(3, (2,)) - 3 * np.eye(3), m=_n(4, 3), w=_n(2, 3, 5))
def decompositions(tf, s, b, m, w):
    # Vectors are unique up to sign (numpy and TensorFlow may differ): only what the
    # signs cancel in is compared, values and gradients.
    e, v = tf.self_adjoint_eig(s)
    eb, vb = tf.linalg.eigh(b)
    sv, u, vv = tf.svd(m)
    sw, uw, vw = tf.linalg.svd(w)
    q, r = tf.qr(m)
    return {
        "e": e,
        "v2": v * v,
        "eb": eb,
        "vb_proj": tf.matmul(vb * eb[..., None, :], vb, transpose_b=True),
        "eigvals": tf.linalg.eigvalsh(b),
        "s": sv,
        "usv": tf.matmul(u * sv, vv, transpose_b=True),
        "u2": u * u,
        "vv2": vv * vv,
        "sw": sw,
        "uw2": uw * uw,
        "vw2": vw * vw,
        "s_only": tf.svd(w, compute_uv=False),
        "q": q,
        "r": r,
        "qr_wide": tf.qr(w)[1],
        "norm2": tf.norm(m, ord=2, axis=[0, 1]),
        # TensorFlow's static shape is unknown here (a map_fn): reshaped to be known.
        "norm2_batch": tf.reshape(tf.norm(w, ord=2, axis=[-1, -2], keepdims=True), [2, 1, 1]),
    }


@case(tall=_n(5, 3), wide=_n(2, 4), y=_n(5, 2), z=_n(2, 1))
def least_squares(tf, tall, wide, y, z):
    return {
        "tall": tf.matrix_solve_ls(tall, y),
        "ridge": tf.matrix_solve_ls(tall, y, l2_regularizer=0.5),
        "wide": tf.linalg.lstsq(wide, z),
    }


@case(m=_n(4, 3), w=_n(2, 3, 5))
def pseudo_inverse_and_rank(tf, m, w):
    low_rank = tf.matmul(m[:, :2], m[:, :2], transpose_b=True)
    return {
        "pinv": tf.linalg.pinv(m),
        "pinv_batch": tf.linalg.pinv(w, rcond=1e-3),
        "rank": tf.linalg.matrix_rank(m),
        "rank_low": tf.linalg.matrix_rank(low_rank),
        "rank_tol": tf.linalg.matrix_rank(w, tol=0.5),
    }


@case(a=_n(2, 3), b=_n(4, 3))
def matmul_adjoints(tf, a, b):
    return {
        "adjoint_b": tf.matmul(a, b, adjoint_b=True),
        "adjoint_a": tf.linalg.matmul(b, b, adjoint_a=True, a_is_sparse=True),
    }


@case(u=_n(4, 3), v=_n(4, 3))
def cross(tf, u, v):
    return {"c": tf.cross(u, v), "linalg": tf.linalg.cross(u, v)}


# -- small programs over several of the ops ---------------------------------------------------


@case(x=_n(6, 3), mu=_n(3), raw=_n(3, 3))
def gaussian_log_likelihood(tf, x, mu, raw):
    cov = tf.matmul(raw, raw, transpose_b=True) + 0.5 * tf.eye(3, dtype=tf.float64)
    chol = tf.cholesky(cov)
    centered = tf.transpose(x - mu)
    solved = tf.matrix_triangular_solve(chol, centered)
    mahalanobis = tf.reduce_sum(tf.square(solved), axis=0)
    logdet = 2.0 * tf.reduce_sum(tf.log(tf.matrix_diag_part(chol)))
    nll = 0.5 * (mahalanobis + logdet + 3 * np.log(2 * np.pi))
    return {"nll": nll, "mean_nll": tf.reduce_mean(nll), "logdet": logdet}


@case(q=_n(2, 4, 3), k=_n(2, 5, 3), v=_n(2, 5, 2))
def attention(tf, q, k, v):
    scores = tf.einsum("bqd,bkd->bqk", q, k) / np.sqrt(3.0)
    weights = tf.nn.softmax(scores)
    out = tf.einsum("bqk,bkd->bqd", weights, v)
    return {
        "out": out,
        "norms": tf.norm(out, axis=-1),
        "entropy": -tf.reduce_sum(weights * tf.log(weights), -1),
    }


@case(x=_n(8, 3) * np.array([3.0, 1.0, 0.2]))
def pca(tf, x):
    centered = x - tf.reduce_mean(x, axis=0, keepdims=True)
    cov = tf.matmul(centered, centered, transpose_a=True) / 7.0
    e, v = tf.self_adjoint_eig(cov)
    explained = e / tf.reduce_sum(e)
    projected = tf.matmul(centered, v)
    return {
        "explained": explained,
        "projected_sq": tf.square(projected),
        "variance": tf.math.reduce_variance(projected, axis=0),
    }


@case(x=_n(20, 2), y=_n(20))
def normal_equations(tf, x, y):
    design = tf.concat([x, tf.ones_like(x[:, :1])], axis=1)
    gram = tf.matmul(design, design, transpose_a=True)
    w = tf.matmul(tf.matrix_inverse(gram), tf.matmul(design, y[:, None], transpose_a=True))
    residual = y[:, None] - tf.matmul(design, w)
    return {
        "w": w,
        "rss": tf.reduce_sum(tf.squared_difference(y[:, None], tf.matmul(design, w))),
        "r": residual,
    }


# -- inside control flow --------------------------------------------------------------------------


@case(x=_u(0.2, 0.8, 3, 3))
def in_while_loop(tf, x):
    def body(i, acc):
        return i + 1, tf.sin(acc) + tf.einsum("ij,jk->ik", acc, x) * 0.1 + tf.trace(acc) * 0.01

    _, out = tf.while_loop(lambda i, a: i < 3, body, [tf.constant(0), x])
    return {"out": out}


@case(x=_u(0.2, 0.8, 3, 3))
def in_cond(tf, x):
    c = tf.reduce_sum(x) > 0
    out = tf.cond(c, lambda: tf.matrix_inverse(x + tf.eye(3, dtype=tf.float64)), lambda: x)
    return {"out": out}


# -- refused at build time ------------------------------------------------------------------------


@refused
def sin_of_ints(tf):
    tf.sin(tf.constant([1, 2]))


@refused
def ceil_of_ints(tf):
    tf.ceil(tf.constant([1, 2]))


@refused
def erf_of_ints(tf):
    tf.erf(tf.constant([1, 2]))


@refused
def logical_xor_of_floats(tf):
    tf.logical_xor(tf.constant([1.0]), tf.constant([0.0]))


@refused
def atan2_of_ints(tf):
    tf.atan2(tf.constant([1]), tf.constant([2]))


@refused
def xlogy_mixed_dtypes(tf):
    tf.math.xlogy(tf.constant([1.0]), tf.constant([2.0], tf.float64))


@refused
def einsum_repeated_output_label(tf):
    tf.einsum("i->ii", tf.constant([1.0, 2.0]))


@refused
def einsum_unknown_output_label(tf):
    tf.einsum("i->j", tf.constant([1.0, 2.0]))


@refused
def einsum_two_arrows(tf):
    tf.einsum("ij->ij->", tf.ones([2, 3]))


@refused
def einsum_wrong_input_count(tf):
    tf.einsum("ij,jk->ik", tf.ones([2, 3]))


@refused
def einsum_dimension_mismatch(tf):
    tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([4, 5]))


@refused
def einsum_rank_mismatch(tf):
    tf.einsum("ijk->i", tf.ones([2, 3]))


@refused
def tensordot_axes_mismatch(tf):
    tf.tensordot(tf.ones([2, 3]), tf.ones([4, 5]), 1)


@refused
def tensordot_negative_axes(tf):
    tf.tensordot(tf.ones([2, 3]), tf.ones([3, 5]), -1)


@refused
def tensordot_axes_lists_of_different_lengths(tf):
    tf.tensordot(tf.ones([2, 3]), tf.ones([3, 2]), [[0, 1], [0]])


@refused
def matrix_inverse_of_ints(tf):
    tf.matrix_inverse(tf.constant([[1, 0], [0, 1]]))


@refused
def matrix_inverse_not_square(tf):
    tf.matrix_inverse(tf.ones([2, 3]))


@refused
def cholesky_of_a_vector(tf):
    tf.cholesky(tf.ones([3]))


@refused
def cross_not_three(tf):
    tf.cross(tf.ones([2, 4]), tf.ones([2, 4]))


@refused
def trace_of_a_vector(tf):
    tf.trace(tf.ones([3]))


@refused
def reduce_variance_of_ints(tf):
    tf.math.reduce_variance(tf.constant([1, 2, 3]))


@refused
def norm_bad_ord(tf):
    tf.norm(tf.ones([3]), ord=-1)


@refused
def norm_bad_matrix_ord(tf):
    tf.norm(tf.ones([3, 3]), ord=3, axis=[0, 1])


@refused
def norm_bad_axis(tf):
    tf.norm(tf.ones([3, 3, 3]), axis=[0, 1, 2])


@refused
def scalar_mul_of_a_vector(tf):
    tf.scalar_mul(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0]))


@refused
def bincount_has_no_gradient(tf):
    w = tf.constant([1.0, 2.0])
    tf.gradients(tf.reduce_sum(tf.bincount(tf.constant([0, 1]), weights=w)), [w])


@refused
def matmul_transpose_and_adjoint(tf):
    tf.matmul(tf.ones([2, 2]), tf.ones([2, 2]), transpose_a=True, adjoint_a=True)


@refused
def truncatemod_has_no_gradient(tf):
    x = tf.constant([1.5, 2.5])
    tf.gradients(tf.truncatemod(x, 2.0), [x])


@refused
def matrix_solve_rows_mismatch(tf):
    tf.matrix_solve(tf.ones([3, 3]), tf.ones([2, 1]))


# -- which dtypes each function takes ----------------------------------------------------------

DTYPE_PROBES = {
    "sin": lambda tf, x: tf.sin(x),
    "round": lambda tf, x: tf.round(x),
    "ceil": lambda tf, x: tf.ceil(x),
    "is_nan": lambda tf, x: tf.is_nan(x),
    "einsum": lambda tf, x: tf.einsum("ij,jk->ik", x, x),
    "tensordot": lambda tf, x: tf.tensordot(x, x, 1),
    "inv": lambda tf, x: tf.matrix_inverse(x),
    "det": lambda tf, x: tf.matrix_determinant(x),
    "slogdet": lambda tf, x: tf.linalg.slogdet(x)[1],
    "cholesky": lambda tf, x: tf.cholesky(x),
    "solve": lambda tf, x: tf.matrix_solve(x, x),
    "triangular_solve": lambda tf, x: tf.matrix_triangular_solve(x, x),
    "trace": lambda tf, x: tf.trace(x),
    "diag": lambda tf, x: tf.diag(x),
    "diag_part": lambda tf, x: tf.diag_part(x),
    "matrix_diag": lambda tf, x: tf.matrix_diag(x),
    "band_part": lambda tf, x: tf.matrix_band_part(x, 0, -1),
    "cross": lambda tf, x: tf.cross(x, x),
    "norm": lambda tf, x: tf.norm(x),
    "squared_difference": lambda tf, x: tf.squared_difference(x, x),
    "truncatemod": lambda tf, x: tf.truncatemod(x, x + x),
    "reduce_euclidean_norm": lambda tf, x: tf.math.reduce_euclidean_norm(x),
    "xlogy": lambda tf, x: tf.math.xlogy(x, x),
    "atan2": lambda tf, x: tf.atan2(x, x),
    "lgamma": lambda tf, x: tf.lgamma(x),
    "multiply_no_nan": lambda tf, x: tf.math.multiply_no_nan(x, x),
    "polyval": lambda tf, x: tf.math.polyval([x, x], x),
    "count_nonzero": lambda tf, x: tf.count_nonzero(x),
    "div": lambda tf, x: tf.div(x, x + x),
}
PROBE_DTYPES = ("float16", "float32", "int32", "int64", "bool")


def probe_value(dtype: str, shape: list) -> np.ndarray:
    base = np.eye(shape[-1]) * 2 + 0.5 if len(shape) > 1 else np.ones(shape) + 1
    return base.astype(dtype)


def probe(tf, name: str, dtype: str) -> str:
    """ "ok <result dtype>", or the class of what building or running raised."""
    shape = [3] if name in ("diag", "matrix_diag") else [3, 3]
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(dtype, shape)
        try:
            y = DTYPE_PROBES[name](tf, x)
            with tf.Session(graph=g) as sess:
                v = sess.run(y, {x: probe_value(dtype, shape)})
        except Exception as e:
            return type(e).__name__
    return f"ok {np.asarray(v).dtype.name}"


# -- recording ------------------------------------------------------------------------------------


def is_float(t) -> bool:
    d = t.dtype
    return d.is_floating if hasattr(d, "is_floating") else np.dtype(d).kind == "f"


def weights(shape) -> np.ndarray:
    n = int(np.prod(shape))
    return ((np.arange(n) % 7 + 1) / 4.0).reshape(shape)


def scalar(tf, outs: dict):
    """The scalar differentiated: weighted sums of the float outputs (squares where the
    static shape has unknown dims), built the same in both engines."""
    parts = []
    for t in outs.values():
        if not is_float(t):
            continue
        shape = t.shape.as_list()
        if None in shape:
            parts.append(tf.reduce_sum(tf.square(t)))
        else:
            w = weights(shape).astype(t.dtype.as_numpy_dtype)
            parts.append(tf.reduce_sum(t * w))
    return tf.add_n([tf.cast(p, tf.float64) for p in parts]) if parts else None


def encode(a) -> dict:
    a = np.asarray(a)
    return {"dtype": a.dtype.name, "shape": list(a.shape), "data": a.ravel().tolist()}


def _json_safe(doc):
    """NaN and infinities as strings, so the fixture is strict JSON."""
    if isinstance(doc, float) and not np.isfinite(doc):
        return repr(doc)
    if isinstance(doc, list):
        return [_json_safe(v) for v in doc]
    if isinstance(doc, dict):
        return {k: _json_safe(v) for k, v in doc.items()}
    return doc


def run_case(tf, arrays: dict, build) -> dict:
    g = tf.Graph()
    with g.as_default():
        ph = {k: tf.placeholder(v.dtype, v.shape, name=k) for k, v in arrays.items()}
        outs = build(tf, **ph)
        loss = scalar(tf, outs)
        xs = [p for p in ph.values() if is_float(p)]
        grads = tf.gradients(loss, xs) if loss is not None and xs else [None] * len(xs)
    feed = {ph[k]: v for k, v in arrays.items()}
    with tf.Session(graph=g) as sess:
        values = sess.run(outs, feed)
        gvals = sess.run([t for t in grads if t is not None], feed)
    it = iter(gvals)
    return {
        "inputs": {k: encode(v) for k, v in arrays.items()},
        "outputs": {
            k: {**encode(values[k]), "op": t.op.name, "static": t.shape.as_list()}
            for k, t in outs.items()
        },
        "grads": {
            x.op.name: None if t is None else encode(next(it))
            for x, t in zip(xs, grads, strict=True)
        },
    }


def raised(tf, build) -> str:
    with tf.Graph().as_default():
        try:
            build(tf)
        except Exception as e:
            return type(e).__name__
    return "nothing"


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_v2_tensorshape()
    doc = {
        "tensorflow": tf.__version__,
        "cases": {n: run_case(tf, a, b) for n, (a, b) in CASES.items()},
        "errors": {n: raised(tf, b) for n, b in ERRORS.items()},
        "dtypes": {n: {d: probe(tf, n, d) for d in PROBE_DTYPES} for n in DTYPE_PROBES},
        "namespaces": {
            "math": sorted(n for n in dir(tf.math) if not n.startswith("_")),
            "linalg": sorted(n for n in dir(tf.linalg) if not n.startswith("_")),
        },
    }
    json.dump(_json_safe(doc), sys.stdout, indent=None, sort_keys=True, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
