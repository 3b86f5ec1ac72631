"""Adversarial TF 1.x programs (dev-only) from review 25 of the fuzzimg, fuzzopt,
leftovers2 and tf1ex4 merges: gradients' static shapes through broadcasting, loops, conds
and IndexedSlices; optimizers under control dependencies, in cond branches and while
bodies; dataset arguments as numpy scalars and tensors; map_fn/scan over rows of unknown
rank; NMS limits; variables a while body updates and reads.

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python \\
        tests/reference/tf1_review25.py > tests/unit/engine/fixtures/tf1_review25.json

`tests/unit/engine/test_tf1_review25.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    # A body's read of a variable the loop updates is each iteration's (TF1's ref Enter);
    # graphgate read the loop's entry value: 2.0 and 10.0 where TF has 8.0 and 64.0.
    "assign_in_while_body_reads_last_iteration": """
v = tf.Variable(1.0)
def body(i):
    with tf.control_dependencies([tf.assign(v, v * 2.0)]):
        return i + 1
r = tf.while_loop(lambda i: i < 3, body, [0])
w = tf.Variable(1.0)
def body2(i):
    with tf.control_dependencies([tf.assign_add(w, w * 3.0)]):
        return i + 1
r2 = tf.while_loop(lambda i: i < 3, body2, [0])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["r"] = [int(s.run(r)), int(s.run(r2))]
    out["v"] = [float(s.run(v)), float(s.run(w))]
""",
    "while_cond_reads_updated_variable": """
v = tf.Variable(0.0)
def body(i):
    with tf.control_dependencies([tf.assign_add(v, 1.5)]):
        return i + 1
r = tf.while_loop(lambda i: v < 5.0, body, [0])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["r"] = int(s.run(r))
    out["v"] = float(s.run(v))
""",
    "nested_loop_reads_outer_update": """
v = tf.Variable(1.0)
def inner(j, acc):
    return j + 1, acc + v
def body(i, total):
    _, s = tf.while_loop(lambda j, a: j < 2, inner, [0, 0.0])
    with tf.control_dependencies([s]):
        up = tf.assign_add(v, 1.0)
    with tf.control_dependencies([up]):
        return i + 1, total + s
_, total = tf.while_loop(lambda i, t: i < 3, body, [0, 0.0])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["total"] = float(s.run(total))
    out["v"] = float(s.run(v))
""",
    # minimize in a body: each step's gradient from the last step's value (0.8 before, 1.024).
    "minimize_in_while_body_gd": """
v = tf.Variable(2.0)
opt = tf.train.GradientDescentOptimizer(0.1)
def body(i):
    loss = v * v
    with tf.control_dependencies([opt.minimize(loss)]):
        return i + 1
r = tf.while_loop(lambda i: i < 3, body, [0])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["r"] = int(s.run(r))
    out["v"] = float(s.run(v))
""",
    "minimize_in_while_body_adam": """
v = tf.Variable(2.0)
opt = tf.train.AdamOptimizer(0.1)
def body(i):
    loss = v * v
    with tf.control_dependencies([opt.minimize(loss)]):
        return i + 1
r = tf.while_loop(lambda i: i < 3, body, [0])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["r"] = int(s.run(r))
    out["v"] = float(s.run(v))
""",
    "minimize_in_while_body_momentum_sparse": """
emb = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
opt = tf.train.MomentumOptimizer(0.1, 0.5)
def body(i):
    loss = tf.reduce_sum(tf.square(tf.gather(emb, [0, 2])))
    with tf.control_dependencies([opt.minimize(loss)]):
        return i + 1
r = tf.while_loop(lambda i: i < 3, body, [0])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["r"] = int(s.run(r))
    out["emb"] = s.run(emb).tolist()
""",
    "minimize_in_cond_branch": """
v = tf.Variable(2.0)
p = tf.placeholder(tf.bool, [])
opt = tf.train.AdamOptimizer(0.1)
def yes():
    with tf.control_dependencies([opt.minimize(v * v)]):
        return tf.constant(1)
r = tf.cond(p, yes, lambda: tf.constant(0))
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["a"] = int(s.run(r, {p: True}))
    out["b"] = int(s.run(r, {p: False}))
    out["c"] = int(s.run(r, {p: True}))
    out["v"] = float(s.run(v))
