"""TF1 public symbols graphgate lacked after the first survey round (dev-only):
`tf.metrics.average_precision_at_k` (and its old name `sparse_average_precision_at_k`),
`tf.sparse_merge` (`tf.sparse.merge`), `tf.linalg.sqrtm` (`tf.matrix_square_root`) with
its gradient, the Bessel functions of `tf.math.special` (`bessel_j0`, `j1`, `y0`, `y1`,
`k0`, `k0e`, `k1`, `k1e`) and `dawsn`, `expint`, `fresnel_cos`, `fresnel_sin`, `spence`
with theirs, `tf.timestamp`, `tf.nn.ctc_beam_search_decoder_v2`,
each program run unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_apigaps2.py.

    /work/tfvenv/bin/python tests/reference/tf1_apigaps2.py \
        > tests/unit/engine/fixtures/tf1_apigaps2.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

RUN = """
def run(fetch, feed=None):
    with tf.Session() as sess:
        got = sess.run(fetch, feed)
    return [None if g is None else np.asarray(g).tolist() for g in got] if isinstance(
        got, tuple | list) else (None if got is None else np.asarray(got).tolist())
def typed(fetch, feed=None):
    with tf.Session() as sess:
        got = sess.run(fetch, feed)
    return [str(np.asarray(got).dtype), np.asarray(got).shape, np.asarray(got).tolist()]
"""

AP = """
def ap(labels, predictions, k, runs=1, **kwargs):
    error = raises(lambda: tf.metrics.average_precision_at_k(labels, predictions, k, **kwargs))
    if error:
        return error
    value, update = tf.metrics.average_precision_at_k(labels, predictions, k, **kwargs)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        error = raises(lambda: sess.run(update))
        if error:
            return error
        updates = [float(sess.run(update)) for _ in range(runs)]
        return [updates, float(sess.run(value)), value.dtype.name, value.shape.as_list()]
scores = np.array([[0.1, 0.4, 0.2, 0.3, 0.05], [0.5, 0.1, 0.3, 0.15, 0.2],
                   [0.3, 0.2, 0.1, 0.6, 0.4]], np.float32)
"""

PROGRAMS = {
    "average_precision_at_k": AP
    + """
labels = np.array([[1, 3], [0, 2], [4, 1]], np.int64)
for k in (1, 2, 3, 5):
    out[f"k{k}"] = ap(labels, scores, k)
out["one_label_per_row"] = ap(np.array([3, 2, 0], np.int64), scores, 3)
out["column_labels"] = ap(np.array([[3], [2], [0]], np.int64), scores, 2)
out["twice"] = ap(labels, scores, 2, runs=2)
out["weights"] = ap(labels, scores, 3, weights=[0.5, 2.0, 0.0])
out["scalar_weight"] = ap(labels, scores, 3, weights=3.0)
out["column_weights"] = ap(labels, scores, 3, weights=[[1.0], [0.25], [4.0]])
out["row_weights"] = ap(labels, scores, 3, weights=[[2.0]])
w = tf.placeholder(tf.float32, [None])
v, u = tf.metrics.average_precision_at_k(labels, scores, 3, weights=w)
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    out["fed_weights"] = float(sess.run(u, {w: [1.0, 2.0, 0.5]}))
    out["fed_weights_wrong"] = raises(lambda: sess.run(u, {w: [1.0, 2.0]}))
""",
    "average_precision_labels_that_do_not_count": AP
    + """
out["duplicates"] = ap(np.array([[1, 1, 3], [0, 0, 0], [4, 4, 2]], np.int64), scores, 3)
out["negative"] = ap(np.array([[1, -1], [-1, 2], [-5, 4]], np.int64), scores, 3)
out["past_the_classes"] = ap(np.array([[1, 7], [5, 2], [9, 4]], np.int64), scores, 3)
out["no_labels_row"] = ap(np.array([[-1, -1], [0, 2], [4, 1]], np.int64), scores, 2)
out["all_rows_empty"] = ap(np.full([3, 2], -1, np.int64), scores, 2)
out["more_labels_than_k"] = ap(np.array([[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 4]],
                                        np.int64), scores, 2)
