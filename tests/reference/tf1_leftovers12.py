"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: subnormal float
values in lookup tables (imported, read from a vocabulary file, inserted into a mutable
table), answered as bit patterns, since a subnormal is within any float tolerance of 0.
Run unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_leftovers12.py.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_leftovers12.py \
        > tests/unit/engine/fixtures/tf1_leftovers12.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401  (the programs' `np`, which the test passes them)

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# Each lookup answers its values' bits (uint32 or uint64), so 1.4e-45 differs from 0.
BITS = """
def bits(t, sess, feed=None):
    v = np.asarray(sess.run(t, feed))
    return v.view(np.uint32 if v.dtype == np.float32 else np.uint64).tolist()
"""

PROGRAMS = {
    # A static table imported from constants: float32 and float64 subnormals, -0.0.
    "table_keeps_subnormal_values": BITS
    + """
words = tf.placeholder(tf.string, [None])
f32 = tf.lookup.StaticHashTable(
    tf.lookup.KeyValueTensorInitializer(
        ["a", "b", "c", "d"], tf.constant([1.4e-45, -1e-40, 1.1754942e-38, -0.0], tf.float32)
    ),
    default_value=tf.constant(2e-45, tf.float32),
)
f64 = tf.lookup.StaticHashTable(
    tf.lookup.KeyValueTensorInitializer(
        ["a", "b"], tf.constant([5e-324, -2.5e-310], tf.float64)
    ),
    default_value=-0.0,
)
with tf.Session() as sess:
    sess.run(tf.tables_initializer())
    feed = {words: ["a", "b", "c", "d", "z"]}
    out["f32"] = bits(f32.lookup(words), sess, feed)
    out["f64"] = bits(f64.lookup(words), sess, feed)
    out["size"] = sess.run(f32.size()).tolist()
""",
    # A vocabulary file's float values: decimal and hexadecimal subnormals of both types.
    "vocabulary_file_keeps_subnormal_values": BITS
    + """
import os, tempfile
directory = tempfile.mkdtemp()
path = os.path.join(directory, "v.txt")
with open(path, "w") as f:
    f.write("a 1.4e-45\\nb 0x1p-149\\nc -3e-39\\nd 1e-50\\n")
path64 = os.path.join(directory, "v64.txt")
with open(path64, "w") as f:
    f.write("a 5e-324\\nb 0x1p-1074\\nc -2.2e-308\\n")
words = tf.placeholder(tf.string, [None])
def table(p, dtype):
    init = tf.lookup.TextFileInitializer(p, tf.string, 0, dtype, 1, delimiter=" ")
    return tf.lookup.StaticHashTable(init, default_value=tf.constant(0, dtype))
f32, f64 = table(path, tf.float32), table(path64, tf.float64)
with tf.Session() as sess:
    sess.run(tf.tables_initializer())
    feed = {words: ["a", "b", "c", "d", "z"]}
    out["f32"] = bits(f32.lookup(words), sess, feed)
    out["f64"] = bits(f64.lookup(words), sess, feed)
""",
    # A mutable table's inserted subnormals, looked up and exported.
    "mutable_table_keeps_subnormal_values": BITS
    + """
t = tf.lookup.experimental.MutableHashTable(tf.string, tf.float32, default_value=0.0)
v = tf.placeholder(tf.float32, [2])
insert = t.insert(tf.constant(["a", "b"]), v)
words = tf.placeholder(tf.string, [None])
keys, values = t.export()
with tf.Session() as sess:
    sess.run(insert, {v: np.array([1.4e-45, -1e-40], np.float32)})
    out["found"] = bits(t.lookup(words), sess, {words: ["a", "b", "z"]})
    order = np.argsort(sess.run(keys))
    out["exported"] = np.asarray(bits(values, sess))[order].tolist()
""",
}


if __name__ == "__main__":
    tf = harness.import_tf1(legacy_keras=True)
    doc = {"tensorflow": tf.__version__, "programs": harness.run_programs(tf, PROGRAMS, "")}
    harness.dump(doc)
