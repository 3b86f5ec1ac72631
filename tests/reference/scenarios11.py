"""graphgate's exports of one trained classifier shown to TensorFlow, and TensorFlow's
answers (dev-only), for tests/e2e/test_scenarios11.py.

Step 1, graphgate (the project's venv) trains the classifier as a user's script does and
writes what that user hands to TensorFlow:

    .venv/bin/python tests/reference/scenarios11.py graphgate

  under tests/e2e/fixtures/scenarios11/gg: `saved/1` (`simple_save` after STEPS Adam
  steps), `graph.pb` (`write_graph` of the untrained graph: the bytes
  `GET /v1/graphs/{id}` with `Accept: application/x-protobuf` answers), `objckpt/`
  (`tf.train.Checkpoint` of the model, its Adam optimizer and its global step, saved by a
  `CheckpointManager(max_to_keep=2)` after each of PHASES runs of PHASE_STEPS steps) and
  `events/` (the `tf.summary` values a `FileWriter` wrote, one per step).

Step 2, TensorFlow 2.21 reads them:

    /work/tfvenv/bin/python tests/reference/scenarios11.py tensorflow

  `tf.compat.v1.saved_model.loader.load` runs the export's signature; the GraphDef is
  imported and run with the export's variable values fed; TF 2 eager restores the newest
  object-based checkpoint (`assert_existing_objects_matched`, then `assert_consumed` once
  the optimizer's slots exist) and trains MORE steps on; TF runs the same script with its
  own `FileWriter` and its `summary_iterator` reads both event files; and TF runs
  README.md's quick start program, whose printed numbers a newcomer sees. Everything TF
  computed goes to `expected.json`, with the sha256 of every file TF was shown.

`data` and `build` take the module as `tf`, so graphgate's and TensorFlow's graphs are
built by the same text.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios11"
STEPS = 20
PHASES, PHASE_STEPS, MORE = 3, 8, 10
EVENT_STEPS = 6
LEARNING_RATE = 0.05
VARIABLES = ("w1", "b1", "w2", "b2")


def data() -> dict:
    rng = np.random.RandomState(11)
    features = rng.randn(48, 4).astype(np.float32)
    labels = (features[:, 0] + features[:, 3] > 0).astype(np.int64) + (features[:, 1] > 0.7)
    return {"features": features, "labels": labels.astype(np.int64), "test": features[:5]}


def build(tf) -> dict:
    """A 4-6-3 classifier with Adam, a global step and two summaries, in TF1's idiom."""
    rng = np.random.RandomState(110)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    w1 = tf.Variable(rng.randn(4, 6).astype(np.float32) * 0.5, name="w1")
    b1 = tf.Variable(np.zeros(6, np.float32), name="b1")
    w2 = tf.Variable(rng.randn(6, 3).astype(np.float32) * 0.5, name="w2")
    b2 = tf.Variable(np.zeros(3, np.float32), name="b2")
    hidden = tf.nn.relu(tf.matmul(x, w1) + b1, name="hidden")
    logits = tf.matmul(hidden, w2) + b2
    probs = tf.nn.softmax(logits, name="probs")
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
    )
    step = tf.train.get_or_create_global_step()
    optimizer = tf.train.AdamOptimizer(LEARNING_RATE)
    train = optimizer.minimize(loss, global_step=step, name="train")
    tf.summary.scalar("loss", loss)
    # the activations, not a variable: TF reads a variable the same run updates before or
    # after the update as its threads happen to run (engine.md: what a run sees)
    tf.summary.histogram("hidden", hidden)
    return {
        "x": x, "y": y, "probs": probs, "loss": loss, "train": train, "step": step,
        "optimizer": optimizer, "w1": w1, "b1": b1, "w2": w2, "b2": b2,
        "summaries": tf.summary.merge_all(),
    }  # fmt: skip


def checkpoint(tf, t: dict):
    """The objects a `tf.train.Checkpoint` follows: the model's variables, its optimizer
    (slots and beta powers) and the global step, under the names TF 2 eager gives them."""
    return tf.train.Checkpoint(
        step=t["step"], optimizer=t["optimizer"], **{name: t[name] for name in VARIABLES}
    )


