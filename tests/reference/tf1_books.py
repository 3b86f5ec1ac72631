"""Record what TensorFlow 1.x computes for programs as books, tutorials and the API
docstrings write them (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_books.py \
        > tests/unit/engine/fixtures/tf1_books.json

(the venv needs `tensorflow-cpu` and `tf-keras` of the same version.)

Hands-On ML's chapters 10-13 (labels fed through `tf.placeholder(tf.int32, shape=(None))`,
of unknown rank; pooling across depth), the Deep Dream tutorial (a shapeless image
placeholder through `expand_dims` into conv2d), and docstring spellings. Each program
stores what it observed in `out[...]`; `tests/unit/engine/test_tf1_books.py` runs the same
text against graphgate and compares.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {
    "homl10_dnn_manual": """
n_inputs = 20; n_hidden1 = 12; n_hidden2 = 8; n_outputs = 4
tf.set_random_seed(42)
X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
y = tf.placeholder(tf.int32, shape=(None), name="y")
def neuron_layer(X, n_neurons, name, activation=None):
    with tf.name_scope(name):
        n_inputs = int(X.get_shape()[1])
        stddev = 2 / np.sqrt(n_inputs + n_neurons)
        init = tf.truncated_normal((n_inputs, n_neurons), stddev=stddev)
        W = tf.Variable(init, name="kernel")
        b = tf.Variable(tf.zeros([n_neurons]), name="bias")
        Z = tf.matmul(X, W) + b
        if activation is not None:
            return activation(Z)
        else:
            return Z
with tf.name_scope("dnn"):
    hidden1 = neuron_layer(X, n_hidden1, name="hidden1", activation=tf.nn.relu)
    hidden2 = neuron_layer(hidden1, n_hidden2, name="hidden2", activation=tf.nn.relu)
    logits = neuron_layer(hidden2, n_outputs, name="outputs")
with tf.name_scope("loss"):
    xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    loss = tf.reduce_mean(xentropy, name="loss")
with tf.name_scope("train"):
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    training_op = optimizer.minimize(loss)
with tf.name_scope("eval"):
    correct = tf.nn.in_top_k(logits, y, 1)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
init = tf.global_variables_initializer()
rng = np.random.RandomState(0)
Xd = rng.rand(64, n_inputs).astype(np.float32); yd = (Xd[:, :4].argmax(1)).astype(np.int32)
accs = []
with tf.Session() as sess:
    init.run()
    for epoch in range(5):
        for it in range(4):
            sess.run(training_op, feed_dict={X: Xd[it*16:(it+1)*16], y: yd[it*16:(it+1)*16]})
        accs.append(float(accuracy.eval(feed_dict={X: Xd, y: yd})))
    Z = logits.eval(feed_dict={X: Xd[:3]})
    y_pred = np.argmax(Z, axis=1)
out["accs"] = accs; out["Z"] = Z.ravel().tolist(); out["ypred"] = y_pred.tolist()
out["names"] = [hidden1.name, logits.name, loss.name, training_op.name, accuracy.name, correct.name]
out["vars"] = [v.name for v in tf.global_variables()]
""",
    "unknown_rank_labels": """
y = tf.placeholder(tf.int64, shape=(None), name="y")
yi = tf.placeholder(tf.int32, shape=None, name="yi")
X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
xu = tf.placeholder(tf.float32, name="xu")
logits = tf.layers.dense(X, 3, kernel_initializer=tf.constant_initializer(0.3),
                         bias_initializer=tf.constant_initializer(0.1))
r = {}
def tryit(k, fn):
    try:
        r[k] = fn()
    except Exception:
        out["build_" + k] = raises(fn)
tryit("onehot", lambda: tf.one_hot(y, 3))
tryit("loss_sparse", lambda: tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits))
tryit("loss_sparse_w",
      lambda: tf.losses.sparse_softmax_cross_entropy(labels=yi, logits=logits, weights=2.0))
tryit("acc", lambda: tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32)))
tryit("emb", lambda: tf.nn.embedding_lookup(tf.reshape(tf.range(12.), [4, 3]), y))
tryit("gather", lambda: tf.gather(tf.constant([1., 2., 3.]), yi))
tryit("xent_v2",
      lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.one_hot(y, 3), logits=logits))
