"""`tf.raw_ops`' convolutions, pools, bias and top-k ops (see raw_ops.py): TF's
attributes checked as TF's OpDefs and shape functions check them, then built by the
public function that owns each op (`gg.nn.conv2d` builds Conv2D).
"""

from __future__ import annotations

import collections
import operator
from typing import Any

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, as_tensors
from .raw_op_attrs import dtype_in, gg, ints, named, one_of, unimplemented

_2D = ("NHWC", "NCHW")
_3D = ("NDHWC", "NCDHW")
_EXPLICIT = ("SAME", "VALID", "EXPLICIT")
_PLAIN = ("SAME", "VALID")


def _window(op: str, attr: str, value: Any, fmt: str) -> list[int]:
    """strides/ksize/dilations: one value per dimension of `fmt`. TF's kernels stride and
    pool over neither the batch nor (but a 2-D max pool's depth window) the channels
    (UnimplementedError when run, raised here when built); a dilation there is
    InvalidArgumentError."""
    items = ints(op, attr, value, len(fmt))
    channels = items[fmt.index("C")]
    if attr == "dilations" and (items[0] != 1 or channels != 1):
        raise error("INVALID_ATTR", f"{op}: dilations over the batch or the channels: {items}")
    if items[0] != 1 or (channels != 1 and op not in ("MaxPool", "Conv2D", "AvgPool")):
        raise unimplemented(op, f"{attr} {items} over the batch or the channels")
    return items


def _padding(op: str, padding: Any, explicit: Any, fmt: str) -> Any:
    """'SAME', 'VALID', or the public functions' [before, after] pairs of EXPLICIT."""
    padding = one_of(op, "padding", padding, _EXPLICIT)
    flat = ints(op, "explicit_paddings", explicit)
    if padding != "EXPLICIT":
        if flat:
            raise _no_explicit(op)
        return padding
    if len(flat) != 2 * len(fmt) or any(v < 0 for v in flat):
        raise _bad_explicit(op, flat)
    pairs = [flat[i : i + 2] for i in range(0, len(flat), 2)]
    if pairs[0] != [0, 0] or pairs[fmt.index("C")] != [0, 0]:
        raise _bad_explicit(op, flat)
    return pairs


def _no_explicit(op: str) -> Exception:
    return error("INVALID_ATTR", f"{op}: explicit_paddings are only for padding EXPLICIT")


def _bad_explicit(op: str, flat: list[int]) -> Exception:
    return error(
        "INVALID_ATTR",
        f"{op}: explicit_paddings {flat} must be a non-negative [before, after] pair per "
        "dimension, zero over the batch and the channels",
    )


def _formatted(op: str, fmt: Any, allowed: tuple[str, ...], computed: tuple[str, ...]) -> str:
    fmt = one_of(op, "data_format", fmt, allowed)
    if fmt not in computed:
        raise unimplemented(op, f"data_format {fmt}")
    return fmt


def BiasAdd(*, value, bias, data_format="NHWC", name=None):
    fmt = one_of("BiasAdd", "data_format", data_format, _2D)
    return gg().nn.bias_add(value, bias, fmt, name=name or "BiasAdd")


def BiasAddGrad(*, out_backprop, data_format="NHWC", name=None):
    # The gradient op itself, which no public function builds alone.
    fmt = one_of("BiasAddGrad", "data_format", data_format, _2D)
    graph, (g,) = as_tensors(out_backprop)
    return graph.create_op(
        "BiasAddGrad", (g,), {"data_format": fmt}, name or "BiasAddGrad"
    ).outputs[0]


def Conv2D(
    *,
    input,
    filter,
    strides,
    padding,
    use_cudnn_on_gpu=True,
    explicit_paddings=[],  # noqa: B006 - TF's default, never mutated
    data_format="NHWC",
    dilations=[1, 1, 1, 1],  # noqa: B006
    name=None,
):
    fmt = one_of("Conv2D", "data_format", data_format, _2D)
    return gg().nn.conv2d(
        input,
        filter,
        _window("Conv2D", "strides", strides, fmt),
        _padding("Conv2D", padding, explicit_paddings, fmt),
        data_format=fmt,
        dilations=_window("Conv2D", "dilations", dilations, fmt),
        name=name or "Conv2D",
    )


