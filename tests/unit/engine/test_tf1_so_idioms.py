"""TF1 idioms people ask about on Stack Overflow and in GitHub issues (py_func, scan and
map_fn, while_loop with TensorArray, partitions and segments, gathers and scatters,
sparse tensors, losses and metrics, padding, patches, resizing...), with edge inputs, run
unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_so_idioms.py`, `fixtures/tf1_so_idioms.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_so_idioms")


KNOWN_DIFFERENT = {
    "assign_validate_shape_false": "graphgate's variables keep their shape: "
    "assign(validate_shape=False) of another shape is UNIMPLEMENTED (docs/engine.md)",
    "map_fn_infer_shape_false_empty": "TF cannot stack a zero-size TensorArray whose "
    "element shape infer_shape=False left unknown (UnimplementedError); graphgate's "
    "map_fn knows the fed shape and answers the [0, 2] result (docs/decision_log.md)",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
