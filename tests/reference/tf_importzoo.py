"""Real models' graphs as TensorFlow writes them, for graphgate to import (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf_importzoo.py \
        tests/unit/engine/fixtures/importzoo [NAME...]

Each model is a tiny re-typing of a famous TF1 model's shape (BERT/transformer blocks,
slim-style ResNet/Inception/MobileNet blocks, `dynamic_rnn` and `bidirectional_dynamic_rnn`
LSTMs and GRUs, seq2seq, a YOLO head with NMS, DCGAN and pix2pix with batch norm in
training and inference mode, word2vec, a VAE...), trained two steps in graph mode, then
written as users write it:

  (a) `NAME/frozen.pb`: `convert_variables_to_constants` of the serving outputs, and for
      the models people optimise, `NAME/optimized.pb` after `remove_training_nodes` and
      `optimize_for_inference`;
  (b) `NAME/saved/`: `simple_save` of the same session (its serving signature), for the
      models in SAVED only: it holds the same training graph as (c), so three cover the
      format (the fixtures stay under 5 MB);
  (c) `NAME/model.meta` + `NAME/model.*`: `tf.train.Saver().save` of the training graph,
      which `import_meta_graph` + `restore` continues training from; not for the models in
      UNTRAINED, whose training graphs graphgate refuses as it refuses `lstm`'s (TF's
      gradient of a while_loop), which stands for them.

Also `bn_grad.pb`/`.json`: TF's batch norm gradient nodes alone, with their values; and
`optimizers/`: training metas of the fused Ftrl and ProximalAdagrad kernels, dense and sparse.

`expected.json` holds, per model, the feeds, TF's serving outputs for them (read back from
each written file), and for (c) the loss before each of 3 more training steps and the
trainable variables after them. Inputs are seeded numpy arrays; no randomness runs in the
graphs (a VAE's noise and dropout's keep are fed).
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.tools import optimize_for_inference_lib

tf.disable_v2_behavior()
tf.logging.set_verbosity(tf.logging.ERROR)


def listed(a) -> dict:
    a = np.asarray(a)
    return {"dtype": a.dtype.name, "shape": list(a.shape), "value": a.ravel().tolist()}


def rand(seed, *shape):
    return np.random.RandomState(seed).randn(*shape).astype(np.float32)


def ints(seed, high, *shape):
    return np.random.RandomState(seed).randint(0, high, shape).astype(np.int32)


def layer_norm(x, scope):
    with tf.variable_scope(scope):
        g = tf.get_variable("gamma", [x.shape[-1]], initializer=tf.ones_initializer())
        b = tf.get_variable("beta", [x.shape[-1]], initializer=tf.zeros_initializer())
        mean, var = tf.nn.moments(x, [-1], keep_dims=True)
        return (x - mean) * tf.rsqrt(var + 1e-6) * g + b


def gelu(x):
    return 0.5 * x * (1.0 + tf.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * tf.pow(x, 3))))


def attention(x, mask, heads, scope):
    b, t, d = tf.shape(x)[0], x.shape[1], int(x.shape[-1])
    with tf.variable_scope(scope):
        q, k, v = (tf.layers.dense(x, d, name=n) for n in ("query", "key", "value"))

        def split(y):
            return tf.transpose(tf.reshape(y, [b, t, heads, d // heads]), [0, 2, 1, 3])

        scores = tf.matmul(split(q), split(k), transpose_b=True) / np.sqrt(d // heads)
        scores += (1.0 - tf.cast(mask[:, None, None, :], tf.float32)) * -10000.0
        ctx = tf.matmul(tf.nn.softmax(scores), split(v))
        ctx = tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [b, t, d])
        return tf.layers.dense(ctx, d, name="output")


# Each builder returns (feeds {placeholder: array}, outputs {key: tensor}, loss, optimizer).


def bert():
    ids = tf.placeholder(tf.int32, [None, 6], name="input_ids")
    mask = tf.placeholder(tf.int32, [None, 6], name="input_mask")
    label = tf.placeholder(tf.int32, [None], name="label")
    emb = tf.get_variable("word_embeddings", [20, 8])
    pos = tf.get_variable("position_embeddings", [6, 8])
    x = layer_norm(tf.nn.embedding_lookup(emb, ids) + pos, "emb_ln")
    for i in range(2):
        with tf.variable_scope(f"layer_{i}"):
            x = layer_norm(x + attention(x, mask, 2, "attention"), "ln1")
            h = tf.layers.dense(x, 16, activation=gelu, name="intermediate")
            x = layer_norm(x + tf.layers.dense(h, 8, name="out"), "ln2")
    pooled = tf.layers.dense(x[:, 0], 8, activation=tf.tanh, name="pooler")
    logits = tf.layers.dense(pooled, 3, name="classifier")
    probs = tf.nn.softmax(logits, name="probs")
    loss = tf.losses.sparse_softmax_cross_entropy(label, logits)
    m = np.ones((3, 6), np.int32)
    m[1, 4:] = 0
    feeds = {ids: ints(1, 20, 3, 6), mask: m, label: np.array([0, 2, 1], np.int32)}
    return feeds, {"probs": probs}, loss, tf.train.AdamOptimizer(0.01)


def transformer():
    src = tf.placeholder(tf.float32, [None, 5, 8], name="src")
    tgt = tf.placeholder(tf.float32, [None, 5, 8], name="tgt")
    mask = tf.ones_like(src[:, :, 0], tf.int32)
    x = layer_norm(src + attention(src, mask, 4, "self_attn"), "ln1")
    x = layer_norm(x + tf.layers.dense(tf.nn.relu(tf.layers.dense(x, 16)), 8), "ln2")
    y = tf.identity(x, name="encoded")
    loss = tf.reduce_mean(tf.squared_difference(y, tgt))
    feeds = {src: rand(2, 2, 5, 8), tgt: rand(3, 2, 5, 8)}
    return feeds, {"encoded": y}, loss, tf.train.AdamOptimizer(0.005, beta1=0.8)


def bn_conv(x, filters, size, training, name, strides=1, act=tf.nn.relu, fused=None):
    with tf.variable_scope(name):
        h = tf.layers.conv2d(x, filters, size, strides, "same", use_bias=False)
        h = tf.layers.batch_normalization(h, training=training, momentum=0.9, fused=fused)
        return act(h) if act else h


def resnet(training=False):
    x = tf.placeholder(tf.float32, [None, 8, 8, 3], name="images")
    y = tf.placeholder(tf.int32, [None], name="labels")
    h = bn_conv(x, 4, 3, training, "conv1")
    for i in range(2):
        r = bn_conv(h, 4, 3, training, f"block{i}/a")
        r = bn_conv(r, 4, 3, training, f"block{i}/b", act=None)
        h = tf.nn.relu(h + r)
    h = tf.reduce_mean(h, [1, 2])
    logits = tf.layers.dense(h, 5, name="logits")
    probs = tf.nn.softmax(logits, name="predictions")
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    feeds = {x: rand(4, 3, 8, 8, 3), y: np.array([1, 4, 0], np.int32)}
    return feeds, {"probs": probs}, loss, tf.train.MomentumOptimizer(0.05, 0.9)


def inception():
    x = tf.placeholder(tf.float32, [None, 9, 9, 3], name="images")
    y = tf.placeholder(tf.float32, [None, 4], name="onehot")
    h = tf.layers.conv2d(x, 6, 3, 2, "valid", activation=tf.nn.relu, name="stem")
    b0 = tf.layers.conv2d(h, 2, 1, name="b0", activation=tf.nn.relu)
    b1 = tf.layers.conv2d(tf.layers.conv2d(h, 2, 1, name="b1a"), 3, 3, padding="same", name="b1b")
    b2 = tf.layers.conv2d(tf.layers.conv2d(h, 2, 1, name="b2a"), 3, [1, 3], padding="same")
    b3 = tf.layers.conv2d(tf.layers.max_pooling2d(h, 3, 1, "same"), 2, 1, name="b3")
    h = tf.concat([b0, b1, tf.nn.relu(b2), b3], axis=3)
    h = tf.layers.average_pooling2d(h, 2, 2)
    logits = tf.layers.dense(tf.layers.flatten(h), 4)
    out = tf.nn.sigmoid(logits, name="scores")
    loss = tf.losses.softmax_cross_entropy(y, logits, label_smoothing=0.1)
    feeds = {x: rand(5, 2, 9, 9, 3), y: np.eye(4, dtype=np.float32)[[1, 3]]}
    return feeds, {"scores": out}, loss, tf.train.RMSPropOptimizer(0.01)


def mobilenet():
    x = tf.placeholder(tf.float32, [None, 8, 8, 3], name="input")
    y = tf.placeholder(tf.int32, [None], name="labels")
    h = bn_conv(x, 4, 3, False, "conv0", strides=2, act=tf.nn.relu6)
    dw = tf.get_variable("dw1/depthwise_weights", [3, 3, 4, 2])
    h = tf.nn.depthwise_conv2d(h, dw, [1, 1, 1, 1], "SAME")
    h = tf.nn.relu6(tf.layers.batch_normalization(h, training=False, name="dw1_bn"))
    h = bn_conv(h, 6, 1, False, "pw1", act=tf.nn.relu6)
    h = tf.reduce_mean(h, [1, 2], keepdims=True)
    logits = tf.squeeze(tf.layers.conv2d(h, 3, 1, name="logits"), [1, 2])
    out = tf.nn.softmax(logits, name="MobilenetV1/Predictions")
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    feeds = {x: rand(6, 2, 8, 8, 3), y: np.array([2, 0], np.int32)}
    return feeds, {"predictions": out}, loss, tf.train.RMSPropOptimizer(0.01, momentum=0.9)


def rnn_model(kind, bidirectional=False):
    x = tf.placeholder(tf.float32, [None, 5, 3], name="inputs")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    t = tf.placeholder(tf.float32, [None, 2], name="targets")

    def cell(name):
        if kind == "lstm":
            return tf.nn.rnn_cell.LSTMCell(4, name=name)
        return tf.nn.rnn_cell.GRUCell(4, name=name)

    if bidirectional:
        (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(
            cell("fw"), cell("bw"), x, sequence_length=lengths, dtype=tf.float32
        )
        out = tf.concat([fw, bw], -1)
    else:
        out, _ = tf.nn.dynamic_rnn(cell("cell"), x, sequence_length=lengths, dtype=tf.float32)
    pred = tf.layers.dense(tf.reduce_sum(out, 1), 2, name="head")
    pred = tf.identity(pred, name="prediction")
    loss = tf.losses.mean_squared_error(t, pred)
    feeds = {x: rand(7, 3, 5, 3), lengths: np.array([5, 3, 1], np.int32), t: rand(8, 3, 2)}
    return feeds, {"prediction": pred}, loss, tf.train.AdamOptimizer(0.01)


def lstm():
    return rnn_model("lstm")


def gru():
    return rnn_model("gru")


def bilstm():
    return rnn_model("lstm", bidirectional=True)


def bigru():
    return rnn_model("gru", bidirectional=True)


def seq2seq():
    src = tf.placeholder(tf.int32, [None, 4], name="source")
    dec_in = tf.placeholder(tf.int32, [None, 3], name="decoder_inputs")
    tgt = tf.placeholder(tf.int32, [None, 3], name="targets")
    emb = tf.get_variable("embedding", [10, 4])
    with tf.variable_scope("encoder"):
        _, state = tf.nn.dynamic_rnn(
            tf.nn.rnn_cell.GRUCell(5), tf.nn.embedding_lookup(emb, src), dtype=tf.float32
        )
    with tf.variable_scope("decoder"):
        out, _ = tf.nn.dynamic_rnn(
            tf.nn.rnn_cell.GRUCell(5), tf.nn.embedding_lookup(emb, dec_in), initial_state=state
        )
    logits = tf.layers.dense(out, 10, name="projection")
    ids = tf.argmax(logits, -1, name="predicted_ids", output_type=tf.int32)
    probs = tf.nn.softmax(logits, name="probs")
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tgt, logits=logits)
    loss = tf.reduce_mean(xent)
    feeds = {src: ints(9, 10, 2, 4), dec_in: ints(10, 10, 2, 3), tgt: ints(11, 10, 2, 3)}
    return feeds, {"ids": ids, "probs": probs}, loss, tf.train.AdagradOptimizer(0.3)


def static_lstm():
    """char-rnn: an unrolled static_rnn over MultiRNNCell, as sampled one step at a time."""
    x = tf.placeholder(tf.int32, [None, 4], name="chars")
    y = tf.placeholder(tf.int32, [None, 4], name="next_chars")
    emb = tf.get_variable("embedding", [12, 4])
    cells = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(5) for _ in range(2)])
    inputs = tf.unstack(tf.nn.embedding_lookup(emb, x), axis=1)
    outs, _ = tf.nn.static_rnn(cells, inputs, dtype=tf.float32)
    logits = tf.layers.dense(tf.stack(outs, 1), 12, name="softmax")
    probs = tf.nn.softmax(logits, name="probs")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    feeds = {x: ints(12, 12, 2, 4), y: ints(13, 12, 2, 4)}
    opt = tf.train.AdamOptimizer(0.01)
    return feeds, {"probs": probs}, loss, opt


def yolo():
    x = tf.placeholder(tf.float32, [None, 8, 8, 3], name="image")
    t = tf.placeholder(tf.float32, [None, 4, 4, 7], name="truth")
    h = tf.layers.conv2d(x, 8, 3, 2, "same", name="conv1")
    h = tf.nn.leaky_relu(tf.layers.batch_normalization(h, training=False, name="bn1"), 0.1)
    raw = tf.layers.conv2d(h, 7, 1, name="detect")  # 2 coords xy, 2 wh, objectness, 2 classes
    xy = tf.sigmoid(raw[..., :2])
    wh = tf.exp(tf.clip_by_value(raw[..., 2:4], -4.0, 2.0)) * 0.25
    obj = tf.sigmoid(raw[..., 4:5])
    cls = tf.nn.softmax(raw[..., 5:])
    grid = tf.cast(tf.stack(tf.meshgrid(tf.range(4), tf.range(4)), -1), tf.float32)
    centre = (xy + grid) / 4.0
    boxes = tf.concat([centre - wh / 2, centre + wh / 2], -1)
    boxes = tf.reshape(boxes[0], [-1, 4])
    scores = tf.reshape(obj[0] * cls[0], [-1, 2])
    best = tf.reduce_max(scores, -1)
    keep = tf.image.non_max_suppression(boxes, best, 5, iou_threshold=0.5, score_threshold=0.1)
    out_boxes = tf.gather(boxes, keep, name="boxes")
    out_classes = tf.argmax(tf.gather(scores, keep), -1, name="classes")
    loss = tf.reduce_mean(tf.square(tf.concat([xy, wh, obj, cls], -1) - t))
    feeds = {x: rand(14, 1, 8, 8, 3), t: np.abs(rand(15, 1, 4, 4, 7)) * 0.5}
    outputs = {"boxes": out_boxes, "classes": out_classes, "raw": tf.identity(raw, "raw_out")}
    return feeds, outputs, loss, tf.train.AdamOptimizer(0.01)


def dcgan():
    """A DCGAN generator and discriminator, batch norm in training mode (fused)."""
    z = tf.placeholder(tf.float32, [None, 6], name="z")
    real = tf.placeholder(tf.float32, [None, 8, 8, 1], name="real")
    with tf.variable_scope("generator"):
        h = tf.layers.dense(z, 2 * 2 * 8)
        h = tf.nn.relu(tf.layers.batch_normalization(tf.reshape(h, [-1, 2, 2, 8]), training=True))
        h = tf.layers.conv2d_transpose(h, 4, 4, 2, "same")
        h = tf.nn.relu(tf.layers.batch_normalization(h, training=True))
        fake = tf.tanh(tf.layers.conv2d_transpose(h, 1, 4, 2, "same"), name="fake")

    def disc(img, reuse):
        with tf.variable_scope("discriminator", reuse=reuse):
            h = tf.nn.leaky_relu(tf.layers.conv2d(img, 4, 4, 2, "same"), 0.2)
            h = tf.layers.batch_normalization(tf.layers.conv2d(h, 8, 4, 2, "same"), training=True)
            return tf.layers.dense(tf.layers.flatten(tf.nn.leaky_relu(h, 0.2)), 1)

    d_real, d_fake = disc(real, False), disc(fake, True)
    xent = tf.nn.sigmoid_cross_entropy_with_logits
    d_loss = tf.reduce_mean(xent(labels=tf.ones_like(d_real), logits=d_real)) + tf.reduce_mean(
        xent(labels=tf.zeros_like(d_fake), logits=d_fake)
    )
    g_loss = tf.reduce_mean(xent(labels=tf.ones_like(d_fake), logits=d_fake))
    feeds = {z: rand(16, 3, 6), real: np.tanh(rand(17, 3, 8, 8, 1))}
    return feeds, {"fake": fake}, d_loss + g_loss, tf.train.AdamOptimizer(0.0002 * 10, beta1=0.5)


def pix2pix():
    """A two-level U-Net (conv, batch norm in inference mode, conv-transpose, skip)."""
    x = tf.placeholder(tf.float32, [None, 8, 8, 3], name="input_image")
    t = tf.placeholder(tf.float32, [None, 8, 8, 3], name="target_image")
    e1 = tf.nn.leaky_relu(tf.layers.conv2d(x, 4, 4, 2, "same", name="enc1"), 0.2)
    e2 = tf.layers.batch_normalization(tf.layers.conv2d(e1, 8, 4, 2, "same"), training=False)
    d1 = tf.nn.relu(tf.layers.conv2d_transpose(tf.nn.leaky_relu(e2, 0.2), 4, 4, 2, "same"))
    d1 = tf.layers.batch_normalization(d1, training=False, fused=False)
    out = tf.tanh(tf.layers.conv2d_transpose(tf.concat([d1, e1], 3), 3, 4, 2, "same"))
    out = tf.identity(out, name="generated")
    loss = tf.reduce_mean(tf.abs(out - t))
    feeds = {x: np.tanh(rand(18, 2, 8, 8, 3)), t: np.tanh(rand(19, 2, 8, 8, 3))}
    return feeds, {"generated": out}, loss, tf.train.AdamOptimizer(0.002, beta1=0.5)


def word2vec():
    center = tf.placeholder(tf.int32, [None], name="center")
    context = tf.placeholder(tf.int64, [None, 1], name="context")
    emb = tf.Variable(tf.random_uniform([16, 4], -1.0, 1.0), name="embeddings")
    nce_w = tf.Variable(tf.truncated_normal([16, 4], stddev=0.5), name="nce_weights")
    nce_b = tf.Variable(tf.zeros([16]), name="nce_biases")
    embed = tf.nn.embedding_lookup(emb, center)
    logits = tf.matmul(embed, nce_w, transpose_b=True) + nce_b
    labels = tf.one_hot(context[:, 0], 16)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits))
    norm = tf.sqrt(tf.reduce_sum(tf.square(emb), 1, keepdims=True))
    sim = tf.matmul(tf.gather(emb / norm, center), emb / norm, transpose_b=True, name="similarity")
    feeds = {center: ints(20, 16, 6), context: ints(21, 16, 6, 1).astype(np.int64)}
    return feeds, {"similarity": sim}, loss, tf.train.GradientDescentOptimizer(1.0)


def vae():
    x = tf.placeholder(tf.float32, [None, 10], name="x")
    eps = tf.placeholder(tf.float32, [None, 2], name="epsilon")
    h = tf.layers.dense(x, 8, tf.nn.softplus, name="enc")
    mu = tf.layers.dense(h, 2, name="mu")
    log_sigma_sq = tf.layers.dense(h, 2, name="log_sigma_sq")
    z = mu + tf.sqrt(tf.exp(log_sigma_sq)) * eps
    h = tf.layers.dense(z, 8, tf.nn.softplus, name="dec")
    recon = tf.layers.dense(h, 10, tf.nn.sigmoid, name="recon")
    recon_loss = -tf.reduce_sum(x * tf.log(1e-10 + recon) + (1 - x) * tf.log(1e-10 + 1 - recon), 1)
    kl = -0.5 * tf.reduce_sum(1 + log_sigma_sq - tf.square(mu) - tf.exp(log_sigma_sq), 1)
    loss = tf.reduce_mean(recon_loss + kl)
    xs = (np.random.RandomState(22).rand(4, 10) > 0.5).astype(np.float32)
    feeds = {x: xs, eps: rand(23, 4, 2)}
    return feeds, {"reconstruction": recon, "z_mean": mu}, loss, tf.train.AdamOptimizer(0.01)


def textcnn():
    words = tf.placeholder(tf.int32, [None, 7], name="input_x")
    y = tf.placeholder(tf.float32, [None, 2], name="input_y")
    keep = tf.placeholder_with_default(1.0, [], name="dropout_keep_prob")
    emb = tf.get_variable("W", [15, 4])
    x = tf.expand_dims(tf.nn.embedding_lookup(emb, words), -1)
    pools = []
    for size in (2, 3):
        w = tf.get_variable(f"conv{size}/W", [size, 4, 1, 3])
        b = tf.get_variable(f"conv{size}/b", [3], initializer=tf.constant_initializer(0.1))
        c = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, w, [1, 1, 1, 1], "VALID"), b))
        pools.append(tf.nn.max_pool(c, [1, 7 - size + 1, 1, 1], [1, 1, 1, 1], "VALID"))
    h = tf.nn.dropout(tf.reshape(tf.concat(pools, 3), [-1, 6]), keep_prob=keep)
    scores = tf.layers.dense(h, 2, name="scores")
    pred = tf.argmax(scores, 1, name="predictions")
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=scores))
    loss += 0.01 * tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables()])
    feeds = {words: ints(24, 15, 3, 7), y: np.eye(2, dtype=np.float32)[[0, 1, 1]]}
    return feeds, {"predictions": pred, "scores": scores}, loss, tf.train.AdamOptimizer(0.01)


def lenet():
    x = tf.placeholder(tf.float32, [None, 784 // 49], name="x")
    y = tf.placeholder(tf.float32, [None, 3], name="y_")
    img = tf.reshape(x, [-1, 4, 4, 1])
    w1 = tf.Variable(tf.truncated_normal([3, 3, 1, 4], stddev=0.3, seed=1), name="W_conv1")
    b1 = tf.Variable(tf.constant(0.1, shape=[4]), name="b_conv1")
    h = tf.nn.max_pool(
        tf.nn.relu(tf.nn.conv2d(img, w1, [1, 1, 1, 1], "SAME") + b1),
        [1, 2, 2, 1],
        [1, 2, 2, 1],
        "SAME",
    )
    w2 = tf.Variable(tf.truncated_normal([16, 3], stddev=0.3, seed=2), name="W_fc")
    b2 = tf.Variable(tf.constant(0.1, shape=[3]), name="b_fc")
    logits = tf.matmul(tf.reshape(h, [-1, 16]), w2) + b2
    out = tf.nn.softmax(logits, name="y_conv")
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    feeds = {x: rand(25, 3, 16), y: np.eye(3, dtype=np.float32)[[2, 0, 1]]}
    return feeds, {"y_conv": out}, loss, tf.train.AdamOptimizer(1e-2)


def wide_deep():
    dense_in = tf.placeholder(tf.float32, [None, 3], name="dense_features")
    cat = tf.placeholder(tf.int32, [None], name="category")
    y = tf.placeholder(tf.float32, [None, 1], name="clicked")
    emb = tf.get_variable("cat_embedding", [6, 3])
    wide = tf.get_variable("wide_weights", [6, 1], initializer=tf.zeros_initializer())
    deep = tf.concat([dense_in, tf.nn.embedding_lookup(emb, cat)], 1)
    deep = tf.layers.dense(tf.layers.dense(deep, 8, tf.nn.relu), 1)
    logit = deep + tf.nn.embedding_lookup(wide, cat)
    prob = tf.nn.sigmoid(logit, name="probability")
    loss = tf.losses.sigmoid_cross_entropy(y, logit)
    feeds = {
        dense_in: rand(26, 4, 3),
        cat: ints(27, 6, 4),
        y: np.array([[1], [0], [0], [1]], np.float32),
    }
    return feeds, {"probability": prob}, loss, tf.train.FtrlOptimizer(0.1)


def autoencoder():
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    h = tf.layers.dense(x, 3, tf.nn.sigmoid, name="encoder")
    code = tf.identity(h, name="code")
    recon = tf.layers.dense(h, 6, name="decoder")
    loss = tf.reduce_mean(tf.pow(recon - x, 2))
    feeds = {x: rand(28, 5, 6)}
    outs = {"code": code, "recon": tf.identity(recon, "reconstruction")}
    return feeds, outs, loss, tf.train.RMSPropOptimizer(0.01)


def bahdanau():
    """Additive attention over an encoder's outputs, as NMT tutorials wrote it by hand."""
    enc = tf.placeholder(tf.float32, [None, 5, 4], name="encoder_outputs")
    query = tf.placeholder(tf.float32, [None, 4], name="decoder_state")
    t = tf.placeholder(tf.float32, [None, 4], name="target")
    keys = tf.layers.dense(enc, 6, use_bias=False, name="memory_layer")
    q = tf.layers.dense(query, 6, use_bias=False, name="query_layer")
    v = tf.get_variable("attention_v", [6])
    score = tf.reduce_sum(v * tf.tanh(keys + q[:, None, :]), 2)
    align = tf.nn.softmax(score, name="alignments")
    ctx = tf.reduce_sum(align[:, :, None] * enc, 1)
    out = tf.layers.dense(tf.concat([ctx, query], 1), 4, tf.tanh, name="attention_layer")
    out = tf.identity(out, name="attention")
    loss = tf.losses.huber_loss(t, out)
    feeds = {enc: rand(29, 2, 5, 4), query: rand(30, 2, 4), t: rand(31, 2, 4)}
    return feeds, {"attention": out, "alignments": align}, loss, tf.train.AdamOptimizer(0.02)


