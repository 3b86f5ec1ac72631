"""Record what TF 1.x's tf.keras training loop observably does (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_keras_fit.py \
        > tests/unit/engine/fixtures/tf1_keras_fit.json

The programs are TF1-era Keras training code (`fit`/`evaluate`/`predict`, the `*_on_batch`
calls, compile options, callbacks, the backend functions training code uses) run with
`tf` bound to `tensorflow.compat.v1` in graph mode; each stores what it observed in
`out[...]`. Weights are set with `set_weights` so trajectories compare number for number.
`python tf1_keras_fit.py NAME...` prints only the named programs (for development).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from harness import plain as _plain  # the recorders' shared helpers
from harness import raises

# Every program starts from this prelude: a small model with known weights.
PRELUDE = """
import contextlib
import io
import os
import tempfile
L = tf.keras.layers
K = tf.keras.backend
rng = np.random.RandomState(0)
X = rng.randn(10, 3).astype("float32")
LABELS = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 1])
Y = np.eye(3, dtype="float32")[LABELS]
YB = (X[:, :1] + X[:, 1:2] > 0).astype("float32")
YR = (X @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.3).astype("float32")
W3 = [rng.randn(3, 4).astype("float32") * 0.5, np.full(4, 0.1, "float32"),
      rng.randn(4, 3).astype("float32") * 0.5, np.zeros(3, "float32")]
W1 = [rng.randn(3, 1).astype("float32") * 0.5, np.zeros(1, "float32")]


def softmax_model(metrics=("accuracy",), optimizer="sgd", loss="categorical_crossentropy",
                  **kwargs):
    m = tf.keras.Sequential([L.Dense(4, activation="relu", input_shape=(3,)),
                             L.Dense(3, activation="softmax")])
    m.set_weights(W3)
    m.compile(optimizer, loss, metrics=list(metrics), **kwargs)
    return m


def sigmoid_model(metrics=("accuracy",), optimizer="sgd", loss="binary_crossentropy",
                  activation="sigmoid", **kwargs):
    m = tf.keras.Sequential([L.Dense(1, activation=activation, input_shape=(3,))])
    m.set_weights(W1)
    m.compile(optimizer, loss, metrics=list(metrics), **kwargs)
    return m


def weights(m):
    return [w.tolist() for w in m.get_weights()]


def listed(values):
    return [float(v) for v in values] if isinstance(values, list) else float(values)
"""

PROGRAMS = {
    "validation_split_remainders": """
m = softmax_model()
h = m.fit(X, Y, batch_size=3, epochs=2, shuffle=False, verbose=0, validation_split=0.3)
out["history"] = h.history
out["epoch"] = h.epoch
out["params"] = {k: v for k, v in h.params.items()}
out["weights"] = weights(m)
m = softmax_model()
h = m.fit(X, Y, batch_size=4, epochs=1, shuffle=False, verbose=0, validation_split=0.25)
out["quarter"] = h.history
np.random.seed(3)
m.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0, validation_split=0.3)
out["numpy_stream_after"] = int(np.random.randint(1000))
""",
    "validation_data_tuple_and_weights": """
m = softmax_model(metrics=["accuracy", "mse"])
sw = np.linspace(0.5, 2.0, 4).astype("float32")
h = m.fit(X[:6], Y[:6], batch_size=4, epochs=2, shuffle=False, verbose=0,
          validation_data=(X[6:], Y[6:], sw))
out["history"] = h.history
m = softmax_model(metrics=[])
h = m.fit(X, Y, batch_size=5, epochs=2, shuffle=False, verbose=0,
          validation_data=[X[:4], Y[:4]])
out["no_metrics"] = h.history
""",
    "shuffle_seeded": """
np.random.seed(7)
m = softmax_model()
h = m.fit(X, Y, batch_size=3, epochs=3, shuffle=True, verbose=0)
out["shuffled"] = [h.history, weights(m)]
np.random.seed(7)
m = softmax_model()
h = m.fit(X, Y, batch_size=4, epochs=2, shuffle="batch", verbose=0)
out["batch_shuffle"] = [h.history, weights(m)]
np.random.seed(7)
m = softmax_model()
h = m.fit(X, Y, batch_size=4, epochs=2, verbose=0, validation_split=0.2)
out["default_shuffle_split"] = [h.history, weights(m)]
""",
    "epochs_and_initial_epoch": """
seen = []
cb = tf.keras.callbacks.LambdaCallback(on_epoch_begin=lambda e, logs: seen.append(e))
m = softmax_model()
h = m.fit(X, Y, batch_size=5, epochs=4, initial_epoch=2, shuffle=False, verbose=0,
          callbacks=[cb])
out["history"] = [h.history, h.epoch, seen]
h = m.fit(X, Y, batch_size=5, epochs=2, initial_epoch=2, shuffle=False, verbose=0)
out["nothing"] = [h.history, h.epoch]
h = m.fit(X, Y, batch_size=None, epochs=1, shuffle=False, verbose=0)
out["default_batch"] = [h.history, h.params.get("batch_size")]
out["weights"] = weights(m)
""",
    "steps_per_epoch_arrays": """
m = softmax_model()
h = m.fit(X, Y, steps_per_epoch=2, epochs=2, shuffle=False, verbose=0)
out["history"] = [h.history, h.params.get("steps"), h.params.get("samples")]
out["weights"] = weights(m)
out["evaluate_steps"] = listed(m.evaluate(X, Y, steps=2, verbose=0))
out["predict_steps"] = m.predict(X[:4], steps=1).tolist()
out["steps_and_batch"] = raises(lambda: m.fit(X, Y, steps_per_epoch=2, batch_size=3,
                                              verbose=0))
""",
    "class_weight_binary": """
m = sigmoid_model()
h = m.fit(X, YB, batch_size=4, epochs=2, shuffle=False, verbose=0,
          class_weight={0: 0.3, 1: 2.0}, validation_split=0.2)
out["history"] = h.history
out["weights"] = weights(m)
m = sigmoid_model()
h = m.fit(X, YB.ravel(), batch_size=10, epochs=1, shuffle=False, verbose=0,
          class_weight={0: 1.0, 1: 4.0}, sample_weight=np.arange(10, dtype="float32"))
out["both"] = [h.history, weights(m)]
m = sigmoid_model()
sw = np.arange(1, 11, dtype="float32")
h = m.fit(X, YB, batch_size=3, epochs=1, shuffle=False, verbose=0, sample_weight=sw,
          validation_split=0.3)
out["sample_weight_split"] = h.history
""",
    "verbose_zero_prints_nothing": """
m = softmax_model()
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    m.fit(X, Y, batch_size=4, epochs=2, verbose=0, validation_split=0.2)
    m.evaluate(X, Y, verbose=0)
    m.predict(X, verbose=0)
    m.predict(X)
    m.train_on_batch(X, Y)
out["printed"] = buf.getvalue()
""",
    "evaluate_returns": """
