"""Record the `sum` and `sum_squares` TF 2.21's histogram summary writes (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_histogram_sums.py \
        > tests/unit/engine/fixtures/tf1_histogram_sums.json

TF's `Histogram::Add` accumulates one value after another in double precision, so over a
thousand values its sums differ in the last bits from a pairwise or BLAS sum; the unit
test (test_tf_events.py) holds graphgate's histogram summary to these, bit for bit.
"""

from __future__ import annotations

import json

import numpy as np

CASES = ((7, 6), (50, 3), (1000, 4), (20000, 5))


def values(n: int, seed: int) -> np.ndarray:
    return (np.random.RandomState(seed).randn(n) * 0.3).astype(np.float32)


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    out = {}
    for n, seed in CASES:
        with tf.Graph().as_default():
            op = tf.summary.histogram("h", tf.constant(values(n, seed)))
            with tf.Session() as sess:
                summary = tf.Summary.FromString(sess.run(op))
        histo = summary.value[0].histo
        out[f"{n}-{seed}"] = {"sum": histo.sum, "sum_squares": histo.sum_squares}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
