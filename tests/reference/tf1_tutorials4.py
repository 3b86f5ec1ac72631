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
        self.global_step = tf.get_variable('global_step', initializer=tf.constant(0),
            trainable=False)
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
            self.embed = tf.nn.embedding_lookup(self.embed_matrix, self.center_words,
                name='embedding')
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
                                         (tf.TensorShape([]),
                                             tf.TensorShape([1]))).batch(BATCH_SIZE)
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
    out["embed0"] = L(sess.run(model.embed)[:2])
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
    'conv1_1': (rng.randn(3, 3, 3, 4).astype(np.float32) * 0.3,
        rng.randn(4).astype(np.float32) * 0.1),
    'conv1_2': (rng.randn(3, 3, 4, 4).astype(np.float32) * 0.3,
        rng.randn(4).astype(np.float32) * 0.1),
    'conv2_1': (rng.randn(3, 3, 4, 6).astype(np.float32) * 0.3,
        rng.randn(6).astype(np.float32) * 0.1),
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
            out = tf.nn.avg_pool(prev_layer, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                padding='SAME')
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
    content_loss = (tf.reduce_sum((gen_img_content - content_img_content) ** 2)
                    / (4.0 * content_img_content.size))
    E = [_single_style_loss(style_layers_out[i], getattr(vgg,
        style_layers[i])) for i in range(len(style_layers))]
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
    out["img"] = L(sess.run(input_img)[0, :2, :2])
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
        loss = tf.nn.softmax_cross_entropy_with_logits(logits=self.logits[:, :-1], labels=seq[:,
            1:])
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
    out["state"] = L(state[1])
out["losses"] = losses
out["logits0"] = L(logits0[0, -1])
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
out["normal"] = L(theta_value)
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
            optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate)
            training_op = optimizer.minimize(mse)
        else:
            training_op = tf.train.MomentumOptimizer(learning_rate=learning_rate,
                momentum=0.9).minimize(mse)
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
    out["same"] = [bool(np.allclose(best_theta, best_theta_restored)),
        bool(np.allclose(best_theta, best_theta_meta))]
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
out["logits"] = L(final_logits)
with tf.Graph().as_default():
    saver = tf.train.import_meta_graph(d + "/my_model_final.ckpt.meta")
    out["ops"] = [op.name for op in tf.get_default_graph().get_operations() if op.type != "Const"
                  and (op.name.startswith("dnn/hidden1") or op.name.startswith("eval"))][:12]
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
        out["restored_logits"] = L(sess.run("dnn/outputs/BiasAdd:0", {X: x_train[:2]}))
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
    out["g_last"] = L(g[-1])
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
out["generated"] = L(sequence[n_steps:])
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
        log.append([float(v) for v in sess.run([loss, reconstruction_loss, reg_loss],
            {X: x_train})])
    codings = hidden2.eval(feed_dict={X: x_train[:2]})
out["log"] = log
out["codings"] = L(codings)
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
    out["w2"] = L(weights2.eval()[:2])
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
    return [(discounted_rewards - reward_mean) / reward_std
            for discounted_rewards in all_discounted_rewards]
out["discount"] = [L(r) for r in discount_and_normalize_rewards([[10, 0, -50], [10, 20]],
    discount_rate=0.8)]
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
        log.append([actions, L(feed_dict[gradient_placeholders[-1]])])
    out["probs"] = L(sess.run(outputs, {X: np.eye(4)}))
out["log"] = log
out["shapes"] = [str(action.shape), action.dtype.name, str(y.shape),
    [str(p.shape) for p in gradient_placeholders]]
""",
}

T2T = {
    "t2_relative_attention_shaw_and_skew": r"""
import math
tf.set_random_seed(21)
def shape_list(x):
    x = tf.convert_to_tensor(x)
    static = x.get_shape().as_list()
    shape = tf.shape(x)
    return [shape[i] if dim is None else dim for i, dim in enumerate(static)]
def _generate_relative_positions_matrix(length_q, length_k, max_relative_position):
    if length_q == length_k:
        range_vec_q = range_vec_k = tf.range(length_q)
    else:
        range_vec_k = tf.range(length_k)
        range_vec_q = range_vec_k[-length_q:]
    distance_mat = range_vec_k[None, :] - range_vec_q[:, None]
    distance_mat_clipped = tf.clip_by_value(distance_mat, -max_relative_position,
        max_relative_position)
    return distance_mat_clipped + max_relative_position
def _generate_relative_positions_embeddings(length_q, length_k, depth, max_relative_position, name):
    with tf.variable_scope(name):
        relative_positions_matrix = _generate_relative_positions_matrix(length_q, length_k,
            max_relative_position)
        vocab_size = max_relative_position * 2 + 1
        embeddings_table = tf.get_variable("embeddings", [vocab_size, depth])
        return tf.gather(embeddings_table, relative_positions_matrix)
def _relative_attention_inner(x, y, z, transpose):
    batch_size = tf.shape(x)[0]
    heads = x.get_shape().as_list()[1]
    length = tf.shape(x)[2]
    xy_matmul = tf.matmul(x, y, transpose_b=transpose)
    x_t = tf.transpose(x, [2, 0, 1, 3])
    x_t_r = tf.reshape(x_t, [length, heads * batch_size, -1])
    x_tz_matmul = tf.matmul(x_t_r, z, transpose_b=transpose)
    x_tz_matmul_r = tf.reshape(x_tz_matmul, [length, batch_size, heads, -1])
    x_tz_matmul_r_t = tf.transpose(x_tz_matmul_r, [1, 2, 0, 3])
    return xy_matmul + x_tz_matmul_r_t
def dot_product_attention_relative(q, k, v, bias, max_relative_position, name=None):
    with tf.variable_scope(name, default_name="dot_product_attention_relative", values=[q, k, v]):
        depth = k.get_shape().as_list()[3]
        length_k = shape_list(k)[2]
        length_q = shape_list(q)[2]
        relations_keys = _generate_relative_positions_embeddings(
            length_q, length_k, depth, max_relative_position, "relative_positions_keys")
        relations_values = _generate_relative_positions_embeddings(
            length_q, length_k, depth, max_relative_position, "relative_positions_values")
        logits = _relative_attention_inner(q, k, relations_keys, True)
        if bias is not None:
            logits += bias
        weights = tf.nn.softmax(logits, name="attention_weights")
        return _relative_attention_inner(weights, v, relations_values, False)
def attention_bias_lower_triangle(length):
    band = tf.matrix_band_part(tf.ones([length, length]), -1, 0)
    return tf.reshape(-1e9 * (1.0 - band), [1, 1, length, length])
def _relative_position_to_absolute_position_masked(x):
    batch, heads, length, _ = shape_list(x)
    x = tf.pad(x, [[0, 0], [0, 0], [0, 0], [1, 0]])
    x = tf.reshape(x, [batch, heads, 1 + length, length])
    x = tf.slice(x, [0, 0, 1, 0], [-1, -1, -1, -1])
    return x
def dot_product_self_attention_relative_v2(q, k, v, bias, max_length, name=None):
    with tf.variable_scope(name, default_name="dot_product_self_attention_relative_v2",
        values=[q, k, v]):
        length = shape_list(q)[2]
        depth_k = k.get_shape().as_list()[3]
        logits = tf.matmul(q, k, transpose_b=True)
        key_relative_embeddings = tf.get_variable("key_relative_embeddings", [max_length, depth_k])
        start = max_length - length
        rel = tf.slice(key_relative_embeddings, [start, 0], [length, -1])
        rel_logits = tf.einsum("bhld,md->bhlm", q, rel)
        rel_logits = _relative_position_to_absolute_position_masked(rel_logits)
        logits += rel_logits
        if bias is not None:
            logits += bias
        weights = tf.nn.softmax(logits, name="attention_weights")
        return tf.matmul(weights, v)
rng = np.random.RandomState(2)
q = tf.placeholder(tf.float32, [None, 2, None, 4])
k = tf.placeholder(tf.float32, [None, 2, None, 4])
v = tf.placeholder(tf.float32, [None, 2, None, 4])
with tf.variable_scope("body", initializer=tf.random_normal_initializer(stddev=0.5, seed=3)):
    length = tf.shape(q)[2]
    o1 = dot_product_attention_relative(q, k, v, attention_bias_lower_triangle(length), 2)
    o2 = dot_product_self_attention_relative_v2(q, k, v, attention_bias_lower_triangle(length), 6)
loss = tf.reduce_sum(tf.square(o1)) + tf.reduce_sum(o2 * o1)
grads = [tf.convert_to_tensor(g_) for g_ in tf.gradients(loss, [q] + tf.trainable_variables())]
feed = {t: rng.randn(2, 2, 5, 4).astype(np.float32) for t in (q, k, v)}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    r1, r2, g = sess.run([o1, o2, grads], feed)
    pm = sess.run(_generate_relative_positions_matrix(3, 5, 2))
out["o1"] = L(r1[0, 1])
out["o2"] = L(r2[1, 0])
out["g"] = [L(x.sum(0) if x.ndim > 2 else x) for x in g]
out["pm"] = L(pm)
out["vars"] = [v_.name for v_ in tf.trainable_variables()]
out["shapes"] = [str(o1.shape), str(o2.shape)]
""",
    "t2_timing_signal_heads_layer_norm": r"""
import math
def get_timing_signal_1d(length, channels, min_timescale=1.0, max_timescale=1.0e4, start_index=0):
    position = tf.to_float(tf.range(length) + start_index)
    num_timescales = channels // 2
    log_timescale_increment = (math.log(float(max_timescale) / float(min_timescale)) /
                               tf.maximum(tf.to_float(num_timescales) - 1, 1))
    inv_timescales = min_timescale * tf.exp(
        tf.to_float(tf.range(num_timescales)) * -log_timescale_increment)
    scaled_time = tf.expand_dims(position, 1) * tf.expand_dims(inv_timescales, 0)
    signal = tf.concat([tf.sin(scaled_time), tf.cos(scaled_time)], axis=1)
    signal = tf.pad(signal, [[0, 0], [0, tf.mod(channels, 2)]])
    signal = tf.reshape(signal, [1, length, channels])
    return signal
def add_timing_signal_1d(x, min_timescale=1.0, max_timescale=1.0e4, start_index=0):
    length = tf.shape(x)[1]
    channels = x.get_shape().as_list()[2]
    return x + get_timing_signal_1d(length, channels, min_timescale, max_timescale, start_index)
