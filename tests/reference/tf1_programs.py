"""Record what TensorFlow 1.x computes for the TF1-spelling programs (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_programs.py \
        > tests/unit/engine/fixtures/tf1_programs.json

(the venv needs `tensorflow-cpu` and `tf-keras` of the same version.)

Each program is TF1 code run unchanged but for the module bound to `tf`; it stores what
it observed in `out[...]`: values, names, and exception classes (`raises(...)`). The
test runs the same text against graphgate and compares (floats to 1e-6 relative).
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {
    "variable_scope_names": """
with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
    with tf.variable_scope("bar"):
        w = tf.get_variable("w", [2, 3], initializer=tf.zeros_initializer())
    c = tf.constant(1.0)
with tf.variable_scope("foo", reuse=True):
    v1 = tf.get_variable("v")
    c2 = tf.constant(1.0)
with tf.variable_scope("foo") as scope:
    scope.reuse_variables()
    v2 = tf.get_variable("v", [1])
with tf.variable_scope(scope, reuse=True):
    v3 = tf.get_variable("v")
    c3 = tf.constant(2.0)
with tf.variable_scope(None, default_name="layer") as s1:
    a = tf.get_variable("a", [1])
with tf.variable_scope(None, default_name="layer") as s2:
    b = tf.get_variable("b", [1])
with tf.variable_scope("auto", reuse=tf.AUTO_REUSE):
    x1 = tf.get_variable("x", initializer=1.5)
with tf.variable_scope("auto", reuse=tf.AUTO_REUSE):
    x2 = tf.get_variable("x", initializer=1.5)
out["names"] = [v.name, w.name, c.name, c2.name, c3.name, a.name, b.name, x1.name,
                s1.name, s2.name, scope.name, v.op.name, w.initializer.name]
out["same"] = [v1 is v, v2 is v, v3 is v, x1 is x2]
with tf.variable_scope("a/b"):
    ab = tf.get_variable("v", [1])
    abc = tf.constant(1.0)
with tf.variable_scope("outer"):
    with tf.variable_scope("inner") as inner:
        out["current"] = tf.get_default_graph().get_name_scope()
out["slash"] = [ab.name, abc.name, inner.original_name_scope, inner.name]
out["x_dtype"] = x1.dtype.name
out["reuse"] = [bool(scope.reuse)]
out["trainable"] = sorted(t.name for t in tf.trainable_variables())
out["global"] = sorted(t.name for t in tf.global_variables())
out["scoped"] = sorted(t.name for t in tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, "foo"))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["w"] = sess.run(w).tolist()
    out["x"] = float(sess.run(x1))
""",
    "variable_scope_initializer_and_errors": """
with tf.variable_scope("s", initializer=tf.ones_initializer()):
    p = tf.get_variable("p", [2])
    q = tf.get_variable("q", [2], initializer=tf.zeros_initializer())
    r = tf.get_variable("r", initializer=tf.constant([1.0, 2.0, 3.0]))
    n = tf.get_variable("n", [3], dtype=tf.int32, initializer=tf.zeros_initializer())
    t = tf.get_variable("t", [1], trainable=False)
    u = tf.get_variable("u", [1], collections=["mine"])
out["exists"] = raises(lambda: tf.get_variable("s/p", [2]))
with tf.variable_scope("s"):
    out["exists_in_scope"] = raises(lambda: tf.get_variable("p", [2]))
with tf.variable_scope("s", reuse=True):
    out["missing"] = raises(lambda: tf.get_variable("zz", [1]))
    out["wrong_shape"] = raises(lambda: tf.get_variable("p", [3]))
out["trainable"] = sorted(x.name for x in tf.trainable_variables())
out["mine"] = [x.name for x in tf.get_collection("mine")]
out["n_dtype"] = n.dtype.name
out["r_shape"] = r.get_shape().as_list()
with tf.Session() as sess:
    sess.run(tf.variables_initializer(tf.global_variables() + tf.get_collection("mine")))
    out["values"] = [sess.run(p).tolist(), sess.run(q).tolist(), sess.run(r).tolist(),
                     sess.run(n).tolist()]
""",
    "collections": """
a = tf.constant(1.0, name="a")
tf.add_to_collection("things", a)
tf.add_to_collections(["things", "more"], tf.constant(2.0, name="b"))
ref = tf.get_collection_ref("things")
out["things"] = [x.name for x in tf.get_collection("things")]
out["more"] = [x.name for x in tf.get_collection("more")]
out["ref_len"] = len(ref)
out["missing"] = tf.get_collection("nothing")
out["keys"] = [tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.TRAINABLE_VARIABLES,
               tf.GraphKeys.UPDATE_OPS, tf.GraphKeys.LOSSES, tf.GraphKeys.SUMMARIES,
               tf.GraphKeys.LOCAL_VARIABLES, tf.GraphKeys.REGULARIZATION_LOSSES,
               tf.GraphKeys.TRAIN_OP, tf.GraphKeys.GLOBAL_STEP]
""",
    "initialized_value": """
w1 = tf.Variable(tf.random_normal([3], seed=1), name="w1")
w2 = tf.Variable(w1.initialized_value() * 2.0, name="w2")
k = tf.Variable(3, name="k")
with tf.Session() as sess:
    out["before"] = [x.decode() for x in sess.run(tf.report_uninitialized_variables())]
    out["init_before"] = bool(sess.run(tf.is_variable_initialized(k)))
    sess.run(tf.initialize_all_variables())
    a, b = sess.run([w1, w2])
    out["ratio"] = (b / a).tolist()
    out["after"] = sess.run(tf.report_uninitialized_variables()).tolist()
    out["init_after"] = bool(sess.run(tf.is_variable_initialized(k)))
""",
    "reduce_spellings": """