out["ties"] = ap(np.array([[2], [4], [1]], np.int64), np.ones([3, 5], np.float32), 3)
out["float64_scores"] = ap(np.array([[1, 3], [0, 2], [4, 1]], np.int64),
                           scores.astype(np.float64), 2)
""",
    "average_precision_sparse_labels": AP
    + """
sparse = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0], [2, 2]],
                         tf.constant([3, 1, 2, 4, 4], tf.int64), [3, 3])
out["sparse"] = ap(sparse, scores, 3)
out["sparse_k1"] = ap(sparse, scores, 1)
out["sparse_past_classes"] = ap(tf.SparseTensor([[0, 0], [1, 0], [2, 1]],
                                                tf.constant([8, 0, 3], tf.int64), [3, 2]),
                                scores, 2)
out["sparse_rank_one"] = ap(tf.SparseTensor([[0], [2]], tf.constant([3, 0], tf.int64), [3]),
                            scores, 2)
out["sparse_value"] = ap(tf.SparseTensorValue([[0, 0], [1, 0]], np.array([1, 2], np.int64),
                                              [3, 1]), scores, 2)
""",
    "average_precision_higher_rank": AP
    + """
s3 = np.arange(24, dtype=np.float32).reshape(2, 3, 4)[..., ::-1] % 5
l3 = np.array([[[0, 1], [2, 3], [1, 1]], [[3, -1], [0, 2], [0, 3]]], np.int64)
out["rank_three"] = ap(l3, s3, 2)
out["rank_three_weights"] = ap(l3, s3, 3, weights=[[1.0, 0.0, 2.0], [0.5, 1.0, 1.0]])
out["one_row"] = ap(np.array([2], np.int64), np.array([0.1, 0.9, 0.5], np.float32), 2)
p = tf.placeholder(tf.float32, [None, 5])
v, u = tf.metrics.average_precision_at_k(tf.constant([[1], [3]], tf.int64), p, 2)
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    out["fed"] = float(sess.run(u, {p: scores[:2]}))
""",
    "average_precision_graph": """
labels = tf.constant([[1, 3], [0, 2]], tf.int64)
scores = tf.constant([[0.1, 0.4, 0.2, 0.3], [0.5, 0.1, 0.3, 0.15]])
value, update = tf.metrics.average_precision_at_k(
    labels, scores, 2, metrics_collections=["m"], updates_collections=["u"])
out["names"] = [value.op.name, update.op.name]
out["locals"] = [v.op.name for v in tf.local_variables()]
out["metric_variables"] = [v.op.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)]
out["trainable"] = [v.op.name for v in tf.trainable_variables()]
out["collections"] = [tf.get_collection("m") == [value], tf.get_collection("u") == [update]]
named = tf.metrics.average_precision_at_k(labels, scores, 1, name="apk")
out["named"] = [t.op.name for t in named]
old = tf.metrics.sparse_average_precision_at_k(labels, scores, 2)
out["old_names"] = [t.op.name for t in old]
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    out["before"] = float(sess.run(value))
    out["old"] = [float(sess.run(old[1])), float(sess.run(old[0]))]
""",
    "average_precision_refusals": """
scores = tf.constant([[0.1, 0.4, 0.2, 0.3], [0.5, 0.1, 0.3, 0.15]])
labels = tf.constant([[1, 3], [0, 2]], tf.int64)
out["k_zero"] = raises(lambda: tf.metrics.average_precision_at_k(labels, scores, 0))
out["int32_labels"] = raises(lambda: tf.metrics.average_precision_at_k(
    tf.constant([[1], [2]]), scores, 2))
out["float_labels"] = raises(lambda: tf.metrics.average_precision_at_k(
    tf.constant([[1.0], [2.0]]), scores, 2))
