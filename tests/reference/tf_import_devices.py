"""A TF1 GraphDef whose nodes carry devices (set by tf.device blocks, and written into the
NodeDefs by hand in TF's short forms), and the devices TF reports for them once imported,
as `op.device` and the re-exported `node_def.device`, also imported under a `tf.device`
block (dev-only;
tests/unit/engine/test_tf_import_devices.py).

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_import_devices.py \\
        > tests/unit/engine/fixtures/tf_import_devices.json
"""

from __future__ import annotations

import base64
import json

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script
    import harness

# Written into the NodeDefs as they are: TF canonicalizes them on import.
HAND_WRITTEN = {"b": "/job:worker/task:1/cpu:0", "c": "/gpu:1"}


def record(tf) -> dict:
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2], name="x")
        with tf.device("/cpu:0"):
            a = tf.add(x, 1.0, name="a")
        b = tf.multiply(a, 2.0, name="b")
        with tf.device("/job:ps/replica:0/task:0/device:CPU:0"):
            c = tf.subtract(b, a, name="c")
        tf.identity(c, name="result")
    graph = g.as_graph_def()
    for node in graph.node:
        node.device = HAND_WRITTEN.get(node.name, node.device)
    with tf.Graph().as_default() as h:
        tf.import_graph_def(graph, name="")
        again = h.as_graph_def()
    # The block merged under each node's own device.
    with tf.Graph().as_default() as scoped, tf.device("/job:ps/task:2"):
        tf.import_graph_def(graph, name="")
    return {
        "graph": base64.b64encode(graph.SerializeToString()).decode(),
        "written": {n.name: n.device for n in graph.node},
        "op_device": {op.name: op.device for op in h.get_operations()},
        "node_def_device": {n.name: n.device for n in again.node},
        "scoped_op_device": {op.name: op.device for op in scoped.get_operations()},
    }


def main() -> None:
    tf = harness.import_tf1()
    print(json.dumps({"tensorflow": tf.__version__, **record(tf)}, indent=1))


if __name__ == "__main__":
    main()
