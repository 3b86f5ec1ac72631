"""Shared helpers for the engine tests: run one op and check its static shape and dtype."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

import graphgate as gg

settings.register_profile(
    "engine",
    max_examples=30,
    deadline=None,
    derandomize=True,  # as the "ci" profile: `make test` replays
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("engine-thorough", max_examples=300, deadline=None)
settings.register_profile(
    "engine-soak",
    settings.get_profile("soak"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# `make soak` (HYPOTHESIS_PROFILE=soak, tests/conftest.py) reaches the engine's fuzz tests
# too: loading "engine" unconditionally replaced the soak profile, so the soak drew the
# same 30 derandomized programs as `make test` instead of 2,000 fresh ones.
settings.load_profile("engine-soak" if os.environ.get("HYPOTHESIS_PROFILE") == "soak" else "engine")


@pytest.fixture(autouse=True)
def _fresh_default_graph():
    """Each test starts on a new default graph, as tf.test.TestCase gives each test method:
    a program run in the default graph (and finalized there, as a Supervisor or a
    MonitoredSession does) leaves nothing to whichever test its worker runs next."""
    gg.reset_default_graph()
    yield


def evaluate(build, *arrays, optimize: bool = True, feed: bool = True):
    """Build `build(*inputs)` in a fresh graph, run it, and check every fetched value
    against its tensor's static shape and dtype. Inputs are placeholders fed with
    `arrays` (or constants when feed=False)."""
    g = gg.Graph()
    with g.as_default():
        if feed:
            inputs = [gg.placeholder(np.asarray(a).dtype, np.shape(a)) for a in arrays]
        else:
            inputs = [gg.constant(a) for a in arrays]
        out = build(*inputs)
    sess = gg.Session(g, optimize=optimize)
    result = sess.run(out, dict(zip(inputs, arrays, strict=True)) if feed else None)
    outs = out if isinstance(out, list | tuple) else [out]
    results = result if isinstance(out, list | tuple) else [result]
    for t, v in zip(outs, results, strict=True):
        assert_static(t, v)
    return result


def assert_static(t: gg.Tensor, value) -> None:
    """The value agrees with the static shape and dtype inferred at build time."""
    v = np.asarray(value)
    assert v.dtype == t.dtype, f"{t.name}: ran as {v.dtype}, inferred {t.dtype}"
    static = None if t.shape.ndims is None else t.shape.as_list()
    if static is not None:
        assert len(static) == v.ndim, f"{t.name}: rank {v.ndim}, inferred {static}"
        for s, d in zip(static, v.shape, strict=True):
            assert s is None or s == d, f"{t.name}: shape {v.shape}, inferred {static}"


@pytest.fixture
def graph():
    g = gg.Graph()
    with g.as_default():
        yield g
