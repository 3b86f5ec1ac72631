"""Adversarial TF 1.x programs (dev-only) over this session's engine merges: the needed-ops
pass's cond and loop inputs per output read (captures made after the cond, gradients built
later, nested conds in loops with unread outputs, assigns in branches, fetch subsets across
runs of one session), tf.layers' custom layers under reuse and variable scopes, and ragged
tensors through gradients, loops, conds, empty rows, int32 splits and nesting.

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python \\
        tests/reference/tf1_review17.py > tests/unit/engine/fixtures/tf1_review17.json

`tests/unit/engine/test_tf1_review17.py` runs the same text against graphgate.
"""

from __future__ import annotations

import os

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


CONTROL = {
    "cond_read_later_and_gradient": """
x = tf.placeholder(tf.float32, [], name="x")
w = tf.Variable(2.0)
p = tf.placeholder(tf.bool, [])
a, b, c = tf.cond(p, lambda: (x * w, x + 1.0, w * w), lambda: (x - w, x * 3.0, w + 1.0))
later = tf.square(b) + 1.0
g = tf.gradients(a, [x, w])
g2 = tf.gradients(later, x)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    runs = []
    for fetch in ([a], [b], [c], [later], g, g2, [a, later], [b], g):
        for pv in (True, False):
            runs.append(sess.run(fetch, {x: 3.0, p: pv}))
    out["runs"] = runs
""",
    "cond_assign_in_branch": """
v = tf.Variable(0.0)
u = tf.Variable(10.0)
p = tf.placeholder(tf.bool, [])
def then():
    with tf.control_dependencies([v.assign_add(1.0)]):
        first = tf.identity(u * 2.0)
    u.assign_add(100.0)  # no reader: TF1 prunes it
    return first, u * 0.5
def other():
    return tf.constant(-1.0), tf.constant(-2.0)
r0, r1 = tf.cond(p, then, other)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    seq = []
    for fetch in (r1, r0, r1, [r0, r1], r0):
        seq.append(sess.run(fetch, {p: True}))
        seq.append(sess.run([v, u]))
    seq.append(sess.run(r0, {p: False}))
    seq.append(sess.run([v, u]))
    out["seq"] = seq
""",
    "nested_cond_in_loop_unread": """
x = tf.placeholder(tf.float32, [])
k = tf.constant(5.0)
def body(i, s, t):
    q, r = tf.cond(tf.equal(i % 2, 0), lambda: (s + x, t * k), lambda: (s - 1.0, t + i_f(i)))
    return i + 1, q, r
def i_f(i):
    return tf.cast(i, tf.float32)
i0 = tf.constant(0)
_, s_out, t_out = tf.while_loop(
    lambda i, s, t: i < 5, body, [i0, tf.constant(0.0), tf.constant(1.0)])
after = s_out * 2.0
with tf.Session() as sess:
    out["s"] = sess.run(s_out, {x: 2.0})
    out["t"] = sess.run(t_out, {x: 2.0})
    out["after"] = sess.run(after, {x: 3.0})
    out["both"] = sess.run([t_out, after], {x: 1.0})
    out["t_nofeed"] = raises(lambda: sess.run(s_out))
    out["t_only"] = sess.run(t_out, {x: 7.0})
""",
    "loop_capture_pruned_var": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
i, a, b = tf.while_loop(lambda i, a, b: i < 3, lambda i, a, b: (i + 1, a + x, b * y),
                        [0, tf.constant(0.0), tf.constant(1.0)])
ga = tf.gradients(a, x)
gb = tf.gradients(b, y)
with tf.Session() as sess:
    out["a_only_x"] = sess.run(a, {x: 2.0})
    out["b_only_y"] = sess.run(b, {y: 2.0})
    out["ga"] = sess.run(ga, {x: 2.0})
    out["gb"] = sess.run(gb, {y: 2.0})
    out["i"] = sess.run(i)
""",
    "cond_in_cond_outputs_partly_read": """
x = tf.placeholder(tf.float32, [])
c1 = tf.constant(3.0)
p = x > 0
def outer_true():
    u, v = tf.cond(x > 5, lambda: (x * c1, x + 100.0), lambda: (x - c1, x + 200.0))
    return u, v * 2.0
o1, o2 = tf.cond(p, outer_true, lambda: (x, x))
g = tf.gradients(o1, x)
with tf.Session() as sess:
    out["o1"] = [sess.run(o1, {x: v}) for v in (-1.0, 1.0, 6.0)]
    out["o2"] = [sess.run(o2, {x: v}) for v in (-1.0, 1.0, 6.0)]
    out["g"] = [sess.run(g, {x: v}) for v in (-1.0, 1.0, 6.0)]
""",
    "cond_output_fed_and_capture_fed": """
x = tf.placeholder(tf.float32, [])
y = tf.square(x)
p = tf.placeholder_with_default(True, [])
r, s = tf.cond(p, lambda: (y + 1.0, x), lambda: (y - 1.0, -x))
z = r * 10.0
with tf.Session() as sess:
    out["fed_y"] = sess.run(r, {y: 5.0})
    out["fed_r"] = sess.run(z, {r: 2.0})
    out["fed_x"] = sess.run([r, s, z], {x: 2.0})
    out["fed_y_s"] = raises(lambda: sess.run(s, {y: 5.0}))
""",
    "loop_counter_then_gradient_of_cond": """
x = tf.Variable(1.5)
def body(i, acc):
    val = tf.cond(acc > 2.0, lambda: acc * x, lambda: acc + x)
    return i + 1, val
_, res = tf.while_loop(lambda i, acc: i < 4, body, [0, tf.constant(1.0)])
g = tf.gradients(res, x)
opt = tf.train.GradientDescentOptimizer(0.01).minimize(res)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["res"] = sess.run(res)
    out["g"] = sess.run(g)
    sess.run(opt)
    out["x_after"] = sess.run(x)
    out["res_after"] = sess.run(res)
""",
    "fetch_subsets_by_name_round_trip": """
x = tf.placeholder(tf.float32, [], name="x")
w = tf.Variable(2.0, name="w")
p = tf.placeholder(tf.bool, [], name="p")
a, b, c = tf.cond(p, lambda: (x * w, x + 1.0, w * w), lambda: (x - w, x * 3.0, w + 1.0))
later = tf.identity(tf.square(b) + 1.0, name="later")
g = tf.gradients(a, [x, w])
g2 = tf.gradients(later, x)
tf.identity(g[0], name="ga"), tf.identity(g[1], name="gw"), tf.identity(g2[0], name="gl")
tf.identity(a, name="a"), tf.identity(b, name="b"), tf.identity(c, name="c")
def body(i, s, t):
    q, r = tf.cond(tf.equal(i % 2, 0), lambda: (s + x, t * w), lambda: (s - 1.0, t + 1.0))
    return i + 1, q, r
_, s_out, t_out = tf.while_loop(
    lambda i, s, t: i < 5, body, [0, tf.constant(0.0), tf.constant(1.0)])
tf.identity(s_out, name="s"), tf.identity(t_out, name="t")
tf.identity(tf.gradients(t_out, w)[0], name="gt")
tf.global_variables_initializer().name
init = tf.group(tf.global_variables_initializer(), name="init")
fetches = (["a:0"], ["b:0"], ["c:0"], ["later:0"], ["ga:0", "gw:0"], ["gl:0"], ["a:0", "later:0"],
           ["s:0"], ["t:0"], ["gt:0"], ["s:0", "gt:0"], ["b:0"])
g = tf.get_default_graph()
for key, graph in (("same", g), ("round_trip", roundtrip(g))):
    with tf.Session(graph=graph) as sess:
        sess.run("init")
        out[key] = [sess.run(f, {"x:0": 3.0, "p:0": pv}) for f in fetches for pv in (True, False)]
""",
    "cond_output_ops_run_their_own_branch_effects": """
v = tf.Variable(0.0)
u = tf.Variable(0.0)
p = tf.placeholder(tf.bool, [])
def then():
    with tf.control_dependencies([v.assign_add(1.0)]):
        a = tf.identity(v * 1.0)
    with tf.control_dependencies([u.assign_add(10.0)]):
        b = tf.identity(u * 1.0)
    return a, b
r0, r1 = tf.cond(p, then, lambda: (tf.constant(0.0), tf.constant(0.0)))
with tf.control_dependencies([r0]):
    after0 = tf.no_op()
runs = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(r0.op, {p: True})
    runs.append(sess.run([v, u]))
    sess.run(after0, {p: True})
    runs.append(sess.run([v, u]))
    sess.run(tf.group(r1), {p: True})
    runs.append(sess.run([v, u]))
out["runs"] = runs
""",
    "loop_outputs_read_by_later_conds": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
i, a, b = tf.while_loop(lambda i, a, b: i < 3, lambda i, a, b: (i + 1, a + x, b * y),
                        [0, tf.constant(1.0), tf.constant(1.0)])
p = tf.placeholder_with_default(True, [])
c, d = tf.cond(p, lambda: (a * 2.0, b), lambda: (a, b * 3.0))
e = tf.cond(p, lambda: tf.cast(i, tf.float32), lambda: c)
got = []
with tf.Session() as sess:
    got.append(float(sess.run(c, {x: 1.0})))
    got.append(float(sess.run(e, {x: 1.0})))
    got.append(float(sess.run(e, {p: False, x: 2.0})))
    got.append(float(sess.run(d, {y: 2.0})))
    for f in [c, d, e]:
        got.append(raises(lambda f=f: sess.run(f, {p: False})))
    got.append([float(v) for v in sess.run([e, c], {x: 0.5})])
out["got"] = got
""",
    "import_graph_def_cond": """
g1 = tf.Graph()
with g1.as_default():
    xx = tf.placeholder(tf.float32, [], name="xx")
    k = tf.constant(4.0, name="k")
    aa, bb = tf.cond(xx > 0, lambda: (xx * k, xx + 1.0), lambda: (xx - k, xx + 2.0), name="cc")
    tf.identity(aa, name="ao")
    tf.identity(bb, name="bo")
gd = g1.as_graph_def()
xin = tf.placeholder(tf.float32, [], name="xin")
ao, bo = tf.import_graph_def(gd, input_map={"xx:0": xin * 2.0}, return_elements=["ao:0", "bo:0"])
with tf.Session() as sess:
    out["ao"] = [sess.run(ao, {xin: v}) for v in (1.0, -1.0)]
    out["bo"] = [sess.run(bo, {xin: v}) for v in (1.0, -1.0)]
    out["both"] = sess.run([bo, ao], {xin: 3.0})
""",
}

