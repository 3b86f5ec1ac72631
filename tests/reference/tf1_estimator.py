"""Record what TensorFlow 1.x's `tf.estimator` and `tf.feature_column` do (dev-only).

TF 2.21 (the dev venv) no longer ships the estimator; its last release,
tensorflow-estimator 2.15 (the TF 1.15 `tf.compat.v1.estimator` code), still runs on it
with two import shims (below). To regenerate:

    pip download --no-deps tensorflow-estimator==2.15.0 -d /tmp/tfest-dl
    mkdir /tmp/tfest && cd /tmp/tfest && unzip ../tfest-dl/*.whl
    : > /tmp/tfest/tensorflow_estimator/__init__.py   # skip its TPU-laden API tree
    PYTHONPATH=/tmp/tfest /work/tfvenv/bin/python tests/reference/tf1_estimator.py \
        > tests/unit/engine/fixtures/tf1_estimator.json

Each program is TF1 code run unchanged but for the module bound to `tf`, in a fresh
default graph with an empty directory `d`; it stores what it observed in `out[...]`:
values, names, file listings and exception classes (`raises(...)`). The test runs the
same text against graphgate and compares. Checkpoint data files are left out of
listings (graphgate's are `.data-….npz`), and so are event files (named by time).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PRELUDE = """
import numpy as np
X = (np.arange(20, dtype=np.float32).reshape(10, 2) / 10)
Y = (X @ np.array([[1.0], [-2.0]], np.float32) + 0.3).astype(np.float32)

def linear_model_fn(features, labels, mode, params):
    w = tf.get_variable("w", [2, 1], initializer=tf.constant_initializer(0.5))
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    pred = tf.matmul(features["x"], w) + b
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"y": pred, "twice": 2 * pred})
    loss = tf.losses.mean_squared_error(labels, pred)
    opt = tf.train.GradientDescentOptimizer(params.get("lr", 0.1))
    train_op = opt.minimize(loss, global_step=tf.train.get_global_step())
    metrics = {"mae": tf.metrics.mean_absolute_error(labels, pred),
               "rmse": tf.metrics.root_mean_squared_error(labels, pred)}
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op, eval_metric_ops=metrics)

def train_fn(batch_size=4, epochs=None):
    return tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=batch_size,
                                              num_epochs=epochs, shuffle=False)

def listed(path):
    return sorted(f for f in os.listdir(path) if ".data" not in f and "tfevents" not in f)

def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, bytes):
        return value.decode()
    return value.item() if hasattr(value, "item") else value
"""

PROGRAMS = {
    "train_evaluate_predict_resume": """
est = tf.estimator.Estimator(linear_model_fn, model_dir=d, params={"lr": 0.1})
out["before"] = raises(lambda: est.get_variable_names())
out["returns_self"] = est.train(train_fn(), steps=5) is est
out["names"] = est.get_variable_names()
out["w"] = plain(est.get_variable_value("w"))
out["b"] = plain(est.get_variable_value("b"))
out["step"] = plain(est.get_variable_value("global_step"))
out["latest"] = os.path.basename(est.latest_checkpoint())
out["files"] = listed(d)
out["eval"] = plain(est.evaluate(train_fn(epochs=1)))
out["eval_two_steps"] = plain(est.evaluate(train_fn(epochs=1), steps=2, name="two"))
out["eval_dirs"] = sorted(f for f in os.listdir(d) if f.startswith("eval"))
out["predict"] = plain(list(est.predict(tf.estimator.inputs.numpy_input_fn(
    {"x": X[:3]}, shuffle=False))))
out["predict_keys"] = plain(list(est.predict(tf.estimator.inputs.numpy_input_fn(
    {"x": X[:2]}, shuffle=False), predict_keys=["y"])))
out["predict_batches"] = plain(list(est.predict(tf.estimator.inputs.numpy_input_fn(
    {"x": X[:5]}, batch_size=2, shuffle=False), yield_single_examples=False)))
est.train(train_fn(), steps=3)
out["resumed_step"] = plain(est.get_variable_value("global_step"))
est.train(train_fn(), max_steps=8)
out["max_steps_done"] = plain(est.get_variable_value("global_step"))
est.train(train_fn(), max_steps=10)
out["max_steps_more"] = plain(est.get_variable_value("global_step"))
out["w_final"] = plain(est.get_variable_value("w"))
est.train(train_fn(epochs=1))
out["until_out_of_range"] = plain(est.get_variable_value("global_step"))
out["state"] = open(d + "/checkpoint").read().replace(d + "/", "")
""",
    "model_fn_signatures_and_input_fns": """
seen = {}
def fn_plain(features, labels):
    seen["plain"] = True
    w = tf.get_variable("w", [2, 1], initializer=tf.ones_initializer())
    pred = tf.matmul(features, w)
    loss = tf.reduce_mean(tf.square(pred - labels))
    step = tf.train.get_global_step()
    return tf.estimator.EstimatorSpec("train", loss=loss, predictions=pred,
        train_op=tf.train.GradientDescentOptimizer(0.05).minimize(loss, global_step=step))
def input_pair():
    return tf.constant(X), tf.constant(Y)
est = tf.estimator.Estimator(fn_plain, model_dir=d + "/a")
est.train(input_pair, steps=3)
out["pair_w"] = plain(est.get_variable_value("w"))
def fn_all(features, labels, mode, params, config):
    seen[mode] = [sorted(params), config.model_dir == d + "/b",
                  config.tf_random_seed, labels is None]
    w = tf.get_variable("w", [2, 1], initializer=tf.ones_initializer())
    pred = tf.matmul(features["x"], w)
    if mode == "infer":
        return tf.estimator.EstimatorSpec(mode, predictions=pred)
    loss = tf.reduce_mean(tf.square(pred - labels))
    return tf.estimator.EstimatorSpec(mode, loss=loss,
        train_op=tf.train.AdamOptimizer(0.1).minimize(loss, tf.train.get_global_step()))
def input_ds(params, mode):
    seen["input_" + mode] = sorted(params)
    ds = tf.data.Dataset.from_tensor_slices(({"x": X}, Y))
    return ds.repeat().batch(3) if mode == "train" else ds.batch(3)
cfg = tf.estimator.RunConfig(tf_random_seed=7, save_checkpoints_steps=2, keep_checkpoint_max=2,
                             log_step_count_steps=None)
est = tf.estimator.Estimator(fn_all, model_dir=d + "/b", config=cfg, params={"k": 1})
est.train(input_ds, steps=5)
out["files"] = listed(d + "/b")
out["ds_w"] = plain(est.get_variable_value("w"))
out["ds_eval"] = plain(est.evaluate(input_ds))
out["ds_predict"] = plain(list(est.predict(lambda: tf.data.Dataset.from_tensor_slices(
    {"x": X[:4]}).batch(3))))
out["seen"] = plain(seen)
out["params_copy"] = est.params
out["config"] = [est.config.save_checkpoints_steps, est.config.save_checkpoints_secs,
                 est.config.keep_checkpoint_max, est.config.tf_random_seed]
""",
    "run_config_defaults_and_errors": """
c = tf.estimator.RunConfig()
out["defaults"] = [c.model_dir, c.tf_random_seed, c.save_summary_steps, c.save_checkpoints_steps,
                   c.save_checkpoints_secs, c.keep_checkpoint_max,
                   c.keep_checkpoint_every_n_hours, c.log_step_count_steps, c.is_chief,
                   c.num_worker_replicas, c.task_id]
out["steps_only"] = [tf.estimator.RunConfig(save_checkpoints_steps=10).save_checkpoints_secs]
out["both"] = raises(lambda: tf.estimator.RunConfig(save_checkpoints_steps=1,
                                                  save_checkpoints_secs=1))
r = c.replace(save_checkpoints_steps=5, model_dir=d)
out["replaced"] = [r.save_checkpoints_steps, r.save_checkpoints_secs, r.model_dir == d,
                   c.save_checkpoints_secs]
