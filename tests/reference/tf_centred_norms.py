"""TF 2.21's training-mode fused batch norm and tf_keras' LayerNormalization over values
whose mean is large beside their spread (dev-only; tests/unit/engine/test_centred_norms.py
holds what this prints):

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf_centred_norms.py

TF centres before scaling there ((x - mean) * factor + offset); an x * inv - mean * inv
order cancels and loses the spread's low bits."""

from __future__ import annotations

import os

import numpy as np


def inputs() -> dict:
    """The inputs both sides normalize (float32, deterministic)."""
    rng = np.random.default_rng(20261207)
    return {
        "x": (rng.standard_normal((2, 2, 3, 2)) * 0.3 + 5).astype(np.float32),
        "scale": rng.standard_normal(2).astype(np.float32),
        "offset": rng.standard_normal(2).astype(np.float32),
        "rows": (rng.standard_normal((3, 6)) * 0.01 + 100).astype(np.float32),
        "gamma": rng.standard_normal(6).astype(np.float32),
        "beta": rng.standard_normal(6).astype(np.float32),
    }


def main() -> None:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF1's tf.keras is tf_keras
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    v = inputs()
    with tf.Session() as sess:
        y, _, _ = tf.nn.fused_batch_norm(v["x"], v["scale"], v["offset"], epsilon=0.001)
        layer = tf.keras.layers.LayerNormalization()
        normed = layer(tf.constant(v["rows"]))
        sess.run(tf.variables_initializer(layer.weights))
        sess.run([layer.gamma.assign(v["gamma"]), layer.beta.assign(v["beta"])])
        fused, layer_norm = sess.run([y, normed])
    print("FUSED_TRAINING =", fused.ravel().tolist())
    print("LAYER_NORM =", layer_norm.ravel().tolist())


if __name__ == "__main__":
    main()
