"""Record what TensorFlow 1.x computes for programs as a fourth round of TF1 sources write
them (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_tutorials4.py \
        > tests/unit/engine/fixtures/tf1_tutorials4.json

(`python tf1_tutorials4.py NAME...` prints only the named programs, for development.)

Re-typed at tiny sizes, in each source's own idioms: Stanford CS20SI's assignments
(`c2_`: logistic regression over tf.data, word2vec with name scopes and summaries, style
transfer over a VGG of constants, char-RNN sampling), Hands-On ML's (1st edition) TF1
chapters 9, 11 and 14-16 (`ho_`: mini-batch GD with a Saver, batch norm with UPDATE_OPS,
gradient clipping, reusing a model through `import_meta_graph` and freezing lower layers
by `var_list`, time series RNNs, stacked and tied autoencoders, policy gradients),
tensor2tensor and Magenta pieces (`t2_`: relative attention, noam and rsqrt schedules,
label smoothing, timing signals, MusicVAE's free bits and scheduled sampling), sonnet-v1
style modules over `tf.make_template` (`sn_`), speech (`sp_`: CTC loss and decoders, STFT,
log-mel and MFCCs), Bayesian pieces without tfp (`by_`: Bayes by backprop, Gumbel-softmax,
`tf.distributions`), capsule routing variants (`cp_`), gradient penalties (`gp_`:
WGAN-GP over convolutions, R1), MAML's second-order meta-gradient (`ml_`), queue-runner
input pipelines (`qp_`), feature columns (`fc_`) and `tf.py_func` augmentation (`pf_`).
No data comes from the internet: the programs make small seeded arrays (`mnist(n, seed)` of
tf1_tutorials), and no gym environment runs: RL programs train on seeded transitions.
Initial values are seeded (`tf.set_random_seed`) or explicit. The prelude is
tf1_tutorials2's.

Each program stores what it observed in `out[...]`; `tests/unit/engine/test_tf1_tutorials4.py`
runs the same text against graphgate and compares.
"""

from __future__ import annotations

import sys

try:
    from tests.reference import harness, tf1_tutorials2
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_tutorials2


PRELUDE = tf1_tutorials2.PRELUDE