out["replace_unknown"] = raises(lambda: c.replace(nope=1))
out["modes"] = [tf.estimator.ModeKeys.TRAIN, tf.estimator.ModeKeys.EVAL,
                tf.estimator.ModeKeys.PREDICT]
est = tf.estimator.Estimator(linear_model_fn, config=tf.estimator.RunConfig(model_dir=d),
                             params={})
out["model_dir_from_config"] = est.model_dir == d
out["model_dir_conflict"] = raises(lambda: tf.estimator.Estimator(
    linear_model_fn, model_dir=d + "/x", config=tf.estimator.RunConfig(model_dir=d)))
out["temp_model_dir"] = tf.estimator.Estimator(linear_model_fn, params={}).model_dir is not None
""",
    "estimator_errors": """
est = tf.estimator.Estimator(linear_model_fn, model_dir=d, params={})
out["no_features"] = raises(lambda: tf.estimator.Estimator(lambda x, labels: None))
out["params_not_taken"] = raises(lambda: tf.estimator.Estimator(
    lambda features, labels: None, params={"a": 1}))
out["unexpected_arg"] = raises(lambda: tf.estimator.Estimator(
    lambda features, labels, extra: None))
out["steps_and_max"] = raises(lambda: est.train(train_fn(), steps=1, max_steps=2))
out["zero_steps"] = raises(lambda: est.train(train_fn(), steps=0))
out["zero_max_steps"] = raises(lambda: est.train(train_fn(), max_steps=0))
out["eval_zero_steps"] = raises(lambda: est.evaluate(train_fn(epochs=1), steps=0))
out["shuffle_missing"] = raises(lambda: tf.estimator.inputs.numpy_input_fn({"x": X}, Y))
out["x_list"] = raises(lambda: tf.estimator.inputs.numpy_input_fn([1.0, 2.0], shuffle=False)())
out["x_empty"] = raises(lambda: tf.estimator.inputs.numpy_input_fn({}, shuffle=False)())
out["length_mismatch"] = raises(lambda: tf.estimator.inputs.numpy_input_fn(
    {"x": X}, Y[:3], shuffle=False)())
out["duplicate_keys"] = raises(lambda: tf.estimator.inputs.numpy_input_fn(
    {"x": X}, {"x": Y}, shuffle=False)())
def no_train_op(features, labels, mode):
    return tf.estimator.EstimatorSpec(mode, loss=tf.constant(1.0))
out["missing_train_op"] = raises(lambda: tf.estimator.Estimator(no_train_op, d + "/n").train(
    train_fn(), steps=1))
def vector_loss(features, labels, mode):
    return tf.estimator.EstimatorSpec(mode, loss=tf.constant([1.0, 2.0]), train_op=tf.no_op())
out["vector_loss"] = raises(lambda: tf.estimator.Estimator(vector_loss, d + "/v").train(
    train_fn(), steps=1))
def not_a_spec(features, labels):
    return {"loss": tf.constant(1.0)}
out["not_a_spec"] = raises(lambda: tf.estimator.Estimator(not_a_spec, d + "/s").train(
    train_fn(), steps=1))
def no_labels(features):
    return None
out["labels_not_taken"] = raises(lambda: tf.estimator.Estimator(no_labels, d + "/l").train(
    train_fn(), steps=1))
def tensor_pred(features, mode):
    return tf.estimator.EstimatorSpec(mode, predictions=features["x"] * 2.0)
est2 = tf.estimator.Estimator(tensor_pred, d + "/p")
fn = tf.estimator.inputs.numpy_input_fn({"x": X[:2]}, shuffle=False)
out["tensor_predictions"] = plain(list(est2.predict(fn)))
out["predict_keys_non_dict"] = raises(lambda: list(est2.predict(fn, predict_keys=["a"])))
out["predict_keys_unknown"] = raises(lambda: list(est.predict(fn, predict_keys=["nope"])))
def loss_metric(features, labels, mode):
    v = tf.get_variable("v", [], initializer=tf.ones_initializer())
    return tf.estimator.EstimatorSpec(mode, loss=tf.reduce_sum(features["x"]) * v,
        eval_metric_ops={"loss": tf.metrics.mean(features["x"])})
out["loss_metric_taken"] = raises(lambda: tf.estimator.Estimator(loss_metric, d + "/m").evaluate(
    train_fn(epochs=1)))
def nan_loss(features, labels, mode):
    v = tf.get_variable("v", [], initializer=tf.ones_initializer())
    loss = tf.log(v - 2.0)
    return tf.estimator.EstimatorSpec(
        mode, loss=loss, train_op=tf.assign_add(tf.train.get_global_step(), 1))
out["nan_loss"] = raises(lambda: tf.estimator.Estimator(nan_loss, d + "/nan").train(
    train_fn(), steps=3))
out["nan_loss_files"] = sorted(
    f for f in os.listdir(d + "/nan") if "ckpt" in f and ".data" not in f)
out["spec_bad_mode"] = raises(lambda: tf.estimator.EstimatorSpec("nope", loss=tf.constant(1.0)))
out["spec_missing_loss"] = raises(lambda: tf.estimator.EstimatorSpec("eval"))
out["spec_missing_predictions"] = raises(lambda: tf.estimator.EstimatorSpec("infer"))
out["spec_loss_not_tensor"] = raises(lambda: tf.estimator.EstimatorSpec("eval", loss=1.0))
out["spec_bad_metric"] = raises(lambda: tf.estimator.EstimatorSpec(
    "eval", loss=tf.constant(1.0), eval_metric_ops={"m": tf.constant(1.0)}))
spec = tf.estimator.EstimatorSpec("eval", loss=tf.constant([3.0]))
out["spec_loss_reshaped"] = spec.loss.shape.as_list()
out["spec_defaults"] = [spec.predictions, spec.eval_metric_ops, spec.export_outputs,
                        list(spec.training_hooks), spec.train_op]
""",
    "numpy_input_fn_batches": """
def batches(fn):
    got = fn()
    feats, labels = got if isinstance(got, tuple) else (got, None)
    shapes = plain({k: v.shape.as_list() for k, v in feats.items()} if isinstance(feats, dict)
                   else feats.shape.as_list())
    parts = [feats, labels]
    flat = [t for p in parts for t in (sorted(p.items()) if isinstance(p, dict) else [p])]
    dtypes = [(t[1] if isinstance(t, tuple) else t).dtype.name for t in flat if t is not None]
    seen = []
    with tf.train.MonitoredSession() as sess:
        while not sess.should_stop():
            seen.append(plain(sess.run(got)))
    return {"shapes": shapes, "dtypes": dtypes, "batches": seen}
A = np.arange(5, dtype=np.float64)
B = np.arange(10, 15, dtype=np.int64)
out["two_epochs"] = batches(tf.estimator.inputs.numpy_input_fn(
    {"b": B, "a": A}, A * 2, batch_size=3, num_epochs=2, shuffle=False))
out["array_x_dict_y"] = batches(tf.estimator.inputs.numpy_input_fn(
    A.astype(np.float32), {"t": B, "u": A}, batch_size=2, shuffle=False))
out["no_y"] = batches(tf.estimator.inputs.numpy_input_fn(
    {"m": np.arange(8, dtype=np.int32).reshape(4, 2)}, batch_size=3, shuffle=False))
fn = tf.estimator.inputs.numpy_input_fn({"a": A}, A, batch_size=2, num_epochs=None,
                                        shuffle=False)
feats, labels = fn()
out["forever_shape"] = [feats["a"].shape.as_list(), labels.shape.as_list()]
with tf.train.MonitoredSession() as sess:
    out["forever"] = [plain(sess.run(labels)) for _ in range(4)]
""",
    "export_saved_model": """
est = tf.estimator.Estimator(linear_model_fn, model_dir=d + "/m", params={})
out["untrained"] = raises(lambda: est.export_saved_model(
    d + "/e", tf.estimator.export.build_raw_serving_input_receiver_fn(
        {"x": tf.placeholder(tf.float32, [None, 2])})))
