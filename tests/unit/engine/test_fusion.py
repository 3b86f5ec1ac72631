"""Elementwise fusion never changes what a run computes, and never writes a value anyone
else holds.

Random DAGs of elementwise ops over one-element tensors (the scalar kernels) and over
tensors big enough for blocks (the blocked kernels, with blocks made small here so the
tests stay small) run in a session with the optimizer and in one without; every run must
give the same bits (any NaN for a NaN). Fetched values, feeds and constants must come out of later
runs untouched.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import graphgate as gg
from graphgate import fusion

UNARY = ["negative", "abs", "square", "sqrt", "exp", "log", "log1p", "tanh", "reciprocal"]
UNARY += ["floor", "sign"]
BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum"]
SPECIALS = [0.0, -0.0, np.nan, np.inf, -np.inf, 1e-30, -2.5, 0.5, 3.0]
INT_SPECIALS = [0, -3, 5, 7, 2**31 - 1, -(2**31)]


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    # 2 * 8 elements already take the blocked kernel; 37 is not a multiple of the block.
    monkeypatch.setattr(fusion, "BLOCK_ELEMENTS", 8)
    monkeypatch.setattr(fusion, "WHOLE_MIN_ELEMENTS", 6)
    # Row operands of two rows or more take the periodic path, in tiles of ≤ 8 elements
    # (one period when a row is longer); kernels compiled with these settings only.
    monkeypatch.setattr(fusion, "PERIODIC_MIN_ROWS", 2)
    monkeypatch.setattr(fusion, "TILE_ELEMENTS", 8)
    monkeypatch.setattr(fusion, "_FACTORIES", {})


def _plan(sess):
    return next(iter(sess._plans.values()))


def _fused(step):
    code = getattr(step.fn, "__code__", None)
    return code is not None and "fused" in code.co_filename


@st.composite
def programs(draw):
    dtype = draw(st.sampled_from(["float32", "float64", "float16", "int32"]))
    blocks = [(37,), (2, 19), (4, 16)]
    wholes = [(3,), (2, 5), (None, 4)]  # too small for blocks, or sized when fed
    if dtype in ("float16", "int32"):  # scalar kernels are float32's and float64's
        shape = draw(st.sampled_from(blocks + wholes))
    else:
        # Rank 0: no chains, but single arithmetic steps run as scalar operators.
        shape = draw(st.sampled_from([(), (1,), (1,), (1, 1), *blocks, *wholes]))
    n_inputs = draw(st.integers(1, 3))
    ops = []
    n = n_inputs
    for _ in range(draw(st.integers(2, 16))):
        # Mostly read the newest value, so chains form; sometimes an older one, so values
        # get more than one reader and chains must stop there.
        newest = st.just(n - 1)
        pick = st.one_of(newest, newest, newest, st.integers(0, n - 1))
        kind = draw(st.sampled_from(["unary", "binary", "const", "relu", "matmul"]))
        if kind == "unary" and dtype != "int32":
            ops.append(("unary", draw(st.sampled_from(UNARY)), draw(pick)))
        elif kind == "relu":
            ops.append(("relu", draw(pick)))
        elif kind == "matmul" and len(shape) == 2:
            # A matmul's fresh output is what a chain may write into.
            ops.append(("matmul", draw(pick)))
        elif kind == "const":
            side = draw(st.sampled_from(["scalar", "one", "full", "row"]))
            value = draw(st.sampled_from(_values(dtype)))
            ops.append(("const", draw(st.sampled_from(_binary(dtype))), draw(pick), side, value))
        else:
            op = draw(st.sampled_from(_binary(dtype)))
            ops.append(("binary", op, draw(pick), draw(pick), draw(st.booleans())))
        n += 1
    # The newest value, and sometimes others, which must then end their chains.
    fetches = [n - 1, *draw(st.lists(st.integers(0, n - 1), max_size=2))]
    return dtype, shape, n_inputs, ops, fetches


def _values(dtype):
    return INT_SPECIALS if dtype == "int32" else SPECIALS


def _binary(dtype):
    # Integer division makes float64 (a cast first): not a chain of one dtype.
    return [b for b in BINARY if b != "divide"] if dtype == "int32" else BINARY


def _concrete(shape):
    return tuple(3 if d is None else d for d in shape)


def _const(side, value, shape, dtype):
    shape = _concrete(shape)
    if side == "scalar":
        return np.array(value).astype(dtype)
    if side == "one":
        return np.full((1,) * len(shape), value).astype(dtype)
    if side == "row":
        return np.full(shape[-1:], value).astype(dtype)
    return (np.arange(int(np.prod(shape))).reshape(shape) % 7 - 2.5).astype(dtype)


def build(dtype, shape, n_inputs, ops, inputs=None):
    nodes = list(inputs or [gg.placeholder(dtype, shape, name=f"x{i}") for i in range(n_inputs)])
    for spec in ops:
        if spec[0] == "unary":
            nodes.append(getattr(gg, spec[1])(nodes[spec[2]]))
        elif spec[0] == "relu":
            nodes.append(gg.nn.relu(nodes[spec[1]]))
        elif spec[0] == "matmul":
            m = shape[1]
            w = (np.arange(m * m).reshape(m, m) % 3 - 1).astype(dtype)
            nodes.append(gg.matmul(nodes[spec[1]], gg.constant(w)))
        elif spec[0] == "const":
            _, op, a, side, value = spec
            c = gg.constant(_const(side, value, shape, dtype))
            nodes.append(getattr(gg, op)(nodes[a], c))
        else:
            _, op, a, b, swap = spec
            x, y = (nodes[b], nodes[a]) if swap else (nodes[a], nodes[b])
            nodes.append(getattr(gg, op)(x, y))
    return nodes


def _feeds(nodes, n_inputs, shape, dtype, seed):
    rng = np.random.default_rng(seed)
    feeds = {}
    for i in range(n_inputs):
        pool = [*INT_SPECIALS, 1, 2, -7] if dtype == "int32" else [*SPECIALS, 1.5, -0.75, 7.0]
        feeds[nodes[i]] = rng.choice(np.array(pool), size=_concrete(shape)).astype(dtype)
    return feeds


def _bits(v):
    """The value's bytes, with every NaN the same NaN: which NaN two NaNs give is numpy's
    loop's choice (SIMD and scalar loops differ), not a result."""
    a = np.array(v, copy=True)
    if a.dtype.kind == "f":
        a[np.isnan(a)] = np.nan
    return a.dtype, a.shape, a.tobytes()