m = sigmoid_model(metrics=[])
out["scalar"] = [type(m.evaluate(X, YB, verbose=0)).__name__, listed(m.evaluate(X, YB, verbose=0))]
out["remainder"] = listed(m.evaluate(X, YB, batch_size=4, verbose=0))
m = sigmoid_model(metrics=["accuracy", "mae", "binary_crossentropy"])
r = m.evaluate(X, YB, batch_size=3, verbose=0)
out["list"] = [type(r).__name__, listed(r), m.metrics_names]
out["weighted"] = listed(m.evaluate(X, YB, batch_size=3, verbose=0,
                                    sample_weight=np.arange(10, dtype="float32")))
out["default_batch"] = listed(m.evaluate(X, YB, verbose=0))
h = m.fit(X, YB, batch_size=4, epochs=1, verbose=0, validation_split=0.2)
out["types"] = [[type(v).__name__ for v in r],
                [type(v).__name__ for v in m.train_on_batch(X[:2], YB[:2])],
                [type(v).__name__ for v in m.test_on_batch(X[:2], YB[:2])],
                {k: type(v[0]).__name__ for k, v in h.history.items()}]
""",
    "predict_batches": """
m = softmax_model()
p = m.predict(X, batch_size=4)
out["predict"] = [type(p).__name__, p.dtype.name, p.shape, p.tolist()]
out["batch_one"] = m.predict(X[:3], batch_size=1).tolist()
pb = m.predict_on_batch(X[:2])
out["on_batch"] = [type(pb).__name__, pb.tolist()]
out["one_sample"] = m.predict(X[:1]).tolist()
out["bad_shape"] = raises(lambda: m.predict(np.ones((2, 4), "float32")))
out["list_input"] = m.predict([X[:2]]).tolist()
""",
    "on_batch_returns": """
m = sigmoid_model(metrics=[])
r = m.train_on_batch(X[:4], YB[:4])
out["train_scalar"] = [type(r).__name__, listed(r)]
r = m.test_on_batch(X[4:], YB[4:])
out["test_scalar"] = [type(r).__name__, listed(r)]
m = sigmoid_model(metrics=["accuracy"])
out["train_list"] = listed(m.train_on_batch(X[:4], YB[:4]))
out["train_weighted"] = listed(m.train_on_batch(X[:4], YB[:4],
                                                sample_weight=np.array([1, 2, 3, 4.0])))
out["train_class_weight"] = listed(m.train_on_batch(X[:4], YB[:4], class_weight={0: 2.0, 1: 0.5}))
out["test_list"] = listed(m.test_on_batch(X, YB))
out["test_weighted"] = listed(m.test_on_batch(X, YB, sample_weight=np.arange(10.0)))
out["weights"] = weights(m)
""",
    "metrics_names_and_keys": """
m = tf.keras.Sequential([L.Dense(1, input_shape=(3,))])
m.set_weights(W1)
out["uncompiled"] = m.metrics_names
m.compile("sgd", "mse", metrics=["mse", "mae", "mape", "msle", "cosine_proximity",
                                 "mean_squared_error", "logcosh"])
out["compiled"] = m.metrics_names
h = m.fit(X, YR, batch_size=5, epochs=1, shuffle=False, verbose=0)
out["history"] = h.history
out["after_fit"] = m.metrics_names
m = sigmoid_model(metrics=["acc", "binary_accuracy", "crossentropy"])
out["acc_names"] = m.metrics_names
h = m.fit(X, YB, batch_size=5, epochs=1, shuffle=False, verbose=0)
out["acc_history"] = h.history
m = softmax_model(metrics=["accuracy", "categorical_accuracy", "top_k_categorical_accuracy",
                           "ce"])
h = m.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0)
out["categorical"] = [m.metrics_names, h.history]
m = softmax_model(metrics=["accuracy", "sparse_categorical_accuracy",
                           "sparse_top_k_categorical_accuracy"],
                  loss="sparse_categorical_crossentropy")
h = m.fit(X, LABELS, batch_size=5, epochs=1, shuffle=False, verbose=0)
out["sparse"] = [m.metrics_names, h.history]
""",
    "loss_forms": """
results = {}


def my_loss(y_true, y_pred):
    return K.mean(K.abs(y_true - y_pred) * 2.0, axis=-1)


forms = {
    "string": "mean_absolute_error",
    "function": tf.keras.losses.mean_absolute_error,
    "object": tf.keras.losses.MeanAbsoluteError(),
    "huber": tf.keras.losses.Huber(delta=0.5),
    "custom": my_loss,
    "sum_reduction": tf.keras.losses.MeanSquaredError(reduction="sum"),
}
for key, loss in forms.items():
    m = tf.keras.Sequential([L.Dense(1, input_shape=(3,))])
    m.set_weights(W1)
    m.compile(tf.keras.optimizers.SGD(0.05), loss, metrics=["mae"])
    h = m.fit(X, YR, batch_size=4, epochs=2, shuffle=False, verbose=0,
              sample_weight=np.linspace(0.5, 1.5, 10).astype("float32"))
    results[key] = [h.history, weights(m), m.metrics_names]
out["results"] = results
out["none_reduction"] = raises(
    lambda: sigmoid_model(loss=tf.keras.losses.MeanSquaredError(reduction="none"),
                          metrics=[]).fit(X, YR, batch_size=4, epochs=1, verbose=0))
m = softmax_model(loss=tf.keras.losses.CategoricalCrossentropy(label_smoothing=0.1))
h = m.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0)
out["label_smoothing"] = [h.history, weights(m)]
m = sigmoid_model(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), activation=None)
h = m.fit(X, YB, batch_size=5, epochs=1, shuffle=False, verbose=0)
out["from_logits"] = [h.history, weights(m)]
""",
    "multi_output_compile_options": """
def model():
    inp = tf.keras.Input((3,), name="features")
    h = L.Dense(4, activation="tanh", name="trunk")(inp)
    reg = L.Dense(1, name="value")(h)
    cls = L.Dense(3, activation="softmax", name="label")(h)
    m = tf.keras.Model(inp, [reg, cls])
    r = np.random.RandomState(5)
    m.set_weights([r.randn(*w.shape.as_list()).astype("float32") * 0.5 for w in m.weights])
    return m
m = model()
m.compile("sgd", {"value": "mse", "label": "categorical_crossentropy"},
          loss_weights={"value": 0.3, "label": 1.5},
          metrics={"value": ["mae", "mse"], "label": "accuracy"})
out["names_dict"] = m.metrics_names
h = m.fit(X, {"value": YR, "label": Y}, batch_size=4, epochs=2, shuffle=False, verbose=0,
          validation_split=0.2)
out["history_dict"] = h.history
out["evaluate"] = listed(m.evaluate(X, [YR, Y], batch_size=3, verbose=0))
out["train_on_batch"] = listed(m.train_on_batch(X[:4], [YR[:4], Y[:4]]))
m = model()
m.compile("sgd", ["mae", "categorical_crossentropy"], metrics=[["mse"], ["accuracy", "mae"]])
out["names_lists"] = m.metrics_names
h = m.fit(X, [YR, Y], batch_size=5, epochs=1, shuffle=False, verbose=0)
out["history_lists"] = h.history
m = model()
m.compile("sgd", "mse", metrics=["mae"])
out["names_shared"] = m.metrics_names
h = m.fit(X, [YR, Y], batch_size=5, epochs=1, shuffle=False, verbose=0,
          sample_weight=[np.ones(10, "float32"), np.arange(10, dtype="float32")])
