"""What TensorFlow 2.21 (`tf.compat.v1`, graph mode) computed for the journeys of
tests/e2e/test_scenarios15.py (dev-only):

    /work/tfvenv/bin/python tests/reference/scenarios15.py

writes tests/e2e/fixtures/scenarios15/expected.json:

- `lstm`: a TF1 LSTM text classifier (an embedding, `LSTMCell` under `dynamic_rnn`, a dense
  layer) whose token ids come from serialized `tf.train.Example`s through
  `parse_example` unless fed (a `placeholder_with_default`), trained LSTM_STEPS Adam steps
  on one fixed minibatch: the last loss and the scores of `lstm_examples()`.
- `metrics`: a small logistic network trained on a CSV's rows in the order a shuffled
  dataset run feeds them (datasets.md: `RandomState([seed, epoch]).permutation(rows)`),
  then evaluated batch by batch with `tf.metrics` (accuracy, AUC, mean loss, precision):
  the metrics, the loss at each checkpoint and the probabilities of the held-out rows.
- `estimator`: the graph a custom `model_fn` builds (a linear regressor over a feature
  dict), trained by plain gradient descent on `numpy_input_fn`'s unshuffled batches as an
  Estimator's `train` runs it (TF 2.21 ships no `tf.estimator`: the same graph and batches
  in a session), its `evaluate` metrics (mean absolute error, RMSE, the mean of batch
  losses) and its predictions of `estimator_examples()`.
- `resume`: a seeded dropout network trained RESUME_STEPS Adam steps in one session: the
  last loss and the variables, which a run cancelled, forked into a new session and
  finished there must end with.

The graph builders take the `tf` module (TensorFlow's compat.v1 or graphgate's) so the test
and this script build the same program.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios15"

# -- 1. an LSTM text classifier, served through classify ----------------------------------

VOCAB, EMBED, UNITS, TIME = 12, 6, 8, 5
LSTM_STEPS = 10
LSTM_RATE = 0.05
CLASSES = ("negative", "positive")


def lstm_batch() -> tuple[np.ndarray, np.ndarray]:
    """32 sequences of token ids; positive when token 3 appears more often than token 7."""
    rng = np.random.RandomState(1501)
    tokens = rng.randint(0, VOCAB, size=(32, TIME)).astype(np.int64)
    labels = ((tokens == 3).sum(1) > (tokens == 7).sum(1)).astype(np.int64)
    return tokens, labels


def lstm_examples() -> list[list[int]]:
    rng = np.random.RandomState(1502)
    return rng.randint(0, VOCAB, size=(4, TIME)).tolist()


def lstm_graph(tf) -> None:
    rng = np.random.RandomState(150)
    examples = tf.placeholder(tf.string, [None], name="examples")
    parsed = tf.parse_example(examples, {"tokens": tf.FixedLenFeature([TIME], tf.int64)})
    tokens = tf.placeholder_with_default(parsed["tokens"], [None, TIME], name="tokens")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    table = tf.Variable(rng.randn(VOCAB, EMBED).astype(np.float32) * 0.5, name="embedding")
    embedded = tf.nn.embedding_lookup(table, tokens)
    kernel = (rng.randn(EMBED + UNITS, 4 * UNITS) * 0.3).astype(np.float32)
    cell = tf.nn.rnn_cell.LSTMCell(UNITS, initializer=tf.constant_initializer(kernel))
    _, state = tf.nn.dynamic_rnn(cell, embedded, dtype=tf.float32, scope="rnn")
    dense = (rng.randn(UNITS, len(CLASSES)) * 0.3).astype(np.float32)
    logits = tf.layers.dense(
        state.h, len(CLASSES), kernel_initializer=tf.constant_initializer(dense), name="out"
    )
    tf.nn.softmax(logits, name="scores")
    batch = tf.shape(logits)[:1]
    tf.tile(tf.constant([list(CLASSES)]), tf.concat([batch, [1]], 0), name="classes")
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits),
        name="loss",
    )
    tf.train.AdamOptimizer(LSTM_RATE).minimize(loss, name="train")


# -- 2. streaming metrics after a shuffled dataset run -------------------------------------

METRIC_ROWS, HELD_OUT = 300, 90
METRIC_BATCH, METRIC_EPOCHS, METRIC_SEED = 32, 3, 7
METRIC_RATE = 0.5
EVAL_BATCH = 30


def metric_csv() -> str:
    """The CSV a user uploads: four float features and a 0/1 label, each row a line."""
    rng = np.random.RandomState(1510)
    x = rng.randn(METRIC_ROWS + HELD_OUT, 4).astype(np.float32)
    signal = x @ np.array([1.5, -2.0, 0.5, 1.0], np.float32) + 0.3 * rng.randn(len(x))
    y = (signal > 0.2).astype(np.float32)
    lines = ["f0,f1,f2,f3,label"]
    for row, label in zip(x, y, strict=True):
        lines.append(",".join([*(repr(float(v)) for v in row), str(int(label))]))
    return "\n".join(lines) + "\n"


def metric_arrays() -> tuple[np.ndarray, np.ndarray]:
    """The CSV's rows as the service reads them as float32 (each cell rounded once)."""
    rows = [line.split(",") for line in metric_csv().splitlines()[1:]]
    table = np.array([[np.float32(cell) for cell in row] for row in rows], np.float32)
    return table[:, :4], table[:, 4]