out["labels_rank"] = raises(lambda: tf.metrics.average_precision_at_k(
    tf.constant([[[1]], [[2]]], tf.int64), tf.constant([1.0, 2.0]), 1))
out["k_past_classes"] = raises(lambda: tf.metrics.average_precision_at_k(labels, scores, 5))
out["scalar_scores"] = raises(lambda: tf.metrics.average_precision_at_k(
    tf.constant(1, tf.int64), tf.constant(0.5), 1))
out["weights_shape"] = raises(lambda: tf.metrics.average_precision_at_k(
    labels, scores, 2, weights=[1.0, 2.0, 3.0]))
""",
    "sparse_merge": """
def sp(t):
    with tf.Session() as sess:
        v = sess.run(t)
    values = [x.decode() if isinstance(x, bytes) else x for x in v.values.tolist()]
    return [v.indices.tolist(), values, v.dense_shape.tolist(), t.values.dtype.name]
ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [2, 2]],
                      tf.constant([3, 1, 0, 4, 2, 1], tf.int64), [3, 3])
vals = tf.SparseTensor(ids.indices, [0.5, -1.0, 2.0, 3.0, 0.25, 1.5], [3, 3])
out["basic"] = sp(tf.sparse_merge(ids, vals, 5))
out["namespace"] = sp(tf.sparse.merge(ids, vals, 6))
out["sorted_kept"] = sp(tf.sparse_merge(ids, vals, 5, already_sorted=True))
out["tensor_vocab"] = sp(tf.sparse_merge(ids, vals, tf.constant(7)))
out["vocab_int64"] = sp(tf.sparse_merge(ids, vals, tf.constant(7, tf.int64)))
ids32 = tf.SparseTensor(ids.indices, tf.constant([3, 1, 0, 4, 2, 1]), [3, 3])
out["int32_ids"] = sp(tf.sparse_merge(ids32, vals, 5))
ids2 = tf.SparseTensor(ids.indices, tf.constant([0, 1, 1, 0, 1, 0], tf.int64), [3, 3])
out["two_ids"] = sp(tf.sparse_merge([ids, ids2], vals, [5, 2]))
out["strings"] = sp(tf.sparse_merge(ids, tf.SparseTensor(ids.indices, list("abcdef"), [3, 3]), 5))
value = tf.SparseTensorValue([[0, 0], [1, 1]], np.array([2, 0], np.int64), [2, 2])
out["values_of_sparse"] = sp(tf.sparse_merge(value, tf.SparseTensorValue(
    [[0, 0], [1, 1]], np.array([1.0, 2.0], np.float32), [2, 2]), 3))
rank3 = tf.SparseTensor([[0, 0, 0], [0, 1, 0], [1, 0, 1]], tf.constant([2, 0, 1], tf.int64),
                        [2, 2, 2])
out["rank_three"] = sp(tf.sparse_merge(rank3, tf.SparseTensor(rank3.indices, [1, 2, 3],
                                                              [2, 2, 2]), 3))
out["dense_of_it"] = tf.Session().run(tf.sparse.to_dense(tf.sparse_merge(ids, vals, 5))).tolist()
out["name"] = tf.sparse_merge(ids, vals, 5, name="m").indices.op.name
out["vocab_float"] = raises(lambda: tf.sparse_merge(ids, vals, 5.0))
out["vocab_list_for_one"] = raises(lambda: tf.sparse_merge(ids, vals, [5]))
out["lengths_differ"] = raises(lambda: tf.sparse_merge([ids, ids2], vals, [5]))
out["vocab_not_list"] = raises(lambda: tf.sparse_merge([ids, ids2], vals, 5))
out["ids_not_sparse"] = raises(lambda: tf.sparse_merge(3, vals, 5))
out["ids_dense_list"] = raises(lambda: tf.sparse_merge([tf.constant([1])], vals, [5]))
with tf.Session() as sess:
    out["too_many_values"] = raises(lambda: sess.run(tf.sparse_merge(
        ids, tf.SparseTensor([[0, 0]] * 7, tf.ones([7]), [3, 3]), 5)))
