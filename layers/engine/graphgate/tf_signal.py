"""`gg.signal` (and TF1's `gg.spectral`): the real-valued part of TensorFlow's signal ops.

`hann_window`, `hamming_window` and `frame` are built from graphgate's ops as TensorFlow
builds them (same formula in the requested dtype; `frame`'s gradient is its gather's);
`dct`/`idct` multiply by the real cosine basis.
Everything that returns or takes complex numbers (`fft`, `rfft`, `stft`, ...) needs a
complex64/complex128 dtype graphgate does not have: those names raise UNIMPLEMENTED saying
so, rather than answering with real numbers where TensorFlow returns complex ones.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, convert_to_tensor, name_scope


def _static_int(value: Any) -> int | None:
    from .ops.misc_ops import get_static_value

    static = get_static_value(value) if isinstance(value, Tensor) else value
    return None if static is None else int(np.asarray(static))


def _raised_cosine(name, default_name, window_length, periodic, dtype, a: float, b: float):
    from . import cast, cond, constant, cos, equal, mod, ones
    from .ops.extra_array_ops import range as range_

    dtype = _dt.as_dtype(dtype)
    if dtype not in _dt.FLOATS:
        # ValueError, as TF's (an argument, not an operand, has the wrong dtype).
        raise error("INVALID_ATTR", f"dtype must be a floating point type. Found {dtype.name}")
    with name_scope(name, default_name):
        length = convert_to_tensor(window_length, dtype=_dt.int32, name="window_length")
        if length.static_shape is not None and len(length.static_shape) != 0:
            raise error("SHAPE_MISMATCH", "window_length must be a scalar")
        known = _static_int(length)
        if known == 1:
            return ones([1], dtype=dtype)
        periodic = cast(convert_to_tensor(periodic, dtype=_dt.bool_, name="periodic"), _dt.int32)
        even = 1 - mod(length, 2)
        n = cast(length + periodic * even - 1, dtype=dtype)
        count = cast(range_(length), dtype)
        cos_arg = constant(2 * np.pi, dtype=dtype) * count / n
        if known is not None:
            return cast(a - b * cos(cos_arg), dtype=dtype)
        return cond(
            equal(length, 1),
            lambda: ones([length], dtype=dtype),
            lambda: cast(a - b * cos(cos_arg), dtype=dtype),
        )


def hann_window(window_length, periodic=True, dtype=_dt.float32, name=None) -> Tensor:
    """TF's Hann window: 0.5 - 0.5 cos(2 pi n / N), N the length (less one unless periodic
    and even)."""
    return _raised_cosine(name, "hann_window", window_length, periodic, dtype, 0.5, 0.5)


def hamming_window(window_length, periodic=True, dtype=_dt.float32, name=None) -> Tensor:
    """TF's Hamming window: 0.54 - 0.46 cos(2 pi n / N)."""
    return _raised_cosine(name, "hamming_window", window_length, periodic, dtype, 0.54, 0.46)


def _window_length(window_length, dtype) -> Tensor:
    """TF's `_check_params`: a float dtype and a scalar int32 length."""
    if dtype not in _dt.FLOATS:
        raise error("INVALID_ATTR", f"dtype must be a floating point type. Found {dtype.name}")
    length = convert_to_tensor(window_length, dtype=_dt.int32)
    if length.static_shape is not None and len(length.static_shape) != 0:
        raise error("SHAPE_MISMATCH", "window_length must be a scalar")
    return length


def kaiser_window(window_length, beta=12.0, dtype=_dt.float32, name=None) -> Tensor:
    """TF's Kaiser window, built as TF builds it: exp(num - beta) i0e(num) / i0e(beta),
    num = beta sqrt(1 - (n / halflen)^2) over n from -halflen to halflen."""
    from . import cast, exp, ones, relu, sqrt, square
    from .ops.extra_array_ops import range as range_
    from .ops.special_extra_ops import bessel_i0e

    dtype = _dt.as_dtype(dtype)
    with name_scope(name, "kaiser_window"):
        length = _window_length(window_length, dtype)
        if _static_int(length) == 1:
            return ones([1], dtype=dtype)
        # TF's range has no float16: it works in float32, then casts.
        halflen = (cast(length, _dt.float32) - 1.0) / 2.0
        arg = cast(range_(-halflen, halflen + 0.1, dtype=_dt.float32), dtype)
        beta = cast(beta, dtype)
        one = cast(1.0, dtype)
        halflen = cast(halflen, dtype)
        num = beta * sqrt(relu(one - square(arg / halflen)))
        return exp(num - beta) * (bessel_i0e(num) / bessel_i0e(beta))


