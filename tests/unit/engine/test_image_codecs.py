"""The image codec ops (`decode_jpeg`, `decode_png`, `encode_png`, `decode_gif`, `decode_bmp`,
`decode_image`, `extract_jpeg_shape`, `is_jpeg`) against what TensorFlow 2.21's kernels
computed from the same bytes: pixel for pixel, dtype, shape, and TF's error text.

The files and TF's results are in fixtures/imgcodec (made by
tf_reference/make_image_codec_reference.py): JPEGs from tf.io.encode_jpeg and cjpeg (4:2:0,
4:2:2, 4:4:0, 4:1:1, 4:4:4, gray, RGB, restart intervals, optimized tables, qualities 10 to
100, sizes that are not multiples of 8), PNGs of every colour type, bit depth, filter and
interlace, GIFs (animated, partial frames, transparency, interlaced, 12-bit codes) and BMPs.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate.errors import GraphgateError

FIXTURES = Path(__file__).parent / "fixtures" / "imgcodec"
EXPECTED = np.load(FIXTURES / "expected.npz")
DOC = json.loads((FIXTURES / "expected.json").read_text())

# What graphgate refuses (UNIMPLEMENTED) where TF returns an image: never a guess.
REFUSED = {
    "cj_arith.jpg": "arithmetic-coded",
    "rgb16_gama.png|c1_uint8": "gAMA",
    "rgb16_gama.png|c1_uint16": "gAMA",
}

JPEG_VARIANTS = {
    "default": {},
    "gray": {"channels": 1},
    "rgb": {"channels": 3},
    "accurate": {"dct_method": "INTEGER_ACCURATE"},
    "accurate_gray": {"dct_method": "INTEGER_ACCURATE", "channels": 1},
    "plain": {"fancy_upscaling": False},
    "accurate_plain": {"fancy_upscaling": False, "dct_method": "INTEGER_ACCURATE"},
    "recover": {"try_recover_truncated": True},
    "ratio2": {"ratio": 2},
    "ratio4": {"ratio": 4},
    "ratio8": {"ratio": 8},
    "ratio2_accurate_gray": {"ratio": 2, "dct_method": "INTEGER_ACCURATE", "channels": 1},
    "ratio4_plain": {"ratio": 4, "fancy_upscaling": False},
}
CROSS = {
    "decode_image": lambda x: gg.io.decode_image(x),
    "decode_image_noexpand": lambda x: gg.io.decode_image(x, expand_animations=False),
    "decode_image_u16": lambda x: gg.io.decode_image(x, dtype=gg.uint16),
    "decode_image_f32": lambda x: gg.io.decode_image(x, dtype=gg.float32),
    "decode_image_c1": lambda x: gg.io.decode_image(x, channels=1),
    "decode_image_c4": lambda x: gg.io.decode_image(x, channels=4),
    "decode_png": lambda x: gg.io.decode_png(x),
    "decode_png_u16": lambda x: gg.io.decode_png(x, dtype=gg.uint16),
    "decode_jpeg": lambda x: gg.io.decode_jpeg(x),
    "decode_gif": lambda x: gg.io.decode_gif(x),
    "decode_bmp": lambda x: gg.io.decode_bmp(x),
    "decode_bmp_c3": lambda x: gg.io.decode_bmp(x, channels=3),
    "decode_bmp_c4": lambda x: gg.io.decode_bmp(x, channels=4),
    "decode_and_crop": lambda x: gg.io.decode_and_crop_jpeg(x, [1, 2, 3, 4]),
}


def _builders() -> dict:
    out = {
        f"jpeg:{k}": (lambda x, kw=kw: gg.image.decode_jpeg(x, **kw))
        for k, kw in JPEG_VARIANTS.items()
    }
    for c in (0, 1, 3, 4):
        for dt in ("uint8", "uint16"):
            out[f"png:c{c}_{dt}"] = lambda x, c=c, dt=dt: gg.image.decode_png(
                x, channels=c, dtype=dt
            )
    out.update({f"cross:{k}": fn for k, fn in CROSS.items()})
    return out


@pytest.fixture(scope="module")
def decoder():
    """One graph holding every op variant; `run(variant, data)` runs one of them."""
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.string, shape=[])
        ops = {k: fn(x) for k, fn in _builders().items()}
    session = gg.Session(graph=graph)

    def run(variant, data):
        return session.run(ops[variant], {x: data})

    yield run
    session.close()


def _cases() -> dict:
    by_file: dict = {}
    for key in [*EXPECTED.files, *DOC["hashed"], *DOC["errors"]]:
        name, variant = key.split("|", 1)
        if name in ("encode", "encode_src", "crop", "truncated", "partial"):
            continue
        by_file.setdefault(name, []).append(variant)
    return by_file


def _tf_text(message: str) -> str:
    """TF's message without its function-node prefix and [Op:...] suffix."""
    message = re.sub(r"^\{\{function_node [^}]*\}\} ", "", message)
    return re.sub(r" \[Op:\w+\]( name: )?$", "", message).strip()


