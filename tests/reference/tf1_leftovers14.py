"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: SparseReorder of
indices outside the dense shape (kept and sorted lexicographically, negative ones first;
the ops reading the result refuse them), `sparse_merge` of an id past the vocabulary, and
`parse_example` of a SparseFeature whose index is negative, past its size or unsorted.
Run unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_leftovers14.py.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_leftovers14.py \
        > tests/unit/engine/fixtures/tf1_leftovers14.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

SPARSE = """
def sparse(sess, sp, feed=None):
    try:
        v = sess.run(sp, feed)
    except Exception as exc:
        return type(exc).__name__
    return [v.indices.tolist(), v.values.tolist(), v.dense_shape.tolist()]
"""

PROGRAMS = {
    # Fed indices outside [0, dense_shape): past a row, past a column, negative, two
    # entries out of bounds in another order, repeated; reordered, then densified.
    "sparse_reorder_out_of_bounds": SPARSE
    + """
i = tf.placeholder(tf.int64, [None, 2])
v = tf.placeholder(tf.float32, [None])
s = tf.placeholder(tf.int64, [2])
sp = tf.sparse.reorder(tf.SparseTensor(i, v, s))
dense_checked = tf.sparse.to_dense(sp)
for name, idx in (
    ("row", [[5, 0], [0, 1]]),
    ("column", [[1, 3], [0, 1]]),
    ("negative", [[-1, 0], [0, 1], [-2, 5]]),
    ("both_ways", [[2, 0], [1, 3], [1, 1], [0, 9]]),
    ("repeated", [[1, 0], [1, 0], [0, 0]]),
    ("inside", [[1, 1], [0, 1], [1, 0]]),
):
    feed = {i: idx, v: np.arange(1.0, len(idx) + 1.0), s: [2, 2]}
    with tf.Session() as sess:
        out[name] = sparse(sess, sp, feed)
        out[name + "_dense"] = raises(lambda: sess.run(dense_checked, feed))
""",
    # A sparse_merge of an id past vocab_size keeps it; to_dense refuses it.
    "sparse_merge_id_past_the_vocabulary": SPARSE
    + """
ids = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant([3, 1, 0], tf.int64), [2, 2])
vals = tf.SparseTensor(ids.indices, [0.5, 2.0, -1.0], [2, 2])
merged = tf.sparse_merge(ids, vals, 3)
with tf.Session() as sess:
    out["merged"] = sparse(sess, merged)
    out["dense"] = raises(lambda: sess.run(tf.sparse.to_dense(merged)))
""",
    # parse_example's SparseFeature: the index feature's values, sorted, whatever they are.
    "parse_example_sparse_feature_indices": SPARSE
    + """
def example(idx, val):
    return tf.train.Example(features=tf.train.Features(feature={
        "i": tf.train.Feature(int64_list=tf.train.Int64List(value=idx)),
        "v": tf.train.Feature(float_list=tf.train.FloatList(value=val)),
    })).SerializeToString()
s = tf.placeholder(tf.string, [None])
f = tf.io.parse_example(s, {"sp": tf.io.SparseFeature("i", "v", tf.float32, 4)})
with tf.Session() as sess:
    for name, data in (
        ("past", [example([1, 5], [1.0, 2.0])]),
        ("negative", [example([-1, 2], [1.0, 2.0])]),
        ("unsorted", [example([3, 1], [1.0, 2.0]), example([2, 0, 1], [3.0, 4.0, 5.0])]),
        ("inside", [example([0, 3], [1.0, 2.0])]),
    ):
        out[name] = sparse(sess, f["sp"], {s: data})
        out[name + "_dense"] = raises(lambda: sess.run(tf.sparse.to_dense(f["sp"]), {s: data}))
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
