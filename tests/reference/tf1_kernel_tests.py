"""TensorFlow's own kernel tests (tensorflow/python/kernel_tests/: control_flow_ops_py_test,
while_v2_test, cond_v2_test, gather/scatter/segment/embedding_ops_test, reduction_ops_test,
cwise_ops_*_test, conv_ops_test, pooling_ops_test, batch_norm/fused_batch_norm, losses_test,
nn_test, array_ops_test) translated into TF1 programs and recorded (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_kernel_tests.py \
        > tests/unit/engine/fixtures/tf1_kernel_tests.json

Each program is TF1 code run unchanged but for the module bound to `tf`, after PREFIX (a
session runner, `v` that keeps a value's dtype beside it, `fails` that records the class of
what running raised); it stores what it observed in `out[...]`.
`tests/unit/engine/test_tf1_kernel_tests.py` runs the same text against graphgate.
"""

from __future__ import annotations

import collections

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PREFIX = """
def run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)

def v(x):
    # A value as [dtype, nested list]: TF's tests assert both (a list: each of its items).
    if isinstance(x, (list, tuple)):
        return [v(e) for e in x]
    a = np.asarray(x)
    return [a.dtype.name, a.tolist()]

def fails(fetches, feed=None):
    return raises(lambda: run(fetches, feed))

def shape(t):
    return None if t.shape.ndims is None else t.shape.as_list()
"""

WHILE = {
    # ------------------------------------------------- control_flow_ops_py_test: while_loop
    "while_basic_and_maximum_iterations": """
i = tf.constant(0)
r = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [i])
m = tf.while_loop(lambda i: True, lambda i: i + 1, [i], maximum_iterations=3)
mt = tf.while_loop(lambda i: i < 10, lambda i: i + 2, [i],
                   maximum_iterations=tf.constant(2))
m0 = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [i], maximum_iterations=0)
mp = tf.placeholder(tf.int32, [])
mf = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [i], maximum_iterations=mp)
out["values"] = [int(x) for x in run([r, m, mt, m0])]
out["fed"] = [int(run(mf, {mp: k})) for k in (0, 4, 20)]
""",
    "while_maximum_iterations_gradient": """
x = tf.constant(2.0)
r = tf.while_loop(lambda v: v < 1000.0, lambda v: v * v, [x], maximum_iterations=2)
g = tf.gradients(r, x)[0]
r2 = tf.while_loop(lambda v: v < 1000.0, lambda v: v * v, [x])
g2 = tf.gradients(r2, x)[0]
out["values"] = [float(t) for t in run([r, g, r2, g2])]
""",
    "while_tuple_and_nested_structures": """
Pair = collections.namedtuple("Pair", ["a", "b"])
def body(i, p, d):
    return i + 1, Pair(p.a * 2, p.b + p.a), {"x": d["x"] + i, "y": d["y"] * p.b}
i, p, d = tf.while_loop(lambda i, p, d: i < 4, body,
                        [tf.constant(0), Pair(tf.constant(1.0), tf.constant(0.5)),
                         {"x": tf.constant(0), "y": tf.constant([1.0, 2.0])}])
out["kinds"] = [type(p).__name__, sorted(d)]
got = run([i, p.a, p.b, d["x"], d["y"]])
out["values"] = [v(g) for g in got]
single = tf.while_loop(lambda x: x < 3, lambda x: x + 1, [tf.constant(0)])
listed = tf.while_loop(lambda x: x < 3, lambda x: [x + 1], [tf.constant(0)],
                       return_same_structure=True)
out["single_is_tensor"] = isinstance(single, tf.Tensor)
out["same_structure"] = type(listed).__name__
""",
    "while_shape_invariants": """
x = tf.constant([1.0])
i = tf.constant(0)
grow = lambda i, x: (i + 1, tf.concat([x, x], 0))
out["no_invariant"] = raises(lambda: tf.while_loop(lambda i, x: i < 3, grow, [i, x]))
_, r = tf.while_loop(lambda i, x: i < 3, grow, [i, x],
                     shape_invariants=[i.get_shape(), tf.TensorShape([None])])
out["shape"] = shape(r)
out["value"] = run(r).tolist()
out["wrong_invariant"] = raises(lambda: tf.while_loop(
    lambda i, x: i < 3, lambda i, x: (i + 1, x), [i, x],
    shape_invariants=[i.get_shape(), tf.TensorShape([2])]))
m = tf.constant([[1.0, 2.0]])
_, r2 = tf.while_loop(lambda i, m: i < 2, lambda i, m: (i + 1, tf.concat([m, m], 1)),
                      [i, m], shape_invariants=[i.get_shape(), tf.TensorShape([1, None])])
out["shape2"] = shape(r2)
out["value2"] = run(r2).tolist()
""",
    "while_back_prop_false_and_parallel_iterations": """
x = tf.constant(3.0)
r = tf.while_loop(lambda v: v < 100.0, lambda v: v * 2.0, [x], back_prop=False)
out["grad_none"] = tf.gradients(r, x)[0] is None
rs = [tf.while_loop(lambda i, s: i < 10, lambda i, s: (i + 1, s + tf.cast(i, tf.float32)),
                    [tf.constant(0), tf.constant(0.0)], parallel_iterations=k)[1]
      for k in (1, 2, 32)]
out["parallel"] = [float(t) for t in run([r] + rs)]
out["zero_parallel"] = raises(lambda: tf.while_loop(
    lambda i: i < 3, lambda i: i + 1, [tf.constant(0)], parallel_iterations=0))
""",
    "while_nested_and_gradients": """
def outer_body(i, s):
    j = tf.constant(0)
    _, inner = tf.while_loop(lambda j, t: j < i, lambda j, t: (j + 1, t + 1.0), [j, s])
    return i + 1, inner
_, total = tf.while_loop(lambda i, s: i < 5, outer_body, [tf.constant(0), tf.constant(0.0)])
x = tf.constant(1.5)
def ob(i, y):
    _, z = tf.while_loop(lambda j, z: j < 2, lambda j, z: (j + 1, z * x), [tf.constant(0), y])
    return i + 1, z
_, y = tf.while_loop(lambda i, y: i < 2, ob, [tf.constant(0), tf.constant(1.0)])
g = tf.gradients(y, x)[0]
out["values"] = [float(t) for t in run([total, y, g])]
""",
    "while_gradients_of_captured_and_loop_vars": """
w = tf.Variable(0.5)
x = tf.constant([1.0, 2.0])
_, r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, tf.tanh(a * w) + a),
                     [tf.constant(0), x])
loss = tf.reduce_sum(r)
gw, gx = tf.gradients(loss, [w, x])
out["values"] = [v(t) for t in run([r, gw, gx])]
_, s = tf.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, a * a), [tf.constant(0), x])
out["square"] = [v(t) for t in run([s, tf.gradients(s, x)[0]])]
""",
    "while_with_tensor_array_and_cond": """
ta = tf.TensorArray(tf.float32, size=5)
def body(i, ta):
    f = tf.cast(i, tf.float32)
    val = tf.cond(tf.equal(i % 2, 0), lambda: f, lambda: -f)
    return i + 1, ta.write(i, val * 2.0)
_, ta = tf.while_loop(lambda i, ta: i < 5, body, [tf.constant(0), ta])
stacked = ta.stack()
x = tf.constant(2.0)
_, acc = tf.while_loop(lambda i, a: i < 3,
                       lambda i, a: (i + 1, tf.cond(a > 5.0, lambda: a + x, lambda: a * x)),
                       [tf.constant(0), x])
out["stack"] = run(stacked).tolist()
out["acc"] = [float(t) for t in run([acc, tf.gradients(acc, x)[0]])]
""",
    "while_rnn_and_indexed_gradients": """
# The shape of TF1's dynamic_rnn: a loop reading a TensorArray of inputs, a captured
# weight, a gather of a captured table (IndexedSlices gradients) and a stop_gradient.
xs = tf.constant(np.linspace(-1.0, 1.0, 12).reshape(4, 3), tf.float32)
w = tf.constant(np.linspace(-0.5, 0.5, 9).reshape(3, 3), tf.float32)
table = tf.constant(np.arange(8.0).reshape(4, 2) / 8.0, tf.float32)
inputs = tf.TensorArray(tf.float32, size=4).unstack(xs)
outs = tf.TensorArray(tf.float32, size=4)
def body(t, h, outs):
    row = tf.gather(table, t % 4)
    h = tf.tanh(tf.matmul(tf.expand_dims(inputs.read(t) + h, 0), w)[0]) + row[0]
    h = h + tf.stop_gradient(h) * 0.1
    return t + 1, h, outs.write(t, h * row[1])
_, h, outs = tf.while_loop(lambda t, h, o: t < 4, body,
                           [tf.constant(0), tf.zeros([3]), outs])
loss = tf.reduce_sum(outs.stack()) + tf.reduce_sum(h * h)
gx, gw, gt = tf.gradients(loss, [xs, w, table])
out["values"] = [run(h).tolist(), run(loss).tolist()]
out["grads"] = [run(gx).tolist(), run(gw).tolist(), run(tf.convert_to_tensor(gt)).tolist()]
out["table_grad_kind"] = type(gt).__name__
m = tf.placeholder(tf.int32, [])
# With maximum_iterations TF1 compares the body's structure with the loop variables'
# strictly: a tuple for a list is refused.
out["max_iter_tuple_body"] = raises(lambda: tf.while_loop(
    lambda t, h: t < 10, lambda t, h: (t + 1, h + 1.0), [tf.constant(0), tf.constant(1.0)],
    maximum_iterations=3))
_, hm = tf.while_loop(lambda t, h: t < 10, lambda t, h: [t + 1, h * w[0, 0] + 1.0],
                      [tf.constant(0), tf.constant(1.0)], maximum_iterations=m)
out["fed_max_grad"] = [run(tf.gradients(hm, w)[0], {m: k}).tolist() for k in (0, 3)]
""",
    "while_with_variable_updates": """
v = tf.Variable(0.0)
def body(i, acc):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        return i + 1, acc + tf.identity(v.read_value())
# One iteration at a time: with TF's default parallel_iterations=10 the iterations'
# assign_adds may all run before their reads (TF gave 9, not 6): a race, not a value.
_, acc = tf.while_loop(lambda i, a: i < 3, body, [tf.constant(0), tf.constant(0.0)],
                       parallel_iterations=1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["first"] = float(sess.run(acc))
    out["second"] = float(sess.run(acc))
    out["variable"] = float(sess.run(v))
""",
    "cond_gradients_of_gathers_and_untaken_branches": """
table = tf.constant(np.arange(6.0).reshape(3, 2), tf.float32)
p = tf.placeholder(tf.bool, [])
y = tf.cond(p, lambda: tf.gather(table, [0, 2, 0]), lambda: tf.gather(table, [1]) * 3.0)
g = tf.gradients(tf.reduce_sum(y), table)[0]
out["kind"] = type(g).__name__
out["grads"] = [run(tf.convert_to_tensor(g), {p: q}).tolist() for q in (True, False)]
x = tf.constant(2.0)
z = tf.cond(p, lambda: x * 3.0, lambda: tf.constant(7.0))
gz = tf.gradients(z, x)[0]
out["untaken"] = [float(run(gz, {p: q})) for q in (True, False)]
u = tf.constant(4.0)
only = tf.cond(p, lambda: u * u, lambda: u)
out["second"] = [float(run(tf.gradients(tf.gradients(only, u)[0], u)[0], {p: q}))
                 for q in (True, False)]
""",
    "while_refusals": """
i = tf.constant(0)
out["body_arity"] = raises(lambda: tf.while_loop(lambda i: i < 3, lambda i: (i + 1, i), [i]))
# TF builds it and fails when run (Merge given a float): recorded last, as the broken
# loop stays in the graph.
out["cond_not_bool"] = raises(lambda: tf.while_loop(lambda i: i, lambda i: i + 1, [i]))
out["not_callable"] = raises(lambda: tf.while_loop(True, lambda i: i + 1, [i]))
out["empty_vars"] = raises(lambda: tf.while_loop(lambda: True, lambda: (), []))
out["dtype_change"] = raises(lambda: run(tf.while_loop(
    lambda i: i < 3, lambda i: tf.cast(i, tf.float32) + 1.0, [i])))
""",
    "while_unknown_shapes_fed": """
p = tf.placeholder(tf.float32, [None, 2])
_, r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a + tf.reduce_sum(a, 0)),
                     [tf.constant(0), p])
out["shape"] = shape(r)
out["value"] = run(r, {p: [[1.0, 2.0], [3.0, 4.0]]}).tolist()
out["grad"] = run(tf.gradients(tf.reduce_sum(r), p)[0], {p: [[1.0, 2.0], [3.0, 4.0]]}).tolist()
""",
}

