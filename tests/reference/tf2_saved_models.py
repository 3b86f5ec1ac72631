"""SavedModels TF 2 wrote, for graphgate to serve (dev-only).

    /work/tfvenv/bin/python tests/reference/tf2_saved_models.py tests/unit/engine/fixtures/tf2_saved

Writes, into the directory given: tf_keras `model.save(dir)` exports (`mlp/`, a Sequential
MLP; `cnn/`, a functional CNN with batch norm, pooling, Flatten and dropout; `text/`, token
ids through an Embedding, an average and a Dense), `tf.saved_model.save` exports of
`tf.Module`s (`loop/`, a tf.while_loop and a tf.cond over a variable; `unsupported/`, ops
graphgate lacks) and `expected.json`: each serving signature's outputs for fixed inputs, as
TF's own `tf.saved_model.load` computes them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np
import tensorflow as tf
import tf_keras as keras

OUT = sys.argv[1]
rng = np.random.RandomState(0)
keras.utils.set_random_seed(0)
expected: dict = {}


def listed(a: np.ndarray) -> dict:
    return {"dtype": a.dtype.name, "shape": list(a.shape), "value": a.ravel().tolist()}


def fresh(name: str) -> str:
    path = os.path.join(OUT, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


def record(name: str, feeds: dict) -> None:
    """TF's outputs of the export's serving signature, loaded back as TF serves it."""
    path = os.path.join(OUT, name)
    for extra in ("fingerprint.pb", "keras_metadata.pb"):  # graphgate reads neither
        if os.path.exists(os.path.join(path, extra)):
            os.unlink(os.path.join(path, extra))
    served = tf.saved_model.load(path).signatures["serving_default"]
    outs = served(**{k: tf.constant(v) for k, v in feeds.items()})
    expected[name] = {
        "feeds": {k: listed(v) for k, v in feeds.items()},
        "outputs": {k: listed(v.numpy()) for k, v in outs.items()},
    }


def mlp() -> None:
    model = keras.Sequential(
        [
            keras.layers.Dense(8, activation="relu", input_shape=(4,)),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    model.save(fresh("mlp"))
    record("mlp", {"dense_input": rng.randn(5, 4).astype(np.float32)})


def cnn() -> None:
    inp = keras.Input((8, 8, 2), name="image")
    h = keras.layers.Conv2D(4, 3, activation="relu")(inp)
    norm = keras.layers.BatchNormalization()
    h = norm(h)
    h = keras.layers.MaxPooling2D()(h)
    h = keras.layers.Flatten()(h)
    h = keras.layers.Dropout(0.5)(h)
    out = keras.layers.Dense(2, name="logits")(h)
    model = keras.Model(inp, out)
    gamma, beta, mean, var = norm.get_weights()
    norm.set_weights(
        [
            rng.randn(*gamma.shape).astype(np.float32),
            rng.randn(*beta.shape).astype(np.float32),
            rng.randn(*mean.shape).astype(np.float32),
            rng.uniform(0.5, 2.0, var.shape).astype(np.float32),
        ]
    )
    model.save(fresh("cnn"))
    record("cnn", {"image": rng.randn(3, 8, 8, 2).astype(np.float32)})


def text() -> None:
    model = keras.Sequential(
        [
            keras.layers.Embedding(20, 6, input_length=7),
            keras.layers.GlobalAveragePooling1D(),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.build((None, 7))
    model.save(fresh("text"))
    key = model.inputs[0].name.partition(":")[0] if model.inputs else "embedding_input"
    record("text", {key: rng.randint(0, 20, (4, 7)).astype(np.float32)})


class Loop(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(rng.randn(3, 3).astype(np.float32) * 0.5)

    @tf.function(
        input_signature=[tf.TensorSpec([None, 3], tf.float32), tf.TensorSpec([], tf.int32)]
    )
    def __call__(self, x, n):
        def body(i, x):
            return i + 1, tf.tanh(tf.matmul(x, self.w))

        _, y = tf.while_loop(lambda i, x: i < n, body, [tf.constant(0), x])
        scaled = tf.cond(tf.reduce_sum(y) > 0, lambda: y * 2.0, lambda: y - 1.0)
        return {"y": scaled, "steps": tf.reduce_sum(tf.ones_like(y))}


def loop() -> None:
    module = Loop()
    tf.saved_model.save(module, fresh("loop"), signatures=module.__call__)
    x = rng.randn(4, 3).astype(np.float32)
    record("loop", {"x": x, "n": np.int32(3)})
    path = os.path.join(OUT, "loop")
    served = tf.saved_model.load(path).signatures["serving_default"]
    outs = served(x=tf.constant(-x), n=tf.constant(0))  # the cond's other branch, no step
    expected["loop_other"] = {
        "feeds": {"x": listed(-x), "n": listed(np.int32(0))},
        "outputs": {k: listed(v.numpy()) for k, v in outs.items()},
    }


class Unsupported(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def __call__(self, x):
        buckets = tf.cast(tf.raw_ops.Bucketize(input=x, boundaries=[0.0, 1.0]), tf.float32)
        outer = tf.cond(
            tf.reduce_sum(x) > 0,
            lambda: (
                tf.raw_ops.Bincount(arr=tf.cast(x, tf.int32), size=tf.size(x), weights=x)[None]
                * x[:, None]
            ),
            lambda: tf.zeros([tf.size(x), tf.size(x)]),
        )
        return {"y": tf.reduce_sum(outer, 1) + buckets}


def unsupported() -> None:
    module = Unsupported()
    tf.saved_model.save(module, fresh("unsupported"), signatures=module.__call__)
    os.unlink(os.path.join(OUT, "unsupported", "fingerprint.pb"))


mlp()
cnn()
text()
loop()
unsupported()
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f)
    f.write("\n")
