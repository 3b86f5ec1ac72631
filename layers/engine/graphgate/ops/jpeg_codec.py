"""JPEG decoding in numpy, computing what TensorFlow's libjpeg-turbo path computes.

TF's `decode_jpeg` runs libjpeg-turbo with `dct_method` "" meaning JDCT_IFAST (its kernel
maps "" and "INTEGER_FAST" to the fast integer IDCT, "INTEGER_ACCURATE" to the slow one),
fancy upsampling on, and libjpeg's integer YCbCr->RGB tables. This module reproduces
those integer pipelines: Huffman decoding (the one Python loop), then the IDCT
(jidctfst.c / jidctint.c arithmetic), libjpeg-turbo's upsamplers (h2v1/h1v2/h2v2 fancy,
replication otherwise) and colour conversion, vectorised over every block.

Sequential Huffman (SOF0/SOF1, 8-bit) and progressive Huffman (SOF2) are decoded, at
`ratio` 1, 2, 4 or 8 (`jpeg_scaled`), cropped as `jpeg_crop_scanline` crops, truncated as
TF's source makes libjpeg read a truncated file (`jpeg_truncated`); arithmetic coding,
lossless and hierarchical files are refused (`Unsupported`), 12-bit samples are TF's error.
"""

from __future__ import annotations

import functools
import math
import re
import struct
from array import array
from collections.abc import Callable, Iterator

import numpy as np

# Position k of the zigzag sequence -> natural (row-major) index; libjpeg pads the table
# with 63s so a corrupt run past the block's end lands on the last coefficient.
ZIGZAG = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
    12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
    35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
    58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
] + [63] * 16  # fmt: skip
# MCUs decoded between two clock readings (a few milliseconds of the Python decoder).
_MCUS_PER_CHECK = 256


def _never() -> None:
    """The `late` of a decode with no deadline (the codec used outside a run)."""


_ZZ = np.array(ZIGZAG[:64])
# jddctmgr.c's aanscales (IFAST multipliers, 14-bit).
_AANSCALES = np.array([
    16384, 22725, 21407, 19266, 16384, 12873, 8867, 4520,
    22725, 31521, 29692, 26722, 22725, 17855, 12299, 6270,
    21407, 29692, 27969, 25172, 21407, 16819, 11585, 5906,
    19266, 26722, 25172, 22654, 19266, 15137, 10426, 5315,
    16384, 22725, 21407, 19266, 16384, 12873, 8867, 4520,
    12873, 17855, 16819, 15137, 12873, 10114, 6967, 3552,
    8867, 12299, 11585, 10426, 8867, 6967, 4799, 2446,
    4520, 6270, 5906, 5315, 4520, 3552, 2446, 1247,
], np.int64)  # fmt: skip
_SEGMENT_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")
_RST = re.compile(rb"\xff[\xd0-\xd7]")
# Zero bytes after a segment: libjpeg feeds zero bits once it hits a marker, and one MCU
# can read at most 10 blocks x 64 codes x 27 bits past the end.
_PAD = bytes(4096)
_WINDOW = 1 << 15


class JpegError(ValueError):
    """Data libjpeg refuses (TF's 'Invalid JPEG data or crop window')."""


class Unsupported(Exception):
    """A JPEG feature this decoder does not implement (refused, never guessed)."""


class _Component:
    def __init__(self, cid: int, h: int, v: int, tq: int):
        self.id, self.h, self.v, self.tq = cid, h, v, tq
        self.coefs: list | None = None
        self.qtable: np.ndarray | None = None


