"""ONNX's training losses (what a model exported for training ends in):
NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss, with class weights, ignore_index and
every reduction, spelled with the engine's gathers and sums."""

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
