"""Record what TensorFlow 1.x computes for programs as the next most-copied TF1 sources
write them (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_tutorials2.py \
        > tests/unit/engine/fixtures/tf1_tutorials2.json

(the venv needs `tensorflow-cpu` and `tf-keras` of the same version.)

Re-typed at tiny sizes, in each source's own idioms: hunkim's DeepLearningZeroToAll
(`hk_`), MorvanZhou's Tensorflow-Tutorial (`mz_`), dennybritz's cnn-text-classification-tf
(`db_`), sherjilozair's char-rnn-tensorflow (`cr_`), tensorflow/models' PTB language model
(`pt_`), igul222's improved_wgan_training (`wg_`), Kyubyong's transformer (`kt_`),
anishathalye's neural-style (`ns_`), openai's baselines (`ob_`), ibab's tensorflow-wavenet
(`wn_`) and naturomics' CapsNet-Tensorflow (`cn_`). No data comes from the internet: the
programs make small arrays (MNIST-shaped ones by `mnist(n, seed)`, whose labels follow from
the pixels), and no gym environment runs: RL programs train on seeded transitions.
Initial values are seeded (`tf.set_random_seed`) or explicit. Where TensorFlow's executor
may order a variable's read after its update in the same run, only what does not depend
on that order is stored.

TensorFlow 2 has no `tf.contrib`. `contrib` is `tf.contrib` where `tf` has it (graphgate);
here it is the few TF 1.15 contrib functions the programs call, re-typed from TF 1.15's
source over `tf.compat.v1` (cells and `static_rnn` were aliased under `tf.nn` in TF 1.x;
`xavier_initializer` is `glorot_uniform_initializer`'s draw; `fully_connected`,
`legacy_seq2seq`'s `rnn_decoder` and losses and `seq2seq.sequence_loss` are written out).

Each program stores what it observed in `out[...]`; `tests/unit/engine/test_tf1_tutorials2.py`
runs the same text against graphgate and compares.
"""

from __future__ import annotations

try:
    from tests.reference import harness, tf1_tutorials
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_tutorials


PRELUDE = (
    tf1_tutorials.DATA
    + r"""
def R(v, n=3):
    if isinstance(v, (list, tuple)): return [R(x, n) for x in v]
    return np.round(np.asarray(v, np.float64), n).tolist()
if hasattr(tf, "contrib"):
    contrib = tf.contrib
else:
    def _xavier(uniform=True, seed=None, dtype=tf.float32):
        if uniform:
            return tf.glorot_uniform_initializer(seed=seed, dtype=dtype)
        def init(shape, dtype=dtype, partition_info=None):
            fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
            fan_out = float(shape[-1])
            for dim in shape[:-2]:
                fan_in *= dim
                fan_out *= dim
            stddev = np.sqrt(1.3 / ((fan_in + fan_out) / 2.0))
            return tf.truncated_normal(shape, 0.0, stddev, dtype, seed=seed)
        return init
    def _fully_connected(inputs, num_outputs, activation_fn=tf.nn.relu, weights_initializer=None,
                         biases_initializer=tf.zeros_initializer(), scope=None, reuse=None):
        with tf.variable_scope(scope, "fully_connected", [inputs], reuse=reuse):
            n_in = inputs.get_shape().as_list()[-1]
            w = tf.get_variable("weights", [n_in, num_outputs],
                                initializer=weights_initializer or _xavier())
            y = tf.matmul(inputs, w)
            if biases_initializer is not None:
                y = tf.nn.bias_add(y, tf.get_variable("biases", [num_outputs],
                                                      initializer=biases_initializer))
            return activation_fn(y) if activation_fn is not None else y
    def _rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None, scope=None):
        with tf.variable_scope(scope or "rnn_decoder"):
            state = initial_state
            outputs = []
            prev = None
            for i, inp in enumerate(decoder_inputs):
                if loop_function is not None and prev is not None:
                    with tf.variable_scope("loop_function", reuse=True):
                        inp = loop_function(prev, i)
                if i > 0:
                    tf.get_variable_scope().reuse_variables()
                output, state = cell(inp, state)
                outputs.append(output)
                if loop_function is not None:
                    prev = output
        return outputs, state
    def _sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True,
                                  softmax_loss_function=None, name=None):
        with tf.name_scope(name, "sequence_loss_by_example", logits + targets + weights):
            log_perp_list = []
            for logit, target, weight in zip(logits, targets, weights):
                if softmax_loss_function is None:
                    target = tf.reshape(target, [-1])
                    crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(
                        labels=target, logits=logit)
                else:
                    crossent = softmax_loss_function(labels=target, logits=logit)
                log_perp_list.append(crossent * weight)
            log_perps = tf.add_n(log_perp_list)
            if average_across_timesteps:
                total_size = tf.add_n(weights)
                total_size += 1e-12
                log_perps /= total_size
        return log_perps
    def _seq2seq_sequence_loss(logits, targets, weights, average_across_timesteps=True,
                               average_across_batch=True, name=None):
        with tf.name_scope(name, "sequence_loss", [logits, targets, weights]):
            num_classes = tf.shape(logits)[2]
            logits_flat = tf.reshape(logits, [-1, num_classes])
            targets = tf.reshape(targets, [-1])
            crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=targets, logits=logits_flat)
            crossent *= tf.reshape(weights, [-1])
            if average_across_timesteps and average_across_batch:
                crossent = tf.reduce_sum(crossent)
                total_size = tf.reduce_sum(weights)
                total_size += 1e-12
                crossent /= total_size
            else:
                batch_size = tf.shape(logits)[0]
                sequence_length = tf.shape(logits)[1]
                crossent = tf.reshape(crossent, [batch_size, sequence_length])
            if average_across_timesteps and not average_across_batch:
                crossent = tf.reduce_sum(crossent, axis=[1])
                total_size = tf.reduce_sum(weights, axis=[1])
                total_size += 1e-12
                crossent /= total_size
            if not average_across_timesteps and average_across_batch:
                crossent = tf.reduce_sum(crossent, axis=[0])
                total_size = tf.reduce_sum(weights, axis=[0])
                total_size += 1e-12
                crossent /= total_size
            return crossent
    contrib = SimpleNamespace(
        rnn=SimpleNamespace(
            BasicLSTMCell=tf.nn.rnn_cell.BasicLSTMCell, BasicRNNCell=tf.nn.rnn_cell.BasicRNNCell,
            GRUCell=tf.nn.rnn_cell.GRUCell, LSTMCell=tf.nn.rnn_cell.LSTMCell,
            MultiRNNCell=tf.nn.rnn_cell.MultiRNNCell, DropoutWrapper=tf.nn.rnn_cell.DropoutWrapper,
            LSTMStateTuple=tf.nn.rnn_cell.LSTMStateTuple, static_rnn=tf.nn.static_rnn),
        layers=SimpleNamespace(xavier_initializer=_xavier, fully_connected=_fully_connected),
        legacy_seq2seq=SimpleNamespace(rnn_decoder=_rnn_decoder,
                                       sequence_loss_by_example=_sequence_loss_by_example),
        seq2seq=SimpleNamespace(sequence_loss=_seq2seq_sequence_loss))
"""
)


