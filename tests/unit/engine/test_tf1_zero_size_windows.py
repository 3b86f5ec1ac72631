"""Convolutions and pools over a 0-size batch, spatial or channel axis, run as TF 2.21
runs them (`tests/reference/tf1_zero_size_windows.py`, `fixtures/tf1_zero_size_windows.json`):
SAME over an empty image answers an empty output of the shape TF's shape function gives
(and a zero filter gradient), VALID over one too small for the window is TF's ValueError
when built, as is a convolution over 0 input channels."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.reference import harness
from tests.unit.engine.tf_observed import assert_observed, error_classes, program_names, reference

FIXTURE, programs = reference("tf1_zero_size_windows")
# graphgate's errors recorded as the TF1 classes each answers to
PREFIX = programs.PREFIX.replace("type(exc).__name__", "error_classes(exc)")


def observe(name: str) -> dict:
    return harness.run(gg, programs.PROGRAMS[name], PREFIX, error_classes=error_classes)


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out = observe(name)
    want = FIXTURE["programs"][name]
    assert out.keys() == want.keys()
    for case in want:
        assert_observed(out[case], want[case], f"{name}.{case}", 1e-6, 1e-6)


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_a_depthwise_filters_gradient_over_an_empty_batch_is_zero(padding):
    # GIVEN a depthwise convolution of an empty batch (TF's backprop-filter kernel leaves
    # its output uninitialized there, so the fixture records no gradient for it)
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [0, 4, 4, 2])
        w = gg.constant(np.arange(16, dtype=np.float32).reshape(2, 2, 2, 2))
        y = gg.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], padding)
        (dw,) = gg.gradients(gg.reduce_sum(y * y), [w])
        with gg.Session() as sess:
            # WHEN run THEN the sum over no windows is zero, in the filter's shape
            got = sess.run(dw, {x: np.zeros([0, 4, 4, 2], np.float32)})
    np.testing.assert_array_equal(got, np.zeros([2, 2, 2, 2], np.float32))
