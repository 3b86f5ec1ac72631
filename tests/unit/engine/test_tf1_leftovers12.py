"""TF1 programs earlier rounds left answered otherwise by graphgate (subnormal values in
lookup tables, a fed space_to_batch_nd block shape), run unchanged on graphgate against
what `tf.compat.v1` observed (`tests/reference/tf1_leftovers12.py`,
`fixtures/tf1_leftovers12.json`)."""

from __future__ import annotations

import base64

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization, tf_export, tf_graph
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers12")

KNOWN_DIFFERENT: dict[str, str] = {}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)


def _run_space_batch(graph, case) -> dict:
    feeds = {f"{k}:0": np.asarray(v) for k, v in case["feeds"].items()}
    feeds["block:0"] = feeds["block:0"].astype(np.int32)
    feeds["pads:0"] = feeds["pads:0"].astype(np.int32)
    out = gg.Session(graph).run([f"{n}:0" for n in case["out"]], feeds)
    return {n: v.tolist() for n, v in zip(case["out"], out, strict=True)}


def test_an_imported_space_to_batch_with_fed_block_and_paddings_is_tfs():
    # GIVEN TF's GraphDef of space_to_batch_nd and batch_to_space_nd whose block shape,
    # paddings and crops are placeholders (and the gradient through both)
    case = FIXTURE["space_batch_graph"]
    with gg.Graph().as_default() as graph:
        gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(case["graph"])), name="")
    # THEN fed, it answers TF's values
    assert _run_space_batch(graph, case) == case["out"]
    # AND written as TF's GraphDef (the block and pairs as inputs) and read back, the same
    written = tf_export.graph_def_bytes(graph)
    again = serialization.graph_from_dict(tf_graph.graph_document(written))
    assert _run_space_batch(again, case) == case["out"]
    node = next(n for n in tf_export.graph_def(graph)["node"] if n["name"] == "y")
    assert (node["op"], node["input"]) == ("SpaceToBatchND", ["x", "block", "pads"])


def test_a_static_space_to_batch_is_written_with_const_block_and_paddings():
    # GIVEN graphgate's ops with the block and pairs known while building (attributes)
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [2, 4, 6, 1], name="x")
        y = gg.space_to_batch_nd(x, [2, 3], [[0, 2], [3, 0]], name="y")
        gg.batch_to_space_nd(y * 2.0, [2, 3], [[0, 2], [3, 0]], name="z")
    # WHEN written as TF's GraphDef THEN TF's three inputs, Consts for the attributes
    node = next(n for n in tf_export.graph_def(graph)["node"] if n["name"] == "y")
    assert node["input"] == ["x", "y/block_shape", "y/paddings"]
    # AND read back it answers what the fed graph TF ran answered
    case = FIXTURE["space_batch_graph"]
    written = tf_export.graph_def_bytes(graph)
    again = serialization.graph_from_dict(tf_graph.graph_document(written))
    feed = {"x:0": np.asarray(case["feeds"]["x"], np.float32)}
    assert gg.Session(again).run(["y:0", "z:0"], feed)[0].tolist() == case["out"]["y"]
    assert gg.Session(again).run("z:0", feed).tolist() == case["out"]["z"]
