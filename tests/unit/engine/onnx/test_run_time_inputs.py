"""Inputs graphgate once needed at import (axes, k, steps), fed as graph inputs instead, as
ONNX's backend tests and a model exported with them as inputs feed them: each run equals
onnx's reference evaluator, over fixed-seed draws. No onnxruntime needed."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")

from onnx import TensorProto, helper  # noqa: E402
from onnx.reference import ReferenceEvaluator  # noqa: E402

import graphgate as gg  # noqa: E402
from graphgate.onnx import check_onnx  # noqa: E402

I64 = np.int64
_CODES = {np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.float16): TensorProto.FLOAT16}
_CODES |= {np.dtype(I64): TensorProto.INT64, np.dtype(np.int32): TensorProto.INT32}
_CODES |= {np.dtype(bool): TensorProto.BOOL, np.dtype(np.float64): TensorProto.DOUBLE}


def _model(op, feeds: dict, opset: int = 18, **attrs):
    """One `op` node over graph inputs named as `feeds` (in order), output y."""
    node = helper.make_node(op, list(feeds), ["y"], **attrs)
    inputs = [
        helper.make_tensor_value_info(n, _CODES[np.asarray(v).dtype], np.shape(v))
        for n, v in feeds.items()
    ]
    out = helper.make_tensor_value_info("y", inputs[0].type.tensor_type.elem_type, None)
    graph = helper.make_graph([node], "g", inputs, [out])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 9
    return model


def _run(model, feeds: dict):
    assert check_onnx(model).ok  # nothing to bind: every input comes with the run
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess:
        return sess.run(values["y"], {values[n]: v for n, v in feeds.items()})


def _check(op, feeds: dict, opset: int = 18, **attrs):
    model = _model(op, feeds, opset, **attrs)
    (want,) = ReferenceEvaluator(model).run(None, feeds)
    got = _run(model, feeds)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


def _slices():
    rng = np.random.default_rng(5)
    bounds = [-9, -4, -3, -1, 0, 1, 2, 4, 9, -(2**63)]
    out = []
    for _ in range(40):
        n = int(rng.integers(1, 4))
        axes = rng.permutation(3)[:n] - rng.integers(0, 2, n) * 3  # some negative
        steps = rng.choice([-3, -2, -1, 1, 2, 3], n)
        starts = rng.choice(bounds[:-1], n)
        ends = np.where(rng.random(n) < 0.15, bounds[-1], rng.choice(bounds[:-1], n))
        out.append([np.asarray(v, I64) for v in (starts, ends, axes, steps)])
    return out


def _spec_slice(x, starts, ends, axes, steps):
    """The spec's words: negative bounds count from the end, then are clamped into
    [0, dim] (a positive step) or, a negative step, the start into [0, dim - 1] and the end
    into [-1, dim - 1]. onnxruntime agrees; onnx's reference evaluator slices as numpy,
    where a negative step from before index 0 selects nothing."""
    for s, e, a, st in zip(starts, ends, axes, steps, strict=True):
        d = x.shape[a]
        s, e = (int(v) + d if v < 0 else int(v) for v in (s, e))
        lo, hi = (0, d) if st > 0 else (-1, d - 1)
        s, e = min(max(s, 0), hi), min(max(e, lo), hi)
        x = np.take(x, np.arange(s, e, st, dtype=I64), axis=a)
    return x


@pytest.mark.parametrize("k", range(40))
def test_slice_with_every_input_fed(k):
    x = np.arange(4 * 5 * 3, dtype=np.float32).reshape(4, 5, 3)
    starts, ends, axes, steps = _slices()[k]
    feeds = {"x": x, "s": starts, "e": ends, "a": axes, "st": steps}
    got = _run(_model("Slice", feeds), feeds)
    np.testing.assert_array_equal(got, _spec_slice(x, starts, ends, axes, steps), strict=True)
    # The same slice with its bounds known at import answers the same.
    model = _model("Slice", {"x": x})
    for name, v in list(feeds.items())[1:]:
        model.graph.initializer.append(onnx.numpy_helper.from_array(v, name))
        model.graph.node[0].input.append(name)
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess:
        np.testing.assert_array_equal(sess.run(values["y"], {values["x"]: x}), got, strict=True)


def test_the_spec_slice_is_the_reference_evaluators_but_before_index_0():
    x = np.arange(4 * 5 * 3, dtype=np.float32).reshape(4, 5, 3)
    differ = []
    for k, (starts, ends, axes, steps) in enumerate(_slices()):
        feeds = {"x": x, "s": starts, "e": ends, "a": axes, "st": steps}
        (want,) = ReferenceEvaluator(_model("Slice", feeds)).run(None, feeds)
        if want.shape != _spec_slice(x, starts, ends, axes, steps).shape:
            differ.append(k)
    assert differ == [5, 7, 23, 25]  # each a negative step from before index 0


def test_slice_with_fed_bounds_and_a_negative_step():
    # Run-time starts and ends with static axes and steps, one negative: gathered too.
    x = np.arange(24, dtype=np.float32).reshape(4, 6)
    feeds = {"x": x, "s": np.array([-1, 1], I64), "e": np.array([-100, 5], I64)}
    model = _model("Slice", {**feeds, "a": np.array([0, 1], I64)})
    axes_steps = [
        helper.make_tensor(n, TensorProto.INT64, [2], v)
        for n, v in (("a", [0, 1]), ("st", [-1, 2]))
    ]
    model.graph.initializer.extend(axes_steps)
    del model.graph.input[3:]
    model.graph.node[0].input.append("st")
    np.testing.assert_array_equal(_run(model, feeds), x[::-1, 1:5:2])


@pytest.mark.parametrize("length", [None, [None]])
def test_fed_slice_bounds_of_a_length_unknown_at_import_are_refused(length):
    # Bounds of an unknown rank were read as naming no axis: the input came back
    # unsliced (3x4 where onnxruntime answers 1x4), whatever the run fed.
    feeds = {"x": np.zeros((3, 4), np.float32), "s": np.array([1], I64)}
    feeds["e"] = np.array([2], I64)
    model = _model("Slice", feeds)
    for value in model.graph.input[1:]:
        value.type.tensor_type.ClearField("shape")
        if length is not None:
            value.type.tensor_type.shape.dim.add().dim_param = "n"
    with pytest.raises(gg.GraphgateError) as exc:
        gg.import_onnx(model)
    assert exc.value.code == "ONNX_UNSUPPORTED"
    assert "length unknown at import" in exc.value.message


@pytest.mark.parametrize(
    "end, axes, steps",
    [
        # The spec selects nothing, onnxruntime reads "through index 0": as at import, no
        # answer rather than either guess.
        ([2**63 - 1, 9], [0, 1], [-1, 1]),
        ([1, 9], [0, 1], [0, 1]),  # a step of 0
        ([1, 9], [1, -1], [1, 1]),  # a repeated axis
        ([1, 9], [0, 2], [1, 1]),  # an axis out of range
    ],
)
def test_fed_slices_onnx_calls_errors_fail_the_run(end, axes, steps):
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    feeds = {"x": x, "s": np.array([1, 0], I64), "e": np.array(end, I64)}
    feeds |= {"a": np.array(axes, I64), "st": np.array(steps, I64)}
    with pytest.raises(gg.GraphgateError) as exc:
        _run(_model("Slice", feeds), feeds)
    assert exc.value.code == "ASSERTION_FAILED"


_REDUCTIONS = [
    "ReduceSum",
    "ReduceMean",
    "ReduceMax",
    "ReduceMin",
    "ReduceProd",
    "ReduceLogSumExp",
    "ReduceL1",
    "ReduceL2",
    "ReduceSumSquare",
    "ReduceLogSum",
]


@pytest.mark.parametrize("op", _REDUCTIONS)
@pytest.mark.parametrize("axes", [[1], [-1, 0], [0, 1, 2], []])
@pytest.mark.parametrize("keepdims", [0, 1])
def test_reductions_over_fed_axes(op, axes, keepdims):
    x = np.random.default_rng(3).uniform(0.5, 2, (2, 3, 4)).astype(np.float32)
    _check(op, {"x": x, "axes": np.asarray(axes, I64)}, 18, keepdims=keepdims)


def test_a_reduction_over_fed_axes_keeps_its_rank_for_the_next_node():
    x = np.ones((2, 3, 4), np.float32)
    feeds = {"x": x, "axes": np.array([1], I64)}
    _, values = gg.import_onnx(_model("ReduceSum", feeds, keepdims=0))
    assert values["y"].shape.rank == 2


def test_a_repeated_fed_axis_is_an_error_not_a_number():
    feeds = {"x": np.ones((2, 3), np.float32), "axes": np.array([1, -1], I64)}
    with pytest.raises(gg.GraphgateError) as exc:
        _run(_model("ReduceSum", feeds), feeds)
    assert exc.value.code == "INVALID_ATTR"


@pytest.mark.parametrize("upper", [0, 1])
@pytest.mark.parametrize("k", [-7, -1, 0, 2, 9])
def test_trilu_with_a_fed_k(upper, k):
    x = np.arange(3 * 4 * 5, dtype=np.float32).reshape(3, 4, 5)
    _check("Trilu", {"x": x, "k": np.array(k, I64)}, 14, upper=upper)


@pytest.mark.parametrize("op", ["CumSum", "CumProd"])
@pytest.mark.parametrize("axis", [0, 1, -1, -2])
@pytest.mark.parametrize("exclusive, reverse", [(0, 0), (1, 0), (0, 1), (1, 1)])
def test_cumulative_ops_along_a_fed_axis(op, axis, exclusive, reverse):
    x = np.random.default_rng(2).uniform(0.5, 1.5, (3, 4)).astype(np.float32)
    axis_dtype = I64 if axis % 2 else np.int32
    feeds = {"x": x, "axis": np.array(axis, axis_dtype)}
    _check(op, feeds, 26 if op == "CumProd" else 14, exclusive=exclusive, reverse=reverse)


def test_a_float16_range_of_fed_bounds():
    feeds = {n: np.array(v, np.float16) for n, v in (("s", 1.5), ("l", 7.1), ("d", 0.7))}
    _check("Range", feeds, 27)


@pytest.mark.parametrize(
    "bounds", [(0, 5, -1), (5, 0, 1), (3, 3, 1), (3, 3, -1), (-5, 5, 3), (0.0, 1.0, -0.5)]
)
def test_a_range_of_fed_bounds_behind_its_start_is_empty(bounds):
    # ONNX's length is max(ceil((limit - start) / delta), 0): onnxruntime and the reference
    # answer []; the engine's (TF's) range refused it (round 20: "Requires start >= limit")
    dtype = np.float32 if isinstance(bounds[0], float) else I64
    _check("Range", {n: np.array(v, dtype) for n, v in zip("sld", bounds, strict=True)}, 17)


@pytest.mark.parametrize("axes", [[0], [-1], [3, 0], [1, -2, 2], [-4, 3], [2, 0, 4, 1, 3, 5]])
def test_unsqueeze_at_fed_axes(axes):
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    _check("Unsqueeze", {"x": x, "axes": np.asarray(axes, I64)}, 13)


@pytest.mark.parametrize("axes", [[0], [-1], [2, 0], [0, -1, 2], []])
def test_squeeze_at_fed_axes(axes):
    x = np.arange(6, dtype=np.float32).reshape(1, 2, 1, 3, 1)
    _check("Squeeze", {"x": x, "axes": np.asarray(axes, I64)}, 13)


@pytest.mark.parametrize(
    "op, x, axes",
    [
        ("Squeeze", np.ones((1, 2)), [1]),  # not a dim of 1
        ("Squeeze", np.ones((1, 1)), [0, -2]),  # repeated
        ("Squeeze", np.ones((1, 1)), [2]),  # out of range
        ("Unsqueeze", np.ones((2,)), [1, -2]),  # repeated
        ("Unsqueeze", np.ones((2,)), [3]),  # out of range
    ],
)
def test_fed_axes_that_name_no_answer_fail_the_run(op, x, axes):
    feeds = {"x": x.astype(np.float32), "axes": np.asarray(axes, I64)}
    with pytest.raises(gg.GraphgateError) as exc:
        _run(_model(op, feeds, 13), feeds)
    assert exc.value.code == "ASSERTION_FAILED"


def _split_model(n: int, axis: int, shape):
    node = helper.make_node("Split", ["x", "s"], [f"y{i}" for i in range(n)], axis=axis)
    graph = helper.make_graph(
        [node],
        "g",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, shape),
            helper.make_tensor_value_info("s", TensorProto.INT64, [n]),
        ],
        [helper.make_tensor_value_info(f"y{i}", TensorProto.FLOAT, None) for i in range(n)],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=9)


@pytest.mark.parametrize("sizes, axis", [([1, 4, 0, 2], 1), ([3, 0], 0), ([0, 7, 0], -1)])
def test_split_by_fed_sizes(sizes, axis):
    x = np.arange(21, dtype=np.float32).reshape(3, 7)
    model = _split_model(len(sizes), axis, [3, 7])
    assert check_onnx(model).ok
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess:
        got = sess.run([values[f"y{i}"] for i in range(len(sizes))], {"x:0": x, "s:0": sizes})
    want = np.split(x, np.cumsum(sizes)[:-1], axis)
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, w, strict=True)


@pytest.mark.parametrize("sizes", [[2, 4], [8, -1]])
def test_fed_split_sizes_off_the_axis_length_fail_the_run(sizes):
    graph, values = gg.import_onnx(_split_model(2, 1, [3, 7]))
    with gg.Session(graph) as sess, pytest.raises(gg.GraphgateError) as exc:
        sess.run(values["y0"], {"x:0": np.ones((3, 7), np.float32), "s:0": sizes})
    assert exc.value.code == "ASSERTION_FAILED"


def _resize_cases():
    rng = np.random.default_rng(9)
    modes = [("nearest", m) for m in ("round_prefer_floor", "round_prefer_ceil", "floor", "ceil")]
    modes += [("linear", None), ("cubic", None)]
    coords = ["half_pixel", "pytorch_half_pixel", "asymmetric", "align_corners"]
    coords += ["half_pixel_symmetric"]
    out = []
    for k in range(36):
        mode, nearest = modes[k % len(modes)]
        scales = rng.choice([0.5, 0.6, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0], 2).astype(np.float32)
        out.append((mode, nearest, coords[k % len(coords)], scales))
    return out


@pytest.mark.parametrize("k", range(36))
def test_resize_by_fed_scales_equals_resize_by_constant_scales(k):
    mode, nearest, coords, scales = _resize_cases()[k]
    x = np.random.default_rng(k).standard_normal((1, 2, 5, 7)).astype(np.float32)
    attrs = {"mode": mode, "coordinate_transformation_mode": coords}
    attrs |= {"nearest_mode": nearest} if nearest else {}
    node = helper.make_node("Resize", ["x", "", "s"], ["y"], axes=[2, 3], **attrs)
    scales_in = helper.make_tensor_value_info("s", TensorProto.FLOAT, [2])
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape), scales_in],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)], ir_version=9)
    try:
        graph_c, values = gg.import_onnx(model, bind={"s": scales})
    except gg.GraphgateError as exc:  # a length where onnxruntime and the spec differ
        assert exc.code == "ONNX_UNSUPPORTED"
        with pytest.raises(gg.GraphgateError) as run_exc:
            _run(model, {"x": x, "s": scales})
        assert run_exc.value.code == "ASSERTION_FAILED"
        return
    with gg.Session(graph_c) as sess:
        want = sess.run(values["y"], {values["x"]: x})
    got = _run(model, {"x": x, "s": scales})
    assert got.shape == want.shape
    if mode == "nearest":
        np.testing.assert_array_equal(got, want)
    else:  # the same taps, summed by a matmul at import and by gathers at run time
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_resize_by_fed_scales_of_one_is_the_input():
    x = np.arange(6, dtype=np.float32).reshape(1, 1, 2, 3)
    feeds = {"x": x, "r": np.zeros(0, np.float32), "s": np.ones(4, np.float32)}
    model = _model("Resize", feeds, 19, mode="linear")
    np.testing.assert_array_equal(_run(model, feeds), x)


def test_resize_by_fed_scales_that_change_no_length_fails_the_run():
    # 5 x 1.125 and 7 x 1.1 floor to 5 and 7: onnxruntime copies the input, the spec
    # interpolates; refused at import with constant scales, failed here.
    x = np.ones((1, 1, 5, 7), np.float32)
    feeds = {"x": x, "r": np.zeros(0, np.float32), "s": np.array([1, 1, 1.125, 1.1], np.float32)}
    with pytest.raises(gg.GraphgateError) as exc:
        _run(_model("Resize", feeds, 19, mode="linear"), feeds)
    assert exc.value.code == "ASSERTION_FAILED"


def _nms_feeds(seed: int, limit: int, iou: float, floor: float) -> dict:
    rng = np.random.default_rng(seed)
    corners = rng.uniform(0, 10, (2, 12, 2, 2)).astype(np.float32)
    boxes = np.concatenate([corners.min(2), corners.max(2) + 0.5], -1).reshape(2, 12, 4)
    scores = rng.uniform(0, 1, (2, 3, 12)).astype(np.float32)
    scores[0, 0, :4] = 0.5  # ties: the lower index first
    return {
        "boxes": boxes,
        "scores": scores,
        "limit": np.array([limit], I64),
        "iou": np.array([iou], np.float32),
        "floor": np.array([floor], np.float32),
    }


@pytest.mark.parametrize(
    "limit, iou, floor", [(3, 0.3, 0.2), (0, 0.5, 0.0), (2**63 - 1, 0.0, -1.0), (5, 1.0, 0.6)]
)
def test_non_max_suppression_with_fed_limits_equals_the_bound(limit, iou, floor):
    feeds = _nms_feeds(limit % 7, limit, iou, floor)
    model = _model("NonMaxSuppression", feeds, 13)
    model.graph.output[0].type.tensor_type.elem_type = TensorProto.INT64
    got = _run(model, feeds)
    graph, values = gg.import_onnx(model, bind={k: feeds[k] for k in ("limit", "iou", "floor")})
    with gg.Session(graph) as sess:
        want = sess.run(values["y"], {values[k]: feeds[k] for k in ("boxes", "scores")})
    np.testing.assert_array_equal(got, want, strict=True)
    (reference,) = ReferenceEvaluator(model).run(None, feeds)
    np.testing.assert_array_equal(got, reference)


def test_a_fed_iou_threshold_outside_0_1_fails_the_run():
    feeds = _nms_feeds(0, 3, 1.5, 0.0)
    model = _model("NonMaxSuppression", feeds, 13)
    model.graph.output[0].type.tensor_type.elem_type = TensorProto.INT64
    with pytest.raises(gg.GraphgateError) as exc:
        _run(model, feeds)
    assert exc.value.code == "ASSERTION_FAILED"


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_one_hot_with_fed_depth_and_values(axis):
    feeds = {
        "i": np.array([[0, -1, 3], [7, 2, -4]], I64),
        "depth": np.array(5, I64),
        "v": np.array([-2.5, 4.0], np.float32),
    }
    model = _model("OneHot", feeds, 11, axis=axis)
    model.graph.output[0].type.tensor_type.elem_type = TensorProto.FLOAT
    (want,) = ReferenceEvaluator(model).run(None, feeds)
    np.testing.assert_array_equal(_run(model, feeds), want, strict=True)


@pytest.mark.parametrize(
    "shape, axes",
    [([2, 9, 2], None), ([5, 1, 6], None), ([6, 2], [0, 2]), ([1, 8], [-1, 1]), ([3], [-2])],
)
def test_center_crop_pad_to_a_fed_shape(shape, axes):
    x = np.arange(4 * 5 * 3, dtype=np.float32).reshape(4, 5, 3)
    feeds = {"x": x, "shape": np.array(shape, I64)}
    _check("CenterCropPad", feeds, 18, **({} if axes is None else {"axes": axes}))


@pytest.mark.parametrize("mode", ["constant", "edge", "reflect", "wrap"])
@pytest.mark.parametrize("pads, axes", [([1, 2, 0, 1], [0, -1]), ([2, -1], [-2]), ([0, 0], [1])])
def test_pad_on_fed_axes(mode, pads, axes):
    x = np.arange(4 * 5, dtype=np.float32).reshape(4, 5)
    feeds = {"x": x, "p": np.array(pads, I64), "v": np.array(7, np.float32)}
    feeds["a"] = np.array(axes, I64)
    if min(pads) >= 0:
        _check("Pad", feeds, 18, mode=mode)
    # The same pads and axes known at import (the reference evaluator takes no negative
    # pads): the same numbers.
    model = _model("Pad", feeds, 18, mode=mode)
    graph, values = gg.import_onnx(model, bind={"a": feeds["a"]})
    with gg.Session(graph) as sess:
        want = sess.run(values["y"], {values[k]: feeds[k] for k in ("x", "p", "v")})
    np.testing.assert_array_equal(_run(model, feeds), want, strict=True)


def test_pad_on_a_fed_repeated_axis_fails_the_run():
    feeds = {"x": np.ones((2, 3), np.float32), "p": np.array([1, 1, 1, 1], I64)}
    feeds |= {"v": np.array(0, np.float32), "a": np.array([1, -1], I64)}
    with pytest.raises(gg.GraphgateError) as exc:
        _run(_model("Pad", feeds, 18), feeds)
    assert exc.value.code == "ASSERTION_FAILED"


@pytest.mark.parametrize("op", ["HannWindow", "HammingWindow", "BlackmanWindow"])
@pytest.mark.parametrize("periodic", [0, 1])
@pytest.mark.parametrize("size, dtype", [(1, 1), (7, 1), (64, 1), (10, 11)])
def test_a_window_of_a_fed_length_is_the_import_time_one(op, periodic, size, dtype):
    feeds = {"n": np.array(size, I64)}
    model = _model(op, feeds, 17, periodic=periodic, output_datatype=dtype)
    model.graph.output[0].type.tensor_type.elem_type = dtype
    graph, values = gg.import_onnx(model, bind=feeds)  # ONNX's reference, run at import
    with gg.Session(graph) as sess:
        want = sess.run(values["y"])
    got = _run(model, feeds)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)  # the same float64 steps, the same cast


def test_a_window_of_a_fed_length_below_1_fails_the_run():
    feeds = {"n": np.array(0, I64)}
    model = _model("HannWindow", feeds, 17)
    model.graph.output[0].type.tensor_type.elem_type = TensorProto.FLOAT
    with pytest.raises(gg.GraphgateError) as exc:
        _run(model, feeds)
    assert exc.value.code == "ASSERTION_FAILED"


@pytest.mark.parametrize("align_corners", [0, 1])
@pytest.mark.parametrize("size", [[2, 1, 3, 5], [1, 3, 1, 4], [2, 1, 2, 3, 4], [1, 1, 7, 6]])
def test_affine_grid_of_a_fed_size(align_corners, size):
    k = len(size) - 2
    theta = np.random.default_rng(len(size)).uniform(-1, 1, (size[0], k, k + 1))
    feeds = {"theta": theta.astype(np.float32), "size": np.array(size, I64)}
    model = _model("AffineGrid", feeds, 20, align_corners=align_corners)
    (want,) = ReferenceEvaluator(model).run(None, feeds)
    got = _run(model, feeds)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-7)  # float64 steps, one rounding


def _dft_model(x, length: int, axis: int, **attrs):
    """DFT-20 of x fed, its length an initializer (needed at import), its axis fed."""
    model = _model("DFT", {"x": x, "n": np.array(0, I64), "axis": np.array(axis, I64)}, 20)
    model.graph.node[0].attribute.extend(helper.make_attribute(k, v) for k, v in attrs.items())
    del model.graph.input[1]
    model.graph.initializer.append(onnx.numpy_helper.from_array(np.array(length, I64), "n"))
    return model, {"x": x, "axis": np.array(axis, I64)}


@pytest.mark.parametrize("axis", [0, 1, 2, -2, -3])
@pytest.mark.parametrize("inverse, onesided", [(0, 0), (1, 0), (0, 1)])
def test_dft_along_a_fed_axis_is_the_one_along_that_axis_known_at_import(axis, inverse, onesided):
    x = np.random.default_rng(4).standard_normal((3, 4, 5, 1)).astype(np.float32)
    model, feeds = _dft_model(x, 4, axis, inverse=inverse, onesided=onesided)
    got = _run(model, feeds)
    graph, values = gg.import_onnx(model, bind={"axis": feeds["axis"]})
    with gg.Session(graph) as sess:
        want = sess.run(values["y"], {values["x"]: x})
    np.testing.assert_array_equal(got, want, strict=True)


@pytest.mark.parametrize("axis", [3, -1, 4, -5])
def test_dft_along_a_fed_axis_it_cannot_take_fails_the_run(axis):
    model, feeds = _dft_model(np.ones((2, 3, 5, 2), np.float32), 3, axis)
    with pytest.raises(gg.GraphgateError) as exc:
        _run(model, feeds)
    assert exc.value.code == "ASSERTION_FAILED"


def test_a_one_sided_inverse_dft_of_one_point_is_refused_not_a_traceback():
    # numpy's irfft of 0 points raised a bare ValueError out of the import (ONNX's
    # reference fails so too): now the node is refused with its reason.
    feeds = {"x": np.ones((2, 1, 2), np.float32)}
    model = _model("DFT", feeds, 17, inverse=1, onesided=1, axis=1)
    with pytest.raises(gg.GraphgateError) as exc:
        gg.import_onnx(model)
    assert exc.value.code == "ONNX_UNSUPPORTED"


def test_an_initializer_listed_as_an_input_is_not_fed_to_half_its_readers():
    # GIVEN an initializer among the graph inputs (a default onnxruntime lets a run
    # override), read by a Reshape (folded at import) and by an Add (a constant)
    vi = helper.make_tensor_value_info
    nodes = [
        helper.make_node("Reshape", ["x", "s"], ["y"]),
        helper.make_node("Add", ["n", "s"], ["u"]),
    ]
    inputs = [vi("x", TensorProto.FLOAT, [2, 3]), vi("n", TensorProto.INT64, [2])]
    inputs.append(vi("s", TensorProto.INT64, [2]))
    outputs = [vi("y", TensorProto.FLOAT, None), vi("u", TensorProto.INT64, None)]
    default = helper.make_tensor("s", TensorProto.INT64, [2], [3, 2])
    graph = helper.make_graph(nodes, "g", inputs, outputs, initializer=[default])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    graph, values = gg.import_onnx(model)
    feeds = {values["x"]: np.arange(6, dtype=np.float32).reshape(2, 3), values["n"]: [0, 0]}
    with gg.Session(graph) as sess:
        # THEN the default answers
        y, u = sess.run([values["y"], values["u"]], feeds)
        assert y.shape == (3, 2) and u.tolist() == [3, 2]
        # AND a feed of the input by its name is refused: it reached the Add and not the
        # Reshape (u [1, 6] beside y of shape [3, 2], where onnxruntime reshapes to [1, 6])
        with pytest.raises(gg.GraphgateError) as exc:
            sess.run([values["y"], values["u"]], {**feeds, "s:0": np.array([1, 6], I64)})
        assert exc.value.code == "UNKNOWN_FEED"


def _bound_and_fed(model, feeds: dict, bind: tuple):
    """The model run with `bind`'s inputs given at import, and with all of them fed."""
    graph, values = gg.import_onnx(model, bind={n: feeds[n] for n in bind})
    with gg.Session(graph) as sess:
        want = sess.run(values["y"], {values[n]: v for n, v in feeds.items() if n not in bind})
    return want, _run(model, feeds)


