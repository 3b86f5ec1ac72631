"""Record the crops TensorFlow's `tf.image.sample_distorted_bounding_box` samples (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_bounding_box.py \
        > tests/unit/engine/fixtures/tf1_bounding_box.json

Each program is TF1 code run unchanged but for the module bound to `tf`: seeded ops drawn
over several runs of one session (the k-th run's box is TF's k-th), the stateless op, the
fallback to the whole image, and exception classes. `stateless_box` is TF 2's
`tf.image.stateless_sample_distorted_bounding_box` (TF1 has none; graphgate has it in
`tf.image`).
`tests/unit/engine/test_tf1_bounding_box.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {
    "seeded_runs": """
boxes = tf.constant([[[0.1, 0.2, 0.5, 0.7], [0.3, 0.3, 0.9, 0.8]]], tf.float32)
cases = [
    dict(seed=1, seed2=2),
    dict(seed=7, seed2=0, min_object_covered=0.5),
    dict(seed=3, seed2=9, aspect_ratio_range=[0.5, 2.0], area_range=[0.1, 0.6]),
    dict(seed=11, seed2=4, min_object_covered=0.0, area_range=[0.3, 1.0], max_attempts=10),
    dict(seed=5, seed2=5, aspect_ratio_range=[1.0, 1.0], area_range=[0.25, 0.25]),
]
ops = []
for i, kw in enumerate(cases):
    size = tf.constant([120 + 13 * i, 160 - 9 * i, 3], [tf.int32, tf.int64][i % 2])
    ops.append(tf.image.sample_distorted_bounding_box(size, boxes, **kw))
out["names"] = [t.name for t in ops[0]]
out["shapes"] = [t.shape.as_list() for t in ops[0]]
out["dtypes"] = [t.dtype.name for op in ops for t in op]
with tf.Session() as sess:
    out["runs"] = [[[v.tolist() for v in sess.run(op)] for op in ops] for _ in range(4)]
""",
    "no_boxes_and_fallback": """
size = tf.constant([50, 40, 1])
none = tf.zeros([1, 0, 4])
whole = tf.image.sample_distorted_bounding_box(
    size, none, seed=2, seed2=3, use_image_if_no_bounding_boxes=True)
tiny = tf.constant([[[0.0, 0.0, 0.02, 0.02]]])
fallback = tf.image.sample_distorted_bounding_box(
    size, tiny, seed=4, seed2=1, min_object_covered=1.0, area_range=[0.5, 1.0],
    max_attempts=5)
refused = tf.image.sample_distorted_bounding_box(size, none, seed=1, seed2=1)
bad_box = tf.image.sample_distorted_bounding_box(size, tf.constant([[[0.0, 0.0, 1.5, 1.0]]]),
                                                 seed=1, seed2=1)
with tf.Session() as sess:
    out["whole"] = [[v.tolist() for v in sess.run(whole)] for _ in range(3)]
    out["fallback"] = [v.tolist() for v in sess.run(fallback)]
    out["refused"] = raises(lambda: sess.run(refused))
    out["bad_box"] = raises(lambda: sess.run(bad_box))
""",
    "stateless": """
boxes = tf.constant([[[0.1, 0.2, 0.5, 0.7]]])
size = tf.constant([100, 80, 3])
ops = [stateless_box(size, boxes, seed=[s, s * 3 + 1], min_object_covered=0.3)
       for s in (1, 2, 3, 4)]
with tf.Session() as sess:
    out["boxes"] = [[v.tolist() for v in sess.run(op)] for op in ops]
    out["same_again"] = [v.tolist() for v in sess.run(ops[0])] == out["boxes"][0]
""",
}


def main() -> None:
    tf = harness.import_tf1()
    import tensorflow as tf2

    box = tf2.image.stateless_sample_distorted_bounding_box
    out = harness.run_programs(tf, PROGRAMS, stateless_box=box)
    harness.dump({"tensorflow": tf.__version__, "programs": out})


if __name__ == "__main__":
    main()
