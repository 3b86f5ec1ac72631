"""`tf.contrib.rnn`'s block cells and LayerNormBasicLSTMCell.

The block cells run over the inputs and weights `tests/reference/contrib_rnn.py` gave TF's
fused kernels (fixture `contrib_rnn.json`) and must give TF's outputs and final states;
LayerNormBasicLSTMCell, whose TF (1.x contrib) is not installable next to TF 2, is checked
against its equations written in numpy, and its variables against TF1's names.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "contrib_rnn.json").read_text())


def _run(cell, x, values: dict) -> tuple:
    """`cell` over `x` in dynamic_rnn, its variables (by last name part) set to `values`."""
    graph = gg.Graph()
    with graph.as_default():
        out, state = gg.nn.dynamic_rnn(cell, gg.constant(x), dtype=gg.float32)
        variables = {v.op.name.rsplit("/", 1)[-1]: v for v in gg.global_variables()}
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            for name, value in values.items():
                variables[name].load(np.asarray(value, np.float32), sess)
            return sess.run([out, state]), sorted(v.op.name for v in gg.global_variables())


@pytest.mark.parametrize("name", ["lstm", "lstm_peephole_clip"])
def test_lstm_block_cell_gives_tensorflows_fused_kernel_numbers(name):
    case = FIXTURE["cases"][name]
    a = case["inputs"]
    peephole = name != "lstm"
    cell = gg.contrib.rnn.LSTMBlockCell(
        3,
        forget_bias=0.5 if peephole else 1.0,
        cell_clip=0.6 if peephole else None,
        use_peephole=peephole,
    )
    values = {"kernel": a["kernel"], "bias": a["bias"]}
    if peephole:
        values.update(w_i_diag=a["wci"], w_f_diag=a["wcf"], w_o_diag=a["wco"])
    (out, state), names = _run(cell, np.asarray(a["x"], np.float32), values)
    np.testing.assert_allclose(out, case["outputs"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(state.c, case["final_c"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(state.h, case["final_h"], rtol=1e-5, atol=1e-6)
    assert names[:2] == ["rnn/lstm_cell/bias", "rnn/lstm_cell/kernel"]


@pytest.mark.parametrize("version", [1, 2])
def test_gru_block_cells_give_tensorflows_fused_kernel_numbers(version):
    case = FIXTURE["cases"]["gru"]
    a = case["inputs"]
    if version == 1:
        # TF 1.x's own swap: the gates' kernel is named w_c, the candidate's w_ru.
        cell = gg.contrib.rnn.GRUBlockCell(3)
        values = {"w_c": a["w_ru"], "b_ru": a["b_ru"], "w_ru": a["w_c"], "b_c": a["b_c"]}
    else:
        cell = gg.contrib.rnn.GRUBlockCellV2(cell_size=3)
        values = {}
    if version == 2:
        graph = gg.Graph()
        with graph.as_default():
            out, state = gg.nn.dynamic_rnn(cell, gg.constant(np.float32(a["x"])), dtype=gg.float32)
            by_name = {v.op.name: v for v in gg.global_variables()}
            with gg.Session() as sess:
                sess.run(gg.global_variables_initializer())
                for key, name in (
                    ("w_ru", "gates/kernel"),
                    ("b_ru", "gates/bias"),
                    ("w_c", "candidate/kernel"),
                    ("b_c", "candidate/bias"),
                ):
                    by_name[f"rnn/gru_cell/{name}"].load(np.float32(a[key]), sess)
                out, state = sess.run([out, state])
    else:
        (out, state), names = _run(cell, np.asarray(a["x"], np.float32), values)
        assert names == [
            "rnn/gru_cell/b_c",
            "rnn/gru_cell/b_ru",
            "rnn/gru_cell/w_c",
            "rnn/gru_cell/w_ru",
        ]
    np.testing.assert_allclose(out, case["outputs"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(state, case["final_h"], rtol=1e-5, atol=1e-6)


def test_gru_block_cell_takes_exactly_one_size():
    with pytest.raises(ValueError, match="Exactly one"):
        gg.contrib.rnn.GRUBlockCell(3, cell_size=3)
    with pytest.raises(ValueError, match="Exactly one"):
        gg.contrib.rnn.GRUBlockCellV2()


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _layer_norm(z, gain, shift):
    mean = z.mean(axis=1, keepdims=True)
    var = ((z - mean) ** 2).mean(axis=1, keepdims=True)
    return (z - mean) / np.sqrt(var + 1e-12) * gain + shift


@pytest.mark.parametrize("layer_norm", [True, False])
def test_layer_norm_basic_lstm_cell_follows_its_equations(layer_norm):
    # GIVEN a cell with gain 1.5 and shift 0.2 over 3 steps of a batch of 2
    rng = np.random.RandomState(11)
    x = rng.randn(2, 3, 4).astype(np.float32)
    kernel = rng.randn(4 + 3, 12).astype(np.float32) * 0.5
    bias = rng.randn(12).astype(np.float32) * 0.2
    cell = gg.contrib.rnn.LayerNormBasicLSTMCell(
        3, forget_bias=0.7, layer_norm=layer_norm, norm_gain=1.5, norm_shift=0.2
    )
    values = {"kernel": kernel} if layer_norm else {"kernel": kernel, "bias": bias}
    # WHEN it runs in dynamic_rnn
    (out, state), names = _run(cell, x, values)
    # THEN each step is the contrib cell's: normalized gates and state, then the LSTM update
    c = h = np.zeros((2, 3), np.float32)
    for t in range(3):
        z = np.concatenate([x[:, t], h], 1) @ kernel
        if not layer_norm:
            z = z + bias
        i, j, f, o = np.split(z, 4, axis=1)
        if layer_norm:
            i, j, f, o = (_layer_norm(g, 1.5, 0.2) for g in (i, j, f, o))
        c = c * _sigmoid(f + 0.7) + _sigmoid(i) * np.tanh(j)
        if layer_norm:
            c = _layer_norm(c, 1.5, 0.2)
        h = np.tanh(c) * _sigmoid(o)
        np.testing.assert_allclose(out[:, t], h, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(state.c, c, rtol=1e-4, atol=1e-5)
    prefix = "rnn/layer_norm_basic_lstm_cell/"
    if layer_norm:
        assert prefix + "state/gamma" in names and prefix + "input/beta" in names
    else:
        assert names == [prefix + "bias", prefix + "kernel"]


def test_attention_cell_wrapper_follows_its_equations_and_names():
    # GIVEN a BasicLSTMCell(3) with attention over a window of 2, inputs of width 2
    rng = np.random.RandomState(12)
    x = rng.randn(2, 4, 2).astype(np.float32)
    w = {
        "kernel": rng.randn(2 + 3, 2),
        "bias": rng.randn(2),
        "basic_lstm_cell/kernel": rng.randn(2 + 3, 12),
        "basic_lstm_cell/bias": rng.randn(12),
        "attention/attn_w": rng.randn(1, 1, 3, 3),
        "attention/attn_v": rng.randn(3),
        "attention/kernel": rng.randn(6, 3),
        "attention/bias": rng.randn(3),
        "attn_output_projection/kernel": rng.randn(6, 3),
        "attn_output_projection/bias": rng.randn(3),
    }
    w = {k: (v * 0.5).astype(np.float32) for k, v in w.items()}
    cell = gg.contrib.rnn.AttentionCellWrapper(gg.nn.rnn_cell.BasicLSTMCell(3), attn_length=2)
    graph = gg.Graph()
    with graph.as_default():
        out, state = gg.nn.dynamic_rnn(cell, gg.constant(x), dtype=gg.float32)
        names = [v.op.name for v in gg.global_variables()]
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            for v in gg.global_variables():
                v.load(w[v.op.name.removeprefix("rnn/attention_cell_wrapper/")], sess)
            got, final = sess.run([out, state])
    # THEN the variables are TF1's, in TF1's order
    assert names == [
        "rnn/attention_cell_wrapper/kernel",
        "rnn/attention_cell_wrapper/bias",
        "rnn/attention_cell_wrapper/basic_lstm_cell/kernel",
        "rnn/attention_cell_wrapper/basic_lstm_cell/bias",
        "rnn/attention_cell_wrapper/attention/attn_w",
        "rnn/attention_cell_wrapper/attention/attn_v",
        "rnn/attention_cell_wrapper/attention/kernel",
        "rnn/attention_cell_wrapper/attention/bias",
        "rnn/attention_cell_wrapper/attn_output_projection/kernel",
        "rnn/attention_cell_wrapper/attn_output_projection/bias",
    ]
    # AND each step is the contrib wrapper's: mix, LSTM, attend over the window, project
    c = h = np.zeros((2, 3), np.float32)
    attns, window = np.zeros((2, 3), np.float32), np.zeros((2, 2, 3), np.float32)
    for t in range(4):
        mixed = np.concatenate([x[:, t], attns], 1) @ w["kernel"] + w["bias"]
        z = np.concatenate([mixed, h], 1) @ w["basic_lstm_cell/kernel"] + w["basic_lstm_cell/bias"]
        i, j, f, o = np.split(z, 4, axis=1)
        c = c * _sigmoid(f + 1.0) + _sigmoid(i) * np.tanh(j)
        h = np.tanh(c) * _sigmoid(o)
        features = window @ w["attention/attn_w"][0, 0]  # [batch, length, vec]
        query = np.concatenate([c, h], 1) @ w["attention/kernel"] + w["attention/bias"]
        scores = (w["attention/attn_v"] * np.tanh(features + query[:, None, :])).sum(-1)
        weights = np.exp(scores - scores.max(1, keepdims=True))
        weights /= weights.sum(1, keepdims=True)
        attns = (weights[:, :, None] * window).sum(1)
        projected = np.concatenate([h, attns], 1) @ w["attn_output_projection/kernel"]
        output = projected + w["attn_output_projection/bias"]
        window = np.concatenate([window[:, 1:], output[:, None]], 1)
        np.testing.assert_allclose(got[:, t], output, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(final[2], window.reshape(2, 6), rtol=1e-4, atol=1e-5)


def test_lstm_block_fused_cell_gives_tensorflows_block_lstm_numbers():
    # GIVEN TF's BlockLSTM inputs: time-major, peepholes, an initial state, lengths 5, 2, 0
    case = FIXTURE["cases"]["fused"]
    a = {k: np.asarray(v) for k, v in case["inputs"].items()}
    graph = gg.Graph()
    with graph.as_default():
        cell = gg.contrib.rnn.LSTMBlockFusedCell(3, forget_bias=0.8, use_peephole=True)
        state = (gg.constant(a["c0"].astype(np.float32)), gg.constant(a["h0"].astype(np.float32)))
        out, final = cell(
            gg.constant(a["x"].astype(np.float32)),
            initial_state=state,
            sequence_length=gg.constant(a["lengths"]),
        )
        names = [v.op.name for v in gg.global_variables()]
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            for v in gg.global_variables():
                v.load(a[v.op.name.rsplit("/", 1)[-1]].astype(np.float32), sess)
            # WHEN it runs
            got, (c, h) = sess.run([out, final])
    # THEN outputs and final states are TF's: zero past a length, gathered at it
    np.testing.assert_allclose(got, case["outputs"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c, case["final_c"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h, case["final_h"], rtol=1e-5, atol=1e-6)
    assert names == [
        "lstm_fused_cell/kernel",
        "lstm_fused_cell/bias",
        "lstm_fused_cell/w_i_diag",
        "lstm_fused_cell/w_f_diag",
        "lstm_fused_cell/w_o_diag",
    ]
