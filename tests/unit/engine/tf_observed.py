"""What a TF1 program observed under graphgate, against what TensorFlow observed.

The recorders in tests/reference/ run TF1 programs under `tensorflow.compat.v1` and store
what each put in `out` (values, names, the classes of what it raised) as JSON fixtures;
the engine tests run the same text with `tf` bound to graphgate and compare with these.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import graphgate as gg

_HERE = Path(__file__).parent
_REFERENCE = _HERE.parents[1] / "reference"


def reference(name: str) -> tuple[dict, ModuleType]:
    """What TF observed (`fixtures/<name>.json`) and the recorder that holds the programs'
    text (`tests/reference/<name>.py`, loaded by path: tests/reference is no package)."""
    fixture = json.loads((_HERE / "fixtures" / f"{name}.json").read_text())
    spec = importlib.util.spec_from_file_location(name, _REFERENCE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return fixture, module


def program_names(fixture: dict, known_different: dict[str, str] | None = None) -> list:
    """A fixture's programs to parametrize over, each one graphgate still observes
    differently (name: reason) a strict xfail, so that it fails once it agrees."""
    known = known_different or {}
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=known[n])) if n in known else n
        for n in sorted(fixture["programs"])
    ]


def raised(fn) -> tuple[str, ...] | None:
    """The TF1 class names graphgate's error answers to: its Python classes (ValueError,
    KeyError, ...) and its `gg.errors` classes; TensorFlow's must be one of them."""
    try:
        fn()
    except Exception as exc:
        return error_classes(exc)
    return None


def error_classes(exc: Exception) -> tuple[str, ...]:
    """The TF1 class names `exc` answers to (what `raised` gives for it)."""
    return tuple(
        c.__name__
        for c in type(exc).__mro__
        if c.__module__ == "builtins" or getattr(gg.errors, c.__name__, None) is c
    )


def assert_observed(
    ours: Any, theirs: Any, path: str, rel_tol: float = 1e-6, abs_tol: float = 1e-12
) -> None:
    """`ours` is what TF observed (`theirs`): floats within the tolerances (TF's kernels
    may round the last bits otherwise), a class name among those graphgate raised, the
    rest equal, item by item."""
    if isinstance(ours, tuple | list) and isinstance(theirs, str):
        assert theirs in ours, (path, ours, theirs)
    elif isinstance(theirs, float) and isinstance(ours, float | int):
        same_nan = math.isnan(theirs) and math.isnan(ours)  # NaN where TF's is NaN
        close = same_nan or math.isclose(ours, theirs, rel_tol=rel_tol, abs_tol=abs_tol)
        assert close, (path, ours, theirs)
    elif isinstance(theirs, list) and isinstance(ours, list | tuple) and len(ours) == len(theirs):
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            assert_observed(a, b, f"{path}[{i}]", rel_tol, abs_tol)
    elif isinstance(theirs, dict) and isinstance(ours, dict) and ours.keys() == theirs.keys():
        for k in theirs:
            assert_observed(ours[k], theirs[k], f"{path}.{k}", rel_tol, abs_tol)
    else:
        assert ours == theirs, (path, ours, theirs)