@settings(derandomize=True, max_examples=120, deadline=None)
@given(programs())
def test_fused_and_plain_runs_agree_bit_for_bit(program):
    dtype, shape, n_inputs, ops, picks = program
    g = gg.Graph()
    with g.as_default():
        nodes = build(dtype, shape, n_inputs, ops)
    fetches = [nodes[i] for i in picks]
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    with np.errstate(all="ignore"):
        for seed in range(3):  # the second run is the first on the fused plan
            feeds = _feeds(nodes, n_inputs, shape, dtype, seed)
            want = plain.run(fetches, feeds)
            got = fused.run(fetches, feeds)
            assert [_bits(v) for v in got] == [_bits(v) for v in want]
    kinds = {s.fn.__code__.co_filename.split()[2] for s in _plan(fused).steps if _fused(s)}
    event(f"fused: {sorted(kinds)} {dtype} {shape}")


@settings(derandomize=True, max_examples=40, deadline=None)
@given(programs())
def test_later_runs_leave_fetched_values_feeds_and_constants_alone(program):
    dtype, shape, n_inputs, ops, picks = program
    g = gg.Graph()
    with g.as_default():
        nodes = build(dtype, shape, n_inputs, ops)
    # A fetched placeholder is the fed array itself; the rest must be fresh every run.
    fetches = [nodes[i] for i in picks if i >= n_inputs] or [nodes[-1]]
    sess = gg.Session(g)
    feeds = _feeds(nodes, n_inputs, shape, dtype, 0)
    kept = {k: v.copy() for k, v in feeds.items()}
    with np.errstate(all="ignore"):
        first = sess.run(fetches, feeds)
        snapshot = [np.array(v, copy=True) for v in first]
        second = sess.run(fetches, feeds)
        third = sess.run(fetches, _feeds(nodes, n_inputs, shape, dtype, 1))
    for before, now in zip(snapshot, first, strict=True):
        assert _bits(before) == _bits(now)
    for a, b in zip(second, first, strict=True):
        assert _bits(a) == _bits(b)
        assert not np.shares_memory(a, b) or np.asarray(a).size == 0
    for v in third:
        assert all(not np.shares_memory(v, f) for f in feeds.values())
    for k, v in feeds.items():
        assert _bits(v) == _bits(kept[k])