def _variant_key(name: str, variant: str) -> str:
    if variant in CROSS:
        return f"cross:{variant}"
    return f"jpeg:{variant}" if name.endswith(".jpg") else f"png:{variant}"


@pytest.mark.parametrize("name", sorted(_cases()))
def test_decodes_as_tensorflow(decoder, name):
    data = (FIXTURES / name).read_bytes()
    for variant in sorted(_cases()[name]):
        key = f"{name}|{variant}"
        refused = REFUSED.get(key) or REFUSED.get(name)
        if refused:
            with pytest.raises(GraphgateError) as info:
                decoder(_variant_key(name, variant), data)
            assert info.value.code == "UNIMPLEMENTED", key
            assert refused in info.value.message, key
        elif key in DOC["errors"]:
            with pytest.raises(GraphgateError) as info:
                decoder(_variant_key(name, variant), data)
            assert info.value.category == "INVALID_ARGUMENT", key
            assert info.value.message == _tf_text(DOC["errors"][key].split(": ", 1)[1]), key
        else:
            got = decoder(_variant_key(name, variant), data)
            if key in DOC["hashed"]:
                want = DOC["hashed"][key]
                assert [list(got.shape), got.dtype.name] == [want["shape"], want["dtype"]], key
                assert (
                    hashlib.sha256(np.ascontiguousarray(got).tobytes()).hexdigest()
                    == want["sha256"]
                ), key
            else:
                want = EXPECTED[key]
                assert got.dtype == want.dtype and got.shape == want.shape, key
                np.testing.assert_array_equal(got, want, err_msg=key)


