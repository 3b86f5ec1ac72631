"""Record what TensorFlow 1.x computes for programs as a fifth round of TF1 sources write
them (dev-only).

    TF_USE_LEGACY_KERAS=1 PYTHONPATH=/tmp/tfest /work/tfvenv/bin/python \
        tests/reference/tf1_tutorials5.py > tests/unit/engine/fixtures/tf1_tutorials5.json

(/tmp/tfest holds tensorflow-estimator 2.15 as tests/reference/tf1_estimator.py makes it:
the `cc_` programs need TF1's canned estimators, which TF 2.21 no longer ships.)

(`python tf1_tutorials5.py NAME...` prints only the named programs, for development.)

Re-typed at tiny sizes, in each source's own idioms: Udacity's Deep Learning course (ud730)
assignments (`ud_`: notMNIST logistic regression, hidden layer with L2 and dropout, strided
and pooled convnets, CBOW with sampled softmax, the hand-written LSTM whose state lives in
variables), Udacity's deep learning nanodegree notebooks (`dn_`: the denoising convolutional
autoencoder and the MNIST GAN with separate var_lists; tf1_tutorials3 has its sentiment RNN
and DCGAN), Stanford CS231n's TF
assignments (`cv_`: 2017's models under UPDATE_OPS, 2018's `tf.nn` networks trained by
hand-written assign_sub, GAN losses, style transfer losses, saliency maps, fooling images and
class visualization), MorvanZhou's Reinforcement-learning-with-tensorflow (`mr_`: DQN with
target replacement, Double DQN, prioritized replay weights, dueling heads, actor-critic,
DDPG soft replacement, PPO's clipped and KL-penalty surrogates), normalizing flows without
tfp (`nf_`: planar, RealNVP coupling, Glow's actnorm and invertible 1x1 convolution, MADE),
end-to-end memory networks (`mm_`: domluna's and carpedm20's MemN2N), research code bases
(`rc_`: Kipf's GCN, jakeret's tf_unet, the object detection API's box coder and matcher,
DP-SGD's per-example clipping, DANN's gradient reversal, Transformer-XL's relative shift,
PixelCNN++'s shifts and discretized logistic loss, sketch-rnn's mixture density loss,
facenet's center loss, im2txt's LSTM, spectral normalization, NALU, self-normalizing
networks) and "Machine Learning with TensorFlow" / "Learning TensorFlow" (`bk_`: k-means,
self-organizing maps, an HMM's forward and Viterbi passes, polynomial regression swept over
its regularization, an RNN over `tf.scan`, a bidirectional GRU over padded sentences), and
Google's Machine Learning Crash Course (`cc_`: canned estimators over California-housing
shaped data, feature crosses with FTRL, `clip_gradients_by_norm`).
No data comes from the internet: the programs make small seeded arrays (`mnist(n, seed)` of
tf1_tutorials), and no gym environment runs: RL programs train on seeded transitions.
Initial values are seeded (`tf.set_random_seed`) or explicit. The prelude is
tf1_tutorials2's.

Each program stores what it observed in `out[...]`; `tests/unit/engine/test_tf1_tutorials5.py`
runs the same text against graphgate and compares.
"""

from __future__ import annotations

import sys

try:
    from tests.reference import harness, tf1_tutorials2
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_tutorials2


# TF 2 has no `tf.contrib.estimator`: its `clip_gradients_by_norm`, which the ML Crash Course
# wraps every optimizer in, is re-typed from TF 1.15's source; `housing(n, seed)` is a
# California-housing-shaped table (the course downloads the real one).
PRELUDE = (
    tf1_tutorials2.PRELUDE
    + r"""
if not hasattr(contrib, "estimator"):
    class _TransformGradients(tf.train.Optimizer):
        def __init__(self, optimizer, transform_grads_fn, name=None):
            super(_TransformGradients, self).__init__(use_locking=False,
                                                      name=name or optimizer.get_name())
            self._optimizer = optimizer
            self._transform_grads_fn = transform_grads_fn
        def compute_gradients(self, *args, **kwargs):
            grads_and_vars = self._optimizer.compute_gradients(*args, **kwargs)
            return self._transform_grads_fn(grads_and_vars)
        def apply_gradients(self, *args, **kwargs):
            return self._optimizer.apply_gradients(*args, **kwargs)
        def get_slot(self, *args, **kwargs):
            return self._optimizer.get_slot(*args, **kwargs)
        def get_slot_names(self, *args, **kwargs):
            return self._optimizer.get_slot_names(*args, **kwargs)
    def _clip_gradients_by_norm(optimizer, clip_norm):
        def clip_grads(grads_and_vars):
            gradients, variables = zip(*grads_and_vars)
            gradients = tf.clip_by_global_norm(gradients, clip_norm)[0]
            return list(zip(gradients, variables))
        return _TransformGradients(optimizer=optimizer, transform_grads_fn=clip_grads,
                                   name='ClipByNorm' + optimizer.get_name())
    contrib.estimator = SimpleNamespace(clip_gradients_by_norm=_clip_gradients_by_norm)
def housing(n, seed):
    rng = np.random.RandomState(seed)
    lat = rng.uniform(32.5, 42.0, n)
    lon = rng.uniform(-124.3, -114.3, n)
    age = rng.randint(1, 53, n).astype(np.float64)
    rooms = rng.randint(200, 6000, n).astype(np.float64)
    population = np.round(rooms * rng.uniform(0.8, 3.0, n))
    households = np.round(population / rng.uniform(2.0, 4.0, n))
    income = rng.uniform(0.5, 15.0, n)
    value = np.round(40000 * income + 2000 * (42 - lat) + rng.normal(0, 20000, n) + 15000)
    return {"latitude": lat, "longitude": lon, "housing_median_age": age,
            "total_rooms": rooms, "total_bedrooms": np.round(rooms / 5), "population": population,
            "households": households, "median_income": income,
            "median_house_value": np.clip(value, 15000, 500001)}
"""
)

UDACITY = {
    "ud_notmnist_logreg_full_batch": r"""
train_dataset, train_labels = mnist(64, seed=31)
valid_dataset, valid_labels = mnist(16, seed=32)
train_subset = 48
graph = tf.Graph()
with graph.as_default():
    tf.set_random_seed(1)
    tf_train_dataset = tf.constant(train_dataset[:train_subset, :])
    tf_train_labels = tf.constant(train_labels[:train_subset])
    tf_valid_dataset = tf.constant(valid_dataset)
    weights = tf.Variable(tf.truncated_normal([784, 10]))
    biases = tf.Variable(tf.zeros([10]))
    logits = tf.matmul(tf_train_dataset, weights) + biases
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=tf_train_labels, logits=logits))
    optimizer = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    train_prediction = tf.nn.softmax(logits)
    valid_prediction = tf.nn.softmax(tf.matmul(tf_valid_dataset, weights) + biases)
def accuracy(predictions, labels):
    return (100.0 * np.sum(np.argmax(predictions, 1) == np.argmax(labels, 1))
            / predictions.shape[0])
log = []
with tf.Session(graph=graph) as session:
    tf.global_variables_initializer().run()
    for step in range(9):
        _, l, predictions = session.run([optimizer, loss, train_prediction])
        if step % 4 == 0:
            log.append([step, float(l), accuracy(predictions, train_labels[:train_subset]),
                        accuracy(valid_prediction.eval(), valid_labels)])
    out["b"] = L(biases.eval())
out["log"] = log
""",
    "ud_sgd_hidden_l2_dropout_decay": r"""
train_dataset, train_labels = mnist(64, seed=33)
valid_dataset, valid_labels = mnist(16, seed=34)
batch_size, num_hidden, beta = 16, 32, 1e-3
graph = tf.Graph()
with graph.as_default():
    tf.set_random_seed(3)
    tf_train_dataset = tf.placeholder(tf.float32, shape=(batch_size, 784))
    tf_train_labels = tf.placeholder(tf.float32, shape=(batch_size, 10))
    tf_valid_dataset = tf.constant(valid_dataset)
    keep_prob = tf.placeholder(tf.float32)
    w1 = tf.Variable(tf.truncated_normal([784, num_hidden], stddev=np.sqrt(2.0 / 784)))
    b1 = tf.Variable(tf.zeros([num_hidden]))
    w2 = tf.Variable(tf.truncated_normal([num_hidden, 10], stddev=np.sqrt(2.0 / num_hidden)))
    b2 = tf.Variable(tf.zeros([10]))
    def model(data, keep):
        hidden = tf.nn.relu(tf.matmul(data, w1) + b1)
        hidden = tf.nn.dropout(hidden, keep, seed=7)
        return tf.matmul(hidden, w2) + b2
    logits = model(tf_train_dataset, keep_prob)
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=tf_train_labels, logits=logits))
    loss += beta * (tf.nn.l2_loss(w1) + tf.nn.l2_loss(w2))
    global_step = tf.Variable(0)
    learning_rate = tf.train.exponential_decay(0.5, global_step, 4, 0.65, staircase=True)
    optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(
        loss, global_step=global_step)
    train_prediction = tf.nn.softmax(logits)
    valid_prediction = tf.nn.softmax(model(tf_valid_dataset, 1.0))
log = []
with tf.Session(graph=graph) as session:
    tf.global_variables_initializer().run()
    for step in range(12):
        offset = (step * batch_size) % (train_labels.shape[0] - batch_size)
        batch_data = train_dataset[offset:(offset + batch_size), :]
        batch_labels = train_labels[offset:(offset + batch_size), :]
        feed_dict = {tf_train_dataset: batch_data, tf_train_labels: batch_labels, keep_prob: 0.5}
        _, l, predictions = session.run([optimizer, loss, train_prediction], feed_dict=feed_dict)
        log.append([step, float(l), int(np.argmax(predictions, 1).sum())])
    out["lr"] = float(learning_rate.eval())
    out["valid"] = R(valid_prediction.eval()[:3], 5)
    out["step"] = int(global_step.eval())
out["log"] = log
""",
    "ud_convnet_strided_and_pooled": r"""
train_dataset, train_labels = mnist(32, seed=35, flat=False)
batch_size, patch_size, depth, num_hidden = 8, 5, 4, 16
res = {}
for pooled in (False, True):
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(4)
        tf_train_dataset = tf.placeholder(tf.float32, shape=(batch_size, 28, 28, 1))
        tf_train_labels = tf.placeholder(tf.float32, shape=(batch_size, 10))
        layer1_weights = tf.Variable(tf.truncated_normal([patch_size, patch_size, 1, depth],
                                                         stddev=0.1))
        layer1_biases = tf.Variable(tf.zeros([depth]))
        layer2_weights = tf.Variable(tf.truncated_normal([patch_size, patch_size, depth, depth],
                                                         stddev=0.1))
        layer2_biases = tf.Variable(tf.constant(1.0, shape=[depth]))
        layer3_weights = tf.Variable(tf.truncated_normal([28 // 4 * 28 // 4 * depth, num_hidden],
                                                         stddev=0.1))
        layer3_biases = tf.Variable(tf.constant(1.0, shape=[num_hidden]))
        layer4_weights = tf.Variable(tf.truncated_normal([num_hidden, 10], stddev=0.1))
        layer4_biases = tf.Variable(tf.constant(1.0, shape=[10]))
        def model(data):
            if pooled:
                conv = tf.nn.conv2d(data, layer1_weights, [1, 1, 1, 1], padding='SAME')
                hidden = tf.nn.max_pool(tf.nn.relu(conv + layer1_biases), [1, 2, 2, 1],
                                        [1, 2, 2, 1], padding='SAME')
                conv = tf.nn.conv2d(hidden, layer2_weights, [1, 1, 1, 1], padding='SAME')
                hidden = tf.nn.max_pool(tf.nn.relu(conv + layer2_biases), [1, 2, 2, 1],
                                        [1, 2, 2, 1], padding='SAME')
            else:
                conv = tf.nn.conv2d(data, layer1_weights, [1, 2, 2, 1], padding='SAME')
                hidden = tf.nn.relu(conv + layer1_biases)
                conv = tf.nn.conv2d(hidden, layer2_weights, [1, 2, 2, 1], padding='SAME')
                hidden = tf.nn.relu(conv + layer2_biases)
            shape = hidden.get_shape().as_list()
            reshape = tf.reshape(hidden, [shape[0], shape[1] * shape[2] * shape[3]])
            hidden = tf.nn.relu(tf.matmul(reshape, layer3_weights) + layer3_biases)
            return tf.matmul(hidden, layer4_weights) + layer4_biases
        logits = model(tf_train_dataset)
        loss = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=tf_train_labels, logits=logits))
        optimizer = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        train_prediction = tf.nn.softmax(logits)
    log = []
    with tf.Session(graph=graph) as session:
        tf.global_variables_initializer().run()
        for step in range(6):
            offset = (step * batch_size) % (train_labels.shape[0] - batch_size)
            fd = {tf_train_dataset: train_dataset[offset:offset + batch_size],
                  tf_train_labels: train_labels[offset:offset + batch_size]}
            _, l, predictions = session.run([optimizer, loss, train_prediction], feed_dict=fd)
            log.append(float(l))
        res[str(pooled)] = [log, R(predictions[0], 5), L(layer2_biases.eval())]
out["res"] = res
""",
    "ud_cbow_sampled_softmax": r"""
import math, collections
vocabulary_size, embedding_size, num_sampled, batch_size, skip_window = 30, 8, 6, 16, 1
rng = np.random.RandomState(36)
data = list(rng.randint(0, vocabulary_size, 300))
data_index = 0
def generate_batch(batch_size, skip_window):
    global data_index
    span = 2 * skip_window + 1
    batch = np.ndarray(shape=(batch_size, span - 1), dtype=np.int32)
    labels = np.ndarray(shape=(batch_size, 1), dtype=np.int32)
    buffer = collections.deque(maxlen=span)
    for _ in range(span):
        buffer.append(data[data_index])
        data_index = (data_index + 1) % len(data)
    for i in range(batch_size):
        target = skip_window
        col = 0
        for j in range(span):
            if j == target:
                continue
            batch[i, col] = buffer[j]
            col += 1
        labels[i, 0] = buffer[target]
        buffer.append(data[data_index])
        data_index = (data_index + 1) % len(data)
    return batch, labels
valid_examples = np.array([1, 4, 9])
graph = tf.Graph()
with graph.as_default():
    tf.set_random_seed(5)
    train_dataset = tf.placeholder(tf.int32, shape=[batch_size, 2 * skip_window])
    train_labels = tf.placeholder(tf.int32, shape=[batch_size, 1])
    valid_dataset = tf.constant(valid_examples, dtype=tf.int32)
    embeddings = tf.Variable(tf.random_uniform([vocabulary_size, embedding_size], -1.0, 1.0))
    softmax_weights = tf.Variable(tf.truncated_normal([vocabulary_size, embedding_size],
                                                      stddev=1.0 / math.sqrt(embedding_size)))
    softmax_biases = tf.Variable(tf.zeros([vocabulary_size]))
    embed = tf.reduce_sum(tf.nn.embedding_lookup(embeddings, train_dataset), 1)
    loss = tf.reduce_mean(tf.nn.sampled_softmax_loss(
        weights=softmax_weights, biases=softmax_biases, inputs=embed, labels=train_labels,
        num_sampled=num_sampled, num_classes=vocabulary_size))
    optimizer = tf.train.AdagradOptimizer(1.0).minimize(loss)
    norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keep_dims=True))
    normalized_embeddings = embeddings / norm
    valid_embeddings = tf.nn.embedding_lookup(normalized_embeddings, valid_dataset)
    similarity = tf.matmul(valid_embeddings, tf.transpose(normalized_embeddings))
log = []
with tf.Session(graph=graph) as session:
    tf.global_variables_initializer().run()
    average_loss = 0
    for step in range(10):
        batch_data, batch_labels = generate_batch(batch_size, skip_window)
        _, l = session.run([optimizer, loss],
                           feed_dict={train_dataset: batch_data, train_labels: batch_labels})
        average_loss += l
        log.append(float(l))
    sim = similarity.eval()
    out["nearest"] = [(-sim[i, :]).argsort()[1:4].tolist() for i in range(3)]
    out["sim"] = R(sim[:, :5], 5)
    out["final_embeddings"] = R(normalized_embeddings.eval()[:2], 5)
out["log"] = log
out["average_loss"] = float(average_loss / 10)
""",
    "ud_lstm_state_in_variables": r"""
text = "the quick brown fox jumps over the lazy dog and runs away " * 6
vocabulary_size = 27
first_letter = ord('a')
def char2id(char):
    return ord(char) - first_letter + 1 if char != ' ' else 0
def id2char(dictid):
    return chr(dictid + first_letter - 1) if dictid > 0 else ' '
batch_size, num_unrollings, num_nodes = 4, 5, 16
class BatchGenerator(object):
    def __init__(self, text, batch_size, num_unrollings):
        self._text = text
        self._text_size = len(text)
        self._batch_size = batch_size
        self._num_unrollings = num_unrollings
        segment = self._text_size // batch_size
        self._cursor = [offset * segment for offset in range(batch_size)]
        self._last_batch = self._next_batch()
    def _next_batch(self):
        batch = np.zeros(shape=(self._batch_size, vocabulary_size), dtype=np.float32)
        for b in range(self._batch_size):
            batch[b, char2id(self._text[self._cursor[b]])] = 1.0
            self._cursor[b] = (self._cursor[b] + 1) % self._text_size
        return batch
    def next(self):
        batches = [self._last_batch]
        for step in range(self._num_unrollings):
            batches.append(self._next_batch())
        self._last_batch = batches[-1]
        return batches
train_batches = BatchGenerator(text, batch_size, num_unrollings)
graph = tf.Graph()
with graph.as_default():
    tf.set_random_seed(6)
    ix = tf.Variable(tf.truncated_normal([vocabulary_size, num_nodes], -0.1, 0.1))
    im = tf.Variable(tf.truncated_normal([num_nodes, num_nodes], -0.1, 0.1))
    ib = tf.Variable(tf.zeros([1, num_nodes]))
    fx = tf.Variable(tf.truncated_normal([vocabulary_size, num_nodes], -0.1, 0.1))
    fm = tf.Variable(tf.truncated_normal([num_nodes, num_nodes], -0.1, 0.1))
    fb = tf.Variable(tf.zeros([1, num_nodes]))
    cx = tf.Variable(tf.truncated_normal([vocabulary_size, num_nodes], -0.1, 0.1))
    cm = tf.Variable(tf.truncated_normal([num_nodes, num_nodes], -0.1, 0.1))
    cb = tf.Variable(tf.zeros([1, num_nodes]))
    ox = tf.Variable(tf.truncated_normal([vocabulary_size, num_nodes], -0.1, 0.1))
    om = tf.Variable(tf.truncated_normal([num_nodes, num_nodes], -0.1, 0.1))
    ob = tf.Variable(tf.zeros([1, num_nodes]))
    saved_output = tf.Variable(tf.zeros([batch_size, num_nodes]), trainable=False)
    saved_state = tf.Variable(tf.zeros([batch_size, num_nodes]), trainable=False)
    w = tf.Variable(tf.truncated_normal([num_nodes, vocabulary_size], -0.1, 0.1))
    b = tf.Variable(tf.zeros([vocabulary_size]))
    def lstm_cell(i, o, state):
        input_gate = tf.sigmoid(tf.matmul(i, ix) + tf.matmul(o, im) + ib)
        forget_gate = tf.sigmoid(tf.matmul(i, fx) + tf.matmul(o, fm) + fb)
        update = tf.matmul(i, cx) + tf.matmul(o, cm) + cb
        state = forget_gate * state + input_gate * tf.tanh(update)
        output_gate = tf.sigmoid(tf.matmul(i, ox) + tf.matmul(o, om) + ob)
        return output_gate * tf.tanh(state), state
    train_data = list()
    for _ in range(num_unrollings + 1):
        train_data.append(tf.placeholder(tf.float32, shape=[batch_size, vocabulary_size]))
    train_inputs = train_data[:num_unrollings]
    train_labels = train_data[1:]
    outputs = list()
    output = saved_output
    state = saved_state
    for i in train_inputs:
        output, state = lstm_cell(i, output, state)
        outputs.append(output)
    with tf.control_dependencies([saved_output.assign(output), saved_state.assign(state)]):
        logits = tf.nn.xw_plus_b(tf.concat(outputs, 0), w, b)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
            labels=tf.concat(train_labels, 0), logits=logits))
    global_step = tf.Variable(0)
    learning_rate = tf.train.exponential_decay(10.0, global_step, 5, 0.1, staircase=True)
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    gradients, v = zip(*optimizer.compute_gradients(loss))
    gradients, _ = tf.clip_by_global_norm(gradients, 1.25)
    optimizer = optimizer.apply_gradients(zip(gradients, v), global_step=global_step)
    train_prediction = tf.nn.softmax(logits)
    sample_input = tf.placeholder(tf.float32, shape=[1, vocabulary_size])
    saved_sample_output = tf.Variable(tf.zeros([1, num_nodes]))
    saved_sample_state = tf.Variable(tf.zeros([1, num_nodes]))
    reset_sample_state = tf.group(saved_sample_output.assign(tf.zeros([1, num_nodes])),
                                  saved_sample_state.assign(tf.zeros([1, num_nodes])))
    sample_output, sample_state = lstm_cell(sample_input, saved_sample_output,
                                            saved_sample_state)
    with tf.control_dependencies([saved_sample_output.assign(sample_output),
                                  saved_sample_state.assign(sample_state)]):
        sample_prediction = tf.nn.softmax(tf.nn.xw_plus_b(sample_output, w, b))
def logprob(predictions, labels):
    predictions[predictions < 1e-10] = 1e-10
    return np.sum(np.multiply(labels, -np.log(predictions))) / labels.shape[0]
log = []
with tf.Session(graph=graph) as session:
    tf.global_variables_initializer().run()
    for step in range(12):
        batches = train_batches.next()
        feed_dict = dict()
        for i in range(num_unrollings + 1):
            feed_dict[train_data[i]] = batches[i]
        _, l, predictions, lr = session.run(
            [optimizer, loss, train_prediction, learning_rate], feed_dict=feed_dict)
        labels = np.concatenate(list(batches)[1:])
        log.append([float(l), float(lr), round(float(np.exp(logprob(predictions, labels))), 3)])
    out["saved_state"] = R(saved_state.eval()[0], 5)
    reset_sample_state.run()
    feed = np.zeros((1, vocabulary_size), np.float32)
    feed[0, char2id('t')] = 1.0
    sentence = 't'
    for _ in range(12):
        prediction = sample_prediction.eval({sample_input: feed})
        c = int(np.argmax(prediction[0]))
        feed = np.zeros((1, vocabulary_size), np.float32)
        feed[0, c] = 1.0
        sentence += id2char(c)
    out["sentence"] = sentence
    out["sample_state"] = R(saved_sample_state.eval()[0, :4], 5)
out["log"] = log
""",
}

NANODEGREE = {
    "dn_denoising_conv_autoencoder": r"""
tf.set_random_seed(8)
learning_rate = 0.001
inputs_ = tf.placeholder(tf.float32, (None, 28, 28, 1), name='inputs')
targets_ = tf.placeholder(tf.float32, (None, 28, 28, 1), name='targets')
conv1 = tf.layers.conv2d(inputs_, 8, (3, 3), padding='same', activation=tf.nn.relu)
maxpool1 = tf.layers.max_pooling2d(conv1, (2, 2), (2, 2), padding='same')
conv2 = tf.layers.conv2d(maxpool1, 4, (3, 3), padding='same', activation=tf.nn.relu)
maxpool2 = tf.layers.max_pooling2d(conv2, (2, 2), (2, 2), padding='same')
conv3 = tf.layers.conv2d(maxpool2, 4, (3, 3), padding='same', activation=tf.nn.relu)
encoded = tf.layers.max_pooling2d(conv3, (2, 2), (2, 2), padding='same')
upsample1 = tf.image.resize_nearest_neighbor(encoded, (7, 7))
conv4 = tf.layers.conv2d(upsample1, 4, (3, 3), padding='same', activation=tf.nn.relu)
upsample2 = tf.image.resize_nearest_neighbor(conv4, (14, 14))
conv5 = tf.layers.conv2d(upsample2, 4, (3, 3), padding='same', activation=tf.nn.relu)
upsample3 = tf.image.resize_nearest_neighbor(conv5, (28, 28))
conv6 = tf.layers.conv2d(upsample3, 8, (3, 3), padding='same', activation=tf.nn.relu)
logits = tf.layers.conv2d(conv6, 1, (3, 3), padding='same', activation=None)
decoded = tf.nn.sigmoid(logits, name='decoded')
loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=targets_, logits=logits)
cost = tf.reduce_mean(loss)
opt = tf.train.AdamOptimizer(learning_rate).minimize(cost)
imgs_all, _ = mnist(24, seed=13, flat=False)
rng = np.random.RandomState(14)
noise_factor = 0.5
log = []
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for e in range(2):
    for ii in range(3):
        imgs = imgs_all[ii * 8:(ii + 1) * 8]
        noisy_imgs = imgs + noise_factor * rng.randn(*imgs.shape)
        noisy_imgs = np.clip(noisy_imgs, 0., 1.)
        batch_cost, _ = sess.run([cost, opt], feed_dict={inputs_: noisy_imgs, targets_: imgs})
        log.append(float(batch_cost))
reconstructed = sess.run(decoded, feed_dict={inputs_: np.clip(imgs_all[:2] + 0.1, 0., 1.)})
out["log"] = log
out["rec"] = R(reconstructed[1, 12:15, 12:15, 0], 5)
out["shapes"] = [str(t.shape) for t in (maxpool1, encoded, upsample1, upsample3, decoded)]
out["names"] = [conv1.name, encoded.name, upsample2.name, logits.name, decoded.name]
sess.close()
""",
    "dn_gan_mnist_var_lists": r"""
def model_inputs(real_dim, z_dim):
    inputs_real = tf.placeholder(tf.float32, (None, real_dim), name='input_real')
    inputs_z = tf.placeholder(tf.float32, (None, z_dim), name='input_z')
    return inputs_real, inputs_z
def generator(z, out_dim, n_units=128, reuse=False, alpha=0.01):
    with tf.variable_scope('generator', reuse=reuse):
        h1 = tf.layers.dense(z, n_units, activation=None)
        h1 = tf.maximum(alpha * h1, h1)
        logits = tf.layers.dense(h1, out_dim, activation=None)
        out = tf.tanh(logits)
        return out
def discriminator(x, n_units=128, reuse=False, alpha=0.01):
    with tf.variable_scope('discriminator', reuse=reuse):
        h1 = tf.layers.dense(x, n_units, activation=None)
        h1 = tf.maximum(alpha * h1, h1)
        logits = tf.layers.dense(h1, 1, activation=None)
        out = tf.sigmoid(logits)
        return out, logits
input_size, z_size, g_hidden_size, d_hidden_size, alpha, smooth = 784, 16, 32, 32, 0.01, 0.1
tf.set_random_seed(15)
input_real, input_z = model_inputs(input_size, z_size)
g_model = generator(input_z, input_size, n_units=g_hidden_size, alpha=alpha)
d_model_real, d_logits_real = discriminator(input_real, n_units=d_hidden_size, alpha=alpha)
d_model_fake, d_logits_fake = discriminator(g_model, reuse=True, n_units=d_hidden_size,
                                            alpha=alpha)
d_loss_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
    logits=d_logits_real, labels=tf.ones_like(d_logits_real) * (1 - smooth)))
d_loss_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
    logits=d_logits_fake, labels=tf.zeros_like(d_logits_real)))
d_loss = d_loss_real + d_loss_fake
g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
    logits=d_logits_fake, labels=tf.ones_like(d_logits_fake)))
learning_rate = 0.002
t_vars = tf.trainable_variables()
g_vars = [var for var in t_vars if var.name.startswith('generator')]
d_vars = [var for var in t_vars if var.name.startswith('discriminator')]
d_train_opt = tf.train.AdamOptimizer(learning_rate).minimize(d_loss, var_list=d_vars)
g_train_opt = tf.train.AdamOptimizer(learning_rate).minimize(g_loss, var_list=g_vars)
x_all, _ = mnist(32, seed=16)
rng = np.random.RandomState(17)
batch_size = 8
losses = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for e in range(2):
        for ii in range(len(x_all) // batch_size):
            batch_images = x_all[ii * batch_size:(ii + 1) * batch_size] * 2 - 1
            batch_z = rng.uniform(-1, 1, size=(batch_size, z_size))
            _ = sess.run(d_train_opt, feed_dict={input_real: batch_images, input_z: batch_z})
            _ = sess.run(g_train_opt, feed_dict={input_z: batch_z})
        train_loss_d = sess.run(d_loss, {input_z: batch_z, input_real: batch_images})
        train_loss_g = g_loss.eval({input_z: batch_z})
        losses.append((float(train_loss_d), float(train_loss_g)))
    sample_z = rng.uniform(-1, 1, size=(2, z_size))
    gen_samples = sess.run(generator(input_z, input_size, n_units=g_hidden_size, reuse=True,
                                     alpha=alpha), feed_dict={input_z: sample_z})
out["losses"] = losses
out["samples"] = R(gen_samples[:, 300:306], 5)
out["g_vars"] = [v.name for v in g_vars]
out["d_vars"] = [v.name for v in d_vars]
out["n_globals"] = len(tf.global_variables())
""",
}

