"""TF1 idioms people ask about (Stack Overflow, GitHub issues), each as such a question
writes it and with edge inputs: empty tensors, one element, negative and out-of-range
indices, int64 indices, shapes known only when fed. Run unchanged with `tf` = graphgate
by tests/unit/engine/test_tf1_so_idioms.py; what graphgate answers otherwise is a strict
xfail there, its reason in docs/decision_log.md.

    /work/tfvenv/bin/python tests/reference/tf1_so_idioms.py \
        > tests/unit/engine/fixtures/tf1_so_idioms.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

RUN = """
def val(g):
    if g is None:
        return None
    a = np.asarray(g)
    if a.dtype.kind in "SO":
        return [x.decode() if isinstance(x, bytes) else x for x in a.ravel().tolist()]
    return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.tolist()}
def run(fetch, feed=None, init=False):
    with tf.Session() as sess:
        if init:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        got = sess.run(fetch, feed)
    return [val(g) for g in got] if isinstance(got, tuple | list) else val(got)
def attempt(fetch, feed=None):
    return raises(lambda: run(fetch, feed)) or run(fetch, feed)
"""

P = {}

# -- py_func / numpy_function -------------------------------------------------------------
P["py_func_two_outputs_tout_list"] = """
def f(x):
    return x * 2, np.int64(x.size)
x = tf.placeholder(tf.float32, [None])
a, n = tf.py_func(f, [x], [tf.float32, tf.int64])
out["full"] = run([a, n], {x: [1.0, 2.0, 3.0]})
out["empty"] = run([a, n], {x: []})
out["shape"] = [a.shape.ndims, n.shape.ndims]
"""
P["py_func_stateful_counter"] = """
calls = []
def f():
    calls.append(1)
    return np.int32(len(calls))
c = tf.py_func(f, [], tf.int32, stateful=True)
with tf.Session() as sess:
    out["values"] = [int(sess.run(c)) for _ in range(3)]
out["calls"] = len(calls)
"""
P["numpy_function_in_dataset_map"] = """
def f(x):
    return (x * x).astype(np.int64), np.float32(x.sum())
ds = tf.data.Dataset.from_tensor_slices(np.array([[1, 2], [3, 4], [0, 0]], np.int64))
ds = ds.map(lambda x: tf.numpy_function(f, [x], (tf.int64, tf.float32)))
it = tf.data.make_one_shot_iterator(ds)
a, b = it.get_next()
got = []
with tf.Session() as sess:
    for _ in range(3):
        u, v = sess.run([a, b])
        got.append([u.tolist(), float(v)])
    try:
        sess.run(a)
    except tf.errors.OutOfRangeError:
        got.append("end")
out["got"] = got
"""
P["py_func_gradient_is_none"] = """
x = tf.constant([1.0, 2.0])
y = tf.py_func(lambda v: v * 3, [x], tf.float32)
out["grad"] = tf.gradients(y, x)[0] is None
out["run"] = run(y)
"""
# -- scan / foldl / map_fn ----------------------------------------------------------------
P["scan_cumulative_tuple_state"] = """
elems = tf.constant([1.0, 2.0, 3.0, 4.0])
def step(acc, x):
    s, p = acc
    return s + x, p * x
s, p = tf.scan(step, elems, initializer=(tf.constant(0.0), tf.constant(1.0)))
out["run"] = run([s, p])
out["rev"] = run(tf.scan(lambda a, x: a + x, elems, reverse=True))
"""
P["scan_no_initializer_nested_elems"] = """
a = tf.constant([[1, 2], [3, 4], [5, 6]])
b = tf.constant([10, 20, 30])
r = tf.scan(lambda acc, x: (acc[0] + x[0], acc[1] * x[1]), (a, b))
out["run"] = run(list(r))
"""
P["scan_gradient"] = """
x = tf.placeholder(tf.float32, [None])
y = tf.scan(lambda a, e: a * e, x, initializer=tf.constant(1.0))
g = tf.gradients(tf.reduce_sum(y), x)[0]
out["run"] = run([y, g], {x: [2.0, 3.0, 0.5]})
out["one"] = run([y, g], {x: [5.0]})
"""
P["foldl_foldr_strings_of_ops"] = """
x = tf.constant([1, 2, 3, 4])
out["foldl"] = run(tf.foldl(lambda a, e: a * 10 + e, x))
out["foldr"] = run(tf.foldr(lambda a, e: a * 10 + e, x))
out["init"] = run(tf.foldl(lambda a, e: a - e, x, initializer=100))
"""
P["map_fn_dtype_tuple"] = """
x = tf.constant([[1.0, 4.0], [9.0, 16.0]])
a, b = tf.map_fn(lambda r: (tf.sqrt(r), tf.cast(tf.reduce_sum(r), tf.int32)), x,
                 dtype=(tf.float32, tf.int32))
out["run"] = run([a, b])
"""
P["map_fn_infer_shape_false_empty"] = """
x = tf.placeholder(tf.float32, [None, 2])
y = tf.map_fn(lambda r: r * 2.0, x, infer_shape=False)
out["full"] = run(y, {x: [[1.0, 2.0]]})
out["empty"] = attempt(y, {x: np.zeros((0, 2), np.float32)})
"""
P["map_fn_nested_dict"] = """
x = {"a": tf.constant([1, 2, 3]), "b": tf.constant([[1, 1], [2, 2], [3, 3]])}
y = tf.map_fn(lambda d: d["a"] + tf.reduce_sum(d["b"]), x, dtype=tf.int32)
out["run"] = run(y)
"""
P["map_fn_back_prop_false"] = """
x = tf.constant([1.0, 2.0, 3.0])
y = tf.map_fn(lambda e: e * e, x, back_prop=False)
out["run"] = run(y)
g = tf.gradients(tf.reduce_sum(y), x)[0]
out["grad"] = None if g is None else run(g)
"""
# -- while_loop / TensorArray -------------------------------------------------------------
P["while_loop_tensor_array_shape_invariants"] = """
n = tf.placeholder(tf.int32, [])
def body(i, acc, ta):
    acc = tf.concat([acc, [i]], 0)
    return i + 1, acc, ta.write(i, tf.reduce_sum(acc))
i0 = tf.constant(0)
ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
_, acc, ta = tf.while_loop(lambda i, a, t: i < n, body,
    [i0, tf.zeros([0], tf.int32), ta],
    shape_invariants=[i0.get_shape(), tf.TensorShape([None]), tf.TensorShape(None)])
out["three"] = run([acc, ta.stack()], {n: 3})
out["zero_acc"] = run(acc, {n: 0})
out["acc_shape"] = acc.shape.as_list()
"""
P["while_loop_shape_change_without_invariant"] = """
i0 = tf.constant(0)
x0 = tf.zeros([1])
out["error"] = raises(lambda: tf.while_loop(lambda i, x: i < 3,
    lambda i, x: (i + 1, tf.concat([x, x], 0)), [i0, x0]))
"""
P["tensor_array_unstack_gather"] = """
x = tf.constant([[1, 2], [3, 4], [5, 6]])
ta = tf.TensorArray(tf.int32, size=3).unstack(x)
out["gather"] = run(ta.gather([2, 0]))
out["read"] = run(ta.read(1))
out["size"] = run(ta.size())
"""
# -- partition / stitch / segments --------------------------------------------------------
P["dynamic_partition_stitch_roundtrip_gradient"] = """
x = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])
p = tf.constant([1, 0, 1, 2, 1])
parts = tf.dynamic_partition(x, p, 3)
idx = tf.dynamic_partition(tf.range(5), p, 3)
back = tf.dynamic_stitch(idx, [parts[0] * 10, parts[1] * 2, parts[2] - 1])
g = tf.gradients(tf.reduce_sum(back * tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])), x)[0]
out["parts"] = run(parts)
out["back_grad"] = run([back, g])
"""
P["dynamic_partition_empty_part"] = """
x = tf.placeholder(tf.float32, [None, 2])
p = tf.placeholder(tf.int32, [None])
parts = tf.dynamic_partition(x, p, 3)
out["run"] = run(parts, {x: [[1, 2], [3, 4]], p: [2, 2]})
out["bad"] = attempt(parts, {x: [[1, 2], [3, 4]], p: [2, 3]})
"""
P["dynamic_stitch_duplicate_indices"] = """
idx = [tf.constant([0, 2]), tf.constant([2, 1])]
data = [tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])]
s = tf.dynamic_stitch(idx, data)
g = tf.gradients(tf.reduce_sum(s * tf.constant([1.0, 10.0, 100.0])), data)
out["run"] = run([s] + g)
"""
P["unsorted_segment_negative_ids"] = """
data = tf.constant([1.0, 2.0, 3.0, 4.0])
ids = tf.constant([0, -1, 2, 0])
out["sum"] = run(tf.unsorted_segment_sum(data, ids, 3))
out["max"] = run(tf.unsorted_segment_max(data, ids, 3))
out["min"] = run(tf.unsorted_segment_min(data, ids, 3))
out["prod"] = run(tf.unsorted_segment_prod(data, ids, 3))
out["mean"] = run(tf.unsorted_segment_mean(data, ids, 3))
out["sqrt_n"] = run(tf.unsorted_segment_sqrt_n(data, ids, 3))
out["grad"] = run(tf.gradients(tf.reduce_sum(tf.unsorted_segment_sum(data, ids, 3)), data)[0])
"""
P["unsorted_segment_out_of_range"] = """
data = tf.constant([1.0, 2.0, 3.0])
ids = tf.placeholder(tf.int64, [None])
s = tf.unsorted_segment_sum(data, ids, 2)
out["ok"] = attempt(s, {ids: [0, 1, 1]})
out["bad"] = attempt(s, {ids: [0, 2, 1]})
"""
P["segment_sum_int64_ids_empty"] = """
data = tf.placeholder(tf.float32, [None])
ids = tf.placeholder(tf.int64, [None])
out["empty"] = run(tf.math.segment_sum(data, ids), {data: [], ids: []})
out["gap"] = run(tf.math.segment_mean(data, ids), {data: [1.0, 3.0], ids: [0, 2]})
"""
# -- masks / gathers / scatters -----------------------------------------------------------
P["boolean_mask_axis"] = """
x = tf.constant([[1, 2, 3], [4, 5, 6]])
out["axis1"] = run(tf.boolean_mask(x, [True, False, True], axis=1))
out["none"] = run(tf.boolean_mask(x, [False, False]))
m = tf.placeholder(tf.bool, [None])
out["fed"] = run(tf.boolean_mask(x, m, axis=1), {m: [False, True, True]})
out["2d"] = run(tf.boolean_mask(x, [[True, False, True], [False, False, True]]))
"""
P["boolean_mask_gradient"] = """
x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
y = tf.boolean_mask(x, [True, False, True])
out["grad"] = run(tf.gradients(tf.reduce_sum(y * y), x)[0])
"""
P["gather_batch_dims"] = """
params = tf.constant([[10, 11, 12], [20, 21, 22]])
idx = tf.constant([[2, 0], [1, 1]])
out["bd1"] = run(tf.gather(params, idx, batch_dims=1))
out["bd_neg"] = run(tf.gather(params, idx, batch_dims=-1))
out["axis_neg"] = run(tf.gather(params, tf.constant([2, 0], tf.int64), axis=-1))
out["empty"] = run(tf.gather(params, tf.zeros([0], tf.int32)))
"""
P["gather_out_of_range"] = """
params = tf.constant([1.0, 2.0, 3.0])
i = tf.placeholder(tf.int32, [None])
out["bad"] = attempt(tf.gather(params, i), {i: [0, 3]})
out["neg"] = attempt(tf.gather(params, i), {i: [-1]})
"""
P["gather_nd_batch_dims"] = """
params = tf.constant([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
idx = tf.constant([[[1]], [[0]]])
out["bd1"] = run(tf.gather_nd(params, idx, batch_dims=1))
out["plain"] = run(tf.gather_nd(params, tf.constant([[1, 0], [0, 1]], tf.int64)))
out["empty"] = run(tf.gather_nd(params, tf.zeros([0, 2], tf.int32)))
"""
P["scatter_nd_duplicates"] = """
idx = tf.constant([[1], [3], [1], [1]])
upd = tf.constant([1.0, 2.0, 3.0, 4.0])
s = tf.scatter_nd(idx, upd, [5])
g = tf.gradients(tf.reduce_sum(s * tf.range(5.0)), upd)[0]
out["run"] = run([s, g])
out["int64_shape"] = run(tf.scatter_nd(tf.constant([[0, 1]], tf.int64), tf.constant([7]),
                                       tf.constant([2, 2], tf.int64)))
"""
P["tensor_scatter_nd_update_and_add"] = """
t = tf.constant([[1, 2], [3, 4], [5, 6]])
out["update"] = run(tf.tensor_scatter_nd_update(t, [[2], [0]], [[9, 9], [8, 8]]))
out["add"] = run(tf.tensor_scatter_nd_add(t, [[0, 1], [0, 1]], [10, 20]))
out["sub"] = run(tf.tensor_scatter_nd_sub(t, [[1, 0]], [3]))
out["empty"] = run(tf.tensor_scatter_nd_update(t, tf.zeros([0, 1], tf.int32),
                                               tf.zeros([0, 2], tf.int32)))
"""
P["embedding_lookup_sparse_combiners"] = """
params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
ids = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([0, 2, 1], tf.int64), [3, 2])
w = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], [1.0, 3.0, 2.0], [3, 2])
for c in ("sum", "mean", "sqrtn"):
    out[c] = run(tf.nn.embedding_lookup_sparse(params, ids, None, combiner=c))
    out[c + "_w"] = run(tf.nn.embedding_lookup_sparse(params, ids, w, combiner=c))
