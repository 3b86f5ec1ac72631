"""SavedModels TF 2 wrote, for graphgate to serve (dev-only).

    /work/tfvenv/bin/python tests/reference/tf2_saved_models.py tests/unit/engine/fixtures/tf2_saved

Writes, into the directory given: tf_keras `model.save(dir)` exports (`mlp/`, a Sequential
MLP, as TF wrote it; `cnn/`, a functional CNN with batch norm, pooling, Flatten and
dropout; `text/`, token ids through an Embedding, an average and a Dense; `layers/`, many
Keras layers, RNNs among them, in one model; `lookup/`, words through a StringLookup's
table and an Embedding), Keras 3's `model.export` (`keras3/`), `tf.saved_model.save`
exports of `tf.Module`s (`loop/`: a tf.while_loop and a tf.cond over a variable, a
tf.switch_case, map_fn, vectorized_map; `unsupported/`: ops graphgate lacks),
`frozen_loop.pb` (a loop frozen keeping TF 2's While and If) and `expected.json`: each
serving signature's outputs for fixed inputs, as TF's own `tf.saved_model.load` computes
them. Keras exports but `mlp/` have the functions nothing in their graphs calls left out,
to keep them small (`strip`).
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
    if a.dtype == object:
        return {"dtype": "string", "shape": list(a.shape), "value": [v.hex() for v in a.ravel()]}
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
    strip("cnn")


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
    strip("text")


def strip(name: str) -> None:
    """Leave out of the saved model what nothing in its graph calls (Keras' training and
    per-layer functions, which graphgate never reads) and its object graph, keeping the
    fixture small: what TF wrote, less what neither TF1's loader nor graphgate reads."""
    from tensorflow.core.protobuf import saved_model_pb2

    path = os.path.join(OUT, name, "saved_model.pb")
    saved = saved_model_pb2.SavedModel()
    with open(path, "rb") as f:
        saved.ParseFromString(f.read())
    meta = saved.meta_graphs[0]
    library = {f.signature.name: f for f in meta.graph_def.library.function}

    def calls(nodes):
        return [v.func.name for n in nodes for v in n.attr.values() if v.HasField("func")]

    used, todo = set(), calls(meta.graph_def.node)
    while todo:
        fname = todo.pop()
        if fname not in used and fname in library:
            used.add(fname)
            todo += calls(library[fname].node_def)
    kept = [f for f in meta.graph_def.library.function if f.signature.name in used]
    del meta.graph_def.library.function[:]
    meta.graph_def.library.function.extend(kept)
    meta.ClearField("object_graph_def")
    with open(path, "wb") as f:
        f.write(saved.SerializeToString())


def layers() -> None:
    """The layers Keras models are made of beyond Dense and Conv2D, in one model: layer
    norm, attention, Dense on 3-d inputs, Softmax on another axis, LSTM and GRU (TF 2's
    TensorLists in While loops), depthwise and separable convolutions, upsampling,
    padding, average pooling, transposed convolution, global pooling, swish and gelu."""
    layer = keras.layers
    seq = keras.Input((5, 6), name="seq")
    img = keras.Input((8, 8, 3), name="img")
    h = layer.LayerNormalization()(seq)
    h = layer.MultiHeadAttention(2, 4)(h, h)
    h = layer.Softmax(axis=1)(layer.Dense(6)(h))
    h = layer.LSTM(4, return_sequences=True)(h)
    s = layer.GRU(3)(h)
    g = layer.DepthwiseConv2D(3, padding="same")(img)
    g = layer.SeparableConv2D(4, 3, activation="swish")(g)
    g = layer.UpSampling2D()(g)
    g = layer.AveragePooling2D()(layer.ZeroPadding2D(1)(g))
    g = layer.Conv2DTranspose(2, 3, strides=2)(g)
    g = layer.Dense(3, activation="gelu")(layer.GlobalMaxPooling2D()(g))
    model = keras.Model([seq, img], {"seq_out": s, "img_out": g})
    model.save(fresh("layers"))
    feeds = {
        "seq": rng.randn(2, 5, 6).astype(np.float32),
        "img": rng.randn(2, 8, 8, 3).astype(np.float32),
    }
    record("layers", feeds)
    strip("layers")


