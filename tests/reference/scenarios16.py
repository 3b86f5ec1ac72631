"""What TensorFlow 2.21 (`tf.compat.v1`, graph mode) computed for the journeys of
tests/e2e/test_scenarios16.py (dev-only):

    /work/tfvenv/bin/python tests/reference/scenarios16.py

writes tests/e2e/fixtures/scenarios16/: `expected.json` and the files TF wrote that the
journeys hand to graphgate:

- `cnn`: a small conv net with batch norm and dropout (`tf.layers`, both switched by a
  `training` placeholder_with_default), trained CNN_STEPS Adam steps with the batch norm's
  moving averages updated, written by `simple_save` to `cnn/1/`; the probabilities TF's
  loader computes from that directory for `cnn_rows()`.
- `transfer`: a base network trained BASE_STEPS steps on one task and saved by a `Saver`
  to `base/model.ckpt`; a new graph with the same base layers and a new head, the base
  restored by `init_from_checkpoint` (and, for the same numbers, by a `Saver(var_list=)`),
  only the head trained (`minimize(var_list=)`) HEAD_STEPS steps: the losses, the head's
  variables, the base's (unchanged) and the probabilities of `transfer_rows()`.
- `sweep`: one network trained SWEEP_WARM steps at a fed learning rate, then SWEEP_STEPS
  more from that point at each of SWEEP_RATES: the loss after each, and the variables of
  the best.
- `console`: a linear model trained CONSOLE_STEPS gradient-descent steps from the web
  console's async run form: its predictions before, the last step's loss, the variables
  and the predictions after.
- `tagger`: a model of two inputs (a string `word`, hashed into an embedding by
  `string_to_hash_bucket_fast`, and float `features`) and two outputs (a float `score` and
  a string `tag`), trained TAGGER_STEPS steps and written by `simple_save` to `tagger/1/`;
  what TF's loader computes from it for `tagger_rows()`.

The graph builders take the `tf` module (TensorFlow's compat.v1 or graphgate's) so the test
and this script build the same program.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios16"

# -- 1. a conv net with batch norm and dropout, written by simple_save ------------------

SIDE, CLASSES = 8, 3
CNN_STEPS = 30


def cnn_data() -> tuple[np.ndarray, np.ndarray]:
    """64 images; the class is the brightest of three vertical bands."""
    rng = np.random.RandomState(1601)
    images = rng.rand(64, SIDE, SIDE, 1).astype(np.float32)
    bands = np.stack([images[:, :, a:b, 0].mean((1, 2)) for a, b in ((0, 3), (3, 5), (5, 8))])
    return images, bands.argmax(0).astype(np.int64)


def cnn_rows() -> np.ndarray:
    return np.random.RandomState(1602).rand(300, SIDE, SIDE, 1).astype(np.float32)


def cnn_graph(tf) -> None:
    rng = np.random.RandomState(160)
    images = tf.placeholder(tf.float32, [None, SIDE, SIDE, 1], name="images")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    training = tf.placeholder_with_default(False, [], name="training")
    kernel = (rng.randn(3, 3, 1, 4) * 0.5).astype(np.float32)
    conv = tf.layers.conv2d(
        images, 4, 3, padding="same", activation=tf.nn.relu,
        kernel_initializer=tf.constant_initializer(kernel), name="conv",
    )  # fmt: skip
    norm = tf.layers.batch_normalization(conv, momentum=0.8, training=training, name="bn")
    pool = tf.layers.max_pooling2d(norm, 2, 2, name="pool")
    flat = tf.layers.flatten(pool, name="flat")
    drop = tf.layers.dropout(flat, rate=0.25, training=training, seed=16, name="drop")
    dense = (rng.randn(4 * (SIDE // 2) ** 2, CLASSES) * 0.2).astype(np.float32)
    logits = tf.layers.dense(drop, CLASSES, kernel_initializer=tf.constant_initializer(dense))
    tf.nn.softmax(logits, name="probs")
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        tf.train.AdamOptimizer(0.02).minimize(loss, name="train")


# -- 2. transfer learning: a TF checkpoint's base, a new head -----------------------------

FEATURES, HIDDEN, HEAD_CLASSES = 4, 8, 3
BASE_STEPS, HEAD_STEPS = 60, 40
HEAD_RATE = 0.5


def base_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1611)
    x = rng.randn(128, FEATURES).astype(np.float32)
    y = (np.sin(x[:, :1]) + x[:, 1:2] * x[:, 2:3] - 0.5 * x[:, 3:]).astype(np.float32)
    return x, y


def head_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1612)
    x = rng.randn(96, FEATURES).astype(np.float32)
    score = np.sin(x[:, 0]) + x[:, 1] * x[:, 2]
    return x, np.digitize(score, [-0.5, 0.5]).astype(np.int64)


def transfer_rows() -> np.ndarray:
    return np.random.RandomState(1613).randn(16, FEATURES).astype(np.float32)


def _base(tf, x):
    rng = np.random.RandomState(161)
    hidden = tf.layers.dense(
        x, HIDDEN, tf.nn.tanh, name="base/hidden",
        kernel_initializer=tf.constant_initializer(rng.randn(FEATURES, HIDDEN) * 0.5),
    )  # fmt: skip
    return hidden


def base_graph(tf) -> None:
    """The network TF trained first: the base and a regression output."""
    x = tf.placeholder(tf.float32, [None, FEATURES], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    rng = np.random.RandomState(164)
    out = tf.layers.dense(
        _base(tf, x), 1, name="base/out",
        kernel_initializer=tf.constant_initializer(rng.randn(HIDDEN, 1) * 0.5),
    )  # fmt: skip
    loss = tf.reduce_mean(tf.square(out - y), name="loss")
    tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")


def head_graph(tf):
    """The new network: the base layers under their checkpoint names and a new head; only
    the head is trained. Returns the base's variables (what a `Saver(var_list=)` restores)."""
    x = tf.placeholder(tf.float32, [None, FEATURES], name="x")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    hidden = _base(tf, x)
    rng = np.random.RandomState(162)
    logits = tf.layers.dense(
        hidden, HEAD_CLASSES, name="head/logits",
        kernel_initializer=tf.constant_initializer(rng.randn(HIDDEN, HEAD_CLASSES) * 0.3),
    )  # fmt: skip
    tf.nn.softmax(logits, name="probs")
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits), name="loss"
    )
    head = tf.trainable_variables("head")
    tf.train.GradientDescentOptimizer(HEAD_RATE).minimize(loss, var_list=head, name="train")
    return tf.trainable_variables("base")