def kaiser_bessel_derived_window(window_length, beta=12.0, dtype=_dt.float32, name=None):
    """TF's Kaiser-Bessel-derived window: the square root of a Kaiser window's running sum
    over its total, mirrored."""
    from . import concat, cumsum, sqrt

    dtype = _dt.as_dtype(dtype)
    with name_scope(name, "kaiser_bessel_derived_window"):
        length = _window_length(window_length, dtype)
        halflen = length // 2
        running = cumsum(kaiser_window(halflen + 1, beta, dtype=dtype))
        half = sqrt(running[:-1] / running[-1])
        return concat((half, half[::-1]), axis=0)


def vorbis_window(window_length, dtype=_dt.float32, name=None) -> Tensor:
    """TF's Vorbis window: sin(pi/2 sin^2(pi (n + 0.5) / N))."""
    from . import cast, pow, sin
    from .ops.extra_array_ops import range as range_

    dtype = _dt.as_dtype(dtype)
    with name_scope(name, "vorbis_window"):
        length = _window_length(window_length, dtype)
        arg = cast(range_(length), dtype=dtype)
        inner = sin(np.pi / cast(length, dtype=dtype) * (arg + 0.5))
        return sin(np.pi / 2.0 * pow(inner, 2.0))


def _frame_count(length: int, frame_length: int, frame_step: int, pad_end: bool) -> int:
    if pad_end:
        return -(-length // frame_step)
    return max(0, 1 + (length - frame_length) // frame_step)


def frame(
    signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None
) -> Tensor:
    """Overlapping frames of `frame_length` every `frame_step` along `axis` (the axis
    becomes [frames, frame_length]); with `pad_end` the last frames run past the end,
    filled with `pad_value`. The signal's rank must be known when building; its size
    along `axis`, `frame_length` and `frame_step` may be known only at run time."""
    from . import constant, pad

    with name_scope(name, "frame"):
        signal = convert_to_tensor(signal, name="signal")
        shape = signal.static_shape
        if shape is None:
            raise error("UNIMPLEMENTED", "tf.signal.frame needs the signal's rank in graphgate")
        if not shape:  # TF's with_rank_at_least(1) (ValueError)
            raise error("SHAPE_MISMATCH", "tf.signal.frame's signal must be at least rank 1")
        axis = operator.index(axis) % len(shape)
        length_, step = _static_int(frame_length), _static_int(frame_step)
        if (length_ is not None and length_ < 0) or (step is not None and step <= 0):
            raise error("INVALID_ATTR", "frame_length must be >= 0 and frame_step > 0")
        size = shape[axis]
        if size is None or length_ is None or step is None:
            sizes = _run_time_sizes(frame_length, frame_step, length_, step)
            return _frame_run_time(signal, *sizes, pad_end, pad_value, axis)
        frames = _frame_count(size, length_, step, pad_end)
        needed = (frames - 1) * step + length_ if frames else 0
        if pad_end and needed > size:
            paddings = [[0, 0]] * len(shape)
            paddings[axis] = [0, needed - size]
            signal = pad(signal, paddings, constant_values=pad_value)
        # No frames fit: an empty index, not an arange of frame_length (2**30 was 4 GB).
        index = np.zeros((0, length_), np.int32)
        if frames:
            starts = np.arange(frames, dtype=np.int32)[:, None] * step
            index = starts + np.arange(length_, dtype=np.int32)[None, :]
        return _framed(signal, constant(index, dtype=_dt.int32), axis)


def _framed(signal: Tensor, index: Tensor, axis: int) -> Tensor:
    """The frames `index` picks along `axis`. TF's frame gathers from a reshape of the
    signal, so the signal's gradient is a dense tensor, not the IndexedSlices a gather's
    gradient is: a reshape to its own shape does the same here."""
    from . import gather, reshape, shape

    known = signal.static_shape
    dims = list(known) if None not in known else shape(signal, out_type=_dt.int32)
    return gather(reshape(signal, dims), index, axis=axis)


def _run_time_sizes(frame_length, frame_step, length_, step) -> tuple[Any, Any]:
    """`frame`'s frame_length and frame_step, each an int or, known only at run time, an
    int32 tensor that fails the run where TF's frame would fail or misframe: a negative
    length (TF's range refuses it) or a step below 1 (TF divides by it)."""
    from . import Assert, control_dependencies, greater, greater_equal, identity

    def checked(value, known, check, what):
        if known is not None:
            return known
        t = convert_to_tensor(value, name=what)
        if t.dtype != _dt.int32:  # TF's arithmetic with the int32 shape of the signal
            raise error("DTYPE_MISMATCH", f"{what} must be int32, got {t.dtype.name}")
        if t.static_shape is not None and len(t.static_shape) != 0:
            raise error("SHAPE_MISMATCH", f"{what} must be a scalar")
        with control_dependencies([Assert(check(t), [f"{what} out of range:", t])]):
            return identity(t)

    return (
        checked(frame_length, length_, lambda t: greater_equal(t, 0), "frame_length"),
        checked(frame_step, step, lambda t: greater(t, 0), "frame_step"),
    )


def _frame_run_time(signal, length_: Any, step: Any, pad_end, pad_value, axis: int) -> Tensor:
    """`frame` of an axis whose size, or a frame_length or frame_step, is known only when
    the graph runs (an audio placeholder of [batch, None]): `_frame_count`'s arithmetic
    on the run-time values, the frames' gather index built from them."""
    from . import concat, constant, maximum, pad, shape, zeros
    from .ops.extra_array_ops import range as range_

    dims = list(signal.static_shape)  # the axes not framed keep their sizes
    dims[axis : axis + 1] = [None, length_ if isinstance(length_, int) else None]
    size = shape(signal, out_type=_dt.int32)[axis]
    if pad_end:
        frames = (size + (step - 1)) // step
        needed = (frames - 1) * step + length_
        rank = len(signal.static_shape)
        extra = maximum(needed - size, 0)
        before = zeros([axis, 2], _dt.int32)
        after = zeros([rank - axis - 1, 2], _dt.int32)
        here = concat([constant([[0]], dtype=_dt.int32), [[extra]]], axis=1)
        signal = pad(signal, concat([before, here, after], axis=0), constant_values=pad_value)
    else:
        frames = maximum(1 + (size - length_) // step, 0)
    starts = range_(frames) * step
    if isinstance(length_, Tensor):
        offsets = range_(length_)
    else:
        offsets = constant(np.arange(length_, dtype=np.int32))
    index = starts[:, None] + offsets[None, :]
    framed = _framed(signal, index, axis)
    framed.set_shape(dims)  # a pad by run-time amounts knows none of them
    return framed


def _shift(x, axes, sign: int, name: str) -> Tensor:
    from .ops.extra_array_ops import roll

    with name_scope(None, name) as scope:
        x = convert_to_tensor(x, name="x")
        shape = x.static_shape
        if shape is None:
            raise error("UNIMPLEMENTED", f"tf.signal.{name} needs the input's rank known")
        axes = range(len(shape)) if axes is None else axes
        axes = [operator.index(a) for a in ([axes] if np.isscalar(axes) else axes)]
        if any(shape[a] is None for a in axes):
            raise error("UNIMPLEMENTED", f"tf.signal.{name} needs the shifted axes' sizes known")
        return roll(x, [sign * (shape[a] // 2) for a in axes], axes, name=scope)


def fftshift(x, axes=None, name=None) -> Tensor:
    """Each of `axes` (all by default) rolled by half its size: zero frequency centred."""
    return _shift(x, axes, 1, name or "fftshift")


def ifftshift(x, axes=None, name=None) -> Tensor:
    """The inverse of `fftshift` (differs for odd sizes)."""
    return _shift(x, axes, -1, name or "ifftshift")


def _dct_matrix(kind: int, n: int, norm: str | None) -> np.ndarray:
    """[n, n] float64 basis: `x @ M` is TF's DCT of `kind` along the last axis."""
    i = np.arange(n, dtype=np.float64)[:, None]  # input index
    k = np.arange(n, dtype=np.float64)[None, :]  # output index
    if kind == 1:
        m = 2.0 * np.cos(np.pi * i * k / (n - 1))
        m[0, :], m[-1, :] = 1.0, (-1.0) ** np.arange(n)
        return m
    if kind == 2:
        m = 2.0 * np.cos(np.pi * k * (2 * i + 1) / (2 * n))
        if norm == "ortho":
            m[:, 0] *= np.sqrt(1.0 / (4 * n))
            m[:, 1:] *= np.sqrt(1.0 / (2 * n))
        return m
    if kind == 3:
        m = 2.0 * np.cos(np.pi * i * (2 * k + 1) / (2 * n))
        m[0, :] = 1.0
        if norm == "ortho":
            m[0, :] *= np.sqrt(1.0 / n)
            m[1:, :] *= np.sqrt(1.0 / (2 * n))
        return m
    m = 2.0 * np.cos(np.pi * (2 * i + 1) * (2 * k + 1) / (4 * n))
    return m * np.sqrt(1.0 / (2 * n)) if norm == "ortho" else m


def _check_dct(x: Tensor, kind: int, n: Any, axis: int, norm: Any) -> int:
    if kind not in (1, 2, 3, 4):
        raise error("INVALID_ATTR", f"Types I, II, III and IV (I)DCT are supported, got {kind}")
    if axis != -1:
        raise error("UNIMPLEMENTED", f"axis must be -1. Got: {axis}")
    if norm not in (None, "ortho"):
        raise error("INVALID_ATTR", f"Unknown normalization. Expected None or 'ortho', got: {norm}")
    if kind == 1 and norm == "ortho":
        raise error("INVALID_ATTR", "Normalization not supported for type-I DCT.")
    shape = x.static_shape
    if x.dtype not in (_dt.float32, _dt.float64):
        raise error("DTYPE_MISMATCH", f"dct needs float32 or float64 input, got {x.dtype.name}")
    if shape is None or not shape or shape[-1] is None:
        raise error("UNIMPLEMENTED", "graphgate's dct needs the last axis's size known")
    size = shape[-1] if n is None else operator.index(n)
    if size < 1 or (kind == 1 and size < 2):
        raise error("INVALID_ATTR", f"n must be positive (and > 1 for type I), got {size}")
    return size


def dct(input, type=2, n=None, axis=-1, norm=None, name=None) -> Tensor:
    """TF's discrete cosine transform (types I-IV, `norm` None or "ortho") of the last axis,
    `n` truncating or zero-padding it: a product with the real cosine basis (TF computes it
    through an FFT; the two agree to rounding)."""
    from . import concat, constant, matmul, pad, reshape
    from . import shape as array_shape
    from . import slice as slice_

    with name_scope(name, "dct"):
        x = convert_to_tensor(input, name="input")
        size = _check_dct(x, type, n, axis, norm)
        shape = x.static_shape
        if size < shape[-1]:
            x = slice_(x, [0] * len(shape), [*(-1 for _ in shape[:-1]), size])
        elif size > shape[-1]:
            x = pad(x, [[0, 0]] * (len(shape) - 1) + [[0, size - shape[-1]]])
        basis = constant(_dct_matrix(type, size, norm), dtype=x.dtype)
        flat = reshape(x, [-1, size])
        outer = shape[:-1]
        if sum(d is None for d in outer) > 1:  # one -1 cannot stand for them: the run's sizes
            outer = array_shape(x, out_type=_dt.int32)[:-1]
            return reshape(matmul(flat, basis), concat([outer, [size]], 0))
        return reshape(matmul(flat, basis), [*(d if d is not None else -1 for d in outer), size])


def idct(input, type=2, n=None, axis=-1, norm=None, name=None) -> Tensor:
    """The inverse DCT as TF defines it: the DCT of the inverse type (I<->I, II<->III,
    IV<->IV), exact inverse when `norm="ortho"`."""
    inverse = {1: 1, 2: 3, 3: 2, 4: 4}.get(type, type)
    return dct(input, type=inverse, n=n, axis=axis, norm=norm, name=name or "idct")


def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None) -> Tensor:
    """TF's MFCCs: the type-II DCT of log-mel spectrograms scaled by 1/sqrt(2 * bins)."""
    from . import cast, rsqrt

    with name_scope(name, "mfccs_from_log_mel_spectrograms"):
        x = convert_to_tensor(log_mel_spectrograms)
        shape = x.static_shape
        if shape is None or not shape or shape[-1] is None:
            raise error("UNIMPLEMENTED", "graphgate's mfccs need the number of mel bins known")
        if shape[-1] == 0:
            raise error("INVALID_ATTR", f"num_mel_bins must be positive. Got: {shape[-1]}")
        dct2 = dct(x, type=2)
        return dct2 * rsqrt(cast(shape[-1], dct2.dtype) * 2.0)


def _hertz_to_mel(frequencies_hertz):
    from . import log

    return 1127.0 * log(1.0 + frequencies_hertz / 700.0)


def linear_to_mel_weight_matrix(
    num_mel_bins=20,
    num_spectrogram_bins=129,
    sample_rate=8000,
    lower_edge_hertz=125.0,
    upper_edge_hertz=3800.0,
    dtype=_dt.float32,
    name=None,
) -> Tensor:
    """TF's [spectrogram bins, mel bins] matrix of triangular mel filters, built with TF's
    ops in TF's order (the DC bin's row zero)."""
    from . import constant, linspace, maximum, minimum, pad, reshape, split

    dtype = _dt.as_dtype(dtype)
    if dtype not in _dt.FLOATS:
        raise error("INVALID_ATTR", f"dtype must be a floating point type. Got: {dtype.name}")
    if num_mel_bins <= 0 or num_spectrogram_bins <= 0 or sample_rate <= 0:
        raise error(
            "INVALID_ATTR", "num_mel_bins, num_spectrogram_bins and sample_rate must be positive"
        )
    if not 0.0 <= lower_edge_hertz < upper_edge_hertz <= sample_rate / 2.0:
        raise error(
            "INVALID_ATTR",
            f"need 0 <= lower_edge_hertz ({lower_edge_hertz}) < upper_edge_hertz "
            f"({upper_edge_hertz}) <= sample_rate / 2 ({sample_rate / 2.0})",
        )
    with name_scope(name, "linear_to_mel_weight_matrix") as scope:
        zero = constant(0.0, dtype=dtype)
        nyquist = constant(sample_rate / 2.0, dtype=dtype)
        frequencies = linspace(zero, nyquist, num_spectrogram_bins)[1:]
        bins_mel = reshape(_hertz_to_mel(frequencies), [-1, 1])
        low = _hertz_to_mel(constant(float(lower_edge_hertz), dtype=dtype))
        high = _hertz_to_mel(constant(float(upper_edge_hertz), dtype=dtype))
        edges = frame(linspace(low, high, num_mel_bins + 2), frame_length=3, frame_step=1)
        lower, center, upper = (reshape(t, [1, num_mel_bins]) for t in split(edges, 3, axis=1))
        lower_slopes = (bins_mel - lower) / (center - lower)
        upper_slopes = (upper - bins_mel) / (upper - center)
        weights = maximum(zero, minimum(lower_slopes, upper_slopes))
        return pad(weights, [[1, 0], [0, 0]], name=scope)


# -- the Fourier transforms (ops/fft_ops.py) ----------------------------------------------------


def _fft_op(type_: str, rank: int):
    def api(input, name=None) -> Tensor:
        from .ops import fft_ops  # noqa: F401 - registers the op

        x = convert_to_tensor(input, name="input")
        return x.op.graph.create_op(type_, (x,), None, name or type_).outputs[0]

    api.__name__ = type_.lower()
    api.__doc__ = f"TF's `{type_}`: the {'inverse ' if 'I' in type_[:1] else ''}discrete " + (
        f"Fourier transform of the innermost {rank} axes of a complex tensor."
    )
    return api


fft, ifft = _fft_op("FFT", 1), _fft_op("IFFT", 1)
fft2d, ifft2d = _fft_op("FFT2D", 2), _fft_op("IFFT2D", 2)
fft3d, ifft3d = _fft_op("FFT3D", 3), _fft_op("IFFT3D", 3)


def _static_lengths(value: Any, rank: int, what: str) -> list[int]:
    from .ops.shape_values import static_arg

    lengths = static_arg(value, f"{what}'s fft_length")
    lengths = [operator.index(int(v)) for v in np.asarray(lengths).reshape(-1)]
    if len(lengths) != rank:
        raise error("INVALID_ATTR", f"{what} needs fft_length of {rank} values, got {lengths}")
    return lengths


def _real_fft_op(type_: str, rank: int, inverse: bool):
    default = type_.lower()

    def api(input_tensor, fft_length=None, name=None) -> Tensor:
        from .ops import fft_ops  # noqa: F401 - registers the op

        with name_scope(name, default) as scope:
            x = convert_to_tensor(input_tensor, name="input_tensor")
            if inverse and x.dtype not in _dt.COMPLEX:
                x = convert_to_tensor(x, dtype=_dt.complex64)
            elif not inverse and x.dtype in _dt.INTS:
                x = convert_to_tensor(x, dtype=_dt.float32)
            elif not inverse and x.dtype in _dt.COMPLEX:  # TF's wrapper: ValueError
                raise error(
                    "DTYPE_MISMATCH",
                    f"{type_} requires float32 or float64 inputs, got {x.dtype.name}",
                    also=(ValueError,),
                )
            lengths = _default_lengths(x, rank, inverse) if fft_length is None else None
            lengths = lengths or _static_lengths(fft_length, rank, default)
            attrs = {"fft_length": lengths}
            return x.op.graph.create_op(type_, (x,), attrs, scope).outputs[0]

    api.__name__ = default
    api.__doc__ = f"TF's `{default}` of the innermost {rank} axes; `fft_length` (known when "
    "building) crops or zero-pads them first."
    return api


def _default_lengths(x: Tensor, rank: int, inverse: bool) -> list[int]:
    shape = x.static_shape
    if shape is None or len(shape) < rank or None in shape[len(shape) - rank :]:
        raise error(
            "UNIMPLEMENTED", "graphgate's real FFTs need fft_length or the axes' sizes known"
        )
    lengths = list(shape[len(shape) - rank :])
    if inverse:  # TF: the last axis holds n // 2 + 1 bins of an even n
        lengths[-1] = max(0, 2 * (lengths[-1] - 1))
    return lengths


rfft, irfft = _real_fft_op("RFFT", 1, False), _real_fft_op("IRFFT", 1, True)
rfft2d, irfft2d = _real_fft_op("RFFT2D", 2, False), _real_fft_op("IRFFT2D", 2, True)
rfft3d, irfft3d = _real_fft_op("RFFT3D", 3, False), _real_fft_op("IRFFT3D", 3, True)


def overlap_and_add(signal, frame_step, name=None) -> Tensor:
    """TF's overlap-add of frames [..., frames, frame_length], `frame_step` apart."""
    from .ops.fft_ops import overlap_and_add as _overlap

    return _overlap(signal, frame_step, name)


def _enclosing_power_of_two(n: int) -> int:
    return 1 << max(int(n) - 1, 0).bit_length()


def stft(
    signals,
    frame_length,
    frame_step,
    fft_length=None,
    window_fn=hann_window,
    pad_end=False,
    name=None,
) -> Tensor:
    """TF's short-time Fourier transform: frames of the signal times the window, each
    RFFT'd to fft_length (the power of two enclosing frame_length by default)."""
    with name_scope(name, "stft"):
        signals = convert_to_tensor(signals, name="signals")
        length = _static_int(frame_length)
        if length is None:
            raise error("UNIMPLEMENTED", "graphgate's stft needs a constant frame_length")
        n = _enclosing_power_of_two(length) if fft_length is None else _static_int(fft_length)
        framed = frame(signals, length, frame_step, pad_end=pad_end)
        if window_fn is not None:
            framed = framed * window_fn(length, dtype=framed.dtype)
        return rfft(framed, [n])


def inverse_stft(
    stfts,
    frame_length,
    frame_step,
    fft_length=None,
    window_fn=hann_window,
    name=None,
) -> Tensor:
    """TF's inverse STFT: each frame IRFFT'd, cut or padded to frame_length, windowed and
    overlap-added (`inverse_stft_window_fn` makes the window that inverts `stft`'s)."""
    from . import pad

    with name_scope(name, "inverse_stft"):
        stfts = convert_to_tensor(stfts, name="stfts")
        length = _static_int(frame_length)
        if length is None:
            raise error("UNIMPLEMENTED", "graphgate's inverse_stft needs a constant frame_length")
        n = _enclosing_power_of_two(length) if fft_length is None else _static_int(fft_length)
        frames = irfft(stfts, [n])
        if frames.static_shape is None:
            raise error("UNIMPLEMENTED", "graphgate's inverse_stft needs the stfts' rank known")
        rank = len(frames.static_shape)
        if n > length:
            frames = frames[..., :length]
        elif n < length:
            frames = pad(frames, [[0, 0]] * (rank - 1) + [[0, length - n]])
        if window_fn is not None:
            frames = frames * window_fn(length, dtype=stfts.dtype.real_dtype)
        return overlap_and_add(frames, frame_step)


def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """TF's window for `inverse_stft` that undoes `stft` with `forward_window_fn` (Griffin
    and Lim's equation 7: the window over the sum of its overlapping squares)."""

    def window_fn(frame_length, dtype):
        from . import pad, reduce_sum, reshape, square, tile

        with name_scope(name, "inverse_stft_window_fn"):
            step, length = _static_int(frame_step), _static_int(frame_length)
            if step is None or length is None:
                raise error(
                    "UNIMPLEMENTED", "graphgate's inverse_stft_window_fn needs constant lengths"
                )
            forward = forward_window_fn(length, dtype=dtype)
            overlaps = -(-length // step)
            denom = pad(square(forward), [(0, overlaps * step - length)])
            denom = reduce_sum(reshape(denom, [overlaps, step]), 0, keepdims=True)
            denom = reshape(tile(denom, [overlaps, 1]), [overlaps * step])
            return forward / denom[:length]

    return window_fn


# Not written yet: refused with the reason rather than AttributeError.
_MISSING = ("mdct", "inverse_mdct")


def _refused(what: str):
    def refuse(*args, **kwargs):
        raise error("UNIMPLEMENTED", f"graphgate does not implement tf.signal.{what} yet")

    refuse.__name__ = what
    return refuse


for _name in _MISSING:
    globals()[_name] = _refused(_name)

_COMPLEX = (
    "fft",
    "fft2d",
    "fft3d",
    "ifft",
    "ifft2d",
    "ifft3d",
    "rfft",
    "rfft2d",
    "rfft3d",
    "irfft",
    "irfft2d",
    "irfft3d",
    "stft",
    "inverse_stft",
    "overlap_and_add",
)

__all__ = [
    "dct",
    "fftshift",
    "frame",
    "hamming_window",
    "hann_window",
    "idct",
    "ifftshift",
    "inverse_stft_window_fn",
    "kaiser_bessel_derived_window",
    "kaiser_window",
    "linear_to_mel_weight_matrix",
    "mfccs_from_log_mel_spectrograms",
    "vorbis_window",
    *_COMPLEX,
    *_MISSING,
]
