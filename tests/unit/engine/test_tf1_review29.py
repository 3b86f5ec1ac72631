"""This round's engine merges reviewed as TF1 programs (fractional pooling of unknown
rank, conds under control dependencies in and around loops, gradients through ops TF has
none for), run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_review29.py`, `fixtures/tf1_review29.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_review29")


KNOWN_DIFFERENT: dict[str, str] = {}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
