"""Record TensorFlow's fake quantization (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_fake_quant.py \
        > tests/unit/engine/fixtures/tf1_fake_quant.json

`record(tf)` runs the same graphs with `tf` bound to TensorFlow here and to graphgate in
tests/unit/engine/test_fake_quant.py, which requires the same bits: outputs and the
gradients to the input and to the range, for ranges that need nudging (zero off the grid,
a range above or below zero), 2 to 16 bits, the narrow range, NaN and infinities, one range
per channel; and the class of what the refused forms raise.
"""

from __future__ import annotations

import json

import numpy as np

CASES = [
    {"min": -6.0, "max": 6.0, "num_bits": 8, "narrow_range": False},
    {"min": -6.0, "max": 6.0, "num_bits": 8, "narrow_range": True},
    {"min": 0.0, "max": 1.0, "num_bits": 4, "narrow_range": False},
    {"min": -0.1, "max": 3.7, "num_bits": 2, "narrow_range": False},
    {"min": 0.3, "max": 2.0, "num_bits": 8, "narrow_range": False},
    {"min": -3.0, "max": -1.0, "num_bits": 16, "narrow_range": True},
    {"min": -1.0, "max": 0.0, "num_bits": 3, "narrow_range": False},
]


def _inputs() -> np.ndarray:
    rng = np.random.default_rng(0)
    edges = [-6.0, 6.0, 0.0, -0.0, 5.99, -6.01, 1e9, -1e9, np.nan, np.inf, -np.inf, 0.0235294]
    return np.concatenate([rng.uniform(-8, 8, 40), edges]).astype(np.float32)


def _bits(values) -> list[str]:
    return [repr(float(v)) for v in np.ravel(values)]


def _ranged(tf, x, case: dict) -> dict:
    q = tf.quantization
    bits = {k: case[k] for k in ("num_bits", "narrow_range")}
    with tf.Graph().as_default():
        xt = tf.constant(x)
        w = tf.constant(np.arange(len(x), dtype=np.float32) + 1)
        y = q.fake_quant_with_min_max_args(xt, **case)
        lo, hi = tf.Variable(case["min"]), tf.Variable(case["max"])
        y2 = q.fake_quant_with_min_max_vars(xt, lo, hi, **bits)
        grads = tf.gradients(tf.reduce_sum(y * w), xt)
        grads += tf.gradients(tf.reduce_sum(y2 * w), [xt, lo, hi])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run([y, y2, *grads])
    return {"args": _bits(got[0]), "vars": _bits(got[1]), "grads": [_bits(g) for g in got[2:]]}


def _per_channel(tf) -> dict:
    rng = np.random.default_rng(1)
    x = rng.uniform(-3, 3, (4, 3)).astype(np.float32)
    with tf.Graph().as_default():
        xt = tf.constant(x)
        lo = tf.Variable(np.array([-1.0, 0.0, -2.5], np.float32))
        hi = tf.Variable(np.array([1.0, 2.0, 0.7], np.float32))
        y = tf.quantization.fake_quant_with_min_max_vars_per_channel(xt, lo, hi, num_bits=5)
        weights = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3))
        grads = tf.gradients(tf.reduce_sum(y * weights), [xt, lo, hi])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run([y, *grads])
    return {"x": _bits(x), "y": _bits(got[0]), "grads": [_bits(g) for g in got[1:]]}


def _raised(tf) -> dict:
    """The class of what each refused form raises, and whether it was when built."""
    q = tf.quantization
    forms = {
        "args_min_above_max": lambda x: q.fake_quant_with_min_max_args(x, min=1.0, max=-1.0),
        "args_empty_range": lambda x: q.fake_quant_with_min_max_args(x, min=1.0, max=1.0),
        "args_one_bit": lambda x: q.fake_quant_with_min_max_args(x, num_bits=1),
        "args_17_bits": lambda x: q.fake_quant_with_min_max_args(x, num_bits=17),
        "vars_range_of_rank_1": lambda x: q.fake_quant_with_min_max_vars(x, [1.0], [2.0]),
        "vars_int_inputs": lambda x: q.fake_quant_with_min_max_vars(tf.constant([1, 2]), 0.0, 1.0),
        "vars_float64_inputs": lambda x: q.fake_quant_with_min_max_vars(
            tf.constant([1.0, 2.0], tf.float64), 0.0, 1.0
        ),
        "per_channel_depth": lambda x: q.fake_quant_with_min_max_vars_per_channel(
            x, [0.0, 0.0], [1.0, 1.0]
        ),
    }
    out = {}
    for name, build in forms.items():
        with tf.Graph().as_default():
            x = tf.constant([0.5, -1.0, 2.0])
            try:
                y = build(x)
            except Exception as exc:
                kinds = [c.__name__ for c in (TypeError, ValueError) if isinstance(exc, c)]
                out[name] = ["built", *kinds]
                continue
            try:
                with tf.Session() as sess:
                    sess.run(y)
                out[name] = ["ran"]
            except tf.errors.InvalidArgumentError:
                out[name] = ["run", "InvalidArgumentError"]
    return out


def _odd_ranges(tf) -> dict:
    """What the Vars op computes from ranges the Args op refuses (TF's arithmetic)."""
    out = {}
    for name, (lo, hi) in {"above": (1.0, -1.0), "empty": (1.0, 1.0)}.items():
        with tf.Graph().as_default():
            x = tf.constant([0.5, -1.0, 2.0])
            y = tf.quantization.fake_quant_with_min_max_vars(x, lo, hi)
            with tf.Session() as sess:
                out[name] = _bits(sess.run(y))
    return out


def record(tf) -> dict:
    x = _inputs()
    return {
        "ranged": [_ranged(tf, x, case) for case in CASES],
        "per_channel": _per_channel(tf),
        "raised": _raised(tf),
        "odd_ranges": _odd_ranges(tf),
    }


if __name__ == "__main__":
    import tensorflow.compat.v1 as tensorflow

    tensorflow.disable_v2_behavior()
    print(json.dumps({"tensorflow": tensorflow.VERSION, **record(tensorflow)}, indent=1))
