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

import graphgate as gg
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
KNOWN: dict[str, str] = {
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


# -- found by further draws (seeds "hunt1", "hunt2"): TF 2.21's answers, recorded ------------


def _run(build):
    with gg.Graph().as_default():
        return gg.Session().run(build())


def test_resize_area_keeps_a_cell_no_output_covers_out_of_its_sums():
    # The weights of a matrix product put 0 x inf = NaN where TF's loop never reads the cell.
    x = np.array([1.5, 2.0, 3.0, np.inf, 0.5, np.nan], np.float32).reshape(1, 1, 6, 1)
    got = _run(lambda: gg.image.resize_area(x, [2, 4]))
    want = [[1.6666667461395264, 2.6666667461395264, np.inf, np.nan]] * 2
    np.testing.assert_array_equal(got[0, :, :, 0], np.array(want, np.float32))


def test_resize_area_sums_in_tfs_order():
    # Large values that cancel: the order of TF's float32 sums decides the last bits.
    x = np.array([[30000, -29999, 7], [-32768, 32767, 5]], np.int16).reshape(1, 2, 3, 1)
    got = _run(lambda: gg.image.resize_area(x, [3, 2]))
    want = [10000.333984375, -9995.0, -461.333984375, 465.33447265625]
    want += [-10922.9990234375, 10925.666015625]
    np.testing.assert_array_equal(got.ravel(), np.array(want, np.float32))


def test_a_resize_to_a_computed_size_runs_even_when_the_size_is_the_images():
    img = np.arange(12, dtype=np.int32).reshape(2, 2, 3)
    with gg.Graph().as_default():
        padded = gg.image.resize_image_with_pad(img, 2, 2)
        kept = gg.image.resize_images(img, [2, 2], preserve_aspect_ratio=True)
        same = gg.image.resize_images(img, [2, 2])
    assert (padded.dtype, kept.dtype, same.dtype) == (gg.float32, gg.float32, gg.int32)


def test_sparse_add_thresholds_only_sums():
    with gg.Graph().as_default():
        a = gg.SparseTensor([[0], [1], [2]], [0.5, float("nan"), 1.0], [4])
        b = gg.SparseTensor([[1], [2], [3]], [1.0, -0.9, 0.2], [4])
        outs = [gg.sparse.add(a, b, t) for t in (0.0, 0.5)]
        got = gg.Session().run(outs)
    assert got[0].indices.ravel().tolist() == [0, 2, 3]  # the NaN sum dropped
    assert got[0].values.tolist() == [0.5, 0.10000002384185791, 0.20000000298023224]
    assert got[1].indices.ravel().tolist() == [0, 3]  # 0.2 alone is kept under 0.5


@pytest.mark.parametrize(
    ("pos", "size", "want"),
    [(1, -1, [b"", b""]), (0, -2, [b"", b""]), (-1, -1, None), (1, 0, [b"", b""])],
)
def test_substr_in_characters_with_a_negative_length(pos, size, want):
    x = [b"h\xc3\xa9llo", b"ab"]
    build = lambda: gg.strings.substr(x, pos, size, unit="UTF8_CHAR")  # noqa: E731
    if want is None:
        with pytest.raises(gg.errors.InvalidArgumentError):
            _run(build)
    else:
        assert _run(build).tolist() == want
    # In bytes a negative length runs to the end.
    assert _run(lambda: gg.strings.substr(x, 1, -1)).tolist() == [b"\xc3\xa9llo", b"b"]


# What TF 2.21's AdjustSaturation gives for pixels with a NaN or an infinite channel, by
# factors 1.5, 0, 0.5 and 3 (soak3's fresh fuzzimg seed, `colours.12`: graphgate gave NaN
# for [0.359375, nan, 0.015625]): its own rgb_to_hsv takes std::max and std::min, which
# keep their first argument against a NaN, and clamps the saturation as std::min(1,
# std::max(0, s * factor)), a NaN saturation 0.
_NAN, _INF = float("nan"), float("inf")
_SATURATION_PIXELS = [
    *([0.359375, _NAN, 0.015625], [_NAN, 0.5, 0.25], [0.5, 0.25, _NAN], [_NAN, _NAN, 0.5]),
    *([0.2, -_INF, 0.5], [0.9, 0.1, _NAN], [0.0, _NAN, 0.0], [-0.5, _NAN, 0.2]),
]
_SATURATED = {  # factor: each pixel's one value, in all three channels
    1.5: [0.359375, _NAN, 0.125, _NAN, 0.0, 0.0, 0.0, -0.5],
    0.0: [0.359375, _NAN, 0.5, _NAN, 0.5, 0.8999999761581421, 0.0, -0.5],
    0.5: [0.359375, _NAN, 0.375, _NAN, 0.0, 0.5, 0.0, -0.5],
    3.0: [0.359375, _NAN, 0.0, _NAN, 0.0, 0.0, 0.0, -0.5],
}


@pytest.mark.parametrize("factor", sorted(_SATURATED))
def test_adjust_saturation_of_a_nan_or_infinite_channel_is_tfs(factor):
    image = np.array([_SATURATION_PIXELS], np.float32)
    with gg.Graph().as_default():
        got = gg.Session().run(gg.image.adjust_saturation(gg.constant(image), factor))
    want = np.repeat(np.array(_SATURATED[factor], np.float32)[:, None], 3, axis=1)
    np.testing.assert_array_equal(got[0], want)


# rgb_to_hsv of pixels with NaN and infinite channels, as TF 2.21 computes them
# (`tf.image.rgb_to_hsv` of a [1, 15, 3] constant, float32 and float64): its value and
# minimum fold the channels with std::max/std::min from r to b, so a NaN is dropped by a
# channel after it and kept when last. A fresh tf_fuzzimport seed found graphgate's NaN
# (np.maximum) where TF has a value (`img.colours.70`: [nan, 0.21875, 0.15625]).
_HSV_PIXELS = [
    [_NAN, 0.21875, 0.15625],
    [0.2, _NAN, 0.3],
    [0.2, 0.3, _NAN],
    [_NAN, _NAN, 0.5],
    [0.5, _NAN, _NAN],
    [_NAN, _NAN, _NAN],
    [-_INF, -_INF, -_INF],
    [_INF, _INF, _INF],
    [-_INF, 0.5, 0.2],
    [_INF, 0.5, _NAN],
    [_NAN, 0.5, _INF],
    [0.1, 0.2, 0.3],
    [-3.0, -4.0, -5.0],
    [0.0, 0.0, 0.0],
    [_NAN, -1.0, -2.0],
]
_HSV = {
    "float32": [
        [_NAN, 0.2857142984867096, 0.21875],
        [0.0, 0.0, 0.30000001192092896],
        [0.0, 0.0, _NAN],
        [0.0, 0.0, 0.5],
        [0.0, 0.0, _NAN],
        [0.0, 0.0, _NAN],
        [0.0, 0.0, -_INF],
        [0.0, _NAN, _INF],
        [_NAN, _INF, 0.5],
        [0.0, 0.0, _NAN],
        [_NAN, _NAN, _INF],
        [0.5833333730697632, 0.6666666865348816, 0.30000001192092896],
        [0.0833333358168602, 0.0, -3.0],
        [0.0, 0.0, 0.0],
        [_NAN, 0.0, -1.0],
    ],
    "float64": [
        [_NAN, 0.2857142857142857, 0.21875],
        [0.0, 0.0, 0.3],
        [0.0, 0.0, _NAN],
        [0.0, 0.0, 0.5],
        [0.0, 0.0, _NAN],
        [0.0, 0.0, _NAN],
        [0.0, 0.0, -_INF],
        [0.0, _NAN, _INF],
        [_NAN, _INF, 0.5],
        [0.0, 0.0, _NAN],
        [_NAN, _NAN, _INF],
        [0.5833333333333333, 0.6666666666666666, 0.3],
        [0.08333333333333333, 0.0, -3.0],
        [0.0, 0.0, 0.0],
        [_NAN, 0.0, -1.0],
    ],
}


@pytest.mark.parametrize("dtype", sorted(_HSV))
def test_rgb_to_hsv_of_a_nan_or_infinite_channel_is_tfs(dtype):
    image = np.array([_HSV_PIXELS], dtype)
    with gg.Graph().as_default():
        got = gg.Session().run(gg.image.rgb_to_hsv(gg.constant(image)))
    np.testing.assert_array_equal(got[0], np.array(_HSV[dtype], dtype))
