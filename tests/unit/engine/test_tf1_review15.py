"""Adversarial TF 1.x programs (`tests/reference/tf1_review15.py`) mixing seeded
iterators and dataset functions, Keras activations and losses, sessions on several
graphs, nested feeds, device scopes and py_func, run unchanged on graphgate and
observing what TensorFlow observed (`fixtures/tf1_review15.json`).
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_tf1_programs import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_review15")
KNOWN_DIFFERENT: dict[str, str] = {}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(
        _normal(out), _normal(FIXTURE["programs"][name]), name, rel_tol=2e-6, abs_tol=1e-6
    )