est.train(train_fn(), steps=3)
fn = tf.estimator.export.build_raw_serving_input_receiver_fn(
    {"x": tf.placeholder(tf.float32, [None, 2], name="feat_x")})
path = est.export_saved_model(d + "/e", fn)
out["path_type"] = type(path).__name__
out["entries"] = [os.path.basename(os.path.dirname(path)) == "e",
                  os.path.basename(path).decode().isdigit()]
out["listing"] = sorted(plain(os.listdir(path)))
with tf.Graph().as_default() as g:
    with tf.Session(graph=g) as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], path)
        sig = meta.signature_def["serving_default"]
        out["signatures"] = sorted(meta.signature_def)
        out["method"] = sig.method_name
        out["inputs"] = {k: v.name for k, v in sig.inputs.items()}
        out["outputs"] = sorted(sig.outputs)
        feeds = {sig.inputs["x"].name: X[:3]}
        out["served"] = plain(sess.run({k: v.name for k, v in sig.outputs.items()}, feeds))
out["predicted"] = plain(list(est.predict(tf.estimator.inputs.numpy_input_fn(
    {"x": X[:3]}, shuffle=False))))
path2 = est.export_savedmodel(d + "/e2", fn)
out["old_name"] = sorted(plain(os.listdir(path2)))
receiver = tf.estimator.export.ServingInputReceiver(tf.placeholder(tf.float32, [None, 2]),
                                                   tf.placeholder(tf.float32, [None, 2]))
out["receiver_keys"] = [sorted(receiver.features), sorted(receiver.receiver_tensors)]
out["receiver_bad"] = raises(lambda: tf.estimator.export.ServingInputReceiver({"a": 1.0}, {}))
""",
    "feature_columns_input_layer": """
fc = tf.feature_column
a = fc.numeric_column("a", shape=(2,), normalizer_fn=lambda t: t * 2)
b = fc.numeric_column("b")
n = fc.numeric_column("n", dtype=tf.int64)
bb = fc.bucketized_column(b, [0.0, 1.0, 5.0])
ids = fc.categorical_column_with_identity("ids", 4)
dflt = fc.categorical_column_with_identity("d", 3, default_value=0)
cols = [fc.embedding_column(ids, 3, initializer=tf.ones_initializer()), b, a, n,
        fc.indicator_column(ids), bb, fc.indicator_column(dflt), fc.indicator_column(bb),
        fc.embedding_column(dflt, 2, combiner="sum", initializer=tf.constant_initializer(0.5)),
        fc.embedding_column(bb, 2, combiner="sqrtn", initializer=tf.ones_initializer())]
out["names"] = [c.name for c in cols]
feats = {"a": tf.constant([[1., 2.], [3., 4.]]), "b": tf.constant([-1., 3.]),
         "n": tf.constant([[7], [8]], tf.int64),
         "ids": tf.constant([[1, -1], [2, 3]]), "d": tf.constant([[5, 1], [-1, -1]])}
layer = fc.input_layer(feats, cols)
out["shape"] = layer.shape.as_list()
out["dtype"] = layer.dtype.name
out["layer_name"] = layer.name
out["variables"] = [v.name for v in tf.global_variables()]
again = fc.input_layer(feats, [fc.embedding_column(ids, 3, initializer=tf.ones_initializer())])
out["second_scope"] = [v.name for v in tf.global_variables()][-1]
logits = fc.linear_model(feats, [a, bb, ids, n], units=2)
out["linear_shape"] = logits.shape.as_list()
out["linear_variables"] = [v.name for v in tf.global_variables()][-5:]
grads = tf.gradients(tf.reduce_sum(layer * layer), [v for v in tf.global_variables()][:3])
grads = [tf.convert_to_tensor(g) for g in grads]  # TF's are IndexedSlices
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["value"] = plain(sess.run(layer))
    out["grads"] = plain(sess.run(grads))
    for v in tf.global_variables()[-5:]:
        sess.run(v.assign(tf.ones_like(v) * 0.25))
    out["linear"] = plain(sess.run(logits))
    bad = fc.input_layer({"ids": tf.constant([[4]])}, [fc.indicator_column(ids)])
    out["out_of_range"] = raises(lambda: sess.run(bad))
    neg = fc.input_layer({"ids": tf.constant([[-2]])}, [fc.indicator_column(ids)])
    out["negative"] = raises(lambda: sess.run(neg))
""",
    "feature_columns_sparse_ids": """
fc = tf.feature_column
ids = fc.categorical_column_with_identity("ids", 4)
dflt = fc.categorical_column_with_identity("d", 3, default_value=2)
sp = tf.SparseTensor(indices=[[0, 0], [1, 0], [1, 2]], values=tf.constant([1, 2, 3], tf.int64),
                     dense_shape=[3, 3])
sd = tf.SparseTensor(indices=[[0, 1], [2, 0]], values=tf.constant([7, 1], tf.int64),
                     dense_shape=[3, 2])
feats = {"ids": sp, "d": sd, "n": tf.constant([[1.0], [2.0], [3.0]])}
cols = [fc.indicator_column(ids),
        fc.embedding_column(ids, 2, combiner="sqrtn", initializer=tf.constant_initializer(0.5)),
        fc.indicator_column(dflt), fc.numeric_column("n")]
layer = fc.input_layer(feats, cols)
logits = fc.linear_model(feats, [ids, dflt, fc.numeric_column("n")])
out["shape"] = layer.shape.as_list()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in tf.global_variables():
        if "linear_model" in v.name:
            sess.run(v.assign(tf.ones_like(v)))
    out["value"] = plain(sess.run(layer))
    out["linear"] = plain(sess.run(logits))
out["sparse_numeric"] = raises(lambda: fc.input_layer({"n": sp}, [fc.numeric_column("n")]))
""",
    "feature_columns_crossed": """
fc = tf.feature_column
feats = {"edu": tf.constant([["hs"], ["ba"], [""], ["ms"]]),
         "occ": tf.constant([["x", "y"], ["z", ""], ["x", "x"], ["q", "r"]]),
         "age": tf.constant([[23.0], [45.0], [31.0], [67.0]]),
         "k": tf.constant([[1], [2], [-1], [3]], tf.int64),
         "sp": tf.SparseTensor(indices=[[0, 0], [0, 2], [2, 1]],
                               values=tf.constant(["a", "b", "c"]), dense_shape=[4, 3]),
         "w": tf.constant([[0.5], [1.0], [2.0], [1.5]])}
age_b = fc.bucketized_column(fc.numeric_column("age"), [30.0, 50.0])
cols = [fc.crossed_column(["edu", "occ"], 7),
        fc.crossed_column([age_b, "edu", "k"], 11),
        fc.crossed_column([fc.crossed_column(["edu", "k"], 5), "occ"], 13, hash_key=99),
        fc.crossed_column([fc.categorical_column_with_vocabulary_list("occ", ["x", "y", "z"]),
                           "k"], 17),
        fc.crossed_column(["sp", "edu"], 3),
        # a dense key before a column's ids: TF crosses its sparse inputs first
        fc.crossed_column(["k", fc.categorical_column_with_vocabulary_list("edu", ["hs", "ba"])],
                          23)]
out["names"] = [c.name for c in cols]
layer = fc.input_layer(feats, [fc.indicator_column(c) for c in cols] +
                       [fc.embedding_column(cols[0], 2, initializer=tf.constant_initializer(0.25))])
logits = fc.linear_model(feats, cols + [fc.numeric_column("w")])
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    for i, v in enumerate(v for v in tf.global_variables() if "linear_model" in v.name):
        ramp = tf.cast(tf.range(tf.size(v)), tf.float32)
        sess.run(v.assign(tf.reshape(ramp, tf.shape(v)) * 0.01 + i))
    out["layer"] = plain(sess.run(layer))
    out["linear"] = plain(sess.run(logits))
