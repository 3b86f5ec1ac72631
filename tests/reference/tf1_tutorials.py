"""Record what TensorFlow 1.x computes for programs as the most-copied TF1 tutorial
repositories write them (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_tutorials.py \
        > tests/unit/engine/fixtures/tf1_tutorials.json

(the venv needs `tensorflow-cpu` and `tf-keras` of the same version.)

Re-typed at tiny sizes, in each repository's own idioms: aymericdamien's
TensorFlow-Examples (`ae_`), nlintz's TensorFlow-Tutorials (`nl_`), Stanford's CS20
(`cs_`), golbin's TensorFlow-Tutorials (`gb_`), Hvass-Labs' TensorFlow-Tutorials (`hv_`)
and sjchoi86's Tensorflow-101 (`sj_`). No data comes from the internet: `mnist(n, seed)`
makes MNIST-shaped arrays whose labels follow from the pixels, so training moves the
accuracy. Initial values are seeded (`tf.set_random_seed`) or explicit. Where TensorFlow's
executor may order a variable's read after its update in the same run (the tutorials'
`sess.run([train_a, train_b, ...])`), only what does not depend on that order is stored.
TensorFlow 2 has no `tf.contrib`: `rnn` is TF1's `tf.contrib.rnn` where `tf` has contrib
(graphgate) and the same cells and functions under `tf.nn` here, as TF1 aliased them.

Each program stores what it observed in `out[...]`; `tests/unit/engine/test_tf1_tutorials.py`
runs the same text against graphgate and compares.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


# What tutorial programs of every suite may use: `L` (a value as plain lists, floats as
# float64), `mnist(n, seed)` and `event_tags(logdir)` (tf1_tutorials2 and 3 share it).
DATA = r"""
import os, tempfile
from types import SimpleNamespace
def L(v):
    a = np.asarray(v)
    if a.dtype.kind == "f": a = a.astype(np.float64)
    return a.tolist()
def mnist(n, seed=0, flat=True, one_hot=True):
    rng = np.random.RandomState(seed)
    x = rng.rand(n, 784).astype(np.float32)
    y = x[:, :780].reshape(n, 10, 78).mean(2).argmax(1)
    if not flat: x = x.reshape(n, 28, 28, 1)
    return x, (np.eye(10, dtype=np.float32)[y] if one_hot else y)
def event_tags(d):
    tags = []
    for f in sorted(os.listdir(d)):
        for e in tf.train.summary_iterator(os.path.join(d, f)):
            if e.summary.value:
                tags.append([e.step, sorted(v.tag for v in e.summary.value)])
    return tags
"""

PRELUDE = (
    DATA
    + r"""
if hasattr(tf, "contrib"):
    rnn = tf.contrib.rnn
else:
    rnn = SimpleNamespace(
        BasicLSTMCell=tf.nn.rnn_cell.BasicLSTMCell, BasicRNNCell=tf.nn.rnn_cell.BasicRNNCell,
        GRUCell=tf.nn.rnn_cell.GRUCell, MultiRNNCell=tf.nn.rnn_cell.MultiRNNCell,
        DropoutWrapper=tf.nn.rnn_cell.DropoutWrapper, LSTMStateTuple=tf.nn.rnn_cell.LSTMStateTuple,
        static_rnn=tf.nn.static_rnn, static_bidirectional_rnn=tf.nn.static_bidirectional_rnn)
"""
)


AYMERIC = {
    "ae_basic_operations_and_printing": r"""
hello = tf.constant('Hello, TensorFlow!')
sess = tf.Session()
h = sess.run(hello)
out["hello"] = [type(h).__name__, h.decode()]
a = tf.constant(2)
b = tf.constant(3)
with tf.Session() as sess:
    out["const"] = ["a=%i, b=%i" % (sess.run(a), sess.run(b)),
                    "Addition with constants: %i" % sess.run(a+b),
                    "Multiplication with constants: %i" % sess.run(a*b)]
a = tf.placeholder(tf.int16)
b = tf.placeholder(tf.int16)
add = tf.add(a, b)
mul = tf.multiply(a, b)
with tf.Session() as sess:
    r1 = sess.run(add, feed_dict={a: 2, b: 3})
    r2 = sess.run(mul, feed_dict={a: 2, b: 3})
    out["fed"] = [int(r1), type(r1).__name__, int(r2), type(r2).__name__,
                  "Addition with variables: %i" % r1]
matrix1 = tf.constant([[3., 3.]])
matrix2 = tf.constant([[2.],[2.]])
product = tf.matmul(matrix1, matrix2)
with tf.Session() as sess:
    result = sess.run(product)
    out["product"] = [str(result), result.dtype.name, list(result.shape)]
w = tf.Variable([1., 2.], name="w")
out["strs"] = [str(hello), repr(hello), str(a), str(add), str(matrix1), str(product),
               repr(product), str(w), repr(w), repr(add.op), str(add.op.name)]
out["fmt"] = ["{}".format(product), "%s" % mul, str([add, mul])]
""",
    "ae_print_operation": r"""
a = tf.placeholder(tf.int16)
b = tf.placeholder(tf.int16)
add = tf.add(a, b)
out["node_def"] = str(add.op)
out["print_train_op"] = str(tf.train.GradientDescentOptimizer(0.1).minimize(
    tf.Variable(1.0) * 2.0))
with tf.Graph().as_default():
    # CS20's lazy-loading lecture prints the whole GraphDef
    x = tf.Variable(10, name='x')
    y = tf.Variable(20, name='y')
    z = tf.add(x, y)
    out["graph_def"] = str(tf.get_default_graph().as_graph_def())
""",
    "ae_linear_regression": r"""
rng = np.random.RandomState(0)
learning_rate = 0.01
training_epochs = 20
display_step = 5
train_X = np.asarray([3.3,4.4,5.5,6.71,6.93,4.168,9.779,6.182,7.59,2.167,
                      7.042,10.791,5.313,7.997,5.654,9.27,3.1])
train_Y = np.asarray([1.7,2.76,2.09,3.19,1.694,1.573,3.366,2.596,2.53,1.221,
                      2.827,3.465,1.65,2.904,2.42,2.94,1.3])
n_samples = train_X.shape[0]
X = tf.placeholder("float")
Y = tf.placeholder("float")
W = tf.Variable(rng.randn(), name="weight")
b = tf.Variable(rng.randn(), name="bias")
pred = tf.add(tf.multiply(X, W), b)
cost = tf.reduce_sum(tf.pow(pred-Y, 2))/(2*n_samples)
optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)
init = tf.global_variables_initializer()
log = []
with tf.Session() as sess:
    sess.run(init)
    for epoch in range(training_epochs):
        for (x, y) in zip(train_X, train_Y):
            sess.run(optimizer, feed_dict={X: x, Y: y})
        if (epoch+1) % display_step == 0:
            c = sess.run(cost, feed_dict={X: train_X, Y:train_Y})
            log.append(["Epoch:", '%04d' % (epoch+1), "cost=", "{:.4f}".format(c), float(c),
                        float(sess.run(W)), float(sess.run(b))])
    training_cost = sess.run(cost, feed_dict={X: train_X, Y: train_Y})
    test_X = np.asarray([6.83, 4.668, 8.9, 7.91, 5.7, 8.7, 3.1, 2.1])
    test_Y = np.asarray([1.84, 2.273, 3.2, 2.831, 2.92, 3.24, 1.35, 1.03])
    testing_cost = sess.run(
        tf.reduce_sum(tf.pow(pred - Y, 2)) / (2 * test_X.shape[0]),
        feed_dict={X: test_X, Y: test_Y})
    out["costs"] = [float(training_cost), float(testing_cost),
                    float(abs(training_cost - testing_cost))]
    out["fitted"] = L(sess.run(W) * train_X + sess.run(b))
out["log"] = log
out["names"] = [W.name, b.name, pred.name, cost.name, optimizer.name, optimizer.type, X.dtype.name]
out["shapes"] = [str(X.shape), str(pred.shape), str(cost.shape), str(W.shape)]
""",
    "ae_logistic_regression": r"""
learning_rate = 0.5
batch_size = 8
x_train, y_train = mnist(32, seed=1)
x_test, y_test = mnist(16, seed=2)
x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
pred = tf.nn.softmax(tf.matmul(x, W) + b)
cost = tf.reduce_mean(-tf.reduce_sum(y*tf.log(pred), reduction_indices=1))
optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)
init = tf.global_variables_initializer()
costs = []
with tf.Session() as sess:
    sess.run(init)
    for epoch in range(3):
        avg_cost = 0.
        total_batch = int(len(x_train)/batch_size)
        for i in range(total_batch):
            batch_xs = x_train[i*batch_size:(i+1)*batch_size]
            batch_ys = y_train[i*batch_size:(i+1)*batch_size]
            _, c = sess.run([optimizer, cost], feed_dict={x: batch_xs, y: batch_ys})
            avg_cost += c / total_batch
        costs.append(float(avg_cost))
    correct_prediction = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    out["acc"] = float(accuracy.eval({x: x_test, y: y_test}))
    out["train_acc"] = float(accuracy.eval({x: x_train, y: y_train}))
    out["pred0"] = L(pred.eval({x: x_test[:2]}))
out["costs"] = costs
out["names"] = [pred.name, cost.name, correct_prediction.name, accuracy.name]
""",
    "ae_nearest_neighbor": r"""
Xtr, Ytr = mnist(40, seed=3)
Xte, Yte = mnist(6, seed=4)
xtr = tf.placeholder("float", [None, 784])
xte = tf.placeholder("float", [784])
distance = tf.reduce_sum(tf.abs(tf.add(xtr, tf.negative(xte))), reduction_indices=1)
pred = tf.arg_min(distance, 0)
accuracy = 0.
init = tf.global_variables_initializer()
rows = []
with tf.Session() as sess:
    sess.run(init)
    for i in range(len(Xte)):
        nn_index = sess.run(pred, feed_dict={xtr: Xtr, xte: Xte[i, :]})
        rows.append(["Test", i, "Prediction:", int(np.argmax(Ytr[nn_index])),
                     "True Class:", int(np.argmax(Yte[i])), type(nn_index).__name__])
        if np.argmax(Ytr[nn_index]) == np.argmax(Yte[i]):
            accuracy += 1./len(Xte)
    out["d"] = L(sess.run(distance, feed_dict={xtr: Xtr[:5], xte: Xte[0]}))
out["rows"] = rows
out["accuracy"] = accuracy
out["names"] = [distance.name, pred.name, pred.dtype.name, str(pred.shape), str(distance.shape)]
""",
    "ae_kmeans_by_hand": r"""
# TF 1.15's contrib.factorization.KMeans is graphgate's gap (and TF 2's): the tutorials'
# hand-written k-means (expand_dims distances, argmin, where/gather means) and the
# example's cluster-to-label map
tf.set_random_seed(7)
rng = np.random.RandomState(5)
centers = np.array([[0., 0.], [3., 3.], [0., 4.]], np.float32)
labels_true = np.repeat(np.arange(3), 10)
points = (centers[labels_true] + rng.randn(30, 2).astype(np.float32) * 0.5)
k = 3
vectors = tf.constant(points)
centroids = tf.Variable(tf.slice(tf.random_shuffle(vectors), [0, 0], [k, -1]))
expanded_vectors = tf.expand_dims(vectors, 0)
expanded_centroids = tf.expand_dims(centroids, 1)
distances = tf.reduce_sum(tf.square(tf.subtract(expanded_vectors, expanded_centroids)), 2)
assignments = tf.argmin(distances, 0)
means = tf.concat([
    tf.reduce_mean(tf.gather(vectors, tf.reshape(tf.where(tf.equal(assignments, c)), [1, -1])),
                   reduction_indices=[1])
    for c in range(k)], 0)
update_centroids = tf.assign(centroids, means)
seg_means = (tf.unsorted_segment_sum(vectors, assignments, k)
             / tf.cast(tf.expand_dims(tf.bincount(tf.cast(assignments, tf.int32),
                                                  minlength=k), 1), tf.float32))
init_op = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init_op)
    out["start"] = L(sess.run(centroids))
    out["seg0"] = L(sess.run(seg_means))
    for step in range(4):
        _, centroid_values, assignment_values = sess.run([update_centroids, centroids,
                                                          assignments])
    out["centroids"] = L(sess.run(centroids))
    idx = sess.run(assignments)
    out["idx"] = L(idx)
    counts = np.zeros(shape=(k, 3))
    for i in range(len(idx)):
        counts[idx[i]] += np.eye(3)[labels_true[i]]
    labels_map = [np.argmax(c) for c in counts]
    labels_map = tf.convert_to_tensor(labels_map)
    cluster_label = tf.nn.embedding_lookup(labels_map, assignments)
    Y = tf.placeholder(tf.float32, [None, 3])
    out["label_dtype"] = [labels_map.dtype.name, cluster_label.dtype.name]
    out["mixed_equal"] = raises(lambda: tf.equal(cluster_label, tf.cast(tf.argmax(Y, 1), tf.int32)))
    correct_prediction = tf.equal(tf.cast(cluster_label, tf.int32),
                                  tf.cast(tf.argmax(Y, 1), tf.int32))
    accuracy_op = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    out["acc"] = float(sess.run(accuracy_op, feed_dict={Y: np.eye(3)[labels_true]}))
out["shapes"] = [str(distances.shape), str(means.shape), str(assignments.shape),
                 str(seg_means.shape)]
""",
    "ae_neural_network_raw": r"""
tf.set_random_seed(1)
learning_rate = 0.1
n_hidden_1 = 12
n_hidden_2 = 12
num_input = 784
num_classes = 10
X = tf.placeholder("float", [None, num_input])
Y = tf.placeholder("float", [None, num_classes])
weights = {
    'h1': tf.Variable(tf.random_normal([num_input, n_hidden_1])),
    'h2': tf.Variable(tf.random_normal([n_hidden_1, n_hidden_2])),
    'out': tf.Variable(tf.random_normal([n_hidden_2, num_classes]))
}
biases = {
    'b1': tf.Variable(tf.random_normal([n_hidden_1])),
    'b2': tf.Variable(tf.random_normal([n_hidden_2])),
    'out': tf.Variable(tf.random_normal([num_classes]))
}
def neural_net(x):
    layer_1 = tf.add(tf.matmul(x, weights['h1']), biases['b1'])
    layer_2 = tf.add(tf.matmul(layer_1, weights['h2']), biases['b2'])
    out_layer = tf.matmul(layer_2, weights['out']) + biases['out']
    return out_layer
logits = neural_net(X)
prediction = tf.nn.softmax(logits)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)
correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
init = tf.global_variables_initializer()
xs, ys = mnist(24, seed=6)
log = []
with tf.Session() as sess:
    sess.run(init)
    out["w0"] = L(sess.run(weights['out'])[:2])
    for step in range(1, 6):
        at = (step % 3) * 8
        batch_x, batch_y = xs[at:at + 8], ys[at:at + 8]
        sess.run(train_op, feed_dict={X: batch_x, Y: batch_y})
        loss, acc = sess.run([loss_op, accuracy], feed_dict={X: batch_x, Y: batch_y})
        log.append([float(loss), float(acc), "Step " + str(step) + ", Minibatch Loss= " +
                    "{:.1f}".format(loss) + ", Training Accuracy= " + "{:.3f}".format(acc)])
    out["test_acc"] = float(sess.run(accuracy, feed_dict={X: xs, Y: ys}))
out["log"] = log
out["vars"] = [v.name for v in tf.global_variables()]
out["train_op"] = [train_op.name, train_op.type, loss_op.name, logits.name]
""",
    "ae_convnet_raw": r"""
tf.set_random_seed(2)
num_input = 784
num_classes = 10
dropout = 0.75
X = tf.placeholder(tf.float32, [None, num_input])
Y = tf.placeholder(tf.float32, [None, num_classes])
keep_prob = tf.placeholder(tf.float32)
def conv2d(x, W, b, strides=1):
    x = tf.nn.conv2d(x, W, strides=[1, strides, strides, 1], padding='SAME')
    x = tf.nn.bias_add(x, b)
    return tf.nn.relu(x)
def maxpool2d(x, k=2):
    return tf.nn.max_pool(x, ksize=[1, k, k, 1], strides=[1, k, k, 1], padding='SAME')
def conv_net(x, weights, biases, dropout):
    x = tf.reshape(x, shape=[-1, 28, 28, 1])
    conv1 = conv2d(x, weights['wc1'], biases['bc1'])
    conv1 = maxpool2d(conv1, k=2)
    conv2 = conv2d(conv1, weights['wc2'], biases['bc2'])
    conv2 = maxpool2d(conv2, k=2)
    fc1 = tf.reshape(conv2, [-1, weights['wd1'].get_shape().as_list()[0]])
    fc1 = tf.add(tf.matmul(fc1, weights['wd1']), biases['bd1'])
    fc1 = tf.nn.relu(fc1)
    fc1 = tf.nn.dropout(fc1, dropout)
    out = tf.add(tf.matmul(fc1, weights['out']), biases['out'])
    return out
weights = {
    'wc1': tf.Variable(tf.random_normal([5, 5, 1, 4])),
    'wc2': tf.Variable(tf.random_normal([5, 5, 4, 6])),
    'wd1': tf.Variable(tf.random_normal([7*7*6, 16])),
    'out': tf.Variable(tf.random_normal([16, num_classes]))
}
biases = {
    'bc1': tf.Variable(tf.random_normal([4])),
    'bc2': tf.Variable(tf.random_normal([6])),
    'bd1': tf.Variable(tf.random_normal([16])),
    'out': tf.Variable(tf.random_normal([num_classes]))
}
logits = conv_net(X, weights, biases, keep_prob)
prediction = tf.nn.softmax(logits)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=0.001)
train_op = optimizer.minimize(loss_op)
correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
init = tf.global_variables_initializer()
xs, ys = mnist(8, seed=7)
with tf.Session() as sess:
    sess.run(init)
    losses = []
    for step in range(3):
        sess.run(train_op, feed_dict={X: xs, Y: ys, keep_prob: dropout})
        losses.append(float(sess.run(loss_op, feed_dict={X: xs, Y: ys, keep_prob: 1.0})))
    out["losses"] = losses
    out["acc"] = float(sess.run(accuracy, feed_dict={X: xs, Y: ys, keep_prob: 1.0}))
    out["logits"] = L(sess.run(logits, feed_dict={X: xs[:2], keep_prob: 1.0}))
out["shapes"] = [str(logits.shape), weights['wd1'].get_shape().as_list()]
""",
    "ae_convnet_layers_reuse": r"""
tf.set_random_seed(3)
num_classes = 10
dropout = 0.25
def conv_net(x_dict, n_classes, dropout, reuse, is_training):
    with tf.variable_scope('ConvNet', reuse=reuse):
        x = x_dict['images']
        x = tf.reshape(x, shape=[-1, 28, 28, 1])
        conv1 = tf.layers.conv2d(x, 4, 5, activation=tf.nn.relu)
        conv1 = tf.layers.max_pooling2d(conv1, 2, 2)
        conv2 = tf.layers.conv2d(conv1, 6, 3, activation=tf.nn.relu)
        conv2 = tf.layers.max_pooling2d(conv2, 2, 2)
        fc1 = tf.layers.flatten(conv2)
        fc1 = tf.layers.dense(fc1, 16)
        fc1 = tf.layers.dropout(fc1, rate=dropout, training=is_training)
        out = tf.layers.dense(fc1, n_classes)
    return out
features = {'images': tf.placeholder(tf.float32, [None, 784])}
labels = tf.placeholder(tf.int64, [None])
logits_train = conv_net(features, num_classes, dropout, reuse=False, is_training=True)
logits_test = conv_net(features, num_classes, dropout, reuse=True, is_training=False)
pred_classes = tf.argmax(logits_test, axis=1)
pred_probas = tf.nn.softmax(logits_test)
loss_op = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    logits=logits_train, labels=tf.cast(labels, dtype=tf.int32)))
optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
out["global_step"] = tf.train.get_global_step()
train_op = optimizer.minimize(loss_op, global_step=tf.train.get_global_step())
acc_op = tf.metrics.accuracy(labels=labels, predictions=pred_classes)
xs, ys = mnist(10, seed=8, one_hot=False)
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    losses = []
    for step in range(3):
        _, l = sess.run([train_op, loss_op], {features['images']: xs, labels: ys})
        losses.append(float(l))
    out["losses"] = losses
    out["probas"] = L(sess.run(pred_probas, {features['images']: xs[:2]}))
    sess.run(acc_op[1], {features['images']: xs, labels: ys})
    out["acc"] = float(sess.run(acc_op[0]))
out["vars"] = [v.name for v in tf.global_variables()]
out["local"] = [v.name for v in tf.local_variables()]
out["names"] = [logits_train.name, logits_test.name, pred_classes.name, acc_op[0].name,
                acc_op[1].name, train_op.name]
