"""A graph TF 2 wrote: a tf.function frozen by convert_variables_to_constants_v2 (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_formats_v2.py tests/unit/engine/fixtures/tf_formats

Writes `tf2_function.pb` and `tf2_function.json` (the feed and TF's output). A separate
script from tf_formats.py, which runs TF in TF1 graph mode; this one needs eager mode.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

OUT = sys.argv[1]
rng = np.random.RandomState(0)
w1 = tf.Variable(rng.randn(4, 8).astype(np.float32))
b1 = tf.Variable(rng.randn(8).astype(np.float32))
w2 = tf.Variable(rng.randn(8, 3).astype(np.float32))


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
def model(x):
    h = tf.nn.gelu(tf.matmul(x, w1) + b1)
    mean = tf.reduce_mean(h, -1, keepdims=True)
    h = (h - mean) * tf.math.rsqrt(tf.math.reduce_variance(h, -1, keepdims=True) + 1e-5)
    return tf.nn.softmax(tf.matmul(h, w2))


frozen = convert_variables_to_constants_v2(model.get_concrete_function())
with open(os.path.join(OUT, "tf2_function.pb"), "wb") as f:
    f.write(frozen.graph.as_graph_def().SerializeToString())
x = rng.randn(3, 4).astype(np.float32)
(y,) = frozen(tf.constant(x))
with open(os.path.join(OUT, "tf2_function.json"), "w") as f:
    json.dump(
        {
            "feed": x.tolist(),
            "input": frozen.inputs[0].name,
            "output": frozen.outputs[0].name,
            "value": y.numpy().tolist(),
        },
        f,
    )
    f.write("\n")
