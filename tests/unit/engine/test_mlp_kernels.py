"""The kernels an MLP spends its time in besides BLAS (issue 17, W3/W4): ReLU against a
block of zeros, softmax and cross-entropy reducing a short last axis through a transposed
copy. Each must give what the plain numpy spelling gives: ReLU bit for bit, the
reductions to the last bit or two (the order of a sum may differ)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphgate as gg
from graphgate.ops import nn_ops
from graphgate.ops.state_ops import apply_gradient_descent

SPECIALS = [0.0, -0.0, np.nan, np.inf, -np.inf, 1e-45, -1e-45, 3.0, -2.0]


def _with_specials(shape, dtype, seed=0):
    x = np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    flat = x.reshape(-1)
    flat[: len(SPECIALS)] = SPECIALS
    return x


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32", ">f4"])
@pytest.mark.parametrize("shape", [(11,), (256, 128), (3, 70_000), (nn_ops.RELU_BLOCK + 5,)])
def test_relu_gives_numpys_maximum_bit_for_bit(shape, dtype):
    x = _with_specials(shape, "float64").astype(dtype) if dtype != "int32" else None
    if x is None:
        x = np.random.default_rng(1).integers(-5, 5, shape).astype(dtype)
    want = np.maximum(x, 0)
    assert nn_ops._relu(x).dtype == want.dtype
    assert nn_ops._relu(x).tobytes() == want.tobytes()
    assert nn_ops._relu(x.T).tobytes() == np.maximum(x.T, 0).tobytes()
    y = x.copy()
    assert nn_ops._relu(y, out=y) is y
    assert y.tobytes() == np.maximum(x, 0, out=x.copy()).tobytes()
    assert not nn_ops._zeros_block(x.dtype).any()


def _run_op(name, x):
    g = gg.Graph()
    with g.as_default():
        t = gg.constant(x)
        if name == "softmax":
            outs = [gg.nn.softmax(t)]
        elif name == "log_softmax":
            outs = [gg.nn.log_softmax(t)]
        elif name == "xent":
            labels = np.abs(np.sin(np.arange(x.size))).reshape(x.shape).astype(x.dtype)
            op = gg.nn.softmax_cross_entropy_with_logits(labels=labels, logits=t).op
            outs = list(op.outputs)
        else:
            labels = (np.arange(x.size // x.shape[-1]) % x.shape[-1]).astype(np.int32)
            labels = labels.reshape(x.shape[:-1])
            op = gg.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=t).op
            outs = list(op.outputs)
    return gg.Session(g, optimize=False).run(outs)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "xent", "sparse"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(300, 10), (2, 150, 3), (129, 16), (200, 32)])
def test_narrow_reductions_agree_with_the_row_by_row_ones(monkeypatch, name, dtype, shape):
    # GIVEN logits with every special value in some row, wide enough for the fast path
    x = _with_specials(shape, dtype, seed=len(shape))
    x[-1] = np.float32(1e30)  # a row whose exp overflows without the shift
    with np.errstate(all="ignore"):
        fast = _run_op(name, x)
        # WHEN the transposed path is switched off
        monkeypatch.setattr(nn_ops, "_NARROW_MIN_ROWS", 1 << 62)
        slow = _run_op(name, x)
    # THEN both give the same values, NaNs and infinities in the same places
    for f, s in zip(fast, slow, strict=True):
        assert f.shape == s.shape and f.dtype == s.dtype
        np.testing.assert_array_equal(np.isnan(f), np.isnan(s))
        # Cross-entropy's terms cancel: their error is relative to the terms, not the result.
        eps = np.finfo(dtype).eps
        np.testing.assert_allclose(f, s, rtol=4 * eps, atol=0 if name == "softmax" else 64 * eps)


def test_softmax_over_a_short_last_axis_matches_a_float64_reference():
    x = np.random.default_rng(7).standard_normal((256, 10)).astype(np.float32) * 5
    g = gg.Graph()
    with g.as_default():
        probs = gg.nn.softmax(gg.constant(x))
    got = gg.Session(g).run(probs)
    z = x.astype(np.float64)
    e = np.exp(z - z.max(1, keepdims=True))
    np.testing.assert_allclose(got, e / e.sum(1, keepdims=True), rtol=4e-6, atol=0)


# -- kernels that write into a value the plan donates (fusion.donate) -------------------------


def _bits(v):
    a = np.array(v, copy=True)
    if a.dtype.kind == "f":
        a[np.isnan(a)] = np.nan
    return a.dtype, a.shape, a.tobytes()


def _kernel_name(step):
    return getattr(step.fn, "__qualname__", "")


@st.composite
def sgd_programs(draw):
    """A dense layer or two trained by SGD, with random extra fetches and a gradient that
    one or two updates may share: what decides whether a value may be written into."""
    layers = draw(st.integers(1, 2))
    relu = draw(st.lists(st.booleans(), min_size=layers, max_size=layers))
    bias = draw(st.lists(st.booleans(), min_size=layers, max_size=layers))
    shared = draw(st.booleans())  # one gradient also updates a second variable
    fetch = draw(st.lists(st.integers(0, 63), max_size=3))
    rows = draw(st.sampled_from([1, 3, 8]))
    xent = draw(st.booleans())
    return layers, relu, bias, shared, fetch, rows, xent


def _sgd_graph(layers, relu, bias, shared, xent=False):
    rng = np.random.default_rng(3)
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 4], name="x")
        h, params, inner = x, [], []
        for i in range(layers):
            w = gg.Variable(rng.standard_normal((4, 4)).astype(np.float32), name=f"w{i}")
            params.append(w)
            h = gg.matmul(h, w)
            inner.append(h)
            if bias[i]:
                b = gg.Variable(rng.standard_normal(4).astype(np.float32), name=f"b{i}")
                params.append(b)
                h = h + b
            if relu[i]:
                h = gg.nn.relu(h)
                inner.append(h)
        if xent:
            labels = gg.nn.softmax(gg.tanh(x))
            losses = gg.nn.softmax_cross_entropy_with_logits(labels=labels, logits=h)
            inner.append(losses)
            loss = gg.reduce_mean(losses)
        else:
            loss = gg.reduce_mean(gg.square(h))
        inner.append(loss)
        grads = gg.gradients(loss, params)
        inner += grads
        updates = [apply_gradient_descent(p, 0.1, gw) for p, gw in zip(params, grads, strict=True)]
        if shared:
            twin = gg.Variable(np.zeros((4, 4), np.float32), name="twin")
            params.append(twin)
            updates.append(apply_gradient_descent(twin, 0.5, grads[0]))
        init = gg.global_variables_initializer()
    return g, x, params, inner, updates, init


@settings(derandomize=True, max_examples=40, deadline=None)
@given(sgd_programs())
def test_updates_written_into_gradients_agree_with_plain_runs(program):
    layers, relu, bias, shared, picks, rows, xent = program
    g, x, params, inner, updates, init = _sgd_graph(layers, relu, bias, shared, xent)
    fetches = [inner[i % len(inner)] for i in picks]
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    for sess in (fused, plain):
        sess.run(init)
    earlier = []
    for seed in range(4):  # the second run is the first on the fused plan
        x0 = np.random.default_rng(seed).standard_normal((rows, 4)).astype(np.float32)
        x0[0, 0] = -0.0
        fed = x0.copy()
        got = fused.run([updates, fetches], {x: x0})
        want = plain.run([updates, fetches], {x: x0})
        assert [_bits(v) for v in got[1]] == [_bits(v) for v in want[1]]
        # A value fetched from one run never changes in the next runs.
        earlier.append((got[1], [_bits(v) for v in got[1]]))
        for values, bits in earlier:
            assert [_bits(v) for v in values] == bits
        for p in params:
            assert _bits(fused.run(p)) == _bits(plain.run(p))
        assert _bits(x0) == _bits(fed)  # the feed is never written into


def test_the_mlp_train_step_writes_updates_and_relu_gradient_in_place():
    g, x, _, _, updates, init = _sgd_graph(2, [True, False], [True, True], False, xent=True)
    sess = gg.Session(g)
    sess.run(init)
    x0 = np.ones((8, 4), np.float32)
    for _ in range(3):
        sess.run(updates, {x: x0})
    steps = {s.op.name: _kernel_name(s) for s in next(reversed(sess._plans.values())).steps}
    into = [name for name, fn in steps.items() if "_into_" in fn]
    # Both weight gradients are fresh matmul outputs; the ReLU gradient reads one through
    # an unbroadcast that passes it along unchanged.
    assert sum("ApplyGradientDescent" in n for n in into) == 2
    assert any("relu_grad" in n for n in into)
    # Nothing reads the loss or its mean beyond their shapes: neither is computed (the
    # mean's shape is static, so it does not run at all, as TF folds its gradient's shape).
    stubbed = {n for n, fn in steps.items() if "_stub" in fn or "_only" in fn}
    assert stubbed == {"softmax_cross_entropy_with_logits_sg"} and "Mean" not in steps


@st.composite
def shape_readers(draw):
    rank = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank)))
    axis = draw(st.one_of(st.none(), st.integers(-rank, rank - 1), st.just(tuple(range(rank)))))
    keep = draw(st.booleans())
    op = draw(st.sampled_from(["reduce_sum", "reduce_mean"]))
    readers = draw(
        st.lists(st.sampled_from(["size", "shape", "ones_like", "zeros_like"]), min_size=1)
    )
    fetch_value = draw(st.booleans())
    # What the static shape claims of the fed value: the truth, one more row, one axis less.
    claim = draw(st.sampled_from(["truth", "row", "rank"]))
    return shape, axis, keep, op, readers, fetch_value, claim, draw(st.booleans())


def _outcome(sess, fetches, feeds):
    try:
        return [_bits(v) for v in sess.run(fetches, feeds)]
    except gg.errors.GraphgateError as exc:
        return exc.code


@settings(derandomize=True, max_examples=60, deadline=None)
@given(shape_readers())
def test_a_reduction_read_only_for_its_shape_gives_the_plain_shapes(program):
    shape, axis, keep, op, readers, fetch_value, claim, with_xent = program
    g = gg.Graph()
    with g.as_default():
        p = gg.placeholder(gg.float32, None, name="p")
        x = gg.identity(p)
        x.set_shape((shape[0] + 1, *shape[1:]) if claim == "row" else shape)
        r = getattr(gg, op)(gg.exp(x), axis=axis, keepdims=keep)
        fetches = [getattr(gg, name)(r) for name in readers]
        if with_xent:  # a loss only its mean's gradient reads: the backprop alone is computed
            logits = x * 2.0
            labels = gg.nn.softmax(x)
            xent = gg.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
            fetches += gg.gradients(gg.reduce_mean(xent), [logits])
        if fetch_value:
            fetches.append(r)
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    fed = (2, *shape) if claim == "rank" else shape
    x0 = np.arange(np.prod(fed), dtype=np.float32).reshape(fed) / 7
    for _ in range(3):
        assert _outcome(fused, fetches, {p: x0}) == _outcome(plain, fetches, {p: x0})


def test_a_fetched_gradient_is_not_the_buffer_its_update_writes_into():
    g, x, params, inner, updates, init = _sgd_graph(1, [False], [False], False)
    grad = inner[-1]
    sess = gg.Session(g)
    sess.run(init)
    x0 = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    for _ in range(3):
        w_before = sess.run(params[0])
        _, gw = sess.run([updates, grad], {x: x0})
        np.testing.assert_array_equal(sess.run(params[0]), w_before - np.float32(0.1) * gw)


def test_a_batch_train_step_agrees_with_plain_runs_bit_for_bit():
    # Big enough for every fast path: ReLU blocks, cross-entropy on column copies, the
    # backprop-only stub (fused) against the full kernel (plain), updates in place.
    rng = np.random.default_rng(11)
    x0 = rng.standard_normal((300, 20)).astype(np.float32)
    y0 = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 300)]
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 20], name="x")
        y = gg.placeholder(gg.float32, [None, 10], name="y")
        w1 = gg.Variable(rng.standard_normal((20, 64)).astype(np.float32) * 0.3, name="w1")
        b1 = gg.Variable(np.zeros(64, np.float32), name="b1")
        w2 = gg.Variable(rng.standard_normal((64, 10)).astype(np.float32) * 0.3, name="w2")
        b2 = gg.Variable(np.zeros(10, np.float32), name="b2")
        logits = gg.matmul(gg.nn.relu(gg.matmul(x, w1) + b1), w2) + b2
        xent = gg.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits)
        step = gg.train.GradientDescentOptimizer(0.5).minimize(gg.reduce_mean(xent))
        probs = gg.nn.softmax(logits)
        init = gg.global_variables_initializer()
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    for sess in (fused, plain):
        sess.run(init)
    for _ in range(4):
        fused.run(step, {x: x0, y: y0})
        plain.run(step, {x: x0, y: y0})
        for name, v in plain.get_variables().items():
            assert _bits(fused.get_variables()[name]) == _bits(v)
    assert _bits(fused.run(probs, {x: x0})) == _bits(plain.run(probs, {x: x0}))
    kernels = [_kernel_name(s) for p in fused._plans.values() for s in p.steps]
    assert any("backprop_only" in k for k in kernels)


@pytest.mark.parametrize("fed", [(3,), (2, 3), (2, 3, 1)])
@pytest.mark.parametrize("axis", [None, [0], [-1], [0, 1]])
@pytest.mark.parametrize("op", ["reduce_mean", "reduce_sum"])
def test_a_mean_read_for_its_shape_follows_the_fed_rank_not_the_claimed_one(fed, axis, op):
    # The static shape claims rank 1 or 2; the stub must give the shape (or the error)
    # the plain kernel gives on what was fed.
    for claimed in ([3], [2, 3]):
        g = gg.Graph()
        with g.as_default():
            p = gg.placeholder(gg.float32, None, name="p")
            x = gg.identity(p)
            x.set_shape(claimed)
            try:
                r = getattr(gg, op)(x, axis=axis)
            except gg.errors.GraphgateError:
                continue  # an axis the claimed rank does not have
            fetches = [gg.shape(r), gg.size(r)]
        fused, plain = gg.Session(g), gg.Session(g, optimize=False)
        x0 = np.ones(fed, np.float32)
        for _ in range(3):
            assert _outcome(fused, fetches, {p: x0}) == _outcome(plain, fetches, {p: x0})


@pytest.mark.parametrize("rows", [3, 300])
def test_cross_entropy_labels_of_another_dtype_are_not_written_into_the_logits_buffer(rows):
    # Static dtypes agree; a value may still come widened. The kernel then computes as
    # numpy promotes, never casting into the float32 buffer it would write into.
    g = gg.Graph()
    with g.as_default():
        t = gg.placeholder(gg.float32, [None, 10])
        op = gg.nn.softmax_cross_entropy_with_logits(labels=t, logits=t).op
    kernel = op.definition.kernel(op)
    logits = np.random.default_rng(0).standard_normal((rows, 10)).astype(np.float32)
    labels = np.full((rows, 10), 0.1)  # float64
    loss, backprop = kernel(logits, labels)
    s = logits - logits.max(1, keepdims=True)
    e = np.exp(s)
    total = e.sum(1, keepdims=True)
    assert loss.dtype == backprop.dtype == np.float64
    np.testing.assert_allclose(loss, (labels * (np.log(total) - s)).sum(1), rtol=1e-6)
    e *= labels.sum(1, keepdims=True) / total  # in float32, as the kernel always did
    np.testing.assert_allclose(backprop, e - labels, rtol=1e-6, atol=1e-7)