"""
P["embedding_lookup_partitioned"] = """
p = [tf.constant([[0.0], [2.0]]), tf.constant([[1.0], [3.0]])]
ids = tf.constant([3, 0, 2, 1])
out["mod"] = run(tf.nn.embedding_lookup(p, ids, partition_strategy="mod"))
out["div"] = run(tf.nn.embedding_lookup(p, ids, partition_strategy="div"))
"""
# -- sparse -------------------------------------------------------------------------------
P["sparse_reorder_to_dense_reduce"] = """
sp = tf.SparseTensor(indices=[[1, 2], [0, 1], [1, 0]], values=[3, 1, 2], dense_shape=[2, 3])
r = tf.sparse.reorder(sp)
out["reordered"] = run([r.indices, r.values])
out["dense"] = run(tf.sparse.to_dense(r, default_value=-1))
out["sum_all"] = run(tf.sparse_reduce_sum(sp))
out["sum_1"] = run(tf.sparse_reduce_sum(sp, axis=1))
out["sum_0_keep"] = run(tf.sparse.reduce_sum(sp, axis=0, keepdims=True))
out["max_1"] = run(tf.sparse.reduce_max(sp, axis=-1))
"""
P["sparse_to_dense_unordered_refused"] = """
sp = tf.SparseTensor(indices=[[1, 2], [0, 1]], values=[3, 1], dense_shape=[2, 3])
out["unordered"] = attempt(tf.sparse.to_dense(sp))
out["unordered_no_validate"] = attempt(tf.sparse.to_dense(sp, validate_indices=False))
"""
P["sparse_placeholder_feed"] = """
sp = tf.sparse_placeholder(tf.float32)
d = tf.sparse.to_dense(sp)
s = tf.sparse.reduce_sum(sp, 1)
feed = {sp: tf.SparseTensorValue([[0, 0], [2, 1]], [1.5, -2.0], [3, 2])}
out["run"] = run([d, s], feed)
"""
P["string_split_to_sparse"] = """
s = tf.constant(["a b  c", "", "d"])
sp = tf.string_split(s)
out["indices"] = run(sp.indices)
out["values"] = run(sp.values)
out["shape"] = run(sp.dense_shape)
sp2 = tf.string_split(s, delimiter=" ", skip_empty=False)
out["keep_empty"] = run(sp2.values)
out["keep_empty_shape"] = run(sp2.dense_shape)
"""
P["strings_split_ragged_to_sparse"] = """
s = tf.constant(["a,b", ",", "c"])
sp = tf.strings.split(s, sep=",")
out["ragged"] = run(tf.strings.split(s, sep=",", result_type="RaggedTensor").flat_values)
out["values"] = run(sp.values)
out["indices"] = run(sp.indices)
out["dense"] = run(tf.sparse.to_dense(sp, default_value=""))
"""
# -- one_hot / unique / top_k / argmax ----------------------------------------------------
P["one_hot_axis_and_negative"] = """
i = tf.constant([0, -1, 2, 5])
out["default"] = run(tf.one_hot(i, 3))
out["axis0"] = run(tf.one_hot(i, 3, axis=0))
out["on_off"] = run(tf.one_hot(tf.constant([[1], [0]], tf.int64), 2, on_value=5, off_value=-1))
out["axis_mid"] = run(tf.one_hot([[0, 1], [2, -1]], 3, axis=1))
out["empty"] = run(tf.one_hot(tf.zeros([0], tf.int32), 4))
"""
P["unique_with_counts_order"] = """
x = tf.placeholder(tf.int64, [None])
y, idx, cnt = tf.unique_with_counts(x, out_idx=tf.int64)
out["run"] = run([y, idx, cnt], {x: [4, 1, 4, 4, 2, 1]})
out["empty"] = run([y, idx, cnt], {x: []})
f, fi = tf.unique(tf.constant([0.0, -0.0, 1.0]))
out["zeros"] = run([f, fi])
"""
P["top_k_ties_and_sorted"] = """
x = tf.constant([[1.0, 3.0, 3.0, 2.0, 3.0], [0.0, 0.0, 0.0, 0.0, 0.0]])
v, i = tf.nn.top_k(x, k=3)
out["run"] = run([v, i])
k = tf.placeholder(tf.int32, [])
v2, i2 = tf.nn.top_k(x, k)
out["k0"] = run([v2, i2], {k: 0})
out["k_too_big"] = attempt(v2, {k: 6})
out["int"] = run(tf.nn.top_k(tf.constant([2, 7, 7, 1]), 2))
"""
P["argmax_ties_nan"] = """
x = tf.constant([[1.0, 5.0, 5.0], [np.nan, 1.0, 2.0], [1.0, np.nan, 2.0]])
out["argmax"] = run(tf.argmax(x, 1))
out["argmin"] = run(tf.argmin(x, 1))
out["int32"] = run(tf.argmax(x, axis=0, output_type=tf.int32))
out["dimension"] = run(tf.argmax([3, 1, 3], dimension=0))
"""
# -- clipping / norms ---------------------------------------------------------------------
P["clip_by_norm_axes"] = """
x = tf.constant([[3.0, 4.0], [0.0, 0.0], [6.0, 8.0]])
out["all"] = run(tf.clip_by_norm(x, 5.0))
out["axis1"] = run(tf.clip_by_norm(x, 5.0, axes=[1]))
out["axis0"] = run(tf.clip_by_norm(x, 1.0, axes=0))
g = tf.gradients(tf.reduce_sum(tf.clip_by_norm(x, 5.0, axes=[1])), x)[0]
out["grad"] = run(g)
"""
P["clip_by_global_norm_none_gradients"] = """
a = tf.Variable([3.0, 4.0])
b = tf.Variable([1.0])
loss = tf.reduce_sum(a * a)
grads = tf.gradients(loss, [a, b])
clipped, norm = tf.clip_by_global_norm(grads, 5.0)
out["none"] = clipped[1] is None
out["run"] = run([clipped[0], norm], init=True)
z, zn = tf.clip_by_global_norm([tf.zeros([2])], 1.0)
out["zero"] = run([z[0], zn])
"""
P["clip_by_global_norm_indexed_slices"] = """
emb = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
loss = tf.reduce_sum(tf.gather(emb, [0, 2, 0]) * 10.0)
g = tf.gradients(loss, emb)[0]
(c,), n = tf.clip_by_global_norm([g], 1.0)
out["type"] = type(c).__name__
out["run"] = run([tf.convert_to_tensor(c), n], init=True)
"""
# -- losses / metrics ---------------------------------------------------------------------
P["sparse_softmax_xent_int64_and_out_of_range"] = """
logits = tf.constant([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
lab = tf.placeholder(tf.int64, [None])
l = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=lab, logits=logits)
out["ok"] = run(l, {lab: [2, 0]})
out["bad"] = attempt(l, {lab: [3, 0]})
out["neg"] = attempt(l, {lab: [-1, 0]})
g = tf.gradients(tf.reduce_sum(l), logits)[0]
out["grad"] = run(g, {lab: [2, 0]})
"""
P["losses_weights_reductions"] = """
labels = tf.constant([[1.0], [0.0], [2.0]])
pred = tf.constant([[0.5], [0.5], [1.0]])
w = tf.constant([[2.0], [0.0], [1.0]])
R = tf.losses.Reduction
for r in ("NONE", "SUM", "MEAN", "SUM_OVER_BATCH_SIZE", "SUM_BY_NONZERO_WEIGHTS"):
    out[r] = run(tf.losses.mean_squared_error(labels, pred, weights=w, reduction=getattr(R, r)))
out["abs_scalar_w"] = run(tf.losses.absolute_difference(labels, pred, weights=3.0))
out["huber"] = run(tf.losses.huber_loss(labels, pred, delta=0.6))
out["collection"] = len(tf.get_collection(tf.GraphKeys.LOSSES))
"""
P["losses_sigmoid_softmax_smoothing"] = """
logits = tf.constant([[2.0, -1.0], [0.0, 3.0]])
y = tf.constant([[1.0, 0.0], [0.0, 1.0]])
out["sigmoid"] = run(tf.losses.sigmoid_cross_entropy(y, logits, label_smoothing=0.2))
out["softmax"] = run(tf.losses.softmax_cross_entropy(y, logits, label_smoothing=0.1))
out["sparse_w"] = run(tf.losses.sparse_softmax_cross_entropy(
    tf.constant([0, 1], tf.int64), logits, weights=[0.0, 2.0]))
out["all_zero_weights"] = run(tf.losses.mean_squared_error(y, logits, weights=0.0))
"""
P["metrics_accuracy_update_reset"] = """
labels = tf.placeholder(tf.int32, [None])
pred = tf.placeholder(tf.int32, [None])
acc, upd = tf.metrics.accuracy(labels, pred)
mean, mupd = tf.metrics.mean(tf.cast(pred, tf.float32))
reset = tf.variables_initializer(tf.local_variables())
got = []
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    got.append(float(sess.run(acc)))
    sess.run([upd, mupd], {labels: [1, 2, 3], pred: [1, 0, 3]})
    sess.run([upd, mupd], {labels: [1], pred: [1]})
    got.append(float(sess.run(acc)))
    got.append(float(sess.run(mean)))
    sess.run(reset)
    got.append(float(sess.run(acc)))
    got.append(float(sess.run(upd, {labels: [], pred: []})))
out["got"] = got
out["locals"] = sorted(v.name for v in tf.local_variables())
"""
P["metrics_precision_recall_auc"] = """
labels = tf.constant([True, False, True, True, False])
pred = tf.constant([True, True, False, True, False])
p, pu = tf.metrics.precision(labels, pred)
r, ru = tf.metrics.recall(labels, pred)
s = tf.constant([0.9, 0.8, 0.3, 0.6, 0.1])
a, au = tf.metrics.auc(labels, s, num_thresholds=5)
mi, miu = tf.metrics.mean_iou(tf.constant([0, 1, 1]), tf.constant([0, 1, 0]), 2)
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    sess.run([pu, ru, au, miu])
    out["run"] = [float(v) for v in sess.run([p, r, a, mi])]
"""
# -- schedules / training idioms ----------------------------------------------------------
P["exponential_decay_staircase"] = """
step = tf.placeholder(tf.int64, [])
lr = tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True)
lr2 = tf.train.exponential_decay(0.1, step, 10, 0.5)
out["run"] = [run([lr, lr2], {step: s}) for s in (0, 9, 10, 25)]
pw = tf.train.piecewise_constant(step, [tf.constant(5, tf.int64)], [1.0, 0.1])
out["piecewise"] = [run(pw, {step: s}) for s in (5, 6)]
"""
P["global_step_increment_minimize"] = """
gs = tf.train.get_or_create_global_step()
w = tf.Variable(2.0)
lr = tf.train.exponential_decay(1.0, gs, 1, 0.5, staircase=True)
train = tf.train.GradientDescentOptimizer(lr).minimize(tf.square(w), global_step=gs)
got = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train)
        got.append([float(sess.run(w)), int(sess.run(gs))])