out["history_shared"] = h.history
p = m.predict(X[:2])
out["predict"] = [type(p).__name__, len(p)]
""",
    "weighted_metrics": """
sw = np.array([1, 0, 2, 1, 0.5, 3, 1, 1, 0, 2], "float32")
m = softmax_model(metrics=["accuracy"], weighted_metrics=["accuracy", "mse"])
out["names"] = m.metrics_names
h = m.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0, sample_weight=sw,
          validation_data=(X[:5], Y[:5], sw[:5]))
out["history"] = h.history
out["evaluate"] = listed(m.evaluate(X, Y, batch_size=3, sample_weight=sw, verbose=0))
out["evaluate_unweighted"] = listed(m.evaluate(X, Y, batch_size=3, verbose=0))
out["test_on_batch"] = listed(m.test_on_batch(X, Y, sample_weight=sw))
m = sigmoid_model(metrics=[], weighted_metrics=["acc"])
h = m.fit(X, YB, batch_size=5, epochs=1, shuffle=False, verbose=0,
          class_weight={0: 1.0, 1: 3.0})
out["class_weighted"] = [m.metrics_names, h.history]
""",
    "optimizer_strings": """
results = {}
for name in ["sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "ftrl"]:
    m = softmax_model(optimizer=name, metrics=[])
    lr = float(K.get_value(m.optimizer.lr))
    h = m.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    results[name] = [type(m.optimizer).__name__, lr, h.history["loss"], weights(m)]
out["results"] = results
""",
    "optimizer_objects": """
O = tf.keras.optimizers
opts = {
    "sgd_all": O.SGD(0.05, momentum=0.8, nesterov=True, decay=0.1),
    "sgd_lr_kw": O.SGD(lr=0.2),
    "adam_amsgrad": O.Adam(0.01, amsgrad=True),
    "adam_betas": O.Adam(learning_rate=0.02, beta_1=0.5, beta_2=0.9, epsilon=1e-4),
    "rmsprop_rho": O.RMSprop(0.01, rho=0.5),
    "rmsprop_centered": O.RMSprop(0.01, centered=True, momentum=0.3),
    "adamax": O.Adamax(0.01),
    "nadam": O.Nadam(0.01),
    "sgd_clipnorm": O.SGD(0.5, clipnorm=0.1),
    "sgd_clipvalue": O.SGD(0.5, clipvalue=0.05),
}
results = {}
for key, opt in opts.items():
    m = softmax_model(optimizer=opt, metrics=[])
    h = m.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    results[key] = [h.history["loss"], weights(m), float(K.get_value(m.optimizer.iterations))]
out["results"] = results
""",
    "tf_train_optimizers": """
T = tf.train
opts = {
    "adam": T.AdamOptimizer(0.01),
    "momentum": T.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "rmsprop": T.RMSPropOptimizer(0.01, decay=0.8, momentum=0.1),
    "adagrad": T.AdagradOptimizer(0.1),
    "gd": T.GradientDescentOptimizer(0.1),
}
results = {}
for key, opt in opts.items():
    m = softmax_model(optimizer=opt)
    h = m.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0, validation_split=0.2)
    results[key] = [h.history, weights(m), type(m.optimizer).__name__]
out["results"] = results
""",
    "early_stopping": """
m = softmax_model(optimizer=tf.keras.optimizers.SGD(2.0))
stop = tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=1,
                                        restore_best_weights=True)
h = m.fit(X, Y, batch_size=5, epochs=30, shuffle=False, verbose=0, validation_split=0.3,
          callbacks=[stop])
out["restore"] = [h.history, h.epoch, stop.stopped_epoch, stop.wait, weights(m)]
m = softmax_model(optimizer=tf.keras.optimizers.SGD(0.5))
stop = tf.keras.callbacks.EarlyStopping(monitor="val_acc", mode="max", patience=2)
h = m.fit(X, Y, batch_size=5, epochs=30, shuffle=False, verbose=0, validation_split=0.3,
          callbacks=[stop])
out["val_acc_max"] = [h.epoch, stop.stopped_epoch]
m = softmax_model(optimizer=tf.keras.optimizers.SGD(0.1))
stop = tf.keras.callbacks.EarlyStopping(monitor="loss", min_delta=0.01, patience=0)
h = m.fit(X, Y, batch_size=5, epochs=30, shuffle=False, verbose=0, callbacks=[stop])
out["min_delta"] = [h.epoch, stop.stopped_epoch, stop.best]
m = softmax_model(optimizer=tf.keras.optimizers.SGD(0.1))
stop = tf.keras.callbacks.EarlyStopping(monitor="loss", baseline=0.5, patience=2)
h = m.fit(X, Y, batch_size=5, epochs=30, shuffle=False, verbose=0, callbacks=[stop])
out["baseline"] = [h.epoch, stop.stopped_epoch]
m = softmax_model(optimizer=tf.keras.optimizers.SGD(0.1))
stop = tf.keras.callbacks.EarlyStopping(monitor="nonexistent", patience=0)
h = m.fit(X, Y, batch_size=5, epochs=3, shuffle=False, verbose=0, callbacks=[stop])
out["missing_monitor"] = [h.epoch, stop.stopped_epoch]
m = softmax_model(optimizer=tf.keras.optimizers.SGD(0.1))
stop = tf.keras.callbacks.EarlyStopping(monitor="acc", patience=1)
h = m.fit(X, Y, batch_size=5, epochs=8, shuffle=False, verbose=0, callbacks=[stop])
out["acc_auto_mode"] = [h.epoch, stop.stopped_epoch, stop.monitor_op.__name__]
""",
    "model_checkpoint": """
d = tempfile.mkdtemp()
m = softmax_model(optimizer=tf.keras.optimizers.SGD(1.5))
ck = tf.keras.callbacks.ModelCheckpoint(os.path.join(d, "w-{epoch:02d}-{val_loss:.2f}"),
                                        save_weights_only=True, save_best_only=True)
h = m.fit(X, Y, batch_size=5, epochs=6, shuffle=False, verbose=0, validation_split=0.3,
          callbacks=[ck])
out["history"] = h.history
out["files"] = sorted(f for f in os.listdir(d) if f.startswith("w-") and f.endswith(".index"))
out["best"] = ck.best
d2 = tempfile.mkdtemp()
m = softmax_model(optimizer=tf.keras.optimizers.SGD(1.5))
ck = tf.keras.callbacks.ModelCheckpoint(os.path.join(d2, "e{epoch}.ckpt"),
                                        save_weights_only=True, monitor="loss", mode="min")
m.fit(X, Y, batch_size=5, epochs=3, shuffle=False, verbose=0, callbacks=[ck])
out["every_epoch"] = sorted(f for f in os.listdir(d2) if f.endswith(".index"))
m2 = softmax_model()
m2.load_weights(os.path.join(d2, "e3.ckpt"))
out["reloaded_same"] = bool(all(np.allclose(a, b) for a, b in
                                zip(m.get_weights(), m2.get_weights())))
d3 = tempfile.mkdtemp()
m = softmax_model(optimizer=tf.keras.optimizers.SGD(1.5))
ck = tf.keras.callbacks.ModelCheckpoint(os.path.join(d3, "{epoch:03d}-{loss:.3f}.ckpt"),
                                        save_weights_only=True, period=2)