""",
    "minimize_under_control_deps_adam": """
v = tf.Variable([1.0, -2.0])
counter = tf.Variable(0)
loss = tf.reduce_sum(v * v)
bump = tf.assign_add(counter, 1)
with tf.control_dependencies([bump]):
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for _ in range(3):
        s.run(train)
    out["v"] = s.run(v).tolist()
    out["counter"] = int(s.run(counter))
""",
    "minimize_under_control_deps_placeholder_assert": """
x = tf.placeholder(tf.float32, [])
v = tf.Variable([1.0, -2.0])
loss = tf.reduce_sum(v * v) * x
with tf.control_dependencies([tf.assert_positive(x)]):
    train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    s.run(train, {x: 1.0})
    s.run(train, {x: 2.0})
    out["v"] = s.run(v).tolist()
    out["bad"] = raises(lambda: s.run(train, {x: -1.0}))
    out["after"] = s.run(v).tolist()
""",
    "minimize_batch_norm_update_ops": """
tf.set_random_seed(1)
x = tf.constant(np.arange(12.0).reshape(4, 3).astype(np.float32))
h = tf.layers.batch_normalization(x, training=True)
loss = tf.reduce_sum(h * tf.constant([1.0, 2.0, 3.0]))
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for _ in range(2):
        s.run(train)
    out["vars"] = {v.op.name: s.run(v).tolist() for v in tf.global_variables()}
""",
    "minimize_colocate": """
v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
loss = tf.reduce_sum(tf.matmul(v, v))
c = tf.Variable(0.0)
with tf.control_dependencies([tf.assign_add(c, 1.0)]):
    train = tf.train.RMSPropOptimizer(0.1).minimize(loss, colocate_gradients_with_ops=True)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    s.run(train); s.run(train)
    out["v"] = s.run(v).tolist()
    out["c"] = float(s.run(c))
""",
    "two_applies_chained": """
v = tf.Variable([1.0, 2.0])
opt = tf.train.AdamOptimizer(0.1)
g = tf.constant([0.5, -0.5])
a = opt.apply_gradients([(g, v)])
with tf.control_dependencies([a]):
    b = opt.apply_gradients([(g * 2.0, v)])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    s.run(b)
    out["v"] = s.run(v).tolist()
    out["m"] = s.run(opt.get_slot(v, "m")).tolist()
""",
    "grad_broadcast_partial": """
x = tf.placeholder(tf.float32, [None, 3])
b = tf.Variable([1.0, 2.0, 3.0])
y = tf.reduce_sum((x + b) * (x * b))
gx, gb = tf.gradients(y, [x, b])
out["static"] = [gx.shape.as_list(), gb.shape.as_list()]
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    a, c = s.run([gx, gb], {x: np.arange(6.0).reshape(2, 3)})
    out["v"] = [a.tolist(), c.tolist()]
""",
    "grad_while_shape_invariant": """
x = tf.placeholder(tf.float32, [1])
def body(i, v):
    return i + 1, tf.concat([v, v * 2.0], 0)
_, r = tf.while_loop(lambda i, v: i < 3, body, [0, x],
    shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
g = tf.gradients(tf.reduce_sum(r * r), x)[0]
out["static"] = g.shape.as_list()
with tf.Session() as s:
    out["v"] = s.run(g, {x: [1.5]}).tolist()
""",
    "grad_while_var_grows_2d": """
x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable([[1.0], [2.0]])
def body(i, v):
    return i + 1, tf.concat([v, tf.matmul(v, w) * tf.ones([1, 2])], 0)
_, r = tf.while_loop(lambda i, v: i < 2, body, [0, x],
    shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, 2])])
gx, gw = tf.gradients(tf.reduce_sum(r), [x, w])
out["static"] = [gx.shape.as_list(), gw.shape.as_list()]
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    a, b = s.run([gx, gw], {x: [[1.0, 2.0]]})
    out["v"] = [a.tolist(), b.tolist()]
""",
    "grad_gather_indexed_slices_partial": """