out["got"] = got
"""
P["batch_normalization_update_ops"] = """
x = tf.placeholder(tf.float32, [None, 2])
training = tf.placeholder_with_default(False, [])
y = tf.layers.batch_normalization(x, training=training, momentum=0.5)
loss = tf.reduce_sum(y)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
mm = [v for v in tf.global_variables() if "moving_mean" in v.name][0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[1.0, 2.0], [3.0, 6.0]], training: True})
    out["mean"] = sess.run(mm).tolist()
    out["infer"] = sess.run(y, {x: [[1.0, 2.0]]}).tolist()
out["n_updates"] = len(update_ops)
"""
P["control_dependencies_identity_trick"] = """
v = tf.Variable(0.0)
inc = tf.assign_add(v, 1.0)
with tf.control_dependencies([inc]):
    read_plain = v + 0.0
    read_ident = tf.identity(v)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["plus"] = float(sess.run(read_plain))
    out["ident"] = float(sess.run(read_ident))
    out["v"] = float(sess.run(v))
"""
P["assign_validate_shape_false"] = """
v = tf.Variable([1.0, 2.0], validate_shape=False, use_resource=False)
a = tf.assign(v, [1.0, 2.0, 3.0], validate_shape=False)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["after"] = sess.run(a).tolist()
    out["read"] = sess.run(v).tolist()
out["static"] = v.shape.as_list() if v.shape.ndims is not None else None
out["strict"] = raises(lambda: tf.assign(v, [[1.0]]))
"""
P["trainable_false_stop_gradient"] = """
w = tf.Variable(3.0)
frozen = tf.Variable(5.0, trainable=False)
loss = tf.square(w * frozen) + tf.stop_gradient(w) * 10.0
opt = tf.train.GradientDescentOptimizer(0.01)
train = opt.minimize(loss)
out["trainables"] = [v.name for v in tf.trainable_variables()]
out["grads"] = [g is None for g in tf.gradients(loss, [w, frozen])]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    out["after"] = [float(sess.run(w)), float(sess.run(frozen))]
"""
P["cond_side_effects_outside_run"] = """
v = tf.Variable(0)
inc = tf.assign_add(v, 1)
p = tf.placeholder(tf.bool, [])
r = tf.cond(p, lambda: inc, lambda: tf.constant(-1))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["false"] = int(sess.run(r, {p: False}))
    out["v_after_false"] = int(sess.run(v))
    out["true"] = int(sess.run(r, {p: True}))
"""
P["cond_side_effects_inside_only_taken"] = """
v = tf.Variable(0)
p = tf.placeholder(tf.bool, [])
def yes():
    with tf.control_dependencies([tf.assign_add(v, 10)]):
        return tf.constant(1)
r = tf.cond(p, yes, lambda: tf.constant(0))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["runs"] = [int(sess.run(r, {p: b})) for b in (False, True, False)]
    out["v"] = int(sess.run(v))
"""
P["print_pass_through"] = """
x = tf.constant([1.0, 2.0])
y = tf.Print(x, [x, tf.reduce_sum(x)], message="x: ", summarize=1)
g = tf.gradients(tf.reduce_sum(y * y), x)[0]
out["run"] = run([y, g])
out["name_kind"] = y.op.type
p = tf.print("hello", x)
with tf.control_dependencies([p]):
    z = tf.identity(x * 2)
out["z"] = run(z)
"""
# -- reductions / einsum / matmul ---------------------------------------------------------
P["reduce_empty_axes_and_keepdims"] = """
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
out["empty_list"] = run(tf.reduce_sum(x, axis=[]))
out["keep_dims"] = run(tf.reduce_mean(x, 1, keep_dims=True))
out["keepdims"] = run(tf.reduce_max(x, [0, 1], keepdims=True))
e = tf.placeholder(tf.float32, [None, 2])
out["empty_in"] = run([tf.reduce_sum(e, 0), tf.reduce_mean(e, 0), tf.reduce_prod(e, 0),
                       tf.reduce_max(e), tf.reduce_min(e, 0), tf.reduce_any(e > 0)],
                      {e: np.zeros((0, 2), np.float32)})
out["reduction_indices"] = run(tf.reduce_sum(x, reduction_indices=[0]))
out["logsumexp_empty"] = run(tf.reduce_logsumexp(e, 0), {e: np.zeros((0, 2), np.float32)})
"""
P["einsum_forms"] = """
a = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
b = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
c = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
out["matmul"] = run(tf.einsum("ij,jk->ik", a, b))
out["trace"] = run(tf.einsum("ii", tf.eye(3)))
out["transpose"] = run(tf.einsum("ij->ji", a))
out["outer"] = run(tf.einsum("i,j->ij", tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0, 5.0])))
out["batch"] = run(tf.einsum("bij,bjk->bik", c[:, :, :3], c[:, :3, :]))
out["ellipsis"] = run(tf.einsum("...ij,jk->...ik", c, tf.ones([4, 2])))
out["sum_all"] = run(tf.einsum("ijk->", c))
out["diag"] = run(tf.einsum("ii->i", tf.reshape(tf.range(9.0), [3, 3])))
out["implicit"] = run(tf.einsum("ij,jk", a, b))
g = tf.gradients(tf.reduce_sum(tf.einsum("ij,jk->ik", a, b)), [a, b])
out["grad"] = run(g)
"""
P["matmul_transpose_adjoint_batched"] = """
a = tf.constant(np.arange(12, dtype=np.float32).reshape(2, 3, 2))
b = tf.constant(np.arange(12, dtype=np.float32).reshape(2, 2, 3))
out["ta"] = run(tf.matmul(a, b, transpose_a=True, transpose_b=True))
out["adj_b"] = run(tf.matmul(a, b, adjoint_b=True, adjoint_a=True))
out["bcast"] = run(tf.matmul(a, tf.ones([2, 1])))
out["mix_error"] = raises(lambda: tf.matmul(a, b, transpose_a=True, adjoint_a=True))
c = tf.complex(a, -a)
out["adj_complex"] = run(tf.real(tf.matmul(c, c, adjoint_a=True)))
p = tf.placeholder(tf.float32, [None, None, 2])
out["empty_batch"] = run(tf.matmul(p, p, transpose_b=True), {p: np.zeros((0, 3, 2), np.float32)})
"""
# -- images / padding / patches -----------------------------------------------------------
P["resize_images_methods_align"] = """
img = tf.constant(np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1))
M = tf.image.ResizeMethod
for name in ("BILINEAR", "NEAREST_NEIGHBOR", "BICUBIC", "AREA"):
    out[name] = run(tf.image.resize_images(img, [3, 5], method=getattr(M, name)))
    out[name + "_align"] = run(tf.image.resize_images(img, [3, 5], method=getattr(M, name),
                                                       align_corners=True))
out["uint8"] = run(tf.image.resize_images(tf.cast(img, tf.uint8), [2, 2]))
out["nn_uint8"] = run(tf.image.resize_images(tf.cast(img, tf.uint8), [2, 2], method=1))
"""
P["resize_bilinear_half_pixel"] = """
img = tf.constant(np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1))
out["hp"] = run(tf.image.resize_bilinear(img, [3, 6], half_pixel_centers=True))
out["nn_hp"] = run(tf.image.resize_nearest_neighbor(img, [6, 3], half_pixel_centers=True))
out["up_align"] = run(tf.image.resize_bilinear(img[:, :2, :2], [3, 3], align_corners=True))
"""
P["pad_reflect_symmetric"] = """
x = tf.constant([[1, 2, 3], [4, 5, 6]])
out["reflect"] = run(tf.pad(x, [[1, 1], [2, 2]], "REFLECT"))
out["symmetric"] = run(tf.pad(x, [[2, 2], [3, 3]], "SYMMETRIC"))
out["reflect_too_big"] = attempt(tf.pad(x, tf.constant([[2, 0], [0, 0]]), "REFLECT"))
out["lower"] = run(tf.pad(x, [[0, 1], [1, 0]], mode="symmetric"))
out["const"] = run(tf.pad(x, [[0, 0], [1, 1]], constant_values=9))
xf = tf.constant([[1.0, 2.0, 3.0]])
g = tf.gradients(tf.reduce_sum(tf.pad(xf, [[0, 0], [2, 1]], "REFLECT") * tf.range(6.0)), xf)[0]
out["grad"] = run(g)
"""
P["extract_image_patches"] = """
img = tf.constant(np.arange(1, 26, dtype=np.float32).reshape(1, 5, 5, 1))
for pad in ("VALID", "SAME"):
    out[pad] = run(tf.extract_image_patches(img, ksizes=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                                            rates=[1, 1, 1, 1], padding=pad))
out["rate2"] = run(tf.extract_image_patches(img, [1, 2, 2, 1], [1, 3, 3, 1], [1, 2, 2, 1], "VALID"))
out["grad"] = run(tf.gradients(tf.reduce_sum(tf.image.extract_patches(img, [1, 3, 3, 1],
    [1, 1, 1, 1], [1, 1, 1, 1], "VALID")), img)[0])
"""
P["conv2d_transpose_output_shapes"] = """
x = tf.constant(np.arange(1, 10, dtype=np.float32).reshape(1, 3, 3, 1))
w = tf.constant(np.ones((2, 2, 2, 1), np.float32))
out["valid"] = run(tf.nn.conv2d_transpose(x, w, [1, 6, 6, 2], [1, 2, 2, 1], "VALID"))
out["same"] = run(tf.nn.conv2d_transpose(x, w, [1, 6, 6, 2], [1, 2, 2, 1], "SAME"))
out["same_odd"] = run(tf.nn.conv2d_transpose(x, w, [1, 5, 5, 2], [1, 2, 2, 1], "SAME"))
# TF's kernel refuses an output shape the input cannot come from (AbortedError with
# oneDNN); graphgate refuses it building: both refuse.
out["bad"] = raises(lambda: run(
    tf.nn.conv2d_transpose(x, w, tf.constant([1, 9, 9, 2]), [1, 2, 2, 1], "SAME"))) is not None
