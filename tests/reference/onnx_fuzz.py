"""Differential fuzzing of ONNX import: small random ONNX graphs (chains and DAGs of 3-10
nodes over the operators graphgate imports, with random attributes and opsets 11-21), drawn
with fixed seeds, checked with onnx.checker and shape inference and run in onnxruntime.

Each node is drawn knowing the values before it (onnxruntime runs the graph so far), so
indices stay in range, divisors non-zero and casts representable unless a program is drawn
to be refused. A node onnxruntime refuses ends the program there: graphgate must refuse it
too (tests/unit/engine/onnx/test_fuzz_combinations.py).

    .venv/bin/python tests/reference/onnx_fuzz.py          # records fixtures/onnx_fuzz.npz
    .venv/bin/python tests/reference/onnx_fuzz.py --explore 2000 500   # seeds 2000..2499, to /tmp
    FUZZ_SALT=s1. .venv/bin/python tests/reference/onnx_fuzz.py --out /tmp/f.npz   # fresh seeds

`--out PATH` writes the fixture there instead (`--explore`'s default is
/tmp/onnx_fuzz_explore.npz). A non-empty FUZZ_SALT (tests/reference/fuzzseed.py) draws
len(SEEDS) consecutive seeds from a start the salt picks, past the committed ones.

The fixture keeps each model's bytes, its feeds and onnxruntime's outputs, so the replay
test needs neither onnxruntime nor this drawing code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper

sys.path.insert(0, str(Path(__file__).parent))
import fuzzseed

OUT = Path(__file__).resolve().parents[1] / "unit" / "engine" / "fixtures" / "onnx_fuzz.npz"
# The first 400 seeds, and some of the next 1,400 explored (--explore) that pin a finding:
# type refusals, Hardmax before opset 13, reductions over an empty axis, Squeeze of empty
# axes, NaN and infinities through MaxPool and LogSoftmax, ReduceL1 noop (|x|), ArgMax of nothing.
SEEDS = (
    *range(0, 400),
    413,
    440,
    499,
    515,
    521,
    541,
    591,
    717,
    831,
    897,
    898,
    1008,
    1043,
    1258,
    1700,
    1743,
    1745,
)
OPSETS = (11, 12, 13, 14, 15, 17, 18, 19, 21)
FLOATS = (np.float32, np.float64)
INTS = (np.int32, np.int64)
INT64_MAX = np.iinfo(np.int64).max


class Refused(Exception):
    """onnxruntime refused the graph (at session creation or run)."""


def ort_outputs(model, feeds):
    opts = ort.SessionOptions()
    opts.log_severity_level = 4
    try:
        sess = ort.InferenceSession(
            model.SerializeToString(), opts, providers=["CPUExecutionProvider"]
        )
        return sess.run(None, feeds)
    except Exception as exc:  # onnxruntime's own error classes: the refusal is what matters
        raise Refused(f"{type(exc).__name__}: {str(exc)[:300]}") from exc


class Program:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.opset = int(self.rng.choice(OPSETS))
        self.nodes, self.inits, self.inputs = [], [], []
        self.feeds: dict[str, np.ndarray] = {}
        self.values: dict[str, np.ndarray] = {}  # every value so far, as onnxruntime has it
        self.pool: list[str] = []  # values a node may read
        self.n = 0
        self.ops: list[str] = []
        self.refused: str | None = None

    # ---- helpers -------------------------------------------------------------------
    def name(self, stem="v"):
        self.n += 1
        return f"{stem}{self.n}"

    def coin(self, p=0.5) -> bool:
        return bool(self.rng.random() < p)

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def const(self, value, as_input_p=0.0):
        """An initializer, or (with probability as_input_p) a graph input fed the value."""
        value = np.asarray(value)
        name = self.name("c")
        if self.coin(as_input_p):
            self.inputs.append(helper.make_tensor_value_info(name, _elem(value.dtype), value.shape))
            self.feeds[name] = value
        else:
            self.inits.append(numpy_helper.from_array(value, name))
        self.values[name] = value
        return name

    def data(self, shape, dtype):
        if np.dtype(dtype).kind == "f":
            v = self.rng.integers(-12, 13, size=shape) / 4.0  # exact in every float width
            if self.coin(0.3):
                v = self.rng.standard_normal(shape)
        elif np.dtype(dtype) == np.bool_:
            v = self.rng.random(shape) < 0.5
        else:
            v = self.rng.integers(-5, 6, size=shape)
        return np.asarray(v).astype(dtype)

    def shape(self, lo=1, hi=4):
        return tuple(
            int(d) for d in self.rng.integers(1, 5, size=int(self.rng.integers(lo, hi + 1)))
        )

    def add(self, op, inputs, n_out=1, **attrs):
        outs = [self.name() for _ in range(n_out)]
        node = helper.make_node(op, inputs, outs, **attrs)
        self.nodes.append(node)
        self.ops.append(op)
        try:
            got = ort_outputs(self.model(outs), self.feeds)
        except Refused as exc:
            self.refused = str(exc)
            raise
        for o, v in zip(outs, got, strict=True):
            self.values[o] = np.asarray(v)
            self.pool.append(o)
        return outs

    def model(self, outputs):
        graph = helper.make_graph(
            self.nodes,
            "fuzz",
            self.inputs,
            [helper.make_empty_tensor_value_info(o) for o in outputs],
            self.inits,
        )
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", self.opset)])
        m.ir_version = (
            7 if self.opset <= 15 else 8 if self.opset <= 18 else 9 if self.opset <= 20 else 10
        )
        return m

    def final_model(self, outputs):
        """The program as recorded: outputs typed by shape inference, checked by onnx."""
        m = self.model(outputs)
        inferred = onnx.shape_inference.infer_shapes(m, strict_mode=True, data_prop=True)
        known = {v.name: v for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
        del m.graph.output[:]
        for o in outputs:
            v = known.get(o)
            if v is None or not v.type.tensor_type.HasField("shape"):
                v = helper.make_tensor_value_info(
                    o, _elem(self.values[o].dtype), self.values[o].shape
                )
            m.graph.output.append(v)
        onnx.checker.check_model(m, full_check=True)
        return m

    def v(self, name):
        return self.values[name]

    def axis(self, rank):
        return int(self.rng.integers(-rank, rank)) if rank else 0


def _elem(dtype) -> int:
    return helper.np_dtype_to_tensor_dtype(np.dtype(dtype))


# ---- operator families: each returns False where it does not apply to x ---------------
def op_unary(p: Program, x):
    a = p.v(x)
    if a.dtype.kind == "f":
        ops = ["Relu", "Neg", "Abs", "Floor", "Ceil", "Sigmoid", "Tanh", "Exp", "Sqrt", "Log"]
        ops += ["Sign", "Reciprocal", "Round", "Erf", "Softsign", "Softplus", "Sin", "Cos"]
        op = p.pick([*ops, "LeakyRelu", "Elu", "Selu", "HardSigmoid", "ThresholdedRelu"])
        attrs = {}
        if op in ("LeakyRelu", "Elu", "HardSigmoid", "ThresholdedRelu") and p.coin():
            attrs["alpha"] = float(p.pick([0.1, 0.5, 2.0]))
        p.add(op, [x], **attrs)
    elif a.dtype == np.bool_:
        p.add("Not", [x])
    else:
        p.add(p.pick(["Neg", "Abs", "Sign"]) if a.dtype.kind == "i" else "Abs", [x])
    return True


def broadcast_partner(p: Program, a: np.ndarray):
    """A shape that broadcasts with a's: fewer leading dims, some 1s, or an extra dim."""
    shape = list(a.shape)
    k = int(p.rng.integers(0, len(shape) + 1))
    shape = shape[k:]
    shape = [1 if p.coin(0.3) else d for d in shape]
    if p.coin(0.2) and len(a.shape) < 4:
        shape = [int(p.rng.integers(2, 4))] + ([1] * (len(a.shape) - len(shape))) + shape
    return tuple(shape)


