"""Record what TensorFlow 1.x computes for programs as a third round of much-copied TF1
sources write them (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_tutorials3.py \
        > tests/unit/engine/fixtures/tf1_tutorials3.json

(the venv needs `tensorflow-cpu` and `tf-keras` of the same version.)

Re-typed at tiny sizes, in each source's own idioms: TensorFlow's own
`tensorflow/examples/tutorials` (`tx_`: mnist_softmax, mnist_deep, mnist_with_summaries,
fully_connected_feed, word2vec_basic), tensorflow/models' r1 code (`tm_`: official resnet
blocks and schedules, the cifar10 tutorial's towers and moving averages), lengstrom's
fast-style-transfer (`fs_`), hwalsuklee's tensorflow-mnist-VAE and `tf.distributions`
ELBOs (`hw_`), dennybritz's reinforcement-learning and awjuliani's RL tutorials (`rl_`),
omoindrot's triplet loss and Siamese networks (`tl_`), the spatial transformer of
tensorflow/models' research/transformer (`st_`), pointer networks and NTM addressing
(`pn_`), YOLO and SSD post-processing (`yo_`), wiseodd's generative-models (`wo_`), R2RT's
batch norm and scan RNNs (`rt_`) and martin-gorner's tensorflow-without-a-phd (`mg_`).
No data comes from the internet: the programs make small seeded arrays (`mnist(n, seed)`
of tf1_tutorials), and no gym environment runs: RL programs train on seeded transitions.
Initial values are seeded (`tf.set_random_seed`) or explicit. The prelude is
tf1_tutorials2's (`contrib` is graphgate's `tf.contrib` or the few TF 1.15 contrib
functions re-typed over `tf.compat.v1`).

Each program stores what it observed in `out[...]`; `tests/unit/engine/test_tf1_tutorials3.py`
runs the same text against graphgate and compares.
"""

from __future__ import annotations

try:
    from tests.reference import harness, tf1_tutorials2
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_tutorials2


PRELUDE = tf1_tutorials2.PRELUDE

TFEXAMPLES = {
    "tx_mnist_softmax_sparse_losses": r"""
x_train, y_train = mnist(32, seed=11, one_hot=False)
x = tf.placeholder(tf.float32, [None, 784])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.matmul(x, W) + b
y_ = tf.placeholder(tf.int64, [None])
cross_entropy = tf.losses.sparse_softmax_cross_entropy(labels=y_, logits=y)
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
losses = []
for i in range(4):
    batch_xs, batch_ys = x_train[8 * i:8 * i + 8], y_train[8 * i:8 * i + 8]
    _, l = sess.run([train_step, cross_entropy], feed_dict={x: batch_xs, y_: batch_ys})
    losses.append(float(l))
correct_prediction = tf.equal(tf.argmax(y, 1), y_)
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
out["losses"] = losses
out["acc"] = float(sess.run(accuracy, feed_dict={x: x_train, y_: y_train}))
out["b"] = L(b.eval())
out["names"] = [cross_entropy.name, cross_entropy.op.type, correct_prediction.dtype.name,
                [c.name for c in tf.get_collection(tf.GraphKeys.LOSSES)]]
sess.close()
""",
    "tx_mnist_deep": r"""
tf.set_random_seed(3)
x_train, y_train = mnist(16, seed=12)
def deepnn(x):
    with tf.name_scope('reshape'):
        x_image = tf.reshape(x, [-1, 28, 28, 1])
    with tf.name_scope('conv1'):
        W_conv1 = weight_variable([5, 5, 1, 4])
        b_conv1 = bias_variable([4])
        h_conv1 = tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1)
    with tf.name_scope('pool1'):
        h_pool1 = max_pool_2x2(h_conv1)
    with tf.name_scope('conv2'):
        W_conv2 = weight_variable([5, 5, 4, 8])
        b_conv2 = bias_variable([8])
        h_conv2 = tf.nn.relu(conv2d(h_pool1, W_conv2) + b_conv2)
    with tf.name_scope('pool2'):
        h_pool2 = max_pool_2x2(h_conv2)
    with tf.name_scope('fc1'):
        W_fc1 = weight_variable([7 * 7 * 8, 32])
        b_fc1 = bias_variable([32])
        h_pool2_flat = tf.reshape(h_pool2, [-1, 7*7*8])
        h_fc1 = tf.nn.relu(tf.matmul(h_pool2_flat, W_fc1) + b_fc1)
    with tf.name_scope('dropout'):
        keep_prob = tf.placeholder(tf.float32)
        h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)
    with tf.name_scope('fc2'):
        W_fc2 = weight_variable([32, 10])
        b_fc2 = bias_variable([10])
        y_conv = tf.matmul(h_fc1_drop, W_fc2) + b_fc2
    return y_conv, keep_prob
def conv2d(x, W):
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding='SAME')
def max_pool_2x2(x):
    return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)
def bias_variable(shape):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
y_conv, keep_prob = deepnn(x)
with tf.name_scope('loss'):
    cross_entropy = tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv)
cross_entropy = tf.reduce_mean(cross_entropy)
with tf.name_scope('adam_optimizer'):
    train_step = tf.train.AdamOptimizer(1e-3).minimize(cross_entropy)
with tf.name_scope('accuracy'):
    correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
    correct_prediction = tf.cast(correct_prediction, tf.float32)
accuracy = tf.reduce_mean(correct_prediction)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        if i % 2 == 0:
            train_accuracy = accuracy.eval(feed_dict={x: x_train, y_: y_train, keep_prob: 1.0})
            log.append(['step %d, training accuracy %g' % (i, train_accuracy)])
        train_step.run(feed_dict={x: x_train, y_: y_train, keep_prob: 1.0})
        log.append(float(cross_entropy.eval(feed_dict={x: x_train, y_: y_train, keep_prob: 1.0})))
    out["logits"] = L(y_conv.eval(feed_dict={x: x_train[:2], keep_prob: 1.0}))
out["log"] = log
out["names"] = [y_conv.name, keep_prob.name, cross_entropy.name, accuracy.name,
                [v.name for v in tf.global_variables()][:6]]
""",
    "tx_mnist_with_summaries": r"""
tf.set_random_seed(5)
x_train, y_train = mnist(24, seed=13)
log_dir = tempfile.mkdtemp()
sess = tf.InteractiveSession()
with tf.name_scope('input'):
    x = tf.placeholder(tf.float32, [None, 784], name='x-input')
    y_ = tf.placeholder(tf.int64, [None], name='y-input')
with tf.name_scope('input_reshape'):
    image_shaped_input = tf.reshape(x, [-1, 28, 28, 1])
    tf.summary.image('input', image_shaped_input, 10)
def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)
def bias_variable(shape):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)
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
def nn_layer(input_tensor, input_dim, output_dim, layer_name, act=tf.nn.relu):
    with tf.name_scope(layer_name):
        with tf.name_scope('weights'):
            weights = weight_variable([input_dim, output_dim])
            variable_summaries(weights)
        with tf.name_scope('biases'):
            biases = bias_variable([output_dim])
            variable_summaries(biases)
        with tf.name_scope('Wx_plus_b'):
            preactivate = tf.matmul(input_tensor, weights) + biases
            tf.summary.histogram('pre_activations', preactivate)
        activations = act(preactivate, name='activation')
        tf.summary.histogram('activations', activations)
        return activations
hidden1 = nn_layer(x, 784, 50, 'layer1')
with tf.name_scope('dropout'):
    keep_prob = tf.placeholder(tf.float32)
    tf.summary.scalar('dropout_keep_probability', keep_prob)
    dropped = tf.nn.dropout(hidden1, keep_prob)
y = nn_layer(dropped, 50, 10, 'layer2', act=tf.identity)
with tf.name_scope('cross_entropy'):
    with tf.name_scope('total'):
        cross_entropy = tf.losses.sparse_softmax_cross_entropy(labels=y_, logits=y)
tf.summary.scalar('cross_entropy', cross_entropy)
with tf.name_scope('train'):
    train_step = tf.train.AdamOptimizer(0.001).minimize(cross_entropy)
with tf.name_scope('accuracy'):
    with tf.name_scope('correct_prediction'):
        correct_prediction = tf.equal(tf.argmax(y, 1), y_)
    with tf.name_scope('accuracy'):
        accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
tf.summary.scalar('accuracy', accuracy)
merged = tf.summary.merge_all()
train_writer = tf.summary.FileWriter(log_dir + '/train', sess.graph)
test_writer = tf.summary.FileWriter(log_dir + '/test')
tf.global_variables_initializer().run()
def feed_dict(train):
    if train:
        xs, ys = x_train[:16], y_train[:16]; k = 1.0
    else:
        xs, ys = x_train[16:], y_train[16:]; k = 1.0
    return {x: xs, y_: ys.argmax(1), keep_prob: k}
accs = []
for i in range(6):
    if i % 3 == 0:
        summary, acc = sess.run([merged, accuracy], feed_dict=feed_dict(False))
        test_writer.add_summary(summary, i)
        accs.append(float(acc))
    else:
        summary, _ = sess.run([merged, train_step], feed_dict=feed_dict(True))
        train_writer.add_summary(summary, i)
train_writer.close()
test_writer.close()
out["accs"] = accs
out["loss"] = float(sess.run(cross_entropy, feed_dict(True)))
out["tags"] = event_tags(log_dir + '/test')
s = tf.Summary()
s.ParseFromString(sess.run(merged, feed_dict(True)))
out["scalars"] = [[v.tag, v.simple_value] for v in s.value if v.HasField("simple_value")]
out["merged"] = [merged.name, merged.dtype.name, len(tf.get_collection(tf.GraphKeys.SUMMARIES))]
sess.close()
""",
    "tx_fully_connected_feed": r"""
import math
NUM_CLASSES = 10
IMAGE_PIXELS = 784
tf.set_random_seed(7)
def inference(images, hidden1_units, hidden2_units):
    with tf.name_scope('hidden1'):
        weights = tf.Variable(tf.truncated_normal([IMAGE_PIXELS, hidden1_units],
                              stddev=1.0 / math.sqrt(float(IMAGE_PIXELS))), name='weights')
        biases = tf.Variable(tf.zeros([hidden1_units]), name='biases')
        hidden1 = tf.nn.relu(tf.matmul(images, weights) + biases)
    with tf.name_scope('hidden2'):
        weights = tf.Variable(tf.truncated_normal([hidden1_units, hidden2_units],
                              stddev=1.0 / math.sqrt(float(hidden1_units))), name='weights')
        biases = tf.Variable(tf.zeros([hidden2_units]), name='biases')
        hidden2 = tf.nn.relu(tf.matmul(hidden1, weights) + biases)
    with tf.name_scope('softmax_linear'):
        weights = tf.Variable(tf.truncated_normal([hidden2_units, NUM_CLASSES],
                              stddev=1.0 / math.sqrt(float(hidden2_units))), name='weights')
        biases = tf.Variable(tf.zeros([NUM_CLASSES]), name='biases')
        logits = tf.matmul(hidden2, weights) + biases
    return logits
def loss(logits, labels):
    labels = tf.to_int64(labels)
    return tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
def training(loss, learning_rate):
    tf.summary.scalar('loss', loss)
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    global_step = tf.Variable(0, name='global_step', trainable=False)
    train_op = optimizer.minimize(loss, global_step=global_step)
    return train_op
def evaluation(logits, labels):
    correct = tf.nn.in_top_k(logits, labels, 1)
    return tf.reduce_sum(tf.cast(correct, tf.int32))
images_placeholder = tf.placeholder(tf.float32, shape=(8, IMAGE_PIXELS))
labels_placeholder = tf.placeholder(tf.int32, shape=(8))
logits = inference(images_placeholder, 16, 8)
loss_op = loss(logits, labels_placeholder)
train_op = training(loss_op, 0.1)
eval_correct = evaluation(logits, labels_placeholder)
summary = tf.summary.merge_all()
init = tf.global_variables_initializer()
saver = tf.train.Saver()
xs, ys = mnist(32, seed=14, one_hot=False)
def fill_feed_dict(step):
    i = step % 4
    return {images_placeholder: xs[8 * i:8 * i + 8], labels_placeholder: ys[8 * i:8 * i + 8]}
def do_eval(sess):
    true_count = 0
    steps_per_epoch = 32 // 8
    num_examples = steps_per_epoch * 8
    for step in range(steps_per_epoch):
        true_count += sess.run(eval_correct, feed_dict=fill_feed_dict(step))
    precision = float(true_count) / num_examples
    return ['Num examples: %d  Num correct: %d  Precision @ 1: %0.04f' % (num_examples, true_count, precision)]
log = []
d = tempfile.mkdtemp()
with tf.Session() as sess:
    summary_writer = tf.summary.FileWriter(d, sess.graph)
    sess.run(init)
    for step in range(6):
        _, loss_value = sess.run([train_op, loss_op], feed_dict=fill_feed_dict(step))
        log.append(float(loss_value))
        if step % 3 == 0:
            summary_str = sess.run(summary, feed_dict=fill_feed_dict(step))
            summary_writer.add_summary(summary_str, step)
            summary_writer.flush()
    checkpoint_file = os.path.join(d, 'model.ckpt')
    path = saver.save(sess, checkpoint_file, global_step=step)
    log.append(do_eval(sess))
    out["gs"] = int(tf.train.global_step(sess, tf.get_default_graph().get_tensor_by_name('global_step:0')))
with tf.Session() as sess:
    saver.restore(sess, path)
    out["restored_eval"] = do_eval(sess)
out["log"] = log
out["path"] = os.path.basename(path)
out["names"] = [logits.name, loss_op.name, eval_correct.name, train_op.type,
                sorted(v.name for v in tf.trainable_variables())]
""",
    "tx_word2vec_basic": r"""
import collections, random, math
random.seed(0)
words = ("the quick brown fox jumps over the lazy dog and the dog sleeps while the fox "
         "runs over the hill and the quick cat watches the lazy fox").split() * 3
vocabulary_size = 12
def build_dataset(words, n_words):
    count = [['UNK', -1]]
    count.extend(collections.Counter(words).most_common(n_words - 1))
    dictionary = dict()
    for word, _ in count:
        dictionary[word] = len(dictionary)
    data = list()
    unk_count = 0
    for word in words:
        index = dictionary.get(word, 0)
        if index == 0:
            unk_count += 1
        data.append(index)
    count[0][1] = unk_count
    reversed_dictionary = dict(zip(dictionary.values(), dictionary.keys()))
    return data, count, dictionary, reversed_dictionary
data, count, dictionary, reverse_dictionary = build_dataset(words, vocabulary_size)
data_index = 0
def generate_batch(batch_size, num_skips, skip_window):
    global data_index
    assert batch_size % num_skips == 0
    assert num_skips <= 2 * skip_window
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
        words_to_use = random.sample(context_words, num_skips)
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
batch_size = 8; embedding_size = 6; skip_window = 1; num_skips = 2; num_sampled = 4
valid_examples = np.array([1, 2, 3])
tf.set_random_seed(1)
graph = tf.get_default_graph()
with graph.as_default():
    with tf.name_scope('inputs'):
        train_inputs = tf.placeholder(tf.int32, shape=[batch_size])
        train_labels = tf.placeholder(tf.int32, shape=[batch_size, 1])
        valid_dataset = tf.constant(valid_examples, dtype=tf.int32)
    with tf.device('/cpu:0'):
        with tf.name_scope('embeddings'):
            embeddings = tf.Variable(tf.random_uniform([vocabulary_size, embedding_size], -1.0, 1.0))
            embed = tf.nn.embedding_lookup(embeddings, train_inputs)
        with tf.name_scope('weights'):
            nce_weights = tf.Variable(tf.truncated_normal([vocabulary_size, embedding_size],
                                      stddev=1.0 / math.sqrt(embedding_size)))
        with tf.name_scope('biases'):
            nce_biases = tf.Variable(tf.zeros([vocabulary_size]))
    with tf.name_scope('loss'):
        loss = tf.reduce_mean(tf.nn.nce_loss(weights=nce_weights, biases=nce_biases,
                              labels=train_labels, inputs=embed, num_sampled=num_sampled,
                              num_classes=vocabulary_size))
    tf.summary.scalar('loss', loss)
    with tf.name_scope('optimizer'):
        optimizer = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
    norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keepdims=True))
    normalized_embeddings = embeddings / norm
    valid_embeddings = tf.nn.embedding_lookup(normalized_embeddings, valid_dataset)
    similarity = tf.matmul(valid_embeddings, normalized_embeddings, transpose_b=True)
    merged = tf.summary.merge_all()
    init = tf.global_variables_initializer()
    saver = tf.train.Saver()
losses = []
batches = []
with tf.Session(graph=graph) as session:
    init.run()
    for step in range(5):
        batch_inputs, batch_labels = generate_batch(batch_size, num_skips, skip_window)
        batches.append([batch_inputs.tolist(), batch_labels.ravel().tolist()])
        feed_dict = {train_inputs: batch_inputs, train_labels: batch_labels}
        _, summary, loss_val = session.run([optimizer, merged, loss], feed_dict=feed_dict)
        losses.append(float(loss_val))
    sim = similarity.eval()
    nearest = [[reverse_dictionary[k] for k in (-sim[i, :]).argsort()[1:4]] for i in range(3)]
    final_embeddings = normalized_embeddings.eval()
out["count"] = count[:4]
out["batches"] = batches
out["losses"] = losses
out["sim"] = L(sim)
out["nearest"] = nearest
out["final_norms"] = L(np.linalg.norm(final_embeddings, axis=1))
""",
    "tx_word2vec_sampled_softmax": r"""
tf.set_random_seed(2)
vocab, dim, batch = 20, 5, 6
inputs = tf.placeholder(tf.int32, [batch])
labels = tf.placeholder(tf.int64, [batch, 1])
emb = tf.Variable(tf.random_uniform([vocab, dim], -1.0, 1.0))
sm_w = tf.Variable(tf.truncated_normal([vocab, dim], stddev=0.5))
sm_b = tf.Variable(tf.zeros([vocab]))
embed = tf.nn.embedding_lookup(emb, inputs)
sampled = tf.nn.sampled_softmax_loss(weights=sm_w, biases=sm_b, labels=labels, inputs=embed,
                                     num_sampled=5, num_classes=vocab)
loss = tf.reduce_mean(sampled)
full_logits = tf.matmul(embed, sm_w, transpose_b=True) + sm_b
full = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=tf.squeeze(labels, 1), logits=full_logits))
train = tf.train.AdagradOptimizer(0.5).minimize(loss)
rng = np.random.RandomState(3)
feed = {inputs: rng.randint(0, vocab, batch), labels: rng.randint(0, vocab, (batch, 1))}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["full_before"] = float(sess.run(full, feed))
    out["losses"] = [float(sess.run([train, loss], feed)[1]) for _ in range(4)]
    out["full_after"] = float(sess.run(full, feed))
    out["shape"] = sampled.shape.as_list()
""",
}

