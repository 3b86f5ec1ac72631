"""TF1's small namespaces that only regroup or refuse: `tf.audio`, `tf.bitwise`, `tf.manip`,
`tf.sets`, `tf.spectral`, `tf.sysconfig` and `tf.load_op_library`, `tf.profiler`,
`tf.autograph`.

`bitwise`, `manip` and `sets` are tables over graphgate's own functions (tf_math.py's lazy
`Namespace`: nothing copied, a name resolved on first use). `sysconfig` serves programs that
build TensorFlow C++ extensions: graphgate has no headers or shared library to point at and
cannot load such ops, so those functions refuse with `UnimplementedError` instead of
returning paths that do not exist; so do `load_op_library` and its kin. `tf.profiler` (tfprof)
is refused too, pointing at the run metadata graphgate records instead. `tf.autograph`
converts nothing: its opt-outs and hints are accepted, its conversions refused.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable

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

AUDIO = {n: f"graphgate.ops.audio_ops:{n}" for n in ("decode_wav", "encode_wav")}

bitwise = Namespace("graphgate.bitwise", BITWISE, "TensorFlow's tf.bitwise.")
audio = Namespace("graphgate.audio", AUDIO, "TensorFlow's tf.audio: 16-bit PCM WAV.")
manip = Namespace("graphgate.manip", MANIP, "TensorFlow's tf.manip over graphgate's functions.")
sets = Namespace("graphgate.sets", SETS, "TensorFlow's tf.sets.")
spectral = Namespace("graphgate.spectral", SPECTRAL, "TensorFlow 1's tf.spectral.")


def refusing(path: str, why: str) -> Callable:
    """A function that refuses, UNIMPLEMENTED (NotImplementedError): "tf.<path>: <why>"."""

    def refuse(*args, **kwargs):
        raise error("UNIMPLEMENTED", f"tf.{path}: {why}")

    refuse.__name__ = refuse.__qualname__ = path.rsplit(".", 1)[-1]
    refuse.__doc__ = f"TF's `tf.{path}`, refused: {why}."
    return refuse


_NO_EXTENSIONS = (
    "graphgate is pure Python and numpy; it has no TensorFlow headers or library to build or "
    "load C++ ops against"
)


def get_build_info() -> dict:
    """What this build computes with: the CPU through numpy, no CUDA, ROCm or TensorRT."""
    return {"is_cuda_build": False, "is_rocm_build": False, "is_tensorrt_build": False}


sysconfig = types.ModuleType("graphgate.sysconfig", "TensorFlow's tf.sysconfig (refusals).")
sysconfig.get_build_info = get_build_info
for _name in ("get_include", "get_lib", "get_compile_flags", "get_link_flags"):
    setattr(sysconfig, _name, refusing(f"sysconfig.{_name}", _NO_EXTENSIONS))

# Loading compiled op libraries, which graphgate cannot run either.
load_op_library = refusing("load_op_library", _NO_EXTENSIONS)
load_library = refusing("load_library", _NO_EXTENSIONS)
load_file_system_library = refusing("load_file_system_library", _NO_EXTENSIONS)

_NO_TFPROF = (
    "graphgate has no tfprof; a run's per-op timings are in its RunMetadata "
    "(RunOptions(trace_level=FULL_TRACE)) and its Timeline"
)
_BUILDER = "profiler.ProfileOptionBuilder"


class ProfileOptionBuilder:
    """TF's tfprof option builder, refused with the rest of `tf.profiler`."""

    __init__ = refusing("profiler.ProfileOptionBuilder", _NO_TFPROF)
    float_operation = staticmethod(refusing(f"{_BUILDER}.float_operation", _NO_TFPROF))
    trainable_variables_parameter = staticmethod(
        refusing(f"{_BUILDER}.trainable_variables_parameter", _NO_TFPROF)
    )
    time_and_memory = staticmethod(refusing(f"{_BUILDER}.time_and_memory", _NO_TFPROF))


profiler = types.ModuleType("graphgate.profiler", "TensorFlow's tf.profiler (refused).")
profiler.ProfileOptionBuilder = ProfileOptionBuilder
for _name in ("Profiler", "profile", "advise", "write_op_log"):
    setattr(profiler, _name, refusing(f"profiler.{_name}", _NO_TFPROF))

_NO_AUTOGRAPH = (
    "graphgate has no AutoGraph to rewrite Python control flow; write it with tf.cond and "
    "tf.while_loop"
)


def do_not_convert(func=None):
    """AutoGraph's opt-out: `func` as it is (graphgate converts nothing)."""
    return (lambda f: f) if func is None else func


def _set_verbosity(level: int, alsologtostdout: bool = False) -> None:
    """AutoGraph's logging level: graphgate has no AutoGraph to log."""


def _trace(*args) -> None:
    print(*args)  # TF's trace prints its arguments when the function is traced


class Feature(enum.Enum):
    """AutoGraph's optional conversions (named; graphgate converts nothing)."""

    ALL = "ALL"
    AUTO_CONTROL_DEPS = "AUTO_CONTROL_DEPS"
    ASSERT_STATEMENTS = "ASSERT_STATEMENTS"
    BUILTIN_FUNCTIONS = "BUILTIN_FUNCTIONS"
    EQUALITY_OPERATORS = "EQUALITY_OPERATORS"
    LISTS = "LISTS"
    NAME_SCOPES = "NAME_SCOPES"


autograph = types.ModuleType("graphgate.autograph", "TensorFlow's tf.autograph (no rewriting).")
autograph.to_graph = refusing("autograph.to_graph", _NO_AUTOGRAPH)
autograph.to_code = refusing("autograph.to_code", _NO_AUTOGRAPH)
autograph.set_verbosity = _set_verbosity
autograph.trace = _trace
autograph.experimental = types.ModuleType("graphgate.autograph.experimental")
autograph.experimental.do_not_convert = do_not_convert
autograph.experimental.set_loop_options = lambda **options: None  # hints AutoGraph reads
autograph.experimental.Feature = Feature

__all__ = ["autograph", "bitwise", "manip", "profiler", "sets", "spectral", "sysconfig"]
__all__ += ["load_file_system_library", "load_library", "load_op_library"]
