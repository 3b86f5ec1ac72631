"""Record what TensorFlow 1.x does when saving, loading and tracing (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_saver.py \
        > tests/unit/engine/fixtures/tf1_saver.json

Each program is TF1 code run unchanged but for the module bound to `tf`, in a fresh
default graph with an empty directory `d`; it stores what it observed in `out[...]`:
values, names, file listings and exception classes (`raises(...)`). The test runs the
same text against graphgate and compares. File names are compared without the data
files, whose names differ by design (graphgate's are `.data.npz`).
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
    "save_restore_max_to_keep": """
w = tf.Variable([1.0, 2.0], name="w")
b = tf.Variable(3.0, name="b")
saver = tf.train.Saver(max_to_keep=2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["paths"] = [rel(saver.save(sess, d + "/model.ckpt", global_step=i)) for i in range(4)]
    out["plain"] = rel(saver.save(sess, d + "/model.ckpt"))
    out["files"] = listing()
    out["state"] = open(d + "/checkpoint").read().replace(d, "<d>")
    out["last"] = [rel(p) for p in saver.last_checkpoints]
    out["latest"] = rel(tf.train.latest_checkpoint(d))
    out["no_dir"] = tf.train.latest_checkpoint(d + "/nope")
    sess.run(tf.assign(w, [5.0, 6.0]))
    saver.restore(sess, d + "/model.ckpt-3")
    out["restored"] = sess.run(w).tolist()
    out["listed"] = [[k, list(s)] for k, s in tf.train.list_variables(d)]
""",
    "var_list_dict_and_subsets": """
v1 = tf.Variable(tf.zeros([3]), name="v1")
v2 = tf.Variable(tf.zeros([5]), name="v2")
inc = tf.assign(v1, v1 + 1)
dec = tf.assign(v2, v2 - 1)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run([inc, dec])
    out["saved"] = rel(saver.save(sess, d + "/model.ckpt"))
tf.reset_default_graph()
v1 = tf.Variable(tf.zeros([3]), name="v1")
other = tf.Variable(tf.zeros([5]), name="other")
restorer = tf.train.Saver({"v2": other})
with tf.Session() as sess:
    v1.initializer.run()
    restorer.restore(sess, d + "/model.ckpt")
    out["v1"] = v1.eval().tolist()
    out["other"] = other.eval().tolist()
    out["loaded"] = tf.train.load_variable(d, "v2").tolist()
""",
    "restore_and_save_errors": """
w = tf.Variable([1.0, 2.0], name="w")
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    path = saver.save(sess, d + "/m")
    out["missing_dir"] = raises(lambda: saver.save(sess, d + "/missing/m"))
    out["missing_parent_dir"] = raises(lambda: saver.save(sess, d + "/gone/missing/m"))
    out["after_missing_parent"] = listing()  # nothing made on the way
tf.reset_default_graph()
w = tf.Variable([1.0, 2.0], name="w")
c = tf.Variable(3.0, name="c")
saver = tf.train.Saver()
with tf.Session() as sess:
    out["missing_key"] = raises(lambda: saver.restore(sess, path))
    out["not_a_checkpoint"] = raises(lambda: saver.restore(sess, d + "/nothere"))
    out["none"] = raises(lambda: saver.restore(sess, None))
tf.reset_default_graph()
w = tf.Variable([1.0, 2.0, 3.0], name="w")
saver = tf.train.Saver()
with tf.Session() as sess:
    out["shape"] = raises(lambda: saver.restore(sess, path))
tf.reset_default_graph()
out["no_variables"] = raises(lambda: tf.train.Saver())
w = tf.Variable(1.0, name="w")
out["same_name"] = raises(lambda: tf.train.Saver([w, w]))
""",
    "import_graph_def": """
x = tf.placeholder(tf.float32, [None, 2], name="x")
w = tf.constant([[1.0], [2.0]], name="w")
y = tf.matmul(x, w, name="y")
loss = tf.reduce_sum(y, name="loss")
v = tf.Variable(1.0, name="v")
gd = tf.get_default_graph().as_graph_def()
out["node_names"] = [n.name for n in gd.node][:2]
tf.reset_default_graph()
z = tf.placeholder(tf.float32, [None, 2], name="z")
y1, l1 = tf.import_graph_def(gd, input_map={"x:0": z * 2.0}, return_elements=["y:0", "loss"])
y2, = tf.import_graph_def(gd, input_map={"x": z}, return_elements=["y:0"])
out["names"] = [y1.name, l1.name, y2.name, type(l1).__name__]
out["global_variables"] = len(tf.global_variables())
with tf.Session() as sess:
    out["values"] = [v.tolist() for v in sess.run([y1, y2], {z: [[1.0, 1.0]]})]
out["unknown_map"] = raises(lambda: tf.import_graph_def(gd, input_map={"nope:0": z}))
out["unknown_element"] = raises(lambda: tf.import_graph_def(gd, return_elements=["nope:0"]))
""",
    "meta_graph": """
x = tf.placeholder(tf.float32, [None, 2], name="x")
w = tf.Variable([[1.0], [2.0]], name="w")
loss = tf.reduce_sum(tf.matmul(x, w), name="loss")
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
tf.get_default_graph().add_to_collection("train_op", train)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: [[1.0, 1.0]]})
    saver.save(sess, d + "/m", global_step=1)
    out["trained"] = sess.run(w).tolist()
