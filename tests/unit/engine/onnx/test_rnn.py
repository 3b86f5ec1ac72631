"""ONNX's RNN, GRU and LSTM against onnxruntime: every direction, sequence_lens, initial
states, both layouts, clip, peepholes, and a sequence whose length is known only at run time
(as PyTorch exports a language model with a dynamic sequence axis)."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import graphgate as gg  # noqa: E402

F = TensorProto.FLOAT
I32 = TensorProto.INT32
GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}


def recurrent_model(
    op,
    *,
    T,
    B,
    C,
    H,
    direction="forward",
    layout=0,
    lens=False,
    h0=False,
    c0=False,
    peep=False,
    dynamic=False,
    **attrs,
):
    """One recurrent node with its weights as initializers, as exporters write it."""
    rng = np.random.default_rng(7)
    D = 2 if direction == "bidirectional" else 1
    G = GATES[op]
    inits = {
        "W": rng.normal(0, 0.5, (D, G * H, C)).astype(np.float32),
        "R": rng.normal(0, 0.5, (D, G * H, H)).astype(np.float32),
        "B": rng.normal(0, 0.5, (D, 2 * G * H)).astype(np.float32),
    }
    if peep:
        inits["P"] = rng.normal(0, 0.5, (D, 3 * H)).astype(np.float32)
    seq, batch = ("T" if dynamic else T), ("N" if dynamic else B)
    x_shape = [batch, seq, C] if layout else [seq, batch, C]
    s_shape = [batch, D, H] if layout else [D, batch, H]
    inputs = [helper.make_tensor_value_info("X", F, x_shape)]
    names = ["X", "W", "R", "B", "", "", ""]
    if lens:
        inputs.append(helper.make_tensor_value_info("lens", I32, [batch]))
        names[4] = "lens"
    if h0:
        inputs.append(helper.make_tensor_value_info("h0", F, s_shape))
        names[5] = "h0"
    if op == "LSTM":
        if c0:
            inputs.append(helper.make_tensor_value_info("c0", F, s_shape))
            names[6] = "c0"
        if peep:
            names.append("P")
    while names[-1] == "":
        names.pop()
    outs = ["Y", "Y_h"] + (["Y_c"] if op == "LSTM" else [])
    node = helper.make_node(op, names, outs, hidden_size=H, direction=direction, **attrs)
    if layout:
        node.attribute.append(helper.make_attribute("layout", 1))
    graph = helper.make_graph(
        [node],
        "rnn",
        inputs,
        [helper.make_tensor_value_info(o, F, None) for o in outs],
        [numpy_helper.from_array(v, k) for k, v in inits.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 8
    return model


def feeds_for(model, T, B, C, H, D):
    rng = np.random.default_rng(11)
    names = {v.name for v in model.graph.input}
    layout = any(a.name == "layout" and a.i for a in model.graph.node[0].attribute)
    feeds = {"X": rng.normal(0, 1, (B, T, C) if layout else (T, B, C)).astype(np.float32)}
    if "lens" in names:
        feeds["lens"] = rng.integers(1, T + 1, B).astype(np.int32)
        feeds["lens"][0] = T
    for s in ("h0", "c0"):
        if s in names:
            feeds[s] = rng.normal(0, 1, (B, D, H) if layout else (D, B, H)).astype(np.float32)
    return feeds


def ort_run(model, feeds):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def ort_batchwise(op, feeds, **kw):
    """onnxruntime has no layout=1: the same model in layout 0, its feeds and outputs
    transposed (batch first <-> time first)."""
    twin = recurrent_model(op, **kw)
    moved = {k: np.swapaxes(v, 0, 1) if v.ndim == 3 else v for k, v in feeds.items()}
    y, *states = ort_run(twin, moved)
    return [np.transpose(y, [2, 0, 1, 3]), *(np.swapaxes(s, 0, 1) for s in states)]


def compare(model, feeds, rtol=1e-5, atol=1e-6, want=None):
    want = ort_run(model, feeds) if want is None else want
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as s:
        s.run(gg.global_variables_initializer(graph))
        got = s.run(
            [values[o.name] for o in model.graph.output], {values[k]: v for k, v in feeds.items()}
        )
    for o, w, g in zip(model.graph.output, want, got, strict=True):
        assert g.shape == w.shape, o.name
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol, err_msg=o.name)
    return graph


CASES = [
    ("RNN", {"direction": "reverse", "lens": True, "h0": True}),
    ("RNN", {"direction": "bidirectional", "activations": ["Relu", "Tanh"]}),
    ("GRU", {"direction": "bidirectional", "lens": True, "h0": True}),
    ("GRU", {"linear_before_reset": 1, "layout": 1, "h0": True, "lens": True}),
    ("GRU", {"direction": "reverse", "clip": 0.5}),
    ("LSTM", {"direction": "bidirectional", "lens": True, "h0": True, "c0": True}),
    ("LSTM", {"peep": True, "h0": True, "c0": True, "clip": 1.0}),
    ("LSTM", {"layout": 1, "direction": "reverse", "lens": True}),
    ("LSTM", {"input_forget": 1, "peep": True}),
    (
        "LSTM",
        {
            "activations": ["HardSigmoid", "LeakyRelu", "ScaledTanh"],
            "activation_alpha": [0.3, 0.05, 0.9],
            "activation_beta": [0.4, 1.5],
        },
    ),
]


@pytest.mark.parametrize("op, kw", CASES, ids=[f"{op}-{i}" for i, (op, _) in enumerate(CASES)])
def test_recurrent_ops_equal_onnxruntime(op, kw):
    T, B, C, H = 5, 3, 4, 6
    model = recurrent_model(op, T=T, B=B, C=C, H=H, **kw)
    D = 2 if kw.get("direction") == "bidirectional" else 1
    feeds = feeds_for(model, T, B, C, H, D)
    want = None
    if kw.get("layout"):
        want = ort_batchwise(op, feeds, T=T, B=B, C=C, H=H, **{**kw, "layout": 0})
    compare(model, feeds, want=want)


@pytest.mark.parametrize("op", ["GRU", "LSTM"])
def test_a_sequence_of_run_time_length_is_scanned_not_unrolled(op):
    # GIVEN a model whose batch and sequence length are symbolic, as PyTorch exports a
    # language model with dynamic axes
    model = recurrent_model(
        op, T=0, B=0, C=4, H=5, direction="bidirectional", lens=True, dynamic=True
    )
    # THEN it runs at any length, equal to onnxruntime, through one loop per direction
    for T, B in ((7, 2), (3, 4)):
        graph = compare(model, feeds_for(model, T, B, 4, 5, 2))
    assert sum(op.type == "While" for op in graph.get_operations()) == 2


def test_an_unknown_activation_is_refused_at_import():
    model = recurrent_model("RNN", T=2, B=1, C=2, H=2, activations=["Sin"])
    with pytest.raises(gg.GraphgateError) as e:
        gg.import_onnx(model)
    assert e.value.code == "ONNX_UNSUPPORTED"
    assert "activations ['Sin']" in e.value.message


def test_a_pytorch_style_lstm_language_model_equals_onnxruntime():
    # GIVEN what torch.onnx.export writes for Embedding -> 2-layer LSTM -> Linear with
    # dynamic batch and sequence axes: Gather, LSTM, Squeeze of the direction axis, MatMul
    rng = np.random.default_rng(3)
    V, E, H = 20, 8, 6
    inits = {"emb": rng.normal(0, 1, (V, E)), "fc": rng.normal(0, 0.3, (H, V))}
    for k, n_in in ((0, E), (1, H)):
        inits[f"W{k}"] = rng.normal(0, 0.4, (1, 4 * H, n_in))
        inits[f"R{k}"] = rng.normal(0, 0.4, (1, 4 * H, H))
        inits[f"B{k}"] = rng.normal(0, 0.4, (1, 8 * H))
    inits["ax1"] = np.array([1], np.int64)
    nodes = [
        helper.make_node("Gather", ["emb", "tokens"], ["x0"]),
        helper.make_node("LSTM", ["x0", "W0", "R0", "B0"], ["y0", "h0", "c0"], hidden_size=H),
        helper.make_node("Squeeze", ["y0", "ax1"], ["x1"]),
        helper.make_node("LSTM", ["x1", "W1", "R1", "B1"], ["y1", "h1", "c1"], hidden_size=H),
        helper.make_node("Squeeze", ["y1", "ax1"], ["x2"]),
        helper.make_node("MatMul", ["x2", "fc"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "lm",
        [helper.make_tensor_value_info("tokens", TensorProto.INT64, ["seq", "batch"])],
        [helper.make_tensor_value_info(o, F, None) for o in ("logits", "h1", "c1")],
        [
            numpy_helper.from_array(v.astype(np.float32) if v.dtype == np.float64 else v, k)
            for k, v in inits.items()
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    # THEN every output equals onnxruntime's, for two sequence lengths
    for T in (5, 9):
        compare(model, {"tokens": rng.integers(0, V, (T, 3)).astype(np.int64)})


def test_a_long_static_sequence_loops_instead_of_unrolling():
    model = recurrent_model("GRU", T=40, B=2, C=3, H=4, direction="bidirectional", lens=True)
    graph = compare(model, feeds_for(model, 40, 2, 3, 4, 2))
    assert sum(op.type == "While" for op in graph.get_operations()) == 2
    assert len(graph.get_operations()) < 400  # unrolled, it would be thousands