# -- 3. a learning-rate sweep from one warmed-up session ---------------------------------

SWEEP_WARM, SWEEP_STEPS = 20, 60
SWEEP_RATES = (0.003, 0.03, 0.1)


def sweep_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1621)
    x = rng.randn(200, 3).astype(np.float32)
    y = (np.tanh(x @ np.array([[1.5], [-2.0], [0.5]])) + 0.1).astype(np.float32)
    return x, y


def sweep_graph(tf) -> None:
    rng = np.random.RandomState(162)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    rate = tf.placeholder(tf.float32, [], name="learning_rate")
    w1 = tf.Variable((rng.randn(3, 6) * 0.5).astype(np.float32), name="w1")
    b1 = tf.Variable(np.zeros(6, np.float32), name="b1")
    w2 = tf.Variable((rng.randn(6, 1) * 0.5).astype(np.float32), name="w2")
    pred = tf.identity(tf.matmul(tf.nn.tanh(tf.matmul(x, w1) + b1), w2), name="pred")
    loss = tf.reduce_mean(tf.square(pred - y), name="loss")
    tf.train.MomentumOptimizer(rate, 0.9).minimize(loss, name="train")


# -- 4. two inputs (a string and floats), two outputs (a float and a string) ------------

BUCKETS, EMBED = 16, 3
TAGS = ("low", "mid", "high")
TAGGER_STEPS = 40
WORDS = ("apple", "pear", "fig", "kiwi", "plum", "lime", "date", "sloe")


def tagger_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1631)
    words = np.array([WORDS[i] for i in rng.randint(0, len(WORDS), 80)], object)
    features = rng.randn(80, 2).astype(np.float32)
    target = np.array([len(w) for w in words]) / 5.0 + features[:, 0] - 0.5 * features[:, 1]
    return words, features, target.astype(np.float32)


def tagger_rows() -> tuple[list[str], np.ndarray]:
    rng = np.random.RandomState(1632)
    words = [WORDS[i] for i in rng.randint(0, len(WORDS), 5)] + ["unseen", "ä-umlaut"]
    return words, rng.randn(7, 2).astype(np.float32)