class _Frame:
    """What the markers say, and the coefficients the scans decode."""

    def __init__(self):
        self.qtables: dict[int, np.ndarray] = {}
        self.dc: dict[int, list] = {}
        self.ac: dict[int, list] = {}
        self.ac_fast: dict[int, tuple] = {}
        self.restart = 0
        self.progressive = False
        self.width = self.height = 0
        self.components: list[_Component] = []
        self.jfif = False
        self.adobe: int | None = None
        self.scans = 0
        self.eoi = False
        self.truncated = False
        self.unterminated = False  # a scan's data ran to the end of the file
        self.recovered = False  # ... and was decoded as TF's source makes libjpeg do
        self.suspended: int | None = None  # without recovery: the MCU libjpeg stopped in
        self.coef_bits: dict[int, list] = {}  # progressive: bits still unknown per coefficient
        self.huffman: dict[tuple, tuple] = {}  # (class, id) -> (BITS counts, symbols)
        self.late: Callable[[], None] = _never  # raises once the run's deadline is past

    def layout(self) -> None:
        self.hmax = max(c.h for c in self.components)
        self.vmax = max(c.v for c in self.components)
        self.mcux = -(-self.width // (8 * self.hmax))
        self.mcuy = -(-self.height // (8 * self.vmax))
        for c in self.components:
            c.bw, c.bh = self.mcux * c.h, self.mcuy * c.v
            c.width = -(-self.width * c.h // self.hmax)
            c.height = -(-self.height * c.v // self.vmax)

    def allocate(self) -> None:
        """Every component's coefficients, at the first scan: never from the frame header
        alone, which a few bytes make claim 65535 x 65535 x 255 components, before
        extract_jpeg_shape answers or the run's limits refuse it. They are libjpeg's JCOEF,
        16 bits each (a list of Python ints took 8 bytes a coefficient, more once nonzero);
        every store wraps to 16 bits as libjpeg's `(JCOEF)` casts do."""
        for c in self.components:
            if c.coefs is None:
                c.coefs = array("h", [0]) * (c.bw * c.bh * 64)

    def coefficient_bytes(self) -> int:
        return sum(2 * 64 * c.bw * c.bh for c in self.components)


@functools.lru_cache(maxsize=16)  # most files carry the same standard tables
def _huffman_lut(counts: bytes, symbols: bytes) -> list:
    """A 65536-entry table: the next 16 bits -> (code length << 8) | symbol, 0 if no code."""
    lut = np.zeros(1 << 16, np.int32)
    code, k = 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            if code >= 1 << length:
                raise JpegError("bad Huffman table")
            lo = code << (16 - length)
            lut[lo : lo + (1 << (16 - length))] = (length << 8) | symbols[k]
            code += 1
            k += 1
        code <<= 1
    return _shared(lut)


@functools.lru_cache(maxsize=16)
def _ac_fast(counts: bytes, symbols: bytes) -> list:
    """For AC codes whose value bits also fit in the next 16: (value + 32768) << 10 |
    run << 5 | bits used, so the common coefficient costs one look-up; 0 elsewhere."""
    lut = np.array(_huffman_lut(counts, symbols), np.int64)
    length, run, size = lut >> 8, (lut >> 4) & 15, lut & 15
    ok = (lut != 0) & (size > 0) & (length + size <= 16)
    window = np.arange(1 << 16)
    shift = np.where(ok, 16 - length - size, 0)
    v = (window >> shift) & ((1 << size) - 1)
    v = np.where(v < (1 << np.maximum(size - 1, 0)), v - (1 << size) + 1, v)
    entry = ((v + 32768) << 10) | (run << 5) | (length + size)
    return _shared(np.where(ok, entry, 0))


def _shared(table: np.ndarray) -> list:
    """The table as a list whose equal entries are one int object: `tolist()` made 65,536
    of them (2.6 MB a table; a progressive file brings a dozen tables)."""
    values, where = np.unique(table, return_inverse=True)
    ints = values.tolist()
    return [ints[i] for i in where.tolist()]


def _words(data: bytes) -> list:
    """W[i] = bytes i..i+3 big-endian, so any 16 bits from bit p are one shift of W[p>>3]."""
    b = np.frombuffer(data + _PAD, np.uint8).astype(np.uint32)
    w = (b[:-3] << 24) | (b[1:-2] << 16) | (b[2:-1] << 8) | b[3:]
    return w.tolist()


def wrap16(v: int) -> int:
    """`(JCOEF) v`: libjpeg stores a coefficient in 16 bits, wrapping what does not fit."""
    return ((v + 32768) & 0xFFFF) - 32768


class Window:
    """A scan segment's `_words`, `_WINDOW` bytes of it at a time: the words of a whole
    segment, one Python int each, took ~40 bytes for every byte of the file. Bit positions
    are relative to `start`; a decoder calls `advance` at an MCU's start once `p` passes
    `refill`, which leaves every MCU (at most len(_PAD) bytes) inside the window."""

    def __init__(self, data: bytes):
        self.data = data
        self.start = 0
        self._fill()

    def _fill(self) -> None:
        self.words = _words(self.data[self.start : self.start + _WINDOW])
        last = self.start + _WINDOW >= len(self.data)
        self.refill = math.inf if last else 8 * (_WINDOW - len(_PAD))
        self.left = 8 * (len(self.data) - self.start)  # bits of data from `start` on

    def advance(self, p: int) -> int:
        """Move the window to bit `p`'s byte; returns `p` relative to the new start."""
        shift = p >> 3
        self.start += shift
        self._fill()
        return p - 8 * shift

    def at(self, p: int) -> tuple[int, list]:
        """(`p`, the words) at an MCU's start, the window moved once `p` passes `refill`."""
        if p >= self.refill:
            p = self.advance(p)
        return p, self.words


# -- markers ---------------------------------------------------------------------------------


def parse(data: bytes, recover: bool, partial: bool = False, late=None) -> _Frame:
    """Read the markers and decode every scan into the components' coefficients."""
    if not data.startswith(b"\xff\xd8"):
        raise JpegError("not a JPEG file")
    frame = _Frame()
    frame.late = late or _never
    pos = 2
    n = len(data)
    while True:
        while pos < n and data[pos] != 0xFF:
            pos += 1  # libjpeg skips garbage before a marker (a warning)
        while pos < n and data[pos] == 0xFF:
            pos += 1
        if pos >= n:
            frame.truncated = True
            return frame
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            frame.eoi = True
            return frame
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if pos + 2 > n:
            frame.truncated = True
            return frame
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2:
            raise JpegError("bad marker length")
        body = data[pos + 2 : pos + length]
        if len(body) < length - 2:
            frame.truncated = True
            return frame
        pos += length
        if marker == 0xDA:
            frame.late()  # each scan is a pass over every block: a file may hold thousands
            pos = _scan(frame, body, data, pos, recover, partial)
            if frame.truncated:
                return frame
        else:
            _marker(frame, marker, body)


def _marker(frame: _Frame, marker: int, body: bytes) -> None:
    if marker in (0xC0, 0xC1, 0xC2):
        _sof(frame, body, marker == 0xC2)
    elif marker == 0xC4:
        _dht(frame, body)
    elif marker == 0xDB:
        _dqt(frame, body)
    elif marker == 0xDD:
        if len(body) != 2:
            raise JpegError("bad DRI length")
        frame.restart = struct.unpack(">H", body)[0]
    elif marker == 0xE0 and body.startswith(b"JFIF\0") and len(body) >= 14:
        frame.jfif = True
    elif marker == 0xEE and body.startswith(b"Adobe") and len(body) >= 12:
        frame.adobe = body[11]
    elif marker in (0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
        kind = "arithmetic-coded" if marker & 0x08 else "lossless or hierarchical"
        raise Unsupported(f"{kind} JPEG (SOF{marker - 0xC0})")
    elif marker == 0xDC:
        raise Unsupported("a JPEG with a DNL marker")


def _sof(frame: _Frame, body: bytes, progressive: bool) -> None:
    if frame.components:
        raise JpegError("two SOF markers")
    if len(body) < 6:
        raise JpegError("bad SOF length")
    precision, h, w, nc = struct.unpack(">BHHB", body[:6])
    if precision != 8:
        raise JpegError(f"unsupported JPEG data precision {precision}")
    if h == 0 or w == 0 or nc == 0 or len(body) != 6 + 3 * nc:
        raise JpegError("bad SOF")
    frame.width, frame.height, frame.progressive = w, h, progressive
    for k in range(nc):
        cid, hv, tq = body[6 + 3 * k : 9 + 3 * k]
        hs, vs = hv >> 4, hv & 15
        if not (1 <= hs <= 4 and 1 <= vs <= 4) or tq > 3:
            raise JpegError("bad sampling factors")
        frame.components.append(_Component(cid, hs, vs, tq))
    frame.layout()
    blocks = sum(c.h * c.v for c in frame.components)
    if blocks > 10 and nc > 1:
        raise JpegError("too many blocks in an MCU")


def _dht(frame: _Frame, body: bytes) -> None:
    pos = 0
    while pos < len(body):
        if pos + 17 > len(body):
            raise JpegError("bad DHT")
        tc, th = body[pos] >> 4, body[pos] & 15
        counts = body[pos + 1 : pos + 17]
        total = sum(counts)
        if tc > 1 or th > 3 or total > 256 or pos + 17 + total > len(body):
            raise JpegError("bad DHT")
        symbols = body[pos + 17 : pos + 17 + total]
        frame.huffman[(tc, th)] = (counts, symbols)
        if not tc and max(symbols, default=0) > 15:
            frame.dc[th] = None  # jdhuff.c refuses such a DC table when a scan uses it
        else:
            (frame.ac if tc else frame.dc)[th] = _huffman_lut(counts, symbols)
            if tc:
                frame.ac_fast[th] = (counts, symbols)  # built when a sequential scan uses it
        pos += 17 + total


def _dqt(frame: _Frame, body: bytes) -> None:
    pos = 0
    while pos < len(body):
        pq, tq = body[pos] >> 4, body[pos] & 15
        size = 128 if pq else 64
        if tq > 3 or pq > 1 or pos + 1 + size > len(body):
            raise JpegError("bad DQT")
        raw = body[pos + 1 : pos + 1 + size]
        vals = np.frombuffer(raw, ">u2" if pq else np.uint8).astype(np.int64)
        table = np.zeros(64, np.int64)
        table[_ZZ] = vals
        frame.qtables[tq] = table
        pos += 1 + size


# -- scans -----------------------------------------------------------------------------------


def _scan(frame: _Frame, header: bytes, data: bytes, pos: int, recover: bool, partial: bool) -> int:
    if not frame.components:
        raise JpegError("SOS before SOF")
    ns = header[0] if header else 0
    if ns < 1 or ns > 4 or len(header) != 4 + 2 * ns:
        raise JpegError("bad SOS")
    comps, tables = [], []
    for k in range(ns):
        cid, td = header[1 + 2 * k], header[2 + 2 * k]
        match = [c for c in frame.components if c.id == cid]
        if not match:
            raise JpegError("SOS names an unknown component")
        comps.append(match[0])
        tables.append((td >> 4, td & 15))
    ss, se, ahal = header[1 + 2 * ns], header[2 + 2 * ns], header[3 + 2 * ns]
    for c in comps:
        if c.qtable is None:
            if c.tq not in frame.qtables:
                raise JpegError("a component's quantization table is not defined")
            c.qtable = frame.qtables[c.tq]
    frame.allocate()
    end = _SEGMENT_END.search(data, pos)
    if end is None:
        frame.truncated = frame.unterminated = True
        if not (recover or partial):
            return len(data)
        stop = len(data)
    else:
        stop = end.start()
    segments = _RST.split(data[pos:stop]) if frame.restart else [data[pos:stop]]
    segments = [s.replace(b"\xff\x00", b"\xff") for s in segments]
    frame.scans += 1
    spectral = (ss, se, ahal >> 4, ahal & 15)
    if frame.progressive:  # jdphuff.c marks the band known to Al bits when the scan starts
        for c in comps:
            bits = frame.coef_bits.setdefault(c.id, [-1] * 64)
            bits[ss : se + 1] = [ahal & 15] * (se + 1 - ss)
    if frame.unterminated and not frame.restart and (frame.scans == 1 or frame.progressive):
        _truncated_scan(frame, comps, tables, data[pos:], spectral, recover)
    elif frame.progressive:
        from .jpeg_progressive import decode_scan  # a module of its own, loaded when needed

        decode_scan(frame, comps, tables, segments, *spectral)
    else:
        if ss != 0 or se != 63 or ahal:
            raise JpegError("bad sequential scan parameters")
        _sequential(frame, comps, tables, segments)
    return stop


def _smoothing(frame: _Frame) -> bool:
    """jdcoefct.c's smoothing_ok: libjpeg estimates AC coefficients from neighbouring DCs
    when, after the last scan, the first nine (zigzag) are not all known for a component
    while every DC is (a truncated progressive file, or a scan script that stops early)."""
    known = [frame.coef_bits.get(c.id, [-1] * 64) for c in frame.components]
    if any(bits[0] < 0 for bits in known):
        return False
    if any((c.qtable is None or not c.qtable[_ZZ[:10]].all()) for c in frame.components):
        return False
    return any(bits[k] != 0 for bits in known for k in range(1, 10))


def _truncated_scan(frame, comps, tables, data: bytes, spectral: tuple, recover: bool):
    """The scan a truncated file ends in, read as TF's source makes libjpeg read it
    (jpeg_truncated); what that module does not replay is left for decode() to refuse."""
    from . import jpeg_truncated  # only truncated files need it

    try:
        if frame.progressive:
            if recover:
                jpeg_truncated.decode_progressive_scan(frame, comps, tables, data, spectral)
                frame.recovered = True
            return
        if spectral != (0, 63, 0, 0):
            raise JpegError("bad sequential scan parameters")
        if not recover and len(comps) < len(frame.components):
            return  # libjpeg reads such a file whole before any line: TF's error
        frame.suspended = jpeg_truncated.decode_scan(frame, comps, tables, data, recover)
        frame.recovered = True
    except NotImplementedError:
        pass


class Mcus:
    """The blocks of each MCU of a scan, (component index, coefficient offset), made as the
    scan reaches them: a list of every MCU's held ~150 bytes a block."""

    def __init__(self, frame: _Frame, comps: list):
        if len(comps) == 1:
            c = comps[0]
            self.per_row, rows = -(-c.width // 8), -(-c.height // 8)
            self.parts = [(0, 0, 64, 64 * c.bw)]
        else:
            self.per_row, rows = frame.mcux, frame.mcuy
            self.parts = [
                (k, 64 * (by * c.bw + bx), 64 * c.h, 64 * c.v * c.bw)
                for k, c in enumerate(comps)
                for by in range(c.v)
                for bx in range(c.h)
            ]
        self.count = self.per_row * rows

    def blocks(self, m: int) -> list:
        my, mx = divmod(m, self.per_row)
        return [(k, off + my * row + mx * col) for k, off, col, row in self.parts]

    def run(self, first: int, stop: int, late: Callable[[], None]) -> Iterator[list]:
        """MCUs `first` to `stop` - 1, reading the clock every `_MCUS_PER_CHECK` of them."""
        m, stop = first, min(stop, self.count)
        while m < stop:
            my, mx = divmod(m, self.per_row)
            parts = [(k, off + my * row, col) for k, off, col, row in self.parts]
            for x in range(mx, min(self.per_row, mx + stop - m)):
                if not (m - first) % _MCUS_PER_CHECK:
                    late()
                m += 1
                yield [(k, base + x * col) for k, base, col in parts]


def _sequential(frame: _Frame, comps: list, tables: list, segments: list) -> None:
    try:
        dcs = [frame.dc[t[0]] for t in tables]
        acs = [(frame.ac[t[1]], _ac_fast(*frame.ac_fast[t[1]])) for t in tables]
    except KeyError:
        raise JpegError("a scan uses an undefined Huffman table") from None
    if None in dcs:
        raise JpegError("a DC Huffman table with a symbol above 15")
    outs = [c.coefs for c in comps]
    mcus = Mcus(frame, comps)
    interval = frame.restart or mcus.count
    for first in range(0, mcus.count, interval):
        seg = first // interval
        data = segments[seg] if seg < len(segments) else b""
        part = mcus.run(first, first + interval, frame.late)
        _decode_interval(Window(data), part, outs, dcs, acs)


def _decode_interval(segment: Window, mcus, outs, dcs, acs) -> None:
    # The hot loop: locals only, one table look-up per Huffman code. Its length is the
    # JPEG grammar (DC, then AC runs), kept in one function for speed.
    zz = ZIGZAG
    preds = [0] * len(outs)
    words, left, refill = segment.words, segment.left, segment.refill
    p = 0
    for blocks in mcus:
        if p >= refill:
            p = segment.advance(p)
            words, left, refill = segment.words, segment.left, segment.refill
        if p > left:
            return  # libjpeg ran out of data in an earlier MCU: the rest stay zero
        for ci, base in blocks:
            coefs = outs[ci]
            code = dcs[ci][(words[p >> 3] >> (16 - (p & 7))) & 0xFFFF]
            if not code:
                raise JpegError("corrupt JPEG data: bad Huffman code")
            p += code >> 8
            s = code & 255
            if s:
                v = (words[p >> 3] >> (32 - (p & 7) - s)) & ((1 << s) - 1)
                p += s
                if v < 1 << (s - 1):
                    v -= (1 << s) - 1
                preds[ci] = ((preds[ci] + v + 32768) & 0xFFFF) - 32768  # wrap16, inlined
            coefs[base] = preds[ci]
            ac, fast = acs[ci]
            k = 1
            while k < 64:
                window = (words[p >> 3] >> (16 - (p & 7))) & 0xFFFF
                entry = fast[window]
                if entry:
                    p += entry & 31
                    k += (entry >> 5) & 15
                    coefs[base + zz[k]] = (entry >> 10) - 32768
                    k += 1
                    continue
                code = ac[window]
                if not code:
                    raise JpegError("corrupt JPEG data: bad Huffman code")
                p += code >> 8
                s = code & 15
                if s:
                    k += (code >> 4) & 15
                    v = (words[p >> 3] >> (32 - (p & 7) - s)) & ((1 << s) - 1)
                    p += s
                    if v < 1 << (s - 1):
                        v -= (1 << s) - 1
                    coefs[base + zz[k]] = v
                    k += 1
                elif code & 0xF0 == 0xF0:
                    k += 16
                else:
                    break


# -- IDCT ------------------------------------------------------------------------------------

_RANGE = np.concatenate(
    [np.arange(128, 256), np.full(384, 255), np.zeros(384), np.arange(0, 128)]
).astype(np.uint8)  # libjpeg's post-IDCT range-limit table, indexed by x & 1023


# TF runs libjpeg-turbo's SIMD IDCTs, which agree with jidctfst.c / jidctint.c's C
# arithmetic as long as their 16-bit lanes (32-bit for the slow IDCT's products) neither
# wrap nor saturate and the result stays where libjpeg's range-limit table and the SIMD
# saturation agree. Coefficients that leave those ranges (never a real image's: corrupt or
# crafted data) are refused rather than decoded into pixels that may not be TF's.
_SIMD_RANGE = "coefficients outside the range where TF's SIMD IDCT equals libjpeg's arithmetic"
_I16, _PRE_SHIFTED, _I32 = 32767, 8191, (1 << 31) - (1 << 18)


def check_simd(arrays, bound: int) -> None:
    for a in arrays:
        if a.size and (a.max() > bound or a.min() < -bound):
            raise Unsupported(_SIMD_RANGE)


def check_output(values) -> None:
    """The descaled outputs libjpeg indexes its range table with, x & 1023."""
    for a in values:
        if a.size and (a.max() > 511 or a.min() < -512):
            raise Unsupported(_SIMD_RANGE)


def _islow_1d(x: list, final: bool) -> list:
    """jidctint.c's 1-D pass on 8 int64 arrays (coefficients 0..7)."""
    z2, z3 = x[2], x[6]
    z1 = (z2 + z3) * 4433
    tmp2 = z1 + z3 * -15137
    tmp3 = z1 + z2 * 6270
    tmp0 = (x[0] + x[4]) << 13
    tmp1 = (x[0] - x[4]) << 13
    tmp10, tmp13, tmp11, tmp12 = tmp0 + tmp3, tmp0 - tmp3, tmp1 + tmp2, tmp1 - tmp2
    t0, t1, t2, t3 = x[7], x[5], x[3], x[1]
    z1, z2, z3, z4 = t0 + t3, t1 + t2, t0 + t2, t1 + t3
    z5 = (z3 + z4) * 9633
    t0, t1, t2, t3 = t0 * 2446, t1 * 16819, t2 * 25172, t3 * 12299
    z1, z2, z3, z4 = z1 * -7373, z2 * -20995, z3 * -16069 + z5, z4 * -3196 + z5
    t0 = t0 + z1 + z3
    t1 = t1 + z2 + z4
    t2 = t2 + z2 + z3
    t3 = t3 + z1 + z4
    shift = 18 if final else 11
    half = 1 << (shift - 1)
    outs = (
        tmp10 + t3,
        tmp11 + t2,
        tmp12 + t1,
        tmp13 + t0,
        tmp13 - t0,
        tmp12 - t1,
        tmp11 - t2,
        tmp10 - t3,
    )
    # The AVX2 code forms in0 +/- in4 and in7 + in3, in5 + in1 in 16 bits, the rest in 32.
    check_simd((x[0] + x[4], x[0] - x[4], x[7] + x[3], x[5] + x[1]), _I16)
    check_simd((tmp10, tmp11, tmp12, tmp13, t0, t1, t2, t3, *outs), _I32)
    out = [(v + half) >> shift for v in outs]
    if final:
        check_output(out)
    else:
        check_simd(out, _I16)
    return out


def _ifast_1d(x: list, final: bool) -> list:
    """jidctfst.c's 1-D pass (8-bit constants, truncating multiplies)."""
    tmp10, tmp11 = x[0] + x[4], x[0] - x[4]
    tmp13 = x[2] + x[6]
    tmp12 = (((x[2] - x[6]) * 362) >> 8) - tmp13
    tmp0, tmp3, tmp1, tmp2 = tmp10 + tmp13, tmp10 - tmp13, tmp11 + tmp12, tmp11 - tmp12
    z13, z10 = x[5] + x[3], x[5] - x[3]
    z11, z12 = x[1] + x[7], x[1] - x[7]
    tmp7 = z11 + z13
    tmp11 = ((z11 - z13) * 362) >> 8
    z5 = ((z10 + z12) * 473) >> 8
    tmp10 = ((z12 * 277) >> 8) - z5
    tmp12 = ((z10 * -669) >> 8) + z5
    tmp6 = tmp12 - tmp7
    tmp5 = tmp11 - tmp6
    tmp4 = tmp10 + tmp5
    # SSE2: every value a 16-bit lane, multiply inputs shifted left 2 bits first.
    check_simd((x[2] - x[6], z11 - z13, z10 + z12, z12, z10), _PRE_SHIFTED)
    sums = (tmp0, tmp1, tmp2, tmp3, tmp13, z13, z10, z11, z12, tmp7, tmp6, tmp5, tmp4)
    check_simd((x[0] + x[4], x[0] - x[4], *sums), _I16)
    outs = (
        tmp0 + tmp7,
        tmp1 + tmp6,
        tmp2 + tmp5,
        tmp3 - tmp4,
        tmp3 + tmp4,
        tmp2 - tmp5,
        tmp1 - tmp6,
        tmp0 - tmp7,
    )
    check_simd(outs, _I16)
    if final:
        out = [v >> 5 for v in outs]
        check_output(out)
        return out
    return list(outs)


def idct(blocks: np.ndarray, qtable: np.ndarray, fast: bool) -> np.ndarray:
    """[N, 64] coefficients (natural order) -> [N, 8, 8] uint8 samples."""
    # IFAST folds the AAN scale factors into the multipliers (jddctmgr.c, rounded).
    q = (qtable * _AANSCALES + (1 << 11)) >> 12 if fast else qtable
    x = (blocks.astype(np.int64) * q).reshape(-1, 8, 8)
    check_simd((x,), _I16)  # pmullw
    one = _ifast_1d if fast else _islow_1d
    cols = one([x[:, k, :] for k in range(8)], False)  # pass 1: down each column
    ws = np.stack(cols, axis=1)
    rows = one([ws[:, :, k] for k in range(8)], True)  # pass 2: along each row
    out = np.stack(rows, axis=2)
    return _RANGE[out & 1023]


# -- samples, upsampling and colour, one band of rows at a time -----------------------------

# Blocks per IDCT call: its int64 temporaries, ~50 bytes a coefficient, stay ~7 MB instead of
# growing with the image.
_IDCT_BLOCKS = 1 << 11
# Output pixels per band (whole iMCU rows, at least one): the IDCT, the upsampling and the
# colour conversion each hold one band's temporaries and write into the preallocated
# output (whole planes of int32/int64 temporaries made ~35 bytes per output byte).
_BAND_PIXELS = 1 << 15


class _Samples:
    """One component's samples from `size` x `size` IDCTs, cropped to libjpeg's
    downsampled_width/height at that scale, made a block row at a time as bands ask for
    rows: each block row's IDCT runs once, and rows above the last band's are let go."""

    def __init__(self, frame: _Frame, c: _Component, fast: bool, size: int):
        self.frame, self.c, self.size = frame, c, size
        self.width = -(-frame.width * c.h * size // (frame.hmax * 8))
        self.height = -(-frame.height * c.v * size // (frame.vmax * 8))
        self.coefs = np.frombuffer(c.coefs, np.int16).reshape(c.bh, c.bw * 64)
        # A component no scan reached keeps jddctmgr's zeroed multipliers: a flat 128.
        qtable = c.qtable if c.qtable is not None else np.zeros(64, np.int64)
        if size == 8:
            self.idct = functools.partial(idct, qtable=qtable, fast=fast)
        else:
            from .jpeg_scaled import idct_reduced  # only `ratio` 2, 4 and 8 need it

            self.idct = functools.partial(idct_reduced, qtable=qtable, size=size)
        self.rows: dict[int, np.ndarray] = {}  # block row -> uint8 [size, bw * size]
        self.next = 0  # the block row after the last one made

    def get(self, lo: int, hi: int) -> np.ndarray:
        """Sample rows `lo` to `hi` - 1 (uint8, [hi - lo, width])."""
        size = self.size
        first, last = lo // size, (hi - 1) // size + 1
        for b in [b for b in self.rows if b < first]:
            del self.rows[b]
        if last > max(first, self.next):
            self._make(max(first, self.next), last)
        rows = [self.rows[b] for b in range(first, last)]
        px = rows[0] if len(rows) == 1 else np.concatenate(rows)
        return px[lo - first * size : hi - first * size, : self.width]

    def _make(self, b0: int, b1: int) -> None:
        blocks = self.coefs[b0:b1].reshape(-1, 64)
        parts = []
        for start in range(0, len(blocks), _IDCT_BLOCKS):
            self.frame.late()
            parts.append(self.idct(blocks[start : start + _IDCT_BLOCKS]))
        px = parts[0] if len(parts) == 1 else np.concatenate(parts)
        n, bw, size = b1 - b0, self.c.bw, self.size
        px = px.reshape(n, bw, size, size).transpose(0, 2, 1, 3).reshape(n, size, bw * size)
        self.rows.update(zip(range(b0, b1), px, strict=True))
        self.next = b1


def _scaled_size(frame: _Frame, c: _Component, smallest: int) -> int:
    """jdmaster.c: a subsampled component gets a larger IDCT instead of upsampling, as far
    as powers of two allow."""
    size = smallest
    while (
        size < 8
        and (frame.hmax * smallest) % (c.h * size * 2) == 0
        and (frame.vmax * smallest) % (c.v * size * 2) == 0
    ):
        size *= 2
    return size


def _h2v1(p: np.ndarray) -> np.ndarray:
    p = p.astype(np.int32)
    left = np.concatenate([p[:, :1], p[:, :-1]], axis=1)
    right = np.concatenate([p[:, 1:], p[:, -1:]], axis=1)
    out = np.empty((p.shape[0], 2 * p.shape[1]), np.int32)
    out[:, 0::2] = (3 * p + left + 1) >> 2
    out[:, 1::2] = (3 * p + right + 2) >> 2
    return out


def _h1v2(p: np.ndarray) -> np.ndarray:
    p = p.astype(np.int32)
    up = np.concatenate([p[:1], p[:-1]], axis=0)
    down = np.concatenate([p[1:], p[-1:]], axis=0)
    out = np.empty((2 * p.shape[0], p.shape[1]), np.int32)
    out[0::2] = (3 * p + up + 1) >> 2
    out[1::2] = (3 * p + down + 2) >> 2
    return out


def _h2v2(p: np.ndarray) -> np.ndarray:
    p = p.astype(np.int32)
    up = np.concatenate([p[:1], p[:-1]], axis=0)
    down = np.concatenate([p[1:], p[-1:]], axis=0)
    out = np.empty((2 * p.shape[0], 2 * p.shape[1]), np.int32)
    for r, near in ((0, up), (1, down)):
        cs = 3 * p + near
        left = np.concatenate([cs[:, :1], cs[:, :-1]], axis=1)
        right = np.concatenate([cs[:, 1:], cs[:, -1:]], axis=1)
        out[r::2, 0::2] = (3 * cs + left + 8) >> 4
        out[r::2, 1::2] = (3 * cs + right + 7) >> 4
    return out


def _replicate(p: np.ndarray, hx: int, vx: int) -> np.ndarray:
    return np.repeat(np.repeat(p, vx, axis=0), hx, axis=1)


def _upsampler(frame: _Frame, c: _Component, fancy: bool, scale: tuple, wide: bool):
    """(vertical factor, function) of the upsampler jdsample.c chose for this component
    when it was set up (`scale`: the component's IDCT size and the smallest one, fancy
    needing the smallest above 1; `wide`: the component was then more than 2 samples
    wide). Each replicates the edges of the rows it is given, so a band given one row of
    context above and below comes out as rows of the whole plane's upsampling."""
    size, smallest = scale
    h_in, v_in = c.h * size, c.v * size
    h_out, v_out = frame.hmax * smallest, frame.vmax * smallest
    if h_out % h_in or v_out % v_in:
        raise Unsupported("fractional JPEG sampling factors")
    hx, vx = h_out // h_in, v_out // v_in
    fancy = fancy and smallest > 1
    if hx == 1 and vx == 1:
        return vx, lambda p: p
    if (hx, vx) == (2, 1) and fancy and wide:
        return vx, _h2v1
    if (hx, vx) == (1, 2) and fancy:
        return vx, _h1v2
    if (hx, vx) == (2, 2) and fancy and wide:
        return vx, _h2v2
    return vx, functools.partial(_replicate, hx=hx, vx=vx)


def _ycc_tables():
    x = np.arange(256) - 128
    one_half = 1 << 15

    def fix(v):
        return int(v * 65536 + 0.5)

    cr_r = (fix(1.40200) * x + one_half) >> 16
    cb_b = (fix(1.77200) * x + one_half) >> 16
    cr_g = -fix(0.71414) * x
    cb_g = -fix(0.34414) * x + one_half
    # int32: every sum below stays under 2^24, and a band's temporaries halve.
    return tuple(t.astype(np.int32) for t in (cr_r, cb_b, cr_g, cb_g))


_CR_R, _CB_B, _CR_G, _CB_G = _ycc_tables()


def _ycc_to_rgb(y, cb, cr, out: np.ndarray) -> None:
    """libjpeg's integer YCbCr -> RGB of a band, written into `out` ([h, w, 3] uint8)."""
    y = y.astype(np.int32)
    np.clip(y + _CR_R[cr], 0, 255, out=out[..., 0], casting="unsafe")
    np.clip(y + ((_CB_G[cb] + _CR_G[cr]) >> 16), 0, 255, out=out[..., 1], casting="unsafe")
    np.clip(y + _CB_B[cb], 0, 255, out=out[..., 2], casting="unsafe")


def _rgb_to_gray(planes: list) -> np.ndarray:
    r, g, b = (p.astype(np.int64) for p in planes[:3])
    return (19595 * r + 38470 * g + 7471 * b + (1 << 15)) >> 16  # jccolor.c's FIX() weights


def colour_space(frame: _Frame) -> str:
    """libjpeg's guess (jdapimin.c default_decompress_parms)."""
    n = len(frame.components)
    if n == 1:
        return "GRAY"
    if n == 3:
        if frame.jfif:
            return "YCC"
        if frame.adobe is not None:
            return "RGB" if frame.adobe == 0 else "YCC"
        ids = [c.id for c in frame.components]
        return "RGB" if ids == [82, 71, 66] else "YCC"
    if n == 4:
        return "CMYK" if frame.adobe in (None, 0) else "YCCK"
    return "UNKNOWN"


def decode(
    data: bytes,
    channels: int,
    fancy: bool,
    fast: bool,
    recover: bool,
    ratio: int = 1,
    crop: tuple | None = None,
    fraction: float = 1.0,
    late: Callable[[], None] | None = None,
) -> np.ndarray:
    """[h, w, channels (0 = 1 or 3)] uint8 as TF's jpeg::Uncompress returns it (`ratio`:
    libjpeg's scale_denom, each side ceil(side / ratio); `crop`: TF's (y, x, h, w)
    window, decoded as libjpeg-turbo's jpeg_crop_scanline decodes it; `late()` raises once
    the run's deadline is past)."""
    partial = np.float32(fraction) < 1 and crop is None
    frame = parse(data, recover, partial, late)
    _check_frame(frame, recover, partial)
    frame.allocate()  # a component no scan reached decodes as zeros
    space = colour_space(frame)
    n = len(frame.components)
    want = channels or min(n, 3)
    if space == "UNKNOWN" or (want == 1 and space in ("CMYK", "YCCK")):
        raise JpegError(f"cannot convert a {n}-component JPEG")
    if crop is not None:
        y, x, h, w = crop
        if min(h, w) <= 0 or min(x, y) < 0 or y + h > frame.height or x + w > frame.width:
            raise JpegError("crop window outside the image")
    smallest = 8 // ratio
    rows = None
    if frame.suspended is not None and not recover:
        rows = _rows_read(frame, want, space, fancy, smallest)
        if np.float32(rows) / np.float32(-(-frame.height * smallest // 8)) < np.float32(fraction):
            raise JpegError("premature end of JPEG data")
    out = _Output(frame, fast, fancy, smallest, crop).pixels(want, space)
    if rows is not None:
        out[rows:] = 0  # TF blacks out the lines libjpeg never gave it
    return out


class _Output:
    """The decoded image, made band by band: each component's samples, its columns (TF's
    crop window moves the left edge to an iMCU column and decodes as if the image began and
    ended at the window's columns: the upsampler replicates the window's edge samples, not
    its neighbours; the upsampler chosen for the whole image stays, unless the window
    leaves it < 2 wide), its upsampler, then the colour conversion."""

    def __init__(self, frame: _Frame, fast: bool, fancy: bool, smallest: int, crop):
        self.frame = frame
        self.imcu = frame.vmax * smallest  # output rows of an iMCU row
        if crop is None:
            self.top, self.left = 0, 0
            self.height = -(-frame.height * smallest // 8)
            self.width = -(-frame.width * smallest // 8)
        else:
            self.top, x, self.height, self.width = crop
            align = 8 * frame.hmax
            start = x // align * align
            self.left = x - start
        self.comps = []
        for c in frame.components:
            size = _scaled_size(frame, c, smallest)
            samples = _Samples(frame, c, fast, size)
            if crop is None:
                cols, wide = slice(0, samples.width), samples.width > 2
            else:
                first = start * c.h // frame.hmax
                count = -(-(x + self.width - start) * c.h // frame.hmax)
                wide = samples.width > 2 if count >= 2 or samples.width < 2 else False
                cols = slice(first, first + count)
            vx, up = _upsampler(frame, c, fancy, (size, smallest), wide)
            self.comps.append((samples, cols, vx, up))

    def pixels(self, want: int, space: str) -> np.ndarray:
        out = np.empty((self.height, self.width, 1 if want == 1 else 3), np.uint8)
        band = max(1, _BAND_PIXELS // (self.imcu * self.width)) * self.imcu
        for top in range(self.top, self.top + self.height, band):
            bottom = min(top + band, self.top + self.height)
            self.frame.late()
            planes = [self._band(comp, top, bottom) for comp in self.comps]
            _colour(self.frame, planes, want, space, out[top - self.top : bottom - self.top])
        return out

    def _band(self, comp: tuple, top: int, bottom: int) -> np.ndarray:
        """Output rows `top` to `bottom` - 1 of one component (int32), upsampled from its
        sample rows with one row of context above and below where the plane has one."""
        samples, cols, vx, up = comp
        lo = max(top // vx - 1, 0)
        hi = min((bottom - 1) // vx + 2, samples.height)
        px = up(samples.get(lo, hi)[:, cols])
        skip = lo * vx
        return px[top - skip : bottom - skip, self.left : self.left + self.width].astype(np.int32)


def _check_frame(frame: _Frame, recover: bool, partial: bool) -> None:
    """Refuse what libjpeg (through TF) refuses, and what graphgate does not replay."""
    if not frame.components:
        raise JpegError("no image in the JPEG data")
    # Without recovery libjpeg suspends where a scan's data runs out, and a file of several
    # scans is read whole before any row: TF turns either into its error.
    if frame.unterminated or (frame.truncated and frame.scans > 1):
        if not recover and not (partial and frame.recovered and frame.suspended is not None):
            if partial and frame.recovered:  # every MCU read: libjpeg's ending is not pinned
                raise Unsupported("a truncated JPEG whose every MCU was read")
            raise JpegError("premature end of JPEG data")
        if not frame.recovered:
            # jpeg_truncated replays one interval-free sequential scan; anything else
            # (progressive, several scans, restart intervals) is not pinned: refuse.
            raise Unsupported("recovering this truncated JPEG (try_recover_truncated)")
    if frame.scans == 0:
        raise JpegError("no scan in the JPEG data")
    if frame.progressive and _smoothing(frame):
        raise Unsupported("libjpeg's block smoothing of a progressive JPEG left incomplete")


def _colour(frame: _Frame, planes: list, want: int, space: str, out: np.ndarray) -> None:
    """Convert one band's planes into `out`, that band of the output."""
    if want == 1:
        out[..., 0] = _rgb_to_gray(planes) if space == "RGB" else planes[0]
    elif space == "GRAY":
        out[...] = planes[0][..., None]
    elif space == "RGB":
        for k in range(3):
            out[..., k] = planes[k]
    elif space == "YCC":
        _ycc_to_rgb(*planes, out)
    else:
        _cmyk_to_rgb(frame, planes, space, out)


def _rows_read(frame: _Frame, want: int, space: str, fancy: bool, smallest: int) -> int:
    """The scanlines libjpeg had given TF when it suspended: those of the complete iMCU rows
    before the suspended MCU's, less the last row group when an upsampler needs the next
    iMCU row as context (jdmainct.c's postponed row group; h2v2 and h1v2 fancy)."""
    comps = frame.components
    if len(comps) == 1:
        if (comps[0].h, comps[0].v) != (1, 1):
            raise Unsupported("a truncated one-component JPEG with sampling factors above 1")
        per_row = -(-comps[0].width // 8)
    else:
        per_row = frame.mcux
    complete = frame.suspended // per_row
    needed = comps[:1] if want == 1 and space in ("YCC", "GRAY") else comps
    context = False
    for c in needed if fancy and smallest > 1 else ():
        size = _scaled_size(frame, c, smallest)
        hx = frame.hmax * smallest // (c.h * size)
        vx = frame.vmax * smallest // (c.v * size)
        width = -(-frame.width * c.h * size // (frame.hmax * 8))
        context |= vx == 2 and (hx == 1 or (hx == 2 and width > 2))
    group = frame.vmax
    rows = complete * group * smallest - (group if context and complete else 0)
    return min(rows, -(-frame.height * smallest // 8))


def _cmyk_to_rgb(frame: _Frame, planes: list, space: str, out: np.ndarray) -> None:
    if space == "YCCK":
        _ycc_to_rgb(*planes[:3], out)
        cmy = [255 - out[..., k].astype(np.int32) for k in range(3)]
    else:
        cmy = planes[:3]
    k = planes[3]
    for i, c in enumerate(cmy):
        out[..., i] = (k * c) // 255 if frame.adobe is not None else (255 - k) * (255 - c) // 255


def header(data: bytes) -> _Frame:
    """The frame header (and JFIF/Adobe markers before it), nothing allocated."""
    frame = _Frame()
    pos = 2
    if not data.startswith(b"\xff\xd8"):
        raise JpegError("not a JPEG file")
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            pos += 1
            continue
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            _sof(frame, data[pos + 4 : pos + 2 + length], marker == 0xC2)
            return frame
        if marker == 0xE0 and data[pos + 4 : pos + 9] == b"JFIF\0":
            frame.jfif = True
        elif marker == 0xEE and data[pos + 4 : pos + 9] == b"Adobe" and length >= 14:
            frame.adobe = data[pos + 15]
        pos += 2 + length
    raise JpegError("no SOF marker")


def shape(data: bytes) -> tuple[int, int, int]:
    """(height, width, components libjpeg would output by default) from the header."""
    frame = header(data)
    comps = {"GRAY": 1, "YCC": 3, "RGB": 3, "CMYK": 4, "YCCK": 4}.get(colour_space(frame))
    if comps is None:
        raise JpegError("unknown colour space")
    return frame.height, frame.width, comps


def working_bytes(frame: _Frame, channels: int, ratio: int, crop, converted: int = 0) -> int:
    """What `decode` holds at its peak, from the header: the coefficients (16 bits each,
    however small `ratio` or the crop window make the output), the output (and a copy of
    `converted` bytes an element, the op's dtype), and one band's temporaries (~100 bytes
    an output pixel measured, 128 counted; a band is at least one iMCU row, which a
    65,535-pixel-wide file makes large)."""
    if crop is None:
        height, width = -(-frame.height // ratio), -(-frame.width // ratio)
    else:
        height, width = crop[2], crop[3]
    want = channels or min(len(frame.components), 3)
    band = min(height * width, max(_BAND_PIXELS, 8 * frame.vmax * width // ratio))
    out = height * width * (1 if want == 1 else 3)
    return frame.coefficient_bytes() + out * (1 + converted) + 128 * band
