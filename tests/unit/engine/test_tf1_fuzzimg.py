"""Differential fuzzing of tf.image, tf.strings and the sparse ops against TensorFlow: the
small TF1 graphs `tests/reference/tf1_fuzzimg.py` draws with fixed seeds, run on graphgate
and compared with what `tf.compat.v1` computed (`fixtures/tf1_fuzzimg.json`), one test per
family: static shapes at construction exactly, then dtypes, shapes and values; invalid
configurations raise TF's class, at TF's stage or earlier.

Values, by the program's `tol`:
- "exact": bit for bit (any NaN for a NaN): indexing and data movement (flips, rotations,
  crops, pads, nearest-neighbour resizes, sparse reorders, slices, splits), integers,
  strings, and the conversions TF defines as one cast and one multiply.
- "ulps:N": within N units in the last place, or N eps of 1 (fuzzkit's float_differences).
  4 for the sparse sums and matmuls (a handful of terms each, summed in TF's order or
  another); 8 for the colour maths (a few roundings per pixel, and Eigen's vectorized
  divisions and float16 computed in float32); 64 for the interpolating resizes (TF
  computes weights in float32 and a pixel's interpolation in its own order, the
  gradient scatters them) and the image statistics (SSIM's and PSNR's means over the
  image, total variation's sums).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.unit.engine.tf_observed import (
    error_classes,
    error_difference,
    float_differences,
    known_params,
    reference,
)

FIXTURE, fuzz = reference("tf1_fuzzimg")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})

# Programs graphgate still answers differently (name: why): each is expected to differ,
# so that the test fails once it agrees.
_RAGGED_DECODE = (
    "unicode_decode (or _with_offsets) of a vector: TF answers a RaggedTensor; graphgate "
    "decodes scalars only and refuses the rest when built (UNIMPLEMENTED, docs/engine.md)"
)
_SCRIPT = "tf.strings.unicode_script (ICU's script table) is not in graphgate (AttributeError)"
KNOWN: dict[str, str] = {
    **dict.fromkeys(
        ("strings.108", "strings.138", "strings.168", "strings.18", "strings.48"),
        _RAGGED_DECODE,
    ),
    **dict.fromkeys(("strings.78", "invalid.40"), _RAGGED_DECODE),
    **dict.fromkeys(
        ("strings.118", "strings.148", "strings.28", "strings.58", "strings.88"), _SCRIPT
    ),
    "strings.42": "TF 2.21 itself fails to report its error: substr's InvalidArgumentError "
    "quotes a string that is not UTF-8 and its Python raises UnicodeDecodeError decoding "
    "the message; graphgate raises the InvalidArgumentError",
    **dict.fromkeys(
        ("invalid.20", "invalid.21"),
        "convert_image_dtype to string or from bool: TF's Python fails reading the dtype's "
        "`max` (AttributeError); graphgate refuses the dtype (DTYPE_MISMATCH, a TypeError)",
    ),
    "invalid.42": "an input_encoding TF takes from ICU's converters (LATIN-9): graphgate "
    "decodes UTF-8, UTF-16-BE, UTF-32-BE, ISO-8859-1 and US-ASCII only (INVALID_ATTR)",
    "sparse.26": "sparse.reduce_sum of a SparseTensor whose dense_shape is fed: graphgate "
    "knows the result's rank from the dense_shape's static length, TF's shape function "
    "wants its value (unknown rank)",
}


def _observe(program: dict) -> dict:
    import graphgate as gg

    with np.errstate(all="ignore"):
        return fuzz.observe(gg, program, error_classes)


def _in_float32(spec: dict) -> dict:
    return fuzz.encode(fuzz.decode(spec).astype(np.float32))


def _values_differ(a: dict, b: dict, tol: str, op: str = ""):
    if op == "colour" and b["dtype"] == "float64":
        # TF's adjustments compute a float64 image in float32 (convert_image_dtype), and
        # so does graphgate: their last bits are float32's.
        a, b = _in_float32(a), _in_float32(b)
    if b["dtype"] == "string":
        return None if a.get("text") == b["text"] else ("strings", a.get("text"), b["text"])
    if np.dtype(b["dtype"]).kind not in "fc":
        return None if a["bits"] == b["bits"] else ("values", a["bits"][:8], b["bits"][:8])
    n = int(tol.split(":")[1]) if tol.startswith("ulps") else 0
    wrong = float_differences(a, b, {16: n, 32: n, 64: n} if n else None)
    return ("values", wrong[:4]) if wrong else None


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
    for i, (a, b) in enumerate(zip(ours["outputs"], theirs["outputs"], strict=True)):
        if (a is None) != (b is None):
            return (i, "gradient", a, b)
        if a is None:
            continue
        for key in ("dtype", "shape"):
            if a[key] != b[key]:
                return (i, key, a[key], b[key])
        wrong = _values_differ(a, b, program["tol"], program["op"])
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
    # As JSON text: a NaN default value is equal to itself there.
    drawn = {n: json.dumps(p, sort_keys=True) for n, p in fuzz.programs().items()}
    recorded = {
        n: json.dumps({k: PROGRAMS[n][k] for k in json.loads(p)}, sort_keys=True)
        for n, p in drawn.items()
        if n in PROGRAMS
    }
    assert drawn.keys() == PROGRAMS.keys()
    assert drawn == recorded
