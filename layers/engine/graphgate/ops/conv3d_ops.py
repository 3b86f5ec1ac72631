"""3-D convolution and pooling over NDHWC volumes: `conv3d`, `conv3d_transpose`,
`max_pool3d`, `avg_pool3d`, with their gradients (ops Conv3D, Conv3DBackpropInputV2,
Conv3DBackpropFilterV2, MaxPool3D, MaxPool3DGrad, MaxPool3DGradGrad, AvgPool3D, AvgPool3DGrad).

Kernels use a strided window view of the padded input ([N, OD, OH, OW, C, KD, KH, KW])
met by one einsum; input gradients add each kernel offset's slab back (col2im), looping
over KD x KH x KW offsets, never over voxels. The output geometry (out sizes, SAME's odd
element after) is conv_ops' `out_size`/`_pads`: one owner.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .. import dtypes as _dt
from ..errors import UnimplementedError, error
from ..graph import Tensor, as_tensors, constant_op
from . import conv_ops
from .array_ops import shape as _shape_of
from .conv_ops import (
    _blocks,
    _deadline_check,
    _pads,
    _require_shape,
    _zero_pool_grads,
    checked_padding,
    nothing_to_compute,
    out_size,
    run_time_sizes,
    valid_windows,
)
from .registry import (
    REQUIRED,
    InferenceError,
    check_dtype,
    merge_dim,
    register_gradient,
    register_op,
    same_dtypes,
)

_CONV3D_ATTRS = {
    "strides": ("ints", REQUIRED),
    "padding": ("str", REQUIRED),
    "dilations": ("ints", (1, 1, 1, 1, 1)),
    "data_format": ("str", "NDHWC"),
}
_POOL3D_ATTRS = {
    "ksize": ("ints", REQUIRED),
    "strides": ("ints", REQUIRED),
    "padding": ("str", REQUIRED),
    "data_format": ("str", "NDHWC"),
}


def _check5(attrs: dict, names: tuple[str, ...]) -> None:
    if attrs.get("data_format", "NDHWC") != "NDHWC":
        raise InferenceError("INVALID_ATTR", "data_format must be NDHWC in graphgate")
    if attrs["padding"] not in ("SAME", "VALID"):
        raise InferenceError(
            "INVALID_ATTR", f"padding must be SAME or VALID, got {attrs['padding']!r}"
        )
    for name in names:
        v = attrs.get(name, (1, 1, 1, 1, 1))
        if len(v) != 5 or min(v) < 1:
            raise InferenceError("INVALID_ATTR", f"{name} must be 5 positive ints, got {list(v)}")
        if v[0] != 1 or v[4] != 1:
            # TF's kernels refuse these when run, with UnimplementedError (as conv_ops').
            raise error(
                "INVALID_ATTR",
                f"{name} {list(v)}: the batch and channels dimensions must be 1 in NDHWC",
                also=(UnimplementedError,),
            )


def _require5(shape, what):
    if len(shape) != 5:
        raise InferenceError("SHAPE_MISMATCH", f"{what} must be rank 5, got shape {list(shape)}")


def _spatial(shape, k, attrs) -> list:
    s, d = attrs["strides"], attrs.get("dilations", (1, 1, 1, 1, 1))
    outs = []
    for i in range(3):
        o = out_size(shape[i + 1], k[i], s[i + 1], d[i + 1], attrs["padding"])
        if o is not None and o <= 0 and attrs["padding"] != "SAME":
            raise InferenceError("SHAPE_MISMATCH", "a VALID window does not fit in the input")
        outs.append(o)
    return outs


class _Geometry3:
    """Run-time sizes of one 3-D convolution or pooling."""

    def __init__(self, dhw, k, strides, dilations, padding, budget):
        self.k, self.s, self.d = tuple(k), tuple(strides[1:4]), tuple(dilations[1:4])
        self.budget = budget
        self.out = [out_size(dhw[i], k[i], self.s[i], self.d[i], padding) for i in range(3)]
        if min(self.out) <= 0 and padding != "SAME":  # SAME over an empty axis is empty
            raise error("SHAPE_MISMATCH", "a VALID window does not fit in the input")
        self.pads = [
            _pads(dhw[i], self.out[i], k[i], self.s[i], self.d[i], padding) for i in range(3)
        ]

    def pad(self, x, value=0):
        widths = ((0, 0), *self.pads, (0, 0))
        if not any(a or b for a, b in self.pads):
            return x
        self.hold(x.shape, x.dtype)
        return np.pad(x, widths, constant_values=value)

    def hold(self, shape, dtype) -> None:
        """Check, before it is made, the padding of an array of `shape` padded
        (`conv_ops.padding_budget`: a window far wider than its input pads by gigabytes)."""
        n, *dhw, c = shape
        padded = (n, *(v + a + b for v, (a, b) in zip(dhw, self.pads, strict=True)), c)
        self.budget(conv_ops.padding_bytes(shape, padded, dtype))

    def windows(self, xp):
        """[N, OD, OH, OW, C, KD, KH, KW], a view of the padded input."""
        span = [(k - 1) * d + 1 for k, d in zip(self.k, self.d, strict=True)]
        v = sliding_window_view(xp, span, axis=(1, 2, 3))
        cut = tuple(slice(None, (o - 1) * s + 1, s) for o, s in zip(self.out, self.s, strict=True))
        dil = tuple(slice(None, None, d) for d in self.d)
        return v[(slice(None), *cut, slice(None), *dil)]

    def window_blocks(self, n, depth):
        """(image slice, first, end output plane) blocks of the windows: all of them at
        once while their patches fit conv_ops' patch budget (one einsum, as always), else
        bands of output planes within it: a 100³x8 volume under a 7³ filter makes 2.7G
        elements of patches, from tensors each inside the run's limits."""
        od, oh, ow = self.out
        plane = oh * ow * depth * int(np.prod(self.k))
        if n * od * plane <= conv_ops._PATCH_ELEMENTS:
            return [(slice(None), 0, od)]
        return _blocks(n, od, plane, conv_ops._PATCH_ELEMENTS)

    def slab(self, offset):
        """The padded input's positions that kernel offset (i, j, l) meets."""
        return tuple(
            slice(o * d, o * d + (n - 1) * s + 1, s)
            for o, d, n, s in zip(offset, self.d, self.out, self.s, strict=True)
        )

    def crop(self, xp, dhw):
        return xp[
            (slice(None), *(slice(a, a + n) for (a, _), n in zip(self.pads, dhw, strict=True)))
        ]

    def padded_zeros(self, shape, dtype):
        self.hold(shape, dtype)
        n, *dhw, c = shape
        return np.zeros(
            (n, *(v + a + b for v, (a, b) in zip(dhw, self.pads, strict=True)), c), dtype
        )