CS231N = {
    "cv_2017_simple_model_hinge": r"""
import math
tf.set_random_seed(20)
X = tf.placeholder(tf.float32, [None, 16, 16, 3])
y = tf.placeholder(tf.int64, [None])
is_training = tf.placeholder(tf.bool)
def simple_model(X, y):
    Wconv1 = tf.get_variable("Wconv1", shape=[7, 7, 3, 8])
    bconv1 = tf.get_variable("bconv1", shape=[8])
    W1 = tf.get_variable("W1", shape=[200, 10])
    b1 = tf.get_variable("b1", shape=[10])
    a1 = tf.nn.conv2d(X, Wconv1, strides=[1, 2, 2, 1], padding='VALID') + bconv1
    h1 = tf.nn.relu(a1)
    h1_flat = tf.reshape(h1, [-1, 200])
    y_out = tf.matmul(h1_flat, W1) + b1
    return y_out
y_out = simple_model(X, y)
total_loss = tf.losses.hinge_loss(tf.one_hot(y, 10), logits=y_out)
mean_loss = tf.reduce_mean(total_loss)
optimizer = tf.train.AdamOptimizer(5e-4)
train_step = optimizer.minimize(mean_loss)
rng = np.random.RandomState(21)
def run_model(session, predict, loss_val, Xd, yd, epochs=1, batch_size=64, print_every=100,
              training=None, plot_losses=False):
    correct_prediction = tf.equal(tf.argmax(predict, 1), y)
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    train_indicies = np.arange(Xd.shape[0])
    rng.shuffle(train_indicies)
    training_now = training is not None
    variables = [mean_loss, correct_prediction, accuracy]
    if training_now:
        variables[-1] = training
    iter_cnt = 0
    history = []
    for e in range(epochs):
        correct = 0
        losses = []
        for i in range(int(math.ceil(Xd.shape[0] / batch_size))):
            start_idx = (i * batch_size) % Xd.shape[0]
            idx = train_indicies[start_idx:start_idx + batch_size]
            feed_dict = {X: Xd[idx, :], y: yd[idx], is_training: training_now}
            actual_batch_size = yd[idx].shape[0]
            loss, corr, _ = session.run(variables, feed_dict=feed_dict)
            losses.append(loss * actual_batch_size)
            correct += np.sum(corr)
            iter_cnt += 1
        total_correct = correct / Xd.shape[0]
        total_loss = np.sum(losses) / Xd.shape[0]
        history.append(["Epoch {2}, Overall loss = {0:.3g} and accuracy of {1:.3g}".format(
            total_loss, total_correct, e + 1), float(total_loss)])
    return history
X_train = rng.rand(40, 16, 16, 3).astype(np.float32) - 0.5
y_train = (X_train[:, :8, :8, 0].sum((1, 2)) * 10).astype(np.int64) % 10
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["train"] = run_model(sess, y_out, mean_loss, X_train, y_train, 3, 16, 100,
                             train_step, False)
    out["val"] = run_model(sess, y_out, mean_loss, X_train[:20], y_train[:20], 1, 16)
out["loss_name"] = [total_loss.name, str(total_loss.shape)]
""",
    "cv_2017_batchnorm_rmsprop_update_ops": r"""
import math
tf.set_random_seed(22)
X = tf.placeholder(tf.float32, [None, 16, 16, 3])
y = tf.placeholder(tf.int64, [None])
is_training = tf.placeholder(tf.bool)
def complex_model(X, y, is_training):
    Wconv1 = tf.get_variable("Wconv1", shape=[3, 3, 3, 8])
    bconv1 = tf.get_variable("bconv1", shape=[8])
    a1 = tf.nn.conv2d(X, Wconv1, strides=[1, 1, 1, 1], padding='SAME') + bconv1
    h1 = tf.nn.relu(a1)
    h1_bn = tf.layers.batch_normalization(h1, training=is_training)
    h1_pool = tf.nn.max_pool(h1_bn, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='VALID')
    flat = tf.reshape(h1_pool, [-1, 8 * 8 * 8])
    W1 = tf.get_variable("W1", shape=[512, 32])
    b1 = tf.get_variable("b1", shape=[32])
    a2 = tf.nn.relu(tf.matmul(flat, W1) + b1)
    W2 = tf.get_variable("W2", shape=[32, 10])
    b2 = tf.get_variable("b2", shape=[10])
    return tf.matmul(a2, W2) + b2
y_out = complex_model(X, y, is_training)
mean_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    labels=tf.one_hot(y, 10), logits=y_out))
optimizer = tf.train.RMSPropOptimizer(1e-3)
extra_update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(extra_update_ops):
    train_step = optimizer.minimize(mean_loss)
correct_prediction = tf.equal(tf.argmax(y_out, 1), y)
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
rng = np.random.RandomState(23)
X_train = rng.rand(32, 16, 16, 3).astype(np.float32) - 0.5
y_train = (X_train[:, :8, :8, 0].sum((1, 2)) * 10).astype(np.int64) % 10
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for e in range(3):
        for i in range(4):
            idx = slice(i * 8, (i + 1) * 8)
            loss, _ = sess.run([mean_loss, train_step],
                               {X: X_train[idx], y: y_train[idx], is_training: True})
            log.append(float(loss))
    out["eval"] = [float(v) for v in sess.run([mean_loss, accuracy],
                                               {X: X_train, y: y_train, is_training: False})]
    mm = [v for v in tf.global_variables() if "moving_mean" in v.name][0]
    out["moving_mean"] = R(mm.eval(), 5)
out["log"] = log
out["slots"] = sorted(v.name for v in tf.global_variables() if "RMSProp" in v.name)[:4]
""",
    "cv_2018_barebones_tf_nn": r"""
def flatten(x):
    N = tf.shape(x)[0]
    return tf.reshape(x, (N, -1))
def two_layer_fc(x, params):
    w1, w2 = params
    x = flatten(x)
    h = tf.nn.relu(tf.matmul(x, w1))
    scores = tf.matmul(h, w2)
    return scores
def kaiming_normal(shape):
    if len(shape) == 2:
        fan_in, fan_out = shape[0], shape[1]
    elif len(shape) == 4:
        fan_in, fan_out = np.prod(shape[:3]), shape[3]
    return tf.random_normal(shape) * np.sqrt(2.0 / fan_in)
def two_layer_fc_init():
    w1 = tf.Variable(kaiming_normal((8 * 8 * 3, 16)))
    w2 = tf.Variable(kaiming_normal((16, 10)))
    return [w1, w2]
def three_layer_convnet(x, params):
    conv_w1, conv_b1, conv_w2, conv_b2, fc_w, fc_b = params
    x_padded = tf.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]], 'CONSTANT')
    conv1 = tf.nn.conv2d(x_padded, conv_w1, [1, 1, 1, 1], padding='VALID') + conv_b1
    relu1 = tf.nn.relu(conv1)
    conv1_padded = tf.pad(relu1, [[0, 0], [1, 1], [1, 1], [0, 0]], 'CONSTANT')
    conv2 = tf.nn.conv2d(conv1_padded, conv_w2, [1, 1, 1, 1], padding='VALID') + conv_b2
    relu2 = tf.nn.relu(conv2)
    relu2_flat = flatten(relu2)
    scores = tf.matmul(relu2_flat, fc_w) + fc_b
    return scores
def three_layer_convnet_init():
    conv_w1 = tf.Variable(kaiming_normal([5, 5, 3, 6]))
    conv_b1 = tf.Variable(tf.zeros([6]))
    conv_w2 = tf.Variable(kaiming_normal([3, 3, 6, 4]))
    conv_b2 = tf.Variable(tf.zeros([4]))
    fc_w = tf.Variable(kaiming_normal([8 * 8 * 4, 10]))
    fc_b = tf.Variable(tf.zeros([10]))
    return [conv_w1, conv_b1, conv_w2, conv_b2, fc_w, fc_b]
def training_step(scores, y, params, learning_rate):
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=scores)
    loss = tf.reduce_mean(losses)
    grad_params = tf.gradients(loss, params)
    new_weights = []
    for w, grad_w in zip(params, grad_params):
        new_w = tf.assign_sub(w, learning_rate * grad_w)
        new_weights.append(new_w)
    with tf.control_dependencies(new_weights):
        return tf.identity(loss)
def check_accuracy(sess, dset, x, scores, is_training=None):
    num_correct, num_samples = 0, 0
    for x_batch, y_batch in dset:
        scores_np = sess.run(scores, feed_dict={x: x_batch})
        y_pred = scores_np.argmax(axis=1)
        num_samples += x_batch.shape[0]
        num_correct += (y_pred == y_batch).sum()
    return [int(num_correct), int(num_samples)]
rng = np.random.RandomState(24)
xs = rng.randn(24, 8, 8, 3).astype(np.float32)
ys = (xs[:, :4, :4, 0].sum((1, 2)) > 0).astype(np.int32) * 3
train_dset = [(xs[i:i + 8], ys[i:i + 8]) for i in range(0, 24, 8)]
def train_part2(model_fn, init_fn, learning_rate):
    result = {}
    with tf.Graph().as_default():
        tf.set_random_seed(25)
        with tf.device('/cpu:0'):
            x = tf.placeholder(tf.float32, [None, 8, 8, 3])
            y = tf.placeholder(tf.int32, [None])
            params = init_fn()
            scores = model_fn(x, params)
            loss = training_step(scores, y, params, learning_rate)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            result["first"] = float(sess.run(loss, feed_dict={x: xs[:8], y: ys[:8]}))
            result["acc"] = check_accuracy(sess, train_dset, x, scores)
            result["scores_shape"] = str(scores.shape)
    return result
out["fc"] = train_part2(two_layer_fc, two_layer_fc_init, 1e-2)
out["conv"] = train_part2(three_layer_convnet, three_layer_convnet_init, 3e-3)
""",
    "cv_gan_losses_and_solvers": r"""
def leaky_relu(x, alpha=0.01):
    return tf.maximum(x, alpha * x)
def sample_noise(batch_size, dim):
    return tf.random_uniform([batch_size, dim], minval=-1, maxval=1)
def discriminator(x):
    with tf.variable_scope("discriminator"):
        fc1 = tf.layers.dense(x, 32, activation=leaky_relu)
        fc2 = tf.layers.dense(fc1, 32, activation=leaky_relu)
        logits = tf.layers.dense(fc2, 1)
        return logits
def generator(z):
    with tf.variable_scope("generator"):
        fc1 = tf.layers.dense(z, 32, activation=tf.nn.relu)
        fc2 = tf.layers.dense(fc1, 32, activation=tf.nn.relu)
        img = tf.layers.dense(fc2, 784, activation=tf.tanh)
        return img
def gan_loss(logits_real, logits_fake):
    D_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.ones_like(logits_real), logits=logits_real))
    D_loss += tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.zeros_like(logits_fake), logits=logits_fake))
    G_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.ones_like(logits_fake), logits=logits_fake))
    return D_loss, G_loss
def lsgan_loss(scores_real, scores_fake):
    D_loss = 0.5 * tf.reduce_mean((scores_real - 1) ** 2) + 0.5 * tf.reduce_mean(scores_fake ** 2)
    G_loss = 0.5 * tf.reduce_mean((scores_fake - 1) ** 2)
    return D_loss, G_loss
def get_solvers(learning_rate=1e-3, beta1=0.5):
    D_solver = tf.train.AdamOptimizer(learning_rate=learning_rate, beta1=beta1)
    G_solver = tf.train.AdamOptimizer(learning_rate=learning_rate, beta1=beta1)
    return D_solver, G_solver
def preprocess_img(x):
    return 2 * x - 1.0
def count_params():
    return int(np.sum([np.prod(v.get_shape().as_list()) for v in tf.global_variables()]))
results = {}
for which, loss_fn in (("gan", gan_loss), ("lsgan", lsgan_loss)):
    with tf.Graph().as_default():
        tf.set_random_seed(26)
        batch_size, noise_dim = 16, 8
        x = tf.placeholder(tf.float32, [None, 784])
        z = sample_noise(batch_size, noise_dim)
        G_sample = generator(z)
        with tf.variable_scope("") as scope:
            logits_real = discriminator(preprocess_img(x))
            scope.reuse_variables()
            logits_fake = discriminator(G_sample)
        D_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, 'discriminator')
        G_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, 'generator')
        D_solver, G_solver = get_solvers()
        D_loss, G_loss = loss_fn(logits_real, logits_fake)
        D_train_step = D_solver.minimize(D_loss, var_list=D_vars)
        G_train_step = G_solver.minimize(G_loss, var_list=G_vars)
        D_extra_step = tf.get_collection(tf.GraphKeys.UPDATE_OPS, 'discriminator')
        G_extra_step = tf.get_collection(tf.GraphKeys.UPDATE_OPS, 'generator')
        xs, _ = mnist(48, seed=27)
        log = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for it in range(6):
                minibatch = xs[(it % 3) * 16:(it % 3 + 1) * 16]
                _, D_loss_curr = sess.run([D_train_step, D_loss], feed_dict={x: minibatch})
                _, G_loss_curr = sess.run([G_train_step, G_loss])
                log.append([round(float(D_loss_curr), 4), round(float(G_loss_curr), 4)])
            samples = sess.run(G_sample)
        results[which] = [log, R(samples[0, 100:104], 4), count_params(),
                          [v.name for v in D_vars][:3], len(G_vars), len(D_extra_step),
                          logits_real.name, logits_fake.name]
out["results"] = results
""",
    "cv_style_transfer_gram_tv": r"""
rng = np.random.RandomState(28)
k1 = tf.constant(rng.randn(3, 3, 3, 6).astype(np.float32) * 0.3)
k2 = tf.constant(rng.randn(3, 3, 6, 8).astype(np.float32) * 0.3)
def extract_features(x):
    f1 = tf.nn.relu(tf.nn.conv2d(x, k1, [1, 1, 1, 1], 'SAME'))
    p1 = tf.nn.max_pool(f1, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
    f2 = tf.nn.relu(tf.nn.conv2d(p1, k2, [1, 1, 1, 1], 'SAME'))
    return [f1, p1, f2]
def content_loss(content_weight, content_current, content_original):
    return content_weight * tf.reduce_sum(tf.squared_difference(content_current, content_original))
def gram_matrix(features, normalize=True):
    shape = tf.shape(features)
    H, W, C = shape[1], shape[2], shape[3]
    features = tf.reshape(features, (H * W, C))
    gram = tf.matmul(tf.transpose(features), features)
    if normalize:
        gram /= tf.cast(H * W * C, tf.float32)
    return gram
def style_loss(feats, style_layers, style_targets, style_weights):
    style_loss = tf.constant(0.0)
    for i in range(len(style_layers)):
        current_im_gram = gram_matrix(feats[style_layers[i]])
        style_loss += style_weights[i] * tf.reduce_sum(
            tf.squared_difference(current_im_gram, style_targets[i]))
    return style_loss
def tv_loss(img, tv_weight):
    w_variance = tf.reduce_sum(tf.pow(img[:, :, :-1, :] - img[:, :, 1:, :], 2))
    h_variance = tf.reduce_sum(tf.pow(img[:, :-1, :, :] - img[:, 1:, :, :], 2))
    return tv_weight * (w_variance + h_variance)
content_img = rng.rand(1, 12, 12, 3).astype(np.float32) - 0.5
style_img = rng.rand(1, 12, 12, 3).astype(np.float32) - 0.5
content_layer, content_weight = 2, 5e-2
style_layers, style_weights, tv_weight = (0, 2), (2.0, 5.0), 5e-2
sess = tf.Session()
image = tf.placeholder(tf.float32, [1, 12, 12, 3])
feats = extract_features(image)
content_target = sess.run(feats[content_layer], {image: content_img})
style_feat_vars = [feats[idx] for idx in style_layers]
style_target_vars = [gram_matrix(f) for f in style_feat_vars]
style_targets = sess.run(style_target_vars, {image: style_img})
img_var = tf.Variable(content_img, name="image")
feats = extract_features(img_var)
c_loss = content_loss(content_weight, feats[content_layer], content_target)
s_loss = style_loss(feats, style_layers, style_targets, style_weights)
t_loss = tv_loss(img_var, tv_weight)
loss = c_loss + s_loss + t_loss
initial_lr, decayed_lr, decay_lr_at, max_iter = 0.1, 0.01, 6, 10
lr_var = tf.Variable(initial_lr, name="lr")
with tf.variable_scope("optimizer") as opt_scope:
    train_op = tf.train.AdamOptimizer(lr_var).minimize(loss, var_list=[img_var])
opt_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope=opt_scope.name)
sess.run(tf.variables_initializer([lr_var, img_var] + opt_vars))
clamp_image_op = tf.assign(img_var, tf.clip_by_value(img_var, -1.5, 1.5))
log = []
for t in range(max_iter):
    sess.run(train_op)
    if t < decay_lr_at:
        sess.run(clamp_image_op)
    if t == decay_lr_at:
        sess.run(tf.assign(lr_var, decayed_lr))
    log.append([float(v) for v in sess.run([c_loss, s_loss, t_loss])])
out["log"] = log
out["img"] = R(sess.run(img_var)[0, 5, 5:8], 5)
out["opt_vars"] = sorted(v.name for v in opt_vars)
out["gram_shape"] = [str(style_target_vars[0].shape), style_targets[1].shape]
sess.close()
""",
    "cv_saliency_fooling_class_visualization": r"""
rng = np.random.RandomState(29)
class TinyNet:
    def __init__(self):
        self.image = tf.placeholder(tf.float32, [None, 12, 12, 3], name="image")
        self.labels = tf.placeholder(tf.int32, [None], name="labels")
        k = tf.constant(rng.randn(3, 3, 3, 6).astype(np.float32) * 0.4)
        w = tf.constant(rng.randn(6 * 6 * 6, 5).astype(np.float32) * 0.2)
        h = tf.nn.relu(tf.nn.conv2d(self.image, k, [1, 2, 2, 1], 'SAME'))
        self.classifier = tf.matmul(tf.reshape(h, [-1, 6 * 6 * 6]), w)
model = TinyNet()
sess = tf.Session()
X = rng.randn(3, 12, 12, 3).astype(np.float32)
y = np.array([0, 3, 4], np.int32)
def compute_saliency_maps(X, y, model):
    correct_scores = tf.gather_nd(model.classifier,
                                  tf.stack((tf.range(X.shape[0]), model.labels), axis=1))
    grad = tf.gradients(correct_scores, model.image)[0]
    saliency = tf.reduce_max(tf.abs(grad), axis=3)
    return sess.run(saliency, {model.image: X, model.labels: y})
def make_fooling_image(X, target_y, model):
    X_fooling = X.copy()
    learning_rate = 1
    g = tf.gradients(model.classifier[0, target_y], model.image)[0]
    dX = learning_rate * g / tf.norm(g)
    steps = 0
    for i in range(100):
        scores = sess.run(model.classifier, {model.image: X_fooling})
        if scores[0].argmax() == target_y:
            break
        dx = sess.run(dX, {model.image: X_fooling})
        X_fooling += dx
        steps += 1
    return X_fooling, steps
def create_class_visualization(target_y, model, **kwargs):
    l2_reg = kwargs.pop('l2_reg', 1e-3)
    learning_rate = kwargs.pop('learning_rate', 25)
    num_iterations = kwargs.pop('num_iterations', 8)
    max_jitter = kwargs.pop('max_jitter', 3)
    X = rng.rand(1, 12, 12, 3).astype(np.float32)
    loss = model.classifier[0, target_y] - l2_reg * tf.reduce_sum(model.image ** 2)
    grad = tf.gradients(loss, model.image)[0]
    dx = learning_rate * grad / tf.norm(grad)
    for t in range(num_iterations):
        ox, oy = rng.randint(-max_jitter, max_jitter + 1, 2)
        X = np.roll(np.roll(X, ox, 1), oy, 2)
        X += sess.run(dx, feed_dict={model.image: X})
        X = np.roll(np.roll(X, -ox, 1), -oy, 2)
        X = np.clip(X, -2.0, 2.0)
    return X
sal = compute_saliency_maps(X, y, model)
out["saliency"] = R(sal[1, 4:7, 4:7], 5)
out["saliency_shape"] = list(sal.shape)
fool, steps = make_fooling_image(X[:1], 2, model)
out["fool"] = [steps, R(np.abs(fool - X[:1]).max(), 4)]
vis = create_class_visualization(1, model)
out["vis"] = R(vis[0, 6, 6:9], 4)
out["vis_score"] = R(sess.run(model.classifier, {model.image: vis})[0], 4)
sess.close()
""",
}

