"""TF1 symbols graphgate lacked after the second survey round (the `raw_ops` of kernels it
had, `get_tensor_by_name`'s refusals...), run unchanged on graphgate against what
`tf.compat.v1` observed (`tests/reference/tf1_apigaps3.py`, `fixtures/tf1_apigaps3.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from graphgate import tensor_conversion
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_apigaps3")

KNOWN_DIFFERENT: dict[str, str] = {}

TOLERANCES = {
    # Cephes' kernels in TF, graphgate's series and quadratures (see test_tf1_apigaps2);
    # TF's float32 kernels compute in float32.
    "raw_ops_special_functions": (1e-5, 3e-7),
    "raw_ops_special_gradients": (1e-11, 1e-13),
}


@pytest.fixture(autouse=True)
def _conversions_forgotten():
    # A program's `tf.register_tensor_conversion_function` registers for the process, as
    # TF's: forgotten after each test, so no other test converts through its functions.
    before = list(tensor_conversion._REGISTRY)
    yield
    tensor_conversion._REGISTRY[:] = before


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, *TOLERANCES.get(name, ()))