def _geo(op, dhw, k, state):
    a = op.attrs
    budget = conv_ops.padding_budget(op, state)
    return _Geometry3(dhw, k, a["strides"], a.get("dilations", (1,) * 5), a["padding"], budget)


# -- Conv3D ----------------------------------------------------------------------------------


def _conv3d_infer(shapes, types, attrs):
    dtype = same_dtypes(types)
    check_dtype(dtype, "float")
    _check5(attrs, ("strides", "dilations"))
    x, f = shapes
    _require5(x, "conv3d's input")
    _require5(f, "conv3d's filter")
    if merge_dim(x[4], f[3], "the input's channels and the filter's in_channels") == 0:
        raise InferenceError("SHAPE_MISMATCH", "Depth of filter must not be 0")
    return [((x[0], *_spatial(x, f[:3], attrs), f[4]), dtype)]


@register_op(
    "Conv3D", arity=2, infer=_conv3d_infer, attrs=_CONV3D_ATTRS, heavy=True, needs_state=True
)
def _conv3d(op):
    def kernel(*args):
        # Called with the run state (its deadline read between bands), or without it when
        # constant folding.
        *state, x, f = args
        check = _deadline_check(op, state)
        geo = _geo(op, x.shape[1:4], f.shape[:3], state)
        empty = nothing_to_compute((x.shape[0], *geo.out, f.shape[4]), x.dtype, x, f)
        if empty is not None:
            return empty
        win = geo.windows(geo.pad(x))
        out = np.empty((x.shape[0], *geo.out, f.shape[4]), np.result_type(x, f))
        for images, p0, p1 in geo.window_blocks(x.shape[0], x.shape[4]):
            band = win[images, p0:p1]
            out[images, p0:p1] = np.einsum("ndhwcxyz,xyzco->ndhwo", band, f, optimize=True)
            check()
        return out.astype(x.dtype)

    return kernel


def _sizes_infer(shapes, types, attrs, which):
    check_dtype(types[which], "int", "the sizes")
    if shapes[which] not in ((5,), (None,)):
        raise InferenceError("SHAPE_MISMATCH", "the sizes must be a vector of 5")
    hint = attrs.get("static_shape")
    return hint if hint is not None else (None,) * 5