def split_heads(x, num_heads):
    old_shape = x.get_shape().dims
    a, b = old_shape[-2:]
    new_shape = old_shape[:-1] + [num_heads] + [b // num_heads if b else None]
    ret = tf.reshape(x, tf.concat([tf.shape(x)[:-1], [num_heads, -1]], 0))
    ret.set_shape(new_shape)
    return tf.transpose(ret, [0, 2, 1, 3])
def combine_heads(x):
    x = tf.transpose(x, [0, 2, 1, 3])
    old_shape = x.get_shape().dims
    a, b = old_shape[-2:]
    new_shape = old_shape[:-2] + [a * b if a and b else None]
    ret = tf.reshape(x, tf.concat([tf.shape(x)[:-2], [-1]], 0))
    ret.set_shape(new_shape)
    return ret
def embedding_to_padding(emb):
    emb_sum = tf.reduce_sum(tf.abs(emb), axis=-1)
    return tf.to_float(tf.equal(emb_sum, 0.0))
def attention_bias_ignore_padding(memory_padding):
    ret = memory_padding * -1e9
    return tf.expand_dims(tf.expand_dims(ret, axis=1), axis=1)
def layer_norm_compute(x, epsilon, scale, bias):
    epsilon, scale, bias = [tf.cast(t, x.dtype) for t in [epsilon, scale, bias]]
    mean = tf.reduce_mean(x, axis=[-1], keepdims=True)
    variance = tf.reduce_mean(tf.squared_difference(x, mean), axis=[-1], keepdims=True)
    norm_x = (x - mean) * tf.rsqrt(variance + epsilon)
    return norm_x * scale + bias
def layer_norm(x, filters=None, epsilon=1e-6, name=None, reuse=None):
    if filters is None:
        filters = x.get_shape().as_list()[-1]
    with tf.variable_scope(name, default_name="layer_norm", values=[x], reuse=reuse):
        scale = tf.get_variable("layer_norm_scale", [filters], initializer=tf.ones_initializer())
        bias = tf.get_variable("layer_norm_bias", [filters], initializer=tf.zeros_initializer())
        return layer_norm_compute(x, epsilon, scale, bias)
x = tf.placeholder(tf.float32, [None, None, 6])
emb = tf.concat([x[:, :-1], tf.zeros_like(x[:, -1:])], axis=1)
padding = embedding_to_padding(emb)
bias = attention_bias_ignore_padding(padding)
h = add_timing_signal_1d(emb)
qh = split_heads(h, 2)
logits = tf.matmul(qh, qh, transpose_b=True) * (3 ** -0.5) + bias
w = tf.nn.softmax(logits)
ctx = combine_heads(tf.matmul(w, qh))
y = layer_norm(ctx + h)
g = tf.gradients(tf.reduce_sum(y * tf.range(6, dtype=tf.float32)), x)[0]
xs = np.random.RandomState(5).randn(2, 4, 6).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sig, pad, yv, gv = sess.run([get_timing_signal_1d(5, 7), padding, y, g], {x: xs})
out["signal"] = L(sig)
out["padding"] = L(pad)
out["y"] = L(yv)
out["g"] = L(gv)
out["shapes"] = [str(qh.shape), str(ctx.shape), str(bias.shape), str(y.shape)]
""",
    "t2_learning_rate_schedules": r"""
def learning_rate_factor(name, step_num, warmup_steps, hidden_size, constant):
    if name == "constant":
        return constant
    elif name == "linear_warmup":
        return tf.minimum(1.0, step_num / warmup_steps)
    elif name == "rsqrt_decay":
        return tf.rsqrt(tf.maximum(step_num, warmup_steps))
    elif name == "rsqrt_hidden_size":
        return hidden_size ** -0.5
    elif name == "exp_warmup":
        inv_base = tf.exp(tf.log(0.01) / warmup_steps)
        return tf.cond(step_num < warmup_steps, lambda: inv_base ** (warmup_steps - step_num),
                       lambda: 1.0)
    raise ValueError(name)
def learning_rate_schedule(schedule, global_step, warmup_steps=4.0, hidden_size=16, constant=2.0):
    step_num = tf.to_float(global_step)
    names = schedule.split("*")
    names = [name.strip() for name in names if name.strip()]
    ret = tf.constant(1.0)
    for name in names:
        ret *= learning_rate_factor(name, step_num, warmup_steps, hidden_size, constant)
    return ret
def legacy_noam(global_step, warmup_steps=4.0, hidden_size=16):
    step = tf.to_float(global_step) + 1
    return 5000.0 * hidden_size ** -0.5 * tf.minimum(step * warmup_steps ** -1.5,
        step ** -0.5) * 0.0002
global_step = tf.train.get_or_create_global_step()
lr1 = learning_rate_schedule("constant*linear_warmup*rsqrt_decay*rsqrt_hidden_size", global_step)
lr2 = learning_rate_schedule("constant * exp_warmup * rsqrt_decay", global_step)
lr3 = legacy_noam(global_step)
w = tf.Variable([[0.5, -0.3], [0.2, 0.9]], name="w")
x = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
t = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
loss = tf.reduce_mean(tf.squared_difference(tf.matmul(x, w), t))
opt = tf.train.AdamOptimizer(lr3 * 10, beta1=0.9, beta2=0.98, epsilon=1e-9)
train = opt.minimize(loss, global_step=global_step)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(7):
        l1, l2, l3 = sess.run([lr1, lr2, lr3])
        _, l = sess.run([train, loss])
        log.append([float(l1), float(l2), float(l3), float(l)])
    out["w"] = L(sess.run(w))
out["log"] = log
out["names"] = [global_step.name, lr1.name, lr2.name, train.name]
""",
    "t2_label_smoothing_padded_xent": r"""
def smoothing_cross_entropy(logits, labels, vocab_size, confidence, gaussian=False):
    with tf.name_scope("smoothing_cross_entropy", values=[logits, labels]):
        low_confidence = (1.0 - confidence) / tf.to_float(vocab_size - 1)
        normalizing = -(confidence * tf.log(confidence) + tf.to_float(vocab_size - 1) *
                        low_confidence * tf.log(low_confidence + 1e-20))
        if gaussian and confidence > 0.0:
            labels = tf.cast(labels, tf.float32)
            normal_dist = tf.distributions.Normal(loc=labels, scale=confidence)
            soft_targets = normal_dist.prob(tf.cast(tf.range(vocab_size), tf.float32)[:, None,
                None])
            soft_targets = tf.transpose(soft_targets, perm=[1, 2, 0])
        else:
            soft_targets = tf.one_hot(tf.cast(labels, tf.int32), depth=vocab_size,
                                      on_value=confidence, off_value=low_confidence)
        xentropy = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=soft_targets)
        return xentropy - normalizing
def padded_cross_entropy(logits, labels, label_smoothing, gaussian=False, reduce_sum=True):
    confidence = 1.0 - label_smoothing
    vocab_size = tf.shape(logits)[-1]
    with tf.name_scope("padded_cross_entropy", values=[logits, labels]):
        xent = smoothing_cross_entropy(logits, labels, vocab_size, confidence, gaussian=gaussian)
        weights = tf.to_float(tf.not_equal(labels, 0))
        if not reduce_sum:
            return xent * weights, weights
        return tf.reduce_sum(xent * weights), tf.reduce_sum(weights)
rng = np.random.RandomState(9)
logits = tf.Variable(rng.randn(2, 4, 5).astype(np.float32), name="logits")
labels = tf.constant([[3, 1, 4, 0], [2, 2, 0, 0]])
num, den = padded_cross_entropy(logits, labels, 0.1)
numg, deng = padded_cross_entropy(logits, labels, 0.3, gaussian=True)
per, w = padded_cross_entropy(logits, labels, 0.0, reduce_sum=False)
loss = num / den
g = tf.gradients(loss + numg / deng, logits)[0]
step = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = [float(v) for v in sess.run([num, den, numg, deng])]
    out["per"] = L(sess.run(per))
    out["g"] = L(sess.run(g))
    losses = []
    for _ in range(3):
        losses.append(float(sess.run([step, loss])[1]))
    out["losses"] = losses
out["names"] = [num.name, per.name, w.dtype.name, str(per.shape)]
""",
    "t2_musicvae_free_bits_sampling_schedule": r"""
tf.set_random_seed(17)
class HParams(object):
    free_bits, max_beta, beta_rate = 0.5, 0.2, 0.9
    learning_rate, min_learning_rate, decay_rate = 0.01, 0.001, 0.9
    grad_clip, sampling_rate, z_size = 1.0, 3.0, 3
hparams = HParams()
global_step = tf.train.get_or_create_global_step()
x = tf.placeholder(tf.float32, [None, 8])
h = tf.layers.dense(x, 6, tf.nn.tanh, kernel_initializer=tf.glorot_uniform_initializer(seed=1),
    name="encoder")
mu = tf.layers.dense(h, hparams.z_size,
    kernel_initializer=tf.glorot_uniform_initializer(seed=2), name="encoder/mu")
sigma = tf.layers.dense(h, hparams.z_size, activation=tf.nn.softplus,
                        kernel_initializer=tf.glorot_uniform_initializer(seed=3),
                        name="encoder/sigma")
q_z = tf.distributions.Normal(loc=mu, scale=sigma)
z = q_z.sample(seed=4)
p_z = tf.distributions.Normal(loc=[0.] * hparams.z_size, scale=[1.] * hparams.z_size)
kl_div = tf.reduce_sum(tf.distributions.kl_divergence(q_z, p_z), -1)
logits = tf.layers.dense(z, 8, kernel_initializer=tf.glorot_uniform_initializer(seed=5),
    name="decoder")
r_loss = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=logits), -1)
free_nats = hparams.free_bits * tf.math.log(2.0)
kl_cost = tf.maximum(kl_div - free_nats, 0)
beta = ((1.0 - tf.pow(hparams.beta_rate, tf.to_float(global_step))) * hparams.max_beta)
loss = tf.reduce_mean(r_loss) + beta * tf.reduce_mean(kl_cost)
k = tf.constant(hparams.sampling_rate, tf.float32)
sampling_probability = 1.0 - k / (k + tf.exp(tf.to_float(global_step) / k))
lr = ((hparams.learning_rate - hparams.min_learning_rate) *
      tf.pow(hparams.decay_rate, tf.to_float(global_step)) + hparams.min_learning_rate)
optimizer = tf.train.AdamOptimizer(lr)
grads, var_list = list(zip(*optimizer.compute_gradients(loss)))
global_norm = tf.global_norm(grads)
clipped_grads, _ = tf.clip_by_global_norm(grads, hparams.grad_clip, use_norm=global_norm)
train_op = optimizer.apply_gradients(zip(clipped_grads, var_list), global_step=global_step)
xs = (np.random.RandomState(3).rand(6, 8) > 0.5).astype(np.float32)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        b, sp, l, n = sess.run([beta, sampling_probability, lr, global_norm], {x: xs})
        _, lv, kc = sess.run([train_op, loss, tf.reduce_mean(kl_cost)], {x: xs})
        log.append([float(b), float(sp), float(l), float(n), float(lv), float(kc)])
out["log"] = log
out["names"] = [kl_div.name, global_norm.name, train_op.name,
                [v.name for v in var_list]]
""",
}

SONNET = {
    "sn_make_template_sharing": r"""
def linear(x, output_size):
    w = tf.get_variable("w", [x.get_shape()[-1], output_size],
                        initializer=tf.random_normal_initializer(seed=1))
    b = tf.get_variable("b", [output_size], initializer=tf.constant_initializer(0.1))
    return tf.matmul(x, w) + b
lin = tf.make_template("linear", linear, output_size=3)
x1 = tf.constant([[1.0, 2.0]])
x2 = tf.constant([[0.5, -1.0], [2.0, 0.0]])
y1 = lin(x1)
y2 = lin(x2)
now = tf.make_template("made_now", linear, create_scope_now_=True, output_size=2)
with tf.variable_scope("outer"):
    y3 = now(x1)
    lin_in = tf.make_template("linear", linear, output_size=1)
    y4 = lin_in(x2)
def two_layers(x):
    inner = tf.make_template("inner", linear, output_size=2)
    return inner(tf.nn.relu(inner(x) @ tf.ones([2, 2])))
outer = tf.make_template("two", two_layers)
y5 = outer(x1)
y6 = outer(x2)
def scaled(getter, *args, **kwargs):
    return getter(*args, **kwargs) * 2.0
lin2 = tf.make_template("scaled_linear", linear, custom_getter_=scaled, output_size=3)
y7 = lin2(x1)
def bad(x):
    return x * tf.get_variable("v%d" % len(tf.global_variables()), [],
        initializer=tf.ones_initializer())
t_bad = tf.make_template("bad", bad)
t_bad(x1)
out["second_call"] = raises(lambda: t_bad(x1))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["vals"] = [L(v) for v in sess.run([y1, y2, y3, y4, y5, y6, y7])]
out["names"] = [y.name for y in (y1, y2, y3, y4, y5, y6, y7)]
out["vars"] = [v.name for v in tf.global_variables()]
out["template"] = [lin.name, lin.variable_scope.name, now.variable_scope.name,
    lin_in.variable_scope.name,
                   [v.name for v in lin.variables], [v.name for v in outer.trainable_variables],
                   [v.name for v in lin2.global_variables]]
""",
    "sn_module_classes_siamese": r"""
tf.set_random_seed(8)
class AbstractModule(object):
    def __init__(self, name):
        self._template = tf.make_template(name, self._build, create_scope_now_=True)
        self.module_name = self._template.variable_scope.name
        self._connected = 0
    def __call__(self, *args, **kwargs):
        self._connected += 1
        return self._template(*args, **kwargs)
    def get_variables(self, collection=tf.GraphKeys.TRAINABLE_VARIABLES):
        return tf.get_collection(collection, scope=self.module_name + "/")
class Linear(AbstractModule):
    def __init__(self, output_size, name="linear"):
        self._output_size = output_size
        super(Linear, self).__init__(name=name)
    def _build(self, inputs):
        input_size = inputs.get_shape().as_list()[1]
        self.w = tf.get_variable("w", [input_size, self._output_size],
                                 initializer=tf.truncated_normal_initializer(
                                     stddev=1.0 / np.sqrt(input_size)))
        self.b = tf.get_variable("b", [self._output_size], initializer=tf.zeros_initializer())
        return tf.matmul(inputs, self.w) + self.b
class MLP(AbstractModule):
    def __init__(self, sizes, name="mlp"):
        self._sizes = sizes
        super(MLP, self).__init__(name=name)
    def _build(self, inputs):
        self.layers = [Linear(s, name="linear_%d" % i) for i, s in enumerate(self._sizes)]
        h = inputs
        for i, layer in enumerate(self.layers):
            h = layer(h)
            if i < len(self.layers) - 1:
                h = tf.nn.relu(h)
        return h