MORVAN_RL = {
    "mr_dqn_target_replace_collections": r"""
class DeepQNetwork:
    def __init__(self, n_actions, n_features, learning_rate=0.01, reward_decay=0.9,
                 e_greedy=0.9, replace_target_iter=3, memory_size=20, batch_size=8,
                 e_greedy_increment=None, rng=None):
        self.n_actions = n_actions
        self.n_features = n_features
        self.lr = learning_rate
        self.gamma = reward_decay
        self.epsilon_max = e_greedy
        self.replace_target_iter = replace_target_iter
        self.memory_size = memory_size
        self.batch_size = batch_size
        self.epsilon_increment = e_greedy_increment
        self.epsilon = 0 if e_greedy_increment is not None else self.epsilon_max
        self.rng = rng
        self.learn_step_counter = 0
        self.memory = np.zeros((self.memory_size, n_features * 2 + 2))
        self._build_net()
        t_params = tf.get_collection('target_net_params')
        e_params = tf.get_collection('eval_net_params')
        self.replace_target_op = [tf.assign(t, e) for t, e in zip(t_params, e_params)]
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())
        self.cost_his = []
    def _build_net(self):
        self.s = tf.placeholder(tf.float32, [None, self.n_features], name='s')
        self.q_target = tf.placeholder(tf.float32, [None, self.n_actions], name='Q_target')
        with tf.variable_scope('eval_net'):
            c_names, n_l1, w_initializer, b_initializer = \
                ['eval_net_params', tf.GraphKeys.GLOBAL_VARIABLES], 10, \
                tf.random_normal_initializer(0., 0.3), tf.constant_initializer(0.1)
            with tf.variable_scope('l1'):
                w1 = tf.get_variable('w1', [self.n_features, n_l1], initializer=w_initializer,
                                     collections=c_names)
                b1 = tf.get_variable('b1', [1, n_l1], initializer=b_initializer,
                                     collections=c_names)
                l1 = tf.nn.relu(tf.matmul(self.s, w1) + b1)
            with tf.variable_scope('l2'):
                w2 = tf.get_variable('w2', [n_l1, self.n_actions], initializer=w_initializer,
                                     collections=c_names)
                b2 = tf.get_variable('b2', [1, self.n_actions], initializer=b_initializer,
                                     collections=c_names)
                self.q_eval = tf.matmul(l1, w2) + b2
        with tf.variable_scope('loss'):
            self.loss = tf.reduce_mean(tf.squared_difference(self.q_target, self.q_eval))
        with tf.variable_scope('train'):
            self._train_op = tf.train.RMSPropOptimizer(self.lr).minimize(self.loss)
        self.s_ = tf.placeholder(tf.float32, [None, self.n_features], name='s_')
        with tf.variable_scope('target_net'):
            c_names = ['target_net_params', tf.GraphKeys.GLOBAL_VARIABLES]
            with tf.variable_scope('l1'):
                w1 = tf.get_variable('w1', [self.n_features, n_l1], initializer=w_initializer,
                                     collections=c_names)
                b1 = tf.get_variable('b1', [1, n_l1], initializer=b_initializer,
                                     collections=c_names)
                l1 = tf.nn.relu(tf.matmul(self.s_, w1) + b1)
            with tf.variable_scope('l2'):
                w2 = tf.get_variable('w2', [n_l1, self.n_actions], initializer=w_initializer,
                                     collections=c_names)
                b2 = tf.get_variable('b2', [1, self.n_actions], initializer=b_initializer,
                                     collections=c_names)
                self.q_next = tf.matmul(l1, w2) + b2
    def store_transition(self, s, a, r, s_):
        if not hasattr(self, 'memory_counter'):
            self.memory_counter = 0
        transition = np.hstack((s, [a, r], s_))
        index = self.memory_counter % self.memory_size
        self.memory[index, :] = transition
        self.memory_counter += 1
    def choose_action(self, observation):
        observation = observation[np.newaxis, :]
        if self.rng.uniform() < self.epsilon:
            actions_value = self.sess.run(self.q_eval, feed_dict={self.s: observation})
            action = np.argmax(actions_value)
        else:
            action = self.rng.randint(0, self.n_actions)
        return action
    def learn(self):
        if self.learn_step_counter % self.replace_target_iter == 0:
            self.sess.run(self.replace_target_op)
        if self.memory_counter > self.memory_size:
            sample_index = self.rng.choice(self.memory_size, size=self.batch_size)
        else:
            sample_index = self.rng.choice(self.memory_counter, size=self.batch_size)
        batch_memory = self.memory[sample_index, :]
        q_next, q_eval = self.sess.run(
            [self.q_next, self.q_eval],
            feed_dict={self.s_: batch_memory[:, -self.n_features:],
                       self.s: batch_memory[:, :self.n_features]})
        q_target = q_eval.copy()
        batch_index = np.arange(self.batch_size, dtype=np.int32)
        eval_act_index = batch_memory[:, self.n_features].astype(int)
        reward = batch_memory[:, self.n_features + 1]
        q_target[batch_index, eval_act_index] = reward + self.gamma * np.max(q_next, axis=1)
        _, self.cost = self.sess.run([self._train_op, self.loss],
                                     feed_dict={self.s: batch_memory[:, :self.n_features],
                                                self.q_target: q_target})
        self.cost_his.append(float(self.cost))
        self.epsilon = (self.epsilon + self.epsilon_increment
                        if self.epsilon < self.epsilon_max else self.epsilon_max)
        self.learn_step_counter += 1
tf.set_random_seed(30)
rng = np.random.RandomState(31)
RL = DeepQNetwork(3, 2, learning_rate=0.01, e_greedy_increment=0.1, rng=rng)
observation = np.array([0.0, 0.5])
actions = []
for step in range(30):
    action = RL.choose_action(observation)
    actions.append(int(action))
    observation_ = np.clip(observation + (action - 1) * 0.25, -1, 1)
    reward = 1.0 if observation_[0] > 0.7 else -0.1 * abs(observation_[1])
    RL.store_transition(observation, action, reward, observation_)
    if step > 8:
        RL.learn()
    observation = observation_ if step % 10 else np.array([0.0, 0.5])
out["cost_his"] = RL.cost_his
out["actions"] = actions
out["q"] = R(RL.sess.run(RL.q_eval, {RL.s: np.array([[0.5, 0.5]])}), 5)
out["collections"] = [v.name for v in tf.get_collection('target_net_params')]
out["trainable"] = [v.name for v in tf.trainable_variables()]
out["eps"] = round(RL.epsilon, 6)
RL.sess.close()
""",
    "mr_double_dqn_and_dueling": r"""
class DoubleDQN:
    def __init__(self, n_actions, n_features, learning_rate=0.005, reward_decay=0.9,
                 replace_target_iter=4, batch_size=8, double_q=True, dueling=False, sess=None):
        self.n_actions = n_actions
        self.n_features = n_features
        self.lr = learning_rate
        self.gamma = reward_decay
        self.replace_target_iter = replace_target_iter
        self.batch_size = batch_size
        self.double_q = double_q
        self.dueling = dueling
        self.learn_step_counter = 0
        self._build_net()
        t_params = tf.get_collection('target_net_params')
        e_params = tf.get_collection('eval_net_params')
        self.replace_target_op = [tf.assign(t, e) for t, e in zip(t_params, e_params)]
        self.sess = sess
        self.sess.run(tf.global_variables_initializer())
        self.cost_his = []
    def _build_net(self):
        def build_layers(s, c_names, n_l1, w_initializer, b_initializer):
            with tf.variable_scope('l1'):
                w1 = tf.get_variable('w1', [self.n_features, n_l1], initializer=w_initializer,
                                     collections=c_names)
                b1 = tf.get_variable('b1', [1, n_l1], initializer=b_initializer,
                                     collections=c_names)
                l1 = tf.nn.relu(tf.matmul(s, w1) + b1)
            if self.dueling:
                with tf.variable_scope('Value'):
                    w2 = tf.get_variable('w2', [n_l1, 1], initializer=w_initializer,
                                         collections=c_names)
                    b2 = tf.get_variable('b2', [1, 1], initializer=b_initializer,
                                         collections=c_names)
                    self.V = tf.matmul(l1, w2) + b2
                with tf.variable_scope('Advantage'):
                    w2 = tf.get_variable('w2', [n_l1, self.n_actions],
                                         initializer=w_initializer, collections=c_names)
                    b2 = tf.get_variable('b2', [1, self.n_actions], initializer=b_initializer,
                                         collections=c_names)
                    self.A = tf.matmul(l1, w2) + b2
                with tf.variable_scope('Q'):
                    out = self.V + (self.A - tf.reduce_mean(self.A, axis=1, keep_dims=True))
            else:
                with tf.variable_scope('Q'):
                    w2 = tf.get_variable('w2', [n_l1, self.n_actions],
                                         initializer=w_initializer, collections=c_names)
                    b2 = tf.get_variable('b2', [1, self.n_actions], initializer=b_initializer,
                                         collections=c_names)
                    out = tf.matmul(l1, w2) + b2
            return out
        self.s = tf.placeholder(tf.float32, [None, self.n_features], name='s')
        self.q_target = tf.placeholder(tf.float32, [None, self.n_actions], name='Q_target')
        with tf.variable_scope('eval_net'):
            c_names, n_l1, w_initializer, b_initializer = \
                ['eval_net_params', tf.GraphKeys.GLOBAL_VARIABLES], 8, \
                tf.random_normal_initializer(0., 0.3), tf.constant_initializer(0.1)
            self.q_eval = build_layers(self.s, c_names, n_l1, w_initializer, b_initializer)
        with tf.variable_scope('loss'):
            self.loss = tf.reduce_mean(tf.squared_difference(self.q_target, self.q_eval))
        with tf.variable_scope('train'):
            self._train_op = tf.train.RMSPropOptimizer(self.lr).minimize(self.loss)
        self.s_ = tf.placeholder(tf.float32, [None, self.n_features], name='s_')
        with tf.variable_scope('target_net'):
            c_names = ['target_net_params', tf.GraphKeys.GLOBAL_VARIABLES]
            self.q_next = build_layers(self.s_, c_names, n_l1, w_initializer, b_initializer)
    def learn(self, batch_memory):
        if self.learn_step_counter % self.replace_target_iter == 0:
            self.sess.run(self.replace_target_op)
        q_next, q_eval4next = self.sess.run(
            [self.q_next, self.q_eval],
            feed_dict={self.s_: batch_memory[:, -self.n_features:],
                       self.s: batch_memory[:, -self.n_features:]})
        q_eval = self.sess.run(self.q_eval, {self.s: batch_memory[:, :self.n_features]})
        q_target = q_eval.copy()
        batch_index = np.arange(self.batch_size, dtype=np.int32)
        eval_act_index = batch_memory[:, self.n_features].astype(int)
        reward = batch_memory[:, self.n_features + 1]
        if self.double_q:
            max_act4next = np.argmax(q_eval4next, axis=1)
            selected_q_next = q_next[batch_index, max_act4next]
        else:
            selected_q_next = np.max(q_next, axis=1)
        q_target[batch_index, eval_act_index] = reward + self.gamma * selected_q_next
        _, self.cost = self.sess.run([self._train_op, self.loss],
                                     feed_dict={self.s: batch_memory[:, :self.n_features],
                                                self.q_target: q_target})
        self.cost_his.append(float(self.cost))
        self.learn_step_counter += 1
rng = np.random.RandomState(32)
memory = np.hstack([rng.randn(40, 3), rng.randint(0, 4, (40, 1)), rng.randn(40, 1),
                    rng.randn(40, 3)])
results = {}
for name, double_q, dueling in (("natural", False, False), ("double", True, False),
                                ("dueling", True, True)):
    with tf.Graph().as_default():
        tf.set_random_seed(33)
        sess = tf.Session()
        with tf.variable_scope(name):
            dqn = DoubleDQN(4, 3, double_q=double_q, dueling=dueling, sess=sess)
        for i in range(8):
            dqn.learn(memory[rng.choice(40, size=8)])
        q = sess.run(dqn.q_eval, {dqn.s: memory[:2, :3]})
        results[name] = [dqn.cost_his, R(q, 5),
                         [v.name for v in tf.get_collection('eval_net_params')]]
        sess.close()
out["results"] = results
""",
    "mr_prioritized_replay_sumtree": r"""
class SumTree(object):
    data_pointer = 0
    def __init__(self, capacity):
        self.capacity = capacity
        self.tree = np.zeros(2 * capacity - 1)
        self.data = np.zeros(capacity, dtype=object)
    def add(self, p, data):
        tree_idx = self.data_pointer + self.capacity - 1
        self.data[self.data_pointer] = data
        self.update(tree_idx, p)
        self.data_pointer += 1
        if self.data_pointer >= self.capacity:
            self.data_pointer = 0
    def update(self, tree_idx, p):
        change = p - self.tree[tree_idx]
        self.tree[tree_idx] = p
        while tree_idx != 0:
            tree_idx = (tree_idx - 1) // 2
            self.tree[tree_idx] += change
    def get_leaf(self, v):
        parent_idx = 0
        while True:
            cl_idx = 2 * parent_idx + 1
            cr_idx = cl_idx + 1
            if cl_idx >= len(self.tree):
                leaf_idx = parent_idx
                break
            else:
                if v <= self.tree[cl_idx]:
                    parent_idx = cl_idx
                else:
                    v -= self.tree[cl_idx]
                    parent_idx = cr_idx
        data_idx = leaf_idx - self.capacity + 1
        return leaf_idx, self.tree[leaf_idx], self.data[data_idx]
    @property
    def total_p(self):
        return self.tree[0]
class Memory(object):
    epsilon = 0.01
    alpha = 0.6
    beta = 0.4
    beta_increment_per_sampling = 0.001
    abs_err_upper = 1.
    def __init__(self, capacity, rng):
        self.tree = SumTree(capacity)
        self.rng = rng
    def store(self, transition):
        max_p = np.max(self.tree.tree[-self.tree.capacity:])
        if max_p == 0:
            max_p = self.abs_err_upper
        self.tree.add(max_p, transition)
    def sample(self, n):
        b_idx, b_memory, ISWeights = np.empty((n,), dtype=np.int32), \
            np.empty((n, self.tree.data[0].size)), np.empty((n, 1))
        pri_seg = self.tree.total_p / n
        self.beta = np.min([1., self.beta + self.beta_increment_per_sampling])
        min_prob = np.min(self.tree.tree[-self.tree.capacity:]) / self.tree.total_p
        for i in range(n):
            a, b = pri_seg * i, pri_seg * (i + 1)
            v = self.rng.uniform(a, b)
            idx, p, data = self.tree.get_leaf(v)
            prob = p / self.tree.total_p
            ISWeights[i, 0] = np.power(prob / min_prob, -self.beta)
            b_idx[i], b_memory[i, :] = idx, data
        return b_idx, b_memory, ISWeights
    def batch_update(self, tree_idx, abs_errors):
        abs_errors += self.epsilon
        clipped_errors = np.minimum(abs_errors, self.abs_err_upper)
        ps = np.power(clipped_errors, self.alpha)
        for ti, p in zip(tree_idx, ps):
            self.tree.update(ti, p)
tf.set_random_seed(34)
n_features, n_actions, gamma = 2, 3, 0.9
s = tf.placeholder(tf.float32, [None, n_features], name='s')
q_target = tf.placeholder(tf.float32, [None, n_actions], name='Q_target')
ISWeights = tf.placeholder(tf.float32, [None, 1], name='IS_weights')
def build_layers(s, c_names, n_l1, w_initializer, b_initializer, trainable):
    with tf.variable_scope('l1'):
        w1 = tf.get_variable('w1', [n_features, n_l1], initializer=w_initializer,
                             collections=c_names, trainable=trainable)
        b1 = tf.get_variable('b1', [1, n_l1], initializer=b_initializer, collections=c_names,
                             trainable=trainable)
        l1 = tf.nn.relu(tf.matmul(s, w1) + b1)
    with tf.variable_scope('l2'):
        w2 = tf.get_variable('w2', [n_l1, n_actions], initializer=w_initializer,
                             collections=c_names, trainable=trainable)
        b2 = tf.get_variable('b2', [1, n_actions], initializer=b_initializer,
                             collections=c_names, trainable=trainable)
        out = tf.matmul(l1, w2) + b2
    return out
with tf.variable_scope('eval_net'):
    c_names, n_l1, w_initializer, b_initializer = \
        ['eval_net_params', tf.GraphKeys.GLOBAL_VARIABLES], 8, \
        tf.random_normal_initializer(0., 0.3), tf.constant_initializer(0.1)
    q_eval = build_layers(s, c_names, n_l1, w_initializer, b_initializer, True)
with tf.variable_scope('loss'):
    abs_errors = tf.reduce_sum(tf.abs(q_target - q_eval), axis=1)
    loss = tf.reduce_mean(ISWeights * tf.squared_difference(q_target, q_eval))
with tf.variable_scope('train'):
    _train_op = tf.train.RMSPropOptimizer(0.005).minimize(loss)
s_ = tf.placeholder(tf.float32, [None, n_features], name='s_')
with tf.variable_scope('target_net'):
    c_names = ['target_net_params', tf.GraphKeys.GLOBAL_VARIABLES]
    q_next = build_layers(s_, c_names, n_l1, w_initializer, b_initializer, False)
replace = [tf.assign(t, e) for t, e in zip(tf.get_collection('target_net_params'),
                                           tf.get_collection('eval_net_params'))]
rng = np.random.RandomState(35)
memory = Memory(capacity=16, rng=rng)
for i in range(24):
    st = rng.randn(2)
    memory.store(np.hstack((st, [rng.randint(3), float(st[0] > 0)], st + 0.1)))
log = []
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(6):
    if step % 3 == 0:
        sess.run(replace)
    tree_idx, batch_memory, IS = memory.sample(8)
    q_next_v, q_eval_v = sess.run([q_next, q_eval], feed_dict={
        s_: batch_memory[:, -n_features:], s: batch_memory[:, :n_features]})
    qt = q_eval_v.copy()
    batch_index = np.arange(8, dtype=np.int32)
    qt[batch_index, batch_memory[:, n_features].astype(int)] = \
        batch_memory[:, n_features + 1] + gamma * np.max(q_next_v, axis=1)
    _, errs, cost = sess.run([_train_op, abs_errors, loss], feed_dict={
        s: batch_memory[:, :n_features], q_target: qt, ISWeights: IS})
    memory.batch_update(tree_idx, errs)
    log.append([float(cost), R(IS[:3, 0], 5), tree_idx.tolist()])
out["log"] = log
out["total_p"] = round(float(memory.tree.total_p), 5)
out["trainable"] = [v.name for v in tf.trainable_variables()]
sess.close()
""",
    "mr_actor_critic_td_error": r"""
class Actor(object):
    def __init__(self, sess, n_features, n_actions, lr=0.001):
        self.sess = sess
        self.s = tf.placeholder(tf.float32, [1, n_features], "state")
        self.a = tf.placeholder(tf.int32, None, "act")
        self.td_error = tf.placeholder(tf.float32, None, "td_error")
        with tf.variable_scope('Actor'):
            l1 = tf.layers.dense(inputs=self.s, units=8, activation=tf.nn.relu,
                                 kernel_initializer=tf.random_normal_initializer(0., .1),
                                 bias_initializer=tf.constant_initializer(0.1), name='l1')
            self.acts_prob = tf.layers.dense(inputs=l1, units=n_actions,
                                             activation=tf.nn.softmax,
                                             kernel_initializer=tf.random_normal_initializer(
                                                 0., .1),
                                             bias_initializer=tf.constant_initializer(0.1),
                                             name='acts_prob')
        with tf.variable_scope('exp_v'):
            log_prob = tf.log(self.acts_prob[0, self.a])
            self.exp_v = tf.reduce_mean(log_prob * self.td_error)
        with tf.variable_scope('train'):
            self.train_op = tf.train.AdamOptimizer(lr).minimize(-self.exp_v)
    def learn(self, s, a, td):
        s = s[np.newaxis, :]
        feed_dict = {self.s: s, self.a: a, self.td_error: td}
        _, exp_v = self.sess.run([self.train_op, self.exp_v], feed_dict)
        return exp_v
    def choose_action(self, s, rng):
        s = s[np.newaxis, :]
        probs = self.sess.run(self.acts_prob, {self.s: s})
        return rng.choice(np.arange(probs.shape[1]), p=probs.ravel())
class Critic(object):
    def __init__(self, sess, n_features, lr=0.01, gamma=0.9):
        self.sess = sess
        self.s = tf.placeholder(tf.float32, [1, n_features], "state")
        self.v_ = tf.placeholder(tf.float32, [1, 1], "v_next")
        self.r = tf.placeholder(tf.float32, None, 'r')
        with tf.variable_scope('Critic'):
            l1 = tf.layers.dense(inputs=self.s, units=8, activation=tf.nn.relu,
                                 kernel_initializer=tf.random_normal_initializer(0., .1),
                                 bias_initializer=tf.constant_initializer(0.1), name='l1')
            self.v = tf.layers.dense(inputs=l1, units=1, activation=None,
                                     kernel_initializer=tf.random_normal_initializer(0., .1),
                                     bias_initializer=tf.constant_initializer(0.1), name='V')
        with tf.variable_scope('squared_TD_error'):
            self.td_error = self.r + gamma * self.v_ - self.v
            self.loss = tf.square(self.td_error)
        with tf.variable_scope('train'):
            self.train_op = tf.train.AdamOptimizer(lr).minimize(self.loss)
    def learn(self, s, r, s_):
        s, s_ = s[np.newaxis, :], s_[np.newaxis, :]
        v_ = self.sess.run(self.v, {self.s: s_})
        td_error, _ = self.sess.run([self.td_error, self.train_op],
                                    {self.s: s, self.v_: v_, self.r: r})
        return td_error
tf.set_random_seed(36)
rng = np.random.RandomState(37)
sess = tf.Session()
actor = Actor(sess, n_features=4, n_actions=2, lr=0.01)
critic = Critic(sess, n_features=4, lr=0.05)
sess.run(tf.global_variables_initializer())
s = np.array([0.1, -0.2, 0.05, 0.3])
log = []
for t in range(12):
    a = actor.choose_action(s, rng)
    s_ = s + (a - 0.5) * 0.1 + rng.randn(4) * 0.01
    r = 1.0 if abs(s_[0]) < 0.2 else -1.0
    td_error = critic.learn(s, r, s_)
    exp_v = actor.learn(s, a, td_error)
    log.append([int(a), R(td_error[0, 0], 5), R(exp_v, 5)])
    s = s_
out["log"] = log
out["probs"] = R(sess.run(actor.acts_prob, {actor.s: s[None]}), 5)
out["names"] = [actor.exp_v.name, critic.td_error.name, actor.s.name, critic.s.name]
sess.close()
""",
    "mr_ddpg_soft_replacement": r"""
MEMORY_CAPACITY, BATCH_SIZE, TAU, GAMMA, LR_A, LR_C = 32, 8, 0.01, 0.9, 0.001, 0.002
class DDPG(object):
    def __init__(self, a_dim, s_dim, a_bound):
        self.memory = np.zeros((MEMORY_CAPACITY, s_dim * 2 + a_dim + 1), dtype=np.float32)
        self.pointer = 0
        self.sess = tf.Session()
        self.a_dim, self.s_dim, self.a_bound = a_dim, s_dim, a_bound,
        self.S = tf.placeholder(tf.float32, [None, s_dim], 's')
        self.S_ = tf.placeholder(tf.float32, [None, s_dim], 's_')
        self.R = tf.placeholder(tf.float32, [None, 1], 'r')
        with tf.variable_scope('Actor'):
            self.a = self._build_a(self.S, scope='eval', trainable=True)
            a_ = self._build_a(self.S_, scope='target', trainable=False)
        with tf.variable_scope('Critic'):
            q = self._build_c(self.S, self.a, scope='eval', trainable=True)
            q_ = self._build_c(self.S_, a_, scope='target', trainable=False)
        self.ae_params = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='Actor/eval')
        self.at_params = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='Actor/target')
        self.ce_params = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='Critic/eval')
        self.ct_params = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='Critic/target')
        self.soft_replace = [tf.assign(t, (1 - TAU) * t + TAU * e)
                             for t, e in zip(self.at_params + self.ct_params,
                                             self.ae_params + self.ce_params)]
        q_target = self.R + GAMMA * q_
        self.td_error = tf.losses.mean_squared_error(labels=q_target, predictions=q)
        self.ctrain = tf.train.AdamOptimizer(LR_C).minimize(self.td_error,
                                                            var_list=self.ce_params)
        self.a_loss = - tf.reduce_mean(q)
        self.atrain = tf.train.AdamOptimizer(LR_A).minimize(self.a_loss, var_list=self.ae_params)
        self.sess.run(tf.global_variables_initializer())
    def choose_action(self, s):
        return self.sess.run(self.a, {self.S: s[np.newaxis, :]})[0]
    def learn(self, rng):
        self.sess.run(self.soft_replace)
        indices = rng.choice(MEMORY_CAPACITY, size=BATCH_SIZE)
        bt = self.memory[indices, :]
        bs = bt[:, :self.s_dim]
        ba = bt[:, self.s_dim: self.s_dim + self.a_dim]
        br = bt[:, -self.s_dim - 1: -self.s_dim]
        bs_ = bt[:, -self.s_dim:]
        self.sess.run(self.atrain, {self.S: bs})
        self.sess.run(self.ctrain, {self.S: bs, self.a: ba, self.R: br, self.S_: bs_})
        return self.sess.run([self.td_error, self.a_loss],
                             {self.S: bs, self.a: ba, self.R: br, self.S_: bs_})
    def store_transition(self, s, a, r, s_):
        transition = np.hstack((s, a, [r], s_))
        index = self.pointer % MEMORY_CAPACITY
        self.memory[index, :] = transition
        self.pointer += 1
    def _build_a(self, s, scope, trainable):
        with tf.variable_scope(scope):
            net = tf.layers.dense(s, 16, activation=tf.nn.relu, name='l1', trainable=trainable)
            a = tf.layers.dense(net, self.a_dim, activation=tf.nn.tanh, name='a',
                                trainable=trainable)
            return tf.multiply(a, self.a_bound, name='scaled_a')
    def _build_c(self, s, a, scope, trainable):
        with tf.variable_scope(scope):
            n_l1 = 16
            w1_s = tf.get_variable('w1_s', [self.s_dim, n_l1], trainable=trainable)
            w1_a = tf.get_variable('w1_a', [self.a_dim, n_l1], trainable=trainable)
            b1 = tf.get_variable('b1', [1, n_l1], trainable=trainable)
            net = tf.nn.relu(tf.matmul(s, w1_s) + tf.matmul(a, w1_a) + b1)
            return tf.layers.dense(net, 1, trainable=trainable)
tf.set_random_seed(38)
rng = np.random.RandomState(39)
ddpg = DDPG(1, 3, np.array([2.0]))
s = np.array([1.0, 0.0, 0.0])
var = 3.0
log = []
for i in range(44):
    a = ddpg.choose_action(s)
    a = np.clip(rng.normal(a, var), -2, 2)
    s_ = np.array([np.cos(i * 0.3 + a[0] * 0.1), np.sin(i * 0.3), a[0] * 0.1])
    r = -(s_[0] ** 2 + 0.1 * a[0] ** 2)
    ddpg.store_transition(s, a, r / 10, s_)
    if ddpg.pointer > MEMORY_CAPACITY:
        var *= .9995
        log.append([float(v) for v in ddpg.learn(rng)])
    s = s_
out["log"] = log
out["action"] = R(ddpg.choose_action(np.array([0.5, 0.5, 0.0])), 5)
out["params"] = [v.name for v in ddpg.at_params + ddpg.ct_params]
out["trainable"] = len(tf.trainable_variables())
out["target_w"] = R(ddpg.sess.run(ddpg.ct_params[0])[0, :4], 5)
ddpg.sess.close()
""",
    "mr_ppo_clip_and_kl_penalty": r"""
A_LR, C_LR, A_UPDATE_STEPS, C_UPDATE_STEPS, S_DIM, A_DIM = 0.0005, 0.001, 4, 4, 3, 1
results = {}
for METHOD in [dict(name='kl_pen', kl_target=0.01, lam=0.5),
               dict(name='clip', epsilon=0.2)]:
    with tf.Graph().as_default():
        tf.set_random_seed(40)
        class PPO(object):
            def __init__(self):
                self.sess = tf.Session()
                self.tfs = tf.placeholder(tf.float32, [None, S_DIM], 'state')
                with tf.variable_scope('critic'):
                    l1 = tf.layers.dense(self.tfs, 16, tf.nn.relu)
                    self.v = tf.layers.dense(l1, 1)
                    self.tfdc_r = tf.placeholder(tf.float32, [None, 1], 'discounted_r')
                    self.advantage = self.tfdc_r - self.v
                    self.closs = tf.reduce_mean(tf.square(self.advantage))
                    self.ctrain_op = tf.train.AdamOptimizer(C_LR).minimize(self.closs)
                pi, pi_params = self._build_anet('pi', trainable=True)
                oldpi, oldpi_params = self._build_anet('oldpi', trainable=False)
                with tf.variable_scope('sample_action'):
                    self.sample_op = tf.squeeze(pi.sample(1), axis=0)
                with tf.variable_scope('update_oldpi'):
                    self.update_oldpi_op = [oldp.assign(p) for p, oldp in
                                            zip(pi_params, oldpi_params)]
                self.tfa = tf.placeholder(tf.float32, [None, A_DIM], 'action')
                self.tfadv = tf.placeholder(tf.float32, [None, 1], 'advantage')
                with tf.variable_scope('loss'):
                    with tf.variable_scope('surrogate'):
                        ratio = pi.prob(self.tfa) / oldpi.prob(self.tfa)
                        surr = ratio * self.tfadv
                    if METHOD['name'] == 'kl_pen':
                        self.tflam = tf.placeholder(tf.float32, None, 'lambda')
                        kl = tf.distributions.kl_divergence(oldpi, pi)
                        self.kl_mean = tf.reduce_mean(kl)
                        self.aloss = -(tf.reduce_mean(surr - self.tflam * kl))
                    else:
                        self.aloss = -tf.reduce_mean(tf.minimum(
                            surr, tf.clip_by_value(ratio, 1. - METHOD['epsilon'],
                                                   1. + METHOD['epsilon']) * self.tfadv))
                with tf.variable_scope('atrain'):
                    self.atrain_op = tf.train.AdamOptimizer(A_LR).minimize(self.aloss)
                self.sess.run(tf.global_variables_initializer())
            def update(self, s, a, r):
                self.sess.run(self.update_oldpi_op)
                adv = self.sess.run(self.advantage, {self.tfs: s, self.tfdc_r: r})
                if METHOD['name'] == 'kl_pen':
                    for _ in range(A_UPDATE_STEPS):
                        _, kl = self.sess.run(
                            [self.atrain_op, self.kl_mean],
                            {self.tfs: s, self.tfa: a, self.tfadv: adv,
                             self.tflam: METHOD['lam']})
                        if kl > 4 * METHOD['kl_target']:
                            break
                    if kl < METHOD['kl_target'] / 1.5:
                        METHOD['lam'] /= 2
                    elif kl > METHOD['kl_target'] * 1.5:
                        METHOD['lam'] *= 2
                    METHOD['lam'] = np.clip(METHOD['lam'], 1e-4, 10)
                else:
                    [self.sess.run(self.atrain_op, {self.tfs: s, self.tfa: a, self.tfadv: adv})
                     for _ in range(A_UPDATE_STEPS)]
                [self.sess.run(self.ctrain_op, {self.tfs: s, self.tfdc_r: r})
                 for _ in range(C_UPDATE_STEPS)]
                return self.sess.run(self.aloss, {self.tfs: s, self.tfa: a, self.tfadv: adv,
                                                  **({self.tflam: METHOD['lam']}
                                                     if METHOD['name'] == 'kl_pen' else {})})
            def _build_anet(self, name, trainable):
                with tf.variable_scope(name):
                    l1 = tf.layers.dense(self.tfs, 16, tf.nn.relu, trainable=trainable)
                    mu = 2 * tf.layers.dense(l1, A_DIM, tf.nn.tanh, trainable=trainable)
                    sigma = tf.layers.dense(l1, A_DIM, tf.nn.softplus, trainable=trainable)
                    norm_dist = tf.distributions.Normal(loc=mu, scale=sigma)
                params = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope=name)
                return norm_dist, params
            def choose_action(self, s):
                s = s[np.newaxis, :]
                a = self.sess.run(self.sample_op, {self.tfs: s})[0]
                return np.clip(a, -2, 2)
            def get_v(self, s):
                if s.ndim < 2: s = s[np.newaxis, :]
                return self.sess.run(self.v, {self.tfs: s})[0, 0]
        ppo = PPO()
        rng = np.random.RandomState(41)
        buffer_s, buffer_a, buffer_r = [], [], []
        s = np.array([1.0, 0.0, 0.2])
        log = []
        for t in range(16):
            a = ppo.choose_action(s)
            s_ = np.array([np.cos(t * 0.4), np.sin(t * 0.4), float(a[0]) * 0.1])
            r = -(s_[0] ** 2 + 0.1 * float(a[0]) ** 2)
            buffer_s.append(s)
            buffer_a.append(a)
            buffer_r.append((r + 8) / 8)
            s = s_
            if (t + 1) % 8 == 0:
                v_s_ = ppo.get_v(s_)
                discounted_r = []
                for r in buffer_r[::-1]:
                    v_s_ = r + 0.9 * v_s_
                    discounted_r.append(v_s_)
                discounted_r.reverse()
                bs, ba, br = np.vstack(buffer_s), np.vstack(buffer_a), \
                    np.array(discounted_r)[:, np.newaxis]
                buffer_s, buffer_a, buffer_r = [], [], []
                log.append([R(ba[:3, 0], 4), float(ppo.update(bs, ba, br))])
        results[METHOD['name']] = [log, float(METHOD.get('lam', 0.0)),
                                   ppo.sample_op.name, str(ppo.sample_op.shape)]
        ppo.sess.close()
out["results"] = results
""",
    "mr_policy_gradient_discounted_norm": r"""
class PolicyGradient:
    def __init__(self, n_actions, n_features, learning_rate=0.01, reward_decay=0.95):
        self.n_actions = n_actions
        self.n_features = n_features
        self.lr = learning_rate
        self.gamma = reward_decay
        self.ep_obs, self.ep_as, self.ep_rs = [], [], []
        self._build_net()
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())
    def _build_net(self):
        with tf.name_scope('inputs'):
            self.tf_obs = tf.placeholder(tf.float32, [None, self.n_features], name="observations")
            self.tf_acts = tf.placeholder(tf.int32, [None, ], name="actions_num")
            self.tf_vt = tf.placeholder(tf.float32, [None, ], name="actions_value")
        layer = tf.layers.dense(inputs=self.tf_obs, units=10, activation=tf.nn.tanh,
                                kernel_initializer=tf.random_normal_initializer(mean=0, stddev=0.3),
                                bias_initializer=tf.constant_initializer(0.1), name='fc1')
        all_act = tf.layers.dense(inputs=layer, units=self.n_actions, activation=None,
                                  kernel_initializer=tf.random_normal_initializer(
                                      mean=0, stddev=0.3),
                                  bias_initializer=tf.constant_initializer(0.1), name='fc2')
        self.all_act_prob = tf.nn.softmax(all_act, name='act_prob')
        with tf.name_scope('loss'):
            neg_log_prob = tf.reduce_sum(-tf.log(self.all_act_prob) *
                                         tf.one_hot(self.tf_acts, self.n_actions), axis=1)
            self.neg_log_prob2 = tf.nn.sparse_softmax_cross_entropy_with_logits(
                logits=all_act, labels=self.tf_acts)
            loss = tf.reduce_mean(neg_log_prob * self.tf_vt)
            self.loss = loss
        with tf.name_scope('train'):
            self.train_op = tf.train.AdamOptimizer(self.lr).minimize(loss)
    def choose_action(self, observation, rng):
        prob_weights = self.sess.run(self.all_act_prob,
                                     feed_dict={self.tf_obs: observation[np.newaxis, :]})
        return rng.choice(range(prob_weights.shape[1]), p=prob_weights.ravel())
    def store_transition(self, s, a, r):
        self.ep_obs.append(s)
        self.ep_as.append(a)
        self.ep_rs.append(r)
    def learn(self):
        discounted_ep_rs_norm = self._discount_and_norm_rewards()
        feed = {self.tf_obs: np.vstack(self.ep_obs), self.tf_acts: np.array(self.ep_as),
                self.tf_vt: discounted_ep_rs_norm}
        l, n2 = self.sess.run([self.loss, self.neg_log_prob2], feed_dict=feed)
        self.sess.run(self.train_op, feed_dict=feed)
        self.ep_obs, self.ep_as, self.ep_rs = [], [], []
        return discounted_ep_rs_norm, float(l), n2
    def _discount_and_norm_rewards(self):
        discounted_ep_rs = np.zeros_like(self.ep_rs)
        running_add = 0
        for t in reversed(range(0, len(self.ep_rs))):
            running_add = running_add * self.gamma + self.ep_rs[t]
            discounted_ep_rs[t] = running_add
        discounted_ep_rs -= np.mean(discounted_ep_rs)
        discounted_ep_rs /= np.std(discounted_ep_rs)
        return discounted_ep_rs
tf.set_random_seed(42)
rng = np.random.RandomState(43)
RL = PolicyGradient(n_actions=3, n_features=2, learning_rate=0.02, reward_decay=0.99)
log = []
for episode in range(4):
    observation = np.array([0.0, 0.1 * episode])
    for t in range(6):
        action = RL.choose_action(observation, rng)
        observation_ = observation + np.array([(action - 1) * 0.1, 0.05])
        reward = float(observation_[0] > 0.1) + (t == 5)
        RL.store_transition(observation, action, reward)
        observation = observation_
    vt, l, n2 = RL.learn()
    log.append([R(vt[:3], 5), l, R(n2[:3], 5)])
out["log"] = log
out["prob"] = R(RL.sess.run(RL.all_act_prob, {RL.tf_obs: np.array([[0.2, 0.2]])}), 5)
out["names"] = [RL.tf_obs.name, RL.all_act_prob.name, RL.loss.name, RL.train_op.name]
RL.sess.close()
""",
}

