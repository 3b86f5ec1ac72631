"""ONNX's Attention (opset 23) against onnxruntime: a decoder step as exporters write it,
grouped-query heads, a KV cache, a causal mask over it and a boolean padding mask."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper  # noqa: E402

import graphgate as gg  # noqa: E402

F = TensorProto.FLOAT


def attention_model(*, causal, mask, past, three_d):
    b, sq, past_len, hq, hkv, d = 2, 3, 4, 4, 2, 8
    if three_d:
        shapes = {"Q": [b, sq, hq * d], "K": [b, sq, hkv * d], "V": [b, sq, hkv * d]}
    else:
        shapes = {"Q": [b, hq, sq, d], "K": [b, hkv, sq, d], "V": [b, hkv, sq, d]}
    skv = sq + (past_len if past else 0)
    inputs = [helper.make_tensor_value_info(n, F, s) for n, s in shapes.items()]
    names = ["Q", "K", "V", "", "", ""]
    if mask:
        inputs.append(helper.make_tensor_value_info("mask", TensorProto.BOOL, [b, 1, sq, skv]))
        names[3] = "mask"
    if past:
        for n in ("past_key", "past_value"):
            inputs.append(helper.make_tensor_value_info(n, F, [b, hkv, past_len, d]))
        names[4:6] = ["past_key", "past_value"]
    while names[-1] == "":
        names.pop()
    attrs = {"is_causal": int(causal)}
    if three_d:
        attrs |= {"q_num_heads": hq, "kv_num_heads": hkv}
    outs = ["Y", "present_key", "present_value"]
    node = helper.make_node("Attention", names, outs, **attrs)
    graph = helper.make_graph(
        [node], "attn", inputs, [helper.make_tensor_value_info(o, F, None) for o in outs]
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 23)])
    model.ir_version = 10
    rng = np.random.default_rng(4)
    feeds = {i.name: None for i in inputs}
    for i in inputs:
        dims = [d.dim_value for d in i.type.tensor_type.shape.dim]
        if i.type.tensor_type.elem_type == TensorProto.BOOL:
            m = rng.uniform(size=dims) > 0.3
            m[..., 0] = True  # every row attends something
            feeds[i.name] = m
        else:
            feeds[i.name] = rng.normal(0, 1, dims).astype(np.float32)
    return model, feeds


CASES = [
    {"causal": True, "mask": False, "past": True, "three_d": True},
    {"causal": False, "mask": True, "past": True, "three_d": False},
    {"causal": True, "mask": True, "past": False, "three_d": False},
]


@pytest.mark.parametrize("kw", CASES, ids=["causal-cache-3d", "mask-cache", "causal-mask"])
def test_attention_equals_onnxruntime(kw):
    model, feeds = attention_model(**kw)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    want = sess.run(None, feeds)
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        got = s.run(
            [values[o.name] for o in model.graph.output],
            {values[k]: v for k, v in feeds.items()},
        )
    for o, w, g in zip(model.graph.output, want, got, strict=True):
        assert g.shape == w.shape, o.name
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6, err_msg=o.name)


@pytest.mark.parametrize("interleaved", [0, 1])
def test_rotary_embedding_equals_onnxruntime(interleaved):
    # GIVEN an LLM's rotary embedding on [B, S, hidden] with position ids into the caches,
    # rotating part of each head
    b, s, heads, d, rot = 2, 3, 2, 8, 6
    node = helper.make_node(
        "RotaryEmbedding",
        ["x", "cos", "sin", "pos"],
        ["y"],
        interleaved=interleaved,
        num_heads=heads,
        rotary_embedding_dim=rot,
    )
    graph = helper.make_graph(
        [node],
        "rope",
        [
            helper.make_tensor_value_info("x", F, [b, s, heads * d]),
            helper.make_tensor_value_info("cos", F, [10, rot // 2]),
            helper.make_tensor_value_info("sin", F, [10, rot // 2]),
            helper.make_tensor_value_info("pos", TensorProto.INT64, [b, s]),
        ],
        [helper.make_tensor_value_info("y", F, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 23)])
    model.ir_version = 10
    rng = np.random.default_rng(6)
    angles = rng.uniform(0, 3, (10, rot // 2))
    feeds = {
        "x": rng.normal(0, 1, (b, s, heads * d)).astype(np.float32),
        "cos": np.cos(angles).astype(np.float32),
        "sin": np.sin(angles).astype(np.float32),
        "pos": rng.integers(0, 10, (b, s)).astype(np.int64),
    }
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    (want,) = sess.run(None, feeds)
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess_:
        got = sess_.run(values["y"], {values[k]: v for k, v in feeds.items()})
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
