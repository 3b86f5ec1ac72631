"""What TensorFlow 2.21 (`tf.compat.v1`, graph mode) computed for the journeys of
tests/e2e/test_scenarios17.py (dev-only):

    /work/tfvenv/bin/python tests/reference/scenarios17.py

writes tests/e2e/fixtures/scenarios17/expected.json:

- `seq2seq`: an embedding + LSTM encoder/decoder (`dynamic_rnn` both, the decoder started
  from the encoder's state, teacher-forced, a `sequence_mask`ed loss) learning to reverse
  token sequences, S2S_SYNC Adam steps and S2S_ASYNC more; a greedy decoder in a
  `while_loop` over a `TensorArray`, the decoder cell and projection shared: the losses,
  the variables and the decoded ids of `s2s_rows()`.
- `ema`: a regression MLP trained with a staircase `exponential_decay` learning rate,
  `clip_by_global_norm` and Momentum, an `ExponentialMovingAverage` (with `num_updates`)
  applied after each step, EMA_STEPS steps; then a serving graph of the same network whose
  variables a `Saver(ema.variables_to_restore())` restores from the training checkpoint:
  the losses, the learning rate, the shadow values and the predictions of `ema_rows()`.
- `recommender`: user and item embeddings with biases trained by Adagrad (sparse updates
  of the rows a minibatch looks up) on REC_EPOCHS epochs of minibatches in dataset order;
  then the top REC_K items of every user by `top_k`: the losses, the variables, the items
  and their scores.
- `gan`: a one-dimensional GAN, noise drawn in the graph by a seeded `random_normal`
  (behind a `placeholder_with_default`, so a served generator takes fed noise), the
  discriminator and the generator trained alternately by two Adams over their
  `var_list`s, one run each per step, GAN_STEPS steps: the losses, the variables, and the
  generator's samples for `gan_noise()`.
- `accumulate`: gradients accumulated over ACC_EVERY micro-batches in variables and
  applied every ACC_EVERY-th step by a `tf.cond` on a step counter (then zeroed), over
  ACC_STEPS steps cycling through the micro-batches: the loss at each step and the
  variables.
- `empty`: an LSTM `dynamic_rnn` over an empty batch (what a zero-row request to the
  served seq2seq runs): its outputs, final state and gradients; and a TensorArray element
  never written, read after another was written with rows of a partly known shape.

The graph builders take the `tf` module (TensorFlow's compat.v1 or graphgate's) so the test
and this script build the same program.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios17"

# -- 1. seq2seq: reverse a token sequence ----------------------------------------------

PAD, GO, EOS = 0, 1, 2
VOCAB, SRC_LEN, EMBED, UNITS = 8, 5, 6, 12
S2S_SYNC, S2S_ASYNC = 10, 70


def s2s_data() -> dict[str, np.ndarray]:
    """48 sequences of 2 to 5 tokens (3..7), padded; the target is the reversal + EOS."""
    rng = np.random.RandomState(1701)
    count = 48
    lengths = rng.randint(2, SRC_LEN + 1, size=count)
    src = np.zeros((count, SRC_LEN), np.int32)
    dec_in = np.zeros((count, SRC_LEN + 1), np.int32)
    dec_out = np.zeros((count, SRC_LEN + 1), np.int32)
    for row, length in enumerate(lengths):
        tokens = rng.randint(3, VOCAB, size=length)
        src[row, :length] = tokens
        dec_in[row, : length + 1] = [GO, *tokens[::-1]]
        dec_out[row, : length + 1] = [*tokens[::-1], EOS]
    return {
        "src": src,
        "src_len": lengths.astype(np.int32),
        "dec_in": dec_in,
        "dec_out": dec_out,
        "dec_len": (lengths + 1).astype(np.int32),
    }


def s2s_rows() -> dict[str, np.ndarray]:
    data = s2s_data()
    return {"src": data["src"][:12], "src_len": data["src_len"][:12]}


def s2s_graph(tf) -> None:
    src = tf.placeholder(tf.int32, [None, SRC_LEN], name="src")
    src_len = tf.placeholder(tf.int32, [None], name="src_len")
    dec_in = tf.placeholder(tf.int32, [None, SRC_LEN + 1], name="dec_in")
    dec_out = tf.placeholder(tf.int32, [None, SRC_LEN + 1], name="dec_out")
    dec_len = tf.placeholder(tf.int32, [None], name="dec_len")
    init = tf.random_uniform_initializer(-0.3, 0.3, seed=17)
    embedding = tf.get_variable("embedding", [VOCAB, EMBED], initializer=init)
    with tf.variable_scope("encoder"):
        encoder = tf.nn.rnn_cell.LSTMCell(UNITS, initializer=init)
        _, state = tf.nn.dynamic_rnn(
            encoder, tf.nn.embedding_lookup(embedding, src), sequence_length=src_len,
            dtype=tf.float32,
        )  # fmt: skip
    projection = tf.layers.Dense(VOCAB, kernel_initializer=init, name="projection")
    with tf.variable_scope("decoder"):
        decoder = tf.nn.rnn_cell.LSTMCell(UNITS, initializer=init)
        outputs, _ = tf.nn.dynamic_rnn(
            decoder, tf.nn.embedding_lookup(embedding, dec_in), sequence_length=dec_len,
            initial_state=state,
        )  # fmt: skip
    logits = projection(outputs)
    mask = tf.sequence_mask(dec_len, SRC_LEN + 1, dtype=tf.float32)
    loss = tf.losses.sparse_softmax_cross_entropy(dec_out, logits, weights=mask)
    tf.identity(loss, name="loss")
    tf.train.AdamOptimizer(0.05).minimize(loss, name="train")

    # greedy decoding: the decoder fed its own argmax, from GO, SRC_LEN + 1 steps
    batch = tf.shape(src)[0]

    def step(t, token, cell_state, ids):
        with tf.variable_scope("decoder", reuse=True):
            out, cell_state = decoder(tf.nn.embedding_lookup(embedding, token), cell_state)
        token = tf.argmax(projection(out), -1, output_type=tf.int32)
        return t + 1, token, cell_state, ids.write(t, token)

    ids = tf.TensorArray(tf.int32, size=SRC_LEN + 1)
    start = tf.fill([batch], GO)
    _, _, _, ids = tf.while_loop(
        lambda t, *_: t < SRC_LEN + 1, step, [tf.constant(0), start, state, ids]
    )
    tf.transpose(ids.stack(), [1, 0], name="decoded")


def record_seq2seq(tf) -> dict:
    data = s2s_data()
    with tf.Graph().as_default() as graph:
        s2s_graph(tf)
        init = tf.global_variables_initializer()
        named = {v.op.name: v for v in tf.trainable_variables()}
    feed = {f"{name}:0": value for name, value in data.items()}
    with tf.Session(graph=graph) as sess:
        sess.run(init)
        losses = [sess.run(["loss:0", "train"], feed)[0] for _ in range(S2S_SYNC + S2S_ASYNC)]
        rows = s2s_rows()
        decoded = sess.run("decoded:0", {f"{k}:0": v for k, v in rows.items()})
        variables = sess.run(named)  # the variables themselves: "w:0" is a ref TF fetches wrong
    return {
        "losses": [float(v) for v in losses],
        "decoded": decoded.tolist(),
        "variables": {k: v.tolist() for k, v in variables.items()},
    }


# -- 2. EMA, a decayed learning rate and clipping; served from the shadow values ----------

EMA_FEATURES, EMA_HIDDEN = 3, 6
EMA_STEPS = 60


def ema_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1711)
    x = rng.randn(64, EMA_FEATURES).astype(np.float32)
    y = (np.tanh(x[:, :1] * 2) + x[:, 1:2] ** 2 - x[:, 2:3]).astype(np.float32)
    return x, y


def ema_rows() -> np.ndarray:
    return np.random.RandomState(1712).randn(10, EMA_FEATURES).astype(np.float32)


def ema_network(tf):
    """The network alone (the serving graph builds only this)."""
    rng = np.random.RandomState(171)
    x = tf.placeholder(tf.float32, [None, EMA_FEATURES], name="x")
    hidden = tf.layers.dense(
        x, EMA_HIDDEN, tf.nn.tanh, name="hidden",
        kernel_initializer=tf.constant_initializer(rng.randn(EMA_FEATURES, EMA_HIDDEN)),
    )  # fmt: skip
    out = tf.layers.dense(
        hidden, 1, name="out",
        kernel_initializer=tf.constant_initializer(rng.randn(EMA_HIDDEN, 1) * 0.5),
    )  # fmt: skip
    tf.identity(out, name="prediction")
    return x, out


def ema_graph(tf) -> None:
    """The training graph: the network, its loss and the step; `train` also moves the
    averages (after the update, as TF's docs show it)."""
    _, out = ema_network(tf)
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    loss = tf.reduce_mean(tf.square(out - y), name="loss")
    step = tf.train.get_or_create_global_step()
    rate = tf.train.exponential_decay(0.2, step, 10, 0.5, staircase=True)
    tf.identity(rate, name="rate")
    optimizer = tf.train.MomentumOptimizer(rate, 0.9)
    grads, variables = zip(*optimizer.compute_gradients(loss), strict=True)
    clipped, norm = tf.clip_by_global_norm(grads, 1.0)
    tf.identity(norm, name="norm")
    update = optimizer.apply_gradients(zip(clipped, variables, strict=True), global_step=step)
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
    with tf.control_dependencies([update]):
        tf.group(ema.apply(tf.trainable_variables()), name="train")


def ema_serving_saver(tf):
    """The serving graph's Saver: each variable restored from its shadow."""
    return tf.train.Saver(tf.train.ExponentialMovingAverage(0.9).variables_to_restore())


def record_ema(tf, workdir: Path) -> dict:
    x, y = ema_data()
    with tf.Graph().as_default() as graph:
        ema_graph(tf)
        init = tf.global_variables_initializer()
        saver = tf.train.Saver()
        named = {v.op.name: v for v in tf.global_variables() if "Momentum" not in v.op.name}
    with tf.Session(graph=graph) as sess:
        sess.run(init)
        losses = [sess.run(["loss:0", "train"], {"x:0": x, "y:0": y})[0] for _ in range(EMA_STEPS)]
        rate = sess.run("rate:0")
        variables = sess.run(named)  # the variables themselves: "w:0" is a ref TF fetches wrong
        saver.save(sess, str(workdir / "ema.ckpt"))
    with tf.Graph().as_default() as serving:
        ema_network(tf)
        restore = ema_serving_saver(tf)
    with tf.Session(graph=serving) as sess:
        restore.restore(sess, str(workdir / "ema.ckpt"))
        predictions = sess.run("prediction:0", {"x:0": ema_rows()})
    return {
        "losses": [float(v) for v in losses],
        "rate": float(rate),
        "variables": {k: np.asarray(v).tolist() for k, v in variables.items()},
        "predictions": predictions.tolist(),
    }


# -- 3. a recommender: sparse Adagrad on a dataset, top-k per user ------------------------

USERS, ITEMS, FACTORS = 20, 15, 4
REC_BATCH, REC_EPOCHS, REC_K = 40, 3, 3


def rec_data() -> dict[str, np.ndarray]:
    """400 ratings: a user's taste times an item's profile, plus noise."""
    rng = np.random.RandomState(1721)
    taste, profile = rng.randn(USERS, 2), rng.randn(ITEMS, 2)
    user = rng.randint(0, USERS, 400).astype(np.int32)
    item = rng.randint(0, ITEMS, 400).astype(np.int32)
    rating = (taste[user] * profile[item]).sum(1) + 0.1 * rng.randn(400)
    return {"user": user, "item": item, "rating": rating.astype(np.float32)}


def rec_graph(tf) -> None:
    rng = np.random.RandomState(172)
    user = tf.placeholder(tf.int32, [None], name="user")
    item = tf.placeholder(tf.int32, [None], name="item")
    rating = tf.placeholder(tf.float32, [None], name="rating")
    users = tf.Variable((rng.randn(USERS, FACTORS) * 0.3).astype(np.float32), name="users")
    items = tf.Variable((rng.randn(ITEMS, FACTORS) * 0.3).astype(np.float32), name="items")
    item_bias = tf.Variable(np.zeros(ITEMS, np.float32), name="item_bias")
    mine = tf.nn.embedding_lookup(users, user)
    score = tf.reduce_sum(mine * tf.nn.embedding_lookup(items, item), 1)
    score += tf.gather(item_bias, item)
    loss = tf.reduce_mean(tf.square(score - rating), name="loss")
    tf.train.AdagradOptimizer(0.3).minimize(loss, name="train")
    # every item scored for each user given, the best REC_K kept
    every = tf.matmul(mine, items, transpose_b=True) + item_bias
    top = tf.nn.top_k(every, REC_K)
    tf.identity(top.indices, name="top_items")
    tf.identity(top.values, name="top_scores")


def rec_minibatches() -> list[slice]:
    """datasets.md's order without shuffling: each epoch the rows in order, in batches."""
    rows = len(rec_data()["user"])
    return [slice(s, s + REC_BATCH) for _ in range(REC_EPOCHS) for s in range(0, rows, REC_BATCH)]


def record_recommender(tf) -> dict:
    data = rec_data()
    with tf.Graph().as_default() as graph:
        rec_graph(tf)
        init = tf.global_variables_initializer()
        named = {v.op.name: v for v in tf.trainable_variables()}
    with tf.Session(graph=graph) as sess:
        sess.run(init)
        losses = []
        for rows in rec_minibatches():
            feed = {f"{k}:0": v[rows] for k, v in data.items()}
            losses.append(sess.run(["loss:0", "train"], feed)[0])
        every_user = np.arange(USERS, dtype=np.int32)
        items, scores = sess.run(["top_items:0", "top_scores:0"], {"user:0": every_user})
        variables = sess.run(named)  # the variables themselves: "w:0" is a ref TF fetches wrong
    return {
        "losses": [float(v) for v in losses],
        "top_items": items.tolist(),
        "top_scores": scores.tolist(),
        "variables": {k: v.tolist() for k, v in variables.items()},
    }


# -- 4. a GAN: seeded noise in the graph, two optimizers alternating ---------------------

GAN_BATCH, GAN_NOISE, GAN_STEPS = 32, 2, 30


def gan_real() -> np.ndarray:
    return (3.0 + 0.5 * np.random.RandomState(1731).randn(GAN_BATCH, 1)).astype(np.float32)


def gan_noise() -> np.ndarray:
    return np.random.RandomState(1732).randn(8, GAN_NOISE).astype(np.float32)


def gan_graph(tf) -> None:
    tf.set_random_seed(1733)
    rng = np.random.RandomState(173)

    def dense(inputs, units, name, activation=None):
        kernel = rng.randn(int(inputs.shape[-1]), units) * 0.5
        return tf.layers.dense(
            inputs, units, activation, name=name,
            kernel_initializer=tf.constant_initializer(kernel),
        )  # fmt: skip

    real = tf.placeholder(tf.float32, [None, 1], name="real")
    noise = tf.random_normal([GAN_BATCH, GAN_NOISE], seed=4)
    z = tf.placeholder_with_default(noise, [None, GAN_NOISE], name="z")
    with tf.variable_scope("generator"):
        fake = dense(dense(z, 8, "h", tf.nn.relu), 1, "out")
    tf.identity(fake, name="samples")

    def discriminator(x):
        with tf.variable_scope("discriminator", reuse=tf.AUTO_REUSE):
            return dense(dense(x, 8, "h", tf.nn.tanh), 1, "out")

    real_logits, fake_logits = discriminator(real), discriminator(fake)
    ce = tf.nn.sigmoid_cross_entropy_with_logits
    d_loss = tf.reduce_mean(ce(labels=tf.ones_like(real_logits), logits=real_logits))
    d_loss += tf.reduce_mean(ce(labels=tf.zeros_like(fake_logits), logits=fake_logits))
    g_loss = tf.reduce_mean(ce(labels=tf.ones_like(fake_logits), logits=fake_logits))
    tf.identity(d_loss, name="d_loss")
    tf.identity(g_loss, name="g_loss")
    d_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, "discriminator")
    g_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, "generator")
    tf.train.AdamOptimizer(0.02, beta1=0.5).minimize(d_loss, var_list=d_vars, name="d_train")
    tf.train.AdamOptimizer(0.02, beta1=0.5).minimize(g_loss, var_list=g_vars, name="g_train")


