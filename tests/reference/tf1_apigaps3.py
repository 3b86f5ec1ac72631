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
