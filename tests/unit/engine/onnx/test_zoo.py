"""Whole models in the shapes exporters write them (torch.onnx at opsets 13-17, tf2onnx,
keras2onnx), each run at two sizes of its dynamic axes against onnxruntime's answers
(`tests/reference/onnx_zoo.py` records `fixtures/onnx_zoo.npz`): torch's Shape/Gather/
Concat/Reshape plumbing, causal masks, ResNet, MobileNetV2 and U-Net blocks, BERT and GPT-2
layers, LSTM/GRU with their glue, a detection head, NHWC Transposes and Identity chains.
One imported graph answers both sizes, as one exported model serves every batch."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnx")

import graphgate as gg
from graphgate.onnx import import_onnx

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "onnx_zoo.npz"


@functools.cache
def _fixture():
    data = np.load(FIXTURE)
    return {k: data[k] for k in data.files}


@functools.cache
def _index():
    return {e["name"]: e for e in json.loads(_fixture()["index"].tobytes())}


def zoo_model(name):
    """The model's bytes and, per run, its feeds and onnxruntime's outputs."""
    data, entry = _fixture(), _index()[name]
    runs = []
    for r in range(entry["runs"]):
        feeds = {k: data[f"{name}/{r}/feed/{k}"] for k in entry["feeds"]}
        outs = [data[f"{name}/{r}/out/{j}"] for j in range(len(entry["outputs"]))]
        runs.append((feeds, outs))
    return data[f"{name}/model"].tobytes(), entry["outputs"], runs


def assert_as_onnxruntime(have, want):
    have = np.asarray(have)
    assert have.dtype == want.dtype and have.shape == want.shape, (have.shape, want.shape)
    if want.dtype.kind != "f":
        np.testing.assert_array_equal(have, want)
        return
    # float32 summed in another order than onnxruntime's MLAS: the last bits may differ
    scale = max(float(np.abs(want[np.isfinite(want)]).max(initial=0.0)), 1.0)
    np.testing.assert_allclose(have, want, rtol=1e-5, atol=2e-6 * scale)


def test_float16_between_casts_is_rounded_as_the_spec_says_not_as_onnxruntime_cpu_skips_it():
    # autocast's Cast(float16) -> Mul -> Cast(float32): onnxruntime's CPU provider runs the
    # Mul in float32 and drops the Casts (microsoft/onnxruntime#8787); ONNX's reference and
    # graphgate round to float16. The zoo expects the spec's answer there.
    name = "llama_rotary_rmsnorm"
    assert _index()[name]["spec_over_onnxruntime"] == ["mlp_fp16"]
    j = _index()[name]["outputs"].index("mlp_fp16")
    for r in range(2):
        spec, cpu = _fixture()[f"{name}/{r}/out/{j}"], _fixture()[f"{name}/{r}/onnxruntime/{j}"]
        np.testing.assert_array_equal(spec, spec.astype(np.float16).astype(np.float32))
        assert not np.array_equal(spec, cpu)
        np.testing.assert_allclose(spec, cpu, rtol=1e-3)


@pytest.mark.parametrize("name", sorted(_index()) if FIXTURE.exists() else [])
def test_an_exporters_model_equals_onnxruntime_at_two_sizes(name):
    raw, outputs, runs = zoo_model(name)
    graph, values = import_onnx(raw)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        for feeds, want in runs:
            got = sess.run([values[o] for o in outputs], {values[k]: v for k, v in feeds.items()})
            for have, expected in zip(got, want, strict=True):
                assert_as_onnxruntime(have, expected)


def test_the_zoo_holds_every_family():
    names = set(_index())
    assert len(names) == 42
    assert all(_index()[n]["runs"] == 2 for n in names)
    assert {n.split("_")[0] for n in names} >= {"torch", "tf2onnx", "keras2onnx", "bert"}