HUNKIM = {
    "hk_linear_regression_feed_shapes": r"""
tf.set_random_seed(777)
W = tf.Variable(tf.random_normal([1]), name='weight')
b = tf.Variable(tf.random_normal([1]), name='bias')
X = tf.placeholder(tf.float32, shape=[None])
Y = tf.placeholder(tf.float32, shape=[None])
hypothesis = X * W + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
train = optimizer.minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
log = []
for step in range(201):
    cost_val, W_val, b_val, _ = sess.run([cost, W, b, train],
        feed_dict={X: [1, 2, 3, 4, 5], Y: [2.1, 3.1, 4.1, 5.1, 6.1]})
    if step % 50 == 0:
        # W and b fetched in the run that trains them: TF may read them after the update
        log.append([step, float(cost_val)])
out["log"] = log
out["pred"] = L(sess.run(hypothesis, feed_dict={X: [5]}))
out["pred2"] = L(sess.run(hypothesis, feed_dict={X: [1.5, 3.5]}))
out["fed_list_of_lists"] = raises(lambda: sess.run(hypothesis, feed_dict={X: [[1.5, 3.5]]}))
out["types"] = [type(cost_val).__name__, type(W_val).__name__, W_val.dtype.name]
""",
    "hk_minimizing_cost_by_hand_and_gvs": r"""
X = [1, 2, 3]
Y = [1, 2, 3]
W = tf.Variable(5.)
hypothesis = X * W
gradient = tf.reduce_mean((W * X - Y) * X) * 2
cost = tf.reduce_mean(tf.square(hypothesis - Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
gvs = optimizer.compute_gradients(cost)
apply_gradients = optimizer.apply_gradients(gvs)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(11):
        gradient_val, gvs_val = sess.run([gradient, gvs])
        sess.run(apply_gradients)
        log.append([float(gradient_val), [[float(g), float(v)] for g, v in gvs_val]])
    out["W"] = float(sess.run(W))
out["log"] = log
out["gvs_type"] = [type(gvs).__name__, type(gvs[0]).__name__, len(gvs)]
out["hyp"] = [hypothesis.dtype.name, str(hypothesis.shape), str(gradient.shape)]
# lab-03-2: the descent step written out, with tf.assign
tf.set_random_seed(777)
x_data = [1, 2, 3]
y_data = [1, 2, 3]
W2 = tf.Variable(tf.random_normal([1]), name='weight')
X2 = tf.placeholder(tf.float32)
Y2 = tf.placeholder(tf.float32)
h2 = X2 * W2
cost2 = tf.reduce_sum(tf.square(h2 - Y2))
descent = W2 - 0.1 * tf.reduce_mean((W2 * X2 - Y2) * X2)
update = W2.assign(descent)
steps = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(6):
        sess.run(update, feed_dict={X2: x_data, Y2: y_data})
        steps.append([float(sess.run(cost2, feed_dict={X2: x_data, Y2: y_data})),
                      L(sess.run(W2))])
out["steps"] = steps
out["update"] = [update.name, update.op.type, str(update.shape)]
""",
    "hk_tf_reader_csv_batch": r"""
tf.set_random_seed(777)
d = tempfile.mkdtemp()
path = os.path.join(d, 'data-01-test-score.csv')
rows = [[73, 80, 75, 152], [93, 88, 93, 185], [89, 91, 90, 180], [96, 98, 100, 196],
        [73, 66, 70, 142], [53, 46, 55, 101], [69, 74, 77, 149], [47, 56, 60, 115]]
with open(path, 'w') as f:
    f.write('# EXAM1,EXAM2,EXAM3,FINAL\n')
    for r in rows:
        f.write(','.join(str(v) for v in r) + '\n')
xy_np = np.loadtxt(path, delimiter=',', dtype=np.float32)
out["loadtxt"] = [list(xy_np.shape), L(xy_np[:2, 0:-1]), L(xy_np[:2, [-1]])]
filename_queue = tf.train.string_input_producer([path], shuffle=False, name='filename_queue')
reader = tf.TextLineReader(skip_header_lines=1)
key, value = reader.read(filename_queue)
record_defaults = [[0.], [0.], [0.], [0.]]
xy = tf.decode_csv(value, record_defaults=record_defaults)
train_x_batch, train_y_batch = tf.train.batch([xy[0:-1], xy[-1:]], batch_size=3)
X = tf.placeholder(tf.float32, shape=[None, 3])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.random_normal([3, 1]), name='weight')
b = tf.Variable(tf.random_normal([1]), name='bias')
hypothesis = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
train = tf.train.GradientDescentOptimizer(learning_rate=1e-5).minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
coord = tf.train.Coordinator()
threads = tf.train.start_queue_runners(sess=sess, coord=coord)
batches = []
for step in range(5):
    x_batch, y_batch = sess.run([train_x_batch, train_y_batch])
    cost_val, hy_val, _ = sess.run([cost, hypothesis, train], feed_dict={X: x_batch, Y: y_batch})
    batches.append([L(x_batch), L(y_batch), float(cost_val)])
coord.request_stop()
coord.join(threads)
out["batches"] = batches
out["score"] = L(sess.run(hypothesis, feed_dict={X: [[100, 70, 101]]}))
out["shapes"] = [str(train_x_batch.shape), str(train_y_batch.shape), len(xy),
                 str(xy[0].shape), key.dtype.name]
sess.close()
""",
    "hk_logistic_and_softmax_zoo": r"""
tf.set_random_seed(777)
x_data = [[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]]
y_data = [[0], [0], [0], [1], [1], [1]]
X = tf.placeholder(tf.float32, shape=[None, 2])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.random_normal([2, 1]), name='weight')
b = tf.Variable(tf.random_normal([1]), name='bias')
hypothesis = tf.sigmoid(tf.matmul(X, W) + b)
cost = -tf.reduce_mean(Y * tf.log(hypothesis) + (1 - Y) * tf.log(1 - hypothesis))
train = tf.train.GradientDescentOptimizer(learning_rate=0.01).minimize(cost)
predicted = tf.cast(hypothesis > 0.5, dtype=tf.float32)
accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype=tf.float32))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    costs = []
    for step in range(301):
        cost_val, _ = sess.run([cost, train], feed_dict={X: x_data, Y: y_data})
        if step % 100 == 0:
            costs.append(float(cost_val))
    h, c, a = sess.run([hypothesis, predicted, accuracy], feed_dict={X: x_data, Y: y_data})
    out["logistic"] = [costs, L(h), L(c), float(a)]
# lab-06-2: zoo, one_hot of a [None, 1] label then reshape
rng = np.random.RandomState(0)
x_zoo = rng.randint(0, 2, size=(20, 16)).astype(np.float32)
y_zoo = (x_zoo[:, :7].sum(1, keepdims=True) % 7).astype(np.float32)
nb_classes = 7
X = tf.placeholder(tf.float32, [None, 16])
Y = tf.placeholder(tf.int32, [None, 1])
Y_one_hot = tf.one_hot(Y, nb_classes)
out["one_hot_shape"] = str(Y_one_hot.shape)
Y_one_hot = tf.reshape(Y_one_hot, [-1, nb_classes])
W = tf.Variable(tf.random_normal([16, nb_classes]), name='weight')
b = tf.Variable(tf.random_normal([nb_classes]), name='bias')
logits = tf.matmul(X, W) + b
hypothesis = tf.nn.softmax(logits)
cost_i = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=tf.stop_gradient(Y_one_hot))
cost = tf.reduce_mean(cost_i)
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(cost)
prediction = tf.argmax(hypothesis, 1)
correct_prediction = tf.equal(prediction, tf.argmax(Y_one_hot, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for step in range(101):
        sess.run(optimizer, feed_dict={X: x_zoo, Y: y_zoo})
        if step % 50 == 0:
            loss, acc = sess.run([cost, accuracy], feed_dict={X: x_zoo, Y: y_zoo})
            log.append("Step: {:5}\tLoss: {:.3f}\tAcc: {:.2%}".format(step, loss, acc))
            log.append([float(loss), float(acc)])
    pred = sess.run(prediction, feed_dict={X: x_zoo})
    out["zoo_pairs"] = ["[{}] Prediction: {} True Y: {}".format(p == int(y), p, int(y))
                        for p, y in zip(pred[:5], y_zoo.flatten())]
    out["zoo"] = log
    out["fed_float_labels"] = [y_zoo.dtype.name, prediction.dtype.name]
""",
    "hk_learning_rate_minmax_and_nan": r"""
tf.set_random_seed(777)
def MinMaxScaler(data):
    numerator = data - np.min(data, 0)
    denominator = np.max(data, 0) - np.min(data, 0)
    return numerator / (denominator + 1e-7)
xy = np.array([[828.659973, 833.450012, 908100, 828.349976, 831.659973],
               [823.02002, 828.070007, 1828100, 821.655029, 828.070007],
               [819.929993, 824.400024, 1438100, 818.97998, 824.159973],
               [816, 820.958984, 1008100, 815.48999, 819.23999],
               [819.359985, 823, 1188100, 818.469971, 818.97998],
               [819, 823, 1198100, 816, 820.450012],
               [811.700012, 815.25, 1098100, 809.780029, 813.669983],
               [809.51001, 816.659973, 1398100, 804.539978, 809.559998]])
def fit(data, lr, steps):
    x_data = data[:, 0:-1]
    y_data = data[:, [-1]]
    with tf.Graph().as_default():
        tf.set_random_seed(777)
        X = tf.placeholder(tf.float32, shape=[None, 4])
        Y = tf.placeholder(tf.float32, shape=[None, 1])
        W = tf.Variable(tf.random_normal([4, 1]), name='weight')
        b = tf.Variable(tf.random_normal([1]), name='bias')
        hypothesis = tf.matmul(X, W) + b
        cost = tf.reduce_mean(tf.square(hypothesis - Y))
        train = tf.train.GradientDescentOptimizer(learning_rate=lr).minimize(cost)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            log = []
            for step in range(steps):
                cost_val, hy_val, _ = sess.run([cost, hypothesis, train],
                                               feed_dict={X: x_data, Y: y_data})
                log.append(float(cost_val))
            return log, L(hy_val[:2])
raw = fit(xy, 1e-5, 6)
out["raw_costs"] = [["nan" if np.isnan(c) else ("inf" if np.isinf(c) else "finite") for c in raw[0]]]
out["raw_first"] = raw[0][:2]
scaled = fit(MinMaxScaler(xy), 1e-5, 6)
out["scaled"] = scaled
# lab-07-1: a learning rate too large
x_data = [[1, 2, 1], [1, 3, 2], [1, 3, 4], [1, 5, 5], [1, 7, 5], [1, 2, 5], [1, 6, 6], [1, 7, 7]]
y_data = [[0, 0, 1], [0, 0, 1], [0, 0, 1], [0, 1, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0], [1, 0, 0]]
X = tf.placeholder("float", [None, 3])
Y = tf.placeholder("float", [None, 3])
W = tf.Variable(tf.random_normal([3, 3]))
b = tf.Variable(tf.random_normal([3]))
hypothesis = tf.nn.softmax(tf.matmul(X, W) + b)
cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis=1))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=1.5).minimize(cost)
prediction = tf.argmax(hypothesis, 1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    costs = []
    for step in range(4):
        cost_val, W_val, _ = sess.run([cost, W, optimizer], feed_dict={X: x_data, Y: y_data})
        costs.append(float(cost_val))
    out["big_lr"] = costs
    out["pred"] = L(sess.run(prediction, feed_dict={X: x_data}))
""",
    "hk_xor_wide_deep_backprop": r"""
tf.set_random_seed(777)
x_data = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y_data = np.array([[0], [1], [1], [0]], dtype=np.float32)
X = tf.placeholder(tf.float32, [None, 2])
Y = tf.placeholder(tf.float32, [None, 1])
with tf.name_scope("layer1"):
    W1 = tf.Variable(tf.random_normal([2, 10]), name='weight1')
    b1 = tf.Variable(tf.random_normal([10]), name='bias1')
    layer1 = tf.sigmoid(tf.matmul(X, W1) + b1)
    w1_hist = tf.summary.histogram("weights1", W1)
    layer1_hist = tf.summary.histogram("layer1", layer1)
with tf.name_scope("layer2"):
    W2 = tf.Variable(tf.random_normal([10, 1]), name='weight2')
    b2 = tf.Variable(tf.random_normal([1]), name='bias2')
    hypothesis = tf.sigmoid(tf.matmul(layer1, W2) + b2)
with tf.name_scope("cost"):
    cost = -tf.reduce_mean(Y * tf.log(hypothesis) + (1 - Y) * tf.log(1 - hypothesis))
    cost_summ = tf.summary.scalar("cost", cost)
with tf.name_scope("train"):
    train = tf.train.AdamOptimizer(learning_rate=0.1).minimize(cost)
predicted = tf.cast(hypothesis > 0.5, dtype=tf.float32)
accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype=tf.float32))
accuracy_summ = tf.summary.scalar("accuracy", accuracy)
merged_summary = tf.summary.merge_all()
d = tempfile.mkdtemp()
with tf.Session() as sess:
    writer = tf.summary.FileWriter(d)
    writer.add_graph(sess.graph)
    sess.run(tf.global_variables_initializer())
    costs = []
    for step in range(201):
        summary, _ = sess.run([merged_summary, train], feed_dict={X: x_data, Y: y_data})
        writer.add_summary(summary, global_step=step)
        if step % 50 == 0:
            costs.append(float(sess.run(cost, feed_dict={X: x_data, Y: y_data})))
    writer.close()
    h, c, a = sess.run([hypothesis, predicted, accuracy], feed_dict={X: x_data, Y: y_data})
out["costs"] = costs
out["result"] = [L(h), L(c), float(a)]
out["names"] = [W1.name, layer1.name, cost.name, cost_summ.name, w1_hist.name, train.name,
                merged_summary.name, type(summary).__name__]
tags = set()
for f in os.listdir(d):
    for e in tf.train.summary_iterator(os.path.join(d, f)):
        for v in e.summary.value:
            tags.add(v.tag)
out["tags"] = sorted(tags)
# lab-09-x: backprop written out; W2's update and d_W1's read of W2 race in TF, so only
# one step's gradients are stored, computed before any update runs
with tf.Graph().as_default():
    tf.set_random_seed(777)
    X = tf.placeholder(tf.float32, [None, 2])
    Y = tf.placeholder(tf.float32, [None, 1])
    W1 = tf.Variable(tf.random_normal([2, 2]), name='weight1')
    b1 = tf.Variable(tf.random_normal([2]), name='bias1')
    l1 = tf.sigmoid(tf.matmul(X, W1) + b1)
    W2 = tf.Variable(tf.random_normal([2, 1]), name='weight2')
    b2 = tf.Variable(tf.random_normal([1]), name='bias2')
    Y_pred = tf.sigmoid(tf.matmul(l1, W2) + b2)
    d_Y_pred = (Y_pred - Y) / (Y_pred * (1.0 - Y_pred) + 1e-7)
    d_a2 = d_Y_pred * (Y_pred * (1 - Y_pred))
    d_W2 = tf.matmul(tf.transpose(l1), d_a2)
    d_W2_mean = d_W2 / tf.cast(tf.shape(l1)[0], dtype=tf.float32)
    d_a1 = tf.matmul(d_a2, tf.transpose(W2)) * (l1 * (1 - l1))
    d_W1_mean = tf.matmul(tf.transpose(X), d_a1) / tf.cast(tf.shape(X)[0], dtype=tf.float32)
    cost = -tf.reduce_mean(Y * tf.log(Y_pred) + (1 - Y) * tf.log(1 - Y_pred))
    auto = tf.gradients(cost, [W1, W2])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["shape"] = int(sess.run(tf.shape(X)[0], feed_dict={X: x_data}))
        m = sess.run([d_W1_mean, d_W2_mean] + auto, feed_dict={X: x_data, Y: y_data})
        out["manual_vs_auto"] = [L(v) for v in m]
""",
    "hk_mnist_nn_xavier_dropout": r"""
tf.set_random_seed(777)
x_train, y_train = mnist(40, seed=1)
keep_prob = tf.placeholder(tf.float32)
X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])
W1 = tf.get_variable("W1", shape=[784, 32], initializer=contrib.layers.xavier_initializer())
b1 = tf.Variable(tf.random_normal([32]))
L1 = tf.nn.relu(tf.matmul(X, W1) + b1)
L1 = tf.nn.dropout(L1, keep_prob=keep_prob)
W2 = tf.get_variable("W2", shape=[32, 32], initializer=contrib.layers.xavier_initializer())
b2 = tf.Variable(tf.random_normal([32]))
L2 = tf.nn.relu(tf.matmul(L1, W2) + b2)
L2 = tf.nn.dropout(L2, keep_prob=keep_prob)
W3 = tf.get_variable("W3", shape=[32, 10], initializer=contrib.layers.xavier_initializer())
b3 = tf.Variable(tf.random_normal([10]))
hypothesis = tf.matmul(L2, W3) + b3
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=hypothesis, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=0.001).minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["w1_stats"] = [float(np.abs(sess.run(W1)).max() <= np.sqrt(6. / (784 + 32))),
                   L(sess.run(W1)[0, :4])]
costs = []
for epoch in range(2):
    avg_cost = 0
    total_batch = 4
    for i in range(total_batch):
        batch_xs, batch_ys = x_train[i*10:(i+1)*10], y_train[i*10:(i+1)*10]
        c, _ = sess.run([cost, optimizer], feed_dict={X: batch_xs, Y: batch_ys, keep_prob: 0.7})
        avg_cost += c / total_batch
    costs.append('Epoch: %04d cost = %.9f' % (epoch + 1, avg_cost))
    costs.append(float(avg_cost))
out["costs"] = costs
correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
out["acc"] = float(sess.run(accuracy, feed_dict={X: x_train, Y: y_train, keep_prob: 1}))
out["label_pred"] = [L(sess.run(tf.argmax(y_train[3:4], 1))),
                     L(sess.run(tf.argmax(hypothesis, 1), feed_dict={X: x_train[3:4], keep_prob: 1}))]
out["names"] = [W1.name, hypothesis.name]
""",
    "hk_mnist_higher_level_api_batch_norm": r"""
tf.set_random_seed(777)
x_train, y_train = mnist(24, seed=2)
X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])
train_mode = tf.placeholder(tf.bool, name='train_mode')
xavier_init = contrib.layers.xavier_initializer()
h1 = tf.layers.dense(X, 16, kernel_initializer=xavier_init, use_bias=False, name="h1")
h1 = tf.nn.relu(tf.layers.batch_normalization(h1, momentum=0.9, training=train_mode))
h1_drop = tf.layers.dropout(h1, 0.3, training=train_mode)
hypothesis = tf.layers.dense(h1_drop, 10, kernel_initializer=xavier_init, name="hypothesis")
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=hypothesis, labels=Y))
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    optimizer = tf.train.AdamOptimizer(learning_rate=0.01).minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
costs = []
for epoch in range(3):
    for i in range(3):
        bx, by = x_train[i*8:(i+1)*8], y_train[i*8:(i+1)*8]
        sess.run(optimizer, feed_dict={X: bx, Y: by, train_mode: True})
        costs.append(float(sess.run(cost, feed_dict={X: bx, Y: by, train_mode: False})))
out["costs"] = costs
correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
out["acc"] = float(sess.run(accuracy, feed_dict={X: x_train, Y: y_train, train_mode: False}))
out["vars"] = [v.name for v in tf.global_variables()]
out["update_ops"] = [len(update_ops), [type(op).__name__ for op in update_ops]]
out["moving"] = L(sess.run(tf.global_variables()[3])[:3])
out["missing_mode"] = raises(lambda: sess.run(hypothesis, feed_dict={X: x_train[:2]}))
""",
    "hk_mnist_cnn_class_and_ensemble": r"""
tf.set_random_seed(777)
x_train, y_train = mnist(16, seed=3)
class Model:
    def __init__(self, sess, name):
        self.sess = sess
        self.name = name
        self._build_net()
    def _build_net(self):
        with tf.variable_scope(self.name):
            self.training = tf.placeholder(tf.bool)
            self.X = tf.placeholder(tf.float32, [None, 784])
            X_img = tf.reshape(self.X, [-1, 28, 28, 1])
            self.Y = tf.placeholder(tf.float32, [None, 10])
            conv1 = tf.layers.conv2d(inputs=X_img, filters=4, kernel_size=[3, 3],
                                     padding="SAME", activation=tf.nn.relu)
            pool1 = tf.layers.max_pooling2d(inputs=conv1, pool_size=[2, 2],
                                            padding="SAME", strides=2)
            dropout1 = tf.layers.dropout(inputs=pool1, rate=0.3, training=self.training)
            conv2 = tf.layers.conv2d(inputs=dropout1, filters=8, kernel_size=[3, 3],
                                     padding="SAME", activation=tf.nn.relu)
            pool2 = tf.layers.max_pooling2d(inputs=conv2, pool_size=[2, 2],
                                            padding="SAME", strides=2)
            flat = tf.reshape(pool2, [-1, 8 * 7 * 7])
            dense4 = tf.layers.dense(inputs=flat, units=16, activation=tf.nn.relu)
            self.logits = tf.layers.dense(inputs=dense4, units=10)
            self.shapes = [str(t.shape) for t in (X_img, conv1, pool1, conv2, pool2, flat)]
        self.cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
            logits=self.logits, labels=self.Y))
        self.optimizer = tf.train.AdamOptimizer(learning_rate=0.01).minimize(self.cost)
        correct_prediction = tf.equal(tf.argmax(self.logits, 1), tf.argmax(self.Y, 1))
        self.accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    def predict(self, x_test, training=False):
        return self.sess.run(self.logits, feed_dict={self.X: x_test, self.training: training})
    def get_accuracy(self, x_test, y_test, training=False):
        return self.sess.run(self.accuracy,
                             feed_dict={self.X: x_test, self.Y: y_test, self.training: training})
    def train(self, x_data, y_data, training=True):
        return self.sess.run([self.cost, self.optimizer],
                             feed_dict={self.X: x_data, self.Y: y_data, self.training: training})
sess = tf.Session()
models = [Model(sess, "model" + str(m)) for m in range(2)]
sess.run(tf.global_variables_initializer())
log = []
for epoch in range(2):
    avg_cost_list = np.zeros(len(models))
    for i in range(2):
        batch_xs, batch_ys = x_train[i*8:(i+1)*8], y_train[i*8:(i+1)*8]
        for m_idx, m in enumerate(models):
            c, _ = m.train(batch_xs, batch_ys, training=False)
            avg_cost_list[m_idx] += c / 2
    log.append(L(avg_cost_list))
out["log"] = log
predictions = np.zeros([len(x_train), 10])
accs = []
for m_idx, m in enumerate(models):
    accs.append(float(m.get_accuracy(x_train, y_train)))
    p = m.predict(x_train)
    predictions += p
out["accs"] = accs
ensemble_correct_prediction = tf.equal(tf.argmax(predictions, 1), tf.argmax(y_train, 1))
ensemble_accuracy = tf.reduce_mean(tf.cast(ensemble_correct_prediction, tf.float32))
out["ensemble"] = float(sess.run(ensemble_accuracy))
out["ensemble_dtypes"] = [ensemble_correct_prediction.dtype.name, str(ensemble_accuracy.shape)]
out["shapes"] = models[0].shapes
out["vars"] = [v.name for v in tf.trainable_variables()]
""",
    "hk_hello_rnn_sequence_loss": r"""
tf.set_random_seed(777)
idx2char = ['h', 'i', 'e', 'l', 'o']
x_data = [[0, 1, 0, 2, 3, 3]]
x_one_hot = [[[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [1, 0, 0, 0, 0],
              [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 1, 0]]]
y_data = [[1, 0, 2, 3, 3, 4]]
num_classes = 5
input_dim = 5
hidden_size = 5
batch_size = 1
sequence_length = 6
X = tf.placeholder(tf.float32, [None, sequence_length, input_dim])
Y = tf.placeholder(tf.int32, [None, sequence_length])
cell = contrib.rnn.BasicLSTMCell(num_units=hidden_size, state_is_tuple=True)
initial_state = cell.zero_state(batch_size, tf.float32)
outputs, _states = tf.nn.dynamic_rnn(cell, X, initial_state=initial_state, dtype=tf.float32)
X_for_fc = tf.reshape(outputs, [-1, hidden_size])
outputs = contrib.layers.fully_connected(inputs=X_for_fc, num_outputs=num_classes,
                                         activation_fn=None)
outputs = tf.reshape(outputs, [batch_size, sequence_length, num_classes])
weights = tf.ones([batch_size, sequence_length])
sequence_loss = contrib.seq2seq.sequence_loss(logits=outputs, targets=Y, weights=weights)
loss = tf.reduce_mean(sequence_loss)
train = tf.train.AdamOptimizer(learning_rate=0.1).minimize(loss)
prediction = tf.argmax(outputs, axis=2)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(30):
        l, _ = sess.run([loss, train], feed_dict={X: x_one_hot, Y: y_data})
        result = sess.run(prediction, feed_dict={X: x_one_hot})
        if i % 10 == 9:
            result_str = [idx2char[c] for c in np.squeeze(result)]
            log.append([i, float(l), L(result), "".join(result_str)])
out["log"] = log
out["vars"] = [v.name for v in tf.global_variables()]
out["shapes"] = [str(_states.c.shape), str(outputs.shape), str(sequence_loss.shape),
                 type(_states).__name__]
""",
    "hk_char_seq_multicell_softmax": r"""
tf.set_random_seed(777)
sentence = ("if you want to build a ship, don't drum up people together to ")
char_set = list(set(sentence))
char_set.sort()
char_dic = {w: i for i, w in enumerate(char_set)}
data_dim = len(char_set)
hidden_size = len(char_set)
num_classes = len(char_set)
sequence_length = 10
dataX = []
dataY = []
for i in range(0, len(sentence) - sequence_length):
    x_str = sentence[i:i + sequence_length]
    y_str = sentence[i + 1: i + sequence_length + 1]
    dataX.append([char_dic[c] for c in x_str])
    dataY.append([char_dic[c] for c in y_str])
batch_size = len(dataX)
X = tf.placeholder(tf.int32, [None, sequence_length])
Y = tf.placeholder(tf.int32, [None, sequence_length])
X_one_hot = tf.one_hot(X, num_classes)
def lstm_cell():
    cell = contrib.rnn.BasicLSTMCell(hidden_size, state_is_tuple=True)
    return cell
multi_cells = contrib.rnn.MultiRNNCell([lstm_cell() for _ in range(2)], state_is_tuple=True)
outputs, _states = tf.nn.dynamic_rnn(multi_cells, X_one_hot, dtype=tf.float32)
X_for_fc = tf.reshape(outputs, [-1, hidden_size])
outputs = contrib.layers.fully_connected(X_for_fc, num_classes, activation_fn=None)
outputs = tf.reshape(outputs, [batch_size, sequence_length, num_classes])
weights = tf.ones([batch_size, sequence_length])
sequence_loss = contrib.seq2seq.sequence_loss(logits=outputs, targets=Y, weights=weights)
mean_loss = tf.reduce_mean(sequence_loss)
train_op = tf.train.AdamOptimizer(learning_rate=0.1).minimize(mean_loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
log = []
for i in range(20):
    _, l, results = sess.run([train_op, mean_loss, outputs], feed_dict={X: dataX, Y: dataY})
    if i % 5 == 4:
        log.append([i, float(l), L(np.argmax(results[0], axis=1))])
out["log"] = log
results = sess.run(outputs, feed_dict={X: dataX})
text = ''
for j, result in enumerate(results):
    index = np.argmax(result, axis=1)
    if j == 0:
        text += ''.join([char_set[t] for t in index])
    else:
        text += char_set[index[-1]]
out["text"] = text
out["shapes"] = [str(X_one_hot.shape), len(_states), str(_states[1].h.shape)]
out["vars"] = [v.name for v in tf.trainable_variables()]
# lab-12-3: softmax only, the one_hot reshaped
with tf.Graph().as_default():
    tf.set_random_seed(777)
    X = tf.placeholder(tf.int32, [None, sequence_length])
    Y = tf.placeholder(tf.int32, [None, sequence_length])
    x_one_hot = tf.one_hot(X, num_classes)
    X_for_softmax = tf.reshape(x_one_hot, [-1, hidden_size])
    softmax_w = tf.get_variable("softmax_w", [hidden_size, num_classes])
    softmax_b = tf.get_variable("softmax_b", [num_classes])
    outputs = tf.matmul(X_for_softmax, softmax_w) + softmax_b
    outputs = tf.reshape(outputs, [batch_size, sequence_length, num_classes])
    sequence_loss = contrib.seq2seq.sequence_loss(logits=outputs, targets=Y,
                                                  weights=tf.ones([batch_size, sequence_length]))
    loss = tf.reduce_mean(sequence_loss)
    train = tf.train.AdamOptimizer(learning_rate=0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ls = [float(sess.run([loss, train], feed_dict={X: dataX, Y: dataY})[0]) for _ in range(5)]
    out["softmax_only"] = ls
""",
    "hk_rnn_stock_prediction": r"""
tf.set_random_seed(777)
def MinMaxScaler(data):
    numerator = data - np.min(data, 0)
    denominator = np.max(data, 0) - np.min(data, 0)
    return numerator / (denominator + 1e-7)
seq_length = 4
data_dim = 5
hidden_dim = 6
output_dim = 1
rng = np.random.RandomState(4)
xy = np.cumsum(rng.randn(30, 5), 0) + 100.
xy = xy[::-1]
train_size = int(len(xy) * 0.7)
train_set = xy[0:train_size]
test_set = xy[train_size - seq_length:]
train_set = MinMaxScaler(train_set)
test_set = MinMaxScaler(test_set)
def build_dataset(time_series, seq_length):
    dataX = []
    dataY = []
    for i in range(0, len(time_series) - seq_length):
        _x = time_series[i:i + seq_length, :]
        _y = time_series[i + seq_length, [-1]]
        dataX.append(_x)
        dataY.append(_y)
    return np.array(dataX), np.array(dataY)
trainX, trainY = build_dataset(train_set, seq_length)
testX, testY = build_dataset(test_set, seq_length)
X = tf.placeholder(tf.float32, [None, seq_length, data_dim])
Y = tf.placeholder(tf.float32, [None, 1])
cell = contrib.rnn.BasicLSTMCell(num_units=hidden_dim, state_is_tuple=True, activation=tf.tanh)
outputs, _states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
Y_pred = contrib.layers.fully_connected(outputs[:, -1], output_dim, activation_fn=None)
loss = tf.reduce_sum(tf.square(Y_pred - Y))
train = tf.train.AdamOptimizer(0.01).minimize(loss)
targets = tf.placeholder(tf.float32, [None, 1])
predictions = tf.placeholder(tf.float32, [None, 1])
rmse = tf.sqrt(tf.reduce_mean(tf.square(targets - predictions)))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = []
    for i in range(40):
        _, step_loss = sess.run([train, loss], feed_dict={X: trainX, Y: trainY})
        if i % 10 == 0:
            losses.append("[step: {}] loss: {}".format(i, round(float(step_loss), 3)))
            losses.append(float(step_loss))
    test_predict = sess.run(Y_pred, feed_dict={X: testX})
    rmse_val = sess.run(rmse, feed_dict={targets: testY, predictions: test_predict})
out["losses"] = losses
out["rmse"] = float(rmse_val)
out["test_predict"] = L(test_predict[:, 0])
out["fed_float64"] = [trainX.dtype.name, str(outputs[:, -1].shape), str(Y_pred.shape)]
""",
    "hk_scope_tensorboard_save_restore": r"""
tf.set_random_seed(777)
x_train, y_train = mnist(20, seed=5)
d = tempfile.mkdtemp()
CHECK_POINT_DIR = TB_SUMMARY_DIR = os.path.join(d, 'tb', 'mnist')
X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])
x_image = tf.reshape(X, [-1, 28, 28, 1])
tf.summary.image('input', x_image, 3)
keep_prob = tf.placeholder(tf.float32)
with tf.variable_scope('layer1') as scope:
    W1 = tf.get_variable("W", shape=[784, 16], initializer=contrib.layers.xavier_initializer())
    b1 = tf.Variable(tf.random_normal([16]))
    L1 = tf.nn.relu(tf.matmul(X, W1) + b1)
    L1 = tf.nn.dropout(L1, keep_prob=keep_prob)
    tf.summary.histogram("X", X)
    tf.summary.histogram("weights", W1)
    tf.summary.histogram("bias", b1)
    tf.summary.histogram("layer", L1)
with tf.variable_scope('layer2') as scope:
    W2 = tf.get_variable("W", shape=[16, 10], initializer=contrib.layers.xavier_initializer())
    b2 = tf.Variable(tf.random_normal([10]))
    hypothesis = tf.matmul(L1, W2) + b2
    tf.summary.histogram("hypothesis", hypothesis)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=hypothesis, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=0.001).minimize(cost)
tf.summary.scalar("loss", cost)
last_epoch = tf.Variable(0, name='last_epoch')
summary = tf.summary.merge_all()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
writer = tf.summary.FileWriter(TB_SUMMARY_DIR)
writer.add_graph(sess.graph)
global_step = 0
saver = tf.train.Saver()
checkpoint = tf.train.get_checkpoint_state(CHECK_POINT_DIR)
out["no_checkpoint"] = checkpoint is None
start_from = sess.run(last_epoch)
for epoch in range(start_from, 2):
    for i in range(2):
        s, _ = sess.run([summary, optimizer],
                        feed_dict={X: x_train[i*10:(i+1)*10], Y: y_train[i*10:(i+1)*10],
                                   keep_prob: 1.0})
        writer.add_summary(s, global_step=global_step)
        global_step += 1
    sess.run(last_epoch.assign(epoch + 1))
    saver.save(sess, CHECK_POINT_DIR + "/model", global_step=epoch)
writer.close()
w_trained = sess.run(W2)
sess.close()
with tf.Session() as sess2:
    sess2.run(tf.global_variables_initializer())
    checkpoint = tf.train.get_checkpoint_state(CHECK_POINT_DIR)
    saver.restore(sess2, checkpoint.model_checkpoint_path)
    out["restored"] = [os.path.basename(checkpoint.model_checkpoint_path),
                       [os.path.basename(p) for p in checkpoint.all_model_checkpoint_paths],
                       int(sess2.run(last_epoch)), bool(np.array_equal(sess2.run(W2), w_trained))]
    correct_prediction = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    out["acc"] = float(sess2.run(accuracy, feed_dict={X: x_train, Y: y_train, keep_prob: 1}))
tags = set()
for f in os.listdir(TB_SUMMARY_DIR):
    if f.startswith('events'):
        for e in tf.train.summary_iterator(os.path.join(TB_SUMMARY_DIR, f)):
            for v in e.summary.value:
                tags.add(v.tag)
out["tags"] = sorted(tags)
out["names"] = [W1.name, b1.name, W2.name, last_epoch.name]
# graphgate writes its own data files (docs/engine.md): the state file and meta graphs
out["files"] = sorted(f for f in os.listdir(CHECK_POINT_DIR)
                      if f == 'checkpoint' or f.endswith('.meta'))
""",
}


