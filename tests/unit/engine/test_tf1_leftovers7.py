"""TF1 programs earlier rounds left answered otherwise by graphgate (gradients through a cond
or loop under an update, arguments known only at run time, failing linear algebra), run unchanged on
graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_leftovers7.py`,
`fixtures/tf1_leftovers7.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers7")

_RUNS_THE_UPDATE = (
    "graphgate's gradient cond reads the branch's read of v placed after the update, so it "
    "runs the update where TF1's gradient reads v/read unordered and does not; the values "
    "agree with v as it stands (docs/hardening.md, leftovers7)"
)
_REFUSED = (
    "refused at build (UNIMPLEMENTED, names the argument): graphgate's op holds this "
    "argument as an attribute (docs/decision_log.md, leftovers7)"
)
KNOWN_DIFFERENT = {
    "control_flow_cond_update_outside": _RUNS_THE_UPDATE,
    "control_flow_cond_update_outside_w_only_false_branch": _RUNS_THE_UPDATE,
    "control_flow_cond_update_inside": _RUNS_THE_UPDATE,
    **{
        f"run_time_{name}_axis": _REFUSED
        for name in ("concat", "expand_dims", "gather", "cumsum", "reverse", "argmax", "softmax")
    },
    "run_time_broadcast_to_shape": "TF infers [None, 2, 3, 4] (the input's dims that are not "
    "1 fix the output's); graphgate leaves all four unknown (the value agrees)",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