def test_the_codec_ops_round_trip_through_a_stored_graph_document():
    # GIVEN a graph using every codec op with non-default attributes
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.string, shape=[], name="x")
        jpeg = gg.image.decode_jpeg(x, channels=1, dct_method="INTEGER_ACCURATE", name="jpeg")
        gg.image.decode_png(gg.image.encode_png(jpeg, compression=9), dtype=gg.uint16, name="png")
        gg.io.decode_image(x, expand_animations=False, dtype=gg.float32, name="any")
        gg.io.extract_jpeg_shape(x, output_type=gg.int64, name="shape")
        gg.io.is_jpeg(x, name="is")
        gg.io.decode_gif(x, name="gif")
        gg.io.decode_bmp(x, channels=4, name="bmp")
    # WHEN it is written as a document (JSON) and read back
    doc = json.loads(json.dumps(gg.graph_to_dict(g)))
    g2 = gg.graph_from_dict(doc)
    data = (FIXTURES / "cj_422.jpg").read_bytes()
    fetches = [
        "jpeg:0",
        "png:0",
        "any/DecodeImage:0",
        "shape:0",
        "is/is:0",
    ]  # TF names it name_scope/name
    # THEN it computes what the original graph computes, TF's pixels included
    with gg.Session(graph=g) as s1, gg.Session(graph=g2) as s2:
        want = s1.run(fetches, {"x:0": data})
        got = s2.run(fetches, {"x:0": data})
    for a, b in zip(want, got, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(got[0], EXPECTED["cj_422.jpg|accurate_gray"])
    np.testing.assert_array_equal(got[1], got[0].astype(np.uint16) * 257)
    assert got[2].dtype == np.float32 and got[2].shape == (37, 45, 3)
    assert got[3].tolist() == [37, 45, 3] and got[3].dtype == np.int64 and got[4]
    assert g2.get_operation_by_name("jpeg").attrs["dct_method"] == "INTEGER_ACCURATE"


def test_bad_attributes_are_refused_when_the_graph_is_built():
    x = gg.placeholder(gg.string, shape=[])
    cases = [
        (lambda: gg.image.decode_jpeg(x, channels=2), "`channels` must be 0, 1, 3 or 4 but got 2"),
        (lambda: gg.image.decode_jpeg(x, ratio=3), "ratio must be 1, 2, 4, or 8, got 3"),
        (lambda: gg.image.decode_jpeg(x, dct_method="FLOAT"), "dct_method must be one of"),
        (
            lambda: gg.image.encode_png(gg.zeros([2, 2, 3], gg.uint8), compression=10),
            "compression should be in [-1,9], got 10",
        ),
        (lambda: gg.image.decode_png(x, dtype=gg.float32), "must be uint8, uint16"),
        (lambda: gg.image.decode_jpeg(gg.placeholder(gg.string, [2])), "Shape must be rank 0"),
        (lambda: gg.image.encode_png(gg.zeros([2, 2, 3])), "uint8 or uint16"),
    ]
    for build, text in cases:
        with pytest.raises(GraphgateError) as info:
            build()
        assert text in info.value.message


def test_encode_png_round_trips_every_channel_count_and_depth_and_tf_reads_ours():
    rs = np.random.RandomState(0)
    x = gg.placeholder(gg.uint8, [None, None, None])
    y = gg.placeholder(gg.uint16, [None, None, None])
    levels = (-1, 0, 9)
    enc8 = {lv: gg.image.encode_png(x, compression=lv) for lv in levels}
    enc16 = gg.image.encode_png(y)
    s = gg.placeholder(gg.string, [])
    dec8, dec16 = gg.image.decode_png(s), gg.image.decode_png(s, dtype=gg.uint16)
    with gg.Session() as sess:
        for c in (1, 2, 3, 4):
            img8 = rs.randint(0, 256, (13, 17, c)).astype(np.uint8)
            img16 = rs.randint(0, 65536, (5, 3, c)).astype(np.uint16)
            for lv in levels:
                png = sess.run(enc8[lv], {x: img8})
                np.testing.assert_array_equal(sess.run(dec8, {s: png}), img8)
            png = sess.run(enc16, {y: img16})
            np.testing.assert_array_equal(sess.run(dec16, {s: png}), img16)
        with pytest.raises(GraphgateError) as info:
            sess.run(enc8[-1], {x: np.zeros((0, 3, 3), np.uint8)})
        assert info.value.category == "INTERNAL"
    # TF's decode_png read what this encoder wrote (the generator checked these bytes).
    for c in (1, 2, 3, 4):
        assert f"ours_c{c}.png|c0_uint8" in EXPECTED.files


def test_a_decoded_image_larger_than_the_run_limit_is_refused_before_decoding():
    x = gg.placeholder(gg.string, [])
    y = gg.image.decode_jpeg(x)
    data = (FIXTURES / "tf_q90_224.jpg").read_bytes()
    sess = gg.Session(limits=gg.Limits(max_tensor_elements=10_000))
    with pytest.raises(GraphgateError) as info:
        sess.run(y, {x: data})
    assert info.value.code == "TENSOR_TOO_LARGE"


# What every codec failure reads like: TF's texts, or graphgate's refusals.
KNOWN_FAILURES = (
    "jpeg::Uncompress failed",
    "Invalid PNG",
    "Invalid GIF data",
    "Unknown image file format",
    "Input is empty",
    "Trying to decode",
    "Got ",
    "channels must be",
    "`channels` must be",
    "JPEG does not support",
    "Incomplete bmp",
    "Number of channels",
    "Width must",
    "Height must",
    "Input size should",
    "Invalid JPEG data, size",
    "decode_jpeg: ",
    "decode_png: ",
    "DecodeAndCropJpeg operation can run on JPEG only",
)


def test_corrupted_files_fail_with_tensorflows_errors_never_a_crash():
    # GIVEN fixtures with bytes changed, cut, dropped or inserted (a fixed seed)
    rng = np.random.RandomState(1234)
    files = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".jpg", ".png", ".gif", ".bmp"))
    x = gg.placeholder(gg.string, [])
    ops = [
        gg.io.decode_image(x),
        gg.io.decode_jpeg(x, ratio=2, dct_method="INTEGER_ACCURATE"),
        gg.io.decode_png(x, channels=1, dtype=gg.uint16),
        gg.io.extract_jpeg_shape(x),
        gg.io.decode_jpeg(x, try_recover_truncated=True),
        gg.io.decode_jpeg(x, acceptable_fraction=0.2, channels=1),
        gg.io.decode_and_crop_jpeg(x, [2, 3, 5, 6]),
    ]
    with gg.Session() as sess:
        for _ in range(400):
            data = bytearray(files[rng.randint(len(files))].read_bytes())
            at = rng.randint(len(data))
            kind = rng.randint(4)
            if kind == 0:
                data[at] = rng.randint(256)
            elif kind == 1:
                del data[at:]
            elif kind == 2:
                del data[at : at + rng.randint(1, 20)]
            else:
                data[at:at] = rng.randint(0, 256, rng.randint(1, 9)).astype(np.uint8).tobytes()
            for op in ops:
                # WHEN it is decoded THEN it is an image or one of the codecs' own errors
                try:
                    sess.run(op, {x: bytes(data)})
                except GraphgateError as exc:
                    assert exc.code in ("COMPUTE_ERROR", "UNIMPLEMENTED"), exc
                    assert exc.message.startswith(KNOWN_FAILURES), exc