net = MLP([5, 3])
a = tf.placeholder(tf.float32, [None, 4])
b = tf.placeholder(tf.float32, [None, 4])
same = tf.placeholder(tf.float32, [None])
ea, eb = net(a), net(b)
d = tf.sqrt(tf.reduce_sum(tf.square(ea - eb), 1) + 1e-6)
loss = tf.reduce_mean(same * tf.square(d) + (1 - same) * tf.square(tf.maximum(1.0 - d, 0)))
train = tf.train.AdamOptimizer(0.05).minimize(loss)
rng = np.random.RandomState(4)
xa, xb = rng.randn(6, 4).astype(np.float32), rng.randn(6, 4).astype(np.float32)
ys = np.array([1, 0, 1, 0, 0, 1], np.float32)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        log.append(float(sess.run([train, loss], {a: xa, b: xb, same: ys})[1]))
    out["emb"] = L(sess.run(ea, {a: xa[:2]}))
out["log"] = log
out["module"] = [net.module_name, net._connected, [v.name for v in net.get_variables()],
                 ea.name, eb.name]
""",
}

SPEECH = {
    "sp_ctc_lstm_sparse_placeholder": r"""
tf.set_random_seed(12)
num_features, num_hidden, num_classes = 5, 6, 5
def sparse_tuple_from(sequences, dtype=np.int32):
    indices = []
    values = []
    for n, seq in enumerate(sequences):
        indices.extend(zip([n] * len(seq), range(len(seq))))
        values.extend(seq)
    indices = np.asarray(indices, dtype=np.int64)
    values = np.asarray(values, dtype=dtype)
    shape = np.asarray([len(sequences), np.asarray(indices).max(0)[1] + 1], dtype=np.int64)
    return indices, values, shape
rng = np.random.RandomState(6)
train_inputs = rng.randn(3, 7, num_features).astype(np.float32)
train_inputs = (train_inputs - np.mean(train_inputs)) / np.std(train_inputs)
train_targets = sparse_tuple_from([[1, 2, 2, 3], [3, 1], [0, 3, 2]])
train_seq_len = [7, 5, 6]
inputs = tf.placeholder(tf.float32, [None, None, num_features])
targets = tf.sparse_placeholder(tf.int32)
seq_len = tf.placeholder(tf.int32, [None])
cell = tf.nn.rnn_cell.LSTMCell(num_hidden, state_is_tuple=True)
stack = tf.nn.rnn_cell.MultiRNNCell([cell], state_is_tuple=True)
outputs, _ = tf.nn.dynamic_rnn(stack, inputs, seq_len, dtype=tf.float32)
shape = tf.shape(inputs)
batch_s, max_timesteps = shape[0], shape[1]
outputs = tf.reshape(outputs, [-1, num_hidden])
W = tf.Variable(tf.truncated_normal([num_hidden, num_classes], stddev=0.1))
b = tf.Variable(tf.constant(0., shape=[num_classes]))
logits = tf.matmul(outputs, W) + b
logits = tf.reshape(logits, [batch_s, -1, num_classes])
logits = tf.transpose(logits, (1, 0, 2))
loss = tf.nn.ctc_loss(targets, logits, seq_len)
cost = tf.reduce_mean(loss)
optimizer = tf.train.MomentumOptimizer(0.05, 0.9).minimize(cost)
decoded, log_prob = tf.nn.ctc_greedy_decoder(logits, seq_len)
ler = tf.reduce_mean(tf.edit_distance(tf.cast(decoded[0], tf.int32), targets))
feed = {inputs: train_inputs, targets: train_targets, seq_len: train_seq_len}
log = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for curr_epoch in range(4):
        batch_cost, _ = sess.run([cost, optimizer], feed)
        log.append([float(batch_cost), float(sess.run(ler, feed_dict=feed))])
    d, lp, per = sess.run([decoded[0], log_prob, loss], feed_dict=feed)
out["log"] = log
out["decoded"] = [L(d.indices), L(d.values), L(d.dense_shape)]
out["log_prob"] = L(lp)
out["per"] = L(per)
out["types"] = [type(d).__name__, str(log_prob.shape), str(loss.shape),
    decoded[0].values.dtype.name]
""",
    "sp_ctc_decoders_and_options": r"""
rng = np.random.RandomState(13)
logits_np = rng.randn(6, 2, 4).astype(np.float32) * 2
logits = tf.constant(logits_np)
seq_len = tf.constant([6, 4])
greedy, greedy_lp = tf.nn.ctc_greedy_decoder(logits, seq_len, merge_repeated=True)
greedy_nm, _ = tf.nn.ctc_greedy_decoder(logits, seq_len, merge_repeated=False)
beam, beam_lp = tf.nn.ctc_beam_search_decoder(logits, seq_len, beam_width=5, top_paths=3)
beam_m, beam_m_lp = tf.nn.ctc_beam_search_decoder(logits, seq_len, beam_width=3, top_paths=1,
                                                  merge_repeated=True)
dense = [tf.sparse_tensor_to_dense(d, default_value=-1) for d in beam]
labels = tf.SparseTensor(indices=[[0, 0], [0, 1], [0, 2], [1, 0]], values=[1, 1, 2, 0],
                         dense_shape=[2, 3])
lv = tf.Variable(logits_np)
l_plain = tf.nn.ctc_loss(labels, lv, seq_len)
l_collapse = tf.nn.ctc_loss(labels, lv, seq_len, preprocess_collapse_repeated=True)
l_nomerge = tf.nn.ctc_loss(labels, lv, seq_len, ctc_merge_repeated=False)
batch_major = tf.nn.ctc_loss(labels, tf.transpose(lv, [1, 0, 2]), seq_len, time_major=False)
long_labels = tf.SparseTensor(indices=[[0, i] for i in range(6)] + [[1, 0]],
                              values=[1, 2, 1, 2, 1, 2, 0], dense_shape=[2, 6])
l_ignore = tf.nn.ctc_loss(long_labels, lv, seq_len, ignore_longer_outputs_than_inputs=True)
g = tf.gradients(tf.reduce_sum(l_plain) + tf.reduce_sum(l_collapse), lv)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    r = sess.run({"greedy": greedy[0], "greedy_lp": greedy_lp, "greedy_nm": greedy_nm[0],
                  "dense": dense, "beam_lp": beam_lp, "beam_m": beam_m[0], "beam_m_lp": beam_m_lp,
                  "losses": [l_plain, l_collapse, l_nomerge, batch_major, l_ignore], "g": g})
out["greedy"] = [L(r["greedy"].indices), L(r["greedy"].values), L(r["greedy_lp"]),
    L(r["greedy_nm"].values)]
out["beam"] = [L(x) for x in r["dense"]] + [L(r["beam_lp"]), L(r["beam_m"].values),
    L(r["beam_m_lp"])]
out["losses"] = [L(x) for x in r["losses"]]
out["g"] = L(r["g"])
out["shapes"] = [str(beam_lp.shape), str(greedy_lp.shape), str(dense[0].shape), len(beam)]
""",
    "sp_stft_log_mel_mfccs": r"""
sample_rate = 8000.0
rng = np.random.RandomState(14)
t = np.arange(600) / sample_rate
audio = (np.sin(2 * np.pi * 440 * t) + 0.5 * np.sin(2 * np.pi * 1250 * t)
         + 0.1 * rng.randn(600)).astype(np.float32)
signals = tf.placeholder(tf.float32, [None, None])
stfts = tf.signal.stft(signals, frame_length=128, frame_step=64, fft_length=128)
spectrograms = tf.abs(stfts)
num_spectrogram_bins = stfts.shape[-1].value
lower_edge_hertz, upper_edge_hertz, num_mel_bins = 80.0, 3800.0, 12
linear_to_mel_weight_matrix = tf.signal.linear_to_mel_weight_matrix(
    num_mel_bins, num_spectrogram_bins, sample_rate, lower_edge_hertz, upper_edge_hertz)
mel_spectrograms = tf.tensordot(spectrograms, linear_to_mel_weight_matrix, 1)
mel_spectrograms.set_shape(
    spectrograms.shape[:-1].concatenate(linear_to_mel_weight_matrix.shape[-1:]))
log_mel_spectrograms = tf.log(mel_spectrograms + 1e-6)
mfccs = tf.signal.mfccs_from_log_mel_spectrograms(log_mel_spectrograms)[..., :6]
power = tf.square(spectrograms)
db = 10.0 * tf.log(tf.maximum(power, 1e-10)) / tf.log(10.0)
with tf.Session() as sess:
    r = sess.run([spectrograms, linear_to_mel_weight_matrix, log_mel_spectrograms, mfccs, db],
                 {signals: np.stack([audio, audio[::-1]])})
out["spec"] = L(r[0][0, 2, ::8])
out["mel_matrix"] = L(r[1][::6])
out["log_mel"] = L(r[2][:, 3])
out["mfccs"] = L(r[3][1])
out["db_max"] = float(r[4].max())
out["shapes"] = [str(stfts.shape), stfts.dtype.name, str(mel_spectrograms.shape), str(mfccs.shape),
                 num_spectrogram_bins]
""",
    "sp_frames_overlap_add_spectral_loss": r"""
