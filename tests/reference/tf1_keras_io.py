"""Record what TF 1.x's tf.keras writes and reads when it serializes models (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_keras_io.py \
        tests/unit/engine/fixtures/keras_io > tests/unit/engine/fixtures/tf1_keras_io.json

`MODELS` builds models on `tf` (TF's or graphgate's, unchanged); the JSON holds each
model's `to_json()` and its predictions on `INPUTS` from weights set by `set_seeded`, and
the directory argument receives TF's HDF5 files: `<name>_weights.h5` (save_weights) for
every model and `<name>_model.h5` (save, optimizer state included) for the trained ones.
`TRAINED` models are compiled and fitted a few steps first; the fixture then records the
predictions after one more `fit` step from the saved file, which is what resuming with
the restored optimizer slots must reproduce.

The other direction (TF reading graphgate's files), checked by hand as TF is no test
dependency:

    .venv/bin/python tests/reference/tf1_keras_io.py --write-graphgate /tmp/gg
    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_keras_io.py \
        --read-graphgate /tmp/gg

prints, per model, whether TF's Keras loads graphgate's JSON (rewriting TF's config),
weight file and model file with graphgate's predictions, and resumes training to
graphgate's next step.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

# Each builds one model with `tf` and `L` (= tf.keras.layers) bound.
MODELS = {
    "dense": """
m = tf.keras.Sequential([L.Dense(3, input_shape=(4,), activation="relu",
                                 kernel_regularizer="l2"),
                         L.Dropout(0.5), L.Dense(1)])
""",
    "input_layer": """
m = tf.keras.Sequential([L.InputLayer((4,)), L.Dense(3, activation="tanh"), L.Dense(2)])
""",
    # A layer that returns its input unmodified: Keras copies it (an Identity in the
    # layer's scope), so the InputLayer stays in the JSON and the file loads.
    "identity_layer": """
m = tf.keras.Sequential([L.InputLayer((4,)), L.Activation("linear"), L.Dense(2, activation="relu")])
""",
    "functional_shared": """
a = tf.keras.Input((4,))
b = tf.keras.Input((4,), name="bb")
d = L.Dense(3, activation="sigmoid", kernel_initializer="he_normal")
x = L.concatenate([d(a), d(b)])
m = tf.keras.Model([a, b], [L.Dense(1, name="out")(x), L.Add()([d(a), d(b)])])
""",
    "nested": """
inner = tf.keras.Sequential([L.Dense(3, input_shape=(4,), activation="elu"),
                             L.BatchNormalization()], name="inner")
i = tf.keras.Input((4,))
h = inner(i)
m = tf.keras.Model(i, L.Dense(2, activation="softmax")(L.Dense(3)(h)))
""",
    "conv": """
m = tf.keras.Sequential([
    L.Conv2D(2, 3, padding="same", input_shape=(6, 6, 1), kernel_constraint="max_norm"),
    L.MaxPooling2D(), L.ZeroPadding2D(), L.Conv2DTranspose(2, 2, strides=2),
    L.SeparableConv2D(2, 3, depth_multiplier=2), L.DepthwiseConv2D(2, use_bias=False),
    L.UpSampling2D(), L.Cropping2D(1), L.AveragePooling2D(2, 1), L.SpatialDropout2D(0.1),
    L.GlobalMaxPooling2D(), L.Dense(2),
])
""",
    "conv1d": """
m = tf.keras.Sequential([
    L.Conv1D(2, 3, input_shape=(9, 2), dilation_rate=2, activation="selu"),
    L.ZeroPadding1D(2), L.SeparableConv1D(3, 2), L.UpSampling1D(), L.Cropping1D((1, 2)),
    L.MaxPooling1D(), L.AveragePooling1D(), L.SpatialDropout1D(0.2), L.GlobalAveragePooling1D(),
    L.RepeatVector(2), L.Permute((2, 1)), L.Reshape((6,)), L.Flatten(),
])
""",
    "conv3d": """
m = tf.keras.Sequential([
    L.Conv3D(2, 2, input_shape=(4, 4, 4, 1)), L.MaxPooling3D(1), L.AveragePooling3D(1),
    L.GlobalAveragePooling3D(),
])
""",
    "activations": """
