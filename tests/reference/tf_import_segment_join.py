"""`tf.strings.unsorted_segment_join` as TF 2.21 writes and runs it (dev-only): TF's
UnsortedSegmentJoin takes num_segments as its third input, graphgate's op as an
attribute, so every such GraphDef was refused (TF_GRAPH_UNSUPPORTED, h-soak6's fresh
`tf_fuzzimport` seed, `img.strings.29`). Each case: a GraphDef, its feed and TF's value
or error class.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_import_segment_join.py \\
        > tests/unit/engine/fixtures/tf_import_segment_join.json
"""

from __future__ import annotations

import base64
import json
import sys

CASES = {
    # strings (a nested list), segment ids, num_segments, separator
    "rows": ([["a", "b"], ["c", "d"], ["e", "f"]], [1, 0, 1], 3, ":"),
    "vector": (["x", "", "y", "z"], [2, 2, 0, 2], 4, ""),
    "id_out_of_range": (["x", "y"], [0, 2], 2, ","),
    "nothing": ([], [], 2, "-"),
}


def _case(tf, strings, ids, n, sep) -> dict:
    rank = 2 if strings and isinstance(strings[0], list) else 1
    x = tf.placeholder(tf.string, [None] * rank)
    y = tf.strings.unsorted_segment_join(x, tf.constant(ids, tf.int32), n, separator=sep)
    tf.identity(y, name="out")
    feed = strings
    with tf.Session() as sess:
        try:
            seen = {"value": [s.decode() for s in sess.run(y, {x: feed}).reshape(-1)]}
            seen["shape"] = [int(d) for d in sess.run(tf.shape(y), {x: feed})]
        except tf.errors.OpError as exc:
            seen = {"error": type(exc).__name__}
    graph = sess.graph.as_graph_def().SerializeToString()
    return {"graph": base64.b64encode(graph).decode("ascii"), "feed": strings, **seen}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    cases = {}
    for name, (strings, ids, n, sep) in CASES.items():
        with tf.Graph().as_default():
            cases[name] = _case(tf, strings, ids, n, sep)
    json.dump({"tensorflow": tf.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
