"""What TF1 makes of a numpy structured array fed to a placeholder or converted with a
dtype (dev-only): one numeric field (nested or not) is read as that field's values, as
numpy casts it; several fields, a field of subarrays or of strings fail.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_structured_feeds.py \\
        > tests/unit/engine/fixtures/tf1_structured_feeds.json

`tests/unit/engine/test_tf1_structured_feeds.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# `fed(dtype, shape, value)`: what the identity of a placeholder fed `value` gives (its
# values and dtype name), or the class of what the run raised.
PREFIX = """
def fed(dtype, shape, value):
    x = tf.placeholder(dtype, shape)
    with tf.Session() as sess:
        try:
            got = sess.run(tf.identity(x), {x: value})
        except TypeError:
            return "TypeError"
        except ValueError:
            return "ValueError"
    return [np.asarray(got).tolist(), got.dtype.name]
"""

PROGRAMS = {
    "one_field": """
out["f4"] = fed(tf.float32, [None], np.array([(1.5,), (2.5,)], dtype=[("a", "f4")]))
out["f8_to_f32"] = fed(tf.float32, [None], np.array([(1.5,), (-2.5,)], dtype=[("a", "f8")]))
out["i4_to_f32"] = fed(tf.float32, [None], np.array([(1,), (2,)], dtype=[("a", "i4")]))
out["i8"] = fed(tf.int64, [None], np.array([(7,), (-2,)], dtype=[("a", "i8")]))
out["integral_f4_to_i32"] = fed(tf.int32, [None], np.array([(1.0,), (3.0,)], dtype=[("a", "f4")]))
out["scalar"] = fed(tf.float32, [], np.array((3.0,), dtype=[("a", "f4")]))
out["nested"] = fed(tf.float32, [None], np.array([((1.0,),)], dtype=[("a", [("b", "f4")])]))
out["matrix"] = fed(tf.float64, [2, 2], np.array([[(1,), (2,)], [(3,), (4,)]], dtype=[("a", "i2")]))
""",
    "converted_with_a_dtype": """
v = np.array([(1.5,), (2.5,)], dtype=[("a", "f4")])
with tf.Session() as sess:
    out["constant"] = sess.run(tf.constant(v, tf.float32)).tolist()
    out["convert_to_tensor"] = sess.run(tf.convert_to_tensor(v, tf.float64)).tolist()
""",
    "refused": """
out["two_fields"] = fed(tf.float32, [None],
                        np.array([(1.0, 2.0)], dtype=[("a", "f4"), ("b", "f4")]))
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, prefix=PREFIX)
