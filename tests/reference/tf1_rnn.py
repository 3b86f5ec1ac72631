"""Record what TensorFlow 1.x computes for recurrent networks, TensorArrays and tf.metrics
(dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_rnn.py > tests/unit/engine/fixtures/tf1_rnn.json

Each program is TF1 code run unchanged but for the module bound to `tf`, in a fresh
default graph; it stores what it observed in `out[...]`: values (lists), names, shapes and
exception classes (`raises(...)`). Weights are set with `fix(sess)`, which loads every
trainable variable with a value fixed by its shape, so both engines compute with the same
numbers. The test (tests/unit/engine/test_tf1_rnn.py) runs the same text against
graphgate and compares.
"""

from __future__ import annotations

import functools

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {
    "basic_lstm": """
x = tf.placeholder(tf.float32, [2, 4, 3], name="x")
cell = tf.nn.rnn_cell.BasicLSTMCell(5)
out["sizes"] = [cell.state_size.c, cell.state_size.h, cell.output_size]
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
out["static"] = [outputs.shape.as_list(), state.c.shape.as_list(), state.h.shape.as_list()]
out["vars"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
loss = tf.reduce_sum(outputs * outputs) + tf.reduce_sum(state.c)
grads = tf.gradients(loss, [x] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    o, c, h, g = sess.run([outputs, state.c, state.h, grads], {x: inputs(2, 4, 3)})
    out["outputs"], out["c"], out["h"] = o.tolist(), c.tolist(), h.tolist()
    out["grads"] = [v.tolist() for v in g]
""",
    "lstm_peephole_proj_seq_len_time_major": """
x = tf.placeholder(tf.float32, [5, 2, 3], name="x")
lengths = tf.placeholder(tf.int32, [2])
cell = tf.nn.rnn_cell.LSTMCell(4, use_peepholes=True, cell_clip=0.7, num_proj=3,
                               forget_bias=0.5)
out["sizes"] = [list(cell.state_size), cell.output_size]
init = cell.zero_state(2, tf.float32)
init = tf.nn.rnn_cell.LSTMStateTuple(init.c + 0.25, init.h - 0.5)
outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, initial_state=init,
                                   time_major=True)
out["static"] = [outputs.shape.as_list(), state.c.shape.as_list(), state.h.shape.as_list()]
out["vars"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
loss = tf.reduce_sum(tf.exp(outputs)) + tf.reduce_sum(state.c) * tf.reduce_sum(state.h)
grads = tf.gradients(loss, [x] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    o, s, g = sess.run([outputs, state, grads], {x: inputs(5, 2, 3), lengths: [5, 2]})
    out["outputs"], out["c"], out["h"] = o.tolist(), s.c.tolist(), s.h.tolist()
    out["grads"] = [v.tolist() for v in g]
""",
    "gru_unknown_batch_seq_len": """
x = tf.placeholder(tf.float32, [None, 4, 3], name="x")
lengths = tf.placeholder(tf.int64, [None])
cell = tf.nn.rnn_cell.GRUCell(3)
outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32,
                                   scope="enc")
out["static"] = [outputs.shape.as_list(), state.shape.as_list()]
out["vars"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
loss = tf.reduce_sum(outputs * tf.constant([1.0, 2.0, 3.0])) + tf.reduce_sum(state)
grads = tf.gradients(loss, [x] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    o, s, g = sess.run([outputs, state, grads], {x: inputs(3, 4, 3), lengths: [4, 1, 0]})
    out["outputs"], out["state"] = o.tolist(), s.tolist()
    out["grads"] = [v.tolist() for v in g]
""",
    "multi_rnn_basic_and_gru": """
x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(3),
                                    tf.nn.rnn_cell.GRUCell(2)])
out["sizes"] = [list(cell.state_size), cell.output_size]
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
out["vars"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
loss = tf.reduce_sum(outputs) + tf.reduce_sum(state[0] * 2.0)
grads = tf.gradients(loss, [x] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    o, s, g = sess.run([outputs, state, grads], {x: inputs(2, 3, 2)})
    out["outputs"], out["state"] = o.tolist(), [v.tolist() for v in s]
    out["grads"] = [v.tolist() for v in g]
""",
    "multi_lstm_state_tuple": """
x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
cells = [tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.LSTMCell(2)]
cell = tf.nn.rnn_cell.MultiRNNCell(cells)
zero = cell.zero_state(2, tf.float32)
out["zero"] = [[t.shape.as_list() for t in s] for s in zero]
outputs, state = tf.nn.dynamic_rnn(cell, x, initial_state=zero)
out["vars"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    o, s = sess.run([outputs, state], {x: inputs(2, 3, 2)})
    out["outputs"] = o.tolist()
    out["state"] = [[s[0].c.tolist(), s[0].h.tolist()], [s[1].c.tolist(), s[1].h.tolist()]]
""",
    "bidirectional": """
x = tf.placeholder(tf.float32, [2, 4, 3], name="x")
lengths = tf.constant([4, 2])
fw = tf.nn.rnn_cell.BasicLSTMCell(3)
bw = tf.nn.rnn_cell.GRUCell(2)
(ofw, obw), (sfw, sbw) = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, sequence_length=lengths,
                                                         dtype=tf.float32)
out["static"] = [ofw.shape.as_list(), obw.shape.as_list()]
out["vars"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
loss = tf.reduce_sum(ofw) + tf.reduce_sum(obw * obw) + tf.reduce_sum(sfw.h) + tf.reduce_sum(sbw)
grads = tf.gradients(loss, [x] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([ofw, obw, sfw.c, sfw.h, sbw, grads], {x: inputs(2, 4, 3)})
    out["ofw"], out["obw"], out["cfw"], out["hfw"], out["sbw"] = [v.tolist() for v in r[:5]]
    out["grads"] = [v.tolist() for v in r[5]]
""",
    "static_rnn_lstm": """
x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
steps = tf.unstack(x, axis=1)
cell = tf.nn.rnn_cell.BasicLSTMCell(3)
outputs, state = tf.nn.static_rnn(cell, steps, dtype=tf.float32,
                                  sequence_length=tf.constant([3, 1]))
out["n"] = len(outputs)
out["vars"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
loss = tf.add_n([tf.reduce_sum(o) for o in outputs]) + tf.reduce_sum(state.c)
grads = tf.gradients(loss, [x] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    o, s, g = sess.run([outputs, state, grads], {x: inputs(2, 3, 2)})
    out["outputs"] = [v.tolist() for v in o]
    out["c"], out["h"] = s.c.tolist(), s.h.tolist()
    out["grads"] = [v.tolist() for v in g]
""",
    "static_bidirectional": """
x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
steps = tf.unstack(x, axis=1)
outputs, sfw, sbw = tf.nn.static_bidirectional_rnn(
    tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.BasicRNNCell(3), steps, dtype=tf.float32,
    sequence_length=tf.constant([3, 2]))
out["static"] = [o.shape.as_list() for o in outputs]
out["vars"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
loss = tf.add_n([tf.reduce_sum(o * o) for o in outputs]) + tf.reduce_sum(sbw)
grads = tf.gradients(loss, [x] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    o, f, b, g = sess.run([outputs, sfw, sbw, grads], {x: inputs(2, 3, 2)})
    out["outputs"], out["fw"], out["bw"] = [v.tolist() for v in o], f.tolist(), b.tolist()
    out["grads"] = [v.tolist() for v in g]
""",
    "tensor_array_in_cond": """
p = tf.placeholder(tf.bool, [])
v = tf.placeholder(tf.float32, [2])
ta = tf.TensorArray(tf.float32, size=2, element_shape=[2])
ta = tf.cond(p, lambda: ta.write(0, v * 2.0), lambda: ta.write(1, v * v))
y = ta.stack()
g = tf.gradients(tf.reduce_sum(y * [[1.0, 2.0], [3.0, 4.0]]), [v])
with tf.Session() as sess:
    out["true"] = [r.tolist() for r in sess.run([y, g[0]], {p: True, v: [1.0, 3.0]})]
    out["false"] = [r.tolist() for r in sess.run([y, g[0]], {p: False, v: [1.0, 3.0]})]
""",
    "tensor_array_concat_split": """
v = tf.placeholder(tf.float32, [6, 2])
ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False).split(v, [2, 2, 2])
joined = ta.concat()
out["static"] = [joined.shape.as_list(), ta.read(1).shape.as_list()]
g = tf.gradients(tf.reduce_sum(joined * tf.constant(inputs(6, 2))) + tf.reduce_sum(ta.read(2)), v)
with tf.Session() as sess:
    r = sess.run([joined, ta.read(1), g[0]], {v: inputs(6, 2)})
    out["joined"], out["read"], out["grad"] = [x.tolist() for x in r]
""",
    "cell_in_user_while_loop": """
x = tf.placeholder(tf.float32, [2, 3], name="x")
cell = tf.nn.rnn_cell.LSTMCell(4, num_proj=3)
state = cell.zero_state(2, tf.float32)
def body(i, inp, c, h):
    out, st = cell(inp, tf.nn.rnn_cell.LSTMStateTuple(c, h))
    return i + 1, tf.tanh(out), st.c, st.h
_, last, c, h = tf.while_loop(lambda i, *_: i < 4, body, [0, x, state.c, state.h])
def branch():
    w = tf.get_variable("w", [3], initializer=tf.constant_initializer(0.5))
    return tf.reduce_sum(last * w)
y = tf.cond(tf.reduce_sum(x) > 0, branch, lambda: tf.constant(0.0))
out["vars"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
grads = tf.gradients(y + tf.reduce_sum(c), [x] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([last, c, y, grads], {x: inputs(2, 3) + 0.5})
    out["last"], out["c"], out["y"] = r[0].tolist(), r[1].tolist(), float(r[2])
    out["grads"] = [v.tolist() for v in r[3]]
def tensor_initializer_in_loop():
    def body(i):
        return i + tf.cast(tf.Variable(tf.cast(i, tf.float32)), tf.int32)
    tf.while_loop(lambda i: i < 2, body, [0])
out["tensor_initializer_in_loop"] = raises(tensor_initializer_in_loop)
""",
    "names_and_concatenated_states": """
x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
o1, s1 = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float32)
out["second_cell_same_scope"] = raises(
    lambda: tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float32))
o2, s2 = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float32, scope="rnn2")
named = tf.nn.rnn_cell.GRUCell(2, name="enc")
o3, s3 = tf.nn.dynamic_rnn(named, x, dtype=tf.float32, scope="a")
multi = tf.nn.rnn_cell.MultiRNNCell(
    [tf.nn.rnn_cell.LSTMCell(2, state_is_tuple=False),
     tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(3), output_keep_prob=1.0)],
    state_is_tuple=False)
out["multi_sizes"] = [multi.state_size, multi.output_size]
o4, s4 = tf.nn.dynamic_rnn(multi, x, dtype=tf.float32, scope="b")
with tf.variable_scope("c"):
    o5, s5 = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32)
out["static"] = [s4.shape.as_list(), o4.shape.as_list()]
out["static_length_mismatch"] = raises(
    lambda: tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, sequence_length=[1, 2, 3],
                              dtype=tf.float32, scope="d"))
lengths = tf.placeholder(tf.int32, [None])
o6, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, sequence_length=lengths,
                          dtype=tf.float32, scope="e")
def run_length_mismatch():
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(o6, {x: inputs(2, 3, 2), lengths: [3]})
out["run_length_mismatch"] = raises(run_length_mismatch)
out["vars"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([o1, o2, o3, o4, s4, o5], {x: inputs(2, 3, 2)})
    out["values"] = [v.tolist() for v in r]
""",
    "reuse_by_scope": """
x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
def model(x):
    with tf.variable_scope("m", reuse=tf.AUTO_REUSE):
        o, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), x, dtype=tf.float32)
        return o
a, b = model(x), model(x * 2.0)
with tf.variable_scope("n"):
    tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
with tf.variable_scope("n", reuse=True):
    c, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
out["vars"] = [v.op.name for v in tf.global_variables()]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    out["values"] = [v.tolist() for v in sess.run([a, b, c], {x: inputs(2, 3, 2)})]
""",
    "default_names": """
x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
o, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), x, dtype=tf.float32)
z = tf.nn.rnn_cell.GRUCell(2).zero_state(2, tf.float32)
ta = tf.TensorArray(tf.float32, size=3)
w = ta.write(0, [1.0])
names = [o.name, z.name, w.flow.name, w.read(0).name, w.stack().name, w.size().name]
(f, b), _ = tf.nn.bidirectional_dynamic_rnn(
    tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
(f2, b2), _ = tf.nn.bidirectional_dynamic_rnn(
    tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(2), x, sequence_length=[3, 2],
    dtype=tf.float32, scope="bi")
after = tf.add(x, 1.0)
out["names"] = names + [f.name, b.name, f2.name, b2.name, after.name]
""",
    "lstm_trains": """
x = tf.constant(inputs(4, 5, 2), name="x")
y = tf.constant([[1.0], [0.0], [1.0], [0.0]])
cell = tf.nn.rnn_cell.LSTMCell(4)
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
w = tf.get_variable("w", [4, 1])
logits = tf.matmul(state.h, w)
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    losses = []
    for _ in range(8):
        losses.append(float(sess.run([loss, train])[0]))
    out["losses"] = losses
""",
    "tensor_array_loop": """
x = tf.placeholder(tf.float32, [3, 2])
w = tf.constant([0.5, -1.0])
xs = tf.TensorArray(tf.float32, size=3).unstack(x)
ta = tf.TensorArray(tf.float32, size=3)
def body(i, h, ta):
    h = tf.tanh(xs.read(i) * w + h)
    return i + 1, h, ta.write(i, h * h)
_, h, ta = tf.while_loop(lambda i, h, ta: i < 3, body, [0, tf.zeros([2]), ta])
y = ta.stack()
out["static"] = y.shape.as_list()
loss = tf.reduce_sum(y * [1.0, 2.0]) + tf.reduce_sum(h * 3.0)
g = tf.gradients(loss, [x, w])
with tf.Session() as sess:
    r = sess.run([y, g, ta.size()], {x: inputs(3, 2)})
    out["y"], out["grads"], out["size"] = r[0].tolist(), [v.tolist() for v in r[1]], int(r[2])
""",
    "tensor_array_dynamic": """
ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
def body(i, ta):
    return i + 1, ta.write(i, tf.cast(i, tf.float32) * tf.constant([1.0, 2.0]))
_, ta = tf.while_loop(lambda i, ta: i < 4, body, [0, ta])
y = ta.stack()
out["static"] = y.shape.as_list()
g = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(
    tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
picked = g.gather([2, 0])
out["element_shape"] = g.element_shape.as_list()
out["picked_static"] = picked.shape.as_list()
with tf.Session() as sess:
    r = sess.run([y, ta.size(), picked, g.read(1)])
    out["y"], out["size"], out["picked"], out["read"] = [np.asarray(v).tolist() for v in r]
out["inconsistent"] = raises(
    lambda: tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0]).write(1, [1.0, 2.0, 3.0]))
def out_of_range():
    with tf.Session() as sess:
        sess.run(tf.TensorArray(tf.float32, size=2).write(2, [1.0]).stack())
out["out_of_range"] = raises(out_of_range)
""",
    "metrics_mean_accuracy_errors": """
labels = tf.placeholder(tf.int64, [None])
preds = tf.placeholder(tf.int64, [None])
values = tf.placeholder(tf.float32, [None])
weights = tf.placeholder(tf.float32, [None])
acc, acc_up = tf.metrics.accuracy(labels, preds)
wacc, wacc_up = tf.metrics.accuracy(labels, preds, weights=weights, name="weighted")
mean, mean_up = tf.metrics.mean(values)
wmean, wmean_up = tf.metrics.mean(values, weights=weights)
mse, mse_up = tf.metrics.mean_squared_error(tf.cast(labels, tf.float32), values)
mae, mae_up = tf.metrics.mean_absolute_error(tf.cast(labels, tf.float32), values, weights)
rmse, rmse_up = tf.metrics.root_mean_squared_error(tf.cast(labels, tf.float32), values)
out["local"] = [v.op.name for v in tf.local_variables()]
out["metric"] = [v.op.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)]
out["names"] = [t.op.name for t in (acc, acc_up, mean, mean_up, mse_up)]
ups = [acc_up, wacc_up, mean_up, wmean_up, mse_up, mae_up, rmse_up]
vals = [acc, wacc, mean, wmean, mse, mae, rmse]
batches = [([1, 0, 2], [1, 1, 2], [0.5, 1.5, -2.0], [1.0, 0.0, 2.0]),
           ([0, 0], [0, 1], [3.0, 0.25], [0.5, 0.5]),
           ([2, 2, 1, 0], [2, 0, 1, 0], [1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0])]
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    out["empty"] = [float(v) for v in sess.run(vals)]
    steps = []
    for l, p, v, w in batches:
        feed = {labels: l, preds: p, values: v, weights: w}
        steps.append([float(u) for u in sess.run(ups, feed)])
    out["steps"] = steps
    out["final"] = [float(v) for v in sess.run(vals)]
    sess.run(tf.local_variables_initializer())
    out["reset"] = [float(v) for v in sess.run(vals)]
""",
    "metrics_precision_recall_counts": """
labels = tf.placeholder(tf.bool, [None])
preds = tf.placeholder(tf.float32, [None])
weights = tf.placeholder(tf.float32, [None])
p, p_up = tf.metrics.precision(labels, preds)
r, r_up = tf.metrics.recall(labels, preds, weights=weights)
tp, tp_up = tf.metrics.true_positives(labels, preds)
fp, fp_up = tf.metrics.false_positives(labels, preds)
tn, tn_up = tf.metrics.true_negatives(labels, preds)
fn, fn_up = tf.metrics.false_negatives(labels, preds, weights)
out["local"] = [v.op.name for v in tf.local_variables()]
ups = [p_up, r_up, tp_up, fp_up, tn_up, fn_up]
vals = [p, r, tp, fp, tn, fn]
batches = [([True, False, True], [1.0, 1.0, 0.0], [1.0, 2.0, 3.0]),
           ([False, False], [0.0, 0.0], [1.0, 1.0]),
           ([True, True, False, True], [1.0, 0.0, 1.0, 1.0], [0.5, 0.5, 2.0, 0.0])]
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    out["empty"] = [float(v) for v in sess.run(vals)]
    steps = []
    for l, pr, w in batches:
        steps.append([float(u) for u in sess.run(ups, {labels: l, preds: pr, weights: w})])
    out["steps"] = steps
    out["final"] = [float(v) for v in sess.run(vals)]
""",
    "metrics_auc": """
labels = tf.placeholder(tf.int32, [None])
preds = tf.placeholder(tf.float32, [None])
weights = tf.placeholder(tf.float32, [None])
roc, roc_up = tf.metrics.auc(labels, preds)
pr, pr_up = tf.metrics.auc(labels, preds, curve="PR", num_thresholds=50,
                           summation_method="trapezoidal")
w, w_up = tf.metrics.auc(labels, preds, weights=weights, summation_method="minoring",
                         name="weighted_auc")
maj, maj_up = tf.metrics.auc(labels, preds, summation_method="majoring", num_thresholds=7)
out["local"] = [[v.op.name, v.shape.as_list()] for v in tf.local_variables()]
out["names"] = [roc.op.name, roc_up.op.name]
ups, vals = [roc_up, pr_up, w_up, maj_up], [roc, pr, w, maj]
batches = [([1, 0, 1, 0], [0.9, 0.3, 0.45, 0.6], [1.0, 2.0, 1.0, 0.5]),
           ([0, 1], [0.05, 0.99], [1.0, 1.0]),
           ([1, 1, 0], [0.2, 0.7, 0.71], [3.0, 0.0, 1.0])]
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    steps = []
    for l, p, wt in batches:
        steps.append([float(u) for u in sess.run(ups, {labels: l, preds: p, weights: wt})])
    out["steps"] = steps
    out["final"] = [float(v) for v in sess.run(vals)]
""",
    "metrics_more": """
labels = tf.placeholder(tf.int32, [None])
preds = tf.placeholder(tf.int32, [None])
probs = tf.placeholder(tf.float32, [None])
binary = tf.minimum(labels, 1)
weights = tf.placeholder(tf.float32, [None])
vecs = tf.placeholder(tf.float32, [2, 3])
lf = tf.cast(labels, tf.float32)
metrics = [
    tf.metrics.mean_tensor(vecs),
    tf.metrics.mean_tensor(vecs, weights=tf.constant([[1.0], [0.5]])),
    tf.metrics.percentage_below(probs, 0.5),
    tf.metrics.mean_relative_error(lf, probs, normalizer=lf),
    tf.metrics.mean_cosine_distance(vecs, vecs * 0.5, dim=1),
    tf.metrics.precision_at_thresholds(labels, probs, [0.25, 0.5, 0.75]),
    tf.metrics.recall_at_thresholds(labels, probs, [0.25, 0.5], weights=weights),
    tf.metrics.true_positives_at_thresholds(labels, probs, [0.3]),
    tf.metrics.false_negatives_at_thresholds(labels, probs, [0.3, 0.6], weights),
    tf.metrics.mean_per_class_accuracy(labels, preds, 3),
    tf.metrics.mean_per_class_accuracy(labels, preds, 3, weights=weights, name="w_acc"),
    tf.metrics.mean_iou(labels, preds, 3),
    tf.metrics.mean_iou(labels, preds, 3, weights=weights, name="w_iou"),
    tf.metrics.sensitivity_at_specificity(binary, probs, 0.6),
    tf.metrics.sensitivity_at_specificity(binary, probs, 0.3, weights, num_thresholds=7),
    tf.metrics.specificity_at_sensitivity(binary, probs, 0.5),
    tf.metrics.specificity_at_sensitivity(binary, probs, 0.8, weights, num_thresholds=9),
]
out["local"] = [[v.op.name, v.shape.as_list()] for v in tf.local_variables()]
out["names"] = [m[0].op.name for m in metrics[:3]]
batches = [([1, 0, 2], [1, 1, 2], [0.5, 0.2, 0.9], [1.0, 0.0, 2.0]),
           ([0, 0], [0, 1], [0.1, 0.7], [0.5, 0.5]),
           ([2, 2, 1, 1], [2, 0, 1, 0], [0.3, 0.6, 0.8, 0.4], [1.0, 3.0, 0.0, 1.0])]
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    steps = []
    for i, (l, p, pr, w) in enumerate(batches):
        feed = {labels: l, preds: p, probs: pr, weights: w, vecs: inputs(2, 3) * (i + 1)}
        steps.append([np.asarray(u).tolist() for u in sess.run([m[1] for m in metrics], feed)])
    out["steps"] = steps
    out["final"] = [np.asarray(v).tolist() for v in sess.run([m[0] for m in metrics])]
def bad_auc():
    v, up = tf.metrics.auc([1, 0], tf.constant([0.5, 1.5]))
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run(up)
out["auc_out_of_range"] = raises(bad_auc)
def bad_iou():
    v, up = tf.metrics.mean_iou(tf.constant([0, 3]), tf.constant([0, 1]), 3)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run(up)
out["iou_out_of_range"] = raises(bad_iou)
""",
    "metrics_at_k": """
labels = tf.placeholder(tf.int64, [None, 2])
single = tf.placeholder(tf.int64, [None])
scores = tf.placeholder(tf.float32, [None, 4])
weights = tf.placeholder(tf.float32, [None])
top = tf.placeholder(tf.int64, [None, 3])
metrics = [
    tf.metrics.recall_at_k(labels, scores, 2),
    tf.metrics.precision_at_k(labels, scores, 2),
    tf.metrics.recall_at_k(single, scores, 1, weights=weights),
    tf.metrics.precision_at_k(single, scores, 3, weights=weights),
    tf.metrics.recall_at_k(labels, scores, 2, class_id=1),
    tf.metrics.precision_at_k(labels, scores, 2, class_id=2, name="p_class"),
    tf.metrics.sparse_precision_at_k(single, scores, 2),
    tf.metrics.recall_at_top_k(labels, top, k=3),
    tf.metrics.precision_at_top_k(labels, top, class_id=3, weights=weights),
]
out["local"] = [v.op.name for v in tf.local_variables()]
out["names"] = [[m[0].op.name, m[1].op.name] for m in metrics]
batches = [([[1, -1], [0, 0], [2, 7]], [1, 0, 3],
            [[0.1, 0.5, 0.2, 0.2], [0.6, 0.1, 0.2, 0.1], [0.3, 0.3, 0.2, 0.2]], [1.0, 2.0, 0.5]),
           ([[3, 3], [1, 2]], [2, 2], [[0.0, 0.1, 0.2, 0.7], [0.4, 0.3, 0.2, 0.1]], [0.0, 1.0])]
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    steps = []
    tops = [[[3, 3, 0], [1, 2, 0], [0, 1, 2]], [[3, 0, 1], [2, 2, 2]]]
    for (l, sl, sc, w), tp in zip(batches, tops):
        feed = {labels: l, single: sl, scores: sc, weights: w, top: tp}
        steps.append([float(u) for u in sess.run([m[1] for m in metrics], feed)])
    out["steps"] = steps
    out["final"] = [float(v) for v in sess.run([m[0] for m in metrics])]
""",
}


