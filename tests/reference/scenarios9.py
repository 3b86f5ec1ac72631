"""graphgate's exports shown to TensorFlow, and TensorFlow's answers (dev-only).

Step 1, graphgate (the project's venv) writes what a user would hand to TensorFlow:

    .venv/bin/python tests/reference/scenarios9.py graphgate

  `gg/ckpt/model.ckpt-30` (a TF1 classifier trained 30 Adam steps, saved with
  `Saver(checkpoint_format="tensorflow")`, as engine.md says TF restores) and
  `gg/keras.h5` (a Keras model fitted 3 epochs and saved, as engine.md says TF's Keras
  reads), under tests/e2e/fixtures/scenarios9.

Step 2, TensorFlow 2.21 (tf.compat.v1) reads them:

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/scenarios9.py tensorflow

  restores the checkpoint into the same graph built with TF, records its probabilities,
  trains 20 more steps (losses recorded), saves `tf/ckpt/model.ckpt-50` and exports
  `tf/saved/1` (`simple_save`); loads `gg/keras.h5` with tf_keras, records its
  predictions, fits one more epoch and saves `tf/keras.h5` and `tf/keras_saved/1`
  (`model.save(dir)`, TF 2's SavedModel). Everything TF computed goes to
  `expected.json`, with the sha256 of every file TF was shown, so
  tests/e2e/test_scenarios9.py can re-create graphgate's export and hold it to the very
  files TF read.

`build`, `keras_model`, `data` and `train` take the module as `tf`, so graphgate's and
TensorFlow's graphs are built by the same text.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios9"
STEPS, MORE = 30, 20
KERAS_EPOCHS, KERAS_BATCH = 3, 8


def data() -> dict:
    rng = np.random.RandomState(9)
    features = rng.randn(64, 4).astype(np.float32)
    labels = (features[:, 0] - features[:, 2] > 0).astype(np.int64) + (features[:, 1] > 0.8)
    return {"features": features, "labels": labels.astype(np.int64), "test": features[:6]}


def build(tf):
    """A 4-8-3 classifier with Adam and a global step, in TF1's idiom; returns its tensors."""
    rng = np.random.RandomState(90)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    with tf.variable_scope("hidden"):
        w1 = tf.get_variable("kernel", initializer=rng.randn(4, 8).astype(np.float32) * 0.5)
        b1 = tf.get_variable("bias", initializer=np.zeros(8, np.float32))
    with tf.variable_scope("out"):
        w2 = tf.get_variable("kernel", initializer=rng.randn(8, 3).astype(np.float32) * 0.5)
        b2 = tf.get_variable("bias", initializer=np.zeros(3, np.float32))
    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2) + b2
    probs = tf.nn.softmax(logits, name="probs")
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
    )
    step = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=step, name="train")
    return {"x": x, "y": y, "probs": probs, "loss": loss, "train": train, "step": step}


def keras_model(tf):
    """A Sequential classifier with Adam, its initial weights drawn from a fixed seed."""
    layers = tf.keras.layers
    model = tf.keras.Sequential(
        [
            layers.Dense(8, activation="relu", input_shape=(4,), name="hidden"),
            layers.Dense(3, activation="softmax", name="probs"),
        ]
    )
    rng = np.random.RandomState(91)
    model.set_weights([rng.randn(*w.shape).astype(np.float32) * 0.5 for w in model.get_weights()])
    model.compile(tf.keras.optimizers.Adam(0.02), "sparse_categorical_crossentropy")
    return model


def fit(model, epochs: int) -> list:
    d = data()
    history = model.fit(
        d["features"], d["labels"], batch_size=KERAS_BATCH, epochs=epochs, shuffle=False, verbose=0
    )
    return [float(v) for v in history.history["loss"]]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _graphgate() -> None:
    import graphgate.compat.v1 as tf

    d = data()
    shutil.rmtree(OUT / "gg", ignore_errors=True)
    (OUT / "gg").mkdir(parents=True)  # the Saver makes `ckpt/` only, as TF's
    with tf.Graph().as_default():
        t = build(tf)
        saver = tf.train.Saver(checkpoint_format="tensorflow", save_relative_paths=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(STEPS):
                sess.run(t["train"], {t["x"]: d["features"], t["y"]: d["labels"]})
            saver.save(sess, str(OUT / "gg" / "ckpt" / "model.ckpt"), global_step=STEPS,
                       write_meta_graph=False)  # fmt: skip
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.keras.backend.set_session(sess)
        model = keras_model(tf)
        fit(model, KERAS_EPOCHS)
        model.save(str(OUT / "gg" / "keras.h5"))
        tf.keras.backend.set_session(None)


def _tensorflow() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    d = data()
    gg_prefix = str(OUT / "gg" / "ckpt" / f"model.ckpt-{STEPS}")
    shown = sorted(p for p in (OUT / "gg").rglob("*") if p.is_file())
    expected: dict = {"shown": {str(p.relative_to(OUT)): sha256(p) for p in shown}}
    shutil.rmtree(OUT / "tf", ignore_errors=True)
    (OUT / "tf" / "ckpt").mkdir(parents=True)  # TF's Saver makes one missing level only
    with tf.Graph().as_default():
        t = build(tf)
        saver = tf.train.Saver(save_relative_paths=True)  # the fixture moves with the repo
        feeds = {t["x"]: d["features"], t["y"]: d["labels"]}
        with tf.Session() as sess:
            saver.restore(sess, gg_prefix)
            expected["restored_step"] = int(sess.run(t["step"]))
            expected["probs_restored"] = sess.run(t["probs"], {t["x"]: d["test"]}).tolist()
            expected["variables_restored"] = sorted(v.op.name for v in tf.global_variables())
            expected["losses_more"] = [
                float(sess.run([t["loss"], t["train"]], feeds)[0]) for _ in range(MORE)
            ]
            expected["probs_more"] = sess.run(t["probs"], {t["x"]: d["test"]}).tolist()
            saver.save(sess, str(OUT / "tf" / "ckpt" / "model.ckpt"), global_step=STEPS + MORE,
                       write_meta_graph=False)  # fmt: skip
            # and exported for serving, as a TF1 script does (models.md: From a saved model)
            tf.saved_model.simple_save(
                sess, str(OUT / "tf" / "saved" / "1"), {"features": t["x"]}, {"probs": t["probs"]}
            )
    import tf_keras

    model = tf_keras.models.load_model(str(OUT / "gg" / "keras.h5"))
    expected["keras_predict_restored"] = model.predict(d["test"], verbose=0).tolist()
    expected["keras_losses_more"] = fit(model, 1)
    expected["keras_predict_more"] = model.predict(d["test"], verbose=0).tolist()
    model.save(str(OUT / "tf" / "keras.h5"))
    model.save(str(OUT / "tf" / "keras_saved" / "1"), save_format="tf")
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    {"graphgate": _graphgate, "tensorflow": _tensorflow}[sys.argv[1]]()