emb = tf.Variable(np.arange(12.0).reshape(4, 3).astype(np.float32))
ids = tf.placeholder(tf.int32, [None])
y = tf.reduce_sum(tf.nn.embedding_lookup(emb, ids) ** 2)
g = tf.gradients(y, emb)[0]
out["kind"] = type(g).__name__
gd = tf.convert_to_tensor(g)
out["static"] = gd.shape.as_list()
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["v"] = s.run(gd, {ids: [1, 1, 3]}).tolist()
""",
    "grad_reshape_set_shape": """
x = tf.placeholder(tf.float32, [None, None])
y = tf.reshape(x, [-1, 4])
y.set_shape([2, 4])
z = tf.reduce_sum(tf.square(y))
g = tf.gradients(z, x)[0]
out["static"] = g.shape.as_list()
with tf.Session() as s:
    out["v"] = s.run(g, {x: np.ones((4, 2))}).tolist()
""",
    "grad_ys_other_shape_same_size": """
x = tf.constant(np.arange(6.0).reshape(2, 3), tf.float32)
y = x * 2.0
out["e"] = raises(lambda: tf.gradients(y, x, grad_ys=tf.ones([3, 2])))
""",
    "grad_broadcast_to_unknown": """
x = tf.placeholder(tf.float32, [None, 1])
n = tf.placeholder(tf.int32, [])
y = tf.broadcast_to(x, tf.stack([tf.shape(x)[0], n]))
g = tf.gradients(tf.reduce_sum(y * y), x)[0]
out["static"] = g.shape.as_list()
with tf.Session() as s:
    out["v"] = s.run(g, {x: [[1.0], [2.0]], n: 3}).tolist()
""",
    "grad_dynamic_partition_stitch": """
x = tf.placeholder(tf.float32, [None])
p = tf.placeholder(tf.int32, [None])
parts = tf.dynamic_partition(x, p, 2)
y = tf.reduce_sum(parts[0] * 2.0) + tf.reduce_sum(parts[1] * parts[1])
g = tf.gradients(y, x)[0]
out["static"] = g.shape.as_list()
with tf.Session() as s:
    out["v"] = s.run(g, {x: [1.0, 2.0, 3.0], p: [0, 1, 1]}).tolist()
""",
    "grad_cond_partial": """
x = tf.placeholder(tf.float32, [None, 2])
c = tf.placeholder(tf.bool, [])
y = tf.cond(c, lambda: tf.reduce_sum(x, 0), lambda: x[0] * 3.0)
g = tf.gradients(tf.reduce_sum(y * y), x)[0]
out["static"] = g.shape.as_list()
with tf.Session() as s:
    out["t"] = s.run(g, {x: [[1.0, 2.0], [3.0, 4.0]], c: True}).tolist()
    out["f"] = s.run(g, {x: [[1.0, 2.0], [3.0, 4.0]], c: False}).tolist()
""",
    # Known different: a scalar grad_ys for a vector y (TF's Mul gradient broadcasts it).
    "grad_ys_scalar_for_vector": """
x = tf.constant([1.0, 2.0, 3.0])
y = x * x
out["e"] = raises(lambda: tf.gradients(y, x, grad_ys=tf.constant(2.0)))
""",
    # Known different: Tile of an input of unknown rank is refused while building.
    "grad_unknown_rank": """
x = tf.placeholder(tf.float32)
y = tf.reduce_sum(tf.tile(tf.expand_dims(x, 0), [2, 1, 1]) * 3.0)
g = tf.gradients(y, x)[0]
out["static"] = g.shape.ndims
with tf.Session() as s:
    out["v"] = s.run(g, {x: np.ones((2, 2))}).tolist()
""",
    "ds_numpy_scalars": """
ds = tf.data.Dataset.range(np.int64(7)).batch(np.int32(3))
ds = ds.repeat(np.int64(2)).take(np.int32(4)).skip(np.int64(1))
it = tf.data.make_one_shot_iterator(ds).get_next()
out["static"] = it.shape.as_list()
vals = []
with tf.Session() as s:
    for _ in range(3):
        vals.append(s.run(it).tolist())
out["v"] = vals
""",
    "ds_int32_tensor_batch": """
out["e"] = raises(lambda: tf.data.Dataset.range(5).batch(tf.constant(2)))
out["take"] = raises(lambda: tf.data.Dataset.range(5).take(tf.constant(2)))
""",
    "ds_placeholder_batch": """