FLOWS = {
    "nf_planar_flow_potential": r"""
class PlanarFlow(object):
    def __init__(self, dim, name):
        with tf.variable_scope(name):
            self.u = tf.get_variable("u", [1, dim],
                                     initializer=tf.random_normal_initializer(0, 0.1))
            self.w = tf.get_variable("w", [1, dim],
                                     initializer=tf.random_normal_initializer(0, 0.1))
            self.b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    def __call__(self, z):
        wu = tf.reduce_sum(self.w * self.u)
        m_wu = -1. + tf.nn.softplus(wu)
        u_hat = self.u + (m_wu - wu) * self.w / tf.reduce_sum(tf.square(self.w))
        act = tf.tanh(tf.reduce_sum(z * self.w, axis=1, keepdims=True) + self.b)
        f_z = z + u_hat * act
        psi = (1. - act ** 2) * self.w
        logdet = tf.log(tf.abs(1. + tf.reduce_sum(psi * u_hat, axis=1)) + 1e-8)
        return f_z, logdet
def potential(z):
    z1, z2 = z[:, 0], z[:, 1]
    norm = tf.sqrt(z1 ** 2 + z2 ** 2)
    exp1 = tf.exp(-0.5 * ((z1 - 2) / 0.6) ** 2)
    exp2 = tf.exp(-0.5 * ((z1 + 2) / 0.6) ** 2)
    return 0.5 * ((norm - 2) / 0.4) ** 2 - tf.log(exp1 + exp2 + 1e-8)
tf.set_random_seed(44)
K, batch = 4, 64
z0 = tf.random_normal([batch, 2], seed=1)
log_q0 = tf.reduce_sum(-0.5 * z0 ** 2 - 0.5 * np.log(2 * np.pi), axis=1)
z, sum_logdet = z0, 0.
flows = [PlanarFlow(2, "flow_%d" % k) for k in range(K)]
for f in flows:
    z, ld = f(z)
    sum_logdet += ld
loss = tf.reduce_mean(log_q0 - sum_logdet + potential(z))
step = tf.Variable(0, trainable=False)
lr = tf.train.exponential_decay(0.01, step, 10, 0.9)
train = tf.train.AdamOptimizer(lr).minimize(loss, global_step=step)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(25):
        _, l = sess.run([train, loss])
        if i % 6 == 0:
            log.append(float(l))
    zk, ld = sess.run([z, sum_logdet])
    out["u"] = L(sess.run(flows[0].u))
out["log"] = log
out["zk"] = [list(zk.shape), str(z.shape)]
out["names"] = sorted(v.name for v in tf.trainable_variables())[:3]
""",
    "nf_realnvp_affine_coupling": r"""
def coupling(x, mask, name, reverse=False):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        x_masked = x * mask
        h = tf.layers.dense(x_masked, 16, tf.nn.relu, name="h")
        s = tf.layers.dense(h, 2, tf.nn.tanh, name="s") * (1 - mask)
        t = tf.layers.dense(h, 2, name="t") * (1 - mask)
    if not reverse:
        y = x_masked + (1 - mask) * (x * tf.exp(s) + t)
        return y, tf.reduce_sum(s, axis=1)
    y = x_masked + (1 - mask) * (x - t) * tf.exp(-s)
    return y, -tf.reduce_sum(s, axis=1)
masks = [np.array([[1., 0.]], np.float32), np.array([[0., 1.]], np.float32)] * 2
def forward(x):
    logdet = tf.zeros(tf.shape(x)[:1])
    for i, m in enumerate(masks):
        x, ld = coupling(x, m, "coupling_%d" % i)
        logdet += ld
    return x, logdet
def inverse(z):
    for i, m in reversed(list(enumerate(masks))):
        z, _ = coupling(z, m, "coupling_%d" % i, reverse=True)
    return z
rng = np.random.RandomState(45)
theta = rng.rand(128) * np.pi
data = (np.stack([np.cos(theta), np.sin(theta)], 1).astype(np.float32)
        + rng.randn(128, 2).astype(np.float32) * 0.1)
tf.set_random_seed(46)
x = tf.placeholder(tf.float32, [None, 2])
z, logdet = forward(x)
log_pz = tf.reduce_sum(-0.5 * z ** 2 - 0.5 * np.log(2 * np.pi), axis=1)
nll = -tf.reduce_mean(log_pz + logdet)
train = tf.train.AdamOptimizer(1e-2).minimize(nll)
x_rec = inverse(z)
samples = inverse(tf.random_normal([4, 2], seed=3))
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(30):
        batch = data[(i % 4) * 32:(i % 4 + 1) * 32]
        _, l = sess.run([train, nll], {x: batch})
        log.append(float(l))
    rec = sess.run(x_rec, {x: data[:8]})
    out["rec_err"] = bool(np.abs(rec - data[:8]).max() < 1e-4)
    out["samples"] = L(sess.run(samples))
    out["test_nll"] = float(sess.run(nll, {x: data}))
out["log"] = log[::5]
out["vars"] = len(tf.trainable_variables())
""",
    "nf_glow_actnorm_invconv_squeeze": r"""
def get_variable_ddi(name, shape, initial_value, dtype=tf.float32, init=False, trainable=True):
    w = tf.get_variable(name, shape, dtype, None, trainable=trainable)
    if init:
        w = w.assign(initial_value)
        with tf.control_dependencies([w]):
            return w
    return w
def actnorm_center(name, x, reverse=False, init=False):
    shape = x.get_shape()
    with tf.variable_scope(name):
        x_mean = tf.reduce_mean(x, [0, 1, 2], keepdims=True)
        b = get_variable_ddi("b", (1, 1, 1, int(shape[3])), initial_value=-x_mean, init=init)
        return x + b if not reverse else x - b
def actnorm_scale(name, x, scale=1., logdet=None, logscale_factor=3., reverse=False, init=False):
    shape = x.get_shape()
    with tf.variable_scope(name):
        x_var = tf.reduce_mean(x ** 2, [0, 1, 2], keepdims=True)
        logs = get_variable_ddi("logs", (1, 1, 1, int(shape[3])),
                                initial_value=tf.log(scale / (tf.sqrt(x_var) + 1e-6))
                                / logscale_factor,
                                init=init) * logscale_factor
        x = x * tf.exp(logs) if not reverse else x * tf.exp(-logs)
        dlogdet = tf.reduce_sum(logs) * int(shape[1]) * int(shape[2])
        if reverse:
            dlogdet *= -1
        return x, logdet + dlogdet
def actnorm(name, x, logdet, reverse=False, init=False):
    with tf.variable_scope(name):
        if not reverse:
            x = actnorm_center("center", x, reverse, init=init)
            x, logdet = actnorm_scale("scale", x, logdet=logdet, reverse=reverse, init=init)
        else:
            x, logdet = actnorm_scale("scale", x, logdet=logdet, reverse=reverse, init=init)
            x = actnorm_center("center", x, reverse, init=init)
        return x, logdet
rng = np.random.RandomState(47)
def invertible_1x1_conv(name, z, logdet, reverse=False):
    with tf.variable_scope(name):
        shape = z.get_shape().as_list()
        w_shape = [shape[3], shape[3]]
        w_init = np.linalg.qr(rng.randn(*w_shape))[0].astype('float32')
        w = tf.get_variable("W", dtype=tf.float32, initializer=w_init)
        dlogdet = tf.cast(tf.log(abs(tf.matrix_determinant(tf.cast(w, 'float64')))),
                          'float32') * shape[1] * shape[2]
        if not reverse:
            _w = tf.reshape(w, [1, 1] + w_shape)
            z = tf.nn.conv2d(z, _w, [1, 1, 1, 1], 'SAME', data_format='NHWC')
            logdet += dlogdet
        else:
            _w = tf.matrix_inverse(w)
            _w = tf.reshape(_w, [1, 1] + w_shape)
            z = tf.nn.conv2d(z, _w, [1, 1, 1, 1], 'SAME', data_format='NHWC')
            logdet -= dlogdet
        return z, logdet
def squeeze2d(x, factor=2):
    shape = x.get_shape()
    height, width, n_channels = int(shape[1]), int(shape[2]), int(shape[3])
    x = tf.reshape(x, [-1, height // factor, factor, width // factor, factor, n_channels])
    x = tf.transpose(x, [0, 1, 3, 5, 2, 4])
    return tf.reshape(x, [-1, height // factor, width // factor, n_channels * factor * factor])
def unsqueeze2d(x, factor=2):
    shape = x.get_shape()
    height, width, n_channels = int(shape[1]), int(shape[2]), int(shape[3])
    x = tf.reshape(x, [-1, height, width, int(n_channels / factor ** 2), factor, factor])
    x = tf.transpose(x, [0, 1, 4, 2, 5, 3])
    return tf.reshape(x, (-1, int(height * factor), int(width * factor),
                          int(n_channels / factor ** 2)))
def affine_coupling(name, z, logdet, reverse=False):
    with tf.variable_scope(name):
        n_z = int(z.get_shape()[3])
        z1, z2 = z[:, :, :, :n_z // 2], z[:, :, :, n_z // 2:]
        h = tf.layers.conv2d(z1, 8, 3, padding='same', activation=tf.nn.relu, name="h")
        h = tf.layers.conv2d(h, n_z, 3, padding='same', kernel_initializer=tf.zeros_initializer(),
                             name="zeros")
        shift = h[:, :, :, 0::2]
        scale = tf.nn.sigmoid(h[:, :, :, 1::2] + 2.)
        if not reverse:
            z2 = (z2 + shift) * scale
            logdet += tf.reduce_sum(tf.log(scale), axis=[1, 2, 3])
        else:
            z2 = z2 / scale - shift
            logdet -= tf.reduce_sum(tf.log(scale), axis=[1, 2, 3])
        return tf.concat([z1, z2], 3), logdet
def flow(x, reverse=False, init=False):
    logdet = tf.zeros_like(x)[:, 0, 0, 0]
    steps = [lambda z, ld: actnorm("actnorm", z, ld, reverse, init),
             lambda z, ld: invertible_1x1_conv("invconv", z, ld, reverse),
             lambda z, ld: affine_coupling("affine", z, ld, reverse)]
    with tf.variable_scope("flow", reuse=tf.AUTO_REUSE):
        for f in (steps if not reverse else steps[::-1]):
            x, logdet = f(x, logdet)
    return x, logdet
tf.set_random_seed(48)
x = tf.placeholder(tf.float32, [None, 4, 4, 2])
xs = squeeze2d(x)
z_init, _ = flow(xs, init=True)
z, logdet = flow(xs)
x_back, _ = flow(z, reverse=True)
x_rec = unsqueeze2d(x_back)
w = [v for v in tf.global_variables() if v.name.endswith("W:0")][0]
slog = tf.linalg.slogdet(w)
prior = tf.reduce_sum(-0.5 * (np.log(2 * np.pi) + z ** 2), [1, 2, 3])
objective = prior + logdet
bits = -objective / (np.log(2.) * 32)
loss = tf.reduce_mean(bits)
train = tf.train.AdamOptimizer(1e-3).minimize(loss)
data = rng.rand(16, 4, 4, 2).astype(np.float32) * 2 - 1
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(z_init, {x: data})
    b = [v for v in tf.global_variables() if v.name.endswith("center/b:0")][0]
    out["ddi_b"] = L(sess.run(b)[0, 0, 0, :3])
    out["z_stats"] = R([sess.run(tf.reduce_mean(z), {x: data}),
                        sess.run(tf.reduce_mean(z ** 2), {x: data})], 4)
    for i in range(8):
        _, l = sess.run([train, loss], {x: data[(i % 2) * 8:(i % 2 + 1) * 8]})
        log.append(float(l))
    rec = sess.run(x_rec, {x: data[:2]})
    out["rec"] = bool(np.abs(rec - data[:2]).max() < 1e-4)
    out["slogdet"] = [float(v) for v in sess.run(slog)]
    out["logdet"] = L(sess.run(logdet, {x: data[:3]}))
out["log"] = log
out["shapes"] = [str(xs.shape), str(z.shape), str(x_rec.shape), str(logdet.shape)]
""",
    "nf_made_masked_autoregressive": r"""
D, H = 3, 12
rng = np.random.RandomState(49)
def made_masks(d, h):
    m_in = np.arange(1, d + 1)
    m_hidden = rng.randint(1, d, size=h)
    mask1 = (m_hidden[None, :] >= m_in[:, None]).astype(np.float32)
    mask2 = (m_in[None, :] > m_hidden[:, None]).astype(np.float32)
    return mask1, mask2
mask1, mask2 = made_masks(D, H)
def masked_dense(x, units, mask, name, activation=None):
    with tf.variable_scope(name):
        n_in = x.get_shape().as_list()[-1]
        w = tf.get_variable("kernel", [n_in, units],
                            initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable("bias", [units], initializer=tf.zeros_initializer())
        y = tf.matmul(x, w * mask) + b
        return activation(y) if activation is not None else y
def made(x, name="made"):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        h = masked_dense(x, H, mask1, "h", tf.nn.relu)
        mu = masked_dense(h, D, mask2, "mu")
        alpha = tf.clip_by_value(masked_dense(h, D, mask2, "alpha"), -5.0, 5.0)
        return mu, alpha
tf.set_random_seed(50)
x = tf.placeholder(tf.float32, [None, D])
mu, alpha = made(x)
u = (x - mu) * tf.exp(-alpha)
log_det = -tf.reduce_sum(alpha, axis=1)
log_pu = tf.reduce_sum(-0.5 * u ** 2 - 0.5 * np.log(2 * np.pi), axis=1)
nll = -tf.reduce_mean(log_pu + log_det)
train = tf.train.AdamOptimizer(5e-3).minimize(nll)
jac = tf.stack([tf.gradients(u[:, i], x)[0] for i in range(D)], axis=1)
x1 = rng.randn(64, 1)
data = np.concatenate([x1, x1 ** 2 + 0.1 * rng.randn(64, 1),
                       np.sin(x1) + 0.1 * rng.randn(64, 1)], 1).astype(np.float32)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(20):
        _, l = sess.run([train, nll], {x: data[(i % 2) * 32:(i % 2 + 1) * 32]})
        log.append(float(l))
    j = sess.run(jac, {x: data[:1]})[0]
    out["upper_zero"] = bool(np.all(np.triu(j, 1) == 0))
    out["jac_diag"] = L(np.diag(j))
    u_in = rng.randn(2, D).astype(np.float32)
    xs = np.zeros_like(u_in)
    for i in range(D):
        m, a = sess.run([mu, alpha], {x: xs})
        xs[:, i] = u_in[:, i] * np.exp(a[:, i]) + m[:, i]
    out["samples"] = L(xs)
    out["roundtrip"] = bool(np.allclose(sess.run(u, {x: xs}), u_in, atol=1e-4))
out["log"] = log[::4]
""",
}

MEMNETS = {
    "mm_domluna_memn2n_nil_slots": r"""
def position_encoding(sentence_size, embedding_size):
    encoding = np.ones((embedding_size, sentence_size), dtype=np.float32)
    ls = sentence_size + 1
    le = embedding_size + 1
    for i in range(1, le):
        for j in range(1, ls):
            encoding[i - 1, j - 1] = (i - (embedding_size + 1) / 2) * (j - (sentence_size + 1) / 2)
    encoding = 1 + 4 * encoding / embedding_size / sentence_size
    encoding[:, -1] = 1.0
    return np.transpose(encoding)
def zero_nil_slot(t, name=None):
    with tf.name_scope(name, "zero_nil_slot", [t]) as name:
        t = tf.convert_to_tensor(t, name="t")
        s = tf.shape(t)[1]
        z = tf.zeros(tf.stack([1, s]))
        return tf.concat(axis=0, values=[z, tf.slice(t, [1, 0], [-1, -1])], name=name)
def add_gradient_noise(t, stddev=1e-3, name=None):
    with tf.name_scope(name, "add_gradient_noise", [t, stddev]) as name:
        t = tf.convert_to_tensor(t, name="t")
        gn = tf.random_normal(tf.shape(t), stddev=stddev)
        return tf.add(t, gn, name=name)
class MemN2N(object):
    def __init__(self, batch_size, vocab_size, sentence_size, memory_size, embedding_size,
                 hops=3, max_grad_norm=40.0, nonlin=None,
                 initializer=tf.random_normal_initializer(stddev=0.1),
                 encoding=position_encoding, session=None, name='MemN2N'):
        self._batch_size = batch_size
        self._vocab_size = vocab_size
        self._sentence_size = sentence_size
        self._memory_size = memory_size
        self._embedding_size = embedding_size
        self._hops = hops
        self._max_grad_norm = max_grad_norm
        self._nonlin = nonlin
        self._init = initializer
        self._name = name
        self._build_inputs()
        self._build_vars()
        self._opt = tf.train.GradientDescentOptimizer(learning_rate=self._lr)
        self._encoding = tf.constant(encoding(self._sentence_size, self._embedding_size),
                                     name="encoding")
        logits = self._inference(self._stories, self._queries)
        cross_entropy = tf.nn.softmax_cross_entropy_with_logits(
            logits=logits, labels=tf.cast(self._answers, tf.float32), name="cross_entropy")
        cross_entropy_sum = tf.reduce_sum(cross_entropy, name="cross_entropy_sum")
        loss_op = cross_entropy_sum
        grads_and_vars = self._opt.compute_gradients(loss_op)
        grads_and_vars = [(tf.clip_by_norm(g, self._max_grad_norm), v) for g, v in grads_and_vars]
        grads_and_vars = [(add_gradient_noise(g), v) for g, v in grads_and_vars]
        nil_grads_and_vars = []
        for g, v in grads_and_vars:
            if v.name in self._nil_vars:
                nil_grads_and_vars.append((zero_nil_slot(g), v))
            else:
                nil_grads_and_vars.append((g, v))
        train_op = self._opt.apply_gradients(nil_grads_and_vars, name="train_op")
        predict_op = tf.argmax(logits, 1, name="predict_op")
        predict_proba_op = tf.nn.softmax(logits, name="predict_proba_op")
        predict_log_proba_op = tf.log(predict_proba_op, name="predict_log_proba_op")
        self.loss_op = loss_op
        self.predict_op = predict_op
        self.predict_proba_op = predict_proba_op
        self.predict_log_proba_op = predict_log_proba_op
        self.train_op = train_op
        init_op = tf.global_variables_initializer()
        self._sess = session
        self._sess.run(init_op)
    def _build_inputs(self):
        self._stories = tf.placeholder(tf.int32, [None, self._memory_size, self._sentence_size],
                                       name="stories")
        self._queries = tf.placeholder(tf.int32, [None, self._sentence_size], name="queries")
        self._answers = tf.placeholder(tf.int32, [None, self._vocab_size], name="answers")
        self._lr = tf.placeholder(tf.float32, [], name="learning_rate")
    def _build_vars(self):
        with tf.variable_scope(self._name):
            nil_word_slot = tf.zeros([1, self._embedding_size])
            A = tf.concat(axis=0, values=[nil_word_slot,
                                          self._init([self._vocab_size - 1, self._embedding_size])])
            C = tf.concat(axis=0, values=[nil_word_slot,
                                          self._init([self._vocab_size - 1, self._embedding_size])])
            self.A_1 = tf.Variable(A, name="A")
            self.C = []
            for hopn in range(self._hops):
                with tf.variable_scope('hop_{}'.format(hopn)):
                    self.C.append(tf.Variable(C, name="C"))
        self._nil_vars = set([self.A_1.name] + [x.name for x in self.C])
    def _inference(self, stories, queries):
        with tf.variable_scope(self._name):
            q_emb = tf.nn.embedding_lookup(self.A_1, queries)
            u_0 = tf.reduce_sum(q_emb * self._encoding, 1)
            u = [u_0]
            for hopn in range(self._hops):
                if hopn == 0:
                    m_emb_A = tf.nn.embedding_lookup(self.A_1, stories)
                    m_A = tf.reduce_sum(m_emb_A * self._encoding, 2)
                else:
                    with tf.variable_scope('hop_{}'.format(hopn - 1)):
                        m_emb_A = tf.nn.embedding_lookup(self.C[hopn - 1], stories)
                        m_A = tf.reduce_sum(m_emb_A * self._encoding, 2)
                u_temp = tf.transpose(tf.expand_dims(u[-1], -1), [0, 2, 1])
                dotted = tf.reduce_sum(m_A * u_temp, 2)
                probs = tf.nn.softmax(dotted)
                probs_temp = tf.transpose(tf.expand_dims(probs, -1), [0, 2, 1])
                with tf.variable_scope('hop_{}'.format(hopn)):
                    m_emb_C = tf.nn.embedding_lookup(self.C[hopn], stories)
                m_C = tf.reduce_sum(m_emb_C * self._encoding, 2)
                c_temp = tf.transpose(m_C, [0, 2, 1])
                o_k = tf.reduce_sum(c_temp * probs_temp, 2)
                u_k = u[-1] + o_k
                if self._nonlin:
                    u_k = self._nonlin(u_k)
                u.append(u_k)
            with tf.variable_scope('hop_{}'.format(self._hops)):
                return tf.matmul(u_k, tf.transpose(self.C[-1], [1, 0]))
    def batch_fit(self, stories, queries, answers, learning_rate):
        feed_dict = {self._stories: stories, self._queries: queries, self._answers: answers,
                     self._lr: learning_rate}
        loss, _ = self._sess.run([self.loss_op, self.train_op], feed_dict=feed_dict)
        return loss
    def predict(self, stories, queries):
        return self._sess.run(self.predict_op, {self._stories: stories, self._queries: queries})
tf.set_random_seed(51)
rng = np.random.RandomState(52)
vocab_size, sentence_size, memory_size = 12, 4, 5
S = rng.randint(0, vocab_size, (16, memory_size, sentence_size))
Q = rng.randint(0, vocab_size, (16, sentence_size))
ans = S[np.arange(16), Q[:, 0] % memory_size, 1]
A = np.eye(vocab_size, dtype=np.int32)[ans]
sess = tf.Session()
model = MemN2N(8, vocab_size, sentence_size, memory_size, 6, hops=3, session=sess)
log = []
for t in range(1, 6):
    lr = 0.01 if t < 4 else 0.005
    for start in (0, 8):
        log.append(float(model.batch_fit(S[start:start + 8], Q[start:start + 8],
                                         A[start:start + 8], lr)))
out["log"] = log
out["pred"] = model.predict(S, Q).tolist()
out["nil_rows"] = [L(sess.run(v)[0]) for v in [model.A_1] + model.C]
out["nil_vars"] = sorted(model._nil_vars)
out["pe"] = R(position_encoding(4, 3), 4)
sess.close()
""",
    "mm_carpedm20_memn2n_lm": r"""
class MemN2N(object):
    def __init__(self, config, sess):
        self.nwords = config.nwords
        self.init_hid = config.init_hid
        self.init_std = config.init_std
        self.batch_size = config.batch_size
        self.nhop = config.nhop
        self.edim = config.edim
        self.mem_size = config.mem_size
        self.lindim = config.lindim
        self.max_grad_norm = config.max_grad_norm
        self.input = tf.placeholder(tf.float32, [None, self.edim], name="input")
        self.time = tf.placeholder(tf.int32, [None, self.mem_size], name="time")
        self.target = tf.placeholder(tf.float32, [self.batch_size, self.nwords], name="target")
        self.context = tf.placeholder(tf.int32, [self.batch_size, self.mem_size], name="context")
        self.hid = []
        self.hid.append(self.input)
        self.share_list = []
        self.share_list.append([])
        self.lr = None
        self.current_lr = config.init_lr
        self.loss = None
        self.step = None
        self.optim = None
        self.sess = sess
        self.log_loss = []
        self.log_perp = []
    def build_memory(self):
        self.global_step = tf.Variable(0, name="global_step")
        self.A = tf.Variable(tf.random_normal([self.nwords, self.edim], stddev=self.init_std))
        self.B = tf.Variable(tf.random_normal([self.nwords, self.edim], stddev=self.init_std))
        self.C = tf.Variable(tf.random_normal([self.edim, self.edim], stddev=self.init_std))
        self.T_A = tf.Variable(tf.random_normal([self.mem_size, self.edim], stddev=self.init_std))
        self.T_B = tf.Variable(tf.random_normal([self.mem_size, self.edim], stddev=self.init_std))
        Ain_c = tf.nn.embedding_lookup(self.A, self.context)
        Ain_t = tf.nn.embedding_lookup(self.T_A, self.time)
        Ain = tf.add(Ain_c, Ain_t)
        Bin_c = tf.nn.embedding_lookup(self.B, self.context)
        Bin_t = tf.nn.embedding_lookup(self.T_B, self.time)
        Bin = tf.add(Bin_c, Bin_t)
        for h in range(self.nhop):
            self.hid3dim = tf.reshape(self.hid[-1], [-1, 1, self.edim])
            Aout = tf.matmul(self.hid3dim, Ain, adjoint_b=True)
            Aout2dim = tf.reshape(Aout, [-1, self.mem_size])
            P = tf.nn.softmax(Aout2dim)
            probs3dim = tf.reshape(P, [-1, 1, self.mem_size])
            Bout = tf.matmul(probs3dim, Bin)
            Bout2dim = tf.reshape(Bout, [-1, self.edim])
            Cout = tf.matmul(self.hid[-1], self.C)
            Dout = tf.add(Cout, Bout2dim)
            self.share_list[0].append(Cout)
            if self.lindim == self.edim:
                self.hid.append(Dout)
            elif self.lindim == 0:
                self.hid.append(tf.nn.relu(Dout))
            else:
                F = tf.slice(Dout, [0, 0], [self.batch_size, self.lindim])
                G = tf.slice(Dout, [0, self.lindim], [self.batch_size, self.edim - self.lindim])
                K = tf.nn.relu(G)
                self.hid.append(tf.concat(axis=1, values=[F, K]))
    def build_model(self):
        self.build_memory()
        self.W = tf.Variable(tf.random_normal([self.edim, self.nwords], stddev=self.init_std))
        z = tf.matmul(self.hid[-1], self.W)
        self.loss = tf.nn.softmax_cross_entropy_with_logits(logits=z, labels=self.target)
        self.lr = tf.Variable(self.current_lr)
        self.opt = tf.train.GradientDescentOptimizer(self.lr)
        params = [self.A, self.B, self.C, self.T_A, self.T_B, self.W]
        grads_and_vars = self.opt.compute_gradients(self.loss, params)
        clipped_grads_and_vars = [(tf.clip_by_norm(gv[0], self.max_grad_norm), gv[1])
                                  for gv in grads_and_vars]
        inc = self.global_step.assign_add(1)
        with tf.control_dependencies([inc]):
            self.optim = self.opt.apply_gradients(clipped_grads_and_vars)
        tf.global_variables_initializer().run()
        self.saver = tf.train.Saver()
    def train(self, data, rng):
        N = int(np.ceil(len(data) / self.batch_size))
        cost = 0
        x = np.ndarray([self.batch_size, self.edim], dtype=np.float32)
        time = np.ndarray([self.batch_size, self.mem_size], dtype=np.int32)
        target = np.zeros([self.batch_size, self.nwords])
        context = np.ndarray([self.batch_size, self.mem_size])
        x.fill(self.init_hid)
        for t in range(self.mem_size):
            time[:, t].fill(t)
        for idx in range(N):
            target.fill(0)
            for b in range(self.batch_size):
                m = rng.randint(self.mem_size + 1, len(data))
                target[b][data[m]] = 1
                context[b] = data[m - self.mem_size:m]
            _, loss, self.step = self.sess.run([self.optim, self.loss, self.global_step],
                                               feed_dict={self.input: x, self.time: time,
                                                          self.target: target,
                                                          self.context: context})
            cost += np.sum(loss)
        return cost / N / self.batch_size
config = SimpleNamespace(nwords=15, init_hid=0.1, init_std=0.05, batch_size=4, nhop=3, edim=8,
                         mem_size=6, lindim=4, max_grad_norm=50, init_lr=0.05)
rng = np.random.RandomState(53)
data = list(rng.randint(0, 15, 60))
tf.set_random_seed(54)
log = []
with tf.Session() as sess:
    model = MemN2N(config, sess)
    model.build_model()
    for epoch in range(3):
        train_loss = np.sum(model.train(data, rng))
        log.append([float(train_loss), float(np.exp(train_loss)), int(model.global_step.eval())])
        model.current_lr = model.current_lr / 1.5
        model.lr.assign(model.current_lr).eval()
    out["lr"] = float(model.lr.eval())
    out["W"] = R(model.W.eval()[0, :4], 5)
out["log"] = log
out["shapes"] = [str(t.shape) for t in model.hid]
""",
}