x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
with tf.Session() as sess:
    out["sum_ri"] = sess.run(tf.reduce_sum(x, reduction_indices=[1])).tolist()
    out["sum_kd"] = sess.run(tf.reduce_sum(x, 1, keep_dims=True)).tolist()
    out["mean_ri_kd"] = sess.run(tf.reduce_mean(x, reduction_indices=0, keep_dims=True)).tolist()
    out["max_axis"] = sess.run(tf.reduce_max(x, axis=1, keepdims=True)).tolist()
    out["min"] = float(sess.run(tf.reduce_min(x)))
    out["prod"] = sess.run(tf.reduce_prod(x, reduction_indices=[0])).tolist()
    out["lse"] = sess.run(tf.reduce_logsumexp(x, reduction_indices=1, keep_dims=True)).tolist()
    out["argmax_dim"] = sess.run(tf.argmax(x, dimension=1)).tolist()
    out["shape"] = tf.reduce_sum(x, 1, keep_dims=True).get_shape().as_list()
""",
    "dtype_strings_and_casts": """
a = tf.placeholder("float", [None, 2])
b = tf.constant([1, 2], dtype="int64")
c = tf.zeros([2], dtype="float64")
d = tf.cast(a, "int32")
e = tf.Variable(tf.ones([2], "float32"), dtype="float32")
f = tf.constant([True, False], "bool")
out["dtypes"] = [a.dtype.name, b.dtype.name, c.dtype.name, d.dtype.name, e.dtype.name,
                 f.dtype.name, tf.to_float(b).dtype.name, tf.to_int32(a).dtype.name,
                 tf.to_int64(a).dtype.name, tf.to_double(a).dtype.name]
out["double"] = tf.placeholder("double").dtype.name
out["is_floating"] = [a.dtype.is_floating, b.dtype.is_floating, b.dtype.is_integer,
                      f.dtype.is_bool]
out["base"] = [a.dtype.base_dtype.name, e.dtype.base_dtype.name]
out["numpy"] = [str(np.dtype(a.dtype.as_numpy_dtype)), str(np.dtype(b.dtype.as_numpy_dtype))]
out["eq"] = [a.dtype == tf.float32, b.dtype == tf.int64, a.dtype != tf.float64]
with tf.Session() as sess:
    out["cast"] = sess.run(d, {a: [[1.7, -1.7]]}).tolist()
    out["to_float"] = sess.run(tf.to_float(b)).tolist()
""",
    "shapes_and_dimensions": """
x = tf.placeholder(tf.float32, [None, 3, 4])
y = tf.zeros([2, 5])
out["values"] = [x.shape[1].value, x.get_shape()[2].value, x.shape[0].value,
                 y.get_shape()[0].value]
out["as_list"] = [x.get_shape().as_list(), y.shape.as_list()]
out["ndims"] = [x.shape.ndims, y.get_shape().ndims]
out["defined"] = [x.shape.is_fully_defined(), y.shape.is_fully_defined()]
out["merged"] = x.shape.merge_with(tf.TensorShape([7, 3, None])).as_list()
out["dim_eq"] = [x.shape[1] == 3, tf.Dimension(3).value, tf.Dimension(None).value]
out["int"] = int(y.shape[1])
out["unknown_rank"] = tf.placeholder(tf.float32).shape.ndims
out["num_elements"] = [y.shape.num_elements(), x.shape.num_elements()]
out["dims"] = [d.value for d in x.shape.dims]
out["iter"] = [d.value for d in x.get_shape()]
out["slice"] = x.shape[1:].as_list()
z = tf.placeholder(tf.float32)
z.set_shape([None, 2])
out["set_shape"] = z.shape.as_list()
out["set_shape_bad"] = raises(lambda: y.set_shape([3, 5]))
""",
    "interactive_session": """
sess = tf.InteractiveSession()
a = tf.constant(3.0)
p = tf.placeholder(tf.float32)
v = tf.Variable(2.0)
v.initializer.run()
out["eval"] = float(a.eval())
out["feed"] = float((p * 2.0).eval(feed_dict={p: 4.0}))
out["var"] = float(v.eval())
inc = tf.assign_add(v, 1.0)
inc.op.run()
out["after_run"] = float(v.eval())
sess.close()
""",
    "softmax_regression_idiom": """
rng = np.random.RandomState(0)
xs = rng.rand(64, 20).astype("float32")
ys = np.eye(5, dtype="float32")[rng.randint(0, 5, 64)]
sess = tf.InteractiveSession()
x = tf.placeholder(tf.float32, shape=[None, 20])
y_ = tf.placeholder(tf.float32, shape=[None, 5])
W = tf.Variable(tf.zeros([20, 5]))
b = tf.Variable(tf.zeros([5]))
sess.run(tf.global_variables_initializer())
y = tf.matmul(x, W) + b
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
for _ in range(20):
    train_step.run(feed_dict={x: xs, y_: ys})
correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
out["accuracy"] = float(accuracy.eval(feed_dict={x: xs, y_: ys}))
out["loss"] = float(cross_entropy.eval(feed_dict={x: xs, y_: ys}))
out["b"] = b.eval().tolist()
out["names"] = [y.name, cross_entropy.name, train_step.name, accuracy.name, correct.name]
sess.close()
""",
    "counter_and_scopes": """
state = tf.Variable(0, name="counter")
one = tf.constant(1)
new_value = tf.add(state, one)
update = tf.assign(state, new_value)
with tf.name_scope("hidden") as scope:
    a = tf.constant(5, name="alpha")
    W = tf.Variable(tf.random_uniform([1, 2], -1.0, 1.0), name="weights")
    h = tf.add(a, 1, name=scope)
with tf.variable_scope("foo"):
    with tf.name_scope("bar"):
        v = tf.get_variable("v", [1])
        s = 1.0 + v
values = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(update)
        values.append(int(sess.run(state)))
out["values"] = values
out["names"] = [state.name, new_value.name, update.name, a.name, W.name, h.name, v.name,
                s.name, W.initializer.name, one.name]
