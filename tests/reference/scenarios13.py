"""What TensorFlow computes for round 13's journeys (dev-only).

Estimators (TF 2.21 no longer ships `tf.estimator`; tensorflow-estimator 2.15, TF 1.15's
code, runs on it as tests/reference/tf1_estimator.py says, /tmp/tfest made as it shows):

    PYTHONPATH=/tmp/tfest /work/tfvenv/bin/python tests/reference/scenarios13.py estimator

  trains `ESTIMATOR_PROGRAM` (a DNNClassifier and a LinearRegressor over numeric,
  bucketized and string-vocabulary embedding columns) with TF's estimator, exports both
  with `build_parsing_serving_input_receiver_fn` into `tf/classifier/1` and
  `tf/regressor/1`, then loads each export in a TF session and runs its `classification`,
  `regression` and `predict` signatures on the serialized Examples TF Serving would make
  of the test rows, as TF Serving's classify, regress and predict do.

Checkpoints, three hands in turn (a TF1 program with Nesterov momentum, a decaying
learning rate and moving averages of its weights):

    /work/tfvenv/bin/python tests/reference/scenarios13.py tf-first   # TF: steps 1-100
    .venv/bin/python tests/reference/scenarios13.py graphgate         # graphgate: 101-200
    /work/tfvenv/bin/python tests/reference/scenarios13.py tf-last    # TF: 201-300, and 1-300

  The e2e test re-creates graphgate's hand over HTTP (a remote session, an async run) and
  holds it to `gg/model.ckpt-200`, the file TF trained on from, and TF's last hand to
  TF's 300 steps alone. Everything TF computed goes to `expected.json`.

`ESTIMATOR_PROGRAM` and `build` take the module as `tf`, so graphgate and TensorFlow run
the same text.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios13"
HAND = 100  # steps each hand trains
TEST_ROWS = 5

# TF1 estimator code, run unchanged with `tf` bound to either module; `d` is a directory.
ESTIMATOR_PROGRAM = """
fc = tf.feature_column
columns = [
    fc.numeric_column("x", shape=(2,)),
    fc.bucketized_column(fc.numeric_column("age"), [20.0, 40.0, 60.0]),
    fc.embedding_column(
        fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"]), 2
    ),
]
config = tf.estimator.RunConfig(tf_random_seed=13)
train_fn = tf.estimator.inputs.numpy_input_fn(
    FEATURES, LABELS, batch_size=16, num_epochs=None, shuffle=False
)
test_fn = tf.estimator.inputs.numpy_input_fn(TEST, shuffle=False)
receiver = tf.estimator.export.build_parsing_serving_input_receiver_fn(
    fc.make_parse_example_spec(columns)
)
classifier = tf.estimator.DNNClassifier(
    [4], columns, n_classes=3, model_dir=d + "/classifier", config=config
)
classifier.train(train_fn, steps=30)
out["probabilities"] = [p["probabilities"].tolist() for p in classifier.predict(test_fn)]
out["classifier"] = classifier.export_saved_model(d + "/classifier-export", receiver)
regressor = tf.estimator.LinearRegressor(columns, model_dir=d + "/regressor", config=config)
regressor.train(
    tf.estimator.inputs.numpy_input_fn(FEATURES, TARGETS, batch_size=16, num_epochs=None,
                                       shuffle=False),
    steps=30,
)
out["predictions"] = [p["predictions"].tolist() for p in regressor.predict(test_fn)]
out["regressor"] = regressor.export_saved_model(d + "/regressor-export", receiver)
"""


# TF alone (graphgate reads their exports): the canned estimators of a census tutorial —
# string labels, a hashed column, a cross, wide and deep with a weight column
TF_ONLY_PROGRAM = """
fc = tf.feature_column
x = fc.numeric_column("x", shape=(2,))
color = fc.categorical_column_with_vocabulary_list("color", ["red", "green", "blue"])
hashed = fc.categorical_column_with_hash_bucket("color", 7)
age = fc.bucketized_column(fc.numeric_column("age"), [20.0, 40.0, 60.0])
cross = fc.crossed_column([age, "color"], 11)
dnn = [x, fc.embedding_column(color, 3), fc.indicator_column(hashed)]
config = tf.estimator.RunConfig(tf_random_seed=5)
names = ["no", "yes", "maybe"]
labels = np.array(names)[LABELS].reshape(-1, 1)
features = dict(FEATURES, w=np.linspace(0.5, 1.5, len(LABELS), dtype=np.float32)[:, None])
train_fn = tf.estimator.inputs.numpy_input_fn(
    features, labels, batch_size=16, num_epochs=None, shuffle=False
)
receiver = tf.estimator.export.build_parsing_serving_input_receiver_fn(
    fc.make_parse_example_spec([x, hashed, cross, age] + dnn)
)
linear = tf.estimator.LinearClassifier(
    [x, hashed, cross], n_classes=3, label_vocabulary=names, model_dir=d + "/lv", config=config
)
linear.train(train_fn, steps=20)
out["linear_vocab"] = linear.export_saved_model(d + "/lv-export", receiver)
wide_deep = tf.estimator.DNNLinearCombinedClassifier(
    linear_feature_columns=[cross, hashed, age], dnn_feature_columns=dnn,
    dnn_hidden_units=[5], n_classes=3, label_vocabulary=names, weight_column="w",
    model_dir=d + "/wd", config=config,
)
wide_deep.train(train_fn, steps=20)
out["wide_deep"] = wide_deep.export_saved_model(d + "/wd-export", receiver)
"""
TF_ONLY = ("linear_vocab", "wide_deep")


def estimator_data() -> dict:
    rng = np.random.RandomState(13)
    n = 48
    x = rng.randn(n, 2).astype(np.float32)
    age = rng.uniform(10, 80, size=(n, 1)).astype(np.float32)
    words = np.array(["red", "green", "blue", "mauve"])  # mauve: outside the vocabulary
    color = words[rng.randint(0, 4, n)].reshape(n, 1)
    label = (x[:, 0] + (age[:, 0] > 40) - (color[:, 0] == "blue") > 0.5).astype(np.int64)
    label = label + (x[:, 1] > 1)
    target = (x @ np.array([1.5, -0.5], np.float32) + age[:, 0] / 40).astype(np.float32)
    features = {"x": x, "age": age, "color": color}
    return {
        "FEATURES": features,
        "LABELS": label,
        "TARGETS": target.reshape(n, 1),
        "TEST": {k: v[:TEST_ROWS] for k, v in features.items()},
    }


def examples(test: dict) -> list[dict]:
    """The test rows as TF Serving's JSON examples (a string feature as its text)."""
    return [
        {"x": test["x"][i].tolist(), "age": float(test["age"][i, 0]), "color": test["color"][i, 0]}
        for i in range(len(test["x"]))
    ]


