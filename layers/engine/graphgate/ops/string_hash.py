"""The hashes TF's string bucketing uses, exactly: FarmHash's Fingerprint64 (farmhashna's
Hash64; `to_hash_bucket_fast`), SipHash-2-4 (`to_hash_bucket_strong`) and TF's own Hash64
(MurmurHash64A seeded 0xDECAFCAFFE; `string_to_hash_bucket`).

Pure Python over 64-bit words (every product and sum masked to 64 bits); pinned to
TensorFlow's values for strings of every length branch by tests/reference/tf1_strings.py.
"""

from __future__ import annotations

_M = (1 << 64) - 1
_K0 = 0xC3A5C85C97CB3127
_K1 = 0xB492B66FBE98F273
_K2 = 0x9AE16A3B2F90404F


def _u64(b: bytes, at: int) -> int:
    return int.from_bytes(b[at : at + 8], "little")


def _u32(b: bytes, at: int) -> int:
    return int.from_bytes(b[at : at + 4], "little")


def _rot(v: int, shift: int) -> int:
    return v if shift == 0 else ((v >> shift) | (v << (64 - shift))) & _M


def _shift_mix(v: int) -> int:
    return v ^ (v >> 47)


def _len16(u: int, v: int, mul: int) -> int:
    a = ((u ^ v) * mul) & _M
    a ^= a >> 47
    b = ((v ^ a) * mul) & _M
    b ^= b >> 47
    return (b * mul) & _M


def _len0to16(s: bytes) -> int:
    n = len(s)
    if n >= 8:
        mul = _K2 + n * 2
        a = (_u64(s, 0) + _K2) & _M
        b = _u64(s, n - 8)
        c = (_rot(b, 37) * mul + a) & _M
        d = ((_rot(a, 25) + b) * mul) & _M
        return _len16(c, d, mul)
    if n >= 4:
        mul = _K2 + n * 2
        return _len16((n + (_u32(s, 0) << 3)) & _M, _u32(s, n - 4), mul)
    if n > 0:
        y = s[0] + (s[n >> 1] << 8)
        z = n + (s[n - 1] << 2)
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & _M) * _K2) & _M
    return _K2


def _len17to32(s: bytes) -> int:
    n = len(s)
    mul = _K2 + n * 2
    a = (_u64(s, 0) * _K1) & _M
    b = _u64(s, 8)
    c = (_u64(s, n - 8) * mul) & _M
    d = (_u64(s, n - 16) * _K2) & _M
    return _len16(
        (_rot((a + b) & _M, 43) + _rot(c, 30) + d) & _M,
        (a + _rot((b + _K2) & _M, 18) + c) & _M,
        mul,
    )


def _len33to64(s: bytes) -> int:
    n = len(s)
    mul = _K2 + n * 2
    a = (_u64(s, 0) * _K2) & _M
    b = _u64(s, 8)
    c = (_u64(s, n - 8) * mul) & _M
    d = (_u64(s, n - 16) * _K2) & _M
    y = (_rot((a + b) & _M, 43) + _rot(c, 30) + d) & _M
    z = _len16(y, (a + _rot((b + _K2) & _M, 18) + c) & _M, mul)
    e = (_u64(s, 16) * mul) & _M
    f = _u64(s, 24)
    g = ((y + _u64(s, n - 32)) * mul) & _M
    h = ((z + _u64(s, n - 24)) * mul) & _M
    return _len16(
        (_rot((e + f) & _M, 43) + _rot(g, 30) + h) & _M,
        (e + _rot((f + a) & _M, 18) + g) & _M,
        mul,
    )


def _weak32(s: bytes, at: int, a: int, b: int) -> tuple[int, int]:
    w, x, y, z = (_u64(s, at + 8 * i) for i in range(4))
    a = (a + w) & _M
    b = _rot((b + a + z) & _M, 21)
    c = a
    a = (a + x + y) & _M
    b = (b + _rot(a, 44)) & _M
    return (a + z) & _M, (b + c) & _M


