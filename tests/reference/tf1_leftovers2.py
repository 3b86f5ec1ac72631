"""TF1 behaviours earlier rounds listed as graphgate's differences and left (dev-only):
complex `svd` (and `pinv`/`matrix_rank`, which TF refuses for complex matrices), the
gradient through an op TF registers no gradient for (LookupError, not None), `gather` with
a bool or float axis, dataset arguments converted as `tf.constant` converts them,
`Dataset.rebatch`, non-max suppression with a limit known only at run time, and the ones
graphgate keeps answering otherwise (strict xfails in test_tf1_leftovers2.py, reasons in
docs/decision_log.md). Run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_leftovers2.py.

    /work/tfvenv/bin/python tests/reference/tf1_leftovers2.py \
        > tests/unit/engine/fixtures/tf1_leftovers2.json

Complex SVD losses are ones the singular vectors' free phases cancel in (|u|², u vᴴ,
projectors, the reconstruction), differentiated with complex upstream gradients so every
conjugation shows; LAPACK's and Eigen's vectors differ by such phases.
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

COMPLEX = """
rng = np.random.RandomState(11)

def C(*shape):
    return rng.uniform(-1, 1, shape) + 1j * rng.uniform(-1, 1, shape)

def G(y, x):
    values = C(*y.shape.as_list())
    if not y.dtype.is_complex:
        values = values.real
    return tf.gradients(y, x, grad_ys=tf.constant(values.astype(y.dtype.as_numpy_dtype)))[0]

def R(d):
    with tf.Session() as s:
        got = s.run(d)
    for k, v in got.items():
        a = np.asarray(v)
        out[k] = np.stack([a.real, a.imag], -1).tolist() if a.dtype.kind == "c" else a.tolist()

def SVD(shape, dtype=np.complex128, **kwargs):
    a = tf.constant(C(*shape).astype(dtype))
    return a, tf.svd(a, **kwargs)
"""

PROGRAMS = {
    "complex_svd_values": COMPLEX
    + """
d = {}
for shape in ((3, 3), (2, 3), (3, 2), (2, 3, 3)):
    for dtype in (np.complex64, np.complex128):
        a, (s, u, v) = SVD(shape, dtype)
        key = "%s_%s" % ("x".join(map(str, shape)), np.dtype(dtype).name)
        d["s_" + key] = s
        d["abs_u_" + key] = tf.abs(u)
        d["abs_v_" + key] = tf.abs(v)
        d["rebuilt_" + key] = tf.matmul(u * tf.cast(s, u.dtype)[..., None, :], v, adjoint_b=True)
        d["values_only_" + key] = tf.svd(a, compute_uv=False)
        out["dtypes_" + key] = [s.dtype.name, u.dtype.name, v.dtype.name]
        out["shapes_" + key] = [t.shape.as_list() for t in (s, u, v)]
a, (s, u, v) = SVD((3, 2), full_matrices=True)
d["full_abs_u"], d["full_abs_v"] = tf.abs(u), tf.abs(v)
out["full_shapes"] = [t.shape.as_list() for t in (s, u, v)]
d["norm_2"] = tf.norm(a, ord=2, axis=[-2, -1])
R(d)
""",
    "complex_svd_gradients": COMPLEX
    + """
d = {}
for shape in ((3, 3), (2, 3), (3, 2), (2, 3, 3)):
    key = "x".join(map(str, shape))
    a, (s, u, v) = SVD(shape)
    d["s_" + key] = G(s, a)
    rebuilt = tf.matmul(u * tf.cast(s, u.dtype)[..., None, :], v, adjoint_b=True)
    d["rebuilt_" + key] = G(rebuilt, a)
    d["abs2_u_" + key] = G(tf.real(u * tf.conj(u)), a)
    d["abs2_v_" + key] = G(tf.real(v * tf.conj(v)), a)
    d["proj_u_" + key] = G(tf.matmul(u, u, adjoint_b=True), a)
    d["proj_v_" + key] = G(tf.matmul(v, v, adjoint_b=True), a)
    d["all_" + key] = G(
        tf.real(u * tf.conj(u))[..., :1, :] * 2.0 + tf.real(v * tf.conj(v))[..., :1, :], a
    ) + G(s, a)
    d["values_only_" + key] = G(tf.svd(a, compute_uv=False), a)