""",
    "ae_recurrent_network": r"""
tf.set_random_seed(4)
learning_rate = 0.05
timesteps = 28
num_input = 28
num_hidden = 8
num_classes = 10
X = tf.placeholder("float", [None, timesteps, num_input])
Y = tf.placeholder("float", [None, num_classes])
weights = {'out': tf.Variable(tf.random_normal([num_hidden, num_classes]))}
biases = {'out': tf.Variable(tf.random_normal([num_classes]))}
def RNN(x, weights, biases):
    x = tf.unstack(x, timesteps, 1)
    lstm_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
    outputs, states = rnn.static_rnn(lstm_cell, x, dtype=tf.float32)
    return tf.matmul(outputs[-1], weights['out']) + biases['out']
logits = RNN(X, weights, biases)
prediction = tf.nn.softmax(logits)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)
correct_pred = tf.equal(tf.argmax(prediction, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
init = tf.global_variables_initializer()
xs, ys = mnist(8, seed=9)
xs = xs.reshape((8, timesteps, num_input))
with tf.Session() as sess:
    sess.run(init)
    log = []
    for step in range(3):
        sess.run(train_op, feed_dict={X: xs, Y: ys})
        loss, acc = sess.run([loss_op, accuracy], feed_dict={X: xs, Y: ys})
        log.append([float(loss), float(acc)])
    out["log"] = log
    out["pred"] = L(sess.run(prediction, feed_dict={X: xs[:2]}))
out["vars"] = [[v.name, v.shape.as_list()] for v in tf.trainable_variables()]
out["logits"] = [logits.name, str(logits.shape)]
""",
    "ae_bidirectional_rnn": r"""
tf.set_random_seed(5)
timesteps = 6
num_input = 5
num_hidden = 4
num_classes = 3
X = tf.placeholder("float", [None, timesteps, num_input])
Y = tf.placeholder("float", [None, num_classes])
weights = {'out': tf.Variable(tf.random_normal([2*num_hidden, num_classes]))}
biases = {'out': tf.Variable(tf.random_normal([num_classes]))}
def BiRNN(x, weights, biases):
    x = tf.unstack(x, timesteps, 1)
    lstm_fw_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
    lstm_bw_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
    try:
        outputs, _, _ = rnn.static_bidirectional_rnn(lstm_fw_cell, lstm_bw_cell, x,
                                                     dtype=tf.float32)
    except Exception:
        outputs = rnn.static_bidirectional_rnn(lstm_fw_cell, lstm_bw_cell, x, dtype=tf.float32)
    return tf.matmul(outputs[-1], weights['out']) + biases['out']
logits = BiRNN(X, weights, biases)
prediction = tf.nn.softmax(logits)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
train_op = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(loss_op)
rng = np.random.RandomState(10)
xs = rng.rand(6, timesteps, num_input).astype(np.float32)
ys = np.eye(3, dtype=np.float32)[xs.sum((1, 2)).argsort() % 3]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = []
    for step in range(3):
        _, l = sess.run([train_op, loss_op], feed_dict={X: xs, Y: ys})
        losses.append(float(l))
    out["losses"] = losses
    out["pred"] = L(sess.run(prediction, feed_dict={X: xs[:2]}))
out["vars"] = [v.name for v in tf.trainable_variables()]
""",
    "ae_dynamic_rnn_sequence_length": r"""
tf.set_random_seed(6)
rng = np.random.RandomState(11)
seq_max_len = 6
n_hidden = 5
n_classes = 2
def toy(n):
    data, labels, seqlen = [], [], []
    for i in range(n):
        ln = rng.randint(2, seq_max_len + 1)
        seqlen.append(ln)
        if rng.rand() < .5:
            start = rng.randint(0, 100 - ln)
            s = [[float(i) / 100] for i in range(start, start + ln)]
            labels.append([1., 0.])
        else:
            s = [[float(rng.randint(0, 100)) / 100] for i in range(ln)]
            labels.append([0., 1.])
        s += [[0.] for i in range(seq_max_len - ln)]
        data.append(s)
    return data, labels, seqlen
batch_x, batch_y, batch_seqlen = toy(8)
x = tf.placeholder("float", [None, seq_max_len, 1])
y = tf.placeholder("float", [None, n_classes])
seqlen = tf.placeholder(tf.int32, [None])
weights = {'out': tf.Variable(tf.random_normal([n_hidden, n_classes]))}
biases = {'out': tf.Variable(tf.random_normal([n_classes]))}
def dynamicRNN(x, seqlen, weights, biases):
    x = tf.unstack(x, seq_max_len, 1)
    lstm_cell = rnn.BasicLSTMCell(n_hidden)
    outputs, states = rnn.static_rnn(lstm_cell, x, dtype=tf.float32, sequence_length=seqlen)
    outputs = tf.stack(outputs)
    outputs = tf.transpose(outputs, [1, 0, 2])
    batch_size = tf.shape(outputs)[0]
    index = tf.range(0, batch_size) * seq_max_len + (seqlen - 1)
    outputs = tf.gather(tf.reshape(outputs, [-1, n_hidden]), index)
    return tf.matmul(outputs, weights['out']) + biases['out'], states
pred, states = dynamicRNN(x, seqlen, weights, biases)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(cost)
correct_pred = tf.equal(tf.argmax(pred,1), tf.argmax(y,1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
feed = {x: batch_x, y: batch_y, seqlen: batch_seqlen}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for step in range(3):
        sess.run(optimizer, feed_dict=feed)
        acc, loss = sess.run([accuracy, cost], feed_dict=feed)
        log.append(["{:.6f}".format(loss)[:6], float(loss), float(acc)])
    out["log"] = log
    out["states"] = L(sess.run(states.h, feed_dict=feed))
    out["pred"] = L(sess.run(pred, feed_dict=feed))
out["static"] = [str(pred.shape), str(states.c.shape), type(states).__name__]
""",
    "ae_autoencoder": r"""
tf.set_random_seed(8)
learning_rate = 0.01
num_hidden_1 = 16
num_hidden_2 = 8
num_input = 784
X = tf.placeholder("float", [None, num_input])
weights = {
    'encoder_h1': tf.Variable(tf.random_normal([num_input, num_hidden_1])),
    'encoder_h2': tf.Variable(tf.random_normal([num_hidden_1, num_hidden_2])),
    'decoder_h1': tf.Variable(tf.random_normal([num_hidden_2, num_hidden_1])),
    'decoder_h2': tf.Variable(tf.random_normal([num_hidden_1, num_input])),
}
biases = {
    'encoder_b1': tf.Variable(tf.random_normal([num_hidden_1])),
    'encoder_b2': tf.Variable(tf.random_normal([num_hidden_2])),
    'decoder_b1': tf.Variable(tf.random_normal([num_hidden_1])),
    'decoder_b2': tf.Variable(tf.random_normal([num_input])),
}
def encoder(x):
    layer_1 = tf.nn.sigmoid(tf.add(tf.matmul(x, weights['encoder_h1']), biases['encoder_b1']))
    layer_2 = tf.nn.sigmoid(tf.add(tf.matmul(layer_1, weights['encoder_h2']),
                                   biases['encoder_b2']))
    return layer_2
def decoder(x):
    layer_1 = tf.nn.sigmoid(tf.add(tf.matmul(x, weights['decoder_h1']), biases['decoder_b1']))
    layer_2 = tf.nn.sigmoid(tf.add(tf.matmul(layer_1, weights['decoder_h2']),
                                   biases['decoder_b2']))
    return layer_2
encoder_op = encoder(X)
decoder_op = decoder(encoder_op)
y_pred = decoder_op
y_true = X
loss = tf.reduce_mean(tf.pow(y_true - y_pred, 2))
optimizer = tf.train.RMSPropOptimizer(learning_rate).minimize(loss)
xs, _ = mnist(12, seed=12)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = []
    for i in range(1, 5):
        batch_x = xs[(i % 3) * 4:(i % 3) * 4 + 4]
        _, l = sess.run([optimizer, loss], feed_dict={X: batch_x})
        losses.append(['Step %i: Minibatch Loss: %f' % (i, l), float(l)])
    out["losses"] = losses
    g = sess.run(decoder_op, feed_dict={X: xs[:4]})
    canvas_recon = np.empty((28 * 2, 28 * 2))
    for j in range(4):
        canvas_recon[(j // 2) * 28:(j // 2 + 1) * 28, (j % 2) * 28:(j % 2 + 1) * 28] = \
            g[j].reshape([28, 28])
    out["canvas"] = [float(canvas_recon.sum()), L(canvas_recon[27, :6])]
    out["code"] = L(sess.run(encoder_op, feed_dict={X: xs[:2]}))
""",
    "ae_variational_autoencoder": r"""
tf.set_random_seed(9)
learning_rate = 0.001
image_dim = 784
hidden_dim = 16
latent_dim = 2
def glorot_init(shape):
    return tf.random_normal(shape=shape, stddev=1. / tf.sqrt(shape[0] / 2.))
weights = {
    'encoder_h1': tf.Variable(glorot_init([image_dim, hidden_dim])),
    'z_mean': tf.Variable(glorot_init([hidden_dim, latent_dim])),
    'z_std': tf.Variable(glorot_init([hidden_dim, latent_dim])),
    'decoder_h1': tf.Variable(glorot_init([latent_dim, hidden_dim])),
    'decoder_out': tf.Variable(glorot_init([hidden_dim, image_dim]))
}
biases = {
    'encoder_b1': tf.Variable(glorot_init([hidden_dim])),
    'z_mean': tf.Variable(glorot_init([latent_dim])),
    'z_std': tf.Variable(glorot_init([latent_dim])),
    'decoder_b1': tf.Variable(glorot_init([hidden_dim])),
    'decoder_out': tf.Variable(glorot_init([image_dim]))
}
input_image = tf.placeholder(tf.float32, shape=[None, image_dim])
encoder = tf.matmul(input_image, weights['encoder_h1']) + biases['encoder_b1']
encoder = tf.nn.tanh(encoder)
z_mean = tf.matmul(encoder, weights['z_mean']) + biases['z_mean']
z_std = tf.matmul(encoder, weights['z_std']) + biases['z_std']
eps = tf.random_normal(tf.shape(z_std), dtype=tf.float32, mean=0., stddev=1.0, name='epsilon')
z = z_mean + tf.exp(z_std / 2) * eps
decoder = tf.matmul(z, weights['decoder_h1']) + biases['decoder_b1']
decoder = tf.nn.tanh(decoder)
decoder = tf.matmul(decoder, weights['decoder_out']) + biases['decoder_out']
decoder = tf.nn.sigmoid(decoder)
def vae_loss(x_reconstructed, x_true):
    encode_decode_loss = x_true * tf.log(1e-10 + x_reconstructed) \
                         + (1 - x_true) * tf.log(1e-10 + 1 - x_reconstructed)
    encode_decode_loss = -tf.reduce_sum(encode_decode_loss, 1)
    kl_div_loss = 1 + z_std - tf.square(z_mean) - tf.exp(z_std)
    kl_div_loss = -0.5 * tf.reduce_sum(kl_div_loss, 1)
    return tf.reduce_mean(encode_decode_loss + kl_div_loss)
loss_op = vae_loss(decoder, input_image)
optimizer = tf.train.RMSPropOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)
noise_input = tf.placeholder(tf.float32, shape=[None, latent_dim])
decoder2 = tf.matmul(noise_input, weights['decoder_h1']) + biases['decoder_b1']
decoder2 = tf.nn.tanh(decoder2)
decoder2 = tf.matmul(decoder2, weights['decoder_out']) + biases['decoder_out']
decoder2 = tf.nn.sigmoid(decoder2)
xs, _ = mnist(8, seed=13)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = []
    for i in range(3):
        _, l = sess.run([train_op, loss_op], feed_dict={input_image: xs})
        losses.append(float(l))
    out["losses"] = losses
    n = 3
    x_axis = np.linspace(-3, 3, n)
    y_axis = np.linspace(-3, 3, n)
    canvas = np.empty((28 * n, 28 * n))
    for i, yi in enumerate(x_axis):
        for j, xi in enumerate(y_axis):
            z_mu = np.array([[xi, yi]] * 2)
            x_mean = sess.run(decoder2, feed_dict={noise_input: z_mu})
            canvas[(n - i - 1) * 28:(n - i) * 28, j * 28:(j + 1) * 28] = x_mean[0].reshape(28, 28)
    out["canvas"] = [float(canvas.sum()), L(canvas[40, 30:36])]
out["eps"] = [eps.name, str(eps.shape), str(z.shape)]
""",
    "ae_gan": r"""
tf.set_random_seed(10)
learning_rate = 0.0002
image_dim = 784
gen_hidden_dim = 16
disc_hidden_dim = 16
noise_dim = 10
batch_size = 6
def glorot_init(shape):
    return tf.random_normal(shape=shape, stddev=1. / tf.sqrt(shape[0] / 2.))
weights = {
    'gen_hidden1': tf.Variable(glorot_init([noise_dim, gen_hidden_dim])),
    'gen_out': tf.Variable(glorot_init([gen_hidden_dim, image_dim])),
    'disc_hidden1': tf.Variable(glorot_init([image_dim, disc_hidden_dim])),
    'disc_out': tf.Variable(glorot_init([disc_hidden_dim, 1])),
}
biases = {
    'gen_hidden1': tf.Variable(tf.zeros([gen_hidden_dim])),
    'gen_out': tf.Variable(tf.zeros([image_dim])),
    'disc_hidden1': tf.Variable(tf.zeros([disc_hidden_dim])),
    'disc_out': tf.Variable(tf.zeros([1])),
}
def generator(x):
    hidden_layer = tf.matmul(x, weights['gen_hidden1'])
    hidden_layer = tf.add(hidden_layer, biases['gen_hidden1'])
    hidden_layer = tf.nn.relu(hidden_layer)
    out_layer = tf.matmul(hidden_layer, weights['gen_out'])
    out_layer = tf.add(out_layer, biases['gen_out'])
    out_layer = tf.nn.sigmoid(out_layer)
    return out_layer
def discriminator(x):
    hidden_layer = tf.matmul(x, weights['disc_hidden1'])
    hidden_layer = tf.add(hidden_layer, biases['disc_hidden1'])
    hidden_layer = tf.nn.relu(hidden_layer)
    out_layer = tf.matmul(hidden_layer, weights['disc_out'])
    out_layer = tf.add(out_layer, biases['disc_out'])
    out_layer = tf.nn.sigmoid(out_layer)
    return out_layer
gen_input = tf.placeholder(tf.float32, shape=[None, noise_dim], name='input_noise')
disc_input = tf.placeholder(tf.float32, shape=[None, image_dim], name='disc_input')
gen_sample = generator(gen_input)
disc_real = discriminator(disc_input)
disc_fake = discriminator(gen_sample)
gen_loss = -tf.reduce_mean(tf.log(disc_fake))
disc_loss = -tf.reduce_mean(tf.log(disc_real) + tf.log(1. - disc_fake))
optimizer_gen = tf.train.AdamOptimizer(learning_rate=learning_rate)
optimizer_disc = tf.train.AdamOptimizer(learning_rate=learning_rate)
gen_vars = [weights['gen_hidden1'], weights['gen_out'], biases['gen_hidden1'], biases['gen_out']]
disc_vars = [weights['disc_hidden1'], weights['disc_out'],
             biases['disc_hidden1'], biases['disc_out']]
train_gen = optimizer_gen.minimize(gen_loss, var_list=gen_vars)
train_disc = optimizer_disc.minimize(disc_loss, var_list=disc_vars)
xs, _ = mnist(batch_size, seed=14)
rng = np.random.RandomState(15)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for i in range(3):
        z = rng.uniform(-1., 1., size=[batch_size, noise_dim])
        feed_dict = {disc_input: xs, gen_input: z}
        # the example trains both in one run; one at a time keeps the reads ordered
        sess.run(train_disc, feed_dict=feed_dict)
        sess.run(train_gen, feed_dict=feed_dict)
        gl, dl = sess.run([gen_loss, disc_loss], feed_dict=feed_dict)
        log.append(['Step %i: Generator Loss: %.2f' % (i, gl), float(gl), float(dl)])
    g = sess.run(gen_sample, feed_dict={gen_input: rng.uniform(-1., 1., size=[2, noise_dim])})
    out["g"] = [float(g.sum()), L(g[0, :5])]
    # the example's own step: its losses are TF's every time, what it updates is not
    z = rng.uniform(-1., 1., size=[batch_size, noise_dim])
    _, _, gl, dl = sess.run([train_gen, train_disc, gen_loss, disc_loss],
                            feed_dict={disc_input: xs, gen_input: z})
    log.append([float(gl), float(dl)])
    out["log"] = log
out["slots"] = sorted(v.name for v in tf.global_variables()
                      if "Adam" in v.name or "power" in v.name)
""",
    "ae_dcgan_batch_norm": r"""
tf.set_random_seed(11)
noise_dim = 8
batch_size = 4
def leakyrelu(x, alpha=0.2):
    return 0.5 * (1 + alpha) * x + 0.5 * (1 - alpha) * abs(x)
noise_input = tf.placeholder(tf.float32, shape=[None, noise_dim])
real_image_input = tf.placeholder(tf.float32, shape=[None, 28, 28, 1])
is_training = tf.placeholder(tf.bool)
def generator(x, reuse=False):
    with tf.variable_scope('Generator', reuse=reuse):
        x = tf.layers.dense(x, units=7 * 7 * 6)
        x = tf.layers.batch_normalization(x, training=is_training)
        x = tf.nn.relu(x)
        x = tf.reshape(x, shape=[-1, 7, 7, 6])
        x = tf.layers.conv2d_transpose(x, 4, 5, strides=2, padding='same')
        x = tf.layers.batch_normalization(x, training=is_training)
        x = tf.nn.relu(x)
        x = tf.layers.conv2d_transpose(x, 1, 5, strides=2, padding='same')
        x = tf.nn.tanh(x)
        return x
def discriminator(x, reuse=False):
    with tf.variable_scope('Discriminator', reuse=reuse):
        x = tf.layers.conv2d(x, 4, 5, strides=2, padding='same')
        x = tf.layers.batch_normalization(x, training=is_training)
        x = leakyrelu(x)
        x = tf.layers.conv2d(x, 6, 5, strides=2, padding='same')
        x = tf.layers.batch_normalization(x, training=is_training)
        x = leakyrelu(x)
        x = tf.reshape(x, shape=[-1, 7*7*6])
        x = tf.layers.dense(x, 12)
        x = tf.layers.batch_normalization(x, training=is_training)
        x = leakyrelu(x)
        x = tf.layers.dense(x, 2)
    return x
gen_sample = generator(noise_input)
disc_real = discriminator(real_image_input)
disc_fake = discriminator(gen_sample, reuse=True)
stacked_gan = discriminator(gen_sample, reuse=True)
disc_loss_real = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    logits=disc_real, labels=tf.ones([batch_size], dtype=tf.int32)))
disc_loss_fake = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    logits=disc_fake, labels=tf.zeros([batch_size], dtype=tf.int32)))
disc_loss = disc_loss_real + disc_loss_fake
gen_loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    logits=stacked_gan, labels=tf.ones([batch_size], dtype=tf.int32)))
optimizer_gen = tf.train.AdamOptimizer(learning_rate=0.002, beta1=0.5)
optimizer_disc = tf.train.AdamOptimizer(learning_rate=0.002, beta1=0.5)
gen_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='Generator')
disc_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='Discriminator')
gen_update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS, scope='Generator')
with tf.control_dependencies(gen_update_ops):
    train_gen = optimizer_gen.minimize(gen_loss, var_list=gen_vars)
disc_update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS, scope='Discriminator')
with tf.control_dependencies(disc_update_ops):
    train_disc = optimizer_disc.minimize(disc_loss, var_list=disc_vars)
out["vars"] = [[v.name, v.shape.as_list()] for v in gen_vars + disc_vars]
out["update_ops"] = [len(gen_update_ops), len(disc_update_ops),
                     gen_update_ops[0].name.split("/")[0]]
xs, _ = mnist(batch_size, seed=16, flat=False)
batch_x = xs * 2. - 1.
rng = np.random.RandomState(17)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    g = sess.run(gen_sample, feed_dict={noise_input: rng.uniform(-1., 1., size=[2, noise_dim]),
                                        is_training: False})
    out["g"] = [list(g.shape), float(g.sum()), L(g[0, 10, 10:14, 0])]
    log = []
    for i in range(2):
        z = rng.uniform(-1., 1., size=[batch_size, noise_dim])
        _, dl = sess.run([train_disc, disc_loss], feed_dict={real_image_input: batch_x,
                                                             noise_input: z, is_training: True})
        z = rng.uniform(-1., 1., size=[batch_size, noise_dim])
        _, gl = sess.run([train_gen, gen_loss], feed_dict={noise_input: z, is_training: True})
        log.append([float(gl), float(dl)])
    out["log"] = log
    # A bias right before batch norm has a gradient of rounding noise alone, which Adam
    # scales up to steps of the learning rate: its value after training (and so the
    # moving means and an inference-mode sample) is each implementation's own noise.
    # Training-mode outputs and the moving variances do not see it.
    g = sess.run(gen_sample, feed_dict={noise_input: rng.uniform(-1., 1., size=[2, noise_dim]),
                                        is_training: True})
    out["g_train"] = [float(g.sum()), L(g[0, 10, 10:14, 0])]
    out["gen_moving_variance"] = L(sess.run(tf.get_collection(
        tf.GraphKeys.GLOBAL_VARIABLES, scope='Generator/batch_normalization_1/moving_variance')[0]))