TFMODELS = {
    "tm_resnet_v1_v2_blocks_train": r"""
_BATCH_NORM_DECAY = 0.997
_BATCH_NORM_EPSILON = 1e-5
tf.set_random_seed(9)
def batch_norm(inputs, training, data_format):
    return tf.layers.batch_normalization(
        inputs=inputs, axis=1 if data_format == 'channels_first' else 3,
        momentum=_BATCH_NORM_DECAY, epsilon=_BATCH_NORM_EPSILON, center=True,
        scale=True, training=training, fused=True)
def fixed_padding(inputs, kernel_size, data_format):
    pad_total = kernel_size - 1
    pad_beg = pad_total // 2
    pad_end = pad_total - pad_beg
    if data_format == 'channels_first':
        padded_inputs = tf.pad(inputs, [[0, 0], [0, 0], [pad_beg, pad_end], [pad_beg, pad_end]])
    else:
        padded_inputs = tf.pad(inputs, [[0, 0], [pad_beg, pad_end], [pad_beg, pad_end], [0, 0]])
    return padded_inputs
def conv2d_fixed_padding(inputs, filters, kernel_size, strides, data_format):
    if strides > 1:
        inputs = fixed_padding(inputs, kernel_size, data_format)
    return tf.layers.conv2d(
        inputs=inputs, filters=filters, kernel_size=kernel_size, strides=strides,
        padding=('SAME' if strides == 1 else 'VALID'), use_bias=False,
        kernel_initializer=tf.variance_scaling_initializer(), data_format=data_format)
def _building_block_v1(inputs, filters, training, projection_shortcut, strides, data_format):
    shortcut = inputs
    if projection_shortcut is not None:
        shortcut = projection_shortcut(inputs)
        shortcut = batch_norm(inputs=shortcut, training=training, data_format=data_format)
    inputs = conv2d_fixed_padding(inputs=inputs, filters=filters, kernel_size=3, strides=strides,
                                  data_format=data_format)
    inputs = batch_norm(inputs, training, data_format)
    inputs = tf.nn.relu(inputs)
    inputs = conv2d_fixed_padding(inputs=inputs, filters=filters, kernel_size=3, strides=1,
                                  data_format=data_format)
    inputs = batch_norm(inputs, training, data_format)
    inputs += shortcut
    inputs = tf.nn.relu(inputs)
    return inputs
def _bottleneck_block_v2(inputs, filters, training, projection_shortcut, strides, data_format):
    shortcut = inputs
    inputs = batch_norm(inputs, training, data_format)
    inputs = tf.nn.relu(inputs)
    if projection_shortcut is not None:
        shortcut = projection_shortcut(inputs)
    inputs = conv2d_fixed_padding(inputs=inputs, filters=filters, kernel_size=1, strides=1,
                                  data_format=data_format)
    inputs = batch_norm(inputs, training, data_format)
    inputs = tf.nn.relu(inputs)
    inputs = conv2d_fixed_padding(inputs=inputs, filters=filters, kernel_size=3, strides=strides,
                                  data_format=data_format)
    inputs = batch_norm(inputs, training, data_format)
    inputs = tf.nn.relu(inputs)
    inputs = conv2d_fixed_padding(inputs=inputs, filters=4 * filters, kernel_size=1, strides=1,
                                  data_format=data_format)
    return inputs + shortcut
def block_layer(inputs, filters, bottleneck, block_fn, blocks, strides, training, name, data_format):
    filters_out = filters * 4 if bottleneck else filters
    def projection_shortcut(inputs):
        return conv2d_fixed_padding(inputs=inputs, filters=filters_out, kernel_size=1,
                                    strides=strides, data_format=data_format)
    inputs = block_fn(inputs, filters, training, projection_shortcut, strides, data_format)
    for _ in range(1, blocks):
        inputs = block_fn(inputs, filters, training, None, 1, data_format)
    return tf.identity(inputs, name)
images = tf.placeholder(tf.float32, [4, 8, 8, 3])
labels = tf.placeholder(tf.int32, [4])
training = tf.placeholder_with_default(False, [])
with tf.variable_scope('resnet_model'):
    net = conv2d_fixed_padding(images, 4, 3, 1, 'channels_last')
    net = tf.identity(net, 'initial_conv')
    net = block_layer(net, 4, False, _building_block_v1, 2, 1, training, 'block_layer1', 'channels_last')
    net = block_layer(net, 2, True, _bottleneck_block_v2, 1, 2, training, 'block_layer2', 'channels_last')
    net = batch_norm(net, training, 'channels_last')
    net = tf.nn.relu(net)
    axes = [1, 2]
    net = tf.reduce_mean(net, axes, keepdims=True)
    net = tf.identity(net, 'final_reduce_mean')
    net = tf.squeeze(net, axes)
    logits = tf.layers.dense(inputs=net, units=3)
    logits = tf.identity(logits, 'final_dense')
cross_entropy = tf.losses.sparse_softmax_cross_entropy(logits=logits, labels=labels)
l2_loss = 2e-4 * tf.add_n([tf.nn.l2_loss(tf.cast(v, tf.float32)) for v in tf.trainable_variables()
                           if 'batch_normalization' not in v.name])
loss = cross_entropy + l2_loss
global_step = tf.train.get_or_create_global_step()
boundaries = [2, 4]
vals = [0.1, 0.01, 0.001]
learning_rate = tf.train.piecewise_constant(tf.cast(global_step, tf.int32), boundaries, vals)
optimizer = tf.train.MomentumOptimizer(learning_rate=learning_rate, momentum=0.9)
minimize_op = optimizer.minimize(loss, global_step)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
train_op = tf.group(minimize_op, update_ops)
rng = np.random.RandomState(4)
feed = {images: rng.rand(4, 8, 8, 3).astype(np.float32), labels: [0, 1, 2, 1], training: True}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for _ in range(5):
        lr, l = sess.run([learning_rate, loss], feed)
        sess.run(train_op, feed)
        log.append([float(lr), float(l)])
    out["log"] = log
    out["eval_logits"] = L(sess.run(logits, {images: feed[images]}))
    out["moving_mean"] = L(sess.run(tf.get_default_graph().get_tensor_by_name(
        'resnet_model/batch_normalization/moving_mean:0')))
out["n_update_ops"] = len(update_ops)
out["vars"] = [v.name for v in tf.global_variables()][:12]
out["shapes"] = [str(net.shape), str(logits.shape)]
""",
    "tm_cifar10_train_moving_averages": r"""
import re
tf.set_random_seed(10)
BATCH = 4
MOVING_AVERAGE_DECAY = 0.9999
NUM_EPOCHS_PER_DECAY = 350.0
LEARNING_RATE_DECAY_FACTOR = 0.1
INITIAL_LEARNING_RATE = 0.1
TOWER_NAME = 'tower'
def _activation_summary(x):
    tensor_name = re.sub('%s_[0-9]*/' % TOWER_NAME, '', x.op.name)
    tf.summary.histogram(tensor_name + '/activations', x)
    tf.summary.scalar(tensor_name + '/sparsity', tf.nn.zero_fraction(x))
def _variable_on_cpu(name, shape, initializer):
    with tf.device('/cpu:0'):
        var = tf.get_variable(name, shape, initializer=initializer, dtype=tf.float32)
    return var
def _variable_with_weight_decay(name, shape, stddev, wd):
    var = _variable_on_cpu(name, shape, tf.truncated_normal_initializer(stddev=stddev, dtype=tf.float32))
    if wd is not None:
        weight_decay = tf.multiply(tf.nn.l2_loss(var), wd, name='weight_loss')
        tf.add_to_collection('losses', weight_decay)
    return var
def inference(images):
    with tf.variable_scope('conv1') as scope:
        kernel = _variable_with_weight_decay('weights', shape=[5, 5, 3, 8], stddev=5e-2, wd=None)
        conv = tf.nn.conv2d(images, kernel, [1, 1, 1, 1], padding='SAME')
        biases = _variable_on_cpu('biases', [8], tf.constant_initializer(0.0))
        pre_activation = tf.nn.bias_add(conv, biases)
        conv1 = tf.nn.relu(pre_activation, name=scope.name)
        _activation_summary(conv1)
    pool1 = tf.nn.max_pool(conv1, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='SAME', name='pool1')
    norm1 = tf.nn.lrn(pool1, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75, name='norm1')
    with tf.variable_scope('local3') as scope:
        reshape = tf.reshape(norm1, [images.get_shape().as_list()[0], -1])
        dim = reshape.get_shape()[1].value
        weights = _variable_with_weight_decay('weights', shape=[dim, 16], stddev=0.04, wd=0.004)
        biases = _variable_on_cpu('biases', [16], tf.constant_initializer(0.1))
        local3 = tf.nn.relu(tf.matmul(reshape, weights) + biases, name=scope.name)
        _activation_summary(local3)
    with tf.variable_scope('softmax_linear') as scope:
        weights = _variable_with_weight_decay('weights', [16, 10], stddev=1/16.0, wd=None)
        biases = _variable_on_cpu('biases', [10], tf.constant_initializer(0.0))
        softmax_linear = tf.add(tf.matmul(local3, weights), biases, name=scope.name)
        _activation_summary(softmax_linear)
    return softmax_linear
def loss(logits, labels):
    labels = tf.cast(labels, tf.int64)
    cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels, logits=logits, name='cross_entropy_per_example')
    cross_entropy_mean = tf.reduce_mean(cross_entropy, name='cross_entropy')
    tf.add_to_collection('losses', cross_entropy_mean)
    return tf.add_n(tf.get_collection('losses'), name='total_loss')
def _add_loss_summaries(total_loss):
    loss_averages = tf.train.ExponentialMovingAverage(0.9, name='avg')
    losses = tf.get_collection('losses')
    loss_averages_op = loss_averages.apply(losses + [total_loss])
    for l in losses + [total_loss]:
        tf.summary.scalar(l.op.name + ' (raw)', l)
        tf.summary.scalar(l.op.name, loss_averages.average(l))
    return loss_averages_op, loss_averages
def train(total_loss, global_step):
    num_batches_per_epoch = 50000 / BATCH
    decay_steps = int(num_batches_per_epoch * NUM_EPOCHS_PER_DECAY)
    lr = tf.train.exponential_decay(INITIAL_LEARNING_RATE, global_step, decay_steps,
                                    LEARNING_RATE_DECAY_FACTOR, staircase=True)
    tf.summary.scalar('learning_rate', lr)
    loss_averages_op, loss_averages = _add_loss_summaries(total_loss)
    with tf.control_dependencies([loss_averages_op]):
        opt = tf.train.GradientDescentOptimizer(lr)
        grads = opt.compute_gradients(total_loss)
    apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)
    for var in tf.trainable_variables():
        tf.summary.histogram(var.op.name, var)
    for grad, var in grads:
        if grad is not None:
            tf.summary.histogram(var.op.name + '/gradients', grad)
    variable_averages = tf.train.ExponentialMovingAverage(MOVING_AVERAGE_DECAY, global_step)
    with tf.control_dependencies([apply_gradient_op]):
        variables_averages_op = variable_averages.apply(tf.trainable_variables())
    return variables_averages_op, loss_averages, variable_averages
global_step = tf.train.get_or_create_global_step()
rng = np.random.RandomState(5)
images = tf.constant(rng.rand(BATCH, 12, 12, 3).astype(np.float32))
labels = tf.constant([1, 3, 5, 7])
logits = inference(images)
total = loss(logits, labels)
train_op, loss_averages, variable_averages = train(total, global_step)
d = tempfile.mkdtemp()
log = []
with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_checkpoint_secs=None,
                                       save_summaries_steps=None,
                                       hooks=[tf.train.StopAtStepHook(last_step=4)]) as mon_sess:
    while not mon_sess.should_stop():
        log.append(float(mon_sess.run([train_op, total])[1]))
out["log"] = log
out["avg_names"] = sorted(variable_averages.variables_to_restore())[:6]
out["loss_avg_names"] = [loss_averages.average_name(t) for t in tf.get_collection('losses')]
out["summaries"] = sorted(s.op.name if hasattr(s, 'op') else s.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES))[:8]
""",
    "tm_cifar10_eval_restore_averages": r"""
tf.set_random_seed(11)
d = tempfile.mkdtemp()
def model(x):
    with tf.variable_scope('local'):
        w = tf.get_variable('weights', [6, 4], initializer=tf.truncated_normal_initializer(stddev=0.5))
        b = tf.get_variable('biases', [4], initializer=tf.constant_initializer(0.1))
    return tf.matmul(x, w) + b
rng = np.random.RandomState(6)
xs = rng.rand(8, 6).astype(np.float32)
ys = np.array([0, 1, 2, 3, 3, 2, 1, 0])
with tf.Graph().as_default():
    tf.set_random_seed(11)
    global_step = tf.train.get_or_create_global_step()
    logits = model(tf.constant(xs))
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ys, logits=logits))
    opt = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=global_step)
    ema = tf.train.ExponentialMovingAverage(0.9, global_step)
    with tf.control_dependencies([opt]):
        train_op = ema.apply(tf.trainable_variables())
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(train_op)
        raw_w = sess.run(tf.trainable_variables())
        avg_w = sess.run([ema.average(v) for v in tf.trainable_variables()])
        saver.save(sess, os.path.join(d, 'model.ckpt'), global_step=global_step)
with tf.Graph().as_default():
    logits = model(tf.constant(xs))
    top_k_op = tf.nn.in_top_k(logits, ys, 1)
    variable_averages = tf.train.ExponentialMovingAverage(0.9999)
    variables_to_restore = variable_averages.variables_to_restore()
    saver = tf.train.Saver(variables_to_restore)
    with tf.Session() as sess:
        ckpt = tf.train.get_checkpoint_state(d)
        saver.restore(sess, ckpt.model_checkpoint_path)
        global_step = ckpt.model_checkpoint_path.split('/')[-1].split('-')[-1]
        predictions = sess.run([top_k_op])
        true_count = int(np.sum(predictions))
        out["restored"] = [L(v) for v in sess.run(tf.trainable_variables())]
out["raw"] = [L(v) for v in raw_w]
out["avg"] = [L(v) for v in avg_w]
out["gs"] = global_step
out["true_count"] = true_count
out["vtr"] = sorted(variables_to_restore)
""",
    "tm_cifar10_multi_gpu_towers": r"""
tf.set_random_seed(12)
def tower_loss(scope, images, labels):
    with tf.variable_scope('net', reuse=tf.AUTO_REUSE):
        w = tf.get_variable('weights', [5, 3], initializer=tf.truncated_normal_initializer(stddev=0.3))
        wd = tf.multiply(tf.nn.l2_loss(w), 0.01, name='weight_loss')
        tf.add_to_collection('losses', wd)
    logits = tf.matmul(images, w)
    xent = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits),
                          name='cross_entropy')
    tf.add_to_collection('losses', xent)
    losses = tf.get_collection('losses', scope)
    total_loss = tf.add_n(losses, name='total_loss')
    return total_loss, [l.op.name for l in losses]
def average_gradients(tower_grads):
    average_grads = []
    for grad_and_vars in zip(*tower_grads):
        grads = []
        for g, _ in grad_and_vars:
            expanded_g = tf.expand_dims(g, 0)
            grads.append(expanded_g)
        grad = tf.concat(axis=0, values=grads)
        grad = tf.reduce_mean(grad, 0)
        v = grad_and_vars[0][1]
        grad_and_var = (grad, v)
        average_grads.append(grad_and_var)
    return average_grads
rng = np.random.RandomState(7)
data = [(rng.rand(4, 5).astype(np.float32), rng.randint(0, 3, 4)) for _ in range(2)]
global_step = tf.get_variable('global_step', [], initializer=tf.constant_initializer(0), trainable=False)
opt = tf.train.GradientDescentOptimizer(0.3)
tower_grads = []
names = []
with tf.variable_scope(tf.get_variable_scope()):
    for i in range(2):
        with tf.device('/cpu:0'):
            with tf.name_scope('%s_%d' % ('tower', i)) as scope:
                loss, ln = tower_loss(scope, tf.constant(data[i][0]), tf.constant(data[i][1]))
                names.append(ln)
                tf.get_variable_scope().reuse_variables()
                grads = opt.compute_gradients(loss)
                tower_grads.append(grads)
grads = average_gradients(tower_grads)
apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)
with tf.Session(config=tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)) as sess:
    sess.run(tf.global_variables_initializer())
    g0 = sess.run(grads[0][0])
    for _ in range(3):
        sess.run(apply_gradient_op)
    out["w"] = L(sess.run(tf.trainable_variables()[0]))
    out["gs"] = float(sess.run(global_step))
out["g0"] = L(g0)
out["names"] = names
out["all_losses"] = [l.op.name for l in tf.get_collection('losses')]
""",
    "tm_official_lr_warmup_and_schedules": r"""
global_step = tf.train.get_or_create_global_step()
def learning_rate_with_decay(batch_size, batch_denom, num_images, boundary_epochs, decay_rates,
                             base_lr=0.1, warmup=False):
    initial_learning_rate = base_lr * batch_size / batch_denom
    batches_per_epoch = num_images / batch_size
    boundaries = [int(batches_per_epoch * epoch) for epoch in boundary_epochs]
    vals = [initial_learning_rate * decay for decay in decay_rates]
    def learning_rate_fn(global_step):
        lr = tf.train.piecewise_constant(global_step, boundaries, vals)
        if warmup:
            warmup_steps = int(batches_per_epoch * 5)
            warmup_lr = (initial_learning_rate * tf.cast(global_step, tf.float32) / tf.cast(
                warmup_steps, tf.float32))
            return tf.cond(pred=global_step < warmup_steps, true_fn=lambda: warmup_lr,
                           false_fn=lambda: lr)
        return lr
    return learning_rate_fn
fn = learning_rate_with_decay(batch_size=4, batch_denom=256, num_images=8,
                              boundary_epochs=[6, 8, 10], decay_rates=[1, 0.1, 0.01, 0.001],
                              warmup=True)
lr = fn(global_step)
def get_learning_rate_warmup(learning_rate, hparams_warmup_steps, global_step):
    warmup_factor = tf.exp(tf.log(0.01) / hparams_warmup_steps)
    inv_decay = warmup_factor**(tf.to_float(hparams_warmup_steps - global_step))
    return tf.cond(global_step < hparams_warmup_steps, lambda: inv_decay * learning_rate,
                   lambda: learning_rate, name="learning_rate_warump_cond")
def get_learning_rate_decay(learning_rate, start_decay_step, decay_steps, global_step):
    return tf.cond(global_step < start_decay_step, lambda: learning_rate,
                   lambda: tf.train.exponential_decay(learning_rate, (global_step - start_decay_step),
                                                      decay_steps, 0.5, staircase=True),
                   name="learning_rate_decay_cond")
nmt_lr = get_learning_rate_decay(get_learning_rate_warmup(tf.constant(1.0), 4, global_step), 8, 3, global_step)
noam = 0.5 * 8 ** -0.5 * tf.minimum(tf.to_float(global_step + 1) * 4.0 ** -1.5,
                                     tf.to_float(global_step + 1) ** -0.5)
poly = tf.train.polynomial_decay(0.1, global_step, 10, end_learning_rate=0.001, power=0.9)
cos = tf.train.cosine_decay(0.1, global_step, 12, alpha=0.05)
inc = tf.assign_add(global_step, 1)
rows = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(14):
        rows.append([float(v) for v in sess.run([lr, nmt_lr, noam, poly, cos])])
        sess.run(inc)
out["rows"] = rows
out["names"] = [lr.name, nmt_lr.name, poly.name, lr.dtype.name]
""",
}

STYLE_VAE = {
    "fs_transform_net_and_losses": r"""
tf.set_random_seed(21)
WEIGHTS_INIT_STDEV = .1
def net(image):
    conv1 = _conv_layer(image, 4, 9, 1)
    conv2 = _conv_layer(conv1, 8, 3, 2)
    resid1 = _residual_block(conv2, 3)
    conv_t1 = _conv_tranpose_layer(resid1, 4, 3, 2)
    conv_t3 = _conv_layer(conv_t1, 3, 9, 1, relu=False)
    preds = tf.nn.tanh(conv_t3) * 150 + 255./2
    return preds
def _conv_layer(net, num_filters, filter_size, strides, relu=True):
    weights_init = _conv_init_vars(net, num_filters, filter_size)
    strides_shape = [1, strides, strides, 1]
    net = tf.nn.conv2d(net, weights_init, strides_shape, padding='SAME')
    net = _instance_norm(net)
    if relu:
        net = tf.nn.relu(net)
    return net
def _conv_tranpose_layer(net, num_filters, filter_size, strides):
    weights_init = _conv_init_vars(net, num_filters, filter_size, transpose=True)
    batch_size, rows, cols, in_channels = [i.value for i in net.get_shape()]
    new_rows, new_cols = int(rows * strides), int(cols * strides)
    new_shape = [batch_size, new_rows, new_cols, num_filters]
    tf_shape = tf.stack(new_shape)
    strides_shape = [1, strides, strides, 1]
    net = tf.nn.conv2d_transpose(net, weights_init, tf_shape, strides_shape, padding='SAME')
    net = _instance_norm(net)
    return tf.nn.relu(net)
def _residual_block(net, filter_size=3):
    tmp = _conv_layer(net, 8, filter_size, 1)
    return net + _conv_layer(tmp, 8, filter_size, 1, relu=False)
def _instance_norm(net, train=True):
    batch, rows, cols, channels = [i.value for i in net.get_shape()]
    var_shape = [channels]
    mu, sigma_sq = tf.nn.moments(net, [1, 2], keep_dims=True)
    shift = tf.Variable(tf.zeros(var_shape))
    scale = tf.Variable(tf.ones(var_shape))
    epsilon = 1e-3
    normalized = (net - mu) / (sigma_sq + epsilon) ** (.5)
    return scale * normalized + shift
def _conv_init_vars(net, out_channels, filter_size, transpose=False):
    _, rows, cols, in_channels = [i.value for i in net.get_shape()]
    if not transpose:
        weights_shape = [filter_size, filter_size, in_channels, out_channels]
    else:
        weights_shape = [filter_size, filter_size, out_channels, in_channels]
    weights_init = tf.Variable(tf.truncated_normal(weights_shape, stddev=WEIGHTS_INIT_STDEV, seed=1),
                               dtype=tf.float32)
    return weights_init
def _tensor_size(tensor):
    from operator import mul
    from functools import reduce
    return reduce(mul, (d.value for d in tensor.get_shape()[1:]), 1)
def gram(layer):
    bs, height, width, filters = [i.value for i in layer.get_shape()]
    size = height * width * filters
    feats = tf.reshape(layer, (bs, height * width, filters))
    feats_T = tf.transpose(feats, perm=[0, 2, 1])
    return tf.matmul(feats_T, feats) / size
batch_shape = (2, 8, 8, 3)
X_content = tf.placeholder(tf.float32, shape=batch_shape, name="X_content")
preds = net(X_content / 255.0)
content_size = _tensor_size(X_content) * 2
content_loss = 7.5 * (2 * tf.nn.l2_loss(preds - X_content) / content_size)
style_gram = gram(X_content / 255.0)
style_loss = 100.0 * 2 * tf.nn.l2_loss(gram(preds / 255.0) - style_gram) / 16.0
tv_y_size = _tensor_size(preds[:, 1:, :, :])
tv_x_size = _tensor_size(preds[:, :, 1:, :])
y_tv = tf.nn.l2_loss(preds[:, 1:, :, :] - preds[:, :batch_shape[1]-1, :, :])
x_tv = tf.nn.l2_loss(preds[:, :, 1:, :] - preds[:, :, :batch_shape[2]-1, :])
tv_loss = 200.0 * 2 * (x_tv / tv_x_size + y_tv / tv_y_size) / 2
loss = content_loss + style_loss + tv_loss
train_step = tf.train.AdamOptimizer(1e-2).minimize(loss)
rng = np.random.RandomState(8)
X_batch = (rng.rand(*batch_shape) * 255).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    for _ in range(3):
        sess.run(train_step, feed_dict={X_content: X_batch})
        log.append([float(v) for v in sess.run([content_loss, style_loss, tv_loss, loss], {X_content: X_batch})])
    out["preds"] = L(sess.run(preds, {X_content: X_batch})[0, :2, :2])
out["log"] = log
out["shapes"] = [str(preds.shape), str(style_gram.shape), tv_y_size, content_size]
""",
    "hw_vae_gaussian_mlp_bernoulli": r"""
tf.set_random_seed(22)
if hasattr(tf, "contrib"):
    variance_scaling_initializer = tf.contrib.layers.variance_scaling_initializer
else:  # TF 1.15's contrib.layers one (factor 2, FAN_IN, truncated normal of 1.3 factor / n)
    def variance_scaling_initializer(factor=2.0, seed=None, dtype=tf.float32):
        def _initializer(shape, dtype=dtype, partition_info=None):
            n = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
            for dim in shape[:-2]:
                n *= float(dim)
            return tf.truncated_normal(shape, 0.0, np.sqrt(1.3 * factor / n), dtype, seed=seed)
        return _initializer
def gaussian_MLP_encoder(x, n_hidden, n_output, keep_prob):
    with tf.variable_scope("gaussian_MLP_encoder"):
        w_init = variance_scaling_initializer()
        b_init = tf.constant_initializer(0.)
        w0 = tf.get_variable('w0', [x.get_shape()[1], n_hidden], initializer=w_init)
        b0 = tf.get_variable('b0', [n_hidden], initializer=b_init)
        h0 = tf.matmul(x, w0) + b0
        h0 = tf.nn.elu(h0)
        h0 = tf.nn.dropout(h0, keep_prob)
        w1 = tf.get_variable('w1', [h0.get_shape()[1], n_hidden], initializer=w_init)
        b1 = tf.get_variable('b1', [n_hidden], initializer=b_init)
        h1 = tf.matmul(h0, w1) + b1
        h1 = tf.nn.tanh(h1)
        h1 = tf.nn.dropout(h1, keep_prob)
        wo = tf.get_variable('wo', [h1.get_shape()[1], n_output * 2], initializer=w_init)
        bo = tf.get_variable('bo', [n_output * 2], initializer=b_init)
        gaussian_params = tf.matmul(h1, wo) + bo
        mean = gaussian_params[:, :n_output]
        stddev = 1e-6 + tf.nn.softplus(gaussian_params[:, n_output:])
    return mean, stddev
def bernoulli_MLP_decoder(z, n_hidden, n_output, keep_prob, reuse=False):
    with tf.variable_scope("bernoulli_MLP_decoder", reuse=reuse):
        w_init = variance_scaling_initializer()
        b_init = tf.constant_initializer(0.)
        w0 = tf.get_variable('w0', [z.get_shape()[1], n_hidden], initializer=w_init)
        b0 = tf.get_variable('b0', [n_hidden], initializer=b_init)
        h0 = tf.nn.tanh(tf.matmul(z, w0) + b0)
        h0 = tf.nn.dropout(h0, keep_prob)
        w1 = tf.get_variable('w1', [h0.get_shape()[1], n_hidden], initializer=w_init)
        b1 = tf.get_variable('b1', [n_hidden], initializer=b_init)
        h1 = tf.nn.elu(tf.matmul(h0, w1) + b1)
        h1 = tf.nn.dropout(h1, keep_prob)
        wo = tf.get_variable('wo', [h1.get_shape()[1], n_output], initializer=w_init)
        bo = tf.get_variable('bo', [n_output], initializer=b_init)
        y = tf.sigmoid(tf.matmul(h1, wo) + bo)
    return y
def autoencoder(x_hat, x, dim_img, dim_z, n_hidden, keep_prob):
    mu, sigma = gaussian_MLP_encoder(x_hat, n_hidden, dim_z, keep_prob)
    z = mu + sigma * tf.random_normal(tf.shape(mu), 0, 1, dtype=tf.float32)
    y = bernoulli_MLP_decoder(z, n_hidden, dim_img, keep_prob)
    y = tf.clip_by_value(y, 1e-8, 1 - 1e-8)
    marginal_likelihood = tf.reduce_sum(x * tf.log(y) + (1 - x) * tf.log(1 - y), 1)
    KL_divergence = 0.5 * tf.reduce_sum(tf.square(mu) + tf.square(sigma) - tf.log(1e-8 + tf.square(sigma)) - 1, 1)
    marginal_likelihood = tf.reduce_mean(marginal_likelihood)
    KL_divergence = tf.reduce_mean(KL_divergence)
    ELBO = marginal_likelihood - KL_divergence
    loss = -ELBO
    return y, z, loss, -marginal_likelihood, KL_divergence
def decoder(z, dim_img, n_hidden):
    return bernoulli_MLP_decoder(z, n_hidden, dim_img, 1.0, reuse=True)
dim_img = 784; dim_z = 2; n_hidden = 16
x_hat = tf.placeholder(tf.float32, shape=[None, dim_img], name='input_img')
x = tf.placeholder(tf.float32, shape=[None, dim_img], name='target_img')
keep_prob = tf.placeholder(tf.float32, name='keep_prob')
z_in = tf.placeholder(tf.float32, shape=[None, dim_z], name='latent_variable')
y, z, loss, neg_marginal_likelihood, KL_divergence = autoencoder(x_hat, x, dim_img, dim_z, n_hidden, keep_prob)
decoded = decoder(z_in, dim_img, n_hidden)
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
xs, _ = mnist(8, seed=15)
xs = (xs > 0.5).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer(), feed_dict={keep_prob: 0.9})
    log = []
    for epoch in range(3):
        _, tot_loss, loss_likelihood, loss_divergence = sess.run(
            (train_op, loss, neg_marginal_likelihood, KL_divergence),
            feed_dict={x_hat: xs, x: xs, keep_prob: 1.0})
        log.append("epoch %d: L_tot %03.2f L_likelihood %03.2f L_divergence %03.2f" % (
            epoch, tot_loss, loss_likelihood, loss_divergence))
    out["decoded"] = L(sess.run(decoded, {z_in: [[0., 0.], [1., -1.]]})[:, :5])
    out["w0"] = L(sess.run(tf.trainable_variables()[0])[:3])
out["log"] = log
out["vars"] = [v.name for v in tf.trainable_variables()]
""",
    "hw_distributions_elbo": r"""
tf.set_random_seed(23)
tfd = tf.contrib.distributions if hasattr(tf, "contrib") else tf.distributions
x = tf.placeholder(tf.float32, [None, 6])
h = tf.layers.dense(x, 8, tf.nn.relu, kernel_initializer=tf.glorot_uniform_initializer(seed=1))
loc = tf.layers.dense(h, 2, kernel_initializer=tf.glorot_uniform_initializer(seed=2))
scale = tf.layers.dense(h, 2, tf.nn.softplus, kernel_initializer=tf.glorot_uniform_initializer(seed=3))
posterior = tfd.Normal(loc=loc, scale=scale)
prior = tfd.Normal(loc=tf.zeros([2]), scale=tf.ones([2]))
eps = tf.placeholder(tf.float32, [None, 2])
code = loc + scale * eps
logits = tf.layers.dense(code, 6, kernel_initializer=tf.glorot_uniform_initializer(seed=4))
likelihood = tfd.Bernoulli(logits=logits)
ll = tf.reduce_sum(likelihood.log_prob(x), 1)
kl = tf.reduce_sum(tfd.kl_divergence(posterior, prior), 1)
kl_mc = tf.reduce_sum(posterior.log_prob(code) - prior.log_prob(code), 1)
elbo = tf.reduce_mean(ll - kl)
train = tf.train.AdamOptimizer(0.01).minimize(-elbo)
rng = np.random.RandomState(9)
feed = {x: (rng.rand(5, 6) > 0.5).astype(np.float32), eps: rng.randn(5, 2).astype(np.float32)}
cat = tfd.Categorical(logits=[[1.0, 2.0, 0.5], [0.0, 0.0, 0.0]])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["kl"] = L(sess.run(kl, feed)); out["kl_mc"] = L(sess.run(kl_mc, feed))
    out["elbo"] = [float(sess.run([train, elbo], feed)[1]) for _ in range(4)]
    out["mean_entropy"] = L(sess.run([likelihood.mean(), posterior.entropy(), posterior.stddev()], feed)[1])
    out["cat"] = [L(v) for v in sess.run([cat.entropy(), cat.log_prob([1, 2]), cat.probs])]
out["batch_shape"] = [str(posterior.batch_shape), str(prior.event_shape), posterior.name, str(cat.batch_shape)]
""",
}

