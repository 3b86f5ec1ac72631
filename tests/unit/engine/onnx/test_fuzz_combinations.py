"""Differential fuzzing of ONNX import: the small random ONNX graphs `tests/reference/
onnx_fuzz.py` draws with fixed seeds (chains and DAGs of 3-10 nodes, random attributes,
opsets 11-21), replayed through graphgate and compared with what onnxruntime computed
(`fixtures/onnx_fuzz.npz`).

Integers, booleans and data movement are compared exactly. Floats within 4 float32 units
in the last place of the output's magnitude (scaled per output): onnxruntime's MLAS and
graphgate's numpy kernels sum, exponentiate and take roots in their own order and
approximations, and a chain of a few such ops adds an ulp or two each. Every imported graph
also goes through the JSON wire document and back and must give the same bits.

A program onnxruntime refuses must be refused by graphgate with one of its own errors, at
import or at run time: never another exception, and never an answer.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnx")

import graphgate as gg
from graphgate.onnx import import_onnx

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "onnx_fuzz.npz"

_EMPTY_REDUCE = (
    "a reduction over an empty axis: onnxruntime keeps the axis ({}); onnx's reference "
    "evaluator and graphgate give the spec's reduced shape, numpy's value"
)
# Programs graphgate answers differently from onnxruntime, following the spec and onnx's
# reference evaluator (key: why); each must still differ (strict xfail).
KNOWN: dict[str, str] = {
    "p499": _EMPTY_REDUCE.format("ReduceProd of (0,) keeping dims is (0,), not [1]"),
    "p541": _EMPTY_REDUCE.format("ReduceMax keepdims=0 gives (1, 0, 5), not (1, 5)"),
    "p897": "ReduceMean over an empty axis: onnxruntime's 0, the reference's and graphgate's "
    "NaN (0 / 0)",
    "p1043": "Squeeze with an empty axes input: onnxruntime squeezes every unit dim as if axes "
    "were absent; the spec removes what axes lists, nothing (as the reference evaluator)",
    "p1745": "LogSoftmax-11 of rows holding NaN and infinities: onnxruntime gives -inf for "
    "some entries, the reference evaluator and graphgate NaN for the whole row",
    "p1008": "MaxPool over windows holding NaN: onnxruntime and the reference evaluator give "
    "NaN, graphgate's engine (TF's max pool) the largest number; ONNX does not say",
}

_UNKNOWN_AXIS = "along an axis whose length only run time knows (a fed N)"
# Programs onnxruntime answers and graphgate refuses with one of its own errors, never a
# wrong number (key: why); each must still be refused.
REFUSED: dict[str, str] = {
    **dict.fromkeys(
        ("p28", "p206", "p262"),
        "Slice with a negative step and an end of INT64_MAX: onnxruntime reads the end as "
        "numpy's None (through index 0), the spec clamps it to the last index (empty)",
    ),
    **dict.fromkeys(("p43", "p73", "p399"), f"ArgMax/ArgMin select_last_index {_UNKNOWN_AXIS}"),
    **dict.fromkeys(("p249", "p351", "p515"), f"Hardmax {_UNKNOWN_AXIS}"),
    "p521": "Hardmax-12 flattens to 2-D over two dims only run time knows",
    **dict.fromkeys(("p170", "p240"), "Pad wrap wider than the axis"),
    "p1258": "ArgMax along an empty axis: the spec has no answer, onnxruntime gives 0",
}

# Relative tolerance for float outputs, by width: a few units in the last place of the
# output's largest magnitude (see the module's docstring).
RTOL = {2: 4 * 2.0**-10, 4: 4 * 2.0**-23, 8: 4 * 2.0**-52}


@functools.cache
def _fixture():
    data = np.load(FIXTURE)
    meta = json.loads(str(data["meta"]))
    programs: dict[str, dict] = {}
    for key, value in data.items():
        if key == "meta":
            continue
        prog, kind, *name = key.split("/")
        entry = programs.setdefault(prog, {"in": {}, "out": {}})
        if kind == "model":
            entry["model"] = value.tobytes()
        else:
            entry[kind]["/".join(name)] = value
    for key, entry in programs.items():
        entry.update(meta[key])
    return programs


def _run(graph, tensors, program):
    fetches = [tensors[o].name for o in program["outputs"]]
    feeds = {tensors[n].name: v for n, v in program["in"].items() if n in tensors}
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        return [np.asarray(v) for v in sess.run(fetches, feeds)]


def replay(program) -> list[np.ndarray]:
    graph, tensors = import_onnx(program["model"])
    got = _run(graph, tensors, program)
    again = gg.graph_from_dict(json.loads(json.dumps(gg.graph_to_dict(graph))))
    for a, b in zip(_run(again, tensors, program), got, strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b, err_msg="the wire document's round trip")
    return got


def compare(program, got) -> None:
    for name, have in zip(program["outputs"], got, strict=True):
        want = program["out"][name]
        assert have.dtype == want.dtype, f"{name}: dtype {have.dtype}, onnxruntime {want.dtype}"
        assert have.shape == want.shape, f"{name}: shape {have.shape}, onnxruntime {want.shape}"
        if want.dtype.kind != "f":
            np.testing.assert_array_equal(have, want, err_msg=name)
            continue
        finite = want[np.isfinite(want)]
        scale = float(np.max(np.abs(finite))) if finite.size else 0.0
        # A float64 output computed in float32 (or float16) on the way carries its rounding.
        rtol = RTOL[min(want.dtype.itemsize, program["float_bytes"])]
        atol = rtol * max(scale, 1.0)
        np.testing.assert_allclose(have, want, rtol=rtol, atol=atol, err_msg=name)


def check(program) -> None:
    if program["refused"] is None:
        compare(program, replay(program))
        return
    with pytest.raises(gg.GraphgateError):
        replay(program)


def _keys():
    keys = sorted(_fixture(), key=lambda k: int(k[1:])) if FIXTURE.exists() else []
    return [
        pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=KNOWN[k])) if k in KNOWN else k
        for k in keys
    ]


@pytest.mark.parametrize("key", _keys())
def test_program(key):
    program = _fixture()[key]
    if key in REFUSED:
        with pytest.raises(gg.GraphgateError):
            replay(program)
        return
    check(program)


def test_the_fixture_holds_every_kind_of_program():
    programs = _fixture()
    refused = [k for k, p in programs.items() if p["refused"]]
    opsets = {p["opset"] for p in programs.values()}
    assert len(programs) > 300 and len(refused) > 30
    assert opsets >= {11, 12, 13, 18, 21}
    assert set(KNOWN) | set(REFUSED) <= set(programs)