def record_gan(tf) -> dict:
    with tf.Graph().as_default() as graph:
        gan_graph(tf)
        init = tf.global_variables_initializer()
        named = {v.op.name: v for v in tf.trainable_variables()}
    real = {"real:0": gan_real()}
    with tf.Session(graph=graph) as sess:
        sess.run(init)
        d_losses, g_losses = [], []
        for _ in range(GAN_STEPS):
            d_losses.append(sess.run(["d_loss:0", "d_train"], real)[0])
            g_losses.append(sess.run(["g_loss:0", "g_train"], real)[0])
        samples = sess.run("samples:0", {"z:0": gan_noise()})
        variables = sess.run(named)  # the variables themselves: "w:0" is a ref TF fetches wrong
    return {
        "d_losses": [float(v) for v in d_losses],
        "g_losses": [float(v) for v in g_losses],
        "samples": samples.tolist(),
        "variables": {k: v.tolist() for k, v in variables.items()},
    }


# -- 5. gradient accumulation over micro-batches ------------------------------------------

ACC_FEATURES, ACC_MICRO, ACC_EVERY, ACC_STEPS = 4, 8, 4, 62


def acc_batches() -> list[dict[str, np.ndarray]]:
    """Five micro-batches of ACC_MICRO rows (five, so the cycle and the ACC_EVERY-step
    accumulation and the async run's 25-step checkpoints all fall out of step)."""
    rng = np.random.RandomState(1741)
    true = rng.randn(ACC_FEATURES, 1)
    batches = []
    for _ in range(5):
        x = rng.randn(ACC_MICRO, ACC_FEATURES)
        batches.append({"x": x.astype(np.float32), "y": (x @ true + 0.3).astype(np.float32)})
    return batches


