"""ONNX's GridSample against onnxruntime: every mode and padding, grids reaching past the
input (spatial transformers and flow warping sample there)."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper  # noqa: E402

import graphgate as gg  # noqa: E402


def grid_model(mode, padding, align):
    node = helper.make_node(
        "GridSample",
        ["X", "grid"],
        ["Y"],
        mode=mode,
        padding_mode=padding,
        align_corners=align,
    )
    graph = helper.make_graph(
        [node],
        "gs",
        [
            helper.make_tensor_value_info("X", TensorProto.FLOAT, [2, 3, 5, 6]),
            helper.make_tensor_value_info("grid", TensorProto.FLOAT, [2, 4, 7, 2]),
        ],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])
    model.ir_version = 9
    return model


@pytest.mark.parametrize("mode", ["nearest", "linear", "cubic"])
@pytest.mark.parametrize("padding", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align", [0, 1])
def test_grid_sample_equals_onnxruntime(mode, padding, align):
    rng = np.random.default_rng(8)
    x = rng.normal(0, 1, (2, 3, 5, 6)).astype(np.float32)
    grid = rng.uniform(-1.6, 1.6, (2, 4, 7, 2)).astype(np.float32)
    model = grid_model(mode, padding, align)
    if mode == "cubic" and padding == "border":
        # ONNX's reference and onnxruntime disagree here: refused, not guessed
        with pytest.raises(gg.GraphgateError, match="reference and onnxruntime differ"):
            gg.import_onnx(model)
        return
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    (want,) = sess.run(None, {"X": x, "grid": grid})
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        got = s.run(values["Y"], {values["X"]: x, values["grid"]: grid})
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
