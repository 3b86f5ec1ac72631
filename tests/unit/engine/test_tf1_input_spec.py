"""`tf.layers.InputSpec` and the check of a Keras layer's `input_spec` on each call: TF1
programs run unchanged on graphgate against what `tf.compat.v1` (TF1's Keras) observed,
messages included (`tests/reference/tf1_input_spec.py`, `fixtures/tf1_input_spec.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.reference import harness
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_input_spec")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        scope = {"tf": gg, "np": programs.np, "out": out, "raises": raised}
        exec(programs.PREFIX + programs.PROGRAMS[name], scope)
    assert_observed(harness.plain(out), FIXTURE["programs"][name], name)
