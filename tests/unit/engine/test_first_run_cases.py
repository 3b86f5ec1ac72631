"""Named cases where a session's interpreted first run (`plan.interpret_graph`) could
part from its compiled second run or from an unoptimized session: each run of a fetch
signature in a fresh optimized session must give what the same run gives in a fresh
`optimize=False` session, and what a session that builds every plan's steps at once
gives — values and dtypes, error code and node, and the variables left behind (also
after an error)."""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_plan_properties import assert_same


def _fetch_twice():
    x = gg.placeholder(gg.float64, [2], name="x")
    y = gg.tanh(x) * 2.0
    return {"fetches": [y, y, x, y], "feed": {x: np.array([0.5, -1.0])}}


def _fetch_fed():
    x = gg.placeholder(gg.float64, [2], name="x")
    y = x * 3.0
    z = y + 1.0
    return {"fetches": [y, z, x], "feed": {x: np.array([1.0, 2.0]), y: np.array([7.0, 8.0])}}


def _fed_with_downstream_state():
    v = gg.Variable(np.array([1.0, 2.0]), name="v")
    y = gg.square(v.read_value())
    bump = v.assign_add(y)
    return {"fetches": [bump, y], "feed": {y: np.array([10.0, 20.0])}}


def _targets_only():
    v = gg.Variable(np.array([1.0, 2.0]), name="v")
    bump = v.assign_add(np.array([1.0, 1.0]))
    return {"fetches": [], "targets": [bump.op]}


def _read_update_read():
    v = gg.Variable(np.array([1.0, 2.0]), name="v")
    before = gg.identity(v)
    with gg.control_dependencies([before]):
        up = v.assign(v * 3.0)
    with gg.control_dependencies([up]):
        after = gg.identity(v.read_value())
    return {"fetches": [before, after, up]}


def _identity_then_assign():
    v = gg.Variable(np.array([1.0, 2.0]), name="v")
    snap = gg.identity(v)
    up = v.assign_add(np.array([5.0, 5.0]))
    with gg.control_dependencies([up]):
        out = snap + 0.0
    return {"fetches": [out, snap]}


def _two_updates_ordered():
    v = gg.Variable(np.array([1.0, 2.0]), name="v")
    a = v.assign_add(np.array([1.0, 1.0]))
    with gg.control_dependencies([a]):
        b = v.assign(v.read_value() * 10.0)
    with gg.control_dependencies([b]):
        c = v.read_value() + 0.0
    return {"fetches": [c, a, b]}


def _random_seeded():
    u = gg.random_uniform([3], dtype=gg.float64, seed=7)
    n = gg.random_normal([2], seed=3)
    return {"fetches": [u, n, u + 1.0]}


def _random_unseeded_graph_seed():
    gg.set_random_seed(11)
    u = gg.random_uniform([3], dtype=gg.float64)
    return {"fetches": [u, gg.random_uniform([2])]}


def _dtypes():
    s = gg.constant([b"a", b"bc"])
    joined = gg.string_join([s, gg.as_string(gg.constant([1, 2]))], "-")
    c = gg.complex(gg.constant([1.0, 2.0]), gg.constant([0.5, -1.0]))
    i = gg.constant([7, -3], gg.int32) // gg.constant([2, 2], gg.int32)
    u8 = gg.cast(gg.constant([300, 5]), gg.uint8)
    return {"fetches": [joined, c * c, i, u8, gg.constant(True)]}


def _error_mid_run():
    v = gg.Variable(np.array([1.0, 2.0]), name="v")
    w = gg.Variable(np.array([0.0, 0.0]), name="w")
    up = v.assign_add(np.array([1.0, 1.0]))
    with gg.control_dependencies([up]):
        bad = gg.gather(v.read_value(), gg.constant([0, 5]))
    with gg.control_dependencies([bad]):
        late = w.assign_add(np.array([1.0, 1.0]))
    return {"fetches": [late, bad]}


def _error_check_numerics():
    x = gg.placeholder(gg.float64, [2], name="x")
    return {"fetches": [gg.check_numerics(gg.log(x), "bad")], "feed": {x: np.array([-1.0, 1.0])}}


