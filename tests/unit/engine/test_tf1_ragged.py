"""The graph-mode examples of TensorFlow's TF1 ragged-tensor guide
(site/en/r1/guide/ragged_tensors.ipynb), run unchanged on graphgate and observing what
TensorFlow observed (`tests/reference/tf1_ragged.py`, `fixtures/tf1_ragged.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_tf1_programs import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_ragged")

KNOWN_DIFFERENT = {
    "static_shapes_tf_folds": "TF folds a gathered row's length, and from_tensor's "
    "uniform row length (TF2's), into the static shape; graphgate leaves them unknown",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(
            programs.PREFIX + programs.PROGRAMS[name],
            {"tf": gg, "np": np, "out": out, "raises": raised},
        )
    assert_observed(
        _normal(out), _normal(FIXTURE["programs"][name]), name, rel_tol=2e-6, abs_tol=1e-6
    )
