"""TF1 programs that the tenth gap hunt still found computing or raising otherwise than
TensorFlow, run unchanged on graphgate and observing what TensorFlow observed.

`tests/reference/tf1_residue.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_residue.json`.
"""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.test_tf1_programs import _normal
from tests.unit.engine.tf_observed import assert_observed, raised, reference

FIXTURE, programs = reference("tf1_residue")


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(
        _normal(out), _normal(FIXTURE["programs"][name]), name, rel_tol=2e-5, abs_tol=1e-6
    )