COND = {
    # ----------------------------------------------------------------- cond_v2_test, case
    "cond_values_and_gradients": """
x = tf.constant(2.0)
y = tf.constant(5.0)
p = tf.placeholder(tf.bool, [])
r = tf.cond(p, lambda: x * y, lambda: x + y * y)
gx, gy = tf.gradients(r, [x, y])
out["true"] = [float(t) for t in run([r, gx, gy], {p: True})]
out["false"] = [float(t) for t in run([r, gx, gy], {p: False})]
const = tf.cond(tf.constant(False), lambda: x, lambda: y)
out["const"] = float(run(const))
""",
    "cond_nested_structures_and_shapes": """
p = tf.placeholder(tf.bool, [])
a, (b, c) = tf.cond(p, lambda: (tf.constant(1), (tf.constant([1.0, 2.0]), tf.constant("t"))),
                    lambda: (tf.constant(2), (tf.constant([3.0, 4.0]), tf.constant("f"))))
out["values"] = [[int(t[0]), t[1].tolist(), t[2].decode()]
                 for t in (run([a, b, c], {p: q}) for q in (True, False))]
d = tf.cond(p, lambda: tf.zeros([2, 3]), lambda: tf.ones([4, 3]))
out["merged_shape"] = shape(d)
out["merged"] = [list(run(d, {p: q}).shape) for q in (True, False)]
dd = tf.cond(p, lambda: {"k": tf.constant(1.0)}, lambda: {"k": tf.constant(2.0)})
out["dict"] = [sorted(dd), float(run(dd["k"], {p: False}))]
""",
    "cond_refusals": """
p = tf.placeholder(tf.bool, [])
out["structure"] = raises(lambda: tf.cond(
    p, lambda: (tf.constant(1), tf.constant(2)), lambda: tf.constant(3)))
out["dtype"] = raises(lambda: tf.cond(p, lambda: tf.constant(1), lambda: tf.constant(1.0)))
out["pred_shape"] = raises(lambda: tf.cond(
    tf.constant([True, False]), lambda: tf.constant(1), lambda: tf.constant(2)))
out["pred_dtype"] = raises(lambda: tf.cond(
    tf.constant(1), lambda: tf.constant(1), lambda: tf.constant(2)))
""",
    "cond_in_while_and_side_effects": """
v = tf.Variable(0)
p = tf.placeholder(tf.bool, [])
r = tf.cond(p, lambda: tf.assign_add(v, 1), lambda: tf.assign_add(v, 10))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    seen = [int(sess.run(r, {p: q})) for q in (True, False, True)]
    out["side_effects"] = seen + [int(sess.run(v))]
x = tf.constant(1.0)
_, s = tf.while_loop(lambda i, s: i < 6,
                     lambda i, s: (i + 1, tf.cond(i < 3, lambda: s * x * 2.0, lambda: s + x)),
                     [tf.constant(0), x])
out["loop"] = [float(t) for t in run([s, tf.gradients(s, x)[0]])]
""",
    "case_and_exclusive": """
x = tf.placeholder(tf.int32, [])
c = tf.case([(x < 0, lambda: tf.constant(-1)), (x > 10, lambda: tf.constant(1))],
            default=lambda: tf.constant(0))
out["case"] = [int(run(c, {x: k})) for k in (-5, 5, 50)]
both = tf.case([(x > 0, lambda: tf.constant(1)), (x > 1, lambda: tf.constant(2))],
               default=lambda: tf.constant(0), exclusive=True)
out["exclusive_one"] = int(run(both, {x: 1}))
out["exclusive_two"] = fails(both, {x: 5})
first = tf.case([(x > 0, lambda: tf.constant(1)), (x > 1, lambda: tf.constant(2))],
                default=lambda: tf.constant(0))
out["first_wins"] = int(run(first, {x: 5}))
d = tf.case({x > 0: lambda: tf.constant(7)}, default=lambda: tf.constant(8))
out["dict"] = [int(run(d, {x: k})) for k in (1, -1)]
""",
}

GATHER = {
    # ------------------------------------------------- gather_op_test, gather_nd_op_test
    "gather_axes_and_batch_dims": """
params = tf.constant(np.arange(24).reshape(2, 3, 4))
out["axis0"] = v(run(tf.gather(params, [1, 0, 1])))
out["axis1"] = v(run(tf.gather(params, [[2, 0], [1, 1]], axis=1)))
out["axis_neg"] = v(run(tf.gather(params, [3, 0], axis=-1)))
out["scalar"] = v(run(tf.gather(params, 1, axis=1)))
out["int64"] = v(run(tf.gather(params, tf.constant([1], tf.int64), axis=2)))
out["batch_dims"] = v(run(tf.gather(params, [[0, 2], [1, 1]], axis=1, batch_dims=1)))
out["batch_dims_axis2"] = v(run(tf.gather(params, [[3, 0], [1, 2]], axis=2, batch_dims=1)))
out["shape"] = shape(tf.gather(params, [[2, 0], [1, 1]], axis=1))
out["empty"] = v(run(tf.gather(params, tf.zeros([0], tf.int32))))
""",
    "gather_out_of_range_and_gradient": """
params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
idx = tf.placeholder(tf.int32, [None])
out["bad"] = fails(tf.gather(params, idx), {idx: [0, 3]})
out["negative"] = fails(tf.gather(params, idx), {idx: [-1]})
out["const_bad"] = raises(lambda: tf.gather(params, [5]))
g = tf.gradients(tf.reduce_sum(tf.gather(params, [2, 0, 2]) * [[1.0, 2.0]]), params)[0]
out["grad_kind"] = type(g).__name__
out["grad"] = run(tf.convert_to_tensor(g)).tolist()
g1 = tf.gradients(tf.reduce_sum(tf.gather(params, [1, 1], axis=1)), params)[0]
out["grad_axis1"] = run(tf.convert_to_tensor(g1)).tolist()
""",
    "gather_nd_cases": """
p = tf.constant(np.arange(12.0).reshape(3, 2, 2))
out["full"] = v(run(tf.gather_nd(p, [[0, 1, 1], [2, 0, 0]])))
out["slices"] = v(run(tf.gather_nd(p, [[1], [0]])))
out["pairs"] = v(run(tf.gather_nd(p, [[[0, 0], [2, 1]]])))
out["empty_index"] = v(run(tf.gather_nd(p, tf.zeros([0, 2], tf.int32))))
out["batch"] = v(run(tf.gather_nd(p, [[1], [0], [1]], batch_dims=1)))
i = tf.placeholder(tf.int32, [None, 2])
out["bad"] = fails(tf.gather_nd(p, i), {i: [[3, 0]]})
g = tf.gradients(tf.reduce_sum(tf.gather_nd(p, [[0, 1], [0, 1], [2, 0]])), p)[0]
out["grad"] = run(g).tolist()
""",
    "scatter_variable_ops": """
def apply(op, init, idx, upd, dtype=tf.float32):
    var = tf.Variable(init, dtype=dtype)
    return run(op(var, idx, tf.constant(upd, dtype)))
init = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
out["update"] = apply(tf.scatter_update, init, [2, 0], [[9.0, 9.0], [8.0, 8.0]]).tolist()
out["add_repeated"] = apply(tf.scatter_add, init, [1, 1], [[1.0, 1.0], [2.0, 2.0]]).tolist()
out["sub"] = apply(tf.scatter_sub, init, [0], [[1.0, 1.0]]).tolist()
out["mul"] = apply(tf.scatter_mul, init, [2, 2], [[2.0, 3.0], [2.0, 3.0]]).tolist()
out["div"] = apply(tf.scatter_div, init, [0], [[2.0, 0.0]]).tolist()
out["max"] = apply(tf.scatter_max, init, [0, 1], [[0.0, 5.0], [7.0, 0.0]]).tolist()
out["min"] = apply(tf.scatter_min, init, [0, 1], [[0.0, 5.0], [7.0, 0.0]]).tolist()
out["int_div"] = apply(tf.scatter_div, [7, -7, 9], [0, 1], [2, 2], tf.int32).tolist()
out["nd_update"] = apply(tf.scatter_nd_update, init, [[0, 1], [2, 0]], [10.0, 20.0]).tolist()
out["nd_add"] = apply(tf.scatter_nd_add, init, [[1], [1]], [[1.0, 1.0], [1.0, 1.0]]).tolist()
var = tf.Variable(init)
idx = tf.placeholder(tf.int32, [None])
out["bad_index"] = fails(tf.scatter_update(var, idx, [[0.0, 0.0]]), {idx: [3]})
out["bad_shape"] = raises(lambda: tf.scatter_update(var, [0], [[0.0, 0.0, 0.0]]))
""",
    "scatter_nd_and_tensor_scatter": """
out["dup_sum"] = v(run(tf.scatter_nd([[1], [3], [1]], [1.0, 2.0, 3.0], [5])))
out["slices"] = v(run(tf.scatter_nd([[0], [2]], [[1, 2], [3, 4]], [3, 2])))
out["empty"] = v(run(tf.scatter_nd(tf.zeros([0, 1], tf.int32), tf.zeros([0]), [3])))
t = tf.constant([1.0, 2.0, 3.0, 4.0])
out["t_update"] = v(run(tf.tensor_scatter_nd_update(t, [[0], [2]], [9.0, 8.0])))
out["t_add"] = v(run(tf.tensor_scatter_nd_add(t, [[0], [0]], [9.0, 8.0])))
out["t_sub"] = v(run(tf.tensor_scatter_nd_sub(t, [[3]], [1.0])))
i = tf.placeholder(tf.int32, [None, 1])
out["bad"] = fails(tf.scatter_nd(i, [1.0], [3]), {i: [[3]]})
out["t_bad"] = fails(tf.tensor_scatter_nd_update(t, i, [1.0]), {i: [[-1]]})
u = tf.constant([1.0, 2.0, 3.0])
s = tf.scatter_nd([[1], [3], [1]], u, [5])
out["grad"] = run(tf.gradients(tf.reduce_sum(s * [1.0, 2.0, 3.0, 4.0, 5.0]), u)[0]).tolist()
tu = tf.tensor_scatter_nd_update(t, [[1]], [u[0]])
gt, gu = tf.gradients(tf.reduce_sum(tu * [1.0, 2.0, 3.0, 4.0]), [t, u])
out["t_grad"] = [run(gt).tolist(), run(gu).tolist()]
""",
    "segment_ops_with_gaps": """
data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, -8.0]])
ids = tf.constant([0, 0, 2, 2])
for name in ("sum", "mean", "max", "min", "prod"):
    out["segment_" + name] = v(run(getattr(tf.math, "segment_" + name)(data, ids)))
uids = tf.constant([3, 0, 3, -1])
for name in ("sum", "mean", "max", "min", "prod", "sqrt_n"):
    out["unsorted_" + name] = v(run(
        getattr(tf.math, "unsorted_segment_" + name)(data, uids, num_segments=4)))
out["int_max_empty"] = v(run(tf.math.unsorted_segment_max(
    tf.constant([5, 6], tf.int32), [0, 0], num_segments=2)))
bad = tf.placeholder(tf.int32, [None])
out["unsorted_ids"] = fails(tf.math.segment_sum(data, bad), {bad: [1, 0, 0, 0]})
out["too_big"] = fails(tf.math.unsorted_segment_sum(data, bad, 2), {bad: [0, 1, 2, 0]})
out["bad_length"] = raises(lambda: tf.math.segment_sum(data, [0, 0]))
""",
    "segment_gradients": """
data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 5.0], [7.0, -8.0]])
ids = tf.constant([0, 0, 1, 1])
w = tf.constant([[1.0, 2.0], [3.0, 4.0]])
for name in ("sum", "mean", "max", "min", "prod"):
    y = getattr(tf.math, "segment_" + name)(data, ids)
    out["segment_" + name] = run(tf.gradients(tf.reduce_sum(y * w), data)[0]).tolist()
uids = tf.constant([1, -1, 0, 1])
for name in ("sum", "max", "prod", "sqrt_n"):
    y = getattr(tf.math, "unsorted_segment_" + name)(data, uids, 3)
    out["unsorted_" + name] = run(tf.gradients(tf.reduce_sum(y), data)[0]).tolist()
""",
    "sparse_segment_ops": """
data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
idx = tf.constant([0, 2, 1, 1])
seg = tf.constant([0, 0, 2, 2])
out["sum"] = v(run(tf.sparse.segment_sum(data, idx, seg)))
out["mean"] = v(run(tf.sparse.segment_mean(data, idx, seg)))
out["sqrt_n"] = v(run(tf.sparse.segment_sqrt_n(data, idx, seg)))
out["num_segments"] = v(run(tf.sparse.segment_sum(data, idx, seg, num_segments=4)))
g = tf.gradients(tf.reduce_sum(tf.sparse.segment_mean(data, idx, seg)), data)[0]
out["grad"] = run(tf.convert_to_tensor(g)).tolist()
b = tf.placeholder(tf.int32, [None])
out["bad_index"] = fails(tf.sparse.segment_sum(data, b, [0, 0]), {b: [0, 3]})
""",
    "embedding_lookup_partitions": """
table = np.arange(14.0).reshape(7, 2)
for strategy in ("mod", "div"):
    if strategy == "mod":
        parts = [table[i::3] for i in range(3)]
    else:
        parts = [table[0:3], table[3:5], table[5:7]]
    params = [tf.constant(p) for p in parts]
    out[strategy] = run(tf.nn.embedding_lookup(params, [6, 0, 3, 4, 1],
                                               partition_strategy=strategy)).tolist()
one = tf.constant(table)
out["max_norm"] = run(tf.nn.embedding_lookup(one, [[1, 6]], max_norm=5.0)).tolist()
out["single_list"] = run(tf.nn.embedding_lookup([one], [2])).tolist()
ids = tf.placeholder(tf.int32, [None])
out["bad"] = fails(tf.nn.embedding_lookup(one, ids), {ids: [7]})
g = tf.gradients(tf.reduce_sum(tf.nn.embedding_lookup(one, [1, 1, 3])), one)[0]
out["grad"] = [type(g).__name__, run(tf.convert_to_tensor(g)).tolist()]
""",
    "embedding_lookup_sparse_combiners": """
params = tf.constant(np.arange(10.0).reshape(5, 2), tf.float32)
sp_ids = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([1, 3, 4], tf.int64), [3, 2])
sp_w = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], [2.0, 0.5, 3.0], [3, 2])
for combiner in ("sum", "mean", "sqrtn"):
    out[combiner] = run(tf.nn.embedding_lookup_sparse(params, sp_ids, None,
                                                      combiner=combiner)).tolist()
    out[combiner + "_weighted"] = run(tf.nn.embedding_lookup_sparse(
        params, sp_ids, sp_w, combiner=combiner)).tolist()
safe = tf.nn.safe_embedding_lookup_sparse(params, sp_ids, sp_w, combiner="mean")
out["safe"] = run(safe).tolist()
out["bad_combiner"] = raises(lambda: tf.nn.embedding_lookup_sparse(
    params, sp_ids, None, combiner="max"))
""",
}