""",
    "sparse_merge_id_past_the_vocabulary": """
ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([3, 1, 0], tf.int64), [2, 2])
vals = tf.SparseTensor(ids.indices, [0.5, -1.0, 2.0], [2, 2])
with tf.Session() as sess:
    out["reordered"] = raises(lambda: sess.run(tf.sparse_merge(ids, vals, 3)))
""",
    "sqrtm": RUN
    + """
rng = np.random.RandomState(3)
spd = rng.randn(4, 4)
spd = spd @ spd.T + 0.5 * np.eye(4)
out["symmetric"] = run(tf.linalg.sqrtm(tf.constant(spd)))
out["symmetric_float32"] = typed(tf.linalg.sqrtm(tf.constant(spd, tf.float32)))
general = rng.randn(3, 3) + 3 * np.eye(3)
out["general"] = run(tf.linalg.sqrtm(tf.constant(general)))
out["general_float32"] = run(tf.matrix_square_root(tf.constant(general, tf.float32)))
out["upper"] = run(tf.linalg.sqrtm(tf.constant([[4.0, 1.0], [0.0, 9.0]], tf.float64)))
out["rotation"] = run(tf.linalg.sqrtm(tf.constant([[0.0, 1.0], [-1.0, 0.0]], tf.float64)))
out["complex_pair"] = run(tf.linalg.sqrtm(tf.constant([[1.0, -2.0, 0.5], [2.0, 1.0, 0.0],
                                                       [0.0, 0.3, 2.0]], tf.float64)))
out["defective"] = run(tf.linalg.sqrtm(tf.constant([[1.0, 1.0], [0.0, 1.0]], tf.float64)))
out["defective_3"] = run(tf.linalg.sqrtm(tf.constant([[2.0, 1.0, 0.0], [0.0, 2.0, 1.0],
                                                      [0.0, 0.0, 2.0]], tf.float64)))
out["one_zero_eigenvalue"] = run(tf.linalg.sqrtm(tf.constant([[1.0, 0.0], [0.0, 0.0]],
                                                             tf.float64)))
out["psd_singular"] = run(tf.linalg.sqrtm(tf.constant([[1.0, 1.0], [1.0, 1.0]], tf.float64)))
out["identity"] = run(tf.linalg.sqrtm(tf.eye(3)))
out["one_by_one"] = run(tf.linalg.sqrtm(tf.constant([[6.25]])))
batch = rng.randn(2, 3, 3, 3) + 4 * np.eye(3)
out["batch"] = run(tf.linalg.sqrtm(tf.constant(batch)))
out["batch_shape"] = tf.linalg.sqrtm(tf.constant(batch)).shape.as_list()
out["unknown_shape"] = tf.linalg.sqrtm(tf.placeholder(tf.float32, [None, 2, 2])).shape.as_list()
out["unknown_rank"] = tf.linalg.sqrtm(tf.placeholder(tf.float32)).shape.ndims
p = tf.placeholder(tf.float64, [None, None])
out["fed"] = run(tf.linalg.sqrtm(p), {p: [[9.0, 0.0], [0.0, 16.0]]})
c = np.array([[1 + 1j, 0.5], [0.25j, 4 - 2j]])
out["complex128"] = [[[v.real, v.imag] for v in row] for row in
                     np.asarray(run(tf.linalg.sqrtm(tf.constant(c))))]
out["complex64_negative"] = [[[v.real, v.imag] for v in row] for row in np.asarray(
    run(tf.linalg.sqrtm(tf.constant([[-4.0 + 0j, 0j], [0j, 9.0 + 0j]], tf.complex64))))]