RESEARCH = {
    "rc_kipf_gcn_sparse_dropout": r"""
rng = np.random.RandomState(55)
n, f_dim, n_class, hidden = 12, 8, 3, 6
adj = (rng.rand(n, n) < 0.25).astype(np.float32)
adj = np.maximum(adj, adj.T)
np.fill_diagonal(adj, 0)
features_dense = (rng.rand(n, f_dim) < 0.3).astype(np.float32)
labels = rng.randint(0, n_class, n)
y_all = np.eye(n_class, dtype=np.float32)[labels]
train_mask = np.arange(n) < 6
y_train = y_all * train_mask[:, None]
def sparse_to_tuple(m):
    coords = np.stack(np.nonzero(m), 1).astype(np.int64)
    return coords, m[np.nonzero(m)], np.array(m.shape, np.int64)
def preprocess_features(features):
    rowsum = features.sum(1)
    r_inv = np.power(rowsum, -1.0)
    r_inv[np.isinf(r_inv)] = 0.
    return sparse_to_tuple(features * r_inv[:, None])
def preprocess_adj(adj):
    a = adj + np.eye(adj.shape[0], dtype=np.float32)
    d_inv_sqrt = np.power(a.sum(1), -0.5)
    return sparse_to_tuple((a * d_inv_sqrt[:, None]) * d_inv_sqrt[None, :])
features = preprocess_features(features_dense)
support = [preprocess_adj(adj)]
num_supports = 1
def glorot(shape, name=None):
    init_range = np.sqrt(6.0 / (shape[0] + shape[1]))
    initial = tf.random_uniform(shape, minval=-init_range, maxval=init_range, dtype=tf.float32)
    return tf.Variable(initial, name=name)
def zeros(shape, name=None):
    return tf.Variable(tf.zeros(shape, dtype=tf.float32), name=name)
def sparse_dropout(x, keep_prob, noise_shape):
    random_tensor = keep_prob
    random_tensor += tf.random_uniform(noise_shape)
    dropout_mask = tf.cast(tf.floor(random_tensor), dtype=tf.bool)
    pre_out = tf.sparse_retain(x, dropout_mask)
    return pre_out * (1. / keep_prob)
def dot(x, y, sparse=False):
    if sparse:
        res = tf.sparse_tensor_dense_matmul(x, y)
    else:
        res = tf.matmul(x, y)
    return res
def masked_softmax_cross_entropy(preds, labels, mask):
    loss = tf.nn.softmax_cross_entropy_with_logits(logits=preds, labels=labels)
    mask = tf.cast(mask, dtype=tf.float32)
    mask /= tf.reduce_mean(mask)
    loss *= mask
    return tf.reduce_mean(loss)
def masked_accuracy(preds, labels, mask):
    correct_prediction = tf.equal(tf.argmax(preds, 1), tf.argmax(labels, 1))
    accuracy_all = tf.cast(correct_prediction, tf.float32)
    mask = tf.cast(mask, dtype=tf.float32)
    mask /= tf.reduce_mean(mask)
    accuracy_all *= mask
    return tf.reduce_mean(accuracy_all)
class GraphConvolution(object):
    def __init__(self, input_dim, output_dim, placeholders, name, dropout=0., sparse_inputs=False,
                 act=tf.nn.relu, bias=False):
        self.dropout = placeholders['dropout'] if dropout else 0.
        self.act = act
        self.support = placeholders['support']
        self.sparse_inputs = sparse_inputs
        self.bias = bias
        self.num_features_nonzero = placeholders['num_features_nonzero']
        self.vars = {}
        self.name = name
        with tf.variable_scope(self.name + '_vars'):
            for i in range(len(self.support)):
                self.vars['weights_' + str(i)] = glorot([input_dim, output_dim],
                                                        name='weights_' + str(i))
            if self.bias:
                self.vars['bias'] = zeros([output_dim], name='bias')
    def __call__(self, inputs):
        with tf.name_scope(self.name):
            x = inputs
            if self.sparse_inputs:
                x = sparse_dropout(x, 1 - self.dropout, self.num_features_nonzero)
            else:
                x = tf.nn.dropout(x, 1 - self.dropout)
            supports = list()
            for i in range(len(self.support)):
                pre_sup = dot(x, self.vars['weights_' + str(i)], sparse=self.sparse_inputs)
                support = dot(self.support[i], pre_sup, sparse=True)
                supports.append(support)
            output = tf.add_n(supports)
            if self.bias:
                output += self.vars['bias']
            return self.act(output)
tf.set_random_seed(56)
placeholders = {
    'support': [tf.sparse_placeholder(tf.float32) for _ in range(num_supports)],
    'features': tf.sparse_placeholder(tf.float32, shape=tf.constant(features[2], dtype=tf.int64)),
    'labels': tf.placeholder(tf.float32, shape=(None, y_train.shape[1])),
    'labels_mask': tf.placeholder(tf.int32),
    'dropout': tf.placeholder_with_default(0., shape=()),
    'num_features_nonzero': tf.placeholder(tf.int32)
}
layers = [GraphConvolution(f_dim, hidden, placeholders, 'graphconvolution_1', dropout=True,
                           sparse_inputs=True),
          GraphConvolution(hidden, n_class, placeholders, 'graphconvolution_2', dropout=True,
                           act=lambda x: x)]
activations = [placeholders['features']]
for layer in layers:
    activations.append(layer(activations[-1]))
outputs = activations[-1]
loss = 0
for var in layers[0].vars.values():
    loss += 5e-4 * tf.nn.l2_loss(var)
loss += masked_softmax_cross_entropy(outputs, placeholders['labels'], placeholders['labels_mask'])
accuracy = masked_accuracy(outputs, placeholders['labels'], placeholders['labels_mask'])
opt_op = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss)
def construct_feed_dict(features, support, labels, labels_mask, placeholders):
    feed_dict = dict()
    feed_dict.update({placeholders['labels']: labels})
    feed_dict.update({placeholders['labels_mask']: labels_mask})
    feed_dict.update({placeholders['features']: features})
    feed_dict.update({placeholders['support'][i]: support[i] for i in range(len(support))})
    feed_dict.update({placeholders['num_features_nonzero']: features[1].shape})
    return feed_dict
sess = tf.Session()
sess.run(tf.global_variables_initializer())
log = []
for epoch in range(10):
    feed_dict = construct_feed_dict(features, support, y_train, train_mask, placeholders)
    feed_dict.update({placeholders['dropout']: 0.5})
    outs = sess.run([opt_op, loss, accuracy], feed_dict=feed_dict)
    log.append([float(outs[1]), float(outs[2])])
feed_dict = construct_feed_dict(features, support, y_all, ~train_mask, placeholders)
out["test"] = [float(v) for v in sess.run([loss, accuracy], feed_dict=feed_dict)]
out["log"] = log
out["outputs"] = R(sess.run(outputs, feed_dict)[:3], 4)
out["shapes"] = [str(activations[1].shape), str(outputs.shape)]
sess.close()
""",
    "rc_jakeret_unet_crop_and_concat": r"""
from collections import OrderedDict
def weight_variable(shape, stddev=0.1, name="weight"):
    initial = tf.truncated_normal(shape, stddev=stddev)
    return tf.Variable(initial, name=name)
def weight_variable_devonc(shape, stddev=0.1, name="weight_devonc"):
    return tf.Variable(tf.truncated_normal(shape, stddev=stddev), name=name)
def bias_variable(shape, name="bias"):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial, name=name)
def conv2d(x, W, b, keep_prob_):
    with tf.name_scope("conv2d"):
        conv_2d = tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding='VALID')
        conv_2d_b = tf.nn.bias_add(conv_2d, b)
        return tf.nn.dropout(conv_2d_b, keep_prob_)
def deconv2d(x, W, stride):
    with tf.name_scope("deconv2d"):
        x_shape = tf.shape(x)
        output_shape = tf.stack([x_shape[0], x_shape[1] * 2, x_shape[2] * 2, x_shape[3] // 2])
        return tf.nn.conv2d_transpose(x, W, output_shape, strides=[1, stride, stride, 1],
                                      padding='VALID', name="conv2d_transpose")
def max_pool(x, n):
    return tf.nn.max_pool(x, ksize=[1, n, n, 1], strides=[1, n, n, 1], padding='VALID')
def crop_and_concat(x1, x2):
    with tf.name_scope("crop_and_concat"):
        x1_shape = tf.shape(x1)
        x2_shape = tf.shape(x2)
        offsets = [0, (x1_shape[1] - x2_shape[1]) // 2, (x1_shape[2] - x2_shape[2]) // 2, 0]
        size = [-1, x2_shape[1], x2_shape[2], -1]
        x1_crop = tf.slice(x1, offsets, size)
        return tf.concat([x1_crop, x2], 3)
def pixel_wise_softmax(output_map):
    with tf.name_scope("pixel_wise_softmax"):
        max_axis = tf.reduce_max(output_map, axis=3, keepdims=True)
        exponential_map = tf.exp(output_map - max_axis)
        normalize = tf.reduce_sum(exponential_map, axis=3, keepdims=True)
        return exponential_map / normalize
def cross_entropy(y_, output_map):
    return -tf.reduce_mean(y_ * tf.log(tf.clip_by_value(output_map, 1e-10, 1.0)),
                           name="cross_entropy")
def create_conv_net(x, keep_prob, channels, n_class, layers=2, features_root=4, filter_size=3,
                    pool_size=2):
    with tf.name_scope("preprocessing"):
        nx = tf.shape(x)[1]
        ny = tf.shape(x)[2]
        x_image = tf.reshape(x, tf.stack([-1, nx, ny, channels]))
        in_node = x_image
    weights, biases, convs = [], [], []
    pools, deconv = OrderedDict(), OrderedDict()
    dw_h_convs, up_h_convs = OrderedDict(), OrderedDict()
    in_size = 1000
    size = in_size
    for layer in range(0, layers):
        with tf.name_scope("down_conv_{}".format(str(layer))):
            features = 2 ** layer * features_root
            stddev = np.sqrt(2 / (filter_size ** 2 * features))
            if layer == 0:
                w1 = weight_variable([filter_size, filter_size, channels, features], stddev,
                                     name="w1")
            else:
                w1 = weight_variable([filter_size, filter_size, features // 2, features], stddev,
                                     name="w1")
            w2 = weight_variable([filter_size, filter_size, features, features], stddev, name="w2")
            b1 = bias_variable([features], name="b1")
            b2 = bias_variable([features], name="b2")
            conv1 = conv2d(in_node, w1, b1, keep_prob)
            tmp_h_conv = tf.nn.relu(conv1)
            conv2 = conv2d(tmp_h_conv, w2, b2, keep_prob)
            dw_h_convs[layer] = tf.nn.relu(conv2)
            weights.append((w1, w2))
            biases.append((b1, b2))
            convs.append((conv1, conv2))
            size -= 2 * 2 * (filter_size // 2)
            if layer < layers - 1:
                pools[layer] = max_pool(dw_h_convs[layer], pool_size)
                in_node = pools[layer]
                size /= pool_size
    in_node = dw_h_convs[layers - 1]
    for layer in range(layers - 2, -1, -1):
        with tf.name_scope("up_conv_{}".format(str(layer))):
            features = 2 ** (layer + 1) * features_root
            stddev = np.sqrt(2 / (filter_size ** 2 * features))
            wd = weight_variable_devonc([pool_size, pool_size, features // 2, features], stddev,
                                        name="wd")
            bd = bias_variable([features // 2], name="bd")
            h_deconv = tf.nn.relu(deconv2d(in_node, wd, pool_size) + bd)
            h_deconv_concat = crop_and_concat(dw_h_convs[layer], h_deconv)
            deconv[layer] = h_deconv_concat
            w1 = weight_variable([filter_size, filter_size, features, features // 2], stddev,
                                 name="w1")
            w2 = weight_variable([filter_size, filter_size, features // 2, features // 2],
                                 stddev, name="w2")
            b1 = bias_variable([features // 2], name="b1")
            b2 = bias_variable([features // 2], name="b2")
            conv1 = conv2d(h_deconv_concat, w1, b1, keep_prob)
            h_conv = tf.nn.relu(conv1)
            conv2 = conv2d(h_conv, w2, b2, keep_prob)
            in_node = tf.nn.relu(conv2)
            up_h_convs[layer] = in_node
            weights.append((w1, w2))
            biases.append((b1, b2))
            convs.append((conv1, conv2))
            size *= pool_size
            size -= 2 * 2 * (filter_size // 2)
    with tf.name_scope("output_map"):
        weight = weight_variable([1, 1, features_root, n_class], stddev)
        bias = bias_variable([n_class], name="bias")
        conv = conv2d(in_node, weight, bias, tf.constant(1.0))
        output_map = tf.nn.relu(conv)
        up_h_convs["out"] = output_map
    variables = []
    for w1, w2 in weights:
        variables.append(w1)
        variables.append(w2)
    for b1, b2 in biases:
        variables.append(b1)
        variables.append(b2)
    return output_map, variables, int(in_size - size)
tf.set_random_seed(57)
channels, n_class = 1, 2
x = tf.placeholder("float", shape=[None, None, None, channels], name="x")
y = tf.placeholder("float", shape=[None, None, None, n_class], name="y")
keep_prob = tf.placeholder(tf.float32, name="dropout_probability")
logits, variables, offset = create_conv_net(x, keep_prob, channels, n_class)
flat_logits = tf.reshape(logits, [-1, n_class])
flat_labels = tf.reshape(y, [-1, n_class])
class_weights = tf.constant(np.array([0.3, 0.7], dtype=np.float32))
weight_map = tf.reduce_sum(tf.multiply(flat_labels, class_weights), axis=1)
loss_map = tf.nn.softmax_cross_entropy_with_logits_v2(logits=flat_logits, labels=flat_labels)
cost = tf.reduce_mean(tf.multiply(loss_map, weight_map))
eps = 1e-5
prediction = pixel_wise_softmax(logits)
intersection = tf.reduce_sum(prediction * y)
union = eps + tf.reduce_sum(prediction) + tf.reduce_sum(y)
dice = -(2 * intersection / (union))
gradients_node = tf.gradients(cost, variables)
xent = cross_entropy(tf.reshape(y, [-1, n_class]),
                     tf.reshape(pixel_wise_softmax(logits), [-1, n_class]))
correct_pred = tf.equal(tf.argmax(prediction, 3), tf.argmax(y, 3))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
global_step = tf.Variable(0, name="global_step")
learning_rate_node = tf.train.exponential_decay(learning_rate=0.2, global_step=global_step,
                                                decay_steps=4, decay_rate=0.95, staircase=True)
optimizer = tf.train.MomentumOptimizer(learning_rate=learning_rate_node, momentum=0.2).minimize(
    cost, global_step=global_step)
rng = np.random.RandomState(58)
imgs = rng.rand(6, 24, 24, 1).astype(np.float32)
masks = (imgs[:, offset // 2:-(offset // 2), offset // 2:-(offset // 2), 0] > 0.5)
labels = np.stack([~masks, masks], -1).astype(np.float32)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(6):
        bx, by = imgs[step % 3 * 2:step % 3 * 2 + 2], labels[step % 3 * 2:step % 3 * 2 + 2]
        # jakeret fetches gradients_node with the optimizer: TF's momentum update may land
        # before those gradients read the weights, so they are fetched in a run of their own
        gradients = sess.run(gradients_node, feed_dict={x: bx, y: by, keep_prob: 0.75})
        _, loss, lr = sess.run((optimizer, cost, learning_rate_node),
                               feed_dict={x: bx, y: by, keep_prob: 0.75})
        log.append([float(loss), float(lr), float(np.linalg.norm(gradients[0]))])
    out["eval"] = [float(v) for v in sess.run([cost, dice, xent, accuracy],
                                               {x: imgs[:2], y: labels[:2], keep_prob: 1.})]
    out["pred_shape"] = list(sess.run(prediction, {x: imgs[:1], keep_prob: 1.}).shape)
out["log"] = log
out["offset"] = offset
out["shapes"] = [str(logits.shape), str(flat_logits.shape)]
""",
    "rc_object_detection_box_coder_matcher": r"""
EPSILON = 1e-8
class BoxList(object):
    def __init__(self, boxes):
        self.data = {'boxes': boxes}
    def get(self):
        return self.data['boxes']
    def get_center_coordinates_and_sizes(self, scope=None):
        with tf.name_scope(scope, 'get_center_coordinates_and_sizes'):
            box_corners = self.get()
            ymin, xmin, ymax, xmax = tf.unstack(tf.transpose(box_corners))
            width = xmax - xmin
            height = ymax - ymin
            ycenter = ymin + height / 2.
            xcenter = xmin + width / 2.
            return [ycenter, xcenter, height, width]
class FasterRcnnBoxCoder(object):
    def __init__(self, scale_factors=None):
        self._scale_factors = scale_factors
    def encode(self, boxes, anchors):
        ycenter_a, xcenter_a, ha, wa = anchors.get_center_coordinates_and_sizes()
        ycenter, xcenter, h, w = boxes.get_center_coordinates_and_sizes()
        ha += EPSILON
        wa += EPSILON
        h += EPSILON
        w += EPSILON
        tx = (xcenter - xcenter_a) / wa
        ty = (ycenter - ycenter_a) / ha
        tw = tf.log(w / wa)
        th = tf.log(h / ha)
        if self._scale_factors:
            ty *= self._scale_factors[0]
            tx *= self._scale_factors[1]
            th *= self._scale_factors[2]
            tw *= self._scale_factors[3]
        return tf.transpose(tf.stack([ty, tx, th, tw]))
    def decode(self, rel_codes, anchors):
        ycenter_a, xcenter_a, ha, wa = anchors.get_center_coordinates_and_sizes()
        ty, tx, th, tw = tf.unstack(tf.transpose(rel_codes))
        if self._scale_factors:
            ty /= self._scale_factors[0]
            tx /= self._scale_factors[1]
            th /= self._scale_factors[2]
            tw /= self._scale_factors[3]
        w = tf.exp(tw) * wa
        h = tf.exp(th) * ha
        ycenter = ty * ha + ycenter_a
        xcenter = tx * wa + xcenter_a
        ymin = ycenter - h / 2.
        xmin = xcenter - w / 2.
        ymax = ycenter + h / 2.
        xmax = xcenter + w / 2.
        return BoxList(tf.transpose(tf.stack([ymin, xmin, ymax, xmax])))
def area(boxlist, scope=None):
    with tf.name_scope(scope, 'Area'):
        y_min, x_min, y_max, x_max = tf.split(value=boxlist.get(), num_or_size_splits=4, axis=1)
        return tf.squeeze((y_max - y_min) * (x_max - x_min), [1])
def intersection(boxlist1, boxlist2, scope=None):
    with tf.name_scope(scope, 'Intersection'):
        y_min1, x_min1, y_max1, x_max1 = tf.split(value=boxlist1.get(), num_or_size_splits=4,
                                                  axis=1)
        y_min2, x_min2, y_max2, x_max2 = tf.split(value=boxlist2.get(), num_or_size_splits=4,
                                                  axis=1)
        all_pairs_min_ymax = tf.minimum(y_max1, tf.transpose(y_max2))
        all_pairs_max_ymin = tf.maximum(y_min1, tf.transpose(y_min2))
        intersect_heights = tf.maximum(0.0, all_pairs_min_ymax - all_pairs_max_ymin)
        all_pairs_min_xmax = tf.minimum(x_max1, tf.transpose(x_max2))
        all_pairs_max_xmin = tf.maximum(x_min1, tf.transpose(x_min2))
        intersect_widths = tf.maximum(0.0, all_pairs_min_xmax - all_pairs_max_xmin)
        return intersect_heights * intersect_widths
def iou(boxlist1, boxlist2, scope=None):
    with tf.name_scope(scope, 'IOU'):
        intersections = intersection(boxlist1, boxlist2)
        areas1 = area(boxlist1)
        areas2 = area(boxlist2)
        unions = (tf.expand_dims(areas1, 1) + tf.expand_dims(areas2, 0) - intersections)
        return tf.where(tf.equal(intersections, 0.0), tf.zeros_like(intersections),
                        tf.truediv(intersections, unions))
class ArgMaxMatcher(object):
    def __init__(self, matched_threshold, unmatched_threshold=None,
                 negatives_lower_than_unmatched=True, force_match_for_each_row=False):
        self._matched_threshold = matched_threshold
        self._unmatched_threshold = (unmatched_threshold if unmatched_threshold is not None
                                     else matched_threshold)
        self._negatives_lower_than_unmatched = negatives_lower_than_unmatched
        self._force_match_for_each_row = force_match_for_each_row
    def _set_values_using_indicator(self, x, indicator, val):
        indicator = tf.cast(indicator, x.dtype)
        return tf.add(tf.multiply(x, 1 - indicator), val * indicator)
    def match(self, similarity_matrix):
        matches = tf.argmax(similarity_matrix, 0, output_type=tf.int32)
        matched_vals = tf.reduce_max(similarity_matrix, 0)
        below_unmatched_threshold = tf.greater(self._unmatched_threshold, matched_vals)
        between_thresholds = tf.logical_and(
            tf.greater_equal(matched_vals, self._unmatched_threshold),
            tf.greater(self._matched_threshold, matched_vals))
        if self._negatives_lower_than_unmatched:
            matches = self._set_values_using_indicator(matches, below_unmatched_threshold, -1)
            matches = self._set_values_using_indicator(matches, between_thresholds, -2)
        else:
            matches = self._set_values_using_indicator(matches, below_unmatched_threshold, -2)
            matches = self._set_values_using_indicator(matches, between_thresholds, -1)
        if self._force_match_for_each_row:
            similarity_matrix_shape = similarity_matrix.get_shape().as_list()
            force_match_column_ids = tf.argmax(similarity_matrix, 1, output_type=tf.int32)
            force_match_column_indicators = tf.one_hot(force_match_column_ids,
                                                       depth=similarity_matrix_shape[1])
            force_match_row_ids = tf.argmax(force_match_column_indicators, 0, output_type=tf.int32)
            force_match_column_mask = tf.cast(tf.reduce_max(force_match_column_indicators, 0),
                                              tf.bool)
            return tf.where(force_match_column_mask, force_match_row_ids, matches)
        return matches
rng = np.random.RandomState(59)
def random_boxes(n):
    yx = rng.rand(n, 2) * 0.7
    hw = rng.rand(n, 2) * 0.3 + 0.05
    return np.concatenate([yx, yx + hw], 1).astype(np.float32)
anchors = BoxList(tf.constant(random_boxes(10)))
gt = BoxList(tf.constant(random_boxes(3)))
coder = FasterRcnnBoxCoder(scale_factors=[10.0, 10.0, 5.0, 5.0])
sim = iou(gt, anchors)
results = {}
for force in (False, True):
    matcher = ArgMaxMatcher(0.3, 0.1, force_match_for_each_row=force)
    results[str(force)] = matcher.match(sim)
matched_gt = tf.gather(gt.get(), tf.maximum(results["True"], 0))
codes = coder.encode(BoxList(matched_gt), anchors)
decoded = coder.decode(codes, anchors).get()
pred = tf.Variable(tf.zeros_like(codes))
weights = tf.cast(results["True"] >= 0, tf.float32)
loc_loss = tf.reduce_sum(tf.losses.huber_loss(codes[None], pred[None], delta=1.0,
                                              weights=tf.expand_dims(weights, axis=1)[None],
                                              loss_collection=None,
                                              reduction=tf.losses.Reduction.NONE), axis=2)
grad = tf.gradients(tf.reduce_sum(loc_loss), pred)[0]
scores = tf.reduce_max(sim, 0)
nms = tf.image.non_max_suppression(anchors.get(), scores, 4, iou_threshold=0.3)
with tf.Session() as sess:
    m = sess.run(results)
    out["matches"] = {k: v.tolist() for k, v in m.items()}
    out["iou"] = R(sess.run(sim), 5)
    out["codes"] = R(sess.run(codes)[:4], 4)
    dec, mg = sess.run([decoded, matched_gt])
    out["roundtrip"] = bool(np.abs(dec - mg).max() < 1e-5)
    sess.run(pred.initializer)
    out["loss"] = R(sess.run(loc_loss), 4)
    out["grad"] = R(sess.run(grad)[:3], 4)
    out["nms"] = sess.run(nms).tolist()
""",
    "rc_dpsgd_microbatch_clipping": r"""
tf.set_random_seed(60)
l2_norm_clip, noise_multiplier, num_microbatches = 1.0, 0.5, 4
x = tf.placeholder(tf.float32, [8, 5])
y = tf.placeholder(tf.int32, [8])
h = tf.layers.dense(x, 6, tf.nn.relu, name="h")
logits = tf.layers.dense(h, 3, name="logits")
vector_loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
var_list = tf.trainable_variables()
opt = tf.train.GradientDescentOptimizer(0.5)
microbatches_losses = tf.reshape(vector_loss, [num_microbatches, -1])
def process_microbatch(i, sample_state):
    grads, _ = zip(*opt.compute_gradients(tf.reduce_mean(tf.gather(microbatches_losses, [i])),
                                          var_list))
    grads_list = [g if g is not None else tf.zeros_like(v) for (g, v) in zip(list(grads), var_list)]
    clipped, global_norm = tf.clip_by_global_norm(grads_list, l2_norm_clip)
    norms.append(global_norm)
    return [s + c for s, c in zip(sample_state, clipped)]
norms = []
sample_state = [tf.zeros_like(v) for v in var_list]
for idx in range(num_microbatches):
    sample_state = process_microbatch(idx, sample_state)
stddev = l2_norm_clip * noise_multiplier
noised = [v + tf.random_normal(tf.shape(v), stddev=stddev) for v in sample_state]
final_grads = [v / tf.cast(num_microbatches, tf.float32) for v in noised]
train_op = opt.apply_gradients(list(zip(final_grads, var_list)))
plain = opt.compute_gradients(tf.reduce_mean(vector_loss), var_list)
rng = np.random.RandomState(61)
xs = rng.randn(32, 5).astype(np.float32) * 3
ys = (xs[:, 0] > 0).astype(np.int32) + (xs[:, 1] > 1)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(4):
        fd = {x: xs[step * 8:(step + 1) * 8], y: ys[step * 8:(step + 1) * 8]}
        n, l = sess.run([norms, tf.reduce_mean(vector_loss)], fd)
        sess.run(train_op, fd)
        log.append([R(n, 4), float(l)])
    out["clean"] = R(sess.run([g for g, _ in plain], {x: xs[:8], y: ys[:8]})[3], 5)
    out["kernel"] = R(sess.run(var_list[0])[0], 4)
out["log"] = log
""",
    "rc_dann_gradient_reversal": r"""
class FlipGradientBuilder(object):
    def __init__(self):
        self.num_calls = 0
    def __call__(self, x, l=1.0):
        grad_name = "Tf1ex5FlipGradient%d" % self.num_calls
        @tf.RegisterGradient(grad_name)
        def _flip_gradients(op, grad):
            return [tf.negative(grad) * l]
        g = tf.get_default_graph()
        with g.gradient_override_map({"Identity": grad_name}):
            y = tf.identity(x)
        self.num_calls += 1
        return y
flip_gradient = FlipGradientBuilder()
def weight_variable(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1))
def bias_variable(shape):
    return tf.Variable(tf.constant(0.1, shape=shape))
batch_size = 8
class MNISTModel(object):
    def __init__(self):
        self._build_model()
    def _build_model(self):
        self.X = tf.placeholder(tf.float32, [None, 16])
        self.y = tf.placeholder(tf.float32, [None, 3])
        self.domain = tf.placeholder(tf.float32, [None, 2])
        self.l = tf.placeholder(tf.float32, [])
        self.train = tf.placeholder(tf.bool, [])
        with tf.variable_scope('feature_extractor'):
            W0 = weight_variable([16, 8])
            b0 = bias_variable([8])
            self.feature = tf.nn.relu(tf.matmul(self.X, W0) + b0)
        with tf.variable_scope('label_predictor'):
            all_features = lambda: self.feature
            source_features = lambda: tf.slice(self.feature, [0, 0], [batch_size // 2, -1])
            classify_feats = tf.cond(self.train, source_features, all_features)
            all_labels = lambda: self.y
            source_labels = lambda: tf.slice(self.y, [0, 0], [batch_size // 2, -1])
            self.classify_labels = tf.cond(self.train, source_labels, all_labels)
            W_fc1 = weight_variable([8, 3])
            b_fc1 = bias_variable([3])
            logits = tf.matmul(classify_feats, W_fc1) + b_fc1
            self.pred = tf.nn.softmax(logits)
            self.pred_loss = tf.nn.softmax_cross_entropy_with_logits(logits=logits,
                                                                     labels=self.classify_labels)
        with tf.variable_scope('domain_predictor'):
            feat = flip_gradient(self.feature, self.l)
            d_W_fc0 = weight_variable([8, 4])
            d_b_fc0 = bias_variable([4])
            d_h_fc0 = tf.nn.relu(tf.matmul(feat, d_W_fc0) + d_b_fc0)
            d_W_fc1 = weight_variable([4, 2])
            d_b_fc1 = bias_variable([2])
            d_logits = tf.matmul(d_h_fc0, d_W_fc1) + d_b_fc1
            self.domain_pred = tf.nn.softmax(d_logits)
            self.domain_loss = tf.nn.softmax_cross_entropy_with_logits(logits=d_logits,
                                                                       labels=self.domain)
tf.set_random_seed(62)
model = MNISTModel()
learning_rate = tf.placeholder(tf.float32, [])
pred_loss = tf.reduce_mean(model.pred_loss)
domain_loss = tf.reduce_mean(model.domain_loss)
total_loss = pred_loss + domain_loss
regular_train_op = tf.train.MomentumOptimizer(learning_rate, 0.9).minimize(pred_loss)
dann_train_op = tf.train.MomentumOptimizer(learning_rate, 0.9).minimize(total_loss)
correct_label_pred = tf.equal(tf.argmax(model.classify_labels, 1), tf.argmax(model.pred, 1))
label_acc = tf.reduce_mean(tf.cast(correct_label_pred, tf.float32))
feat_grad_d = tf.gradients(domain_loss, model.feature)[0]
w0 = [v for v in tf.trainable_variables() if v.name.startswith('feature_extractor')][0]
w0_grad = tf.gradients(domain_loss, w0)[0]
rng = np.random.RandomState(63)
Xs = rng.randn(16, 16).astype(np.float32)
Xt = rng.randn(16, 16).astype(np.float32) + 0.5
ys = np.eye(3, dtype=np.float32)[(Xs[:, 0] > 0).astype(int) + (Xs[:, 1] > 0)]
domain_labels = np.vstack([np.tile([1., 0.], [batch_size // 2, 1]),
                           np.tile([0., 1.], [batch_size // 2, 1])]).astype(np.float32)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    num_steps = 6
    for i in range(num_steps):
        p = float(i) / num_steps
        l = 2. / (1. + np.exp(-10. * p)) - 1
        lr = 0.01 / (1. + 10 * p) ** 0.75
        j = (i % 4) * 4
        X = np.vstack([Xs[j:j + 4], Xt[j:j + 4]])
        y = np.vstack([ys[j:j + 4], np.zeros((4, 3), np.float32)])
        _, batch_loss, dloss, ploss, d_acc, p_acc = sess.run(
            [dann_train_op, total_loss, domain_loss, pred_loss, model.domain_pred, label_acc],
            feed_dict={model.X: X, model.y: y, model.domain: domain_labels, model.train: True,
                       model.l: l, learning_rate: lr})
        log.append([float(batch_loss), float(dloss), float(p_acc)])
    fd = {model.X: np.vstack([Xs[:4], Xt[:4]]), model.domain: domain_labels, model.l: 0.5,
          model.train: False, model.y: np.zeros((8, 3), np.float32)}
    out["feat_grad"] = R(sess.run(feat_grad_d, fd)[0], 5)
    out["w0_grad"] = R(sess.run(w0_grad, fd)[0, :4], 5)
    out["test_acc"] = float(sess.run(label_acc, {model.X: Xs, model.y: ys, model.train: False}))
out["log"] = log
""",
    "rc_transformer_xl_rel_shift_mems": r"""
def positional_embedding(pos_seq, inv_freq, bsz=None):
    sinusoid_inp = tf.einsum('i,j->ij', pos_seq, inv_freq)
    pos_emb = tf.concat([tf.sin(sinusoid_inp), tf.cos(sinusoid_inp)], -1)
    if bsz is not None:
        return tf.tile(pos_emb[:, None, :], [1, bsz, 1])
    else:
        return pos_emb[:, None, :]
def rel_shift(x):
    x_size = tf.shape(x)
    x = tf.pad(x, [[0, 0], [1, 0], [0, 0], [0, 0]])
    x = tf.reshape(x, [x_size[1] + 1, x_size[0], x_size[2], x_size[3]])
    x = tf.slice(x, [1, 0, 0, 0], [-1, -1, -1, -1])
    x = tf.reshape(x, x_size)
    return x
def layer_norm(x, scope):
    with tf.variable_scope(scope):
        d = x.get_shape().as_list()[-1]
        g = tf.get_variable("gamma", [d], initializer=tf.ones_initializer())
        b = tf.get_variable("beta", [d], initializer=tf.zeros_initializer())
        mean, var = tf.nn.moments(x, [-1], keep_dims=True)
        return (x - mean) * tf.rsqrt(var + 1e-12) * g + b
def rel_multihead_attn(w, r, r_w_bias, r_r_bias, attn_mask, mems, d_model, n_head, d_head,
                       kernel_initializer, scope='rel_attn'):
    scale = 1 / (d_head ** 0.5)
    with tf.variable_scope(scope):
        qlen = tf.shape(w)[0]
        rlen = tf.shape(r)[0]
        bsz = tf.shape(w)[1]
        cat = tf.concat([mems, w], 0) if mems is not None and mems.shape.ndims > 1 else w
        w_heads = tf.layers.dense(cat, 3 * n_head * d_head, use_bias=False,
                                  kernel_initializer=kernel_initializer, name='qkv')
        r_head_k = tf.layers.dense(r, n_head * d_head, use_bias=False,
                                   kernel_initializer=kernel_initializer, name='r')
        w_head_q, w_head_k, w_head_v = tf.split(w_heads, 3, -1)
        w_head_q = w_head_q[-qlen:]
        klen = tf.shape(w_head_k)[0]
        w_head_q = tf.reshape(w_head_q, [qlen, bsz, n_head, d_head])
        w_head_k = tf.reshape(w_head_k, [klen, bsz, n_head, d_head])
        w_head_v = tf.reshape(w_head_v, [klen, bsz, n_head, d_head])
        r_head_k = tf.reshape(r_head_k, [rlen, n_head, d_head])
        rw_head_q = w_head_q + r_w_bias
        rr_head_q = w_head_q + r_r_bias
        AC = tf.einsum('ibnd,jbnd->ijbn', rw_head_q, w_head_k)
        BD = tf.einsum('ibnd,jnd->ijbn', rr_head_q, r_head_k)
        BD = rel_shift(BD)
        attn_score = (AC + BD) * scale
        attn_mask_t = attn_mask[:, :, None, None]
        attn_score = attn_score * (1 - attn_mask_t) - 1e30 * attn_mask_t
        attn_prob = tf.nn.softmax(attn_score, 1)
        attn_vec = tf.einsum('ijbn,jbnd->ibnd', attn_prob, w_head_v)
        size_t = tf.shape(attn_vec)
        attn_vec = tf.reshape(attn_vec, [size_t[0], size_t[1], n_head * d_head])
        attn_out = tf.layers.dense(attn_vec, d_model, use_bias=False,
                                   kernel_initializer=kernel_initializer, name='o')
        output = layer_norm(attn_out + w, "LayerNorm")
    return output
def _create_mask(qlen, mlen, same_length=False):
    attn_mask = tf.ones([qlen, qlen])
    mask_u = tf.matrix_band_part(attn_mask, 0, -1)
    mask_dia = tf.matrix_band_part(attn_mask, 0, 0)
    attn_mask_pad = tf.zeros([qlen, mlen])
    ret = tf.concat([attn_mask_pad, mask_u - mask_dia], 1)
    if same_length:
        mask_l = tf.matrix_band_part(attn_mask, -1, 0)
        ret = tf.concat([ret[:, :qlen] + mask_l - mask_dia, ret[:, qlen:]], 1)
    return ret
def _cache_mem(curr_out, prev_mem, mem_len=None):
    if mem_len is None or prev_mem is None:
        new_mem = curr_out
    elif mem_len == 0:
        return prev_mem
    else:
        new_mem = tf.concat([prev_mem, curr_out], 0)[-mem_len:]
    return tf.stop_gradient(new_mem)
tf.set_random_seed(64)
n_token, d_model, n_head, d_head, n_layer, tgt_len, mem_len, bsz = 11, 8, 2, 4, 2, 4, 4, 2
initializer = tf.initializers.random_normal(stddev=0.02, seed=None)
dec_inp = tf.placeholder(tf.int32, [tgt_len, bsz])
target = tf.placeholder(tf.int32, [tgt_len, bsz])
mems = [tf.placeholder(tf.float32, [mem_len, bsz, d_model]) for _ in range(n_layer)]
with tf.variable_scope('transformer'):
    lookup_table = tf.get_variable('lookup_table', [n_token, d_model], initializer=initializer)
    embeddings = tf.nn.embedding_lookup(lookup_table, dec_inp)
    r_w_bias = tf.get_variable('r_w_bias', [n_head, d_head], initializer=initializer)
    r_r_bias = tf.get_variable('r_r_bias', [n_head, d_head], initializer=initializer)
    qlen = tf.shape(dec_inp)[0]
    mlen = tf.shape(mems[0])[0]
    klen = mlen + qlen
    attn_mask = _create_mask(qlen, mlen, False)
    pos_seq = tf.range(klen - 1, -1, -1.0)
    inv_freq = 1 / (10000 ** (tf.range(0, d_model, 2.0) / d_model))
    pos_emb = positional_embedding(pos_seq, inv_freq)
    output = embeddings
    new_mems = []
    for i in range(n_layer):
        new_mems.append(_cache_mem(output, mems[i], mem_len))
        with tf.variable_scope('layer_{}'.format(i)):
            output = rel_multihead_attn(w=output, r=pos_emb, r_w_bias=r_w_bias,
                                        r_r_bias=r_r_bias, attn_mask=attn_mask, mems=mems[i],
                                        d_model=d_model, n_head=n_head, d_head=d_head,
                                        kernel_initializer=initializer)
    logits = tf.einsum('ibd,nd->ibn', output, lookup_table)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target,
                                                                         logits=logits))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
rng = np.random.RandomState(65)
stream = rng.randint(0, n_token, (6 * tgt_len + 1, bsz))
mem_vals = [np.zeros([mem_len, bsz, d_model], np.float32) for _ in range(n_layer)]
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for seg in range(6):
        fd = {dec_inp: stream[seg * tgt_len:(seg + 1) * tgt_len],
              target: stream[seg * tgt_len + 1:(seg + 1) * tgt_len + 1]}
        for m, v in zip(mems, mem_vals):
            fd[m] = v
        l, mem_vals, _ = sess.run([loss, new_mems, train_op], fd)
        log.append(float(l))
    x = np.arange(2 * 3 * 1 * 1, dtype=np.float32).reshape(2, 3, 1, 1)
    out["rel_shift"] = sess.run(rel_shift(tf.constant(x)))[:, :, 0, 0].tolist()
    out["mask"] = sess.run(attn_mask, fd).tolist()
    out["pos_emb"] = R(sess.run(pos_emb, fd)[:2, 0], 5)
out["log"] = log
out["mem"] = R(mem_vals[1][0, 0, :4], 5)
out["shapes"] = [str(logits.shape), str(pos_emb.shape), str(new_mems[0].shape)]
""",
    "rc_pixelcnn_pp_logistic_mixture": r"""
def int_shape(x):
    return list(map(int, x.get_shape()))
def concat_elu(x):
    axis = len(x.get_shape()) - 1
    return tf.nn.elu(tf.concat([x, -x], axis))
def log_sum_exp(x):
    axis = len(x.get_shape()) - 1
    m = tf.reduce_max(x, axis)
    m2 = tf.reduce_max(x, axis, keep_dims=True)
    return m + tf.log(tf.reduce_sum(tf.exp(x - m2), axis))
def log_prob_from_logits(x):
    axis = len(x.get_shape()) - 1
    m = tf.reduce_max(x, axis, keep_dims=True)
    return x - m - tf.log(tf.reduce_sum(tf.exp(x - m), axis, keep_dims=True))
def discretized_mix_logistic_loss(x, l, sum_all=True):
    xs = int_shape(x)
    ls = int_shape(l)
    nr_mix = int(ls[-1] / 10)
    logit_probs = l[:, :, :, :nr_mix]
    l = tf.reshape(l[:, :, :, nr_mix:], xs + [nr_mix * 3])
    means = l[:, :, :, :, :nr_mix]
    log_scales = tf.maximum(l[:, :, :, :, nr_mix:2 * nr_mix], -7.)
    coeffs = tf.nn.tanh(l[:, :, :, :, 2 * nr_mix:3 * nr_mix])
    x = tf.reshape(x, xs + [1]) + tf.zeros(xs + [nr_mix])
    m2 = tf.reshape(means[:, :, :, 1, :] + coeffs[:, :, :, 0, :] * x[:, :, :, 0, :],
                    [xs[0], xs[1], xs[2], 1, nr_mix])
    m3 = tf.reshape(means[:, :, :, 2, :] + coeffs[:, :, :, 1, :] * x[:, :, :, 0, :] +
                    coeffs[:, :, :, 2, :] * x[:, :, :, 1, :], [xs[0], xs[1], xs[2], 1, nr_mix])
    means = tf.concat([tf.reshape(means[:, :, :, 0, :], [xs[0], xs[1], xs[2], 1, nr_mix]),
                       m2, m3], 3)
    centered_x = x - means
    inv_stdv = tf.exp(-log_scales)
    plus_in = inv_stdv * (centered_x + 1. / 255.)
    cdf_plus = tf.nn.sigmoid(plus_in)
    min_in = inv_stdv * (centered_x - 1. / 255.)
    cdf_min = tf.nn.sigmoid(min_in)
    log_cdf_plus = plus_in - tf.nn.softplus(plus_in)
    log_one_minus_cdf_min = -tf.nn.softplus(min_in)
    cdf_delta = cdf_plus - cdf_min
    mid_in = inv_stdv * centered_x
    log_pdf_mid = mid_in - log_scales - 2. * tf.nn.softplus(mid_in)
    log_probs = tf.where(x < -0.999, log_cdf_plus, tf.where(
        x > 0.999, log_one_minus_cdf_min,
        tf.where(cdf_delta > 1e-5, tf.log(tf.maximum(cdf_delta, 1e-12)),
                 log_pdf_mid - np.log(127.5))))
    log_probs = tf.reduce_sum(log_probs, 3) + log_prob_from_logits(logit_probs)
    if sum_all:
        return -tf.reduce_sum(log_sum_exp(log_probs))
    else:
        return -tf.reduce_sum(log_sum_exp(log_probs), [1, 2])
def sample_from_discretized_mix_logistic(l, nr_mix):
    ls = int_shape(l)
    xs = ls[:-1] + [3]
    logit_probs = l[:, :, :, :nr_mix]
    l = tf.reshape(l[:, :, :, nr_mix:], xs + [nr_mix * 3])
    sel = tf.one_hot(tf.argmax(logit_probs - tf.log(-tf.log(tf.random_uniform(
        logit_probs.get_shape(), minval=1e-5, maxval=1. - 1e-5))), 3), depth=nr_mix,
            dtype=tf.float32)
    sel = tf.reshape(sel, xs[:-1] + [1, nr_mix])
    means = tf.reduce_sum(l[:, :, :, :, :nr_mix] * sel, 4)
    log_scales = tf.maximum(tf.reduce_sum(l[:, :, :, :, nr_mix:2 * nr_mix] * sel, 4), -7.)
    coeffs = tf.reduce_sum(tf.nn.tanh(l[:, :, :, :, 2 * nr_mix:3 * nr_mix]) * sel, 4)
    u = tf.random_uniform(means.get_shape(), minval=1e-5, maxval=1. - 1e-5)
    x = means + tf.exp(log_scales) * (tf.log(u) - tf.log(1. - u))
    x0 = tf.minimum(tf.maximum(x[:, :, :, 0], -1.), 1.)
    x1 = tf.minimum(tf.maximum(x[:, :, :, 1] + coeffs[:, :, :, 0] * x0, -1.), 1.)
    x2 = tf.minimum(tf.maximum(x[:, :, :, 2] + coeffs[:, :, :, 1] * x0
                               + coeffs[:, :, :, 2] * x1, -1.), 1.)
    return tf.concat([tf.reshape(x0, xs[:-1] + [1]), tf.reshape(x1, xs[:-1] + [1]),
                      tf.reshape(x2, xs[:-1] + [1])], 3)
def down_shift(x, step=1):
    xs = int_shape(x)
    return tf.concat([tf.zeros([xs[0], step, xs[2], xs[3]]), x[:, :xs[1] - step, :, :]], 1)
def right_shift(x, step=1):
    xs = int_shape(x)
    return tf.concat([tf.zeros([xs[0], xs[1], step, xs[3]]), x[:, :, :xs[2] - step, :]], 2)
def down_shifted_conv2d(x, num_filters, filter_size=[2, 3], name="down"):
    x = tf.pad(x, [[0, 0], [filter_size[0] - 1, 0],
                   [int((filter_size[1] - 1) / 2), int((filter_size[1] - 1) / 2)], [0, 0]])
    return tf.layers.conv2d(x, num_filters, filter_size, padding='valid', name=name)
def down_right_shifted_conv2d(x, num_filters, filter_size=[2, 2], name="downright"):
    x = tf.pad(x, [[0, 0], [filter_size[0] - 1, 0], [filter_size[1] - 1, 0], [0, 0]])
    return tf.layers.conv2d(x, num_filters, filter_size, padding='valid', name=name)
tf.set_random_seed(66)
nr_mix = 2
x = tf.placeholder(tf.float32, [2, 4, 4, 3])
u = down_shift(down_shifted_conv2d(x, 8, [2, 3]))
ul = down_shift(down_shifted_conv2d(x, 8, [1, 3], name="down2")) + \
    right_shift(down_right_shifted_conv2d(x, 8, [2, 1], name="downright"))
h = concat_elu(ul + u)
l = tf.layers.conv2d(h, 10 * nr_mix, 1, name="nin")
loss = discretized_mix_logistic_loss(x, l)
loss_per_image = discretized_mix_logistic_loss(x, l, sum_all=False)
bits_per_dim = loss / (np.log(2.) * 2 * 4 * 4 * 3)
train = tf.train.AdamOptimizer(1e-3, beta1=0.95, beta2=0.9995).minimize(loss)
sample = sample_from_discretized_mix_logistic(l, nr_mix)
rng = np.random.RandomState(67)
data = np.round(rng.rand(2, 4, 4, 3) * 255) / 127.5 - 1
data[0, 0, 0] = [-1., 1., 0.]
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        _, b = sess.run([train, bits_per_dim], {x: data})
        log.append(float(b))
    out["per_image"] = L(sess.run(loss_per_image, {x: data}))
    s = sess.run(sample, {x: data})
    out["sample"] = R(s[0, 0, :2], 4)
    out["sample_range"] = bool(s.min() >= -1 and s.max() <= 1)
    out["shift"] = sess.run(down_shift(tf.constant(np.arange(8.).reshape(1, 2, 2, 2),
                                                     tf.float32)))[0, :, :, 0].tolist()
out["log"] = log
out["shapes"] = [str(l.shape), str(h.shape), int_shape(u)]
""",
    "rc_sketch_rnn_mdn_vae": r"""
def tf_2d_normal(x1, x2, mu1, mu2, s1, s2, rho):
    norm1 = tf.subtract(x1, mu1)
    norm2 = tf.subtract(x2, mu2)
    s1s2 = tf.multiply(s1, s2)
    z = (tf.square(tf.div(norm1, s1)) + tf.square(tf.div(norm2, s2)) -
         2 * tf.div(tf.multiply(rho, tf.multiply(norm1, norm2)), s1s2))
    neg_rho = 1 - tf.square(rho)
    result = tf.exp(tf.div(-z, 2 * neg_rho))
    denom = 2 * np.pi * tf.multiply(s1s2, tf.sqrt(neg_rho))
    result = tf.div(result, denom)
    return result
def get_lossfunc(z_pi, z_mu1, z_mu2, z_sigma1, z_sigma2, z_corr, z_pen_logits, x1_data,
                 x2_data, pen_data):
    result0 = tf_2d_normal(x1_data, x2_data, z_mu1, z_mu2, z_sigma1, z_sigma2, z_corr)
    epsilon = 1e-6
    result1 = tf.multiply(result0, z_pi)
    result1 = tf.reduce_sum(result1, 1, keep_dims=True)
    result1 = -tf.log(result1 + epsilon)
    fs = 1.0 - pen_data[:, 2]
    fs = tf.reshape(fs, [-1, 1])
    result1 = tf.multiply(result1, fs)
    result2 = tf.nn.softmax_cross_entropy_with_logits(labels=pen_data, logits=z_pen_logits)
    result2 = tf.reshape(result2, [-1, 1])
    return result1 + result2
def get_mixture_coef(output):
    z = output
    z_pen_logits = z[:, 0:3]
    z_pi, z_mu1, z_mu2, z_sigma1, z_sigma2, z_corr = tf.split(z[:, 3:], 6, 1)
    z_pi = tf.nn.softmax(z_pi)
    z_pen = tf.nn.softmax(z_pen_logits)
    z_sigma1 = tf.exp(z_sigma1)
    z_sigma2 = tf.exp(z_sigma2)
    z_corr = tf.tanh(z_corr)
    return [z_pi, z_mu1, z_mu2, z_sigma1, z_sigma2, z_corr, z_pen, z_pen_logits]
hps = SimpleNamespace(batch_size=3, max_seq_len=5, enc_rnn_size=6, dec_rnn_size=8, z_size=4,
                      num_mixture=2, kl_tolerance=0.2, kl_weight=0.5, grad_clip=1.0,
                      learning_rate=0.001)
tf.set_random_seed(68)
sequence_lengths = tf.placeholder(dtype=tf.int32, shape=[hps.batch_size])
input_data = tf.placeholder(dtype=tf.float32, shape=[hps.batch_size, hps.max_seq_len + 1, 5])
input_x = input_data[:, :hps.max_seq_len, :]
output_x = input_data[:, 1:hps.max_seq_len + 1, :]
enc_cell_fw = tf.nn.rnn_cell.LSTMCell(hps.enc_rnn_size)
enc_cell_bw = tf.nn.rnn_cell.LSTMCell(hps.enc_rnn_size)
unused_outputs, last_states = tf.nn.bidirectional_dynamic_rnn(
    enc_cell_fw, enc_cell_bw, output_x, sequence_length=sequence_lengths, time_major=False,
    swap_memory=True, dtype=tf.float32, scope='ENC_RNN')
last_state_fw, last_state_bw = last_states
last_h = tf.concat([last_state_fw.h, last_state_bw.h], 1)
mu = tf.layers.dense(last_h, hps.z_size, name='ENC_RNN_mu')
presig = tf.layers.dense(last_h, hps.z_size, name='ENC_RNN_sigma')
sigma = tf.exp(presig / 2.0)
eps = tf.random_normal((hps.batch_size, hps.z_size), 0.0, 1.0, dtype=tf.float32)
batch_z = mu + tf.multiply(sigma, eps)
kl_cost = -0.5 * tf.reduce_mean((1 + presig - tf.square(mu) - tf.exp(presig)))
kl_cost = tf.maximum(kl_cost, hps.kl_tolerance)
pre_tile_y = tf.reshape(batch_z, [hps.batch_size, 1, hps.z_size])
overlay_x = tf.tile(pre_tile_y, [1, hps.max_seq_len, 1])
actual_input_x = tf.concat([input_x, overlay_x], 2)
cell = tf.nn.rnn_cell.LSTMCell(hps.dec_rnn_size)
initial_state = tf.nn.tanh(tf.layers.dense(batch_z, cell.state_size.c + cell.state_size.h,
                                           name='init_state'))
c, hstate = tf.split(initial_state, 2, 1)
initial_state = tf.nn.rnn_cell.LSTMStateTuple(c, hstate)
n_out = (3 + hps.num_mixture * 6)
with tf.variable_scope('RNN'):
    output_w = tf.get_variable('output_w', [hps.dec_rnn_size, n_out])
    output_b = tf.get_variable('output_b', [n_out])
output, last_state = tf.nn.dynamic_rnn(cell, actual_input_x, initial_state=initial_state,
                                       time_major=False, swap_memory=True, dtype=tf.float32,
                                       scope='RNN')
output = tf.reshape(output, [-1, hps.dec_rnn_size])
output = tf.nn.xw_plus_b(output, output_w, output_b)
o_pi, o_mu1, o_mu2, o_sigma1, o_sigma2, o_corr, o_pen, o_pen_logits = get_mixture_coef(output)
target = tf.reshape(output_x, [-1, 5])
[x1_data, x2_data, eos_data, eoc_data, cont_data] = tf.split(target, 5, 1)
pen_data = tf.concat([eos_data, eoc_data, cont_data], 1)
lossfunc = get_lossfunc(o_pi, o_mu1, o_mu2, o_sigma1, o_sigma2, o_corr, o_pen_logits, x1_data,
                        x2_data, pen_data)
r_cost = tf.reduce_mean(lossfunc)
lr = tf.Variable(hps.learning_rate, trainable=False)
optimizer = tf.train.AdamOptimizer(lr)
kl_weight = tf.Variable(hps.kl_weight, trainable=False)
cost = r_cost + kl_cost * kl_weight
gvs = optimizer.compute_gradients(cost)
g = hps.grad_clip
capped_gvs = [(tf.clip_by_value(grad, -g, g), var) for grad, var in gvs if grad is not None]
global_step = tf.Variable(0, name='global_step', trainable=False)
train_op = optimizer.apply_gradients(capped_gvs, global_step=global_step, name='train_step')
rng = np.random.RandomState(69)
strokes = np.zeros((hps.batch_size, hps.max_seq_len + 1, 5), np.float32)
strokes[:, :, :2] = rng.randn(hps.batch_size, hps.max_seq_len + 1, 2) * 0.5
strokes[:, :, 2] = 1
strokes[:, -2:, 2] = 0
strokes[:, -2:, 4] = 1
strokes[:, 0] = [0, 0, 1, 0, 0]
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(6):
        curr_lr = (hps.learning_rate - 0.0001) * (0.9999) ** step + 0.0001
        curr_kl_weight = 0.5 - 0.3 * (0.99) ** step
        feed = {input_data: strokes, sequence_lengths: [5, 4, 3], lr: curr_lr,
                kl_weight: curr_kl_weight}
        (train_cost, r, kl, _, train_step) = sess.run([cost, r_cost, kl_cost, train_op,
                                                        global_step], feed)
        log.append([float(train_cost), float(r), float(kl)])
    out["pi"] = R(sess.run(o_pi, {input_data: strokes, sequence_lengths: [5, 4, 3]})[0], 4)
out["log"] = log
out["n_clipped"] = len(capped_gvs)
out["shapes"] = [str(output.shape), str(lossfunc.shape), str(last_h.shape)]
""",
}

