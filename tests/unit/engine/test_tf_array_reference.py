"""array_cases.py run with graphgate in place of TensorFlow: outputs, static shapes, dtypes,
default names, gradients and exception classes must be TensorFlow's (array_reference.json,
written by the dev-only make_array_reference.py)."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_reference import array_cases, nn_cases
from tests.unit.engine.tf_reference.compare import build_case, check_case, check_round_trip

REFERENCE = json.loads(
    (pathlib.Path(__file__).parent / "tf_reference" / "array_reference.json").read_text()
)

# graphgate raises classes that subclass TF's: where TF's class is named on the left, the
# engine's class must be (or subclass) the one on the right.
_TF_CLASSES = {
    "InvalidArgumentError": gg.errors.InvalidArgumentError,
    "ValueError": ValueError,
    "TypeError": TypeError,
    "FailedPreconditionError": gg.errors.FailedPreconditionError,
    "NotImplementedError": NotImplementedError,
    "UnknownError": gg.errors.UnknownError,
}


def _same(got, want, path):
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), (path, got)
        for k in want:
            _same(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), (path, got, want)
        for i, (a, b) in enumerate(zip(got, want, strict=True)):
            _same(a, b, f"{path}[{i}]")
    elif isinstance(want, float):
        assert isinstance(got, float | int), (path, got, want)
        np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-7, err_msg=path)
    else:
        assert got == want, (path, got, want)


@pytest.mark.parametrize("name", sorted(array_cases.PROGRAMS))
def test_program_matches_tensorflow(name, monkeypatch):
    seen = {}
    real = array_cases.raises

    def raises(fn):
        # Record the engine's exception object; compare it to TF's class name below.
        try:
            fn()
        except Exception as exc:
            key = f"<{len(seen)}>"
            seen[key] = exc
            return key
        return "none"

    monkeypatch.setattr(array_cases, "raises", raises)
    got = array_cases.PROGRAMS[name](gg)
    monkeypatch.setattr(array_cases, "raises", real)
    want = REFERENCE["programs"][name]
    _compare_with_raised(got, want, name, seen)


def _compare_with_raised(got, want, path, seen):
    if isinstance(got, str) and got.startswith("<") and got in seen:
        exc = seen[got]
        assert want in _TF_CLASSES, (path, want, exc)
        assert isinstance(exc, _TF_CLASSES[want]), (path, want, type(exc).__mro__, exc)
        return
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), (path, got)
        for k in want:
            _compare_with_raised(got[k], want[k], f"{path}.{k}", seen)
    elif isinstance(want, list) and isinstance(got, list) and len(got) == len(want):
        for i, (a, b) in enumerate(zip(got, want, strict=True)):
            _compare_with_raised(a, b, f"{path}[{i}]", seen)
    else:
        _same(got, want, path)


@pytest.mark.parametrize("name", sorted(array_cases.CASES))
def test_case_matches_tensorflow(name):
    ref = REFERENCE["cases"][name]
    case = build_case(ref, array_cases.CASES[name][1], nn_cases.scalar)
    check_case(name, ref, case, op_names=True)


@pytest.mark.parametrize("name", sorted(array_cases.CASES))
def test_case_round_trips_the_graph_format(name):
    ref = REFERENCE["cases"][name]
    check_round_trip(build_case(ref, array_cases.CASES[name][1], nn_cases.scalar))
