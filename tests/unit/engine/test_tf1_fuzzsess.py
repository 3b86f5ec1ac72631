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

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import graphgate as gg
from tests.unit.engine.tf_observed import known_params, reference

FIXTURE, fuzz = reference("tf1_fuzzsess")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})

# Calls graphgate answers differently by design, by a pattern of their code (pattern: why);
# they are not compared, and each pattern must still match a call that differs.
KNOWN_CALLS: dict[str, str] = {
    r"\{'feed_f': ": "a feed keyed by an op's bare name feeds its first output, as the HTTP "
    "API's names do (TF: TypeError; a fetched bare name is the operation, as TF's)",
    r"feed_i(:0')?'?: \[(-?\d+\.5|'1'|2\*\*40)": "a feed TF converts with a loss "
    "(numpy's truncation of 4.5, wraparound of 2**40, parsing of '1') is refused "
    "(FEED_DTYPE_MISMATCH; decision log 2026-12-06)",
    r"SparseTensorValue\([^)]*\[3, 3\]\)": "a SparseTensor fed a dense_shape other than "
    "its placeholder's static one: graphgate's sparse ops check it against the static shape "
    "(decision log 2026-12-05); TF reads the fed one",
}
# Programs graphgate still answers differently (name: why), each a strict xfail.
# A run that fails keeps the updates graphgate ran before the failing op, as TF's does;
# these differ in what ran before it (graphgate runs in creation order, TF in parallel).
KNOWN: dict[str, str] = {
    "fetches.5": "a failed run's half-made iterator: TF's executor cancels it (a later "
    "get_next is CancelledError); graphgate's starts afresh",
    "fetches.12": "a missing feed is refused before the run starts; TF's executor fails the "
    "placeholder's op and ran the run's updates beside it (the call is racy in TF; its "
    "updates are seen later)",
    "fetches.57": "a missing feed is refused before the run starts; TF's executor fails the "
    "placeholder's op and ran the initializer and the increments beside it",
    "fetches.42": "a fetch of an uninitialized variable fails where graphgate reads it; TF's "
    "fails when the run ends and copies its fetches out, after its updates ran",
}


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
    # A name TF's message holds is in graphgate's, or is the op the error carries. Which of
    # two uninitialized variables TF names depends on its executor's order (it differed
    # between recordings): graphgate names the first in the fetches.
    missing = set(theirs["names"]) - set(ours["names"]) - {ours.get("op")}
    if theirs["error"][0] == "FailedPreconditionError":
        missing = set()
    if missing:
        return ("names", sorted(missing))
    op = theirs.get("op")
    # graphgate's variables are read without TF1's `<variable>/read` Identity node.
    if op is not None and not op.endswith("/read") and ours.get("op") != op:
        return ("op", ours.get("op"), op)
    return None


def _known_call(code: str, label: str) -> bool:
    line = next((x for x in code.splitlines() if f'"{label}"' in x), "")
    return any(re.search(pattern, line) for pattern in KNOWN_CALLS)


def differences(name: str) -> list:
    """How graphgate's observations of program `name` differ from TF's, call by call."""
    program = PROGRAMS[name]
    ours = fuzz.observe(gg, program)
    wrong = []
    for i, (label, theirs) in enumerate(program["tf"]):
        if i >= len(ours) or ours[i][0] != label:
            wrong.append((label, "missing", ours[i] if i < len(ours) else None))
            break
        if theirs == "racy" or _known_call(program["code"], label):
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


@pytest.mark.parametrize("pattern", sorted(KNOWN_CALLS))
def test_each_known_call_pattern_still_differs_somewhere(pattern):
    def differs(name: str, label: str, theirs: dict) -> bool:
        ours = dict(fuzz.observe(gg, PROGRAMS[name]))
        return label in ours and _call_difference(ours[label], theirs) is not None

    matching = [
        (name, label, theirs)
        for name, program in PROGRAMS.items()
        for label, theirs in program["tf"]
        if theirs != "racy"
        and re.search(
            pattern, next((x for x in program["code"].splitlines() if f'"{label}"' in x), "")
        )
    ]
    assert any(differs(*m) for m in matching[:40])


@given(seed=st.integers(0, 2**32 - 1), family=st.sampled_from(sorted(fuzz.FAMILIES)))
def test_freshly_drawn_programs_answer_or_raise_the_engines_typed_errors(seed, family):
    # Beyond the recorded programs (no TF here): every call of a program drawn from a
    # hypothesis seed answers, or raises an error of the engine's (a code, TF's classes),
    # never a bare exception from inside it. `make soak` draws 2,000 (HYPOTHESIS_PROFILE).
    program = fuzz.FAMILIES[family][0](np.random.default_rng(seed))
    for label, seen in fuzz.observe(gg, program):
        assert "error" not in seen or "GraphgateError" in seen["error"], (label, seen)
