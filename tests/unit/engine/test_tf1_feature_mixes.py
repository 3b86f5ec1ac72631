"""Today's engine features together, as TF1 computes them: a lookup's IndexedSlices
gradient in a cond or loop whose other outputs are pruned, Adam/Adagrad/Momentum on those
slices, second derivatives through a cond's sliced capture, clip_by_global_norm of loop
and cond slices, raw_ops with default attrs, NCHW gradients, literals out of range in
gradients, integer kernels under tf.where, lists holding tensors as indices. TF1 programs
run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_feature_mixes.py`, `fixtures/tf1_feature_mixes.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised, reference

FIXTURE, programs = reference("tf1_feature_mixes")


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    # Convolution gradients sum in another order than TF's Eigen kernels.
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=1e-5, abs_tol=1e-5)
