"""TF1 programs earlier rounds left answered otherwise by graphgate (a cond's gradient
reading values of a branch no update's dependency orders), run unchanged on graphgate
against what `tf.compat.v1` observed (`tests/reference/tf1_leftovers11.py`,
`fixtures/tf1_leftovers11.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers11")

KNOWN_DIFFERENT: dict[str, str] = {
    "cond_update_own_value_under_the_dependency": (
        "the gradient of a branch op made under an update's dependency reads v as TF's "
        "unordered `v/read` (dw 2 * 0.1 * tanh'), where TF's gradient op runs after the "
        "update through the tanh's output and reads 3: the update and the tanh agree "
        "(docs/hardening.md, known gaps)"
    ),
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