rng = np.random.RandomState(15)
x_np = rng.randn(1, 256).astype(np.float32)
target_np = rng.randn(1, 256).astype(np.float32)
x = tf.Variable(x_np, name="x")
target = tf.constant(target_np)
frames = tf.signal.frame(x, frame_length=64, frame_step=32)
window = tf.signal.hann_window(64, periodic=True)
ola = tf.signal.overlap_and_add(frames * window, frame_step=32)
stft = tf.signal.stft(x, 64, 16)
recon = tf.signal.inverse_stft(stft, 64, 16, window_fn=tf.signal.inverse_stft_window_fn(16))
def spectral_loss(a, b, sizes=(64, 32)):
    total = 0.0
    for n in sizes:
        sa = tf.abs(tf.signal.stft(a, n, n // 4))
        sb = tf.abs(tf.signal.stft(b, n, n // 4))
        total += tf.reduce_mean(tf.abs(sa - sb)) + tf.reduce_mean(
            tf.abs(tf.log(sa + 1e-7) - tf.log(sb + 1e-7)))
    return total
loss = spectral_loss(x, target)
train = tf.train.AdamOptimizer(0.01).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    f, o, rc = sess.run([frames, ola, recon])
    losses = [float(sess.run([train, loss])[1]) for _ in range(3)]
out["frames"] = [list(f.shape), L(f[0, 1, :4])]
out["ola"] = L(o[0, 60:70])
out["recon_err"] = float(np.abs(rc[0, 64:-64] - x_np[0, 64:-64]).max() < 1e-4)
out["losses"] = losses
out["shapes"] = [str(frames.shape), str(ola.shape), str(stft.shape), str(recon.shape)]
""",
    "sp_deepspeech_context_clipped_relu": r"""
tf.set_random_seed(16)
n_input, n_context, n_hidden, n_character = 3, 2, 8, 5
relu_clip = 2.0
def create_overlapping_windows(batch_x):
    batch_size = tf.shape(input=batch_x)[0]
    window_width = 2 * n_context + 1
    num_channels = n_input
    eye_filter = tf.constant(np.eye(window_width * num_channels).reshape(
        window_width, num_channels, window_width * num_channels), tf.float32)
    batch_x = tf.nn.conv1d(input=batch_x, filters=eye_filter, stride=1, padding='SAME')
    batch_x = tf.reshape(batch_x, [batch_size, -1, window_width, num_channels])
    return batch_x
def dense(name, x, units, relu=True):
    with tf.variable_scope(name):
        bias = tf.get_variable(name='bias', shape=[units], initializer=tf.zeros_initializer())
        weights = tf.get_variable(name='weights', shape=[x.shape[-1], units],
                                  initializer=tf.glorot_uniform_initializer())
    output = tf.nn.bias_add(tf.matmul(x, weights), bias)
    if relu:
        output = tf.minimum(tf.nn.relu(output), relu_clip)
    return output
batch_x = tf.placeholder(tf.float32, [None, None, n_input])
seq_length = tf.placeholder(tf.int32, [None])
batch_size = tf.shape(input=batch_x)[0]
windows = create_overlapping_windows(batch_x)
x = tf.transpose(a=windows, perm=[1, 0, 2, 3])
x = tf.reshape(x, [-1, n_input + 2 * n_input * n_context])
layer_1 = dense('layer_1', x, n_hidden)
layer_2 = dense('layer_2', layer_1, n_hidden)
layer_2 = tf.reshape(layer_2, [-1, batch_size, n_hidden])
cell = tf.nn.rnn_cell.LSTMCell(n_hidden, forget_bias=0, name='cudnn_compatible_lstm_cell')
output, output_state = tf.nn.dynamic_rnn(cell, layer_2, sequence_length=seq_length,
                                         time_major=True, dtype=tf.float32)
output = tf.reshape(output, [-1, n_hidden])
layer_6 = dense('layer_6', output, n_character, relu=False)
logits = tf.reshape(layer_6, [-1, batch_size, n_character], name='raw_logits')
labels = tf.sparse_placeholder(tf.int32)
total_loss = tf.nn.ctc_loss(labels=labels, inputs=logits, sequence_length=seq_length,
                            ignore_longer_outputs_than_inputs=True)
avg_loss = tf.reduce_mean(input_tensor=total_loss)
opt = tf.train.AdamOptimizer(learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8)
train = opt.minimize(avg_loss)
rng = np.random.RandomState(17)
xs = rng.randn(2, 6, n_input).astype(np.float32)
lab = tf.SparseTensorValue(indices=[[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]], values=[1, 3, 2, 2, 0],
                           dense_shape=[2, 3])
feed = {batch_x: xs, seq_length: [6, 5], labels: lab}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    w = sess.run(windows, {batch_x: xs})
    log = [float(sess.run([train, avg_loss], feed)[1]) for _ in range(4)]
    out["loss_each"] = L(sess.run(total_loss, feed))
out["windows"] = L(w[0, 0])
out["log"] = log
out["shapes"] = [str(windows.shape), str(logits.shape), logits.name, str(total_loss.shape)]
""",
}

BAYES = {
    "by_bayes_by_backprop": r"""
tf.set_random_seed(18)
import math
pi, s1, s2 = 0.5, 1.0, math.exp(-3)
def log_mixture_prior(w):
    p1 = tf.distributions.Normal(0.0, s1).prob(w)
    p2 = tf.distributions.Normal(0.0, s2).prob(w)
    return tf.reduce_sum(tf.log(pi * p1 + (1 - pi) * p2))
class BayesDense(object):
    def __init__(self, n_in, n_out, name):
        with tf.variable_scope(name):
            self.w_mu = tf.get_variable("w_mu", [n_in, n_out],
                initializer=tf.random_normal_initializer(0, 0.1, seed=1))
            self.w_rho = tf.get_variable("w_rho", [n_in, n_out],
                initializer=tf.constant_initializer(-3.0))
            self.b_mu = tf.get_variable("b_mu", [n_out], initializer=tf.zeros_initializer())
            self.b_rho = tf.get_variable("b_rho", [n_out],
                initializer=tf.constant_initializer(-3.0))
    def __call__(self, x):
        w_sigma = tf.log1p(tf.exp(self.w_rho))
        b_sigma = tf.nn.softplus(self.b_rho)
        w = self.w_mu + w_sigma * tf.random_normal(tf.shape(self.w_mu))
        b = self.b_mu + b_sigma * tf.random_normal(tf.shape(self.b_mu))
        q = tf.distributions.Normal(self.w_mu, w_sigma)
        qb = tf.distributions.Normal(self.b_mu, b_sigma)
        self.kl = (tf.reduce_sum(q.log_prob(w)) + tf.reduce_sum(qb.log_prob(b))
                   - log_mixture_prior(w) - log_mixture_prior(b))
        return tf.matmul(x, w) + b
x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
l1 = BayesDense(2, 5, "l1")
l2 = BayesDense(5, 1, "l2")
pred = l2(tf.nn.relu(l1(x)))
num_batches = 4.0
nll = -tf.reduce_sum(tf.distributions.Normal(pred, 0.1).log_prob(y))
kl = l1.kl + l2.kl
loss = kl / num_batches + nll
train = tf.train.AdamOptimizer(0.01).minimize(loss)
rng = np.random.RandomState(19)
xs = rng.randn(8, 2).astype(np.float32)
ys = (xs[:, :1] * 0.7 - xs[:, 1:] * 0.2).astype(np.float32)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        _, lv, kv = sess.run([train, loss, kl], {x: xs, y: ys})
        log.append([float(lv), float(kv)])
    samples = np.stack([sess.run(pred, {x: xs[:3]}) for _ in range(3)])
out["log"] = log
out["pred_mean"] = L(samples.mean(0))
out["pred_std"] = L(samples.std(0))
out["vars"] = [v.name for v in tf.trainable_variables()]
""",
    "by_gumbel_softmax_vae": r"""
tf.set_random_seed(20)
def sample_gumbel(shape, eps=1e-20):
    U = tf.random_uniform(shape, minval=0, maxval=1)
    return -tf.log(-tf.log(U + eps) + eps)
def gumbel_softmax_sample(logits, temperature):
    y = logits + sample_gumbel(tf.shape(logits))
    return tf.nn.softmax(y / temperature)
def gumbel_softmax(logits, temperature, hard=False):
    y = gumbel_softmax_sample(logits, temperature)
    if hard:
        y_hard = tf.cast(tf.equal(y, tf.reduce_max(y, 1, keep_dims=True)), y.dtype)
        y = tf.stop_gradient(y_hard - y) + y
    return y
K, N = 4, 3
x = tf.placeholder(tf.float32, [None, 784])
net = tf.layers.dense(x, 16, tf.nn.relu)
logits_y = tf.reshape(tf.layers.dense(net, K * N), [-1, K])
tau = tf.Variable(5.0, name="temperature", trainable=False)
y = tf.reshape(gumbel_softmax(logits_y, tau, hard=False), [-1, N, K])
y_hard = gumbel_softmax(logits_y, tau, hard=True)
net = tf.layers.flatten(y)
net = tf.layers.dense(net, 16, tf.nn.relu)
logits_x = tf.layers.dense(net, 784)
p_x = tf.distributions.Bernoulli(logits=logits_x)
q_y = tf.nn.softmax(logits_y)
log_q_y = tf.log(q_y + 1e-20)
kl_tmp = tf.reshape(q_y * (log_q_y - tf.log(1.0 / K)), [-1, N, K])
KL = tf.reduce_sum(kl_tmp, [1, 2])
elbo = tf.reduce_sum(p_x.log_prob(x), 1) - KL
loss = tf.reduce_mean(-elbo)
lr = tf.constant(0.001)
train_op = tf.train.AdamOptimizer(learning_rate=lr).minimize(loss)
g_hard = tf.gradients(tf.reduce_sum(y_hard * tf.range(K, dtype=tf.float32)), logits_y)[0]
xs, _ = mnist(8, seed=36)
xs = (xs > 0.5).astype(np.float32)
ANNEAL_RATE, MIN_TEMP = 0.3, 0.5
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(1, 5):
        _, np_loss = sess.run([train_op, loss], {x: xs})
        if i % 2 == 0:
            sess.run(tau.assign(np.maximum(5.0 * np.exp(-ANNEAL_RATE * i), MIN_TEMP)))
        log.append([float(np_loss), float(sess.run(tau))])
    yh, gh = sess.run([y_hard, g_hard], {x: xs[:2]})
out["log"] = log
out["y_hard"] = L(yh)
out["g_hard"] = L(gh)
out["shapes"] = [str(y.shape), str(logits_x.shape), str(elbo.shape), p_x.dtype.name]
""",
    "by_distributions_api": r"""
tf.set_random_seed(22)
n = tf.distributions.Normal(loc=[0.0, 1.0], scale=[1.0, 0.5])
b = tf.distributions.Bernoulli(probs=[0.2, 0.7])
c = tf.distributions.Categorical(logits=[[1.0, 2.0, 0.5], [0.0, 0.0, 3.0]])
be = tf.distributions.Beta(2.0, 3.0)
u = tf.distributions.Uniform(low=-1.0, high=[1.0, 2.0])
m = tf.distributions.Multinomial(total_count=4.0, probs=[0.2, 0.3, 0.5])
d = tf.distributions.Dirichlet([1.0, 2.0, 3.0])
vals = {
    "n_lp": n.log_prob([0.5, 0.5]), "n_cdf": n.cdf(0.3), "n_ent": n.entropy(),
    "n_sample": n.sample(3, seed=1), "b_lp": b.log_prob([1, 0]), "b_mean": b.mean(),
    "b_ent": b.entropy(), "c_lp": c.log_prob([1, 2]), "c_ent": c.entropy(),
    "c_probs": c.probs_parameter() if hasattr(c, "probs_parameter") else c.probs,
    "be_lp": be.log_prob(0.3), "be_mean": be.mean(), "be_var": be.variance(),
    "u_lp": u.log_prob(0.5), "u_ent": u.entropy(), "m_lp": m.log_prob([1.0, 1.0, 2.0]),
    "d_lp": d.log_prob([0.2, 0.3, 0.5]), "d_mean": d.mean(),
    "kl_nn": tf.distributions.kl_divergence(n, tf.distributions.Normal(0.0, 2.0)),
    "kl_bb": tf.distributions.kl_divergence(b, tf.distributions.Bernoulli(probs=0.5)),
    "kl_cc": tf.distributions.kl_divergence(c, tf.distributions.Categorical(logits=[0.0, 0.0,
        0.0])),
    "c_sample": c.sample(4, seed=2), "b_sample": b.sample(5, seed=3),
}
with tf.Session() as sess:
    r = sess.run(vals)
out["vals"] = {k: L(v) for k, v in r.items()}
out["meta"] = [str(n.batch_shape), str(n.event_shape), str(c.batch_shape), str(m.event_shape),
               str(n.reparameterization_type), str(b.reparameterization_type), n.name, c.dtype.name,
               b.dtype.name, str(vals["n_sample"].shape), vals["c_sample"].dtype.name]
""",
    "by_mc_dropout_local_reparam": r"""
tf.set_random_seed(23)
x = tf.placeholder(tf.float32, [None, 3])
training = tf.placeholder_with_default(False, [])
h = tf.layers.dense(x, 8, tf.nn.relu, name="h")
h = tf.layers.dropout(h, rate=0.3, training=training, seed=5)
y = tf.layers.dense(h, 1, name="y")
w_mu = tf.Variable(tf.random_normal([3, 2], stddev=0.3, seed=6))
w_logvar = tf.Variable(tf.fill([3, 2], -4.0))
mean = tf.matmul(x, w_mu)
var = tf.matmul(tf.square(x), tf.exp(w_logvar))
eps = tf.random_normal(tf.shape(mean), seed=7)
lr_out = mean + tf.sqrt(var + 1e-8) * eps
u = tf.random_uniform(tf.shape(mean), seed=8)
temperature = 0.5
concrete = tf.sigmoid((tf.log(u) - tf.log(1 - u) + mean) / temperature)
kl = 0.5 * tf.reduce_sum(tf.exp(w_logvar) + tf.square(w_mu) - 1.0 - w_logvar)
g = tf.gradients(tf.reduce_sum(lr_out) + tf.reduce_sum(concrete) + kl, [w_mu, w_logvar])
xs = np.random.RandomState(24).randn(4, 3).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    det = sess.run(y, {x: xs})
    mc = np.stack([sess.run(y, {x: xs, training: True}) for _ in range(5)])
    r = sess.run([lr_out, concrete, kl] + g, {x: xs})
out["det"] = L(det)
out["mc_mean"] = L(mc.mean(0))
out["mc_std"] = L(mc.std(0))
out["r"] = [L(v) for v in r]
""",
}

CAPSULES = {
    "cp_ageron_capsnet_two_rounds": r"""
tf.set_random_seed(25)
caps1_n_caps, caps1_n_dims, caps2_n_caps, caps2_n_dims = 8, 4, 3, 5
X = tf.placeholder(shape=[None, 8, 8, 1], dtype=tf.float32, name="X")
conv1 = tf.layers.conv2d(X, filters=4, kernel_size=3, strides=1, padding="valid",
    activation=tf.nn.relu, name="conv1")
conv2 = tf.layers.conv2d(conv1, filters=8, kernel_size=3, strides=2, padding="valid",
    activation=tf.nn.relu, name="conv2")
caps1_raw = tf.reshape(conv2, [-1, caps1_n_caps, caps1_n_dims], name="caps1_raw")
def squash(s, axis=-1, epsilon=1e-7, name=None):
    with tf.name_scope(name, default_name="squash"):
        squared_norm = tf.reduce_sum(tf.square(s), axis=axis, keep_dims=True)
        safe_norm = tf.sqrt(squared_norm + epsilon)
        squash_factor = squared_norm / (1. + squared_norm)
        unit_vector = s / safe_norm
        return squash_factor * unit_vector
def safe_norm(s, axis=-1, epsilon=1e-7, keep_dims=False, name=None):
    with tf.name_scope(name, default_name="safe_norm"):
        squared_norm = tf.reduce_sum(tf.square(s), axis=axis, keep_dims=keep_dims)
        return tf.sqrt(squared_norm + epsilon)
caps1_output = squash(caps1_raw, name="caps1_output")
init_sigma = 0.1
W_init = tf.random_normal(shape=(1, caps1_n_caps, caps2_n_caps, caps2_n_dims, caps1_n_dims),
                          stddev=init_sigma, dtype=tf.float32, name="W_init")
W = tf.Variable(W_init, name="W")
batch_size = tf.shape(X)[0]
W_tiled = tf.tile(W, [batch_size, 1, 1, 1, 1], name="W_tiled")
caps1_output_expanded = tf.expand_dims(caps1_output, -1, name="caps1_output_expanded")
caps1_output_tile = tf.expand_dims(caps1_output_expanded, 2, name="caps1_output_tile")
caps1_output_tiled = tf.tile(caps1_output_tile, [1, 1, caps2_n_caps, 1, 1],
    name="caps1_output_tiled")
caps2_predicted = tf.matmul(W_tiled, caps1_output_tiled, name="caps2_predicted")
raw_weights = tf.zeros([batch_size, caps1_n_caps, caps2_n_caps, 1, 1], dtype=np.float32,
    name="raw_weights")
routing_weights = tf.nn.softmax(raw_weights, dim=2, name="routing_weights")
weighted_predictions = tf.multiply(routing_weights, caps2_predicted, name="weighted_predictions")
weighted_sum = tf.reduce_sum(weighted_predictions, axis=1, keep_dims=True, name="weighted_sum")
caps2_output_round_1 = squash(weighted_sum, axis=-2, name="caps2_output_round_1")
caps2_output_round_1_tiled = tf.tile(caps2_output_round_1, [1, caps1_n_caps, 1, 1, 1],
    name="caps2_output_round_1_tiled")
agreement = tf.matmul(caps2_predicted, caps2_output_round_1_tiled, transpose_a=True,
    name="agreement")
raw_weights_round_2 = tf.add(raw_weights, agreement, name="raw_weights_round_2")
routing_weights_round_2 = tf.nn.softmax(raw_weights_round_2, dim=2, name="routing_weights_round_2")
weighted_predictions_round_2 = tf.multiply(routing_weights_round_2, caps2_predicted)
weighted_sum_round_2 = tf.reduce_sum(weighted_predictions_round_2, axis=1, keep_dims=True)
caps2_output_round_2 = squash(weighted_sum_round_2, axis=-2, name="caps2_output_round_2")
caps2_output = caps2_output_round_2
y_proba = safe_norm(caps2_output, axis=-2, name="y_proba")
y_proba_argmax = tf.argmax(y_proba, axis=2, name="y_proba")
y_pred = tf.squeeze(y_proba_argmax, axis=[1, 2], name="y_pred")
y = tf.placeholder(shape=[None], dtype=tf.int64, name="y")
m_plus, m_minus, lambda_ = 0.9, 0.1, 0.5
T = tf.one_hot(y, depth=caps2_n_caps, name="T")
caps2_output_norm = safe_norm(caps2_output, axis=-2, keep_dims=True, name="caps2_output_norm")
present_error = tf.reshape(tf.square(tf.maximum(0., m_plus - caps2_output_norm)), shape=(-1, 3))
absent_error = tf.reshape(tf.square(tf.maximum(0., caps2_output_norm - m_minus)), shape=(-1, 3))
L_ = tf.add(T * present_error, lambda_ * (1.0 - T) * absent_error, name="L")
margin_loss = tf.reduce_mean(tf.reduce_sum(L_, axis=1), name="margin_loss")
mask_with_labels = tf.placeholder_with_default(False, shape=(), name="mask_with_labels")
reconstruction_targets = tf.cond(mask_with_labels, lambda: y, lambda: y_pred,
    name="reconstruction_targets")
reconstruction_mask = tf.one_hot(reconstruction_targets, depth=caps2_n_caps,
    name="reconstruction_mask")
reconstruction_mask_reshaped = tf.reshape(reconstruction_mask, [-1, 1, caps2_n_caps, 1, 1])
caps2_output_masked = tf.multiply(caps2_output, reconstruction_mask_reshaped,
    name="caps2_output_masked")
decoder_input = tf.reshape(caps2_output_masked, [-1, caps2_n_caps * caps2_n_dims])
decoder_output = tf.layers.dense(decoder_input, 64, activation=tf.nn.sigmoid, name="decoder_output")
X_flat = tf.reshape(X, [-1, 64])
reconstruction_loss = tf.reduce_mean(tf.reduce_sum(tf.square(X_flat - decoder_output), axis=1))
loss = tf.add(margin_loss, 0.0005 * reconstruction_loss, name="loss")
correct = tf.equal(y, y_pred, name="correct")
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")
training_op = tf.train.AdamOptimizer().minimize(loss, name="training_op")
rng = np.random.RandomState(26)
xs = rng.rand(4, 8, 8, 1).astype(np.float32)
ys = np.array([0, 2, 1, 2])
log = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for i in range(3):
        _, lv = sess.run([training_op, loss], {X: xs, y: ys, mask_with_labels: True})
        log.append(float(lv))
    r = sess.run([y_proba, y_pred, accuracy, routing_weights_round_2], {X: xs, y: ys})
out["log"] = log
out["y_proba"] = L(r[0].reshape(4, 3))
out["y_pred"] = L(r[1])
out["acc"] = float(r[2])
out["routing"] = L(r[3][0, :, :, 0, 0])
out["shapes"] = [str(caps2_predicted.shape), str(agreement.shape), str(y_proba.shape),
    str(y_pred.shape)]
""",
    "cp_routing_while_loop_stop_gradient": r"""
tf.set_random_seed(27)
def squash(s, axis=-2, eps=1e-9):
    n2 = tf.reduce_sum(tf.square(s), axis, keep_dims=True)
    return n2 / (1 + n2) / tf.sqrt(n2 + eps) * s
def routing(u_hat, iters=3):
    u_hat_stopped = tf.stop_gradient(u_hat, name='stop_gradient')
    b_ij = tf.zeros_like(u_hat[:, :, :, :1, :1])
    def body(i, b_ij, v_j):
        c_ij = tf.nn.softmax(b_ij, axis=2)
        last = tf.equal(i, iters - 1)
        u = tf.cond(last, lambda: u_hat, lambda: u_hat_stopped)
        s_j = tf.reduce_sum(c_ij * u, axis=1, keep_dims=True)
        v_j = squash(s_j)
        v_tiled = tf.tile(v_j, [1, tf.shape(u_hat)[1], 1, 1, 1])
        b_ij = b_ij + tf.matmul(u_hat_stopped, v_tiled, transpose_a=True)
        return i + 1, b_ij, v_j
    v0 = tf.zeros_like(u_hat[:, :1])
    _, b_ij, v_j = tf.while_loop(lambda i, *_: i < iters, body, [tf.constant(0), b_ij, v0])
    return v_j, b_ij
x = tf.placeholder(tf.float32, [None, 6, 4])
W = tf.get_variable("W", [1, 6, 3, 5, 4], initializer=tf.random_normal_initializer(stddev=0.3,
    seed=2))
u = tf.tile(tf.expand_dims(tf.expand_dims(x, -1), 2), [1, 1, 3, 1, 1])
u_hat = tf.matmul(tf.tile(W, [tf.shape(x)[0], 1, 1, 1, 1]), u)
v, b = routing(u_hat)
lengths = tf.sqrt(tf.reduce_sum(tf.square(v), [1, 3, 4]) + 1e-9)
labels = tf.placeholder(tf.int32, [None])
T = tf.one_hot(labels, 3)
loss = tf.reduce_mean(tf.reduce_sum(T * tf.square(tf.maximum(0., 0.9 - lengths)) +
                                    0.5 * (1 - T) * tf.square(tf.maximum(0., lengths - 0.1)), 1))
gW = tf.gradients(loss, W)[0]
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
xs = np.random.RandomState(28).randn(3, 6, 4).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    r = sess.run([v, b, lengths, gW], {x: xs, labels: [0, 1, 2]})
    log = [float(sess.run([train, loss], {x: xs, labels: [0, 1, 2]})[1]) for _ in range(3)]
out["v"] = L(r[0][0, 0, :, :, 0])
out["b"] = L(r[1][1, :, :, 0, 0])
out["lengths"] = L(r[2])
out["gW"] = L(r[3][0, 0])
out["log"] = log
out["shapes"] = [str(v.shape), str(b.shape), str(lengths.shape)]
""",
}

PENALTIES = {
    "gp_wgan_gp_conv_critic": r"""
tf.set_random_seed(29)
def lrelu(x, leak=0.2):
    return tf.maximum(leak * x, x)
def Generator(n_samples, noise=None):
    with tf.variable_scope("Generator", reuse=tf.AUTO_REUSE):
        if noise is None:
            noise = tf.random_normal([n_samples, 4])
        output = tf.layers.dense(noise, 2 * 2 * 4, name="Generator.Input")
        output = tf.nn.relu(output)
        output = tf.reshape(output, [-1, 2, 2, 4])
        output = tf.layers.conv2d_transpose(output, 2, 3, strides=2, padding="same",
            name="Generator.2")
        output = tf.nn.relu(output)
        output = tf.layers.conv2d_transpose(output, 1, 3, strides=2, padding="same",
            name="Generator.3")
        return tf.reshape(tf.nn.sigmoid(output), [-1, 64])
def Discriminator(inputs):
    with tf.variable_scope("Discriminator", reuse=tf.AUTO_REUSE):
        output = tf.reshape(inputs, [-1, 8, 8, 1])
        output = lrelu(tf.layers.conv2d(output, 4, 3, strides=2, padding="same",
            name="Discriminator.1"))
        output = lrelu(tf.layers.conv2d(output, 8, 3, strides=2, padding="same",
            name="Discriminator.2"))
        output = tf.reshape(output, [-1, 2 * 2 * 8])
        return tf.reshape(tf.layers.dense(output, 1, name="Discriminator.Output"), [-1])
BATCH_SIZE, LAMBDA = 4, 10
real_data = tf.placeholder(tf.float32, shape=[BATCH_SIZE, 64])
fake_data = Generator(BATCH_SIZE)
disc_real = Discriminator(real_data)
disc_fake = Discriminator(fake_data)
gen_params = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="Generator")
disc_params = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="Discriminator")
gen_cost = -tf.reduce_mean(disc_fake)
disc_cost = tf.reduce_mean(disc_fake) - tf.reduce_mean(disc_real)
alpha = tf.random_uniform(shape=[BATCH_SIZE, 1], minval=0., maxval=1.)
differences = fake_data - real_data
interpolates = real_data + (alpha * differences)
gradients = tf.gradients(Discriminator(interpolates), [interpolates])[0]
slopes = tf.sqrt(tf.reduce_sum(tf.square(gradients), reduction_indices=[1]))
gradient_penalty = tf.reduce_mean((slopes - 1.) ** 2)
disc_cost += LAMBDA * gradient_penalty
# GATE_GRAPH (igul222 keeps the default, GATE_OP): otherwise TF's executor may apply one
# variable's update in place before another's gradient has read it, and two TF runs differ.
gen_train_op = tf.train.AdamOptimizer(learning_rate=1e-3, beta1=0.5, beta2=0.9).minimize(
    gen_cost, var_list=gen_params, gate_gradients=tf.train.Optimizer.GATE_GRAPH)
disc_train_op = tf.train.AdamOptimizer(learning_rate=1e-3, beta1=0.5, beta2=0.9).minimize(
    disc_cost, var_list=disc_params, gate_gradients=tf.train.Optimizer.GATE_GRAPH)
rng = np.random.RandomState(30)
data = (rng.rand(BATCH_SIZE, 64) > 0.5).astype(np.float32)
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for iteration in range(3):
        if iteration > 0:
            sess.run(gen_train_op)
        for i in range(2):
            # igul222 fetches disc_cost in the training run: its last layer's output is no
            # input to the update, so TF's executor may compute it after (two TF runs differ).
            _disc_cost, _gp = sess.run([disc_cost, gradient_penalty], feed_dict={real_data: data})
            sess.run(disc_train_op, feed_dict={real_data: data})
            log.append([float(_disc_cost), float(_gp)])
    out["gen"] = L(sess.run(gen_params[0])[:, :3])
    out["disc"] = L(sess.run(disc_params[0])[:, :, 0, 0])
out["log"] = log
out["params"] = [[v.name for v in gen_params], [v.name for v in disc_params]]
""",
    "gp_r1_and_dragan_penalties": r"""
tf.set_random_seed(31)
def D(x):
    with tf.variable_scope("D", reuse=tf.AUTO_REUSE):
        h = tf.layers.dense(x, 8, tf.nn.softplus, name="h1")
        h = tf.layers.dense(h, 8, tf.nn.tanh, name="h2")
        return tf.layers.dense(h, 1, name="out")
def G(z):
    with tf.variable_scope("G", reuse=tf.AUTO_REUSE):
        return tf.layers.dense(tf.layers.dense(z, 8, tf.nn.relu, name="h"), 2, name="out")
x = tf.placeholder(tf.float32, [None, 2])
z = tf.random_normal([6, 3])
fake = G(z)
d_real, d_fake = D(x), D(fake)
d_loss = tf.reduce_mean(tf.nn.softplus(d_fake)) + tf.reduce_mean(tf.nn.softplus(-d_real))
g_loss = tf.reduce_mean(tf.nn.softplus(-d_fake))
real_grads = tf.gradients(tf.reduce_sum(d_real), [x])[0]
r1_penalty = tf.reduce_mean(tf.reduce_sum(tf.square(real_grads), axis=1))
_, var = tf.nn.moments(x, axes=[0, 1])
x_p = x + 0.5 * tf.sqrt(var) * tf.random_uniform(tf.shape(x))
differences = x_p - x
alpha = tf.random_uniform(shape=[tf.shape(x)[0], 1], minval=0., maxval=1.)
interpolates = x + alpha * differences
grads = tf.gradients(D(interpolates), [interpolates])[0]
slopes = tf.sqrt(tf.reduce_sum(tf.square(grads), reduction_indices=[1]))
dragan_penalty = tf.reduce_mean((slopes - 1.) ** 2)
d_total = d_loss + 5.0 * r1_penalty + 2.0 * dragan_penalty
d_vars = tf.trainable_variables("D")
g_vars = tf.trainable_variables("G")
d_step = tf.train.RMSPropOptimizer(0.01).minimize(d_total, var_list=d_vars)
g_step = tf.train.RMSPropOptimizer(0.01).minimize(g_loss, var_list=g_vars)
hess = tf.gradients(r1_penalty, d_vars)
xs = np.random.RandomState(32).randn(6, 2).astype(np.float32) + [2.0, -1.0]
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["hess"] = [L(h) for h in sess.run([h for h in hess if h is not None], {x: xs})[:2]]
    out["hess_none"] = [h is None for h in hess]
    for i in range(3):
        _, a, b, c = sess.run([d_step, d_loss, r1_penalty, dragan_penalty], {x: xs})
        _, e = sess.run([g_step, g_loss])
        log.append([float(a), float(b), float(c), float(e)])
out["log"] = log
out["vars"] = [[v.name for v in d_vars], [v.name for v in g_vars]]
""",
}

MAML = {
    "ml_cbfinn_maml_map_fn": r"""
tf.set_random_seed(33)
dim_input, dim_hidden, dim_output = 1, [8, 8], 1
update_lr, meta_lr, num_updates, meta_batch_size = 0.01, 0.001, 2, 3
def construct_fc_weights():
    weights = {}
    weights['w1'] = tf.Variable(tf.truncated_normal([dim_input, dim_hidden[0]], stddev=0.01 * 30))
    weights['b1'] = tf.Variable(tf.zeros([dim_hidden[0]]))
    for i in range(1, len(dim_hidden)):
        weights['w' + str(i + 1)] = tf.Variable(tf.truncated_normal([dim_hidden[i - 1],
            dim_hidden[i]], stddev=0.01 * 30))
        weights['b' + str(i + 1)] = tf.Variable(tf.zeros([dim_hidden[i]]))
    weights['w' + str(len(dim_hidden) + 1)] = tf.Variable(tf.truncated_normal([dim_hidden[-1],
        dim_output], stddev=0.01 * 30))
    weights['b' + str(len(dim_hidden) + 1)] = tf.Variable(tf.zeros([dim_output]))
    return weights
def forward_fc(inp, weights):
    hidden = tf.nn.relu(tf.matmul(inp, weights['w1']) + weights['b1'])
    for i in range(1, len(dim_hidden)):
        hidden = tf.nn.relu(tf.matmul(hidden,
            weights['w' + str(i + 1)]) + weights['b' + str(i + 1)])
    return tf.matmul(hidden,
        weights['w' + str(len(dim_hidden) + 1)]) + weights['b' + str(len(dim_hidden) + 1)]
def mse(pred, label):
    pred = tf.reshape(pred, [-1])
    label = tf.reshape(label, [-1])
    return tf.reduce_mean(tf.square(pred - label))
inputa = tf.placeholder(tf.float32)
inputb = tf.placeholder(tf.float32)
labela = tf.placeholder(tf.float32)
labelb = tf.placeholder(tf.float32)
with tf.variable_scope('model', reuse=None) as training_scope:
    weights = construct_fc_weights()
    def task_metalearn(inp, reuse=True):
        inputa, inputb, labela, labelb = inp
        task_outputbs, task_lossesb = [], []
        task_outputa = forward_fc(inputa, weights)
        task_lossa = mse(task_outputa, labela)
        grads = tf.gradients(task_lossa, list(weights.values()))
        gradients = dict(zip(weights.keys(), grads))
        fast_weights = dict(zip(weights.keys(),
            [weights[key] - update_lr * gradients[key] for key in weights.keys()]))
        output = forward_fc(inputb, fast_weights)
        task_outputbs.append(output)
        task_lossesb.append(mse(output, labelb))
        for j in range(num_updates - 1):
            loss = mse(forward_fc(inputa, fast_weights), labela)
            grads = tf.gradients(loss, list(fast_weights.values()))
            gradients = dict(zip(fast_weights.keys(), grads))
            fast_weights = dict(zip(fast_weights.keys(),
                [fast_weights[key] - update_lr * gradients[key] for key in fast_weights.keys()]))
            output = forward_fc(inputb, fast_weights)
            task_outputbs.append(output)
            task_lossesb.append(mse(output, labelb))
        return [task_outputa, task_outputbs, task_lossa, task_lossesb]
    out_dtype = [tf.float32, [tf.float32] * num_updates, tf.float32, [tf.float32] * num_updates]
    result = tf.map_fn(task_metalearn, elems=(inputa, inputb, labela, labelb), dtype=out_dtype,
                       parallel_iterations=meta_batch_size)
    outputas, outputbs, lossesa, lossesb = result
total_loss1 = tf.reduce_sum(lossesa) / tf.to_float(meta_batch_size)
total_losses2 = [tf.reduce_sum(lossesb[j]) / tf.to_float(meta_batch_size)
                 for j in range(num_updates)]
optimizer = tf.train.AdamOptimizer(meta_lr)
gvs = optimizer.compute_gradients(total_losses2[num_updates - 1])
metatrain_op = optimizer.apply_gradients(gvs)
rng = np.random.RandomState(34)
amp = rng.uniform(0.1, 5.0, [meta_batch_size])
phase = rng.uniform(0, np.pi, [meta_batch_size])
xs = rng.uniform(-5.0, 5.0, [meta_batch_size, 10, 1]).astype(np.float32)
ys = (amp[:, None, None] * np.sin(xs - phase[:, None, None])).astype(np.float32)
feed = {inputa: xs[:, :5], inputb: xs[:, 5:], labela: ys[:, :5], labelb: ys[:, 5:]}
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    g = sess.run([gv[0] for gv in gvs], feed)
    for itr in range(3):
        r = sess.run([metatrain_op, total_loss1] + total_losses2, feed)
        log.append([float(v) for v in r[1:]])
out["g"] = [L(v) for v in g]
out["log"] = log
out["shapes"] = [str(outputas.shape), [str(o.shape) for o in outputbs], str(lossesa.shape)]
out["vars"] = [gv[1].name for gv in gvs]
""",
    "ml_second_vs_first_order_hvp": r"""
rng = np.random.RandomState(35)
w = tf.Variable(rng.randn(3, 2).astype(np.float32), name="w")
b = tf.Variable(np.zeros(2, np.float32), name="b")
xa = tf.constant(rng.randn(5, 3).astype(np.float32))
ya = tf.constant(rng.randn(5, 2).astype(np.float32))
xb = tf.constant(rng.randn(4, 3).astype(np.float32))
yb = tf.constant(rng.randn(4, 2).astype(np.float32))
def loss_fn(x, y, w, b):
    return tf.reduce_mean(tf.square(tf.tanh(tf.matmul(x, w) + b) - y))
inner = loss_fn(xa, ya, w, b)
gw, gb = tf.gradients(inner, [w, b])
fast_w, fast_b = w - 0.1 * gw, b - 0.1 * gb
outer = loss_fn(xb, yb, fast_w, fast_b)
second = tf.gradients(outer, [w, b])
fo_w, fo_b = w - 0.1 * tf.stop_gradient(gw), b - 0.1 * tf.stop_gradient(gb)
first = tf.gradients(loss_fn(xb, yb, fo_w, fo_b), [w, b])
v = tf.constant(rng.randn(3, 2).astype(np.float32))
hvp = tf.gradients(tf.reduce_sum(gw * v), w)[0]
hess = tf.hessians(inner, b)[0]
opt = tf.train.GradientDescentOptimizer(0.5)
step = opt.apply_gradients(zip(second, [w, b]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    r = sess.run([second, first, hvp, hess])
    losses = []
    for _ in range(3):
        sess.run(step)
        losses.append([float(x) for x in sess.run([inner, outer])])
out["second"] = [L(x) for x in r[0]]
out["first"] = [L(x) for x in r[1]]
out["hvp"] = L(r[2])
out["hess"] = L(r[3])
out["losses"] = losses
""",
}

PIPELINES = {
    "qp_csv_string_input_producer": r"""
d = tempfile.mkdtemp()
files = []
for k in range(2):
    path = os.path.join(d, "data%d.csv" % k)
    with open(path, "w") as f:
        f.write("a,b,c,label\n")
        for i in range(4):
            f.write("%d,%.1f,%d,%d\n" % (10 * k + i, i * 0.5 + k, i * i, (i + k) % 2))
    files.append(path)
filename_queue = tf.train.string_input_producer(files, shuffle=False, num_epochs=2)
reader = tf.TextLineReader(skip_header_lines=1)
key, value = reader.read(filename_queue)
record_defaults = [[0], [0.0], [0], [0]]
col1, col2, col3, label = tf.decode_csv(value, record_defaults=record_defaults)
features = tf.stack([tf.to_float(col1), col2, tf.to_float(col3)])
key_b, feat_b, label_b = tf.train.batch([key, features, label], batch_size=3, num_threads=1,
                                        capacity=10, allow_smaller_final_batch=True)
batches = []
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    try:
        while not coord.should_stop():
            k_, f_, l_ = sess.run([key_b, feat_b, label_b])
            batches.append([[x.decode().split("/")[-1] for x in k_], L(f_), L(l_)])
    except tf.errors.OutOfRangeError:
        batches.append("done")
    finally:
        coord.request_stop()
    coord.join(threads)
out["batches"] = batches
out["shapes"] = [str(feat_b.shape), str(label_b.shape), str(key_b.shape), feat_b.dtype.name,
                 [v.name for v in tf.local_variables()]]
""",
    "qp_cifar_fixed_length_records": r"""
d = tempfile.mkdtemp()
rng = np.random.RandomState(37)
height, width, depth = 4, 4, 3
label_bytes, image_bytes = 1, height * width * depth
records = []
with open(os.path.join(d, "data_batch_1.bin"), "wb") as f:
    for i in range(5):
        lab = np.array([i % 3], np.uint8)
        img = rng.randint(0, 256, image_bytes).astype(np.uint8)
        records.append((lab, img))
        f.write(lab.tobytes() + img.tobytes())
def read_cifar10(filename_queue):
    class CIFAR10Record(object):
        pass
    result = CIFAR10Record()
    result.height, result.width, result.depth = height, width, depth
    record_bytes = label_bytes + image_bytes
    reader = tf.FixedLengthRecordReader(record_bytes=record_bytes)
    result.key, value = reader.read(filename_queue)
    record_bytes = tf.decode_raw(value, tf.uint8)
    result.label = tf.cast(tf.strided_slice(record_bytes, [0], [label_bytes]), tf.int32)
    depth_major = tf.reshape(tf.strided_slice(record_bytes, [label_bytes],
        [label_bytes + image_bytes]),
                             [result.depth, result.height, result.width])
    result.uint8image = tf.transpose(depth_major, [1, 2, 0])
    return result
filename_queue = tf.train.string_input_producer([os.path.join(d, "data_batch_1.bin")],
    shuffle=False)
read_input = read_cifar10(filename_queue)
reshaped_image = tf.cast(read_input.uint8image, tf.float32)
distorted = tf.image.random_flip_left_right(reshaped_image, seed=3)
float_image = tf.image.per_image_standardization(reshaped_image)
float_image.set_shape([height, width, 3])
read_input.label.set_shape([1])
images, label_batch = tf.train.batch([float_image, read_input.label], batch_size=2, num_threads=1,
                                     capacity=8)
with tf.Session() as sess:
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    got = [sess.run([images, label_batch]) for _ in range(3)]
    coord.request_stop()
    coord.join(threads)
out["labels"] = [L(g[1]) for g in got]
out["images"] = [L(g[0][:, 0, :2]) for g in got]
out["shapes"] = [str(read_input.uint8image.shape), str(images.shape), str(label_batch.shape),
                 read_input.key.dtype.name, str(distorted.shape)]
""",
    "qp_tfrecords_shuffle_batch": r"""
d = tempfile.mkdtemp()
path = os.path.join(d, "train.tfrecords")
writer = tf.python_io.TFRecordWriter(path)
for i in range(10):
    ex = tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=[i * 0.5, -i * 1.0])),
        "y": tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 3])),
        "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"row%d" % i]))}))
    writer.write(ex.SerializeToString())
