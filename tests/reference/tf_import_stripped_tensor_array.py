"""TensorArrays of unknown element shape in GraphDefs with default attributes stripped
(dev-only): `strip_default_attrs` (as SavedModel builders and h-soak6's fresh
`tf_fuzzimport` seed write them) drops TensorArrayV3's and TensorArrayGatherV3's
`element_shape` when it is the default, unknown rank. graphgate read the missing attribute
as a scalar's shape and failed the first write of a vector ("a TensorArray of elements []
cannot take one of shape [2]", `grad.second_order.1`: the while loop of `tf.hessians`).
Each case: the stripped GraphDef, its feed and TF 2.21's outputs.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python \\
        tests/reference/tf_import_stripped_tensor_array.py \\
        > tests/unit/engine/fixtures/tf_import_stripped_tensor_array.json
"""

from __future__ import annotations

import base64
import json
import sys

import numpy as np


def _hessians(tf, x):
    return tf.hessians(tf.reduce_sum(tf.tanh(x) * x), x)[0]


def _loop(tf, x):
    ta = tf.TensorArray(tf.float32, size=3)  # element_shape left unknown

    def body(i, ta):
        return i + 1, ta.write(i, x * tf.cast(i + 1, tf.float32))

    _, ta = tf.while_loop(lambda i, _: i < 3, body, [0, ta])
    return ta.gather([2, 0])  # a TensorArrayGatherV3, its element_shape stripped too


CASES = {"hessians": _hessians, "loop": _loop}


def _strip_defaults(graph_def) -> None:
    from tensorflow.python.framework import op_def_registry

    for node in graph_def.node:
        op_def = op_def_registry.get(node.op)
        for attr in op_def.attr if op_def is not None else ():
            held = node.attr.get(attr.name) if attr.HasField("default_value") else None
            if held is not None and held == attr.default_value:
                del node.attr[attr.name]


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    tf.disable_control_flow_v2()
    feed = np.array([0.5, -1.25], np.float32)
    cases = {}
    for name, build in CASES.items():
        with tf.Graph().as_default() as graph:
            x = tf.placeholder(tf.float32, [2], name="x")
            tf.identity(build(tf, x), name="out")
            graph_def = graph.as_graph_def()
            _strip_defaults(graph_def)
            stripped = [n.name for n in graph_def.node if n.op.startswith("TensorArray")]
            assert not any(
                "element_shape" in n.attr for n in graph_def.node if n.op == "TensorArrayV3"
            )
            with tf.Session() as sess:
                out = sess.run("out:0", {"x:0": feed})
        cases[name] = {
            "graph": base64.b64encode(graph_def.SerializeToString()).decode("ascii"),
            "arrays": stripped,
            "feed": feed.tolist(),
            "out": out.tolist(),
        }
    json.dump({"tensorflow": tf.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
