"""TF 1.x programs (dev-only) whose ops read a ref variable after an update of it: TF's
read is the variable's buffer, which the update overwrote (`graphgate/ref_reads.py`).
Gradients made after an assign under `control_dependencies` (Udacity ud730's LSTM state in
variables), reads through `tf.identity` chains, updates reached by data or control, and
the same programs with resource variables (`use_resource`, a scope's, Keras weights,
`enable_resource_variables()`), whose reads are values. Only programs TF orders: a read no
edge orders against an update races in TF.

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python \\
        tests/reference/tf1_ref_reads.py > tests/unit/engine/fixtures/tf1_ref_reads.json

`tests/unit/engine/test_ref_reads.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# The state `s` is assigned under control dependencies before the loss, as ud730 does; the
# gradient of `s * w` for `w` is made after, so it runs after the assign.
_STATE = """
w = tf.Variable([0.5, -1.0])
h = s * w
with tf.control_dependencies([tf.assign(s, h + 3.0)]):
    loss = tf.reduce_sum(h * 2.0)
g = tf.gradients(loss, [w, s])
step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["g"] = [sess.run(g[0]).tolist() for _ in range(3)]
    out["gs"] = sess.run(g[1]).tolist()
    out["s"] = sess.run(s).tolist()
    out["loss"] = [float(sess.run([step, loss])[1]) for _ in range(3)]
    out["w"] = sess.run(w).tolist()
"""

PROGRAMS = {
    "ref_state_gradient": "s = tf.Variable([1.0, 2.0], trainable=False)\n" + _STATE,
    "ref_get_variable_state_gradient": (
        "s = tf.get_variable('s', initializer=[1.0, 2.0], trainable=False)\n" + _STATE
    ),
    "resource_state_gradient": (
        "s = tf.Variable([1.0, 2.0], trainable=False, use_resource=True)\n" + _STATE
    ),
    "resource_scope_state_gradient": (
        "with tf.variable_scope('outer', use_resource=True):\n"
        "    with tf.variable_scope('inner'):\n"
        "        s = tf.get_variable('s', initializer=[1.0, 2.0], trainable=False)\n" + _STATE
    ),
    "enabled_resource_state_gradient": (
        "tf.enable_resource_variables()\n"
        "try:\n"
        "    s = tf.Variable([1.0, 2.0], trainable=False)\n"
        "    out['enabled'] = tf.resource_variables_enabled()\n"
        "finally:\n"
        "    tf.disable_resource_variables()\n" + _STATE
    ),
    # A Keras kernel is a resource variable: the gradient for `x` made after its assign
    # (ordered after `y`) multiplies by the kernel `y` read, not the new one.
    "keras_weight_state_gradient": """
x = tf.Variable([[1.0, 2.0]])
layer = tf.keras.layers.Dense(1, use_bias=False, kernel_initializer=tf.ones_initializer())
y = layer(x)
with tf.control_dependencies([y]):
    a = tf.assign(layer.kernel, [[3.0], [4.0]])
with tf.control_dependencies([a]):
    loss = tf.reduce_sum(y * 2.0)
g = tf.gradients(loss, x)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["g"] = sess.run(g).tolist()
    out["k"] = sess.run(layer.kernel).tolist()
""",
    # An update reached by data: `u + v` reads v's buffer after `u` wrote it.
    "ref_update_then_read_by_data": """
v = tf.Variable(1.0)
u = tf.assign_add(v, 1.0)
y = u + v
z = tf.add_n([v, u * 0.0, v])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y"] = [float(sess.run(y)) for _ in range(3)]
    out["z"] = float(sess.run(z))
    out["v"] = float(sess.run(v))
""",
    "ref_identity_chain_after_update": """
v = tf.Variable(1.0)
x = tf.identity(tf.identity(v))
u = tf.assign(v, x * 2.0)
y = x + u
with tf.control_dependencies([u]):
    c = x * 10.0
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y"] = [float(sess.run(y)) for _ in range(2)]
    out["c"] = float(sess.run(c))
""",
    # Reads an update does not precede keep the value the read had: the update's own value
    # input and a sibling made before it.
    "ref_reads_before_update_unchanged": """