m = tf.keras.Sequential([
    L.Dense(4, input_shape=(3,),
            kernel_initializer=tf.keras.initializers.RandomNormal(0.1, 0.2, seed=3),
            bias_initializer=tf.keras.initializers.Constant(0.5),
            kernel_regularizer=tf.keras.regularizers.l1_l2(0.01, 0.02),
            bias_regularizer=tf.keras.regularizers.l1(0.3),
            activity_regularizer=tf.keras.regularizers.L1L2(l2=0.1),
            bias_constraint=tf.keras.constraints.NonNeg()),
    L.LeakyReLU(0.2), L.ReLU(6.0), L.ELU(0.7), L.PReLU(), L.ThresholdedReLU(0.1),
    L.Activation("softplus"), L.Softmax(), L.GaussianNoise(0.3), L.GaussianDropout(0.2),
    L.AlphaDropout(0.1), L.ActivityRegularization(0.01, 0.02), L.LayerNormalization(),
    L.Dense(2, activation="hard_sigmoid",
            kernel_initializer=tf.keras.initializers.TruncatedNormal(stddev=0.3),
            kernel_constraint=tf.keras.constraints.MinMaxNorm(0.1, 2.0, 0.5),
            bias_initializer="ones"),
    L.Dense(2, kernel_initializer="orthogonal", kernel_constraint="unit_norm",
            bias_initializer=tf.keras.initializers.RandomUniform(-0.1, 0.1)),
    L.Dense(2, kernel_initializer="lecun_uniform", bias_initializer="glorot_normal"),
    L.Dense(2, kernel_initializer="he_uniform", bias_initializer="lecun_normal"),
    L.Dense(2, kernel_initializer=tf.keras.initializers.VarianceScaling(2.0, "fan_out", "uniform")),
])
""",
    "recurrent": """
i = tf.keras.Input((5,), dtype="int32")
e = L.Embedding(7, 3, mask_zero=True)(i)
s = L.LSTM(4, return_sequences=True, recurrent_dropout=0.1)(e)
g = L.GRU(3, return_sequences=True, reset_after=True, recurrent_activation="sigmoid")(s)
r = L.Bidirectional(L.SimpleRNN(2, return_sequences=True), merge_mode="sum")(g)
t = L.TimeDistributed(L.Dense(2))(r)
m = tf.keras.Model(i, L.GRU(2, go_backwards=True)(t))
""",
    "merge": """
a = tf.keras.Input((3,))
b = tf.keras.Input((3,))
c = tf.keras.Input((2, 3))
parts = [L.Subtract()([a, b]), L.Multiply()([a, b]), L.Maximum()([a, b]),
         L.Minimum()([a, b]), L.Average()([a, b]), L.Dot(1, normalize=True)([a, b])]
x = L.Concatenate(axis=1)(parts)
y = L.Dot((2, 2))([c, c])
z = L.Masking(0.5)(c)
m = tf.keras.Model([a, b, c], [x, L.Flatten()(y), L.GlobalMaxPooling1D()(z)])
""",
    "shared_model": """
ii = tf.keras.Input((3,))
inner = tf.keras.Model(ii, L.Dense(2, name="inner_dense")(ii), name="inner_model")
a = tf.keras.Input((3,))
b = tf.keras.Input((3,))
frozen = L.Dense(2, trainable=False, name="frozen")
m = tf.keras.Model([a, b], L.Add()([inner(a), frozen(inner(b))]))
""",
    "embedding": """
m = tf.keras.Sequential([L.Embedding(10, 4, input_length=3), L.Flatten(), L.Dense(1)])
""",
}

# Trained (compiled, fitted) then saved with `model.save`: name -> compile arguments
# (built by `compile_args`). Models with dropout train on random masks, so only their
# saved state is compared, not the step after resuming (`RANDOM_TRAINING`).
TRAINED = {
    "dense": ("adam", "mse", []),
    "input_layer": ("adam", "mse", ["mae"]),
    "functional_shared": ("sgd_momentum", ["mse", "mae"], []),
    "nested": ("rmsprop", "categorical_crossentropy", ["acc"]),
    "embedding": ("adagrad", "bce_object", ["acc", "auc_object", "mse_object"]),
    "conv3d": ("adadelta", "mse_object", []),
}
RANDOM_TRAINING = {"dense"}


def compile_args(tf, name) -> dict:
    """`compile`'s arguments for a trained model, objects made with `tf`'s Keras."""
    K = tf.keras
    objects = {
        "sgd_momentum": lambda: K.optimizers.SGD(0.05, momentum=0.9, nesterov=True),
        "bce_object": lambda: K.losses.BinaryCrossentropy(),
        "mse_object": lambda: K.metrics.MeanSquaredError(),
        "auc_object": lambda: K.metrics.AUC(name="auc"),
    }

    def make(value):
        if isinstance(value, list):
            return [make(v) for v in value]
        return objects[value]() if value in objects else value

    optimizer, loss, metrics = TRAINED[name]
    loss = K.losses.MeanSquaredError() if loss == "mse_object" else make(loss)
    return {"optimizer": make(optimizer), "loss": loss, "metrics": make(metrics)}


def inputs_for(model) -> list:
    """Deterministic inputs of each model input's shape and dtype (batch of 3)."""
    out = []
    for k, t in enumerate(model.inputs):
        shape = [3] + [int(d) for d in t.shape.as_list()[1:]]
        n = int(np.prod(shape))
        if t.dtype.is_integer:
            out.append((np.arange(n) % 7).reshape(shape).astype(t.dtype.as_numpy_dtype))
        else:
            vals = np.sin(np.arange(n, dtype=np.float64) * 0.7 + k)
            out.append(vals.reshape(shape).astype(np.float32))
    return out


