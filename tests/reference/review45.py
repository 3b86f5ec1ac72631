"""Review 45's findings against TF 2.21 (dev-only): the gradients of a complex
sparse_dense_matmul (its values' and, under adjoint_b, b's, conjugated as TF's gradient
conjugates them); a gamma sample's gradient by a float16 alpha (TF's RandomGammaGrad takes
float32 and float64 only); stateless_poisson of infinite rates (refused; TF's sampler
answers them as random_poisson's does); matmul's sparsity hints on a batch of any dtype
(TF sends the operands to MatMul or SparseMatMul, rank 2 only); the variable scatters'
dtypes (a bool or string variable scattered into, ScatterMin/Max of small ints or
complex numbers: answered); a metric's weights of unknown rank (refused where TF matches
their rank to the values' when run); conv2d of a filter of unknown rank (refused);
contrib.layers.batch_norm's renorm clipping and decay (dropped), and tf.layers' renorm
with fused=True (TF1's layer drops the fused it cannot honour).
Run unchanged with `tf` = graphgate by tests/unit/engine/test_review45.py.

    PYTHONPATH=/tmp/tf1ex12_site /work/tfvenv/bin/python tests/reference/review45.py \
        > tests/unit/engine/fixtures/review45.json

(/tmp/tf1ex12_site holds tf_keras 2.21, which tf.layers needs, as tf1_models8.py says.)
"""

from __future__ import annotations

import numpy as np  # noqa: F401  (the programs' `np`)

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

RUN = """
def run(fetch, feed=None):
    with tf.Session() as sess:
        got = sess.run(fetch, feed)
    return [np.asarray(g).tolist() for g in got] if isinstance(got, (tuple, list)) else (
        np.asarray(got).tolist())

def parts(value):
    value = np.asarray(value)
    return [value.real.tolist(), value.imag.tolist()]
"""

PROGRAMS = {}

# Each adjoint pair: the gradient of |A B|^2 by A's values and by B.
PROGRAMS["sparse_dense_matmul_complex_gradients"] = (
    RUN
    + """
indices = [[0, 0], [1, 2], [2, 1]]
b_value = np.arange(6).reshape(3, 2) * (1 - 1j) + 0.5j
for dt in (tf.complex64, tf.complex128):
    values = tf.constant([1 + 2j, -3 + 0.5j, 2 - 1j], dt)
    sp = tf.SparseTensor(indices, values, [3, 3])
    b = tf.constant(b_value, dt)
    for adj_a in (False, True):
        for adj_b in (False, True):
            y = tf.sparse.sparse_dense_matmul(
                sp, tf.transpose(b) if adj_b else b, adjoint_a=adj_a, adjoint_b=adj_b
            )
            grads = tf.gradients(tf.reduce_sum(tf.abs(y) ** 2), [values, b])
            got = run([y] + grads)
            out[f"{dt.name}_{adj_a}_{adj_b}"] = [parts(g) for g in got]
real = tf.constant([1.0, -2.0, 0.5])
y = tf.sparse.sparse_dense_matmul(tf.SparseTensor(indices, real, [3, 3]), tf.ones([2, 3]),
                                  adjoint_a=True, adjoint_b=True)
out["float32"] = run(tf.gradients(tf.reduce_sum(y * y), [real]))
"""
)

PROGRAMS["gamma_gradient_of_a_half_alpha"] = (
    RUN
    + """
alpha = tf.constant([1.5, 2.0], tf.float16)
sample = tf.random.gamma([2], alpha, dtype=tf.float16, seed=3)
out["sample"] = run(sample)
out["gradient"] = raises(lambda: tf.gradients(sample, alpha))
stateless = tf.random.stateless_gamma([2], [1, 2], alpha, dtype=tf.float16)
out["stateless"] = raises(lambda: tf.gradients(stateless, alpha))
alpha64 = tf.constant([1.5, 2.0], tf.float64)
sample = tf.random.gamma([2], alpha64, dtype=tf.float64, seed=3)
out["float64"] = run([sample, tf.gradients(sample, alpha64)[0]])
"""
)

# review44 gave random_poisson TF's answer for infinite rates; stateless_poisson's kernel
# (the same sampler) still refused them.
PROGRAMS["stateless_poisson_infinite_rates"] = (
    RUN
    + """
lam = tf.constant([np.inf, -np.inf, 3.0, -2.0])
for dt in (tf.float32, tf.float64, tf.int32, tf.int64):
    out[dt.name] = run(tf.random.stateless_poisson([3, 4], [1, 2], lam, dtype=dt))
out["rates_in_front"] = run(tf.random.stateless_poisson([2, 2, 2], [5, 6], lam[:2]))
"""
)

PROGRAMS["matmul_sparsity_hint_of_a_batch"] = (
    RUN
    + """
for dt in (tf.float32, tf.float64, tf.int32, tf.float16, tf.complex64):
    a, b = tf.ones([2, 3, 4], dt), tf.ones([2, 4, 5], dt)
    out[dt.name + "_a"] = raises(lambda: tf.matmul(a, b, a_is_sparse=True))
    out[dt.name + "_b"] = raises(lambda: tf.matmul(a[0], b, b_is_sparse=True))
out["numpy_batch"] = raises(lambda: tf.matmul(np.ones([2, 3, 4]), tf.ones([4, 5], tf.float64),
                                              a_is_sparse=True))
out["matrices"] = run(tf.matmul(tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64),
                                tf.constant([[0.0, 1.0], [1.0, 0.0]], tf.float64),
                                a_is_sparse=True, transpose_b=True))
"""
)

