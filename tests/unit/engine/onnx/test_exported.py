"""What torch.onnx.export writes for real models (torchvision, transformers, recurrent language
models), imported and run against onnxruntime: each idiom that once failed or differed,
written as the exporter writes it, with few channels so that a test costs milliseconds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper  # noqa: E402

import graphgate as gg  # noqa: E402
from tests.unit.engine.onnx.test_import import model_of, ort_run  # noqa: E402

F = TensorProto.FLOAT


def run(model, feeds):
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        fetches = [values[o.name] for o in model.graph.output]
        return sess.run(fetches, {values[k]: v for k, v in feeds.items()})


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


def _executed(graph, fetch, feeds):
    """The op types a run executes (a session runs only what its fetches need)."""
    from graphgate.run_metadata import RunMetadata, RunOptions

    md = RunMetadata()
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        out = sess.run(fetch, feeds, options=RunOptions(trace_level=3), run_metadata=md)
    names = {n.node_name for d in md.step_stats.dev_stats for n in d.node_stats}
    return out, [graph.get_operation_by_name(n) for n in names]


def residual_block_model():
    """A torchvision-style block: conv, batch norm, ReLU, a squeeze-excite gate (global
    pool, 1x1 convs, HardSigmoid), HardSwish, a depthwise conv, the residual add, DenseNet's
    concatenation and a max pool."""
    rng = np.random.default_rng(3)
    c = 4
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "s", "o", "m", "v"], ["bn"]),
        helper.make_node("Relu", ["bn"], ["r1"]),
        helper.make_node("GlobalAveragePool", ["r1"], ["gap"]),
        helper.make_node("Conv", ["gap", "w2"], ["se1"]),
        helper.make_node("Relu", ["se1"], ["se2"]),
        helper.make_node("Conv", ["se2", "w3"], ["se3"]),
        helper.make_node("HardSigmoid", ["se3"], ["gate"], alpha=1 / 6),
        helper.make_node("Mul", ["r1", "gate"], ["scaled"]),
        helper.make_node("HardSwish", ["scaled"], ["hs"]),
        helper.make_node("Conv", ["hs", "w4"], ["c2"], pads=[1, 1, 1, 1], group=c),
        helper.make_node("Clip", ["c2", "lo", "hi"], ["clip"]),
        helper.make_node("Add", ["clip", "x"], ["res"]),
        helper.make_node("Concat", ["res", "hs"], ["cat"], axis=1),
        helper.make_node("MaxPool", ["cat"], ["y"], kernel_shape=[2, 2], strides=[2, 2]),
    ]
    inits = [
        ("w1", rng.normal(0, 0.4, (c, c, 3, 3))),
        ("b1", rng.normal(0, 0.1, c)),
        ("s", rng.uniform(0.5, 1.5, c)),
        ("o", rng.normal(0, 0.1, c)),
        ("m", rng.normal(0, 0.1, c)),
        ("v", rng.uniform(0.5, 1.5, c)),
        ("w2", rng.normal(0, 0.5, (2, c, 1, 1))),
        ("w3", rng.normal(0, 0.5, (c, 2, 1, 1))),
        ("w4", rng.normal(0, 0.5, (c, 1, 3, 3))),
        ("lo", np.array(0.0)),
        ("hi", np.array(6.0)),
    ]
    inits = [(n, v.astype(np.float32)) for n, v in inits]
    return model_of(nodes, [("x", F, ["N", c, 8, 8])], [("y", F, None)], inits)


def test_a_residual_block_stays_nhwc_between_its_convolutions_and_equals_onnxruntime():
    model = residual_block_model()
    x = np.random.default_rng(4).normal(size=(3, 4, 8, 8)).astype(np.float32)
    graph, values = gg.import_onnx(model)
    got, ops = _executed(graph, values["y"], {values["x"]: x})
    (want,) = ort_run(model, {"x": x})
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    # Full-size transposes: the input into NHWC, the output back; the one the residual add
    # reads is the input again. Weights and [N, C, 1, 1] gates are small.
    big = [
        op
        for op in ops
        if op.type == "Transpose"
        and op.outputs[0].static_shape[1:] not in ((1, 1, 4), (4, 1, 1), (1, 1, 2), (2, 1, 1))
        and "w" not in op.inputs[0].op.name
    ]
    assert len(big) <= 3, [op.name for op in big]


# -- exporters' own output, checked in (tests/unit/engine/fixtures/onnx, KBs each) -------

MODELS = Path(__file__).parent.parent / "fixtures" / "onnx"


def _feeds(model, sizes: tuple, rng) -> dict:
    """Random inputs for `model`, each input's symbolic dims taking `sizes` in order."""
    out = {}
    for v in model.graph.input:
        tt = v.type.tensor_type
        free = iter(sizes)
        shape = [d.dim_value if d.HasField("dim_value") else next(free) for d in tt.shape.dim]
        if tt.elem_type == TensorProto.FLOAT:
            out[v.name] = rng.normal(size=shape).astype(np.float32)
        else:  # token ids below every vocabulary here; an attention mask of 0s and 1s
            high = 2 if "mask" in v.name else 10
            out[v.name] = rng.integers(0, high, size=shape).astype(
                helper.tensor_dtype_to_np_dtype(tt.elem_type)
            )
    return out


