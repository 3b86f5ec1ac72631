"""TF's FFT ops (FFT/IFFT/RFFT/IRFFT in 1, 2 and 3 dimensions) and overlap-add, with TF's
gradients (signal/fft_ops.py). Loaded with `tf.signal`, not by `import graphgate`.

The kernels are numpy's pocketfft; complex64 transforms run in float32 as TF's (ducc)
do, so results differ from TF's in the last bits only.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, convert_to_tensor, name_scope
from .registry import (
    InferenceError,
    not_differentiable,
    register_gradient,
    register_op,
    without_gradient,
)

_REAL_OF = {_dt.complex64: _dt.float32, _dt.complex128: _dt.float64}
_COMPLEX_OF = {v: k for k, v in _REAL_OF.items()}


def _axes(rank: int) -> tuple[int, ...]:
    return tuple(range(-rank, 0))


def _check_rank(shape: tuple | None, rank: int, type_: str) -> None:
    if shape is not None and len(shape) < rank:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"{type_} needs an input of rank >= {rank}, got shape {list(shape)}",
            shape=list(shape),
        )


def _complex_fft_infer(rank: int, type_: str):
    def infer(shapes, types, attrs):
        if types[0] not in _dt.COMPLEX:
            raise InferenceError(
                "DTYPE_MISMATCH", f"{type_} needs complex64 or complex128, got {types[0].name}"
            )
        _check_rank(shapes[0], rank, type_)
        return [(shapes[0], types[0])]

    return infer


def _complex_fft_kernel(rank: int, inverse: bool):
    transform = np.fft.ifftn if inverse else np.fft.fftn

    def factory(op):
        dtype = np.dtype(op.outputs[0].dtype)
        axes = _axes(rank)

        def kernel(x):
            x = np.asarray(x)
            if x.size == 0:
                return np.zeros(x.shape, dtype)
            return np.asarray(transform(x, axes=axes), dtype)

        return kernel

    return factory


def _fitted_shape(shape: tuple | None, rank: int, sizes: list[int]) -> tuple | None:
    return None if shape is None else (*shape[: len(shape) - rank], *sizes)


def _spectrum(n: list[int]) -> list[int]:
    """An RFFT's output sizes for `fft_length` n: the last halved, and empty where n is
    (TF's shape function: no bin 0 of an empty signal)."""
    return [*n[:-1], n[-1] // 2 + 1 if n[-1] else 0]


def _real_fft_infer(rank: int, type_: str, inverse: bool):
    def infer(shapes, types, attrs):
        dtype = types[0]
        table = _REAL_OF if inverse else _COMPLEX_OF
        if dtype not in table:
            want = "complex64 or complex128" if inverse else "float32 or float64"
            raise InferenceError("DTYPE_MISMATCH", f"{type_} needs {want}, got {dtype.name}")
        _check_rank(shapes[0], rank, type_)
        n = list(attrs["fft_length"])
        if len(n) != rank or any(d < 0 for d in n):
            raise InferenceError(
                "INVALID_ATTR", f"{type_} needs {rank} non-negative fft_length values, got {n}"
            )
        out = n if inverse else _spectrum(n)
        return [(_fitted_shape(shapes[0], rank, out), table[dtype])]

    return infer


def _real_fft_kernel(rank: int, inverse: bool):
    def factory(op):
        dtype = np.dtype(op.outputs[0].dtype)
        n = list(op.attrs["fft_length"])
        axes = _axes(rank)

        def kernel(x):
            x = np.asarray(x)
            shape = (*x.shape[: x.ndim - rank], *(n if inverse else _spectrum(n)))
            if math.prod(shape) == 0 or x.size == 0:
                return np.zeros(shape, dtype)
            if inverse:
                return np.asarray(np.fft.irfftn(x, s=n, axes=axes), dtype)
            return np.asarray(np.fft.rfftn(x, s=n, axes=axes), dtype)

        return kernel

    return factory


_NAMES = {1: "", 2: "2D", 3: "3D"}
for _rank, _suffix in _NAMES.items():
    for _inverse in (False, True):
        _type = ("IFFT" if _inverse else "FFT") + _suffix
        register_op(
            _type,
            arity=1,
            infer=_complex_fft_infer(_rank, _type),
            heavy=True,
            unknown_rank_ok=True,
        )(_complex_fft_kernel(_rank, _inverse))
        _type = ("IRFFT" if _inverse else "RFFT") + _suffix
        register_op(
            _type,
            arity=1,
            infer=_real_fft_infer(_rank, _type, _inverse),
            attrs={"fft_length": ("ints", None)},
            heavy=True,
            unknown_rank_ok=True,
        )(_real_fft_kernel(_rank, _inverse))


def _fft_size(t: Tensor, rank: int) -> int:
    shape = t.static_shape
    if shape is None or None in shape[len(shape) - rank :]:
        raise error(
            "UNIMPLEMENTED",
            "graphgate's FFT gradients need the transformed axes' sizes known when building",
        )
    return math.prod(shape[len(shape) - rank :])


def _complex_grad(rank: int, inverse: bool):
    # TF: d FFT = IFFT(g) * size, d IFFT = FFT(g) / size.
    def grad(op, g):
        from .array_ops import constant

        size = _fft_size(g, rank)
        scale = constant(size if inverse is False else 1.0 / size, dtype=g.dtype.real_dtype)
        from .complex_ops import complex

        back = _graph_op(("FFT" if inverse else "IFFT") + _NAMES[rank], g)
        return [back * complex(scale, constant(0.0, dtype=scale.dtype))]

    return grad


def _graph_op(type_: str, x: Tensor, attrs: dict | None = None, name: str | None = None):
    return x.op.graph.create_op(type_, (x,), attrs, name or type_).outputs[0]


for _rank, _suffix in _NAMES.items():
    register_gradient("FFT" + _suffix)(_complex_grad(_rank, False))
    register_gradient("IFFT" + _suffix)(_complex_grad(_rank, True))


# -- the real transforms' gradients ---------------------------------------------------------
# TF builds them from IRFFT/RFFT plus terms for the bins Hermitian symmetry leaves out;
# these kernels compute the same sums directly (they agree to rounding).


def _fit(x: np.ndarray, shape: tuple, rank: int) -> np.ndarray:
    """`x` cropped or zero-padded on its last `rank` axes to `shape`'s."""
    out = np.zeros((*x.shape[: x.ndim - rank], *shape[len(shape) - rank :]), x.dtype)
    common = tuple(
        slice(0, min(a, b)) for a, b in zip(x.shape[-rank:], out.shape[-rank:], strict=True)
    )
    out[(..., *common)] = x[(..., *common)]
    return out


def _grad_infer(shapes, types, attrs):
    return [(shapes[1], types[1])]


def _rfft_grad_kernel(op):
    # d RFFT: Re(sum_k g_k e^{+2 pi i k n / N}) over the kept half spectrum.
    rank, n = op.attrs["rank"], list(op.attrs["fft_length"])
    dtype = np.dtype(op.outputs[0].dtype)

    def kernel(g, x):
        if math.prod(n) == 0:  # an empty transform: nothing reached the output
            return np.zeros(np.shape(x), dtype)
        full = _fit(np.asarray(g), (*n[:-1], n[-1]), rank)
        back = np.fft.ifftn(full, axes=_axes(rank)).real * math.prod(n)
        return _fit(back, np.shape(x), rank).astype(dtype)

    return kernel


def _irfft_grad_kernel(op):
    # TF: d IRFFT = RFFT(g) * mask / size, the mask doubling the bins that stand for two.
    rank, n = op.attrs["rank"], list(op.attrs["fft_length"])
    dtype = np.dtype(op.outputs[0].dtype)
    half = _spectrum(n)[-1]
    mask = np.full(max(half, 1), 2.0)
    mask[0] = 1.0
    if n[-1] % 2 == 0:
        mask[-1] = 1.0

    def kernel(g, x):
        if math.prod(n) == 0:
            return np.zeros(np.shape(x), dtype)
        spectrum = np.fft.rfftn(np.asarray(g), s=n, axes=_axes(rank)) * (mask / math.prod(n))
        return _fit(spectrum, np.shape(x), rank).astype(dtype)

    return kernel


_GRAD_ATTRS = {"rank": ("int", 1), "fft_length": ("ints", None)}
register_op("RFFTGrad", arity=2, infer=_grad_infer, attrs=_GRAD_ATTRS, heavy=True)(
    _rfft_grad_kernel
)
register_op("IRFFTGrad", arity=2, infer=_grad_infer, attrs=_GRAD_ATTRS, heavy=True)(
    _irfft_grad_kernel
)
not_differentiable("RFFTGrad", "IRFFTGrad")


def _real_grad(rank: int, type_: str):
    def grad(op, g):
        attrs = {"rank": rank, "fft_length": list(op.attrs["fft_length"])}
        x = op.inputs[0]
        return [x.op.graph.create_op(type_, (g, x), attrs, type_).outputs[0]]

    return grad


for _rank, _suffix in ((1, ""), (2, "2D")):
    register_gradient("RFFT" + _suffix)(_real_grad(_rank, "RFFTGrad"))
    register_gradient("IRFFT" + _suffix)(_real_grad(_rank, "IRFFTGrad"))


# TF defines none for RFFT3D and IRFFT3D (LookupError): neither does graphgate.
without_gradient("RFFT3D", "IRFFT3D")


# -- overlap-add ------------------------------------------------------------------------------


def _overlap_infer(shapes, types, attrs):
    shape, step = shapes[0], attrs["frame_step"]
    if shape is None:
        return [(None, types[0])]
    if len(shape) < 2:
        raise InferenceError("SHAPE_MISMATCH", "overlap_and_add needs a signal of rank >= 2")
    frames, length = shape[-2:]
    size = None if frames is None or length is None else max(frames - 1, 0) * step + length
    return [((*shape[:-2], size), types[0])]


@register_op(
    "OverlapAndAdd",
    arity=1,
    infer=_overlap_infer,
    attrs={"frame_step": ("int", 1)},
    unknown_rank_ok=True,
)
def _overlap_and_add(op):
    step = op.attrs["frame_step"]

    def kernel(x):
        x = np.asarray(x)
        frames, length = x.shape[-2:]
        out = np.zeros((*x.shape[:-2], max(frames - 1, 0) * step + length), x.dtype)
        for f in range(frames):
            out[..., f * step : f * step + length] += x[..., f, :]
        return out

    return kernel


@register_gradient("OverlapAndAdd")
def _overlap_grad(op, g):
    from ..tf_signal import frame

    length = op.inputs[0].static_shape[-1]
    return [frame(g, length, op.attrs["frame_step"])]


def overlap_and_add(signal: Any, frame_step: Any, name: str | None = None) -> Tensor:
    """TF's overlap-add: frames [..., frames, frame_length] summed `frame_step` apart."""
    from .shape_values import static_arg

    with name_scope(name, "overlap_and_add") as scope:
        signal = convert_to_tensor(signal, name="signal")
        step = static_arg(frame_step, "overlap_and_add's frame_step")
        if np.ndim(step) != 0:
            raise error("INVALID_ATTR", "frame_step must be a scalar")
        step = int(step)
        if step <= 0:
            raise error("INVALID_ATTR", f"frame_step must be positive, got {step}")
        shape = signal.static_shape
        if shape is not None and len(shape) < 2:
            raise error("INVALID_ATTR", "overlap_and_add needs a signal of rank >= 2")
        return signal.op.graph.create_op(
            "OverlapAndAdd", (signal,), {"frame_step": step}, scope
        ).outputs[0]
