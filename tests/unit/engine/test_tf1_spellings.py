"""Property tests for the TF1 spellings: each spelling computes exactly what the
spelling it stands for computes, fed or not, optimized or not (derandomized)."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import graphgate as gg
from graphgate.denormals import flushed

FLOATS = st.floats(-1e3, 1e3, width=32)


def _arrays(min_dims=1, max_dims=3):
    return hnp.arrays(
        np.float32,
        hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, max_side=4),
        elements=FLOATS,
    )


def _run_both(graph, fetches, feed=None):
    """The fetches in an optimized and an unoptimized session; they must agree."""
    with gg.Session(graph) as fast, gg.Session(graph, optimize=False) as slow:
        a, b = fast.run(fetches, feed), slow.run(fetches, feed)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    return a


@given(default=_arrays(), fed=st.booleans(), data=st.data())
def test_placeholder_with_default_is_its_default_unless_fed(default, fed, data):
    graph = gg.Graph()
    with graph.as_default():
        p = gg.placeholder_with_default(default, [None] * default.ndim)
        y = p * 2.0 + 1.0
    value = data.draw(hnp.arrays(np.float32, default.shape, elements=FLOATS)) if fed else default
    feed = {p: value} if fed else None
    out, doubled = _run_both(graph, [p, y], feed)
    np.testing.assert_array_equal(out, value)
    np.testing.assert_array_equal(doubled, value * np.float32(2) + np.float32(1))


@given(x=_arrays(), keep=st.booleans(), data=st.data())
def test_tf1_reduction_spellings_equal_the_new_ones(x, keep, data):
    axis = data.draw(st.lists(st.integers(-x.ndim, x.ndim - 1), unique_by=lambda a: a % x.ndim))
    graph = gg.Graph()
    with graph.as_default():
        t = gg.constant(x)
        pairs = [
            (fn(t, axis=axis, keepdims=keep), fn(t, reduction_indices=axis, keep_dims=keep))
            for fn in (gg.reduce_sum, gg.reduce_mean, gg.reduce_max, gg.reduce_min)
        ]
    out = _run_both(graph, [t for pair in pairs for t in pair])
    for new, old in zip(out[::2], out[1::2], strict=True):
        np.testing.assert_array_equal(new, old)


@given(x=_arrays())
# A subnormal float32 cast to float64 is 0 in TF (DAZ; tf1_denormals.json's `to_float64`).
@example(x=np.array([1.418969e-40], np.float32))
def test_to_casts_equal_cast(x):
    graph = gg.Graph()
    with graph.as_default():
        t = gg.constant(x)
        fetches = [gg.to_double(t), gg.to_int32(t), gg.to_int64(t), gg.to_float(gg.to_int32(t))]
    d, i32, i64, back = _run_both(graph, fetches)
    with flushed():
        doubled = x.astype(np.float64)
    np.testing.assert_array_equal(d, doubled)
    np.testing.assert_array_equal(i32, x.astype(np.int32))
    np.testing.assert_array_equal(i64, x.astype(np.int64))
    np.testing.assert_array_equal(back, x.astype(np.int32).astype(np.float32))


@given(x=_arrays(), initialized=st.booleans())
@example(x=np.array([1.3732725e-42], np.float32), initialized=False)  # TF: x * 2 is 0
def test_initialized_value_is_the_value_once_initialized(x, initialized):
    graph = gg.Graph()
    with graph.as_default():
        v = gg.Variable(x, name="v")
        w = gg.Variable(v.initialized_value() * 2.0, name="w")
        state = gg.is_variable_initialized(v)
    with gg.Session(graph) as sess:
        if initialized:
            sess.run(v.initializer)
            sess.run(v.assign(x + 1.0))
        known, value = sess.run([state, w.initial_value])
    assert known == initialized
    with flushed():
        want = ((x + np.float32(1)) if initialized else x) * np.float32(2)
    np.testing.assert_array_equal(value, want)