m.fit(X, Y, batch_size=5, epochs=5, shuffle=False, verbose=0, callbacks=[ck])
out["period"] = sorted(f for f in os.listdir(d3) if f.endswith(".index"))
d4 = tempfile.mkdtemp()
m = softmax_model(optimizer=tf.keras.optimizers.SGD(1.5))
ck = tf.keras.callbacks.ModelCheckpoint(os.path.join(d4, "sub", "e{epoch}-b{batch}.ckpt"),
                                        save_weights_only=True, save_freq=3)
m.fit(X, Y, batch_size=4, epochs=3, shuffle=False, verbose=0, callbacks=[ck])
out["save_freq_batches"] = sorted(f for f in os.listdir(os.path.join(d4, "sub"))
                                  if f.endswith(".index"))
""",
    "lr_scheduler_and_plateau": """
m = softmax_model(optimizer=tf.keras.optimizers.SGD(0.4))
lrs = []
sched = tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch else lr)
spy = tf.keras.callbacks.LambdaCallback(
    on_epoch_end=lambda e, logs: lrs.append(float(K.get_value(m.optimizer.lr))))
h = m.fit(X, Y, batch_size=5, epochs=4, shuffle=False, verbose=0, callbacks=[sched, spy])
out["scheduler"] = [h.history, lrs, weights(m)]
m = softmax_model(optimizer=tf.keras.optimizers.SGD(3.0))
plateau = tf.keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=0,
                                               min_lr=0.01)
h = m.fit(X, Y, batch_size=5, epochs=5, shuffle=False, verbose=0, validation_split=0.3,
          callbacks=[plateau])
out["plateau"] = [h.history, float(K.get_value(m.optimizer.lr))]
m = softmax_model(optimizer=tf.keras.optimizers.Adam(0.1))
plateau = tf.keras.callbacks.ReduceLROnPlateau(monitor="acc", factor=0.5, patience=1,
                                               mode="max")
h = m.fit(X, Y, batch_size=5, epochs=5, shuffle=False, verbose=0, callbacks=[plateau])
out["plateau_acc"] = [h.history, float(K.get_value(m.optimizer.lr))]
out["lr_types"] = [type(v).__name__ for v in h.history["lr"]]
""",
    "csv_logger": """
d = tempfile.mkdtemp()
path = os.path.join(d, "log.csv")
m = softmax_model()
m.fit(X, Y, batch_size=5, epochs=2, shuffle=False, verbose=0, validation_split=0.2,
      callbacks=[tf.keras.callbacks.CSVLogger(path)])
m.fit(X, Y, batch_size=5, epochs=4, initial_epoch=2, shuffle=False, verbose=0,
      validation_split=0.2, callbacks=[tf.keras.callbacks.CSVLogger(path, append=True)])
with open(path) as f:
    text = f.read()
out["lines"] = [line.split(",")[:1] + [round(float(v), 5) for v in line.split(",")[1:]]
                if not line.startswith("epoch") else line.split(",")
                for line in text.splitlines()]
path2 = os.path.join(d, "log.tsv")
m.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0,
      callbacks=[tf.keras.callbacks.CSVLogger(path2, separator=";")])
with open(path2) as f:
    out["separator"] = f.read().splitlines()[0]
""",
    "lambda_callback_batch_logs": """
events = []
cb = tf.keras.callbacks.LambdaCallback(
    on_train_begin=lambda logs: events.append(["train_begin", sorted(logs or {})]),
    on_epoch_begin=lambda e, logs: events.append(["epoch_begin", e, sorted(logs or {})]),
    on_batch_begin=lambda b, logs: events.append(["batch_begin", b, dict(logs or {})]),
    on_batch_end=lambda b, logs: events.append(["batch_end", b, dict(logs or {})]),
    on_epoch_end=lambda e, logs: events.append(["epoch_end", e, dict(logs or {})]),
    on_train_end=lambda logs: events.append(["train_end", sorted(logs or {})]))
m = softmax_model()
m.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0, validation_split=0.2,
      callbacks=[cb])
out["events"] = events
""",
    "terminate_on_nan": """
m = tf.keras.Sequential([L.Dense(1, input_shape=(3,))])
m.set_weights(W1)
m.compile(tf.keras.optimizers.SGD(50.0), "mse")
h = m.fit(X * 100, YR, batch_size=2, epochs=5, shuffle=False, verbose=0,
          callbacks=[tf.keras.callbacks.TerminateOnNaN()])
out["history"] = [[str(v) for v in h.history["loss"]], h.epoch]
""",
    "custom_callback_subclass": """
class Recorder(tf.keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def set_params(self, params):
        super().set_params(params)
        self.calls.append(["set_params", sorted(params)])

    def on_train_begin(self, logs=None):
        self.calls.append(["on_train_begin", logs, self.model.name, self.params.get("epochs")])

    def on_epoch_end(self, epoch, logs=None):
        self.calls.append(["on_epoch_end", epoch, dict(logs)])

    def on_train_batch_end(self, batch, logs=None):
        self.calls.append(["on_train_batch_end", batch, sorted(logs)])

    def on_test_begin(self, logs=None):
        self.calls.append(["on_test_begin"])

    def on_test_batch_end(self, batch, logs=None):
        self.calls.append(["on_test_batch_end", batch, sorted(logs)])

    def on_test_end(self, logs=None):
        self.calls.append(["on_test_end"])

    def on_predict_batch_end(self, batch, logs=None):
        self.calls.append(["on_predict_batch_end", batch, sorted(logs)])

    def on_train_end(self, logs=None):
        self.calls.append(["on_train_end", logs])


class Stopper(tf.keras.callbacks.Callback):
    def on_batch_end(self, batch, logs=None):
        if batch == 1:
            self.model.stop_training = True


rec = Recorder()
m = softmax_model()
m.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0, validation_split=0.2,
      callbacks=[rec])
out["fit"] = rec.calls
rec = Recorder()
m.evaluate(X, Y, batch_size=4, verbose=0, callbacks=[rec])
m.predict(X, batch_size=4, callbacks=[rec])
out["evaluate_predict"] = rec.calls
m = softmax_model()
h = m.fit(X, Y, batch_size=2, epochs=3, shuffle=False, verbose=0, callbacks=[Stopper()])
out["stopped"] = [h.history, h.epoch, weights(m)]
m = softmax_model()
h = m.fit(X, Y, batch_size=2, epochs=3, shuffle=False, verbose=0, callbacks=[Stopper()],
          validation_split=0.2)
out["stopped_validating"] = [h.history, h.epoch]
""",
    "history_object": """
m = softmax_model()
h = m.fit(X, Y, batch_size=5, epochs=2, shuffle=False, verbose=0)
out["type"] = [type(h).__name__, isinstance(h, tf.keras.callbacks.History),
               h.model is m, m.history is h]
h2 = m.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0,
           callbacks=[tf.keras.callbacks.History()])
out["second"] = [h2.history, h2.epoch, m.history is h2]
out["keys_order"] = list(m.fit(X, Y, batch_size=5, epochs=1, verbose=0, shuffle=False,
                               validation_data=(X, Y)).history)
