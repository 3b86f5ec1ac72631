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

POOLS = """
POOLS = (("max", tf.nn.fractional_max_pool), ("avg", tf.nn.fractional_avg_pool))
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
unknown = cn(tf.placeholder(tf.float32, [None, 6, 1, 4]),
             tf.placeholder(tf.float32, [None, 6, None]), 2, 8, pad_per_class=True)
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
    if isinstance(v, list):
        return [listed(x) for x in v]
    return v.decode("latin-1") if isinstance(v, bytes) else v

vector = tf.constant(
    [u"h\\u00e9llo".encode(), b"ab", b"", b"\\xff\\xfeA", u"\\u20ac\\U0001f600".encode()])
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
utf16 = tf.constant([u"h\\u00e9".encode("utf-16-be"), u"\\U0001f600".encode("utf-16-be")])
out["utf16"] = ragged(tf.strings.unicode_decode(utf16, "UTF-16-BE"))
out["utf16_offsets"] = ragged(tf.strings.unicode_decode_with_offsets(utf16, "UTF-16-BE")[1])
out["split_replaced"] = listed(ragged(tf.strings.unicode_split(tf.constant([b"a\\xffb"]), "UTF-8")))
p = tf.placeholder(tf.string, [None])
with tf.Session() as sess:
    out["placeholder"] = sess.run(
        tf.strings.unicode_decode(p, "UTF-8"), {p: [b"ab", b"c"]}).to_list()
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
    out["decode"] = sess.run(
        s.unicode_decode(text, "UTF-8", replace_control_characters=True)).tolist()
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
    "fractional_pools_seeded": POOLS
    + """
rng = np.random.RandomState(5)
cases = [
    ((2, 7, 9, 3), (1, 1.5, 1.7, 1)), ((1, 10, 10, 1), (1, 1.44, 1.73, 1)),
    ((1, 25, 31, 2), (1, 2.3, 1.2, 1)), ((3, 6, 8, 1), (1, 2.0, 2.0, 1)),
    ((1, 5, 17, 1), (1, 1.0, 3.4, 1)), ((1, 33, 4, 1), (1, 1.9, 1.1, 1)),
]
d = {}
for i, (shape, ratio) in enumerate(cases):
    x = tf.constant(rng.uniform(-3, 3, shape).astype(np.float32))
    for pseudo in (False, True):
        for overlapping in (False, True):
            key = "%d_%s_%s" % (
                i, "pseudo" if pseudo else "random", "overlap" if overlapping else "disjoint")
            seed, seed2 = int(rng.randint(1, 2**31)), int(rng.randint(0, 2**31))
            for kind, pool in POOLS:
                y, rows, cols = pool(
                    x, ratio, pseudo, overlapping, deterministic=True, seed=seed, seed2=seed2)
                up = tf.constant(rng.uniform(-1, 1, y.shape.as_list()).astype(np.float32))
                d[kind + "_" + key] = [y, rows, cols, tf.gradients(y, x, grad_ys=up)[0]]
                out[kind + "_static_" + key] = y.shape.as_list()
with tf.Session() as sess:
    got = sess.run(d)
    again = sess.run(d)
for k, v in got.items():
    out[k] = [a.tolist() for a in v]
    out[k + "_same_next_run"] = all(np.array_equal(a, b) for a, b in zip(v, again[k]))
""",
    "fractional_pools_dtypes_and_edges": POOLS
    + """
d = {}
base = np.arange(2 * 9 * 8 * 2).reshape(2, 9, 8, 2) % 13 - 6
for dtype in (tf.float32, tf.float64, tf.int32, tf.int64):
    x = tf.constant(base, dtype)
    for kind, pool in POOLS:
        y = pool(x, [1, 1.6, 1.3, 1], True, True, deterministic=True, seed=7, seed2=9)
        d["%s_%s" % (kind, dtype.name)] = y[0]
        out["%s_%s_dtype" % (kind, dtype.name)] = y[0].dtype.name
x = tf.constant(np.array([[np.nan, -np.inf, 1, np.nan], [2, np.nan, -np.inf, -np.inf],
                          [np.inf, 0, np.nan, np.nan]], np.float32).reshape(1, 3, 4, 1))
y = tf.nn.fractional_max_pool(x, [1, 1.4, 1.9, 1], deterministic=True, seed=1, seed2=2)[0]
d["special_max"] = y
ties = tf.constant(np.array(
    [[1, 1, 2, 2, 0], [1, 1, 2, 2, 0], [3, 3, 3, 3, 3]], np.float32).reshape(1, 3, 5, 1))
y, rows, cols = tf.nn.fractional_max_pool(
    ties, [1, 1.4, 1.6, 1], False, True, deterministic=True, seed=4, seed2=4)
d["ties_overlapping"] = [y, rows, cols, tf.gradients(y, ties, grad_ys=tf.ones_like(y) * 0.1)[0]]
x64 = tf.constant(np.linspace(-1, 1, 60).reshape(1, 6, 10, 1))
y = tf.nn.fractional_avg_pool(
    x64, [1, 1.7, 1.3, 1], True, True, deterministic=True, seed=3, seed2=0)[0]