""",
    "ae_word2vec_nce": r"""
import collections, random
tf.set_random_seed(12)
text_words = ("the quick brown fox jumps over the lazy dog and the dog sleeps while the fox "
              "runs over the hill and the brown dog barks at the quick fox").split() * 3
learning_rate = 0.1
batch_size = 8
embedding_size = 6
max_vocabulary_size = 50
min_occurrence = 2
skip_window = 2
num_skips = 2
num_sampled = 4
count = [('UNK', -1)]
count.extend(collections.Counter(text_words).most_common(max_vocabulary_size - 1))
for i in range(len(count) - 1, -1, -1):
    if count[i][1] < min_occurrence:
        count.pop(i)
    else:
        break
vocabulary_size = len(count)
word2id = dict()
for i, (word, _)in enumerate(count):
    word2id[word] = i
data = [word2id.get(w, 0) for w in text_words]
id2word = dict(zip(word2id.values(), word2id.keys()))
data_index = 0
pyrandom = random.Random(0)
def next_batch(batch_size, num_skips, skip_window):
    global data_index
    batch = np.ndarray(shape=(batch_size), dtype=np.int32)
    labels = np.ndarray(shape=(batch_size, 1), dtype=np.int32)
    span = 2 * skip_window + 1
    buffer = collections.deque(maxlen=span)
    if data_index + span > len(data):
        data_index = 0
    buffer.extend(data[data_index:data_index + span])
    data_index += span
    for i in range(batch_size // num_skips):
        context_words = [w for w in range(span) if w != skip_window]
        words_to_use = pyrandom.sample(context_words, num_skips)
        for j, context_word in enumerate(words_to_use):
            batch[i * num_skips + j] = buffer[skip_window]
            labels[i * num_skips + j, 0] = buffer[context_word]
        if data_index == len(data):
            buffer.extend(data[0:span])
            data_index = span
        else:
            buffer.append(data[data_index])
            data_index += 1
    data_index = (data_index + len(data) - span) % len(data)
    return batch, labels
X = tf.placeholder(tf.int32, shape=[None])
Y = tf.placeholder(tf.int32, shape=[None, 1])
with tf.device('/cpu:0'):
    embedding = tf.Variable(tf.random_normal([vocabulary_size, embedding_size]))
    X_embed = tf.nn.embedding_lookup(embedding, X)
    nce_weights = tf.Variable(tf.random_normal([vocabulary_size, embedding_size]))
    nce_biases = tf.Variable(tf.zeros([vocabulary_size]))
loss_op = tf.reduce_mean(
    tf.nn.nce_loss(weights=nce_weights, biases=nce_biases, labels=Y, inputs=X_embed,
                   num_sampled=num_sampled, num_classes=vocabulary_size))
optimizer = tf.train.GradientDescentOptimizer(learning_rate)
train_op = optimizer.minimize(loss_op)
X_embed_norm = X_embed / tf.sqrt(tf.reduce_sum(tf.square(X_embed)))
embedding_norm = embedding / tf.sqrt(tf.reduce_sum(tf.square(embedding), 1, keepdims=True))
cosine_sim_op = tf.matmul(X_embed_norm, embedding_norm, transpose_b=True)
eval_words = ['the', 'fox', 'dog']
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    x_test = np.array([word2id[w] for w in eval_words])
    losses = []
    for step in range(1, 6):
        batch_x, batch_y = next_batch(batch_size, num_skips, skip_window)
        _, loss = sess.run([train_op, loss_op], feed_dict={X: batch_x, Y: batch_y})
        losses.append(float(loss))
    sim = sess.run(cosine_sim_op, feed_dict={X: x_test})
    near = []
    for i in range(len(eval_words)):
        nearest = (-sim[i, :]).argsort()[1:4]
        log_str = '"%s" nearest neighbors:' % eval_words[i]
        for k in range(3):
            log_str = '%s %s,' % (log_str, id2word[nearest[k]])
        near.append(log_str)
    out["losses"] = losses
    out["sim"] = L(sim[:, :5])
    out["near"] = near
out["devices"] = [embedding.device, X_embed.device, nce_biases.op.device, loss_op.device]
out["vocab"] = vocabulary_size
""",
    "ae_save_restore": r"""
tf.set_random_seed(13)
d = tempfile.mkdtemp()
model_path = os.path.join(d, "model.ckpt")
x = tf.placeholder("float", [None, 784])
y = tf.placeholder("float", [None, 10])
weights = {'h1': tf.Variable(tf.random_normal([784, 8])),
           'out': tf.Variable(tf.random_normal([8, 10]))}
biases = {'b1': tf.Variable(tf.random_normal([8])), 'out': tf.Variable(tf.random_normal([10]))}
layer_1 = tf.nn.relu(tf.add(tf.matmul(x, weights['h1']), biases['b1']))
pred = tf.matmul(layer_1, weights['out']) + biases['out']
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y))
optimizer = tf.train.AdamOptimizer(learning_rate=0.01).minimize(cost)
init = tf.global_variables_initializer()
saver = tf.train.Saver()
xs, ys = mnist(8, seed=18)
correct_prediction = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))
with tf.Session() as sess:
    sess.run(init)
    for epoch in range(3):
        _, c = sess.run([optimizer, cost], feed_dict={x: xs, y: ys})
    out["first"] = [float(c), float(accuracy.eval({x: xs, y: ys}))]
    save_path = saver.save(sess, model_path)
    out["save_path"] = [type(save_path).__name__, os.path.relpath(save_path, d)]
with tf.Session() as sess:
    sess.run(init)
    out["fresh"] = float(sess.run(cost, feed_dict={x: xs, y: ys}))
    r = saver.restore(sess, model_path)
    out["restore_returns"] = repr(r)
    out["restored"] = float(sess.run(cost, feed_dict={x: xs, y: ys}))
    for epoch in range(2):
        _, c = sess.run([optimizer, cost], feed_dict={x: xs, y: ys})
    out["second"] = float(c)
out["files"] = sorted(f for f in os.listdir(d) if ".data-" not in f)
out["state"] = os.path.relpath(tf.train.latest_checkpoint(d), d)
""",
    "ae_tensorboard_advanced": r"""
tf.set_random_seed(14)
d = tempfile.mkdtemp()
x = tf.placeholder(tf.float32, [None, 784], name='InputData')
y = tf.placeholder(tf.float32, [None, 10], name='LabelData')
def multilayer_perceptron(x, weights, biases):
    layer_1 = tf.add(tf.matmul(x, weights['w1']), biases['b1'])
    layer_1 = tf.nn.relu(layer_1)
    tf.summary.histogram("relu1", layer_1)
    out_layer = tf.add(tf.matmul(layer_1, weights['w2']), biases['b2'])
    return out_layer
weights = {'w1': tf.Variable(tf.random_normal([784, 6]), name='W1'),
           'w2': tf.Variable(tf.random_normal([6, 10]), name='W2')}
biases = {'b1': tf.Variable(tf.random_normal([6]), name='b1'),
          'b2': tf.Variable(tf.random_normal([10]), name='b2')}
with tf.name_scope('Model'):
    pred = multilayer_perceptron(x, weights, biases)
with tf.name_scope('Loss'):
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y))
with tf.name_scope('SGD'):
    optimizer = tf.train.GradientDescentOptimizer(0.01)
    grads = tf.gradients(loss, tf.trainable_variables())
    grads = list(zip(grads, tf.trainable_variables()))
    apply_grads = optimizer.apply_gradients(grads_and_vars=grads)
with tf.name_scope('Accuracy'):
    acc = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
    acc = tf.reduce_mean(tf.cast(acc, tf.float32))
tf.summary.scalar("loss", loss)
tf.summary.scalar("accuracy", acc)
hist = []
for var in tf.trainable_variables():
    hist.append(tf.summary.histogram(var.name, var))
for grad, var in grads:
    hist.append(tf.summary.histogram(var.name + '/gradient', grad))
merged_summary_op = tf.summary.merge_all()
out["names"] = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
out["grad_names"] = [g.name for g, v in grads]
out["apply"] = [apply_grads.name, pred.name, loss.name, acc.name]
xs, ys = mnist(8, seed=19)
logdir = os.path.join(d, "logs")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    summary_writer = tf.summary.FileWriter(logdir, graph=tf.get_default_graph())
    costs = []
    for i in range(3):
        # the example's run also fetches the histograms of what apply_grads updates
        _, c, summary = sess.run([apply_grads, loss, merged_summary_op],
                                 feed_dict={x: xs, y: ys})
        summary_writer.add_summary(summary, i)
        costs.append(float(c))
    summary_writer.close()
    # Only the first cost is TF's own each time: apply_gradients of tf.gradients (no
    # GATE_OP gating, as minimize has) lets TF update W2 in place before W1's gradient
    # reads it, and two runs of TF give two different second costs.
    out["costs"] = costs[:1]
out["tags"] = event_tags(logdir)
""",
    "ae_dataset_api": r"""
tf.set_random_seed(15)
learning_rate = 0.05
batch_size = 4
xs, ys = mnist(10, seed=20)
sess = tf.Session()
dataset = tf.data.Dataset.from_tensor_slices((xs, ys))
dataset = dataset.repeat()
dataset = dataset.batch(batch_size)
dataset = dataset.prefetch(batch_size)
iterator = dataset.make_initializable_iterator()
sess.run(iterator.initializer)
X, Y = iterator.get_next()
out["static"] = [str(X.shape), str(Y.shape), X.dtype.name,
                 str(tf.data.get_output_shapes(dataset)), str(dataset.output_types)]
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
logits = tf.matmul(X, W) + b
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=Y))
train_op = tf.train.GradientDescentOptimizer(learning_rate=learning_rate).minimize(loss_op)
sess.run(tf.global_variables_initializer())
log = []
for step in range(1, 5):
    _, l, yb = sess.run([train_op, loss_op, Y])
    log.append([float(l), L(np.argmax(yb, 1))])
out["log"] = log
sess.close()
""",
    "ae_image_dataset_queue": r"""
tf.set_random_seed(16)
d = tempfile.mkdtemp()
imagepaths, labels = [], []
with tf.Graph().as_default():
    png = tf.image.encode_png(tf.placeholder(tf.uint8, [6, 5, 3]))
    with tf.Session() as s:
        for label, name in enumerate(["a", "b"]):
            os.makedirs(os.path.join(d, name))
            for i in range(3):
                p = os.path.join(d, name, "%d.png" % i)
                img = np.full((6, 5, 3), 40 * i + 100 * label, np.uint8)
                open(p, "wb").write(s.run(png, {png.op.inputs[0]: img}))
                imagepaths.append(p)
                labels.append(label)
IMG_HEIGHT, IMG_WIDTH, CHANNELS = 4, 4, 3
imagepaths_t = tf.convert_to_tensor(imagepaths, dtype=tf.string)
labels_t = tf.convert_to_tensor(labels, dtype=tf.int32)
image, label = tf.train.slice_input_producer([imagepaths_t, labels_t], shuffle=False)
image = tf.read_file(image)
image = tf.image.decode_jpeg(image, channels=CHANNELS)
image = tf.image.resize_images(image, [IMG_HEIGHT, IMG_WIDTH])
image = image * 1.0/127.5 - 1.0
X, Y = tf.train.batch([image, label], batch_size=4, capacity=4 * 8, num_threads=1)
out["static"] = [str(image.shape), str(X.shape), str(Y.shape), X.dtype.name]
out["queue_runners"] = [qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)]
with tf.Session() as sess:
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    got = []
    for step in range(2):
        xb, yb = sess.run([X, Y])
        got.append([L(yb), L(xb[:, 0, 0, 0])])
    coord.request_stop()
    coord.join(threads)
out["batches"] = got
""",
    "ae_multigpu_basics": r"""
c1 = []
def matpow(M, n):
    if n < 1:
        return M
    else:
        return tf.matmul(M, matpow(M, n-1))
A = np.arange(9, dtype=np.float32).reshape(3, 3) / 10.
B = np.eye(3, dtype=np.float32) * 2.
with tf.device('/gpu:0'):
    a = tf.placeholder(tf.float32, [3, 3])
    b = tf.placeholder(tf.float32, [3, 3])
    c1.append(matpow(a, 3))
    c1.append(matpow(b, 3))
with tf.device('/cpu:0'):
    sum = tf.add_n(c1)
out["devices"] = [a.device, c1[0].device, sum.device, c1[0].op.inputs[0].device]
with tf.Session(config=tf.ConfigProto(allow_soft_placement=True,
                                      log_device_placement=True)) as sess:
    out["soft"] = L(sess.run(sum, {a: A, b: B}))
with tf.device('/gpu:1'):
    out["gpu1"] = tf.constant(1.0).device
with tf.device(None):
    out["none"] = tf.constant(1.0).device
""",
    "ae_multigpu_hard_placement": r"""
with tf.device('/gpu:0'):
    a = tf.placeholder(tf.float32, [3, 3])
    c = tf.matmul(a, a)
with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as sess:
    out["hard_placement"] = raises(lambda: sess.run(c, {a: np.eye(3)}))
""",
    "ae_multigpu_towers": r"""
tf.set_random_seed(17)
num_gpus = 2
batch_size = 3
num_classes = 10
dropout = 0.25
PS_OPS = ['Variable', 'VariableV2', 'AutoReloadVariable']
def assign_to_device(device, ps_device='/cpu:0'):
    def _assign(op):
        node_def = op if isinstance(op, tf.NodeDef) else op.node_def
        if node_def.op in PS_OPS:
            return "/" + ps_device
        else:
            return device
    return _assign
def conv_net(x, n_classes, dropout, reuse, is_training):
    with tf.variable_scope('ConvNet', reuse=reuse):
        x = tf.reshape(x, shape=[-1, 28, 28, 1])
        x = tf.layers.conv2d(x, 3, 5, activation=tf.nn.relu)
        x = tf.layers.max_pooling2d(x, 4, 4)
        x = tf.layers.flatten(x)
        x = tf.layers.dense(x, 12)
        x = tf.layers.dropout(x, rate=dropout, training=is_training)
        out = tf.layers.dense(x, n_classes)
        out = tf.nn.softmax(out) if not is_training else out
    return out
def average_gradients(tower_grads):
    average_grads = []
    for grad_and_vars in zip(*tower_grads):
        grads = []
        for g, _ in grad_and_vars:
            expanded_g = tf.expand_dims(g, 0)
            grads.append(expanded_g)
        grad = tf.concat(grads, 0)
        grad = tf.reduce_mean(grad, 0)
        v = grad_and_vars[0][1]
        average_grads.append((grad, v))
    return average_grads
with tf.device('/cpu:0'):
    tower_grads = []
    reuse_vars = False
    X = tf.placeholder(tf.float32, [None, 784])
    Y = tf.placeholder(tf.float32, [None, num_classes])
    for i in range(num_gpus):
        with tf.device(assign_to_device('/gpu:{}'.format(i), ps_device='/cpu:0')):
            _x = X[i * batch_size: (i+1) * batch_size]
            _y = Y[i * batch_size: (i+1) * batch_size]
            logits_train = conv_net(_x, num_classes, dropout, reuse=reuse_vars, is_training=True)
            logits_test = conv_net(_x, num_classes, dropout, reuse=True, is_training=False)
            loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
                logits=logits_train, labels=_y))
            optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
            grads = optimizer.compute_gradients(loss_op)
            if i == 0:
                correct_pred = tf.equal(tf.argmax(logits_test, 1), tf.argmax(_y, 1))
                accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
            reuse_vars = True
            tower_grads.append(grads)
    tower_grads = average_gradients(tower_grads)
    train_op = optimizer.apply_gradients(tower_grads)
out["devices"] = sorted(set([v.device for v in tf.global_variables()]))
out["op_devices"] = [logits_train.device, loss_op.device, tower_grads[0][0].device, train_op.device]
xs, ys = mnist(6, seed=21)
with tf.Session(config=tf.ConfigProto(allow_soft_placement=True)) as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for step in range(3):
        sess.run(train_op, feed_dict={X: xs, Y: ys})
        log.append([float(sess.run(loss_op, feed_dict={X: xs, Y: ys})),
                    float(sess.run(accuracy, feed_dict={X: xs, Y: ys}))])
    out["log"] = log
""",
}


NLINTZ = {
    "nl_linear_and_logistic": r"""
tf.set_random_seed(20)
rng = np.random.RandomState(22)
trX = np.linspace(-1, 1, 21)
trY = 2 * trX + rng.randn(*trX.shape) * 0.33
X = tf.placeholder("float")
Y = tf.placeholder("float")
def model(X, w):
    return tf.multiply(X, w)
w = tf.Variable(0.0, name="weights")
y_model = model(X, w)
cost = tf.square(Y - y_model)
train_op = tf.train.GradientDescentOptimizer(0.01).minimize(cost)
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for i in range(5):
        for (x, y) in zip(trX, trY):
            sess.run(train_op, feed_dict={X: x, Y: y})
    out["w"] = float(sess.run(w))
out["linear"] = [str(y_model), str(cost), train_op.name]
def init_weights(shape):
    return tf.Variable(tf.random_normal(shape, stddev=0.01))
trX2, trY2 = mnist(16, seed=23)
X2 = tf.placeholder("float", [None, 784])
Y2 = tf.placeholder("float", [None, 10])
w2 = init_weights([784, 10])
py_x = tf.matmul(X2, w2)
cost2 = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=py_x, labels=Y2))
train_op2 = tf.train.GradientDescentOptimizer(0.5).minimize(cost2)
predict_op = tf.argmax(py_x, 1)
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    accs = []
    for i in range(3):
        for start, end in zip(range(0, len(trX2), 4), range(4, len(trX2)+1, 4)):
            sess.run(train_op2, feed_dict={X2: trX2[start:end], Y2: trY2[start:end]})
        accs.append(float(np.mean(np.argmax(trY2, axis=1) ==
                                  sess.run(predict_op, feed_dict={X2: trX2}))))
    out["accs"] = accs
    out["cost"] = float(sess.run(cost2, feed_dict={X2: trX2, Y2: trY2}))
""",
    "nl_modern_net_dropout": r"""
tf.set_random_seed(21)
def init_weights(shape):
    return tf.Variable(tf.random_normal(shape, stddev=0.01))
def model(X, w_h, w_h2, w_o, p_keep_input, p_keep_hidden):
    X = tf.nn.dropout(X, p_keep_input)
    h = tf.nn.relu(tf.matmul(X, w_h))
    h = tf.nn.dropout(h, p_keep_hidden)
    h2 = tf.nn.relu(tf.matmul(h, w_h2))
    h2 = tf.nn.dropout(h2, p_keep_hidden)
    return tf.matmul(h2, w_o)
trX, trY = mnist(16, seed=24)
X = tf.placeholder("float", [None, 784])
Y = tf.placeholder("float", [None, 10])
w_h = init_weights([784, 20])
w_h2 = init_weights([20, 20])
w_o = init_weights([20, 10])
p_keep_input = tf.placeholder("float")
p_keep_hidden = tf.placeholder("float")
py_x = model(X, w_h, w_h2, w_o, p_keep_input, p_keep_hidden)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=py_x, labels=Y))
train_op = tf.train.RMSPropOptimizer(0.001, 0.9).minimize(cost)
predict_op = tf.argmax(py_x, 1)
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for i in range(2):
        for start, end in zip(range(0, len(trX), 8), range(8, len(trX)+1, 8)):
            sess.run(train_op, feed_dict={X: trX[start:end], Y: trY[start:end],
                                          p_keep_input: 0.8, p_keep_hidden: 0.5})
    out["pred"] = L(sess.run(predict_op, feed_dict={X: trX, p_keep_input: 1.0,
                                                    p_keep_hidden: 1.0}))
    out["cost"] = float(sess.run(cost, feed_dict={X: trX, Y: trY, p_keep_input: 1.0,
                                                  p_keep_hidden: 1.0}))
    out["w_o"] = L(sess.run(w_o)[:2, :4])
    out["dropped"] = L(sess.run(py_x, feed_dict={X: trX[:1], p_keep_input: 0.8,
                                                 p_keep_hidden: 0.5}))
out["slots"] = [v.name for v in tf.global_variables()]
out["keep"] = [str(p_keep_input.shape), p_keep_input.dtype.name]
""",
    "nl_convnet": r"""