def _chain(shape, dtype="float32", fetch_middle=False):
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(dtype, shape, name="x")
        a = gg.tanh(x)
        b = gg.add(a, gg.constant(np.array(0.5, dtype)))
        c = gg.maximum(b, gg.constant(np.array(0.1, dtype)))
        y = gg.exp(c)
    return g, x, ([y, a] if fetch_middle else y)


@pytest.mark.parametrize(
    ("shape", "dtype", "middle", "steps"),
    [
        ((1,), "float32", False, 1),  # scalar kernel
        ((1, 1), "float64", False, 1),
        ((40,), "float32", False, 1),  # blocked kernel (blocks of 8 in these tests)
        ((40,), "float32", True, 2),  # a fetched value ends a chain
        ((1,), "float16", False, 4),  # scalar arithmetic is not float16's; too small
        ((8,), "float32", False, 1),  # too small for blocks: written into one array
        ((3,), "float32", False, 4),  # too small for that too
        ((None,), "float32", False, 4),  # size unknown until fed: may be small
    ],
)
def test_which_chains_fuse(shape, dtype, middle, steps):
    g, x, fetch = _chain(shape, dtype, middle)
    sess, plain = gg.Session(g), gg.Session(g, optimize=False)
    x0 = np.linspace(-1, 1, 40 if None in shape else int(np.prod(shape))).astype(dtype)
    x0 = x0.reshape([-1 if d is None else d for d in shape])
    for _ in range(3):
        got = sess.run(fetch, {x: x0})
    assert len(_plan(sess).steps) == steps
    want = plain.run(fetch, {x: x0})
    np.testing.assert_array_equal(got, want)


def test_a_value_read_twice_is_not_fused_into_one_reader():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [1], name="x")
        a = gg.exp(x)
        y = gg.tanh(a) + a  # a has two readers: the chain may not consume it
    sess = gg.Session(g)
    x0 = np.array([0.25], np.float32)
    for _ in range(3):
        got = sess.run(y, {x: x0})
    assert [s.op.type for s in _plan(sess).steps] == ["Exp", "Add"]
    np.testing.assert_array_equal(got, np.tanh(np.exp(x0)) + np.exp(x0))


def test_blocks_cover_a_size_that_is_not_a_multiple_of_the_block():
    g, x, y = _chain((2, 37))
    sess = gg.Session(g)
    x0 = np.random.default_rng(0).standard_normal((2, 37)).astype(np.float32)
    for _ in range(3):
        got = sess.run(y, {x: x0})
    assert len(_plan(sess).steps) == 1
    want = np.exp(np.maximum(np.tanh(x0) + np.float32(0.5), np.float32(0.1)))
    assert got.tobytes() == want.tobytes()


def test_a_scalar_spelling_that_disagrees_with_its_ufunc_is_not_used(monkeypatch):
    # maximum(0.0, -0.0) and maximum(-0.0, 0.0) tell `>=` from numpy's own rule.
    spelling = "({0} if {0} >= {1} or {0} != {0} else {1})"
    monkeypatch.setitem(fusion.FUSIBLE, "Maximum", (np.maximum, spelling))
    monkeypatch.setattr(fusion, "_AGREES", {})
    assert not fusion._agrees("Maximum")
    monkeypatch.undo()
    assert fusion._agrees("Maximum") and fusion._agrees("Minimum")


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32"])
def test_rank_0_arithmetic_runs_as_scalar_operators_with_the_ufuncs_bits(dtype):
    # The tutorial's a*b/(a+b), fed, against the plain plan's ufuncs on every pair of
    # special values; float16 and int32 keep their ufuncs.
    g = gg.Graph()
    with g.as_default():
        a, b = gg.placeholder(dtype, [], name="a"), gg.placeholder(dtype, [], name="b")
        out = [a * b / (a + b), a - b, b / a]
    fast, plain = gg.Session(g), gg.Session(g, optimize=False)
    values = _values(dtype)
    with np.errstate(all="ignore"):
        for x in values:
            for y in values:
                feed = {a: np.array(x).astype(dtype), b: np.array(y).astype(dtype)}
                want, got = plain.run(out, feed), fast.run(out, feed)
                assert [_bits(v) for v in got] == [_bits(v) for v in want], (x, y)
    spelled = {s.fn for s in _plan(fast).steps} & set(fusion.SCALAR_OPERATORS.values())
    ops = fusion.SCALAR_OPERATORS
    # An int32 division divides float64 casts, which is spelled.
    want = {"float16": set(), "int32": {ops["RealDiv"]}}.get(dtype, set(ops.values()))
    assert spelled == want