n = tf.placeholder(tf.int64, [])
ds = tf.data.Dataset.range(5).batch(n)
out["static"] = tf.data.get_output_shapes(ds).as_list()
it = tf.data.make_initializable_iterator(ds)
nx = it.get_next()
with tf.Session() as s:
    s.run(it.initializer, {n: 4})
    out["v"] = [s.run(nx).tolist(), s.run(nx).tolist()]
""",
    "ds_padded_batch_numpy": """
ds = tf.data.Dataset.range(1, 4).map(lambda n: tf.fill([n], n))
ds = ds.padded_batch(np.int64(2), padded_shapes=[np.int64(4)], padding_values=np.int64(-1))
it = tf.data.make_one_shot_iterator(ds).get_next()
with tf.Session() as s:
    out["v"] = [s.run(it).tolist(), s.run(it).tolist()]
""",
    # Known different: a constant tensor drop_remainder leaves the batch dimension unknown.
    "ds_int64_tensor_batch": """
n = tf.constant(2, tf.int64)
ds = tf.data.Dataset.range(5).batch(n, drop_remainder=tf.constant(True))
out["static"] = tf.data.get_output_shapes(ds).as_list()
it = tf.data.make_one_shot_iterator(ds).get_next()
with tf.Session() as s:
    out["v"] = [s.run(it).tolist(), s.run(it).tolist()]
""",
    # Known different: a numpy bool drop_remainder leaves the batch dimension unknown.
    "ds_np_bool_drop": """
ds = tf.data.Dataset.range(5).batch(2, drop_remainder=np.bool_(True))
out["static"] = tf.data.get_output_shapes(ds).as_list()
it = tf.data.make_one_shot_iterator(ds).get_next()
vals = []
with tf.Session() as s:
    while True:
        try:
            vals.append(s.run(it).tolist())
        except tf.errors.OutOfRangeError:
            break
out["v"] = vals
""",
    "map_fn_unknown_rank": """
x = tf.placeholder(tf.float32)
y = tf.map_fn(lambda r: r * 2.0, x)
out["static"] = y.shape.ndims
with tf.Session() as s:
    out["v"] = s.run(y, {x: np.arange(6.0).reshape(2, 3)}).tolist()
    out["v1"] = s.run(y, {x: np.arange(3.0)}).tolist()
""",
    "map_fn_unknown_rank_grad": """
x = tf.placeholder(tf.float32)
y = tf.map_fn(lambda r: r * r, x)
g = tf.gradients(tf.reduce_sum(y), x)[0]
with tf.Session() as s:
    out["v"] = s.run(g, {x: np.arange(6.0).reshape(2, 3)}).tolist()
""",
    "map_fn_partial_shape_static": """
x = tf.placeholder(tf.float32, [3, None])
y = tf.map_fn(lambda r: tf.stack([r, r * 2.0]), x)
out["static"] = y.shape.as_list()
with tf.Session() as s:
    out["v"] = s.run(y, {x: np.ones((3, 2))}).tolist()
""",
    "map_fn_ragged_rows_fail": """
x = tf.placeholder(tf.int32, [None])
y = tf.map_fn(lambda n: tf.range(n), x)
with tf.Session() as s:
    out["ok"] = s.run(y, {x: [2, 2]}).tolist()
    out["bad"] = raises(lambda: s.run(y, {x: [1, 2]}))
""",
    "map_fn_nested_unknown": """
a = tf.placeholder(tf.float32)
b = tf.placeholder(tf.int32, [None])
y = tf.map_fn(lambda t: (t[0] + 1.0, t[1] * 2), (a, b), dtype=(tf.float32, tf.int32))
with tf.Session() as s:
    r = s.run(y, {a: [[1.0, 2.0], [3.0, 4.0]], b: [5, 6]})
    out["v"] = [r[0].tolist(), r[1].tolist()]
""",
    # Known different: zero rows of unknown shape fail as InvalidArgumentError, TF's Unimplemented.
    "map_fn_zero_rows_unknown": """
x = tf.placeholder(tf.float32)
y = tf.map_fn(lambda r: r * 2.0, x)
with tf.Session() as s:
    out["e"] = raises(lambda: s.run(y, {x: np.zeros((0, 3))}))
""",
    "scan_unknown_rank": """