writer.close()
def read_and_decode(filename_queue):
    reader = tf.TFRecordReader()
    _, serialized_example = reader.read(filename_queue)
    features = tf.parse_single_example(serialized_example, features={
        "x": tf.FixedLenFeature([2], tf.float32), "y": tf.FixedLenFeature([], tf.int64),
        "name": tf.FixedLenFeature([], tf.string)})
    return features["x"], tf.cast(features["y"], tf.int32), features["name"]
filename_queue = tf.train.string_input_producer([path], num_epochs=1, shuffle=False)
x, y, name = read_and_decode(filename_queue)
xb, yb, nb = tf.train.shuffle_batch([x, y, name], batch_size=4, capacity=20, min_after_dequeue=5,
                                    num_threads=1, seed=1, allow_smaller_final_batch=True)
seen = []
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    sizes = []
    try:
        while True:
            a, b, c = sess.run([xb, yb, nb])
            sizes.append(len(c))
            seen.extend(zip(c.tolist(), a.tolist(), b.tolist()))
    except tf.errors.OutOfRangeError:
        pass
    coord.request_stop()
    coord.join(threads)
out["seen"] = sorted([n.decode(), L(a), int(b)] for n, a, b in seen)
out["sizes"] = sizes
out["shapes"] = [str(xb.shape), str(yb.shape), str(nb.shape), nb.dtype.name]
""",
}

COLUMNS = {
    "fc_wide_and_deep_crossed_bucketized": r"""