@pytest.mark.parametrize(
    "name",
    [
        # Keras Embedding -> Bidirectional(LSTM) -> GRU -> Dense through tf2onnx 1.17: Loops
        # whose scan outputs have a run-time batch over a run-time number of steps, and
        # shapes cast to int32 and back.
        "keras_rnn_tf2onnx",
        # Keras Conv1D padding="causal" and "same" (auto_pad SAME_UPPER over a sequence
        # length only run time knows), UpSampling1D, GlobalMaxPooling1D.
        "keras_conv1d_tf2onnx",
        # A fully convolutional Keras model, its image size unknown: strided Conv,
        # DepthwiseConv, MaxPool and AveragePool with auto_pad SAME_UPPER.
        "keras_fcn_tf2onnx",
        # A small Keras U-Net, image size unknown: Conv2DTranspose (ConvTranspose over
        # run-time sizes, then tf2onnx's crop, a Slice with run-time bounds), UpSampling2D,
        # and the skip connection's Concat. Even sizes: the model's own pooling needs them.
        "keras_unet_tf2onnx",
        # torch's interpolate(size=other.shape[-2:]) and interpolate(scale_factor=2,
        # bilinear) over a dynamic image size (TorchScript exporter, opset 17): Resize by
        # sizes computed at run time and by scales over axes of unknown length.
        "torch_fpn_ts17",
        # A one-layer BERT (transformers 5, random weights) through torch.onnx.export: the
        # dynamo exporter at opset 23 (Attention with dynamic batch and sequence) and the
        # TorchScript exporter at opset 17 (Shape/Gather arithmetic, Where-masked scores).
        "bert_tiny_dynamo23",
        "bert_tiny_ts17",
    ],
)
def test_an_exported_model_equals_onnxruntime_at_other_sizes_than_its_export(name):
    model = onnx.load(str(MODELS / f"{name}.onnx"))
    graph, values = gg.import_onnx(model)
    rng = np.random.default_rng(7)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        odd = ((2, 7, 9), (5, 3, 16), (1, 12, 5))
        for sizes in ((2, 8, 12), (1, 6, 10), (3, 12, 4)) if "unet" in name else odd:
            feeds = _feeds(model, sizes, rng)
            fetches = [values[o.name] for o in model.graph.output]
            got = sess.run(fetches, {values[k]: v for k, v in feeds.items()})
            for g, want in zip(got, ort_run(model, feeds), strict=True):
                assert g.shape == want.shape
                np.testing.assert_allclose(g, want, rtol=1e-5, atol=1e-6 * np.abs(want).max())