# A model of custom tf.layers.Layer objects in variable scopes (one shared through
# reuse), a functional tf.layers.dense and a batch normalization: `tf_review17_ckpt.py`
# writes TF's checkpoint of it, which the program below restores by name.
CUSTOM_MODEL = """
class Affine(tf.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
    def build(self, shape):
        self.w = self.add_weight("w", [int(shape[-1]), self.units])
        self.b = self.add_weight("b", [self.units], initializer=tf.zeros_initializer())
        super().build(shape)
    def call(self, x):
        return tf.matmul(x, self.w) + self.b
x = tf.placeholder(tf.float32, [None, 3], name="x")
with tf.variable_scope("enc"):
    first = Affine(4)
    h = tf.nn.tanh(first(x))
    h = tf.layers.dense(h, 4, name="mid")
with tf.variable_scope("enc", reuse=True):
    h2 = Affine(4, name="affine")(x)
with tf.variable_scope("head"):
    h = tf.layers.batch_normalization(h + h2, training=False)
    y = Affine(2)(h)
out["variables"] = sorted(v.op.name for v in tf.global_variables())
"""

LAYERS = {
    "custom_layers_restore_tf_checkpoint": CUSTOM_MODEL
    + """
saver = tf.train.Saver()
xs = np.linspace(-1.0, 1.0, 6, dtype=np.float32).reshape(2, 3)
with tf.Session() as sess:
    saver.restore(sess, ckpt)
    out["y"] = sess.run(y, {x: xs}).tolist()
    out["keys"] = sorted(name for name, _ in tf.train.list_variables(ckpt))
""",
    "custom_layer_reuse_scopes": """
class Scale(tf.layers.Layer):
    def build(self, shape):
        self.k = self.add_weight("k", [int(shape[-1])], initializer=tf.constant_initializer(2.0))
        super().build(shape)
    def call(self, x):
        return x * self.k
x = tf.constant([[1.0, 2.0]])
with tf.variable_scope("outer"):
    s1 = Scale()
    y1 = s1(x)
    y1b = s1(x + 1.0)
with tf.variable_scope("outer", reuse=True):
    s2 = Scale(name="scale")
    y2 = s2(x)
s3 = Scale()
y3 = s3(x)
with tf.variable_scope("other", reuse=tf.AUTO_REUSE):
    y4 = Scale(name="same")(x)
    y5 = Scale(name="same")(x)
out["vars"] = sorted(v.name for v in tf.global_variables())
out["names"] = [s1.name, s2.name, s3.name, y1.op.name, y1b.op.name, y2.op.name, y3.op.name]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["vals"] = [v.tolist() for v in sess.run([y1, y1b, y2, y3, y4, y5])]
""",
}

