"""Frozen TF1 graphs slicing by begins, ends and strides computed at run time (`x[i]`,
`x[:, t]` with a loop counter, `x[tf.shape(x)[0] - 1]`, every mask, computed strides, in
while_loop bodies and conds' branches) import, infer TF's static shapes and compute TF's
values, failures and, through graphgate's own gradients, TF's gradients; TF's own
gradient graphs (StridedSliceGrad) import too (tests/reference/tf_import_computed_slices.py
recorded the graphs and TF's values)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_import_computed_slices.json").read_text()
)
X = np.asarray(FIXTURE["x"], dtype=np.float32)
# Slices graphgate refuses rather than risk TF's run-time checks: a shrunk axis (`x[1]`)
# beside a computed stride, where TF's kernel checks the shrunk axis' stride at run time.
REFUSED = {"negative_stride": "it shrinks an axis by a computed stride"}
IMPORTED = sorted(set(FIXTURE["graphs"]) - set(REFUSED))


def _graph_def(name: str) -> gg.GraphDef:
    return gg.GraphDef.FromString(base64.b64decode(FIXTURE["graphs"][name]["graph"]))


def _imported(name: str) -> tuple[gg.Graph, gg.Tensor, gg.Tensor]:
    graph = gg.Graph()
    with graph.as_default():
        gg.import_graph_def(_graph_def(name), name="")
        x, result = graph.get_tensor_by_name("x:0"), graph.get_tensor_by_name("result:0")
        # the loss TF's recording took the gradient of
        w = gg.cos(gg.cast(gg.range(gg.size(result)), gg.float32) * 0.7)
        (grad,) = gg.gradients(gg.reduce_sum(result * gg.reshape(w, gg.shape(result))), [x])
    return graph, result, grad


@pytest.mark.parametrize("name", IMPORTED)
def test_computed_slices_import_with_tfs_static_shape(name):
    _, result, _ = _imported(name)
    want = FIXTURE["graphs"][name]["shape"]
    assert (None if result.shape.dims is None else result.shape.as_list()) == want


@pytest.mark.parametrize("name", IMPORTED)
def test_computed_slices_compute_tfs_values_and_gradients(name):
    graph, result, grad = _imported(name)
    with graph.as_default(), gg.Session() as sess:
        for k, want in FIXTURE["graphs"][name]["runs"].items():
            feed = {"x:0": X, "i:0": int(k)}
            if "error" in want:
                # TF's InvalidArgumentError: an index out of range, at run time
                with pytest.raises(gg.errors.InvalidArgumentError):
                    sess.run(result, feed)
                continue
            value, dx = sess.run([result, grad], feed)
            assert list(value.shape) == want["value_shape"]
            np.testing.assert_allclose(
                value.reshape(-1), np.ravel(want["value"]), rtol=1e-6, atol=1e-6
            )
            np.testing.assert_allclose(dx, np.asarray(want["grad"]), rtol=1e-5, atol=1e-6)


# TF1's gradient of a cond switches on the forward cond's predicate, so the importer takes
# its nodes for the forward cond's and finds a cycle (GRAPH_CYCLE): left out here.
WITH_GRAD = sorted(
    n for n in IMPORTED if FIXTURE["graphs"][n]["graph_with_grad"] and not n.endswith("cond")
)


@pytest.mark.parametrize("name", WITH_GRAD)
def test_tfs_own_gradient_graph_imports_and_computes_tfs_gradients(name):
    # GIVEN the frozen graph holding TF's gradient (StridedSliceGrad of TF's inputs:
    # the shape, the bounds, the incoming gradient)
    data = base64.b64decode(FIXTURE["graphs"][name]["graph_with_grad"])
    graph = gg.Graph()
    with graph.as_default():
        gg.import_graph_def(gg.GraphDef.FromString(data), name="")
        assert "StridedSliceGrad" in {op.type for op in graph.get_operations()}
        # WHEN run THEN TF's gradient, or TF's run-time failure
        with gg.Session() as sess:
            for k, want in FIXTURE["graphs"][name]["runs"].items():
                feed = {"x:0": X, "i:0": int(k)}
                if "error" in want:
                    with pytest.raises(gg.errors.InvalidArgumentError):
                        sess.run("grad:0", feed)
                    continue
                got = sess.run("grad:0", feed)
                np.testing.assert_allclose(got, np.asarray(want["grad"]), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_shrunk_axis_beside_a_computed_stride_is_a_listed_problem(name):
    with pytest.raises(gg.GraphgateError) as info:
        _graph_def(name)
    assert info.value.code == "TF_GRAPH_UNSUPPORTED"
    (problem,) = info.value.details["problems"]
    assert problem["op"] == "StridedSlice" and REFUSED[name] in problem["reason"]


def test_a_slice_whose_begin_end_and_strides_are_all_computed_is_a_listed_problem():
    # GIVEN a frozen slice where no constant tells how many index items there are
    from graphgate import tf_graph

    nodes = [
        {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": 1}}},
        {"name": "b", "op": "Placeholder", "attr": {"dtype": {"type": 3}}},
        {"name": "s", "op": "StridedSlice", "input": ["x", "b", "b", "b"]},
    ]
    # WHEN imported THEN refused, naming the slice and why
    with pytest.raises(gg.GraphgateError) as info:
        tf_graph.to_document(nodes)
    problems = info.value.details["problems"]
    assert [p["node"] for p in problems] == ["s"]
    assert "length is unknown" in problems[0]["reason"]
