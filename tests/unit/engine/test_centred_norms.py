"""TF's training-mode normalizations centre before they scale: Keras' LayerNormalization (a
fused batch norm over each sample) pinned to TF 2.21 on values whose mean is large beside
their spread, where an x * inv - mean * inv order cancels (thousands of ulps away), and
`tf.nn.fused_batch_norm` in training bounded. Values from tests/reference/tf_centred_norms.py,
with the moments rounded as each of TF's kernels rounds them (docs/decision_log.md)."""

from __future__ import annotations

import numpy as np

import graphgate as gg
from tests.reference.tf_centred_norms import inputs

FUSED_TRAINING = [
    -0.5917214751243591,
    0.8686778545379639,
    -1.7422118186950684,
    1.273741602897644,
    -1.327260136604309,
    1.634297490119934,
    -1.1190296411514282,
    1.4546356201171875,
    -1.5640144348144531,
    1.7923156023025513,
    -1.8318058252334595,
    0.6659652590751648,
    -0.46435004472732544,
    0.8237902522087097,
    -1.7102611064910889,
    0.7173559665679932,
    -1.6411123275756836,
    1.2380393743515015,
    -0.7053490877151489,
    1.7127679586410522,
    -1.2741270065307617,
    1.0264161825180054,
    0.38925254344940186,
    2.7243876457214355,
]
LAYER_NORM = [
    -1.5125011205673218,
    1.2062585353851318,
    0.03774750977754593,
    -0.8982767462730408,
    0.943198561668396,
    -0.550940990447998,
    -1.7409051656723022,
    1.2697231769561768,
    -0.0026459023356437683,
    -0.2128947377204895,
    0.9647152423858643,
    -0.35046887397766113,
    -2.3317859172821045,
    1.2436938285827637,
    0.021263092756271362,
    -0.9022005200386047,
    0.9722629189491272,
    -0.6174283623695374,
]


def _ulps(ours, theirs) -> float:
    theirs = np.asarray(theirs, np.float32)
    return float(np.abs(ours.ravel() - theirs).max() / np.spacing(np.abs(theirs).max()))


def test_fused_batch_norm_in_training_stays_within_16_ulps_of_tf():
    # Not centred (its composite's gradient would drift from TF's FusedBatchNormGrad,
    # docs/decision_log.md): 9 ulps of the largest output here, none where TF's order is
    # kept.
    v = inputs()
    with gg.Graph().as_default(), gg.Session() as sess:
        y, _, _ = gg.nn.fused_batch_norm(v["x"], v["scale"], v["offset"], epsilon=0.001)
        got = sess.run(y)
    assert _ulps(got, FUSED_TRAINING) <= 16


def test_keras_layer_normalization_normalizes_as_tf_fused_path():
    v = inputs()
    with gg.Graph().as_default(), gg.Session() as sess:
        layer = gg.keras.layers.LayerNormalization()
        normed = layer(gg.constant(v["rows"]))
        sess.run(gg.variables_initializer(layer.weights))
        sess.run([layer.gamma.assign(v["gamma"]), layer.beta.assign(v["beta"])])
        got = sess.run(normed)
    assert _ulps(got, LAYER_NORM) <= 1