tf.set_random_seed(38)
age = tf.feature_column.numeric_column("age")
age_buckets = tf.feature_column.bucketized_column(age, boundaries=[18, 25, 30, 40, 50])
education = tf.feature_column.categorical_column_with_vocabulary_list(
    "education", ["Bachelors", "HS-grad", "Masters", "Doctorate"])
occupation = tf.feature_column.categorical_column_with_hash_bucket("occupation",
    hash_bucket_size=10)
crossed = tf.feature_column.crossed_column([age_buckets, "education"], hash_bucket_size=20)
crossed2 = tf.feature_column.crossed_column(["education", "occupation"], hash_bucket_size=15)
wide_columns = [age_buckets, education, occupation, crossed, crossed2]
deep_columns = [age, tf.feature_column.indicator_column(education),
                tf.feature_column.embedding_column(occupation, dimension=3)]
features = {
    "age": tf.constant([[17.0], [26.0], [45.0], [61.0]]),
    "education": tf.constant([["Masters"], ["HS-grad"], ["Bachelors"], ["unknown"]]),
    "occupation": tf.constant([["Tech-support"], ["Sales"], ["Tech-support"], ["Exec-managerial"]]),
}
labels = tf.constant([[1.0], [0.0], [1.0], [0.0]])
with tf.variable_scope("wide"):
    wide_logits = tf.feature_column.linear_model(features, wide_columns)