# kernels7 refused assign_add/assign_sub of a bool variable; the scatters' op definitions
# restrict the variable's dtype too (answered: a bool "sum", a string concatenation, a
# complex minimum by numpy's order).
PROGRAMS["variable_scatters_of_other_dtypes"] = """
values = {"bool": [True, False], "string": [b"a", b"b"], "complex64": [1j, 2], "int8": [1, 2],
          "uint32": [1, 2], "float16": [1.0, 2.0]}
for fn in ("scatter_update", "scatter_add", "scatter_sub", "scatter_mul", "scatter_div",
           "scatter_min", "scatter_max", "scatter_nd_update", "scatter_nd_add", "scatter_nd_sub"):
    for dt, value in values.items():
        with tf.Graph().as_default():
            var = tf.Variable(value, dtype=tf.as_dtype(dt))
            update = lambda: getattr(tf, fn)(var, [[0]] if "_nd_" in fn else [0], var[:1])
            out[fn + "_" + dt] = raises(update)
"""

# kernels7 gave a metric's weights one rank below the values a trailing 1 by their static
# ranks; TF1's metrics do it by the ranks when run where the graph does not know them.
PROGRAMS["metric_weights_of_unknown_rank"] = """
labels = np.array([[1, 0, 1], [0, 1, 1]], np.int64)
preds = np.array([[0.8, 0.1, 0.4], [0.3, 0.6, 0.9]], np.float32)
w = tf.placeholder(tf.float32, None)
metrics = {
    "accuracy": tf.metrics.accuracy(labels, tf.cast(preds > 0.5, tf.int64), weights=w),
    "auc": tf.metrics.auc(labels, preds, weights=w, num_thresholds=7),
    "mean_absolute_error": tf.metrics.mean_absolute_error(
        tf.cast(labels, tf.float32), preds, weights=w),
    "mean": tf.metrics.mean(preds, weights=w),
}
with tf.Session() as sess:
    for weights in (2.0, [1.0, 3.0], [[1.0], [3.0]], [[1.0, 0.0, 2.0], [1.0, 1.0, 0.5]],
                    [[[1.0]], [[3.0]]], [[[1.0], [2.0], [0.0]], [[3.0], [1.0], [1.0]]],
                    [1.0, 2.0, 3.0]):
        for name, (value, update) in metrics.items():
            key = name + str(np.shape(weights))
            def run_metric():
                sess.run(tf.local_variables_initializer())
                sess.run(update, {w: weights})
                out[key + "_value"] = np.asarray(sess.run(value)).tolist()
            out[key] = raises(run_metric)
"""

# A filter of unknown rank (a shapeless placeholder): TF takes it as 4-D; graphgate's
# Conv2D said "'NoneType' object is not subscriptable" (INVALID_ATTR).
PROGRAMS["conv2d_filter_of_unknown_rank"] = """
rng = np.random.RandomState(2)
x = rng.randn(1, 6, 7, 3).astype(np.float32)
f = rng.randn(3, 2, 3, 4).astype(np.float32)
p = tf.placeholder(tf.float32, None)
for pad in ("SAME", "VALID"):
    y = tf.nn.conv2d(x, p, [1, 2, 1, 1], pad)
    out["shape_" + pad] = y.shape.as_list()
    with tf.Session() as sess:
        got = sess.run([y] + tf.gradients(tf.reduce_sum(y * y), [p]), {p: f})
        out[pad] = [v.tolist() for v in got]
        out["matrix_" + pad] = raises(lambda: sess.run(y, {p: f[0, 0]}))
pointwise = rng.randn(1, 1, 6, 4).astype(np.float32)
y = tf.nn.separable_conv2d(x, rng.randn(3, 3, 3, 2).astype(np.float32), p, [1, 1, 1, 1], "SAME")
with tf.Session() as sess:
    out["separable"] = sess.run(y, {p: pointwise}).tolist()
"""

# TF 1.15's contrib.layers.batch_norm builds the core layer for renorm, with its clipping
# and renorm_decay as the layer's renorm_momentum (contrib/layers/python/layers/layers.py);
# TF 2.21 has no contrib, so its side runs that layer as contrib builds it.
PROGRAMS["contrib_batch_norm_renorm_clipping"] = """
rng = np.random.RandomState(6)
x = (rng.randn(8, 3) * 2 + 1).astype(np.float32)
p = tf.placeholder(tf.float32, [None, 3])
clipping = {"rmax": 1.1, "rmin": 0.95, "dmax": 0.05}
if hasattr(tf, "contrib"):
    y = tf.contrib.layers.batch_norm(p, decay=0.6, scale=True, is_training=True, renorm=True,
                                     renorm_clipping=clipping, renorm_decay=0.5)
else:
    with tf.variable_scope(None, "BatchNorm") as sc:
        layer = tf.layers.BatchNormalization(
            momentum=0.6, epsilon=0.001, scale=True, renorm=True, renorm_clipping=clipping,
            renorm_momentum=0.5, name=sc.name, _scope=sc)
        y = layer.apply(p, training=True)
updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["outputs"] = [sess.run([y, updates], {p: x * (i + 1) + i})[0].tolist() for i in range(3)]
    out["variables"] = {v.op.name: sess.run(v).tolist() for v in tf.global_variables()}
"""

PROGRAMS["layers_batch_normalization_renorm_fused"] = """
rng = np.random.RandomState(7)
x = (rng.randn(2, 3, 2, 4) + 2).astype(np.float32)
y = tf.layers.batch_normalization(tf.constant(x), training=True, renorm=True, fused=True,
                                  renorm_clipping={"rmax": 1.01}, renorm_momentum=0.5)
updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(2):
        out["outputs"] = sess.run([y, updates])[0].tolist()
    out["variables"] = {v.op.name: sess.run(v).tolist() for v in tf.global_variables()}
"""


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
