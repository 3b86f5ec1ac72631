"""Today's engine features together (dev-only): a lookup's IndexedSlices gradient in a
cond or loop whose other outputs are pruned, second derivatives through a cond's sliced
capture, clip_by_global_norm of loop slices, raw_ops with default attrs, NCHW gradients,
literals out of range in gradients, integer kernels under tf.where. Recorded from
`tf.compat.v1` after `disable_v2_behavior()`; run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_feature_mixes.py.

    /work/tfvenv/bin/python tests/reference/tf1_feature_mixes.py \\
        > tests/unit/engine/fixtures/tf1_feature_mixes.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

HELPERS = """
def kind(t):
    return "IndexedSlices" if hasattr(t, "indices") else "Tensor"
"""

TABLE = (
    HELPERS
    + """
w = tf.Variable(np.arange(15, dtype=np.float32).reshape(5, 3) / 10.0 - 0.5)
"""
)

PROGRAMS = {
    # The cond's second output is never read (pruned); its first gathers the table.
    "cond_gather_other_output_pruned": TABLE
    + """
p = tf.placeholder(tf.bool, [])
ids = tf.constant([1, 3, 1])
a, b = tf.cond(p, lambda: (tf.reduce_sum(tf.gather(w, ids) ** 2), tf.reduce_sum(w * 3.0)),
               lambda: (tf.reduce_sum(w[:2] * 2.0), tf.reduce_sum(tf.gather(w, [4]))))
g = tf.gradients(a, w)[0]
out["kind"] = kind(g)
step = tf.train.MomentumOptimizer(0.1, 0.9).minimize(a)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["a"] = [float(sess.run(a, {p: v})) for v in (True, False)]
    for v in (True, False, True):
        sess.run(step, {p: v})
    out["w"] = sess.run(w).tolist()
""",
    # d/dw of |dL/dw|^2 through a cond whose branch gathers w: the dense form of the slices.
    "second_derivative_cond_sliced_capture": TABLE
    + """
p = tf.placeholder(tf.bool, [])
ids = tf.constant([0, 2, 2])
loss = tf.cond(p, lambda: tf.reduce_sum(tf.gather(w, ids) ** 3),
               lambda: tf.reduce_sum(w ** 2))
g = tf.gradients(loss, w)[0]
h = tf.gradients(tf.reduce_sum(tf.convert_to_tensor(g) ** 2), w)[0]
out["h_kind"] = kind(h)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["h"] = [sess.run(tf.convert_to_tensor(h), {p: v}).tolist() for v in (True, False)]
""",
    # The loop's third variable is never read; its update gathers the table too.
    "loop_pruned_variable_gathers_table": TABLE
    + """
def body(i, acc, unused):
    return (i + 1, acc + tf.reduce_sum(tf.gather(w, i) ** 2),
            unused * 2.0 + tf.reduce_sum(tf.gather(w, 4 - i)))
_, acc, _ = tf.while_loop(lambda i, acc, u: i < 3, body, [0, 0.0, 1.0])
g = tf.gradients(acc, w)[0]
out["kind"] = kind(g)
step = tf.train.AdagradOptimizer(0.5).minimize(acc)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["acc"] = float(sess.run(acc))
    gv = sess.run(g)
    out["g_values"] = gv.values.tolist()
    out["g_indices"] = gv.indices.tolist()
    sess.run(step)
    sess.run(step)
    out["w"] = sess.run(w).tolist()
""",
    # clip_by_global_norm counts each slice's values, duplicates and the zero row included.
    "clip_global_norm_of_loop_slices": TABLE
    + """
b = tf.Variable([0.5, -0.25, 1.0])
def body(i, acc):
    return i + 1, acc + tf.reduce_sum(tf.gather(w, i % 2) * b) * 3.0
