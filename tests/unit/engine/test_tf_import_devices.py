"""Devices survive import and export as TF's do: a TF GraphDef's NodeDef devices become
`op.device` (canonical, as TF's import makes them), and `as_graph_def`, `graph_to_dict`
and `graph_from_dict` keep them (tests/reference/tf_import_devices.py recorded TF's).
graphgate runs every op on the CPU regardless: the device is a label."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate.errors import GraphgateError

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf_import_devices.json").read_text())


def _imported(graph_def) -> gg.Graph:
    graph = gg.Graph()
    with graph.as_default():
        gg.import_graph_def(graph_def, name="")
    return graph


def _tf_graph() -> gg.Graph:
    return _imported(gg.GraphDef.FromString(base64.b64decode(FIXTURE["graph"])))


def test_imported_ops_and_node_defs_have_tfs_devices():
    graph = _tf_graph()
    assert {op.name: op.device for op in graph.get_operations()} == FIXTURE["op_device"]
    again = graph.as_graph_def()
    assert {n.name: n.device for n in again.node} == FIXTURE["node_def_device"]
    assert {op.name: op.node_def.device for op in graph.get_operations()} == (
        FIXTURE["node_def_device"]
    )
    with gg.Session(graph=graph) as sess:  # a label only: it all runs here
        np.testing.assert_allclose(sess.run("result:0", {"x:0": [1.0, 2.0]}), [2.0, 3.0])


def test_devices_survive_documents_and_reimport():
    graph = _tf_graph()
    reloaded = gg.graph_from_dict(json.loads(json.dumps(gg.graph_to_dict(graph))))
    again = _imported(gg.GraphDef.FromString(graph.as_graph_def().SerializeToString()))
    for g in (reloaded, again):
        assert {op.name: op.device for op in g.get_operations()} == FIXTURE["op_device"]


def test_an_import_under_a_device_block_merges_it_under_each_nodes_device():
    graph = gg.Graph()
    with graph.as_default(), gg.device("/job:ps/task:2"):
        gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(FIXTURE["graph"])), name="")
    got = {op.name: op.device for op in graph.get_operations()}
    assert got == FIXTURE["scoped_op_device"]


def test_device_blocks_reach_the_graph_def():
    graph = gg.Graph()
    with graph.as_default():
        with gg.device("/cpu:0"):
            a = gg.constant(1.0, name="a")
        gg.identity(a, name="b")
    nodes = {n.name: n for n in graph.as_graph_def().node}
    assert (nodes["a"].device, nodes["b"].device) == ("/device:CPU:0", "")
    assert "device" not in gg.graph_to_dict(graph)["nodes"][1]  # none written when unset


def test_documents_without_devices_still_load():
    doc = {
        "format": "graphgate.graph/v1",
        "nodes": [
            {
                "name": "c",
                "op": "Const",
                "attrs": {
                    "value": {"datatype": "FP32", "shape": [], "data": [1.0]},
                },
            }
        ],
    }
    assert gg.graph_from_dict(doc).get_operation_by_name("c").device == ""


@pytest.mark.parametrize("device", ["garbage!!", 3, ["/cpu:0"]])
def test_a_bad_device_is_refused_as_tfs_import_refuses_it(device):
    doc = {
        "format": "graphgate.graph/v1",
        "nodes": [{"name": "x", "op": "Placeholder", "attrs": {"dtype": "FP32"}, "device": device}],
    }
    with pytest.raises(GraphgateError) as info:
        gg.graph_from_dict(doc)
    assert info.value.code == "INVALID_DOCUMENT" and info.value.node == "x"