tryit("cm", lambda: tf.confusion_matrix(y, tf.argmax(logits, 1), num_classes=3))
tryit("size", lambda: tf.size(y))
tryit("shape0", lambda: tf.shape(y)[0])
tryit("reshape", lambda: tf.reshape(y, [-1, 1]))
tryit("expand", lambda: tf.expand_dims(yi, 1))
tryit("stack", lambda: tf.stack([yi, yi], axis=1))
tryit("concat", lambda: tf.concat([yi, yi], 0))
tryit("seg", lambda: tf.unsorted_segment_sum(tf.ones([4]), yi, 3))
tryit("bmask", lambda: tf.boolean_mask(X, tf.equal(yi, 1)))
tryit("seqmask", lambda: tf.sequence_mask(yi, 4))
tryit("mse_u", lambda: tf.losses.mean_squared_error(xu, tf.zeros([4])))
tryit("sq_u", lambda: tf.reduce_sum(tf.square(xu - 1.0), axis=0))
tryit("mm_u", lambda: tf.matmul(tf.reshape(xu, [2, 2]), tf.ones([2, 1])))
tryit("softmax_u", lambda: tf.nn.softmax(xu))
tryit("top_u", lambda: tf.nn.top_k(xu, 2).values)
tryit("argmax_u", lambda: tf.argmax(xu, 0))
tryit("l2n_u", lambda: tf.nn.l2_normalize(xu, 0))
tryit("moments_u", lambda: tf.nn.moments(xu, [0])[1])
tryit("transpose_u", lambda: tf.transpose(tf.reshape(xu, [2, 2])))
tryit("sig_u", lambda: tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(xu), logits=xu))
tryit("in_top", lambda: tf.nn.in_top_k(logits, yi, 2))
acc, acc_op = tf.metrics.accuracy(labels=y, predictions=tf.argmax(logits, 1))
grads = tf.gradients(r.get("loss_sparse", tf.constant(0.)), tf.trainable_variables())
feed = {X: [[1., 2., 3.], [0., -1., 2.], [3., 0., 0.], [1., 1., 1.]], y: [0, 2, 1, 1],
        yi: [1, 0, 2, 1], xu: [0.5, 1.5, -1.0, 2.0]}
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    v = sess.run(r, feed)
    sess.run(acc_op, feed)
    out["metric_acc"] = float(sess.run(acc))
    out["grads"] = [g.ravel().tolist() for g in sess.run(grads, feed)]
    out["bad_label_shape"] = raises(
        lambda: sess.run(r["loss_sparse"], {X: feed[X], y: [[0, 1, 2, 1]]}))
for k in sorted(v):
    a = np.asarray(v[k]); out[k] = [a.dtype.name, a.tolist()]
out["static"] = {k: (r[k].shape.as_list() if r[k].shape.ndims is not None else None)
                 for k in sorted(r)}
""",
    "deep_dream_ascent": """
rng = np.random.RandomState(3)
img0 = rng.rand(1, 16, 16, 3).astype(np.float32)
t_input = tf.placeholder(np.float32, name='input')
imagenet_mean = 117.0
t_preprocessed = tf.expand_dims(t_input - imagenet_mean, 0)
k1 = tf.constant(rng.randn(3, 3, 3, 4).astype(np.float32) * 0.1)
k2 = tf.constant(rng.randn(3, 3, 4, 6).astype(np.float32) * 0.1)
l1 = tf.nn.relu(tf.nn.conv2d(t_preprocessed, k1, [1, 1, 1, 1], "SAME"), name="mixed3a")
p1 = tf.nn.max_pool(l1, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
l2 = tf.nn.relu(tf.nn.conv2d(p1, k2, [1, 1, 1, 1], "SAME"), name="mixed4c")
def T(layer):
    return tf.get_default_graph().get_tensor_by_name("%s:0" % layer)
t_obj = T("mixed4c")[:, :, :, 2]
t_score = tf.reduce_mean(t_obj)
t_grad = tf.gradients(t_score, t_input)[0]
img = img0[0] * 50 + 100
with tf.Session() as sess:
    scores = []
    for i in range(3):
        g, score = sess.run([t_grad, t_score], {t_input: img})
        g /= g.std() + 1e-8
        img += g * 1.0
        scores.append(float(score))
out["scores"] = scores
out["img"] = np.round(img.ravel()[:40], 4).tolist()
out["static"] = [str(t_preprocessed.shape), str(t_grad.shape), str(t_obj.shape)]
out["names"] = [t_obj.name, t_score.name]
""",
    "homl13_depth_pool": """
rng = np.random.RandomState(1)
dataset = rng.rand(2, 4, 4, 6).astype(np.float32)
X = tf.placeholder(tf.float32, shape=(None, 4, 4, 6))
max_pool = tf.nn.max_pool(X, ksize=(1, 1, 1, 3), strides=(1, 1, 1, 3), padding="VALID")
with tf.Session() as sess:
    output = sess.run(max_pool, feed_dict={X: dataset})
out["shape"] = list(output.shape); out["v"] = output.ravel().tolist()
""",
    "docstring_spellings": """
logits = tf.constant([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]])
out["softmax_dim"] = tf.Session().run(tf.nn.softmax(logits, dim=0)).tolist()
out["log_softmax_dim"] = tf.Session().run(tf.nn.log_softmax(logits, dim=-1)).tolist()
cm = tf.confusion_matrix([1, 2, 4], [2, 2, 4], num_classes=6, weights=[1.0, 2.0, 0.5])
cmf = tf.confusion_matrix([1, 2, 4], [2, 2, 4], num_classes=5, weights=[1.5, 2.0, 0.5],
                          dtype=tf.float32)
with tf.Session() as sess:
    out["cm"] = sess.run(cm).tolist(); out["cmf"] = sess.run(cmf).tolist()
out["cm_dtype"] = [cm.dtype.name, cmf.dtype.name]
x = tf.placeholder(tf.float32, [None, 784])
out["str"] = [str(x.shape), str(x.get_shape()), str(tf.placeholder(tf.int32, [None]).shape),
              str(tf.placeholder(tf.int32).shape), str(tf.zeros([2, 3]).shape), str(x.shape[0]),
              repr(x.shape), repr(tf.TensorShape([None]))]
""",
    "unknown_rank_run_errors": """
