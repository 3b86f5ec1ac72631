"""TF1 programs earlier rounds left answered otherwise by graphgate (SparseReorder of
indices outside the dense shape, which TF keeps and sorts and the ops reading them
refuse), run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_leftovers14.py`, `fixtures/tf1_leftovers14.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers14")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