MORVAN = {
    "mz_session_placeholder_variable_activation": r"""
matrix1 = tf.constant([[3, 3]])
matrix2 = tf.constant([[2], [2]])
product = tf.matmul(matrix1, matrix2)
sess = tf.Session()
result = sess.run(product)
sess.close()
with tf.Session() as sess:
    result2 = sess.run(product)
out["product"] = [L(result), result.dtype.name, L(result2)]
x1 = tf.placeholder(dtype=tf.float32, shape=None)
y1 = tf.placeholder(dtype=tf.float32, shape=None)
z1 = x1 + y1
x2 = tf.placeholder(dtype=tf.float32, shape=[2, 1])
y2 = tf.placeholder(dtype=tf.float32, shape=[1, 2])
z2 = tf.matmul(x2, y2)
with tf.Session() as sess:
    z1_value = sess.run(z1, feed_dict={x1: 1, y1: 2})
    z1_value, z2_value = sess.run([z1, z2], feed_dict={x1: 1, y1: 2, x2: [[2], [2]], y2: [[3, 3]]})
    out["fed"] = [float(z1_value), L(z2_value), str(z1.shape), str(z2.shape)]
    out["bad_shape"] = raises(lambda: sess.run(z2, feed_dict={x2: [[2, 2]], y2: [[3, 3]]}))
var = tf.Variable(0)
add_operation = tf.add(var, 1)
update_operation = tf.assign(var, add_operation)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    vals = []
    for _ in range(3):
        sess.run(update_operation)
        vals.append(int(sess.run(var)))
    out["counter"] = vals
x = np.linspace(-5, 5, 11)
y_relu = tf.nn.relu(x)
y_sigmoid = tf.nn.sigmoid(x)
y_tanh = tf.nn.tanh(x)
y_softplus = tf.nn.softplus(x)
sess = tf.Session()
vals = sess.run([y_relu, y_sigmoid, y_tanh, y_softplus])
out["activations"] = [L(v) for v in vals]
out["act_dtypes"] = [v.dtype.name for v in vals] + [y_relu.name, y_softplus.name]
out["uninit"] = raises(lambda: tf.Session().run(tf.Variable(1.0) * 2))
""",
    "mz_regression_classification_metrics": r"""
tf.set_random_seed(1)
np.random.seed(1)
x = np.linspace(-1, 1, 40)[:, np.newaxis]
noise = np.random.normal(0, 0.1, size=x.shape)
y = np.power(x, 2) + noise
tf_x = tf.placeholder(tf.float32, x.shape)
tf_y = tf.placeholder(tf.float32, y.shape)
l1 = tf.layers.dense(tf_x, 10, tf.nn.relu)
output = tf.layers.dense(l1, 1)
loss = tf.losses.mean_squared_error(tf_y, output)
train_op = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
losses = []
for step in range(30):
    _, l, pred = sess.run([train_op, loss, output], {tf_x: x, tf_y: y})
    if step % 10 == 0:
        losses.append(float(l))
out["regression"] = losses
out["reg_names"] = [l1.name, output.name, loss.name, loss.op.type,
                    [v.name for v in tf.get_collection(tf.GraphKeys.LOSSES)]]
n_data = np.ones((20, 2))
x0 = np.random.normal(2 * n_data, 1)
y0 = np.zeros(20)
x1 = np.random.normal(-2 * n_data, 1)
y1 = np.ones(20)
x = np.vstack((x0, x1))
y = np.hstack((y0, y1))
tf_x = tf.placeholder(tf.float32, x.shape)
tf_y = tf.placeholder(tf.int32, y.shape)
l1 = tf.layers.dense(tf_x, 10, tf.nn.relu)
output = tf.layers.dense(l1, 2)
loss = tf.losses.sparse_softmax_cross_entropy(labels=tf_y, logits=output)
accuracy = tf.metrics.accuracy(labels=tf.squeeze(tf_y), predictions=tf.argmax(output, axis=1),)[1]
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.05)
train_op = optimizer.minimize(loss)
init_op = tf.group(tf.global_variables_initializer(), tf.local_variables_initializer())
sess.run(init_op)
accs = []
for step in range(12):
    _, acc, pred = sess.run([train_op, accuracy, output], {tf_x: x, tf_y: y})
    if step % 4 == 0:
        accs.append(float(acc))
out["accs"] = accs
out["local"] = [v.name for v in tf.local_variables()]
out["fed_float_to_int"] = y.dtype.name
""",
    "mz_save_reload_and_optimizers": r"""
tf.set_random_seed(1)
np.random.seed(1)
x = np.linspace(-1, 1, 30)[:, np.newaxis]
noise = np.random.normal(0, 0.1, size=x.shape)
y = np.power(x, 2) + noise
d = tempfile.mkdtemp()
def save():
    tf_x = tf.placeholder(tf.float32, x.shape)
    tf_y = tf.placeholder(tf.float32, y.shape)
    l = tf.layers.dense(tf_x, 10, tf.nn.relu)
    o = tf.layers.dense(l, 1)
    loss = tf.losses.mean_squared_error(tf_y, o)
    train_op = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver()
    for step in range(20):
        sess.run(train_op, {tf_x: x, tf_y: y})
    saver.save(sess, d + '/params', write_meta_graph=False)
    pred, l = sess.run([o, loss], {tf_x: x, tf_y: y})
    return L(pred[:3]), float(l)
def reload():
    tf_x = tf.placeholder(tf.float32, x.shape)
    tf_y = tf.placeholder(tf.float32, y.shape)
    l_ = tf.layers.dense(tf_x, 10, tf.nn.relu)
    o_ = tf.layers.dense(l_, 1)
    loss_ = tf.losses.mean_squared_error(tf_y, o_)
    sess = tf.Session()
    saver = tf.train.Saver()
    saver.restore(sess, d + '/params')
    pred, l = sess.run([o_, loss_], {tf_x: x, tf_y: y})
    return L(pred[:3]), float(l)
out["saved"] = save()
with tf.Graph().as_default():
    out["reloaded"] = reload()
    out["files"] = sorted(f for f in os.listdir(d) if not f.startswith('params.'))
    # 304: four optimizers, each its own network in one graph
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        LR = 0.01
        BATCH_SIZE = 8
        class Net:
            def __init__(self, opt, **kwargs):
                self.x = tf.placeholder(tf.float32, [None, 1])
                self.y = tf.placeholder(tf.float32, [None, 1])
                l = tf.layers.dense(self.x, 20, tf.nn.relu)
                out = tf.layers.dense(l, 1)
                self.loss = tf.losses.mean_squared_error(self.y, out)
                self.train = opt(LR, **kwargs).minimize(self.loss)
        net_SGD = Net(tf.train.GradientDescentOptimizer)
        net_Momentum = Net(tf.train.MomentumOptimizer, momentum=0.9)
        net_RMSprop = Net(tf.train.RMSPropOptimizer)
        net_Adam = Net(tf.train.AdamOptimizer)
        nets = [net_SGD, net_Momentum, net_RMSprop, net_Adam]
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        losses_his = [[], [], [], []]
        for step in range(12):
            index = np.random.randint(0, x.shape[0], BATCH_SIZE)
            b_x = x[index]
            b_y = y[index]
            for net, l_his in zip(nets, losses_his):
                _, l = sess.run([net.train, net.loss], {net.x: b_x, net.y: b_y})
                l_his.append(float(l))
        out["losses_his"] = [h[::3] for h in losses_his]
        out["slots"] = sorted(v.name for v in tf.global_variables() if 'dense' not in v.name[:6])
""",
    "mz_dataset_feed_iterator_outputs": r"""
tf.set_random_seed(1)
rng = np.random.RandomState(1)
npx = rng.uniform(-1, 1, (50, 1))
npy = np.power(npx, 2) + rng.normal(0, 0.1, size=npx.shape)
npx_train, npx_test = np.split(npx, [40])
npy_train, npy_test = np.split(npy, [40])
tfx = tf.placeholder(npx_train.dtype, npx_train.shape)
tfy = tf.placeholder(npy_train.dtype, npy_train.shape)
dataset = tf.data.Dataset.from_tensor_slices((tfx, tfy))
dataset = dataset.batch(16)
dataset = dataset.repeat(2)
iterator = dataset.make_initializable_iterator()
bx, by = iterator.get_next()
l1 = tf.layers.dense(bx, 10, tf.nn.relu)
out_ = tf.layers.dense(l1, npy.shape[1])
loss = tf.losses.mean_squared_error(by, out_)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
sess.run([iterator.initializer, tf.global_variables_initializer()],
         feed_dict={tfx: npx_train, tfy: npy_train})
log = []
for step in range(201):
    try:
        _, trainl = sess.run([train, loss])
        if step % 2 == 0:
            testl = sess.run(loss, {bx: npx_test, by: npy_test})
            log.append([step, float(trainl), float(testl)])
    except tf.errors.OutOfRangeError:
        log.append(["stopped", step])
        break
out["log"] = log
out["shapes"] = [str(bx.shape), bx.dtype.name, str(out_.shape), out_.dtype.name]
out["kernel_dtype"] = [v.dtype.base_dtype.name for v in tf.trainable_variables()]
""",
    "mz_cnn_layers_metrics_accuracy": r"""
tf.set_random_seed(1)
np.random.seed(1)
BATCH_SIZE = 8
LR = 0.001
x_train, y_train = mnist(32, seed=6)
test_x, test_y = x_train[:16], y_train[:16]
tf_x = tf.placeholder(tf.float32, [None, 28*28]) / 255.
image = tf.reshape(tf_x, [-1, 28, 28, 1])
tf_y = tf.placeholder(tf.int32, [None, 10])
conv1 = tf.layers.conv2d(inputs=image, filters=4, kernel_size=5, strides=1, padding='same',
                         activation=tf.nn.relu)
pool1 = tf.layers.max_pooling2d(conv1, pool_size=2, strides=2)
conv2 = tf.layers.conv2d(pool1, 8, 5, 1, 'same', activation=tf.nn.relu)
pool2 = tf.layers.max_pooling2d(conv2, 2, 2)
flat = tf.reshape(pool2, [-1, 7*7*8])
output = tf.layers.dense(flat, 10)
loss = tf.losses.softmax_cross_entropy(onehot_labels=tf_y, logits=output)
train_op = tf.train.AdamOptimizer(LR).minimize(loss)
accuracy = tf.metrics.accuracy(labels=tf.argmax(tf_y, axis=1), predictions=tf.argmax(output, axis=1),)[1]
sess = tf.Session()
init_op = tf.group(tf.global_variables_initializer(), tf.local_variables_initializer())
sess.run(init_op)
log = []
for step in range(4):
    b_x, b_y = x_train[step*8:(step+1)*8], y_train[step*8:(step+1)*8]
    _, loss_ = sess.run([train_op, loss], {tf_x: b_x, tf_y: b_y})
    if step % 2 == 0:
        accuracy_, flat_representation = sess.run([accuracy, flat], {tf_x: test_x, tf_y: test_y})
        log.append(['Step:', step, '| train loss: %.4f' % loss_, float(loss_), float(accuracy_),
                    list(flat_representation.shape)])
out["log"] = log
test_output = sess.run(output, {tf_x: test_x[:10]})
pred_y = np.argmax(test_output, 1)
out["pred"] = L(pred_y)
out["shapes"] = [str(t.shape) for t in (tf_x, image, conv1, pool1, conv2, pool2, output)]
out["names"] = [tf_x.name, conv1.name, pool1.name, loss.name, accuracy.name]
""",
    "mz_rnn_classification_and_state_feed": r"""
tf.set_random_seed(1)
x_train, y_train = mnist(16, seed=7)
TIME_STEP = 28
INPUT_SIZE = 28
tf_x = tf.placeholder(tf.float32, [None, TIME_STEP * INPUT_SIZE])
image = tf.reshape(tf_x, [-1, TIME_STEP, INPUT_SIZE])
tf_y = tf.placeholder(tf.int32, [None, 10])
rnn_cell = tf.nn.rnn_cell.LSTMCell(num_units=8)
outputs, (h_c, h_n) = tf.nn.dynamic_rnn(rnn_cell, image, initial_state=None, dtype=tf.float32,
                                        time_major=False)
output = tf.layers.dense(outputs[:, -1, :], 10)
loss = tf.losses.softmax_cross_entropy(onehot_labels=tf_y, logits=output)
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
accuracy = tf.metrics.accuracy(labels=tf.argmax(tf_y, axis=1), predictions=tf.argmax(output, axis=1),)[1]
sess = tf.Session()
init_op = tf.group(tf.global_variables_initializer(), tf.local_variables_initializer())
sess.run(init_op)
log = []
for step in range(3):
    _, loss_ = sess.run([train_op, loss], {tf_x: x_train[:8], tf_y: y_train[:8]})
    accuracy_ = sess.run(accuracy, {tf_x: x_train[8:], tf_y: y_train[8:]})
    log.append([float(loss_), float(accuracy_)])
out["classify"] = log
out["cls_shapes"] = [str(h_c.shape), str(h_n.shape), [v.name for v in tf.trainable_variables()][:2]]
# 403: the cell's final state fed back as its initial state, an LSTMStateTuple as a feed key
with tf.Graph().as_default():
    tf.set_random_seed(1)
    TIME_STEP = 5
    INPUT_SIZE = 1
    CELL_SIZE = 6
    tf_x = tf.placeholder(tf.float32, [None, TIME_STEP, INPUT_SIZE])
    tf_y = tf.placeholder(tf.float32, [None, TIME_STEP, INPUT_SIZE])
    rnn_cell = tf.nn.rnn_cell.LSTMCell(num_units=CELL_SIZE)
    init_s = rnn_cell.zero_state(batch_size=1, dtype=tf.float32)
    outputs, final_s = tf.nn.dynamic_rnn(rnn_cell, tf_x, initial_state=init_s, time_major=False)
    outs2D = tf.reshape(outputs, [-1, CELL_SIZE])
    net_outs2D = tf.layers.dense(outs2D, INPUT_SIZE)
    outs = tf.reshape(net_outs2D, [-1, TIME_STEP, INPUT_SIZE])
    loss = tf.losses.mean_squared_error(labels=tf_y, predictions=outs)
    train_op = tf.train.AdamOptimizer(0.02).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    log = []
    final_s_ = None
    for step in range(6):
        start, end = step * np.pi, (step + 1) * np.pi
        steps = np.linspace(start, end, TIME_STEP)
        x = np.sin(steps)[np.newaxis, :, np.newaxis]
        y = np.cos(steps)[np.newaxis, :, np.newaxis]
        if final_s_ is None:
            feed_dict = {tf_x: x, tf_y: y}
        else:
            feed_dict = {tf_x: x, tf_y: y, init_s: final_s_}
        _, pred_, final_s_ = sess.run([train_op, outs, final_s], feed_dict)
        log.append([L(pred_.flatten()), type(final_s_).__name__])
    out["regress"] = log
    out["final_c"] = L(final_s_.c)
""",
    "mz_autoencoder_and_gan": r"""
tf.set_random_seed(1)
x_train, _ = mnist(16, seed=8)
tf_x = tf.placeholder(tf.float32, [None, 28*28])
en0 = tf.layers.dense(tf_x, 32, tf.nn.tanh)
en1 = tf.layers.dense(en0, 8, tf.nn.tanh)
encoded = tf.layers.dense(en1, 3)
de0 = tf.layers.dense(encoded, 8, tf.nn.tanh)
de1 = tf.layers.dense(de0, 32, tf.nn.tanh)
decoded = tf.layers.dense(de1, 28*28, tf.nn.sigmoid)
loss = tf.losses.mean_squared_error(labels=tf_x, predictions=decoded)
train = tf.train.AdamOptimizer(0.002).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
losses = []
for step in range(6):
    _, encoded_, decoded_, loss_ = sess.run([train, encoded, decoded, loss], {tf_x: x_train})
    losses.append(float(loss_))
out["ae"] = losses
out["encoded"] = R(sess.run(encoded, {tf_x: x_train[:2]}), 4)
# 406: GAN with variable scopes, trainable collections per scope, and a log(1 - prob) loss
with tf.Graph().as_default():
    tf.set_random_seed(1)
    np.random.seed(1)
    BATCH_SIZE = 8
    N_IDEAS = 5
    ART_COMPONENTS = 10
    PAINT_POINTS = np.vstack([np.linspace(-1, 1, ART_COMPONENTS) for _ in range(BATCH_SIZE)])
    def artist_works():
        a = np.random.uniform(1, 2, size=BATCH_SIZE)[:, np.newaxis]
        paintings = a * np.power(PAINT_POINTS, 2) + (a-1)
        return paintings
    with tf.variable_scope('Generator'):
        G_in = tf.placeholder(tf.float32, [None, N_IDEAS])
        G_l1 = tf.layers.dense(G_in, 16, tf.nn.relu)
        G_out = tf.layers.dense(G_l1, ART_COMPONENTS)
    with tf.variable_scope('Discriminator'):
        real_art = tf.placeholder(tf.float32, [None, ART_COMPONENTS], name='real_in')
        D_l0 = tf.layers.dense(real_art, 16, tf.nn.relu, name='l')
        prob_artist0 = tf.layers.dense(D_l0, 1, tf.nn.sigmoid, name='out')
        D_l1 = tf.layers.dense(G_out, 16, tf.nn.relu, name='l', reuse=True)
        prob_artist1 = tf.layers.dense(D_l1, 1, tf.nn.sigmoid, name='out', reuse=True)
    D_loss = -tf.reduce_mean(tf.log(prob_artist0) + tf.log(1-prob_artist1))
    G_loss = tf.reduce_mean(tf.log(1-prob_artist1))
    train_D = tf.train.AdamOptimizer(0.0001).minimize(
        D_loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='Discriminator'))
    train_G = tf.train.AdamOptimizer(0.0001).minimize(
        G_loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='Generator'))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    log = []
    for step in range(5):
        artist_paintings = artist_works()
        G_ideas = np.random.randn(BATCH_SIZE, N_IDEAS)
        pa0, Dl = sess.run([prob_artist0, D_loss], {G_in: G_ideas, real_art: artist_paintings})
        sess.run(train_D, {G_in: G_ideas, real_art: artist_paintings})
        sess.run(train_G, {G_in: G_ideas})
        log.append([float(pa0.mean()), float(Dl)])
    out["gan"] = log
    out["gan_vars"] = [v.name for v in tf.trainable_variables()]
    out["real_in"] = [real_art.name, prob_artist1.name]
""",
    "mz_dqn_target_replace": r"""
tf.set_random_seed(1)
rng = np.random.RandomState(1)
BATCH_SIZE = 8
LR = 0.01
GAMMA = 0.9
N_ACTIONS = 2
N_STATES = 4
tf_s = tf.placeholder(tf.float32, [None, N_STATES])
tf_a = tf.placeholder(tf.int32, [None, ])
tf_r = tf.placeholder(tf.float32, [None, ])
tf_s_ = tf.placeholder(tf.float32, [None, N_STATES])
with tf.variable_scope('q'):
    l_eval = tf.layers.dense(tf_s, 10, tf.nn.relu, kernel_initializer=tf.random_normal_initializer(0, 0.1))
    q = tf.layers.dense(l_eval, N_ACTIONS, kernel_initializer=tf.random_normal_initializer(0, 0.1))
with tf.variable_scope('q_next'):
    l_target = tf.layers.dense(tf_s_, 10, tf.nn.relu, trainable=False)
    q_next = tf.layers.dense(l_target, N_ACTIONS, trainable=False)
q_target = tf_r + GAMMA * tf.reduce_max(q_next, axis=1)
a_indices = tf.stack([tf.range(tf.shape(tf_a)[0], dtype=tf.int32), tf_a], axis=1)
q_wrt_a = tf.gather_nd(params=q, indices=a_indices)
loss = tf.reduce_mean(tf.squared_difference(q_target, q_wrt_a))
train_op = tf.train.AdamOptimizer(LR).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
MEMORY = np.hstack([rng.randn(40, N_STATES), rng.randint(0, 2, (40, 1)), rng.rand(40, 1),
                    rng.randn(40, N_STATES)])
log = []
for step in range(6):
    if step % 3 == 0:
        t_params = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='q_next')
        e_params = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='q')
        sess.run([tf.assign(t, e) for t, e in zip(t_params, e_params)])
    b_memory = MEMORY[rng.choice(40, BATCH_SIZE), :]
    b_s = b_memory[:, :N_STATES]
    b_a = b_memory[:, N_STATES].astype(int)
    b_r = b_memory[:, N_STATES+1]
    b_s_ = b_memory[:, -N_STATES:]
    _, l = sess.run([train_op, loss], {tf_s: b_s, tf_a: b_a, tf_r: b_r, tf_s_: b_s_})
    log.append(float(l))
out["losses"] = log
actions_value = sess.run(q, feed_dict={tf_s: MEMORY[:3, :N_STATES]})
out["actions"] = [L(actions_value), int(np.argmax(actions_value[0]))]
out["scopes"] = [[v.name for v in tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='q')],
                 [v.name for v in tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='q_next')]]
out["shapes"] = [str(q_target.shape), str(a_indices.shape), str(q_wrt_a.shape)]
""",
    "mz_dropout_and_batch_norm": r"""
tf.set_random_seed(1)
np.random.seed(1)
N_SAMPLES = 20
x = np.linspace(-1, 1, N_SAMPLES)[:, np.newaxis]
y = x + 0.3*np.random.randn(N_SAMPLES)[:, np.newaxis]
tf_x = tf.placeholder(tf.float32, [None, 1])
tf_y = tf.placeholder(tf.float32, [None, 1])
tf_is_training = tf.placeholder(tf.bool, None)
o1 = tf.layers.dense(tf_x, 30, tf.nn.relu)
o2 = tf.layers.dense(o1, 30, tf.nn.relu)
o_out = tf.layers.dense(o2, 1)
o_loss = tf.losses.mean_squared_error(tf_y, o_out)
o_train = tf.train.AdamOptimizer(0.01).minimize(o_loss)
d1 = tf.layers.dense(tf_x, 30, tf.nn.relu)
d1 = tf.layers.dropout(d1, rate=0.5, training=tf_is_training)
d2 = tf.layers.dense(d1, 30, tf.nn.relu)
d2 = tf.layers.dropout(d2, rate=0.5, training=tf_is_training)
d_out = tf.layers.dense(d2, 1)
d_loss = tf.losses.mean_squared_error(tf_y, d_out)
d_train = tf.train.AdamOptimizer(0.01).minimize(d_loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
log = []
for t in range(10):
    sess.run(o_train, {tf_x: x, tf_y: y, tf_is_training: True})
    sess.run(d_train, {tf_x: x, tf_y: y, tf_is_training: True})
    if t % 3 == 0:
        o_loss_, d_loss_ = sess.run([o_loss, d_loss], {tf_x: x, tf_y: y, tf_is_training: False})
        log.append([float(o_loss_), float(d_loss_)])
out["dropout"] = log
# 502: a net with and without batch norm, momentum 0.4, UPDATE_OPS gathered per net
with tf.Graph().as_default():
    tf.set_random_seed(1)
    N_HIDDEN = 3
    B_INIT = tf.constant_initializer(-0.2)
    xs = np.linspace(-7, 10, 40)[:, np.newaxis]
    np.random.shuffle(xs)
    ys = np.square(xs) - 5 + np.random.normal(0, 2, xs.shape)
    tf_x = tf.placeholder(tf.float32, [None, 1])
    tf_y = tf.placeholder(tf.float32, [None, 1])
    tf_is_train = tf.placeholder(tf.bool, None)
    class NN(object):
        def __init__(self, batch_normalization=False):
            self.is_bn = batch_normalization
            self.w_init = tf.random_normal_initializer(0., .1)
            self.pre_activation = [tf_x]
            if self.is_bn:
                self.layer_input = [tf.layers.batch_normalization(tf_x, training=tf_is_train)]
            else:
                self.layer_input = [tf_x]
            for i in range(N_HIDDEN):
                self.layer_input.append(self.add_layer(self.layer_input[-1], 10, ac=tf.nn.tanh))
            self.out = tf.layers.dense(self.layer_input[-1], 1, kernel_initializer=self.w_init,
                                       bias_initializer=B_INIT)
            self.loss = tf.losses.mean_squared_error(tf_y, self.out)
            update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
            self.n_updates = len(update_ops)
            with tf.control_dependencies(update_ops):
                self.train = tf.train.AdamOptimizer(0.03).minimize(self.loss)
        def add_layer(self, x, out_size, ac=None):
            x = tf.layers.dense(x, out_size, kernel_initializer=self.w_init, bias_initializer=B_INIT)
            self.pre_activation.append(x)
            if self.is_bn:
                x = tf.layers.batch_normalization(x, momentum=0.4, training=tf_is_train)
            out = x if ac is None else ac(x)
            return out
    nets = [NN(batch_normalization=False), NN(batch_normalization=True)]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    losses = [[], []]
    for step in range(4):
        b_x, b_y = xs[step*10:(step+1)*10], ys[step*10:(step+1)*10]
        sess.run([nets[0].train], {tf_x: b_x, tf_y: b_y, tf_is_train: True})
        sess.run([nets[1].train], {tf_x: b_x, tf_y: b_y, tf_is_train: True})
        l0, l1 = sess.run([nets[0].loss, nets[1].loss], {tf_x: xs, tf_y: ys, tf_is_train: False})
        losses[0].append(float(l0)); losses[1].append(float(l1))
    # A dense layer's bias right before batch norm gets a gradient of rounding noise, which
    # Adam scales to learning-rate steps: the BN net's losses and moving means are each
    # implementation's own noise, so only the plain net's losses are compared.
    out["plain_losses"] = losses[0]
    out["bn_losses_finite"] = bool(np.isfinite(losses[1]).all())
    out["n_updates"] = [n.n_updates for n in nets]
    mv = [v for v in tf.global_variables() if 'moving_mean' in v.name]
    out["moving"] = [v.name for v in mv]
""",
    "mz_conditional_gan_and_gradient_descent_viz": r"""
tf.set_random_seed(1)
np.random.seed(1)
BATCH_SIZE = 6
N_IDEAS = 3
ART_COMPONENTS = 8
PAINT_POINTS = np.vstack([np.linspace(-1, 1, ART_COMPONENTS) for _ in range(BATCH_SIZE)])
def artist_works():
    a = np.random.uniform(1, 2, size=BATCH_SIZE)[:, np.newaxis]
    paintings = a * np.power(PAINT_POINTS, 2) + (a - 1)
    labels = (a - 1) > 0.5
    labels = labels.astype(np.float32)
    return paintings, labels
art_labels = tf.placeholder(tf.float32, [None, 1])
with tf.variable_scope('Generator'):
    G_in = tf.placeholder(tf.float32, [None, N_IDEAS])
    G_art = tf.concat((G_in, art_labels), 1)
    G_l1 = tf.layers.dense(G_art, 12, tf.nn.relu)
    G_out = tf.layers.dense(G_l1, ART_COMPONENTS)
with tf.variable_scope('Discriminator'):
    real_in = tf.placeholder(tf.float32, [None, ART_COMPONENTS], name='real_in')
    real_art = tf.concat((real_in, art_labels), 1)
    D_l0 = tf.layers.dense(real_art, 12, tf.nn.relu, name='l')
    prob_artist0 = tf.layers.dense(D_l0, 1, tf.nn.sigmoid, name='out')
    G_art = tf.concat((G_out, art_labels), 1)
    D_l1 = tf.layers.dense(G_art, 12, tf.nn.relu, name='l', reuse=True)
    prob_artist1 = tf.layers.dense(D_l1, 1, tf.nn.sigmoid, name='out', reuse=True)
D_loss = -tf.reduce_mean(tf.log(prob_artist0) + tf.log(1-prob_artist1))
G_loss = tf.reduce_mean(tf.log(1-prob_artist1))
train_D = tf.train.AdamOptimizer(0.0001).minimize(
    D_loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='Discriminator'))
train_G = tf.train.AdamOptimizer(0.0001).minimize(
    G_loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='Generator'))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
log = []
for step in range(4):
    artist_paintings, labels = artist_works()
    G_ideas = np.random.randn(BATCH_SIZE, N_IDEAS)
    G_paintings, pa0, Dl = sess.run([G_out, prob_artist0, D_loss],
                                    {G_in: G_ideas, real_in: artist_paintings, art_labels: labels})
    sess.run(train_D, {G_in: G_ideas, real_in: artist_paintings, art_labels: labels})
    sess.run(train_G, {G_in: G_ideas, art_labels: labels})
    log.append([float(pa0.mean()), float(Dl), L(G_paintings[0, :3])])
out["cgan"] = log
plot_ideas = np.random.randn(1, N_IDEAS)
out["conditioned"] = L(sess.run(G_out, {G_in: plot_ideas, art_labels: np.array([[1.]])}))
# 503: gradient descent on a function's parameters, recorded step by step
with tf.Graph().as_default():
    LR = .1
    REAL_PARAMS = [1.2, 2.5]
    INIT_PARAMS = [[5, 4], [5, 1], [2, 4.5]][2]
    x = np.linspace(-1, 1, 20, dtype=np.float32)
    y_fun = lambda a, b: np.sin(b*np.cos(a*x))
    tf_y_fun = lambda a, b: tf.sin(b*tf.cos(a*x))
    noise = np.random.randn(20)/10
    y = y_fun(*REAL_PARAMS) + noise
    a, b = [tf.Variable(initial_value=p, dtype=tf.float32) for p in INIT_PARAMS]
    pred = tf_y_fun(a, b)
    mse = tf.reduce_mean(tf.square(y-pred))
    train_op = tf.train.GradientDescentOptimizer(LR).minimize(mse)
    a_list, b_list, cost_list = [], [], []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for t in range(30):
            a_, b_, mse_ = sess.run([a, b, mse])
            a_list.append(float(a_)); b_list.append(float(b_)); cost_list.append(float(mse_))
            result, _ = sess.run([pred, train_op])
    out["viz"] = [a_list[::6], b_list[::6], cost_list[::6]]
    out["dtypes"] = [pred.dtype.name, mse.dtype.name, y.dtype.name]
""",
}
DENNY = {
    "db_text_cnn_train_step": r"""
class TextCNN(object):
    def __init__(self, sequence_length, num_classes, vocab_size, embedding_size, filter_sizes,
                 num_filters, l2_reg_lambda=0.0):
        self.input_x = tf.placeholder(tf.int32, [None, sequence_length], name="input_x")
        self.input_y = tf.placeholder(tf.float32, [None, num_classes], name="input_y")
        self.dropout_keep_prob = tf.placeholder(tf.float32, name="dropout_keep_prob")
        l2_loss = tf.constant(0.0)
        with tf.device('/cpu:0'), tf.name_scope("embedding"):
            self.W = tf.Variable(tf.random_uniform([vocab_size, embedding_size], -1.0, 1.0), name="W")
            self.embedded_chars = tf.nn.embedding_lookup(self.W, self.input_x)
            self.embedded_chars_expanded = tf.expand_dims(self.embedded_chars, -1)
        pooled_outputs = []
        for i, filter_size in enumerate(filter_sizes):
            with tf.name_scope("conv-maxpool-%s" % filter_size):
                filter_shape = [filter_size, embedding_size, 1, num_filters]
                W = tf.Variable(tf.truncated_normal(filter_shape, stddev=0.1), name="W")
                b = tf.Variable(tf.constant(0.1, shape=[num_filters]), name="b")
                conv = tf.nn.conv2d(self.embedded_chars_expanded, W, strides=[1, 1, 1, 1],
                                    padding="VALID", name="conv")
                h = tf.nn.relu(tf.nn.bias_add(conv, b), name="relu")
                pooled = tf.nn.max_pool(h, ksize=[1, sequence_length - filter_size + 1, 1, 1],
                                        strides=[1, 1, 1, 1], padding='VALID', name="pool")
                pooled_outputs.append(pooled)
        num_filters_total = num_filters * len(filter_sizes)
        self.h_pool = tf.concat(pooled_outputs, 3)
        self.h_pool_flat = tf.reshape(self.h_pool, [-1, num_filters_total])
        with tf.name_scope("dropout"):
            self.h_drop = tf.nn.dropout(self.h_pool_flat, self.dropout_keep_prob)
        with tf.name_scope("output"):
            W = tf.get_variable("W", shape=[num_filters_total, num_classes],
                                initializer=contrib.layers.xavier_initializer())
            b = tf.Variable(tf.constant(0.1, shape=[num_classes]), name="b")
            l2_loss += tf.nn.l2_loss(W)
            l2_loss += tf.nn.l2_loss(b)
            self.scores = tf.nn.xw_plus_b(self.h_drop, W, b, name="scores")
            self.predictions = tf.argmax(self.scores, 1, name="predictions")
        with tf.name_scope("loss"):
            losses = tf.nn.softmax_cross_entropy_with_logits(logits=self.scores, labels=self.input_y)
            self.loss = tf.reduce_mean(losses) + l2_reg_lambda * l2_loss
        with tf.name_scope("accuracy"):
            correct_predictions = tf.equal(self.predictions, tf.argmax(self.input_y, 1))
            self.accuracy = tf.reduce_mean(tf.cast(correct_predictions, "float"), name="accuracy")
rng = np.random.RandomState(0)
x_train = rng.randint(0, 20, size=(12, 7))
y_train = np.eye(2)[(x_train[:, 0] > 9).astype(int)]
with tf.Graph().as_default():
    tf.set_random_seed(10)
    session_conf = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
    sess = tf.Session(config=session_conf)
    with sess.as_default():
        cnn = TextCNN(sequence_length=x_train.shape[1], num_classes=y_train.shape[1],
                      vocab_size=20, embedding_size=6, filter_sizes=[2, 3], num_filters=3,
                      l2_reg_lambda=0.1)
        global_step = tf.Variable(0, name="global_step", trainable=False)
        optimizer = tf.train.AdamOptimizer(1e-2)
        grads_and_vars = optimizer.compute_gradients(cnn.loss)
        train_op = optimizer.apply_gradients(grads_and_vars, global_step=global_step)
        grad_summaries = []
        for g, v in grads_and_vars:
            if g is not None:
                grad_hist_summary = tf.summary.histogram("{}/grad/hist".format(v.name), g)
                sparsity_summary = tf.summary.scalar("{}/grad/sparsity".format(v.name), tf.nn.zero_fraction(g))
                grad_summaries.append(grad_hist_summary)
                grad_summaries.append(sparsity_summary)
        grad_summaries_merged = tf.summary.merge(grad_summaries)
        loss_summary = tf.summary.scalar("loss", cnn.loss)
        acc_summary = tf.summary.scalar("accuracy", cnn.accuracy)
        train_summary_op = tf.summary.merge([loss_summary, acc_summary, grad_summaries_merged])
        out_dir = tempfile.mkdtemp()
        train_summary_writer = tf.summary.FileWriter(os.path.join(out_dir, "summaries", "train"), sess.graph)
        checkpoint_dir = os.path.abspath(os.path.join(out_dir, "checkpoints"))
        checkpoint_prefix = os.path.join(checkpoint_dir, "model")
        if not os.path.exists(checkpoint_dir):
            os.makedirs(checkpoint_dir)
        saver = tf.train.Saver(tf.global_variables(), max_to_keep=2)
        sess.run(tf.global_variables_initializer())
        log = []
        for _ in range(3):
            for i in range(0, 12, 4):
                feed_dict = {cnn.input_x: x_train[i:i+4], cnn.input_y: y_train[i:i+4],
                             cnn.dropout_keep_prob: 1.0}
                _, step, summaries, loss, accuracy = sess.run(
                    [train_op, global_step, train_summary_op, cnn.loss, cnn.accuracy], feed_dict)
                train_summary_writer.add_summary(summaries, step)
                current_step = tf.train.global_step(sess, global_step)
                # `step` is fetched with the train op that increments it (docs/engine.md)
                log.append([current_step, float(loss), float(accuracy)])
                if current_step % 4 == 0:
                    path = saver.save(sess, checkpoint_prefix, global_step=current_step)
        train_summary_writer.close()
        out["log"] = log
        # graphgate writes its own data files (docs/engine.md): only the state file and
        # the meta graphs are compared
        out["ckpt"] = [os.path.basename(path),
                       sorted(f for f in os.listdir(checkpoint_dir) if not f.startswith('model-')),
                       sorted(f for f in os.listdir(checkpoint_dir) if f.endswith('.meta'))]
        out["grads"] = [[v.name, str(g.shape)] for g, v in grads_and_vars]
        out["names"] = [cnn.scores.name, cnn.predictions.name, cnn.accuracy.name,
                        cnn.h_pool.name, str(cnn.h_pool.shape), str(cnn.embedded_chars_expanded.shape),
                        grad_hist_summary.name, sparsity_summary.name]
        tags = []
        sdir = os.path.join(out_dir, "summaries", "train")
        for f in sorted(os.listdir(sdir)):
            for e in tf.train.summary_iterator(os.path.join(sdir, f)):
                if e.summary.value:
                    tags.append(sorted(v.tag for v in e.summary.value))
        out["tags"] = tags[0]
        out["n_events"] = len(tags)
        # eval.py: the graph rebuilt from the checkpoint's meta graph, tensors fetched by name
        checkpoint_file = tf.train.latest_checkpoint(checkpoint_dir)
        with tf.Graph().as_default() as graph:
            sess2 = tf.Session()
            with sess2.as_default():
                saver2 = tf.train.import_meta_graph("{}.meta".format(checkpoint_file))
                saver2.restore(sess2, checkpoint_file)
                input_x = graph.get_operation_by_name("input_x").outputs[0]
                dropout_keep_prob = graph.get_operation_by_name("dropout_keep_prob").outputs[0]
                predictions = graph.get_operation_by_name("output/predictions").outputs[0]
                batch_predictions = sess2.run(predictions, {input_x: x_train, dropout_keep_prob: 1.0})
                out["eval"] = [os.path.basename(checkpoint_file), L(batch_predictions),
                               float(sum(batch_predictions == np.argmax(y_train, 1))) / len(y_train)]
""",
    "db_text_cnn_l2_and_dropout_values": r"""
tf.set_random_seed(3)
input_x = tf.placeholder(tf.int32, [None, 5], name="input_x")
dropout_keep_prob = tf.placeholder(tf.float32, name="dropout_keep_prob")
W = tf.Variable(tf.random_uniform([9, 4], -1.0, 1.0), name="W")
emb = tf.expand_dims(tf.nn.embedding_lookup(W, input_x), -1)
F = tf.Variable(tf.truncated_normal([3, 4, 1, 2], stddev=0.1), name="W")
conv = tf.nn.conv2d(emb, F, strides=[1, 1, 1, 1], padding="VALID", name="conv")
h = tf.nn.relu(tf.nn.bias_add(conv, tf.constant(0.1, shape=[2])), name="relu")
pooled = tf.nn.max_pool(h, ksize=[1, 3, 1, 1], strides=[1, 1, 1, 1], padding='VALID', name="pool")
flat = tf.reshape(pooled, [-1, 2])
drop = tf.nn.dropout(flat, dropout_keep_prob)
grads = tf.gradients(tf.reduce_sum(drop * [[1., 2.]]) + 0.5 * tf.nn.l2_loss(W), [W, F])
x = [[1, 2, 3, 4, 5], [5, 5, 0, 8, 1], [0, 0, 0, 0, 0]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["conv"] = L(sess.run(conv, {input_x: x}))
    out["pooled"] = L(sess.run(pooled, {input_x: x}))
    out["kept"] = L(sess.run(drop, {input_x: x, dropout_keep_prob: 1.0}))
    out["grads"] = [L(g) for g in sess.run(grads, {input_x: x, dropout_keep_prob: 1.0})]
    out["zero_fraction"] = float(sess.run(tf.nn.zero_fraction(h), {input_x: x}))
    out["bad_index"] = raises(lambda: sess.run(emb, {input_x: [[1, 2, 3, 4, 99]]}))
out["names"] = [W.name, F.name, conv.name, pooled.name, str(conv.shape), str(pooled.shape),
                str(drop.shape), drop.dtype.name]
""",
}

