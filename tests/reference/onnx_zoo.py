"""Reference values for whole models in the shapes exporters write them: torch.onnx's
TorchScript exporter (opsets 13-17: Shape/Gather/Unsqueeze/Concat plumbing, causal masks
from Trilu or Less(Range, Range), ConstantOfShape, Expand, Cast chains, decomposed
LayerNorm, both GELUs, LSTM/GRU with their Transpose/Squeeze glue), tf2onnx (NHWC with
Transposes around each Conv, shapes cast to int32) and keras2onnx (Identity chains, names
with ':' and '/'). Tiny sizes, seeded initializers; each model runs in onnxruntime at two
sizes of its dynamic axes, and both answers are recorded.

    /work/tfvenv/bin/python tests/reference/onnx_zoo.py   # writes fixtures/onnx_zoo.npz

The fixture keeps each model's bytes, feeds and outputs, so
tests/unit/engine/onnx/test_zoo.py needs neither onnxruntime nor this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

OUT = Path(__file__).resolve().parents[1] / "unit" / "engine" / "fixtures" / "onnx_zoo.npz"
F, I64, I32, B = TensorProto.FLOAT, TensorProto.INT64, TensorProto.INT32, TensorProto.BOOL


class G:
    """A graph under construction: nodes named as the TorchScript exporter names them."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.nodes: list = []
        self.inits: list = []
        self.count = 0

    def w(self, name, shape, scale=0.3, offset=0.0):
        value = (offset + self.rng.normal(0, scale, shape)).astype(np.float32)
        self.inits.append(numpy_helper.from_array(value, name))
        return name

    def const(self, name, value, dtype=np.int64):
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype), name))
        return name

    def node(self, op, ins, n_out=1, domain="", **attrs):
        self.count += 1
        outs = [f"/{op}_{self.count}_output_{i}" for i in range(n_out)]
        self.nodes.append(helper.make_node(op, ins, outs, name=f"/{op}_{self.count}", **attrs))
        return outs[0] if n_out == 1 else outs

    def constant(self, value, dtype=np.int64):
        """A Constant node, as torch writes its literals."""
        tensor = numpy_helper.from_array(np.asarray(value, dtype))
        return self.node("Constant", [], value=tensor)

    def model(self, inputs, outputs, opset, producer="pytorch"):
        out_names = []
        for i, (name, src) in enumerate(outputs):
            self.nodes.append(helper.make_node("Identity", [src], [name], name=f"/out_{i}"))
            out_names.append(name)
        graph = helper.make_graph(
            self.nodes,
            "main_graph",
            [helper.make_tensor_value_info(n, t, s) for n, t, s in inputs],
            [helper.make_empty_tensor_value_info(n) for n in out_names],
            self.inits,
        )
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
        m.ir_version = 8
        m.producer_name = producer
        return m  # checked once its outputs are declared

    # -- torch idioms -------------------------------------------------------------------
    def dim(self, x, axis):
        """x.size(axis) as a 1-element vector: Shape -> Gather -> Unsqueeze."""
        shape = self.node("Shape", [x])
        d = self.node("Gather", [shape, self.constant(axis)], axis=0)
        return self.node("Unsqueeze", [d, self.constant([0])])

    def scalar_dim(self, x, axis):
        shape = self.node("Shape", [x])
        return self.node("Gather", [shape, self.constant(axis)], axis=0)

    def linear(self, x, n_in, n_out, name):
        """nn.Linear on a 3-D input: MatMul by the transposed weight, then Add."""
        y = self.node("MatMul", [x, self.w(f"{name}.weight_t", (n_in, n_out))])
        return self.node("Add", [self.w(f"{name}.bias", (n_out,), 0.1), y])

    def layer_norm_decomposed(self, x, n, name):
        """What torch writes for nn.LayerNorm below opset 17."""
        mean = self.node("ReduceMean", [x], axes=[-1], keepdims=1)
        d = self.node("Sub", [x, mean])
        sq = self.node("Pow", [d, self.constant(2.0, np.float32)])
        var = self.node("ReduceMean", [sq], axes=[-1], keepdims=1)
        eps = self.node("Add", [var, self.constant(1e-5, np.float32)])
        std = self.node("Sqrt", [eps])
        norm = self.node("Div", [d, std])
        scaled = self.node("Mul", [norm, self.w(f"{name}.weight", (n,), 0.1, 1.0)])
        return self.node("Add", [scaled, self.w(f"{name}.bias", (n,), 0.1)])

    def gelu_erf(self, x):
        div = self.node("Div", [x, self.constant(1.4142135381698608, np.float32)])
        erf = self.node("Erf", [div])
        plus = self.node("Add", [erf, self.constant(1.0, np.float32)])
        mul = self.node("Mul", [x, plus])
        return self.node("Mul", [mul, self.constant(0.5, np.float32)])

    def gelu_tanh(self, x):
        """GPT-2's gelu_new: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
        half = self.node("Mul", [self.constant(0.5, np.float32), x])
        cube = self.node("Pow", [x, self.constant(3.0, np.float32)])
        inner = self.node("Mul", [self.constant(0.044715, np.float32), cube])
        s = self.node("Add", [x, inner])
        scaled = self.node("Mul", [self.constant(0.7978845608028654, np.float32), s])
        t = self.node("Tanh", [scaled])
        plus = self.node("Add", [self.constant(1.0, np.float32), t])
        return self.node("Mul", [half, plus])

    def split_heads(self, x, heads, d):
        """view(B, S, H, D).permute(0, 2, 1, 3) with B and S from Shape."""
        shape = self.node(
            "Concat",
            [self.dim(x, 0), self.dim(x, 1), self.const(f"hd{self.count}", [heads, d])],
            axis=0,
        )
        r = self.node("Reshape", [x, shape])
        return self.node("Transpose", [r], perm=[0, 2, 1, 3])

    def merge_heads(self, x, e):
        t = self.node("Transpose", [x], perm=[0, 2, 1, 3])
        shape = self.node("Concat", [self.dim(t, 0), self.dim(t, 1), self.constant([e])], axis=0)
        return self.node("Reshape", [t, shape])

    def conv_bn(self, x, c_in, c_out, k, name, stride=1, pad=0, dilation=1, group=1):
        w = self.w(f"{name}.weight", (c_out, c_in // group, k, k), 0.4)
        y = self.node(
            "Conv",
            [x, w],
            kernel_shape=[k, k],
            strides=[stride] * 2,
            pads=[pad] * 4,
            dilations=[dilation] * 2,
            group=group,
        )
        scale = self.w(f"{name}.bn.weight", (c_out,), 0.1, 1.0)
        bias = self.w(f"{name}.bn.bias", (c_out,), 0.1)
        mean = self.w(f"{name}.bn.running_mean", (c_out,), 0.1)
        var = self.const(f"{name}.bn.running_var", 0.5 + self.rng.random(c_out), np.float32)
        return self.node(
            "BatchNormalization", [y, scale, bias, mean, var], epsilon=1e-5, momentum=0.9
        )


def _x(rng, shape):
    return rng.standard_normal(shape).astype(np.float32)


# -- torch's dynamic-shape plumbing ---------------------------------------------------------


def torch_reshape_plumbing():
    """x.view(B, S, 2, 4).transpose(1, 2).reshape(B, -1, S * 2): sizes from Shape, Cast chains
    (torch's size arithmetic goes through float for a division), Expand, ConstantOfShape."""
    g = G(1)
    x = "input"
    b, s = g.dim(x, 0), g.dim(x, 1)
    shape = g.node("Concat", [b, s, g.constant([2, 4])], axis=0)
    v = g.node("Reshape", [x, shape])
    t = g.node("Transpose", [v], perm=[0, 2, 1, 3])
    # S * 2 as torch writes it over a traced int: Cast to float, Mul, Cast back, floor div
    s_f = g.node("Cast", [g.scalar_dim(x, 1)], to=F)
    s2 = g.node("Cast", [g.node("Mul", [s_f, g.constant(4.0, np.float32)])], to=I64)
    s2 = g.node("Div", [s2, g.constant(2)])  # integer Div truncates
    shape2 = g.node(
        "Concat", [b, g.constant([-1]), g.node("Unsqueeze", [s2, g.constant([0])])], axis=0
    )
    r = g.node("Reshape", [t, shape2])
    # ones = x.new_ones(B, 1, S * 2); expanded bias over the same shape
    ones = g.node(
        "ConstantOfShape",
        [
            g.node(
                "Concat", [b, g.constant([1]), g.node("Unsqueeze", [s2, g.constant([0])])], axis=0
            )
        ],
        value=numpy_helper.from_array(np.array([1.0], np.float32)),
    )
    bias = g.node("Expand", [g.w("bias", (1, 1, 1), 1.0), g.node("Shape", [r])])
    y = g.node("Add", [g.node("Mul", [r, ones]), bias])
    model = g.model([(x, F, ["batch", "seq", 8])], [("output", y)], 13)
    return model, [{"input": _x(g.rng, (2, 3, 8))}, {"input": _x(g.rng, (3, 5, 8))}]


def _attention_scores(g, x, e):
    q = g.linear(x, e, e, "q")
    k = g.linear(x, e, e, "k")
    kt = g.node("Transpose", [k], perm=[0, 2, 1])
    raw = g.node("MatMul", [q, kt])
    return g.node("Div", [raw, g.constant(np.sqrt(e), np.float32)])


def torch_causal_trilu():
    """torch.tril(torch.ones(S, S)) == 0 masked_fill(-inf): ConstantOfShape, Trilu, Equal, Where
    (opset 14)."""
    g = G(2)
    x, e = "hidden", 6
    scores = _attention_scores(g, x, e)
    s = g.dim(x, 1)
    ones = g.node(
        "ConstantOfShape",
        [g.node("Concat", [s, s], axis=0)],
        value=numpy_helper.from_array(np.array([1.0], np.float32)),
    )
    tril = g.node("Trilu", [ones], upper=0)
    masked = g.node("Equal", [tril, g.constant(0.0, np.float32)])
    filled = g.node("Where", [masked, g.constant(-np.inf, np.float32), scores])
    probs = g.node("Softmax", [filled], axis=-1)
    y = g.node("MatMul", [probs, g.linear(x, e, e, "v")])
    model = g.model([(x, F, ["batch", "seq", e])], [("out", y), ("probs", probs)], 14)
    return model, [{"hidden": _x(g.rng, (2, 4, e))}, {"hidden": _x(g.rng, (1, 7, e))}]


def torch_causal_range():
    """arange(S)[None, :] > arange(S)[:, None] as the mask, Not, Cast chains, and a
    slice of the last position with tensor starts/ends (opset 13)."""
    g = G(3)
    x, e = "hidden", 4
    scores = _attention_scores(g, x, e)
    s = g.scalar_dim(x, 1)
    r = g.node("Range", [g.constant(0), s, g.constant(1)])
    rows = g.node("Unsqueeze", [r, g.constant([1])])
    cols = g.node("Unsqueeze", [r, g.constant([0])])
    allowed = g.node("Not", [g.node("Less", [rows, cols])])
    as_float = g.node("Cast", [g.node("Cast", [allowed], to=I64)], to=F)
    neg = g.node(
        "Mul",
        [g.node("Sub", [g.constant(1.0, np.float32), as_float]), g.constant(-10000.0, np.float32)],
    )
    probs = g.node("Softmax", [g.node("Add", [scores, neg])], axis=-1)
    # last = probs[:, S-1:S, :] with starts/ends from the shape
    end = g.node("Unsqueeze", [s, g.constant([0])])
    start = g.node("Sub", [end, g.constant([1])])
    last = g.node("Slice", [probs, start, end, g.constant([1])])
    # every other position from 1: steps as a tensor
    odd = g.node(
        "Slice",
        [
            probs,
            g.constant([1]),
            g.constant([9223372036854775807]),
            g.constant([1]),
            g.constant([2]),
        ],
    )
    model = g.model(
        [(x, F, ["batch", "seq", e])], [("probs", probs), ("last", last), ("odd", odd)], 13
    )
    return model, [{"hidden": _x(g.rng, (2, 5, e))}, {"hidden": _x(g.rng, (3, 3, e))}]


def torch_attention_mask_plumbing():
    """HF's extended attention mask: mask[:, None, None, :] cast to float, (1 - m) * min,
    with Equal/Not/Where over int64 ids and an Expand to [B, 1, S, S] (opset 15)."""
    g = G(4)
    ids, mask, e = "input_ids", "attention_mask", 4
    table = g.w("embeddings.word_embeddings.weight", (11, e), 1.0)
    h = g.node("Gather", [table, ids])
    u = g.node("Unsqueeze", [g.node("Unsqueeze", [mask, g.constant([1])]), g.constant([2])])
    m = g.node("Cast", [u], to=F)
    ext = g.node(
        "Mul",
        [
            g.node("Sub", [g.constant(1.0, np.float32), m]),
            g.constant(np.finfo(np.float32).min, np.float32),
        ],
    )
    s = g.dim(ids, 1)
    full = g.node("Expand", [ext, g.node("Concat", [g.dim(ids, 0), g.constant([1]), s, s], axis=0)])
    scores = _attention_scores(g, h, e)
    scores4 = g.node("Unsqueeze", [scores, g.constant([1])])
    probs = g.node("Softmax", [g.node("Add", [scores4, full])], axis=-1)
    # pad tokens (id 0) zeroed: Equal, Not, Where
    keep = g.node("Not", [g.node("Equal", [ids, g.constant(0)])])
    keep3 = g.node("Unsqueeze", [keep, g.constant([-1])])
    hz = g.node("Where", [keep3, h, g.constant(0.0, np.float32)])
    model = g.model(
        [(ids, I64, ["batch", "seq"]), (mask, I64, ["batch", "seq"])],
        [("probs", probs), ("masked", hz)],
        15,
    )
    feeds = []
    for bsz, sl in ((2, 5), (3, 4)):
        idv = g.rng.integers(0, 11, (bsz, sl)).astype(np.int64)
        mv = np.ones((bsz, sl), np.int64)
        mv[0, -2:] = 0
        feeds.append({ids: idv, mask: mv})
    return model, feeds


# -- convolutional --------------------------------------------------------------------------


def resnet_ish():
    """Conv 7x7/2 + BN + Relu, MaxPool ceil_mode, a basic block with a 1x1/2 downsample,
    a dilated grouped Conv, GlobalAveragePool, Flatten, Gemm transB=1 (opset 13)."""
    g = G(5)
    x = "input"
    y = g.node("Relu", [g.conv_bn(x, 3, 8, 7, "conv1", stride=2, pad=3)])
    y = g.node("MaxPool", [y], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1)
    a = g.node("Relu", [g.conv_bn(y, 8, 12, 3, "layer1.0.conv1", stride=2, pad=1)])
    a = g.conv_bn(a, 12, 12, 3, "layer1.0.conv2", pad=1)
    down = g.conv_bn(y, 8, 12, 1, "layer1.0.downsample", stride=2)
    y = g.node("Relu", [g.node("Add", [a, down])])
    y = g.node("Relu", [g.conv_bn(y, 12, 12, 3, "layer2.dil", pad=2, dilation=2, group=3)])
    pooled = g.node("GlobalAveragePool", [y])
    flat = g.node("Flatten", [pooled], axis=1)
    logits = g.node(
        "Gemm",
        [flat, g.w("fc.weight", (5, 12)), g.w("fc.bias", (5,), 0.1)],
        alpha=1.0,
        beta=1.0,
        transB=1,
    )
    model = g.model([(x, F, ["batch", 3, 19, 21])], [("logits", logits)], 13)
    return model, [{x: _x(g.rng, (2, 3, 19, 21))}, {x: _x(g.rng, (3, 3, 19, 21))}]


def mobilenet_v2_ish():
    """Inverted residuals: 1x1 expand, Clip(0, 6) with min/max inputs, depthwise 3x3
    (group = channels) stride 1 and 2, linear projection, residual Add (opset 13)."""
    g = G(6)
    x = "input"
    y = g.conv_bn(x, 3, 8, 3, "features.0", stride=2, pad=1)
    lo, hi = g.constant(0.0, np.float32), g.constant(6.0, np.float32)
    y = g.node("Clip", [y, lo, hi])
    for i, stride in enumerate((1, 2)):
        e = g.node("Clip", [g.conv_bn(y, 8, 24, 1, f"b{i}.expand"), lo, hi])
        d = g.node(
            "Clip", [g.conv_bn(e, 24, 24, 3, f"b{i}.dw", stride=stride, pad=1, group=24), lo, hi]
        )
        p = g.conv_bn(d, 24, 8, 1, f"b{i}.project")
        y = g.node("Add", [y, p]) if stride == 1 else p
    pooled = g.node("ReduceMean", [y], axes=[2, 3], keepdims=0)  # mean([2, 3])
    logits = g.node(
        "Gemm",
        [pooled, g.w("classifier.weight", (4, 8)), g.w("classifier.bias", (4,), 0.1)],
        transB=1,
    )
    model = g.model([(x, F, ["batch", 3, 16, 16])], [("logits", logits)], 13)
    return model, [{x: _x(g.rng, (2, 3, 16, 16)) * 3}, {x: _x(g.rng, (1, 3, 16, 16)) * 3}]


def unet_decoder():
    """ConvTranspose stride 2 with output_padding, Resize nearest (asymmetric, floor) by
    scales, linear half_pixel by sizes taken from the skip's Shape, linear align_corners,
    Concat of the skip (opset 13)."""
    g = G(7)
    x, skip = "bottleneck", "skip"
    up = g.node(
        "ConvTranspose",
        [x, g.w("up.weight", (6, 4, 3, 3)), g.w("up.bias", (4,), 0.1)],
        kernel_shape=[3, 3],
        strides=[2, 2],
        pads=[1, 1, 1, 1],
        output_padding=[1, 1],
    )
    cat = g.node("Concat", [up, skip], axis=1)
    y = g.node(
        "Relu",
        [
            g.node(
                "Conv",
                [cat, g.w("dec.weight", (4, 8, 3, 3)), g.w("dec.bias", (4,), 0.1)],
                kernel_shape=[3, 3],
                pads=[1, 1, 1, 1],
            )
        ],
    )
    empty = g.constant(np.zeros(0, np.float32), np.float32)
    near = g.node(
        "Resize",
        [y, empty, g.constant([1, 1, 2, 2], np.float32)],
        mode="nearest",
        coordinate_transformation_mode="asymmetric",
        nearest_mode="floor",
    )
    # F.interpolate(y, size=skip.shape[-2:] * 3, mode="bilinear") : sizes from Shape
    hw = g.node("Slice", [g.node("Shape", [skip]), g.constant([2]), g.constant([4])])
    sizes = g.node(
        "Concat",
        [
            g.node("Slice", [g.node("Shape", [y]), g.constant([0]), g.constant([2])]),
            g.node("Mul", [hw, g.constant([3])]),
        ],
        axis=0,
    )
    lin = g.node(
        "Resize",
        [y, empty, empty, sizes],
        mode="linear",
        coordinate_transformation_mode="half_pixel",
    )
    ac = g.node(
        "Resize",
        [y, empty, g.constant([1, 1, 1.5, 1.5], np.float32)],
        mode="linear",
        coordinate_transformation_mode="align_corners",
    )
    model = g.model(
        [(x, F, ["batch", 6, "h", "w"]), (skip, F, ["batch", 4, "h2", "w2"])],
        [("near", near), ("bilinear", lin), ("corners", ac)],
        13,
    )
    return model, [
        {x: _x(g.rng, (2, 6, 3, 4)), skip: _x(g.rng, (2, 4, 6, 8))},
        {x: _x(g.rng, (1, 6, 5, 3)), skip: _x(g.rng, (1, 4, 10, 6))},
    ]


# -- transformers ---------------------------------------------------------------------------


def _bert_layer(g, h, e, heads, ext_mask, ln17, gelu):
    d = e // heads
    q = g.split_heads(g.linear(h, e, e, "attn.query"), heads, d)
    k = g.split_heads(g.linear(h, e, e, "attn.key"), heads, d)
    v = g.split_heads(g.linear(h, e, e, "attn.value"), heads, d)
    kt = g.node("Transpose", [k], perm=[0, 1, 3, 2])
    scores = g.node("Div", [g.node("MatMul", [q, kt]), g.constant(np.sqrt(d), np.float32)])
    probs = g.node("Softmax", [g.node("Add", [scores, ext_mask])], axis=-1)
    ctx = g.merge_heads(g.node("MatMul", [probs, v]), e)
    a = g.node("Add", [g.linear(ctx, e, e, "attn.output"), h])

    def norm(z, name):
        if ln17:
            return g.node(
                "LayerNormalization",
                [z, g.w(f"{name}.weight", (e,), 0.1, 1.0), g.w(f"{name}.bias", (e,), 0.1)],
                axis=-1,
                epsilon=1e-12,
            )
        return g.layer_norm_decomposed(z, e, name)

    a = norm(a, "attn.LayerNorm")
    f = gelu(g.linear(a, e, 2 * e, "intermediate.dense"))
    return norm(g.node("Add", [g.linear(f, 2 * e, e, "output.dense"), a]), "output.LayerNorm")


def _bert(seed, opset, ln17, gelu_name):
    g = G(seed)
    ids, mask, tt, e = "input_ids", "attention_mask", "token_type_ids", 8
    gelu = g.gelu_erf if gelu_name == "erf" else g.gelu_tanh
    word = g.node("Gather", [g.w("word_embeddings", (13, e), 1.0), ids])
    s = g.scalar_dim(ids, 1)
    pos_ids = g.node(
        "Unsqueeze", [g.node("Range", [g.constant(0), s, g.constant(1)]), g.constant([0])]
    )
    pos = g.node("Gather", [g.w("position_embeddings", (16, e), 1.0), pos_ids])
    typ = g.node("Gather", [g.w("token_type_embeddings", (2, e), 1.0), tt])
    emb = g.node("Add", [g.node("Add", [word, typ]), pos])
    if ln17:
        h = g.node(
            "LayerNormalization",
            [emb, g.w("emb.ln.weight", (e,), 0.1, 1.0), g.w("emb.ln.bias", (e,), 0.1)],
            axis=-1,
            epsilon=1e-12,
        )
    else:
        h = g.layer_norm_decomposed(emb, e, "emb.LayerNorm")
    u = g.node("Unsqueeze", [mask, g.constant([1, 2])])
    ext = g.node(
        "Mul",
        [
            g.node("Sub", [g.constant(1.0, np.float32), g.node("Cast", [u], to=F)]),
            g.constant(-10000.0, np.float32),
        ],
    )
    out = _bert_layer(g, h, e, 2, ext, ln17, gelu)
    pooled = g.node(
        "Tanh",
        [
            g.node(
                "Gemm",
                [
                    g.node(
                        "Squeeze",
                        [
                            g.node(
                                "Slice", [out, g.constant([0]), g.constant([1]), g.constant([1])]
                            ),
                            g.constant([1]),
                        ],
                    ),
                    g.w("pooler.weight", (e, e)),
                    g.w("pooler.bias", (e,), 0.1),
                ],
                transB=1,
            )
        ],
    )
    model = g.model(
        [
            (ids, I64, ["batch", "sequence"]),
            (tt, I64, ["batch", "sequence"]),
            (mask, I64, ["batch", "sequence"]),
        ],
        [("last_hidden_state", out), ("pooler_output", pooled)],
        opset,
    )
    feeds = []
    for bsz, sl in ((2, 6), (3, 4)):
        m = np.ones((bsz, sl), np.int64)
        m[-1, sl // 2 :] = 0
        feeds.append(
            {
                ids: g.rng.integers(0, 13, (bsz, sl)).astype(np.int64),
                tt: (np.arange(sl)[None, :] >= sl // 2).astype(np.int64).repeat(bsz, 0),
                mask: m,
            }
        )
    return model, feeds


def bert_tiny_ln17():
    """A BERT encoder layer at opset 17: LayerNormalization, erf GELU, additive mask."""
    return _bert(8, 17, True, "erf")


def bert_tiny_decomposed():
    """The same at opset 14: LayerNorm as ReduceMean/Sub/Pow/Sqrt/Div, tanh GELU."""
    return _bert(9, 14, False, "tanh")


def gpt2_block():
    """GPT-2's block: c_attn MatMul+Add, Split by sizes as an input (opset 13), the causal
    buffer sliced with tensor starts/ends [S_k - S_q : S_k], Where(mask, w, -10000),
    gelu_new, residuals; wpe from Range over the sequence."""
    g = G(10)
    ids, e, heads, n_ctx = "input_ids", 8, 2, 16
    d = e // heads
    s = g.scalar_dim(ids, 1)
    pos = g.node("Unsqueeze", [g.node("Range", [g.constant(0), s, g.constant(1)]), g.constant([0])])
    h = g.node(
        "Add",
        [
            g.node("Gather", [g.w("wte", (20, e), 1.0), ids]),
            g.node("Gather", [g.w("wpe", (n_ctx, e), 1.0), pos]),
        ],
    )
    ln1 = g.layer_norm_decomposed(h, e, "ln_1")
    qkv = g.linear(ln1, e, 3 * e, "attn.c_attn")
    q, k, v = g.node("Split", [qkv, g.constant([e, e, e])], n_out=3, axis=2)
    q, k, v = (g.split_heads(t, heads, d) for t in (q, k, v))
    w = g.node("MatMul", [q, g.node("Transpose", [k], perm=[0, 1, 3, 2])])
    w = g.node(
        "Div",
        [
            w,
            g.node(
                "Cast",
                [g.node("Sqrt", [g.node("Cast", [g.constant(float(d), np.float32)], to=F)])],
                to=F,
            ),
        ],
    )
    qlen, klen = g.scalar_dim(q, -2), g.scalar_dim(k, -2)
    bias = g.const("attn.bias", np.tril(np.ones((n_ctx, n_ctx), bool))[None, None], np.bool_)
    start = g.node("Unsqueeze", [g.node("Sub", [klen, qlen]), g.constant([0])])
    kend = g.node("Unsqueeze", [klen, g.constant([0])])
    causal = g.node("Slice", [bias, start, kend, g.constant([2])])
    causal = g.node("Slice", [causal, g.constant([0]), kend, g.constant([3])])
    w = g.node("Where", [causal, w, g.constant(-10000.0, np.float32)])
    probs = g.node("Softmax", [w], axis=-1)
    a = g.merge_heads(g.node("MatMul", [probs, v]), e)
    h = g.node("Add", [h, g.linear(a, e, e, "attn.c_proj")])
    m = g.gelu_tanh(g.linear(g.layer_norm_decomposed(h, e, "ln_2"), e, 4 * e, "mlp.c_fc"))
    h = g.node("Add", [h, g.linear(m, 4 * e, e, "mlp.c_proj")])
    logits = g.node(
        "MatMul", [g.layer_norm_decomposed(h, e, "ln_f"), g.node("Transpose", ["wte"], perm=[1, 0])]
    )
    model = g.model([(ids, I64, ["batch", "sequence"])], [("logits", logits)], 13)
    feeds = [
        {ids: g.rng.integers(0, 20, (2, 5)).astype(np.int64)},
        {ids: g.rng.integers(0, 20, (1, 9)).astype(np.int64)},
    ]
    return model, feeds


# -- recurrent ------------------------------------------------------------------------------


def torch_lstm_bidirectional():
    """nn.LSTM(batch_first=True, bidirectional=True) with (h0, c0) given: Transpose in,
    LSTM layout 0 without sequence_lens, Y [S, 2, B, H] -> Transpose -> Reshape [S, B, 2H]
    -> Transpose out; then a Linear on the last step (opset 14)."""
    g = G(11)
    x, h0, c0, n_in, hid = "input", "h0", "c0", 3, 5
    xt = g.node("Transpose", [x], perm=[1, 0, 2])
    w = g.w("lstm.W", (2, 4 * hid, n_in), 0.4)
    r = g.w("lstm.R", (2, 4 * hid, hid), 0.4)
    bb = g.w("lstm.B", (2, 8 * hid), 0.1)
    y, yh, yc = g.node(
        "LSTM", [xt, w, r, bb, "", h0, c0], n_out=3, direction="bidirectional", hidden_size=hid
    )
    yt = g.node("Transpose", [y], perm=[0, 2, 1, 3])
    shape = g.node("Concat", [g.dim(yt, 0), g.dim(yt, 1), g.constant([-1])], axis=0)
    seq = g.node("Transpose", [g.node("Reshape", [yt, shape])], perm=[1, 0, 2])
    last = g.node("Gather", [seq, g.constant(-1)], axis=1)
    out = g.node(
        "Gemm", [last, g.w("fc.weight", (2, 2 * hid)), g.w("fc.bias", (2,), 0.1)], transB=1
    )
    model = g.model(
        [(x, F, ["batch", "seq", n_in]), (h0, F, [2, "batch", hid]), (c0, F, [2, "batch", hid])],
        [("output", seq), ("h_n", yh), ("c_n", yc), ("logits", out)],
        14,
    )
    feeds = []
    for bsz, sl in ((2, 4), (3, 6)):
        feeds.append(
            {
                x: _x(g.rng, (bsz, sl, n_in)),
                h0: _x(g.rng, (2, bsz, hid)),
                c0: _x(g.rng, (2, bsz, hid)),
            }
        )
    return model, feeds


def torch_gru_two_layers():
    """nn.GRU(num_layers=2) as torch writes it: one GRU op per layer, linear_before_reset=1,
    Squeeze of the direction axis between them, h0 Sliced per layer (opset 13)."""
    g = G(12)
    x, h0, n_in, hid = "input", "h0", 4, 3
    layer_in, hs = x, []
    for i in range(2):
        n = n_in if i == 0 else hid
        h_i = g.node("Slice", [h0, g.constant([i]), g.constant([i + 1]), g.constant([0])])
        y, yh = g.node(
            "GRU",
            [
                layer_in,
                g.w(f"W{i}", (1, 3 * hid, n), 0.5),
                g.w(f"R{i}", (1, 3 * hid, hid), 0.5),
                g.w(f"B{i}", (1, 6 * hid), 0.2),
                "",
                h_i,
            ],
            n_out=2,
            hidden_size=hid,
            linear_before_reset=1,
        )
        layer_in = g.node("Squeeze", [y, g.constant([1])])
        hs.append(yh)
    h_n = g.node("Concat", hs, axis=0)
    model = g.model(
        [(x, F, ["seq", "batch", n_in]), (h0, F, [2, "batch", hid])],
        [("output", layer_in), ("h_n", h_n)],
        13,
    )
    feeds = [
        {x: _x(g.rng, (5, 2, n_in)), h0: _x(g.rng, (2, 2, hid))},
        {x: _x(g.rng, (3, 4, n_in)), h0: _x(g.rng, (2, 4, hid))},
    ]
    return model, feeds


def torch_lstm_zero_state():
    """nn.LSTM without (h0, c0): torch writes no state inputs at all, and a batch_first
    unidirectional LSTM whose Y is Squeezed on axis 1 (opset 13)."""
    g = G(13)
    x, n_in, hid = "input", 2, 4
    xt = g.node("Transpose", [x], perm=[1, 0, 2])
    y, yh, _ = g.node(
        "LSTM",
        [
            xt,
            g.w("W", (1, 4 * hid, n_in), 0.5),
            g.w("R", (1, 4 * hid, hid), 0.5),
            g.w("B", (1, 8 * hid), 0.1),
        ],
        n_out=3,
        hidden_size=hid,
    )
    out = g.node("Transpose", [g.node("Squeeze", [y, g.constant([1])])], perm=[1, 0, 2])
    model = g.model([(x, F, ["batch", "seq", n_in])], [("output", out), ("h_n", yh)], 13)
    return model, [{x: _x(g.rng, (2, 7, n_in))}, {x: _x(g.rng, (1, 3, n_in))}]


# -- detection ------------------------------------------------------------------------------


def detection_head():
    """A YOLO-ish head: Conv -> Reshape [B, A, 5 + C, HW] -> Transpose, Split by sizes as an
    input (opset 13), Sigmoid/Exp box decoding against anchors, ReduceMax keepdims, ArgMax,
    TopK, NonMaxSuppression, and the selected boxes gathered."""
    g = G(14)
    x, anchors, n_cls = "features", 2, 3
    head = g.node(
        "Conv",
        [
            x,
            g.w("head.weight", (anchors * (5 + n_cls), 4, 1, 1), 0.5),
            g.w("head.bias", (anchors * (5 + n_cls),), 0.2),
        ],
        kernel_shape=[1, 1],
    )
    shape = g.node("Concat", [g.dim(x, 0), g.constant([anchors, 5 + n_cls, -1])], axis=0)
    p = g.node("Transpose", [g.node("Reshape", [head, shape])], perm=[0, 1, 3, 2])
    xy, wh, obj, cls = g.node("Split", [p, g.constant([2, 2, 1, n_cls])], n_out=4, axis=-1)
    xy = g.node("Sigmoid", [xy])
    wh = g.node("Mul", [g.node("Exp", [wh]), g.w("anchor_wh", (1, anchors, 1, 2), 0.2, 1.0)])
    x1y1 = g.node("Sub", [xy, g.node("Mul", [wh, g.constant(0.5, np.float32)])])
    x2y2 = g.node("Add", [xy, g.node("Mul", [wh, g.constant(0.5, np.float32)])])
    boxes4 = g.node("Concat", [x1y1, x2y2], axis=-1)
    scores4 = g.node("Mul", [g.node("Sigmoid", [obj]), g.node("Sigmoid", [cls])])
    flat_shape = g.node("Concat", [g.dim(x, 0), g.constant([-1])], axis=0)
    boxes = g.node("Reshape", [boxes4, g.node("Concat", [flat_shape, g.constant([4])], axis=0)])
    scores = g.node(
        "Reshape", [scores4, g.node("Concat", [flat_shape, g.constant([n_cls])], axis=0)]
    )
    best = g.node("ReduceMax", [scores], axes=[-1], keepdims=1)
    label = g.node("ArgMax", [scores], axis=-1, keepdims=0)
    top_v, top_i = g.node(
        "TopK", [g.node("Squeeze", [best, g.constant([-1])]), g.constant([5])], n_out=2, axis=-1
    )
    nms = g.node(
        "NonMaxSuppression",
        [
            boxes,
            g.node("Transpose", [scores], perm=[0, 2, 1]),
            g.constant([4]),
            g.constant([0.5], np.float32),
            g.constant([0.3], np.float32),
        ],
        center_point_box=0,
    )
    model = g.model(
        [(x, F, ["batch", 4, "h", "w"])],
        [
            ("boxes", boxes),
            ("best", best),
            ("label", label),
            ("top_scores", top_v),
            ("top_index", top_i),
            ("selected", nms),
        ],
        13,
    )
    return model, [{x: _x(g.rng, (1, 4, 3, 3))}, {x: _x(g.rng, (2, 4, 2, 4))}]


# -- tf2onnx and keras2onnx -----------------------------------------------------------------


def tf2onnx_nhwc_cnn():
    """Keras Conv2D/DepthwiseConv2D/MaxPooling2D through tf2onnx: NHWC input, a Transpose
    before and after each Conv, BatchNorm folded into Mul/Add, Relu6 as Clip, the shape
    for Flatten computed through int32 Casts, Dense as MatMul + Add, Softmax (opset 13)."""
    g = G(15)
    x = "input_1"
    t = g.node("Transpose", [x], perm=[0, 3, 1, 2])
    c = g.node(
        "Conv",
        [t, g.w("conv2d/kernel", (6, 2, 3, 3), 0.4), g.w("conv2d/bias", (6,))],
        kernel_shape=[3, 3],
        strides=[1, 1],
        auto_pad="SAME_UPPER",
    )
    y = g.node("Transpose", [c], perm=[0, 2, 3, 1])
    y = g.node("Add", [g.node("Mul", [y, g.w("bn/mul", (6,), 0.1, 1.0)]), g.w("bn/add", (6,))])
    y = g.node("Clip", [y, g.constant(0.0, np.float32), g.constant(6.0, np.float32)])
    t = g.node("Transpose", [y], perm=[0, 3, 1, 2])
    c = g.node(
        "Conv",
        [t, g.w("dw/depthwise_kernel", (6, 1, 3, 3), 0.4)],
        group=6,
        kernel_shape=[3, 3],
        strides=[2, 2],
        auto_pad="SAME_UPPER",
    )
    c = g.node("MaxPool", [c], kernel_shape=[2, 2], strides=[2, 2], auto_pad="SAME_UPPER")
    y = g.node("Relu", [g.node("Transpose", [c], perm=[0, 2, 3, 1])])
    shape32 = g.node("Cast", [g.node("Shape", [y])], to=I32)
    batch32 = g.node("Slice", [shape32, g.constant([0]), g.constant([1]), g.constant([0])])
    flat = g.node("Concat", [batch32, g.constant([-1], np.int32)], axis=0)
    y = g.node("Reshape", [y, g.node("Cast", [flat], to=I64)])
    logits = g.node(
        "Add",
        [g.node("MatMul", [y, g.w("dense/kernel", (6 * 2 * 3, 3))]), g.w("dense/bias", (3,), 0.1)],
    )
    probs = g.node("Softmax", [logits], axis=-1)
    model = g.model([(x, F, ["unk__0", 7, 10, 2])], [("dense", probs)], 13, "tf2onnx")
    return model, [{x: _x(g.rng, (2, 7, 10, 2))}, {x: _x(g.rng, (4, 7, 10, 2))}]


def tf2onnx_nhwc_resize_pad():
    """tf2onnx's UpSampling2D (Resize nearest, asymmetric, scales over NCHW between
    Transposes), ZeroPadding2D as Pad with pads as an input, GlobalAveragePooling2D as
    ReduceMean over axes 1 and 2 in NHWC (opset 13)."""
    g = G(16)
    x = "input_1"
    t = g.node("Transpose", [x], perm=[0, 3, 1, 2])
    empty = g.constant(np.zeros(0, np.float32), np.float32)
    up = g.node(
        "Resize",
        [t, empty, g.constant([1, 1, 2, 2], np.float32)],
        mode="nearest",
        coordinate_transformation_mode="asymmetric",
        nearest_mode="floor",
    )
    y = g.node("Transpose", [up], perm=[0, 2, 3, 1])
    y = g.node("Pad", [y, g.constant([0, 1, 2, 0, 0, 1, 0, 0])], mode="constant")
    t = g.node("Transpose", [y], perm=[0, 3, 1, 2])
    c = g.node(
        "Conv",
        [t, g.w("conv/kernel", (4, 3, 2, 2), 0.4), g.w("conv/bias", (4,))],
        kernel_shape=[2, 2],
        strides=[2, 2],
    )
    y = g.node("Relu", [g.node("Transpose", [c], perm=[0, 2, 3, 1])])
    pooled = g.node("ReduceMean", [y], axes=[1, 2], keepdims=0)
    model = g.model(
        [(x, F, ["unk__0", "unk__1", "unk__2", 3])],
        [("pooled", pooled), ("features", y)],
        13,
        "tf2onnx",
    )
    return model, [{x: _x(g.rng, (2, 3, 4, 3))}, {x: _x(g.rng, (1, 5, 3, 3))}]


def keras2onnx_identity_chains():
    """keras2onnx's Dense -> Dropout -> Dense: names with ':' and '/', Identity chains for
    Dropout and for each output, Sigmoid and a second output that is an Identity of an
    Identity of an input (opset 13)."""
    g = G(17)
    x = "input_1:0"
    h = g.node("MatMul", [x, g.w("dense/kernel:0", (5, 7))])
    h = g.node("Relu", [g.node("Add", [h, g.w("dense/bias:0", (7,), 0.1)])])
    h = g.node("Identity", [g.node("Identity", [h])])  # dropout at inference
    y = g.node(
        "Add",
        [g.node("MatMul", [h, g.w("dense_1/kernel:0", (7, 2))]), g.w("dense_1/bias:0", (2,), 0.1)],
    )
    y = g.node("Sigmoid", [y])
    passthrough = g.node("Identity", [g.node("Identity", [x])])
    model = g.model(
        [(x, F, ["N", 5])], [("dense_1/Sigmoid:0", y), ("echo:0", passthrough)], 13, "keras2onnx"
    )
    return model, [{x: _x(g.rng, (3, 5))}, {x: _x(g.rng, (1, 5))}]


# -- a second round: patterns torch writes over dynamic image sizes and token arithmetic ------


def resnet_dynamic_image():
    """torchvision's stem exported with dynamic_axes on batch, height and width: Conv 7x7/2,
    BN, Relu, MaxPool 3x3/2 with ceil_mode (GoogLeNet's, SqueezeNet's), AveragePool with
    count_include_pad=0, Flatten after GlobalAveragePool (opset 13)."""
    g = G(21)
    x = "input"
    y = g.node("Relu", [g.conv_bn(x, 3, 6, 7, "conv1", stride=2, pad=3)])
    y = g.node("MaxPool", [y], kernel_shape=[3, 3], strides=[2, 2], pads=[0, 0, 0, 0], ceil_mode=1)
    y = g.node(
        "AveragePool",
        [y],
        kernel_shape=[3, 3],
        strides=[1, 1],
        pads=[1, 1, 1, 1],
        count_include_pad=0,
    )
    flat = g.node("Flatten", [g.node("GlobalAveragePool", [y])], axis=1)
    logits = g.node("Gemm", [flat, g.w("fc.weight", (3, 6)), g.w("fc.bias", (3,), 0.1)], transB=1)
    model = g.model(
        [(x, F, ["batch", 3, "height", "width"])], [("logits", logits), ("features", y)], 13
    )
    return model, [{x: _x(g.rng, (2, 3, 17, 22))}, {x: _x(g.rng, (1, 3, 24, 13))}]


def roberta_position_ids():
    """RoBERTa's create_position_ids_from_input_ids: mask = ids.ne(pad).int();
    (cumsum(mask, 1) * mask).long() + pad, through Not(Equal), Cast int32, CumSum, Mul,
    Cast int64, Add, then Gather of the position table (opset 13)."""
    g = G(22)
    ids, e, pad = "input_ids", 4, 1
    m = g.node("Cast", [g.node("Not", [g.node("Equal", [ids, g.constant(pad)])])], to=I32)
    cs = g.node("CumSum", [m, g.constant(1)])
    pos = g.node("Add", [g.node("Cast", [g.node("Mul", [cs, m])], to=I64), g.constant(pad)])
    emb = g.node(
        "Add",
        [
            g.node("Gather", [g.w("word", (9, e), 1.0), ids]),
            g.node("Gather", [g.w("position", (12, e), 1.0), pos]),
        ],
    )
    model = g.model(
        [(ids, I64, ["batch", "sequence"])],
        [("embeddings", emb), ("position_ids", g.node("Cast", [pos], to=F))],
        13,
    )
    feeds = []
    for bsz, sl in ((2, 5), (3, 8)):
        v = g.rng.integers(2, 9, (bsz, sl)).astype(np.int64)
        v[0, -2:] = pad
        v[-1, sl // 2 :] = pad
        feeds.append({ids: v})
    return model, feeds


def gpt2_last_token_pool():
    """GPT2ForSequenceClassification's pooling: (ids == pad).int().argmax(-1) - 1, % seq_len,
    then logits[arange(B), lengths] written as torch's flattened index (Mul by the
    sequence length, Add, Reshape to [-1, C], Gather) and as tf2onnx's GatherND (opset 13)."""
    g = G(23)
    ids, e, n_cls, pad = "input_ids", 4, 3, 0
    h = g.node("Gather", [g.w("wte", (7, e), 1.0), ids])
    logits = g.node("MatMul", [h, g.w("score.weight_t", (e, n_cls))])
    first_pad = g.node(
        "ArgMax",
        [g.node("Cast", [g.node("Equal", [ids, g.constant(pad)])], to=I32)],
        axis=-1,
        keepdims=0,
    )
    s = g.scalar_dim(ids, 1)
    lengths = g.node("Mod", [g.node("Sub", [first_pad, g.constant(1)]), s])
    b = g.scalar_dim(ids, 0)
    rows = g.node("Range", [g.constant(0), b, g.constant(1)])
    flat_index = g.node("Add", [g.node("Mul", [rows, s]), lengths])
    flat = g.node("Reshape", [logits, g.constant([-1, n_cls])])
    pooled = g.node("Gather", [flat, flat_index], axis=0)
    pairs = g.node(
        "Concat",
        [
            g.node("Unsqueeze", [rows, g.constant([1])]),
            g.node("Unsqueeze", [lengths, g.constant([1])]),
        ],
        axis=1,
    )
    pooled_nd = g.node("GatherND", [logits, pairs])
    model = g.model(
        [(ids, I64, ["batch", "sequence"])],
        [("pooled_logits", pooled), ("pooled_nd", pooled_nd)],
        13,
    )
    feeds = []
    for bsz, sl in ((3, 6), (2, 4)):
        v = g.rng.integers(1, 7, (bsz, sl)).astype(np.int64)
        v[0, 3:] = pad  # padded after 3 tokens; the other rows have no pad: argmax 0, -1 % S
        feeds.append({ids: v})
    return model, feeds


def t5_relative_position_bucket():
    """T5's relative attention bias: memory - context positions from two Ranges, Abs,
    Less, float Log of the distance (log 0 = -inf, cast to int64 and discarded by Where),
    Cast float -> int64 truncation, Min, Where, then Gather of the bias table and a
    Transpose/Unsqueeze to [1, H, Q, K] (opset 13)."""
    g = G(24)
    x, heads, buckets, max_exact, max_dist = "hidden", 2, 8, 4, 20
    q_len, k_len = g.scalar_dim(x, 1), g.scalar_dim(x, 1)
    ctx_pos = g.node(
        "Unsqueeze", [g.node("Range", [g.constant(0), q_len, g.constant(1)]), g.constant([1])]
    )
    mem_pos = g.node(
        "Unsqueeze", [g.node("Range", [g.constant(0), k_len, g.constant(1)]), g.constant([0])]
    )
    rel = g.node("Sub", [mem_pos, ctx_pos])
    # bidirectional: half the buckets for each sign
    half = buckets // 2
    sign = g.node(
        "Mul", [g.node("Cast", [g.node("Greater", [rel, g.constant(0)])], to=I64), g.constant(half)]
    )
    rp = g.node("Abs", [rel])
    small = g.node("Less", [rp, g.constant(max_exact // 2)])
    rf = g.node("Cast", [rp], to=F)
    log = g.node("Log", [g.node("Div", [rf, g.constant(float(max_exact // 2), np.float32)])])
    scaled = g.node(
        "Mul",
        [
            g.node("Div", [log, g.constant(np.log(max_dist / (max_exact // 2)), np.float32)]),
            g.constant(float(half - max_exact // 2), np.float32),
        ],
    )
    large = g.node("Add", [g.node("Cast", [scaled], to=I64), g.constant(max_exact // 2)])
    large = g.node(
        "Min",
        [
            large,
            g.node(
                "ConstantOfShape",
                [g.node("Shape", [large])],
                value=numpy_helper.from_array(np.array([half - 1], np.int64)),
            ),
        ],
    )
    bucket = g.node("Add", [sign, g.node("Where", [small, rp, large])])
    bias = g.node("Gather", [g.w("relative_attention_bias", (buckets, heads), 1.0), bucket])
    bias = g.node("Unsqueeze", [g.node("Transpose", [bias], perm=[2, 0, 1]), g.constant([0])])
    scores = g.node(
        "Add", [g.node("Unsqueeze", [_attention_scores(g, x, 4), g.constant([1])]), bias]
    )
    probs = g.node("Softmax", [scores], axis=-1)
    model = g.model(
        [(x, F, ["batch", "sequence", 4])],
        [("position_bias", bias), ("probs", probs), ("buckets", g.node("Cast", [bucket], to=F))],
        13,
    )
    return model, [{x: _x(g.rng, (2, 9, 4))}, {x: _x(g.rng, (1, 30, 4))}]


def torch_group_norm_upsample():
    """nn.GroupNorm as torch writes it (Reshape to [B, G, -1], InstanceNormalization with
    unit scale, Reshape back to the input's Shape, Mul, Add), PixelShuffle as DepthToSpace
    CRD, and interpolate(scale_factor=2) bilinear (pytorch_half_pixel) and bicubic
    (a = -0.75) over a dynamic image size (opset 13)."""
    g = G(25)
    x, groups, c = "input", 2, 8
    grouped = g.node(
        "Reshape", [x, g.node("Concat", [g.dim(x, 0), g.constant([groups, -1])], axis=0)]
    )
    normed = g.node(
        "InstanceNormalization",
        [
            grouped,
            g.const("ones", np.ones(groups), np.float32),
            g.const("zeros", np.zeros(groups), np.float32),
        ],
        epsilon=1e-5,
    )
    y = g.node("Reshape", [normed, g.node("Shape", [x])])
    y = g.node(
        "Add",
        [g.node("Mul", [y, g.w("gn.weight", (c, 1, 1), 0.1, 1.0)]), g.w("gn.bias", (c, 1, 1), 0.1)],
    )
    shuffled = g.node("DepthToSpace", [y], blocksize=2, mode="CRD")
    empty = g.constant(np.zeros(0, np.float32), np.float32)
    scales = g.constant([1, 1, 2, 2], np.float32)
    bilinear = g.node(
        "Resize",
        [shuffled, empty, scales],
        mode="linear",
        coordinate_transformation_mode="pytorch_half_pixel",
    )
    bicubic = g.node(
        "Resize",
        [y, empty, scales],
        mode="cubic",
        cubic_coeff_a=-0.75,
        coordinate_transformation_mode="half_pixel",
    )
    model = g.model(
        [(x, F, ["batch", c, "height", "width"])],
        [("bilinear", bilinear), ("bicubic", bicubic)],
        13,
    )
    return model, [{x: _x(g.rng, (2, c, 3, 5))}, {x: _x(g.rng, (1, c, 4, 1))}]


def torch_boolean_index_topk():
    """x[x > 0] as torch writes it (NonZero -> Transpose -> GatherND), torch.topk with
    k = min(3, x.size(1)) computed from Shape, masked_select of the top indices by
    Where, and torch.repeat as Tile with repeats from Shape (opset 13)."""
    g = G(26)
    x = "scores"
    picked = g.node(
        "GatherND",
        [
            x,
            g.node(
                "Transpose",
                [g.node("NonZero", [g.node("Greater", [x, g.constant(0.0, np.float32)])])],
                perm=[1, 0],
            ),
        ],
    )
    k = g.node("Min", [g.dim(x, 1), g.constant([3])])
    top_v, top_i = g.node("TopK", [x, k], n_out=2, axis=1, largest=1, sorted=1)
    tiled = g.node("Tile", [top_v, g.node("Concat", [g.constant([1]), g.dim(x, 0)], axis=0)])
    model = g.model(
        [(x, F, ["batch", "n"])],
        [
            ("positive", picked),
            ("top_values", top_v),
            ("top_indices", g.node("Cast", [top_i], to=F)),
            ("tiled", tiled),
        ],
        13,
    )
    return model, [{x: _x(g.rng, (2, 5))}, {x: _x(g.rng, (3, 2))}]


def torch_gru_bidirectional():
    """nn.GRU(batch_first=True, bidirectional=True) with h0: Transpose in, GRU layout 0 with
    linear_before_reset=1, Y [S, 2, B, H] -> Transpose -> Reshape [S, B, 2H] -> Transpose out
    (opset 14)."""
    g = G(27)
    x, h0, n_in, hid = "input", "h0", 3, 4
    xt = g.node("Transpose", [x], perm=[1, 0, 2])
    y, yh = g.node(
        "GRU",
        [
            xt,
            g.w("W", (2, 3 * hid, n_in), 0.5),
            g.w("R", (2, 3 * hid, hid), 0.5),
            g.w("B", (2, 6 * hid), 0.2),
            "",
            h0,
        ],
        n_out=2,
        direction="bidirectional",
        hidden_size=hid,
        linear_before_reset=1,
    )
    yt = g.node("Transpose", [y], perm=[0, 2, 1, 3])
    r = g.node(
        "Reshape", [yt, g.node("Concat", [g.dim(yt, 0), g.dim(yt, 1), g.constant([-1])], axis=0)]
    )
    out = g.node("Transpose", [r], perm=[1, 0, 2])
    model = g.model(
        [(x, F, ["batch", "seq", n_in]), (h0, F, [2, "batch", hid])],
        [("output", out), ("h_n", yh)],
        14,
    )
    return model, [
        {x: _x(g.rng, (2, 5, n_in)), h0: _x(g.rng, (2, 2, hid))},
        {x: _x(g.rng, (1, 40, n_in)), h0: _x(g.rng, (2, 1, hid))},  # past 32 unrolled steps
    ]


def torch_conv1d_audio():
    """A wav2vec-ish feature extractor over a dynamic number of samples: Unsqueeze of the
    channel, Conv1d stride 5 and 2, GroupNorm as InstanceNormalization over channels,
    GELU (erf), Transpose to [B, T, C], LayerNormalization (opset 17), and a positional
    Conv1d with groups and padding whose last frame is dropped by a Slice (opset 17)."""
    g = G(28)
    x, c = "input_values", 4
    y = g.node("Unsqueeze", [x, g.constant([1])])
    y = g.node("Conv", [y, g.w("conv0.weight", (c, 1, 10), 0.4)], kernel_shape=[10], strides=[5])
    y = g.node(
        "InstanceNormalization",
        [y, g.w("gn.weight", (c,), 0.1, 1.0), g.w("gn.bias", (c,), 0.1)],
        epsilon=1e-5,
    )
    y = g.gelu_erf(y)
    y = g.gelu_erf(
        g.node("Conv", [y, g.w("conv1.weight", (c, c, 3), 0.4)], kernel_shape=[3], strides=[2])
    )
    t = g.node("Transpose", [y], perm=[0, 2, 1])
    t = g.node(
        "LayerNormalization",
        [t, g.w("ln.weight", (c,), 0.1, 1.0), g.w("ln.bias", (c,), 0.1)],
        axis=-1,
        epsilon=1e-5,
    )
    p = g.node(
        "Conv",
        [
            g.node("Transpose", [t], perm=[0, 2, 1]),
            g.w("pos_conv.weight", (c, 2, 4), 0.4),
            g.w("pos_conv.bias", (c,), 0.1),
        ],
        kernel_shape=[4],
        pads=[2, 2],
        group=2,
    )
    p = g.node("Slice", [p, g.constant([0]), g.constant([-1]), g.constant([2])])
    out = g.node("Add", [t, g.node("Transpose", [g.gelu_erf(p)], perm=[0, 2, 1])])
    model = g.model([(x, F, ["batch", "sequence"])], [("last_hidden_state", out)], 17)
    return model, [{x: _x(g.rng, (2, 60))}, {x: _x(g.rng, (1, 83))}]


# -- a third round: older keras2onnx opsets, torch's odd corners, caches and rotary ----------


def keras2onnx_opset11():
    """keras2onnx at opset 11 (converted to 13 on import): Softmax over axis 1 of a 3-D
    tensor (coerced to 2-D before opset 13), Squeeze/Unsqueeze/ReduceSum/Split with axes as
    attributes, Clip with min/max inputs, Slice with inputs (opset 10 on)."""
    g = G(31)
    x = "input_1:0"
    h = g.node("MatMul", [x, g.w("dense/kernel:0", (4, 6))])
    sm = g.node("Softmax", [h], axis=1)
    a, b = g.node("Split", [sm], n_out=2, axis=2, split=[2, 4])
    red = g.node("ReduceSum", [b], axes=[2], keepdims=1)
    u = g.node("Unsqueeze", [g.node("Squeeze", [red], axes=[2])], axes=[0])
    clipped = g.node("Clip", [a, g.constant(0.05, np.float32), g.constant(0.2, np.float32)])
    sl = g.node("Slice", [h, g.constant([1]), g.constant([-1]), g.constant([1])])
    ls = g.node("LogSoftmax", [sl], axis=-1)
    model = g.model(
        [(x, F, ["N", 3, 4])],
        [("softmax:0", sm), ("sum:0", u), ("clip:0", clipped), ("log_softmax:0", ls)],
        11,
        "keras2onnx",
    )
    return model, [{x: _x(g.rng, (2, 3, 4))}, {x: _x(g.rng, (3, 3, 4))}]


def torch_matmul_corners():
    """torch's x @ v with a 1-D v (MatMul of a vector), v @ W, Gemm with transA, alpha,
    beta and a [1, N] C, Reshape with 0s (copy the dim) over dynamic axes, Flatten at
    axis 2, Expand to a shape of lower rank and of 1s (opset 13)."""
    g = G(32)
    x = "x"
    vec = g.node("MatMul", [x, g.w("v", (5,))])  # [B, S]
    row = g.node("MatMul", [g.w("u", (5,)), g.node("Transpose", [x], perm=[0, 2, 1])])  # [B, S]
    first = g.node("Gather", [x, g.constant(0)], axis=1)  # [B, 5]
    gemm = g.node(
        "Gemm",
        [g.node("Transpose", [first], perm=[1, 0]), g.w("gw", (5, 3)), g.w("gc", (1, 3))],
        transA=1,
        alpha=0.5,
        beta=2.0,
    )
    r = g.node("Reshape", [x, g.constant([0, 0, 1, -1])])
    flat = g.node("Flatten", [r], axis=2)
    ex = g.node("Expand", [x, g.constant([1, 1])])
    model = g.model(
        [(x, F, ["batch", "seq", 5])],
        [("vec", vec), ("row", row), ("gemm", gemm), ("flat", flat), ("expanded", ex)],
        13,
    )
    return model, [{x: _x(g.rng, (2, 3, 5))}, {x: _x(g.rng, (4, 1, 5))}]


def gpt2_with_past():
    """GPT-2 attention with a key/value cache as torch exports it for generation: past
    key and value inputs of a dynamic length (0 on the first step), Concat on axis -2,
    present outputs, the causal buffer sliced [k_len - q_len : k_len, :k_len] and position
    ids from Range(past_len, past_len + q_len) (opset 13)."""
    g = G(33)
    x, pk, pv, e, heads, n_ctx = "hidden", "past_key", "past_value", 4, 2, 16
    d = e // heads
    past_len = g.scalar_dim(pk, 2)
    q_len = g.scalar_dim(x, 1)
    pos = g.node("Range", [past_len, g.node("Add", [past_len, q_len]), g.constant(1)])
    pe = g.node(
        "Gather", [g.w("wpe", (n_ctx, e), 1.0), g.node("Unsqueeze", [pos, g.constant([0])])]
    )
    h = g.node("Add", [x, pe])
    q = g.split_heads(g.linear(h, e, e, "q"), heads, d)
    k = g.node("Concat", [pk, g.split_heads(g.linear(h, e, e, "k"), heads, d)], axis=-2)
    v = g.node("Concat", [pv, g.split_heads(g.linear(h, e, e, "v"), heads, d)], axis=-2)
    w = g.node("MatMul", [q, g.node("Transpose", [k], perm=[0, 1, 3, 2])])
    w = g.node("Div", [w, g.constant(np.sqrt(d), np.float32)])
    klen, qlen = g.scalar_dim(k, -2), g.scalar_dim(q, -2)
    bias = g.const("attn.bias", np.tril(np.ones((n_ctx, n_ctx), bool))[None, None], np.bool_)
    start = g.node("Unsqueeze", [g.node("Sub", [klen, qlen]), g.constant([0])])
    kend = g.node("Unsqueeze", [klen, g.constant([0])])
    causal = g.node("Slice", [bias, start, kend, g.constant([2])])
    causal = g.node("Slice", [causal, g.constant([0]), kend, g.constant([3])])
    w = g.node("Where", [causal, w, g.constant(np.finfo(np.float32).min, np.float32)])
    a = g.merge_heads(g.node("MatMul", [g.node("Softmax", [w], axis=-1), v]), e)
    model = g.model(
        [
            (x, F, ["batch", "sequence", e]),
            (pk, F, ["batch", heads, "past_sequence", d]),
            (pv, F, ["batch", heads, "past_sequence", d]),
        ],
        [("attn_output", a), ("present_key", k), ("present_value", v)],
        13,
    )
    return model, [
        {x: _x(g.rng, (2, 3, e)), pk: _x(g.rng, (2, heads, 0, d)), pv: _x(g.rng, (2, heads, 0, d))},
        {x: _x(g.rng, (1, 1, e)), pk: _x(g.rng, (1, heads, 4, d)), pv: _x(g.rng, (1, heads, 4, d))},
    ]


def llama_rotary_rmsnorm():
    """A LLaMA block's pieces at opset 17: RMSNorm (Pow, ReduceMean, Add, Sqrt, Reciprocal,
    Mul), rotary embedding from a float Range over the Cast sequence length, Sin/Cos,
    rotate_half by Slices at Shape / 2 (Div of a Shape), Neg, Concat; SiLU-gated MLP
    (Sigmoid * x) and a float16 Cast round trip as autocast writes it."""
    g = G(34)
    x, e, heads = "hidden", 8, 2
    d = e // heads
    var = g.node("ReduceMean", [g.node("Pow", [x, g.constant(2.0, np.float32)])], axes=[-1])
    inv = g.node(
        "Reciprocal", [g.node("Sqrt", [g.node("Add", [var, g.constant(1e-6, np.float32)])])]
    )
    h = g.node("Mul", [g.w("norm.weight", (e,), 0.1, 1.0), g.node("Mul", [x, inv])])
    q = g.split_heads(g.node("MatMul", [h, g.w("q_proj", (e, e))]), heads, d)
    s = g.node("Cast", [g.scalar_dim(x, 1)], to=F)
    t = g.node("Range", [g.constant(0.0, np.float32), s, g.constant(1.0, np.float32)])
    inv_freq = g.const("inv_freq", 1.0 / 10000 ** (np.arange(0, d, 2) / d), np.float32)
    freqs = g.node(
        "Mul",
        [
            g.node("Unsqueeze", [t, g.constant([1])]),
            g.node("Unsqueeze", [inv_freq, g.constant([0])]),
        ],
    )
    emb = g.node("Concat", [freqs, freqs], axis=-1)
    cos, sin = g.node("Cos", [emb]), g.node("Sin", [emb])
    half = g.node("Div", [g.dim(q, -1), g.constant([2])])
    x1 = g.node("Slice", [q, g.constant([0]), half, g.constant([-1])])
    x2 = g.node("Slice", [q, half, g.constant([9223372036854775807]), g.constant([-1])])
    rotated = g.node("Concat", [g.node("Neg", [x2]), x1], axis=-1)
    q_rot = g.node("Add", [g.node("Mul", [q, cos]), g.node("Mul", [rotated, sin])])
    gate = g.node("MatMul", [h, g.w("gate_proj", (e, 2 * e))])
    up = g.node("MatMul", [h, g.w("up_proj", (e, 2 * e))])
    silu = g.node("Mul", [gate, g.node("Sigmoid", [gate])])
    mlp = g.node("MatMul", [g.node("Mul", [silu, up]), g.w("down_proj", (2 * e, e))])
    half_precision = g.node("Cast", [mlp], to=TensorProto.FLOAT16)
    scaled = g.node("Mul", [half_precision, g.constant(0.5, np.float16)])
    back = g.node("Cast", [scaled], to=F)
    model = g.model(
        [(x, F, ["batch", "sequence", e])],
        [("q_rotated", q_rot), ("mlp", mlp), ("mlp_fp16", back)],
        17,
    )
    return model, [{x: _x(g.rng, (2, 5, e))}, {x: _x(g.rng, (1, 11, e))}]


def torch_einsum_attention():
    """torch.einsum attention ('bhqd,bhkd->bhqk' and 'bhqk,bhkd->bhqd'), a masked_fill by
    a bool mask input, and softmax in float64 as torch writes softmax(dtype=float64)
    (Cast up, Softmax, Cast down) (opset 13)."""
    g = G(35)
    q, k, v, m = "q", "k", "v", "mask"
    w = g.node("Einsum", [q, k], equation="bhqd,bhkd->bhqk")
    w = g.node("Where", [m, g.constant(-np.inf, np.float32), w])
    p = g.node(
        "Cast", [g.node("Softmax", [g.node("Cast", [w], to=TensorProto.DOUBLE)], axis=-1)], to=F
    )
    out = g.node("Einsum", [p, v], equation="bhqk,bhkd->bhqd")
    shape = ["batch", 2, "seq", 3]
    model = g.model(
        [(q, F, shape), (k, F, shape), (v, F, shape), (m, B, ["batch", 1, 1, "seq"])],
        [("out", out), ("probs", p)],
        13,
    )
    feeds = []
    for bsz, sl in ((2, 4), (1, 6)):
        mask = np.zeros((bsz, 1, 1, sl), bool)
        mask[0, ..., -1] = True
        feeds.append(
            {
                q: _x(g.rng, (bsz, 2, sl, 3)),
                k: _x(g.rng, (bsz, 2, sl, 3)),
                v: _x(g.rng, (bsz, 2, sl, 3)),
                m: mask,
            }
        )
    return model, feeds


# -- a fourth round: tf2onnx's masked Keras LSTM, torch's pad and upsample dances ------------


def tf2onnx_keras_masked_lstm():
    """Keras Masking -> LSTM through tf2onnx: sequence_lens computed from the mask
    (NotEqual, Cast, ReduceSum over the features and time, Cast to int32), an LSTM with
    Keras' gate order already permuted into W/R/B, Y_h Squeezed, a Dense on it (opset 13)."""
    g = G(41)
    x, n_in, hid = "input_1", 3, 4
    present = g.node(
        "Cast", [g.node("Not", [g.node("Equal", [x, g.constant(0.0, np.float32)])])], to=F
    )
    any_feature = g.node("ReduceMax", [present], axes=[2], keepdims=0)
    lens = g.node("Cast", [g.node("ReduceSum", [any_feature, g.constant([1])], keepdims=0)], to=I32)
    xt = g.node("Transpose", [x], perm=[1, 0, 2])
    _, yh, _ = g.node(
        "LSTM",
        [
            xt,
            g.w("lstm/W", (1, 4 * hid, n_in), 0.5),
            g.w("lstm/R", (1, 4 * hid, hid), 0.5),
            g.w("lstm/B", (1, 8 * hid), 0.1),
            lens,
        ],
        n_out=3,
        hidden_size=hid,
    )
    h = g.node("Squeeze", [yh, g.constant([0])])
    out = g.node(
        "Add", [g.node("MatMul", [h, g.w("dense/kernel", (hid, 2))]), g.w("dense/bias", (2,))]
    )
    model = g.model([(x, F, ["unk__0", "unk__1", n_in])], [("dense", out)], 13, "tf2onnx")
    feeds = []
    for bsz, sl in ((3, 5), (2, 7)):
        v = _x(g.rng, (bsz, sl, n_in))
        v[0, -2:] = 0.0  # masked steps at the end, as Keras pads
        v[-1, sl // 2 :] = 0.0
        feeds.append({x: v})
    return model, feeds


def torch_pad_and_upsample_dance():
    """F.pad(x, (1, 2, 0, 1), mode="reflect") as torch >= 1.10 writes it: the pads
    reordered by ConstantOfShape/Concat/Reshape/Slice(step -1)/Transpose/Reshape/Cast;
    nn.Upsample(scale_factor=2) over a dynamic image as Resize by sizes computed with
    Shape/Slice/Cast/Mul/Floor/Cast; replicate padding as Pad edge (opset 13)."""
    g = G(42)
    x = "input"
    pads = g.constant([1, 2, 0, 1])
    zeros = g.node(
        "ConstantOfShape",
        [g.constant([4])],
        value=numpy_helper.from_array(np.array([0], np.int64)),
    )
    full = g.node("Concat", [pads, zeros], axis=0)
    pairs = g.node("Reshape", [full, g.constant([-1, 2])])
    rev = g.node(
        "Slice",
        [
            pairs,
            g.constant([-1]),
            g.constant([-9223372036854775807]),
            g.constant([0]),
            g.constant([-1]),
        ],
    )
    onnx_pads = g.node(
        "Cast",
        [g.node("Reshape", [g.node("Transpose", [rev], perm=[1, 0]), g.constant([-1])])],
        to=I64,
    )
    reflected = g.node("Pad", [x, onnx_pads], mode="reflect")
    hw = g.node("Slice", [g.node("Shape", [reflected]), g.constant([2]), g.constant([4])])
    scaled = g.node("Mul", [g.node("Cast", [hw], to=F), g.constant([2.0, 2.0], np.float32)])
    size = g.node("Cast", [g.node("Floor", [scaled])], to=I64)
    sizes = g.node(
        "Concat",
        [g.node("Slice", [g.node("Shape", [reflected]), g.constant([0]), g.constant([2])]), size],
        axis=0,
    )
    empty = g.constant(np.zeros(0, np.float32), np.float32)
    up = g.node(
        "Resize",
        [reflected, empty, empty, sizes],
        mode="nearest",
        coordinate_transformation_mode="asymmetric",
        nearest_mode="floor",
    )
    edge = g.node("Pad", [up, g.constant([0, 0, 1, 1, 0, 0, 1, 1])], mode="edge")
    model = g.model(
        [(x, F, ["batch", 2, "height", "width"])], [("reflected", reflected), ("out", edge)], 13
    )
    return model, [{x: _x(g.rng, (2, 2, 3, 4))}, {x: _x(g.rng, (1, 2, 5, 3))}]


def torch_normalize_and_nan_to_num():
    """F.normalize (ReduceL2 keepdims, Clip with a min only, Expand to the input's Shape,
    Div) of finite rows, clamp(min=0) of infinities, torch.nan_to_num (IsNaN, IsInf with
    detect_negative/positive, Where), and the variadic Sum/Mean/Max of three tensors
    (opset 13)."""
    g = G(43)
    x, raw = "x", "raw"
    norm = g.node("ReduceL2", [x], axes=[-1], keepdims=1)
    clipped = g.node("Clip", [norm, g.constant(1e-12, np.float32), ""])
    unit = g.node("Div", [x, g.node("Expand", [clipped, g.node("Shape", [x])])])
    zero = g.constant(0.0, np.float32)
    clean = g.node("Where", [g.node("IsNaN", [raw]), zero, raw])
    clean = g.node(
        "Where", [g.node("IsInf", [clean], detect_negative=0), g.constant(3e38, np.float32), clean]
    )
    clean = g.node(
        "Where", [g.node("IsInf", [clean], detect_positive=0), g.constant(-3e38, np.float32), clean]
    )
    both = [unit, g.node("Neg", [unit]), g.node("Abs", [unit])]
    model = g.model(
        [(x, F, ["batch", 4]), (raw, F, ["batch", 4])],
        [
            ("unit", unit),
            ("clean", clean),
            ("sum", g.node("Sum", both)),
            ("mean", g.node("Mean", both)),
            ("max", g.node("Max", both)),
            # clamp(min=0) of an inf: an omitted max is the largest float, not inf
            ("clamped", g.node("Clip", [raw, zero, ""])),
        ],
        13,
    )
    a = _x(g.rng, (3, 4))
    a[0, 1], a[1, 2], a[2, 0] = np.nan, np.inf, -np.inf
    a[2, 3] = np.nan
    b = _x(g.rng, (2, 4))
    b[1] = 0.0  # a zero row: normalize divides by the clip's minimum
    return model, [{x: _x(g.rng, (3, 4)), raw: a}, {x: b, raw: _x(g.rng, (2, 4))}]


def torch_gather_scatter_sort():
    """torch.gather (GatherElements) and scatter (ScatterElements) along a dynamic axis,
    cumsum reversed and exclusive, argsort as TopK with k = the axis' length from Shape,
    index_select as Gather of a computed index (opset 13)."""
    g = G(44)
    x, idx = "x", "index"
    gathered = g.node("GatherElements", [x, idx], axis=1)
    scattered = g.node(
        "ScatterElements", [g.node("Mul", [x, g.constant(0.0, np.float32)]), idx, x], axis=1
    )
    cs = g.node("CumSum", [x, g.constant(1)], reverse=1, exclusive=1)
    _, order = g.node("TopK", [x, g.dim(x, 1)], n_out=2, axis=1, largest=0)
    last = g.node("Sub", [g.dim(x, 1), g.constant([1])])
    picked = g.node("Gather", [x, g.node("Concat", [last, g.constant([0])], axis=0)], axis=1)
    model = g.model(
        [(x, F, ["batch", "n"]), (idx, I64, ["batch", "n"])],
        [
            ("gathered", gathered),
            ("scattered", scattered),
            ("cumsum", cs),
            ("argsort", g.node("Cast", [order], to=F)),
            ("picked", picked),
        ],
        13,
    )
    feeds = []
    for bsz, n in ((2, 5), (3, 3)):
        perm = np.stack([g.rng.permutation(n) for _ in range(bsz)]).astype(np.int64)
        feeds.append({x: _x(g.rng, (bsz, n)), idx: perm})
    return model, feeds


# -- a fifth round: activations, broadcasting, resizes of other ranks, inferred depths -------


def torch_activations_broadcast_matmul():
    """MobileNetV3/EfficientNet activations as torch writes them: HardSwish (opset 14),
    HardSigmoid(alpha=1/6) * x (its opset-13 form), Mish as Softplus/Tanh/Mul, PRelu with a
    [C, 1, 1] and a [1] slope, Selu, Celu, Elu; and a MatMul whose batch dims broadcast
    ([B, 1, S, D] @ [H, D, S]) as torch.matmul does (opset 14)."""
    g = G(51)
    x, a, b = "x", "a", "b"
    hs = g.node("HardSwish", [x])
    hs13 = g.node("Mul", [x, g.node("HardSigmoid", [x], alpha=1.0 / 6, beta=0.5)])
    mish = g.node("Mul", [x, g.node("Tanh", [g.node("Softplus", [x])])])
    pc = g.node("PRelu", [x, g.w("prelu.weight", (3, 1, 1), 0.3)])
    p1 = g.node("PRelu", [x, g.const("prelu1.weight", [0.25], np.float32)])
    selu = g.node("Selu", [x])
    celu = g.node("Celu", [x], alpha=0.7)
    elu = g.node("Elu", [x], alpha=1.3)
    mm = g.node("MatMul", [a, b])
    acts = [hs, hs13, mish, pc, p1, selu, celu, elu]
    model = g.model(
        [(x, F, ["batch", 3, "h", "w"]), (a, F, ["batch", 1, "s", 4]), (b, F, [2, 4, "s"])],
        [(f"act{i}", t) for i, t in enumerate(acts)] + [("matmul", mm)],
        14,
    )
    return model, [
        {x: _x(g.rng, (2, 3, 2, 3)) * 4, a: _x(g.rng, (2, 1, 3, 4)), b: _x(g.rng, (2, 4, 3))},
        {x: _x(g.rng, (1, 3, 3, 1)) * 4, a: _x(g.rng, (1, 1, 5, 4)), b: _x(g.rng, (2, 4, 5))},
    ]


def torch_resize_other_ranks():
    """F.interpolate over a sequence (Resize of [N, C, L], linear align_corners and nearest)
    and over a volume (Resize of [N, C, D, H, W], trilinear half_pixel by scales and nearest
    asymmetric by sizes from Shape), as video and audio models export them (opset 13)."""
    g = G(52)
    seq, vol = "sequence", "volume"
    empty = g.constant(np.zeros(0, np.float32), np.float32)
    lin1 = g.node(
        "Resize",
        [seq, empty, g.constant([1, 1, 2.5], np.float32)],
        mode="linear",
        coordinate_transformation_mode="align_corners",
    )
    near1 = g.node(
        "Resize",
        [seq, empty, g.constant([1, 1, 3], np.float32)],
        mode="nearest",
        coordinate_transformation_mode="asymmetric",
        nearest_mode="floor",
    )
    tri = g.node(
        "Resize",
        [vol, empty, g.constant([1, 1, 2, 2, 2], np.float32)],
        mode="linear",
        coordinate_transformation_mode="half_pixel",
    )
    dhw = g.node("Slice", [g.node("Shape", [vol]), g.constant([2]), g.constant([5])])
    sizes = g.node(
        "Concat",
        [
            g.node("Slice", [g.node("Shape", [vol]), g.constant([0]), g.constant([2])]),
            g.node("Add", [dhw, g.constant([1, 2, 1])]),
        ],
        axis=0,
    )
    near3 = g.node(
        "Resize",
        [vol, empty, empty, sizes],
        mode="nearest",
        coordinate_transformation_mode="asymmetric",
        nearest_mode="floor",
    )
    model = g.model(
        [(seq, F, ["batch", 2, "length"]), (vol, F, ["batch", 2, "d", "h", "w"])],
        [("linear1d", lin1), ("nearest1d", near1), ("trilinear", tri), ("nearest3d", near3)],
        13,
    )
    return model, [
        {seq: _x(g.rng, (2, 2, 4)), vol: _x(g.rng, (1, 2, 2, 3, 2))},
        {seq: _x(g.rng, (1, 2, 7)), vol: _x(g.rng, (2, 2, 3, 2, 4))},
    ]


def torch_inferred_one_hot_and_ranges():
    """F.one_hot(labels) without num_classes: OneHot whose depth is ReduceMax + 1 of the
    labels; torch.arange over floats (Range of float32 with a fractional step, its length
    from a ceiling); Shape with start/end (opset 15), Size, Squeeze/Unsqueeze with negative
    axes and a ReduceSum with no axes (x.sum()) (opset 15)."""
    g = G(53)
    labels, x = "labels", "x"
    depth = g.node("Add", [g.node("ReduceMax", [labels], keepdims=0), g.constant(1)])
    hot = g.node("OneHot", [labels, depth, g.constant([0.0, 1.0], np.float32)], axis=-1)
    n = g.node("Cast", [g.node("Size", [x])], to=F)
    steps = g.node("Range", [g.constant(0.0, np.float32), n, g.constant(0.3, np.float32)])
    tail = g.node("Shape", [x], start=-1)
    mid = g.node("Shape", [x], start=1, end=2)
    sq = g.node("Squeeze", [g.node("Unsqueeze", [x, g.constant([-1])]), g.constant([-1])])
    total = g.node("ReduceSum", [sq], keepdims=0)
    model = g.model(
        [(labels, I64, ["n"]), (x, F, ["batch", "k"])],
        [
            ("one_hot", hot),
            ("steps", steps),
            ("shape_tail", g.node("Cast", [tail], to=F)),
            ("shape_mid", g.node("Cast", [mid], to=F)),
            ("total", total),
        ],
        15,
    )
    return model, [
        {labels: np.array([0, 3, 1], np.int64), x: _x(g.rng, (2, 3))},
        {labels: np.array([2, 2, 0, 5, 1], np.int64), x: _x(g.rng, (3, 4))},
    ]


def torch_conv_transpose_groups():
    """nn.ConvTranspose2d(groups=2, dilation=2, stride=2, output_padding=1) and a grouped
    Conv with asymmetric pads (tf2onnx's SAME made explicit) over a dynamic image (opset 13)."""
    g = G(54)
    x = "x"
    up = g.node(
        "ConvTranspose",
        [x, g.w("up.weight", (4, 3, 3, 3), 0.4), g.w("up.bias", (6,), 0.1)],
        group=2,
        dilations=[2, 2],
        strides=[2, 2],
        pads=[1, 1, 1, 1],
        output_padding=[1, 1],
        kernel_shape=[3, 3],
    )
    y = g.node(
        "Conv",
        [up, g.w("conv.weight", (4, 3, 3, 2), 0.4)],
        group=2,
        pads=[0, 1, 1, 0],
        strides=[2, 1],
        kernel_shape=[3, 2],
    )
    model = g.model([(x, F, ["batch", 4, "h", "w"])], [("up", up), ("out", y)], 13)
    return model, [{x: _x(g.rng, (2, 4, 3, 4))}, {x: _x(g.rng, (1, 4, 5, 2))}]


def torch_einsum_variants():
    """torch.einsum as models write it: a batched bilinear with an ellipsis, the diagonal
    and trace ('...ii->...i', 'ii'), an outer product and a contraction over two axes
    (opset 13)."""
    g = G(55)
    a, m, u, v = "a", "m", "u", "v"
    weight = g.w("bilinear.weight", (4, 3, 3), 0.5)
    bil = g.node("Einsum", [a, weight, a], equation="...i,kij,...j->...k")
    diag = g.node("Einsum", [m], equation="...ii->...i")
    outer = g.node("Einsum", [u, v], equation="bi,bj->bij")
    two = g.node("Einsum", [m, m], equation="bij,bij->b")
    model = g.model(
        [
            (a, F, ["batch", "t", 3]),
            (m, F, ["batch", 3, 3]),
            (u, F, ["batch", 2]),
            (v, F, ["batch", 3]),
        ],
        [("bilinear", bil), ("diag", diag), ("outer", outer), ("frobenius", two)],
        13,
    )
    return model, [
        {
            a: _x(g.rng, (2, 5, 3)),
            m: _x(g.rng, (2, 3, 3)),
            u: _x(g.rng, (2, 2)),
            v: _x(g.rng, (2, 3)),
        },
        {
            a: _x(g.rng, (1, 2, 3)),
            m: _x(g.rng, (1, 3, 3)),
            u: _x(g.rng, (1, 2)),
            v: _x(g.rng, (1, 3)),
        },
    ]


# -- a sixth round: a segmentation head and the numerics exporters' casts lean on ------------


def segmentation_head_numerics():
    """A segmentation head (Softmax and LogSoftmax over channels, axis 1 of NCHW; ArgMax over
    channels with keepdims and select_last_index on ties) and the casts tf2onnx's shape
    arithmetic leans on: float -> int32 truncation of negatives, Round half to even, Floor,
    Ceil, int32 Div (truncating) and Mod (floor), float -> bool of NaN; Max, Min and Relu
    over NaN (opset 13)."""
    g = G(61)
    x, v, n = "logits", "values", "ints"
    sm = g.node("Softmax", [x], axis=1)
    lsm = g.node("LogSoftmax", [x], axis=1)
    rounded = g.node("Round", [x])  # ties to even: the feed holds halves
    label = g.node("ArgMax", [rounded], axis=1, keepdims=1, select_last_index=1)
    as_int = g.node("Cast", [v], to=I32)
    q = g.node("Div", [as_int, g.constant(3, np.int32)])
    r = g.node("Mod", [as_int, g.constant(-3, np.int32)])
    flags = g.node("Cast", [g.node("Cast", [v], to=B)], to=F)
    nan_max = g.node("Max", [v, g.constant(0.0, np.float32)])
    nan_min = g.node("Min", [v, g.constant(0.0, np.float32)])
    nan_relu = g.node("Relu", [v])
    int_ops = g.node(
        "Cast", [g.node("Concat", [q, r, g.node("Abs", [n]), g.node("Neg", [n])], axis=0)], to=F
    )
    model = g.model(
        [(x, F, ["batch", 3, "h", "w"]), (v, F, ["n"]), (n, I32, ["m"])],
        [
            ("softmax", sm),
            ("log_softmax", lsm),
            ("label", label),
            ("round", rounded),
            ("floor_ceil", g.node("Concat", [g.node("Floor", [v]), g.node("Ceil", [v])], axis=0)),
            ("int_ops", int_ops),
            ("flags", flags),
            ("nan_max", nan_max),
            ("nan_min", nan_min),
            ("nan_relu", nan_relu),
        ],
        13,
    )
    halves = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5], np.float32)
    feeds = []
    for bsz, h, w in ((2, 2, 3), (1, 3, 2)):
        logits = g.rng.choice(halves, (bsz, 3, h, w)).astype(np.float32)
        vals = np.array([-7.9, -7.0, -0.5, np.nan, 0.0, -0.0, 2.5, 7.9], np.float32)[: 8 - bsz]
        feeds.append({x: logits, v: vals, n: np.array([-5, 7, 0], np.int32)[: 4 - bsz]})
    return model, feeds


def tf2onnx_keras_bidirectional_masked():
    """Keras Bidirectional(LSTM(return_sequences=True)) and GRU(reset_after=False) behind a
    Masking layer through tf2onnx: sequence_lens from the mask, bidirectional LSTM, Y's
    directions merged by Transpose/Reshape, a GRU with linear_before_reset=0 over it; one
    run longer than 32 steps (opset 13)."""
    g = G(62)
    x, n_in, hid = "input_1", 2, 3
    present = g.node(
        "Cast", [g.node("Not", [g.node("Equal", [x, g.constant(0.0, np.float32)])])], to=F
    )
    steps = g.node("ReduceMax", [present], axes=[2], keepdims=0)
    lens = g.node("Cast", [g.node("ReduceSum", [steps, g.constant([1])], keepdims=0)], to=I32)
    xt = g.node("Transpose", [x], perm=[1, 0, 2])
    y, _, _ = g.node(
        "LSTM",
        [
            xt,
            g.w("bi/W", (2, 4 * hid, n_in), 0.5),
            g.w("bi/R", (2, 4 * hid, hid), 0.5),
            g.w("bi/B", (2, 8 * hid), 0.1),
            lens,
        ],
        n_out=3,
        hidden_size=hid,
        direction="bidirectional",
    )
    yt = g.node("Transpose", [y], perm=[0, 2, 1, 3])
    merged = g.node("Reshape", [yt, g.constant([0, 0, -1])])
    gy, gh = g.node(
        "GRU",
        [
            merged,
            g.w("gru/W", (1, 3 * hid, 2 * hid), 0.5),
            g.w("gru/R", (1, 3 * hid, hid), 0.5),
            g.w("gru/B", (1, 6 * hid), 0.1),
            lens,
        ],
        n_out=2,
        hidden_size=hid,
        linear_before_reset=0,
    )
    out = g.node("Transpose", [g.node("Squeeze", [gy, g.constant([1])])], perm=[1, 0, 2])
    model = g.model(
        [(x, F, ["unk__0", "unk__1", n_in])],
        [("sequences", out), ("state", g.node("Squeeze", [gh, g.constant([0])]))],
        13,
        "tf2onnx",
    )
    feeds = []
    for bsz, sl in ((3, 6), (2, 37)):
        v = _x(g.rng, (bsz, sl, n_in))
        v[0, sl - 2 :] = 0.0
        v[-1, sl // 3 :] = 0.0
        feeds.append({x: v})
    return model, feeds


def torch_dilated_pool_roi():
    """MaxPool with dilations over a dynamic image (DeepLab-style), and RoiAlign (avg,
    output_half_pixel as torchvision's aligned=False writes it) of a run-time number of
    boxes over the pooled map (opset 16)."""
    g = G(63)
    x, rois, idx = "features", "rois", "batch_index"
    pooled = g.node("MaxPool", [x], kernel_shape=[2, 2], dilations=[2, 2], pads=[1, 1, 1, 1])
    aligned = g.node(
        "RoiAlign",
        [x, rois, idx],
        mode="avg",
        output_height=2,
        output_width=3,
        sampling_ratio=2,
        spatial_scale=0.5,
        coordinate_transformation_mode="output_half_pixel",
    )
    model = g.model(
        [(x, F, ["batch", 3, 8, 10]), (rois, F, ["num_rois", 4]), (idx, I64, ["num_rois"])],
        [("pooled", pooled), ("aligned", aligned)],
        16,
    )
    feeds = []
    for bsz, n in ((2, 3), (1, 5)):
        corner = g.rng.uniform(0, 12, (n, 2))
        box = np.concatenate([corner, corner + g.rng.uniform(2, 8, (n, 2))], 1).astype(np.float32)
        feeds.append(
            {
                x: _x(g.rng, (bsz, 3, 8, 10)),
                rois: box,
                idx: g.rng.integers(0, bsz, n).astype(np.int64),
            }
        )
    return model, feeds


MODELS = [
    torch_reshape_plumbing,
    torch_causal_trilu,
    torch_causal_range,
    torch_attention_mask_plumbing,
    resnet_ish,
    mobilenet_v2_ish,
    unet_decoder,
    bert_tiny_ln17,
    bert_tiny_decomposed,
    gpt2_block,
    torch_lstm_bidirectional,
    torch_gru_two_layers,
    torch_lstm_zero_state,
    detection_head,
    tf2onnx_nhwc_cnn,
    tf2onnx_nhwc_resize_pad,
    keras2onnx_identity_chains,
    resnet_dynamic_image,
    roberta_position_ids,
    gpt2_last_token_pool,
    t5_relative_position_bucket,
    torch_group_norm_upsample,
    torch_boolean_index_topk,
    torch_gru_bidirectional,
    torch_conv1d_audio,
    keras2onnx_opset11,
    torch_matmul_corners,
    gpt2_with_past,
    llama_rotary_rmsnorm,
    torch_einsum_attention,
    tf2onnx_keras_masked_lstm,
    torch_pad_and_upsample_dance,
    torch_normalize_and_nan_to_num,
    torch_gather_scatter_sort,
    torch_activations_broadcast_matmul,
    torch_resize_other_ranks,
    torch_inferred_one_hot_and_ranges,
    torch_conv_transpose_groups,
    torch_einsum_variants,
    segmentation_head_numerics,
    tf2onnx_keras_bidirectional_masked,
    torch_dilated_pool_roi,
]


def _run(model, feeds):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def _declare_outputs(model, answers):
    """Outputs declared as torch declares them: dtype and rank, each dim a number where
    both runs agree and a dim_param where they differ."""
    for j, out in enumerate(model.graph.output):
        shapes = [a[j].shape for a in answers]
        dims = [
            d[0] if len(set(d)) == 1 else f"{out.name}_dim_{i}"
            for i, d in enumerate(zip(*shapes, strict=True))
        ]
        dtype = helper.np_dtype_to_tensor_dtype(answers[0][j].dtype)
        out.type.CopyFrom(helper.make_tensor_type_proto(dtype, dims))
    onnx.checker.check_model(onnx.shape_inference.infer_shapes(model, strict_mode=True))


# Outputs whose expected value is the spec's (ONNX's reference evaluator), not
# onnxruntime's: its CPU provider has no float16 kernel for most ops, runs them in float32
# and drops the Cast pair around them (microsoft/onnxruntime#8787), so float16 arithmetic
# between Casts is never rounded to float16 there. onnxruntime's answer is kept beside.
SPEC_OVER_ONNXRUNTIME = {"llama_rotary_rmsnorm": ["mlp_fp16"]}


def _reference(model, feeds):
    """ONNX's reference evaluator, printed where it differs (informational): it differs on
    BatchNormalization-9, on Softmax-11's coercion to 2-D and on LSTM's sequence_lens (it
    ignores them), where onnxruntime (and
    graphgate) compute the spec's formula, checked by hand."""
    try:
        return ReferenceEvaluator(model).run(None, feeds)
    except Exception as exc:
        print(f"  reference evaluator: {str(exc).splitlines()[0][:120]}")
        return None


def main() -> None:
    arrays, index = {}, []
    for make in MODELS:
        name = make.__name__
        model, feed_sets = make()
        _declare_outputs(model, [_run(model, feeds) for feeds in feed_sets])
        arrays[f"{name}/model"] = np.frombuffer(model.SerializeToString(), np.uint8)
        outputs = [o.name for o in model.graph.output]
        spec = SPEC_OVER_ONNXRUNTIME.get(name, [])
        entry = {"name": name, "runs": len(feed_sets), "feeds": sorted(feed_sets[0])}
        entry |= {"outputs": outputs, "spec_over_onnxruntime": spec}
        for r, feeds in enumerate(feed_sets):
            for k, v in feeds.items():
                arrays[f"{name}/{r}/feed/{k}"] = v
            ref = _reference(model, feeds)
            for j, v in enumerate(_run(model, feeds)):
                arrays[f"{name}/{r}/out/{j}"] = v
                if outputs[j] in spec:
                    arrays[f"{name}/{r}/onnxruntime/{j}"] = v
                    arrays[f"{name}/{r}/out/{j}"] = ref[j]
                elif ref is not None and not np.allclose(
                    v, ref[j], rtol=1e-4, atol=1e-5, equal_nan=True
                ):
                    print(f"  {name} run {r}: the reference evaluator differs on {outputs[j]}")
        index.append(entry)
    arrays["index"] = np.frombuffer(json.dumps(index).encode(), np.uint8)
    np.savez_compressed(OUT, **arrays)
    print(f"{len(index)} models, {sum(e['runs'] for e in index)} runs -> {OUT}")


if __name__ == "__main__":
    main()