# A larger output_shape, where the reference and onnxruntime part, is pinned to
# onnxruntime's answers by test_max_unpool.py, fed and bound.
@pytest.mark.parametrize("target", [[2, 3, 4, 4]])
def test_max_unpool_to_a_fed_output_shape(target):
    x = np.random.default_rng(6).standard_normal((2, 3, 2, 2)).astype(np.float32)
    index = (
        np.array([0, 3, 9, 14] * 6, I64).reshape(2, 3, 2, 2) + np.arange(6).reshape(2, 3, 1, 1) * 16
    )
    feeds = {"x": x, "i": index, "s": np.array(target, I64)}
    _check("MaxUnpool", feeds, 11, kernel_shape=[2, 2], strides=[2, 2])


# smaller than the unpooled input or of other planes: the run fails, as onnxruntime's;
# of another rank: refused at import
@pytest.mark.parametrize(
    "target, code",
    [
        ([2, 3, 3, 4], "ASSERTION_FAILED"),
        ([3, 4, 6, 5], "ASSERTION_FAILED"),
        ([2, 3, 4], "ONNX_UNSUPPORTED"),
    ],
)
def test_max_unpool_to_a_fed_output_shape_it_cannot_take_fails(target, code):
    x = np.ones((2, 3, 2, 2), np.float32)
    index = np.zeros((2, 3, 2, 2), I64)
    feeds = {"x": x, "i": index, "s": np.array(target, I64)}
    model = _model("MaxUnpool", feeds, 11, kernel_shape=[2, 2], strides=[2, 2])
    with pytest.raises(gg.GraphgateError) as exc:
        graph, values = gg.import_onnx(model)
        with gg.Session(graph) as sess:
            sess.run(values["y"], {values[n]: v for n, v in feeds.items()})
    assert exc.value.code == code