RL = {
    "rl_dqn_estimator_copy_and_replay": r"""
import random, itertools
from collections import namedtuple
random.seed(1)
tf.set_random_seed(24)
VALID_ACTIONS = [0, 1, 2, 3]
class Estimator():
    def __init__(self, scope="estimator", summaries_dir=None):
        self.scope = scope
        self.summary_writer = None
        with tf.variable_scope(scope):
            self._build_model()
    def _build_model(self):
        self.X_pl = tf.placeholder(shape=[None, 12, 12, 2], dtype=tf.uint8, name="X")
        self.y_pl = tf.placeholder(shape=[None], dtype=tf.float32, name="y")
        self.actions_pl = tf.placeholder(shape=[None], dtype=tf.int32, name="actions")
        X = tf.to_float(self.X_pl) / 255.0
        batch_size = tf.shape(self.X_pl)[0]
        conv1 = tf.layers.conv2d(X, 4, 4, 2, activation=tf.nn.relu)
        conv2 = tf.layers.conv2d(conv1, 8, 3, 1, activation=tf.nn.relu)
        flattened = tf.layers.flatten(conv2)
        fc1 = tf.layers.dense(flattened, 16, activation=tf.nn.relu)
        self.predictions = tf.layers.dense(fc1, len(VALID_ACTIONS))
        gather_indices = tf.range(batch_size) * tf.shape(self.predictions)[1] + self.actions_pl
        self.action_predictions = tf.gather(tf.reshape(self.predictions, [-1]), gather_indices)
        self.losses = tf.squared_difference(self.y_pl, self.action_predictions)
        self.loss = tf.reduce_mean(self.losses)
        self.optimizer = tf.train.RMSPropOptimizer(0.00025, 0.99, 0.0, 1e-6)
        self.train_op = self.optimizer.minimize(self.loss, global_step=tf.train.get_global_step())
        self.summaries = tf.summary.merge([
            tf.summary.scalar("loss", self.loss),
            tf.summary.histogram("loss_hist", self.losses),
            tf.summary.histogram("q_values_hist", self.predictions),
            tf.summary.scalar("max_q_value", tf.reduce_max(self.predictions))])
    def predict(self, sess, s):
        return sess.run(self.predictions, { self.X_pl: s })
    def update(self, sess, s, a, y):
        feed_dict = { self.X_pl: s, self.y_pl: y, self.actions_pl: a }
        summaries, global_step, _, loss = sess.run(
            [self.summaries, tf.train.get_global_step(), self.train_op, self.loss], feed_dict)
        return loss
def copy_model_parameters(sess, estimator1, estimator2):
    e1_params = [t for t in tf.trainable_variables() if t.name.startswith(estimator1.scope)]
    e1_params = sorted(e1_params, key=lambda v: v.name)
    e2_params = [t for t in tf.trainable_variables() if t.name.startswith(estimator2.scope)]
    e2_params = sorted(e2_params, key=lambda v: v.name)
    update_ops = []
    for e1_v, e2_v in zip(e1_params, e2_params):
        op = e2_v.assign(e1_v)
        update_ops.append(op)
    sess.run(update_ops)
def make_epsilon_greedy_policy(estimator, nA):
    def policy_fn(sess, observation, epsilon):
        A = np.ones(nA, dtype=float) * epsilon / nA
        q_values = estimator.predict(sess, np.expand_dims(observation, 0))[0]
        best_action = np.argmax(q_values)
        A[best_action] += (1.0 - epsilon)
        return A
    return policy_fn
global_step = tf.Variable(0, name='global_step', trainable=False)
q_estimator = Estimator(scope="q")
target_estimator = Estimator(scope="target_q")
Transition = namedtuple("Transition", ["state", "action", "reward", "next_state", "done"])
rng = np.random.RandomState(10)
states = rng.randint(0, 255, (20, 12, 12, 2)).astype(np.uint8)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    policy = make_epsilon_greedy_policy(q_estimator, len(VALID_ACTIONS))
    replay_memory = []
    for i in range(19):
        action_probs = policy(sess, states[i], 0.1)
        action = int(np.argmax(action_probs))
        replay_memory.append(Transition(states[i], action, float(i % 3 == 0), states[i + 1], i == 18))
    for t in range(4):
        if t % 2 == 0:
            copy_model_parameters(sess, q_estimator, target_estimator)
        samples = random.sample(replay_memory, 6)
        states_batch, action_batch, reward_batch, next_states_batch, done_batch = map(np.array, zip(*samples))
        q_values_next = target_estimator.predict(sess, next_states_batch)
        targets_batch = reward_batch + np.invert(done_batch).astype(np.float32) * 0.99 * np.amax(q_values_next, axis=1)
        loss = q_estimator.update(sess, states_batch, action_batch, targets_batch)
        log.append([float(loss), L(targets_batch)])
    out["q"] = L(q_estimator.predict(sess, states[:2]))
    out["target_q"] = L(target_estimator.predict(sess, states[:2]))
    out["gs"] = int(sess.run(global_step))
out["log"] = log
out["names"] = [q_estimator.action_predictions.name, target_estimator.loss.name,
                sorted(v.name for v in tf.trainable_variables() if v.name.startswith("target_q"))]
""",
    "rl_reinforce_policy_value_estimators": r"""
tf.set_random_seed(25)
nS, nA = 6, 3
class PolicyEstimator():
    def __init__(self, learning_rate=0.01, scope="policy_estimator"):
        with tf.variable_scope(scope):
            self.state = tf.placeholder(tf.int32, [], "state")
            self.action = tf.placeholder(dtype=tf.int32, name="action")
            self.target = tf.placeholder(dtype=tf.float32, name="target")
            state_one_hot = tf.one_hot(self.state, int(nS))
            self.output_layer = tf.layers.dense(tf.expand_dims(state_one_hot, 0), nA,
                                                kernel_initializer=tf.zeros_initializer())
            self.action_probs = tf.squeeze(tf.nn.softmax(self.output_layer))
            self.picked_action_prob = tf.gather(self.action_probs, self.action)
            self.loss = -tf.log(self.picked_action_prob) * self.target
            self.optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
            self.train_op = self.optimizer.minimize(self.loss, global_step=tf.train.get_global_step())
    def predict(self, state, sess=None):
        sess = sess or tf.get_default_session()
        return sess.run(self.action_probs, { self.state: state })
    def update(self, state, target, action, sess=None):
        sess = sess or tf.get_default_session()
        feed_dict = { self.state: state, self.target: target, self.action: action  }
        _, loss = sess.run([self.train_op, self.loss], feed_dict)
        return loss
class ValueEstimator():
    def __init__(self, learning_rate=0.1, scope="value_estimator"):
        with tf.variable_scope(scope):
            self.state = tf.placeholder(tf.int32, [], "state")
            self.target = tf.placeholder(dtype=tf.float32, name="target")
            state_one_hot = tf.one_hot(self.state, int(nS))
            self.output_layer = tf.layers.dense(tf.expand_dims(state_one_hot, 0), 1,
                                                kernel_initializer=tf.zeros_initializer())
            self.value_estimate = tf.squeeze(self.output_layer)
            self.loss = tf.squared_difference(self.value_estimate, self.target)
            self.optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
            self.train_op = self.optimizer.minimize(self.loss, global_step=tf.train.get_global_step())
    def predict(self, state, sess=None):
        sess = sess or tf.get_default_session()
        return sess.run(self.value_estimate, { self.state: state })
    def update(self, state, target, sess=None):
        sess = sess or tf.get_default_session()
        _, loss = sess.run([self.train_op, self.loss], { self.state: state, self.target: target })
        return loss
global_step = tf.Variable(0, name="global_step", trainable=False)
policy_estimator = PolicyEstimator()
value_estimator = ValueEstimator()
rng = np.random.RandomState(11)
episode = [(int(s), int(a), float(r)) for s, a, r in zip(rng.randint(0, nS, 6), rng.randint(0, nA, 6), rng.rand(6))]
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for t, (state, action, reward) in enumerate(episode):
        total_return = sum(0.99**i * r for i, (_, _, r) in enumerate(episode[t:]))
        baseline_value = value_estimator.predict(state)
        advantage = total_return - baseline_value
        v = value_estimator.update(state, total_return)
        p = policy_estimator.update(state, advantage, action)
        log.append([float(baseline_value), float(v), float(p)])
    out["probs"] = [L(policy_estimator.predict(s)) for s in range(3)]
    out["gs"] = int(sess.run(global_step))
out["log"] = log
out["shapes"] = [str(policy_estimator.action_probs.shape), str(policy_estimator.picked_action_prob.shape),
                 str(value_estimator.value_estimate.shape), policy_estimator.loss.name]
""",
    "rl_a3c_shared_global_optimizer": r"""
tf.set_random_seed(26)
def build_shared_network(X):
    conv1 = tf.layers.conv2d(X, 4, 3, 2, activation=tf.nn.relu, name="conv1")
    fc1 = tf.layers.dense(tf.layers.flatten(conv1), 8, name="fc1", activation=tf.nn.relu)
    return fc1
class PolicyEstimator():
    def __init__(self, num_outputs, reuse=False, trainable=True):
        self.states = tf.placeholder(shape=[None, 6, 6, 1], dtype=tf.float32, name="X")
        self.targets = tf.placeholder(shape=[None], dtype=tf.float32, name="y")
        self.actions = tf.placeholder(shape=[None], dtype=tf.int32, name="actions")
        with tf.variable_scope("shared", reuse=reuse):
            fc1 = build_shared_network(self.states)
        with tf.variable_scope("policy_net"):
            self.logits = tf.layers.dense(fc1, num_outputs, activation=None)
            self.probs = tf.nn.softmax(self.logits) + 1e-8
            self.predictions = {"logits": self.logits, "probs": self.probs}
            self.entropy = -tf.reduce_sum(self.probs * tf.log(self.probs), 1, name="entropy")
            self.entropy_mean = tf.reduce_mean(self.entropy, name="entropy_mean")
            gather_indices = tf.range(tf.shape(self.states)[0]) * tf.shape(self.probs)[1] + self.actions
            self.picked_action_probs = tf.gather(tf.reshape(self.probs, [-1]), gather_indices)
            self.losses = - (tf.log(self.picked_action_probs) * self.targets + 0.01 * self.entropy)
            self.loss = tf.reduce_sum(self.losses, name="loss")
            if trainable:
                self.optimizer = tf.train.RMSPropOptimizer(0.00025, 0.99, 0.0, 1e-6)
                self.grads_and_vars = self.optimizer.compute_gradients(self.loss)
                self.grads_and_vars = [[grad, var] for grad, var in self.grads_and_vars if grad is not None]
                self.train_op = self.optimizer.apply_gradients(self.grads_and_vars,
                    global_step=tf.train.get_global_step())
def make_copy_params_op(v1_list, v2_list):
    v1_list = list(sorted(v1_list, key=lambda v: v.name))
    v2_list = list(sorted(v2_list, key=lambda v: v.name))
    update_ops = []
    for v1, v2 in zip(v1_list, v2_list):
        op = v2.assign(v1)
        update_ops.append(op)
    return update_ops
def make_train_op(local_estimator, global_estimator):
    local_grads, _ = zip(*local_estimator.grads_and_vars)
    local_grads, _ = tf.clip_by_global_norm(local_grads, 5.0)
    _, global_vars = zip(*global_estimator.grads_and_vars)
    local_global_grads_and_vars = list(zip(local_grads, global_vars))
    return global_estimator.optimizer.apply_gradients(local_global_grads_and_vars,
            global_step=tf.train.get_global_step())
global_step = tf.Variable(0, name="global_step", trainable=False)
with tf.variable_scope("global") as vs:
    global_policy_net = PolicyEstimator(num_outputs=3)
with tf.variable_scope("worker_0"):
    policy_net = PolicyEstimator(3)
copy_params_op = make_copy_params_op(
    tf.contrib.slim.get_variables(scope="global", collection=tf.GraphKeys.TRAINABLE_VARIABLES) if hasattr(tf, "contrib") else tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="global"),
    tf.contrib.slim.get_variables(scope="worker_0/", collection=tf.GraphKeys.TRAINABLE_VARIABLES) if hasattr(tf, "contrib") else tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="worker_0/"))
pnet_train_op = make_train_op(policy_net, global_policy_net)
rng = np.random.RandomState(12)
feed = {policy_net.states: rng.rand(5, 6, 6, 1).astype(np.float32),
        policy_net.targets: rng.randn(5).astype(np.float32), policy_net.actions: rng.randint(0, 3, 5)}
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(copy_params_op)
        loss, ent, _ = sess.run([policy_net.loss, policy_net.entropy_mean, pnet_train_op], feed)
        log.append([float(loss), float(ent)])
    out["global_logits"] = L(sess.run(global_policy_net.logits, {global_policy_net.states: feed[policy_net.states][:2]}))
    out["gs"] = int(sess.run(global_step))
out["log"] = log
out["n_copy"] = len(copy_params_op)
out["names"] = [v.name for _, v in global_policy_net.grads_and_vars]
""",
    "rl_policy_gradient_gradient_buffers": r"""
tf.set_random_seed(27)
H = 8; D = 4; gamma = 0.99
observations = tf.placeholder(tf.float32, [None, D], name="input_x")
W1 = tf.get_variable("W1", shape=[D, H], initializer=tf.glorot_uniform_initializer())
layer1 = tf.nn.relu(tf.matmul(observations, W1))
W2 = tf.get_variable("W2", shape=[H, 1], initializer=tf.glorot_uniform_initializer())
score = tf.matmul(layer1, W2)
probability = tf.nn.sigmoid(score)
tvars = tf.trainable_variables()
input_y = tf.placeholder(tf.float32, [None, 1], name="input_y")
advantages = tf.placeholder(tf.float32, name="reward_signal")
loglik = tf.log(input_y * (input_y - probability) + (1 - input_y) * (input_y + probability))
loss = -tf.reduce_mean(loglik * advantages)
newGrads = tf.gradients(loss, tvars)
adam = tf.train.AdamOptimizer(learning_rate=0.01)
W1Grad = tf.placeholder(tf.float32, name="batch_grad1")
W2Grad = tf.placeholder(tf.float32, name="batch_grad2")
batchGrad = [W1Grad, W2Grad]
updateGrads = adam.apply_gradients(zip(batchGrad, tvars))
def discount_rewards(r):
    discounted_r = np.zeros_like(r)
    running_add = 0
    for t in reversed(range(0, r.size)):
        running_add = running_add * gamma + r[t]
        discounted_r[t] = running_add
    return discounted_r
rng = np.random.RandomState(13)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    gradBuffer = sess.run(tvars)
    for ix, grad in enumerate(gradBuffer):
        gradBuffer[ix] = grad * 0
    for episode in range(4):
        epx = rng.randn(5, D).astype(np.float32)
        tfprob = sess.run(probability, feed_dict={observations: epx})
        epy = (rng.rand(5, 1) < tfprob).astype(np.float32)
        epr = np.ones((5, 1), np.float32)
        discounted_epr = discount_rewards(epr)
        discounted_epr -= np.mean(discounted_epr)
        discounted_epr /= np.std(discounted_epr)
        tGrad = sess.run(newGrads, feed_dict={observations: epx, input_y: epy, advantages: discounted_epr})
        for ix, grad in enumerate(tGrad):
            gradBuffer[ix] += grad
        if episode % 2 == 1:
            sess.run(updateGrads, feed_dict={W1Grad: gradBuffer[0], W2Grad: gradBuffer[1]})
            log.append([L(g.sum()) for g in gradBuffer])
            for ix, grad in enumerate(gradBuffer):
                gradBuffer[ix] = grad * 0
    out["W2"] = L(sess.run(W2))
out["log"] = log
out["names"] = [g.name for g in newGrads] + [updateGrads.name]
""",
    "rl_double_dueling_dqn_soft_update": r"""
tf.set_random_seed(28)
class Qnetwork():
    def __init__(self, h_size):
        self.scalarInput = tf.placeholder(shape=[None, 48], dtype=tf.float32)
        self.imageIn = tf.reshape(self.scalarInput, shape=[-1, 4, 4, 3])
        self.conv1 = tf.layers.conv2d(inputs=self.imageIn, filters=h_size, kernel_size=[4, 4],
                                      strides=[1, 1], padding='VALID', use_bias=False)
        self.streamAC, self.streamVC = tf.split(self.conv1, 2, 3)
        self.streamA = tf.layers.flatten(self.streamAC)
        self.streamV = tf.layers.flatten(self.streamVC)
        self.AW = tf.Variable(tf.random_normal([h_size//2, 4]))
        self.VW = tf.Variable(tf.random_normal([h_size//2, 1]))
        self.Advantage = tf.matmul(self.streamA, self.AW)
        self.Value = tf.matmul(self.streamV, self.VW)
        self.Qout = self.Value + tf.subtract(self.Advantage, tf.reduce_mean(self.Advantage, axis=1, keep_dims=True))
        self.predict = tf.argmax(self.Qout, 1)
        self.targetQ = tf.placeholder(shape=[None], dtype=tf.float32)
        self.actions = tf.placeholder(shape=[None], dtype=tf.int32)
        self.actions_onehot = tf.one_hot(self.actions, 4, dtype=tf.float32)
        self.Q = tf.reduce_sum(tf.multiply(self.Qout, self.actions_onehot), axis=1)
        self.td_error = tf.square(self.targetQ - self.Q)
        self.loss = tf.reduce_mean(self.td_error)
        self.trainer = tf.train.AdamOptimizer(learning_rate=0.0001)
        self.updateModel = self.trainer.minimize(self.loss)
def updateTargetGraph(tfVars, tau):
    total_vars = len(tfVars)
    op_holder = []
    for idx, var in enumerate(tfVars[0:total_vars//2]):
        op_holder.append(tfVars[idx+total_vars//2].assign((var.value()*tau) + ((1-tau)*tfVars[idx+total_vars//2].value())))
    return op_holder
def updateTarget(op_holder, sess):
    for op in op_holder:
        sess.run(op)
mainQN = Qnetwork(8)
targetQN = Qnetwork(8)
init = tf.global_variables_initializer()
trainables = tf.trainable_variables()
targetOps = updateTargetGraph(trainables, 0.1)
rng = np.random.RandomState(14)
s = rng.rand(6, 48).astype(np.float32); s1 = rng.rand(6, 48).astype(np.float32)
r = rng.rand(6).astype(np.float32); a = rng.randint(0, 4, 6); d = np.array([0, 0, 1, 0, 0, 1])
log = []
with tf.Session() as sess:
    sess.run(init)
    updateTarget(targetOps, sess)
    for _ in range(3):
        Q1 = sess.run(mainQN.predict, feed_dict={mainQN.scalarInput: s1})
        Q2 = sess.run(targetQN.Qout, feed_dict={targetQN.scalarInput: s1})
        end_multiplier = -(d - 1)
        doubleQ = Q2[range(6), Q1]
        targetQ = r + (.99 * doubleQ * end_multiplier)
        _, l = sess.run([mainQN.updateModel, mainQN.loss], feed_dict={mainQN.scalarInput: s,
                        mainQN.targetQ: targetQ, mainQN.actions: a})
        updateTarget(targetOps, sess)
        log.append([Q1.tolist(), float(l)])
    out["target_AW"] = L(sess.run(targetQN.AW))
out["log"] = log
out["shapes"] = [str(mainQN.streamAC.shape), str(mainQN.Qout.shape), mainQN.predict.dtype.name, len(targetOps)]
""",
}

