"""Optimization never changes what a run computes or leaves behind.

Random programs — constants, a placeholder, variables with assign/assign_add, control
dependencies, conds and while_loops that update variables inside, repeated fetches, fetch
lists and dicts edited in place between runs — run
in one session with the optimizer and one without; every run must give identical results
(or the same error code) and leave identical variable values.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphgate as gg
from graphgate.plan import FREE_MIN_ELEMENTS, RunState, compile_plan, needed_ops

UNARY = {"neg": gg.negative, "square": gg.square, "tanh": gg.tanh, "abs": gg.abs}
BINARY = {"add": gg.add, "sub": gg.subtract, "mul": gg.multiply, "max": gg.maximum}
small = st.floats(-3, 3, allow_nan=False).map(lambda v: round(v, 2))


@st.composite
def programs(draw):
    n_vars = draw(st.integers(1, 2))
    steps = []
    n = 1 + n_vars  # node 0 is the placeholder, then the variables
    updates: list[int] = []
    for _ in range(draw(st.integers(2, 14))):
        kind = draw(
            st.sampled_from(
                [
                    "const",
                    "unary",
                    "binary",
                    "matmul",
                    "reduce",
                    "update",
                    "cond",
                    "loop",
                    "branch",
                ]
            )
        )
        pick = st.integers(0, n - 1)
        ctrl = draw(st.lists(st.sampled_from(updates), max_size=2)) if updates else []
        if kind == "const":
            spec = ("const", draw(st.lists(small, min_size=2, max_size=2)))
        elif kind == "unary":
            spec = ("unary", draw(st.sampled_from(sorted(UNARY))), draw(pick))
        elif kind == "binary":
            spec = ("binary", draw(st.sampled_from(sorted(BINARY))), draw(pick), draw(pick))
        elif kind == "matmul":
            spec = ("matmul", draw(pick), draw(pick))
        elif kind == "reduce":
            spec = ("reduce", draw(pick))
        elif kind == "cond":
            # A branch may update a variable: only the taken one may.
            var = draw(st.integers(1, n_vars))
            spec = ("cond", draw(pick), draw(pick), draw(pick), var, draw(st.booleans()))
        elif kind == "loop":
            var = draw(st.integers(1, n_vars))
            spec = ("loop", draw(pick), draw(st.integers(0, 3)), var, draw(st.booleans()))
        elif kind == "branch":
            # A value dead when its cond's branch is not taken; others may wait on it.
            var = draw(st.integers(1, n_vars))
            spec = ("branch", draw(pick), draw(pick), var, draw(st.booleans()))
            updates.append(n)
        else:
            var = draw(st.integers(1, n_vars))
            spec = ("update", draw(st.sampled_from(["assign", "assign_add"])), var, draw(pick))
            updates.append(n)
        steps.append((spec, ctrl))
        n += 1
    fetch = st.lists(st.integers(0, n - 1), min_size=1, max_size=4)
    actions = []
    for _ in range(draw(st.integers(2, 8))):
        kind = draw(st.sampled_from(["run", "run", "append", "pop", "new"]))
        actions.append((kind, draw(fetch), draw(st.booleans()), draw(st.booleans())))
    return n_vars, steps, actions


def build(n_vars, steps, node=None):
    """The placeholder `x`, `n_vars` variables, then a node per step made by `node`
    (this file's `_node` unless given) under its control dependencies."""
    node = node or _node
    x = gg.placeholder(gg.float64, [2], name="x")
    nodes = [x] + [
        gg.Variable(np.array([0.5 * i, -1.0]), name=f"v{i}") for i in range(1, n_vars + 1)
    ]
    for spec, ctrl in steps:
        with gg.control_dependencies([nodes[i] for i in ctrl]):
            nodes.append(node(spec, nodes))
    return nodes


def _node(spec, nodes):
    kind = spec[0]
    if kind == "const":
        return gg.constant(np.array(spec[1]))
    if kind == "unary":
        return UNARY[spec[1]](nodes[spec[2]])
    if kind == "binary":
        return BINARY[spec[1]](nodes[spec[2]], nodes[spec[3]])
    if kind == "matmul":
        a = gg.reshape(_vector(nodes[spec[1]]), [1, 2])
        b = gg.reshape(_vector(nodes[spec[2]]), [2, 1])
        return gg.reshape(gg.matmul(a, b), [])
    if kind == "reduce":
        return gg.reduce_sum(nodes[spec[1]])
    if kind == "cond":
        _, p, a, b, var, update = spec
        then = (
            (lambda: nodes[var].assign_add(_vector(nodes[a])))
            if update
            else (lambda: _vector(nodes[a]) * 2.0)
        )
        return gg.cond(gg.reduce_sum(nodes[p]) > 0, then, lambda: gg.tanh(_vector(nodes[b])))
    if kind == "branch":
        return branch_value(nodes, *spec[1:])
    if kind == "loop":
        _, a, times, var, update = spec

        def body(i, acc):
            if not update:
                return i + 1, acc * 0.5 + _vector(nodes[a])
            with gg.control_dependencies([nodes[var].assign_add(acc)]):
                return i + 1, acc * 0.5 + _vector(nodes[a])

        return gg.while_loop(lambda i, acc: i < times, body, [0, _vector(nodes[a])])[1]
    _, how, var, value = spec
    return getattr(nodes[var], how)(_vector(nodes[value]))


def _vector(t):
    return t if t.shape.dims == (2,) else t + gg.zeros([2], gg.float64)


def branch_value(nodes, p, value, var, read):
    """A cond whose taken branch updates `var`, and outside it a value reading that
    update (`read`) or waiting on it: dead when the branch is not taken (TF1's dead
    tensor, tests/reference/tf1_deadbranch.py), so fetching it then fails the run."""
    made = []

    def taken():
        made.append(nodes[var].assign_add(_vector(nodes[value]) * 0.5))
        return gg.constant(1.0, gg.float64)

    gg.cond(gg.reduce_sum(nodes[p]) > 0, taken, lambda: gg.constant(0.0, gg.float64))
    if read:
        return made[0] * 2.0
    with gg.control_dependencies([made[0]]):
        return gg.identity(_vector(nodes[value]))


def _outcome(sess, fetches, feed):
    try:
        return ("ok", sess.run(fetches, feed))
    except gg.GraphgateError as exc:
        return ("error", exc.code)


def assert_same(a, b):
    """Equal values and dtypes through dicts, lists and tuples (NaN equal to NaN)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            assert_same(a[k], b[k])
    elif isinstance(a, list | tuple):
        assert len(a) == len(b)
        for u, v in zip(a, b, strict=True):
            assert_same(u, v)
    else:
        np.testing.assert_array_equal(a, b)
        assert np.asarray(a).dtype == np.asarray(b).dtype


@settings(derandomize=True, max_examples=60, deadline=None)
@given(programs())
def test_optimized_and_plain_runs_agree(program):
    n_vars, steps, actions = program
    g = gg.Graph()
    with g.as_default():
        nodes = build(n_vars, steps)
        init = gg.global_variables_initializer()
    sessions = [gg.Session(g, optimize=True), gg.Session(g, optimize=False)]
    for sess in sessions:
        sess.run(init)
    # The same list and dict objects are edited in place and run again, as a user might.
    as_list: list = []
    as_dict: dict = {}
    for kind, picks, feed_x, use_dict in actions:
        if kind == "new":
            as_list, as_dict = [], {}
        if kind in ("append", "new"):
            as_list.extend(nodes[i] for i in picks)
            as_dict.update({f"k{i}": nodes[i] for i in picks})
        elif kind == "pop" and as_list:
            as_list.pop()
            as_dict.pop(next(iter(as_dict)), None)
        fetches = as_dict if use_dict else as_list
        if not fetches:
            continue
        feed = {nodes[0]: np.array([1.5, -0.5])} if feed_x else None
        outcomes = [_outcome(sess, fetches, feed) for sess in sessions]
        assert outcomes[0][0] == outcomes[1][0], outcomes
        assert_same(outcomes[0][1], outcomes[1][1])
        assert_same(sessions[0].get_variables(), sessions[1].get_variables())


def test_a_fetch_list_edited_in_place_runs_what_it_now_holds():
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable(0.0, name="v")
        inc = v.assign_add(1.0)
        c = gg.constant(2.0)
    sess = gg.Session(g)
    sess.run(v.initializer)
    fetches = [c]
    assert sess.run(fetches) == [2.0]
    fetches.append(inc)
    sess.run(fetches)
    sess.run(fetches)
    assert sess.run(v) == 2.0


def test_a_fetch_dict_edited_in_place_returns_every_key():
    g = gg.Graph()
    with g.as_default():
        a, b = gg.constant(1.0), gg.constant(2.0)
    sess = gg.Session(g)
    fetches = {"a": a}
    assert sess.run(fetches) == {"a": 1.0}
    fetches["b"] = b
    assert sess.run(fetches) == {"a": 1.0, "b": 2.0}


@pytest.mark.parametrize("optimize", [True, False])
def test_a_constant_under_control_dependencies_runs_them_every_time(optimize):
    g = gg.Graph()
    with g.as_default():
        counter = gg.Variable(0, name="counter")
        bump = counter.assign_add(1)
        with gg.control_dependencies([bump]):
            c = gg.constant(7.0)
            d = c * 2.0
    sess = gg.Session(g, optimize=optimize)
    sess.run(counter.initializer)
    for _ in range(3):
        assert sess.run(c) == 7.0
    assert sess.run(counter) == 3
    assert sess.run(d) == 14.0
    assert sess.run(counter) == 4


def _executed(plan, start, feed):
    state = RunState(dict(start), {})
    try:
        return ("ok", plan.execute(state, feed, None)), state.store
    except gg.GraphgateError as exc:
        return ("error", exc.code), None


@settings(derandomize=True, max_examples=40, deadline=None)
@given(programs())
def test_the_generated_function_computes_what_the_reference_interpreter_does(program):
    """The interpreter is the reference; the generated function must agree with it."""
    n_vars, steps, _ = program
    g = gg.Graph()
    with g.as_default():
        nodes = build(n_vars, steps)
        init = gg.global_variables_initializer()
    sess = gg.Session(g)
    sess.run(init)
    start = sess.get_variables()
    feed = {nodes[0]: np.array([1.5, -0.5])}
    for optimize in (True, False):
        plan = compile_plan(g, gg.Limits(), optimize, list(nodes), (nodes[0],))
        reference, ref_store = _executed(plan, start, feed)
        assert plan.fn is None
        plan.generate()
        generated, gen_store = _executed(plan, start, feed)
        assert reference[0] == generated[0], (reference, generated)
        assert_same(reference[1], generated[1])
        assert_same(ref_store or {}, gen_store or {})


def test_a_missing_feed_is_reported_before_any_limit():
    # A run over both the node limit and a tensor limit that lacks a feed: the missing
    # feed is what the caller can act on, so it is what they are told.
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [], name="x")
        big = gg.zeros([1000, 1000], gg.float64) + x
        y = big
        for _ in range(20):
            y = y + 1.0
    sess = gg.Session(g, limits=gg.Limits(max_nodes=5, max_tensor_elements=10))
    with pytest.raises(gg.InvalidArgumentError) as info:
        sess.run(y)
    assert info.value.code == "MISSING_FEED"
    with pytest.raises(gg.ResourceExhaustedError) as info:
        sess.run(y, {x: 1.0})
    assert info.value.code == "GRAPH_TOO_LARGE"


@settings(derandomize=True, max_examples=40, deadline=None)
@given(programs(), st.data())
def test_the_flat_graph_walk_needs_what_the_body_aware_walk_needs(program, data):
    # needed_ops skips the per-edge body lookup when a graph has no control-flow bodies;
    # forcing the lookup must find the same ops in the same order.
    n_vars, steps, _ = program
    g = gg.Graph()
    with g.as_default():
        nodes = build(n_vars, steps)
    picks = data.draw(st.lists(st.integers(0, len(nodes) - 1), min_size=1, max_size=4))
    elems = [nodes[i] for i in picks]
    fed = {nodes[0]: None} if data.draw(st.booleans()) else {}
    walks = []
    for force in (False, True):
        if force:
            g.has_bodies = lambda: True
        try:
            needed = needed_ops(g, elems, set(), fed)
            walks.append(([op.name for op in needed.order], None))
        except gg.errors.GraphgateError as exc:
            walks.append((None, exc.code))
    assert walks[0] == walks[1]


@st.composite
def big_dags(draw):
    """Nodes over values big enough to be freed: (op, input, input or None) each."""
    spec = []
    for k in range(1, draw(st.integers(2, 30))):
        a = draw(st.integers(0, k - 1))
        if draw(st.booleans()):
            spec.append((draw(st.sampled_from(sorted(UNARY))), a, None))
        else:
            b = draw(st.integers(0, k - 1) | st.just(a))
            spec.append((draw(st.sampled_from(sorted(BINARY))), a, b))
    return spec


@settings(derandomize=True, max_examples=60, deadline=None)
@given(big_dags(), st.data())
def test_big_values_are_freed_once_after_their_last_read_and_never_when_fetched(spec, data):
    width = FREE_MIN_ELEMENTS
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [width], name="x")
        nodes = [x]
        for op, a, b in spec:
            fn = UNARY.get(op) or BINARY[op]
            nodes.append(fn(nodes[a]) if b is None else fn(nodes[a], nodes[b]))
    picks = data.draw(st.lists(st.integers(1, len(nodes) - 1), min_size=1, max_size=3))
    fetches = [nodes[i] for i in picks]
    for optimize in (True, False):
        plan = compile_plan(g, gg.Limits(), optimize, fetches, (x,))
        fetched = set(plan.fetch_slots)
        freed: dict[int, int] = {}
        for i, step in enumerate(plan.steps):
            for s in step.free:
                assert s in step.ins and s not in fetched and s not in freed
                freed[s] = i
        last_read = {s: i for i, step in enumerate(plan.steps) for s in step.ins}
        big = {s for s, n in plan.size_of.items() if n >= FREE_MIN_ELEMENTS}
        # THEN each big slot read and not fetched is freed by the step that reads it last
        assert freed == {s: i for s, i in last_read.items() if s in big - fetched}
        # AND the run computes what numpy does
        value = np.random.default_rng(len(spec)).standard_normal(width).astype(np.float32)
        (status, got), _ = _executed(plan, {}, {x: value})
        assert status == "ok", got
        vals = [value]
        np_fns = {"neg": np.negative, "square": np.square, "tanh": np.tanh, "abs": np.abs}
        np_fns |= {"add": np.add, "sub": np.subtract, "mul": np.multiply, "max": np.maximum}
        with np.errstate(all="ignore"):
            for op, a, b in spec:
                f = np_fns[op]
                vals.append(f(vals[a]) if b is None else f(vals[a], vals[b]))
        for out, i in zip(got, picks, strict=True):
            np.testing.assert_array_equal(out, vals[i])
