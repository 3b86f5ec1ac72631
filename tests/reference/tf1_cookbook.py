"""Record what TensorFlow 1.x computes for programs as the TF1 cookbooks and example
collections write them (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_cookbook.py \
        > tests/unit/engine/fixtures/tf1_cookbook.json

(the venv needs `tensorflow-cpu` and `tf-keras` of the same version.)

"TensorFlow Machine Learning Cookbook" (placeholders shaped `(batch_size)`, `tf.squeeze`
of a batch of unknown size), aymericdamien's TensorFlow-Examples, decoders' loop flags
(`tf.zeros([batch], tf.bool)`), and numerics TF defines precisely. Each program stores what
it observed in `out[...]`; `tests/unit/engine/test_tf1_cookbook.py` runs the same text
against graphgate and compares.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {
    "cookbook_placeholder_shapes": """
batch_size = 4
x_input = tf.placeholder(tf.float32, shape=(batch_size, 3))
y_target = tf.placeholder(tf.int32, shape=(batch_size))
like = tf.placeholder(tf.float32, shape=tf.placeholder(tf.float32, [None, 3]).shape)
ints = tf.placeholder(tf.int32, shape=np.int64(2))
v = tf.get_variable("v", shape=3, initializer=tf.ones_initializer())
d = tf.placeholder_with_default([1, 2], shape=(2))
out["shapes"] = [t.shape.as_list() for t in (y_target, like, ints, v, d)]
loss = tf.reduce_sum(tf.one_hot(y_target, 3) * tf.matmul(x_input, tf.ones([3, 3])))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["loss"] = float(sess.run(loss, {x_input: np.ones((4, 3)), y_target: [0, 1, 2, 0]}))
    out["v"] = sess.run(v).tolist()
out["negative"] = raises(lambda: tf.placeholder(tf.float32, [-1, 3]))
""",
    "cookbook_squeeze_unknown_batch": """
x = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable([[2.0]])
pred = tf.squeeze(tf.matmul(x, w))
y = tf.placeholder(tf.float32, [None, 1, None])
sq = tf.squeeze(y)
out["static"] = [str(pred.shape), str(sq.shape), str(tf.squeeze(tf.ones([1, 2, 1])).shape)]
loss = tf.reduce_mean(tf.square(pred - 3.0))
grad = tf.gradients(loss, w)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["pred"] = sess.run(pred, {x: [[1.0], [2.0]]}).tolist()
    out["one"] = sess.run(pred, {x: [[1.5]]}).tolist()
    out["grad"] = sess.run(grad, {x: [[1.0], [2.0]]}).tolist()
    out["sq"] = list(sess.run(sq, {y: np.ones((1, 1, 3))}).shape)
    out["sq2"] = list(sess.run(sq, {y: np.ones((2, 1, 1))}).shape)
""",
    "decoder_bool_flags": """
batch = 3
finished = tf.zeros([batch], tf.bool)
alive = tf.ones([batch], dtype=tf.bool)
lengths = tf.zeros(tf.shape(tf.ones([batch, 2]))[:1], tf.int32)
def cond(t, finished, lengths):
    return tf.logical_and(t < 5, tf.logical_not(tf.reduce_all(finished)))
def body(t, finished, lengths):
    done = tf.equal(tf.constant([2, 4, 9])[:batch], t)
    lengths = lengths + tf.cast(tf.logical_not(finished), tf.int32)
    return t + 1, tf.logical_or(finished, done), lengths
_, f, n = tf.while_loop(cond, body, [tf.constant(0), finished, lengths])
with tf.Session() as sess:
    out["flags"] = sess.run([finished, alive, tf.zeros_like(alive), tf.ones([2, 1], "bool")])
    out["flags"] = [a.tolist() for a in out["flags"]]
    out["loop"] = [a.tolist() for a in sess.run([f, n])]
""",
    "top_k_fetched_namedtuple": """
x = tf.constant([[1.0, 5.0, 3.0], [2.0, 2.0, 0.0]])
with tf.Session() as sess:
    r = sess.run(tf.nn.top_k(x, 2))
    out["fields"] = [type(r).__name__, r.values.tolist(), r.indices.tolist()]
    values, indices = sess.run(tf.nn.top_k(x, 1))
    out["unpacked"] = [values.tolist(), indices.tolist()]
    out["nested"] = sess.run({"t": tf.nn.top_k(x[0], 3)})["t"].indices.tolist()