def targets_for(model) -> list:
    out = []
    for t in model.outputs:
        shape = [3] + [int(d) for d in t.shape.as_list()[1:]]
        vals = np.abs(np.cos(np.arange(int(np.prod(shape)), dtype=np.float64)))
        vals = vals.reshape(shape)
        out.append((vals / vals.sum(-1, keepdims=True)).astype(np.float32))
    return out


def set_seeded(model) -> None:
    """Weights from a fixed formula, so every framework starts from the same numbers."""
    values = []
    for k, w in enumerate(model.get_weights()):
        n = w.size
        v = np.cos(np.arange(n, dtype=np.float64) * 1.3 + k) * 0.5
        if "variance" in model.weights[k].name:
            v = np.abs(v) + 0.5
        values.append(v.reshape(w.shape).astype(w.dtype))
    model.set_weights(values)


def build(tf, name):
    env = {"tf": tf, "L": tf.keras.layers, "np": np}
    exec(MODELS[name], env)
    return env["m"]


def training_config(path: str) -> dict:
    import h5py

    with h5py.File(path, "r") as f:
        return json.loads(f.attrs["training_config"])


def predictions(model, x) -> list:
    y = model.predict(x if len(x) > 1 else x[0])
    return [a.tolist() for a in (y if isinstance(y, list) else [y])]


def record(tf, name: str, directory: str) -> dict:
    out: dict = {}
    with tf.Graph().as_default():
        tf.set_random_seed(1)  # the dropout model's file is then the same at every run
        m = build(tf, name)
        out["json"] = json.loads(m.to_json())
        set_seeded(m)
        x = inputs_for(m)
        out["predict"] = predictions(m, x)
        m.save_weights(os.path.join(directory, name + "_weights.h5"))
        out["weight_names"] = [w.name for w in m.weights]
        if name in TRAINED:
            m.compile(**compile_args(tf, name))
            y = targets_for(m)
            m.fit(x, y if len(y) > 1 else y[0], batch_size=3, epochs=2, verbose=0, shuffle=False)
            out["trained_predict"] = predictions(m, x)
            m.save(os.path.join(directory, name + "_model.h5"))
            out["training_config"] = training_config(os.path.join(directory, name + "_model.h5"))
            out["optimizer_weight_names"] = [w.name for w in m.optimizer.weights]
            m.fit(x, y if len(y) > 1 else y[0], batch_size=3, epochs=1, verbose=0, shuffle=False)
            out["resumed_predict"] = predictions(m, x)
    return out


