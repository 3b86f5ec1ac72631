"""Record what TensorFlow 1.x does with `tf.saved_model` and monitored training sessions
(dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_saved_model.py \
        > tests/unit/engine/fixtures/tf1_saved_model.json

As tests/reference/tf1_saver.py: each program is TF1 code run unchanged but for the module
bound to `tf`, in a fresh default graph with an empty directory `d`, storing what it
observed in `out[...]`. File listings leave out data files (named differently by design)
and event files (TensorBoard's, which graphgate does not write).
"""

from __future__ import annotations

import json
import os
import tempfile

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {
    "simple_save_and_load": """
x = tf.placeholder(tf.float32, [None, 3], name="x")
w = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="w")
y = tf.matmul(x, w, name="y")
gs = tf.train.get_or_create_global_step()
train = tf.assign_add(gs, 1, name="train")
tf.add_to_collection(tf.GraphKeys.TRAIN_OP, train)
export = d + "/export/1"
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    sess.run(tf.assign(w, w * 2.0))
    tf.saved_model.simple_save(sess, export, inputs={"x": x}, outputs={"y": y})
    out["again"] = raises(lambda: tf.saved_model.simple_save(sess, export, {"x": x}, {"y": y}))
out["files"] = listing(export)
out["variables_files"] = listing(export + "/variables")
out["maybe"] = [tf.saved_model.loader.maybe_saved_model_directory(export),
                tf.saved_model.loader.maybe_saved_model_directory(d)]
graph = tf.Graph()
with tf.Session(graph=graph) as sess:
    meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export)
    sig = meta.signature_def[tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
    out["keys"] = sorted(meta.signature_def.keys())
    out["tags"] = list(meta.meta_info_def.tags)
    out["method"] = sig.method_name
    out["inputs"] = {k: [v.name, v.dtype, [dim.size for dim in v.tensor_shape.dim]]
                     for k, v in sig.inputs.items()}
    out["outputs"] = {k: [v.name, v.dtype, [dim.size for dim in v.tensor_shape.dim]]
                      for k, v in sig.outputs.items()}
    out["y"] = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: [[1.0, 1.0, 1.0]]}).tolist()
    out["global_step"] = int(sess.run(tf.train.get_global_step(graph)))
    keys = tf.GraphKeys
    out["variables"] = sorted(v.op.name for v in graph.get_collection(keys.GLOBAL_VARIABLES))
    out["trainable"] = sorted(v.op.name for v in graph.get_collection(keys.TRAINABLE_VARIABLES))
    out["train_op"] = [op.name for op in graph.get_collection(tf.GraphKeys.TRAIN_OP)]
    sess.run(graph.get_collection(tf.GraphKeys.TRAIN_OP)[0])
    out["stepped"] = int(sess.run(tf.train.get_global_step(graph)))
    t = tf.saved_model.utils.get_tensor_from_tensor_info(sig.inputs["x"], graph)
    out["tensor"] = [t.name, t.shape.as_list()]
    out["wrong_tags"] = raises(lambda: tf.saved_model.loader.load(sess, ["train"], export))
fresh = tf.Session(graph=tf.Graph())
out["missing"] = raises(lambda: tf.saved_model.loader.load(fresh, ["serve"], d + "/nothere"))
""",
    "builder_tags_and_order": """
x = tf.placeholder(tf.float32, [None], name="x")
v = tf.Variable(2.0, name="v")
y = tf.multiply(x, v, name="y")
z = tf.add(x, v, name="z")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    b = tf.saved_model.builder.SavedModelBuilder(d + "/m")
    out["add_first"] = raises(lambda: b.add_meta_graph(["serve"]))
    predict = tf.saved_model.signature_def_utils.predict_signature_def
    b.add_meta_graph_and_variables(
        sess, [tf.saved_model.tag_constants.TRAINING],
        signature_def_map={"mul": predict({"x": x}, {"y": y})})
    out["twice"] = raises(lambda: b.add_meta_graph_and_variables(sess, ["x"]))
    b.add_meta_graph([tf.saved_model.tag_constants.SERVING, "gpu"],
        signature_def_map={"add": predict({"x": x}, {"z": z})})
    out["saved"] = os.path.basename(b.save()).decode()
    sess.run(tf.assign(v, 5.0))
g = tf.Graph()
with tf.Session(graph=g) as sess:
    meta = tf.saved_model.loader.load(sess, ["gpu", "serve"], d + "/m")
    out["keys"] = sorted(meta.signature_def)
    sig = meta.signature_def["add"]
    out["z"] = sess.run(sig.outputs["z"].name, {sig.inputs["x"].name: [1.0, 2.0]}).tolist()
    out["only_serve"] = raises(lambda: tf.saved_model.loader.load(sess, ["serve"], d + "/m"))
g = tf.Graph()
with tf.Session(graph=g) as sess:
    meta = tf.saved_model.loader.load(sess, ["train"], d + "/m", import_scope="imported")
    out["scoped"] = sess.run("imported/y:0", {"imported/x:0": [3.0]}).tolist()
    wanted = ("imported/x", "imported/v", "imported/y")
    out["scoped_names"] = sorted(op.name for op in g.get_operations() if op.name in wanted)
os.makedirs(d + "/empty")
tf.saved_model.builder.SavedModelBuilder(d + "/empty")
out["empty_ok"] = True
open(d + "/nonempty_marker", "w").write("x")
out["nonempty"] = raises(lambda: tf.saved_model.builder.SavedModelBuilder(d))
""",
    "signature_def_utils": """
x = tf.placeholder(tf.float32, name="x")
y = tf.identity(x, name="y")
u = tf.saved_model.utils
s = tf.saved_model.signature_def_utils
info = u.build_tensor_info(x)
out["unknown_rank"] = [info.name, info.dtype, info.tensor_shape.unknown_rank]
known = u.build_tensor_info(tf.placeholder(tf.int64, [None, 2], name="k"))
out["known"] = [known.name, known.dtype, known.tensor_shape.unknown_rank,
                [dim.size for dim in known.tensor_shape.dim]]
out["pred_none"] = raises(lambda: s.predict_signature_def(None, {"y": y}))
out["pred_empty_in"] = raises(lambda: s.predict_signature_def({}, {"y": y}))
out["pred_empty_out"] = raises(lambda: s.predict_signature_def({"x": x}, {}))
out["cls_float"] = raises(lambda: s.classification_signature_def(x, y, y))
out["reg_float"] = raises(lambda: s.regression_signature_def(x, y))
pred = s.predict_signature_def({"x": x}, {"y": y})
empty = s.build_signature_def({}, {}, "tensorflow/serving/predict")
other = s.build_signature_def({"x": info}, {"y": u.build_tensor_info(y)}, "foo")
out["valid"] = [s.is_valid_signature(pred), s.is_valid_signature(empty),
                s.is_valid_signature(other)]
built = s.build_signature_def({"a": info}, {"b": u.build_tensor_info(y)}, "m")
out["built"] = [built.method_name, built.inputs["a"].name, built.outputs["b"].name]
out["constants"] = [tf.saved_model.tag_constants.SERVING, tf.saved_model.tag_constants.TRAINING,
                    tf.saved_model.tag_constants.GPU, tf.saved_model.tag_constants.TPU,
                    tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY,
                    tf.saved_model.signature_constants.PREDICT_METHOD_NAME,
                    tf.saved_model.signature_constants.PREDICT_INPUTS,
                    tf.saved_model.signature_constants.PREDICT_OUTPUTS,
                    tf.saved_model.signature_constants.CLASSIFY_METHOD_NAME,
                    tf.saved_model.signature_constants.CLASSIFY_INPUTS,
                    tf.saved_model.signature_constants.CLASSIFY_OUTPUT_CLASSES,
                    tf.saved_model.signature_constants.CLASSIFY_OUTPUT_SCORES,
                    tf.saved_model.signature_constants.REGRESS_METHOD_NAME,
                    tf.saved_model.signature_constants.REGRESS_INPUTS,
                    tf.saved_model.signature_constants.REGRESS_OUTPUTS,
                    tf.saved_model.SERVING, tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY,
                    tf.saved_model.VARIABLES_DIRECTORY, tf.saved_model.VARIABLES_FILENAME,
                    tf.saved_model.MAIN_OP_KEY, tf.saved_model.LEGACY_INIT_OP_KEY]
out["aliases"] = [tf.saved_model.load is tf.saved_model.loader.load,
                  tf.compat.v1.saved_model.load is tf.saved_model.loader.load,
                  tf.saved_model.simple_save is tf.compat.v1.saved_model.simple_save,
                  tf.saved_model.Builder is tf.saved_model.builder.SavedModelBuilder,
                  tf.saved_model.predict_signature_def is s.predict_signature_def,
                  tf.saved_model.build_tensor_info is u.build_tensor_info]
""",
    # String tensors (serialized tf.Examples) are not graphgate's: recorded, not compared.
    "string_example_signatures": """
x = tf.placeholder(tf.float32, name="x")
y = tf.identity(x, name="y")
ex = tf.placeholder(tf.string, [None], name="ex")
s = tf.saved_model.signature_def_utils
out["cls_none"] = raises(lambda: s.classification_signature_def(ex, None, None))
out["reg_none"] = raises(lambda: s.regression_signature_def(ex, None))
cls = s.classification_signature_def(ex, None, y)
out["cls"] = [cls.method_name, sorted(cls.inputs), sorted(cls.outputs)]
reg = s.regression_signature_def(ex, y)
out["reg"] = [reg.method_name, sorted(reg.inputs), sorted(reg.outputs)]
out["valid"] = [s.is_valid_signature(cls), s.is_valid_signature(reg)]
""",
    "main_op_runs_on_load": """
x = tf.placeholder(tf.float32, [None], name="x")
v = tf.Variable(1.0, name="v")
counter = tf.Variable(0.0, name="counter", collections=[tf.GraphKeys.LOCAL_VARIABLES])
bump = tf.group(tf.assign(v, 10.0), name="bump")
y = tf.add(x, v, name="y")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    b = tf.saved_model.builder.SavedModelBuilder(d + "/m")
    b.add_meta_graph_and_variables(sess, ["serve"], main_op=bump)
    out["as_text"] = os.path.basename(b.save(as_text=True)).decode()
out["files"] = listing(d + "/m")
with tf.Session(graph=tf.Graph()) as sess:
    tf.saved_model.loader.load(sess, ["serve"], d + "/m")
    out["after_main_op"] = float(sess.run("v:0"))
    out["y"] = sess.run("y:0", {"x:0": [1.0]}).tolist()
""",
    "monitored_hook_order_and_stop": """
log = []
class Recorder(tf.train.SessionRunHook):
    def __init__(self, name):
        self.name = name
    def begin(self):
        log.append(self.name + ".begin")
    def after_create_session(self, session, coord):
        log.append(self.name + ".after_create_session")
    def before_run(self, run_context):
        log.append(self.name + ".before_run")
        return tf.train.SessionRunArgs({"step": tf.train.get_global_step()})
    def after_run(self, run_context, run_values):
        # A variable fetched in the run that updates it reads either value in TF (no
        # order between the two); the step is read after the run instead.
        fetched = sorted(run_values.results)
        step = run_context.session.run(tf.train.get_global_step())
        stop = run_context.stop_requested
        log.append("%s.after_run:%s:%d:%s" % (self.name, fetched, step, stop))
    def end(self, session):
        log.append(self.name + ".end")
gs = tf.train.get_or_create_global_step()
w = tf.Variable(1.0, name="w")
train = tf.group(tf.assign_add(gs, 1), tf.assign(w, w * 2.0), name="train")
with tf.train.MonitoredTrainingSession(
        checkpoint_dir=d,
        hooks=[Recorder("a"), tf.train.StopAtStepHook(last_step=3), Recorder("b")],
        save_summaries_steps=None, save_summaries_secs=None, log_step_count_steps=None) as sess:
    while not sess.should_stop():
        out.setdefault("ran", []).append(sess.run(train))
        log.append("ran")
out["log"] = list(log)
out["files"] = listing()
out["latest"] = rel(tf.train.latest_checkpoint(d))
out["w_saved"] = float(tf.train.load_variable(d, "w"))
del log[:]
with tf.train.MonitoredTrainingSession(
        checkpoint_dir=d, hooks=[tf.train.StopAtStepHook(num_steps=2), Recorder("c")],
        save_summaries_steps=None, save_summaries_secs=None, log_step_count_steps=None) as sess:
    out["restored_w"] = float(sess.run(w))
    while not sess.should_stop():
        sess.run(train)
out["log2"] = list(log)
out["latest2"] = rel(tf.train.latest_checkpoint(d))
out["w_saved2"] = float(tf.train.load_variable(d, "w"))
""",
    "monitored_session_rules": """
gs = tf.train.get_or_create_global_step()
inc = tf.assign_add(gs, 1)
order = []
class Named(tf.train.SessionRunHook):
    def __init__(self, n):
        self.n = n
    def begin(self):
        order.append(self.n + ".begin")
    def after_create_session(self, session, coord):
        order.append(self.n + ".acs")
    def before_run(self, run_context):
        order.append(self.n + ".before")
    def after_run(self, run_context, run_values):
        order.append("%s.after:%r:%s" % (self.n, run_values.results, run_context.stop_requested))
    def end(self, session):
        order.append(self.n + ".end")
class Stopper(tf.train.SessionRunHook):
    def after_run(self, run_context, run_values):
        run_context.request_stop()
        order.append("stopper:%s" % run_context.stop_requested)
with tf.train.MonitoredSession(hooks=[Named("a"), Stopper(), Named("b")]) as sess:
    out["first"] = int(sess.run(inc))
    out["should_stop"] = sess.should_stop()
    out["run_after_stop"] = raises(lambda: sess.run(inc))
out["order"] = list(order)
del order[:]
def user_error():
    with tf.train.MonitoredSession(hooks=[Named("u")]) as sess:
        sess.run(inc)
        raise ValueError("user")
out["user_error"] = raises(user_error)
out["user_error_order"] = list(order)
del order[:]
with tf.train.MonitoredSession(hooks=[Named("o")]) as sess:
    sess.run(inc)
    raise tf.errors.OutOfRangeError(None, None, "end of input")
out["out_of_range_order"] = list(order)
out["out_of_range_stopped"] = sess.should_stop()
with tf.train.SingularMonitoredSession() as sess:
    out["singular"] = [type(sess.raw_session()).__name__, int(sess.run(inc))]
    fetched = sess.run({"a": inc, "b": [inc]})
    out["fetch_structure"] = [sorted(fetched), int(fetched["a"]), [int(v) for v in fetched["b"]]]
sess = tf.train.MonitoredSession()
out["graph_is_default"] = sess.graph is tf.get_default_graph()
sess.close()
out["closed_should_stop"] = sess.should_stop()
out["args"] = repr(tf.train.SessionRunArgs(fetches=1))
""",
    "hooks_arguments_and_global_step": """
v = tf.Variable(1.0, name="v")
def stop_hook_without_global_step():
    with tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(last_step=3)]):
        pass
out["no_global_step"] = raises(stop_hook_without_global_step)
def mts_without_global_step():
    with tf.train.MonitoredTrainingSession(checkpoint_dir=d):
        pass
out["mts_no_global_step"] = raises(mts_without_global_step)
with tf.train.MonitoredTrainingSession() as sess:
    out["no_dir_no_step_ok"] = float(sess.run(v))
out["both"] = raises(lambda: tf.train.StopAtStepHook(num_steps=1, last_step=2))
out["neither"] = raises(lambda: tf.train.StopAtStepHook())
out["log_neither"] = raises(lambda: tf.train.LoggingTensorHook({"v": v}))
out["ckpt_neither"] = raises(lambda: tf.train.CheckpointSaverHook(d))
out["ckpt_both"] = raises(lambda: tf.train.CheckpointSaverHook(d, save_secs=1, save_steps=1))
tf.reset_default_graph()
gs = tf.train.get_or_create_global_step()
x = tf.Variable(1.0)
loss = tf.log(x - 2.0)
inc = tf.assign_add(gs, 1)
def nan_loss():
    with tf.train.MonitoredTrainingSession(hooks=[tf.train.NanTensorHook(loss)]) as sess:
        sess.run([inc, loss])
out["nan"] = raises(nan_loss)
no_fail = tf.train.NanTensorHook(loss, fail_on_nan_loss=False)
with tf.train.MonitoredTrainingSession(hooks=[no_fail]) as sess:
    sess.run([inc, loss])
    out["nan_no_fail_stops"] = sess.should_stop()
""",
    "scaffold_and_coordinator": """
gs = tf.train.get_or_create_global_step()
v = tf.Variable(3.0, name="v")
scaffold = tf.train.Scaffold()
out["before"] = [scaffold.init_op, scaffold.saver, scaffold.ready_op]
scaffold.finalize()
out["after"] = [type(scaffold.saver).__name__, tf.get_default_graph().finalized]
out["modify_finalized"] = raises(lambda: tf.constant(1.0))
coord = tf.train.Coordinator()
out["coord"] = [coord.should_stop()]
coord.request_stop()
out["coord"].append(coord.should_stop())
coord.join()
coord = tf.train.Coordinator()
try:
    raise ValueError("boom")
except ValueError as exc:
    coord.request_stop(exc)
out["coord_join_raises"] = raises(coord.join)
""",
    "checkpoint_saver_hook_steps": """
gs = tf.train.get_or_create_global_step()
inc = tf.assign_add(gs, 1)
hook = tf.train.CheckpointSaverHook(d, save_steps=2)
with tf.train.MonitoredSession(hooks=[hook, tf.train.StopAtStepHook(last_step=5)]) as sess:
    while not sess.should_stop():
        sess.run(inc)
out["files"] = listing()
out["state"] = [rel(p) for p in tf.train.get_checkpoint_state(d).all_model_checkpoint_paths]
""",
    "checkpoint_saver_hook_makes_its_directory": """
gs = tf.train.get_or_create_global_step()
inc = tf.assign_add(gs, 1)
deep = os.path.join(d, "runs", "one")  # neither exists: the hook makes both, a Saver one
hook = tf.train.CheckpointSaverHook(deep, save_steps=1, save_graph_def=False)
with tf.train.MonitoredSession(hooks=[hook]) as sess:
    sess.run(inc)
out["files"] = listing(deep)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["saver_two_deep"] = raises(lambda: saver.save(sess, os.path.join(d, "x", "y", "m")))
""",
    "training_loop_with_scaffold_and_steps": """
x = tf.placeholder(tf.float32, [None, 1], name="x")
t = tf.placeholder(tf.float32, [None, 1], name="t")
w = tf.get_variable("w", [1, 1], initializer=tf.constant_initializer(0.5))
start = tf.placeholder(tf.float32, [], name="start")
b = tf.Variable(start, name="b")
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - t))
step = tf.train.get_or_create_global_step()
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
calls = []
def init_fn(scaffold, session):
    calls.append(type(scaffold).__name__)
scaffold = tf.train.Scaffold(init_feed_dict={start: 0.25}, init_fn=init_fn)
feed = {x: [[1.0], [2.0]], t: [[2.0], [3.0]]}
losses = []
with tf.train.MonitoredTrainingSession(
        checkpoint_dir=d, scaffold=scaffold, save_checkpoint_steps=2,
        hooks=[tf.train.StopAtStepHook(num_steps=5)],
        save_summaries_steps=None, log_step_count_steps=None) as sess:
    out["type"] = type(sess).__name__
    out["b0"] = float(sess.run(b))
    while not sess.should_stop():
        _, value = sess.run([train, loss], feed)
        losses.append(float(value))
out["losses"] = losses
out["init_fn"] = calls
out["files"] = listing()
with tf.train.SingularMonitoredSession(
        checkpoint_filename_with_path=d + "/model.ckpt-2") as sess:
    out["restored_step"] = int(sess.run(step))
    out["restored_w"] = float(sess.run(w)[0][0])
""",
    "profiler_hook_steps": """
gs = tf.train.get_or_create_global_step()
x = tf.Variable(1.0)
inc = tf.group(tf.assign_add(gs, 1), tf.assign(x, x * 2.0))
with tf.train.MonitoredSession(hooks=[tf.train.ProfilerHook(save_steps=2, output_dir=d)]) as s:
    for _ in range(7):
        s.run(inc)
out["files"] = listing()
trace = json.load(open(d + "/timeline-4.json"))
out["has_events"] = len(trace["traceEvents"]) > 2
""",
    # TF's checkpoint thread saves at the start while the loop already runs: what it saves
    # is racy there, so only files and explicit saves are compared.
    "supervisor_managed_session": """
gs = tf.train.get_or_create_global_step()
w = tf.Variable(1.0, name="w")
train = tf.group(tf.assign_add(gs, 1), tf.assign(w, w * 2.0))
sv = tf.train.Supervisor(logdir=d)
out["attrs"] = [tf.get_default_graph().finalized, sv.global_step.name,
                type(sv.saver).__name__, rel(sv.save_path), sv.is_chief, sv.init_op.name,
                sv.summary_op, sv.save_model_secs, sv.save_summaries_secs]
with sv.managed_session() as sess:
    out["session"] = type(sess).__name__
    for _ in range(5):
        if sv.should_stop():
            break
        sess.run(train)
    out["w"] = float(sess.run(w))
    sv.saver.save(sess, sv.save_path, global_step=sv.global_step)
# The first checkpoint's step is the race's; the explicit save's is not.
out["files"] = [f for f in listing() if "-5." in f or not f.startswith("model.ckpt-")]
out["checkpoints"] = len([f for f in listing() if f.endswith(".index")])
out["still_finalized"] = tf.get_default_graph().finalized
sv2 = tf.train.Supervisor(logdir=d)
with sv2.managed_session() as sess:
    out["restored"] = [int(sess.run(gs)), float(sess.run(w))]
def user_error():
    with tf.train.Supervisor(logdir=None).managed_session():
        raise ValueError("user")
out["user_error"] = raises(user_error)
sv3 = tf.train.Supervisor(logdir=None)
with sv3.managed_session():
    raise tf.errors.OutOfRangeError(None, None, "done")
out["out_of_range_stops"] = sv3.should_stop()
sv3.prepare_or_wait_for_session()
out["prepare_clears_stop"] = sv3.should_stop()
tf.reset_default_graph()
v = tf.Variable(2.0)
def no_init():
    with tf.train.Supervisor(init_op=None).managed_session():
        pass
out["no_init"] = raises(no_init)
tf.reset_default_graph()
v = tf.Variable(2.0)
sv5 = tf.train.Supervisor()
with sv5.managed_session() as sess:
    out["no_step"] = [float(sess.run(v)), sv5.global_step, sv5.save_path]
    sv5.request_stop()
    out["stopped"] = sv5.should_stop()
""",
    "restarts_keep_counting_checkpoints": """
gs = tf.train.get_or_create_global_step()
inc = tf.assign_add(gs, 1)
scaffold = tf.train.Scaffold(saver=tf.train.Saver(max_to_keep=2))
for run in range(2):
    with tf.train.MonitoredTrainingSession(
            checkpoint_dir=d, scaffold=scaffold, save_checkpoint_steps=1,
            save_summaries_steps=None, log_step_count_steps=None,
            hooks=[tf.train.StopAtStepHook(num_steps=3)]) as sess:
        while not sess.should_stop():
            sess.run(inc)
    out["files%d" % run] = listing()
    tf.get_default_graph()._unsafe_unfinalize()
    scaffold = tf.train.Scaffold(saver=tf.train.Saver(max_to_keep=2))
""",
}


def _listing(path: str) -> list[str]:
    names = []
    for name in os.listdir(path):
        if ".data" in name or name.startswith("events.out"):
            continue
        names.append(name)
    return sorted(names)


def run(tf, reset, names=None) -> dict:
    """What each program (all, or those `names`) observed, by program name."""

    def scope(out: dict) -> dict:
        d = tempfile.mkdtemp()

        def rel(path, d=d):
            return None if path is None else os.path.relpath(path, d)

        def listing(path=d):
            return _listing(path)

        scope = {"tf": tf, "json": json, "os": os, "d": d, "out": out}
        return scope | {"rel": rel, "listing": listing, "raises": harness.raised_classes}

    return harness.run_each(PROGRAMS, reset, scope, names)


if __name__ == "__main__":
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    harness.dump(run(tf, tf.reset_default_graph), sort_keys=True)
