"""A truncated sequential scan decoded with `try_recover_truncated`, as TF's libjpeg-turbo
path actually decodes it.

TF's memory source answers libjpeg's request for more data with "there is still data" when
its own fields, which libjpeg only writes back at the end of each MCU, still count bytes:
the bit reader then starts over from where the MCU began reading and decodes those bytes
again, until an MCU starts with none left, when TF inserts its fake EOI (libjpeg then
feeds zero bits and leaves the following MCUs zero). What comes out therefore depends on
exactly when libjpeg-turbo refills its 64-bit bit buffer: this module replays its fast
path (6 bytes when 16 bits or fewer are left, chosen while 512 bytes per block remain) and
its slow path (refill to 57 bits when a read needs more), code for code (jdhuff.c).
"""

from __future__ import annotations

import math

from .jpeg_codec import ZIGZAG, JpegError, Mcus, wrap16

_EOI = b"\xff\xd9"
_MIN_GET_BITS = 57  # BIT_BUF_SIZE (64) - 7


class _Tables:
    """One Huffman table as jdhuff.c derives it: 8-bit look-ahead, maxcode, valoffset."""

    def __init__(self, counts: bytes, symbols: bytes):
        self.lookup = [0] * 256
        self.maxcode = [-1] * 18
        self.valoffset = [0] * 17
        self.symbols = symbols
        code = k = 0
        for length in range(1, 17):
            n = counts[length - 1]
            if n:
                self.valoffset[length] = k - code
                for _ in range(n):
                    if length <= 8:
                        lo = code << (8 - length)
                        for j in range(lo, lo + (1 << (8 - length))):
                            self.lookup[j] = (length << 8) | symbols[k]
                    code += 1
                    k += 1
                self.maxcode[length] = code - 1
            code <<= 1
        self.maxcode[17] = 0xFFFFF
        self.lookup = [v if v else 9 << 8 for v in self.lookup]


class Suspended(Exception):
    """Without recovery, TF's source makes libjpeg suspend in this MCU (its index)."""


def _table(frame, kind: int, index: int) -> _Tables:
    """A table the scan uses, refused as jdhuff.c refuses it (undefined; DC symbol > 15)."""
    if (kind, index) not in frame.huffman or (not kind and frame.dc.get(index) is None):
        raise JpegError("a scan uses an undefined or invalid Huffman table")
    return _Tables(*frame.huffman[(kind, index)])


class _Reader:
    """libjpeg's bit buffer over TF's memory source."""

    def __init__(self, data: bytes, recover: bool):
        self.data = data
        self.recover = recover
        self.buf, self.pos = data, 0  # where the bit reader takes its next byte
        self.saved = (data, 0)  # TF's source fields: written back after each MCU
        self.bits = self.nbits = 0
        self.marker = False
        self.insufficient = False

    def save(self) -> None:
        self.saved = (self.buf, self.pos)

    def src_left(self) -> int:
        buf, pos = self.saved
        return len(buf) - pos

    def _more(self) -> None:
        """TF's MemFillInputBuffer, seen through libjpeg's stale copy of the source."""
        buf, pos = self.saved
        if len(buf) - pos:
            if not self.recover:
                raise Suspended  # "data left" without recovery: FALSE, a suspension
            self.buf, self.pos = buf, pos  # "data left": libjpeg re-reads from there
        elif buf is not _EOI and self.recover:
            self.saved = (_EOI, 0)
            self.buf, self.pos = _EOI, 0
        else:
            raise JpegError("premature end of JPEG data")

    def _byte(self) -> int:
        if self.pos >= len(self.buf):
            self._more()
        c = self.buf[self.pos]
        self.pos += 1
        return c

    def fill(self, need: int) -> None:
        """jpeg_fill_bit_buffer."""
        while not self.marker and self.nbits < _MIN_GET_BITS:
            c = self._byte()
            if c == 0xFF:
                while c == 0xFF:
                    c = self._byte()
                if c:
                    # Only the (fake) EOI ends the file as TF's decode expects; any other
                    # code, read from re-read bytes, is a marker libjpeg then acts on.
                    if c != 0xD9:
                        raise NotImplementedError("a marker other than EOI in the data")
                    self.marker = True
                    break
                c = 0xFF
            self.bits = (self.bits << 8) | c
            self.nbits += 8
        if self.marker and need > self.nbits:
            self.insufficient = True
            self.bits <<= _MIN_GET_BITS - self.nbits
            self.nbits = _MIN_GET_BITS

    def fill_fast(self) -> None:
        """FILL_BIT_BUFFER_FAST: six GET_BYTEs (an FF is taken as FF 00)."""
        if self.nbits <= 16:
            for _ in range(6):
                c = self.buf[self.pos]
                self.pos += 2 if c == 0xFF else 1
                self.bits = (self.bits << 8) | c
                self.nbits += 8

    def get(self, n: int) -> int:
        self.nbits -= n
        v = (self.bits >> self.nbits) & ((1 << n) - 1)
        self.bits &= (1 << self.nbits) - 1
        return v

    def check(self, n: int) -> None:
        if self.nbits < n:
            self.fill(n)