def test_rank_0_arithmetic_keeps_its_ufunc_where_the_operator_disagrees(monkeypatch):
    monkeypatch.setattr(fusion, "_AGREES", {"Mul": False})
    g = gg.Graph()
    with g.as_default():
        a = gg.placeholder(gg.float32, [], name="a")
        y = a * a + a
    sess = gg.Session(g)
    for _ in range(3):
        assert sess.run(y, {a: 2.0}) == 6.0
    kernels = {s.op.type: s.fn for s in _plan(sess).steps}
    assert kernels == {"Mul": np.multiply, "Add": fusion.SCALAR_OPERATORS["Add"]}


def test_run_metadata_names_a_fused_chain_by_its_last_op():
    g, x, y = _chain((1,))
    sess = gg.Session(g)
    x0 = np.array([0.3], np.float32)
    sess.run(y, {x: x0})
    sess.run(y, {x: x0})
    md = gg.RunMetadata()
    sess.run(y, {x: x0}, run_metadata=md)
    names = [s.node_name for d in md.step_stats.dev_stats for s in d.node_stats]
    assert names == [y.op.name]


def _dense(fetch_matmul):
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 6], name="x")
        w = gg.constant(np.linspace(-1, 1, 24, dtype=np.float32).reshape(6, 4))
        mm = gg.matmul(x, w)
        h = gg.nn.relu(mm + gg.constant(np.float32([0.5, -0.5, 0.0, 1.0])))
    return g, x, ([h, mm] if fetch_matmul else h)


def test_a_bias_add_and_relu_write_into_the_matmul_output():
    g, x, h = _dense(False)
    sess = gg.Session(g)
    x0 = np.random.default_rng(1).standard_normal((5, 6)).astype(np.float32)
    for _ in range(3):
        got = sess.run(h, {x: x0})
    assert [s.op.type for s in _plan(sess).steps] == ["MatMul", "Relu"]
    w = np.linspace(-1, 1, 24, dtype=np.float32).reshape(6, 4)
    want = np.maximum(x0 @ w + np.float32([0.5, -0.5, 0.0, 1.0]), 0)
    assert got.tobytes() == want.tobytes()


def test_a_fetched_matmul_output_is_never_written_into():
    g, x, fetches = _dense(True)
    sess = gg.Session(g)
    x0 = np.random.default_rng(2).standard_normal((5, 6)).astype(np.float32)
    w = np.linspace(-1, 1, 24, dtype=np.float32).reshape(6, 4)
    for _ in range(3):
        h, mm = sess.run(fetches, {x: x0})
        assert mm.tobytes() == (x0 @ w).tobytes()
        assert not np.shares_memory(h, mm)


@pytest.mark.parametrize(("op_type", "index"), sorted(fusion.SHAPE_ONLY))
def test_inputs_counted_as_shape_only_are_read_for_their_shape_only(op_type, index):
    g = gg.Graph()
    with g.as_default():
        a = gg.placeholder(gg.float32, [2, 3], name="a")
        b = gg.placeholder(gg.float32, [2, 3], name="b")
        inputs = (a, b)[: gg.ops.registry.REGISTRY[op_type].arity[0]]
        out = g.create_op(op_type, inputs).outputs[0]
    sess = gg.Session(g, optimize=False)
    base = {a: np.arange(6, dtype=np.float32).reshape(2, 3), b: np.ones((2, 3), np.float32)}
    other = dict(base)
    other[inputs[index]] = np.full((2, 3), np.nan, np.float32)
    assert _bits(sess.run(out, base)) == _bits(sess.run(out, other))


