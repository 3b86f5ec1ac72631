"""TF1 symbols graphgate lacked after the second survey round (dev-only): the `tf.raw_ops`
of ops graphgate has kernels for but did not expose there (the special functions
`BesselJ0`... `Spence`, `NextAfter`, `MatrixSquareRoot`, `UnicodeScript`, `Fingerprint`,
`EncodeWav`, `Timestamp`, `LookupTableInsertV2`/`RemoveV2`), and `Graph.get_tensor_by_name`'s
refusals of what is not a tensor's name, each program run unchanged with `tf` = graphgate
by tests/unit/engine/test_tf1_apigaps3.py.

    /work/tfvenv/bin/python tests/reference/tf1_apigaps3.py \
        > tests/unit/engine/fixtures/tf1_apigaps3.json
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
    return [None if g is None else np.asarray(g).tolist() for g in got] if isinstance(
        got, tuple | list) else (None if got is None else np.asarray(got).tolist())
"""


SEQ = """
def feature(f, v):
    if isinstance(v[0], float):
        f.float_list.value.extend(v)
    elif isinstance(v[0], bytes):
        f.bytes_list.value.extend(v)
    else:
        f.int64_list.value.extend(v)
def seq_example(ctx, lists):
    e = tf.train.SequenceExample()
    for k, v in ctx.items():
        feature(e.context.feature[k], v)
    for k, steps in lists.items():
        fl = e.feature_lists.feature_list[k]
        for v in steps:
            feature(fl.feature.add(), v)
    return e.SerializeToString()
a = seq_example({"len": [3], "tags": [b"x", b"y"]},
                {"tok": [[1], [2], [3]], "vec": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
                 "var": [[7], [8, 9], [10]], "words": [[b"a"], [b"b"], [b"c"]]})
b = seq_example({"tags": [b"z"]}, {"tok": [[4]], "vec": [[0.5, 0.25]], "var": [[1, 2, 3]],
                                   "words": [[b"d"]]})
CONTEXT = {"len": tf.FixedLenFeature([], tf.int64, default_value=-1),
           "tags": tf.VarLenFeature(tf.string)}
LISTS = {"tok": tf.FixedLenSequenceFeature([], tf.int64),
         "vec": tf.FixedLenSequenceFeature([2], tf.float32),
         "var": tf.VarLenFeature(tf.int64),
         "words": tf.FixedLenSequenceFeature([], tf.string)}
def text(v):
    if isinstance(v, list):
        return [text(x) for x in v]
    return v.decode() if isinstance(v, bytes) else v
def fetched(parsed):
    with tf.Session() as sess:
        got = sess.run(parsed)
    def plain(v):
        if hasattr(v, "indices"):
            return [plain(v.indices), plain(v.values), plain(v.dense_shape)]
        return text(np.asarray(v).tolist())
    return [{k: plain(v) for k, v in sorted(d.items())} for d in got]
def shapes(parsed):
    out = []
    for d in parsed:
        for k, v in sorted(d.items()):
            if hasattr(v, "indices"):
                out.append([k, v.indices.shape.as_list(), v.dense_shape.shape.as_list()])
            else:
                out.append([k, v.shape.as_list(), v.dtype.name, v.name])
    return out
"""

SPECIAL = [
    "BesselJ0",
    "BesselJ1",
    "BesselY0",
    "BesselY1",
    "BesselK0",
    "BesselK0e",
    "BesselK1",
    "BesselK1e",
    "Dawsn",
    "Expint",
    "FresnelCos",
    "FresnelSin",
    "Spence",
]