def _backprop(op: str, public: str) -> Any:
    def raw_op(
        *,
        sizes,
        tensor,
        out_backprop,
        strides,
        padding,
        explicit_paddings=(),
        data_format="NHWC",
        dilations=(1, 1, 1, 1),
        name=None,
    ):
        fmt = _formatted(op, data_format, _2D, ("NHWC",))
        args = (
            _window(op, "strides", strides, fmt),
            _padding(op, padding, explicit_paddings, fmt),
        )
        fn = getattr(gg().nn, public)
        if op.endswith("Filter"):
            return fn(
                tensor,
                sizes,
                out_backprop,
                *args,
                dilations=_window(op, "dilations", dilations, fmt),
                name=name or op,
            )
        return fn(
            sizes,
            tensor,
            out_backprop,
            *args,
            dilations=_window(op, "dilations", dilations, fmt),
            name=name or op,
        )

    return raw_op


_conv2d_input = _backprop("Conv2DBackpropInput", "conv2d_backprop_input")
_conv2d_filter = _backprop("Conv2DBackpropFilter", "conv2d_backprop_filter")
_depthwise_input = _backprop(
    "DepthwiseConv2dNativeBackpropInput", "depthwise_conv2d_native_backprop_input"
)
_depthwise_filter = _backprop(
    "DepthwiseConv2dNativeBackpropFilter", "depthwise_conv2d_native_backprop_filter"
)


def Conv2DBackpropInput(
    *,
    input_sizes,
    filter,
    out_backprop,
    strides,
    padding,
    use_cudnn_on_gpu=True,
    explicit_paddings=[],  # noqa: B006
    data_format="NHWC",
    dilations=[1, 1, 1, 1],  # noqa: B006
    name=None,
):
    return _conv2d_input(
        sizes=input_sizes,
        tensor=filter,
        out_backprop=out_backprop,
        strides=strides,
        padding=padding,
        explicit_paddings=explicit_paddings,
        data_format=data_format,
        dilations=dilations,
        name=name,
    )


def Conv2DBackpropFilter(
    *,
    input,
    filter_sizes,
    out_backprop,
    strides,
    padding,
    use_cudnn_on_gpu=True,
    explicit_paddings=[],  # noqa: B006
    data_format="NHWC",
    dilations=[1, 1, 1, 1],  # noqa: B006
    name=None,
):
    return _conv2d_filter(
        sizes=filter_sizes,
        tensor=input,
        out_backprop=out_backprop,
        strides=strides,
        padding=padding,
        explicit_paddings=explicit_paddings,
        data_format=data_format,
        dilations=dilations,
        name=name,
    )


def DepthwiseConv2dNative(
    *,
    input,
    filter,
    strides,
    padding,
    explicit_paddings=[],  # noqa: B006
    data_format="NHWC",
    dilations=[1, 1, 1, 1],  # noqa: B006
    name=None,
):
    op = "DepthwiseConv2dNative"
    fmt = one_of(op, "data_format", data_format, _2D)
    return gg().nn.depthwise_conv2d_native(
        input,
        filter,
        _window(op, "strides", strides, fmt),
        _padding(op, padding, explicit_paddings, fmt),
        data_format=fmt,
        dilations=_window(op, "dilations", dilations, fmt),
        name=name or op,
    )


def DepthwiseConv2dNativeBackpropInput(
    *,
    input_sizes,
    filter,
    out_backprop,
    strides,
    padding,
    explicit_paddings=[],  # noqa: B006
    data_format="NHWC",
    dilations=[1, 1, 1, 1],  # noqa: B006
    name=None,
):
    return _depthwise_input(
        sizes=input_sizes,
        tensor=filter,
        out_backprop=out_backprop,
        strides=strides,
        padding=padding,
        explicit_paddings=explicit_paddings,
        data_format=data_format,
        dilations=dilations,
        name=name,
    )


