"""ONNX Resize: one answer whether the image size is fixed or known only at run time, and
that answer onnxruntime's; where onnxruntime and the spec disagree, a refusal.

Known residue (docs/onnx.md): onnxruntime's round_prefer_* nearest picks the other pixel
at coordinates within about 1e-6 of a half, and its antialiasing filter differs from
ONNX's reference, which graphgate follows; these cases avoid both."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper  # noqa: E402

import graphgate as gg  # noqa: E402
from graphgate.errors import GraphgateError  # noqa: E402

F = TensorProto.FLOAT
COORDS = ("half_pixel", "pytorch_half_pixel", "asymmetric", "align_corners", "half_pixel_symmetric")
NEAREST = ("round_prefer_floor", "round_prefer_ceil", "floor", "ceil")


def resize_model(dims, scales=None, sizes=None, **attrs):
    """Resize of the last two axes of [1, 2, *dims]; dims may be symbolic."""
    values, kind = ([1, 2, *sizes], TensorProto.INT64) if sizes else ([1, 1, *scales], F)
    inputs = ["x", "", "", "s"] if sizes else ["x", "", "s"]
    node = helper.make_node("Resize", inputs, ["y"], **attrs)
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("x", F, [1, 2, *dims])],
        [helper.make_tensor_value_info("y", F, None)],
        [helper.make_tensor("s", kind, [4], values)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    return model


def gg_run(model, x):
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess:
        return sess.run(values["y"], {values["x"]: x})


def ort_run(model, x):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return sess.run(None, {"x": x})[0]


def _cases():
    """Fixed-seed configurations: every mode, nearest rule and coordinate transformation,
    with scales whose float32 arithmetic matters (3 / 0.6f is 5 in float32, 4.9999998 in
    float64; 9 x 1.5 for align_corners) and random ones, and sizes."""
    rng = np.random.default_rng(7)
    cases = []
    for i in range(60):
        attrs = {"coordinate_transformation_mode": COORDS[i % 5]}
        mode = ("nearest", "linear", "cubic")[(i // 5) % 3]
        attrs["mode"] = mode
        if mode == "nearest":
            attrs["nearest_mode"] = NEAREST[(i // 15) % 4]
        if mode == "cubic":
            attrs |= {"cubic_coeff_a": (-0.75, -0.5)[i % 2], "exclude_outside": (i // 15) % 2}
        dims = [int(rng.integers(2, 12)), int(rng.integers(2, 12))]
        if i % 3 == 0:
            sizes = [int(rng.integers(1, 20)), int(rng.integers(1, 20))]
            cases.append((dims, None, sizes, attrs))
            continue
        fixed = [(3, 0.6), (9, 1.5), (4, 0.6), (5, 2.0), (7, 0.5)][i % 5]
        if i % 3 == 1:
            dims[1] = fixed[0]
            scales = [float(np.float32(rng.uniform(0.3, 3))), fixed[1]]
        else:
            scales = [2.0, float(np.float32(rng.integers(1, 13) / rng.integers(1, 13)))]
        if all(int(np.float32(s) * n) == n for s, n in zip(scales, dims, strict=True)):
            scales[0] = 2.0  # a scale that changes no length is refused (below)
        cases.append((dims, scales, None, attrs))
    return cases


@pytest.mark.parametrize("dims, scales, sizes, attrs", _cases())
def test_fixed_and_run_time_image_sizes_give_onnxruntime_s_answer(dims, scales, sizes, attrs):
    x = np.random.default_rng(3).standard_normal((1, 2, *dims)).astype(np.float32)
    try:
        fixed = gg_run(resize_model(dims, scales, sizes, **attrs), x)
    except GraphgateError as e:
        # Refused where onnxruntime's float32 length is not the spec's: so is the run.
        assert "float32 product" in str(e.details), e.details
        with pytest.raises(GraphgateError, match="float32 length"):
            gg_run(resize_model(["h", "w"], scales, sizes, **attrs), x)
        return
    dynamic = gg_run(resize_model(["h", "w"], scales, sizes, **attrs), x)
    # one kernel: the same pixels and weights (summed by a matmul for fixed cubic and small
    # linear resizes, by gathers otherwise)
    np.testing.assert_allclose(fixed, dynamic, rtol=1e-6, atol=1e-6)
    if attrs["mode"] == "nearest":
        np.testing.assert_array_equal(fixed, dynamic)
    want = ort_run(resize_model(dims, scales, sizes, **attrs), x)
    assert fixed.shape == want.shape
    np.testing.assert_allclose(fixed, want, rtol=1e-6, atol=1e-6)


def test_nearest_picks_onnxruntime_s_float32_pixel_with_a_fixed_image_too():
    # 3 / 0.6f: 5 in float32 (onnxruntime), 4.9999998 in float64 (ONNX's reference).
    model = resize_model([2, 3], [1.0, 0.6], mode="nearest", nearest_mode="floor")
    x = np.arange(12, dtype=np.float32).reshape(1, 2, 2, 3)
    np.testing.assert_array_equal(gg_run(model, x), ort_run(model, x))


def test_align_corners_divides_by_the_resized_length():
    # 9 x 1.5 = 13.5 -> 13 pixels: output 12 reads input 8, the last (the reference's
    # 12 x 8 / 12.5 would read 7.68).
    model = resize_model(
        [1, 9], [1.0, 1.5], mode="linear", coordinate_transformation_mode="align_corners"
    )
    x = np.arange(18, dtype=np.float32).reshape(1, 2, 1, 9)
    got = gg_run(model, x)
    assert got[0, 0, 0, -1] == 8.0
    np.testing.assert_allclose(got, ort_run(model, x), rtol=1e-6)


def test_a_length_onnxruntime_rounds_past_the_spec_s_is_refused_or_fails_the_run():
    # 6 x float32(17/6) = 16.9999995: the spec (and ONNX's shape inference) say 16 pixels,
    # onnxruntime's float32 product says 17.
    scales = [1.0, float(np.float32(17 / 6))]
    with pytest.raises(GraphgateError) as e:
        gg.import_onnx(resize_model([2, 6], scales, mode="nearest"))
    assert e.value.code == "ONNX_UNSUPPORTED"
    assert "onnxruntime's float32 product gives 17" in str(e.value.details)
    x = np.ones((1, 2, 2, 6), np.float32)
    with pytest.raises(GraphgateError, match="float32 length") as e:
        gg_run(resize_model(["h", "w"], scales, mode="nearest"), x)
    assert e.value.code == "ASSERTION_FAILED"
    # the same model over a length where both agree runs
    assert gg_run(
        resize_model(["h", "w"], scales, mode="nearest"), np.ones((1, 2, 2, 3), np.float32)
    ).shape == (1, 2, 2, 8)


def test_a_scale_that_changes_no_length_is_refused_or_fails_the_run():
    # 7 x 1.125 -> 7: onnxruntime copies the input, the spec interpolates by 1.125.
    scales = [1.0, 1.125]
    with pytest.raises(GraphgateError) as e:
        gg.import_onnx(resize_model([2, 7], scales, mode="linear"))
    assert "leaves every length unchanged" in str(e.value.details)
    dynamic = resize_model(["h", "w"], scales, mode="linear")
    with pytest.raises(GraphgateError, match="leaves every length unchanged"):
        gg_run(dynamic, np.ones((1, 2, 2, 7), np.float32))
    x = np.random.default_rng(5).standard_normal((1, 2, 2, 8)).astype(np.float32)  # 9 pixels
    want = ort_run(resize_model([2, 8], scales, mode="linear"), x)
    np.testing.assert_allclose(gg_run(dynamic, x), want, rtol=1e-6, atol=1e-6)


def test_a_crop_box_on_an_axis_that_is_not_resized_is_refused():
    # onnxruntime copies an axis whose scale is 1 and ignores its crop box; the spec crops.
    node = helper.make_node(
        "Resize",
        ["x", "roi", "s"],
        ["y"],
        mode="linear",
        coordinate_transformation_mode="tf_crop_and_resize",
    )
    roi = np.array([0, 0, 0.2, 0.3, 1, 1, 0.6, 0.9], np.float32)
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("x", F, [1, 2, 8, 5])],
        [helper.make_tensor_value_info("y", F, None)],
        [
            onnx.numpy_helper.from_array(roi, "roi"),
            onnx.numpy_helper.from_array(np.array([1, 1, 0.5, 1], np.float32), "s"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    x = np.arange(80, dtype=np.float32).reshape(1, 2, 8, 5)
    row = ort_run(model, x)[0, 0, 0]
    np.testing.assert_allclose(row - row[0], [0, 1, 2, 3, 4])  # W whole, its box ignored
    with pytest.raises(GraphgateError) as e:
        gg.import_onnx(model)
    assert "crop box on an axis it does not resize" in str(e.value.details)


@pytest.mark.parametrize("opset, op", [(7, "Upsample"), (9, "Upsample"), (10, "Resize")])
@pytest.mark.parametrize("mode", ["nearest", "linear"])
@pytest.mark.parametrize("scales", [[1, 1, 2.0, 1.7], [1, 1, 0.5, 0.6]])
def test_upsample_and_resize_10_keep_their_coordinates_through_the_version_converter(
    opset, op, mode, scales
):
    # The converter's Resize-11 defaults to half_pixel and rounding; Upsample and Resize-10
    # divide by the scale and truncate (onnxruntime: ceil where an axis is downsampled).
    if op == "Upsample" and min(scales) < 1:
        pytest.skip("Upsample's scales are at least 1")
    if opset < 9:
        node = helper.make_node(op, ["x"], ["y"], mode=mode, scales=scales)
        inits = []
    else:
        node = helper.make_node(op, ["x", "s"], ["y"], mode=mode)
        inits = [helper.make_tensor("s", F, [4], scales)]
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("x", F, [1, 2, 4, 5])],
        [helper.make_tensor_value_info("y", F, None)],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 4
    x = np.random.default_rng(9).standard_normal((1, 2, 4, 5)).astype(np.float32)
    want = ort_run(model, x)
    np.testing.assert_allclose(gg_run(model, x), want, rtol=1e-6, atol=1e-6)