def moments_bn():
    """Batch norm written with tf.nn.moments and an ExponentialMovingAverage (MNIST tutorial)."""
    x = tf.placeholder(tf.float32, [None, 5], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    w = tf.get_variable("w", [5, 4])
    h = tf.matmul(x, w)
    mean, var = tf.nn.moments(h, [0])
    ema = tf.train.ExponentialMovingAverage(0.9)
    update = ema.apply([mean, var])
    beta = tf.get_variable("beta", [4], initializer=tf.zeros_initializer())
    gamma = tf.get_variable("gamma", [4], initializer=tf.ones_initializer())
    with tf.control_dependencies([update]):
        hb = tf.nn.batch_normalization(h, mean, var, beta, gamma, 1e-3)
    infer = tf.nn.batch_normalization(h, ema.average(mean), ema.average(var), beta, gamma, 1e-3)
    logits = tf.layers.dense(tf.nn.relu(hb), 3, name="out")
    out = tf.nn.softmax(tf.layers.dense(tf.nn.relu(infer), 3, name="out", reuse=True), name="p")
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    feeds = {x: rand(32, 4, 5), y: np.array([0, 1, 2, 1], np.int32)}
    return feeds, {"probs": out}, loss, tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True)


def gpt():
    """A GPT-2 block: causal mask built from ranges, conv1d as matmul, gelu, a residual."""
    tokens = tf.placeholder(tf.int32, [None, 5], name="tokens")
    nxt = tf.placeholder(tf.int32, [None, 5], name="next_tokens")
    wte = tf.get_variable("wte", [11, 8], initializer=tf.random_normal_initializer(stddev=0.2))
    wpe = tf.get_variable("wpe", [5, 8], initializer=tf.random_normal_initializer(stddev=0.1))
    h = tf.gather(wte, tokens) + wpe
    with tf.variable_scope("h0"):
        a = layer_norm(h, "ln_1")
        c = tf.einsum("btd,de->bte", a, tf.get_variable("c_attn_w", [8, 24]))
        q, k, v = tf.split(c, 3, axis=2)
        w = tf.matmul(q, k, transpose_b=True) * tf.rsqrt(8.0)
        i = tf.range(5)[:, None]
        j = tf.range(5)
        b = tf.cast(i >= j, tf.float32)
        w = w * b - 1e10 * (1 - b)
        h += tf.matmul(tf.nn.softmax(w), v)
        m = layer_norm(h, "ln_2")
        h += tf.layers.dense(gelu(tf.layers.dense(m, 16, name="c_fc")), 8, name="c_proj")
    logits = tf.matmul(layer_norm(h, "ln_f"), wte, transpose_b=True)
    probs = tf.nn.softmax(logits, name="next_token_probs")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=nxt, logits=logits))
    feeds = {tokens: ints(33, 11, 2, 5), nxt: ints(34, 11, 2, 5)}
    return feeds, {"probs": probs}, loss, tf.train.AdamOptimizer(0.01)