def _backprop_input3_infer(shapes, types, attrs):
    sizes = _sizes_infer(shapes, types, attrs, 0)
    dtype = same_dtypes(types[1:])
    check_dtype(dtype, "float")
    _check5(attrs, ("strides", "dilations"))
    _require5(shapes[1], "the filter")
    _require5(shapes[2], "the output gradient")
    return [(tuple(sizes), dtype)]


@register_op(
    "Conv3DBackpropInputV2",
    arity=3,
    infer=_backprop_input3_infer,
    attrs={**_CONV3D_ATTRS, "static_shape": ("shape", None)},
    heavy=True,
    needs_state=True,
)
def _conv3d_backprop_input(op):
    def kernel(*args):
        # Called with the run state (the size is bounded before allocating), or without
        # it when constant folding.
        *state, sizes, f, g = args
        sizes = run_time_sizes(op, sizes, 5, state)
        geo = _geo(op, sizes[1:4], f.shape[:3], state)
        if np.ndim(f) != 5 or f.shape[3] != sizes[4]:
            raise error("SHAPE_MISMATCH", f"a filter of shape {list(f.shape)} for {sizes}")
        _require_shape(g, (sizes[0], *geo.out, f.shape[4]), "the output gradient")
        empty = nothing_to_compute(sizes, g.dtype, f, g)
        if empty is not None:
            return empty
        xp = geo.padded_zeros(sizes, g.dtype)
        for offset in np.ndindex(*geo.k):
            xp[(slice(None), *geo.slab(offset))] += np.einsum("ndhwo,co->ndhwc", g, f[offset])
        return geo.crop(xp, sizes[1:4])

    return kernel


def _backprop_filter3_infer(shapes, types, attrs):
    sizes = _sizes_infer(shapes, types, attrs, 1)
    dtype = same_dtypes([types[0], types[2]])
    check_dtype(dtype, "float")
    _check5(attrs, ("strides", "dilations"))
    _require5(shapes[0], "the input")
    _require5(shapes[2], "the output gradient")
    return [(tuple(sizes), dtype)]


@register_op(
    "Conv3DBackpropFilterV2",
    arity=3,
    infer=_backprop_filter3_infer,
    attrs={**_CONV3D_ATTRS, "static_shape": ("shape", None)},
    heavy=True,
    needs_state=True,
)
def _conv3d_backprop_filter(op):
    def kernel(*args):
        *state, x, sizes, g = args
        sizes = run_time_sizes(op, sizes, 5, state)
        _require_shape(x, (*x.shape[:4], sizes[3]), "the input")  # also its rank
        geo = _geo(op, x.shape[1:4], sizes[:3], state)
        _require_shape(g, (x.shape[0], *geo.out, sizes[4]), "the output gradient")
        empty = nothing_to_compute(sizes, x.dtype, x, g)
        if empty is not None:
            return empty
        win, check = geo.windows(geo.pad(x)), _deadline_check(op, state)
        # Zeros to start: an empty batch has no blocks, and its filter gradient is 0.
        total = np.zeros(sizes, np.result_type(x, g))
        for images, p0, p1 in geo.window_blocks(x.shape[0], x.shape[4]):
            total += np.einsum(
                "ndhwcxyz,ndhwo->xyzco", win[images, p0:p1], g[images, p0:p1], optimize=True
            )
            check()
        return total.astype(x.dtype)

    return kernel


def _conv_attrs(op):
    return {k: v for k, v in op.attrs.items() if k in _CONV3D_ATTRS}


def _create(type_, inputs, attrs, name):
    return inputs[-1].op.graph.create_op(type_, inputs, attrs, name).outputs[0]


def _backprop_input(sizes, f, g, attrs, static, name="Conv3DBackpropInputV2"):
    return _create("Conv3DBackpropInputV2", (sizes, f, g), {**attrs, "static_shape": static}, name)


def _backprop_filter(x, sizes, g, attrs, static, name="Conv3DBackpropFilterV2"):
    return _create("Conv3DBackpropFilterV2", (x, sizes, g), {**attrs, "static_shape": static}, name)


@register_gradient("Conv3D")
def _conv3d_grad(op, g):
    x, f = op.inputs
    attrs = _conv_attrs(op)
    return [
        _backprop_input(_shape_of(x), f, g, attrs, x.static_shape),
        _backprop_filter(x, _shape_of(f), g, attrs, f.static_shape),
    ]


