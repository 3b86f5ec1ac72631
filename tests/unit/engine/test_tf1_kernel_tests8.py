"""TensorFlow's own kernel tests, an eighth round: the families models use most (segments,
scatters, gathers, linear algebra, FFTs, strings, scans, top-k and sorts, special
functions, bit shifts, batched matmuls, reductions and pads) at the edges the seven
earlier rounds left, run as TF1 programs on graphgate and observed as TensorFlow observed
them (values with their dtypes, shapes, gradients and Jacobians, the classes of what
building or running raised).

`tests/reference/tf1_kernel_tests8.py` holds the programs and wrote what `tf.compat.v1`
computed into `fixtures/tf1_kernel_tests8.json`.
"""

from __future__ import annotations

import collections

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised, reference

FIXTURE, PROGRAMS = reference("tf1_kernel_tests8")

# What graphgate still observes otherwise, by program and key (docs/decision_log.md).
KNOWN_DIFFERENCES: dict[str, set[str]] = {
    # TF 2's BesselI1 gradient is 1.0 at exactly 0; I1'(0) is 1/2, graphgate's (and TF
    # 1.15's) answer (ops/special_extra_ops.py).
    "special_gradients": {"grad_bessel_i1"},
    # TF's float16 sums round to half at each of Eigen's packet adds, in an order its CPU
    # features and thread count choose; graphgate's sum rounds once (its mean then divides
    # that half by the count as TF's does, so overflow is TF's): the last bit differs.
    "half_precision_accumulation": {"reduce_mean", "mean_seven"},
}


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_kernel_test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    scope = {"tf": gg, "np": np, "out": out, "raises": raised, "collections": collections}
    with gg.Graph().as_default():
        exec(PROGRAMS.PREFIX8 + PROGRAMS.PROGRAMS[name], scope)
    theirs = dict(FIXTURE["programs"][name])
    for key in KNOWN_DIFFERENCES.get(name, ()):
        # Still different: when this fails, the difference is gone; drop it from the list.
        assert out.pop(key) != theirs.pop(key), (name, key)
    assert_observed(out, theirs, name, 1e-5, 1e-6)
