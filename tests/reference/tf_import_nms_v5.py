"""NonMaxSuppressionV5 as TF 2.21 writes it (`tf.image.non_max_suppression_with_scores`,
and the raw op) and what TF computes from it (dev-only): graphgate's importer refused it
before fuzzseeds (its limits are inputs, graphgate's op reads them as attributes or as
run-time inputs). Each case is a frozen GraphDef, its feeds and TF's outputs.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_import_nms_v5.py \\
        > tests/unit/engine/fixtures/tf_import_nms_v5.json
"""

from __future__ import annotations

import base64
import json
import sys

import numpy as np

BOXES = np.array(
    [
        [0, 0, 1, 1],
        [0, 0.1, 1, 1.1],
        [0, -0.1, 1, 0.9],
        [0, 10, 1, 11],
        [0, 10.1, 1, 11.1],
        [0, 100, 1, 101],
    ],
    np.float32,
)
SCORES = np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3], np.float32)


def _case(tf, name: str) -> dict:
    boxes, scores = tf.constant(BOXES), tf.constant(SCORES)
    feeds = {}
    if name == "constant_limits":  # as the public function writes them
        out = tf.image.non_max_suppression_with_scores(boxes, scores, 4, 0.5)
    elif name == "soft_nms":
        out = tf.image.non_max_suppression_with_scores(
            boxes, scores, 5, 1.0, score_threshold=0.2, soft_nms_sigma=0.5
        )
    elif name == "fed_limits":  # known only at run time
        limit = tf.placeholder(tf.int32, [], name="limit")
        iou = tf.placeholder(tf.float32, [], name="iou")
        sigma = tf.placeholder(tf.float32, [], name="sigma")
        out = tf.image.non_max_suppression_with_scores(
            boxes, scores, limit, iou, 0.0, soft_nms_sigma=sigma
        )
        feeds = {"limit:0": 3, "iou:0": 0.4, "sigma:0": 0.25}
    else:  # the raw op's valid_outputs, unpadded
        out = tf.raw_ops.NonMaxSuppressionV5(
            boxes=boxes,
            scores=scores,
            max_output_size=5 if name == "padded" else 3,
            iou_threshold=0.5,
            score_threshold=0.0,
            soft_nms_sigma=0.0,
            pad_to_max_output_size=name == "padded",
        )
    fetches = [t.name for t in out]
    with tf.Session() as sess:
        values = sess.run(fetches, {k: v for k, v in feeds.items()})
    graph_def = sess.graph.as_graph_def()
    return {
        "graph": base64.b64encode(graph_def.SerializeToString()).decode("ascii"),
        "feeds": feeds,
        "fetches": fetches,
        "outputs": [np.asarray(v).tolist() for v in values],
    }


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    cases = {}
    for name in ("constant_limits", "soft_nms", "fed_limits", "raw", "padded"):
        with tf.Graph().as_default():
            cases[name] = _case(tf, name)
    json.dump({"tensorflow": tf.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