def inputs(*shape):
    """Fixed inputs of `shape`: values in [-1, 1] that differ from element to element."""
    n = int(np.prod(shape))
    return (np.sin(np.arange(1, n + 1) * 1.7) * 0.9).reshape(shape).astype(np.float32)


def weights(shape, k):
    n = int(np.prod(shape))
    return (np.cos(np.arange(1, n + 1) * 0.37 + k) * 0.6).reshape(shape).astype(np.float32)


def run(tf, reset, names=None) -> dict:
    """What each program (all, or those `names`) observed, by program name."""

    def scope(out: dict) -> dict:
        def fix(sess):
            for k, v in enumerate(tf.trainable_variables()):
                v.load(weights(v.shape.as_list(), k), sess)

        raises = functools.partial(harness.raised_classes, with_object=True)
        return {"tf": tf, "np": np, "out": out, "inputs": inputs, "fix": fix, "raises": raises}

    return harness.run_each(PROGRAMS, reset, scope, names)


if __name__ == "__main__":
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    # TF 2.16+ ships tf.nn.rnn_cell only with Keras 2; TF1's own implementation is still
    # inside TensorFlow, so bind those names to it.
    from tensorflow.python.keras.layers.legacy_rnn import rnn_cell_impl
    from tensorflow.python.ops import rnn

    tf.nn.rnn_cell = rnn_cell_impl
    for fn in (
        "dynamic_rnn",
        "static_rnn",
        "bidirectional_dynamic_rnn",
        "static_bidirectional_rnn",
    ):
        setattr(tf.nn, fn, getattr(rnn, fn))
    harness.dump(run(tf, tf.reset_default_graph), sort_keys=True)
