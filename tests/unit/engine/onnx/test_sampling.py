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


@pytest.mark.parametrize("mode", ["linear", "cubic"])
def test_resize_tf_crop_and_resize_equals_onnxruntime(mode):
    # A crop box reaching past the image: those outputs are the extrapolation value
    roi = np.array([0, 0, -0.2, 0.3, 1, 1, 0.9, 1.4], np.float32)
    node = helper.make_node(
        "Resize",
        ["X", "roi", "", "sizes"],
        ["Y"],
        mode=mode,
        coordinate_transformation_mode="tf_crop_and_resize",
        extrapolation_value=-7.0,
    )
    graph = helper.make_graph(
        [node],
        "crop",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 2, 6, 5])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
        [
            onnx.numpy_helper.from_array(roi, "roi"),
            onnx.numpy_helper.from_array(np.array([1, 2, 4, 7], np.int64), "sizes"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    x = np.random.default_rng(1).normal(0, 1, (1, 2, 6, 5)).astype(np.float32)
    (want,) = ort.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    ).run(None, {"X": x})
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        got = s.run(values["Y"], {values["X"]: x})
    assert (want == -7.0).any()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_resize_nearest_tf_crop_and_resize_is_refused():
    node = helper.make_node(
        "Resize",
        ["X", "roi", "", "sizes"],
        ["Y"],
        mode="nearest",
        coordinate_transformation_mode="tf_crop_and_resize",
    )
    graph = helper.make_graph(
        [node],
        "crop",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 1, 4, 4])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
        [
            onnx.numpy_helper.from_array(np.array([0, 0, 0, 0, 1, 1, 1, 1], np.float32), "roi"),
            onnx.numpy_helper.from_array(np.array([1, 1, 3, 3], np.int64), "sizes"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    with pytest.raises(gg.GraphgateError, match="reference and onnxruntime differ"):
        gg.import_onnx(model)


@pytest.mark.parametrize("onesided, inverse", [(1, 0), (0, 1)])
def test_dft_equals_onnxruntime(onesided, inverse):
    # a spectrogram front end's transform of [batch, time, 1] real frames (or its inverse)
    node = helper.make_node("DFT", ["x", "n", "axis"], ["y"], onesided=onesided, inverse=inverse)
    c = 2 if inverse else 1
    graph = helper.make_graph(
        [node],
        "dft",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 10, c])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [
            onnx.numpy_helper.from_array(np.array(12, np.int64), "n"),
            onnx.numpy_helper.from_array(np.array(1, np.int64), "axis"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])
    model.ir_version = 9
    x = np.random.default_rng(3).normal(0, 1, (3, 10, c)).astype(np.float32)
    (want,) = ort.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    ).run(None, {"x": x})
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        got = s.run(values["y"], {values["x"]: x})
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("align", [0, 1])
def test_a_spatial_transformer_equals_onnxruntime(align):
    # torch's affine_grid + grid_sample as exported at opset 20: AffineGrid -> GridSample
    nodes = [
        helper.make_node("AffineGrid", ["theta", "size"], ["grid"], align_corners=align),
        helper.make_node("GridSample", ["X", "grid"], ["Y"], align_corners=align),
    ]
    graph = helper.make_graph(
        nodes,
        "stn",
        [
            helper.make_tensor_value_info("X", TensorProto.FLOAT, [2, 3, 5, 6]),
            helper.make_tensor_value_info("theta", TensorProto.FLOAT, [2, 2, 3]),
        ],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
        [onnx.numpy_helper.from_array(np.array([2, 3, 4, 7], np.int64), "size")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])
    model.ir_version = 9
    rng = np.random.default_rng(2)
    feeds = {
        "X": rng.normal(0, 1, (2, 3, 5, 6)).astype(np.float32),
        "theta": (np.eye(2, 3) + rng.normal(0, 0.3, (2, 2, 3))).astype(np.float32),
    }
    (want,) = ort.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    ).run(None, feeds)
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        got = s.run(values["Y"], {values[k]: v for k, v in feeds.items()})
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_stft_equals_onnxruntime():
    # torch.stft as exported at opset 17: frames of a real signal under a Hann window
    length, step = 16, 4
    node = helper.make_node("STFT", ["x", "step", "window", "length"], ["y"], onesided=1)
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(length) / length)).astype(np.float32)
    graph = helper.make_graph(
        [node],
        "stft",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 64, 1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [
            onnx.numpy_helper.from_array(np.array(step, np.int64), "step"),
            onnx.numpy_helper.from_array(window, "window"),
            onnx.numpy_helper.from_array(np.array(length, np.int64), "length"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    x = np.random.default_rng(5).normal(0, 1, (2, 64, 1)).astype(np.float32)
    (want,) = ort.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    ).run(None, {"x": x})
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        s.run(gg.global_variables_initializer(graph))
        got = s.run(values["y"], {values["x"]: x})
    assert got.shape == want.shape == (2, 13, 9, 2)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
