"""TF1 behaviours earlier rounds listed as graphgate's differences and left (dev-only):
`tile` with multiples known only at run time (of unknown length too), combined non-max
suppression with its sizes and thresholds as tensors, and the ones graphgate keeps
answering otherwise (strict xfails in test_tf1_leftovers3.py, reasons in
docs/decision_log.md). Run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_leftovers3.py.

    /work/tfvenv/bin/python tests/reference/tf1_leftovers3.py \
        > tests/unit/engine/fixtures/tf1_leftovers3.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

RUN = """
def run(fetch, feed=None):
    with tf.Session() as sess:
        got = sess.run(fetch, feed)
    return [np.asarray(g).tolist() for g in got] if isinstance(got, tuple | list) else got.tolist()

def shape(t):
    return t.shape.as_list() if t.shape.ndims is not None else None
"""

PROGRAMS = {
    "tile_multiples_at_run_time": RUN
    + """
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
m = tf.placeholder(tf.int32, [2])
m_any = tf.placeholder(tf.int32)
m_vec = tf.placeholder(tf.int32, [None])
u = tf.placeholder(tf.float32)
out["placeholder"] = run(tf.tile(x, m), {m: [2, 3]})
out["placeholder_shape"] = shape(tf.tile(x, m))
out["computed"] = run(tf.tile(x, tf.constant([1, 2]) * 2))
out["computed_shape"] = shape(tf.tile(x, tf.constant([1, 2]) * 2))
out["unknown_length"] = run(tf.tile(x, m_any), {m_any: [1, 2]})
out["unknown_length_shape"] = shape(tf.tile(x, m_any))
out["vector"] = run(tf.tile(x, m_vec), {m_vec: [3, 1]})
out["vector_shape"] = shape(tf.tile(x, m_vec))
out["mixed_shape"] = shape(tf.tile(x, tf.stack([tf.placeholder(tf.int32, []), 3])))
out["zero"] = run(tf.tile(x, m), {m: [0, 2]})
out["unknown_rank_input"] = run(tf.tile(u, [2, 1]), {u: [[1.0, 2.0]]})
out["unknown_rank_input_shape"] = shape(tf.tile(u, [2, 0, 3]))
out["unknown_rank_both"] = run(tf.tile(u, m_any), {u: [[1.0], [2.0]], m_any: [1, 3]})
out["unknown_rank_both_shape"] = shape(tf.tile(u, m_any))
out["unknown_rank_input_placeholder_shape"] = shape(tf.tile(u, m))
g = tf.gradients(tf.reduce_sum(tf.tile(u, m_any) * tf.constant(2.0)), u)[0]
out["gradient_unknown_ranks"] = run(g, {u: [[1.0, 2.0]], m_any: [2, 3]})
g = tf.gradients(tf.reduce_sum(tf.tile(x, m) * x[0, 0]), x)[0]
out["gradient_placeholder"] = run(g, {m: [2, 2]})
out["negative"] = raises(lambda: run(tf.tile(x, m), {m: [2, -1]}))
out["too_long"] = raises(lambda: run(tf.tile(x, m_any), {m_any: [2, 1, 1]}))
out["too_short"] = raises(lambda: run(tf.tile(x, m_vec), {m_vec: [2]}))
out["rank_differs_when_run"] = raises(lambda: run(tf.tile(u, [2, 1]), {u: [1.0, 2.0]}))
out["static_too_long"] = raises(lambda: tf.tile(x, m_vec[:1] * tf.constant([1, 2, 3])))
""",
    "combined_non_max_suppression_tensor_arguments": RUN
    + """
rng = np.random.RandomState(0)
boxes = tf.constant(rng.uniform(0, 1, (2, 6, 1, 4)).astype(np.float32))
scores = tf.constant(rng.uniform(0, 1, (2, 6, 3)).astype(np.float32))
per_class, total = tf.placeholder(tf.int32, []), tf.placeholder(tf.int32, [])
iou, floor = tf.placeholder(tf.float32, []), tf.placeholder(tf.float32, [])
cn = tf.image.combined_non_max_suppression
feed = {per_class: 2, total: 5, iou: 0.5, floor: 0.3}
all_four = cn(boxes, scores, per_class, total, iou, floor)
out["all_four"] = run(all_four, feed)
out["all_four_static"] = run(cn(boxes, scores, 2, 5, 0.5, 0.3))
out["all_four_shapes"] = [shape(t) for t in all_four]
out["per_class_only"] = run(cn(boxes, scores, per_class, 4), {per_class: 1})
out["total_only"] = run(cn(boxes, scores, 3, total), {total: 7})
out["iou_only"] = run(cn(boxes, scores, 3, 6, iou_threshold=iou), {iou: 0.2})
out["score_only"] = run(cn(boxes, scores, 3, 6, score_threshold=floor), {floor: 0.6})
padded = cn(boxes, scores, per_class, total, iou, floor, pad_per_class=True)
out["padded"] = run(padded, {per_class: 2, total: 10, iou: 0.5, floor: 0.3})
out["padded_shapes"] = [shape(t) for t in padded]
out["padded_total_known"] = shape(cn(boxes, scores, per_class, 4, pad_per_class=True)[0])
out["padded_sizes_known"] = shape(cn(boxes, scores, 2, 8, iou, pad_per_class=True)[0])
out["computed"] = run(cn(boxes, scores, tf.constant(1) + 1, tf.constant(2) * 3))
out["computed_shape"] = shape(cn(boxes, scores, tf.constant(1) + 1, tf.constant(2) * 3)[0])
out["constant_tensors_shape"] = shape(cn(boxes, scores, tf.constant(2), tf.constant(8))[0])
out["no_clip"] = run(cn(boxes * 2.0, scores, per_class, 3, clip_boxes=False), {per_class: 2})
unknown = cn(tf.placeholder(tf.float32, [None, 6, 1, 4]), tf.placeholder(tf.float32, [None, 6, None]),
             2, 8, pad_per_class=True)
out["unknown_batch_shape"] = shape(unknown[0])
for key, bad in (("per_class_zero", {per_class: 0}), ("per_class_negative", {per_class: -1}),
                 ("total_zero", {total: 0}), ("total_negative", {total: -3}),
                 ("iou_above_one", {iou: 1.5}), ("iou_negative", {iou: -0.5})):
    out[key] = raises(lambda: run(all_four, {**feed, **bad}))
out["static_per_class_zero"] = raises(lambda: run(cn(boxes, scores, 0, 5)))
out["static_total_zero"] = raises(lambda: cn(boxes, scores, 2, 0))
out["static_negative"] = raises(lambda: cn(boxes, scores, -2, 5))
out["static_iou_above_one"] = raises(lambda: run(cn(boxes, scores, 2, 5, 1.5)))
out["limit_not_a_scalar"] = raises(lambda: cn(boxes, scores, tf.constant([1, 2]), 5))
out["threshold_not_a_scalar"] = raises(lambda: cn(boxes, scores, 2, 5, tf.constant([0.5])))
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