b = tf.placeholder(tf.float32, [None, 3, 3, 1])
y = tf.nn.conv2d_transpose(b, w, tf.stack([tf.shape(b)[0], 6, 6, 2]), [1, 2, 2, 1], "SAME")
out["dyn_shape"] = y.shape.as_list()
out["dyn"] = run(tf.reduce_sum(y, [1, 2]), {b: np.ones((2, 3, 3, 1), np.float32)})
"""
P["reverse_sequence_and_sequence_mask"] = """
x = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
lens = tf.constant([4, 0, 2], tf.int64)
out["rev"] = run(tf.reverse_sequence(x, lens, seq_axis=1, batch_axis=0))
out["rev_old"] = run(tf.reverse_sequence(tf.transpose(x), [1, 3, 2], seq_dim=0, batch_dim=1))
out["mask"] = run(tf.sequence_mask(lens))
out["mask_maxlen"] = run(tf.sequence_mask([[1, 3], [0, 2]], maxlen=3, dtype=tf.float32))
out["mask_empty"] = run(tf.sequence_mask(tf.zeros([0], tf.int32)))
l = tf.placeholder(tf.int32, [None])
out["mask_fed"] = run(tf.sequence_mask(l, 2), {l: [3, -1]})
"""
P["reverse_sequence_too_long"] = """
x = tf.constant([[1, 2], [3, 4]])
l = tf.placeholder(tf.int32, [2])
out["bad"] = attempt(tf.reverse_sequence(x, l, 1, 0), {l: [3, 1]})
out["neg"] = attempt(tf.reverse_sequence(x, l, 1, 0), {l: [-1, 1]})
"""
# -- a few shape idioms -------------------------------------------------------------------
P["dynamic_shape_reshape_idioms"] = """
x = tf.placeholder(tf.float32, [None, None, 3])
b, t = tf.shape(x)[0], tf.shape(x)[1]
flat = tf.reshape(x, [-1, 3])
back = tf.reshape(flat, [b, t, 3])
out["static"] = [flat.shape.as_list(), back.shape.as_list()]
out["run"] = run([tf.shape(flat), tf.shape(back)], {x: np.zeros((2, 0, 3), np.float32)})
out["last"] = run(x[:, -1, :], {x: np.arange(12, dtype=np.float32).reshape(2, 2, 3)})
"""
P["strided_slice_negative_and_newaxis"] = """
x = tf.constant(np.arange(24).reshape(2, 3, 4))
out["neg_step"] = run(x[::-1, -1, ::-2])
out["newaxis"] = run(tf.shape(x[:, tf.newaxis, ..., 1]))
out["empty"] = run(tf.shape(x[5:, :, 3:1]))
out["ellipsis_end"] = run(x[1, ...])
"""
P["tile_repeat_and_expand"] = """
x = tf.constant([[1, 2]])
out["tile"] = run(tf.tile(x, [3, 0]))
out["tile64"] = run(tf.tile(x, tf.constant([2, 2], tf.int64)))
out["repeat"] = run(tf.repeat(tf.constant([1, 2, 3]), [2, 0, 1]))
out["expand"] = run(tf.shape(tf.expand_dims(x, -1)))
out["squeeze_err"] = raises(lambda: tf.squeeze(x, [1]))
"""
P["where_one_and_three_args"] = """
c = tf.constant([[True, False], [False, True]])
out["coords"] = run(tf.where(c))
out["select"] = run(tf.where(c, tf.ones([2, 2]), tf.zeros([2, 2])))
out["vector_cond"] = run(tf.where([True, False], tf.ones([2, 3]), -tf.ones([2, 3])))
out["v2"] = run(tf.where_v2([True, False, True], 1.0, tf.zeros([2, 3])))
e = tf.placeholder(tf.bool, [None])
out["empty"] = run(tf.where(e), {e: []})
"""
P["cumsum_exclusive_reverse"] = """
x = tf.constant([[1, 2, 3], [4, 5, 6]])
out["excl"] = run(tf.cumsum(x, axis=1, exclusive=True))
out["rev"] = run(tf.cumsum(x, axis=-1, reverse=True))
out["both"] = run(tf.cumprod(x, 0, exclusive=True, reverse=True))
xf = tf.constant([1.0, 2.0, 3.0])
out["grad"] = run(tf.gradients(tf.reduce_sum(tf.cumsum(xf, exclusive=True) * xf), xf)[0])
"""
P["range_linspace_edge"] = """
out["empty"] = raises(lambda: tf.range(5, 1))
out["empty_fed"] = attempt(tf.range(tf.placeholder_with_default(5, []), 1))
out["neg"] = run(tf.range(5, 1, -2))
out["float"] = run(tf.range(0.0, 1.0, 0.3))
out["lin1"] = run(tf.linspace(2.0, 5.0, 1))
out["lin"] = run(tf.lin_space(0.0, 1.0, 5))
out["int64"] = run(tf.range(tf.constant(3, tf.int64)))
"""
P["split_num_and_sizes"] = """
x = tf.constant(np.arange(10).reshape(2, 5))
out["sizes"] = run(tf.split(x, [1, -1, 2], axis=1))
out["num"] = run(tf.split(x, 2, 0))
out["bad"] = raises(lambda: tf.split(x, 3, axis=1))
out["unstack"] = run(tf.unstack(x, axis=-1)[4])
"""
P["nn_moments_and_l2_normalize"] = """
x = tf.constant([[1.0, 2.0], [3.0, 6.0]])
m, v = tf.nn.moments(x, axes=[0])
out["moments"] = run([m, v])
mk, vk = tf.nn.moments(x, [0, 1], keep_dims=True)
out["moments_keep"] = run([mk, vk])
out["l2"] = run(tf.nn.l2_normalize(x, axis=1))
out["l2_zero"] = run(tf.nn.l2_normalize(tf.zeros([2]), 0))
out["l2_dim"] = run(tf.nn.l2_normalize(x, dim=0, epsilon=100.0))
"""

# -- second round: gradients and edges of the same idioms ---------------------------------
P["dynamic_partition_gradient_empty_part"] = """
x = tf.placeholder(tf.float32, [None])
p = tf.placeholder(tf.int32, [None])
a, b, c = tf.dynamic_partition(x, p, 3)
loss = tf.reduce_sum(a * 2.0) + tf.reduce_sum(c * c)
g = tf.gradients(loss, x)[0]
out["run"] = run([a, b, c, g], {x: [1.0, 2.0, 3.0], p: [0, 2, 0]})
out["empty"] = run([a, g], {x: [], p: []})
"""
P["unsorted_segment_max_ties_gradient"] = """
data = tf.constant([3.0, 1.0, 3.0, 2.0, 5.0])
ids = tf.constant([0, 0, 0, 2, -1])
m = tf.unsorted_segment_max(data, ids, 4)
out["max"] = run(m)
out["grad"] = run(tf.gradients(tf.reduce_sum(m * tf.constant([1.0, 2.0, 3.0, 4.0])), data)[0])
mn = tf.unsorted_segment_min(data, ids, 4)
out["min_grad"] = run(tf.gradients(tf.reduce_sum(mn), data)[0])
pd = tf.constant([2.0, 0.0, 3.0, 4.0])
pr = tf.unsorted_segment_prod(pd, [0, 0, 1, 1], 2)
out["prod_grad"] = run(tf.gradients(tf.reduce_sum(pr), pd)[0])
"""
P["segment_max_gap_and_sparse_segment"] = """
data = tf.constant([1.0, 5.0, 2.0])
out["max_gap"] = run(tf.math.segment_max(data, [0, 0, 2]))
out["min_gap"] = run(tf.math.segment_min(data, [1, 1, 1]))
out["prod_gap"] = run(tf.math.segment_prod(data, [0, 2, 2]))
m = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
out["sparse_sum"] = run(tf.sparse.segment_sum(m, [0, 2, 2], [0, 0, 1]))
out["sparse_mean"] = run(tf.sparse.segment_mean(m, tf.constant([2, 0], tf.int64), [0, 1]))
out["sparse_sqrtn"] = run(tf.sparse.segment_sqrt_n(m, [0, 1, 2], [0, 0, 0]))
out["sparse_num"] = run(tf.sparse.segment_sum(m, [1], [2], num_segments=4))
g = tf.gradients(tf.reduce_sum(tf.sparse.segment_mean(m, [0, 2, 2], [0, 0, 1])), m)[0]
out["grad"] = run(tf.convert_to_tensor(g))
"""
P["gather_batch_dims_gradient"] = """
params = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
idx = tf.constant([[2, 2, 0], [1, 0, 0]])
y = tf.gather(params, idx, batch_dims=1)
g = tf.gradients(tf.reduce_sum(y * tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])), params)[0]
out["run"] = run([y, tf.convert_to_tensor(g)])
z = tf.gather_nd(params, tf.constant([[1], [0]]), batch_dims=1)
gz = tf.gradients(tf.reduce_sum(z * 3.0), params)[0]
out["nd"] = run([z, tf.convert_to_tensor(gz)])
"""
P["gather_axis1_gradient_negative_axis"] = """
x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
y = tf.gather(x, tf.constant([3, 0, 3], tf.int64), axis=-1)
g = tf.gradients(tf.reduce_sum(y * y), x)[0]
out["run"] = run([y, g])
"""
P["scatter_nd_errors"] = """
i = tf.placeholder(tf.int32, [None, 1])
s = tf.scatter_nd(i, tf.ones([2]), [3])
out["oob"] = attempt(s, {i: [[0], [3]]})
out["neg"] = attempt(s, {i: [[-1], [0]]})
t = tf.tensor_scatter_nd_update(tf.zeros([3]), i, tf.ones([2]))
out["upd_oob"] = attempt(t, {i: [[0], [5]]})
out["upd_max"] = run(tf.tensor_scatter_nd_max(tf.constant([1, 5, 3]), [[0], [1], [0]], [4, 2, 9]))
"""
P["tensor_scatter_nd_update_gradient"] = """
t = tf.constant([1.0, 2.0, 3.0, 4.0])
u = tf.constant([10.0, 20.0])
y = tf.tensor_scatter_nd_update(t, [[1], [3]], u)
g = tf.gradients(tf.reduce_sum(y * tf.constant([1.0, 2.0, 3.0, 4.0])), [t, u])
out["run"] = run([y] + g)
ya = tf.tensor_scatter_nd_add(t, [[1], [1]], u)
out["add_grad"] = run(tf.gradients(tf.reduce_sum(ya * ya), [t, u]))
"""
P["scatter_add_variable_duplicates"] = """
v = tf.Variable([0.0, 0.0, 0.0], use_resource=False)
a = tf.scatter_add(v, [0, 2, 0], [1.0, 2.0, 3.0])
s = tf.scatter_sub(v, tf.constant([1], tf.int64), [5.0])
m = tf.scatter_mul(v, [0, 0], [2.0, 3.0])
nd = tf.scatter_nd_add(v, [[2], [2]], [1.0, 1.0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["add"] = sess.run(a).tolist()
    out["sub"] = sess.run(s).tolist()
    out["mul"] = sess.run(m).tolist()
    out["nd"] = sess.run(nd).tolist()
    out["oob"] = raises(lambda: sess.run(tf.scatter_update(v, [3], [1.0])))
"""
P["embedding_lookup_sparse_empty_rows"] = """
params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
ids = tf.SparseTensor([[0, 0], [2, 0], [2, 1]], tf.constant([1, 2, 2], tf.int64), [4, 2])
w = tf.SparseTensor([[0, 0], [2, 0], [2, 1]], [0.5, 1.0, 3.0], [4, 2])
out["mean"] = run(tf.nn.embedding_lookup_sparse(params, ids, w, combiner="mean"))
out["sqrtn"] = run(tf.nn.embedding_lookup_sparse(params, ids, None, combiner="sqrtn"))
out["max_norm"] = run(tf.nn.embedding_lookup_sparse(params, ids, None, combiner="sum",
                                                   max_norm=2.0))
pv = tf.Variable(params)
loss = tf.reduce_sum(tf.nn.embedding_lookup_sparse(pv, ids, w, combiner="sum"))
g = tf.gradients(loss, pv)[0]
out["grad"] = run(tf.convert_to_tensor(g), init=True)
out["safe"] = run(tf.nn.safe_embedding_lookup_sparse(pv, ids, w, combiner="mean"), init=True)
"""
P["sparse_ops_more"] = """
sp = tf.SparseTensor([[0, 0], [1, 2], [2, 1]], [1.0, -2.0, 3.0], [3, 3])
out["softmax"] = run(tf.sparse.softmax(sp).values)
out["add"] = run(tf.sparse.to_dense(tf.sparse.add(sp, sp)))
out["dense_add"] = run(tf.sparse.add(tf.ones([3, 3]), sp))
out["matmul"] = run(tf.sparse.sparse_dense_matmul(sp, tf.ones([3, 2]), adjoint_a=True))
out["retain"] = run(tf.sparse.retain(sp, [True, False, True]).values)
fe, empty_rows = tf.sparse.fill_empty_rows(tf.SparseTensor([[1, 0]], [7], [3, 2]), -1)
out["fill_empty"] = run([fe.indices, fe.values, empty_rows])
out["slice"] = run(tf.sparse.slice(sp, [1, 0], [2, 2]).indices)
out["transpose"] = run(tf.sparse.to_dense(tf.sparse.transpose(sp)))
out["reshape"] = run(tf.sparse.reshape(sp, [9, -1]).indices)
out["max_empty"] = run(tf.sparse.reduce_max(tf.SparseTensor(tf.zeros([0, 2], tf.int64),
    tf.zeros([0]), [2, 2]), 1))
"""
P["sparse_tensor_to_dense_duplicate_index"] = """
sp = tf.SparseTensor([[0, 1], [0, 1]], [1, 2], [2, 2])
out["dup"] = attempt(tf.sparse.to_dense(sp))
out["oob"] = attempt(tf.sparse.to_dense(tf.SparseTensor([[2, 0]], [1], [2, 2])))
out["sparse_to_dense"] = run(tf.sparse_to_dense([[0, 0], [1, 1]], [2, 3], [5, 6], -1))
out["sparse_to_dense_scalar"] = run(tf.sparse_to_dense([1, 3], [5], 1.0))
"""
P["one_hot_dtypes_and_float_indices_refused"] = """
out["bool"] = raises(lambda: tf.one_hot([1, 0], 2, dtype=tf.bool))
out["bool_on_off"] = run(tf.one_hot([1, 0], 2, True, False, dtype=tf.bool))
out["on_only"] = run(tf.one_hot([1, 0], 2, on_value=3.0))
out["uint8"] = run(tf.one_hot(tf.constant([1, 2], tf.uint8), 3))
out["float_idx"] = raises(lambda: tf.one_hot([1.0], 2))
out["depth0"] = run(tf.one_hot([1, 0], 0))
d = tf.placeholder(tf.int32, [])
out["fed_depth"] = run(tf.one_hot([1, 3], d), {d: 4})
"""
P["unique_axis_and_setdiff"] = """
x = tf.constant([[1, 2], [3, 4], [1, 2]])
y, i = tf.unique(tf.constant([b"b", b"a", b"b"]))
out["strings"] = [run(y), run(i)]
sd, si = tf.setdiff1d([4, 1, 2, 4, 3], [2, 5])
out["setdiff"] = run([sd, si])
out["bincount"] = run(tf.bincount([1, 1, 3], weights=[0.5, 1.0, 2.0], minlength=5))
out["bincount_max"] = run(tf.bincount([1, 4, 3], maxlength=3))
out["bincount_empty"] = run(tf.bincount(tf.zeros([0], tf.int32)))
"""
P["unique_v2_axis_raw_op"] = """
x = tf.constant([[1, 2], [3, 4], [1, 2]])
y, idx = tf.raw_ops.UniqueV2(x=x, axis=[0])
out["axis0"] = run([y, idx])
"""
P["top_k_gradient_ties_and_in_top_k"] = """
x = tf.constant([[1.0, 3.0, 3.0, 2.0]])
v, i = tf.nn.top_k(x, 2)
out["grad"] = run(tf.gradients(tf.reduce_sum(v * [[1.0, 10.0]]), x)[0])
out["unsorted"] = run(list(tf.nn.top_k(x, 3, sorted=False)))
pred = tf.constant([[0.1, 0.5, 0.5], [0.3, 0.3, 0.3]])
out["in_top_k"] = run(tf.nn.in_top_k(pred, tf.constant([2, 0], tf.int64), 1))
out["in_top_k_oob"] = run(tf.nn.in_top_k(pred, [3, 0], 1))
out["sort"] = run(tf.argsort([3, 1, 3, 1], stable=True, direction="DESCENDING"))
out["nan_top"] = run(list(tf.nn.top_k([1.0, np.nan, 2.0], 2)))
"""
P["argmax_edges"] = """
out["int_ties"] = run(tf.argmax(tf.constant([[2, 2], [1, 3]]), 1))
out["neg_axis"] = run(tf.argmin(tf.constant([[2, 2], [1, 3]]), -2))
out["inf"] = run(tf.argmax([-np.inf, -np.inf]))
out["bool"] = run(tf.argmax(tf.constant([False, True, True])))
e = tf.placeholder(tf.float32, [None])
out["empty"] = attempt(tf.argmax(e), {e: []})
out["all_nan"] = run(tf.argmin([np.nan, np.nan]))
out["neg_zero"] = run(tf.argmax([-0.0, 0.0]))
"""
P["clip_by_value_and_norm_edges"] = """
x = tf.constant([[-3.0, 0.5], [7.0, np.nan]])
out["value"] = run(tf.clip_by_value(x, -1.0, 1.0))
out["value_tensor_bounds"] = run(tf.clip_by_value(x, [[0.0, 0.0], [0.0, 0.0]], 2.0))
g = tf.gradients(tf.reduce_sum(tf.clip_by_value(x, -3.0, 1.0)), x)[0]
out["grad"] = run(g)
out["avg_norm"] = run(tf.clip_by_average_norm(tf.constant([3.0, 4.0]), 1.0))
out["norm_int"] = raises(lambda: tf.clip_by_norm(tf.constant([3, 4]), 1))
out["global_norm"] = run(tf.global_norm([tf.constant([3.0]), None, tf.constant([[4.0]])]))
"""
P["xent_losses_more"] = """
labels = tf.constant([[0.0, 1.0], [0.3, 0.7]])
logits = tf.constant([[1.0, 2.0], [-1.0, 0.5]])
l = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
out["v2_grad_labels"] = run(tf.gradients(tf.reduce_sum(l), labels)[0])
out["weighted"] = run(tf.nn.weighted_cross_entropy_with_logits(labels, logits, 2.0))
out["sigmoid"] = run(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))
out["log_loss"] = run(tf.losses.log_loss(labels, tf.sigmoid(logits), epsilon=1e-3))
out["hinge"] = run(tf.losses.hinge_loss(tf.constant([[1.0], [0.0]]), tf.constant([[0.2], [0.5]])))
out["cosine"] = run(tf.losses.cosine_distance(tf.nn.l2_normalize(labels, 1),
                                              tf.nn.l2_normalize(logits, 1), axis=1))
out["mpse"] = run(tf.losses.mean_pairwise_squared_error(labels, logits))
"""
P["sparse_xent_shape_errors"] = """
logits = tf.placeholder(tf.float32, [None, 3])
lab = tf.placeholder(tf.int32, [None])
l = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=lab, logits=logits)
out["empty"] = run(l, {logits: np.zeros((0, 3), np.float32), lab: []})
out["mismatch"] = attempt(l, {logits: np.zeros((2, 3), np.float32), lab: [0]})
out["rank_err"] = raises(lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=tf.constant([[0]]), logits=tf.constant([1.0, 2.0])))
l3 = tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=tf.constant([[0, 1]], tf.int64), logits=tf.constant([[[1.0, 2.0], [0.0, 0.0]]]))
out["rank3"] = run(l3)
"""
P["metrics_more"] = """
labels = tf.constant([0, 1, 2, 1])
pred = tf.constant([0, 2, 2, 1])
pc, pcu = tf.metrics.mean_per_class_accuracy(labels, pred, 3)
mae, maeu = tf.metrics.mean_absolute_error(tf.constant([1.0, 2.0]), tf.constant([1.5, 1.0]),
                                           weights=[1.0, 3.0])