def test_sgd_steps_on_an_mlp_agree_fused_and_plain():
    rng = np.random.default_rng(4)
    x0 = rng.standard_normal((8, 5)).astype(np.float32)
    y0 = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 8)]
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 5], name="x")
        y = gg.placeholder(gg.float32, [None, 3], name="y")
        w1 = gg.Variable(rng.standard_normal((5, 4)).astype(np.float32), name="w1")
        b1 = gg.Variable(np.full(4, 0.1, np.float32), name="b1")
        w2 = gg.Variable(rng.standard_normal((4, 3)).astype(np.float32), name="w2")
        h = gg.nn.relu(gg.matmul(x, w1) + b1)
        logits = gg.matmul(h, w2)
        loss = gg.reduce_mean(gg.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
        step = gg.train.GradientDescentOptimizer(0.1).minimize(loss)
        init = gg.global_variables_initializer()
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    for sess in (fused, plain):
        sess.run(init)
    for _ in range(4):
        got = fused.run([step, loss, h], {x: x0, y: y0})[1:]
        want = plain.run([step, loss, h], {x: x0, y: y0})[1:]
        assert [_bits(v) for v in got] == [_bits(v) for v in want]
    assert any(_fused(s) for s in list(fused._plans.values())[-1].steps)
    for name, v in plain.get_variables().items():
        assert _bits(fused.get_variables()[name]) == _bits(v)


@pytest.mark.parametrize("shape", [(1,), (40,)])
def test_a_constant_several_ops_of_a_chain_read_is_passed_once(shape):
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, shape, name="x")
        # Three constants of one value: merged into one slot, read by three ops.
        y = x
        for op in (gg.add, gg.multiply, gg.subtract):
            y = op(y, gg.constant(np.float32(0.75)))
    sess, plain = gg.Session(g), gg.Session(g, optimize=False)
    x0 = np.linspace(-2, 2, int(np.prod(shape))).astype(np.float32).reshape(shape)
    for _ in range(3):
        got = sess.run(y, {x: x0})
    (step,) = _plan(sess).steps
    assert step.fn.__code__.co_argcount == 2
    assert _bits(got) == _bits(plain.run(y, {x: x0}))


def test_a_chain_inside_a_while_loop_body_fuses_and_agrees():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [1], name="x")

        def body(i, acc):
            return i + 1, gg.tanh(gg.exp(acc * 0.5) - 0.25) + x

        _, y = gg.while_loop(lambda i, acc: i < 20, body, [0, x])
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    for v in (0.3, -1.5, np.nan, np.inf):
        x0 = np.array([v], np.float32)
        for _ in range(2):
            got = fused.run(y, {x: x0})
        assert _bits(got) == _bits(plain.run(y, {x: x0}))


def test_a_long_chain_over_a_big_tensor_is_cut_so_the_deadline_is_still_read(monkeypatch):
    # With blocks of 8 (fixture), 40 elements and 200 element-ops a step: 5 ops a step.
    monkeypatch.setattr(fusion, "MAX_CHAIN_WORK", 200)
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [40], name="x")
        y = x
        for _ in range(12):
            y = gg.tanh(y) * 1.5
    sess, plain = gg.Session(g), gg.Session(g, optimize=False)
    x0 = np.linspace(-1, 1, 40).astype(np.float32)
    for _ in range(3):
        got = sess.run(y, {x: x0})
    assert len(_plan(sess).steps) == 5  # 24 ops in chains of at most 5
    assert _bits(got) == _bits(plain.run(y, {x: x0}))


def test_a_chain_over_a_static_shape_with_no_element_fuses_and_runs_every_time():
    # An elementwise chain over [0, 3] (an empty batch with its size known) was a bare
    # ZeroDivisionError on the run that fused it (the work per op divided by 0 elements),
    # and inside a cond's or a while's body on the first run (COMPUTE_ERROR).
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [0, 3], name="x")
        y = gg.exp(gg.sin(x) * 2.0) + 1.0
        c = gg.cond(gg.reduce_sum(x) > -1.0, lambda: gg.square(x) + 1.0, lambda: gg.sigmoid(x))
        _, w = gg.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, -v * 0.5 + x), [0, x])
        (dx,) = gg.gradients(c, x)
    sess = gg.Session(g)
    empty = np.zeros([0, 3], np.float32)
    for _ in range(3):
        got = sess.run([y, c, w, dx], {x: empty})
        assert [a.shape for a in got] == [(0, 3)] * 4


