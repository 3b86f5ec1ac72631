"""Record the gradients TensorFlow 1.x computes for complex inverses, determinants,
Cholesky, solves, QR and eigendecompositions (dev-only): the shape fuzzer
(`tf1_fuzzshape.py`) differentiates real matrices only.

    /work/tfvenv/bin/python tests/reference/tf1_complex_linalg.py \
        > tests/unit/engine/fixtures/tf1_complex_linalg.json

TF's complex gradients are its own formulas with adjoints where the real ones transpose
(the conjugate of the Wirtinger derivative, except where a formula says otherwise: the
determinant's multiplies by det, not its conjugate). Each program differentiates with a
complex upstream gradient, so every conjugation shows. Matrices are well-conditioned
(Hermitian positive definite where the op needs it); QR's and eigh's losses are ones the
free phases cancel in. `tests/unit/engine/test_complex_linalg.py` runs the same text.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PRELUDE = """
rng = np.random.RandomState(7)

def C(*shape):
    return rng.uniform(-1, 1, shape) + 1j * rng.uniform(-1, 1, shape)

def WELL(n, dtype=np.complex128):
    return (C(n, n) + (n + 1) * np.eye(n)).astype(dtype)

def HPD(n, dtype=np.complex128):
    b = C(n, n)
    return (b @ b.conj().T + (n + 1) * np.eye(n)).astype(dtype)

def G(y, x):
    up = tf.constant(C(*y.shape.as_list()).astype(y.dtype.as_numpy_dtype))
    return tf.gradients(y, x, grad_ys=up)[0]

def R(d):
    with tf.Session() as s:
        got = s.run(d)
    for k, v in got.items():
        a = np.asarray(v)
        out[k] = np.stack([a.real, a.imag], -1).tolist() if a.dtype.kind == "c" else a.tolist()
"""

PROGRAMS = {
    "inverse_and_determinants": PRELUDE
    + """
a = tf.constant(WELL(3))
a64 = tf.constant(WELL(2, np.complex64))
sign, logabs = tf.linalg.slogdet(a)
R({
    "inv": G(tf.linalg.inv(a), a),
    "inv_adjoint": G(tf.linalg.inv(a, adjoint=True), a),
    "inv64": G(tf.linalg.inv(a64), a64),
    "det": G(tf.linalg.det(a), a),
    "det64": G(tf.linalg.det(a64), a64),
    "slogdet": G(logabs, a),
    "slogdet_values": tf.stack([sign, logabs]),
})
""",
    "solves": PRELUDE
    + """
a = tf.constant(WELL(3))
b = tf.constant(C(3, 2))
R({
    "solve": tf.gradients(tf.linalg.solve(a, b), [a, b], grad_ys=tf.constant(C(3, 2)))[0],
    "solve_rhs": G(tf.linalg.solve(a, b), b),
    "solve_adjoint": G(tf.linalg.solve(a, b, adjoint=True), a),
    "tri_lower": G(tf.linalg.triangular_solve(a, b), a),
    "tri_lower_rhs": G(tf.linalg.triangular_solve(a, b), b),
    "tri_upper_adjoint": G(tf.linalg.triangular_solve(a, b, lower=False, adjoint=True), a),
})
""",
    "cholesky": PRELUDE
    + """
h = tf.constant(HPD(3))
b = tf.constant(C(3, 2))
tall = tf.constant(C(4, 2))
chol = tf.linalg.cholesky(h)
R({
    "cholesky": G(chol, h),
    "cholesky_solve": G(tf.linalg.cholesky_solve(chol, b), b),
    "cholesky_solve_chol": G(tf.linalg.cholesky_solve(chol, b), h),
    "logdet": tf.gradients(tf.linalg.logdet(h), h)[0],
    "lstsq": G(tf.linalg.lstsq(tall, tf.constant(C(4, 1)), fast=True), tall),
})
""",
    "qr_and_eigh": PRELUDE
    + """
sq = tf.constant(WELL(3))
deep = tf.constant(C(4, 3))
wide = tf.constant(C(2, 4))
h = tf.constant(HPD(3))

def QR_LOSS(x):
    # |q|² and |r|² are free of the phases LAPACK and Eigen may choose differently.
    q, r = tf.linalg.qr(x)
    w = tf.constant(rng.uniform(0.5, 1.5, q.shape.as_list()))
    v = tf.constant(rng.uniform(0.5, 1.5, r.shape.as_list()))
    return tf.reduce_sum(w * tf.abs(q) ** 2) + tf.reduce_sum(v * tf.abs(r) ** 2)

e, v = tf.linalg.eigh(h)
# |v|² is free of each eigenvector's phase.
mag = tf.reduce_sum(tf.constant(rng.uniform(0.5, 1.5, (3, 3))) * tf.abs(v) ** 2)
R({
    "qr_square": tf.gradients(QR_LOSS(sq), sq)[0],
    "qr_deep": tf.gradients(QR_LOSS(deep), deep)[0],
    "qr_wide": tf.gradients(QR_LOSS(wide), wide)[0],
    "eigvalsh": G(tf.linalg.eigvalsh(h), h),
    "eigh_values": G(e, h),
    "eigh_vectors": tf.gradients(mag, h)[0],
})
""",
    "qr_with_its_phases": PRELUDE
    # Where LAPACK's Householder signs are Eigen's (R's diagonal is real either way), a
    # loss the phases do not cancel in shows TF's complex correction term.
    + """
sq = tf.constant(WELL(3))
deep = tf.constant(C(3, 2))
q, r = tf.linalg.qr(sq)
qd, rd = tf.linalg.qr(deep)
R({
    "r_diagonal": tf.linalg.diag_part(r),
    "q": G(q, sq),
    "r": G(r, sq),
    "deep_q": G(qd, deep),
    "deep_r_diagonal": tf.linalg.diag_part(rd),
})
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