def op_binary(p: Program, x):
    a = p.v(x)
    if a.dtype == np.bool_:
        y = p.const(p.data(broadcast_partner(p, a), np.bool_), 0.3)
        p.add(p.pick(["And", "Or", "Xor", "Equal"]), [x, y] if p.coin() else [y, x])
        return True
    same = [n for n in p.pool if p.v(n).dtype == a.dtype and _broadcasts(p.v(n).shape, a.shape)]
    op = p.pick(["Add", "Sub", "Mul", "Div", "Max", "Min", "Mod", "Pow", "PRelu"])
    if op in ("Div", "Mod") and a.dtype.kind != "f":
        # Integer division by zero crashes onnxruntime: a non-zero divisor.
        d = p.data(broadcast_partner(p, a), a.dtype)
        y = p.const(np.where(d == 0, 3, d).astype(a.dtype), 0.3)
        p.add(op, [x, y], **({"fmod": int(p.coin())} if op == "Mod" else {}))
        return True
    if op == "Mod":
        y = p.const(np.abs(p.data(broadcast_partner(p, a), a.dtype)) + 1, 0.3)
        p.add("Mod", [x, y], fmod=1)  # float Mod needs fmod=1
        return True
    if op == "Pow":
        if a.dtype.kind != "f":
            return False
        y = p.const(np.asarray(p.pick([2.0, 0.5, 3.0, -1.0]), a.dtype))
        p.add("Pow", [x, y])
        return True
    if op == "PRelu":
        if a.dtype.kind != "f" or a.ndim == 0:
            return False
        p.add("PRelu", [x, p.const(p.data(a.shape[-1:], a.dtype))])
        return True
    y = (
        p.pick(same)
        if same and p.coin(0.4)
        else p.const(p.data(broadcast_partner(p, a), a.dtype), 0.3)
    )
    p.add(op, [x, y] if p.coin(0.7) else [y, x])
    return True