CHARRNN = {
    "cr_model_train_and_sample": r"""
tf.set_random_seed(0)
text = "hello world, hello char rnn. " * 4
chars = sorted(set(text))
vocab = {c: i for i, c in enumerate(chars)}
args = SimpleNamespace(model='lstm', rnn_size=8, num_layers=2, batch_size=2, seq_length=5,
                       vocab_size=len(chars), grad_clip=5., learning_rate=0.01, decay_rate=0.97,
                       output_keep_prob=1.0, input_keep_prob=1.0)
rnn = contrib.rnn
legacy_seq2seq = contrib.legacy_seq2seq
class Model():
    def __init__(self, args, training=True):
        self.args = args
        if not training:
            args.batch_size = 1
            args.seq_length = 1
        cell_fn = rnn.LSTMCell if args.model == 'lstm' else rnn.GRUCell
        cells = []
        for _ in range(args.num_layers):
            cell = cell_fn(args.rnn_size)
            cells.append(cell)
        self.cell = cell = rnn.MultiRNNCell(cells, state_is_tuple=True)
        self.input_data = tf.placeholder(tf.int32, [args.batch_size, args.seq_length])
        self.targets = tf.placeholder(tf.int32, [args.batch_size, args.seq_length])
        self.initial_state = cell.zero_state(args.batch_size, tf.float32)
        with tf.variable_scope('rnnlm'):
            softmax_w = tf.get_variable("softmax_w", [args.rnn_size, args.vocab_size])
            softmax_b = tf.get_variable("softmax_b", [args.vocab_size])
        embedding = tf.get_variable("embedding", [args.vocab_size, args.rnn_size])
        inputs = tf.nn.embedding_lookup(embedding, self.input_data)
        inputs = tf.split(inputs, args.seq_length, 1)
        inputs = [tf.squeeze(input_, [1]) for input_ in inputs]
        def loop(prev, _):
            prev = tf.matmul(prev, softmax_w) + softmax_b
            prev_symbol = tf.stop_gradient(tf.argmax(prev, 1))
            return tf.nn.embedding_lookup(embedding, prev_symbol)
        outputs, last_state = legacy_seq2seq.rnn_decoder(
            inputs, self.initial_state, cell, loop_function=loop if not training else None,
            scope='rnnlm')
        output = tf.reshape(tf.concat(outputs, 1), [-1, args.rnn_size])
        self.logits = tf.matmul(output, softmax_w) + softmax_b
        self.probs = tf.nn.softmax(self.logits)
        loss = legacy_seq2seq.sequence_loss_by_example(
            [self.logits], [tf.reshape(self.targets, [-1])],
            [tf.ones([args.batch_size * args.seq_length])])
        with tf.name_scope('cost'):
            self.cost = tf.reduce_sum(loss) / args.batch_size / args.seq_length
        self.final_state = last_state
        self.lr = tf.Variable(0.0, trainable=False)
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(self.cost, tvars), args.grad_clip)
        with tf.name_scope('optimizer'):
            optimizer = tf.train.AdamOptimizer(self.lr)
        self.train_op = optimizer.apply_gradients(zip(grads, tvars))
        tf.summary.histogram('logits', self.logits)
        tf.summary.histogram('loss', loss)
        tf.summary.scalar('train_loss', self.cost)
data = np.array([vocab[c] for c in text], np.int32)
n = args.batch_size * args.seq_length
xs = data[:n * 3].reshape(3, args.batch_size, args.seq_length)
ys = data[1:n * 3 + 1].reshape(3, args.batch_size, args.seq_length)
model = Model(args)
d = tempfile.mkdtemp()
with tf.Session() as sess:
    summaries = tf.summary.merge_all()
    writer = tf.summary.FileWriter(d)
    writer.add_graph(sess.graph)
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver(tf.global_variables())
    log = []
    for e in range(3):
        sess.run(tf.assign(model.lr, args.learning_rate * (args.decay_rate ** e)))
        state = sess.run(model.initial_state)
        for b in range(3):
            feed = {model.input_data: xs[b], model.targets: ys[b]}
            for i, (c, h) in enumerate(model.initial_state):
                feed[c] = state[i].c
                feed[h] = state[i].h
            summ, train_loss, state, _ = sess.run([summaries, model.cost, model.final_state,
                                                   model.train_op], feed)
            writer.add_summary(summ, e * 3 + b)
        log.append("{}/{} (epoch {}), train_loss = {:.3f}".format(e * 3 + b, 9, e, train_loss))
        log.append(float(train_loss))
    saver.save(sess, os.path.join(d, 'model.ckpt'), global_step=9)
    writer.close()
out["log"] = log
out["vars"] = [v.name for v in tf.global_variables()]
with tf.Graph().as_default():
    model = Model(args, training=False)
    with tf.Session() as sess:
        ckpt = tf.train.get_checkpoint_state(d)
        saver = tf.train.Saver(tf.global_variables())
        saver.restore(sess, ckpt.model_checkpoint_path)
        state = sess.run(model.cell.zero_state(1, tf.float32))
        prime = 'hel'
        for char in prime[:-1]:
            x = np.zeros((1, 1))
            x[0, 0] = vocab[char]
            feed = {model.input_data: x, model.initial_state: state}
            [state] = sess.run([model.final_state], feed)
        ret = prime
        char = prime[-1]
        probs_log = []
        for _ in range(6):
            x = np.zeros((1, 1))
            x[0, 0] = vocab[char]
            feed = {model.input_data: x, model.initial_state: state}
            [probs, state] = sess.run([model.probs, model.final_state], feed)
            p = probs[0]
            sample = int(np.argmax(p))
            probs_log.append(float(p[sample]))
            pred = chars[sample]
            ret += pred
            char = pred
    out["sample"] = [ret, probs_log]
""",
    "cr_loop_function_decoder": r"""
tf.set_random_seed(5)
vocab_size, rnn_size, batch = 6, 4, 2
cell = contrib.rnn.GRUCell(rnn_size)
embedding = tf.get_variable("embedding", [vocab_size, rnn_size])
softmax_w = tf.get_variable("softmax_w", [rnn_size, vocab_size])
softmax_b = tf.get_variable("softmax_b", [vocab_size])
first = tf.placeholder(tf.int32, [batch])
inputs = [tf.nn.embedding_lookup(embedding, first)] + [tf.zeros([batch, rnn_size])] * 3
chosen = []
def loop(prev, i):
    prev = tf.matmul(prev, softmax_w) + softmax_b
    prev_symbol = tf.stop_gradient(tf.argmax(prev, 1))
    chosen.append(prev_symbol)
    return tf.nn.embedding_lookup(embedding, prev_symbol)
outputs, state = contrib.legacy_seq2seq.rnn_decoder(inputs, cell.zero_state(batch, tf.float32),
                                                    cell, loop_function=loop)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    o, s, c = sess.run([outputs, state, chosen], {first: [1, 4]})
out["outputs"] = [L(v) for v in o]
out["state"] = L(s)
out["chosen"] = [L(v) for v in c]
out["vars"] = sorted(v.name for v in tf.global_variables())
out["names"] = [outputs[0].name, outputs[-1].name, str(outputs[0].shape), len(chosen)]
""",
}

