"""TensorFlow's random streams: Philox4x32-10 and the distributions of its CPU kernels.

A seeded TF1 program (`tf.set_random_seed` with op seeds, or op seeds alone) draws exactly
the numbers TensorFlow draws, so its initial weights, dropout masks and noise — and so its
losses — are TensorFlow's. Each op's generator is keyed by (seed, seed2) and reserves 256
counters per output per run, as `GuardedPhiloxRandom::ReserveRandomOutputs` does, so the
k-th run of an op draws TF's k-th values.

The normal distributions go through Box-Muller in float32 with glibc's `logf` and `sincosf`
(what TensorFlow's kernel calls on Linux). numpy's float32 `log`/`sin` differ from glibc's
in the last bit for about 1% of inputs, and rounding float64 results differs too, so both
are written here as glibc computes them: its table-driven `logf` and its polynomial
`sincosf`, in float64 exactly as glibc's C (only an FMA contraction there could round one
value in ~10⁸ differently). Double-precision steps call the C library's own functions
through Python's `math` (`libm`), a value at a time: slower than numpy's, but numpy's
float64 `log`/`sin`/`pow` are not glibc's in the last bit.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import error

# TensorFlow's random-tensor kernels reserve this many 128-bit counters per output per run.
SAMPLES_PER_OUTPUT = 256
_MASK32 = np.uint64(0xFFFFFFFF)
_ROUND_MULTIPLIERS = (np.uint64(0xD2511F53), np.uint64(0xCD9E8D57))
_KEY_INCREMENTS = (0x9E3779B9, 0xBB67AE85)
_32 = np.uint64(32)
_CHUNK = 16384  # counters a pass: the round's five uint64 arrays stay in L2


def reserved(outputs: int) -> int:
    """The counters a random-tensor kernel reserves for `outputs` values in one run."""
    return outputs * SAMPLES_PER_OUTPUT


def blocks(seed: int, seed2: int, start: int, count: int, stride: int = 1) -> np.ndarray:
    """`count` Philox4x32-10 outputs from counter `start`, `stride` counters apart:
    (count, 4) uint32."""
    return blocks_at(seed, seed2, start, np.arange(count, dtype=np.uint64) * np.uint64(stride))


def blocks_at(seed: int, seed2: int, start: int, offsets: np.ndarray) -> np.ndarray:
    """The Philox4x32-10 output at counter start + offsets[i] for each i, (len, 4) uint32:
    TF's initial counter holds seed2 in its high 64 bits, its key is `seed`. Computed in
    chunks that stay in cache, in place: ten times faster than whole-array temporaries."""
    index = offsets.astype(np.uint64) + np.uint64(start % 2**64)
    out = np.empty((index.size, 4), np.uint32)
    keys = _round_keys(seed)
    low, high = np.uint64(start % 2**64), np.uint64(seed2 % 2**64)
    chunk = min(_CHUNK, index.size)
    a, b, spare = (np.empty(chunk, np.uint64) for _ in range(3))
    for at in range(0, index.size, _CHUNK):
        counter = index[at : at + _CHUNK]
        m = counter.size
        top = high + (counter < low).astype(np.uint64)  # carried past 2**64
        c0, c1, c2, c3 = counter & _MASK32, counter >> _32, top & _MASK32, top >> _32
        p0, p1, t = a[:m], b[:m], spare[:m]
        for k0, k1 in keys:
            np.multiply(c0, _ROUND_MULTIPLIERS[0], out=p0)
            np.multiply(c2, _ROUND_MULTIPLIERS[1], out=p1)
            np.right_shift(p1, _32, out=t)
            np.bitwise_xor(t, c1, out=t)
            np.bitwise_xor(t, k0, out=t)  # the new c0
            np.bitwise_and(p1, _MASK32, out=c1)
            np.right_shift(p0, _32, out=p1)
            np.bitwise_xor(p1, c3, out=p1)
            np.bitwise_xor(p1, k1, out=c2)
            np.bitwise_and(p0, _MASK32, out=c3)
            c0, t = t, c0
        rows = out[at : at + m]
        rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3] = c0, c1, c2, c3
    return out


def _round_keys(seed: int) -> list[tuple[np.uint64, np.uint64]]:
    """The key of each of Philox's ten rounds (raised by the Weyl constants)."""
    k0, k1 = seed % 2**32, (seed >> 32) % 2**32
    keys = []
    for _ in range(10):
        keys.append((np.uint64(k0), np.uint64(k1)))
        k0 = (k0 + _KEY_INCREMENTS[0]) % 2**32
        k1 = (k1 + _KEY_INCREMENTS[1]) % 2**32
    return keys