with tf.variable_scope("deep"):
    net = tf.feature_column.input_layer(features, deep_columns)
    net = tf.layers.dense(net, 4, tf.nn.relu)
    deep_logits = tf.layers.dense(net, 1)
logits = wide_logits + deep_logits
loss = tf.losses.sigmoid_cross_entropy(labels, logits)
wide_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="wide")
deep_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="deep")
train = tf.group(tf.train.FtrlOptimizer(0.1).minimize(loss, var_list=wide_vars),
                 tf.train.AdagradOptimizer(0.05).minimize(loss, var_list=deep_vars))
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    inp = sess.run(net)
    log = []
    for i in range(4):
        sess.run(train)
        log.append(float(sess.run(loss)))
    wide = {v.name: L(sess.run(v)) for v in wide_vars}
out["log"] = log
out["wide"] = wide
out["net_shape"] = list(inp.shape)
out["vars"] = [v.name for v in wide_vars + deep_vars]
""",
    "fc_weighted_and_shared_embeddings": r"""
tf.set_random_seed(39)
ids = tf.feature_column.categorical_column_with_identity("ids", num_buckets=6)
weighted = tf.feature_column.weighted_categorical_column(ids, "weights")
q = tf.feature_column.categorical_column_with_identity("query", num_buckets=6)
d_ = tf.feature_column.categorical_column_with_identity("doc", num_buckets=6)
shared = tf.feature_column.shared_embedding_columns([q, d_], dimension=2, combiner="sqrtn",
                                                    initializer=tf.random_normal_initializer(
                                                        seed=4))
emb = tf.feature_column.embedding_column(weighted, dimension=3, combiner="mean",
                                         initializer=tf.random_normal_initializer(seed=5))
features = {
    "ids": tf.SparseTensor(indices=[[0, 0], [0, 1], [1, 0], [2, 0]], values=[1, 4, 2, 5],
        dense_shape=[3, 2]),
    "weights": tf.SparseTensor(indices=[[0, 0], [0, 1], [1, 0], [2, 0]], values=[0.5, 2.0, 1.0,
        3.0], dense_shape=[3, 2]),
    "query": tf.SparseTensor(indices=[[0, 0], [1, 0], [1, 1], [2, 0]], values=[0, 1, 3, 5],
        dense_shape=[3, 2]),
    "doc": tf.SparseTensor(indices=[[0, 0], [0, 1], [2, 0]], values=[2, 3, 1], dense_shape=[3, 2]),
}
net = tf.feature_column.input_layer(features, [emb] + shared)
lin = tf.feature_column.linear_model(features, [weighted, q])
loss = tf.reduce_mean(tf.square(tf.reduce_sum(net, 1, keepdims=True) + lin - 1.0))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(net)
    log = [float(sess.run([train, loss])[1]) for _ in range(3)]
    out["after"] = L(sess.run(net))
out["first"] = L(first)
out["log"] = log
out["vars"] = sorted(v.name for v in tf.global_variables())
""",
}

PYFUNC = {
    "pf_dataset_py_func_augmentation": r"""
def _augment(image, label):
    rng = np.random.RandomState(int(label))
    if label % 2:
        image = image[:, ::-1]
    image = image + rng.uniform(-0.1, 0.1, image.shape).astype(np.float32)
    return np.clip(image, 0.0, 1.0).astype(np.float32), np.int64(label * 10)
images = np.random.RandomState(40).rand(5, 3, 4).astype(np.float32)
labels = np.arange(5, dtype=np.int64)
dataset = tf.data.Dataset.from_tensor_slices((images, labels))
def _map(image, label):
    image, label = tf.py_func(_augment, [image, label], [tf.float32, tf.int64])
    image.set_shape([3, 4])
    label.set_shape([])
    return image, label
dataset = dataset.map(_map).batch(2)
it = dataset.make_one_shot_iterator()
img, lab = it.get_next()
mean = tf.reduce_mean(img, axis=[1, 2])
got = []
with tf.Session() as sess:
    try:
        while True:
            got.append([L(x) for x in sess.run([img, lab, mean])])
    except tf.errors.OutOfRangeError:
        pass
out["got"] = got
out["shapes"] = [str(img.shape), str(lab.shape), img.dtype.name, lab.dtype.name]
""",
    "pf_py_func_gradient_override": r"""
def np_clip_sign(x):
    return np.sign(x).astype(np.float32)
def _straight_through(op, grad):
    x = op.inputs[0]
    return grad * tf.cast(tf.abs(x) <= 1.0, tf.float32)
grad_name = "StraightThrough_%d" % np.random.randint(1 << 30)
tf.RegisterGradient(grad_name)(_straight_through)
w = tf.Variable([[0.5, -1.5], [0.2, 0.8]], name="w")
x = tf.constant([[1.0, 2.0], [-1.0, 0.5]])
g = tf.get_default_graph()
with g.gradient_override_map({"PyFunc": grad_name}):
    wb = tf.py_func(np_clip_sign, [w], tf.float32, name="binarize")
wb.set_shape(w.shape)
y = tf.matmul(x, wb)
loss = tf.reduce_sum(tf.square(y - tf.constant([[1.0, 0.0], [0.0, 1.0]])))
grads = tf.gradients(loss, w)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["grad"] = L(sess.run(grads[0]))
    log = []
    for _ in range(3):
        _, l = sess.run([train, loss])
        log.append(float(l))
    out["w"] = L(sess.run(w))
out["log"] = log
out["types"] = [wb.op.type, wb.op.name, str(wb.shape)]
""",
}

HOML_MORE = {
    "ho11_lr_schedule_max_norm_dropout": r"""
tf.set_random_seed(42)
n_inputs, n_hidden1, n_hidden2, n_outputs = 784, 12, 8, 10
X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
y = tf.placeholder(tf.int32, shape=(None), name="y")
training = tf.placeholder_with_default(False, shape=(), name='training')
def max_norm_regularizer(threshold, axes=1, name="max_norm", collection="max_norm"):
    def max_norm(weights):
        clipped = tf.clip_by_norm(weights, clip_norm=threshold, axes=axes)
        clip_weights = tf.assign(weights, clipped, name=name)
        tf.add_to_collection(collection, clip_weights)
        return None
    return max_norm
max_norm_reg = max_norm_regularizer(threshold=0.5)
dropout_rate = 0.5
X_drop = tf.layers.dropout(X, dropout_rate, training=training, seed=1)
with tf.name_scope("dnn"):
    hidden1 = tf.layers.dense(X_drop, n_hidden1, activation=tf.nn.relu,
                              kernel_regularizer=max_norm_reg, name="hidden1")
    hidden1_drop = tf.layers.dropout(hidden1, dropout_rate, training=training, seed=2)
    hidden2 = tf.layers.dense(hidden1_drop, n_hidden2, activation=tf.nn.relu,
                              kernel_regularizer=max_norm_reg, name="hidden2")
    logits = tf.layers.dense(hidden2, n_outputs, name="outputs")
with tf.name_scope("loss"):
    xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    loss = tf.reduce_mean(xentropy, name="loss")
with tf.name_scope("train"):
    initial_learning_rate = 0.1
    decay_steps = 3
    decay_rate = 1 / 10
    global_step = tf.Variable(0, trainable=False, name="global_step")
    learning_rate = tf.train.exponential_decay(initial_learning_rate, global_step,
                                               decay_steps, decay_rate)
    optimizer = tf.train.MomentumOptimizer(learning_rate, momentum=0.9)
    training_op = optimizer.minimize(loss, global_step=global_step)
clip_all_weights = tf.get_collection("max_norm")
x_train, y_train = mnist(24, seed=41, one_hot=False)
log = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for epoch in range(5):
        sess.run(training_op, feed_dict={X: x_train, y: y_train, training: True})
        sess.run(clip_all_weights)
        w1 = sess.run("hidden1/kernel:0")
        log.append([float(loss.eval({X: x_train, y: y_train})), float(learning_rate.eval()),
                    float(np.linalg.norm(w1, axis=1).max())])
out["log"] = log
out["collection"] = [op.name for op in clip_all_weights]
out["reg_losses"] = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
out["names"] = [learning_rate.name, X_drop.name]
""",
    "ho15_variational_autoencoder": r"""
