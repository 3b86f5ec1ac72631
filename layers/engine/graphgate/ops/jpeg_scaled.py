"""libjpeg's reduced-size IDCTs (jidctred.c: 4x4, 2x2, 1x1), which `decode_jpeg`'s `ratio`
2, 4 and 8 use for the components they shrink, in libjpeg's integer arithmetic over every
block at once. They take the raw quantization table (jddctmgr's ISLOW-style multipliers)."""

from __future__ import annotations

import numpy as np

from .jpeg_codec import check_output, check_simd

_RANGE = np.concatenate(
    [np.arange(128, 256), np.full(384, 255), np.zeros(384), np.arange(0, 128)]
).astype(np.uint8)  # libjpeg's post-IDCT range limit, indexed by x & 1023


def _descale(x, n):
    return (x + (1 << (n - 1))) >> n


def _4x4_1d(x: list, final: bool) -> list:
    # jpeg_idct_4x4's 1-D stage: row/column 4 is never used.
    tmp0 = x[0] << 14
    tmp2 = x[2] * 15137 + x[6] * -6270
    tmp10, tmp12 = tmp0 + tmp2, tmp0 - tmp2
    z1, z2, z3, z4 = x[7], x[5], x[3], x[1]
    t0 = z1 * -1730 + z2 * 11893 + z3 * -17799 + z4 * 8697
    t2 = z1 * -4176 + z2 * -4926 + z3 * 7373 + z4 * 20995
    shift = 19 if final else 12
    return [_descale(v, shift) for v in (tmp10 + t2, tmp12 + t0, tmp12 - t0, tmp10 - t2)]


def _2x2_1d(x: list, final: bool) -> list:
    tmp10 = x[0] << 15
    tmp0 = x[7] * -5906 + x[5] * 6967 + x[3] * -10426 + x[1] * 29692
    shift = 20 if final else 13
    return [_descale(tmp10 + tmp0, shift), _descale(tmp10 - tmp0, shift)]


def idct_reduced(blocks: np.ndarray, qtable: np.ndarray, size: int) -> np.ndarray:
    """[N, 64] coefficients (natural order) -> [N, size, size] uint8 samples."""
    x = (blocks.astype(np.int64) * qtable).reshape(-1, 8, 8)
    check_simd((x,), 32767)  # the SIMD versions dequantize in 16-bit lanes
    if size == 1:
        out = _descale(x[:, :1, :1], 3)
        check_output((out,))
        return _RANGE[out & 1023]
    one = _4x4_1d if size == 4 else _2x2_1d
    cols = one([x[:, k, :] for k in range(8)], False)  # pass 1: down each column
    ws = np.zeros((x.shape[0], 8, 8), np.int64)
    ws[:, :size, :] = np.stack(cols, axis=1)
    check_simd((ws,), 32767)  # pass 1's results are packed into 16-bit lanes
    rows = one([ws[:, :, k] for k in range(8)], True)  # pass 2: along each of `size` rows
    out = np.stack(rows, axis=2)[:, :size, :]
    check_output((out,))
    return _RANGE[out & 1023]
