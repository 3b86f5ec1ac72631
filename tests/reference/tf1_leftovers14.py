"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: SparseReorder of
indices outside the dense shape (kept and sorted lexicographically, negative ones first;
the ops reading the result refuse them), `sparse_merge` of an id past the vocabulary, and
`parse_example` of a SparseFeature whose index is negative, past its size or unsorted.
Run unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_leftovers14.py. And TF's
answers from the GraphDef graphgate writes of dense `tf.strings.ngrams` (TF's StringNGrams
over computed splits), `fixtures/ngrams_dense.pb`, written first by graphgate; and TF's
own GraphDef of ngrams and UnicodeEncode, `fixtures/tf_ngrams.pb`, which it writes:

    .venv/bin/python tests/reference/tf1_leftovers14.py graphgate
    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_leftovers14.py \
        > tests/unit/engine/fixtures/tf1_leftovers14.json
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

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


NGRAMS_PB = Path(__file__).resolve().parents[1] / "unit" / "engine" / "fixtures" / "ngrams_dense.pb"
# Dense n-grams of a batch of rows, of a rank-3 tensor and of an unknown shape, with
# separators, pads, padding widths and short sequences kept.
NGRAMS_FETCHES = ("rows", "cube", "short")
NGRAMS_FEEDS = {
    "x": [["a", "b", "c", "d", "e"], ["f", "g", "h", "i", "j"]],
    "c": [[[f"{i}{j}{k}" for k in range(4)] for j in range(3)] for i in range(2)],
    "s": [["a", "b", "c"], ["d", "e", "f"]],
}


def build_dense_ngrams(tf) -> None:
    x = tf.placeholder(tf.string, [None, 5], name="x")
    c = tf.placeholder(tf.string, [2, 3, 4], name="c")
    s = tf.placeholder(tf.string, None, name="s")
    s = tf.reshape(s, [-1, 3])
    tf.identity(tf.strings.ngrams(x, [1, 2], separator="_", pad_values=("<", ">")), name="rows")
    tf.identity(tf.strings.ngrams(c, 3, pad_values="#", padding_width=1), name="cube")
    tf.identity(tf.strings.ngrams(s, [2, 4], preserve_short_sequences=True), name="short")


def ngrams_feeds(rows: int | None = None) -> dict:
    """The feeds by tensor name (`rows` of x's batch: 0 for an empty batch)."""
    feeds = {f"{k}:0": np.asarray(v, object) for k, v in NGRAMS_FEEDS.items()}
    if rows is not None:
        feeds["x:0"] = feeds["x:0"][:rows]
    return feeds


def dense_ngrams_answers(tf) -> dict:
    """TF's answers from graphgate's GraphDef, for the feeds and an empty batch."""
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(NGRAMS_PB.read_bytes())
    out = {"sha256": hashlib.sha256(NGRAMS_PB.read_bytes()).hexdigest()}
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            for key, rows in (("values", None), ("empty_batch", 0)):
                got = sess.run([f"{n}:0" for n in NGRAMS_FETCHES], ngrams_feeds(rows))
                out[key] = {n: as_text(v) for n, v in zip(NGRAMS_FETCHES, got, strict=True)}
    return out


def as_text(v) -> dict:
    v = np.asarray(v)
    return {"shape": list(v.shape), "items": [b.decode() for b in v.ravel().tolist()]}


TF_NGRAMS_PB = NGRAMS_PB.parent / "tf_ngrams.pb"


def tf_ngrams_graph_def(tf) -> dict:
    """TF's own GraphDef of the dense n-grams, a ragged one and a UnicodeEncode of ragged
    code points (their StringNGrams and UnicodeEncode carry `Tsplits`), written to
    `fixtures/tf_ngrams.pb`, and its answers."""
    with tf.Graph().as_default() as graph:
        build_dense_ngrams(tf)
        values = tf.placeholder(tf.string, [None], name="rx")
        splits = tf.placeholder(tf.int64, [None], name="rs")
        ragged = tf.strings.ngrams(tf.RaggedTensor.from_row_splits(values, splits), 2)
        tf.identity(ragged.flat_values, name="ragged")
        tf.identity(ragged.row_splits, name="ragged_splits")
        points = tf.RaggedTensor.from_row_splits(values=[104, 105, 33], row_splits=[0, 2, 3])
        tf.identity(tf.strings.unicode_encode(points, "UTF-8"), name="encoded")
        TF_NGRAMS_PB.write_bytes(graph.as_graph_def().SerializeToString())
        with tf.Session() as sess:
            feeds = {**ngrams_feeds(), "rx:0": ["a", "b", "c", "d"], "rs:0": [0, 3, 3, 4]}
            names = (*NGRAMS_FETCHES, "ragged", "encoded")
            got = sess.run([f"{n}:0" for n in names] + ["ragged_splits:0"], feeds)
    out = {n: as_text(v) for n, v in zip(names, got, strict=False)}
    out["ragged_splits"] = got[-1].tolist()
    return out


def graphgate_step() -> None:
    import graphgate as gg

    with gg.Graph().as_default() as graph:
        build_dense_ngrams(gg)
    gg.io.write_graph(graph, str(NGRAMS_PB.parent), NGRAMS_PB.name, as_text=False)


if __name__ == "__main__":
    if sys.argv[1:] == ["graphgate"]:
        graphgate_step()
    else:
        tf = harness.import_tf1()
        doc = {"tensorflow": tf.__version__, "programs": harness.run_programs(tf, PROGRAMS)}
        doc["ngrams_dense_graph_def"] = dense_ngrams_answers(tf)
        doc["tf_ngrams_graph_def"] = tf_ngrams_graph_def(tf)
        harness.dump(doc)