REDUCE = {
    # ------------------------------------------------------------------ reduction_ops_test
    "reductions_axes_and_keepdims": """
x = tf.constant(np.arange(24.0).reshape(2, 3, 4))
out["none"] = v(run(tf.reduce_sum(x)))
out["neg_axis"] = v(run(tf.reduce_sum(x, -1)))
out["axes"] = v(run(tf.reduce_max(x, [0, 2], keepdims=True)))
out["neg_axes"] = v(run(tf.reduce_mean(x, [-1, 0])))
out["empty_axes"] = v(run(tf.reduce_sum(x, [])))
out["shape"] = shape(tf.reduce_prod(x, [1], keepdims=True))
out["keep_dims_alias"] = shape(tf.reduce_sum(x, 1, keep_dims=True))
out["out_of_range"] = raises(lambda: tf.reduce_sum(x, 3))
out["dup_axes"] = raises(lambda: run(tf.reduce_sum(x, [1, 1])))
a = tf.placeholder(tf.int32, [None])
out["fed_dup"] = fails(tf.reduce_sum(x, a), {a: [0, -3]})
out["fed_bad"] = fails(tf.reduce_sum(x, a), {a: [5]})
""",
    "reductions_dtypes_and_edges": """
i = tf.constant([[1, 2], [4, 6]], tf.int32)
out["int_mean"] = v(run(tf.reduce_mean(i, 0)))
out["int_mean_neg"] = v(run(tf.reduce_mean(tf.constant([-1, -2], tf.int32))))
out["int8_sum"] = v(run(tf.reduce_sum(tf.constant([100, 100], tf.int8))))
out["uint8_prod"] = v(run(tf.reduce_prod(tf.constant([16, 17], tf.uint8))))
out["bool_all_any"] = [v(run(tf.reduce_all([[True, False], [True, True]], 1))),
                       v(run(tf.reduce_any([[False, False], [True, False]], 1)))]
nan = tf.constant([1.0, np.nan, 3.0])
out["nan"] = [v(run(f(nan))) for f in (tf.reduce_sum, tf.reduce_max, tf.reduce_min,
                                       tf.reduce_mean, tf.reduce_prod)]
e = tf.zeros([0, 3])
out["empty"] = [v(run(f(e, 0))) for f in (tf.reduce_sum, tf.reduce_prod, tf.reduce_max,
                                          tf.reduce_min, tf.reduce_mean,
                                          tf.reduce_logsumexp)]
out["empty_int"] = [v(run(f(tf.zeros([0], tf.int32)))) for f in (tf.reduce_max,
                                                                 tf.reduce_min)]
out["string"] = raises(lambda: tf.reduce_sum(tf.constant(["a"])))
""",
    "float16_kernels": """
# TF's float16 kernels round some intermediate results to float16, in an order its
# vectorized loops pick: the engine test holds these to TF's own float16 tolerance.
out["softmax"] = v(run(tf.nn.softmax(tf.constant([10.0, 11.0, 12.0], tf.float16))))
out["log_softmax"] = v(run(tf.nn.log_softmax(tf.constant([10.0, 11.0, 12.0], tf.float16))))
out["sum"] = v(run(tf.reduce_sum(tf.fill([3000], tf.constant(1.0, tf.float16)))))
out["mean_small"] = v(run(tf.reduce_mean(tf.fill([100], tf.constant(0.1, tf.float16)))))
out["mean_large"] = v(run(tf.reduce_mean(tf.fill([4096], tf.constant(0.1, tf.float16)))))
""",
    "reduce_logsumexp_std_variance": """
x = tf.constant([[0.0, -np.inf], [np.inf, 1.0], [-np.inf, -np.inf], [1000.0, 1000.0]])
out["lse"] = v(run(tf.reduce_logsumexp(x, 1)))
out["lse_keep"] = v(run(tf.reduce_logsumexp(tf.constant([[1.0, 2.0], [3.0, 4.0]]),
                                            keepdims=True)))
y = tf.constant([[1.0, 2.0, 4.0], [3.0, 3.0, 3.0]])
out["std"] = v(run(tf.math.reduce_std(y, 1)))
out["variance"] = v(run(tf.math.reduce_variance(y, 0, keepdims=True)))
out["euclid"] = v(run(tf.math.reduce_euclidean_norm(y, 1)))
out["count_nonzero"] = v(run(tf.math.count_nonzero(y - 3.0, 1)))
out["lse_grad"] = run(tf.gradients(tf.reduce_sum(tf.reduce_logsumexp(x, 1)), x)[0]).tolist()
""",
    "reduction_gradients": """
x = tf.constant([[1.0, 3.0, 3.0], [0.0, 2.0, 0.0]])
w = tf.constant([[1.0], [2.0]])
def g(f, *a, **k):
    return run(tf.gradients(tf.reduce_sum(f(x, *a, **k) * w if k.get("keepdims") else
                                          f(x, *a, **k)), x)[0]).tolist()
out["max"] = g(tf.reduce_max, 1, keepdims=True)
out["min_all"] = g(tf.reduce_min)
out["prod"] = g(tf.reduce_prod, 1, keepdims=True)
out["mean"] = g(tf.reduce_mean, 0)
out["prod_all"] = g(tf.reduce_prod)
out["lse"] = g(tf.reduce_logsumexp, 1, keepdims=True)
""",
    "argmax_argmin_and_top_k": """
x = tf.constant([[1.0, 3.0, 3.0], [np.nan, 2.0, 5.0], [-1.0, -1.0, -2.0]])
out["argmax"] = v(run(tf.argmax(x, 1)))
out["argmin"] = v(run(tf.argmin(x, 1)))
out["argmax0"] = v(run(tf.argmax(x, 0, output_type=tf.int32)))
out["argmax_int"] = v(run(tf.math.argmax(tf.constant([3, 7, 7], tf.int8))))
out["empty"] = fails(tf.argmax(tf.zeros([0]), 0))
vals, idx = tf.nn.top_k(tf.constant([[1.0, 4.0, 4.0, 2.0], [0.0, 0.0, 0.0, 0.0]]), k=3)
out["top_k"] = [v(t) for t in run([vals, idx])]
k = tf.placeholder(tf.int32, [])
out["top_k_too_big"] = fails(tf.nn.top_k([1.0, 2.0], k=k), {k: 3})
out["top_k_const_too_big"] = raises(lambda: tf.nn.top_k([1.0, 2.0], k=3))
out["top_k_int"] = v(run(tf.nn.top_k(tf.constant([5, -1, 9], tf.int32), 2).values))
ti = tf.nn.top_k(tf.constant([2.0, 1.0, 2.0]), 2)
gx = tf.placeholder_with_default(tf.constant([2.0, 1.0, 2.0]), [3])
g = tf.gradients(tf.reduce_sum(tf.nn.top_k(gx, 2).values * [1.0, 10.0]), gx)[0]
out["top_k_grad"] = run(g).tolist()
""",
    "cumulative_ops": """
x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
out["cumsum"] = v(run(tf.cumsum(x, 1)))
out["exclusive"] = v(run(tf.cumsum(x, 1, exclusive=True)))
out["reverse"] = v(run(tf.cumsum(x, 0, reverse=True)))
out["both"] = v(run(tf.cumprod(x, 1, exclusive=True, reverse=True)))
out["int"] = v(run(tf.cumsum(tf.constant([100, 100, 100], tf.int8))))
out["lse"] = v(run(tf.math.cumulative_logsumexp(tf.constant([0.0, 0.0, np.log(2.0)]))))
g = tf.gradients(tf.reduce_sum(tf.cumprod(x, 1) * [[1.0, 0.0, 2.0]]), x)[0]
out["cumprod_grad"] = run(g).tolist()
g2 = tf.gradients(tf.reduce_sum(tf.cumsum(x, 1, exclusive=True, reverse=True) * x), x)[0]
out["cumsum_grad"] = run(g2).tolist()
""",
}