out["files"] = listing()
tf.reset_default_graph()
restorer = tf.train.import_meta_graph(d + "/m-1.meta")
out["saver"] = type(restorer).__name__
with tf.Session() as sess:
    restorer.restore(sess, tf.train.latest_checkpoint(d))
    out["restored"] = sess.run("w:0").tolist()
    sess.run(tf.get_default_graph().get_collection("train_op")[0], {"x:0": [[1.0, 1.0]]})
    out["trained_on"] = sess.run("w:0").tolist()
""",
    "run_metadata_and_timeline": """
x = tf.placeholder(tf.float32, [None, 2], name="x")
y = tf.reduce_sum(tf.multiply(x, 2.0, name="mul"), axis=1, name="y")
md = tf.RunMetadata()
options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE, timeout_in_ms=10000)
with tf.Session() as sess:
    out["value"] = sess.run(y, {x: [[1, 2], [3, 4], [5, 6]]}, options=options,
                            run_metadata=md).tolist()
dev = md.step_stats.dev_stats[0]
out["device"] = dev.device
node = [n for n in dev.node_stats if n.node_name == "y"][0]
out["y_shape"] = [d.size for d in node.output[0].tensor_description.shape.dim]
out["y_label"] = node.timeline_label.split("(")[0]
out["y_times"] = [node.all_start_micros > 0, node.op_end_rel_micros >= node.op_start_rel_micros]
out["levels"] = [tf.RunOptions.NO_TRACE, tf.RunOptions.SOFTWARE_TRACE,
                 tf.RunOptions.HARDWARE_TRACE, tf.RunOptions.FULL_TRACE]
trace = json.loads(timeline.Timeline(md.step_stats).generate_chrome_trace_format())
ops = [e for e in trace["traceEvents"] if e["ph"] == "X" and e["args"]["name"] == "y"]
out["y_event"] = [ops[0]["cat"], ops[0]["name"], sorted(ops[0])]
out["compute_process"] = [e["args"]["name"] for e in trace["traceEvents"]
                          if e["ph"] == "M" and e["args"]["name"].endswith("Compute")]
""",
    "freeze": """
x = tf.placeholder(tf.float32, [None, 2], name="x")
w = tf.Variable([[1.0], [2.0]], name="w")
y = tf.matmul(x, w, name="y")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(tf.assign(w, [[3.0], [4.0]]))
    frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph.as_graph_def(), ["y"])
out["ops"] = sorted({n.op for n in frozen.node} - {"Identity"})
tf.reset_default_graph()
y, = tf.import_graph_def(frozen, return_elements=["y:0"], name="")
with tf.Session() as sess:
    out["value"] = sess.run(y, {"x:0": [[1.0, 1.0]]}).tolist()
""",
    "freeze_write_and_load_a_frozen_graph": """
x = tf.placeholder(tf.float32, [None, 2], name="x")
w = tf.Variable([[1.0], [2.0]], name="w")
y = tf.identity(tf.matmul(x, w), name="y")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["written"] = rel(tf.train.write_graph(sess.graph_def, d, "graph.pbtxt"))
    frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["y"])
with tf.gfile.GFile(d + "/frozen.pb", "wb") as f:
    f.write(frozen.SerializeToString())
out["exists"] = [tf.gfile.Exists(d + "/frozen.pb"), tf.gfile.Exists(d + "/nope.pb")]
tf.reset_default_graph()
with tf.gfile.GFile(d + "/frozen.pb", "rb") as f:
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(f.read())
with tf.Graph().as_default() as graph:
    tf.import_graph_def(graph_def, name="prefix")
    x = graph.get_tensor_by_name("prefix/x:0")
    y = graph.get_tensor_by_name("prefix/y:0")
    with tf.Session(graph=graph) as sess:
        out["value"] = sess.run(y, {x: [[1.0, 1.0]]}).tolist()
""",
}


def run(tf, timeline, reset, names=None) -> dict:
    """What each program (all, or those `names`) observed, by program name."""

    def scope(out: dict) -> dict:
        d = tempfile.mkdtemp()

        def rel(path, d=d):
            return None if path is None else os.path.relpath(path, d)

        def listing(d=d):
            return sorted(f for f in os.listdir(d) if ".data" not in f)

        scope = {"tf": tf, "timeline": timeline, "json": json, "d": d, "out": out}
        return scope | {"rel": rel, "listing": listing, "raises": harness.raised_classes}

    return harness.run_each(PROGRAMS, reset, scope, names)


if __name__ == "__main__":
    import tensorflow.compat.v1 as tf
    from tensorflow.python.client import timeline

    tf.disable_v2_behavior()
    harness.dump(run(tf, timeline, tf.reset_default_graph), sort_keys=True)
