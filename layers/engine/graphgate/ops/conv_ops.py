"""Convolution, pooling and bias_add over NHWC images: forward, inference and gradient.

Kernels are vectorized: a strided window view of the padded input, copied once into a
contiguous patch matrix (im2col), meets the filter in one BLAS matmul; the input gradients
(col2im) loop over the kernel's KH x KW offsets, never over pixels.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .. import dtypes as _dt
from .. import fusion as _fusion
from ..errors import UnimplementedError, error
from ..graph import Tensor, as_tensors, constant_op
from ..limits import check_run_time_size, check_working_bytes, deadline_exceeded
from ..op_results import op_result
from . import complex_ops as _complex_ops
from .array_ops import shape as _shape_of
from .array_ops import zeros_like
from .registry import (
    REQUIRED,
    InferenceError,
    check_dtype,
    merge_dim,
    narrow_rows,
    register_gradient,
    register_op,
    same_dtypes,
    sum_narrow_rows,
    without_gradient,
)
from .shape_values import run_time_shape, shape_tensor, static_hint, static_ints

_PADDINGS = ("SAME", "VALID")
_CONV_ATTRS = {
    "strides": ("ints", REQUIRED),
    "padding": ("str", REQUIRED),
    "dilations": ("ints", (1, 1, 1, 1)),
    "data_format": ("str", "NHWC"),
    # With padding "EXPLICIT": [before, after] for N, H, W, C, flattened (TF's attribute).
    "explicit_paddings": ("ints", ()),
}
_POOL_ATTRS = {
    "ksize": ("ints", REQUIRED),
    "strides": ("ints", REQUIRED),
    "padding": ("str", REQUIRED),
    "data_format": ("str", "NHWC"),
}


# -- geometry ------------------------------------------------------------------------------


def out_size(
    size: int | None, k: int | None, stride: int, dilation: int, padding: str
) -> int | None:
    """TensorFlow's output length along one spatial axis (None: not known statically; a
    window of unknown size, an imported filter computed at run time, leaves a VALID or
    explicit padding's unknown)."""
    if size is None:
        return None
    if isinstance(padding, tuple):  # explicit (before, after)
        size, padding = size + padding[0] + padding[1], "VALID"
    if padding == "SAME":
        return -(-size // stride)
    if k is None:
        return None
    return -(-(size - (k - 1) * dilation) // stride)


def valid_windows(size: int, eff: int, stride: int) -> int:
    """How many windows of `eff` at `stride` a VALID patch extraction (image or volume)
    takes from `size`, as TF's GetWindowedOutputSize counts them: (size - eff + stride) /
    stride in C's division, which truncates toward zero, so a window past the input by
    less than a stride leaves no patches and one past it by a stride or more is refused
    (TF's ValueError when built, InvalidArgumentError when run)."""
    ahead = size - eff + stride
    if ahead <= -stride:
        raise error(
            "SHAPE_MISMATCH",
            f"Computed output size would be negative: {-(-ahead // stride)} [input_size: "
            f"{size}, effective_filter_size: {eff}, stride: {stride}]",
        )
    return max(ahead, 0) // stride


def _pads(size: int, out: int, k: int, stride: int, dilation: int, padding: str):
    """(before, after) padding; SAME puts the odd element after, as TensorFlow does."""
    if isinstance(padding, tuple):
        return padding
    if padding == "VALID":
        return 0, 0
    total = max((out - 1) * stride + (k - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


def _check_attrs(attrs: dict, window_attr: str | None = None, explicit_ok: bool = False) -> None:
    """`explicit_ok`: a window op that takes EXPLICIT padding (MaxPool, as TF's)."""
    if attrs.get("data_format", "NHWC") != "NHWC":
        raise InferenceError(
            "INVALID_ATTR",
            f"data_format {attrs['data_format']!r} is not supported; graphgate computes NHWC",
        )
    allowed = _PADDINGS if window_attr and not explicit_ok else (*_PADDINGS, "EXPLICIT")
    if attrs["padding"] not in allowed:
        raise InferenceError(
            "INVALID_ATTR", f"padding must be one of {list(allowed)}, got {attrs['padding']!r}"
        )
    explicit = attrs.get("explicit_paddings", ())
    if (attrs["padding"] == "EXPLICIT") != bool(explicit) or (
        explicit
        and (len(explicit) != 8 or min(explicit) < 0 or any(explicit[i] for i in (0, 1, 6, 7)))
    ):
        raise InferenceError(
            "INVALID_ATTR",
            f"explicit_paddings {list(explicit)} must be 4 non-negative [before, after] "
            "pairs, zero for the batch and depth, given with padding EXPLICIT",
        )
    names = ["strides", "dilations"] + ([window_attr] if window_attr else [])
    for name in names:
        v = attrs.get(name, (1, 1, 1, 1))
        if len(v) != 4 or min(v) < 1:
            raise InferenceError("INVALID_ATTR", f"{name} must be 4 positive ints, got {list(v)}")
        if v[0] != 1 or v[3] != 1:
            # TF's kernels refuse these when run, with UnimplementedError.
            raise error(
                "INVALID_ATTR",
                f"{name} {list(v)}: the batch and depth dimensions must be 1 in NHWC",
                also=(UnimplementedError,),
            )


def _axis_paddings(attrs) -> list:
    """Per spatial axis: "SAME", "VALID", or an explicit (before, after) pair."""
    if attrs["padding"] != "EXPLICIT":
        return [attrs["padding"]] * 2
    p = attrs["explicit_paddings"]
    return [(p[2], p[3]), (p[4], p[5])]


def _spatial_out(shape, k, attrs):
    """Static (out_h, out_w), raising when a VALID window does not fit (SAME over an
    empty axis is empty, as TF's)."""
    s, d = attrs["strides"], attrs.get("dilations", (1, 1, 1, 1))
    paddings = _axis_paddings(attrs)
    outs = []
    for axis in (1, 2):
        kk = k[axis - 1]
        o = out_size(shape[axis], kk, s[axis], d[axis], paddings[axis - 1])
        if o is not None and kk is not None and o <= 0 and paddings[axis - 1] != "SAME":
            raise InferenceError(
                "SHAPE_MISMATCH",
                f"a window of {(kk - 1) * d[axis] + 1} does not fit in an input of "
                f"{shape[axis]} with VALID padding",
            )
        outs.append(o)
    return outs


def _require4(shape, what):
    if shape is not None and len(shape) != 4:
        raise InferenceError("SHAPE_MISMATCH", f"{what} must have rank 4, got {list(shape)}")


def _rank4(shape, what) -> tuple:
    """A 4-D shape; an input of unknown rank is taken as 4-D (TF's `WithRank(x, 4)`), as
    Deep Dream's `expand_dims` of a shapeless image placeholder is, and checked when run."""
    _require4(shape, what)
    return (None,) * 4 if shape is None else shape


def _check_rank4(x, what):
    if np.ndim(x) != 4:
        raise error("SHAPE_MISMATCH", f"{what} must have rank 4, got {list(np.shape(x))}")


def run_time_sizes(op, sizes, rank: int | None = None, state: Any = ()) -> tuple[int, ...]:
    """A shape given as a tensor (output_shape, input_sizes): `shape_values.run_time_shape`,
    and within the run's `max_tensor_elements` when the kernel has the run state."""
    out = run_time_shape(op, sizes, "the shape", rank)
    if state:
        check_run_time_size(state[0], op, out)
    return out


# Patch matrices are built this many elements at a time (64 MB of float32), so a
# convolution's memory stays near the size of its input and output.
_PATCH_ELEMENTS = 1 << 24


def _deadline_check(op, state):
    """What a kernel calls after each block of its work: DEADLINE_EXCEEDED at `op` once the
    run is late, so one convolution cannot run far past its budget (a no-op without the
    run state, when constant folding)."""
    if not state:
        return _never_late
    run = state[0]

    def check():
        if run.late():
            raise deadline_exceeded(op)

    return check


def _never_late() -> None:
    return None


def _checked(check) -> None:
    if check is not None:
        check()


def nothing_to_compute(shape, dtype, *arrays) -> np.ndarray | None:
    """Zeros of `shape` where it or one of `arrays` holds no element, else None: TF's
    window kernels return before computing there (an empty batch, image or filter, SAME
    over an empty axis), and a sum over no element is 0."""
    if all(shape) and all(a.size for a in arrays):
        return None
    return np.zeros(shape, dtype)


def _require_shape(value, shape, what: str) -> None:
    """A gradient kernel's input whose shape is not its pooling's would broadcast into a
    wrong answer: refused as TF's kernels refuse it."""
    if np.shape(value) != tuple(shape):
        raise error(
            "SHAPE_MISMATCH", f"{what} has shape {list(np.shape(value))}, expected {list(shape)}"
        )


# Padding made without the run state (constant folding, which has no limits): past this
# the fold is skipped and the run computes the value, within its limits.
_FOLD_PADDING_BYTES = 1 << 24


def padding_budget(op, state):
    """What holding `n` bytes of padding is checked against. TF's kernels read a window's
    padding without making it; graphgate pads the input first, so a window far wider
    than its input (SAME padding under a 40,000-wide pool, or a dilation of 40,000 over a
    4x4 image) would hold gigabytes for an output of 16 elements: held to the run's
    working memory (`check_working_bytes`), and while folding to a small bound."""
    if state:
        return lambda n: check_working_bytes(state[0], op, n)

    def folding(n: int) -> None:
        if n > _FOLD_PADDING_BYTES:
            raise error("TENSOR_TOO_LARGE", "padding too large to fold", node=op.name)

    return folding


def _any_padding(n: int) -> None:
    return None


def padding_bytes(shape, padded, dtype) -> int:
    """The bytes an array of `padded` shape holds beyond one of `shape`."""
    extra = int(np.prod(padded, dtype=object)) - int(np.prod(shape, dtype=object))
    return extra * np.dtype(dtype).itemsize


# Pooling accumulates this many output elements at a time (128 KB of float32: in L2).
_POOL_BLOCK = 1 << 15


def _blocks(n: int, rows: int, row: int, size: int):
    """(image slice, first row, end row) blocks of about `size` elements of an [n, rows,
    row] output: whole images while one fits, else bands of rows of one image."""
    if rows * row <= size:
        step = max(1, size // max(rows * row, 1))
        return [(slice(b, b + step), 0, rows) for b in range(0, n, step)]
    band = max(1, size // row)
    return [
        (slice(b, b + 1), r, min(r + band, rows)) for b in range(n) for r in range(0, rows, band)
    ]


class _Geometry:
    """Run-time sizes of one convolution or pooling."""

    __slots__ = ("budget", "check", "d", "k", "out", "pads", "s")

    def __init__(self, hw, k, strides, dilations, paddings, budget=_any_padding, check=_never_late):
        self.k, self.s, self.d = k, strides[1:3], dilations[1:3]
        # What bounds its padding, and the deadline read after each row of window
        # offsets: a pool 9,000 wide is 81M offsets, each a pass in Python.
        self.budget, self.check = budget, check
        self.out = [out_size(hw[i], k[i], self.s[i], self.d[i], paddings[i]) for i in (0, 1)]
        # SAME over an empty axis is an empty output, as TF's.
        if any(o <= 0 and p != "SAME" for o, p in zip(self.out, paddings, strict=True)):
            raise error(
                "SHAPE_MISMATCH",
                f"a {k[0]}x{k[1]} window does not fit in a {hw[0]}x{hw[1]} input "
                "with VALID padding",
            )
        self.pads = [
            _pads(hw[i], self.out[i], k[i], self.s[i], self.d[i], paddings[i]) for i in (0, 1)
        ]

    def pad(self, x, value=0):
        (t, b), (lft, r) = self.pads
        if t == b == lft == r == 0:
            return x
        self.hold(x.shape, x.dtype)
        return np.pad(x, ((0, 0), (t, b), (lft, r), (0, 0)), constant_values=value)

    def hold(self, shape, dtype) -> None:
        """Check, before it is made, the padding of an array of `shape` padded."""
        self.budget(padding_bytes(shape, self.padded_shape(shape), dtype))

    def windows(self, xp):
        """[N, OH, OW, C, KH, KW], a view of the padded input."""
        (kh, kw), (sh, sw), (dh, dw), (oh, ow) = self.k, self.s, self.d, self.out
        v = sliding_window_view(xp, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(1, 2))
        return v[:, : (oh - 1) * sh + 1 : sh, : (ow - 1) * sw + 1 : sw, :, ::dh, ::dw]

    def reduce_windows(self, xp, ufunc, initial=None):
        """`ufunc` folded over each window of the padded `xp`: [N, OH, OW, C].

        One strided pass per window offset, accumulating in row-major window order (the
        order, and so the bits, of numpy's reduction over `windows`), in blocks of about
        `_POOL_BLOCK` output elements so that the accumulator stays in cache. numpy's own
        reduction over the window view walks two to nine elements per inner loop: 10-100x
        slower with few channels, 2-5x with many. The fold starts from `initial` (TF's max
        pool starts at the lowest value), else the ufunc's identity, else the first offset:
        within the first pass, not a pass of its own."""
        (kh, kw), (sh, sw), (dh, dw), (oh, ow) = self.k, self.s, self.d, self.out
        n, c = xp.shape[0], xp.shape[3]
        out = np.empty((n, oh, ow, c), xp.dtype)
        start = ufunc.identity if initial is None else initial
        for images, r0, r1 in _blocks(n, oh, max(ow * c, 1), _POOL_BLOCK):
            acc, src, m = out[images, r0:r1], xp[images, r0 * sh :], r1 - r0
            for i in range(kh):
                for j in range(kw):
                    window = src[:, i * dh : i * dh + (m - 1) * sh + 1 : sh]
                    window = window[:, :, j * dw : j * dw + (ow - 1) * sw + 1 : sw]
                    if i == j == 0 and start is None:
                        acc[...] = window
                    elif i == j == 0:  # from the identity, as numpy (and TF): 0 + -0.0 is 0.0
                        ufunc(window, start, out=acc)
                    else:
                        ufunc(acc, window, out=acc)
                self.check()
        return out

    def offsets(self, xp, rows=None):
        """(i, j, the window offset's strided slice of `xp`) for each offset of the
        windows, in row-major order; `rows` = (first, end) output rows limit the slices."""
        (kh, kw), (sh, sw), (dh, dw), (oh, ow) = self.k, self.s, self.d, self.out
        r0, r1 = (0, oh) if rows is None else rows
        src, m = xp[:, r0 * sh :], r1 - r0
        for i in range(kh):
            band = src[:, i * dh : i * dh + (m - 1) * sh + 1 : sh]
            for j in range(kw):
                yield i, j, band[:, :, j * dw : j * dw + (ow - 1) * sw + 1 : sw]
            self.check()

    def padded_shape(self, shape):
        (t, b), (lft, r) = self.pads
        return (shape[0], shape[1] + t + b, shape[2] + lft + r, shape[3])

    def max_pool(self, x):
        """TF's max pool of `x`: each window from the dtype's lowest value, an element taken
        only when larger (`max < x` in TF's kernel), so NaN is passed over, -inf pools to
        the lowest finite value, padding never counts, and of equal zeros the first one's
        sign stays."""
        if x.dtype.kind != "f":
            return self.reduce_windows(self.pad(x, _lowest(x.dtype)), np.maximum)
        xp = self.pad(x, np.nan)  # fmax passes NaN over: padding and NaN alike
        y = self.reduce_windows(xp, np.fmax, initial=np.finfo(x.dtype).min)
        zero = y == 0
        if zero.any() and (np.signbit(x) & (x == 0)).any():
            # fmax picks a zero's sign by where the element sits in its SIMD lane.
            first = np.where(zero, self.first_equal(xp, y, None), 0)  # others: no zero
            y[zero] = self.at(xp, first)[zero]
        return y

    def window_argmax(self, x):
        """For each window of `x` (unpadded), [N, OH, OW, C], the row-major offset of the
        element TF's MaxPoolGrad and MaxPoolWithArgmax route the window's gradient to:
        their kernels start at the window's first element inside the input and move only
        to a larger one, so the first maximum with NaN passed over and padding never —
        unless that first element is NaN, which nothing is larger than, and then it."""
        xp, inside = self.padded_to_match(x)
        top = self.reduce_windows(xp, np.fmax if inside is None else np.maximum)
        arg = self.first_equal(xp, top, inside)
        # One pass over x spares gathering each window's first element when none is NaN.
        if inside is None and np.isnan(x).any():
            first = self._first_inside(x.shape)
            lead_nan = np.isnan(self.at(xp, np.broadcast_to(first, arg.shape)))
            arg = np.where(lead_nan, first, arg)
        return arg

    def padded_to_match(self, x):
        """(padded `x`, a mask of the input inside the padding or None) for `first_equal`,
        so that padding never matches: NaN for floats (NaN equals nothing, and fmax passes
        it over), else the lowest value, which may tie with the input, and the mask."""
        if x.dtype.kind == "f":
            return self.pad(x, np.nan), None
        return self.pad(x, _lowest(x.dtype)), self.pad(np.ones((1, *x.shape[1:3], 1), bool), False)

    def _first_inside(self, shape):
        """[1, OH, OW, 1]: each window's offset of its first element inside the input."""
        heads = []
        for axis in (0, 1):
            k, s, d, lo = self.k[axis], self.s[axis], self.d[axis], self.pads[axis][0]
            taps = np.arange(self.out[axis])[:, None] * s + np.arange(k) * d - lo
            heads.append(((taps >= 0) & (taps < shape[axis + 1])).argmax(1))
        rows, cols = heads
        return (rows[:, None] * self.k[1] + cols[None, :])[None, :, :, None].astype(np.int32)

    def at(self, xp, arg):
        """The elements of the padded `xp` at each window's offset `arg`, [N, OH, OW, C]."""
        (oh, ow), (sh, sw), (dh, dw), kw = self.out, self.s, self.d, self.k[1]
        rows = np.arange(oh)[None, :, None, None] * sh + (arg // kw) * dh
        cols = np.arange(ow)[None, None, :, None] * sw + (arg % kw) * dw
        n, c = xp.shape[0], xp.shape[3]
        return xp[np.arange(n)[:, None, None, None], rows, cols, np.arange(c)]

    def first_equal(self, xp, top, inside):
        """For each window of the padded `xp`, the row-major offset of its first element
        equal to `top` (and `inside`, where given) — `top.shape[-1]`'s worth of windows.

        Branch-free passes per offset in cache-sized blocks: a mask where the window equals
        `top`, times (window size - offset), kept by `np.maximum`, so the first offset wins.
        Masked copies (`copyto(where=)`, `np.where`) mispredict on every other element:
        10-15x slower. A window with no such element answers the window size."""
        kh, kw = self.k
        size = kh * kw
        code = np.uint8 if size < 256 else np.uint32
        last = np.zeros(top.shape, code)
        for images, r0, r1 in _blocks(
            xp.shape[0], self.out[0], top.shape[2] * top.shape[3], _POOL_BLOCK
        ):
            best, found = top[images, r0:r1], last[images, r0:r1]
            hit, term = np.empty(best.shape, bool), np.empty(best.shape, code)
            masks = self.offsets(inside, (r0, r1)) if inside is not None else None
            for i, j, window in self.offsets(xp[images], (r0, r1)):
                np.equal(window, best, out=hit)
                if masks is not None:
                    hit &= next(masks)[2]
                np.multiply(hit, code(size - (i * kw + j)), out=term)
                np.maximum(found, term, out=found)
        return np.subtract(size, last, dtype=np.int32)

    def route(self, arg, g, padded_shape):
        """The padded input's gradient: each window's `g` added at the offset `arg` names,
        in `g`'s dtype and, where windows overlap, in TensorFlow's order: by output
        position (blocks in order, and within a block the offsets backwards — a pixel's
        later windows hold it at smaller offsets), so that sums round as TF's do."""
        kw = self.k[1]
        dxp = np.zeros(padded_shape, g.dtype)
        # g's bits where the offset holds the maximum, else zero: `g * mask` would turn an
        # infinite gradient elsewhere into NaN, and a masked copy is slow (above).
        bits = g.view(np.dtype(f"i{g.dtype.itemsize}"))
        for images, r0, r1 in _blocks(
            g.shape[0], self.out[0], g.shape[2] * g.shape[3], _POOL_BLOCK
        ):
            where, grad = arg[images, r0:r1], bits[images, r0:r1]
            mask, keep = np.empty(where.shape, bool), np.empty(where.shape, bits.dtype)
            part = np.empty(where.shape, g.dtype)
            for i, j, pixels in reversed(list(self.offsets(dxp[images], (r0, r1)))):
                np.equal(where, i * kw + j, out=mask)
                np.negative(mask, out=keep, dtype=keep.dtype)
                np.bitwise_and(grad, keep, out=part.view(bits.dtype))
                pixels += part
        return dxp

    def im2col(self, xp, rows=None):
        """The contiguous [N*OH*OW, KH*KW*C] patch matrix (of output rows `rows`, a (first,
        end) pair, when given); C innermost copies fastest from NHWC and matches a [KH, KW,
        C, O] filter reshaped to [KH*KW*C, O]."""
        v = self.windows(xp)
        if rows is not None:
            v = v[:, rows[0] : rows[1]]
        v = v.transpose(0, 1, 2, 4, 5, 3)
        n, oh, ow, kh, kw, c = v.shape
        return np.ascontiguousarray(v).reshape(n * oh * ow, kh * kw * c)

    def patch_blocks(self, n, depth):
        """(image slice, first row, end row) blocks whose patch matrices hold about
        `_PATCH_ELEMENTS`: whole images while one fits, else bands of output rows. One
        image's patches alone can be KH*KW times its input (a 500x500x32 image under an
        11x11 filter: 3.9 GB, from tensors each inside the run's limits)."""
        row = self.out[1] * self.k[0] * self.k[1] * depth
        return _blocks(n, self.out[0], row, _PATCH_ELEMENTS)

    def conv(self, xp, f, check=None):
        """[N, OH, OW, O]: the patches of padded `xp` times the [KH, KW, C, O] filter."""
        n, o = xp.shape[0], f.shape[3]
        out = np.empty((n, *self.out, o), np.result_type(xp, f))
        f2 = f.reshape(-1, o)
        for images, r0, r1 in self.patch_blocks(n, xp.shape[3]):
            cols = self.im2col(xp[images], (r0, r1))
            out[images, r0:r1] = (cols @ f2).reshape(-1, r1 - r0, self.out[1], o)
            _checked(check)
        return out

    def filter_grad(self, xp, g, check=None):
        """[KH*KW*C, O]: the patches of `xp` against the output gradient `g`."""
        o, c = g.shape[3], xp.shape[3]
        # Zeros to start: an empty batch has no blocks, and its filter gradient is 0.
        total = np.zeros((self.k[0] * self.k[1] * c, o), np.result_type(xp, g))
        for images, r0, r1 in self.patch_blocks(xp.shape[0], c):
            total += (g[images, r0:r1].reshape(-1, o).T @ self.im2col(xp[images], (r0, r1))).T
            _checked(check)
        return total

    def col2im(self, patches, xshape, dtype, check=None):
        """Sum the patches [n, rows, OW, KH, KW, C] that `patches(images, r0, r1)` returns
        for each block of `patch_blocks` (output rows r0..r1 of some images) back onto the
        input's pixels, then crop the padding."""
        (kh, kw), (sh, sw), (dh, dw), ow = self.k, self.s, self.d, self.out[1]
        (t, b), (lft, r) = self.pads
        n, h, w, c = xshape
        self.hold(xshape, dtype)
        xp = np.zeros((n, h + t + b, w + lft + r, c), dtype)
        for images, r0, r1 in self.patch_blocks(n, c):
            cols, part = patches(images, r0, r1), xp[images]
            for i in range(kh):
                top = i * dh + r0 * sh
                for j in range(kw):
                    part[
                        :,
                        top : top + (r1 - r0 - 1) * sh + 1 : sh,
                        j * dw : j * dw + (ow - 1) * sw + 1 : sw,
                    ] += cols[:, :, :, i, j]
            _checked(check)
        return xp[:, t : t + h, lft : lft + w]


# -- Conv2D --------------------------------------------------------------------------------


def _conv_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "float")
    _check_attrs(attrs)
    x, f = shapes
    x = _rank4(x, "conv2d's input")
    f = _rank4(f, "conv2d's filter")
    _groups(x[3], f[2], f[3])
    oh, ow = _spatial_out(x, f[:2], attrs)
    return [((x[0], oh, ow, f[3]), dtype)]


def _groups(channels, in_depth, out_depth) -> int | None:
    """How many groups a convolution's input channels fall into: the filter's in_channels
    may divide them (TF's grouped convolution, each group with its share of the filter's
    out_channels), InvalidArgumentError otherwise (TF's ValueError while building)."""
    if channels is None or in_depth is None:
        return None
    if in_depth == 0 or channels % in_depth:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"Depth of input ({channels}) is not a multiple of input depth of filter ({in_depth})",
        )
    groups = channels // in_depth
    if out_depth is not None and out_depth % groups:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"Depth of output ({out_depth}) is not a multiple of the number of groups ({groups})",
        )
    return groups


def _grouped(groups: int, conv, x_parts, f_parts, axis: int):
    """`conv` of each group's share of x and f, joined along `axis` (TF's grouped
    convolution is that of each group's channels with its filters)."""
    if groups == 1:
        return conv(x_parts, f_parts)
    xs = np.split(x_parts, groups, axis=3)
    fs = np.split(f_parts, groups, axis=3)
    return np.concatenate([conv(a, b) for a, b in zip(xs, fs, strict=True)], axis=axis)


def _run_groups(x_channels: int, f: np.ndarray) -> int:
    groups = _groups(x_channels, f.shape[2], f.shape[3])
    return 1 if groups is None else groups


def _geometry(op, hw, k, state) -> _Geometry:
    a = op.attrs
    dilations, paddings = a.get("dilations", (1, 1, 1, 1)), _axis_paddings(a)
    budget, check = padding_budget(op, state), _deadline_check(op, state)
    return _Geometry(hw, k, a["strides"], dilations, paddings, budget, check)


@register_op(
    "Conv2D",
    arity=2,
    infer=_conv_infer,
    attrs=_CONV_ATTRS,
    heavy=True,
    unknown_rank_ok=True,
    needs_state=True,
)
def _conv2d(op):
    def kernel(*args):
        # Called with the run state (its deadline read between bands), or without it when
        # constant folding.
        *state, x, f = args
        _check_rank4(x, "conv2d's input")
        _check_rank4(f, "conv2d's filter")
        groups = _run_groups(x.shape[3], f)
        geo = _geometry(op, x.shape[1:3], f.shape[:2], state)
        empty = nothing_to_compute((x.shape[0], *geo.out, f.shape[3]), x.dtype, x, f)
        if empty is not None:
            return empty
        check = _deadline_check(op, state)
        out = _grouped(groups, lambda a, b: geo.conv(a, b, check), geo.pad(x), f, 3)
        return out.astype(x.dtype, copy=False)

    return kernel


def _sizes_infer(shapes, types, attrs, which):
    check_dtype(types[which], "int", "the sizes input")
    if shapes[which] not in (None, (4,), (None,)):
        raise InferenceError("SHAPE_MISMATCH", "the sizes input must be a vector of 4 ints")


def _hinted(attrs):
    hint = attrs.get("static_shape")
    return (None,) * 4 if hint is None else tuple(hint)


def _backprop_input_infer(shapes, types, attrs):
    _sizes_infer(shapes, types, attrs, 0)
    dtype = same_dtypes(types[1:])
    check_dtype(dtype, "float")
    _check_attrs(attrs)
    f, g = _rank4(shapes[1], "the filter"), _rank4(shapes[2], "the output gradient")
    merge_dim(g[3], f[3], "the output gradient's channels and the filter's out_channels")
    n, h, w, c = _hinted(attrs)
    if _groups(c, f[2], f[3]) is None:  # a grouped convolution's input has more channels
        c = merge_dim(c, f[2], "the output channels and the filter's in_channels")
    out = (merge_dim(n, g[0], "the batch"), h, w, c)
    if h is not None and w is not None and None not in f[:2]:
        oh, ow = _spatial_out(out, f[:2], attrs)
        merge_dim(oh, g[1], f"the output height for an input of height {h}")
        merge_dim(ow, g[2], f"the output width for an input of width {w}")
    return [(out, dtype)]


@register_op(
    "Conv2DBackpropInput",
    arity=3,
    infer=_backprop_input_infer,
    attrs={**_CONV_ATTRS, "static_shape": ("shape", None)},
    heavy=True,
    unknown_rank_ok=True,
    needs_state=True,
)
def _conv2d_backprop_input(op):
    def kernel(*args):
        # Called with the run state, or without it when constant folding.
        *state, sizes, f, g = args
        _check_rank4(f, "the filter")
        _check_rank4(g, "the output gradient")
        sizes = run_time_sizes(op, sizes, 4, state)
        if f.shape[2] == 0 or sizes[3] % f.shape[2]:
            raise error(
                "SHAPE_MISMATCH",
                f"the output shape {list(sizes)} has {sizes[3]} channels, "
                f"the filter {list(f.shape)} makes {f.shape[2]}",
            )
        groups = _run_groups(sizes[3], f)
        geo = _geometry(op, sizes[1:3], f.shape[:2], state)
        if tuple(geo.out) != g.shape[1:3] or sizes[0] != g.shape[0]:
            raise error(
                "SHAPE_MISMATCH",
                f"an input of shape {list(sizes)} convolved with a filter of shape "
                f"{list(f.shape)} gives [{sizes[0]}, {geo.out[0]}, {geo.out[1]}, "
                f"{f.shape[3]}], not the gradient's {list(g.shape)}",
            )
        empty = nothing_to_compute(sizes, g.dtype, f, g)
        if empty is not None:
            return empty
        check = _deadline_check(op, state)

        def one_group(gg, ff):
            kh, kw, c, o = ff.shape
            f2 = ff.reshape(-1, o).T

            def patches(images, r0, r1):
                band = gg[images, r0:r1]
                return (band.reshape(-1, o) @ f2).reshape(*band.shape[:3], kh, kw, c)

            return geo.col2im(patches, (*sizes[:3], c), g.dtype, check)

        return _grouped(groups, one_group, g, f, 3)

    return kernel


def _backprop_filter_infer(shapes, types, attrs):
    _sizes_infer(shapes, types, attrs, 1)
    dtype = same_dtypes([types[0], types[2]])
    check_dtype(dtype, "float")
    _check_attrs(attrs)
    x, g = shapes[0], shapes[2]
    x = _rank4(x, "the input")
    _require4(g, "the output gradient")
    kh, kw, c, o = _hinted(attrs)
    if _groups(x[3], c, o) is None:  # a grouped convolution's filter has fewer in_channels
        c = merge_dim(c, x[3], "in_channels")
    return [((kh, kw, c, merge_dim(o, g[3], "out_channels")), dtype)]


@register_op(
    "Conv2DBackpropFilter",
    arity=3,
    infer=_backprop_filter_infer,
    attrs={**_CONV_ATTRS, "static_shape": ("shape", None)},
    heavy=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _conv2d_backprop_filter(op):
    def kernel(*args):
        # Called with the run state, or without it when constant folding.
        *state, x, sizes, g = args
        sizes = run_time_sizes(op, sizes, 4, state)
        _check_rank4(x, "conv2d's input")
        geo = _geometry(op, x.shape[1:3], sizes[:2], state)
        _require_shape(g, (x.shape[0], *geo.out, sizes[3]), "the output gradient")
        groups = _run_groups(x.shape[3], np.empty((0, 0, sizes[2], sizes[3])))
        empty = nothing_to_compute(sizes, x.dtype, x, g)
        if empty is not None:
            return empty
        check = _deadline_check(op, state)

        def one_group(xp, gg):
            out = geo.filter_grad(xp, gg, check)
            return np.ascontiguousarray(out).reshape(*sizes[:2], xp.shape[3], gg.shape[3])

        return _grouped(groups, one_group, geo.pad(x), g, 3).astype(x.dtype, copy=False)

    return kernel


def _conv_again(x, f, attrs):
    return x.op.graph.create_op("Conv2D", (x, f), attrs, "Conv2D").outputs[0]


def _conv_attrs(op):
    return {k: v for k, v in op.attrs.items() if k in _CONV_ATTRS}


def backprop_input(sizes, f, g, attrs, static_shape, name="Conv2DBackpropInput"):
    """A Conv2DBackpropInput node (shared with `gg.layers`' transposed convolution)."""
    attrs = {**attrs, "static_shape": static_shape}
    return g.op.graph.create_op("Conv2DBackpropInput", (sizes, f, g), attrs, name).outputs[0]


def backprop_filter(x, sizes, g, attrs, static_shape, name="Conv2DBackpropFilter"):
    attrs = {**attrs, "static_shape": static_shape}
    return g.op.graph.create_op("Conv2DBackpropFilter", (x, sizes, g), attrs, name).outputs[0]


@register_gradient("Conv2D")
def _conv2d_grad(op, g):
    x, f = op.inputs
    attrs = _conv_attrs(op)
    return [
        backprop_input(_shape_of(x), f, g, attrs, x.static_shape),
        backprop_filter(x, _shape_of(f), g, attrs, f.static_shape),
    ]


@register_gradient("Conv2DBackpropInput")
def _conv2d_backprop_input_grad(op, g):
    _, f, dy = op.inputs
    attrs = _conv_attrs(op)
    return [
        None,
        backprop_filter(g, _shape_of(f), dy, attrs, f.static_shape),
        _conv_again(g, f, attrs),
    ]


@register_gradient("Conv2DBackpropFilter")
def _conv2d_backprop_filter_grad(op, g):
    x, _, dy = op.inputs
    attrs = _conv_attrs(op)
    return [
        backprop_input(_shape_of(x), g, dy, attrs, x.static_shape),
        None,
        _conv_again(x, g, attrs),
    ]


# -- public API ----------------------------------------------------------------------------


def _four(value: Any, what: str) -> tuple[int, int, int, int]:
    """TensorFlow's spellings of a 2-D window or stride: an int, [h, w] or [1, h, w, 1]."""
    if isinstance(value, int | np.integer):
        v = operator.index(value)
        return (1, v, v, 1)
    try:
        items = tuple(operator.index(v) for v in value)
    except TypeError:
        raise error("INVALID_ATTR", f"{what} must be an int or a list of ints") from None
    if len(items) == 1:
        return (1, items[0], items[0], 1)
    if len(items) == 2:
        return (1, *items, 1)
    if len(items) == 4:
        return items
    raise error("INVALID_ATTR", f"{what} must have 1, 2 or 4 entries, got {list(items)}")


def checked_padding(padding: Any) -> str:
    """ "SAME" or "VALID" from either case; INVALID_ATTR otherwise."""
    if not isinstance(padding, str) or padding.upper() not in _PADDINGS:
        raise error("INVALID_ATTR", f"padding must be 'SAME' or 'VALID', got {padding!r}")
    return padding.upper()


def _conv_padding(padding: Any) -> dict:
    """'SAME', 'VALID', or TF's explicit [[0, 0], [top, bottom], [left, right], [0, 0]]."""
    if isinstance(padding, str) or padding is None:
        return {"padding": checked_padding(padding)}
    try:
        pairs = [tuple(operator.index(v) for v in pair) for pair in padding]
    except TypeError:
        raise error("INVALID_ATTR", f"padding {padding!r} must be a string or 4 pairs") from None
    if len(pairs) != 4 or any(len(p) != 2 for p in pairs):
        raise error("INVALID_ATTR", f"explicit padding {padding!r} must be 4 [before, after] pairs")
    return {"padding": "EXPLICIT", "explicit_paddings": tuple(v for p in pairs for v in p)}


def _data_format(data_format: Any) -> str:
    if data_format not in (None, "NHWC"):
        raise error(
            "INVALID_ATTR",
            f"data_format {data_format!r} is not supported; graphgate computes NHWC only "
            "(transpose NCHW inputs with gg.transpose(x, [0, 2, 3, 1]))",
        )
    return "NHWC"


# NCHW (TF's channels-first layout, which its CPU kernels take too): the tf.nn entry
# points below move the input to NHWC, build the NHWC op and move the result back, so the
# values and gradients are those of the NHWC op. The result is the last Transpose, under
# the name TF gives the op.


def _channels_first(data_format: Any) -> bool:
    if data_format == "NCHW":
        return True
    _data_format(data_format)
    return False


def _nhwc_four(value: Any, what: str, first: bool) -> Any:
    """A 4-entry stride, window or dilation given in NCHW order, in NHWC order; an int
    or [h, w] is the spatial one either way."""
    if not first or value is None or isinstance(value, int | np.integer):
        return value
    items = list(value)
    return [items[0], items[2], items[3], items[1]] if len(items) == 4 else items


def _nhwc_padding(padding: Any, first: bool) -> Any:
    if not first or isinstance(padding, str) or padding is None:
        return padding
    pairs = list(padding)
    return [pairs[0], pairs[2], pairs[3], pairs[1]] if len(pairs) == 4 else pairs


# The dtypes TF's CPU takes NCHW in, by op: only its oneDNN kernels do (its Eigen ones are
# NHWC only), and they take float16 and float32 (avg pool float32 alone). Elsewhere TF
# fails the run: Unimplemented for the convolutions, InvalidArgument for the pools.
_NCHW_DTYPES = {
    "Conv2D": ((_dt.float16, _dt.float32), "UNIMPLEMENTED"),
    "depthwise": ((_dt.float16, _dt.float32), "UNIMPLEMENTED"),
    "DepthwiseConv2dNative": ((_dt.float16, _dt.float32), "UNIMPLEMENTED"),
    "MaxPool": ((_dt.float16, _dt.float32), "INVALID_ATTR"),
    "AvgPool": ((_dt.float32,), "INVALID_ATTR"),
}


def _check_nchw_dtype(x: Tensor, op: str) -> None:
    dtypes, code = _NCHW_DTYPES[op]
    if x.dtype not in dtypes:
        raise error(
            code,
            f"{op} only supports the NHWC tensor format on the CPU for {x.dtype} (TF's CPU "
            "kernels take NCHW in " + " and ".join(str(d) for d in dtypes) + ")",
        )


def _in_nhwc(x: Tensor, name: str | None, default: str, build) -> Tensor:
    """`build` (of an NHWC tensor) applied to NCHW `x`, its result moved back to NCHW."""
    from .array_ops import transpose

    _check_nchw_dtype(x, default)

    graph = x.graph
    with graph.as_default(), graph.name_scope(name, default) as scope:
        y = build(transpose(x, [0, 2, 3, 1], name="to_nhwc"))
        perm = {"perm": (0, 3, 1, 2)}
        return graph.create_op("Transpose", (y,), perm, scope[:-1], exact_name=True).outputs[0]


def conv2d(
    input: Any,
    filter: Any = None,
    strides: Any = None,
    padding: str | None = None,
    use_cudnn_on_gpu: bool = True,
    data_format: str = "NHWC",
    dilations: Any = None,
    name: str | None = None,
    filters: Any = None,
) -> Tensor:
    """2-D convolution of NHWC `input` with a [KH, KW, in, out] filter (`tf.nn.conv2d`)."""
    filter = filters if filter is None else filter
    if filter is None or strides is None or padding is None:
        raise error("INVALID_ATTR", "conv2d needs filter, strides and padding")
    if _channels_first(data_format):
        graph, (x,) = as_tensors(input)
        return _in_nhwc(
            x, name, "Conv2D",
            lambda t: conv2d(
                t, filter, _nhwc_four(strides, "strides", True), _nhwc_padding(padding, True),
                dilations=_nhwc_four(dilations, "dilations", True), name="Conv2D",
            ),
        )  # fmt: skip
    attrs = {
        "strides": _four(strides, "strides"),
        **_conv_padding(padding),
        "dilations": _four(1 if dilations is None else dilations, "dilations"),
        "data_format": _data_format(data_format),
    }
    graph, (x, f) = as_tensors(input, filter)
    return graph.create_op("Conv2D", (x, f), attrs, name or "Conv2D").outputs[0]


def conv1d(
    value: Any = None,
    filters: Any = None,
    stride: Any = None,
    padding: str | None = None,
    use_cudnn_on_gpu: Any = None,
    data_format: str | None = None,
    name: str | None = None,
    input: Any = None,
    dilations: Any = None,
) -> Tensor:
    """1-D convolution of [batch, width, in] with a [width, in, out] filter, as a conv2d
    over a height of one (`tf.nn.conv1d`)."""
    from .array_ops import expand_dims, squeeze

    value = input if value is None else value
    first = _channels_first_1d(data_format)
    if value is None or filters is None or stride is None or padding is None:
        raise error("INVALID_ATTR", "conv1d needs value, filters, stride and padding")
    stride = _one(stride, "stride", first)
    dilation = _one(1 if dilations is None else dilations, "dilations", first)
    # NCW: a conv2d over NCHW with a height of one, as TF builds it.
    axis, fmt = (2, "NCHW") if first else (1, "NHWC")
    steps = [1, 1, 1, stride] if first else [1, 1, stride, 1]
    rates = [1, 1, 1, dilation] if first else [1, 1, dilation, 1]
    graph, (x, f) = as_tensors(value, filters)
    with graph.as_default(), graph.name_scope(name or "conv1d"):
        y = conv2d(
            expand_dims(x, axis, name="ExpandDims"),
            expand_dims(f, 0, name="ExpandDims_1"),
            steps,
            padding,
            data_format=fmt,
            dilations=rates,
            name="Conv2D",
        )
        return squeeze(y, [axis], name="Squeeze")


def atrous_conv2d(
    value: Any, filters: Any, rate: int, padding: str, name: str | None = None
) -> Tensor:
    """conv2d with the filter dilated by `rate` (`tf.nn.atrous_conv2d`)."""
    return conv2d(value, filters, 1, padding, dilations=rate, name=name or "convolution")


def conv2d_transpose(
    value: Any,
    filter: Any = None,
    output_shape: Any = None,
    strides: Any = None,
    padding: str = "SAME",
    data_format: str = "NHWC",
    name: str | None = None,
    dilations: Any = None,
    input: Any = None,
    filters: Any = None,
) -> Tensor:
    """The gradient of conv2d with respect to its input (`tf.nn.conv2d_transpose`); the
    filter is [KH, KW, out_channels, in_channels]."""
    value = input if value is None else value
    filter = filters if filter is None else filter
    if value is None or filter is None or output_shape is None or strides is None:
        raise error("INVALID_ATTR", "conv2d_transpose needs value, filter, output_shape, strides")
    attrs = {
        "strides": _four(strides, "strides"),
        **_conv_padding(padding),
        "dilations": _four(1 if dilations is None else dilations, "dilations"),
        "data_format": _data_format(data_format),
    }
    graph, (g, f) = as_tensors(value, filter)
    known = static_ints(output_shape)
    if known is not None:
        static = tuple(operator.index(d) for d in known)
        sizes = constant_op(graph, np.array(static, np.int32), name="output_shape")
    else:
        # [tf.shape(x)[0], 14, 14, 32]: packed, its known dims the static shape's, as TF's.
        with graph.as_default():
            sizes = shape_tensor(output_shape, "output_shape")
        static = static_hint(sizes)
    return backprop_input(sizes, f, g, attrs, static, name or "conv2d_transpose")


# -- BiasAdd -------------------------------------------------------------------------------


def _bias_add_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "real")  # complex too (complex_ops widens it), as TF's kernels
    first = _bias_channels_first(attrs)
    x, b = shapes
    if b is not None and len(b) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"bias must be a vector, got shape {list(b)}")
    if x is None:
        return [(None, dtype)]
    if len(x) < 2 + first:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"bias_add's value must have rank ≥ {2 + first} for its data_format, got {list(x)}",
        )
    axis = 1 if first else len(x) - 1
    c = merge_dim(x[axis], None if b is None else b[0], "the value's channels and the bias")
    return [((*x[:axis], c, *x[axis + 1 :]), dtype)]


def _bias_channels_first(attrs) -> bool:
    """Whether a BiasAdd's channels are dimension 1 (TF's NC... data formats) rather than
    the last."""
    fmt = attrs.get("data_format", "NHWC")
    if fmt not in ("NHWC", "NCHW"):
        raise InferenceError("INVALID_ATTR", f"bias_add's data_format is NHWC or NCHW, not {fmt!r}")
    return fmt == "NCHW"


def _bias_shape(x, first: bool) -> tuple:
    """The shape a channels-first bias takes to broadcast over `x`."""
    return (-1,) + (1,) * (np.ndim(x) - 2) if first else (-1,)


@register_op(
    "BiasAdd",
    arity=2,
    infer=_bias_add_infer,
    attrs={"data_format": ("str", "NHWC")},
    unknown_rank_ok=True,
)
def _bias_add(op):
    first = _bias_channels_first(op.attrs)
    axis = 1 if first else -1
    tiles = _fusion.tile_cache()

    def kernel(x, b):
        if np.ndim(x) < 2 + first or np.shape(x)[axis] != np.size(b):
            raise error(
                "SHAPE_MISMATCH",
                f"bias of size {np.size(b)} does not match the channels of {list(np.shape(x))}",
            )
        if first:
            return x + np.reshape(b, _bias_shape(x, first))
        # A fresh array either way (fusion.FRESH counts on it): a Relu after it writes into it.
        return _fusion.periodic(np.add, x, b, cache=tiles)

    return kernel


def _bias_add_grad_infer(shapes, types, attrs):
    x = shapes[0]
    first = _bias_channels_first(attrs)
    return [((None,) if x is None else (x[1 if first else -1],), types[0])]


@register_op(
    "BiasAddGrad",
    arity=1,
    infer=_bias_add_grad_infer,
    attrs={"data_format": ("str", "NHWC")},
    unknown_rank_ok=True,
)
def _bias_add_grad_kernel(op):
    if _bias_channels_first(op.attrs):
        return lambda g: np.sum(g, (0, *range(2, np.ndim(g))))
    return _bias_add_grad_nhwc


def _bias_add_grad_nhwc(g):
    """The sum over every axis but the channels (the last). A few channels over many rows
    are a bias's gradient that `sum_narrow_rows` sums fast (numpy's own sum took 705 µs
    for LeNet's 64x28x28x6, one 6-wide loop per row; this takes 148 µs)."""
    axes = tuple(range(np.ndim(g) - 1))
    if type(g) is np.ndarray and g.ndim >= 2 and g.size:
        rows = g.reshape(-1, g.shape[-1])
        if narrow_rows(rows):
            return sum_narrow_rows(rows)
    return np.sum(g, axes)


# Linear: TF's complex kernels, and gradients, are the real ones.
_complex_ops.widen("BiasAdd")
_complex_ops.widen("BiasAddGrad")


def bias_add(
    value: Any, bias: Any, data_format: str | None = None, name: str | None = None
) -> Tensor:
    """`value + bias` with `bias` a vector along the channel dimension: the last, or
    dimension 1 for TF's channels-first formats (`NCHW`, `NCW`, `NCDHW`, ...)."""
    fmt = "NHWC" if data_format is None else str(data_format)
    if fmt.startswith("NC"):
        fmt = "NCHW"
    elif fmt.startswith("N") and fmt.endswith("C"):
        fmt = "NHWC"
    else:
        raise error("INVALID_ATTR", f"data_format must be N...C or NC..., not {data_format!r}")
    graph, (x, b) = as_tensors(value, bias)
    attrs = None if fmt == "NHWC" else {"data_format": fmt}
    return graph.create_op("BiasAdd", (x, b), attrs, name or "BiasAdd").outputs[0]


@register_gradient("BiasAdd")
def _bias_add_gradient(op, g):
    attrs = {"data_format": op.attrs.get("data_format", "NHWC")}
    return [g, g.op.graph.create_op("BiasAddGrad", (g,), attrs, "BiasAddGrad").outputs[0]]


@register_gradient("BiasAddGrad")
def _bias_add_grad_gradient(op, g):
    return [g.op.graph.create_op("BroadcastLike", (g, op.inputs[0]), None, "broadcast").outputs[0]]


# -- pooling -------------------------------------------------------------------------------


def _depth_window(attrs) -> int:
    """The depth window of a max pool across channels (`ksize` and `strides` [1, 1, 1, k],
    the Hands-On ML idiom), checked as TF's kernel checks it; 1 for a spatial pool."""
    k, st = attrs["ksize"], attrs["strides"]
    if len(k) != 4 or len(st) != 4 or (k[3] == 1 and st[3] == 1):
        return 1
    if tuple(k[:3]) != (1, 1, 1) or tuple(st[:3]) != (1, 1, 1) or k[3] != st[3]:
        raise InferenceError(
            "INVALID_ATTR",
            f"ksize {list(k)} and strides {list(st)}: pooling across depth needs both "
            "[1, 1, 1, k] (one depth window, no pooling over height and width)",
        )
    return k[3]


def _depth_pool_infer(shapes, types, attrs, k):
    _check_attrs({**attrs, "ksize": (1, 1, 1, 1), "strides": (1, 1, 1, 1)})
    x = _rank4(shapes[0], "the pooled input")
    if x[3] is not None and x[3] % k:
        raise InferenceError("SHAPE_MISMATCH", f"a depth window of {k} must divide depth {x[3]}")
    return [((*x[:3], None if x[3] is None else x[3] // k), types[0])]


def _pool_infer(shapes, types, attrs):
    check_dtype(types[0], "numeric")
    if attrs.get("data_format", "NHWC") != "NHWC":
        # Before the depth window: an imported NCHW window [1, 1, 1, k] pools the width.
        _check_attrs(attrs, "ksize", True)
    k = _depth_window(attrs)
    if k > 1:
        return _depth_pool_infer(shapes, types, attrs, k)
    _check_attrs(attrs, "ksize", "explicit_paddings" in attrs)
    x = _rank4(shapes[0], "the pooled input")
    oh, ow = _spatial_out(x, attrs["ksize"][1:3], attrs)
    return [((x[0], oh, ow, x[3]), types[0])]


def _pool_geometry(op, x_shape, state):
    a = op.attrs
    paddings = _axis_paddings(a) if "explicit_paddings" in a else [a["padding"]] * 2
    budget, check = padding_budget(op, state), _deadline_check(op, state)
    k, strides = a["ksize"][1:3], a["strides"]
    return _Geometry(x_shape[1:3], k, strides, (1, 1, 1, 1), paddings, budget, check)


def _lowest(dtype):
    return -np.inf if dtype in _dt.FLOATS else np.iinfo(dtype).min


_POOL_OPTS = {"attrs": _POOL_ATTRS, "heavy": True, "unknown_rank_ok": True}
# TF's MaxPool (and its gradients) take padding EXPLICIT too; its AvgPool does not.
_MAX_POOL_OPTS = {**_POOL_OPTS, "attrs": {**_POOL_ATTRS, "explicit_paddings": ("ints", ())}}


def _depth_max_pool(k):
    def kernel(x):
        _check_rank4(x, "the pooled input")
        n, h, w, c = x.shape
        if c % k:
            raise error("SHAPE_MISMATCH", f"a depth window of {k} must divide depth {c}")
        return x.reshape(n, h, w, c // k, k).max(axis=4)

    return kernel


def _max_pool_infer(shapes, types, attrs):
    out = _pool_infer(shapes, types, attrs)
    x = shapes[0]
    if attrs["padding"] == "VALID" and x is not None and len(x) == 4 and x[3] == 0:
        # TF's shape function windows the depth too, VALID: 1 from 0 (AvgPool's does not).
        raise InferenceError(
            "SHAPE_MISMATCH", "Negative dimension size caused by subtracting 1 from 0 (depth)"
        )
    return out


@register_op("MaxPool", arity=1, infer=_max_pool_infer, **_MAX_POOL_OPTS)
def _max_pool(op):
    k = _depth_window(op.attrs)
    if k > 1:
        return _depth_max_pool(k)

    pads, k = op.attrs.get("explicit_paddings", ()), op.attrs["ksize"]
    if any(pads[i] >= k[i // 2] for i in range(2, 6) if pads):

        def refuse(x):
            # TF's kernel refuses it when it runs: a window could hold padding only.
            raise error("INVALID_ATTR", f"explicit paddings {list(pads)} must be below {list(k)}")

        return refuse

    def kernel(*args):
        # With the run state first (its limits bound the padding); without it when folding.
        *state, x = args
        _check_rank4(x, "the pooled input")
        geo = _pool_geometry(op, x.shape, state)
        empty = nothing_to_compute((x.shape[0], *geo.out, x.shape[3]), x.dtype, x)
        return geo.max_pool(x) if empty is None else empty

    kernel.needs_state = True
    return kernel


def _argmax_flat(geo: _Geometry, x: np.ndarray) -> tuple[np.ndarray, tuple]:
    """For each output of a max pool, the flat index of its (first) maximum in the padded
    input; the gradient flows to that element alone, as in TensorFlow."""
    n, hp, wp, c = padded = geo.padded_shape(x.shape)
    kw = geo.k[1]
    arg = geo.window_argmax(x).astype(np.intp)
    (oh, ow), (sh, sw) = geo.out, geo.s
    rows = np.arange(oh)[None, :, None, None] * sh + arg // kw
    cols = np.arange(ow)[None, None, :, None] * sw + arg % kw
    nn = np.arange(n)[:, None, None, None]
    cc = np.arange(c)[None, None, None, :]
    return ((nn * hp + rows) * wp + cols) * c + cc, padded


def _unpad(geo: _Geometry, xp: np.ndarray, shape) -> np.ndarray:
    (t, _), (lft, _) = geo.pads
    return xp[:, t : t + shape[1], lft : lft + shape[2]]


def _max_pool_grad_infer(shapes, types, attrs):
    _check_attrs(attrs, "ksize", attrs.get("explicit_paddings", ()) != ())
    return [(shapes[0], types[0])]


@register_op("MaxPoolGrad", arity=3, infer=_max_pool_grad_infer, **_MAX_POOL_OPTS)
def _max_pool_grad(op):
    def kernel(*args):
        *state, x, y, g = args
        _check_rank4(x, "the pooled input")
        geo = _pool_geometry(op, x.shape, state)
        pooled = (x.shape[0], *geo.out, x.shape[3])
        _require_shape(y, pooled, "the max pool's output")
        _require_shape(g, pooled, "the output gradient")
        empty = nothing_to_compute(x.shape, g.dtype, g)
        if empty is not None:
            return empty
        # TF's kernel also finds the maxima again in the input rather than trusting `y`.
        arg = geo.window_argmax(x)
        dxp = geo.route(arg, np.ascontiguousarray(g), geo.padded_shape(x.shape))
        return _unpad(geo, dxp, x.shape).astype(g.dtype)

    kernel.needs_state = True
    return kernel


def _max_pool_grad_grad_infer(shapes, types, attrs):
    _check_attrs(attrs, "ksize", attrs.get("explicit_paddings", ()) != ())
    return [(shapes[1], types[0])]


@register_op("MaxPoolGradGrad", arity=3, infer=_max_pool_grad_grad_infer, **_MAX_POOL_OPTS)
def _max_pool_grad_grad(op):
    def kernel(*args):
        *state, x, y, gg = args
        _check_rank4(x, "the pooled input")
        geo = _pool_geometry(op, x.shape, state)
        _require_shape(y, (x.shape[0], *geo.out, x.shape[3]), "the max pool's output")
        _require_shape(gg, x.shape, "the input's gradient")
        empty = nothing_to_compute(y.shape, gg.dtype, gg)
        if empty is not None:
            return empty
        # TF's kernel reads, for each window, its first pixel inside the input equal to
        # the output as given, and 0 where none is (NaN; -inf, which pools to the lowest).
        xp, inside = geo.padded_to_match(x)
        arg = geo.first_equal(xp, np.asarray(y, x.dtype), inside)
        size = geo.k[0] * geo.k[1]
        out = geo.at(geo.pad(gg), np.minimum(arg, size - 1))
        out[arg == size] = 0
        return out

    kernel.needs_state = True
    return kernel


@register_gradient("MaxPool")
def _max_pool_gradient(op, g):
    if _depth_window(op.attrs) > 1:
        # TF's MaxPoolGrad is Unimplemented on the depth dimension too.
        raise error("UNIMPLEMENTED", "max pooling across depth has no gradient", node=op.name)
    x, y = op.inputs[0], op.outputs[0]
    return [
        g.op.graph.create_op("MaxPoolGrad", (x, y, g), dict(op.attrs), "MaxPoolGrad").outputs[0]
    ]


@register_gradient("MaxPoolGrad")
def _max_pool_grad_gradient(op, g):
    x, y, _ = op.inputs
    grad = g.op.graph.create_op("MaxPoolGradGrad", (x, y, g), dict(op.attrs), "MaxPoolGradGrad")
    return [*_zero_pool_grads(x, y), grad.outputs[0]]


@register_gradient("MaxPoolGradGrad")
def _max_pool_grad_grad_gradient(op, g):
    x, y, _ = op.inputs
    grad = g.op.graph.create_op("MaxPoolGrad", (x, y, g), dict(op.attrs), "MaxPoolGrad")
    return [*_zero_pool_grads(x, y), grad.outputs[0]]


def _zero_pool_grads(x: Tensor, y: Tensor) -> list[Tensor]:
    """A max pool gradient's own gradients for its pooled input and output: zeros, as TF
    gives them (the argmax positions are piecewise constant), not None."""
    return [zeros_like(x), zeros_like(y)]


def _valid_counts(geo: _Geometry, hw, dtype) -> np.ndarray:
    """How many real (unpadded) pixels each SAME window covers: TensorFlow's divisor."""
    ones = np.ones((1, *hw, 1), dtype)
    return geo.reduce_windows(geo.pad(ones), np.add)


def _avg_pool_infer(shapes, types, attrs):
    check_dtype(types[0], "float")
    _check_attrs(attrs, "ksize")  # only max pooling goes across depth
    return _pool_infer(shapes, types, attrs)


@register_op("AvgPool", arity=1, infer=_avg_pool_infer, **_POOL_OPTS)
def _avg_pool(op):
    def kernel(*args):
        *state, x = args
        _check_rank4(x, "the pooled input")
        geo = _pool_geometry(op, x.shape, state)
        empty = nothing_to_compute((x.shape[0], *geo.out, x.shape[3]), x.dtype, x)
        if empty is not None:
            return empty
        total = geo.reduce_windows(geo.pad(x), np.add)
        if op.attrs["padding"] == "VALID":
            return total / x.dtype.type(geo.k[0] * geo.k[1])
        return total / _valid_counts(geo, x.shape[1:3], x.dtype)

    kernel.needs_state = True
    return kernel


def _avg_pool_grad_infer(shapes, types, attrs):
    _sizes_infer(shapes, types, attrs, 0)
    _check_attrs(attrs, "ksize")
    check_dtype(types[1], "float")
    g = shapes[1]
    _require4(g, "the output gradient")
    n, h, w, c = _hinted(attrs)
    return [((merge_dim(n, g[0], "batch"), h, w, merge_dim(c, g[3], "channels")), types[1])]


@register_op(
    "AvgPoolGrad",
    arity=2,
    infer=_avg_pool_grad_infer,
    attrs={**_POOL_ATTRS, "static_shape": ("shape", None)},
    heavy=True,
    needs_state=True,
)
def _avg_pool_grad(op):
    def kernel(*args):
        # Called with the run state, or without it when constant folding.
        *state, sizes, g = args
        sizes = run_time_sizes(op, sizes, 4, state)
        geo = _pool_geometry(op, sizes, state)
        _require_shape(g, (sizes[0], *geo.out, sizes[3]), "the output gradient")
        empty = nothing_to_compute(sizes, g.dtype, g)
        if empty is not None:
            return empty
        share = g / _valid_counts(geo, sizes[1:3], g.dtype)
        kh, kw = geo.k
        cols = np.broadcast_to(share[:, :, :, None, None, :], (*g.shape[:3], kh, kw, g.shape[3]))
        check = _deadline_check(op, state)
        return geo.col2im(lambda images, r0, r1: cols[images, r0:r1], sizes, g.dtype, check)

    return kernel


@register_gradient("AvgPool")
def _avg_pool_gradient(op, g):
    x = op.inputs[0]
    attrs = {**op.attrs, "static_shape": x.static_shape}
    return [g.op.graph.create_op("AvgPoolGrad", (_shape_of(x), g), attrs, "AvgPoolGrad").outputs[0]]


@register_gradient("AvgPoolGrad")
def _avg_pool_grad_gradient(op, g):
    attrs = {k: v for k, v in op.attrs.items() if k in _POOL_ATTRS}
    return [None, g.op.graph.create_op("AvgPool", (g,), attrs, "AvgPool").outputs[0]]


def _pool(type_, value, ksize, strides, padding, data_format, name):
    if _channels_first(data_format):
        _, (x,) = as_tensors(value)
        return _in_nhwc(
            x, name, type_,
            lambda t: _pool(
                type_, t, _nhwc_four(ksize, "ksize", True), _nhwc_four(strides, "strides", True),
                _nhwc_padding(padding, True), "NHWC", type_,
            ),
        )  # fmt: skip
    # TF's MaxPool takes explicit [before, after] pairs; its AvgPool does not.
    pads = _conv_padding(padding) if type_ == "MaxPool" else {"padding": checked_padding(padding)}
    attrs = {
        "ksize": _four(ksize, "ksize"),
        "strides": _four(strides, "strides"),
        **pads,
        "data_format": _data_format(data_format),
    }
    graph, (x,) = as_tensors(value)
    return graph.create_op(type_, (x,), attrs, name or type_).outputs[0]


def max_pool(
    value: Any,
    ksize: Any,
    strides: Any,
    padding: str,
    data_format: str = "NHWC",
    name: str | None = None,
    input: Any = None,
) -> Tensor:
    """The maximum over each KH x KW window of NHWC `value` (`tf.nn.max_pool`)."""
    return _pool(
        "MaxPool", value if input is None else input, ksize, strides, padding, data_format, name
    )


def avg_pool(
    value: Any,
    ksize: Any,
    strides: Any,
    padding: str,
    data_format: str = "NHWC",
    name: str | None = None,
    input: Any = None,
) -> Tensor:
    """The mean over each window; SAME windows divide by their unpadded pixels only."""
    return _pool(
        "AvgPool", value if input is None else input, ksize, strides, padding, data_format, name
    )


# -- depthwise and separable convolution ---------------------------------------------------


def _depthwise_out_channels(c, m):
    return None if c is None or m is None else c * m


def _depthwise_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "float")
    _check_attrs(attrs)
    x, f = shapes
    _require4(x, "depthwise_conv2d's input")
    _require4(f, "depthwise_conv2d's filter")
    c = merge_dim(x[3], f[2], "the input's channels and the filter's in_channels")
    oh, ow = _spatial_out(x, f[:2], attrs)
    return [((x[0], oh, ow, _depthwise_out_channels(c, f[3])), dtype)]


@register_op(
    "DepthwiseConv2dNative",
    arity=2,
    infer=_depthwise_infer,
    attrs=_CONV_ATTRS,
    heavy=True,
    needs_state=True,
)
def _depthwise(op):
    def kernel(*args):
        # Called with the run state (its deadline read between bands), or without it when
        # constant folding.
        *state, x, f = args
        check = _deadline_check(op, state)
        kh, kw, c, m = f.shape
        geo = _geometry(op, x.shape[1:3], (kh, kw), state)
        empty = nothing_to_compute((x.shape[0], *geo.out, c * m), x.dtype, x, f)
        if empty is not None:
            return empty
        xp = geo.pad(x)
        out = np.empty((x.shape[0], *geo.out, c, m), np.result_type(x, f))
        # numpy's optimized einsum turns one multiplier per channel into a product per
        # channel, whose cost grows with the channels: 3-25x slower than the plain loop
        # from about 20 channels (MobileNet's 32-1024), 2-8x faster below or with m > 1.
        optimize = m > 1 or c < 20
        for images, r0, r1 in geo.patch_blocks(x.shape[0], c):
            win = geo.windows(xp[images])[:, r0:r1]
            out[images, r0:r1] = np.einsum("nhwcij,ijcm->nhwcm", win, f, optimize=optimize)
            check()
        return out.reshape(x.shape[0], *geo.out, c * m).astype(x.dtype, copy=False)

    return kernel


def _depthwise_backprop_input_infer(shapes, types, attrs):
    _sizes_infer(shapes, types, attrs, 0)
    dtype = same_dtypes(types[1:])
    check_dtype(dtype, "float")
    _check_attrs(attrs)
    f, g = shapes[1], shapes[2]
    _require4(f, "the filter")
    _require4(g, "the output gradient")
    merge_dim(g[3], _depthwise_out_channels(f[2], f[3]), "the output gradient's channels")
    n, h, w, c = _hinted(attrs)
    return [((merge_dim(n, g[0], "the batch"), h, w, merge_dim(c, f[2], "channels")), dtype)]


@register_op(
    "DepthwiseConv2dNativeBackpropInput",
    arity=3,
    infer=_depthwise_backprop_input_infer,
    attrs={**_CONV_ATTRS, "static_shape": ("shape", None)},
    heavy=True,
    needs_state=True,
)
def _depthwise_backprop_input(op):
    def kernel(*args):
        # Called with the run state, or without it when constant folding.
        *state, sizes, f, g = args
        sizes = run_time_sizes(op, sizes, 4, state)
        kh, kw, c, m = f.shape
        geo = _geometry(op, sizes[1:3], (kh, kw), state)
        if g.shape != (sizes[0], *geo.out, c * m) or sizes[3] != c:
            raise error(
                "SHAPE_MISMATCH",
                f"an input of shape {list(sizes)} with a filter of shape {list(f.shape)} "
                f"does not give the gradient's shape {list(g.shape)}",
            )
        empty = nothing_to_compute(sizes, g.dtype, f, g)
        if empty is not None:
            return empty
        g5 = g.reshape(*g.shape[:3], c, m)

        def patches(images, r0, r1):
            return np.einsum("nhwcm,ijcm->nhwijc", g5[images, r0:r1], f, optimize=True)

        return geo.col2im(patches, sizes, g.dtype, _deadline_check(op, state))

    return kernel


def _depthwise_backprop_filter_infer(shapes, types, attrs):
    _sizes_infer(shapes, types, attrs, 1)
    dtype = same_dtypes([types[0], types[2]])
    check_dtype(dtype, "float")
    _check_attrs(attrs)
    x, g = shapes[0], shapes[2]
    _require4(x, "the input")
    _require4(g, "the output gradient")
    kh, kw, c, m = _hinted(attrs)
    return [((kh, kw, merge_dim(c, x[3], "in_channels"), m), dtype)]


@register_op(
    "DepthwiseConv2dNativeBackpropFilter",
    arity=3,
    infer=_depthwise_backprop_filter_infer,
    attrs={**_CONV_ATTRS, "static_shape": ("shape", None)},
    heavy=True,
    needs_state=True,
)
def _depthwise_backprop_filter(op):
    def kernel(*args):
        # Called with the run state, or without it when constant folding.
        *state, x, sizes, g = args
        kh, kw, c, m = run_time_sizes(op, sizes, 4, state)
        geo = _geometry(op, x.shape[1:3], (kh, kw), state)
        empty = nothing_to_compute((kh, kw, c, m), x.dtype, x, g)
        if empty is not None:
            return empty
        xp = geo.pad(x)
        g5 = g.reshape(*g.shape[:3], c, m)
        check = _deadline_check(op, state)
        total = np.zeros((kh, kw, c, m), np.result_type(x, g))
        for images, r0, r1 in geo.patch_blocks(x.shape[0], c):
            win = geo.windows(xp[images])[:, r0:r1]
            total += np.einsum("nhwcij,nhwcm->ijcm", win, g5[images, r0:r1], optimize=True)
            check()
        return total.astype(x.dtype, copy=False)

    return kernel


def _depthwise_op(type_, inputs, attrs, static_shape, name):
    attrs = {**attrs, "static_shape": static_shape}
    return inputs[1].op.graph.create_op(type_, inputs, attrs, name).outputs[0]


@register_gradient("DepthwiseConv2dNative")
def _depthwise_grad(op, g):
    x, f = op.inputs
    attrs = _conv_attrs(op)
    return [
        _depthwise_op(
            "DepthwiseConv2dNativeBackpropInput", (_shape_of(x), f, g), attrs, x.static_shape,
            "DepthwiseConv2dNativeBackpropInput",
        ),
        _depthwise_op(
            "DepthwiseConv2dNativeBackpropFilter", (x, _shape_of(f), g), attrs, f.static_shape,
            "DepthwiseConv2dNativeBackpropFilter",
        ),
    ]  # fmt: skip


def _depthwise_again(x, f, attrs):
    return x.op.graph.create_op("DepthwiseConv2dNative", (x, f), attrs, "depthwise").outputs[0]


@register_gradient("DepthwiseConv2dNativeBackpropInput")
def _depthwise_backprop_input_grad(op, g):
    _, f, dy = op.inputs
    attrs = _conv_attrs(op)
    return [
        None,
        _depthwise_op(
            "DepthwiseConv2dNativeBackpropFilter", (g, _shape_of(f), dy), attrs, f.static_shape,
            "DepthwiseConv2dNativeBackpropFilter",
        ),
        _depthwise_again(g, f, attrs),
    ]  # fmt: skip


@register_gradient("DepthwiseConv2dNativeBackpropFilter")
def _depthwise_backprop_filter_grad(op, g):
    x, _, dy = op.inputs
    attrs = _conv_attrs(op)
    return [
        _depthwise_op(
            "DepthwiseConv2dNativeBackpropInput", (_shape_of(x), g, dy), attrs, x.static_shape,
            "DepthwiseConv2dNativeBackpropInput",
        ),
        None,
        _depthwise_again(x, g, attrs),
    ]  # fmt: skip


def _depthwise_attrs(strides: Any, padding: Any, dilations: Any, data_format: Any) -> dict:
    return {
        "strides": _four(strides, "strides"),
        **_conv_padding(padding),
        "dilations": _four(1 if dilations is None else dilations, "dilations"),
        "data_format": _data_format(data_format),
    }


def depthwise_conv2d(
    input: Any,
    filter: Any,
    strides: Any,
    padding: str,
    rate: Any = None,
    name: str | None = None,
    data_format: str | None = None,
    dilations: Any = None,
) -> Tensor:
    """Each input channel convolved with its own [KH, KW] filters: a [KH, KW, C, M] filter
    gives C * M output channels (`tf.nn.depthwise_conv2d`)."""
    dil = dilations if dilations is not None else rate
    if _channels_first(data_format):
        _, (x,) = as_tensors(input)
        return _in_nhwc(
            x, name, "depthwise",
            lambda t: depthwise_conv2d(
                t, filter, _nhwc_four(strides, "strides", True), _nhwc_padding(padding, True),
                _nhwc_four(dil, "rate", True), "depthwise",
            ),
        )  # fmt: skip
    attrs = _depthwise_attrs(strides, padding, dil, data_format)
    graph, (x, f) = as_tensors(input, filter)
    rates = list(attrs["dilations"][1:3])
    if max(rates) > 1 and max(attrs["strides"]) > 1:
        # TF dilates by with_space_to_batch and strides within each of the rate x rate
        # sub-images: not a strided dilated convolution, and so not its values.
        attrs = {**attrs, "dilations": (1, 1, 1, 1), "padding": "VALID"}

        def native(t):
            return graph.create_op("DepthwiseConv2dNative", (t, f), attrs, "depthwise").outputs[0]

        with graph.as_default(), graph.name_scope(name, "depthwise"):
            return _with_space_to_batch(x, _filter_hw(f), rates, padding, native)
    return graph.create_op("DepthwiseConv2dNative", (x, f), attrs, name or "depthwise").outputs[0]


def _filter_hw(f: Tensor) -> list:
    shape = f.static_shape
    if shape is None or None in shape[:2]:
        raise error("UNIMPLEMENTED", "a dilated, strided depthwise conv needs a static filter")
    return list(shape[:2])


def _with_space_to_batch(
    x: Tensor, window: list, rates: list, padding: Any, op, data_format: Any = None
) -> Tensor:
    """TF's `nn_ops.with_space_to_batch` (graphgate's `tf.nn.with_space_to_batch`) of
    `op`, a function of the moved tensor alone, over a window of spatial sizes `window`."""
    from ..nn_extras import with_space_to_batch

    return with_space_to_batch(
        x, rates, padding, lambda t, _n, _p: op(t), window, data_format=data_format
    )


def separable_conv2d(
    input: Any,
    depthwise_filter: Any,
    pointwise_filter: Any,
    strides: Any,
    padding: str,
    rate: Any = None,
    name: str | None = None,
    data_format: str | None = None,
    dilations: Any = None,
) -> Tensor:
    """depthwise_conv2d, then a 1x1 conv2d mixing the channels (`tf.nn.separable_conv2d`)."""
    graph, (x,) = as_tensors(input)
    with graph.as_default(), graph.name_scope(name or "separable_conv2d") as scope:
        depthwise = depthwise_conv2d(
            x, depthwise_filter, strides, padding, rate, "depthwise", data_format, dilations
        )
        _, (d, p) = as_tensors(depthwise, pointwise_filter)
        _check_pointwise_filter(p)
        if _channels_first(data_format):  # the 1x1 conv in NCHW too
            return conv2d(d, p, [1, 1, 1, 1], "VALID", data_format="NCHW")
        attrs = {
            "strides": (1, 1, 1, 1),
            "padding": "VALID",
            "dilations": (1, 1, 1, 1),
            "data_format": "NHWC",
        }
        # Named after the scope, as TensorFlow names the result.
        return graph.create_op("Conv2D", (d, p), attrs, scope[:-1], exact_name=True).outputs[0]


def _check_pointwise_filter(p: Tensor) -> None:
    """TF's separable_conv2d: the pointwise filter is 1x1 (ValueError when its static shape
    says otherwise; a larger window would be a second spatial convolution)."""
    shape = p.static_shape
    if shape is None:
        return
    if len(shape) != 4 or any(d not in (None, 1) for d in shape[:2]):
        raise error(
            "INVALID_ATTR", f"the pointwise filter must be of shape [1, 1, in, out], got {shape}"
        )


max_pool2d = max_pool
avg_pool2d = avg_pool


def convolution(
    input: Any,
    filter: Any,
    padding: str,
    strides: Any = None,
    dilation_rate: Any = None,
    name: str | None = None,
    data_format: str | None = None,
    filters: Any = None,
    dilations: Any = None,
) -> Tensor:
    """`tf.nn.convolution` for 1-D (NWC), 2-D (NHWC) and 3-D (NDHWC) inputs."""
    filter = filters if filter is None else filter
    dil = dilations if dilation_rate is None else dilation_rate
    _check_strides_or_dilation(strides, dil)
    _, (x, f) = as_tensors(input, filter)
    rank = None if f.static_shape is None else len(f.static_shape)
    if rank == 3:
        return conv1d(
            x, f, 1 if strides is None else strides, padding, data_format=data_format,
            name=name, dilations=dil,
        )  # fmt: skip
    if rank == 5:
        from .conv3d_ops import conv3d

        return conv3d(
            x, f, 1 if strides is None else strides, padding, data_format or "NDHWC", dil,
            name or "convolution",
        )  # fmt: skip
    if rank != 4:
        raise error("INVALID_ATTR", "convolution supports 1-D, 2-D and 3-D filters only")
    return conv2d(
        x, f, 1 if strides is None else strides, padding, data_format=data_format or "NHWC",
        dilations=dil, name=name or "convolution",
    )  # fmt: skip


def _check_strides_or_dilation(strides: Any, rates: Any) -> None:
    """TF's nn.convolution and nn.pool: strides and dilation above 1 together are refused
    (ValueError)."""
    if strides is None or rates is None:
        return
    if max(np.reshape(strides, -1).tolist()) > 1 and max(np.reshape(rates, -1).tolist()) > 1:
        raise error(
            "INVALID_ATTR", "strides > 1 not supported in conjunction with dilation_rate > 1"
        )


def _check_pool_steps(padding: Any, window: list, steps: list, rates: list) -> None:
    """tf.nn.pool's own checks, ValueError each."""
    if padding == "SAME" and max(rates) > 1:
        raise error(
            "INVALID_ATTR",
            "pooling with 'SAME' padding is not implemented for `dilation_rate` > 1",
        )
    if any(s > k for s, k in zip(steps, window, strict=True)):
        raise error(
            "INVALID_ATTR",
            "strides > window_shape not supported due to inconsistency between CPU and GPU "
            "implementations",
        )
    _check_strides_or_dilation(steps, rates)


# -- h-tfnn: TF1's other pooling and convolution entry points -------------------------------


def _max_pool_with_argmax_infer(shapes, types, attrs):
    (shape, dtype), *_ = _pool_infer(shapes, types, attrs)
    targmax = attrs.get("Targmax", _dt.int64)
    if targmax not in (_dt.int32, _dt.int64):
        raise InferenceError("DTYPE_MISMATCH", f"Targmax must be int32 or int64, got {targmax}")
    return [(shape, dtype), (shape, targmax)]


@register_op(
    "MaxPoolWithArgmax",
    arity=1,
    infer=_max_pool_with_argmax_infer,
    attrs={
        **_POOL_ATTRS,
        "Targmax": ("dtype", _dt.int64),
        "include_batch_in_index": ("bool", False),
    },
    heavy=True,
)
def _max_pool_with_argmax(op):
    def kernel(*args):
        *state, x = args
        if not x.size:  # TF's kernel refuses it before it pools (an empty batch too)
            raise error("COMPUTE_ERROR", "tensor_in must not be empty", node=op.name)
        geo = _pool_geometry(op, x.shape, state)
        idx, (_, hp, wp, c) = _argmax_flat(geo, x)
        # TF's index is of the unpadded input: ((b * H + y) * W + x) * C + c, without the
        # batch term unless include_batch_in_index.
        (t, _), (lft, _) = geo.pads
        pixel = idx // c
        rows, cols = (pixel // wp) % hp - t, pixel % wp - lft
        h, w = x.shape[1:3]
        batch = pixel // (wp * hp) if op.attrs.get("include_batch_in_index") else 0
        argmax = ((batch * h + rows) * w + cols) * c + idx % c
        return geo.max_pool(x), argmax.astype(op.attrs.get("Targmax", _dt.int64))

    kernel.needs_state = True
    return kernel


@register_gradient("MaxPoolWithArgmax")
def _max_pool_with_argmax_gradient(op, g, _):
    # The first maximum of each window takes the gradient, as MaxPool's (TF routes it
    # through the argmax output, which names the same element).
    if g is None:
        return [None]
    if op.attrs.get("Targmax", _dt.int64) != _dt.int64:
        # TF registers MaxPoolGradWithArgmax for int64 indices only.
        raise error(
            "NO_CPU_KERNEL",
            "No OpKernel was registered to support Op 'MaxPoolGradWithArgmax' with "
            f"Targmax={op.attrs['Targmax']} (TF's CPU kernel takes int64 indices only)",
        )
    x, y = op.inputs[0], op.outputs[0]
    attrs = {k: v for k, v in op.attrs.items() if k in _POOL_ATTRS}
    return [g.op.graph.create_op("MaxPoolGrad", (x, y, g), attrs, "MaxPoolGrad").outputs[0]]


def max_pool_with_argmax(
    input: Any,
    ksize: Any,
    strides: Any,
    padding: str,
    data_format: str = "NHWC",
    Targmax: Any = None,
    name: str | None = None,
    output_dtype: Any = None,
    include_batch_in_index: bool = False,
) -> tuple[Tensor, Tensor]:
    """(max pool, flat index of each maximum) (`tf.nn.max_pool_with_argmax`)."""
    targmax = _dt.as_dtype(output_dtype or Targmax or _dt.int64)
    attrs = {
        "ksize": _four(ksize, "ksize"),
        "strides": _four(strides, "strides"),
        "padding": checked_padding(padding),
        "data_format": _data_format(data_format),
        "Targmax": targmax,
        "include_batch_in_index": bool(include_batch_in_index),
    }
    graph, (x,) = as_tensors(input)
    op = graph.create_op("MaxPoolWithArgmax", (x,), attrs, name or "MaxPoolWithArgmax")
    return op_result(op)


def conv2d_backprop_input(
    input_sizes: Any,
    filter: Any = None,
    out_backprop: Any = None,
    strides: Any = None,
    padding: Any = None,
    use_cudnn_on_gpu: bool = True,
    data_format: str = "NHWC",
    dilations: Any = None,
    name: str | None = None,
    filters: Any = None,
) -> Tensor:
    """The gradient of conv2d with respect to its input (`tf.nn.conv2d_backprop_input`)."""
    filter = filters if filter is None else filter
    if filter is None or out_backprop is None or strides is None or padding is None:
        raise error(
            "INVALID_ATTR", "conv2d_backprop_input needs filter, out_backprop, strides, padding"
        )
    attrs = {
        "strides": _four(strides, "strides"),
        **_conv_padding(padding),
        "dilations": _four(1 if dilations is None else dilations, "dilations"),
        "data_format": _data_format(data_format),
    }
    graph, (f, g) = as_tensors(filter, out_backprop)
    sizes, static = _sizes_tensor(graph, input_sizes, "input_sizes")
    return backprop_input(sizes, f, g, attrs, static, name or "Conv2DBackpropInput")


def conv2d_backprop_filter(
    input: Any,
    filter_sizes: Any,
    out_backprop: Any,
    strides: Any,
    padding: Any,
    use_cudnn_on_gpu: bool = True,
    data_format: str = "NHWC",
    dilations: Any = None,
    name: str | None = None,
) -> Tensor:
    """The gradient of conv2d with respect to its filter (`tf.nn.conv2d_backprop_filter`)."""
    attrs = {
        "strides": _four(strides, "strides"),
        **_conv_padding(padding),
        "dilations": _four(1 if dilations is None else dilations, "dilations"),
        "data_format": _data_format(data_format),
    }
    graph, (x, g) = as_tensors(input, out_backprop)
    sizes, static = _sizes_tensor(graph, filter_sizes, "filter_sizes")
    return backprop_filter(x, sizes, g, attrs, static, name or "Conv2DBackpropFilter")


def _sizes_tensor(graph, sizes: Any, what: str):
    """A sizes argument as (int32 tensor, static shape or None)."""
    if isinstance(sizes, Tensor):
        return sizes, None
    static = tuple(operator.index(d) for d in np.reshape(sizes, -1).tolist())
    return constant_op(graph, np.array(static, np.int32), name=what), static


def depthwise_conv2d_native(
    input: Any,
    filter: Any,
    strides: Any,
    padding: str,
    data_format: str = "NHWC",
    dilations: Any = None,
    name: str | None = None,
) -> Tensor:
    """The DepthwiseConv2dNative op itself (`tf.nn.depthwise_conv2d_native`): strided and
    dilated at once it is the strided dilated convolution, as TF's kernel computes it,
    not `depthwise_conv2d`'s space-to-batch."""
    if _channels_first(data_format):
        _, (x,) = as_tensors(input)
        return _in_nhwc(
            x, name, "DepthwiseConv2dNative",
            lambda t: depthwise_conv2d_native(
                t, filter, _nhwc_four(strides, "strides", True), _nhwc_padding(padding, True),
                dilations=_nhwc_four(dilations, "dilations", True), name="DepthwiseConv2dNative",
            ),
        )  # fmt: skip
    attrs = _depthwise_attrs(strides, padding, dilations, data_format)
    graph, (x, f) = as_tensors(input, filter)
    op = graph.create_op("DepthwiseConv2dNative", (x, f), attrs, name or "DepthwiseConv2dNative")
    return op.outputs[0]


def _pool_1d(type_, input, ksize, strides, padding, data_format, name, scope):
    """A 1-D pool as TF builds it: the 2-D pool of the input with a height of one."""
    from .array_ops import expand_dims, squeeze

    first = _channels_first_1d(data_format)
    k, s = _one(ksize, "ksize", first), _one(strides, "strides", first)
    graph, (x,) = as_tensors(input)
    with graph.as_default(), graph.name_scope(name, scope) as name:
        if first:  # NCW: the 2-D pool of NCHW with a height of one, as TF builds it
            y = _pool(type_, expand_dims(x, 2), (1, 1, 1, k), (1, 1, 1, s), padding, "NCHW", None)
            return squeeze(y, [2])
        y = _pool(type_, expand_dims(x, 1), (1, 1, k, 1), (1, 1, s, 1), padding, None, None)
        return squeeze(y, [1])


def _channels_first_1d(data_format: Any) -> bool:
    if data_format not in (None, "NWC", "NCW"):
        raise error("INVALID_ATTR", f"data_format {data_format!r} is not supported; use NWC")
    return data_format == "NCW"


def _one(value: Any, what: str, first: bool = False) -> int:
    """TF's spellings of a 1-D window or stride: an int, [w], or [1, w, 1] ([1, 1, w] in
    NCW when `first`)."""
    items = [value] if isinstance(value, int | np.integer) else list(value)
    if len(items) not in (1, 3):
        raise error("INVALID_ATTR", f"{what} must have 1 or 3 entries, got {items}")
    return operator.index(items[0] if len(items) == 1 else items[2 if first else 1])


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None) -> Tensor:
    """The maximum over each window of [batch, width, channels] (`tf.nn.max_pool1d`)."""
    return _pool_1d("MaxPool", input, ksize, strides, padding, data_format, name, "MaxPool1d")


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None) -> Tensor:
    """The mean over each window of [batch, width, channels] (`tf.nn.avg_pool1d`)."""
    return _pool_1d("AvgPool", input, ksize, strides, padding, data_format, name, "AvgPool1D")


def _pooled_rank(input: Any, what: str) -> int:
    _, (x,) = as_tensors(input)
    rank = None if x.static_shape is None else len(x.static_shape)
    if rank not in (3, 4, 5):
        raise error("INVALID_ATTR", f"{what} supports inputs of rank 3, 4 and 5, got {rank}")
    return rank


def max_pool_v2(input, ksize, strides, padding, data_format=None, name=None) -> Tensor:
    """`tf.nn.max_pool` of TF 2 (`tf.nn.max_pool_v2`): 1-D, 2-D or 3-D by the input's rank."""
    rank = _pooled_rank(input, "max_pool_v2")
    if rank == 5:
        from .conv3d_ops import max_pool3d

        return max_pool3d(input, ksize, strides, padding, data_format or "NDHWC", name)
    if rank == 3:
        return max_pool1d(input, ksize, strides, padding, data_format or "NWC", name)
    graph, (x,) = as_tensors(input)
    with graph.as_default(), graph.name_scope(name, "MaxPool2d") as scope:
        # A scope's own name ("MaxPool2d/") names the op after the scope, as TF's.
        return _pool("MaxPool", x, ksize, strides, padding, data_format, scope)


def avg_pool_v2(input, ksize, strides, padding, data_format=None, name=None) -> Tensor:
    """`tf.nn.avg_pool` of TF 2 (`tf.nn.avg_pool_v2`): 1-D, 2-D or 3-D by the input's rank."""
    rank = _pooled_rank(input, "avg_pool_v2")
    if rank == 5:
        from .conv3d_ops import avg_pool3d

        return avg_pool3d(input, ksize, strides, padding, data_format or "NDHWC", name)
    if rank == 3:
        return avg_pool1d(input, ksize, strides, padding, data_format or "NWC", name)
    return _pool("AvgPool", input, ksize, strides, padding, data_format, name)


def pool(
    input: Any,
    window_shape: Any,
    pooling_type: str,
    padding: str,
    dilation_rate: Any = None,
    strides: Any = None,
    name: str | None = None,
    data_format: str | None = None,
    dilations: Any = None,
) -> Tensor:
    """`tf.nn.pool`: "MAX" or "AVG" pooling of 1-D, 2-D or 3-D windows, dilated ones
    (VALID only, as TF's) by TF's space-to-batch moves around a VALID pool."""
    if pooling_type not in ("MAX", "AVG"):
        raise error("INVALID_ATTR", f"Invalid pooling_type: {pooling_type}")
    rank = _pooled_rank(input, "pool")
    window = list(np.reshape(window_shape, -1).tolist())
    steps = [1] * len(window) if strides is None else list(np.reshape(strides, -1).tolist())
    dil = dilations if dilation_rate is None else dilation_rate
    rates = [1] * len(window) if dil is None else list(np.reshape(dil, -1).tolist())
    if len(window) != rank - 2 or len(steps) != rank - 2 or len(rates) != rank - 2:
        raise error("INVALID_ATTR", f"window_shape and strides must have {rank - 2} entries")
    _check_pool_steps(padding, window, steps, rates)
    type_ = "MaxPool" if pooling_type == "MAX" else "AvgPool"
    graph, (x,) = as_tensors(input)
    with graph.as_default(), graph.name_scope(name, f"{pooling_type.lower()}_pool") as scope:
        if max(rates) > 1:

            def valid_pool(t):
                ones = [1] * len(window)
                if rank == 3:
                    scope_1d = "MaxPool1d" if type_ == "MaxPool" else "AvgPool1D"
                    return _pool_1d(type_, t, window, ones, "VALID", data_format, None, scope_1d)
                if rank == 5:
                    from .conv3d_ops import _pool3d

                    return _pool3d(type_ + "3D", t, window, ones, "VALID", data_format, None)
                return _pool(type_, t, window, ones, "VALID", data_format, None)

            # A channels-first input keeps its channels in place (TF's block of 1 there).
            return _with_space_to_batch(x, window, rates, "VALID", valid_pool, data_format)
        if rank == 3:
            scope_1d = "MaxPool1d" if type_ == "MaxPool" else "AvgPool1D"
            return _pool_1d(type_, x, window, steps, padding, data_format, None, scope_1d)
        if rank == 5:
            from .conv3d_ops import _pool3d

            return _pool3d(type_ + "3D", x, window, steps, padding, data_format, scope)
        return _pool(type_, x, window, steps, padding, data_format, scope)


def conv1d_transpose(
    input: Any,
    filters: Any,
    output_shape: Any,
    strides: Any,
    padding: str = "SAME",
    data_format: str = "NWC",
    dilations: Any = None,
    name: str | None = None,
) -> Tensor:
    """The gradient of conv1d with respect to its input (`tf.nn.conv1d_transpose`): a
    [width, out_channels, in_channels] filter, TF's nodes (conv2d_transpose over a height
    of one). `output_shape` is a static [batch, width, channels]."""
    from .array_ops import expand_dims, squeeze

    if data_format not in (None, "NWC"):
        raise error("INVALID_ATTR", f"data_format {data_format!r} is not supported; use NWC")
    if isinstance(output_shape, Tensor):
        raise error("UNIMPLEMENTED", "conv1d_transpose needs a static output_shape")
    out = [operator.index(d) for d in output_shape]
    if len(out) != 3:
        raise error("INVALID_ATTR", f"output_shape {out} must have 3 entries")
    s = _one(strides, "strides")
    d = 1 if dilations is None else _one(dilations, "dilations")
    graph, (x, f) = as_tensors(input, filters)
    with graph.as_default(), graph.name_scope(name, "conv1d_transpose") as scope:
        x2, f2 = expand_dims(x, 1), expand_dims(f, 0)
        attrs = {
            "strides": (1, 1, s, 1),
            "padding": checked_padding(padding),
            "dilations": (1, 1, d, 1),
            "data_format": "NHWC",
        }
        static = (out[0], 1, out[1], out[2])
        sizes = constant_op(graph, np.array(static, np.int32), name="output_shape")
        y = backprop_input(sizes, f2, x2, attrs, static, scope)
        return squeeze(y, [1])


def conv_transpose(
    input: Any,
    filters: Any,
    output_shape: Any,
    strides: Any,
    padding: str = "SAME",
    data_format: str | None = None,
    dilations: Any = None,
    name: str | None = None,
) -> Tensor:
    """`tf.nn.conv_transpose`: conv1d_transpose, conv2d_transpose or conv3d_transpose, by
    the length of `output_shape` (the spatial rank plus two), as TF dispatches."""
    from .conv3d_ops import conv3d_transpose

    if isinstance(output_shape, Tensor):
        shape = output_shape.static_shape
        n = None if shape is None or len(shape) != 1 or shape[0] is None else shape[0] - 2
    elif isinstance(output_shape, list | tuple | np.ndarray):
        n = len(output_shape) - 2
    else:
        raise error(
            "INVALID_ATTR",
            "`output_shape` must be a tensor or sized collection. "
            f"Received: output_shape={output_shape}",
        )
    if n is None or not 1 <= n <= 3:
        raise error(
            "INVALID_ATTR",
            f"`output_shape` must be of length 3, 4 or 5. Received: output_shape={output_shape}",
        )
    transpose = (conv1d_transpose, conv2d_transpose, conv3d_transpose)[n - 1]
    return transpose(
        input,
        filters,
        output_shape,
        strides,
        padding=padding,
        data_format=data_format,
        dilations=dilations,
        name=name or "conv_transpose",
    )


# -- morphological dilation and erosion ----------------------------------------------------------

_DILATION_ATTRS = {
    "strides": ("ints", REQUIRED),
    "rates": ("ints", REQUIRED),
    "padding": ("str", REQUIRED),
}


def _dilation_infer(shapes, types, attrs):
    dtype = same_dtypes(types[:2])
    check_dtype(dtype, "numeric")
    x, f = shapes[0], shapes[1]
    _require4(x, "dilation2d's input")
    if len(f) != 3:
        raise InferenceError("SHAPE_MISMATCH", f"dilation2d's filter must be rank 3, got {list(f)}")
    merge_dim(x[3], f[2], "the input's and the filter's depth")
    conv_like = {**attrs, "dilations": attrs["rates"]}
    _check_attrs(conv_like)
    return [((x[0], *_spatial_out(x, f[:2], conv_like), x[3]), dtype)]


def _dilation_geometry(op, x_shape, f_shape, state):
    a = op.attrs
    paddings, budget = [a["padding"]] * 2, padding_budget(op, state)
    return _Geometry(x_shape[1:3], f_shape[:2], a["strides"], a["rates"], paddings, budget)


def _dilation_argmax(op, x, f, state):
    """For each output, the flat padded-input index and the flat filter index of its
    (first, row-major) maximum of input + filter: where both gradients go, as TF's."""
    geo = _dilation_geometry(op, x.shape, f.shape, state)
    xp = geo.pad(x, _lowest(x.dtype))
    win = geo.windows(xp) + np.transpose(f, (2, 0, 1))  # [N, OH, OW, C, KH, KW]
    kh, kw = geo.k
    arg = win.reshape(*win.shape[:4], kh * kw).argmax(-1)
    (oh, ow), (sh, sw), (dh, dw) = geo.out, geo.s, geo.d
    n, hp, wp, c = xp.shape
    rows = np.arange(oh)[None, :, None, None] * sh + (arg // kw) * dh
    cols = np.arange(ow)[None, None, :, None] * sw + (arg % kw) * dw
    nn_ = np.arange(n)[:, None, None, None]
    cc = np.arange(c)[None, None, None, :]
    x_index = ((nn_ * hp + rows) * wp + cols) * c + cc
    f_index = arg * c + cc
    return geo, win.max(axis=(4, 5)), x_index, f_index, xp.shape


@register_op("Dilation2D", arity=2, infer=_dilation_infer, attrs=_DILATION_ATTRS, heavy=True)
def _dilation2d(op):
    def kernel(*args):
        # With the run state first (its limits bound the padding); without it when folding.
        *state, x, f = args
        return _dilation_argmax(op, x, f, state)[1].astype(x.dtype)

    kernel.needs_state = True
    return kernel


def _dilation_backprop_infer(which):
    def infer(shapes, types, attrs):
        _dilation_infer(shapes[:2], types[:2], attrs)
        return [(shapes[which], types[which])]

    return infer


@register_op(
    "Dilation2DBackpropInput",
    arity=3,
    infer=_dilation_backprop_infer(0),
    attrs=_DILATION_ATTRS,
    heavy=True,
)
def _dilation2d_backprop_input(op):
    def kernel(*args):
        *state, x, f, g = args
        geo, _, x_index, _, padded = _dilation_argmax(op, x, f, state)
        flat = np.bincount(x_index.ravel(), weights=np.ravel(g), minlength=int(np.prod(padded)))
        return _unpad(geo, flat.reshape(padded), x.shape).astype(g.dtype)

    kernel.needs_state = True
    return kernel


@register_op(
    "Dilation2DBackpropFilter",
    arity=3,
    infer=_dilation_backprop_infer(1),
    attrs=_DILATION_ATTRS,
    heavy=True,
)
def _dilation2d_backprop_filter(op):
    def kernel(*args):
        *state, x, f, g = args
        _, _, _, f_index, _ = _dilation_argmax(op, x, f, state)
        flat = np.bincount(f_index.ravel(), weights=np.ravel(g), minlength=f.size)
        return flat.reshape(f.shape).astype(g.dtype)

    kernel.needs_state = True
    return kernel


@register_gradient("Dilation2D")
def _dilation2d_grad(op, g):
    x, f = op.inputs
    graph, attrs = g.op.graph, dict(op.attrs)
    return [
        graph.create_op(
            "Dilation2DBackpropInput", (x, f, g), attrs, "Dilation2DBackpropInput"
        ).outputs[0],
        graph.create_op(
            "Dilation2DBackpropFilter", (x, f, g), attrs, "Dilation2DBackpropFilter"
        ).outputs[0],
    ]


# TensorFlow defines no gradient for the dilation backprops: the same LookupError here.
without_gradient("Dilation2DBackpropInput", "Dilation2DBackpropFilter")


def dilation2d(
    input: Any,
    filter: Any = None,
    strides: Any = None,
    rates: Any = None,
    padding: str | None = None,
    name: str | None = None,
    filters: Any = None,
    dilations: Any = None,
) -> Tensor:
    """Grayscale morphological dilation: the maximum of input + filter over each
    window of a [KH, KW, depth] filter (TF1's `tf.nn.dilation2d`)."""
    filter = filters if filter is None else filter
    rates = dilations if rates is None else rates
    if filter is None or strides is None or rates is None or padding is None:
        raise error("INVALID_ATTR", "dilation2d needs filter, strides, rates and padding")
    attrs = {
        "strides": _four(strides, "strides"),
        "rates": _four(rates, "rates"),
        "padding": checked_padding(padding),
    }
    graph, (x, f) = as_tensors(input, filter)
    return graph.create_op("Dilation2D", (x, f), attrs, name or "Dilation2D").outputs[0]


def erosion2d(
    value: Any, kernel: Any, strides: Any, rates: Any, padding: str, name: str | None = None
) -> Tensor:
    """Grayscale morphological erosion, TF's dual: -dilation2d(-value, reversed kernel)."""
    from .extra_array_ops import reverse_v2
    from .math_ops import negative

    graph, (x, k) = as_tensors(value, kernel)
    with graph.as_default(), graph.name_scope(name, "erosion2d") as scope:
        dilated = dilation2d(negative(x), reverse_v2(k, [0, 1]), strides, rates, padding, scope)
        return negative(dilated)


# -- the other public convolution gradients --------------------------------------------------


def _native_attrs(strides, padding, data_format, dilations) -> dict:
    return {
        "strides": _four(strides, "strides"),
        "padding": checked_padding(padding),
        "dilations": _four(1 if dilations is None else dilations, "dilations"),
        "data_format": _data_format(data_format),
    }


def depthwise_conv2d_native_backprop_input(
    input_sizes: Any,
    filter: Any,
    out_backprop: Any,
    strides: Any,
    padding: str,
    data_format: str = "NHWC",
    dilations: Any = None,
    name: str | None = None,
) -> Tensor:
    """The gradient of depthwise_conv2d_native with respect to its input
    (`tf.nn.depthwise_conv2d_native_backprop_input`)."""
    attrs = _native_attrs(strides, padding, data_format, dilations)
    graph, (f, g) = as_tensors(filter, out_backprop)
    sizes, static = _sizes_tensor(graph, input_sizes, "input_sizes")
    return _depthwise_op(
        "DepthwiseConv2dNativeBackpropInput", (sizes, f, g), attrs, static,
        name or "DepthwiseConv2dNativeBackpropInput",
    )  # fmt: skip


def depthwise_conv2d_native_backprop_filter(
    input: Any,
    filter_sizes: Any,
    out_backprop: Any,
    strides: Any,
    padding: str,
    data_format: str = "NHWC",
    dilations: Any = None,
    name: str | None = None,
) -> Tensor:
    """The gradient of depthwise_conv2d_native with respect to its filter
    (`tf.nn.depthwise_conv2d_native_backprop_filter`)."""
    attrs = _native_attrs(strides, padding, data_format, dilations)
    graph, (x, g) = as_tensors(input, out_backprop)
    sizes, static = _sizes_tensor(graph, filter_sizes, "filter_sizes")
    return _depthwise_op(
        "DepthwiseConv2dNativeBackpropFilter", (x, sizes, g), attrs, static,
        name or "DepthwiseConv2dNativeBackpropFilter",
    )  # fmt: skip


def atrous_conv2d_transpose(
    value: Any, filters: Any, output_shape: Any, rate: int, padding: str, name: str | None = None
) -> Tensor:
    """The transpose of atrous_conv2d (`tf.nn.atrous_conv2d_transpose`): conv2d's input
    gradient with the filter dilated by `rate`; a [h, w, out_channels, in_channels]
    filter."""
    if operator.index(rate) < 1:
        raise error("INVALID_ATTR", f"rate {rate} cannot be less than one")
    graph, (v,) = as_tensors(value)
    with graph.as_default(), graph.name_scope(name, "atrous_conv2d_transpose"):
        # TF's result is the BatchToSpaceND of its space-to-batch form; one dilated
        # transposed convolution under that name gives the same values.
        return conv2d_transpose(
            v, filters, output_shape, 1, padding, dilations=rate, name="BatchToSpaceND"
        )