tp, tpu = tf.metrics.true_positives(tf.constant([1, 0, 1]), tf.constant([1, 1, 1]))
rk, rku = tf.metrics.recall_at_k(tf.constant([[1], [2]], tf.int64),
                                 tf.constant([[0.1, 0.8, 0.1], [0.5, 0.3, 0.2]]), 2)
cm = tf.math.confusion_matrix(labels, pred, num_classes=4, weights=[1, 2, 3, 4])
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    sess.run([pcu, maeu, tpu, rku])
    out["run"] = [np.asarray(v).tolist() for v in sess.run([pc, mae, tp, rk, cm])]
"""
P["learning_rate_schedules"] = """
step = tf.placeholder(tf.int32, [])
schedules = {
    "poly": tf.train.polynomial_decay(0.1, step, 10, 0.01, power=2.0),
    "poly_cycle": tf.train.polynomial_decay(0.1, step, 10, 0.01, cycle=True),
    "inverse": tf.train.inverse_time_decay(0.1, step, 5, 0.5, staircase=True),
    "natural": tf.train.natural_exp_decay(0.1, step, 5, 0.5),
    "cosine": tf.train.cosine_decay(0.1, step, 10, alpha=0.1),
    "restarts": tf.train.cosine_decay_restarts(0.1, step, 4),
}
for name, lr in schedules.items():
    out[name] = [run(lr, {step: s}) for s in (0, 5, 12)]
"""
P["while_loop_maximum_iterations_gradient"] = """
x = tf.constant(2.0)
i, y = tf.while_loop(lambda i, y: y < 1000.0, lambda i, y: (i + 1, y * y), (0, x),
                     maximum_iterations=2)
out["run"] = run([i, y])
out["grad"] = run(tf.gradients(y, x)[0])
n = tf.placeholder(tf.int32, [])
_, z = tf.while_loop(lambda i, z: i < n, lambda i, z: (i + 1, z * x), (0, tf.constant(1.0)),
                     back_prop=True, parallel_iterations=1)
out["pow"] = run([z, tf.gradients(z, x)[0]], {n: 3})
out["pow0"] = run([z, tf.gradients(z, x)[0]], {n: 0})
"""
P["tensor_array_read_twice_and_concat"] = """
ta = tf.TensorArray(tf.float32, size=2)
ta = ta.write(0, [1.0, 2.0]).write(1, [3.0, 4.0])
r = ta.read(0)
out["twice"] = attempt([r, ta.read(0)])
ta2 = tf.TensorArray(tf.float32, size=2, clear_after_read=False)
ta2 = ta2.write(0, [1.0]).write(1, [2.0])
out["twice_ok"] = run([ta2.read(0), ta2.read(0)])
out["concat"] = run(ta2.concat())
ta3 = tf.TensorArray(tf.float32, size=0, dynamic_size=True, element_shape=[2])
out["empty_stack"] = run(ta3.stack())
out["write_twice"] = attempt(tf.TensorArray(tf.float32, 1).write(0, 1.0).write(0, 2.0).stack())
"""
P["tensor_array_gradient_in_loop"] = """
x = tf.constant([1.0, 2.0, 3.0])
ta = tf.TensorArray(tf.float32, size=3).unstack(x)
out_ta = tf.TensorArray(tf.float32, size=3)
def body(i, acc, o):
    acc = acc + ta.read(i) * acc
    return i + 1, acc, o.write(i, acc)
_, acc, o = tf.while_loop(lambda i, a, o: i < 3, body, [0, tf.constant(1.0), out_ta])
s = o.stack()
out["run"] = run(s)
out["grad"] = run(tf.gradients(tf.reduce_sum(s), x)[0])
"""
P["map_fn_over_sparse_like_and_int64"] = """
x = tf.constant([[1, 2], [3, 4]], tf.int64)
y = tf.map_fn(lambda r: tf.reduce_max(r), x)
out["int64"] = run(y)
z = tf.map_fn(lambda r: tf.strings.as_string(r[0]), x, dtype=tf.string)
out["strings"] = run(z)
s = tf.map_fn(lambda t: t[0] * tf.cast(t[1], tf.float32), (tf.constant([1.0, 2.0]), x[:, 0]),
              dtype=tf.float32)
out["tuple_in"] = run(s)
w = tf.map_fn(lambda r: tf.range(r), tf.constant([2, 2]))
out["ragged_same"] = run(w)
"""
P["scan_over_matrix_rows_with_gradient"] = """
x = tf.placeholder(tf.float32, [None, 2])
h0 = tf.zeros([2])
W = tf.constant([[0.5, -1.0], [1.0, 0.5]])
hs = tf.scan(lambda h, r: tf.tanh(tf.linalg.matvec(W, h) + r), x, initializer=h0)
g = tf.gradients(tf.reduce_sum(hs), [x, W])
out["run"] = run([hs] + g, {x: [[1.0, 0.0], [0.5, -0.5], [0.0, 2.0]]})
out["empty"] = run(hs, {x: np.zeros((0, 2), np.float32)})
"""
P["image_ops_more"] = """
img = tf.constant(np.arange(24, dtype=np.float32).reshape(1, 4, 3, 2))
out["crop_pad"] = run(tf.image.resize_image_with_crop_or_pad(img, 2, 5))
out["pad_to"] = run(tf.shape(tf.image.pad_to_bounding_box(img, 1, 0, 6, 4)))
out["crop_box"] = run(tf.image.crop_to_bounding_box(img, 1, 1, 2, 2))
out["central"] = run(tf.image.central_crop(img[0], 0.5))
out["flip"] = run(tf.image.flip_left_right(img)[0, :, :, 0])
out["crop_and_resize"] = run(tf.image.crop_and_resize(img, [[0.0, 0.0, 1.0, 1.0],
    [0.25, 0.5, 0.75, 1.5]], [0, 0], [2, 3]))