PTB = {
    "pt_ptb_model_producer_and_lr": r"""
tf.set_random_seed(1)
def ptb_producer(raw_data, batch_size, num_steps, name=None):
    with tf.name_scope(name, "PTBProducer", [raw_data, batch_size, num_steps]):
        raw_data = tf.convert_to_tensor(raw_data, name="raw_data", dtype=tf.int32)
        data_len = tf.size(raw_data)
        batch_len = data_len // batch_size
        data = tf.reshape(raw_data[0: batch_size * batch_len], [batch_size, batch_len])
        epoch_size = (batch_len - 1) // num_steps
        assertion = tf.assert_positive(epoch_size, message="epoch_size == 0, decrease batch_size or num_steps")
        with tf.control_dependencies([assertion]):
            epoch_size = tf.identity(epoch_size, name="epoch_size")
        i = tf.train.range_input_producer(epoch_size, shuffle=False).dequeue()
        x = tf.strided_slice(data, [0, i * num_steps], [batch_size, (i + 1) * num_steps])
        x.set_shape([batch_size, num_steps])
        y = tf.strided_slice(data, [0, i * num_steps + 1], [batch_size, (i + 1) * num_steps + 1])
        y.set_shape([batch_size, num_steps])
        return x, y
class Config(object):
    init_scale = 0.1
    learning_rate = 1.0
    max_grad_norm = 5
    num_layers = 2
    num_steps = 3
    hidden_size = 6
    max_epoch = 1
    max_max_epoch = 2
    keep_prob = 1.0
    lr_decay = 0.5
    batch_size = 2
    vocab_size = 10
class PTBModel(object):
    def __init__(self, is_training, config, input_):
        self._input = input_
        batch_size = config.batch_size
        num_steps = config.num_steps
        size = config.hidden_size
        vocab_size = config.vocab_size
        def lstm_cell():
            return tf.nn.rnn_cell.BasicLSTMCell(size, forget_bias=0.0, state_is_tuple=True,
                                                reuse=tf.get_variable_scope().reuse)
        cell = tf.nn.rnn_cell.MultiRNNCell([lstm_cell() for _ in range(config.num_layers)],
                                           state_is_tuple=True)
        self._initial_state = cell.zero_state(batch_size, tf.float32)
        with tf.device("/cpu:0"):
            embedding = tf.get_variable("embedding", [vocab_size, size], dtype=tf.float32)
            inputs = tf.nn.embedding_lookup(embedding, input_[0])
        if is_training and config.keep_prob < 1:
            inputs = tf.nn.dropout(inputs, config.keep_prob)
        outputs = []
        state = self._initial_state
        with tf.variable_scope("RNN"):
            for time_step in range(num_steps):
                if time_step > 0: tf.get_variable_scope().reuse_variables()
                (cell_output, state) = cell(inputs[:, time_step, :], state)
                outputs.append(cell_output)
        output = tf.reshape(tf.concat(axis=1, values=outputs), [-1, size])
        softmax_w = tf.get_variable("softmax_w", [size, vocab_size], dtype=tf.float32)
        softmax_b = tf.get_variable("softmax_b", [vocab_size], dtype=tf.float32)
        logits = tf.matmul(output, softmax_w) + softmax_b
        logits = tf.reshape(logits, [batch_size, num_steps, vocab_size])
        loss = contrib.seq2seq.sequence_loss(logits, input_[1], tf.ones([batch_size, num_steps], dtype=tf.float32),
                                             average_across_timesteps=False, average_across_batch=True)
        self._cost = cost = tf.reduce_sum(loss)
        self._final_state = state
        if not is_training:
            return
        self._lr = tf.Variable(0.0, trainable=False)
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(cost, tvars), config.max_grad_norm)
        optimizer = tf.train.GradientDescentOptimizer(self._lr)
        self._train_op = optimizer.apply_gradients(
            zip(grads, tvars), global_step=tf.train.get_or_create_global_step())
        self._new_lr = tf.placeholder(tf.float32, shape=[], name="new_learning_rate")
        self._lr_update = tf.assign(self._lr, self._new_lr)
    def assign_lr(self, session, lr_value):
        session.run(self._lr_update, feed_dict={self._new_lr: lr_value})
def run_epoch(session, model, epoch_size, eval_op=None):
    costs = 0.0
    iters = 0
    state = session.run(model._initial_state)
    fetches = {"cost": model._cost, "final_state": model._final_state}
    if eval_op is not None:
        fetches["eval_op"] = eval_op
    for step in range(epoch_size):
        feed_dict = {}
        for i, (c, h) in enumerate(model._initial_state):
            feed_dict[c] = state[i].c
            feed_dict[h] = state[i].h
        vals = session.run(fetches, feed_dict)
        cost = vals["cost"]
        state = vals["final_state"]
        costs += cost
        iters += 3
    return np.exp(costs / iters)
raw = list(np.random.RandomState(2).randint(0, 10, size=40))
config = Config()
initializer = tf.random_uniform_initializer(-config.init_scale, config.init_scale)
with tf.name_scope("Train"):
    train_input = ptb_producer(raw, 2, 3, name="TrainInput")
    with tf.variable_scope("Model", reuse=None, initializer=initializer):
        m = PTBModel(is_training=True, config=config, input_=train_input)
    tf.summary.scalar("Training Loss", m._cost)
    tf.summary.scalar("Learning Rate", m._lr)
with tf.name_scope("Valid"):
    valid_input = ptb_producer(raw[:20], 2, 3, name="ValidInput")
    with tf.variable_scope("Model", reuse=True, initializer=initializer):
        mvalid = PTBModel(is_training=False, config=config, input_=valid_input)
sv = tf.train.Supervisor(logdir=tempfile.mkdtemp())
with sv.managed_session() as session:
    log = []
    for i in range(config.max_max_epoch):
        lr_decay = config.lr_decay ** max(i + 1 - config.max_epoch, 0.0)
        m.assign_lr(session, config.learning_rate * lr_decay)
        log.append("Epoch: %d Learning rate: %.3f" % (i + 1, session.run(m._lr)))
        train_perplexity = run_epoch(session, m, 6, eval_op=m._train_op)
        log.append(float(train_perplexity))
        valid_perplexity = run_epoch(session, mvalid, 3)
        log.append(float(valid_perplexity))
    out["global_step"] = int(session.run(tf.train.get_global_step()))
out["log"] = log
out["vars"] = [v.name for v in tf.trainable_variables()]
out["names"] = [train_input[0].name, str(train_input[0].shape), m._cost.name, m._lr.name]
""",
}
WGAN = {
    "wg_gan_toy_gradient_penalty": r"""
tf.set_random_seed(0)
np.random.seed(0)
_params = {}
def param(name, *args, **kwargs):
    if name not in _params:
        kwargs['name'] = name
        p = tf.Variable(*args, **kwargs)
        p.param = True
        _params[name] = p
    return _params[name]
def params_with_name(name):
    return [p for n, p in _params.items() if name in n]
def Linear(name, input_dim, output_dim, inputs, biases=True):
    with tf.name_scope(name) as scope:
        def uniform(stdev, size):
            return np.random.uniform(low=-stdev * np.sqrt(3), high=stdev * np.sqrt(3),
                                     size=size).astype('float32')
        weight_values = uniform(np.sqrt(2. / (input_dim + output_dim)), (input_dim, output_dim))
        weight = param(name + '.W', weight_values)
        norm_values = np.sqrt(np.sum(np.square(weight_values), axis=0))
        target_norms = param(name + '.g', norm_values)
        with tf.name_scope('weightnorm') as scope:
            norms = tf.sqrt(tf.reduce_sum(tf.square(weight), reduction_indices=[0]))
            weight = weight * (target_norms / norms)
        if inputs.get_shape().ndims == 2:
            result = tf.matmul(inputs, weight)
        else:
            reshaped_inputs = tf.reshape(inputs, [-1, input_dim])
            result = tf.matmul(reshaped_inputs, weight)
            result = tf.reshape(result, tf.stack(tf.unstack(tf.shape(inputs))[:-1] + [output_dim]))
        if biases:
            result = tf.nn.bias_add(result, param(name + '.b', np.zeros((output_dim,), dtype='float32')))
        return result
DIM = 8
LAMBDA = .1
BATCH_SIZE = 6
def ReLULayer(name, n_in, n_out, inputs):
    return tf.nn.relu(Linear(name + '.Linear', n_in, n_out, inputs))
def Generator(n_samples, real_data):
    noise = tf.random_normal([n_samples, 2])
    output = ReLULayer('Generator.1', 2, DIM, noise)
    output = ReLULayer('Generator.2', DIM, DIM, output)
    return Linear('Generator.4', DIM, 2, output)
def Discriminator(inputs):
    output = ReLULayer('Discriminator.1', 2, DIM, inputs)
    output = ReLULayer('Discriminator.2', DIM, DIM, output)
    output = Linear('Discriminator.4', DIM, 1, output)
    return tf.reshape(output, [-1])
real_data = tf.placeholder(tf.float32, shape=[None, 2])
fake_data = Generator(BATCH_SIZE, real_data)
disc_real = Discriminator(real_data)
disc_fake = Discriminator(fake_data)
disc_cost = tf.reduce_mean(disc_fake) - tf.reduce_mean(disc_real)
gen_cost = -tf.reduce_mean(disc_fake)
alpha = tf.random_uniform(shape=[BATCH_SIZE, 1], minval=0., maxval=1.)
interpolates = alpha*real_data + ((1-alpha)*fake_data)
disc_interpolates = Discriminator(interpolates)
gradients = tf.gradients(disc_interpolates, [interpolates])[0]
slopes = tf.sqrt(tf.reduce_sum(tf.square(gradients), reduction_indices=[1]))
gradient_penalty = tf.reduce_mean((slopes-1)**2)
disc_cost += LAMBDA*gradient_penalty
disc_params = params_with_name('Discriminator')
gen_params = params_with_name('Generator')
disc_train_op = tf.train.AdamOptimizer(learning_rate=1e-3, beta1=0.5, beta2=0.9).minimize(
    disc_cost, var_list=disc_params)
gen_train_op = tf.train.AdamOptimizer(learning_rate=1e-3, beta1=0.5, beta2=0.9).minimize(
    gen_cost, var_list=gen_params)
def inf_train_gen():
    rng = np.random.RandomState(3)
    centers = [(1, 0), (-1, 0), (0, 1), (0, -1)]
    while True:
        dataset = []
        for i in range(BATCH_SIZE):
            point = rng.randn(2) * .02
            center = centers[rng.randint(4)]
            point[0] += center[0]
            point[1] += center[1]
            dataset.append(point)
        yield np.array(dataset, dtype='float32') / 1.414
log = []
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    gen = inf_train_gen()
    for iteration in range(3):
        if iteration > 0:
            _ = session.run(gen_train_op)
        for i in range(2):
            _data = next(gen)
            _disc_cost, _ = session.run([disc_cost, disc_train_op], feed_dict={real_data: _data})
        log.append(float(_disc_cost))
    _data = next(gen)
    out["penalty"] = L(session.run([slopes, gradient_penalty], feed_dict={real_data: _data})[1])
out["log"] = log
out["params"] = [[p.name, p.param] for p in disc_params + gen_params]
out["names"] = [gradients.name, str(gradients.shape), slopes.name, gradient_penalty.name]
""",
    "wg_fused_batchnorm_and_layernorm": r"""
tf.set_random_seed(2)
rng = np.random.RandomState(2)
x_np = rng.randn(3, 4, 2, 2).astype(np.float32)
inputs = tf.placeholder(tf.float32, [None, 4, 2, 2])
# tflib.ops.batchnorm, the NCHW fused path: moments, then fused_batch_norm on NHWC or NCHW
offset = tf.Variable(np.zeros(4, dtype='float32'), name='BN.offset')
scale = tf.Variable(np.ones(4, dtype='float32'), name='BN.scale')
moving_mean = tf.Variable(np.zeros(4, dtype='float32'), name='BN.moving_mean', trainable=False)
moving_variance = tf.Variable(np.ones(4, dtype='float32'), name='BN.moving_variance', trainable=False)
nhwc = tf.transpose(inputs, [0, 2, 3, 1])
outputs, batch_mean, batch_var = tf.nn.fused_batch_norm(nhwc, scale, offset, epsilon=1e-5)
update_mm = moving_mean.assign(0.9 * moving_mean + 0.1 * batch_mean)
update_mv = moving_variance.assign(0.9 * moving_variance + 0.1 * batch_var)
inf, _, _ = tf.nn.fused_batch_norm(nhwc, scale, offset, epsilon=1e-5, mean=moving_mean,
                                   variance=moving_variance, is_training=False)
mean, var = tf.nn.moments(inputs, [0, 2, 3], keep_dims=True)
manual = tf.nn.batch_normalization(inputs, mean, var, tf.reshape(offset, [1, -1, 1, 1]),
                                   tf.reshape(scale, [1, -1, 1, 1]), 1e-5)
# tflib.ops.layernorm
ln_mean, ln_var = tf.nn.moments(inputs, [1, 2, 3], keep_dims=True)
ln = tf.nn.batch_normalization(inputs, ln_mean, ln_var, tf.zeros([1, 4, 1, 1]),
                               tf.ones([1, 4, 1, 1]), 1e-5)
g_fused = tf.gradients(tf.reduce_sum(outputs * tf.range(4, dtype=tf.float32)), [inputs, scale, offset])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    o, m, v = sess.run([outputs, batch_mean, batch_var], {inputs: x_np})
    out["fused"] = [L(o[0, 0]), L(m), L(v)]
    sess.run([update_mm, update_mv], {inputs: x_np})
    out["moving"] = L(sess.run(moving_variance))
    out["inference"] = L(sess.run(inf, {inputs: x_np})[1, 1])
    out["manual"] = L(sess.run(manual, {inputs: x_np})[0, :, 0, 0])
    out["layernorm"] = L(sess.run(ln, {inputs: x_np})[2, :, 1, 1])
    out["grads"] = [R(g, 4) for g in sess.run(g_fused, {inputs: x_np})[1:]]
    out["grad_x0"] = L(sess.run(g_fused[0], {inputs: x_np})[0, :, 0, 0])
out["shapes"] = [str(outputs.shape), str(batch_mean.shape), str(mean.shape), str(inf.shape)]
out["nchw_cpu"] = raises(lambda: tf.Session().run(
    tf.nn.fused_batch_norm(inputs, scale, offset, data_format='NCHW')[0], {inputs: x_np}))
""",
    "wg_resnet_blocks_upsample_meanpool": r"""
tf.set_random_seed(4)
rng = np.random.RandomState(4)
x_np = rng.randn(2, 4, 4, 3).astype(np.float32)
def MeanPoolConv(inputs, w):
    output = inputs
    output = tf.add_n([output[:, ::2, ::2, :], output[:, 1::2, ::2, :],
                       output[:, ::2, 1::2, :], output[:, 1::2, 1::2, :]]) / 4.
    return tf.nn.conv2d(output, w, strides=[1, 1, 1, 1], padding='SAME')
def UpsampleConv(inputs, w):
    output = tf.concat([inputs, inputs, inputs, inputs], axis=3)
    output = tf.depth_to_space(output, 2)
    return tf.nn.conv2d(output, w, strides=[1, 1, 1, 1], padding='SAME')
def SubpixelConv(inputs, w):
    output = tf.nn.conv2d(inputs, w, strides=[1, 1, 1, 1], padding='SAME')
    return tf.depth_to_space(output, 2)
inputs = tf.placeholder(tf.float32, [None, 4, 4, 3])
w = tf.Variable(tf.random_normal([3, 3, 3, 4], stddev=0.2))
w2 = tf.Variable(tf.random_normal([1, 1, 3, 12], stddev=0.2))
mp = MeanPoolConv(inputs, w)
up = UpsampleConv(inputs, w)
sp = SubpixelConv(inputs, w2)
shortcut = tf.nn.avg_pool(inputs, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
res = shortcut + tf.nn.relu(mp[..., :3])
grads = tf.gradients(tf.reduce_sum(res) + tf.reduce_sum(up * up) + tf.reduce_sum(sp[..., 0]), [inputs, w, w2])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    r = sess.run([mp, up, sp, res], {inputs: x_np})
    out["meanpool"] = L(r[0][0, :, :, 0])
    out["upsample"] = L(r[1][1, :3, :3, 1])
    out["subpixel"] = L(r[2][0, :, :, 2])
    out["res"] = L(r[3][1, 0])
    g = sess.run(grads, {inputs: x_np})
    out["grads"] = [L(g[0][0, 0]), L(g[1][1, 1, 0]), L(g[2][0, 0, 1])]
out["shapes"] = [str(mp.shape), str(up.shape), str(sp.shape), str(res.shape)]
out["depth_to_space_bad"] = raises(lambda: tf.depth_to_space(tf.zeros([1, 2, 2, 3]), 2))
""",
}

TRANSFORMER = {
    "kt_modules_attention_masks": r"""
tf.set_random_seed(11)
def ln(inputs, epsilon=1e-8, scope="ln"):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        inputs_shape = inputs.get_shape()
        params_shape = inputs_shape[-1:]
        mean, variance = tf.nn.moments(inputs, [-1], keep_dims=True)
        beta = tf.get_variable("beta", params_shape, initializer=tf.zeros_initializer())
        gamma = tf.get_variable("gamma", params_shape, initializer=tf.ones_initializer())
        normalized = (inputs - mean) / ((variance + epsilon) ** (.5))
        outputs = gamma * normalized + beta
    return outputs
def mask(inputs, key_masks=None, type=None):
    padding_num = -2 ** 32 + 1
    if type in ("k", "key", "keys"):
        key_masks = tf.to_float(key_masks)
        key_masks = tf.tile(key_masks, [tf.shape(inputs)[0] // tf.shape(key_masks)[0], 1])
        key_masks = tf.expand_dims(key_masks, 1)
        outputs = inputs + key_masks * padding_num
    elif type in ("f", "future", "right"):
        diag_vals = tf.ones_like(inputs[0, :, :])
        tril = tf.linalg.LinearOperatorLowerTriangular(diag_vals).to_dense()
        future_masks = tf.tile(tf.expand_dims(tril, 0), [tf.shape(inputs)[0], 1, 1])
        paddings = tf.ones_like(future_masks) * padding_num
        outputs = tf.where(tf.equal(future_masks, 0), paddings, inputs)
    return outputs
def scaled_dot_product_attention(Q, K, V, key_masks, causality=False, dropout_rate=0.,
                                 training=True, scope="scaled_dot_product_attention"):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        d_k = Q.get_shape().as_list()[-1]
        outputs = tf.matmul(Q, tf.transpose(K, [0, 2, 1]))
        outputs /= d_k ** 0.5
        outputs = mask(outputs, key_masks=key_masks, type="key")
        if causality:
            outputs = mask(outputs, type="future")
        outputs = tf.nn.softmax(outputs)
        attention = tf.transpose(outputs, [0, 2, 1])
        tf.summary.image("attention", tf.expand_dims(attention[:1], -1))
        outputs = tf.layers.dropout(outputs, rate=dropout_rate, training=training)
        outputs = tf.matmul(outputs, V)
    return outputs
def multihead_attention(queries, keys, values, key_masks, num_heads=8, dropout_rate=0,
                        training=True, causality=False, scope="multihead_attention"):
    d_model = queries.get_shape().as_list()[-1]
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        Q = tf.layers.dense(queries, d_model, use_bias=True)
        K = tf.layers.dense(keys, d_model, use_bias=True)
        V = tf.layers.dense(values, d_model, use_bias=True)
        Q_ = tf.concat(tf.split(Q, num_heads, axis=2), axis=0)
        K_ = tf.concat(tf.split(K, num_heads, axis=2), axis=0)
        V_ = tf.concat(tf.split(V, num_heads, axis=2), axis=0)
        outputs = scaled_dot_product_attention(Q_, K_, V_, key_masks, causality, dropout_rate, training)
        outputs = tf.concat(tf.split(outputs, num_heads, axis=0), axis=2)
        outputs += queries
        outputs = ln(outputs)
    return outputs
inputs = tf.zeros([2, 2, 3], dtype=tf.float32)
key_masks = tf.constant([[0., 0., 1.], [0., 1., 1.]])
doc_key = mask(inputs, key_masks=key_masks, type="key")
doc_future = mask(tf.reshape(tf.range(18, dtype=tf.float32), [2, 3, 3]), type="future")
x = tf.placeholder(tf.float32, [None, None, 4])
src_masks = tf.placeholder(tf.bool, [None, None])
enc = multihead_attention(x, x, x, src_masks, num_heads=2, causality=True)
enc2 = multihead_attention(enc, enc, enc, src_masks, num_heads=2, scope="multihead_attention")
rng = np.random.RandomState(0)
xv = rng.randn(2, 3, 4).astype(np.float32)
mv = np.array([[False, False, True], [False, False, False]])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["doc_key"] = L(sess.run(doc_key))
    out["doc_future"] = L(sess.run(doc_future))
    e, e2 = sess.run([enc, enc2], {x: xv, src_masks: mv})
    out["enc"] = L(e[1])
    out["enc2"] = L(e2[0, 0])
    out["summary"] = type(sess.run(tf.summary.merge_all(), {x: xv, src_masks: mv})).__name__
out["vars"] = [v.name for v in tf.global_variables()]
out["shapes"] = [str(enc.shape), str(doc_future.shape), str(doc_key.shape)]
""",
    "kt_embeddings_positional_label_smoothing_noam": r"""
tf.set_random_seed(12)
def get_token_embeddings(vocab_size, num_units, zero_pad=True):
    with tf.variable_scope("shared_weight_matrix"):
        embeddings = tf.get_variable('weight_mat', dtype=tf.float32, shape=(vocab_size, num_units),
                                     initializer=contrib.layers.xavier_initializer())
        if zero_pad:
            embeddings = tf.concat((tf.zeros(shape=[1, num_units]), embeddings[1:, :]), 0)
    return embeddings
def positional_encoding(inputs, maxlen, masking=True, scope="positional_encoding"):
    E = inputs.get_shape().as_list()[-1]
    N, T = tf.shape(inputs)[0], tf.shape(inputs)[1]
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        position_ind = tf.tile(tf.expand_dims(tf.range(T), 0), [N, 1])
        position_enc = np.array([[pos / np.power(10000, (i-i%2)/E) for i in range(E)]
                                 for pos in range(maxlen)])
        position_enc[:, 0::2] = np.sin(position_enc[:, 0::2])
        position_enc[:, 1::2] = np.cos(position_enc[:, 1::2])
        position_enc = tf.convert_to_tensor(position_enc, tf.float32)
        outputs = tf.nn.embedding_lookup(position_enc, position_ind)
        if masking:
            outputs = tf.where(tf.equal(inputs, 0), inputs, outputs)
        return tf.to_float(outputs)
def label_smoothing(inputs, epsilon=0.1):
    V = inputs.get_shape().as_list()[-1]
    return ((1-epsilon) * inputs) + (epsilon / V)
def noam_scheme(init_lr, global_step, warmup_steps=4000.):
    step = tf.cast(global_step + 1, dtype=tf.float32)
    return init_lr * warmup_steps ** 0.5 * tf.minimum(step * warmup_steps ** -1.5, step ** -0.5)
d_model = 4
embeddings = get_token_embeddings(7, d_model, zero_pad=True)
x = tf.placeholder(tf.int32, [None, None])
y = tf.placeholder(tf.int32, [None, None])
enc = tf.nn.embedding_lookup(embeddings, x)
enc *= d_model**0.5
enc += positional_encoding(enc, 10)
enc = tf.layers.dropout(enc, 0.1, training=False)
weights = tf.transpose(embeddings)
logits = tf.einsum('ntd,dk->ntk', enc, weights)
y_hat = tf.to_int32(tf.argmax(logits, axis=-1))
y_ = label_smoothing(tf.one_hot(y, depth=7))
ce = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=y_)
nonpadding = tf.to_float(tf.not_equal(y, 0))
loss = tf.reduce_sum(ce * nonpadding) / (tf.reduce_sum(nonpadding) + 1e-7)
global_step = tf.train.get_or_create_global_step()
lr = noam_scheme(0.1, global_step, 4)
optimizer = tf.train.AdamOptimizer(lr)
train_op = optimizer.minimize(loss, global_step=global_step)
tf.summary.scalar('lr', lr)
tf.summary.scalar("loss", loss)
tf.summary.scalar("global_step", global_step)
summaries = tf.summary.merge_all()
xv = [[1, 2, 3, 0], [4, 5, 0, 0]]
yv = [[2, 3, 4, 0], [5, 6, 0, 0]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for _ in range(4):
        _, _gs, _summary, l, r = sess.run([train_op, global_step, summaries, loss, lr], {x: xv, y: yv})
        log.append([int(sess.run(global_step)), float(l)])
    out["log"] = log
    out["lr_after"] = float(sess.run(lr))
    out["emb_row0"] = L(sess.run(embeddings)[0])
    out["pos"] = L(sess.run(positional_encoding(tf.ones([1, 3, 4]), 10)))
    out["y_hat"] = L(sess.run(y_hat, {x: xv}))
    out["smooth"] = L(sess.run(y_, {y: [[0, 2]]}))
out["shapes"] = [str(logits.shape), str(enc.shape), str(y_hat.shape), y_hat.dtype.name]
""",
    "kt_transformer_encoder_decoder_train": r"""
tf.set_random_seed(13)
def ln(inputs, epsilon=1e-8, scope="ln"):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        params_shape = inputs.get_shape()[-1:]
        mean, variance = tf.nn.moments(inputs, [-1], keep_dims=True)
        beta = tf.get_variable("beta", params_shape, initializer=tf.zeros_initializer())
        gamma = tf.get_variable("gamma", params_shape, initializer=tf.ones_initializer())
        return gamma * ((inputs - mean) / ((variance + epsilon) ** (.5))) + beta
def attention(queries, keys, key_masks, num_heads, causality, scope):
    d_model = queries.get_shape().as_list()[-1]
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        Q = tf.layers.dense(queries, d_model)
        K = tf.layers.dense(keys, d_model)
        V = tf.layers.dense(keys, d_model)
        Q_ = tf.concat(tf.split(Q, num_heads, axis=2), axis=0)
        K_ = tf.concat(tf.split(K, num_heads, axis=2), axis=0)
        V_ = tf.concat(tf.split(V, num_heads, axis=2), axis=0)
        o = tf.matmul(Q_, tf.transpose(K_, [0, 2, 1])) / (d_model // num_heads) ** 0.5
        km = tf.tile(tf.to_float(key_masks), [num_heads, 1])
        o = o + tf.expand_dims(km, 1) * (-2 ** 32 + 1)
        if causality:
            tril = tf.linalg.LinearOperatorLowerTriangular(tf.ones_like(o[0, :, :])).to_dense()
            fm = tf.tile(tf.expand_dims(tril, 0), [tf.shape(o)[0], 1, 1])
            o = tf.where(tf.equal(fm, 0), tf.ones_like(fm) * (-2 ** 32 + 1), o)
        o = tf.matmul(tf.nn.softmax(o), V_)
        o = tf.concat(tf.split(o, num_heads, axis=0), axis=2)
        return ln(o + queries)
def ff(inputs, num_units, scope="positionwise_feedforward"):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        outputs = tf.layers.dense(inputs, num_units[0], activation=tf.nn.relu)
        outputs = tf.layers.dense(outputs, num_units[1])
        return ln(outputs + inputs)
d_model, V = 4, 6
x = tf.placeholder(tf.int32, [None, None])
decoder_inputs = tf.placeholder(tf.int32, [None, None])
y = tf.placeholder(tf.int32, [None, None])
with tf.variable_scope("shared_weight_matrix"):
    emb = tf.get_variable('weight_mat', shape=(V, d_model), initializer=contrib.layers.xavier_initializer())
    emb = tf.concat((tf.zeros(shape=[1, d_model]), emb[1:, :]), 0)
def encode(xs):
    with tf.variable_scope("encoder", reuse=tf.AUTO_REUSE):
        src_masks = tf.math.equal(xs, 0)
        enc = tf.nn.embedding_lookup(emb, xs) * d_model ** 0.5
        for i in range(2):
            with tf.variable_scope("num_blocks_{}".format(i), reuse=tf.AUTO_REUSE):
                enc = attention(enc, enc, src_masks, 2, False, "multihead_attention")
                enc = ff(enc, num_units=[8, d_model])
    return enc, src_masks
def decode(ys, memory, src_masks):
    with tf.variable_scope("decoder", reuse=tf.AUTO_REUSE):
        tgt_masks = tf.math.equal(ys, 0)
        dec = tf.nn.embedding_lookup(emb, ys) * d_model ** 0.5
        with tf.variable_scope("num_blocks_0", reuse=tf.AUTO_REUSE):
            dec = attention(dec, dec, tgt_masks, 2, True, "self_attention")
            dec = attention(dec, memory, src_masks, 2, False, "vanilla_attention")
            dec = ff(dec, num_units=[8, d_model])
    logits = tf.einsum('ntd,dk->ntk', dec, tf.transpose(emb))
    return logits, tf.to_int32(tf.argmax(logits, axis=-1))
memory, src_masks = encode(x)
logits, preds = decode(decoder_inputs, memory, src_masks)
y_ = tf.one_hot(y, depth=V) * 0.9 + 0.1 / V
ce = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=y_)
nonpadding = tf.to_float(tf.not_equal(y, 0))
loss = tf.reduce_sum(ce * nonpadding) / (tf.reduce_sum(nonpadding) + 1e-7)
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=global_step)
xv = [[1, 2, 3, 0], [3, 4, 5, 5]]
dv = [[1, 3, 2, 0], [1, 5, 4, 3]]
yv = [[3, 2, 1, 0], [5, 4, 3, 3]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for i in range(5):
        _, l = sess.run([train_op, loss], {x: xv, decoder_inputs: dv, y: yv})
        log.append(float(l))
    out["log"] = log
    # greedy decoding: the decoder's inputs grow one prediction at a time
    memory_v = sess.run(memory, {x: xv})
    _decoder_inputs = np.ones((2, 1), np.int32)
    for _ in range(3):
        _y_hat = sess.run(preds, {memory: memory_v, x: xv, decoder_inputs: _decoder_inputs})
        _decoder_inputs = np.concatenate([_decoder_inputs, _y_hat[:, -1:]], 1)
    out["greedy"] = L(_decoder_inputs)
out["n_vars"] = len(tf.trainable_variables())
out["vars"] = [v.name for v in tf.trainable_variables()][:8]
out["shapes"] = [str(memory.shape), str(logits.shape), str(preds.shape)]
""",
}