a = tf.placeholder(tf.float32)
b = tf.placeholder(tf.float32)
i = tf.placeholder(tf.int32)
ops = {
    "concat": tf.concat([a, b], 0),
    "stack": tf.stack([a, b], 1),
    "expand": tf.expand_dims(a, 2),
    "argmax": tf.argmax(a, 1),
    "squeeze": tf.squeeze(a, [1]),
    "conv": tf.nn.conv2d(a, tf.ones([1, 1, 1, 1]), [1, 1, 1, 1], "VALID"),
    "pool": tf.nn.max_pool(a, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"),
    "gather": tf.gather([1.0, 2.0], i),
    "onehot": tf.one_hot(i, 2, axis=1),
}
out["static"] = {k: str(t.shape) for k, t in sorted(ops.items())}
good = {a: np.ones([2, 1]), b: np.ones([2, 1]), i: [[0, 1]]}
bad = {a: np.ones([2, 3]), b: np.ones([3]), i: [[0, 5]]}
with tf.Session() as sess:
    for k, t in sorted(ops.items()):
        # TF's conv2d and max_pool kernels abort the process (a failed CHECK) when fed
        # a rank that is not 4: graphgate's InvalidArgumentError is not compared here.
        if k in ("conv", "pool"):
            out[k] = sess.run(t, {a: np.ones([1, 2, 2, 1])}).tolist()
            continue
        out[k] = sess.run(t, good).tolist()
        out["bad_" + k] = raises(lambda: sess.run(t, bad))
""",
    "slice_bounds": """
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32)
ones = tf.ones([2, 3])
built = {
    "past_end": tf.slice(ones, [0, 1], [1, 5]),
    "negative_begin": tf.slice(ones, [-1, 0], [1, -1]),
    "rest": tf.slice(x, [0, 1], [-1, 2]),
    "known": tf.slice(x, [0, 1], [1, 2]),
    "unknown_rank": tf.slice(y, [0, 1], [1, -1]),
}
out["static"] = {k: str(t.shape) for k, t in sorted(built.items())}
out["begin_past_dim"] = raises(lambda: tf.slice(ones, [0, 4], [1, -1]))
feed = {x: [[1.0, 2.0, 3.0]], y: [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}
grad = tf.gradients(tf.reduce_sum(built["unknown_rank"] ** 2), y)[0]
with tf.Session() as sess:
    for k, t in sorted(built.items()):
        out["run_" + k] = raises(lambda: sess.run(t, feed))
    out["rest"] = sess.run(built["rest"], feed).tolist()
    out["unknown_rank"] = sess.run(built["unknown_rank"], feed).tolist()
    out["grad"] = sess.run(grad, feed).tolist()
    for k, (b, n) in {"size_past": ([0, 1], [1, 5]), "begin_past": ([0, 4], [1, -1]),
                      "rows_past": ([2, 0], [-1, -1]), "row_past": ([1, 1], [1, 2])}.items():
        out["fed_" + k] = raises(lambda: sess.run(tf.slice(x, b, n), feed))
""",
    "optimizer_and_fetch_errors": """
v = tf.Variable([1.0, 2.0])
n = tf.Variable([1, 2])
out["no_gradients"] = raises(
    lambda: tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(n)))
out["no_gradients_cast"] = raises(
    lambda: tf.train.AdamOptimizer(0.1).minimize(tf.to_float(tf.reduce_sum(n)), var_list=[n]))
out["no_variables"] = raises(
    lambda: tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(1.0), var_list=[]))
with tf.Session() as sess:
    out["fetch_none"] = raises(lambda: sess.run(None))
    out["fetch_none_in_list"] = raises(lambda: sess.run([v.initializer, None]))
    sess.run(v.initializer)
    out["after"] = sess.run(v).tolist()
""",
    "cifar10_tutorial": """
NUM_CLASSES = 5
def _variable_on_cpu(name, shape, initializer):
    with tf.device('/cpu:0'):
        var = tf.get_variable(name, shape, initializer=initializer, dtype=tf.float32)
    return var
def _variable_with_weight_decay(name, shape, stddev, wd):
    init = tf.truncated_normal_initializer(stddev=stddev, dtype=tf.float32, seed=1)
    var = _variable_on_cpu(name, shape, init)
    if wd is not None:
        weight_decay = tf.multiply(tf.nn.l2_loss(var), wd, name='weight_loss')
        tf.add_to_collection('losses', weight_decay)
    return var
def inference(images):
    with tf.variable_scope('conv1') as scope:
        kernel = _variable_with_weight_decay('weights', [5, 5, 3, 8], stddev=5e-2, wd=None)
        conv = tf.nn.conv2d(images, kernel, [1, 1, 1, 1], padding='SAME')
        biases = _variable_on_cpu('biases', [8], tf.constant_initializer(0.0))
        conv1 = tf.nn.relu(tf.nn.bias_add(conv, biases), name=scope.name)
    pool1 = tf.nn.max_pool(conv1, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='SAME',
                           name='pool1')
    norm1 = tf.nn.lrn(pool1, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75, name='norm1')
    with tf.variable_scope('local3') as scope:
        reshape = tf.reshape(norm1, [images.get_shape().as_list()[0], -1])
        dim = reshape.get_shape()[1].value
        weights = _variable_with_weight_decay('weights', shape=[dim, 16], stddev=0.04, wd=0.004)
        biases = _variable_on_cpu('biases', [16], tf.constant_initializer(0.1))
        local3 = tf.nn.relu(tf.matmul(reshape, weights) + biases, name=scope.name)
    with tf.variable_scope('softmax_linear') as scope:
        weights = _variable_with_weight_decay('weights', [16, NUM_CLASSES], 1 / 16.0, None)
        biases = _variable_on_cpu('biases', [NUM_CLASSES], tf.constant_initializer(0.0))
        softmax_linear = tf.add(tf.matmul(local3, weights), biases, name=scope.name)
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
    return loss_averages_op
