"""What TensorFlow 2.21 computed for the journeys of tests/e2e/test_scenarios21.py
(dev-only):

    /work/tfvenv/bin/python tests/reference/scenarios21.py

writes tests/e2e/fixtures/scenarios21/:

- `train.tfrecord`: TRAIN_ROWS `tf.train.Example`s (a float feature `x` of FEATURES values
  and an int64 `label`) as TF's `TFRecordWriter` writes them, the file a data scientist
  brings from an old pipeline;
- `score.csv`: SCORE_ROWS rows to score (`id`, `f0`…`f3`, a quoted free-text `notes`);
- `expected.json`: the records as TF's `parse_single_example` reads them, and the
  classifier of `build_classifier` trained by TF1 code (`tf.compat.v1` with
  `disable_v2_behavior()`, as a TF1 script starts under TF 2) over the schedule datasets.md
  documents for a shuffled dataset run (BATCH_SIZE, EPOCHS, SEED): its loss at each
  checkpoint (every CHECKPOINT_EVERY steps), its variables at the end and its
  probabilities for the rows of `score.csv` as TF's `decode_csv` reads them; and, as
  `long`, the same after LONG_EPOCHS epochs of that schedule (one uninterrupted run,
  which a cancelled run continued from its position must end with, and whose ONNX export
  onnxruntime must run to its probabilities).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios21"
FEATURES, CLASSES, HIDDEN = 4, 3, 8
TRAIN_ROWS, SCORE_ROWS = 150, 40
BATCH_SIZE, EPOCHS, SEED, CHECKPOINT_EVERY = 32, 10, 7, 25
LONG_EPOCHS = 300  # a run long enough to be cancelled from the console, then continued
VARIABLES = ("hidden/kernel", "hidden/bias", "logits/kernel", "logits/bias")


def train_rows() -> tuple[np.ndarray, np.ndarray]:
    """The records' features and labels: three classes split by two planes."""
    x = np.random.RandomState(2101).randn(TRAIN_ROWS, FEATURES).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64) + (x[:, 2] > 0.5).astype(np.int64)
    return x, y


def score_csv() -> str:
    """The CSV to batch-score: ids, the features written as float32's shortest text, and
    a note with a comma and quotes (RFC 4180) that `columns` leaves out."""
    x = np.random.RandomState(2102).randn(SCORE_ROWS, FEATURES).astype(np.float32)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["id", *(f"f{i}" for i in range(FEATURES)), "notes"])
    for i, row in enumerate(x):
        writer.writerow([1000 + i, *(str(v) for v in row), f'row {i}, "checked"'])
    return text.getvalue()


def build_classifier(tf) -> dict[str, object]:
    """x -> dense tanh (seeded Glorot) -> logits; softmax cross-entropy, Adam 0.01."""
    tf.set_random_seed(21)
    x = tf.placeholder(tf.float32, [None, FEATURES], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    hidden = tf.layers.dense(x, HIDDEN, tf.nn.tanh, name="hidden")
    logits = tf.layers.dense(hidden, CLASSES, name="logits")
    probs = tf.nn.softmax(logits, name="probs")
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
    )
    train = tf.train.AdamOptimizer(0.01).minimize(loss, name="train")
    return {"x": x, "y": y, "probs": probs, "loss": loss, "train": train}


def schedule(epochs: int = EPOCHS) -> list[np.ndarray]:
    """Each step's rows, as datasets.md documents a shuffled run's order."""
    per_epoch = math.ceil(TRAIN_ROWS / BATCH_SIZE)
    steps = []
    for epoch in range(epochs):
        order = np.random.RandomState([SEED, epoch]).permutation(TRAIN_ROWS)
        steps += [order[b * BATCH_SIZE : (b + 1) * BATCH_SIZE] for b in range(per_epoch)]
    return steps


def _parsed(tf, path: Path) -> dict[str, list]:
    features = {
        "x": tf.io.FixedLenFeature([FEATURES], tf.float32),
        "label": tf.io.FixedLenFeature([], tf.int64),
    }
    records = tf.data.TFRecordDataset(str(path)).map(
        lambda r: tf.io.parse_single_example(r, features)
    )
    batch = next(iter(records.batch(TRAIN_ROWS * 2)))
    return {"x": batch["x"].numpy().tolist(), "label": batch["label"].numpy().tolist()}


def _score_rows(tf) -> np.ndarray:
    lines = score_csv().splitlines()[1:]
    defaults = [[0]] + [[0.0]] * FEATURES + [[""]]
    columns = tf.io.decode_csv(lines, defaults)
    return np.stack([c.numpy() for c in columns[1 : 1 + FEATURES]], axis=1)


def _trained(tf1, score: np.ndarray, epochs: int = EPOCHS) -> dict[str, object]:
    x_all, y_all = train_rows()
    with tf1.Graph().as_default():
        t = build_classifier(tf1)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            losses = []
            for step, rows in enumerate(schedule(epochs), start=1):
                loss, _ = sess.run(
                    [t["loss"], t["train"]], {t["x"]: x_all[rows], t["y"]: y_all[rows]}
                )
                if step % CHECKPOINT_EVERY == 0:
                    losses.append(float(loss))
            variables = {v.op.name: v for v in tf1.trainable_variables()}
            final = {name: sess.run(variables[name]).tolist() for name in VARIABLES}
            probs = sess.run(t["probs"], {t["x"]: score}).tolist()
    return {"checkpoint_losses": losses, "variables": final, "score_probs": probs}


def main() -> None:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers, as TF1 code has it
    import tensorflow as tf

    OUT.mkdir(parents=True, exist_ok=True)
    x, y = train_rows()
    with tf.io.TFRecordWriter(str(OUT / "train.tfrecord")) as writer:
        for row, label in zip(x, y, strict=True):
            feature = {
                "x": tf.train.Feature(float_list=tf.train.FloatList(value=row)),
                "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[label])),
            }
            example = tf.train.Example(features=tf.train.Features(feature=feature))
            writer.write(example.SerializeToString())
    (OUT / "score.csv").write_text(score_csv())
    score = _score_rows(tf)
    records = _parsed(tf, OUT / "train.tfrecord")
    tf1 = tf.compat.v1
    tf1.disable_v2_behavior()  # as a TF1 script run under TF 2 starts
    expected = {
        "records": records,
        "score_rows": score.tolist(),
        **_trained(tf1, score),
        "long": _trained(tf1, score, LONG_EPOCHS),
    }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(expected["checkpoint_losses"])


if __name__ == "__main__":
    main()