def _feed_bytes_limit():
    x = gg.placeholder(gg.float64, [64], name="x")
    return {
        "fetches": [x * 2.0],
        "feed": {x: np.zeros(64)},
        "limits": gg.Limits(max_feed_bytes=100),
    }


def _element_limit_kernel():
    # A kernel that checks its size against the run's limit (a range of a fed length).
    n = gg.placeholder(gg.int32, [], name="n")
    return {
        "fetches": [gg.range(n)],
        "feed": {n: np.int32(50)},
        "limits": gg.Limits(max_tensor_elements=10),
    }


def _timeout_zero():
    x = gg.placeholder(gg.float64, [300, 300], name="x")
    y = x
    for _ in range(3):
        y = gg.matmul(y, x)
    return {"fetches": [y], "feed": {x: np.eye(300)}, "timeout": 1e-9}


def _uninitialized():
    v = gg.Variable(np.array([1.0]), name="v")
    return {"fetches": [v.read_value() + 1.0], "init": False}


def _duplicate_ops_cse():
    x = gg.placeholder(gg.float64, [2], name="x")
    a = gg.exp(x) + 1.0
    b = gg.exp(x) + 1.0
    return {"fetches": {"a": a, "b": b, "sum": a + b}, "feed": {"x:0": np.array([0.0, 1.0])}}


def _metadata_first():
    x = gg.placeholder(gg.float64, [2], name="x")
    return {"fetches": [x * 2.0], "feed": {x: np.array([1.0, 2.0])}, "metadata": True}


def _fed_op_as_control_input():
    # The ops of fed tensors run when a control input names them; what is read of their
    # outputs is the fed value (a fed placeholder's op, a fed random op's stream).
    x = gg.placeholder(gg.float64, [2], name="x")
    r = gg.random_uniform([2], dtype=gg.float64, seed=5)
    with gg.control_dependencies([x.op, r.op]):
        out = x + r
    later = gg.random_uniform([2], dtype=gg.float64, seed=5) + 0.0
    feed = {"x:0": np.array([1.0, 2.0]), r: np.array([0.5, 0.25])}
    return {"fetches": [out, later, r], "feed": feed}


def _string_feed():
    s = gg.placeholder(gg.string, [2], name="s")
    joined = gg.string_join([s, s], "+")
    return {"fetches": [joined, s, gg.strings.length(joined)], "feed": {s: ["ab", b"c"]}}


def _control_input_on_const():
    v = gg.Variable(np.array([1.0, 2.0]), name="v")
    up = v.assign_add(np.array([1.0, 1.0]))
    with gg.control_dependencies([up]):
        c = gg.constant([3.0, 4.0], gg.float64)
    return {"fetches": [c, c + 1.0]}


CASES = {
    "fed_op_as_control_input": _fed_op_as_control_input,
    "string_feed": _string_feed,
    "control_input_on_const": _control_input_on_const,
    "fetch_twice": _fetch_twice,
    "fetch_fed": _fetch_fed,
    "fed_with_downstream_state": _fed_with_downstream_state,
    "targets_only": _targets_only,
    "read_update_read": _read_update_read,
    "identity_then_assign": _identity_then_assign,
    "two_updates_ordered": _two_updates_ordered,
    "random_seeded": _random_seeded,
    "random_graph_seed": _random_unseeded_graph_seed,
    "dtypes": _dtypes,
    "error_mid_run": _error_mid_run,
    "error_check_numerics": _error_check_numerics,
    "feed_bytes_limit": _feed_bytes_limit,
    "element_limit_kernel": _element_limit_kernel,
    "timeout_zero": _timeout_zero,
    "uninitialized": _uninitialized,
    "duplicate_ops_cse": _duplicate_ops_cse,
    "metadata_first": _metadata_first,
}


def _session(case, optimize: bool = True, defer: bool = True):
    """A fresh session over the case's graph (variables initialized unless the case says
    not to) and the case's spec; `defer=False` builds every plan's steps at once."""
    g = gg.Graph()
    with g.as_default():
        spec = case()
        init = gg.global_variables_initializer()
    sess = gg.Session(g, limits=spec.get("limits"), optimize=optimize)
    if not defer:
        compile_at_once = sess._compile
        sess._compile = lambda f, k, t, defer=False: compile_at_once(f, k, t)
    if spec.get("init", True):
        sess.run(init)
    return sess, spec


