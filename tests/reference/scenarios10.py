"""TensorFlow's answers for tests/e2e/test_scenarios10.py (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/scenarios10.py

writes, under tests/e2e/fixtures/scenarios10:

- `expected.json`: the MLP's variables after an async run over a shuffled dataset, as TF
  computes them over the minibatch order datasets.md documents; the conv net's
  probabilities for six PNG images (sent base64) and their encodings; a tf_keras model's
  losses when fine-tuned from its HDF5 file and trained on again.
- `frozen_cnn.pb`: a small conv net frozen by `convert_variables_to_constants`, with a
  float input `images` and a string input `png` (decoded by a `map_fn`), and
  `cnn_probs.npy`: its probabilities over all 20,000 rows of `cnn_images()`.
- `keras.h5`: the tf_keras classifier fitted two epochs, saved with its Adam state.

`mlp`, `cnn` and `keras_model` take the module as `tf`, so graphgate's and TensorFlow's
graphs are built by the same text.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios10"
BATCH, EPOCHS, SEED = 16, 6, 7
CNN_ROWS = 20_000
KERAS_EPOCHS, KERAS_BATCH, KERAS_STEPS, KERAS_MORE = 2, 8, 6, 4


def mlp_data() -> dict:
    rng = np.random.RandomState(10)
    x = rng.randn(200, 4).astype(np.float32)
    y = (x @ np.array([1.0, -2.0, 0.5, 1.0], np.float32) > 0).astype(np.int64) + (x[:, 3] > 1)
    return {"x": x, "y": y.astype(np.int64)}


def mlp(tf) -> dict:
    """A 4-16-3 classifier, Adam and a global step, in TF1's idiom."""
    rng = np.random.RandomState(100)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    w1 = tf.Variable(rng.randn(4, 16).astype(np.float32) * 0.5, name="w1")
    b1 = tf.Variable(np.zeros(16, np.float32), name="b1")
    w2 = tf.Variable(rng.randn(16, 3).astype(np.float32) * 0.5, name="w2")
    b2 = tf.Variable(np.zeros(3, np.float32), name="b2")
    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
    )
    step = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=step, name="train")
    return {"x": x, "y": y, "loss": loss, "train": train, "step": step,
            "weights": [w1, b1, w2, b2]}  # fmt: skip


