"""What the export fuzzer (tests/reference/gg_fuzzexport.py) found in gg.export_onnx, one
test each: onnxruntime computes graphgate's numbers from the exported model."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

import graphgate as gg  # noqa: E402
from tests.unit.engine.onnx.test_import import ort_run  # noqa: E402


def _both(build, feeds: dict):
    """graphgate's outputs and onnxruntime's from the export of `build(x...)`."""
    graph = gg.Graph()
    with graph.as_default():
        xs = [gg.placeholder(gg.as_dtype(v.dtype), v.shape, name=k) for k, v in feeds.items()]
        outs = build(*xs)
        outs = outs if isinstance(outs, list) else [outs]
        names = [gg.identity(t, name=f"out{k}").name for k, t in enumerate(outs)]
    want = gg.Session(graph).run(names, {f"{k}:0": v for k, v in feeds.items()})
    model = gg.export_onnx(graph, names, list(feeds))
    return want, ort_run(model, feeds)


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_one_hot_of_negative_and_int32_indices_is_tfs(dtype):
    # GIVEN indices in range, negative and past the depth (TF: a row all off)
    indices = np.array([[0, -1, 3], [2, -3, -4]], dtype)

    # WHEN exported (int32 indices had no onnxruntime kernel; ONNX counts -1 from the end)
    want, got = _both(lambda i: gg.one_hot(i, 3, on_value=2.0, off_value=-1.0), {"i": indices})

    # THEN onnxruntime answers TF's rows
    np.testing.assert_array_equal(got[0], want[0])
    assert (got[0][0, 1] == -1.0).all() and (got[0][1, 1:] == -1.0).all()


def test_a_refusal_names_every_node_a_converter_refuses():
    # GIVEN a run-time one_hot depth (refused by its converter) and a run-time slice
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        n = gg.shape(x)[0]
        gg.identity(gg.one_hot(gg.constant([0, 1]), n, name="hot"), name="a")
        gg.identity(gg.slice(x, gg.stack([n - 2, 0]), [1, 2], name="cut"), name="b")

    # WHEN exported, THEN both are named (only the slice was)
    with pytest.raises(gg.errors.GraphgateError) as caught:
        gg.export_onnx(graph, ["a", "b"], ["x"])
    assert caught.value.code == "ONNX_UNSUPPORTED"
    assert sorted(p["node"] for p in caught.value.details["problems"]) == ["cut", "hot"]


def test_swish_exports_through_its_identity_n():
    # graphgate's swish is TF's: a custom gradient whose value passes an IdentityN.
    x = np.linspace(-3, 3, 8, dtype=np.float32).reshape(2, 4)

    want, got = _both(gg.nn.swish, {"x": x})

    np.testing.assert_allclose(got[0], want[0], rtol=1e-6)
