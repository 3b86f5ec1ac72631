"""The GraphDefs the service answers for stored graphs (`Accept: application/x-protobuf`)
are the bytes TF 2.21 imported, and TF computed graphgate's numbers from them (fixture
tf_graph_download.json, tests/reference/tf_graph_download.py). Among them graphgate's own
SigmoidCrossEntropyWithLogits and ReduceLogSumExp, written as TF's functions build them."""

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate.serialization import graph_from_dict, graph_to_dict
from graphgate.tf_export import graph_def_bytes
from tests.unit.engine.tf_reference.download_programs import PROGRAMS
from tests.unit.engine.tf_reference.export_programs import fetch

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf_graph_download.json").read_text())


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_tf_computes_graphgates_numbers_from_the_written_graph_def(name):
    recorded = FIXTURE[name]
    with gg.Graph().as_default() as graph:
        spec = PROGRAMS[name](gg)
        # Written as stored, before the session's initializer joins the graph.
        blob = graph_def_bytes(graph_from_dict(graph_to_dict(graph)))
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            ours = fetch(sess, spec["fetches"], spec["feeds"], gg.string)

    assert hashlib.sha256(blob).hexdigest() == recorded["sha256"]
    for key, want in recorded["tf"].items():
        np.testing.assert_allclose(ours[key], want, rtol=2e-6, atol=1e-6, err_msg=key)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_a_graph_is_written_as_the_service_writes_it_once_stored(name):
    # graphs.md: the download is the bytes `gg.train.write_graph` writes. A built op leaves
    # its defaults out (a MatMul's transpose_a), a stored one holds them: written alike.
    with gg.Graph().as_default() as graph:
        PROGRAMS[name](gg)
    assert graph_def_bytes(graph) == graph_def_bytes(graph_from_dict(graph_to_dict(graph)))


def test_the_losses_are_written_as_tfs_ops_not_graphgates():
    with gg.Graph().as_default() as graph:
        PROGRAMS["losses"](gg)
    from graphgate.tf_export import graph_def

    ops = {node["op"] for node in graph_def(graph)["node"]}
    assert not ops & {"SigmoidCrossEntropyWithLogits", "ReduceLogSumExp"}
    assert {"Log1p", "Select", "IsFinite", "SelectV2", "StopGradient"} <= ops
