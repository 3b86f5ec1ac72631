"""TF1 programs earlier rounds left answered otherwise by graphgate (a gather along an
axis known only at run time with `batch_dims`, a Categorical of logits of unknown rank,
an int64 `num_samples`, a subclass's `super()._apply_dense` on a resource variable), run
unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_leftovers10.py`, `fixtures/tf1_leftovers10.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization, tf_export, tf_graph
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers10")

KNOWN_DIFFERENT: dict[str, str] = {
    "gather_run_time_axis_batch_dims_negative": (
        "TF's static rank of a gather with a negative batch_dims along a run-time axis is "
        "not its value's (5 for 3): graphgate's is the value's (the test below; decision log)"
    ),
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)


def test_a_negative_batch_dims_along_a_run_time_axis_gathers_as_tf_and_its_gradient_fails():
    # GIVEN TF's program of batch_dims=-1 (one batch dim of the rank-2 indices)
    out: dict = {}
    with gg.Graph().as_default():
        exec(
            programs.PROGRAMS["gather_run_time_axis_batch_dims_negative"],
            {"tf": gg, "np": programs.np, "out": out, "raises": raised},
        )
    want = dict(FIXTURE["programs"]["gather_run_time_axis_batch_dims_negative"])
    # THEN every value and refusal is TF's, the gradient refused along every axis as TF's
    # fails; the static rank is the value's (TF's shape function adds the negative
    # batch_dims: rank 5 for a rank-3 value)
    assert (out.pop("rank"), want.pop("rank")) == (3, 5)
    assert all(want[f"g{v}"] == "InvalidArgumentError" for v in range(-3, 4))
    assert_observed(out, want, "negative")


def test_a_batch_dims_gather_along_a_run_time_axis_keeps_through_a_document_and_a_graph_def():
    # GIVEN TF's first gather program (batch_dims=1 along a fed axis), built alone
    want = FIXTURE["programs"]["gather_run_time_axis_batch_dims_one"]
    graph = gg.Graph()
    with graph.as_default():
        p = gg.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
        a = gg.placeholder(gg.int32, [], name="a")
        gg.identity(gg.gather(p, [[0, 2, 2], [1, 0, 1]], axis=a, batch_dims=1), name="y")
    # WHEN written as graphgate's document and as TF's GraphDef (GatherV2's batch_dims
    # attribute) and read back
    again = serialization.graph_from_dict(serialization.graph_to_dict(graph))
    imported = serialization.graph_from_dict(
        tf_graph.graph_document(tf_export.graph_def_bytes(graph))
    )
    # THEN each answers TF's values along every axis it takes
    for g in (graph, again, imported):
        for v in (1, 2, -1, -2):
            got = gg.Session(g).run("y:0", {"a:0": np.int32(v)})
            assert got.tolist() == want[f"y{v}"]
