"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: subnormal float
values in lookup tables (imported, read from a vocabulary file, inserted into a mutable
table), answered as bit patterns, since a subnormal is within any float tolerance of 0;
space_to_batch_nd with fed block shapes; ngrams of RaggedTensors; a Generator's skip
and reset.
Run unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_leftovers12.py.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_leftovers12.py \
        > tests/unit/engine/fixtures/tf1_leftovers12.json
"""

from __future__ import annotations

import numpy as np

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


# space_to_batch_nd and batch_to_space_nd with their block shape, paddings and crops fed
# (graphgate held them as attributes, known while building): values, gradients, errors.
SPACE_BATCH = """
x = tf.placeholder(tf.float32, [None, None, None, None])
block = tf.placeholder(tf.int32, [2])
pads = tf.placeholder(tf.int32, [2, 2])
def run(fetch, feed):
    with tf.Session() as sess:
        failed = raises(lambda: sess.run(fetch, feed))
        return failed or np.asarray(sess.run(fetch, feed)).tolist()
xs = np.arange(2 * 3 * 4 * 2, dtype=np.float32).reshape(2, 3, 4, 2)
"""

PROGRAMS["space_to_batch_nd_fed_block_and_paddings"] = (
    SPACE_BATCH
    + """
y = tf.space_to_batch_nd(x, block, pads)
(g,) = tf.gradients(tf.reduce_sum(y * y * 0.5 + y), [x])
out["static_shape"] = y.shape.as_list()
for key, b, p in (("b2_p1", [2, 2], [[1, 0], [0, 0]]), ("b1_3", [1, 3], [[0, 0], [1, 1]]),
                  ("b3_1", [3, 1], [[0, 0], [0, 0]]), ("b2_big_pad", [2, 2], [[1, 2], [2, 4]])):
    feed = {x: xs, block: b, pads: p}
    out[key] = [run(y, feed), run(g, feed)]
for key, b, p in (("zero_block", [0, 2], [[0, 0], [0, 0]]),
                  ("not_divisible", [2, 2], [[0, 0], [0, 0]]),
                  ("negative_pad", [1, 1], [[-1, 0], [0, 0]])):
    out[key] = run(y, {x: xs, block: b, pads: p})
"""
)

PROGRAMS["batch_to_space_nd_fed_block_and_crops"] = (
    SPACE_BATCH
    + """
y = tf.batch_to_space_nd(x, block, pads)
(g,) = tf.gradients(tf.reduce_sum(y * y * 0.5 + y), [x])
out["static_shape"] = y.shape.as_list()
xb = np.arange(4 * 2 * 3 * 1, dtype=np.float32).reshape(4, 2, 3, 1)
for key, b, c in (("b2_c0", [2, 2], [[0, 0], [0, 0]]), ("b2_c1", [2, 2], [[1, 0], [0, 2]]),
                  ("b4_1", [4, 1], [[2, 1], [0, 0]]), ("b1_1", [1, 1], [[0, 0], [1, 1]])):
    feed = {x: xb, block: b, pads: c}
    out[key] = [run(y, feed), run(g, feed)]
for key, b, c in (("batch_not_divisible", [3, 1], [[0, 0], [0, 0]]),
                  ("crops_too_big", [2, 2], [[3, 2], [0, 0]]),
                  ("zero_block", [0, 1], [[0, 0], [0, 0]])):
    out[key] = run(y, {x: xb, block: b, pads: c})
"""
)

# A static block with fed paddings, an int64 block fed, a 3-D input with one block dim.
PROGRAMS["space_batch_mixed_fed_inputs"] = """
x = tf.placeholder(tf.float32, [2, 6, 3])
pads = tf.placeholder(tf.int32, [1, 2])
block64 = tf.placeholder(tf.int64, [1])
y = tf.space_to_batch_nd(x, [3], pads)
z = tf.batch_to_space_nd(y, block64, tf.constant([[0, 0]], tf.int64))
(g,) = tf.gradients(tf.reduce_sum(tf.sin(z)), [x])
xs = np.linspace(-1, 1, 36, dtype=np.float32).reshape(2, 6, 3)
out["shapes"] = [y.shape.as_list(), z.shape.as_list()]
with tf.Session() as sess:
    y_, z_, g_ = sess.run([y, z, g], {x: xs, pads: [[1, 2]], block64: [3]})
    out["values"] = [y_.tolist(), z_.tolist(), g_.tolist()]
"""


# tf.strings.ngrams of RaggedTensors (TF's StringNGrams op on the values and row splits):
# each answer its flat values and row splits; a fed one's too.
PROGRAMS["ngrams_of_ragged_tensors"] = """
def parts(r):
    with tf.Session() as sess:
        values, splits = sess.run([r.flat_values, list(r.nested_row_splits)])
    return [[v.decode() for v in values.tolist()], [s.tolist() for s in splits]]