out["hashed_key"] = raises(lambda: fc.crossed_column(
    [fc.categorical_column_with_hash_bucket("edu", 4), "occ"], 3))
out["one_key"] = raises(lambda: fc.crossed_column(["edu"], 3))
out["no_buckets"] = raises(lambda: fc.crossed_column(["edu", "occ"], 0))
out["numeric_key"] = raises(lambda: fc.crossed_column([fc.numeric_column("age"), "occ"], 3))
est = tf.estimator.LinearClassifier([cols[0], cols[1]], model_dir=d, optimizer="SGD")
est.train(tf.estimator.inputs.numpy_input_fn(
    {"edu": np.array(["hs", "ba", "ms", "hs"] * 3), "occ": np.array(["x", "y", "z"] * 4),
     "age": np.arange(12, dtype=np.float32) * 5, "k": np.arange(12) % 3},
    np.arange(12) % 2, batch_size=4, num_epochs=2, shuffle=False))
out["trained"] = {n: plain(est.get_variable_value(n)) for n in est.get_variable_names()
                  if "X" in n or "bias" in n}
""",
    "vocabulary_files": """
fc = tf.feature_column
def write(name, text):
    with open(os.path.join(d, name), "wb") as f:
        f.write(text)
    return os.path.join(d, name)
words = write("words.txt", b"cat\\ndog\\nemu\\nfox\\n")
crlf = write("crlf.txt", b"red\\r\\ngreen\\r\\nblue")
counts = write("counts.tsv", b"a\\t3\\nb\\t5\\nc\\t8\\n")
ints = write("ints.txt", b"10\\n20\\n30\\n")
dup = write("dup.txt", b"x\\ny\\nx\\n")
q = tf.constant(["dog", "emu", "cow", "cat", ""])
t1 = tf.contrib.lookup.index_table_from_file(words)
t2 = tf.contrib.lookup.index_table_from_file(words, num_oov_buckets=3, vocab_size=3)
t3 = tf.contrib.lookup.index_to_string_table_from_file(crlf, default_value="?")
t4 = tf.contrib.lookup.HashTable(tf.contrib.lookup.TextFileInitializer(
    counts, tf.string, 0, tf.int64, 1, delimiter="\\t"), -1)
t5 = tf.contrib.lookup.index_table_from_file(ints, key_dtype=tf.int64)
feats = {"w": tf.constant([["dog", "cow"], ["fox", ""]]), "n": tf.constant([[20], [5]], tf.int64)}
cols = [fc.indicator_column(fc.categorical_column_with_vocabulary_file("w", words)),
        fc.indicator_column(fc.categorical_column_with_vocabulary_file(
            "n", ints, dtype=tf.int64, default_value=0)),
        fc.embedding_column(fc.categorical_column_with_vocabulary_file(
            "w", words, vocabulary_size=2, num_oov_buckets=2), 2,
            initializer=tf.constant_initializer(0.5))]
layer = fc.input_layer(feats, cols)
out["num_buckets"] = [c.categorical_column.num_buckets for c in cols]
with tf.Session() as sess:
    sess.run(tf.tables_initializer())
    out["ids"] = plain(sess.run(t1.lookup(q)))
    out["oov"] = plain(sess.run(t2.lookup(q)))
    out["size"] = plain(sess.run([t1.size(), t2.size(), t3.size()]))
    out["strings"] = plain(sess.run(t3.lookup(tf.constant([0, 2, 1, 7], tf.int64))))
    out["counts"] = plain(sess.run(t4.lookup(tf.constant(["c", "a", "z"]))))
    out["ints"] = plain(sess.run(t5.lookup(tf.constant([30, 10, 15], tf.int64))))
    sess.run(tf.global_variables_initializer())
    out["layer"] = plain(sess.run(layer))
def init_run(make):
    with tf.Graph().as_default(), tf.Session() as s:
        table = make()
        s.run(tf.tables_initializer())
        return s.run(table.lookup(tf.constant(["x"])))
out["missing_file"] = raises(lambda: init_run(
    lambda: tf.contrib.lookup.index_table_from_file(os.path.join(d, "nowhere.txt"))))
out["too_few_lines"] = raises(lambda: init_run(
    lambda: tf.contrib.lookup.index_table_from_file(words, vocab_size=9)))
out["duplicate_word"] = raises(lambda: init_run(
    lambda: tf.contrib.lookup.index_table_from_file(dup)))
out["no_file"] = raises(lambda: tf.contrib.lookup.index_table_from_file(""))
out["column_no_file"] = raises(lambda: fc.categorical_column_with_vocabulary_file("w", ""))
out["column_missing"] = raises(lambda: fc.categorical_column_with_vocabulary_file(
    "w", os.path.join(d, "nowhere.txt")))
out["column_both"] = raises(lambda: fc.categorical_column_with_vocabulary_file(
    "w", words, num_oov_buckets=2, default_value=1))
""",
    "sparse_cross": """
a = tf.SparseTensor(indices=[[0, 0], [0, 1], [2, 0]], values=tf.constant(["x", "y", "z"]),
                    dense_shape=[3, 2])
b = tf.SparseTensor(indices=[[0, 0], [1, 0], [2, 0], [2, 1]],
                    values=tf.constant([3, 4, 5, 6], tf.int64), dense_shape=[3, 2])
dense = tf.constant([["p"], ["q"], ["r"]])
ints = tf.constant([[7, 8], [9, 10], [11, 12]], tf.int64)
crosses = {
    "strings": tf.sparse.cross([a, b]),
    "dense_first": tf.sparse.cross([dense, a, ints]),
    "hashed": tf.sparse.cross_hashed([a, b]),
    "buckets": tf.sparse.cross_hashed([ints, b, dense], num_buckets=50),
    "key": tf.sparse.cross_hashed([a, dense], num_buckets=1000, hash_key=12345),
    "dense_only": tf.sparse.cross_hashed([dense, ints], num_buckets=10),
}
with tf.Session() as sess:
    for k, t in crosses.items():
        v = sess.run(t)
        out[k] = [plain(v.indices), plain(v.values), plain(v.dense_shape)]
out["float"] = plain(tf.Session().run(tf.sparse.cross([tf.constant([[1.5]] * 3), a])).values)
out["batch"] = raises(lambda: tf.Session().run(tf.sparse.cross([a, tf.constant([["u"]])])))
""",
    "feature_columns_integer_vocabulary": """
fc = tf.feature_column
v = fc.categorical_column_with_vocabulary_list("v", [10, 20, 30, 40])
vd = fc.categorical_column_with_vocabulary_list("w", [5, 6], default_value=1)
out["names"] = [v.name, vd.name, v.num_buckets if hasattr(v, "num_buckets") else None]
feats = {"v": tf.constant([[20, 99], [40, -1], [10, 30]], tf.int64),
         "w": tf.constant([6, 7, 5])}
cols = [fc.indicator_column(v), fc.indicator_column(vd),
        fc.embedding_column(v, 2, combiner="sum", initializer=tf.constant_initializer(0.25))]
layer = fc.input_layer(feats, cols)
logits = fc.linear_model(feats, [v, vd])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(tf.tables_initializer())
    for var in tf.global_variables():
        if "linear_model" in var.name:
            sess.run(var.assign(tf.ones_like(var)))
    out["value"] = plain(sess.run(layer))
    out["linear"] = plain(sess.run(logits))
out["empty"] = raises(lambda: fc.categorical_column_with_vocabulary_list("e", []))
out["duplicates"] = raises(lambda: fc.categorical_column_with_vocabulary_list("e", [1, 1]))
out["oov_and_default"] = raises(lambda: fc.categorical_column_with_vocabulary_list(
    "e", [1, 2], default_value=0, num_oov_buckets=2))
out["dtype_mismatch"] = raises(lambda: fc.categorical_column_with_vocabulary_list(
    "e", [1, 2], dtype=tf.string))