""",
    "sort_with_nan": """
nan, inf = np.nan, np.inf
x = tf.constant([3.0, nan, 1.0, inf, -inf, 2.0, nan, 1.0])
rng = np.random.RandomState(3)
long = rng.randint(0, 5, (3, 40)).astype(np.float32)
long[rng.rand(3, 40) < 0.25] = nan
m = tf.constant(long)
with tf.Session() as sess:
    r = sess.run({
        "sort": tf.sort(x), "sort_d": tf.sort(x, direction="DESCENDING"),
        "argsort": tf.argsort(x), "argsort_d": tf.argsort(x, direction="DESCENDING"),
        "top_all": tf.nn.top_k(x, 8), "long_argsort": tf.argsort(m),
        "long_argsort_d": tf.argsort(m, direction="DESCENDING"), "axis0": tf.argsort(m, axis=0),
        "long_top_all": tf.nn.top_k(m, 40).indices, "f64": tf.argsort(tf.cast(m, tf.float64)),
        "clean": tf.argsort(tf.constant([2.0, 1.0, 2.0, -0.0, 0.0])),
    })
out["sort"] = [str(v) for v in r["sort"]]
out["sort_d"] = [str(v) for v in r["sort_d"]]
out["top_all"] = [[str(v) for v in r["top_all"].values], r["top_all"].indices.tolist()]
keys = ("argsort", "argsort_d", "long_argsort", "long_argsort_d", "axis0", "long_top_all")
for k in keys + ("f64", "clean"):
    out[k] = r[k].tolist()
""",
    "sort_small_ints": """
with tf.Session() as sess:
    for d in (tf.uint8, tf.int8, tf.int16, tf.uint16):
        x = tf.constant([3, 0, 100, 1, 100], d)
        s, a, t = sess.run([tf.sort(x), tf.argsort(x, direction="DESCENDING"), tf.nn.top_k(x, 2)])
        out[d.name] = [s.tolist(), a.tolist(), t.values.tolist(), t.indices.tolist()]
""",
    "float16_activations": """
x = tf.constant(np.linspace(-12, 12, 193).astype(np.float16))
with tf.Session() as sess:
    r = sess.run({"sigmoid": tf.sigmoid(x), "elu": tf.nn.elu(x), "selu": tf.nn.selu(x),
                  "softplus": tf.nn.softplus(x), "rsqrt": tf.rsqrt(tf.abs(x) + 0.01)})
for k, v in r.items():
    out[k] = [v.dtype.name, v.astype(np.float64).tolist()]
""",
    "cookbook_edit_distance": """
hypothesis = list("bear"); truth = list("beers")
h1 = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 0, 3]], hypothesis, [1, 1, 1])
t1 = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 0, 3], [0, 0, 4]], truth, [1, 1, 1])
sess = tf.Session()
out["ed"] = sess.run(tf.edit_distance(h1, t1, normalize=False)).tolist()
out["ed_norm"] = sess.run(tf.edit_distance(h1, t1, normalize=True)).tolist()
hypothesis2 = list("bearbeer"); truth2 = list("beersbeers")
h2_idx = [[0, i, j] for i in range(2) for j in range(4)]
h2 = tf.SparseTensor(h2_idx, hypothesis2, [1, 2, 4])
t2_idx = [[0, i, j] for i in range(2) for j in range(5)]
t2 = tf.SparseTensor(t2_idx, truth2, [1, 2, 5])
out["ed2"] = sess.run(tf.edit_distance(h2, t2, normalize=True)).tolist()
def create_sparse_vec(word_list):
    num_words = len(word_list)
    indices = [[xi, 0, yi] for xi, x in enumerate(word_list) for yi, y in enumerate(x)]
    chars = list("".join(word_list))
    return tf.SparseTensorValue(indices, chars, [num_words, 1, 1])