RESEARCH_MORE = {
    "rc_facenet_center_loss_ema": r"""
def center_loss(features, label, alfa, nrof_classes):
    nrof_features = features.get_shape()[1]
    centers = tf.get_variable('centers', [nrof_classes, nrof_features], dtype=tf.float32,
                              initializer=tf.constant_initializer(0), trainable=False)
    label = tf.reshape(label, [-1])
    centers_batch = tf.gather(centers, label)
    diff = (1 - alfa) * (centers_batch - features)
    centers = tf.scatter_sub(centers, label, diff)
    with tf.control_dependencies([centers]):
        loss = tf.reduce_mean(tf.square(features - centers_batch))
    return loss, centers
def triplet_loss(anchor, positive, negative, alpha):
    with tf.variable_scope('triplet_loss'):
        pos_dist = tf.reduce_sum(tf.square(tf.subtract(anchor, positive)), 1)
        neg_dist = tf.reduce_sum(tf.square(tf.subtract(anchor, negative)), 1)
        basic_loss = tf.add(tf.subtract(pos_dist, neg_dist), alpha)
        loss = tf.reduce_mean(tf.maximum(basic_loss, 0.0), 0)
    return loss
def _add_loss_summaries(total_loss):
    loss_averages = tf.train.ExponentialMovingAverage(0.9, name='avg')
    losses = tf.get_collection('losses')
    loss_averages_op = loss_averages.apply(losses + [total_loss])
    for l in losses + [total_loss]:
        tf.summary.scalar(l.op.name + ' (raw)', l)
        tf.summary.scalar(l.op.name, loss_averages.average(l))
    return loss_averages_op, loss_averages
def train(total_loss, global_step, optimizer, learning_rate, moving_average_decay,
          update_gradient_vars):
    loss_averages_op, loss_averages = _add_loss_summaries(total_loss)
    with tf.control_dependencies([loss_averages_op]):
        if optimizer == 'ADAGRAD':
            opt = tf.train.AdagradOptimizer(learning_rate)
        elif optimizer == 'ADADELTA':
            opt = tf.train.AdadeltaOptimizer(learning_rate, rho=0.9, epsilon=1e-6)
        elif optimizer == 'ADAM':
            opt = tf.train.AdamOptimizer(learning_rate, beta1=0.9, beta2=0.999, epsilon=0.1)
        elif optimizer == 'RMSPROP':
            opt = tf.train.RMSPropOptimizer(learning_rate, decay=0.9, momentum=0.9, epsilon=1.0)
        elif optimizer == 'MOM':
            opt = tf.train.MomentumOptimizer(learning_rate, 0.9, use_nesterov=True)
        grads = opt.compute_gradients(total_loss, update_gradient_vars)
    apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)
    variable_averages = tf.train.ExponentialMovingAverage(moving_average_decay, global_step)
    variables_averages_op = variable_averages.apply(tf.trainable_variables())
    with tf.control_dependencies([apply_gradient_op, variables_averages_op]):
        train_op = tf.no_op(name='train')
    return train_op, loss_averages
results = {}
for optimizer in ('ADAGRAD', 'ADADELTA', 'RMSPROP', 'MOM'):
    with tf.Graph().as_default():
        tf.set_random_seed(70)
        nrof_classes = 4
        image_batch = tf.placeholder(tf.float32, [None, 10], name='image_batch')
        label_batch = tf.placeholder(tf.int32, [None], name='label_batch')
        learning_rate_placeholder = tf.placeholder(tf.float32, name='learning_rate')
        global_step = tf.Variable(0, trainable=False)
        prelogits = tf.layers.dense(image_batch, 6, name='prelogits')
        logits = tf.layers.dense(prelogits, nrof_classes, name='Logits',
                                 kernel_regularizer=lambda w: 5e-4 * tf.nn.l2_loss(w))
        embeddings = tf.nn.l2_normalize(prelogits, 1, 1e-10, name='embeddings')
        eps = 1e-4
        prelogits_norm = tf.reduce_mean(tf.norm(tf.abs(prelogits) + eps, ord=1.0, axis=1))
        tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, prelogits_norm * 5e-4)
        prelogits_center_loss, centers = center_loss(prelogits, label_batch, 0.95, nrof_classes)
        tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, prelogits_center_loss * 0.01)
        learning_rate = tf.train.exponential_decay(learning_rate_placeholder, global_step, 4, 0.9,
                                                   staircase=True)
        cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=label_batch, logits=logits, name='cross_entropy_per_example')
        cross_entropy_mean = tf.reduce_mean(cross_entropy, name='cross_entropy')
        tf.add_to_collection('losses', cross_entropy_mean)
        regularization_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
        total_loss = tf.add_n([cross_entropy_mean] + regularization_losses, name='total_loss')
        train_op, loss_averages = train(total_loss, global_step, optimizer, learning_rate, 0.9999,
                                        tf.trainable_variables())
        anchor, positive, negative = tf.unstack(tf.reshape(embeddings, [-1, 3, 6]), 3, 1)
        t_loss = triplet_loss(anchor, positive, negative, 0.2)
        rng = np.random.RandomState(71)
        xs = rng.randn(24, 10).astype(np.float32)
        ys = (np.abs(xs[:, 0]) * 2).astype(np.int32) % nrof_classes
        log = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(6):
                fd = {image_batch: xs[(step % 2) * 12:(step % 2 + 1) * 12],
                      label_batch: ys[(step % 2) * 12:(step % 2 + 1) * 12],
                      learning_rate_placeholder: 0.1}
                # facenet fetches global_step here too: TF may read it before or after the
                # increment, so it is read on its own
                err, _, reg = sess.run([total_loss, train_op, regularization_losses], fd)
                log.append([float(err), int(sess.run(global_step)), R(reg, 5)])
            avg = sess.run(loss_averages.average(total_loss))
            c = sess.run(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, 'centers')[0])
            tl = sess.run(t_loss, {image_batch: xs[:12]})
            names = sorted(v.name for v in tf.global_variables())
        results[optimizer] = [log, float(avg), R(c[:2], 5), float(tl), len(names), names[:6]]
out["results"] = results
""",
    "rc_im2txt_show_and_tell": r"""
config = SimpleNamespace(vocab_size=12, embedding_size=6, num_lstm_units=6,
                         initializer_scale=0.08, image_feature_size=5)
d = tempfile.mkdtemp()
def build(mode):
    initializer = tf.random_uniform_initializer(minval=-config.initializer_scale,
                                                maxval=config.initializer_scale)
    if mode == "inference":
        image_feed = tf.placeholder(dtype=tf.float32, shape=[config.image_feature_size],
                                    name="image_feed")
        input_feed = tf.placeholder(dtype=tf.int64, shape=[None], name="input_feed")
        images = tf.expand_dims(image_feed, 0)
        input_seqs = tf.expand_dims(input_feed, 1)
        target_seqs = None
        input_mask = None
    else:
        images = tf.placeholder(tf.float32, [None, config.image_feature_size], name="images")
        input_seqs = tf.placeholder(tf.int64, [None, None], name="input_seqs")
        target_seqs = tf.placeholder(tf.int64, [None, None], name="target_seqs")
        input_mask = tf.placeholder(tf.int32, [None, None], name="input_mask")
    with tf.variable_scope("image_embedding") as scope:
        image_embeddings = contrib.layers.fully_connected(
            images, config.embedding_size, activation_fn=None,
            weights_initializer=initializer, biases_initializer=None, scope=scope)
    with tf.variable_scope("seq_embedding"), tf.device("/cpu:0"):
        embedding_map = tf.get_variable(name="map",
                                        shape=[config.vocab_size, config.embedding_size],
                                        initializer=initializer)
        seq_embeddings = tf.nn.embedding_lookup(embedding_map, input_seqs)
    lstm_cell = contrib.rnn.BasicLSTMCell(num_units=config.num_lstm_units, state_is_tuple=True)
    with tf.variable_scope("lstm", initializer=initializer) as lstm_scope:
        zero_state = lstm_cell.zero_state(batch_size=tf.shape(image_embeddings)[0],
                                          dtype=tf.float32)
        _, initial_state = lstm_cell(image_embeddings, zero_state)
        lstm_scope.reuse_variables()
        if mode == "inference":
            tf.concat(axis=1, values=initial_state, name="initial_state")
            state_feed = tf.placeholder(dtype=tf.float32,
                                        shape=[None, sum(lstm_cell.state_size)],
                                        name="state_feed")
            state_tuple = tf.split(value=state_feed, num_or_size_splits=2, axis=1)
            lstm_outputs, state_tuple = lstm_cell(inputs=tf.squeeze(seq_embeddings, axis=[1]),
                                                  state=state_tuple)
            tf.concat(axis=1, values=state_tuple, name="state")
        else:
            sequence_length = tf.reduce_sum(input_mask, 1)
            lstm_outputs, _ = tf.nn.dynamic_rnn(cell=lstm_cell, inputs=seq_embeddings,
                                                sequence_length=sequence_length,
                                                initial_state=initial_state,
                                                dtype=tf.float32, scope=lstm_scope)
    lstm_outputs = tf.reshape(lstm_outputs, [-1, lstm_cell.output_size])
    with tf.variable_scope("logits") as logits_scope:
        logits = contrib.layers.fully_connected(lstm_outputs, config.vocab_size,
                                                activation_fn=None,
                                                weights_initializer=initializer,
                                                scope=logits_scope)
    if mode == "inference":
        tf.nn.softmax(logits, name="softmax")
        return None
    targets = tf.reshape(target_seqs, [-1])
    weights = tf.to_float(tf.reshape(input_mask, [-1]))
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
    batch_loss = tf.div(tf.reduce_sum(tf.multiply(losses, weights)), tf.reduce_sum(weights),
                        name="batch_loss")
    tf.losses.add_loss(batch_loss)
    total_loss = tf.losses.get_total_loss()
    return images, input_seqs, target_seqs, input_mask, total_loss
rng = np.random.RandomState(72)
feats = rng.rand(4, config.image_feature_size).astype(np.float32)
seqs = np.array([[1, 4, 5, 6, 2, 0], [1, 7, 8, 2, 0, 0], [1, 4, 9, 10, 11, 2], [1, 3, 2, 0, 0, 0]])
mask = (seqs[:, 1:] > 0).astype(np.int32)
log = []
with tf.Graph().as_default():
    tf.set_random_seed(73)
    images, input_seqs, target_seqs, input_mask, total_loss = build("train")
    global_step = tf.train.get_or_create_global_step()
    opt = tf.train.GradientDescentOptimizer(2.0)
    grads, tvars = zip(*opt.compute_gradients(total_loss))
    clipped, _ = tf.clip_by_global_norm(grads, 5.0)
    train_op = opt.apply_gradients(zip(clipped, tvars), global_step=global_step)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(15):
            l, _ = sess.run([total_loss, train_op],
                            {images: feats, input_seqs: seqs[:, :-1], target_seqs: seqs[:, 1:],
                             input_mask: mask})
            log.append(float(l))
        saver.save(sess, d + "/model.ckpt", global_step=global_step)
    out["train_vars"] = sorted(v.op.name for v in tf.trainable_variables())
with tf.Graph().as_default() as g:
    build("inference")
    restore = tf.train.Saver()
    with tf.Session() as sess:
        restore.restore(sess, tf.train.latest_checkpoint(d))
        initial_state = sess.run("lstm/initial_state:0", {"image_feed:0": feats[2]})
        state = initial_state
        word = 1
        caption = []
        for _ in range(6):
            softmax, state = sess.run(["softmax:0", "lstm/state:0"],
                                      {"input_feed:0": [word], "lstm/state_feed:0": state})
            word = int(np.argmax(softmax[0]))
            caption.append(word)
            if word == 2:
                break
        out["caption"] = caption
        out["initial_state"] = R(initial_state[0, :4], 5)
out["log"] = log[::3]
out["ckpt"] = os.path.basename(tf.train.latest_checkpoint(d))
""",
    "rc_spectral_norm_hinge_gan": r"""
weight_init = tf.random_normal_initializer(mean=0.0, stddev=0.02)
def spectral_norm(w, iteration=1):
    w_shape = w.shape.as_list()
    w = tf.reshape(w, [-1, w_shape[-1]])
    u = tf.get_variable("u", [1, w_shape[-1]], initializer=tf.random_normal_initializer(),
                        trainable=False)
    u_hat = u
    v_hat = None
    for i in range(iteration):
        v_ = tf.matmul(u_hat, tf.transpose(w))
        v_hat = tf.nn.l2_normalize(v_)
        u_ = tf.matmul(v_hat, w)
        u_hat = tf.nn.l2_normalize(u_)
    u_hat = tf.stop_gradient(u_hat)
    v_hat = tf.stop_gradient(v_hat)
    sigma = tf.matmul(tf.matmul(v_hat, w), tf.transpose(u_hat))
    with tf.control_dependencies([u.assign(u_hat)]):
        w_norm = w / sigma
        w_norm = tf.reshape(w_norm, w_shape)
    return w_norm
def conv(x, channels, kernel=4, stride=2, pad=0, pad_type='zero', use_bias=True, sn=False,
         scope='conv_0'):
    with tf.variable_scope(scope):
        if pad > 0:
            h = x.get_shape().as_list()[1]
            if h % stride == 0:
                pad = pad * 2
            else:
                pad = max(kernel - (h % stride), 0)
            pad_top = pad // 2
            pad_bottom = pad - pad_top
            pad_left = pad // 2
            pad_right = pad - pad_left
            if pad_type == 'zero':
                x = tf.pad(x, [[0, 0], [pad_top, pad_bottom], [pad_left, pad_right], [0, 0]])
            if pad_type == 'reflect':
                x = tf.pad(x, [[0, 0], [pad_top, pad_bottom], [pad_left, pad_right], [0, 0]],
                           mode='REFLECT')
        if sn:
            w = tf.get_variable("kernel", shape=[kernel, kernel, x.get_shape()[-1], channels],
                                initializer=weight_init, regularizer=None)
            x = tf.nn.conv2d(input=x, filter=spectral_norm(w), strides=[1, stride, stride, 1],
                             padding='VALID')
            if use_bias:
                bias = tf.get_variable("bias", [channels], initializer=tf.constant_initializer(0.0))
                x = tf.nn.bias_add(x, bias)
        else:
            x = tf.layers.conv2d(inputs=x, filters=channels, kernel_size=kernel,
                                 kernel_initializer=weight_init, strides=stride, use_bias=use_bias)
        return x
def fully_connected(x, units, use_bias=True, sn=False, scope='linear'):
    with tf.variable_scope(scope):
        x = tf.layers.flatten(x)
        shape = x.get_shape().as_list()
        channels = shape[-1]
        if sn:
            w = tf.get_variable("kernel", [channels, units], tf.float32, initializer=weight_init)
            if use_bias:
                bias = tf.get_variable("bias", [units], initializer=tf.constant_initializer(0.0))
                x = tf.matmul(x, spectral_norm(w)) + bias
            else:
                x = tf.matmul(x, spectral_norm(w))
        else:
            x = tf.layers.dense(x, units=units, kernel_initializer=weight_init, use_bias=use_bias)
        return x
def lrelu(x, alpha=0.2):
    return tf.nn.leaky_relu(x, alpha)
def discriminator(x, is_training=True, reuse=False):
    with tf.variable_scope("discriminator", reuse=reuse):
        x = conv(x, 4, kernel=3, stride=2, pad=1, pad_type='reflect', sn=True, scope='conv_0')
        x = lrelu(x)
        x = conv(x, 8, kernel=3, stride=2, pad=1, sn=True, scope='conv_1')
        x = lrelu(x)
        x = fully_connected(x, units=1, sn=True, scope='d_logit')
        return x
def generator(z, reuse=False):
    with tf.variable_scope("generator", reuse=reuse):
        x = tf.layers.dense(z, 4 * 4 * 8)
        x = tf.nn.relu(tf.reshape(x, [-1, 4, 4, 8]))
        x = tf.layers.conv2d_transpose(x, 3, 4, strides=2, padding='same')
        return tf.tanh(x)
def discriminator_loss(real, fake):
    real_loss = tf.reduce_mean(tf.nn.relu(1.0 - real))
    fake_loss = tf.reduce_mean(tf.nn.relu(1.0 + fake))
    return real_loss + fake_loss
def generator_loss(fake):
    return -tf.reduce_mean(fake)
tf.set_random_seed(74)
inputs = tf.placeholder(tf.float32, [4, 8, 8, 3])
z = tf.placeholder(tf.float32, [4, 6])
real_logits = discriminator(inputs)
fake_images = generator(z)
fake_logits = discriminator(fake_images, reuse=True)
d_loss = discriminator_loss(real_logits, fake_logits)
g_loss = generator_loss(fake_logits)
t_vars = tf.trainable_variables()
d_vars = [var for var in t_vars if 'discriminator' in var.name]
g_vars = [var for var in t_vars if 'generator' in var.name]
d_optim = tf.train.AdamOptimizer(4e-4, beta1=0.0, beta2=0.9).minimize(d_loss, var_list=d_vars)
g_optim = tf.train.AdamOptimizer(1e-4, beta1=0.0, beta2=0.9).minimize(g_loss, var_list=g_vars)
u_vars = [v for v in tf.global_variables() if v.name.endswith("/u:0")]
rng = np.random.RandomState(75)
imgs = rng.rand(8, 8, 8, 3).astype(np.float32) * 2 - 1
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        batch_z = rng.uniform(-1, 1, [4, 6]).astype(np.float32)
        _, dl = sess.run([d_optim, d_loss], {inputs: imgs[(i % 2) * 4:(i % 2 + 1) * 4], z: batch_z})
        _, gl = sess.run([g_optim, g_loss], {z: batch_z})
        log.append([float(dl), float(gl)])
    out["u"] = [R(v[0, :3], 5) for v in sess.run(u_vars)]
out["log"] = log
out["u_names"] = [v.name for v in u_vars]
out["d_vars"] = [v.name for v in d_vars]
""",
    "rc_nalu_extrapolation": r"""
def nac(input_layer, num_outputs, name):
    with tf.variable_scope(name):
        shape = (int(input_layer.shape[-1]), num_outputs)
        W_hat = tf.Variable(tf.truncated_normal(shape, stddev=0.02), name="W_hat")
        M_hat = tf.Variable(tf.truncated_normal(shape, stddev=0.02), name="M_hat")
        W = tf.tanh(W_hat) * tf.sigmoid(M_hat)
        return tf.matmul(input_layer, W), W
def nalu(input_layer, num_outputs, name):
    with tf.variable_scope(name):
        shape = (int(input_layer.shape[-1]), num_outputs)
        W_hat = tf.Variable(tf.truncated_normal(shape, stddev=0.02), name="W_hat")
        M_hat = tf.Variable(tf.truncated_normal(shape, stddev=0.02), name="M_hat")
        G = tf.Variable(tf.truncated_normal(shape, stddev=0.02), name="G")
        W = tf.tanh(W_hat) * tf.sigmoid(M_hat)
        a = tf.matmul(input_layer, W)
        m = tf.exp(tf.matmul(tf.log(tf.abs(input_layer) + 1e-7), W))
        g = tf.sigmoid(tf.matmul(input_layer, G))
        out = g * a + (1 - g) * m
        return out
tf.set_random_seed(76)
rng = np.random.RandomState(77)
x_train = rng.uniform(0.1, 5, (64, 2)).astype(np.float32)
results = {}
for task, fn in (("add", lambda v: v[:, :1] + v[:, 1:]), ("mul", lambda v: v[:, :1] * v[:, 1:])):
    with tf.variable_scope(task):
        x = tf.placeholder(tf.float32, shape=[None, 2])
        y = tf.placeholder(tf.float32, shape=[None, 1])
        y_pred = nalu(x, 1, "nalu")
        y_nac, W = nac(x, 1, "nac")
        loss = tf.nn.l2_loss(y_pred - y)
        loss_nac = tf.nn.l2_loss(y_nac - y)
        opt = tf.train.AdamOptimizer(0.05).minimize(loss + loss_nac)
    y_train = fn(x_train)
    log = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for ep in range(40):
            _, l, ln = sess.run([opt, loss, loss_nac], {x: x_train, y: y_train})
            if ep % 10 == 0:
                log.append([float(l), float(ln)])
        x_test = np.array([[10., 20.], [30., 2.]], np.float32)
        results[task] = [log, L(sess.run(y_pred, {x: x_test})), L(sess.run(W))]
out["results"] = results
""",
    "rc_selu_alpha_dropout_snn": r"""
import numbers
def selu(x):
    with tf.name_scope('elu') as scope:
        alpha = 1.6732632423543772848170429916717
        scale = 1.0507009873554804934193349852946
        return scale * tf.where(x >= 0.0, x, alpha * tf.nn.elu(x))
def dropout_selu(x, rate, alpha=-1.7580993408473766, fixedPointMean=0.0, fixedPointVar=1.0,
                 noise_shape=None, seed=None, name=None, training=False):
    def dropout_selu_impl(x, rate, alpha, noise_shape, seed, name):
        keep_prob = 1.0 - rate
        x = tf.convert_to_tensor(x, name="x")
        if isinstance(keep_prob, numbers.Real) and not 0 < keep_prob <= 1:
            raise ValueError("keep_prob must be a scalar tensor or a float in the "
                             "range (0, 1], got %g" % keep_prob)
        keep_prob = tf.convert_to_tensor(keep_prob, dtype=x.dtype, name="keep_prob")
        keep_prob.get_shape().assert_is_compatible_with(tf.TensorShape([]))
        alpha = tf.convert_to_tensor(alpha, dtype=x.dtype, name="alpha")
        alpha.get_shape().assert_is_compatible_with(tf.TensorShape([]))
        if tf.get_static_value(keep_prob) == 1:
            return x
        noise_shape = noise_shape if noise_shape is not None else tf.shape(x)
        random_tensor = keep_prob
        random_tensor += tf.random_uniform(noise_shape, seed=seed, dtype=x.dtype)
        binary_tensor = tf.floor(random_tensor)
        ret = x * binary_tensor + alpha * (1 - binary_tensor)
        a = tf.sqrt(fixedPointVar / (keep_prob * ((1 - keep_prob) *
                                                  tf.pow(alpha - fixedPointMean, 2)
                                                  + fixedPointVar)))
        b = fixedPointMean - a * (keep_prob * fixedPointMean + (1 - keep_prob) * alpha)
        ret = a * ret + b
        ret.set_shape(x.get_shape())
        return ret
    with tf.name_scope(name, "dropout", [x]) as name:
        if isinstance(training, bool):
            if training:
                return dropout_selu_impl(x, rate, alpha, noise_shape, seed, name)
            return tf.identity(x)
        return tf.cond(training, lambda: dropout_selu_impl(x, rate, alpha, noise_shape, seed, name),
                       lambda: tf.identity(x))
tf.set_random_seed(78)
n_input, n_hidden_1, n_hidden_2, n_classes = 12, 16, 16, 3
x = tf.placeholder("float", [None, n_input])
y = tf.placeholder("float", [None, n_classes])
dropoutRate = tf.placeholder(tf.float32)
is_training = tf.placeholder(tf.bool)
weights = {
    'h1': tf.Variable(tf.random_normal([n_input, n_hidden_1], stddev=np.sqrt(1 / n_input))),
    'h2': tf.Variable(tf.random_normal([n_hidden_1, n_hidden_2], stddev=np.sqrt(1 / n_hidden_1))),
    'out': tf.Variable(tf.random_normal([n_hidden_2, n_classes], stddev=np.sqrt(1 / n_hidden_2)))}
biases = {
    'b1': tf.Variable(tf.random_normal([n_hidden_1], stddev=0)),
    'b2': tf.Variable(tf.random_normal([n_hidden_2], stddev=0)),
    'out': tf.Variable(tf.random_normal([n_classes], stddev=0))}
def multilayer_perceptron(x, weights, biases, rate, is_training):
    layer_1 = tf.add(tf.matmul(x, weights['h1']), biases['b1'])
    layer_1 = selu(layer_1)
    layer_1 = dropout_selu(layer_1, rate, training=is_training)
    layer_2 = tf.add(tf.matmul(layer_1, weights['h2']), biases['b2'])
    layer_2 = selu(layer_2)
    layer_2 = dropout_selu(layer_2, rate, training=is_training)
    return tf.matmul(layer_2, weights['out']) + biases['out']
pred = multilayer_perceptron(x, weights, biases, rate=dropoutRate, is_training=is_training)
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=pred, labels=y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.05).minimize(cost)
correct_prediction = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))
rng = np.random.RandomState(79)
xs = rng.randn(48, n_input).astype(np.float32)
ys = np.eye(n_classes, dtype=np.float32)[(xs[:, :3].argmax(1))]
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(4):
        for i in range(3):
            bx, by = xs[i * 16:(i + 1) * 16], ys[i * 16:(i + 1) * 16]
            _, c = sess.run([optimizer, cost], feed_dict={x: bx, y: by, dropoutRate: 0.05,
                                                          is_training: True})
        log.append(float(c))
    out["acc"] = float(accuracy.eval({x: xs, y: ys, dropoutRate: 0.0, is_training: False}))
    a = sess.run(dropout_selu(tf.constant(rng.randn(2000).astype(np.float32)), 0.1,
                              training=True))
    out["alpha_dropout_stats"] = R([a.mean(), a.std()], 2)
    out["selu"] = L(sess.run(selu(tf.constant([-2.0, -0.5, 0.0, 1.5]))))
out["log"] = log
""",
}