def train(total_loss, global_step):
    lr = tf.train.exponential_decay(0.1, global_step, 3, 0.1, staircase=True)
    loss_averages_op = _add_loss_summaries(total_loss)
    with tf.control_dependencies([loss_averages_op]):
        opt = tf.train.GradientDescentOptimizer(lr)
        grads = opt.compute_gradients(total_loss)
    apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)
    for var in tf.trainable_variables():
        tf.summary.histogram(var.op.name, var)
    variable_averages = tf.train.ExponentialMovingAverage(0.9999, global_step)
    with tf.control_dependencies([apply_gradient_op]):
        variables_averages_op = variable_averages.apply(tf.trainable_variables())
    return variables_averages_op, lr, variable_averages, loss_averages_op
rng = np.random.RandomState(0)
images = tf.constant(rng.rand(4, 8, 8, 3).astype(np.float32))
labels = tf.constant(rng.randint(0, NUM_CLASSES, 4))
global_step = tf.train.get_or_create_global_step()
logits = inference(images)
total = loss(logits, labels)
train_op, lr, va, loss_avg_op = train(total, global_step)
merged = tf.summary.merge_all()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    ls, lrs = [], []
    for i in range(5):
        _, l, r = sess.run([train_op, total, lr])
        ls.append(float(l))
        lrs.append(float(r))
    out["ls"] = ls
    out["lrs"] = lrs
    avg = va.average(tf.trainable_variables()[0])
    out["avg_name"] = avg.name
    out["avg"] = sess.run(avg).ravel()[:10].tolist()
    total_avg = tf.get_default_graph().get_tensor_by_name("total_loss/avg:0")
    out["avg_loss"] = float(sess.run(total_avg))
    out["summary_type"] = type(sess.run(merged)).__name__
out["vars"] = [v.name for v in tf.global_variables()]
out["losses"] = [l.name for l in tf.get_collection('losses')]
out["names"] = [logits.name, total.name, train_op.name, loss_avg_op.name]
out["summaries"] = [s.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)]
""",
    "summary_tags_and_collection_keys": """
x = tf.constant(1.0)
made = [tf.summary.scalar("loss (raw)", x), tf.summary.scalar("/a b", x),
        tf.summary.scalar("loss", x, family="train"), tf.summary.scalar("a:b", x),
        tf.summary.histogram("h h", x, family="f g")]
with tf.name_scope("outer"):
    made.append(tf.summary.scalar("q", x, family="fam"))
    made.append(tf.summary.histogram("w/x y", x))
out["names"] = [t.name for t in made]
v = tf.get_variable("v", [1])
with tf.variable_scope("s"):
    w = tf.get_variable("w", [1])
loc = tf.get_variable("loc", shape=(), collections=[tf.GraphKeys.LOCAL_VARIABLES])
tf.add_to_collection("mine", loc)
out["keys"] = sorted(tf.get_default_graph().get_all_collection_keys())
e = tf.train.ExponentialMovingAverage(0.9)
out["ema_ops"] = [e.apply([v]).name, e.apply([w]).name,
                  tf.train.ExponentialMovingAverage(0.5, name="avg").apply([v]).name]
""",
    "sparse_gradients": """
ids = tf.placeholder(tf.int32, [None])
ids2 = tf.constant([[1, 1], [2, 0]])
res = {}
optimizers = [
    ("gd", lambda: tf.train.GradientDescentOptimizer(0.1)),
    ("mom", lambda: tf.train.MomentumOptimizer(0.1, 0.9)),
    ("nest", lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True)),
    ("rms", lambda: tf.train.RMSPropOptimizer(0.05)),
    ("rms_mom", lambda: tf.train.RMSPropOptimizer(0.05, momentum=0.5)),
    ("rms_c", lambda: tf.train.RMSPropOptimizer(0.05, momentum=0.5, centered=True)),
    ("adagrad", lambda: tf.train.AdagradOptimizer(0.1)),
    ("adadelta", lambda: tf.train.AdadeltaOptimizer(1.0)),
    ("adam", lambda: tf.train.AdamOptimizer(0.1)),
    ("ftrl", lambda: tf.train.FtrlOptimizer(0.1)),
    ("prox_gd", lambda: tf.train.ProximalGradientDescentOptimizer(0.1, 0.05, 0.2)),
    ("prox_adagrad", lambda: tf.train.ProximalAdagradOptimizer(0.1, 0.1, 0.05, 0.2)),
]
init = tf.constant_initializer(np.arange(15).reshape(5, 3) / 10.0)
for name, make in optimizers:
    with tf.variable_scope(name):
        emb = tf.get_variable("emb", [5, 3], initializer=init)
        w = tf.get_variable("w", [3], initializer=tf.constant_initializer([0.5, -0.5, 1.0]))
        feats = tf.nn.embedding_lookup(emb, ids)
        f2 = tf.reduce_sum(tf.gather(emb, ids2), 1)
        loss = (tf.reduce_sum(tf.square(tf.reduce_sum(feats * w, 1) - 1.0))
                + tf.reduce_sum(f2 ** 2) * 0.1)
        opt = make()
        gv = opt.compute_gradients(loss)
        grads, norm = tf.clip_by_global_norm([g for g, v in gv], 2.0)
        res[name] = (opt.apply_gradients(zip(grads, [v for g, v in gv])), emb, norm, loss)
        plain = opt.minimize(loss)
    if name == "gd":
        g_emb = gv[0][0]
        clipped = [tf.clip_by_norm(g_emb, 1.0), tf.clip_by_value(g_emb, -0.5, 0.5)]
        gn = tf.global_norm([g_emb])
    res[name + "_plain"] = (plain, emb, norm, loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    f0 = {ids: [0, 2, 0, 0, 3]}
    out["clipped"] = [sess.run(tf.convert_to_tensor(c), f0).ravel().tolist()
                      for c in clipped]
    out["gn"] = float(sess.run(gn, f0))
    for name, (op, emb, norm, loss) in sorted(res.items()):
        ns = []
        for b in [[0, 2, 0, 0, 3], [1, 1], [4, 0], [3]]:
            # The norm in its own run: a run that updates emb without depending on the
            # norm would race with TF's read of emb.
            ns.append(float(sess.run(norm, {ids: b})))
            sess.run(op, {ids: b})
        values = sess.run(emb).ravel().astype(np.float64).tolist()
        out[name] = [ns, values, float(sess.run(loss, {ids: [0, 1, 2]}))]
""",
    "layers_take_the_scope_initializer": """
tf.set_random_seed(7)
x = tf.placeholder(tf.float32, [1, 4, 4, 2])
v = tf.placeholder(tf.float32, [1, 5])
made = []
with tf.variable_scope("scoped", initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=1)):
    made.append(tf.layers.dense(v, 3))
    made.append(tf.layers.Dense(2, name="cls")(v))
    made.append(tf.layers.conv2d(x, 2, 3))
    made.append(tf.layers.conv2d_transpose(x, 2, 3))
    made.append(tf.layers.separable_conv2d(x, 2, 3))
    made.append(tf.layers.conv1d(tf.reshape(x, [1, 16, 2]), 2, 3))
    made.append(tf.layers.dense(v, 2, kernel_initializer=tf.constant_initializer(0.5)))
