"""Cases ported from TensorFlow's own kernel and Python tests (nn_ops, control flow,
gradients), each pinned to the values TensorFlow 2.21's tf.compat.v1 computed for it
(literals here; no tensorflow import)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf


def _run(*fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(list(fetches), feed)


@pytest.fixture(autouse=True)
def _fresh_graph():
    with tf.Graph().as_default():
        yield


def test_weighted_cross_entropy_gradient_at_zero_logit_is_tfs():
    # relu(-x) in TF's formula, whose gradient at x = 0 is 0: d/dx is 1 - z there.
    x = tf.constant([-2.0, 0.0, 0.0, 2.0], tf.float64)
    z = tf.constant([0.0, 0.0, 1.0, 0.5], tf.float64)
    loss = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=2.0)
    value, grad = _run(loss, tf.gradients(loss, x)[0])
    np.testing.assert_allclose(value, [0.12692801, 0.69314718, 1.38629436, 1.19039202], 1e-7)
    np.testing.assert_allclose(grad, [0.11920292, 1.0, 0.0, 0.32119562], 1e-7)