""",
    "device_and_config": """
with tf.device("/cpu:0"):
    a = tf.constant(2.0)
    b = a * 3.0
config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
config.gpu_options.allow_growth = True
with tf.Session(config=config) as sess:
    out["b"] = float(sess.run(b))
out["is_dtype"] = isinstance(a.dtype, tf.DType)
""",
    "placeholder_with_default": """
d = tf.placeholder_with_default(tf.constant([1.0, 2.0]), shape=[None])
y = d * 3.0
with tf.Session() as sess:
    out["default"] = sess.run(y).tolist()
    out["fed"] = sess.run(y, {d: [5.0, 6.0, 7.0]}).tolist()
out["shape"] = d.get_shape().as_list()
""",
    "schedules": """
step = tf.Variable(0, trainable=False, name="step")
rates = {
    "exp": tf.train.exponential_decay(0.1, step, 10, 0.5),
    "exp_stairs": tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True),
    "natural": tf.train.natural_exp_decay(0.1, step, 10, 0.5),
    "natural_stairs": tf.train.natural_exp_decay(0.1, step, 10, 0.5, staircase=True),
    "inverse": tf.train.inverse_time_decay(0.1, step, 10, 0.5),
    "inverse_stairs": tf.train.inverse_time_decay(0.1, step, 10, 0.5, staircase=True),
    "poly": tf.train.polynomial_decay(0.1, step, 10, 0.01),
    "poly_pow": tf.train.polynomial_decay(0.1, step, 10, 0.01, power=2.0),
    "poly_cycle": tf.train.polynomial_decay(0.1, step, 10, 0.01, power=0.5, cycle=True),
    "piecewise": tf.train.piecewise_constant(step, [5, 10], [1.0, 0.5, 0.1]),
}
out["names"] = {k: v.op.name.split("/")[0] for k, v in rates.items()}
out["dtypes"] = {k: v.dtype.name for k, v in rates.items()}
setter = tf.placeholder(tf.int32)
assign = tf.assign(step, setter)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for s in [0, 1, 5, 9, 10, 11, 15, 25, 100]:
        sess.run(assign, {setter: s})
        for k, v in sess.run(rates).items():
            out.setdefault(k, []).append(float(v))
""",
    "global_step": """
gs = tf.train.get_or_create_global_step()
same = tf.train.get_or_create_global_step()
out["name"] = gs.name
out["dtype"] = gs.dtype.name
out["same"] = gs is same and tf.train.get_global_step() is gs
out["trainable"] = [v.name for v in tf.trainable_variables()]
out["global_steps"] = [v.name for v in tf.get_collection(tf.GraphKeys.GLOBAL_STEP)]
w = tf.Variable(1.0)
train = tf.train.GradientDescentOptimizer(0.1).minimize(w * w, global_step=gs)
out["train_name"] = train.name
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train)
    out["step"] = int(sess.run(gs))
    out["w"] = float(sess.run(w))
""",
    "minimize_default_var_list": """
a = tf.Variable(1.0, name="a")
b = tf.Variable(2.0, name="b", trainable=False)
c = tf.get_variable("c", initializer=3.0, trainable=False)
d = tf.get_variable("d", initializer=4.0)
loss = a * a + b * b + c * c + d * d
train = tf.train.GradientDescentOptimizer(0.25).minimize(loss)
out["op"] = train.name
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    out["values"] = [float(x) for x in sess.run([a, b, c, d])]
""",
    "summaries": """
x = tf.placeholder(tf.float32, [3])
out["none"] = tf.summary.merge_all() is None
with tf.name_scope("train"):
    s1 = tf.summary.scalar("loss", tf.reduce_mean(x))
h = tf.summary.histogram("hist", x)
merged = tf.summary.merge_all()
out["names"] = [s1.op.name, h.op.name]
out["dtypes"] = [s1.dtype.name, merged.dtype.name]
out["count"] = len(tf.get_collection(tf.GraphKeys.SUMMARIES))
import tempfile
logdir = tempfile.mkdtemp()
writer = tf.summary.FileWriter(logdir, tf.get_default_graph())
with tf.Session() as sess:
    blob = sess.run(merged, {x: [1.0, 2.0, 3.0]})
    writer.add_summary(blob, 1)
    writer.add_graph(sess.graph)
    writer.flush()
    writer.close()
out["bytes"] = isinstance(blob, bytes)
""",
    "error_classes": """
x = tf.placeholder(tf.float32, [2, 3], name="x")
i = tf.placeholder(tf.int32, [2, 3], name="i")
v = tf.Variable(tf.zeros([2, 3]), name="v")
g = tf.get_default_graph()
out["dtype_mix"] = raises(lambda: tf.add(x, i))
out["dtype_op"] = raises(lambda: x + i)
out["matmul_shape"] = raises(lambda: tf.matmul(x, x))
out["broadcast"] = raises(lambda: x + tf.zeros([4, 5]))
out["reshape"] = raises(lambda: tf.reshape(x, [5]))
out["const_int"] = raises(lambda: tf.constant(1.5, dtype=tf.int32))
out["no_tensor"] = raises(lambda: g.get_tensor_by_name("nope:0"))
out["no_output"] = raises(lambda: g.get_tensor_by_name("x:3"))
out["no_op"] = raises(lambda: g.get_operation_by_name("nope"))
out["squeeze"] = raises(lambda: tf.squeeze(x, [0]))
out["reduce_axis"] = raises(lambda: tf.reduce_sum(x, 5))
out["assign_shape"] = raises(lambda: tf.assign(v, tf.zeros([4])))
out["sqrt_int"] = raises(lambda: tf.sqrt(tf.constant(4)))
out["split"] = raises(lambda: tf.split(x, 4, 1))
out["bool"] = raises(lambda: bool(x))
sess = tf.Session()
out["missing_feed"] = raises(lambda: sess.run(x * 2.0))
out["uninitialized"] = raises(lambda: sess.run(v + 1.0))
out["feed_shape"] = raises(lambda: sess.run(x, {x: np.zeros(3)}))
out["fetch_name"] = raises(lambda: sess.run("nope:0"))
out["fetch_type"] = raises(lambda: sess.run(3))
out["gather"] = raises(lambda: sess.run(tf.gather(tf.constant([1.0, 2.0]), tf.constant(5))))
sess.close()
out["closed"] = raises(lambda: sess.run(tf.constant(1.0)))
""",
    "names_ignore_case": """
