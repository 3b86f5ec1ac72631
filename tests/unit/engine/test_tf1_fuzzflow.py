"""Differential fuzzing of TF1 control flow against TensorFlow: the random compositions of
while_loop, TensorArray, cond / case / switch_case, map_fn / scan / folds, the dynamic
RNNs and control dependencies that `tests/reference/tf1_fuzzflow.py` draws with fixed
seeds, and its hand-written invalid programs, run on graphgate and compared with what
`tf.compat.v1` computed (`fixtures/tf1_fuzzflow.json`), one test per family.

Static shapes at construction exactly; then every fetch, and the variables a second run
reads, bit for bit where the program's arithmetic is exact (elementwise ops on values
mostly on a grid of quarters, short sums), within a few units in the last place where it
is not (the RNNs' matmuls and transcendentals). An invalid program raises TF's class, at
TF's stage or earlier.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import error_classes, output_difference, reference

FIXTURE, fuzz = reference("tf1_fuzzflow")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})

# Programs graphgate still answers differently (name: why), each a strict xfail, so that
# the test fails once it agrees.
KNOWN: dict[str, str] = {}

# Units in the last place by float width, for the programs that are not exact.
ULPS = {32: 4, 64: 4}


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


def difference(name: str):
    """How graphgate's answer to program `name` differs from TF's, or None."""
    program = PROGRAMS[name]
    theirs = program["tf"]
    ours = _observe(program)
    if "error" in theirs:
        return _error_difference(ours, theirs["error"])
    if "error" in ours:
        return ("raised", ours["error"])
    if ours["static"] != theirs["static"]:
        return ("static shapes", ours["static"], theirs["static"])
    allowed = None if program["exact"] else ULPS
    for key in ("outputs", "after"):
        if len(ours[key]) != len(theirs[key]):
            return (key, len(ours[key]), len(theirs[key]))
        for i, (a, b) in enumerate(zip(ours[key], theirs[key], strict=True)):
            wrong = output_difference(a, b, allowed)
            if wrong:
                return (key, i, *wrong)
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_family_computes_what_tensorflow_does(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and n not in KNOWN]
    wrong = {n: d for n in names if (d := difference(n)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=r)) for n, r in KNOWN.items()],
)
def test_known_difference(name):
    assert difference(name) is None


def test_the_fixture_holds_the_programs_the_recorder_draws():
    drawn = fuzz.programs()
    assert drawn.keys() == PROGRAMS.keys()
    for name, program in drawn.items():
        assert {k: PROGRAMS[name][k] for k in program} == program, name
