"""What TensorFlow's Elu and Selu kernels compute near zero (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_elu_selu.py \\
        > tests/unit/engine/fixtures/tf1_elu_selu.json

TF 2.21's kernels compute exp(x) - 1 below zero (Selu: scale * alpha as one constant), not
expm1, so near zero their answers are exp's last bits. `exact` holds inputs x = log(1 -
k * 2**-24) whose float32 exp is within a thousandth of a unit in the last place of
1 - k * 2**-24: every faithful exp answers it, and TF's elu is -k * 2**-24 where expm1
gives other bits. `spread` holds small negatives by magnitude and uniform ones.
"""

from __future__ import annotations

import json

import numpy as np


def inputs() -> dict[str, np.ndarray]:
    ks = [1, 3, 7, 100, 1000, 12345, 99999, 1234567]
    rng = np.random.default_rng(0)
    spread = np.concatenate([-np.logspace(-12, 1, 600), rng.uniform(-6, 0, 300), [0.0, 1.5]])
    return {
        "exact": np.array([np.log1p(-k * 2.0**-24) for k in ks]),
        "spread": spread,
    }


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    out = {"tensorflow": tf.__version__}
    for dtype in ("float32", "float64"):
        x = tf.placeholder(dtype, [None])
        fetches = {"elu": tf.nn.elu(x), "selu": tf.nn.selu(x)}
        with tf.Session() as sess:
            for name, values in inputs().items():
                fed = values.astype(dtype)
                got = sess.run(fetches, {x: fed})
                out[f"{name}_{dtype}"] = {
                    "x": fed.tolist(),
                    **{k: v.tolist() for k, v in got.items()},
                }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
