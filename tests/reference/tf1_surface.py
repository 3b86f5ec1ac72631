"""TF1 API surface that public TF1 code uses and graphgate lacked (found by
scripts/tf_surface.py): TF1 programs run unchanged with `tf` = tensorflow.compat.v1 (this
script, dev-only) and with `tf` = graphgate (tests/unit/engine/test_tf1_surface.py).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_surface.py \
        > tests/unit/engine/fixtures/tf1_surface.json
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    "errors_built_as_tf": """
# Programs raise TF's errors themselves (input functions signal the end of data).
e = tf.errors.OutOfRangeError(None, None, "end of input")
out["out_of_range"] = [str(e), e.message, e.op, e.node_def, e.error_code]
out["is_op_error"] = isinstance(e, tf.errors.OpError)
e = tf.errors.OpError(None, None, "gone", tf.errors.NOT_FOUND)
out["op_error"] = [str(e), e.message, e.error_code]
e = tf.errors.InvalidArgumentError(node_def=None, op=None, message="bad")
out["keywords"] = [str(e), e.error_code]
try:
    raise tf.errors.CancelledError(None, None, "stop")
except tf.errors.OpError as caught:
    out["caught"] = [type(caught).__name__, caught.message]
""",
    "keywords_by_tf_name": """
# TF's parameter names, passed by keyword.
import os, tempfile
d = tempfile.mkdtemp()
tf.io.gfile.makedirs(path=os.path.join(d, "a", "b"))
with tf.io.gfile.GFile(os.path.join(d, "a", "f.txt"), "w") as f:
    f.write("x")
tf.io.gfile.copy(src=os.path.join(d, "a", "f.txt"), dst=os.path.join(d, "g.txt"))
tf.io.gfile.rename(src=os.path.join(d, "g.txt"), dst=os.path.join(d, "h.txt"))
out["gfile"] = [
    tf.io.gfile.exists(path=d),
    tf.io.gfile.isdir(path=os.path.join(d, "a")),
    sorted(tf.io.gfile.listdir(path=d)),  # in the file system's order, which varies
    sorted(os.path.basename(p) for p in tf.io.gfile.glob(pattern=os.path.join(d, "*"))),
    tf.io.gfile.stat(path=os.path.join(d, "h.txt")).length,
    [(os.path.relpath(t, d), sorted(s), sorted(f))
     for t, s, f in tf.io.gfile.walk(top=d, topdown=True)],
]
tf.io.gfile.remove(path=os.path.join(d, "h.txt"))
tf.io.gfile.rmtree(path=d)
out["gone"] = tf.io.gfile.exists(path=d)
tf.logging.set_verbosity(v=tf.logging.ERROR)
out["verbosity"] = tf.logging.get_verbosity()
tf.logging.set_verbosity(tf.logging.WARN)
out["as_dtype"] = tf.as_dtype(type_value="float64").name
tf.config.threading.set_inter_op_parallelism_threads(num_threads=2)
tf.config.threading.set_intra_op_parallelism_threads(num_threads=3)
out["threads"] = [tf.config.threading.get_inter_op_parallelism_threads(),
                  tf.config.threading.get_intra_op_parallelism_threads()]
tf.config.threading.set_inter_op_parallelism_threads(0)
tf.config.threading.set_intra_op_parallelism_threads(0)
scope = tf.VariableScope(False, "s", caching_device=None, use_resource=None)
out["scope"] = [scope.name, scope.reuse]
n = tf.strings.to_number(string_tensor=tf.constant(["1.5", "2"]), out_type=tf.float64)
labels = tf.constant([[1], [2]], tf.int64)
top = tf.constant([[1, 3], [0, 1]], tf.int64)
p, p_up = tf.metrics.precision_at_top_k(labels, predictions_idx=top, k=2)
r, r_up = tf.metrics.recall_at_top_k(labels=labels, predictions_idx=top, k=2)
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    out["to_number"] = sess.run(n).tolist()
    out["at_top_k"] = [float(v) for v in sess.run([p_up, r_up])]