@pytest.mark.parametrize(
    ("rank", "causal", "mask"),
    [
        (4, 0, "bool"),  # torch's scaled_dot_product_attention through the dynamo exporter
        (4, 1, None),  # a decoder's causal attention
        (3, 0, "float"),
        # A mask of one key, padded as ONNX's reference does (onnxruntime refuses it).
        (4, 0, "one"),
    ],
)
def test_attention_over_sequences_known_only_at_run_time(rank, causal, mask):
    heads, size = 2, 4
    if rank == 4:
        qkv = [("q", F, ["B", heads, "S", size]), ("k", F, ["B", heads, "S", size])]
        qkv.append(("v", F, ["B", heads, "S", size]))
        attrs = {}
    else:
        qkv = [(n, F, ["B", "S", heads * size]) for n in "qkv"]
        attrs = {"q_num_heads": heads, "kv_num_heads": heads}
    inputs = list(qkv)
    names = ["q", "k", "v"]
    if mask is not None:
        last = 1 if mask == "one" else "S"
        kind = TensorProto.BOOL if mask in ("bool", "one") else F
        inputs.append(("mask", kind, ["B", 1, "S", last]))
        names.append("mask")
    node = helper.make_node("Attention", names, ["y"], is_causal=causal, **attrs)
    model = model_of([node], inputs, [("y", F, None)], opset=23)
    graph, values = gg.import_onnx(model)
    rng = np.random.default_rng(rank * 10 + causal)
    with gg.Session(graph) as sess:
        for batch, seq in ((2, 5), (3, 2)):
            feeds = {}
            for name, _, dims in inputs:
                shape = [{"B": batch, "S": seq}.get(d, d) for d in dims]
                if name != "mask":
                    feeds[name] = rng.normal(size=shape).astype(np.float32)
                elif mask == "float":
                    feeds[name] = np.where(rng.random(shape) < 0.3, -1e4, 0).astype(np.float32)
                else:
                    feeds[name] = rng.random(shape) < 0.8
            got = sess.run(values["y"], {values[k]: v for k, v in feeds.items()})
            if mask == "one":
                from onnx.reference import ReferenceEvaluator

                (want,) = ReferenceEvaluator(model).run(None, feeds)
            else:
                (want,) = ort_run(model, feeds)
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_attention_refuses_at_run_time_a_mask_shorter_than_the_keys_it_cannot_pad():
    # ONNX pads a short mask with -inf; broadcasting a run-time length of 1 would attend
    # every key instead. Its length known only at run time, it must equal the keys'.
    inputs = [(n, F, ["B", 2, "S", 4]) for n in "qkv"] + [("mask", F, ["B", 1, "S", "L"])]
    node = helper.make_node("Attention", ["q", "k", "v", "mask"], ["y"])
    model = model_of([node], inputs, [("y", F, None)], opset=23)
    graph, values = gg.import_onnx(model)
    rng = np.random.default_rng(0)
    feeds = {n: rng.normal(size=(1, 2, 3, 4)).astype(np.float32) for n in "qkv"}
    with gg.Session(graph) as sess:
        fine = {**feeds, "mask": np.zeros((1, 1, 3, 3), np.float32)}
        got = sess.run(values["y"], {values[k]: v for k, v in fine.items()})
        np.testing.assert_allclose(got, ort_run(model, fine)[0], rtol=1e-5, atol=1e-6)
        short = {**feeds, "mask": np.zeros((1, 1, 3, 1), np.float32)}
        with pytest.raises(gg.errors.InvalidArgumentError, match="shorter than the keys"):
            sess.run(values["y"], {values[k]: v for k, v in short.items()})