def _broadcasts(s, t):
    return all(a == b or a == 1 or b == 1 for a, b in zip(reversed(s), reversed(t), strict=False))


def op_compare(p: Program, x):
    a = p.v(x)
    if a.dtype == np.bool_:
        return False
    ops = ["Equal", "Less", "Greater"] + (
        ["LessOrEqual", "GreaterOrEqual"] if p.opset >= 12 else []
    )
    y = p.const(p.data(broadcast_partner(p, a), a.dtype), 0.3)
    (c,) = p.add(p.pick(ops), [x, y])
    if p.coin(0.6):
        z = p.const(p.data(broadcast_partner(p, a), a.dtype), 0.2)
        p.add("Where", [c, x, z] if p.coin() else [c, z, x])
    return True


CASTS = (np.float32, np.float64, np.float16, np.int32, np.int64, np.int8, np.uint8, np.bool_)


def op_cast(p: Program, x):
    a = p.v(x)
    to = np.dtype(p.pick(CASTS))
    if a.dtype.kind == "f" and to.kind in "iu":
        # ONNX leaves NaN, infinities and values out of range undefined: keep to the defined.
        info = np.iinfo(to)
        with np.errstate(invalid="ignore"):
            if not np.all(np.isfinite(a)) or np.any(a <= info.min - 1) or np.any(a >= info.max + 1):
                return False
    if a.dtype.kind in "iu" and to.kind in "iu":
        info = np.iinfo(to)
        if np.any(a < info.min) or np.any(a > info.max):
            return False  # a narrowing integer cast wraps in both; keep it simple
    if p.opset >= 15 and p.coin(0.3):
        p.add("CastLike", [x, p.const(np.zeros((), to))])
    else:
        p.add("Cast", [x], to=_elem(to))
    return True


REDUCES = (
    "ReduceSum",
    "ReduceMean",
    "ReduceMax",
    "ReduceMin",
    "ReduceProd",
    "ReduceL1",
    "ReduceL2",
)
REDUCES += ("ReduceSumSquare", "ReduceLogSumExp")


def op_reduce(p: Program, x):
    a = p.v(x)
    if a.dtype == np.bool_ or a.ndim == 0:
        return False
    op = p.pick(REDUCES)
    if a.dtype.kind != "f" and op not in ("ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd"):
        return False
    k = int(p.rng.integers(0, a.ndim + 1))
    axes = sorted({p.axis(a.ndim) % a.ndim for _ in range(k)})
    axes = [ax - a.ndim if p.coin() else ax for ax in axes]
    attrs = {"keepdims": int(p.coin())}
    inputs = [x]
    axes_input = p.opset >= 18 or (op == "ReduceSum" and p.opset >= 13)
    if axes_input:
        if axes or p.coin(0.3):
            inputs.append(p.const(np.asarray(axes, np.int64)))
        if p.coin(0.3):
            attrs["noop_with_empty_axes"] = int(p.coin())
    elif axes:
        attrs["axes"] = axes
    p.add(op, inputs, **attrs)
    return True


def op_argmax(p: Program, x):
    a = p.v(x)
    if a.dtype == np.bool_ or a.ndim == 0:
        return False
    attrs = {"axis": p.axis(a.ndim), "keepdims": int(p.coin())}
    if p.opset >= 12 and p.coin():
        attrs["select_last_index"] = int(p.coin())
    if a.dtype.kind == "f" and p.coin():
        # Ties: round to halves so that select_last_index matters.
        (x,) = p.add("Floor", [x])
    p.add(p.pick(["ArgMax", "ArgMin"]), [x], **attrs)
    return True


