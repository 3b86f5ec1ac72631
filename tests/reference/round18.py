"""What TensorFlow 2.21 (`tf.compat.v1`, graph mode) computes for the imported graph of
tests/e2e/test_round18.py (dev-only):

    /work/tfvenv/bin/python tests/reference/round18.py

writes tests/e2e/fixtures/round18.json: a GraphDef (base64) whose `DenseBincount` takes
its values, size and weights from placeholders, and TF's answer for each case: the counts,
or the error class when TF's kernel refuses the feeds; and a GraphDef whose `ApplyAdaMax`
updates a variable of 3 by a fed gradient: the variable after one step, or TF's refusal.
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


OPTIMIZER_CASES = {
    "three_gradients": [1.0, -1.0, 0.5],
    # one gradient for a variable of three: TF refuses it (graphgate broadcast and wrote it)
    "one_gradient": [1.0],
}


def optimizer() -> dict:
    graph = tf1.Graph()
    with graph.as_default():
        var = tf1.Variable([1.0, -2.0, 3.0], name="var", use_resource=False)
        m = tf1.Variable([0.0, 0.0, 0.0], name="m", use_resource=False)
        v = tf1.Variable([0.0, 0.0, 0.0], name="v", use_resource=False)
        grad = tf1.placeholder(tf.float32, None, name="grad")
        tf1.raw_ops.ApplyAdaMax(
            var=var,
            m=m,
            v=v,
            beta1_power=tf.constant(0.9),
            lr=tf.constant(0.1),
            beta1=tf.constant(0.9),
            beta2=tf.constant(0.999),
            epsilon=tf.constant(1e-7),
            grad=grad,
            name="train",
        )
        init = tf1.global_variables_initializer()
    answers = {}
    for name, grad_value in OPTIMIZER_CASES.items():
        with tf1.Session(graph=graph) as sess:
            sess.run(init)
            try:
                sess.run("train", {"grad:0": grad_value})
                answers[name] = {"var": sess.run("var:0").tolist()}
            except tf.errors.OpError as exc:
                answers[name] = {"error": type(exc).__name__}
    blob = graph.as_graph_def().SerializeToString()
    return {
        "graph_def": base64.b64encode(blob).decode(),
        "cases": OPTIMIZER_CASES,
        "answers": answers,
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
        "optimizer": optimizer(),
        "tensorflow": tf.__version__,
        "numpy": np.__version__,
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