a = tf.constant(1.0, name="A")
b = tf.constant(2.0, name="a")
c = tf.add(a, b, name="Sum")
d = tf.add(a, b, name="sum")
with tf.name_scope("Layer"):
    e = tf.constant(3.0)
with tf.name_scope("layer"):
    f = tf.constant(4.0)
g = tf.constant(5.0, name="a_1")
with tf.variable_scope("Dense"):
    w = tf.get_variable("w", [1])
with tf.variable_scope("dense"):
    v = tf.get_variable("w", [1])
out["names"] = [t.name for t in (a, b, c, d, e, f, g, w, v)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = [float(x) for x in sess.run([b.name, d.name, f.name, g.name])]
""",
}


# Classic TF1 tutorial programs (training loops, conv, control flow, optimizers' slots,
# losses, array ops, savers, EMA, scopes), deterministic initial values so numbers compare.
PROGRAMS.update(
    {
        "classic_linreg": """
rng = np.random.RandomState(1)
xs = rng.rand(100, 3).astype("float32"); ys = xs @ np.array([[1.],[2.],[3.]],"float32") + 0.5
x = tf.placeholder(tf.float32, [None, 3]); y = tf.placeholder(tf.float32, [None, 1])
W = tf.get_variable("W", [3, 1], initializer=tf.zeros_initializer())
b = tf.get_variable("b", [1], initializer=tf.constant_initializer(0.1))
pred = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.square(pred - y))
opt = tf.train.GradientDescentOptimizer(0.1)
train = opt.minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(50):
        _, l = sess.run([train, loss], {x: xs, y: ys})
    out["loss"] = float(l); out["W"] = sess.run(W).ravel().tolist(); out["b"] = sess.run(b).tolist()
    out["names"] = [W.name, b.name, pred.name, loss.name, train.name]
""",
        "classic_conv_raw": """
rng = np.random.RandomState(3)
xv = rng.rand(2, 7, 7, 3).astype("float32"); kv = rng.rand(3, 3, 3, 2).astype("float32")
x = tf.constant(xv); k = tf.Variable(kv)
c = tf.nn.conv2d(x, k, strides=[1, 2, 2, 1], padding="SAME")
c2 = tf.nn.bias_add(c, tf.constant([0.5, -0.5]))
m = tf.nn.max_pool(c2, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
a = tf.nn.avg_pool(c2, ksize=[1, 3, 3, 1], strides=[1, 1, 1, 1], padding="SAME")
s = tf.reduce_sum(m) + tf.reduce_sum(a * a)
g = tf.gradients(s, [k, x])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    cv, mv, av, gk, gx = sess.run([c, m, a, g[0], g[1]])
    out["c"] = cv.ravel().tolist(); out["m"] = mv.ravel().tolist(); out["a"] = av.ravel().tolist()
    out["gk"] = gk.ravel().tolist(); out["gx"] = gx.ravel().tolist()
    out["shapes"] = [c.shape.as_list(), m.shape.as_list(), a.shape.as_list()]
    out["names"] = [c.name, c2.name, m.name, a.name]
""",
        "classic_control_flow": """
i = tf.constant(0); acc = tf.constant(1.0)
r = tf.while_loop(lambda i, a: i < 5, lambda i, a: (i + 1, a * 2.0), [i, acc])
x = tf.placeholder(tf.float32, [])
c = tf.cond(x > 0, lambda: x * 10.0, lambda: x - 10.0)
pairs = [(x > 5.0, lambda: tf.constant(1.0)), (x > 0.0, lambda: tf.constant(2.0))]
case = tf.case(pairs, default=lambda: tf.constant(3.0))
elems = tf.constant([1.0, 2.0, 3.0, 4.0])
mf = tf.map_fn(lambda e: e * e, elems)
sc = tf.scan(lambda a, e: a + e, elems)
fl = tf.foldl(lambda a, e: a * e, elems)
fr = tf.foldr(lambda a, e: a - e, elems)
v = tf.Variable(2.0)
body = lambda k, s: (k + 1, s + v * tf.cast(k, tf.float32))
y = tf.while_loop(lambda k, s: k < 3, body, [0, tf.constant(0.0)])[1]
gv = tf.gradients(y, v)[0]
gc = tf.gradients(c, x)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["while"] = [float(t) for t in sess.run(r)]
    out["cond"] = [float(sess.run(c, {x: 2.0})), float(sess.run(c, {x: -2.0}))]
    out["case"] = [float(sess.run(case, {x: v_})) for v_ in (6.0, 1.0, -1.0)]
    out["map"] = sess.run(mf).tolist(); out["scan"] = sess.run(sc).tolist()
    out["foldl"] = float(sess.run(fl)); out["foldr"] = float(sess.run(fr))
    out["y"] = float(sess.run(y))
    out["gv"] = float(sess.run(gv))
    out["gc"] = float(sess.run(gc, {x: 3.0}))
    out["by_name"] = [float(sess.run("while/Exit_1:0")), float(sess.run("cond/Merge:0", {x: 1.0}))]
counted = tf.while_loop(lambda k: k < 5, lambda k: k + 1, [0], maximum_iterations=3, name="loop")
pair = tf.cond(x > 0, lambda: (x, x + 1.0), lambda: (x, x - 1.0))
out["names"] = [r[0].name, r[1].name, c.name, counted.name, pair[0].name, pair[1].name]
out["stacked"] = [mf.name, sc.name]
""",
        "classic_optimizers": """
res = {}
for name, mk in [
    ("mom", lambda: tf.train.MomentumOptimizer(0.1, 0.9)),
    ("nest", lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True)),
    ("rms", lambda: tf.train.RMSPropOptimizer(0.01)),
    ("rmsc", lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5, centered=True)),
    ("adagrad", lambda: tf.train.AdagradOptimizer(0.1)),
    ("adadelta", lambda: tf.train.AdadeltaOptimizer(1.0)),
    ("adam", lambda: tf.train.AdamOptimizer(0.1)),
]:
    with tf.variable_scope(name):
        w = tf.get_variable("w", initializer=tf.constant([1.0, -2.0, 3.0]))
        loss = tf.reduce_sum(w * w * tf.constant([1.0, 2.0, 0.5])) + tf.reduce_sum(tf.sin(w))
        opt = mk()
        step = opt.minimize(loss)
    res[name] = (w, step, opt)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for name, (w, step, opt) in res.items():
        for _ in range(4):
            sess.run(step)
        out[name] = sess.run(w).tolist()
        out[name + "_slots"] = sorted(opt.get_slot_names())
    out["vars"] = sorted(v.name for v in tf.global_variables())