out["float_vocabulary"] = raises(lambda: fc.categorical_column_with_vocabulary_list(
    "e", [1.5, 2.5]))
out["float_input"] = raises(lambda: fc.input_layer(
    {"v": tf.constant([1.0])}, [fc.indicator_column(v)]))
""",
    "feature_columns_weighted": """
fc = tf.feature_column
ids = fc.categorical_column_with_identity("ids", 4)
wid = fc.weighted_categorical_column(ids, "wt")
out["name"] = wid.name
feats = {"ids": tf.constant([[1, 2], [3, -1], [-1, -1]]),
         "wt": tf.constant([[0.5, 2.0], [3.0, 0.0], [0.0, 0.0]])}
cols = [fc.indicator_column(wid),
        fc.embedding_column(wid, 2, combiner="mean", initializer=tf.constant_initializer(1.0)),
        fc.embedding_column(fc.weighted_categorical_column(
            fc.categorical_column_with_identity("ids2", 4), "wt"), 2, combiner="sqrtn",
            initializer=tf.constant_initializer(1.0))]
feats["ids2"] = feats["ids"]
layer = fc.input_layer(feats, cols)
logits = fc.linear_model(feats, [wid])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for var in tf.global_variables():
        if "linear_model" in var.name:
            sess.run(var.assign(tf.ones_like(var)))
    out["value"] = plain(sess.run(layer))
    out["linear"] = plain(sess.run(logits))
out["variables"] = [v.name for v in tf.global_variables()]
out["in_input_layer"] = raises(lambda: fc.input_layer(feats, [wid]))
""",
    "feature_columns_shared_embedding": """
fc = tf.feature_column
a = fc.categorical_column_with_identity("a", 3)
b = fc.categorical_column_with_identity("b", 3)
shared = fc.shared_embedding_columns([b, a], 2, combiner="sum",
                                     initializer=tf.constant_initializer(0.5))
out["names"] = [c.name for c in shared]
feats = {"a": tf.constant([[0, 1], [2, -1]]), "b": tf.constant([1, 2])}
layer = fc.input_layer(feats, shared)
again = fc.input_layer(feats, shared)
out["variables"] = [v.name for v in tf.global_variables()]
out["shape"] = layer.shape.as_list()
grads = tf.gradients(tf.reduce_sum(layer * layer), tf.global_variables())
grads = [tf.convert_to_tensor(g) for g in grads]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["value"] = plain(sess.run(layer))
    out["again"] = plain(sess.run(again))
    out["grads"] = plain(sess.run(grads))
named = fc.shared_embedding_columns([a, b], 4, shared_embedding_collection_name="mine")
layer2 = fc.input_layer(feats, named)
out["named_variables"] = [v.name for v in tf.global_variables()]
out["different_buckets"] = raises(lambda: fc.shared_embedding_columns(
    [a, fc.categorical_column_with_identity("c", 4)], 2))
out["bad_dimension"] = raises(lambda: fc.shared_embedding_columns([a, b], 0))
out["wrong_shape_reuse"] = raises(lambda: fc.input_layer(
    feats, fc.shared_embedding_columns([a, b], 3, shared_embedding_collection_name="mine")))
""",
    "feature_column_errors": """
fc = tf.feature_column
b = fc.numeric_column("b")
ids = fc.categorical_column_with_identity("ids", 4)
feats = {"b": tf.constant([1.0, 2.0]), "ids": tf.constant([1, 2]), "f": tf.constant([1.5]),
         "s": tf.constant(1.0)}
out["categorical_in_input_layer"] = raises(lambda: fc.input_layer(feats, [ids]))
out["empty"] = raises(lambda: fc.input_layer(feats, []))
out["duplicate"] = raises(lambda: fc.input_layer(feats, [b, fc.numeric_column("b")]))
out["unsorted"] = raises(lambda: fc.bucketized_column(b, [1.0, 0.0]))
out["not_list"] = raises(lambda: fc.bucketized_column(b, 1.0))
out["not_numeric_source"] = raises(lambda: fc.bucketized_column(ids, [1.0]))
out["rank0"] = raises(lambda: fc.input_layer(feats, [fc.numeric_column("s")]))
out["float_ids"] = raises(lambda: fc.input_layer(feats, [fc.indicator_column(
    fc.categorical_column_with_identity("f", 3))]))
out["bad_shape"] = raises(lambda: fc.numeric_column("x", shape=(0,)))
out["bad_dtype"] = raises(lambda: fc.numeric_column("x", dtype=tf.bool))
out["bad_normalizer"] = raises(lambda: fc.numeric_column("x", normalizer_fn=3))
out["bad_buckets"] = raises(lambda: fc.categorical_column_with_identity("x", 0))
out["bad_default"] = raises(lambda: fc.categorical_column_with_identity("x", 3, default_value=3))
out["bad_dimension"] = raises(lambda: fc.embedding_column(ids, 0))
out["bad_combiner"] = raises(lambda: fc.embedding_column(ids, 2, combiner="max"))
out["indicator_of_numeric"] = raises(lambda: fc.indicator_column(b))
out["column_fields"] = [list(b._fields) if hasattr(b, "_fields") else None, b.key, list(b.shape),
                        b.dtype.name, list(fc.bucketized_column(b, [0.0, 1.0]).boundaries)]
out["shape_int"] = list(fc.numeric_column("x", shape=3).shape)
""",
    "feature_columns_in_a_model_fn": """
fc = tf.feature_column
cols = [fc.numeric_column("x", shape=(2,)),
        fc.bucketized_column(fc.numeric_column("x0"), [0.3, 0.8]),
        fc.embedding_column(fc.categorical_column_with_identity("k", 3), 2,
                            initializer=tf.constant_initializer(0.1))]
def model_fn(features, labels, mode):
    net = fc.input_layer(features, cols)
    hidden = tf.layers.dense(net, 3, activation=tf.nn.relu,
                             kernel_initializer=tf.constant_initializer(0.2))
    pred = tf.layers.dense(hidden, 1, kernel_initializer=tf.constant_initializer(-0.3))
    if mode == "infer":
        return tf.estimator.EstimatorSpec(mode, predictions={"p": pred})
    loss = tf.losses.mean_squared_error(labels, pred)
    train_op = tf.train.AdagradOptimizer(0.3).minimize(loss, tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
        eval_metric_ops={"mse": tf.metrics.mean_squared_error(labels, pred)})
feats = {"x": X, "x0": X[:, 0].copy(), "k": (np.arange(10) % 3).astype(np.int64)}
fit = tf.estimator.inputs.numpy_input_fn(feats, Y, batch_size=5, num_epochs=None,
                                         shuffle=False)
est = tf.estimator.Estimator(model_fn, model_dir=d)
est.train(fit, steps=6)
out["names"] = est.get_variable_names()
out["table"] = plain(est.get_variable_value("input_layer/k_embedding/embedding_weights"))
out["kernel"] = plain(est.get_variable_value("dense/kernel"))
out["eval"] = plain(est.evaluate(tf.estimator.inputs.numpy_input_fn(
    feats, Y, batch_size=4, shuffle=False)))
out["predict"] = plain([p["p"] for p in est.predict(tf.estimator.inputs.numpy_input_fn(
    feats, batch_size=4, shuffle=False))])
""",
    "train_and_evaluate": """
class Count(tf.train.SessionRunHook):
    def __init__(self):
        self.steps = []
    def begin(self):
        self.steps.append(None)
def run(throttle, where):
    counter = Count()
    cfg = tf.estimator.RunConfig(save_checkpoints_steps=3, log_step_count_steps=None)
    est = tf.estimator.Estimator(linear_model_fn, model_dir=d + where, config=cfg, params={})
    result = tf.estimator.train_and_evaluate(
        est, tf.estimator.TrainSpec(train_fn(), max_steps=7),
        tf.estimator.EvalSpec(train_fn(epochs=1), steps=None, name="held", hooks=[counter],
                              throttle_secs=throttle))
    return [plain(result[0]), list(result[1]), len(counter.steps),
            sorted(f for f in os.listdir(d + where) if f.startswith("eval"))]
