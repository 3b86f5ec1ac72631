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
    "unicode_decode_of_several_strings": RUN
    + """
def ragged(r):
    with tf.Session() as sess:
        return sess.run(r).to_list()

def listed(v):
    return [listed(x) for x in v] if isinstance(v, list) else (v.decode("latin-1") if isinstance(v, bytes) else v)

vector = tf.constant([u"h\\u00e9llo".encode(), b"ab", b"", b"\\xff\\xfeA", u"\\u20ac\\U0001f600".encode()])
matrix = tf.constant([[b"a", u"b\\u00e9".encode()], [b"", b"ccc"]])
cube = tf.constant([[[b"xy"], [b"z"]]])
rag = tf.ragged.constant([[b"a", b"bc"], [u"\\u00e9".encode()]])
for key, x in (("vector", vector), ("matrix", matrix), ("cube", cube), ("ragged", rag)):
    points = tf.strings.unicode_decode(x, "UTF-8")
    out[key] = ragged(points)
    out[key + "_ragged_rank"] = points.ragged_rank
    out[key + "_splits_dtype"] = points.row_splits.dtype.name
    p2, offsets = tf.strings.unicode_decode_with_offsets(x, "UTF-8")
    out[key + "_with_offsets"] = [ragged(p2), ragged(offsets)]
    out[key + "_split"] = listed(ragged(tf.strings.unicode_split(x, "UTF-8")))
out["vector_shape"] = tf.strings.unicode_decode(vector, "UTF-8").shape.as_list()
out["list_of_python_strings"] = ragged(tf.strings.unicode_decode([u"\\u00e9a", u"b"], "UTF-8"))
out["ignore"] = ragged(tf.strings.unicode_decode(vector, "UTF-8", errors="ignore"))
out["replacement"] = ragged(tf.strings.unicode_decode(vector, "UTF-8", replacement_char=63))
out["control"] = ragged(tf.strings.unicode_decode(
    tf.constant([b"a\\x01b", b"\\x7f"]), "UTF-8", replace_control_characters=True))
out["utf16"] = ragged(tf.strings.unicode_decode(
    tf.constant([u"h\\u00e9".encode("utf-16-be"), u"\\U0001f600".encode("utf-16-be")]), "UTF-16-BE"))
out["utf16_offsets"] = ragged(tf.strings.unicode_decode_with_offsets(
    tf.constant([u"h\\u00e9".encode("utf-16-be"), u"\\U0001f600".encode("utf-16-be")]), "UTF-16-BE")[1])
out["split_replaced"] = listed(ragged(tf.strings.unicode_split(tf.constant([b"a\\xffb"]), "UTF-8")))
p = tf.placeholder(tf.string, [None])
with tf.Session() as sess:
    out["placeholder"] = sess.run(tf.strings.unicode_decode(p, "UTF-8"), {p: [b"ab", b"c"]}).to_list()
out["strict"] = raises(lambda: ragged(tf.strings.unicode_decode(vector, "UTF-8", errors="strict")))
out["unknown_rank"] = raises(lambda: tf.strings.unicode_decode(tf.placeholder(tf.string), "UTF-8"))
out["not_strings"] = raises(lambda: tf.strings.unicode_decode(tf.constant([1, 2]), "UTF-8"))
out["bad_encoding"] = raises(lambda: ragged(tf.strings.unicode_decode(vector, "EBCDIC")))
""",
    # TF replaces C0 controls only (U+0000..U+001F), not DEL nor the C1 controls.
    "replace_control_characters_c0_only": """
text = u"a\\x00\\x1f \\x7f\\x80\\x85\\x9f\\xa0b".encode()
s = tf.strings
with tf.Session() as sess:
    out["decode"] = sess.run(s.unicode_decode(text, "UTF-8", replace_control_characters=True)).tolist()
    out["offsets"] = [v.tolist() for v in sess.run(
        s.unicode_decode_with_offsets(text, "UTF-8", replace_control_characters=True))]
    out["transcode"] = sess.run(s.unicode_transcode(
        text, "UTF-8", "UTF-8", replace_control_characters=True)).decode("latin-1")
    out["utf16"] = sess.run(s.unicode_transcode(
        text, "UTF-8", "UTF-16-BE", replace_control_characters=True)).decode("latin-1")
    out["vector"] = sess.run(
        s.unicode_decode([text, b"\\x7f"], "UTF-8", replace_control_characters=True)).to_list()
""",
    # TF2's RaggedTensor.from_tensor keeps a matrix's uniform row length, (2, 2, ?);
    # graphgate's from_tensor has none to keep (as bytes_split's, docs/engine.md).
    "unicode_decode_of_a_matrix_static_shape": """
matrix = tf.constant([[b"a", b"b"], [b"", b"ccc"]])
out["decode"] = tf.strings.unicode_decode(matrix, "UTF-8").shape.as_list()
out["split"] = tf.strings.unicode_split(matrix, "UTF-8").shape.as_list()
""",
    "unicode_script": """
points = list(range(0, 0x32000, 0x1F3)) + [
    0x41, 0x3B1, 0x5D0, 0x627, 0x915, 0xE01, 0x10D0, 0x1100, 0x3042, 0x30A2, 0x4E00, 0xAC00,
    0x1E900, 0x20000, 0x1F600, 0x300, 0x64B, 0x378, 0xE000, 0xD800, 0xDFFF, 0xFFFD, 0x10FFFF,
    0x10FFFE, 0xF0000, 0, -1, -7, 0x110000, 0x7FFFFFFF, -0x80000000,
]
x = tf.constant(points, tf.int32)
with tf.Session() as sess:
    out["codes"] = sess.run(tf.strings.unicode_script(x)).tolist()
    out["matrix"] = sess.run(tf.strings.unicode_script([[0x41, 0x3B1], [0x5D0, -1]])).tolist()
    p = tf.placeholder(tf.int32)
    out["unknown_rank"] = sess.run(tf.strings.unicode_script(p), {p: [[0x627]]}).tolist()
    out["scalar"] = sess.run(tf.strings.unicode_script(0x4E00)).tolist()
out["shape"] = tf.strings.unicode_script(x).shape.as_list()
out["dtype"] = tf.strings.unicode_script(x).dtype.name
out["int64"] = raises(lambda: tf.strings.unicode_script(tf.constant([65], tf.int64)))
out["gradient"] = tf.gradients(tf.cast(tf.strings.unicode_script(x), tf.float32), x)
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
