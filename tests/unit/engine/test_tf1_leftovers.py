"""TF1 programs an earlier session listed as computing or raising otherwise than
TensorFlow (second derivatives through cond, unique of complex, parse_tensor of a dtype
enum TF lacks, the while_loop variables no fetch needs), run unchanged on graphgate
against what `tf.compat.v1` observed
(`tests/reference/tf1_leftovers.py`, `fixtures/tf1_leftovers.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers")


KNOWN_DIFFERENT = {
    # graphgate's TensorArray is one dense array: its elements share a shape (an
    # infer_shape=False array of several is UNIMPLEMENTED; docs/engine.md).
    "tensor_array_elements_of_several_shapes": "elements of one shape",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=2e-6, abs_tol=1e-6)
