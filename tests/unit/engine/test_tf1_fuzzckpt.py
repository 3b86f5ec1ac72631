"""Differential fuzzing of TF1's savers and checkpoints against TensorFlow: the programs
`tests/reference/tf1_fuzzckpt.py` draws with fixed seeds, run on graphgate and compared
with what `tf.compat.v1` did (`fixtures/tf1_fuzzckpt.json`), in both directions:

- graphgate writes: saving with `checkpoint_format="tensorflow"`, it returns TF's paths,
  leaves TF's files after each save (max_to_keep), and writes the `.index`, `.data-*` and
  `checkpoint` files byte for byte as TF did, so TF reads them as its own. TF's writer is
  deterministic for these (no timestamps in V2 bundles); the `.meta` graphs are not
  compared (TF's hold its version and op registry), only imported.
- graphgate reads TF's files: latest_checkpoint, get_checkpoint_state, list_variables,
  the reader's maps, has_tensor, load_variable, a restore (all, a subset, renamed,
  repartitioned, reshaped), init_from_checkpoint and import_meta_graph give TF's values,
  bit for bit; a damaged or mismatched checkpoint raises TF's class.
"""

from __future__ import annotations

import base64

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import (
    assert_fixture_holds,
    error_classes,
    known_params,
    reference,
)

FIXTURE, fuzz = reference("tf1_fuzzckpt")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})
TF_FORMAT = {"checkpoint_format": "tensorflow"}

# Programs graphgate still answers differently (name: why): each is expected to differ,
# so that the test fails once it agrees.
KNOWN: dict[str, str] = {}


def _error_difference(ours: dict, theirs: dict):
    if "error" in theirs:
        if "error" not in ours:
            return ("no error", theirs["error"])
        if theirs["error"][0] not in ours["error"][0]:
            return ("error", ours["error"], theirs["error"])
        return "same"
    if "error" in ours:
        return ("raised", ours["error"])
    return None


def write_difference(name: str):
    """How graphgate's save of program `name` differs from TF's, or None."""
    program = PROGRAMS[name]
    theirs = program["tf"]["write"]
    with np.errstate(all="ignore"):
        ours = fuzz.observe(gg, program, error_classes, TF_FORMAT)["write"]
    found = _error_difference(ours, theirs)
    if found is not None:
        return None if found == "same" else found
    for key in ("paths", "listings", "last"):
        if ours[key] != theirs[key]:
            return (key, ours[key], theirs[key])
    for f, text in theirs["files"].items():
        if f.endswith(".meta"):
            continue
        if ours["files"][f] != text:
            return ("bytes", f, base64.b64decode(ours["files"][f]), base64.b64decode(text))
    return None


def read_difference(name: str):
    """How graphgate's reading of TF's files for program `name` differs from TF's, or None."""
    program = PROGRAMS[name]
    if "error" in program["tf"]["write"]:
        return None
    theirs = program["tf"]["read"]
    with np.errstate(all="ignore"):
        ours = fuzz.observe(gg, program, error_classes, files=program["tf"]["write"])["read"]
    found = _error_difference(ours, theirs)
    if found is not None:
        return None if found == "same" else found
    for key in theirs:
        if ours.get(key) != theirs[key]:
            return (key, ours.get(key), theirs[key])
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_family_writes_the_bytes_tensorflow_does(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and f"w:{n}" not in KNOWN]
    wrong = {n: d for n in names if (d := write_difference(n)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize("family", FAMILIES)
def test_family_reads_what_tensorflow_does(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and f"r:{n}" not in KNOWN]
    wrong = {n: d for n in names if (d := read_difference(n)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize("name", known_params(KNOWN))
def test_known_difference(name):
    side, program = name.split(":")
    assert (write_difference if side == "w" else read_difference)(program) is None


def test_the_fixture_holds_the_programs_the_recorder_draws():
    assert_fixture_holds(fuzz.programs(), PROGRAMS)
