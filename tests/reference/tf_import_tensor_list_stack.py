"""TensorListStack's `num_elements` as TF 2.21 writes it (dev-only): a TF1 TensorArray
of a known size, in a graph built with control flow v2, stacks through a TensorListStack
that carries the size, and TF's kernel fails a list of another length. A fresh
tf_fuzzimport seed (h-soak4) found graphgate stacking `TensorArray(size=1).unstack(x)` of
two rows where TF fails the run. Each case is a GraphDef, its feed and TF's output or
error class.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_import_tensor_list_stack.py \\
        > tests/unit/engine/fixtures/tf_import_tensor_list_stack.json
"""

from __future__ import annotations

import base64
import json
import sys

import numpy as np

X = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
CASES = {
    # size, element shape given to the array (None: inferred from the unstack)
    "size_matches": (2, None),
    "size_short": (1, None),
    "size_long": (3, None),
    "size_short_unknown_rows": (1, [None]),
    "size_matches_unknown_rows": (2, [None]),
}


def _case(tf, size: int, element_shape) -> dict:
    x = tf.placeholder(tf.float32, [2, None] if element_shape else [2, 2], name="x")
    ta = tf.TensorArray(
        tf.float32, size=size, element_shape=element_shape, infer_shape=not element_shape
    )
    out = ta.unstack(x).stack()
    stacks = [n for n in tf.get_default_graph().as_graph_def().node if n.op == "TensorListStack"]
    assert len(stacks) == 1 and stacks[0].attr["num_elements"].i == size, stacks
    with tf.Session() as sess:
        try:
            result = {"value": sess.run(out, {x: X}).tolist()}
        except tf.errors.OpError as exc:
            result = {"error": type(exc).__name__}
    graph = sess.graph.as_graph_def().SerializeToString()
    return {"graph": base64.b64encode(graph).decode("ascii"), "fetch": out.name, **result}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    tf.enable_control_flow_v2()
    cases = {}
    for name, (size, element_shape) in CASES.items():
        with tf.Graph().as_default():
            cases[name] = _case(tf, size, element_shape)
    out = {"tensorflow": tf.__version__, "x": X.tolist(), "cases": cases}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