# Serialized objects and error texts.
OBJECTS = """
K = tf.keras
out["initializers"] = {n: K.initializers.serialize(K.initializers.get(n)) for n in [
    "glorot_uniform", "glorot_normal", "zeros", "ones", "orthogonal", "identity", "constant",
    "he_normal", "he_uniform", "lecun_normal", "lecun_uniform", "uniform", "normal",
    "truncated_normal", "random_uniform", "random_normal", "variance_scaling"]}
out["tf_initializers"] = [K.initializers.serialize(i) for i in [
    tf.truncated_normal_initializer(stddev=0.1), tf.zeros_initializer(),
    tf.glorot_uniform_initializer(), tf.initializers.he_normal(), tf.random_uniform_initializer(),
    tf.constant_initializer(0.3), tf.orthogonal_initializer(), tf.random_normal_initializer()]]
out["regularizers"] = [K.regularizers.serialize(r) for r in [
    K.regularizers.l1(0.1), K.regularizers.l2(), K.regularizers.l1_l2(),
    K.regularizers.L1L2(l2=0.3), K.regularizers.get("l2")]]
out["constraints"] = [K.constraints.serialize(c) for c in [
    K.constraints.MaxNorm(3, axis=1), K.constraints.NonNeg(), K.constraints.UnitNorm(),
    K.constraints.MinMaxNorm(), K.constraints.get("max_norm")]]
out["optimizers"] = [K.optimizers.serialize(K.optimizers.get(o)) for o in
                     ["sgd", "adam", "rmsprop", "adagrad", "adadelta"]]
out["optimizers"].append(K.optimizers.serialize(K.optimizers.SGD(0.1, 0.9, True)))
out["optimizers"].append(K.optimizers.serialize(K.optimizers.Adam(0.01, decay=0.1)))
out["activations"] = [K.activations.serialize(K.activations.get(a)) for a in
                      ["relu", "tanh", "softmax", "linear", None, "selu", "exponential"]]
out["dense"] = K.utils.serialize_keras_object(K.layers.Dense(2, name="d"))
L = K.layers
out["layer_configs"] = {type(layer).__name__: K.layers.serialize(layer) for layer in [
    L.Conv3DTranspose(2, 3, strides=2, name="c3t"),
    L.Attention(use_scale=True, dropout=0.1, name="att"), L.AdditiveAttention(name="add_att"),
    L.LocallyConnected1D(2, 3, strides=2, activation="relu", name="lc1"),
    L.LocallyConnected2D(2, (2, 3), name="lc2"),
    L.SimpleRNNCell(2, activation="relu", name="src"), L.LSTMCell(3, name="lc", dropout=0.1),
    L.GRUCell(2, reset_after=True, name="gc"),
    L.RNN(L.LSTMCell(2, name="inner"), return_sequences=True, name="rnn"),
    L.StackedRNNCells([L.LSTMCell(2, name="s1"), L.GRUCell(3, name="s2")], name="stack"),
    tf.compat.v1.keras.layers.CuDNNLSTM(2, name="cl"),
    tf.compat.v1.keras.layers.CuDNNGRU(3, return_sequences=True, name="cg"),
    L.ConvLSTM2D(2, 3, padding="same", return_sequences=True, name="clstm")]}
out["losses"] = [K.losses.serialize(loss) for loss in [
    K.losses.MeanSquaredError(), K.losses.MeanAbsoluteError(), K.losses.BinaryCrossentropy(),
    K.losses.CategoricalCrossentropy(from_logits=True), K.losses.SparseCategoricalCrossentropy(),
    K.losses.Hinge(), K.losses.KLDivergence(name="kl")]]
out["metrics"] = [K.metrics.serialize(metric) for metric in [
    K.metrics.AUC(name="auc", curve="PR"), K.metrics.Precision(name="p"),
    K.metrics.Recall(name="r", thresholds=0.3), K.metrics.BinaryAccuracy(name="ba"),
    K.metrics.TopKCategoricalAccuracy(name="top", k=3), K.metrics.MeanSquaredError(name="m"),
    K.metrics.CategoricalAccuracy(name="ca")]]
def error(fn):
    try:
        fn()
    except Exception as exc:
        return [type(exc).__name__, str(exc)]
out["unknown_layer"] = error(lambda: K.layers.deserialize({"class_name": "Foo", "config": {}}))
out["unknown_model"] = error(
    lambda: K.models.model_from_json('{"class_name": "Foo", "config": {}}'))
out["unknown_activation"] = error(lambda: K.activations.get("foo"))
out["unknown_initializer"] = error(lambda: K.initializers.get("foo"))
out["unknown_regularizer"] = error(lambda: K.regularizers.get("foo"))
out["unknown_optimizer"] = error(lambda: K.optimizers.get("foo"))
out["unknown_constraint"] = error(lambda: K.constraints.get("foo"))
m = K.Sequential([K.layers.Dense(2, input_shape=(3,)), K.layers.Dense(1)])
m.save_weights(path + "/two.h5")
m1 = K.Sequential([K.layers.Dense(2, input_shape=(3,))])
out["too_few_layers"] = error(lambda: m1.load_weights(path + "/two.h5"))
m3 = K.Sequential([K.layers.Dense(2, input_shape=(4,)), K.layers.Dense(1)])
out["wrong_shape"] = error(lambda: m3.load_weights(path + "/two.h5"))
out["skip_mismatch_needs_by_name"] = error(
    lambda: m3.load_weights(path + "/two.h5", skip_mismatch=True))
m4 = K.Sequential([K.layers.Dense(2, input_shape=(4,), name=m.layers[0].name),
                   K.layers.Dense(1, name=m.layers[1].name)])
out["by_name_wrong_shape"] = error(lambda: m4.load_weights(path + "/two.h5", by_name=True))
"""