def _huff_slow(r: _Reader, t: _Tables) -> int:
    """HUFF_DECODE and jpeg_huff_decode."""
    nb = 1
    if r.nbits < 8:
        r.fill(0)
    if r.nbits >= 8:
        entry = t.lookup[(r.bits >> (r.nbits - 8)) & 0xFF]
        nb = entry >> 8
        if nb <= 8:
            r.get(nb)
            return entry & 0xFF
    r.check(nb)
    code = r.get(nb)
    while code > t.maxcode[nb]:
        r.check(1)
        code = (code << 1) | r.get(1)
        nb += 1
    return 0 if nb > 16 else t.symbols[(code + t.valoffset[nb]) & 0xFF]


def _huff_fast(r: _Reader, t: _Tables) -> int:
    """HUFF_DECODE_FAST."""
    r.fill_fast()
    entry = t.lookup[(r.bits >> (r.nbits - 8)) & 0xFF]
    nb = entry >> 8
    if nb <= 8:
        r.get(nb)
        return entry & 0xFF
    code = r.get(nb)
    while code > t.maxcode[nb]:
        code = (code << 1) | r.get(1)
        nb += 1
    return 0 if nb > 16 else t.symbols[(code + t.valoffset[nb]) & 0xFF]


def _receive(r: _Reader, s: int, fast: bool) -> int:
    if fast:
        r.fill_fast()
    else:
        r.check(s)
    v = r.get(s)
    return v - (1 << s) + 1 if v < 1 << (s - 1) else v


def _block(r: _Reader, fast: bool, dc: _Tables, ac: _Tables, coefs, base: int) -> int:
    huff = _huff_fast if fast else _huff_slow
    s = huff(r, dc)
    diff = _receive(r, s, fast) if s else 0
    k = 1
    while k < 64:
        rs = huff(r, ac)
        run, s = rs >> 4, rs & 15
        if s:
            k += run
            coefs[base + ZIGZAG[k]] = _receive(r, s, fast)
        elif run != 15:
            break
        else:
            k += 15
        k += 1
    return diff


def decode_scan(frame, comps: list, tables: list, data: bytes, recover: bool = True) -> int | None:
    """Decode a truncated, interval-free sequential scan into the components' coefficients;
    without recovery, stop where libjpeg suspends and return that MCU's index."""
    if frame.restart:
        raise NotImplementedError("restart intervals")
    dcs = [_table(frame, 0, t[0]) for t in tables]
    acs = [_table(frame, 1, t[1]) for t in tables]
    outs = [c.coefs for c in comps]
    mcus = Mcus(frame, comps)
    blocks_in_mcu = len(mcus.blocks(0))
    r = _Reader(data, recover)
    preds = [0] * len(comps)
    for index, blocks in enumerate(mcus.run(0, mcus.count, frame.late)):
        if r.insufficient:
            break  # the rest of the scan stays zero: uniform gray
        fast = r.src_left() >= 512 * blocks_in_mcu
        saved = [outs[ci][base : base + 64] for ci, base in blocks]
        try:
            for ci, base in blocks:
                preds[ci] = wrap16(preds[ci] + _block(r, fast, dcs[ci], acs[ci], outs[ci], base))
                outs[ci][base] = preds[ci]
        except Suspended:
            for (ci, base), old in zip(blocks, saved, strict=True):
                outs[ci][base : base + 64] = old  # a suspended MCU is never output
            return index
        r.save()
    return None