hyp_string_sparse = create_sparse_vec(["bear", "bar", "tensor", "flow"])
truth_string_sparse = create_sparse_vec(["beers"] * 4)
hyp_input = tf.sparse_placeholder(dtype=tf.string)
truth_input = tf.sparse_placeholder(dtype=tf.string)
edit_distances = tf.edit_distance(hyp_input, truth_input, normalize=True)
feed = {hyp_input: hyp_string_sparse, truth_input: truth_string_sparse}
out["ed_ph"] = sess.run(edit_distances, feed_dict=feed).ravel().tolist()
""",
    "cookbook_legacy_seq2seq": """
# TF 2's compat.v1 has no contrib: there the same steps run as TF 1.x's seq2seq.py wrote
# them, so graphgate's contrib is held to TF's cells and cross-entropy.
legacy = getattr(getattr(tf, "contrib", None), "legacy_seq2seq", None)
rnn_size, num_layers, batch_size, seq_len, vocab, emb = 6, 2, 3, 5, 9, 4
init = tf.random_normal_initializer(seed=1)
with tf.variable_scope("lstm_model", initializer=init):
    cell = tf.nn.rnn_cell.MultiRNNCell(
        [tf.nn.rnn_cell.BasicLSTMCell(rnn_size) for _ in range(num_layers)]
    )
    initial_state = cell.zero_state(batch_size, tf.float32)
    x_data = tf.placeholder(tf.int32, [batch_size, seq_len])
    y_output = tf.placeholder(tf.int32, [batch_size, seq_len])
    W = tf.get_variable("W", [rnn_size, vocab], tf.float32)
    b = tf.get_variable("b", [vocab], tf.float32, tf.constant_initializer(0.0))
    embedding_mat = tf.get_variable("embedding_mat", [vocab, emb], tf.float32)
    embedding_output = tf.nn.embedding_lookup(embedding_mat, x_data)
    rnn_inputs = tf.split(axis=1, num_or_size_splits=seq_len, value=embedding_output)
    rnn_inputs_trimmed = [tf.squeeze(x, [1]) for x in rnn_inputs]
    def inferred_loop(prev, count):
        prev_transformed = tf.matmul(prev, W) + b
        prev_symbol = tf.stop_gradient(tf.argmax(prev_transformed, 1))
        return tf.nn.embedding_lookup(embedding_mat, prev_symbol)
    def decoder(inputs, loop_function, scope):
        if legacy:
            return legacy.rnn_decoder(inputs, initial_state, cell, loop_function, scope)
        with tf.variable_scope(scope):
            state, outs, prev = initial_state, [], None
            for i, inp in enumerate(inputs):
                if loop_function is not None and prev is not None:
                    with tf.variable_scope("loop_function", reuse=True):
                        inp = loop_function(prev, i)
                if i > 0:
                    tf.get_variable_scope().reuse_variables()
                o, state = cell(inp, state)
                outs.append(o)
                prev = o if loop_function is not None else None
        return outs, state
    outputs, last_state = decoder(rnn_inputs_trimmed, None, "rnn_decoder")
    output = tf.reshape(tf.concat(axis=1, values=outputs), [-1, rnn_size])
    logit_output = tf.matmul(output, W) + b
    targets = [tf.reshape(y_output, [-1])]
    weights = [tf.ones([batch_size * seq_len])]
    if legacy:
        loss = legacy.sequence_loss_by_example([logit_output], targets, weights)
        cost = legacy.sequence_loss([logit_output], targets, weights)
    else:
        xent = tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=targets[0], logits=logit_output
        )
        loss = xent * weights[0] / (weights[0] + 1e-12)
        cost = tf.reduce_sum(loss) / tf.cast(tf.shape(targets[0])[0], tf.float32)
    sampled, _ = decoder(rnn_inputs_trimmed, inferred_loop, "rnn_decoder_1")
    train_op = tf.train.AdamOptimizer(0.01).minimize(cost)
rng = np.random.RandomState(0)
xs = rng.randint(0, vocab, (batch_size, seq_len))
feed = {x_data: xs, y_output: np.roll(xs, -1, 1)}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["loss"] = sess.run(loss, feed).tolist()
    out["costs"] = [float(sess.run([cost, train_op], feed)[0]) for _ in range(4)]
    out["sampled"] = np.round(sess.run(sampled[-1], feed), 5).tolist()
    out["state_h"] = np.round(sess.run(last_state[-1].h, feed), 5).tolist()
