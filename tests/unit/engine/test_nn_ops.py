"""Convolution, pooling and the other model building blocks: gradients against central
finite differences, kernels against naive loops on random geometries (the silently-wrong
class), unknown shapes through every gradient, and the errors of bad arguments."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphgate as gg
from graphgate.ops import nn_ops
from graphgate.ops.registry import REGISTRY
from tests.unit.engine.test_gradients import check_grads

FEW = settings(max_examples=6)
rng = np.random.default_rng(0)


def _geometry(draw):
    padding = draw(st.sampled_from(["SAME", "VALID"]))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h, w = draw(st.integers(kh, 6)), draw(st.integers(kw, 6))
    return padding, (kh, kw), (sh, sw), (h, w)


# -- kernels against naive loops -----------------------------------------------------------


def _pads(size, k, s, d, padding):
    if padding == "VALID":
        return (size - (k - 1) * d - 1) // s + 1, 0
    out = -(-size // s)
    return out, max((out - 1) * s + (k - 1) * d + 1 - size, 0) // 2


def naive_conv(x, f, strides, padding, dil=(1, 1)):
    n, h, w, _ = x.shape
    kh, kw, _, o = f.shape
    oh, top = _pads(h, kh, strides[0], dil[0], padding)
    ow, left = _pads(w, kw, strides[1], dil[1], padding)
    out = np.zeros((n, oh, ow, o))
    for i in range(oh):
        for j in range(ow):
            for a in range(kh):
                for b in range(kw):
                    r = i * strides[0] + a * dil[0] - top
                    c = j * strides[1] + b * dil[1] - left
                    if 0 <= r < h and 0 <= c < w:
                        out[:, i, j, :] += x[:, r, c, :] @ f[a, b]
    return out


def naive_pool(x, k, strides, padding, kind):
    n, h, w, c = x.shape
    oh, top = _pads(h, k[0], strides[0], 1, padding)
    ow, left = _pads(w, k[1], strides[1], 1, padding)
    out = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * strides[0] - top, j * strides[1] - left
            win = x[:, max(r0, 0) : r0 + k[0], max(c0, 0) : c0 + k[1], :]
            out[:, i, j] = win.max((1, 2)) if kind == "max" else win.mean((1, 2))
    return out


def _run(build, *arrays):
    g = gg.Graph()
    with g.as_default():
        ph = [gg.placeholder(gg.float64, [None] * a.ndim) for a in arrays]
        y = build(*ph)
    return gg.Session(g).run(y, dict(zip(ph, arrays, strict=True)))


@settings(max_examples=40)
@given(data=st.data())
def test_conv_and_pool_kernels_match_naive_loops(data):
    padding, k, s, (h, w) = _geometry(data.draw)
    dil = data.draw(st.sampled_from([(1, 1), (2, 1), (2, 2)])) if s == (1, 1) else (1, 1)
    if padding == "VALID" and (h < (k[0] - 1) * dil[0] + 1 or w < (k[1] - 1) * dil[1] + 1):
        dil = (1, 1)
    r = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    x = r.normal(size=(2, h, w, 3))
    f = r.normal(size=(*k, 3, 2))
    got = _run(lambda a, b: gg.nn.conv2d(a, b, [1, *s, 1], padding, dilations=[1, *dil, 1]), x, f)
    np.testing.assert_allclose(got, naive_conv(x, f, s, padding, dil), rtol=1e-12, atol=1e-12)
    for kind, fn in (("max", gg.nn.max_pool), ("avg", gg.nn.avg_pool)):
        got = _run(lambda a, fn=fn: fn(a, [1, *k, 1], [1, *s, 1], padding), x)
        np.testing.assert_allclose(got, naive_pool(x, k, s, padding, kind), rtol=1e-12)


# -- gradients against finite differences --------------------------------------------------


@FEW
@given(data=st.data())
def test_conv_gradients(data):
    padding, k, s, (h, w) = _geometry(data.draw)
    r = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    x, f = r.normal(size=(2, h, w, 2)), r.normal(size=(*k, 2, 3))
    check_grads(lambda a, b: gg.nn.conv2d(a, b, [1, *s, 1], padding), x, f)


def test_dilated_conv_and_conv_transpose_gradients():
    x, f = rng.normal(size=(1, 5, 6, 2)), rng.normal(size=(2, 3, 2, 2))
    check_grads(lambda a, b: gg.nn.conv2d(a, b, 1, "SAME", dilations=2), x, f)
    check_grads(lambda a, b: gg.nn.conv2d(a, b, 1, "VALID", dilations=[1, 2, 1, 1]), x, f)
    v, ft = rng.normal(size=(2, 3, 2, 2)), rng.normal(size=(3, 3, 4, 2))
    check_grads(lambda a, b: gg.nn.conv2d_transpose(a, b, [2, 6, 4, 4], 2, "SAME"), v, ft)
    check_grads(lambda a, b: gg.nn.conv2d_transpose(a, b, [2, 7, 5, 4], [2, 2], "VALID"), v, ft)


def test_second_order_gradients_through_conv_and_pooling():
    x, f = rng.normal(size=(1, 4, 4, 2)), rng.normal(size=(2, 2, 2, 2))

    def grad_of(fn):
        def build(a, b):
            (ga,) = gg.gradients(gg.reduce_sum(gg.square(fn(a, b))), [a])
            return ga

        return build

    check_grads(grad_of(lambda a, b: gg.nn.conv2d(a, b, 1, "SAME")), x, f)
    check_grads(grad_of(lambda a, b: gg.nn.max_pool(a * b[0, 0, 0, 0], 2, 1, "SAME")), x, f)
    check_grads(grad_of(lambda a, b: gg.nn.avg_pool(a * b[0, 0, 0, 0], 3, 2, "SAME")), x, f)
    check_grads(grad_of(lambda a, b: gg.nn.bias_add(a, b[0, 0, 0])), x, f)
    check_grads(grad_of(lambda a, b: gg.nn.depthwise_conv2d(a, b, [1, 2, 1, 1], "SAME")), x, f)


def test_depthwise_gradients_and_batches(monkeypatch):
    from graphgate.ops import conv_ops

    x, f = rng.normal(size=(3, 5, 4, 2)), rng.normal(size=(2, 3, 2, 3))
    check_grads(lambda a, b: gg.nn.depthwise_conv2d(a, b, [1, 1, 2, 1], "VALID"), x, f)
    check_grads(lambda a, b: gg.nn.depthwise_conv2d(a, b, 1, "SAME", rate=2), x, f)
    whole = _run(lambda a, b: gg.gradients(gg.nn.depthwise_conv2d(a, b, 1, "SAME"), [a, b]), x, f)
    monkeypatch.setattr(conv_ops, "_PATCH_ELEMENTS", 1)
    chunked = _run(lambda a, b: gg.gradients(gg.nn.depthwise_conv2d(a, b, 1, "SAME"), [a, b]), x, f)
    for got, want in zip(chunked, whole, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("channels,multiplier", [(3, 1), (24, 1), (24, 2), (40, 1)])
def test_depthwise_conv_equals_a_conv_per_channel(channels, multiplier):
    # Many channels take numpy's plain einsum loop, few (or m > 1) its optimized path;
    # both must be each channel's own convolution.
    x = rng.normal(size=(2, 7, 6, channels)).astype(np.float32)
    f = rng.normal(size=(3, 3, channels, multiplier)).astype(np.float32)
    got = _run(lambda a, b: gg.nn.depthwise_conv2d(a, b, [1, 2, 1, 1], "SAME"), x, f)
    xp = np.pad(x.astype(np.float64), ((0, 0), (1, 1), (1, 1), (0, 0)))
    want = np.zeros((2, 4, 6, channels, multiplier))
    for i in range(3):
        for j in range(3):
            want += xp[:, i : i + 7 : 2, j : j + 6, :, None] * f[i, j]
    np.testing.assert_allclose(got, want.reshape(2, 4, 6, -1), rtol=1e-5, atol=1e-5)


@FEW
@given(data=st.data())
def test_pool_gradients(data):
    padding, k, s, (h, w) = _geometry(data.draw)
    r = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    # Distinct values keep max pooling away from ties, where it is not differentiable.
    x = r.permutation(2 * h * w * 2).reshape(2, h, w, 2) / 7.0
    check_grads(lambda a: gg.nn.max_pool(a, [1, *k, 1], [1, *s, 1], padding), x)
    check_grads(lambda a: gg.nn.avg_pool(a, [1, *k, 1], [1, *s, 1], padding), x)


@pytest.mark.parametrize(
    ("shape", "dtype"),
    [
        ((64, 7, 7, 6), "float32"),
        ((300, 16), "float64"),
        ((5, 4, 20), "float32"),
        ((3, 2, 6), "float32"),
    ],
)
def test_bias_add_grad_sums_every_axis_but_the_channels(shape, dtype):
    # Few channels over many rows are summed pairwise (closer to the exact sum than
    # numpy's one-row-at-a-time loop); otherwise as np.sum does, bit for bit.
    g0 = np.random.default_rng(11).standard_normal(shape) * 10
    g0 = g0.astype(dtype)
    graph = gg.Graph()
    with graph.as_default():
        g = gg.placeholder(dtype, [None, *shape[1:]])
        x = gg.placeholder(dtype, [None, *shape[1:]])
        b = gg.placeholder(dtype, shape[-1:])
        out = gg.gradients(gg.nn.bias_add(x, b), [b], grad_ys=g)[0]
        assert out.op.type == "BiasAddGrad"
    got = gg.Session(graph).run(out, {g: g0})
    axes = tuple(range(len(shape) - 1))
    assert got.dtype == np.dtype(dtype) and got.shape == shape[-1:]
    if shape[-1] > 16 or np.prod(shape[:-1]) < 128:
        assert got.tobytes() == np.sum(g0, axes).tobytes()
    else:
        exact = np.sum(g0.astype(np.float64), axes)
        seq_err = np.abs(np.sum(g0, axes) - exact).max()
        assert np.abs(got - exact).max() <= max(seq_err, 1e-3)


def test_nn_building_block_gradients():
    x = rng.normal(size=(4, 3))
    check_grads(lambda a, b: gg.nn.bias_add(a, b), x, rng.normal(size=3))
    check_grads(gg.nn.l2_loss, x)
    check_grads(lambda a: gg.nn.l2_normalize(a, axis=1), x)
    check_grads(lambda a: gg.nn.l2_normalize(a, dim=[0, 1], epsilon=1e-3), x)
    check_grads(lambda a: gg.stack(gg.nn.moments(a, [0])), x)
    check_grads(lambda a: gg.stack(gg.nn.moments(a, [1], keep_dims=True)), x)
    check_grads(
        lambda a, m, v, o, s: gg.nn.batch_normalization(a, m, v, o, s, 1e-3),
        x,
        rng.normal(size=3),
        rng.uniform(0.5, 2, size=3),
        rng.normal(size=3),
        rng.normal(size=3),
    )
    check_grads(lambda p: gg.nn.embedding_lookup(p, gg.constant([[0, 2], [2, 2]])), x)
    check_grads(lambda a: gg.nn.top_k(a, 2).values, rng.permutation(12).reshape(4, 3) * 0.3)
    check_grads(lambda a: gg.rsqrt(a), rng.uniform(0.5, 2, size=(2, 3)))
    check_grads(lambda a, b: gg.div_no_nan(a, b), x, rng.uniform(0.5, 2, size=(4, 3)))
    lrn = nn_ops.lrn_of_any_float  # gg.nn.lrn refuses float64, as TF's LRN
    check_grads(lambda a: lrn(a, 2, 1.5, 0.3, 0.75), rng.normal(size=(1, 2, 1, 6)))
    check_grads(lambda a: gg.gradients(gg.reduce_sum(lrn(a) ** 2), a)[0], x.reshape(1, 2, 2, 3))
    away_from_kinks = np.array([-7.0, -2.5, -0.3, 0.4, 2.0, 5.5, 6.5, 9.0])
    for act in (gg.nn.relu6, gg.nn.elu, gg.nn.selu, gg.nn.softplus, gg.nn.softsign):
        check_grads(act, away_from_kinks)
    check_grads(
        lambda a, f: gg.nn.conv1d(a, f, 2, "SAME"),
        rng.normal(size=(2, 7, 2)),
        rng.normal(size=(3, 2, 2)),
    )


def test_relu6_and_leaky_relu_second_derivatives_are_zeros_as_tfs():
    # GIVEN the gradient of relu6 and leaky_relu (TF's Relu6Grad, LeakyReluGrad)
    x = gg.constant([-6.0, -0.0, 0.0, 3.0, 6.0, 7.0])
    w = gg.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    first = [
        gg.gradients(gg.reduce_sum(f(x) * w), x)[0]
        for f in (gg.nn.relu6, lambda t: gg.nn.leaky_relu(t, 0.3))
    ]
    # WHEN differentiated again, THEN the features get zeros (kernel_tests' relu_op_test),
    # not None, and the first derivative is TF's: 0 at both of relu6's kinks
    second = [gg.gradients(g, x)[0] for g in first]
    assert all(s is not None for s in second)
    with gg.Session() as sess:
        g6, gl, s6, sl = sess.run(first + second)
    assert g6.tolist() == [0.0, 0.0, 0.0, 4.0, 0.0, 0.0]
    assert np.allclose(gl, [0.3, 0.6, 0.9, 4.0, 5.0, 6.0])
    assert s6.tolist() == sl.tolist() == [0.0] * 6
    assert [g.op.type for g in first] == ["Relu6Grad", "LeakyReluGrad"]


@pytest.mark.parametrize("grad", ["ReluGrad", "Relu6Grad", "LeakyReluGrad"])
def test_a_relu_gradient_of_two_shapes_is_refused_as_tfs(grad):
    # It broadcast them: a grad_ys of [2] for leaky_relu of [1] gave numbers where TF's
    # ValueError (shapes known) or InvalidArgumentError (at run time) refuses them.
    op = getattr(gg.raw_ops, grad, None)
    x = gg.placeholder(gg.float32)
    g = gg.placeholder(gg.float32, name="g")
    with gg.Graph().as_default():
        known = gg.constant([1.0])
        if op is not None:  # raw_ops has no LeakyReluGrad; gradients() builds one below
            with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal"):
                op(gradients=[1.0, 2.0], features=known)
    # WHEN the shapes are known only when the graph runs
    made = {"ReluGrad": gg.nn.relu, "Relu6Grad": gg.nn.relu6, "LeakyReluGrad": gg.nn.leaky_relu}
    built = gg.gradients(made[grad](x), x, grad_ys=g)[0]
    assert built.op.type == grad
    with gg.Session() as sess:
        assert sess.run(built, {x: [1.0, -1.0], g: [2.0, 3.0]}).shape == (2,)
        # THEN the run fails, as TF's kernels fail it
        with pytest.raises(gg.errors.InvalidArgumentError, match="shapes must be equal"):
            sess.run(built, {x: [1.0], g: [2.0, 3.0]})
    # AND where the shapes are known only as values (a shape fed to a reshape): the run's
    # check of the gradient's shapes or the kernel's own refuses them, whichever comes first
    size = gg.placeholder(gg.int32)
    shaped = gg.gradients(made[grad](x), x, grad_ys=gg.reshape([2.0, 3.0], size))[0]
    with (
        gg.Session() as sess,
        pytest.raises(gg.errors.InvalidArgumentError, match=r"same shape|shapes must be equal"),
    ):
        sess.run(shaped, {x: [1.0], size: [2]})


def test_array_op_gradients():
    x = rng.normal(size=(3, 4, 2))
    check_grads(lambda a: gg.stack(gg.unstack(a, axis=1)[::-1], axis=0), x)
    check_grads(lambda a: gg.sort(a, axis=1) * gg.constant(np.arange(24.0).reshape(3, 4, 2)), x)
    check_grads(lambda a: gg.sort(a, direction="DESCENDING"), x)
    for exclusive in (False, True):
        for reverse in (False, True):
            check_grads(lambda a, e=exclusive, r=reverse: gg.cumsum(a, 1, e, r), x)
            check_grads(lambda a, e=exclusive, r=reverse: gg.cumprod(a, 1, e, r), x + 3.0)
    mask = np.array([[True, False, True, True], [False] * 4, [True] * 4])
    # Reshaped: the finite-difference helper needs a static output shape.
    check_grads(lambda a: gg.reshape(gg.boolean_mask(a, mask), [7, 2]), x)
    check_grads(
        lambda a: gg.reshape(gg.boolean_mask(a, [True, False, True, False], axis=1), [3, 2, 2]), x
    )
    check_grads(lambda a: gg.gather_nd(a, [[0, 1, 1], [2, 3, 0], [0, 1, 1]]), x)
    check_grads(lambda a: gg.gather_nd(a, [[2, 1], [0, 0]]), x)
    check_grads(lambda u: gg.scatter_nd([[1], [3], [1]], u, [5, 2]), rng.normal(size=(3, 2)))
    y = rng.uniform(0.5, 2.0, size=(3, 4, 2)) * rng.choice([-1, 1], size=(3, 4, 2))
    check_grads(lambda a, b: gg.floormod(a, b), x + 0.01, y)


def test_dropout_with_a_fed_keep_prob_trains_and_tests():
    # GIVEN the "Deep MNIST for experts" idiom: keep_prob is a placeholder
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 1000])
        keep_prob = gg.placeholder(gg.float32)
        y = gg.nn.dropout(x, keep_prob)
        (gx,) = gg.gradients(gg.reduce_sum(y * 3.0), [x])
        y_rate = gg.nn.dropout(x, rate=gg.constant(0.25))
    sess = gg.Session(g)
    ones = np.ones((2, 1000), np.float32)
    # WHEN it is fed 0.5 while training and 1.0 while testing
    train, grad = sess.run([y, gx], {x: ones, keep_prob: 0.5})
    test = sess.run(y, {x: ones, keep_prob: 1.0})
    # THEN training zeroes about half and doubles the rest, with the gradient through the
    # same mask, and testing is the identity
    assert set(np.unique(train)) == {0.0, 2.0}
    assert 0.4 < np.mean(train == 0) < 0.6
    np.testing.assert_array_equal(grad, train * 3.0)
    np.testing.assert_array_equal(test, ones)
    assert set(np.unique(sess.run(y_rate, {x: ones}))) == {0.0, np.float32(1 / 0.75)}
    with pytest.raises(gg.GraphgateError, match="keep_prob"):
        sess.run(y, {x: ones, keep_prob: 0.0})


def test_dropout_gradient_reaches_a_trainable_keep_prob(graph):
    # y = x * mask / keep_prob, so for the mask drawn dy/dkeep_prob = -y / keep_prob (a
    # finite difference would draw new masks).
    x = gg.constant(np.linspace(0.5, 2.0, 12).reshape(3, 4))
    keep = gg.placeholder(gg.float64, [])
    w = np.arange(12.0).reshape(3, 4)
    y = gg.nn.dropout(x, keep, seed=3)
    (g_keep,) = gg.gradients(gg.reduce_sum(y * w), [keep])
    y_value, g_value = gg.Session(graph).run([y, g_keep], {keep: 0.6})
    assert 0 < np.count_nonzero(y_value) < 12
    assert g_value == pytest.approx(-np.sum(w * y_value) / 0.6, rel=1e-12)


# -- unknown shapes through every gradient -------------------------------------------------


def _shapeless_grads(build, arrays, rank_known):
    """Gradients of sum(build(...)²) with placeholders of unknown dims (or rank) against
    the same with static shapes."""
    results = []
    for shapes in (
        [a.shape for a in arrays],
        [None if not rank_known else [None] * a.ndim for a in arrays],
    ):
        g = gg.Graph()
        with g.as_default():
            ph = [gg.placeholder(gg.float64, s) for s in shapes]
            y = build(*ph)
            loss = gg.reduce_sum(gg.square(y)) + gg.reduce_mean(y)
            grads = [
                gg.convert_to_tensor(d) if isinstance(d, gg.IndexedSlices) else d
                for d in gg.gradients(loss, ph)
            ]
        results.append(gg.Session(g).run(grads, dict(zip(ph, arrays, strict=True))))
    for want, got in zip(*results, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12)


ELEMENTWISE = [
    lambda a, b: a * b + a / (b * b + 1) - b,
    lambda a, b: gg.maximum(a, b) + gg.minimum(a, b) ** 2,
    lambda a, b: gg.where(a > b, gg.exp(a), gg.tanh(b)),
    lambda a, b: gg.clip_by_value(a, -0.5, b) + gg.abs(a) + gg.sqrt(b * b + 1),
    lambda a, b: gg.sigmoid(a) * gg.log1p(b * b) + gg.nn.relu(a) + gg.nn.leaky_relu(b),
    lambda a, b: gg.reduce_sum(a, 0) + gg.reduce_max(b, 0) + gg.reduce_mean(a * b, -1, True),
    lambda a, b: gg.reduce_prod(a, [0]) + gg.reduce_min(b, 0) + gg.reduce_logsumexp(a, 0),
    lambda a, b: gg.reduce_sum(a * b) + gg.reduce_mean(a) + gg.reduce_max(b),
    lambda a, b: (
        gg.add_n([a, b, a * b]) + gg.cast(gg.cast(a, gg.float32), gg.float64) + gg.floormod(a, 0.7)
    ),
    lambda a, b: gg.nn.sigmoid_cross_entropy_with_logits(labels=gg.sigmoid(b), logits=a),
    lambda a, b: gg.cumsum(a, 1, exclusive=True) + gg.nn.l2_loss(b) + gg.rsqrt(b * b + 1),
    lambda a, b: gg.nn.bias_add(a, gg.reduce_sum(b, 0)) + gg.div_no_nan(a, b),
    lambda a, b: (
        gg.reduce_sum(gg.matmul(a, b, transpose_b=True), [0, 1], keepdims=True)
        + gg.nn.softmax(a) * gg.nn.log_softmax(b)
    ),
]


@pytest.mark.parametrize("index", range(len(ELEMENTWISE)))
@pytest.mark.parametrize("rank_known", [True, False])
def test_gradients_with_unknown_shapes_match_static_ones(index, rank_known):
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)) + 0.1
    _shapeless_grads(ELEMENTWISE[index], [a, b], rank_known)


SHAPED = [
    lambda a, b: gg.matmul(a, b, transpose_b=True),
    lambda a, b: gg.nn.softmax(a) * gg.nn.log_softmax(b),
    lambda a, b: gg.nn.softmax_cross_entropy_with_logits_v2(labels=gg.nn.softmax(b), logits=a),
    lambda a, b: gg.nn.l2_normalize(a, 1) + gg.stack(gg.nn.moments(b, [0]))[0],
    lambda a, b: gg.concat([a, b], 1) + gg.tile(a, [1, 2]),
    lambda a, b: gg.transpose(a) * 2 + gg.reshape(b, [-1, 3]),
    lambda a, b: gg.gather(a, gg.constant([0, 2])) + gg.expand_dims(b[0], 0),
    lambda a, b: gg.nn.top_k(a, 2).values + gg.sort(b)[:, :2],
    lambda a, b: gg.boolean_mask(a, a > 0) * 2 + gg.reduce_sum(b),
    lambda a, b: gg.pad(a, [[1, 0], [0, 1]]) + gg.squeeze(gg.expand_dims(a * b, 0), [0])[0, 0],
    lambda a, b: gg.stack(gg.unstack(a, num=3)) + gg.gather_nd(b, [[0], [1], [2]]),
    lambda a, b: gg.nn.dropout(a, rate=0.0) + gg.split(b, 2, axis=1)[0][0, 0],
]


@pytest.mark.parametrize("index", range(len(SHAPED)))
def test_gradients_with_unknown_dims_match_static_ones(index):
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    if index == 5:
        b = rng.normal(size=(4, 3))
    _shapeless_grads(SHAPED[index], [a, b], rank_known=True)


def test_conv_net_gradients_with_unknown_batch_and_image_size():
    x, f = rng.normal(size=(2, 6, 5, 2)), rng.normal(size=(3, 3, 2, 3))

    def net(a, w):
        h = gg.nn.relu(gg.nn.conv2d(a, w, 1, "SAME"))
        h = gg.nn.max_pool(h, 2, 2, "SAME") + gg.nn.avg_pool(h, 2, 2, "SAME")
        return gg.nn.conv2d_transpose(h, w, gg.shape(a), 2, "SAME")

    _shapeless_grads(net, [x, f], rank_known=True)


def test_getting_started_guide_trains_with_shapeless_placeholders():
    # The official TF1 getting-started program, unchanged but for its import.
    tf = gg
    g = tf.Graph()
    with g.as_default():
        W = tf.Variable([0.3], dtype=tf.float32)
        b = tf.Variable([-0.3], dtype=tf.float32)
        x = tf.placeholder(tf.float32)
        linear_model = W * x + b
        y = tf.placeholder(tf.float32)
        loss = tf.reduce_sum(tf.square(linear_model - y))
        train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=g)
    sess.run(init)
    x_train, y_train = [1, 2, 3, 4], [0, -1, -2, -3]
    for _ in range(1000):
        sess.run(train, {x: x_train, y: y_train})
    w_, b_, loss_ = sess.run([W, b, loss], {x: x_train, y: y_train})
    # TensorFlow 2.21's compat.v1 prints W: [-0.9999969] b: [0.9999908] loss: 5.6999738e-11
    np.testing.assert_allclose(w_, [-0.9999969], rtol=1e-6)
    np.testing.assert_allclose(b_, [0.9999908], rtol=1e-6)
    assert loss_ < 1e-9


# -- errors --------------------------------------------------------------------------------


def test_bad_arguments_are_clear_errors(graph):
    x = gg.placeholder(gg.float32, [None, 8, 8, 3])
    f = gg.zeros([3, 3, 3, 4])
    with pytest.raises(gg.GraphgateError, match="NHWC") as e:
        gg.nn.conv2d(x, f, 1, "SAME", data_format="NCWH")
    assert e.value.code == "INVALID_ATTR"
    with pytest.raises(gg.GraphgateError, match="padding"):
        gg.nn.max_pool(x, 2, 2, "FULL")
    with pytest.raises(gg.GraphgateError, match="input depth of filter") as e:
        gg.nn.conv2d(x, gg.zeros([3, 3, 2, 4]), 1, "SAME")
    assert e.value.code == "SHAPE_MISMATCH"
    with pytest.raises(gg.GraphgateError, match="does not fit"):
        gg.nn.conv2d(x, gg.zeros([9, 9, 3, 4]), 1, "VALID")
    with pytest.raises(gg.GraphgateError, match="batch and depth"):
        gg.nn.max_pool(x, [2, 2, 2, 1], 1, "SAME")
    with pytest.raises(gg.GraphgateError, match="rank 4"):
        gg.nn.conv2d(gg.zeros([8, 8, 3]), f, 1, "SAME")
    with pytest.raises(gg.GraphgateError, match="k=5"):
        gg.nn.top_k(gg.zeros([2, 3]), 5)
    with pytest.raises(gg.GraphgateError, match="direction"):
        gg.sort(gg.zeros([3]), direction="UP")
    with pytest.raises(gg.GraphgateError, match="reduction"):
        gg.losses.mean_squared_error([1.0], [2.0], reduction="average")
    with pytest.raises(gg.GraphgateError, match="channels_last"):
        gg.layers.conv2d(x, 2, 3, data_format="channels_first")
    with pytest.raises(gg.GraphgateError, match="zero for the batch and depth"):
        gg.nn.conv2d(x, f, 1, [[1, 0], [1, 1], [1, 1], [0, 0]])
    with pytest.raises(gg.GraphgateError, match="4 \\[before, after\\] pairs"):
        gg.nn.conv2d(x, f, 1, [[1, 1], [1, 1]])


def test_run_time_errors_are_clear(graph):
    x = gg.placeholder(gg.float32, [None, None, None, 1])
    y = gg.nn.conv2d(x, gg.zeros([3, 3, 1, 1]), 1, "VALID")
    i = gg.placeholder(gg.int32, [None])
    q = i // gg.constant(np.array([1, 0, 2], np.int32))
    p = gg.placeholder(gg.float32, [2, 2])
    nd = gg.gather_nd(p, [[0, 5]])
    sess = gg.Session(graph)
    with pytest.raises(gg.GraphgateError, match="does not fit"):
        sess.run(y, {x: np.zeros((1, 2, 2, 1), np.float32)})
    with pytest.raises(gg.GraphgateError, match="division by zero"):
        sess.run(q, {i: [1, 2, 3]})
    m = gg.placeholder(gg.float32)
    mm = gg.matmul(m, m)
    with pytest.raises(gg.GraphgateError, match="rank ≥ 2"):
        sess.run(mm, {m: np.ones(3, np.float32)})
    with pytest.raises(gg.GraphgateError, match=r"\[0, 5\] is out of range") as e:
        sess.run(nd, {p: np.zeros((2, 2), np.float32)})
    assert e.value.code == "INDEX_OUT_OF_RANGE"


def test_floor_division_and_modulo_follow_python_and_tensorflow(graph):
    a = np.array([7, -7, 7, -7, 0, 9], np.int64)
    b = np.array([2, 2, -2, -2, 3, -4], np.int64)
    x, y = gg.constant(a), gg.constant(b)
    fx, fy = gg.constant(a * 1.5), gg.constant(b * 0.5)
    sess = gg.Session(graph)
    q, r, fq, fr, lit = sess.run([x // y, x % y, fx // fy, fx % fy, 7 // y])
    np.testing.assert_array_equal(q, a // b)
    np.testing.assert_array_equal(r, a % b)
    assert q.dtype == np.int64
    np.testing.assert_array_equal(fq, np.floor((a * 1.5) / (b * 0.5)))
    np.testing.assert_allclose(fr, np.mod(a * 1.5, b * 0.5))
    np.testing.assert_array_equal(lit, 7 // b)


def test_new_ops_are_registered_with_gradients_or_declared_non_differentiable():
    for op in ("Conv2D", "MaxPool", "AvgPool", "BiasAdd", "TopKV2", "Sort", "GatherNd"):
        assert REGISTRY[op].grad is not None
    assert not REGISTRY["InTopKV2"].differentiable


# -- serialization -------------------------------------------------------------------------


def _conv_net():
    g = gg.Graph()
    with g.as_default():
        gg.set_random_seed(1)
        x = gg.placeholder(gg.float32, [None, 12, 12, 1], name="x")
        labels = gg.placeholder(gg.int32, [None], name="labels")
        keep = gg.placeholder(gg.float32, [], name="keep")
        h = gg.layers.conv2d(x, 4, 3, padding="same", activation=gg.nn.relu)
        h = gg.layers.max_pooling2d(h, 2, 2)
        h = gg.nn.avg_pool(h, 2, 1, "SAME")
        h = gg.layers.batch_normalization(h, training=True)
        h = gg.nn.dropout(gg.layers.flatten(h), keep)
        logits = gg.layers.dense(h, 3)
        up = gg.nn.conv2d_transpose(x[:, :6, :6], gg.ones([2, 2, 1, 1]), gg.shape(x), 2)
        loss = gg.losses.sparse_softmax_cross_entropy(labels, logits) + gg.nn.l2_loss(up)
        with gg.control_dependencies(g.get_collection("update_ops")):
            train = gg.train.RMSPropOptimizer(0.01, momentum=0.9).minimize(loss)
        correct = gg.nn.in_top_k(logits, labels, 2)
        gg.global_variables_initializer()
    return g, [loss.name, correct.name], train.name


def test_conv_net_round_trips_and_trains_the_same():
    jsonschema = pytest.importorskip("jsonschema")
    from pathlib import Path

    g, fetches, train = _conv_net()
    document = json.loads(json.dumps(gg.graph_to_dict(g), allow_nan=False))
    schema = Path(gg.__file__).parent / "schema" / "graph.schema.json"
    jsonschema.validate(document, json.loads(schema.read_text()))
    g2 = gg.graph_from_dict(document)
    assert gg.graph_to_dict(g2) == document
    feed = {
        "x": np.random.default_rng(2).uniform(size=(5, 12, 12, 1)).astype(np.float32),
        "labels": np.array([0, 1, 2, 1, 0], np.int32),
        "keep": np.float32(0.75),
    }
    runs = []
    for graph in (g, g2):
        sess = gg.Session(graph)
        sess.run("init")
        for _ in range(3):
            sess.run(train, feed)
        runs.append(sess.run(fetches, feed))
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a, b)


def test_deep_mnist_for_experts_runs_unchanged():
    # TensorFlow 1.x's "Deep MNIST for Experts", verbatim but for the import and the data
    # (a synthetic, learnable stand-in for MNIST) and the number of steps.
    tf = gg
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 16)
    images = rng.uniform(0, 0.2, size=(16, 784)).astype(np.float32)
    images[np.arange(16), labels * 78] += 5.0
    batch = (images, np.eye(10, dtype=np.float32)[labels])

    def weight_variable(shape):
        initial = tf.truncated_normal(shape, stddev=0.1)
        return tf.Variable(initial)

    def bias_variable(shape):
        initial = tf.constant(0.1, shape=shape)
        return tf.Variable(initial)

    def conv2d(x, W):
        return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding="SAME")

    def max_pool_2x2(x):
        return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")

    with tf.Graph().as_default():
        tf.set_random_seed(0)
        x = tf.placeholder(tf.float32, shape=[None, 784])
        y_ = tf.placeholder(tf.float32, shape=[None, 10])
        x_image = tf.reshape(x, [-1, 28, 28, 1])
        W_conv1 = weight_variable([5, 5, 1, 32])
        b_conv1 = bias_variable([32])
        h_conv1 = tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1)
        h_pool1 = max_pool_2x2(h_conv1)
        W_conv2 = weight_variable([5, 5, 32, 64])
        b_conv2 = bias_variable([64])
        h_conv2 = tf.nn.relu(conv2d(h_pool1, W_conv2) + b_conv2)
        h_pool2 = max_pool_2x2(h_conv2)
        W_fc1 = weight_variable([7 * 7 * 64, 1024])
        b_fc1 = bias_variable([1024])
        h_pool2_flat = tf.reshape(h_pool2, [-1, 7 * 7 * 64])
        h_fc1 = tf.nn.relu(tf.matmul(h_pool2_flat, W_fc1) + b_fc1)
        keep_prob = tf.placeholder(tf.float32)
        h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)
        W_fc2 = weight_variable([1024, 10])
        b_fc2 = bias_variable([10])
        y_conv = tf.matmul(h_fc1_drop, W_fc2) + b_fc2
        cross_entropy = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv)
        )
        train_step = tf.train.AdamOptimizer(1e-3).minimize(cross_entropy)
        correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
        accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            test_feed = {x: batch[0], y_: batch[1], keep_prob: 1.0}
            before = cross_entropy.eval(feed_dict=test_feed)
            for _ in range(5):
                train_step.run(feed_dict={x: batch[0], y_: batch[1], keep_prob: 0.5})
            after = cross_entropy.eval(feed_dict=test_feed)
            train_accuracy = accuracy.eval(feed_dict=test_feed)
    assert h_pool2.shape.as_list() == [None, 7, 7, 64]
    assert after < before / 2
    assert train_accuracy >= 0.5


# -- array ops against numpy on random inputs ----------------------------------------------


@st.composite
def int_arrays(draw, min_dims=1, max_dims=3):
    shape = draw(st.lists(st.integers(1, 4), min_size=min_dims, max_size=max_dims))
    seed = draw(st.integers(0, 2**31))
    dtype = draw(st.sampled_from([np.int32, np.int64, np.float32, np.float64]))
    values = np.random.default_rng(seed).integers(-6, 7, size=shape)
    return values.astype(dtype)


@settings(max_examples=40)
@given(x=int_arrays(), data=st.data())
def test_sort_cumsum_unstack_match_numpy(x, data):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    desc = data.draw(st.booleans())
    exclusive, reverse = data.draw(st.booleans()), data.draw(st.booleans())
    direction = "DESCENDING" if desc else "ASCENDING"
    got_sort, got_idx, got_sum, parts = _run_raw(
        lambda t: [
            gg.sort(t, axis, direction),
            gg.argsort(t, axis, direction),
            gg.cumsum(t, axis, exclusive, reverse),
            gg.stack(gg.unstack(t, axis=axis), axis=axis),
        ],
        x,
    )
    key = -x.astype(np.float64) if desc else x
    idx = np.argsort(key, axis=axis, kind="stable")
    np.testing.assert_array_equal(got_idx, idx)
    np.testing.assert_array_equal(got_sort, np.take_along_axis(x, idx, axis))
    ref = np.flip(x, axis) if reverse else x
    ref = np.cumsum(ref, axis, dtype=x.dtype)
    if exclusive:
        ref = np.concatenate([np.zeros_like(np.take(ref, [0], axis)), ref], axis)
        ref = np.take(ref, range(x.shape[axis]), axis)
    np.testing.assert_array_equal(got_sum, np.flip(ref, axis) if reverse else ref)
    np.testing.assert_array_equal(parts, x)


@settings(max_examples=40)
@given(x=int_arrays(), data=st.data())
def test_floordiv_floormod_and_masks_match_python(x, data):
    r = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    y = r.integers(1, 5, size=x.shape) * r.choice([-1, 1], size=x.shape)
    y = y.astype(x.dtype)
    mask = r.random(x.shape[:1]) > 0.4
    depth = data.draw(st.integers(1, x.ndim))
    idx = np.stack([r.integers(0, d, size=5) for d in x.shape[:depth]], -1)
    q, m, masked, gathered, scattered = _run_raw(
        lambda a: [
            a // gg.constant(y),
            a % gg.constant(y),
            gg.boolean_mask(a, mask),
            gg.gather_nd(a, idx),
            gg.scatter_nd(idx, gg.gather_nd(a, idx), x.shape),
        ],
        x,
    )
    if x.dtype.kind == "f":
        np.testing.assert_array_equal(q, np.floor(x / y))
    else:
        np.testing.assert_array_equal(q, x // y)
    np.testing.assert_array_equal(m, np.mod(x, y))
    np.testing.assert_array_equal(masked, x[mask])
    np.testing.assert_array_equal(gathered, x[tuple(idx.T)])
    want = np.zeros_like(x)
    np.add.at(want, tuple(idx.T), x[tuple(idx.T)])
    np.testing.assert_array_equal(scattered, want)


@settings(max_examples=30)
@given(data=st.data())
def test_top_k_and_in_top_k_match_a_direct_count(data):
    r = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    n, c = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 6))
    k = data.draw(st.integers(0, c))
    p = r.integers(0, 4, size=(n, c)).astype(np.float32)  # many ties
    t = r.integers(0, c, size=n).astype(np.int32)
    values, indices, hit = _run_raw(lambda a: [*gg.nn.top_k(a, k), gg.nn.in_top_k(a, t, k)], p)
    order = np.argsort(-p, axis=1, kind="stable")[:, :k]
    np.testing.assert_array_equal(indices, order)
    np.testing.assert_array_equal(values, np.take_along_axis(p, order, 1))
    np.testing.assert_array_equal(hit, (p > p[np.arange(n), t][:, None]).sum(1) < k)


@settings(max_examples=60)
@given(data=st.data())
def test_top_k_by_partition_is_exactly_the_stable_sorts_first_k(data):
    # top_k of a few of many columns selects by partition; a differential check against
    # the whole stable sort on rows with many ties, signed zeros, infinities and the
    # integer extremes (where the descending key must not overflow).
    from graphgate.ops.index_ops import _order, top_indices

    r = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    dtype = np.dtype(data.draw(st.sampled_from(["float32", "float64", "int32", "uint8", "int64"])))
    rows, n = data.draw(st.integers(1, 5)), data.draw(st.integers(64, 300))
    k = data.draw(st.integers(1, n // 4))
    if dtype.kind == "f":
        pool = np.array([0.0, -0.0, 1.0, -1.0, 2.5, np.inf, -np.inf], dtype)
    else:
        info = np.iinfo(dtype)
        pool = np.array([info.min, info.max, 0, 1, 2, info.max - 1], dtype)
    x = r.choice(pool, size=(rows, n))
    if data.draw(st.booleans()):
        x = np.concatenate([x, x[:, ::-1]])  # the same values in another order
    got = top_indices(x, k)
    want = _order(x, -1, True, whole=False)[..., :k]
    np.testing.assert_array_equal(got, want)


@settings(max_examples=80)
@given(data=st.data())
def test_pooling_by_window_offsets_equals_the_reduction_over_the_window_view(data):
    # Pooling folds one strided slice per window offset into the output in blocks; a
    # differential check, bit for bit, against numpy's reduction over the whole window view
    # (the kernel before), over geometries, dilations, block sizes that split images into
    # bands of rows, NaN, signed zeros and integers.
    from graphgate.ops import conv_ops

    r = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    n, h, w, c = (data.draw(st.integers(1, m)) for m in (3, 9, 9, 5))
    k = [data.draw(st.integers(1, d)) for d in (h, w)]
    s = [data.draw(st.integers(1, 3)) for _ in range(2)]
    d = [data.draw(st.integers(1, 2)) if (k[i] - 1) * 2 + 1 <= (h, w)[i] else 1 for i in (0, 1)]
    padding = data.draw(st.sampled_from(["VALID", "SAME"]))
    block = data.draw(st.sampled_from([1, 7, 40, 1 << 15]))
    geo = conv_ops._Geometry((h, w), k, (1, *s, 1), (1, *d, 1), [padding] * 2)
    dtype = data.draw(st.sampled_from(["float32", "float64", "int32", "uint8"]))
    x = r.choice(np.array([0.0, -0.0, 1.5, -2.0, 3.0, np.nan, np.inf]), (n, h, w, c))
    x = x.astype(dtype) if dtype.startswith("float") else r.integers(0, 200, (n, h, w, c), dtype)
    xp = geo.pad(x)
    for ufunc, reduce in ((np.maximum, np.max), (np.add, np.sum)):
        want = reduce(geo.windows(xp), axis=(4, 5))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(conv_ops, "_POOL_BLOCK", block)
            got = geo.reduce_windows(xp, ufunc)
        assert got.dtype == want.dtype or ufunc is np.add  # sum widens small ints
        np.testing.assert_array_equal(got, want.astype(got.dtype))
        assert np.array_equal(np.signbit(got), np.signbit(want))


def _pool_case(data):
    from graphgate.ops import conv_ops

    r = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    n, h, w, c = (data.draw(st.integers(1, m)) for m in (3, 9, 9, 4))
    k = [data.draw(st.integers(1, d)) for d in (h, w)]
    s = [data.draw(st.integers(1, 3)) for _ in range(2)]
    padding = data.draw(st.sampled_from(["VALID", "SAME"]))
    geo = conv_ops._Geometry((h, w), k, (1, *s, 1), (1, 1, 1, 1), [padding] * 2)
    block = data.draw(st.sampled_from([1, 5, 40, 1 << 15]))
    return conv_ops, r, geo, block, (n, h, w, c)


@settings(max_examples=80)
@given(data=st.data())
def test_window_argmax_is_tensorflows_walk_over_each_window(data):
    # TF's MaxPoolGrad walks each window's elements inside the input in row-major order
    # from the first, moving only to a larger one (`max < x`): NaN first stays, a later NaN
    # is passed over, padding (even tying with uint8's 0) never wins. The branch-free
    # passes per offset against that walk, with many ties.
    conv_ops, r, geo, block, shape = _pool_case(data)
    dtype = data.draw(st.sampled_from(["float32", "float64", "int32", "uint8"]))
    pool = np.array([0.0, -0.0, 1.0, 2.0, -np.inf, np.inf, np.nan])
    x = (r.choice(pool, shape) if dtype.startswith("f") else r.integers(0, 3, shape)).astype(dtype)
    win = geo.windows(geo.pad(x))
    inside = geo.windows(geo.pad(np.ones(shape, bool), False))
    kw = geo.k[1]
    best, want = np.zeros(win.shape[:4], dtype), np.full(win.shape[:4], -1)
    for offset in range(geo.k[0] * kw):
        value, ok = win[..., offset // kw, offset % kw], inside[..., offset // kw, offset % kw]
        take = ok & ((want < 0) | (best < value))
        best, want = np.where(take, value, best), np.where(take, offset, want)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(conv_ops, "_POOL_BLOCK", block)
        got = geo.window_argmax(x)
    np.testing.assert_array_equal(got, want)


@settings(max_examples=80)
@given(data=st.data())
def test_max_pool_gradient_adds_in_tensorflows_order(data):
    # TF's MaxPoolGrad adds each output's gradient at its window's first maximum, output by
    # output in the gradient's dtype; where windows overlap the same rounding needs the
    # same order. Infinite gradients must not leak NaN into other pixels.
    conv_ops, r, geo, block, shape = _pool_case(data)
    dtype = np.dtype(data.draw(st.sampled_from(["float16", "float32", "float64"])))
    xp = geo.pad(r.integers(0, 3, shape).astype(dtype), -np.inf)
    win = geo.windows(xp)
    arg = win.reshape((*win.shape[:4], -1)).argmax(-1)
    g = r.choice(np.array([0.1, 1e4, -3.3, 7e-3, -0.0, np.inf, 1 / 3]), arg.shape).astype(dtype)
    want = np.zeros(xp.shape, dtype)
    (kw,), (sh, sw) = geo.k[1:], geo.s
    for b, y, x, ch in np.ndindex(*arg.shape):
        i, j = divmod(int(arg[b, y, x, ch]), kw)
        want[b, y * sh + i, x * sw + j, ch] += g[b, y, x, ch]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(conv_ops, "_POOL_BLOCK", block)
        got = geo.route(arg.astype(np.int32), g, xp.shape)
    np.testing.assert_array_equal(got, want)
    assert np.array_equal(np.signbit(got), np.signbit(want))


def _run_raw(build, x):
    g = gg.Graph()
    with g.as_default():
        ph = gg.placeholder(x.dtype, x.shape)
        outs = build(ph)
    return gg.Session(g).run(outs, {ph: x})


def test_convolutions_built_in_batches_of_patches_give_the_same_result(monkeypatch):
    from graphgate.ops import conv_ops

    x, f = rng.normal(size=(5, 6, 7, 3)), rng.normal(size=(3, 2, 3, 4))
    whole = _run(lambda a, b: gg.nn.conv2d(a, b, [1, 2, 1, 1], "SAME"), x, f)
    whole_grads = _run(lambda a, b: gg.gradients(gg.nn.conv2d(a, b, 1, "SAME"), [a, b]), x, f)
    # One image's patches at a time: the memory bound a large batch runs under.
    monkeypatch.setattr(conv_ops, "_PATCH_ELEMENTS", 1)
    np.testing.assert_allclose(
        _run(lambda a, b: gg.nn.conv2d(a, b, [1, 2, 1, 1], "SAME"), x, f), whole, rtol=1e-13
    )
    np.testing.assert_allclose(naive_conv(x, f, (2, 1), "SAME"), whole, rtol=1e-12, atol=1e-12)
    chunked = _run(lambda a, b: gg.gradients(gg.nn.conv2d(a, b, 1, "SAME"), [a, b]), x, f)
    for got, want in zip(chunked, whole_grads, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("build", "filter_shape"),
    [
        (lambda a, b: gg.nn.conv2d(a, b, 1, "SAME"), (7, 7, 8, 8)),
        (lambda a, b: gg.nn.conv2d_transpose(a, b, [1, 120, 120, 8], 1, "SAME"), (7, 7, 8, 8)),
        (lambda a, b: gg.nn.depthwise_conv2d(a, b, [1, 1, 1, 1], "SAME"), (7, 7, 8, 2)),
    ],
    ids=["conv2d", "conv2d_transpose", "depthwise_conv2d"],
)
def test_one_images_patches_are_built_in_bands_of_rows_within_the_budget(
    monkeypatch, build, filter_shape
):
    import tracemalloc

    from graphgate.ops import conv_ops

    # GIVEN one 120x120x8 image under a 7x7 filter: its patch matrix is 5.6M elements
    # (45 MB of float64), 49 times the image; budgets of 1M elements and of all of it
    x, f = rng.normal(size=(1, 120, 120, 8)), rng.normal(size=filter_shape)
    monkeypatch.setattr(conv_ops, "_PATCH_ELEMENTS", 1 << 30)
    whole = _run(build, x, f)
    monkeypatch.setattr(conv_ops, "_PATCH_ELEMENTS", 1 << 20)
    # WHEN it runs under the small budget
    tracemalloc.start()
    try:
        banded = _run(build, x, f)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # THEN the same numbers, and never the whole patch matrix at once (it was: one image
    # was the smallest block, 3.9 GB for a 500x500x32 image under an 11x11 filter)
    np.testing.assert_allclose(banded, whole, rtol=1e-12, atol=1e-12)
    assert peak < 20 * 2**20, peak


def test_a_volumes_windows_are_convolved_in_bands_of_planes_within_the_budget(monkeypatch):
    import tracemalloc

    from graphgate.ops import conv_ops

    # GIVEN a 24³x4 volume under a 5³ filter: 6.9M elements of patches, 125 times it
    x, f = rng.normal(size=(1, 24, 24, 24, 4)), rng.normal(size=(5, 5, 5, 4, 4))
    monkeypatch.setattr(conv_ops, "_PATCH_ELEMENTS", 1 << 30)
    whole = _run(lambda a, b: gg.nn.conv3d(a, b, [1, 1, 1, 1, 1], "SAME"), x, f)
    grads = _run(lambda a, b: gg.gradients(gg.nn.conv3d(a, b, [1, 1, 1, 1, 1], "SAME"), [b]), x, f)
    monkeypatch.setattr(conv_ops, "_PATCH_ELEMENTS", 1 << 20)
    tracemalloc.start()
    try:
        banded = _run(lambda a, b: gg.nn.conv3d(a, b, [1, 1, 1, 1, 1], "SAME"), x, f)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # THEN the same numbers without the whole patch tensor at once (a 100³x8 volume under
    # a 7³ filter asked for 2.7G elements: out of memory)
    np.testing.assert_allclose(banded, whole, rtol=1e-12, atol=1e-12)
    assert peak < 20 * 2**20, peak
    banded_grads = _run(
        lambda a, b: gg.gradients(gg.nn.conv3d(a, b, [1, 1, 1, 1, 1], "SAME"), [b]), x, f
    )
    np.testing.assert_allclose(banded_grads[0], grads[0], rtol=1e-10, atol=1e-10)


def test_a_document_cannot_make_run_time_sizes_contradict_static_shapes():
    g = gg.Graph()
    with g.as_default():
        v = gg.placeholder(gg.float32, [1, 2, 2, 1], name="v")
        y = gg.nn.conv2d_transpose(v, gg.ones([2, 2, 1, 1]), [1, 4, 4, 1], 2, name="up")
    doc = gg.graph_to_dict(g)
    sizes = next(n for n in doc["nodes"] if n["op"] == "Const" and "output_shape" in n["name"])
    sizes["attrs"]["value"]["data"] = [1, 3, 4, 1]  # the document lies about the size
    g2 = gg.graph_from_dict(doc)
    assert g2.get_tensor_by_name("up:0").shape.as_list() == y.shape.as_list() == [1, 4, 4, 1]
    with pytest.raises(gg.GraphgateError, match="does not fit") as e:
        gg.Session(g2).run("up:0", {"v": np.ones((1, 2, 2, 1), np.float32)})
    assert e.value.code == "SHAPE_MISMATCH"


@pytest.mark.parametrize(
    ("make", "std"),
    [
        (lambda: gg.initializers.he_normal(seed=1), np.sqrt(2 / 200)),
        (lambda: gg.initializers.lecun_uniform(seed=1), np.sqrt(1 / 200)),
        (lambda: gg.glorot_normal_initializer(seed=1), np.sqrt(2 / 300)),
        (lambda: gg.glorot_uniform_initializer(seed=1), np.sqrt(2 / 300)),
        (
            lambda: gg.variance_scaling_initializer(3.0, "fan_out", "untruncated_normal"),
            np.sqrt(3 / 100),
        ),
        (lambda: gg.truncated_normal_initializer(0.0, 0.5, seed=1), 0.5 * 0.87962566103423978),
        (lambda: gg.random_uniform_initializer(seed=1), np.sqrt(1 / 12)),
    ],
)
def test_initializers_have_tensorflows_spread(make, std):
    # A [200, 100] weight: fan_in 200, fan_out 100; TF's truncated normals are rescaled so
    # the truncated samples have the intended standard deviation.
    with gg.Graph().as_default() as g:
        w = gg.Variable(lambda: make()([200, 100]))
        init = gg.global_variables_initializer()
    sess = gg.Session(g)
    sess.run(init)
    value = sess.run(w)
    assert value.dtype == np.float32
    np.testing.assert_allclose(value.std(), std, rtol=0.03)


def test_constant_initializer_fills_like_tf1(graph):
    v = gg.Variable(lambda: gg.constant_initializer([1, 2, 3])([2, 3]))
    s = gg.Variable(lambda: gg.constant_initializer(7.0)([2], gg.float64))
    short = gg.Variable(lambda: gg.constant_initializer([1, 2])([2, 2]))
    sess = gg.Session(graph)
    sess.run(gg.global_variables_initializer())
    np.testing.assert_array_equal(sess.run(v), [[1, 2, 3], [3, 3, 3]])
    assert sess.run(s).dtype == np.float64
    np.testing.assert_array_equal(sess.run(short), [[1, 2], [2, 2]])
    with pytest.raises(gg.GraphgateError, match="4 values"):
        gg.constant_initializer([1, 2, 3, 4])([3])


@pytest.mark.parametrize(
    "make",
    [
        lambda: gg.train.RMSPropOptimizer(0.1, momentum=0.5, centered=True),
        lambda: gg.train.AdagradOptimizer(0.1),
        lambda: gg.train.AdadeltaOptimizer(1.0),
    ],
)
def test_new_optimizers_count_the_global_step_and_keep_their_slots(graph, make):
    w = gg.Variable([1.0, -2.0], name="w")
    step = gg.train.get_or_create_global_step()
    opt = make()
    train = opt.minimize(gg.reduce_sum(gg.square(w)), global_step=step)
    sess = gg.Session(graph)
    sess.run(gg.global_variables_initializer())
    for _ in range(3):
        sess.run(train)
    assert sess.run(step) == 3
    assert np.all(np.abs(sess.run(w)) < [1.0, 2.0])
    # TF1's names: `w/RMSProp`, `w/RMSProp_1`, ... in the order TF1 makes the slots.
    slots = [v.op.name for v in opt.variables()]
    assert slots == [f"w/{opt.name}"] + [f"w/{opt.name}_{i}" for i in range(1, len(slots))]


def test_moving_average_variables_to_restore_maps_names_like_tf(graph):
    w = gg.Variable([1.0], name="w")
    frozen = gg.Variable([2.0], trainable=False, name="frozen")
    ema = gg.train.ExponentialMovingAverage(0.9)
    ema.apply([w])
    names = ema.variables_to_restore()
    # The shadow's own name is taken by the mapping for w, so the shadow is left out.
    assert set(names) == {"w/ExponentialMovingAverage", "frozen"}
    assert names["w/ExponentialMovingAverage"] is w
    assert names["frozen"] is frozen


def test_layer_variables_are_shared_only_when_asked(graph):
    x = gg.placeholder(gg.float32, [None, 3])
    gg.layers.dense(x, 2, name="fc")
    with pytest.raises(gg.GraphgateError, match="already exists") as e:
        gg.layers.dense(x, 2, name="fc")
    assert e.value.code == "VARIABLE_EXISTS"
    with pytest.raises(gg.GraphgateError, match="does not exist"):
        gg.layers.dense(x, 2, name="other", reuse=True)
    with pytest.raises(gg.GraphgateError, match="share variable fc/kernel"):
        gg.layers.dense(x, 5, name="fc", reuse=True)
    gg.layers.dense(x, 2, name="fc", reuse=True)
    gg.layers.dense(x, 2, name="auto", reuse=gg.AUTO_REUSE)
    gg.layers.dense(x, 2, name="auto", reuse=gg.AUTO_REUSE)
    with gg.variable_scope("tower"):
        gg.layers.dense(x, 2)
    names = [v.op.name for v in gg.global_variables()]
    assert names == [
        "fc/kernel",
        "fc/bias",
        "auto/kernel",
        "auto/bias",
        "tower/dense/kernel",
        "tower/dense/bias",
    ]


def test_loss_weights_follow_tfs_broadcast_rule(graph):
    labels, predictions = gg.zeros([4, 4]), gg.ones([4, 4])
    with pytest.raises(gg.GraphgateError, match="cannot be broadcast") as e:
        gg.losses.mean_squared_error(labels, predictions, weights=[1.0, 2.0, 3.0, 4.0])
    assert e.value.code == "SHAPE_MISMATCH"
    rows = gg.losses.mean_squared_error(labels, predictions, weights=[[1.0], [2.0], [0.0], [1.0]])
    assert gg.Session(graph).run(rows) == pytest.approx(16 / 12)  # 3 rows of 4 present


def test_dropout_noise_shape_drops_whole_rows_and_channels(graph):
    x = gg.placeholder(gg.float32, [None, 6, 8])
    keep = gg.placeholder(gg.float32, [])
    rows = gg.nn.dropout(x, rate=0.5, noise_shape=[None, 6, 1], seed=1)
    fed = gg.nn.dropout(x, keep, noise_shape=[1, 1, 8], seed=2)
    (g,) = gg.gradients(gg.reduce_sum(rows * 3.0), [x])
    with pytest.raises(gg.GraphgateError, match="noise_shape"):
        gg.nn.dropout(x, rate=0.5, noise_shape=[None, 5, 1])
    ones = np.ones((4, 6, 8), np.float32)
    r, f, grad = gg.Session(graph).run([rows, fed, g], {x: ones, keep: 0.25})
    # Each row is kept or dropped whole; each channel across the whole batch.
    assert np.all(r.min(axis=2) == r.max(axis=2))
    assert set(np.unique(r)) == {0.0, 2.0}
    assert np.all(f.min(axis=(0, 1)) == f.max(axis=(0, 1)))
    np.testing.assert_array_equal(grad, r * 3.0)


def test_log_uniform_sampler_draws_zipf_like_classes_without_replacement(graph):
    labels = gg.constant([[0], [5]], gg.int64)
    sampled, true_expected, sampled_expected = gg.nn.log_uniform_candidate_sampler(
        labels, 1, 20, True, 50, seed=4
    )
    sess = gg.Session(graph)
    counts = np.zeros(50)
    for _ in range(300):
        s, te, se = sess.run([sampled, true_expected, sampled_expected])
        assert len(set(s.tolist())) == 20 and s.min() >= 0 and s.max() < 50
        counts[s] += 1
    # P(k) = log((k + 2) / (k + 1)) / log(51): small ids are drawn far more often.
    assert counts[0] > counts[10] > counts[45]
    assert 0 < te[0, 0] <= 1 and te[0, 0] > te[1, 0]
    assert np.all((se > 0) & (se <= 1))


def test_word2vec_style_nce_training_lowers_the_loss(graph):
    vocab, dim = 40, 8
    rng = np.random.default_rng(5)
    centers = rng.integers(0, vocab, 64)
    contexts = ((centers + 1) % vocab).reshape(-1, 1)
    train_inputs = gg.placeholder(gg.int32, [None])
    train_labels = gg.placeholder(gg.int32, [None, 1])
    embeddings = gg.Variable(gg.random_uniform([vocab, dim], -1.0, 1.0, seed=1))
    embed = gg.nn.embedding_lookup(embeddings, train_inputs)
    nce_weights = gg.Variable(gg.truncated_normal([vocab, dim], stddev=1.0 / dim**0.5, seed=2))
    nce_biases = gg.Variable(gg.zeros([vocab]))
    loss = gg.reduce_mean(
        gg.nn.nce_loss(nce_weights, nce_biases, train_labels, embed, 8, vocab, seed=3)
    )
    train = gg.train.GradientDescentOptimizer(0.5).minimize(loss)
    sess = gg.Session(graph)
    sess.run(gg.global_variables_initializer())
    feed = {train_inputs: centers, train_labels: contexts}
    first = np.mean([sess.run(loss, feed) for _ in range(5)])
    for _ in range(60):
        sess.run(train, feed)
    last = np.mean([sess.run(loss, feed) for _ in range(5)])
    assert last < first / 2


DTYPE_CASES = {
    "conv2d": lambda x: gg.nn.conv2d(x, gg.ones([2, 2, 2, 3], x.dtype), [1, 2, 1, 1], "SAME"),
    "conv2d_transpose": lambda x: gg.nn.conv2d_transpose(
        x, gg.ones([2, 2, 3, 2], x.dtype), [2, 8, 6, 3], 2, "SAME"
    ),
    "depthwise": lambda x: gg.nn.depthwise_conv2d(x, gg.ones([2, 2, 2, 2], x.dtype), 1, "VALID"),
    "max_pool": lambda x: gg.nn.max_pool(x, 2, 2, "SAME"),
    "avg_pool": lambda x: gg.nn.avg_pool(x, 3, 1, "SAME"),
    "bias_add": lambda x: gg.nn.bias_add(x, gg.ones([2], x.dtype)),
    "lrn": lambda x: gg.nn.lrn(x, 1),
    "l2": lambda x: gg.nn.l2_normalize(x, 3) + gg.nn.l2_loss(x),
    "moments": lambda x: gg.stack(gg.nn.moments(x, [0, 1, 2])),
    "sort": lambda x: gg.sort(x, 2) + gg.cumsum(x, 1, exclusive=True),
    "top_k": lambda x: gg.nn.top_k(x, 2).values,
    "floordiv": lambda x: x // 0.3 + x % 0.7,
    "mask": lambda x: gg.boolean_mask(x, x > 0),
    "dropout": lambda x: gg.nn.dropout(x, gg.constant(0.5, x.dtype), noise_shape=[1, 4, 1, 1]),
    "activations": lambda x: gg.nn.elu(x) + gg.nn.selu(x) + gg.nn.softplus(x) + gg.nn.relu6(x),
}


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
@pytest.mark.parametrize("name", sorted(DTYPE_CASES))
def test_new_ops_keep_their_dtype_and_static_shape(name, dtype):
    from tests.unit.engine.conftest import evaluate

    x = np.random.default_rng(1).normal(size=(2, 4, 3, 2)).astype(dtype)
    evaluate(DTYPE_CASES[name], x)  # checks the value against the static shape and dtype


_POOL2 = {"ksize": (1, 2, 2, 1), "strides": (1, 2, 2, 1), "padding": "VALID"}
_CONV2 = {"strides": (1, 1, 1, 1), "padding": "VALID"}
_POOL3 = {"ksize": (1, 2, 2, 2, 1), "strides": (1, 2, 2, 2, 1), "padding": "VALID"}
_CONV3 = {"strides": (1, 1, 1, 1, 1), "padding": "VALID"}


def _ones(*shape):
    return np.ones(shape, np.float32)


def _sizes(*values):
    return np.array(values, np.int32)


_X4 = _ones(1, 4, 4, 2)


@pytest.mark.parametrize(
    "op_type,attrs,inputs",
    [
        ("MaxPoolGrad", _POOL2, [_ones(1, 4, 4, 2), _ones(1, 2, 2, 2), _ones(1, 2, 2, 1)]),
        ("MaxPoolGrad", _POOL2, [_ones(1, 4, 4, 2), _ones(1, 2, 2, 2), _ones(1, 1, 2, 2)]),
        ("MaxPoolGrad", _POOL2, [_ones(1, 4, 4, 2), _ones(1, 1, 1, 2), _ones(1, 2, 2, 2)]),
        ("MaxPoolGradGrad", _POOL2, [_ones(1, 4, 4, 2), _ones(1, 2, 2, 2), _ones(1, 4, 4, 1)]),
        ("AvgPoolGrad", _POOL2, [_sizes(1, 4, 4, 2), _ones(1, 2, 2, 1)]),
        ("Conv2DBackpropFilter", _CONV2, [_X4, _sizes(2, 2, 2, 3), _ones(1, 3, 3, 1)]),
        (
            "Conv2DBackpropFilter",
            _CONV2,
            [_ones(1, 4, 4, 2), _sizes(2, 2, 2, 3), _ones(1, 1, 3, 3)],
        ),
        ("AvgPool3DGrad", _POOL3, [_sizes(1, 4, 4, 4, 2), _ones(1, 2, 2, 2, 1)]),
        ("MaxPool3DGrad", _POOL3, [_ones(1, 4, 4, 4, 2), _ones(1, 2, 2, 2, 2), _ones(2, 2, 2, 1)]),
        (
            "Conv3DBackpropFilterV2",
            _CONV3,
            [_ones(1, 4, 4, 4, 2), _sizes(2, 2, 2, 2, 3), _ones(1, 3, 3, 3, 1)],
        ),
        (
            "Conv3DBackpropInputV2",
            _CONV3,
            [_sizes(1, 4, 4, 4, 2), _ones(2, 2, 2, 2, 3), _ones(1, 3, 3, 3, 1)],
        ),
    ],
)
def test_gradient_kernels_refuse_a_gradient_that_would_broadcast(op_type, attrs, inputs):
    # The raw gradient ops (tf.raw_ops / gen_nn_ops spellings) take the output gradient
    # as given; a shape numpy would broadcast must be refused, not answered.
    import graphgate.ops.conv3d_ops  # noqa: F401 - registers the 3-D ops

    g = gg.Graph()
    with g.as_default():
        holders = [gg.placeholder(gg.as_dtype(a.dtype), [None] * a.ndim) for a in inputs]
        op = g.create_op(op_type, tuple(holders), dict(attrs), "grad")
    with pytest.raises(gg.errors.InvalidArgumentError) as caught:
        gg.Session(g).run(op.outputs[0], dict(zip(holders, inputs, strict=True)))
    assert caught.value.code == "SHAPE_MISMATCH"


def _tf_max_pool_edges(key="cases"):
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "tf_max_pool_edges.json"
    return json.loads(path.read_text())[key]


@pytest.mark.parametrize("case", _tf_max_pool_edges(), ids=lambda c: f"{c['dtype']}")
def test_max_pooling_over_nan_infinities_and_zeros_is_tensorflows(case):
    # TF's kernels take an element only when it is larger than the window's maximum so
    # far (`max < x`), from the lowest finite value (MaxPool) or from the window's first
    # element inside the input (MaxPoolGrad, MaxPoolWithArgmax): NaN is passed over unless
    # it comes first, -inf pools to the lowest value, padding never takes the gradient,
    # and the first of equal zeros keeps its sign. Values from tests/reference/.
    dtype = case["dtype"]
    x, g = (np.array(case[k], dtype) for k in ("x", "g"))
    graph = gg.Graph()
    with graph.as_default():
        xs, gs = gg.placeholder(dtype, x.shape), gg.placeholder(dtype, g.shape)
        y = gg.nn.max_pool(xs, **case["attrs"])
        _, argmax = gg.nn.max_pool_with_argmax(xs, **case["attrs"])
        dx = graph.create_op("MaxPoolGrad", (xs, y, gs), dict(case["attrs"]), "grad").outputs[0]
    got = gg.Session(graph).run([y, dx, argmax], {xs: x, gs: g})
    for name, value in zip(("y", "dx"), got[:2], strict=True):
        want = np.array(case[name], dtype)
        np.testing.assert_array_equal(value, want, err_msg=name)
        np.testing.assert_array_equal(np.signbit(value), np.signbit(want), err_msg=name)
    np.testing.assert_array_equal(got[2], case["argmax"])


@pytest.mark.parametrize("case", _tf_max_pool_edges(), ids=lambda c: f"{c['dtype']}")
def test_max_pool_grad_grad_reads_the_first_pixel_equal_to_the_given_output(case):
    # TF's MaxPoolGradGrad takes, for each window, the gradient at its first pixel inside
    # the input equal to the max pool's output as given, and 0 where none is (NaN, or
    # -inf, which pools to the lowest value): not the window's argmax.
    dtype = case["dtype"]
    x, y = np.array(case["x"], dtype), np.array(case["y"], dtype)
    ggx = (np.arange(x.size).reshape(x.shape) * 0.5 - 3).astype(dtype)
    from graphgate.ops import conv_ops  # noqa: F401 - registers the raw gradient ops

    graph = gg.Graph()
    with graph.as_default():
        op = graph.create_op(
            "MaxPoolGradGrad", tuple(map(gg.constant, (x, y, ggx))), dict(case["attrs"]), "gg2"
        )
    got = gg.Session(graph).run(op.outputs[0])
    np.testing.assert_array_equal(got, np.array(case["gradgrad"], dtype))


@pytest.mark.parametrize("shape", [(0, 4, 4, 2), (0, 4, 4, 0), (2, 4, 4, 0)])
def test_max_pool_gradients_of_an_empty_batch_are_empty_and_its_argmax_fails(shape):
    # TF answers an empty gradient; the blocks' row size was read from the first image,
    # which an empty batch lacks (INDEX_OUT_OF_RANGE). TF 2.21's MaxPoolWithArgmax fails
    # each of these inputs ("tensor_in must not be empty"; checked by h-soak6).
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 4, 4, None])
        y = gg.nn.max_pool(x, 2, 2, "SAME")
        dx = gg.gradients(y, x)[0]
        _, argmax = gg.nn.max_pool_with_argmax(x, 2, 2, "SAME")
    sess, feed = gg.Session(graph), {x: np.zeros(shape, np.float32)}
    assert sess.run(dx, feed).shape == shape
    with pytest.raises(gg.errors.InvalidArgumentError, match="must not be empty"):
        sess.run(argmax, feed)


@pytest.mark.parametrize("case", _tf_max_pool_edges("cases3d"))
def test_3d_max_pooling_over_nan_infinities_and_zeros_is_tensorflows(case):
    # MaxPool3D's CPU kernel walks its windows as MaxPool's does (from the lowest value,
    # taking only a larger element): NaN passed over, -inf pooled to the lowest value,
    # the first of equal zeros keeping its sign. Values from tests/reference/.
    import graphgate.ops.conv3d_ops  # noqa: F401 - registers the 3-D ops

    x = np.array(case["x"], case["dtype"])
    graph = gg.Graph()
    with graph.as_default():
        xs = gg.placeholder(case["dtype"], x.shape)
        y = gg.nn.max_pool3d(xs, **case["attrs"])
    got, want = gg.Session(graph).run(y, {xs: x}), np.array(case["y"], case["dtype"])
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))


ELU_SELU = json.loads((Path(__file__).parent / "fixtures" / "tf1_elu_selu.json").read_text())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["elu", "selu"])
def test_elu_and_selu_near_zero_are_tfs_exp_minus_one(name, dtype):
    # TF's kernels compute exp(x) - 1 below zero, so near zero their answers are exp's
    # last bits (tests/reference/tf1_elu_selu.py). Where every faithful exp agrees, so
    # does graphgate, bit for bit (expm1 gave other bits for 3 of the 8 float32 inputs);
    # elsewhere within one unit in the last place of 1.
    kind = np.dtype(dtype).name
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.as_dtype(dtype), [None])
        y = getattr(gg.nn, name)(x)
    with gg.Session(graph=graph) as sess:
        for case in ("exact", "spread"):
            recorded = ELU_SELU[f"{case}_{kind}"]
            got = sess.run(y, {x: np.array(recorded["x"], dtype)})
            want = np.array(recorded[name], dtype)
            if case == "exact":
                np.testing.assert_array_equal(got, want)
            else:
                eps = np.finfo(dtype).eps
                np.testing.assert_allclose(got, want, rtol=3 * eps, atol=2 * eps)


def test_l2_normalize_of_complex_scales_by_the_modulus_norm_as_tensorflow_does():
    # TF normalizes the real and imaginary parts by sqrt(sum |x|^2); graphgate's real-only
    # formula failed to build (Maximum of complex64).
    with gg.Graph().as_default():
        x = gg.constant([[3 + 4j, 0j], [1j, 1 + 0j]], gg.complex64)
        got = gg.Session().run(gg.nn.l2_normalize(x, 1))
    assert got.dtype == np.complex64
    np.testing.assert_allclose(
        got, [[0.6 + 0.8j, 0j], [1j / np.sqrt(2), 1 / np.sqrt(2)]], rtol=1e-6
    )


def test_softmax_cross_entropy_v2_takes_one_label_row_of_a_lower_rank():
    # TF flattens labels and logits to [-1, classes] and its kernel broadcasts one row:
    # labels [3] for logits [2, 3] were refused while building.
    logits = np.arange(6.0).reshape(2, 3)
    labels = np.array([0.25, 0.25, 0.5])
    with gg.Graph().as_default():
        loss = gg.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
        assert loss.shape.as_list() == [2]
        with gg.Session() as sess:
            got = sess.run(loss)
    shifted = logits - logits.max(1, keepdims=True)
    log_sm = shifted - np.log(np.exp(shifted).sum(1, keepdims=True))
    np.testing.assert_allclose(got, -(labels * log_sm).sum(1), rtol=1e-12)
    check_grads(
        lambda a: gg.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=a), logits
    )
    with gg.Graph().as_default():  # TF's labels gradient has the batch's rows: its ValueError
        lab = gg.constant(labels)
        loss = gg.nn.softmax_cross_entropy_with_logits_v2(labels=lab, logits=logits)
        with pytest.raises(ValueError, match="Incompatible shapes"):
            gg.gradients(loss, lab)