PROGRAMS = {
    "raw_ops_special_functions": RUN
    + f"""
for dtype in (tf.float64, tf.float32):
    x = tf.constant([0.25, 0.5, 1.0, 2.5, 7.0], dtype)
    for op in {SPECIAL!r}:
        y = getattr(tf.raw_ops, op)(x=x)
        out[op + "_" + dtype.name] = [y.op.name, y.op.type, y.dtype.name, run(y)]
y = tf.raw_ops.BesselJ0(x=x, name="j0")
out["named"] = [y.op.name, y.op.type]
out["positional"] = raises(lambda: tf.raw_ops.BesselJ0(x))
out["int"] = raises(lambda: tf.raw_ops.Dawsn(x=tf.constant([1, 2])))
""",
    "raw_ops_special_gradients": RUN
    + """
x = tf.constant([0.5, 1.0, 2.5], tf.float64)
ys = [tf.raw_ops.BesselJ0(x=x), tf.raw_ops.BesselK1e(x=x), tf.raw_ops.Dawsn(x=x),
      tf.raw_ops.Expint(x=x), tf.raw_ops.FresnelSin(x=x), tf.raw_ops.Spence(x=x)]
out["grads"] = run([tf.gradients(y * [1.0, 2.0, -1.0], x)[0] for y in ys])
""",
    "raw_ops_next_after": RUN
    + """
a = tf.raw_ops.NextAfter(x1=tf.constant([1.0, 0.0, -2.0], tf.float64), x2=[2.0, 1.0, -3.0])
b = tf.raw_ops.NextAfter(x1=tf.constant([1.0, 0.0]), x2=tf.constant([0.0, -1.0]))
out["values"] = [np.asarray(v).view(np.int64 if v.dtype == np.float64 else np.int32).tolist()
                 for v in tf.Session().run([a, b])]
out["meta"] = [a.op.name, a.dtype.name, b.dtype.name, a.op.inputs[1].op.name]
out["mixed"] = raises(lambda: tf.raw_ops.NextAfter(x1=tf.constant([1.0]),
                                                   x2=tf.constant([1.0], tf.float64)))
""",
    "raw_ops_matrix_square_root": RUN
    + """
m = tf.constant([[4.0, 1.0], [0.0, 9.0]], tf.float64)
r = tf.raw_ops.MatrixSquareRoot(input=m)
out["values"] = run(r)
out["meta"] = [r.op.name, r.op.type, r.shape.as_list()]
""",
    "raw_ops_unicode_script": RUN
    + """
s = tf.raw_ops.UnicodeScript(input=tf.constant([65, 0x3B1, 0x5D0, 0x4E00, 0x30, -1]))
out["values"] = run(s)
out["meta"] = [s.op.name, s.dtype.name]
out["int64"] = raises(lambda: tf.raw_ops.UnicodeScript(input=tf.constant([65], tf.int64)))
""",
    "raw_ops_fingerprint": RUN
    + """
f = tf.raw_ops.Fingerprint(data=tf.constant([[1, 2], [3, 4]]), method="farmhash64")
s = tf.raw_ops.Fingerprint(data=tf.constant(["a", "bc"]), method="farmhash64")
out["values"] = run([f, s])
out["meta"] = [f.op.name, f.dtype.name, f.shape.as_list(), f.op.inputs[1].op.name]
""",
    "raw_ops_encode_wav": RUN
    + """
w = tf.raw_ops.EncodeWav(audio=tf.constant([[0.0, 0.25], [0.5, -1.0]]), sample_rate=8000)
with tf.Session() as sess:
    got = sess.run(w)
out["bytes"] = list(got)
out["meta"] = [w.op.name, w.dtype.name, w.op.inputs[1].op.name]
""",
    "raw_ops_timestamp": RUN
    + """
t = tf.raw_ops.Timestamp()
with tf.Session() as sess:
    got = sess.run(t)
out["meta"] = [t.op.name, t.dtype.name, t.shape.as_list(), bool(got > 1.6e9)]
out["args"] = raises(lambda: tf.raw_ops.Timestamp(x=1))
""",
    "raw_ops_lookup_table_insert_remove": RUN
    + """
table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)
insert = tf.raw_ops.LookupTableInsertV2(table_handle=table.resource_handle,
                                        keys=tf.constant(["a", "b", "c"]),
                                        values=tf.constant([1, 2, 3], tf.int64))
remove = tf.raw_ops.LookupTableRemoveV2(table_handle=table.resource_handle,
                                        keys=tf.constant(["b"]))
found = table.lookup(tf.constant(["a", "b", "c", "d"]))
with tf.Session() as sess:
    sess.run(insert)
    before = sess.run(found).tolist()
    sess.run(remove)
    after = sess.run(found).tolist()
out["values"] = [before, after]
out["meta"] = [insert.type, insert.name, remove.type, remove.name]
""",
    "parse_sequence_example_batch": SEQ
    + """
parsed = tf.io.parse_sequence_example(tf.constant([a, b]), CONTEXT, LISTS)
out["values"] = fetched(parsed)
out["shapes"] = shapes(parsed)
ph = tf.placeholder(tf.string, [None])
fed = tf.io.parse_sequence_example(ph, CONTEXT, LISTS, name="fed")
out["fed_shapes"] = shapes(fed)
with tf.Session() as sess:
    got = sess.run(fed[1]["tok"], {ph: [b, a, b]})
out["fed"] = got.tolist()
""",
    "parse_sequence_example_scalar_and_empty": SEQ
    + """
one = tf.io.parse_sequence_example(tf.constant(a), CONTEXT, LISTS)
out["scalar"] = fetched(one)
out["scalar_shapes"] = shapes(one)
none = tf.io.parse_sequence_example(tf.constant([], tf.string), CONTEXT, LISTS)
out["empty"] = fetched(none)
out["empty_shapes"] = shapes(none)
single = tf.io.parse_single_sequence_example(a, CONTEXT, LISTS)
out["single"] = fetched(single)
named = tf.io.parse_single_sequence_example(a, CONTEXT, LISTS, name="x")
out["named"] = [named[1]["tok"].name, named[0]["len"].name]
""",
    "parse_sequence_example_missing_and_wrong": SEQ
    + """
c = seq_example({"len": [1]}, {"vec": [[1.0, 2.0]], "var": [[1]], "words": [[b"e"]]})
def run_parse(records, context, lists, **kw):
    with tf.Session() as sess:
        sess.run(tf.io.parse_sequence_example(tf.constant(records), context, lists, **kw))
out["missing_list"] = raises(lambda: run_parse([a, c], CONTEXT, LISTS))
allowed = dict(LISTS, tok=tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True))
out["allowed"] = fetched(tf.io.parse_sequence_example(tf.constant([a, c]), CONTEXT, allowed))
out["no_default"] = raises(lambda: run_parse(
    [a, b], {"len": tf.FixedLenFeature([], tf.int64)}, None))
out["wrong_type"] = raises(lambda: run_parse(
    [a, b], None, {"tok": tf.FixedLenSequenceFeature([], tf.float32)}))
out["named"] = raises(lambda: run_parse([a, c], CONTEXT, LISTS, example_names=["p", "q"]))
out["garbage"] = raises(lambda: run_parse([a, b"garbage"], CONTEXT, LISTS))
out["nothing"] = raises(lambda: tf.io.parse_sequence_example(tf.constant([a])))
out["rank_2"] = raises(lambda: tf.io.parse_sequence_example(tf.constant([[a]]), CONTEXT, LISTS))
""",
    "parse_sequence_example_in_a_dataset": SEQ
    + """
ds = tf.data.Dataset.from_tensor_slices([a, b, a]).batch(2)
ds = ds.map(lambda s: tf.io.parse_sequence_example(s, CONTEXT, LISTS)[1:])
it = tf.data.make_one_shot_iterator(ds)
lists, lengths = it.get_next()
with tf.Session() as sess:
    got = [sess.run([lists["vec"], lengths["vec"], lists["words"]]) for _ in range(2)]
out["batches"] = [[text(np.asarray(v).tolist()) for v in g] for g in got]
out["shape"] = lists["vec"].shape.as_list()
""",
    "raw_ops_unique_v2": RUN
    + """
nan = float("nan")
cases = [([[1, 2], [3, 4], [1, 2]], [0]), ([[1, 2, 1], [3, 4, 3]], [1]),
         ([[1, 2, 1], [3, 4, 3]], [-1]), ([3, 1, 3, 2], []), ([3, 1, 3, 2], [0]),
         ([-0.0, 0.0, nan, nan, 1.0], [0]), ([[-0.0], [0.0], [nan], [nan], [1.0]], [0]),
         ([[[1, 2], [1, 2]], [[1, 2], [1, 3]]], [2])]
for i, (x, axis) in enumerate(cases):
    y, idx = tf.raw_ops.UniqueV2(x=x, axis=axis)
    out[f"case{i}"] = [y.shape.as_list(), idx.shape.as_list(), idx.dtype.name,
                       [np.asarray(v).tolist() for v in tf.Session().run([y, idx])]]
out["signs"] = [str(v) for v in tf.Session().run(
    tf.raw_ops.UniqueV2(x=[-0.0, 0.0, 1.0], axis=[0]).y).tolist()]
y, idx = tf.raw_ops.UniqueV2(x=tf.constant([[1, 2], [1, 2]]), axis=tf.constant([0], tf.int64),
                             out_idx=tf.int64, name="u")
out["int64"] = [y.op.name, type(tf.raw_ops.UniqueV2(x=[1], axis=[])).__name__, run([y, idx])]
empty = tf.raw_ops.UniqueV2(x=tf.zeros([0, 2]), axis=[0])
hollow = tf.raw_ops.UniqueV2(x=tf.zeros([2, 0]), axis=[0])
out["empty"] = [run(list(empty)), np.shape(tf.Session().run(hollow.y)), run(hollow.idx)]
words = tf.raw_ops.UniqueV2(x=[["a", "b"], ["a", "b"], ["b", "a"]], axis=[0])
out["strings"] = [[w.decode() for w in r] for r in tf.Session().run(words.y).tolist()]
ph = tf.placeholder(tf.float32, [None, 3])
fed = tf.raw_ops.UniqueV2(x=ph, axis=[1])
out["fed"] = [fed.y.shape.as_list(), fed.idx.shape.as_list(),
              run(list(fed), {ph: [[1.0, 2.0, 1.0], [0.0, 5.0, 0.0]]})]
for key, x, axis in [("matrix_no_axis", [[1, 2]], []), ("axis_out", [[1, 2]], [2]),
                     ("two_axes", [[1, 2]], [0, 1]), ("scalar", 5, [0])]:
    out[key] = raises(lambda: tf.raw_ops.UniqueV2(x=x, axis=axis))
xf = tf.constant([[1.0, 2.0], [1.0, 2.0]])
out["gradient"] = raises(lambda: tf.gradients(tf.reduce_sum(tf.raw_ops.UniqueV2(
    x=xf, axis=[0]).y), xf))
""",
    "register_tensor_conversion_function": """
class Box:
    def __init__(self, v):
        self.v = v
calls = []
def to_tensor(value, dtype=None, name=None, as_ref=False):
    calls.append([None if dtype is None else dtype.name, as_ref])
    return tf.constant(value.v, dtype=dtype)
tf.register_tensor_conversion_function(Box, to_tensor)
b = Box([[1.0, 2.0], [3.0, 4.0]])
outs = [tf.convert_to_tensor(b), tf.add(b, 1.0), tf.reduce_sum(b), tf.matmul(b, b),
        tf.constant(1.0) + b, tf.identity(b), tf.stack([b, b]), tf.concat([b, b], 0),
        tf.reshape(b, [4]), tf.nn.relu(b), tf.convert_to_tensor(b, tf.float32)]
out["dtypes"] = [o.dtype.name for o in outs]
out["as_ref"] = sorted({c[1] for c in calls})
with tf.Session() as sess:
    out["values"] = [np.asarray(v).tolist() for v in sess.run(outs)]
out["constant"] = raises(lambda: tf.constant(b))
out["int"] = raises(lambda: tf.register_tensor_conversion_function(int, to_tensor))
out["array"] = raises(lambda: tf.register_tensor_conversion_function(np.ndarray, to_tensor))
out["not_callable"] = raises(lambda: tf.register_tensor_conversion_function(Box, 3))
class Bad:
    pass
tf.register_tensor_conversion_function(Bad, lambda value, dtype=None, name=None, as_ref=False: 3)
out["non_tensor"] = raises(lambda: tf.convert_to_tensor(Bad()))
class Typed:
    pass
tf.register_tensor_conversion_function(
    Typed, lambda value, dtype=None, name=None, as_ref=False: tf.constant([1, 2]))
out["other_dtype"] = raises(lambda: tf.convert_to_tensor(Typed(), tf.float32))
out["other_literal"] = raises(lambda: tf.add(Typed(), 1.5))
order = []
def passes(value, dtype=None, name=None, as_ref=False):
    order.append("passes")
    return NotImplemented
def late(value, dtype=None, name=None, as_ref=False):
    order.append("late")
    return tf.constant(7)
def early(value, dtype=None, name=None, as_ref=False):
    order.append("early")
    return tf.constant(8)
class Ranked:
    pass
tf.register_tensor_conversion_function(Ranked, early, priority=150)
tf.register_tensor_conversion_function(Ranked, passes, priority=10)
with tf.Session() as sess:
    out["ranked"] = [sess.run(tf.convert_to_tensor(Ranked())).tolist(), list(order)]
class Late:
    pass
tf.register_tensor_conversion_function(Late, late, priority=200)
out["at_default"] = [raises(lambda: tf.convert_to_tensor(Late())), "late" in order]
class Child(Box):
    pass
with tf.Session() as sess:
    out["subclass"] = sess.run(tf.convert_to_tensor(Child([5.0]))).tolist()
""",
    "extract_glimpse_zero_noise": RUN
    + """
img = np.arange(1, 1 + 2 * 5 * 6 * 2, dtype=np.float32).reshape(2, 5, 6, 2)
offsets = [[0.0, 0.0], [0.3, -0.45], [-1.0, 1.0], [0.99, -0.99], [2.5, 1.7], [-3.2, 4.6],
           [-0.5, 0.5], [1.5, -1.5], [7.0, 0.0], [-0.25, 0.75]]
outs = []
for op in ["ExtractGlimpse", "ExtractGlimpseV2"]:
    for centered in [True, False]:
        for normalized in [True, False]:
            for size in [[3, 3], [2, 4], [7, 8], [1, 1]]:
                for k in range(0, len(offsets), 2):
                    outs.append(getattr(tf.raw_ops, op)(
                        input=img, size=size, offsets=offsets[k:k + 2], centered=centered,
                        normalized=normalized, uniform_noise=False, noise="zero"))
out["values"] = run(outs)
out["shapes"] = [o.shape.as_list() for o in outs[:8]]
""",
    "extract_glimpse_noise": RUN
    + """
img = np.random.RandomState(3).uniform(-2, 5, [2, 6, 7, 3]).astype(np.float32)
inside = tf.image.extract_glimpse(img, [3, 4], [[0.0, 0.0], [-0.2, 0.3]])
out["inside"] = [inside.op.type, inside.op.name, inside.shape.as_list(), run(inside)]
named = tf.image.extract_glimpse(img, [2, 2], [[0.0, 0.0], [0.0, 0.0]], name="g")
out["named"] = named.op.name
edge = [[-1.0, -1.0], [0.9, 0.95]]
with tf.Session() as sess:
    uniform, gaussian = sess.run([
        tf.image.extract_glimpse(img, [4, 5], edge),
        tf.image.extract_glimpse(img, [4, 5], edge, uniform_noise=False)])
def ranges(glimpse, rows, cols, per_channel):
    # the noise part: within the image's range (each channel's, for Gaussian noise)
    part = glimpse[:, rows, cols]
    axes = (1, 2) if per_channel else (1, 2, 3)
    lo = img[:1].min(axis=axes, keepdims=True)
    hi = img[:1].max(axis=axes, keepdims=True)
    return bool(((part >= lo) & (part <= hi)).all()), bool(np.unique(part).size > 10)
out["uniform"] = [list(uniform.shape), ranges(uniform[:1], slice(0, 2), slice(0, 5), False),
                  uniform[0, 2:, 3:].tolist()]
out["gaussian"] = [list(gaussian.shape), ranges(gaussian[:1], slice(0, 2), slice(0, 5), True),
                   gaussian[0, 2:, 3:].tolist()]
placeholder = tf.image.extract_glimpse(tf.placeholder(tf.float32, [None, 6, 7, 3]), [2, 3],
                                       tf.placeholder(tf.float32, [None, 2]))
out["placeholder"] = placeholder.shape.as_list()
x = tf.constant(img)
out["gradient"] = [g is None for g in tf.gradients(
    tf.reduce_sum(tf.image.extract_glimpse(x, [2, 2], [[0.0, 0.0], [0.0, 0.0]])), x)]
out["both_noises"] = raises(lambda: tf.raw_ops.ExtractGlimpse(
    input=img, size=[2, 2], offsets=[[0.0, 0.0], [0.0, 0.0]], noise="zero"))
out["offsets_shape"] = raises(lambda: tf.image.extract_glimpse(img, [2, 2], [[0.0, 0.0, 0.0]]))
out["rank_3"] = raises(lambda: tf.image.extract_glimpse(img[0], [2, 2], [[0.0, 0.0]]))
""",
    "linalg_logm": RUN
    + """
def parts(m):
    m = np.asarray(m)
    return [m.real.tolist(), m.imag.tolist()]
rng = np.random.RandomState(7)
a = rng.randn(3, 4, 4) + 1j * rng.randn(3, 4, 4) + 4 * np.eye(4)
h = rng.randn(3, 3) + 1j * rng.randn(3, 3)
cases = {
    "random": a,
    "hermitian": h @ h.conj().T + np.eye(3),
    "jordan": [[2.0, 1.0, 0.0], [0.0, 2.0, 1.0], [0.0, 0.0, 2.0]],
    "near_jordan": [[1.0, 1.0], [1e-9, 1.0]],
    "negative": [[-1.0, 0.0], [0.0, 2.0]],
    "rotation": [[0.0, -1.0], [1.0, 0.0]],
    "upper": [[2.0, 1.0], [0.0, 3.0]],
    "negative_hermitian": [[-2.0, 1.0], [1.0, -3.0]],
}
with tf.Session() as sess:
    for key, m in cases.items():
        out[key] = parts(sess.run(tf.linalg.logm(tf.constant(m, tf.complex128))))
    small = tf.linalg.logm(tf.constant(a, tf.complex64))
    out["complex64"] = [small.dtype.name, parts(sess.run(small))]
    out["nan"] = [parts(sess.run(tf.linalg.logm(tf.constant(m, tf.complex128))))
                  for m in ([[0.0, 0.0], [0.0, 1.0]], np.zeros((2, 2)),
                            [[np.nan, 0.0], [0.0, 1.0]], [[1.0, 2.0], [2.0, 4.0]])]
    out["empty"] = parts(sess.run(tf.linalg.logm(tf.zeros([2, 0, 0], tf.complex64))))
y = tf.linalg.logm(tf.placeholder(tf.complex64, [None, 3, 3]))
out["meta"] = [y.shape.as_list(), y.op.type, y.op.name]
out["float"] = raises(lambda: tf.linalg.logm(tf.constant([[1.0]])))
out["not_square"] = raises(lambda: tf.linalg.logm(tf.placeholder(tf.complex64, [2, 3])))
x = tf.constant([[2.0, 1.0], [0.0, 3.0]], tf.complex128)
out["gradient"] = raises(lambda: tf.gradients(tf.abs(tf.reduce_sum(tf.linalg.logm(x))), x))
raw = tf.raw_ops.MatrixLogarithm(input=x)
out["raw"] = [raw.op.name, parts(tf.Session().run(raw))]
""",
    "get_tensor_by_name_of_an_operation": """
a = tf.constant(1.0, name="a")
g = tf.get_default_graph()
out["tensor"] = g.get_tensor_by_name("a:0").name
for key, name in [("op_name", "a"), ("bad_index", "a:x"), ("two_colons", "a:0:0"),
                  ("past_outputs", "a:1"), ("missing", "b:0"), ("empty_op", ":0")]:
    out[key] = raises(lambda: g.get_tensor_by_name(name))
out["op_of_tensor"] = raises(lambda: g.get_operation_by_name("a:0"))
out["missing_op"] = raises(lambda: g.get_operation_by_name("b"))
out["op"] = g.get_operation_by_name("a").name
out["not_strings"] = [raises(lambda: g.get_tensor_by_name(0)),
                      raises(lambda: g.get_operation_by_name(0))]
out["element"] = g.as_graph_element("a").name
out["element_tensor"] = g.as_graph_element("a:0").name
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