tf.set_random_seed(22)
def init_weights(shape):
    return tf.Variable(tf.random_normal(shape, stddev=0.01))
def model(X, w, w2, w4, w_o, p_keep_conv, p_keep_hidden):
    l1a = tf.nn.relu(tf.nn.conv2d(X, w, strides=[1, 1, 1, 1], padding='SAME'))
    l1 = tf.nn.max_pool(l1a, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
    l1 = tf.nn.dropout(l1, p_keep_conv)
    l2a = tf.nn.relu(tf.nn.conv2d(l1, w2, strides=[1, 1, 1, 1], padding='SAME'))
    l2 = tf.nn.max_pool(l2a, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
    l3 = tf.reshape(l2, [-1, w4.get_shape().as_list()[0]])
    l3 = tf.nn.dropout(l3, p_keep_conv)
    l4 = tf.nn.relu(tf.matmul(l3, w4))
    l4 = tf.nn.dropout(l4, p_keep_hidden)
    return tf.matmul(l4, w_o), [l1a, l1, l2, l3]
trX, trY = mnist(8, seed=25, flat=False)
X = tf.placeholder("float", [None, 28, 28, 1])
Y = tf.placeholder("float", [None, 10])
w = init_weights([3, 3, 1, 4])
w2 = init_weights([3, 3, 4, 6])
w4 = init_weights([6 * 7 * 7, 12])
w_o = init_weights([12, 10])
p_keep_conv = tf.placeholder("float")
p_keep_hidden = tf.placeholder("float")
py_x, inner = model(X, w, w2, w4, w_o, p_keep_conv, p_keep_hidden)
out["shapes"] = [str(t.shape) for t in inner]
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=py_x, labels=Y))
train_op = tf.train.RMSPropOptimizer(0.001, 0.9).minimize(cost)
predict_op = tf.argmax(py_x, 1)
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for i in range(2):
        sess.run(train_op, feed_dict={X: trX, Y: trY, p_keep_conv: 0.8, p_keep_hidden: 0.5})
    out["cost"] = float(sess.run(cost, feed_dict={X: trX, Y: trY, p_keep_conv: 1.0,
                                                  p_keep_hidden: 1.0}))
    out["w"] = L(sess.run(w)[:, :, 0, 0])
""",
    "nl_lstm_split": r"""
tf.set_random_seed(23)
input_vec_size = lstm_size = 28
time_step_size = 28
def init_weights(shape):
    return tf.Variable(tf.random_normal(shape, stddev=0.01))
def model(X, W, B, lstm_size):
    XT = tf.transpose(X, [1, 0, 2])
    XR = tf.reshape(XT, [-1, lstm_size])
    X_split = tf.split(XR, time_step_size, 0)
    lstm = rnn.BasicLSTMCell(lstm_size, forget_bias=1.0, state_is_tuple=True)
    outputs, _states = rnn.static_rnn(lstm, X_split, dtype=tf.float32)
    return tf.matmul(outputs[-1], W) + B, lstm.state_size
trX, trY = mnist(4, seed=26)
trX = trX.reshape(-1, 28, 28)
X = tf.placeholder("float", [None, 28, 28])
Y = tf.placeholder("float", [None, 10])
W = init_weights([lstm_size, 10])
B = init_weights([10])
py_x, state_size = model(X, W, B, lstm_size)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=py_x, labels=Y))
train_op = tf.train.RMSPropOptimizer(0.001, 0.9).minimize(cost)
predict_op = tf.argmax(py_x, 1)
session_conf = tf.ConfigProto()
session_conf.gpu_options.allow_growth = True
with tf.Session(config=session_conf) as sess:
    tf.global_variables_initializer().run()
    for i in range(2):
        sess.run(train_op, feed_dict={X: trX, Y: trY})
    out["cost"] = float(sess.run(cost, feed_dict={X: trX, Y: trY}))
    out["logits"] = L(sess.run(py_x, feed_dict={X: trX[:1]}))
out["state_size"] = [str(state_size), type(state_size).__name__, list(state_size)]
out["config"] = [session_conf.gpu_options.allow_growth, session_conf.allow_soft_placement]
""",
    "nl_word2vec_positional_nce": r"""
import collections
tf.set_random_seed(24)
batch_size = 6
embedding_size = 2
num_sampled = 5
sentences = ["the quick brown fox jumped over the lazy dog",
            "I love cats and dogs",
            "we all love cats and dogs",
            "cats and dogs are great",
            "sung likes cats",
            "she loves dogs"]
words = " ".join(sentences).split()
count = collections.Counter(words).most_common()
rdic = [i[0] for i in count]
dic = {w: i for i, w in enumerate(rdic)}
voc_size = len(dic)
data = [dic[word] for word in words]
cbow_pairs = []
for i in range(1, len(data)-1):
    cbow_pairs.append([[data[i-1], data[i+1]], data[i]])
skip_gram_pairs = []
for c in cbow_pairs:
    skip_gram_pairs.append([c[1], c[0][0]])
    skip_gram_pairs.append([c[1], c[0][1]])
rng = np.random.RandomState(27)
def generate_batch(size):
    x_data = []
    y_data = []
    r = rng.choice(range(len(skip_gram_pairs)), size, replace=False)
    for i in r:
        x_data.append(skip_gram_pairs[i][0])
        y_data.append([skip_gram_pairs[i][1]])
    return x_data, y_data
train_inputs = tf.placeholder(tf.int32, shape=[batch_size])
train_labels = tf.placeholder(tf.int32, shape=[batch_size, 1])
with tf.device('/cpu:0'):
    embeddings = tf.Variable(tf.random_uniform([voc_size, embedding_size], -1.0, 1.0))
    embed = tf.nn.embedding_lookup(embeddings, train_inputs)
nce_weights = tf.Variable(tf.random_uniform([voc_size, embedding_size], -1.0, 1.0))
nce_biases = tf.Variable(tf.zeros([voc_size]))
loss = tf.reduce_mean(tf.nn.nce_loss(nce_weights, nce_biases, train_labels, embed,
                                     num_sampled, voc_size))
train_op = tf.train.AdamOptimizer(1e-1).minimize(loss)
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    losses = []
    for step in range(6):
        batch_inputs, batch_labels = generate_batch(batch_size)
        _, loss_val = sess.run([train_op, loss],
                               feed_dict={train_inputs: batch_inputs, train_labels: batch_labels})
        losses.append(float(loss_val))
    trained_embeddings = embeddings.eval()
out["losses"] = losses
out["emb"] = L(trained_embeddings[:4])
out["names"] = [loss.name, embed.name, train_op.name]
""",
    "nl_tensorboard_histograms": r"""
tf.set_random_seed(25)
d = tempfile.mkdtemp()
def init_weights(shape, name):
    return tf.Variable(tf.random_normal(shape, stddev=0.01), name=name)
def model(X, w_h, w_o, p_keep_input, p_keep_hidden):
    with tf.name_scope("layer1"):
        X = tf.nn.dropout(X, p_keep_input)
        h = tf.nn.relu(tf.matmul(X, w_h))
    with tf.name_scope("layer2"):
        h = tf.nn.dropout(h, p_keep_hidden)
        return tf.matmul(h, w_o)
trX, trY = mnist(8, seed=28)
X = tf.placeholder("float", [None, 784], name="X")
Y = tf.placeholder("float", [None, 10], name="Y")
w_h = init_weights([784, 12], "w_h")
w_o = init_weights([12, 10], "w_o")
tf.summary.histogram("w_h_summ", w_h)
tf.summary.histogram("w_o_summ", w_o)
p_keep_input = tf.placeholder("float", name="p_keep_input")
p_keep_hidden = tf.placeholder("float", name="p_keep_hidden")
py_x = model(X, w_h, w_o, p_keep_input, p_keep_hidden)
with tf.name_scope("cost"):
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=py_x, labels=Y))
    train_op = tf.train.RMSPropOptimizer(0.001, 0.9).minimize(cost)
    tf.summary.scalar("cost", cost)
with tf.name_scope("accuracy"):
    correct_pred = tf.equal(tf.argmax(Y, 1), tf.argmax(py_x, 1))
    acc_op = tf.reduce_mean(tf.cast(correct_pred, "float"))
    tf.summary.scalar("accuracy", acc_op)
out["names"] = [py_x.name, cost.name, train_op.name, acc_op.name,
                [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]]
with tf.Session() as sess:
    writer = tf.summary.FileWriter(os.path.join(d, "nn_logs"), sess.graph)
    merged = tf.summary.merge_all()
    tf.global_variables_initializer().run()
    accs = []
    for i in range(2):
        sess.run(train_op, feed_dict={X: trX, Y: trY, p_keep_input: 0.8, p_keep_hidden: 0.5})
        summary, acc = sess.run([merged, acc_op], feed_dict={X: trX, Y: trY,
                                p_keep_input: 1.0, p_keep_hidden: 1.0})
        writer.add_summary(summary, i)
        accs.append(float(acc))
    writer.close()
out["accs"] = accs
out["merged"] = merged.name
out["tags"] = event_tags(os.path.join(d, "nn_logs"))
""",
    "nl_save_restore_global_step": r"""
tf.set_random_seed(26)
d = tempfile.mkdtemp()
def init_weights(shape):
    return tf.Variable(tf.random_normal(shape, stddev=0.01))
trX, trY = mnist(8, seed=29)
def build():
    X = tf.placeholder("float", [None, 784])
    Y = tf.placeholder("float", [None, 10])
    w_h = init_weights([784, 10])
    w_o = init_weights([10, 10])
    py_x = tf.matmul(tf.nn.relu(tf.matmul(X, w_h)), w_o)
    cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=py_x, labels=Y))
    train_op = tf.train.RMSPropOptimizer(0.001, 0.9).minimize(cost)
    ckpt_dir = os.path.join(d, "ckpt_dir")
    if not os.path.exists(ckpt_dir):
        os.makedirs(ckpt_dir)
    global_step = tf.Variable(0, name='global_step', trainable=False)
    saver = tf.train.Saver()
    non_storable_variable = tf.Variable(777)
    log = []
    with tf.Session() as sess:
        tf.global_variables_initializer().run()
        ckpt = tf.train.get_checkpoint_state(ckpt_dir)
        if ckpt and ckpt.model_checkpoint_path:
            log.append(os.path.relpath(ckpt.model_checkpoint_path, d))
            log.append([os.path.relpath(p, d) for p in ckpt.all_model_checkpoint_paths])
            saver.restore(sess, ckpt.model_checkpoint_path)
        start = global_step.eval()
        log.append(["Start from:", int(start), type(start).__name__])
        for i in range(start, start + 3):
            sess.run(train_op, feed_dict={X: trX, Y: trY})
            global_step.assign(i).eval()
            p = saver.save(sess, ckpt_dir + "/model.ckpt", global_step=global_step)
            log.append(os.path.relpath(p, d))
        log.append(float(sess.run(cost, feed_dict={X: trX, Y: trY})))
        log.append(int(sess.run(non_storable_variable)))
    return log
with tf.Graph().as_default():
    tf.set_random_seed(26)
    out["first"] = build()
with tf.Graph().as_default():
    tf.set_random_seed(26)
    out["second"] = build()
out["files"] = sorted(f for f in os.listdir(os.path.join(d, "ckpt_dir")) if ".data-" not in f)
""",
    "nl_gan_dict_values_var_list": r"""
tf.set_random_seed(27)
def xavier_initializer(shape):
    return tf.random_normal(shape=shape, stddev=1.0/shape[0])
z_size = 6
g_w1_size = 12
g_out_size = 784
x_size = 784
d_w1_size = 12
d_out_size = 1
z = tf.placeholder('float', shape=(None, z_size))
X = tf.placeholder('float', shape=(None, x_size))
g_weights = {
    'w1': tf.Variable(xavier_initializer(shape=(z_size, g_w1_size))),
    'b1': tf.Variable(tf.zeros(shape=[g_w1_size])),
    'out': tf.Variable(xavier_initializer(shape=(g_w1_size, g_out_size))),
    'b2': tf.Variable(tf.zeros(shape=[g_out_size])),
}
d_weights = {
    'w1': tf.Variable(xavier_initializer(shape=(x_size, d_w1_size))),
    'b1': tf.Variable(tf.zeros(shape=[d_w1_size])),
    'out': tf.Variable(xavier_initializer(shape=(d_w1_size, d_out_size))),
    'b2': tf.Variable(tf.zeros(shape=[d_out_size])),
}
def G(z, w=g_weights):
    h1 = tf.tanh(tf.matmul(z, w['w1']) + w['b1'])
    return tf.sigmoid(tf.matmul(h1, w['out']) + w['b2']) * 255
def D(x, w=d_weights):
    h1 = tf.tanh(tf.matmul(x, w['w1']) + w['b1'])
    h2 = tf.matmul(h1, w['out']) + w['b2']
    return h2
rng = np.random.RandomState(30)
def generate_z(n=1):
    return rng.normal(size=(n, z_size))
images, _ = mnist(16, seed=31)
sample = G(z)
dout_real = D(X)
dout_fake = D(G(z))
G_obj = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
    logits=dout_fake, labels=tf.ones_like(dout_fake)))
D_obj_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
    logits=dout_real, labels=(tf.ones_like(dout_real)-0.1)))
D_obj_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
    logits=dout_fake, labels=tf.zeros_like(dout_fake)))
D_obj = D_obj_real + D_obj_fake
G_opt = tf.train.AdamOptimizer().minimize(G_obj, var_list=g_weights.values())
D_opt = tf.train.AdamOptimizer().minimize(D_obj, var_list=d_weights.values())
batch_size = 4
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for i in range(3):
        sess.run(D_opt, feed_dict={X: images[rng.choice(range(len(images)), batch_size)]
                                   .reshape(batch_size, x_size), z: generate_z(batch_size)})
        sess.run(G_opt, feed_dict={z: generate_z(batch_size)})
        sess.run(G_opt, feed_dict={z: generate_z(batch_size)})
        g_cost = sess.run(G_obj, feed_dict={z: generate_z(batch_size)})
        d_cost = sess.run(D_obj, feed_dict={X: images[rng.choice(range(len(images)), batch_size)]
                                            .reshape(batch_size, x_size),
                                            z: generate_z(batch_size)})
        image = sess.run(G(z), feed_dict={z: generate_z()})
        df = sess.run(tf.sigmoid(dout_fake), feed_dict={z: generate_z()})
        log.append([i, float(g_cost), float(d_cost), float(image.max()), float(df[0][0])])
    out["log"] = log
out["sample"] = [sample.name, str(sample.shape)]
""",
}


CS20 = {
    "cs_lazy_loading": r"""
x = tf.Variable(10, name='x')
y = tf.Variable(20, name='y')
z = tf.add(x, y)
d = tempfile.mkdtemp()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    writer = tf.summary.FileWriter(os.path.join(d, 'normal_loading'), sess.graph)
    for _ in range(10):
        sess.run(z)
    normal = len(tf.get_default_graph().as_graph_def().node)
    writer.close()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(10):
        r = sess.run(tf.add(x, y))
    gd = tf.get_default_graph().as_graph_def()
    # what the lecture shows: ten more nodes, one Add per run (graphgate's variables have
    # no `x/read` Identity nodes, so whole counts differ by those)
    out["lazy"] = [len(gd.node) - normal, [n.name for n in gd.node if n.op in ("Add", "AddV2")],
                   int(r)]
    out["ops"] = sorted(set(n.op for n in gd.node) - {"Identity"})
out["gd_type"] = type(gd).__name__
""",
    "cs_variables": r"""
tf.set_random_seed(30)
s = tf.Variable(2, name='scalar')
m = tf.Variable([[0, 1], [2, 3]], name='matrix')
W = tf.Variable(tf.zeros([784, 10]), name='big_matrix')
V = tf.Variable(tf.truncated_normal([784, 10]), name='normal_matrix')
s2 = tf.get_variable('scalar', initializer=tf.constant(2))
m2 = tf.get_variable('matrix', initializer=tf.constant([[0, 1], [2, 3]]))
W2 = tf.get_variable('big_matrix', shape=(784, 10), initializer=tf.zeros_initializer())
V2 = tf.get_variable('normal_matrix', shape=(784, 10),
                     initializer=tf.truncated_normal_initializer())
out["names"] = [v.name for v in (s, m, W, V, s2, m2, W2, V2)]
out["dtypes"] = [v.dtype.name for v in (s, m, s2, m2, W2)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["V"] = L(V.eval()[0, :3])
    out["V2"] = L(V2.eval()[0, :3])
W = tf.Variable(10)
W.assign(100)
with tf.Session() as sess:
    sess.run(W.initializer)
    out["unrun_assign"] = int(sess.run(W))
W = tf.Variable(10)
assign_op = W.assign(100)
with tf.Session() as sess:
    sess.run(assign_op)
    out["assign"] = int(W.eval())
a = tf.get_variable('scalar_a', initializer=tf.constant(2))
a_times_two = a.assign(a * 2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["doubling"] = [int(sess.run(a_times_two)) for _ in range(3)]
W = tf.Variable(10)
with tf.Session() as sess:
    sess.run(W.initializer)
    out["add_sub"] = [int(sess.run(W.assign_add(10))), int(sess.run(W.assign_sub(2)))]
W = tf.Variable(10)
sess1 = tf.Session()
sess2 = tf.Session()
sess1.run(W.initializer)
sess2.run(W.initializer)
out["two_sessions"] = [int(sess1.run(W.assign_add(10))), int(sess2.run(W.assign_sub(2))),
                       int(sess1.run(W.assign_add(100))), int(sess2.run(W.assign_sub(50)))]
sess1.close()
sess2.close()
W = tf.Variable(tf.truncated_normal([7, 10]))
U = tf.Variable(W * 2)
U2 = tf.Variable(W.initialized_value() * 2)
with tf.Session() as sess:
    sess.run(W.initializer)
    sess.run(U2.initializer)
    out["initialized_value"] = bool(np.allclose(sess.run(U2), 2 * sess.run(W)))
    sess.run(U.initializer)
    out["u"] = bool(np.allclose(sess.run(U), 2 * sess.run(W)))
with tf.Session() as sess:
    out["uninit"] = raises(lambda: sess.run(W))
    out["report"] = [b.decode() if isinstance(b, bytes) else b
                     for b in sess.run(tf.report_uninitialized_variables())][:4]
""",
    "cs_randomization": r"""
c = tf.random_uniform([], -10, 10, seed=2)
with tf.Session() as sess:
    out["same_session"] = [float(sess.run(c)), float(sess.run(c))]
c = tf.random_uniform([], -10, 10, seed=2)
with tf.Session() as sess:
    a1 = float(sess.run(c))
with tf.Session() as sess:
    a2 = float(sess.run(c))
out["two_sessions"] = [a1, a2]
c = tf.random_uniform([], -10, 10, seed=2)
d = tf.random_uniform([], -10, 10, seed=2)
with tf.Session() as sess:
    out["same_seed_two_ops"] = [float(sess.run(c)), float(sess.run(d))]
with tf.Graph().as_default():
    tf.set_random_seed(2)
    c = tf.random_uniform([], -10, 10)
    d = tf.random_uniform([], -10, 10)
    with tf.Session() as sess:
        out["graph_seed"] = [float(sess.run(c)), float(sess.run(d))]
""",
    "cs_linreg_dataset_huber": r"""
data = np.array([[1.8, 70.2], [3.1, 65.0], [5.5, 55.8], [2.2, 72.1], [6.0, 50.3],
                 [4.4, 60.9]], dtype=np.float32)
n_samples = len(data)
dataset = tf.data.Dataset.from_tensor_slices((data[:,0], data[:,1]))
iterator = dataset.make_initializable_iterator()
X, Y = iterator.get_next()
w = tf.get_variable('weights', initializer=tf.constant(0.0))
b = tf.get_variable('bias', initializer=tf.constant(0.0))
Y_predicted = X * w + b
def huber_loss(labels, predictions, delta=14.0):
    residual = tf.abs(labels - predictions)
    def f1(): return 0.5 * tf.square(residual)
    def f2(): return delta * residual - 0.5 * tf.square(delta)
    return tf.cond(residual < delta, f1, f2)
loss = huber_loss(Y, Y_predicted)
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.001).minimize(loss)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        sess.run(iterator.initializer)
        total_loss = 0
        try:
            while True:
                _, l = sess.run([optimizer, loss])
                total_loss += l
        except tf.errors.OutOfRangeError:
            pass
        log.append('Epoch {0}: {1:.4f}'.format(i, total_loss/n_samples))
    w_out, b_out = sess.run([w, b])
out["log"] = log
out["wb"] = [float(w_out), float(b_out), 'w: %f, b: %f' % (w_out, b_out)]
out["names"] = [X.name, loss.name, w.name, str(X.shape), str(loss.shape)]
out["f64"] = raises(lambda: tf.data.Dataset.from_tensor_slices(data.astype(np.float64)[:, 0])
                    .make_one_shot_iterator().get_next() * w)
""",
    "cs_logreg_reinitializable": r"""
tf.set_random_seed(31)
learning_rate = 0.01
batch_size = 4
train = mnist(10, seed=32)
test = mnist(6, seed=33)
train_data = tf.data.Dataset.from_tensor_slices(train)
train_data = train_data.shuffle(10000)
train_data = train_data.batch(batch_size)
test_data = tf.data.Dataset.from_tensor_slices(test)
test_data = test_data.batch(batch_size)
iterator = tf.data.Iterator.from_structure(train_data.output_types, train_data.output_shapes)
img, label = iterator.get_next()
train_init = iterator.make_initializer(train_data)
test_init = iterator.make_initializer(test_data)
w = tf.get_variable(name='weights', shape=(784, 10),
                    initializer=tf.random_normal_initializer(0, 0.01))
b = tf.get_variable(name='bias', shape=(1, 10), initializer=tf.zeros_initializer())
logits = tf.matmul(img, w) + b
entropy = tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=label, name='entropy')
loss = tf.reduce_mean(entropy, name='loss')
optimizer = tf.train.AdamOptimizer(learning_rate).minimize(loss)
preds = tf.nn.softmax(logits)
correct_preds = tf.equal(tf.argmax(preds, 1), tf.argmax(label, 1))
accuracy = tf.reduce_sum(tf.cast(correct_preds, tf.float32))
d = tempfile.mkdtemp()
writer = tf.summary.FileWriter(os.path.join(d, 'logreg'), tf.get_default_graph())
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        sess.run(train_init)
        total_loss = 0
        n_batches = 0
        try:
            while True:
                _, l = sess.run([optimizer, loss])
                total_loss += l
                n_batches += 1
        except tf.errors.OutOfRangeError:
            pass
        log.append([n_batches, float(total_loss / n_batches)])
    sess.run(test_init)
    total_correct_preds = 0
    try:
        while True:
            total_correct_preds += sess.run(accuracy)
    except tf.errors.OutOfRangeError:
        pass
    out["acc"] = float(total_correct_preds / 6)