""",
    "contrib_seq2seq_sequence_loss": """
seq2seq = getattr(getattr(tf, "contrib", None), "seq2seq", None)
rng = np.random.RandomState(1)
logits = tf.constant(rng.randn(2, 4, 5).astype(np.float32))
targets = tf.constant(rng.randint(0, 5, (2, 4)).astype(np.int32))
mask = np.array([[1, 1, 1, 0], [1, 1, 0, 0]], np.float32)
weights = tf.constant(mask)
modes = [dict(), dict(average_across_timesteps=False),
         dict(average_across_batch=False),
         dict(average_across_timesteps=False, average_across_batch=False),
         dict(average_across_timesteps=False, average_across_batch=False,
              sum_over_timesteps=True, sum_over_batch=True),
         dict(average_across_timesteps=False, average_across_batch=False,
              sum_over_timesteps=True)]
xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
with tf.Session() as sess:
    c = sess.run(xent) * mask
    if seq2seq:
        got = [sess.run(seq2seq.sequence_loss(logits, targets, weights, **m)) for m in modes]
        out["zero_weights"] = float(sess.run(
            seq2seq.sequence_loss(logits, targets, tf.zeros([2, 4]))))
        out["rank"] = raises(lambda: seq2seq.sequence_loss(logits[0], targets, weights))
    else:
        def div_no_nan(a, b):
            return np.where(b == 0, 0.0, a / np.where(b == 0, 1, b))
        got = [div_no_nan(c.sum(), mask.sum()), div_no_nan(c.sum(0), mask.sum(0)),
               div_no_nan(c.sum(1), mask.sum(1)), c, div_no_nan(c.sum(), (mask != 0).sum()),
               div_no_nan(c.sum(1), (mask != 0).sum(1))]
        out["zero_weights"] = 0.0
        out["rank"] = "ValueError"
out["modes"] = [np.round(np.asarray(g, np.float64), 5).tolist() for g in got]
""",
    "argmax_of_bools": """
hits = tf.constant([[False, True, True], [False, False, False], [True, False, True]])
with tf.Session() as sess:
    out["first_true"] = sess.run(tf.argmax(hits, axis=1)).tolist()
    out["first_false"] = sess.run(tf.argmin(hits, 1, output_type=tf.int32)).tolist()
    out["axis0"] = sess.run(tf.argmax(hits, 0)).tolist()
""",
    "unique_with_nan": """
x = tf.constant([np.nan, 2.0, np.nan, 1.0, 2.0, -0.0, 0.0])
with tf.Session() as sess:
    y, idx, count = sess.run(tf.unique_with_counts(x))
    out["y"] = [str(v) for v in y]
    out["idx"] = idx.tolist()
    out["count"] = count.tolist()
    out["size"] = int(sess.run(tf.size(tf.unique(x).y)))
""",
    "clip_by_global_norm_diverged": """
w = tf.Variable([1.0, 2.0])
loss = tf.reduce_sum(w * tf.placeholder_with_default(1.0, []))
grads = tf.gradients(loss, [w])
def clipped(gs):
    c, n = tf.clip_by_global_norm(gs, 5.0)
    return c[0], n
finite, finite_norm = clipped([tf.constant([30.0, 40.0]), tf.constant([0.0])])
inf, inf_norm = clipped([tf.constant([1.0, np.inf]), tf.constant([2.0])])
nan, nan_norm = clipped([tf.constant([np.nan, 1.0]), tf.constant([2.0])])
train = tf.train.GradientDescentOptimizer(0.1).apply_gradients(
    [(tf.clip_by_global_norm([g * np.inf for g in grads], 1.0)[0][0], w)])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    r = sess.run([finite, finite_norm, inf, inf_norm, nan, nan_norm])
    out["values"] = [[str(v) for v in np.ravel(a)] for a in r]
    sess.run(train)
    out["w_after"] = [str(v) for v in sess.run(w)]
""",
    "names_users_reach_for": """