# Examples of several words, words outside the vocabulary and a negative zero, beside
# the test rows: what the embedding's sparse ids and the buckets' edges make of them
ODD_EXAMPLES = [
    {"x": [0.5, -1.0], "age": 40.0, "color": ["red", "blue"]},
    {"x": [0.5, -1.0], "age": 39.99, "color": ["mauve"]},
    {"x": [-0.0, 2.0], "age": 20.0, "color": ["mauve", "green", "green"]},
    {"x": [1e-3, 0.0], "age": 60.0, "color": ["blue", "mauve", "red"]},
]


def run_estimator_program(tf, directory: str) -> dict:
    out: dict = {}
    scope = {"tf": tf, "np": np, "d": directory, "out": out, **estimator_data()}
    exec(ESTIMATOR_PROGRAM, scope)
    for name in ("classifier", "regressor"):
        path = out[name]
        out[name] = path.decode() if isinstance(path, bytes) else path
    return out


def build(tf) -> dict:
    """A 3-5-1 regressor trained by Nesterov momentum at a decaying rate, with moving
    averages of its weights updated after each step (TF1's idiom); returns its tensors."""
    rng = np.random.RandomState(130)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    with tf.variable_scope("hidden"):
        w1 = tf.get_variable("kernel", initializer=rng.randn(3, 5).astype(np.float32) * 0.5)
        b1 = tf.get_variable("bias", initializer=np.zeros(5, np.float32))
    with tf.variable_scope("out"):
        w2 = tf.get_variable("kernel", initializer=rng.randn(5, 1).astype(np.float32) * 0.5)
        b2 = tf.get_variable("bias", initializer=np.zeros(1, np.float32))
    pred = tf.add(tf.matmul(tf.tanh(tf.matmul(x, w1) + b1), w2), b2, name="pred")
    loss = tf.reduce_mean(tf.square(pred - y), name="loss")
    step = tf.train.get_or_create_global_step()
    rate = tf.train.exponential_decay(0.05, step, 40, 0.7, staircase=True)
    optimizer = tf.train.MomentumOptimizer(rate, 0.9, use_nesterov=True)
    minimize = optimizer.minimize(loss, global_step=step)
    ema = tf.train.ExponentialMovingAverage(0.95, num_updates=step)
    with tf.control_dependencies([minimize]):
        train = tf.group(ema.apply([w1, b1, w2, b2]), name="train")
    return {"x": x, "y": y, "pred": pred, "loss": loss, "train": train, "step": step}