writer.close()
out["log"] = log
# a composite's output by its scope, as tests/unit/engine/test_tf1_names.py compares
out["names"] = [entropy.name.split("/")[0].split(":")[0], loss.name, img.name, str(img.shape),
                str(label.shape),
                str(train_data.output_shapes), str(train_data.output_types)]
""",
    "cs_word2vec_from_generator": r"""
tf.set_random_seed(32)
VOCAB_SIZE = 12
BATCH_SIZE = 5
EMBED_SIZE = 3
NUM_SAMPLED = 4
LEARNING_RATE = 1.0
def gen():
    rng = np.random.RandomState(34)
    for _ in range(4):
        center = rng.randint(0, VOCAB_SIZE, size=BATCH_SIZE).astype(np.int32)
        target = ((center + rng.randint(1, 3, size=BATCH_SIZE)) % VOCAB_SIZE)
        yield center, target.reshape(BATCH_SIZE, 1).astype(np.int32)
dataset = tf.data.Dataset.from_generator(gen, (tf.int32, tf.int32),
                                         (tf.TensorShape([BATCH_SIZE]),
                                          tf.TensorShape([BATCH_SIZE, 1])))
with tf.name_scope('data'):
    iterator = dataset.make_initializable_iterator()
    center_words, target_words = iterator.get_next()
with tf.name_scope('embed'):
    embed_matrix = tf.get_variable('embed_matrix', shape=[VOCAB_SIZE, EMBED_SIZE],
                                   initializer=tf.random_uniform_initializer())
    embed = tf.nn.embedding_lookup(embed_matrix, center_words, name='embedding')
with tf.name_scope('loss'):
    nce_weight = tf.get_variable('nce_weight', shape=[VOCAB_SIZE, EMBED_SIZE],
                    initializer=tf.truncated_normal_initializer(stddev=1.0 / (EMBED_SIZE ** 0.5)))
    nce_bias = tf.get_variable('nce_bias', initializer=tf.zeros([VOCAB_SIZE]))
    loss = tf.reduce_mean(tf.nn.nce_loss(weights=nce_weight, biases=nce_bias,
                                         labels=target_words, inputs=embed,
                                         num_sampled=NUM_SAMPLED, num_classes=VOCAB_SIZE),
                          name='loss')
with tf.name_scope('optimizer'):
    optimizer = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(loss)
out["names"] = [center_words.name, embed_matrix.name, embed.name, nce_bias.name, loss.name,
                optimizer.name, str(center_words.shape), str(target_words.shape)]
with tf.Session() as sess:
    sess.run(iterator.initializer)
    sess.run(tf.global_variables_initializer())
    losses = []
    for index in range(6):
        try:
            loss_batch, _ = sess.run([loss, optimizer])
            losses.append(float(loss_batch))
        except tf.errors.OutOfRangeError:
            losses.append("restart")
            sess.run(iterator.initializer)
    out["losses"] = losses
    out["embed"] = L(sess.run(embed_matrix)[:2])
""",
    "cs_char_rnn_gru_state_feed": r"""
tf.set_random_seed(33)
vocab = " abcdefgh"
def vocab_encode(text, vocab):
    return [vocab.index(x) + 1 for x in text if x in vocab]
def vocab_decode(array, vocab):
    return ''.join([vocab[x - 1] for x in array])
seq = tf.placeholder(tf.int32, [None, None])
temp = tf.constant(1.5)
hidden_sizes = [6, 8]
gstep = tf.Variable(0, dtype=tf.int32, trainable=False, name='global_step')
def create_rnn(seq):
    layers = [tf.nn.rnn_cell.GRUCell(size) for size in hidden_sizes]
    cells = tf.nn.rnn_cell.MultiRNNCell(layers)
    batch = tf.shape(seq)[0]
    zero_states = cells.zero_state(batch, dtype=tf.float32)
    in_state = tuple([tf.placeholder_with_default(state, [None, state.shape[1]])
                      for state in zero_states])
    length = tf.reduce_sum(tf.reduce_max(tf.sign(seq), 2), 1)
    output, out_state = tf.nn.dynamic_rnn(cells, seq, length, in_state)
    return in_state, output, out_state, length
oh = tf.one_hot(seq, len(vocab))
in_state, output, out_state, length = create_rnn(oh)
logits = tf.layers.dense(output, len(vocab), None)
loss = tf.nn.softmax_cross_entropy_with_logits(logits=logits[:, :-1], labels=oh[:, 1:])
loss = tf.reduce_sum(loss)
sample = tf.multinomial(tf.exp(logits[:, -1] / temp), 1)[:, 0]
opt = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=gstep)
out["static"] = [str(output.shape), str(logits.shape), str(sample.shape), sample.dtype.name,
                 [str(s.shape) for s in in_state], str(length.shape), length.dtype.name]
text = ["abcab", "hgfed", "bad", "cafe"]
batch = [vocab_encode(t, vocab) + [0] * (5 - len(t)) for t in text]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    iteration = gstep.eval()
    losses = []
    for _ in range(3):
        batch_loss, _ = sess.run([loss, opt], {seq: batch})
        losses.append(float(batch_loss))
    out["losses"] = losses
    out["gstep"] = [int(iteration), int(gstep.eval())]
    out["length"] = L(sess.run(length, {seq: batch}))
    sentence = "a"
    state = None
    for _ in range(4):
        feed = {seq: [vocab_encode(sentence[-1], vocab)]}
        if state is not None:
            for i in range(len(state)):
                feed.update({in_state[i]: state[i]})
        index, state = sess.run([sample, out_state], feed)
        sentence += vocab_decode(index, vocab)
    out["sentence"] = sentence
    out["state"] = [type(state).__name__, len(state), L(state[1][0, :3])]
""",
    "cs_variable_sharing": r"""
tf.set_random_seed(34)
x1 = tf.truncated_normal([4, 5], name='x1')
x2 = tf.truncated_normal([4, 5], name='x2')
def two_hidden_layers(x):
    assert x.shape.as_list() == [4, 5]
    w1 = tf.Variable(tf.random_normal([5, 3]), name='h1_weights')
    b1 = tf.Variable(tf.zeros([3]), name='h1_biases')
    h1 = tf.matmul(x, w1) + b1
    w2 = tf.Variable(tf.random_normal([3, 2]), name='h2_weights')
    b2 = tf.Variable(tf.zeros([2]), name='2_biases')
    return tf.matmul(h1, w2) + b2
logits1 = two_hidden_layers(x1)
logits2 = two_hidden_layers(x2)
out["unshared"] = [v.name for v in tf.global_variables()]
def two_hidden_layers_2(x):
    w1 = tf.get_variable('h1_weights', [5, 3], initializer=tf.random_normal_initializer())
    b1 = tf.get_variable('h1_biases', [3], initializer=tf.constant_initializer(0.0))
    h1 = tf.matmul(x, w1) + b1
    w2 = tf.get_variable('h2_weights', [3, 2], initializer=tf.random_normal_initializer())
    b2 = tf.get_variable('h2_biases', [2], initializer=tf.constant_initializer(0.0))
    return tf.matmul(h1, w2) + b2
logits3 = two_hidden_layers_2(x1)
out["again"] = raises(lambda: two_hidden_layers_2(x2))
with tf.variable_scope('two_layers') as scope:
    logits4 = two_hidden_layers_2(x1)
    scope.reuse_variables()
    logits5 = two_hidden_layers_2(x2)
def fully_connected(x, output_dim, scope):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE) as scope:
        w = tf.get_variable('weights', [x.shape[1], output_dim],
                            initializer=tf.random_normal_initializer())
        b = tf.get_variable('biases', [output_dim], initializer=tf.constant_initializer(0.0))
        return tf.matmul(x, w) + b
def two_hidden_layers_3(x):
    h1 = fully_connected(x, 3, 'h1')
    h2 = fully_connected(h1, 2, 'h2')
    return h2
with tf.variable_scope('auto') as scope:
    logits6 = two_hidden_layers_3(x1)
    logits7 = two_hidden_layers_3(x2)
out["all"] = [v.name for v in tf.global_variables()]
out["outputs"] = [t.name for t in (logits1, logits2, logits3, logits4, logits5, logits6, logits7)]
d = tempfile.mkdtemp()
writer = tf.summary.FileWriter(os.path.join(d, 'cool_variables'), tf.get_default_graph())
writer.close()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    l6, l7, xx1 = sess.run([logits6, logits7, x1])
    out["l6"] = L(l6)
    out["l45"] = L(sess.run([logits4, logits5]))
""",
    "cs_queue_runner": r"""
N_SAMPLES = 12
NUM_THREADS = 1
rng = np.random.RandomState(35)
data = 10 * rng.randn(N_SAMPLES, 4) + 1
target = rng.randint(0, 2, size=N_SAMPLES)
queue = tf.FIFOQueue(capacity=5, dtypes=[tf.float32, tf.int32], shapes=[[4], []])
enqueue_op = queue.enqueue_many([data, target])
data_sample, label_sample = queue.dequeue()
qr = tf.train.QueueRunner(queue, [enqueue_op] * NUM_THREADS)
got = []
with tf.Session() as sess:
    coord = tf.train.Coordinator()
    enqueue_threads = qr.create_threads(sess, coord=coord, start=True)
    try:
        for step in range(15):
            if coord.should_stop():
                break
            data_batch, label_batch = sess.run([data_sample, label_sample])
            got.append([L(data_batch), int(label_batch)])
    except Exception as e:
        coord.request_stop(e)
    finally:
        coord.request_stop()
        coord.join(enqueue_threads)
out["got"] = got
out["expected_first"] = L(data[:3].astype(np.float32))
out["static"] = [str(data_sample.shape), data_sample.dtype.name, label_sample.dtype.name,
                 enqueue_op.name, enqueue_op.type, queue.name]
""",
    "cs_csv_reader_batch": r"""
d = tempfile.mkdtemp()
path = os.path.join(d, "heart.csv")
with open(path, "w") as f:
    f.write("sbp,tobacco,ldl,famhist,chd\n")
    for i in range(7):
        famhist = "Present" if i % 2 else "Absent"
        f.write("%d,%.1f,%.2f,%s,%d\n" % (120 + i, i * 0.5, 3.1 + i, famhist, i % 2))
BATCH_SIZE = 3
N_FEATURES = 4
filename_queue = tf.train.string_input_producer([path], shuffle=False)
reader = tf.TextLineReader(skip_header_lines=1)
key, value = reader.read(filename_queue)
record_defaults = [[1.0] for _ in range(N_FEATURES)]
record_defaults[3] = ['']
record_defaults.append([1])
content = tf.decode_csv(value, record_defaults=record_defaults)
condition = tf.equal(content[3], tf.constant('Present'))
content[3] = tf.where(condition, tf.constant(1.0), tf.constant(0.0))
features = tf.stack(content[:N_FEATURES])
label = content[-1]
data_batch, label_batch = tf.train.batch([features, label], batch_size=BATCH_SIZE)
out["static"] = [str(features.shape), str(data_batch.shape), label_batch.dtype.name,
                 [c.dtype.name for c in content], key.name, value.name]
with tf.Session() as sess:
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(coord=coord)
    got = []
    for _ in range(3):
        features_v, labels_v = sess.run([data_batch, label_batch])
        got.append([L(features_v), L(labels_v)])
    coord.request_stop()
    coord.join(threads)
out["got"] = got
""",
    "cs_convnet_get_variable_layers": r"""
tf.set_random_seed(35)
def conv_relu(inputs, filters, k_size, stride, padding, scope_name):
    with tf.variable_scope(scope_name, reuse=tf.AUTO_REUSE) as scope:
        in_channels = inputs.shape[-1]
        kernel = tf.get_variable('kernel', [k_size, k_size, in_channels, filters],
                                 initializer=tf.truncated_normal_initializer())
        biases = tf.get_variable('biases', [filters], initializer=tf.random_normal_initializer())
        conv = tf.nn.conv2d(inputs, kernel, strides=[1, stride, stride, 1], padding=padding)
    return tf.nn.relu(conv + biases, name=scope.name)
def maxpool(inputs, ksize, stride, padding='VALID', scope_name='pool'):
    with tf.variable_scope(scope_name, reuse=tf.AUTO_REUSE) as scope:
        pool = tf.nn.max_pool(inputs, ksize=[1, ksize, ksize, 1], strides=[1, stride, stride, 1],
                              padding=padding)
    return pool
def fully_connected(inputs, out_dim, scope_name='fc'):
    with tf.variable_scope(scope_name, reuse=tf.AUTO_REUSE) as scope:
        in_dim = inputs.shape[-1]
        w = tf.get_variable('weights', [in_dim, out_dim],
                            initializer=tf.truncated_normal_initializer())
        b = tf.get_variable('biases', [out_dim], initializer=tf.constant_initializer(0.0))
        out = tf.matmul(inputs, w) + b
    return out
img = tf.placeholder(tf.float32, [None, 28, 28, 1])
label = tf.placeholder(tf.float32, [None, 10])
keep_prob = tf.constant(0.75)
training = True
gstep = tf.Variable(0, dtype=tf.int32, trainable=False, name='global_step')
conv1 = conv_relu(inputs=img, filters=4, k_size=5, stride=1, padding='SAME', scope_name='conv1')
pool1 = maxpool(conv1, 2, 2, 'VALID', 'pool1')
conv2 = conv_relu(inputs=pool1, filters=6, k_size=5, stride=1, padding='SAME', scope_name='conv2')
pool2 = maxpool(conv2, 2, 2, 'VALID', 'pool2')
feature_dim = pool2.shape[1] * pool2.shape[2] * pool2.shape[3]
pool2 = tf.reshape(pool2, [-1, feature_dim])
fc = fully_connected(pool2, 16, 'fc')
dropout = tf.nn.dropout(tf.nn.relu(fc), keep_prob, name='relu_dropout')
logits = fully_connected(dropout, 10, 'logits')
with tf.name_scope('loss'):
    entropy = tf.nn.softmax_cross_entropy_with_logits(labels=label, logits=logits)
    loss = tf.reduce_mean(entropy, name='loss')
opt = tf.train.AdamOptimizer(0.001).minimize(loss, global_step=gstep)
with tf.name_scope('summaries'):
    tf.summary.scalar('loss', loss)
    tf.summary.histogram('histogram loss', loss)
    summary_op = tf.summary.merge_all()
with tf.name_scope('predict'):
    preds = tf.nn.softmax(logits)
    correct_preds = tf.equal(tf.argmax(preds, 1), tf.argmax(label, 1))
    accuracy = tf.reduce_sum(tf.cast(correct_preds, tf.float32))
out["names"] = [conv1.name, pool1.name, fc.name, dropout.name.split("/")[0], logits.name, loss.name,
                summary_op.name, accuracy.name, str(feature_dim), type(feature_dim).__name__]
out["vars"] = [v.name for v in tf.global_variables()][:8]
xs, ys = mnist(4, seed=36, flat=False)
d = tempfile.mkdtemp()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver()
    writer = tf.summary.FileWriter(os.path.join(d, 'convnet'), tf.get_default_graph())
    losses = []
    for step in range(2):
        _, l, summaries = sess.run([opt, loss, summary_op], {img: xs, label: ys})
        writer.add_summary(summaries, global_step=step)
        losses.append(float(l))
    p = saver.save(sess, os.path.join(d, 'checkpoints', 'convnet_mnist'), gstep)
    out["saved"] = os.path.relpath(p, d)
    writer.close()
    out["losses"] = losses
    out["acc"] = float(sess.run(accuracy, {img: xs, label: ys}))
out["tags"] = event_tags(os.path.join(d, 'convnet'))
""",
    "cs_exercises_cond_case_where": r"""
tf.set_random_seed(36)
x = tf.random_uniform([])
y = tf.random_uniform([])
out1 = tf.cond(tf.greater(x, y), lambda: tf.add(x, y), lambda: tf.subtract(x, y))
x2 = tf.random_uniform([], -1, 1, dtype=tf.float32)
y2 = tf.random_uniform([], -1, 1, dtype=tf.float32)
out2 = tf.case({tf.less(x2, y2): lambda: tf.add(x2, y2),
                tf.greater(x2, y2): lambda: tf.subtract(x2, y2)},
               default=lambda: tf.constant(0.0), exclusive=True)
printed = str(x2)
sess = tf.InteractiveSession()
r = sess.run([x, y, out1, x2, y2, out2])
out["cond_case"] = [float(v) for v in r]
out["printed"] = printed
x3 = tf.constant([[0, -2, -1], [0, 1, 2]])
out["equal"] = L(sess.run(tf.equal(x3, tf.zeros_like(x3))))
x4 = tf.constant([29.05088806, 27.61298943, 31.19073486, 29.35532951, 30.97266006,
                  26.67541885, 38.08450317, 20.74983215, 34.94445419, 34.45999146])
indices = tf.where(x4 > 30)
gathered = tf.gather(x4, indices)
out["where_gather"] = [L(indices.eval()), L(gathered.eval()), str(indices.shape),
                       str(gathered.shape), indices.dtype.name]
out["diag"] = L(tf.diag(tf.range(1, 7)).eval()[2])
m = tf.random_normal([4, 4], mean=10, stddev=1)
out["det"] = float(tf.matrix_determinant(m).eval())
unique_values, idx = tf.unique(tf.constant([5, 2, 3, 5, 10, 6, 2, 3, 4, 2, 1, 1, 0, 9]))
out["unique"] = [L(unique_values.eval()), L(idx.eval())]
x5 = tf.random_normal([30], mean=5, stddev=1)
y5 = tf.random_normal([30], mean=5, stddev=1)
average = tf.reduce_mean(x5 - y5)
def f1(): return tf.reduce_mean(tf.square(x5 - y5))
def f2(): return tf.reduce_sum(tf.abs(x5 - y5))
out6 = tf.cond(average < 0, f1, f2)
out["cond_avg"] = L(sess.run([average, out6]))
out["case_errors"] = [
    raises(lambda: tf.case({tf.less(x2, y2): lambda: tf.constant(1)},
                           default=lambda: tf.constant(0.0))),
    raises(lambda: tf.cond(x > y, lambda: 1.0))]
sess.close()
""",
    "cs_feed_intermediate_tensors": r"""
a = tf.placeholder(tf.float32, shape=[3])
b = tf.constant([5, 5, 5], tf.float32)
c = a + b
with tf.Session() as sess:
    out["fed"] = L(sess.run(c, feed_dict={a: [1, 2, 3]}))
    out["unfed"] = raises(lambda: sess.run(c))
    out["wrong_shape"] = raises(lambda: sess.run(c, {a: [1, 2]}))