""",
        "classic_losses": """
labels = tf.constant([[0., 1., 0.], [1., 0., 0.]])
logits = tf.constant([[1., 2., 0.5], [0.3, -1., 2.]])
w = tf.constant([[1.0], [2.0]])
pred = tf.constant([[0.2, 0.7], [0.9, 0.1]]); tgt = tf.constant([[0., 1.], [1., 1.]])
vals = {
 "mse": tf.losses.mean_squared_error(tgt, pred),
 "mse_w": tf.losses.mean_squared_error(tgt, pred, weights=w),
 "abs": tf.losses.absolute_difference(tgt, pred),
 "huber": tf.losses.huber_loss(tgt, pred * 3, delta=0.5),
 "log": tf.losses.log_loss(tgt, pred), "hinge": tf.losses.hinge_loss(tgt, pred),
 "sig": tf.losses.sigmoid_cross_entropy(tgt, pred, label_smoothing=0.1),
 "soft": tf.losses.softmax_cross_entropy(labels, logits, label_smoothing=0.2),
 "soft_w": tf.losses.softmax_cross_entropy(labels, logits, weights=tf.constant([0.5, 2.0])),
 "sparse": tf.losses.sparse_softmax_cross_entropy(tf.constant([1, 0]), logits),
 "cos": tf.losses.cosine_distance(tf.nn.l2_normalize(tgt, 1), tf.nn.l2_normalize(pred, 1), axis=1),
 "mpse": tf.losses.mean_pairwise_squared_error(tgt, pred),
 "none": tf.losses.mean_squared_error(
     tgt, pred, reduction=tf.losses.Reduction.NONE, loss_collection=None
 ),
 "sum": tf.losses.mean_squared_error(tgt, pred, reduction=tf.losses.Reduction.SUM),
 "sbn": tf.losses.mean_squared_error(
     tgt, pred, weights=w, reduction=tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS
 ),
 "wce": tf.nn.weighted_cross_entropy_with_logits(targets=tgt, logits=pred, pos_weight=2.0),
 "sce": tf.nn.sigmoid_cross_entropy_with_logits(labels=tgt, logits=pred),
 "lsm": tf.nn.log_softmax(logits, axis=0),
}
l2 = lambda t: 0.25 * tf.reduce_sum(t * t)
reg = tf.get_variable("r", initializer=tf.constant([1.0, 2.0]), regularizer=l2)
total = tf.losses.get_total_loss()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for k, t in vals.items():
        out[k] = np.asarray(sess.run(t)).ravel().tolist()
    out["total"] = float(sess.run(total))
    out["n_losses"] = len(tf.losses.get_losses())
    out["n_reg"] = len(tf.losses.get_regularization_losses())
    out["names"] = [vals["mse"].name, vals["soft"].name, total.name]
""",
        "classic_shapes_ops": """
a = tf.constant(np.arange(24, dtype="float32").reshape(2, 3, 4))
outs = {
 "tile": tf.tile(a[:, :1], [1, 2, 1]),
 "pad_c": tf.pad(a, [[1, 0], [0, 0], [0, 1]], constant_values=7),
 "gather": tf.gather(a, [2, 0], axis=2),
 "gnd": tf.gather_nd(a, [[0, 1], [1, 2]]),
 "bm": tf.boolean_mask(a, tf.constant([[True, False, True], [False, True, False]])),
 "split": tf.split(a, [1, 3], axis=2)[1],
 "unstack": tf.unstack(a, axis=1)[2],
 "stack": tf.stack([a[0], a[1]], axis=-1),
 "concat": tf.concat([a, a], -1), "sq": tf.squeeze(a[:, :1, :], [1]), "ed": tf.expand_dims(a, -1),
 "slice": tf.slice(a, [0, 1, 1], [-1, 2, -1]), "tr": tf.transpose(a, [2, 0, 1]),
 "oh": tf.one_hot([0, 2, -1], 3, on_value=5.0, off_value=-1.0, axis=0),
 "cs": tf.cumsum(a, axis=2, exclusive=True, reverse=True),
 "cp": tf.cumprod(a + 1, axis=1, exclusive=True),
 "rs": tf.reshape(a, [-1, 6]),
 "strided": a[::-1, 1:, ::2],
 "topk": tf.nn.top_k(a, 2).values,
 "topki": tf.nn.top_k(a, 2).indices,
 "argmax": tf.argmax(a, axis=1),
 "argmin": tf.argmin(a, 2, output_type=tf.int32),
 "moments_m": tf.nn.moments(a, [0, 1])[0],
 "moments_v": tf.nn.moments(a, [0, 1], keep_dims=True)[1],
 "l2n": tf.nn.l2_normalize(a, axis=[1, 2]),
 "in_top_k": tf.nn.in_top_k(tf.constant([[0.1, 0.9, 0.3], [0.8, 0.1, 0.1]]), [2, 0], 2),
 "mean_int": tf.reduce_mean(tf.constant([1, 2, 4])),
 "div_int": tf.constant([7, -7]) // 2,
 "tdiv": tf.div(tf.constant([7, -7]), 2),
 "mod": tf.constant([7, -7]) % 3,
 "floordiv_f": tf.floordiv(tf.constant([7.5, -7.5]), 2.0),
 "truediv_int": tf.truediv(tf.constant([7, -7]), 2),
 "sign": tf.sign(tf.constant([-2.0, 0.0, 3.0])), "clip": tf.clip_by_value(a, 3.0, 10.0),
}
with tf.Session() as sess:
    for k, t in outs.items():
        v = sess.run(t)
        shape = t.shape.as_list() if t.shape.ndims is not None else None
        out[k] = [np.asarray(v).tolist(), str(np.asarray(v).dtype), shape]
    out["names"] = sorted(t.name for t in outs.values())
