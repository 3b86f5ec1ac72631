"""The image decoders' working memory: a small multiple of the output (coefficients in 16
bits, a scan's words and the pixels' temporaries one window or band at a time), checked
with tracemalloc (numpy reports to it); what a decode would hold is refused before it is
allocated when it is out of proportion to the run's limit. Windows and bands are shrunk
here so the TF fixtures cross their boundaries: the pixels must stay TF's."""

from __future__ import annotations

import struct
import tracemalloc
import zlib

import pytest

import graphgate as gg
from graphgate.errors import GraphgateError
from graphgate.ops import gif_bmp_codec, jpeg_codec, png_codec
from tests.unit.engine import test_decoder_bombs
from tests.unit.engine import test_image_codecs as codecs
from tests.unit.engine.test_decoder_bombs import huge_jpeg


@pytest.fixture
def small_steps(monkeypatch):
    # A JPEG window of 4,160 bytes moves every 64 bytes of a scan and a band is one iMCU
    # row; a PNG is inflated from 1-byte inputs a row at a time; a GIF's LZW words are
    # made 8 bytes at a time and its frames composed a row at a time.
    monkeypatch.setattr(jpeg_codec, "_WINDOW", len(jpeg_codec._PAD) + 64)
    monkeypatch.setattr(jpeg_codec, "_BAND_PIXELS", 1)
    monkeypatch.setattr(png_codec, "_BAND_BYTES", 1)
    monkeypatch.setattr(png_codec, "_INPUT_CHUNK", 1)
    monkeypatch.setattr(gif_bmp_codec, "_WINDOW", 8)
    monkeypatch.setattr(gif_bmp_codec, "_BAND_PIXELS", 1)


@pytest.mark.parametrize("name", sorted(codecs._cases()))
def test_images_decode_as_tensorflow_across_windows_and_bands(small_steps, name):
    # GIVEN every fixture and attribute set TF decoded (JPEGs sequential and progressive,
    # with restart intervals, of every sampling; PNGs of every colour type, depth and
    # interlace; GIFs animated and interlaced), read through small windows and written a
    # row or an iMCU row at a time; THEN every pixel is TF's
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.string, shape=[])
        ops = {k: fn(x) for k, fn in codecs._builders().items()}
    with gg.Session(graph=graph) as session:
        codecs.test_decodes_as_tensorflow(lambda v, d: session.run(ops[v], {x: d}), name)


def test_crop_windows_and_truncated_files_decode_as_tensorflow_in_bands(small_steps):
    codecs.test_decode_and_crop_jpeg_decodes_the_window_as_libjpeg_turbo_does()
    codecs.test_a_truncated_jpeg_recovered_as_tensorflow_recovers_it_or_refused()
    codecs.test_acceptable_fraction_keeps_the_lines_libjpeg_gave_before_it_suspended()


def _peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _excess(name: str, side: int) -> int:
    """Peak bytes of decoding `name` claiming side x side, beyond its output and its
    coefficients (16 bits each); the Huffman tables are built before the measurement."""
    data = huge_jpeg(name, side, side)
    frame = jpeg_codec.parse(data, False)
    frame.allocate()
    needed = side * side * 3 + frame.coefficient_bytes()
    del frame
    jpeg_codec.decode(data, 0, True, True, False)
    return _peak(lambda: jpeg_codec.decode(data, 0, True, True, False)) - needed


@pytest.mark.parametrize("name", ["cj_rgb.jpg", "cj_422.jpg", "tf_progressive.jpg"])
def test_a_jpeg_decode_holds_its_output_its_coefficients_and_one_band(name):
    # GIVEN a 1-2 KB JPEG (4:4:4 RGB, 4:2:2, progressive 4:2:0) claiming 600 x 600 and
    # 1,200 x 1,200 pixels; WHEN each is decoded
    small, large = _excess(name, 600), _excess(name, 1200)
    # THEN beyond the output and the coefficients it holds one band's temporaries, the
    # same for 4x the pixels (whole-plane temporaries and coefficients in lists of Python
    # ints held 17 to 34 MB more here at 600 x 600)
    assert small < 3_500_000 and large < small + 1_000_000, (small, large)


