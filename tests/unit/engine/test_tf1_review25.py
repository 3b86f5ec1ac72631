"""Adversarial TF 1.x programs from review 25 (`tests/reference/tf1_review25.py`), run
unchanged on graphgate and observing what TensorFlow observed (`fixtures/tf1_review25.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_review25")

# Found by review 25 and left (a refusal or an error class, never a number): each a strict
# xfail, so that it fails once graphgate agrees.
KNOWN_DIFFERENT = {
    "grad_ys_scalar_for_vector": "a grad_ys of fewer elements than its y is refused",
    "map_fn_zero_rows_unknown": "InvalidArgumentError where TF's is UnimplementedError",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