CWISE = {
    # ------------------------------------------------------------ cwise_ops_*_test: edges
    "broadcasting": """
a = tf.constant(np.arange(6.0).reshape(2, 1, 3), tf.float32)
b = tf.constant([[10.0], [20.0], [30.0], [40.0]])
out["add"] = v(run(a + b))
out["shape"] = shape(a * b)
out["scalar"] = v(run(tf.constant([1, 2]) * 3))
out["bad"] = raises(lambda: tf.constant([1.0, 2.0]) + tf.constant([1.0, 2.0, 3.0]))
p = tf.placeholder(tf.float32, None)
out["bad_fed"] = fails(p + tf.constant([1.0, 2.0]), {p: [1.0, 2.0, 3.0]})
out["empty"] = v(run(tf.zeros([0, 3]) + tf.ones([1, 3])))
ga, gb = tf.gradients(tf.reduce_sum(a * b), [a, b])
out["grads"] = [run(ga).tolist(), run(gb).tolist()]
""",
    "integer_division_and_modulo": """
x = tf.constant([7, -7, 7, -7], tf.int32)
y = tf.constant([2, 2, -2, -2], tf.int32)
out["floordiv"] = v(run(tf.math.floordiv(x, y)))
out["truncatediv"] = v(run(tf.truncatediv(x, y)))
out["floormod"] = v(run(tf.math.floormod(x, y)))
out["truncatemod"] = v(run(tf.truncatemod(x, y)))
out["div"] = v(run(tf.div(x, y)))
out["truediv"] = v(run(tf.truediv(x, y)))
out["int64_truediv"] = v(run(tf.truediv(tf.constant([1], tf.int64), 3)))
out["operator_floordiv"] = v(run(x // y))
out["operator_mod"] = v(run(x % y))
out["float_floormod"] = v(run(tf.math.floormod([5.5, -5.5, 5.5, -0.0], [2.0, 2.0, -2.0, 3.0])))
out["float_mod_zero"] = v(run(tf.math.floormod([1.0], [0.0])))
z = tf.placeholder(tf.int32, [2])
out["zero_floordiv"] = fails(tf.math.floordiv(x[:2], z), {z: [1, 0]})
out["zero_floormod"] = fails(tf.math.floormod(x[:2], z), {z: [0, 1]})
out["zero_truncatediv"] = fails(tf.truncatediv(x[:2], z), {z: [0, 1]})
out["zero_truncatemod"] = fails(tf.truncatemod(x[:2], z), {z: [1, 0]})
out["min_by_minus_one"] = v(run(tf.math.floordiv(tf.constant([-2**31], tf.int32),
                                                tf.constant([-1], tf.int32))))
out["uint8_floordiv"] = v(run(tf.math.floordiv(tf.constant([255], tf.uint8),
                                              tf.constant([7], tf.uint8))))
""",
    "float_edges": """
x = tf.constant([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan])
out["div_zero"] = v(run(tf.constant(1.0) / x))
out["sign"] = v(run(tf.sign(x)))
out["sqrt"] = v(run(tf.sqrt(x)))
out["log"] = v(run(tf.log(x)))
out["exp"] = v(run(tf.exp(tf.constant([88.0, 89.0, -104.0, -110.0]))))
out["reciprocal"] = v(run(tf.reciprocal(x)))
out["rsqrt"] = v(run(tf.rsqrt(x)))
out["maximum"] = v(run(tf.maximum(x, 0.0)))
out["minimum"] = v(run(tf.minimum(x, 0.0)))
out["round"] = v(run(tf.round([0.5, 1.5, 2.5, -0.5, -1.5, -2.5])))
out["rint"] = v(run(tf.math.rint([0.5, 1.5, -2.5, 2.6])))
out["floor_ceil"] = v(run([tf.floor(x), tf.ceil(x)]))
out["abs_neg"] = v(run([tf.abs(x), tf.negative(x)]))
out["square_overflow"] = v(run(tf.square(tf.constant([2e19, 1e-23]))))
out["compare_nan"] = v(run([tf.equal(x, x), tf.not_equal(x, x), tf.less(x, np.inf)]))
out["is"] = v(run([tf.is_nan(x), tf.is_inf(x), tf.is_finite(x)]))
out["divide_no_nan"] = v(run(tf.div_no_nan([1.0, 0.0, np.nan], [0.0, 0.0, 0.0])))
out["pow"] = v(run(tf.pow([0.0, -8.0, 2.0, -1.0], [-1.0, 1.0 / 3.0, 0.5, np.inf])))
out["xlogy"] = v(run([tf.math.xlogy([0.0, 0.0, 1.0], [0.0, np.nan, 0.0]),
                      tf.math.xdivy([0.0, 1.0], [0.0, 0.0])]))
""",
    "activation_edges": """
x = tf.constant([-1000.0, -20.0, -1.0, 0.0, 1.0, 20.0, 1000.0, np.nan])
out["sigmoid"] = v(run(tf.sigmoid(x)))
out["tanh"] = v(run(tf.tanh(x)))
out["softplus"] = v(run(tf.nn.softplus(x)))
out["softsign"] = v(run(tf.nn.softsign(x)))
out["elu"] = v(run(tf.nn.elu(x)))
out["selu"] = v(run(tf.nn.selu(x)))
out["relu6"] = v(run(tf.nn.relu6(x)))
out["log_sigmoid"] = v(run(tf.log_sigmoid(x)))
out["leaky"] = v(run(tf.nn.leaky_relu(x, alpha=0.3)))
y = tf.constant([-1.0, 0.0, 1.0, 6.0, 7.0])
gs = tf.gradients([tf.reduce_sum(f(y)) for f in (tf.nn.relu, tf.nn.relu6, tf.nn.elu,
                                                 tf.nn.selu, tf.nn.leaky_relu, tf.abs)], y)
out["grads_sum"] = run(gs[0]).tolist()
for name, f in (("relu", tf.nn.relu), ("relu6", tf.nn.relu6), ("elu", tf.nn.elu),
                ("selu", tf.nn.selu), ("leaky", tf.nn.leaky_relu), ("abs", tf.abs),
                ("softplus", tf.nn.softplus), ("crelu", tf.nn.crelu)):
    out["grad_" + name] = run(tf.gradients(tf.reduce_sum(f(y)), y)[0]).tolist()
out["crelu"] = v(run(tf.nn.crelu(tf.constant([[-1.0, 2.0]]))))
""",
    "integer_wrapping_and_bits": """
big = tf.constant([2**31 - 1, -2**31], tf.int32)
out["add_wrap"] = v(run(big + 1))
out["neg_wrap"] = v(run(-big))
out["abs_min"] = v(run(tf.abs(big)))
out["mul_wrap"] = v(run(tf.constant([200], tf.uint8) * tf.constant([2], tf.uint8)))
out["sub_wrap"] = v(run(tf.constant([1], tf.uint8) - tf.constant([2], tf.uint8)))
out["square_int8"] = v(run(tf.square(tf.constant([12, -12], tf.int8))))
out["pow_int"] = v(run(tf.pow(tf.constant([2, 3, -2], tf.int32), tf.constant([10, 0, 3]))))
e = tf.placeholder(tf.int32, [1])
out["pow_negative_exp"] = fails(tf.pow(tf.constant([2], tf.int32), e), {e: [-1]})
b = tf.bitwise
out["bitwise"] = v(run([b.bitwise_and(12, 10), b.bitwise_or(12, 10), b.bitwise_xor(12, 10),
                        b.invert(tf.constant([0, 5], tf.uint8))]))
out["shifts"] = v(run([b.left_shift(tf.constant([1, 1, -8], tf.int32), [3, 31, 1]),
                       b.right_shift(tf.constant([-8, 256], tf.int32), [1, 4])]))
out["shift_out_of_range"] = v(run([b.left_shift(tf.constant([1], tf.int8), [9]),
                                   b.right_shift(tf.constant([-100], tf.int8), [10])]))
out["mixed"] = raises(lambda: tf.constant(1) + tf.constant(1.0))
out["mixed_width"] = raises(lambda: tf.constant(1, tf.int64) + tf.constant(1, tf.int32))
""",
    "dtype_edges": """
i8 = tf.constant([-128, -1, 0, 127], tf.int8)
out["int8"] = v(run([tf.abs(i8), tf.negative(i8), tf.sign(i8), tf.square(i8), i8 * 2,
                     i8 // 3, i8 % 3]))
u8 = tf.constant([0, 1, 200, 255], tf.uint8)
out["uint8"] = v(run([u8 + 100, u8 // 7, u8 % 7, tf.reduce_sum(u8), tf.reduce_mean(u8),
                      tf.reduce_max(u8), tf.cumsum(u8)]))
i64 = tf.constant([2**62, -2**62, 3], tf.int64)
out["int64"] = v(run([i64 * 2, tf.reduce_sum(i64), tf.reduce_mean(i64), i64 // -3]))
h = tf.constant([0.1, 65504.0, -65504.0, 6e-8], tf.float16)
out["half"] = v(run([h * 2.0, h + h, tf.sqrt(tf.abs(h)), tf.exp(h * 0.0001), h / 3.0]))
# No subnormals: TF's CPU threads flush them to zero (sqrt(-1e-320) is -0.0 there), numpy
# keeps them (NaN), a difference left as it is (docs/decision_log.md).
d = tf.constant([1e308, -1e-300, 2.0**-1000], tf.float64)
out["double"] = v(run([d * 10.0, d / 2.0, tf.sqrt(d), tf.log(tf.abs(d))]))
out["int_sqrt"] = raises(lambda: tf.sqrt(tf.constant([4])))
out["bool_add"] = raises(lambda: tf.constant([True]) + tf.constant([False]))
out["uint8_neg"] = raises(lambda: tf.negative(u8))
out["string_add"] = [t.decode() for t in run(tf.constant(["a", "b"]) + tf.constant("c"))]
""",
    "casts_and_logic": """
out["float_to_int"] = v(run(tf.cast(tf.constant([1.9, -1.9, 2.5, -0.5]), tf.int32)))
out["int_to_uint8"] = v(run(tf.cast(tf.constant([256, -1, 300]), tf.uint8)))
out["float_to_bool"] = v(run(tf.cast(tf.constant([0.0, -0.0, 0.1, np.nan]), tf.bool)))
out["bool_to_float"] = v(run(tf.cast(tf.constant([True, False]), tf.float32)))
out["int64_to_float32"] = v(run(tf.cast(tf.constant([2**53 + 1], tf.int64), tf.float32)))
out["double_to_half"] = v(run(tf.cast(tf.constant([70000.0, 1e-8, 0.1], tf.float64),
                                     tf.float16)))
out["saturate"] = v(run(tf.saturate_cast(tf.constant([300.0, -5.0, 12.7]), tf.uint8)))
a = tf.constant([True, True, False, False])
c = tf.constant([True, False, True, False])
out["logic"] = v(run([tf.logical_and(a, c), tf.logical_or(a, c), tf.logical_xor(a, c),
                      tf.logical_not(a)]))
out["logic_int"] = raises(lambda: tf.logical_and(tf.constant([1]), tf.constant([0])))
out["string_equal"] = v(run(tf.equal(tf.constant(["a", "b"]), tf.constant("a"))))
out["clip"] = v(run(tf.clip_by_value(tf.constant([[-2, 5], [1, 9]]), 0, 4)))
out["clip_broadcast"] = v(run(tf.clip_by_value(tf.constant([1.0, 5.0, 9.0]),
                                               [0.0, 6.0, 0.0], [2.0, 8.0, 4.0])))
""",
    "squared_difference_and_addn": """
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
y = tf.constant([0.5, -1.0])
out["sqdiff"] = v(run(tf.squared_difference(x, y)))
gx, gy = tf.gradients(tf.reduce_sum(tf.squared_difference(x, y)), [x, y])
out["sqdiff_grads"] = [run(gx).tolist(), run(gy).tolist()]
out["add_n"] = v(run(tf.add_n([x, x * 2.0, x * 3.0])))
out["add_n_one"] = v(run(tf.add_n([y])))
out["add_n_mismatch"] = raises(lambda: tf.add_n([x, y]))
out["add_n_empty"] = raises(lambda: tf.add_n([]))
out["accumulate"] = v(run(tf.math.accumulate_n([x, x])))
out["polyval"] = v(run(tf.math.polyval([1.0, -2.0, 3.0], tf.constant([0.0, 2.0]))))
out["lbeta"] = v(run(tf.math.lbeta(tf.constant([[1.0, 2.0], [0.5, 0.5]]))))
""",
}