""",
    "cluster_spec": """
c = tf.train.ClusterSpec({"ps": ["ps0:2222", "ps1:2222"], "worker": ["w0:1", "w1:1", "w2:1"]})
out["dense"] = [c.as_dict(), c.jobs, c.num_tasks("worker"), c.task_indices("ps"),
                c.task_address("worker", 1), c.job_tasks("ps"), repr(c), bool(c)]
out["equal"] = [c == tf.train.ClusterSpec(c.as_dict()), c == tf.train.ClusterSpec({"ps": ["a"]}),
                tf.train.ClusterSpec(c) == c]
sparse = tf.train.ClusterSpec({"worker": {1: "a:1", 3: "b:2"}})
out["sparse"] = [{k: {str(i): a for i, a in v.items()} for k, v in sparse.as_dict().items()},
                 sparse.task_indices("worker"), sparse.job_tasks("worker")]
out["no_job"] = raises(lambda: c.num_tasks("nope"))
out["no_task"] = raises(lambda: c.task_address("ps", 7))
out["not_a_dict"] = raises(lambda: tf.train.ClusterSpec(["a"]))
out["empty"] = bool(tf.train.ClusterSpec({}))
""",
    "replica_device_setter": """
# The device function TF returns, asked about ops built without it; None without ps tasks.
out["none"] = [tf.train.replica_device_setter() is None,
               tf.train.replica_device_setter(cluster={"worker": ["w:1"]}) is None]
v1, v2 = tf.Variable(1.0, name="v1"), tf.Variable(2.0, name="v2")
w = tf.get_variable("w", [2])
a = v1 + v2
f = tf.train.replica_device_setter(ps_tasks=2)
out["round_robin"] = [f(v1.op), f(v2.op), f(w.op), f(a.op), f(v1.op)]
g = tf.train.replica_device_setter(
    cluster={"ps": ["p0:1", "p1:1", "p2:1"], "worker": ["w:1"]},
    worker_device="/job:worker/task:0")
out["cluster"] = [g(v1.op), g(a.op), g(v2.op), g(w.op)]
with tf.device(tf.train.replica_device_setter(ps_tasks=1)):
    b = tf.Variable(3.0, name="b") * 2.0
out["built"] = b.shape.as_list()
""",
    "default_strategy": """
# What a TF1 program that chose no strategy gets from tf.distribute.
s = tf.distribute.get_strategy()
rc = tf.distribute.get_replica_context()
out["facts"] = [s.num_replicas_in_sync, tf.distribute.has_strategy(),
                tf.distribute.in_cross_replica_context(), rc.num_replicas_in_sync,
                rc.replica_id_in_sync_group, rc.strategy is s,
                str(tf.distribute.get_loss_reduction()),
                [str(op) for op in tf.distribute.ReduceOp]]
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
with s.scope():
    v = tf.Variable(3.0)
r = [s.reduce(tf.distribute.ReduceOp.SUM, x, axis=None), s.reduce("SUM", x, axis=0),
     s.reduce(tf.distribute.ReduceOp.MEAN, x, axis=1), s.run(lambda a: a * 2, args=(x,)),
     rc.all_reduce("SUM", x), rc.merge_call(lambda strategy, a: a + 1, args=(x,)), v]
out["local_results"] = len(s.experimental_local_results(x))
out["collective"] = [(c.name, c.value) for c in tf.distribute.experimental.CollectiveCommunication]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = [np.asarray(t).tolist() for t in sess.run(r)]
""",
    "tensor_spec": """
s = tf.TensorSpec([None, 3], tf.float32, "x")
out["repr"] = [repr(s), repr(tf.TensorSpec([2])), repr(tf.TensorSpec(None, tf.int64)),
               repr(tf.TensorSpec([1], "int32"))]
out["fields"] = [s.shape.as_list(), s.dtype.name, s.name]
out["compatible"] = [s.is_compatible_with(tf.TensorSpec([2, 3])),
                     s.is_compatible_with(tf.TensorSpec([2, 3], tf.int32)),
                     s.is_compatible_with(tf.placeholder(tf.float32, [5, 3])),
                     s.is_compatible_with(tf.TensorSpec([2, 4]))]