def _resize_feeds(seed: int, roi=None, sizes=None):
    x = np.random.default_rng(seed).standard_normal((1, 2, 5, 7)).astype(np.float32)
    roi = np.zeros(0, np.float32) if roi is None else np.asarray(roi, np.float32)
    return {"x": x, "r": roi, "s": np.zeros(0, np.float32), "z": np.asarray(sizes, I64)}


@pytest.mark.parametrize("policy", ["not_larger", "not_smaller"])
@pytest.mark.parametrize("sizes", [[1, 2, 3, 3], [1, 2, 9, 20], [1, 2, 4, 14], [1, 2, 2, 2]])
def test_resize_keeping_the_aspect_ratio_of_fed_sizes(policy, sizes):
    feeds = _resize_feeds(7, sizes=sizes)
    model = _model("Resize", feeds, 19, mode="nearest", keep_aspect_ratio_policy=policy)
    want, got = _bound_and_fed(model, feeds, ("r", "s", "z"))
    np.testing.assert_array_equal(got, want, strict=True)


def _crop_cases():
    rng = np.random.default_rng(8)
    out = []
    for k in range(24):
        box = rng.uniform(-0.4, 1.4, (2, 2))
        box = np.round(box * 4) / 4 if k % 3 == 0 else box
        sizes = [1, 2, *rng.integers(1, 10, 2)]
        out.append(("linear" if k % 2 else "cubic", box, sizes, float(k % 4 == 0) * 9.0))
    return out


