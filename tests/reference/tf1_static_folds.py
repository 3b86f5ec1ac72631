"""Record the static shapes TensorFlow 1.x's shape inference gives by evaluating small
constant subgraphs: `dynamic_stitch`'s length from constant indices (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_static_folds.py \
        > tests/unit/engine/fixtures/tf1_static_folds.json

Each program is TF1 code run unchanged but for the module bound to `tf`, storing what it
observed in `out[...]`; `tests/unit/engine/test_tf1_static_folds.py` runs the same text
against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    "dynamic_stitch_lengths": """
x = tf.constant([0.1, -1.0, 5.2, 4.3, -1.0, 7.4])
mask = tf.cast(tf.not_equal(x, -1.0), tf.int32)
parts = tf.dynamic_partition(x, mask, 2)
ids = tf.dynamic_partition(tf.range(tf.shape(x)[0]), mask, 2)
p = tf.placeholder(tf.int32, [None])
q = tf.placeholder(tf.int32, [6])
made = {
    "partitioned": tf.dynamic_stitch(ids, parts),
    "constants": tf.dynamic_stitch([[0, 2], [1, 5]], [[1.0, 2.0], [3.0, 4.0]]),
    "range": tf.dynamic_stitch([tf.range(3), tf.constant([4])], [[1, 2, 3], [4]]),
    "placeholder": tf.dynamic_stitch([p], [tf.ones([3])]),
    "partition_of_placeholder": tf.dynamic_stitch(
        tf.dynamic_partition(q, mask, 2), tf.dynamic_partition(x, mask, 2)),
}
out["static"] = {k: str(v.shape) for k, v in made.items()}
with tf.Session() as s:
    r = s.run(made, {p: [2, 0, 1], q: [5, 4, 3, 2, 1, 0]})
out["values"] = {k: v.tolist() for k, v in r.items()}
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