CONV = {
    # ------------------------------------------------------ conv_ops_test, pooling_ops_test
    "conv2d_padding_strides_dilations": """
x = tf.constant(np.arange(1.0, 1.0 + 2 * 6 * 5 * 2).reshape(2, 6, 5, 2) / 50.0, tf.float32)
w = tf.constant(np.linspace(-1.0, 1.0, 3 * 2 * 2 * 3).reshape(3, 2, 2, 3), tf.float32)
for pad in ("SAME", "VALID"):
    for s in (1, 2):
        y = tf.nn.conv2d(x, w, [1, s, s, 1], pad)
        out["%s_%d" % (pad, s)] = [shape(y), run(y).tolist()]
    y = tf.nn.conv2d(x, w, [1, 1, 1, 1], pad, dilations=[1, 2, 2, 1])
    out["%s_dilated" % pad] = [shape(y), run(y).tolist()]
y = tf.nn.conv2d(x, w, [1, 3, 2, 1], "SAME")
out["uneven_strides"] = [shape(y), run(y).tolist()]
y = tf.nn.conv2d(x, w, [1, 1, 1, 1], [[0, 0], [1, 2], [0, 1], [0, 0]])
out["explicit"] = [shape(y), run(y).tolist()]
out["bad_depth"] = raises(lambda: tf.nn.conv2d(x, tf.zeros([3, 3, 4, 1]), [1, 1, 1, 1], "SAME"))
out["bad_padding"] = raises(lambda: tf.nn.conv2d(x, w, [1, 1, 1, 1], "FULL"))
out["strides_and_dilations"] = raises(lambda: run(tf.nn.conv2d(
    x, w, [1, 2, 2, 1], "SAME", dilations=[1, 2, 2, 1])))
out["batch_stride"] = raises(lambda: run(tf.nn.conv2d(x, w, [2, 1, 1, 1], "SAME")))
""",
    "conv2d_gradients": """
x = tf.constant(np.arange(1.0, 1.0 + 1 * 5 * 6 * 2).reshape(1, 5, 6, 2) / 40.0, tf.float32)
w = tf.constant(np.linspace(-1.0, 1.0, 2 * 3 * 2 * 2).reshape(2, 3, 2, 2), tf.float32)
up = tf.constant(np.linspace(0.5, 1.5, 60).reshape(1, -1), tf.float32)
for pad, s, d in (("SAME", 1, 1), ("SAME", 2, 1), ("VALID", 2, 1), ("SAME", 1, 2),
                  ("VALID", 1, 2)):
    y = tf.nn.conv2d(x, w, [1, s, s, 1], pad, dilations=[1, d, d, 1])
    n = int(np.prod(shape(y)))
    loss = tf.reduce_sum(tf.reshape(y, [1, -1]) * up[:, :n])
    gx, gw = tf.gradients(loss, [x, w])
    out["%s_%d_%d" % (pad, s, d)] = [run(gx).tolist(), run(gw).tolist()]
""",
    "conv2d_strides_with_dilations": """
x = tf.constant(np.arange(1.0, 1.0 + 1 * 7 * 8 * 2).reshape(1, 7, 8, 2) / 60.0, tf.float32)
w = tf.constant(np.linspace(-1.0, 1.0, 3 * 2 * 2 * 3).reshape(3, 2, 2, 3), tf.float32)
for pad in ("SAME", "VALID"):
    y = tf.nn.conv2d(x, w, [1, 2, 3, 1], pad, dilations=[1, 2, 2, 1])
    found = [shape(y), raises(lambda: run(y))]
    if found[1] is None:
        gx, gw = tf.gradients(tf.reduce_sum(y * y), [x, w])
        found += [run(y).tolist(), raises(lambda: run([gx, gw]))]
        if found[-1] is None:
            found += [run(gx).tolist(), run(gw).tolist()]
    out[pad] = found
dw = tf.constant(np.linspace(-1.0, 1.0, 3 * 3 * 2 * 1).reshape(3, 3, 2, 1), tf.float32)
d = tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], "SAME", rate=[2, 2])
gd = tf.gradients(tf.reduce_sum(d * d), x)[0]
out["depthwise"] = [shape(d), run(d).tolist(), run(gd).tolist()]
out["pool"] = raises(lambda: tf.nn.pool(x, [2, 2], "MAX", "VALID", dilation_rate=[2, 2],
                                        strides=[2, 2]))
out["pool_steps_over_window"] = raises(lambda: tf.nn.pool(x, [2, 2], "MAX", "VALID",
                                                          strides=[3, 3]))
vp = tf.nn.pool(x, [2, 3], "AVG", "VALID", dilation_rate=[3, 2])
out["pool_valid_dilated"] = [shape(vp), run(vp).tolist(),
                             run(tf.gradients(tf.reduce_sum(vp * vp), x)[0]).tolist()]
out["convolution"] = raises(lambda: tf.nn.convolution(x, w, "VALID", strides=[2, 2],
                                                      dilation_rate=[2, 2]))
""",
    "conv2d_nchw_and_transpose": """
xh = np.arange(1.0, 1.0 + 1 * 4 * 4 * 2).reshape(1, 4, 4, 2) / 10.0
w = tf.constant(np.linspace(-1.0, 1.0, 2 * 2 * 2 * 3).reshape(2, 2, 2, 3), tf.float32)
xc = tf.constant(xh.transpose(0, 3, 1, 2), tf.float32)
y = tf.nn.conv2d(xc, w, [1, 1, 2, 2], "SAME", data_format="NCHW")
gy = tf.gradients(tf.reduce_sum(y * y), [xc, w])
out["nchw"] = [shape(y), y.op.name, run(y).tolist(), run(gy[0]).tolist(), run(gy[1]).tolist()]
yd = tf.nn.conv2d(xc, w, 1, [[0, 0], [0, 0], [1, 0], [0, 2]], data_format="NCHW",
                  dilations=[1, 1, 2, 1])
out["nchw_explicit_dilated"] = [shape(yd), run(yd).tolist()]
dwf = tf.constant(np.linspace(-1.0, 1.0, 2 * 2 * 2 * 2).reshape(2, 2, 2, 2), tf.float32)
dc = tf.nn.depthwise_conv2d(xc, dwf, [1, 1, 1, 1], "VALID", data_format="NCHW")
out["depthwise_nchw"] = [shape(dc), run(dc).tolist(),
                         run(tf.gradients(tf.reduce_sum(dc * dc), xc)[0]).tolist()]
x = tf.constant(xh, tf.float32)
wt = tf.constant(np.linspace(-1.0, 1.0, 3 * 3 * 3 * 2).reshape(3, 3, 3, 2), tf.float32)
for pad, os in (("SAME", [1, 8, 8, 3]), ("VALID", [1, 9, 9, 3]), ("SAME", [1, 7, 7, 3])):
    t = tf.nn.conv2d_transpose(x, wt, os, [1, 2, 2, 1], pad)
    out["transpose_%s_%d" % (pad, os[1])] = [shape(t), raises(lambda: run(t)) or
                                             run(t).tolist()]
out["transpose_bad_shape"] = raises(lambda: run(tf.nn.conv2d_transpose(
    x, wt, [1, 8, 8, 4], [1, 2, 2, 1], "SAME")))
t = tf.nn.conv2d_transpose(x, wt, [1, 8, 8, 3], [1, 2, 2, 1], "SAME")
gx, gw = tf.gradients(tf.reduce_sum(t * t), [x, wt])
out["transpose_grads"] = [run(gx).tolist(), run(gw).tolist()]
""",
    "conv1d_conv3d_depthwise_separable": """
x1 = tf.constant(np.arange(14.0).reshape(1, 7, 2) / 10.0, tf.float32)
w1 = tf.constant(np.linspace(-1.0, 1.0, 3 * 2 * 2).reshape(3, 2, 2), tf.float32)
out["conv1d"] = run(tf.nn.conv1d(x1, w1, 2, "SAME")).tolist()
out["conv1d_dilated"] = run(tf.nn.conv1d(x1, w1, 1, "VALID", dilations=2)).tolist()
x3 = tf.constant(np.arange(54.0).reshape(1, 3, 3, 3, 2) / 50.0, tf.float32)
w3 = tf.constant(np.linspace(-1.0, 1.0, 2 * 2 * 2 * 2 * 1).reshape(2, 2, 2, 2, 1), tf.float32)
out["conv3d"] = run(tf.nn.conv3d(x3, w3, [1, 2, 1, 2, 1], "SAME")).tolist()
x = tf.constant(np.arange(1.0, 1.0 + 1 * 5 * 5 * 2).reshape(1, 5, 5, 2) / 50.0, tf.float32)
dw = tf.constant(np.linspace(-1.0, 1.0, 3 * 3 * 2 * 2).reshape(3, 3, 2, 2), tf.float32)
d = tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], "SAME")
out["depthwise"] = [shape(d), run(d).tolist()]
dd = tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], "VALID", rate=[2, 2])
out["depthwise_rate"] = [shape(dd), run(dd).tolist()]
gx, gw = tf.gradients(tf.reduce_sum(d * d), [x, dw])
out["depthwise_grads"] = [run(gx).tolist(), run(gw).tolist()]
pw = tf.constant(np.linspace(-0.5, 0.5, 4 * 3).reshape(1, 1, 4, 3), tf.float32)
s = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID")
out["separable"] = [shape(s), run(s).tolist()]
out["atrous"] = run(tf.nn.atrous_conv2d(x, tf.constant(
    np.linspace(-1.0, 1.0, 2 * 2 * 2 * 1).reshape(2, 2, 2, 1), tf.float32), 2, "SAME")).tolist()
""",
    "pooling_padding_and_strides": """
x = tf.constant(np.array([[-3.0, 1.0, 2.0, -5.0, 0.5],
                          [4.0, -1.0, 0.0, 2.0, -2.0],
                          [1.0, 1.0, -7.0, 3.0, 9.0],
                          [0.0, -2.0, 5.0, 5.0, -1.0]]).reshape(1, 4, 5, 1), tf.float32)
for pad in ("SAME", "VALID"):
    for k, s in ((2, 2), (3, 2), (3, 1), (2, 3)):
        m = tf.nn.max_pool(x, [1, k, k, 1], [1, s, s, 1], pad)
        a = tf.nn.avg_pool(x, [1, k, k, 1], [1, s, s, 1], pad)
        out["%s_%d_%d" % (pad, k, s)] = [shape(m), run(m).tolist(), run(a).tolist()]
neg = tf.constant(-np.ones([1, 3, 3, 1]) * 5.0, tf.float32)
out["same_pads_not_zero"] = run(tf.nn.max_pool(neg, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")).tolist()
out["window_larger"] = raises(lambda: run(tf.nn.max_pool(x, [1, 5, 5, 1], [1, 1, 1, 1],
                                                         "VALID")))
out["batch_window"] = raises(lambda: run(tf.nn.max_pool(x, [2, 1, 1, 1], [1, 1, 1, 1], "SAME")))
out["depth_pool"] = run(tf.nn.max_pool(tf.constant(np.arange(8.0).reshape(1, 1, 2, 4),
                                                   tf.float32),
                                       [1, 1, 1, 2], [1, 1, 1, 2], "VALID")).tolist()
""",
    "pooling_gradients": """
x = tf.constant(np.array([[1.0, 3.0, 3.0, 0.0],
                          [2.0, 3.0, -1.0, 4.0],
                          [5.0, 5.0, 2.0, 2.0]]).reshape(1, 3, 4, 1), tf.float32)
for pad in ("SAME", "VALID"):
    for k, s in ((2, 2), (2, 1), (3, 2)):
        m = tf.nn.max_pool(x, [1, k, k, 1], [1, s, s, 1], pad)
        a = tf.nn.avg_pool(x, [1, k, k, 1], [1, s, s, 1], pad)
        w = tf.reshape(tf.range(1.0, 1.0 + int(np.prod(shape(m)))), shape(m))
        gm = tf.gradients(tf.reduce_sum(m * w), x)[0]
        ga = tf.gradients(tf.reduce_sum(a * w), x)[0]
        out["%s_%d_%d" % (pad, k, s)] = [run(gm).tolist(), run(ga).tolist()]
m = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
gg = tf.gradients(tf.gradients(tf.reduce_sum(m * m), x)[0], x)
out["max_pool_second"] = run(gg[0]).tolist()
""",
    "pooling_nchw_argmax_3d": """
x = np.arange(32.0).reshape(1, 4, 4, 2)
xc = tf.constant(x.transpose(0, 3, 1, 2), tf.float32)
m = tf.nn.max_pool(xc, [1, 1, 2, 2], [1, 1, 2, 2], "VALID", data_format="NCHW")
out["max_nchw"] = [shape(m), m.op.name, run(m).tolist(),
                   run(tf.gradients(tf.reduce_sum(m * m), xc)[0]).tolist()]
a = tf.nn.avg_pool(xc, [1, 1, 3, 3], [1, 1, 2, 2], "SAME", data_format="NCHW")
out["avg_nchw"] = [shape(a), run(a).tolist(),
                   run(tf.gradients(tf.reduce_sum(a * a), xc)[0]).tolist()]
xt = tf.constant(np.array([[4.0, 1.0, 9.0], [2.0, 9.0, 0.0], [-1.0, 3.0, 8.0]]
                          ).reshape(1, 3, 3, 1) * np.array([1.0, -1.0]).reshape(1, 1, 1, 2),
                 tf.float32)
vals, arg = tf.nn.max_pool_with_argmax(xt, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
out["argmax"] = [v(t) for t in run([vals, arg])]
_, arg_b = tf.nn.max_pool_with_argmax(tf.concat([xt, xt], 0), [1, 2, 2, 1], [1, 1, 1, 1],
                                      "VALID", include_batch_in_index=True)
out["argmax_batch"] = v(run(arg_b))
# Fed, not constants: TF's optimizer folds constant subgraphs with its Eigen kernels, whose
# 3-D max pool gradient goes to every element within 1e-5 of a window's maximum, while the
# kernels a fed graph runs (oneDNN's) give it to the first maximum only.
x3 = tf.placeholder_with_default(np.arange(2 * 3 * 4 * 4.0, dtype=np.float32).reshape(
    1, 2, 3, 4, 4) % 7.0, [1, 2, 3, 4, 4])
m3 = tf.nn.max_pool3d(x3, [1, 2, 2, 2, 1], [1, 1, 2, 2, 1], "SAME")
a3 = tf.nn.avg_pool3d(x3, [1, 2, 2, 2, 1], [1, 1, 2, 2, 1], "VALID")
out["pool3d"] = [run(m3).tolist(), run(a3).tolist()]
out["pool3d_grad"] = run(tf.gradients(tf.reduce_sum(m3 * m3), x3)[0]).tolist()
near = np.zeros([1, 2, 2, 2, 1], np.float32)
near[0, 0, 0, 0, 0], near[0, 1, 1, 1, 0], near[0, 0, 1, 0, 0] = 1.0, 1.0 + 5e-6, 1.0 - 2e-5
near[0, 1, 0, 0, 0] = np.nan
nt = tf.placeholder_with_default(near, near.shape)
nm = tf.nn.max_pool3d(nt, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID")
out["pool3d_near_ties"] = [run(nm).tolist(), run(tf.gradients(nm * 3.0, nt)[0]).tolist()]
p = tf.nn.pool(tf.constant(np.arange(36.0).reshape(1, 6, 6, 1) % 5.0, tf.float32), [2, 2],
               "MAX", "VALID", dilation_rate=[2, 2])
out["pool_dilated"] = run(p).tolist()
""",
}

