"""ONNX's detection operators against onnxruntime, on boxes that overlap at random (ties
in score included, as detectors' rounded scores make them)."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import graphgate as gg  # noqa: E402


def nms_model(center, limit=5, iou=0.4, floor=0.2, batch=2, classes=3):
    inits = [
        numpy_helper.from_array(np.array([limit], np.int64), "limit"),
        numpy_helper.from_array(np.array([iou], np.float32), "iou"),
        numpy_helper.from_array(np.array([floor], np.float32), "floor"),
    ]
    node = helper.make_node(
        "NonMaxSuppression",
        ["boxes", "scores", "limit", "iou", "floor"],
        ["selected"],
        center_point_box=center,
    )
    graph = helper.make_graph(
        [node],
        "nms",
        [
            helper.make_tensor_value_info("boxes", TensorProto.FLOAT, [batch, None, 4]),
            helper.make_tensor_value_info("scores", TensorProto.FLOAT, [batch, classes, None]),
        ],
        [helper.make_tensor_value_info("selected", TensorProto.INT64, [None, 3])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


@pytest.mark.parametrize(
    ("center", "batch", "classes"),
    [
        (0, 2, 3),
        (1, 2, 3),
        # a torch export with a dynamic batch: a loop over the pairs only run time counts
        (0, "batch", 3),
        (1, "batch", "classes"),
    ],
)
def test_non_max_suppression_equals_onnxruntime(center, batch, classes):
    rng = np.random.default_rng(5)
    corner = rng.uniform(0, 10, (2, 40, 2))
    size = rng.uniform(1, 4, (2, 40, 2))
    boxes = (
        np.concatenate([corner, corner + size], 2)
        if not center
        else np.concatenate([corner, size], 2)
    )
    boxes = boxes.astype(np.float32)
    scores = np.round(rng.uniform(0, 1, (2, 3, 40)), 1).astype(np.float32)  # ties
    model = nms_model(center, batch=batch, classes=classes)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    (want,) = sess.run(None, {"boxes": boxes, "scores": scores})
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        s.run(gg.global_variables_initializer(graph))
        got = s.run(values["selected"], {values["boxes"]: boxes, values["scores"]: scores})
    assert got.dtype == np.int64 and len(want) > 12
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("mode", ["half_pixel", "output_half_pixel"])
def test_roi_align_equals_onnxruntime(mode):
    # a Mask R-CNN head's pooling: rois over two images, some past the feature map's edge
    node = helper.make_node(
        "RoiAlign",
        ["X", "rois", "batch"],
        ["Y"],
        coordinate_transformation_mode=mode,
        output_height=4,
        output_width=3,
        sampling_ratio=2,
        spatial_scale=0.5,
    )
    graph = helper.make_graph(
        [node],
        "roi",
        [
            helper.make_tensor_value_info("X", TensorProto.FLOAT, [2, 3, 9, 11]),
            helper.make_tensor_value_info("rois", TensorProto.FLOAT, [None, 4]),
            helper.make_tensor_value_info("batch", TensorProto.INT64, [None]),
        ],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    rng = np.random.default_rng(9)
    corner = rng.uniform(-4, 20, (6, 2))
    rois = np.concatenate([corner, corner + rng.uniform(0.5, 10, (6, 2))], 1)
    feeds = {
        "X": rng.normal(0, 1, (2, 3, 9, 11)).astype(np.float32),
        "rois": rois.astype(np.float32),
        "batch": np.array([0, 1, 1, 0, 1, 0], np.int64),
    }
    (want,) = ort.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    ).run(None, feeds)
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        got = s.run(values["Y"], {values[k]: v for k, v in feeds.items()})
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("ratio", [1, 2, 3])
@pytest.mark.parametrize("mode", ["half_pixel", "output_half_pixel"])
def test_roi_align_max_is_onnxruntimes_arithmetic(mode, ratio):
    # max mode was refused. onnxruntime's (the spec's reference runtime, which warns that it
    # differs from the spec's intent) takes each sample's largest weighted corner, w * v,
    # then the bin's largest sample: the same float32 steps here, so equal to the bit.
    node = helper.make_node(
        "RoiAlign",
        ["X", "rois", "batch"],
        ["Y"],
        mode="max",
        coordinate_transformation_mode=mode,
        output_height=3,
        output_width=4,
        sampling_ratio=ratio,
        spatial_scale=0.9,
    )
    graph = helper.make_graph(
        [node],
        "roi",
        [
            helper.make_tensor_value_info("X", TensorProto.FLOAT, [2, 3, 9, 11]),
            helper.make_tensor_value_info("rois", TensorProto.FLOAT, [None, 4]),
            helper.make_tensor_value_info("batch", TensorProto.INT64, [None]),
        ],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 16)])
    model.ir_version = 8
    rng = np.random.default_rng(ratio)
    corner = rng.uniform(-3, 12, (8, 2))
    rois = np.concatenate([corner, corner + rng.uniform(0.2, 9, (8, 2))], 1)
    feeds = {
        "X": rng.uniform(-2, 2, (2, 3, 9, 11)).astype(np.float32),
        "rois": rois.astype(np.float32),
        "batch": rng.integers(0, 2, 8).astype(np.int64),
    }
    opts = ort.SessionOptions()
    opts.log_severity_level = 3  # its warning that max mode will change
    (want,) = ort.InferenceSession(
        model.SerializeToString(), opts, providers=["CPUExecutionProvider"]
    ).run(None, feeds)
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        got = s.run(values["Y"], {values[k]: v for k, v in feeds.items()})
    assert got.shape == want.shape == (8, 3, 3, 4)
    np.testing.assert_array_equal(got, want)
