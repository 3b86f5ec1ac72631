"""ONNX's recurrent operators (RNN, GRU, LSTM) lowered to the engine's matmuls and
activations, one step per time step.

A short sequence of static length is unrolled; a longer one, or one whose length is known
only at run time, is a while_loop over the time axis. `sequence_lens` follows onnxruntime: past its
length a batch row keeps its state and outputs zeros, and a reverse direction reverses each
row within its own length (`reverse_sequence` before and after a forward pass).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import dtypes as _dt
from ..graph import Tensor, TensorShape
from ..ops import array_ops as A
from ..ops import math_ops as M
from .lowering import Unsupported, lowers, where

# Activations the recurrent ops name, with how many of activation_alpha / activation_beta
# each consumes (onnxruntime hands them out in order to the activations that take them).
_ACTIVATIONS: dict[str, tuple[int, int, Callable]] = {
    "sigmoid": (0, 0, lambda x, a, b, c: M.sigmoid(x)),
    "tanh": (0, 0, lambda x, a, b, c: M.tanh(x)),
    "relu": (0, 0, lambda x, a, b, c: M.maximum(x, c(0))),
    "leakyrelu": (1, 0, lambda x, a, b, c: where(M.less(x, c(0)), M.multiply(x, c(a)), x)),
    "thresholdedrelu": (1, 0, lambda x, a, b, c: where(M.greater(x, c(a)), x, c(0) * x)),
    "scaledtanh": (1, 1, lambda x, a, b, c: M.multiply(c(a), M.tanh(M.multiply(c(b), x)))),
    "affine": (1, 1, lambda x, a, b, c: M.add(M.multiply(c(a), x), c(b))),
    "hardsigmoid": (
        1,
        1,
        lambda x, a, b, c: M.minimum(M.maximum(M.add(M.multiply(c(a), x), c(b)), c(0)), c(1)),
    ),
    "elu": (
        1,
        0,
        lambda x, a, b, c: where(
            M.greater(x, c(0)), x, M.multiply(c(a), M.subtract(M.exp(x), c(1)))
        ),
    ),
    "softsign": (0, 0, lambda x, a, b, c: M.divide(x, M.add(M.abs(x), c(1)))),
    "softplus": (0, 0, lambda x, a, b, c: M.log(M.add(M.exp(x), c(1)))),
}
# ONNX's defaults for the parameters an activation takes when the lists run out.
_DEFAULT_ALPHA = {"leakyrelu": 0.01, "thresholdedrelu": 1.0, "elu": 1.0, "hardsigmoid": 0.2}
_DEFAULT_BETA = {"hardsigmoid": 0.5}
_DEFAULTS = {"RNN": ["Tanh"], "GRU": ["Sigmoid", "Tanh"], "LSTM": ["Sigmoid", "Tanh", "Tanh"]}
_GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}
# Sequences up to this long are unrolled (fastest to run); longer ones loop, so a graph (and
# its stored document) does not grow with the sequence length.
_UNROLL = 32


def _directions(attrs) -> int:
    return 2 if attrs.get("direction", "forward") == "bidirectional" else 1


def _activation_names(op_type: str, attrs) -> list[str]:
    names = attrs.get("activations")
    if names is None:
        return _DEFAULTS[op_type] * _directions(attrs)
    return [n.decode() if isinstance(n, bytes) else str(n) for n in names]


def _rnn_check(op_type: str):
    def check(attrs, opset):
        direction = attrs.get("direction", "forward")
        if direction not in ("forward", "reverse", "bidirectional"):
            return f"{op_type} direction {direction!r}"
        names = _activation_names(op_type, attrs)
        if len(names) != len(_DEFAULTS[op_type]) * _directions(attrs):
            return f"{op_type} with {len(names)} activations"
        unknown = [n for n in names if n.lower() not in _ACTIVATIONS]
        if unknown:
            return f"{op_type} activations {unknown}"
        return None

    return check


def _activations(ctx, x_dtype) -> list[Callable]:
    """One function per activation named, with its alpha and beta bound."""
    alphas = list(ctx.attr("activation_alpha", []))
    betas = list(ctx.attr("activation_beta", []))

    def const(v):
        return ctx.const(v, x_dtype)

    out = []
    for name in _activation_names(ctx.op_type, ctx.attrs):
        key = name.lower()
        n_alpha, n_beta, fn = _ACTIVATIONS[key]
        a = alphas.pop(0) if n_alpha and alphas else _DEFAULT_ALPHA.get(key, 1.0)
        b = betas.pop(0) if n_beta and betas else _DEFAULT_BETA.get(key, 0.0)
        out.append(lambda x, fn=fn, a=a, b=b: fn(x, a, b, const))
    return out


class _Cell:
    """One direction's weights and step function."""

    def __init__(self, ctx, d: int, acts: list[Callable], hidden: int):
        self.ctx = ctx
        self.op_type = ctx.op_type
        self.hidden = hidden
        self.acts = acts
        n = _GATES[ctx.op_type]
        self.w = _row(ctx, 1, d)  # [n*H, I]
        self.r = _row(ctx, 2, d)  # [n*H, H]
        self.wb = self.rb = None
        if ctx.has(3):
            bias = _row(ctx, 3, d)
            self.wb, self.rb = A.split(bias, 2, 0)
        self.p = A.split(_row(ctx, 7, d), 3, 0) if ctx.has(7) else None
        clip = ctx.attr("clip")
        self.clip = None if clip is None else float(clip)
        self.n = n

    def _clip(self, x: Tensor) -> Tensor:
        if self.clip is None:
            return x
        c = self.ctx.const(self.clip, x.dtype)
        return M.minimum(M.maximum(x, M.negative(c)), c)

    def inputs(self, x: Tensor) -> Tensor:
        y = M.matmul(x, self.w, transpose_b=True)
        return y if self.wb is None else M.add(y, self.wb)

    def recur(self, h: Tensor) -> Tensor:
        y = M.matmul(h, self.r, transpose_b=True)
        return y if self.rb is None else M.add(y, self.rb)

    def step(self, x: Tensor, h: Tensor, c: Tensor | None) -> tuple[Tensor, Tensor | None]:
        if self.op_type == "RNN":
            return self.acts[0](self._clip(M.add(self.inputs(x), self.recur(h)))), None
        if self.op_type == "GRU":
            return self._gru(x, h), None
        return self._lstm(x, h, c)

    def _gru(self, x, h):
        f, g = self.acts
        xz, xr, xh = A.split(self.inputs(x), 3, 1)
        rw = A.split(self.r, 3, 0)
        rb = A.split(self.rb, 3, 0) if self.rb is not None else (None,) * 3

        def rec(k, v):
            y = M.matmul(v, rw[k], transpose_b=True)
            return y if rb[k] is None else M.add(y, rb[k])

        z = f(self._clip(M.add(xz, rec(0, h))))
        r = f(self._clip(M.add(xr, rec(1, h))))
        if self.ctx.attr("linear_before_reset", 0):
            hh = g(self._clip(M.add(xh, M.multiply(r, rec(2, h)))))
        else:
            hh = g(self._clip(M.add(xh, rec(2, M.multiply(r, h)))))
        one = self.ctx.const(1, h.dtype)
        return M.add(M.multiply(M.subtract(one, z), hh), M.multiply(z, h))

    def _lstm(self, x, h, c):
        f, g, hf = self.acts
        gi, go, gf, gc = A.split(M.add(self.inputs(x), self.recur(h)), 4, 1)
        if self.p is not None:
            pi, po, pf = self.p
            gi, gf = M.add(gi, M.multiply(pi, c)), M.add(gf, M.multiply(pf, c))
        i = f(self._clip(gi))
        if self.ctx.attr("input_forget", 0):
            fg = M.subtract(self.ctx.const(1, h.dtype), i)
        else:
            fg = f(self._clip(gf))
        c_new = M.add(M.multiply(fg, c), M.multiply(i, g(self._clip(gc))))
        if self.p is not None:
            go = M.add(go, M.multiply(po, c_new))
        o = f(self._clip(go))
        return M.multiply(o, hf(c_new)), c_new


