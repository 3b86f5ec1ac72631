"""Progressive JPEG scans (jdphuff.c): DC first and refinement scans, AC spectral-selection
first scans with end-of-band runs, and AC successive-approximation refinement, decoded into
the same coefficient arrays as sequential scans (the IDCT happens once, after the last scan).
"""

from __future__ import annotations

from .jpeg_codec import ZIGZAG, JpegError, Mcus, Window, wrap16


def decode_scan(frame, comps, tables, segments, ss, se, ah, al) -> None:
    """Decode one progressive scan into the components' coefficients."""
    if ss > se or se > 63 or al > 13 or (ss == 0 and se != 0) or (ss > 0 and len(comps) != 1):
        raise JpegError("invalid progressive parameters")
    try:
        if ss == 0:
            dcs = [frame.dc[t[0]] for t in tables] if ah == 0 else None
            acs = None
        else:
            dcs, acs = None, frame.ac[tables[0][1]]
    except KeyError:
        raise JpegError("a scan uses an undefined Huffman table") from None
    if dcs is not None and None in dcs:
        raise JpegError("a DC Huffman table with a symbol above 15")
    outs = [c.coefs for c in comps]
    mcus = Mcus(frame, comps)
    interval = frame.restart or mcus.count
    for first in range(0, mcus.count, interval):
        seg = first // interval
        data = segments[seg] if seg < len(segments) else b""
        window, part = Window(data), mcus.run(first, first + interval, frame.late)
        if ss == 0:
            _dc(window, part, outs, dcs, al)
        elif ah == 0:
            _ac_first(window, part, outs[0], acs, ss, se, al)
        else:
            _ac_refine(window, part, outs[0], acs, ss, se, al)


def _huff(words, p, lut):
    code = lut[(words[p >> 3] >> (16 - (p & 7))) & 0xFFFF]
    if not code:
        raise JpegError("corrupt JPEG data: bad Huffman code")
    return code & 255, p + (code >> 8)


def _bits(words, p, n):
    return (words[p >> 3] >> (32 - (p & 7) - n)) & ((1 << n) - 1), p + n


def _extend(v, s):
    return v - (1 << s) + 1 if v < 1 << (s - 1) else v


def _dc(window, mcus, outs, dcs, al) -> None:
    preds = [0] * len(outs)
    p = 0
    for blocks in mcus:
        p, words = window.at(p)
        if p > window.left:
            return
        for ci, base in blocks:
            if dcs is None:  # refinement: one bit per block
                bit, p = _bits(words, p, 1)
                if bit:
                    outs[ci][base] |= 1 << al
                continue
            s, p = _huff(words, p, dcs[ci])
            if s:
                v, p = _bits(words, p, s)
                preds[ci] += _extend(v, s)
            outs[ci][base] = wrap16(preds[ci] << al)


def _ac_first(window, mcus, coefs, ac, ss, se, al) -> None:
    # One loop over the JPEG grammar (runs, sizes, end-of-band runs), kept whole for speed.
    zz = ZIGZAG
    eobrun = 0
    p = 0
    for blocks in mcus:
        p, words = window.at(p)
        if p > window.left:
            return
        base = blocks[0][1]
        if eobrun:
            eobrun -= 1
            continue
        k = ss
        while k <= se:
            rs, p = _huff(words, p, ac)
            r, s = rs >> 4, rs & 15
            if s:
                k += r
                v, p = _bits(words, p, s)
                coefs[base + zz[k]] = wrap16(_extend(v, s) << al)
                k += 1
            elif r == 15:
                k += 16
            else:
                eobrun = 1 << r
                if r:
                    v, p = _bits(words, p, r)
                    eobrun += v
                eobrun -= 1
                break


def _correct(words, p, coefs, at, p1, m1):
    bit, p = _bits(words, p, 1)
    if bit and coefs[at] & p1 == 0:
        coefs[at] = wrap16(coefs[at] + (p1 if coefs[at] >= 0 else m1))
    return p


def _ac_refine(window, mcus, coefs, ac, ss, se, al) -> None:
    # jdphuff.c's decode_mcu_AC_refine, statement for statement: correction bits for the
    # coefficients already nonzero, new coefficients of magnitude 1 << al, EOB runs.
    zz = ZIGZAG
    p1, m1 = 1 << al, -1 << al
    eobrun = 0
    p = 0
    for blocks in mcus:
        p, words = window.at(p)
        if p > window.left:
            return
        base = blocks[0][1]
        k = ss
        if eobrun == 0:
            while k <= se:
                rs, p = _huff(words, p, ac)
                r, s = rs >> 4, rs & 15
                if s:
                    bit, p = _bits(words, p, 1)
                    s = p1 if bit else m1
                elif r != 15:
                    eobrun = 1 << r
                    if r:
                        v, p = _bits(words, p, r)
                        eobrun += v
                    break
                while k <= se:
                    at = base + zz[k]
                    if coefs[at]:
                        p = _correct(words, p, coefs, at, p1, m1)
                    else:
                        r -= 1
                        if r < 0:
                            break
                    k += 1
                if s:
                    coefs[base + zz[k]] = s
                k += 1
        if eobrun > 0:
            while k <= se:
                at = base + zz[k]
                if coefs[at]:
                    p = _correct(words, p, coefs, at, p1, m1)
                k += 1
            eobrun -= 1