""",
        "classic_saver_roundtrip": """
import tempfile, os
d = tempfile.mkdtemp()
v = tf.Variable([1.0, 2.0], name="v")
w = tf.get_variable("w", [2, 2], initializer=tf.ones_initializer())
inc = tf.assign_add(v, [1.0, 1.0]); gs = tf.train.get_or_create_global_step()
saver = tf.train.Saver(max_to_keep=2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    paths = []
    for i in range(3):
        sess.run(inc); sess.run(tf.assign_add(gs, 1))
        paths.append(os.path.basename(saver.save(sess, os.path.join(d, "model"), global_step=gs)))
    out["paths"] = paths
    out["latest"] = os.path.basename(tf.train.latest_checkpoint(d))
    out["kept"] = [os.path.basename(p) for p in saver.last_checkpoints]
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(d))
    out["v"] = sess.run(v).tolist(); out["gs"] = int(sess.run(gs))
r = tf.train.NewCheckpointReader(tf.train.latest_checkpoint(d))
out["shape_map"] = {k: list(s) for k, s in sorted(r.get_variable_to_shape_map().items())}
out["list"] = [[n, list(s)] for n, s in tf.train.list_variables(d)]
""",
        "classic_ema_and_clip": """
w = tf.Variable([3.0, -4.0], name="w")
loss = tf.reduce_sum(w * w)
opt = tf.train.GradientDescentOptimizer(0.1)
gvs = opt.compute_gradients(loss)
grads, norm = tf.clip_by_global_norm([g for g, _ in gvs], 5.0)
gs = tf.train.get_or_create_global_step()
apply = opt.apply_gradients(zip(grads, [v for _, v in gvs]), global_step=gs)
ema = tf.train.ExponentialMovingAverage(0.9, num_updates=gs)
with tf.control_dependencies([apply]):
    train = ema.apply([w])
avg = ema.average(w)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train)
    out["w"] = sess.run(w).tolist()
    out["avg"] = sess.run(avg).tolist()
    out["gs"] = int(sess.run(gs))
    out["norm"] = float(sess.run(norm))
    out["avg_name"] = avg.name; out["restore"] = sorted(ema.variables_to_restore().keys())
    out["clip_norm"] = sess.run(tf.clip_by_norm(tf.constant([3.0, 4.0]), 2.5)).tolist()
""",
        "classic_embedding": """
params = tf.Variable(np.arange(20, dtype="float32").reshape(5, 4))
ids = tf.constant([[0, 3], [4, 4]])
e = tf.nn.embedding_lookup(params, ids)
loss = tf.reduce_sum(e * tf.constant([1.0, 2.0, 3.0, 4.0]))
g = tf.gradients(loss, params)[0]
opt = tf.train.AdamOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["e"] = sess.run(e).tolist()
    out["g"] = np.asarray(sess.run(tf.convert_to_tensor(g))).tolist()
    sess.run(opt)
    out["after"] = sess.run(params).tolist()
""",
        "classic_scopes_reuse": """
def dense(x, n, name):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        w = tf.get_variable("w", [x.shape[1], n], initializer=tf.constant_initializer(0.5))
        return tf.matmul(x, w)
x = tf.placeholder(tf.float32, [None, 2])
a = dense(x, 3, "L"); b = dense(x, 3, "L")
with tf.variable_scope("outer") as sc:
    u = tf.get_variable("u", [1])
with tf.variable_scope(sc, reuse=True):
    u2 = tf.get_variable("u")
with tf.name_scope("ns"):
    c = tf.add(a, b, name="sum"); vv = tf.get_variable("nsv", [1])
with tf.variable_scope("vs"):
    d = tf.identity(c);
    with tf.variable_scope("inner", default_name="x"):
        e = tf.constant(1.0)
with tf.variable_scope(None, default_name="auto"):
    f = tf.constant(2.0)
with tf.variable_scope(None, default_name="auto"):
    g = tf.constant(3.0)
out["names"] = [a.name, b.name, u.name, u2.name, c.name, vv.name, d.name, e.name, f.name, g.name]
out["same"] = u is u2
out["nvars"] = len(tf.global_variables())
out["err"] = raises(lambda: tf.get_variable("L/w", [2, 3]))
with tf.variable_scope("L"):
    out["err2"] = raises(lambda: tf.get_variable("w", [2, 3]))
""",
        "classic_pads": """