@pytest.mark.parametrize("k", range(24))
def test_resize_tf_crop_and_resize_with_a_fed_box_and_sizes_is_the_bound_one(k):
    # the bound path is ONNX's reference's matrices; fed, onnxruntime's float32 positions
    mode, box, sizes, extrapolation = _crop_cases()[k]
    roi = [0, 0, box[0, 0], box[1, 0], 1, 1, box[0, 1], box[1, 1]]
    feeds = _resize_feeds(k, roi, sizes)
    attrs = {"coordinate_transformation_mode": "tf_crop_and_resize"}
    model = _model("Resize", feeds, 19, mode=mode, extrapolation_value=extrapolation, **attrs)
    try:
        want, got = _bound_and_fed(model, feeds, ("r", "s", "z"))
    except gg.GraphgateError as exc:  # a box on an axis of unchanged length
        assert exc.code == "ONNX_UNSUPPORTED"
        with pytest.raises(gg.GraphgateError) as run_exc:
            _run(model, feeds)
        assert run_exc.value.code == "ASSERTION_FAILED"
        return
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, strict=True)


def test_resize_tf_crop_and_resize_with_a_box_on_an_axis_it_keeps_fails_the_run():
    # onnxruntime copies an axis its scale leaves as it is, box or not: refused at import
    feeds = _resize_feeds(9, [0, 0, 0.5, 0, 1, 1, 1, 1], [1, 2, 5, 3])
    model = _model(
        "Resize", feeds, 19, mode="linear", coordinate_transformation_mode="tf_crop_and_resize"
    )
    with pytest.raises(gg.GraphgateError) as exc:
        _run(model, feeds)
    assert exc.value.code == "ASSERTION_FAILED"


