"""A checkpoint TF1's Saver writes of `tf1_keras_mix.py`'s mixed model (dev-only): each
variable set to seeded values (positive: one is a variance), so that a restore by the
wrong name or into the wrong variable changes what the program computes.

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf_keras_mix_ckpt.py \\
        tests/unit/engine/fixtures/tf_keras_mix_ckpt
"""

from __future__ import annotations

import os
import sys

import numpy as np

try:
    from tests.reference import harness, tf1_keras_mix
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_keras_mix


def main(out_dir: str) -> None:
    tf = harness.import_tf1(True, None)
    os.makedirs(out_dir, exist_ok=True)
    with tf.Graph().as_default():
        exec(tf1_keras_mix.MIXED_MODEL, {"tf": tf, "np": np, "out": {}})
        rng = np.random.RandomState(29)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for v in tf.global_variables():
                shape = v.shape.as_list()
                sess.run(v.assign(rng.uniform(0.1, 1.0, shape).astype(v.dtype.as_numpy_dtype)))
            tf.train.Saver().save(sess, os.path.join(out_dir, "model.ckpt"), write_meta_graph=False)
    for name in os.listdir(out_dir):
        if name == "checkpoint":
            os.remove(os.path.join(out_dir, name))


if __name__ == "__main__":
    main(sys.argv[1])
