"""JPEG encoding with libjpeg-turbo's arithmetic, as TF's `encode_jpeg` runs it.

The quantized coefficients are libjpeg's: its RGB->YCbCr tables (jccolor.c), edge
replication and downsampling with alternating bias (jcprepct.c, jcsample.c), the slow
integer forward DCT (jfdctint.c) and reciprocal quantization (jcdctmgr.c), the standard
tables scaled by `quality` (jcparam.c). So any decoder gets from these bytes exactly the
pixels it gets from TF's. The entropy coding differs on purpose: one sequential scan with
Huffman tables fitted to the image (jchuff.c's optimal-table algorithm), whatever
`progressive` or `optimize_size` say; neither changes a coefficient.
"""

from __future__ import annotations

import struct

import numpy as np

from .jpeg_codec import ZIGZAG

# jcparam.c's Annex K tables, natural order.
_LUMA = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
])  # fmt: skip
_CHROMA = np.array([
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
] + [99] * 32)  # fmt: skip
_ZZ = np.array(ZIGZAG[:64])


def quant_table(base: np.ndarray, quality: int) -> np.ndarray:
    """jpeg_set_quality(quality, force_baseline=TRUE)."""
    quality = min(max(quality, 1), 100)
    scale = 5000 // quality if quality < 50 else 200 - quality * 2
    return np.clip((base * scale + 50) // 100, 1, 255)


def _ceil(a: int, b: int) -> int:
    return -(-a // b)


def _fix(x: float) -> int:
    return int(x * 65536 + 0.5)


def _ycc(rgb: np.ndarray) -> list:
    r, g, b = (rgb[..., k].astype(np.int64) for k in range(3))
    half, offset = 1 << 15, 128 << 16
    y = (_fix(0.299) * r + _fix(0.587) * g + _fix(0.114) * b + half) >> 16
    cb = (-_fix(0.16874) * r - _fix(0.33126) * g + _fix(0.5) * b + offset + half - 1) >> 16
    cr = (_fix(0.5) * r - _fix(0.41869) * g - _fix(0.08131) * b + offset + half - 1) >> 16
    return [y, cb, cr]


def _pad(plane: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Replicate the last row and column out to `rows` x `cols` (libjpeg's edge expansion)."""
    h, w = plane.shape
    return np.pad(plane, ((0, max(rows - h, 0)), (0, max(cols - w, 0))), mode="edge")[:rows, :cols]


def _downsample(plane: np.ndarray, hx: int, vx: int) -> np.ndarray:
    """jcsample.c: h2v1 with bias 0,1,..., h2v2 with 1,2,..., others (sum + n/2) / n."""
    h, w = plane.shape[0] // vx, plane.shape[1] // hx
    sums = plane.reshape(h, vx, w, hx).sum(axis=(1, 3))
    if (hx, vx) == (1, 1):
        return sums
    if (hx, vx) in ((2, 1), (2, 2)):
        bias = np.arange(w) % 2 + (1 if vx == 2 else 0)
        return (sums + bias) >> (1 if vx == 1 else 2)
    n = hx * vx
    return (sums + n // 2) // n


def _fdct_1d(x: list, final: bool) -> list:
    """jfdctint.c's 1-D pass (rows first with PASS1_BITS scaling, then columns)."""
    tmp0, tmp7 = x[0] + x[7], x[0] - x[7]
    tmp1, tmp6 = x[1] + x[6], x[1] - x[6]
    tmp2, tmp5 = x[2] + x[5], x[2] - x[5]
    tmp3, tmp4 = x[3] + x[4], x[3] - x[4]
    tmp10, tmp13, tmp11, tmp12 = tmp0 + tmp3, tmp0 - tmp3, tmp1 + tmp2, tmp1 - tmp2
    shift = 15 if final else 11

    def descale(v, n=shift):
        return (v + (1 << (n - 1))) >> n

    out = [None] * 8
    if final:
        out[0], out[4] = descale(tmp10 + tmp11, 2), descale(tmp10 - tmp11, 2)
    else:
        out[0], out[4] = (tmp10 + tmp11) << 2, (tmp10 - tmp11) << 2
    z1 = (tmp12 + tmp13) * 4433
    out[2] = descale(z1 + tmp13 * 6270)
    out[6] = descale(z1 + tmp12 * -15137)
    z1, z2, z3, z4 = tmp4 + tmp7, tmp5 + tmp6, tmp4 + tmp6, tmp5 + tmp7
    z5 = (z3 + z4) * 9633
    tmp4, tmp5, tmp6, tmp7 = tmp4 * 2446, tmp5 * 16819, tmp6 * 25172, tmp7 * 12299
    z1, z2 = z1 * -7373, z2 * -20995
    z3, z4 = z3 * -16069 + z5, z4 * -3196 + z5
    out[7] = descale(tmp4 + z1 + z3)
    out[5] = descale(tmp5 + z2 + z4)
    out[3] = descale(tmp6 + z2 + z3)
    out[1] = descale(tmp7 + z1 + z4)
    return out


def _quantize(coefs: np.ndarray, table: np.ndarray) -> np.ndarray:
    """jcdctmgr.c's reciprocal quantization (16-bit DCTELEM, as the SIMD build has it)."""
    divisor = table * 8
    b = np.floor(np.log2(divisor)).astype(np.int64)
    r = 16 + b
    one = np.left_shift(np.ones_like(r), r)
    fq, fr = one // divisor, one % divisor
    c = divisor // 2
    exact = fr == 0
    fq = np.where(exact, fq >> 1, np.where(fr > divisor // 2, fq + 1, fq))
    r = np.where(exact, r - 1, r)
    c = np.where(~exact & (fr <= divisor // 2), c + 1, c)
    mag = ((np.abs(coefs) + c) * fq) >> r
    return np.where(coefs < 0, -mag, mag)


def _coefficients(plane: np.ndarray, table: np.ndarray) -> np.ndarray:
    """[by, bx, 64] quantized coefficients (natural order) of a plane of whole blocks."""
    by, bx = plane.shape[0] // 8, plane.shape[1] // 8
    x = (plane.reshape(by, 8, bx, 8).transpose(0, 2, 1, 3).reshape(-1, 8, 8) - 128).astype(np.int64)
    rows = _fdct_1d([x[:, :, k] for k in range(8)], False)  # pass 1: along each row
    ws = np.stack(rows, axis=2)
    cols = _fdct_1d([ws[:, k, :] for k in range(8)], True)  # pass 2: down each column
    out = np.stack(cols, axis=1).reshape(-1, 64)
    return _quantize(out, table).reshape(by, bx, 64)


# -- entropy coding ----------------------------------------------------------------------------


def _optimal_lengths(freq: list) -> tuple[bytes, bytes]:
    """jchuff.c's jpeg_gen_optimal_table: (BITS counts, HUFFVAL symbols), no code all ones."""
    freq = [*freq, 1]  # the reserved symbol 256 keeps the all-ones code unused
    size = [0] * 257
    others = [-1] * 257
    while True:
        live = [(f, -i) for i, f in enumerate(freq) if f]
        if len(live) < 2:
            break
        live.sort()
        c1, c2 = -live[0][1], -live[1][1]
        freq[c1] += freq[c2]
        freq[c2] = 0
        for c in (c1, c2):
            size[c] += 1
            while others[c] >= 0:
                c = others[c]
                size[c] += 1
        tail = c1
        while others[tail] >= 0:
            tail = others[tail]
        others[tail] = c2
    bits = [0] * 33
    for i in range(257):
        if size[i]:
            bits[size[i]] += 1
    for i in range(32, 16, -1):
        while bits[i] > 0:
            j = i - 2
            while bits[j] == 0:
                j -= 1
            bits[i] -= 2
            bits[i - 1] += 1
            bits[j + 1] += 2
            bits[j] -= 1
    i = 16
    while bits[i] == 0:
        i -= 1
    bits[i] -= 1
    values = [s for n in range(1, 33) for s in range(256) if size[s] == n]
    return bytes(bits[1:17]), bytes(values)


def _codes(bits: bytes, values: bytes) -> dict:
    table, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            table[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return table


def _symbols(blocks: list) -> list:
    """[(dc category, diff bits, [(run/size symbol, value bits)...])] per block, in order."""
    out = []
    for comp, coefs, pred in blocks:
        diff = int(coefs[0]) - pred
        ac = []
        run = 0
        for k in range(1, 64):
            v = int(coefs[ZIGZAG[k]])
            if v == 0:
                run += 1
                continue
            while run > 15:
                ac.append((0xF0, 0, 0))
                run -= 16
            size = abs(v).bit_length()
            ac.append(((run << 4) | size, size, v if v > 0 else v + (1 << size) - 1))
            run = 0
        if run:
            ac.append((0x00, 0, 0))
        size = abs(diff).bit_length()
        out.append((comp, size, diff if diff >= 0 else diff + (1 << size) - 1, ac))
    return out


def _entropy(symbols: list, tables: dict) -> bytes:
    acc, nbits = 0, 0
    out = bytearray()
    for comp, size, bits, ac in symbols:
        dc, act = tables[comp]
        code, length = dc[size]
        acc = (acc << (length + size)) | (code << size) | bits
        nbits += length + size
        for sym, sz, val in ac:
            code, length = act[sym]
            acc = (acc << (length + sz)) | (code << sz) | val
            nbits += length + sz
        while nbits >= 8:
            nbits -= 8
            byte = (acc >> nbits) & 0xFF
            out.append(byte)
            if byte == 0xFF:
                out.append(0)
        acc &= (1 << nbits) - 1
    if nbits:
        byte = ((acc << (8 - nbits)) | ((1 << (8 - nbits)) - 1)) & 0xFF
        out.append(byte)
        if byte == 0xFF:
            out.append(0)
    return bytes(out)


def _segment(marker: int, body: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body


def encode(
    image: np.ndarray,
    quality: int,
    subsample: bool,
    density: tuple = (1, 300, 300),
    xmp: bytes = b"",
) -> bytes:
    """A baseline JPEG of an [h, w, 1 or 3] uint8 image (`subsample`: 4:2:0 chroma)."""
    h, w, c = image.shape
    gray = c == 1
    planes = [image[..., 0].astype(np.int64)] if gray else _ycc(image)
    factors = [(1, 1)] if gray else ([(2, 2), (1, 1), (1, 1)] if subsample else [(1, 1)] * 3)
    hmax, vmax = max(f[0] for f in factors), max(f[1] for f in factors)
    tables = [quant_table(_LUMA, quality), quant_table(_CHROMA, quality)]
    mcux, mcuy = _ceil(w, 8 * hmax), _ceil(h, 8 * vmax)
    grids = []
    for k, (plane, (hs, vs)) in enumerate(zip(planes, factors, strict=True)):
        hx, vx = hmax // hs, vmax // vs
        wb, hb = _ceil(_ceil(w * hs, hmax), 8), _ceil(_ceil(h * vs, vmax), 8)
        full = _pad(plane, _ceil(h, vmax) * vmax, wb * 8 * hx)
        down = _downsample(full, hx, vx)
        # Whole blocks, then the MCU's dummy blocks (their values never reach a pixel).
        down = _pad(_pad(down, hb * 8, wb * 8), mcuy * vs * 8, mcux * hs * 8)
        grids.append(_coefficients(down, tables[min(k, 1)]))
    blocks, preds = [], [0] * len(planes)
    for my in range(mcuy):
        for mx in range(mcux):
            for k, (hs, vs) in enumerate(factors):
                for by in range(vs):
                    for bx in range(hs):
                        coefs = grids[k][my * vs + by, mx * hs + bx]
                        blocks.append((min(k, 1), coefs, preds[k]))
                        preds[k] = int(coefs[0])
    symbols = _symbols(blocks)
    huff, dht = {}, b""
    for t in sorted({s[0] for s in symbols}):
        dc_freq, ac_freq = [0] * 256, [0] * 256
        for comp, size, _, ac in symbols:
            if comp == t:
                dc_freq[size] += 1
                for sym, _, _ in ac:
                    ac_freq[sym] += 1
        dc_bits, dc_vals = _optimal_lengths(dc_freq)
        ac_bits, ac_vals = _optimal_lengths(ac_freq)
        huff[t] = (_codes(dc_bits, dc_vals), _codes(ac_bits, ac_vals))
        dht += bytes([t]) + dc_bits + dc_vals + bytes([0x10 | t]) + ac_bits + ac_vals
    unit, xd, yd = density
    out = b"\xff\xd8" + _segment(
        0xE0, b"JFIF\0\x01\x01" + struct.pack(">BHHBB", unit, xd, yd, 0, 0)
    )
    if xmp:
        out += _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + xmp)
    for t in range(1 if gray else 2):
        out += _segment(0xDB, bytes([t]) + bytes(tables[t][_ZZ].astype(np.uint8)))
    comps = b"".join(
        bytes([k + 1, (hs << 4) | vs, min(k, 1)]) for k, (hs, vs) in enumerate(factors)
    )
    out += _segment(0xC0, struct.pack(">BHHB", 8, h, w, len(factors)) + comps)
    out += _segment(0xC4, dht)
    scan = b"".join(bytes([k + 1, min(k, 1) * 0x11]) for k in range(len(factors)))
    out += _segment(0xDA, bytes([len(factors)]) + scan + b"\x00\x3f\x00")
    return out + _entropy(symbols, huff) + b"\xff\xd9"