METRIC = {
    "tl_triplet_batch_all_and_hard": r"""
def _pairwise_distances(embeddings, squared=False):
    dot_product = tf.matmul(embeddings, tf.transpose(embeddings))
    square_norm = tf.diag_part(dot_product)
    distances = tf.expand_dims(square_norm, 0) - 2.0 * dot_product + tf.expand_dims(square_norm, 1)
    distances = tf.maximum(distances, 0.0)
    if not squared:
        mask = tf.to_float(tf.equal(distances, 0.0))
        distances = distances + mask * 1e-16
        distances = tf.sqrt(distances)
        distances = distances * (1.0 - mask)
    return distances
def _get_anchor_positive_triplet_mask(labels):
    indices_equal = tf.cast(tf.eye(tf.shape(labels)[0]), tf.bool)
    indices_not_equal = tf.logical_not(indices_equal)
    labels_equal = tf.equal(tf.expand_dims(labels, 0), tf.expand_dims(labels, 1))
    mask = tf.logical_and(indices_not_equal, labels_equal)
    return mask
def _get_anchor_negative_triplet_mask(labels):
    labels_equal = tf.equal(tf.expand_dims(labels, 0), tf.expand_dims(labels, 1))
    mask = tf.logical_not(labels_equal)
    return mask
def _get_triplet_mask(labels):
    indices_equal = tf.cast(tf.eye(tf.shape(labels)[0]), tf.bool)
    indices_not_equal = tf.logical_not(indices_equal)
    i_not_equal_j = tf.expand_dims(indices_not_equal, 2)
    i_not_equal_k = tf.expand_dims(indices_not_equal, 1)
    j_not_equal_k = tf.expand_dims(indices_not_equal, 0)
    distinct_indices = tf.logical_and(tf.logical_and(i_not_equal_j, i_not_equal_k), j_not_equal_k)
    label_equal = tf.equal(tf.expand_dims(labels, 0), tf.expand_dims(labels, 1))
    i_equal_j = tf.expand_dims(label_equal, 2)
    i_equal_k = tf.expand_dims(label_equal, 1)
    valid_labels = tf.logical_and(i_equal_j, tf.logical_not(i_equal_k))
    mask = tf.logical_and(distinct_indices, valid_labels)
    return mask
def batch_all_triplet_loss(labels, embeddings, margin, squared=False):
    pairwise_dist = _pairwise_distances(embeddings, squared=squared)
    anchor_positive_dist = tf.expand_dims(pairwise_dist, 2)
    anchor_negative_dist = tf.expand_dims(pairwise_dist, 1)
    triplet_loss = anchor_positive_dist - anchor_negative_dist + margin
    mask = _get_triplet_mask(labels)
    mask = tf.to_float(mask)
    triplet_loss = tf.multiply(mask, triplet_loss)
    triplet_loss = tf.maximum(triplet_loss, 0.0)
    valid_triplets = tf.to_float(tf.greater(triplet_loss, 1e-16))
    num_positive_triplets = tf.reduce_sum(valid_triplets)
    num_valid_triplets = tf.reduce_sum(mask)
    fraction_positive_triplets = num_positive_triplets / (num_valid_triplets + 1e-16)
    triplet_loss = tf.reduce_sum(triplet_loss) / (num_positive_triplets + 1e-16)
    return triplet_loss, fraction_positive_triplets
def batch_hard_triplet_loss(labels, embeddings, margin, squared=False):
    pairwise_dist = _pairwise_distances(embeddings, squared=squared)
    mask_anchor_positive = _get_anchor_positive_triplet_mask(labels)
    mask_anchor_positive = tf.to_float(mask_anchor_positive)
    anchor_positive_dist = tf.multiply(mask_anchor_positive, pairwise_dist)
    hardest_positive_dist = tf.reduce_max(anchor_positive_dist, axis=1, keepdims=True)
    tf.summary.scalar("hardest_positive_dist", tf.reduce_mean(hardest_positive_dist))
    mask_anchor_negative = _get_anchor_negative_triplet_mask(labels)
    mask_anchor_negative = tf.to_float(mask_anchor_negative)
    max_anchor_negative_dist = tf.reduce_max(pairwise_dist, axis=1, keepdims=True)
    anchor_negative_dist = pairwise_dist + max_anchor_negative_dist * (1.0 - mask_anchor_negative)
    hardest_negative_dist = tf.reduce_min(anchor_negative_dist, axis=1, keepdims=True)
    tf.summary.scalar("hardest_negative_dist", tf.reduce_mean(hardest_negative_dist))
    triplet_loss = tf.maximum(hardest_positive_dist - hardest_negative_dist + margin, 0.0)
    triplet_loss = tf.reduce_mean(triplet_loss)
    return triplet_loss
tf.set_random_seed(29)
rng = np.random.RandomState(15)
images = tf.placeholder(tf.float32, [None, 8])
labels = tf.placeholder(tf.int64, [None])
embeddings = tf.layers.dense(tf.layers.dense(images, 6, tf.nn.relu), 3)
embeddings_mean_norm = tf.reduce_mean(tf.norm(embeddings, axis=1))
hard = batch_hard_triplet_loss(labels, embeddings, margin=0.5)
all_loss, fraction = batch_all_triplet_loss(labels, embeddings, margin=0.5)
all_sq, _ = batch_all_triplet_loss(labels, embeddings, margin=0.5, squared=True)
train_op = tf.train.AdamOptimizer(0.01).minimize(hard)
grad_dist = tf.gradients(_pairwise_distances(embeddings), embeddings)[0]
feed = {images: rng.randn(8, 8).astype(np.float32), labels: [0, 0, 1, 1, 2, 2, 0, 1]}
dup = {images: np.repeat(rng.randn(4, 8), 2, 0).astype(np.float32), labels: [0, 0, 1, 1, 2, 2, 3, 3]}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["before"] = [float(v) for v in sess.run([hard, all_loss, fraction, all_sq, embeddings_mean_norm], feed)]
    out["hard"] = [float(sess.run([train_op, hard], feed)[1]) for _ in range(4)]
    out["after"] = [float(v) for v in sess.run([hard, all_loss, fraction], feed)]
    out["grad_dup"] = L(sess.run(grad_dist, dup))
    out["dist_dup"] = L(sess.run(_pairwise_distances(embeddings), dup))
out["summaries"] = [s.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)]
""",
    "tl_siamese_contrastive_spring": r"""
tf.set_random_seed(30)
class siamese:
    def __init__(self):
        self.x1 = tf.placeholder(tf.float32, [None, 784])
        self.x2 = tf.placeholder(tf.float32, [None, 784])
        with tf.variable_scope("siamese") as scope:
            self.o1 = self.network(self.x1)
            scope.reuse_variables()
            self.o2 = self.network(self.x2)
        self.y_ = tf.placeholder(tf.float32, [None])
        self.loss = self.loss_with_spring()
    def network(self, x):
        fc1 = self.fc_layer(x, 16, "fc1")
        ac1 = tf.nn.relu(fc1)
        fc2 = self.fc_layer(ac1, 8, "fc2")
        ac2 = tf.nn.relu(fc2)
        fc3 = self.fc_layer(ac2, 2, "fc3")
        return fc3
    def fc_layer(self, bottom, n_weight, name):
        assert len(bottom.get_shape()) == 2
        n_prev_weight = bottom.get_shape()[1]
        initer = tf.truncated_normal_initializer(stddev=0.01)
        W = tf.get_variable(name+'W', dtype=tf.float32, shape=[n_prev_weight, n_weight], initializer=initer)
        b = tf.get_variable(name+'b', dtype=tf.float32, initializer=tf.constant(0.01, shape=[n_weight], dtype=tf.float32))
        fc = tf.nn.bias_add(tf.matmul(bottom, W), b)
        return fc
    def loss_with_spring(self):
        margin = 5.0
        labels_t = self.y_
        labels_f = tf.subtract(1.0, self.y_, name="1-yi")
        eucd2 = tf.pow(tf.subtract(self.o1, self.o2), 2)
        eucd2 = tf.reduce_sum(eucd2, 1)
        eucd = tf.sqrt(eucd2+1e-6, name="eucd")
        C = tf.constant(margin, name="C")
        pos = tf.multiply(labels_t, eucd2, name="yi_x_eucd2")
        neg = tf.multiply(labels_f, tf.pow(tf.maximum(tf.subtract(C, eucd), 0), 2), name="Nyi_x_C-eucd_xx_2")
        losses = tf.add(pos, neg, name="losses")
        loss = tf.reduce_mean(losses, name="loss")
        return loss
    def loss_with_step(self):
        margin = 5.0
        labels_t = self.y_
        labels_f = tf.subtract(1.0, self.y_, name="1-yi")
        eucd2 = tf.reduce_sum(tf.pow(tf.subtract(self.o1, self.o2), 2), 1)
        eucd = tf.sqrt(eucd2+1e-6, name="eucd")
        C = tf.constant(margin, name="C")
        pos = tf.multiply(labels_t, eucd, name="y_x_eucd")
        neg = tf.multiply(labels_f, tf.maximum(0.0, tf.subtract(C, eucd)), name="Ny_C-eucd")
        losses = tf.add(pos, neg, name="losses")
        return tf.reduce_mean(losses, name="loss")
sess = tf.InteractiveSession()
net = siamese()
step_loss = net.loss_with_step()
train_step = tf.train.GradientDescentOptimizer(0.01).minimize(net.loss)
tf.initialize_all_variables().run()
x, y = mnist(16, seed=16, one_hot=False)
batch_x1, batch_y1 = x[:8], y[:8]
batch_x2, batch_y2 = x[8:], y[8:]
batch_y = (batch_y1 == batch_y2).astype('float')
log = []
for step in range(4):
    _, loss_v = sess.run([train_step, net.loss], feed_dict={net.x1: batch_x1, net.x2: batch_x2, net.y_: batch_y})
    log.append(float(loss_v))
embed = net.o1.eval({net.x1: x[:3]})
out["log"] = log
out["embed"] = L(embed)
out["step_loss"] = float(step_loss.eval({net.x1: batch_x1, net.x2: batch_x2, net.y_: batch_y}))
out["names"] = [net.loss.name, step_loss.name, net.o2.name, [v.name for v in tf.trainable_variables()]]
sess.close()
""",
}

SPATIAL = {
    "st_spatial_transformer_bilinear": r"""
def transformer(U, theta, out_size, name='SpatialTransformer', **kwargs):
    def _repeat(x, n_repeats):
        with tf.variable_scope('_repeat'):
            rep = tf.transpose(tf.expand_dims(tf.ones(shape=tf.stack([n_repeats, ])), 1), [1, 0])
            rep = tf.cast(rep, 'int32')
            x = tf.matmul(tf.reshape(x, (-1, 1)), rep)
            return tf.reshape(x, [-1])
    def _interpolate(im, x, y, out_size):
        with tf.variable_scope('_interpolate'):
            num_batch = tf.shape(im)[0]
            height = tf.shape(im)[1]
            width = tf.shape(im)[2]
            channels = tf.shape(im)[3]
            x = tf.cast(x, 'float32')
            y = tf.cast(y, 'float32')
            height_f = tf.cast(height, 'float32')
            width_f = tf.cast(width, 'float32')
            out_height = out_size[0]
            out_width = out_size[1]
            zero = tf.zeros([], dtype='int32')
            max_y = tf.cast(tf.shape(im)[1] - 1, 'int32')
            max_x = tf.cast(tf.shape(im)[2] - 1, 'int32')
            x = (x + 1.0)*(width_f) / 2.0
            y = (y + 1.0)*(height_f) / 2.0
            x0 = tf.cast(tf.floor(x), 'int32')
            x1 = x0 + 1
            y0 = tf.cast(tf.floor(y), 'int32')
            y1 = y0 + 1
            x0 = tf.clip_by_value(x0, zero, max_x)
            x1 = tf.clip_by_value(x1, zero, max_x)
            y0 = tf.clip_by_value(y0, zero, max_y)
            y1 = tf.clip_by_value(y1, zero, max_y)
            dim2 = width
            dim1 = width*height
            base = _repeat(tf.range(num_batch)*dim1, out_height*out_width)
            base_y0 = base + y0*dim2
            base_y1 = base + y1*dim2
            idx_a = base_y0 + x0
            idx_b = base_y1 + x0
            idx_c = base_y0 + x1
            idx_d = base_y1 + x1
            im_flat = tf.reshape(im, tf.stack([-1, channels]))
            im_flat = tf.cast(im_flat, 'float32')
            Ia = tf.gather(im_flat, idx_a)
            Ib = tf.gather(im_flat, idx_b)
            Ic = tf.gather(im_flat, idx_c)
            Id = tf.gather(im_flat, idx_d)
            x0_f = tf.cast(x0, 'float32')
            x1_f = tf.cast(x1, 'float32')
            y0_f = tf.cast(y0, 'float32')
            y1_f = tf.cast(y1, 'float32')
            wa = tf.expand_dims(((x1_f-x) * (y1_f-y)), 1)
            wb = tf.expand_dims(((x1_f-x) * (y-y0_f)), 1)
            wc = tf.expand_dims(((x-x0_f) * (y1_f-y)), 1)
            wd = tf.expand_dims(((x-x0_f) * (y-y0_f)), 1)
            output = tf.add_n([wa*Ia, wb*Ib, wc*Ic, wd*Id])
            return output
    def _meshgrid(height, width):
        with tf.variable_scope('_meshgrid'):
            x_t = tf.matmul(tf.ones(shape=tf.stack([height, 1])),
                            tf.transpose(tf.expand_dims(tf.linspace(-1.0, 1.0, width), 1), [1, 0]))
            y_t = tf.matmul(tf.expand_dims(tf.linspace(-1.0, 1.0, height), 1),
                            tf.ones(shape=tf.stack([1, width])))
            x_t_flat = tf.reshape(x_t, (1, -1))
            y_t_flat = tf.reshape(y_t, (1, -1))
            ones = tf.ones_like(x_t_flat)
            grid = tf.concat(axis=0, values=[x_t_flat, y_t_flat, ones])
            return grid
    def _transform(theta, input_dim, out_size):
        with tf.variable_scope('_transform'):
            num_batch = tf.shape(input_dim)[0]
            height = tf.shape(input_dim)[1]
            width = tf.shape(input_dim)[2]
            num_channels = tf.shape(input_dim)[3]
            theta = tf.reshape(theta, (-1, 2, 3))
            theta = tf.cast(theta, 'float32')
            height_f = tf.cast(height, 'float32')
            width_f = tf.cast(width, 'float32')
            out_height = out_size[0]
            out_width = out_size[1]
            grid = _meshgrid(out_height, out_width)
            grid = tf.expand_dims(grid, 0)
            grid = tf.reshape(grid, [-1])
            grid = tf.tile(grid, tf.stack([num_batch]))
            grid = tf.reshape(grid, tf.stack([num_batch, 3, -1]))
            T_g = tf.matmul(theta, grid)
            x_s = tf.slice(T_g, [0, 0, 0], [-1, 1, -1])
            y_s = tf.slice(T_g, [0, 1, 0], [-1, 1, -1])
            x_s_flat = tf.reshape(x_s, [-1])
            y_s_flat = tf.reshape(y_s, [-1])
            input_transformed = _interpolate(input_dim, x_s_flat, y_s_flat, out_size)
            output = tf.reshape(input_transformed, tf.stack([num_batch, out_height, out_width, num_channels]))
            return output
    with tf.variable_scope(name):
        output = _transform(theta, U, out_size)
        return output
def batch_transformer(U, thetas, out_size, name='BatchSpatialTransformer'):
    with tf.variable_scope(name):
        num_batch, num_transforms = map(int, thetas.get_shape().as_list()[:2])
        indices = [[i]*num_transforms for i in range(num_batch)]
        input_repeated = tf.gather(U, tf.reshape(indices, [-1]))
        return transformer(input_repeated, thetas, out_size)
rng = np.random.RandomState(17)
U = tf.constant(rng.rand(2, 6, 6, 2).astype(np.float32))
theta = tf.Variable(np.array([[1., 0., 0., 0., 1., 0.], [0.7, -0.5, 0.1, 0.5, 0.7, -0.2]], np.float32))
h_trans = transformer(U, theta, (4, 5))
loss = tf.reduce_sum(tf.square(h_trans - 0.5))
g = tf.gradients(loss, [theta])[0]
thetas = tf.constant(np.tile(np.array([[[0.5, 0, 0, 0, 0.5, 0], [1, 0, 0, 0, 1, 0]]], np.float32), [2, 1, 1]))
bt = batch_transformer(U, thetas, (3, 3))
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["h"] = L(sess.run(h_trans))
    out["g"] = L(sess.run(g))
    out["bt"] = L(sess.run(bt))
    out["losses"] = [float(sess.run([train, loss])[1]) for _ in range(3)]
out["shapes"] = [str(h_trans.shape), str(bt.shape), h_trans.name]
""",
    "pn_pointer_network_decoder": r"""
tf.set_random_seed(31)
batch, n, dim, hid = 3, 5, 2, 8
enc_in = tf.placeholder(tf.float32, [batch, n, dim])
targets = tf.placeholder(tf.int32, [batch, n])
cell = tf.nn.rnn_cell.LSTMCell(hid)
with tf.variable_scope("encoder"):
    enc_out, enc_state = tf.nn.dynamic_rnn(cell, enc_in, dtype=tf.float32)
with tf.variable_scope("pointer"):
    W1 = tf.get_variable("W1", [hid, hid])
    W2 = tf.get_variable("W2", [hid, hid])
    v = tf.get_variable("v", [hid])
    dec_cell = tf.nn.rnn_cell.LSTMCell(hid)
    proj_in = tf.layers.Dense(hid, name="input_proj")
    enc_proj = tf.einsum("bnh,hk->bnk", enc_out, W1)
    state = enc_state
    inp = tf.zeros([batch, dim])
    logits_list, pointers = [], []
    for t in range(n):
        if t > 0:
            tf.get_variable_scope().reuse_variables()
        out_t, state = dec_cell(proj_in(inp), state)
        dec_proj = tf.expand_dims(tf.matmul(out_t, W2), 1)
        u = tf.reduce_sum(v * tf.tanh(enc_proj + dec_proj), axis=2)
        logits_list.append(u)
        ptr = tf.argmax(u, 1, output_type=tf.int32)
        pointers.append(ptr)
        idx = tf.stack([tf.range(batch), targets[:, t]], axis=1)
        inp = tf.gather_nd(enc_in, idx)
logits = tf.stack(logits_list, 1)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits))
train = tf.train.AdamOptimizer(0.05).minimize(loss)
pred = tf.stack(pointers, 1)
rng = np.random.RandomState(18)
x = rng.rand(batch, n, dim).astype(np.float32)
y = np.argsort(x[:, :, 0], axis=1).astype(np.int32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    # Adam's steps on near-zero logits carry float32's last bits: the logits are read first.
    out["logits0"] = L(sess.run(logits, {enc_in: x, targets: y})[0])
    out["losses"] = [float(sess.run([train, loss], {enc_in: x, targets: y})[1]) for _ in range(5)]
    out["pred"] = sess.run(pred, {enc_in: x, targets: y}).tolist()
out["vars"] = [v.name for v in tf.trainable_variables()]
""",
    "pn_ntm_addressing_read_write": r"""
tf.set_random_seed(32)
N, M, batch = 6, 4, 2
def cosine_similarity(key, memory):
    key = tf.expand_dims(key, 1)
    dot = tf.reduce_sum(key * memory, axis=2)
    norm = tf.sqrt(tf.reduce_sum(tf.square(key), 2)) * tf.sqrt(tf.reduce_sum(tf.square(memory), 2))
    return dot / (norm + 1e-8)
def circular_convolution(w, s):
    kernel_size = s.get_shape()[1].value
    kernel_shift = int(np.floor(kernel_size / 2.0))
    def loop(idx):
        if idx < 0: return N + idx
        if idx >= N: return idx - N
        return idx
    kernels = []
    for i in range(N):
        indices = [loop(i + j) for j in range(kernel_shift, -kernel_shift - 1, -1)]
        v_ = tf.gather(w, indices, axis=1)
        kernels.append(tf.reduce_sum(v_ * s, 1))
    return tf.stack(kernels, axis=1)
def addressing(k, beta, g, s, gamma, prev_M, prev_w):
    K = cosine_similarity(k, prev_M)
    w_c = tf.nn.softmax(tf.expand_dims(beta, 1) * K)
    g = tf.expand_dims(g, 1)
    w_g = g * w_c + (1 - g) * prev_w
    w_ = circular_convolution(w_g, s)
    w_sharpen = tf.pow(w_, tf.expand_dims(gamma, 1))
    return w_sharpen / tf.reduce_sum(w_sharpen, axis=1, keepdims=True)
controller_out = tf.placeholder(tf.float32, [batch, 10])
params = tf.layers.dense(controller_out, M + 1 + 1 + 3 + 1 + M + M, name="head",
                         kernel_initializer=tf.random_normal_initializer(stddev=0.5, seed=3))
k, beta, g, s, gamma, erase, add = tf.split(params, [M, 1, 1, 3, 1, M, M], axis=1)
k = tf.tanh(k); beta = tf.nn.softplus(tf.squeeze(beta, 1)); g = tf.sigmoid(tf.squeeze(g, 1))
s = tf.nn.softmax(s); gamma = tf.nn.softplus(tf.squeeze(gamma, 1)) + 1
erase = tf.sigmoid(erase); add = tf.tanh(add)
prev_M = tf.fill([batch, N, M], 1e-6) + tf.constant(np.random.RandomState(19).rand(batch, N, M).astype(np.float32))
prev_w = tf.one_hot(tf.zeros([batch], tf.int32), N)
w = addressing(k, beta, g, s, gamma, prev_M, prev_w)
read = tf.reduce_sum(tf.expand_dims(w, 2) * prev_M, axis=1)
new_M = prev_M * (1 - tf.matmul(tf.expand_dims(w, 2), tf.expand_dims(erase, 1))) + \
    tf.matmul(tf.expand_dims(w, 2), tf.expand_dims(add, 1))
loss = tf.reduce_sum(tf.square(read - 0.3)) + tf.reduce_mean(new_M)
grads = tf.gradients(loss, tf.trainable_variables())
train = tf.train.RMSPropOptimizer(1e-2, momentum=0.9).minimize(loss)
feed = {controller_out: np.random.RandomState(20).randn(batch, 10).astype(np.float32)}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["w"] = L(sess.run(w, feed)); out["read"] = L(sess.run(read, feed))
    out["new_M0"] = L(sess.run(new_M, feed)[0])
    out["grad_norms"] = [float(np.linalg.norm(x)) for x in sess.run(grads, feed)]
    out["losses"] = [float(sess.run([train, loss], feed)[1]) for _ in range(3)]
""",
}

