"""Structure-aware mutation fuzz of the image decoders over the committed fixtures (fixed
seed): JPEG segments and PNG chunks duplicated, dropped, their length fields set to 0, 1,
0xFFFF or 2^32 - 1, header fields set to 0 or the maximum, GIF screens and frames resized.
Byte-level mutation is test_image_codecs'. Every outcome is an image or a GraphgateError
with the codecs' own codes; `make soak` runs many more."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np

import graphgate as gg
from graphgate.errors import GraphgateError
from tests.hardening import scaled

FIXTURES = Path(__file__).parent / "fixtures" / "imgcodec"
EXPECTED_CODES = {"COMPUTE_ERROR", "UNIMPLEMENTED", "TENSOR_TOO_LARGE"}


def _jpeg_segments(d: bytes) -> list[tuple[int, int]]:
    out, i = [], 2
    while i + 4 <= len(d) and d[i] == 0xFF and not 0xD0 <= d[i + 1] <= 0xD9:
        length = struct.unpack(">H", d[i + 2 : i + 4])[0]
        out.append((i, length))
        if d[i + 1] == 0xDA:
            break
        i += 2 + length
    return out


def _png_chunks(d: bytes) -> list[tuple[int, int]]:
    out, i = [], 8
    while i + 8 <= len(d):
        length = struct.unpack(">I", d[i : i + 4])[0]
        out.append((i, length))
        i += 12 + length
    return out


def _mutate_jpeg(rng, d: bytearray) -> None:
    segments = _jpeg_segments(d)
    if not segments:
        return
    at, length = segments[rng.randint(len(segments))]
    kind = rng.randint(4)
    if kind == 0:
        d[at + 2 : at + 4] = struct.pack(">H", (0, 1, 2, 3, 0xFFFF)[rng.randint(5)])
    elif kind == 1:
        d[at:at] = d[at : at + 2 + length]
    elif kind == 2:
        del d[at : at + 2 + length]
    elif at + 9 < len(d):  # an SOF's height and width, or the first bytes of another body
        d[at + 5 : at + 9] = struct.pack(
            ">HH", *(int(v) for v in rng.choice([0, 1, 300, 0xFFFF], 2))
        )


def _mutate_png(rng, d: bytearray) -> None:
    chunks = _png_chunks(d)
    if not chunks:
        return
    at, length = chunks[rng.randint(len(chunks))]
    kind = rng.randint(4)
    if kind == 0:
        d[at : at + 4] = struct.pack(">I", (0, 1, 0x7FFFFFFF, 0xFFFFFFFF)[rng.randint(4)])
    elif kind == 1:
        d[at:at] = d[at : at + 12 + length]
    elif kind == 2:
        d[at + 4 : at + 8] = (b"IDAT", b"IEND", b"PLTE", b"tRNS", b"IHDR")[rng.randint(5)]
    else:  # an IHDR field, its CRC kept right so the field itself is what is read
        fields = bytearray(d[16:29])
        fields[rng.randint(13)] = (0, 1, 0xFF)[rng.randint(3)]
        d[16:29] = fields
        d[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(fields)))


def _mutate_gif(rng, d: bytearray) -> None:
    at = (6, 8)[rng.randint(2)] if rng.randint(2) else d.find(b"\x2c") + 1 + rng.randint(10)
    if 0 < at < len(d) - 1:
        d[at : at + 2] = struct.pack("<H", (0, 1, 12, 0xFFFF)[rng.randint(4)])


MUTATE = {".jpg": _mutate_jpeg, ".png": _mutate_png, ".gif": _mutate_gif}


def test_structurally_mutated_images_decode_or_fail_with_the_codecs_codes():
    # GIVEN the fixtures with segments, chunks and header fields mutated (a fixed seed)
    rng = np.random.RandomState(2026)
    files = sorted(p for p in FIXTURES.iterdir() if p.suffix in MUTATE)
    x = gg.placeholder(gg.string, [])
    ops = [
        gg.io.decode_image(x),
        gg.io.decode_image(x, expand_animations=False),
        gg.io.decode_jpeg(x, try_recover_truncated=True, acceptable_fraction=0.3, ratio=2),
        gg.io.decode_png(x, dtype=gg.uint16),
        gg.io.decode_and_crop_jpeg(x, [1, 1, 3, 3]),
        gg.io.extract_jpeg_shape(x),
    ]
    sess = gg.Session(limits=gg.Limits(max_tensor_elements=4_000_000))
    for _ in range(scaled(250, 5000)):
        path = files[rng.randint(len(files))]
        data = bytearray(path.read_bytes())
        for _ in range(1 + rng.randint(2)):
            MUTATE[path.suffix](rng, data)
        for op in ops:
            # WHEN it is decoded, THEN an image or one of the codecs' own errors
            try:
                sess.run(op, {x: bytes(data)})
            except GraphgateError as exc:
                assert exc.code in EXPECTED_CODES, (path.name, exc)


def test_a_png_whose_first_chunk_is_a_cut_idat_is_invalid_not_an_internal_error():
    # GIVEN a PNG whose IHDR is typed IDAT and claims 2^32 - 1 bytes (found by the fuzz)
    data = bytearray((FIXTURES / "gray8.png").read_bytes())
    data[8:16] = b"\xff\xff\xff\xffIDAT"
    x = gg.placeholder(gg.string, [])
    # WHEN it is decoded, THEN it is TF's invalid PNG (it reached header.width of None)
    with gg.Session() as sess:
        for op in (gg.io.decode_png(x), gg.io.decode_image(x)):
            try:
                sess.run(op, {x: bytes(data)})
            except GraphgateError as exc:
                assert exc.code == "COMPUTE_ERROR" and "Invalid PNG" in str(exc), exc
            else:
                raise AssertionError("decoded")
