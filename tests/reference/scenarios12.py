"""What TensorFlow 2.21 computed for the journeys of tests/e2e/test_scenarios12.py
(dev-only), and what it read back from graphgate.

Step 1, TensorFlow writes and computes:

    /work/tfvenv/bin/python tests/reference/scenarios12.py tensorflow

  under tests/e2e/fixtures/scenarios12/tf: `keras/1`, a tf_keras classifier TF trained
  (`fit`, seeded) and saved with `model.save(dir)` (a TF 2 SavedModel), and `keras.h5`,
  the same model as Keras' HDF5 file; `expected.json` gets its `predict` over the test
  rows and the rows of the CSV dataset, what the SavedModel's `serving_default` signature
  answers, and TF1's `Saver` journey: a graph-mode script training STEPS Adam steps,
  saving every EVERY steps (max_to_keep=KEEP), its process lost after LOST steps and a new
  one restoring the latest checkpoint and training to the end; the final variables, the
  `checkpoint` file's state and the files left in the directory.

Step 2, graphgate serves the Keras SavedModel and gives it back:

    .venv/bin/python tests/reference/scenarios12.py graphgate

  starts a local runner, makes the SavedModel a version as models.md says and downloads
  it (`Accept: application/zip`) into `gg/download/`.

Step 3, TensorFlow loads graphgate's download (step 1 again: it reads `gg/download` when
it is there), with `tf.compat.v1.saved_model.loader.load` and `tf.saved_model.load`, and
records what each computes and the sha256 of every file it read.

`data`, `saver_script` and `keras_rows` are shared with the test, so both sides build the
same text.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios12"
KERAS_EPOCHS = 6
CSV_ROWS = 40
STEPS, EVERY, KEEP, LOST = 20, 4, 3, 10
LEARNING_RATE = 0.05
VARIABLES = ("w1", "b1", "w2", "b2")


def keras_rows() -> dict:
    rng = np.random.RandomState(12)
    features = rng.randn(96, 4).astype(np.float32)
    labels = ((features[:, 0] - features[:, 2] > 0).astype(np.int64)
              + (features[:, 1] > 0.5).astype(np.int64))  # fmt: skip
    csv = np.round(rng.randn(CSV_ROWS, 4), 4).astype(np.float32)
    return {"features": features, "labels": labels, "test": features[:6], "csv": csv}


def csv_text(rows: np.ndarray) -> str:
    """The CSV a data engineer exports: a header, four feature columns, a row per line."""
    lines = ["f0,f1,f2,f3"] + [",".join(f"{v:.4f}" for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def data() -> dict:
    rng = np.random.RandomState(120)
    features = rng.randn(32, 3).astype(np.float32)
    targets = (features @ np.array([[1.5], [-2.0], [0.5]], np.float32) + 0.25).astype(np.float32)
    return {"features": features, "targets": np.tanh(targets)}


def saver_script(tf) -> dict:
    """A TF1 graph-mode regression: a 3-5-1 tanh network, Adam, a global step."""
    rng = np.random.RandomState(121)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w1 = tf.Variable(rng.randn(3, 5).astype(np.float32) * 0.5, name="w1")
    b1 = tf.Variable(np.zeros(5, np.float32), name="b1")
    w2 = tf.Variable(rng.randn(5, 1).astype(np.float32) * 0.5, name="w2")
    b2 = tf.Variable(np.zeros(1, np.float32), name="b2")
    pred = tf.add(tf.matmul(tf.tanh(tf.matmul(x, w1) + b1), w2), b2, name="pred")
    loss = tf.reduce_mean(tf.square(pred - y), name="loss")
    step = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(LEARNING_RATE).minimize(loss, global_step=step)
    saver = tf.train.Saver(max_to_keep=KEEP)
    init = tf.global_variables_initializer()
    return {"x": x, "y": y, "loss": loss, "train": train, "step": step, "saver": saver,
            "init": init, "w1": w1, "b1": b1, "w2": w2, "b2": b2}  # fmt: skip


def train_until(tf, sess, t: dict, prefix: str, stop: int) -> list:
    """The script's loop: a step, then a checkpoint every EVERY steps; the losses."""
    d = data()
    losses = []
    while (done := int(sess.run(t["step"]))) < stop:
        _, value = sess.run([t["train"], t["loss"]], {t["x"]: d["features"], t["y"]: d["targets"]})
        losses.append(float(value))
        if (done + 1) % EVERY == 0:
            t["saver"].save(sess, prefix, global_step=t["step"])
    return losses


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _keras(expected: dict) -> None:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow as tf
    import tf_keras as keras

    rows = keras_rows()
    keras.utils.set_random_seed(12)
    inputs = keras.Input(shape=(4,), name="features")
    hidden = keras.layers.Dense(8, activation="relu", name="hidden")(inputs)
    outputs = keras.layers.Dense(3, activation="softmax", name="probs")(hidden)
    model = keras.Model(inputs, outputs)
    model.compile(keras.optimizers.Adam(0.05), "sparse_categorical_crossentropy")
    model.fit(rows["features"], rows["labels"], epochs=KERAS_EPOCHS, batch_size=16,
              shuffle=False, verbose=0)  # fmt: skip
    shutil.rmtree(OUT / "tf", ignore_errors=True)
    model.save(str(OUT / "tf" / "keras" / "1"))
    model.save(str(OUT / "tf" / "keras.h5"))
    expected["keras"] = {
        "predict_test": model.predict(rows["test"], verbose=0).tolist(),
        "predict_csv": model.predict(keras_rows()["csv"], verbose=0).tolist(),
    }
    with tf.Graph().as_default(), tf.compat.v1.Session() as sess:
        meta = tf.compat.v1.saved_model.loader.load(
            sess, ["serve"], str(OUT / "tf" / "keras" / "1")
        )
        signature = meta.signature_def["serving_default"]
        expected["keras"]["signature"] = {
            "method_name": signature.method_name,
            **{
                side: {
                    key: [info.name, tf.dtypes.as_dtype(info.dtype).name,
                          [d.size for d in info.tensor_shape.dim]]
                    for key, info in getattr(signature, side).items()
                }
                for side in ("inputs", "outputs")
            },
        }  # fmt: skip
    loaded = tf.saved_model.load(str(OUT / "tf" / "keras" / "1"))
    serve = loaded.signatures["serving_default"]
    answer = serve(features=tf.constant(rows["test"]))
    expected["keras"]["signature_outputs"] = sorted(answer)
    expected["keras"]["signature_test"] = answer["probs"].numpy().tolist()