out["name"] = tf.linalg.sqrtm(tf.eye(2)).op.name
out["named"] = tf.matrix_square_root(tf.eye(2), name="root").op.name
out["type"] = tf.linalg.sqrtm(tf.eye(2)).op.type
with tf.Session() as sess:
    out["empty"] = [list(sess.run(tf.linalg.sqrtm(tf.zeros(s))).shape)
                    for s in ([0, 0], [3, 0, 0], [0, 2, 2])]
""",
    "sqrtm_without_a_root": RUN
    + """
out["negative_eigenvalue"] = run(tf.linalg.sqrtm(tf.constant([[-1.0, 0.0], [0.0, 4.0]],
                                                             tf.float64)))
out["negative_general"] = run(tf.linalg.sqrtm(tf.constant([[1.0, 2.0], [3.0, 4.0]])))
out["negative_one"] = run(tf.linalg.sqrtm(tf.constant([[-4.0]])))
out["zeros"] = run(tf.linalg.sqrtm(tf.zeros([2, 2])))
out["nan"] = run(tf.linalg.sqrtm(tf.constant([[np.nan, 0.0], [0.0, 1.0]])))
out["inf"] = run(tf.linalg.sqrtm(tf.constant([[np.inf, 0.0], [0.0, 1.0]])))
out["batch_one_bad"] = run(tf.linalg.sqrtm(tf.constant([[[4.0, 0.0], [0.0, 1.0]],
                                                        [[-4.0, 0.0], [0.0, 1.0]]])))
out["int"] = raises(lambda: tf.linalg.sqrtm(tf.constant([[1, 2], [3, 4]])))
out["bfloat16"] = raises(lambda: tf.linalg.sqrtm(tf.ones([2, 2], tf.bfloat16)))
out["not_square"] = raises(lambda: tf.linalg.sqrtm(tf.ones([2, 3])))
out["vector"] = raises(lambda: tf.linalg.sqrtm(tf.ones([3])))
p = tf.placeholder(tf.float32, [None, None])
with tf.Session() as sess:
    out["fed_not_square"] = raises(lambda: sess.run(tf.linalg.sqrtm(p), {p: np.ones([2, 3])}))
""",
    "sqrtm_random": RUN
    + """
rng = np.random.RandomState(19)
for n in (2, 3, 5, 8):
    m = rng.randn(40, n, n)
    out[f"n{n}"] = run(tf.linalg.sqrtm(tf.constant(m)))
    out[f"n{n}_shifted"] = run(tf.linalg.sqrtm(tf.constant(m + n * np.eye(n))))
out["near_defective"] = run(tf.linalg.sqrtm(tf.constant(
    [[1.0, 1000.0, 0.0], [0.0, 1.0 + 1e-9, 5.0], [0.0, 0.0, 2.0]], tf.float64)))
out["near_defective_float32"] = run(tf.linalg.sqrtm(tf.constant([[4.0, 100.0], [0.0, 4.0]])))
out["scaled"] = run(tf.linalg.sqrtm(tf.constant(1e-150 * (rng.randn(3, 3) + 4 * np.eye(3)))))
""",
    "sqrtm_float16": RUN
    + """
half = tf.linalg.sqrtm(tf.constant([[4.0, 0.0], [1.0, 9.0]], tf.float16))
out["float16"] = [half.dtype.name, half.shape.as_list(), raises(lambda: run(half))]
""",
    "sqrtm_nilpotent": RUN
    + """
out["nilpotent"] = run(tf.linalg.sqrtm(tf.constant([[0.0, 1.0], [0.0, 0.0]], tf.float64)))
""",
    "sqrtm_gradients": RUN
    + """
rng = np.random.RandomState(7)
a = rng.randn(3, 3)
a = a @ a.T + np.eye(3)
x = tf.constant(a)
w = tf.constant(rng.randn(3, 3))
y = tf.linalg.sqrtm(x)
out["symmetric"] = run(tf.gradients(tf.reduce_sum(y * w), x)[0])
g = tf.constant(rng.randn(3, 3) + 3 * np.eye(3))
out["general"] = run(tf.gradients(tf.reduce_sum(tf.linalg.sqrtm(g) * w), g)[0])
b = tf.constant(rng.randn(2, 2, 2) + 3 * np.eye(2), tf.float32)
out["batch_float32"] = run(tf.gradients(tf.reduce_sum(tf.square(tf.linalg.sqrtm(b))), b)[0])
out["chained"] = run(tf.gradients(tf.linalg.trace(tf.linalg.sqrtm(tf.linalg.sqrtm(x))), x)[0])
""",
    "bessel_second_kind_float64": RUN
    + """