v = tf.get_variable("v", [2], trainable=False,
                    synchronization=tf.VariableSynchronization.ON_READ,
                    aggregation=tf.VariableAggregation.MEAN)
w = tf.Variable(1.0, aggregation=tf.VariableAggregation.SUM)
out["enums"] = [[m.name, m.value] for m in tf.VariableAggregation]
out["sync"] = [[m.name, m.value] for m in tf.VariableSynchronization]
out["vars"] = [v.name, w.name, len(tf.trainable_variables())]
labels = tf.constant([[1], [5]], tf.int64)
sampled = tf.random.log_uniform_candidate_sampler(
    true_classes=labels, num_true=1, num_sampled=4, unique=True, range_max=20, seed=6)
with tf.Session() as sess:
    out["sampled"] = sess.run(sampled)[0].tolist()
""",
    "embedding_lookup_sharded": """
rng = np.random.RandomState(7)
shards3 = [tf.constant(rng.rand(n, 2).astype(np.float32)) for n in (4, 3, 3)]
ids = tf.constant([[0, 9, 4], [5, 1, 7]])
lookup = tf.nn.embedding_lookup
r = {"mod": lookup(shards3, ids), "div": lookup(shards3, ids, partition_strategy="div"),
     "div_flat": lookup(shards3, [3, 4, 6, 7, 9], partition_strategy="div"),
     "max_norm": lookup(tf.constant([[3.0, 4.0], [0.3, 0.4]]), [0, 1, 0], max_norm=1.0),
     "max_norm_sharded": lookup(shards3, ids, partition_strategy="div", max_norm=0.5),
     "one_list": lookup([shards3[0]], [3, 0]),
     "scalar_id": lookup(shards3, 5)}
v = [tf.Variable(s) for s in shards3]
loss = tf.reduce_sum(lookup(v, ids, partition_strategy="div") * tf.constant([[1.0, 2.0]]))
grads = tf.gradients(loss, v)
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
out["static"] = [str(r["mod"].shape), str(r["scalar_id"].shape)]
with tf.Session() as sess:
    for k, t in r.items():
        out[k] = np.round(sess.run(t), 6).tolist()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["grads"] = [np.round(sess.run(tf.convert_to_tensor(g)), 6).tolist() for g in grads]
    sess.run(train); out["after"] = [np.round(sess.run(x), 6).tolist() for x in v]
ph = tf.placeholder(tf.float32, [None, 2])
out["dyn_shape"] = str(lookup([ph, ph], ids, partition_strategy="div").shape)
dyn = lookup([ph, ph], [0, 3, 1], partition_strategy="div")
with tf.Session() as sess:
    out["dyn"] = np.round(sess.run(dyn, {ph: [[1.0, 2.0], [3.0, 4.0]]}), 6).tolist()
""",
    "homl_output_projection_wrapper": """
# Hands-On ML ch. 14's time-series RNN. TF 2's compat.v1 has no contrib: there a cell
# doing what TF 1.x's OutputProjectionWrapper does stands in for it.
contrib_rnn = getattr(getattr(tf, "contrib", None), "rnn", None)
n_steps, n_inputs, n_neurons, n_outputs = 5, 1, 6, 1
X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
y = tf.placeholder(tf.float32, [None, n_steps, n_outputs])
class Projection(tf.nn.rnn_cell.RNNCell):
    def __init__(self, cell, n):
        super().__init__(name="output_projection_wrapper")
        self._cell, self._n = cell, n
    state_size = property(lambda self: self._cell.state_size)
    output_size = property(lambda self: self._n)
    def call(self, inputs, state):
        output, new_state = self._cell(inputs, state)
        kernel = tf.get_variable("kernel", [self._cell.output_size, self._n])
        bias = tf.get_variable("bias", [self._n], initializer=tf.zeros_initializer())
        return tf.matmul(output, kernel) + bias, new_state
with tf.variable_scope("model", initializer=tf.random_normal_initializer(seed=1)):
    inner = tf.nn.rnn_cell.BasicRNNCell(num_units=n_neurons, activation=tf.nn.relu)
    if contrib_rnn:
        cell = contrib_rnn.OutputProjectionWrapper(inner, output_size=n_outputs)
    else:
        cell = Projection(inner, n_outputs)
    outputs, states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