def test_a_dc_huffman_table_with_a_symbol_above_15_is_tensorflows_error():
    # GIVEN a JPEG whose first DC table's last symbol is 0x20 (libjpeg: JERR_BAD_HUFF_TABLE)
    data = bytearray((FIXTURES / "tf_q75_8x8.jpg").read_bytes())
    at = data.index(b"\xff\xc4")
    assert data[at + 4] == 0x00  # class 0 (DC), table 0
    count = sum(data[at + 5 : at + 21])
    data[at + 21 + count - 1] = 0x20
    x = gg.placeholder(gg.string, [])
    with gg.Session() as sess, pytest.raises(GraphgateError) as info:
        sess.run(gg.io.decode_jpeg(x), {x: bytes(data)})
    assert info.value.message == "jpeg::Uncompress failed. Invalid JPEG data or crop window."


@pytest.mark.parametrize("case", sorted(DOC["encode_jpeg"]))
def test_encode_jpeg_gives_the_pixels_tensorflows_encoding_gives(case):
    # GIVEN an image TF encoded (with these attributes) and decoded
    image, want = EXPECTED[f"encode_src|{case}"], EXPECTED[f"encode|{case}"]
    x = gg.placeholder(gg.uint8, [None, None, None])
    data = gg.image.encode_jpeg(x, **DOC["encode_jpeg"][case])
    # WHEN graphgate encodes it and decodes its bytes
    with gg.Session() as sess:
        got = sess.run(gg.image.decode_jpeg(data), {x: image})
    # THEN the pixels are TF's: the quantized coefficients are libjpeg's
    np.testing.assert_array_equal(got, want)


def test_encode_jpeg_refuses_what_tensorflow_refuses():
    x = gg.placeholder(gg.uint8, [None, None, None])
    with pytest.raises(GraphgateError) as info:
        gg.image.encode_jpeg(x, quality=101)
    assert info.value.message == "quality must be in [0,100], got 101"
    cases = [
        (
            gg.image.encode_jpeg(x),
            np.zeros((5, 7, 4), np.uint8),
            "image must have 1 or 3 channels, got [5,7,4]",
        ),
        (
            gg.image.encode_jpeg(x, format="grayscale"),
            np.zeros((5, 7, 3), np.uint8),
            "format grayscale expects 1 channels, got [5,7,3]",
        ),
        (gg.image.encode_jpeg(x), np.zeros((0, 7, 3), np.uint8), "JPEG encoding failed"),
    ]
    with gg.Session() as sess:
        for op, image, text in cases:
            with pytest.raises(GraphgateError) as info:
                sess.run(op, {x: image})
            assert info.value.message == text


