"""ONNX operators a lowering computes while importing (DFT and STFT probe their matrix
with ONNX's reference, windows and mel filter banks are made whole, Range's values, the
masks of Trilu and pooling sized by declared inputs): sizes and values from the model
are checked before anything is made, so a hostile model is a problem with
a stable code, never a MemoryError, a ZeroDivisionError or an IndexError (a 500 over
POST /v1/graphs)."""

from __future__ import annotations

import pytest

onnx = pytest.importorskip("onnx")

from onnx import TensorProto, helper  # noqa: E402

import graphgate as gg  # noqa: E402

# The service's per-tensor limit (graph_documents.MAX_TENSOR_ELEMENTS).
LIMITS = gg.Limits(max_tensor_elements=100_000_000)


def i64(name, value):
    if isinstance(value, list):
        return helper.make_tensor(name, TensorProto.INT64, [len(value)], value)
    return helper.make_tensor(name, TensorProto.INT64, [], [value])


def f32(name, value):
    return helper.make_tensor(name, TensorProto.FLOAT, [], [value])


def model(node, x_shape, *initializers, x_type=TensorProto.FLOAT, opset=20):
    graph = helper.make_graph(
        [node],
        "hostile",
        [helper.make_tensor_value_info("x", x_type, x_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializer=list(initializers),
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def dft(x_shape, *inits):
    return model(helper.make_node("DFT", ["x", "n", "a"], ["y"]), x_shape, *inits)


def stft(signal, step, length):
    node = helper.make_node("STFT", ["x", "s", "", "l"], ["y"])
    return model(node, [1, signal, 1], i64("s", step), i64("l", length))


def range_(start, limit, delta):
    bounds = [f32(n, v) for n, v in zip("sld", (start, limit, delta), strict=True)]
    return model(helper.make_node("Range", ["s", "l", "d"], ["y"]), [1], *bounds)


def window(size):
    return model(helper.make_node("HannWindow", ["n"], ["y"]), [1], i64("n", size))


def mel(bins, length, lower, upper):
    names = ["b", "l", "r", "lo", "hi"]
    inits = [i64("b", bins), i64("l", length), i64("r", 16000), f32("lo", lower), f32("hi", upper)]
    return model(helper.make_node("MelWeightMatrix", names, ["y"]), [1], *inits)


@pytest.mark.parametrize(
    "hostile",
    [
        # an identity of 30,000² float64 (6.7 GB) to probe the DFT's matrix
        lambda: dft([1, 30_000, 1], i64("n", 30_000), i64("a", 1)),
        # a dft_length of 2^31: a 128 GB map
        lambda: dft([1, 4, 1], i64("n", 2**31), i64("a", 1)),
        # 20,001 frames of 20,000 offsets (3 GB of int64)
        lambda: stft(40_000, 1, 20_000),
        lambda: window(2**40),
        lambda: mel(2**20, 2**20, 0.0, 8000.0),
        # inputs declared past the limit (no value could be fed): Trilu's mask of 10^10
        # bools, EyeLike's 75 GB, a blocked scale's 2^40 gather indices, a pooling mask
        lambda: model(helper.make_node("Trilu", ["x"], ["y"]), [100_000, 100_000]),
        lambda: model(helper.make_node("EyeLike", ["x"], ["y"]), [100_000, 100_000]),
        lambda: model(
            helper.make_node("DequantizeLinear", ["x", "sc"], ["y"], axis=1, block_size=2),
            [1, 2**40],
            helper.make_tensor("sc", TensorProto.FLOAT, [1, 2], [1.0, 1.0]),
            x_type=TensorProto.INT8,
            opset=21,
        ),
        lambda: model(
            helper.make_node("AveragePool", ["x"], ["y"], kernel_shape=[3, 3], pads=[1] * 4),
            [1, 1, 40_000, 40_000],
        ),
    ],
)
def test_what_an_import_would_make_past_the_limit_is_refused_first(hostile):
    with pytest.raises(gg.ResourceExhaustedError) as info:
        gg.import_onnx(hostile(), limits=LIMITS)
    assert info.value.code == "TENSOR_TOO_LARGE"


@pytest.mark.parametrize(
    "hostile",
    [
        lambda: dft([1, 4, 1], i64("n", -5), i64("a", 1)),  # was numpy's ValueError
        lambda: stft(16, 0, 4),  # was a ZeroDivisionError
        lambda: stft(16, -3, 4),
        lambda: stft(16, 1, 0),
        lambda: stft(16, 1, 17),  # longer than the signal: no frame
        lambda: window(-4),  # was a graph of an empty window
        lambda: mel(4, 8, float("nan"), float("inf")),  # was the reference's IndexError
        lambda: mel(4, 8, 100.0, 50.0),
        lambda: mel(8, 16, 0.0, 18000.0),  # past sample_rate / 2: the reference's IndexError
        lambda: model(  # a negative size: numpy's ValueError in the reference
            helper.make_node("AffineGrid", ["x", "s"], ["y"]),
            [1, 2, 3],
            i64("s", [1, 1, -2, 3]),
        ),
        lambda: range_(0.0, 5.0, 0.0),  # was a ZeroDivisionError
        lambda: range_(0.0, float("nan"), 1.0),  # was a ValueError
    ],
)
def test_sizes_and_edges_onnx_cannot_compute_are_invalid(hostile):
    # refused with or without limits: they are wrong, not large
    for limits in (LIMITS, None):
        with pytest.raises(gg.InvalidArgumentError) as info:
            gg.import_onnx(hostile(), limits=limits)
        assert info.value.code == "INVALID_ATTR"