@pytest.mark.parametrize(
    ("mode", "coords", "nearest"),
    [
        ("nearest", "asymmetric", "floor"),  # torch's interpolate(mode="nearest")
        ("nearest", "half_pixel", "round_prefer_floor"),
        ("nearest", "align_corners", "round_prefer_ceil"),
        ("nearest", "pytorch_half_pixel", "ceil"),
        ("linear", "half_pixel", None),
        ("linear", "pytorch_half_pixel", None),  # torch's bilinear, align_corners=False
        ("linear", "align_corners", None),
        ("linear", "asymmetric", None),
    ],
)
@pytest.mark.parametrize("by", ["sizes", "scales"])
def test_resize_over_sizes_known_only_at_run_time(mode, coords, nearest, by):
    # torch's interpolate(size=other.shape[-2:]) writes Resize sizes computed from a Shape;
    # with dynamic image axes even constant scales resize axes of unknown length.
    attrs = {"mode": mode, "coordinate_transformation_mode": coords}
    if nearest:
        attrs["nearest_mode"] = nearest
    x_info = ("x", F, ["N", 2, "H", "W"])
    if by == "sizes":
        nodes = [
            helper.make_node("Shape", ["ref"], ["shape"]),
            helper.make_node("Resize", ["x", "", "", "shape"], ["y"], **attrs),
        ]
        inputs, inits = [x_info, ("ref", F, ["N", 2, "h", "w"])], []
    else:
        nodes = [helper.make_node("Resize", ["x", "", "scales"], ["y"], **attrs)]
        inputs, inits = [x_info], [("scales", np.array([1, 1, 2.5, 0.6], np.float32))]
    model = model_of(nodes, inputs, [("y", F, None)], inits, opset=18)
    graph, values = gg.import_onnx(model)
    rng = np.random.default_rng(11)
    with gg.Session(graph) as sess:
        for (h, w), (oh, ow) in (((4, 6), (7, 3)), ((5, 5), (10, 10)), ((3, 8), (1, 5))):
            feeds = {"x": rng.normal(size=(2, 2, h, w)).astype(np.float32)}
            if by == "sizes":
                feeds["ref"] = np.zeros((2, 2, oh, ow), np.float32)
            got = sess.run(values["y"], {values[k]: v for k, v in feeds.items()})
            (want,) = ort_run(model, feeds)
            assert got.shape == want.shape
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def _dynamic_image_case(nodes, inits=(), opset=17):
    model = model_of(nodes, [("x", F, ["N", 4, "H", "W"])], [("y", F, None)], inits, opset)
    graph, values = gg.import_onnx(model)
    rng = np.random.default_rng(12)
    with gg.Session(graph) as sess:
        for h, w in ((6, 4), (5, 7), (8, 8)):
            x = rng.normal(size=(2, 4, h, w)).astype(np.float32)
            got = sess.run(values["y"], {values["x"]: x})
            (want,) = ort_run(model, {"x": x})
            assert got.shape == want.shape
            np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("axis", [2, 3, -1])
def test_flatten_where_both_sides_are_known_only_at_run_time(axis):
    # x.flatten(2) over a dynamic batch and image size: was refused (two -1s in a Reshape)
    _dynamic_image_case([helper.make_node("Flatten", ["x"], ["y"], axis=axis)])


@pytest.mark.parametrize("mode", ["DCR", "CRD"])
def test_depth_to_space_and_back_over_a_run_time_image_size(mode):
    # torch's PixelShuffle / PixelUnshuffle with dynamic axes.
    _dynamic_image_case(
        [
            helper.make_node("DepthToSpace", ["x"], ["d"], blocksize=2, mode=mode),
            helper.make_node("SpaceToDepth", ["d"], ["y"], blocksize=2),
        ]
    )


@pytest.mark.parametrize("mode", ["reflect", "edge", "wrap"])
def test_pad_modes_over_a_run_time_image_size(mode):
    pads = np.array([0, 0, 2, 1, 0, 0, 1, 3], np.int64)
    _dynamic_image_case(
        [helper.make_node("Pad", ["x", "pads"], ["y"], mode=mode)], [("pads", pads)], opset=19
    )


