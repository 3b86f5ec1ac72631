"""GIF (giflib's LZW, every frame) and BMP reading as TensorFlow's decode kernels read them.

GIF frames are painted on a canvas the size of the largest frame, as TF's gif_io: each
frame starts from the previous one (the first from black), pixels of the frame's
transparent index keep what is under them, an index past the colour map is an error.
BMP follows TF's own reader: the 32-bit offset at byte 10, width, height (negative: top
down) and bits per pixel (8, 24 or 32; no palette, no compression) from the header.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

import numpy as np

Late = Callable[[], None]
# LZW codes decoded between two clock readings: each yields up to 4,095 pixels.
_CODES_PER_CHECK = 4096
# LZW data turned into little-endian words at a time (a Python int per byte of a frame's
# data was ~40 bytes for each), and canvas pixels composed at a time.
_WINDOW = 1 << 15
_BAND_PIXELS = 1 << 16


def _never() -> None:
    """The `late` of a decode with no deadline (the codec used outside a run)."""


class GifError(ValueError):
    """TF's 'Invalid GIF data' (the reason is giflib's or gif_io's)."""


class BmpError(ValueError):
    """A BMP TF's reader refuses; the text is TF's."""


# -- GIF ---------------------------------------------------------------------------------------


def _words(data: bytes, start: int) -> tuple[list, float]:
    """(W, refill): W[i] = bytes start + i .. + 3 little-endian, for `_WINDOW` bytes; a
    code read from a bit before `refill` lies inside them."""
    b = np.frombuffer(data[start : start + _WINDOW] + bytes(4), np.uint8).astype(np.uint32)
    words = (b[:-3] | (b[1:-2] << 8) | (b[2:-1] << 16) | (b[3:] << 24)).tolist()
    last = start + _WINDOW >= len(data)
    return words, float("inf") if last else 8 * (start + _WINDOW - 4)


def _lzw(data: bytes, min_size: int, count: int, late: Late) -> bytearray:
    """Variable-width LZW as GIF uses it; stops at the end code or when `count` pixels are out."""
    if not 2 <= min_size <= 8:
        raise GifError("wrong LZW minimum code size")
    clear, end = 1 << min_size, (1 << min_size) + 1
    start = 0
    words, refill = _words(data, start)
    nbits = 8 * len(data)
    base = [bytes([i]) for i in range(clear)] + [b"", b""]
    table = list(base)
    width, pos = min_size + 1, 0
    out = bytearray()
    prev = None
    codes = 0
    while len(out) < count:
        codes += 1
        if codes % _CODES_PER_CHECK == 0:
            late()
        if pos >= refill:
            start = pos >> 3
            words, refill = _words(data, start)
        if pos + width > nbits:
            raise GifError("image data ended early")
        code = (words[(pos >> 3) - start] >> (pos & 7)) & ((1 << width) - 1)
        pos += width
        if code == clear:
            table, width, prev = list(base), min_size + 1, None
            continue
        if code == end:
            break
        if code < len(table) and code != clear:
            entry = table[code]
            if prev is not None and len(table) < 4096:
                table.append(prev + entry[:1])
        elif code == len(table) and prev is not None:
            entry = prev + prev[:1]
            table.append(entry)
        else:
            raise GifError("bad LZW code")
        out += entry
        prev = entry
        if len(table) == 1 << width and width < 12:
            width += 1
    if len(out) < count:
        raise GifError("image data ended early")
    del out[count:]
    return out


def _colour_table(data: bytes, pos: int, flags: int) -> tuple[np.ndarray, int]:
    size = 3 << ((flags & 7) + 1)
    if pos + size > len(data):
        raise GifError("truncated colour table")
    return np.frombuffer(data, np.uint8, size, pos).reshape(-1, 3), pos + size


def _sub_blocks(data: bytes, pos: int) -> tuple[bytes, int]:
    chunks = []
    while True:
        if pos >= len(data):
            raise GifError("truncated data sub-blocks")
        n = data[pos]
        pos += 1
        if n == 0:
            return b"".join(chunks), pos
        chunks.append(data[pos : pos + n])
        pos += n


def _deinterlace(pixels: np.ndarray) -> np.ndarray:
    h = pixels.shape[0]
    order = [r for start, step in ((0, 8), (4, 8), (2, 4), (1, 2)) for r in range(start, h, step)]
    out = np.empty_like(pixels)
    out[order] = pixels
    return out


def _frames(data: bytes) -> tuple[list, np.ndarray | None]:
    """[(left, top, (h, w, interlaced, LZW code size, LZW data), colour table, transparent
    index or None)], global table: the frames as read, not yet decompressed."""
    if len(data) < 13 or data[:3] != b"GIF":
        raise GifError("not a GIF file")
    flags = data[10]
    pos = 13
    global_table = None
    if flags & 0x80:
        global_table, pos = _colour_table(data, pos, flags)
    frames, transparent = [], None
    while pos < len(data):
        kind = data[pos]
        pos += 1
        if kind == 0x3B:
            break
        if kind == 0x21:
            if pos >= len(data):
                raise GifError("truncated extension")
            label = data[pos]
            body, pos = _sub_blocks(data, pos + 1)
            if label == 0xF9 and len(body) >= 4:
                transparent = body[3] if body[0] & 1 else None
            continue
        if kind != 0x2C:
            raise GifError(f"wrong record type {kind:#x}")
        if pos + 9 > len(data):
            raise GifError("truncated image descriptor")
        left, top, w, h, iflags = struct.unpack("<HHHHB", data[pos : pos + 9])
        pos += 9
        table = global_table
        if iflags & 0x80:
            table, pos = _colour_table(data, pos, iflags)
        if pos >= len(data):
            raise GifError("truncated image")
        min_size = data[pos]
        body, pos = _sub_blocks(data, pos + 1)
        frames.append((left, top, (h, w, iflags & 0x40, min_size, body), table, transparent))
        transparent = None
    return frames, global_table


