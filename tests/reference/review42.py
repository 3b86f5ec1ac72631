"""Review 42's findings against TF 2.21 (dev-only): `tf.strings.ngrams` given its pads
and separator as bytes, TF's padding_width checks; `tf.sparse.bincount` per row of a
matrix of no columns, and of a RaggedTensor; a Householder operator's determinant,
log-determinant and trace (TF's eigenvalue formulas, a zero axis too); which ops between a
shuffle and its repeat TF's no-op elimination drops before it fuses them (a repeat of 0 or
below -1 refused).
Run unchanged with `tf` = graphgate by tests/unit/engine/test_review42.py.

    /work/tfvenv/bin/python tests/reference/review42.py \
        > tests/unit/engine/fixtures/review42.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401  (the programs' `np`)

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

RUN = """
def text(v):
    if isinstance(v, list):
        return [text(x) for x in v]
    return v.decode() if isinstance(v, bytes) else v
def run(fetch, feed=None):
    with tf.Session() as sess:
        got = sess.run(fetch, feed)
    return [text(np.asarray(g).tolist()) for g in got] if isinstance(got, (tuple, list)) else (
        text(np.asarray(got).tolist()))
"""

NGRAM_ARGS = {
    "bytes_pair": "[1, 3], pad_values=(b'<', b'>'), padding_width=1",
    "bytes_pair_short": "3, pad_values=(b'<', b'>'), padding_width=2, "
    "preserve_short_sequences=True",
    "bytes_separator": "4, separator=b'|', preserve_short_sequences=True",
    "bytes_pad": "2, pad_values=b'#'",
    "bytes_pad_wide": "3, pad_values=b'#', padding_width=5",
    "text_pad_unit": "1, pad_values='#'",
    "mixed_pair": "2, pad_values=('<', b'>'), separator='-'",
}

PROGRAMS = {
    f"ngrams_{name}": RUN
    + f"""
rt = tf.ragged.constant([[b'a', b'b', b'c'], [], [b'd'], [b'e', b'f']])
r = tf.strings.ngrams(rt, {args})
out["ragged"] = run([r.flat_values, r.row_splits])
out["dense"] = run(tf.strings.ngrams(tf.constant([[b'a', b'b', b'c'], [b'd', b'e', b'f']]), {args}))
"""
    for name, args in NGRAM_ARGS.items()
}

PROGRAMS["ngrams_refusals"] = """
d = tf.constant([b'a', b'b'])
out["negative_width"] = raises(lambda: tf.strings.ngrams(d, 2, pad_values=b'#', padding_width=-1))
out["zero_width"] = raises(lambda: tf.strings.ngrams(d, 2, pad_values='#', padding_width=0))
out["width_without_pads"] = raises(lambda: tf.strings.ngrams(d, 2, padding_width=1))
out["int_pad"] = raises(lambda: tf.strings.ngrams(d, 2, pad_values=3))
out["int_pair"] = raises(lambda: tf.strings.ngrams(d, 2, pad_values=(b'<', 3)))
"""

PROGRAMS["sparse_bincount_rows_of_nothing"] = (
    RUN
    + """
for name, kw in (("plain", {}), ("minlength", {"minlength": 3}),
                 ("maxlength", {"maxlength": 2}), ("binary", {"binary_output": True})):
    r = tf.sparse.bincount(tf.zeros([2, 0], tf.int32), axis=-1, **kw)
    out[name] = run([r.indices, r.values, r.dense_shape])
w = tf.sparse.bincount(tf.zeros([3, 0], tf.int64), weights=tf.zeros([3, 0]), axis=-1)
out["weights"] = run([w.indices, w.values, w.dense_shape])
out["no_rows"] = raises(lambda: run(tf.sparse.bincount(tf.zeros([0, 2], tf.int64), axis=-1).values))
"""
)

PROGRAMS["sparse_bincount_of_ragged"] = (
    RUN
    + """
rt = tf.ragged.constant([[1, 1, 3], [], [0, 5, 5, 5]], tf.int64)
w = tf.ragged.constant([[1., 2., 3.], [], [4., 5., 6., 7.]])
for i, kw in enumerate(({"axis": -1}, {"axis": 0}, {"axis": -1, "minlength": 8},
                        {"axis": -1, "maxlength": 4}, {"axis": -1, "binary_output": True},
                        {"axis": 0, "maxlength": 2, "minlength": 1},
                        {"axis": -1, "weights": w}, {"axis": 0, "weights": w})):
    r = tf.sparse.bincount(rt, **kw)
    out[str(i)] = run([r.indices, r.values, r.dense_shape])
empty = tf.sparse.bincount(tf.ragged.constant([[], [2], []], tf.int32), axis=-1)
out["empty_rows"] = run([empty.indices, empty.values, empty.dense_shape])
deep = tf.ragged.constant([[[1, 2], [3]], [[4, 4]]], tf.int64)
r = tf.sparse.bincount(deep, axis=0)
out["deep_axis_0"] = run([r.indices, r.values, r.dense_shape])
out["deep_per_row"] = raises(lambda: tf.sparse.bincount(deep, axis=-1))
out["dense_weights"] = raises(lambda: tf.sparse.bincount(rt, weights=tf.ones([7])))
other = tf.ragged.constant([[1., 2.], [3.], [4., 5., 6., 7.]])
out["other_splits"] = raises(lambda: run(tf.sparse.bincount(rt, weights=other, axis=-1).values))
"""
)

PROGRAMS["householder_eigenvalue_formulas"] = (
    RUN
    + """
for name, axis in (("unit", tf.constant([1., 2., 2.], tf.float64)),
                   ("zero", tf.constant([0., 0., 0.])),
                   ("batch", tf.constant([[0., 0.], [3., 4.]])),
                   ("float32", tf.constant([0.3, -1.7, 2.9, 0.1]))):
    op = tf.linalg.LinearOperatorHouseholder(axis)
    out[name] = run([op.determinant(), op.log_abs_determinant(), op.trace()])
    out[name + "_dtypes"] = [op.determinant().dtype.name, op.trace().dtype.name]
"""
)

MIDDLES = {
    "take_all": "take(-1)",
    "skip_none": "skip(0)",
    "repeat_once": "repeat(1)",
    "shard_one": "shard(1, 0)",
    "identity_map": "map(lambda x: x)",
    "identity_parallel_map": "map(lambda x: x, num_parallel_calls=2)",
    "chain": "skip(0).take(-1).map(lambda x: x)",
    "prefetch_zero": "prefetch(0)",
    "prefetch_auto": "prefetch(-1)",
    "prefetch": "prefetch(2)",
    "options": "with_options(tf.data.Options())",
    "cache": "cache()",
    "take_some": "take(5)",
    "filter": "filter(lambda x: True)",
    "map": "map(lambda x: x + 1)",
    "swapped_map": "map(lambda x: (x, x)).map(lambda a, b: b)",
}

PROGRAMS["shuffle_then_repeat"] = """
def first(ds):
    with tf.Session() as sess:
        return int(sess.run(tf.data.make_one_shot_iterator(ds).get_next()))
"""
for _name, _middle in MIDDLES.items():
    PROGRAMS["shuffle_then_repeat"] += f"""
for count in (0, -2, 2):
    ds = tf.data.Dataset.range(3).shuffle(3, seed=1).{_middle}.repeat(count)
    out["{_name}_" + str(count)] = raises(lambda: first(ds))
"""


if __name__ == "__main__":
    harness.main(PROGRAMS)
