"""A fed run's fixed cost cut without dropping a check (issue 17, docs/decision_log.md):
an array fed as the plan took it before skips `convert_feed`, the last fed signature skips
the plan lookup, and one context sets a run's floating-point modes. Each is held to the
path without it: a fresh session (no remembered feed, no remembered signature) and
numpy's own `errstate`."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphgate as gg
from graphgate import denormals, dtypes
from graphgate.errors import GraphgateError

# -- feeds: what a long-lived session answers, a fresh one answers -------------------------

_PLACEHOLDERS = {
    "f32": (gg.float32, [None, 3]),
    "f64": (gg.float64, [2, 3]),
    "i32": (gg.int32, [None]),
    "bool": (gg.bool, [None]),
    "str": (gg.string, [None]),
    "scalar": (gg.float32, []),
}

_VALUES = [
    np.zeros((2, 3), np.float32),
    np.ones((4, 3), np.float32),
    np.full((2, 3), 1e-40, np.float32),  # a subnormal: fed unflushed, as TF feeds it
    np.ones((2, 4), np.float32),
    np.ones((2, 3), np.float64),
    np.full((2, 3), 1e300, np.float64),  # overflows float32
    np.arange(3, dtype=np.int32),
    np.array([1.5, 2.0], np.float64),  # a fraction into an int
    np.array([0, 1, 1]),
    np.array([0, 2]),
    np.array([True, False]),
    np.array([b"a", b"bc"], dtype=object),
    np.array([b"a", 3], dtype=object),  # an object array is checked every time
    np.array(["x", "y"]),
    np.array(2.5, np.float32),
    np.array(2.5, np.float64),
    np.array([2.5], np.float32),
    np.ones((2, 3), np.float32)[:, ::2],  # a strided view
    np.ones((2, 3), ">f4"),  # big-endian
    np.ones((2, 3), np.float32).view(np.recarray),  # a subclass
    [[1.0, 2.0, 3.0]],
    [1, True],
    3.0,
    True,
    "text",
]


def _outcome(sess, out, feed):
    try:
        value = sess.run(out, feed)
    except (GraphgateError, ValueError, TypeError) as exc:
        return ("error", type(exc).__name__, getattr(exc, "code", None))
    value = np.asarray(value)
    return ("value", value.dtype.str, value.shape, value.tobytes())


@settings(max_examples=80)
@given(
    runs=st.lists(
        st.tuples(st.sampled_from(sorted(_PLACEHOLDERS)), st.integers(0, len(_VALUES) - 1)),
        min_size=2,
        max_size=12,
    )
)
def test_a_session_fed_many_times_answers_as_a_fresh_session_each_time(runs):
    # GIVEN one placeholder per dtype and an identity of each
    g = gg.Graph()
    with g.as_default():
        outs = {}
        for name, (dtype, shape) in _PLACEHOLDERS.items():
            p = gg.placeholder(dtype, shape, name=name)
            outs[name] = (p, gg.identity(p))
    sess = gg.Session(g)
    for name, i in runs:
        p, out = outs[name]
        # WHEN the same session runs feed after feed (remembered feeds, the fast path)
        got = _outcome(sess, out, {p: _VALUES[i]})
        # THEN each answer (value bits or error code) is a fresh session's
        assert got == _outcome(gg.Session(g), out, {p: _VALUES[i]}), (name, i)


def test_a_feed_of_a_remembered_dtype_and_shape_reads_its_new_values():
    x = gg.placeholder(gg.float32, [None, 2])
    y = x * 2.0
    sess = gg.Session()
    a = np.ones((3, 2), np.float32)
    assert sess.run(y, {x: a}).tolist() == [[2.0, 2.0]] * 3
    a[0] = 5.0
    assert sess.run(y, {x: a})[0].tolist() == [10.0, 10.0]
    assert sess.run(y, {x: a.copy()})[0].tolist() == [10.0, 10.0]


def test_an_array_fed_after_an_accepted_one_is_still_refused_for_its_shape_and_contents():
    x = gg.placeholder(gg.float32, [None, 3], name="x")
    s = gg.placeholder(gg.string, [None], name="s")
    sess = gg.Session()
    for _ in range(3):
        sess.run(x, {x: np.zeros((2, 3), np.float32)})
        sess.run(s, {s: np.array([b"a"], dtype=object)})
    with pytest.raises(GraphgateError) as shape:
        sess.run(x, {x: np.zeros((2, 4), np.float32)})
    with pytest.raises(GraphgateError) as contents:
        sess.run(s, {s: np.array([3], dtype=object)})
    assert shape.value.code == "FEED_SHAPE_MISMATCH"
    assert contents.value.code == "FEED_DTYPE_MISMATCH"


def test_a_fetched_view_of_a_remembered_feed_is_still_a_copy():
    x = gg.placeholder(gg.float32, [2])
    y = gg.identity(x)
    sess = gg.Session()
    a = np.zeros(2, np.float32)
    for _ in range(3):
        out = sess.run(y, {x: a})
        out[0] = 7.0
        assert a[0] == 0.0


# -- the last fed signature ------------------------------------------------------------------


def test_the_last_signature_is_run_again_only_with_the_same_feed_keys_and_options():
    x = gg.placeholder(gg.float32, [], name="x")
    z = gg.placeholder_with_default(gg.constant(1.0), [], name="z")
    y = x + z
    sess = gg.Session()
    # (A plan is remembered from its third run: its second builds its steps.)
    for _ in range(4):
        assert sess.run(y, {x: 1.0}) == 2.0
    # Another feed key: another plan (z is fed too), not the last one.
    assert sess.run(y, {x: 1.0, z: 5.0}) == 6.0
    assert sess.run(y, {x: 1.0, "z:0": 3.0}) == 4.0
    assert sess.run(y, {x: 2.0}) == 3.0
    with pytest.raises(GraphgateError) as missing:
        sess.run(y)
    assert missing.value.code == "MISSING_FEED"
    meta = gg.RunMetadata()
    assert sess.run(y, {x: 2.0}, run_metadata=meta) == 3.0 and meta.step_stats
    sess.close()
    with pytest.raises(GraphgateError) as closed:
        sess.run(y, {x: 2.0})
    assert closed.value.code == "SESSION_CLOSED"


def test_feeds_keyed_by_tuples_are_flattened_on_every_run():
    a = gg.placeholder(gg.float32, [], name="a")
    b = gg.placeholder(gg.float32, [], name="b")
    y = a - b
    sess = gg.Session()
    for _ in range(5):
        assert sess.run(y, {(a, b): (3.0, 1.0)}) == 2.0
    with pytest.raises(ValueError, match="Could not flatten"):
        sess.run(y, {(a, b): (3.0,)})


def test_threads_running_two_signatures_each_get_their_own_results():
    # The remembered signature is one tuple: a thread never pairs one signature's fetches
    # with another's plan.
    x = gg.placeholder(gg.float32, [], name="x")
    doubled, negated = x * 2.0, -x
    sess = gg.Session()
    wrong = []

    def work(fetch, factor):
        for i in range(300):
            got = sess.run(fetch, {x: float(i)})
            if got != factor * i:
                wrong.append((factor, i, got))

    threads = [threading.Thread(target=work, args=a) for a in ((doubled, 2), (negated, -1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


# -- a run's floating-point modes ------------------------------------------------------------


@pytest.fixture(params=["contextvar", "errstate"])
def computing(request, monkeypatch):
    """Both ways `computing` sets numpy's modes: numpy 2's context variable, and
    `np.errstate` where numpy has no such variable."""
    if request.param == "errstate":
        return denormals._computing_errstate
    if denormals._ERRORS is None:
        pytest.skip("this numpy keeps its error modes without a context variable")
    return denormals.computing


def test_a_run_ignores_numpys_errors_and_restores_the_callers_modes(computing):
    calls = []
    before = np.geterr()
    with np.errstate(divide="raise", over="warn"), np.errstate(call=calls.append):
        inside = np.geterr()
        with computing():
            assert set(np.geterr().values()) == {"ignore"}
            assert np.geterrcall() == calls.append  # the callback is kept
            assert np.float32(1) / np.float32(0) == np.inf
        assert np.geterr() == inside
        with pytest.raises(ZeroDivisionError), computing():
            raise ZeroDivisionError  # restored after an exception too
        assert np.geterr() == inside
        with pytest.raises(FloatingPointError):
            np.divide(np.float32(1), np.float32(0))
    assert np.geterr() == before


def test_a_run_keeps_the_callers_buffer_size_and_a_nested_run_the_flush(computing):
    old = np.getbufsize()
    try:
        np.setbufsize(4096)
        with computing():
            assert np.getbufsize() == 4096
            with computing():
                flushed = np.multiply(np.float32(1e-40), np.float32(1)) == 0
            still = np.multiply(np.float32(1e-40), np.float32(1)) == 0
    finally:
        np.setbufsize(old)
    if denormals.SUPPORTED:
        assert flushed and still
    assert np.multiply(np.float32(1e-40), np.float32(1)) != 0


def test_numpys_private_modes_are_used_only_if_they_behave_as_expected(monkeypatch):
    import numpy._core.umath as umath

    # GIVEN this numpy: its private names pass the check the import makes
    assert (denormals._private_modes() is not None) == (denormals._ERRORS is not None)
    # WHEN a later numpy keeps the names but changes the maker's signature or meaning
    # (THEN the check refuses them, so runs use np.errstate instead of failing)
    monkeypatch.setattr(umath, "_make_extobj", lambda **_: (_ for _ in ()).throw(TypeError))
    assert denormals._private_modes() is None
    monkeypatch.setattr(umath, "_make_extobj", lambda **_: umath._extobj_contextvar.get())
    assert denormals._private_modes() is None
    # (or drops them)
    monkeypatch.delattr(umath, "_extobj_contextvar")
    assert denormals._private_modes() is None


def test_the_modes_made_for_one_thread_are_not_another_threads():
    seen = {}

    def work(name, mode):
        with np.errstate(call=mode):
            for _ in range(200):
                with denormals.computing():
                    seen.setdefault(name, set()).add(np.geterrcall())

    modes = {"a": print, "b": repr}
    threads = [threading.Thread(target=work, args=item) for item in modes.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"a": {print}, "b": {repr}}


# -- a Python number into a float: the overflow check only where it can overflow ------------


def _finite_float_with_errstate(value, dtype):
    """`dtypes._finite_float` as it was: every number through numpy's errstate."""
    try:
        with np.errstate(over="ignore"):
            out = np.array(value, dtype)
    except OverflowError:
        return "refused"
    if np.isinf(out) and not math.isinf(value):
        return "refused"
    return out


_EDGES = [3.4028234663852886e38, 3.4028235e38, 3.4028235677973366e38, 3.5e38, 65504.0, 65519.0]
_EDGES += [65520.0, 1.7976931348623157e308, 1e-45, 5e-324, 2**64, 2**1024, 10**400]


@settings(max_examples=200)
@given(
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(2**1100), 2**1100),
        st.sampled_from(_EDGES),
    ),
    negate=st.booleans(),
    dtype=st.sampled_from([np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)]),
)
def test_a_number_converts_to_a_float_as_it_did_through_errstate(value, negate, dtype):
    value = -value if negate else value
    want = _finite_float_with_errstate(value, dtype)
    try:
        got = dtypes._finite_float(value, dtype)
    except GraphgateError:
        got = "refused"
    if isinstance(want, str) or isinstance(got, str):
        assert got == want
    else:
        assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