def metric_order() -> list[np.ndarray]:
    """The rows each step feeds: datasets.md's contract for a shuffled run."""
    per_epoch = math.ceil(METRIC_ROWS / METRIC_BATCH)
    order = []
    for epoch in range(METRIC_EPOCHS):
        perm = np.random.RandomState([METRIC_SEED, epoch]).permutation(METRIC_ROWS)
        order += [perm[b * METRIC_BATCH : (b + 1) * METRIC_BATCH] for b in range(per_epoch)]
    return order


def metric_graph(tf) -> None:
    rng = np.random.RandomState(151)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.float32, [None], name="y")
    w1 = tf.Variable(rng.randn(4, 6).astype(np.float32) * 0.5, name="w1")
    b1 = tf.Variable(np.zeros(6, np.float32), name="b1")
    w2 = tf.Variable(rng.randn(6, 1).astype(np.float32) * 0.5, name="w2")
    logit = tf.squeeze(tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2), 1, name="logit")
    prob = tf.sigmoid(logit, name="prob")
    losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logit)
    loss = tf.reduce_mean(losses, name="loss")
    tf.train.GradientDescentOptimizer(METRIC_RATE).minimize(loss, name="train")
    predicted = tf.cast(prob > 0.5, tf.float32)
    with tf.name_scope("eval"):
        tf.metrics.accuracy(y, predicted, name="accuracy")
        tf.metrics.auc(y, prob, name="auc")
        tf.metrics.mean(loss, name="mean_loss")
        tf.metrics.precision(y, predicted, name="precision")


METRICS = ("accuracy", "auc", "mean_loss", "precision")


def metric_tensors(graph) -> tuple[dict, dict]:
    """Each metric's (value, update op) by the names tf.metrics gives them."""
    values, updates = {}, {}
    for name in METRICS:
        values[name] = graph.get_tensor_by_name(f"eval/{name}/value:0")
        updates[name] = graph.get_tensor_by_name(f"eval/{name}/update_op:0")
    return values, updates


# -- 3. a custom model_fn, exported for Examples -------------------------------------------

EST_ROWS, EST_BATCH, EST_STEPS, EST_RATE = 60, 20, 40, 0.05
EST_EVAL_BATCH = 25


def estimator_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1520)
    x = rng.randn(EST_ROWS, 3).astype(np.float32)
    y = (x @ np.array([2.0, -1.0, 0.5], np.float32) + 1.25).astype(np.float32)
    return x, (y + 0.1 * rng.randn(EST_ROWS).astype(np.float32)).reshape(-1, 1)


def estimator_examples() -> list[list[float]]:
    return [[0.5, -1.0, 2.0], [1.0, 1.0, 1.0], [-2.0, 0.25, 0.0]]


def estimator_model(tf, features):
    """The prediction a model_fn makes of `features["x"]`."""
    rng = np.random.RandomState(152)
    return tf.layers.dense(
        features["x"],
        1,
        kernel_initializer=tf.constant_initializer(rng.randn(3, 1).astype(np.float32)),
        name="linear",
    )


# -- 4. resuming a cancelled run in a new session ------------------------------------------

RESUME_STEPS, RESUME_RATE, RESUME_SEED = 2000, 0.01, 15


def resume_feeds() -> dict[str, np.ndarray]:
    rng = np.random.RandomState(1530)
    x = rng.randn(16, 5).astype(np.float32)
    return {"x": x, "t": np.tanh(x.sum(1, keepdims=True)).astype(np.float32)}


def resume_graph(tf) -> None:
    tf.set_random_seed(RESUME_SEED)
    rng = np.random.RandomState(153)
    x = tf.placeholder(tf.float32, [None, 5], name="x")
    t = tf.placeholder(tf.float32, [None, 1], name="t")
    w1 = tf.Variable(rng.randn(5, 16).astype(np.float32) * 0.4, name="w1")
    w2 = tf.Variable(rng.randn(16, 1).astype(np.float32) * 0.4, name="w2")
    hidden = tf.nn.dropout(tf.tanh(tf.matmul(x, w1)), rate=0.3, seed=4)
    loss = tf.reduce_mean(tf.square(tf.matmul(hidden, w2) - t), name="loss")
    tf.train.AdamOptimizer(RESUME_RATE).minimize(loss, name="train")