@register_gradient("Conv3DBackpropInputV2")
def _conv3d_backprop_input_grad(op, g):
    _, f, dy = op.inputs
    attrs = _conv_attrs(op)
    return [
        None,
        _backprop_filter(g, _shape_of(f), dy, attrs, f.static_shape),
        _create("Conv3D", (g, f), attrs, "Conv3D"),
    ]


@register_gradient("Conv3DBackpropFilterV2")
def _conv3d_backprop_filter_grad(op, g):
    x, _, dy = op.inputs
    attrs = _conv_attrs(op)
    return [
        _backprop_input(_shape_of(x), g, dy, attrs, x.static_shape),
        None,
        _create("Conv3D", (x, g), attrs, "Conv3D"),
    ]


# -- pooling ---------------------------------------------------------------------------------


def _pool3d_infer(shapes, types, attrs):
    # TF's 3-D pools have no float64 kernel (MaxPool3D refuses it while building).
    if types[0] not in (_dt.float16, _dt.float32):
        raise InferenceError(
            "DTYPE_MISMATCH", f"3-D pooling takes float16 or float32, got {types[0]}"
        )
    _check5(attrs, ("strides", "ksize"))
    x = shapes[0]
    _require5(x, "the pooled input")
    return [((x[0], *_spatial(x, attrs["ksize"][1:4], attrs), x[4]), types[0])]


def _pool_geo(op, dhw, state):
    a = op.attrs
    budget = conv_ops.padding_budget(op, state)
    return _Geometry3(dhw, a["ksize"][1:4], a["strides"], (1,) * 5, a["padding"], budget)


@register_op("MaxPool3D", arity=1, infer=_pool3d_infer, attrs=_POOL3D_ATTRS, heavy=True)
def _max_pool3d(op):
    def kernel(*args):
        # With the run state first (its limits bound the padding); without it when folding.
        *state, x = args
        # TF's kernel starts each window at the lowest value and takes an element only when
        # larger: NaN (and the padding, NaN here) passed over, -inf pooled to the lowest
        # finite value, the first of equal zeros keeping its sign (fmax's is arbitrary).
        geo = _pool_geo(op, x.shape[1:4], state)
        empty = nothing_to_compute((x.shape[0], *geo.out, x.shape[4]), x.dtype, x)
        if empty is not None:
            return empty
        win = geo.windows(geo.pad(x, np.nan))
        y = np.fmax.reduce(win, axis=(5, 6, 7))
        np.fmax(y, np.finfo(x.dtype).min, out=y)
        zero = y == 0
        if zero.any() and (np.signbit(x) & (x == 0)).any():
            flat = win.reshape(*win.shape[:5], -1)
            first = np.argmax(flat == 0, axis=-1)[..., None]
            y[zero] = np.take_along_axis(flat, first, -1)[..., 0][zero]
        return y

    kernel.needs_state = True
    return kernel


def _max_grad_infer(shapes, types, attrs):
    _check5(attrs, ("strides", "ksize"))
    return [(shapes[0], types[2])]


@register_op("MaxPool3DGrad", arity=3, infer=_max_grad_infer, attrs=_POOL3D_ATTRS, heavy=True)
def _max_pool3d_grad(op):
    def kernel(*args):
        *state, x, y, g = args
        # Each window's gradient goes to its first maximum (in window order), NaN passed
        # over as the forward pool passes it, as the kernel TF runs on fed inputs (its
        # constant folding's Eigen kernel gives it to every near-tie instead).
        geo = _pool_geo(op, x.shape[1:4], state)
        pooled = (x.shape[0], *geo.out, x.shape[4])
        _require_shape(y, pooled, "the max pool's output")
        _require_shape(g, pooled, "the output gradient")
        empty = nothing_to_compute(x.shape, g.dtype, g)
        if empty is not None:
            return empty
        if x.dtype.kind == "f" and np.isnan(x).any():
            x = np.where(np.isnan(x), x.dtype.type(-np.inf), x)
        xp = geo.pad(x, -np.inf)
        win = geo.windows(xp)
        first = win.reshape(*win.shape[:5], -1).argmax(-1)  # [N, OD, OH, OW, C]
        offsets = np.unravel_index(first, geo.k)
        n, od, oh, ow, c = np.indices(first.shape, sparse=True)
        coords = [o * s + k for o, s, k in zip((od, oh, ow), geo.s, offsets, strict=True)]
        flat = np.ravel_multi_index((n, *coords, c), xp.shape)
        out = np.bincount(flat.ravel(), weights=np.ravel(g), minlength=xp.size)
        return geo.crop(out.reshape(xp.shape).astype(g.dtype), x.shape[1:4])

    kernel.needs_state = True
    return kernel