def logistic():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w = tf.Variable(tf.zeros([4, 1]), name="weights")
    b = tf.Variable(0.0, name="bias")
    p = tf.sigmoid(tf.matmul(x, w) + b, name="prob")
    loss = tf.reduce_mean(
        -y * tf.log(p + 1e-7) - (1 - y) * tf.log(1 - p + 1e-7)
    ) + 0.01 * tf.nn.l2_loss(w)
    feeds = {x: rand(35, 6, 4), y: (rand(36, 6, 1) > 0).astype(np.float32)}
    return (
        feeds,
        {"prob": p},
        loss,
        tf.train.ProximalAdagradOptimizer(0.5, l2_regularization_strength=0.01),
    )


MODELS = {
    f.__name__: f
    for f in (
        bert,
        transformer,
        resnet,
        inception,
        mobilenet,
        lstm,
        gru,
        bilstm,
        bigru,
        seq2seq,
        static_lstm,
        yolo,
        dcgan,
        pix2pix,
        word2vec,
        vae,
        textcnn,
        lenet,
        wide_deep,
        autoencoder,
        bahdanau,
        moments_bn,
        gpt,
        logistic,
    )
}
# Inference graphs people run through optimize_for_inference (batch norm folded into convs).
OPTIMIZED = {"resnet", "mobilenet", "inception", "pix2pix", "lenet", "yolo", "textcnn"}
# The SavedModels written: int inputs through attention, TF's batch norm gradient nodes in
# the served graph, and the refused training graph's export.
SAVED = {"gpt", "resnet", "lstm"}
# dynamic_rnn's training graphs beside lstm's: refused alike, so only their frozen graph.
UNTRAINED = {"gru", "bilstm", "bigru", "seq2seq"}