with tf.variable_scope("plain"):
    made.append(tf.layers.dense(v, 3))
feed = {x: np.linspace(-1, 1, 32).reshape(1, 4, 4, 2), v: [[1.0, -2.0, 0.5, 3.0, -1.0]]}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = {w.name: sess.run(w).ravel()[:6].tolist() for w in tf.global_variables()}
    out["outputs"] = [sess.run(t, feed).ravel()[:6].tolist() for t in made]
""",
    "xor_nan_argmax_and_v1_xent": """
n = np.nan
a = tf.constant([True, False])
b = tf.constant([True, True])
c, d = a ^ b, True ^ a
cases = [[1, n, 3], [n, 1, 3], [3, n, 1], [n, n], [n, -np.inf, 2], [-np.inf, n], [n, -np.inf]]
m = tf.constant([[1, n, 3], [n, 5, 1]], tf.float64)
logits = tf.Variable([[1.0, 2.0, 0.5]])
teacher = tf.nn.softmax(logits * 2.0)
v1 = tf.nn.softmax_cross_entropy_with_logits(labels=teacher, logits=logits)
v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=teacher, logits=logits)
named = tf.nn.softmax_cross_entropy_with_logits(labels=teacher, logits=logits, name="foo")
g1, g2 = tf.gradients(v1, logits)[0], tf.gradients(v2, logits)[0]
out["label_grads"] = [tf.gradients(v1, teacher)[0] is None, tf.gradients(v2, teacher)[0] is None]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["xor"] = [sess.run(c).tolist(), sess.run(d).tolist()]
    out["argmax"] = [int(sess.run(tf.argmax(tf.constant(x, tf.float32)))) for x in cases]
    out["argmin"] = [int(sess.run(tf.argmin(tf.constant(x, tf.float32)))) for x in cases]
    out["axes"] = [sess.run(tf.argmax(m, 1)).tolist(), sess.run(tf.argmin(m, 0)).tolist()]
    out["xent"] = [sess.run(v1).tolist(), sess.run(v2).tolist()]
    out["grads"] = [sess.run(g1).tolist(), sess.run(g2).tolist()]
out["names"] = [c.name, d.name, named.op.name.split("/")[0]]
""",
    "assign_signatures": """
v = tf.Variable([1.0, 2.0])
n = tf.Variable(0)
made = [tf.assign(v, [3.0, 4.0], use_locking=True, validate_shape=True),
        v.assign([5.0, 6.0], use_locking=True, name="x", read_value=True),
        v.assign_add([1.0, 1.0], use_locking=True),
        tf.assign_add(n, 2, use_locking=True), tf.assign_sub(n, 1, use_locking=False),
        v.assign_sub([0.5, 0.5], use_locking=True)]