# -- recording ----------------------------------------------------------------------------


def _example(tf, tokens) -> bytes:
    feature = {"tokens": tf.train.Feature(int64_list=tf.train.Int64List(value=tokens))}
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def record_lstm(tf) -> dict:
    tokens, labels = lstm_batch()
    with tf.Graph().as_default() as graph:
        lstm_graph(tf)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            feeds = {"tokens:0": tokens, "labels:0": labels}
            for _ in range(LSTM_STEPS):
                last, _ = sess.run(["loss:0", "train"], feeds)
            serialized = [_example(tf, row) for row in lstm_examples()]
            scores = sess.run("scores:0", {"examples:0": serialized})
            direct = sess.run("scores:0", {"tokens:0": np.array(lstm_examples())})
    np.testing.assert_allclose(scores, direct, rtol=1e-6)
    return {"loss": float(last), "scores": scores.tolist()}


def record_metrics(tf) -> dict:
    x, y = metric_arrays()
    with tf.Graph().as_default() as graph:
        metric_graph(tf)
        values, updates = metric_tensors(graph)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            history = []
            for step, rows in enumerate(metric_order(), 1):
                loss, _ = sess.run(["loss:0", "train"], {"x:0": x[rows], "y:0": y[rows]})
                if step % 25 == 0 or step == len(metric_order()):
                    history.append([step, float(loss)])
            sess.run(tf.local_variables_initializer())
            held_x, held_y = x[METRIC_ROWS:], y[METRIC_ROWS:]
            for start in range(0, HELD_OUT, EVAL_BATCH):
                stop = start + EVAL_BATCH
                sess.run(updates, {"x:0": held_x[start:stop], "y:0": held_y[start:stop]})
            metrics = {k: float(v) for k, v in sess.run(values).items()}
            prob = sess.run("prob:0", {"x:0": held_x})
    return {"history": history, "metrics": metrics, "prob": prob.tolist()}


def record_estimator(tf) -> dict:
    x, y = estimator_data()
    with tf.Graph().as_default():
        xs = tf.placeholder(tf.float32, [None, 3])
        ys = tf.placeholder(tf.float32, [None, 1])
        pred = estimator_model(tf, {"x": xs})
        loss = tf.losses.mean_squared_error(ys, pred)
        train = tf.train.GradientDescentOptimizer(EST_RATE).minimize(loss)
        mae = tf.metrics.mean_absolute_error(ys, pred)
        rmse = tf.metrics.root_mean_squared_error(ys, pred)
        mean_loss = tf.metrics.mean(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(EST_STEPS):
                # numpy_input_fn(shuffle=False, num_epochs=None): batches in order, across
                # the epoch's end
                rows = np.arange(step * EST_BATCH, (step + 1) * EST_BATCH) % EST_ROWS
                sess.run(train, {xs: x[rows], ys: y[rows]})
            sess.run(tf.local_variables_initializer())
            for start in range(0, EST_ROWS, EST_EVAL_BATCH):
                rows = slice(start, start + EST_EVAL_BATCH)
                sess.run([mae[1], rmse[1], mean_loss[1]], {xs: x[rows], ys: y[rows]})
            got = sess.run({"mae": mae[0], "rmse": rmse[0], "loss": mean_loss[0]})
            preds = sess.run(pred, {xs: np.array(estimator_examples(), np.float32)})
    return {"metrics": {k: float(v) for k, v in got.items()}, "predictions": preds.tolist()}


def record_resume(tf) -> dict:
    feeds = resume_feeds()
    with tf.Graph().as_default() as graph:
        resume_graph(tf)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(RESUME_STEPS):
                last, _ = sess.run(["loss:0", "train"], {"x:0": feeds["x"], "t:0": feeds["t"]})
            variables = {v.op.name: sess.run(v).tolist() for v in tf.trainable_variables()}
    return {"loss": float(last), "variables": variables}


def main() -> None:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF1's rnn_cell and tf.layers
    import tensorflow as tf2

    tf = tf2.compat.v1
    tf.disable_eager_execution()
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {
        "tensorflow": tf2.__version__,
        "lstm": record_lstm(tf),
        "metrics": record_metrics(tf),
        "estimator": record_estimator(tf),
        "resume": record_resume(tf),
    }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(json.dumps({k: v for k, v in expected.items() if k != "metrics"})[:2000], file=sys.stderr)


if __name__ == "__main__":
    main()
