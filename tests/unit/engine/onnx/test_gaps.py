"""ONNX cases graphgate once refused when importing, replayed from onnxruntime's answers
(`tests/reference/onnx_gaps.py` records `fixtures/onnx_gaps.npz`; onnx's reference
evaluator agrees with onnxruntime on every one): Pad by pads the graph computes, in every
mode, with `axes` and negative pads; Conv and ConvTranspose over volumes (rank 5) and Conv
with strides and dilations both above 1; Squeeze without axes over a symbolic batch;
training-mode Dropout with a computed ratio; Resize's keep_aspect_ratio_policy; Unique
along an axis (sorted and in first-appearance order, a symbolic and an empty axis); Scan at
opset 8, which scans each element of a batch. And cases graphgate answered otherwise: the
reductions' `noop_with_empty_axes` (|x| for ReduceL1, not x), ArgMax/ArgMin/Hardmax of
empty tensors, GatherND's negative indices.

Where onnxruntime refuses a case (reflect or wrap padding wider than the axis left after
cropping), graphgate must refuse it with one of its own errors; the cases in REFUSED are
ones graphgate refuses where onnxruntime answers, never with a number.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnx")

import graphgate as gg
from graphgate.onnx import import_onnx

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "onnx_gaps.npz"

REFUSED: dict[str, str] = {
    # onnxruntime removes the batch of 1 and answers rank 1; graphgate fixed the rank at
    # import (the batch was symbolic) and fails the run rather than answer in another rank.
    "squeeze_batch_1": "ASSERTION_FAILED",
    # a random mask: no one answer (onnxruntime's is its own random draw)
    "dropout_training_ratio_0.5": "ASSERTION_FAILED",
    # keep_aspect_ratio_policy over negative axes: onnxruntime answers a copy (axes -1, -2)
    # or resizes one axis (-2, 3), not the shape its own inference declares; ONNX's
    # reference takes no negative axes there
    "resize_not_larger_linear_22": "ONNX_UNSUPPORTED",
    "resize_not_smaller_cubic_23": "ONNX_UNSUPPORTED",
    # Scan-8 runs each batch element's own Scan: a batch only run time knows is refused,
    # and so are sequence_lens (onnxruntime pads the short sequences' outputs with zeros)
    "scan8_batchN": "ONNX_UNSUPPORTED",
    "scan8_batch2_sequence_lens": "ONNX_UNSUPPORTED",
}


@functools.cache
def _fixture():
    data = np.load(FIXTURE)
    return {k: data[k] for k in data.files}


def _index():
    return {e["name"]: e for e in json.loads(_fixture()["index"].tobytes())}


def _run(name):
    import onnx

    data, entry = _fixture(), _index()[name]
    model = onnx.load_from_string(data[f"{name}/model"].tobytes())
    graph, values = import_onnx(model)
    outs = [v.name for v in model.graph.output]
    feeds = {values[k]: data[f"{name}/feed/{k}"] for k in entry["feeds"]}
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        return sess.run([values[o] for o in outs], feeds)


@pytest.mark.parametrize("name", sorted(_index()) if FIXTURE.exists() else [])
def test_gap_case_matches_onnxruntime(name):
    entry = _index()[name]
    if entry["refused"] or name in REFUSED:
        with pytest.raises(gg.GraphgateError) as exc:
            _run(name)
        if name in REFUSED:
            assert exc.value.code == REFUSED[name]
        return
    got = _run(name)
    assert len(got) == entry["outputs"]
    for j, have in enumerate(got):
        want = _fixture()[f"{name}/out/{j}"]
        have = np.asarray(have)
        assert have.dtype == want.dtype and have.shape == want.shape, (have.shape, want.shape)
        exact = ("pad", "squeeze", "unique", "scan8", "gathernd", "hardmax", "noop_ReduceM")
        if want.dtype.kind != "f" or name.startswith(exact):
            np.testing.assert_array_equal(have, want)  # data movement: exact
        else:  # convolutions sum in another order than onnxruntime's MLAS
            # scaled by the finite values: an inf or NaN in `want` made the tolerance
            # inf or NaN, which passes anything (assert_allclose matches those in place)
            scale = max(float(np.abs(want[np.isfinite(want)]).max(initial=0.0)), 1.0)
            np.testing.assert_allclose(have, want, rtol=0, atol=2e-6 * scale)


def test_the_fixture_holds_every_family():
    names = _index()
    assert sum(n.startswith("pad_") for n in names) == 33
    assert sum(n.startswith("conv_3d") for n in names) == 8
    assert sum(n.startswith("convtranspose_3d") for n in names) == 8
    assert sum(n.startswith("resize_") for n in names) == 24
    assert sum(n.startswith("unique_") for n in names) == 26
    assert sum(n.startswith("scan8_") for n in names) == 5
    assert sum(n.startswith("noop_") for n in names) == 20
    assert sum(n.startswith(("argmax_", "argmin_", "hardmax_")) for n in names) == 35
    assert sum(n.startswith("gathernd_negative") for n in names) == 10