def by_name(feeds):
    return {k.name: v for k, v in feeds.items()}


def run_graph_def(graph_def, feeds, names):
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            return sess.run(names, feeds)


def record(name: str, out_dir: str) -> dict:
    d = os.path.join(out_dir, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with tf.Graph().as_default() as g:
        tf.set_random_seed(7)
        feeds, outputs, loss, opt = MODELS[name]()
        loss = tf.identity(loss, name="total_loss")
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            train = opt.minimize(
                loss, global_step=tf.train.get_or_create_global_step(), name="train"
            )
        feeds = by_name(feeds)
        out_names = {k: v.name for k, v in outputs.items()}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(2):
                sess.run(train, feeds)
            serving = dict(zip(out_names, sess.run(list(out_names.values()), feeds), strict=True))
            fetch_ops = [v.op.name for v in outputs.values()]
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), fetch_ops)
            placeholders = [
                n for n in feeds if g.get_tensor_by_name(n) in _serving_inputs(g, outputs)
            ]
            if name in SAVED:
                tf.saved_model.simple_save(
                    sess,
                    d + "/saved",
                    {n.split(":")[0]: g.get_tensor_by_name(n) for n in placeholders},
                    outputs,
                )
            if name not in UNTRAINED:
                tf.train.Saver(save_relative_paths=True).save(sess, d + "/model")
    with open(d + "/frozen.pb", "wb") as f:
        f.write(frozen.SerializeToString())
    inputs = {n: feeds[n] for n in placeholders}
    entry = {
        "feeds": {k: listed(v) for k, v in feeds.items()},
        "inputs": sorted(inputs),
        "outputs": out_names,
        "serving": {k: listed(v) for k, v in serving.items()},
    }
    got = run_graph_def(frozen, inputs, list(out_names.values()))
    entry["frozen"] = {k: listed(v) for k, v in zip(out_names, got, strict=True)}
    if name in OPTIMIZED:
        opt_def = tf.graph_util.remove_training_nodes(frozen, protected_nodes=fetch_ops)
        opt_def = optimize_for_inference_lib.optimize_for_inference(
            opt_def,
            [n.split(":")[0] for n in sorted(inputs)],
            fetch_ops,
            [tf.as_dtype(np.asarray(inputs[n]).dtype).as_datatype_enum for n in sorted(inputs)],
        )
        with open(d + "/optimized.pb", "wb") as f:
            f.write(opt_def.SerializeToString())
        got = run_graph_def(opt_def, inputs, list(out_names.values()))
        entry["optimized"] = {k: listed(v) for k, v in zip(out_names, got, strict=True)}
        entry["optimized_ops"] = sorted({n.op for n in opt_def.node})
    if name in SAVED:
        entry["saved"] = served(d, inputs)
    if name not in UNTRAINED:
        entry["meta"] = continue_training(d, feeds)
    return entry