def DepthwiseConv2dNativeBackpropFilter(
    *,
    input,
    filter_sizes,
    out_backprop,
    strides,
    padding,
    explicit_paddings=[],  # noqa: B006
    data_format="NHWC",
    dilations=[1, 1, 1, 1],  # noqa: B006
    name=None,
):
    return _depthwise_filter(
        sizes=filter_sizes,
        tensor=input,
        out_backprop=out_backprop,
        strides=strides,
        padding=padding,
        explicit_paddings=explicit_paddings,
        data_format=data_format,
        dilations=dilations,
        name=name,
    )


def _pool(op: str, fmts: tuple[str, ...], computed: tuple[str, ...], paddings: tuple[str, ...]):
    public = {"MaxPool": "max_pool", "AvgPool": "avg_pool"}.get(op) or op.lower().replace(
        "pool3d", "_pool3d"
    )

    def build(x, ksize, strides, padding, data_format, explicit_paddings, name):
        fmt = _formatted(op, data_format, fmts, computed)
        ksize = _window(op, "ksize", ksize, fmt)
        strides = _window(op, "strides", strides, fmt)
        padding = one_of(op, "padding", padding, paddings)
        depth = ksize[fmt.index("C")] != 1 or strides[fmt.index("C")] != 1
        if depth and (op != "MaxPool" or max(ksize[1:3] + strides[1:3]) > 1):
            # A depth window alone is TF's depthwise max pool; with a spatial one, or for
            # AvgPool, TF's kernels have none.
            raise unimplemented(op, f"a window over the channels: ksize {ksize}, strides {strides}")
        if paddings == _EXPLICIT:
            padding = _padding(op, padding, explicit_paddings, fmt)
        if fmt == "NCHW" and not isinstance(padding, str):
            # TF's CPU MaxPool computes NCHW (oneDNN's kernel) but not with EXPLICIT.
            raise error("INVALID_ATTR", f"{op}: explicit paddings need NHWC on the CPU, as TF's")
        return getattr(gg().nn, public)(x, ksize, strides, padding, data_format=fmt, name=name)

    return build


_max_pool = _pool("MaxPool", (*_2D, "NCHW_VECT_C"), _2D, _EXPLICIT)
_avg_pool = _pool("AvgPool", _2D, _2D, _PLAIN)
_max_pool3d = _pool("MaxPool3D", _3D, _3D, _PLAIN)
_avg_pool3d = _pool("AvgPool3D", _3D, _3D, _PLAIN)


def MaxPool(*, input, ksize, strides, padding, explicit_paddings=[], data_format="NHWC", name=None):  # noqa: B006
    return _max_pool(
        input, ksize, strides, padding, data_format, explicit_paddings, name or "MaxPool"
    )


def AvgPool(*, value, ksize, strides, padding, data_format="NHWC", name=None):
    return _avg_pool(value, ksize, strides, padding, data_format, (), name or "AvgPool")


def MaxPool3D(*, input, ksize, strides, padding, data_format="NDHWC", name=None):
    return _max_pool3d(input, ksize, strides, padding, data_format, (), name or "MaxPool3D")


def AvgPool3D(*, input, ksize, strides, padding, data_format="NDHWC", name=None):
    return _avg_pool3d(input, ksize, strides, padding, data_format, (), name or "AvgPool3D")


def Conv3D(
    *,
    input,
    filter,
    strides,
    padding,
    data_format="NDHWC",
    dilations=[1, 1, 1, 1, 1],  # noqa: B006 - TF's default, never mutated
    name=None,
):
    fmt = _formatted("Conv3D", data_format, _3D, _3D)
    return gg().nn.conv3d(
        input,
        filter,
        _window("Conv3D", "strides", strides, fmt),
        one_of("Conv3D", "padding", padding, _PLAIN),
        data_format=fmt,
        dilations=_window("Conv3D", "dilations", dilations, fmt),
        name=name or "Conv3D",
    )


