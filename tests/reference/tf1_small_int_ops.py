"""Arithmetic TF1 computes on 8- and 16-bit integers (and integer `divide_no_nan`) and
add_n's check of its inputs' dtypes, found refused or mis-classed by graphgate in a
review of the literal conversion (dev-only). Run unchanged with `tf` = graphgate by
tests/unit/engine/test_small_int_ops.py.

    /work/tfvenv/bin/python tests/reference/tf1_small_int_ops.py \
        > tests/unit/engine/fixtures/tf1_small_int_ops.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    # Pow takes int8/int16 (TF's kernel wraps as numpy's does), not uint8.
    "pow_small_ints": """
for name in ("int8", "int16"):
    t = tf.constant([3, -2, 5], getattr(tf, name))
    with tf.Session() as sess:
        a = tf.abs(t)
        out[name] = [sess.run(v).tolist() for v in (t ** 2, tf.pow(t, 3), 2 ** a, t ** a)]
        out[name + "_dtype"] = (t ** 2).dtype.name
        out[name + "_negative"] = raises(lambda: sess.run(t ** -1))
out["uint8"] = raises(lambda: tf.constant([3], tf.uint8) ** 2)
""",
    # tf.div is Python 2 division: floor division for every integer dtype.
    "div_small_ints": """
for name in ("int8", "uint8", "int16"):
    t = tf.constant([7, 9, 100], getattr(tf, name))
    with tf.Session() as sess:
        out[name] = [sess.run(v).tolist() for v in (tf.div(t, 2), tf.div(t, t), tf.div(t, 3))]
        out[name + "_dtype"] = tf.div(t, 2).dtype.name
s = tf.constant([-7, 7], tf.int8)
with tf.Session() as sess:
    out["int8_negative"] = sess.run(tf.div(s, 2)).tolist()
""",
    "truncatediv_small_ints": """
for name in ("int8", "uint8"):
    t = tf.constant([7, 9, 100], getattr(tf, name))
    with tf.Session() as sess:
        out[name] = sess.run(tf.truncatediv(t, 2)).tolist()
s = tf.constant([-7, 7], tf.int8)
with tf.Session() as sess:
    out["int8_negative"] = sess.run(tf.truncatediv(s, 2)).tolist()
""",
    # divide_no_nan divides integers as truediv does: float32 for 8/16 bits, else float64.
    "divide_no_nan_ints": """
for name in ("int8", "uint8", "int16", "int32", "int64"):
    t = tf.constant([7, 0, 3], getattr(tf, name))
    d = tf.constant([2, 0, 0], getattr(tf, name))
    r = tf.math.divide_no_nan(t, d)
    with tf.Session() as sess:
        out[name] = [r.dtype.name, sess.run(r).tolist(), sess.run(tf.div_no_nan(t, 4)).tolist()]
out["mixed"] = raises(lambda: tf.math.divide_no_nan(tf.constant([1]), tf.constant([1.0])))
""",
    # add_n converts each input on its own, then requires one dtype (TypeError) before
    # one shape (ValueError).
    "add_n_dtypes": """
for name in ("int8", "int32", "float32", "float64"):
    t = tf.constant([3, 5], getattr(tf, name))
    out[name] = [
        raises(lambda: tf.add_n([t, 1])),
        raises(lambda: tf.add_n([1, t])),
        raises(lambda: tf.add_n([t, [1, 2]])),
        raises(lambda: tf.add_n([t, [1.0, 2.0]])),
        raises(lambda: tf.add_n([t, tf.constant([1, 2], tf.int64)])),
    ]
f = tf.constant([3.0, 5.0])
with tf.Session() as sess:
    out["float32_list"] = sess.run(tf.add_n([f, [1.0, 2.0]])).tolist()
    out["int32_list"] = sess.run(tf.add_n([tf.constant([3, 5]), [1, 2]])).tolist()
    out["numpy"] = sess.run(tf.add_n([f, np.array([1.0, 2.0], np.float32)])).tolist()
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
