"""Record what TF 2.21's AddN kernel answers for sums of 2 to 10,000 inputs (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_add_n_groups.py \
        > tests/unit/engine/fixtures/tf1_add_n_groups.json

TF's kernel adds its inputs in groups of 8 past the first 8 or 9 (aggregate_ops.cc), so
from 10 inputs on a float sum rounds otherwise than left to right. Each case sums the rows
of a seeded float32 (or float64, float16) matrix of wide-ranging magnitudes, fed through
`unstack`, with grappler off (graphgate runs the graph as written); the answer is kept as
the bits' hex, which the unit test (test_add_n_groups.py) compares exactly.
"""

from __future__ import annotations

import json

import numpy as np

CASES = (
    *((n, "float32") for n in (2, 3, 8, 9, 10, 11, 16, 17, 18, 25, 100, 1001, 10000)),
    (10, "float64"),
    (37, "float64"),
    (19, "float16"),
)
COLUMNS = 16


def rows(n: int, dtype: str) -> np.ndarray:
    rng = np.random.RandomState(n)
    scale = 4.0 if dtype == "float16" else 20.0
    return (rng.randn(n, COLUMNS) * np.exp(rng.uniform(-scale, scale, (n, COLUMNS)))).astype(dtype)


def main() -> None:
    import tensorflow.compat.v1 as tf
    from tensorflow.core.protobuf import rewriter_config_pb2

    tf.disable_v2_behavior()
    rewrite = rewriter_config_pb2.RewriterConfig(disable_meta_optimizer=True)
    config = tf.ConfigProto(graph_options=tf.GraphOptions(rewrite_options=rewrite))
    out = {}
    for n, dtype in CASES:
        with tf.Graph().as_default():
            x = tf.placeholder(dtype, [n, COLUMNS])
            total = tf.add_n(tf.unstack(x))
            with tf.Session(config=config) as sess:
                value = sess.run(total, {x: rows(n, dtype)})
        out[f"{n}-{dtype}"] = value.tobytes().hex()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