NORM = {
    # ------------------------------------------- batch_norm, fused_batch_norm, nn_test
    "fused_batch_norm_training_and_inference": """
x = tf.constant(np.linspace(-2.0, 3.0, 2 * 3 * 2 * 2).reshape(2, 3, 2, 2), tf.float32)
scale = tf.constant([1.5, 0.5])
offset = tf.constant([0.1, -0.2])
y, m, var = tf.nn.fused_batch_norm(x, scale, offset, is_training=True)
out["training"] = [run(t).tolist() for t in (y, m, var)]
y2, _, _ = tf.nn.fused_batch_norm(x, scale, offset, mean=[0.5, 0.25], variance=[2.0, 1.0],
                                  is_training=False, epsilon=0.01)
out["inference"] = run(y2).tolist()
y3, _, v3 = tf.nn.fused_batch_norm(x, scale, offset, is_training=True, epsilon=1e-8)
out["tiny_epsilon"] = [run(y3).tolist(), run(v3).tolist()]
gx, gs, go = tf.gradients(tf.reduce_sum(y * y * tf.range(1.0, 3.0)), [x, scale, offset])
out["grads"] = [run(t).tolist() for t in (gx, gs, go)]
gi = tf.gradients(tf.reduce_sum(y2 * y2), [x, scale, offset])
out["inference_grads"] = [run(t).tolist() for t in gi]
out["no_mean"] = raises(lambda: tf.nn.fused_batch_norm(x, scale, offset, is_training=False))
out["rank3"] = raises(lambda: tf.nn.fused_batch_norm(x[0], scale, offset))
""",
    "batch_normalization_and_moments": """
x = tf.constant(np.linspace(-1.0, 2.0, 24).reshape(2, 3, 4) ** 2, tf.float32)
mean, var = tf.nn.moments(x, [0, 1])
out["moments"] = [run(mean).tolist(), run(var).tolist()]
mk, vk = tf.nn.moments(x, [1], keep_dims=True)
out["moments_keep"] = [shape(mk), run(mk).tolist(), run(vk).tolist()]
h = tf.constant([60000.0, 60001.0, 60002.0], tf.float16)
out["moments_half"] = v(run(tf.nn.moments(h, [0])))
bn = tf.nn.batch_normalization(x, mean, var, offset=0.5, scale=2.0, variance_epsilon=1e-3)
out["batch_norm"] = run(bn).tolist()
bnn = tf.nn.batch_normalization(x, mean, var, None, None, 1e-3)
out["batch_norm_none"] = run(bnn).tolist()
gx = tf.gradients(tf.reduce_sum(bn * x), x)[0]
out["grad"] = run(gx).tolist()
c, s = tf.nn.sufficient_statistics(x, [0, 1])[:2]
out["sufficient"] = [run(c).tolist(), run(s).tolist()]
nm, nv = tf.nn.normalize_moments(tf.constant(4.0), tf.constant([8.0]), tf.constant([20.0]),
                                 shift=None)
out["normalize_moments"] = [run(nm).tolist(), run(nv).tolist()]
""",
    "softmax_family": """
x = tf.constant([[1.0, 2.0, 3.0], [1000.0, 1000.0, -1000.0], [-np.inf, 0.0, 1.0]])
out["softmax"] = v(run(tf.nn.softmax(x)))
out["log_softmax"] = v(run(tf.nn.log_softmax(x)))
# A row with +inf or NaN: NaN throughout from TF's Eigen kernels (float64, any axis but
# the last), while float32 along the last axis goes to oneDNN, which gives 0 to some
# entries (see `float32_inf_row`).
bad = [[np.inf, 0.0, 1.0], [np.nan, 0.0, 1.0], [1.0, 2.0, np.inf]]
out["inf_rows_float64"] = v(run([tf.nn.softmax(tf.constant(bad, tf.float64)),
                                 tf.nn.log_softmax(tf.constant(bad, tf.float64))]))
out["inf_rows_axis0"] = v(run(tf.nn.softmax(tf.transpose(tf.constant(bad)), axis=0)))
out["float32_inf_row"] = v(run(tf.nn.softmax(tf.constant(bad))))
out["axis0"] = v(run(tf.nn.softmax(x[:2], axis=0)))
out["dim_alias"] = v(run(tf.nn.log_softmax(x[:2], dim=0)))
out["rank3"] = v(run(tf.nn.softmax(tf.constant(np.arange(8.0).reshape(2, 2, 2)), axis=1)))
out["bad_axis"] = raises(lambda: tf.nn.softmax(x, axis=2))
out["int"] = raises(lambda: tf.nn.softmax(tf.constant([1, 2])))
y = tf.constant([[1.0, 2.0, 3.0], [0.5, 0.5, 0.0]])
w = tf.constant([[1.0, -1.0, 2.0], [0.0, 3.0, 1.0]])
out["grads"] = [run(tf.gradients(tf.reduce_sum(f(y) * w), y)[0]).tolist()
                for f in (tf.nn.softmax, tf.nn.log_softmax)]
""",
    "l2_normalize_and_friends": """
x = tf.constant([[3.0, 4.0], [0.0, 0.0], [1e-7, 0.0]])
out["axis1"] = v(run(tf.nn.l2_normalize(x, 1)))
out["axis0"] = v(run(tf.nn.l2_normalize(x, 0)))
out["axes"] = v(run(tf.nn.l2_normalize(x, [0, 1])))
out["epsilon"] = v(run(tf.nn.l2_normalize(x, 1, epsilon=1.0)))
out["dim_alias"] = v(run(tf.nn.l2_normalize(x, dim=1)))
out["grad"] = run(tf.gradients(tf.reduce_sum(tf.nn.l2_normalize(x, 1) * [[1.0, 2.0]]),
                               x)[0]).tolist()
out["l2_loss"] = v(run(tf.nn.l2_loss(x)))
out["norms"] = v(run([tf.norm(x), tf.norm(x, ord=1, axis=1), tf.norm(x, ord=np.inf, axis=0),
                      tf.norm(tf.constant([[1.0, 2.0], [3.0, 4.0]]), ord="fro",
                              axis=[0, 1])]))
out["clip_by_norm"] = v(run(tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0)))
out["clip_global"] = v(run(tf.clip_by_global_norm([tf.constant([3.0]), tf.constant([4.0])],
                                                  2.5)))
out["lrn"] = v(run(tf.nn.local_response_normalization(
    tf.constant(np.arange(1.0, 7.0).reshape(1, 1, 1, 6), tf.float32), depth_radius=2,
    bias=1.0, alpha=0.5, beta=0.75)))
""",
    "cross_entropies": """
logits = tf.constant([[2.0, -1.0, 0.5], [-100.0, 100.0, 0.0], [0.0, 0.0, 0.0]])
labels = tf.constant([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
sce = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
out["softmax_ce"] = v(run(sce))
gl, gb = tf.gradients(sce, [logits, labels])
out["softmax_ce_grads"] = [run(gl).tolist(), run(gb).tolist()]
sp = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0, 2], logits=logits)
out["sparse"] = v(run(sp))
out["sparse_grad"] = run(tf.gradients(sp, logits)[0]).tolist()
lb = tf.placeholder(tf.int32, [3])
out["sparse_bad_label"] = fails(tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=lb, logits=logits), {lb: [0, 3, 1]})
out["sparse_rank"] = raises(lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=[[1], [0], [2]], logits=logits))
x = tf.constant([-1000.0, -2.0, 0.0, 3.0, 1000.0])
z = tf.constant([0.0, 1.0, 0.5, 1.0, 0.0])
out["sigmoid_ce"] = v(run(tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)))
out["sigmoid_ce_grad"] = run(tf.gradients(tf.nn.sigmoid_cross_entropy_with_logits(
    labels=z, logits=x), x)[0]).tolist()
out["weighted"] = v(run(tf.nn.weighted_cross_entropy_with_logits(
    labels=z, logits=x, pos_weight=3.0)))
out["mismatch"] = raises(lambda: tf.nn.sigmoid_cross_entropy_with_logits(
    labels=[1.0, 0.0], logits=x))
""",
}

