"""Subnormal floats as TF's CPU kernels see them: flushed to zero in and out of every
computation of a run (`graphgate/denormals.py`), pinned to what TensorFlow computed
(`tests/reference/tf1_denormals.py`, `fixtures/tf1_denormals.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate import denormals
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_denormals")

pytestmark = pytest.mark.skipif(
    not denormals.SUPPORTED, reason="this platform's libm cannot set the flush modes"
)


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    # No absolute tolerance: 1e-44 is not 0.
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=2e-6, abs_tol=0.0)


def _callers_numpy_keeps_subnormals() -> bool:
    return np.multiply(np.float32(1e-40), np.float32(1)) != 0


def test_the_callers_own_numpy_keeps_subnormals_after_runs_and_failures():
    x = gg.placeholder(gg.float32, [None])
    y = gg.exp(x)
    bad = gg.debugging.assert_positive(x)
    with gg.Session() as s:
        assert s.run(y, {x: [-100.0]})[0] == 0
        assert _callers_numpy_keeps_subnormals()
        with pytest.raises(gg.errors.InvalidArgumentError):
            s.run(bad, {x: [-1.0]})
        assert _callers_numpy_keeps_subnormals()


def test_a_py_func_runs_flushed_as_tfs_kernels_and_a_nested_run_keeps_the_flush():
    # TF 2.21 (compat.v1 py_func): numpy inside the function sees 0, the result is [0.].
    seen = []

    def inside(v):
        seen.append(np.multiply(np.float32(1e-40), np.float32(1)))
        return v * np.float32(1e-30)

    x = gg.placeholder(gg.float32, [1])
    y = gg.py_func(inside, [x], gg.float32)
    with gg.Session() as s:
        got = s.run(y, {x: [1e-10]})
    assert seen == [0] and got[0] == 0
    assert _callers_numpy_keeps_subnormals()