out["every_checkpoint"] = run(0, "/a")
out["throttled"] = run(600, "/b")
out["bad_train_spec"] = raises(lambda: tf.estimator.TrainSpec(train_fn(), max_steps=0))
out["bad_eval_steps"] = raises(lambda: tf.estimator.EvalSpec(train_fn(), steps=0))
out["bad_input_fn"] = raises(lambda: tf.estimator.TrainSpec(3))
out["bad_name"] = raises(lambda: tf.estimator.EvalSpec(train_fn(), name=3))
out["eval_spec_defaults"] = list(tf.estimator.EvalSpec(train_fn())[1:])[:1] + list(
    tf.estimator.EvalSpec(train_fn())[5:])
receiver = tf.estimator.export.build_raw_serving_input_receiver_fn(
    {"x": tf.placeholder(tf.float32, [None, 2], name="x")})
cfg = tf.estimator.RunConfig(save_checkpoints_steps=3, log_step_count_steps=None)
est = tf.estimator.Estimator(linear_model_fn, model_dir=d + "/x", config=cfg, params={})
metrics, exports = tf.estimator.train_and_evaluate(
    est, tf.estimator.TrainSpec(train_fn(), max_steps=7),
    tf.estimator.EvalSpec(train_fn(epochs=1), steps=2, throttle_secs=0, exporters=[
        tf.estimator.LatestExporter("latest", receiver, exports_to_keep=2),
        tf.estimator.FinalExporter("final", receiver)]))
out["exported"] = [type(e).__name__ for e in exports]
out["export_dirs"] = sorted(os.listdir(d + "/x/export"))
out["latest_kept"] = len(os.listdir(d + "/x/export/latest"))
out["final_kept"] = len(os.listdir(d + "/x/export/final"))
out["latest_is_newest"] = os.path.basename(exports[0]).decode() == max(
    os.listdir(d + "/x/export/latest"))
def best(where, lr, max_steps):
    cfg = tf.estimator.RunConfig(save_checkpoints_steps=2, log_step_count_steps=None)
    est = tf.estimator.Estimator(linear_model_fn, model_dir=d + where, config=cfg,
                                 params={"lr": lr})
    _, exports = tf.estimator.train_and_evaluate(
        est, tf.estimator.TrainSpec(train_fn(), max_steps=max_steps),
        tf.estimator.EvalSpec(train_fn(epochs=1), steps=None, throttle_secs=0, exporters=[
            tf.estimator.BestExporter("best", receiver)]))
    return [[type(e).__name__ for e in exports], len(os.listdir(d + where + "/export/best"))]
out["best_diverging"] = best("/bd", 3.0, 6)
out["best_converging"] = best("/bc", 0.1, 4)
out["best_bad_compare"] = raises(lambda: tf.estimator.BestExporter(
    "b", receiver, compare_fn=lambda best_eval_result: True))
out["duplicate_exporters"] = raises(lambda: tf.estimator.EvalSpec(train_fn(), exporters=[
    tf.estimator.FinalExporter("a", receiver), tf.estimator.FinalExporter("a", receiver)]))
out["bad_keep"] = raises(lambda: tf.estimator.LatestExporter("l", receiver, exports_to_keep=0))
out["not_a_spec"] = raises(lambda: tf.estimator.train_and_evaluate(
    tf.estimator.Estimator(linear_model_fn, d + "/c", params={}), None, None))
""",
    "warm_start": """
source = tf.estimator.Estimator(linear_model_fn, model_dir=d + "/src", params={})
source.train(train_fn(), steps=5)
out["source_eval"] = plain(source.evaluate(train_fn(epochs=1)))
warm = tf.estimator.Estimator(linear_model_fn, model_dir=d + "/warm", params={},
                              warm_start_from=d + "/src")
out["warm_eval_untrained"] = plain(warm.evaluate(train_fn(epochs=1)))
out["warm_predict_untrained"] = plain(next(warm.predict(tf.estimator.inputs.numpy_input_fn(
    {"x": X[:1]}, shuffle=False))))
warm.train(train_fn(), steps=2)
out["warm_after"] = {n: plain(warm.get_variable_value(n)) for n in ["w", "b", "global_step"]}
only_w = tf.estimator.Estimator(linear_model_fn, model_dir=d + "/w", params={},
    warm_start_from=tf.estimator.WarmStartSettings(d + "/src", vars_to_warm_start="w"))
only_w.train(train_fn(), steps=1)
out["only_w"] = {n: plain(only_w.get_variable_value(n)) for n in ["w", "b"]}
def renamed_fn(features, labels, mode, params):
    w = tf.get_variable("weights", [2, 1], initializer=tf.zeros_initializer())
    pred = tf.matmul(features["x"], w)
    loss = tf.losses.mean_squared_error(labels, pred)
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=tf.train.GradientDescentOptimizer(
        0.1).minimize(loss, tf.train.get_global_step()))
renamed = tf.estimator.Estimator(renamed_fn, model_dir=d + "/r", params={},
    warm_start_from=tf.estimator.WarmStartSettings(
        source.latest_checkpoint(), vars_to_warm_start=["weights"],
        var_name_to_prev_var_name={"weights": "w"}))
out["renamed_eval"] = plain(renamed.evaluate(train_fn(epochs=1)))
missing = tf.estimator.Estimator(renamed_fn, model_dir=d + "/m", params={},
                                 warm_start_from=d + "/src")
out["missing_in_ckpt"] = raises(lambda: missing.train(train_fn(), steps=1))
unused = tf.estimator.Estimator(linear_model_fn, model_dir=d + "/u", params={},
    warm_start_from=tf.estimator.WarmStartSettings(d + "/src",
                                                   var_name_to_prev_var_name={"nope": "w"}))
out["unused_rename"] = raises(lambda: unused.train(train_fn(), steps=1))
out["bad_kind"] = raises(lambda: tf.estimator.Estimator(linear_model_fn, params={},
                                                        warm_start_from=3))
lin = tf.estimator.LinearRegressor([tf.feature_column.numeric_column("x", shape=(2,))],
                                   model_dir=d + "/lin")
lin.train(train_fn(), steps=3)
lin2 = tf.estimator.LinearRegressor([tf.feature_column.numeric_column("x", shape=(2,))],
                                    model_dir=d + "/lin2", warm_start_from=d + "/lin")
out["premade_warm"] = plain(lin2.evaluate(train_fn(epochs=1)))
""",
    "early_stopping": """
def run(make_hook, where, lr=0.1, max_steps=20):
    cfg = tf.estimator.RunConfig(save_checkpoints_steps=2, log_step_count_steps=None)
    est = tf.estimator.Estimator(linear_model_fn, model_dir=d + where, config=cfg,
                                 params={"lr": lr})
    hook = make_hook(est)
    metrics, _ = tf.estimator.train_and_evaluate(
        est, tf.estimator.TrainSpec(train_fn(), max_steps=max_steps, hooks=[hook]),
        tf.estimator.EvalSpec(train_fn(epochs=1), steps=None, throttle_secs=0))
    return [plain(metrics), plain(est.get_variable_value("global_step")),
            plain(est.get_variable_value("signal_early_stopping/STOP")),
            est.get_variable_names()]
ex = tf.estimator.experimental
out["lower"] = run(lambda e: ex.stop_if_lower_hook(
    e, "loss", 0.2, run_every_secs=None, run_every_steps=1), "/a")
out["no_decrease"] = run(lambda e: ex.stop_if_no_decrease_hook(
    e, "loss", 4, run_every_secs=None, run_every_steps=1), "/b", lr=3.0)
out["higher_never"] = run(lambda e: ex.stop_if_higher_hook(
    e, "loss", 100.0, run_every_secs=None, run_every_steps=3), "/c", max_steps=6)
