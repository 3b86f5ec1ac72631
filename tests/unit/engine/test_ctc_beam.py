"""`tf.nn.ctc_beam_search_decoder` beyond what tests/reference/tf1_residue.py pins to TF:
the bounds a run puts on its work."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate.limits import Limits


def _decoder(width: int, steps: int = 30, classes: int = 20):
    x = np.random.default_rng(0).normal(size=(steps, 1, classes)).astype(np.float32)
    logits = gg.placeholder_with_default(x, [None, None, classes])
    return gg.nn.ctc_beam_search_decoder(logits, [steps], beam_width=width)


def test_a_beam_wider_than_the_run_may_hold_is_refused_before_decoding():
    """Every beam keeps its children's scores, so an unbounded beam_width from a document
    could grow the prefix tree by a factor of the classes each step."""
    with gg.Graph().as_default():
        _, logp = _decoder(10**9)
        sess = gg.Session(limits=Limits(max_tensor_elements=10**6))
        with sess, pytest.raises(gg.errors.ResourceExhaustedError, match="TENSOR_TOO_LARGE"):
            sess.run(logp)


def test_a_narrow_beam_within_the_limit_decodes():
    with gg.Graph().as_default():
        decoded, logp = _decoder(8)
        with gg.Session(limits=Limits(max_tensor_elements=10**6)) as sess:
            paths, lp = sess.run([decoded[0], logp])
    assert lp.shape == (1, 1) and np.isfinite(lp).all()
    assert paths.dense_shape[0] == 1 and len(paths.values) == paths.dense_shape[1]