out["from"] = [repr(tf.TensorSpec.from_spec(s, name="y")),
               repr(tf.TensorSpec.from_tensor(tf.placeholder(tf.int32, [4], name="p"))),
               repr(tf.TensorSpec.from_tensor(tf.constant(1.0), name="c"))]
out["equal"] = [s == tf.TensorSpec([None, 3], tf.float32, "x"),
                s == tf.TensorSpec([None, 3], tf.float32),
                hash(s) == hash(tf.TensorSpec([None, 3], tf.float32, "x"))]
out["bad_dtype"] = raises(lambda: tf.TensorSpec([1], "nope"))
""",
    "unrepresented_dtypes": """
# bfloat16 and the quantized dtypes, as programs compare and name them (graphgate refuses
# tensors of them; test_tf1_surface.py checks that).
d = [tf.bfloat16, tf.qint8, tf.quint8, tf.qint16, tf.quint16, tf.qint32]
out["names"] = [(t.name, repr(t), str(t), t.as_datatype_enum) for t in d]
out["equal"] = [tf.bfloat16 == tf.float16, tf.bfloat16 == tf.bfloat16, tf.float32 == tf.bfloat16,
                tf.bfloat16 == "bfloat16", tf.qint8 == tf.quint8, tf.qint16 == tf.bfloat16,
                tf.bfloat16 != tf.float32, tf.dtypes.bfloat16 is tf.bfloat16,
                tf.float32 in (tf.bfloat16, tf.float16), tf.bfloat16 in {tf.bfloat16: 1}]
out["quantized"] = sorted(t.name for t in tf.QUANTIZED_DTYPES if t in d)
""",
    "config_protos": """
o = tf.OptimizerOptions(global_jit_level=tf.OptimizerOptions.ON_1,
                        do_common_subexpression_elimination=True)
g = tf.GraphOptions(optimizer_options=o, build_cost_model=1)
c = tf.ConfigProto(graph_options=g, allow_soft_placement=True)
out["levels"] = [tf.OptimizerOptions.ON_1, tf.OptimizerOptions.ON_2, tf.OptimizerOptions.OFF,
                 tf.OptimizerOptions.DEFAULT, tf.OptimizerOptions.L0, tf.OptimizerOptions.L1]
out["set"] = [c.graph_options.optimizer_options.global_jit_level, g.build_cost_model,
              o.do_common_subexpression_elimination]
d, dg = tf.OptimizerOptions(), tf.GraphOptions()
out["defaults"] = [d.opt_level, d.global_jit_level, d.do_constant_folding,
                   d.max_folded_constant_in_bytes, d.do_function_inlining, d.cpu_global_jit,
                   dg.build_cost_model, dg.infer_shapes, dg.place_pruned_graph,
                   dg.enable_bfloat16_sendrecv, dg.timeline_step, dg.enable_recv_scheduling,
                   tf.ConfigProto().graph_options.optimizer_options.global_jit_level]
out["unknown_field"] = raises(lambda: tf.OptimizerOptions(nope=1))
with tf.Session(config=c) as sess:
    out["runs"] = float(sess.run(tf.constant(2.0) * 3.0))
""",
    "guarantee_const": """
x = tf.constant([1.0, 2.0])
g = tf.guarantee_const(x)
h = tf.guarantee_const(x * 2.0, name="kept")
out["names"] = [g.name, g.op.type, h.name, g.shape.as_list(), g.dtype.name]
out["no_gradient"] = raises(lambda: tf.gradients(tf.guarantee_const(x) * 2.0, x))
with tf.Session() as sess:
    out["values"] = [v.tolist() for v in sess.run([g, h])]
""",
    "device_wrapper": """