a, (s, u, v) = SVD((3, 3))
d["u_vh"] = G(tf.matmul(u, v, adjoint_b=True), a)
a64, (s64, u64, v64) = SVD((3, 3), np.complex64)
d["rebuilt_64"] = G(tf.matmul(u64 * tf.cast(s64, u64.dtype)[None, :], v64, adjoint_b=True), a64)
d["s_64"] = G(s64, a64)
for shape in ((3, 2), (2, 3), (3, 3)):
    a, (s, u, v) = SVD(shape, full_matrices=True)
    key = "x".join(map(str, shape))
    d["full_abs2_" + key] = G(tf.real(u * tf.conj(u)), a) + G(tf.real(v * tf.conj(v)), a)
    d["full_s_" + key] = G(s, a)
a = tf.constant(C(3, 3))
d["norm_2"] = G(tf.norm(a, ord=2, axis=[-2, -1]), a)
R(d)
""",
    "pinv_and_matrix_rank_of_complex_matrices": COMPLEX
    + """
a = tf.constant(C(3, 2))
out["pinv"] = raises(lambda: tf.linalg.pinv(a))
out["pinv_rcond"] = raises(lambda: tf.linalg.pinv(a, rcond=1e-3))
out["matrix_rank"] = raises(lambda: tf.linalg.matrix_rank(a))
out["matrix_rank_tol"] = raises(lambda: tf.linalg.matrix_rank(a, tol=0.1))
with tf.Session() as sess:
    out["real_pinv"] = sess.run(tf.linalg.pinv(tf.constant(C(3, 2).real))).tolist()
""",
    # Ops TF registers no gradient for: a float output on the path is LookupError there
    # (graphgate's NO_GRADIENT); an integer output cast to float passes nothing back.
    "gradient_through_ops_without_one": """
x = tf.constant([3.0, 1.0, 3.0, 2.0])
out["unique"] = raises(lambda: tf.gradients(tf.unique(x).y, x))
out["unique_plus_x"] = raises(lambda: tf.gradients(tf.unique(x).y[0] + x[0], x))
out["unique_with_counts"] = raises(lambda: tf.gradients(tf.unique_with_counts(x).y, x))
out["setdiff1d"] = raises(lambda: tf.gradients(tf.setdiff1d(x, [1.0]).out, x))
out["poisson"] = raises(lambda: tf.gradients(tf.random.poisson(x, [2], seed=1), x))
out["bitcast_to_float"] = raises(
    lambda: tf.gradients(tf.bitcast(tf.cast(x, tf.int32), tf.float32), x))
none = lambda ys: [g is None for g in tf.gradients(ys, x)]
out["unique_idx_cast"] = none(tf.cast(tf.unique(x).idx, tf.float32))
out["count_cast"] = none(tf.cast(tf.unique_with_counts(x).count, tf.float32))
out["bitcast_cast"] = none(tf.cast(tf.bitcast(x, tf.int32), tf.float32))
out["argmax_cast"] = none(tf.cast(tf.argmax(x), tf.float32))
""",
    # An integer y is seeded with ones by TF, so an op without a gradient right under it
    # is LookupError there; graphgate seeds no integer y (None). KNOWN_DIFFERENT.
    "integer_ys_under_ops_without_gradient": """
x = tf.constant([3.0, 1.0, 3.0, 2.0])
out["unique_idx"] = raises(lambda: tf.gradients(tf.unique(x).idx, x))
out["bitcast_to_int"] = raises(lambda: tf.gradients(tf.bitcast(x, tf.int32), x))
""",
    "gather_axis_of_another_dtype": """
params = [[1, 2], [3, 4]]
def gathered(axis):
    with tf.Session() as sess:
        return sess.run(tf.gather(params, [1], axis=axis)).tolist()
for name, axis in [("false", False), ("true", True), ("float", 1.0), ("np_bool", np.bool_(0)),
                   ("np_float", np.float32(0)), ("bool_tensor", tf.constant(False)),
                   ("float_tensor", tf.constant(1.0))]:
    out[name] = raises(lambda: gathered(axis))
out["np_int64"] = gathered(np.int64(1))
out["int64_tensor"] = gathered(tf.constant(1, tf.int64))
out["default"] = gathered(None)
""",
    "dataset_arguments_convert_as_constants": """
def elements(ds):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    got = []
    with tf.Session() as sess:
        while True:
            try:
                got.append(sess.run(nxt).tolist())
            except tf.errors.OutOfRangeError:
                return got
