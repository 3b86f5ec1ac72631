"""Frozen TF1 graphs whose while_loops' outputs are read by shape-hungry ops (StridedSlice,
MatrixDiagPartV3) and what TensorFlow computes for them (dev-only): tf.nn.dynamic_rnn
inference (LSTM, GRU with sequence lengths), a loop whose variable grows each iteration
(TF's Merge relaxes the dim), and one whose rank changes. Per graph: the GraphDef, the
`result` for `x`, and `result`'s static shape in the graph built and in the graph
imported from the GraphDef (tests/unit/engine/test_tf_import_loop_shapes.py).

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_import_loop_shapes.py \\
        > tests/unit/engine/fixtures/tf_import_loop_shapes.json
"""

from __future__ import annotations

import base64
import json

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script
    import harness

X = (np.sin(np.arange(2 * 5 * 3, dtype=np.float32)) * 1.5).reshape(2, 5, 3)


def _lstm(tf, x):
    cell = tf.nn.rnn_cell.LSTMCell(4, initializer=tf.glorot_uniform_initializer(seed=3))
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return outputs[:, -1, :2] + state.h[:, 1:3]


def _gru_lengths(tf, x):
    cell = tf.nn.rnn_cell.GRUCell(3, kernel_initializer=tf.glorot_uniform_initializer(seed=5))
    outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=[5, 3], dtype=tf.float32)
    return tf.linalg.diag_part(outputs) * state[:, :1]


def _growing(tf, x):
    """v doubles its rows each iteration: TF's Merge gives shape (?, 3)."""
    rows = x[0]

    def body(i, v):
        return i + 1, tf.concat([v, tf.tanh(v) * tf.cast(i, tf.float32)], 0)

    _, v = tf.while_loop(
        lambda i, v: i < 3,
        body,
        [0, rows],
        shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, 3])],
    )
    return tf.raw_ops.MatrixDiagPartV3(input=v[3:, :], k=[-1, 0], padding_value=7.0)


def _rank_grows(tf, x):
    """v gains a dim each iteration: its shape after the loop is truly unknown."""

    def body(i, v):
        return i + 1, tf.expand_dims(v, 0)

    _, v = tf.while_loop(
        lambda i, v: i < 2,
        body,
        [0, x],
        shape_invariants=[tf.TensorShape([]), tf.TensorShape(None)],
    )
    return v[0, 0, 1]


CASES = {
    "dynamic_rnn_lstm": _lstm,
    "dynamic_rnn_gru_lengths": _gru_lengths,
    "while_growing_rows": _growing,
    "while_rank_grows": _rank_grows,
}


def _shape(t) -> list | None:
    return None if t.shape.dims is None else [d for d in t.shape.as_list()]


def record(tf) -> dict:
    out = {}
    for name, build in CASES.items():
        with tf.Graph().as_default() as g:
            x = tf.placeholder(tf.float32, [2, 5, 3], name="x")
            t = tf.identity(build(tf, x), name="result")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                value = sess.run(t, {x: X})
                frozen = tf.graph_util.convert_variables_to_constants(
                    sess, g.as_graph_def(), ["result"]
                )
        with tf.Graph().as_default():
            tf.import_graph_def(frozen, name="")
            imported = tf.get_default_graph().get_tensor_by_name("result:0")
            with tf.Session() as sess:
                again = sess.run(imported, {"x:0": X})
        assert np.allclose(value, again, rtol=1e-5, atol=1e-6), name
        out[name] = {
            "graph": base64.b64encode(frozen.SerializeToString()).decode(),
            "value": value.tolist(),
            "shape_built": _shape(t),
            "shape_imported": _shape(imported),
        }
    return out


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)
    print(json.dumps({"tensorflow": tf.__version__, "x": X.tolist(), "graphs": record(tf)}))


if __name__ == "__main__":
    main()
