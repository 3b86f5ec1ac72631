"""Adversarial TF 1.x programs (dev-only) from review 18 of today's merges that are not
about subnormals (those are in `tf1_denormals.py`): tf.range's argument conversion.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_review18.py \\
        > tests/unit/engine/fixtures/tf1_review18.json

`tests/unit/engine/test_tf1_review18.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    # Without a dtype TF converts each Python argument by its own default (0.1: float32),
    # then casts all to the widest: a float64 start steps by float32's 0.1.
    "range_python_floats_are_float32_first": """
with tf.Session() as s:
    out["f64_start"] = s.run(tf.range(tf.constant(0.1, tf.float64), 1.0, 0.1)).tolist()
    out["f64_delta"] = s.run(tf.range(0.3, 2.0, tf.constant(0.25, tf.float64))).tolist()
    out["f64_limit"] = s.run(tf.range(0.7, tf.constant(3.0, tf.float64))).tolist()
    out["given_dtype"] = s.run(tf.range(0.1, 1.0, 0.1, dtype=tf.float64)).tolist()
    out["ints_to_f64"] = s.run(tf.range(tf.constant(1.5, tf.float64), 16777219, 8388608)).tolist()
    out["f32"] = s.run(tf.range(0.1, 1.0, 0.3)).tolist()
    out["dtype"] = tf.range(tf.constant(0.1, tf.float64), 1.0, 0.1).dtype.name
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
