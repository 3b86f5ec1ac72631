"""ONNX's NCHW convolution and pooling, lowered around the engine's NHWC ops, against
onnxruntime: one case per attribute where ONNX and TensorFlow differ."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper  # noqa: E402

import graphgate as gg  # noqa: E402
import graphgate.onnx.lowering  # noqa: E402 - registers the engine's conv ops
from graphgate.ops.registry import REGISTRY  # noqa: E402
from tests.unit.engine.onnx.test_import import model_of, ort_run, run  # noqa: E402

pytestmark = pytest.mark.skipif("Conv2D" not in REGISTRY, reason="the engine has no conv ops")
F = TensorProto.FLOAT


def _same_as_ort(op, x_shape, w_shape=None, bias=False, **attrs):
    rng = np.random.default_rng(7)
    x = rng.standard_normal(x_shape).astype(np.float32)
    inits, names = [], ["x"]
    if w_shape is not None:
        inits.append(("w", rng.standard_normal(w_shape).astype(np.float32)))
        names.append("w")
        if bias:
            out_c = w_shape[1] * attrs.get("group", 1) if op == "ConvTranspose" else w_shape[0]
            inits.append(("b", rng.standard_normal(out_c).astype(np.float32)))
            names.append("b")
    node = helper.make_node(op, names, ["y"], **attrs)
    m = model_of([node], [("x", F, list(x_shape))], [("y", F, None)], inits)
    want = ort_run(m, {"x": x})[0]
    got = run(m, {"x": x})
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "attrs",
    [
        {},
        {"pads": [1, 2, 0, 1]},
        {"auto_pad": "SAME_UPPER", "strides": [2, 2]},
        {"auto_pad": "SAME_LOWER", "strides": [2, 2]},
        {"dilations": [2, 2], "pads": [2, 2, 2, 2]},
        {"strides": [2, 1], "pads": [1, 1, 1, 1]},
    ],
)
def test_conv_padding_strides_dilations(attrs):
    _same_as_ort("Conv", (2, 3, 9, 8), (4, 3, 3, 3), bias=True, **attrs)


def test_grouped_conv_is_convolutions_side_by_side():
    _same_as_ort("Conv", (1, 4, 6, 6), (6, 2, 3, 3), bias=True, group=2, pads=[1, 1, 1, 1])


def test_conv_1d():
    _same_as_ort("Conv", (2, 3, 10), (5, 3, 3), bias=True, pads=[1, 1], strides=[2])


@pytest.mark.parametrize(
    "attrs",
    [
        {"strides": [2, 2]},
        {"strides": [2, 2], "pads": [1, 0, 1, 0], "output_padding": [1, 1]},
        {"strides": [2, 2], "output_shape": [10, 11]},
        {"auto_pad": "SAME_UPPER", "strides": [2, 2]},
        # strides and dilations both above 1 (torch's ConvTranspose2d(stride=2, dilation=2)):
        # TF's op takes no such pair, the kernel is dilated with zeros
        {"strides": [2, 2], "dilations": [2, 2]},
        {"strides": [3, 1], "dilations": [2, 3], "pads": [1, 2, 0, 1], "output_padding": [1, 0]},
        {"strides": [2, 2], "dilations": [2, 1], "group": 3},
    ],
)
def test_conv_transpose(attrs):
    _same_as_ort("ConvTranspose", (1, 3, 5, 5), (3, 2, 3, 3), bias=True, **attrs)


def test_conv_transpose_1d_with_stride_and_dilation():
    _same_as_ort(
        "ConvTranspose", (2, 3, 6), (3, 4, 3), bias=True, strides=[2], dilations=[3], pads=[1, 0]
    )


@pytest.mark.parametrize(
    "attrs",
    [
        {"kernel_shape": [3, 3]},
        {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1]},
        {"kernel_shape": [2, 2], "strides": [2, 2], "ceil_mode": 1},
        {"kernel_shape": [3, 3], "auto_pad": "SAME_UPPER", "strides": [2, 2]},
    ],
)
@pytest.mark.parametrize("op", ["MaxPool", "AveragePool"])
def test_pooling(op, attrs):
    _same_as_ort(op, (2, 3, 7, 7), **attrs)


def test_average_pool_counting_the_padding():
    _same_as_ort(
        "AveragePool", (1, 2, 5, 5), kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1
    )


@pytest.mark.parametrize("dims", [[2, 9], ["h", "w"]])
@pytest.mark.parametrize(
    "op, w_shape, attrs",
    [
        # onnxruntime pads a dilated pooling window as if it were undilated: 1 row where
        # the spec's ceil(2 / 1) is 2
        ("MaxPool", None, {"kernel_shape": [2, 3], "strides": [1, 2], "dilations": [2, 1]}),
        # a transposed convolution whose kernel is shorter than its stride: onnxruntime
        # answers 3 x 11 where the spec's input x stride is 4 x 12
        ("ConvTranspose", [2, 3, 1, 1], {"strides": [2, 2]}),
    ],
)
def test_same_padding_where_onnxruntime_departs_from_the_spec_is_refused(op, w_shape, attrs, dims):
    inits = [] if w_shape is None else [("w", np.ones(w_shape, np.float32))]
    names = ["x"] + [n for n, _ in inits]
    node = helper.make_node(op, names, ["y"], auto_pad="SAME_UPPER", **attrs)
    m = model_of([node], [("x", F, [1, 2, *dims])], [("y", F, None)], inits)
    if dims == [2, 9]:  # the difference itself, so the test notices if onnxruntime changes
        want = ort_run(m, {"x": np.ones((1, 2, 2, 9), np.float32)})[0]
        assert want.shape[2] != {"MaxPool": 2, "ConvTranspose": 4}[op]
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.import_onnx(m)
    assert info.value.code == "ONNX_UNSUPPORTED"
    if dims == [2, 9] or op == "ConvTranspose":  # (dilated pooling needs the size anyway)
        assert "onnxruntime" in info.value.details["problems"][0]["reason"]


def small_cnn_model(batch="N"):
    rng = np.random.default_rng(8)
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "s", "o", "m", "v"], ["bn"]),
        helper.make_node("Relu", ["bn"], ["r1"]),
        helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", "w2", "b2"], ["c2"], strides=[2, 2]),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("GlobalAveragePool", ["r2"], ["g"]),
        helper.make_node("Flatten", ["g"], ["f"]),
        helper.make_node("Gemm", ["f", "w3", "b3"], ["logits"], transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"]),
    ]
    inits = [
        ("w1", rng.standard_normal((8, 1, 3, 3)).astype(np.float32) * 0.3),
        ("b1", rng.standard_normal(8).astype(np.float32) * 0.1),
        ("s", rng.uniform(0.5, 1.5, 8).astype(np.float32)),
        ("o", rng.standard_normal(8).astype(np.float32) * 0.1),
        ("m", rng.standard_normal(8).astype(np.float32) * 0.1),
        ("v", rng.uniform(0.5, 1.5, 8).astype(np.float32)),
        ("w2", rng.standard_normal((16, 8, 3, 3)).astype(np.float32) * 0.2),
        ("b2", rng.standard_normal(16).astype(np.float32) * 0.1),
        ("w3", rng.standard_normal((10, 16)).astype(np.float32) * 0.3),
        ("b3", rng.standard_normal(10).astype(np.float32) * 0.1),
    ]
    return model_of(nodes, [("x", F, [batch, 1, 28, 28])], [("probs", F, [batch, 10])], inits)


def test_small_cnn_matches_onnxruntime_and_trains():
    m = small_cnn_model()
    x = np.random.default_rng(9).standard_normal((4, 1, 28, 28)).astype(np.float32)
    np.testing.assert_allclose(run(m, {"x": x}), ort_run(m, {"x": x})[0], rtol=1e-5, atol=1e-6)
    graph, values = gg.import_onnx(m)
    with graph.as_default():
        loss = gg.reduce_sum(values["logits"] ** 2)
        grads = gg.gradients(loss, [values["w1"], values["w2"]])
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        g1, g2 = sess.run(grads, {values["x"]: x})
    assert g1.shape == (8, 1, 3, 3) and np.abs(g1).sum() > 0 and np.abs(g2).sum() > 0


LIGHT = ["bvlc_alexnet", "densenet121", "inception_v1", "inception_v2", "resnet50"]
LIGHT += ["shufflenet", "squeezenet"]


@pytest.mark.parametrize("name", LIGHT)
def test_the_light_model_zoo_the_onnx_package_ships(name):
    # Real architectures (weights made by ConstantOfShape to keep the files small): LRN,
    # grouped convs, channel shuffles, concatenations, global pools, flattens.
    import os

    path = os.path.join(os.path.dirname(onnx.__file__), "backend/test/data/light")
    m = onnx.load(os.path.join(path, f"light_{name}.onnx"))
    m.ir_version = min(m.ir_version, 8)
    inits = {t.name for t in m.graph.initializer}
    [inp] = [i.name for i in m.graph.input if i.name not in inits]
    x = np.random.default_rng(10).standard_normal((1, 3, 224, 224)).astype(np.float32)
    # The constant weights make every class's logit the same ~1e9 sum, so a final Softmax
    # turns one ulp of BLAS's CPU-dependent summation order into a 0 or a 1: compare its
    # input (the logits) with onnxruntime's, and the softmax with the logits' own.
    last = m.graph.node[-1]
    fetch = last.output[0]
    if last.op_type == "Softmax":
        fetch = last.input[0]
        m.graph.output.append(helper.make_tensor_value_info(fetch, TensorProto.FLOAT, None))
    got, out = run(m, {inp: x}, [fetch, m.graph.output[0].name])
    want = ort_run(m, {inp: x})[-1]
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
    if last.op_type == "Softmax":
        z = got.reshape(len(got), -1).astype(np.float64)
        e = np.exp(z - z.max(axis=1, keepdims=True))
        expected = (e / e.sum(axis=1, keepdims=True)).reshape(out.shape)
        np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
