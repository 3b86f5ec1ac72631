"""Axes known only at run time, read from the end and out of range, run unchanged on
graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_runaxes.py`,
`fixtures/tf1_runaxes.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_runaxes")

_REFUSED = (
    "refused at build (UNIMPLEMENTED, names the argument): graphgate's op holds this "
    "axis as an attribute (docs/decision_log.md, leftovers7)"
)
KNOWN_DIFFERENT = {
    f"run_time_{name}": _REFUSED
    for name in (
        "expand_dims_axis",
        "expand_dims_vector_axis",
        "gather_axis",
        "gather_axis_matrix_indices",
        "cumsum_axis",
        "cumsum_axis_exclusive_reverse",
        "cumprod_axis",
        "cumprod_axis_exclusive_reverse",
        "reverse_axis",
        "argmax_axis",
        "argmin_axis",
        "softmax_axis",
        "log_softmax_axis",
    )
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