def _round(s: bytes, at: int, state: list, mul: int, last: bool) -> None:
    x, y, z, v, w = state
    x = (_rot((x + y + v[0] + _u64(s, at + 8)) & _M, 37) * mul) & _M
    y = (_rot((y + v[1] + _u64(s, at + 48)) & _M, 42) * mul) & _M
    x ^= (w[1] * 9) & _M if last else w[1]
    y = (y + (v[0] * 9 if last else v[0]) + _u64(s, at + 40)) & _M
    z = (_rot((z + w[0]) & _M, 33) * mul) & _M
    v = _weak32(s, at, (v[1] * mul) & _M, (x + w[0]) & _M)
    w = _weak32(s, at + 32, (z + w[1]) & _M, (y + _u64(s, at + 16)) & _M)
    state[:] = [z, y, x, v, w]  # x and z swap after every round


def fingerprint64(s: bytes) -> int:
    """FarmHash's Fingerprint64 of `s` (TF's `Fingerprint64`)."""
    n = len(s)
    if n <= 16:
        return _len0to16(s)
    if n <= 32:
        return _len17to32(s)
    if n <= 64:
        return _len33to64(s)
    seed = 81
    y = (seed * _K1 + 113) & _M
    z = (_shift_mix((y * _K2 + 113) & _M) * _K2) & _M
    x = (seed * _K2 + _u64(s, 0)) & _M
    state = [x, y, z, (0, 0), (0, 0)]
    end = ((n - 1) // 64) * 64
    for at in range(0, end, 64):
        _round(s, at, state, _K1, False)
    x, y, z, v, w = state
    mul = _K1 + ((z & 0xFF) << 1)
    w0 = (w[0] + ((n - 1) & 63)) & _M
    v0 = (v[0] + w0) & _M
    w0 = (w0 + v0) & _M
    state = [x, y, z, (v0, v[1]), (w0, w[1])]
    _round(s, n - 64, state, mul, True)
    x, y, z, v, w = state
    return _len16(
        (_len16(v[0], w[0], mul) + _shift_mix(y) * _K0 + z) & _M,
        (_len16(v[1], w[1], mul) + x) & _M,
        mul,
    )


def _sipround(v0: int, v1: int, v2: int, v3: int) -> tuple[int, int, int, int]:
    v0 = (v0 + v1) & _M
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & _M
    v3 = _rotl(v3, 16) ^ v2
    v0 = (v0 + v3) & _M
    v3 = _rotl(v3, 21) ^ v0
    v2 = (v2 + v1) & _M
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def _rotl(v: int, shift: int) -> int:
    return ((v << shift) | (v >> (64 - shift))) & _M


def siphash24(key: tuple[int, int], s: bytes) -> int:
    """SipHash-2-4 of `s` under the 128-bit `key` (two 64-bit words, as TF's attr)."""
    k0, k1 = key[0] & _M, key[1] & _M
    v0, v1 = k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D
    v2, v3 = k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573
    n = len(s)
    tail = n - n % 8
    for at in range(0, tail, 8):
        m = _u64(s, at)
        v3 ^= m
        v0, v1, v2, v3 = _sipround(*_sipround(v0, v1, v2, v3))
        v0 ^= m
    m = int.from_bytes(s[tail:], "little") | ((n & 0xFF) << 56)
    v3 ^= m
    v0, v1, v2, v3 = _sipround(*_sipround(v0, v1, v2, v3))
    v0 ^= m
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


_MURMUR_M = 0xC6A4A7935BD1E995


def hash64(s: bytes, seed: int = 0xDECAFCAFFE) -> int:
    """TF's own `Hash64` (MurmurHash64A; `tf.string_to_hash_bucket`'s)."""
    n = len(s)
    h = (seed ^ (n * _MURMUR_M)) & _M
    full = n - n % 8
    for at in range(0, full, 8):
        k = (_u64(s, at) * _MURMUR_M) & _M
        k = ((k ^ (k >> 47)) * _MURMUR_M) & _M
        h = ((h ^ k) * _MURMUR_M) & _M
    if n % 8:
        h = ((h ^ int.from_bytes(s[full:], "little")) * _MURMUR_M) & _M
    h = ((h ^ (h >> 47)) * _MURMUR_M) & _M
    return h ^ (h >> 47)