def _col2im_cases():
    rng = np.random.default_rng(10)
    out = []
    while len(out) < 20:
        n = int(rng.integers(1, 4))
        image, block = rng.integers(2, 7, n), rng.integers(1, 4, n)
        attrs = {
            "dilations": rng.integers(1, 3, n).tolist(),
            "strides": rng.integers(1, 3, n).tolist(),
            "pads": rng.integers(0, 2, 2 * n).tolist(),
        }
        span = (np.array(attrs["dilations"]) * (block - 1)) + 1
        blocks = (image + np.reshape(attrs["pads"], (2, n)).sum(0) - span) // attrs["strides"] + 1
        if (blocks > 0).all():
            shape = (2, 2 * int(np.prod(block)), int(np.prod(blocks)))
            x = rng.standard_normal(shape).astype(np.float32)
            out.append(({"x": x, "i": image.astype(I64), "b": block.astype(I64)}, attrs))
    return out


@pytest.mark.parametrize("k", range(20))
def test_col2im_of_fed_shapes_is_the_bound_one_and_the_reference(k):
    feeds, attrs = _col2im_cases()[k]
    model = _model("Col2Im", feeds, 18, **attrs)
    want, got = _bound_and_fed(model, feeds, ("i", "b"))
    np.testing.assert_array_equal(got, want, strict=True)  # the same 0/1 matrix
    _check("Col2Im", feeds, 18, **attrs)