LOSSES = {
    # ------------------------------------------------------------------------ losses_test
    "losses_reductions_and_weights": """
labels = tf.constant([[1.0, 0.0, 2.0], [0.5, 1.5, -1.0]])
preds = tf.constant([[0.5, 0.5, 2.5], [1.0, 1.0, 1.0]])
R = tf.losses.Reduction
for name in ("NONE", "SUM", "MEAN", "SUM_OVER_BATCH_SIZE", "SUM_BY_NONZERO_WEIGHTS"):
    for wname, w in (("one", 1.0), ("col", [[2.0], [0.0]]), ("full", [[1.0, 0.0, 2.0],
                                                                      [0.0, 0.0, 3.0]]),
                     ("zero", 0.0)):
        l = tf.losses.mean_squared_error(labels, preds, weights=w, reduction=getattr(R, name))
        out["mse_%s_%s" % (name, wname)] = v(run(l))
out["absolute"] = v(run(tf.losses.absolute_difference(labels, preds, weights=[[1.0], [2.0]])))
out["bad_weights"] = raises(lambda: tf.losses.mean_squared_error(
    labels, preds, weights=[1.0, 2.0, 3.0, 4.0]))
out["collection"] = len(tf.get_collection(tf.GraphKeys.LOSSES))
out["total_mixed_ranks"] = raises(lambda: tf.losses.get_total_loss(
    add_regularization_losses=False))
""",
    "losses_classification": """
logits = tf.constant([[2.0, -1.0, 0.5], [-3.0, 4.0, 0.0]])
onehot = tf.constant([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
out["softmax"] = v(run(tf.losses.softmax_cross_entropy(onehot, logits)))
out["softmax_smooth"] = v(run(tf.losses.softmax_cross_entropy(onehot, logits,
                                                              label_smoothing=0.2)))
out["softmax_weights"] = v(run(tf.losses.softmax_cross_entropy(onehot, logits,
                                                               weights=[3.0, 0.5])))
out["sparse"] = v(run(tf.losses.sparse_softmax_cross_entropy([1, 2], logits,
                                                             weights=[[2.0], [1.0]])))
multi = tf.constant([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
out["sigmoid"] = v(run(tf.losses.sigmoid_cross_entropy(multi, logits)))
out["sigmoid_smooth"] = v(run(tf.losses.sigmoid_cross_entropy(multi, logits,
                                                              label_smoothing=0.1)))
out["hinge"] = v(run(tf.losses.hinge_loss(multi, logits)))
probs = tf.constant([[0.9, 0.0, 1.0], [0.2, 0.5, 0.7]])
out["log_loss"] = v(run(tf.losses.log_loss(multi, probs)))
out["log_loss_eps"] = v(run(tf.losses.log_loss(multi, probs, epsilon=0.1)))
""",
    "losses_regression": """
labels = tf.constant([[1.0, 0.0, 2.0], [0.5, 1.5, -1.0]])
preds = tf.constant([[0.5, 3.5, 2.5], [1.0, 1.0, 4.0]])
out["huber"] = v(run(tf.losses.huber_loss(labels, preds)))
out["huber_delta"] = v(run(tf.losses.huber_loss(labels, preds, delta=2.0,
                                                reduction=tf.losses.Reduction.NONE)))
out["huber_grad"] = run(tf.gradients(tf.losses.huber_loss(labels, preds, delta=2.0),
                                     preds)[0]).tolist()
u = tf.nn.l2_normalize(labels, 1)
p = tf.nn.l2_normalize(preds, 1)
out["cosine"] = v(run(tf.losses.cosine_distance(u, p, axis=1)))
out["cosine_none"] = v(run(tf.losses.cosine_distance(u, p, axis=1,
                                                     reduction=tf.losses.Reduction.NONE)))
out["pairwise"] = v(run(tf.losses.mean_pairwise_squared_error(labels, preds)))
out["pairwise_w"] = v(run(tf.losses.mean_pairwise_squared_error(labels, preds,
                                                                weights=[[2.0], [0.5]])))
out["cosine_no_axis"] = raises(lambda: tf.losses.cosine_distance(u, p))
""",
}

ARRAY = {
    # --------------------------------------------------------------------- array_ops_test
    "strided_slices": """
x = tf.constant(np.arange(60).reshape(3, 4, 5))
out["neg_stride"] = v(run(x[::-1, 3:0:-2, ::2]))
out["ellipsis"] = v(run(x[..., 1]))
out["ellipsis_mid"] = v(run(x[1, ..., ::-2]))
out["newaxis"] = v(run(x[tf.newaxis, 1, :, tf.newaxis, -1]))
out["newaxis_shape"] = shape(x[:, None, ..., None])
out["shrink"] = v(run(x[-1, -1, -1]))
out["past_end"] = v(run(x[1:100, -100:2, 7:]))
out["empty"] = v(run(x[2:1]))
out["strided_slice"] = v(run(tf.strided_slice(x, [0, 1, 0], [3, 4, 5], [2, 1, 3],
                                              begin_mask=0, end_mask=2,
                                              shrink_axis_mask=0)))
out["masks"] = v(run(tf.strided_slice(x, [1, 0, 4], [0, 0, 0], [1, 1, -1],
                                      begin_mask=2, end_mask=6, shrink_axis_mask=1)))
out["zero_stride"] = raises(lambda: x[::0])
out["index_oob"] = raises(lambda: x[3])
i = tf.placeholder(tf.int32, [])
out["index_oob_fed"] = fails(x[i], {i: -4})
g = tf.gradients(tf.reduce_sum(tf.cast(x, tf.float32)[::-1, 1::2, ::3] * 2.0), x)
out["grad_int_source"] = g[0] is None
xf = tf.constant(np.arange(12.0).reshape(3, 4))
out["grad"] = run(tf.gradients(tf.reduce_sum(xf[::-2, 1:3] * [[1.0, 2.0]]), xf)[0]).tolist()
""",
    "pad_modes": """
x = tf.constant([[1, 2, 3], [4, 5, 6]])
out["constant"] = v(run(tf.pad(x, [[1, 0], [2, 1]], constant_values=9)))
out["reflect"] = v(run(tf.pad(x, [[1, 1], [2, 2]], "REFLECT")))
out["symmetric"] = v(run(tf.pad(x, [[2, 2], [3, 3]], "SYMMETRIC")))
out["lower_case"] = v(run(tf.pad(x, [[0, 0], [1, 1]], "reflect")))
out["reflect_too_big"] = raises(lambda: run(tf.pad(x, [[2, 0], [0, 0]], "REFLECT")))
out["symmetric_too_big"] = raises(lambda: run(tf.pad(x, [[3, 0], [0, 0]], "SYMMETRIC")))
out["bad_mode"] = raises(lambda: tf.pad(x, [[0, 0], [1, 1]], "WRAP"))
out["negative"] = raises(lambda: run(tf.pad(x, [[-1, 0], [0, 0]])))
out["bad_rank"] = raises(lambda: tf.pad(x, [[1, 1]]))
p = tf.placeholder(tf.int32, [2, 2])
out["fed"] = v(run(tf.pad(x, p, "SYMMETRIC"), {p: [[0, 1], [1, 0]]}))
out["shape_fed"] = shape(tf.pad(x, p))
out["fed_too_big"] = fails(tf.pad(x, p, "REFLECT"), {p: [[2, 0], [0, 0]]})
out["fed_negative"] = fails(tf.pad(x, p), {p: [[0, -1], [0, 0]]})
s0 = tf.placeholder(tf.int32, [0, 2])
out["scalar_fed"] = [v(run(tf.pad(tf.constant(3.0), s0, m), {s0: np.zeros([0, 2])}))
                     for m in ("CONSTANT", "REFLECT")]
xg = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
yg = tf.pad(xg, p, "REFLECT")
wg = tf.reshape(tf.range(1.0, 1.0 + tf.cast(tf.size(yg), tf.float32)), tf.shape(yg))
out["grad_fed"] = run(tf.gradients(tf.reduce_sum(yg * wg), xg)[0], {p: [[1, 1], [2, 0]]}).tolist()
xf = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
for mode in ("CONSTANT", "REFLECT", "SYMMETRIC"):
    y = tf.pad(xf, [[1, 1], [2, 1]], mode)  # [4, 6]
    w = tf.reshape(tf.range(1.0, 25.0), [4, 6])
    out["grad_" + mode] = run(tf.gradients(tf.reduce_sum(y * w), xf)[0]).tolist()
""",
    "tile_reverse_roll": """
x = tf.constant([[1, 2], [3, 4]])
out["tile"] = v(run(tf.tile(x, [2, 3])))
out["tile_zero"] = v(run(tf.tile(x, [0, 2])))
out["tile_bad"] = raises(lambda: tf.tile(x, [2]))
out["tile_neg"] = raises(lambda: run(tf.tile(x, [-1, 1])))
xf = tf.constant([[1.0, 2.0], [3.0, 4.0]])
out["tile_grad"] = run(tf.gradients(tf.reduce_sum(tf.tile(xf, [2, 2]) *
                                                  tf.reshape(tf.range(16.0), [4, 4])),
                                    xf)[0]).tolist()
out["reverse"] = v(run(tf.reverse(x, [-1])))
out["reverse_both"] = v(run(tf.reverse(x, [0, 1])))
out["reverse_dup"] = raises(lambda: run(tf.reverse(x, [0, 0])))
out["roll"] = v(run(tf.roll(tf.range(5), 2, 0)))
out["roll_multi"] = v(run(tf.roll(x, [1, -3], [0, 1])))
out["roll_same_axis"] = v(run(tf.roll(tf.range(5), [1, 1], [0, 0])))
""",
    "reverse_sequence_cases": """
x = tf.constant(np.arange(24).reshape(2, 4, 3))
out["basic"] = v(run(tf.reverse_sequence(x, [3, 1], seq_axis=1, batch_axis=0)))
out["batch_axis2"] = v(run(tf.reverse_sequence(x, [2, 4, 0], seq_axis=1, batch_axis=2)))
out["int64_lengths"] = v(run(tf.reverse_sequence(x, tf.constant([4, 2], tf.int64), 1, 0)))
s = tf.placeholder(tf.int32, [2])
out["too_long"] = fails(tf.reverse_sequence(x, s, 1, 0), {s: [5, 1]})
out["same_axes"] = raises(lambda: run(tf.reverse_sequence(x, [1, 1], seq_axis=0,
                                                          batch_axis=0)))
out["wrong_count"] = raises(lambda: tf.reverse_sequence(x, [1, 1, 1], 1, 0))
xf = tf.cast(x, tf.float32)
g = tf.gradients(tf.reduce_sum(tf.reverse_sequence(xf, [3, 1], 1, 0) *
                               tf.reshape(tf.range(24.0), [2, 4, 3])), xf)[0]
out["grad"] = run(g).tolist()
""",
    "one_hot_cases": """
out["axis0"] = v(run(tf.one_hot([0, 2, -1, 5], 3, axis=0)))
out["axis_last_2d"] = v(run(tf.one_hot([[1, 0], [2, 1]], 3, on_value=2.0, off_value=-1.0)))
out["axis1_2d"] = v(run(tf.one_hot([[1, 0], [2, 1]], 3, axis=1)))
out["depth0"] = v(run(tf.one_hot([1, 0], 0)))
out["bool"] = v(run(tf.one_hot([1], 2, on_value=True, off_value=False)))
out["int64_idx"] = v(run(tf.one_hot(tf.constant([1, 0], tf.int64), 2, dtype=tf.int32)))
out["bad_axis"] = raises(lambda: tf.one_hot([1], 2, axis=-2))
d = tf.placeholder(tf.int32, [])
out["neg_depth"] = fails(tf.one_hot([1], d), {d: -1})
out["shape_fed_depth"] = shape(tf.one_hot([[1, 2]], d, axis=1))
""",
    "where_cases": """
c = tf.constant([[True, False], [False, True], [True, True]])
out["coords"] = v(run(tf.where(c)))
out["coords_num"] = v(run(tf.where(tf.constant([0.0, -1.0, np.nan, 0.0]))))
out["coords_3d"] = v(run(tf.where(tf.constant(np.arange(8).reshape(2, 2, 2) % 3 == 0))))
x = tf.constant([[1, 2], [3, 4], [5, 6]])
y = tf.constant([[-1, -2], [-3, -4], [-5, -6]])
out["select"] = v(run(tf.where(c, x, y)))
out["select_vector"] = v(run(tf.where([True, False, True], x, y)))
out["v1_broadcast"] = raises(lambda: tf.where(c, x, tf.constant([-1, -2])))
# TF1's Select: x and y of one shape; the condition theirs, a scalar, or a vector along
# their first axis (of its length).
shapes = [([True, False, True], [1, 2], [3, 4]), (True, [1, 2], [3, 4]),
          ([[True], [False]], [[1, 2], [3, 4]], [[5, 6], [7, 8]]), ([True, False], 1, 2),
          (True, 1, [2, 3])]
out["v1_shapes"] = [raises(lambda: tf.where(tf.constant(a), tf.constant(b), tf.constant(d)))
                    for a, b, d in shapes]
out["v2_broadcast"] = v(run(tf.where_v2(c, x, tf.constant([-1, -2]))))
out["v2_scalar"] = v(run(tf.where_v2([True, False], 1.0, 0.0)))
out["dtype"] = raises(lambda: tf.where(c, x, tf.cast(y, tf.float32)))
xf = tf.cast(x, tf.float32)
yf = tf.cast(y, tf.float32)
gx, gy = tf.gradients(tf.reduce_sum(tf.where(c, xf, yf) * [[1.0, 2.0]]), [xf, yf])
out["grads"] = [run(gx).tolist(), run(gy).tolist()]
out["empty"] = v(run(tf.where(tf.zeros([0, 3], tf.bool))))
""",
    "concat_split_stack": """
a = tf.constant([[1, 2], [3, 4]])
b = tf.constant([[5, 6]])
out["concat_neg"] = v(run(tf.concat([a, b], -2)))
out["concat_bad"] = raises(lambda: tf.concat([a, b], 1))
out["stack_axis"] = v(run(tf.stack([a[0], a[1], b[0]], axis=1)))
out["unstack"] = [v(t) for t in run(tf.unstack(a, axis=1))]
out["split_sizes"] = [v(t) for t in run(tf.split(tf.range(7), [2, -1, 1]))]
out["split_uneven"] = raises(lambda: tf.split(tf.range(7), 2))
out["split_bad_sizes"] = raises(lambda: tf.split(tf.range(7), [2, 2]))
out["unstack_unknown"] = raises(lambda: tf.unstack(tf.placeholder(tf.float32, [None, 2])))
out["squeeze_bad"] = raises(lambda: tf.squeeze(a, [0]))
out["squeeze"] = shape(tf.squeeze(tf.zeros([1, 2, 1, 3]), [-2]))
out["expand"] = [shape(tf.expand_dims(a, -1)), shape(tf.expand_dims(a, -3))]
out["expand_bad"] = raises(lambda: tf.expand_dims(a, 3))
out["parallel_stack"] = v(run(tf.parallel_stack([a[0], b[0]])))
""",
    "misc_array_ops": """
out["fill"] = v(run(tf.fill([2, 2], 7)))
out["broadcast_to"] = v(run(tf.broadcast_to([1, 2], [3, 2])))
out["broadcast_to_bad"] = raises(lambda: run(tf.broadcast_to([1, 2, 3], [3, 2])))
out["meshgrid_xy"] = [v(t) for t in run(tf.meshgrid([1, 2, 3], [4, 5]))]
out["meshgrid_ij"] = [v(t) for t in run(tf.meshgrid([1, 2, 3], [4, 5], indexing="ij"))]
out["sequence_mask"] = v(run(tf.sequence_mask([1, 3, 0], 4)))
out["sequence_mask_max"] = v(run(tf.sequence_mask([[1, 2], [0, 1]], dtype=tf.float32)))
out["unique"] = [v(t) for t in run(tf.unique_with_counts([3, 1, 3, 2, 1, 3]))]
out["setdiff"] = [v(t) for t in run(tf.setdiff1d([4, 1, 3, 1, 7], [1, 7]))]
out["searchsorted"] = v(run([tf.searchsorted([[1.0, 2.0, 2.0, 5.0]], [[2.0, 0.0, 6.0]]),
                             tf.searchsorted([[1.0, 2.0, 2.0, 5.0]], [[2.0, 0.0, 6.0]],
                                             side="right")]))
out["boolean_mask"] = v(run(tf.boolean_mask(tf.constant([[1, 2], [3, 4], [5, 6]]),
                                            [True, False, True])))
out["boolean_mask_axis"] = v(run(tf.boolean_mask(tf.constant([[1, 2], [3, 4]]),
                                                 [False, True], axis=1)))
out["space_to_depth"] = v(run(tf.space_to_depth(tf.reshape(tf.range(16), [1, 4, 4, 1]), 2)))
out["depth_to_space"] = v(run(tf.depth_to_space(tf.reshape(tf.range(8), [1, 1, 2, 4]), 2)))
out["space_to_batch"] = v(run(tf.space_to_batch_nd(tf.reshape(tf.range(8), [1, 2, 4, 1]),
                                                   [2, 2], [[0, 0], [0, 0]])))
out["batch_to_space"] = v(run(tf.batch_to_space_nd(tf.reshape(tf.range(8), [4, 1, 2, 1]),
                                                   [2, 2], [[0, 0], [1, 0]])))
out["matrix_band"] = v(run(tf.matrix_band_part(tf.ones([3, 4], tf.int32), 1, 0)))
out["invert_permutation"] = v(run(tf.invert_permutation([2, 0, 1, 3])))
out["transpose"] = v(run(tf.transpose(tf.reshape(tf.range(6), [1, 2, 3]))))
out["bincount"] = v(run(tf.bincount([1, 1, 4], minlength=3, maxlength=4)))
""",
}

