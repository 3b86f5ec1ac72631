"""TF1 programs earlier rounds left as refused or answered otherwise by graphgate
(reduce_prod's gradient over run-time axes, grad_ys of another shape than its y, a
TensorArray of elements of several shapes, Session.run of an operation's name), run
unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_leftovers5.py`, `fixtures/tf1_leftovers5.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers5")


KNOWN_DIFFERENT = {
    "broadcast_seed_of_a_product": "TF broadcasts a scalar or row seed through Mul's "
    "gradient; graphgate refuses a seed of another element count building (ValueError), "
    "since TF's answer depends on each op's gradient function (docs/decision_log.md)",
    "broadcast_seed_of_log_softmax": "TF's log_softmax gradient sums a [2, 1] seed over "
    "its one column: 1 - softmax, where the seed broadcast to y's shape gives 1 - 3 "
    "softmax; graphgate refuses it building rather than guess (docs/decision_log.md)",
    "tensor_array_of_several_shapes": "graphgate's TensorArray is one stacked array: "
    "elements of several shapes are UNIMPLEMENTED (docs/decision_log.md)",
    "tensor_array_split_into_lengths": "graphgate's TensorArray is one stacked array: a "
    "split into unequal lengths is UNIMPLEMENTED (docs/decision_log.md)",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)


def test_the_apis_sessions_fetch_a_names_first_output():
    # The HTTP API's fetch names are nodes' first outputs (docs/sessions.md): its Session
    # says so; a local Session answers TF1's None for an operation's name.
    graph = gg.Graph()
    with graph.as_default():
        gg.constant(3.0, name="a")
        group = gg.group(name="nothing")
    assert gg.Session(graph, names_are_outputs=True).run(["a", "a:0", group]) == [3.0, 3.0, None]
    assert gg.Session(graph).run(["a", "a:0", "nothing"]) == [None, 3.0, None]