BOOKS = {
    "bk_learning_tf_bidirectional_gru_seqlens": r"""
batch_size, embedding_dimension, num_classes, hidden_layer_size, times_steps = 4, 6, 2, 5, 6
digit_to_word_map = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six",
                     7: "Seven", 8: "Eight", 9: "Nine"}
digit_to_word_map[0] = "PAD"
rng = np.random.RandomState(91)
even_sentences, odd_sentences, seqlens = [], [], []
for i in range(40):
    rand_seq_len = rng.choice(range(3, 7))
    seqlens.append(rand_seq_len)
    rand_odd_ints = rng.choice(range(1, 10, 2), rand_seq_len)
    rand_even_ints = rng.choice(range(2, 10, 2), rand_seq_len)
    if rand_seq_len < 6:
        rand_odd_ints = np.append(rand_odd_ints, [0] * (6 - rand_seq_len))
        rand_even_ints = np.append(rand_even_ints, [0] * (6 - rand_seq_len))
    even_sentences.append(" ".join([digit_to_word_map[r] for r in rand_even_ints]))
    odd_sentences.append(" ".join([digit_to_word_map[r] for r in rand_odd_ints]))
data = even_sentences + odd_sentences
seqlens *= 2
labels = [1] * 40 + [0] * 40
for i in range(len(labels)):
    label = labels[i]
    one_hot_encoding = [0] * 2
    one_hot_encoding[label] = 1
    labels[i] = one_hot_encoding
word2index_map = {}
index = 0
for sent in data:
    for word in sent.lower().split():
        if word not in word2index_map:
            word2index_map[word] = index
            index += 1
vocabulary_size = len(word2index_map)
data_indices = list(range(len(data)))
rng.shuffle(data_indices)
data = np.array(data)[data_indices]
labels = np.array(labels)[data_indices]
seqlens = np.array(seqlens)[data_indices]
train_x, train_y, train_seqlens = data[:64], labels[:64], seqlens[:64]
test_x, test_y, test_seqlens = data[64:], labels[64:], seqlens[64:]
def get_sentence_batch(batch_size, data_x, data_y, data_seqlens, step):
    instance_indices = list(range(step * batch_size, (step + 1) * batch_size))
    x = [[word2index_map[word] for word in data_x[i].lower().split()] for i in instance_indices]
    y = [data_y[i] for i in instance_indices]
    seqlens = [data_seqlens[i] for i in instance_indices]
    return x, y, seqlens
tf.set_random_seed(92)
_inputs = tf.placeholder(tf.int32, shape=[batch_size, times_steps])
_labels = tf.placeholder(tf.float32, shape=[batch_size, num_classes])
_seqlens = tf.placeholder(tf.int32, shape=[batch_size])
with tf.name_scope("embeddings"):
    embeddings = tf.Variable(tf.random_uniform([vocabulary_size, embedding_dimension], -1.0, 1.0),
                             name='embedding')
    embed = tf.nn.embedding_lookup(embeddings, _inputs)
with tf.name_scope("biGRU"):
    with tf.variable_scope('forward'):
        gru_fw_cell = tf.nn.rnn_cell.GRUCell(hidden_layer_size)
        gru_fw_cell = tf.nn.rnn_cell.DropoutWrapper(gru_fw_cell)
    with tf.variable_scope('backward'):
        gru_bw_cell = tf.nn.rnn_cell.GRUCell(hidden_layer_size)
        gru_bw_cell = tf.nn.rnn_cell.DropoutWrapper(gru_bw_cell)
    outputs, states = tf.nn.bidirectional_dynamic_rnn(cell_fw=gru_fw_cell, cell_bw=gru_bw_cell,
                                                      inputs=embed, sequence_length=_seqlens,
                                                      dtype=tf.float32, scope="BiGRU")
states = tf.concat(values=states, axis=1)
weights = {'linear_layer': tf.Variable(tf.truncated_normal([2 * hidden_layer_size, num_classes],
                                                           mean=0, stddev=.01))}
biases = {'linear_layer': tf.Variable(tf.truncated_normal([num_classes], mean=0, stddev=.01))}
final_output = tf.matmul(states, weights["linear_layer"]) + biases["linear_layer"]
softmax = tf.nn.softmax_cross_entropy_with_logits(logits=final_output, labels=_labels)
cross_entropy = tf.reduce_mean(softmax)
train_step = tf.train.RMSPropOptimizer(0.01, 0.9).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(_labels, 1), tf.argmax(final_output, 1))
accuracy = (tf.reduce_mean(tf.cast(correct_prediction, tf.float32))) * 100
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(16):
        x_batch, y_batch, seqlen_batch = get_sentence_batch(batch_size, train_x, train_y,
                                                            train_seqlens, step)
        sess.run(train_step, feed_dict={_inputs: x_batch, _labels: y_batch,
                                        _seqlens: seqlen_batch})
        if step % 5 == 0:
            acc, ce = sess.run([accuracy, cross_entropy],
                               feed_dict={_inputs: x_batch, _labels: y_batch,
                                          _seqlens: seqlen_batch})
            log.append([float(acc), float(ce)])
    accs = []
    for test_batch in range(4):
        x_test, y_test, seqlen_test = get_sentence_batch(batch_size, test_x, test_y,
                                                         test_seqlens, test_batch)
        batch_pred, batch_acc, fw = sess.run(
            [tf.argmax(final_output, 1), accuracy, outputs[0]],
            feed_dict={_inputs: x_test, _labels: y_test, _seqlens: seqlen_test})
        accs.append(float(batch_acc))
    out["fw"] = [L(fw[0, 0]), L(fw[0, -1])]
out["log"] = log
out["accs"] = accs
out["shapes"] = [str(states.shape), str(outputs[1].shape)]
""",
    "bk_mlwtf_polynomial_regularization_sweep": r"""
learning_rate, training_epochs, reg_lambda = 0.01, 60, 0.
x_dataset = np.linspace(-1, 1, 40)
num_coeffs = 6
y_dataset_params = [0.] * num_coeffs
y_dataset_params[2] = 1
y_dataset = 0
for i in range(num_coeffs):
    y_dataset += y_dataset_params[i] * np.power(x_dataset, i)
rng = np.random.RandomState(93)
y_dataset += rng.randn(*x_dataset.shape) * 0.3
def split_dataset(x_dataset, y_dataset, ratio):
    arr = np.arange(x_dataset.size)
    rng.shuffle(arr)
    num_train = int(ratio * x_dataset.size)
    x_train = x_dataset[arr[0:num_train]]
    y_train = y_dataset[arr[0:num_train]]
    x_test = x_dataset[arr[num_train:x_dataset.size]]
    y_test = y_dataset[arr[num_train:x_dataset.size]]
    return x_train, x_test, y_train, y_test
(x_train, x_test, y_train, y_test) = split_dataset(x_dataset, y_dataset, 0.7)
X = tf.placeholder("float")
Y = tf.placeholder("float")
def model(X, w):
    terms = []
    for i in range(num_coeffs):
        term = tf.multiply(w[i], tf.pow(X, i))
        terms.append(term)
    return tf.add_n(terms)
w = tf.Variable([0.] * num_coeffs, name="parameters")
y_model = model(X, w)
cost = tf.div(tf.add(tf.reduce_sum(tf.square(Y - y_model)),
                     tf.multiply(reg_lambda, tf.reduce_sum(tf.square(w)))),
              2 * x_train.size)
train_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)
sess = tf.Session()
init = tf.global_variables_initializer()
sess.run(init)
sweep = []
for reg_lambda in np.linspace(0, 1, 4):
    for epoch in range(training_epochs):
        sess.run(train_op, feed_dict={X: x_train, Y: y_train})
    final_cost = sess.run(cost, feed_dict={X: x_test, Y: y_test})
    sweep.append(['reg lambda', float(reg_lambda), 'final cost', float(final_cost)])
out["sweep"] = sweep
out["w"] = L(sess.run(w))
out["model"] = [y_model.dtype.name, str(y_model.shape), cost.op.type]
sess.close()
""",
    "bk_mlwtf_kmeans_segment_sum": r"""
k, max_iterations = 3, 10
rng = np.random.RandomState(80)
pts = np.concatenate([rng.randn(8, 2) + [0, 0], rng.randn(8, 2) + [5, 5],
                      rng.randn(8, 2) + [0, 6]]).astype(np.float32)
rng.shuffle(pts)
def initial_cluster_centroids(X, k):
    return X[0:k, :]
def assign_cluster(X, centroids):
    expanded_vectors = tf.expand_dims(X, 0)
    expanded_centroids = tf.expand_dims(centroids, 1)
    distances = tf.reduce_sum(tf.square(tf.subtract(expanded_vectors, expanded_centroids)), 2)
    mins = tf.argmin(distances, 0)
    return mins
def recompute_centroids(X, Y):
    sums = tf.unsorted_segment_sum(X, Y, k)
    counts = tf.unsorted_segment_sum(tf.ones_like(X), Y, k)
    return sums / counts
history = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    X = tf.constant(pts)
    centroids = initial_cluster_centroids(X, k)
    i, converged = 0, False
    while not converged and i < max_iterations:
        i += 1
        Y = assign_cluster(X, centroids)
        centroids = sess.run(recompute_centroids(X, Y))
        history.append(R(centroids, 4))
    out["labels"] = sess.run(Y).tolist()
out["history"] = history
out["dtype"] = [Y.dtype.name, str(Y.shape)]
""",
    "bk_mlwtf_self_organizing_map": r"""
class SOM:
    def __init__(self, width, height, dim):
        self.num_iters = 8
        self.width = width
        self.height = height
        self.dim = dim
        self.node_locs = self.get_locs()
        nodes = tf.Variable(tf.random_normal([width * height, dim]))
        self.nodes = nodes
        x = tf.placeholder(tf.float32, [dim])
        iter = tf.placeholder(tf.float32)
        self.x = x
        self.iter = iter
        bmu_loc = self.get_bmu_loc(x)
        self.propagate_nodes = self.get_propagation(bmu_loc, x, iter)
    def get_propagation(self, bmu_loc, x, iter):
        num_nodes = self.width * self.height
        rate = 1.0 - tf.div(iter, self.num_iters)
        alpha = rate * 0.5
        sigma = rate * tf.to_float(tf.maximum(self.width, self.height)) / 2.
        expanded_bmu_loc = tf.expand_dims(tf.to_float(bmu_loc), 0)
        sqr_dists_from_bmu = tf.reduce_sum(
            tf.square(tf.subtract(expanded_bmu_loc, self.node_locs)), 1)
        neigh_factor = tf.exp(-tf.div(sqr_dists_from_bmu, 2 * tf.square(sigma)))
        rate = tf.multiply(alpha, neigh_factor)
        rate_factor = tf.stack([tf.tile(tf.slice(rate, [i], [1]), [self.dim])
                                for i in range(num_nodes)])
        nodes_diff = tf.multiply(rate_factor, tf.subtract(tf.stack([x for i in range(num_nodes)]),
                                                          self.nodes))
        update_nodes = tf.add(self.nodes, nodes_diff)
        return tf.assign(self.nodes, update_nodes)
    def get_bmu_loc(self, x):
        expanded_x = tf.expand_dims(x, 0)
        sqr_diff = tf.square(tf.subtract(expanded_x, self.nodes))
        dists = tf.reduce_sum(sqr_diff, 1)
        bmu_idx = tf.argmin(dists, 0)
        bmu_loc = tf.stack([tf.mod(bmu_idx, self.width), tf.div(bmu_idx, self.width)])
        return bmu_loc
    def get_locs(self):
        locs = [[x, y] for y in range(self.height) for x in range(self.width)]
        return tf.to_float(locs)
    def train(self, data):
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(self.num_iters):
                for data_x in data:
                    sess.run(self.propagate_nodes, feed_dict={self.x: data_x, self.iter: i})
            centroid_grid = [[] for i in range(self.width)]
            self.nodes_val = list(sess.run(self.nodes))
            self.locs_val = list(sess.run(self.node_locs))
            for i, l in enumerate(self.locs_val):
                centroid_grid[int(l[0])].append(self.nodes_val[i])
            self.centroid_grid = centroid_grid
            self.bmu = [sess.run(self.get_bmu_loc(self.x), {self.x: d}).tolist() for d in data]
tf.set_random_seed(81)
colors = np.array([[0., 0., 1.], [0., 0., 0.95], [0., 0.05, 1.], [0., 1., 0.], [0., 0.95, 0.],
                   [0., 1, 0.05], [1., 0., 0.], [1., 0.05, 0.], [1., 0., 0.05], [1., 1., 0.]])
som = SOM(4, 4, 3)
som.train(colors)
out["grid"] = [R(col[0], 4) for col in som.centroid_grid]
out["bmu"] = som.bmu
out["locs"] = L(som.locs_val[:5])
""",
    "bk_mlwtf_hmm_forward_viterbi": r"""
class HMM(object):
    def __init__(self, initial_prob, trans_prob, obs_prob):
        self.N = np.size(initial_prob)
        self.initial_prob = initial_prob
        self.trans_prob = trans_prob
        self.emission = tf.constant(obs_prob)
        assert self.initial_prob.shape == (self.N, 1)
        assert self.trans_prob.shape == (self.N, self.N)
        assert obs_prob.shape[0] == self.N
        self.obs_idx = tf.placeholder(tf.int32)
        self.fwd = tf.placeholder(tf.float64)
        self.viterbi = tf.placeholder(tf.float64)
    def get_emission(self, obs_idx):
        slice_location = [0, obs_idx]
        num_rows = tf.shape(self.emission)[0]
        slice_shape = [num_rows, 1]
        return tf.slice(self.emission, slice_location, slice_shape)
    def forward_init_op(self):
        obs_prob = self.get_emission(self.obs_idx)
        fwd = tf.multiply(self.initial_prob, obs_prob)
        return fwd
    def forward_op(self):
        transitions = tf.matmul(self.fwd, tf.transpose(self.get_emission(self.obs_idx)))
        weighted_transitions = transitions * self.trans_prob
        fwd = tf.reduce_sum(weighted_transitions, 0)
        return tf.reshape(fwd, tf.shape(self.fwd))
    def decode_op(self):
        transitions = tf.matmul(self.viterbi, tf.transpose(self.get_emission(self.obs_idx)))
        weighted_transitions = transitions * self.trans_prob
        viterbi = tf.reduce_max(weighted_transitions, 0)
        return tf.reshape(viterbi, tf.shape(self.viterbi))
    def backpt_op(self):
        back_transitions = tf.matmul(self.viterbi, np.ones((1, self.N)))
        weighted_back_transitions = back_transitions * self.trans_prob
        return tf.argmax(weighted_back_transitions, 0)
def forward_algorithm(sess, hmm, observations):
    fwd = sess.run(hmm.forward_init_op(), feed_dict={hmm.obs_idx: observations[0]})
    for t in range(1, len(observations)):
        fwd = sess.run(hmm.forward_op(), feed_dict={hmm.obs_idx: observations[t], hmm.fwd: fwd})
    prob = sess.run(tf.reduce_sum(fwd))
    return prob
def viterbi_decode(sess, hmm, observations):
    viterbi = sess.run(hmm.forward_init_op(), feed_dict={hmm.obs_idx: observations[0]})
    backpts = np.ones((hmm.N, len(observations)), 'int32') * -1
    for t in range(1, len(observations)):
        viterbi, backpt = sess.run([hmm.decode_op(), hmm.backpt_op()],
                                   feed_dict={hmm.obs_idx: observations[t], hmm.viterbi: viterbi})
        backpts[:, t] = backpt
    tokens = [viterbi[:, -1].argmax()]
    for i in range(len(observations) - 1, 0, -1):
        tokens.append(backpts[tokens[-1], i])
    return [int(t) for t in tokens[::-1]]
initial_prob = np.array([[0.6], [0.4]])
trans_prob = np.array([[0.7, 0.3], [0.4, 0.6]])
obs_prob = np.array([[0.1, 0.4, 0.5], [0.6, 0.3, 0.1]])
hmm = HMM(initial_prob=initial_prob, trans_prob=trans_prob, obs_prob=obs_prob)
observations = [0, 1, 1, 2, 1]
with tf.Session() as sess:
    prob = forward_algorithm(sess, hmm, observations)
    out["prob"] = 'Probability of observing {} is {}'.format(observations, round(float(prob), 8))
    out["seq"] = viterbi_decode(sess, hmm, observations)
    out["emission"] = L(sess.run(hmm.get_emission(hmm.obs_idx), {hmm.obs_idx: 2}))
out["shapes"] = [str(hmm.forward_op().shape), str(hmm.backpt_op().shape),
                 hmm.backpt_op().dtype.name]
""",
    "bk_learning_tf_scan_rnn_summaries": r"""
element_size, time_steps, num_classes, batch_size, hidden_layer_size = 7, 4, 3, 6, 5
LOG_DIR = tempfile.mkdtemp()
def variable_summaries(var):
    with tf.name_scope('summaries'):
        mean = tf.reduce_mean(var)
        tf.summary.scalar('mean', mean)
        with tf.name_scope('stddev'):
            stddev = tf.sqrt(tf.reduce_mean(tf.square(var - mean)))
        tf.summary.scalar('stddev', stddev)
        tf.summary.scalar('max', tf.reduce_max(var))
        tf.summary.scalar('min', tf.reduce_min(var))
        tf.summary.histogram('histogram', var)
tf.set_random_seed(82)
_inputs = tf.placeholder(tf.float32, shape=[None, time_steps, element_size], name='inputs')
y = tf.placeholder(tf.float32, shape=[None, num_classes], name='labels')
with tf.name_scope('rnn_weights'):
    with tf.name_scope("W_x"):
        Wx = tf.Variable(tf.zeros([element_size, hidden_layer_size]))
        variable_summaries(Wx)
    with tf.name_scope("W_h"):
        Wh = tf.Variable(tf.zeros([hidden_layer_size, hidden_layer_size]))
        variable_summaries(Wh)
    with tf.name_scope("Bias"):
        b_rnn = tf.Variable(tf.zeros([hidden_layer_size]))
        variable_summaries(b_rnn)
def rnn_step(previous_hidden_state, x):
    current_hidden_state = tf.tanh(tf.matmul(previous_hidden_state, Wh) + tf.matmul(x, Wx) + b_rnn)
    return current_hidden_state
processed_input = tf.transpose(_inputs, perm=[1, 0, 2])
initial_hidden = tf.zeros([batch_size, hidden_layer_size])
all_hidden_states = tf.scan(rnn_step, processed_input, initializer=initial_hidden, name='states')
with tf.name_scope('linear_layer_weights') as scope:
    with tf.name_scope("W_linear"):
        Wl = tf.Variable(tf.truncated_normal([hidden_layer_size, num_classes], mean=0, stddev=.01))
        variable_summaries(Wl)
    with tf.name_scope("Bias_linear"):
        bl = tf.Variable(tf.truncated_normal([num_classes], mean=0, stddev=.01))
        variable_summaries(bl)
    def get_linear_layer(hidden_state):
        return tf.matmul(hidden_state, Wl) + bl
with tf.name_scope('linear_layer_weights') as scope:
    all_outputs = tf.map_fn(get_linear_layer, all_hidden_states)
    output = all_outputs[-1]
    tf.summary.histogram('outputs', output)
with tf.name_scope('cross_entropy'):
    cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=output, labels=y))
    tf.summary.scalar('cross_entropy', cross_entropy)
with tf.name_scope('train'):
    train_step = tf.train.RMSPropOptimizer(0.01, 0.9).minimize(cross_entropy)
with tf.name_scope('accuracy'):
    correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(output, 1))
    accuracy = (tf.reduce_mean(tf.cast(correct_prediction, tf.float32))) * 100
    tf.summary.scalar('accuracy', accuracy)
merged = tf.summary.merge_all()
rng = np.random.RandomState(83)
xs = rng.rand(18, time_steps, element_size).astype(np.float32)
ys = np.eye(num_classes, dtype=np.float32)[(xs[:, -1, :3]).argmax(1)]
log = []
with tf.Session() as sess:
    train_writer = tf.summary.FileWriter(LOG_DIR + '/train', graph=tf.get_default_graph())
    sess.run(tf.global_variables_initializer())
    for i in range(9):
        batch_x, batch_y = xs[(i % 3) * 6:(i % 3 + 1) * 6], ys[(i % 3) * 6:(i % 3 + 1) * 6]
        summary, _ = sess.run([merged, train_step], feed_dict={_inputs: batch_x, y: batch_y})
        train_writer.add_summary(summary, i)
        if i % 3 == 0:
            acc, loss, = sess.run([accuracy, cross_entropy],
                                  feed_dict={_inputs: batch_x, y: batch_y})
            log.append([float(acc), float(loss)])
    train_writer.close()
    out["test_acc"] = float(sess.run(accuracy, feed_dict={_inputs: xs[:6], y: ys[:6]}))
out["log"] = log
out["tags"] = event_tags(LOG_DIR + '/train')[:2]
out["names"] = [all_hidden_states.name, all_outputs.name, str(all_hidden_states.shape),
                str(all_outputs.shape)]
""",
}

