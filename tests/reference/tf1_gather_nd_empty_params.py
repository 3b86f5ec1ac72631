"""gather_nd of params with no element (dev-only): TF's GatherNd kernel fails a run that
asks for at least one slice of an empty params ("Requested more than 0 entries, but
params is empty"), whether or not the index is in range, and answers an empty result when
there is no index tuple. h-soak4's fresh `tf1_fuzzshape` seed found graphgate answering
the empty slice (`gathers.44`). Each case: params' shape (float32 zeros fed through a
placeholder of unknown shape), the indices, and TF's value or error class, run in a
session and as a GraphDef graphgate imports.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python \\
        tests/reference/tf1_gather_nd_empty_params.py \\
        > tests/unit/engine/fixtures/tf1_gather_nd_empty_params.json
"""

from __future__ import annotations

import base64
import json
import sys

import numpy as np

CASES = {
    # params shape, indices (a nested list), indices' shape when it has no element
    "empty_middle_axis": ([2, 0, 1], [[0]], None),
    "empty_params_in_range_row": ([2, 0], [[1]], None),
    "empty_params_full_index": ([2, 0], [[1, 0]], None),
    "empty_vector": ([0], [[0]], None),
    "empty_params_depth_zero": ([2, 0], None, [3, 0]),
    "empty_params_no_tuples": ([0, 3], None, [0, 1]),
    "empty_params_no_tuples_batched": ([2, 0], None, [2, 0, 1]),
    "params_with_elements": ([3, 2], [[1], [2]], None),
    "params_with_elements_no_tuples": ([3, 2], None, [0, 2]),
}


def _indices(listed, shape) -> np.ndarray:
    return np.array(listed, np.int32) if listed is not None else np.zeros(shape, np.int32)


def _case(tf, shape, listed, empty_shape) -> dict:
    indices = _indices(listed, empty_shape)
    params = tf.placeholder(tf.float32, None, name="params")
    out = tf.gather_nd(params, tf.constant(indices), name="gathered")
    value = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    with tf.Session() as sess:
        try:
            got = sess.run(out, {params: value})
            result = {"value": got.tolist(), "shape": list(got.shape)}
        except tf.errors.OpError as exc:
            lines = exc.message.splitlines()
            said = next((line for line in lines if "params is empty" in line), lines[0])
            result = {"error": type(exc).__name__, "message": said.strip()}
    graph = sess.graph.as_graph_def().SerializeToString()
    return {
        "params_shape": shape,
        "indices": indices.tolist(),
        "indices_shape": list(indices.shape),
        "graph": base64.b64encode(graph).decode("ascii"),
        "fetch": out.name,
        **result,
    }


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    cases = {}
    for name, (shape, listed, empty_shape) in CASES.items():
        with tf.Graph().as_default():
            cases[name] = _case(tf, shape, listed, empty_shape)
    json.dump({"tensorflow": tf.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