@pytest.mark.parametrize(
    ("claimed", "fed"),
    [
        ([1], (3,)),  # scalar kernel
        ([1], (1,)),
        ([1], (1, 1)),  # one element, but not the rank claimed
        ([40], (41,)),  # blocked kernel (blocks of 8 here)
        ([40], (33,)),  # a last block of one element would broadcast silently
        ([40], (40,)),
    ],
)
def test_a_shape_claimed_by_set_shape_but_not_fed_gives_the_plain_answer(claimed, fed):
    # TF1's set_shape is a claim nothing checks at run time: TensorFlow computes on the
    # shape the value has, and so must a fused chain after it.
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, None, name="x")
        a = gg.sigmoid(x)  # not fused: the chain starts at the claimed tensor
        a.set_shape(claimed)
        y = gg.exp(gg.add(a, 0.5)) * 2.0
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    x0 = np.linspace(-1, 1, int(np.prod(fed))).astype(np.float32).reshape(fed)
    want = plain.run(y, {x: x0})
    for _ in range(3):
        assert _bits(fused.run(y, {x: x0})) == _bits(want)
    assert any(_fused(s) for s in _plan(fused).steps)


@pytest.mark.parametrize("donor", [True, False])
def test_a_claimed_shape_does_not_keep_an_in_place_chain_from_broadcasting(donor):
    # b claims one row, has five: the plain ops broadcast the chain's value up to it,
    # which writing into that value cannot do.
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 4] if donor else [1, 8], name="x")
        p = gg.placeholder(gg.float32, None, name="p")
        b = gg.sigmoid(p)
        b.set_shape([1, 4] if donor else [1, 8])
        first = gg.matmul(x, gg.constant(np.eye(4, dtype=np.float32))) if donor else gg.tanh(x)
        y = gg.nn.relu(first + b) * 2.0
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    feeds = {x: np.ones((1, 4 if donor else 8), np.float32), p: np.ones((5, 4 if donor else 8))}
    want = plain.run(y, feeds)
    for _ in range(3):
        assert _bits(fused.run(y, feeds)) == _bits(want)
    assert any(_fused(s) for s in _plan(fused).steps)


def _outcome(sess, fetches, feeds):
    try:
        return [_bits(v) for v in sess.run(fetches, feeds)]
    except gg.errors.GraphgateError as exc:
        return exc.code


@settings(derandomize=True, max_examples=60, deadline=None)
@given(programs(), st.data())
def test_shapes_claimed_by_set_shape_never_change_what_a_fused_run_computes(program, data):
    # Every input is a placeholder of unknown shape that claims the program's shape; some
    # are fed with a leading dimension of 2 more, which the plain ops broadcast.
    dtype, shape, n_inputs, ops, picks = program
    grown = data.draw(st.lists(st.booleans(), min_size=n_inputs, max_size=n_inputs))
    g = gg.Graph()
    with g.as_default():
        raw = [gg.placeholder(dtype, None, name=f"p{i}") for i in range(n_inputs)]
        claimed = [gg.identity(p) for p in raw]
        for c in claimed:
            c.set_shape(shape)
        nodes = build(dtype, shape, n_inputs, ops, claimed)
    fetches = [nodes[i] for i in picks]
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    with np.errstate(all="ignore"):
        for seed in range(3):
            feeds = _feeds(nodes, n_inputs, shape, dtype, seed)
            feeds = {
                p: np.broadcast_to(v, (2, *v.shape)).copy() if grow else v
                for p, v, grow in zip(raw, feeds.values(), grown, strict=True)
            }
            assert _outcome(fused, fetches, feeds) == _outcome(plain, fetches, feeds)


@pytest.fixture
def widening_op():
    """An op whose kernel answers int64 where its tensor claims int32.

    No registered op does that on purpose; the fused kernels must still not trust the
    claim (a kernel that widens, e.g. through numpy's accumulate, would wrap in place).
    """
    registry = gg.ops.registry

    @registry.register_op("WidensForTest", arity=1, infer=lambda s, t, a: [(s[0], t[0])])
    def _widens(op):
        return lambda x: np.asarray(x).astype(np.int64) * 1000003

    yield "WidensForTest"
    del registry.REGISTRY["WidensForTest"]


