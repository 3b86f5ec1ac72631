"""Every op's forward against numpy, with property-based shapes (broadcasting included),
and its static shape and dtype against what it computes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import graphgate as gg
from graphgate.denormals import flushed

from .conftest import evaluate

FLOATS = [np.float16, np.float32, np.float64]


def floats(dtype=np.float32, lo=-10.0, hi=10.0):
    return st.floats(
        lo, hi, width=32 if dtype != np.float64 else 64, allow_nan=False, allow_infinity=False
    )


SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, max_side=4)


def arrays(dtype=np.float32, shape=SHAPES, lo=-10.0, hi=10.0):
    if np.dtype(dtype).kind == "f":
        elements = floats(dtype if dtype != np.float16 else np.float32, lo, hi)
    elif np.dtype(dtype).kind == "b":
        elements = st.booleans()
    else:
        elements = st.integers(-50, 50)
    return hnp.arrays(dtype, shape, elements=elements)


def tol(dtype):
    return {np.float16: 2e-3, np.float32: 1e-5, np.float64: 1e-12}.get(np.dtype(dtype).type, 0)


UNARY = [
    (gg.negative, np.negative, -10, 10),
    (gg.square, np.square, -10, 10),
    (gg.sqrt, np.sqrt, 0, 10),
    (gg.exp, np.exp, -5, 5),
    (gg.log, np.log, 0.125, 10),
    (gg.log1p, np.log1p, 0, 10),
    (gg.abs, np.abs, -10, 10),
    (gg.sign, np.sign, -10, 10),
    (gg.tanh, np.tanh, -10, 10),
    (gg.sigmoid, lambda x: 1 / (1 + np.exp(-x)), -10, 10),
    (gg.relu, lambda x: np.maximum(x, 0), -10, 10),
    (gg.reciprocal, np.reciprocal, 0.5, 10),
    # TF's alpha attr is a float32: float64 inputs are scaled by float32(0.1).
    (lambda x: gg.leaky_relu(x, 0.1), lambda x: np.where(x > 0, x, x * np.float32(0.1)), -10, 10),
    (gg.identity, lambda x: x, -10, 10),
]


@pytest.mark.parametrize(
    ("op", "ref", "lo", "hi"),
    UNARY,
    ids=lambda v: getattr(v, "__name__", None) if callable(v) else None,
)
@given(data=st.data())
def test_unary_matches_numpy(op, ref, lo, hi, data):
    dtype = data.draw(st.sampled_from(FLOATS))
    x = data.draw(arrays(dtype, lo=lo, hi=hi))
    got = evaluate(op, x)
    # numpy under TF's CPU modes: a subnormal input counts as 0 (sign(1e-310) is 0).
    with np.errstate(all="ignore"), flushed():
        want = ref(x)
    np.testing.assert_allclose(
        np.asarray(got, np.float64),
        np.asarray(want, np.float64),
        rtol=tol(dtype) * 10,
        atol=tol(dtype),
    )


BINARY = [
    (gg.add, np.add),
    (gg.subtract, np.subtract),
    (gg.multiply, np.multiply),
    (gg.maximum, np.maximum),
    (gg.minimum, np.minimum),
    (lambda a, b: a + b, np.add),
    (lambda a, b: a - b, np.subtract),
    (lambda a, b: a * b, np.multiply),
]
COMPARE = [
    (gg.equal, np.equal),
    (gg.not_equal, np.not_equal),
    (gg.less, np.less),
    (gg.less_equal, np.less_equal),
    (gg.greater, np.greater),
    (gg.greater_equal, np.greater_equal),
    (lambda a, b: a < b, np.less),
    (lambda a, b: a <= b, np.less_equal),
    (lambda a, b: a > b, np.greater),
    (lambda a, b: a >= b, np.greater_equal),
]


@st.composite
def broadcast_pair(draw, dtype=None, lo=-10.0, hi=10.0):
    dtype = dtype or draw(st.sampled_from([*FLOATS, np.int32, np.int64]))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3))
    a = draw(arrays(dtype, shapes.input_shapes[0], lo, hi))
    b = draw(arrays(dtype, shapes.input_shapes[1], lo, hi))
    return a, b


@pytest.mark.parametrize(("op", "ref"), BINARY + COMPARE)
@given(pair=broadcast_pair())
# Subnormal inputs (drawn by the soak profile): TF's kernels count them as 0 (add gives 0,
# equal(1e-45, 0) is true; tf1_denormals.json), so numpy is the reference under the same
# CPU modes.
@example(pair=(np.array(5.7e-44, np.float32), np.array(0.0, np.float32)))
@example(pair=(np.array([1e-310, 1.0]), np.array([0.0, 1e-310])))
def test_binary_broadcasting_matches_numpy(op, ref, pair):
    a, b = pair
    with flushed():
        want = ref(a, b)
    np.testing.assert_array_equal(evaluate(op, a, b), want)


@given(pair=broadcast_pair(np.float64, 0.5, 4.0))
def test_divide_and_power(pair):
    a, b = pair
    np.testing.assert_allclose(evaluate(gg.divide, a, b), a / b)
    np.testing.assert_allclose(evaluate(lambda x, y: x / y, a, b), a / b)
    np.testing.assert_allclose(evaluate(gg.pow, a, b), a**b)
    np.testing.assert_allclose(evaluate(lambda x, y: x**y, a, b), a**b)


# TF 2.21's Pow kernel with grappler off (and a default session's constant folding):
# soak3's fresh fuzzimg seed (`colours.52`, adjust_gamma of -inf by gamma 0.5) found
# numpy's square root for a one-element exponent of 0.5.
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("exponent", [[0.5], [0.5, 0.5, 0.5, 0.5, 0.5], [-0.5], [0.25], [1.5]])
def test_pow_of_minus_infinity_and_minus_zero_is_tfs_kernels(dtype, exponent):
    base = np.array([4.0, -np.inf, -0.0, -4.0, np.inf], dtype)
    want = {0.5: [2.0, np.inf, 0.0, np.nan, np.inf], -0.5: [0.5, 0.0, np.inf, np.nan, 0.0]}
    want |= {0.25: [np.sqrt(2.0), np.inf, 0.0, np.nan, np.inf]}
    want |= {1.5: [8.0, np.inf, 0.0, np.nan, np.inf]}
    got = evaluate(gg.pow, base, np.array(exponent, dtype))
    expected = np.array(want[exponent[0]], dtype)
    np.testing.assert_array_equal(got, expected)
    assert not np.signbit(got[2])


def test_integer_division_is_true_division_in_float64():
    got = evaluate(gg.divide, np.array([7, -7], np.int32), np.array([2, 2], np.int32))
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, [3.5, -3.5])


@given(pair=broadcast_pair(np.bool_))
def test_logical(pair):
    a, b = pair
    np.testing.assert_array_equal(evaluate(gg.logical_and, a, b), a & b)
    np.testing.assert_array_equal(evaluate(gg.logical_or, a, b), a | b)
    np.testing.assert_array_equal(evaluate(lambda x, y: x & y, a, b), a & b)
    np.testing.assert_array_equal(evaluate(lambda x, y: ~x | y, a, b), ~a | b)
    np.testing.assert_array_equal(evaluate(gg.logical_not, a), ~a)


@st.composite
def matmul_operands(draw):
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    n, k, m = (draw(st.integers(1, 4)) for _ in range(3))
    batch = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=2, max_side=3))
    a = draw(arrays(dtype, (*batch.input_shapes[0], n, k)))
    b = draw(arrays(dtype, (*batch.input_shapes[1], k, m)))
    return a, b


@given(ab=matmul_operands(), ta=st.booleans(), tb=st.booleans())
def test_batched_matmul_with_broadcasting_and_transposes(ab, ta, tb):
    a, b = ab
    if ta:
        a = np.swapaxes(a, -1, -2).copy()
    if tb:
        b = np.swapaxes(b, -1, -2).copy()
    got = evaluate(lambda x, y: gg.matmul(x, y, transpose_a=ta, transpose_b=tb), a, b)
    want = np.matmul(np.swapaxes(a, -1, -2) if ta else a, np.swapaxes(b, -1, -2) if tb else b)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-4)
    if not ta and not tb:
        np.testing.assert_allclose(evaluate(lambda x, y: x @ y, a, b), want, rtol=1e-5, atol=1e-4)


REDUCE = [
    (gg.reduce_sum, np.sum),
    (gg.reduce_mean, np.mean),
    (gg.reduce_max, np.max),
    (gg.reduce_min, np.min),
    (gg.reduce_prod, np.prod),
]


@st.composite
def array_and_axis(draw, dtype=None, min_dims=1):
    dtype = dtype or draw(st.sampled_from([np.float32, np.float64]))
    x = draw(arrays(dtype, hnp.array_shapes(min_dims=min_dims, max_dims=3, max_side=4), -3, 3))
    axis = draw(
        st.one_of(
            st.none(),
            st.integers(-x.ndim, x.ndim - 1),
            st.lists(st.integers(0, x.ndim - 1), unique=True, min_size=1),
        )
    )
    return x, axis


@pytest.mark.parametrize(("op", "ref"), REDUCE)
@given(xa=array_and_axis(), keepdims=st.booleans())
def test_reductions(op, ref, xa, keepdims):
    x, axis = xa
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    got = evaluate(lambda t: op(t, axis=axis, keepdims=keepdims), x)
    np.testing.assert_allclose(got, ref(x, axis=np_axis, keepdims=keepdims), rtol=1e-4, atol=1e-5)


@given(xa=array_and_axis(), keepdims=st.booleans())
def test_logsumexp_matches_and_is_stable(xa, keepdims):
    x, axis = xa
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    m = np.max(x, axis=np_axis, keepdims=True)
    want = np.log(np.sum(np.exp(x - m), axis=np_axis, keepdims=True)) + m
    if not keepdims:
        want = np.squeeze(want, axis=np_axis if np_axis is not None else None)
    got = evaluate(lambda t: gg.reduce_logsumexp(t, axis=axis, keepdims=keepdims), x)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    big = evaluate(lambda t: gg.reduce_logsumexp(t), np.array([1e4, 1e4], np.float32))
    np.testing.assert_allclose(big, 1e4 + np.log(2), rtol=1e-6)


def test_integer_reductions_keep_their_dtype():
    x = np.array([[1, 2], [3, 4]], np.int32)
    assert evaluate(gg.reduce_sum, x).dtype == np.int32
    assert evaluate(lambda t: gg.reduce_mean(t, 0), x).tolist() == [2, 3]
    assert evaluate(lambda t: gg.reduce_mean(t), np.array([-3, -4], np.int32)) == -3


@given(xa=array_and_axis(np.float64))
# TF 2.21's argmax and argmin of [0, 1e-310] are both 0: a subnormal is 0 to its kernels.
@example(xa=(np.array([0.0, 1e-310]), 0))
@example(xa=(np.array([[-1e-310, 0.0]]), 1))
def test_argmax_argmin(xa):
    x, axis = xa
    axis = 0 if axis is None or isinstance(axis, list) else axis
    with flushed():
        most, least = np.argmax(x, axis), np.argmin(x, axis)
    np.testing.assert_array_equal(evaluate(lambda t: gg.argmax(t, axis), x), most)
    np.testing.assert_array_equal(evaluate(lambda t: gg.argmin(t, axis), x), least)


@given(x=arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), -30, 30))
def test_softmax_and_log_softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    sm = e / e.sum(-1, keepdims=True)
    np.testing.assert_allclose(evaluate(gg.softmax, x), sm, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(evaluate(gg.log_softmax, x), np.log(sm), rtol=1e-9, atol=1e-12)


def test_softmax_family_is_stable_for_huge_logits():
    logits = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]], np.float32)
    labels = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], np.float32)
    sm = evaluate(gg.softmax, logits)
    assert np.isfinite(sm).all()
    np.testing.assert_allclose(sm[0], [1, 0, 0])
    assert np.isfinite(evaluate(gg.log_softmax, logits)).all()
    loss = evaluate(
        lambda lo, la: gg.softmax_cross_entropy_with_logits(labels=la, logits=lo), logits, labels
    )
    np.testing.assert_allclose(loss, [1e4, np.log(3)], rtol=1e-6)
    sparse = evaluate(
        lambda lo, la: gg.sparse_softmax_cross_entropy_with_logits(labels=la, logits=lo),
        logits,
        np.array([1, 0], np.int32),
    )
    np.testing.assert_allclose(sparse, loss, rtol=1e-6)
    sig = evaluate(
        lambda lo, la: gg.sigmoid_cross_entropy_with_logits(labels=la, logits=lo), logits, labels
    )
    assert np.isfinite(sig).all()
    np.testing.assert_allclose(sig[0], [1e4, np.log(2), 0], atol=1e-3)
    assert np.isfinite(evaluate(gg.sigmoid, logits)).all()


@given(
    x=arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), -5, 5),
    data=st.data(),
)
def test_cross_entropies_match_definitions(x, data):
    labels = data.draw(arrays(np.float64, x.shape, 0, 1))
    e = np.exp(x - x.max(-1, keepdims=True))
    logsm = np.log(e / e.sum(-1, keepdims=True))
    got = evaluate(
        lambda lo, la: gg.softmax_cross_entropy_with_logits(labels=la, logits=lo), x, labels
    )
    np.testing.assert_allclose(got, -(labels * logsm).sum(-1), rtol=1e-9, atol=1e-12)
    cls = data.draw(hnp.arrays(np.int64, x.shape[:-1], elements=st.integers(0, x.shape[-1] - 1)))
    got = evaluate(
        lambda lo, la: gg.sparse_softmax_cross_entropy_with_logits(labels=la, logits=lo), x, cls
    )
    want = -np.take_along_axis(logsm, cls[..., None], -1)[..., 0]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    got = evaluate(
        lambda lo, la: gg.sigmoid_cross_entropy_with_logits(labels=la, logits=lo), x, labels
    )
    p = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(
        got, -(labels * np.log(p) + (1 - labels) * np.log(1 - p)), rtol=1e-7, atol=1e-9
    )


@given(x=arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4)), data=st.data())
def test_shape_ops(x, data):
    perm = data.draw(st.permutations(range(x.ndim)))
    np.testing.assert_array_equal(
        evaluate(lambda t: gg.transpose(t, perm), x), np.transpose(x, perm)
    )
    np.testing.assert_array_equal(evaluate(gg.transpose, x), x.T)
    np.testing.assert_array_equal(evaluate(lambda t: gg.reshape(t, [-1]), x), x.ravel())
    axis = data.draw(st.integers(-x.ndim - 1, x.ndim))
    np.testing.assert_array_equal(
        evaluate(lambda t: gg.expand_dims(t, axis), x), np.expand_dims(x, axis)
    )
    y = np.expand_dims(x, 0)
    np.testing.assert_array_equal(evaluate(lambda t: gg.squeeze(t, [0]), y), x)
    mult = data.draw(st.lists(st.integers(1, 3), min_size=x.ndim, max_size=x.ndim))
    np.testing.assert_array_equal(evaluate(lambda t: gg.tile(t, mult), x), np.tile(x, mult))
    pads = data.draw(
        st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=x.ndim, max_size=x.ndim)
    )
    np.testing.assert_array_equal(
        evaluate(lambda t: gg.pad(t, pads, constant_values=7), x),
        np.pad(x, pads, constant_values=7),
    )


@given(x=arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5)), data=st.data())
def test_concat_stack_split(x, data):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    np.testing.assert_array_equal(
        evaluate(lambda a, b: gg.concat([a, b], axis), x, 2 * x), np.concatenate([x, 2 * x], axis)
    )
    saxis = data.draw(st.integers(-x.ndim - 1, x.ndim))
    np.testing.assert_array_equal(
        evaluate(lambda a, b: gg.stack([a, b], saxis), x, x + 1), np.stack([x, x + 1], saxis)
    )
    n = x.shape[axis]
    parts = evaluate(lambda a: gg.split(a, [1, -1] if n > 1 else 1, axis), x)
    want = np.split(x, [1], axis) if n > 1 else [x]
    for got, w in zip(parts, want, strict=True):
        np.testing.assert_array_equal(got, w)


@given(x=arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5)), data=st.data())
def test_slicing_like_numpy(x, data):
    index = []
    for d in x.shape:
        kind = data.draw(st.sampled_from(["int", "slice", "all"]))
        if kind == "int":
            index.append(data.draw(st.integers(-d, d - 1)))
        elif kind == "slice":
            index.append(
                slice(
                    data.draw(st.none() | st.integers(-d, d)),
                    data.draw(st.none() | st.integers(-d, d)),
                    data.draw(st.none() | st.sampled_from([-2, -1, 1, 2])),
                )
            )
        else:
            index.append(slice(None))
    if data.draw(st.booleans()):
        index.insert(data.draw(st.integers(0, len(index))), None)
    key = tuple(index)
    np.testing.assert_array_equal(evaluate(lambda t: t[key], x), x[key])
    np.testing.assert_array_equal(evaluate(lambda t: t[..., 0], x), x[..., 0])
    begin = [data.draw(st.integers(0, d - 1)) for d in x.shape]
    size = [data.draw(st.integers(-1, d - b)) for d, b in zip(x.shape, begin, strict=True)]
    size = [s if s != 0 else 1 for s in size]
    want = x[tuple(slice(b, None if s == -1 else b + s) for b, s in zip(begin, size, strict=True))]
    np.testing.assert_array_equal(evaluate(lambda t: gg.slice(t, begin, size), x), want)


@given(x=arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5)), data=st.data())
def test_gather(x, data):
    axis = data.draw(st.integers(0, x.ndim - 1))
    idx = data.draw(
        hnp.arrays(
            np.int32,
            hnp.array_shapes(min_dims=0, max_dims=2, max_side=3),
            elements=st.integers(0, x.shape[axis] - 1),
        )
    )
    np.testing.assert_array_equal(
        evaluate(lambda t, i: gg.gather(t, i, axis=axis), x, idx), np.take(x, idx, axis)
    )


@given(pair=broadcast_pair(np.float64), data=st.data())
def test_where_and_clip(pair, data):
    a, b = pair
    cond = data.draw(hnp.arrays(np.bool_, np.broadcast_shapes(a.shape, b.shape)))
    # TF1's where (Select) takes x and y of one shape only; where_v2 broadcasts the three.
    np.testing.assert_array_equal(evaluate(gg.where_v2, cond, a, b), np.where(cond, a, b))
    a_full, b_full = np.broadcast_arrays(a, b)
    np.testing.assert_array_equal(
        evaluate(gg.where, cond, a_full, b_full), np.where(cond, a_full, b_full)
    )
    with flushed():  # TF's clip of a subnormal is 0, as its max and min
        want = np.clip(a, -1.5, 2.5)
    np.testing.assert_array_equal(evaluate(lambda t: gg.clip_by_value(t, -1.5, 2.5), a), want)


def test_sources_and_casts():
    assert evaluate(lambda: gg.zeros([2, 3], gg.int64)).tolist() == [[0] * 3] * 2
    assert evaluate(lambda: gg.ones([2])).dtype == np.float32
    np.testing.assert_array_equal(evaluate(lambda: gg.fill([2, 2], 7)), np.full((2, 2), 7))
    x = np.array([[1.5, -2.7]], np.float32)
    np.testing.assert_array_equal(evaluate(gg.zeros_like, x), np.zeros_like(x))
    np.testing.assert_array_equal(evaluate(gg.ones_like, x), np.ones_like(x))
    np.testing.assert_array_equal(evaluate(lambda t: gg.cast(t, gg.int32), x), [[1, -2]])
    np.testing.assert_array_equal(evaluate(lambda t: gg.cast(t > 0, gg.float64), x), [[1.0, 0.0]])
    idx = np.array([0, 2, 5], np.int32)
    np.testing.assert_array_equal(
        evaluate(lambda i: gg.one_hot(i, 3), idx), [[1, 0, 0], [0, 0, 1], [0, 0, 0]]
    )
    np.testing.assert_array_equal(
        evaluate(lambda i: gg.one_hot(i, 3, axis=0, on_value=5, off_value=-1), idx),
        [[5, -1, -1], [-1, -1, -1], [-1, 5, -1]],
    )
    assert evaluate(gg.size, x) == 2
    assert evaluate(gg.shape, x).tolist() == [1, 2]
    np.testing.assert_array_equal(evaluate(lambda *t: gg.add_n(list(t)), x, x, x), 3 * x)


def test_random_ops_are_seeded_and_dropout_scales():
    g = gg.Graph()
    with g.as_default():
        n = gg.random_normal([1000], mean=2.0, stddev=0.5, seed=7)
        u = gg.random_uniform([1000], -1.0, 3.0, seed=7)
        x = gg.ones([10000])
        d = gg.dropout(x, rate=0.25, seed=3)
    s1, s2 = gg.Session(g), gg.Session(g)
    first = s1.run([n, u, d])
    again = s2.run([n, u, d])
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(s1.run(n), first[0])
    assert abs(first[0].mean() - 2.0) < 0.1 and abs(first[0].std() - 0.5) < 0.1
    assert first[1].min() >= -1 and first[1].max() < 3
    kept = first[2][first[2] != 0]
    np.testing.assert_allclose(kept, 1 / 0.75)
    assert 0.7 < kept.size / 10000 < 0.8
    assert first[0].dtype == np.float32


def test_python_literals_take_tensorflow_default_dtypes(graph):
    assert gg.constant(1.5).dtype == gg.float32
    assert gg.constant(3).dtype == gg.int32
    assert gg.constant(2**40).dtype == gg.int64
    assert gg.constant(True).dtype == gg.bool
    assert gg.constant([[1, 2]]).dtype == gg.int32
    assert gg.constant(np.float64(1)).dtype == gg.float64
    x = gg.placeholder(gg.float64, [2])
    assert (x + 1).dtype == gg.float64
    assert (2 * x).dtype == gg.float64
    assert gg.constant(1, gg.float16).dtype == gg.float16


def test_dtypes_float16_through_ops():
    x = np.array([0.5, -1.25, 2.0], np.float16)
    assert evaluate(lambda t: gg.reduce_sum(gg.exp(t) * t), x).dtype == np.float16
    assert evaluate(gg.softmax, x).dtype == np.float16


@pytest.mark.parametrize(
    "shape, indices, axis, out",
    [
        ([0, 3], [3, 0], 1, (0, 2)),  # soak8's tf1_fuzzshape `gathers.35`
        ([3, 0], [5, -1], 0, (2, 0)),
        ([2, 0, 4], [9], 2, (2, 0, 1)),
        ([3, 0], [5], 1, None),  # the axis itself holds no element: TF checks
        ([0], [4], 0, None),
        ([2, 3], [7], 1, None),
    ],
)
def test_a_gather_reads_no_index_where_the_dims_around_its_axis_hold_no_element(
    shape, indices, axis, out
):
    # TF 2.21's GatherV2 copies nothing, and so checks no index, when the params' dims
    # before or after the axis hold no element; an index out of range fails otherwise.
    with gg.Graph().as_default():
        params = gg.placeholder(gg.float32, shape)
        y = gg.gather(params, gg.constant(np.array(indices, np.int64)), axis=axis)
        with gg.Session() as sess:
            if out is None:
                with pytest.raises(gg.errors.InvalidArgumentError):
                    sess.run(y, {params: np.zeros(shape, np.float32)})
            else:
                assert sess.run(y, {params: np.zeros(shape, np.float32)}).shape == out
