"""Convolutions and pools over a 0-size batch, spatial or channel axis (dev-only),
recorded from TF 2.21 `compat.v1` with oneDNN off (`TF_ENABLE_ONEDNN_OPTS=0`: TF's own
kernels; oneDNN's conv answers an empty batch or image with the input's shape, not the
one its shape function gives, and fails a filter of 0 output channels): conv2d (strided,
dilated, 0 output channels), depthwise_conv2d, conv3d, max_pool, avg_pool and their 3-D
forms, SAME and VALID. Each case records its static shape, its value's shape and first
values and the filter's gradient, or the class of what building or running it raised. No
gradient is recorded for a dilated conv2d (TF's CPU has no kernel for it) nor for a
depthwise one over an empty batch (TF's DepthwiseConv2dNativeBackpropFilter leaves its
output uninitialized there). Run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_zero_size_windows.py.

    TF_ENABLE_ONEDNN_OPTS=0 TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python \
        tests/reference/tf1_zero_size_windows.py \
        > tests/unit/engine/fixtures/tf1_zero_size_windows.json
"""

from __future__ import annotations

import os

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# `case(make, x_shape, w_shape)`: the op `make(x, w)` of fed x (and a variable filter w
# when w_shape is given) built, its static shape and run; with a filter, the gradient of
# its sum by the filter too.
PREFIX = """
def attempt(fetch, feed):
    try:
        with tf.Session() as sess:
            return sess.run(fetch, feed), None
    except Exception as exc:
        return None, type(exc).__name__

def case(make, x_shape, w_shape=None, grad=True):
    x = tf.placeholder(tf.float32, x_shape)
    w = None
    if w_shape is not None:
        w = tf.constant(np.arange(np.prod(w_shape), dtype=np.float32).reshape(w_shape) / 7.0)
    try:
        y = make(x, w)
    except Exception as exc:
        return {"build": type(exc).__name__}
    got = {"static": None if y.shape.ndims is None else y.shape.as_list()}
    feed = {x: np.linspace(-1.0, 2.0, int(np.prod(x_shape)), dtype=np.float32).reshape(x_shape)}
    value, failed = attempt(y, feed)
    if failed:
        got["run"] = failed
        return got
    got["shape"] = list(value.shape)
    got["values"] = value.ravel()[:8].tolist()
    if w is not None and grad:
        value, failed = attempt(tf.gradients(tf.reduce_sum(y * y), w)[0], feed)
        got["grad"] = failed or value.ravel().tolist()
    return got
"""

SHAPES_2D = {
    "batch": [0, 4, 4, 2],
    "rows": [1, 0, 4, 2],
    "cols": [1, 4, 0, 2],
    "image": [1, 0, 0, 2],
    "channels": [1, 4, 4, 0],
    "one_row": [1, 1, 3, 2],
}
SHAPES_3D = {"batch": [0, 3, 3, 3, 2], "depth": [1, 0, 3, 3, 2], "channels": [1, 3, 3, 3, 0]}

PROGRAMS: dict[str, str] = {}
for _pad in ("SAME", "VALID"):
    PROGRAMS[f"conv2d_{_pad}"] = f"""
for name, xs in {SHAPES_2D}.items():
    c = xs[3]
    out[name] = case(lambda x, w: tf.nn.conv2d(x, w, [1, 1, 1, 1], "{_pad}"), xs, [2, 2, c, 3])
    out[name + "_strided"] = case(
        lambda x, w: tf.nn.conv2d(x, w, [1, 2, 2, 1], "{_pad}"), xs, [2, 2, c, 3])
    out[name + "_dilated"] = case(
        lambda x, w: tf.nn.conv2d(x, w, [1, 1, 1, 1], "{_pad}", dilations=[1, 2, 2, 1]),
        xs, [2, 2, c, 3], grad=False)
    out[name + "_no_outputs"] = case(
        lambda x, w: tf.nn.conv2d(x, w, [1, 1, 1, 1], "{_pad}"), xs, [2, 2, c, 0])
    out[name + "_depthwise"] = case(
        lambda x, w: tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "{_pad}"), xs, [2, 2, c, 2],
        grad=name != "batch")
"""
    PROGRAMS[f"pool2d_{_pad}"] = f"""
for name, xs in {SHAPES_2D}.items():
    for kind, pool in (("max", tf.nn.max_pool), ("avg", tf.nn.avg_pool)):
        out[name + "_" + kind] = case(
            lambda x, w: pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "{_pad}"), xs)
        out[name + "_" + kind + "_s1"] = case(
            lambda x, w: pool(x, [1, 3, 3, 1], [1, 1, 1, 1], "{_pad}"), xs)
"""
    PROGRAMS[f"three_d_{_pad}"] = f"""
for name, xs in {SHAPES_3D}.items():
    out[name + "_conv"] = case(
        lambda x, w: tf.nn.conv3d(x, w, [1, 1, 1, 1, 1], "{_pad}"), xs, [2, 2, 2, xs[4], 3])
    out[name + "_max"] = case(
        lambda x, w: tf.nn.max_pool3d(x, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "{_pad}"), xs)
    out[name + "_avg"] = case(
        lambda x, w: tf.nn.avg_pool3d(x, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "{_pad}"), xs)
"""


if __name__ == "__main__":
    assert os.environ.get("TF_ENABLE_ONEDNN_OPTS") == "0", "record TF's own kernels"
    harness.main(PROGRAMS, prefix=PREFIX)