out["rot90"] = run(tf.image.rot90(img[0], k=3)[:, :, 0])
out["aspect"] = run(tf.shape(tf.image.resize_images(img, [8, 8], preserve_aspect_ratio=True)))
"""
P["pad_gradient_and_dynamic_paddings"] = """
x = tf.placeholder(tf.float32, [None, 3])
p = tf.placeholder(tf.int32, [2, 2])
y = tf.pad(x, p, "SYMMETRIC")
g = tf.gradients(tf.reduce_sum(y * y), x)[0]
out["run"] = run([y, g], {x: [[1.0, 2.0, 3.0]], p: [[1, 0], [3, 2]]})
out["static"] = y.shape.as_list()
out["neg"] = attempt(tf.pad(x, p), {x: [[1.0, 2.0, 3.0]], p: [[0, 0], [-1, 0]]})
"""
P["conv2d_transpose_more"] = """
x = tf.constant(np.arange(1, 5, dtype=np.float32).reshape(1, 2, 2, 1))
w = tf.constant(np.arange(1, 10, dtype=np.float32).reshape(3, 3, 1, 1))
out["s1_same"] = run(tf.nn.conv2d_transpose(x, w, [1, 2, 2, 1], [1, 1, 1, 1], "SAME"))
out["s2_valid"] = run(tf.nn.conv2d_transpose(x, w, [1, 5, 5, 1], [1, 2, 2, 1], "VALID"))
out["s2_valid_6"] = run(tf.nn.conv2d_transpose(x, w, [1, 6, 6, 1], [1, 2, 2, 1], "VALID"))
out["s3_same_6"] = run(tf.nn.conv2d_transpose(x, w, [1, 6, 6, 1], 3, "SAME"))
g = tf.gradients(tf.reduce_sum(tf.nn.conv2d_transpose(x, w, [1, 5, 5, 1], [1, 2, 2, 1],
    "VALID") ** 2), [x, w])
out["grad"] = run(g)
out["layer_shape"] = tf.layers.conv2d_transpose(tf.zeros([1, 3, 3, 2]), 4, 3, strides=2,
    padding="same").shape.as_list()
"""
P["extract_patches_same_odd_and_depth"] = """
img = tf.constant(np.arange(1, 31, dtype=np.float32).reshape(1, 3, 5, 2))
out["same"] = run(tf.extract_image_patches(img, [1, 2, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1],
                                           "SAME"))
out["rate_same"] = run(tf.extract_image_patches(img, [1, 2, 2, 1], [1, 1, 2, 1],
                                                [1, 2, 1, 1], "SAME"))
out["empty"] = run(tf.shape(tf.extract_image_patches(img, [1, 4, 1, 1], [1, 1, 1, 1],
                                                     [1, 1, 1, 1], "VALID")))
"""
P["reverse_sequence_gradient_and_mask_uses"] = """
x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
lens = tf.placeholder(tf.int64, [None])
y = tf.reverse_sequence(x, lens, 1, 0)
g = tf.gradients(tf.reduce_sum(y * tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])), x)[0]
out["run"] = run([y, g], {lens: [2, 3]})
m = tf.sequence_mask(lens, tf.shape(x)[1], dtype=tf.float32)
out["masked_mean"] = run(tf.reduce_sum(x * m, 1) / tf.reduce_sum(m, 1), {lens: [1, 3]})
out["mask_shape"] = m.shape.as_list()
out["mask_scalar"] = run(tf.sequence_mask(2, 4))
"""
P["einsum_more"] = """
a = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
out["bcast"] = run(tf.einsum("ij,j->i", a, tf.constant([1.0, 0.0, -1.0])))
sq = tf.reshape(tf.range(4.0), [2, 2])
out["repeat_in"] = run(tf.einsum("ii,i->i", sq, tf.constant([1.0, 2.0])))
out["three"] = run(tf.einsum("ij,jk,kl->il", a, tf.ones([3, 2]), tf.ones([2, 1])))
out["ell_bcast"] = run(tf.einsum("...j,...j->...", tf.ones([2, 1, 3]), tf.ones([4, 3])))
out["int"] = run(tf.einsum("ij,jk->ik", tf.constant([[1, 2]]), tf.constant([[3], [4]])))
out["spaces"] = run(tf.einsum("i j , j k -> i k", a, tf.ones([3, 1])))
out["bad"] = raises(lambda: tf.einsum("ij,jk->ik", a, tf.ones([2, 2])))
m = tf.reshape(tf.range(4.0), [2, 2])
out["diag_grad"] = run(tf.gradients(tf.reduce_sum(tf.einsum("ii->i", m) ** 2), m)[0])
"""
P["matmul_edges"] = """
a = tf.placeholder(tf.float32, [None, 0])
out["inner0"] = run(tf.matmul(a, tf.zeros([0, 3])), {a: np.zeros((2, 0), np.float32)})
out["int"] = run(tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]])))
out["vec_err"] = raises(lambda: tf.matmul(tf.ones([3]), tf.ones([3, 1])))
b = tf.placeholder(tf.float32, None)
out["unknown_rank"] = run(tf.matmul(b, b, transpose_b=True), {b: [[1.0, 2.0]]})
x = tf.constant(np.arange(8, dtype=np.float32).reshape(2, 2, 2))
y = tf.constant(np.arange(4, dtype=np.float32).reshape(1, 2, 2))
g = tf.gradients(tf.reduce_sum(tf.matmul(x, y, transpose_a=True)), [x, y])
out["bcast_grad"] = run(g)
out["sparse_flags"] = run(tf.matmul([[1.0, 0.0]], [[2.0], [3.0]], a_is_sparse=True))
"""
P["reduce_more_idioms"] = """
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
out["axis_tensor"] = run(tf.reduce_sum(x, tf.constant([-1], tf.int64)))
out["dup_axes"] = raises(lambda: run(tf.reduce_sum(x, [0, 0])))
out["std"] = run(tf.math.reduce_std(x, 0))
out["var_keep"] = run(tf.math.reduce_variance(x, keepdims=True))
out["euclid"] = run(tf.math.reduce_euclidean_norm(x, 1))
out["count_nz"] = run(tf.count_nonzero(tf.constant([[0, 1], [2, 0]]), axis=0))
out["count_nz_keep"] = run(tf.count_nonzero(x - 2.0, keep_dims=True))
out["int_mean"] = run(tf.reduce_mean(tf.constant([1, 2])))
out["all_empty"] = run(tf.reduce_all(tf.zeros([0], tf.bool)))
a = tf.placeholder(tf.int32, [None])
out["fed_axes"] = run(tf.reduce_mean(x, a), {a: []})
"""
P["control_flow_group_tuple_no_op"] = """
v = tf.Variable(1.0)
w = tf.Variable(2.0)
g = tf.group(tf.assign(v, 10.0), tf.assign(w, 20.0))
a, b = tf.tuple([v * 1.0, w * 1.0], control_inputs=[g])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["group"] = sess.run(g)
    out["tuple"] = [float(t) for t in sess.run([a, b])]
    sess.run(tf.global_variables_initializer())
    with tf.control_dependencies(None):
        c = tf.identity(v)
    out["cleared"] = float(sess.run(c))
    out["no_op"] = sess.run(tf.no_op())
"""
P["case_and_switch_case"] = """
x = tf.placeholder(tf.int32, [])
r = tf.case([(tf.less(x, 0), lambda: tf.constant(-1)), (tf.equal(x, 0), lambda: tf.constant(0))],
            default=lambda: tf.constant(1), exclusive=True)
out["case"] = [run(r, {x: v}) for v in (-5, 0, 3)]
s = tf.switch_case(x, [lambda: tf.constant(10), lambda: tf.constant(20)],
                   default=lambda: tf.constant(99))
out["switch"] = [run(s, {x: v}) for v in (0, 1, 7, -1)]
c = tf.case({tf.greater(x, 0): lambda: tf.constant(5)}, default=lambda: tf.constant(6))
out["dict"] = run(c, {x: 1})
"""
P["cond_with_nested_outputs_and_gradient"] = """
x = tf.constant(3.0)
p = tf.placeholder(tf.bool, [])
r = tf.cond(p, lambda: {"a": x * x, "b": (x, x + 1.0)}, lambda: {"a": -x, "b": (x, x)})
g = tf.gradients(r["a"] + r["b"][1], x)[0]
out["t"] = run([r["a"], r["b"][1], g], {p: True})
out["f"] = run([r["a"], r["b"][1], g], {p: False})
out["strict_is_list"] = isinstance(tf.cond(p, lambda: [x], lambda: [x], strict=True), list)
out["unpacked_is_list"] = isinstance(tf.cond(p, lambda: [x], lambda: [x]), list)
"""
P["variables_initializer_order_and_initialized_value"] = """
a = tf.Variable(tf.random_uniform([2], seed=1) * 0 + 2.0)
b = tf.Variable(a.initialized_value() * 3.0)
c = tf.get_variable("c", initializer=tf.constant([1, 2]), dtype=tf.int32)
d = tf.get_variable("d", [2], initializer=tf.zeros_initializer(), trainable=False)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["b"] = sess.run(b).tolist()
    out["c"] = sess.run(c).tolist()
    out["uninit"] = [x.decode() for x in sess.run(tf.report_uninitialized_variables())]
