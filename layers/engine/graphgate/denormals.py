"""Subnormal floats flushed to zero during a run, as TensorFlow's CPU kernels flush them.

TF runs every kernel under `port::ScopedFlushDenormal`: the CPU's flush-to-zero and
denormals-are-zero modes (x86's MXCSR FTZ and DAZ bits, aarch64's FPCR FZ bit). So in TF
`exp(-100.)` is 0 (numpy: 3.8e-44), a fed 1e-40 times 1 is 0, and `log(exp(-100.))` is
-inf. The engine sets the same modes around a run rather than rounding every op's result:
the CPU then does it in every numpy loop and BLAS call at no cost per op.

The modes are per thread and restored after the run, so the caller's own numpy keeps IEEE
subnormals. They are set through glibc's `fegetenv`/`fesetenv`, whose `fenv_t` carries
MXCSR (x86-64) or FPCR (aarch64); elsewhere (macOS, Windows, musl) nothing is flushed, as
`SUPPORTED` says, and results keep numpy's subnormals.
"""

from __future__ import annotations

import ctypes
import platform
import sys
import threading
from typing import Any

import numpy as np

# fenv_t's size and where the mode word lies in it, per glibc's <bits/fenv.h>.
_FENV_BYTES = 64  # more than either layout's 32 and 8 bytes
_LAYOUTS = {
    # x86-64: the x87 environment (28 bytes), then MXCSR; FTZ is bit 15, DAZ bit 6.
    "x86_64": (7, 0x8040),
    # aarch64: FPCR, then FPSR; FZ is bit 24.
    "aarch64": (0, 1 << 24),
}


class _Env(ctypes.Structure):
    _fields_ = [("words", ctypes.c_uint32 * (_FENV_BYTES // 4))]


def _libm() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        lib = ctypes.CDLL("libm.so.6")
        get, put = lib.fegetenv, lib.fesetenv
    except (OSError, AttributeError):  # musl or a stripped image: no glibc libm
        return None
    # Addresses, not structures: converting a structure argument costs a microsecond.
    get.argtypes = put.argtypes = [ctypes.c_void_p]
    get.restype = put.restype = ctypes.c_int
    return get, put


_FNS = _libm()
_WORD, _BITS = _LAYOUTS.get(platform.machine(), (None, 0))


class _Buffers(threading.local):
    """A thread's saved environment and its flushed copy: only the outermost run of a
    thread sets the modes, so one pair a thread serves every run."""

    def __init__(self) -> None:
        saved, mode = _Env(), _Env()
        self.words = saved.words, mode.words  # views of the buffers, which they keep alive
        self.addresses = ctypes.addressof(saved), ctypes.addressof(mode)


_buffers = _Buffers()


def flush() -> tuple | None:
    """Turn the flush on for this thread; returns what `restore` needs, or None when the
    flush was already on (a run inside a run) or cannot be set here."""
    if not SUPPORTED:
        return None
    get, put = _FNS
    addresses = _buffers.addresses
    saved, mode = _buffers.words
    get(addresses[0])
    word = saved[_WORD]
    if word & _BITS == _BITS:
        return None
    ctypes.memmove(addresses[1], addresses[0], _FENV_BYTES)
    mode[_WORD] = word | _BITS
    put(addresses[1])
    return addresses


def restore(saved: tuple | None) -> None:
    if saved is not None:
        _FNS[1](saved[0])


class flushed:  # lower case: used as `with flushed():`, as numpy's errstate
    """`flush` and `restore` around a block (a class, not a generator: ~1 µs a run less)."""

    __slots__ = ("_saved",)

    def __enter__(self) -> None:
        self._saved = flush()

    def __exit__(self, *exc: object) -> None:
        restore(self._saved)


def _works() -> bool:
    """Whether setting the modes flushes here: checked once, on a value numpy computes."""
    tiny = np.array([1e-40], np.float32)
    saved = flush()
    try:
        zero = np.multiply(tiny, np.float32(1))[0] == 0
    finally:
        restore(saved)
    return bool(zero) and saved is not None and np.multiply(tiny, np.float32(1))[0] != 0


SUPPORTED = _FNS is not None and _WORD is not None
SUPPORTED = SUPPORTED and _works()