v = tf.Variable(2.0)
before = v * 3.0
u = tf.assign(v, before + 1.0)
with tf.control_dependencies([u]):
    after = tf.identity(before)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["r"] = [float(t) for t in sess.run([before, after])]
    out["v"] = float(sess.run(v))
""",
    # A gradient made after an assign of the weight, under whose control dependencies the
    # loss is: TF's gradient reaches the loss only through shapes, which are constants
    # when static, so fetching it neither runs the assign nor reads the new weight.
    "ref_gradient_reaches_update_through_shapes_only": """
w = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
x = tf.constant([[1.0, 1.0]])
y = tf.matmul(x, w)
with tf.control_dependencies([tf.assign(w, w * 2.0)]):
    loss = tf.reduce_sum(y * y)
gx = tf.gradients(loss, x)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["gx"] = sess.run(gx).tolist()
""",
    # An update inside a cond or a loop precedes what reads the cond's or loop's output:
    # `u + v` reads v after the branch's assign_add, `n + v` after the loop's.
    "ref_update_in_cond_then_read": """
v = tf.Variable(1.0)
p = tf.placeholder_with_default(True, [])
u = tf.cond(p, lambda: tf.assign_add(v, 1.0), lambda: tf.identity(v))
y = u + v
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y"] = [float(sess.run(y)) for _ in range(2)]
    out["not_taken"] = float(sess.run(y, {p: False}))
""",
    "ref_update_in_loop_then_read": """
v = tf.Variable(1.0)


def body(i):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        return i + 1


n = tf.while_loop(lambda i: i < 3, body, [0])
y = tf.cast(n, tf.float32) + v
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y"] = [float(sess.run(y)) for _ in range(2)]
""",
    # Udacity ud730's assignment 6 shape, shrunk: an LSTM-like cell unrolled over 3 steps
    # whose state lives in variables saved before the loss.
    "ref_saved_rnn_state": """
rng = np.random.RandomState(0)
batch, n, k = 2, 3, 4
ix = tf.Variable(rng.randn(k, n).astype(np.float32) * 0.3)
im = tf.Variable(rng.randn(n, n).astype(np.float32) * 0.3)
saved_output = tf.Variable(tf.zeros([batch, n]), trainable=False)
saved_state = tf.Variable(tf.ones([batch, n]) * 0.5, trainable=False)
inputs = [tf.constant(rng.randn(batch, k).astype(np.float32)) for _ in range(3)]
output, state = saved_output, saved_state
outputs = []
for i in inputs:
    gate = tf.sigmoid(tf.matmul(i, ix) + tf.matmul(output, im))
    state = gate * state + (1.0 - gate) * tf.tanh(tf.matmul(i, ix))
    output = gate * tf.tanh(state)
    outputs.append(output)
with tf.control_dependencies([saved_output.assign(output), saved_state.assign(state)]):
    loss = tf.reduce_mean(tf.square(tf.concat(outputs, 0) - 0.25))
opt = tf.train.GradientDescentOptimizer(0.5)
grads = opt.compute_gradients(loss)
step = opt.apply_gradients(grads)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["loss"] = [float(sess.run([step, loss])[1]) for _ in range(4)]
    out["im"] = sess.run(im).tolist()
    out["saved"] = sess.run(saved_state).tolist()
""",
    # Review 32's leftovers (refreads2). A cond's branches wait for its predicate's Switch
    # and a loop's body for its first Merge, so what they read of a captured ref variable
    # is its buffer after the updates the predicate, the loop's inputs or a control
    # dependency follow (graphgate read it at the run's start: 2, 4, 6).
    "ref_cond_predicate_after_update": """