def served(d: str, inputs: dict) -> dict:
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], d + "/saved")
        sig = meta.signature_def["serving_default"]
        got = sess.run(
            {k: v.name for k, v in sig.outputs.items()},
            {sig.inputs[k].name: inputs[k + ":0"] for k in sig.inputs},
        )
    return {k: listed(v) for k, v in got.items()}


def _serving_inputs(g, outputs):
    """The placeholders the serving outputs depend on."""
    seen, todo, found = set(), [t.op for t in outputs.values()], set()
    while todo:
        op = todo.pop()
        if op.name in seen:
            continue
        seen.add(op.name)
        if op.type == "Placeholder":
            found.add(op.outputs[0])
        todo.extend(i.op for i in op.inputs)
        todo.extend(op.control_inputs)
    return found


def continue_training(d: str, feeds: dict) -> dict:
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(d + "/model.meta")
        with tf.Session() as sess:
            saver.restore(sess, d + "/model")
            losses = [float(sess.run(["total_loss:0", "train"], feeds)[0]) for _ in range(3)]
            variables = {v.op.name: v for v in tf.trainable_variables()}
            values = sess.run(variables)
    return {
        "losses": losses,
        "variables": {k: listed(v) for k, v in sorted(values.items())},
    }


def batch_norm_gradients(out_dir: str) -> None:
    """TF's FusedBatchNormGradV3 nodes on their own (training and inference mode, NHWC),
    with the gradients they compute: `bn_grad.pb`, `bn_grad.json`."""
    x_value = rand(40, 3, 2, 2, 3) * 2 + 1
    weights = rand(41, 3, 2, 2, 3)
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 2, 2, 3], name="x")
        scale = tf.constant([0.5, 2.0, -1.0], name="scale")
        offset = tf.constant([0.1, 0.0, -0.3], name="offset")
        mean = tf.constant([0.2, 1.0, -0.5], name="mean")
        variance = tf.constant([1.5, 0.3, 2.0], name="variance")
        fetches = {}
        for mode in ("training", "inference"):
            y, _, _ = tf.nn.fused_batch_norm(
                x,
                scale,
                offset,
                None if mode == "training" else mean,
                None if mode == "training" else variance,
                epsilon=0.01,
                is_training=mode == "training",
                name=mode,
            )
            grads = tf.gradients(tf.reduce_sum(y * weights), [x, scale, offset])
            for key, grad in zip(("x", "scale", "offset"), grads, strict=True):
                fetches[f"{mode}/{key}"] = tf.identity(grad, name=f"{mode}_d{key}").name
        ops = {n.op for n in g.as_graph_def().node}
        assert "FusedBatchNormGradV3" in ops, ops
        with tf.Session() as sess:
            values = sess.run(fetches, {x: x_value})
        with open(os.path.join(out_dir, "bn_grad.pb"), "wb") as f:
            f.write(g.as_graph_def().SerializeToString())
    doc = {"x": listed(x_value), "fetches": fetches}
    doc["values"] = {k: listed(v) for k, v in values.items()}
    with open(os.path.join(out_dir, "bn_grad.json"), "w") as f:
        json.dump(doc, f, sort_keys=True)


