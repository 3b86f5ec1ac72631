"""The rate and strength checks of TF's proximal and sparse FTRL kernels, as TF 2.21 runs
them (dev-only): ApplyProximalAdagrad (dense, sparse, resource) fails the run for a rate
of 0 or below or an l1 or l2 strength below 0; SparseApplyFtrl for a rate of 0 or below;
ApplyFtrl and ApplyProximalGradientDescent do not check. soak8's `tf1_fuzzopt` (salt
`soak8a.`, `schedule.13`: a noisy decayed rate below 0) found graphgate stepping. Each
case: one training step's variable after it, or the error class, and the GraphDef TF
wrote (base64) so that its import is checked too.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_rate_checks.py \\
        > tests/unit/engine/fixtures/tf1_rate_checks.json
"""

from __future__ import annotations

import base64
import json
import sys

import numpy as np

W = np.array([[0.5, -0.25], [1.0, 2.0]], np.float32)
OPTIMIZERS = {
    "proximal_adagrad": lambda tf, lr, l1, l2: tf.train.ProximalAdagradOptimizer(
        lr, l1_regularization_strength=l1, l2_regularization_strength=l2
    ),
    "ftrl": lambda tf, lr, l1, l2: tf.train.FtrlOptimizer(lr),
    "proximal_gradient_descent": lambda tf, lr, l1, l2: tf.train.ProximalGradientDescentOptimizer(
        lr, l1_regularization_strength=l1, l2_regularization_strength=l2
    ),
}
SETTINGS = (
    (0.1, 0.0, 0.0),
    (0.0, 0.0, 0.0),
    (-0.1, 0.0, 0.0),
    (0.1, -0.01, 0.0),
    (0.1, 0.0, -0.01),
)


def build(tf, name: str, sparse: bool, l1: float, l2: float):
    """The graph: `lr` fed (default 0.1), one step named `step`, the variable `w`."""
    w = tf.Variable(W, name="w")
    rows = tf.gather(w, [1, 0]) if sparse else w
    loss = tf.reduce_sum(tf.square(rows) - 0.3)
    lr = tf.placeholder_with_default(np.float32(0.1), [], name="lr")
    OPTIMIZERS[name](tf, lr, l1, l2).minimize(loss, name="step")
    return lr, w


def run(tf, graph, lr_value: float) -> dict:
    with tf.Session(graph=graph) as sess:
        sess.run(tf.global_variables_initializer())
        try:
            sess.run("step", {"lr:0": lr_value})
        except tf.errors.OpError as exc:
            return {"error": type(exc).__name__}
        return {"w": sess.run("w:0").tolist()}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    cases = {}
    for name in OPTIMIZERS:
        for sparse in (False, True):
            for lr, l1, l2 in SETTINGS:
                if name == "ftrl" and (l1 or l2):
                    continue  # FTRL's Python checks its strengths when built
                graph = tf.Graph()
                with graph.as_default():
                    build(tf, name, sparse, l1, l2)
                key = f"{name}_{'sparse' if sparse else 'dense'}_{lr}_{l1}_{l2}"
                cases[key] = {
                    "optimizer": name,
                    "sparse": sparse,
                    "lr": lr,
                    "l1": l1,
                    "l2": l2,
                    **run(tf, graph, lr),
                    "graph": base64.b64encode(graph.as_graph_def().SerializeToString()).decode(),
                }
    json.dump({"tensorflow": tf.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