DETECTION = {
    "yo_yolo_v1_loss_layer": r"""
cell_size, boxes_per_cell, num_class, image_size, batch = 3, 2, 4, 96, 2
object_scale, noobject_scale, class_scale, coord_scale = 1.0, 1.0, 2.0, 5.0
boundary1 = cell_size * cell_size * num_class
boundary2 = boundary1 + cell_size * cell_size * boxes_per_cell
offset = np.transpose(np.reshape(np.array([np.arange(cell_size)] * cell_size * boxes_per_cell),
                                 (boxes_per_cell, cell_size, cell_size)), (1, 2, 0))
def calc_iou(boxes1, boxes2, scope='iou'):
    with tf.variable_scope(scope):
        boxes1_t = tf.stack([boxes1[..., 0] - boxes1[..., 2] / 2.0, boxes1[..., 1] - boxes1[..., 3] / 2.0,
                             boxes1[..., 0] + boxes1[..., 2] / 2.0, boxes1[..., 1] + boxes1[..., 3] / 2.0], axis=-1)
        boxes2_t = tf.stack([boxes2[..., 0] - boxes2[..., 2] / 2.0, boxes2[..., 1] - boxes2[..., 3] / 2.0,
                             boxes2[..., 0] + boxes2[..., 2] / 2.0, boxes2[..., 1] + boxes2[..., 3] / 2.0], axis=-1)
        lu = tf.maximum(boxes1_t[..., :2], boxes2_t[..., :2])
        rd = tf.minimum(boxes1_t[..., 2:], boxes2_t[..., 2:])
        intersection = tf.maximum(0.0, rd - lu)
        inter_square = intersection[..., 0] * intersection[..., 1]
        square1 = boxes1[..., 2] * boxes1[..., 3]
        square2 = boxes2[..., 2] * boxes2[..., 3]
        union_square = tf.maximum(square1 + square2 - inter_square, 1e-10)
    return tf.clip_by_value(inter_square / union_square, 0.0, 1.0)
def loss_layer(predicts, labels, scope='loss_layer'):
    with tf.variable_scope(scope):
        predict_classes = tf.reshape(predicts[:, :boundary1], [batch, cell_size, cell_size, num_class])
        predict_scales = tf.reshape(predicts[:, boundary1:boundary2], [batch, cell_size, cell_size, boxes_per_cell])
        predict_boxes = tf.reshape(predicts[:, boundary2:], [batch, cell_size, cell_size, boxes_per_cell, 4])
        response = tf.reshape(labels[..., 0], [batch, cell_size, cell_size, 1])
        boxes = tf.reshape(labels[..., 1:5], [batch, cell_size, cell_size, 1, 4])
        boxes = tf.tile(boxes, [1, 1, 1, boxes_per_cell, 1]) / image_size
        classes = labels[..., 5:]
        offset_ = tf.reshape(tf.constant(offset, dtype=tf.float32), [1, cell_size, cell_size, boxes_per_cell])
        offset_ = tf.tile(offset_, [batch, 1, 1, 1])
        offset_tran = tf.transpose(offset_, (0, 2, 1, 3))
        predict_boxes_tran = tf.stack([(predict_boxes[..., 0] + offset_) / cell_size,
                                       (predict_boxes[..., 1] + offset_tran) / cell_size,
                                       tf.square(predict_boxes[..., 2]), tf.square(predict_boxes[..., 3])], axis=-1)
        iou_predict_truth = calc_iou(predict_boxes_tran, boxes)
        object_mask = tf.reduce_max(iou_predict_truth, 3, keep_dims=True)
        object_mask = tf.cast((iou_predict_truth >= object_mask), tf.float32) * response
        noobject_mask = tf.ones_like(object_mask, dtype=tf.float32) - object_mask
        boxes_tran = tf.stack([boxes[..., 0] * cell_size - offset_, boxes[..., 1] * cell_size - offset_tran,
                               tf.sqrt(boxes[..., 2]), tf.sqrt(boxes[..., 3])], axis=-1)
        class_delta = response * (predict_classes - classes)
        class_loss = tf.reduce_mean(tf.reduce_sum(tf.square(class_delta), axis=[1, 2, 3]), name='class_loss') * class_scale
        object_delta = object_mask * (predict_scales - iou_predict_truth)
        object_loss = tf.reduce_mean(tf.reduce_sum(tf.square(object_delta), axis=[1, 2, 3]), name='object_loss') * object_scale
        noobject_delta = noobject_mask * predict_scales
        noobject_loss = tf.reduce_mean(tf.reduce_sum(tf.square(noobject_delta), axis=[1, 2, 3]), name='noobject_loss') * noobject_scale
        coord_mask = tf.expand_dims(object_mask, 4)
        boxes_delta = coord_mask * (predict_boxes - boxes_tran)
        coord_loss = tf.reduce_mean(tf.reduce_sum(tf.square(boxes_delta), axis=[1, 2, 3, 4]), name='coord_loss') * coord_scale
        tf.losses.add_loss(class_loss)
        tf.losses.add_loss(object_loss)
        tf.losses.add_loss(noobject_loss)
        tf.losses.add_loss(coord_loss)
        return [class_loss, object_loss, noobject_loss, coord_loss]
rng = np.random.RandomState(21)
n_out = cell_size * cell_size * (num_class + boxes_per_cell * 5)
predicts = tf.Variable(rng.rand(batch, n_out).astype(np.float32) * 0.8 + 0.1)
lab = np.zeros((batch, cell_size, cell_size, 5 + num_class), np.float32)
lab[0, 1, 1] = [1, 40, 44, 30, 20, 0, 1, 0, 0]
lab[1, 0, 2] = [1, 80, 10, 12, 16, 0, 0, 0, 1]
lab[1, 2, 0] = [1, 15, 85, 20, 10, 1, 0, 0, 0]
labels = tf.constant(lab)
parts = loss_layer(predicts, labels)
total_loss = tf.losses.get_total_loss()
train = tf.train.GradientDescentOptimizer(0.01).minimize(total_loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["parts"] = [float(v) for v in sess.run(parts)]
    out["total"] = [float(sess.run([train, total_loss])[1]) for _ in range(3)]
out["names"] = [p.name for p in parts] + [total_loss.name]
""",
    "yo_yolo_boxes_filter_nms": r"""
anchors = np.array([[1.0, 1.5], [2.0, 1.0]], np.float32)
num_classes = 3
grid_h = grid_w = 3
rng = np.random.RandomState(22)
feats = tf.constant(rng.randn(1, grid_h, grid_w, 2, 5 + num_classes).astype(np.float32))
def yolo_head(feats, anchors, num_classes):
    num_anchors = len(anchors)
    anchors_tensor = tf.reshape(tf.constant(anchors), [1, 1, 1, num_anchors, 2])
    conv_dims = tf.shape(feats)[1:3]
    conv_height_index = tf.range(0, conv_dims[0])
    conv_width_index = tf.range(0, conv_dims[1])
    conv_height_index = tf.tile(conv_height_index, [conv_dims[1]])
    conv_width_index = tf.tile(tf.expand_dims(conv_width_index, 0), [conv_dims[0], 1])
    conv_width_index = tf.reshape(tf.transpose(conv_width_index), [-1])
    conv_index = tf.transpose(tf.stack([conv_height_index, conv_width_index]))
    conv_index = tf.reshape(conv_index, [1, conv_dims[0], conv_dims[1], 1, 2])
    conv_index = tf.cast(conv_index, feats.dtype)
    conv_dims = tf.cast(tf.reshape(conv_dims, [1, 1, 1, 1, 2]), feats.dtype)
    box_xy = tf.sigmoid(feats[..., :2])
    box_wh = tf.exp(feats[..., 2:4])
    box_confidence = tf.sigmoid(feats[..., 4:5])
    box_class_probs = tf.nn.softmax(feats[..., 5:])
    box_xy = (box_xy + conv_index) / conv_dims
    box_wh = box_wh * anchors_tensor / conv_dims
    return box_confidence, box_xy, box_wh, box_class_probs
def yolo_boxes_to_corners(box_xy, box_wh):
    box_mins = box_xy - (box_wh / 2.)
    box_maxes = box_xy + (box_wh / 2.)
    return tf.concat([box_mins[..., 1:2], box_mins[..., 0:1], box_maxes[..., 1:2], box_maxes[..., 0:1]], axis=-1)
def yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=.3):
    box_scores = box_confidence * box_class_probs
    box_classes = tf.argmax(box_scores, axis=-1)
    box_class_scores = tf.reduce_max(box_scores, axis=-1)
    prediction_mask = box_class_scores >= threshold
    boxes = tf.boolean_mask(boxes, prediction_mask)
    scores = tf.boolean_mask(box_class_scores, prediction_mask)
    classes = tf.boolean_mask(box_classes, prediction_mask)
    return boxes, scores, classes
box_confidence, box_xy, box_wh, box_class_probs = yolo_head(feats, anchors, num_classes)
boxes = yolo_boxes_to_corners(box_xy, box_wh)
boxes, scores, classes = yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=0.1)
image_dims = tf.cast(tf.stack([96, 128, 96, 128]), tf.float32)
boxes = boxes * tf.reshape(image_dims, [1, 4])
max_boxes_tensor = tf.constant(5, dtype=tf.int32)
nms_index = tf.image.non_max_suppression(boxes, scores, max_boxes_tensor, iou_threshold=0.5)
boxes_k = tf.gather(boxes, nms_index)
scores_k = tf.gather(scores, nms_index)
classes_k = tf.gather(classes, nms_index)
with tf.Session() as sess:
    b, s, c, idx = sess.run([boxes_k, scores_k, classes_k, nms_index])
    out["n_filtered"] = int(sess.run(tf.shape(scores))[0])
out["boxes"] = L(b); out["scores"] = L(s); out["classes"] = c.tolist(); out["idx"] = idx.tolist()
out["shapes"] = [str(boxes.shape), str(scores.shape), classes.dtype.name, str(nms_index.shape)]
""",
    "yo_ssd_encode_while_and_decode": r"""
def tf_ssd_bboxes_encode_layer(labels, bboxes, anchors_layer, num_classes,
                               matching_threshold=0.5, prior_scaling=[0.1, 0.1, 0.2, 0.2], dtype=tf.float32):
    yref, xref, href, wref = anchors_layer
    ymin = yref - href / 2.
    xmin = xref - wref / 2.
    ymax = yref + href / 2.
    xmax = xref + wref / 2.
    vol_anchors = (xmax - xmin) * (ymax - ymin)
    shape = (yref.shape[0], yref.shape[1], href.size)
    feat_labels = tf.zeros(shape, dtype=tf.int64)
    feat_scores = tf.zeros(shape, dtype=dtype)
    feat_ymin = tf.zeros(shape, dtype=dtype)
    feat_xmin = tf.zeros(shape, dtype=dtype)
    feat_ymax = tf.ones(shape, dtype=dtype)
    feat_xmax = tf.ones(shape, dtype=dtype)
    def jaccard_with_anchors(bbox):
        int_ymin = tf.maximum(ymin, bbox[0])
        int_xmin = tf.maximum(xmin, bbox[1])
        int_ymax = tf.minimum(ymax, bbox[2])
        int_xmax = tf.minimum(xmax, bbox[3])
        h = tf.maximum(int_ymax - int_ymin, 0.)
        w = tf.maximum(int_xmax - int_xmin, 0.)
        inter_vol = h * w
        union_vol = vol_anchors - inter_vol + (bbox[2] - bbox[0]) * (bbox[3] - bbox[1])
        jaccard = tf.div(inter_vol, union_vol)
        return jaccard
    def condition(i, feat_labels, feat_scores, feat_ymin, feat_xmin, feat_ymax, feat_xmax):
        r = tf.less(i, tf.shape(labels))
        return r[0]
    def body(i, feat_labels, feat_scores, feat_ymin, feat_xmin, feat_ymax, feat_xmax):
        label = labels[i]
        bbox = bboxes[i]
        jaccard = jaccard_with_anchors(bbox)
        mask = tf.greater(jaccard, feat_scores)
        mask = tf.logical_and(mask, feat_scores > -0.5)
        mask = tf.logical_and(mask, label < num_classes)
        imask = tf.cast(mask, tf.int64)
        fmask = tf.cast(mask, dtype)
        feat_labels = imask * label + (1 - imask) * feat_labels
        feat_scores = tf.where(mask, jaccard, feat_scores)
        feat_ymin = fmask * bbox[0] + (1 - fmask) * feat_ymin
        feat_xmin = fmask * bbox[1] + (1 - fmask) * feat_xmin
        feat_ymax = fmask * bbox[2] + (1 - fmask) * feat_ymax
        feat_xmax = fmask * bbox[3] + (1 - fmask) * feat_xmax
        return [i+1, feat_labels, feat_scores, feat_ymin, feat_xmin, feat_ymax, feat_xmax]
    i = 0
    [i, feat_labels, feat_scores, feat_ymin, feat_xmin, feat_ymax, feat_xmax] = tf.while_loop(
        condition, body, [i, feat_labels, feat_scores, feat_ymin, feat_xmin, feat_ymax, feat_xmax])
    feat_cy = (feat_ymax + feat_ymin) / 2.
    feat_cx = (feat_xmax + feat_xmin) / 2.
    feat_h = feat_ymax - feat_ymin
    feat_w = feat_xmax - feat_xmin
    feat_cy = (feat_cy - yref) / href / prior_scaling[0]
    feat_cx = (feat_cx - xref) / wref / prior_scaling[1]
    feat_h = tf.log(feat_h / href) / prior_scaling[2]
    feat_w = tf.log(feat_w / wref) / prior_scaling[3]
    feat_localizations = tf.stack([feat_cx, feat_cy, feat_w, feat_h], axis=-1)
    return feat_labels, feat_localizations, feat_scores
def tf_ssd_bboxes_decode_layer(feat_localizations, anchors_layer, prior_scaling=[0.1, 0.1, 0.2, 0.2]):
    yref, xref, href, wref = anchors_layer
    cx = feat_localizations[:, :, :, :, 0] * wref * prior_scaling[0] + xref
    cy = feat_localizations[:, :, :, :, 1] * href * prior_scaling[1] + yref
    w = wref * tf.exp(feat_localizations[:, :, :, :, 2] * prior_scaling[2])
    h = href * tf.exp(feat_localizations[:, :, :, :, 3] * prior_scaling[3])
    ymin = cy - h / 2.
    xmin = cx - w / 2.
    ymax = cy + h / 2.
    xmax = cx + w / 2.
    bboxes = tf.stack([ymin, xmin, ymax, xmax], axis=-1)
    return bboxes
def ssd_anchor_one_layer(feat_shape, sizes, ratios, step, offset=0.5, img_size=32):
    y, x = np.mgrid[0:feat_shape[0], 0:feat_shape[1]]
    y = (y.astype(np.float32) + offset) * step / img_size
    x = (x.astype(np.float32) + offset) * step / img_size
    y = np.expand_dims(y, axis=-1)
    x = np.expand_dims(x, axis=-1)
    num_anchors = len(sizes) + len(ratios)
    h = np.zeros((num_anchors, ), dtype=np.float32)
    w = np.zeros((num_anchors, ), dtype=np.float32)
    h[0] = sizes[0] / img_size
    w[0] = sizes[0] / img_size
    di = 1
    if len(sizes) > 1:
        h[1] = np.sqrt(sizes[0] * sizes[1]) / img_size
        w[1] = np.sqrt(sizes[0] * sizes[1]) / img_size
        di += 1
    for i, r in enumerate(ratios):
        h[i+di] = sizes[0] / img_size / np.sqrt(r)
        w[i+di] = sizes[0] / img_size * np.sqrt(r)
    return y, x, h, w
anchors = ssd_anchor_one_layer((4, 4), (8., 14.), [2, .5], 8)
labels = tf.constant([1, 3, 2], tf.int64)
bboxes = tf.constant([[0.1, 0.1, 0.4, 0.5], [0.5, 0.4, 0.9, 0.8], [0.0, 0.6, 0.3, 0.95]], tf.float32)
feat_labels, feat_loc, feat_scores = tf_ssd_bboxes_encode_layer(labels, bboxes, anchors, 4)
decoded = tf_ssd_bboxes_decode_layer(tf.expand_dims(feat_loc, 0), anchors)
scores = tf.reshape(feat_scores, [-1])
top_scores, idxes = tf.nn.top_k(scores, k=6, sorted=True)
top_boxes = tf.gather(tf.reshape(decoded, [-1, 4]), idxes)
keep = tf.image.non_max_suppression(top_boxes, top_scores, 4, iou_threshold=0.45)
with tf.Session() as sess:
    fl, fs, dec, ts, kp = sess.run([feat_labels, feat_scores, decoded, top_scores, keep])
out["labels"] = fl.tolist(); out["scores"] = L(fs); out["decoded_row"] = L(dec[0, 1, 1])
out["top"] = L(ts); out["keep"] = kp.tolist()
out["shapes"] = [str(feat_labels.shape), str(feat_loc.shape), str(decoded.shape), feat_labels.dtype.name]
""",
}

WISEODD = {
    "wo_vanilla_gan_xavier": r"""
tf.set_random_seed(33)
def xavier_init(size):
    in_dim = size[0]
    xavier_stddev = 1. / tf.sqrt(in_dim / 2.)
    return tf.random_normal(shape=size, stddev=xavier_stddev)
X = tf.placeholder(tf.float32, shape=[None, 784])
D_W1 = tf.Variable(xavier_init([784, 16]))
D_b1 = tf.Variable(tf.zeros(shape=[16]))
D_W2 = tf.Variable(xavier_init([16, 1]))
D_b2 = tf.Variable(tf.zeros(shape=[1]))
theta_D = [D_W1, D_W2, D_b1, D_b2]
Z = tf.placeholder(tf.float32, shape=[None, 10])
G_W1 = tf.Variable(xavier_init([10, 16]))
G_b1 = tf.Variable(tf.zeros(shape=[16]))
G_W2 = tf.Variable(xavier_init([16, 784]))
G_b2 = tf.Variable(tf.zeros(shape=[784]))
theta_G = [G_W1, G_W2, G_b1, G_b2]
def sample_Z(m, n):
    return rng.uniform(-1., 1., size=[m, n])
def generator(z):
    G_h1 = tf.nn.relu(tf.matmul(z, G_W1) + G_b1)
    G_log_prob = tf.matmul(G_h1, G_W2) + G_b2
    G_prob = tf.nn.sigmoid(G_log_prob)
    return G_prob
def discriminator(x):
    D_h1 = tf.nn.relu(tf.matmul(x, D_W1) + D_b1)
    D_logit = tf.matmul(D_h1, D_W2) + D_b2
    D_prob = tf.nn.sigmoid(D_logit)
    return D_prob, D_logit
G_sample = generator(Z)
D_real, D_logit_real = discriminator(X)
D_fake, D_logit_fake = discriminator(G_sample)
D_loss_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logit_real, labels=tf.ones_like(D_logit_real)))
D_loss_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logit_fake, labels=tf.zeros_like(D_logit_fake)))
D_loss = D_loss_real + D_loss_fake
G_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=D_logit_fake, labels=tf.ones_like(D_logit_fake)))
D_solver = tf.train.AdamOptimizer().minimize(D_loss, var_list=theta_D)
G_solver = tf.train.AdamOptimizer().minimize(G_loss, var_list=theta_G)
rng = np.random.RandomState(23)
xs, _ = mnist(8, seed=17)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
log = []
for it in range(4):
    z = sample_Z(8, 10)
    _, D_loss_curr = sess.run([D_solver, D_loss], feed_dict={X: xs, Z: z})
    _, G_loss_curr = sess.run([G_solver, G_loss], feed_dict={Z: z})
    log.append('Iter: {}; D loss: {:.4}; G_loss: {:.4}'.format(it, D_loss_curr, G_loss_curr))
    log.append([float(D_loss_curr), float(G_loss_curr)])
out["log"] = log
out["sample"] = L(sess.run(G_sample, feed_dict={Z: sample_Z(2, 10)})[:, :4])
""",
    "wo_wgan_clip_lsgan": r"""
tf.set_random_seed(34)
rng = np.random.RandomState(24)
def xavier_init(size):
    return tf.random_normal(shape=size, stddev=1. / tf.sqrt(size[0] / 2.))
X = tf.placeholder(tf.float32, shape=[None, 20])
z = tf.placeholder(tf.float32, shape=[None, 5])
D_W1 = tf.Variable(xavier_init([20, 8])); D_b1 = tf.Variable(tf.zeros(shape=[8]))
D_W2 = tf.Variable(xavier_init([8, 1])); D_b2 = tf.Variable(tf.zeros(shape=[1]))
G_W1 = tf.Variable(xavier_init([5, 8])); G_b1 = tf.Variable(tf.zeros(shape=[8]))
G_W2 = tf.Variable(xavier_init([8, 20])); G_b2 = tf.Variable(tf.zeros(shape=[20]))
theta_D = [D_W1, D_W2, D_b1, D_b2]
theta_G = [G_W1, G_W2, G_b1, G_b2]
def generator(z):
    G_h1 = tf.nn.relu(tf.matmul(z, G_W1) + G_b1)
    return tf.nn.sigmoid(tf.matmul(G_h1, G_W2) + G_b2)
def discriminator(x):
    D_h1 = tf.nn.relu(tf.matmul(x, D_W1) + D_b1)
    return tf.matmul(D_h1, D_W2) + D_b2
G_sample = generator(z)
D_real = discriminator(X)
D_fake = discriminator(G_sample)
D_loss = tf.reduce_mean(D_real) - tf.reduce_mean(D_fake)
G_loss = -tf.reduce_mean(D_fake)
D_solver = (tf.train.RMSPropOptimizer(learning_rate=1e-4).minimize(-D_loss, var_list=theta_D))
G_solver = (tf.train.RMSPropOptimizer(learning_rate=1e-4).minimize(G_loss, var_list=theta_G))
clip_D = [p.assign(tf.clip_by_value(p, -0.01, 0.01)) for p in theta_D]
D_ls = 0.5 * (tf.reduce_mean((D_real - 1)**2) + tf.reduce_mean(D_fake**2))
G_ls = 0.5 * tf.reduce_mean((D_fake - 1)**2)
xs = rng.rand(6, 20).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
zz = rng.uniform(-1., 1., size=[6, 5])
out["ls"] = [float(v) for v in sess.run([D_ls, G_ls, D_loss], {X: xs, z: zz})]
# The solver and the clip run in one call: TF's executor orders the clip's read of each
# weight before or after its update as it likes, so only what either order gives is kept.
for it in range(3):
    for _ in range(5):
        _, D_loss_curr, _ = sess.run([D_solver, D_loss, clip_D], feed_dict={X: xs, z: rng.uniform(-1., 1., size=[6, 5])})
    _, G_loss_curr = sess.run([G_solver, G_loss], feed_dict={z: rng.uniform(-1., 1., size=[6, 5])})
out["clipped"] = bool(max(np.abs(w).max() for w in sess.run(theta_D)) < 0.0101)
out["names"] = [clip_D[0].name, clip_D[0].op.type, D_loss.name]
""",
    "wo_infogan_q_network": r"""
tf.set_random_seed(35)
rng = np.random.RandomState(25)
def xavier_init(size):
    return tf.random_normal(shape=size, stddev=1. / tf.sqrt(size[0] / 2.))
X = tf.placeholder(tf.float32, shape=[None, 16])
Z = tf.placeholder(tf.float32, shape=[None, 4])
c = tf.placeholder(tf.float32, shape=[None, 3])
D_W1 = tf.Variable(xavier_init([16, 8])); D_b1 = tf.Variable(tf.zeros(shape=[8]))
D_W2 = tf.Variable(xavier_init([8, 1])); D_b2 = tf.Variable(tf.zeros(shape=[1]))
G_W1 = tf.Variable(xavier_init([7, 8])); G_b1 = tf.Variable(tf.zeros(shape=[8]))
G_W2 = tf.Variable(xavier_init([8, 16])); G_b2 = tf.Variable(tf.zeros(shape=[16]))
Q_W1 = tf.Variable(xavier_init([16, 8])); Q_b1 = tf.Variable(tf.zeros(shape=[8]))
Q_W2 = tf.Variable(xavier_init([8, 3])); Q_b2 = tf.Variable(tf.zeros(shape=[3]))
theta_D = [D_W1, D_W2, D_b1, D_b2]; theta_G = [G_W1, G_W2, G_b1, G_b2]; theta_Q = [Q_W1, Q_W2, Q_b1, Q_b2]
def sample_c(m):
    return np.random.RandomState(m).multinomial(1, 3 * [1 / 3.], size=m)
def generator(z, c):
    inputs = tf.concat(axis=1, values=[z, c])
    G_h1 = tf.nn.relu(tf.matmul(inputs, G_W1) + G_b1)
    return tf.nn.sigmoid(tf.matmul(G_h1, G_W2) + G_b2)
def discriminator(x):
    D_h1 = tf.nn.relu(tf.matmul(x, D_W1) + D_b1)
    return tf.nn.sigmoid(tf.matmul(D_h1, D_W2) + D_b2)
def Q(x):
    Q_h1 = tf.nn.relu(tf.matmul(x, Q_W1) + Q_b1)
    return tf.nn.softmax(tf.matmul(Q_h1, Q_W2) + Q_b2)
G_sample = generator(Z, c)
D_real = discriminator(X)
D_fake = discriminator(G_sample)
Q_c_given_x = Q(G_sample)
D_loss = -tf.reduce_mean(tf.log(D_real + 1e-8) + tf.log(1 - D_fake + 1e-8))
G_loss = -tf.reduce_mean(tf.log(D_fake + 1e-8))
cross_ent = tf.reduce_mean(-tf.reduce_sum(tf.log(Q_c_given_x + 1e-8) * c, 1))
Q_loss = cross_ent
D_solver = tf.train.AdamOptimizer().minimize(D_loss, var_list=theta_D)
G_solver = tf.train.AdamOptimizer().minimize(G_loss, var_list=theta_G)
Q_solver = tf.train.AdamOptimizer().minimize(Q_loss, var_list=theta_G + theta_Q)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
xs = rng.rand(6, 16).astype(np.float32)
log = []
for it in range(3):
    Z_noise = rng.uniform(-1., 1., size=[6, 4]); c_noise = sample_c(6)
    _, D_loss_curr = sess.run([D_solver, D_loss], feed_dict={X: xs, Z: Z_noise, c: c_noise})
    _, G_loss_curr = sess.run([G_solver, G_loss], feed_dict={Z: Z_noise, c: c_noise})
    sess.run([Q_solver], feed_dict={Z: Z_noise, c: c_noise})
    log.append([float(D_loss_curr), float(G_loss_curr), float(sess.run(Q_loss, {Z: Z_noise, c: c_noise}))])
out["log"] = log
out["c"] = sample_c(4).tolist()
""",
    "wo_cvae_and_aae": r"""
tf.set_random_seed(36)
rng = np.random.RandomState(26)
def xavier_init(size):
    return tf.random_normal(shape=size, stddev=1. / tf.sqrt(size[0] / 2.))
X_dim, y_dim, z_dim, h_dim, mb_size = 12, 3, 2, 8, 5
X = tf.placeholder(tf.float32, shape=[None, X_dim])
c = tf.placeholder(tf.float32, shape=[None, y_dim])
z = tf.placeholder(tf.float32, shape=[None, z_dim])
Q_W1 = tf.Variable(xavier_init([X_dim + y_dim, h_dim])); Q_b1 = tf.Variable(tf.zeros(shape=[h_dim]))
Q_W2_mu = tf.Variable(xavier_init([h_dim, z_dim])); Q_b2_mu = tf.Variable(tf.zeros(shape=[z_dim]))
Q_W2_sigma = tf.Variable(xavier_init([h_dim, z_dim])); Q_b2_sigma = tf.Variable(tf.zeros(shape=[z_dim]))
def Q(X, c):
    inputs = tf.concat(axis=1, values=[X, c])
    h = tf.nn.relu(tf.matmul(inputs, Q_W1) + Q_b1)
    z_mu = tf.matmul(h, Q_W2_mu) + Q_b2_mu
    z_logvar = tf.matmul(h, Q_W2_sigma) + Q_b2_sigma
    return z_mu, z_logvar
def sample_z(mu, log_var):
    eps = tf.random_normal(shape=tf.shape(mu))
    return mu + tf.exp(log_var / 2) * eps
P_W1 = tf.Variable(xavier_init([z_dim + y_dim, h_dim])); P_b1 = tf.Variable(tf.zeros(shape=[h_dim]))
P_W2 = tf.Variable(xavier_init([h_dim, X_dim])); P_b2 = tf.Variable(tf.zeros(shape=[X_dim]))
def P(z, c):
    inputs = tf.concat(axis=1, values=[z, c])
    h = tf.nn.relu(tf.matmul(inputs, P_W1) + P_b1)
    logits = tf.matmul(h, P_W2) + P_b2
    prob = tf.nn.sigmoid(logits)
    return prob, logits
z_mu, z_logvar = Q(X, c)
z_sample = sample_z(z_mu, z_logvar)
_, logits = P(z_sample, c)
X_samples, _ = P(z, c)
recon_loss = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(logits=logits, labels=X), 1)
kl_loss = 0.5 * tf.reduce_sum(tf.exp(z_logvar) + z_mu**2 - 1. - z_logvar, 1)
vae_loss = tf.reduce_mean(recon_loss + kl_loss)
solver = tf.train.AdamOptimizer().minimize(vae_loss)
D_W1 = tf.Variable(xavier_init([z_dim, h_dim])); D_b1 = tf.Variable(tf.zeros(shape=[h_dim]))
D_W2 = tf.Variable(xavier_init([h_dim, 1])); D_b2 = tf.Variable(tf.zeros(shape=[1]))
def D(z):
    h = tf.nn.relu(tf.matmul(z, D_W1) + D_b1)
    return tf.nn.sigmoid(tf.matmul(h, D_W2) + D_b2)
D_real = D(z)
D_fake = D(z_mu)
D_loss = -tf.reduce_mean(tf.log(D_real) + tf.log(1. - D_fake))
G_loss = -tf.reduce_mean(tf.log(D_fake))
D_solver = tf.train.AdamOptimizer().minimize(D_loss, var_list=[D_W1, D_W2, D_b1, D_b2])
G_solver = tf.train.AdamOptimizer().minimize(G_loss, var_list=[Q_W1, Q_b1, Q_W2_mu, Q_b2_mu])
sess = tf.Session()
sess.run(tf.global_variables_initializer())
xs = (rng.rand(mb_size, X_dim) > 0.5).astype(np.float32)
ys = np.eye(y_dim)[rng.randint(0, y_dim, mb_size)]
log = []
for it in range(3):
    z_real = rng.randn(mb_size, z_dim)
    _, loss = sess.run([solver, vae_loss], feed_dict={X: xs, c: ys})
    _, D_loss_curr = sess.run([D_solver, D_loss], feed_dict={X: xs, c: ys, z: z_real})
    _, G_loss_curr = sess.run([G_solver, G_loss], feed_dict={X: xs, c: ys})
    log.append([float(D_loss_curr), float(G_loss_curr)])
out["mu"] = L(sess.run(z_mu, {X: xs, c: ys}))
out["samples"] = L(sess.run(X_samples, feed_dict={z: np.zeros((2, z_dim)), c: np.eye(y_dim)[:2]})[:, :4])
out["log"] = log
""",
    "wo_began_k_update": r"""
tf.set_random_seed(37)
rng = np.random.RandomState(27)
def xavier_init(size):
    return tf.random_normal(shape=size, stddev=1. / tf.sqrt(size[0] / 2.))
X_dim, z_dim, h_dim = 10, 3, 6
lam = 1e-3; gamma = 0.5
k_curr = 0
X = tf.placeholder(tf.float32, shape=[None, X_dim])
z = tf.placeholder(tf.float32, shape=[None, z_dim])
k = tf.placeholder(tf.float32)
D_W1 = tf.Variable(xavier_init([X_dim, h_dim])); D_b1 = tf.Variable(tf.zeros(shape=[h_dim]))
D_W2 = tf.Variable(xavier_init([h_dim, X_dim])); D_b2 = tf.Variable(tf.zeros(shape=[X_dim]))
G_W1 = tf.Variable(xavier_init([z_dim, h_dim])); G_b1 = tf.Variable(tf.zeros(shape=[h_dim]))
G_W2 = tf.Variable(xavier_init([h_dim, X_dim])); G_b2 = tf.Variable(tf.zeros(shape=[X_dim]))
theta_G = [G_W1, G_W2, G_b1, G_b2]
theta_D = [D_W1, D_W2, D_b1, D_b2]
def G(z):
    G_h1 = tf.nn.relu(tf.matmul(z, G_W1) + G_b1)
    return tf.nn.sigmoid(tf.matmul(G_h1, G_W2) + G_b2)
def D(X):
    D_h1 = tf.nn.relu(tf.matmul(X, D_W1) + D_b1)
    X_recon = tf.matmul(D_h1, D_W2) + D_b2
    return tf.reduce_mean(tf.reduce_sum((X - X_recon)**2, 1))
G_sample = G(z)
D_real = D(X)
D_fake = D(G_sample)
D_loss = D_real - k*D_fake
G_loss = D_fake
D_solver = (tf.train.AdamOptimizer(learning_rate=1e-3).minimize(D_loss, var_list=theta_D))
G_solver = (tf.train.AdamOptimizer(learning_rate=1e-3).minimize(G_loss, var_list=theta_G))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
xs = rng.rand(5, X_dim).astype(np.float32)
log = []
for it in range(4):
    zz = rng.uniform(-1., 1., size=[5, z_dim])
    _, D_real_curr = sess.run([D_solver, D_real], feed_dict={X: xs, z: zz, k: k_curr})
    _, D_fake_curr = sess.run([G_solver, D_fake], feed_dict={X: xs, z: zz})
    k_curr = k_curr + lam * (gamma*D_real_curr - D_fake_curr)
    measure = D_real_curr + np.abs(gamma*D_real_curr - D_fake_curr)
    log.append([float(k_curr), float(measure)])
out["log"] = log
""",
}

