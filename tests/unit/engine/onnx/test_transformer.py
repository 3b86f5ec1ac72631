"""A BERT-like encoder layer as torch.onnx.export writes one with dynamic batch and sequence
axes (Range / Expand / ConstantOfShape position ids, Shape arithmetic for the head split,
Where-masked scores, LayerNormalization, Erf-based GELU), against onnxruntime."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import graphgate as gg  # noqa: E402

V, E, HEADS = 30, 16, 4
D = E // HEADS


def _n(op, ins, outs, **kw):
    return helper.make_node(op, ins, outs, **kw)


def encoder_model():
    rng = np.random.default_rng(0)
    w = {
        "word": rng.normal(0, 0.5, (V, E)),
        "pos": rng.normal(0, 0.5, (64, E)),
        "ln_g": 1 + rng.normal(0, 0.1, E),
        "ln_b": rng.normal(0, 0.1, E),
        "wq": rng.normal(0, 0.3, (E, E)),
        "wk": rng.normal(0, 0.3, (E, E)),
        "wv": rng.normal(0, 0.3, (E, E)),
        "wo": rng.normal(0, 0.3, (E, E)),
        "w1": rng.normal(0, 0.3, (E, 2 * E)),
        "w2": rng.normal(0, 0.3, (2 * E, E)),
    }
    inits = [numpy_helper.from_array(v.astype(np.float32), k) for k, v in w.items()]
    ints = {
        "zero": np.array(0, np.int64),
        "one": np.array(1, np.int64),
        "i12": np.array([1, 2], np.int64),
        "i0": np.array([0], np.int64),
        "i2": np.array([2], np.int64),
        "hd": np.array([HEADS, D], np.int64),
        "minus1": np.array([-1], np.int64),
    }
    floats = {"sqrt_d": np.array(np.sqrt(D), np.float32), "half": np.array(0.5, np.float32)}
    floats["rt2"] = np.array(np.sqrt(2.0), np.float32)
    floats["neg"] = np.array(-1e9, np.float32)
    inits += [numpy_helper.from_array(v, k) for k, v in (ints | floats).items()]
    nodes = [
        # position ids: Range(0, seq) expanded over the batch
        _n("Shape", ["ids"], ["ids_shape"]),
        _n("Gather", ["ids_shape", "one"], ["seq"]),
        _n("Range", ["zero", "seq", "one"], ["pos_range"]),
        _n("Unsqueeze", ["pos_range", "i0"], ["pos_row"]),
        _n("Expand", ["pos_row", "ids_shape"], ["pos_ids"]),
        _n("Gather", ["word", "ids"], ["we"]),
        _n("Gather", ["pos", "pos_ids"], ["pe"]),
        _n("Add", ["we", "pe"], ["emb"]),
        _n("LayerNormalization", ["emb", "ln_g", "ln_b"], ["x"], axis=-1, epsilon=1e-12),
        # heads: reshape to [B, S, H, D] from Shape arithmetic, then [B, H, S, D]
        _n("Shape", ["x"], ["x_shape"]),
        _n("Slice", ["x_shape", "i0", "i2"], ["bs"]),
        _n("Concat", ["bs", "hd"], ["split_shape"], axis=0),
        *[
            node
            for name in ("q", "k", "v")
            for node in (
                _n("MatMul", ["x", f"w{name}"], [f"{name}_flat"]),
                _n("Reshape", [f"{name}_flat", "split_shape"], [f"{name}_4"]),
                _n("Transpose", [f"{name}_4"], [f"{name}_h"], perm=[0, 2, 1, 3]),
            )
        ],
        _n("Transpose", ["k_h"], ["k_t"], perm=[0, 1, 3, 2]),
        _n("MatMul", ["q_h", "k_t"], ["raw"]),
        _n("Div", ["raw", "sqrt_d"], ["scores"]),
        # masked_fill(mask == 0, -1e9) with the mask as [B, 1, 1, S]
        _n("Unsqueeze", ["mask", "i12"], ["mask4"]),
        _n("Equal", ["mask4", "zero"], ["pad"]),
        _n("Where", ["pad", "neg", "scores"], ["masked"]),
        _n("Softmax", ["masked"], ["probs"], axis=-1),
        _n("MatMul", ["probs", "v_h"], ["ctx_h"]),
        _n("Transpose", ["ctx_h"], ["ctx_4"], perm=[0, 2, 1, 3]),
        _n("Concat", ["bs", "minus1"], ["merge_shape"], axis=0),
        _n("Reshape", ["ctx_4", "merge_shape"], ["ctx"]),
        _n("MatMul", ["ctx", "wo"], ["attn"]),
        _n("Add", ["attn", "x"], ["res1"]),
        _n("LayerNormalization", ["res1", "ln_g", "ln_b"], ["h1"], axis=-1, epsilon=1e-12),
        # feed-forward with the exact GELU: x * 0.5 * (1 + erf(x / sqrt(2)))
        _n("MatMul", ["h1", "w1"], ["f1"]),
        _n("Div", ["f1", "rt2"], ["f1s"]),
        _n("Erf", ["f1s"], ["erf"]),
        _n("Add", ["erf", "f1_one"], ["erf1"]),
        _n("Mul", ["f1", "erf1"], ["g0"]),
        _n("Mul", ["g0", "half"], ["gelu"]),
        _n("MatMul", ["gelu", "w2"], ["f2"]),
        _n("Add", ["f2", "h1"], ["res2"]),
        _n("LayerNormalization", ["res2", "ln_g", "ln_b"], ["out"], axis=-1, epsilon=1e-12),
    ]
    inits.append(numpy_helper.from_array(np.array(1.0, np.float32), "f1_one"))
    graph = helper.make_graph(
        nodes,
        "encoder",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info("mask", TensorProto.INT64, ["batch", "seq"]),
        ],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["batch", "seq", E])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


@pytest.mark.parametrize("trainable", [True, False])
def test_a_bert_like_encoder_with_dynamic_axes_equals_onnxruntime(trainable):
    # GIVEN the encoder, and batches of two sizes and sequence lengths, padded at the end
    model = encoder_model()
    graph, values = gg.import_onnx(model, trainable=trainable)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(1)
    with gg.Session(graph) as s:
        s.run(gg.global_variables_initializer(graph))
        for batch, seq in ((2, 5), (3, 9)):
            ids = rng.integers(0, V, (batch, seq)).astype(np.int64)
            mask = np.ones((batch, seq), np.int64)
            mask[0, seq - 2 :] = 0
            (want,) = sess.run(None, {"ids": ids, "mask": mask})
            # THEN graphgate's output is onnxruntime's, at every size
            got = s.run(values["out"], {values["ids"]: ids, values["mask"]: mask})
            assert got.shape == want.shape == (batch, seq, E)
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