def test_col2im_of_fed_shapes_the_input_does_not_hold_fails_the_run():
    feeds = {
        "x": np.ones((1, 4, 5), np.float32),
        "i": np.array([3, 3], I64),
        "b": np.array([2, 2], I64),
    }
    with pytest.raises(gg.GraphgateError) as exc:
        _run(_model("Col2Im", feeds, 18), feeds)
    assert exc.value.code == "ASSERTION_FAILED"


def _stft_cases():
    rng = np.random.default_rng(11)
    out = []
    for k in range(16):
        c, n = 1 + k % 2, int(rng.integers(4, 30))
        length, step = int(rng.integers(1, n + 1)), int(rng.integers(1, 6))
        feeds = {"x": rng.standard_normal((2, n, c)).astype(np.float32), "s": np.array(step, I64)}
        if k % 4 < 2:
            feeds["w"] = rng.random(length).astype(np.float32)
        if k % 4 != 1:
            feeds["l"] = np.array(length, I64)
        out.append((feeds, int(c == 1 and k % 3 == 0)))
    return out


@pytest.mark.parametrize("k", range(16))
def test_stft_of_a_fed_step_and_length_is_the_reference(k):
    feeds, onesided = _stft_cases()[k]
    names = ["x", "s", "w" if "w" in feeds else "", "l" if "l" in feeds else ""]
    while names[-1] == "":
        names.pop()
    model = _model("STFT", feeds, 17, onesided=onesided)
    model.graph.node[0].ClearField("input")
    model.graph.node[0].input.extend(names)
    (want,) = ReferenceEvaluator(model).run(None, feeds)
    got = _run(model, feeds)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, strict=True)