def objects(tf, directory: str) -> dict:
    out: dict = {}
    with tf.Graph().as_default():
        exec(OBJECTS, {"tf": tf, "np": np, "out": out, "path": directory})
    return out


def write_graphgate(directory: str) -> None:
    """graphgate's files and predictions for every model, for `read_graphgate`."""
    import graphgate as gg

    os.makedirs(directory, exist_ok=True)
    out: dict = {}
    for name in MODELS:
        with gg.Graph().as_default():
            m = build(gg, name)
            set_seeded(m)
            x = inputs_for(m)
            m.save_weights(os.path.join(directory, name + "_weights.h5"))
            out[name] = {"json": m.to_json(), "predict": predictions(m, x)}
            if name in TRAINED:
                m.compile(**compile_args(gg, name))
                fit_once(m, x, 2)
                m.save(os.path.join(directory, name + "_model.h5"))
                out[name]["trained"] = predictions(m, x)
                fit_once(m, x, 1)
                out[name]["resumed"] = predictions(m, x)
    with open(os.path.join(directory, "graphgate.json"), "w") as f:
        json.dump(out, f)


def fit_once(m, x, epochs: int) -> None:
    y = targets_for(m)
    m.fit(x, y if len(y) > 1 else y[0], batch_size=3, epochs=epochs, verbose=0, shuffle=False)


def read_graphgate(tf, directory: str, name: str) -> list:
    with open(os.path.join(directory, "graphgate.json")) as f:
        record = json.load(f)[name]

    def close(a, b):
        return all(np.allclose(u, v, rtol=1e-4, atol=1e-5) for u, v in zip(a, b, strict=True))

    result = [name]
    with tf.Graph().as_default():
        again = json.loads(tf.keras.models.model_from_json(record["json"]).to_json())
        result += ["json", again["config"] == record_json(name)]
    with tf.Graph().as_default():
        m = build(tf, name)
        m.load_weights(os.path.join(directory, name + "_weights.h5"))
        x = inputs_for(m)
        result += ["weights", close(predictions(m, x), record["predict"])]
        if name in TRAINED:
            loaded = tf.keras.models.load_model(os.path.join(directory, name + "_model.h5"))
            result += ["model", close(predictions(loaded, x), record["trained"])]
            fit_once(loaded, x, 1)
            resumed = close(predictions(loaded, x), record["resumed"])
            result += ["resumed", name in RANDOM_TRAINING or resumed]
    return result


def record_json(name: str) -> dict:
    """TF's own config for the model (built with TF's Keras in a fresh graph)."""
    tf = _tensorflow()
    with tf.Graph().as_default():
        return json.loads(build(tf, name).to_json())["config"]


def main() -> None:
    """Each model in a process of its own: after one `model.save`, TF's Keras reads later
    graphs' weights as eager resource variables and fails."""
    import subprocess

    if sys.argv[1] == "--write-graphgate":
        write_graphgate(sys.argv[2])
        return
    if sys.argv[1] == "--read-graphgate":
        for name in MODELS:
            print(*read_graphgate(_tensorflow(), sys.argv[2], name))
        return
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    if len(sys.argv) > 2:
        tf = _tensorflow()
        part = sys.argv[2]
        out = objects(tf, directory) if part == ":objects" else record(tf, part, directory)
        json.dump(out, sys.stdout)
        return

    def run(part: str) -> dict:
        text = subprocess.run(
            [sys.executable, __file__, directory, part], capture_output=True, text=True, check=True
        ).stdout
        return json.loads(text)

    import tempfile

    models = {name: run(name) for name in MODELS}
    with tempfile.TemporaryDirectory() as scratch:
        directory = scratch
        errors = run(":objects")
    document = {"tensorflow": _tensorflow().__version__, "models": models, "objects": errors}
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


def _tensorflow():
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF1's tf.keras is tf_keras
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    return tf


if __name__ == "__main__":
    main()