CS20 = {
    "c2_logreg_tfdata_initializable": r"""
x_all, y_all = mnist(40, seed=21)
train_data = tf.data.Dataset.from_tensor_slices((x_all[:32], y_all[:32]))
train_data = train_data.batch(8)
test_data = tf.data.Dataset.from_tensor_slices((x_all[32:], y_all[32:])).batch(8)
iterator = tf.data.Iterator.from_structure(train_data.output_types, train_data.output_shapes)
img, label = iterator.get_next()
train_init = iterator.make_initializer(train_data)
test_init = iterator.make_initializer(test_data)
w = tf.get_variable(name='weights', shape=(784, 10),
                    initializer=tf.random_normal_initializer(0, 0.01, seed=4))
b = tf.get_variable(name='bias', shape=(1, 10), initializer=tf.zeros_initializer())
logits = tf.matmul(img, w) + b
entropy = tf.nn.softmax_cross_entropy_with_logits(labels=label, logits=logits, name='entropy')
loss = tf.reduce_mean(entropy, name='loss')
optimizer = tf.train.AdamOptimizer(0.01).minimize(loss)
preds = tf.nn.softmax(logits)
correct_preds = tf.equal(tf.argmax(preds, 1), tf.argmax(label, 1))
accuracy = tf.reduce_sum(tf.cast(correct_preds, tf.float32))
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
        log.append(['Average loss epoch {0}: {1}'.format(i, round(total_loss / n_batches, 4)),
                    n_batches, float(total_loss)])
    sess.run(test_init)
    total_correct_preds = 0
    try:
        while True:
            total_correct_preds += sess.run(accuracy)
    except tf.errors.OutOfRangeError:
        pass
    out["acc"] = float(total_correct_preds) / 8
    out["b"] = L(b.eval())
out["log"] = log
out["shapes"] = [str(img.shape), str(label.shape), str(logits.shape), str(entropy.shape), loss.name]
""",
    "c2_word2vec_scoped_summaries": r"""
VOCAB_SIZE, EMBED_SIZE, BATCH_SIZE, NUM_SAMPLED = 20, 6, 8, 4
rng = np.random.RandomState(3)
corpus = rng.randint(0, VOCAB_SIZE, 200)
def gen():
    for i in range(2, len(corpus) - 2):
        for j in (-2, -1, 1, 2):
            yield corpus[i], [corpus[i + j]]
tf.set_random_seed(9)
class SkipGramModel:
    def __init__(self, dataset, vocab_size, embed_size, batch_size, num_sampled, learning_rate):
        self.vocab_size = vocab_size
        self.embed_size = embed_size
        self.batch_size = batch_size
        self.num_sampled = num_sampled
        self.lr = learning_rate
        self.global_step = tf.get_variable('global_step', initializer=tf.constant(0), trainable=False)
        self.skip_step = 2
        self.dataset = dataset
    def _import_data(self):
        with tf.name_scope('data'):
            self.iterator = self.dataset.make_initializable_iterator()
            self.center_words, self.target_words = self.iterator.get_next()
    def _create_embedding(self):
        with tf.name_scope('embed'):
            self.embed_matrix = tf.get_variable('embed_matrix',
                                                shape=[self.vocab_size, self.embed_size],
                                                initializer=tf.random_uniform_initializer())
            self.embed = tf.nn.embedding_lookup(self.embed_matrix, self.center_words, name='embedding')
    def _create_loss(self):
        with tf.name_scope('loss'):
            nce_weight = tf.get_variable('nce_weight', shape=[self.vocab_size, self.embed_size],
                initializer=tf.truncated_normal_initializer(stddev=1.0 / (self.embed_size ** 0.5)))
            nce_bias = tf.get_variable('nce_bias', initializer=tf.zeros([VOCAB_SIZE]))
            self.loss = tf.reduce_mean(tf.nn.nce_loss(weights=nce_weight, biases=nce_bias,
                                                      labels=self.target_words, inputs=self.embed,
                                                      num_sampled=self.num_sampled,
                                                      num_classes=self.vocab_size), name='loss')
    def _create_optimizer(self):
        self.optimizer = tf.train.GradientDescentOptimizer(self.lr).minimize(
            self.loss, global_step=self.global_step)
    def _create_summaries(self):
        with tf.name_scope('summaries'):
            tf.summary.scalar('loss', self.loss)
            tf.summary.histogram('histogram loss', self.loss)
            self.summary_op = tf.summary.merge_all()
    def build_graph(self):
        self._import_data()
        self._create_embedding()
        self._create_loss()
        self._create_optimizer()
        self._create_summaries()
dataset = tf.data.Dataset.from_generator(gen, (tf.int32, tf.int32),
                                         (tf.TensorShape([]), tf.TensorShape([1]))).batch(BATCH_SIZE)
model = SkipGramModel(dataset, VOCAB_SIZE, EMBED_SIZE, BATCH_SIZE, NUM_SAMPLED, 0.5)
model.build_graph()
d = tempfile.mkdtemp()
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(model.iterator.initializer)
    sess.run(tf.global_variables_initializer())
    writer = tf.summary.FileWriter(d + '/graphs', sess.graph)
    steps = []
    for index in range(4):
        loss_batch, _, summary = sess.run([model.loss, model.optimizer, model.summary_op])
        writer.add_summary(summary, global_step=index)
        steps.append(int(model.global_step.eval()))
        if (index + 1) % model.skip_step == 0:
            saver.save(sess, d + '/checkpoints/skip-gram', index)
    writer.close()
    out["embed0"] = R(sess.run(model.embed)[:2], 5)
    out["restore"] = tf.train.latest_checkpoint(d + '/checkpoints').split('/')[-1]
out["steps"] = steps
out["tags"] = event_tags(d + '/graphs')
out["names"] = [model.center_words.name, model.embed.name, model.loss.name,
                model.summary_op.name, [v.name for v in tf.global_variables()],
                model.global_step.dtype.name]
""",
    "c2_style_transfer_vgg_constants": r"""
rng = np.random.RandomState(7)
vgg_layers = {
    'conv1_1': (rng.randn(3, 3, 3, 4).astype(np.float32) * 0.3, rng.randn(4).astype(np.float32) * 0.1),
    'conv1_2': (rng.randn(3, 3, 4, 4).astype(np.float32) * 0.3, rng.randn(4).astype(np.float32) * 0.1),
    'conv2_1': (rng.randn(3, 3, 4, 6).astype(np.float32) * 0.3, rng.randn(6).astype(np.float32) * 0.1),
}
MEAN_PIXELS = np.array([123.68, 116.779, 103.939]).reshape((1, 1, 1, 3))
class VGG(object):
    def __init__(self, input_img):
        self.vgg_layers = vgg_layers
        self.input_img = input_img
        self.mean_pixels = MEAN_PIXELS
    def _weights(self, layer_name):
        W, b = self.vgg_layers[layer_name]
        return W, b.reshape(b.size)
    def conv2d_relu(self, prev_layer, layer_name):
        with tf.variable_scope(layer_name) as scope:
            W, b = self._weights(layer_name)
            W = tf.constant(W, name='weights')
            b = tf.constant(b, name='bias')
            conv2d = tf.nn.conv2d(prev_layer, filter=W, strides=[1, 1, 1, 1], padding='SAME')
            out = tf.nn.relu(conv2d + b)
        setattr(self, layer_name, out)
    def avgpool(self, prev_layer, layer_name):
        with tf.variable_scope(layer_name):
            out = tf.nn.avg_pool(prev_layer, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
        setattr(self, layer_name, out)
    def load(self):
        self.conv2d_relu(self.input_img, 'conv1_1')
        self.conv2d_relu(self.conv1_1, 'conv1_2')
        self.avgpool(self.conv1_2, 'avgpool1')
        self.conv2d_relu(self.avgpool1, 'conv2_1')
content_img = (rng.rand(1, 8, 8, 3) * 255 - MEAN_PIXELS).astype(np.float32)
style_img = (rng.rand(1, 8, 8, 3) * 255 - MEAN_PIXELS).astype(np.float32)
noise_ratio = 0.6
noise_image = rng.uniform(-20, 20, (1, 8, 8, 3)).astype(np.float32)
initial_image = noise_image * noise_ratio + content_img * (1 - noise_ratio)
with tf.variable_scope('input') as scope:
    input_img = tf.get_variable('in_img', shape=[1, 8, 8, 3], dtype=tf.float32,
                                initializer=tf.zeros_initializer())
vgg = VGG(input_img)
vgg.load()
content_layer = 'conv1_2'
style_layers = ['conv1_1', 'conv1_2', 'conv2_1']
style_layer_w = [0.5, 1.0, 1.5]
def _gram_matrix(F, N, M):
    F = tf.reshape(F, (M, N))
    return tf.matmul(tf.transpose(F), F)
def _single_style_loss(a, g):
    N = a.shape[3]
    M = a.shape[1] * a.shape[2]
    A = _gram_matrix(a, N, M)
    G = _gram_matrix(g, N, M)
    return tf.reduce_sum((G - A) ** 2 / ((2 * N * M) ** 2))
with tf.Session() as sess:
    sess.run(input_img.assign(content_img))
    gen_img_content = getattr(vgg, content_layer)
    content_img_content = sess.run(gen_img_content)
    sess.run(input_img.assign(style_img))
    style_layers_out = sess.run([getattr(vgg, layer) for layer in style_layers])
with tf.variable_scope('losses') as scope:
    content_loss = tf.reduce_sum((gen_img_content - content_img_content) ** 2) / (4.0 * content_img_content.size)
    E = [_single_style_loss(style_layers_out[i], getattr(vgg, style_layers[i])) for i in range(len(style_layers))]
    style_loss = sum([style_layer_w[i] * E[i] for i in range(len(style_layers))])
    total_loss = 0.01 * content_loss + 1 * style_loss
gstep = tf.Variable(0, dtype=tf.int32, trainable=False, name='global_step')
opt = tf.train.AdamOptimizer(2.0).minimize(total_loss, global_step=gstep)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(input_img.assign(initial_image))
    for index in range(5):
        sess.run(opt)
        log.append([float(v) for v in sess.run([total_loss, content_loss, style_loss])])
    out["img"] = R(sess.run(input_img)[0, :2, :2], 3)
out["log"] = log
out["names"] = [vgg.conv1_1.name, vgg.avgpool1.name, content_loss.name, total_loss.name,
                [v.name for v in tf.global_variables()]]
out["types"] = [type(style_layers_out[0]).__name__, str(E[0].shape)]
""",
    "c2_char_rnn_sampling": r"""
tf.set_random_seed(11)
vocab = ' abcdefgh'
def vocab_encode(text):
    return [vocab.index(x) + 1 for x in text if x in vocab]
def vocab_decode(array):
    return ''.join([vocab[x - 1] for x in array])
text = 'abc defg hab cdef gha bcd efgh'
seq = np.array(vocab_encode(text)[:24]).reshape(2, 12)
class CharRNN(object):
    def __init__(self):
        self.seq = tf.placeholder(tf.int32, [None, None])
        self.temp = tf.constant(1.5)
        self.hidden_sizes = [8, 8]
        self.batch_size = 2
        self.lr = 0.01
        self.len_generated = 6
    def create_rnn(self, seq):
        layers = [tf.nn.rnn_cell.GRUCell(size) for size in self.hidden_sizes]
        cells = tf.nn.rnn_cell.MultiRNNCell(layers)
        batch = tf.shape(seq)[0]
        zero_states = cells.zero_state(batch, dtype=tf.float32)
        self.in_state = tuple([tf.placeholder_with_default(state, [None, state.shape[1]])
                               for state in zero_states])
        length = tf.reduce_sum(tf.reduce_max(tf.sign(seq), 2), 1)
        self.output, self.out_state = tf.nn.dynamic_rnn(cells, seq, length, self.in_state)
    def create_model(self):
        seq = tf.one_hot(self.seq, len(vocab) + 1)
        self.create_rnn(seq)
        self.logits = tf.layers.dense(self.output, len(vocab) + 1, None)
        loss = tf.nn.softmax_cross_entropy_with_logits(logits=self.logits[:, :-1], labels=seq[:, 1:])
        self.loss = tf.reduce_sum(loss)
        self.sample = tf.multinomial(tf.exp(self.logits[:, -1] / self.temp), 1, seed=5)[:, 0]
        self.opt = tf.train.AdamOptimizer(self.lr).minimize(self.loss)
model = CharRNN()
model.create_model()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = []
    for i in range(4):
        batch_loss, _ = sess.run([model.loss, model.opt], {model.seq: seq})
        losses.append(float(batch_loss))
    logits0 = sess.run(model.logits, {model.seq: seq[:1, :5]})
    sentence = 'ab'
    state = None
    for _ in range(model.len_generated):
        batch = [vocab_encode(sentence[-1])]
        feed = {model.seq: batch}
        if state is not None:
            for i in range(len(state)):
                feed.update({model.in_state[i]: state[i]})
        index, state = sess.run([model.sample, model.out_state], feed)
        sentence += vocab_decode(index)
    out["state"] = R(state[1], 5)
out["losses"] = losses
out["logits0"] = R(logits0[0, -1], 5)
out["shapes"] = [str(model.output.shape), str(model.logits.shape), str(model.sample.shape),
                 [str(s.shape) for s in model.in_state], model.sample.dtype.name]
""",
    "c2_exercises_ops": r"""
x = tf.random_uniform([], seed=1)
y = tf.random_uniform([], seed=2)
out1 = tf.cond(tf.greater(x, y), lambda: tf.add(x, y), lambda: tf.subtract(x, y))
x = tf.random_uniform([], -1, 1, dtype=tf.float32, seed=3)
y = tf.random_uniform([], -1, 1, dtype=tf.float32, seed=4)
out2 = tf.case({tf.less(x, y): lambda: tf.add(x, y), tf.greater(x, y): lambda: tf.subtract(x, y)},
               default=lambda: tf.constant(0.0), exclusive=True)
x = tf.constant([[0, -2, -1], [0, 1, 2]])
y = tf.zeros_like(x)
out3 = tf.equal(x, y)
x = tf.constant([29.05088806, 27.61298943, 31.19073486, 29.35532951, 30.97266006, 26.67541885,
                 38.08450317, 20.74983215, 34.94445419, 34.45999146, 29.06485367, 36.01657104])
indices = tf.where(x > 30)
out4 = tf.gather(x, indices)
out5 = tf.range(1, 7)
out5b = tf.diag(out5)
m = tf.constant([[1.0, 2.0, 0.5], [0.3, 4.0, 1.0], [2.0, 0.1, 3.0]])
out6 = tf.matrix_determinant(m)
x = tf.constant([5, 2, 3, 5, 10, 6, 2, 3, 4, 2, 1, 1, 0, 9])
out7, idx7 = tf.unique(x)
x = tf.constant([0.3, -0.8, 1.9, -2.4, 0.1])
y = tf.constant([0.4, 0.5, -1.7, 1.2, 0.0])
avg = tf.reduce_mean(x - y)
out8 = tf.cond(avg < 0, lambda: tf.reduce_mean(tf.square(x - y)),
               lambda: tf.reduce_sum(tf.abs(x - y)))
with tf.Session() as sess:
    r = sess.run([out1, out2, out3, out4, out5b, out6, out7, idx7, out8])
out["r"] = [L(v) for v in r]
out["shapes"] = [str(t.shape) for t in (out1, out2, out4, out5b, out6, out7, out8)]
out["dtypes"] = [t.dtype.name for t in (indices, out4, out5, out7, idx7)]
""",
}