loss = tf.reduce_mean(tf.square(outputs - y))
training_op = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss)
t = np.linspace(0, 2, 12)
series = np.sin(t * 3)
xb = np.stack([series[i:i + n_steps] for i in range(4)])[..., None]
yb = np.stack([series[i + 1:i + 1 + n_steps] for i in range(4)])[..., None]
out["static"] = [outputs.shape.as_list(), states.shape.as_list()]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    h = []
    for it in range(6):
        sess.run(training_op, feed_dict={X: xb, y: yb})
        h.append(float(loss.eval(feed_dict={X: xb, y: yb})))
    out["h"] = h
    out["pred"] = np.round(sess.run(outputs, {X: xb[:1]}), 5).tolist()
if contrib_rnn:
    out["names"] = [v.name for v in tf.trainable_variables()]
else:
    out["names"] = ["model/rnn/output_projection_wrapper/basic_rnn_cell/kernel:0",
                    "model/rnn/output_projection_wrapper/basic_rnn_cell/bias:0",
                    "model/rnn/output_projection_wrapper/kernel:0",
                    "model/rnn/output_projection_wrapper/bias:0"]
""",
    "ptb_lstm_block_cell": """
# The PTB tutorial's default cell. TF 2's compat.v1 has no contrib: there LSTMCell, whose
# gates TF's LSTMBlockCell kernel computes alike, stands in for it.
contrib_rnn = getattr(getattr(tf, "contrib", None), "rnn", None)
def block_cell(n, **kw):
    if contrib_rnn:
        return contrib_rnn.LSTMBlockCell(n, **kw)
    peep = kw.pop("use_peephole", False)
    return tf.nn.rnn_cell.LSTMCell(n, use_peepholes=peep, name="lstm_cell", **kw)
batch, steps, vocab, size = 2, 4, 7, 5
init = tf.random_uniform_initializer(-0.1, 0.1, seed=3)
x = tf.placeholder(tf.int32, [batch, steps])
yt = tf.placeholder(tf.int32, [batch, steps])
with tf.variable_scope("Model", initializer=init):
    embedding = tf.get_variable("embedding", [vocab, size])
    inputs = tf.nn.embedding_lookup(embedding, x)
    cell = tf.nn.rnn_cell.MultiRNNCell(
        [block_cell(size, forget_bias=0.0) for _ in range(2)], state_is_tuple=True)
    state0 = cell.zero_state(batch, tf.float32)
    outputs, state = tf.nn.dynamic_rnn(cell, inputs, initial_state=state0)
    w = tf.get_variable("softmax_w", [size, vocab])
    b = tf.get_variable("softmax_b", [vocab])
    logits = tf.reshape(tf.matmul(tf.reshape(outputs, [-1, size]), w) + b, [batch, steps, vocab])
    loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=yt, logits=logits))
    tvars = tf.trainable_variables()
    grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), 5)
    train_op = tf.train.GradientDescentOptimizer(1.0).apply_gradients(zip(grads, tvars))
with tf.variable_scope("Peep", initializer=init):
    peep = block_cell(3, use_peephole=True, cell_clip=0.005)
    pout, pstate = tf.nn.dynamic_rnn(peep, inputs, dtype=tf.float32)
rng = np.random.RandomState(4)
xs = rng.randint(0, vocab, (batch, steps))
feed = {x: xs, yt: np.roll(xs, -1, 1)}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["costs"] = [float(sess.run([loss, train_op], feed)[0]) for _ in range(4)]
    out["state_c"] = np.round(sess.run(state[1].c, feed), 6).tolist()
    out["peep"] = np.round(sess.run(pstate.c, feed), 6).tolist()
out["names"] = sorted(v.name.split("/", 1)[1] for v in tf.global_variables()
                      if "lstm_cell" in v.name)
""",
    "gather_batch_dims": """
