"""Review 44's findings, run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/review44.py`, `fixtures/review44.json`): a dilated tf.nn.pool over a
channels-first input (NCW and NCDHW pooled the channels as space: another shape and other
numbers; NCHW was refused), random_poisson of an infinite rate (refused), decode_raw to
uint32 or uint64 (answered), grad_ys cast to y's dtype (answered where TF's gradient
functions refuse), sparse.concat of one input past its rank or of none, a reshape to a
matrix shape (TypeError) and add_to_tensor of an int list (answered)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("review44")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, 1e-6, 1e-6)