@pytest.mark.parametrize("donor", [False, True])
def test_an_operand_of_another_dtype_than_its_tensor_gives_the_plain_answer(donor, widening_op):
    # The plain ops promote with the int64 value; writing it into an int32 array would wrap.
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.int32, [4, 10], name="x")
        wide = g.create_op(widening_op, (x,), {}).outputs[0]
        w = gg.constant(np.eye(10, dtype=np.int32))
        first = gg.matmul(x, w) if donor else gg.abs(x)
        y = (first + wide) * 3
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    x0 = (np.arange(40).reshape(4, 10) % 5 + 7000).astype(np.int32)
    want = plain.run(y, {x: x0})
    assert want.dtype == np.int64 and want.max() > np.iinfo(np.int32).max
    for _ in range(3):
        assert _bits(fused.run(y, {x: x0})) == _bits(want)
    assert any(_fused(s) for s in _plan(fused).steps)


@pytest.mark.parametrize(
    ("shape", "dtype"),
    [((1,), "float32"), ((1, 1), "float64"), ((40,), "float16"), ((8,), "float32")],
)
def test_values_of_the_shapes_and_dtype_claimed_never_take_the_one_by_one_path(
    monkeypatch, shape, dtype
):
    # The checks must not cost the fused speed on the values they were built for.
    def refuse(types, layout):
        return ["raise AssertionError('ran the ops one by one')"]

    monkeypatch.setattr(fusion, "_plain", refuse)
    monkeypatch.setattr(fusion, "_FACTORIES", {})
    g, x, y = _chain(shape, dtype)
    g2, x2, h = _dense(False)
    sess, dense = gg.Session(g), gg.Session(g2)
    x0 = np.linspace(-1, 1, int(np.prod(shape))).astype(dtype).reshape(shape)
    for rows in (5, 1, 0):
        sess.run(y, {x: x0})
        dense.run(h, {x2: np.ones((rows, 6), np.float32)})
    assert len(_plan(sess).steps) == 1 and any(_fused(s) for s in _plan(dense).steps)


def test_transposed_read_only_feeds_and_empty_batches_agree_fused_and_plain():
    g, x, h = _dense(False)
    g2, v, y = _chain((40, 3))
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    fused2, plain2 = gg.Session(g2), gg.Session(g2, optimize=False)
    rng = np.random.default_rng(5)
    for rows in (3, 0, 1, 7):
        x0 = rng.standard_normal((6, rows)).astype(np.float32).T  # not contiguous
        v0 = rng.standard_normal((3, 40)).astype(np.float32).T
        x0.flags.writeable = v0.flags.writeable = False
        assert _bits(fused.run(h, {x: x0})) == _bits(plain.run(h, {x: x0}))
        assert _bits(fused2.run(y, {v: v0})) == _bits(plain2.run(y, {v: v0}))
    assert any(_fused(s) for s in _plan(fused).steps)
    assert len(_plan(fused2).steps) == 1


