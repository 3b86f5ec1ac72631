"""Differential fuzzing of TF1's Session API against TensorFlow: the drawn sequences of
session calls over small drawn graphs that `tests/reference/tf1_fuzzsess.py` records with
`tf.compat.v1` (`fixtures/tf1_fuzzsess.json`), run on graphgate, one test per family.

Each call compares: a value by its structure (lists, tuples, namedtuples, dicts and their
types, attrs-like classes, SparseTensorValue/IndexedSlicesValue, None for operations), its
leaves' types (numpy scalar or array) and bits; an error by TF's class (graphgate's must
answer to it), the node names TF's message holds (graphgate's must hold them too) and an
OpError's `op`. Calls TF itself answers differently from run to run are not compared.
"""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import known_params, reference

FIXTURE, fuzz = reference("tf1_fuzzsess")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})

# Programs graphgate still answers differently (name: why), each a strict xfail.
KNOWN: dict[str, str] = {}


def _call_difference(ours: dict, theirs: dict):
    if "value" in theirs:
        if "value" not in ours:
            return ("raised", ours)
        if ours["value"] != theirs["value"]:
            return ("value", ours["value"], theirs["value"])
        return None
    if "error" not in ours:
        return ("no error", theirs["error"], ours["value"])
    if theirs["error"][0] not in ours["error"]:
        return ("error class", ours["error"], theirs["error"])
    missing = set(theirs["names"]) - set(ours["names"])
    if missing:
        return ("names", sorted(missing))
    if theirs.get("op") is not None and ours.get("op") != theirs["op"]:
        return ("op", ours.get("op"), theirs["op"])
    return None


def differences(name: str) -> list:
    """How graphgate's observations of program `name` differ from TF's, call by call."""
    program = PROGRAMS[name]
    ours = fuzz.observe(gg, program)
    wrong = []
    for i, (label, theirs) in enumerate(program["tf"]):
        if i >= len(ours) or ours[i][0] != label:
            wrong.append((label, "missing", ours[i] if i < len(ours) else None))
            break
        if theirs == "racy":
            continue
        d = _call_difference(ours[i][1], theirs)
        if d is not None:
            wrong.append((label, *d))
    if len(ours) > len(program["tf"]):
        wrong.append(("extra", ours[len(program["tf"]) :]))
    return wrong


@pytest.mark.parametrize("family", FAMILIES)
def test_family_answers_what_tensorflow_does(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and n not in KNOWN]
    wrong = {n: d for n in names if (d := differences(n))}
    assert not wrong, wrong


@pytest.mark.parametrize("name", known_params(KNOWN))
def test_known_difference(name):
    assert not differences(name)


def test_the_fixture_holds_the_programs_the_recorder_draws():
    drawn = fuzz.programs()
    assert drawn.keys() == PROGRAMS.keys()
    for name, program in drawn.items():
        assert {k: PROGRAMS[name][k] for k in program} == program, name
