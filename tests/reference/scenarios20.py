"""What TensorFlow 2.21 (its Keras 3) computed for the journeys of
tests/e2e/test_scenarios20.py (dev-only):

    /work/tfvenv/bin/python tests/reference/scenarios20.py

writes tests/e2e/fixtures/scenarios20/: `expected.json` and the directories TF wrote that
the journeys hand to graphgate:

- `conv/1/`: a Keras 3 model (Conv1D, BatchNormalization, ReLU, global average pooling, a
  softmax Dense) trained TRAIN_EPOCHS epochs with Adam, exported for serving as Keras 3
  says (`keras.export.ExportArchive`, what `model.export` writes) with two endpoints:
  `serving_default` (`series` to `probs`) and `embed` (`series` to the pooled
  `embedding`); `expected.json` holds `model.predict` of both for `rows()`, and of the
  embedding for `batch_rows()`.
- `conv.h5`: the same model as Keras 3's `model.save("conv.h5")` writes it, which
  tf_keras cannot load (`expected.json`: its error's class).
- `saved/1/`: the same model given to `tf.saved_model.save`, which writes the layers'
  variables beside tracked copies that only the copies are restored into: TF's own TF1
  loader (the path TF Serving loads by) fails on its signature, `expected.json` holds
  that error's class and text.
- `resume`: an embedding regression (`build_resume`) trained by gradient descent over
  RESUME_STEPS feed batches (`resume_batches()`, each fed once, in order), one of which,
  BAD_BATCH, the user first sent with an id past the embedding (`resume_batches(bad=True)`):
  the loss every CHECKPOINT_EVERY steps and the variables after CHECKPOINT_EVERY steps
  (where the service's async run keeps them when that batch fails it) and at the end.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios20"
STEPS, FEATURES, CHANNELS, CLASSES = 8, 3, 4, 2
TRAIN_EPOCHS = 3


def rows() -> np.ndarray:
    """A batch of 12 series to predict, as a TF Serving client sends them."""
    return np.random.RandomState(2002).randn(12, STEPS, FEATURES).astype(np.float32)


def batch_rows() -> np.ndarray:
    """A dataset of 257 series to batch-score (three shards of 100 rows, the last of 57)."""
    return np.random.RandomState(2005).randn(257, STEPS, FEATURES).astype(np.float32)


def _model(tf):
    tf.keras.utils.set_random_seed(2001)
    series = tf.keras.Input((STEPS, FEATURES), name="series")
    h = tf.keras.layers.Conv1D(CHANNELS, 3, padding="same", name="conv")(series)
    h = tf.keras.layers.BatchNormalization(name="bn")(h)
    h = tf.keras.layers.ReLU(name="relu")(h)
    h = tf.keras.layers.GlobalAveragePooling1D(name="pool")(h)
    probs = tf.keras.layers.Dense(CLASSES, activation="softmax", name="probs")(h)
    model = tf.keras.Model(series, probs)
    model.compile("adam", "sparse_categorical_crossentropy")
    x = np.random.RandomState(2000).randn(64, STEPS, FEATURES).astype(np.float32)
    y = (x.sum(axis=(1, 2)) > 0).astype(np.int64)
    model.fit(x, y, epochs=TRAIN_EPOCHS, verbose=0)
    return model


# -- 3. an async run failing on a bad feed batch, resumed from its checkpoint ---------------

VOCAB, DIM, IDS_PER_BATCH = 10, 3, 4
RESUME_STEPS, BAD_BATCH, CHECKPOINT_EVERY = 60, 40, 25


def resume_batches(bad: bool = False) -> list[dict[str, np.ndarray]]:
    """RESUME_STEPS batches of `ids` and targets `y`; with `bad`, batch BAD_BATCH has an
    id past the vocabulary (as a user's off-by-one in a data loader makes one)."""
    rng = np.random.RandomState(2003)
    batches = [
        {
            "ids": rng.randint(0, VOCAB, IDS_PER_BATCH).astype(np.int32),
            "y": rng.randn(IDS_PER_BATCH, 1).astype(np.float32),
        }
        for _ in range(RESUME_STEPS)
    ]
    if bad:
        batches[BAD_BATCH]["ids"] = batches[BAD_BATCH]["ids"].copy()
        batches[BAD_BATCH]["ids"][2] = VOCAB
    return batches


def build_resume(tf) -> dict[str, object]:
    """ids -> embedding (seeded uniform) -> a linear head; mean squared error, SGD 0.1."""
    ids = tf.placeholder(tf.int32, [None], name="ids")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    init = tf.random_uniform_initializer(-1.0, 1.0, seed=2004)
    emb = tf.get_variable("emb", [VOCAB, DIM], initializer=init)
    w = tf.get_variable("w", [DIM, 1], initializer=tf.constant_initializer(0.5))
    pred = tf.matmul(tf.gather(emb, ids), w, name="pred")
    loss = tf.reduce_mean(tf.square(pred - y), name="loss")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
    return {"ids": ids, "y": y, "emb": emb, "w": w, "loss": loss, "train": train}


def _resume(tf) -> dict[str, object]:
    with tf.Graph().as_default():
        t = build_resume(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses, kept = [], None
            for step, batch in enumerate(resume_batches(), start=1):
                loss, _ = sess.run(
                    [t["loss"], t["train"]], {t["ids"]: batch["ids"], t["y"]: batch["y"]}
                )
                if step % CHECKPOINT_EVERY == 0:
                    losses.append(float(loss))
                if step == CHECKPOINT_EVERY:
                    kept = [v.tolist() for v in sess.run([t["emb"], t["w"]])]
            final = [v.tolist() for v in sess.run([t["emb"], t["w"]])]
            last = float(loss)
    return {"checkpoint_losses": losses, "kept": kept, "final": final, "last_loss": last}


def _tf1_loader_error(tf, path: Path) -> dict[str, str]:
    with tf.Graph().as_default(), tf.compat.v1.Session() as sess:
        meta = tf.compat.v1.saved_model.load(sess, ["serve"], str(path))
        signature = meta.signature_def["serving_default"]
        feed = {signature.inputs["series"].name: rows()}
        try:
            sess.run(signature.outputs["probs"].name, feed)
        except tf.errors.OpError as exc:
            said = [line for line in exc.message.splitlines() if "Could not find" in line]
            return {"class": type(exc).__name__, "message": said[0].split(". ")[0]}
    raise AssertionError("TF's TF1 loader ran the signature")


def _tf_keras_error(path: Path) -> str:
    import tf_keras

    try:
        tf_keras.models.load_model(str(path), compile=False)
    except TypeError as exc:
        return type(exc).__name__
    raise AssertionError("tf_keras loaded Keras 3's .h5")


def main() -> None:
    import tensorflow as tf

    shutil.rmtree(OUT / "conv", ignore_errors=True)
    shutil.rmtree(OUT / "saved", ignore_errors=True)
    model = _model(tf)
    embedder = tf.keras.Model(model.input, model.get_layer("pool").output)
    spec = [tf.TensorSpec([None, STEPS, FEATURES], tf.float32, name="series")]
    archive = tf.keras.export.ExportArchive()
    archive.track(model)
    archive.track(embedder)
    archive.add_endpoint(
        "serving_default", lambda series: {"probs": model(series, training=False)}, spec
    )
    archive.add_endpoint(
        "embed", lambda series: {"embedding": embedder(series, training=False)}, spec
    )
    archive.write_out(str(OUT / "conv" / "1"))
    model.save(str(OUT / "conv.h5"))

    @tf.function(input_signature=spec)
    def serve(series):
        return {"probs": model(series, training=False)}

    tf.saved_model.save(model, str(OUT / "saved" / "1"), signatures={"serving_default": serve})
    expected = {
        "probs": model.predict(rows(), verbose=0).tolist(),
        "embedding": embedder.predict(rows(), verbose=0).tolist(),
        "batch_embedding": embedder.predict(batch_rows(), verbose=0).tolist(),
        "saved_tf1_error": _tf1_loader_error(tf, OUT / "saved" / "1"),
        "h5_tf_keras_error": _tf_keras_error(OUT / "conv.h5"),
        "resume": _resume(tf.compat.v1),
    }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(json.dumps(expected["saved_tf1_error"]))


if __name__ == "__main__":
    main()