def checkpoint_data() -> dict:
    rng = np.random.RandomState(131)
    x = rng.randn(40, 3).astype(np.float32)
    y = (np.sin(x[:, :1] * 1.5) + 0.5 * x[:, 1:2] * x[:, 2:3]).astype(np.float32)
    return {"x": x, "y": y}


def _train(tf, sess, t, steps: int) -> list[float]:
    d = checkpoint_data()
    feeds = {t["x"]: d["x"], t["y"]: d["y"]}
    return [float(sess.run([t["loss"], t["train"]], feeds)[0]) for _ in range(steps)]


def _variables(tf, sess) -> dict:
    return {v.op.name: sess.run(v).tolist() for v in tf.global_variables()}


def _expected() -> dict:
    path = OUT / "expected.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _write(expected: dict) -> None:
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


def _tf_estimator():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.reference.tf1_estimator import _tf_with_estimator

    tf = _tf_with_estimator()  # before the estimator's modules: it shims their imports
    from tensorflow_estimator.python.estimator.export import export

    tf.estimator.export.build_parsing_serving_input_receiver_fn = (
        export.build_parsing_serving_input_receiver_fn
    )
    return tf


def _serialized(tf, example: dict) -> bytes:
    feature = {
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=example["x"])),
        "age": tf.train.Feature(float_list=tf.train.FloatList(value=[example["age"]])),
    }
    if "color" in example:
        words = example["color"] if isinstance(example["color"], list) else [example["color"]]
        value = [w.encode() for w in words]
        feature["color"] = tf.train.Feature(bytes_list=tf.train.BytesList(value=value))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def _signatures(tf, export: str, serialized: list[bytes]) -> dict:
    """Each signature of the export run on the serialized Examples, as TF Serving runs it."""
    answers: dict = {}
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], export)
        for name, signature in sorted(meta.signature_def.items()):
            feeds = {v.name: serialized for v in signature.inputs.values()}
            fetches = {k: v.name for k, v in signature.outputs.items()}
            values = sess.run(fetches, feeds)
            answers[name] = {
                "method": signature.method_name,
                "inputs": sorted(signature.inputs),
                "outputs": {
                    k: (v.astype(str) if v.dtype.kind in "SO" else v).tolist()
                    for k, v in values.items()
                },
            }
        try:  # an Example without `age`, which has no default: TF refuses it
            bare = _serialized(tf, {"x": [0.0, 0.0], "age": 0.0})
            without_age = tf.train.Example.FromString(bare)
            del without_age.features.feature["age"]
            bad = [without_age.SerializeToString()]
            sess.run(fetches, {v.name: bad for v in signature.inputs.values()})
        except tf.errors.InvalidArgumentError as e:
            answers["without_age"] = next(s for s in e.message.split("\n") if "age" in s)
    return answers