p = tf.constant(np.arange(24).reshape(2, 3, 4).astype(np.float32))
q = tf.constant(np.arange(120).reshape(2, 3, 4, 5).astype(np.float32))
cases = {
    "b1": tf.gather(p, [[0, 2], [1, 1]], batch_dims=1),
    "b2": tf.gather(p, [[[0, 2], [1, 1], [3, 0]], [[1, 1], [0, 0], [2, 3]]], batch_dims=2),
    "neg": tf.gather(p, [[0, 2], [1, 1]], batch_dims=-1),
    "rank_eq": tf.gather(p, [1, 0], batch_dims=1),
    "axis2": tf.gather(q, [[0, 2], [1, 1]], batch_dims=1, axis=2),
    "axis3": tf.gather(q, [[0, 4, 1], [1, 1, 0]], batch_dims=1, axis=3),
    "axis_neg": tf.gather(q, [[[0], [2], [1]], [[1], [1], [0]]], batch_dims=2, axis=-1),
}
v = tf.Variable(np.arange(6.0).reshape(2, 3).astype(np.float32))
picked = tf.gather(v, [[0, 0], [2, 1]], batch_dims=1)
g = tf.gradients(tf.reduce_sum(picked * tf.constant([[1.0, 2.0], [3.0, 4.0]])), v)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for k, t in cases.items():
        out[k] = [sess.run(t).tolist(), t.shape.as_list()]
    out["grad"] = sess.run(tf.convert_to_tensor(g)).tolist()
""",
    "error_classes_build_and_run": """
x = tf.placeholder(tf.float32, [None, 3], name="x")
s = tf.Session()
ones = tf.placeholder_with_default(np.ones((4, 2), np.float32), [None, 2])
E = {
    "cond_dtypes": lambda: tf.cond(tf.constant(True), lambda: tf.constant(1),
                                   lambda: tf.constant(1.0)),
    "cond_literals": lambda: tf.cond(tf.constant(True), lambda: 1, lambda: 1.0),
    "cond_structure": lambda: tf.cond(tf.constant(True), lambda: (1.0, 2.0), lambda: 1.0),
    "cond_pred_shape": lambda: tf.cond(tf.constant([True, False]), lambda: 1.0, lambda: 2.0),
    "while_shape": lambda: tf.while_loop(lambda i: i < 3, lambda i: tf.concat([i, i], 0),
                                         [tf.ones([1])]),
    "feed_rank": lambda: s.run(x, {x: np.ones(3)}),
    "feed_str": lambda: s.run(x, {x: [["a", "b", "c"]]}),
    "feed_tensor": lambda: s.run(x, {x: tf.ones([1, 3])}),
    "unfed": lambda: s.run(x),
    "missing_tensor": lambda: tf.get_default_graph().get_tensor_by_name("nope:0"),
    "tensor_name_form": lambda: tf.get_default_graph().get_tensor_by_name("nope"),
    "missing_op": lambda: tf.get_default_graph().get_operation_by_name("nope"),
    "split_uneven": lambda: tf.split(tf.ones([5]), 2),
    "transpose_perm": lambda: tf.transpose(tf.ones([2, 3]), [0, 2]),
    "gather_nd_oob": lambda: s.run(tf.gather_nd(tf.ones([2, 2]), [[2, 0]])),
    "scatter_nd_oob": lambda: s.run(tf.scatter_nd([[5]], [1.0], [3])),
    "matmul_rank1": lambda: tf.matmul(tf.ones([3]), tf.ones([3, 2])),
    "matmul_run": lambda: s.run(tf.matmul(x, ones), {x: np.ones((1, 3))}),
    "conv_channels": lambda: tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 2, 1]),
                                          [1, 1, 1, 1], "SAME"),
    "xent_shapes": lambda: tf.nn.softmax_cross_entropy_with_logits(labels=tf.ones([2, 3]),
                                                                   logits=tf.ones([2, 4])),
    "sparse_xent_labels": lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.ones([2]), logits=tf.ones([2, 3])),
    "assign_dtype": lambda: tf.Variable(1.0).assign(tf.constant(1)),
    "assert_rank": lambda: tf.assert_rank(tf.ones([2]), 2),
    "ensure_shape": lambda: s.run(tf.ensure_shape(x, [2, 3]), {x: np.ones((1, 3))}),
    "set_shape": lambda: x.set_shape([None, 4]),
    "unknown_as_list": lambda: tf.placeholder(tf.float32).shape.as_list(),
    "dim_int": lambda: int(x.shape[0]),
    "string_to_number": lambda: s.run(tf.string_to_number(tf.constant(["x1"]))),
}
for k, f in E.items():
    out[k] = raises(f)