def test_reflect_pad_wider_than_a_run_time_axis_fails_rather_than_clamps():
    pads = np.array([0, 0, 0, 3, 0, 0, 0, 0], np.int64)
    node = helper.make_node("Pad", ["x", "pads"], ["y"], mode="reflect")
    model = model_of([node], [("x", F, ["N", 4, "H", "W"])], [("y", F, None)], [("pads", pads)])
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess, pytest.raises(gg.errors.InvalidArgumentError, match="shorter"):
        sess.run(values["y"], {values["x"]: np.zeros((1, 4, 2, 3), np.float32)})


@pytest.mark.parametrize(("kernel", "stride", "pads"), [(3, 2, 0), (2, 2, 0), (3, 2, 1), (2, 3, 0)])
def test_max_pool_ceil_mode_over_a_run_time_image_size(kernel, stride, pads):
    # torchvision's SqueezeNet and GoogLeNet pool with ceil_mode=True.
    node = helper.make_node(
        "MaxPool",
        ["x"],
        ["y"],
        kernel_shape=[kernel, kernel],
        strides=[stride, stride],
        pads=[pads] * 4,
        ceil_mode=1,
    )
    _dynamic_image_case([node])


@pytest.mark.parametrize(
    ("kernel", "stride", "pads", "ceil"),
    [(3, 1, 1, 0), (3, 2, 1, 0), (2, 2, 1, 1), (3, 2, 0, 1), (3, 2, 1, 1), (2, 3, 0, 1)],
)
def test_average_pool_over_a_run_time_image_size_counts_only_the_input(kernel, stride, pads, ceil):
    # torch's AvgPool2d(count_include_pad=False) and ceil_mode with dynamic image axes:
    # each window divided by its real elements, as onnxruntime does. It was refused.
    node = helper.make_node(
        "AveragePool",
        ["x"],
        ["p"],
        kernel_shape=[kernel, kernel],
        strides=[stride, stride],
        pads=[pads] * 4,
        ceil_mode=ceil,
        count_include_pad=0,
    )
    # float sums in another order than onnxruntime's: within float32 rounding, not equal
    model = model_of([node], [("x", F, ["N", 4, "H", "W"])], [("p", F, None)])
    graph, values = gg.import_onnx(model)
    rng = np.random.default_rng(12)
    with gg.Session(graph) as sess:
        for h, w in ((6, 4), (5, 7), (8, 8)):
            x = rng.normal(size=(2, 4, h, w)).astype(np.float32)
            got = sess.run(values["p"], {values["x"]: x})
            (want,) = ort_run(model, {"x": x})
            assert got.shape == want.shape
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


def test_a_ceil_mode_max_pool_over_a_run_time_image_size_keeps_its_channels_known():
    # Its output is cropped at run time; the channels it keeps are still the input's, and
    # a DepthToSpace after it (which needs them at import) was refused.
    pool = helper.make_node(
        "MaxPool", ["x"], ["p"], kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1
    )
    _dynamic_image_case([pool, helper.make_node("DepthToSpace", ["p"], ["y"], blocksize=2)])


@pytest.mark.parametrize(("upper", "k"), [(0, 0), (1, 1), (0, -2), (1, -1)])
def test_trilu_over_a_matrix_whose_size_only_run_time_knows(upper, k):
    # GPT-2's causal mask with a dynamic sequence, as the TorchScript exporter writes it.
    node = helper.make_node("Trilu", ["x", "k"], ["y"], upper=upper)
    model = model_of(
        [node], [("x", F, ["B", "S", "T"])], [("y", F, None)], [("k", np.array(k, np.int64))]
    )
    graph, values = gg.import_onnx(model)
    rng = np.random.default_rng(13)
    with gg.Session(graph) as sess:
        for shape in ((2, 4, 4), (1, 3, 6), (3, 5, 2)):
            x = rng.normal(size=shape).astype(np.float32)
            got = sess.run(values["y"], {values["x"]: x})
            np.testing.assert_array_equal(got, ort_run(model, {"x": x})[0])