NEURALSTYLE = {
    "ns_vgg_gram_style_transfer": r"""
tf.set_random_seed(21)
rng = np.random.RandomState(21)
VGG_MEAN = np.array([123.68, 116.779, 103.939])
layers_ = ('conv1_1', 'relu1_1', 'conv1_2', 'relu1_2', 'pool1', 'conv2_1', 'relu2_1')
weights = {'conv1_1': (rng.randn(3, 3, 3, 4).astype(np.float32) * 0.1, rng.randn(4).astype(np.float32) * 0.1),
           'conv1_2': (rng.randn(3, 3, 4, 4).astype(np.float32) * 0.1, rng.randn(4).astype(np.float32) * 0.1),
           'conv2_1': (rng.randn(3, 3, 4, 6).astype(np.float32) * 0.1, rng.randn(6).astype(np.float32) * 0.1)}
def _conv_layer(input, weights, bias):
    conv = tf.nn.conv2d(input, tf.constant(weights), strides=(1, 1, 1, 1), padding='SAME')
    return tf.nn.bias_add(conv, bias)
def _pool_layer(input, pooling):
    if pooling == 'avg':
        return tf.nn.avg_pool(input, ksize=(1, 2, 2, 1), strides=(1, 2, 2, 1), padding='SAME')
    return tf.nn.max_pool(input, ksize=(1, 2, 2, 1), strides=(1, 2, 2, 1), padding='SAME')
def net_preloaded(input_image, pooling):
    net = {}
    current = input_image
    for i, name in enumerate(layers_):
        kind = name[:4]
        if kind == 'conv':
            kernels, bias = weights[name]
            current = _conv_layer(current, kernels, bias)
        elif kind == 'relu':
            current = tf.nn.relu(current)
        elif kind == 'pool':
            current = _pool_layer(current, pooling)
        net[name] = current
    return net
def preprocess(image):
    return image - VGG_MEAN
def unprocess(image):
    return image + VGG_MEAN
content = rng.uniform(0, 255, (5, 5, 3))
style = rng.uniform(0, 255, (6, 6, 3))
CONTENT_LAYERS = ('relu2_1',)
STYLE_LAYERS = ('relu1_1', 'relu2_1')
shape = (1,) + content.shape
content_features = {}
style_features = {}
g = tf.Graph()
with g.as_default(), g.device('/cpu:0'), tf.Session() as sess:
    image = tf.placeholder('float', shape=shape)
    net = net_preloaded(image, 'avg')
    content_pre = np.array([preprocess(content)])
    for layer in CONTENT_LAYERS:
        content_features[layer] = net[layer].eval(feed_dict={image: content_pre})
style_shape = (1,) + style.shape
g = tf.Graph()
with g.as_default(), g.device('/cpu:0'), tf.Session() as sess:
    image = tf.placeholder('float', shape=style_shape)
    net = net_preloaded(image, 'avg')
    style_pre = np.array([preprocess(style)])
    for layer in STYLE_LAYERS:
        features = net[layer].eval(feed_dict={image: style_pre})
        features = np.reshape(features, (-1, features.shape[3]))
        gram = np.matmul(features.T, features) / features.size
        style_features[layer] = gram
out["style_gram"] = L(style_features['relu1_1'][0])
def _tensor_size(tensor):
    from functools import reduce
    from operator import mul
    return reduce(mul, (d.value for d in tensor.get_shape()), 1)
with tf.Graph().as_default():
    tf.set_random_seed(21)
    initial = tf.random_normal(shape) * 0.256
    image = tf.Variable(initial)
    net = net_preloaded(image, 'avg')
    content_layers_weights = {'relu2_1': 1.0}
    content_loss = 0
    content_losses = []
    for content_layer in CONTENT_LAYERS:
        content_losses.append(content_layers_weights[content_layer] * 5e0 * (2 * tf.nn.l2_loss(
            net[content_layer] - content_features[content_layer]) / content_features[content_layer].size))
    content_loss += tf.reduce_sum(content_losses)
    style_loss = 0
    style_losses = []
    for style_layer in STYLE_LAYERS:
        layer = net[style_layer]
        _, height, width, number = map(lambda i: i.value, layer.get_shape())
        size = height * width * number
        feats = tf.reshape(layer, (-1, number))
        gram = tf.matmul(tf.transpose(feats), feats) / size
        style_gram = style_features[style_layer]
        style_losses.append(0.5 * 2 * tf.nn.l2_loss(gram - style_gram) / style_gram.size)
    style_loss += 1e2 * tf.reduce_sum(style_losses)
    tv_y_size = _tensor_size(image[:, 1:, :, :])
    tv_x_size = _tensor_size(image[:, :, 1:, :])
    tv_loss = 1e2 * 2 * ((tf.nn.l2_loss(image[:, 1:, :, :] - image[:, :shape[1]-1, :, :]) / tv_y_size) +
                         (tf.nn.l2_loss(image[:, :, 1:, :] - image[:, :, :shape[2]-1, :]) / tv_x_size))
    loss = content_loss + style_loss + tv_loss
    train_step = tf.train.AdamOptimizer(1e0, 0.9, 0.999, 1e-08).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        log = []
        for i in range(4):
            train_step.run()
            log.append([float(content_loss.eval()), float(style_loss.eval()), float(tv_loss.eval())])
        img_out = unprocess(image.eval().reshape(shape[1:]))
        out["img"] = L(np.clip(img_out, 0, 255).astype(np.uint8)[0, :2])
    out["log"] = log
    out["sizes"] = [tv_y_size, tv_x_size, str(net['relu2_1'].shape), content_loss.dtype.name]
""",
}
BASELINES = {
    "ob_distributions_categorical_gaussian": r"""
tf.set_random_seed(31)
class CategoricalPd(object):
    def __init__(self, logits):
        self.logits = logits
    def mode(self):
        return tf.argmax(self.logits, axis=-1)
    def neglogp(self, x):
        x = tf.one_hot(x, self.logits.get_shape().as_list()[-1])
        return tf.nn.softmax_cross_entropy_with_logits_v2(logits=self.logits, labels=x)
    def logp(self, x):
        return - self.neglogp(x)
    def kl(self, other):
        a0 = self.logits - tf.reduce_max(self.logits, axis=-1, keepdims=True)
        a1 = other.logits - tf.reduce_max(other.logits, axis=-1, keepdims=True)
        ea0 = tf.exp(a0)
        ea1 = tf.exp(a1)
        z0 = tf.reduce_sum(ea0, axis=-1, keepdims=True)
        z1 = tf.reduce_sum(ea1, axis=-1, keepdims=True)
        p0 = ea0 / z0
        return tf.reduce_sum(p0 * (a0 - tf.log(z0) - a1 + tf.log(z1)), axis=-1)
    def entropy(self):
        a0 = self.logits - tf.reduce_max(self.logits, axis=-1, keepdims=True)
        ea0 = tf.exp(a0)
        z0 = tf.reduce_sum(ea0, axis=-1, keepdims=True)
        p0 = ea0 / z0
        return tf.reduce_sum(p0 * (tf.log(z0) - a0), axis=-1)
    def sample(self):
        u = tf.random_uniform(tf.shape(self.logits), dtype=self.logits.dtype)
        return tf.argmax(self.logits - tf.log(-tf.log(u)), axis=-1)
class DiagGaussianPd(object):
    def __init__(self, flat):
        self.flat = flat
        mean, logstd = tf.split(axis=len(flat.shape)-1, num_or_size_splits=2, value=flat)
        self.mean = mean
        self.logstd = logstd
        self.std = tf.exp(logstd)
    def neglogp(self, x):
        return 0.5 * tf.reduce_sum(tf.square((x - self.mean) / self.std), axis=-1) \
               + 0.5 * np.log(2.0 * np.pi) * tf.to_float(tf.shape(x)[-1]) \
               + tf.reduce_sum(self.logstd, axis=-1)
    def kl(self, other):
        return tf.reduce_sum(other.logstd - self.logstd + (tf.square(self.std) + tf.square(self.mean - other.mean)) / (2.0 * tf.square(other.std)) - 0.5, axis=-1)
    def entropy(self):
        return tf.reduce_sum(self.logstd + .5 * np.log(2.0 * np.pi * np.e), axis=-1)
    def sample(self):
        return self.mean + self.std * tf.random_normal(tf.shape(self.mean))
class MultiCategoricalPd(object):
    def __init__(self, nvec, flat):
        self.flat = flat
        self.categoricals = list(map(CategoricalPd, tf.split(flat, np.array(nvec, dtype=np.int32), axis=-1)))
    def neglogp(self, x):
        return tf.add_n([p.neglogp(px) for p, px in zip(self.categoricals, tf.unstack(x, axis=-1))])
    def entropy(self):
        return tf.add_n([p.entropy() for p in self.categoricals])
    def sample(self):
        return tf.cast(tf.stack([p.sample() for p in self.categoricals], axis=-1), tf.int32)
logits = tf.placeholder(tf.float32, [None, 4])
other = tf.placeholder(tf.float32, [None, 4])
acts = tf.placeholder(tf.int32, [None])
pd, pd2 = CategoricalPd(logits), CategoricalPd(other)
flat = tf.placeholder(tf.float32, [None, 6])
flat2 = tf.placeholder(tf.float32, [None, 6])
g, g2 = DiagGaussianPd(flat), DiagGaussianPd(flat2)
xg = tf.placeholder(tf.float32, [None, 3])
mc = MultiCategoricalPd(np.array([2, 3]), tf.placeholder_with_default(
    tf.constant([[0.1, 0.5, -1., 2., 0.3]]), [None, 5]))
lv = np.array([[0.1, -0.4, 2.0, 0.3], [1.0, 1.0, 1.0, 1.0], [-3., 0., 3., 0.5]], np.float32)
ov = np.array([[0.0, 0.2, 1.0, -0.3], [0.5, 1.0, -1.0, 1.0], [-2., 1., 2., 0.]], np.float32)
fv = np.array([[0.1, 0.2, -0.3, 0.0, -0.5, 0.4], [1., -1., 0.5, 0.2, 0.2, -0.1]], np.float32)
f2 = fv[::-1].copy()
xv = np.array([[0., 0.5, -1.], [1., 1., 1.]], np.float32)
grad_kl = tf.gradients(tf.reduce_mean(pd.kl(pd2)), [logits])[0]
hess_like = tf.gradients(tf.reduce_sum(grad_kl * grad_kl), [logits])[0]
with tf.Session() as sess:
    r = sess.run([pd.neglogp(acts), pd.kl(pd2), pd.entropy(), pd.mode(), grad_kl, hess_like],
                 {logits: lv, other: ov, acts: [2, 0, 1]})
    out["categorical"] = [L(v) for v in r]
    samples = sess.run(pd.sample(), {logits: np.tile(lv[2:], (200, 1))})
    out["sample_range"] = [int(samples.min()) >= 0, int(samples.max()) <= 3, samples.dtype.name]
    r = sess.run([g.neglogp(xg), g.kl(g2), g.entropy()], {flat: fv, flat2: f2, xg: xv})
    out["gaussian"] = [L(v) for v in r]
    out["gaussian_sample_shape"] = list(sess.run(g.sample(), {flat: fv}).shape)
    r = sess.run([mc.neglogp(tf.constant([[1, 2]])), mc.entropy()])
    out["multicategorical"] = [L(v) for v in r]
    out["mc_sample"] = [mc.sample().dtype.name, str(mc.sample().shape)]
out["shapes"] = [str(pd.neglogp(acts).shape), str(g.mean.shape), str(g.neglogp(xg).shape)]
""",
    "ob_a2c_policy_ortho_fc_conv": r"""
tf.set_random_seed(32)
np.random.seed(32)
def ortho_init(scale=1.0):
    def _ortho_init(shape, dtype, partition_info=None):
        shape = tuple(shape)
        if len(shape) == 2:
            flat_shape = shape
        elif len(shape) == 4:
            flat_shape = (np.prod(shape[:-1]), shape[-1])
        else:
            raise NotImplementedError
        a = np.random.normal(0.0, 1.0, flat_shape)
        u, _, v = np.linalg.svd(a, full_matrices=False)
        q = u if u.shape == flat_shape else v
        q = q.reshape(shape)
        return (scale * q[:shape[0], :shape[1]]).astype(np.float32)
    return _ortho_init
def conv(x, scope, nf, rf, stride, pad='VALID', init_scale=1.0):
    nin = x.get_shape()[3].value
    with tf.variable_scope(scope):
        w = tf.get_variable("w", [rf, rf, nin, nf], initializer=ortho_init(init_scale))
        b = tf.get_variable("b", [1, nf, 1, 1], initializer=tf.constant_initializer(0.0))
        b = tf.reshape(b, [1, 1, 1, nf])
        return tf.nn.conv2d(x, w, strides=[1, stride, stride, 1], padding=pad) + b
def fc(x, scope, nh, init_scale=1.0, init_bias=0.0):
    with tf.variable_scope(scope):
        nin = x.get_shape()[1].value
        w = tf.get_variable("w", [nin, nh], initializer=ortho_init(init_scale))
        b = tf.get_variable("b", [nh], initializer=tf.constant_initializer(init_bias))
        return tf.matmul(x, w)+b
def conv_to_fc(x):
    nh = np.prod([v.value for v in x.get_shape()[1:]])
    return tf.reshape(x, [-1, nh])
def nature_cnn(unscaled_images):
    scaled_images = tf.cast(unscaled_images, tf.float32) / 255.
    activ = tf.nn.relu
    h = activ(conv(scaled_images, 'c1', nf=4, rf=3, stride=2, init_scale=np.sqrt(2)))
    h2 = activ(conv(h, 'c2', nf=4, rf=2, stride=1, init_scale=np.sqrt(2)))
    h3 = conv_to_fc(h2)
    return activ(fc(h3, 'fc1', nh=8, init_scale=np.sqrt(2)))
X = tf.placeholder(tf.uint8, (None, 8, 8, 2), name='Ob')
with tf.variable_scope("model", reuse=False):
    h = nature_cnn(X)
    pi = fc(h, 'pi', 3, init_scale=0.01)
    vf = fc(h, 'v', 1)[:, 0]
A = tf.placeholder(tf.int32, [None])
ADV = tf.placeholder(tf.float32, [None])
R = tf.placeholder(tf.float32, [None])
LR = tf.placeholder(tf.float32, [])
neglogpac = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=pi, labels=A)
pg_loss = tf.reduce_mean(ADV * neglogpac)
vf_loss = tf.reduce_mean(tf.square(tf.squeeze(vf) - R) / 2.)
a0 = pi - tf.reduce_max(pi, 1, keepdims=True)
ea0 = tf.exp(a0)
z0 = tf.reduce_sum(ea0, 1, keepdims=True)
p0 = ea0 / z0
entropy = tf.reduce_mean(tf.reduce_sum(p0 * (tf.log(z0) - a0), 1))
loss = pg_loss - entropy * 0.01 + vf_loss * 0.5
def find_trainable_variables(key):
    with tf.variable_scope(key):
        return tf.trainable_variables()
params = find_trainable_variables("model")
grads = tf.gradients(loss, params)
grads, grad_norm = tf.clip_by_global_norm(grads, 0.5)
grads = list(zip(grads, params))
trainer = tf.train.RMSPropOptimizer(learning_rate=LR, decay=0.99, epsilon=1e-5)
_train = trainer.apply_gradients(grads)
rng = np.random.RandomState(3)
obs = rng.randint(0, 256, (4, 8, 8, 2)).astype(np.uint8)
rewards = np.array([1., 0., 0.5, -1.], np.float32)
actions = np.array([0, 2, 1, 1])
def discount_with_dones(rewards, dones, gamma):
    discounted = []
    r = 0
    for reward, done in zip(rewards[::-1], dones[::-1]):
        r = reward + gamma*r*(1.-done)
        discounted.append(r)
    return discounted[::-1]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["ortho"] = [float(np.abs(np.dot(sess.run(params[4]).T, sess.run(params[4])) - 2 * np.eye(8)).max() < 1e-5)]
    log = []
    for step in range(4):
        values = sess.run(vf, {X: obs})
        disc = np.array(discount_with_dones(rewards, [0, 0, 1, 0], 0.99), np.float32)
        advs = disc - values
        td_map = {X: obs, A: actions, ADV: advs, R: disc, LR: 7e-4}
        policy_loss, value_loss, policy_entropy, gn, _ = sess.run(
            [pg_loss, vf_loss, entropy, grad_norm, _train], td_map)
        log.append([float(policy_loss), float(value_loss), float(policy_entropy), float(gn)])
    out["log"] = log
out["params"] = [p.name for p in params]
out["shapes"] = [str(h.shape), str(vf.shape), str(neglogpac.shape)]
""",
    "ob_ppo2_clipped_loss": r"""
tf.set_random_seed(33)
ob = tf.placeholder(tf.float32, [None, 3])
with tf.variable_scope('ppo2_model', reuse=tf.AUTO_REUSE):
    h = tf.layers.dense(ob, 8, tf.tanh, name='mlp_fc0')
    pi = tf.layers.dense(h, 2, name='pi')
    vf = tf.layers.dense(h, 1, name='vf')[:, 0]
A = tf.placeholder(tf.int32, [None])
ADV = tf.placeholder(tf.float32, [None])
R = tf.placeholder(tf.float32, [None])
OLDNEGLOGPAC = tf.placeholder(tf.float32, [None])
OLDVPRED = tf.placeholder(tf.float32, [None])
LR = tf.placeholder(tf.float32, [])
CLIPRANGE = tf.placeholder(tf.float32, [])
neglogpac = tf.nn.softmax_cross_entropy_with_logits_v2(logits=pi, labels=tf.one_hot(A, 2))
a0 = pi - tf.reduce_max(pi, axis=-1, keepdims=True)
ea0 = tf.exp(a0)
z0 = tf.reduce_sum(ea0, axis=-1, keepdims=True)
entropy = tf.reduce_mean(tf.reduce_sum(ea0 / z0 * (tf.log(z0) - a0), axis=-1))
vpred = vf
vpredclipped = OLDVPRED + tf.clip_by_value(vf - OLDVPRED, - CLIPRANGE, CLIPRANGE)
vf_losses1 = tf.square(vpred - R)
vf_losses2 = tf.square(vpredclipped - R)
vf_loss = .5 * tf.reduce_mean(tf.maximum(vf_losses1, vf_losses2))
ratio = tf.exp(OLDNEGLOGPAC - neglogpac)
pg_losses = -ADV * ratio
pg_losses2 = -ADV * tf.clip_by_value(ratio, 1.0 - CLIPRANGE, 1.0 + CLIPRANGE)
pg_loss = tf.reduce_mean(tf.maximum(pg_losses, pg_losses2))
approxkl = .5 * tf.reduce_mean(tf.square(neglogpac - OLDNEGLOGPAC))
clipfrac = tf.reduce_mean(tf.to_float(tf.greater(tf.abs(ratio - 1.0), CLIPRANGE)))
loss = pg_loss - entropy * 0.01 + vf_loss * 0.5
params = tf.trainable_variables('ppo2_model')
trainer = tf.train.AdamOptimizer(learning_rate=LR, epsilon=1e-5)
grads_and_var = trainer.compute_gradients(loss, params)
grads, var = zip(*grads_and_var)
grads, _grad_norm = tf.clip_by_global_norm(grads, 0.5)
grads_and_var = list(zip(grads, var))
_train_op = trainer.apply_gradients(grads_and_var)
loss_names = ['policy_loss', 'value_loss', 'policy_entropy', 'approxkl', 'clipfrac']
stats_list = [pg_loss, vf_loss, entropy, approxkl, clipfrac]
rng = np.random.RandomState(33)
obs = rng.randn(6, 3).astype(np.float32)
actions = rng.randint(0, 2, 6)
returns = rng.randn(6).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    values, neglogpacs = sess.run([vf, neglogpac], {ob: obs, A: actions})
    advs = returns - values
    advs = (advs - advs.mean()) / (advs.std() + 1e-8)
    log = []
    for epoch in range(3):
        for start in (0, 3):
            mbinds = np.arange(start, start + 3)
            td_map = {ob: obs[mbinds], A: actions[mbinds], ADV: advs[mbinds], R: returns[mbinds],
                      LR: 0.01, CLIPRANGE: 0.2, OLDNEGLOGPAC: neglogpacs[mbinds],
                      OLDVPRED: values[mbinds]}
            log.append([float(v) for v in sess.run(stats_list + [_train_op], td_map)[:-1]])
    out["log"] = log
    def explained_variance(ypred, y):
        vary = np.var(y)
        return np.nan if vary == 0 else 1 - np.var(y-ypred)/vary
    out["ev"] = float(explained_variance(sess.run(vf, {ob: obs}), returns))
out["params"] = [p.name for p in params]
out["loss_names"] = dict(zip(loss_names, [t.name for t in stats_list]))
""",
    "ob_deepq_build_train_double_q": r"""
tf.set_random_seed(34)
def huber_loss(x, delta=1.0):
    return tf.where(tf.abs(x) < delta, tf.square(x) * 0.5, delta * (tf.abs(x) - 0.5 * delta))
def scope_vars(scope, trainable_only=False):
    return tf.get_collection(
        tf.GraphKeys.TRAINABLE_VARIABLES if trainable_only else tf.GraphKeys.GLOBAL_VARIABLES,
        scope=scope if isinstance(scope, str) else scope.name)
def scope_name():
    return tf.get_variable_scope().name
def absolute_scope_name(relative_scope_name):
    return scope_name() + "/" + relative_scope_name
def q_func(inpt, num_actions, scope, reuse=False):
    with tf.variable_scope(scope, reuse=reuse):
        out_ = inpt
        out_ = tf.layers.dense(out_, 8, activation=tf.nn.relu)
        out_ = tf.layers.dense(out_, num_actions, activation=None)
        return out_
num_actions = 3
gamma = 0.9
with tf.variable_scope("deepq", reuse=None):
    observations_ph = tf.placeholder(tf.float32, [None, 4], name="observation")
    stochastic_ph = tf.placeholder(tf.bool, (), name="stochastic")
    update_eps_ph = tf.placeholder(tf.float32, (), name="update_eps")
    eps = tf.get_variable("eps", (), initializer=tf.constant_initializer(0))
    q_values = q_func(observations_ph, num_actions, scope="q_func")
    deterministic_actions = tf.argmax(q_values, axis=1)
    batch_size = tf.shape(observations_ph)[0]
    random_actions = tf.random_uniform(tf.stack([batch_size]), minval=0, maxval=num_actions, dtype=tf.int64)
    chose_random = tf.random_uniform(tf.stack([batch_size]), minval=0, maxval=1, dtype=tf.float32) < eps
    stochastic_actions = tf.where(chose_random, random_actions, deterministic_actions)
    output_actions = tf.cond(stochastic_ph, lambda: stochastic_actions, lambda: deterministic_actions)
    update_eps_expr = eps.assign(tf.cond(update_eps_ph >= 0, lambda: update_eps_ph, lambda: eps))
    obs_t_input = tf.placeholder(tf.float32, [None, 4], name="obs_t")
    act_t_ph = tf.placeholder(tf.int32, [None], name="action")
    rew_t_ph = tf.placeholder(tf.float32, [None], name="reward")
    obs_tp1_input = tf.placeholder(tf.float32, [None, 4], name="obs_tp1")
    done_mask_ph = tf.placeholder(tf.float32, [None], name="done")
    importance_weights_ph = tf.placeholder(tf.float32, [None], name="weight")
    q_t = q_func(obs_t_input, num_actions, scope="q_func", reuse=True)
    q_func_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope=tf.get_variable_scope().name + "/q_func")
    q_tp1 = q_func(obs_tp1_input, num_actions, scope="target_q_func")
    target_q_func_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope=tf.get_variable_scope().name + "/target_q_func")
    q_t_selected = tf.reduce_sum(q_t * tf.one_hot(act_t_ph, num_actions), 1)
    q_tp1_using_online_net = q_func(obs_tp1_input, num_actions, scope="q_func", reuse=True)
    q_tp1_best_using_online_net = tf.argmax(q_tp1_using_online_net, 1)
    q_tp1_best = tf.reduce_sum(q_tp1 * tf.one_hot(q_tp1_best_using_online_net, num_actions), 1)
    q_tp1_best_masked = (1.0 - done_mask_ph) * q_tp1_best
    q_t_selected_target = rew_t_ph + gamma * q_tp1_best_masked
    td_error = q_t_selected - tf.stop_gradient(q_t_selected_target)
    errors = huber_loss(td_error)
    weighted_error = tf.reduce_mean(importance_weights_ph * errors)
    optimizer = tf.train.AdamOptimizer(learning_rate=5e-3)
    gradients = optimizer.compute_gradients(weighted_error, var_list=q_func_vars)
    for i, (grad, var) in enumerate(gradients):
        if grad is not None:
            gradients[i] = (tf.clip_by_norm(grad, 10), var)
    optimize_expr = optimizer.apply_gradients(gradients)
    update_target_expr = []
    for var, var_target in zip(sorted(q_func_vars, key=lambda v: v.name),
                               sorted(target_q_func_vars, key=lambda v: v.name)):
        update_target_expr.append(var_target.assign(var))
    update_target_expr = tf.group(*update_target_expr)
    out["abs_scope"] = absolute_scope_name("q_func")
rng = np.random.RandomState(34)
o = rng.randn(5, 4).astype(np.float32)
o1 = rng.randn(5, 4).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(update_target_expr)
    act = sess.run(output_actions, {observations_ph: o, stochastic_ph: False})
    sess.run(update_eps_expr, {update_eps_ph: 1.0})
    out["eps"] = [float(sess.run(eps)), L(act)]
    sess.run(update_eps_expr, {update_eps_ph: -1.0})
    out["eps_kept"] = float(sess.run(eps))
    rand_act = sess.run(output_actions, {observations_ph: o, stochastic_ph: True})
    out["rand_range"] = [bool((rand_act >= 0).all() and (rand_act < 3).all()), rand_act.dtype.name]
    log = []
    for t in range(4):
        feed = {obs_t_input: o, act_t_ph: [0, 1, 2, 1, 0], rew_t_ph: [1., 0., -1., 0.5, 0.],
                obs_tp1_input: o1, done_mask_ph: [0., 0., 1., 0., 0.],
                importance_weights_ph: np.ones(5, np.float32)}
        td, _ = sess.run([td_error, optimize_expr], feed)
        log.append(L(td))
        if t == 1:
            sess.run(update_target_expr)
    out["td"] = log
out["vars"] = [[v.name for v in q_func_vars], [v.name for v in target_q_func_vars]]
out["trainable"] = [v.name for v in scope_vars("deepq/q_func", trainable_only=True)]
out["names"] = [output_actions.name, update_eps_expr.name, stochastic_actions.dtype.name]
""",
    "ob_tf_util_function_and_running_stat": r"""
tf.set_random_seed(35)
class _Function(object):
    def __init__(self, inputs, outputs, updates, givens):
        self.inputs = inputs
        self.input_names = {inp.name.split("/")[-1].split(":")[0]: inp for inp in inputs}
        updates = updates or []
        self.update_group = tf.group(*updates)
        self.outputs_update = list(outputs) + [self.update_group]
        self.givens = {} if givens is None else givens
    def __call__(self, *args, **kwargs):
        feed_dict = {}
        for inpt, value in zip(self.inputs, args):
            feed_dict[inpt] = value
        for inpt_name, value in kwargs.items():
            feed_dict[self.input_names[inpt_name]] = value
        for inpt in self.givens:
            feed_dict[inpt] = feed_dict.get(inpt, self.givens[inpt])
        results = tf.get_default_session().run(self.outputs_update, feed_dict=feed_dict)[:-1]
        return results
def function(inputs, outputs, updates=None, givens=None):
    if isinstance(outputs, list):
        return _Function(inputs, outputs, updates, givens=givens)
    elif isinstance(outputs, (dict, dict)):
        f = _Function(inputs, outputs.values(), updates, givens=givens)
        return lambda *args, **kwargs: type(outputs)(zip(outputs.keys(), f(*args, **kwargs)))
    else:
        f = _Function(inputs, [outputs], updates, givens=givens)
        return lambda *args, **kwargs: f(*args, **kwargs)[0]
x = tf.placeholder(tf.int32, (), name="x")
y = tf.placeholder(tf.int32, (), name="y")
z = 3 * x + 2 * y
lin = function([x, y], z, givens={y: 0})
class RunningMeanStd(object):
    def __init__(self, epsilon=1e-2, shape=()):
        self._sum = tf.get_variable(dtype=tf.float64, shape=shape, initializer=tf.constant_initializer(0.0),
                                    name="runningsum", trainable=False)
        self._sumsq = tf.get_variable(dtype=tf.float64, shape=shape,
                                      initializer=tf.constant_initializer(epsilon),
                                      name="runningsumsq", trainable=False)
        self._count = tf.get_variable(dtype=tf.float64, shape=(), initializer=tf.constant_initializer(epsilon),
                                      name="count", trainable=False)
        self.shape = shape
        self.mean = tf.to_float(self._sum / self._count)
        self.std = tf.sqrt(tf.maximum(tf.to_float(self._sumsq / self._count) - tf.square(self.mean), 1e-2))
        newsum = tf.placeholder(shape=self.shape, dtype=tf.float64, name='sum')
        newsumsq = tf.placeholder(shape=self.shape, dtype=tf.float64, name='var')
        newcount = tf.placeholder(shape=[], dtype=tf.float64, name='count')
        self.incfiltparams = function([newsum, newsumsq, newcount], [],
            updates=[tf.assign_add(self._sum, newsum), tf.assign_add(self._sumsq, newsumsq),
                     tf.assign_add(self._count, newcount)])
    def update(self, x):
        x = x.astype('float64')
        n = int(np.prod(self.shape))
        addvec = np.concatenate([x.sum(axis=0).ravel(), np.square(x).sum(axis=0).ravel(),
                                 np.array([len(x)], dtype='float64')])
        self.incfiltparams(addvec[0:n].reshape(self.shape), addvec[n:2*n].reshape(self.shape), addvec[2*n])
with tf.variable_scope("obfilter"):
    rms = RunningMeanStd(shape=(3,))
with tf.Session() as sess:
    out["lin"] = [int(lin(2)), int(lin(2, 2)), int(lin(x=3)), type(lin(2)).__name__]
    sess.run(tf.global_variables_initializer())
    rng = np.random.RandomState(35)
    for _ in range(3):
        rms.update(rng.randn(5, 3) * 2 + 1)
    out["rms"] = [L(sess.run(rms.mean)), L(sess.run(rms.std)), rms.mean.dtype.name]
    dict_f = function([x], {"double": 2 * x, "square": x * x})
    out["dict_f"] = sorted((k, int(v)) for k, v in dict_f(4).items())
out["names"] = [v.name for v in tf.global_variables()] + [rms.mean.name]
""",
}