tf.set_random_seed(42)
from functools import partial
n_inputs, n_hidden1, n_hidden2, n_hidden3 = 784, 20, 10, 4
n_hidden4, n_hidden5, n_outputs = n_hidden2, n_hidden1, n_inputs
learning_rate = 0.001
initializer = tf.variance_scaling_initializer(seed=9)
my_dense_layer = partial(tf.layers.dense, activation=tf.nn.elu, kernel_initializer=initializer)
X = tf.placeholder(tf.float32, [None, n_inputs])
hidden1 = my_dense_layer(X, n_hidden1)
hidden2 = my_dense_layer(hidden1, n_hidden2)
hidden3_mean = my_dense_layer(hidden2, n_hidden3, activation=None)
hidden3_gamma = my_dense_layer(hidden2, n_hidden3, activation=None)
noise = tf.random_normal(tf.shape(hidden3_gamma), dtype=tf.float32)
hidden3 = hidden3_mean + tf.exp(0.5 * hidden3_gamma) * noise
hidden4 = my_dense_layer(hidden3, n_hidden4)
hidden5 = my_dense_layer(hidden4, n_hidden5)
logits = my_dense_layer(hidden5, n_outputs, activation=None)
outputs = tf.sigmoid(logits)
xentropy = tf.nn.sigmoid_cross_entropy_with_logits(labels=X, logits=logits)
reconstruction_loss = tf.reduce_sum(xentropy)
latent_loss = 0.5 * tf.reduce_sum(
    tf.exp(hidden3_gamma) + tf.square(hidden3_mean) - 1 - hidden3_gamma)
loss = reconstruction_loss + latent_loss
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
training_op = optimizer.minimize(loss)
x_train, _ = mnist(16, seed=42)
log = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    for epoch in range(4):
        for i in range(2):
            sess.run(training_op, feed_dict={X: x_train[8 * i:8 * i + 8]})
        loss_val, reconstruction_loss_val, latent_loss_val = sess.run(
            [loss, reconstruction_loss, latent_loss], feed_dict={X: x_train})
        log.append([float(loss_val), float(reconstruction_loss_val), float(latent_loss_val)])
    codings_rnd = np.random.RandomState(43).normal(size=[2, n_hidden3])
    outputs_val = outputs.eval(feed_dict={hidden3: codings_rnd})
out["log"] = log
out["generated"] = L(outputs_val[:, :6])
out["names"] = [hidden3.name, noise.name, outputs.name]
""",
    "ho16_dqn_online_target_copy": r"""
tf.set_random_seed(42)
input_height, input_width, input_channels = 6, 6, 1
conv_n_maps, conv_kernel_sizes, conv_strides = [4, 8], [(3, 3), (2, 2)], [2, 1]
conv_paddings, conv_activation = ["SAME"] * 2, [tf.nn.relu] * 2
n_hidden_in = 3 * 3 * 8
n_hidden, hidden_activation, n_outputs = 16, tf.nn.relu, 3
initializer = tf.variance_scaling_initializer(seed=11)
def q_network(X_state, name):
    prev_layer = X_state / 128.0
    with tf.variable_scope(name) as scope:
        for n_maps, kernel_size, strides, padding, activation in zip(
                conv_n_maps, conv_kernel_sizes, conv_strides, conv_paddings, conv_activation):
            prev_layer = tf.layers.conv2d(prev_layer, filters=n_maps, kernel_size=kernel_size,
                                          strides=strides, padding=padding, activation=activation,
                                          kernel_initializer=initializer)
        last_conv_layer_flat = tf.reshape(prev_layer, shape=[-1, n_hidden_in])
        hidden = tf.layers.dense(last_conv_layer_flat, n_hidden, activation=hidden_activation,
                                 kernel_initializer=initializer)
        outputs = tf.layers.dense(hidden, n_outputs, kernel_initializer=initializer)
    trainable_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=scope.name)
    trainable_vars_by_name = {var.name[len(scope.name):]: var for var in trainable_vars}
    return outputs, trainable_vars_by_name
X_state = tf.placeholder(tf.float32, shape=[None, input_height, input_width, input_channels])
online_q_values, online_vars = q_network(X_state, name="q_networks/online")
target_q_values, target_vars = q_network(X_state, name="q_networks/target")
copy_ops = [target_var.assign(online_vars[var_name])
            for var_name, target_var in target_vars.items()]
copy_online_to_target = tf.group(*copy_ops)
learning_rate, momentum = 0.01, 0.95
with tf.variable_scope("train"):
    X_action = tf.placeholder(tf.int32, shape=[None])
    y = tf.placeholder(tf.float32, shape=[None, 1])
    q_value = tf.reduce_sum(online_q_values * tf.one_hot(X_action, n_outputs), axis=1,
                            keepdims=True)
    error = tf.abs(y - q_value)
    clipped_error = tf.clip_by_value(error, 0.0, 1.0)
    linear_error = 2 * (error - clipped_error)
    loss = tf.reduce_mean(tf.square(clipped_error) + linear_error)
    global_step = tf.Variable(0, trainable=False, name='global_step')
    optimizer = tf.train.MomentumOptimizer(learning_rate, momentum, use_nesterov=True)
    training_op = optimizer.minimize(loss, global_step=global_step)
rng = np.random.RandomState(44)
states = rng.randint(0, 256, (12, 6, 6, 1)).astype(np.float32)
actions = rng.randint(0, 3, 12)
rewards = rng.rand(12, 1).astype(np.float32)
next_states = rng.randint(0, 256, (12, 6, 6, 1)).astype(np.float32)
continues = (rng.rand(12, 1) > 0.2).astype(np.float32)
discount_rate = 0.99
log = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    copy_online_to_target.run()
    for step in range(4):
        idx = rng.permutation(12)[:4]
        next_q_values = target_q_values.eval(feed_dict={X_state: next_states[idx]})
        max_next_q_values = np.max(next_q_values, axis=1, keepdims=True)
        y_val = rewards[idx] + continues[idx] * discount_rate * max_next_q_values
        _, loss_val = sess.run([training_op, loss], feed_dict={
            X_state: states[idx], X_action: actions[idx], y: y_val})
        log.append(float(loss_val))
        if step == 1:
            copy_online_to_target.run()
    q = sess.run([online_q_values, target_q_values], {X_state: states[:2]})
    out["q"] = [L(v) for v in q]
    out["step"] = int(global_step.eval())
out["log"] = log
out["vars"] = sorted(online_vars)
out["copy"] = [copy_online_to_target.type, len(copy_ops)]
""",
}

MORE = {
    "by_concrete_dropout": r"""
tf.set_random_seed(45)
class ConcreteDropout(object):
    def __init__(self, units, weight_regularizer=1e-6, dropout_regularizer=1e-5, init_min=0.1,
                 init_max=0.1, name="concrete"):
        self.units = units
        self.weight_regularizer = weight_regularizer
        self.dropout_regularizer = dropout_regularizer
        self.init_min = np.log(init_min) - np.log(1. - init_min)
        self.init_max = np.log(init_max) - np.log(1. - init_max)
        self.name = name
    def concrete_dropout(self, x, p):
        eps = 1e-7
        temp = 0.1
        unif_noise = tf.random_uniform(shape=tf.shape(x), seed=3)
        drop_prob = (tf.log(p + eps) - tf.log(1. - p + eps)
                     + tf.log(unif_noise + eps) - tf.log(1. - unif_noise + eps))
        drop_prob = tf.nn.sigmoid(drop_prob / temp)
        random_tensor = 1. - drop_prob
        retain_prob = 1. - p
        x *= random_tensor
        x /= retain_prob
        return x
    def __call__(self, x):
        with tf.variable_scope(self.name):
            input_dim = x.get_shape().as_list()[-1]
            self.p_logit = tf.get_variable("p_logit", [], initializer=tf.random_uniform_initializer(
                self.init_min, self.init_max, seed=4))
            self.p = tf.nn.sigmoid(self.p_logit)
            kernel = tf.get_variable("kernel", [input_dim, self.units],
                                     initializer=tf.glorot_uniform_initializer(seed=5))
            weight = kernel
            kernel_regularizer = (self.weight_regularizer * tf.reduce_sum(tf.square(weight))
                                  / (1. - self.p))
            dropout_regularizer = self.p * tf.log(self.p)
            dropout_regularizer += (1. - self.p) * tf.log(1. - self.p)
            dropout_regularizer *= self.dropout_regularizer * input_dim
            self.regularizer = tf.reduce_sum(kernel_regularizer + dropout_regularizer)
            return tf.matmul(self.concrete_dropout(x, self.p), kernel)
x = tf.placeholder(tf.float32, [None, 4])
t = tf.placeholder(tf.float32, [None, 1])
cd1 = ConcreteDropout(6, name="cd1")
cd2 = ConcreteDropout(1, name="cd2")
pred = cd2(tf.nn.relu(cd1(x)))
loss = tf.reduce_mean(tf.square(pred - t)) + cd1.regularizer + cd2.regularizer
train = tf.train.AdamOptimizer(0.05).minimize(loss)
rng = np.random.RandomState(46)
xs = rng.randn(8, 4).astype(np.float32)
ts = xs[:, :1] * 0.5 + 0.1
log = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        _, l, p1, p2 = sess.run([train, loss, cd1.p, cd2.p], {x: xs, t: ts})
        log.append([float(l), float(p1), float(p2)])
out["log"] = log
out["vars"] = [v.name for v in tf.trainable_variables()]
""",
    "t2_local_attention_1d": r"""
def shape_list(x):
    static = x.get_shape().as_list()
    shape = tf.shape(x)
    return [shape[i] if dim is None else dim for i, dim in enumerate(static)]
def local_attention_1d(q, k, v, block_length=2, filter_width=1, name=None):
    with tf.variable_scope(name, default_name="local_self_attention_1d", values=[q, k, v]):
        batch, num_heads, original_length, _ = shape_list(q)
        def pad_to_multiple(x, pad_length):
            x_length = shape_list(x)[2]
            return tf.pad(x, [[0, 0], [0, 0], [0, -x_length % pad_length], [0, 0]])
        def pad_l_and_r(x, pad_length):
            return tf.pad(x, [[0, 0], [0, 0], [pad_length, pad_length], [0, 0]])
        q = pad_to_multiple(q, block_length)
        k = pad_to_multiple(k, block_length)
        v = pad_to_multiple(v, block_length)
        new_q_shape = shape_list(q)
        blocked_q = tf.reshape(q, [new_q_shape[0], new_q_shape[1], new_q_shape[2] // block_length,
                                   block_length, new_q_shape[3]])
        k = pad_l_and_r(k, filter_width)
        v = pad_l_and_r(v, filter_width)
        length = shape_list(k)[2]
        full_filter_width = block_length + 2 * filter_width
        indices = tf.range(0, length, delta=1, name="index_range")
        indices = tf.reshape(indices, [1, -1, 1])
        kernel = tf.expand_dims(tf.eye(full_filter_width), axis=1)
        gather_indices = tf.nn.conv1d(tf.cast(indices, tf.float32), kernel, block_length,
                                      padding="VALID", name="gather_conv")
        gather_indices = tf.squeeze(tf.cast(gather_indices, tf.int32), axis=0)
        k_t = tf.transpose(k, [2, 0, 1, 3])
        k_new = tf.gather(k_t, gather_indices)
        k_new = tf.transpose(k_new, [2, 3, 0, 1, 4])
        attention_bias = tf.expand_dims(
            tf.to_float(tf.equal(tf.reduce_sum(tf.abs(k_new), -1), 0.0)) * -1e9, axis=-2)
        v_t = tf.transpose(v, [2, 0, 1, 3])
        v_new = tf.gather(v_t, gather_indices)
        v_new = tf.transpose(v_new, [2, 3, 0, 1, 4])
        logits = tf.matmul(blocked_q, k_new, transpose_b=True) + attention_bias
        weights = tf.nn.softmax(logits)
        output = tf.matmul(weights, v_new)
        output = tf.reshape(output, [batch, num_heads, -1, new_q_shape[3]])
        output = tf.slice(output, [0, 0, 0, 0], [-1, -1, original_length, -1])
        return output
rng = np.random.RandomState(47)
qv = tf.Variable(rng.randn(2, 2, 5, 3).astype(np.float32), name="q")
kv = tf.constant(rng.randn(2, 2, 5, 3).astype(np.float32))
vv = tf.constant(rng.randn(2, 2, 5, 3).astype(np.float32))
o = local_attention_1d(qv, kv, vv)
g = tf.gradients(tf.reduce_sum(o * o), qv)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    ov, gv = sess.run([o, g])
out["o"] = L(ov[1])
out["g"] = L(gv[0])
out["shape"] = str(o.shape)
""",
}

PROGRAMS = {
    **CS20,
    **HOML,
    **HOML_MORE,
    **T2T,
    **SONNET,
    **SPEECH,
    **BAYES,
    **CAPSULES,
    **PENALTIES,
    **MAML,
    **PIPELINES,
    **COLUMNS,
    **PYFUNC,
    **MORE,
}


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE)
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
