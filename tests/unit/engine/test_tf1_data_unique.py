"""`Dataset.unique()` and `tf.data.experimental.unique()` replayed against what TF 2.21's
`tf.compat.v1` observed (tests/reference/tf1_data_unique.py)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import error_classes, reference

FIXTURE, recorder = reference("tf1_data_unique")


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_as_tf(name):
    theirs = FIXTURE["programs"][name]
    ours = recorder.observe(gg, name, error_classes)
    if "raised" in theirs:
        assert ours.get("stage") == theirs["stage"], ours
        assert theirs["raised"] in ours["raised"], (ours, theirs)
        return
    assert ours == theirs, ours


def test_every_program_recorded():
    assert sorted(FIXTURE["programs"]) == sorted(recorder.PROGRAMS)