out["trainable"] = [v.name for v in tf.trainable_variables()]
out["is_init"] = raises(lambda: tf.Session().run(a))
"""

# -- third round: arithmetic, gradients' classic traps, strings and shapes -----------------
P["where_nan_gradient_trap"] = """
x = tf.constant([4.0, 0.0, -1.0])
y = tf.where(x > 0, tf.sqrt(x), tf.zeros_like(x))
out["naive"] = run(tf.gradients(tf.reduce_sum(y), x)[0])
safe = tf.where(x > 0, x, tf.ones_like(x))
y2 = tf.where(x > 0, tf.sqrt(safe), tf.zeros_like(x))
out["safe"] = run(tf.gradients(tf.reduce_sum(y2), x)[0])
out["norm_zero"] = run(tf.gradients(tf.norm(x * 0.0), x)[0])
"""
P["gradients_unconnected_and_integers"] = """
x = tf.constant([1.0, 2.0])
y = tf.constant([3.0])
i = tf.constant([1, 2])
out["none"] = tf.gradients(x * 2.0, y)[0] is None
out["zero"] = run(tf.gradients(x * 2.0, y, unconnected_gradients="zero")[0])
out["int"] = tf.gradients(tf.cast(i, tf.float32) * x, i)[0] is None
out["stop"] = run(tf.gradients(tf.stop_gradient(x) * x, x)[0])
out["hessian"] = run(tf.hessians(tf.reduce_sum(x ** 3), x)[0])
out["grad_ys"] = run(tf.gradients(x * x, x, grad_ys=tf.constant([10.0, 100.0]))[0])
"""
P["integer_division_and_mod_signs"] = """
a = tf.constant([7, -7, 7, -7])
b = tf.constant([2, 2, -2, -2])
out["floordiv"] = run(a // b)
out["mod"] = run(a % b)
out["truncdiv"] = run(tf.truncatediv(a, b))
out["truncmod"] = run(tf.truncatemod(a, b))
out["div"] = run(tf.div(a, b))
out["fmod"] = run(tf.floormod(tf.constant([7.5, -7.5]), tf.constant([2.0, 2.0])))
out["truediv"] = run(tf.truediv(a, b))
z = tf.placeholder(tf.int32, [None])
out["by_zero"] = attempt(a[:1] // z, {z: [0]})
out["float_zero"] = run(tf.constant([1.0, -1.0, 0.0]) / 0.0)
"""
P["cast_and_round_edges"] = """
out["trunc"] = run(tf.cast(tf.constant([-1.7, 1.7, -0.5]), tf.int32))
out["round"] = run(tf.round(tf.constant([0.5, 1.5, 2.5, -0.5, -1.5])))
out["rint"] = run(tf.rint(tf.constant([0.5, 1.5, -2.5])))
out["bool"] = run(tf.cast(tf.constant([0.0, -0.0, 0.1, np.nan]), tf.bool))
out["from_bool"] = run(tf.cast(tf.constant([True, False]), tf.float32))
out["uint8_wrap"] = run(tf.cast(tf.constant([255, 256, -1]), tf.uint8))
out["to_int64"] = run(tf.to_int64(tf.constant([3.9])))
"""
P["softmax_axes_and_infinities"] = """
x = tf.constant([[1.0, 2.0], [3.0, -np.inf]])
out["axis0"] = run(tf.nn.softmax(x, axis=0))
out["dim"] = run(tf.nn.softmax(x, dim=-1))
out["log"] = run(tf.nn.log_softmax(x))
out["all_inf"] = run(tf.nn.softmax(tf.constant([-np.inf, -np.inf])))
out["lse"] = run(tf.reduce_logsumexp(tf.constant([[-np.inf, -np.inf], [1000.0, 1000.0]]), 1))
out["xent_dim0"] = run(tf.nn.softmax_cross_entropy_with_logits_v2(
    labels=tf.constant([[1.0, 0.0], [0.0, 1.0]]), logits=tf.constant([[1.0, 2.0], [3.0, 4.0]]),
    axis=0))
"""
P["activations_at_boundaries"] = """
x = tf.constant([-1.0, 0.0, 6.0, 7.0])
out["relu6_grad"] = run(tf.gradients(tf.reduce_sum(tf.nn.relu6(x)), x)[0])
out["relu_grad"] = run(tf.gradients(tf.reduce_sum(tf.nn.relu(x)), x)[0])
out["leaky"] = run(tf.nn.leaky_relu(x, alpha=0.3))
out["leaky_grad"] = run(tf.gradients(tf.reduce_sum(tf.nn.leaky_relu(x, 0.3)), x)[0])
out["softplus_big"] = run(tf.nn.softplus(tf.constant([100.0, -100.0, 0.0])))
out["abs_grad"] = run(tf.gradients(tf.reduce_sum(tf.abs(x)), x)[0])
out["l2_loss"] = run(tf.nn.l2_loss(x))
out["sigmoid_xent_big"] = run(tf.nn.sigmoid_cross_entropy_with_logits(
    labels=tf.constant([1.0, 0.0]), logits=tf.constant([-1000.0, 1000.0])))
"""
P["dense_on_3d_and_unknown_batch"] = """
x = tf.placeholder(tf.float32, [None, None, 3])
y = tf.layers.dense(x, 2, kernel_initializer=tf.ones_initializer(),
                    bias_initializer=tf.constant_initializer(0.5))
out["static"] = y.shape.as_list()
out["run"] = run(y, {x: np.arange(12, dtype=np.float32).reshape(2, 2, 3)}, init=True)
out["empty"] = run(tf.shape(y), {x: np.zeros((0, 4, 3), np.float32)}, init=True)
out["vars"] = [v.name for v in tf.trainable_variables()]
"""
P["conv1d_and_pools_same"] = """
x = tf.constant(np.arange(1, 8, dtype=np.float32).reshape(1, 7, 1))
w = tf.constant([[[1.0]], [[10.0]], [[100.0]]])
out["s2_same"] = run(tf.nn.conv1d(x, w, 2, "SAME"))
out["s1_valid"] = run(tf.nn.conv1d(x, w, stride=1, padding="VALID"))
img = tf.constant(np.arange(1, 26, dtype=np.float32).reshape(1, 5, 5, 1))
out["avg_same"] = run(tf.nn.avg_pool(img, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"))
out["max_same"] = run(tf.nn.max_pool(img, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"))
ties = tf.ones([1, 2, 2, 1])
out["max_tie_grad"] = run(tf.gradients(tf.reduce_sum(tf.nn.max_pool(ties, [1, 2, 2, 1],
    [1, 1, 1, 1], "VALID")), ties)[0])
"""
P["concat_stack_empty_and_errors"] = """
a = tf.zeros([0, 2])
b = tf.ones([1, 2])
out["concat_empty"] = run(tf.concat([a, b, a], 0))
out["concat_neg_axis"] = run(tf.concat([b, b], -1))
out["stack_axis"] = run(tf.stack([[1, 2], [3, 4]], axis=1))
out["stack_none"] = raises(lambda: tf.stack([])) or run(tf.stack([]))
out["stack_none_axis1"] = raises(lambda: tf.stack([], axis=1))
out["concat_one"] = run(tf.concat([b], 0))
out["mismatch"] = raises(lambda: tf.concat([tf.ones([1, 2]), tf.ones([1, 3])], 0))
p = tf.placeholder(tf.float32, [None, None])
out["fed_mismatch"] = attempt(tf.concat([p, b], 0), {p: np.ones((1, 3), np.float32)})
"""
P["string_ops_idioms"] = """
s = tf.constant(["hello", "", "ab"])
out["substr"] = attempt(tf.strings.substr(s, 1, 3))
out["substr_in_range"] = run(tf.strings.substr(s[::2], 1, 3))
out["substr_neg"] = attempt(tf.strings.substr(tf.constant(["hello"]), -2, 2))
out["length"] = run(tf.strings.length(tf.constant(["héllo"]), unit="UTF8_CHAR"))
out["bytes"] = run(tf.strings.length(tf.constant(["héllo"])))
out["join"] = run(tf.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), 1, separator="-"))
out["join_all"] = run(tf.strings.reduce_join(tf.constant(["x", "y"])))
out["num"] = run(tf.string_to_number(tf.constant(["1.5", "-2"])))
out["num_bad"] = attempt(tf.string_to_number(tf.constant(["abc"])))
out["as_string"] = run(tf.as_string(tf.constant([3.14159, 2.0]), precision=2))
out["regex"] = run(tf.regex_replace(tf.constant(["a1b22"]), "[0-9]+", "#"))
out["upper"] = run(tf.strings.upper(tf.constant(["aBc"])))
"""
P["meshgrid_broadcast_shapes"] = """
x = tf.constant([1, 2, 3])
y = tf.constant([10, 20])
X, Y = tf.meshgrid(x, y)
out["xy"] = run([X, Y])
out["ij"] = run(tf.meshgrid(x, y, indexing="ij"))
out["broadcast_to"] = run(tf.broadcast_to(tf.constant([[1], [2]]), [2, 3]))
out["dyn_shape"] = run(tf.broadcast_dynamic_shape(tf.constant([1, 3]), tf.constant([2, 1])))
out["static_shape"] = tf.broadcast_static_shape(tf.TensorShape([None, 1]),
                                                tf.TensorShape([1, 4])).as_list()
out["bad"] = raises(lambda: tf.broadcast_to(tf.constant([1, 2]), [3]))
"""
P["matrix_band_diag_roll"] = """
m = tf.reshape(tf.range(1, 17), [4, 4])
out["lower"] = run(tf.matrix_band_part(m, -1, 0))
out["band"] = run(tf.linalg.band_part(m, 1, 1))
out["diag_part"] = run(tf.linalg.diag_part(m))
out["set_diag"] = run(tf.linalg.set_diag(m, [0, 0, 0, 0]))
out["diag"] = run(tf.matrix_diag([[1, 2], [3, 4]]))
out["roll"] = run(tf.roll(m, shift=[1, -1], axis=[0, 1]))
out["roll_same_axis"] = run(tf.roll(tf.range(5), [2, 1], [0, 0]))
out["trace"] = run(tf.trace(m))
"""
P["histogram_searchsorted"] = """
v = tf.constant([-1.0, 0.0, 1.5, 2.0, 5.0, 9.9, 12.0])
out["hist"] = run(tf.histogram_fixed_width(v, [0.0, 10.0], nbins=5))
out["bins"] = run(tf.histogram_fixed_width_bins(v, [0.0, 10.0], nbins=5))
s = tf.constant([[1, 3, 3, 7]])
out["left"] = run(tf.searchsorted(s, [[3, 0, 8]]))
out["right"] = run(tf.searchsorted(s, [[3, 0, 8]], side="right"))
"""
# TF's kernel subtracts the range's start in double: an int64 near its maximum counts in
# the last bin (graphgate wrapped and refused it), a float32 just below a bin's edge in
# the bin below (graphgate rounded it across in float32); a NaN is refused.
P["histogram_extremes"] = """
big = np.iinfo(np.int64)
i = tf.constant([big.max, big.min, 0, 3, -3, 2**53 + 1], tf.int64)
out["int64"] = run(tf.histogram_fixed_width(i, tf.constant([-2, 5], tf.int64), nbins=5))
out["int64_wide"] = run(
    tf.histogram_fixed_width(i, tf.constant([big.min, big.max], tf.int64), nbins=3)
)
f = tf.constant([-(2.0**-26), -(2.0**-25), 2.0**-30, 3e38, -3e38])
out["float32_edge"] = run(tf.histogram_fixed_width(f, [-1.0, 1.0], nbins=2))
out["float32_wide"] = run(tf.histogram_fixed_width(f, [-3e38, 3e38], nbins=4))
out["nan"] = attempt(tf.histogram_fixed_width(tf.constant([1.0, np.nan]), [0.0, 2.0], nbins=2))
"""
# NaN in a search: TF's std::lower_bound puts a NaN value first, std::upper_bound steps
# over a NaN in the sequence (numpy's searchsorted sorts NaN after every number).
P["searchsorted_nan"] = """
nan = float("nan")
for dtype in (tf.float32, tf.float64):
    s = tf.constant([[-3.06, -0.0, 1.8, 6.88], [1.0, 2.0, nan, nan]], dtype)
    v = tf.constant([[-3.06, -0.0, nan, 0.0, float("inf")], [nan, 2.0, 3.0, 0.5, nan]], dtype)
    for side in ("left", "right"):
        out[dtype.name + "_" + side] = run(tf.searchsorted(s, v, side=side))
"""
# NaN and inf in a running log-sum-exp: TF's step takes min and max as std::min and
# std::max (a NaN loses: it adds log 2), keeps -inf, and makes inf with inf NaN.
P["cumulative_logsumexp_nonfinite"] = """
nan, inf = float("nan"), float("inf")
m = [[1.0, nan, 2.0, inf], [nan, 0.5, -inf, inf], [inf, -inf, nan, 3.0], [-inf, -inf, 1.0, nan]]
for dtype in (tf.float32, tf.float64):
    x = tf.constant(m, dtype)
    out[dtype.name] = run(tf.math.cumulative_logsumexp(x, axis=1))
    out[dtype.name + "_axis0_exclusive"] = run(tf.math.cumulative_logsumexp(x, 0, exclusive=True))
    out[dtype.name + "_reverse"] = run(tf.math.cumulative_logsumexp(x, 1, reverse=True))
    out[dtype.name + "_empty"] = run(tf.math.cumulative_logsumexp(tf.zeros([3, 0], dtype), 0))
"""
# An integer segment mean is C++'s division in the data's dtype: 2^64 - 1 stays itself (it
# went through float64 to 0), sums wrap, quotients truncate toward zero.
P["segment_mean_integers"] = """
ids = tf.constant([0, 1, 2, 2, 3, 3])
u = np.array([[4, 1], [2**64 - 1, 3], [16, 7], [3, 4], [3, 1], [2**64 - 1, 2**64 - 2]], np.uint64)
lo, hi = np.iinfo(np.int64).min, np.iinfo(np.int64).max
i = np.array([[-7, 7], [lo, 5], [-9, 2**62], [-1, 2**62 + 3], [hi, -5], [3, -8]], np.int64)
out["uint64"] = run(tf.math.segment_mean(tf.constant(u), ids))
out["int64"] = run(tf.math.segment_mean(tf.constant(i), ids))
small = tf.constant([[-7, 7], [-9, 5], [8, -3]], tf.int32)
out["int32"] = run(tf.math.segment_mean(small, [0, 0, 1]))
"""
P["weighted_and_normalize_moments"] = """
x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 9.0]])
m, v = tf.nn.weighted_moments(x, [0], tf.constant([[1.0], [0.0], [3.0]]))
out["weighted"] = run([m, v])
counts, sums, sqs, _ = tf.nn.sufficient_statistics(x, [0])
out["suff"] = run([counts, sums, sqs])
nm, nv = tf.nn.normalize_moments(counts, sums, sqs, shift=None)
out["normalize"] = run([nm, nv])
bn = tf.nn.batch_normalization(x, m, v, offset=None, scale=2.0, variance_epsilon=1e-3)
out["bn"] = run(bn)
"""
P["segment_sum_unsorted_ids_error"] = """
d = tf.constant([1.0, 2.0, 3.0])
ids = tf.placeholder(tf.int32, [None])
s = tf.math.segment_sum(d, ids)
out["sorted"] = attempt(s, {ids: [0, 0, 1]})
out["unsorted"] = attempt(s, {ids: [1, 0, 1]})
out["negative"] = attempt(s, {ids: [-1, 0, 0]})
out["short"] = attempt(s, {ids: [0, 0]})
"""
P["variable_scope_reuse_idioms"] = """
def layer(x):
    w = tf.get_variable("w", [2], initializer=tf.constant_initializer(2.0))
    return x * w
with tf.variable_scope("net"):
    a = layer(tf.ones([2]))
with tf.variable_scope("net", reuse=True):
    b = layer(tf.ones([2]) * 3.0)
with tf.variable_scope("net2", reuse=tf.AUTO_REUSE):
    c = layer(tf.ones([2]))
    d = layer(tf.ones([2]))
out["names"] = [v.name for v in tf.global_variables()]
out["run"] = run([a, b, c, d], init=True)
def again():
    with tf.variable_scope("net"):
        layer(tf.ones([2]))
out["no_reuse"] = raises(again)
def missing():
    with tf.variable_scope("nothing", reuse=True):
        layer(tf.ones([2]))
out["missing"] = raises(missing)
"""
P["placeholder_with_default_and_feeds"] = """
x = tf.placeholder_with_default(tf.constant([1.0, 2.0]), [None])
y = x * 2.0
out["default"] = run(y)
out["fed"] = run(y, {x: [5.0]})
c = tf.constant(3.0)
out["feed_constant"] = run(c * 2.0, {c: 10.0})
p = tf.placeholder(tf.float32, [2])
out["wrong_shape"] = raises(lambda: run(p, {p: [1.0]}))
out["missing"] = raises(lambda: run(p * 1.0))
out["feed_intermediate"] = run(y + 1.0, {y: [0.0, 0.0, 0.0]})
"""
P["assign_ops_read_after"] = """
v = tf.Variable([1.0, 2.0], use_resource=False)
a = tf.assign_add(v, [1.0, 1.0])
s = tf.assign_sub(v, [0.5, 0.5], use_locking=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["add"] = sess.run(a).tolist()
    out["sub"] = sess.run(s).tolist()
    out["both"] = [x.tolist() for x in sess.run([v, tf.assign(v, [0.0, 0.0])])][1]
    out["load"] = (v.load([7.0, 8.0], sess), sess.run(v).tolist())[1]
    out["eval"] = v.eval(session=sess).tolist()
"""
P["gather_nd_gradient_duplicates_and_int64"] = """
p = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
idx = tf.constant([[0, 1], [0, 1], [1, 0]], tf.int64)
y = tf.gather_nd(p, idx)
g = tf.gradients(tf.reduce_sum(y * tf.constant([1.0, 2.0, 3.0])), p)[0]
out["run"] = run([y, tf.convert_to_tensor(g)], init=True)
rows = tf.gather_nd(p, tf.constant([[1]]))
out["rows"] = run(rows, init=True)
"""
P["top_k_on_variable_rows_and_k_equals_n"] = """
x = tf.placeholder(tf.float32, [None, None])
v, i = tf.nn.top_k(x, 3)
out["run"] = run([v, i], {x: [[3.0, 1.0, 2.0], [-1.0, -1.0, -1.0]]})
out["short"] = attempt(v, {x: [[1.0, 2.0]]})
out["static"] = v.shape.as_list()
out["empty_rows"] = run(v, {x: np.zeros((0, 4), np.float32)})
"""
P["one_element_and_scalar_edges"] = """
x = tf.constant([5.0])
out["squeeze"] = run(tf.squeeze(x))
out["reduce"] = run([tf.reduce_mean(x), tf.math.reduce_std(x), tf.reduce_prod(x)])
out["moments"] = run(list(tf.nn.moments(x, [0])))
out["argmax"] = run(tf.argmax(x))
out["unique"] = run(list(tf.unique(x)))
out["top_k"] = run(list(tf.nn.top_k(x, 1)))
out["softmax"] = run(tf.nn.softmax(x))
out["cumsum"] = run(tf.cumsum(x, exclusive=True))
out["scalar_gather"] = run(tf.gather(tf.constant([1, 2, 3]), 2))
out["scalar_one_hot"] = run(tf.one_hot(1, 3))
"""

# -- fourth round: tf.data and RNN idioms -------------------------------------------------
DATA = """
def drain(ds, feed=None, init=None):
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    got = []
    with tf.Session() as sess:
        sess.run(it.initializer, feed)
        while True:
            try:
                v = sess.run(nxt)
            except tf.errors.OutOfRangeError:
                return got
            got.append(val(v) if not isinstance(v, tuple | dict) else
                       ([val(x) for x in v] if isinstance(v, tuple) else
                        {k: val(x) for k, x in sorted(v.items())}))
"""
P["data_batch_drop_remainder_padded"] = (
    DATA
    + """
ds = tf.data.Dataset.range(5)
out["batch"] = drain(ds.batch(2))
out["drop"] = drain(ds.batch(2, drop_remainder=True))
out["static"] = tf.data.get_output_shapes(ds.batch(2, drop_remainder=True)).as_list()
seqs = tf.data.Dataset.range(1, 4).map(lambda n: tf.fill([n], n))
out["padded"] = drain(seqs.padded_batch(2, padded_shapes=[None]))
minus = tf.constant(-1, tf.int64)
out["padded_value"] = drain(seqs.padded_batch(2, padded_shapes=[4], padding_values=minus))
out["empty_batch"] = drain(tf.data.Dataset.range(0).batch(3))
"""
)
P["data_placeholder_initializable"] = (
    DATA
    + """
x = tf.placeholder(tf.float32, [None, 2])
ds = tf.data.Dataset.from_tensor_slices(x).map(lambda r: r * 2.0).batch(2)
out["three"] = drain(ds, {x: [[1, 2], [3, 4], [5, 6]]})
out["none"] = drain(ds, {x: np.zeros((0, 2), np.float32)})
"""
)
P["data_filter_flat_map_zip_dict"] = (
    DATA
    + """
a = tf.data.Dataset.range(6).filter(lambda v: tf.equal(v % 2, 0))
b = tf.data.Dataset.from_tensor_slices({"x": [1.0, 2.0, 3.0], "y": [[1], [2], [3]]})
out["filter"] = drain(a)
out["flat_map"] = drain(tf.data.Dataset.range(3).flat_map(
    lambda v: tf.data.Dataset.from_tensors(v).repeat(v)))
out["zip"] = drain(tf.data.Dataset.zip((a, tf.data.Dataset.range(10, 20))))
out["dict"] = drain(b.map(lambda d: {"x": d["x"] + 1.0, "y": d["y"]}))
out["take_skip"] = drain(tf.data.Dataset.range(10).skip(7).take(5))
out["repeat_batch"] = drain(tf.data.Dataset.range(3).repeat(2).batch(4))
out["interleave"] = drain(tf.data.Dataset.range(1, 3).interleave(
    lambda v: tf.data.Dataset.from_tensors(v).repeat(2), cycle_length=2, block_length=1))
"""
)
P["data_from_generator_and_window"] = (
    DATA
    + """
def gen():
    for i in range(3):
        yield i, [1.0] * i
ds = tf.data.Dataset.from_generator(gen, (tf.int32, tf.float32), (tf.TensorShape([]),
                                                                 tf.TensorShape([None])))
out["gen"] = drain(ds)
w = tf.data.Dataset.range(5).window(2, shift=1, drop_remainder=True).flat_map(
    lambda d: d.batch(2))
out["window"] = drain(w)
out["unbatch"] = drain(tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]).apply(
    tf.data.experimental.unbatch()))
