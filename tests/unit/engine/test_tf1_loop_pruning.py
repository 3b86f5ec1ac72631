"""How much of a while_loop runs when a fetch needs only some of its variables: TF1
programs run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_loop_pruning.py`, `fixtures/tf1_loop_pruning.json`): the first
loop variable as the control pivot of the loop's constants, control dependencies on one
output, several fetch sets in one session, nested loops, a cond in the body."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_loop_pruning")


# The needed-ops pass computes every input of a needed cond, so a value outside it that
# only an unread output's branch reads (an assign under its control dependencies) runs.
KNOWN_DIFFERENT: dict[str, str] = {}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=2e-6, abs_tol=1e-6)
