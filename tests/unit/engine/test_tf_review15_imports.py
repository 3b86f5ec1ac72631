"""TF GraphDefs mixing the importer's newer mappings (NCHW window ops, a training
FusedBatchNorm's statistics, Roll, EuclideanNorm, MatrixDiagV3, V1 Stateless ops) with
while_loop, cond and gradients (tests/reference/tf_review15_imports.py recorded TF's
values): imported, differentiated by graphgate, re-exported as a GraphDef and as a
graphgate document, each computes what TF computed.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf_review15_imports.json").read_text())
X = (np.arange(2 * 4 * 4 * 3, dtype=np.float32).reshape(2, 4, 4, 3) % 7 - 3) / 2


def _value_and_gradient(graph: gg.Graph) -> tuple[np.ndarray, np.ndarray]:
    with graph.as_default():
        x, t = graph.get_tensor_by_name("x:0"), graph.get_tensor_by_name("result:0")
        w = gg.cos(gg.cast(gg.range(gg.size(t)), gg.float32))
        (dx,) = gg.gradients(gg.reduce_sum(t * gg.reshape(w, gg.shape(t))), [x])
        with gg.Session() as sess:
            return tuple(sess.run([t, dx], {x: X}))


def _imported(graph_def: gg.GraphDef) -> gg.Graph:
    graph = gg.Graph()
    with graph.as_default():
        gg.import_graph_def(graph_def, name="")
    return graph


def _check(graph: gg.Graph, case: dict) -> None:
    value, gradient = _value_and_gradient(graph)
    np.testing.assert_allclose(value, np.asarray(case["value"]), rtol=2e-5, atol=2e-5)
    np.testing.assert_allclose(gradient, np.asarray(case["gradient"]), rtol=2e-4, atol=2e-4)


# An imported while_loop's outputs have the shapes TF's shape inference gives them
# (while_raw_ops and while_sliced slice them and take a MatrixDiagV3's gradient).
@pytest.mark.parametrize("name", sorted(FIXTURE["graphs"]))
def test_imported_graph_computes_and_differentiates_as_tf(name):
    case = FIXTURE["graphs"][name]
    _check(_imported(gg.GraphDef.FromString(base64.b64decode(case["graph"]))), case)


@pytest.mark.parametrize("name", sorted(FIXTURE["graphs"]))
def test_imported_graph_reexported_and_reloaded_computes_the_same(name):
    case = FIXTURE["graphs"][name]
    graph = _imported(gg.GraphDef.FromString(base64.b64decode(case["graph"])))
    again = gg.GraphDef.FromString(graph.as_graph_def().SerializeToString())
    _check(_imported(again), case)
    _check(gg.graph_from_dict(json.loads(json.dumps(gg.graph_to_dict(graph)))), case)


def test_loop_shapes_follow_a_less_specific_input_map():
    # The document's loop arguments are shaped for x's (2, 4, 4, 3); mapped to a tensor of
    # unknown batch, the loop takes it and its output's batch is unknown too.
    case = FIXTURE["graphs"]["while_sliced"]
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 4, 4, 3])
        (t,) = gg.import_graph_def(
            gg.GraphDef.FromString(base64.b64decode(case["graph"])),
            input_map={"x:0": x},
            return_elements=["result:0"],
        )
        assert t.shape.as_list() == [None, 2, 4, 3]
        with gg.Session() as sess:
            np.testing.assert_allclose(sess.run(t, {x: X}), np.asarray(case["value"]), rtol=2e-5)
            assert sess.run(t, {x: np.concatenate([X, X])}).shape == (4, 2, 4, 3)