""",
    "regularizer_losses": """
R = tf.keras.regularizers
m = tf.keras.Sequential([
    L.Dense(4, activation="relu", input_shape=(3,), kernel_regularizer=R.l2(0.01),
            bias_regularizer=R.l1(0.1), activity_regularizer=R.l1(0.02)),
    L.Dense(3, activation="softmax", kernel_regularizer=R.l1_l2(l1=0.01, l2=0.02))])
m.set_weights(W3)
m.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
out["n_losses"] = len(m.losses)
out["loss_values"] = [float(v) for v in K.get_session().run(m.losses, {m.input: X})]
out["evaluate"] = listed(m.evaluate(X, Y, batch_size=5, verbose=0))
h = m.fit(X, Y, batch_size=5, epochs=2, shuffle=False, verbose=0, validation_split=0.2)
out["history"] = h.history
out["weights"] = weights(m)
out["train_on_batch"] = listed(m.train_on_batch(X[:3], Y[:3]))
""",
    "learning_phase_layers": """
tf.set_random_seed(4)
m = tf.keras.Sequential([L.Dense(4, input_shape=(3,)), L.BatchNormalization(momentum=0.5),
                         L.Activation("relu"), L.Dropout(0.5, seed=1),
                         L.Dense(3, activation="softmax")])
r = np.random.RandomState(9)
m.set_weights([r.randn(*w.shape.as_list()).astype("float32") for w in m.weights])
m.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
before = m.predict(X)
loss, acc = m.evaluate(X, Y, batch_size=10, verbose=0)  # NaN: the moving variance < 0
out["evaluate_is_inference"] = [str(loss), float(acc)]
h = m.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0)
out["moving"] = [w.tolist() for w in m.layers[1].get_weights()[2:]]
out["predict_after"] = m.predict(X[:3]).tolist()
f = K.function([m.input, K.learning_phase()], [m.output])
out["function_inference"] = f([X[:3], 0])[0].tolist()
out["function_training_mean"] = float(np.mean(f([X[:3], 1])[0]))
out["phase"] = K.learning_phase().name
out["before_nans"] = int(np.isnan(before).sum())
""",
    "set_learning_phase": """
K.set_learning_phase(1)
m = tf.keras.Sequential([L.Dense(3, input_shape=(3,)), L.BatchNormalization()])
r = np.random.RandomState(10)
m.set_weights([r.randn(3, 3).astype("float32"), np.zeros(3, "float32"),
               np.ones(3, "float32"), np.zeros(3, "float32"),
               np.full(3, 0.5, "float32"), np.full(3, 2.0, "float32")])
out["phase"] = K.learning_phase()
out["predict_training_stats"] = m.predict(X[:4]).tolist()
K.set_learning_phase(0)
out["phase_after"] = K.learning_phase()
""",
    "backend_training_helpers": """
out["epsilon"] = K.epsilon()
K.set_epsilon(1e-5)
out["epsilon_set"] = K.epsilon()
K.set_epsilon(1e-7)
out["floatx"] = [K.floatx(), K.cast_to_floatx(np.array([1, 2])).dtype.name]
m = softmax_model(optimizer=tf.keras.optimizers.SGD(0.1))
out["lr"] = float(K.get_value(m.optimizer.lr))
K.set_value(m.optimizer.lr, 0.5)
h = m.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0)
out["after_set_value"] = [h.history, weights(m), float(K.get_value(m.optimizer.lr)),
                          int(K.get_value(m.optimizer.iterations))]
out["count_params"] = [m.count_params(), K.count_params(m.layers[0].kernel)]
grads = K.gradients(m.total_loss, m.trainable_weights)
out["grads"] = len(grads)
x = K.placeholder(shape=(None, 3))
v = K.variable(np.zeros((3,)), name="acc_v")
upd = K.function([x], [K.sum(x)], updates=[K.update_add(v, K.sum(x, axis=0))])
upd([X[:2]])
upd([X[2:4]])
out["function_updates"] = K.get_value(v).tolist()
K.batch_set_value([(v, np.ones(3)), (m.optimizer.lr, 0.25)])
out["batch_set"] = [K.get_value(v).tolist(), float(K.get_value(m.optimizer.lr))]
out["is_keras_tensor"] = [K.is_keras_tensor(m.output), K.is_keras_tensor(x)]
out["stop_gradient"] = [g is None for g in K.gradients(K.sum(K.stop_gradient(v) * 2), [v])]
""",
    "clear_session_names": """
m = tf.keras.Sequential([L.Dense(2, input_shape=(3,))])
out["before"] = [m.name, m.layers[0].name, m.layers[0].kernel.name]
m2 = tf.keras.Sequential([L.Dense(2, input_shape=(3,))])
out["second"] = [m2.name, m2.layers[0].name]
K.clear_session()
m3 = tf.keras.Sequential([L.Dense(2, input_shape=(3,))])
out["after_clear"] = [m3.name, m3.layers[0].name, m3.layers[0].kernel.name,
                      m3.output.graph is tf.get_default_graph()]
m3.compile("sgd", "mse")
h = m3.fit(X, Y[:, :2], batch_size=5, epochs=1, shuffle=False, verbose=0)
out["fits"] = sorted(h.history)
""",
    "fit_argument_errors": """
m = softmax_model()
out["val_split_with_data"] = sorted(m.fit(X, Y, epochs=1, verbose=0, validation_split=0.2,
                                          validation_data=(X, Y)).history)
out["split_out_of_range"] = [sorted(m.fit(X, Y, epochs=1, verbose=0, validation_split=v).history)
                             for v in (1.5, -0.2, 1.0)]
out["validation_steps_alone"] = raises(lambda: m.fit(X, Y, epochs=1, verbose=0,
                                                     validation_steps=2))
out["no_y"] = raises(lambda: m.fit(X, epochs=1, verbose=0))
out["bad_class_weight_shape"] = raises(lambda: m.fit(X, Y, epochs=1, verbose=0,
                                                     class_weight={0: 1.0, 1: 1.0}))
out["sample_weight_2d"] = raises(lambda: m.fit(X, Y, epochs=1, verbose=0,
                                               sample_weight=np.ones((10, 3))))
out["list_targets"] = raises(lambda: m.fit(X, [Y, Y], epochs=1, verbose=0))
out["evaluate_no_y"] = raises(lambda: m.evaluate(X, verbose=0))
""",
    "multi_input_fit": """
a = tf.keras.Input((3,), name="a")
b = tf.keras.Input((2,), name="b")
h = L.concatenate([L.Dense(2, name="da")(a), b])
m = tf.keras.Model([a, b], L.Dense(1, activation="sigmoid", name="out")(h))
r = np.random.RandomState(12)
m.set_weights([r.randn(*w.shape.as_list()).astype("float32") for w in m.weights])
m.compile("adam", "binary_crossentropy", metrics=["accuracy"])
xb = X[:, :2] * 2
h = m.fit({"a": X, "b": xb}, YB, batch_size=3, epochs=2, shuffle=False, verbose=0,
          validation_split=0.3)
out["history"] = h.history
out["evaluate"] = listed(m.evaluate([X, xb], {"out": YB}, verbose=0))
out["predict"] = m.predict({"a": X[:2], "b": xb[:2]}).tolist()
out["weights"] = weights(m)
""",
    "metric_objects_in_fit": """