x = tf.placeholder(tf.float32)
y = tf.scan(lambda a, r: a + r, x)
with tf.Session() as s:
    out["v"] = s.run(y, {x: np.arange(6.0).reshape(3, 2)}).tolist()
""",
    "scan_unknown_rank_init": """
x = tf.placeholder(tf.float32)
init = tf.placeholder(tf.float32)
y = tf.scan(lambda a, r: a * r, x, initializer=init)
with tf.Session() as s:
    out["v"] = s.run(y, {x: np.arange(1.0, 7.0).reshape(3, 2), init: [1.0, 1.0]}).tolist()
    out["bad"] = raises(lambda: s.run(y, {x: np.arange(1.0, 7.0).reshape(3, 2),
    init: [[1.0, 1.0], [1.0, 1.0]]}))
""",
    "nms_int64_placeholder": """
boxes = tf.constant([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3]], tf.float32)
scores = tf.constant([0.9, 0.8, 0.7])
m = tf.placeholder(tf.int64, [])
out["e"] = raises(lambda: tf.image.non_max_suppression(boxes, scores, m))
m32 = tf.placeholder(tf.int32, [])
sel = tf.image.non_max_suppression(boxes, scores, m32, 0.5)
out["static"] = sel.shape.as_list()
with tf.Session() as s:
    out["v"] = s.run(sel, {m32: 2}).tolist()
""",
    "nms_padded_int_tensor": """
boxes = tf.constant([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3]], tf.float32)
scores = tf.constant([0.9, 0.8, 0.7])
sel, n = tf.image.non_max_suppression_padded(boxes, scores, tf.constant(3),
    iou_threshold=0.5, pad_to_max_output_size=True)
out["static"] = sel.shape.as_list()
with tf.Session() as s:
    a, b = s.run([sel, n])
    out["v"] = [a.tolist(), int(b)]
""",
    # Known different: a tensor max_output_size_per_class is refused while building.
    "combined_nms_tensor_limits": """
boxes = tf.constant(np.array([[[[0, 0, 1, 1]], [[0, 0.1, 1, 1.1]], [[0, 2, 1, 3]]]], np.float32))
scores = tf.constant([[[0.9], [0.8], [0.7]]])
mp = tf.placeholder(tf.int32, [])
r = tf.image.combined_non_max_suppression(boxes, scores, mp, tf.constant(2), 0.5, 0.1)
out["static"] = [t.shape.as_list() for t in r]
with tf.Session() as s:
    out["v"] = [np.asarray(t).tolist() for t in s.run(r, {mp: 3})]
""",
    "gather_unknown_rank_params": """
p = tf.placeholder(tf.float32)
g = tf.gather(p, [1, 0], axis=1)
with tf.Session() as s:
    out["v"] = s.run(g, {p: [[1.0, 2.0], [3.0, 4.0]]}).tolist()
    out["scalar"] = raises(lambda: s.run(g, {p: 1.0}))
    out["axis_oob"] = raises(lambda: s.run(g, {p: [1.0, 2.0]}))
""",
    "gather_unknown_rank_grad": """
p = tf.placeholder(tf.float32)
g = tf.gather(p, [1, 1])
gr = tf.gradients(tf.reduce_sum(g * 2.0), p)[0]
with tf.Session() as s:
    out["v"] = s.run(tf.convert_to_tensor(gr), {p: [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}).tolist()
""",
    "clip_global_norm_nones": """
a = tf.constant([3.0, 4.0])
r, n = tf.clip_by_global_norm([None, a, None], 1.0)
with tf.Session() as s:
    out["n"] = float(s.run(n))
    out["v"] = s.run(r[1]).tolist()
    out["none"] = [t is None for t in r]
""",
    "ema_float64_and_tensor_decay": """
v = tf.Variable(np.array([1.0, 2.0]))
w = tf.Variable(np.float32(3.0))
step = tf.Variable(0, trainable=False)
ema = tf.train.ExponentialMovingAverage(tf.constant(0.3), num_updates=step, zero_debias=False)
with tf.control_dependencies([tf.assign(v, v * 1.7), tf.assign(w, w * 0.3)]):
    op = ema.apply([v, w])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    s.run(op); s.run(op)
    out["v"] = s.run(ema.average(v)).tolist()
    out["w"] = float(s.run(ema.average(w)))
""",
}

if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