@pytest.mark.parametrize("step, length", [(0, 4), (2, 0), (1, 9)])
def test_stft_of_a_fed_step_or_length_it_cannot_take_fails_the_run(step, length):
    feeds = {
        "x": np.ones((1, 8, 1), np.float32),
        "s": np.array(step, I64),
        "l": np.array(length, I64),
    }
    model = _model("STFT", feeds, 17)
    model.graph.node[0].ClearField("input")
    model.graph.node[0].input.extend(["x", "s", "", "l"])
    with pytest.raises(gg.GraphgateError) as exc:
        _run(model, feeds)
    assert exc.value.code == "ASSERTION_FAILED"


def _antialias_cases():
    rng = np.random.default_rng(12)
    out = []
    for k in range(24):
        attrs = {"mode": "cubic" if k % 2 else "linear", "antialias": 1}
        attrs |= {"exclude_outside": 1} if k % 5 == 0 else {}
        if k % 3:
            scales = [1, 1, *rng.choice([0.25, 0.3, 0.5, 0.6, 0.75, 1.0, 1.5], 2)]
            out.append((attrs, np.array(scales, np.float32), None))
        else:
            out.append((attrs, np.zeros(0, np.float32), np.array([1, 2, *rng.integers(1, 14, 2)])))
    return out