def _run(data: bytes, limit: int, **attrs):
    x = gg.placeholder(gg.string, [])
    y = gg.io.decode_jpeg(x, **attrs)
    return gg.Session(limits=gg.Limits(max_tensor_elements=limit)).run(y, {x: data})


def test_a_jpeg_whose_coefficients_outweigh_the_run_limit_is_refused_before_allocating():
    # GIVEN a 2 KB 4:4:4 JPEG claiming 1000 x 1000, asked for in gray: 1,000,000
    # elements, within a limit of as many, from 6 MB of coefficients (three components,
    # 16 bits each): with the output and a band, more than the 8 MB of the largest tensor
    # the run allows (1e6 float64s)
    data = huge_jpeg("cj_rgb.jpg", 1000, 1000)
    # WHEN it is decoded
    tracemalloc.start()
    try:
        with pytest.raises(GraphgateError) as info:
            _run(data, 1_000_000, channels=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # THEN it is refused with the stable code, nothing allocated (it was decoded: 35 MB)
    assert info.value.code == "TENSOR_TOO_LARGE", info.value
    assert info.value.details["bytes"] > info.value.details["limit"] == 8_000_000
    assert peak < 2_000_000, peak


def test_a_jpeg_at_the_run_limit_still_decodes():
    # GIVEN a JPEG decoding to 1000 x 1000 x 3, exactly a limit of 3,000,000 elements;
    # WHEN it is decoded, THEN its output, coefficients and band fit the working memory
    # the limit allows (24 MB), and so does its 8x smaller decode
    data = huge_jpeg("cj_rgb.jpg", 1000, 1000)
    assert _run(data, 3_000_000).shape == (1000, 1000, 3)
    assert _run(data, 3_000_000, ratio=8).shape == (125, 125, 3)


def _output_and_peak(decode) -> tuple[int, int]:
    decode()  # tables and caches built outside the measurement
    tracemalloc.start()
    try:
        out = decode()
        return out.nbytes, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_png_decode_holds_its_output_and_one_band():
    # GIVEN a 1500 x 1500 RGBA PNG of ~10 KB (9 MB of pixels); WHEN it is decoded
    raw = (b"\x02" + bytes(4 * 1500)) * 1500  # every row Up-filtered
    ihdr = struct.pack(">IIBBBBB", 1500, 1500, 8, 6, 0, 0, 0)
    chunks = [(b"IHDR", ihdr), (b"IDAT", zlib.compress(raw, 9)), (b"IEND", b"")]
    data = png_codec.SIGNATURE + b"".join(test_decoder_bombs._chunk(*c) for c in chunks)
    size, peak = _output_and_peak(lambda: png_codec.decode(data, 0, 8))
    # THEN the peak is the output and a band (the inflated rows, their unfiltered copy,
    # the samples and the converted copy, each the output's size, peaked at 27 MB)
    assert size == 1500 * 1500 * 4 and peak < size + 2_000_000, peak


def test_a_gif_decode_holds_its_frames_indices_and_one_band():
    # GIVEN a 1500 x 1500 GIF of ~20 KB of LZW codes (6.75 MB of RGB); WHEN it is decoded
    data = test_decoder_bombs.bomb_gif(1500, 1)
    size, peak = _output_and_peak(lambda: gif_bmp_codec.decode_gif(data, False))
    # THEN the peak is the output, the frame's indices (a byte a pixel) and a band (a
    # Python int per byte of LZW data and whole-canvas masks peaked at 58 MB)
    assert size == 1500 * 1500 * 3 and peak < size + 1500 * 1500 + 2_000_000, peak
