"""Record what TensorFlow does with object-based checkpoints in TF1 graph mode (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_checkpoint.py \
        > tests/unit/engine/fixtures/tf1_checkpoint.json

Each program is TF1 code (`tf.train.Checkpoint`, `CheckpointManager`, a Saver reading an
object-based checkpoint) run unchanged but for the module bound to `tf`, in a fresh
default graph with an empty directory `d`. `hashes(p)` is the sha256 of a checkpoint's
index and data files (byte-level identity with TF's), `graph(p)` its object graph as
[children, checkpoint keys, slots] per node, `blob(p)` the object graph's bytes (hex).
The test (tests/unit/engine/test_tf1_checkpoint.py) runs the same text against
graphgate and compares.

Run as a script it also restores, in TF 2 eager mode (a subprocess), the checkpoints
graphgate wrote into tests/unit/engine/fixtures/tf1_checkpoint/ (`gg_*`), and keeps
TF's own files of two programs there (`tf_*`) for graphgate to restore.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

FIXTURES = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "unit", "engine", "fixtures", "tf1_checkpoint"
)

PROGRAMS = {
    "variables_save_restore": """
v = tf.Variable([1.0, 2.0], name="v")
w = tf.Variable(3, name="w")
ck = tf.train.Checkpoint(v=v, w=w)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["paths"] = [rel(ck.save(d + "/ck", session=sess)) for _ in range(2)]
    out["files"] = listing()
    out["state"] = open(d + "/checkpoint").read()
    out["listed"] = [[k, list(s)] for k, s in tf.train.list_variables(d)]
    out["hashes"] = hashes(d + "/ck-2")
    out["graph"] = graph(d + "/ck-2")
    out["counter"] = int(sess.run(ck.save_counter))
    out["written"] = rel(ck.write(d + "/plain/w", session=sess))
    out["plain_files"] = sorted(os.listdir(d + "/plain"))
tf.reset_default_graph()
v = tf.Variable([0.0, 0.0], name="other")
w = tf.Variable(0, name="w2")
ck = tf.train.Checkpoint(v=v, w=w)
status = ck.restore(d + "/ck-1")
with tf.Session() as sess:
    status.initialize_or_restore(sess)
    out["restored"] = [sess.run(v).tolist(), int(sess.run(w)), int(sess.run(ck.save_counter))]
    out["consumed"] = raises(status.assert_consumed)
    out["next"] = rel(ck.save(d + "/ck", session=sess))
""",
    "nested_and_optimizer": """
v = tf.Variable([1.0, 2.0], name="v")
w = tf.Variable(3, name="w")
gs = tf.train.get_or_create_global_step()
loss = tf.reduce_sum(v * v)
opt = tf.train.AdamOptimizer(0.1)
train = opt.minimize(loss, global_step=gs)
ck = tf.train.Checkpoint(v=v, opt=opt, step=gs, inner=tf.train.Checkpoint(a=w),
                         items=[v], table={"x": w})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    path = ck.save(d + "/ck", session=sess)
    out["graph"] = graph(path)
    out["blob"] = blob(path)
    out["listed"] = [[k, list(s)] for k, s in tf.train.list_variables(path)]
    slot_m = "v/.OPTIMIZER_SLOT/opt/m/.ATTRIBUTES/VARIABLE_VALUE"
    out["m"] = tf.train.load_variable(path, slot_m).tolist()
    beta1 = "opt/beta1_power/.ATTRIBUTES/VARIABLE_VALUE"
    out["beta1_power"] = float(tf.train.load_variable(path, beta1))
    trained = sess.run(v).tolist()
tf.reset_default_graph()
v = tf.Variable([0.0, 0.0], name="v")
w = tf.Variable(0, name="w")
gs = tf.train.get_or_create_global_step()
opt = tf.train.AdamOptimizer(0.1)
train = opt.minimize(tf.reduce_sum(v * v), global_step=gs)
ck = tf.train.Checkpoint(v=v, opt=opt, step=gs, inner=tf.train.Checkpoint(a=w),
                         items=[v], table={"x": w})
status = ck.restore(path)
with tf.Session() as sess:
    status.initialize_or_restore(sess)
    out["consumed"] = raises(status.assert_consumed)
    out["restored"] = [sess.run(v).tolist() == trained, int(sess.run(w)), int(sess.run(gs))]
    out["slot_m"] = sess.run(opt.get_slot(v, "m")).tolist()
    sess.run(train)
    out["trained_on"] = sess.run(v).tolist()
""",
    "keras_deferred": """