M = tf.keras.metrics
m = softmax_model(metrics=[M.CategoricalAccuracy(), M.MeanSquaredError(name="my_mse"),
                           M.TopKCategoricalAccuracy(k=2), M.CategoricalCrossentropy()])
out["names"] = m.metrics_names
h = m.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0, validation_split=0.2)
out["history"] = h.history
out["evaluate"] = listed(m.evaluate(X, Y, batch_size=3, verbose=0))
m = sigmoid_model(metrics=[M.BinaryAccuracy(threshold=0.3), M.AUC(num_thresholds=50),
                           M.Precision(), M.Recall()])
h = m.fit(X, YB, batch_size=4, epochs=2, shuffle=False, verbose=0)
out["binary"] = [m.metrics_names, h.history]
""",
    "generator_class_weight_and_freq": """
def batches():
    while True:
        for i in (0, 4, 8):
            yield X[i:i + 4], YB[i:i + 4]


m = sigmoid_model()
h = m.fit_generator(batches(), steps_per_epoch=3, epochs=4, verbose=0,
                    class_weight={0: 0.5, 1: 2.0}, validation_data=(X, YB), validation_freq=2)
out["fit_generator"] = [h.history, h.epoch, weights(m)]
m = sigmoid_model()
h = m.fit(batches(), steps_per_epoch=3, epochs=2, verbose=0, class_weight={0: 3.0, 1: 1.0})
out["fit_with_generator"] = [h.history, weights(m)]
""",
    "lstm_text_classifier": """
ids = np.array([[1, 4, 2, 0, 0], [3, 3, 9, 8, 1], [5, 6, 0, 0, 0], [7, 2, 2, 4, 1],
                [9, 9, 1, 0, 0], [2, 8, 6, 5, 3], [4, 4, 4, 0, 0], [1, 3, 5, 7, 9]])
labels = np.array([0, 1, 0, 1, 0, 1, 0, 1], "float32")
m = tf.keras.Sequential([L.Embedding(10, 4, input_length=5), L.LSTM(3),
                         L.Dense(1, activation="sigmoid")])
r = np.random.RandomState(13)
m.set_weights([r.uniform(-0.5, 0.5, w.shape.as_list()).astype("float32") for w in m.weights])
m.compile(tf.keras.optimizers.Adam(0.05), "binary_crossentropy", metrics=["accuracy"])
h = m.fit(ids, labels, batch_size=3, epochs=3, shuffle=False, verbose=0, validation_split=0.25)
out["history"] = h.history
out["evaluate"] = listed(m.evaluate(ids, labels, verbose=0))
out["predict"] = m.predict(ids[:3]).tolist()
""",
    "conv_classifier_seeded": """
tf.set_random_seed(11)
np.random.seed(12)
imgs = np.random.RandomState(14).rand(12, 6, 6, 1).astype("float32")
classes = np.arange(12) % 3
m = tf.keras.Sequential([L.Conv2D(4, 3, activation="relu", input_shape=(6, 6, 1)),
                         L.MaxPooling2D(), L.Flatten(), L.Dropout(0.3),
                         L.Dense(3, activation="softmax")])
m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
h = m.fit(imgs, classes, batch_size=4, epochs=3, verbose=0, validation_data=(imgs[:6], classes[:6]))
out["history"] = h.history
out["weights"] = weights(m)
out["predict"] = m.predict(imgs[:2]).tolist()
""",
    "custom_metric_and_loss": """
def doubled_mae(y_true, y_pred):
    return K.mean(K.abs(y_true - y_pred), axis=-1) * 2.0


def mean_pred(y_true, y_pred):
    return K.mean(y_pred)


def hinge_like(y_true, y_pred):
    return K.mean(K.maximum(1.0 - y_true * y_pred, 0.0) + 0.1 * K.square(y_pred), axis=-1)


m = tf.keras.Sequential([L.Dense(1, input_shape=(3,))])
m.set_weights(W1)
m.compile(tf.keras.optimizers.SGD(0.1), hinge_like, metrics=[doubled_mae, mean_pred, "mae"])
out["names"] = m.metrics_names
h = m.fit(X, YB * 2 - 1, batch_size=4, epochs=2, shuffle=False, verbose=0,
          validation_split=0.3)
out["history"] = h.history
out["evaluate"] = listed(m.evaluate(X, YB * 2 - 1, batch_size=3, verbose=0))
""",
    "default_batch_size_32": """
r = np.random.RandomState(15)
xs = r.randn(70, 3).astype("float32")
ys = np.eye(3, dtype="float32")[r.randint(0, 3, 70)]
m = softmax_model(optimizer=tf.keras.optimizers.SGD(0.3))
h = m.fit(xs, ys, epochs=2, shuffle=False, verbose=0, validation_split=0.1)
out["history"] = h.history
out["evaluate"] = listed(m.evaluate(xs, ys, verbose=0))
out["predict_sum"] = float(m.predict(xs).sum())
out["weights"] = weights(m)
""",
    "reset_metrics_accumulation": """
m = sigmoid_model(metrics=["accuracy", "mae"])
out["first"] = listed(m.train_on_batch(X[:3], YB[:3], reset_metrics=False))
out["second"] = listed(m.train_on_batch(X[3:6], YB[3:6], reset_metrics=False))
out["test"] = listed(m.test_on_batch(X[6:], YB[6:], reset_metrics=False))
m.reset_metrics()
out["after_reset"] = listed(m.test_on_batch(X[6:], YB[6:]))
out["metrics"] = [mt.name for mt in m.metrics]
out["weights"] = weights(m)
""",
    "scheduler_with_initial_epoch": """
seen = []
m = softmax_model(optimizer=tf.keras.optimizers.SGD(0.2))
sched = tf.keras.callbacks.LearningRateScheduler(lambda epoch: 0.2 * 0.5 ** epoch)
spy = tf.keras.callbacks.LambdaCallback(
    on_epoch_begin=lambda e, logs: seen.append([e, float(K.get_value(m.optimizer.lr))]))
h = m.fit(X, Y, batch_size=5, epochs=5, initial_epoch=3, shuffle=False, verbose=0,
          callbacks=[sched, spy])
out["history"] = [h.history, h.epoch, seen, weights(m)]
""",
    "freezing_after_compile": """
m = softmax_model()
m.layers[0].trainable = False
h = m.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0)
out["not_recompiled"] = [weights(m)[:2], len(m.trainable_weights)]
m.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
before = weights(m)[:2]
h = m.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0)
out["recompiled_frozen"] = [weights(m)[:2] == before, h.history]
""",
    "temporal_sample_weights": """
seq = np.random.RandomState(16).randn(6, 4, 2).astype("float32")
target = np.random.RandomState(17).randn(6, 4, 1).astype("float32")
sw = np.random.RandomState(18).rand(6, 4).astype("float32")
m = tf.keras.Sequential([L.TimeDistributed(L.Dense(1), input_shape=(4, 2))])
m.set_weights([np.array([[0.5], [-0.3]], "float32"), np.zeros(1, "float32")])
m.compile(tf.keras.optimizers.SGD(0.1), "mse", metrics=["mae"], sample_weight_mode="temporal")
h = m.fit(seq, target, batch_size=4, epochs=2, shuffle=False, verbose=0, sample_weight=sw)
out["history"] = h.history
out["evaluate"] = listed(m.evaluate(seq, target, sample_weight=sw, verbose=0))
out["weights"] = weights(m)
""",
    "verbose_callback_messages": """