_ARGMAX = collections.namedtuple("MaxPoolWithArgmax", ("output", "argmax"))


def MaxPoolWithArgmax(
    *, input, ksize, strides, padding, Targmax=_dt.int64, include_batch_in_index=False, name=None
):
    op = "MaxPoolWithArgmax"
    return _ARGMAX(
        *gg().nn.max_pool_with_argmax(
            input,
            _window(op, "ksize", ksize, "NHWC"),
            _window(op, "strides", strides, "NHWC"),
            one_of(op, "padding", padding, _PLAIN),
            Targmax=dtype_in(op, "Targmax", Targmax, (_dt.int32, _dt.int64)),
            include_batch_in_index=bool(include_batch_in_index),
            name=name or op,
        )
    )


_XENT = collections.namedtuple("SoftmaxCrossEntropyWithLogits", ("loss", "backprop"))


def SoftmaxCrossEntropyWithLogits(*, features, labels, name=None):
    loss = gg().nn.softmax_cross_entropy_with_logits_v2(
        labels=labels, logits=features, name=name or "SoftmaxCrossEntropyWithLogits"
    )
    return _XENT(*loss.op.outputs)  # the op's second output is its backprop, as TF's


_TOP_K = collections.namedtuple("TopKV2", ("values", "indices"))


def TopKV2(*, input, k, sorted=True, index_type=_dt.int32, name=None):
    return _TOP_K(*gg().nn.top_k(input, k, sorted, name=name or "TopKV2", index_type=index_type))


_APPROX_TOP_K = collections.namedtuple("ApproxTopK", ("values", "indices"))


def ApproxTopK(
    *, input, k, reduction_dimension=-1, recall_target=0.95, is_max_k=True,
    reduction_input_size_override=-1, aggregate_to_topk=True, name=None,
):  # fmt: skip
    return approx_top_k(
        input, k, reduction_dimension, recall_target, is_max_k, reduction_input_size_override,
        aggregate_to_topk, name,
    )  # fmt: skip


def approx_top_k(
    input, k, reduction_dimension=-1, recall_target=0.95, is_max_k=True,
    reduction_input_size_override=-1, aggregate_to_topk=True, name=None,
):  # fmt: skip
    """`tf.approx_top_k`: TF's generated wrapper of the ApproxTopK op, (values, indices)."""
    from .ops.index_ops import approx_max_k, approx_min_k

    build = approx_max_k if is_max_k else approx_min_k
    return _APPROX_TOP_K(
        *build(input, k, reduction_dimension, recall_target, reduction_input_size_override,
               aggregate_to_topk, name)
    )  # fmt: skip


def InTopKV2(*, predictions, targets, k, name=None):
    # The op alone: the public in_top_k builds it under a scope of its own (`in_top_k/`).
    from .ops.shape_values import static_arg, static_int

    graph, (p,) = as_tensors(predictions)
    _, (t,) = as_tensors(targets)  # int32 from a literal, not the predictions' dtype
    k = static_int(k)
    if isinstance(k, Tensor):  # read when run
        return graph.create_op("InTopKV2", (p, t, k), {}, name or "InTopKV2").outputs[0]
    attrs = {"k": operator.index(static_arg(k, "InTopKV2's k"))}
    return graph.create_op("InTopKV2", (p, t), attrs, name or "InTopKV2").outputs[0]


NAMES = [
    "BiasAdd",
    "BiasAddGrad",
    "Conv2D",
    "Conv2DBackpropInput",
    "Conv2DBackpropFilter",
    "DepthwiseConv2dNative",
    "DepthwiseConv2dNativeBackpropInput",
    "DepthwiseConv2dNativeBackpropFilter",
    "MaxPool",
    "AvgPool",
    "MaxPool3D",
    "AvgPool3D",
    "Conv3D",
    "MaxPoolWithArgmax",
    "SoftmaxCrossEntropyWithLogits",
    "TopKV2",
    "ApproxTopK",
    "InTopKV2",
]
for _name in NAMES:
    named(_name, globals()[_name])
