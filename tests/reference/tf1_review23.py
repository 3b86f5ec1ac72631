"""Record what TensorFlow does with the edge cases review23 found wrong (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_review23.py \
        > tests/unit/engine/fixtures/tf1_review23.json

Object-checkpoint programs run with tf1_checkpoint.py's helpers (`d`, `graph`, `rel`...),
unchanged but for the module bound to `tf`; the test
(tests/unit/engine/test_tf1_review23.py) runs the same text against graphgate.
"""

from __future__ import annotations

import os

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


if __name__ == "__main__":
    tf = harness.import_tf1(legacy_keras=True)
    document = {
        "checkpoint": run(tf, tf.reset_default_graph, tf_graph, programs=CHECKPOINT_PROGRAMS)
    }
    harness.dump(document, sort_keys=True)
