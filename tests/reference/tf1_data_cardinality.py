"""Record what TensorFlow 1.x's `Dataset.cardinality()` (TF's DatasetCardinality, also
`tf.data.experimental.cardinality`) counts for TF1 graph-mode pipelines (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_data_cardinality.py \
        > tests/unit/engine/fixtures/tf1_data_cardinality.json

Each program is TF1 code run unchanged but for the module bound to `tf`, storing what it
observed in `out[...]`; `tests/unit/engine/test_tf1_data_cardinality.py` runs the same
text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    "counts_of_pipelines": """
D = tf.data.Dataset
cases = {
    "range": D.range(20), "range_down": D.range(10, 0, -3), "range_empty": D.range(5, 2),
    "batch": D.range(10).batch(3), "batch_drop": D.range(10).batch(3, drop_remainder=True),
    "repeat_forever": D.range(3).repeat(), "repeat_twice": D.range(3).repeat(2),
    "repeat_empty": D.range(0).repeat(),
    "repeat_filter": D.range(3).filter(lambda x: x > 0).repeat(),
    "filter": D.range(5).filter(lambda x: x > 2), "take_of_forever": D.range(3).repeat().take(7),
    "take_all": D.range(3).take(-1), "take_more": D.range(3).take(10), "skip": D.range(10).skip(4),
    "skip_all": D.range(4).skip(-1), "skip_more": D.range(4).skip(9),
    "zip": D.zip((D.range(3), D.range(5).repeat())), "zip_forever": D.zip((D.range(2).repeat(),)),
    "zip_unknown": D.zip((D.range(3), D.range(5).filter(lambda x: x > 1))),
    "concat": D.range(3).concatenate(D.range(4)),
    "concat_forever": D.range(3).concatenate(D.range(4).repeat()),
    # TF1's map (DatasetV1: preserve_cardinality=False) does not count; TF2's would.
    "map": D.range(4).map(lambda x: x * 2),
    "map_parallel": D.range(4).map(lambda x: x * 2, num_parallel_calls=2),
    "shuffle_cache_prefetch": D.range(4).shuffle(3).cache().prefetch(1),
    "shuffle_repeat": D.range(4).shuffle(2).repeat(3),
    "padded_batch": D.range(5).padded_batch(2, padded_shapes=[]),
    "unbatch": D.range(6).batch(2).unbatch(),
    "with_options": D.range(4).with_options(tf.data.Options()),
    "slices": D.from_tensor_slices(([1, 2, 3], [4, 5, 6])), "tensors": D.from_tensors([1, 2, 3]),
    "flat_map": D.range(3).flat_map(lambda x: D.range(x)),
    "interleave": D.range(3).interleave(lambda x: D.range(x), cycle_length=2),
    "batch_of_forever": D.range(3).repeat().batch(2),
}
counts = {k: v.cardinality() for k, v in cases.items()}
out["static"] = [str(counts["range"].shape), counts["range"].dtype.name]
out["experimental"] = [tf.data.experimental.INFINITE_CARDINALITY,
                       tf.data.experimental.UNKNOWN_CARDINALITY]
with tf.Session() as s:
    out["counts"] = {k: int(v) for k, v in s.run(counts).items()}
    out["function"] = int(s.run(tf.data.experimental.cardinality(D.range(7).batch(2))))
""",
    "shuffle_buffer_of_its_cardinality": """
dataset = tf.data.Dataset.range(20)
dataset = dataset.shuffle(dataset.cardinality(), seed=3)
nxt = tf.data.make_one_shot_iterator(dataset).get_next()
with tf.Session() as s:
    out["elements"] = [int(s.run(nxt)) for _ in range(20)]
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