@pytest.mark.parametrize("k", range(24))
def test_antialiased_resize_by_fed_scales_or_sizes_is_the_bound_one(k):
    # the bound path is ONNX's reference's matrices; fed, its taps computed when run
    attrs, scales, sizes = _antialias_cases()[k]
    x = np.random.default_rng(k).standard_normal((1, 2, 9, 11)).astype(np.float32)
    feeds = {"x": x, "r": np.zeros(0, np.float32), "s": scales}
    feeds |= {} if sizes is None else {"z": sizes.astype(I64)}
    model = _model("Resize", feeds, 19, **attrs)
    try:
        want, got = _bound_and_fed(model, feeds, tuple(n for n in feeds if n != "x"))
    except gg.GraphgateError as exc:  # a length where onnxruntime and the spec differ
        assert exc.code == "ONNX_UNSUPPORTED"
        with pytest.raises(gg.GraphgateError) as run_exc:
            _run(model, feeds)
        assert run_exc.value.code == "ASSERTION_FAILED"
        return
    # the bound matmul is float32's, the run-time one float64's (as the reference sums)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, strict=True)


def _mel_cases():
    rng = np.random.default_rng(13)
    out = []
    for k in range(40):
        edge = np.float32 if k % 3 else np.float64
        rate = int(rng.choice([8000, 16000, 22050, 977]))
        low = float(rng.uniform(0, rate / 4)) if k % 4 else 0.0
        high = float(rng.uniform(low + 1, rate / 2))
        sizes = [int(rng.integers(1, 40)), int(rng.integers(1, 600)), rate]
        out.append([np.array(v, I64) for v in sizes] + [np.array(v, edge) for v in (low, high)])
    return out


@pytest.mark.parametrize("k", range(40))
def test_a_mel_weight_matrix_of_fed_sizes_and_edges_is_the_reference_to_the_bit(k):
    feeds = dict(zip("bnrlh", _mel_cases()[k], strict=True))
    attrs = {"output_datatype": TensorProto.DOUBLE} if k % 5 == 0 else {}
    model = _model("MelWeightMatrix", feeds, 17, **attrs)
    model.graph.output[0].type.tensor_type.elem_type = attrs.get("output_datatype", 1)
    (want,) = ReferenceEvaluator(model).run(None, feeds)
    np.testing.assert_array_equal(_run(model, feeds), want, strict=True)


def test_a_mel_weight_matrix_past_the_spectrum_fails_the_run():
    # an upper edge past sample_rate / 2: the reference indexes past the spectrum
    sizes = [np.array(v, I64) for v in (8, 64, 8000)]
    feeds = dict(zip("bnrlh", sizes + [np.array(v, np.float32) for v in (0, 6000)], strict=True))
    with pytest.raises(gg.GraphgateError) as exc:
        _run(_model("MelWeightMatrix", feeds, 17), feeds)
    assert exc.value.code == "ASSERTION_FAILED"


@pytest.mark.parametrize("length", [5, 7, 6, 4])
def test_split_into_num_outputs_over_an_axis_only_the_run_measures(length):
    # Opset 18's parts are ceil(length / n), the last smaller; the axis of a dynamic
    # input has no size at import (soak8's onnx_fuzz p487044927: refused when uneven).
    node = helper.make_node("Split", ["x"], ["y0", "y1", "y2"], axis=1, num_outputs=3)
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, "n"])],
        [helper.make_tensor_value_info(f"y{i}", TensorProto.FLOAT, None) for i in range(3)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=9)
    x = np.arange(2 * length, dtype=np.float32).reshape(2, length)
    want = ReferenceEvaluator(model).run(None, {"x": x})
    graph_, values = gg.import_onnx(model)
    with gg.Session(graph_) as sess:
        got = sess.run([values[f"y{i}"] for i in range(3)], {values["x"]: x})
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, w, strict=True)


@pytest.mark.parametrize("batch", [1, 3])
def test_a_tensor_of_no_element_reshaped_to_its_batch_and_minus_one(batch):
    # [batch, 2, 0] to [its dim 0, -1] is [batch, 0]; the importer made the -1 the static
    # product (0) and the batch the -1, which no element determines (soak8's onnx_fuzz
    # p487044846: (4, 0) where onnxruntime answers (1, 0)).
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "zero"], ["b"], axis=0),
        helper.make_node("Concat", ["b", "minus_one"], ["t"], axis=0),
        helper.make_node("Reshape", ["x", "t"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 2, 0])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializer=[
            helper.make_tensor("zero", TensorProto.INT64, [1], [0]),
            helper.make_tensor("minus_one", TensorProto.INT64, [1], [-1]),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)], ir_version=9)
    x = np.zeros((batch, 2, 0), np.float32)
    (want,) = ReferenceEvaluator(model).run(None, {"x": x})
    assert want.shape == (batch, 0)
    graph_, values = gg.import_onnx(model)
    with gg.Session(graph_) as sess:
        got = sess.run(values["y"], {values["x"]: x})
    np.testing.assert_array_equal(got, want, strict=True)
