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

import numpy as np
import pytest

import graphgate as gg
from graphgate import denormals

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


# -- outputs as bit patterns (tests/reference/tf1_fuzzdiff.py's `encode`) -----------------


def ulps(a: np.ndarray, b: np.ndarray, width: int) -> np.ndarray:
    """How many floats of `width` bits lie between the bit patterns a and b (±0 adjacent)."""
    sign = np.uint64(1 << (width - 1))
    a, b = a.astype(np.uint64), b.astype(np.uint64)
    ma, mb = a & (sign - np.uint64(1)), b & (sign - np.uint64(1))
    same_sign = (a & sign) == (b & sign)
    return np.where(same_sign, np.maximum(ma, mb) - np.minimum(ma, mb), ma + mb + np.uint64(1))


def float_differences(ours: dict, theirs: dict, allowed: dict[int, int] | None) -> list:
    """The elements where two encoded float arrays differ: (index, ours, theirs). Equal
    means the same bits (any NaN for a NaN), or with `allowed` ({width in bits: units in
    the last place}) finite and that close."""
    dtype = np.dtype(theirs["dtype"])
    part = dtype if dtype.kind == "f" else np.dtype(f"f{dtype.itemsize // 2}")
    width = part.itemsize * 8
    a = np.array(ours["bits"], f"u{part.itemsize}")
    b = np.array(theirs["bits"], f"u{part.itemsize}")
    fa, fb = a.view(part), b.view(part)
    same = (a == b) | (np.isnan(fa) & np.isnan(fb))
    if not denormals.SUPPORTED:  # this platform's runs keep subnormals TF flushes
        same |= (fb == 0) & (fa != 0) & (np.abs(fa) < np.finfo(part).tiny)
    if allowed:
        finite = np.isfinite(fa) & np.isfinite(fb)
        close = ulps(a, b, width) <= allowed[width]
        # Or as many units of 1's last place: a value below 1 that cancels a rounded term
        # near 1 (tanh's gradient 1 - y², complex sigmoid) carries that term's error.
        with np.errstate(invalid="ignore"):
            near = np.abs(fa.astype(np.float64) - fb) <= allowed[width] * np.finfo(part).eps
        same |= finite & (close | near)
    return [(int(i), float(fa[i]), float(fb[i])) for i in np.flatnonzero(~same)]


def output_difference(ours: dict | None, theirs: dict | None, allowed: dict[int, int] | None):
    """How an encoded output differs from TF's (None: it does not); floats as
    `float_differences` compares them."""
    if ours is None or theirs is None:
        return None if ours is theirs else ("gradient", ours, theirs)
    for key in ("dtype", "shape"):
        if ours[key] != theirs[key]:
            return (key, ours[key], theirs[key])
    if np.dtype(theirs["dtype"]).kind in "fc":
        wrong = float_differences(ours, theirs, allowed)
        return ("values", wrong[:4]) if wrong else None
    if ours["bits"] != theirs["bits"]:
        return ("values", ours["bits"], theirs["bits"])
    return None


# -- the differential fuzzers' tests (test_tf1_fuzz*.py) -----------------------------------


def known_params(known: dict[str, str]) -> list:
    """The programs graphgate still answers differently (name: why), each a strict xfail,
    so that its test fails once graphgate agrees."""
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=r)) for n, r in known.items()
    ]


def error_difference(ours: dict, theirs: list, gist=None, says=None, stages=("build", "run")):
    """How graphgate's observation differs from TF's refusal `theirs` ([stage, class, ...]),
    or None: the same class, at TF's stage or earlier in `stages` (a build-time refusal
    stands for a run-time failure of the same class), and with `gist` a message `says`
    holds it in."""
    stage, cls = theirs[0], theirs[1]
    if "error" not in ours:
        return ("no error", theirs)
    late = stages.index(ours["error"][0]) > stages.index(stage)
    if cls not in ours["error"][1] or late:
        return ("error", ours["error"], theirs)
    if gist and not says(ours["error"][2], gist):
        return ("message", ours["error"][2], gist)
    return None


def assert_fixture_holds(drawn: dict, recorded: dict) -> None:
    """The fixture holds exactly the programs its recorder draws now (`drawn`), as drawn."""
    assert drawn.keys() == recorded.keys()
    for name, program in drawn.items():
        assert {k: recorded[name][k] for k in program} == program, name
