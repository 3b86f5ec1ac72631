"""Sliced assignment of variables (`v[...].assign(x)`, `gg.assign(v[...], x)`) replayed
against what TF 2.21's `tf.compat.v1` observed (tests/reference/tf1_slice_assign.py)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import (
    assert_observed,
    error_classes,
    program_names,
    reference,
)

FIXTURE, recorder = reference("tf1_slice_assign")
KNOWN_DIFFERENT = {
    # TF1 calls the missing `Tensor.assign_add` (AttributeError); graphgate's `assign_add`
    # says it needs a Variable (INVALID_ATTR, a ValueError): both refuse at build time.
    "assign_add_refused": "INVALID_ATTR where TF raises AttributeError",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_as_tf(name):
    theirs = FIXTURE["programs"][name]
    ours = recorder.observe(gg, name, error_classes)
    if "raised" in theirs:
        assert ours.get("stage") == theirs["stage"], ours
        assert theirs["raised"] in ours["raised"], (ours, theirs)
        return
    assert ours.get("name") == theirs["name"], ours
    assert_observed(ours["value"], theirs["value"], name)
    assert_observed(ours["variable"], theirs["variable"], name)


def test_every_program_recorded():
    assert sorted(FIXTURE["programs"]) == sorted(recorder.PROGRAMS)
