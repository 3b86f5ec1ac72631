"""Subnormal floats flushed to zero during a run, as TensorFlow's CPU kernels flush them.

TF runs every kernel under `port::ScopedFlushDenormal`: the CPU's flush-to-zero and
denormals-are-zero modes (x86's MXCSR FTZ and DAZ bits, aarch64's FPCR FZ bit). So in TF
`exp(-100.)` is 0 (numpy: 3.8e-44), a fed 1e-40 times 1 is 0, and `log(exp(-100.))` is
-inf. The engine sets the same modes around a run rather than rounding every op's result:
the CPU then does it in every numpy loop and BLAS call at no cost per op.

The modes are per thread and restored after the run, so the caller's own numpy keeps IEEE
subnormals. They are set through glibc's `fegetmode`/`fesetmode` (glibc 2.25+), whose
`femode_t` carries MXCSR (x86-64) or FPCR (aarch64) without the x87 environment that
`fegetenv` stores slowly, and whose `fesetmode` keeps the exception flags raised meanwhile;
elsewhere (macOS, Windows, musl, an older glibc) nothing is flushed, as `SUPPORTED` says,
and results keep numpy's subnormals.
"""

from __future__ import annotations

import ctypes
import platform
import sys
import threading
from typing import Any

import numpy as np

# femode_t's size and where the mode word lies in it, per glibc's <bits/fenv.h>.
_MODE_BYTES = 16  # more than either layout's 8 and 4 bytes
_LAYOUTS = {
    # x86-64: the x87 control word (2 bytes and 2 reserved), then MXCSR; FTZ is bit 15,
    # DAZ bit 6 (MXCSR's exception flags are bits 0-5).
    "x86_64": (1, 0x8040),
    # aarch64: FPCR alone; FZ is bit 24 (outside glibc's _FPU_RESERVED, so it is set).
    "aarch64": (0, 1 << 24),
}


