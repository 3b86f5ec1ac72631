"""A `.meta` and checkpoint TF1 saved while training a dynamic_rnn LSTM (dev-only): its
training graph holds TF's gradient of the while_loop (StackV2, StackPushV2, StackPopV2),
which graphgate refuses with what to do instead, as it refuses the same graph built
with TF 2's control flow (`model_v2.meta`, its gradient's TensorList accumulators); and
the losses TF computes for one batch before and after one more Adam step from that
checkpoint, which the same model
built with graphgate and restored from the checkpoint reproduces
(tests/unit/engine/test_tf_lstm_training_meta.py).

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_lstm_training_meta.py
"""

from __future__ import annotations

import json
import os

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script
    import harness

OUT = os.path.join(os.path.dirname(__file__), "..", "unit", "engine", "fixtures", "tf_lstm_meta")
X = (np.sin(np.arange(2 * 4 * 3, dtype=np.float32)) * 0.7).reshape(2, 4, 3)
Y = np.array([[0.5, -0.25], [1.0, 0.75]], dtype=np.float32)

# The model, as TF1 text: run by TF here and by graphgate in the test.
MODEL = """
x = tf.placeholder(tf.float32, [None, 4, 3], name="x")
y = tf.placeholder(tf.float32, [None, 2], name="y")
cell = tf.nn.rnn_cell.LSTMCell(3, initializer=tf.glorot_uniform_initializer(seed=3))
_, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
pred = tf.layers.dense(state.h, 2, name="head")
loss = tf.reduce_mean(tf.square(pred - y), name="loss")
train = tf.train.AdamOptimizer(0.05).minimize(loss, name="train")
"""


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)
    os.makedirs(OUT, exist_ok=True)
    with tf.Graph().as_default():
        scope: dict = {"tf": tf}
        exec(MODEL, scope)
        feed = {scope["x"]: X, scope["y"]: Y}
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(scope["train"], feed)
            saver.save(sess, os.path.join(OUT, "model"), write_meta_graph=True)
            before = float(sess.run(scope["loss"], feed))
            sess.run(scope["train"], feed)
            after = float(sess.run(scope["loss"], feed))
    os.remove(os.path.join(OUT, "checkpoint"))  # the test names the prefix
    write_v2_meta(tf)
    expected = {"tensorflow": tf.__version__, "x": X.tolist(), "y": Y.tolist()}
    expected.update(loss_restored=before, loss_after_step=after)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


def write_v2_meta(tf) -> None:
    """The same training graph with TF 2's control flow (what `tf.compat.v1` builds unless
    `disable_v2_behavior()`): the gradient of the While keeps the forward values in
    TensorLists, the `…/accumulator` EmptyTensorList nodes, as `model_v2.meta`."""
    tf.enable_control_flow_v2()
    try:
        with tf.Graph().as_default():
            exec(MODEL, {"tf": tf})
            tf.train.export_meta_graph(os.path.join(OUT, "model_v2.meta"))
    finally:
        tf.disable_control_flow_v2()


if __name__ == "__main__":
    main()