a2 = tf.add(2, 5)
b2 = tf.multiply(a2, 3)
with tf.Session() as sess:
    out["replace"] = [int(sess.run(b2)), int(sess.run(b2, feed_dict={a2: 15}))]
    graph = tf.get_default_graph()
    out["feedable"] = [graph.is_feedable(a2), graph.is_feedable(a)]
    out["fetchable"] = tf.get_default_graph().is_fetchable(b2)
    w = tf.constant(1.0, name="w")
    graph.prevent_fetching(w.op)
    out["prevented"] = [graph.is_fetchable(w), graph.is_fetchable(w.op),
                        raises(lambda: sess.run(w)), float(sess.run(w + 1.0))]
g = tf.Graph()
with g.as_default():
    x = tf.add(3, 5)
sess = tf.Session(graph=g)
out["other_graph"] = int(sess.run(x))
out["wrong_graph"] = raises(lambda: sess.run(c))
sess.close()
g1 = tf.get_default_graph()
g2 = tf.Graph()
with g1.as_default():
    a3 = tf.constant(3)
with g2.as_default():
    b3 = tf.constant(5)
out["mixed_graphs"] = raises(lambda: tf.add(a3, b3))
out["names"] = [a.name, c.name, a2.name, b2.name, a3.name, b3.name]
""",
    "cs_kernels_conv_filters": r"""
d = tempfile.mkdtemp()
filename = os.path.join(d, "img.png")
rng = np.random.RandomState(37)
with tf.Graph().as_default(), tf.Session() as s:
    img = (rng.rand(9, 9, 3) * 255).astype(np.uint8)
    open(filename, "wb").write(s.run(tf.image.encode_png(img)))
a = np.zeros([3, 3, 3, 3])
a[1, 1, :, :] = 0.25
a[0, 1, :, :] = 0.125
a[1, 0, :, :] = 0.125
a[2, 1, :, :] = 0.125
a[1, 2, :, :] = 0.125
a[0, 0, :, :] = 0.0625
a[0, 2, :, :] = 0.0625
a[2, 0, :, :] = 0.0625
a[2, 2, :, :] = 0.0625
BLUR_FILTER_RGB = tf.constant(a, dtype=tf.float32)
a = np.zeros([3, 3, 3, 3])
a[1, 1, :, :] = 5
a[0, 1, :, :] = -1
a[1, 0, :, :] = -1
a[2, 1, :, :] = -1
a[1, 2, :, :] = -1
SHARPEN_FILTER_RGB = tf.constant(a, dtype=tf.float32)
EDGE_FILTER_RGB = tf.constant([[[[-1., 0, 0], [0, -1., 0], [0, 0, -1.]],
                                [[-1., 0, 0], [0, -1., 0], [0, 0, -1.]],
                                [[-1., 0, 0], [0, -1., 0], [0, 0, -1.]]],
                               [[[-1., 0, 0], [0, -1., 0], [0, 0, -1.]],
                                [[8., 0, 0], [0, 8., 0], [0, 0, 8.]],
                                [[-1., 0, 0], [0, -1., 0], [0, 0, -1.]]],
                               [[[-1., 0, 0], [0, -1., 0], [0, 0, -1.]],
                                [[-1., 0, 0], [0, -1., 0], [0, 0, -1.]],
                                [[-1., 0, 0], [0, -1., 0], [0, 0, -1.]]]])
def read_one_image(filename):
    image_string = tf.read_file(filename)
    image_decoded = tf.image.decode_image(image_string)
    image = tf.cast(image_decoded, tf.float32) / 256.0
    return image
def convolve(image, kernels, rgb=True, strides=[1, 3, 3, 1], padding='SAME'):
    images = [image[0]]
    for i, kernel in enumerate(kernels):
        filtered_image = tf.nn.conv2d(image, kernel, strides=strides, padding=padding)[0]
        if i == 2:
            filtered_image = tf.minimum(tf.nn.relu(filtered_image), 255)
        images.append(filtered_image)
    return images
image = read_one_image(filename)
out["decoded"] = [str(image.shape), image.dtype.name]
image = tf.expand_dims(image, 0)
kernels_list = [BLUR_FILTER_RGB, SHARPEN_FILTER_RGB, EDGE_FILTER_RGB]
images = convolve(image, kernels_list, rgb=True)
with tf.Session() as sess:
    images = sess.run(images)
out["images"] = [[list(i.shape), float(np.round(i.sum(), 3))] for i in images]
out["edge"] = L(np.round(images[3][1, :, 0], 4))
""",
}


GOLBIN = {
    "gb_basic_printing": r"""
tf.set_random_seed(40)
hello = tf.constant('Hello, TensorFlow!')
a = tf.constant(10)
b = tf.constant(32)
c = tf.add(a, b)
X = tf.placeholder(tf.float32, [None, 3])
x_data = [[1, 2, 3], [4, 5, 6]]
W = tf.Variable(tf.random_normal([3, 2]))
b2 = tf.Variable(tf.random_normal([2, 1]))
expr = tf.matmul(X, W) + b2
out["printed"] = [str(hello), str(c), str(X), str(W), str(expr)]
sess = tf.Session()
out["run"] = [sess.run(hello).decode(), L(sess.run([a, b, c]))]
sess.run(tf.global_variables_initializer())
out["x_data"] = str(x_data)
out["W"] = L(sess.run(W))
out["expr"] = L(sess.run(expr, feed_dict={X: x_data}))
sess.close()
""",
    "gb_linear_regression_named": r"""
tf.set_random_seed(41)
x_data = [1, 2, 3]
y_data = [1, 2, 3]
W = tf.Variable(tf.random_uniform([1], -1.0, 1.0))
b = tf.Variable(tf.random_uniform([1], -1.0, 1.0))
X = tf.placeholder(tf.float32, name="X")
Y = tf.placeholder(tf.float32, name="Y")
out["printed"] = [str(X), str(Y)]
hypothesis = W * X + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1)
train_op = optimizer.minimize(cost)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for step in range(10):
        _, cost_val = sess.run([train_op, cost], feed_dict={X: x_data, Y: y_data})
        if step % 3 == 0:
            log.append([step, float(cost_val), L(sess.run(W)), L(sess.run(b))])
    out["log"] = log
    out["X: 5"] = L(sess.run(hypothesis, feed_dict={X: 5}))
    out["X: 2.5"] = L(sess.run(hypothesis, feed_dict={X: 2.5}))
out["names"] = [hypothesis.name, cost.name, train_op.name, str(hypothesis.shape)]
""",
    "gb_deep_nn_classification": r"""
tf.set_random_seed(42)
x_data = np.array([[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]])
y_data = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [1, 0, 0], [0, 0, 1]])
X = tf.placeholder(tf.float32)
Y = tf.placeholder(tf.float32)
W1 = tf.Variable(tf.random_uniform([2, 10], -1., 1.))
W2 = tf.Variable(tf.random_uniform([10, 3], -1., 1.))
b1 = tf.Variable(tf.zeros([10]))
b2 = tf.Variable(tf.zeros([3]))
L1 = tf.add(tf.matmul(X, W1), b1)
L1 = tf.nn.relu(L1)
model = tf.add(tf.matmul(L1, W2), b2)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=Y, logits=model))
optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
train_op = optimizer.minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
log = []
for step in range(30):
    sess.run(train_op, feed_dict={X: x_data, Y: y_data})
    if (step + 1) % 10 == 0:
        log.append([step + 1, float(sess.run(cost, feed_dict={X: x_data, Y: y_data}))])
prediction = tf.argmax(model, 1)
target = tf.argmax(Y, 1)
out["pred"] = [L(sess.run(prediction, feed_dict={X: x_data})),
               L(sess.run(target, feed_dict={Y: y_data}))]
is_correct = tf.equal(prediction, target)
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))
out["acc"] = '정확도: %.2f' % sess.run(accuracy * 100, feed_dict={X: x_data, Y: y_data})
out["log"] = log
out["static"] = [str(model.shape), str(L1.shape), str(cost.shape)]
# the second classification file: cross-entropy written by hand
model2 = tf.nn.softmax(tf.nn.relu(tf.add(tf.matmul(X, W1), b1)) @ W2 + b2)
cost2 = tf.reduce_mean(-tf.reduce_sum(Y * tf.log(model2), axis=1))
out["cost2"] = float(sess.run(cost2, feed_dict={X: x_data, Y: y_data}))
sess.close()
""",
    "gb_saver_tensorboard_csv": r"""
d = tempfile.mkdtemp()
csv = os.path.join(d, "data.csv")
with open(csv, "w") as f:
    f.write("# 털, 날개, 기타, 포유류, 조류\n")
    for row in ["0,0,1,0,0", "1,0,0,1,0", "1,1,0,0,1", "0,0,1,0,0", "0,0,1,0,0", "0,1,0,0,1"]:
        f.write(row + "\n")
data = np.loadtxt(csv, delimiter=',', unpack=True, dtype='float32')
x_data = np.transpose(data[0:2])
y_data = np.transpose(data[2:])
def run_once(run):
    tf.set_random_seed(43)
    global_step = tf.Variable(0, trainable=False, name='global_step')
    X = tf.placeholder(tf.float32)
    Y = tf.placeholder(tf.float32)
    with tf.name_scope('layer1'):
        W1 = tf.Variable(tf.random_uniform([2, 10], -1., 1.), name='W1')
        L1 = tf.nn.relu(tf.matmul(X, W1))
        tf.summary.histogram("X", X)
        tf.summary.histogram("Weights", W1)
    with tf.name_scope('output'):
        W2 = tf.Variable(tf.random_uniform([10, 3], -1., 1.), name='W2')
        model = tf.matmul(L1, W2)
    with tf.name_scope('optimizer'):
        cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=Y, logits=model))
        optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
        train_op = optimizer.minimize(cost, global_step=global_step)
        tf.summary.scalar('cost', cost)
    sess = tf.Session()
    saver = tf.train.Saver(tf.global_variables())
    ckpt = tf.train.get_checkpoint_state(os.path.join(d, 'model'))
    log = [[v.name for v in tf.global_variables()][:3]]
    if ckpt and tf.train.checkpoint_exists(ckpt.model_checkpoint_path):
        saver.restore(sess, ckpt.model_checkpoint_path)
        log.append(os.path.relpath(ckpt.model_checkpoint_path, d))
    else:
        sess.run(tf.global_variables_initializer())
        log.append("fresh")
    merged = tf.summary.merge_all()
    writer = tf.summary.FileWriter(os.path.join(d, 'logs', run), sess.graph)
    for step in range(2):
        sess.run(train_op, feed_dict={X: x_data, Y: y_data})
        log.append(['Step: %d, ' % sess.run(global_step),
                    float(sess.run(cost, feed_dict={X: x_data, Y: y_data}))])
        summary = sess.run(merged, feed_dict={X: x_data, Y: y_data})
        writer.add_summary(summary, global_step=sess.run(global_step))
    writer.close()
    p = saver.save(sess, os.path.join(d, 'model', 'dnn.ckpt'), global_step=global_step)
    log.append(os.path.relpath(p, d))
    prediction = tf.argmax(model, 1)
    log.append(L(sess.run(prediction, feed_dict={X: x_data})))
    sess.close()
    return log
out["shapes"] = [list(data.shape), list(x_data.shape), list(y_data.shape)]
with tf.Graph().as_default():
    out["first"] = run_once("1")
with tf.Graph().as_default():
    out["second"] = run_once("2")
out["tags"] = [[t[1] for t in event_tags(os.path.join(d, 'logs', run))] for run in "12"]
out["files"] = sorted(f for f in os.listdir(os.path.join(d, 'model')) if ".data-" not in f)
""",
    "gb_cnn_layers_is_training": r"""
tf.set_random_seed(44)
X = tf.placeholder(tf.float32, [None, 28, 28, 1])
Y = tf.placeholder(tf.float32, [None, 10])
is_training = tf.placeholder(tf.bool)
L1 = tf.layers.conv2d(X, 4, [3, 3], activation=tf.nn.relu)
L1 = tf.layers.max_pooling2d(L1, [2, 2], [2, 2])
L1 = tf.layers.dropout(L1, 0.7, is_training)
L2 = tf.layers.conv2d(L1, 6, [3, 3], activation=tf.nn.relu)
L2 = tf.layers.max_pooling2d(L2, [2, 2], [2, 2])
L2 = tf.layers.dropout(L2, 0.7, is_training)
L3 = tf.contrib.layers.flatten(L2) if hasattr(tf, "contrib") else tf.layers.flatten(L2)
L3 = tf.layers.dense(L3, 16, activation=tf.nn.relu)
L3 = tf.layers.dropout(L3, 0.5, is_training)
model = tf.layers.dense(L3, 10, activation=None)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=model, labels=Y))
optimizer = tf.train.AdamOptimizer(0.001).minimize(cost)
out["shapes"] = [str(t.shape) for t in (L1, L2, L3, model)]
out["vars"] = [v.name for v in tf.trainable_variables()]
xs, ys = mnist(6, seed=40, flat=False)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for epoch in range(2):
        _, cost_val = sess.run([optimizer, cost], feed_dict={X: xs, Y: ys, is_training: True})
        log.append('Avg. cost = {:.3f}'.format(cost_val)[:14])
        log.append(float(cost_val))
    is_correct = tf.equal(tf.argmax(model, 1), tf.argmax(Y, 1))
    accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))
    out["acc"] = float(sess.run(accuracy, feed_dict={X: xs, Y: ys, is_training: False}))
    out["log"] = log
""",
    "gb_conditional_gan_scopes": r"""
tf.set_random_seed(45)
n_hidden = 12
n_input = 784
n_noise = 8
n_class = 10
X = tf.placeholder(tf.float32, [None, n_input])
Y = tf.placeholder(tf.float32, [None, n_class])
Z = tf.placeholder(tf.float32, [None, n_noise])
def generator(noise, labels):
    with tf.variable_scope('generator'):
        inputs = tf.concat([noise, labels], 1)
        hidden = tf.layers.dense(inputs, n_hidden, activation=tf.nn.relu)
        output = tf.layers.dense(hidden, n_input, activation=tf.nn.sigmoid)
    return output
def discriminator(inputs, labels, reuse=None):
    with tf.variable_scope('discriminator') as scope:
        if reuse:
            scope.reuse_variables()
        inputs = tf.concat([inputs, labels], 1)
        hidden = tf.layers.dense(inputs, n_hidden, activation=tf.nn.relu)
        output = tf.layers.dense(hidden, 1, activation=None)
    return output
def get_noise(batch_size, n_noise):
    return rng.uniform(-1., 1., size=[batch_size, n_noise])
rng = np.random.RandomState(41)
G = generator(Z, Y)
D_real = discriminator(X, Y)
D_gene = discriminator(G, Y, True)
loss_D_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
    logits=D_real, labels=tf.ones_like(D_real)))
loss_D_gene = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
    logits=D_gene, labels=tf.zeros_like(D_gene)))
loss_D = loss_D_real + loss_D_gene
loss_G = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
    logits=D_gene, labels=tf.ones_like(D_gene)))
vars_D = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='discriminator')
vars_G = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='generator')
train_D = tf.train.AdamOptimizer().minimize(loss_D, var_list=vars_D)
train_G = tf.train.AdamOptimizer().minimize(loss_G, var_list=vars_G)
out["vars"] = [[v.name for v in vars_D], [v.name for v in vars_G]]
batch_xs, batch_ys = mnist(4, seed=42)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for epoch in range(3):
        noise = get_noise(4, n_noise)
        _, loss_val_D = sess.run([train_D, loss_D], feed_dict={X: batch_xs, Y: batch_ys, Z: noise})
        _, loss_val_G = sess.run([train_G, loss_G], feed_dict={Y: batch_ys, Z: noise})
        log.append(['Epoch:', '%04d' % epoch, 'D loss: {:.4}'.format(loss_val_D),
                    float(loss_val_D), float(loss_val_G)])
    out["log"] = [r[:2] + r[3:] for r in log]
    samples = sess.run(G, feed_dict={Y: batch_ys, Z: get_noise(4, n_noise)})
    out["samples"] = [float(samples.sum()), L(samples[0, :4])]
""",
    "gb_rnn_mnist_dynamic": r"""
tf.set_random_seed(46)
learning_rate = 0.01
n_input = 28
n_step = 28
n_hidden = 8
n_class = 10
X = tf.placeholder(tf.float32, [None, n_step, n_input])
Y = tf.placeholder(tf.float32, [None, n_class])
W = tf.Variable(tf.random_normal([n_hidden, n_class]))
b = tf.Variable(tf.random_normal([n_class]))
cell = tf.nn.rnn_cell.BasicRNNCell(n_hidden)
outputs, states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
out["static"] = [str(outputs.shape), str(states.shape)]
outputs = tf.transpose(outputs, [1, 0, 2])
outputs = outputs[-1]
model = tf.matmul(outputs, W) + b
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=model, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate).minimize(cost)
xs, ys = mnist(6, seed=43)
xs = xs.reshape((6, n_step, n_input))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    costs = []
    for epoch in range(3):
        _, cost_val = sess.run([optimizer, cost], feed_dict={X: xs, Y: ys})
        costs.append(float(cost_val))
    out["costs"] = costs
    is_correct = tf.equal(tf.argmax(model, 1), tf.argmax(Y, 1))
    accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))
    out["acc"] = float(sess.run(accuracy, feed_dict={X: xs, Y: ys}))
out["vars"] = [v.name for v in tf.trainable_variables()]
""",
    "gb_autocomplete_multicell_dropout": r"""
tf.set_random_seed(47)
char_arr = list('abcdefghijklmnopqrstuvwxyz')
num_dic = {n: i for i, n in enumerate(char_arr)}
dic_len = len(num_dic)
seq_data = ['word', 'wood', 'deep', 'dive', 'cold', 'cool', 'load', 'love', 'kiss', 'kind']
def make_batch(seq_data):
    input_batch = []
    target_batch = []
    for seq in seq_data:
        input = [num_dic[n] for n in seq[:-1]]
        target = num_dic[seq[-1]]
        input_batch.append(np.eye(dic_len)[input])
        target_batch.append(target)
    return input_batch, target_batch
learning_rate = 0.01
n_hidden = 12
n_step = 3
n_input = n_class = dic_len
X = tf.placeholder(tf.float32, [None, n_step, n_input])
Y = tf.placeholder(tf.int32, [None])
W = tf.Variable(tf.random_normal([n_hidden, n_class]))
b = tf.Variable(tf.random_normal([n_class]))
cell1 = tf.nn.rnn_cell.BasicLSTMCell(n_hidden)
cell1 = tf.nn.rnn_cell.DropoutWrapper(cell1, output_keep_prob=0.5)
cell2 = tf.nn.rnn_cell.BasicLSTMCell(n_hidden)
multi_cell = tf.nn.rnn_cell.MultiRNNCell([cell1, cell2])
outputs, states = tf.nn.dynamic_rnn(multi_cell, X, dtype=tf.float32)
outputs = tf.transpose(outputs, [1, 0, 2])
outputs = outputs[-1]
model = tf.matmul(outputs, W) + b
cost = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=model, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate).minimize(cost)
input_batch, target_batch = make_batch(seq_data)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    costs = []
    for epoch in range(4):
        _, loss = sess.run([optimizer, cost], feed_dict={X: input_batch, Y: target_batch})
        costs.append(float(loss))
    prediction = tf.cast(tf.argmax(model, 1), tf.int32)
    prediction_check = tf.equal(prediction, Y)
    accuracy = tf.reduce_mean(tf.cast(prediction_check, tf.float32))
    predict, accuracy_val = sess.run([prediction, accuracy],
                                     feed_dict={X: input_batch, Y: target_batch})
    predict_words = []
    for idx, val in enumerate(seq_data):
        last_char = char_arr[predict[idx]]
        predict_words.append(val[:3] + last_char)
    out["costs"] = costs
    out["predict_words"] = predict_words
    out["accuracy"] = float(accuracy_val)
out["states"] = [type(states).__name__, len(states), type(states[0]).__name__]
out["vars"] = [v.name for v in tf.trainable_variables()]
""",
    "gb_seq2seq_encode_decode": r"""
tf.set_random_seed(48)
char_arr = [c for c in 'SEPabcdefghijklmnopqrstuvwxyz단어나무놀이소녀키스사랑']
num_dic = {n: i for i, n in enumerate(char_arr)}
dic_len = len(num_dic)
seq_data = [['word', '단어'], ['wood', '나무'], ['game', '놀이'], ['girl', '소녀'],
            ['kiss', '키스'], ['love', '사랑']]
def make_batch(seq_data):
    input_batch = []
    output_batch = []
    target_batch = []
    for seq in seq_data:
        input = [num_dic[n] for n in seq[0]]
        output = [num_dic[n] for n in ('S' + seq[1])]
        target = [num_dic[n] for n in (seq[1] + 'E')]
        input_batch.append(np.eye(dic_len)[input])
        output_batch.append(np.eye(dic_len)[output])
        target_batch.append(target)
    return input_batch, output_batch, target_batch