def test_two_threads_running_one_fused_session_share_no_buffer():
    import threading

    g, x, h = _dense(False)
    sess, plain = gg.Session(g), gg.Session(g, optimize=False)
    feeds = [np.full((k % 4 + 1, 6), k - 20, np.float32) for k in range(40)]
    want = [plain.run(h, {x: f}) for f in feeds]
    got: dict[int, list] = {0: [], 1: []}

    def work(t):
        got[t] = [sess.run(h, {x: f}) for f in feeds]

    threads = [threading.Thread(target=work, args=(t,)) for t in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for t in (0, 1):
        assert [_bits(v) for v in got[t]] == [_bits(v) for v in want]
    assert not any(np.shares_memory(a, b) for a, b in zip(*got.values(), strict=True))


@pytest.mark.parametrize(
    ("op_type", "ufunc"),
    [
        ("Exp", np.exp),
        ("Log", np.log),
        ("Log1p", np.log1p),
        ("Sin", np.sin),
        ("Cos", np.cos),
        ("Cosh", np.cosh),
        ("Expm1", np.expm1),
    ],
)
def test_ops_with_a_half_kernel_run_their_ufunc_in_other_dtypes(op_type, ufunc):
    # TF rounds these ops' float16 results its own way (a kernel of their own), but a
    # float32 or float64 step must call the ufunc itself: a wrapper in every step made
    # issue 17's 1,000-op chain 2.6x slower, and fused chains name the ufunc.
    from graphgate.ops.registry import REGISTRY

    g = gg.Graph()
    with g.as_default():
        ops = {
            dt: g.create_op(op_type, (gg.placeholder(dt, [3]),), None, op_type)
            for dt in (gg.float16, gg.float32, gg.float64)
        }
    kernel = REGISTRY[op_type].kernel
    assert kernel(ops[gg.float32]) is ufunc and kernel(ops[gg.float64]) is ufunc
    assert kernel(ops[gg.float16]) is fusion.HALF_KERNELS[op_type]
    # a float16 chain through them fuses, with the half kernels: the bits of the plain steps
    with g.as_default():
        x = gg.placeholder(gg.float16, [1 << 15], name="x")
        y = gg.add(g.create_op(op_type, (gg.abs(x),), None, "f").outputs[0], x)
    x0 = np.linspace(-3, 3, 1 << 15).astype(np.float16)
    fused, plain = gg.Session(g), gg.Session(g, optimize=False)
    with np.errstate(all="ignore"):
        want = _bits(plain.run(y, {x: x0}))
        for _ in range(3):  # chains fuse once the plan has run
            assert _bits(fused.run(y, {x: x0})) == want
    assert any(_fused(s) for s in _plan(fused).steps)


def _uses_periodic(sess):
    plan = next(p for p in sess._plans.values() if p.feeds)
    names = [getattr(getattr(s.fn, "__code__", None), "co_names", ()) for s in plan.steps]
    return any("PERIODIC" in n for n in names)


def test_a_bias_that_changes_between_runs_is_added_as_it_is_now():
    # The tile of a periodic operand is cached by content: a variable assigned anew, or a
    # fed array edited in place between runs, is added with its new values.
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        b = gg.Variable(np.float32([1, 2, 3]), name="b")
        c = gg.placeholder(gg.float32, [3], name="c")
        w = gg.constant(np.eye(3, dtype=np.float32))
        h = gg.nn.relu(gg.matmul(x, w) + b) * c
        assign = b.assign(b * 2 - 5)
        init = gg.global_variables_initializer()
    sess, plain = gg.Session(g), gg.Session(g, optimize=False)
    sess.run(init)
    plain.run(init)
    x0 = np.arange(12, dtype=np.float32).reshape(4, 3) - 5
    c0 = np.float32([1, -1, 2])
    for _ in range(4):
        assert _bits(sess.run(h, {x: x0, c: c0})) == _bits(plain.run(h, {x: x0, c: c0}))
        c0 *= -1.5  # the same array object, new values
        sess.run(assign)
        plain.run(assign)
    assert _uses_periodic(sess)


def test_a_relu_writes_into_a_bias_add_output_unless_it_is_fetched():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 4, 4, 3], name="x")
        y = gg.nn.bias_add(x * 1.0, gg.constant(np.float32([0.5, -1, 0])))
        h = gg.nn.relu(y)
    x0 = np.random.default_rng(7).standard_normal((2, 4, 4, 3)).astype(np.float32)
    want = np.maximum(x0 + np.float32([0.5, -1, 0]), 0)
    sess = gg.Session(g)
    for _ in range(3):
        assert sess.run(h, {x: x0}).tobytes() == want.tobytes()
    assert _fused(_plan(sess).steps[-1])
    sess = gg.Session(g)
    for _ in range(3):
        got_h, got_y = sess.run([h, y], {x: x0})
        assert got_y.tobytes() == (x0 + np.float32([0.5, -1, 0])).tobytes()
        assert got_h.tobytes() == want.tobytes()


@pytest.mark.parametrize("op", BINARY)
@pytest.mark.parametrize("row_first", [False, True])
@pytest.mark.parametrize("shape", [(4, 16), (None, 5), (3, 2, 4)])
def test_row_operands_of_a_chain_agree_fused_and_plain(op, row_first, shape):
    rng = np.random.default_rng(len(shape) * 10 + row_first)
    fed = _concrete(shape)
    x0 = rng.choice(np.float32([*SPECIALS, 1.5, -0.75]), size=fed).astype(np.float32)
    row = rng.choice(np.float32([*SPECIALS, 2.0]), size=fed[-1:]).astype(np.float32)
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, shape, name="x")
        r = gg.constant(row)
        e = gg.exp(x * 0.5)
        y = getattr(gg, op)(r, e) if row_first else getattr(gg, op)(e, r)
        y = gg.nn.relu(getattr(gg, op)(y, r))
    sess, plain = gg.Session(g), gg.Session(g, optimize=False)
    for _ in range(3):
        assert _bits(sess.run(y, {x: x0})) == _bits(plain.run(y, {x: x0}))
    assert _uses_periodic(sess) == (shape != (None, 5))