# The cell under DeviceWrapper computes what the cell alone does, with the same variables.
x = tf.constant(np.linspace(-1, 1, 2 * 4 * 3).reshape(2, 4, 3).astype(np.float32))
init = tf.constant_initializer(0.1)
with tf.variable_scope("plain", initializer=init):
    plain, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(5), x, dtype=tf.float32)
with tf.variable_scope("wrapped", initializer=init):
    cell = tf.nn.rnn_cell.DeviceWrapper(tf.nn.rnn_cell.GRUCell(5), "/cpu:0")
    wrapped, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
out["sizes"] = [cell.state_size, cell.output_size]
out["variables"] = sorted(v.name for v in tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    p, w, s = sess.run([plain, wrapped, state])
    out["values"] = [p.ravel().tolist(), w.ravel().tolist(), s.ravel().tolist()]
""",
    "session_creator": """
# A program's own SessionCreator, handed to MonitoredSession.
class Creator(tf.train.SessionCreator):
    def create_session(self):
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        return sess
v = tf.Variable(4.0)
with tf.train.MonitoredSession(session_creator=Creator()) as sess:
    out["value"] = float(sess.run(v * 2.0))
out["abstract"] = raises(lambda: tf.train.SessionCreator())
""",
    "autograph_resources_v2_summaries": """
f = tf.autograph.experimental.do_not_convert(lambda a: a + 1)
g = tf.autograph.experimental.do_not_convert()(lambda: 5)
out["do_not_convert"] = [f(1), g()]
out["features"] = [str(x) for x in tf.autograph.experimental.Feature]
tf.autograph.set_verbosity(0)
# The resource loader answers for the module that calls it (here a file of a package).
scope = {"tf": tf}
exec(compile("r = [tf.resource_loader.get_data_files_path(), "
             "tf.resource_loader.get_path_to_datafile('data/x.txt')]",
             "/srv/app/pkg/module.py", "exec"), scope)
out["resources"] = scope["r"] + [tf.resource_loader.readahead_file_path("/a/b")]
tf.summary.scalar("loss", tf.constant(1.0))
out["v2_summaries"] = tf.summary.all_v2_summary_ops()
""",
    "tf_function": """
# tf.function in graph mode: results named as TF's call op, values and gradients TF's.
@tf.function
def f(a, b):
    return a * b + 1.0, {"sum": tf.reduce_sum(a)}
x, y = tf.constant([1.0, 2.0]), tf.constant(3.0)
(r1, d1), (r2, _) = f(x, y), f(x, y)
with tf.name_scope("outer"):
    r3, _ = f(tf.constant([1.0, 2.0, 3.0]), y)
@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def g(a):
    return tf.reduce_sum(a * a)
v = tf.Variable(2.0)
@tf.function
def h(a):
    return a * v
class Model:
    def __init__(self):
        self.scale = tf.constant(4.0)
    @tf.function
    def __call__(self, a):
        return a * self.scale
r4, r5, r6 = g(x), h(x), Model()(x)
out["names"] = [r1.name, d1["sum"].name, r2.name, r3.name, r4.name, r5.name, r6.name,
                r1.shape.as_list(), r4.dtype.name]
out["bad_dtype"] = raises(lambda: g(tf.constant([1, 2])))
out["bad_rank"] = raises(lambda: g(tf.constant([[1.0]])))
grads = tf.gradients(r1, x) + tf.gradients(r5, [x, v]) + tf.gradients(r4, x)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = [np.asarray(t).tolist() for t in sess.run([r1, d1["sum"], r3, r4, r5, r6])]
    out["gradients"] = [np.asarray(t).tolist() for t in sess.run(grads)]
""",
    "gradient_tape": """
# GradientTape in graph mode: what it records, watches and differentiates.
x = tf.constant(3.0)
rv = tf.get_variable("rv", initializer=5.0, use_resource=True)
nt = tf.get_variable("nt", initializer=7.0, use_resource=True, trainable=False)
pre = x * 2.0
with tf.GradientTape() as tape:
    tape.watch(x)
    mid = x * x
    y = mid + rv * 3.0 + pre * x + nt * x
outside = y * 2.0
with tf.GradientTape(persistent=True) as t2:
    t2.watch(x)
    m = x * x
    z = m * m + rv * rv
out["watched"] = [[v.name for v in t.watched_variables()] for t in (tape, t2)]
g = tape.gradient(y, [x, rv, nt, pre])
out["none"] = [t is None for t in g] + [t2.gradient(outside, x) is None]
out["again"] = raises(lambda: tape.gradient(y, x))
out["not_a_tensor"] = raises(lambda: t2.watch(3.0))
r = {"x": g[0], "rv": g[1], "m": t2.gradient(z, m),
     "zero": t2.gradient(z, nt, unconnected_gradients=tf.UnconnectedGradients.ZERO),
     "og": t2.gradient(z, x, output_gradients=tf.constant(2.0)),
     "list": t2.gradient([z, m], x), "dict": t2.gradient(z, {"a": x, "b": [rv]})}
with tf.GradientTape() as outer:
    outer.watch(x)
    with tf.GradientTape() as inner:
        inner.watch(x)
        y3 = x * x * x
    dy = inner.gradient(y3, x)
r["second"] = outer.gradient(dy, x)
with tf.GradientTape(watch_accessed_variables=False) as t3:
    t3.watch(rv)
    z3 = rv * rv * x * nt
r["t3"], t3_nt = t3.gradient(z3, [rv, nt])
out["t3_nt"] = t3_nt is None
with tf.GradientTape() as t4:
    t4.watch(x)
    a = x * 2.0
    with t4.stop_recording():
        b = a * x
    c = b + a * x
r["stop_recording"] = t4.gradient(c, x)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    found = sess.run(r)
    out["values"] = {k: np.asarray(v).tolist() for k, v in found.items() if k != "dict"}
    out["dict"] = [float(found["dict"]["a"]), float(found["dict"]["b"][0])]
""",
    "data_options": """
o = tf.data.Options()
out["fields"] = [a for a in dir(o) if not a.startswith("_")]
out["defaults"] = [o.experimental_deterministic, o.deterministic, o.experimental_slack,
                   o.experimental_optimization.map_parallelization,
                   o.experimental_threading.private_threadpool_size,
                   str(o.experimental_distribute.auto_shard_policy),
                   o.experimental_threading is o.threading]
o.experimental_deterministic = False
o.experimental_optimization.map_fusion = True
o.experimental_threading.max_intra_op_parallelism = 1
out["alias"] = o.deterministic
out["unknown"] = raises(lambda: setattr(o, "nope", 1))
out["unknown_nested"] = raises(lambda: setattr(o.threading, "nope", 1))
out["wrong_type"] = raises(lambda: setattr(o, "deterministic", 3))
ds = tf.data.Dataset.range(5).with_options(o)
m = ds.map(lambda x: x * 2)
o2 = tf.data.Options()
o2.experimental_deterministic = True
o2.experimental_slack = True
both = m.with_options(o2)
zipped = tf.data.Dataset.zip((both, tf.data.Dataset.range(5)))
out["options"] = [m.options().deterministic, m.options().experimental_optimization.map_fusion,
                  m.options() == o, tf.data.Dataset.range(1).options() == tf.data.Options(),
                  both.options().deterministic, both.options().experimental_slack,
                  both.options().threading.max_intra_op_parallelism,
                  zipped.options().experimental_slack, o.merge(o2).deterministic,
                  o2.merge(o).deterministic, o == o2]
it = tf.data.make_one_shot_iterator(both)
with tf.Session() as sess:
    out["elements"] = [int(sess.run(it.get_next())) for _ in range(5)]
""",
    "conv3d_transpose_layer": """
x = tf.constant(np.linspace(-1, 1, 2 * 3 * 4 * 2 * 3).reshape(2, 3, 4, 2, 3).astype(np.float32))
init = tf.constant_initializer(np.linspace(-0.5, 0.5, 2 * 3 * 2 * 5 * 3).reshape(2, 3, 2, 5, 3))
y = tf.layers.conv3d_transpose(x, 5, (2, 3, 2), strides=(2, 1, 2), padding="same",
                               kernel_initializer=init,
                               bias_initializer=tf.constant_initializer(0.1), name="up")
p = tf.placeholder(tf.float32, [None, 3, 4, 2, 3])
layer = tf.layers.Conv3DTranspose(4, 3, strides=2, kernel_initializer=tf.ones_initializer(),
                                  activation=tf.nn.relu)
z = layer(p)
g = tf.gradients(tf.reduce_sum(y * y), x)[0]
out["shapes"] = [y.shape.as_list(), z.shape.as_list(), layer.kernel.shape.as_list()]
out["variables"] = [v.name for v in tf.global_variables()]
out["ops"] = [y.op.name, y.op.type, y.op.inputs[0].op.name, y.op.inputs[0].op.type]
out["not_5d"] = raises(lambda: tf.layers.conv3d_transpose(tf.ones([2, 3, 4, 3]), 2, 2))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    a, b, d = sess.run([y, z, g], {p: np.linspace(0, 1, 72).reshape(1, 3, 4, 2, 3)})
    out["values"] = [a.ravel().tolist(), b.ravel().tolist(), d.ravel().tolist()]
""",
    "summary_iterator": """
# Events written with FileWriter, read back with summary_iterator.
import glob, tempfile
logdir = tempfile.mkdtemp()
x = tf.placeholder(tf.float32, [None])
tf.summary.scalar("loss", tf.reduce_mean(x))
tf.summary.histogram("weights", x)
merged = tf.summary.merge_all()
with tf.Session() as sess:
    writer = tf.summary.FileWriter(logdir)
    for i, vals in enumerate([[1.0, 2.0, 3.0], [-0.5, 0.0, 0.25, 7e5]]):
        writer.add_summary(sess.run(merged, {x: vals}), i * 10)
    writer.close()
out["events"] = read_events(tf, glob.glob(logdir + "/events.out.tfevents.*")[0])
""",
}

# What a program reads from each event (shared with the test, which reads TF's own file).
READ_EVENTS = """
def read_events(tf, path):
    events = []
    for e in tf.train.summary_iterator(path):
        values = []
        for v in e.summary.value:
            value = [v.tag, v.WhichOneof("value"), v.HasField("histo")]
            if v.HasField("simple_value"):
                value.append(v.simple_value)
            if v.HasField("histo"):
                h = v.histo
                value.append([h.min, h.max, h.num, h.sum, h.sum_squares,
                              list(h.bucket_limit)[:3], list(h.bucket)[:3]])
            values.append(value)
        events.append([e.step, e.wall_time > 0, e.file_version, e.WhichOneof("what"),
                       e.HasField("summary"), len(e.graph_def) > 0, values])
    return events
"""

# An event file TensorFlow writes (with its graph), stored for graphgate to read.
TF_EVENT_FILE = """
import glob, tempfile
logdir = tempfile.mkdtemp()
tf.summary.scalar("accuracy", tf.constant(0.75))
with tf.Session() as sess:
    writer = tf.summary.FileWriter(logdir, sess.graph)
    writer.add_summary(sess.run(tf.summary.merge_all()), 3)
    writer.close()
path = glob.glob(logdir + "/events.out.tfevents.*")[0]
"""


def main() -> None:
    import base64

    tf = harness.import_tf1(legacy_keras=True)
    scope: dict = {}
    exec(READ_EVENTS, scope)
    programs = harness.run_programs(tf, PROGRAMS, read_events=scope["read_events"])
    written: dict = {"tf": tf}
    with tf.Graph().as_default():
        exec(TF_EVENT_FILE, written)
    with open(written["path"], "rb") as f:
        data = f.read()
    read = scope["read_events"](tf, written["path"])
    harness.dump(
        {
            "tensorflow": tf.__version__,
            "programs": programs,
            "tf_event_file": {"base64": base64.b64encode(data).decode(), "events": read},
        }
    )


if __name__ == "__main__":
    main()
