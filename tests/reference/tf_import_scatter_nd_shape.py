"""A gather_nd's gradient unstacked, as TF 2.21 writes and runs it (dev-only): TF writes
the gradient as ScatterNd(indices, updates, shape) with a constant shape, and a stack's
gradient unstacks it (Unpack, which needs its input's rank); graphgate's imported
ScatterNd took no static shape from that constant, so every such GraphDef was refused
(UNKNOWN_RANK; h-soak7's fresh `tf_fuzzimport` seed, `grad.exact.23`). Each case: a
GraphDef, its feed, the fetch and TF's value. (Of a placeholder of unknown shape the
stack along -2 is refused when imported, UNKNOWN_RANK as documented: not recorded.)

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_import_scatter_nd_shape.py \\
        > tests/unit/engine/fixtures/tf_import_scatter_nd_shape.json
"""

from __future__ import annotations

import base64
import json
import sys

import numpy as np

INDICES = {
    # gather_nd's indices into a [4, 2, 1] stack of two [4, 1] tensors
    "elements": [[2, 0, 0], [2, 1, 0], [3, 0, 0], [1, 0, 0]],
    "rows": [[2, 1], [0, 0], [2, 1]],
    "slices": [[3], [1], [3]],
}


def _case(tf, indices) -> dict:
    x = tf.placeholder(tf.float32, [4, 1, 1], name="x")
    v = tf.constant(np.arange(4, dtype=np.float32).reshape(4, 1, 1)) + x
    sq = tf.squeeze(v, [1])
    st = tf.stack([sq, sq * 2.0], axis=-2)
    y = tf.gather_nd(st, np.array(indices, np.int32))
    grad = tf.gradients(tf.reduce_sum(y * y), [x])[0]
    out = tf.identity(grad, name="out")
    feed = np.full([4, 1, 1], 0.5, np.float32)
    with tf.Session() as sess:
        value = sess.run(out, {x: feed})
    graph = sess.graph.as_graph_def().SerializeToString()
    return {
        "graph": base64.b64encode(graph).decode("ascii"),
        "feed": feed.tolist(),
        "shape": list(value.shape),
        "value": value.reshape(-1).tolist(),
    }


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    cases = {}
    for name, indices in INDICES.items():
        with tf.Graph().as_default():
            cases[name] = _case(tf, indices)
    json.dump({"tensorflow": tf.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