_, acc = tf.while_loop(lambda i, acc: i < 4, body, [0, 0.0])
grads = tf.gradients(acc, [w, b])
clipped, norm = tf.clip_by_global_norm(grads, 1.0)
out["kinds"] = [kind(c) for c in clipped]
step = tf.train.GradientDescentOptimizer(0.5).apply_gradients(zip(clipped, [w, b]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["norm"] = float(sess.run(norm))
    sess.run(step)
    out["w"] = sess.run(w).tolist()
    out["b"] = sess.run(b).tolist()
""",
    "clip_global_norm_of_cond_slices": TABLE
    + """
p = tf.placeholder(tf.bool, [])
loss = tf.cond(p, lambda: tf.reduce_sum(tf.gather(w, [1, 1, 2]) * 4.0),
               lambda: tf.reduce_sum(w * 0.5))
clipped, norm = tf.clip_by_global_norm(tf.gradients(loss, [w]), 2.0)
step = tf.train.GradientDescentOptimizer(1.0).apply_gradients([(clipped[0], w)])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["norm"] = [float(sess.run(norm, {p: v})) for v in (True, False)]
    sess.run(step, {p: True})
    sess.run(step, {p: False})
    out["w"] = sess.run(w).tolist()
""",
    "raw_ops_default_attrs": """
x = tf.constant([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
y = tf.constant([[1.0, 0.5], [2.0, -1.0], [0.0, 3.0]])
out["matmul"] = tf.raw_ops.MatMul(a=x, b=y)
out["argmax_dtype"] = tf.raw_ops.ArgMax(input=x, dimension=1).dtype.name
out["cumsum"] = tf.raw_ops.Cumsum(x=x, axis=1)
out["cumprod"] = tf.raw_ops.Cumprod(x=x, axis=0)
out["sum"] = tf.raw_ops.Sum(input=x, axis=[1])
out["max_keep"] = tf.raw_ops.Max(input=x, axis=[0], keep_dims=True)
out["relu6_int"] = tf.raw_ops.Relu6(features=tf.constant([-3, 4, 9]))
out["mean_int"] = tf.raw_ops.Mean(input=tf.constant([[3, 4], [-7, 2]]), axis=0)
out["transpose"] = tf.raw_ops.Transpose(x=x, perm=[1, 0])
out["onehot"] = tf.raw_ops.OneHot(indices=[0, 2, -1], depth=3, on_value=5.0, off_value=-1.0)
out["select_v2"] = tf.raw_ops.SelectV2(condition=[True, False, True], t=x, e=0.0)
out["squeeze"] = tf.raw_ops.Squeeze(input=tf.ones([1, 2, 1])).shape.as_list()
out["leaky"] = tf.raw_ops.LeakyRelu(features=x)
out["pow_int"] = tf.raw_ops.Pow(x=tf.constant([2, -3, 5]), y=tf.constant([3, 3, 0]))
with tf.Session() as sess:
    for k, v in list(out.items()):
        if hasattr(v, "op"):
            out[k] = sess.run(v).tolist()
""",
    "nchw_gradients": """
rng = np.random.RandomState(3)
x = tf.constant(rng.randn(2, 3, 5, 6).astype(np.float32))
k = tf.constant(rng.randn(3, 3, 3, 4).astype(np.float32))
c = tf.nn.conv2d(x, k, [1, 1, 2, 1], "SAME", data_format="NCHW")
m = tf.nn.max_pool(c, [1, 1, 2, 2], [1, 1, 2, 2], "VALID", data_format="NCHW")
a = tf.nn.avg_pool(c, [1, 1, 3, 2], [1, 1, 1, 2], "SAME", data_format="NCHW")
bb = tf.nn.bias_add(c, [0.5, -1.0, 2.0, 0.0], data_format="NCHW")
loss = tf.reduce_sum(m ** 2) + tf.reduce_sum(a * 1.5) + tf.reduce_sum(tf.nn.relu(bb))
gx, gk = tf.gradients(loss, [x, k])
with tf.Session() as sess:
    out["c_shape"] = c.shape.as_list()
    out["loss"] = float(sess.run(loss))
    out["gx"] = sess.run(gx).tolist()
    out["gk"] = sess.run(gk).tolist()
""",
    "literal_overflow_in_gradients": """
x = tf.placeholder(tf.float16, [2])
y = x * 70000.0
z = tf.pow(x, 3.0) * 1e-5
g1 = tf.gradients(tf.reduce_sum(y), x)[0]
g2 = tf.gradients(tf.reduce_sum(z), x)[0]
i = tf.placeholder(tf.int8, [2])
wrapped = i * 300
u = tf.constant([250], tf.uint8) + 10
with tf.Session() as sess:
    feed = {x: [1.0, 2.0], i: [1, 2]}
    out["y"] = sess.run(y, feed).tolist()
    out["g1"] = sess.run(g1, feed).tolist()
    out["g2"] = sess.run(g2, feed).tolist()
    out["wrapped"] = sess.run(wrapped, feed).tolist()
    out["u"] = sess.run(u).tolist()
""",
    "int_kernels_under_where_and_cond": """
p = tf.placeholder(tf.bool, [])
v = tf.constant([-3, 0, 7], tf.int32)
r = tf.cond(p, lambda: tf.nn.relu(v) * tf.sign(v),
            lambda: tf.nn.bias_add(tf.reshape(v, [1, 3]), [1, 2, 3])[0])
s = tf.where(tf.constant([True, False, True]), r, tf.pow(v, 2))
with tf.Session() as sess:
    out["s"] = [sess.run(s, {p: t}).tolist() for t in (True, False)]
    out["dtype"] = s.dtype.name
""",
    "cond_in_loop_gathers_table_adam": TABLE
    + """
def body(i, acc):
    r = tf.cond(i % 2 > 0, lambda: tf.reduce_sum(tf.gather(w, [i, 4])),
                lambda: tf.reduce_sum(w[0] * 2.0))
    return i + 1, acc + r * r
_, acc = tf.while_loop(lambda i, a: i < 3, body, [0, 0.0])
g = tf.gradients(acc, w)[0]
out["kind"] = kind(g)
step = tf.train.AdamOptimizer(0.1).minimize(acc)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["g"] = sess.run(tf.convert_to_tensor(g)).tolist()
    for _ in range(3):
        sess.run(step)
    out["w"] = sess.run(w).tolist()
""",
    "branch_gathers_and_reads_dense": TABLE
    + """
p = tf.placeholder(tf.bool, [])
loss = tf.cond(p, lambda: tf.reduce_sum(tf.gather(w, [2, 2])) + tf.reduce_sum(w * w),
               lambda: tf.reduce_sum(tf.gather(w, [0])) * 3.0)
g = tf.gradients(loss, w)[0]
out["kind"] = kind(g)
step = tf.train.MomentumOptimizer(0.1, 0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in (False, True, False):
        sess.run(step, {p: v})
    out["w"] = sess.run(w).tolist()
""",
    "resource_variable_cond_loop_gather": HELPERS
    + """
init = np.arange(12, dtype=np.float32).reshape(4, 3) / 10.0
w = tf.get_variable("w", initializer=init, use_resource=True)
p = tf.placeholder(tf.bool, [])
ids = tf.placeholder(tf.int64, [None])
c = tf.cond(p, lambda: tf.reduce_sum(tf.nn.embedding_lookup(w, ids) ** 2), lambda: tf.constant(0.5))
def body(i, a):
    return i + 1, a + tf.reduce_sum(tf.gather(w, i + 1))
_, l = tf.while_loop(lambda i, a: i < 2, body, [0, 0.0])
loss = c + l
gs = tf.gradients(loss, w)
out["kind"] = kind(gs[0])
step = tf.train.AdagradOptimizer(0.3).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(step, {p: True, ids: [3, 0, 3]})
    sess.run(step, {p: False, ids: [1]})
    out["w"] = sess.run(w).tolist()
""",
    "clip_by_norm_and_global_norm_mixed": TABLE
    + """
p = tf.placeholder(tf.bool, [])
loss = tf.cond(p, lambda: tf.reduce_sum(tf.gather(w, [1, 1, 4]) ** 2), lambda: tf.reduce_sum(w))
g = tf.gradients(loss, w)[0]
cn = tf.clip_by_norm(g, 0.5)
gn = tf.global_norm([g])
out["kind"] = kind(cn)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["gn"] = [float(sess.run(gn, {p: v})) for v in (True, False)]
    out["cn"] = [sess.run(tf.convert_to_tensor(cn), {p: v}).tolist() for v in (True, False)]
""",
    "loop_gather_maximum_iterations_grad_ys": TABLE
    + """
x = tf.placeholder(tf.float32, [])
def body(i, a, b):
    a2 = a * x + tf.reduce_sum(tf.gather(w, i % 5))
    return i + 1, a2, b + tf.reduce_sum(tf.gather(w, [0, 0]))
_, a, b = tf.while_loop(lambda i, a, b: i < 10, body, (0, 1.0, 0.0), maximum_iterations=4)
g = tf.gradients([a], [w, x], grad_ys=[tf.constant(2.0)])
out["kinds"] = [kind(g[0]), kind(g[1])]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["a"] = float(sess.run(a, {x: 0.5}))
    gv = sess.run(g[0], {x: 0.5})
    out["dense"] = sess.run(tf.convert_to_tensor(g[0]), {x: 0.5}).tolist()
    out["n_slices"] = len(gv.indices) if hasattr(gv, "indices") else None
    out["gx"] = float(sess.run(g[1], {x: 0.5}))
""",
    "nested_loop_gather": TABLE
    + """
def outer(i, acc):
    def inner(j, s):
        return j + 1, s + tf.reduce_sum(tf.gather(w, (i + j) % 5))
    _, s = tf.while_loop(lambda j, s: j < 2, inner, (0, 0.0))
    return i + 1, acc + s * s
_, acc = tf.while_loop(lambda i, a: i < 2, outer, (0, 0.0))
g = tf.gradients(acc, w)[0]
out["kind"] = kind(g)
step = tf.train.GradientDescentOptimizer(0.1).minimize(acc)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["acc"] = float(sess.run(acc))
    out["g"] = sess.run(tf.convert_to_tensor(g)).tolist()
    sess.run(step)
    out["w"] = sess.run(w).tolist()
""",
    "stop_gradients_and_aggregation_in_cond": TABLE
    + """
p = tf.placeholder(tf.bool, [])
e = tf.gather(w, [0, 3])
loss = tf.cond(p, lambda: tf.reduce_sum(e * tf.gather(w, [3, 3])), lambda: tf.reduce_sum(e))
g1 = tf.gradients(loss, w, stop_gradients=[e])[0]
g2 = tf.gradients(loss, w, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)[0]
out["kinds"] = [kind(g1), kind(g2)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["g1"] = [sess.run(tf.convert_to_tensor(g1), {p: v}).tolist() for v in (True, False)]
    out["g2"] = [sess.run(tf.convert_to_tensor(g2), {p: v}).tolist() for v in (True, False)]
""",
    "gather_axis1_in_cond_and_nd": TABLE
    + """
p = tf.placeholder(tf.bool, [])
loss = tf.cond(p, lambda: tf.reduce_sum(tf.gather(w, [2, 0], axis=1) ** 2),
               lambda: tf.reduce_sum(tf.gather_nd(w, [[1, 1], [4, 2]])))
g = tf.gradients(loss, w)[0]
out["kind"] = kind(g)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["g"] = [sess.run(tf.convert_to_tensor(g), {p: v}).tolist() for v in (True, False)]
""",
    # A list holding a tensor where an op takes indices, ids or a condition: TF packs it.
    "lists_holding_tensors_are_packed": """
i = tf.placeholder(tf.int32, [])
t = tf.constant(np.arange(15, dtype=np.float32).reshape(5, 3))
out["gather"] = tf.gather(t, [i, 4])
out["gather_nd"] = tf.gather_nd(t, [[i, 1], [0, i]])
out["scatter_nd"] = tf.scatter_nd([[i], [0]], [1.0, 2.0], [5])
out["segment_sum"] = tf.unsorted_segment_sum([1.0, 2.0, 3.0], [i, 0, i], 4)
out["segment_max"] = tf.segment_max([1.0, 5.0, 3.0], [0, i - 2, i - 1])
out["boolean_mask"] = tf.boolean_mask(t, [True, False, i > 1, True, False])
out["sparse_to_dense"] = tf.sparse_to_dense([[0], [i]], [5], [1.0, 4.0])
out["where"] = tf.where([True, i > 2, False], [1.0, 2.0, 3.0], [0.0, -1.0, -2.0])
with tf.Session() as sess:
    for k, v in list(out.items()):
        out[k] = sess.run(v, {i: 2}).tolist()
""",
    "hessian_through_cond_gather": TABLE
    + """
p = tf.placeholder(tf.bool, [])
x = tf.placeholder(tf.float32, [3])
loss = tf.cond(p, lambda: tf.reduce_sum(tf.gather(w, [1, 1]) * x ** 3),
               lambda: tf.reduce_sum(x ** 2 * w[2]))
h = tf.hessians(loss, x)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["h"] = [sess.run(h, {p: v, x: [1.0, -2.0, 0.5]}).tolist() for v in (True, False)]
""",
    "raw_ops_literal_inference": """
out["add_int8"] = tf.raw_ops.Add(x=tf.constant([1, 2], tf.int8), y=100)
out["mul_float"] = raises(lambda: tf.raw_ops.Mul(x=2, y=tf.constant([1.5, 2.0])))
out["add_literals_error"] = raises(lambda: tf.raw_ops.Add(x=1, y=2.5))
out["pack"] = tf.raw_ops.Pack(values=[tf.constant([1, 2]), tf.constant([3, 4])])
out["concat"] = tf.raw_ops.ConcatV2(values=[[1.0], [2.0, 3.0]], axis=0)
out["all"] = tf.raw_ops.All(input=[[True, False], [True, True]], axis=1)
out["argmin_dtype"] = tf.raw_ops.ArgMin(input=[3, 1, 2], dimension=0).dtype.name
out["floor_div_neg"] = tf.raw_ops.FloorDiv(x=tf.constant([-7, 7]), y=2)
out["maximum_int8"] = tf.raw_ops.Maximum(x=tf.constant([-128, 5], tf.int8), y=-1)
with tf.Session() as sess:
    for k, v in list(out.items()):
        if hasattr(v, "op"):
            out[k] = sess.run(v).tolist()
""",
    "where_rows_gradient_in_loop": """
x = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2) - 2.0)
def body(i, acc):
    picked = tf.where(tf.reduce_sum(acc, 1) > i, acc * 2.0, tf.nn.relu(acc) - 1.0)
    return i + 1.0, picked
_, y = tf.while_loop(lambda i, a: i < 3.0, body, (0.0, x))
g = tf.gradients(tf.reduce_sum(y * y), x)[0]
with tf.Session() as sess:
    out["y"] = sess.run(y).tolist()
    out["g"] = sess.run(g).tolist()
""",
    "nchw_depthwise_dilated_gradients": """
rng = np.random.RandomState(5)
x = tf.constant(rng.randn(1, 2, 7, 7).astype(np.float32))
k = tf.constant(rng.randn(3, 3, 2, 2).astype(np.float32))
d = tf.nn.depthwise_conv2d(x, k, [1, 1, 1, 1], "SAME", rate=[2, 2], data_format="NCHW")
c = tf.nn.conv2d(x, k[:, :, :, :1] * 0.5 + 0.1 * tf.ones([3, 3, 2, 1]), [1, 1, 1, 1], "VALID",
                 dilations=[1, 1, 2, 1], data_format="NCHW")
a = tf.nn.avg_pool(d, [1, 1, 2, 3], [1, 1, 2, 2], "SAME", data_format="NCHW")
loss = tf.reduce_sum(a ** 2) + tf.reduce_sum(tf.sin(c))
gx, gk = tf.gradients(loss, [x, k])
with tf.Session() as sess:
    out["shapes"] = [d.shape.as_list(), c.shape.as_list(), a.shape.as_list()]
    out["loss"] = float(sess.run(loss))
    out["gx"] = sess.run(gx).tolist()
    out["gk"] = sess.run(gk).tolist()
""",
    "pow_multiply_gradients_with_literals": """
x = tf.placeholder(tf.float32, [3])
h = tf.placeholder(tf.float16, [3])
y = tf.pow(x, 3) + tf.pow(2.0, x) + x * 1e39 * 0.0
z = tf.pow(h, 2.0) * 1e-8 + h * 65520.0
gy = tf.gradients(tf.reduce_sum(y), x)[0]
gz = tf.gradients(tf.reduce_sum(z), h)[0]
gc = tf.gradients(tf.reduce_sum(tf.abs(tf.pow(tf.complex(x, x), 2))), x)[0]
with tf.Session() as sess:
    f = {x: [-1.5, 0.0, 2.0], h: [1.0, -2.0, 0.0]}
    out["y"] = sess.run(y, f).tolist()
    out["gy"] = sess.run(gy, f).tolist()
    out["z"] = sess.run(z, f).tolist()
    out["gz"] = sess.run(gz, f).tolist()
    out["gc"] = sess.run(gc, f).tolist()
""",
    # TF's _PowGrad on complex inputs: the conjugates' formula, log(0) masked to 0.
    "complex_pow_gradients": """
x = tf.constant(np.array([1 + 2j, 0j, -1.5 + 0.5j], np.complex64))
y = tf.constant(np.array([2 + 0j, 1.5 + 0.5j, 0.3 - 1j], np.complex64))
z = tf.pow(x, y)
g = tf.constant(np.array([1 + 1j, 2 - 1j, 0.5j], np.complex64))
gx, gy = tf.gradients(z, [x, y], grad_ys=g)
gs = tf.gradients(tf.pow(x, 2.0 + 0j), x, grad_ys=g)[0]
with tf.Session() as sess:
    for k, v in zip(["z", "gx", "gy", "gs"], sess.run([z, gx, gy, gs])):
        out[k] = [v.real.tolist(), v.imag.tolist()]
""",
    # Saved after a step on the cond's slices, restored in a new session, trained again.
    "saver_round_trip_then_training": TABLE
    + """
import tempfile, os
p = tf.placeholder(tf.bool, [])
def body(i, acc):
    return i + 1, acc + tf.reduce_sum(tf.gather(w, [i, i + 1]) ** 2)
_, l = tf.while_loop(lambda i, a: i < 2, body, (0, 0.0))
loss = tf.cond(p, lambda: tf.reduce_sum(tf.gather(w, [3, 3])) * 2.0, lambda: l)
opt = tf.train.MomentumOptimizer(0.1, 0.9)
step = opt.minimize(loss, global_step=tf.train.get_or_create_global_step())
saver = tf.train.Saver()
path = os.path.join(tempfile.mkdtemp(), "model")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(step, {p: True})
    sess.run(step, {p: False})
    saver.save(sess, path)
with tf.Session() as sess:
    saver.restore(sess, path)
    sess.run(step, {p: True})
    sess.run(step, {p: False})
    out["w"] = sess.run(w).tolist()
    out["slots"] = sess.run(opt.get_slot(w, "momentum")).tolist()
    out["step"] = int(sess.run(tf.train.get_global_step()))
""",
    # NaN is past every boundary: the last bucket, dense and as a linear model's ids.
    "bucketized_nan_infinities_and_edges": """
fc = tf.feature_column
col = fc.bucketized_column(fc.numeric_column("age"), [20.0, 40.0, 60.0])
age = tf.constant(np.array([[np.nan], [np.inf], [-np.inf], [40.0], [39.99], [20.0]], np.float32))
dense = fc.input_layer({"age": age}, [col])
linear = fc.linear_model({"age": age}, [col])
step = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_sum(linear * [[1.0], [2.0],
    [3.0], [4.0], [5.0], [6.0]]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["dense"] = sess.run(dense).tolist()
    sess.run(step)
    out["weights"] = sess.run(tf.global_variables()[0]).tolist()
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