@register_gradient("MaxPool3D")
def _max_pool3d_gradient(op, g):
    attrs = dict(op.attrs)
    return [_create("MaxPool3DGrad", (op.inputs[0], op.outputs[0], g), attrs, "MaxPool3DGrad")]


def _max_grad_grad_infer(shapes, types, attrs):
    _check5(attrs, ("strides", "ksize"))
    return [(shapes[1], types[0])]


@register_op(
    "MaxPool3DGradGrad", arity=3, infer=_max_grad_grad_infer, attrs=_POOL3D_ATTRS, heavy=True
)
def _max_pool3d_grad_grad(op):
    def kernel(*args):
        *state, x, y, gg = args
        geo = _pool_geo(op, x.shape[1:4], state)
        _require_shape(y, (x.shape[0], *geo.out, x.shape[4]), "the max pool's output")
        _require_shape(gg, x.shape, "the input's gradient")
        empty = nothing_to_compute(y.shape, gg.dtype, gg)
        if empty is not None:
            return empty
        # TF's kernel reads, for each window, its first voxel (in window order) equal to
        # the output as given, and 0 where none is (NaN; -inf, which pools to the lowest):
        # the NaN padding equals nothing.
        win = geo.windows(geo.pad(x, np.nan))
        equal = win.reshape(*win.shape[:5], -1) == np.asarray(y, x.dtype)[..., None]
        first = equal.argmax(-1)[..., None]
        gwin = geo.windows(geo.pad(gg, 0))
        out = np.take_along_axis(gwin.reshape(*gwin.shape[:5], -1), first, -1)[..., 0]
        return np.where(equal.any(-1), out, 0).astype(gg.dtype)

    kernel.needs_state = True
    return kernel


@register_gradient("MaxPool3DGrad")
def _max_pool3d_grad_gradient(op, g):
    x, y, _ = op.inputs
    grad = _create("MaxPool3DGradGrad", (x, y, g), dict(op.attrs), "MaxPool3DGradGrad")
    return [*_zero_pool_grads(x, y), grad]


@register_gradient("MaxPool3DGradGrad")
def _max_pool3d_grad_grad_gradient(op, g):
    x, y, _ = op.inputs
    return [
        *_zero_pool_grads(x, y),
        _create("MaxPool3DGrad", (x, y, g), dict(op.attrs), "MaxPool3DGrad"),
    ]


def _valid_counts(geo, dhw, dtype):
    ones = np.ones((1, *dhw, 1), dtype)
    return geo.windows(geo.pad(ones)).sum(axis=(5, 6, 7))


@register_op("AvgPool3D", arity=1, infer=_pool3d_infer, attrs=_POOL3D_ATTRS, heavy=True)
def _avg_pool3d(op):
    def kernel(*args):
        *state, x = args
        geo = _pool_geo(op, x.shape[1:4], state)
        empty = nothing_to_compute((x.shape[0], *geo.out, x.shape[4]), x.dtype, x)
        if empty is not None:
            return empty
        total = geo.windows(geo.pad(x)).sum(axis=(5, 6, 7))
        return (total / _valid_counts(geo, x.shape[1:4], x.dtype)).astype(x.dtype)

    kernel.needs_state = True
    return kernel


def _avg_grad_infer(shapes, types, attrs):
    sizes = _sizes_infer(shapes, types, attrs, 0)
    _check5(attrs, ("strides", "ksize"))
    check_dtype(types[1], "float")
    return [(tuple(sizes), types[1])]


@register_op(
    "AvgPool3DGrad",
    arity=2,
    infer=_avg_grad_infer,
    attrs={**_POOL3D_ATTRS, "static_shape": ("shape", None)},
    heavy=True,
    needs_state=True,
)
def _avg_pool3d_grad(op):
    def kernel(*args):
        *state, sizes, g = args
        sizes = run_time_sizes(op, sizes, 5, state)
        geo = _pool_geo(op, sizes[1:4], state)
        _require_shape(g, (sizes[0], *geo.out, sizes[4]), "the output gradient")
        empty = nothing_to_compute(sizes, g.dtype, g)
        if empty is not None:
            return empty
        share = g / _valid_counts(geo, sizes[1:4], g.dtype)
        xp = geo.padded_zeros(sizes, g.dtype)
        for offset in np.ndindex(*geo.k):
            xp[(slice(None), *geo.slab(offset))] += share
        return geo.crop(xp, sizes[1:4])

    return kernel


