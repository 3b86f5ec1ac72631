"""TF1 programs earlier rounds left answered otherwise by graphgate (a StudentT draw of a
run-time sample shape, `in_top_k` with `k` fed, a gradient through an int64 concat axis,
the zeros and ones initializers' node names, subclasses of the built-in optimizers
overriding the sparse updates), run unchanged on graphgate against what `tf.compat.v1`
observed (`tests/reference/tf1_leftovers9.py`, `fixtures/tf1_leftovers9.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers9")

_SPARSE = "a subclass's _apply_sparse(grad, var) calling super() is TypeError"
KNOWN_DIFFERENT: dict[str, str] = {
    "concat_int64_axis_gradient": "graphgate answers the gradient TF refuses (TypeError)",
    "initializer_node_names": "zeros/ones initial values are a Const and a Fill",
    **dict.fromkeys(
        [
            f"subclass_sparse_{k}{r}"
            for k in ("adam", "momentum", "adagrad")
            for r in ("", "_resource")
        ],
        _SPARSE,
    ),
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