R2RT = {
    "rt_batch_norm_wrapper_pop_stats": r"""
tf.set_random_seed(38)
epsilon = 1e-3
def batch_norm_wrapper(inputs, is_training, decay=0.999):
    scale = tf.Variable(tf.ones([inputs.get_shape()[-1]]))
    beta = tf.Variable(tf.zeros([inputs.get_shape()[-1]]))
    pop_mean = tf.Variable(tf.zeros([inputs.get_shape()[-1]]), trainable=False)
    pop_var = tf.Variable(tf.ones([inputs.get_shape()[-1]]), trainable=False)
    if is_training:
        batch_mean, batch_var = tf.nn.moments(inputs, [0])
        train_mean = tf.assign(pop_mean, pop_mean * decay + batch_mean * (1 - decay))
        train_var = tf.assign(pop_var, pop_var * decay + batch_var * (1 - decay))
        with tf.control_dependencies([train_mean, train_var]):
            return tf.nn.batch_normalization(inputs, batch_mean, batch_var, beta, scale, epsilon)
    else:
        return tf.nn.batch_normalization(inputs, pop_mean, pop_var, beta, scale, epsilon)
def build_graph(is_training):
    x = tf.placeholder(tf.float32, shape=[None, 784])
    y_ = tf.placeholder(tf.float32, shape=[None, 10])
    w1 = tf.Variable(np.random.RandomState(1).normal(size=(784, 16)).astype(np.float32))
    z1 = tf.matmul(x, w1)
    bn1 = batch_norm_wrapper(z1, is_training)
    l1 = tf.nn.sigmoid(bn1)
    w2 = tf.Variable(np.random.RandomState(2).normal(size=(16, 10)).astype(np.float32))
    b2 = tf.Variable(tf.zeros([10]))
    y = tf.nn.softmax(tf.matmul(l1, w2) + b2)
    cross_entropy = -tf.reduce_sum(y_*tf.log(y))
    train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy)
    correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    return (x, y_), train_step, accuracy, y, tf.train.Saver()
xs, ys = mnist(16, seed=18)
d = tempfile.mkdtemp()
(x, y_), train_step, accuracy, _, saver = build_graph(is_training=True)
acc = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        train_step.run(feed_dict={x: xs[:8], y_: ys[:8]})
        acc.append(float(accuracy.eval(feed_dict={x: xs[8:], y_: ys[8:]})))
    saved_model = saver.save(sess, os.path.join(d, 'temp-bn-save'))
    out["pop"] = L(sess.run(tf.global_variables()[2]))
with tf.Graph().as_default():  # the post's tf.reset_default_graph(), in the harness's graph
    (x, y_), _, accuracy, y, saver = build_graph(is_training=False)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.restore(sess, saved_model)
        out["pred"] = L(sess.run(y, feed_dict={x: xs[8:10]}))
out["acc"] = acc
""",
    "rt_scan_rnn_and_dynamic": r"""
tf.set_random_seed(39)
batch_size, num_steps, num_classes, state_size = 3, 5, 2, 4
x = tf.placeholder(tf.int32, [batch_size, num_steps], name='input_placeholder')
y = tf.placeholder(tf.int32, [batch_size, num_steps], name='labels_placeholder')
init_state = tf.zeros([batch_size, state_size])
rnn_inputs = tf.one_hot(x, num_classes)
with tf.variable_scope('rnn_cell'):
    W = tf.get_variable('W', [num_classes + state_size, state_size])
    b = tf.get_variable('b', [state_size], initializer=tf.constant_initializer(0.0))
def rnn_cell(rnn_input, state):
    with tf.variable_scope('rnn_cell', reuse=True):
        W = tf.get_variable('W', [num_classes + state_size, state_size])
        b = tf.get_variable('b', [state_size], initializer=tf.constant_initializer(0.0))
    return tf.tanh(tf.matmul(tf.concat([rnn_input, state], 1), W) + b)
def step(hprev, x_t):
    return rnn_cell(x_t, hprev)
states = tf.scan(step, tf.transpose(rnn_inputs, [1, 0, 2]), initializer=init_state)
final_state = states[-1]
with tf.variable_scope('softmax'):
    W = tf.get_variable('W', [state_size, num_classes])
    b = tf.get_variable('b', [num_classes], initializer=tf.constant_initializer(0.0))
logits = tf.reshape(tf.matmul(tf.reshape(states, [-1, state_size]), W) + b, [num_steps, batch_size, num_classes])
logits = tf.transpose(logits, [1, 0, 2])
losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
total_loss = tf.reduce_mean(losses)
train_step = tf.train.AdagradOptimizer(0.3).minimize(total_loss)
cell = tf.nn.rnn_cell.BasicRNNCell(state_size)
dyn_outputs, dyn_state = tf.nn.dynamic_rnn(cell, rnn_inputs, initial_state=init_state)
rng = np.random.RandomState(28)
X = rng.randint(0, 2, (batch_size, num_steps))
Y = np.roll(X, 1, axis=1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    training_state = np.zeros((batch_size, state_size))
    for step_ in range(4):
        tr_losses, training_loss_, training_state, _ = sess.run(
            [losses, total_loss, final_state, train_step], feed_dict={x: X, y: Y, init_state: training_state})
        log.append(float(training_loss_))
    out["state"] = L(training_state)
    out["dyn"] = L(sess.run(dyn_state, {x: X}))
out["log"] = log
out["shapes"] = [str(states.shape), str(logits.shape), states.name, [v.name for v in tf.trainable_variables()]]
""",
}

GORNER = {
    "mg_five_layers_relu_lrdecay_dropout": r"""
import math
tf.set_random_seed(0)
X = tf.placeholder(tf.float32, [None, 28, 28, 1])
Y_ = tf.placeholder(tf.float32, [None, 10])
lr = tf.placeholder(tf.float32)
pkeep = tf.placeholder(tf.float32)
L1, M, N, O = 20, 16, 12, 8
W1 = tf.Variable(tf.truncated_normal([784, L1], stddev=0.1)); B1 = tf.Variable(tf.ones([L1])/10)
W2 = tf.Variable(tf.truncated_normal([L1, M], stddev=0.1)); B2 = tf.Variable(tf.ones([M])/10)
W3 = tf.Variable(tf.truncated_normal([M, N], stddev=0.1)); B3 = tf.Variable(tf.ones([N])/10)
W4 = tf.Variable(tf.truncated_normal([N, O], stddev=0.1)); B4 = tf.Variable(tf.ones([O])/10)
W5 = tf.Variable(tf.truncated_normal([O, 10], stddev=0.1)); B5 = tf.Variable(tf.zeros([10]))
XX = tf.reshape(X, [-1, 784])
Y1 = tf.nn.relu(tf.matmul(XX, W1) + B1); Y1d = tf.nn.dropout(Y1, pkeep)
Y2 = tf.nn.relu(tf.matmul(Y1d, W2) + B2); Y2d = tf.nn.dropout(Y2, pkeep)
Y3 = tf.nn.relu(tf.matmul(Y2d, W3) + B3); Y3d = tf.nn.dropout(Y3, pkeep)
Y4 = tf.nn.relu(tf.matmul(Y3d, W4) + B4); Y4d = tf.nn.dropout(Y4, pkeep)
Ylogits = tf.matmul(Y4d, W5) + B5
Y = tf.nn.softmax(Ylogits)
cross_entropy = tf.nn.softmax_cross_entropy_with_logits(logits=Ylogits, labels=Y_)
cross_entropy = tf.reduce_mean(cross_entropy)*100
correct_prediction = tf.equal(tf.argmax(Y, 1), tf.argmax(Y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
allweights = tf.concat([tf.reshape(W1, [-1]), tf.reshape(W2, [-1]), tf.reshape(W3, [-1]), tf.reshape(W4, [-1]), tf.reshape(W5, [-1])], 0)
allbiases = tf.concat([tf.reshape(B1, [-1]), tf.reshape(B2, [-1]), tf.reshape(B3, [-1]), tf.reshape(B4, [-1]), tf.reshape(B5, [-1])], 0)
train_step = tf.train.AdamOptimizer(lr).minimize(cross_entropy)
init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)
xs, ys = mnist(16, seed=19, flat=False)
log = []
for i in range(5):
    max_learning_rate = 0.003; min_learning_rate = 0.0001; decay_speed = 2000.0
    learning_rate = min_learning_rate + (max_learning_rate - min_learning_rate) * math.exp(-i/decay_speed)
    if i % 2 == 0:
        a, c, w, b = sess.run([accuracy, cross_entropy, allweights, allbiases], {X: xs, Y_: ys, pkeep: 1.0})
        log.append([str(i) + ": accuracy:" + str(a) + " loss: " + str(c) + " (lr:" + str(learning_rate) + ")", float(c), float(w.sum()), float(b.sum())])
    sess.run(train_step, {X: xs, Y_: ys, lr: learning_rate, pkeep: 1.0})
out["log"] = log
out["dropout_shape"] = str(Y1d.shape)
""",
    "mg_batchnorm_ema_iteration_cond": r"""
tf.set_random_seed(0)
X = tf.placeholder(tf.float32, [None, 28, 28, 1])
Y_ = tf.placeholder(tf.float32, [None, 10])
lr = tf.placeholder(tf.float32)
tst = tf.placeholder(tf.bool)
iter = tf.placeholder(tf.int32)
def batchnorm(Ylogits, is_test, iteration, offset, convolutional=False):
    exp_moving_avg = tf.train.ExponentialMovingAverage(0.999, iteration)
    bnepsilon = 1e-5
    if convolutional:
        mean, variance = tf.nn.moments(Ylogits, [0, 1, 2])
    else:
        mean, variance = tf.nn.moments(Ylogits, [0])
    update_moving_averages = exp_moving_avg.apply([mean, variance])
    m = tf.cond(is_test, lambda: exp_moving_avg.average(mean), lambda: mean)
    v = tf.cond(is_test, lambda: exp_moving_avg.average(variance), lambda: variance)
    Ybn = tf.nn.batch_normalization(Ylogits, m, v, offset, None, bnepsilon)
    return Ybn, update_moving_averages
K, L_, N = 4, 6, 16
W1 = tf.Variable(tf.truncated_normal([5, 5, 1, K], stddev=0.1)); B1 = tf.Variable(tf.constant(0.1, tf.float32, [K]))
W2 = tf.Variable(tf.truncated_normal([4, 4, K, L_], stddev=0.1)); B2 = tf.Variable(tf.constant(0.1, tf.float32, [L_]))
W4 = tf.Variable(tf.truncated_normal([7 * 7 * L_, N], stddev=0.1)); B4 = tf.Variable(tf.constant(0.1, tf.float32, [N]))
W5 = tf.Variable(tf.truncated_normal([N, 10], stddev=0.1)); B5 = tf.Variable(tf.constant(0.1, tf.float32, [10]))
Y1l = tf.nn.conv2d(X, W1, strides=[1, 2, 2, 1], padding='SAME')
Y1bn, update_ema1 = batchnorm(Y1l, tst, iter, B1, convolutional=True)
Y1 = tf.nn.relu(Y1bn)
Y2l = tf.nn.conv2d(Y1, W2, strides=[1, 2, 2, 1], padding='SAME')
Y2bn, update_ema2 = batchnorm(Y2l, tst, iter, B2, convolutional=True)
Y2 = tf.nn.relu(Y2bn)
YY = tf.reshape(Y2, shape=[-1, 7 * 7 * L_])
Y4l = tf.matmul(YY, W4)
Y4bn, update_ema4 = batchnorm(Y4l, tst, iter, B4)
Y4 = tf.nn.relu(Y4bn)
Ylogits = tf.matmul(Y4, W5) + B5
Y = tf.nn.softmax(Ylogits)
update_ema = tf.group(update_ema1, update_ema2, update_ema4)
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=Ylogits, labels=Y_)) * 100
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(Y, 1), tf.argmax(Y_, 1)), tf.float32))
train_step = tf.train.AdamOptimizer(lr).minimize(cross_entropy)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
xs, ys = mnist(12, seed=20, flat=False)
log = []
for i in range(4):
    sess.run(train_step, {X: xs[:8], Y_: ys[:8], lr: 0.003, tst: False})
    sess.run(update_ema, {X: xs[:8], Y_: ys[:8], tst: False, iter: i})
    a, c = sess.run([accuracy, cross_entropy], {X: xs[8:], Y_: ys[8:], tst: True})
    log.append([float(a), float(c)])
out["log"] = log
out["ema_vars"] = [v.name for v in tf.global_variables() if "ExponentialMovingAverage" in v.name]
""",
}

NMT = {
    "nm_bidirectional_encoder_masked_loss_clip": r"""
tf.set_random_seed(40)
src_vocab, tgt_vocab, emb, units, batch, src_len, tgt_len = 9, 7, 4, 5, 3, 6, 4
source = tf.placeholder(tf.int32, [batch, src_len])
source_sequence_length = tf.placeholder(tf.int32, [batch])
target_input = tf.placeholder(tf.int32, [batch, tgt_len])
target_output = tf.placeholder(tf.int32, [batch, tgt_len])
target_sequence_length = tf.placeholder(tf.int32, [batch])
with tf.variable_scope("embeddings"):
    embedding_encoder = tf.get_variable("embedding_encoder", [src_vocab, emb], tf.float32)
    embedding_decoder = tf.get_variable("embedding_decoder", [tgt_vocab, emb], tf.float32)
with tf.variable_scope("encoder"):
    encoder_emb_inp = tf.nn.embedding_lookup(embedding_encoder, source)
    fw_cell = tf.nn.rnn_cell.BasicLSTMCell(units, forget_bias=1.0)
    bw_cell = tf.nn.rnn_cell.BasicLSTMCell(units, forget_bias=1.0)
    bi_outputs, bi_state = tf.nn.bidirectional_dynamic_rnn(fw_cell, bw_cell, encoder_emb_inp,
        dtype=tf.float32, sequence_length=source_sequence_length, time_major=False, swap_memory=True)
    encoder_outputs = tf.concat(bi_outputs, -1)
    encoder_state = tf.nn.rnn_cell.LSTMStateTuple(
        tf.concat([bi_state[0].c, bi_state[1].c], -1), tf.concat([bi_state[0].h, bi_state[1].h], -1))
with tf.variable_scope("decoder") as decoder_scope:
    cell = tf.nn.rnn_cell.BasicLSTMCell(2 * units)
    decoder_emb_inp = tf.nn.embedding_lookup(embedding_decoder, target_input)
    outputs, final_context_state = tf.nn.dynamic_rnn(cell, decoder_emb_inp,
        sequence_length=target_sequence_length, initial_state=encoder_state, scope=decoder_scope)
    output_layer = tf.layers.Dense(tgt_vocab, use_bias=False, name="output_projection")
    logits = output_layer(outputs)
crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target_output, logits=logits)
target_weights = tf.sequence_mask(target_sequence_length, tgt_len, dtype=logits.dtype)
loss = tf.reduce_sum(crossent * target_weights) / tf.to_float(batch)
word_count = tf.reduce_sum(source_sequence_length) + tf.reduce_sum(target_sequence_length)
predict_count = tf.reduce_sum(target_sequence_length)
params = tf.trainable_variables()
gradients = tf.gradients(loss, params, colocate_gradients_with_ops=True)
clipped_gradients, gradient_norm = tf.clip_by_global_norm(gradients, 1.0)
global_step = tf.Variable(0, trainable=False)
opt = tf.train.GradientDescentOptimizer(1.0)
update = opt.apply_gradients(zip(clipped_gradients, params), global_step=global_step)
train_summary = tf.summary.merge([tf.summary.scalar("lr", tf.constant(1.0)), tf.summary.scalar("train_loss", loss),
                                  tf.summary.scalar("grad_norm", gradient_norm),
                                  tf.summary.scalar("clipped_gradient", tf.global_norm(clipped_gradients))])
rng = np.random.RandomState(29)
feed = {source: rng.randint(1, src_vocab, (batch, src_len)), source_sequence_length: [6, 3, 4],
        target_input: rng.randint(1, tgt_vocab, (batch, tgt_len)), target_output: rng.randint(1, tgt_vocab, (batch, tgt_len)),
        target_sequence_length: [4, 2, 3]}
tf.set_random_seed(40)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    log = []
    total_loss, total_predict = 0.0, 0
    for _ in range(4):
        _, step_loss, gn, pc, wc = sess.run([update, loss, gradient_norm, predict_count, word_count], feed)
        total_loss += step_loss * batch; total_predict += pc
        log.append([float(step_loss), float(gn), int(pc), int(wc)])
    out["ppl"] = float(np.exp(total_loss / total_predict))
    out["enc_state_h"] = L(sess.run(encoder_state.h, feed))
    out["bw_out_pad"] = L(sess.run(bi_outputs[1], feed)[1, 3:])
out["log"] = log
out["vars"] = [v.name for v in params]
""",
    "nm_luong_attention_by_hand": r"""
tf.set_random_seed(41)
batch, src_len, tgt_len, units, vocab = 2, 5, 3, 4, 6
memory = tf.placeholder(tf.float32, [batch, src_len, units])
memory_len = tf.placeholder(tf.int32, [batch])
dec_in = tf.placeholder(tf.float32, [batch, tgt_len, units])
labels = tf.placeholder(tf.int32, [batch, tgt_len])
cell = tf.nn.rnn_cell.GRUCell(units)
W_a = tf.get_variable("memory_layer", [units, units])
W_c = tf.layers.Dense(units, use_bias=False, activation=tf.tanh, name="attention_layer")
proj = tf.layers.Dense(vocab, name="output_projection")
keys = tf.einsum("bsu,uv->bsv", memory, W_a)
mask = tf.sequence_mask(memory_len, src_len)
state = cell.zero_state(batch, tf.float32)
attention = tf.zeros([batch, units])
logits, aligns = [], []
for t in range(tgt_len):
    cell_out, state = cell(tf.concat([dec_in[:, t], attention], -1), state)
    score = tf.squeeze(tf.matmul(tf.expand_dims(cell_out, 1), keys, transpose_b=True), [1])
    score = tf.where(mask, score, tf.ones_like(score) * -np.inf)
    alignments = tf.nn.softmax(score)
    context = tf.squeeze(tf.matmul(tf.expand_dims(alignments, 1), memory), [1])
    attention = W_c(tf.concat([cell_out, context], 1))
    logits.append(proj(attention)); aligns.append(alignments)
logits = tf.stack(logits, 1)
loss = tf.contrib.seq2seq.sequence_loss(logits, labels, tf.ones([batch, tgt_len])) if hasattr(tf, "contrib") else contrib.seq2seq.sequence_loss(logits, labels, tf.ones([batch, tgt_len]))
train = tf.train.AdamOptimizer(0.1).minimize(loss)
rng = np.random.RandomState(30)
feed = {memory: rng.randn(batch, src_len, units).astype(np.float32), memory_len: [5, 2],
        dec_in: rng.randn(batch, tgt_len, units).astype(np.float32), labels: rng.randint(0, vocab, (batch, tgt_len))}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["aligns"] = L(sess.run(tf.stack(aligns, 1), feed))
    out["losses"] = [float(sess.run([train, loss], feed)[1]) for _ in range(4)]
out["vars"] = [v.name for v in tf.trainable_variables()]
""",
}

