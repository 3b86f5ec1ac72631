"""What the tenth gap hunt's programs still found different from TensorFlow, each pinned:
TF1 programs run unchanged with `tf` = tensorflow.compat.v1 (this script, dev-only) and
with `tf` = graphgate (tests/unit/engine/test_tf1_residue.py).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_residue.py \
        > tests/unit/engine/fixtures/tf1_residue.json
"""

from __future__ import annotations

import json
import sys

import numpy as np

PROGRAMS = {
    "fused_batch_norm_second_derivative": """
# Double backprop through a fused batch norm: TF differentiates FusedBatchNormGrad exactly,
# through both batch statistics (tf.nn.moments holds the mean constant in the variance, so
# the unfused spelling has a different second derivative, which is pinned too).
rng = np.random.RandomState(5)
img = tf.constant(rng.randn(2, 3, 3, 2).astype(np.float32))
w = tf.constant(rng.randn(2, 3, 3, 2).astype(np.float32))
def second(f):
    g1 = tf.gradients(tf.reduce_sum(tf.sin(f(img)) * w), img)[0]
    return [g1, tf.gradients(tf.reduce_sum(tf.sin(g1)), img)[0]]
scale, offset = tf.constant([1.0, 2.0]), tf.constant([0.0, 0.5])
r = {
    "fused": second(lambda v: tf.nn.fused_batch_norm(v, scale, offset, is_training=True)[0]),
    "layers_fused": second(lambda v: tf.layers.batch_normalization(v, training=True, name="a")),
    "layers_unfused": second(
        lambda v: tf.layers.batch_normalization(v, training=True, fused=False, name="b")),
    "layers_inference": second(lambda v: tf.layers.batch_normalization(v, name="c")),
}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for k, v in r.items():
        out[k] = [np.asarray(t, np.float64).ravel().tolist() for t in sess.run(v)]
""",
}


def raises(fn):
    try:
        fn()
    except Exception as exc:
        return type(exc).__name__
    return None


def run(tf, program: str) -> dict:
    out: dict = {}
    graph = tf.Graph()
    with graph.as_default():
        exec(program, {"tf": tf, "np": np, "out": out, "raises": raises})
    return out


def main() -> None:
    import os

    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers lives in tf_keras now
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    out = {name: run(tf, text) for name, text in PROGRAMS.items()}
    json.dump({"tensorflow": tf.__version__, "programs": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