out["enumerate"] = drain(tf.data.Dataset.from_tensor_slices([7, 8]).apply(
    tf.data.experimental.enumerate_dataset(5)))
"""
)
P["dynamic_rnn_sequence_length"] = """
x = tf.placeholder(tf.float32, [None, 3, 2])
lens = tf.placeholder(tf.int32, [None])
cell = tf.nn.rnn_cell.BasicRNNCell(2)
with tf.variable_scope("rnn", initializer=tf.constant_initializer(0.1)):
    outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lens, dtype=tf.float32)
feed = {x: np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 10, lens: [3, 1]}
out["run"] = run([outputs, state], feed, init=True)
out["zero_len"] = run(state, {x: np.ones((1, 3, 2), np.float32), lens: [0]}, init=True)
out["static"] = [outputs.shape.as_list(), state.shape.as_list()]
"""
P["lstm_state_tuple_and_multi_cell"] = """
x = tf.constant(np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 10)
cells = [tf.nn.rnn_cell.LSTMCell(2, initializer=tf.constant_initializer(0.2)) for _ in range(2)]
multi = tf.nn.rnn_cell.MultiRNNCell(cells)
outputs, states = tf.nn.dynamic_rnn(multi, x, dtype=tf.float32, time_major=False)
out["run"] = run([outputs, states[1].c, states[1].h], init=True)
out["kind"] = [type(s).__name__ for s in states]
g = tf.gradients(tf.reduce_sum(outputs), tf.trainable_variables())
out["grad_norms"] = run([tf.norm(t) for t in g], init=True)
"""
P["bidirectional_rnn_concat"] = """
x = tf.constant(np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 10)
fw = tf.nn.rnn_cell.GRUCell(2, kernel_initializer=tf.constant_initializer(0.3))
bw = tf.nn.rnn_cell.GRUCell(2, kernel_initializer=tf.constant_initializer(-0.2))
(of, ob), (sf, sb) = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, sequence_length=[3, 2],
                                                     dtype=tf.float32)
out["run"] = run([tf.concat([of, ob], -1), sf, sb], init=True)
"""

# -- fifth round: shapes known only when fed ----------------------------------------------
P["reshape_and_slice_with_fed_shapes"] = """
x = tf.placeholder(tf.float32, [None, 3])
out["zero_rows"] = run(tf.shape(tf.reshape(x, [-1, 1, 3])), {x: np.zeros((0, 3), np.float32)})
out["ambiguous"] = attempt(tf.reshape(x, [-1, 0]), {x: np.zeros((0, 3), np.float32)})
out["slice_minus_one"] = run(tf.slice(x, [1, 0], [-1, 2]), {x: np.ones((3, 3), np.float32)})
out["slice_oob"] = attempt(tf.slice(x, [2, 0], [2, 2]), {x: np.ones((3, 3), np.float32)})
out["size64"] = run(tf.size(x, out_type=tf.int64), {x: np.ones((2, 3), np.float32)})
out["rank"] = run(tf.rank(x), {x: np.ones((2, 3), np.float32)})
out["fill"] = run(tf.fill(tf.shape(x), 7.0), {x: np.ones((1, 3), np.float32)})
out["zeros_like"] = run(tf.zeros_like(x, dtype=tf.int32), {x: np.ones((2, 3), np.float32)})
"""
P["squeeze_and_transpose_fed"] = """
x = tf.placeholder(tf.float32, [None, None, 1])
out["squeeze"] = run(tf.shape(tf.squeeze(x)), {x: np.ones((1, 4, 1), np.float32)})
out["squeeze_axis"] = run(tf.shape(tf.squeeze(x, [2])), {x: np.ones((1, 4, 1), np.float32)})
out["squeeze_bad"] = attempt(tf.squeeze(x, [1]), {x: np.ones((2, 4, 1), np.float32)})
out["static"] = tf.squeeze(x).shape.ndims
out["transpose"] = run(tf.shape(tf.transpose(x)), {x: np.ones((2, 3, 1), np.float32)})
out["perm"] = run(tf.shape(tf.transpose(x, [2, 0, 1])), {x: np.ones((2, 3, 1), np.float32)})
"""
P["image_dtype_and_color"] = """
img = tf.constant([[[[0.0, 0.5, 1.0], [1.2, -0.1, 0.25]]]])
out["to_uint8"] = run(tf.image.convert_image_dtype(img, tf.uint8, saturate=True))
u = tf.constant([[[[0, 128, 255]]]], tf.uint8)
out["to_float"] = run(tf.image.convert_image_dtype(u, tf.float32))
out["gray"] = run(tf.image.rgb_to_grayscale(img))
out["bright"] = run(tf.image.adjust_brightness(u, 0.1))
out["contrast"] = run(tf.image.adjust_contrast(img, 2.0))
out["standard"] = run(tf.image.per_image_standardization(tf.ones([2, 2, 1])))
out["hsv"] = run(tf.image.rgb_to_hsv(tf.clip_by_value(img, 0.0, 1.0)))
"""
P["unsorted_segment_ids_2d_and_num_segments_tensor"] = """
data = tf.constant([[1.0, 2.0], [3.0, 4.0]])
ids = tf.constant([[0, 2], [2, -1]])
n = tf.placeholder(tf.int32, [])
s = tf.unsorted_segment_sum(data, ids, n)
out["run"] = run(s, {n: 3})
out["static"] = s.shape.as_list()
out["grad"] = run(tf.gradients(tf.reduce_sum(s * tf.constant([1.0, 2.0, 3.0])), data)[0],
                  {n: 3})
out["mean_empty_segment"] = run(tf.unsorted_segment_mean(data, ids, 4))
"""

PROGRAMS = {name: RUN + text for name, text in P.items()}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