RAGGED = {
    "ragged_gradient": """
vals = tf.Variable([1.0, 2.0, 3.0, 4.0, 5.0])
rt = tf.RaggedTensor.from_row_splits(vals, [0, 2, 2, 5])
row_sums = tf.reduce_sum(rt * rt, axis=1)
loss = tf.reduce_sum(row_sums * tf.constant([1.0, 10.0, 100.0]))
g = tf.gradients(loss, vals)
mx = tf.reduce_max(rt, axis=1)
gm = tf.gradients(tf.reduce_sum(tf.where(tf.is_finite(mx), mx, tf.zeros_like(mx))), vals)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["row_sums"] = sess.run(row_sums).tolist()
    out["g"] = sess.run(g)[0].tolist()
    out["mx"] = sess.run(mx).tolist()
    out["gm"] = sess.run(gm)[0].tolist()
""",
    "ragged_int32_splits": """
rt = tf.RaggedTensor.from_row_splits(tf.constant([1, 2, 3]), tf.constant([0, 1, 1, 3], tf.int32))
out["dtype"] = rt.row_splits.dtype.name
rt64 = tf.ragged.constant([[1], [], [2, 3]])
out["dtype64"] = rt64.row_splits.dtype.name
out["mixed"] = raises(lambda: tf.concat([rt, rt64], axis=0))
with tf.Session() as sess:
    v = sess.run(rt)
    out["list"] = v.to_list()
    out["splits_dtype"] = str(v.row_splits.dtype)
    out["dense"] = sess.run(rt.to_tensor(default_value=-1)).tolist()
    out["lengths"] = sess.run(rt.row_lengths()).tolist()
    out["lengths_dtype"] = rt.row_lengths().dtype.name
""",
    "ragged_empty_rows_and_nested": """
rt = tf.RaggedTensor.from_nested_row_splits(
    tf.constant([1.0, 2.0, 3.0, 4.0]),
    [tf.constant([0, 0, 2, 3], tf.int64), tf.constant([0, 1, 1, 4], tf.int64)])
out["ragged_rank"] = rt.ragged_rank
with tf.Session() as sess:
    out["list"] = sess.run(rt).to_list()
    out["dense"] = sess.run(rt.to_tensor()).tolist()
    out["plus"] = sess.run(rt + 1.0).to_list()
    out["flat"] = sess.run(rt.flat_values).tolist()
    empty = tf.ragged.constant([[], []], dtype=tf.float32)
    out["empty_sum"] = sess.run(tf.reduce_sum(empty, axis=1)).tolist()
    out["empty_max"] = sess.run(tf.reduce_max(empty, axis=1)).tolist()
    out["empty_dense"] = sess.run(empty.to_tensor()).tolist()
""",
    "ragged_nested_inner_reduce": """
rt = tf.RaggedTensor.from_nested_row_splits(
    tf.constant([1.0, 2.0, 3.0, 4.0]),
    [tf.constant([0, 0, 2, 3], tf.int64), tf.constant([0, 1, 1, 4], tf.int64)])
with tf.Session() as sess:
    out["sum_inner"] = sess.run(tf.reduce_sum(rt, axis=2)).to_list()
    out["mean_last"] = sess.run(tf.reduce_mean(rt, axis=-1)).to_list()
    out["max_inner"] = sess.run(tf.reduce_max(rt, axis=2)).to_list()
    out["any_inner"] = sess.run(tf.reduce_any(rt > 2.0, axis=2)).to_list()
    r3 = tf.ragged.constant([[[[1.0, 2.0]], [[3.0], []]], [[[4.0, 5.0, 6.0]]]])
    out["rank3_axis3"] = sess.run(tf.reduce_sum(r3, axis=3)).to_list()
    dense_inner = tf.ragged.constant(
        [[[[1.0, 2.0]], []], [[[3.0, 4.0], [5.0, 6.0]]]], ragged_rank=2)
    out["dense_inner_axis2"] = sess.run(tf.reduce_sum(dense_inner, axis=2)).to_list()
    out["dense_inner_axis3"] = sess.run(tf.reduce_sum(dense_inner, axis=3)).to_list()
""",
    "ragged_nested_outer_reduce": """
rt = tf.RaggedTensor.from_nested_row_splits(
    tf.constant([1.0, 2.0, 3.0, 4.0]),
    [tf.constant([0, 0, 2, 3], tf.int64), tf.constant([0, 1, 1, 4], tf.int64)])
with tf.Session() as sess:
    out["sum_rows"] = sess.run(tf.reduce_sum(rt, axis=1)).to_list()
    out["sum_all_rows"] = sess.run(tf.reduce_sum(rt, axis=0)).to_list()
    r3 = tf.ragged.constant([[[[1.0, 2.0]], [[3.0], []]], [[[4.0, 5.0, 6.0]]]])
    out["rank3_axis2"] = sess.run(tf.reduce_sum(r3, axis=2)).to_list()
""",
    "ragged_in_cond_and_loop": """
x = tf.placeholder(tf.float32, [None])
rt = tf.RaggedTensor.from_row_lengths(x, [2, 0, 1])
p = tf.placeholder(tf.bool, [])
c = tf.cond(p, lambda: rt * 2.0, lambda: rt + 1.0)
out["cond_type"] = type(c).__name__
def body(i, acc):
    return i + 1, acc + tf.reduce_sum(rt * tf.cast(i, tf.float32), axis=1)
_, acc = tf.while_loop(lambda i, a: i < 3, body, [0, tf.zeros([3])])
with tf.Session() as sess:
    out["cond_t"] = sess.run(c, {x: [1.0, 2.0, 3.0], p: True}).to_list()
    out["cond_f"] = sess.run(c, {x: [1.0, 2.0, 3.0], p: False}).to_list()
    out["acc"] = sess.run(acc, {x: [1.0, 2.0, 3.0]}).tolist()
""",
    "ragged_loop_var": """
rt = tf.ragged.constant([[1.0, 2.0], [], [3.0]])
def body(i, r):
    return i + 1, r * 2.0
_, res = tf.while_loop(lambda i, r: i < 3, body, [0, rt])
out["type"] = type(res).__name__
with tf.Session() as sess:
    out["res"] = sess.run(res).to_list()
""",
    "ragged_composites_in_control_flow": """
rt = tf.ragged.constant([[[1.0], []], [[2.0, 3.0]]])
parts = [rt.flat_values.name, rt.row_splits.name, rt.values.row_splits.name]
out["flat"] = [parts.index(t.name) for t in tf.nest.flatten(rt, expand_composites=True)]
out["flat_len"] = len(tf.nest.flatten({"r": rt, "d": tf.constant(1)}, expand_composites=True))
out["plain_leaf"] = len(tf.nest.flatten(rt))
p = tf.placeholder(tf.bool, [])
out["rank_mismatch"] = raises(lambda: tf.cond(p, lambda: rt, lambda: rt.values))
out["kind_mismatch"] = raises(lambda: tf.cond(p, lambda: rt.values, lambda: rt.flat_values))
w = tf.Variable([1.0, 2.0, 3.0])
r1 = tf.RaggedTensor.from_row_splits(w, [0, 1, 3])
c = tf.cond(p, lambda: r1 * r1, lambda: r1 + 0.0)
loss = tf.reduce_sum(tf.reduce_sum(c, axis=1) * tf.constant([1.0, 10.0]))
g = tf.gradients(loss, w)
def body(i, r):
    return i + 1, tf.RaggedTensor.from_row_splits(r.values * 2.0, r.row_splits)
_, res = tf.while_loop(lambda i, r: i < 2, body, [0, r1])
lg = tf.gradients(tf.reduce_sum(res.values), w)
def grow(i, r):
    return i + 1, tf.concat([r, tf.ragged.constant([[9.0]])], axis=0)
_, grown = tf.while_loop(lambda i, r: i < 2, grow, [0, r1],
                         shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, None])])
_, unknown = tf.while_loop(lambda i, r: i < 1, grow, [0, r1],
                           shape_invariants=[tf.TensorShape([]), tf.TensorShape(None)])
out["no_invariant"] = raises(lambda: tf.while_loop(lambda i, r: i < 2, grow, [0, r1]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["c"] = [sess.run(c, {p: v}).to_list() for v in (True, False)]
    out["g"] = [sess.run(g, {p: v})[0].tolist() for v in (True, False)]
    out["res"] = sess.run(res).to_list()
    out["lg"] = sess.run(lg)[0].tolist()
    out["grown"] = sess.run(grown).to_list()
    out["unknown"] = sess.run(unknown).to_list()
""",
    "ragged_cond_of_other_rows_and_refusals": """
p = tf.placeholder(tf.bool, [])
x = tf.Variable([1.0, 2.0, 3.0, 4.0])
a = tf.RaggedTensor.from_row_splits(x, [0, 1, 4])
b = tf.RaggedTensor.from_row_splits(x * 10.0, [0, 2, 2, 3, 4])
c = tf.cond(p, lambda: a, lambda: b)
dense = c.to_tensor(default_value=-1.0)
g = tf.gradients(tf.reduce_sum(dense * dense), x)
nested = tf.RaggedTensor.from_row_splits(a, [0, 1, 2])
out["cond_ragged_ranks"] = raises(lambda: tf.cond(p, lambda: a, lambda: nested))
out["loop_ragged_rank"] = raises(lambda: tf.while_loop(
    lambda i, r: i < 2, lambda i, r: (i + 1, tf.RaggedTensor.from_row_splits(r, [0, 1, 2])),
    [0, a]))
out["loop_dense_for_ragged"] = raises(lambda: tf.while_loop(
    lambda i, r: i < 2, lambda i, r: (i + 1, r.values), [0, a]))
r2 = tf.ragged.constant([[[1.0, 2.0], [3.0]], [], [[4.0]]])
_, r2o = tf.while_loop(
    lambda i, r: i < 2, lambda i, r: (i + 1, tf.concat([r, r], axis=0)), [0, r2],
    shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, None, None])])
both = tf.reduce_sum(tf.reduce_max(a, axis=1)) + tf.reduce_sum(tf.reduce_mean(b, axis=1))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in (True, False):
        out[str(v)] = [sess.run(dense, {p: v}).tolist(), sess.run(g, {p: v})[0].tolist()]
    out["r2o"] = sess.run(r2o).to_list()
    out["gd"] = sess.run(tf.gradients(both, x))[0].tolist()
""",
    "ragged_saver_and_feed": """
v = tf.Variable([1.0, 2.0, 3.0], name="rv")
rt = tf.RaggedTensor.from_row_splits(v, [0, 1, 3])
vals = tf.placeholder(tf.float32, [None])
spl = tf.placeholder(tf.int64, [None])
fed = tf.RaggedTensor.from_row_splits(vals, spl)
s = tf.reduce_sum(fed, axis=1)
saver = tf.train.Saver()
import tempfile, os
d = tempfile.mkdtemp()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(v.assign([5.0, 6.0, 7.0]))
    path = saver.save(sess, os.path.join(d, "m"))
with tf.Session() as sess:
    saver.restore(sess, path)
    out["restored"] = sess.run(rt).to_list()
    out["fed"] = sess.run(s, {vals: [1.0, 2.0, 3.0], spl: [0, 0, 3]}).tolist()
    value = tf.ragged.constant_value([[1.0], [2.0, 3.0]])
    out["fed_ragged"] = sess.run(s, {fed: value}).tolist()
    out["bad_splits"] = raises(lambda: sess.run(s, {vals: [1.0], spl: [0, 2]}))
""",
}

PROGRAMS = {**CONTROL, **LAYERS, **RAGGED}


CKPT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "../unit/engine/fixtures/tf_review17_ckpt/model.ckpt",
)


def roundtrip(graph):
    """TF's round trip of a graph: its GraphDef imported into a new graph."""
    import tensorflow.compat.v1 as tf

    with tf.Graph().as_default() as copy:
        tf.import_graph_def(graph.as_graph_def(), name="")
    return copy


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, roundtrip=roundtrip, ckpt=CKPT)