def tagger_graph(tf) -> None:
    rng = np.random.RandomState(163)
    word = tf.placeholder(tf.string, [None], name="word")
    features = tf.placeholder(tf.float32, [None, 2], name="features")
    target = tf.placeholder(tf.float32, [None], name="target")
    table = tf.Variable((rng.randn(BUCKETS, EMBED) * 0.3).astype(np.float32), name="table")
    ids = tf.strings.to_hash_bucket_fast(word, BUCKETS)
    joined = tf.concat([tf.nn.embedding_lookup(table, ids), features], 1)
    w = tf.Variable((rng.randn(EMBED + 2, 1) * 0.3).astype(np.float32), name="w")
    score = tf.squeeze(tf.matmul(joined, w), 1, name="score")
    bucket = tf.cast(score > 0.5, tf.int32) + tf.cast(score > 1.5, tf.int32)
    tf.gather(tf.constant(list(TAGS)), bucket, name="tag")
    loss = tf.reduce_mean(tf.square(score - target), name="loss")
    tf.train.AdamOptimizer(0.05).minimize(loss, name="train")


# -- 5. a linear model trained from the web console ----------------------------------------

CONSOLE_STEPS = 50


def console_data() -> tuple[np.ndarray, np.ndarray]:
    """8 rows, few enough to type into the console's feed fields."""
    rng = np.random.RandomState(1641)
    x = np.round(rng.randn(8, 2), 2).astype(np.float32)
    return x, (x @ np.array([[1.5], [-2.0]], np.float32) + 0.25).astype(np.float32)


def console_graph(tf) -> None:
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w = tf.Variable(np.array([[0.5], [-0.3]], np.float32), name="w")
    b = tf.Variable(np.float32(0.1), name="b")
    pred = tf.add(tf.matmul(x, w), b, name="pred")
    loss = tf.reduce_mean(tf.square(pred - y), name="loss")
    tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")


# -- recording -----------------------------------------------------------------------------


def _loaded(tf, export_dir: Path, feeds: dict, fetches: list[str]) -> dict:
    """What TF's loader computes from a SavedModel directory, signature by signature."""
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(export_dir))
        signature = meta.signature_def["serving_default"]
        feed = {signature.inputs[k].name: v for k, v in feeds.items()}
        got = sess.run({k: signature.outputs[k].name for k in fetches}, feed)
    return got


def record_cnn(tf) -> dict:
    images, labels = cnn_data()
    export = OUT / "cnn" / "1"
    shutil.rmtree(OUT / "cnn", ignore_errors=True)
    with tf.Graph().as_default() as graph:
        tf.set_random_seed(1600)
        cnn_graph(tf)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(CNN_STEPS):
                sess.run("train", {"images:0": images, "labels:0": labels, "training:0": True})
            (moving,) = [sess.run(v) for v in tf.global_variables() if "moving_mean" in v.name]
            g = graph.get_tensor_by_name
            tf.saved_model.simple_save(
                sess, str(export), {"images": g("images:0")}, {"probs": g("probs:0")}
            )
    probs = _loaded(tf, export, {"images": cnn_rows()}, ["probs"])["probs"]
    return {"moving_mean": moving.tolist(), "probs": probs.tolist()}


def record_transfer(tf) -> dict:
    base_dir = OUT / "base"
    shutil.rmtree(base_dir, ignore_errors=True)
    x, y = base_data()
    with tf.Graph().as_default() as graph:
        base_graph(tf)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(BASE_STEPS):
                sess.run("train", {"x:0": x, "y:0": y})
            base_dir.mkdir(parents=True)
            tf.train.Saver().save(sess, str(base_dir / "model.ckpt"), write_meta_graph=False)
    hx, labels = head_data()
    feeds = {"x:0": hx, "labels:0": labels}
    answers = []
    for how in ("init_from_checkpoint", "saver"):
        with tf.Graph().as_default() as graph:
            base = head_graph(tf)
            if how == "init_from_checkpoint":
                tf.train.init_from_checkpoint(str(base_dir / "model.ckpt"), {"base/": "base/"})
            with tf.Session(graph=graph) as sess:
                sess.run(tf.global_variables_initializer())
                if how == "saver":
                    tf.train.Saver(var_list=base).restore(sess, str(base_dir / "model.ckpt"))
                losses = [float(sess.run(["loss:0", "train"], feeds)[0]) for _ in range(HEAD_STEPS)]
                answers.append(
                    {
                        "losses": losses,
                        "variables": {
                            v.op.name: sess.run(v).tolist() for v in tf.trainable_variables()
                        },
                        "probs": sess.run("probs:0", {"x:0": transfer_rows()}).tolist(),
                    }
                )
    assert answers[0] == answers[1], "init_from_checkpoint and Saver(var_list=) differ"
    return answers[0]