MORE = {
    "tm_research_autoencoder_classes": r"""
tf.set_random_seed(42)
def xavier_init(fan_in, fan_out, constant=1):
    low = -constant * np.sqrt(6.0 / (fan_in + fan_out))
    high = constant * np.sqrt(6.0 / (fan_in + fan_out))
    return tf.random_uniform((fan_in, fan_out), minval=low, maxval=high, dtype=tf.float32)
class AdditiveGaussianNoiseAutoencoder(object):
    def __init__(self, n_input, n_hidden, transfer_function=tf.nn.softplus, optimizer=tf.train.AdamOptimizer(), scale=0.1):
        self.n_input = n_input
        self.n_hidden = n_hidden
        self.transfer = transfer_function
        self.scale = tf.placeholder(tf.float32)
        self.training_scale = scale
        network_weights = self._initialize_weights()
        self.weights = network_weights
        self.x = tf.placeholder(tf.float32, [None, self.n_input])
        self.hidden = self.transfer(tf.add(tf.matmul(self.x + scale * tf.random_normal((n_input,)), self.weights['w1']), self.weights['b1']))
        self.reconstruction = tf.add(tf.matmul(self.hidden, self.weights['w2']), self.weights['b2'])
        self.cost = 0.5 * tf.reduce_sum(tf.pow(tf.subtract(self.reconstruction, self.x), 2.0))
        self.optimizer = optimizer.minimize(self.cost)
        init = tf.global_variables_initializer()
        self.sess = tf.Session()
        self.sess.run(init)
    def _initialize_weights(self):
        all_weights = dict()
        all_weights['w1'] = tf.get_variable("w1", shape=[self.n_input, self.n_hidden], initializer=tf.glorot_uniform_initializer())
        all_weights['b1'] = tf.Variable(tf.zeros([self.n_hidden], dtype=tf.float32))
        all_weights['w2'] = tf.Variable(tf.zeros([self.n_hidden, self.n_input], dtype=tf.float32))
        all_weights['b2'] = tf.Variable(tf.zeros([self.n_input], dtype=tf.float32))
        return all_weights
    def partial_fit(self, X):
        cost, opt = self.sess.run((self.cost, self.optimizer), feed_dict={self.x: X, self.scale: self.training_scale})
        return cost
    def calc_total_cost(self, X):
        return self.sess.run(self.cost, feed_dict={self.x: X, self.scale: self.training_scale})
    def transform(self, X):
        return self.sess.run(self.hidden, feed_dict={self.x: X, self.scale: self.training_scale})
    def getWeights(self):
        return self.sess.run(self.weights['w1'])
class VariationalAutoencoder(object):
    def __init__(self, n_input, n_hidden, optimizer=tf.train.AdamOptimizer()):
        self.n_input = n_input
        self.n_hidden = n_hidden
        network_weights = self._initialize_weights()
        self.weights = network_weights
        self.x = tf.placeholder(tf.float32, [None, self.n_input])
        self.z_mean = tf.add(tf.matmul(self.x, self.weights['w1']), self.weights['b1'])
        self.z_log_sigma_sq = tf.add(tf.matmul(self.x, self.weights['log_sigma_w1']), self.weights['log_sigma_b1'])
        eps = tf.random_normal(tf.stack([tf.shape(self.x)[0], self.n_hidden]), 0, 1, dtype=tf.float32)
        self.z = tf.add(self.z_mean, tf.multiply(tf.sqrt(tf.exp(self.z_log_sigma_sq)), eps))
        self.reconstruction = tf.add(tf.matmul(self.z, self.weights['w2']), self.weights['b2'])
        reconstr_loss = 0.5 * tf.reduce_sum(tf.pow(tf.subtract(self.reconstruction, self.x), 2.0))
        latent_loss = -0.5 * tf.reduce_sum(1 + self.z_log_sigma_sq - tf.square(self.z_mean) - tf.exp(self.z_log_sigma_sq), 1)
        self.cost = tf.reduce_mean(reconstr_loss + latent_loss)
        self.optimizer = optimizer.minimize(self.cost)
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())
    def _initialize_weights(self):
        all_weights = dict()
        all_weights['w1'] = tf.get_variable("vw1", shape=[self.n_input, self.n_hidden], initializer=tf.glorot_uniform_initializer())
        all_weights['log_sigma_w1'] = tf.get_variable("log_sigma_w1", shape=[self.n_input, self.n_hidden], initializer=tf.glorot_uniform_initializer())
        all_weights['b1'] = tf.Variable(tf.zeros([self.n_hidden], dtype=tf.float32))
        all_weights['log_sigma_b1'] = tf.Variable(tf.zeros([self.n_hidden], dtype=tf.float32))
        all_weights['w2'] = tf.Variable(tf.zeros([self.n_hidden, self.n_input], dtype=tf.float32))
        all_weights['b2'] = tf.Variable(tf.zeros([self.n_input], dtype=tf.float32))
        return all_weights
    def partial_fit(self, X):
        cost, opt = self.sess.run((self.cost, self.optimizer), feed_dict={self.x: X})
        return cost
def standard_scale(X_train, X_test):
    mean, std = X_train.mean(0), X_train.std(0) + 1e-8
    return (X_train - mean) / std, (X_test - mean) / std
xs, _ = mnist(12, seed=21)
X_train, X_test = standard_scale(xs[:8, :20], xs[8:, :20])
autoencoder = AdditiveGaussianNoiseAutoencoder(n_input=20, n_hidden=6, transfer_function=tf.nn.softplus,
                                               optimizer=tf.train.AdamOptimizer(learning_rate=0.01), scale=0.01)
costs = [float(autoencoder.partial_fit(X_train)) for _ in range(4)]
out["dae"] = [costs, float(autoencoder.calc_total_cost(X_test)), L(autoencoder.getWeights()[:2])]
vae = VariationalAutoencoder(n_input=20, n_hidden=3, optimizer=tf.train.AdamOptimizer(learning_rate=0.01))
out["vae"] = [float(vae.partial_fit(X_train)) for _ in range(4)]
""",
    "tm_mnist_convolutional_momentum_l2": r"""
SEED = 66478
NUM_CHANNELS = 1; NUM_LABELS = 10; BATCH_SIZE = 4; IMAGE_SIZE = 28
train_data, train_labels = mnist(8, seed=22, flat=False, one_hot=False)
train_size = train_labels.shape[0]
train_data_node = tf.placeholder(tf.float32, shape=(BATCH_SIZE, IMAGE_SIZE, IMAGE_SIZE, NUM_CHANNELS))
train_labels_node = tf.placeholder(tf.int64, shape=(BATCH_SIZE,))
eval_data = tf.placeholder(tf.float32, shape=(BATCH_SIZE, IMAGE_SIZE, IMAGE_SIZE, NUM_CHANNELS))
conv1_weights = tf.Variable(tf.truncated_normal([5, 5, NUM_CHANNELS, 4], stddev=0.1, seed=SEED, dtype=tf.float32))
conv1_biases = tf.Variable(tf.zeros([4], dtype=tf.float32))
conv2_weights = tf.Variable(tf.truncated_normal([5, 5, 4, 8], stddev=0.1, seed=SEED, dtype=tf.float32))
conv2_biases = tf.Variable(tf.constant(0.1, shape=[8], dtype=tf.float32))
fc1_weights = tf.Variable(tf.truncated_normal([IMAGE_SIZE // 4 * IMAGE_SIZE // 4 * 8, 16], stddev=0.1, seed=SEED, dtype=tf.float32))
fc1_biases = tf.Variable(tf.constant(0.1, shape=[16], dtype=tf.float32))
fc2_weights = tf.Variable(tf.truncated_normal([16, NUM_LABELS], stddev=0.1, seed=SEED, dtype=tf.float32))
fc2_biases = tf.Variable(tf.constant(0.1, shape=[NUM_LABELS], dtype=tf.float32))
def model(data, train=False):
    conv = tf.nn.conv2d(data, conv1_weights, strides=[1, 1, 1, 1], padding='SAME')
    relu = tf.nn.relu(tf.nn.bias_add(conv, conv1_biases))
    pool = tf.nn.max_pool(relu, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
    conv = tf.nn.conv2d(pool, conv2_weights, strides=[1, 1, 1, 1], padding='SAME')
    relu = tf.nn.relu(tf.nn.bias_add(conv, conv2_biases))
    pool = tf.nn.max_pool(relu, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
    pool_shape = pool.get_shape().as_list()
    reshape = tf.reshape(pool, [pool_shape[0], pool_shape[1] * pool_shape[2] * pool_shape[3]])
    hidden = tf.nn.relu(tf.matmul(reshape, fc1_weights) + fc1_biases)
    return tf.matmul(hidden, fc2_weights) + fc2_biases
logits = model(train_data_node, True)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=train_labels_node, logits=logits))
regularizers = (tf.nn.l2_loss(fc1_weights) + tf.nn.l2_loss(fc1_biases) + tf.nn.l2_loss(fc2_weights) + tf.nn.l2_loss(fc2_biases))
loss += 5e-4 * regularizers
batch = tf.Variable(0, dtype=tf.float32)
learning_rate = tf.train.exponential_decay(0.01, batch * BATCH_SIZE, train_size, 0.95, staircase=True)
optimizer = tf.train.MomentumOptimizer(learning_rate, 0.9).minimize(loss, global_step=batch)
train_prediction = tf.nn.softmax(logits)
eval_prediction = tf.nn.softmax(model(eval_data))
def error_rate(predictions, labels):
    return 100.0 - (100.0 * np.sum(np.argmax(predictions, 1) == labels) / predictions.shape[0])
log = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for step in range(5):
        offset = (step * BATCH_SIZE) % (train_size - BATCH_SIZE)
        batch_data = train_data[offset:(offset + BATCH_SIZE), ...]
        batch_labels = train_labels[offset:(offset + BATCH_SIZE)]
        feed_dict = {train_data_node: batch_data, train_labels_node: batch_labels}
        sess.run(optimizer, feed_dict=feed_dict)
        l, lr, predictions = sess.run([loss, learning_rate, train_prediction], feed_dict=feed_dict)
        log.append(['Minibatch loss: %.3f, learning rate: %.6f' % (l, lr), float(l), float(lr),
                    'Minibatch error: %.1f%%' % error_rate(predictions, batch_labels)])
    out["eval"] = L(sess.run(eval_prediction, {eval_data: train_data[:4]}))
out["log"] = log
""",
    "sl_vgg_and_cifarnet_preprocessing": r"""
_R_MEAN = 123.68; _G_MEAN = 116.78; _B_MEAN = 103.94
def _mean_image_subtraction(image, means):
    num_channels = image.get_shape().as_list()[-1]
    channels = tf.split(axis=2, num_or_size_splits=num_channels, value=image)
    for i in range(num_channels):
        channels[i] -= means[i]
    return tf.concat(axis=2, values=channels)
def _smallest_size_at_least(height, width, smallest_side):
    smallest_side = tf.convert_to_tensor(smallest_side, dtype=tf.int32)
    height = tf.to_float(height)
    width = tf.to_float(width)
    smallest_side = tf.to_float(smallest_side)
    scale = tf.cond(tf.greater(height, width), lambda: smallest_side / width, lambda: smallest_side / height)
    new_height = tf.to_int32(tf.rint(height * scale))
    new_width = tf.to_int32(tf.rint(width * scale))
    return new_height, new_width
def _aspect_preserving_resize(image, smallest_side):
    smallest_side = tf.convert_to_tensor(smallest_side, dtype=tf.int32)
    shape = tf.shape(image)
    height = shape[0]
    width = shape[1]
    new_height, new_width = _smallest_size_at_least(height, width, smallest_side)
    image = tf.expand_dims(image, 0)
    resized_image = tf.image.resize_bilinear(image, [new_height, new_width], align_corners=False)
    resized_image = tf.squeeze(resized_image)
    resized_image.set_shape([None, None, 3])
    return resized_image
def _crop(image, offset_height, offset_width, crop_height, crop_width):
    original_shape = tf.shape(image)
    rank_assertion = tf.Assert(tf.equal(tf.rank(image), 3), ['Rank of image must be equal to 3.'])
    with tf.control_dependencies([rank_assertion]):
        cropped_shape = tf.stack([crop_height, crop_width, original_shape[2]])
    size_assertion = tf.Assert(
        tf.logical_and(tf.greater_equal(original_shape[0], crop_height), tf.greater_equal(original_shape[1], crop_width)),
        ['Crop size greater than the image size.'])
    offsets = tf.to_int32(tf.stack([offset_height, offset_width, 0]))
    with tf.control_dependencies([size_assertion]):
        image = tf.slice(image, offsets, cropped_shape)
    return tf.reshape(image, cropped_shape)
def _central_crop(image_list, crop_height, crop_width):
    outputs = []
    for image in image_list:
        image_height = tf.shape(image)[0]
        image_width = tf.shape(image)[1]
        offset_height = (image_height - crop_height) / 2
        offset_width = (image_width - crop_width) / 2
        outputs.append(_crop(image, offset_height, offset_width, crop_height, crop_width))
    return outputs
def preprocess_for_eval(image, output_height, output_width, resize_side):
    image = _aspect_preserving_resize(image, resize_side)
    image = _central_crop([image], output_height, output_width)[0]
    image.set_shape([output_height, output_width, 3])
    image = tf.to_float(image)
    return _mean_image_subtraction(image, [_R_MEAN, _G_MEAN, _B_MEAN])
def cifarnet_preprocess_for_eval(image, output_height, output_width):
    tf.summary.image('image', tf.expand_dims(image, 0))
    image = tf.to_float(image)
    resized_image = tf.image.resize_image_with_crop_or_pad(image, output_width, output_height)
    tf.summary.image('resized_image', tf.expand_dims(resized_image, 0))
    return tf.image.per_image_standardization(resized_image)
rng = np.random.RandomState(31)
raw = tf.placeholder(tf.uint8, [None, None, 3])
vgg = preprocess_for_eval(raw, 6, 6, 8)
cif = cifarnet_preprocess_for_eval(raw, 8, 8)
img = rng.randint(0, 255, (10, 13, 3)).astype(np.uint8)
with tf.Session() as sess:
    v, c = sess.run([vgg, cif], {raw: img})
    out["too_small"] = raises(lambda: sess.run(_crop(raw, 0, 0, 20, 20), {raw: img}))
out["vgg"] = L(v[:, :, 0]); out["cif"] = L(c[:3, :3])
out["shapes"] = [str(vgg.shape), str(cif.shape), vgg.dtype.name]
""",
    "sq_ner_bilstm_crf": r"""
tf.set_random_seed(43)
if hasattr(tf, "contrib"):
    crf_log_likelihood, viterbi_decode = tf.contrib.crf.crf_log_likelihood, tf.contrib.crf.viterbi_decode
else:  # TF 1.15's tf.contrib.crf, re-typed
    class CrfForwardRnnCell(tf.nn.rnn_cell.RNNCell):
        def __init__(self, transition_params):
            self._transition_params = tf.expand_dims(transition_params, 0)
            self._num_tags = transition_params.get_shape()[0].value
        @property
        def state_size(self): return self._num_tags
        @property
        def output_size(self): return self._num_tags
        def __call__(self, inputs, state, scope=None):
            state = tf.expand_dims(state, 2)
            transition_scores = state + self._transition_params
            new_alphas = inputs + tf.reduce_logsumexp(transition_scores, [1])
            return new_alphas, new_alphas
    def crf_unary_score(tag_indices, sequence_lengths, inputs):
        batch_size = tf.shape(inputs)[0]; max_seq_len = tf.shape(inputs)[1]; num_tags = tf.shape(inputs)[2]
        flattened_inputs = tf.reshape(inputs, [-1])
        offsets = tf.expand_dims(tf.range(batch_size) * max_seq_len * num_tags, 1)
        offsets += tf.expand_dims(tf.range(max_seq_len) * num_tags, 0)
        flattened_tag_indices = tf.reshape(offsets + tag_indices, [-1])
        unary_scores = tf.reshape(tf.gather(flattened_inputs, flattened_tag_indices), [batch_size, max_seq_len])
        masks = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(tag_indices)[1], dtype=tf.float32)
        return tf.reduce_sum(unary_scores * masks, 1)
    def crf_binary_score(tag_indices, sequence_lengths, transition_params):
        num_tags = transition_params.get_shape()[0]
        num_transitions = tf.shape(tag_indices)[1] - 1
        start_tag_indices = tf.slice(tag_indices, [0, 0], [-1, num_transitions])
        end_tag_indices = tf.slice(tag_indices, [0, 1], [-1, num_transitions])
        flattened_transition_indices = start_tag_indices * num_tags + end_tag_indices
        flattened_transition_params = tf.reshape(transition_params, [-1])
        binary_scores = tf.gather(flattened_transition_params, flattened_transition_indices)
        masks = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(tag_indices)[1], dtype=tf.float32)
        truncated_masks = tf.slice(masks, [0, 1], [-1, -1])
        return tf.reduce_sum(binary_scores * truncated_masks, 1)
    def crf_log_norm(inputs, sequence_lengths, transition_params):
        first_input = tf.squeeze(tf.slice(inputs, [0, 0, 0], [-1, 1, -1]), [1])
        rest_of_input = tf.slice(inputs, [0, 1, 0], [-1, -1, -1])
        forward_cell = CrfForwardRnnCell(transition_params)
        sequence_lengths_less_one = tf.maximum(tf.constant(0, dtype=sequence_lengths.dtype), sequence_lengths - 1)
        _, alphas = tf.nn.dynamic_rnn(cell=forward_cell, inputs=rest_of_input, sequence_length=sequence_lengths_less_one,
                                      initial_state=first_input, dtype=tf.float32)
        log_norm = tf.reduce_logsumexp(alphas, [1])
        return tf.where(tf.less_equal(sequence_lengths, 0), tf.zeros_like(log_norm), log_norm)
    def crf_log_likelihood(inputs, tag_indices, sequence_lengths, transition_params=None):
        num_tags = inputs.get_shape()[2].value
        if transition_params is None:
            transition_params = tf.get_variable("transitions", [num_tags, num_tags])
        sequence_scores = crf_unary_score(tag_indices, sequence_lengths, inputs) + \
            crf_binary_score(tag_indices, sequence_lengths, transition_params)
        log_norm = crf_log_norm(inputs, sequence_lengths, transition_params)
        return sequence_scores - log_norm, transition_params
    def viterbi_decode(score, transition_params):
        trellis = np.zeros_like(score)
        backpointers = np.zeros_like(score, dtype=np.int32)
        trellis[0] = score[0]
        for t in range(1, score.shape[0]):
            v = np.expand_dims(trellis[t - 1], 1) + transition_params
            trellis[t] = score[t] + np.max(v, 0)
            backpointers[t] = np.argmax(v, 0)
        viterbi = [np.argmax(trellis[-1])]
        for bp in reversed(backpointers[1:]):
            viterbi.append(bp[viterbi[-1]])
        viterbi.reverse()
        viterbi_score = np.max(trellis[-1])
        return viterbi, viterbi_score
nwords, nchars, ntags, dim_word, dim_char, hidden_size_char, hidden_size_lstm = 12, 8, 4, 5, 3, 2, 4
word_ids = tf.placeholder(tf.int32, shape=[None, None], name="word_ids")
sequence_lengths = tf.placeholder(tf.int32, shape=[None], name="sequence_lengths")
char_ids = tf.placeholder(tf.int32, shape=[None, None, None], name="char_ids")
word_lengths = tf.placeholder(tf.int32, shape=[None, None], name="word_lengths")
labels = tf.placeholder(tf.int32, shape=[None, None], name="labels")
dropout = tf.placeholder(dtype=tf.float32, shape=[], name="dropout")
with tf.variable_scope("words"):
    _word_embeddings = tf.get_variable(name="_word_embeddings", dtype=tf.float32, shape=[nwords, dim_word])
    word_embeddings = tf.nn.embedding_lookup(_word_embeddings, word_ids, name="word_embeddings")
with tf.variable_scope("chars"):
    _char_embeddings = tf.get_variable(name="_char_embeddings", dtype=tf.float32, shape=[nchars, dim_char])
    char_embeddings = tf.nn.embedding_lookup(_char_embeddings, char_ids, name="char_embeddings")
    s = tf.shape(char_embeddings)
    char_embeddings = tf.reshape(char_embeddings, shape=[s[0]*s[1], s[-2], dim_char])
    word_lengths_ = tf.reshape(word_lengths, shape=[s[0]*s[1]])
    cell_fw = tf.nn.rnn_cell.LSTMCell(hidden_size_char, state_is_tuple=True)
    cell_bw = tf.nn.rnn_cell.LSTMCell(hidden_size_char, state_is_tuple=True)
    _output = tf.nn.bidirectional_dynamic_rnn(cell_fw, cell_bw, char_embeddings, sequence_length=word_lengths_, dtype=tf.float32)
    _, ((_, output_fw), (_, output_bw)) = _output
    output = tf.concat([output_fw, output_bw], axis=-1)
    output = tf.reshape(output, shape=[s[0], s[1], 2*hidden_size_char])
    word_embeddings = tf.concat([word_embeddings, output], axis=-1)
word_embeddings = tf.nn.dropout(word_embeddings, dropout)
with tf.variable_scope("bi-lstm"):
    cell_fw = tf.nn.rnn_cell.LSTMCell(hidden_size_lstm)
    cell_bw = tf.nn.rnn_cell.LSTMCell(hidden_size_lstm)
    (output_fw, output_bw), _ = tf.nn.bidirectional_dynamic_rnn(cell_fw, cell_bw, word_embeddings,
        sequence_length=sequence_lengths, dtype=tf.float32)
    output = tf.concat([output_fw, output_bw], axis=-1)
    output = tf.nn.dropout(output, dropout)
with tf.variable_scope("proj"):
    W = tf.get_variable("W", dtype=tf.float32, shape=[2*hidden_size_lstm, ntags])
    b = tf.get_variable("b", shape=[ntags], dtype=tf.float32, initializer=tf.zeros_initializer())
    nsteps = tf.shape(output)[1]
    output = tf.reshape(output, [-1, 2*hidden_size_lstm])
    pred = tf.matmul(output, W) + b
    logits = tf.reshape(pred, [-1, nsteps, ntags])
log_likelihood, trans_params = crf_log_likelihood(logits, labels, sequence_lengths)
loss = tf.reduce_mean(-log_likelihood)
train_op = tf.train.AdamOptimizer(0.05).minimize(loss)
rng = np.random.RandomState(32)
feed = {word_ids: rng.randint(0, nwords, (3, 5)), sequence_lengths: [5, 3, 1],
        char_ids: rng.randint(0, nchars, (3, 5, 4)), word_lengths: rng.randint(1, 5, (3, 5)),
        labels: rng.randint(0, ntags, (3, 5)), dropout: 1.0}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["ll"] = L(sess.run(log_likelihood, feed))
    out["losses"] = [float(sess.run([train_op, loss], feed)[1]) for _ in range(4)]
    lg, tp = sess.run([logits, trans_params], feed)
    viterbi = []
    for logit, sequence_length in zip(lg, feed[sequence_lengths]):
        logit = logit[:sequence_length]
        viterbi_seq, viterbi_score = viterbi_decode(logit, tp)
        viterbi.append([[int(v) for v in viterbi_seq], float(viterbi_score)])
out["viterbi"] = viterbi
out["names"] = [trans_params.name, str(logits.shape), [v.name for v in tf.trainable_variables()][-3:]]
""",
    "fc_census_columns_input_layer": r"""
tf.set_random_seed(44)
age = tf.feature_column.numeric_column('age')
education_num = tf.feature_column.numeric_column('education_num')
age_buckets = tf.feature_column.bucketized_column(age, boundaries=[18, 25, 30, 35, 40, 45, 50, 55, 60, 65])
education = tf.feature_column.categorical_column_with_vocabulary_list(
    'education', ['Bachelors', 'HS-grad', '11th', 'Masters', '9th', 'Some-college'])
occupation = tf.feature_column.categorical_column_with_hash_bucket('occupation', hash_bucket_size=20)
crossed = tf.feature_column.crossed_column(['education', age_buckets], hash_bucket_size=30)
deep_columns = [age, education_num, tf.feature_column.indicator_column(education),
                tf.feature_column.embedding_column(occupation, dimension=3)]
wide_columns = [age_buckets, education, crossed]
features = {'age': tf.constant([[23.], [41.], [70.]]), 'education_num': tf.constant([[9.], [13.], [16.]]),
            'education': tf.constant([['HS-grad'], ['Masters'], ['Doctorate']]),
            'occupation': tf.constant([['Tech-support'], ['Sales'], ['Craft-repair']])}
net = tf.feature_column.input_layer(features, deep_columns)
wide = tf.feature_column.linear_model(features, wide_columns)
labels = tf.constant([[0.], [1.], [1.]])
logits = tf.layers.dense(tf.layers.dense(net, 4, tf.nn.relu), 1) + wide
loss = tf.losses.sigmoid_cross_entropy(labels, logits)
train = tf.train.FtrlOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    out["net"] = L(sess.run(net))
    out["losses"] = [float(sess.run([train, loss])[1]) for _ in range(3)]
out["shapes"] = [str(net.shape), str(wide.shape), sorted(v.name for v in tf.global_variables() if 'Ftrl' not in v.name)]
""",
    "sat_show_attend_tell_attention": r"""
tf.set_random_seed(45)
V, L_, D, M, H, T = 7, 4, 3, 5, 6, 3
weight_initializer = tf.glorot_uniform_initializer()
const_initializer = tf.constant_initializer(0.0)
emb_initializer = tf.random_uniform_initializer(minval=-1.0, maxval=1.0)
features = tf.placeholder(tf.float32, [None, L_, D])
captions = tf.placeholder(tf.int32, [None, T + 1])
def _get_initial_lstm(features):
    with tf.variable_scope('initial_lstm'):
        features_mean = tf.reduce_mean(features, 1)
        w_h = tf.get_variable('w_h', [D, H], initializer=weight_initializer)
        b_h = tf.get_variable('b_h', [H], initializer=const_initializer)
        h = tf.nn.tanh(tf.matmul(features_mean, w_h) + b_h)
        w_c = tf.get_variable('w_c', [D, H], initializer=weight_initializer)
        b_c = tf.get_variable('b_c', [H], initializer=const_initializer)
        c = tf.nn.tanh(tf.matmul(features_mean, w_c) + b_c)
        return c, h
def _word_embedding(inputs, reuse=False):
    with tf.variable_scope('word_embedding', reuse=reuse):
        w = tf.get_variable('w', [V, M], initializer=emb_initializer)
        return tf.nn.embedding_lookup(w, inputs, name='word_vector')
def _project_features(features):
    with tf.variable_scope('project_features'):
        w = tf.get_variable('w', [D, D], initializer=weight_initializer)
        features_flat = tf.reshape(features, [-1, D])
        features_proj = tf.matmul(features_flat, w)
        return tf.reshape(features_proj, [-1, L_, D])
def _attention_layer(features, features_proj, h, reuse=False):
    with tf.variable_scope('attention_layer', reuse=reuse):
        w = tf.get_variable('w', [H, D], initializer=weight_initializer)
        b = tf.get_variable('b', [D], initializer=const_initializer)
        w_att = tf.get_variable('w_att', [D, 1], initializer=weight_initializer)
        h_att = tf.nn.relu(features_proj + tf.expand_dims(tf.matmul(h, w), 1) + b)
        out_att = tf.reshape(tf.matmul(tf.reshape(h_att, [-1, D]), w_att), [-1, L_])
        alpha = tf.nn.softmax(out_att)
        context = tf.reduce_sum(features * tf.expand_dims(alpha, 2), 1, name='context')
        return context, alpha
def _selector(context, h, reuse=False):
    with tf.variable_scope('selector', reuse=reuse):
        w = tf.get_variable('w', [H, 1], initializer=weight_initializer)
        b = tf.get_variable('b', [1], initializer=const_initializer)
        beta = tf.nn.sigmoid(tf.matmul(h, w) + b, 'beta')
        return tf.multiply(beta, context, name='selected_context'), beta
def _decode_lstm(x, h, context, dropout=False, reuse=False):
    with tf.variable_scope('logits', reuse=reuse):
        w_h = tf.get_variable('w_h', [H, M], initializer=weight_initializer)
        b_h = tf.get_variable('b_h', [M], initializer=const_initializer)
        w_out = tf.get_variable('w_out', [M, V], initializer=weight_initializer)
        b_out = tf.get_variable('b_out', [V], initializer=const_initializer)
        h_logits = tf.matmul(h, w_h) + b_h
        w_ctx2out = tf.get_variable('w_ctx2out', [D, M], initializer=weight_initializer)
        h_logits += tf.matmul(context, w_ctx2out)
        h_logits += x
        h_logits = tf.nn.tanh(h_logits)
        return tf.matmul(h_logits, w_out) + b_out
def _batch_norm(x, mode='train', name=None):
    return tf.contrib.layers.batch_norm(inputs=x, decay=0.95, center=True, scale=True, is_training=(mode=='train'),
                                        updates_collections=None, scope=(name+'batch_norm')) if hasattr(tf, "contrib") else \
        tf.layers.batch_normalization(x, momentum=0.95, epsilon=0.001, training=(mode=='train'), name=(name+'batch_norm'))
batch_size = tf.shape(features)[0]
captions_in = captions[:, :T]
captions_out = captions[:, 1:]
mask = tf.to_float(tf.not_equal(captions_out, 0))
c, h = _get_initial_lstm(features=features)
x = _word_embedding(inputs=captions_in)
features_proj = _project_features(features=features)
loss = 0.0
alpha_list = []
lstm_cell = tf.nn.rnn_cell.BasicLSTMCell(num_units=H)
for t in range(T):
    context, alpha = _attention_layer(features, features_proj, h, reuse=(t != 0))
    alpha_list.append(alpha)
    context, beta = _selector(context, h, reuse=(t != 0))
    with tf.variable_scope('lstm', reuse=(t != 0)):
        _, (c, h) = lstm_cell(inputs=tf.concat([x[:, t, :], context], 1), state=[c, h])
    logits = _decode_lstm(x[:, t, :], h, context, reuse=(t != 0))
    loss += tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=captions_out[:, t], logits=logits) * mask[:, t])
alphas = tf.transpose(tf.stack(alpha_list), (1, 0, 2))
alphas_all = tf.reduce_sum(alphas, 1)
alpha_reg = 1.0 * tf.reduce_sum((16. / 196 - alphas_all) ** 2)
loss += alpha_reg
loss = loss / tf.to_float(batch_size)
optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
grads = tf.gradients(loss, tf.trainable_variables())
grads_and_vars = list(zip(grads, tf.trainable_variables()))
train_op = optimizer.apply_gradients(grads_and_vars=grads_and_vars)
rng = np.random.RandomState(33)
feed = {features: rng.rand(2, L_, D).astype(np.float32), captions: [[1, 2, 3, 0], [1, 4, 0, 0]]}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["alphas"] = L(sess.run(alphas, feed))
    out["losses"] = [float(sess.run([train_op, loss], feed)[1]) for _ in range(3)]
out["vars"] = [v.name for v in tf.trainable_variables()]
""",
    "cc_char_cnn_conv1d_highway": r"""
tf.set_random_seed(46)
alphabet_size, seq_len, emb, n_classes = 10, 12, 4, 3
x = tf.placeholder(tf.int32, [None, seq_len])
y = tf.placeholder(tf.int32, [None])
with tf.name_scope("embedding"):
    W = tf.Variable(tf.random_uniform([alphabet_size, emb], -1.0, 1.0), name="W")
    emb_x = tf.nn.embedding_lookup(W, x)
conv = tf.layers.conv1d(emb_x, 6, 3, activation=tf.nn.relu, padding="valid", name="conv1")
pool = tf.layers.max_pooling1d(conv, 2, 2, name="pool1")
conv2 = tf.layers.conv1d(pool, 6, 3, activation=tf.nn.relu, padding="same", name="conv2")
flat = tf.reduce_max(conv2, axis=1)
def highway(input_, size, num_layers=1, bias=-2.0, f=tf.nn.relu, scope='Highway'):
    with tf.variable_scope(scope):
        for idx in range(num_layers):
            g = f(tf.layers.dense(input_, size, name='highway_lin_%d' % idx))
            t = tf.sigmoid(tf.layers.dense(input_, size, name='highway_gate_%d' % idx) + bias)
            output = t * g + (1. - t) * input_
            input_ = output
    return output
hw = highway(flat, 6, 2)
logits = tf.layers.dense(tf.layers.dropout(hw, 0.5, training=False), n_classes)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
global_step = tf.Variable(0, name="global_step", trainable=False)
optimizer = tf.train.AdamOptimizer(1e-2)
grads_and_vars = optimizer.compute_gradients(loss)
train_op = optimizer.apply_gradients(grads_and_vars, global_step=global_step)
grad_summaries = [tf.summary.histogram("{}/grad/hist".format(v.name), g) for g, v in grads_and_vars if g is not None]
rng = np.random.RandomState(34)
feed = {x: rng.randint(0, alphabet_size, (4, seq_len)), y: [0, 1, 2, 1]}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["losses"] = [float(sess.run([train_op, loss], feed)[1]) for _ in range(4)]
    out["logits"] = L(sess.run(logits, feed))
out["shapes"] = [str(conv.shape), str(pool.shape), str(conv2.shape), str(hw.shape)]
out["summary_names"] = [s.name for s in grad_summaries][:3]
""",
    "em_raw_rnn_greedy_decoder": r"""
tf.set_random_seed(47)
PAD, EOS = 0, 1
vocab_size, input_embedding_size, encoder_hidden_units = 8, 4, 5
decoder_hidden_units = encoder_hidden_units * 2
encoder_inputs = tf.placeholder(shape=(None, None), dtype=tf.int32, name='encoder_inputs')
encoder_inputs_length = tf.placeholder(shape=(None,), dtype=tf.int32, name='encoder_inputs_length')
decoder_targets = tf.placeholder(shape=(None, None), dtype=tf.int32, name='decoder_targets')
embeddings = tf.Variable(tf.random_uniform([vocab_size, input_embedding_size], -1.0, 1.0), dtype=tf.float32)
encoder_inputs_embedded = tf.nn.embedding_lookup(embeddings, encoder_inputs)
encoder_cell = tf.nn.rnn_cell.LSTMCell(encoder_hidden_units)
((encoder_fw_outputs, encoder_bw_outputs), (encoder_fw_final_state, encoder_bw_final_state)) = (
    tf.nn.bidirectional_dynamic_rnn(cell_fw=encoder_cell, cell_bw=encoder_cell, inputs=encoder_inputs_embedded,
                                    sequence_length=encoder_inputs_length, dtype=tf.float32, time_major=True))
encoder_outputs = tf.concat((encoder_fw_outputs, encoder_bw_outputs), 2)
encoder_final_state_c = tf.concat((encoder_fw_final_state.c, encoder_bw_final_state.c), 1)
encoder_final_state_h = tf.concat((encoder_fw_final_state.h, encoder_bw_final_state.h), 1)
encoder_final_state = tf.nn.rnn_cell.LSTMStateTuple(c=encoder_final_state_c, h=encoder_final_state_h)
decoder_cell = tf.nn.rnn_cell.LSTMCell(decoder_hidden_units)
encoder_max_time, batch_size = tf.unstack(tf.shape(encoder_inputs))
decoder_lengths = encoder_inputs_length + 3
W = tf.Variable(tf.random_uniform([decoder_hidden_units, vocab_size], -1, 1), dtype=tf.float32)
b = tf.Variable(tf.zeros([vocab_size]), dtype=tf.float32)
eos_time_slice = tf.ones([batch_size], dtype=tf.int32, name='EOS')
pad_time_slice = tf.zeros([batch_size], dtype=tf.int32, name='PAD')
eos_step_embedded = tf.nn.embedding_lookup(embeddings, eos_time_slice)
pad_step_embedded = tf.nn.embedding_lookup(embeddings, pad_time_slice)
def loop_fn_initial():
    initial_elements_finished = (0 >= decoder_lengths)
    initial_input = eos_step_embedded
    initial_cell_state = encoder_final_state
    initial_cell_output = None
    initial_loop_state = None
    return (initial_elements_finished, initial_input, initial_cell_state, initial_cell_output, initial_loop_state)
def loop_fn_transition(time, previous_output, previous_state, previous_loop_state):
    def get_next_input():
        output_logits = tf.add(tf.matmul(previous_output, W), b)
        prediction = tf.argmax(output_logits, axis=1)
        next_input = tf.nn.embedding_lookup(embeddings, prediction)
        return next_input
    elements_finished = (time >= decoder_lengths)
    finished = tf.reduce_all(elements_finished)
    input = tf.cond(finished, lambda: pad_step_embedded, get_next_input)
    state = previous_state
    output = previous_output
    loop_state = None
    return (elements_finished, input, state, output, loop_state)
def loop_fn(time, previous_output, previous_state, previous_loop_state):
    if previous_state is None:
        assert previous_output is None and previous_state is None
        return loop_fn_initial()
    else:
        return loop_fn_transition(time, previous_output, previous_state, previous_loop_state)
decoder_outputs_ta, decoder_final_state, _ = tf.nn.raw_rnn(decoder_cell, loop_fn)
decoder_outputs = decoder_outputs_ta.stack()
decoder_max_steps, decoder_batch_size, decoder_dim = tf.unstack(tf.shape(decoder_outputs))
decoder_outputs_flat = tf.reshape(decoder_outputs, (-1, decoder_dim))
decoder_logits_flat = tf.add(tf.matmul(decoder_outputs_flat, W), b)
decoder_logits = tf.reshape(decoder_logits_flat, (decoder_max_steps, decoder_batch_size, vocab_size))
decoder_prediction = tf.argmax(decoder_logits, 2)
stepwise_cross_entropy = tf.nn.softmax_cross_entropy_with_logits(
    labels=tf.one_hot(decoder_targets, depth=vocab_size, dtype=tf.float32), logits=decoder_logits)
loss = tf.reduce_mean(stepwise_cross_entropy)
train_op = tf.train.AdamOptimizer().minimize(loss)
def batch_(inputs, max_sequence_length=None):
    sequence_lengths = [len(seq) for seq in inputs]
    batch_size = len(inputs)
    if max_sequence_length is None:
        max_sequence_length = max(sequence_lengths)
    inputs_batch_major = np.zeros(shape=[batch_size, max_sequence_length], dtype=np.int32)
    for i, seq in enumerate(inputs):
        for j, element in enumerate(seq):
            inputs_batch_major[i, j] = element
    inputs_time_major = inputs_batch_major.swapaxes(0, 1)
    return inputs_time_major, sequence_lengths
seqs = [[2, 3, 4], [5, 6], [7, 2, 3, 4]]
encoder_inputs_, encoder_input_lengths_ = batch_(seqs)
decoder_targets_, _ = batch_([(sequence) + [EOS] + [PAD] * 2 for sequence in seqs])
fd = {encoder_inputs: encoder_inputs_, encoder_inputs_length: encoder_input_lengths_, decoder_targets: decoder_targets_}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["losses"] = [float(sess.run([train_op, loss], fd)[1]) for _ in range(4)]
    out["pred"] = sess.run(decoder_prediction, fd).T.tolist()
    out["final_h"] = L(sess.run(decoder_final_state.h, fd))
out["shapes"] = [str(decoder_outputs.shape), decoder_prediction.dtype.name]
""",
}

