"""TF1's `tf.image`, the space/depth ops and the small integer dtypes on graphgate, pinned
to what TensorFlow computes.

`tests/reference/tf1_image.py` holds the cases and the build-time refusals; it wrote what
`tf.compat.v1` computed into `fixtures/tf1_image.json`. Here the same code runs with `tf`
bound to graphgate: values, dtypes, static shapes, default names, gradients and exception
classes must agree.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_gradients import check_grads
from tests.unit.engine.tf_observed import reference
from tests.unit.engine.tf_reference.compare import build_case, check_case, check_round_trip

FIXTURE, cases = reference("tf1_image")

# TF's rot90 picks the turn in a `case` (its static height and width are what the four
# turns agree on, as graphgate's): graphgate builds the one turn `k` names.
ROT90 = {("quarter_turns", f"rot{k}{s}") for k in range(4) for s in ("", "_4d")}
ROT90.add(("quarter_turns", "rot_neg"))


def _build(name):
    ref = FIXTURE["cases"][name]
    return ref, build_case(ref, cases.CASES[name][1], cases.scalar)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tensorflow(name):
    ref, case = _build(name)
    with np.errstate(all="ignore"):
        check_case(name, ref, case)


# Where TF builds a composite differently (a `case` for rot90, 3-D crops through a 4-D
# batch and a squeeze, asserts as control dependencies, `cond` in control flow) graphgate
# keeps TF's scope but not the inner op's name.
NAMES_DIFFER = {
    *ROT90,
    ("crops_and_pads", "crop3"),
    ("crops_and_pads", "pad3"),
    ("crops_and_pads", "crop_or_pad"),
    ("crops_and_pads", "crop_or_pad3"),
    ("crops_and_pads", "central_all"),
    ("image_metrics", "dx"),
    ("image_metrics", "dy"),
    ("image_metrics", "psnr_f"),
    # TF 2's padded NMS is a traced function (PartitionedCall, a Reshape of its result).
    ("non_max_suppression", "padded"),
    ("non_max_suppression", "padded_n"),
    ("non_max_suppression", "unpadded"),
    ("inside_cond_and_while", "cond"),
    ("inside_cond_and_while", "while"),
    ("float_adjustments", "brightness"),
    ("float_adjustments", "gamma"),
}


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_default_names_are_tensorflows(name):
    ref, (_, outs, *_) = _build(name)
    wrong = {
        key: (outs[key].op.name, want["op"])
        for key, want in ref["outputs"].items()
        if (name, key) not in NAMES_DIFFER and outs[key].op.name != want["op"]
    }
    assert not wrong


@pytest.mark.parametrize("name", sorted(cases.ERRORS))
def test_refused_at_build_time_as_tensorflow(name):
    want = FIXTURE["errors"][name]
    with gg.Graph().as_default(), pytest.raises(gg.GraphgateError) as info:
        cases.ERRORS[name](gg)
    assert want in [c.__name__ for c in type(info.value).__mro__], (name, info.value)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_round_trips_the_graph_format(name):
    _, case = _build(name)
    with np.errstate(all="ignore"):
        check_round_trip(case)


# -- small integer dtypes -----------------------------------------------------------------------


def test_the_small_integer_dtypes_look_like_tensorflows():
    # GIVEN TF's enums, ranges and spellings of the small integers
    want = {"uint8": (4, 0, 255), "int8": (6, -128, 127), "int16": (5, -32768, 32767)}
    want |= {"uint16": (17, 0, 65535), "uint32": (22, 0, 2**32 - 1), "uint64": (23, 0, 2**64 - 1)}
    for name, (enum, lo, hi) in want.items():
        d = getattr(gg, name)
        assert d is getattr(gg.dtypes, name) and d is gg.as_dtype(name) is gg.as_dtype(d.dtype)
        assert (d.as_datatype_enum, d.min, d.max) == (enum, lo, hi)
        assert d.is_integer and not d.is_floating and d.is_unsigned == (name[0] == "u")
        assert repr(d) == f"tf.{name}" and d.as_numpy_dtype is np.dtype(name).type
    assert gg.dtypes.saturate_cast is gg.saturate_cast
    assert (gg.dtypes.bool, gg.dtypes.double, gg.dtypes.half) == (gg.bool, gg.float64, gg.float16)


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "uint16", "uint32", "uint64"])
def test_a_cast_of_a_value_tensorflow_leaves_undefined_is_refused_at_run_time(dtype):
    # TF's vectorized loop saturates 300.0 to 255 as uint8 where its scalar loop wraps it
    # to 44: graphgate refuses rather than pick one.
    x = gg.placeholder(gg.float32, [None])
    y = gg.cast(x, dtype)
    with gg.Session() as sess:
        info = np.iinfo(dtype)
        inside = np.array([info.min, 0.0, 1.9, min(info.max, 2**24)], np.float32)
        assert sess.run(y, {x: inside}).tolist() == np.trunc(inside).astype(dtype).tolist()
        for bad in (np.nan, np.inf, float(info.max) * 2 + 2, -1.0 if info.min == 0 else -1e20):
            with pytest.raises(gg.GraphgateError) as err:
                sess.run(y, {x: np.array([1.0, bad], np.float32)})
            assert err.value.code == "VALUE_NOT_REPRESENTABLE"


def test_saturate_cast_clamps_infinities_and_refuses_nan():
    x = gg.placeholder(gg.float32, [None])
    y = gg.saturate_cast(x, gg.uint8)
    with gg.Session() as sess:
        assert sess.run(y, {x: [-np.inf, -3.0, 254.7, 1e9, np.inf]}).tolist() == [
            0,
            0,
            254,
            255,
            255,
        ]
        with pytest.raises(gg.GraphgateError):
            sess.run(y, {x: [np.nan]})


@pytest.mark.parametrize(
    "build",
    [
        # (Pow of int8 is computed in int8, wrapping as TF's: test_small_int_ops.py)
        lambda: gg.matmul(gg.constant([[1]], gg.int16), gg.constant([[1]], gg.int16)),
    ],
)
def test_arithmetic_without_a_small_integer_kernel_is_refused_at_build_time(build):
    # TF computes these in the small dtype (or fails at run time); graphgate's kernels
    # would widen, so it refuses when the graph is built rather than answer in another dtype.
    with gg.Graph().as_default(), pytest.raises(gg.GraphgateError) as err:
        build()
    assert err.value.code == "DTYPE_MISMATCH" and isinstance(err.value, TypeError)


@pytest.mark.parametrize("name", ["UINT8", "INT8", "INT16", "UINT16", "UINT32", "UINT64"])
def test_small_integer_tensors_round_trip_the_wire_format(name):
    dtype = gg.dtypes.FROM_OIP[name]
    info = np.iinfo(dtype.dtype)
    arr = np.array([[info.min, info.max], [0, 7]], dtype.dtype)
    for b64 in (False, True):
        wire = json.loads(json.dumps(gg.encode_tensor(arr, b64=b64)))
        assert wire["datatype"] == name
        back = gg.decode_tensor(wire)
        assert back.dtype == arr.dtype and back.tolist() == arr.tolist()
    with pytest.raises(gg.GraphgateError) as err:
        gg.decode_tensor({"datatype": name, "shape": [1], "data": [int(info.max) + 1]})
    assert err.value.code == "VALUE_NOT_REPRESENTABLE"
    with pytest.raises(gg.GraphgateError) as err:
        gg.decode_tensor({"datatype": name, "shape": [1], "data": [1.5]})
    assert err.value.code == "VALUE_NOT_REPRESENTABLE"


def test_a_uint8_placeholder_and_variable_survive_the_graph_format():
    g = gg.Graph()
    with g.as_default():
        img = gg.placeholder(gg.uint8, [None, 4, 4, 3], name="img")
        v = gg.Variable(gg.zeros([2], gg.int16), name="v")
        out = gg.image.resize_images(img, [2, 2], method=gg.image.ResizeMethod.NEAREST_NEIGHBOR)
    doc = json.loads(json.dumps(gg.graph_to_dict(g)))
    g2 = gg.graph_from_dict(doc)
    assert g2.get_tensor_by_name(out.name).dtype == gg.uint8
    assert g2.get_tensor_by_name(v.name).dtype == gg.int16
    feed = np.arange(96, dtype=np.uint8).reshape(2, 4, 4, 3)
    got = gg.Session(g2).run(out.name, {"img:0": feed})
    assert got.dtype == np.uint8 and got.tolist() == feed[:, ::2, ::2].tolist()


# -- gradients against finite differences ---------------------------------------------------

_rng = np.random.default_rng(11)
_IMG = _rng.uniform(0, 1, (1, 3, 4, 2))
# The resizes compute in float32 but are linear in the image, so wide steps are exact.
_LINEAR = {
    "bilinear": lambda x: gg.image.resize_bilinear(x, [5, 3]),
    "bilinear_half": lambda x: gg.image.resize_bilinear(x, [2, 7], half_pixel_centers=True),
    "bilinear_align": lambda x: gg.image.resize_bilinear(x, [5, 6], align_corners=True),
    "nearest": lambda x: gg.image.resize_nearest_neighbor(x, [5, 3]),
    "nearest_half": lambda x: gg.image.resize_nearest_neighbor(x, [2, 7], half_pixel_centers=True),
    "bicubic": lambda x: gg.image.resize_bicubic(x, [5, 3]),
    "bicubic_half": lambda x: gg.image.resize_bicubic(x, [4, 7], half_pixel_centers=True),
}


@pytest.mark.parametrize("name", sorted(_LINEAR))
def test_resize_gradients_match_finite_differences(name):
    check_grads(_LINEAR[name], _IMG, eps=0.25, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize(
    "build, shape",
    [
        (lambda x: gg.nn.depth_to_space(x, 2), (1, 2, 3, 8)),
        (lambda x: gg.nn.space_to_depth(x, 2), (2, 4, 2, 1)),
        (lambda x: gg.space_to_batch_nd(x, [2, 1], [[1, 1], [0, 1]]), (1, 2, 3, 2)),
        (lambda x: gg.batch_to_space_nd(x, [2, 2], [[0, 1], [1, 0]]), (4, 2, 2, 1)),
        (lambda x: gg.image.total_variation(x), (1, 3, 3, 2)),
        # Square: TF's (and graphgate's) rot90 knows no static height or width else.
        (lambda x: gg.image.rot90(x, 1), (3, 3, 2)),
        (
            lambda x: gg.image.extract_image_patches(
                x, [1, 2, 3, 1], [1, 2, 1, 1], [1, 1, 2, 1], "SAME"
            ),
            (1, 4, 5, 2),
        ),
        (lambda x: gg.image.sobel_edges(x), (1, 4, 4, 2)),
        (lambda x: gg.image.rgb_to_yiq(x), (2, 2, 3)),
    ],
)
def test_rearrangement_gradients_match_finite_differences(build, shape):
    check_grads(build, _rng.normal(size=shape))


def test_crop_and_resize_gradients_match_finite_differences():
    boxes = np.array([[0.1, 0.2, 0.8, 0.7], [0.9, 0.1, 0.3, 0.8]])
    image = _rng.normal(size=(2, 4, 5, 2))

    def of_image(x):
        return gg.image.crop_and_resize(x, boxes.astype(np.float32), [1, 0], [3, 4])

    check_grads(
        lambda x: gg.cast(of_image(gg.cast(x, gg.float32)), gg.float64),
        image,
        eps=0.25,
        rtol=1e-4,
        atol=1e-4,
    )

    def of_boxes(b):
        crops = gg.image.crop_and_resize(
            image.astype(np.float32), gg.cast(b, gg.float32), [1, 0], [3, 4]
        )
        return gg.cast(crops, gg.float64)

    # Bilinear sampling is piecewise linear in the box: small steps stay inside one piece.
    check_grads(of_boxes, boxes, eps=1e-3, rtol=2e-2, atol=2e-3)


def test_non_max_suppression_is_not_differentiable_and_its_size_is_known_at_run_time():
    boxes = gg.placeholder(gg.float32, [None, 4])
    keep = gg.image.non_max_suppression(boxes, gg.reduce_sum(boxes, 1), 5)
    assert keep.shape.as_list() == [None] and keep.dtype == gg.int32
    assert gg.gradients(gg.reduce_sum(gg.cast(keep, gg.float32)), boxes) == [None]


@pytest.mark.parametrize(
    "build",
    [
        lambda x: gg.image.adjust_contrast(x, 1.5),
        lambda x: gg.image.adjust_hue(x, 0.1),
        lambda x: gg.image.adjust_saturation(x, 0.4),
        lambda x: gg.image.resize_area(x[None], [2, 2]),
    ],
)
def test_differentiating_what_tf_has_no_gradient_for_raises_lookup_error_as_tf(build):
    x = gg.placeholder(gg.float32, [3, 4, 3])
    with pytest.raises(LookupError) as err:
        gg.gradients(gg.reduce_sum(build(x)), x)
    assert err.value.code == "NO_GRADIENT"


def test_align_corners_with_half_pixel_centers_is_refused_at_run_time_as_tensorflow():
    y = gg.image.resize_bilinear(gg.zeros([1, 2, 2, 1]), [3, 3], True, half_pixel_centers=True)
    with gg.Session() as sess, pytest.raises(gg.GraphgateError) as err:
        sess.run(y)
    assert err.value.code == "COMPUTE_ERROR"


def test_the_image_namespace_covers_tensorflows_but_codecs_and_detection_extras():
    missing = set(FIXTURE["image_namespace"]) - set(dir(gg.image))
    assert missing <= NOT_BUILT, sorted(missing - NOT_BUILT)


# What tf.image has that graphgate does not: the JPEG quality ops and the WebP/JPEG XL
# decoders, and the detection ops not built yet (docs/engine.md lists them).
NOT_BUILT = {
    "adjust_jpeg_quality",
    "decode_jxl",
    "decode_webp",
    "random_jpeg_quality",
    "extract_glimpse",
    "generate_bounding_box_proposals",
    "sample_distorted_bounding_box",
}


def test_the_published_graph_schema_names_every_datatype():
    schema = json.loads((Path(gg.__file__).parent / "schema" / "graph.schema.json").read_text())
    assert set(schema["$defs"]["datatype"]["enum"]) == set(gg.dtypes.FROM_OIP)


def test_a_uint8_input_exports_to_onnx_and_the_image_ops_are_refused():
    ort = pytest.importorskip("onnxruntime")
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.uint8, [1, 2, 2, 3], name="x")
        y = gg.identity(gg.cast(x, gg.float32) * 2.0, name="y")
        z = gg.image.resize_bilinear(y, [3, 3])
    model = gg.export_onnx(g, [y], [x])
    image = np.arange(12, dtype=np.uint8).reshape(1, 2, 2, 3) * 20
    run = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    (got,) = run.run(None, {"x": image})
    np.testing.assert_array_equal(got, image.astype(np.float32) * 2)
    with pytest.raises(gg.GraphgateError) as err:
        gg.export_onnx(g, [z], [x])
    assert err.value.code == "ONNX_UNSUPPORTED"


def test_a_run_time_size_is_checked_against_the_graph_and_bounded_by_limits():
    x = gg.placeholder(gg.float32, [1, 4, 4, 1])
    size = gg.placeholder(gg.int32, [2])
    y = gg.image.resize_bilinear(x, size)
    assert y.shape.as_list() == [1, None, None, 1]
    image = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    with gg.Session() as sess:
        got = sess.run(y, {x: image, size: [2, 2]})
        np.testing.assert_array_equal(got, image[:, ::2, ::2])
        with pytest.raises(gg.GraphgateError) as err:
            sess.run(y, {x: image, size: [0, 2]})
        assert err.value.code == "COMPUTE_ERROR"
    known = gg.image.resize_nearest_neighbor(x, gg.shape(gg.zeros([3, 5]))[0:2])
    assert known.shape.as_list() == [1, 3, 5, 1]
    sess = gg.Session(limits=gg.Limits(max_tensor_elements=1000))
    with pytest.raises(gg.GraphgateError) as err:
        sess.run(y, {x: image, size: [100, 100]})
    assert err.value.code == "TENSOR_TOO_LARGE"


def test_an_onnx_model_with_a_uint8_image_input_imports_and_runs():
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [
            helper.make_node("Cast", ["image"], ["f"], to=TensorProto.FLOAT),
            helper.make_node("Mul", ["f", "scale"], ["y"]),
        ],
        "u8",
        [helper.make_tensor_value_info("image", TensorProto.UINT8, [1, 2, 2, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 2, 3])],
        [helper.make_tensor("scale", TensorProto.FLOAT, [], [1 / 255])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    g, values = gg.import_onnx(model)
    image = np.arange(12, dtype=np.uint8).reshape(1, 2, 2, 3) * 21
    assert values["image"].dtype == gg.uint8
    with gg.Session(g) as sess:
        sess.run(gg.global_variables_initializer(g))
        got = sess.run(values["y"], {values["image"]: image})
    np.testing.assert_allclose(got, image.astype(np.float32) / 255, rtol=1e-6)


@pytest.mark.parametrize(
    "build",
    [
        lambda h: gg.image.adjust_saturation(h, 0.5),
        lambda h: gg.image.adjust_hue(h, 0.3),
        lambda h: gg.image.adjust_contrast(h, 1.3),
    ],
)
def test_float16_adjustments_build_but_fail_when_run_as_tensorflows(build):
    # TF's graph takes half images here; its CPU has no kernel for them.
    h = gg.placeholder(gg.float16, [2, 2, 3])
    y = build(h)
    assert y.dtype == gg.float16
    with gg.Session() as sess, pytest.raises(gg.errors.InvalidArgumentError):
        sess.run(y, {h: np.full((2, 2, 3), 0.5, np.float16)})


def test_random_image_ops_are_seeded_as_graphgates_random_ops():
    def draws():
        g = gg.Graph()
        with g.as_default():
            gg.set_random_seed(7)
            img = gg.constant(
                np.linspace(0, 1, 2 * 3 * 4 * 3, dtype=np.float32).reshape(2, 3, 4, 3)
            )
            outs = [
                gg.image.random_flip_left_right(img),
                gg.image.random_flip_up_down(img[0]),
                gg.image.random_brightness(img, 0.3),
                gg.image.random_contrast(img, 0.5, 1.5),
                gg.image.random_saturation(img, 0.5, 1.5),
                gg.image.random_hue(img, 0.2),
            ]
        with gg.Session(g) as sess:
            return [sess.run(outs) for _ in range(3)]

    first, second = draws(), draws()
    for a, b in zip(first, second, strict=True):  # the same sequence in every new session
        for x, y in zip(a, b, strict=True):
            np.testing.assert_array_equal(x, y)
    # ... that moves between runs of one session.
    assert any(not np.array_equal(x, y) for x, y in zip(first[0], first[1], strict=True))
    with pytest.raises(gg.GraphgateError):
        gg.image.random_hue(gg.zeros([2, 2, 3]), 0.6)


@pytest.mark.parametrize(
    "build",
    [
        lambda img, b: gg.image.draw_bounding_boxes(img, b[None]),
        lambda img, b: gg.image.crop_and_resize(img, b, [0], [2, 2]),
    ],
)
def test_boxes_with_nan_or_infinity_are_refused_when_run(build):
    boxes = gg.placeholder(gg.float32, [1, 4])
    y = build(gg.zeros([1, 4, 4, 3]), boxes)
    with gg.Session() as sess:
        for bad in ([np.nan, 0, 1, 1], [0, 0, np.inf, 1]):
            with pytest.raises(gg.GraphgateError) as err:
                sess.run(y, {boxes: [bad]})
            assert err.value.code == "COMPUTE_ERROR" and "finite" in err.value.message


# TF 2.21 (tf.compat.v1): a VALID patch extraction counts its windows as
# (size - effective window + stride) / stride in C's division; a negative count is a
# ValueError when built and an InvalidArgumentError when run (graphgate answered an empty
# output), a window past the input by less than a stride takes no patches.
_NEGATIVE = "Computed output size would be negative: {} [input_size: {}, effective_filter_size: {}"


@pytest.mark.parametrize(
    ("shape", "ksizes", "strides", "rates", "want"),
    [
        ([1, 2, 1, 1], [1, 3, 2, 1], [1, 1, 2, 1], [1, 2, 2, 1], (-2, 2, 5)),
        ([2, 3, 3, 2], [1, 3, 1, 1], [1, 1, 2, 1], [1, 2, 1, 1], (-1, 3, 5)),
        ([1, 3, 3, 1], [1, 4, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], (1, 0, 3, 4)),
        ([1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], [1, 3, 1, 1], (1, 0, 2, 4)),
    ],
)
def test_image_patches_past_the_input_by_a_stride_are_refused_as_tensorflow(
    shape, ksizes, strides, rates, want
):
    with gg.Graph().as_default():
        x = gg.constant(np.ones(shape, np.float32))
        if len(want) == 3:
            with pytest.raises(ValueError, match=re.escape(_NEGATIVE.format(*want))):
                gg.extract_image_patches(x, ksizes, strides, rates, "VALID")
            return
        y = gg.extract_image_patches(x, ksizes, strides, rates, "VALID")
        assert y.shape.as_list() == list(want)
        assert gg.Session().run(y).shape == want


def test_fed_image_patches_past_the_input_fail_the_run_as_tensorflow():
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [1, None, None, 1])
        y = gg.extract_image_patches(x, [1, 3, 2, 1], [1, 1, 2, 1], [1, 2, 2, 1], "VALID")
        with gg.Session() as sess:
            with pytest.raises(
                gg.errors.InvalidArgumentError, match=re.escape(_NEGATIVE.format(-2, 2, 5))
            ):
                sess.run(y, {x: np.ones([1, 2, 1, 1], np.float32)})
            assert sess.run(y, {x: np.ones([1, 5, 3, 1], np.float32)}).shape == (1, 1, 1, 6)


@pytest.mark.parametrize(
    ("ksizes", "strides", "want"),
    [([1, 4, 1, 1, 1], [1, 1, 1, 1, 1], None), ([1, 5, 1, 1, 1], [1, 2, 1, 1, 1], (1, 0, 3, 3, 5))],
)
def test_volume_patches_past_the_input_by_a_stride_are_refused_as_tensorflow(ksizes, strides, want):
    with gg.Graph().as_default():
        x = gg.constant(np.ones([1, 2, 3, 3, 1], np.float32))
        if want is None:
            with pytest.raises(ValueError, match=re.escape(_NEGATIVE.format(-1, 2, 4))):
                gg.extract_volume_patches(x, ksizes, strides, "VALID")
            return
        y = gg.extract_volume_patches(x, ksizes, strides, "VALID")
        assert gg.Session().run(y).shape == want


@pytest.mark.parametrize("align, half", [(False, False), (True, False), (False, True)])
@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_a_bilinear_resize_to_the_images_own_size_keeps_an_infinite_pixel(align, half, dtype):
    # TF 2.21's ResizeBilinear answers a resize to the input's own size with the input as
    # float32: [0.5, nan, 3, inf, 2, -1] for each setting and dtype here. Interpolating gave
    # NaN for the infinite pixel (inf - inf, times a weight of 0): soak8's tf1_fuzzimg
    # `resizes.0`, resize_images(preserve_aspect_ratio=True) to the same size.
    x = np.array([[0.5, np.nan, 3.0], [np.inf, 2.0, -1.0]], dtype).reshape(1, 2, 3, 1)
    with gg.Graph().as_default():
        images = gg.placeholder(gg.as_dtype(dtype), [1, 2, 3, 1])
        y = gg.image.resize_bilinear(images, [2, 3], align_corners=align, half_pixel_centers=half)
        got = gg.Session().run(y, {images: x})
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got.ravel(), [0.5, np.nan, 3.0, np.inf, 2.0, -1.0])
