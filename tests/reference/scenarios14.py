"""What TensorFlow 2.21 (and tf_keras, onnx, onnxruntime) computed for the journeys of
tests/e2e/test_scenarios14.py (dev-only):

    /work/tfvenv/bin/python tests/reference/scenarios14.py

writes under tests/e2e/fixtures/scenarios14:

- `grads.pb`: a small TF1 regression with first- and second-order gradients (the gradient
  of the loss by its fed input, a Jacobian-vector product by the double-gradient trick, a
  Hessian-vector product by the gradient of a gradient's dot product), frozen by
  `convert_variables_to_constants` and written by `tf.io.write_graph`, with a product's
  gradient and a second derivative by a scale broadcast across the batch beside them;
  `expected.json`'s `grads` holds what TF computed for `grad_feeds()`.
- `train.pb`: a TF1 linear model with its variables and a `GradientDescentOptimizer` step,
  written unfrozen by `tf.io.write_graph(as_text=False)` (and `train.pbtxt`, as text);
  `cli` holds TF's losses and variables after STEPS steps, and its predictions on the test
  and dataset rows.
- `keras.h5` and `keras/1`: a tf_keras functional model of two inputs (token ids through an
  Embedding, numbers through a Dense) and two outputs (a sigmoid score and logits), saved as
  HDF5 and as a SavedModel; `keras` holds `predict` and the SavedModel's signature.
- `mlp.onnx`: an MLP written with onnx.helper (Gemm, Relu, Gemm, Softmax; its weights
  initializers); `onnx` holds onnxruntime's answer and TF1's training of the same weights
  (ONNX_STEPS steps of gradient descent on the softmax cross-entropy).

The graph builders take the `tf` module (TensorFlow's compat.v1 or graphgate's) so the test
and this script build the same program.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios14"
STEPS = 40
LEARNING_RATE = 0.1
ONNX_STEPS = 15
ONNX_RATE = 0.5
GRAD_FETCHES = (
    "y", "loss", "dloss_dx", "dprod_dx", "jvp", "hvp_w1", "hvp_b1", "hvp_w2", "hvp_s",
)  # fmt: skip


# -- gradients of gradients --------------------------------------------------------------


def gradient_graph(tf) -> None:
    """y = tanh(x w1 + b1) w2, its mean squared error, and three derivatives of it."""
    rng = np.random.RandomState(140)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    t = tf.placeholder(tf.float32, [None, 1], name="t")
    w1 = tf.Variable(rng.randn(3, 4).astype(np.float32) * 0.7, name="w1")
    b1 = tf.Variable(rng.randn(4).astype(np.float32) * 0.1, name="b1")
    w2 = tf.Variable(rng.randn(4, 1).astype(np.float32) * 0.7, name="w2")
    y = tf.identity(tf.matmul(tf.tanh(tf.matmul(x, w1) + b1), w2), name="y")
    loss = tf.reduce_mean(tf.square(y - t), name="loss")
    tf.identity(tf.gradients(loss, x)[0], name="dloss_dx")
    # a product's gradient: TF's transposes by a permutation it computes (a ListDiff)
    hidden = tf.tanh(tf.matmul(x, w1) + b1)
    prod = tf.reduce_prod(hidden + 2.0, axis=1, name="prod")
    tf.identity(tf.gradients(prod, x)[0], name="dprod_dx")
    # a second derivative by a fed scale broadcast across the batch ([4] against [N, 4]):
    # the first gradient sums it back over the rows, the second reads that sum's shape
    scale = tf.placeholder(tf.float32, [None], name="s")
    scaled = tf.reduce_sum(tf.square(hidden * scale))
    v_s = tf.placeholder(tf.float32, [None], name="v_s")
    g_s = tf.gradients(scaled, scale)[0]
    tf.identity(tf.gradients(tf.reduce_sum(g_s * v_s), scale)[0], name="hvp_s")
    # J v by reverse mode twice: g(u) = J^T u is linear in u, so d(g . v)/du = J v
    u = tf.zeros_like(y, name="u")
    vx = tf.placeholder(tf.float32, [None, 3], name="vx")
    vjp = tf.gradients(y, x, grad_ys=u)[0]
    tf.identity(tf.gradients(vjp, u, grad_ys=vx)[0], name="jvp")
    params = [w1, b1, w2]
    grads = tf.gradients(loss, params)
    names = ("w1", "b1", "w2")
    directions = [
        tf.placeholder(tf.float32, p.shape, name=f"v_{name}")
        for p, name in zip(params, names, strict=True)
    ]
    dot = tf.add_n([tf.reduce_sum(g * v) for g, v in zip(grads, directions, strict=True)])
    for name, hvp in zip(names, tf.gradients(dot, params), strict=True):
        tf.identity(hvp, name=f"hvp_{name}")


def grad_feeds() -> dict:
    rng = np.random.RandomState(141)
    return {
        "x": rng.randn(5, 3).astype(np.float32),
        "t": rng.randn(5, 1).astype(np.float32),
        "vx": rng.randn(5, 3).astype(np.float32),
        "v_w1": rng.randn(3, 4).astype(np.float32),
        "v_b1": rng.randn(4).astype(np.float32),
        "v_w2": rng.randn(4, 1).astype(np.float32),
        "s": rng.randn(4).astype(np.float32),
        "v_s": rng.randn(4).astype(np.float32),
    }


# -- the CLI's day: a trainable graph TF wrote ---------------------------------------------


def train_graph(tf) -> None:
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w = tf.Variable(np.array([[0.1], [-0.2]], np.float32), name="w")
    b = tf.Variable(np.float32(0.0), name="b")
    pred = tf.identity(tf.matmul(x, w) + b, name="pred")
    loss = tf.reduce_mean(tf.square(pred - y), name="loss")
    tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(loss, name="train")


def cli_rows() -> dict:
    rng = np.random.RandomState(142)
    features = rng.randn(64, 2).astype(np.float32)
    targets = (features @ np.array([[2.0], [-1.0]], np.float32) + 0.5).astype(np.float32)
    score = rng.randn(50, 2).astype(np.float32)
    return {"x": features, "y": targets, "test": features[:3], "score": score}


# -- Keras: two inputs, two outputs --------------------------------------------------------


def keras_model(keras):
    tokens = keras.Input((4,), dtype="int32", name="tokens")
    numbers = keras.Input((3,), name="numbers")
    embedded = keras.layers.Embedding(10, 3, name="embed")(tokens)
    embedded = keras.layers.Flatten(name="flat")(embedded)
    hidden = keras.layers.Dense(5, activation="relu", name="hidden")(numbers)
    joined = keras.layers.Concatenate(name="joined")([embedded, hidden])
    score = keras.layers.Dense(1, activation="sigmoid", name="score")(joined)
    logits = keras.layers.Dense(3, name="logits")(joined)
    return keras.Model([tokens, numbers], [score, logits], name="two_heads")


def keras_rows() -> dict:
    rng = np.random.RandomState(143)
    return {
        "tokens": rng.randint(0, 10, size=(6, 4)).astype(np.int32),
        "numbers": rng.randn(6, 3).astype(np.float32),
    }


# -- ONNX: an MLP written by hand ----------------------------------------------------------


def onnx_weights() -> dict:
    rng = np.random.RandomState(144)
    return {
        "W1": (rng.randn(4, 8) * 0.5).astype(np.float32),
        "B1": (rng.randn(8) * 0.1).astype(np.float32),
        "W2": (rng.randn(8, 3) * 0.5).astype(np.float32),
        "B2": np.zeros(3, np.float32),
    }


def onnx_rows() -> dict:
    rng = np.random.RandomState(145)
    features = rng.randn(48, 4).astype(np.float32)
    labels = (features[:, 0] > 0).astype(np.int64) + (features[:, 1] > features[:, 2])
    return {"input": features, "labels": labels.astype(np.int64), "test": features[:5]}


def onnx_model():
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weights = onnx_weights()
    nodes = [
        helper.make_node("Gemm", ["input", "W1", "B1"], ["h"], name="fc1"),
        helper.make_node("Relu", ["h"], ["a"], name="relu"),
        helper.make_node("Gemm", ["a", "W2", "B2"], ["logits"], name="fc2"),
        helper.make_node("Softmax", ["logits"], ["probs"], name="softmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3]),
         helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", 3])],
        [numpy_helper.from_array(v, k) for k, v in weights.items()],
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    return model


# -- TensorFlow's side -----------------------------------------------------------------------


def _grads(tf, expected: dict) -> None:
    with tf.Graph().as_default() as graph, tf.compat.v1.Session() as sess:
        gradient_graph(tf.compat.v1)
        sess.run(tf.compat.v1.global_variables_initializer())
        feeds = {f"{k}:0": v for k, v in grad_feeds().items()}
        values = sess.run([f"{n}:0" for n in GRAD_FETCHES], feeds)
        expected["grads"] = {n: v.tolist() for n, v in zip(GRAD_FETCHES, values, strict=True)}
        frozen = tf.compat.v1.graph_util.convert_variables_to_constants(
            sess, graph.as_graph_def(), list(GRAD_FETCHES)
        )
        tf.io.write_graph(frozen, str(OUT), "grads.pb", as_text=False)
        expected["grads"]["pb_ops"] = sorted({n.op for n in frozen.node})


def _cli(tf, expected: dict) -> None:
    rows = cli_rows()
    with tf.Graph().as_default() as graph, tf.compat.v1.Session() as sess:
        train_graph(tf.compat.v1)
        tf.io.write_graph(graph.as_graph_def(), str(OUT), "train.pb", as_text=False)
        tf.io.write_graph(graph.as_graph_def(), str(OUT), "train.pbtxt")  # TF's default form
        sess.run(tf.compat.v1.global_variables_initializer())
        losses = []
        for _ in range(STEPS):
            _, loss = sess.run(["train", "loss:0"], {"x:0": rows["x"], "y:0": rows["y"]})
            losses.append(float(loss))
        # resource variables (TF 2's default, even in graph mode): "w:0" is their handle
        w, b = sess.run(tf.compat.v1.global_variables())
        expected["cli"] = {
            "losses": losses,
            "w": w.tolist(),
            "b": np.asarray(b).tolist(),
            "predict_test": sess.run("pred:0", {"x:0": rows["test"]}).tolist(),
            "predict_score": sess.run("pred:0", {"x:0": rows["score"]}).tolist(),
        }


def _keras(expected: dict) -> None:
    import tensorflow as tf
    import tf_keras as keras

    keras.utils.set_random_seed(14)
    model = keras_model(keras)
    model.save(str(OUT / "keras.h5"))
    model.save(str(OUT / "keras" / "1"))
    rows = keras_rows()
    score, logits = model.predict([rows["tokens"], rows["numbers"]], verbose=0)
    expected["keras"] = {"score": score.tolist(), "logits": logits.tolist()}
    with tf.Graph().as_default(), tf.compat.v1.Session() as sess:
        meta = tf.compat.v1.saved_model.loader.load(sess, ["serve"], str(OUT / "keras" / "1"))
        signature = meta.signature_def["serving_default"]
        expected["keras"]["signature"] = {
            side: {
                key: [tf.dtypes.as_dtype(info.dtype).name, [d.size for d in info.tensor_shape.dim]]
                for key, info in getattr(signature, side).items()
            }
            for side in ("inputs", "outputs")
        }


def _onnx(tf, expected: dict) -> None:
    import onnxruntime

    model = onnx_model()
    (OUT / "mlp.onnx").write_bytes(model.SerializeToString())
    rows = onnx_rows()
    ort = onnxruntime.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    logits, probs = ort.run(["logits", "probs"], {"input": rows["test"]})
    expected["onnx"] = {"logits": logits.tolist(), "probs": probs.tolist()}
    v1 = tf.compat.v1
    with tf.Graph().as_default(), v1.Session() as sess:
        weights = {k: v1.Variable(v, name=k) for k, v in onnx_weights().items()}
        x = v1.placeholder(tf.float32, [None, 4])
        labels = v1.placeholder(tf.int64, [None])
        hidden = tf.nn.relu(tf.matmul(x, weights["W1"]) + weights["B1"])
        out = tf.matmul(hidden, weights["W2"]) + weights["B2"]
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=out)
        )
        step = v1.train.GradientDescentOptimizer(ONNX_RATE).minimize(loss)
        sess.run(v1.global_variables_initializer())
        feeds = {x: rows["input"], labels: rows["labels"]}
        losses = [float(sess.run([step, loss], feeds)[1]) for _ in range(ONNX_STEPS)]
        expected["onnx"]["losses"] = losses
        expected["onnx"]["trained"] = {k: v.tolist() for k, v in sess.run(weights).items()}
        expected["onnx"]["trained_probs"] = sess.run(tf.nn.softmax(out), {x: rows["test"]}).tolist()


def main() -> None:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow as tf

    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    expected: dict = {}
    _grads(tf, expected)
    _cli(tf, expected)
    _keras(expected)
    _onnx(tf, expected)
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())
