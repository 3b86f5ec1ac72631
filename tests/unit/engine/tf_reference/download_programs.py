"""Graphs stored in the service and downloaded as TensorFlow's GraphDef
(`GET /v1/graphs/{id}`, `Accept: application/x-protobuf`), shared by the reference script
that imports the downloaded bytes in TensorFlow (tests/reference/tf_graph_download.py)
and the tests that hold the service's bytes and numbers to what TF computed from them
(tests/e2e/test_tf_download.py, tests/integration/test_graphs_tf_handler.py).

Each program builds its graph in the default graph of the `graphgate` module given and
returns `feeds` (tensor name to value) and `fetches` (tensor names). Variables start from
constants: a run through the service (fresh variables) and TF's
`global_variables_initializer` start from the same values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_RNG = np.random.RandomState(17)
X = _RNG.randn(5, 4).astype(np.float32)
W1 = _RNG.randn(4, 6).astype(np.float32)
B1 = _RNG.randn(6).astype(np.float32)
W2 = _RNG.randn(6, 3).astype(np.float32)


def mlp(tf: Any) -> dict[str, Any]:
    """Two dense layers over variables (TF1's VariableV2), a softmax and an argmax."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    w1 = tf.Variable(W1, name="w1")
    b1 = tf.Variable(B1, name="b1")
    w2 = tf.Variable(W2, name="w2")
    hidden = tf.nn.relu(tf.matmul(x, w1) + b1, name="hidden")
    logits = tf.matmul(hidden, w2, name="logits")
    tf.nn.softmax(logits, name="probs")
    tf.argmax(logits, 1, name="label")
    return {"feeds": {"x:0": X.tolist()}, "fetches": ["probs:0", "label:0"]}


def control_flow(tf: Any) -> dict[str, Any]:
    """A cond on a fed flag reading a variable, and a while loop capturing a tensor: TF 2's
    functional If and While over a function library."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    flag = tf.placeholder(tf.bool, [], name="flag")
    scale = tf.Variable(np.float32(1.5), name="scale")
    chosen = tf.cond(flag, lambda: x * scale, lambda: x - scale, name="chosen")
    step = tf.reduce_mean(chosen, name="step")
    _, total = tf.while_loop(
        lambda i, acc: i < 4,
        lambda i, acc: (i + 1, acc * 0.5 + step),
        [tf.constant(0), tf.zeros([4])],
        name="loop",
    )
    tf.identity(total, name="total")
    feeds = {"x:0": X.tolist(), "flag:0": True}
    return {"feeds": feeds, "fetches": ["chosen:0", "total:0"]}


def losses(tf: Any) -> dict[str, Any]:
    """graphgate's own SigmoidCrossEntropyWithLogits and ReduceLogSumExp, written as the TF
    functions of those names build them, with their gradients (graphgate's, written as TF
    ops): large logits of both signs, a row of -inf for the log-sum-exp."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    labels = tf.placeholder(tf.float32, [None, 4], name="labels")
    w = tf.Variable(W1[:, :4] * 20.0, name="w")
    logits = tf.matmul(x, w, name="logits")
    xent = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="xent")
    loss = tf.reduce_mean(xent, name="loss")
    tf.identity(tf.gradients(loss, [w])[0], name="dw")
    scores = tf.placeholder(tf.float32, [None, 3], name="scores")
    tf.reduce_logsumexp(scores, axis=1, name="lse_rows")
    tf.reduce_logsumexp(scores, name="lse_all")
    lse_kept = tf.reduce_logsumexp(logits, axis=[0], keepdims=True, name="lse_kept")
    tf.identity(tf.gradients(tf.reduce_sum(lse_kept), [w])[0], name="dw_lse")
    rng = np.random.RandomState(5)
    grid = rng.randn(4, 3).astype(np.float32) * 50
    grid[2] = -np.inf
    feeds = {
        "x:0": X.tolist(),
        "labels:0": rng.randint(0, 2, (5, 4)).astype(np.float32).tolist(),
        "scores:0": [[float(v) for v in row] for row in grid],
    }
    fetches = ["xent:0", "loss:0", "dw:0", "lse_rows:0", "lse_kept:0", "dw_lse:0"]
    return {"feeds": feeds, "fetches": fetches}


def unknown_shapes(tf: Any) -> dict[str, Any]:
    """A placeholder_with_default of unknown rank, whose shape TF's PlaceholderWithDefault
    holds as unknown_rank (graphgate refused to write it: "no value for TF's required
    attribute shape", review24), fed and left to its default."""
    fed = tf.placeholder_with_default(tf.constant(X), None, name="fed")
    kept = tf.placeholder_with_default(tf.constant(W2), None, name="kept")
    tf.reduce_logsumexp(fed, axis=1, name="lse_fed")
    tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.sigmoid(kept), logits=kept, name="xent")
    feeds = {"fed:0": (X[:2] * 3.0).tolist()}
    return {"feeds": feeds, "fetches": ["lse_fed:0", "xent:0"]}


PROGRAMS = {
    "mlp": mlp,
    "control_flow": control_flow,
    "losses": losses,
    "unknown_shapes": unknown_shapes,
}