def _correct(r: _Reader, coefs, at: int, p1: int, m1: int) -> None:
    r.check(1)
    if r.get(1) and coefs[at] & p1 == 0:
        coefs[at] = wrap16(coefs[at] + (p1 if coefs[at] >= 0 else m1))


def _ac_refine(r: _Reader, t: _Tables, coefs, base: int, band: tuple, eobrun: int) -> int:
    """jdphuff.c's decode_mcu_AC_refine for one block; returns the EOB run left."""
    ss, se, al = band
    p1, m1 = 1 << al, -1 << al
    k = ss
    if eobrun == 0:
        while k <= se:
            rs = _huff_slow(r, t)
            run, s = rs >> 4, rs & 15
            if s:
                r.check(1)
                s = p1 if r.get(1) else m1
            elif run != 15:
                eobrun = 1 << run
                if run:
                    r.check(run)
                    eobrun += r.get(run)
                break
            while k <= se:
                at = base + ZIGZAG[k]
                if coefs[at]:
                    _correct(r, coefs, at, p1, m1)
                else:
                    run -= 1
                    if run < 0:
                        break
                k += 1
            if s:
                coefs[base + ZIGZAG[k]] = s
            k += 1
    if eobrun > 0:
        while k <= se:
            at = base + ZIGZAG[k]
            if coefs[at]:
                _correct(r, coefs, at, p1, m1)
            k += 1
        eobrun -= 1
    return eobrun


def _ac_first(r: _Reader, t: _Tables, coefs, base: int, band: tuple) -> int:
    """jdphuff.c's decode_mcu_AC_first for a block outside an EOB run; returns the run."""
    ss, se, al = band
    k = ss
    while k <= se:
        rs = _huff_slow(r, t)
        run, s = rs >> 4, rs & 15
        if s:
            k += run
            r.check(s)
            v = r.get(s)
            coefs[base + ZIGZAG[k]] = wrap16((v - (1 << s) + 1 if v < 1 << (s - 1) else v) << al)
        elif run == 15:
            k += 15
        else:
            eobrun = 1 << run
            if run:
                r.check(run)
                eobrun += r.get(run)
            return eobrun - 1
        k += 1
    return 0


def decode_progressive_scan(frame, comps: list, tables: list, data: bytes, spectral: tuple) -> None:
    """A truncated progressive scan as TF's recovering source makes jdphuff.c read it
    (no fast path there: every read goes through the refilling slow path)."""
    ss, se, ah, al = spectral
    if frame.restart:
        raise NotImplementedError("restart intervals")
    outs = [c.coefs for c in comps]
    mcus = Mcus(frame, comps).run(0, math.inf, frame.late)
    r = _Reader(data, True)
    if ss == 0 and ah:  # DC refinement: no out-of-data check in libjpeg, one bit a block
        for blocks in mcus:
            for ci, base in blocks:
                r.check(1)
                if r.get(1):
                    outs[ci][base] |= 1 << al
            r.save()
        return
    if ss == 0:
        dcs = [_table(frame, 0, t[0]) for t in tables]
        preds = [0] * len(comps)
    else:
        ac = _table(frame, 1, tables[0][1])
    eobrun = 0
    for blocks in mcus:
        if r.insufficient:
            break
        if ss == 0:
            for ci, base in blocks:
                s = _huff_slow(r, dcs[ci])
                preds[ci] += _receive(r, s, False) if s else 0
                outs[ci][base] = wrap16(preds[ci] << al)
        elif ah:
            eobrun = _ac_refine(r, ac, outs[0], blocks[0][1], (ss, se, al), eobrun)
        elif eobrun:
            eobrun -= 1
        else:
            eobrun = _ac_first(r, ac, outs[0], blocks[0][1], (ss, se, al))
        r.save()
