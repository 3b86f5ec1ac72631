"""Differential fuzzing of graphgate's exports: the random graphgate programs that
`tests/reference/gg_fuzzexport.py` drew with fixed seeds, written as TF's GraphDef, as a
SavedModel and as ONNX, and what TensorFlow 2.21 and onnxruntime computed from each
(`fixtures/gg_fuzzexport.json`), replayed on graphgate, one test per family.

Each program's stored document is built, initialized and trained as recorded; its outputs
must be what TF computed from the GraphDef (which it trained the same steps from the
initial values: its variables too), from the SavedModel of the trained values, and what
onnxruntime computed from the ONNX model. The exports are made again and must be the same
bytes (GraphDef, SavedModel: SHA-256), the same ONNX graph (node types, inputs, outputs)
and the same refusals; in the refusal family a refusal names exactly the drawn nodes the
format cannot hold, and nothing else.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from tests.unit.engine.tf_observed import reference

FIXTURE, fe = reference("gg_fuzzexport")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})
FORMATS = (("graphdef", "tf"), ("saved_model", "tf"), ("onnx", "ort"))


def _outputs(name: str, program: dict) -> list[str]:
    """What differs between graphgate's run of the program and the loaders' runs."""
    feeds = {k: fe.decode_feed(v) for k, v in program["feeds"].items()}
    ours, variables, _ = fe.graphgate_run(
        program["document"], feeds, program["fetches"], program["steps"]
    )
    found = []
    for fmt, loader in FORMATS:
        seen = program[fmt].get(loader)
        if seen is None:
            continue
        assert "error" not in seen, (name, fmt, seen["error"])  # every export loads
        why = fe.compare(ours, seen)
        if why:
            found.append(f"{name} {fmt}: {why}")
    for var, spec in program["graphdef"].get("tf", {}).get("variables", {}).items():
        why = fe.differs(variables[var], fe.decode(spec))
        if why:
            found.append(f"{name} variable {var} after TF's training: {why}")
    return found


def _exports(name: str, program: dict) -> list[str]:
    """What differs between the exports made again and those the loaders read."""
    feeds = {k: fe.decode_feed(v) for k, v in program["feeds"].items()}
    trained = {k: fe.decode(v) for k, v in program["variables"].items()}
    made = fe.exports(program["document"], trained, feeds, program["fetches"])
    found = []
    for fmt in ("graphdef", "saved_model"):
        blob, want = made[fmt], program[fmt]
        if isinstance(blob, bytes):
            got = {"sha256": hashlib.sha256(blob).hexdigest()}
            if got["sha256"] != want.get("sha256"):
                found.append(f"{name} {fmt}: bytes differ from those TF read ({want})")
        elif fe.problems_of(blob) != _as_written(want.get("refused")):
            found.append(f"{name} {fmt}: refused {fe.problems_of(blob)}, recorded {want}")
        found += [
            f"{name} {fmt}: {p['node']} refused, but TF has the op ({p['reason']})"
            for p in want.get("refused") or []
            if p.get("tf_has_op")
        ]
    model, want = made["onnx"], program["onnx"]
    got = fe.onnx_problems(model) if isinstance(model, list) else fe.onnx_structure(model)
    if got != want.get("refused" if isinstance(model, list) else "structure"):
        found.append(f"{name} onnx: {got} where {want.get('refused') or want.get('structure')}")
    return found


def _as_written(refused: list | None) -> list | None:
    """A recorded refusal as the writer gives it (without what TF's registry said)."""
    if refused is None:
        return None
    return [{k: v for k, v in p.items() if k != "tf_has_op"} for p in refused]


def _refusals(name: str, program: dict) -> list[str]:
    """A refusal program's refusals name exactly its drawn constructs' nodes."""
    found = []
    for fmt, bad in (
        ("graphdef", program["bad"]["graphdef"]),
        ("saved_model", program["bad"]["graphdef"]),
        ("onnx", program["bad"]["onnx"]),
    ):
        named = sorted(p["node"] for p in program[fmt].get("refused") or [])
        if named != sorted(bad):
            found.append(f"{name} {fmt}: refused {named}, the drawn nodes are {sorted(bad)}")
    return found


@pytest.mark.parametrize("family", FAMILIES)
def test_exports_compute_graphgates_numbers_in_tf_and_onnxruntime(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family]
    found = []
    with np.errstate(all="ignore"):
        for name in names:
            program = PROGRAMS[name]
            found += _outputs(name, program) + _exports(name, program)
            if "bad" in program:
                found += _refusals(name, program)
    assert not found, "\n".join(found)


def test_the_fuzzer_reaches_every_format():
    # GIVEN the recorded programs, THEN most are held by each format and loaded: a
    # fixture of refusals would compare nothing.
    for fmt, loader in FORMATS:
        loaded = sum(loader in p[fmt] for p in PROGRAMS.values())
        assert loaded >= 0.6 * len(PROGRAMS), (fmt, loaded)
    assert sum(p["steps"] > 0 for p in PROGRAMS.values()) >= 30
