"""Subclasses of the built-in optimizers that replace or read the hyperparameter tensors
TF1's `_prepare()` makes, or override only `_prepare()` or `_create_slots(var_list)`,
run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_optimizer_tensors.py`, `fixtures/tf1_optimizer_tensors.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_optimizer_tensors")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