def permutation(seed: int, seed2: int, start: int, size: int) -> np.ndarray:
    """`RandomShuffle`'s order of `size` rows (fewer than 2**32, as the limits ensure): TF's
    Fisher-Yates from the front, row i swapped with row i + u % (size - i) for successive
    32-bit draws u."""
    draws = size - 1
    bits = blocks(seed, seed2, start, -(-draws // 4)).reshape(-1)[:draws].tolist()
    order = list(range(size))
    for i, u in enumerate(bits):
        j = i + u % (size - i)
        order[i], order[j] = order[j], order[i]
    return np.array(order, dtype=np.int64)


def _unit_float(bits: np.ndarray) -> np.ndarray:
    """TF's Uint32ToFloat: 23 random mantissa bits in [1, 2), minus 1."""
    return ((bits & np.uint32(0x7FFFFF)) | np.uint32(127 << 23)).view(np.float32) - np.float32(1)


def _unit_double(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """TF's Uint64ToDouble: 52 mantissa bits (20 from `hi`, 32 from `lo`), minus 1."""
    man = ((hi & np.uint32(0xFFFFF)).astype(np.uint64) << np.uint64(32)) | lo.astype(np.uint64)
    return (man | np.uint64(1023 << 52)).view(np.float64) - 1.0


def _unit_half(bits: np.ndarray) -> np.ndarray:
    """TF's Uint16ToHalf: 10 mantissa bits of the low half in [1, 2), minus 1."""
    half = ((bits & np.uint32(0x3FF)) | np.uint32(15 << 10)).astype(np.uint16)
    return half.view(np.float16) - np.float16(1)


def uniform(seed: int, seed2: int, start: int, n: int, dtype: np.dtype) -> np.ndarray:
    """`RandomUniform`'s n values in [0, 1) of `dtype` (float16, float32 or float64)."""
    per = 2 if dtype == np.float64 else 4
    bits = blocks(seed, seed2, start, -(-n // per))
    if dtype == np.float64:
        return _unit_double(bits[:, 0::2], bits[:, 1::2]).reshape(-1)[:n]
    if dtype == np.float16:
        return _unit_half(bits).reshape(-1)[:n]
    return _unit_float(bits).reshape(-1)[:n]


def full_int(seed: int, seed2: int, start: int, n: int, dtype) -> np.ndarray:
    """`StatelessRandomUniformFullInt`: the bits themselves, 32 a value for a 4-byte dtype,
    64 (low word first) for an 8-byte one."""
    if np.dtype(dtype).itemsize == 8:
        bits = blocks(seed, seed2, start, -(-n // 2)).astype(np.uint64)
        wide = (bits[:, 0::2] | (bits[:, 1::2] << np.uint64(32))).reshape(-1)[:n]
        return wide.view(dtype)
    return blocks(seed, seed2, start, -(-n // 4)).reshape(-1)[:n].view(dtype)


def uniform_int(seed: int, seed2: int, start: int, n: int, lo: int, hi: int, dtype) -> np.ndarray:
    """`RandomUniformInt`: lo + bits % (hi - lo), 32 bits a value for int32, 64 for int64."""
    if np.dtype(dtype).itemsize == 8:
        bits = blocks(seed, seed2, start, -(-n // 2)).astype(np.uint64)
        wide = (bits[:, 0::2] | (bits[:, 1::2] << np.uint64(32))).reshape(-1)[:n]
        offsets = wide % np.uint64((hi - lo) % 2**64)
        return (offsets + np.uint64(lo % 2**64)).view(np.int64)
    bits = blocks(seed, seed2, start, -(-n // 4)).reshape(-1)[:n]
    offsets = bits % np.uint32((hi - lo) % 2**32)
    return (offsets + np.uint32(lo % 2**32)).view(np.int32).astype(dtype, copy=False)


def _box_muller_float(x0: np.ndarray, x1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """TF's BoxMullerFloat: two float32 normals from two 32-bit draws."""
    u1 = np.maximum(_unit_float(x0), np.float32(1.0e-7))
    # `2.0f * M_PI` is a double in C, so the angle is rounded once, from float64.
    v1 = (2 * np.pi * _unit_float(x1).astype(np.float64)).astype(np.float32)
    u2 = np.sqrt(np.float32(-2.0) * logf(u1))
    sin, cos = sincosf(v1)
    return sin * u2, cos * u2


def libm(fn, x: np.ndarray) -> np.ndarray:
    """`fn` of the `math` module, element by element: the C library's double function,
    glibc's where TensorFlow runs (numpy's own float64 log, log1p, sin, cos and pow differ
    from glibc's in the last bit for a fraction of a percent of inputs)."""
    x = np.asarray(x, np.float64)
    return np.fromiter(map(fn, x.reshape(-1).tolist()), np.float64, x.size).reshape(x.shape)


def _box_muller_double(x0, x1, x2, x3) -> tuple[np.ndarray, np.ndarray]:
    """TF's BoxMullerDouble: two float64 normals from four 32-bit draws."""
    u1 = np.maximum(_unit_double(x0, x1), 1.0e-7)
    v1 = 2 * np.pi * _unit_double(x2, x3)
    u2 = np.sqrt(-2.0 * libm(math.log, u1))
    return libm(math.sin, v1) * u2, libm(math.cos, v1) * u2


def normal(seed: int, seed2: int, start: int, n: int, dtype: np.dtype) -> np.ndarray:
    """`RandomStandardNormal`'s n values of `dtype` (float16 rounds TF's float32 ones)."""
    if dtype == np.float64:
        bits = blocks(seed, seed2, start, -(-n // 2))
        pair = _box_muller_double(*(bits[:, i] for i in range(4)))
        return np.stack(pair, axis=1).reshape(-1)[:n]
    groups = -(-n // 4)
    out = np.empty((groups, 4), np.float32)
    for at in range(0, groups, _CHUNK):  # in cache-sized pieces: Box-Muller's temporaries
        bits = blocks(seed, seed2, start + at, min(_CHUNK, groups - at))
        rows = out[at : at + len(bits)]
        rows[:, 0], rows[:, 1] = _box_muller_float(bits[:, 0], bits[:, 1])
        rows[:, 2], rows[:, 3] = _box_muller_float(bits[:, 2], bits[:, 3])
    return out.reshape(-1)[:n].astype(dtype, copy=False)


def truncated_normal(seed: int, seed2: int, start: int, n: int, dtype: np.dtype) -> np.ndarray:
    """`TruncatedNormal`: each group of outputs (4 floats, 2 doubles) draws pairs of normals
    from its own counters (256 a group) and keeps those within two standard deviations,
    in order, as TF's TruncatedNormalDistribution; n values of `dtype`."""
    double = dtype == np.float64
    per_group = 2 if double else 4
    groups = -(-n // per_group)
    stride = per_group * SAMPLES_PER_OUTPUT // 4
    out = np.empty((groups, per_group), np.float64 if double else np.float32)
    # The first block fills most groups at once (all four float normals within 2: 83% of
    # groups), a cache-sized piece at a time; the rest continue block by block together.
    filled = np.zeros(groups, np.int64)
    pending, values = [], []
    for at in range(0, groups, _CHUNK):
        bits = blocks(seed, seed2, start + at * stride, min(_CHUNK, groups - at), stride)
        first = np.stack(_block_normals(bits, double), 1)
        done = (np.abs(first) < 2.0).all(axis=1)
        out[at : at + len(first)][done] = first[done]
        pending.append(np.flatnonzero(~done) + at)
        values.append(first[~done])
    pending = np.concatenate(pending)
    values = list(np.concatenate(values).T)
    block = 1
    while pending.size:
        for value in values:
            take = (np.abs(value) < 2.0) & (filled[pending] < per_group)
            rows = pending[take]
            out[rows, filled[rows]] = value[take]
            filled[rows] += 1
        pending = pending[filled[pending] < per_group]
        values = _block_normals(blocks_at(seed, seed2, start, pending * stride + block), double)
        block += 1
    return out.reshape(-1)[:n].astype(dtype, copy=False)


def _block_normals(bits: np.ndarray, double: bool) -> list[np.ndarray]:
    """The normals one Philox block gives, in the order TF's sampler consumes them."""
    if double:
        return list(_box_muller_double(*(bits[:, i] for i in range(4))))
    return [*_box_muller_float(bits[:, 0], bits[:, 1]), *_box_muller_float(bits[:, 2], bits[:, 3])]


# -- glibc's float32 logf and sincosf (ARM optimized-routines, in glibc since 2.28) ------------

_H = float.fromhex
_LOGF_TABLE = np.array(
    [
        (_H("0x1.661ec79f8f3bep+0"), _H("-0x1.57bf7808caadep-2")),
        (_H("0x1.571ed4aaf883dp+0"), _H("-0x1.2bef0a7c06ddbp-2")),
        (_H("0x1.49539f0f010bp+0"), _H("-0x1.01eae7f513a67p-2")),
        (_H("0x1.3c995b0b80385p+0"), _H("-0x1.b31d8a68224e9p-3")),
        (_H("0x1.30d190c8864a5p+0"), _H("-0x1.6574f0ac07758p-3")),
        (_H("0x1.25e227b0b8eap+0"), _H("-0x1.1aa2bc79c81p-3")),
        (_H("0x1.1bb4a4a1a343fp+0"), _H("-0x1.a4e76ce8c0e5ep-4")),
        (_H("0x1.12358f08ae5bap+0"), _H("-0x1.1973c5a611cccp-4")),
        (_H("0x1.0953f419900a7p+0"), _H("-0x1.252f438e10c1ep-5")),
        (1.0, 0.0),
        (_H("0x1.e608cfd9a47acp-1"), _H("0x1.aa5aa5df25984p-5")),
        (_H("0x1.ca4b31f026aap-1"), _H("0x1.c5e53aa362eb4p-4")),
        (_H("0x1.b2036576afce6p-1"), _H("0x1.526e57720db08p-3")),
        (_H("0x1.9c2d163a1aa2dp-1"), _H("0x1.bc2860d22477p-3")),
        (_H("0x1.886e6037841edp-1"), _H("0x1.1058bc8a07ee1p-2")),
        (_H("0x1.767dcf5534862p-1"), _H("0x1.4043057b6ee09p-2")),
    ]
)
_LOGF_POLY = (_H("-0x1.00ea348b88334p-2"), _H("0x1.5575b0be00b6ap-2"), _H("-0x1.ffffef20a4123p-2"))
_LN2 = _H("0x1.62e42fefa39efp-1")


def logf(x: np.ndarray) -> np.ndarray:
    """glibc's logf for positive normal float32 values (Box-Muller's u1 ≥ 1e-7)."""
    ix = np.asarray(x, np.float32).view(np.uint32)
    tmp = ix - np.uint32(0x3F330000)
    i = (tmp >> np.uint32(19)) % np.uint32(16)
    k = tmp.view(np.int32) >> np.int32(23)
    z = (ix - (tmp & np.uint32(0xFF800000))).view(np.float32).astype(np.float64)
    r = z * _LOGF_TABLE[i, 0] - 1
    y0 = _LOGF_TABLE[i, 1] + k.astype(np.float64) * _LN2
    r2 = r * r
    y = _LOGF_POLY[1] * r + _LOGF_POLY[2]
    y = _LOGF_POLY[0] * r2 + y
    y = y * r2 + (y0 + r)
    return np.where(ix == np.uint32(0x3F800000), np.float32(0), y.astype(np.float32))


_HPI_INV = _H("0x1.45F306DC9C883p+23")  # 2/pi scaled by 2**24: glibc's x86 reduction
_HPI = _H("0x1.921FB54442D18p0")
_COS_POLY = (
    (1.0, _H("-0x1.ffffffd0c621cp-2"), _H("0x1.55553e1068f19p-5")),
    (_H("-0x1.6c087e89a359dp-10"), _H("0x1.99343027bf8c3p-16")),
)
_SIN_POLY = (_H("-0x1.555545995a603p-3"), _H("0x1.1107605230bc4p-7"), _H("-0x1.994eb3774cf24p-13"))
_QUADRANT_SIGN = np.array([1.0, -1.0, -1.0, 1.0])


def _abstop12(x: np.ndarray) -> np.ndarray:
    return (np.asarray(x, np.float32).view(np.uint32) >> np.uint32(20)) & np.uint32(0x7FF)


def sincosf(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """glibc's sincosf for float32 angles in [0, 120) (Box-Muller's are below 2π)."""
    y = np.asarray(y, np.float32)
    top = _abstop12(y)
    small = top < _abstop12(np.float32(_H("0x1.921FB6p-1")))
    tiny = top < _abstop12(np.float32(2.0**-12))
    x = y.astype(np.float64)
    n = np.where(small, 0, ((x * _HPI_INV).astype(np.int32) + np.int32(0x800000)) >> 24)
    x = np.where(small, x, x - n * _HPI)
    # Quadrants 2 and 3 use the table whose cosine polynomial is negated.
    flip = np.where((n & 2) != 0, -1.0, 1.0)
    xs = x * _QUADRANT_SIGN[n & 3]
    x2 = x * x
    x3, x4 = x2 * xs, x2 * x2
    (c0, c1, c2), (c3, c4) = _COS_POLY
    s1, s2, s3 = _SIN_POLY
    sin = (xs + x3 * s1) + (x3 * x2) * (s2 + x2 * s3)
    cos = (
        flip * c0 + x2 * (flip * c1) + x4 * (flip * c2) + (x4 * x2) * (flip * c3 + x2 * (flip * c4))
    )
    sin, cos = sin.astype(np.float32), cos.astype(np.float32)
    odd = (n & 1) != 0
    sin, cos = np.where(odd, cos, sin), np.where(odd, sin, cos)
    return np.where(tiny, y, sin), np.where(tiny, np.float32(1), cos)


# -- fdlibm's float log1pf and expm1f (glibc before 2.41, e.g. 2.34-2.40) ---------------------
# The candidate samplers' expected counts call them; glibc 2.41 replaced both with
# correctly rounded versions, which differ from these in the last bit for a few percent of
# inputs (and agree with rounding the float64 result).

f32 = np.float32
_LN2_HI, _LN2_LO = f32(6.9313812256e-01), f32(9.0580006145e-06)
_LP = [
    f32(v)
    for v in (
        6.6666668653e-01,
        4.0000000596e-01,
        2.8571429849e-01,
        2.2222198546e-01,
        1.8183572590e-01,
        1.5313838422e-01,
        1.4798198640e-01,
    )
]


def _bits(x):
    return np.asarray(x, np.float32).view(np.int32)


def log1pf(x: np.ndarray) -> np.ndarray:
    """fdlibm's float log1p, in float32 step for step as its C, for x in [-1, 0]."""
    x = np.asarray(x, np.float32)
    hx = _bits(x)
    ax = hx & np.int32(0x7FFFFFFF)
    out = np.empty_like(x)
    with np.errstate(all="ignore"):
        tiny = ax < 0x31000000
        out[tiny] = np.where(ax[tiny] < 0x24800000, x[tiny], x[tiny] - x[tiny] * x[tiny] * f32(0.5))
        out[x == f32(-1)] = -np.inf
        rest = ~tiny & (x > f32(-1))
        xr = x[rest]
        k0 = hx[rest] <= np.int32(np.uint32(0xBE95F61F).view(np.int32))
        # k != 0 path
        u = f32(1) + xr
        hu = _bits(u)
        k = (hu >> 23) - 127
        c = np.where(k > 0, f32(1) - (u - xr), xr - (u - f32(1))) / u
        hu = hu & np.int32(0x007FFFFF)
        low = hu < 0x3504F7
        un = np.where(low, (hu | np.int32(0x3F800000)), (hu | np.int32(0x3F000000))).view(
            np.float32
        )
        k = np.where(low, k, k + 1)
        hu = np.where(low, hu, (np.int32(0x00800000) - hu) >> 2)
        f = un - f32(1)
        # k == 0 path overrides
        f = np.where(k0, xr, f)
        k = np.where(k0, 0, k)
        hu = np.where(k0, 1, hu)
        c = np.where(k0, f32(0), c)
        kf = k.astype(np.float32)
        hfsq = f32(0.5) * f * f
        s = f / (f32(2) + f)
        z = s * s
        R = z * (
            _LP[0]
            + z * (_LP[1] + z * (_LP[2] + z * (_LP[3] + z * (_LP[4] + z * (_LP[5] + z * _LP[6])))))
        )
        res = np.where(
            k == 0,
            f - (hfsq - s * (hfsq + R)),
            kf * _LN2_HI - ((hfsq - (s * (hfsq + R) + (kf * _LN2_LO + c))) - f),
        )
        # |f| < 2**-20
        small = hu == 0
        R2 = hfsq * (f32(1) - f32(0.66666666666666666) * f)
        res_small = np.where(k == 0, f - R2, kf * _LN2_HI - ((R2 - (kf * _LN2_LO + c)) - f))
        zero_f = f == 0
        res_zero = np.where(k == 0, f32(0), kf * _LN2_HI + (c + kf * _LN2_LO))
        res = np.where(small, np.where(zero_f, res_zero, res_small), res)
        out[rest] = res
    return out


_Q = [
    f32(v)
    for v in (
        -3.3333335072e-02,
        1.5873016091e-03,
        -7.9365076090e-05,
        4.0082177293e-06,
        -2.0109921195e-07,
    )
]
_INVLN2 = f32(1.4426950216e00)


def expm1f(x: np.ndarray) -> np.ndarray:
    """fdlibm's float expm1, in float32 step for step as its C, for x <= 0."""
    x = np.asarray(x, np.float32)
    hx = _bits(x) & np.int32(0x7FFFFFFF)
    out = np.empty_like(x)
    with np.errstate(all="ignore"):
        big = hx >= 0x4195B844
        out[big] = f32(1e-30) - f32(1)
        tiny = ~big & (hx < 0x33000000)
        out[tiny] = x[tiny]
        rest = ~big & ~tiny
        xr = x[rest]
        h = hx[rest]
        reduce = h > 0x3EB17218
        near = h < 0x3F851592
        kk = (_INVLN2 * xr + f32(-0.5)).astype(np.int32)  # C's conversion truncates
        k = np.where(reduce, np.where(near, -1, kk), 0)
        t = k.astype(np.float32)
        hi = np.where(near, xr + _LN2_HI, xr - t * _LN2_HI)
        lo = np.where(near, -_LN2_LO, t * _LN2_LO)
        xx = np.where(reduce, hi - lo, xr)
        c = np.where(reduce, (hi - xx) - lo, f32(0))
        hfx = f32(0.5) * xx
        hxs = xx * hfx
        r1 = f32(1) + hxs * (_Q[0] + hxs * (_Q[1] + hxs * (_Q[2] + hxs * (_Q[3] + hxs * _Q[4]))))
        t2 = f32(3) - r1 * hfx
        e = hxs * ((r1 - t2) / (f32(6) - xx * t2))
        res0 = xx - (xx * e - hxs)
        e2 = (xx * (e - c) - c) - hxs
        res_m1 = f32(0.5) * (xx - e2) - f32(0.5)
        y = f32(1) - (e2 - xx)
        yk = (y.view(np.int32) + (k << 23)).view(np.float32)
        res_k = yk - f32(1)
        out[rest] = np.where(k == 0, res0, np.where(k == -1, res_m1, res_k))
    return out


# -- SimplePhilox: the samplers that draw 32-bit words one by one ----------------------------


class WordStream:
    """TF's SimplePhilox over one kernel run: its successive 32-bit draws from counter
    `start` on, four a counter (past the run's reservation when a sampler needs more, as
    TF's does), made a chunk of counters at a time."""

    def __init__(self, seed: int, seed2: int, start: int):
        self._key = (seed, seed2)
        self._next = start
        self._words = np.empty(0, np.uint32)
        self._pos = 0

    def peek(self, n: int) -> np.ndarray:
        """The next n words, not yet taken."""
        short = self._pos + n - len(self._words)
        if short > 0:
            count = max(-(-short // 4), 64)
            more = blocks(*self._key, self._next, count).reshape(-1)
            self._next += count
            self._words = np.concatenate([self._words[self._pos :], more])
            self._pos = 0
        return self._words[self._pos : self._pos + n]

    def take(self, n: int) -> np.ndarray:
        words = self.peek(n)
        self._pos += n
        return words


def _rejection_bound(n: int, bits: int) -> int:
    """TF's ExactUniformInt rejects draws below this (none for a power of two)."""
    return 0 if n & (n - 1) == 0 else ((1 << bits) - 1) % n + 1


def exact_uniform(stream: WordStream, n: int, count: int, wide: bool) -> np.ndarray:
    """`count` of SimplePhilox's Uniform64(n) (`wide`: 64-bit draws, low word first) or
    Uniform(n) (32-bit): a draw below the rejection bound is drawn again, the kept ones
    are taken modulo n (masked for a power of two), as uint64."""
    width, bound = (2, _rejection_bound(n, 64)) if wide else (1, _rejection_bound(n, 32))
    out = []
    got = 0
    while got < count:
        need = count - got
        words = stream.peek(width * (need + need // 16 + 4)).astype(np.uint64)
        draws = words[0::2] | (words[1::2] << np.uint64(32)) if wide else words
        kept = np.flatnonzero(draws >= np.uint64(bound))[:need]
        out.append(draws[kept] % np.uint64(n))
        used = kept[-1] + 1 if len(kept) == need else len(draws)
        stream.take(width * int(used))
        got += len(kept)
    return np.concatenate(out) if out else np.empty(0, np.uint64)


def unit_doubles(stream: WordStream, count: int) -> np.ndarray:
    """`count` of SimplePhilox's RandDouble, two words each."""
    words = stream.take(2 * count)
    return _unit_double(words[0::2], words[1::2])


def alias_table(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """TF's DistributionSampler table for float32 `weights`: (float32 probability of
    keeping each bucket, its alias), Walker's pairing of the last short bucket with the
    last long one, in float64 from float32 `weight * n` as TF's C++ rounds them."""
    n = len(weights)
    total = float(np.cumsum(weights.astype(np.float64))[-1])  # summed in order, as TF
    scaled = (weights.astype(np.float32) * np.float32(n)).astype(np.float64) / total
    pr = scaled.tolist()
    alt = [-1] * n
    low = [i for i, p in enumerate(pr) if p < 1.0]
    high = [i for i, p in enumerate(pr) if p >= 1.0]
    while high and low:
        small, large = low.pop(), high.pop()
        alt[small] = large
        pr[large] -= 1.0 - pr[small]
        (low if pr[large] < 1.0 else high).append(large)
    # What rounding leaves on either stack keeps its own bucket.
    for i in high + low:
        pr[i], alt[i] = 1.0, i
    return np.array(pr, np.float32), np.array(alt, np.int64)


def alias_draws(stream: WordStream, table: tuple[np.ndarray, np.ndarray], count: int):
    """`count` of DistributionSampler::Sample: a RandFloat, then a bucket by Uniform(n)
    (rejection-drawn, so rarely more than one word), the bucket or its alias."""
    prob, alt = table
    n = len(prob)
    bound = np.uint32(_rejection_bound(n, 32))
    out = []
    got = 0
    while got < count:
        need = count - got
        words = stream.peek(2 * need)
        # Without a rejected bucket draw, samples take two words each; stop at the first.
        rejected = np.flatnonzero(words[1::2] < bound)
        k = int(rejected[0]) if rejected.size else need
        stream.take(2 * k)
        r = _unit_float(words[0 : 2 * k : 2])
        bucket = (words[1 : 2 * k : 2] % np.uint32(n)).astype(np.int64)
        out.append(np.where(r < prob[bucket], bucket, alt[bucket]))
        if k < need:
            r = _unit_float(stream.take(1))
            bucket = exact_uniform(stream, n, 1, wide=False).astype(np.int64)
            out.append(np.where(r < prob[bucket], bucket, alt[bucket]))
            k += 1
        got += k
    return np.concatenate(out) if out else np.empty(0, np.int64)


# -- RandomGamma: Marsaglia-Tsang, each output on its own 256 counters -----------------------


class _Buffered:
    """Per-output two-value buffers TF's kernels refill a Philox block at a time and read
    from the back (`result[--remaining]`), each output at its own next counter."""

    def __init__(self, size: int, make):
        self.values = np.empty((size, 2))
        self.left = np.zeros(size, np.int64)
        self._make = make

    def take(self, idx: np.ndarray, counter: np.ndarray, key: tuple[int, int, int]) -> np.ndarray:
        empty = idx[self.left[idx] == 0]
        if empty.size:
            bits = blocks_at(key[0], key[1], key[2], counter[empty])
            self.values[empty] = np.stack(self._make(bits), axis=1)
            counter[empty] += np.uint64(1)
            self.left[empty] = 2
        self.left[idx] -= 1
        return self.values[idx, self.left[idx]]


def _normal_pair(bits):
    return _box_muller_double(*(bits[:, i] for i in range(4)))


def _uniform_pair(bits):
    return _unit_double(bits[:, 0], bits[:, 1]), _unit_double(bits[:, 2], bits[:, 3])


def gamma(seed: int, seed2: int, start: int, alpha: np.ndarray, samples: int) -> np.ndarray:
    """`RandomGamma`'s float64 values for `samples` draws of each alpha (alpha-major, as TF
    numbers its outputs): alpha 1 is -log1p(-u) of one uniform double; otherwise Marsaglia
    and Tsang's rejection from double normals and uniforms, in double, alpha < 1 boosted by
    u ** (1 / alpha); each output reads its own 256 counters as TF's kernel does."""
    alpha = np.repeat(np.asarray(alpha, np.float64).reshape(-1), samples)
    counter = np.arange(alpha.size, dtype=np.uint64) * np.uint64(SAMPLES_PER_OUTPUT)
    key = (seed, seed2, start)
    out = np.empty(alpha.size)
    one = np.flatnonzero(alpha == 1.0)
    if one.size:
        bits = blocks_at(seed, seed2, start, counter[one])
        out[one] = -libm(math.log1p, -_unit_double(bits[:, 2], bits[:, 3]))  # result[1] first
    rest = np.flatnonzero(alpha != 1.0)
    if rest.size:
        out[rest] = _marsaglia_tsang(alpha[rest], counter[rest], key)
    return out


def _log(x: np.ndarray) -> np.ndarray:
    """C's log, -inf at 0 (a uniform double can be 0, and v**3 can underflow)."""
    positive = x > 0
    return np.where(positive, libm(math.log, np.where(positive, x, 1.0)), -np.inf)


def _marsaglia_tsang(alpha: np.ndarray, counter: np.ndarray, key) -> np.ndarray:
    """The rejection loop run for every pending output at once, pass after pass."""
    small = alpha < 1
    d = alpha + np.where(small, 2.0 / 3, -1.0 / 3)
    c = 1.0 / 3 / np.sqrt(d)
    normals, uniforms = _Buffered(alpha.size, _normal_pair), _Buffered(alpha.size, _uniform_pair)
    out = np.empty(alpha.size)
    pending = np.arange(alpha.size)
    while pending.size:
        x = normals.take(pending, counter, key)
        v = 1 + c[pending] * x
        positive = v > 0
        tried, x, v = pending[positive], x[positive], v[positive]
        v = v * v * v
        u = uniforms.take(tried, counter, key)
        # TF's squeeze spares the logs; they are pure, so taken only where it fails.
        accept = u < 1 - 0.0331 * (x * x) * (x * x)
        check = np.flatnonzero(~accept)
        if check.size:
            vc = v[check]
            bound = 0.5 * x[check] * x[check] + d[tried[check]] * (1 - vc + _log(vc))
            accept[check] = _log(u[check]) < bound
        done, res = tried[accept], d[tried[accept]] * v[accept]
        boost = small[done]
        if boost.any():
            b = uniforms.take(done[boost], counter, key)
            res[boost] *= np.fromiter(
                map(math.pow, b.tolist(), (1 / alpha[done[boost]]).tolist()), np.float64
            )
        out[done] = res
        finished = np.zeros(alpha.size, bool)
        finished[done] = True
        pending = pending[~finished[pending]]
    return out


# -- RandomPoisson: Knuth below rate 10, Hormann's transformed rejection above ----------------


def _doubles_in_turn(key, counter: np.ndarray, block: int) -> np.ndarray:
    """The two uniform doubles of each output's `block`-th Philox block, in the order TF's
    Poisson kernel takes them (from the back): (len, 2)."""
    bits = blocks_at(key[0], key[1], key[2], counter + np.uint64(block))
    return np.stack([_unit_double(bits[:, 2], bits[:, 3]), _unit_double(bits[:, 0], bits[:, 1])], 1)


def poisson(seed: int, seed2: int, start: int, rate: np.ndarray, samples: int) -> np.ndarray:
    """`RandomPoissonV2`'s float64 values for `samples` draws of each rate (rate-major, as
    TF numbers its outputs), each output on its own 256 counters; TF computes in double
    whatever the rate's dtype."""
    rate = np.repeat(np.asarray(rate, np.float64).reshape(-1), samples)
    counter = np.arange(rate.size, dtype=np.uint64) * np.uint64(SAMPLES_PER_OUTPUT)
    key = (seed, seed2, start)
    out = np.empty(rate.size)
    small = np.flatnonzero(rate < 10)
    if small.size:
        out[small] = _knuth(rate[small], counter[small], key)
    large = np.flatnonzero(~(rate < 10))
    if large.size:
        out[large] = _hormann(rate[large], counter[large], key)
    return out


def _knuth(rate: np.ndarray, counter: np.ndarray, key) -> np.ndarray:
    """Uniforms multiplied in order until the product falls to exp(-rate): their count less
    one; a block of uniforms a pass for every output still multiplying."""
    threshold = libm(math.exp, -rate)
    product = np.ones(rate.size)
    out = np.empty(rate.size)
    pending = np.arange(rate.size)
    block = 0
    while pending.size:
        u = _doubles_in_turn(key, counter[pending], block)
        steps = np.multiply.accumulate(np.concatenate([product[pending, None], u], 1), 1)
        below = steps[:, 1:] <= threshold[pending, None]
        hit = below.any(axis=1)
        out[pending[hit]] = below.argmax(axis=1)[hit] + 2 * block
        product[pending] = steps[:, -1]
        pending = pending[~hit]
        block += 1
    return out


def _hormann(rate: np.ndarray, counter: np.ndarray, key) -> np.ndarray:
    """Hormann's transformed rejection (PTRS): a Philox block (two uniforms) a try, a
    squeeze, then the log-density test against lgamma; every pending output tries once a
    pass. The constants are TF's, in double."""
    log_rate = libm(math.log, rate)
    b = 0.931 + 2.53 * np.sqrt(rate)
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    squeeze = 0.9277 - 3.6224 / (b - 2)
    out = np.empty(rate.size)
    pending = np.arange(rate.size)
    tries = 0
    while pending.size:
        p = pending
        u, v = _doubles_in_turn(key, counter[p], tries).T
        u = u - 0.5
        us = 0.5 - np.abs(u)
        k = np.floor((2 * a[p] / us + b[p]) * u + rate[p] + 0.43)
        accept = (us >= 0.07) & (v <= squeeze[p])
        test = np.flatnonzero(~accept & ~((k < 0) | ((us < 0.013) & (v > us))))
        if test.size:
            q = p[test]
            s = _log(v[test] * inv_alpha[q] / (a[q] / (us[test] * us[test]) + b[q]))
            t = -rate[q] + k[test] * log_rate[q] - libm(math.lgamma, k[test] + 1)
            accept[test] = s <= t
        out[p[accept]] = k[accept]
        pending = p[~accept]
        tries += 1
    return out


# -- binomial: inversion below a mean of 10, Hormann's BTRS above ----------------------------

# Stirling's series tail, log(k!) less its Stirling approximation, tabulated below 10 (TF's).
_STIRLING_TAIL = (
    0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
    0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
    0.00925546218271273, 0.00833056343336287,
)  # fmt: skip
# Counters between two outputs' draws: BTRS's 256, inversion's 42 (10 standard deviations
# of a mean of at most 10).
_BTRS_STRIDE, _INVERSION_STRIDE = 256, 42


def binomial(key, counts: np.ndarray, probs: np.ndarray, samples: int) -> np.ndarray:
    """TF's binomial draws (RandomBinomialFunctor), float64, samples-major as its output:
    `counts` and `probs` the flattened broadcast batch (of the dtype TF compares them in),
    `samples` draws each. Output i (batch-major: batch i // samples) starts its Philox
    draws `stride * i` counters on. A count or probability at or below 0 draws 0, a
    probability of 1 or more the count, NaN NaN; above 0.5 the count less the draw for
    1 - p; a mean (in the parameters' dtype) below 10 by inversion, else by BTRS."""
    batches = counts.size
    out = np.zeros((samples, batches))
    index = np.arange(batches * samples).reshape(batches, samples)
    one = counts.dtype.type(1)
    for b in range(batches):
        count, prob = counts[b], probs[b]
        if np.isnan(prob):
            out[:, b] = np.nan
        elif count <= 0 or prob <= 0:
            continue
        elif prob >= 1:
            out[:, b] = float(count)
        else:
            flipped = prob > 0.5
            p = one - prob if flipped else prob
            use_btrs = count * p >= counts.dtype.type(10)
            stride = _BTRS_STRIDE if use_btrs else _INVERSION_STRIDE
            offsets = index[b].astype(np.uint64) * np.uint64(stride)
            draw = _btrs if use_btrs else _inversion
            values = draw(float(count), float(p), offsets, key)
            out[:, b] = float(count) - values if flipped else values
    return out


def _inversion(count: float, prob: float, offsets: np.ndarray, key) -> np.ndarray:
    """Geometric gaps ceil(log u / log1p(-p)) summed until past the count: how many fit."""
    scale = libm(math.log1p, np.array([-prob]))[0]
    total = np.zeros(offsets.size)
    fitted = np.zeros(offsets.size)
    pending = np.arange(offsets.size)
    drawn = 0
    while pending.size:
        u = _doubles_in_turn(key, offsets[pending], drawn // 2)[:, drawn % 2]
        total[pending] += np.ceil(_log(u) / scale)
        over = total[pending] > count
        fitted[pending[~over]] += 1
        pending = pending[~over]
        drawn += 1
    return fitted


def _stirling_tail(k: np.ndarray) -> np.ndarray:
    small = k <= 9
    kp1sq = (k + 1) * (k + 1)
    tail = (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)
    table = np.asarray(_STIRLING_TAIL)[np.where(small, k, 0).astype(np.int64)]
    return np.where(small, table, tail)


def _btrs(count: float, prob: float, offsets: np.ndarray, key) -> np.ndarray:
    """Hormann's transformed rejection with TF's constants, one Philox block a try."""
    stddev = math.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = count * prob + 0.5
    v_r = 0.92 - 4.2 / b
    r = prob / (1 - prob)
    alpha = (2.83 + 5.1 / b) * stddev
    m = math.floor((count + 1) * prob)
    first = (m + 0.5) * math.log((m + 1) / (r * (count - m + 1)))
    tail_m, tail_rest = _stirling_tail(np.array([m, count - m]))
    out = np.empty(offsets.size)
    pending = np.arange(offsets.size)
    tries = 0
    while pending.size:
        u, v = _doubles_in_turn(key, offsets[pending], tries).T
        u = u - 0.5
        us = 0.5 - np.abs(u)
        k = np.floor((2 * a / us + b) * u + c)
        accept = (us >= 0.07) & (v <= v_r)
        test = np.flatnonzero(~accept & (k >= 0) & (k <= count))
        if test.size:
            kt, ut = k[test], us[test]
            lv = _log(v[test] * alpha / (a / (ut * ut) + b))
            # summed in TF's order, left to right
            bound = (
                first
                + (count + 1) * _log((count - m + 1) / (count - kt + 1))
                + (kt + 0.5) * _log(r * (count - kt + 1) / (kt + 1))
                + tail_m
                + tail_rest
                - _stirling_tail(kt)
                - _stirling_tail(count - kt)
            )
            accept[test] = lv <= bound
        out[pending[accept]] = k[accept]
        pending = pending[~accept]
        tries += 1
    return out


# -- the stateless ops' key and counter ------------------------------------------------------

_STATELESS_KEY = 0x02461E29 << 32 | 0x3EC8F720


def stateless_seeds(seed: np.ndarray) -> tuple[int, int]:
    """(key, high counter words) of TF's stateless kernels for a [2] seed tensor: the two
    seeds (sign-extended to 64 bits) as a counter, scrambled by one Philox block under a
    fixed key, as TF's GenerateKey does; the draws then start at counter 0."""
    flat = np.asarray(seed).reshape(-1)
    if flat.shape != (2,):
        raise error("COMPUTE_ERROR", f"seed must have shape [2], not {list(np.shape(seed))}")
    s0, s1 = (int(v) % 2**64 for v in flat)
    mix = blocks_at(_STATELESS_KEY, s1, s0, np.zeros(1, np.uint64))[0]
    return int(mix[0]) | int(mix[1]) << 32, int(mix[2]) | int(mix[3]) << 32