a = tf.constant(np.arange(24, dtype="float32").reshape(2, 3, 4))
r = tf.pad(a, [[0, 0], [1, 1], [2, 2]], "REFLECT")
s = tf.pad(a, [[0, 1], [2, 2], [3, 1]], "SYMMETRIC")
c = tf.pad(a, [[1, 0], [0, 0], [0, 1]], mode="constant", constant_values=7)
g = tf.gradients(tf.reduce_sum(r * r) + tf.reduce_sum(s * 3.0), a)[0]
with tf.Session() as sess:
    for k, t in {"r": r, "s": s, "c": c, "g": g}.items():
        out[k] = [sess.run(t).tolist(), t.shape.as_list()]
    out["names"] = [r.name, s.name, c.name]
    out["bad"] = raises(lambda: sess.run(tf.pad(a, [[0, 0], [3, 0], [0, 0]], "REFLECT")))
""",
    }
)


# tf.layers programs (functional and layer objects); recording them needs tf_keras in the
# dev venv and TF_USE_LEGACY_KERAS=1, which main() sets, since Keras 3 dropped tf.layers.
PROGRAMS.update(
    {
        "classic_cnn_layers": """
rng = np.random.RandomState(2)
xs = rng.rand(8, 12, 12, 1).astype("float32"); ys = rng.randint(0, 3, 8)
x = tf.placeholder(tf.float32, [None, 12, 12, 1]); y = tf.placeholder(tf.int64, [None])
init = tf.constant_initializer(0.05)
relu = tf.nn.relu
h = tf.layers.conv2d(x, 4, 3, padding="same", activation=relu, kernel_initializer=init, name="c1")
h = tf.layers.max_pooling2d(h, 2, 2)
b_init = tf.constant_initializer(0.01)
h = tf.layers.conv2d(h, 6, [3, 3], strides=2, kernel_initializer=init, bias_initializer=b_init)
h = tf.layers.average_pooling2d(h, 1, 1)
h = tf.layers.flatten(h)
h = tf.layers.dropout(h, rate=0.5, training=False)
logits = tf.layers.dense(h, 3, kernel_initializer=init)
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
train = tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    ls = []
    for i in range(5):
        _, l = sess.run([train, loss], {x: xs, y: ys}); ls.append(float(l))
    out["losses"] = ls
    out["shape"] = h.shape.as_list()
    out["vars"] = [v.name for v in tf.global_variables()]
    out["trainable"] = [v.name for v in tf.trainable_variables()]
""",
        "classic_batchnorm_updates": """
rng = np.random.RandomState(4)
xs = rng.rand(16, 5).astype("float32") * 3
x = tf.placeholder(tf.float32, [None, 5]); training = tf.placeholder(tf.bool, [])
h = tf.layers.batch_normalization(x, training=training, momentum=0.9)
loss = tf.reduce_mean(tf.square(h - 1.0))
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train, {x: xs, training: True})
    out["infer"] = sess.run(h, {x: xs[:2], training: False}).ravel().tolist()
    out["train"] = sess.run(h, {x: xs[:4], training: True}).ravel().tolist()
    out["vars"] = [v.name for v in tf.global_variables()]
    out["n_update"] = len(update_ops)
    mm = [v for v in tf.global_variables() if "moving_mean" in v.name][0]
    out["moving_mean"] = sess.run(mm).tolist()
""",
        "classic_lstm": """