def _row(ctx, i: int, d: int) -> Tensor:
    """Direction `d` of a per-direction input (W, R, B, P, initial states)."""
    return A.gather(ctx.t(i), ctx.const(d, np.int64))


def _state(ctx, i: int, d: int, layout: int, batch, hidden: int, like: Tensor) -> Tensor:
    if ctx.has(i):
        t = ctx.t(i)
        return A.gather(t, ctx.const(d, np.int64), axis=1 if layout else 0)
    if batch is not None:
        return ctx.const(np.zeros((batch, hidden)), like.dtype)
    dims = A.concat(
        [A.shape(like)[1:2], ctx.const([hidden], _dt.int32)], 0
    )  # [batch, hidden] of the run-time batch
    return A.fill(dims, ctx.const(0, like.dtype))


def _reversed(x: Tensor, lens: Tensor | None) -> Tensor:
    from ..ops.extra_array_ops import reverse, reverse_sequence

    if lens is None:
        return reverse(x, [0])
    return reverse_sequence(x, lens, seq_axis=0, batch_axis=1)


def _run(cell: _Cell, x: Tensor, h: Tensor, c, lens: Tensor | None, steps: int | None):
    """The states over the sequence [T, B, H] and the last (h, c)."""

    def advance(xt, keep, h, c):
        h_new, c_new = cell.step(xt, h, c)
        if keep is None:
            return h_new, c_new, h_new
        keep = A.expand_dims(keep, 1)
        h_out = where(keep, h_new, A.zeros_like(h_new))
        h_new = where(keep, h_new, h)
        if c is not None:
            c_new = where(keep, c_new, c)
        return h_new, c_new, h_out

    if steps is not None:
        outs = []
        for t in range(steps):
            keep = None if lens is None else M.less(cell.ctx.const(t, lens.dtype), lens)
            h, c, y = advance(x[t], keep, h, c)
            outs.append(y)
        return A.stack(outs, 0), h, c
    return _loop(x, h, c, lens, advance, cell.ctx.const(0, np.int32))