@register_gradient("AvgPool3D")
def _avg_pool3d_gradient(op, g):
    x = op.inputs[0]
    attrs = {**op.attrs, "static_shape": x.static_shape}
    return [_create("AvgPool3DGrad", (_shape_of(x), g), attrs, "AvgPool3DGrad")]


@register_gradient("AvgPool3DGrad")
def _avg_pool3d_grad_gradient(op, g):
    attrs = {k: v for k, v in op.attrs.items() if k in _POOL3D_ATTRS}
    return [None, _create("AvgPool3D", (g,), attrs, "AvgPool3D")]


# -- public API ------------------------------------------------------------------------------


def _five(value: Any, what: str) -> tuple[int, ...]:
    """An int, [d, h, w] or [1, d, h, w, 1]."""
    if isinstance(value, int | np.integer):
        v = operator.index(value)
        return (1, v, v, v, 1)
    items = tuple(operator.index(v) for v in value)
    if len(items) == 1:
        return (1, *items * 3, 1)
    if len(items) == 3:
        return (1, *items, 1)
    if len(items) == 5:
        return items
    raise error("INVALID_ATTR", f"{what} must have 1, 3 or 5 entries, got {list(items)}")


def _format(data_format: Any) -> str:
    if data_format not in (None, "NDHWC"):
        raise error("INVALID_ATTR", f"data_format {data_format!r} is not supported; use NDHWC")
    return "NDHWC"


# NCDHW, as conv_ops' NCHW: the entry points move the input to NDHWC, build the NDHWC op
# and move the result back (the last Transpose under TF's op name), so the values and
# gradients are the NDHWC op's.


def _ndhwc_five(value: Any) -> Any:
    """A 5-entry stride, window or dilation in NCDHW order, in NDHWC order."""
    if isinstance(value, int | np.integer) or value is None or len(value) != 5:
        return value
    items = list(value)
    return [items[0], *items[2:], items[1]]


def _in_ndhwc(input: Any, name: str | None, default: str, build) -> Tensor:
    """`build` (of an NDHWC tensor) applied to NCDHW `input`, its result moved back."""
    from .array_ops import transpose

    graph, (x,) = as_tensors(input)
    with graph.as_default(), graph.name_scope(name, default) as scope:
        y = build(transpose(x, [0, 2, 3, 4, 1], name="to_ndhwc"))
        perm = {"perm": (0, 4, 1, 2, 3)}
        return graph.create_op("Transpose", (y,), perm, scope[:-1], exact_name=True).outputs[0]


def conv3d(
    input: Any,
    filter: Any = None,
    strides: Any = None,
    padding: str | None = None,
    data_format: str = "NDHWC",
    dilations: Any = None,
    name: str | None = None,
    filters: Any = None,
) -> Tensor:
    """3-D convolution of NDHWC `input` with a [KD, KH, KW, in, out] filter (`tf.nn.conv3d`)."""
    filter = filters if filter is None else filter
    if filter is None or strides is None or padding is None:
        raise error("INVALID_ATTR", "conv3d needs filter, strides and padding")
    if data_format == "NCDHW":
        return _in_ndhwc(
            input, name, "Conv3D",
            lambda t: conv3d(t, filter, _ndhwc_five(strides), padding, "NDHWC",
                             _ndhwc_five(dilations), "Conv3D"),
        )  # fmt: skip
    attrs = {
        "strides": _five(strides, "strides"),
        "padding": checked_padding(padding),
        "dilations": _five(1 if dilations is None else dilations, "dilations"),
        "data_format": _format(data_format),
    }
    graph, (x, f) = as_tensors(input, filter)
    return graph.create_op("Conv3D", (x, f), attrs, name or "Conv3D").outputs[0]