R = tf.data.Dataset.range
cases = {
    "shard_float_count": lambda: R(6).shard(2.0, 0),
    "shard_float_index": lambda: R(6).shard(2, 0.0),
    "shard_bool_index": lambda: R(6).shard(2, True),
    "shard_numpy": lambda: R(6).shard(np.int64(2), np.int32(0)),
    "shard_numpy_float": lambda: R(6).shard(np.float64(2.0), 1),
    "shard_float_tensor": lambda: R(6).shard(tf.constant(2.0), 0),
    "batch_float": lambda: R(6).batch(2.0),
    "batch_bool": lambda: R(6).batch(True),
    "take_float": lambda: R(6).take(1.0),
    "skip_float": lambda: R(6).skip(1.0),
    "repeat_float": lambda: R(2).repeat(2.0),
    "shuffle_float": lambda: R(6).shuffle(2.0, seed=1),
    "prefetch_float": lambda: R(6).prefetch(1.0),
    "window_float": lambda: R(6).window(2.0),
    "range_float": lambda: R(2.0),
    "range_numpy_float": lambda: R(np.float32(3)),
}
for name, build in cases.items():
    out[name] = raises(lambda: elements(build()))
out["shard_bool_index_elements"] = elements(R(6).shard(2, True))
out["batch_bool_elements"] = elements(R(3).batch(True))
out["range_numpy_float_elements"] = elements(R(np.float32(3)))
""",
    "dataset_rebatch": """
def elements(ds):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    got = []
    with tf.Session() as sess:
        while True:
            try:
                v = sess.run(nxt)
            except tf.errors.OutOfRangeError:
                return got
            got.append([c.tolist() for c in v] if isinstance(v, tuple) else v.tolist())
R = tf.data.Dataset.range
cases = {
    "two_into_three": lambda: R(6).batch(2).rebatch(3),
    "four_into_three": lambda: R(7).batch(4).rebatch(3),
    "drop_remainder": lambda: R(7).batch(2).rebatch(3, drop_remainder=True),
    "cycled_sizes": lambda: R(8).batch(4).rebatch([2, 1, 1]),
    "cycled_sizes_dropped": lambda: R(9).batch(4).rebatch([2, 3], drop_remainder=True),
    "static_multiple": lambda: R(8).batch(4, drop_remainder=True).rebatch(2),
    "static_not_a_multiple": lambda: R(9).batch(3, drop_remainder=True).rebatch(2),
    "equal_sizes_list": lambda: R(8).batch(4, drop_remainder=True).rebatch([2, 2]),
    "tuples": lambda: tf.data.Dataset.from_tensor_slices(
        (np.arange(6).reshape(3, 2), np.arange(3))).batch(2).rebatch(2),
    "tensor_size": lambda: R(5).batch(2).rebatch(tf.constant(2, tf.int64)),
    "matrices": lambda: tf.data.Dataset.from_tensor_slices(
        np.arange(12.0).reshape(6, 2)).batch(4).rebatch(3),
}
for name, build in cases.items():
    ds = build()
    out[name] = elements(ds)
    shapes = tf.data.get_output_shapes(ds)
    out[name + "_shape"] = [s.as_list() for s in tf.nest.flatten(shapes)]
for name, build in {
    "scalar_elements": lambda: R(3).rebatch(2),
    "sizes_of_rank_two": lambda: R(4).batch(2).rebatch([[1]]),
    "float_size": lambda: R(4).batch(2).rebatch(2.0),
    "int32_tensor_size": lambda: R(4).batch(2).rebatch(tf.constant(2)),
}.items():
    out[name] = raises(build)
n = tf.placeholder(tf.int64, [])
ds = R(5).batch(2).rebatch(n)
out["placeholder_shape"] = tf.data.get_output_shapes(ds).as_list()
it = tf.data.make_initializable_iterator(ds)
nxt = it.get_next()
with tf.Session() as sess:
    sess.run(it.initializer, {n: 3})
    out["placeholder"] = [sess.run(nxt).tolist(), sess.run(nxt).tolist()]
    out["cardinality"] = int(sess.run(tf.data.experimental.cardinality(R(6).batch(2).rebatch(3))))
""",
    "non_max_suppression_limits_at_run_time": """
boxes = tf.constant([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3], [0, 4, 1, 5]], tf.float32)
scores = tf.constant([0.9, 0.8, 0.7, 0.6])
m = tf.placeholder(tf.int32, [])
m_unknown = tf.placeholder(tf.int32)
t = tf.placeholder(tf.float32, [])
def run(fetch, feed):
    with tf.Session() as sess:
        got = sess.run(fetch, feed)
    return [np.asarray(g).tolist() for g in got] if isinstance(got, tuple) else got.tolist()