""",
    "xent_second_derivatives": """
# A gradient penalty on a classifier's loss (double backprop): the cross-entropies'
# gradients are differentiated again.
rng = np.random.RandomState(0)
x = tf.constant(rng.randn(2, 3))  # float64: the comparison is of the terms, not of rounding
w = tf.constant(rng.randn(3, 3))
labels = tf.nn.softmax(w[:2])
def second(loss):
    g1 = tf.gradients(tf.reduce_sum(loss), x)[0]
    return tf.gradients(tf.reduce_sum(g1 * g1), x)[0]
r = {
    "dense": second(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x)),
    "dense_matmul": second(tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=labels, logits=tf.matmul(x, w))),
    "sparse": second(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0], logits=x)),
    "losses": second(tf.losses.sparse_softmax_cross_entropy([2, 1], tf.tanh(x))),
    "hessian": tf.hessians(tf.reduce_sum(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x)), x)[0],
}
with tf.Session() as sess:
    for k, v in r.items():
        out[k] = sess.run(v).tolist()
""",
    "reduce_prod_second_derivative": """
rng = np.random.RandomState(1)
values = rng.randn(2, 3, 4)
values[0, 0, 0] = 0.0
x = tf.constant(values)
out_ = {}
for name, axis in (("all", None), ("last", 2), ("two", [0, 2])):
    g1 = tf.gradients(tf.reduce_sum(tf.sin(tf.reduce_prod(x, axis))), x)[0]
    h = tf.gradients(tf.reduce_sum(g1 * g1), x)[0]
    with tf.Session() as sess:
        out[name] = sess.run(h).tolist()
""",
    "concat_second_derivative": """
rng = np.random.RandomState(2)
x = tf.constant(rng.randn(3, 4))
fns = {"concat": lambda v: tf.concat([v * v, tf.sin(v)], 1),
       "concat_axis0": lambda v: tf.concat([tf.sin(v), v[:1] * v[:1]], 0),
       "crelu": tf.nn.crelu, "stack_like": lambda v: tf.concat([v[:, :1], v[:, 1:] * 2.0], 1),
       "depth_to_space": lambda v: tf.reshape(tf.concat([v, v * v], 1), [1, 2, 2, 6])}
for name, f in fns.items():
    g1 = tf.gradients(tf.reduce_sum(tf.square(f(x))), x)[0]
    h = tf.gradients(tf.reduce_sum(tf.sin(g1)), x)[0]
    with tf.Session() as sess:
        out[name] = sess.run(h).tolist()
""",
    "tile_second_derivative": """
rng = np.random.RandomState(3)
x = tf.constant(rng.randn(2, 3))
n = tf.placeholder_with_default(2, [])
fns = {"static": lambda v: tf.tile(v * v, [2, 1]), "three": lambda v: tf.tile(tf.sin(v), [1, 3]),
       "run_time": lambda v: tf.tile(v * v, tf.stack([n, 1]))}
for name, f in fns.items():
    g1 = tf.gradients(tf.reduce_sum(tf.square(f(x))), x)[0]
    h = tf.gradients(tf.reduce_sum(tf.sin(g1)), x)[0]
    with tf.Session() as sess:
        out[name] = sess.run(h).tolist()
""",
    "extract_patches_second_derivative": """
rng = np.random.RandomState(4)
img = tf.constant(rng.randn(1, 4, 4, 2))
cases = {"valid": ([1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID"),
         "same_strided": ([1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "SAME")}
for name, (k, st, rt, pad) in cases.items():
    p = tf.extract_image_patches(img * img, k, st, rt, pad)
    g1 = tf.gradients(tf.reduce_sum(tf.square(p)), img)[0]
    h = tf.gradients(tf.reduce_sum(tf.sin(g1)), img)[0]
    with tf.Session() as sess:
        out[name] = sess.run(h).ravel().tolist()
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, seed=0)