m = tf.keras.Sequential([
    tf.keras.layers.Dense(3, input_shape=(2,), kernel_initializer="ones", bias_initializer="zeros"),
    tf.keras.layers.Dropout(0.1),
    tf.keras.layers.Dense(1, kernel_initializer="ones", bias_initializer="ones")])
ck = tf.train.Checkpoint(model=m)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    path = ck.save(d + "/ck", session=sess)
    out["graph"] = graph(path)
    out["hashes"] = hashes(path)
tf.reset_default_graph()
L = tf.keras.layers
m = tf.keras.Sequential([L.Dense(3), L.Dropout(0.1), L.Dense(1)])
ck = tf.train.Checkpoint(model=m)
status = ck.restore(path)
out["nontrivial_before_build"] = raises(status.assert_nontrivial_match)
x = tf.placeholder(tf.float32, [None, 2])
y = m(x)
with tf.Session() as sess:
    status.initialize_or_restore(sess)
    out["consumed"] = raises(status.assert_consumed)
    out["y"] = sess.run(y, {x: [[1.0, 2.0]]}).tolist()
""",
    "deferred_through_initializers": """
L = tf.keras.layers
m = tf.keras.Sequential([
    L.Dense(3, input_shape=(2,), kernel_initializer="ones", bias_initializer="zeros"),
    L.Dense(1, kernel_initializer="ones", bias_initializer="ones")])
v = tf.Variable(7.0, name="v")
ck = tf.train.Checkpoint(model=m, v=v)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    path = ck.save(d + "/ck", session=sess)
tf.reset_default_graph()
v = tf.Variable(0.0, name="v")
m = tf.keras.Sequential([L.Dense(3), L.Dense(1)])
ck = tf.train.Checkpoint(model=m, v=v)
status = ck.restore(path)
x = tf.placeholder(tf.float32, [None, 2])
y = m(x)
with tf.Session() as sess:
    # TF 2.21's graph mode restores nothing through initializers, even for variables
    # made after restore(): the status's restore ops do it.
    sess.run(tf.global_variables_initializer())
    out["initialized"] = [sess.run(y, {x: [[1.0, 2.0]]}).tolist() == [[10.0]],
                          float(sess.run(v))]
    status.run_restore_ops(sess)
    out["restored"] = [sess.run(y, {x: [[1.0, 2.0]]}).tolist(), float(sess.run(v))]
""",
    "variable_at_an_object_without_value": """
w = tf.Variable(1.0, name="w")
with tf.Session() as sess:
    sess.run(w.initializer)
    path = tf.train.Checkpoint(v=tf.train.Checkpoint(w=w)).save(d + "/ck", session=sess)
tf.reset_default_graph()
v = tf.Variable(5.0, name="v")
status = tf.train.Checkpoint(v=v).restore(path)
out["existing"] = raises(status.assert_existing_objects_matched)
with tf.Session() as sess:
    status.initialize_or_restore(sess)
    out["read"] = raises(lambda: sess.run(v))
""",
    "keras_save_weights_tf_format": """
L = tf.keras.layers
m = tf.keras.Sequential([
    L.Dense(3, input_shape=(2,), kernel_initializer="ones"),
    L.Dense(1, kernel_initializer="ones", bias_initializer="ones")])
m.save_weights(d + "/w")
out["files"] = listing()
out["state"] = open(d + "/checkpoint").read()
out["listed"] = [[k, list(s)] for k, s in tf.train.list_variables(d + "/w")]
out["hashes"] = hashes(d + "/w")
out["graph"] = graph(d + "/w")
tf.keras.backend.clear_session()
m = tf.keras.Sequential([L.Dense(3, input_shape=(2,)), L.Dense(1)])
m.load_weights(d + "/w")
out["y"] = m.predict(np.array([[1.0, 2.0]], np.float32)).tolist()
""",
    "keras_weights_with_tf_train_optimizer": """
L = tf.keras.layers
def build():
    m = tf.keras.Sequential([L.Dense(2, input_shape=(2,), kernel_initializer="ones"),
                             L.Dense(1, kernel_initializer="ones")])
    m.compile(tf.train.AdamOptimizer(0.1), "mse")
    return m
xs = np.array([[1.0, 2.0], [0.5, -1.0]], np.float32)
ys = np.array([[1.0], [0.0]], np.float32)
m = build()
m.fit(xs, ys, epochs=2, batch_size=2, verbose=0)
m.save_weights(d + "/w")
out["listed"] = [[k, list(s)] for k, s in tf.train.list_variables(d + "/w")]
out["graph"] = graph(d + "/w")
m.fit(xs, ys, epochs=2, batch_size=2, verbose=0)
out["continued"] = [np.round(w, 5).tolist() for w in m.get_weights()]
tf.keras.backend.clear_session()
m = build()
m.load_weights(d + "/w")
m.fit(xs, ys, epochs=2, batch_size=2, verbose=0)
out["resumed"] = [np.round(w, 5).tolist() for w in m.get_weights()]
""",
    "keras_layer_zoo": """