learning_rate = 0.01
n_hidden = 16
n_class = n_input = dic_len
enc_input = tf.placeholder(tf.float32, [None, None, n_input])
dec_input = tf.placeholder(tf.float32, [None, None, n_input])
targets = tf.placeholder(tf.int64, [None, None])
with tf.variable_scope('encode'):
    enc_cell = tf.nn.rnn_cell.BasicRNNCell(n_hidden)
    enc_cell = tf.nn.rnn_cell.DropoutWrapper(enc_cell, output_keep_prob=0.5)
    outputs, enc_states = tf.nn.dynamic_rnn(enc_cell, enc_input, dtype=tf.float32)
with tf.variable_scope('decode'):
    dec_cell = tf.nn.rnn_cell.BasicRNNCell(n_hidden)
    dec_cell = tf.nn.rnn_cell.DropoutWrapper(dec_cell, output_keep_prob=0.5)
    outputs, dec_states = tf.nn.dynamic_rnn(dec_cell, dec_input, initial_state=enc_states,
                                            dtype=tf.float32)
model = tf.layers.dense(outputs, n_class, activation=None)
cost = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=model, labels=targets))
optimizer = tf.train.AdamOptimizer(learning_rate).minimize(cost)
out["static"] = [str(outputs.shape), str(model.shape), str(enc_states.shape)]
out["vars"] = [v.name for v in tf.trainable_variables()]
sess = tf.Session()
sess.run(tf.global_variables_initializer())
input_batch, output_batch, target_batch = make_batch(seq_data)
costs = []
for epoch in range(4):
    _, loss = sess.run([optimizer, cost], feed_dict={enc_input: input_batch,
                       dec_input: output_batch, targets: target_batch})
    costs.append(float(loss))
out["costs"] = costs
def translate(word):
    seq_data = [word, 'P' * len(word)]
    input_batch, output_batch, target_batch = make_batch([seq_data])
    prediction = tf.argmax(model, 2)
    result = sess.run(prediction, feed_dict={enc_input: input_batch, dec_input: output_batch,
                                             targets: target_batch})
    decoded = [char_arr[i] for i in result[0]]
    end = decoded.index('E') if 'E' in decoded else len(decoded)
    return ''.join(decoded[:end]), L(result)
out["translate"] = [translate('word'), translate('love')]
sess.close()
""",
    "gb_dqn_target_network": r"""
tf.set_random_seed(49)
class DQN:
    BATCH_SIZE = 4
    GAMMA = 0.99
    STATE_LEN = 2
    def __init__(self, session, width, height, n_action):
        self.session = session
        self.n_action = n_action
        self.width = width
        self.height = height
        self.state = None
        self.input_X = tf.placeholder(tf.float32, [None, width, height, self.STATE_LEN])
        self.input_A = tf.placeholder(tf.int64, [None])
        self.input_Y = tf.placeholder(tf.float32, [None])
        self.Q = self._build_network('main')
        self.cost, self.train_op = self._build_op()
        self.target_Q = self._build_network('target')
    def _build_network(self, name):
        with tf.variable_scope(name):
            model = tf.layers.conv2d(self.input_X, 4, [4, 4], padding='same',
                                     activation=tf.nn.relu)
            model = tf.layers.conv2d(model, 6, [2, 2], padding='same', activation=tf.nn.relu)
            model = tf.contrib.layers.flatten(model) if hasattr(tf, "contrib") else \
                tf.layers.flatten(model)
            model = tf.layers.dense(model, 16, activation=tf.nn.relu)
            Q = tf.layers.dense(model, self.n_action, activation=None)
        return Q
    def _build_op(self):
        one_hot = tf.one_hot(self.input_A, self.n_action, 1.0, 0.0)
        Q_value = tf.reduce_sum(tf.multiply(self.Q, one_hot), axis=1)
        cost = tf.reduce_mean(tf.square(self.input_Y - Q_value))
        train_op = tf.train.AdamOptimizer(1e-3).minimize(cost)
        return cost, train_op
    def update_target_network(self):
        copy_op = []
        main_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='main')
        target_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='target')
        for main_var, target_var in zip(main_vars, target_vars):
            copy_op.append(target_var.assign(main_var.value()))
        self.session.run(copy_op)
    def get_action(self):
        Q_value = self.session.run(self.Q, feed_dict={self.input_X: [self.state]})
        return np.argmax(Q_value[0])
    def init_state(self, state):
        state = [state for _ in range(self.STATE_LEN)]
        self.state = np.stack(state, axis=2)
    def remember(self, state):
        next_state = np.reshape(state, (self.width, self.height, 1))
        self.state = np.append(self.state[:, :, 1:], next_state, axis=2)
    def train(self, state, next_state, action, reward, terminal):
        target_Q_value = self.session.run(self.target_Q, feed_dict={self.input_X: next_state})
        Y = []
        for i in range(self.BATCH_SIZE):
            if terminal[i]:
                Y.append(reward[i])
            else:
                Y.append(reward[i] + self.GAMMA * np.max(target_Q_value[i]))
        _, c = self.session.run([self.train_op, self.cost], feed_dict={
            self.input_X: state, self.input_A: action, self.input_Y: Y})
        return float(c)
rng = np.random.RandomState(44)
sess = tf.Session()
brain = DQN(sess, 6, 8, 3)
out["vars"] = [v.name for v in tf.global_variables()]
sess.run(tf.global_variables_initializer())
brain.init_state(rng.rand(6, 8))
actions = [int(brain.get_action())]
brain.remember(rng.rand(6, 8))
actions.append(int(brain.get_action()))
out["actions"] = actions
out["state"] = list(brain.state.shape)
before = sess.run(brain.target_Q, {brain.input_X: [brain.state]})
brain.update_target_network()
after = sess.run([brain.Q, brain.target_Q], {brain.input_X: [brain.state]})
out["target"] = [bool(np.allclose(after[0], after[1])), L(before), L(after[1])]
costs = []
for step in range(3):
    s = rng.rand(4, 6, 8, 2)
    costs.append(brain.train(s, rng.rand(4, 6, 8, 2), rng.randint(0, 3, 4), rng.rand(4),
                             [False, True, False, False]))
out["costs"] = costs
out["one_hot"] = [brain.cost.op.name, str(brain.Q.shape), str(brain.target_Q.shape)]
sess.close()
""",
}


HVASS = {
    "hv_simple_linear_model": r"""
img_size_flat = 784
num_classes = 10
x = tf.placeholder(tf.float32, [None, img_size_flat])
y_true = tf.placeholder(tf.float32, [None, num_classes])
y_true_cls = tf.placeholder(tf.int64, [None])
weights = tf.Variable(tf.zeros([img_size_flat, num_classes]))
biases = tf.Variable(tf.zeros([num_classes]))
logits = tf.matmul(x, weights) + biases
y_pred = tf.nn.softmax(logits)
y_pred_cls = tf.argmax(y_pred, axis=1)
cross_entropy = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=y_true)
cost = tf.reduce_mean(cross_entropy)
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(cost)
correct_prediction = tf.equal(y_pred_cls, y_true_cls)
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
session = tf.Session()
session.run(tf.global_variables_initializer())
batch_size = 4
x_train, y_train = mnist(12, seed=50)
x_test, y_test = mnist(8, seed=51)
y_test_cls = np.argmax(y_test, axis=1)
feed_dict_test = {x: x_test, y_true: y_test, y_true_cls: y_test_cls}
def optimize(num_iterations):
    for i in range(num_iterations):
        x_batch = x_train[(i % 3) * batch_size:(i % 3 + 1) * batch_size]
        y_true_batch = y_train[(i % 3) * batch_size:(i % 3 + 1) * batch_size]
        session.run(optimizer, feed_dict={x: x_batch, y_true: y_true_batch})
def print_accuracy():
    acc = session.run(accuracy, feed_dict=feed_dict_test)
    return "Accuracy on test-set: {0:.1%}".format(acc)
log = [print_accuracy()]
optimize(num_iterations=1)
log.append(print_accuracy())
optimize(num_iterations=5)
log.append(print_accuracy())
out["log"] = log
w = session.run(weights)
# learning rate 0.5 on 784 pixels saturates the softmax: TF's last bits of the logits
# move the weights' fifth digit
out["w"] = [round(float(np.min(w)), 4), round(float(np.max(w)), 4), L(np.round(w[:2, :3], 4))]
cls_pred = session.run(y_pred_cls, feed_dict=feed_dict_test)
cm = np.zeros((num_classes, num_classes), int)
for t, p in zip(y_test_cls, cls_pred):
    cm[t, p] += 1
out["cm"] = [L(cm.sum(0)), L(session.run(tf.confusion_matrix(y_test_cls, cls_pred, 10)).sum(0))]
out["types"] = [y_pred_cls.dtype.name, str(y_pred_cls.shape), type(cls_pred[0]).__name__]
session.close()
""",
    "hv_cnn_helpers_num_elements": r"""
tf.set_random_seed(50)
filter_size1 = 5
num_filters1 = 4
filter_size2 = 5
num_filters2 = 6
fc_size = 16
img_size = 28
img_size_flat = img_size * img_size
img_shape = (img_size, img_size)
num_channels = 1
num_classes = 10
def new_weights(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.05))
def new_biases(length):
    return tf.Variable(tf.constant(0.05, shape=[length]))
def new_conv_layer(input, num_input_channels, filter_size, num_filters, use_pooling=True):
    shape = [filter_size, filter_size, num_input_channels, num_filters]
    weights = new_weights(shape=shape)
    biases = new_biases(length=num_filters)
    layer = tf.nn.conv2d(input=input, filter=weights, strides=[1, 1, 1, 1], padding='SAME')
    layer += biases
    if use_pooling:
        layer = tf.nn.max_pool(value=layer, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                               padding='SAME')
    layer = tf.nn.relu(layer)
    return layer, weights
def flatten_layer(layer):
    layer_shape = layer.get_shape()
    num_features = layer_shape[1:4].num_elements()
    layer_flat = tf.reshape(layer, [-1, num_features])
    return layer_flat, num_features
def new_fc_layer(input, num_inputs, num_outputs, use_relu=True):
    weights = new_weights(shape=[num_inputs, num_outputs])
    biases = new_biases(length=num_outputs)
    layer = tf.matmul(input, weights) + biases
    if use_relu:
        layer = tf.nn.relu(layer)
    return layer
x = tf.placeholder(tf.float32, shape=[None, img_size_flat], name='x')
x_image = tf.reshape(x, [-1, img_size, img_size, num_channels])
y_true = tf.placeholder(tf.float32, shape=[None, num_classes], name='y_true')
y_true_cls = tf.argmax(y_true, axis=1)
layer_conv1, weights_conv1 = new_conv_layer(input=x_image, num_input_channels=num_channels,
    filter_size=filter_size1, num_filters=num_filters1, use_pooling=True)
layer_conv2, weights_conv2 = new_conv_layer(input=layer_conv1, num_input_channels=num_filters1,
    filter_size=filter_size2, num_filters=num_filters2, use_pooling=True)
layer_flat, num_features = flatten_layer(layer_conv2)
layer_fc1 = new_fc_layer(input=layer_flat, num_inputs=num_features, num_outputs=fc_size,
                         use_relu=True)
layer_fc2 = new_fc_layer(input=layer_fc1, num_inputs=fc_size, num_outputs=num_classes,
                         use_relu=False)
out["printed"] = [str(layer_conv1), str(layer_conv2), str(layer_flat), str(num_features),
                  type(num_features).__name__, str(layer_fc1), str(layer_fc2), str(x_image)]
y_pred = tf.nn.softmax(layer_fc2)
y_pred_cls = tf.argmax(y_pred, axis=1)
cross_entropy = tf.nn.softmax_cross_entropy_with_logits_v2(logits=layer_fc2, labels=y_true)
cost = tf.reduce_mean(cross_entropy)
optimizer = tf.train.AdamOptimizer(learning_rate=1e-2).minimize(cost)
correct_prediction = tf.equal(y_pred_cls, y_true_cls)
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
session = tf.Session()
session.run(tf.global_variables_initializer())
xs, ys = mnist(6, seed=52)
costs = []
for i in range(3):
    session.run(optimizer, feed_dict={x: xs, y_true: ys})
    costs.append(float(session.run(cost, feed_dict={x: xs, y_true: ys})))
out["costs"] = costs
w = session.run(weights_conv1)
out["w"] = [float(np.min(w)), float(np.max(w)), list(w.shape)]
values = session.run(layer_conv1, feed_dict={x: xs[:1]})
out["layer_values"] = [list(values.shape), float(values.sum())]
out["acc"] = "{0:.1%}".format(session.run(accuracy, feed_dict={x: xs, y_true: ys}))
session.close()
""",
    "hv_layers_api_get_weights": r"""
tf.set_random_seed(51)
x = tf.placeholder(tf.float32, shape=[None, 784], name='x')
x_image = tf.reshape(x, [-1, 28, 28, 1])
y_true = tf.placeholder(tf.float32, shape=[None, 10], name='y_true')
y_true_cls = tf.argmax(y_true, axis=1)
net = x_image
net = tf.layers.conv2d(inputs=net, name='layer_conv1', padding='same', filters=4,
                       kernel_size=5, activation=tf.nn.relu)
layer_conv1 = net
net = tf.layers.max_pooling2d(inputs=net, pool_size=2, strides=2)
net = tf.layers.conv2d(inputs=net, name='layer_conv2', padding='same', filters=6,
                       kernel_size=5, activation=tf.nn.relu)
layer_conv2 = net
net = tf.layers.max_pooling2d(inputs=net, pool_size=2, strides=2)
net = tf.layers.flatten(net)
net = tf.layers.dense(inputs=net, name='layer_fc1', units=16, activation=tf.nn.relu)
net = tf.layers.dense(inputs=net, name='layer_fc_out', units=10, activation=None)
logits = net
y_pred = tf.nn.softmax(logits=logits)
y_pred_cls = tf.argmax(y_pred, axis=1)
cross_entropy = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_true, logits=logits)
loss = tf.reduce_mean(cross_entropy)
optimizer = tf.train.AdamOptimizer(learning_rate=1e-3).minimize(loss)
correct_prediction = tf.equal(y_pred_cls, y_true_cls)
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
out["trainable"] = [v.name for v in tf.trainable_variables()]
def get_weights_variable(layer_name):
    with tf.variable_scope(layer_name, reuse=True):
        variable = tf.get_variable('kernel')
    return variable
weights_conv1 = get_weights_variable(layer_name='layer_conv1')
weights_conv2 = get_weights_variable(layer_name='layer_conv2')
out["weights"] = [weights_conv1.name, str(weights_conv2.shape)]
out["missing"] = raises(lambda: get_weights_variable(layer_name='layer_conv3'))
out["printed"] = [str(layer_conv1), str(layer_conv2), str(logits), str(y_pred_cls)]
session = tf.Session()
session.run(tf.global_variables_initializer())
xs, ys = mnist(6, seed=53)
losses = []
for i in range(2):
    _, l = session.run([optimizer, loss], feed_dict={x: xs, y_true: ys})
    losses.append(float(l))
out["losses"] = losses
w = session.run(weights_conv1)
out["w"] = [L(w[:2, 0, 0, :2]), list(w.shape)]
out["conv_out"] = float(session.run(layer_conv2, feed_dict={x: xs[:1]}).sum())
session.close()
""",
    "hv_save_restore_early_stopping": r"""
tf.set_random_seed(52)
d = tempfile.mkdtemp()
x = tf.placeholder(tf.float32, shape=[None, 784], name='x')
y_true = tf.placeholder(tf.float32, shape=[None, 10], name='y_true')
y_true_cls = tf.argmax(y_true, axis=1)
net = tf.layers.dense(inputs=x, name='layer_fc1', units=12, activation=tf.nn.relu)
logits = tf.layers.dense(inputs=net, name='layer_fc_out', units=10, activation=None)
y_pred_cls = tf.argmax(tf.nn.softmax(logits), axis=1)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_true, logits=logits))
optimizer = tf.train.AdamOptimizer(learning_rate=1e-2).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(y_pred_cls, y_true_cls), tf.float32))
saver = tf.train.Saver()
save_dir = os.path.join(d, 'checkpoints/')
if not os.path.exists(save_dir):
    os.makedirs(save_dir)
save_path = os.path.join(save_dir, 'best_validation')
session = tf.Session()
def init_variables():
    session.run(tf.global_variables_initializer())
init_variables()
xs, ys = mnist(12, seed=54)
xv, yv = xs[:8], ys[:8]
best_validation_accuracy = 0.0
last_improvement = 0
log = []
for i in range(5):
    session.run(optimizer, feed_dict={x: xs, y_true: ys})
    acc_validation = session.run(accuracy, feed_dict={x: xv, y_true: yv})
    if acc_validation > best_validation_accuracy:
        best_validation_accuracy = acc_validation
        last_improvement = i
        saver.save(sess=session, save_path=save_path)
        improved_str = '*'
    else:
        improved_str = ''
    log.append("Iter: {0:>6}, Validation Acc: {1:>6.1%} {2}".format(i + 1, acc_validation,
                                                                   improved_str))
out["log"] = log
best_loss = float(session.run(loss, feed_dict={x: xs, y_true: ys}))
init_variables()
out["reset_loss"] = float(session.run(loss, feed_dict={x: xs, y_true: ys}))
saver.restore(sess=session, save_path=save_path)
out["restored_acc"] = float(session.run(accuracy, feed_dict={x: xv, y_true: yv}))
out["best"] = [float(best_validation_accuracy), last_improvement]
out["files"] = sorted(f for f in os.listdir(save_dir) if ".data-" not in f)
out["checkpoint_file"] = [l.split(":")[0] for l in open(os.path.join(save_dir, "checkpoint"))]
session.close()
""",
    "hv_cifar_map_fn_preprocess": r"""
tf.set_random_seed(53)
img_size_cropped = 6
num_channels = 3
x = tf.placeholder(tf.float32, shape=[None, 8, 8, num_channels], name='x')
def pre_process_image(image, training):
    if training:
        image = tf.random_crop(image, size=[img_size_cropped, img_size_cropped, num_channels])
        image = tf.image.random_flip_left_right(image)
        image = tf.image.random_hue(image, max_delta=0.05)
        image = tf.image.random_contrast(image, lower=0.3, upper=1.0)
        image = tf.image.random_brightness(image, max_delta=0.2)
        image = tf.image.random_saturation(image, lower=0.0, upper=2.0)
        image = tf.minimum(image, 1.0)
        image = tf.maximum(image, 0.0)
    else:
        image = tf.image.resize_image_with_crop_or_pad(image, target_height=img_size_cropped,
                                                       target_width=img_size_cropped)
    return image
def pre_process(images, training):
    images = tf.map_fn(lambda image: pre_process_image(image, training), images)
    return images
distorted_images = pre_process(images=x, training=True)
test_images = pre_process(images=x, training=False)
out["static"] = [str(distorted_images.shape), str(test_images.shape)]
rng = np.random.RandomState(56)
imgs = rng.rand(3, 8, 8, 3).astype(np.float32)
with tf.Session() as sess:
    t = sess.run(test_images, {x: imgs})
    out["test"] = [list(t.shape), L(t[0, 0, :, 0])]
    r1 = sess.run(distorted_images, {x: imgs})
    r2 = sess.run(distorted_images, {x: imgs})
    # Which image takes which draw is TF's scheduling of map_fn's parallel iterations
    # (two TF runs differ): only what holds for any order is kept.
    out["distorted"] = [list(r1.shape), list(r2.shape), bool(np.any(r1 != r2))]
    out["clipped"] = [bool(r1.min() >= 0.0), bool(r1.max() <= 1.0)]
""",
    "hv_adversarial_noise_collections": r"""
tf.set_random_seed(54)
noise_limit = 0.35
noise_l2_weight = 0.02
ADVERSARY_VARIABLES = 'adversary_variables'
collections = [tf.GraphKeys.GLOBAL_VARIABLES, ADVERSARY_VARIABLES]
x = tf.placeholder(tf.float32, shape=[None, 784], name='x')
x_image = tf.reshape(x, [-1, 28, 28, 1])
y_true = tf.placeholder(tf.float32, shape=[None, 10], name='y_true')
x_noise = tf.Variable(tf.zeros([28, 28, 1]), name='x_noise', trainable=False,
                      collections=collections)
x_noisy_image = x_image + x_noise
x_noisy_image = tf.clip_by_value(x_noisy_image, 0.0, 1.0)
net = tf.layers.flatten(x_noisy_image)
net = tf.layers.dense(inputs=net, name='layer_fc1', units=12, activation=tf.nn.relu)
logits = tf.layers.dense(inputs=net, name='layer_fc_out', units=10, activation=None)
y_pred_cls = tf.argmax(tf.nn.softmax(logits), axis=1)
cross_entropy = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_true, logits=logits)
loss = tf.reduce_mean(cross_entropy)
adversary_variables = tf.get_collection(ADVERSARY_VARIABLES)
out["collections"] = [[v.name for v in adversary_variables],
                      [v.name for v in tf.trainable_variables()],
                      [v.name for v in tf.global_variables()]]
