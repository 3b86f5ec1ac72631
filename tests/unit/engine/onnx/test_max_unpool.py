"""ONNX MaxUnpool replayed from `fixtures/max_unpool.json` (recorded by
`tests/reference/max_unpool.py` from onnxruntime and onnx's reference evaluator).

Where the two agree graphgate gives their answer. Where onnxruntime refuses (an index
out of range, an output_shape smaller than the unpooled shape) graphgate refuses too.
Where an output_shape is larger than the unpooled shape the two part: onnxruntime reads
each index as a flat position in the output_shape, the reference (and ONNX's backend
case test_maxunpool_export_with_output_shape, which onnxruntime lists as failing) as a
flat position in the unpooled shape, zero-padded at each axis's end to output_shape.
graphgate follows the backend case, and fails the run where the reference raises (an
index past the unpooled shape) rather than answer in either reading.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnx")

from onnx import TensorProto, helper

import graphgate as gg

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "max_unpool.json"
CASES = {c["name"]: c for c in json.loads(FIXTURE.read_text())}


def _model(case):
    names = list(case["feeds"])
    types = [TensorProto.FLOAT, TensorProto.INT64, TensorProto.INT64]
    node = helper.make_node("MaxUnpool", names, ["y"], **case["attrs"])
    inputs = [
        helper.make_tensor_value_info(n, t, None)
        for n, t in zip(names, types[: len(names)], strict=True)
    ]
    inputs[0] = helper.make_tensor_value_info("x", TensorProto.FLOAT, np.shape(case["feeds"]["x"]))
    out = [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)]
    graph = helper.make_graph([node], "g", inputs, out)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", case["opset"])])
    model.ir_version = 8
    return model


def _feeds(case):
    dtypes = {"x": np.float32, "i": np.int64, "s": np.int64}
    return {k: np.asarray(v, dtypes[k]) for k, v in case["feeds"].items()}


def _run(case, bind=()):
    feeds = _feeds(case)
    graph, values = gg.import_onnx(_model(case), bind={n: feeds[n] for n in bind})
    with gg.Session(graph) as sess:
        return sess.run(values["y"], {values[n]: v for n, v in feeds.items() if n not in bind})


def _bindings(case):
    # output_shape fed at run time and bound at import take different paths
    return [(), ("s",)] if "s" in case["feeds"] else [()]


AGREED = [n for n, c in CASES.items() if c["onnxruntime"] == c["reference"]]
PARTED = [n for n, c in CASES.items() if "y" in c["onnxruntime"] and "y" in c["reference"]]
PARTED = [n for n in PARTED if n not in AGREED]
REFUSED = [n for n, c in CASES.items() if "error" in c["onnxruntime"] or "error" in c["reference"]]


def test_the_fixture_holds_each_kind_of_case():
    assert (len(AGREED), len(PARTED), len(REFUSED)) == (8, 4, 9)
    assert "backend_with_output_shape" in PARTED


@pytest.mark.parametrize("name", AGREED)
def test_where_onnxruntime_and_the_reference_agree(name):
    case = CASES[name]
    for bind in _bindings(case):
        got = _run(case, bind)
        np.testing.assert_array_equal(got, np.asarray(case["onnxruntime"]["y"], np.float32))


@pytest.mark.parametrize("name", PARTED)
def test_a_larger_output_shape_follows_the_backend_case(name):
    case = CASES[name]
    want = np.asarray(case["reference"]["y"], np.float32)
    assert not np.array_equal(want, np.asarray(case["onnxruntime"]["y"], np.float32))
    for bind in _bindings(case):
        got = _run(case, bind)
        assert got.shape == want.shape
        np.testing.assert_array_equal(got, want)


REFUSALS = [(n, bind) for n in REFUSED for bind in _bindings(CASES[n])]


@pytest.mark.parametrize("name, bind", REFUSALS)
def test_indices_or_shapes_out_of_range_are_refused(name, bind):
    # never a number where either reading refuses: a typed error, at import or in the run
    if name == "smaller_shape":  # a bound shape is refused at import, a fed one fails the run
        code = "ONNX_UNSUPPORTED" if bind else "ASSERTION_FAILED"
    else:
        code = "INDEX_OUT_OF_RANGE"
    with pytest.raises(gg.GraphgateError) as exc:
        _run(CASES[name], bind)
    assert exc.value.code == code
