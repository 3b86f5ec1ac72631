"""TF's max pooling over NaN, infinities and signed zeros (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_max_pool_edges.py \\
        > tests/unit/engine/fixtures/tf_max_pool_edges.json

TF's CPU kernels start each window at the dtype's lowest value (MaxPool) or at its first
element inside the input (MaxPoolGrad, MaxPoolWithArgmax) and take an element only when
it is larger (`max < x`): NaN is passed over unless it comes first, -inf pools to the
lowest finite value, padding never wins, and of equal zeros the first one's sign stays.
"""

from __future__ import annotations

import json

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_eager_execution()
r = np.random.default_rng(8)
pool = np.array([0.0, -0.0, 1.0, 2.0, -np.inf, np.inf, np.nan])
cases = []
for t in range(36):
    n, h, w, c = (int(r.integers(1, m)) for m in (3, 6, 6, 3))
    kh, kw, sh, sw = (int(r.integers(1, m)) for m in (4, 4, 3, 3))
    padding = "SAME" if t % 2 or kh > h or kw > w else "VALID"
    dtype = ("float32", "float16", "float64")[t % 3]
    if t % 4 == 3:  # windows of nothing but -inf, beside padding
        x = np.where(r.random((n, h, w, c)) < 0.3, 1.0, -np.inf).astype(dtype)
    else:
        x = r.choice(pool, (n, h, w, c)).astype(dtype)
    attrs = {"ksize": [1, kh, kw, 1], "strides": [1, sh, sw, 1], "padding": padding}
    with tf.Graph().as_default(), tf.Session() as sess:
        y, argmax = tf.nn.max_pool_with_argmax(tf.constant(x), **attrs)
        y, argmax = sess.run([tf.nn.max_pool(tf.constant(x), **attrs), argmax])
        g = r.choice(np.array([0.1, 1e4, -3.3, -0.0, 1 / 3, 1.0]), y.shape).astype(dtype)
        dx = sess.run(tf.raw_ops.MaxPoolGrad(orig_input=x, orig_output=y, grad=g, **attrs))
        # MaxPoolGradGrad reads each window's first pixel equal to the given output
        ggx = (np.arange(x.size).reshape(x.shape) * 0.5 - 3).astype(dtype)
        op = tf.raw_ops.MaxPoolGradGrad(orig_input=x, orig_output=y, grad=ggx, **attrs)
        gradgrad = sess.run(op)
    cases.append(
        {
            "dtype": dtype,
            "attrs": attrs,
            **{
                k: v.astype(float).tolist()
                for k, v in {"x": x, "g": g, "y": y, "dx": dx, "gradgrad": gradgrad}.items()
            },
            "argmax": argmax.tolist(),
        }
    )
# MaxPool3D's forward pass walks its windows the same way (TF's CPU kernel: float32 only).
r3 = np.random.default_rng(3)
cases3d = []
for t in range(24):
    n, d, h, w, c = (int(r3.integers(1, m)) for m in (2, 5, 5, 5, 3))
    k, s = [int(r3.integers(1, 4)) for _ in range(3)], [int(r3.integers(1, 3)) for _ in range(3)]
    padding = "SAME" if t % 2 or k[0] > d or k[1] > h or k[2] > w else "VALID"
    dtype = "float32"
    if t % 4 == 3:
        x = np.where(r3.random((n, d, h, w, c)) < 0.3, 1.0, -np.inf).astype(dtype)
    else:
        x = r3.choice(pool, (n, d, h, w, c)).astype(dtype)
    attrs = {"ksize": [1, *k, 1], "strides": [1, *s, 1], "padding": padding}
    with tf.Graph().as_default(), tf.Session() as sess:
        y = sess.run(tf.nn.max_pool3d(tf.constant(x), **attrs))
    cases3d.append(
        {
            "dtype": dtype,
            "attrs": attrs,
            "x": x.astype(float).tolist(),
            "y": y.astype(float).tolist(),
        }
    )
print(json.dumps({"tensorflow": tf.__version__, "cases": cases, "cases3d": cases3d}))
