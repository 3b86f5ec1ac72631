"""An inference FusedBatchNormV3's other outputs as TF 2.21 computes them (dev-only):
`tf.nn.fused_batch_norm(..., is_training=False)` returns y, batch_mean and
batch_variance (`:1`, `:2`), and a graph may fetch the reserve spaces (`:3`, `:4`) too.
h-soak4's fresh `tf_fuzzimport` seeds (`nn.norms.10`, `.22`) fetched `:1`/`:2` of an
imported graph, which graphgate refused (UNKNOWN_FETCH) because no node of the graph read
them. Each case is a GraphDef, its feeds and TF's value of every fetch.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python \\
        tests/reference/tf_import_batch_norm_outputs.py \\
        > tests/unit/engine/fixtures/tf_import_batch_norm_outputs.json
"""

from __future__ import annotations

import base64
import json
import sys

import numpy as np

CASES = {
    # x's shape, x's dtype, data_format
    "nhwc_float32": ([2, 3, 2, 3], "float32", "NHWC"),
    "nhwc_float16": ([2, 2, 2, 3], "float16", "NHWC"),
    "ndhwc_float32": ([1, 2, 2, 2, 3], "float32", "NDHWC"),
}


def _case(tf, shape, dtype, layout) -> dict:
    rng = np.random.default_rng(5)
    feeds = {
        "x": rng.standard_normal(shape).astype(dtype),
        "scale": rng.uniform(0.5, 1.5, 3).astype(np.float32),
        "offset": rng.standard_normal(3).astype(np.float32),
        "mean": rng.standard_normal(3).astype(np.float32),
        "variance": rng.uniform(0.5, 2.0, 3).astype(np.float32),
    }
    held = {k: tf.placeholder(v.dtype, v.shape, name=k) for k, v in feeds.items()}
    y, _, _ = tf.nn.fused_batch_norm(
        held["x"],
        held["scale"],
        held["offset"],
        held["mean"],
        held["variance"],
        epsilon=0.01,
        data_format=layout,
        is_training=False,
        name="bn",
    )
    assert y.op.type == "FusedBatchNormV3", y.op.type
    fetches = [f"{y.op.name}:{i}" for i in range(5)]
    with tf.Session() as sess:
        values = sess.run(fetches, {held[k]: v for k, v in feeds.items()})
    graph = sess.graph.as_graph_def().SerializeToString()
    return {
        "graph": base64.b64encode(graph).decode("ascii"),
        "feeds": {f"{k}:0": {"value": v.tolist(), "dtype": str(v.dtype)} for k, v in feeds.items()},
        "fetches": {
            f: {"value": v.tolist(), "dtype": str(v.dtype)}
            for f, v in zip(fetches, values, strict=True)
        },
    }


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    cases = {}
    for name, (shape, dtype, layout) in CASES.items():
        with tf.Graph().as_default():
            cases[name] = _case(tf, shape, dtype, layout)
    json.dump({"tensorflow": tf.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