nms = tf.image.non_max_suppression
out["limit"] = run(nms(boxes, scores, m, 0.5), {m: 2})
out["limit_large"] = run(nms(boxes, scores, m, 0.5), {m: 10})
out["limit_zero"] = run(nms(boxes, scores, m, 0.5), {m: 0})
out["limit_unknown_rank"] = run(nms(boxes, scores, m_unknown, 0.5), {m_unknown: 3})
out["static_shape"] = nms(boxes, scores, m, 0.5).shape.as_list()
out["iou_threshold"] = run(nms(boxes, scores, 3, t), {t: 0.5})
out["iou_threshold_high"] = run(nms(boxes, scores, 3, t), {t: 0.95})
out["score_threshold"] = run(nms(boxes, scores, m, 0.5, score_threshold=t), {m: 4, t: 0.65})
out["computed_limit"] = run(nms(boxes, scores, tf.constant(2) + 1, 0.5), None)
out["negative_limit"] = raises(lambda: run(nms(boxes, scores, m, 0.5), {m: -1}))
out["iou_threshold_above_one"] = raises(lambda: run(nms(boxes, scores, 3, t), {t: 1.5}))
out["limit_not_a_scalar"] = raises(lambda: nms(boxes, scores, tf.constant([1, 2]), 0.5))
padded = tf.image.non_max_suppression_padded(boxes, scores, m, 0.5, pad_to_max_output_size=True)
out["padded"] = run(padded, {m: 6})
out["padded_shape"] = padded[0].shape.as_list()
with_scores = tf.image.non_max_suppression_with_scores(
    boxes, scores, m, 0.5, soft_nms_sigma=t)
out["with_scores"] = run(with_scores, {m: 3, t: 0.5})
overlaps = tf.constant(np.eye(4, dtype=np.float32) + 0.6 * np.eye(4, k=1, dtype=np.float32))
out["overlaps"] = run(tf.image.non_max_suppression_overlaps(overlaps, scores, m, 0.5), {m: 3})
raw = tf.raw_ops.NonMaxSuppressionV3(
    boxes=boxes, scores=scores, max_output_size=m, iou_threshold=0.5, score_threshold=t)
out["raw_op"] = run(raw, {m: 2, t: 0.0})
""",
    "ensure_shape_any_shape_of_unknown_rank": """
def ensured(x, shape, feed):
    with tf.Session() as sess:
        return list(np.shape(sess.run(tf.ensure_shape(x, shape), {x: feed})))
unknown = tf.placeholder(tf.float32)
for name, shape in (("none", None), ("tensor_shape_none", tf.TensorShape(None))):
    out[name] = ensured(unknown, shape, np.zeros([1, 2]))
    out[name + "_static"] = tf.ensure_shape(unknown, shape).shape.ndims
out["unknown_dims"] = ensured(unknown, [None, None], np.zeros([1, 2]))
""",
    # TF fails building ensure_shape(x, None) for x of any known rank ("Shape must be rank
    # -1"), graphgate passes x (KNOWN_DIFFERENT; decision log).
    "ensure_shape_none": """
def ensured(x, shape, feed):
    with tf.Session() as sess:
        return np.shape(sess.run(tf.ensure_shape(x, shape), {x: feed}))
known = tf.placeholder(tf.float32, [None, 2])
out["known_rank"] = raises(lambda: ensured(known, None, np.zeros([1, 2])))
out["tensor_shape_none"] = raises(lambda: ensured(known, tf.TensorShape(None), np.zeros([1, 2])))
out["scalar"] = raises(lambda: ensured(tf.placeholder(tf.float32, []), None, 1.0))
""",
    # TF's FusedBatchNorm gradient function sees zeros for y when only its statistics
    # are differentiated, so x, scale and offset get zeros; graphgate's composite stops
    # the statistics' gradients (None). KNOWN_DIFFERENT.
    "fused_batch_norm_statistics_gradients": """
x = tf.constant(np.arange(8, dtype=np.float32).reshape(1, 2, 2, 2))
scale, offset = tf.constant([1.0, 2.0]), tf.constant([0.0, 1.0])
y, mean, variance = tf.nn.fused_batch_norm(x, scale, offset)
grads = tf.gradients(mean + variance, [x, scale, offset])
out["none"] = [g is None for g in grads]
with tf.Session() as sess:
    out["values"] = [v.tolist() for v in sess.run([g for g in grads if g is not None])]
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
