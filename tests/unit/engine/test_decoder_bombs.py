"""Decoders of untrusted bytes against an adversary: small files that inflate hugely or
make a decoder loop long must stop at the run's limits (elements, deadline) before the
memory or the time is spent. Inputs are built here, deterministically."""

from __future__ import annotations

import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

import graphgate as gg
from graphgate.errors import GraphgateError
from graphgate.ops import gif_bmp_codec, jpeg_codec
from tests.support import collector_paused

FIXTURES = Path(__file__).parent / "fixtures" / "imgcodec"


def huge_jpeg(name: str, height: int, width: int) -> bytes:
    """A committed JPEG fixture whose frame header claims `height` x `width`: libjpeg
    (and TF) decode the blocks past the data as zeros, so ~1 KB is a whole large image."""
    data = bytearray((FIXTURES / name).read_bytes())
    pos = 2
    while data[pos + 1] not in (0xC0, 0xC1, 0xC2):
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
    data[pos + 5 : pos + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def paeth_png(width: int, height: int) -> bytes:
    """An RGBA PNG of zeros whose every row is Paeth-filtered: ~1,000:1 compressed."""
    raw = (b"\x04" + bytes(4 * width)) * height
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def _lzw_bomb(pixels: int) -> bytes:
    """GIF LZW codes (minimum code size 2) for `pixels` zeros: the table grows by KwKwK
    codes to 4,096 entries, then its last, 4,095 zeros long, is repeated."""
    codes, table, width = [0], 6, 3
    out = 1
    while out < pixels and table < 4096:
        codes.append(table)
        out += table - 6 + 2
        table += 1
        if table == 1 << width and width < 12:
            width += 1
    while out < pixels:
        codes.append(4095)
        out += 4095 - 6 + 2
    codes.append(5)
    acc = nbits = 0
    table, width, body = 6, 3, bytearray()
    for k, code in enumerate(codes):
        acc |= code << nbits
        nbits += width
        while nbits >= 8:
            body.append(acc & 0xFF)
            acc >>= 8
            nbits -= 8
        if k and table < 4096:
            table += 1
        if table == 1 << width and width < 12:
            width += 1
    if nbits:
        body.append(acc & 0xFF)
    return bytes(body)


def bomb_gif(side: int, frames: int) -> bytes:
    """`frames` frames of side x side zeros, each a few kilobytes of LZW."""
    lzw = _lzw_bomb(side * side)
    blocks = b"".join(
        bytes([len(lzw[i : i + 255])]) + lzw[i : i + 255] for i in range(0, len(lzw), 255)
    )
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, side, side, 0) + b"\x02" + blocks + b"\x00"
    screen = struct.pack("<HHBBB", side, side, 0x81, 0, 0) + bytes(12)  # 4-colour table
    return b"GIF89a" + screen + frame * frames + b"\x3b"


def test_the_gif_lzw_bomb_builder_decodes_to_what_it_claims():
    px = gif_bmp_codec.decode_gif(bomb_gif(64, 2), first_only=False)
    assert px.shape == (2, 64, 64, 3) and not px.any()