def _loop(x: Tensor, h: Tensor, c, lens: Tensor | None, advance, start: Tensor) -> tuple:
    """The time steps of a sequence whose length only run time knows: a while_loop whose
    outputs grow by one row a step (the batch may be unknown too, so no fixed-size stack)."""
    from ..ops.control_flow_ops import while_loop

    steps = A.shape(x)[0]
    keep_all = None
    if lens is not None:
        t = M.cast(_time_index(x), lens.dtype)
        keep_all = M.less(A.expand_dims(t, 1), A.expand_dims(lens, 0))  # [T, B]
    has_c = c is not None
    c = c if has_c else h
    ys = A.expand_dims(h, 0)[:0]  # [0, B, H]

    def body(t, h, c, ys):
        keep = None if keep_all is None else A.gather(keep_all, t)
        h_new, c_new, y = advance(A.gather(x, t), keep, h, c if has_c else None)
        return t + 1, h_new, c_new if has_c else c, A.concat([ys, A.expand_dims(y, 0)], 0)

    hidden = h.static_shape
    _, h, c, ys = while_loop(
        lambda t, *_: t < steps,
        body,
        [start, h, c, ys],
        shape_invariants=[TensorShape(s) for s in [(), hidden, hidden, (None, *hidden)]],
    )
    return ys, h, (c if has_c else None)


def _time_index(x: Tensor) -> Tensor:
    from ..ops.extra_array_ops import range as range_

    return range_(A.shape(x)[0])


@lowers("RNN", check=_rnn_check("RNN"))
@lowers("GRU", check=_rnn_check("GRU"))
@lowers("LSTM", check=_rnn_check("LSTM"))
def _recurrent(ctx):
    reason = _rnn_check(ctx.op_type)(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    layout = ctx.attr("layout", 0)
    x = ctx.t(0)
    if layout:
        x = A.transpose(x, [1, 0, 2])
    if x.dtype not in _dt.FLOATS:
        raise Unsupported(f"{ctx.op_type} of {x.dtype.name} values")
    shape = x.static_shape
    if shape is None or len(shape) != 3:
        raise Unsupported(f"{ctx.op_type} input of unknown rank")
    r_shape = ctx.shape(2)
    hidden = ctx.attr("hidden_size") or (r_shape[-1] if r_shape else None)
    if hidden is None:
        raise Unsupported(f"{ctx.op_type} hidden size unknown at import")
    lens = M.cast(ctx.t(4), _dt.int64) if ctx.has(4) else None
    acts = _activations(ctx, x.dtype)
    per = len(_DEFAULTS[ctx.op_type])
    direction = ctx.attr("direction", "forward")
    ys, hs, cs = [], [], []
    for d in range(_directions(ctx.attrs)):
        cell = _Cell(ctx, d, acts[d * per : (d + 1) * per], hidden)
        h0 = _state(ctx, 5, d, layout, shape[1], hidden, x)
        c0 = _state(ctx, 6, d, layout, shape[1], hidden, x) if ctx.op_type == "LSTM" else None
        backward = direction == "reverse" or d == 1
        seq = _reversed(x, lens) if backward else x
        steps = shape[0] if shape[0] is not None and shape[0] <= _UNROLL else None
        y, h, c = _run(cell, seq, h0, c0, lens, steps)
        ys.append(_reversed(y, lens) if backward else y)
        hs.append(h)
        cs.append(c)
    y = A.stack(ys, 1)  # [T, D, B, H]
    y_h = A.stack(hs, 0)
    outs = [A.transpose(y, [2, 0, 1, 3]) if layout else y]
    outs.append(A.transpose(y_h, [1, 0, 2]) if layout else y_h)
    if ctx.op_type == "LSTM":
        y_c = A.stack(cs, 0)
        outs.append(A.transpose(y_c, [1, 0, 2]) if layout else y_c)
    return outs
