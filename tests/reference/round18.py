"""What TensorFlow 2.21 (`tf.compat.v1`, graph mode) computes for the imported graph of
tests/e2e/test_round18.py (dev-only):

    /work/tfvenv/bin/python tests/reference/round18.py

writes tests/e2e/fixtures/round18.json: a GraphDef (base64) whose `DenseBincount` takes
its values, size and weights from placeholders, and TF's answer for each case: the counts,
or the error class when TF's kernel refuses the feeds.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import tensorflow as tf

tf1 = tf.compat.v1
OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "round18.json"

CASES = {
    "counted": {"x": [1, 1, 3], "size": 5, "w": [1.0, 2.0, 3.0]},
    # one weight for three values: TF's kernel refuses it (graphgate broadcast it)
    "one_weight_for_three_values": {"x": [1, 2, 3], "size": 5, "w": [1.0]},
    "two_weights_for_three_values": {"x": [1, 2, 3], "size": 5, "w": [1.0, 2.0]},
    # size 0: every value is left out, the answer is empty (graphgate refused it)
    "size_zero": {"x": [1, 1], "size": 0, "w": [1.0, 2.0]},
    "values_past_size": {"x": [1, 7], "size": 3, "w": [1.0, 2.0]},
}


def main() -> None:
    tf1.disable_eager_execution()
    graph = tf1.Graph()
    with graph.as_default():
        x = tf1.placeholder(tf.int32, None, name="x")
        size = tf1.placeholder(tf.int32, [], name="size")
        w = tf1.placeholder(tf.float32, None, name="w")
        tf.identity(tf.raw_ops.DenseBincount(input=x, size=size, weights=w), name="y")
    answers = {}
    with tf1.Session(graph=graph) as sess:
        for name, case in CASES.items():
            feeds = {"x:0": case["x"], "size:0": case["size"], "w:0": case["w"]}
            try:
                answers[name] = {"y": sess.run("y:0", feeds).tolist()}
            except tf.errors.OpError as exc:
                answers[name] = {"error": type(exc).__name__}
    blob = graph.as_graph_def().SerializeToString()
    document = {
        "graph_def": base64.b64encode(blob).decode(),
        "cases": CASES,
        "answers": answers,
        "tensorflow": tf.__version__,
        "numpy": np.__version__,
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