def conv3d_transpose(
    value: Any,
    filter: Any = None,
    output_shape: Any = None,
    strides: Any = None,
    padding: str = "SAME",
    data_format: str = "NDHWC",
    name: str | None = None,
    input: Any = None,
    filters: Any = None,
    dilations: Any = None,
) -> Tensor:
    """The gradient of conv3d with respect to its input (`tf.nn.conv3d_transpose`); the
    filter is [KD, KH, KW, out_channels, in_channels]."""
    value = input if value is None else value
    filter = filters if filter is None else filter
    if value is None or filter is None or output_shape is None or strides is None:
        raise error("INVALID_ATTR", "conv3d_transpose needs value, filter, output_shape, strides")
    attrs = {
        "strides": _five(strides, "strides"),
        "padding": checked_padding(padding),
        "dilations": _five(1 if dilations is None else dilations, "dilations"),
        "data_format": _format(data_format),
    }
    graph, (g, f) = as_tensors(value, filter)
    if isinstance(output_shape, Tensor):
        sizes, static = output_shape, None
    else:
        static = tuple(operator.index(d) for d in output_shape)
        sizes = constant_op(graph, np.array(static, np.int32), name="output_shape")
    return _backprop_input(sizes, f, g, attrs, static, name or "conv3d_transpose")


def conv3d_backprop_filter_v2(
    input: Any,
    filter_sizes: Any,
    out_backprop: Any,
    strides: Any,
    padding: str,
    data_format: str = "NDHWC",
    dilations: Any = (1, 1, 1, 1, 1),
    name: str | None = None,
) -> Tensor:
    """The gradient of conv3d with respect to its filter (TF1's
    `tf.nn.conv3d_backprop_filter_v2`, also `conv3d_backprop_filter`): Conv3DBackpropFilterV2,
    `strides` and `dilations` of five entries."""
    from .conv_ops import _sizes_tensor

    attrs = {
        "strides": _five(strides, "strides"),
        "padding": checked_padding(padding),
        "dilations": _five(dilations, "dilations"),
        "data_format": _format(data_format),
    }
    graph, (x, g) = as_tensors(input, out_backprop)
    sizes, static = _sizes_tensor(graph, filter_sizes, "filter_sizes")
    return _backprop_filter(x, sizes, g, attrs, static, name or "Conv3DBackpropFilterV2")


conv3d_backprop_filter = conv3d_backprop_filter_v2


def _pool3d(type_, input, ksize, strides, padding, data_format, name):
    if data_format == "NCDHW":
        return _in_ndhwc(
            input, name, type_,
            lambda t: _pool3d(type_, t, _ndhwc_five(ksize), _ndhwc_five(strides), padding,
                              "NDHWC", type_),
        )  # fmt: skip
    attrs = {
        "ksize": _five(ksize, "ksize"),
        "strides": _five(strides, "strides"),
        "padding": checked_padding(padding),
        "data_format": _format(data_format),
    }
    graph, (x,) = as_tensors(input)
    return graph.create_op(type_, (x,), attrs, name or type_).outputs[0]


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None) -> Tensor:
    """The maximum over each KD x KH x KW window (`tf.nn.max_pool3d`)."""
    return _pool3d("MaxPool3D", input, ksize, strides, padding, data_format, name)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None) -> Tensor:
    """The mean over each window, SAME windows dividing by their unpadded voxels."""
    return _pool3d("AvgPool3D", input, ksize, strides, padding, data_format, name)


# -- volume patches ----------------------------------------------------------------------------