def op_softmax(p: Program, x):
    a = p.v(x)
    if a.dtype.kind != "f" or a.ndim == 0:
        return False
    attrs = {"axis": p.axis(a.ndim)} if p.coin(0.7) else {}
    # Before opset 13 the input is coerced to 2-D at axis; from 13 one axis is normalized.
    p.add(p.pick(["Softmax", "LogSoftmax", "Hardmax"]), [x], **attrs)
    return True


def op_transpose(p: Program, x):
    a = p.v(x)
    if p.coin(0.2):
        p.add("Transpose", [x])
    else:
        p.add("Transpose", [x], perm=[int(i) for i in p.rng.permutation(a.ndim)])
    return True


def op_reshape(p: Program, x):
    a = p.v(x)
    kind = p.pick(["flatten", "shape", "dynamic", "squeeze", "unsqueeze"])
    if kind == "flatten":
        p.add("Flatten", [x], axis=int(p.rng.integers(-a.ndim, a.ndim + 1)) if a.ndim else 0)
    elif kind == "shape":
        dims = _factor(p, a.size)
        if dims and p.coin(0.5):
            dims[int(p.rng.integers(len(dims)))] = -1
        for i in range(min(len(dims), a.ndim)):
            if dims[i] == a.shape[i] and p.coin(0.3):
                dims[i] = 0  # 0 copies the input's dim
        p.add("Reshape", [x, p.const(np.asarray(dims, np.int64))])
    elif kind == "dynamic":
        if a.ndim == 0:
            return False
        # The exporters' idiom: the run-time batch from Shape, the rest constant.
        (s,) = p.add("Shape", [x])
        (b,) = p.add("Gather", [s, p.const(np.asarray([0], np.int64))], axis=0)
        (t,) = p.add("Concat", [b, p.const(np.asarray([-1], np.int64))], axis=0)
        p.add("Reshape", [x, t])
    elif kind == "squeeze":
        ones = [i for i, d in enumerate(a.shape) if d == 1]
        if not ones:
            return False
        axes = [i - a.ndim if p.coin() else i for i in ones if p.coin(0.7)]
        if not axes and p.coin():
            p.add("Squeeze", [x])
        elif p.opset >= 13:
            p.add("Squeeze", [x, p.const(np.asarray(axes, np.int64))])
        else:
            p.add("Squeeze", [x], axes=axes)
    else:
        r = a.ndim + 1
        axes = sorted({int(p.rng.integers(-r, r)) % r for _ in range(int(p.rng.integers(1, 3)))})
        if a.ndim + len(axes) > 5:
            return False
        r = a.ndim + len(axes)
        axes = [ax - r if p.coin() else ax for ax in axes]
        if p.opset >= 13:
            p.add("Unsqueeze", [x, p.const(np.asarray(axes, np.int64))])
        else:
            p.add("Unsqueeze", [x], axes=axes)
    return True


def _factor(p: Program, n):
    dims = []
    while n > 1 and len(dims) < 3:
        f = [d for d in range(2, n + 1) if n % d == 0]
        d = p.pick(f)
        dims.append(d)
        n //= d
    if n > 1:
        dims.append(n)
    return dims or [1]


def op_concat_split(p: Program, x):
    a = p.v(x)
    if a.ndim == 0:
        return False
    ax = p.axis(a.ndim)
    if p.coin():
        shape = list(a.shape)
        shape[ax] = int(p.rng.integers(1, 4))
        y = p.const(p.data(tuple(shape), a.dtype), 0.3)
        ins = [x, y, x][: int(p.rng.integers(2, 4))]
        p.add("Concat", ins, axis=ax)
        return True
    n = a.shape[ax]
    if p.opset >= 18 and p.coin():
        k = int(p.rng.integers(1, n + 1))
        p.add("Split", [x], n_out=k, axis=ax, num_outputs=k)
        return True
    cuts = (
        sorted(
            p.rng.choice(np.arange(1, n), size=min(n - 1, int(p.rng.integers(0, 3))), replace=False)
        )
        if n > 1
        else []
    )
    sizes = np.diff([0, *cuts, n]).astype(np.int64)
    if p.coin(0.3) and len(sizes) > 1 and n % len(sizes) == 0:
        p.add("Split", [x], n_out=len(sizes), axis=ax)  # equal parts
    elif p.opset >= 13:
        p.add("Split", [x, p.const(sizes)], n_out=len(sizes), axis=ax)
    else:
        p.add("Split", [x], n_out=len(sizes), axis=ax, split=[int(s) for s in sizes])
    return True