out["no_increase_min_steps"] = run(lambda e: ex.stop_if_no_increase_hook(
    e, "mae", 2, min_steps=6, run_every_secs=None, run_every_steps=1), "/d")
est = tf.estimator.Estimator(linear_model_fn, model_dir=d + "/e", params={})
out["both_timers"] = raises(lambda: ex.stop_if_lower_hook(
    est, "loss", 1.0, run_every_secs=1, run_every_steps=1))
out["not_estimator"] = raises(lambda: ex.make_early_stopping_hook(None, lambda: True))
out["not_callable"] = raises(lambda: ex.make_early_stopping_hook(est, 3))
""",
    "premade_linear": """
fc = tf.feature_column
C = (np.arange(10) % 2).astype(np.int64)
C3 = (np.arange(10) % 3).astype(np.int64)
K = (np.arange(10) % 4).astype(np.int64)
feats = {"x": X, "k": K, "w": np.linspace(0.5, 1.5, 10).astype(np.float32)}
cols = [fc.numeric_column("x", shape=(2,)), fc.categorical_column_with_identity("k", 4),
        fc.bucketized_column(fc.numeric_column("w"), [0.8, 1.2])]
STRINGS = ("classes", "all_classes")  # string tensors in a signature: graphgate has none
def fn(y, epochs=None, bs=4):
    return tf.estimator.inputs.numpy_input_fn(feats, y, batch_size=bs, num_epochs=epochs,
                                              shuffle=False)
def report(name, est, y):
    est.train(fn(y), steps=4)
    names = est.get_variable_names()
    out[name + "_names"] = [n for n in names if "Ftrl" not in n and "Adagrad" not in n]
    out[name + "_values"] = {n: plain(est.get_variable_value(n)) for n in out[name + "_names"]}
    out[name + "_eval"] = plain(est.evaluate(fn(y, 1)))
    preds = list(est.predict(tf.estimator.inputs.numpy_input_fn(
        {k: v[:3] for k, v in feats.items()}, shuffle=False)))
    out[name + "_predict"] = [plain(p) for p in preds]
    out[name + "_dtypes"] = {k: v.dtype.name for k, v in preds[0].items()}
report("reg", tf.estimator.LinearRegressor(cols, model_dir=d + "/r"), Y)
report("reg_weighted", tf.estimator.LinearRegressor(cols, model_dir=d + "/rw",
       weight_column="w", optimizer="SGD"), Y)
report("binary", tf.estimator.LinearClassifier(cols, model_dir=d + "/b"), C)
report("multi", tf.estimator.LinearClassifier(cols, n_classes=3, model_dir=d + "/m",
       optimizer=tf.train.GradientDescentOptimizer(0.1)), C3)
report("mean_reduction", tf.estimator.LinearClassifier(
    cols, model_dir=d + "/mr", loss_reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE), C)
def extra(labels, predictions):
    return {"mae": tf.metrics.mean_absolute_error(labels, predictions["predictions"])}
more = tf.estimator.add_metrics(tf.estimator.LinearRegressor(cols, model_dir=d + "/r"), extra)
out["add_metrics"] = plain(more.evaluate(fn(Y, 1)))
out["add_metrics_bad_fn"] = raises(lambda: tf.estimator.add_metrics(
    more, lambda labels, nope: {}))
only = tf.estimator.LinearClassifier(cols, model_dir=d + "/b")
out["predict_classes_only"] = [plain(p) for p in only.predict(tf.estimator.inputs.numpy_input_fn(
    {k: v[:2] for k, v in feats.items()}, shuffle=False), predict_keys=["classes", "logits"])]
out["one_class"] = raises(lambda: tf.estimator.LinearClassifier(cols, n_classes=1))
out["no_columns"] = raises(lambda: tf.estimator.LinearRegressor([]))
out["bad_optimizer"] = raises(lambda: tf.estimator.LinearRegressor(
    cols, model_dir=d + "/o", optimizer="Nope").train(fn(Y), steps=1))
out["float_labels_multi"] = raises(lambda: tf.estimator.LinearClassifier(
    cols, n_classes=3, model_dir=d + "/f").train(fn(Y), steps=1))
est = tf.estimator.LinearClassifier(cols, model_dir=d + "/b")
path = est.export_saved_model(d + "/e", tf.estimator.export.build_raw_serving_input_receiver_fn(
    {"x": tf.placeholder(tf.float32, [None, 2]), "k": tf.placeholder(tf.int64, [None]),
     "w": tf.placeholder(tf.float32, [None])}))
with tf.Graph().as_default() as g:
    with tf.Session(graph=g) as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], path)
        out["export_signatures"] = sorted(meta.signature_def)
        sig = meta.signature_def["predict"]
        out["export_inputs"] = sorted(sig.inputs)
        out["export_outputs"] = sorted(k for k in sig.outputs if k not in STRINGS)
""",
    "premade_baseline_and_wide_deep": """
fc = tf.feature_column
C3 = (np.arange(10) % 3).astype(np.int64)
K = (np.arange(10) % 4).astype(np.int64)
feats = {"x": X, "k": K}
def fn(y, epochs=None, bs=4):
    return tf.estimator.inputs.numpy_input_fn(feats, y, batch_size=bs, num_epochs=epochs,
                                              shuffle=False)
def report(name, est, y, values=True):
    est.train(fn(y), steps=4)
    names = [n for n in est.get_variable_names()
             if "Ftrl" not in n and "Adagrad" not in n and "_power" not in n]
    out[name + "_shapes"] = {n: list(est.get_variable_value(n).shape) for n in names}
    ev = est.evaluate(fn(y, 1))
    pred = list(est.predict(tf.estimator.inputs.numpy_input_fn(
        {k: v[:2] for k, v in feats.items()}, shuffle=False)))
    if values:
        out[name + "_values"] = {n: plain(est.get_variable_value(n)) for n in names}
        out[name + "_eval"] = plain(ev)
        out[name + "_predict"] = [plain(p) for p in pred]
    else:
        out[name + "_eval_keys"] = sorted(ev)
        out[name + "_predict_keys"] = sorted(pred[0])
report("baseline_reg", tf.estimator.BaselineRegressor(model_dir=d + "/br"), Y)
report("baseline_clf", tf.estimator.BaselineClassifier(model_dir=d + "/bc", n_classes=3), C3)
linear_cols = [fc.numeric_column("x", shape=(2,)), fc.categorical_column_with_identity("k", 4)]
dnn_cols = [fc.numeric_column("x", shape=(2,))]
report("wide_only", tf.estimator.DNNLinearCombinedRegressor(
    model_dir=d + "/w", linear_feature_columns=linear_cols), Y)
report("wide_deep", tf.estimator.DNNLinearCombinedClassifier(
    model_dir=d + "/wd", linear_feature_columns=linear_cols, dnn_feature_columns=dnn_cols,
    dnn_hidden_units=[3], n_classes=3), C3, values=False)
out["no_columns"] = raises(lambda: tf.estimator.DNNLinearCombinedRegressor(model_dir=d + "/n"))
out["no_hidden_units"] = raises(lambda: tf.estimator.DNNLinearCombinedRegressor(
    model_dir=d + "/h", dnn_feature_columns=dnn_cols).train(fn(Y), steps=1))
""",
    "premade_dnn": """
fc = tf.feature_column
C3 = (np.arange(10) % 3).astype(np.int64)
K = (np.arange(10) % 4).astype(np.int64)
feats = {"x": X, "k": K}
cols = [fc.numeric_column("x", shape=(2,)),
        fc.embedding_column(fc.categorical_column_with_identity("k", 4), 3)]
def fn(y, epochs=None, bs=4):
    return tf.estimator.inputs.numpy_input_fn(feats, y, batch_size=bs, num_epochs=epochs,
                                              shuffle=False)