up = np.linspace(0, 1, y.shape.num_elements()).reshape(y.shape.as_list())
d["avg_float64_gradient"] = tf.gradients(y, x64, grad_ys=tf.constant(up))[0]
with tf.Session() as sess:
    for k, v in sess.run(d).items():
        out[k] = [a.tolist() for a in v] if isinstance(v, list) else v.tolist()
""",
    "fractional_pools_unseeded_and_errors": """
x = tf.constant(np.random.RandomState(1).uniform(size=(1, 10, 12, 1)).astype(np.float32))
fmp = tf.nn.fractional_max_pool
random_each_run = fmp(x, [1, 1.5, 1.5, 1])
random_once = fmp(x, [1, 1.5, 1.5, 1], deterministic=True)
with tf.Session() as sess:
    runs = [sess.run(random_each_run) for _ in range(2)]
    onces = [sess.run(random_once) for _ in range(3)]
def valid(rows, n):
    steps = np.diff(rows)
    return bool(rows[0] == 0 and rows[-1] == n and steps.min() >= 1 and steps.max() <= 2)
out["each_run_shapes"] = [list(a.shape) for a in runs[0]]
out["each_run_valid"] = [valid(r[1], 10) and valid(r[2], 12) for r in runs]
out["once_same"] = all(np.array_equal(a, b) for o in onces[1:] for a, b in zip(onces[0], o))
out["once_valid"] = valid(onces[0][1], 10) and valid(onces[0][2], 12)
with tf.Session() as sess:
    out["seed_not_deterministic"] = raises(lambda: sess.run(fmp(x, [1, 1.5, 1.5, 1], seed=3)))
    out["seed2_not_deterministic"] = raises(lambda: sess.run(fmp(x, [1, 1.5, 1.5, 1], seed2=3)))
    seeded = dict(deterministic=True, seed=1)
    out["batch_and_channels"] = raises(lambda: sess.run(fmp(x, [2, 1.5, 1.5, 2], **seeded)))
    out["ratio_above_size"] = raises(lambda: sess.run(fmp(x, [1, 10.5, 1.5, 1], **seeded)))
    out["ratio_above_size_static"] = fmp(x, [1, 10.5, 1.5, 1], **seeded)[0].shape.as_list()
    p = tf.placeholder(tf.float32, [None, None, 8, 1])
    y = fmp(p, [1, 1.5, 1.5, 1], deterministic=True, seed=5)
    out["placeholder_static"] = y[0].shape.as_list()
    fed = np.arange(40, dtype=np.float32).reshape(1, 5, 8, 1)
    out["placeholder"] = [a.tolist() for a in sess.run(y, {p: fed})]
out["ratio_below_one"] = raises(lambda: fmp(x, [1, 0.5, 1.5, 1]))
out["ratio_too_short"] = raises(lambda: fmp(x, [1, 1.5, 1.5]))
out["rank_3"] = raises(lambda: fmp(tf.zeros([2, 3, 3]), [1, 1.5, 1.5, 1]))
out["float16"] = raises(lambda: fmp(tf.zeros([1, 4, 4, 1], tf.float16), [1, 1.5, 1.5, 1]))
y = fmp(x, [1, 1.5, 1.5, 1], deterministic=True, seed=1)[0]
out["second_order_max"] = raises(lambda: tf.gradients(tf.gradients(tf.reduce_sum(y * y), x)[0], x))
ya = tf.nn.fractional_avg_pool(x, [1, 1.5, 1.5, 1], deterministic=True, seed=1)[0]
out["second_order_avg"] = raises(
    lambda: tf.gradients(tf.gradients(tf.reduce_sum(ya * ya), x)[0], x))
ga = tf.gradients(ya, x, grad_ys=tf.constant(np.ones(ya.shape.as_list(), np.float32)))[0]
out["second_order_avg_constant_upstream"] = tf.gradients(ga, x)
out["names"] = [t.name for t in fmp(x, [1, 1.5, 1.5, 1], deterministic=True, seed=1, name="pool")]
""",
    # TF's walk from the xs follows float tensors only, so it never reaches the average
    # pool's gradient through the sum's gradient (built from the int Shape of y);
    # graphgate's walk reaches it through that Shape and asks for its gradient.
    "fractional_avg_pool_second_order_through_a_shape": """
x = tf.constant(np.random.RandomState(1).uniform(size=(1, 10, 12, 1)).astype(np.float32))
ya = tf.nn.fractional_avg_pool(x, [1, 1.5, 1.5, 1], deterministic=True, seed=1)[0]
out["linear"] = tf.gradients(tf.gradients(tf.reduce_sum(ya), x)[0], x)
""",
    # TF's shape function gives the pooling sequences the output's length; its kernel
    # answers one more entry (the windows' bounds), which graphgate's static shape says.
    "fractional_pool_sequence_static_shapes": """
x = tf.zeros([2, 7, 9, 3])
for kind, pool in (("max", tf.nn.fractional_max_pool), ("avg", tf.nn.fractional_avg_pool)):
    y, rows, cols = pool(x, [1, 1.5, 1.7, 1], deterministic=True, seed=1)
    out[kind] = [rows.shape.as_list(), cols.shape.as_list()]
    with tf.Session() as sess:
        out[kind + "_run"] = [list(a.shape) for a in sess.run([rows, cols])]
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