UDACITY = {
    "ud_dcgan_svhn_leaky_batchnorm": r"""
tf.set_random_seed(48)
def model_inputs(real_dim, z_dim):
    inputs_real = tf.placeholder(tf.float32, (None, *real_dim), name='input_real')
    inputs_z = tf.placeholder(tf.float32, (None, z_dim), name='input_z')
    return inputs_real, inputs_z
def generator(z, output_dim, reuse=False, alpha=0.2, training=True):
    with tf.variable_scope('generator', reuse=reuse):
        x1 = tf.layers.dense(z, 4*4*8)
        x1 = tf.reshape(x1, (-1, 4, 4, 8))
        x1 = tf.layers.batch_normalization(x1, training=training)
        x1 = tf.maximum(alpha * x1, x1)
        x2 = tf.layers.conv2d_transpose(x1, 4, 5, strides=2, padding='same')
        x2 = tf.layers.batch_normalization(x2, training=training)
        x2 = tf.maximum(alpha * x2, x2)
        logits = tf.layers.conv2d_transpose(x2, output_dim, 5, strides=2, padding='same')
        out = tf.tanh(logits)
        return out
def discriminator(x, reuse=False, alpha=0.2):
    with tf.variable_scope('discriminator', reuse=reuse):
        x1 = tf.layers.conv2d(x, 4, 5, strides=2, padding='same')
        relu1 = tf.maximum(alpha * x1, x1)
        x2 = tf.layers.conv2d(relu1, 8, 5, strides=2, padding='same')
        bn2 = tf.layers.batch_normalization(x2, training=True)
        relu2 = tf.maximum(alpha * bn2, bn2)
        flat = tf.reshape(relu2, (-1, 4*4*8))
        logits = tf.layers.dense(flat, 1)
        out = tf.sigmoid(logits)
        return out, logits
def model_loss(input_real, input_z, output_dim, alpha=0.2):
    g_model = generator(input_z, output_dim, alpha=alpha)
    d_model_real, d_logits_real = discriminator(input_real, alpha=alpha)
    d_model_fake, d_logits_fake = discriminator(g_model, reuse=True, alpha=alpha)
    d_loss_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_logits_real, labels=tf.ones_like(d_model_real)))
    d_loss_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_logits_fake, labels=tf.zeros_like(d_model_fake)))
    g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_logits_fake, labels=tf.ones_like(d_model_fake)))
    d_loss = d_loss_real + d_loss_fake
    return d_loss, g_loss
def model_opt(d_loss, g_loss, learning_rate, beta1):
    t_vars = tf.trainable_variables()
    d_vars = [var for var in t_vars if var.name.startswith('discriminator')]
    g_vars = [var for var in t_vars if var.name.startswith('generator')]
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        d_train_opt = tf.train.AdamOptimizer(learning_rate, beta1=beta1).minimize(d_loss, var_list=d_vars)
        g_train_opt = tf.train.AdamOptimizer(learning_rate, beta1=beta1).minimize(g_loss, var_list=g_vars)
    return d_train_opt, g_train_opt
class GAN:
    def __init__(self, real_size, z_size, learning_rate, alpha=0.2, beta1=0.5):
        self.input_real, self.input_z = model_inputs(real_size, z_size)
        self.d_loss, self.g_loss = model_loss(self.input_real, self.input_z, real_size[2], alpha=alpha)
        self.d_opt, self.g_opt = model_opt(self.d_loss, self.g_loss, learning_rate, beta1)
net = GAN((16, 16, 3), 6, learning_rate=0.0002)
samples_op = generator(net.input_z, 3, reuse=True, training=False)
rng = np.random.RandomState(35)
x = rng.rand(4, 16, 16, 3).astype(np.float32) * 2 - 1
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    # Read before training: the dense biases ahead of batch norm have gradients that are
    # zero but for rounding, which Adam turns into whole steps of either sign; and the
    # discriminator's two updates of each moving statistic per run race in TF's executor.
    gen_samples = sess.run(samples_op, feed_dict={net.input_z: rng.uniform(-1, 1, size=(2, 6))})
    for _ in range(3):
        batch_z = rng.uniform(-1, 1, size=(4, 6))
        _ = sess.run(net.d_opt, feed_dict={net.input_real: x, net.input_z: batch_z})
        _ = sess.run(net.g_opt, feed_dict={net.input_z: batch_z, net.input_real: x})
        train_loss_d = net.d_loss.eval({net.input_z: batch_z, net.input_real: x})
        train_loss_g = net.g_loss.eval({net.input_z: batch_z})
        log.append("Discriminator Loss: {:.4f}... Generator Loss: {:.4f}".format(train_loss_d, train_loss_g))
        log.append([float(train_loss_d), float(train_loss_g)])
out["log"] = log
out["samples"] = L(gen_samples[:, :2, :2, 0])
out["n_update_ops"] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
out["d_vars"] = [v.name for v in tf.trainable_variables() if v.name.startswith('discriminator')]
""",
    "ud_sentiment_rnn_multicell": r"""
tf.set_random_seed(49)
lstm_size, lstm_layers, batch_size, n_words, embed_size, seq_len = 6, 2, 4, 15, 5, 7
inputs_ = tf.placeholder(tf.int32, [None, None], name='inputs')
labels_ = tf.placeholder(tf.int32, [None, None], name='labels')
keep_prob = tf.placeholder(tf.float32, name='keep_prob')
embedding = tf.Variable(tf.random_uniform((n_words, embed_size), -1, 1))
embed = tf.nn.embedding_lookup(embedding, inputs_)
def lstm_cell():
    lstm = contrib.rnn.BasicLSTMCell(lstm_size)
    return contrib.rnn.DropoutWrapper(lstm, output_keep_prob=keep_prob)
cell = contrib.rnn.MultiRNNCell([lstm_cell() for _ in range(lstm_layers)])
initial_state = cell.zero_state(batch_size, tf.float32)
outputs, final_state = tf.nn.dynamic_rnn(cell, embed, initial_state=initial_state)
predictions = contrib.layers.fully_connected(outputs[:, -1], 1, activation_fn=tf.sigmoid)
cost = tf.losses.mean_squared_error(labels_, predictions)
optimizer = tf.train.AdamOptimizer(0.01).minimize(cost)
correct_pred = tf.equal(tf.cast(tf.round(predictions), tf.int32), labels_)
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
rng = np.random.RandomState(36)
x = rng.randint(1, n_words, (batch_size, seq_len))
y = (x.sum(1, keepdims=True) > 50).astype(np.int32)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    state = sess.run(initial_state)
    for iteration in range(4):
        feed = {inputs_: x, labels_: y, keep_prob: 1.0, initial_state: state}
        loss, state, _ = sess.run([cost, final_state, optimizer], feed_dict=feed)
        log.append("Train loss: {:.3f}".format(loss))
        log.append(float(loss))
    test_state = sess.run(cell.zero_state(batch_size, tf.float32))
    out["acc"] = float(sess.run(accuracy, {inputs_: x, labels_: y, keep_prob: 1, initial_state: test_state}))
    out["state_h"] = L(state[-1].h)
out["log"] = log
out["names"] = [predictions.name, cost.name, [v.name for v in tf.trainable_variables()]]
""",
    "rl_pg_pong_log_loss_weights": r"""
tf.set_random_seed(50)
OBS = 12
observations = tf.placeholder(tf.float32, [None, OBS])
sampled_actions = tf.placeholder(tf.float32, [None, 1])
advantage = tf.placeholder(tf.float32, [None, 1], name='advantage')
h = tf.layers.dense(observations, units=8, activation=tf.nn.relu, kernel_initializer=tf.glorot_uniform_initializer())
up_probability = tf.layers.dense(h, units=1, activation=tf.sigmoid, kernel_initializer=tf.glorot_uniform_initializer())
loss = tf.losses.log_loss(labels=sampled_actions, predictions=up_probability, weights=advantage)
optimizer = tf.train.AdamOptimizer(0.005)
train_op = optimizer.minimize(loss)
def discount_rewards(rewards, discount_factor):
    discounted_rewards = np.zeros_like(rewards)
    for t in range(len(rewards)):
        discounted_reward_sum = 0
        discount = 1
        for k in range(t, len(rewards)):
            discounted_reward_sum += rewards[k] * discount
            discount *= discount_factor
            if rewards[k] != 0:
                break
        discounted_rewards[t] = discounted_reward_sum
    return discounted_rewards
rng = np.random.RandomState(37)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for episode in range(3):
        obs = rng.randn(6, OBS).astype(np.float32)
        up_p = sess.run(up_probability, {observations: obs})
        actions = (rng.uniform(size=up_p.shape) < up_p).astype(np.float32)
        rewards = np.array([0, 0, 1, 0, 0, -1], np.float32)
        discounted = discount_rewards(rewards, 0.99)
        discounted -= np.mean(discounted)
        discounted /= np.std(discounted)
        _, l = sess.run([train_op, loss], {observations: obs, sampled_actions: actions, advantage: discounted.reshape(-1, 1)})
        log.append([L(discounted), float(l)])
out["log"] = log
out["names"] = [loss.name, up_probability.name, [c.name for c in tf.get_collection(tf.GraphKeys.LOSSES)]]
""",
}

INCEPTION = {
    "tm_inception_train_rmsprop_ema_groups": r"""
tf.set_random_seed(51)
MOVING_AVERAGE_DECAY = 0.9999
RMSPROP_DECAY = 0.9; RMSPROP_MOMENTUM = 0.9; RMSPROP_EPSILON = 1.0
global_step = tf.get_variable('global_step', [], initializer=tf.constant_initializer(0), trainable=False)
lr = tf.train.exponential_decay(0.1, global_step, 2, 0.16, staircase=True)
opt = tf.train.RMSPropOptimizer(lr, RMSPROP_DECAY, momentum=RMSPROP_MOMENTUM, epsilon=RMSPROP_EPSILON)
images = tf.constant(np.random.RandomState(38).rand(4, 6).astype(np.float32))
labels = tf.constant([0, 2, 1, 2])
with tf.variable_scope('inception'):
    h = tf.layers.dense(images, 5, use_bias=False)
    mean, variance = tf.nn.moments(h, [0])
    moving_mean = tf.get_variable('moving_mean', [5], initializer=tf.zeros_initializer(), trainable=False)
    moving_variance = tf.get_variable('moving_variance', [5], initializer=tf.ones_initializer(), trainable=False)
    tf.add_to_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES, moving_mean)
    tf.add_to_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES, moving_variance)
    tf.add_to_collection('_update_ops_', tf.assign_sub(moving_mean, (moving_mean - mean) * 0.0003))
    tf.add_to_collection('_update_ops_', tf.assign_sub(moving_variance, (moving_variance - variance) * 0.0003))
    h = tf.nn.relu(tf.nn.batch_normalization(h, mean, variance, None, None, 0.001))
    logits = tf.layers.dense(h, 3)
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
regularization_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
total_loss = tf.add_n([loss] + regularization_losses, name='total_loss')
loss_averages = tf.train.ExponentialMovingAverage(0.9, name='avg')
loss_averages_op = loss_averages.apply([loss, total_loss])
with tf.control_dependencies([loss_averages_op]):
    total_loss = tf.identity(total_loss)
batchnorm_updates = tf.get_collection('_update_ops_')
grads = opt.compute_gradients(total_loss)
apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)
variable_averages = tf.train.ExponentialMovingAverage(MOVING_AVERAGE_DECAY, global_step)
variables_to_average = (tf.trainable_variables() + tf.moving_average_variables())
variables_averages_op = variable_averages.apply(variables_to_average)
batchnorm_updates_op = tf.group(*batchnorm_updates)
train_op = tf.group(apply_gradient_op, variables_averages_op, batchnorm_updates_op)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, loss_value = sess.run([train_op, total_loss])
        log.append(float(loss_value))
    # train_op's averages read variables its other ops update in the same run (TF orders
    # them as it likes): averages are kept from a run of their own.
    before = sess.run([variable_averages.average(v) for v in variables_to_average])
    sess.run(variables_averages_op)
    after, now = sess.run([[variable_averages.average(v) for v in variables_to_average], variables_to_average])
    steps = [((a - b) / (n - b)).ravel() for a, b, n in zip(after, before, now) if np.abs(n - b).min() > 1e-3]
    out["avg_step"] = [len(steps), round(float(np.median(np.concatenate(steps))), 4)]
    out["mm"] = L(sess.run(moving_mean))
    out["loss_avg"] = float(sess.run(loss_averages.average(loss)))
    out["lr"] = float(sess.run(lr))
out["log"] = log
out["restore"] = sorted(variable_averages.variables_to_restore(tf.moving_average_variables()))
out["names"] = [total_loss.name, train_op.type, [v.name for v in variables_to_average]]
""",
}

# What the programs above found, each in a program of its own (the focused tests).
FOUND = {
    "found_stacked_dropout_seed_order": r"""
def kernels(unroll, **keep):
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        cell = tf.nn.rnn_cell.MultiRNNCell([
            tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(3), **keep) for _ in range(2)])
        x = tf.ones([2, 3, 4])
        if unroll:
            tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
        else:
            tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        after = tf.random_uniform([2])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return [L(v[0]) for v in sess.run(tf.trainable_variables()[::2])] + [L(sess.run(after))]
kp = lambda: tf.placeholder_with_default(0.5, [])
for unroll in (False, True):
    out["output_%s" % unroll] = kernels(unroll, output_keep_prob=0.5)
    out["all_%s" % unroll] = kernels(unroll, input_keep_prob=0.5, state_keep_prob=0.5, output_keep_prob=0.5)
    out["seeded_%s" % unroll] = kernels(unroll, output_keep_prob=0.5, seed=3)
    out["none_%s" % unroll] = kernels(unroll, output_keep_prob=1.0)
""",
}


PROGRAMS = {
    **TFEXAMPLES,
    **TFMODELS,
    **STYLE_VAE,
    **RL,
    **METRIC,
    **SPATIAL,
    **DETECTION,
    **WISEODD,
    **R2RT,
    **GORNER,
    **NMT,
    **MORE,
    **UDACITY,
    **INCEPTION,
    **FOUND,
}


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)
    results = harness.run_programs(tf, PROGRAMS, PRELUDE)
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main()
