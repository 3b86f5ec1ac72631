"""ONNX MaxUnpool replayed from `fixtures/max_unpool.json` (recorded by
`tests/reference/max_unpool.py` from onnxruntime and onnx's reference evaluator).

graphgate gives onnxruntime's answer wherever it answers, and refuses with a typed error
where it refuses (an index out of range; an output_shape of another rank, batch or channels
than X's, or smaller than the unpooled shape). The two part where an output_shape is
larger than the unpooled shape: onnxruntime (and PyTorch's `max_unpool2d(output_size=)`,
whose exports carry it) reads each index as a flat position in output_shape, so MaxPool's
own indices of an odd-sized image unpool back to its size; the reference (and ONNX's
backend case test_maxunpool_export_with_output_shape, which onnxruntime lists as failing)
reads it in the unpooled shape, zero-padded at each axis's end, and raises for the odd
image's indices past it. graphgate follows onnxruntime (docs/decision_log.md).
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


ANSWERED = [n for n, c in CASES.items() if "y" in c["onnxruntime"]]
PARTED = [n for n in ANSWERED if CASES[n]["onnxruntime"] != CASES[n]["reference"]]
REFUSED = [n for n, c in CASES.items() if "error" in c["onnxruntime"]]


def test_the_fixture_holds_each_kind_of_case():
    assert (len(ANSWERED), len(PARTED), len(REFUSED)) == (15, 7, 9)
    assert {"backend_with_output_shape", "k2s2_odd_image_shape_5x5"} <= set(PARTED)


@pytest.mark.parametrize("name", ANSWERED)
def test_what_onnxruntime_answers(name):
    case = CASES[name]
    want = np.asarray(case["onnxruntime"]["y"], np.float32)
    for bind in _bindings(case):
        got = _run(case, bind)
        assert got.shape == want.shape
        np.testing.assert_array_equal(got, want)


def test_maxpools_own_indices_of_an_odd_image_land_where_its_maxima_were():
    # GIVEN a 5x5 image pooled 2x2 by MaxPool's indices (onnxruntime's, recorded)
    case = CASES["k2s2_odd_image_shape_5x5"]
    got = _run(case)
    # THEN each pooled value is back at its flat index of the 5x5 image, zeros elsewhere
    flat = np.zeros(25, np.float32)
    flat[np.reshape(case["feeds"]["i"], -1)] = np.reshape(case["feeds"]["x"], -1)
    np.testing.assert_array_equal(got.reshape(-1), flat)


REFUSALS = [(n, bind) for n in REFUSED for bind in _bindings(CASES[n])]
# A bound output_shape onnxruntime refuses is refused at import, a fed one fails the run.
SHAPE_REFUSED = {"smaller_shape", "shape_other_batch", "shape_other_channels", "shape_other_rank"}


@pytest.mark.parametrize("name, bind", REFUSALS)
def test_indices_or_shapes_onnxruntime_refuses_are_refused(name, bind):
    # never a number where onnxruntime refuses: a typed error, at import or in the run
    if name in SHAPE_REFUSED:
        code = "ONNX_UNSUPPORTED" if bind else "ASSERTION_FAILED"
    else:
        code = "INDEX_OUT_OF_RANGE"
    with pytest.raises(gg.GraphgateError) as exc:
        _run(CASES[name], bind)
    assert exc.value.code == code