d = tempfile.mkdtemp()
m = softmax_model(optimizer=tf.keras.optimizers.SGD(1.5))
cbs = [
    tf.keras.callbacks.ModelCheckpoint(os.path.join(d, "w{epoch}"), save_weights_only=True,
                                       save_best_only=True, verbose=1),
    tf.keras.callbacks.LearningRateScheduler(lambda epoch: 1.5 / (epoch + 1), verbose=1),
    tf.keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=0, factor=0.5, verbose=1),
    tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=1, verbose=1),
]
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    h = m.fit(X, Y, batch_size=5, epochs=6, shuffle=False, verbose=0, validation_split=0.3,
              callbacks=cbs)
out["printed"] = buf.getvalue().replace(d, "DIR")
out["history"] = h.history
""",
    "add_loss_without_compile_loss": """
inp = tf.keras.Input((3,))
hidden = L.Dense(2, activation="tanh")(inp)
recon = L.Dense(3)(hidden)
m = tf.keras.Model(inp, recon)
m.set_weights([W3[0][:, :2], W3[1][:2], W3[2][:2], W3[3]])
m.add_loss(K.mean(K.square(recon - inp)) + 0.01 * K.sum(K.square(hidden)))
m.compile(tf.keras.optimizers.SGD(0.1))
out["names"] = m.metrics_names
h = m.fit(X, None, batch_size=4, epochs=2, shuffle=False, verbose=0,
          validation_data=(X[:4], None))
out["history"] = h.history
out["evaluate"] = listed(m.evaluate(X, None, batch_size=5, verbose=0))
out["weights"] = weights(m)
""",
    "callback_adds_to_logs": """
class Extra(tf.keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        logs["double_loss"] = logs["loss"] * 2
        logs["epoch_seen"] = epoch


m = softmax_model()
h = m.fit(X, Y, batch_size=5, epochs=2, shuffle=False, verbose=0, callbacks=[Extra()],
          validation_data=(X[:4], Y[:4]), validation_freq=[1, 3])
out["history"] = h.history
h = m.fit(X, Y, batch_size=5, epochs=4, shuffle=False, verbose=0,
          validation_data=(X[:4], Y[:4]), validation_freq=[2, 3])
out["freq_list"] = h.history
""",
    "custom_loop_with_k_function": """
m = softmax_model(optimizer=tf.keras.optimizers.SGD(0.2))
target = K.placeholder(shape=(None, 3))
loss = K.mean(K.categorical_crossentropy(target, m.output))
updates = m.optimizer.get_updates(params=m.trainable_weights, loss=loss)
train = K.function([m.input, target, K.learning_phase()], [loss], updates)
losses = [float(train([X[i:i + 5], Y[i:i + 5], 1])[0]) for i in (0, 5, 0)]
out["losses"] = losses
out["weights"] = weights(m)
g = K.function([m.input, target], K.gradients(loss, m.trainable_weights))([X, Y])
out["grads"] = [a.tolist() for a in g]
out["total_loss_grads"] = len(K.gradients(m.total_loss, m.trainable_weights))
""",
    "multi_output_weights_by_name": """
inp = tf.keras.Input((3,), name="features")
h = L.Dense(4, activation="tanh", name="trunk")(inp)
m = tf.keras.Model(inp, [L.Dense(1, name="value")(h),
                         L.Dense(3, activation="softmax", name="label")(h)])
r = np.random.RandomState(5)
m.set_weights([r.randn(*w.shape.as_list()).astype("float32") * 0.5 for w in m.weights])
m.compile("sgd", ["mse", "categorical_crossentropy"], metrics={"label": "accuracy"})
h = m.fit(X, [YR, Y], batch_size=4, epochs=2, shuffle=False, verbose=0,
          class_weight={"label": {0: 1.0, 1: 2.0, 2: 0.5}},
          sample_weight={"value": np.linspace(0.5, 1.5, 10).astype("float32")})
out["history"] = h.history
out["weights"] = weights(m)
""",
    "accuracy_resolution": """
results = {}
multi = (X > 0).astype("float32")
m = tf.keras.Sequential([L.Dense(3, activation="sigmoid", input_shape=(3,))])
m.set_weights(W3[2:][:0] + [W3[2][:3], W3[3]])
m.compile("sgd", tf.keras.losses.BinaryCrossentropy(), metrics=["accuracy", "ce"])
h = m.fit(X, multi, batch_size=5, epochs=1, shuffle=False, verbose=0)
results["multilabel_loss_object"] = [m.metrics_names, h.history]
m = tf.keras.Sequential([L.Dense(1, input_shape=(3,))])
m.set_weights(W1)
m.compile("sgd", "mse", metrics=["accuracy"])
h = m.fit(X, YB, batch_size=5, epochs=1, shuffle=False, verbose=0)
results["regression_width_one"] = [m.metrics_names, h.history]
m = softmax_model(loss="mse", metrics=["accuracy"])
h = m.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0)
results["mse_softmax"] = h.history
m = softmax_model(loss=tf.keras.losses.SparseCategoricalCrossentropy(),
                  metrics=["accuracy", tf.keras.metrics.SparseCategoricalAccuracy(name="sca")])
h = m.fit(X, LABELS, batch_size=5, epochs=1, shuffle=False, verbose=0)
results["sparse_loss_object"] = [m.metrics_names, h.history]
m = softmax_model(loss=tf.keras.losses.categorical_crossentropy, metrics=["acc"])
h = m.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0)
results["loss_function"] = h.history
out["results"] = results
""",
    "masked_sequence_tagger": """
ids = np.array([[3, 1, 4, 0, 0], [2, 7, 1, 8, 2], [5, 0, 0, 0, 0], [6, 2, 6, 4, 0],
                [9, 9, 8, 1, 2], [1, 5, 0, 0, 0]])
tags = ((ids % 3) * (ids > 0))[..., None]
r = np.random.RandomState(19)


def tagger(loss, metrics, **kwargs):
    m = tf.keras.Sequential([L.Embedding(10, 4, mask_zero=True, input_length=5),
                             L.LSTM(3, return_sequences=True),
                             L.TimeDistributed(L.Dense(3, activation="softmax"))])
    m.set_weights([np.random.RandomState(19).uniform(-0.5, 0.5, w.shape.as_list())
                   .astype("float32") for w in m.weights])
    m.compile(tf.keras.optimizers.Adam(0.05), loss, metrics=metrics, **kwargs)
    return m


m = tagger("sparse_categorical_crossentropy", ["accuracy"])
h = m.fit(ids, tags, batch_size=4, epochs=2, shuffle=False, verbose=0, validation_split=0.34)
out["sparse"] = [h.history, weights(m)[-2:]]
out["evaluate"] = listed(m.evaluate(ids, tags, batch_size=4, verbose=0))
m = tagger("categorical_crossentropy", ["accuracy", "mse"], sample_weight_mode="temporal")
sw = r.rand(6, 5).astype("float32")
h = m.fit(ids, np.eye(3, dtype="float32")[tags[..., 0]], batch_size=3, epochs=2, shuffle=False,
          verbose=0, sample_weight=sw)