FUNCTIONAL = {
    # ------------------------- map_fn_test, scan_ops_test, functional_ops_test, TensorArray
    "map_fn_cases": """
x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
out["basic"] = v(run(tf.map_fn(lambda r: r * 2.0 + 1.0, x)))
out["dtype"] = v(run(tf.map_fn(lambda r: tf.cast(tf.reduce_sum(r), tf.int32), x,
                               dtype=tf.int32)))
pair = tf.map_fn(lambda e: (e[0] + e[1], e[0] * e[1]), (x[:, 0], x[:, 1]),
                 dtype=(tf.float32, tf.float32))
out["tuple"] = [v(t) for t in run(pair)]
out["shape"] = shape(tf.map_fn(lambda r: tf.reduce_sum(r), x))
g = tf.gradients(tf.reduce_sum(tf.map_fn(lambda r: r * r * r, x)), x)[0]
out["grad"] = run(g).tolist()
e = tf.placeholder(tf.float32, [None, 2])
out["empty"] = v(run(tf.map_fn(lambda r: r + 1.0, e), {e: np.zeros([0, 2])}))
# TF builds it and fails when run (an int32 written to the float32 TensorArray).
out["mismatch"] = raises(lambda: run(tf.map_fn(lambda r: tf.cast(r, tf.int32), x)))
""",
    "scan_and_folds": """
x = tf.constant([1.0, 2.0, 3.0, 4.0])
out["scan"] = v(run(tf.scan(lambda a, e: a + e, x)))
out["scan_init"] = v(run(tf.scan(lambda a, e: a * e, x, initializer=tf.constant(2.0))))
out["scan_reverse"] = v(run(tf.scan(lambda a, e: a + e, x, reverse=True)))
pairs = tf.scan(lambda a, e: (a[0] + e, a[1] * e), x,
                initializer=(tf.constant(0.0), tf.constant(1.0)))
out["scan_tuple"] = [v(t) for t in run(pairs)]
out["scan_grad"] = run(tf.gradients(tf.reduce_sum(tf.scan(lambda a, e: a * e + 1.0, x)),
                                    x)[0]).tolist()
out["foldl"] = v(run(tf.foldl(lambda a, e: a - e, x)))
out["foldl_init"] = v(run(tf.foldl(lambda a, e: a - e, x, initializer=tf.constant(10.0))))
out["foldr"] = v(run(tf.foldr(lambda a, e: a - e, x)))
out["foldr_init"] = v(run(tf.foldr(lambda a, e: e - a, x, initializer=tf.constant(0.0))))
out["fold_grad"] = run(tf.gradients(tf.foldl(lambda a, e: a * e, x), x)[0]).tolist()
""",
    "tensor_array_ops": """
ta = tf.TensorArray(tf.float32, size=3)
ta = ta.unstack(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
out["gather"] = v(run(ta.gather([2, 0])))
out["read"] = v(run(ta.read(1)))
out["size"] = int(run(ta.size()))
sc = tf.TensorArray(tf.float32, size=4).scatter([3, 1], tf.constant([[7.0], [8.0]]))
out["scatter_stack"] = raises(lambda: run(sc.stack()))
out["scatter_gather"] = v(run(sc.gather([1, 3])))
# Equal lengths: graphgate's TensorArray is one dense value, so it refuses pieces of
# unequal lengths (UNIMPLEMENTED) that TF's list of tensors holds.
sp = tf.TensorArray(tf.float32, size=2).split(tf.constant([[1.0], [2.0], [3.0], [4.0]]),
                                              [2, 2])
out["split_concat"] = v(run(sp.concat()))
out["split_read"] = v(run(sp.read(1)))
dyn = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
dyn = dyn.write(0, 5).write(1, 6).write(2, 7)
out["dynamic"] = v(run(dyn.stack()))
fixed = tf.TensorArray(tf.float32, size=2)
out["write_past_end"] = raises(lambda: run(fixed.write(2, 1.0).stack()))
w = tf.constant([1.0, 2.0])
gta = tf.TensorArray(tf.float32, size=2).write(0, w * 3.0).write(1, w * w)
out["grad"] = run(tf.gradients(tf.reduce_sum(gta.stack()), w)[0]).tolist()
""",
}

MATMUL = {
    # ---------------------------------- matmul_op_test, batch_matmul_op_test, partition tests
    "matmul_cases": """
a = tf.constant(np.arange(6.0).reshape(2, 3), tf.float32)
b = tf.constant(np.arange(12.0).reshape(3, 4) / 4.0, tf.float32)
out["plain"] = v(run(tf.matmul(a, b)))
out["transposed"] = v(run(tf.matmul(b, a, transpose_a=True, transpose_b=True)))
out["adjoint"] = v(run(tf.matmul(a, a, adjoint_b=True)))
out["int"] = v(run(tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]]))))
out["bad"] = raises(lambda: tf.matmul(a, a))
out["bad_dtype"] = raises(lambda: tf.matmul(a, tf.constant([[1], [2], [3]])))
bx = tf.constant(np.arange(24.0).reshape(2, 1, 3, 4), tf.float32)
by = tf.constant(np.arange(40.0).reshape(5, 4, 2) / 10.0, tf.float32)
bm = tf.matmul(bx, by)
out["broadcast"] = [shape(bm), run(bm).tolist()]
ga, gb = tf.gradients(tf.reduce_sum(bm * bm), [bx, by])
out["broadcast_grads"] = [run(ga).tolist(), run(gb).tolist()]
out["empty"] = v(run(tf.matmul(tf.zeros([2, 0]), tf.zeros([0, 3]))))
out["vector"] = raises(lambda: tf.matmul(tf.constant([1.0, 2.0]), tf.constant([[1.0], [2.0]])))
""",
    "dynamic_partition_and_stitch": """
data = tf.constant([10.0, 20.0, 30.0, 40.0, 50.0])
parts = tf.dynamic_partition(data, [1, 0, 1, 2, 0], 3)
out["partition"] = [v(t) for t in run(parts)]
out["partition_2d"] = [v(t) for t in run(tf.dynamic_partition(
    tf.reshape(tf.range(6), [3, 2]), [1, 1, 0], 2))]
p = tf.placeholder(tf.int32, [5])
out["bad_partition"] = fails(tf.dynamic_partition(data, p, 2)[0], {p: [0, 1, 2, 0, 0]})
st = tf.dynamic_stitch([[0, 3], [1, 2, 3]], [[1.0, 2.0], [3.0, 4.0, 5.0]])
out["stitch"] = v(run(st))
out["stitch_2d"] = v(run(tf.dynamic_stitch([[1], [0]], [[[1, 2]], [[3, 4]]])))
g = tf.gradients(tf.reduce_sum(parts[0] * 2.0) + tf.reduce_sum(parts[1] * 3.0), data)[0]
out["partition_grad"] = run(g).tolist()
a = tf.constant([1.0, 2.0])
b = tf.constant([3.0, 4.0, 5.0])
gs = tf.gradients(tf.reduce_sum(tf.dynamic_stitch([[0, 3], [1, 2, 3]], [a, b]) *
                                [1.0, 2.0, 3.0, 4.0]), [a, b])
out["stitch_grads"] = [run(t).tolist() for t in gs]
""",
    "bias_add_and_in_top_k": """
x = tf.constant(np.arange(24.0).reshape(2, 3, 2, 2), tf.float32)
out["nhwc"] = v(run(tf.nn.bias_add(x, [1.0, -1.0])))
out["nchw"] = v(run(tf.nn.bias_add(x, [1.0, -1.0, 0.5], data_format="NCHW")))
out["bad"] = raises(lambda: tf.nn.bias_add(x, [1.0, 2.0, 3.0]))
gb = tf.gradients(tf.reduce_sum(tf.nn.bias_add(x, [1.0, -1.0, 0.5], data_format="NCHW") * x),
                  x)[0]
out["grad"] = run(gb).tolist()
preds = tf.constant([[0.1, 0.9, 0.9, 0.0], [0.5, 0.2, 0.3, 0.0], [np.nan, 0.1, 0.2, 0.3]])
for k in (1, 2):
    out["in_top_k_%d" % k] = v(run(tf.nn.in_top_k(preds, [2, 3, 1], k)))
t = tf.placeholder(tf.int32, [3])
out["in_top_k_out_of_range"] = v(run(tf.nn.in_top_k(preds, t, 1), {t: [4, 0, -1]}))
""",
}

PROGRAMS = {
    **WHILE, **COND, **GATHER, **REDUCE, **CWISE, **CONV, **NORM, **LOSSES, **ARRAY,
    **FUNCTIONAL, **MATMUL,
}  # fmt: skip


if __name__ == "__main__":
    harness.main(PROGRAMS, prefix=PREFIX, collections=collections)
