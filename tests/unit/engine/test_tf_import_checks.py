"""TF's own import checks at their edges (`tf_node_checks`): hand-written GraphDefs
(`tests/reference/tf_import_checks.py`, protobuf's text format as people write them),
each refused where TF 2.21's `import_graph_def` refuses it (ValueError, TF_GRAPH_INVALID)
and otherwise run to TF's value."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate import tf_graph
from graphgate.serialization import graph_from_dict
from tests.unit.engine.tf_observed import reference

FIXTURE, recorder = reference("tf_import_checks")
CASES = FIXTURE["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hand_written_graph_def_is_refused_or_run_as_tf_does(name):
    seen = CASES[name]
    text = recorder.CASES[name].encode()
    if "error" in seen:
        assert seen["error"] == "ValueError"
        with pytest.raises(ValueError) as info:
            graph_from_dict(tf_graph.graph_document(text))
        assert info.value.code == "TF_GRAPH_INVALID"
        return
    graph = graph_from_dict(tf_graph.graph_document(text))
    with gg.Session(graph=graph) as sess:
        got = sess.run("y:0")
    assert got.dtype.name == seen["dtype"]
    np.testing.assert_array_equal(got, np.array(seen["value"], seen["dtype"]))


def test_a_reference_type_in_a_type_attribute_is_named_in_the_refusal():
    with pytest.raises(ValueError) as info:
        tf_graph.graph_document(recorder.CASES["ref_placeholder_dtype"].encode())
    (problem,) = info.value.details["problems"]
    assert problem["node"] == "p"
    assert "reference type" in problem["reason"]