def shapes(name, est, y):
    est.train(fn(y), steps=3)
    # optimizer slots and Adam's beta powers: their names are the estimator 2.15 build's
    names = [n for n in est.get_variable_names()
             if "Adagrad" not in n and "Adam" not in n and "_power" not in n]
    out[name + "_shapes"] = {n: list(est.get_variable_value(n).shape) for n in names}
    out[name + "_eval_keys"] = sorted(est.evaluate(fn(y, 1)))
    pred = next(est.predict(tf.estimator.inputs.numpy_input_fn(
        {k: v[:2] for k, v in feats.items()}, shuffle=False)))
    out[name + "_predict"] = {k: [v.dtype.name, list(v.shape)] for k, v in pred.items()}
shapes("reg", tf.estimator.DNNRegressor([4, 3], cols, model_dir=d + "/r", label_dimension=1), Y)
shapes("reg2", tf.estimator.DNNRegressor([2], cols, model_dir=d + "/r2", label_dimension=2,
                                          optimizer="Adam"), np.concatenate([Y, Y], 1))
shapes("clf", tf.estimator.DNNClassifier([5], cols, n_classes=3, dropout=0.3,
                                         model_dir=d + "/c", activation_fn=tf.nn.tanh), C3)
shapes("binary", tf.estimator.DNNClassifier([2, 2], cols, model_dir=d + "/b"),
       (np.arange(10) % 2).astype(np.int64))
out["categorical_column"] = raises(lambda: tf.estimator.DNNRegressor(
    [2], [fc.categorical_column_with_identity("k", 4)], model_dir=d + "/x").train(
    fn(Y), steps=1))
""",
    "premade_label_vocabulary": """
cols = [tf.feature_column.numeric_column("x", shape=(2,))]
words = np.array(["cat", "dog", "emu", "dog", "cat"] * 2)
yes_no = np.array(["no", "yes"] * 5)
def fn(y, epochs=None, bs=4):
    return tf.estimator.inputs.numpy_input_fn({"x": X}, y, batch_size=bs, num_epochs=epochs,
                                              shuffle=False)
def report(name, est, y):
    est.train(fn(y), steps=4)
    out[name + "_eval"] = plain(est.evaluate(fn(y, 1, 10)))
    out[name + "_predict"] = plain(list(est.predict(tf.estimator.inputs.numpy_input_fn(
        {"x": X[:3]}, shuffle=False))))
report("linear3", tf.estimator.LinearClassifier(cols, model_dir=d + "/l3", n_classes=3,
    label_vocabulary=["cat", "dog", "emu"], optimizer="SGD"), words)
report("linear2", tf.estimator.LinearClassifier(cols, model_dir=d + "/l2",
    label_vocabulary=("no", "yes"), optimizer="SGD"), yes_no)
report("dnn3", tf.estimator.DNNClassifier([3], cols, model_dir=d + "/d3", n_classes=3,
    label_vocabulary=["emu", "dog", "cat"], config=tf.estimator.RunConfig(tf_random_seed=7),
    optimizer=tf.train.GradientDescentOptimizer(0.1)), words)
out["short_vocabulary"] = raises(lambda: tf.estimator.LinearClassifier(
    cols, model_dir=d + "/s", n_classes=3, label_vocabulary=["cat", "dog"]).train(
    fn(words), steps=1))
out["int_labels"] = raises(lambda: tf.estimator.LinearClassifier(
    cols, model_dir=d + "/i", n_classes=3, label_vocabulary=["cat", "dog", "emu"]).train(
    fn((np.arange(10) % 3).astype(np.int64)), steps=1))
out["not_a_list3"] = raises(lambda: tf.estimator.LinearClassifier(
    cols, n_classes=3, label_vocabulary="cat dog emu"))
out["not_a_list2"] = raises(lambda: tf.estimator.LinearClassifier(
    cols, label_vocabulary="yes no"))
""",
}


def run(tf, reset, names=None) -> dict:
    """What each program (all, or those `names`) observed, by program name."""

    def scope(out: dict) -> dict:
        scope = {"tf": tf, "json": json, "os": os, "d": tempfile.mkdtemp(), "out": out}
        return scope | {"raises": harness.raised_classes}

    programs = {name: PRELUDE + text for name, text in PROGRAMS.items()}
    return harness.run_each(programs, reset, scope, names)


def _tf_with_estimator():
    """tf.compat.v1 with tensorflow-estimator 2.15's v1 estimator attached (see above)."""
    import types

    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers lives in tf_keras now
    import tensorflow.compat.v1 as tf
    import tensorflow.python.distribute as distribute
    from tensorflow.python.util import tf_export

    tf.disable_v2_behavior()
    shim = types.ModuleType("tensorflow.python.distribute.estimator_training")
    shim.should_run_distribute_coordinator = lambda config: False
    shim.init_run_config = lambda config, tf_config: None
    sys.modules[shim.__name__] = shim
    distribute.estimator_training = shim
    tf_export.ESTIMATOR_API_NAME = "estimator"
    names = tf_export._Attributes("_estimator_api_names", "_estimator_api_constants")
    tf_export.API_ATTRS.setdefault("estimator", names)
    tf_export.API_ATTRS_V1.setdefault("estimator", names)
    from tensorflow.python.ops import lookup_ops
    from tensorflow_estimator.python.estimator import (
        early_stopping,
        estimator,
        exporter,
        extenders,
        model_fn,
        run_config,
        training,
    )
    from tensorflow_estimator.python.estimator.canned import (
        baseline,
        dnn,
        dnn_linear_combined,
        linear,
    )
    from tensorflow_estimator.python.estimator.export import export, export_output
    from tensorflow_estimator.python.estimator.inputs import numpy_io

    tf.contrib = types.SimpleNamespace(lookup=lookup_ops)  # TF1's tf.contrib.lookup
    tf.estimator = types.SimpleNamespace(
        Estimator=estimator.Estimator,
        EstimatorSpec=model_fn.EstimatorSpec,
        ModeKeys=model_fn.ModeKeys,
        RunConfig=run_config.RunConfig,
        inputs=types.SimpleNamespace(numpy_input_fn=numpy_io.numpy_input_fn),
        export=types.SimpleNamespace(
            ServingInputReceiver=export.ServingInputReceiver,
            build_raw_serving_input_receiver_fn=export.build_raw_serving_input_receiver_fn,
            PredictOutput=export_output.PredictOutput,
        ),
        TrainSpec=training.TrainSpec,
        EvalSpec=training.EvalSpec,
        train_and_evaluate=training.train_and_evaluate,
        LatestExporter=exporter.LatestExporter,
        FinalExporter=exporter.FinalExporter,
        BestExporter=exporter.BestExporter,
        WarmStartSettings=estimator.WarmStartSettings,
        add_metrics=extenders.add_metrics,
        experimental=types.SimpleNamespace(
            make_early_stopping_hook=early_stopping.make_early_stopping_hook,
            stop_if_higher_hook=early_stopping.stop_if_higher_hook,
            stop_if_lower_hook=early_stopping.stop_if_lower_hook,
            stop_if_no_increase_hook=early_stopping.stop_if_no_increase_hook,
            stop_if_no_decrease_hook=early_stopping.stop_if_no_decrease_hook,
        ),
        LinearRegressor=linear.LinearRegressor,
        BaselineRegressor=baseline.BaselineRegressor,
        BaselineClassifier=baseline.BaselineClassifier,
        DNNLinearCombinedRegressor=dnn_linear_combined.DNNLinearCombinedRegressor,
        DNNLinearCombinedClassifier=dnn_linear_combined.DNNLinearCombinedClassifier,
        LinearClassifier=linear.LinearClassifier,
        DNNRegressor=dnn.DNNRegressor,
        DNNClassifier=dnn.DNNClassifier,
    )
    return tf


if __name__ == "__main__":
    tf = _tf_with_estimator()
    names = sys.argv[1:] or None
    harness.dump(run(tf, tf.reset_default_graph, names), sort_keys=True)