L = tf.keras.layers
m = tf.keras.Sequential([
    L.Embedding(10, 4, input_length=3),
    L.LSTM(3, return_sequences=True),
    L.GRU(2, return_sequences=True),
    L.Conv1D(2, 2),
    L.BatchNormalization(),
    L.Bidirectional(L.SimpleRNN(2)),
    L.Dense(1)])
bn = L.BatchNormalization()
bn.build((None, 2))
bn.trainable = False
x = np.array([[1, 2, 3], [4, 5, 6]])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    path = tf.train.Checkpoint(model=m, frozen=bn).save(d + "/ck", session=sess)
    y = sess.run(m(tf.constant(x)))
# Keys and shapes, not the object graph: TF's also has value-less nodes for a
# BatchNormalization's `axis` list and an RNN's `state_spec`, which restore nothing.
out["listed"] = [[k, list(s)] for k, s in tf.train.list_variables(path)]
tf.reset_default_graph()
m = tf.keras.Sequential([
    L.Embedding(10, 4, input_length=3),
    L.LSTM(3, return_sequences=True),
    L.GRU(2, return_sequences=True),
    L.Conv1D(2, 2),
    L.BatchNormalization(),
    L.Bidirectional(L.SimpleRNN(2)),
    L.Dense(1)])
bn = L.BatchNormalization()
bn.build((None, 2))
bn.trainable = False
status = tf.train.Checkpoint(model=m, frozen=bn).restore(path)
with tf.Session() as sess:
    status.initialize_or_restore(sess)
    out["consumed"] = raises(status.assert_consumed)
    out["same"] = bool(np.array_equal(sess.run(m(tf.constant(x))), y))
""",
    "functional_and_subclassed": """