OPTIMIZERS = {
    "ftrl_l1": lambda: tf.train.FtrlOptimizer(
        0.3, l1_regularization_strength=0.05, l2_regularization_strength=0.1
    ),
    "ftrl_power": lambda: tf.train.FtrlOptimizer(
        0.3, learning_rate_power=-0.7, initial_accumulator_value=0.5
    ),
    "proximal_adagrad_l1": lambda: tf.train.ProximalAdagradOptimizer(
        0.4, l1_regularization_strength=0.05, l2_regularization_strength=0.2
    ),
}


def optimizer_metas(out_dir: str) -> None:
    """The training .meta of a dense weight and an embedding (a sparse gradient) under the
    optimizers whose fused kernels graphgate lowers (ApplyFtrl, SparseApplyFtrl,
    ApplyProximalAdagrad, SparseApplyProximalAdagrad) with l1, l2 and a power other than
    -0.5, and the loss and variables over 3 steps: `optimizers/`."""
    d = os.path.join(out_dir, "optimizers")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    feeds = {"ids:0": np.array([1, 3, 1, 0], np.int32), "t:0": rand(42, 4, 2)}
    doc = {"feeds": {k: listed(v) for k, v in feeds.items()}}
    for name, make in OPTIMIZERS.items():
        with tf.Graph().as_default():
            ids = tf.placeholder(tf.int32, [None], name="ids")
            t = tf.placeholder(tf.float32, [None, 2], name="t")
            emb = tf.Variable(rand(43, 5, 3), name="emb")
            w = tf.Variable(rand(44, 3, 2), name="w")
            y = tf.matmul(tf.nn.embedding_lookup(emb, ids), w)
            loss = tf.reduce_mean(tf.square(y - t), name="total_loss")
            make().minimize(loss, name="train")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                tf.train.Saver(save_relative_paths=True).save(sess, f"{d}/{name}")
        with tf.Graph().as_default():
            saver = tf.train.import_meta_graph(f"{d}/{name}.meta")
            with tf.Session() as sess:
                saver.restore(sess, f"{d}/{name}")
                losses = [float(sess.run(["total_loss:0", "train"], feeds)[0]) for _ in range(3)]
                values = sess.run({v.op.name: v for v in tf.global_variables()})
        doc[name] = {"losses": losses, "variables": {k: listed(v) for k, v in values.items()}}
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump(doc, f, sort_keys=True)


