"""Review 44's findings, run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/review44.py`, `fixtures/review44.json`): a dilated tf.nn.pool over a
channels-first input (NCW and NCDHW pooled the channels as space: another shape and other
numbers; NCHW was refused), random_poisson of an infinite rate (refused), decode_raw to
uint32 or uint64 (answered), grad_ys cast to y's dtype (answered where TF's gradient
functions refuse), sparse.concat of one input past its rank or of none, a reshape to a
matrix shape (TypeError), add_to_tensor of an int list (answered) and a TensorArray element
of rows written after one of none (zeros answered in the first one's place), and
tf.math.bincount of a RaggedTensor (UNIMPLEMENTED)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("review44")


# graphgate's TensorArray holds elements of one shape: TF's infer_shape=False array joins a
# first element of no rows and a later one of two, and stacks them as two of none (TF1's
# TensorArrayV3); graphgate answered zeros in the first one's place, and refuses now.
KNOWN = {"tensor_array_concat_of_none_then_rows": "elements of several shapes: refused"}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, 1e-6, 1e-6)