xs = np.concatenate([np.linspace(0.01, 40.0, 400), np.geomspace(1e-12, 1e6, 90),
                     -np.linspace(0.0, 30.0, 16), [0.0, 2.404825557695773, 3.8317059702075125,
                                                   0.8935769662791675, 1e-300, 800.0,
                                                   np.inf, -np.inf, np.nan]])
x = tf.constant(xs)
special = tf.math.special
for f in ("bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "bessel_k0", "bessel_k0e",
          "bessel_k1", "bessel_k1e"):
    out[f] = run(getattr(special, f)(x))
""",
    "bessel_second_kind_float32": RUN
    + """
xs = np.concatenate([np.linspace(0.05, 40.0, 120), np.geomspace(1e-6, 1e4, 30),
                     [-2.0, -0.0, 0.0, np.inf, np.nan]]).astype(np.float32)
x = tf.constant(xs)
special = tf.math.special
for f in ("bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "bessel_k0", "bessel_k0e",
          "bessel_k1", "bessel_k1e"):
    out[f] = typed(getattr(special, f)(x))
half = tf.constant([0.5, 1.0, 3.0, 10.0], tf.float16)
out["float16"] = [typed(getattr(special, f)(half)) for f in ("bessel_j0", "bessel_y1",
                                                               "bessel_k1e")]
""",
    "bessel_second_kind_graph": RUN
    + """
special = tf.math.special
x = tf.constant([0.0, 0.5, 1.0, 2.5, 7.0, 30.0], tf.float64)
for f in ("bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "bessel_k0", "bessel_k0e",
          "bessel_k1", "bessel_k1e"):
    y = getattr(special, f)(x)
    weighted = y * [1.0, 2.0, 0.5, 1.0, -1.0, 3.0]
    out[f] = [y.op.name, y.op.type, y.shape.as_list(), run(tf.gradients(weighted, x)[0])]
out["named"] = special.bessel_k0(x, name="k").op.name
x32 = tf.constant([0.0, 0.25, 4.0])
out["float32_grads"] = [run(tf.gradients(getattr(special, f)(x32), x32)[0])
                        for f in ("bessel_j1", "bessel_k1e", "bessel_y0")]
p = tf.placeholder(tf.float32, [None, 2])
out["fed"] = run(special.bessel_j1(p), {p: [[1.0, -1.0], [2.0, 0.0]]})
out["unknown_shape"] = special.bessel_y0(p).shape.as_list()
out["int"] = raises(lambda: special.bessel_j0(tf.constant([1, 2])))
out["complex"] = raises(lambda: special.bessel_k0(tf.constant([1j])))
out["list"] = run(special.bessel_k1e([1.0, 2.0]))
out["second_order"] = run(tf.gradients(tf.gradients(special.bessel_j0(x), x)[0], x)[0])
""",
    "timestamp": """
import time
t = tf.timestamp()
named = tf.timestamp(name="clock")
out["graph"] = [t.op.name, t.op.type, t.dtype.name, t.shape.as_list(), named.op.name]
with tf.Session() as sess:
    before = time.time()
    first = sess.run(t)
    second, also = sess.run([t, t])
    after = time.time()
out["type"] = type(first).__name__
out["in_order"] = bool(before - 1e-3 <= first <= second <= after + 1e-3)
out["one_read_per_run"] = bool(second == also)
out["grad_of_mul"] = tf.gradients(t * 2.0, t)[0] is not None
""",
    "dawsn_expint_spence": RUN
    + """
