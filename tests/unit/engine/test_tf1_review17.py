"""Adversarial TF 1.x programs (`tests/reference/tf1_review17.py`) over the needed-ops
pass's cond and loop inputs, tf.layers' custom layers and ragged tensors in control flow,
run unchanged on graphgate and observing what TensorFlow observed
(`fixtures/tf1_review17.json`). Where a program rebuilds its graph (`roundtrip`), TF's
imports its GraphDef; graphgate's round trip is its stored document, and its GraphDef too.
The custom-layer model restores TF's checkpoint (`fixtures/tf_review17_ckpt`, written by
`tests/reference/tf_review17_ckpt.py`) by name.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import graphgate as gg
from graphgate.serialization import graph_from_dict, graph_to_dict
from tests.unit.engine.test_tf1_programs import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_review17")
KNOWN_DIFFERENT: dict[str, str] = {
    "ragged_int32_splits": "row_splits are always int64 (TF keeps int32 splits int32)",
    "ragged_nested_outer_reduce": (
        "reductions over axis 0 or 1 of a ragged_rank > 1 tensor are refused (UNIMPLEMENTED)"
    ),
}


def _document_round_trip(graph: gg.Graph) -> gg.Graph:
    return graph_from_dict(json.loads(json.dumps(graph_to_dict(graph))))


def _graph_def_round_trip(graph: gg.Graph) -> gg.Graph:
    with gg.Graph().as_default() as copy:
        gg.import_graph_def(graph.as_graph_def(), name="")
    return copy


def _observe(name: str, roundtrip) -> None:
    out: dict = {}
    scope = {"tf": gg, "np": np, "out": out, "raises": raised, "roundtrip": roundtrip}
    scope["ckpt"] = programs.CKPT  # TF's checkpoint of the custom-layer model
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], scope)
    assert_observed(
        _normal(out), _normal(FIXTURE["programs"][name]), name, rel_tol=2e-6, abs_tol=1e-6
    )


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    _observe(name, _document_round_trip)


def test_graph_def_round_trip_of_conds_loops_and_gradients():
    _observe("fetch_subsets_by_name_round_trip", _graph_def_round_trip)
