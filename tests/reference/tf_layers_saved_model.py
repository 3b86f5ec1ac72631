"""Write the SavedModel a typical TF1 training script makes under TensorFlow 2.x (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf_layers_saved_model.py \
        tests/unit/engine/fixtures/tf_layers

With only `disable_eager_execution()`, `tf.layers` (tf_keras' legacy layers) make resource
variables and initialize their kernels with the stateless random ops of TF 2
(`StatelessRandomGetKeyCounter` feeding `StatelessRandomUniformV2`, ...),
`tf.losses` sums over a `Range` of constants, and the script keeps its own `tf.train.Saver`
beside the one `simple_save` adds: all of it lands in `saved_model.pb` and its `.meta`.
Writes `export/1/` (simple_save), `cond/1/` (below), `ckpt/` (the script's own Saver,
before training) and `expected.json`: each variable's initial value (what its initializer
drew), three stateless draws, and the exported model's outputs for fixed rows after ten Adam steps
(through TF's gradients, `TanhGrad` and `SigmoidGrad` among them).
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import numpy as np
import tensorflow.compat.v1 as tf

# What most TF1 scripts migrated to TF 2 call (not disable_v2_behavior): variables are
# resource variables and the layers' initializers TF 2's stateless ops.
tf.disable_eager_execution()
OUT = sys.argv[1]


def listed(a: np.ndarray) -> dict:
    return {"dtype": a.dtype.name, "shape": list(a.shape), "value": a.ravel().tolist()}


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    rows = np.random.RandomState(0).randn(5, 4).astype(np.float32)
    labels = np.eye(3, dtype=np.float32)[[0, 2, 1, 1, 0]]
    with tf.Graph().as_default():
        tf.set_random_seed(7)
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        y = tf.placeholder(tf.float32, [None, 3], name="y")
        h = tf.layers.dense(x, 8, activation=tf.nn.relu, name="hidden")
        normal = tf.keras.initializers.RandomNormal(stddev=0.5, seed=3)
        h2 = tf.layers.dense(h, 6, activation=tf.nn.tanh, kernel_initializer=normal, name="h2")
        truncated = tf.keras.initializers.TruncatedNormal(stddev=0.5, seed=4)
        logits = tf.layers.dense(h2, 3, kernel_initializer=truncated, name="logits")
        probs = tf.nn.softmax(logits, name="probs")
        tf.identity(tf.math.sigmoid(h2), name="gate")  # its gradient is SigmoidGrad
        draws = {
            "uniform": tf.random.stateless_uniform([2, 3], seed=[1, 2], name="uniform"),
            "normal": tf.random.stateless_normal([4], seed=[-3, 2**40], name="normal"),
            "truncated": tf.random.stateless_truncated_normal([5], seed=[9, 9], name="truncated"),
        }
        gate = tf.get_default_graph().get_tensor_by_name("gate:0")
        sparse = tf.losses.sparse_softmax_cross_entropy(tf.argmax(y, 1), logits)
        loss = (
            tf.losses.softmax_cross_entropy(y, logits) + 0.5 * sparse + 0.1 * tf.reduce_mean(gate)
        )
        train = tf.train.AdamOptimizer(0.05).minimize(loss, name="train")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            initial = {v.op.name: listed(sess.run(v)) for v in tf.trainable_variables()}
            drawn = {name: listed(value) for name, value in sess.run(draws).items()}
            saver.save(sess, os.path.join(OUT, "ckpt", "model.ckpt"), global_step=0)
            for _ in range(10):  # expected["steps"]
                sess.run(train, {x: rows, y: labels})
            outputs = sess.run(probs, {x: rows})
            tf.saved_model.simple_save(
                sess, os.path.join(OUT, "export", "1"), {"rows": x}, {"scores": probs}
            )
            ops = sorted({op.type for op in sess.graph.get_operations()})
    expected = {
        "initial": initial,
        "draws": drawn,
        "rows": listed(rows),
        "labels": listed(labels),
        "steps": 10,
        "scores": listed(outputs),
        "stateless_ops": [op for op in ops if op.startswith("Stateless")],
    }
    expected["cond"] = cond_export(rows)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


def cond_export(rows: np.ndarray) -> dict:
    """`cond/1`: TF1 control flow (disable_v2_behavior's), a conv net whose dropout is a
    tf.cond on a `training` placeholder, trained by Adadelta: its train op holds the cond's
    gradient and ApplyAdadelta, neither of which a served signature runs."""
    tf.disable_control_flow_v2()
    images = np.random.RandomState(1).rand(4, 6, 6, 1).astype(np.float32)
    with tf.Graph().as_default():
        tf.set_random_seed(5)
        x = tf.placeholder(tf.float32, [None, 6, 6, 1], name="images")
        y = tf.placeholder(tf.int64, [None], name="labels")
        training = tf.placeholder_with_default(False, [], name="training")
        h = tf.layers.conv2d(x, 3, 3, padding="same", activation=tf.nn.relu)
        h = tf.layers.flatten(tf.layers.max_pooling2d(h, 2, 2))
        logits = tf.layers.dense(tf.layers.dropout(h, 0.3, training=training), 2)
        probs = tf.nn.softmax(logits, name="probs")
        loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
        step = tf.train.get_or_create_global_step()
        train = tf.train.AdadeltaOptimizer(1.0).minimize(loss, global_step=step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train, {x: images, y: [0, 1, 1, 0], training: True})
            outputs = sess.run(probs, {x: images})
            tf.saved_model.simple_save(
                sess, os.path.join(OUT, "cond", "1"), {"images": x}, {"probs": probs}
            )
            served = sorted(v.op.name for v in tf.trainable_variables())
    return {"images": listed(images), "probs": listed(outputs), "variables": served}


main()
