"""TF1's small namespaces that only regroup or refuse: `tf.bitwise`, `tf.manip`, `tf.sets`,
`tf.spectral`, `tf.sysconfig`.

`bitwise`, `manip` and `sets` are tables over graphgate's own functions (tf_math.py's lazy
`Namespace`: nothing copied, a name resolved on first use). `sysconfig` serves programs that
build TensorFlow C++ extensions: graphgate has no headers or shared library to point at and
cannot load such ops, so those functions refuse with `UnimplementedError` instead of
returning paths that do not exist.
"""

from __future__ import annotations

import types

from .errors import error
from .tf_math import Namespace

_BITWISE_OPS = ("bitwise_and", "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift")
BITWISE = {n: f"graphgate.ops.bitwise_ops:{n}" for n in _BITWISE_OPS}
MANIP = {
    n: n
    for n in (
        "batch_to_space_nd",
        "gather_nd",
        "reshape",
        "reverse",
        "roll",
        "scatter_nd",
        "space_to_batch_nd",
        "tile",
    )
}
_SET_FUNCTIONS = (
    "difference",
    "intersection",
    "set_difference",
    "set_intersection",
    "set_size",
    "set_union",
    "size",
    "union",
)
SETS = {n: f"graphgate.ops.set_ops:{n}" for n in _SET_FUNCTIONS}

# TF1's tf.spectral: the Fourier and cosine transforms of tf.signal.
_SPECTRAL = ("dct", "fft", "fft2d", "fft3d", "idct", "ifft", "ifft2d", "ifft3d")
SPECTRAL = {n: f"graphgate.tf_signal:{n}" for n in (*_SPECTRAL, "irfft", "irfft2d", "irfft3d")}
SPECTRAL.update({n: f"graphgate.tf_signal:{n}" for n in ("rfft", "rfft2d", "rfft3d")})

bitwise = Namespace("graphgate.bitwise", BITWISE, "TensorFlow's tf.bitwise.")
manip = Namespace("graphgate.manip", MANIP, "TensorFlow's tf.manip over graphgate's functions.")
sets = Namespace("graphgate.sets", SETS, "TensorFlow's tf.sets.")
spectral = Namespace("graphgate.spectral", SPECTRAL, "TensorFlow 1's tf.spectral.")


def _no_extensions(what: str):
    def refuse(*args, **kwargs):
        raise error(
            "UNIMPLEMENTED",
            f"tf.sysconfig.{what}: graphgate is pure Python and numpy; it has no TensorFlow "
            "headers or library to build or load C++ ops against",
        )

    refuse.__name__ = what
    return refuse


def get_build_info() -> dict:
    """What this build computes with: the CPU through numpy, no CUDA, ROCm or TensorRT."""
    return {"is_cuda_build": False, "is_rocm_build": False, "is_tensorrt_build": False}


sysconfig = types.ModuleType("graphgate.sysconfig", "TensorFlow's tf.sysconfig (refusals).")
sysconfig.get_build_info = get_build_info
for _name in ("get_include", "get_lib", "get_compile_flags", "get_link_flags"):
    setattr(sysconfig, _name, _no_extensions(_name))

__all__ = ["bitwise", "manip", "sets", "spectral", "sysconfig"]
