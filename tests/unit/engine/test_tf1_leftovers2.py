"""TF1 programs earlier rounds listed as computing or raising otherwise than TensorFlow
(complex svd, gradients through ops TF has none for, gather's axis dtype, dataset
arguments, rebatch, non-max suppression limits known at run time), run unchanged on
graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_leftovers2.py`,
`fixtures/tf1_leftovers2.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers2")


KNOWN_DIFFERENT = {
    "integer_ys_under_ops_without_gradient": "TF seeds an integer y with ones, so unique's "
    "idx or a bitcast to int right under the y is LookupError there; graphgate seeds no "
    "integer y and answers None (docs/decision_log.md)",
    "ensure_shape_none": "TF fails building ensure_shape(x, None) for x of any known rank "
    "(its shape function asks rank -1); graphgate passes x through, as None means any shape "
    "(docs/decision_log.md)",
    "fused_batch_norm_statistics_gradients": "graphgate's fused_batch_norm is a composite "
    "whose statistics stop their gradients (None); TF's gradient function sees zeros for y "
    "and gives x, scale and offset zeros (docs/decision_log.md)",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    # complex64 SVDs hold a few eps of float32; LAPACK and Eigen round differently.
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=1e-5, abs_tol=1e-5)