def acc_graph(tf) -> None:
    x = tf.placeholder(tf.float32, [None, ACC_FEATURES], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w = tf.Variable(np.zeros((ACC_FEATURES, 1), np.float32), name="w")
    b = tf.Variable(0.0, name="b")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y), name="loss")
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = optimizer.compute_gradients(loss, [w, b])
    sums = [
        tf.Variable(tf.zeros(v.shape), trainable=False, name=f"acc_{v.op.name}") for v in (w, b)
    ]
    count = tf.Variable(0, trainable=False, name="count")
    add = [s.assign_add(g) for s, (g, _) in zip(sums, grads_and_vars, strict=True)]
    with tf.control_dependencies(add):
        counted = count.assign_add(1)

    def apply():
        means = [(s / ACC_EVERY, v) for s, (_, v) in zip(sums, grads_and_vars, strict=True)]
        with tf.control_dependencies([optimizer.apply_gradients(means)]):
            return tf.group(*[s.assign(tf.zeros_like(s)) for s in sums])

    train = tf.cond(tf.equal(counted % ACC_EVERY, 0), apply, tf.no_op)
    tf.group(train, name="train")


def record_accumulate(tf) -> dict:
    batches = acc_batches()
    with tf.Graph().as_default() as graph:
        acc_graph(tf)
        init = tf.global_variables_initializer()
        named = {v.op.name: v for v in tf.global_variables()}
    with tf.Session(graph=graph) as sess:
        sess.run(init)
        losses = []
        for step in range(ACC_STEPS):
            batch = batches[step % len(batches)]
            losses.append(sess.run(["loss:0", "train"], {"x:0": batch["x"], "y:0": batch["y"]})[0])
        variables = sess.run(named)  # the variables themselves: "w:0" is a ref TF fetches wrong
    return {
        "losses": [float(v) for v in losses],
        "variables": {k: np.asarray(v).tolist() for k, v in variables.items()},
    }


