"""Record what TensorFlow does with the edge cases review23 found wrong (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_review23.py \
        > tests/unit/engine/fixtures/tf1_review23.json

Object-checkpoint programs run with tf1_checkpoint.py's helpers (`d`, `graph`, `rel`...),
unchanged but for the module bound to `tf`; the test
(tests/unit/engine/test_tf1_review23.py) runs the same text against graphgate.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

try:
    from tests.reference import harness
    from tests.reference.tf1_checkpoint import run, tf_graph
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    from tf1_checkpoint import run, tf_graph

CHECKPOINT_PROGRAMS = {
    # A dict key is one segment of a checkpoint key, escaped as TF escapes it: "a/b" and
    # {"a": {"b": ...}} are two keys, and "." doubles so that ".S" cannot be forged.
    "dict_keys_escaped": """
v = tf.Variable([1.0, 2.0], name="v")
w = tf.Variable(3.0, name="w")
u = tf.Variable(5, name="u")
x = tf.Variable([7.0], name="x")
ck = tf.train.Checkpoint(table={"a/b": v, "a.b": w, "..": u, "a": {"b": x}, "a.Sb": u})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    path = ck.save(d + "/ck", session=sess)
    out["listed"] = [[k, list(s)] for k, s in tf.train.list_variables(path)]
    out["graph"] = graph(path)
tf.reset_default_graph()
v = tf.Variable([0.0, 0.0], name="v")
w = tf.Variable(0.0, name="w")
u = tf.Variable(0, name="u")
x = tf.Variable([0.0], name="x")
ck = tf.train.Checkpoint(table={"a/b": v, "a.b": w, "..": u, "a": {"b": x}, "a.Sb": u})
status = ck.restore(path)
with tf.Session() as sess:
    status.initialize_or_restore(sess)
    out["consumed"] = raises(status.assert_consumed)
    out["restored"] = [sess.run(v).tolist(), float(sess.run(w)), int(sess.run(u)),
                       sess.run(x).tolist()]
""",
}


FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "engine" / "fixtures" / "tf1_review23"


def variable_collections(tf) -> None:
    """A global step, a trainable, a local and a model variable: the collections TF's
    meta graph holds as VariableDefs (written by graphgate, read by TF, and back)."""
    gs = tf.train.get_or_create_global_step()
    v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=False)
    local = [tf.GraphKeys.LOCAL_VARIABLES]
    tf.get_variable("l", initializer=[3.0], trainable=False, collections=local, use_resource=False)
    model = [tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.MODEL_VARIABLES]
    tf.get_variable("mv", initializer=[4.0], collections=model, use_resource=False)
    tf.assign_add(gs, 1, name="tick")
    tf.identity(v * 2.0, name="out")


FETCHES = ["v:0", "l:0", "mv:0", "global_step:0", "out:0"]


def write_variable_collections(tf, prefix: str, **saver: str) -> None:
    with tf.Graph().as_default():
        variable_collections(tf)
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            sess.run("tick")
            tf.train.Saver(**saver).save(sess, prefix)


def read_variable_collections(tf, prefix: str) -> dict:
    """What a TF1 user sees importing the meta graph at `prefix`: the variable
    collections, the global step's class, the values after restoring and initializing
    the local variables."""
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(prefix + ".meta")
        names = {
            key: sorted(v.name for v in fn())
            for key, fn in (
                ("global", tf.global_variables),
                ("local", tf.local_variables),
                ("model", tf.model_variables),
                ("trainable", tf.trainable_variables),
            )
        }
        step = tf.train.get_global_step()
        with tf.Session() as sess:
            saver.restore(sess, prefix)
            sess.run(tf.local_variables_initializer())
            values = [sess.run(name).tolist() for name in FETCHES]
    return {"names": names, "is_variable": hasattr(step, "initializer"), "values": values}


STITCH_IDS = [0, 6, 3, 3, 5]


def partitioned_lookup(tf) -> None:
    """An embedding lookup in a partitioned variable: a DynamicStitch of the parts'
    gathers, whose `indices` and `data` lists share TF's `N`."""
    v = tf.get_variable(
        "p", [7, 3], initializer=tf.ones_initializer(), partitioner=tf.fixed_size_partitioner(3)
    )
    ids = tf.placeholder(tf.int32, [None], name="ids")
    tf.identity(tf.nn.embedding_lookup(v, ids) * 2.0, name="look")
    # Each row its own values (row r holds 3r, 3r+1, 3r+2), assigned part by part.
    start, parts = 0, []
    for part in v:
        rows = int(part.shape[0])
        values = np.arange(3 * start, 3 * (start + rows), dtype=np.float32).reshape(rows, 3)
        parts.append(tf.assign(part, values))
        start += rows
    tf.group(*parts, name="fill")


def tf_runs_graph_def(tf, data: bytes, feeds: dict, fetch: str) -> list:
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(data)
    with tf.Graph().as_default() as graph, tf.Session() as sess:
        tf.import_graph_def(graph_def, name="")
        fed = {graph.get_tensor_by_name(k): v for k, v in feeds.items()}
        return sess.run(fetch, fed).tolist()


def frozen_partitioned_lookup(tf) -> bytes:
    """The lookup's graph frozen and written as TF's binary GraphDef."""
    with tf.Graph().as_default() as graph:
        partitioned_lookup(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run("fill")
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), ["look"]
            )
    return frozen.SerializeToString() if hasattr(frozen, "SerializeToString") else frozen


def exported(tf) -> dict:
    """TF reading graphgate's meta graph; TF's own files kept for graphgate to read."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "layers" / "engine"))
    import graphgate as gg

    with tempfile.TemporaryDirectory() as d:
        write_variable_collections(gg, d + "/m", checkpoint_format="tensorflow")
        read_by_tf = read_variable_collections(tf, d + "/m")
    target = FIXTURES / "tf_variable_collections"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    write_variable_collections(tf, str(target / "m"), write_version=tf.train.SaverDef.V2)
    os.remove(target / "checkpoint")
    from graphgate import tf_export

    with gg.Graph().as_default():
        partitioned_lookup(gg)
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            sess.run("fill")
            frozen = gg.graph_util.convert_variables_to_constants(
                sess, gg.get_default_graph().as_graph_def(), ["look"]
            )
    data = tf_export.graph_def_bytes(tf_export.as_graph(frozen))
    stitched = tf_runs_graph_def(tf, data, {"ids:0": STITCH_IDS}, "look:0")
    return {"variable_collections": read_by_tf, "partitioned_lookup": stitched}


if __name__ == "__main__":
    tf = harness.import_tf1(legacy_keras=True)
    document = {
        "checkpoint": run(tf, tf.reset_default_graph, tf_graph, programs=CHECKPOINT_PROGRAMS),
        "exported": exported(tf),
    }
    with tf.Graph().as_default():  # what TF computes from the program itself
        data = frozen_partitioned_lookup(tf)
    document["tf_partitioned_lookup"] = tf_runs_graph_def(tf, data, {"ids:0": STITCH_IDS}, "look:0")
    harness.dump(document, sort_keys=True)
