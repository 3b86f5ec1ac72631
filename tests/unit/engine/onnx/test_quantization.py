"""ONNX's quantization operators: models quantized by onnxruntime's own quantizer (dynamic,
QDQ, QOperator) equal onnxruntime exactly; rounding is half to even and out-of-range values
saturate."""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
quantization = pytest.importorskip("onnxruntime.quantization")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import graphgate as gg  # noqa: E402


def float_cnn():
    """Conv -> Relu -> Flatten -> MatMul: what the quantizer turns into ConvInteger /
    MatMulInteger, QDQ pairs, or QLinearConv / QLinearMatMul."""
    rng = np.random.default_rng(0)
    inits = [
        numpy_helper.from_array(rng.normal(0, 0.3, (8, 3, 3, 3)).astype(np.float32), "cw"),
        numpy_helper.from_array(rng.normal(0, 0.1, (8,)).astype(np.float32), "cb"),
        numpy_helper.from_array(rng.normal(0, 0.2, (8 * 6 * 6, 10)).astype(np.float32), "fw"),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "cw", "cb"], ["c"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"]),
        helper.make_node("Flatten", ["r"], ["f"]),
        helper.make_node("MatMul", ["f", "fw"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes,
        "cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 3, 6, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 10])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


class _Calibration(quantization.CalibrationDataReader):
    def __init__(self):
        rng = np.random.default_rng(1)
        self.batches = iter([{"x": rng.normal(0, 1, (4, 3, 6, 6)).astype(np.float32)}] * 3)

    def get_next(self):
        return next(self.batches, None)


@pytest.fixture(scope="module")
def quantized(tmp_path_factory):
    d = tmp_path_factory.mktemp("quant")
    onnx.save(float_cnn(), d / "f.onnx")
    q = quantization
    logging.getLogger().setLevel(logging.ERROR)  # the quantizer's advice to pre-process
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q.quantize_dynamic(d / "f.onnx", d / "dynamic.onnx", weight_type=q.QuantType.QInt8)
        for fmt in ("QDQ", "QOperator"):
            q.quantize_static(
                d / "f.onnx",
                d / f"{fmt}.onnx",
                _Calibration(),
                quant_format=getattr(q.QuantFormat, fmt),
                per_channel=True,
            )
    return d


@pytest.mark.parametrize(
    "fmt, ops",
    [
        ("dynamic", {"DynamicQuantizeLinear", "ConvInteger", "MatMulInteger"}),
        ("QDQ", {"QuantizeLinear", "DequantizeLinear"}),
        ("QOperator", {"QLinearConv", "QLinearMatMul"}),
    ],
)
def test_models_quantized_by_onnxruntime_equal_it_exactly(quantized, fmt, ops):
    model = onnx.load(quantized / f"{fmt}.onnx")
    assert ops <= {n.op_type for n in model.graph.node}
    x = np.random.default_rng(2).normal(0, 1, (5, 3, 6, 6)).astype(np.float32)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    (want,) = sess.run(None, {"x": x})
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        s.run(gg.global_variables_initializer(graph))
        got = s.run(values["y"], {values["x"]: x})
    np.testing.assert_array_equal(got, want)


def _quantize_model(dtype):
    node = helper.make_node("QuantizeLinear", ["x", "s", "z"], ["y"])
    graph = helper.make_graph(
        [node],
        "q",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None])],
        [helper.make_tensor_value_info("y", dtype, [None])],
        [
            numpy_helper.from_array(np.array(0.5, np.float32), "s"),
            numpy_helper.from_array(np.array(3, helper.tensor_dtype_to_np_dtype(dtype)), "z"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    return model


@pytest.mark.parametrize("dtype", [TensorProto.UINT8, TensorProto.INT8])
def test_quantize_rounds_half_to_even_and_saturates(dtype):
    # x / 0.5 = 0.5, 1.5, 2.5, -0.5, -2.5 round to 0, 2, 2, -0, -2 (half to even); 1e10 and
    # -1e10 saturate (an int32 cast would wrap them to the wrong end)
    x = np.array([0.25, 0.75, 1.25, -0.25, -1.25, 1e10, -1e10], np.float32)
    lo, hi = (0, 255) if dtype == TensorProto.UINT8 else (-128, 127)
    want = np.clip(np.array([0, 2, 2, 0, -2, 2e10, -2e10]) + 3, lo, hi)
    graph, values = gg.import_onnx(_quantize_model(dtype))
    with gg.Session(graph) as s:
        s.run(gg.global_variables_initializer(graph))
        got = s.run(values["y"], {values["x"]: x})
    assert got.dtype == helper.tensor_dtype_to_np_dtype(dtype)
    np.testing.assert_array_equal(got, want)


def residual_cnn():
    """Conv -> Relu -> Conv + skip -> MaxPool -> GlobalAveragePool -> Gemm: what the
    quantizer's QOperator format writes with onnxruntime's com.microsoft operators
    (QLinearAdd, QLinearGlobalAveragePool, QGemm) and a uint8 MaxPool."""
    rng = np.random.default_rng(0)
    inits = [
        numpy_helper.from_array(rng.normal(0, 0.3, (4, 3, 3, 3)).astype(np.float32), "w1"),
        numpy_helper.from_array(rng.normal(0, 0.3, (4, 4, 3, 3)).astype(np.float32), "w2"),
        # [out, in] with transB, as torch's Linear exports
        numpy_helper.from_array(rng.normal(0, 0.3, (10, 4)).astype(np.float32), "fw"),
        numpy_helper.from_array(rng.normal(0, 0.3, (10,)).astype(np.float32), "fb"),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "w1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2"], ["c2"], pads=[1, 1, 1, 1]),
        helper.make_node("Add", ["c2", "r1"], ["a"]),
        helper.make_node("MaxPool", ["a"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("GlobalAveragePool", ["p"], ["g"]),
        helper.make_node("Flatten", ["g"], ["f"]),
        helper.make_node("Gemm", ["f", "fw", "fb"], ["y"], transB=1),
    ]
    graph = helper.make_graph(
        nodes,
        "cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


class _Images(quantization.CalibrationDataReader):
    def __init__(self):
        rng = np.random.default_rng(1)
        self.batches = iter([{"x": rng.normal(0, 1, (4, 3, 8, 8)).astype(np.float32)}] * 3)

    def get_next(self):
        return next(self.batches, None)


@pytest.mark.parametrize("per_channel", [False, True])  # per channel: QGemm's zero points
def test_onnxruntime_contrib_quantized_operators_equal_it_exactly(tmp_path, per_channel):
    onnx.save(residual_cnn(), tmp_path / "f.onnx")
    logging.getLogger().setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantization.quantize_static(
            tmp_path / "f.onnx",
            tmp_path / "q.onnx",
            _Images(),
            quant_format=quantization.QuantFormat.QOperator,
            per_channel=per_channel,
        )
    model = onnx.load(tmp_path / "q.onnx")
    kinds = {(n.domain, n.op_type) for n in model.graph.node}
    assert {("com.microsoft", "QLinearAdd"), ("com.microsoft", "QGemm")} <= kinds
    x = np.random.default_rng(2).normal(0, 1.5, (64, 3, 8, 8)).astype(np.float32)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    (want,) = sess.run(None, {"x": x})
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        s.run(gg.global_variables_initializer(graph))
        got = s.run(values["y"], {values["x"]: x})
    np.testing.assert_array_equal(got, want)