def _indices(frame: tuple, late: Late) -> np.ndarray:
    h, w, interlaced, min_size, body = frame
    pixels = np.frombuffer(_lzw(body, min_size, w * h, late), np.uint8).reshape(h, w)
    return _deinterlace(pixels) if interlaced else pixels


def decode_gif(data: bytes, first_only: bool, check=None, late: Late = _never) -> np.ndarray:
    """[frames, h, w, 3] uint8, composed as TF's gif_io composes them; `check(shape)` sees
    the output's shape before any frame is decompressed, `late()` raises once the run's
    deadline is past."""
    frames, _ = _frames(data)
    if not frames:
        raise GifError("gif file does not contain any image")
    height = max(f[2][0] for f in frames)
    width = max(f[2][1] for f in frames)
    if check is not None:
        check((1 if first_only else len(frames), height, width, 3))
    # giflib's DGifSlurp decompresses every frame, so a broken later frame fails even a
    # first-frame-only decode; those later frames are checked, not kept, since `check` saw
    # one frame (thousands of tiny LZW frames of the canvas's size would each inflate).
    decoded = []
    for k, f in enumerate(frames):
        late()
        pixels = _indices(f[2], late)
        if k == 0 or not first_only:
            decoded.append(pixels)
    if first_only:
        frames = frames[:1]
    out = np.zeros((len(frames), height, width, 3), np.uint8)
    for k, (left, top, _, table, transparent) in enumerate(frames):
        late()
        pixels = decoded[k]
        if k:
            out[k] = out[k - 1]
        if table is None:
            raise GifError("missing color map")
        h, w = pixels.shape
        bottom, right = min(top + h, height), min(left + w, width)
        if bottom <= top or right <= left:
            continue
        _compose(out[k, top:bottom, left:right], pixels, table, transparent)
    return out


def _compose(region: np.ndarray, pixels: np.ndarray, table, transparent) -> None:
    """A frame's colours over `region`, its transparent pixels left as they are, a band of
    rows at a time (the masks and colours of a whole canvas were ~5 bytes a pixel)."""
    h, w = region.shape[:2]
    step = max(1, _BAND_PIXELS // w)
    for r0 in range(0, h, step):
        index = pixels[r0 : min(r0 + step, h), :w]
        keep = index == transparent if transparent is not None else np.zeros(index.shape, bool)
        bad = (index >= len(table)) & ~keep
        if bad.any():
            raise GifError(
                f"found color index {int(index[bad][0])} outside of color map range {len(table)}"
            )
        region[r0 : r0 + len(index)][~keep] = table[index[~keep]]


# -- BMP ---------------------------------------------------------------------------------------


def decode_bmp(data: bytes, channels: int, check=None) -> np.ndarray:
    """[h, w, channels or the file's] uint8 as TF's DecodeBMP lays it out; `check(shape)`
    sees the output's shape before it is built."""
    if len(data) < 32:
        raise BmpError(
            "Incomplete bmp content, requires at least 32 bytes to find the header size, "
            f"width, height, and bpp, got {len(data)} bytes"
        )
    (header,) = struct.unpack("<i", data[10:14])
    width, height = struct.unpack("<ii", data[18:26])
    (bpp,) = struct.unpack("<h", data[28:30])
    src = int(bpp / 8)  # C's truncating division, as TF's
    if src not in (1, 3, 4):
        raise BmpError(f"Number of channels inherent in the image must be 1, 3 or 4, was {src}")
    want = channels or src
    if width <= 0:
        raise BmpError("Width must be positive")
    if height == 0:
        raise BmpError("Height must be nonzero")
    if header < 0:
        raise BmpError("header size must be nonnegative")
    rows = abs(height)
    if width * rows >= (2**31 - 1) // 8:
        raise BmpError("Total possible pixel bytes must be less than 2^30")
    row_size = (src * width + 3) // 4 * 4
    diff = len(data) - header - row_size * rows
    if diff != 0:
        raise BmpError(
            "Input size should match (header_size + row_size * abs_height) but they "
            f"differ by {diff}"
        )
    if check is not None:
        # One gray byte a pixel may become four channels: the output is up to 4x the file.
        check((rows, width, want))
    raw = np.frombuffer(data, np.uint8, row_size * rows, header).reshape(rows, row_size)
    px = raw[:, : width * src].reshape(rows, width, src)
    if height > 0:
        px = px[::-1]
    # One gray byte is replicated to RGB; BGR(A) is reordered; alpha is the file's or 255.
    colour = px[..., 2::-1] if src > 1 else np.repeat(px, 3 if want >= 3 else 1, axis=2)
    if want == 4:
        alpha = px[..., 3:4] if src == 4 else np.full((rows, width, 1), 255, np.uint8)
        return np.concatenate([colour, alpha], axis=2)
    return np.ascontiguousarray(colour)