def _run(sess, spec):
    kwargs = {"targets": spec.get("targets"), "timeout": spec.get("timeout")}
    if spec.get("metadata"):
        kwargs["run_metadata"] = gg.RunMetadata()
    return sess.run(spec["fetches"], spec.get("feed"), **kwargs)


def _runs(case, optimize: bool, defer: bool = True, n: int = 3) -> list:
    """`n` runs of the case's signature in a fresh session: each run's outcome and the
    variables after it."""
    sess, spec = _session(case, optimize, defer)
    out = []
    for _ in range(n):
        try:
            result = ("ok", _run(sess, spec))
        except gg.GraphgateError as exc:
            result = ("error", exc.code, exc.node)
        out.append((result, sess.get_variables()))
    return out


def _same(a, b):
    assert a[0][0] == b[0][0], (a[0], b[0])
    if a[0][0] == "error":
        assert a[0] == b[0]
    else:
        got, want = a[0][1], b[0][1]
        if isinstance(got, dict):
            assert got.keys() == want.keys()
            got, want = list(got.values()), list(want.values())
        assert_same(got, want)
    assert_same(a[1], b[1])


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_run_matches_unoptimized_and_compiled_at_once_sessions(name):
    runs = _runs(CASES[name], optimize=True)
    for others in (
        _runs(CASES[name], optimize=False),
        _runs(CASES[name], optimize=True, defer=False),
        _runs(CASES[name], optimize=False, defer=False),
    ):
        for got, want in zip(runs, others, strict=True):
            _same(got, want)


def test_the_first_run_is_interpreted_and_the_second_built():
    sess, spec = _session(_read_update_read)
    _run(sess, spec)
    plan = list(sess._plans.values())[-1]
    assert plan.deferred is not None and not plan.steps
    _run(sess, spec)
    assert plan.deferred is None and plan.steps


def test_threads_on_a_first_run_each_get_the_answer_to_their_own_feeds():
    # Some threads interpret (the plan's first runs) while others build its steps.
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [8], name="x")
        y = x
        for i in range(300):
            y = gg.tanh(y) if i % 2 else y * 1.25
    feeds = [np.full(8, k / 16.0) for k in range(12)]
    want = [gg.Session(g, optimize=False).run(y, {x: f}) for f in feeds]
    for _ in range(3):
        sess = gg.Session(g)
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda f, s=sess: s.run(y, {x: f}), feeds))
        for a, b in zip(got, want, strict=True):
            np.testing.assert_array_equal(a, b)


def _folded_chain():
    # 200 multiplications of constants: the built plan folds them into its template.
    c = gg.constant([1.0, 2.0], gg.float64)
    for _ in range(200):
        c = c * 1.0
    x = gg.placeholder(gg.float64, [2], name="x")
    return {"fetches": [x + c], "feed": {x: np.ones(2)}, "timeout": 1e-9}


@pytest.mark.parametrize("case", [_folded_chain, _error_mid_run])
def test_a_first_run_that_raises_still_counts_and_the_next_run_builds(case):
    # The interpreted run computes what folding would have computed while compiling, so
    # against a timeout that has already run out it reads the clock and stops where the
    # built plan, all folded, has nothing left to time. Were a failed first run not
    # counted, every retry would interpret again and never reach the built plan.
    sess, spec = _session(case)
    with pytest.raises(gg.GraphgateError):
        _run(sess, spec)
    plan = list(sess._plans.values())[-1]
    assert plan.deferred is not None
    with contextlib.suppress(gg.GraphgateError):
        _run(sess, spec)
    assert plan.deferred is None and plan.steps
    if case is _folded_chain:
        # Built at once, the folded plan is never late; built on the retry, neither.
        compiled = _runs(case, optimize=True, defer=False)
        np.testing.assert_array_equal(compiled[0][0][1][0], [2.0, 3.0])
        np.testing.assert_array_equal(_run(sess, spec)[0], [2.0, 3.0])