words = [["a", "b", "c", "d"], [], ["e"], ["f", "g"]]
rt = tf.ragged.constant(words)
out["width2"] = parts(tf.strings.ngrams(rt, 2))
out["widths_1_3"] = parts(tf.strings.ngrams(rt, [1, 3], separator="_"))
out["padded"] = parts(tf.strings.ngrams(rt, 3, pad_values=("<", ">"), padding_width=1))
out["padded_full"] = parts(tf.strings.ngrams(rt, 2, pad_values="#"))
out["short_kept"] = parts(tf.strings.ngrams(rt, 3, preserve_short_sequences=True))
out["int32_splits"] = parts(
    tf.strings.ngrams(tf.ragged.constant(words, row_splits_dtype=tf.int32), 2)
)
out["ragged_rank_2"] = parts(
    tf.strings.ngrams(tf.ragged.constant([[["a", "b", "c"], []], [["d", "e"]]]), 2)
)
values = tf.placeholder(tf.string, [None])
splits = tf.placeholder(tf.int64, [None])
fed = tf.strings.ngrams(tf.RaggedTensor.from_row_splits(values, splits), [2, 1])
with tf.Session() as sess:
    v, s = sess.run([fed.values, fed.row_splits], {values: ["x", "y", "z"], splits: [0, 2, 3]})
    out["fed"] = [[a.decode() for a in v.tolist()], s.tolist()]
    out["fed_shape"] = fed.shape.as_list()
"""


# tf.random.Generator's skip (TF's RngReadAndSkip: the state before, moved on as a draw of
# delta values) and reset* (an assignment built, returned to no one: nothing runs it in a
# TF1 graph), each fetch run in turn, the state read after each.
PROGRAMS["generator_skip_and_reset"] = """
def value_error(fn):
    try:
        fn()
    except ValueError:
        return "ValueError"
    return None
g = tf.random.Generator.from_seed(7)
near = tf.random.Generator.from_state([-256, -1, 5], "philox")
a = g.uniform_full_int([2], tf.int64)
delta = tf.placeholder(tf.int64, [])
fetches = [g.skip(3), a, g.skip(-1), g.skip(delta), near.skip(1), near.skip(2**40), a]
out["returned"] = [
    g.reset([1, 2, 3]), g.reset_from_seed(9), g.reset_from_key_counter(5, [6, 7])
]
out["reset_wrong_shape"] = value_error(lambda: g.reset([1, 2]))
out["key_counter_wrong_shape"] = value_error(lambda: g.reset_from_key_counter(5, [6]))
out["split"] = raises(lambda: g.split(2))  # TF 2.21 fails it in a TF1 graph
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    runs = []
    for f in fetches:
        got = sess.run(f, {delta: 2**63 - 1})
        runs.append([got.tolist(), sess.run(g.state).tolist(), sess.run(near.state).tolist()])
    out["runs"] = runs
    out["skip_shape"] = fetches[0].shape.as_list()
"""


def space_batch_graph(tf) -> dict:
    """TF's GraphDef of space_to_batch_nd and batch_to_space_nd with fed block shapes,
    paddings and crops, its feeds and what TF answered (its gradient too)."""
    import base64

    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, None, None, 1], name="x")
        block = tf.placeholder(tf.int32, [2], name="block")
        pads = tf.placeholder(tf.int32, [2, 2], name="pads")
        y = tf.space_to_batch_nd(x, block, pads, name="y")
        z = tf.batch_to_space_nd(y * 2.0, block, pads, name="z")
        tf.identity(tf.gradients(tf.reduce_sum(z * z), [x])[0], name="g")
        feeds = {
            "x": np.arange(2 * 4 * 6, dtype=np.float32).reshape(2, 4, 6, 1).tolist(),
            "block": [2, 3],
            "pads": [[0, 2], [3, 0]],
        }
        with tf.Session() as sess:
            names = ["y", "z", "g"]
            got = sess.run([f"{n}:0" for n in names], {f"{k}:0": v for k, v in feeds.items()})
        graph = base64.b64encode(g.as_graph_def().SerializeToString()).decode()
    return {
        "graph": graph,
        "feeds": feeds,
        "out": {n: v.tolist() for n, v in zip(names, got, strict=True)},
    }


if __name__ == "__main__":
    tf = harness.import_tf1(legacy_keras=True)
    doc = {"tensorflow": tf.__version__, "programs": harness.run_programs(tf, PROGRAMS, "")}
    doc["space_batch_graph"] = space_batch_graph(tf)
    harness.dump(doc)