def test_decode_and_crop_jpeg_decodes_the_window_as_libjpeg_turbo_does():
    # GIVEN windows inside and outside JPEGs of every sampling, as TF decoded them
    x = gg.placeholder(gg.string, [])
    window = gg.placeholder(gg.int32, [4])
    ops = {f: gg.image.decode_and_crop_jpeg(x, window, fancy_upscaling=bool(f)) for f in (0, 1)}
    with gg.Session() as sess:
        for key in DOC["crops"]:
            _, name, box, fancy = key.split("|")
            feed = {x: (FIXTURES / name).read_bytes(), window: [int(v) for v in box.split(",")]}
            if key in DOC["errors"]:
                with pytest.raises(GraphgateError) as info:
                    sess.run(ops[int(fancy)], feed)
                assert info.value.message == _tf_text(DOC["errors"][key].split(": ", 1)[1]), key
            else:
                # THEN the pixels are TF's, edges of the window included
                np.testing.assert_array_equal(
                    sess.run(ops[int(fancy)], feed), EXPECTED[key], err_msg=key
                )


def test_a_truncated_jpeg_recovered_as_tensorflow_recovers_it_or_refused():
    # GIVEN JPEGs cut inside their scan, as TF decoded them with try_recover_truncated
    # (its source re-reads an MCU's bytes when they run out: jpeg_truncated replays that)
    x = gg.placeholder(gg.string, [])
    y = gg.image.decode_jpeg(x, try_recover_truncated=True)
    decoded = 0
    with gg.Session() as sess:
        for key in DOC["truncations"]:
            _, name, cut = key.split("|")
            feed = {x: (FIXTURES / name).read_bytes()[: int(cut)]}
            try:
                got = sess.run(y, feed)
            except GraphgateError as exc:
                # THEN a failure is TF's, or graphgate's refusal of what it cannot pin
                if key in DOC["errors"] and exc.code == "COMPUTE_ERROR":
                    continue
                assert exc.code == "UNIMPLEMENTED", (key, exc)
                continue
            # THEN an image is TF's, pixel for pixel
            assert key not in DOC["errors"], key
            np.testing.assert_array_equal(got, EXPECTED[key], err_msg=key)
            decoded += 1
    assert decoded >= len(DOC["truncations"]) // 3  # most cuts are recovered, not refused


def test_acceptable_fraction_keeps_the_lines_libjpeg_gave_before_it_suspended():
    # GIVEN cut JPEGs decoded by TF without recovery, with acceptable_fraction 0 or 0.5
    x = gg.placeholder(gg.string, [])
    ops = {}
    with gg.Session() as sess:
        for key in DOC["partial"]:
            _, name, cut, frac, fancy, channels = key.split("|")
            kw = {"acceptable_fraction": float(frac), "fancy_upscaling": bool(int(fancy))}
            kw["channels"] = int(channels)
            op = ops.setdefault((frac, fancy, channels), gg.image.decode_jpeg(x, **kw))
            feed = {x: (FIXTURES / name).read_bytes()[: int(cut)]}
            if key in DOC["errors"]:
                with pytest.raises(GraphgateError) as info:
                    sess.run(op, feed)
                assert info.value.code == "COMPUTE_ERROR", key
            else:
                # THEN the same lines are kept (the postponed row group of fancy upsampling
                # included) and the rest is black, as TF's
                np.testing.assert_array_equal(sess.run(op, feed), EXPECTED[key], err_msg=key)


