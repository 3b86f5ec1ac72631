"""Differential fuzzing of TF1 training against TensorFlow: the small models, optimizers,
learning-rate schedules, gradient plumbing and moving averages that
`tests/reference/tf1_fuzzopt.py` draws with fixed seeds, and its invalid configurations,
run on graphgate and compared with what `tf.compat.v1` computed
(`fixtures/tf1_fuzzopt.json`), one test per family.

Exactly: every global variable's name (slots, beta powers, global step, shadows), the
fetches' static shapes, what the program put in `out` (slot names, `variables()`, the
names `variables_to_restore` maps), and integer and bool values. Floats, the fetches
before each step and every variable after it: within ULPS units in the last place of the
array's largest magnitude per step taken (step t allows ULPS·(t + 1)), as a training step
is a chain of a few dozen roundings whose order TF's kernels (Eigen's vectorized
packets, rsqrt against 1/sqrt, fused sparse kernels against graphgate's gathers and
scatters) do not fix, and each step starts from the last one's rounding. A wrong slot
update is off by far more: a momentum decayed where TF leaves it is off by the whole
momentum. An invalid program raises TF's class, at TF's stage or earlier.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import error_classes, reference

FIXTURE, fuzz = reference("tf1_fuzzopt")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})

# Units in the last place of an array's largest magnitude, per step taken.
ULPS = 16

# Programs graphgate still answers differently (name: why), each a strict xfail, so that
# the test fails once it agrees.
KNOWN: dict[str, str] = {}


def _observe(program: dict) -> dict:
    with np.errstate(all="ignore"):
        return fuzz.observe(gg, program, error_classes)


def _error_difference(ours: dict, theirs: list):
    stage, cls = theirs
    if "error" not in ours:
        return ("no error", theirs)
    if cls not in ours["error"][1] or (stage == "build" and ours["error"][0] != "build"):
        return ("error", ours["error"], theirs)
    return None


def value_difference(ours: dict, theirs: dict, steps: int):
    """How an encoded value differs from TF's after `steps` steps, or None."""
    for key in ("dtype", "shape"):
        if ours[key] != theirs[key]:
            return (key, ours[key], theirs[key])
    a, b = fuzz.decode(ours), fuzz.decode(theirs)
    if a.dtype.kind not in "fc":
        return None if ours["bits"] == theirs["bits"] else ("values", a.tolist(), b.tolist())
    a, b = a.astype(np.float64).ravel(), b.astype(np.float64).ravel()
    finite = np.isfinite(b)
    scale = np.max(np.abs(b[finite]), initial=0.0)
    bound = ULPS * (steps + 1) * np.finfo(theirs["dtype"]).eps * scale
    with np.errstate(invalid="ignore"):
        same = np.where(finite, np.abs(a - b) <= bound, (a == b) | (np.isnan(a) & np.isnan(b)))
    wrong = np.flatnonzero(~same)
    return ("values", [(int(i), a[i], b[i]) for i in wrong[:4]]) if wrong.size else None


def difference(name: str):
    """How graphgate's answer to program `name` differs from TF's, or None."""
    program = PROGRAMS[name]
    theirs = program["tf"]
    ours = _observe(program)
    if "error" in theirs:
        return _error_difference(ours, theirs["error"])
    if "error" in ours:
        return ("raised", ours["error"])
    for key in ("names", "static", "out"):
        if ours[key] != theirs[key]:
            return (key, ours[key], theirs[key])
    if len(ours["steps"]) != len(theirs["steps"]):
        return ("steps", len(ours["steps"]), len(theirs["steps"]))
    for t, (mine, tfs) in enumerate(zip(ours["steps"], theirs["steps"], strict=True)):
        for part, what in ((0, "fetch"), (1, "variable")):
            for i, (a, b) in enumerate(zip(mine[part], tfs[part], strict=True)):
                wrong = value_difference(a, b, t)
                if wrong:
                    label = theirs["names"][i] if part else i
                    return (f"step {t}", what, label, *wrong)
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_family_trains_as_tensorflow_does(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and n not in KNOWN]
    wrong = {n: d for n in names if (d := difference(n)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=r)) for n, r in KNOWN.items()]
)
def test_known_difference(name):
    assert difference(name) is None


def test_the_fixture_holds_the_programs_the_recorder_draws():
    drawn = fuzz.programs()
    assert drawn.keys() == PROGRAMS.keys()
    for name, program in drawn.items():
        assert {k: PROGRAMS[name][k] for k in program} == program, name
