"""Differential fuzzing of the nn, convolution and image ops against TensorFlow: the small
TF1 graphs `tests/reference/tf1_fuzznn.py` draws with fixed seeds, run on graphgate and
compared with what `tf.compat.v1` computed (`fixtures/tf1_fuzznn.json`), one test per
family: static shapes at construction exactly, then dtypes, shapes, integers (argmax
indices, selected boxes) and data movement exactly, and floats within what their sums
justify; invalid configurations raise TF's class, at TF's stage or earlier, and a message
holding the gist of TF's.

Float tolerances, by the program's `tol`:
- "linear" (convolutions, average pools, patches, bias adds and their gradients, each a
  sum of products of the inputs): TF's Eigen and oneDNN kernels sum in their own order
  (blocked, vectorized, sometimes as a matrix product of patches), so neither side is
  exact; each rounding of a sum of n terms is within n·eps·Σ|terms| of the true value in
  the worst case and within about √n·eps·Σ|terms| in practice. Σ|terms| is what the same
  program computes on the inputs' absolute values (the upstream gradient is positive),
  and both answers must lie within LINEAR_EPS·eps of it from each other.
- "smooth" (normalizations, resizes, colour maths, activations: a few roundings and
  transcendentals per element, not long sums): within SMOOTH_EPS·eps of the output's
  largest magnitude.
- "exact": bit for bit (any NaN for a NaN).
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import (
    assert_fixture_holds,
    error_classes,
    error_difference,
    known_params,
    reference,
)

FIXTURE, fuzz = reference("tf1_fuzznn")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})

# Multiples of the dtype's eps (see the module docstring). The recorded programs differ
# from TF by at most 1.45 eps·Σ|terms| (a float64 conv3d) and 2.3 eps of the largest
# magnitude (float64 colour maths in float32): about 3x that, under the √n·eps of a
# 48-term sum.
LINEAR_EPS = 4
SMOOTH_EPS = 8

# Programs graphgate still answers differently (name: why): each is expected to differ,
# so that the test fails once it agrees.
_ONEDNN_EMPTY = (
    "an empty batch through TF's oneDNN convolution comes back in the input's shape, not "
    "the static shape TF itself inferred; graphgate gives the static shape, as TF's Eigen "
    "kernels (TF_ENABLE_ONEDNN_OPTS=0) do"
)
_PADDED_NMS = (
    "TF 2's non_max_suppression_padded is a tiled Python rewrite (it suppresses at IoU >= "
    "the threshold and fails to build for no boxes); graphgate keeps TF 1.15's "
    "NonMaxSuppressionV4 kernel (docs/engine.md)"
)
KNOWN: dict[str, str] = {
    **dict.fromkeys(("convs.5", "convs.71", "convs.84", "convs.119"), _ONEDNN_EMPTY),
    **dict.fromkeys(
        ("convs.33", "convs.34"),
        "TF's oneDNN conv2d sums the wrong columns where a SAME stride (3) passes the "
        "input's width (2) under a window of 2; graphgate sums the windows TF's Eigen "
        "kernel (TF_ENABLE_ONEDNN_OPTS=0) and the definition give",
    ),
    "convs.28": "TF's CPU refuses the backprop of a dilated conv2d with explicit padding "
    "(oneDNN takes none, its Eigen kernel has no dilations); graphgate computes it",
    **dict.fromkeys(
        ("convs.134", "convs.144"),
        "an output_shape the input cannot come from: TF's oneDNN kernel aborts (AbortedError), "
        "its Eigen kernel raises InvalidArgumentError, as graphgate does while building",
    ),
    **dict.fromkeys(("nms.3", "nms.13", "nms.28"), _PADDED_NMS),
    "invalid.13": "an int32 conv2d: TF 2 computes it, with a kernel TF 1 did not have; "
    "graphgate refuses integer convolutions, as TF 1 did",
}


def _observe(program: dict) -> dict:
    with np.errstate(all="ignore"):
        return fuzz.observe(gg, program, error_classes)


def _magnitudes(program: dict) -> list:
    """Σ|terms| of each output of a multilinear program: it run on |inputs|."""
    absolute = dict(program)
    absolute["inputs"] = [fuzz.encode(np.abs(fuzz.decode(s))) for s in program["inputs"]]
    seen = _observe(absolute)
    return [None if o is None else fuzz.decode(o) for o in seen["outputs"]]


# TF's image functions compute in float32 whatever the images' float dtype (float64 goes
# through convert_image_dtype): their roundings are float32's.
_FLOAT32_OPS = ("adjust", "resize", "crop_and_resize")


def _float_wrong(ours, theirs, tol: str, magnitude, op: str) -> list:
    a, b = ours.astype(np.float64), theirs.astype(np.float64)
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    if tol != "exact":
        eps = float(np.finfo(theirs.dtype).eps)
        if op in _FLOAT32_OPS:
            eps = max(eps, float(np.finfo(np.float32).eps))
        if tol == "linear":
            bound = LINEAR_EPS * eps * np.abs(magnitude.astype(np.float64))
        else:
            finite = np.abs(b[np.isfinite(b)])
            bound = SMOOTH_EPS * eps * (finite.max() if finite.size else 0.0)
        with np.errstate(invalid="ignore"):
            same |= np.abs(a - b) <= bound
    elif theirs.dtype.kind == "f":
        same = (ours.view(f"u{ours.itemsize}") == theirs.view(f"u{ours.itemsize}")) | same
        same &= np.signbit(a) == np.signbit(b) | np.isnan(b)
    return [(int(i), float(a.flat[i]), float(b.flat[i])) for i in np.flatnonzero(~same)]


def _output_difference(ours, theirs, tol, magnitude, op):
    if ours is None or theirs is None:
        return None if ours is theirs else ("gradient", ours, theirs)
    for key in ("dtype", "shape"):
        if ours[key] != theirs[key]:
            return (key, ours[key], theirs[key])
    a, b = fuzz.decode(ours), fuzz.decode(theirs)
    if b.dtype.kind == "f":
        wrong = _float_wrong(a, b, tol, magnitude, op)
        return ("values", wrong[:4]) if wrong else None
    if ours["bits"] != theirs["bits"]:
        return ("values", ours["bits"][:16], theirs["bits"][:16])
    return None


def difference(name: str):
    """How graphgate's answer to program `name` differs from TF's, or None."""
    program = PROGRAMS[name]
    theirs = program["tf"]
    ours = _observe(program)
    if "error" in theirs:
        return error_difference(ours, theirs["error"], program.get("gist"), fuzz.says)
    if "error" in ours:
        return ("raised", ours["error"])
    if ours["static"] != theirs["static"]:
        return ("static shapes", ours["static"], theirs["static"])
    if len(ours["outputs"]) != len(theirs["outputs"]):
        return ("outputs", len(ours["outputs"]), len(theirs["outputs"]))
    tol = program["tol"]
    magnitudes = _magnitudes(program) if tol == "linear" else [None] * len(ours["outputs"])
    for i, (a, b, m) in enumerate(zip(ours["outputs"], theirs["outputs"], magnitudes, strict=True)):
        wrong = _output_difference(a, b, tol, m, program["op"])
        if wrong:
            return (i, *wrong)
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_family_computes_what_tensorflow_does(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and n not in KNOWN]
    wrong = {n: d for n in names if (d := difference(n)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize("name", known_params(KNOWN))
def test_known_difference(name):
    assert difference(name) is None


def test_the_fixture_holds_the_programs_the_recorder_draws():
    assert_fixture_holds(fuzz.programs(), PROGRAMS)