rng = np.random.RandomState(5)
xs = rng.rand(2, 4, 3).astype("float32")
x = tf.placeholder(tf.float32, [None, 4, 3])
cell = tf.nn.rnn_cell.LSTMCell(5, initializer=tf.constant_initializer(0.1))
outs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, sequence_length=[4, 2])
loss = tf.reduce_sum(outs)
g = tf.gradients(loss, tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    o, s, gs = sess.run([outs, state, g], {x: xs})
    out["outs"] = o.ravel().tolist()
    out["c"] = s.c.ravel().tolist()
    out["h"] = s.h.ravel().tolist()
    out["g"] = [a.ravel().tolist() for a in gs]
    out["vars"] = [v.name for v in tf.trainable_variables()]
""",
        "classic_conv_layers": """
x = tf.placeholder(tf.float32, [None, 4, 4, 3])
init = tf.constant_initializer(0.1)
t1 = tf.layers.conv2d_transpose(x, 2, 3, strides=2, padding="same", kernel_initializer=init)
t2 = tf.layers.conv2d_transpose(x, 2, [2, 2], strides=1, padding="valid", kernel_initializer=init)
s1 = tf.layers.separable_conv2d(
    x, 4, 3, padding="same", depthwise_initializer=init, pointwise_initializer=init
)
c1 = tf.layers.conv1d(tf.reshape(x, [-1, 16, 3]), 2, 3, kernel_initializer=init)
a1 = tf.layers.average_pooling1d(c1, 2, 2)
xv = np.linspace(-1, 1, 96, dtype="float32").reshape(2, 4, 4, 3)
g = tf.gradients(tf.reduce_sum(t1) + tf.reduce_sum(s1 * s1), x)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for k, t in {"t1": t1, "t2": t2, "s1": s1, "c1": c1, "a1": a1, "g": g}.items():
        out[k] = [np.round(sess.run(t, {x: xv}).ravel()[:30], 5).tolist(), t.shape.as_list()]
    out["vars"] = [v.name for v in tf.global_variables()]
""",
        "classic_layer_classes": """
x = tf.placeholder(tf.float32, [None, 8, 8, 2])
init = tf.constant_initializer(0.1)
conv = tf.layers.Conv2D(3, 3, padding="same", kernel_initializer=init, name="conv")
pool = tf.layers.MaxPooling2D(2, 2)
flat = tf.layers.Flatten()
small = tf.constant_initializer(0.02)
dense = tf.layers.Dense(4, activation=tf.nn.tanh, kernel_initializer=small, name="fc")
bn = tf.layers.BatchNormalization(name="bn")
y = dense(flat(pool(bn(conv(x), training=False))))
y2 = dense(flat(pool(conv(x))))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    xv = np.linspace(0, 1, 256, dtype="float32").reshape(2, 8, 8, 2)
    out["y"] = sess.run(y, {x: xv}).ravel().tolist()
    out["y2"] = sess.run(y2, {x: xv}).ravel().tolist()
    out["vars"] = [v.name for v in tf.global_variables()]
    out["kernel"] = [conv.kernel.name, dense.kernel.shape.as_list(), len(dense.trainable_weights)]
    out["bn"] = [len(bn.non_trainable_weights), len(bn.updates), conv.built, dense.count_params()]
    out["yname"] = [y.name, y2.name]
""",
        "classic_layers3d": """
x = tf.placeholder(tf.float32, [None, 6, 6, 6, 2])
init = tf.constant_initializer(0.05)
relu = tf.nn.relu
h = tf.layers.conv3d(x, 3, 3, padding="same", activation=relu, kernel_initializer=init)
h = tf.layers.max_pooling3d(h, 2, 2)
h2 = tf.layers.average_pooling3d(h, [1, 2, 2], [1, 1, 1], padding="same")
c = tf.layers.Conv3D(2, [2, 2, 2], strides=(2, 1, 1), kernel_initializer=init, name="cv")
h3 = c(h2)
xv = np.linspace(-1, 1, 864, dtype="float32").reshape(2, 6, 6, 6, 2)
g = tf.gradients(tf.reduce_sum(h3 * h3), x)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for k, t in {"h": h, "h2": h2, "h3": h3, "g": g}.items():
        out[k] = [np.round(sess.run(t, {x: xv}).ravel()[:40], 5).tolist(), t.shape.as_list()]
    out["names"] = [h.name, h2.name, h3.name]
    out["vars"] = [v.name for v in tf.global_variables()]
""",
        "classic_op_attrs": """
a = tf.constant([1.0, 2.0], name="a")
b = tf.identity(a, name="b")
c = tf.cast(a, tf.int32)
out["attrs"] = [b.op.get_attr("T").name, c.op.get_attr("DstT").name]
out["missing"] = raises(lambda: b.op.get_attr("nope"))
out["enums"] = [tf.as_dtype(e).name for e in (1, 3, 9, 10, 101, tf.uint8.as_datatype_enum)]
out["bad_enum"] = raises(lambda: tf.as_dtype(999))
""",
        "feature_columns_over_strings": """
fc = tf.feature_column
c = fc.categorical_column_with_vocabulary_list("w", ["a", "b", "c"], num_oov_buckets=2)
c2 = fc.categorical_column_with_vocabulary_list("w2", ["x", "y"], default_value=0)
c3 = tf.feature_column.categorical_column_with_hash_bucket("h", 5)
c4 = tf.feature_column.categorical_column_with_hash_bucket("n", 7, dtype=tf.int64)
c5 = tf.feature_column.categorical_column_with_vocabulary_list("v", [10, 20], num_oov_buckets=3)
feats = {
    "w": tf.constant([["a"], ["z"], ["c"], ["q"]]),
    "w2": tf.constant([["y", "x"], ["nope", ""], ["x", "x"], ["", ""]]),
    "h": tf.constant([["cat"], ["dog"], [""], ["emu"]]),
    "n": tf.constant([[3], [12345], [-1], [7]], tf.int64),
    "v": tf.constant([[10], [11], [20], [99]], tf.int64),
}
cols = [tf.feature_column.indicator_column(x) for x in (c, c2, c3, c4, c5)]
l = tf.feature_column.input_layer(feats, cols)
emb = tf.feature_column.embedding_column(c3, 2, initializer=tf.constant_initializer(0.5))
l2 = tf.feature_column.input_layer(feats, [emb])
with tf.Session() as s:
    s.run([tf.tables_initializer(), tf.global_variables_initializer()])
    out["dense"] = s.run(l).tolist()
    out["emb"] = s.run(l2).tolist()
out["bad_dtype"] = raises(
    lambda: fc.categorical_column_with_vocabulary_list("k", ["a"], dtype=tf.int64)
)
out["bad_hash"] = raises(lambda: tf.feature_column.categorical_column_with_hash_bucket("k", 0))
""",
        "init_from_checkpoint": """
import tempfile, os
d = tempfile.mkdtemp()
g1 = tf.Graph()
with g1.as_default():
    with tf.variable_scope("old"):
        a = tf.get_variable("a", [2, 3], initializer=tf.constant_initializer(1.5))
        b = tf.get_variable("b", [3], initializer=tf.constant_initializer(-2.0))
    c = tf.get_variable("c", [1], initializer=tf.constant_initializer(7.0))
    saver = tf.train.Saver()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(a.assign(a + 1.0))
        path = saver.save(s, os.path.join(d, "m"))
with tf.variable_scope("new"):
    na = tf.get_variable("a", [2, 3], initializer=tf.zeros_initializer())
    nb = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
w = tf.get_variable("w", [1], initializer=tf.zeros_initializer())
other = tf.Variable([5.0], name="other")
untouched = tf.get_variable("u", [2], initializer=tf.ones_initializer())
tf.train.init_from_checkpoint(d, {"old/": "new/", "c": "w"})
tf.train.init_from_checkpoint(path, {"c": other})
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["vals"] = [s.run(v).tolist() for v in (na, nb, w, other, untouched)]
out["missing"] = raises(lambda: tf.train.init_from_checkpoint(d, {"zzz": "w"}))
out["shape"] = raises(lambda: tf.train.init_from_checkpoint(d, {"old/b": "w"}))
out["scope_err"] = raises(lambda: tf.train.init_from_checkpoint(d, {"old/a": "new/"}))
with tf.variable_scope("all"):
    tf.get_variable("c", [1])
out["root"] = raises(lambda: tf.train.init_from_checkpoint(d, {"/": "all/"}))
""",
    }
)


if __name__ == "__main__":
    # No graph seed: each program runs in a graph of its own; one that draws seeds itself.
    harness.main(PROGRAMS, legacy_keras=True)