op = v.assign([7.0, 8.0], read_value=False)
out["names"] = [t.name for t in made] + [type(op).__name__, op.name]
out["wrong_shape"] = raises(lambda: tf.assign(v, [1.0, 2.0, 3.0]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = [np.asarray(sess.run(t)).tolist() for t in made]
    sess.run(op)
    out["after"] = sess.run(v).tolist()
""",
    "tf1_signatures": """
x = tf.placeholder(tf.float32, [None, 3])
m = tf.reshape(tf.range(12.0), [3, 4])
made = {
    "shape64": tf.shape(x, out_type=tf.int64),
    "size64": tf.size(x, out_type=tf.int64),
    "shape_input": tf.shape(input=x),
    "expand_dim": tf.expand_dims(x, dim=1),
    "squeeze_dims": tf.squeeze(tf.zeros([1, 2, 1]), squeeze_dims=[0]),
    "split_num": tf.split(m, [1, 3], 1, num=2)[1],
    "gather_validate": tf.gather(m, [2, 0], True),
    "gather_axis": tf.gather(m, [3, 1], axis=1),
    "identity_input": tf.identity(input=x),
    "stop_input": tf.stop_gradient(input=x),
    "ones_like_tensor": tf.ones_like(tensor=x, optimize=False),
    "zeros_like_tensor": tf.zeros_like(tensor=m),
    "transpose_conj": tf.transpose(m, conjugate=True),
    "const_verify": tf.constant([[1, 2], [3, 4]], shape=[2, 2], verify_shape=True),
    "preferred": tf.convert_to_tensor(3, preferred_dtype=tf.int64),
    "preferred_unfit": tf.convert_to_tensor(3.5, preferred_dtype=tf.int64),
}
out["verify_bad"] = raises(lambda: tf.constant([1, 2], shape=[3], verify_shape=True))
v = tf.Variable([1.0, 2.0])
loss = tf.reduce_sum(v * v)
ops = [tf.train.GradientDescentOptimizer(0.1, False, "gd").minimize(loss),
       tf.train.MomentumOptimizer(0.1, 0.9, True, "mom", True).minimize(loss),
       tf.train.MomentumOptimizer(0.1, 0.9, use_locking=True).minimize(loss)]
out["names"] = [o.name for o in ops] + [made["shape64"].name, made["gather_validate"].name]
out["dtypes"] = {k: t.dtype.name for k, t in sorted(made.items())}
out["static"] = {k: str(t.shape) for k, t in sorted(made.items())}
feed = {x: [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = {k: np.asarray(sess.run(t, feed)).tolist() for k, t in sorted(made.items())}
    for o in ops:
        sess.run(o)
    out["v"] = sess.run(v).tolist()
""",
    "constraints_after_updates": """
x = tf.constant([[1.0, 2.0, 3.0]])
h = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer(0.5),
                    kernel_constraint=lambda w: tf.clip_by_norm(w, 0.3, axes=[0]),
                    bias_constraint=lambda b: tf.clip_by_value(b, -0.01, 0.01), name="d")
c = tf.layers.conv2d(tf.ones([1, 3, 3, 1]), 1, 2, kernel_constraint=lambda k: k * 0.5,
                     kernel_initializer=tf.constant_initializer(1.0))
v = tf.get_variable("v", [2], initializer=tf.constant_initializer([3.0, -4.0]),
                    constraint=lambda t: tf.clip_by_value(t, -1.0, 1.0))
w = tf.Variable([1.0, 1.0], constraint=lambda t: t / tf.reduce_sum(t))
loss = (tf.reduce_sum(h) + tf.reduce_sum(c) + tf.reduce_sum(v * v)
        + tf.reduce_sum(w * tf.constant([1.0, 2.0])))
ops = [tf.train.GradientDescentOptimizer(0.1).minimize(loss),
       tf.train.AdamOptimizer(0.1).minimize(loss),
       tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)]
with tf.variable_scope("a", constraint=lambda t: t * 0.5) as sc:
    sa = tf.get_variable("v", initializer=[1.0, 2.0])
    with tf.variable_scope("b"):
        sb = tf.get_variable("w", initializer=[2.0])
with tf.variable_scope(sc):
    sc_again = tf.get_variable("u", initializer=[2.0])
out["constraint_set"] = [x.constraint is not None for x in (v, w, sa, sb, sc_again)]
steps = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for op in ops:
        sess.run(op)
        steps.append([a.ravel().tolist() for a in sess.run(tf.trainable_variables())])
out["steps"] = steps
""",
    "activity_regularizers": """
x = tf.constant([[1.0, 2.0], [0.5, -1.0]])
h = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer(0.5),
                    activity_regularizer=lambda a: 0.1 * tf.reduce_sum(a * a),
                    kernel_regularizer=lambda w: tf.reduce_sum(w), activation=tf.nn.relu)
c = tf.layers.conv2d(tf.ones([2, 3, 3, 1]), 1, 2, activity_regularizer=tf.nn.l2_loss,
                     kernel_initializer=tf.constant_initializer(0.3))
layer = tf.layers.Dense(3, activity_regularizer=lambda a: tf.reduce_mean(a),
                        kernel_initializer=tf.constant_initializer(0.2))
y = layer(x)
r = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
out["names"] = [t.name for t in r]
out["layer_losses"] = [t.name for t in layer.losses]
total = tf.losses.get_regularization_loss()
train = tf.train.GradientDescentOptimizer(0.1).minimize(total + tf.reduce_sum(h))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = [float(v) for v in sess.run(r)]
    sess.run(train)
    out["after"] = float(sess.run(total))
""",
    "loops_without_back_prop": """
x = tf.Variable(2.0)
loop = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, tf.constant(1.0)],
                     back_prop=False)[1]
mapped = tf.map_fn(lambda e: e * x, tf.constant([1.0, 2.0]), back_prop=False)
scanned = tf.scan(lambda a, e: a * x + e, tf.constant([1.0, 2.0]), back_prop=False)
folded = tf.foldl(lambda a, e: a * x + e, tf.constant([1.0, 2.0]), back_prop=False)
kept = tf.map_fn(lambda e: e * x, tf.constant([1.0, 2.0]))
ts = (loop, mapped, scanned, folded)
out["none"] = [tf.gradients(tf.reduce_sum(t), x)[0] is None for t in ts]
g = tf.gradients(tf.reduce_sum(kept) + tf.reduce_sum(mapped), x)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = [np.asarray(sess.run(t)).tolist() for t in ts]
    out["grad"] = float(sess.run(g))
""",
    "reset_default_graph_nested": """