def _first_frame_peak(frames: int) -> int:
    tracemalloc.start()
    px = gif_bmp_codec.decode_gif(bomb_gif(700, frames), first_only=True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert px.shape == (1, 700, 700, 3)
    return peak


def test_a_first_frame_decode_keeps_one_frame_not_every_frame_of_a_gif():
    # GIVEN 2 and 24 frames of 700 x 700 zeros (a few KB each); the run's element check
    # saw one frame, as only the first is wanted (decode_image, expand_animations=False)
    assert len(bomb_gif(700, 24)) < 80_000
    # WHEN each is decoded, THEN the 22 more frames cost no more memory (keeping every
    # decoded frame cost 490 KB each: a 1 MB upload held gigabytes past the check)
    assert _first_frame_peak(24) < _first_frame_peak(2) + 700 * 700


@pytest.mark.parametrize(
    "make, decode",
    [
        (lambda: paeth_png(1500, 1500), gg.io.decode_png),
        (lambda: bomb_gif(1500, 40), gg.io.decode_gif),
        (lambda: huge_jpeg("cj_420_restart.jpg", 2000, 2000), gg.io.decode_jpeg),
        # the progressive path's scans are numpy-vectorised: 2000 x 2000 took 0.25 s on
        # one machine and under 0.2 s on another, so it claims four times the pixels
        (lambda: huge_jpeg("tf_progressive.jpg", 4000, 4000), gg.io.decode_jpeg),
    ],
    ids=["png-paeth-rows", "gif-many-frames", "jpeg-restarts", "jpeg-progressive"],
)
def test_a_slow_to_decode_small_file_stops_near_the_deadline(make, decode):
    # GIVEN a small file taking 0.6-2.5 s of pure-Python decoding on a 2026 x86-64 core
    # (Paeth rows run byte by byte; dozens of canvas-size LZW frames), and a run with a
    # 0.05 s budget: a tenth of the quickest, so a faster CPU still meets the deadline
    data = make()
    assert len(data) < 200_000
    x = gg.placeholder(gg.string, [])
    y = decode(x)
    sess = gg.Session(limits=gg.Limits(run_timeout=0.05))
    # WHEN it is decoded, THEN the run's deadline stops the decoder, not its end
    with collector_paused():
        started = time.process_time()
        with pytest.raises(GraphgateError) as info:
            sess.run(y, {x: data})
        took = time.process_time() - started
    assert info.value.code == "DEADLINE_EXCEEDED"
    assert took < 1.0


@pytest.mark.parametrize("op", ["extract_jpeg_shape", "decode_jpeg"])
def test_a_jpeg_header_claiming_a_huge_image_allocates_nothing_before_its_refusal(op):
    # GIVEN a 2 KB JPEG whose frame header claims 2000 x 2000 x 3, and a run limit of
    # 10,000 elements
    data = huge_jpeg("cj_rgb.jpg", 2000, 2000)
    x = gg.placeholder(gg.string, [])
    y = getattr(gg.io, op)(x)
    sess = gg.Session(limits=gg.Limits(max_tensor_elements=10_000))
    # WHEN its shape is read, or it is decoded
    tracemalloc.start()
    try:
        if op == "extract_jpeg_shape":
            assert sess.run(y, {x: data}).tolist() == [2000, 2000, 3]
        else:
            with pytest.raises(GraphgateError) as info:
                sess.run(y, {x: data})
            assert info.value.code == "TENSOR_TOO_LARGE"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # THEN no coefficient was allocated: reading the header allocated 8 bytes for each of
    # its 12e6 coefficients (96 MB here; 65535 x 65535 was OUT_OF_MEMORY, or the host's)
    assert peak < 2_000_000, peak


def gray_bmp(width: int, height: int) -> bytes:
    """An 8-bit BMP as TF's reader takes it: 54-byte header, rows padded to 4 bytes."""
    row = (width + 3) // 4 * 4
    header = b"BM" + struct.pack("<IHHI", 54 + row * height, 0, 0, 54)
    header += struct.pack("<IiiHH", 40, width, height, 1, 8) + bytes(24)
    return header + bytes(row * height)


def test_a_bmp_larger_than_the_run_limit_is_refused_before_its_pixels_are_built():
    # GIVEN a 1000 x 1000 gray BMP (1 MB) asked for as RGBA (4 MB) under a limit of 10,000
    data = gray_bmp(1000, 1000)
    x = gg.placeholder(gg.string, [])
    y = gg.io.decode_bmp(x, channels=4)
    sess = gg.Session(limits=gg.Limits(max_tensor_elements=10_000))
    # WHEN it is decoded
    tracemalloc.start()
    try:
        with pytest.raises(GraphgateError) as info:
            sess.run(y, {x: data})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # THEN it is refused with nothing built (the check came after: 4x the file, 8 MB peak)
    assert info.value.code == "TENSOR_TOO_LARGE"
    assert peak < 1_000_000, peak


def test_decoding_a_jpeg_holds_no_idct_temporaries_the_size_of_the_image():
    # GIVEN a 2 KB 4:4:4 JPEG decoding to 600 x 600 x 3 (1.08 MB of pixels)
    data = huge_jpeg("cj_rgb.jpg", 600, 600)
    # WHEN it is decoded
    tracemalloc.start()
    try:
        assert jpeg_codec.decode(data, 0, True, True, False).shape == (600, 600, 3)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # THEN the IDCT ran in bounded chunks: whole-plane IDCTs peaked at 41 MB (11 now with
    # the Huffman tables built here; test_decoder_memory holds the rest to one band)
    assert peak < 14_000_000, peak


@pytest.mark.parametrize("interlace", [0, 1])
def test_a_png_whose_data_ends_before_its_rows_is_invalid_not_an_endless_loop(interlace):
    # An 8 x 8 PNG whose zlib stream holds 20 raw bytes (h-soak4's fresh decoder-fuzz
    # seed mutated one). Interlaced, the inflater asked for each pass's rows while
    # input was left: once the stream ended, zlib handed the Adler-32 after it back as an
    # unconsumed tail on every call and the decode never returned. TF 2.21:
    # InvalidArgumentError "Invalid PNG data".
    ihdr = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, interlace)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(bytes(20)))
        + _chunk(b"IEND", b"")
    )
    x = gg.placeholder(gg.string, [])
    with gg.Session() as sess:
        for op in (gg.io.decode_png(x), gg.io.decode_image(x)):
            with pytest.raises(GraphgateError, match="Invalid PNG data") as caught:
                sess.run(op, {x: data})
            assert caught.value.code == "COMPUTE_ERROR"