def _estimator() -> None:
    tf = _tf_estimator()
    expected = _expected()
    out = run_estimator_program(tf, tempfile.mkdtemp())
    rows = examples(estimator_data()["TEST"])
    serialized = [_serialized(tf, e) for e in rows]
    no_color = [_serialized(tf, {k: v for k, v in e.items() if k != "color"}) for e in rows]
    record = {
        "probabilities": out["probabilities"],
        "predictions": out["predictions"],
        "serialized": [base64.b64encode(s).decode() for s in serialized],
    }
    for name in ("classifier", "regressor"):
        target = OUT / "tf" / name / "1"
        shutil.rmtree(target.parent, ignore_errors=True)
        shutil.copytree(out[name], target)
        record[name] = _signatures(tf, str(target), serialized)
        record[name + "_without_color"] = _signatures(tf, str(target), no_color)
        odd = [_serialized(tf, e) for e in ODD_EXAMPLES]
        record[name + "_odd"] = _signatures(tf, str(target), odd)
    tf_only: dict = {}
    scope = {"tf": tf, "np": np, "d": tempfile.mkdtemp(), "out": tf_only, **estimator_data()}
    exec(TF_ONLY_PROGRAM, scope)
    rows = [*examples(estimator_data()["TEST"]), *ODD_EXAMPLES]
    for name in TF_ONLY:
        target = OUT / "tf" / name / "1"
        shutil.rmtree(target.parent, ignore_errors=True)
        shutil.copytree(tf_only[name].decode(), target)
        record[name] = _signatures(tf, str(target), [_serialized(tf, e) for e in rows])
    expected["estimator"] = record
    _write(expected)


def _tf_first() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    expected = _expected()
    shutil.rmtree(OUT / "tf" / "first", ignore_errors=True)
    with tf.Graph().as_default():
        t = build(tf)
        saver = tf.train.Saver(save_relative_paths=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = _train(tf, sess, t, HAND)
            saver.save(sess, str(OUT / "tf" / "first" / "model.ckpt"), global_step=HAND,
                       write_meta_graph=False)  # fmt: skip
    expected["checkpoint"] = {"losses_first": losses}
    _write(expected)


def _graphgate() -> None:
    import graphgate.compat.v1 as tf

    shutil.rmtree(OUT / "gg", ignore_errors=True)
    (OUT / "gg").mkdir(parents=True)
    with tf.Graph().as_default():
        t = build(tf)
        saver = tf.train.Saver(checkpoint_format="tensorflow", save_relative_paths=True)
        with tf.Session() as sess:
            saver.restore(sess, str(OUT / "tf" / "first" / f"model.ckpt-{HAND}"))
            _train(tf, sess, t, HAND)
            saver.save(sess, str(OUT / "gg" / "model.ckpt"), global_step=2 * HAND,
                       write_meta_graph=False)  # fmt: skip


def _tf_last() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    expected = _expected()
    record = expected["checkpoint"]
    with tf.Graph().as_default():
        t = build(tf)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, str(OUT / "gg" / f"model.ckpt-{2 * HAND}"))
            record["variables_restored"] = sorted(v.op.name for v in tf.global_variables())
            record["losses_last"] = _train(tf, sess, t, HAND)
            record["variables_handed"] = _variables(tf, sess)
    with tf.Graph().as_default():
        t = build(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = _train(tf, sess, t, 3 * HAND)
            record["losses_alone"] = losses
            record["variables_alone"] = _variables(tf, sess)
            test = checkpoint_data()["x"][:4]
            record["pred_alone"] = sess.run(t["pred"], {t["x"]: test}).tolist()
    _write(expected)


if __name__ == "__main__":
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    commands = {"estimator": _estimator, "tf-first": _tf_first, "graphgate": _graphgate}
    commands["tf-last"] = _tf_last
    commands[sys.argv[1]]()