HOML = {
    "ho9_normal_equation_and_gd": r"""
rng = np.random.RandomState(42)
m, n = 30, 3
data = rng.rand(m, n)
target = (data @ np.array([1.5, -2.0, 0.7]) + 0.3 + rng.randn(m) * 0.05).reshape(-1, 1)
scaled = (data - data.mean(0)) / data.std(0)
housing_data_plus_bias = np.c_[np.ones((m, 1)), data]
X = tf.constant(housing_data_plus_bias, dtype=tf.float32, name="X")
y = tf.constant(target, dtype=tf.float32, name="y")
XT = tf.transpose(X)
theta = tf.matmul(tf.matmul(tf.matrix_inverse(tf.matmul(XT, X)), XT), y)
with tf.Session() as sess:
    theta_value = theta.eval()
out["normal"] = R(theta_value, 3)
scaled_plus_bias = np.c_[np.ones((m, 1)), scaled]
results = []
for how in ("manual", "autodiff", "optimizer", "momentum"):
    with tf.Graph().as_default():
        tf.set_random_seed(42)
        n_epochs = 30
        learning_rate = 0.1
        X = tf.constant(scaled_plus_bias, dtype=tf.float32, name="X")
        y = tf.constant(target, dtype=tf.float32, name="y")
        theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
        y_pred = tf.matmul(X, theta, name="predictions")
        error = y_pred - y
        mse = tf.reduce_mean(tf.square(error), name="mse")
        if how == "manual":
            gradients = 2 / m * tf.matmul(tf.transpose(X), error)
            training_op = tf.assign(theta, theta - learning_rate * gradients)
        elif how == "autodiff":
            gradients = tf.gradients(mse, [theta])[0]
            training_op = tf.assign(theta, theta - learning_rate * gradients)
        elif how == "optimizer":
            training_op = tf.train.GradientDescentOptimizer(learning_rate=learning_rate).minimize(mse)
        else:
            training_op = tf.train.MomentumOptimizer(learning_rate=learning_rate, momentum=0.9).minimize(mse)
        init = tf.global_variables_initializer()
        with tf.Session() as sess:
            sess.run(init)
            log = []
            for epoch in range(n_epochs):
                if epoch % 10 == 0:
                    log.append(float(mse.eval()))
                sess.run(training_op)
            best_theta = theta.eval()
        results.append([how, log, L(best_theta), training_op.name])
out["results"] = results
""",
    "ho9_minibatch_placeholders_saver": r"""
rng = np.random.RandomState(42)
m, n = 40, 3
data = rng.rand(m, n)
target = (data @ np.array([1.5, -2.0, 0.7]) + 0.3).reshape(-1, 1)
scaled_plus_bias = np.c_[np.ones((m, 1)), (data - data.mean(0)) / data.std(0)]
d = tempfile.mkdtemp()
tf.set_random_seed(42)
X = tf.placeholder(tf.float32, shape=(None, n + 1), name="X")
y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
theta = tf.Variable(tf.random_uniform([n + 1, 1], -1.0, 1.0, seed=42), name="theta")
y_pred = tf.matmul(X, theta, name="predictions")
with tf.name_scope("loss") as scope:
    error = y_pred - y
    mse = tf.reduce_mean(tf.square(error), name="mse")
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.05)
training_op = optimizer.minimize(mse)
init = tf.global_variables_initializer()
saver = tf.train.Saver()
mse_summary = tf.summary.scalar('MSE', mse)
file_writer = tf.summary.FileWriter(d + "/logs", tf.get_default_graph())
n_epochs = 4
batch_size = 10
n_batches = int(np.ceil(m / batch_size))
def fetch_batch(epoch, batch_index, batch_size):
    r = np.random.RandomState(epoch * n_batches + batch_index)
    indices = r.randint(m, size=batch_size)
    return scaled_plus_bias[indices], target[indices]
log = []
with tf.Session() as sess:
    sess.run(init)
    for epoch in range(n_epochs):
        for batch_index in range(n_batches):
            X_batch, y_batch = fetch_batch(epoch, batch_index, batch_size)
            if batch_index % 2 == 0:
                summary_str = mse_summary.eval(feed_dict={X: X_batch, y: y_batch})
                step = epoch * n_batches + batch_index
                file_writer.add_summary(summary_str, step)
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
        if epoch % 2 == 0:
            save_path = saver.save(sess, d + "/my_model.ckpt")
        log.append(float(mse.eval(feed_dict={X: scaled_plus_bias, y: target})))
    best_theta = theta.eval()
    save_path = saver.save(sess, d + "/my_model_final.ckpt")
file_writer.close()
with tf.Session() as sess:
    saver.restore(sess, d + "/my_model_final.ckpt")
    best_theta_restored = theta.eval()
with tf.Graph().as_default():
    saver = tf.train.import_meta_graph(d + "/my_model_final.ckpt.meta")
    theta = tf.get_default_graph().get_tensor_by_name("theta:0")
    with tf.Session() as sess:
        saver.restore(sess, d + "/my_model_final.ckpt")
        best_theta_meta = theta.eval()
    out["log"] = log
    out["theta"] = L(best_theta)
    out["same"] = [bool(np.allclose(best_theta, best_theta_restored)), bool(np.allclose(best_theta, best_theta_meta))]
    out["names"] = [error.op.name, mse.op.name, save_path.split("/")[-1], mse_summary.name]
    out["tags"] = event_tags(d + "/logs")
""",
    "ho9_modularity_shared_threshold": r"""
def relu(X):
    with tf.variable_scope("relu", reuse=True):
        threshold = tf.get_variable("threshold")
        w_shape = (int(X.get_shape()[1]), 1)
        w = tf.Variable(tf.random_normal(w_shape, seed=1), name="weights")
        b = tf.Variable(0.0, name="bias")
        z = tf.add(tf.matmul(X, w), b, name="z")
        return tf.maximum(z, threshold, name="max")
n_features = 3
X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
with tf.variable_scope("relu"):
    threshold = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
relus = [relu(X) for relu_index in range(5)]
output = tf.add_n(relus, name="output")
def relu2(X, threshold):
    with tf.name_scope("relu2"):
        w = tf.Variable(tf.random_normal((int(X.get_shape()[1]), 1), seed=2), name="weights")
        b = tf.Variable(0.0, name="bias")
        z = tf.add(tf.matmul(X, w), b, name="z")
        return tf.maximum(z, threshold, name="max")
threshold2 = tf.Variable(0.0, name="threshold2")
output2 = tf.add_n([relu2(X, threshold2) for i in range(3)], name="output2")
def relu3(X):
    threshold = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    w = tf.Variable(tf.random_normal((int(X.get_shape()[1]), 1), seed=3), name="weights")
    return tf.maximum(tf.matmul(X, w), threshold, name="max")
relus3 = []
for relu_index in range(3):
    with tf.variable_scope("relu3", reuse=(relu_index >= 1)) as scope:
        relus3.append(relu3(X))
output3 = tf.add_n(relus3, name="output3")
xv = np.array([[1.0, -2.0, 0.5], [0.3, 0.2, -0.1]], np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(threshold.assign(0.1))
    out["vals"] = [L(v) for v in sess.run([output, output2, output3], {X: xv})]
out["names"] = [[r.name for r in relus], [v.name for v in tf.global_variables()], output.name,
                output3.name]
""",
    "ho11_batch_norm_update_ops": r"""
tf.set_random_seed(42)
n_inputs, n_hidden1, n_hidden2, n_outputs = 784, 12, 8, 10
X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
y = tf.placeholder(tf.int32, shape=(None), name="y")
training = tf.placeholder_with_default(False, shape=(), name='training')
from functools import partial
my_batch_norm_layer = partial(tf.layers.batch_normalization, training=training, momentum=0.9)
he_init = tf.variance_scaling_initializer(seed=1)
my_dense_layer = partial(tf.layers.dense, kernel_initializer=he_init)
with tf.name_scope("dnn"):
    hidden1 = my_dense_layer(X, n_hidden1, name="hidden1")
    bn1 = tf.nn.elu(my_batch_norm_layer(hidden1))
    hidden2 = my_dense_layer(bn1, n_hidden2, name="hidden2")
    bn2 = tf.nn.elu(my_batch_norm_layer(hidden2))
    logits_before_bn = my_dense_layer(bn2, n_outputs, name="outputs")
    logits = my_batch_norm_layer(logits_before_bn)
with tf.name_scope("loss"):
    xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    loss = tf.reduce_mean(xentropy, name="loss")
with tf.name_scope("train"):
    optimizer = tf.train.GradientDescentOptimizer(0.05)
    training_op = optimizer.minimize(loss)
with tf.name_scope("eval"):
    correct = tf.nn.in_top_k(logits, y, 1)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
extra_update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
x_train, y_train = mnist(32, seed=31, one_hot=False)
log = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for epoch in range(2):
        for i in range(4):
            X_batch, y_batch = x_train[8 * i:8 * i + 8], y_train[8 * i:8 * i + 8]
            sess.run([training_op, extra_update_ops],
                     feed_dict={training: True, X: X_batch, y: y_batch})
        log.append([float(accuracy.eval(feed_dict={X: x_train, y: y_train})),
                    float(loss.eval(feed_dict={X: x_train, y: y_train})),
                    float(loss.eval(feed_dict={X: x_train, y: y_train, training: True}))])
    moving = [v for v in tf.global_variables() if "moving" in v.name]
    out["moving"] = [L(v) for v in sess.run(moving)[:2]]
out["log"] = log
out["update_ops"] = [op.name for op in extra_update_ops]
out["vars"] = [v.name for v in tf.global_variables()]
out["trainable"] = [v.name for v in tf.trainable_variables()]
""",
    "ho11_gradient_clipping_and_reuse": r"""
tf.set_random_seed(42)
d = tempfile.mkdtemp()
n_inputs, n_hidden1, n_hidden2, n_hidden3, n_outputs = 784, 10, 9, 8, 10
X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
y = tf.placeholder(tf.int32, shape=(None), name="y")
with tf.name_scope("dnn"):
    hidden1 = tf.layers.dense(X, n_hidden1, activation=tf.nn.relu, name="hidden1")
    hidden2 = tf.layers.dense(hidden1, n_hidden2, activation=tf.nn.relu, name="hidden2")
    hidden3 = tf.layers.dense(hidden2, n_hidden3, activation=tf.nn.relu, name="hidden3")
    logits = tf.layers.dense(hidden3, n_outputs, name="outputs")
with tf.name_scope("loss"):
    xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    loss = tf.reduce_mean(xentropy, name="loss")
learning_rate = 0.5
threshold = 0.05
optimizer = tf.train.GradientDescentOptimizer(learning_rate)
grads_and_vars = optimizer.compute_gradients(loss)
capped_gvs = [(tf.clip_by_value(grad, -threshold, threshold), var) for grad, var in grads_and_vars]
training_op = optimizer.apply_gradients(capped_gvs)
with tf.name_scope("eval"):
    correct = tf.nn.in_top_k(logits, y, 1)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")
init = tf.global_variables_initializer()
saver = tf.train.Saver()
x_train, y_train = mnist(32, seed=32, one_hot=False)
log = []
with tf.Session() as sess:
    init.run()
    for epoch in range(3):
        sess.run(training_op, feed_dict={X: x_train, y: y_train})
        log.append(float(loss.eval(feed_dict={X: x_train, y: y_train})))
    saver.save(sess, d + "/my_model_final.ckpt")
    final_logits = logits.eval(feed_dict={X: x_train[:2]})
out["log"] = log
out["logits"] = R(final_logits, 4)
with tf.Graph().as_default():
    saver = tf.train.import_meta_graph(d + "/my_model_final.ckpt.meta")
    out["ops"] = [op.name for op in tf.get_default_graph().get_operations()
                  if op.name.startswith("dnn/hidden1") or op.name.startswith("eval")][:12]
    X = tf.get_default_graph().get_tensor_by_name("X:0")
    y = tf.get_default_graph().get_tensor_by_name("y:0")
    accuracy = tf.get_default_graph().get_tensor_by_name("eval/accuracy:0")
    training_op = tf.get_default_graph().get_operation_by_name("GradientDescent")
    for op in (X, y, accuracy, training_op):
        tf.add_to_collection("my_important_ops", op)
    X, y, accuracy, training_op = tf.get_collection("my_important_ops")
    log = []
    with tf.Session() as sess:
        saver.restore(sess, d + "/my_model_final.ckpt")
        log.append(float(accuracy.eval(feed_dict={X: x_train, y: y_train})))
        for epoch in range(2):
            sess.run(training_op, feed_dict={X: x_train, y: y_train})
        log.append(float(accuracy.eval(feed_dict={X: x_train, y: y_train})))
        out["restored_logits"] = R(sess.run("dnn/outputs/BiasAdd:0", {X: x_train[:2]}), 4)
    out["resumed"] = log
    out["types"] = [training_op.type, accuracy.op.type, str(X.shape), y.dtype.name]
""",
    "ho11_freeze_lower_layers": r"""
tf.set_random_seed(42)
d = tempfile.mkdtemp()
n_inputs, n_hidden1, n_hidden2, n_hidden3, n_outputs = 784, 10, 9, 8, 10
X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
y = tf.placeholder(tf.int32, shape=(None), name="y")
with tf.name_scope("dnn"):
    hidden1 = tf.layers.dense(X, n_hidden1, activation=tf.nn.relu, name="hidden1")
    hidden2 = tf.layers.dense(hidden1, n_hidden2, activation=tf.nn.relu, name="hidden2")
    hidden3 = tf.layers.dense(hidden2, n_hidden3, activation=tf.nn.relu, name="hidden3")
    logits = tf.layers.dense(hidden3, n_outputs, name="outputs")
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.3).minimize(loss)
saver = tf.train.Saver()
x_train, y_train = mnist(24, seed=33, one_hot=False)
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for _ in range(3):
        sess.run(train, {X: x_train, y: y_train})
    saver.save(sess, d + "/my_model_final.ckpt")
    before = sess.run(tf.trainable_variables())
with tf.Graph().as_default():
    tf.set_random_seed(43)
    n_hidden4 = 7
    X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
    y = tf.placeholder(tf.int32, shape=(None), name="y")
    with tf.name_scope("dnn"):
        hidden1 = tf.layers.dense(X, n_hidden1, activation=tf.nn.relu, name="hidden1")
        hidden2 = tf.layers.dense(hidden1, n_hidden2, activation=tf.nn.relu, name="hidden2")
        hidden2_stop = tf.stop_gradient(hidden2)
        hidden3 = tf.layers.dense(hidden2_stop, n_hidden3, activation=tf.nn.relu, name="hidden3")
        hidden4 = tf.layers.dense(hidden3, n_hidden4, activation=tf.nn.relu, name="hidden4")
        logits = tf.layers.dense(hidden4, n_outputs, name="outputs")
    with tf.name_scope("loss"):
        xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
        loss = tf.reduce_mean(xentropy, name="loss")
    with tf.name_scope("train"):
        optimizer = tf.train.GradientDescentOptimizer(0.3)
        train_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="hidden[34]|outputs")
        training_op = optimizer.minimize(loss, var_list=train_vars)
    reuse_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="hidden[123]")
    restore_saver = tf.train.Saver(reuse_vars)
    grads = tf.gradients(loss, tf.trainable_variables())
    init = tf.global_variables_initializer()
    log = []
    with tf.Session() as sess:
        init.run()
        restore_saver.restore(sess, d + "/my_model_final.ckpt")
        for epoch in range(3):
            sess.run(training_op, feed_dict={X: x_train, y: y_train})
            log.append(float(loss.eval(feed_dict={X: x_train, y: y_train})))
        after = sess.run(tf.trainable_variables())
        g = sess.run([x for x in grads if x is not None], {X: x_train, y: y_train})
    out["log"] = log
    out["frozen"] = [bool(np.array_equal(a, b)) for a, b in zip(before[:6], after[:6])]
    out["train_vars"] = [v.name for v in train_vars]
    out["reuse_vars"] = [v.name for v in reuse_vars]
    out["grads_none"] = [x is None for x in grads]
    out["g_last"] = R(g[-1], 5)
""",
    "ho14_time_series_stacked_outputs": r"""
tf.set_random_seed(42)
t_min, t_max = 0, 30
resolution = 0.1
def time_series(t):
    return t * np.sin(t) / 3 + 2 * np.sin(t * 5)
def next_batch(batch_size, n_steps, seed):
    rng = np.random.RandomState(seed)
    t0 = rng.rand(batch_size, 1) * (t_max - t_min - n_steps * resolution)
    Ts = t0 + np.arange(0., n_steps + 1) * resolution
    ys = time_series(Ts)
    return ys[:, :-1].reshape(-1, n_steps, 1), ys[:, 1:].reshape(-1, n_steps, 1)
n_steps, n_inputs, n_neurons, n_outputs = 6, 1, 10, 1
X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
y = tf.placeholder(tf.float32, [None, n_steps, n_outputs])
cell = tf.nn.rnn_cell.BasicRNNCell(num_units=n_neurons, activation=tf.nn.relu)
rnn_outputs, states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
stacked_rnn_outputs = tf.reshape(rnn_outputs, [-1, n_neurons])
stacked_outputs = tf.layers.dense(stacked_rnn_outputs, n_outputs)
outputs = tf.reshape(stacked_outputs, [-1, n_steps, n_outputs])
loss = tf.reduce_mean(tf.square(outputs - y))
optimizer = tf.train.AdamOptimizer(learning_rate=0.001)
training_op = optimizer.minimize(loss)
init = tf.global_variables_initializer()
log = []
with tf.Session() as sess:
    init.run()
    for iteration in range(6):
        X_batch, y_batch = next_batch(5, n_steps, iteration)
        sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
        if iteration % 2 == 0:
            mse = loss.eval(feed_dict={X: X_batch, y: y_batch})
            log.append([iteration, float(mse)])
    sequence = [0.] * n_steps
    for iteration in range(5):
        X_batch = np.array(sequence[-n_steps:]).reshape(1, n_steps, 1)
        y_pred = sess.run(outputs, feed_dict={X: X_batch})
        sequence.append(y_pred[0, -1, 0])
out["log"] = log
out["generated"] = R(sequence[n_steps:], 5)
out["shapes"] = [str(rnn_outputs.shape), str(stacked_outputs.shape), str(outputs.shape),
                 str(states.shape)]
""",
    "ho14_deep_rnn_dropout_lstm": r"""
tf.set_random_seed(42)
n_steps, n_inputs, n_neurons, n_layers, n_outputs = 5, 3, 6, 3, 4
keep_prob = tf.placeholder_with_default(1.0, shape=())
X = tf.placeholder(tf.float32, [None, n_steps, n_inputs])
y = tf.placeholder(tf.int32, [None])
lstm_cells = [tf.nn.rnn_cell.BasicLSTMCell(num_units=n_neurons) for layer in range(n_layers)]
cells_drop = [tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=keep_prob) for cell in lstm_cells]
multi_layer_cell = tf.nn.rnn_cell.MultiRNNCell(cells_drop)
outputs, states = tf.nn.dynamic_rnn(multi_layer_cell, X, dtype=tf.float32)
top_layer_h_state = states[-1][1]
logits = tf.layers.dense(top_layer_h_state, n_outputs, name="softmax")
xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
loss = tf.reduce_mean(xentropy, name="loss")
training_op = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss)
correct = tf.nn.in_top_k(logits, y, 1)
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
rng = np.random.RandomState(4)
xb = rng.randn(8, n_steps, n_inputs).astype(np.float32)
yb = (xb.sum((1, 2)) > 0).astype(np.int32) + 2 * (xb[:, 0, 0] > 0)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        sess.run(training_op, {X: xb, y: yb})
        log.append([float(v) for v in sess.run([loss, accuracy], {X: xb, y: yb})])
out["log"] = log
out["states"] = [[str(s.c.shape), str(s.h.shape)] for s in states]
out["vars"] = [v.name for v in tf.global_variables()][:6]
""",
    "ho15_tied_weights_autoencoder": r"""
tf.set_random_seed(42)
n_inputs, n_hidden1, n_hidden2 = 784, 20, 8
n_hidden3 = n_hidden1
n_outputs = n_inputs
learning_rate = 0.01
l2_reg = 0.0005
activation = tf.nn.elu
regularizer = tf.contrib.layers.l2_regularizer(l2_reg) if hasattr(tf, "contrib") else \
    (lambda w: l2_reg * tf.nn.l2_loss(w))
initializer = tf.variance_scaling_initializer(seed=3)
X = tf.placeholder(tf.float32, shape=[None, n_inputs])
weights1_init = initializer([n_inputs, n_hidden1])
weights2_init = initializer([n_hidden1, n_hidden2])
weights1 = tf.Variable(weights1_init, dtype=tf.float32, name="weights1")
weights2 = tf.Variable(weights2_init, dtype=tf.float32, name="weights2")
weights3 = tf.transpose(weights2, name="weights3")
weights4 = tf.transpose(weights1, name="weights4")
biases1 = tf.Variable(tf.zeros(n_hidden1), name="biases1")
biases2 = tf.Variable(tf.zeros(n_hidden2), name="biases2")
biases3 = tf.Variable(tf.zeros(n_hidden3), name="biases3")
biases4 = tf.Variable(tf.zeros(n_outputs), name="biases4")
hidden1 = activation(tf.matmul(X, weights1) + biases1)
hidden2 = activation(tf.matmul(hidden1, weights2) + biases2)
hidden3 = activation(tf.matmul(hidden2, weights3) + biases3)
outputs = tf.matmul(hidden3, weights4) + biases4
reconstruction_loss = tf.reduce_mean(tf.square(outputs - X))
reg_loss = regularizer(weights1) + regularizer(weights2)
loss = reconstruction_loss + reg_loss
optimizer = tf.train.AdamOptimizer(learning_rate)
training_op = optimizer.minimize(loss)
x_train, _ = mnist(24, seed=34)
log = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for epoch in range(4):
        for i in range(3):
            sess.run(training_op, feed_dict={X: x_train[8 * i: 8 * i + 8]})
        log.append([float(v) for v in sess.run([loss, reconstruction_loss, reg_loss], {X: x_train})])
    codings = hidden2.eval(feed_dict={X: x_train[:2]})
out["log"] = log
out["codings"] = R(codings, 4)
out["vars"] = [v.name for v in tf.trainable_variables()]
out["names"] = [weights3.name, weights4.name, outputs.name]
""",
    "ho15_stacked_ae_one_phase_at_a_time": r"""
tf.set_random_seed(42)
n_inputs, n_hidden1, n_hidden2 = 784, 16, 6
n_hidden3, n_outputs = n_hidden1, n_inputs
l2_reg = 0.0001
activation = tf.nn.elu
regularizer = lambda w: l2_reg * tf.nn.l2_loss(w)
initializer = tf.variance_scaling_initializer(seed=7)
X = tf.placeholder(tf.float32, shape=[None, n_inputs])
weights1 = tf.Variable(initializer([n_inputs, n_hidden1]), dtype=tf.float32, name="weights1")
weights2 = tf.Variable(initializer([n_hidden1, n_hidden2]), dtype=tf.float32, name="weights2")
weights3 = tf.Variable(initializer([n_hidden2, n_hidden3]), dtype=tf.float32, name="weights3")
weights4 = tf.Variable(initializer([n_hidden3, n_outputs]), dtype=tf.float32, name="weights4")
biases1 = tf.Variable(tf.zeros(n_hidden1), name="biases1")
biases2 = tf.Variable(tf.zeros(n_hidden2), name="biases2")
biases3 = tf.Variable(tf.zeros(n_hidden3), name="biases3")
biases4 = tf.Variable(tf.zeros(n_outputs), name="biases4")
hidden1 = activation(tf.matmul(X, weights1) + biases1)
hidden2 = activation(tf.matmul(hidden1, weights2) + biases2)
hidden3 = activation(tf.matmul(hidden2, weights3) + biases3)
outputs = tf.matmul(hidden3, weights4) + biases4
reconstruction_loss = tf.reduce_mean(tf.square(outputs - X))
optimizer = tf.train.AdamOptimizer(0.01)
with tf.name_scope("phase1"):
    phase1_outputs = tf.matmul(hidden1, weights4) + biases4
    phase1_reconstruction_loss = tf.reduce_mean(tf.square(phase1_outputs - X))
    phase1_reg_loss = regularizer(weights1) + regularizer(weights4)
    phase1_loss = phase1_reconstruction_loss + phase1_reg_loss
    phase1_training_op = optimizer.minimize(phase1_loss)
with tf.name_scope("phase2"):
    phase2_reconstruction_loss = tf.reduce_mean(tf.square(hidden3 - hidden1))
    phase2_reg_loss = regularizer(weights2) + regularizer(weights3)
    phase2_loss = phase2_reconstruction_loss + phase2_reg_loss
    train_vars = [weights2, biases2, weights3, biases3]
    phase2_training_op = optimizer.minimize(phase2_loss, var_list=train_vars)
x_train, _ = mnist(16, seed=35)
training_ops = [phase1_training_op, phase2_training_op]
reconstruction_losses = [phase1_reconstruction_loss, phase2_reconstruction_loss]
log = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for phase in range(2):
        for epoch in range(3):
            for i in range(2):
                sess.run(training_ops[phase], feed_dict={X: x_train[8 * i:8 * i + 8]})
            log.append([phase, float(reconstruction_losses[phase].eval(feed_dict={X: x_train}))])
    out["final"] = float(reconstruction_loss.eval(feed_dict={X: x_train}))
    out["w2"] = R(weights2.eval()[:2], 5)
out["log"] = log
out["slots"] = sorted(v.name for v in tf.global_variables())
""",
    "ho16_policy_gradients": r"""
tf.set_random_seed(42)
n_inputs, n_hidden, n_outputs = 4, 4, 1
learning_rate = 0.01
initializer = tf.variance_scaling_initializer(seed=5)
X = tf.placeholder(tf.float32, shape=[None, n_inputs])
hidden = tf.layers.dense(X, n_hidden, activation=tf.nn.elu, kernel_initializer=initializer)
logits = tf.layers.dense(hidden, n_outputs)
outputs = tf.nn.sigmoid(logits)
p_left_and_right = tf.concat(axis=1, values=[outputs, 1 - outputs])
action = tf.multinomial(tf.log(p_left_and_right), num_samples=1, seed=6)
y = 1. - tf.to_float(action)
cross_entropy = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits)
optimizer = tf.train.AdamOptimizer(learning_rate)
grads_and_vars = optimizer.compute_gradients(cross_entropy)
gradients = [grad for grad, variable in grads_and_vars]
gradient_placeholders = []
grads_and_vars_feed = []
for grad, variable in grads_and_vars:
    gradient_placeholder = tf.placeholder(tf.float32, shape=grad.get_shape())
    gradient_placeholders.append(gradient_placeholder)
    grads_and_vars_feed.append((gradient_placeholder, variable))
training_op = optimizer.apply_gradients(grads_and_vars_feed)
def discount_rewards(rewards, discount_rate):
    discounted_rewards = np.zeros(len(rewards))
    cumulative_rewards = 0
    for step in reversed(range(len(rewards))):
        cumulative_rewards = rewards[step] + cumulative_rewards * discount_rate
        discounted_rewards[step] = cumulative_rewards
    return discounted_rewards
def discount_and_normalize_rewards(all_rewards, discount_rate):
    all_discounted_rewards = [discount_rewards(rewards, discount_rate) for rewards in all_rewards]
    flat_rewards = np.concatenate(all_discounted_rewards)
    reward_mean = flat_rewards.mean()
    reward_std = flat_rewards.std()
    return [(discounted_rewards - reward_mean) / reward_std for discounted_rewards in all_discounted_rewards]
out["discount"] = [L(r) for r in discount_and_normalize_rewards([[10, 0, -50], [10, 20]], discount_rate=0.8)]
rng = np.random.RandomState(8)
def env_step(obs, a):
    new = obs * 0.9 + (0.1 if a == 0 else -0.1) + rng.randn(4) * 0.01
    return new, 1.0, bool(abs(new[2]) > 0.5)
log = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for iteration in range(3):
        all_rewards = []
        all_gradients = []
        actions = []
        for game in range(2):
            current_rewards = []
            current_gradients = []
            obs = np.array([0.01, -0.02, 0.03 * (game + 1), 0.0])
            for step in range(5):
                action_val, gradients_val = sess.run([action, gradients],
                                                     feed_dict={X: obs.reshape(1, n_inputs)})
                actions.append(int(action_val[0][0]))
                obs, reward, done = env_step(obs, action_val[0][0])
                current_rewards.append(reward + step * 0.1 * game)
                current_gradients.append(gradients_val)
                if done:
                    break
            all_rewards.append(current_rewards)
            all_gradients.append(current_gradients)
        all_rewards = discount_and_normalize_rewards(all_rewards, 0.95)
        feed_dict = {}
        for var_index, gradient_placeholder in enumerate(gradient_placeholders):
            mean_gradients = np.mean([reward * all_gradients[game_index][step][var_index]
                                      for game_index, rewards in enumerate(all_rewards)
                                      for step, reward in enumerate(rewards)], axis=0)
            feed_dict[gradient_placeholder] = mean_gradients
        sess.run(training_op, feed_dict=feed_dict)
        log.append([actions, R(feed_dict[gradient_placeholders[-1]], 5)])
    out["probs"] = R(sess.run(outputs, {X: np.eye(4)}), 5)
out["log"] = log
out["shapes"] = [str(action.shape), action.dtype.name, str(y.shape), [str(p.shape) for p in gradient_placeholders]]
""",
}

PROGRAMS = {
    **CS20,
    **HOML,
}


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE)
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
