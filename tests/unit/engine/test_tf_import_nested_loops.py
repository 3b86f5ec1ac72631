"""Frozen TF1 graphs with while_loops nested in while_loops and in conds, and conds in
while_loops (control flow v1: each loop a frame of its own, an inner frame's Enters
reading the outer one's nodes; a cond Switch and Merge nodes in whatever frame) import as
Whiles and Ifs inside the bodies and branches holding them, and compute what TensorFlow
computed (tests/reference/tf_import_nested_loops.py recorded the graphs and TF's values)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import tf_graph
from graphgate.serialization import graph_from_dict, graph_to_dict

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_import_nested_loops.json").read_text()
)
X = np.asarray(FIXTURE["x"], dtype=np.float32)


def _graph_def(name: str) -> gg.GraphDef:
    return gg.GraphDef.FromString(base64.b64decode(FIXTURE["graphs"][name]["graph"]))


def _imported(graph_def: gg.GraphDef) -> gg.Graph:
    graph = gg.Graph()
    with graph.as_default():
        gg.import_graph_def(graph_def, name="")
    return graph


def _check_values(graph: gg.Graph, name: str) -> None:
    with graph.as_default(), gg.Session() as sess:
        for n, want in FIXTURE["graphs"][name]["values"].items():
            got = sess.run("result:0", {"x:0": X, "n:0": int(n)})
            np.testing.assert_allclose(got, np.asarray(want), rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name", sorted(FIXTURE["graphs"]))
def test_nested_loops_compute_what_tensorflow_did(name):
    _check_values(_imported(_graph_def(name)), name)


@pytest.mark.parametrize("name", sorted(FIXTURE["graphs"]))
def test_the_imported_graph_stored_as_a_document_or_graph_def_computes_the_same(name):
    graph = _imported(_graph_def(name))
    _check_values(graph_from_dict(json.loads(json.dumps(graph_to_dict(graph)))), name)
    _check_values(_imported(graph.as_graph_def()), name)


# Each control-flow op of the imported graph by the ops holding it, outermost first.
NESTING = {
    "beams": {"While", "While/While"},
    "cond_in_loop": {"While", "While/If", "While/If/If"},
    "counters": {"While", "While/While"},
    "floats": {"While", "While/While"},
    "loop_in_cond": {"If", "If/While", "If/While/While"},
    "loop_in_cond_in_loop": {"While", "While/If", "While/If/While"},
    "map_fn_in_loop": {"While", "While/While"},
    "rnn_per_step": {"While", "While/While"},
    "three_deep": {"While", "While/While", "While/While/While"},
}


@pytest.mark.parametrize("name", sorted(FIXTURE["graphs"]))
def test_a_loop_or_cond_is_held_by_the_body_or_branch_holding_it_in_tf(name):
    graph = _imported(_graph_def(name))
    chains = set()
    for op in graph.get_operations():
        if op.type in ("While", "If"):
            chain, body = [op.type], graph.body_of(op)
            while body is not None:
                chain.append(body.op.type)
                body = graph.body_of(body.op)
            chains.add("/".join(reversed(chain)))
    assert chains == NESTING[name]


def test_frames_are_assigned_as_tfs_executor_assigns_them():
    # GIVEN the three-deep loop's nodes WHEN framed THEN each Enter's frame is a child of
    # the frame of what it reads, three levels deep
    nodes = tf_graph.decode_graph_def(base64.b64decode(FIXTURE["graphs"]["three_deep"]["graph"]))
    frame_of, parent = tf_graph.node_frames(nodes["node"])
    frames = {f for f in frame_of.values() if f}
    assert len(frames) == 3
    depth = {f: 0 for f in frames}
    for f in frames:
        p = parent[f]
        while p:
            depth[f] += 1
            p = parent[p]
    assert sorted(depth.values()) == [0, 1, 2]
    assert frame_of["result"] == "" and frame_of["x"] == ""