def op_gather(p: Program, x):
    a = p.v(x)
    if a.ndim == 0:
        return False
    ax = p.axis(a.ndim)
    n = a.shape[ax]
    shape = () if p.coin(0.3) else p.shape(1, 2)
    idx = p.rng.integers(-n, n, size=shape).astype(p.pick([np.int64, np.int32]))
    p.add("Gather", [x, p.const(idx, 0.3)], axis=ax)
    return True


def op_slice(p: Program, x):
    a = p.v(x)
    if a.ndim == 0:
        return False
    k = int(p.rng.integers(1, a.ndim + 1))
    axes = [int(v) for v in p.rng.choice(a.ndim, size=k, replace=False)]
    starts, ends, steps = [], [], []
    for ax in axes:
        n = a.shape[ax]
        step = int(p.pick([1, 1, 2, -1, -2]))
        s = int(p.rng.integers(-n - 2, n + 2))
        # "To the end" is INT64_MAX forward and INT64_MIN backward, as the spec recommends;
        # now and then INT64_MAX backward, which onnxruntime alone reads as "to the start".
        far = INT64_MAX if step > 0 or p.coin(0.1) else -INT64_MAX - 1
        e = int(p.pick([int(p.rng.integers(-n - 2, n + 2)), far]))
        starts.append(s)
        ends.append(e)
        steps.append(step)
    ins = [x, p.const(np.asarray(starts, np.int64)), p.const(np.asarray(ends, np.int64))]
    all_axes = sorted(axes) == list(range(a.ndim)) and axes == sorted(axes)
    omit_axes = all_axes and p.coin(0.4)
    if not omit_axes:
        ins.append(p.const(np.asarray([ax - a.ndim if p.coin() else ax for ax in axes], np.int64)))
    if any(s != 1 for s in steps) or p.coin(0.3):
        if omit_axes:
            ins.append("")  # optional axes omitted, steps given
        ins.append(p.const(np.asarray(steps, np.int64)))
    p.add("Slice", ins)
    return True


def op_pad(p: Program, x):
    a = p.v(x)
    if a.ndim == 0 or a.dtype == np.bool_:
        return False
    modes = ["constant", "reflect", "edge"] + (["wrap"] if p.opset >= 19 else [])
    mode = p.pick(modes)
    lo = -1 if mode == "constant" else 0
    pads = []
    for d in a.shape:
        hi = d - 1 if mode == "reflect" else 2
        pads.append(int(p.rng.integers(lo if d > 1 else 0, max(hi, 0) + 1)))
    for d in a.shape:
        hi = d - 1 if mode == "reflect" else 2
        pads.append(int(p.rng.integers(lo if d > 1 else 0, max(hi, 0) + 1)))
    ins = [x, p.const(np.asarray(pads, np.int64))]
    if mode == "constant" and p.coin():
        ins.append(p.const(np.asarray(p.data((), a.dtype))))
    p.add("Pad", ins, mode=mode)
    return True


def op_expand_tile(p: Program, x):
    a = p.v(x)
    if p.coin():
        shape = [d if d != 1 or p.coin() else int(p.rng.integers(2, 4)) for d in a.shape]
        shape = [1 if p.coin(0.2) else d for d in shape]
        if p.coin(0.3) and a.ndim < 4:
            shape = [int(p.rng.integers(1, 3)), *shape]
        if p.coin(0.3) and a.ndim > 0:
            (s,) = p.add("Shape", [x])  # a shape known at run time
            p.add("Expand", [x, s])
        else:
            p.add("Expand", [x, p.const(np.asarray(shape, np.int64))])
    else:
        if a.ndim == 0:
            return False
        p.add("Tile", [x, p.const(p.rng.integers(1, 3, size=a.ndim).astype(np.int64))])
    return True


def op_clip(p: Program, x):
    a = p.v(x)
    if a.dtype.kind not in "fi" or (a.dtype.kind == "i" and p.opset < 12):
        return False
    lo = p.const(np.asarray(p.data((), a.dtype)))
    hi = p.const(np.asarray(p.data((), a.dtype)))
    ins = p.pick([[x, lo, hi], [x, lo], [x, "", hi], [x]])
    p.add("Clip", ins)
    return True


