"""ONNX's Attention (opset 23 on: what exporters write for scaled dot-product attention)
lowered to the engine's matmuls and an explicitly written softmax, step for step as ONNX's
reference: 3-D inputs split into heads, the scale's square root on both Q and K, the KV
cache concatenated, causal / boolean / additive / padding / sliding-window masks as one
additive bias, grouped-query heads repeated, softcap, and fully masked rows giving 0."""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..graph import Tensor, constant_op
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from .lowering import Unsupported, lowers, where


def _heads(x: Tensor, heads: int) -> Tensor:
    """[B, S, heads * D] -> [B, heads, S, D]."""
    shape = x.static_shape
    if shape is None or shape[2] is None:
        raise Unsupported("3-D Attention input whose hidden size is not known at import")
    return A.transpose(_split_heads(x, heads, shape[2] // heads), [0, 2, 1, 3])


def _split_heads(x: Tensor, heads: int, size: int) -> Tensor:
    # [B, S, H*D] -> [B, S, H, D] with B and S possibly unknown: expand then reshape the tail
    shape = x.static_shape
    if shape[0] is not None and shape[1] is not None:
        return A.reshape(x, [shape[0], shape[1], heads, size])
    if shape[0] is None and shape[1] is None:
        return A.reshape(x, _run_time_shape(x, 2, [heads, size]))
    known = [shape[0], -1] if shape[0] is not None else [-1, shape[1]]
    return A.reshape(x, [*known, heads, size])


def _run_time_shape(x: Tensor, lead: int, tail: list[int]) -> Tensor:
    """x's first `lead` dims as run time has them, then `tail`: an int64 shape tensor."""
    dims = A._strided_slice(A.shape(x, out_type=_dt.int64), (slice(0, lead),))
    return A.concat([dims, constant_op(x.graph, np.asarray(tail, np.int64))], 0)


def _length(ctx, t: Tensor, axis: int, static: int | None) -> Tensor:
    """Dim `axis` of `t` as an int64 scalar: a constant, or read at run time."""
    if static is not None:
        return ctx.const(static, np.int64)
    if axis < 0:
        if t.static_shape is None:
            raise Unsupported("Attention mask of unknown rank")
        axis += len(t.static_shape)
    dim = A._strided_slice(A.shape(t, out_type=_dt.int64), (slice(axis, axis + 1),))
    return A.reshape(dim, [])


def _positions(ctx, t: Tensor, axis: int, static: int | None, column: bool) -> Tensor:
    """0, 1, ... along dim `axis` of `t`, as a column [S, 1] or a row [1, S]."""
    shape = [-1, 1] if column else [1, -1]
    if static is not None:
        return ctx.const(np.arange(static).reshape(shape), np.int64)
    from ..ops.extra_array_ops import range as range_

    zero, one = ctx.const(0, np.int64), ctx.const(1, np.int64)
    return A.reshape(range_(zero, _length(ctx, t, axis, None), one, dtype=_dt.int64), shape)


def _big_negative(ctx, dtype) -> Tensor:
    return ctx.const(-np.inf, dtype)


def _mask(ctx, k: Tensor, skv: int | None) -> tuple[Tensor | None, Tensor | None]:
    """The attention mask as given and, where ONNX pads a short one (its keys past it are
    masked) but run time alone knows by how much, the keys it covers ([1, Skv] bool)."""
    mask = ctx.t(3) if ctx.has(3) else None
    if mask is None:
        return None, None
    m_shape = mask.static_shape
    m_len = None if m_shape is None else m_shape[-1]
    if m_len is not None and skv is not None:
        if m_len < skv:
            pairs = [[0, 0]] * (len(m_shape) - 1) + [[0, skv - m_len]]
            fill = False if mask.dtype == _dt.bool_ else float("-inf")
            mask = A.pad(mask, pairs, constant_values=fill)
        return mask, None
    if m_len == 1:  # broadcast over the keys, then the ones past the first masked
        return mask, M.less(_positions(ctx, k, 2, skv, column=False), ctx.const(1, np.int64))
    # A mask as long as the keys, as exporters write them (torch's is [B, 1, Sq, Skv]): run
    # time checks it is, rather than broadcast a shorter one where ONNX would pad it.
    from ..ops.debug_ops import Assert

    same = M.equal(_length(ctx, mask, -1, None), _length(ctx, k, 2, skv))
    check = Assert(same, ["Attention: a mask shorter than the keys, not known at import"])
    with ctx.graph.control_dependencies([check]):
        return A.identity(mask), None


def _bias(ctx, q: Tensor, k: Tensor, past: int | None) -> Tensor | None:
    """The additive bias [.., Sq, Skv]: 0 where a key may be attended, -inf where not."""
    dtype = q.dtype
    sq, skv = q.static_shape[2], k.static_shape[2]
    zero, ninf = ctx.const(0, dtype), _big_negative(ctx, dtype)
    mask, covered = _mask(ctx, k, skv)
    if mask is not None and mask.dtype == _dt.bool_:
        mask = where(mask, zero, ninf)
    nonpad = M.cast(ctx.t(6), _dt.int64) if ctx.has(6) else None
    if nonpad is not None and past:
        raise Unsupported("nonpad_kv_seqlen with a past key cache")
    bias = mask
    i = _positions(ctx, q, 2, sq, column=True)
    j = _positions(ctx, k, 2, skv, column=False)

    def offset():
        if nonpad is not None:  # per batch: [B, 1, 1, 1]
            return A.reshape(M.subtract(nonpad, _length(ctx, q, 2, sq)), [-1, 1, 1, 1])
        return ctx.const(past or 0, np.int64)

    def add(b, allowed):
        term = where(allowed, zero, ninf)
        return term if b is None else M.add(b, term)

    if ctx.attr("is_causal", 0):
        bias = add(bias, M.less_equal(j, M.add(i, offset())))
    left, right = ctx.attr("left_window_size", -1), ctx.attr("right_window_size", -1)
    if left >= 0 or right >= 0:
        diff = M.subtract(M.add(i, offset()), j)
        allowed = None
        if left >= 0:
            allowed = M.less_equal(diff, ctx.const(left, np.int64))
        if right >= 0:
            r = M.less_equal(M.negative(diff), ctx.const(right, np.int64))
            allowed = r if allowed is None else M.logical_and(allowed, r)
        bias = add(bias, allowed)
    if covered is not None:
        bias = add(bias, covered)
    if nonpad is not None:
        keep = M.less(A.reshape(j, [1, 1, 1, -1]), A.reshape(nonpad, [-1, 1, 1, 1]))
        bias = add(bias, keep)
    return bias


def _softmax(ctx, x: Tensor, bias: Tensor | None) -> Tensor:
    """The reference's softmax over the last axis: a row that is all -inf gives zeros."""
    zero, one = ctx.const(0, x.dtype), ctx.const(1, x.dtype)
    ninf = _big_negative(ctx, x.dtype)
    top = R.reduce_max(x, [-1], keepdims=True)
    safe = where(M.equal(top, ninf), A.zeros_like(top), top)
    e = M.exp(M.subtract(x, safe))
    s = R.reduce_sum(e, [-1], keepdims=True)
    s = where(M.equal(s, zero), M.add(A.zeros_like(s), one), s)
    p = M.divide(e, s)
    if bias is not None:
        b = M.cast(bias, x.dtype)
        masked = M.equal(R.reduce_max(b, [-1], keepdims=True), ninf)
        p = where(masked, A.zeros_like(p), p)
    return p


def _repeat_heads(x: Tensor, reps: int, heads: int, ctx) -> Tensor:
    """Each KV head repeated `reps` times in place ([h0, h0, h1, h1, ...])."""
    return A.gather(x, ctx.const(np.arange(heads * reps) // reps, np.int64), axis=1)


def _inputs(ctx):
    """Q, K, V as [B, heads, S, D] with the past cache prepended, and the cache's length."""
    q, k, v = ctx.t(0), ctx.t(1), ctx.t(2)
    rank = ctx.rank(0)
    if rank not in (3, 4):
        raise Unsupported(f"Attention over rank {rank} inputs")
    if rank == 3:
        q_heads, kv_heads = ctx.attr("q_num_heads"), ctx.attr("kv_num_heads")
        if q_heads is None or kv_heads is None:
            raise Unsupported("3-D Attention without q_num_heads and kv_num_heads")
        q, k, v = _heads(q, q_heads), _heads(k, kv_heads), _heads(v, kv_heads)
    if ctx.has(4) != ctx.has(5):
        raise Unsupported("past_key without past_value (or the reverse)")
    past = None
    if ctx.has(4):
        past = ctx.shape(4)[2]
        if past is None:
            raise Unsupported("a past key cache whose length is not known at import")
        k = A.concat([ctx.t(4), k], 2)
        v = A.concat([ctx.t(5), v], 2)
    return q, k, v, past


def _root_scale(ctx, q: Tensor) -> Tensor:
    """The square root of the scale (ONNX scales Q and K by it), in Q's dtype."""
    scale = ctx.attr("scale")
    if scale is None:
        head = q.static_shape[3]
        if head is None:
            raise Unsupported("Attention head size unknown at import")
        scale = 1 / np.sqrt(head)
    return ctx.const(np.asarray(np.sqrt(scale)).astype(q.dtype), q.dtype)


@lowers("Attention")
def _attention(ctx):
    rank = ctx.rank(0)
    q, k, v, past = _inputs(ctx)
    root = _root_scale(ctx, q)
    present_k, present_v = k, v
    sq = q.static_shape[2]
    bias = _bias(ctx, q, k, past)
    qh, kh = q.static_shape[1], k.static_shape[1]
    if qh != kh and qh % kh == 0:
        k, v = _repeat_heads(k, qh // kh, kh, ctx), _repeat_heads(v, qh // kh, kh, ctx)
    qk = M.matmul(M.multiply(q, root), A.transpose(M.multiply(k, root), [0, 1, 3, 2]))
    softcap = ctx.attr("softcap", 0.0)
    if softcap and softcap > 0:
        cap = ctx.const(softcap, qk.dtype)
        qk = M.multiply(M.tanh(M.divide(qk, cap)), cap)
    with_bias = qk if bias is None else M.add(qk, bias)
    mode = ctx.attr("qk_matmul_output_mode", 0)
    qk_out = with_bias if mode == 2 else qk
    precision = ctx.attr("softmax_precision")
    logits = with_bias
    if precision:
        from .proto import np_dtype

        logits = M.cast(logits, np_dtype(precision))
    p = _softmax(ctx, logits, bias)
    if mode == 3:
        qk_out = p
    y = M.matmul(M.cast(p, q.dtype), v)
    if rank == 3:
        y = A.transpose(y, [0, 2, 1, 3])
        dv = v.static_shape[3]
        if dv is None:
            raise Unsupported("Attention value head size unknown at import")
        y = A.reshape(y, [-1, sq, qh * dv] if sq is not None else _run_time_shape(y, 2, [qh * dv]))
    return [y, present_k, present_v, M.cast(qk_out, q.dtype)][: max(ctx.n_outputs, 1)]


@lowers("RotaryEmbedding")
def _rotary_embedding(ctx):
    """Rotary position embeddings (opset 23), as ONNX's reference: on [B, S, H, D], the
    first rotary_embedding_dim of each head rotated by the cached cos/sin of its position."""
    x = ctx.t(0)
    shape = ctx.shape(0)
    if shape is None or len(shape) not in (3, 4) or shape[-1] is None:
        raise Unsupported("RotaryEmbedding of an input whose head size is not known at import")
    four = len(shape) == 4
    if four:
        head = shape[3]
        x = A.transpose(x, [0, 2, 1, 3])
    else:
        heads = ctx.attr("num_heads")
        if not heads:
            raise Unsupported("3-D RotaryEmbedding without num_heads")
        head = shape[2] // heads
        x = _split_heads(x, heads, head)
    dim = ctx.attr("rotary_embedding_dim", 0) or head
    half = dim // 2
    cos, sin = ctx.t(1), ctx.t(2)
    if ctx.has(3):
        pos = M.cast(ctx.t(3), _dt.int64)
        cos, sin = A.gather(cos, pos), A.gather(sin, pos)
    cos, sin = A.expand_dims(cos, 2), A.expand_dims(sin, 2)
    rot = x[:, :, :, :dim]
    interleaved = bool(ctx.attr("interleaved", 0))
    if interleaved:
        x1, x2 = rot[:, :, :, 0::2], rot[:, :, :, 1::2]
    else:
        x1, x2 = rot[:, :, :, :half], rot[:, :, :, half:]
    real = M.subtract(M.multiply(cos, x1), M.multiply(sin, x2))
    imag = M.add(M.multiply(sin, x1), M.multiply(cos, x2))
    if interleaved:
        pairs = A.concat([A.expand_dims(real, -1), A.expand_dims(imag, -1)], -1)
        rot = A.reshape(pairs, [-1, *_tail(rot.static_shape)])
    else:
        rot = A.concat([real, imag], -1)
    y = A.concat([rot, x[:, :, :, dim:]], -1) if dim < head else rot
    if four:
        return [A.transpose(y, [0, 2, 1, 3])]
    return [A.reshape(y, [-1, *_tail(shape)])]


def _tail(shape) -> list[int]:
    """The dims after the batch, static ones as they are (one unknown may remain)."""
    rest = [d if d is not None else -1 for d in shape[1:]]
    if rest.count(-1):
        raise Unsupported("RotaryEmbedding over a batch and sequence both unknown at import")
    return rest


@lowers("TensorScatter")
def _tensor_scatter(ctx):
    """A KV cache update (opset 24): the update's rows written into the cache along `axis`
    from each batch row's write index (wrapping around in circular mode)."""
    from ..ops.scatter_ops import tensor_scatter_nd_update

    cache, update = ctx.t(0), ctx.t(1)
    shape, u_shape = ctx.shape(0), ctx.shape(1)
    if shape is None or u_shape is None:
        raise Unsupported("TensorScatter of inputs of unknown rank")
    axis = ctx.attr("axis", -2) % len(shape)
    lead = list(u_shape[: axis + 1])
    if None in lead or shape[axis] is None:
        raise Unsupported("TensorScatter over sizes not known at import")
    grid = np.indices(lead, dtype=np.int64)  # [axis + 1, *lead]
    coords = [ctx.const(grid[k], np.int64) for k in range(axis)]
    if ctx.has(2):
        start = M.cast(ctx.t(2), _dt.int64)  # one per batch row
        start = A.reshape(start, [-1, *([1] * axis)])
    else:
        start = ctx.const(0, np.int64)
    position = M.add(ctx.const(grid[axis], np.int64), start)
    if ctx.attr("mode", "linear") == "circular":
        position = M.floormod(position, ctx.const(shape[axis], np.int64))
    index = A.stack([*coords, position], axis + 1)  # [*lead, axis + 1]
    return [tensor_scatter_nd_update(cache, index, update)]