WAVENET = {
    "wn_causal_conv_time_to_batch": r"""
tf.set_random_seed(41)
def time_to_batch(value, dilation, name=None):
    with tf.name_scope('time_to_batch'):
        shape = tf.shape(value)
        pad_elements = dilation - 1 - (shape[1] + dilation - 1) % dilation
        padded = tf.pad(value, [[0, 0], [0, pad_elements], [0, 0]])
        reshaped = tf.reshape(padded, [-1, dilation, shape[2]])
        transposed = tf.transpose(reshaped, perm=[1, 0, 2])
        return tf.reshape(transposed, [shape[0] * dilation, -1, shape[2]])
def batch_to_time(value, dilation, name=None):
    with tf.name_scope('batch_to_time'):
        shape = tf.shape(value)
        prepared = tf.reshape(value, [dilation, -1, shape[2]])
        transposed = tf.transpose(prepared, perm=[1, 0, 2])
        return tf.reshape(transposed, [tf.div(shape[0], dilation), -1, shape[2]])
def causal_conv(value, filter_, dilation, name='causal_conv'):
    with tf.name_scope(name):
        filter_width = tf.shape(filter_)[0]
        if dilation > 1:
            transformed = time_to_batch(value, dilation)
            conv = tf.nn.conv1d(transformed, filter_, stride=1, padding='VALID')
            restored = batch_to_time(conv, dilation)
        else:
            restored = tf.nn.conv1d(value, filter_, stride=1, padding='VALID')
        out_width = tf.shape(value)[1] - (filter_width - 1) * dilation
        result = tf.slice(restored, [0, 0, 0], [-1, out_width, -1])
        return result
x = tf.placeholder(tf.float32, [1, None, 2])
xv = np.arange(20, dtype=np.float32).reshape(1, 10, 2) / 10.
f = tf.constant(np.arange(8, dtype=np.float32).reshape(2, 2, 2) / 8.)
with tf.Session() as sess:
    t2b = sess.run(time_to_batch(x, 2), {x: xv})
    out["t2b"] = [list(t2b.shape), L(t2b[1])]
    out["roundtrip"] = bool(np.array_equal(sess.run(batch_to_time(time_to_batch(x, 4), 4), {x: xv})[:, :10], xv))
    for dilation in (1, 2, 4):
        out["causal_%d" % dilation] = L(sess.run(causal_conv(x, f, dilation), {x: xv}))
    dilated = tf.nn.convolution(tf.pad(x, [[0, 0], [2, 0], [0, 0]]), f, padding='VALID', dilation_rate=[2])
    out["convolution_dilated"] = L(sess.run(dilated, {x: xv})[0, :4])
    g = tf.gradients(tf.reduce_sum(causal_conv(x, f, 2) ** 2), [x])[0]
    out["grad"] = L(sess.run(g, {x: xv})[0, :5])
out["shape"] = str(causal_conv(x, f, 2).shape)
""",
    "wn_mu_law_and_gated_stack": r"""
tf.set_random_seed(42)
def mu_law_encode(audio, quantization_channels):
    with tf.name_scope('encode'):
        mu = tf.to_float(quantization_channels - 1)
        safe_audio_abs = tf.minimum(tf.abs(audio), 1.0)
        magnitude = tf.log1p(mu * safe_audio_abs) / tf.log1p(mu)
        signal = tf.sign(audio) * magnitude
        return tf.to_int32((signal + 1) / 2 * mu + 0.5)
def mu_law_decode(output, quantization_channels):
    with tf.name_scope('decode'):
        mu = quantization_channels - 1
        signal = 2 * (tf.to_float(output) / mu) - 1
        magnitude = (1 / mu) * ((1 + mu)**abs(signal) - 1)
        return tf.sign(signal) * magnitude
audio = tf.placeholder(tf.float32, [None])
av = np.array([-1.2, -1., -0.5, -0.01, 0., 0.003, 0.2, 0.9, 1.0, 1.5], np.float32)
enc = mu_law_encode(audio, 256)
dec = mu_law_decode(enc, 256)
quantization_channels = 16
residual_channels = 4
dilation_channels = 3
skip_channels = 5
dilations = [1, 2]
def create_variable(name, shape):
    initializer = contrib.layers.xavier_initializer(uniform=False)
    return tf.Variable(initializer(shape=shape), name=name)
def create_bias_variable(name, shape):
    return tf.Variable(tf.constant_initializer(value=0.0, dtype=tf.float32)(shape=shape), name=name)
variables = {}
with tf.variable_scope('wavenet'):
    with tf.variable_scope('causal_layer'):
        variables['causal_layer'] = {'filter': create_variable('filter', [2, quantization_channels, residual_channels])}
    variables['dilated_stack'] = []
    with tf.variable_scope('dilated_stack'):
        for i, dilation in enumerate(dilations):
            with tf.variable_scope('layer{}'.format(i)):
                current = {}
                current['filter'] = create_variable('filter', [2, residual_channels, dilation_channels])
                current['gate'] = create_variable('gate', [2, residual_channels, dilation_channels])
                current['dense'] = create_variable('dense', [1, dilation_channels, residual_channels])
                current['skip'] = create_variable('skip', [1, dilation_channels, skip_channels])
                current['filter_bias'] = create_bias_variable('filter_bias', [dilation_channels])
                variables['dilated_stack'].append(current)
    with tf.variable_scope('postprocessing'):
        variables['postprocessing'] = {
            'postprocess1': create_variable('postprocess1', [1, skip_channels, skip_channels]),
            'postprocess2': create_variable('postprocess2', [1, skip_channels, quantization_channels])}
def causal(value, filter_, dilation):
    padded = tf.pad(value, [[0, 0], [(filter_.shape[0].value - 1) * dilation, 0], [0, 0]])
    return tf.nn.convolution(padded, filter_, padding='VALID', dilation_rate=[dilation])
encoded = tf.one_hot(mu_law_encode(audio, quantization_channels), depth=quantization_channels)
network_input = tf.reshape(encoded, [1, -1, quantization_channels])
current_layer = causal(network_input, variables['causal_layer']['filter'], 1)
outputs = []
for i, dilation in enumerate(dilations):
    v = variables['dilated_stack'][i]
    conv_filter = causal(current_layer, v['filter'], dilation) + v['filter_bias']
    conv_gate = causal(current_layer, v['gate'], dilation)
    o = tf.tanh(conv_filter) * tf.sigmoid(conv_gate)
    transformed = tf.nn.conv1d(o, v['dense'], stride=1, padding="SAME")
    outputs.append(tf.nn.conv1d(o, v['skip'], stride=1, padding="SAME"))
    current_layer = current_layer + transformed
total = sum(outputs)
raw_output = tf.nn.conv1d(tf.nn.relu(total),
                          variables['postprocessing']['postprocess1'], stride=1, padding="SAME")
raw_output = tf.nn.conv1d(tf.nn.relu(raw_output), variables['postprocessing']['postprocess2'],
                          stride=1, padding="SAME")
target_output = tf.slice(tf.reshape(encoded, [1, -1, quantization_channels]), [0, 1, 0], [-1, -1, -1])
prediction = tf.reshape(tf.slice(raw_output, [0, 0, 0], [-1, tf.shape(target_output)[1], -1]),
                        [-1, quantization_channels])
loss = tf.nn.softmax_cross_entropy_with_logits(logits=prediction,
                                               labels=tf.reshape(target_output, [-1, quantization_channels]))
reduced_loss = tf.reduce_mean(loss)
l2 = 0.01 * tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables() if not ('bias' in v.name)])
optim = tf.train.AdamOptimizer(learning_rate=1e-2, epsilon=1e-4).minimize(reduced_loss + l2,
                                                                          var_list=tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    e, d = sess.run([enc, dec], {audio: av})
    out["mu_law"] = [L(e), L(d)]
    log = []
    for _ in range(4):
        l, _ = sess.run([reduced_loss, optim], {audio: np.sin(np.arange(12) / 2.).astype(np.float32)})
        log.append(float(l))
    out["log"] = log
out["vars"] = [v.name for v in tf.trainable_variables()]
out["shapes"] = [str(raw_output.shape), str(prediction.shape), str(encoded.shape)]
""",
}

