"""Review 44's findings against TF 2.21 (dev-only): tf.nn.pool's dilated windows over
channels-first inputs (NCW, NCHW, NCDHW); random_poisson of infinite rates; decode_raw's
out_type list (no uint32 or uint64); tf.gradients' grad_ys converted by their own value,
as TF's `_DefaultGradYs` converts them (no cast to y's dtype); sparse.concat of one input
before its axis is looked at, of none refused; a reshape to a matrix shape refused; a
LinearOperator's add_to_tensor of a list of another dtype refused; a TensorArray element of
rows after one of none (zeros were answered in its place); tf.math.bincount of a RaggedTensor
(UNIMPLEMENTED).
Run unchanged with `tf` = graphgate by tests/unit/engine/test_review44.py.

    /work/tfvenv/bin/python tests/reference/review44.py \
        > tests/unit/engine/fixtures/review44.json
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
"""

PROGRAMS = {}

PROGRAMS["pool_dilated_channels_first"] = (
    RUN
    + """
rng = np.random.RandomState(0)
x1 = rng.randn(2, 3, 11).astype(np.float32)
x2 = rng.randn(2, 3, 9, 8).astype(np.float32)
x3 = rng.randn(1, 2, 7, 6, 8).astype(np.float32)
for kind in ("MAX", "AVG"):
    t = tf.constant(x1)
    y = tf.nn.pool(t, [3], kind, "VALID", dilation_rate=[2], data_format="NCW")
    out["ncw_" + kind] = run([y, tf.gradients(tf.reduce_sum(y * y), t)[0]])
    t = tf.constant(x3)
    y = tf.nn.pool(t, [2, 2, 3], kind, "VALID", dilation_rate=[2, 1, 2], data_format="NCDHW")
    out["ncdhw_" + kind] = run([y, tf.gradients(tf.reduce_sum(y * y), t)[0]])
out["nchw_MAX"] = run(
    tf.nn.pool(tf.constant(x2), [2, 3], "MAX", "VALID", dilation_rate=[2, 2], data_format="NCHW")
)
"""
)

PROGRAMS["poisson_infinite_rates"] = (
    RUN
    + """
lam = tf.constant([np.inf, -np.inf, 3.0, -2.0])
for dt in (tf.float32, tf.float64, tf.int32, tf.int64):
    out[dt.name] = run(tf.random.poisson(lam, [3], dtype=dt, seed=7))
out["float16_rates"] = run(tf.random.poisson(tf.cast(lam, tf.float16), [2], seed=7))
"""
)

PROGRAMS["decode_raw_out_types"] = (
    RUN
    + """
raw = tf.constant([b"\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08"])
for name in ("uint32", "uint64"):
    out[name] = raises(lambda: tf.io.decode_raw(raw, getattr(tf, name)))
for name in ("uint16", "int64", "complex64"):
    out[name] = str(run(tf.io.decode_raw(raw, getattr(tf, name))))
"""
)

PROGRAMS["grad_ys_converted_by_their_own_value"] = (
    RUN
    + """
def grads(seed, dtype=tf.float32, through=lambda x: x * x):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]], dtype)
    return tf.gradients(through(x), x, grad_ys=seed)[0]
out["python_floats"] = run(grads([[[1.0, 2.0], [3.0, 4.0]]]))
out["numpy_float64_for_float32"] = raises(lambda: grads([np.ones((2, 2))]))
out["python_ints_for_float32"] = raises(lambda: grads([[[1, 2], [3, 4]]]))
out["python_floats_for_float64"] = raises(lambda: grads([[[1.0, 2.0], [3.0, 4.0]]], tf.float64))
out["complex_for_float32"] = raises(lambda: grads([[[1j, 2.0], [3.0, 4.0]]]))
out["numpy_float64_for_float64"] = run(grads([np.full((2, 2), 0.5)], tf.float64))
z = tf.constant([1 + 1j, 2 - 1j], tf.complex64)
out["real_for_complex"] = raises(lambda: tf.gradients(z * z, z, grad_ys=[[1.0, 2.0]]))
"""
)

PROGRAMS["sparse_concat_counts"] = (
    RUN
    + """
sp = tf.SparseTensor([[0, 1]], [3.0], [2, 3])
out["one_axis_past_rank"] = run(tf.sparse.to_dense(tf.sparse.concat(5, [sp])))
out["one_expanded"] = run(tf.sparse.to_dense(tf.sparse.concat(0, [sp], expand_nonconcat_dim=True)))
out["none"] = raises(lambda: tf.sparse.concat(0, []))
"""
)

PROGRAMS["vector_arguments"] = (
    RUN
    + """
out["reshape_matrix_shape"] = raises(lambda: tf.reshape(tf.ones([4]), [[2, 2]]))
out["tile_matrix_multiples"] = raises(lambda: tf.tile(tf.ones([2]), [[2]]))
out["reshape_numpy_shape"] = run(tf.reshape(tf.range(4), np.array([2, 2])))
"""
)

PROGRAMS["linear_operator_add_to_tensor"] = (
    RUN
    + """
diag = tf.linalg.LinearOperatorDiag(tf.constant([1.0, 2.0]))
out["int_list"] = raises(lambda: diag.add_to_tensor([[1, 2], [3, 4]]))
out["float64_tensor"] = raises(lambda: diag.add_to_tensor(tf.ones([2, 2], tf.float64)))
out["float_list"] = run(diag.add_to_tensor([[1.0, 2.0], [3.0, 4.0]]))
"""
)

TENSOR_ARRAY = """
def written(infer, shapes, read="stack"):
    t = tf.TensorArray(tf.float32, size=len(shapes), infer_shape=infer)
    for i, s in enumerate(shapes):
        value = np.ones(s, np.float32) * (i + 1)
        t = t.write(i, tf.placeholder_with_default(value, [None] * len(s)))
    return getattr(t, read)()
"""

PROGRAMS["tensor_array_rows_after_an_element_of_none"] = (
    RUN
    + TENSOR_ARRAY
    + """
out["stack"] = raises(lambda: run(written(True, [(0, 3), (2, 3)])))
out["concat"] = raises(lambda: run(written(True, [(0, 3), (2, 3)], "concat")))
none = [(0, 3), (0, 3)]
out["none_then_none"] = run([written(True, none), written(True, none, "concat")])
"""
)

PROGRAMS["tensor_array_concat_of_none_then_rows"] = (
    RUN
    + TENSOR_ARRAY
    + """
out["concat"] = run(written(False, [(0, 3), (2, 3)], "concat"))
out["stack"] = run(written(False, [(0, 3), (2, 3)]))
"""
)

PROGRAMS["bincount_of_a_ragged_tensor"] = (
    RUN
    + """
rt = tf.ragged.constant([[1, 3, 3], [], [5]])
out["values"] = run(tf.math.bincount(rt, minlength=7))
out["v1"] = run(tf.bincount(rt, maxlength=4))
out["deep"] = run(tf.math.bincount(tf.ragged.constant([[[1], [2, 2]], [[0]]])))
w = tf.ragged.constant([[1.0, 2.0, 3.0], [], [4.0]])
out["weights"] = run(tf.math.bincount(rt, weights=w))
out["dense_weights"] = raises(lambda: tf.math.bincount(rt, weights=w.flat_values))
other = tf.ragged.constant([[1.0, 2.0], [3.0], [4.0]])
out["other_splits"] = raises(lambda: run(tf.math.bincount(rt, weights=other)))
"""
)


if __name__ == "__main__":
    harness.main(PROGRAMS)