def record_sweep(tf) -> dict:
    x, y = sweep_data()
    runs = {}
    with tf.Graph().as_default() as graph:
        sweep_graph(tf)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            feeds = {"x:0": x, "y:0": y, "learning_rate:0": SWEEP_RATES[0]}
            for _ in range(SWEEP_WARM):
                sess.run("train", feeds)
            warm_loss = float(sess.run("loss:0", feeds))
            warm = {v.op.name: sess.run(v) for v in tf.global_variables()}
            for rate in SWEEP_RATES:
                for v in tf.global_variables():
                    v.load(warm[v.op.name], sess)
                for _ in range(SWEEP_STEPS):
                    sess.run("train", {**feeds, "learning_rate:0": rate})
                loss = float(sess.run("loss:0", feeds))
                variables = {v.op.name: sess.run(v).tolist() for v in tf.trainable_variables()}
                runs[str(rate)] = {"loss": loss, "variables": variables}
    return {"warm_loss": warm_loss, "runs": runs}


def record_tagger(tf) -> dict:
    export = OUT / "tagger" / "1"
    shutil.rmtree(OUT / "tagger", ignore_errors=True)
    words, features, target = tagger_data()
    with tf.Graph().as_default() as graph:
        tagger_graph(tf)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            feeds = {"word:0": words, "features:0": features, "target:0": target}
            for _ in range(TAGGER_STEPS):
                sess.run("train", feeds)
            g = graph.get_tensor_by_name
            tf.saved_model.simple_save(
                sess, str(export), {"word": g("word:0"), "features": g("features:0")},
                {"score": g("score:0"), "tag": g("tag:0")},
            )  # fmt: skip
    rows, feats = tagger_rows()
    got = _loaded(tf, export, {"word": np.array(rows, object), "features": feats}, ["score", "tag"])
    return {
        "score": got["score"].tolist(),
        "tag": [t.decode() for t in got["tag"]],
        "signature": _signature(tf, export),
    }


def _signature(tf, export_dir: Path) -> dict:
    """The serving signature's inputs and outputs as TF's loader reads them: each alias's
    dtype (`DT_STRING`) and dims (-1 unknown)."""
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(export_dir))
    signature = meta.signature_def["serving_default"]
    return {
        side: {
            alias: [_dt_name(info.dtype),
                    [d.size for d in info.tensor_shape.dim]]
            for alias, info in getattr(signature, side).items()
        }
        for side in ("inputs", "outputs")
    }  # fmt: skip


def _dt_name(enum: int) -> str:
    from tensorflow.core.framework import types_pb2

    return types_pb2.DataType.Name(enum)


def record_console(tf) -> dict:
    x, y = console_data()
    with tf.Graph().as_default() as graph:
        console_graph(tf)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            before = sess.run("pred:0", {"x:0": x})
            for _ in range(CONSOLE_STEPS):
                last, _ = sess.run(["loss:0", "train"], {"x:0": x, "y:0": y})
            variables = {v.op.name: sess.run(v).tolist() for v in tf.trainable_variables()}
            after = sess.run("pred:0", {"x:0": x})
    return {
        "before": before.tolist(),
        "loss": float(last),
        "variables": variables,
        "after": after.tolist(),
    }


def main() -> None:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF1's tf.layers
    import tensorflow as tf2

    tf = tf2.compat.v1
    tf.disable_eager_execution()
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {
        "tensorflow": tf2.__version__,
        "cnn": record_cnn(tf),
        "transfer": record_transfer(tf),
        "sweep": record_sweep(tf),
        "tagger": record_tagger(tf),
        "console": record_console(tf),
    }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(json.dumps({k: v for k, v in expected.items() if k != "cnn"})[:3000], file=sys.stderr)


if __name__ == "__main__":
    main()