v = tf.Variable(1.0)
u = tf.assign_add(v, 1.0)
r = tf.cond(u > 0, lambda: v * 2.0, lambda: v * 3.0)
x = tf.identity(v)
u2 = tf.assign_add(v, 0.0)
r2 = tf.cond(u2 > 0, lambda: x * 2.0, lambda: x * 3.0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["r"] = [float(sess.run(r)) for _ in range(3)]
    out["r2"] = float(sess.run(r2))
""",
    "ref_cond_predicate_control_after_update": """
v = tf.Variable(1.0)
u = tf.assign_add(v, 1.0)
with tf.control_dependencies([u]):
    p = tf.constant(True)
r = tf.cond(p, lambda: v * 2.0, lambda: v * 3.0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["r"] = [float(sess.run(r)) for _ in range(3)]
""",
    "ref_cond_branch_reads_update_and_variable": """
v = tf.Variable(1.0)
u = tf.assign_add(v, 1.0)
p = tf.placeholder_with_default(True, [])
r = tf.cond(p, lambda: u + v, lambda: u * 0.0 - 1.0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["r"] = [float(sess.run(r)) for _ in range(3)]
    out["f"] = float(sess.run(r, {p: False}))
    out["v"] = float(sess.run(v))
""",
    "ref_nested_cond_predicate_after_update": """
v = tf.Variable(1.0)
u = tf.assign_add(v, 1.0)
q = tf.placeholder_with_default(True, [])
r = tf.cond(u > 0, lambda: tf.cond(q, lambda: v * 2.0, lambda: v * 5.0), lambda: v * 3.0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["r"] = [float(sess.run(r)) for _ in range(2)]
    out["q"] = float(sess.run(r, {q: False}))
""",
    "ref_loop_input_after_update": """
v = tf.Variable(1.0)
u = tf.assign_add(v, 1.0)
_, a = tf.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a + v), [0, u * 0.0])
n = tf.while_loop(lambda i: i < v, lambda i: i + 1.0, [u * 0.0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["a"] = [float(sess.run(a)) for _ in range(3)]
    out["n"] = [float(sess.run(n)) for _ in range(2)]
""",
    # TF1's read_value() is an Identity and stop_gradient forwards its input: both are
    # the buffer, as are a reshape, expand_dims and squeeze of it (the kernels hand on
    # the input's buffer), so an op an update precedes reads the new value through them.
    "ref_read_value_and_stop_gradient_after_update": """
v = tf.Variable(1.0)
r = v.read_value()
s = tf.stop_gradient(v)
a = tf.assign(v, 5.0)
with tf.control_dependencies([a]):
    y = r + 0.0
    z = s + 0.0
u = tf.assign_add(v, 1.0)
y2 = u + r
y3 = u * s
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y"] = float(sess.run(y))
    sess.run(v.initializer)
    out["z"] = float(sess.run(z))
    sess.run(v.initializer)
    out["y2"] = [float(sess.run(y2)) for _ in range(2)]
    out["y3"] = [float(sess.run(y3)) for _ in range(2)]
""",
    "ref_stop_gradient_reread_stops_gradient": """
v = tf.Variable(2.0)
w = tf.Variable(3.0)
s = tf.stop_gradient(v)
a = tf.assign(v, 5.0)
with tf.control_dependencies([a]):
    y = s * w + v * 0.0
g = tf.gradients(y, [v, w])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y"] = float(sess.run(y))
    out["g"] = [float(t) for t in sess.run(g)]
""",
    "ref_reshapes_after_update": """
v = tf.Variable([1.0, 2.0])
r = tf.reshape(v, [2, 1])
e = tf.expand_dims(v, 0)
q = tf.squeeze(tf.reshape(v, [1, 2]))
a = tf.assign(v, [5.0, 6.0])
with tf.control_dependencies([a]):
    y = r * 1.0
    z = e * 1.0
    w = q * 1.0
u = tf.assign_add(v, [1.0, 1.0])
y2 = u + tf.reshape(v, [2])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y"] = sess.run(y).tolist()
    sess.run(v.initializer)
    out["z"] = sess.run(z).tolist()
    sess.run(v.initializer)
    out["w"] = sess.run(w).tolist()
    out["y2"] = [sess.run(y2).tolist() for _ in range(2)]
""",
    "ref_gather_index_after_update": """
v = tf.Variable([1.0, 2.0, 3.0])
u = tf.assign_add(v, [1.0, 1.0, 1.0])
i = tf.cast(u[0], tf.int32) - 2
g = tf.gather(v, [i, 2])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["g"] = [sess.run(g).tolist() for _ in range(2)]
""",
    # TF makes the shape, size, zeros_like and ones_like of a static shape constants: a
    # fetch reaching an update only through them does not run it.
    "ref_shape_of_update_fetched": """
v = tf.Variable([1.0, 2.0])
a = tf.assign_add(v, [1.0, 1.0])
s = tf.shape(a)
z = tf.zeros_like(a)
o = tf.ones_like(a)
n = tf.size(a)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["s"] = sess.run(s).tolist()
    out["z"] = sess.run(z).tolist()
    out["o"] = sess.run(o).tolist()
    out["n"] = int(sess.run(n))
    out["v"] = sess.run(v).tolist()
""",
    # Strings as numbers (review 35): an iterator or queue whose element only the shape of
    # is fetched does not move, a string variable's assign does not run.
    "shape_of_string_producers_fetched": """
v = tf.Variable(["a", "b"])
s = tf.shape(tf.assign(v, ["c", "d"]))
it = tf.data.make_one_shot_iterator(tf.data.Dataset.from_tensor_slices(["x", "y", "z"]))
line = it.get_next()
n = tf.size(line)
q = tf.FIFOQueue(5, tf.string, shapes=[[2]])
fill = q.enqueue_many([[["p", "q"], ["r", "t"]]])
z = tf.zeros_like(tf.strings.length(q.dequeue()))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(fill)
    out["s"] = sess.run(s).tolist()
    out["v"] = [b.decode() for b in sess.run(v)]
    out["n"] = [int(sess.run(n)) for _ in range(2)]
    out["line"] = sess.run(line).decode()
    out["size"] = int(sess.run(q.size()))
    out["q_shape"] = sess.run(tf.shape(q.dequeue())).tolist()
    out["size_after"] = int(sess.run(q.size()))
""",
    "ref_shape_of_unknown_update_fetched": """
v = tf.Variable([1.0, 2.0, 3.0])
a = tf.assign_add(v, [1.0, 1.0, 1.0])
s = tf.shape(tf.boolean_mask(a, a > 2.5))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["s"] = [sess.run(s).tolist() for _ in range(2)]
    out["v"] = sess.run(v).tolist()
""",
    # A run that fails keeps the updates TF ran before the failing op.
    "ref_failed_run_keeps_ordered_update": """
v = tf.Variable(1.0)
inc = tf.assign_add(v, 1.0)
with tf.control_dependencies([inc]):
    chk = tf.debugging.assert_less(v, 0.0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["e"] = raises(lambda: sess.run(chk))
    out["v"] = float(sess.run(v))
""",
    # The gradient loop reads a ref variable the forward loop updated through the
    # forward's loop-invariant Enter: its buffer after the loop (v 2 -> 5: d/dx 5 ** 3),
    # however the body read it (review 27 has the plain read).
    "ref_loop_gradient_reads_final_value": """
x = tf.placeholder(tf.float32, [])
v = tf.Variable(2.0)


def loop(read):
    def body(i, a):
        r = a * read()
        with tf.control_dependencies([r]):
            up = tf.assign_add(v, 1.0)
        with tf.control_dependencies([up]):
            return i + 1, tf.identity(r)

    return tf.while_loop(lambda i, a: i < 3, body, [0, x], parallel_iterations=1)[1]


for name, read in [
    ("read_value", lambda: v.read_value()),
    ("identity", lambda: tf.identity(v)),
    ("square", lambda: v * v),
]:
    y = loop(read)
    gx, gv = tf.gradients(y, [x, v])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        out[name] = [float(s.run(y, {x: 1.5})), float(s.run(v))]
        s.run(v.initializer)
        out[name] += [float(t) for t in s.run([gx, gv], {x: 1.5})]
""",
    # A loop variable started from a read of the variable, and a predicate that is the
    # variable, under an update's control dependencies: the Enter and the Switch forward
    # the buffer after the update.
    "ref_loop_variable_and_predicate_after_update": """
v = tf.Variable(1.0)
x = tf.identity(v)
u = tf.assign_add(v, 1.0)
with tf.control_dependencies([u]):
    r = tf.while_loop(lambda i: i < 10.0, lambda i: i + 3.0, [x])
b = tf.Variable(True)
nb = tf.assign(b, False)
with tf.control_dependencies([nb]):
    c = tf.cond(b, lambda: tf.constant(1.0), lambda: tf.constant(2.0))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["r"] = [float(sess.run(r)) for _ in range(3)]
    out["c"] = float(sess.run(c))
""",
}

if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
