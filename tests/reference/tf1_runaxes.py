"""Axes known only at run time (dev-only), recorded from TF 2.21: the axis of
`expand_dims`, `gather`, `cumsum`/`cumprod`, `reverse`, `argmax`/`argmin` and
`softmax`/`log_softmax` fed as a placeholder, read from the end (negative) and out of the
input's range (what the run raises), with the static shape TF infers and a gradient.
Run unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_runaxes.py.

    /work/tfvenv/bin/python tests/reference/tf1_runaxes.py \
        > tests/unit/engine/fixtures/tf1_runaxes.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# `observe(y, feeds)`: y's static shape after build, then for each feed its value and the
# gradient of sum(y * y) weighted by position (None where y has no gradient), or the class
# of what the run raised.
PRELUDE = """
x = tf.Variable(np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 7.0, name="x") * 1.0
a = tf.placeholder(tf.int32, [])
def observe(y, feeds, grad=True):
    out["shape"] = None if y.shape.ndims is None else y.shape.as_list()
    g = tf.gradients(tf.reduce_sum(y * y), x)[0] if grad else None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for key, feed in feeds.items():
            def one():
                value = sess.run(y, feed)
                if g is None:
                    return np.asarray(value).tolist()
                gv = sess.run(g, feed)
                return [value.tolist(), float(np.sum(gv * np.arange(gv.size).reshape(gv.shape)))]
            got = []
            error = raises(lambda: got.append(one()))
            out[key] = got[0] if error is None else error
"""

FEEDS = (
    "{'first': {a: 0}, 'negative': {a: -1}, 'negative_first': {a: -3}, "
    "'too_big': {a: 3}, 'too_small': {a: -4}}"
)
# expand_dims's range is one wider: [-4, 3] for x's rank 3.
EXPAND_FEEDS = f"{{**{FEEDS}, 'end': {{a: 3}}, 'too_big': {{a: 4}}, 'too_small': {{a: -5}}}}"
SOFTMAX_FEEDS = f"{{**{FEEDS}, 'middle': {{a: 1}}, 'last': {{a: 2}}, 'past_the_middle': {{a: 4}}}}"

PROGRAMS = {
    "expand_dims_axis": f"""
observe(tf.expand_dims(x, a), {EXPAND_FEEDS})
""",
    "expand_dims_vector_axis": """
b = tf.placeholder(tf.int32, [1])
observe(tf.expand_dims(x, b), {"one": {b: [-2]}})
""",
    "gather_axis": f"""
observe(tf.gather(x, [1, 0], axis=a), {FEEDS})
""",
    "gather_axis_matrix_indices": """
observe(tf.gather(x, [[1, 0], [0, 0]], axis=a), {"middle": {a: 1}, "negative": {a: -1}})
""",
    "cumsum_axis": f"""
observe(tf.cumsum(x, axis=a), {FEEDS})
""",
    "cumsum_axis_exclusive_reverse": f"""
observe(tf.cumsum(x, axis=a, exclusive=True, reverse=True), {FEEDS})
""",
    "cumprod_axis": f"""
observe(tf.cumprod(x * 0.1, axis=a), {FEEDS})
""",
    "cumprod_axis_exclusive_reverse": f"""
observe(tf.cumprod(x * 0.1, axis=a, exclusive=True, reverse=True), {FEEDS})
""",
    "reverse_axis": """
b = tf.placeholder(tf.int32, [None])
observe(tf.reverse(x, b), {"one": {b: [1]}, "negative": {b: [-1]}, "two": {b: [0, -1]},
                           "none": {b: []}, "too_big": {b: [3]}, "too_small": {b: [-4]},
                           "twice": {b: [1, 1]}, "twice_negative": {b: [1, -2]}})
""",
    "argmax_axis": f"""
observe(tf.argmax(x, axis=a), {FEEDS}, grad=False)
""",
    "argmin_axis": f"""
observe(tf.argmin(x, axis=a, output_type=tf.int32), {FEEDS}, grad=False)
""",
    # TF1's softmax swaps a tensor axis with the last by a perm it computes, which names the
    # last axis twice when the axis is the last: that run fails.
    "softmax_axis": f"""
observe(tf.nn.softmax(x * 0.1, axis=a), {SOFTMAX_FEEDS})
""",
    "log_softmax_axis": f"""
observe(tf.nn.log_softmax(x * 0.1, axis=a), {SOFTMAX_FEEDS})
""",
}
PROGRAMS = {f"run_time_{name}": PRELUDE + text for name, text in PROGRAMS.items()}


if __name__ == "__main__":
    harness.main(PROGRAMS)