def write_events(tf, sess, t: dict, logdir: str) -> None:
    """The TF1 summary loop: run the summaries with the train op, write them at the step
    the run made (the global step read after it)."""
    d = data()
    writer = tf.summary.FileWriter(logdir)
    for _ in range(EVENT_STEPS):
        summary, _ = sess.run(
            [t["summaries"], t["train"]], {t["x"]: d["features"], t["y"]: d["labels"]}
        )
        writer.add_summary(summary, int(sess.run(t["step"])))
    writer.close()


def observe(events) -> list:
    """Events as TF's `summary_iterator` reads them, wall times left out: each summary
    value's step, tag and value (a histogram's fields)."""
    seen = []
    for event in events:
        for value in event.summary.value:
            if value.HasField("histo"):
                h = value.histo
                got = {
                    "min": h.min, "max": h.max, "num": h.num, "sum": h.sum,
                    "sum_squares": h.sum_squares, "bucket_limit": list(h.bucket_limit),
                    "bucket": list(h.bucket),
                }  # fmt: skip
            else:
                got = value.simple_value
            seen.append([int(event.step), value.tag, got])
    return seen


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _graphgate() -> None:
    import graphgate.compat.v1 as tf

    d = data()
    feeds = None
    shutil.rmtree(OUT / "gg", ignore_errors=True)
    (OUT / "gg").mkdir(parents=True)
    with tf.Graph().as_default() as graph:
        t = build(tf)
        feeds = {t["x"]: d["features"], t["y"]: d["labels"]}
        init = tf.global_variables_initializer()
        # the graph a remote session stores: the script's, with the initializer it runs first
        tf.train.write_graph(graph, str(OUT / "gg"), "graph.pb", as_text=False)
        with tf.Session() as sess:
            sess.run(init)
            for _ in range(STEPS):
                sess.run(t["train"], feeds)
            tf.saved_model.simple_save(
                sess, str(OUT / "gg" / "saved" / "1"), {"features": t["x"]}, {"probs": t["probs"]}
            )
    with tf.Graph().as_default():
        t = build(tf)
        feeds = {t["x"]: d["features"], t["y"]: d["labels"]}
        ckpt = checkpoint(tf, t)
        manager = tf.train.CheckpointManager(ckpt, str(OUT / "gg" / "objckpt"), max_to_keep=2)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(PHASES):
                for _ in range(PHASE_STEPS):
                    sess.run(t["train"], feeds)
                manager.save(session=sess)
    with tf.Graph().as_default():
        t = build(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            write_events(tf, sess, t, str(OUT / "gg" / "events"))


# TF 2 eager (a process of its own: the other step runs TF1's graph mode) restores the
# newest object-based checkpoint into objects made the TF 2 way and trains on.
EAGER_RESTORE = """
import json, sys
import numpy as np
import tensorflow as tf
sys.path.insert(0, sys.argv[2])
from scenarios11 import data, LEARNING_RATE, MORE, VARIABLES
directory = sys.argv[1]
d = data()
shapes = {"w1": (4, 6), "b1": (6,), "w2": (6, 3), "b2": (3,)}
weights = {name: tf.Variable(tf.zeros(shapes[name])) for name in VARIABLES}
step = tf.Variable(0, dtype=tf.int64)
optimizer = tf.compat.v1.train.AdamOptimizer(LEARNING_RATE)
ckpt = tf.train.Checkpoint(step=step, optimizer=optimizer, **weights)
manager = tf.train.CheckpointManager(ckpt, directory, max_to_keep=2)
out = {"latest": manager.latest_checkpoint.rsplit("/", 1)[-1],
       "checkpoints": [p.rsplit("/", 1)[-1] for p in manager.checkpoints]}
status = ckpt.restore(manager.latest_checkpoint)
status.assert_existing_objects_matched()
out["restored_step"] = int(step.numpy())
def forward(x):
    hidden = tf.nn.relu(tf.matmul(x, weights["w1"]) + weights["b1"])
    return tf.matmul(hidden, weights["w2"]) + weights["b2"]
def loss():
    logits = forward(d["features"])
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=d["labels"], logits=logits))
out["probs_restored"] = tf.nn.softmax(forward(d["test"])).numpy().tolist()
losses = []
for i in range(MORE):
    losses.append(float(loss().numpy()))
    optimizer.minimize(loss, var_list=[weights[n] for n in VARIABLES], global_step=step)
    if i == 0:
        status.assert_consumed()  # the slots and beta powers were restored as made
out["losses_more"] = losses
out["step_more"] = int(step.numpy())
out["probs_more"] = tf.nn.softmax(forward(d["test"])).numpy().tolist()
print(json.dumps(out))
"""


def _eager_restore() -> dict:
    here = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", EAGER_RESTORE, str(OUT / "gg" / "objckpt"), here],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def readme_quickstart(tf) -> dict:
    """README.md's quick start program, step for step in TF1: 50 steps printed, then 500
    more (the service's async run), the last step's loss and the weights."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        y = tf.placeholder(tf.float32, [None, 1], name="y")
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        bias = tf.Variable(0.0, name="bias")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + bias - y), name="loss")
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        points = np.random.default_rng(0).normal(size=(200, 2)).astype(np.float32)
        targets = points @ np.array([[2.0], [-1.0]], np.float32) + 0.5
        feeds = {x: points, y: targets}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(50):
                _, value = sess.run([train, loss], feeds)
            out = {"loss_50": float(value), "w_50": sess.run(w).tolist()}
            out["bias_50"] = float(sess.run(bias))
            for _ in range(500):
                value, _ = sess.run([loss, train], feeds)
            out["loss_550"] = float(value)
    return out


def _tensorflow() -> None:
    import tensorflow.compat.v1 as tf

    d = data()
    shown = sorted(p for p in (OUT / "gg").rglob("*") if p.is_file() and "events" not in p.parts)
    expected: dict = {"shown": {str(p.relative_to(OUT)): sha256(p) for p in shown}}
    expected["eager"] = _eager_restore()
    tf.disable_v2_behavior()
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(OUT / "gg" / "saved" / "1"))
        signature = meta.signature_def["serving_default"]
        expected["signature"] = {
            "method_name": signature.method_name,
            "inputs": {k: [v.name, v.dtype] for k, v in signature.inputs.items()},
            "outputs": {k: [v.name, v.dtype] for k, v in signature.outputs.items()},
        }
        fetch, feed = signature.outputs["probs"].name, signature.inputs["features"].name
        expected["saved_probs"] = sess.run(fetch, {feed: d["test"]}).tolist()
        trained = {name: sess.run(f"{name}:0") for name in VARIABLES}
    with tf.Graph().as_default(), tf.Session() as sess:
        graph_def = tf.GraphDef()
        graph_def.ParseFromString((OUT / "gg" / "graph.pb").read_bytes())
        tf.import_graph_def(graph_def, name="")
        # a variable's output is fed as any tensor: the GraphDef run with the export's values
        feeds = {f"{name}:0": value for name, value in trained.items()} | {"x:0": d["test"]}
        expected["graph_def_probs"] = sess.run("probs:0", feeds).tolist()
        expected["graph_def_nodes"] = len(graph_def.node)
    with tf.Graph().as_default():
        t = build(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            logdir = Path(os.environ.get("TMPDIR", "/tmp")) / "scenarios11-tf-events"
            shutil.rmtree(logdir, ignore_errors=True)
            write_events(tf, sess, t, str(logdir))
    (tf_events,) = logdir.glob("events.out.tfevents.*")
    expected["tf_events"] = observe(tf.train.summary_iterator(str(tf_events)))
    (gg_events,) = (OUT / "gg" / "events").glob("events.out.tfevents.*")
    expected["tf_reads_graphgate_events"] = observe(tf.train.summary_iterator(str(gg_events)))
    expected["readme"] = readme_quickstart(tf)
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    {"graphgate": _graphgate, "tensorflow": _tensorflow}[sys.argv[1]]()
