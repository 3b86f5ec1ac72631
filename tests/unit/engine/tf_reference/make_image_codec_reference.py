"""Dev-only: make the image-codec fixtures and what TensorFlow decodes from them.

    /work/tfvenv/bin/python tests/unit/engine/tf_reference/make_image_codec_reference.py

Writes tests/unit/engine/fixtures/imgcodec/: small JPEG/PNG/GIF/BMP files (JPEGs from
tf.io.encode_jpeg and, where Debian's `cjpeg` is installed, from cjpeg for the sampling
factors, restart intervals and colour spaces TF's encoder never writes; PNGs from
tf.io.encode_png and from `_png` below, which writes every colour type, bit depth, filter
and interlace), `expected.npz` (TF's decoded pixels per file and attribute set) and
`expected.json` (sha256 + shape of the large ones, the error texts). Committed;
`make test` never imports TensorFlow.
"""

from __future__ import annotations

import hashlib
import json
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import numpy as np
import tensorflow as tf

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3] / "layers" / "engine"))
from graphgate.ops import jpeg_encoder, png_codec  # noqa: E402 - TF must read what graphgate writes

OUT = HERE.parent / "fixtures" / "imgcodec"
BIG = 64 * 64 * 3  # arrays larger than this are stored as a hash


def picture(h: int, w: int, c: int, seed: int) -> np.ndarray:
    """A smooth gradient with noise and a few sharp edges: all of a JPEG's paths get work."""
    rs = np.random.RandomState(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    base = [(xx * 255.0 / max(w - 1, 1)), (yy * 255.0 / max(h - 1, 1)), ((xx + yy) * 3 % 256)]
    img = np.stack([base[k % 3] for k in range(c)], axis=-1)
    img[h // 3 : h // 2, w // 4 : w // 2] = 255 - img[h // 3 : h // 2, w // 4 : w // 2]
    img = img + rs.randint(-25, 26, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


# -- PNG writer for the cases TF's encoder never writes ---------------------------------------

_ADAM7 = (
    (0, 0, 8, 8),
    (0, 4, 8, 8),
    (4, 0, 8, 4),
    (0, 2, 4, 4),
    (2, 0, 4, 2),
    (0, 1, 2, 2),
    (1, 0, 2, 1),
)


def _filter(raw: bytes, prior: bytes, bpp: int, kind: int) -> bytes:
    out = bytearray()
    for i, x in enumerate(raw):
        a = raw[i - bpp] if i >= bpp else 0
        b = prior[i] if prior else 0
        c = prior[i - bpp] if prior and i >= bpp else 0
        if kind == 0:
            pred = 0
        elif kind == 1:
            pred = a
        elif kind == 2:
            pred = b
        elif kind == 3:
            pred = (a + b) >> 1
        else:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
        out.append((x - pred) & 0xFF)
    return bytes(out)


def _pack_rows(samples: np.ndarray, depth: int) -> list:
    h = samples.shape[0]
    rows = []
    for r in range(h):
        vals = samples[r].reshape(-1).astype(np.uint32)
        if depth == 16:
            rows.append(vals.astype(">u2").tobytes())
        elif depth == 8:
            rows.append(vals.astype(np.uint8).tobytes())
        else:
            bits = ((vals[:, None] >> np.arange(depth - 1, -1, -1)) & 1).astype(np.uint8)
            rows.append(np.packbits(bits.reshape(-1)).tobytes())
    return rows


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(samples, depth, colour, *, interlace=0, plte=None, trns=None, extra=()) -> bytes:
    h, w, n = samples.shape
    bpp = max(1, depth * n // 8)
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    body = bytearray()
    kind = 0
    for y0, x0, dy, dx in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.size == 0:
            continue
        prior = b""
        for row in _pack_rows(sub, depth):
            body.append(kind)
            body += _filter(row, prior, bpp, kind)
            prior = row
            kind = (kind + 1) % 5  # every filter, row after row
    out = b"\x89PNG\r\n\x1a\n" + _chunk(
        b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, interlace)
    )
    for k, v in extra:
        out += _chunk(k, v)
    if plte is not None:
        out += _chunk(b"PLTE", plte)
    if trns is not None:
        out += _chunk(b"tRNS", trns)
    return out + _chunk(b"IDAT", zlib.compress(bytes(body), 9)) + _chunk(b"IEND", b"")


def png_files() -> dict:
    rs = np.random.RandomState(7)
    files = {}
    for depth in (1, 2, 4, 8, 16):
        g = rs.randint(0, 1 << depth, (9, 13, 1))
        files[f"gray{depth}.png"] = _png(g, depth, 0)
        files[f"gray{depth}_adam7.png"] = _png(g, depth, 0, interlace=1)
        files[f"gray{depth}_trns.png"] = _png(g, depth, 0, trns=struct.pack(">H", int(g[0, 0, 0])))
    for depth in (1, 2, 4, 8):
        idx = rs.randint(0, 1 << depth, (10, 11, 1))
        pal = rs.randint(0, 256, ((1 << depth) * 3,)).astype(np.uint8).tobytes()
        alpha = rs.randint(0, 256, (min(3, 1 << depth),)).astype(np.uint8).tobytes()
        files[f"pal{depth}.png"] = _png(idx, depth, 3, plte=pal)
        files[f"pal{depth}_trns.png"] = _png(idx, depth, 3, plte=pal, trns=alpha)
        files[f"pal{depth}_adam7.png"] = _png(idx, depth, 3, plte=pal, interlace=1)
    for depth in (8, 16):
        top = (1 << depth) - 1
        rgb = rs.randint(0, top + 1, (11, 7, 3))
        rgb[2:5, 1:3] = rgb[0, 0]
        rgb[6, :, 1] = rgb[6, :, 0]
        rgb[6, :, 2] = rgb[6, :, 0]
        files[f"rgb{depth}.png"] = _png(rgb, depth, 2)
        files[f"rgb{depth}_adam7.png"] = _png(rgb, depth, 2, interlace=1)
        key = b"".join(struct.pack(">H", int(v)) for v in rgb[0, 0])
        files[f"rgb{depth}_trns.png"] = _png(rgb, depth, 2, trns=key)
        files[f"rgba{depth}.png"] = _png(rs.randint(0, top + 1, (6, 9, 4)), depth, 6)
        files[f"graya{depth}.png"] = _png(rs.randint(0, top + 1, (6, 9, 2)), depth, 4)
        files[f"rgba{depth}_adam7.png"] = _png(
            rs.randint(0, top + 1, (13, 10, 4)), depth, 6, interlace=1
        )
    files["rgb8_gama.png"] = _png(
        rs.randint(0, 256, (4, 5, 3)), 8, 2, extra=[(b"gAMA", struct.pack(">I", 45455))]
    )
    rgb = rs.randint(0, 256, (9, 13, 3))
    rgb[0] = rgb[0, :, :1]  # a gray row: libpng's gamma_table path
    for gamma in (80000, 100000, 96000, 220000):
        files[f"rgb8_gama{gamma}.png"] = _png(
            rgb, 8, 2, extra=[(b"gAMA", struct.pack(">I", gamma))]
        )
    files["rgb8_srgb.png"] = _png(rgb, 8, 2, extra=[(b"sRGB", b"\x00")])
    rgba = rs.randint(0, 256, (5, 6, 4))
    files["rgba8_srgb.png"] = _png(rgba, 8, 6, extra=[(b"sRGB", b"\x00")])
    rgb16 = rs.randint(0, 65536, (4, 5, 3))
    files["rgb16_gama.png"] = _png(rgb16, 16, 2, extra=[(b"gAMA", struct.pack(">I", 45455))])
    idx = rs.randint(0, 16, (6, 7, 1))
    pal = rs.randint(0, 256, 48).astype(np.uint8).tobytes()
    files["pal4_srgb.png"] = _png(idx, 4, 3, plte=pal, extra=[(b"sRGB", b"\x00")])
    for c in (1, 2, 3, 4):
        files[f"ours_c{c}.png"] = png_codec.encode(picture(23, 29, c, 40 + c), 6)
    files["tiny1x1.png"] = _png(np.array([[[200, 10, 30]]]), 8, 2, interlace=1)
    for c in (1, 2, 3, 4):
        files[f"tf_u8_c{c}.png"] = tf.io.encode_png(picture(19, 23, c, c)).numpy()
        files[f"tf_u16_c{c}.png"] = tf.io.encode_png(
            picture(7, 9, c, c).astype(np.uint16) * 251
        ).numpy()
    return files


def jpeg_files() -> dict:
    files = {}
    for h, w in ((37, 45), (17, 33), (1, 1), (8, 8), (3, 5), (16, 16)):
        img = picture(h, w, 3, h * w)
        files[f"tf_q75_{h}x{w}.jpg"] = tf.io.encode_jpeg(img).numpy()
        files[f"tf_q95_444_{h}x{w}.jpg"] = tf.io.encode_jpeg(
            img, quality=95, chroma_downsampling=False
        ).numpy()
        files[f"tf_gray_{h}x{w}.jpg"] = tf.io.encode_jpeg(picture(h, w, 1, 3)).numpy()
    img = picture(37, 45, 3, 5)
    files["tf_q10.jpg"] = tf.io.encode_jpeg(img, quality=10).numpy()
    files["tf_q100.jpg"] = tf.io.encode_jpeg(img, quality=100, chroma_downsampling=False).numpy()
    files["tf_optimized.jpg"] = tf.io.encode_jpeg(img, quality=80, optimize_size=True).numpy()
    files["tf_progressive.jpg"] = tf.io.encode_jpeg(img, progressive=True).numpy()
    files["tf_progressive_gray.jpg"] = tf.io.encode_jpeg(
        picture(21, 30, 1, 9), progressive=True
    ).numpy()
    files["tf_q90_224.jpg"] = tf.io.encode_jpeg(picture(224, 224, 3, 224), quality=90).numpy()
    # The largest coefficients a real image has: the SIMD IDCTs' ranges must hold them.
    checker = (np.indices((24, 40)).sum(0) % 2 * 255).astype(np.uint8)[..., None].repeat(3, 2)
    noise = (np.random.RandomState(3).randint(0, 2, (24, 40, 3)) * 255).astype(np.uint8)
    files["tf_checker_q100.jpg"] = tf.io.encode_jpeg(checker, quality=100).numpy()
    files["tf_binary_noise_q100_444.jpg"] = tf.io.encode_jpeg(
        noise, quality=100, chroma_downsampling=False
    ).numpy()
    full = files["tf_q75_37x45.jpg"]
    files["truncated.jpg"] = full[: len(full) * 2 // 3]
    if shutil.which("cjpeg"):
        files.update(cjpeg_files(img))
    return files


def cjpeg_files(img: np.ndarray) -> dict:
    h, w, _ = img.shape
    variants = {
        "cj_422.jpg": ["-sample", "2x1"],
        "cj_440.jpg": ["-sample", "1x2"],
        "cj_411.jpg": ["-sample", "4x1"],
        "cj_420_restart.jpg": ["-restart", "2B"],
        "cj_444_restart_rows.jpg": ["-sample", "1x1", "-restart", "1"],
        "cj_rgb.jpg": ["-rgb"],
        "cj_gray_restart.jpg": ["-grayscale", "-restart", "3B"],
        "cj_arith.jpg": ["-arithmetic"],
        "cj_progressive_restart.jpg": ["-progressive", "-restart", "2B"],
        "cj_q30_422_optimize.jpg": ["-quality", "30", "-sample", "2x1", "-optimize"],
    }
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        ppm = pathlib.Path(tmp) / "in.ppm"
        ppm.write_bytes(b"P6 %d %d 255\n" % (w, h) + img.tobytes())
        base = subprocess.run(["cjpeg", str(ppm)], check=True, capture_output=True).stdout
        for name, args in variants.items():
            out[name] = subprocess.run(
                ["cjpeg", *args, str(ppm)], check=True, capture_output=True
            ).stdout
    for name, adobe in (("cmyk_adobe.jpg", 0), ("ycck_adobe.jpg", 2), ("cmyk_plain.jpg", None)):
        out[name] = _four_components(base, w, h, adobe)
    return out


# -- GIF and BMP writers ---------------------------------------------------------------------


def _lzw_encode(indices: bytes, min_size: int) -> bytes:
    """GIF LZW with growing code widths (and a clear code when the table is full)."""
    clear, end = 1 << min_size, (1 << min_size) + 1
    codes = []

    def reset():
        return {bytes([i]): i for i in range(clear)}, end + 1, min_size + 1

    table, next_code, width = reset()
    codes.append((clear, width))
    w = b""
    for k in indices:
        wk = w + bytes([k])
        if wk in table:
            w = wk
            continue
        codes.append((table[w], width))
        table[wk] = next_code
        next_code += 1
        if next_code == (1 << width) + 1 and width < 12:
            width += 1
        if next_code >= 4095:
            codes.append((clear, width))
            table, next_code, width = reset()
        w = bytes([k])
    if w:
        codes.append((table[w], width))
    codes.append((end, width))
    acc = nbits = 0
    out = bytearray()
    for code, n in codes:
        acc |= code << nbits
        nbits += n
        while nbits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            nbits -= 8
    if nbits:
        out.append(acc & 0xFF)
    return bytes(out)


def _blocks(data: bytes) -> bytes:
    return (
        b"".join(
            bytes([len(data[i : i + 255])]) + data[i : i + 255] for i in range(0, len(data), 255)
        )
        + b"\0"
    )


def _gif(w, h, frames, palette, *, local=None, transparent=None, interlace=False) -> bytes:
    bits = max(1, (len(palette) // 3 - 1).bit_length())
    out = b"GIF89a" + struct.pack("<HHBBB", w, h, 0x80 | (bits - 1), 0, 0) + palette
    for k, (left, top, idx) in enumerate(frames):
        if transparent is not None:
            out += b"\x21\xf9\x04\x01\x00\x00" + bytes([transparent]) + b"\x00"
        fh, fw = idx.shape
        flags = 0x40 if interlace else 0
        table = b""
        if local is not None and k == 1:
            flags |= 0x80 | (bits - 1)
            table = local
        out += b"\x2c" + struct.pack("<HHHHB", left, top, fw, fh, flags) + table
        rows = idx
        if interlace:
            order = [r for s0, st in ((0, 8), (4, 8), (2, 4), (1, 2)) for r in range(s0, fh, st)]
            rows = idx[order]
        size = max(2, bits, int(idx.max()).bit_length())
        out += bytes([size]) + _blocks(_lzw_encode(rows.astype(np.uint8).tobytes(), size))
    return out + b"\x3b"


def gif_files() -> dict:
    rs = np.random.RandomState(11)
    pal = rs.randint(0, 256, 16 * 3).astype(np.uint8).tobytes()
    big = rs.randint(0, 256, 256 * 3).astype(np.uint8).tobytes()
    smooth = ((np.add.outer(np.arange(40), np.arange(70)) // 3) % 256).astype(np.uint8)
    return {
        "one.gif": _gif(9, 7, [(0, 0, rs.randint(0, 16, (7, 9)))], pal),
        "interlaced.gif": _gif(11, 13, [(0, 0, rs.randint(0, 16, (13, 11)))], pal, interlace=True),
        "wide_codes.gif": _gif(70, 40, [(0, 0, smooth)], big),
        "noisy256.gif": _gif(80, 60, [(0, 0, rs.randint(0, 256, (60, 80)))], big),
        "anim.gif": _gif(
            8,
            6,
            [
                (0, 0, rs.randint(0, 16, (6, 8))),
                (2, 1, rs.randint(0, 16, (3, 4))),
                (0, 0, rs.randint(0, 16, (6, 8))),
            ],
            pal,
            local=big[:48],
            transparent=3,
        ),
        "anim_partial_first.gif": _gif(
            10,
            10,
            [(1, 2, rs.randint(0, 16, (5, 6))), (0, 0, rs.randint(0, 16, (8, 9)))],
            pal,
            transparent=5,
        ),
        "bad_index.gif": _gif(4, 4, [(0, 0, np.full((4, 4), 9))], pal[:24]),
    }


def _bmp(px: np.ndarray, top_down: bool = False) -> bytes:
    h, w, c = px.shape
    row = (w * c + 3) // 4 * 4
    body = bytearray()
    rows = px if top_down else px[::-1]
    for r in rows:
        line = (r[..., ::-1] if c >= 3 else r).astype(np.uint8)
        if c == 4:
            line = np.concatenate([r[..., 2::-1], r[..., 3:]], axis=-1).astype(np.uint8)
        body += line.tobytes() + bytes(row - w * c)
    head = struct.pack(
        "<IiiHHIIiiII", 40, w, -h if top_down else h, 1, 8 * c, 0, len(body), 2835, 2835, 0, 0
    )
    return b"BM" + struct.pack("<IHHI", 54 + len(body), 0, 0, 54) + head + bytes(body)


def bmp_files() -> dict:
    rs = np.random.RandomState(13)
    return {
        "rgb24.bmp": _bmp(rs.randint(0, 256, (5, 7, 3))),
        "rgb24_topdown.bmp": _bmp(rs.randint(0, 256, (6, 3, 3)), top_down=True),
        "rgba32.bmp": _bmp(rs.randint(0, 256, (4, 5, 4))),
        "gray8.bmp": _bmp(rs.randint(0, 256, (3, 6, 1))),
        "short.bmp": _bmp(rs.randint(0, 256, (5, 7, 3)))[:-3],
    }


CROSS = {
    "decode_image": lambda d: tf.io.decode_image(d),
    "decode_image_noexpand": lambda d: tf.io.decode_image(d, expand_animations=False),
    "decode_image_u16": lambda d: tf.io.decode_image(d, dtype=tf.uint16),
    "decode_image_f32": lambda d: tf.io.decode_image(d, dtype=tf.float32),
    "decode_image_c1": lambda d: tf.io.decode_image(d, channels=1),
    "decode_image_c4": lambda d: tf.io.decode_image(d, channels=4),
    "decode_png": lambda d: tf.io.decode_png(d),
    "decode_png_u16": lambda d: tf.io.decode_png(d, dtype=tf.uint16),
    "decode_jpeg": lambda d: tf.io.decode_jpeg(d),
    "decode_gif": lambda d: tf.io.decode_gif(d),
    "decode_bmp": lambda d: tf.io.decode_bmp(d),
    "decode_bmp_c3": lambda d: tf.io.decode_bmp(d, channels=3),
    "decode_bmp_c4": lambda d: tf.io.decode_bmp(d, channels=4),
    "decode_and_crop": lambda d: tf.io.decode_and_crop_jpeg(d, [1, 2, 3, 4]),
}


def bad_files() -> dict:
    good = tf.io.encode_png(picture(5, 7, 3, 1)).numpy()
    jpeg = tf.io.encode_jpeg(picture(9, 9, 3, 2)).numpy()
    flip = lambda data, at: data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]  # noqa: E731
    return {
        "bad_idat_crc.png": flip(good, len(good) - 20),
        "bad_ihdr.png": flip(good, 20),
        "no_iend.png": good[:-12],
        "cut.png": good[:-30],
        "garbage_after_soi.jpg": b"\xff\xd8\xff\xe0garbage",
        "cut_header.jpg": jpeg[:40],
        "unknown.bin": b"garbage",
    }


CROSS_FILES = (
    "tf_q75_17x33.jpg",
    "tf_gray_3x5.jpg",
    "rgba8.png",
    "gray16.png",
    "pal4_trns.png",
    "one.gif",
    "anim.gif",
)


def _four_components(base: bytes, w: int, h: int, adobe) -> bytes:
    """A 4-component JPEG made from a 3-component baseline one: a fourth component (id 4,
    1x1 sampling) in a scan of its own whose blocks are all DC 0 / EOB ("00" + "1010" in
    the standard luminance tables cjpeg writes), and an Adobe marker with `adobe` as its
    transform (None: no marker)."""
    sof = base.index(b"\xff\xc0")
    length = struct.unpack(">H", base[sof + 2 : sof + 4])[0]
    body = bytearray(base[sof + 4 : sof + 2 + length])
    body[5] = 4
    body += bytes([4, 0x11, 0])
    out = base[:sof] + b"\xff\xc0" + struct.pack(">H", len(body) + 2) + bytes(body)
    out += base[sof + 2 + length : -2]

    def ceil(a, b):
        return -(-a // b)

    blocks = ceil(ceil(w, 2), 8) * ceil(ceil(h, 2), 8)  # the 1x1 component of a 2x2 frame
    bits = "001010" * blocks
    bits += "1" * (-len(bits) % 8)
    data = bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits), 8))
    out += b"\xff\xda" + struct.pack(">HBBBBBB", 8, 1, 4, 0x00, 0, 63, 0) + data + b"\xff\xd9"
    if adobe is not None:
        app14 = b"Adobe\x00\x64\x00\x00\x00\x00" + bytes([adobe])
        out = out[:2] + b"\xff\xee" + struct.pack(">H", len(app14) + 2) + app14 + out[2:]
    return out


ENCODE_CASES = {
    "q95_420_37x45": ((37, 45, 3), {}),
    "q75_444_17x33": ((17, 33, 3), {"quality": 75, "chroma_downsampling": False}),
    "q10_420_9x20": ((9, 20, 3), {"quality": 10}),
    "q100_444_8x8": ((8, 8, 3), {"quality": 100, "chroma_downsampling": False}),
    "q0_1x1": ((1, 1, 3), {"quality": 0}),
    "q50_gray_13x7": ((13, 7, 1), {"quality": 50}),
    "q90_progressive_optimized": (
        (21, 30, 3),
        {"quality": 90, "progressive": True, "optimize_size": True},
    ),
}


def encode_cases(arrays: dict) -> dict:
    """TF's pixels of TF's own encoding of each case; graphgate's encoding must decode to
    them (checked here with TF's decoder, and in the tests with graphgate's)."""
    out = {}
    for k, (case, (shape, kw)) in enumerate(ENCODE_CASES.items()):
        img = picture(*shape, 100 + k)
        want = tf.io.decode_jpeg(tf.io.encode_jpeg(img, **kw)).numpy()
        ours = jpeg_encoder.encode(img, kw.get("quality", 95), kw.get("chroma_downsampling", True))
        assert (tf.io.decode_jpeg(ours).numpy() == want).all(), case
        arrays[f"encode_src|{case}"] = img
        arrays[f"encode|{case}"] = want
        out[case] = kw
    return out


CROP_FILES = ("tf_q75_37x45.jpg", "cj_422.jpg", "cj_440.jpg", "cj_411.jpg", "tf_progressive.jpg")
CROP_FILES += ("tf_gray_37x45.jpg", "tf_q75_3x5.jpg")


def crop_cases(arrays: dict, errors: dict) -> list:
    """decode_and_crop_jpeg windows (y, x, h, w), fancy upsampling on and off, and a few
    windows outside the image."""
    rs = np.random.RandomState(21)
    cases = []
    for name in CROP_FILES:
        data = (OUT / name).read_bytes()
        hgt, wid = tf.io.extract_jpeg_shape(data).numpy()[:2]
        windows = [(0, 0, hgt, wid), (0, 0, hgt + 1, wid), (-1, 0, 1, 1), (0, 0, 0, 3)]
        for _ in range(10):
            y, x = rs.randint(0, hgt), rs.randint(0, wid)
            windows.append((y, x, rs.randint(1, hgt - y + 1), rs.randint(1, wid - x + 1)))
        for window in windows:
            for fancy in (True, False):
                key = f"crop|{name}|{','.join(map(str, window))}|{int(fancy)}"
                got = run(
                    lambda w=window, f=fancy, d=data: tf.io.decode_and_crop_jpeg(
                        d, w, fancy_upscaling=f
                    )
                )
                if isinstance(got, str):
                    errors[key] = got
                else:
                    arrays[key] = got
                cases.append(key)
    return cases


TRUNCATED_FILES = ("tf_q75_37x45.jpg", "tf_q75_17x33.jpg", "cj_422.jpg", "tf_gray_37x45.jpg")
TRUNCATED_FILES += ("tf_q95_444_37x45.jpg",)


def truncation_cases(arrays: dict, errors: dict) -> list:
    """Files cut inside their scan, decoded with try_recover_truncated."""
    rs = np.random.RandomState(5)
    cases = []
    for name in TRUNCATED_FILES:
        data = (OUT / name).read_bytes()
        start = data.index(b"\xff\xda") + 14
        for cut in sorted(set(rs.randint(start, len(data) - 2, 12).tolist())):
            key = f"truncated|{name}|{cut}"
            got = run(lambda d=data[:cut]: tf.io.decode_jpeg(d, try_recover_truncated=True))
            (errors.__setitem__ if isinstance(got, str) else arrays.__setitem__)(key, got)
            cases.append(key)
    # Progressive files: the cuts checked by hand (some other cuts hang TF 2.21's decoder).
    for name in ("tf_progressive.jpg", "tf_progressive_gray.jpg"):
        data = (OUT / name).read_bytes()
        cuts = np.random.RandomState(3).randint(data.index(b"\xff\xda") + 20, len(data) - 2, 30)
        for cut in sorted(set(cuts.tolist())):
            key = f"truncated|{name}|{cut}"
            got = run(lambda d=data[:cut]: tf.io.decode_jpeg(d, try_recover_truncated=True))
            (errors.__setitem__ if isinstance(got, str) else arrays.__setitem__)(key, got)
            cases.append(key)
    return cases


def partial_cases(arrays: dict, errors: dict) -> list:
    """Files cut inside their scan, decoded without recovery but with acceptable_fraction
    below 1: TF keeps the lines libjpeg gave before suspending and blacks out the rest."""
    rs = np.random.RandomState(6)
    cases = []
    for name in ("tf_q75_37x45.jpg", "cj_440.jpg", "tf_gray_37x45.jpg", "tf_q95_444_37x45.jpg"):
        data = (OUT / name).read_bytes()
        start = data.index(b"\xff\xda") + 14
        for cut in sorted(set(rs.randint(start, len(data) - 2, 6).tolist())):
            for frac, fancy, channels in ((0.0, 1, 0), (0.5, 1, 0), (0.0, 0, 0), (0.0, 1, 1)):
                key = f"partial|{name}|{cut}|{frac}|{fancy}|{channels}"
                kw = {
                    "acceptable_fraction": frac,
                    "fancy_upscaling": bool(fancy),
                    "channels": channels,
                }
                got = run(lambda d=data[:cut], kw=kw: tf.io.decode_jpeg(d, **kw))
                (errors.__setitem__ if isinstance(got, str) else arrays.__setitem__)(key, got)
                cases.append(key)
    return cases


def run(fn, key=""):
    """fn() as numpy, or TF's error as "Class: message" (`key`: for debugging a crash)."""
    try:
        return fn().numpy()
    except tf.errors.OpError as exc:
        return f"{type(exc).__name__}: {exc.message}"


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
PNG_VARIANTS = {
    f"c{c}_{dt.name}": {"channels": c, "dtype": dt}
    for c in (0, 1, 3, 4)
    for dt in (tf.uint8, tf.uint16)
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    arrays, doc = {}, {"tensorflow": tf.__version__, "hashed": {}, "errors": {}}

    def keep(key, value):
        if isinstance(value, str):
            doc["errors"][key] = value
        elif value.size > BIG:
            digest = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()
            doc["hashed"][key] = {
                "sha256": digest,
                "shape": list(value.shape),
                "dtype": value.dtype.name,
            }
        else:
            arrays[key] = value

    files = {**jpeg_files(), **png_files(), **gif_files(), **bmp_files(), **bad_files()}
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        if name.endswith((".gif", ".bmp")) or name in CROSS_FILES:
            for v, fn in CROSS.items():
                if name == "bad_index.gif" and v != "decode_gif":
                    continue  # TF 2.21 crashes decoding it a second time after the error
                if name == "rgb24_topdown.bmp" and v in ("decode_image_u16", "decode_image_f32"):
                    continue  # TF 2.21 segfaults: its buffer is height * width with height < 0
                keep(f"{name}|{v}", run(lambda d=data, fn=fn: fn(d), f"{name}|{v}"))
        if name.endswith(".jpg"):
            for v, kw in JPEG_VARIANTS.items():
                keep(f"{name}|{v}", run(lambda d=data, kw=kw: tf.io.decode_jpeg(d, **kw)))
        elif name.endswith(".png"):
            for v, kw in PNG_VARIANTS.items():
                keep(f"{name}|{v}", run(lambda d=data, kw=kw: tf.io.decode_png(d, **kw)))
    doc["encode_jpeg"] = encode_cases(arrays)
    doc["crops"] = crop_cases(arrays, doc["errors"])
    doc["truncations"] = truncation_cases(arrays, doc["errors"])
    doc["partial"] = partial_cases(arrays, doc["errors"])
    np.savez_compressed(OUT / "expected.npz", **arrays)
    (OUT / "expected.json").write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
    print(len(arrays), "arrays,", len(doc["hashed"]), "hashed,", len(doc["errors"]), "errors")


if __name__ == "__main__":
    main()
