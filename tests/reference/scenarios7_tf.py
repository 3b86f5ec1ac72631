"""Record what TensorFlow trains and predicts for tests/e2e/test_scenarios7.py (dev-only).

    /work/tfvenv/bin/python tests/reference/scenarios7_tf.py tests/e2e/fixtures/scenarios7

A TF1 script trained elsewhere: a 4-8-3 classifier with Momentum, trained 40 steps and
saved (`train/model.ckpt-40` with its `.meta`, as tf.train.Saver writes them), its
`probs` frozen at that checkpoint into `frozen.pb`; then 100 more steps. `expected.json`
holds the data, the loss of every step after the checkpoint and the probabilities at the
checkpoint and at the end, as TensorFlow computes them; and, from the same checkpoint,
the losses, variables and probabilities of 10 shuffled epochs of minibatches of 16 in
the order docs/datasets.md promises a dataset run feeds them. And an LSTM classifier
(`dynamic_rnn`, Adam) trained 20 steps and saved (`seq_train/`), then 30 more: its
losses and probabilities in `seq_expected.json`.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.nn.rnn_cell lives in tf_keras now
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
OUT = sys.argv[1]
SAVED_AT, MORE = 40, 100
BATCH, EPOCHS, SEED = 16, 10, 7


def data():
    rng = np.random.RandomState(7)
    features = rng.randn(60, 4).astype(np.float32)
    labels = (features[:, 0] + features[:, 1] > 0).astype(np.int64) + (features[:, 2] > 1)
    test = rng.randn(5, 4).astype(np.float32)
    return features, labels.astype(np.int64), test


def minibatches(sess, feeds, test, loss, train, probs) -> dict:
    """datasets.md: step k feeds batch k % steps_per_epoch of epoch k // steps_per_epoch,
    the epoch's order `RandomState([seed, e]).permutation(rows)`."""
    (x, features), (y, labels) = feeds.items()
    rows = len(features)
    per_epoch = -(-rows // BATCH)
    losses = []
    for k in range(EPOCHS * per_epoch):
        epoch, b = divmod(k, per_epoch)
        take = np.random.RandomState([SEED, epoch]).permutation(rows)[b * BATCH : (b + 1) * BATCH]
        losses.append(float(sess.run([loss, train], {x: features[take], y: labels[take]})[0]))
    return {
        "batch_size": BATCH,
        "epochs": EPOCHS,
        "seed": SEED,
        "losses": losses,
        "variables": {v.op.name: sess.run(v).tolist() for v in tf.global_variables()},
        "probs": sess.run(probs, {x: test}).tolist(),
    }


def main() -> None:
    features, labels, test = data()
    train_dir = os.path.join(OUT, "train")
    shutil.rmtree(train_dir, ignore_errors=True)
    expected: dict = {
        "features": features.tolist(),
        "labels": labels.tolist(),
        "test": test.tolist(),
        "saved_at": SAVED_AT,
    }
    with tf.Graph().as_default() as graph:
        tf.set_random_seed(7)
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        y = tf.placeholder(tf.int64, [None], name="y")
        step = tf.train.get_or_create_global_step()
        w1 = tf.get_variable("dense/kernel", [4, 8])
        b1 = tf.get_variable("dense/bias", [8], initializer=tf.zeros_initializer())
        w2 = tf.get_variable("logits/kernel", [8, 3])
        b2 = tf.get_variable("logits/bias", [3], initializer=tf.zeros_initializer())
        logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
        probs = tf.nn.softmax(logits, name="probs")
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
        )
        train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss, step, name="train")
        tf.add_to_collection("train_op", train)
        saver = tf.train.Saver()
        feeds = {x: features, y: labels}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(SAVED_AT):
                sess.run(train, feeds)
            saver.save(sess, os.path.join(train_dir, "model.ckpt"), global_step=step)
            expected["probs_saved"] = sess.run(probs, {x: test}).tolist()
            expected["train_probs_saved"] = sess.run(probs, {x: features}).tolist()
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), ["probs"]
            )
            with open(os.path.join(OUT, "frozen.pb"), "wb") as f:
                f.write(frozen.SerializeToString())
            expected["losses_after"] = [
                float(sess.run([loss, train], feeds)[0]) for _ in range(MORE)
            ]
            expected["probs_end"] = sess.run(probs, {x: test}).tolist()
            expected["global_step_end"] = int(sess.run(step))
        with tf.Session() as sess:
            saver.restore(sess, tf.train.latest_checkpoint(train_dir))
            expected["minibatches"] = minibatches(sess, feeds, test, loss, train, probs)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


def sequence_model() -> None:
    rng = np.random.RandomState(3)
    seqs = rng.randn(32, 5, 3).astype(np.float32)
    labels = (seqs[:, :, 0].sum(1) > 0).astype(np.int64)
    train_dir = os.path.join(OUT, "seq_train")
    shutil.rmtree(train_dir, ignore_errors=True)
    expected: dict = {"seqs": seqs.tolist(), "labels": labels.tolist(), "saved_at": 20}
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        x = tf.placeholder(tf.float32, [None, 5, 3], name="seqs")
        y = tf.placeholder(tf.int64, [None], name="labels")
        step = tf.train.get_or_create_global_step()
        _, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(6), x, dtype=tf.float32)
        w = tf.get_variable("out/kernel", [6, 2])
        b = tf.get_variable("out/bias", [2], initializer=tf.zeros_initializer())
        logits = tf.matmul(state.h, w) + b
        probs = tf.nn.softmax(logits, name="probs")
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
        )
        train = tf.train.AdamOptimizer(0.01).minimize(loss, step, name="train")
        tf.add_to_collection("train_op", train)
        saver = tf.train.Saver()
        feeds = {x: seqs, y: labels}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(expected["saved_at"]):
                sess.run(train, feeds)
            saver.save(sess, os.path.join(train_dir, "model.ckpt"), global_step=step)
            expected["probs_saved"] = sess.run(probs, {x: seqs[:4]}).tolist()
            expected["losses_after"] = [float(sess.run([loss, train], feeds)[0]) for _ in range(30)]
            expected["probs_end"] = sess.run(probs, {x: seqs[:4]}).tolist()
    with open(os.path.join(OUT, "seq_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


main()
sequence_model()