def fed_hyperparameters(out_dir: str) -> None:
    """Ftrl's lr_power and ProximalAdagrad's l1 as tensors fed at run time (the kernels
    branch on their values: sqrt at -0.5, the shrink where l1 > 0): raw ApplyFtrl and
    ApplyProximalAdagrad run with each branch's value in turn, and every variable after
    each run: `optimizers/fed.pb`, `optimizers/fed.json`."""
    with tf.Graph().as_default() as g:
        power = tf.placeholder_with_default(-0.5, [], name="lr_power")
        l1 = tf.placeholder_with_default(0.05, [], name="l1")
        var = tf.Variable(rand(45, 3, 2), name="var")
        accum = tf.Variable(tf.fill([3, 2], 0.1), name="accum")
        linear = tf.Variable(rand(46, 3, 2) * 0.1, name="linear")
        tf.raw_ops.ApplyFtrl(
            var=var._ref(),
            accum=accum._ref(),
            linear=linear._ref(),
            grad=rand(47, 3, 2),
            lr=0.3,
            l1=0.05,
            l2=0.1,
            lr_power=power,
            name="ftrl",
        )
        pvar = tf.Variable(rand(48, 4, 2), name="pvar")
        paccum = tf.Variable(tf.fill([4, 2], 0.1), name="paccum")
        tf.raw_ops.ApplyProximalAdagrad(
            var=pvar._ref(),
            accum=paccum._ref(),
            lr=0.4,
            l1=l1,
            l2=0.2,
            grad=rand(49, 4, 2),
            name="proximal",
        )
        tf.group(tf.global_variables_initializer(), name="init")
        runs = [["ftrl", {}], ["ftrl", {"lr_power:0": -0.7}], ["proximal", {}]]
        runs.append(["proximal", {"l1:0": 0.0}])
        after = []
        with tf.Session() as sess:
            sess.run("init")
            for op, feed in runs:
                sess.run(op, feed)
                after.append({v.op.name: listed(sess.run(v)) for v in tf.global_variables()})
        with open(os.path.join(out_dir, "optimizers", "fed.pb"), "wb") as f:
            f.write(g.as_graph_def().SerializeToString())
    with open(os.path.join(out_dir, "optimizers", "fed.json"), "w") as f:
        json.dump({"runs": runs, "after": after}, f, sort_keys=True)


def main() -> None:
    out_dir = sys.argv[1]
    batch_norm_gradients(out_dir)
    optimizer_metas(out_dir)
    fed_hyperparameters(out_dir)
    names = sys.argv[2:] or list(MODELS)
    path = os.path.join(out_dir, "expected.json")
    expected = {}
    if os.path.exists(path) and sys.argv[2:]:
        with open(path) as f:
            expected = json.load(f)
    for name in names:
        expected[name] = record(name, out_dir)
        print(name, "ok", file=sys.stderr)
    with open(path, "w") as f:
        json.dump(expected, f, indent=None, sort_keys=True)


if __name__ == "__main__":
    main()