out["temporal_weights"] = [h.history, weights(m)[-2:]]
m = tagger("sparse_categorical_crossentropy", [], weighted_metrics=["accuracy"])
h = m.fit(ids, tags, batch_size=6, epochs=1, shuffle=False, verbose=0,
          sample_weight=np.arange(1, 7, dtype="float32"))
out["sample_weights"] = [h.history, weights(m)[-2:]]
""",
    "custom_metric_subclass": """
class PositiveRate(tf.keras.metrics.Metric):
    def __init__(self, name="positive_rate", **kwargs):
        super(PositiveRate, self).__init__(name=name, **kwargs)
        self.hits = self.add_weight("hits", initializer="zeros")
        self.seen = self.add_weight(name="seen", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        hit = K.cast(K.greater(y_pred, 0.5), "float32")
        self.hits.assign_add(K.sum(hit))
        return self.seen.assign_add(K.cast(K.shape(y_pred)[0], "float32"))

    def result(self):
        return self.hits / self.seen


m = sigmoid_model(metrics=["acc", PositiveRate()])
out["names"] = m.metrics_names
h = m.fit(X, YB, batch_size=4, epochs=2, shuffle=False, verbose=0, validation_split=0.3)
out["history"] = h.history
out["evaluate"] = listed(m.evaluate(X, YB, batch_size=3, verbose=0))
out["on_batch"] = [listed(m.train_on_batch(X[:4], YB[:4])),
                   listed(m.test_on_batch(X[4:], YB[4:], reset_metrics=False)),
                   listed(m.test_on_batch(X[:2], YB[:2]))]
""",
    "dataset_and_generator_returns": """
def gen():
    while True:
        yield X[:5], YB[:5]


m = sigmoid_model()
pairs = tf.data.Dataset.from_tensor_slices((X, YB)).batch(5)
r = m.evaluate(pairs, verbose=0)
g = m.evaluate_generator(gen(), steps=2)
out["with_metrics"] = [[type(v).__name__ for v in r], [type(v).__name__ for v in g],
                       listed(r), listed(g)]
m = sigmoid_model(metrics=[])
r, g = m.evaluate(pairs, verbose=0), m.evaluate_generator(gen(), steps=2)
out["loss_only"] = [type(r).__name__, type(g).__name__, float(r), float(g)]
p = m.predict(pairs)
out["predict_pairs"] = [type(p).__name__, p.dtype.name, p.tolist()]
""",
    "frozen_batchnorm_and_base": """
def bn_model():
    m = tf.keras.Sequential([L.Dense(4, input_shape=(3,)), L.BatchNormalization(momentum=0.5),
                             L.Dense(3, activation="softmax")])
    r = np.random.RandomState(21)
    m.set_weights([r.randn(3, 4).astype("float32"), np.zeros(4, "float32"),
                   np.ones(4, "float32"), np.zeros(4, "float32"), np.full(4, 0.2, "float32"),
                   np.full(4, 1.5, "float32"), r.randn(4, 3).astype("float32"),
                   np.zeros(3, "float32")])
    return m


m = bn_model()
m.layers[1].trainable = False
m.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
h = m.fit(X, Y, batch_size=5, epochs=2, shuffle=False, verbose=0)
out["frozen_bn"] = [h.history, weights(m), len(m.updates)]
base = bn_model()
base.trainable = False
model = tf.keras.Sequential([base, L.Dense(2, activation="softmax")])
model.layers[1].set_weights([np.full((3, 2), 0.3, "float32"), np.zeros(2, "float32")])
model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
h = model.fit(X, Y[:, :2], batch_size=5, epochs=2, shuffle=False, verbose=0)
out["frozen_base"] = [h.history, weights(model), len(model.trainable_weights)]
""",
    "crossentropy_with_unnormalized_labels": """
logits = tf.constant([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [0.0, 0.0, 0.0]])
labels = tf.constant([[0.0, 0.0, 0.0], [0.5, 0.7, 0.0], [1.0, 1.0, 1.0]])
loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
grads = tf.gradients(tf.reduce_sum(loss * [1.0, 2.0, 3.0]), [logits, labels])
keras_loss = K.categorical_crossentropy(labels, tf.nn.softmax(logits))
keras_grad = tf.gradients(tf.reduce_sum(keras_loss), [logits])[0]
sess = tf.Session()
out["values"] = [v.tolist() for v in sess.run([loss] + grads + [keras_loss, keras_grad])]
""",
    "recurrent_fit_variants": """
seq = np.random.RandomState(22).randn(8, 4, 2).astype("float32")
seq[:3, 2:] = 0.0
target = (seq.sum(axis=(1, 2)) > 0).astype("float32")
r = np.random.RandomState(23)
m = tf.keras.Sequential([L.Masking(input_shape=(4, 2)), L.Bidirectional(L.GRU(3)),
                         L.Dense(1, activation="sigmoid")])
m.set_weights([r.uniform(-0.5, 0.5, w.shape.as_list()).astype("float32") for w in m.weights])
m.compile(tf.keras.optimizers.RMSprop(0.05), "binary_crossentropy", metrics=["accuracy"])
h = m.fit(seq, target, batch_size=3, epochs=2, shuffle=False, verbose=0, validation_split=0.25)
out["bigru"] = [h.history, m.predict(seq[:2]).tolist()]
ids = np.random.RandomState(24).randint(1, 10, (8, 6))
m = tf.keras.Sequential([L.Embedding(10, 3, input_length=6), L.Conv1D(4, 3, activation="relu"),
                         L.GlobalMaxPooling1D(), L.Dense(2, activation="softmax")])
m.set_weights([r.uniform(-0.5, 0.5, w.shape.as_list()).astype("float32") for w in m.weights])
m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
h = m.fit(ids, ids[:, 0] % 2, batch_size=4, epochs=2, shuffle=False, verbose=0)
out["conv1d_text"] = [h.history, weights(m)[-1]]
""",
}

# Programs that run in the default graph, as scripts calling `K.clear_session()` do (TF
# refuses to reset a graph entered with `as_default`).
TOP_LEVEL = ("clear_session_names",)


def run(tf, name: str, raises=raises) -> dict:
    import contextlib

    import numpy as np

    out: dict = {}
    env = {"tf": tf, "np": np, "out": out, "raises": raises}
    if name in TOP_LEVEL:
        tf.reset_default_graph()
    with contextlib.nullcontext() if name in TOP_LEVEL else tf.Graph().as_default():
        exec(PRELUDE + PROGRAMS[name], env)
    return _plain(out)


def main() -> None:
    import os

    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF1's tf.keras is tf_keras
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    import contextlib

    names = sys.argv[1:] or list(PROGRAMS)
    out = {}
    for name in names:
        tf.keras.backend.clear_session()
        sys.stderr.write(f"{name}\n")
        with contextlib.redirect_stdout(sys.stderr):  # callbacks print (TerminateOnNaN)
            out[name] = run(tf, name)
    json.dump({"tensorflow": tf.__version__, "programs": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
