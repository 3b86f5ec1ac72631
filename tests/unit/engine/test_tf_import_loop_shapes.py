"""Imported TF1 while_loops give their outputs the shapes TF's shape inference gives them
(the loop arguments shaped as their initial values where the body keeps those shapes,
relaxed where it does not), so ops after the loop that need a rank build and compute what
TF computed (tests/reference/tf_import_loop_shapes.py recorded TF's values)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate.errors import GraphgateError

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_import_loop_shapes.json").read_text()
)
X = np.asarray(FIXTURE["x"], dtype=np.float32)
SHAPED = sorted(set(FIXTURE["graphs"]) - {"while_rank_grows"})
# TF's dynamic_rnn sets its outputs' shapes in Python (set_shape), which no GraphDef keeps:
# imported, the GRU's outputs have an unknown time dim (as TF's own import has less).
AS_BUILT = {"dynamic_rnn_lstm", "while_growing_rows"}


def _graph_def(name: str) -> gg.GraphDef:
    return gg.GraphDef.FromString(base64.b64decode(FIXTURE["graphs"][name]["graph"]))


def _imported(graph_def: gg.GraphDef) -> gg.Graph:
    graph = gg.Graph()
    with graph.as_default():
        gg.import_graph_def(graph_def, name="")
    return graph


def _check_shape(name: str, shape: tuple | None, value: np.ndarray) -> None:
    built = tuple(FIXTURE["graphs"][name]["shape_built"])
    assert shape is not None and len(shape) == len(built) == value.ndim
    assert all(d is None or d == b == v for d, b, v in zip(shape, built, value.shape, strict=True))
    if name in AS_BUILT:
        assert shape == built


def _run(graph: gg.Graph) -> tuple[np.ndarray, tuple | None]:
    with graph.as_default(), gg.Session() as sess:
        t = graph.get_tensor_by_name("result:0")
        return sess.run(t, {"x:0": X}), t.shape.dims and tuple(t.shape.as_list())


@pytest.mark.parametrize("name", SHAPED)
def test_loop_outputs_have_tf_shapes_and_values(name):
    case = FIXTURE["graphs"][name]
    value, shape = _run(_imported(_graph_def(name)))
    np.testing.assert_allclose(value, np.asarray(case["value"]), rtol=2e-5, atol=2e-6)
    _check_shape(name, shape, value)


@pytest.mark.parametrize("name", SHAPED)
def test_reexported_loop_keeps_its_shapes(name):
    case = FIXTURE["graphs"][name]
    graph = _imported(_graph_def(name))
    again = _imported(gg.GraphDef.FromString(graph.as_graph_def().SerializeToString()))
    reloaded = gg.graph_from_dict(json.loads(json.dumps(gg.graph_to_dict(graph))))
    for g in (again, reloaded):
        value, shape = _run(g)
        np.testing.assert_allclose(value, np.asarray(case["value"]), rtol=2e-5, atol=2e-6)
        _check_shape(name, shape, value)


def test_growing_loop_variable_is_relaxed_not_pinned():
    graph = _imported(_graph_def("while_growing_rows"))
    # Its initial value is (3, 3); the body doubles the rows: TF's Merge gives (?, 3).
    assert graph.get_tensor_by_name("while/Exit_1:0").shape.as_list() == [None, 3]


def test_loop_output_of_unknown_rank_is_sliced_as_tf_slices_it():
    # The rank grows each iteration: truly unknown; a strided slice takes it, as TF's.
    value, shape = _run(_imported(_graph_def("while_rank_grows")))
    case = FIXTURE["graphs"]["while_rank_grows"]
    np.testing.assert_allclose(value, np.asarray(case["value"]), rtol=2e-5, atol=2e-6)
    assert shape is None


def test_op_needing_a_rank_after_such_a_loop_is_refused_saying_what_to_do():
    graph = _imported(_graph_def("while_rank_grows"))
    with graph.as_default(), pytest.raises(GraphgateError) as info:
        gg.nn.space_to_depth(graph.get_tensor_by_name("while/Exit_1:0"), 2)
    assert info.value.code == "UNKNOWN_RANK"
    assert "while/Exit_1" in info.value.message and "reshape" in info.value.message