# -- an empty batch through dynamic_rnn (a zero-row request to the served seq2seq) ---------


def empty_rnn_graph(tf) -> None:
    """An LSTM over sequences with lengths, its outputs, final state and gradients; a
    TensorArray of which one element of a partly known shape is written (fed rows)."""
    x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
    n = tf.placeholder(tf.int32, [None], name="n")
    cell = tf.nn.rnn_cell.LSTMCell(4, initializer=tf.constant_initializer(0.1))
    outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=n, dtype=tf.float32)
    tf.identity(outputs, name="outputs")
    tf.identity(state.h, name="h")
    grads = tf.gradients(tf.reduce_sum(outputs), [*tf.trainable_variables(), x])
    for i, grad in enumerate(grads):
        tf.identity(grad, name=f"grad_{i}")
    rows = tf.placeholder(tf.float32, [None, 3], name="rows")
    array = tf.TensorArray(tf.float32, size=2, element_shape=tf.TensorShape([None, 3]))
    tf.identity(array.write(1, rows).read(0), name="unwritten_of_written_shape")


EMPTY_FETCHES = ["outputs", "h", "grad_0", "grad_1", "grad_2", "unwritten_of_written_shape"]


def record_empty(tf) -> dict:
    with tf.Graph().as_default() as graph:
        empty_rnn_graph(tf)
    feed = {
        "x:0": np.zeros((0, 5, 3), np.float32),
        "n:0": np.zeros(0, np.int32),
        "rows:0": np.zeros((0, 3), np.float32),
    }
    with tf.Session(graph=graph) as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run({name: f"{name}:0" for name in EMPTY_FETCHES}, feed)
    return {name: {"shape": list(v.shape), "values": v.tolist()} for name, v in values.items()}


def main() -> None:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF1's tf.layers
    import tempfile

    import tensorflow as tf2

    tf = tf2.compat.v1
    tf.disable_eager_execution()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        expected = {
            "tensorflow": tf2.__version__,
            "seq2seq": record_seq2seq(tf),
            "ema": record_ema(tf, Path(workdir)),
            "recommender": record_recommender(tf),
            "gan": record_gan(tf),
            "accumulate": record_accumulate(tf),
            "empty": record_empty(tf),
        }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(json.dumps(expected)[:3000], file=sys.stderr)


if __name__ == "__main__":
    main()