xs = np.concatenate([np.linspace(-60.0, 60.0, 481), np.geomspace(1e-300, 1e300, 121),
                     [0.0, -0.0, 0.3725074107813666, 0.5, 1.0, 1.5, 2.0, 709.0, 710.0,
                      np.inf, -np.inf, np.nan]])
special = tf.math.special
for f in ("dawsn", "expint", "spence"):
    out[f] = run(getattr(special, f)(tf.constant(xs)))
    normal = xs[:602][(np.abs(xs[:602]) >= 1.2e-38) & (np.abs(xs[:602]) < 3e38)]
    out[f + "_float32"] = typed(getattr(special, f)(tf.constant(normal, tf.float32)))
x = tf.constant([0.0, 0.25, 1.0, 2.5, 7.0, 80.0], tf.float64)
for f in ("dawsn", "expint", "spence"):
    y = getattr(special, f)(x)
    out[f + "_graph"] = [y.op.name, y.op.type, run(tf.gradients(y * [1.0, 2.0, 0.5, 1.0, -1.0, 3.0],
                                                                x)[0])]
for f in ("dawsn", "expint", "spence"):
    with tf.Graph().as_default():
        half = getattr(tf.math.special, f)(tf.constant([0.5, 1.0, 3.0], tf.float16))
        out[f + "_float16"] = [half.dtype.name, raises(lambda: run(half))]
out["int"] = raises(lambda: special.dawsn(tf.constant([1, 2])))
""",
    "expint_float32_subnormal": RUN
    + """
x = tf.constant([1.401298464324817e-45, 1e-40], tf.float32)
out["subnormal"] = run(tf.math.special.expint(x))
""",
    "fresnel": RUN
    + """
xs = np.concatenate([np.linspace(-12.0, 12.0, 481), np.geomspace(1e-10, 3e4, 160),
                     [0.0, 1.6, 1.6000001, 2.5625 ** 0.5, 36974.0, 36975.0, 1e6, np.inf,
                      -np.inf, np.nan, -700.0, 700.0, 12345.678]])
special = tf.math.special
for f in ("fresnel_cos", "fresnel_sin"):
    out[f] = run(getattr(special, f)(tf.constant(xs)))
    out[f + "_float32"] = typed(getattr(special, f)(tf.constant(xs, tf.float32)))
    x = tf.constant([0.0, 0.5, 1.0, 2.5, 7.0, 40.0], tf.float64)
    y = getattr(special, f)(x)
    out[f + "_graph"] = [y.op.name, y.op.type, run(tf.gradients(y * [1.0, 2.0, 0.5, 1.0, -1.0, 3.0],
                                                                x)[0])]
    with tf.Graph().as_default():
        half = getattr(tf.math.special, f)(tf.constant([0.5, 1.0, 3.0], tf.float16))
        out[f + "_float16"] = [half.dtype.name, raises(lambda: run(half))]
""",
    "ctc_beam_search_decoder_v2": RUN
    + """
rng = np.random.RandomState(4)
logits = tf.constant(np.log(rng.dirichlet(np.ones(4), size=(6, 2))).astype(np.float32))
lengths = tf.constant([6, 4])
decoded, log_probs = tf.nn.ctc_beam_search_decoder_v2(logits, lengths, beam_width=5, top_paths=2)
with tf.Session() as sess:
    got = sess.run([[(d.indices, d.values, d.dense_shape) for d in decoded], log_probs])
out["decoded"] = [[np.asarray(a).tolist() for a in d] for d in got[0]]
out["log_probs"] = got[1].tolist()
merged, _ = tf.nn.ctc_beam_search_decoder(logits, lengths, beam_width=5, top_paths=2)
with tf.Session() as sess:
    out["v1_values"] = [sess.run(d.values).tolist() for d in merged]
out["top_paths_zero"] = raises(lambda: tf.nn.ctc_beam_search_decoder_v2(logits, lengths,
                                                                        top_paths=0))
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