def lookup() -> None:
    """Words in, through a StringLookup's table (a hash table its init function fills),
    an Embedding, an average and a Dense."""
    words = keras.Input((4,), dtype="string", name="words")
    ids = keras.layers.StringLookup(vocabulary=["the", "cat", "sat", "mat"])(words)
    h = keras.layers.GlobalAveragePooling1D()(keras.layers.Embedding(6, 3)(ids))
    model = keras.Model(words, keras.layers.Dense(2)(h))
    model.save(fresh("lookup"))
    feeds = {"words": np.array([[b"the", b"cat", b"dog", b""], [b"mat"] * 4], object)}
    record("lookup", feeds)
    strip("lookup")


def keras3() -> None:
    """Keras 3's `model.export(dir)`: its own SavedModel writer (an LSTM, layer norm)."""
    import keras as keras3

    keras3.utils.set_random_seed(0)
    inp = keras3.Input((6, 4), name="steps")
    h = keras3.layers.LSTM(5, return_sequences=True)(inp)
    h = keras3.layers.GlobalAveragePooling1D()(keras3.layers.LayerNormalization()(h))
    model = keras3.Model(inp, keras3.layers.Dense(2)(h))
    model.export(fresh("keras3"), verbose=False)
    record("keras3", {"steps": rng.randn(3, 6, 4).astype(np.float32)})
    strip("keras3")


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
        picked = tf.switch_case(n, [lambda: x[0], lambda: x[1] * 3.0, lambda: -x[2]])
        rows = tf.map_fn(lambda r: tf.reduce_max(r), x)  # a While over TensorLists
        norms = tf.vectorized_map(lambda r: tf.reduce_sum(r * r), x)  # pfor's axes
        return {
            "y": scaled,
            "steps": tf.reduce_sum(tf.ones_like(y)),
            "picked": picked,
            "rows": rows,
            "norms": norms,
        }


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


def frozen() -> None:
    """A tf.function with a loop and a cond frozen keeping TF 2's control flow
    (`lower_control_flow=False`): a GraphDef whose While and If call its library."""
    from tensorflow.python.framework.convert_to_constants import (
        convert_variables_to_constants_v2,
    )

    w = tf.Variable(rng.randn(3, 3).astype(np.float32) * 0.5)

    @tf.function(
        input_signature=[tf.TensorSpec([None, 3], tf.float32), tf.TensorSpec([], tf.int32)]
    )
    def model(x, n):
        def body(i, x):
            return i + 1, tf.tanh(tf.matmul(x, w))

        _, y = tf.while_loop(lambda i, x: i < n, body, [tf.constant(0), x])
        return tf.cond(tf.reduce_sum(y) > 0, lambda: y * 2.0, lambda: y - 1.0)

    concrete = model.get_concrete_function()
    graph = convert_variables_to_constants_v2(concrete, lower_control_flow=False)
    with open(os.path.join(OUT, "frozen_loop.pb"), "wb") as f:
        f.write(graph.graph.as_graph_def().SerializeToString())
    x = rng.randn(4, 3).astype(np.float32)
    outs = graph(x=tf.constant(x), n=tf.constant(2))
    outs = outs if isinstance(outs, list | tuple) else [outs]
    expected["frozen_loop"] = {
        "feeds": {"x": listed(x), "n": listed(np.int32(2))},
        "inputs": {"x": graph.inputs[0].name, "n": graph.inputs[1].name},
        "outputs": {t.name: listed(v.numpy()) for t, v in zip(graph.outputs, outs, strict=True)},
    }


class Unsupported(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def __call__(self, x):
        near = tf.raw_ops.ApproximateEqual(x=x, y=tf.zeros_like(x), tolerance=0.5)
        buckets = tf.cast(near, tf.float32)
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
layers()
lookup()
keras3()
loop()
frozen()
unsupported()
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f)
    f.write("\n")