def op_shape_ops(p: Program, x):
    a = p.v(x)
    kind = p.pick(["shape", "size", "const_of_shape", "cumsum", "trilu", "range"])
    if kind == "shape":
        attrs = {}
        if p.opset >= 15 and p.coin():
            attrs["start"] = int(p.rng.integers(-a.ndim - 1, a.ndim + 1))
            if p.coin():
                attrs["end"] = int(p.rng.integers(-a.ndim - 1, a.ndim + 2))
        p.add("Shape", [x], **attrs)
    elif kind == "size":
        p.add("Size", [x])
    elif kind == "const_of_shape":
        (s,) = p.add("Shape", [x])
        attrs = (
            {"value": numpy_helper.from_array(np.asarray([2.5], np.float32))} if p.coin() else {}
        )
        p.add("ConstantOfShape", [s], **attrs)
    elif kind == "cumsum":
        if a.ndim == 0 or a.dtype.kind not in "fi":
            return False
        ax = p.const(np.asarray(p.axis(a.ndim), p.pick([np.int64, np.int32])))
        p.add("CumSum", [x, ax], exclusive=int(p.coin()), reverse=int(p.coin()))
    elif kind == "trilu":
        if a.ndim < 2 or p.opset < 14:
            return False
        ins = [x] + (
            [p.const(np.asarray(int(p.rng.integers(-2, 3)), np.int64))] if p.coin() else []
        )
        p.add("Trilu", ins, upper=int(p.coin()))
    else:
        dt = p.pick([np.int64, np.int32, np.float32])
        start, limit, delta = (
            dt(v) for v in (p.rng.integers(-3, 3), p.rng.integers(-5, 6), p.pick([1, 2, -1]))
        )
        p.add(
            "Range",
            [p.const(np.asarray(start)), p.const(np.asarray(limit)), p.const(np.asarray(delta))],
        )
    return True


def op_matmul(p: Program, x):
    a = p.v(x)
    if a.dtype.kind != "f" or a.ndim == 0:
        return False
    k = a.shape[-1]
    if p.coin(0.3) and a.ndim == 2:
        n = int(p.rng.integers(1, 4))
        ta, tb = int(p.coin()), int(p.coin())
        rows = a.shape[0] if ta else a.shape[1]
        w = p.const(p.data((n, rows) if tb else (rows, n), a.dtype), 0.3)
        ins = [x, w] + ([p.const(p.data(p.pick([(n,), (1, n), ()]), a.dtype))] if p.coin() else [])
        alpha, beta = float(p.pick([1.0, 0.5])), float(p.pick([1.0, 2.0]))
        p.add("Gemm", ins, transA=ta, transB=tb, alpha=alpha, beta=beta)
        return True
    w = p.const(p.data((k,) if p.coin(0.2) else (k, int(p.rng.integers(1, 4))), a.dtype), 0.3)
    p.add("MatMul", [x, w])
    return True