inp = tf.keras.Input((2,))
out_t = tf.keras.layers.Dense(2, kernel_initializer="ones", name="d")(inp)
f = tf.keras.Model(inp, out_t)
class Net(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.first = tf.keras.layers.Dense(2, kernel_initializer="ones")
        self.blocks = [tf.keras.layers.Dense(1, kernel_initializer="zeros")]
    def call(self, x):
        return self.blocks[0](self.first(x))
net = Net()
net(tf.zeros([1, 2]))
ck = tf.train.Checkpoint(functional=f, net=net)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    path = ck.save(d + "/ck", session=sess)
    out["graph"] = graph(path)
    out["listed"] = [[k, list(s)] for k, s in tf.train.list_variables(path)]
""",
    "manager": """
v = tf.Variable(1.0, name="v")
ck = tf.train.Checkpoint(v=v)
manager = tf.train.CheckpointManager(ck, d + "/run", max_to_keep=2)
out["before"] = [manager.latest_checkpoint, manager.checkpoints]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["saved"] = [rel(manager.save()) for _ in range(3)]
    out["numbered"] = rel(manager.save(checkpoint_number=10))
    out["checkpoints"] = [rel(p) for p in manager.checkpoints]
    out["latest"] = [rel(manager.latest_checkpoint), rel(tf.train.latest_checkpoint(d + "/run"))]
    out["files"] = sorted(os.listdir(d + "/run"))
    out["state"] = re.sub(r"[0-9.e+]+\\n", "T\\n", open(d + "/run/checkpoint").read())
    again = tf.train.CheckpointManager(ck, d + "/run", max_to_keep=2)
    out["recovered"] = [rel(p) for p in again.checkpoints]
    out["counter"] = int(sess.run(ck.save_counter))
out["bad_keep"] = raises(lambda: tf.train.CheckpointManager(ck, d, max_to_keep=0))
""",
    "manager_restore_or_initialize": """
v = tf.Variable(1.0, name="v")
ck = tf.train.Checkpoint(v=v)
manager = tf.train.CheckpointManager(ck, d, max_to_keep=None)
out["fresh"] = manager.restore_or_initialize()
with tf.Session() as sess:
    sess.run(v.initializer)
    sess.run(tf.assign(v, 4.0))
    manager.save()
tf.reset_default_graph()
v = tf.Variable(0.0, name="v")
ck = tf.train.Checkpoint(v=v)
manager = tf.train.CheckpointManager(ck, d, max_to_keep=None)
with tf.Session() as sess:
    out["found"] = rel(manager.restore_or_initialize())
    # In graph mode the restore's status is dropped: nothing is assigned or initialized.
    out["read"] = raises(lambda: sess.run(v))
""",
    "saver_reads_object_checkpoint": """
v = tf.Variable([1.0, 2.0], name="scope/v")
w = tf.Variable(5.0, name="w")
ck = tf.train.Checkpoint(model=tf.train.Checkpoint(kernel=v), w=w)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    path = ck.save(d + "/ck", session=sess)
tf.reset_default_graph()
v = tf.Variable([0.0, 0.0], name="scope/v")
w = tf.Variable(0.0, name="w")
saver = tf.train.Saver([v, w])
with tf.Session() as sess:
    saver.restore(sess, path)
    out["restored"] = [sess.run(v).tolist(), float(sess.run(w))]
tf.reset_default_graph()
u = tf.Variable(0.0, name="unknown")
with tf.Session() as sess:
    out["missing"] = raises(lambda: tf.train.Saver([u]).restore(sess, path))
""",
    "name_based_checkpoint": """
v = tf.Variable([1.0, 2.0], name="v")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    path = tf.train.Saver().save(sess, d + "/model")
tf.reset_default_graph()
v = tf.Variable([0.0, 0.0], name="v")
status = tf.train.Checkpoint(v=v).restore(path)
with tf.Session() as sess:
    # TF's name-based fallback looks for `save_counter` by name too: NotFoundError.
    out["restored"] = raises(lambda: status.initialize_or_restore(sess))
""",
    # Local names with "." and "/" are escaped in keys as TF's escape_local_name ("a..b",
    # "c.Sd"): unescaped, `c/d` collided with a nested `c`'s `d`, one value lost (review 22).
    "escaped_local_names": """
v = tf.Variable([1.0, 2.0], name="v")
w = tf.Variable(3.0, name="w")
u = tf.Variable(4, name="u")
ck = tf.train.Checkpoint(**{"a.b": v, "c/d": w}, c=tf.train.Checkpoint(d=u), e={"x/y": [v]})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    path = ck.save(d + "/ck", session=sess)
    out["hashes"] = hashes(path)
    out["graph"] = graph(path)
    sess.run([v.assign([0.0, 0.0]), w.assign(0.0), u.assign(0)])
    ck.restore(path).run_restore_ops(sess)
    out["restored"] = [sess.run(v).tolist(), float(sess.run(w)), int(sess.run(u))]
""",
    "errors_and_initialization": """
v = tf.Variable([1.0, 2.0], name="v")
w = tf.Variable(2.0, name="w")
out["not_trackable"] = raises(lambda: tf.train.Checkpoint(x=3))
out["missing_file"] = raises(lambda: tf.train.Checkpoint(v=v).restore(d + "/nope"))
status = tf.train.Checkpoint(v=v).restore(None)
out["none_asserts"] = [raises(status.assert_consumed),
                       raises(status.assert_existing_objects_matched),
                       raises(status.assert_nontrivial_match)]
with tf.Session() as sess:
    status.initialize_or_restore(sess)
    out["initialized"] = sess.run(v).tolist()
    sess.run(w.initializer)
    path = tf.train.Checkpoint(v=v, w=w).save(d + "/ck", session=sess)
tf.reset_default_graph()
v = tf.Variable([0.0, 0.0], name="v")
status = tf.train.Checkpoint(v=v).restore(path)
out["partial_consumed"] = raises(status.assert_consumed)
out["partial_existing"] = raises(status.assert_existing_objects_matched)
out["partial_expect"] = raises(lambda: status.expect_partial().assert_existing_objects_matched())
tf.reset_default_graph()
v = tf.Variable([0.0, 0.0], name="v")
extra = tf.Variable(0.0, name="extra")
status = tf.train.Checkpoint(v=v, extra=extra).restore(path)
out["extra_existing"] = raises(status.assert_existing_objects_matched)
tf.reset_default_graph()
v = tf.Variable([0.0, 0.0, 0.0], name="v")
status = tf.train.Checkpoint(v=v).restore(path)
with tf.Session() as sess:
    out["shape_mismatch"] = raises(lambda: status.run_restore_ops(sess))
""",
}


def run(tf, reset, read_graph, names=None, programs=None) -> dict:
    """What each program (of PROGRAMS, or `programs`) stored, with this script's helpers."""

    def scope(out: dict) -> dict:
        d = tempfile.mkdtemp()

        def rel(path, d=d):
            return None if path is None else os.path.relpath(path, d)

        def listing(d=d):
            return sorted(f for f in os.listdir(d))

        def hashes(prefix):
            return [
                hashlib.sha256(open(prefix + suffix, "rb").read()).hexdigest()
                for suffix in (".index", ".data-00000-of-00001")
            ]

        def blob(prefix):
            value = tf.train.load_checkpoint(prefix).get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH")
            return (value if isinstance(value, bytes) else value.reshape(-1)[0]).hex()

        return {
            "tf": tf,
            "os": os,
            "re": re,
            "np": np,
            "d": d,
            "out": out,
            "rel": rel,
            "listing": listing,
            "hashes": hashes,
            "blob": blob,
            "graph": lambda prefix: read_graph(tf, prefix),
            "raises": harness.raised_classes,
        }

    return harness.run_each(programs or PROGRAMS, reset, scope, names)


def tf_graph(tf, prefix) -> list:
    """[children [[name, id]], checkpoint keys, slots [[original, name, slot]]] per node."""
    from tensorflow.core.protobuf import trackable_object_graph_pb2

    proto = trackable_object_graph_pb2.TrackableObjectGraph()
    proto.ParseFromString(
        tf.train.load_checkpoint(prefix).get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH")
    )
    return [
        [
            [[c.local_name, c.node_id] for c in n.children],
            [a.checkpoint_key for a in n.attributes],
            [
                [s.original_variable_node_id, s.slot_name, s.slot_variable_node_id]
                for s in n.slot_variables
            ],
        ]
        for n in proto.nodes
    ]


# TF 2 eager restores graphgate's files: {fixture: (program building the objects, names)}.
EAGER_RESTORE = """
import json, sys, os
os.environ["TF_USE_LEGACY_KERAS"] = "1"
import tensorflow as tf
root = sys.argv[1]
out = {}
v = tf.Variable([0.0, 0.0]); w = tf.Variable(0)
status = tf.train.Checkpoint(v=v, w=w).restore(root + "/gg_variables/ck-2")
status.assert_consumed()
out["gg_variables"] = [v.numpy().tolist(), int(w.numpy())]
L = tf.keras.layers
m = tf.keras.Sequential([L.Dense(3), L.Dropout(0.1), L.Dense(1)])
status = tf.train.Checkpoint(model=m).restore(root + "/gg_keras/ck-1")
out["gg_keras"] = m(tf.constant([[1.0, 2.0]])).numpy().tolist()
status.assert_consumed()
out["gg_keras_listed"] = [[k, s] for k, s in tf.train.list_variables(root + "/gg_keras/ck-1")]
print(json.dumps(out))
"""


def eager_restores() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", EAGER_RESTORE, FIXTURES], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def keep_tf_files(tf) -> None:
    """TF's own checkpoints of two programs, for graphgate to restore (test)."""
    for name, program in (
        ("tf_optimizer", "nested_and_optimizer"),
        ("tf_keras", "keras_deferred"),
    ):
        target = os.path.join(FIXTURES, name)
        shutil.rmtree(target, ignore_errors=True)
        captured = {}

        def read_graph(tf, prefix, captured=captured):
            captured.setdefault("prefix", prefix)
            return tf_graph(tf, prefix)

        run(tf, tf.reset_default_graph, read_graph, [program])
        prefix = captured["prefix"]
        os.makedirs(target)
        for suffix in (".index", ".data-00000-of-00001"):
            shutil.copy(prefix + suffix, os.path.join(target, "ck-1" + suffix))


def keep_keras_optimizer_weights(tf) -> None:
    """tf_keras' save_weights of a model compiled with a Keras optimizer (its state under
    `optimizer/iter`, `optimizer/beta_1`..., slots `.OPTIMIZER_SLOT/optimizer/m`)."""
    import numpy as np

    tf.reset_default_graph()
    tf.keras.backend.clear_session()
    layer = tf.keras.layers.Dense(1, input_shape=(2,), kernel_initializer="ones")
    m = tf.keras.Sequential([layer])
    m.compile("adam", "mse")
    m.fit(np.ones((2, 2), np.float32), np.ones((2, 1), np.float32), verbose=0)
    target = os.path.join(FIXTURES, "tf_keras_adam")
    shutil.rmtree(target, ignore_errors=True)
    m.save_weights(os.path.join(target, "w"))
    os.remove(os.path.join(target, "checkpoint"))


if __name__ == "__main__":
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    document = run(tf, tf.reset_default_graph, tf_graph)
    keep_tf_files(tf)
    keep_keras_optimizer_weights(tf)
    if os.path.isdir(os.path.join(FIXTURES, "gg_keras")):
        document["eager_restores_graphgate"] = eager_restores()
    harness.dump(document, sort_keys=True)
