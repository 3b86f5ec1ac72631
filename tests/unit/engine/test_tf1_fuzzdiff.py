"""Differential fuzzing against TensorFlow: the small TF1 graphs `tests/reference/
tf1_fuzzdiff.py` draws with fixed seeds, run on graphgate and compared with what
`tf.compat.v1` computed (`fixtures/tf1_fuzzdiff.json`), one test per family.

Integers and booleans are compared exactly, floats by bit pattern: exactly where IEEE
arithmetic fixes the result (signed zeros too), within a few units in the last place where
the op is an approximation or a sum in the kernel's order (subnormals flushed as TF's
threads flush them: graphgate's runs set the same CPU modes). Allowed, as documented: any
NaN for a NaN (payloads are the CPU's), a build-time refusal for TF's run-time failure of
the same class (an op with no kernel for the dtype), and VALUE_NOT_REPRESENTABLE where a
float cast to an integer meets NaN, an infinity or a value out of range (TF's answer there
is the CPU's).
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate import denormals
from tests.unit.engine.tf_observed import (
    assert_fixture_holds,
    error_classes,
    known_params,
    output_difference,
    reference,
)

FIXTURE, fuzz = reference("tf1_fuzzdiff")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})

# Programs graphgate still answers differently (name: why): each is expected to differ,
# so that the test fails once it agrees.
_COMPLEX_EDGES = (
    "complex numbers with an infinite, NaN or overflowing part: TF's kernels multiply and "
    "divide by C99's Annex G rules in their scalar loops and naively in their vectorized "
    "ones ((inf+nan j) * (2+j) is inf+inf j in a tensor of 2, nan+nan j in one of 4), and "
    "overflow in |z| (log of 1.8e308j has a NaN real part, rsqrt(-3.4e38) is -inf j); "
    "graphgate's numpy kernels give one answer, often the right one (decision log)"
)
KNOWN: dict[str, str] = {
    "erf.31": "TF's float64 erf(±inf) is NaN, graphgate's ±1 (docs/engine.md)",
    "subnormals.8": "TF's float64 sign of a subnormal under its denormals-are-zero mode is "
    "the input's bits (sign(5e-324) is 5e-324: Eigen selects x where x == 0), graphgate's 0",
    **dict.fromkeys(
        ("nn.3", "nn_grads.1"),
        "float32 softmax of a row holding inf or NaN: NaN throughout from TF's Eigen kernel, "
        "0 for some entries from its oneDNN one (fed, some shapes); graphgate gives Eigen's",
    ),
    **dict.fromkeys(
        (
            *("square.33", "square.34", "square.35", "rsqrt.33", "rsqrt.34", "log1p.33"),
            *("log1p.34", "log1p.35", "log1p.36", "log1p.37", "sigmoid.33", "reciprocal_no_nan.35"),
            *("truediv.33", "truediv.34", "realdiv.33", "realdiv.34", "realdiv.37", "pow.33"),
            *("pow.36", "pow.37", "xdivy.34", "xlogy.35", "xlogy.36", "cumulatives.46"),
            *("cumulatives.51", "segments.25", "segments.64"),
        ),
        _COMPLEX_EDGES,
    ),
}

# Units in the last place an approximated float may be off by, by width in bits: TF's
# transcendentals and graphgate's differ by at most 1 in the recorded programs, a gradient
# chaining a few of them (complex tan's) by 3.
ULPS = {16: 1, 32: 4, 64: 4}


def _classes(exc: Exception) -> tuple:
    # The code too: VALUE_NOT_REPRESENTABLE is the one refusal allowed where TF answers.
    return (*error_classes(exc), getattr(exc, "code", None))


def _integer_of_nan(program: dict) -> bool:
    """Whether TF's answer to `program` casts a NaN, an infinity or an out-of-range float
    to an integer (which its CPU decides: graphgate refuses, VALUE_NOT_REPRESENTABLE)."""
    attrs, x = program["attrs"], fuzz.decode(program["inputs"][0])
    if program["op"] == "reduce" and attrs["fn"] == "math.reduce_euclidean_norm":
        if x.dtype.kind != "i":
            return False
        # An integer norm whose sum of squares wraps negative: the root of it is NaN.
        axis = tuple(attrs["axis"]) if isinstance(attrs["axis"], list) else attrs["axis"]
        return bool(np.any(np.sum(x * x, axis, x.dtype) < 0))
    if program["op"] not in ("cast", "saturate_cast") or x.dtype.kind not in "fc":
        return False
    to = np.dtype(attrs["to"])
    if to.kind not in "iu":
        return False
    real = np.real(x).astype(np.float64)
    if program["op"] == "saturate_cast":  # clamped first: only NaN is left out of range
        return bool(np.any(np.isnan(real)))
    info = np.iinfo(to)
    return not np.all(np.isfinite(real) & (real > info.min - 1.0) & (real < info.max + 1.0))


def difference(name: str):
    """How graphgate's answer to program `name` differs from TF's, or None."""
    program = PROGRAMS[name]
    theirs = program["tf"]
    with np.errstate(all="ignore"):
        ours = fuzz.observe(gg, program, _classes)
    if "error" in theirs:
        stage, cls = theirs["error"]
        if "error" not in ours:
            return ("no error", theirs["error"])
        if cls not in ours["error"][1] or (stage == "build" and ours["error"][0] != "build"):
            return ("error", ours["error"], theirs["error"])
        return None
    if "error" in ours:
        if _integer_of_nan(program) and "VALUE_NOT_REPRESENTABLE" in ours["error"][1]:
            return None
        return ("raised", ours["error"])
    if len(ours["outputs"]) != len(theirs["outputs"]):
        return ("outputs", len(ours["outputs"]), len(theirs["outputs"]))
    approx = fuzz.approximate(program)
    for i, (a, b) in enumerate(zip(ours["outputs"], theirs["outputs"], strict=True)):
        wrong = output_difference(a, b, ULPS if approx else None)
        if wrong:
            return (i, *wrong)
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_family_computes_what_tensorflow_does(family):
    if family == "subnormals" and not denormals.SUPPORTED:
        pytest.skip("graphgate cannot set this platform's flush-to-zero modes")
    names = [n for n in PROGRAMS if n.split(".")[0] == family and n not in KNOWN]
    wrong = {n: d for n in names if (d := difference(n)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize("name", known_params(KNOWN))
def test_known_difference(name):
    assert difference(name) is None


def test_the_fixture_holds_the_programs_the_recorder_draws():
    assert_fixture_holds(fuzz.programs(), PROGRAMS)
