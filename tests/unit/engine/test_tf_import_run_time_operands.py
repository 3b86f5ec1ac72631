"""Frozen TF1 graphs whose operands graphgate once wanted constant, computed at run time,
import with TF's static shapes, values and refusals: paddings of Pad, PadV2 and
MirrorPad in both modes (fed, or a shape's arithmetic as Slice's gradient writes them),
graphgate's pads taking them as an input; reduction axes (fed, or `Range(Rank(x))`),
graphgate's ReduceDynamic; resize sizes (fed, or resize_image_with_pad's), the resizes'
second input (tests/reference/tf_import_run_time_operands.py recorded the graphs and
TF's runs)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_import_run_time_operands.json").read_text()
)
X = np.asarray(FIXTURE["x"], np.float32)


def _imported(name: str) -> tuple[gg.Graph, gg.Tensor]:
    graph = gg.Graph()
    data = base64.b64decode(FIXTURE["graphs"][name]["graph"])
    with graph.as_default():
        gg.import_graph_def(gg.GraphDef.FromString(data), name="")
    return graph, graph.get_tensor_by_name("result:0")


@pytest.mark.parametrize("name", sorted(FIXTURE["graphs"]))
def test_run_time_operands_import_with_tfs_static_shape_values_and_refusals(name):
    graph, result = _imported(name)
    assert (None if result.shape.dims is None else result.shape.as_list()) == FIXTURE["graphs"][
        name
    ]["shape"]
    with graph.as_default(), gg.Session() as sess:
        for k, want in FIXTURE["graphs"][name]["runs"].items():
            feed = {"x:0": X, "p:0": FIXTURE["feeds"][k]}
            if "error" in want:
                with pytest.raises(getattr(gg.errors, want["error"])):
                    sess.run(result, feed)
                continue
            got = sess.run(result, feed)
            np.testing.assert_allclose(got, np.asarray(want["value"], np.float32), 1e-6, err_msg=k)
