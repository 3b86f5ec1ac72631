"""Cases ported from TensorFlow's own kernel tests (tensorflow/python/kernel_tests/), with
the values `tf.compat.v1` (TF 2.21, graph mode, CPU) computed for them written in as
literals, so the engine is held to TF's numbers, dtypes and error classes without a
tensorflow dependency."""

from __future__ import annotations

import numpy as np

import graphgate.compat.v1 as tf


def run(fetch, feed=None):
    with tf.Session() as sess:
        return sess.run(fetch, feed)


def test_clip_by_value_with_inverted_bounds_gives_the_lower_bound():
    # TF's kernel takes min(t, hi) first, then max(., lo): lo wins when lo > hi.
    with tf.Graph().as_default():
        got = run(tf.clip_by_value(tf.constant([1.0, 5.0, np.nan]), 3.0, 2.0))
    np.testing.assert_array_equal(got[:2], [3.0, 3.0])
    assert np.isnan(got[2])
