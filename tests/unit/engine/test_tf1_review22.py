"""Adversarial TF 1.x programs from review 19 (`tests/reference/tf1_review22.py`), run
unchanged on graphgate and observing what TensorFlow observed (`fixtures/tf1_review22.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_review22")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