optimizer = tf.train.AdamOptimizer(learning_rate=1e-2).minimize(loss)
l2_loss_noise = noise_l2_weight * tf.nn.l2_loss(x_noise)
loss_adversary = loss + l2_loss_noise
optimizer_adversary = tf.train.AdamOptimizer(learning_rate=1e-2).minimize(
    loss_adversary, var_list=adversary_variables)
out["after"] = [v.name for v in tf.global_variables()]
x_noise_clip = tf.assign(x_noise, tf.clip_by_value(x_noise, -noise_limit, noise_limit))
session = tf.Session()
session.run(tf.global_variables_initializer())
def init_noise():
    session.run(tf.variables_initializer([x_noise]))
init_noise()
xs, ys = mnist(6, seed=57)
target = np.zeros_like(ys)
target[:, 3] = 1
for i in range(3):
    session.run(optimizer, feed_dict={x: xs, y_true: ys})
losses = []
for i in range(3):
    session.run(optimizer_adversary, feed_dict={x: xs, y_true: target})
    session.run(x_noise_clip)
    losses.append(float(session.run(loss_adversary, feed_dict={x: xs, y_true: target})))
out["losses"] = losses
noise = session.run(x_noise)
out["noise"] = [float(np.min(noise)), float(np.max(noise)), float(np.abs(noise).sum())]
init_noise()
out["reset"] = float(np.abs(session.run(x_noise)).sum())
session.close()
""",
    "hv_tfrecords_dataset_input_fn": r"""
d = tempfile.mkdtemp()
path_tfrecords_train = os.path.join(d, "train.tfrecords")
rng = np.random.RandomState(58)
images = (rng.rand(5, 4, 4, 3) * 255).astype(np.uint8)
cls = [0, 1, 2, 1, 0]
def wrap_int64(value):
    return tf.train.Feature(int64_list=tf.train.Int64List(value=[value]))
def wrap_bytes(value):
    return tf.train.Feature(bytes_list=tf.train.BytesList(value=[value]))
def convert(image_paths, labels, out_path):
    with tf.python_io.TFRecordWriter(out_path) as writer:
        for i, (img, label) in enumerate(zip(image_paths, labels)):
            img_bytes = img.tobytes()  # numpy 2 has no tostring()
            data = {'image': wrap_bytes(img_bytes), 'label': wrap_int64(label)}
            feature = tf.train.Features(feature=data)
            example = tf.train.Example(features=feature)
            serialized = example.SerializeToString()
            writer.write(serialized)
convert(images, cls, path_tfrecords_train)
def parse(serialized):
    features = {'image': tf.FixedLenFeature([], tf.string),
                'label': tf.FixedLenFeature([], tf.int64)}
    parsed_example = tf.parse_single_example(serialized=serialized, features=features)
    image_raw = parsed_example['image']
    image = tf.decode_raw(image_raw, tf.uint8)
    image = tf.cast(image, tf.float32)
    label = parsed_example['label']
    return image, label
def input_fn(filenames, train, batch_size=2, buffer_size=16):
    dataset = tf.data.TFRecordDataset(filenames=filenames)
    dataset = dataset.map(parse)
    if train:
        dataset = dataset.shuffle(buffer_size=buffer_size)
        num_repeat = None
    else:
        num_repeat = 1
    dataset = dataset.repeat(num_repeat)
    dataset = dataset.batch(batch_size)
    iterator = dataset.make_one_shot_iterator()
    images_batch, labels_batch = iterator.get_next()
    x = {'image': images_batch}
    y = labels_batch
    return x, y
x, y = input_fn([path_tfrecords_train], train=False)
out["static"] = [str(x['image'].shape), x['image'].dtype.name, str(y.shape), y.dtype.name]
got = []
with tf.Session() as sess:
    try:
        while True:
            xb, yb = sess.run([x['image'], y])
            got.append([list(xb.shape), L(yb), float(xb.sum())])
    except tf.errors.OutOfRangeError:
        got.append("end")
out["test"] = got
tf.set_random_seed(59)
xt, yt = input_fn([path_tfrecords_train], train=True)
with tf.Session() as sess:
    out["train"] = [L(sess.run(yt)) for _ in range(4)]
""",
    "hv_ensemble_savers": r"""
tf.set_random_seed(60)
d = tempfile.mkdtemp()
x = tf.placeholder(tf.float32, shape=[None, 784], name='x')
y_true = tf.placeholder(tf.float32, shape=[None, 10], name='y_true')
net = tf.layers.dense(inputs=x, name='layer_fc1', units=8, activation=tf.nn.relu)
logits = tf.layers.dense(inputs=net, name='layer_fc_out', units=10, activation=None)
y_pred = tf.nn.softmax(logits=logits)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_true, logits=logits))
optimizer = tf.train.AdamOptimizer(learning_rate=1e-2).minimize(loss)
saver = tf.train.Saver(max_to_keep=100)
save_dir = os.path.join(d, 'checkpoints/')
os.makedirs(save_dir)
def get_save_path(net_number):
    return save_dir + 'network' + str(net_number)
session = tf.Session()
xs, ys = mnist(8, seed=61)
num_networks = 3
for i in range(num_networks):
    session.run(tf.global_variables_initializer())
    for step in range(2):
        start = (i * 2 + step) % 4 * 2
        session.run(optimizer, feed_dict={x: xs[start:start + 4], y_true: ys[start:start + 4]})
    saver.save(sess=session, save_path=get_save_path(i))
def ensemble_predictions():
    pred_labels = []
    for i in range(num_networks):
        saver.restore(sess=session, save_path=get_save_path(i))
        pred_labels.append(session.run(y_pred, feed_dict={x: xs}))
    return np.array(pred_labels)
pred_labels = ensemble_predictions()
out["shape"] = list(pred_labels.shape)
ensemble_pred_labels = np.mean(pred_labels, axis=0)
out["ensemble"] = L(ensemble_pred_labels[:2, :4])
out["cls"] = L(np.argmax(ensemble_pred_labels, axis=1))
out["files"] = sorted(f for f in os.listdir(save_dir) if ".data-" not in f)
out["latest"] = os.path.relpath(tf.train.latest_checkpoint(save_dir), d)
session.close()
""",
    "hv_visual_analysis_tensor_names": r"""
tf.set_random_seed(63)
x = tf.placeholder(tf.float32, shape=[None, 784], name='x')
x_image = tf.reshape(x, [-1, 28, 28, 1])
net = tf.layers.conv2d(inputs=x_image, name='layer_conv1', padding='same', filters=3,
                       kernel_size=5, activation=tf.nn.relu)
net = tf.layers.max_pooling2d(inputs=net, pool_size=2, strides=2)
net = tf.layers.flatten(net)
logits = tf.layers.dense(inputs=net, name='layer_fc_out', units=10, activation=None)
y_pred = tf.nn.softmax(logits=logits)
graph = tf.get_default_graph()
# graphgate's variables have no `kernel/read` Identity of their own
out["names"] = [op.name for op in graph.get_operations() if op.name.startswith('layer_conv1')
                and 'Initializer' not in op.name and not op.name.endswith('/read')]
layer_tensor = graph.get_tensor_by_name('layer_conv1/Relu:0')
out["layer"] = str(layer_tensor)
session = tf.Session()
session.run(tf.global_variables_initializer())
def optimize_image(conv_id=None, feature=0, num_iterations=3):
    if conv_id is None:
        loss = tf.reduce_mean(logits[:, feature])
    else:
        loss = tf.reduce_mean(layer_tensor[:, :, :, conv_id])
    gradient = tf.gradients(loss, x_image)
    image = 0.1 * np.random.RandomState(64).uniform(size=(1, 784)) + 0.45
    log = []
    for i in range(num_iterations):
        feed_dict = {x: image}
        pred, grad, loss_value = session.run([y_pred, gradient, loss], feed_dict=feed_dict)
        grad = np.array(grad).squeeze()
        step_size = 1.0 / (grad.std() + 1e-8)
        image += step_size * grad.reshape(1, 784)
        image = np.clip(image, 0.0, 1.0)
        log.append([float(loss_value), int(np.argmax(pred)), float(grad.std())])
    return image.squeeze(), log
img, log = optimize_image(conv_id=1)
out["conv_log"] = log
out["conv_img"] = float(img.sum())
img, log = optimize_image(conv_id=None, feature=3)
out["fc_log"] = log
out["gradient"] = [type(tf.gradients(y_pred, x_image)).__name__,
                   str(tf.gradients(y_pred[:, 0], x_image)[0].shape)]
session.close()
""",
}


SJCHOI = {
    "sj_mlp_dict_init_and_dropout": r"""
tf.set_random_seed(60)
n_input = 784
n_hidden_1 = 16
n_hidden_2 = 8
n_classes = 10
x = tf.placeholder("float", [None, n_input])
y = tf.placeholder("float", [None, n_classes])
dropout_keep_prob = tf.placeholder("float")
stddev = 0.1
weights = {
    'h1': tf.Variable(tf.random_normal([n_input, n_hidden_1], stddev=stddev)),
    'h2': tf.Variable(tf.random_normal([n_hidden_1, n_hidden_2], stddev=stddev)),
    'out': tf.Variable(tf.random_normal([n_hidden_2, n_classes], stddev=stddev))
}
biases = {
    'b1': tf.Variable(tf.random_normal([n_hidden_1])),
    'b2': tf.Variable(tf.random_normal([n_hidden_2])),
    'out': tf.Variable(tf.random_normal([n_classes]))
}
def multilayer_perceptron(_X, _weights, _biases, _keep_prob):
    layer_1 = tf.nn.dropout(tf.nn.sigmoid(tf.add(tf.matmul(_X, _weights['h1']), _biases['b1'])),
                            _keep_prob)
    layer_2 = tf.nn.dropout(tf.nn.sigmoid(tf.add(tf.matmul(layer_1, _weights['h2']),
                                                 _biases['b2'])), _keep_prob)
    return (tf.matmul(layer_2, _weights['out']) + _biases['out'])
pred = multilayer_perceptron(x, weights, biases, dropout_keep_prob)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y))
optm = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(cost)
corr = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
accr = tf.reduce_mean(tf.cast(corr, "float"))
init = tf.initialize_all_variables()
xs, ys = mnist(8, seed=60)
sess = tf.Session()
sess.run(init)
log = []
for epoch in range(3):
    sess.run(optm, feed_dict={x: xs, y: ys, dropout_keep_prob: 0.7})
    avg_cost = sess.run(cost, feed_dict={x: xs, y: ys, dropout_keep_prob: 1.})
    train_acc = sess.run(accr, feed_dict={x: xs, y: ys, dropout_keep_prob: 1.})
    log.append("Epoch: %03d/%03d cost: %.9f" % (epoch, 3, avg_cost))
    log.append(" Training accuracy: %.3f" % (train_acc))
out["log"] = [l[:24] for l in log]
out["cost"] = float(avg_cost)
out["init"] = [init.name, init.type]
sess.close()
""",
    "sj_cnn_batch_norm_moments": r"""
tf.set_random_seed(61)
n_input = 784
n_output = 10
weights = {
    'wc1': tf.Variable(tf.random_normal([3, 3, 1, 4], stddev=0.1)),
    'wd1': tf.Variable(tf.random_normal([14*14*4, n_output], stddev=0.1))
}
biases = {
    'bc1': tf.Variable(tf.random_normal([4], stddev=0.1)),
    'bd1': tf.Variable(tf.random_normal([n_output], stddev=0.1))
}
def conv_basic(_input, _w, _b, _keepratio):
    _input_r = tf.reshape(_input, shape=[-1, 28, 28, 1])
    _conv1 = tf.nn.conv2d(_input_r, _w['wc1'], strides=[1, 1, 1, 1], padding='SAME')
    _mean, _var = tf.nn.moments(_conv1, [0, 1, 2])
    _conv1 = tf.nn.batch_normalization(_conv1, _mean, _var, 0, 1, 0.0001)
    _conv1 = tf.nn.relu(tf.nn.bias_add(_conv1, _b['bc1']))
    _pool1 = tf.nn.max_pool(_conv1, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
    _pool_dr1 = tf.nn.dropout(_pool1, _keepratio)
    _dense1 = tf.reshape(_pool_dr1, [-1, _w['wd1'].get_shape().as_list()[0]])
    _out = tf.add(tf.matmul(_dense1, _w['wd1']), _b['bd1'])
    out = {'input_r': _input_r, 'conv1': _conv1, 'pool1': _pool1, 'pool1_dr1': _pool_dr1,
           'dense1': _dense1, 'out': _out}
    return out
x = tf.placeholder(tf.float32, [None, n_input])
y = tf.placeholder(tf.float32, [None, n_output])
keepratio = tf.placeholder(tf.float32)
_pred = conv_basic(x, weights, biases, keepratio)['out']
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=_pred, labels=y))
optm = tf.train.AdamOptimizer(learning_rate=0.001).minimize(cost)
_corr = tf.equal(tf.argmax(_pred, 1), tf.argmax(y, 1))
accr = tf.reduce_mean(tf.cast(_corr, tf.float32))
xs, ys = mnist(6, seed=61)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
costs = []
for i in range(3):
    sess.run(optm, feed_dict={x: xs, y: ys, keepratio: 0.7})
    costs.append(float(sess.run(cost, feed_dict={x: xs, y: ys, keepratio: 1.})))
out["costs"] = costs
conv_out = sess.run(conv_basic(x, weights, biases, keepratio), feed_dict={x: xs[:2], keepratio: 1.})
out["conv_out"] = {k: [list(v.shape), float(np.round(v.sum(), 3))]
                   for k, v in sorted(conv_out.items()) if k != "pool1_dr1"}
sess.close()
""",
    "sj_conv_autoencoder_transpose_stack": r"""
tf.set_random_seed(62)
n1 = 4
n2 = 6
ksize = 5
weights = {
    'ce1': tf.Variable(tf.random_normal([ksize, ksize, 1, n1], stddev=0.1)),
    'ce2': tf.Variable(tf.random_normal([ksize, ksize, n1, n2], stddev=0.1)),
    'cd2': tf.Variable(tf.random_normal([ksize, ksize, n1, n2], stddev=0.1)),
    'cd1': tf.Variable(tf.random_normal([ksize, ksize, 1, n1], stddev=0.1))
}
biases = {
    'be1': tf.Variable(tf.random_normal([n1], stddev=0.1)),
    'be2': tf.Variable(tf.random_normal([n2], stddev=0.1)),
    'bd2': tf.Variable(tf.random_normal([n1], stddev=0.1)),
    'bd1': tf.Variable(tf.random_normal([1], stddev=0.1))
}
def cae(_X, _W, _b, _keepprob):
    _input_r = tf.reshape(_X, shape=[-1, 28, 28, 1])
    _ce1 = tf.nn.sigmoid(tf.add(tf.nn.conv2d(_input_r, _W['ce1'], strides=[1, 2, 2, 1],
                                             padding='SAME'), _b['be1']))
    _ce1 = tf.nn.dropout(_ce1, _keepprob)
    _ce2 = tf.nn.sigmoid(tf.add(tf.nn.conv2d(_ce1, _W['ce2'], strides=[1, 2, 2, 1],
                                             padding='SAME'), _b['be2']))
    _ce2 = tf.nn.dropout(_ce2, _keepprob)
    _cd2 = tf.nn.sigmoid(tf.add(tf.nn.conv2d_transpose(
        _ce2, _W['cd2'], tf.stack([tf.shape(_X)[0], 14, 14, n1]), strides=[1, 2, 2, 1],
        padding='SAME'), _b['bd2']))
    _cd2 = tf.nn.dropout(_cd2, _keepprob)
    _cd1 = tf.nn.sigmoid(tf.add(tf.nn.conv2d_transpose(
        _cd2, _W['cd1'], tf.stack([tf.shape(_X)[0], 28, 28, 1]), strides=[1, 2, 2, 1],
        padding='SAME'), _b['bd1']))
    _cd1 = tf.nn.dropout(_cd1, _keepprob)
    _out = _cd1
    return {'input_r': _input_r, 'ce1': _ce1, 'ce2': _ce2, 'cd2': _cd2, 'cd1': _cd1,
            'layers': (_input_r, _ce1, _ce2, _cd2, _cd1), 'out': _out}
x = tf.placeholder(tf.float32, [None, 784])
y = tf.placeholder(tf.float32, [None, 784])
keepprob = tf.placeholder(tf.float32)
pred = cae(x, weights, biases, keepprob)['out']
cost = tf.reduce_sum(tf.square(cae(x, weights, biases, keepprob)['out']
                               - tf.reshape(y, shape=[-1, 28, 28, 1])))
learning_rate = 0.001
optm = tf.train.AdamOptimizer(learning_rate).minimize(cost)
out["static"] = [str(pred.shape), str(cae(x, weights, biases, keepprob)['cd2'].shape)]
xs, _ = mnist(4, seed=62)
noisy = xs + 0.3 * np.random.RandomState(63).randn(4, 784)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
costs = []
for epoch in range(3):
    sess.run(optm, feed_dict={x: noisy, y: xs, keepprob: 0.7})
    costs.append(float(sess.run(cost, feed_dict={x: noisy, y: xs, keepprob: 1.})))
out["costs"] = costs
recon = sess.run(pred, feed_dict={x: noisy[:1], keepprob: 1.})
out["recon"] = [list(recon.shape), float(recon.sum())]
sess.close()
""",
    "sj_char_rnn_state_feed_zip_apply": r"""
tf.set_random_seed(64)
batch_size, seq_length, rnn_size, num_layers, vocab_size, grad_clip = 2, 4, 6, 2, 7, 5.
cells = [tf.nn.rnn_cell.BasicLSTMCell(rnn_size) for _ in range(num_layers)]
cell = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=True)
input_data = tf.placeholder(tf.int32, [batch_size, seq_length])
targets = tf.placeholder(tf.int32, [batch_size, seq_length])
initial_state = cell.zero_state(batch_size, tf.float32)
with tf.variable_scope('rnnlm'):
    softmax_w = tf.get_variable("softmax_w", [rnn_size, vocab_size])
    softmax_b = tf.get_variable("softmax_b", [vocab_size])
    with tf.device("/cpu:0"):
        embedding = tf.get_variable("embedding", [vocab_size, rnn_size])
        inputs = tf.nn.embedding_lookup(embedding, input_data)
outputs, last_state = tf.nn.dynamic_rnn(cell, inputs, initial_state=initial_state,
                                        scope='rnnlm')
output = tf.reshape(outputs, [-1, rnn_size])
logits = tf.matmul(output, softmax_w) + softmax_b
probs = tf.nn.softmax(logits)
loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(targets, [-1]),
                                                      logits=logits)
cost = tf.reduce_sum(loss) / batch_size / seq_length
final_state = last_state
lr = tf.Variable(0.0, trainable=False)
tvars = tf.trainable_variables()
grads, global_norm = tf.clip_by_global_norm(tf.gradients(cost, tvars), grad_clip)
optimizer = tf.train.AdamOptimizer(lr)
train_op = optimizer.apply_gradients(zip(grads, tvars))
out["vars"] = [v.name for v in tvars]
out["state"] = [type(initial_state).__name__, type(initial_state[0]).__name__,
                str(initial_state[0].c.shape)]
rng = np.random.RandomState(65)
data = rng.randint(0, vocab_size, size=(3, batch_size, seq_length + 1))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for e in range(2):
        sess.run(tf.assign(lr, 0.01 * (0.97 ** e)))
        state = sess.run(initial_state)
        for b in range(3):
            x, y = data[b, :, :-1], data[b, :, 1:]
            feed = {input_data: x, targets: y}
            for i, (c, h) in enumerate(initial_state):
                feed[c] = state[i].c
                feed[h] = state[i].h
            train_loss, state, _, gn = sess.run([cost, final_state, train_op, global_norm], feed)
            log.append("{}/{}, train_loss = {:.3f}".format(e * 3 + b, 6, train_loss))
            log.append([float(train_loss), float(gn)])
    out["log"] = log
    out["lr"] = float(sess.run(lr))
    out["final_h"] = L(state[1].h[0])
""",
}


PROGRAMS = {**AYMERIC, **NLINTZ, **CS20, **GOLBIN, **HVASS, **SJCHOI}


def main() -> None:
    import os
    import sys

    tf = harness.import_tf1(legacy_keras=True)
    # log_device_placement (the multi-GPU example's) prints from C++ to file descriptor 1:
    # onto stderr while the programs run, so that stdout holds the fixture alone.
    sys.stdout.flush()
    stdout = os.dup(1)
    os.dup2(2, 1)
    try:
        results = harness.run_programs(tf, PROGRAMS, PRELUDE)
    finally:
        sys.stdout.flush()
        os.dup2(stdout, 1)
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main()
