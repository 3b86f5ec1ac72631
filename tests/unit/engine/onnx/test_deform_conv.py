"""ONNX's DeformConv imported and run: fixed-seed draws of groups, offset groups, strides,
dilations, pads, masks and biases, each equal to onnx's reference evaluator (onnxruntime
agreed on 38 of 38 such draws when this was written). No onnxruntime needed."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")

from onnx import TensorProto, helper  # noqa: E402
from onnx.reference import ReferenceEvaluator  # noqa: E402

import graphgate as gg  # noqa: E402


def _case(seed: int):
    rng = np.random.default_rng(seed)
    while True:
        group, og, cg = (int(v) for v in rng.integers(1, 3, 3))
        c, oc = group * og * cg, group * int(rng.integers(1, 3))
        kernel = rng.integers(1, 4, 2).tolist()
        h, w = (int(v) for v in rng.integers(3, 7, 2))
        strides, dil = rng.integers(1, 3, 2).tolist(), rng.integers(1, 3, 2).tolist()
        pads = rng.integers(0, 2, 4).tolist()
        out = [
            (n - ((k - 1) * d + 1) + p0 + p1) // s + 1
            for n, k, d, p0, p1, s in zip(
                (h, w), kernel, dil, pads[:2], pads[2:], strides, strict=True
            )
        ]
        if min(out) >= 1:
            break
    k = kernel[0] * kernel[1]
    feeds = {
        "x": rng.standard_normal((2, c, h, w)).astype(np.float32),
        "w": rng.standard_normal((oc, c // group, *kernel)).astype(np.float32),
        "o": (rng.standard_normal((2, og * k * 2, *out)) * 2).astype(np.float32),
    }
    if seed % 3 == 0:  # whole offsets: taps exactly on pixels, and off the image
        feeds["o"] = np.round(feeds["o"])
    names = ["x", "w", "o"]
    if seed % 2:
        feeds["b"] = rng.standard_normal(oc).astype(np.float32)
    if seed % 4 > 1:
        feeds["m"] = rng.random((2, og * k, *out)).astype(np.float32)
    names += ["b" if "b" in feeds else "", "m"] if "m" in feeds else (["b"] if "b" in feeds else [])
    attrs = dict(group=group, offset_group=og, strides=strides, dilations=dil, pads=pads)
    node = helper.make_node("DeformConv", names, ["y"], kernel_shape=kernel, **attrs)
    inputs = [
        helper.make_tensor_value_info(n, TensorProto.FLOAT, v.shape) for n, v in feeds.items()
    ]
    out_info = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    graph = helper.make_graph([node], "g", inputs, [out_info])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)], ir_version=9)
    return model, feeds


@pytest.mark.parametrize("seed", range(16))
def test_deform_conv_is_the_reference(seed):
    model, feeds = _case(seed)
    (want,) = ReferenceEvaluator(model).run(None, feeds)
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess:
        got = sess.run(values["y"], {values[n]: v for n, v in feeds.items()})
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4, strict=True)


def test_deform_conv_of_a_batch_known_only_at_run_time():
    model, feeds = _case(5)
    model.graph.input[0].type.tensor_type.shape.dim[0].dim_param = "n"
    model.graph.input[2].type.tensor_type.shape.dim[0].dim_param = "n"
    (want,) = ReferenceEvaluator(model).run(None, feeds)
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess:
        got = sess.run(values["y"], {values[n]: v for n, v in feeds.items()})
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4, strict=True)


def test_deform_conv_whose_offsets_do_not_fit_is_refused():
    model, _ = _case(1)
    model.graph.input[2].type.tensor_type.shape.dim[1].dim_value += 2
    with pytest.raises(gg.GraphgateError) as exc:
        gg.import_onnx(model)
    assert exc.value.code == "ONNX_UNSUPPORTED"


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_deform_conv_offset_that_is_not_finite_fails_the_run(bad):
    # ONNX's reference fails there too (no pixel to read); never an index error's message
    model, feeds = _case(2)
    feeds["o"][0, 0, 0, 0] = bad
    graph, values = gg.import_onnx(model)
    with pytest.raises(gg.GraphgateError) as exc, gg.Session(graph) as sess:
        sess.run(values["y"], {values[n]: v for n, v in feeds.items()})
    assert exc.value.code == "ASSERTION_FAILED"