def _volume_axis(size: int | None, k: int, stride: int, padding: str):
    """(out, before) along one axis of ExtractVolumePatches. SAME places the windows as
    Eigen's volume patches do: the padding total is not clamped at 0, so windows whose
    strided span falls short of the input sit centred in it (`before` negative, C's
    truncation of half the total), not at its start."""
    if size is None:
        return None, 0
    if padding == "VALID":
        return valid_windows(size, k, stride), 0
    out = -(-size // stride)
    total = (out - 1) * stride + k - size
    return out, int(total / 2)


def _volume_attrs_check(attrs) -> None:
    for name in ("ksizes", "strides"):
        v = attrs[name]
        if len(v) != 5 or min(v) < 1:
            raise InferenceError("INVALID_ATTR", f"{name} must be 5 positive ints, got {list(v)}")
        if v[0] != 1 or v[4] != 1:  # TF's kernel: UnimplementedError
            raise InferenceError("UNIMPLEMENTED", f"Only support {name} across space, got {v}")
    if attrs["padding"] not in ("SAME", "VALID"):
        raise InferenceError("INVALID_ATTR", "padding must be SAME or VALID")


def _volume_patches_infer(shapes, types, attrs):
    _volume_attrs_check(attrs)
    x = shapes[0]
    _require5(x, "ExtractVolumePatches' input")
    ks, st = attrs["ksizes"], attrs["strides"]
    outs = [_volume_axis(x[i], ks[i], st[i], attrs["padding"])[0] for i in (1, 2, 3)]
    depth = None if x[4] is None else x[4] * ks[1] * ks[2] * ks[3]
    return [((x[0], *outs, depth), types[0])]


def _volume_index(op, dhw):
    """Per spatial axis, [out, k] positions into the input padded by one on each side
    (0 reads the padding's zero)."""
    ks, st, padding = op.attrs["ksizes"], op.attrs["strides"], op.attrs["padding"]
    index = []
    for i, size in enumerate(dhw):
        out, before = _volume_axis(size, ks[i + 1], st[i + 1], padding)
        pos = np.arange(out)[:, None] * st[i + 1] + np.arange(ks[i + 1])[None, :] - before
        index.append(np.where((pos >= 0) & (pos < size), pos + 1, 0))
    return index


_VOLUME_ATTRS = {
    "ksizes": ("ints", REQUIRED),
    "strides": ("ints", REQUIRED),
    "padding": ("str", REQUIRED),
}


@register_op(
    "ExtractVolumePatches", arity=1, infer=_volume_patches_infer, attrs=_VOLUME_ATTRS, heavy=True
)
def _extract_volume_patches(op):
    def kernel(x):
        x = np.asarray(x)
        n, c = x.shape[0], x.shape[4]
        d, h, w = _volume_index(op, x.shape[1:4])
        padded = np.pad(x, [(0, 0), (1, 1), (1, 1), (1, 1), (0, 0)])
        # [n, od, kd, oh, kh, ow, kw, c] -> [n, od, oh, ow, kd, kh, kw, c]
        dd = d[:, :, None, None, None, None]
        out = padded[:, dd, h[None, None, :, :, None, None], w[None, None, None, None]]
        out = out.transpose(0, 1, 3, 5, 2, 4, 6, 7)
        return out.reshape(
            n, d.shape[0], h.shape[0], w.shape[0], d.shape[1] * h.shape[1] * w.shape[1] * c
        )

    return kernel


def _volume_grad_infer(shapes, types, attrs):
    return [(shapes[1], types[0])]


@register_op(
    "ExtractVolumePatchesGrad", arity=2, infer=_volume_grad_infer, attrs=_VOLUME_ATTRS, heavy=True
)
def _extract_volume_patches_grad(op):
    """Each patch element's gradient added back onto the voxel it was read from."""

    def kernel(g, x):
        n, *dhw, c = np.shape(x)
        d, h, w = _volume_index(op, dhw)
        g = np.asarray(g).reshape(
            n, d.shape[0], h.shape[0], w.shape[0], d.shape[1], h.shape[1], w.shape[1], c
        )
        out = np.zeros((n, *(v + 2 for v in dhw), c), g.dtype)
        index = (
            slice(None),
            d[:, None, None, :, None, None],
            h[None, :, None, None, :, None],
            w[None, None, :, None, None, :],
        )
        np.add.at(out, index, g)
        return out[:, 1:-1, 1:-1, 1:-1]

    return kernel


@register_gradient("ExtractVolumePatches")
def _extract_volume_patches_gradient(op, g):
    x = op.inputs[0]
    grad = g.op.graph.create_op("ExtractVolumePatchesGrad", (g, x), dict(op.attrs), "patches_grad")
    return [grad.outputs[0]]


@register_gradient("ExtractVolumePatchesGrad")
def _extract_volume_patches_grad_gradient(op, g):
    """Linear in the patches, its adjoint the extraction itself (the input lends only its
    shape)."""
    patches = g.op.graph.create_op("ExtractVolumePatches", (g,), dict(op.attrs), "patches")
    return [patches.outputs[0], None]


def extract_volume_patches(
    input: Any, ksizes: Any, strides: Any, padding: str, name: str | None = None
) -> Tensor:
    """Patches of `ksizes` at `strides` from NDHWC `input`, flattened into the depth
    (`tf.extract_volume_patches`)."""
    attrs = {
        "ksizes": tuple(operator.index(v) for v in ksizes),
        "strides": tuple(operator.index(v) for v in strides),
        "padding": checked_padding(padding),
    }
    graph, (x,) = as_tensors(input)
    return graph.create_op(
        "ExtractVolumePatches", (x,), attrs, name or "ExtractVolumePatches"
    ).outputs[0]
