"""Review 42's findings, run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/review42.py`, `fixtures/review42.json`): ngrams' bytes pads and
separators (a 500 or a refusal before) and padding_width checks, sparse.bincount per row
of no columns and of a RaggedTensor (refused before), a Householder operator's
determinant and trace (its matrix's before: 1 for a zero axis where TF says -1), and the
ops TF's no-op elimination drops between a shuffle and its fused repeat (a prefetch was
dropped, a take(-1) kept)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("review42")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, 0.0, 0.0)