out["inside"] = raises(lambda: tf.reset_default_graph())
""",
    "errors_build_time": """
a = tf.constant([[1.0, 2.0]]); b = tf.constant([[1.0, 2.0]]); i = tf.constant([1, 2])
out["matmul_shape"] = raises(lambda: tf.matmul(a, b))
out["add_dtype"] = raises(lambda: tf.add(a, i))
out["add_op_dtype"] = raises(lambda: a + i)
out["add_shape"] = raises(lambda: tf.constant([1., 2., 3.]) + tf.constant([1., 2.]))
out["reshape_bad"] = raises(lambda: tf.reshape(tf.zeros([2, 3]), [4, 2]))
out["concat_rank"] = raises(lambda: tf.concat([tf.zeros([2, 3]), tf.zeros([2])], 0))
out["get_var_dup"] = raises(lambda: [tf.get_variable("v", [1]), tf.get_variable("v", [1])])
with tf.variable_scope("s", reuse=True):
    out["get_var_missing"] = raises(lambda: tf.get_variable("nope", [1]))
out["get_var_shape"] = raises(lambda: tf.get_variable("noshape"))
out["var_no_init"] = raises(lambda: tf.Variable())
out["const_bad_shape"] = raises(lambda: tf.constant([1, 2, 3], shape=[2]))
out["placeholder_feed_dtype"] = raises(
    lambda: tf.placeholder(tf.float32, [2]) + tf.constant([1, 2]))
out["tensor_bool"] = raises(lambda: bool(tf.constant(True)))
out["tensor_iter"] = raises(lambda: [x for x in tf.placeholder(tf.float32, [None, 2])])
out["tensor_iter_known"] = raises(lambda: len([x for x in tf.zeros([3, 2])]))
out["by_name_missing"] = raises(lambda: tf.get_default_graph().get_tensor_by_name("nothing:0"))
out["by_name_bad"] = raises(lambda: tf.get_default_graph().get_tensor_by_name("nothing"))
out["op_by_name_missing"] = raises(
    lambda: tf.get_default_graph().get_operation_by_name("nothing"))
out["grad_int"] = raises(
    lambda: tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.Variable([1, 2]))))
out["minimize_novars"] = raises(
    lambda: tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(1.0)))
out["cond_nonbool"] = raises(lambda: tf.cond(tf.constant(1.0), lambda: 1.0, lambda: 2.0))
out["cond_struct"] = raises(lambda: tf.cond(tf.constant(True), lambda: (1.0, 2.0), lambda: 1.0))
out["while_shape"] = raises(
    lambda: tf.while_loop(lambda x: tf.size(x) < 5, lambda x: tf.concat([x, [1]], 0),
                          [tf.constant([1])]))
out["squeeze_bad"] = raises(lambda: tf.squeeze(tf.zeros([2, 3]), [0]))
out["transpose_perm"] = raises(lambda: tf.transpose(tf.zeros([2, 3]), [0, 2]))
out["onehot_float"] = raises(lambda: tf.one_hot(tf.constant([1.0]), 3))
out["xent_shape"] = raises(
    lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([2, 3]),
                                                       logits=tf.zeros([2, 4])))
out["sparse_xent_rank"] = raises(
    lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([2, 3], tf.int32),
                                                           logits=tf.zeros([2, 4])))
out["conv_channels"] = raises(
    lambda: tf.nn.conv2d(tf.zeros([1, 4, 4, 3]), tf.zeros([3, 3, 2, 1]), [1, 1, 1, 1], "SAME"))
out["conv_padding"] = raises(
    lambda: tf.nn.conv2d(tf.zeros([1, 4, 4, 3]), tf.zeros([3, 3, 3, 1]), [1, 1, 1, 1], "FULL"))
out["dense_rank1"] = raises(lambda: tf.layers.dense(tf.zeros([3]), 2))
out["dense_unknown_last"] = raises(
    lambda: tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 2))
out["session_graph"] = raises(lambda: tf.Session(graph=tf.Graph()).run(a))
g2 = tf.Graph()
with g2.as_default():
    c2 = tf.constant(1.0)
out["cross_graph"] = raises(lambda: a + c2)
out["fetch_none"] = raises(lambda: tf.Session().run(None))
out["fetch_int"] = raises(lambda: tf.Session().run(3))
out["fetch_str_missing"] = raises(lambda: tf.Session().run("missing:0"))
out["feed_nontensor"] = raises(lambda: tf.Session().run(a, {"x": 1}))
out["finalized"] = raises(lambda: (tf.get_default_graph().finalize(), tf.constant(1.0)))
""",
    "errors_run_time": """
x = tf.placeholder(tf.float32, [None, 3]); idx = tf.placeholder(tf.int32, [None])
v = tf.Variable([1.0, 2.0, 3.0]); w = tf.get_variable("w", [2])
sess = tf.Session()
out["uninit"] = raises(lambda: sess.run(v))
out["uninit_get"] = raises(lambda: sess.run(w))
out["missing_feed"] = raises(lambda: sess.run(x * 2))
out["feed_shape"] = raises(lambda: sess.run(x * 2, {x: [[1.0, 2.0]]}))
out["feed_dtype_str"] = raises(lambda: sess.run(x * 2, {x: [["a", "b", "c"]]}))
out["gather_oob"] = raises(
    lambda: sess.run(tf.gather(tf.constant([1.0, 2.0]), idx), {idx: [0, 5]}))