def _saver(expected: dict) -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    directory = Path(tempfile.mkdtemp(prefix="scenarios12-saver-"))
    prefix = str(directory / "model.ckpt")
    out: dict = {}
    with tf.Graph().as_default():
        t = saver_script(tf)
        with tf.Session() as sess:
            sess.run(t["init"])
            out["losses_first"] = train_until(tf, sess, t, prefix, LOST)
    # the process is gone; a new one builds the same graph and restores the latest
    with tf.Graph().as_default():
        t = saver_script(tf)
        with tf.Session() as sess:
            latest = tf.train.latest_checkpoint(str(directory))
            out["latest_at_restart"] = Path(latest).name
            t["saver"].restore(sess, latest)
            out["step_restored"] = int(sess.run(t["step"]))
            out["losses_second"] = train_until(tf, sess, t, prefix, STEPS)
            out["variables"] = {name: sess.run(t[name]).tolist() for name in VARIABLES}
    state = tf.train.get_checkpoint_state(str(directory))
    out["state"] = {
        "model_checkpoint_path": Path(state.model_checkpoint_path).name,
        "all_model_checkpoint_paths": [Path(p).name for p in state.all_model_checkpoint_paths],
    }
    out["files"] = sorted(p.name for p in directory.iterdir())
    shutil.rmtree(directory)
    expected["saver"] = out


def _download(expected: dict) -> None:
    """TF loads what graphgate answered for the Keras version (step 2's files)."""
    import tensorflow as tf

    shown = OUT / "gg" / "download"
    if not shown.exists():
        return
    rows = keras_rows()
    files = sorted(p for p in shown.rglob("*") if p.is_file())
    out: dict = {"shown": {str(p.relative_to(shown)): sha256(p) for p in files}}
    v1 = tf.compat.v1
    with tf.Graph().as_default(), v1.Session() as sess:
        meta = v1.saved_model.loader.load(sess, ["serve"], str(shown))
        signature = meta.signature_def["serving_default"]
        out["signature"] = {
            "method_name": signature.method_name,
            "inputs": sorted(signature.inputs),
            "outputs": sorted(signature.outputs),
        }
        feed = signature.inputs["features"].name
        fetch = signature.outputs["probs"].name
        out["v1_test"] = sess.run(fetch, {feed: rows["test"]}).tolist()
    loaded = tf.saved_model.load(str(shown))
    out["v2_test"] = (
        loaded.signatures["serving_default"](features=tf.constant(rows["test"]))["probs"]
        .numpy()
        .tolist()
    )
    expected["download"] = out


def _tensorflow() -> None:
    expected: dict = {}
    _keras(expected)
    _download(expected)  # eager: before the saver journey turns TF 2 behaviour off
    _saver(expected)
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


def _graphgate() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import graphgate.client as remote
    from localrunner.process import RunnerProcess

    shutil.rmtree(OUT / "gg", ignore_errors=True)
    with tempfile.TemporaryDirectory() as work, RunnerProcess(Path(work), persist=False) as runner:
        key = runner.create_tenant("scenarios12-reference", plan="pro")["api_key"]
        with remote.Client(runner.url, key) as api:
            api.create_model_version_from_saved_model("s12-keras", str(OUT / "tf" / "keras"))
            api.export_saved_model("s12-keras", OUT / "gg" / "download", version=1)


if __name__ == "__main__":
    {"graphgate": _graphgate, "tensorflow": _tensorflow}[sys.argv[1]]()