CAPSNET = {
    "cn_squash_routing_margin_loss": r"""
tf.set_random_seed(51)
epsilon = 1e-9
iter_routing = 3
batch_size = 2
def squash(vector):
    vec_squared_norm = tf.reduce_sum(tf.square(vector), -2, keepdims=True)
    scalar_factor = vec_squared_norm / (1 + vec_squared_norm) / tf.sqrt(vec_squared_norm + epsilon)
    return scalar_factor * vector
def routing(input, b_IJ, num_outputs=3, num_dims=4):
    input_shape = input.get_shape().as_list()
    W = tf.get_variable('Weight', shape=[1, input_shape[1], num_dims * num_outputs] + input_shape[-2:],
                        dtype=tf.float32, initializer=tf.random_normal_initializer(stddev=0.1))
    biases = tf.get_variable('bias', shape=(1, 1, num_outputs, num_dims, 1))
    input = tf.tile(input, [1, 1, num_dims * num_outputs, 1, 1])
    u_hat = tf.reduce_sum(W * input, axis=3, keepdims=True)
    u_hat = tf.reshape(u_hat, shape=[-1, input_shape[1], num_outputs, num_dims, 1])
    u_hat_stopped = tf.stop_gradient(u_hat, name='stop_gradient')
    for r_iter in range(iter_routing):
        with tf.variable_scope('iter_' + str(r_iter)):
            c_IJ = tf.nn.softmax(b_IJ, axis=2)
            if r_iter == iter_routing - 1:
                s_J = tf.multiply(c_IJ, u_hat)
                s_J = tf.reduce_sum(s_J, axis=1, keepdims=True) + biases
                v_J = squash(s_J)
            elif r_iter < iter_routing - 1:
                s_J = tf.multiply(c_IJ, u_hat_stopped)
                s_J = tf.reduce_sum(s_J, axis=1, keepdims=True) + biases
                v_J = squash(s_J)
                v_J_tiled = tf.tile(v_J, [1, input_shape[1], 1, 1, 1])
                u_produce_v = tf.reduce_sum(u_hat_stopped * v_J_tiled, axis=3, keepdims=True)
                b_IJ += u_produce_v
    return v_J
X = tf.placeholder(tf.float32, [batch_size, 6, 6, 1])
Y = tf.placeholder(tf.float32, [batch_size, 3])
with tf.variable_scope('Conv1_layer'):
    conv1 = tf.layers.conv2d(X, 4, 3, 1, 'valid', activation=tf.nn.relu)
with tf.variable_scope('PrimaryCaps_layer'):
    capsules = tf.layers.conv2d(conv1, 2 * 3, 3, 2, 'valid', activation=None)
    capsules = tf.reshape(capsules, (batch_size, -1, 3, 1))
    capsules = squash(capsules)
with tf.variable_scope('DigitCaps_layer'):
    input = tf.reshape(capsules, shape=(batch_size, -1, 1, capsules.shape[-2].value, 1))
    with tf.variable_scope('routing'):
        b_IJ = tf.constant(np.zeros([batch_size, input.shape[1].value, 3, 1, 1], dtype=np.float32))
        caps2 = routing(input, b_IJ, num_outputs=3, num_dims=4)
        caps2 = tf.squeeze(caps2, axis=1)
v_length = tf.sqrt(tf.reduce_sum(tf.square(caps2), axis=2, keepdims=True) + epsilon)
softmax_v = tf.nn.softmax(v_length, axis=1)
argmax_idx = tf.to_int32(tf.argmax(softmax_v, axis=1))
argmax_idx = tf.reshape(argmax_idx, shape=(batch_size, ))
masked_v = tf.multiply(tf.squeeze(caps2), tf.reshape(Y, (-1, 3, 1)))
vector_j = tf.reshape(masked_v, shape=(batch_size, -1))
fc1 = tf.layers.dense(vector_j, 8, activation=tf.nn.relu)
decoded = tf.layers.dense(fc1, 36, activation=tf.sigmoid)
max_l = tf.square(tf.maximum(0., 0.9 - v_length))
max_r = tf.square(tf.maximum(0., v_length - 0.1))
max_l = tf.reshape(max_l, shape=(batch_size, -1))
max_r = tf.reshape(max_r, shape=(batch_size, -1))
L_c = Y * max_l + 0.5 * (1 - Y) * max_r
margin_loss = tf.reduce_mean(tf.reduce_sum(L_c, axis=1))
orgin = tf.reshape(X, shape=(batch_size, -1))
reconstruction_err = tf.reduce_mean(tf.square(decoded - orgin))
total_loss = margin_loss + 0.392 * reconstruction_err
global_step = tf.Variable(0, name='global_step', trainable=False)
train_op = tf.train.AdamOptimizer().minimize(total_loss, global_step=global_step)
tf.summary.scalar('train/margin_loss', margin_loss)
tf.summary.scalar('train/reconstruction_loss', reconstruction_err)
recon_img = tf.reshape(decoded, shape=(batch_size, 6, 6, 1))
tf.summary.image('reconstruction_img', recon_img)
train_summary = tf.summary.merge_all()
correct_prediction = tf.equal(tf.to_int32(tf.argmax(Y, 1)), argmax_idx)
accuracy = tf.reduce_sum(tf.cast(correct_prediction, tf.float32))
rng = np.random.RandomState(51)
xv = rng.rand(batch_size, 6, 6, 1).astype(np.float32)
yv = np.eye(3, dtype=np.float32)[[0, 2]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for step in range(3):
        _, loss, m, r, acc, summ = sess.run([train_op, total_loss, margin_loss, reconstruction_err,
                                              accuracy, train_summary], {X: xv, Y: yv})
        log.append([float(loss), float(m), float(r), float(acc)])
    out["log"] = log
    out["v_length"] = L(sess.run(v_length, {X: xv})[:, :, 0, 0])
    out["gs"] = int(sess.run(global_step))
out["vars"] = [[v.name, v.shape.as_list()] for v in tf.global_variables() if 'Adam' not in v.name]
out["shapes"] = [str(t.shape) for t in (conv1, capsules, input, caps2, v_length, argmax_idx, masked_v)]
""",
}


# More programs of the same sources.
EXTRA = {
    "pt_supervisor_summary_feed_and_finalized": r"""
# a summary that needs a feed: TF's summary thread fails on its first run, which stops the
# supervisor and is raised when it stops; the graph is finalized, so `v * 2` is refused
x = tf.placeholder(tf.float32, [], name="x")
v = tf.Variable(1.0)
tf.summary.scalar("x", x * v)
sv = tf.train.Supervisor(logdir=tempfile.mkdtemp())
res = []
def body():
    with sv.managed_session() as sess:
        res.append(raises(lambda: v * 2))
        res.append(raises(lambda: tf.constant(3)))
        res.append(float(sess.run(v)))
out["raised_on_stop"] = raises(body)
out["inside"] = res
out["finalized"] = tf.get_default_graph().finalized
""",
    "kt_attention_image_summary": r"""
tf.set_random_seed(14)
Q = tf.placeholder(tf.float32, [None, 3, 4])
K = tf.placeholder(tf.float32, [None, 5, 4])
outputs = tf.matmul(Q, tf.transpose(K, [0, 2, 1])) / 4 ** 0.5
outputs = tf.nn.softmax(outputs)
attention = tf.transpose(outputs, [0, 2, 1])
tf.summary.image("attention", tf.expand_dims(attention[:1], -1))
tf.summary.image("signed", tf.expand_dims(attention - 0.2, -1), max_outputs=2)
tf.summary.image("bytes", tf.cast(tf.expand_dims(attention[:1], -1) * 255, tf.uint8))
summaries = tf.summary.merge_all()
rng = np.random.RandomState(14)
qv, kv = rng.randn(2, 3, 4), rng.randn(2, 5, 4)
qv[1, 0, 0] = np.nan
d = tempfile.mkdtemp()
with tf.Session() as sess:
    writer = tf.summary.FileWriter(d)
    writer.add_summary(sess.run(summaries, {Q: qv, K: kv}), 3)
    writer.close()
    images = []
    for f in os.listdir(d):
        for e in tf.train.summary_iterator(os.path.join(d, f)):
            for v in e.summary.value:
                pixels = sess.run(tf.image.decode_png(v.image.encoded_image_string))
                images.append([e.step, v.tag, v.image.height, v.image.width, v.image.colorspace,
                               L(pixels[..., 0])])
    out["images"] = sorted(images, key=lambda i: i[1])
    out["bad_rank"] = raises(lambda: sess.run(tf.summary.image("r", attention), {Q: qv, K: kv}))
out["int_image"] = raises(lambda: tf.summary.image("i", tf.zeros([1, 2, 2, 1], tf.int32)))
out["names"] = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
""",
    "hk_mnist_introduction_random_sample": r"""
tf.set_random_seed(777)
x_train, y_train = mnist(30, seed=9)
nb_classes = 10
X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, nb_classes])
W = tf.Variable(tf.random_normal([784, nb_classes]))
b = tf.Variable(tf.random_normal([nb_classes]))
hypothesis = tf.nn.softmax(tf.matmul(X, W) + b)
cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis=1))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(cost)
is_correct = tf.equal(tf.arg_max(hypothesis, 1), tf.arg_max(Y, 1))
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))
training_epochs = 3
batch_size = 10
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(training_epochs):
        avg_cost = 0
        total_batch = int(len(x_train) / batch_size)
        for i in range(total_batch):
            batch_xs, batch_ys = x_train[i*10:(i+1)*10], y_train[i*10:(i+1)*10]
            c, _ = sess.run([cost, optimizer], feed_dict={X: batch_xs, Y: batch_ys})
            avg_cost += c / total_batch
        log.append(['Epoch: %04d' % (epoch + 1), float(avg_cost)])
    out["log"] = log
    out["acc"] = float(accuracy.eval(session=sess, feed_dict={X: x_train, Y: y_train}))
    r = 7
    out["label"] = L(sess.run(tf.argmax(y_train[r:r + 1], 1)))
    out["prediction"] = L(sess.run(tf.argmax(hypothesis, 1), feed_dict={X: x_train[r:r + 1]}))
out["dtypes"] = [is_correct.dtype.name, tf.arg_max(hypothesis, 1).dtype.name]
""",
    "hk_linear_regression_tensorflow_org": r"""
W = tf.Variable([.3], tf.float32)
b = tf.Variable([-.3], tf.float32)
x = tf.placeholder(tf.float32)
y = tf.placeholder(tf.float32)
linear_model = x * W + b
loss = tf.reduce_sum(tf.square(linear_model - y))
optimizer = tf.train.GradientDescentOptimizer(0.01)
train = optimizer.minimize(loss)
x_train = [1, 2, 3, 4]
y_train = [0, -1, -2, -3]
init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)
for i in range(100):
    sess.run(train, {x: x_train, y: y_train})
curr_W, curr_b, curr_loss = sess.run([W, b, loss], {x: x_train, y: y_train})
out["result"] = ["W: %s b: %s loss: %s" % (curr_W, curr_b, curr_loss), L(curr_W), L(curr_b), float(curr_loss)]
out["dtype_as_trainable"] = [W.dtype.name, W in tf.trainable_variables(), str(linear_model.shape)]
""",
    "hk_multi_variable_and_matmul": r"""
tf.set_random_seed(777)
x1_data = [73., 93., 89., 96., 73.]
x2_data = [80., 88., 91., 98., 66.]
x3_data = [75., 93., 90., 100., 70.]
y_data = [152., 185., 180., 196., 142.]
x1 = tf.placeholder(tf.float32)
x2 = tf.placeholder(tf.float32)
x3 = tf.placeholder(tf.float32)
Y = tf.placeholder(tf.float32)
w1 = tf.Variable(tf.random_normal([1]), name='weight1')
w2 = tf.Variable(tf.random_normal([1]), name='weight2')
w3 = tf.Variable(tf.random_normal([1]), name='weight3')
b = tf.Variable(tf.random_normal([1]), name='bias')
hypothesis = x1 * w1 + x2 * w2 + x3 * w3 + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
train = tf.train.GradientDescentOptimizer(learning_rate=1e-5).minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
log = []
for step in range(41):
    cost_val, hy_val, _ = sess.run([cost, hypothesis, train],
                                   feed_dict={x1: x1_data, x2: x2_data, x3: x3_data, Y: y_data})
    if step % 20 == 0:
        log.append([step, float(cost_val), L(hy_val)])
out["separate"] = log
x_data = [[73., 80., 75.], [93., 88., 93.], [89., 91., 90.], [96., 98., 100.], [73., 66., 70.]]
y2 = [[152.], [185.], [180.], [196.], [142.]]
X = tf.placeholder(tf.float32, shape=[None, 3])
Y2 = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.random_normal([3, 1]), name='weight')
b2 = tf.Variable(tf.random_normal([1]), name='bias')
hypothesis2 = tf.matmul(X, W) + b2
cost2 = tf.reduce_mean(tf.square(hypothesis2 - Y2))
train2 = tf.train.GradientDescentOptimizer(learning_rate=1e-5).minimize(cost2)
sess.run(tf.global_variables_initializer())
log = []
for step in range(41):
    cost_val, hy_val, _ = sess.run([cost2, hypothesis2, train2], feed_dict={X: x_data, Y2: y2})
    if step % 20 == 0:
        log.append([step, float(cost_val), L(hy_val[:2])])
out["matmul"] = log
out["names"] = [w1.name, b.name, W.name, b2.name, hypothesis.name, hypothesis2.name]
""",
    "hk_softmax_classifier_arg_max": r"""
tf.set_random_seed(777)
x_data = [[1, 2, 1, 1], [2, 1, 3, 2], [3, 1, 3, 4], [4, 1, 5, 5], [1, 7, 5, 5], [1, 2, 5, 6],
          [1, 6, 6, 6], [1, 7, 7, 7]]
y_data = [[0, 0, 1], [0, 0, 1], [0, 0, 1], [0, 1, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0], [1, 0, 0]]
X = tf.placeholder("float", [None, 4])
Y = tf.placeholder("float", [None, 3])
nb_classes = 3
W = tf.Variable(tf.random_normal([4, nb_classes]), name='weight')
b = tf.Variable(tf.random_normal([nb_classes]), name='bias')
hypothesis = tf.nn.softmax(tf.matmul(X, W) + b)
cost = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(hypothesis), axis=1))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(cost)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    costs = []
    for step in range(201):
        _, cost_val = sess.run([optimizer, cost], feed_dict={X: x_data, Y: y_data})
        if step % 100 == 0:
            costs.append(float(cost_val))
    out["costs"] = costs
    a = sess.run(hypothesis, feed_dict={X: [[1, 11, 7, 9]]})
    out["a"] = [L(a), L(sess.run(tf.arg_max(a, 1))), L(sess.run(tf.argmax(a, 1)))]
    all_ = sess.run(hypothesis, feed_dict={X: [[1, 11, 7, 9], [1, 3, 4, 3], [1, 1, 0, 1]]})
    out["all"] = [L(all_), L(sess.run(tf.argmax(all_, 1))), sess.run(tf.arg_max(all_, 1)).dtype.name]
out["fed_string_dtype"] = [X.dtype.name, str(hypothesis.shape)]
""",
    "mz_tensorboard_name_scopes": r"""
tf.set_random_seed(1)
np.random.seed(1)
x = np.linspace(-1, 1, 20)[:, np.newaxis]
y = np.power(x, 2) + np.random.normal(0, 0.1, size=x.shape)
with tf.variable_scope('Inputs'):
    tf_x = tf.placeholder(tf.float32, x.shape, name='x')
    tf_y = tf.placeholder(tf.float32, y.shape, name='y')
with tf.variable_scope('Net'):
    l1 = tf.layers.dense(tf_x, 10, tf.nn.relu, name='hidden_layer')
    output = tf.layers.dense(l1, 1, name='output_layer')
    tf.summary.histogram('h_out', l1)
    tf.summary.histogram('pred', output)
loss = tf.losses.mean_squared_error(tf_y, output, scope='loss')
train_op = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(loss)
tf.summary.scalar('loss', loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
d = tempfile.mkdtemp()
writer = tf.summary.FileWriter(d, sess.graph)
merge_op = tf.summary.merge_all()
for step in range(5):
    _, result = sess.run([train_op, merge_op], {tf_x: x, tf_y: y})
    writer.add_summary(result, step)
writer.close()
events = []
for f in os.listdir(d):
    for e in tf.train.summary_iterator(os.path.join(d, f)):
        for v in e.summary.value:
            events.append([e.step, v.tag, round(v.simple_value, 5) if v.HasField('simple_value') else
                           [v.histo.num, round(v.histo.min, 5), round(v.histo.max, 5)]])
out["events"] = sorted(events, key=lambda e: (e[0], e[1]))
out["names"] = [tf_x.name, l1.name, output.name, loss.name, merge_op.name,
                [v.name for v in tf.trainable_variables()]]
""",
    "ob_lstm_batch_to_seq_masks": r"""
tf.set_random_seed(36)
def batch_to_seq(h, nbatch, nsteps, flat=False):
    if flat:
        h = tf.reshape(h, [nbatch, nsteps])
    else:
        h = tf.reshape(h, [nbatch, nsteps, -1])
    return [tf.squeeze(v, [1]) for v in tf.split(axis=1, num_or_size_splits=nsteps, value=h)]
def seq_to_batch(h, flat=False):
    shape = h[0].get_shape().as_list()
    if not flat:
        nh = h[0].get_shape()[-1].value
        return tf.reshape(tf.concat(axis=1, values=h), [-1, nh])
    else:
        return tf.reshape(tf.stack(values=h, axis=1), [-1])
def lstm(xs, ms, s, scope, nh, init_scale=1.0):
    nbatch, nin = [v.value for v in xs[0].get_shape()]
    with tf.variable_scope(scope):
        wx = tf.get_variable("wx", [nin, nh*4], initializer=tf.orthogonal_initializer(init_scale))
        wh = tf.get_variable("wh", [nh, nh*4], initializer=tf.orthogonal_initializer(init_scale))
        b = tf.get_variable("b", [nh*4], initializer=tf.constant_initializer(0.0))
    c, h = tf.split(axis=1, num_or_size_splits=2, value=s)
    for idx, (x, m) in enumerate(zip(xs, ms)):
        c = c*(1-m)
        h = h*(1-m)
        z = tf.matmul(x, wx) + tf.matmul(h, wh) + b
        i, f, o, u = tf.split(axis=1, num_or_size_splits=4, value=z)
        i = tf.nn.sigmoid(i)
        f = tf.nn.sigmoid(f)
        o = tf.nn.sigmoid(o)
        u = tf.tanh(u)
        c = f*c + i*u
        h = o*tf.tanh(c)
        xs[idx] = h
    s = tf.concat(axis=1, values=[c, h])
    return xs, s
nenv, nsteps, nh = 2, 3, 4
X = tf.placeholder(tf.float32, [nenv * nsteps, 5])
M = tf.placeholder(tf.float32, [nenv * nsteps])
S = tf.placeholder(tf.float32, [nenv, 2 * nh])
xs = batch_to_seq(X, nenv, nsteps)
ms = batch_to_seq(M, nenv, nsteps)
h5, snew = lstm(xs, ms, S, 'lstm1', nh=nh)
h5 = seq_to_batch(h5)
vf = tf.layers.dense(h5, 1)[:, 0]
g = tf.gradients(tf.reduce_sum(vf), [X, S])
rng = np.random.RandomState(36)
xv = rng.randn(6, 5).astype(np.float32)
mv = np.array([0, 0, 1, 0, 0, 0], np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    state = np.zeros((nenv, 2 * nh), np.float32)
    log = []
    for _ in range(2):
        v, state = sess.run([vf, snew], {X: xv, M: mv, S: state})
        log.append([L(v), L(state[0])])
    out["log"] = log
    out["grads"] = [L(t[0]) for t in sess.run(g, {X: xv, M: mv, S: state})]
    wx = sess.run(tf.trainable_variables()[0])
    out["ortho_rows"] = bool(np.allclose(wx.dot(wx.T), np.eye(5), atol=1e-5))
out["shapes"] = [str(xs[0].shape), str(ms[0].shape), str(h5.shape), str(snew.shape), len(xs)]
""",
    "pt_reader_producer_values": r"""
raw_data = [4, 3, 2, 1, 0, 5, 6, 1, 1, 1, 1, 0, 3, 4, 1]
batch_size = 3
num_steps = 2
with tf.name_scope("PTBProducer"):
    raw = tf.convert_to_tensor(raw_data, name="raw_data", dtype=tf.int32)
    data_len = tf.size(raw)
    batch_len = data_len // batch_size
    data = tf.reshape(raw[0: batch_size * batch_len], [batch_size, batch_len])
    epoch_size = (batch_len - 1) // num_steps
    assertion = tf.assert_positive(epoch_size, message="epoch_size == 0, decrease batch_size or num_steps")
    with tf.control_dependencies([assertion]):
        epoch_size = tf.identity(epoch_size, name="epoch_size")
    i = tf.train.range_input_producer(epoch_size, shuffle=False).dequeue()
    x = tf.strided_slice(data, [0, i * num_steps], [batch_size, (i + 1) * num_steps])
    x.set_shape([batch_size, num_steps])
    y = tf.strided_slice(data, [0, i * num_steps + 1], [batch_size, (i + 1) * num_steps + 1])
    y.set_shape([batch_size, num_steps])
with tf.Session() as session:
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(session, coord=coord)
    try:
        vals = []
        for _ in range(3):
            xval, yval = session.run([x, y])
            vals.append([L(xval), L(yval)])
        out["vals"] = vals
        out["epoch_size"] = int(session.run(epoch_size))
    finally:
        coord.request_stop()
        coord.join(threads)
with tf.Graph().as_default():
    x2 = tf.strided_slice(tf.reshape(tf.range(4), [2, 2]), [0, 0], [2, 2])
    too_small = tf.assert_positive((tf.size(tf.range(4)) // 4 - 1) // 2, message="epoch_size == 0")
    with tf.Session() as s2:
        out["assert"] = raises(lambda: s2.run(too_small))
out["names"] = [x.name, y.name, epoch_size.name, i.name, str(x.shape), x.dtype.name]
""",
}


PROGRAMS = {
    **HUNKIM,
    **MORVAN,
    **DENNY,
    **CHARRNN,
    **PTB,
    **WGAN,
    **TRANSFORMER,
    **NEURALSTYLE,
    **BASELINES,
    **WAVENET,
    **CAPSNET,
    **EXTRA,
}


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)
    results = harness.run_programs(tf, PROGRAMS, PRELUDE)
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main()
