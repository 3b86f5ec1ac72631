"""What torch.onnx.export writes for real models (torchvision, transformers, recurrent language
models), imported and run against onnxruntime: each idiom that once failed or differed,
written as the exporter writes it, with few channels so that a test costs milliseconds."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import graphgate as gg  # noqa: E402

F = TensorProto.FLOAT


def model_of(nodes, inputs, outputs, inits=(), opset=17):
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info(n, t, s) for n, t, s in inputs],
        [helper.make_tensor_value_info(n, t, s) for n, t, s in outputs],
        [numpy_helper.from_array(np.asarray(v), n) for n, v in inits],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return model


def run(model, feeds):
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        fetches = [values[o.name] for o in model.graph.output]
        return sess.run(fetches, {values[k]: v for k, v in feeds.items()})


def ort_run(model, feeds):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def test_reshape_copying_several_run_time_dims_with_zeros():
    # A bidirectional GRU with dynamic batch and sequence: [seq, batch, 2, H] -> [0, 0, 2H].
    nodes = [
        helper.make_node("Transpose", ["x"], ["t"], perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", ["t", "shape"], ["y"]),
    ]
    model = model_of(
        nodes,
        [("x", F, ["seq", 2, "batch", 3])],
        [("y", F, None)],
        [("shape", np.array([0, 0, 6], np.int64))],
    )
    feeds = {"x": np.random.default_rng(0).normal(size=(5, 2, 4, 3)).astype(np.float32)}
    (got,) = run(model, feeds)
    (want,) = ort_run(model, feeds)
    assert got.shape == want.shape == (5, 4, 6)
    np.testing.assert_array_equal(got, want)


def test_log_sum_exp_over_an_empty_axis_is_minus_infinity():
    node = helper.make_node("ReduceLogSumExp", ["x", "axes"], ["y"], keepdims=1)
    model = model_of(
        [node],
        [("x", F, [2, 0, 4])],
        [("y", F, None)],
        [("axes", np.array([1], np.int64))],
        opset=18,
    )
    feeds = {"x": np.zeros((2, 0, 4), np.float32)}
    (got,) = run(model, feeds)
    (want,) = ort_run(model, feeds)
    assert got.shape == want.shape == (2, 1, 4)
    np.testing.assert_array_equal(got, want)
    assert np.all(np.isneginf(got))


@pytest.mark.parametrize(
    ("channels", "mult", "kernel", "stride", "dilation", "pad", "one_d"),
    [
        (4, 1, 3, 1, 1, 1, False),  # MobileNet's depthwise 3x3
        (5, 1, 5, 2, 1, 2, False),  # EfficientNet's strided 5x5
        (4, 2, 3, 2, 1, 0, False),  # a channel multiplier
        (3, 3, 3, 1, 2, 2, False),  # dilated
        (4, 1, 3, 2, 1, 1, True),  # 1-D (Whisper-style audio front ends)
    ],
)
def test_depthwise_conv_is_one_depthwise_op_equal_to_onnxruntime(
    channels, mult, kernel, stride, dilation, pad, one_d
):
    rng = np.random.default_rng(channels * 10 + kernel)
    spatial = [11] if one_d else [9, 8]
    n = len(spatial)
    x = rng.normal(size=[2, channels, *spatial]).astype(np.float32)
    w = rng.normal(size=[channels * mult, 1, *[kernel] * n]).astype(np.float32)
    b = rng.normal(size=[channels * mult]).astype(np.float32)
    node = helper.make_node(
        "Conv",
        ["x", "w", "b"],
        ["y"],
        group=channels,
        strides=[stride] * n,
        dilations=[dilation] * n,
        pads=[pad] * 2 * n,
    )
    model = model_of([node], [("x", F, list(x.shape))], [("y", F, None)], [("w", w), ("b", b)])
    graph, values = gg.import_onnx(model)
    types = [op.type for op in graph.get_operations()]
    assert types.count("DepthwiseConv2dNative") == 1 and "Conv2D" not in types
    (want,) = ort_run(model, {"x": x})
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        got = sess.run(values["y"], {values["x"]: x})
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