def minibatches(rows: int):
    """datasets.md's order: step k feeds batch k % spe of epoch k // spe, shuffled by
    RandomState([seed, epoch])."""
    per_epoch = -(-rows // BATCH)
    for epoch in range(EPOCHS):
        order = np.random.RandomState([SEED, epoch]).permutation(rows)
        for b in range(per_epoch):
            yield order[b * BATCH : (b + 1) * BATCH]


def cnn_images() -> np.ndarray:
    """20,000 8x8 grey images whose values are whole PNG levels (k / 255), so the float
    input and the decoded PNG carry the same numbers."""
    levels = np.random.RandomState(11).randint(0, 256, size=(CNN_ROWS, 8, 8, 1))
    return (levels / 255.0).astype(np.float32)


def cnn(tf) -> dict:
    """conv 3x3x4 (SAME, relu) -> max pool 2x2 -> dense 3 -> softmax, on two inputs."""
    rng = np.random.RandomState(12)
    kernel = tf.constant(rng.randn(3, 3, 1, 4).astype(np.float32) * 0.5, name="kernel")
    bias = tf.constant(rng.randn(4).astype(np.float32) * 0.1, name="bias")
    dense = tf.Variable(rng.randn(64, 3).astype(np.float32) * 0.3, name="dense")

    def net(images):
        conv = tf.nn.relu(tf.nn.conv2d(images, kernel, [1, 1, 1, 1], "SAME") + bias)
        pooled = tf.nn.max_pool(conv, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        return tf.matmul(tf.reshape(pooled, [-1, 64]), dense)

    images = tf.placeholder(tf.float32, [None, 8, 8, 1], name="images")
    png = tf.placeholder(tf.string, [None], name="png")
    decoded = tf.map_fn(
        lambda s: tf.cast(tf.image.decode_png(s, channels=1), tf.float32) / 255.0,
        png,
        dtype=tf.float32,
    )
    decoded.set_shape([None, 8, 8, 1])
    probs = tf.nn.softmax(net(images), name="probs")
    png_probs = tf.nn.softmax(net(decoded), name="png_probs")
    return {"images": images, "png": png, "probs": probs, "png_probs": png_probs}


def keras_data() -> dict:
    rng = np.random.RandomState(13)
    x = rng.randn(48, 4).astype(np.float32)
    y = ((x[:, 0] + x[:, 1] > 0).astype(np.int64) + (x[:, 2] > 0.5)).astype(np.int64)
    return {"x": x, "y": y}


def keras_model(tf):
    layers = tf.keras.layers
    model = tf.keras.Sequential(
        [
            layers.Dense(8, activation="relu", input_shape=(4,), name="hidden"),
            layers.Dense(3, activation="softmax", name="probs"),
        ]
    )
    rng = np.random.RandomState(14)
    model.set_weights([rng.randn(*w.shape).astype(np.float32) * 0.5 for w in model.get_weights()])
    model.compile(tf.keras.optimizers.Adam(0.02), "sparse_categorical_crossentropy")
    return model


def keras_batches(count: int, start: int = 0):
    """The fine-tuning's batches: rows [8i, 8i + 8) of keras_data, cycling."""
    d = keras_data()
    for i in range(start, start + count):
        rows = slice((i * KERAS_BATCH) % 48, (i * KERAS_BATCH) % 48 + KERAS_BATCH)
        yield d["x"][rows], d["y"][rows]


def _mlp_expected(tf) -> dict:
    d = mlp_data()
    with tf.Graph().as_default():
        t = mlp(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = []
            for rows in minibatches(len(d["x"])):
                feeds = {t["x"]: d["x"][rows], t["y"]: d["y"][rows]}
                losses.append(float(sess.run([t["loss"], t["train"]], feeds)[0]))
            names = [v.op.name for v in t["weights"]]
            values = sess.run(t["weights"])
            return {
                "mlp_steps": int(sess.run(t["step"])),
                "mlp_last_loss": losses[-1],
                "mlp_variables": {n: v.tolist() for n, v in zip(names, values, strict=True)},
            }


def _cnn_expected(tf) -> dict:
    images = cnn_images()
    with tf.Graph().as_default():
        t = cnn(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, sess.graph.as_graph_def(), ["probs", "png_probs"]
            )
            probs = np.concatenate(
                [
                    sess.run(t["probs"], {t["images"]: images[i : i + 5000]})
                    for i in range(0, CNN_ROWS, 5000)
                ]
            )
            levels = tf.placeholder(tf.uint8, [8, 8, 1])
            encode = tf.image.encode_png(levels)
            pngs = [
                sess.run(encode, {levels: np.rint(images[i] * 255).astype(np.uint8)})
                for i in range(6)
            ]
            png_probs = sess.run(t["png_probs"], {t["png"]: pngs})
    (OUT / "frozen_cnn.pb").write_bytes(frozen.SerializeToString())
    np.save(OUT / "cnn_probs.npy", probs.astype(np.float32))
    return {
        "png_b64": [base64.b64encode(p).decode() for p in pngs],
        "png_probs": png_probs.tolist(),
    }


def _keras_expected(tf) -> dict:
    import tf_keras

    d = keras_data()
    model = keras_model(tf)
    model.fit(d["x"], d["y"], batch_size=KERAS_BATCH, epochs=KERAS_EPOCHS, shuffle=False,
              verbose=0)  # fmt: skip
    model.save(str(OUT / "keras.h5"))
    model = tf_keras.models.load_model(str(OUT / "keras.h5"))
    tuned = [float(model.train_on_batch(x, y)) for x, y in keras_batches(KERAS_STEPS)]
    model.save(str(OUT / "keras_tuned.h5"))
    again = tf_keras.models.load_model(str(OUT / "keras_tuned.h5"))
    (OUT / "keras_tuned.h5").unlink()
    more = [float(again.train_on_batch(x, y)) for x, y in keras_batches(KERAS_MORE, KERAS_STEPS)]
    return {
        "keras_predict": tf_keras.models.load_model(str(OUT / "keras.h5"))
        .predict(d["x"][:6], verbose=0)
        .tolist(),
        "keras_tuned_losses": tuned,
        "keras_more_losses": more,
        "keras_more_predict": again.predict(d["x"][:6], verbose=0).tolist(),
    }


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {**_mlp_expected(tf), **_cnn_expected(tf), **_keras_expected(tf)}
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    main()