def test_encoded_bytes_count_against_the_run_limit():
    # GIVEN a run whose tensors (strings: their bytes) hold at most 3100 elements, and noise
    # (3072 pixels) that no encoder squeezes below that
    x = gg.placeholder(gg.uint8, [None, None, 3])
    image = np.random.RandomState(0).randint(0, 256, (32, 32, 3)).astype(np.uint8)
    sess = gg.Session(limits=gg.Limits(max_tensor_elements=3100))
    jpeg = gg.image.encode_jpeg(x, quality=100, chroma_downsampling=False)
    for op in (gg.image.encode_png(x), jpeg):
        # WHEN an image encodes to more THEN the run stops with TENSOR_TOO_LARGE
        with pytest.raises(GraphgateError) as info:
            sess.run(op, {x: image})
        assert info.value.code == "TENSOR_TOO_LARGE"


def test_a_top_down_bmp_as_uint16_is_decoded_where_tensorflow_crashes():
    # TF 2.21 allocates height * width with a negative height there and segfaults; the
    # scaling is the one TF applies to every other 8-bit image (x256, /255).
    data = (FIXTURES / "rgb24_topdown.bmp").read_bytes()
    x = gg.placeholder(gg.string, [])
    with gg.Session() as sess:
        u8, u16, f32 = sess.run(
            [
                gg.io.decode_bmp(x),
                gg.io.decode_image(x, dtype=gg.uint16),
                gg.io.decode_image(x, dtype=gg.float32),
            ],
            {x: data},
        )
    np.testing.assert_array_equal(u8, EXPECTED["rgb24_topdown.bmp|decode_bmp"])
    np.testing.assert_array_equal(u16, u8.astype(np.uint16) * 256)
    np.testing.assert_array_equal(f32, u8.astype(np.float32) * np.float32(1 / 255))


def test_static_shapes_are_tensorflows():
    x = gg.placeholder(gg.string, [])
    window = gg.placeholder(gg.int32, [4])
    shapes = {
        "decode_jpeg": (gg.image.decode_jpeg(x), [None, None, None]),
        "decode_jpeg3": (gg.image.decode_jpeg(x, channels=3), [None, None, 3]),
        "decode_png4": (gg.image.decode_png(x, channels=4, dtype=gg.uint16), [None, None, 4]),
        "decode_gif": (gg.image.decode_gif(x), [None, None, None, 3]),
        "decode_image": (gg.image.decode_image(x), None),
        "decode_image_3d": (gg.image.decode_image(x, 3, expand_animations=False), [None, None, 3]),
        "crop_constant": (gg.image.decode_and_crop_jpeg(x, [1, 2, 3, 4], channels=3), [3, 4, 3]),
        "crop_fed": (gg.image.decode_and_crop_jpeg(x, window), [None, None, None]),
        "shape": (gg.image.extract_jpeg_shape(x), [3]),
        "encode": (gg.image.encode_jpeg(gg.zeros([2, 2, 3], gg.uint8)), []),
    }
    for name, (t, want) in shapes.items():
        got = None if t.static_shape is None else list(t.static_shape)
        assert got == want, name


def test_a_file_cut_before_its_second_scan_is_tensorflows_error_without_recovery():
    # GIVEN a 4-component JPEG whose fourth component has a scan of its own, cut inside the
    # first scan (TF 2.21, checked by hand: libjpeg reads such a file whole before any
    # line, so acceptable_fraction saves nothing; with recovery it decodes, the unscanned
    # component keeping libjpeg's zeroed multipliers)
    data = (FIXTURES / "cmyk_plain.jpg").read_bytes()[:829]
    x = gg.placeholder(gg.string, [])
    with gg.Session() as sess:
        with pytest.raises(GraphgateError) as info:
            sess.run(gg.image.decode_jpeg(x, acceptable_fraction=0.1), {x: data})
        assert info.value.message.startswith("jpeg::Uncompress failed")
        image = sess.run(gg.image.decode_jpeg(x, try_recover_truncated=True), {x: data})
    assert image.shape == (37, 45, 3)


def test_the_tf1_input_line_decode_jpeg_of_read_file():
    # TF1's canonical input pipeline: tf.image.decode_jpeg(tf.read_file(f), channels=3)
    image = gg.image.decode_jpeg(gg.read_file(str(FIXTURES / "cj_422.jpg")), channels=3)
    with gg.Session() as sess:
        np.testing.assert_array_equal(sess.run(image), EXPECTED["cj_422.jpg|rgb"])