class _Mode(ctypes.Structure):
    _fields_ = [("words", ctypes.c_uint32 * (_MODE_BYTES // 4))]


def _libm() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        # PyDLL keeps the GIL over these few instructions: releasing and taking it back
        # would cost more than the call. No argtypes: a prepared `byref` passes as it is.
        lib = ctypes.PyDLL("libm.so.6")
        return lib.fegetmode, lib.fesetmode
    except (OSError, AttributeError):  # musl, glibc before 2.25: no fegetmode
        return None


_FNS = _libm()
_WORD, _BITS = _LAYOUTS.get(platform.machine(), (None, 0))


class _Thread(threading.local):
    """A thread's modes from before its outermost run, and how deep in runs it is:
    a run inside a run (a py_func's nested work) finds the modes set and leaves them."""

    def __init__(self) -> None:
        self.mode = _Mode()
        self.words = self.mode.words
        self.address = ctypes.byref(self.mode)
        self.depth = 0


_thread = _Thread()


def flush() -> None:
    """Turn the flush on for this thread until the matching `restore`."""
    t = _thread
    t.depth += 1
    if t.depth > 1 or not SUPPORTED:
        return
    get, put = _FNS
    get(t.address)
    words = t.words
    word = words[_WORD]
    words[_WORD] = word | _BITS
    put(t.address)
    # The buffer holds the caller's modes again, ready for `restore`.
    words[_WORD] = word


def restore() -> None:
    t = _thread
    t.depth -= 1
    if t.depth == 0 and SUPPORTED:
        _FNS[1](t.address)


class flushed:  # lower case: used as `with flushed():`, as numpy's errstate
    """`flush` and `restore` around a block (a class, not a generator: ~1 µs a run less)."""

    __slots__ = ()

    def __enter__(self) -> None:
        flush()

    def __exit__(self, *exc: object) -> None:
        restore()


class kept:  # lower case: used as `with kept():`, as `flushed`
    """IEEE subnormals inside a run, around work that moves values rather than computing
    them (a table's values parsed from text and stored in their dtype): TF's kernels copy
    such values bit for bit, while a float's conversion or Python's own parsing under the
    run's modes flushes them. Outside a run (or where nothing is flushed) it does nothing."""

    __slots__ = ("mode",)

    def __enter__(self) -> None:
        self.mode = None
        if not SUPPORTED or not _thread.depth:
            return
        get, put = _FNS
        mode = _Mode()
        address = ctypes.byref(mode)
        get(address)
        word = mode.words[_WORD]
        mode.words[_WORD] = word & ~_BITS
        put(address)
        mode.words[_WORD] = word
        self.mode = mode

    def __exit__(self, *exc: object) -> None:
        if self.mode is not None:
            _FNS[1](ctypes.byref(self.mode))


# numpy's floating-point error modes live in a context variable (numpy 2); `np.errstate`
# rebuilds its modes object on every entry (0.5 µs, a tenth of a small fed run). The
# private names are read defensively: without them a run uses `np.errstate` itself.


def _private_modes() -> tuple[Any, Any] | None:
    """numpy's modes variable and maker, if they do here what numpy 2.0-2.4's do: an
    all-ignore object made from the caller's, set and reset. Tried once, on import, so a
    numpy that renames or reshapes these private names (`pyproject.toml` allows any 2.x)
    makes runs use `np.errstate` rather than fail every run."""
    try:
        from numpy._core.umath import _extobj_contextvar as modes
        from numpy._core.umath import _make_extobj as make

        with np.errstate(divide="raise"):
            size = np.getbufsize()
            token = modes.set(make(all="ignore"))
            try:
                works = set(np.geterr().values()) == {"ignore"} and np.getbufsize() == size
            finally:
                modes.reset(token)
            works = works and np.geterr()["divide"] == "raise"
    except Exception:  # a changed private API: any failure means "do not use it"
        return None
    return (modes, make) if works else None


_ERRORS, _make_extobj = _private_modes() or (None, None)

# (the caller's modes object, the same with every error ignored): made again only when
# the caller's modes change. Holding the caller's object keeps its identity unique.
_quiet: tuple[Any, Any] = (None, None)


class computing:  # lower case: used as `with computing():`, as numpy's errstate
    """A run's floating-point modes around a block, as TF's kernels compute: numpy's
    errors ignored (TF warns of no overflow or division by zero; numpy's buffer size and
    error callback kept, as `np.errstate(all="ignore")` keeps them) and subnormals flushed
    (`flush`); both restored after, exceptions included. Written out rather than as calls
    of `flush` and `restore`: it runs around every run, and calls cost 0.1 µs each."""

    __slots__ = ("token",)

    def __enter__(self) -> None:
        global _quiet
        current = _ERRORS.get()
        cached = _quiet
        if cached[0] is not current:
            cached = _quiet = (current, _make_extobj(all="ignore"))
        self.token = _ERRORS.set(cached[1])
        t = _thread
        depth = t.depth
        t.depth = depth + 1
        if depth or not SUPPORTED:
            return
        get, put = _FNS
        get(t.address)
        words = t.words
        word = words[_WORD]
        words[_WORD] = word | _BITS
        put(t.address)
        words[_WORD] = word

    def __exit__(self, *exc: object) -> None:
        t = _thread
        depth = t.depth - 1
        t.depth = depth
        if not depth and SUPPORTED:
            _FNS[1](t.address)
        _ERRORS.reset(self.token)


class _computing_errstate:
    """`computing` where numpy keeps its modes elsewhere (numpy 1.x) or its private names
    behave otherwise than `_private_modes` expects."""

    __slots__ = ("errors",)

    def __enter__(self) -> None:
        self.errors = np.errstate(all="ignore")
        self.errors.__enter__()
        flush()

    def __exit__(self, *exc: object) -> None:
        restore()
        self.errors.__exit__(*exc)


if _ERRORS is None:  # numpy 1.x, or a numpy whose private names `_private_modes` refused
    computing = _computing_errstate  # type: ignore[misc]


def _works() -> bool:
    """Whether setting the modes flushes here: checked once, on a value numpy computes."""
    tiny = np.array([1e-40], np.float32)
    flush()
    try:
        zero = np.multiply(tiny, np.float32(1))[0] == 0
    finally:
        restore()
    return bool(zero) and np.multiply(tiny, np.float32(1))[0] != 0


SUPPORTED = _FNS is not None and _WORD is not None
SUPPORTED = SUPPORTED and _works()
