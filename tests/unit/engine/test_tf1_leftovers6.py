"""TF1 programs earlier rounds left answered otherwise by graphgate (what a gradient of a
value made under an update's control dependencies runs and reads), run unchanged on
graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_leftovers6.py`,
`fixtures/tf1_leftovers6.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers6")

KNOWN_DIFFERENT = {
    "gradient_under_an_update_placed_read_reshaped": "TF's grappler drops the order of a "
    "reshape made under the update (its control input is on the shape constant): 2 in TF, "
    "3 in TF with grappler off and in graphgate, which follows the graph as written "
    "(docs/hardening.md)",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