def op_image(p: Program, x):
    """Conv, pools and Resize over an NCHW image (a reshape to rank 4 first if needed)."""
    a = p.v(x)
    if a.dtype != np.float32:
        return False
    if a.ndim != 4:
        x = p.const(
            p.data(
                (
                    1,
                    int(p.rng.integers(1, 3)),
                    int(p.rng.integers(3, 7)),
                    int(p.rng.integers(3, 7)),
                ),
                np.float32,
            ),
            0.5,
        )
        a = p.v(x)
    kind = p.pick(["conv", "maxpool", "avgpool", "global", "resize"])
    h, w = a.shape[2:]
    kh, kw = int(p.rng.integers(1, min(h, 3) + 1)), int(p.rng.integers(1, min(w, 3) + 1))
    attrs: dict = {}
    auto = p.pick(["NOTSET", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"])
    if auto != "NOTSET":
        attrs["auto_pad"] = auto
    elif p.coin():
        attrs["pads"] = [int(v) for v in p.rng.integers(0, min(kh, kw), size=4)]
    if p.coin():
        attrs["strides"] = [int(v) for v in p.rng.integers(1, 3, size=2)]
    if kind == "conv":
        op_conv(p, x, a, (kh, kw), auto, attrs)
    elif kind in ("maxpool", "avgpool"):
        attrs["kernel_shape"] = [kh, kw]
        if p.coin(0.3):
            attrs["ceil_mode"] = 1
        if kind == "avgpool":
            if p.coin():
                attrs["count_include_pad"] = int(p.coin())
            p.add("AveragePool", [x], **attrs)
        else:
            if p.coin(0.3) and auto == "NOTSET" and kh < h and kw < w:
                attrs["dilations"] = (
                    [2, 2] if 2 * (kh - 1) + 1 <= h and 2 * (kw - 1) + 1 <= w else [1, 1]
                )
            p.add("MaxPool", [x], **attrs)
    elif kind == "global":
        p.add(p.pick(["GlobalAveragePool", "GlobalMaxPool"]), [x])
    else:
        op_resize(p, x, a)
    return True


def op_conv(p: Program, x, a, kernel, auto, attrs):
    (h, w), (kh, kw) = a.shape[2:], kernel
    c = a.shape[1]
    group = c if c > 1 and p.coin(0.3) else 1
    m = group * int(p.rng.integers(1, 3))
    if p.coin(0.3) and auto == "NOTSET":
        attrs["dilations"] = [int(v) for v in p.rng.integers(1, 3, size=2)]
        if attrs["dilations"][0] * (kh - 1) + 1 > h or attrs["dilations"][1] * (kw - 1) + 1 > w:
            del attrs["dilations"]
    ins = [x, p.const(p.data((m, c // group, kh, kw), np.float32), 0.2)]
    if p.coin():
        ins.append(p.const(p.data((m,), np.float32)))
    p.add("Conv", ins, group=group, **({"kernel_shape": [kh, kw]} if p.coin() else {}), **attrs)


def op_resize(p: Program, x, a):
    mode = p.pick(["nearest", "linear", "cubic"])
    coord = p.pick(["half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel"])
    attrs = {"mode": mode, "coordinate_transformation_mode": coord}
    if mode == "nearest":
        attrs["nearest_mode"] = p.pick(["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"])
    if mode == "cubic" and p.coin():
        attrs["cubic_coeff_a"] = -0.5
    roi = "" if p.opset >= 13 else p.const(np.zeros((0,), np.float32))
    if p.coin():
        s = [float(p.pick([0.5, 1.5, 2.0, 0.75])) for _ in range(2)]
        ins = [x, roi, p.const(np.asarray([1.0, 1.0, *s], np.float32))]
    else:
        size = [int(v) for v in p.rng.integers(1, 9, size=2)]
        ins = [
            x,
            roi,
            p.const(np.zeros((0,), np.float32)) if p.opset < 13 else "",
            p.const(np.asarray([*a.shape[:2], *size], np.int64)),
        ]
    p.add("Resize", ins, **attrs)


FAMILIES = {
    "unary": op_unary,
    "binary": op_binary,
    "compare": op_compare,
    "cast": op_cast,
    "reduce": op_reduce,
    "argmax": op_argmax,
    "softmax": op_softmax,
    "transpose": op_transpose,
    "reshape": op_reshape,
    "concat_split": op_concat_split,
    "gather": op_gather,
    "slice": op_slice,
    "pad": op_pad,
    "expand_tile": op_expand_tile,
    "clip": op_clip,
    "shape_ops": op_shape_ops,
    "matmul": op_matmul,
    "image": op_image,
}


# ---- programs onnxruntime must refuse, and graphgate with it ---------------------------
def spoil(p: Program, x):
    """One node that breaks a rule ONNX states: an axis out of range, shapes that do not
    broadcast, an index out of bounds, a reshape to the wrong count..."""
    a = p.v(x)
    r = max(a.ndim, 1)
    kind = p.pick(["axis", "broadcast", "gather_oob", "reshape", "concat", "transpose"])
    if kind == "axis":
        op = p.pick(["Softmax", "ArgMax", "Concat", "Gather", "Flatten", "Split"])
        ins = [x, p.const(np.asarray([0], np.int64))] if op == "Gather" else [x]
        p.add(op, ins, axis=r + int(p.rng.integers(0, 2)) + (op == "Flatten"))
    elif kind == "broadcast":
        shape = tuple(d + 1 for d in a.shape) or (2,)
        if a.ndim == 0 or a.shape[-1] == 1:
            shape = (*a.shape[:-1], 2, 3)
        p.add("Add", [x, p.const(p.data(shape, a.dtype), 0.5)])
    elif kind == "gather_oob":
        n = a.shape[0] if a.ndim else 1
        p.add("Gather", [x, p.const(np.asarray([n + 1], np.int64), 0.5)], axis=0)
    elif kind == "reshape":
        p.add("Reshape", [x, p.const(np.asarray([a.size + 1], np.int64), 0.3)])
    elif kind == "concat":
        p.add("Concat", [x, p.const(p.data((*(d + 1 for d in a.shape), 1), a.dtype))], axis=0)
    else:
        p.add("Transpose", [x], perm=[0] * (a.ndim + 1))
    return True


def draw(seed: int):
    """(model, feeds, outputs, ops, opset, refused, float_bytes): `refused` holds
    onnxruntime's message where the program's last node is refused, None where it ran."""
    p = Program(seed)
    for _ in range(int(p.rng.integers(1, 3))):
        dtype = p.pick(
            [np.float32, np.float32, np.float32, np.float64, np.int64, np.int32, np.bool_]
        )
        shape = p.shape(0, 4) if not p.coin(0.3) else (1, int(p.rng.integers(1, 3)), 4, 5)
        name = p.name("in")
        value = p.data(shape, dtype)
        dims = [d if not p.coin(0.2) else "N" for d in shape]
        p.inputs.append(helper.make_tensor_value_info(name, _elem(dtype), dims))
        p.feeds[name] = value
        p.values[name] = value
        p.pool.append(name)
    target = int(p.rng.integers(3, 11))
    spoiled = p.coin(0.12)
    families = list(FAMILIES)
    try:
        tries = 0
        while len(p.nodes) < target and tries < 60:
            tries += 1
            # Mostly the newest value (a chain), sometimes an older one (a DAG).
            x = p.pool[-1] if p.coin(0.6) else p.pick(p.pool)
            if p.v(x).size > 4096:
                continue
            try:
                FAMILIES[p.pick(families)](p, x)
            except ValueError:  # onnx.helper refuses an empty list attribute: draw again
                continue
        if spoiled:
            spoil(p, p.pool[-1])
    except Refused:
        # A node the drawing got wrong, or an onnxruntime kernel missing for a dtype that
        # ONNX allows (double Clip-11): neither is a rule graphgate must keep.
        if not spoiled or "NOT_IMPLEMENTED" in (p.refused or ""):
            return None
    outs = [o for o in p.pool if o not in p.feeds][-3:]
    if p.refused:
        outs = list(p.nodes[-1].output)
        m = p.model(outs)
        return m, p.feeds, outs, p.ops, p.opset, p.refused, _narrowest(p)
    if not outs:
        return None
    try:
        model = p.final_model(outs)
    except Exception as exc:  # onnx's checker or inference refuses what onnxruntime ran
        print(f"seed {seed}: onnxruntime ran what onnx refuses: {exc}"[:300], file=sys.stderr)
        return None
    return model, p.feeds, outs, p.ops, p.opset, None, _narrowest(p)


def _narrowest(p: Program) -> int:
    """The bytes of the narrowest float any value of the program holds: a float64 output
    computed in float32 on the way carries float32's rounding."""
    return min((v.dtype.itemsize for v in p.values.values() if v.dtype.kind == "f"), default=8)


def record(seeds) -> tuple[dict, dict]:
    arrays, meta = {}, {}
    for seed in seeds:
        drawn = draw(seed)
        if drawn is None:
            continue
        model, feeds, outs, ops, opset, refused, narrowest = drawn
        key = f"p{seed}"
        arrays[f"{key}/model"] = np.frombuffer(model.SerializeToString(), np.uint8)
        for n, v in feeds.items():
            arrays[f"{key}/in/{n}"] = v
        if refused is None:
            for n, v in zip(outs, ort_outputs(model, feeds), strict=True):
                arrays[f"{key}/out/{n}"] = np.asarray(v)
        meta[key] = {"opset": opset, "ops": ops, "outputs": outs, "refused": refused}
        meta[key]["float_bytes"] = narrowest
    return arrays, meta


def _seeds() -> range | tuple:
    """The committed seeds, or with a salt as many fresh ones past them (the first 1,800
    are the committed and explored ones)."""
    if not fuzzseed.salt():
        return SEEDS
    start = 10_000 + fuzzseed.seed("onnx_fuzz") % 1_000_000_000
    return range(start, start + len(SEEDS))


def main(argv):
    out = OUT
    if "--out" in argv:
        at = argv.index("--out")
        out, argv = Path(argv[at + 1]), argv[:at] + argv[at + 2 :]
    if argv[:1] == ["--explore"]:
        start, n = int(argv[1]), int(argv[2])
        arrays, meta = record(range(start, start + n))
        print(
            json.dumps(
                {"programs": len(meta), "refused": sum(bool(m["refused"]) for m in meta.values())}
            )
        )
        if out == OUT:
            out = Path("/tmp/onnx_fuzz_explore.npz")
        np.savez_compressed(out, **arrays, meta=np.asarray(json.dumps(meta)))
        return
    arrays, meta = record(_seeds())
    np.savez_compressed(out, **arrays, meta=np.asarray(json.dumps(meta, sort_keys=True)))
    refused = sum(bool(m["refused"]) for m in meta.values())
    print(f"{len(meta)} programs ({refused} refused) -> {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
