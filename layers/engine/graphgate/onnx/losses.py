"""ONNX's training operators: the losses a model exported for training ends in
(NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss, with class weights, ignore_index and
every reduction) and ai.onnx.preview.training's optimizer steps (Adagrad, Momentum, Adam),
spelled with the engine's gathers, sums and elementwise math."""

from __future__ import annotations

from .. import dtypes as _dt
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import nn_ops as N
from ..ops import reduce_ops as R
from .lowering import Unsupported, lowers, where


def _loss_check(attrs, opset):
    reduction = attrs.get("reduction", "mean")
    if reduction not in ("mean", "sum", "none"):
        return f"reduction {reduction!r}"
    return None


def _nll(ctx, logp):
    """-logp[n, target[n, ...], ...], weighted, with ONNX's mean over the applied weights."""
    target = ctx.t(1)
    if target.dtype not in _dt.INTS:
        raise Unsupported(f"a target of {target.dtype.name} values")
    ignore = ctx.attr("ignore_index")
    mask = None
    if ignore is not None:
        mask = M.not_equal(target, ctx.const(ignore, target.dtype))
        target = where(mask, target, A.zeros_like(target))  # any valid index: weighted 0
    picked = ctx.graph.create_op(
        "TakeAlongAxis", (logp, A.expand_dims(target, 1)), {"axis": 1}, "gather"
    ).outputs[0]
    loss = M.negative(A.squeeze(picked, [1]))
    weight = None
    if ctx.has(2):
        weight = M.cast(A.gather(ctx.t(2), target), logp.dtype)
    if mask is not None:
        kept = M.cast(mask, logp.dtype)
        weight = kept if weight is None else M.multiply(weight, kept)
    if weight is not None:
        loss = M.multiply(loss, weight)
    reduction = ctx.attr("reduction", "mean")
    if reduction == "none":
        return loss
    total = R.reduce_sum(loss)
    if reduction == "sum":
        return total
    if weight is None:
        return R.reduce_mean(loss)
    return M.divide(total, R.reduce_sum(weight))


@lowers("NegativeLogLikelihoodLoss", check=_loss_check)
def _negative_log_likelihood(ctx):
    if ctx.rank(0) < 2:
        raise Unsupported("a loss over input of rank below 2")
    return [_nll(ctx, ctx.t(0))]


@lowers("SoftmaxCrossEntropyLoss", check=_loss_check)
def _softmax_cross_entropy(ctx):
    rank = ctx.rank(0)
    if rank < 2:
        raise Unsupported("a loss over input of rank below 2")
    x = ctx.t(0)
    logp = N.log_softmax(x, axis=1)
    outs = [_nll(ctx, logp)]
    if ctx.wanted(1):
        outs.append(logp)
    return outs


# -- ai.onnx.preview.training's optimizers: one update step, computed in float64 ------------


def _optimizer_inputs(ctx, states: int):
    """(r, t, [(x, g, state...)]) with every tensor in float64: ONNX's reference promotes
    through the int64 step count; the results go back to each input's dtype."""
    f64 = _dt.float64
    n = (ctx.n_inputs - 2) // (2 + states)
    r = A.reshape(M.cast(ctx.t(0), f64), [])
    t = A.reshape(M.cast(ctx.t(1), f64), [])
    groups = []
    for i in range(n):
        idx = [2 + i + k * n for k in range(2 + states)]
        groups.append([M.cast(ctx.t(j), f64) for j in idx] + [ctx.dtype(2 + i)])
    return r, t, groups


def _c(ctx, v):
    return ctx.const(v, _dt.float64)


@lowers("ai.onnx.preview.training.Adagrad")
def _adagrad(ctx):
    r, t, groups = _optimizer_inputs(ctx, 1)
    rate = M.divide(r, M.add(_c(ctx, 1), M.multiply(t, _c(ctx, ctx.attr("decay_factor", 0.0)))))
    xs, hs = [], []
    for x, g, h, dtype in groups:
        g = M.add(M.multiply(_c(ctx, ctx.attr("norm_coefficient", 0.0)), x), g)
        h = M.add(h, M.multiply(g, g))
        root = M.add(M.sqrt(h), _c(ctx, ctx.attr("epsilon", 0.0)))
        xs.append(M.cast(M.subtract(x, M.divide(M.multiply(rate, g), root)), dtype))
        hs.append(M.cast(h, dtype))
    return xs + hs


@lowers("ai.onnx.preview.training.Momentum")
def _momentum(ctx):
    r, t, groups = _optimizer_inputs(ctx, 1)
    alpha, beta = ctx.attr("alpha"), ctx.attr("beta")
    nesterov = ctx.attr("mode", "standard") == "nesterov"
    first = M.greater(t, _c(ctx, 0))
    b = where(first, _c(ctx, beta), _c(ctx, 1.0))  # the gradient's weight is 1 at first
    xs, vs = [], []
    for x, g, v, dtype in groups:
        g = M.add(M.multiply(_c(ctx, ctx.attr("norm_coefficient", 0.0)), x), g)
        v = M.add(M.multiply(_c(ctx, alpha), v), M.multiply(b, g))
        step = M.add(g, M.multiply(_c(ctx, alpha), v)) if nesterov else v
        xs.append(M.cast(M.subtract(x, M.multiply(r, step)), dtype))
        vs.append(M.cast(v, dtype))
    return xs + vs


@lowers("ai.onnx.preview.training.Adam")
def _adam(ctx):
    r, t, groups = _optimizer_inputs(ctx, 2)
    alpha, beta = ctx.attr("alpha", 0.9), ctx.attr("beta", 0.999)
    # bias correction after the first step: r * sqrt(1 - beta^t) / (1 - alpha^t)
    corrected = M.divide(
        M.multiply(r, M.sqrt(M.subtract(_c(ctx, 1), M.pow(_c(ctx, beta), t)))),
        M.subtract(_c(ctx, 1), M.pow(_c(ctx, alpha), t)),
    )
    rate = where(M.greater(t, _c(ctx, 0)), corrected, r)
    xs, vs, hs = [], [], []
    for x, g, v, h, dtype in groups:
        g = M.add(M.multiply(_c(ctx, ctx.attr("norm_coefficient", 0.0)), x), g)
        v = M.add(M.multiply(_c(ctx, alpha), v), M.multiply(_c(ctx, 1 - alpha), g))
        h = M.add(M.multiply(_c(ctx, beta), h), M.multiply(_c(ctx, 1 - beta), M.multiply(g, g)))
        root = M.add(M.sqrt(h), _c(ctx, ctx.attr("epsilon", 0.0)))
        x_new = M.subtract(x, M.multiply(rate, M.divide(v, root)))
        post = _c(ctx, 1 - ctx.attr("norm_coefficient_post", 0.0))
        xs.append(M.cast(M.multiply(post, x_new), dtype))
        vs.append(M.cast(v, dtype))
        hs.append(M.cast(h, dtype))
    return xs + vs + hs
