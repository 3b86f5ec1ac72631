"""Record what TensorFlow 1.x computes for programs as the TF1 cookbooks and example
collections write them (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_cookbook.py \
        > tests/unit/engine/fixtures/tf1_cookbook.json

(the venv needs `tensorflow-cpu` and `tf-keras` of the same version.)

"TensorFlow Machine Learning Cookbook" (placeholders shaped `(batch_size)`, `tf.squeeze`
of a batch of unknown size), aymericdamien's TensorFlow-Examples, decoders' loop flags
(`tf.zeros([batch], tf.bool)`), and numerics TF defines precisely. Each program stores what
it observed in `out[...]`; `tests/unit/engine/test_tf1_cookbook.py` runs the same text
against graphgate and compares.
"""

from __future__ import annotations

import json
import sys

import numpy as np

PROGRAMS = {
    "concat_second_derivative": """
rng = np.random.RandomState(2)
x = tf.constant(rng.randn(3, 4))
fns = {"concat": lambda v: tf.concat([v * v, tf.sin(v)], 1),
       "concat_axis0": lambda v: tf.concat([tf.sin(v), v[:1] * v[:1]], 0),
       "crelu": tf.nn.crelu, "stack_like": lambda v: tf.concat([v[:, :1], v[:, 1:] * 2.0], 1),
       "depth_to_space": lambda v: tf.reshape(tf.concat([v, v * v], 1), [1, 2, 2, 6])}
for name, f in fns.items():
    g1 = tf.gradients(tf.reduce_sum(tf.square(f(x))), x)[0]
    h = tf.gradients(tf.reduce_sum(tf.sin(g1)), x)[0]
    with tf.Session() as sess:
        out[name] = sess.run(h).tolist()
""",
    "tile_second_derivative": """
rng = np.random.RandomState(3)
x = tf.constant(rng.randn(2, 3))
n = tf.placeholder_with_default(2, [])
fns = {"static": lambda v: tf.tile(v * v, [2, 1]), "three": lambda v: tf.tile(tf.sin(v), [1, 3]),
       "run_time": lambda v: tf.tile(v * v, tf.stack([n, 1]))}
for name, f in fns.items():
    g1 = tf.gradients(tf.reduce_sum(tf.square(f(x))), x)[0]
    h = tf.gradients(tf.reduce_sum(tf.sin(g1)), x)[0]
    with tf.Session() as sess:
        out[name] = sess.run(h).tolist()
""",
    "extract_patches_second_derivative": """
rng = np.random.RandomState(4)
img = tf.constant(rng.randn(1, 4, 4, 2))
cases = {"valid": ([1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID"),
         "same_strided": ([1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "SAME")}
for name, (k, st, rt, pad) in cases.items():
    p = tf.extract_image_patches(img * img, k, st, rt, pad)
    g1 = tf.gradients(tf.reduce_sum(tf.square(p)), img)[0]
    h = tf.gradients(tf.reduce_sum(tf.sin(g1)), img)[0]
    with tf.Session() as sess:
        out[name] = sess.run(h).ravel().tolist()
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
        env = {"tf": tf, "np": np, "out": out, "raises": raises}
        exec(program, env)
    return out


def main() -> None:
    import os

    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers lives in tf_keras now
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    tf.set_random_seed(0)
    out = {name: run(tf, text) for name, text in PROGRAMS.items()}
    json.dump({"tensorflow": tf.__version__, "programs": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