CRASH_COURSE = {
    "cc_first_steps_linear_regressor": r"""
import math
california_housing_dataframe = housing(48, seed=84)
def my_input_fn(features, targets, batch_size=1, shuffle=True, num_epochs=None):
    features = {key: np.array(value) for key, value in dict(features).items()}
    ds = tf.data.Dataset.from_tensor_slices((features, targets))
    ds = ds.batch(batch_size).repeat(num_epochs)
    if shuffle:
        ds = ds.shuffle(buffer_size=10000)
    features, labels = ds.make_one_shot_iterator().get_next()
    return features, labels
my_feature = {"total_rooms": california_housing_dataframe["total_rooms"]}
feature_columns = [tf.feature_column.numeric_column("total_rooms")]
targets = california_housing_dataframe["median_house_value"]
def train_model(learning_rate, steps, batch_size, periods=4):
    steps_per_period = steps / periods
    my_optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
    my_optimizer = contrib.estimator.clip_gradients_by_norm(my_optimizer, 5.0)
    linear_regressor = tf.estimator.LinearRegressor(feature_columns=feature_columns,
                                                    optimizer=my_optimizer,
                                                    model_dir=tempfile.mkdtemp())
    training_input_fn = lambda: my_input_fn(my_feature, targets, batch_size=batch_size,
                                            shuffle=False)
    prediction_input_fn = lambda: my_input_fn(my_feature, targets, num_epochs=1, shuffle=False)
    root_mean_squared_errors = []
    for period in range(0, periods):
        linear_regressor.train(input_fn=training_input_fn, steps=steps_per_period)
        predictions = linear_regressor.predict(input_fn=prediction_input_fn)
        predictions = np.array([item['predictions'][0] for item in predictions])
        root_mean_squared_error = math.sqrt(np.mean((predictions - targets) ** 2))
        root_mean_squared_errors.append(round(root_mean_squared_error, 3))
    weight = linear_regressor.get_variable_value('linear/linear_model/total_rooms/weights')[0]
    bias = linear_regressor.get_variable_value('linear/linear_model/bias_weights')
    return root_mean_squared_errors, float(weight[0]), float(bias[0]), sorted(
        n for n in linear_regressor.get_variable_names() if "global_step" not in n)
out["small_lr"] = train_model(learning_rate=0.00002, steps=20, batch_size=5)
out["clipped"] = train_model(learning_rate=1.0, steps=8, batch_size=4)
""",
    "cc_feature_crosses_ftrl_buckets": r"""
import math
df = housing(64, seed=85)
features = {k: df[k] for k in ("latitude", "longitude", "housing_median_age", "median_income")}
features["rooms_per_person"] = df["total_rooms"] / df["population"]
targets = df["median_house_value"] / 1000.0
def my_input_fn(features, targets, batch_size=1, shuffle=True, num_epochs=None):
    features = {key: np.array(value) for key, value in dict(features).items()}
    ds = tf.data.Dataset.from_tensor_slices((features, targets))
    ds = ds.batch(batch_size).repeat(num_epochs)
    features, labels = ds.make_one_shot_iterator().get_next()
    return features, labels
def get_quantile_based_boundaries(feature_values, num_buckets):
    boundaries = np.arange(1.0, num_buckets) / num_buckets
    quantiles = np.quantile(feature_values, boundaries)
    return [quantiles[q] for q in range(len(quantiles))]
def construct_feature_columns():
    households = tf.feature_column.numeric_column("rooms_per_person")
    longitude = tf.feature_column.numeric_column("longitude")
    latitude = tf.feature_column.numeric_column("latitude")
    housing_median_age = tf.feature_column.numeric_column("housing_median_age")
    median_income = tf.feature_column.numeric_column("median_income")
    bucketized_longitude = tf.feature_column.bucketized_column(
        longitude, boundaries=get_quantile_based_boundaries(features["longitude"], 4))
    bucketized_latitude = tf.feature_column.bucketized_column(
        latitude, boundaries=get_quantile_based_boundaries(features["latitude"], 4))
    bucketized_housing_median_age = tf.feature_column.bucketized_column(
        housing_median_age, boundaries=get_quantile_based_boundaries(
            features["housing_median_age"], 3))
    bucketized_median_income = tf.feature_column.bucketized_column(
        median_income, boundaries=get_quantile_based_boundaries(features["median_income"], 3))
    # the course passes a set: the cross hashes its keys in the set's order, which Python
    # gives these objects by address, so each run crossed them differently
    long_x_lat = tf.feature_column.crossed_column(
        [bucketized_longitude, bucketized_latitude], hash_bucket_size=50)
    return set([bucketized_longitude, bucketized_latitude, bucketized_housing_median_age,
                bucketized_median_income, long_x_lat, households])
my_optimizer = tf.train.FtrlOptimizer(learning_rate=1.0)
my_optimizer = contrib.estimator.clip_gradients_by_norm(my_optimizer, 5.0)
linear_regressor = tf.estimator.LinearRegressor(feature_columns=construct_feature_columns(),
                                                optimizer=my_optimizer,
                                                model_dir=tempfile.mkdtemp())
rmse = []
for period in range(3):
    linear_regressor.train(input_fn=lambda: my_input_fn(features, targets, batch_size=8),
                           steps=4)
    preds = np.array([item['predictions'][0] for item in linear_regressor.predict(
        input_fn=lambda: my_input_fn(features, targets, num_epochs=1, shuffle=False))])
    rmse.append(round(math.sqrt(np.mean((preds - targets) ** 2)), 4))
out["rmse"] = rmse
names = linear_regressor.get_variable_names()
out["names"] = sorted(n for n in names if "Ftrl" not in n and "global_step" not in n)
out["cross"] = R(linear_regressor.get_variable_value(
    "linear/linear_model/latitude_bucketized_X_longitude_bucketized/weights")[:6, 0], 4)
out["eval"] = {k: round(float(v), 4) for k, v in linear_regressor.evaluate(
    input_fn=lambda: my_input_fn(features, targets, batch_size=16, num_epochs=1)).items()}
""",
    "cc_logistic_regression_linear_classifier": r"""
import math
df = housing(64, seed=86)
features = {k: df[k] / df[k].max() for k in ("latitude", "longitude", "median_income",
                                             "total_rooms", "population")}
targets = (df["median_house_value"] > 265000).astype(np.float32)
def my_input_fn(features, targets, batch_size=1, shuffle=True, num_epochs=None):
    features = {key: np.array(value) for key, value in dict(features).items()}
    ds = tf.data.Dataset.from_tensor_slices((features, targets))
    ds = ds.batch(batch_size).repeat(num_epochs)
    features, labels = ds.make_one_shot_iterator().get_next()
    return features, labels
feature_columns = set([tf.feature_column.numeric_column(k) for k in features])
my_optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.5)
my_optimizer = contrib.estimator.clip_gradients_by_norm(my_optimizer, 5.0)
linear_classifier = tf.estimator.LinearClassifier(feature_columns=feature_columns,
                                                  optimizer=my_optimizer,
                                                  model_dir=tempfile.mkdtemp())
def log_loss(y, p):
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
log = []
for period in range(3):
    linear_classifier.train(input_fn=lambda: my_input_fn(features, targets, batch_size=8),
                            steps=5)
    probs = linear_classifier.predict(
        input_fn=lambda: my_input_fn(features, targets, num_epochs=1, shuffle=False))
    probs = np.array([item['probabilities'] for item in probs])
    log.append(round(log_loss(targets, probs[:, 1]), 5))
out["log_loss"] = log
evaluation_metrics = linear_classifier.evaluate(
    input_fn=lambda: my_input_fn(features, targets, batch_size=16, num_epochs=1))
out["eval"] = {k: round(float(evaluation_metrics[k]), 4)
               for k in ("accuracy", "auc", "loss", "average_loss", "label/mean",
                         "prediction/mean")}
item = next(linear_classifier.predict(
    input_fn=lambda: my_input_fn(features, targets, num_epochs=1, shuffle=False)))
out["keys"] = sorted(item)
out["item"] = [item["class_ids"].tolist(), [c.decode() for c in item["classes"]],
               R(item["logistic"], 4)]
""",
    "cc_dnn_regressor_and_classifier": r"""
import math
df = housing(64, seed=87)
cols = ("latitude", "longitude", "median_income", "total_rooms", "households")
def linear_scale(series):
    min_val, max_val = series.min(), series.max()
    scale = (max_val - min_val) / 2.0
    return (series - min_val) / scale - 1.0
features = {k: linear_scale(df[k]) for k in cols}
targets = df["median_house_value"] / 1000.0
def my_input_fn(features, targets, batch_size=1, num_epochs=None):
    features = {key: np.array(value) for key, value in dict(features).items()}
    ds = tf.data.Dataset.from_tensor_slices((features, targets))
    ds = ds.batch(batch_size).repeat(num_epochs)
    features, labels = ds.make_one_shot_iterator().get_next()
    return features, labels
feature_columns = [tf.feature_column.numeric_column(k) for k in cols]
results = {}
for name, opt in (("adagrad", tf.train.AdagradOptimizer(learning_rate=0.5)),
                  ("adam", tf.train.AdamOptimizer(learning_rate=0.05))):
    opt = contrib.estimator.clip_gradients_by_norm(opt, 5.0)
    dnn_regressor = tf.estimator.DNNRegressor(
        feature_columns=feature_columns, hidden_units=[4, 3], optimizer=opt,
        model_dir=tempfile.mkdtemp(), config=tf.estimator.RunConfig(tf_random_seed=88))
    rmse = []
    for period in range(3):
        dnn_regressor.train(input_fn=lambda: my_input_fn(features, targets, batch_size=8),
                            steps=5)
        preds = np.array([item['predictions'][0] for item in dnn_regressor.predict(
            input_fn=lambda: my_input_fn(features, targets, num_epochs=1))])
        rmse.append(round(math.sqrt(np.mean((preds - targets) ** 2)), 3))
    results[name] = [rmse, sorted(n for n in dnn_regressor.get_variable_names()
                                  if "/" in n and "Ada" not in n)]
out["regressor"] = results
x, y = mnist(48, seed=89, one_hot=False)
pixels = {"pixels": x}
classifier = tf.estimator.DNNClassifier(
    feature_columns=[tf.feature_column.numeric_column('pixels', shape=784)], n_classes=10,
    hidden_units=[8, 8], optimizer=contrib.estimator.clip_gradients_by_norm(
        tf.train.AdagradOptimizer(learning_rate=0.05), 5.0),
    model_dir=tempfile.mkdtemp(), config=tf.estimator.RunConfig(tf_random_seed=90))
classifier.train(input_fn=lambda: my_input_fn(pixels, y.astype(np.int32), batch_size=12), steps=8)
preds = list(classifier.predict(input_fn=lambda: my_input_fn(pixels, y.astype(np.int32),
                                                             num_epochs=1)))
probs = np.array([item['probabilities'] for item in preds])
out["class_ids"] = [int(item['class_ids'][0]) for item in preds][:12]
out["log_loss"] = round(float(-np.mean(np.log(probs[np.arange(48), y] + 1e-15))), 5)
ev = classifier.evaluate(input_fn=lambda: my_input_fn(pixels, y.astype(np.int32), batch_size=16,
                                                      num_epochs=1))
out["eval"] = {k: round(float(v), 4) for k, v in ev.items()}
""",
}

PROGRAMS = {
    **UDACITY,
    **NANODEGREE,
    **CS231N,
    **MORVAN_RL,
    **FLOWS,
    **MEMNETS,
    **RESEARCH,
    **RESEARCH_MORE,
    **BOOKS,
    **CRASH_COURSE,
}


def _tf1() -> object:
    """tf.compat.v1, with tensorflow-estimator 2.15's v1 estimator attached where it is on
    the path (tf1_estimator.py's recipe; the `cc_` programs need it)."""
    try:
        import tensorflow_estimator  # noqa: F401
    except ImportError:
        return harness.import_tf1(legacy_keras=True)
    try:
        from tests.reference import tf1_estimator
    except ModuleNotFoundError:
        import tf1_estimator
    tf = tf1_estimator._tf_with_estimator()
    del tf.contrib  # only its lookup tables: the prelude re-types what the programs call
    return tf


def main(names: list[str]) -> None:
    tf = _tf1()
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE)
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