out["reshape_run"] = raises(lambda: sess.run(tf.reshape(x, [2, 2]), {x: [[1.0, 2.0, 3.0]]}))
out["matmul_run"] = raises(
    lambda: sess.run(tf.matmul(x, tf.placeholder_with_default(tf.ones([2, 2]), [None, None])),
                     {x: [[1.0, 2.0, 3.0]]}))
out["assert_eq"] = raises(lambda: sess.run(tf.assert_equal(tf.constant(1), tf.constant(2))))
out["assert_pos"] = raises(lambda: sess.run(tf.assert_positive(tf.constant([1.0, -1.0]))))
out["assert_dep"] = raises(lambda: sess.run(tf.identity(x) if False else tf.no_op()))
with tf.control_dependencies([tf.assert_less(tf.reduce_max(x), 10.0, message="too big")]):
    checked = tf.identity(x)
out["assert_ctrl_ok"] = raises(lambda: sess.run(checked, {x: [[1.0, 2.0, 3.0]]}))
out["assert_ctrl_bad"] = raises(lambda: sess.run(checked, {x: [[1.0, 20.0, 3.0]]}))
out["check_numerics"] = raises(
    lambda: sess.run(tf.check_numerics(tf.log(x), "log"), {x: [[1.0, 0.0, -1.0]]}))
out["sparse_xent_label"] = raises(
    lambda: sess.run(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=idx, logits=tf.zeros([2, 3])), {idx: [0, 3]}))
out["onehot_ok_neg"] = raises(lambda: sess.run(tf.one_hot(idx, 3), {idx: [-1, 3]}))
out["slice_oob"] = raises(lambda: sess.run(tf.slice(x, [0, 1], [1, 5]), {x: [[1.0, 2.0, 3.0]]}))
out["strided_oob"] = raises(lambda: sess.run(x[5], {x: [[1.0, 2.0, 3.0]]}))
out["div_zero_int"] = raises(lambda: sess.run(tf.floordiv(tf.constant(1), tf.constant(0))))
out["py_div_zero_int"] = raises(lambda: sess.run(tf.constant(7) // tf.constant(0)))
out["concat_run"] = raises(
    lambda: sess.run(tf.concat([x, tf.placeholder_with_default(tf.ones([2, 2]), [None, None])],
                               0), {x: [[1.0, 2.0, 3.0]]}))
it = tf.data.Dataset.range(2).make_one_shot_iterator().get_next()
out["oor"] = [raises(lambda: sess.run(it)) for _ in range(3)]
q = tf.FIFOQueue(2, tf.float32)
out["closed_q"] = raises(lambda: (sess.run(q.close()), sess.run(q.dequeue())))
sess.run(tf.global_variables_initializer())
out["assign_shape"] = raises(
    lambda: sess.run(tf.assign(v, tf.placeholder_with_default([1.0, 2.0], [None]))))
sess.close()
out["closed_sess"] = raises(lambda: sess.run(v))
""",
    "saver_variants": """
import tempfile, os
d = tempfile.mkdtemp()
v = tf.Variable([1.0, 2.0], name="v")
w = tf.get_variable("w", [2], initializer=tf.constant_initializer(3.0))
saver = tf.train.Saver(keep_checkpoint_every_n_hours=2, max_to_keep=3, pad_step_number=True)
s2 = tf.train.Saver([v], sharded=False, write_version=tf.train.SaverDef.V2)
s3 = tf.train.Saver({"renamed": w}, reshape=False, filename=None)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    p1 = saver.save(sess, os.path.join(d, "m"), global_step=7, write_meta_graph=False)
    p2 = s2.save(sess, os.path.join(d, "only_v"), latest_filename="other_checkpoint")
    p3 = s3.save(sess, os.path.join(d, "renamed"))
out["paths"] = [os.path.basename(p) for p in (p1, p2, p3)]
out["versions"] = [tf.train.SaverDef.V1, tf.train.SaverDef.V2]
out["metas"] = sorted(f for f in os.listdir(d) if f.endswith((".meta", ".index")))
out["keys3"] = sorted([n, list(s)] for n, s in tf.train.list_variables(p3))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(tf.assign(w, [9.0, 9.0]))
    s3.restore(sess, p3)
    out["w"] = sess.run(w).tolist()
    out["latest"] = os.path.basename(tf.train.latest_checkpoint(d))
    out["latest_other"] = os.path.basename(tf.train.latest_checkpoint(d, "other_checkpoint"))
    out["exists"] = [tf.train.checkpoint_exists(p1),
                     tf.train.checkpoint_exists(os.path.join(d, "nope"))]
""",
    "graph_keys": """
out["keys"] = {k: getattr(tf.GraphKeys, k) for k in [
    "GLOBAL_VARIABLES", "LOCAL_VARIABLES", "TRAINABLE_VARIABLES", "MODEL_VARIABLES",
    "MOVING_AVERAGE_VARIABLES", "REGULARIZATION_LOSSES", "LOSSES", "UPDATE_OPS", "SUMMARIES",
    "TRAIN_OP", "GLOBAL_STEP", "INIT_OP", "LOCAL_INIT_OP", "READY_OP", "SAVERS",
    "QUEUE_RUNNERS", "TABLE_INITIALIZERS", "SUMMARY_OP", "READY_FOR_LOCAL_INIT_OP",
    "RESOURCES", "LOCAL_RESOURCES", "SAVEABLE_OBJECTS", "METRIC_VARIABLES", "ACTIVATIONS",
    "WEIGHTS", "BIASES", "EVAL_STEP", "ASSET_FILEPATHS", "COND_CONTEXT", "WHILE_CONTEXT"]}
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, seed=0)
