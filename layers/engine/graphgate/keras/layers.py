"""`tf.keras.layers` of TF 1.x graph mode. Each layer is a `Layer` (engine.py) whose
`build` makes its weights with Keras' names (`dense/kernel`, `conv2d/bias`,
`batch_normalization/moving_mean`) and whose `call` is spelled over graphgate's ops and
`gg.layers`' helpers, so a Keras model is an ordinary graphgate graph."""

from __future__ import annotations

import importlib
import math
import operator
from collections.abc import Callable
from typing import Any, ClassVar

import graphgate as _tf

from .. import layers as _tf_layers
from ..errors import error
from ..graph import Tensor
from ..input_spec import InputSpec as InputSpec
from ..ops import conv_ops
from ..ops.nn_ops import centered_normalization, fused_moments
from . import activations
from . import backend as K
from .engine import Input as Input
from .engine import InputLayer as InputLayer
from .engine import Layer, _flat
from .engine import Node as Node


def _ints(value: Any, n: int, what: str) -> tuple[int, ...]:
    return _tf_layers.size_argument(value, n, what)


def _channels_last(data_format: str | None) -> None:
    _tf_layers.check_channels_last(data_format or "channels_last")


def _axes_within(axes: Any, rank: int) -> list[int]:
    """`axes` (ints, negative from the end) as positive axes of a rank-`rank` input; an axis
    outside it is refused as Keras' normalizations refuse it (not wrapped around)."""
    axes = [operator.index(a) for a in (axes if isinstance(axes, (list, tuple)) else [axes])]
    if any(not -rank <= a < rank for a in axes):
        raise ValueError(
            "Invalid value for `axis` argument. Expected 0 <= axis < inputs.rank (with "
            f"inputs.rank={rank}). Received: axis={tuple(axes)}"
        )
    return [a % rank for a in axes]


def _cropped(cropping: Any, dims: Any, what: str) -> None:
    """Keras' check that cropping leaves every known spatial dim at least one step."""
    if any(n is not None and sum(c) >= n for c, n in zip(cropping, dims, strict=True)):
        raise ValueError(
            f"{what} must be greater than the input shape. Received: inputs.shape="
            f"{tuple(dims)}, and cropping={tuple(cropping)}"
        )


def _known_last(shape: Any, what: str) -> int:
    if shape is None or len(shape) < 2 or shape[-1] is None:
        raise ValueError(
            f"The last dimension of the inputs to `{what}` should be defined. Found `None`."
        )
    return int(shape[-1])


_KERNEL_KEYS = (
    "activation",
    "use_bias",
    "kernel_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "bias_constraint",
)
_CONV_KEYS = (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "data_format",
    "dilation_rate",
    "groups",
    *_KERNEL_KEYS,
)


class _KernelLayer(Layer):
    """What Dense and the convolutions share: activation, kernel and bias settings."""

    def __init__(
        self,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(activity_regularizer=_regularizer(activity_regularizer), **kwargs)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.kernel = self.bias = None

    def _make(self, kernel_shape: tuple, units: int) -> None:
        self.kernel = self.add_weight(
            "kernel",
            kernel_shape,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                (units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

    def _finish(self, y: Tensor) -> Tensor:
        if self.bias is not None:
            y = conv_ops.bias_add(y, self.bias, name="BiasAdd")
        return self.activation(y)


def _regularizer(identifier: Any) -> Any:
    from . import regularizers

    return regularizers.get(identifier)


class Dense(_KernelLayer):
    """activation(inputs @ kernel + bias) over the last axis."""

    supports_masking = True
    _config_keys = ("units", *_KERNEL_KEYS)

    def __init__(self, units: int, activation: Any = None, **kwargs: Any):
        super().__init__(activation=activation, **kwargs)
        self.units = _tf_layers.dense_units(units)

    def build(self, input_shape: Any) -> None:
        self._make((_known_last(input_shape, "Dense"), self.units), self.units)

    def call(self, inputs: Any) -> Tensor:
        x = _tf.convert_to_tensor(inputs)
        shape = x.static_shape
        if len(shape) == 2:
            y = _tf.matmul(x, self.kernel, name="MatMul")
        else:
            y = _tf.tensordot(x, self.kernel, [[len(shape) - 1], [0]], name="Tensordot")
        return self._finish(y)


class Activation(Layer):
    supports_masking = True
    _config_keys = ("activation",)

    def __init__(self, activation: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs: Any) -> Tensor:
        return self.activation(inputs)


class Dropout(Layer):
    """Drops units while the learning phase is 1 (fit feeds it), the identity otherwise."""

    supports_masking = True
    _config_keys = ("rate", "noise_shape", "seed")
    _config_args = frozenset({"noise_shape"})

    def __init__(self, rate: float, noise_shape: Any = None, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.noise_shape, self.seed = float(rate), noise_shape, seed

    def call(self, inputs: Any, training: Any = None) -> Tensor:
        if self.rate == 0.0:
            return _tf.identity(inputs)
        if isinstance(training, int) and not isinstance(training, Tensor):
            training = bool(training)
        x = _tf.convert_to_tensor(inputs)
        return _tf_layers.dropout_body(x, self.rate, self.noise_shape, self.seed, training)


class Flatten(Layer):
    _config_keys = ("data_format",)

    def __init__(self, data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        _channels_last(data_format)

    def call(self, inputs: Any) -> Tensor:
        shape = inputs.static_shape
        if None in shape[1:]:
            flat = _tf.stack([_tf.shape(inputs)[0], -1])
            return _tf.reshape(inputs, flat, name="Reshape")
        return _tf.reshape(inputs, [-1, math.prod(shape[1:])], name="Reshape")


class Reshape(Layer):
    _config_keys = ("target_shape",)

    def __init__(self, target_shape: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def call(self, inputs: Any) -> Tensor:
        _fits(inputs.static_shape[1:], self.target_shape)
        return _tf.reshape(inputs, [-1, *self.target_shape], name="Reshape")


def _fits(shape: Any, target: tuple) -> None:
    """Keras' checks of a Reshape target against the input's known dims (one -1 at most,
    the same number of elements)."""
    unknown = [i for i, d in enumerate(target) if d == -1]
    if len(unknown) > 1:
        raise ValueError("There can only be one unknown dimension in target_shape")
    if shape is None or None in shape:
        return
    size, known = math.prod(shape), math.prod(d for d in target if d != -1)
    wrong = (known == 0 or size % known != 0) if unknown else size != known
    if wrong:
        raise ValueError(
            f"total size of new array must be unchanged, input_shape = {list(shape)}, "
            f"output_shape = {list(target)}"
        )


class Permute(Layer):
    _config_keys = ("dims",)

    def __init__(self, dims: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.dims = tuple(dims)

    def call(self, inputs: Any) -> Tensor:
        return _tf.transpose(inputs, [0, *self.dims])


class RepeatVector(Layer):
    _config_keys = ("n",)

    def __init__(self, n: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.n = operator.index(n)

    def call(self, inputs: Any) -> Tensor:
        return K.repeat(inputs, self.n)


class Lambda(Layer):
    """A layer over any function of its inputs (`arguments` passed as keywords)."""

    _config_omitted = frozenset({"function", "output_shape", "mask", "arguments"})

    def __init__(
        self,
        function: Callable,
        output_shape: Any = None,
        mask: Any = None,
        arguments: dict | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.function, self.arguments = function, dict(arguments or {})
        self.mask, self._output_shape = mask, output_shape
        self.supports_masking = mask is not None

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if callable(self.mask):
            return self.mask(inputs, mask)
        return super().compute_mask(inputs, mask) if self.mask is None else self.mask

    def call(self, inputs: Any) -> Any:
        return self.function(inputs, **self.arguments)

    def get_config(self) -> dict:
        from .serialization import function_config, plain

        config = super().get_config()
        for key, value in (("function", self.function), ("output_shape", self._output_shape)):
            stored, kind, module = function_config(value, allow_raw=key != "function")
            prefix = "" if key == "function" else "output_shape_"
            config.update({key: stored, f"{prefix or 'function_'}type": kind})
            config[f"{prefix}module"] = module
        if self.mask is not None:
            stored, kind, module = function_config(self.mask, allow_raw=True)
            config.update({"mask": stored, "mask_type": kind, "mask_module": module})
        config["arguments"] = plain(self.arguments)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Lambda:
        from .serialization import function_from_config

        config = dict(config)
        for key, kind, module in (
            ("function", "function_type", "module"),
            ("output_shape", "output_shape_type", "output_shape_module"),
            ("mask", "mask_type", "mask_module"),
        ):
            if key in config:
                config[key] = function_from_config(
                    config[key], config.pop(kind, None), config.pop(module, None), custom_objects
                )
        return cls(**config)


class LeakyReLU(Layer):
    supports_masking = True
    _config_keys = ("alpha",)
    _config_float32 = frozenset(_config_keys)

    def __init__(self, alpha: float = 0.3, **kwargs: Any):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs: Any) -> Tensor:
        return _tf.nn.leaky_relu(inputs, alpha=self.alpha)


class ReLU(Layer):
    supports_masking = True
    _config_keys = ("max_value", "negative_slope", "threshold")
    _config_float32 = frozenset(_config_keys)

    def __init__(self, max_value: Any = None, negative_slope: float = 0.0, threshold=0.0, **kw):
        super().__init__(**kw)
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, threshold

    def call(self, inputs: Any) -> Tensor:
        return K.relu(inputs, self.negative_slope, self.max_value, self.threshold)


class ELU(Layer):
    supports_masking = True
    _config_keys = ("alpha",)
    _config_float32 = frozenset(_config_keys)

    def __init__(self, alpha: float = 1.0, **kwargs: Any):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs: Any) -> Tensor:
        return K.elu(inputs, self.alpha)


class Softmax(Layer):
    supports_masking = True
    _config_keys = ("axis",)

    def __init__(self, axis: int = -1, **kwargs: Any):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs: Any) -> Tensor:
        return K.softmax(inputs, self.axis)


# -- convolutions and pooling ------------------------------------------------------------------


class _Conv(_KernelLayer):
    rank = 2
    _config_keys = _CONV_KEYS
    _config_defaults: ClassVar[dict[str, Any]] = {"groups": 1}

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
        activation: Any = None,
        groups: int = 1,
        **kwargs: Any,
    ):
        super().__init__(activation=activation, **kwargs)
        _channels_last(data_format)
        if groups != 1:
            raise error("UNIMPLEMENTED", "grouped convolutions (groups > 1) are not supported")
        n = self.rank
        self.filters = operator.index(filters)
        self.kernel_size = _ints(kernel_size, n, "kernel_size")
        self.strides = _ints(strides, n, "strides")
        self.dilation_rate = _ints(dilation_rate, n, "dilation_rate")
        if padding.lower() not in ("valid", "same"):
            raise ValueError(f"The `padding` argument must be one of 'valid', 'same'. {padding}")
        self.padding = padding.lower()

    def build(self, input_shape: Any) -> None:
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"Input 0 of layer {self.name} is incompatible with the layer: expected "
                f"ndim={self.rank + 2}, found ndim={len(input_shape)}. Full shape received: "
                f"{list(input_shape)}"
            )
        channels = _known_last(input_shape, type(self).__name__)
        self._make((*self.kernel_size, channels, self.filters), self.filters)


class Conv1D(_Conv):
    rank = 1

    def call(self, inputs: Any) -> Tensor:
        y = conv_ops.conv1d(
            inputs,
            self.kernel,
            self.strides[0],
            self.padding.upper(),
            dilations=self.dilation_rate[0],
        )
        return self._finish(y)


class Conv2D(_Conv):
    def call(self, inputs: Any) -> Tensor:
        y = conv_ops.conv2d(
            inputs,
            self.kernel,
            self.strides,
            self.padding.upper(),
            dilations=self.dilation_rate,
            name="Conv2D",
        )
        return self._finish(y)


class Conv2DTranspose(_Conv):
    _config_keys = (*_CONV_KEYS, "output_padding")

    def __init__(self, filters: int, kernel_size: Any, output_padding: Any = None, **kwargs: Any):
        if output_padding is not None:
            raise error("UNIMPLEMENTED", "Conv2DTranspose output_padding is not supported")
        super().__init__(filters, kernel_size, **kwargs)

    def build(self, input_shape: Any) -> None:
        super().build(input_shape)

    def _make(self, kernel_shape: tuple, units: int) -> None:
        kh, kw, channels, filters = kernel_shape
        super()._make((kh, kw, filters, channels), units)

    def call(self, inputs: Any) -> Tensor:
        y = _tf_layers.transposed_conv(
            inputs, self.kernel, self.kernel_size, self.strides, self.padding, self.filters
        )
        return self._finish(y)


class Conv3D(_Conv):
    """3-D convolution over [batch, depth, height, width, channels]."""

    rank = 3

    def call(self, inputs: Any) -> Tensor:
        from ..ops.conv3d_ops import conv3d

        y = conv3d(
            inputs,
            self.kernel,
            (1, *self.strides, 1),
            self.padding.upper(),
            dilations=(1, *self.dilation_rate, 1),
            name="Conv3D",
        )
        return self._finish(y)


class Conv3DTranspose(_Conv):
    """Transposed 3-D convolution: the kernel [kd, kh, kw, filters, channels], each output
    length `in * stride` ("same") or `in * stride + max(k - stride, 0)` ("valid")."""

    rank = 3
    _config_keys = tuple(k for k in (*_CONV_KEYS, "output_padding") if k != "dilation_rate")
    _config_omitted = frozenset({"dilation_rate"})  # always 1: TF's config has none

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, **kwargs: Any):
        if kwargs.get("output_padding") is not None:
            raise error("UNIMPLEMENTED", "Conv3DTranspose: output_padding is not supported")
        kwargs.pop("output_padding", None)
        super().__init__(filters, kernel_size, strides, **kwargs)
        if self.dilation_rate != (1, 1, 1):
            raise error("UNIMPLEMENTED", "Conv3DTranspose: dilation_rate must be 1")

    def _make(self, kernel_shape: tuple, units: int) -> None:
        *k, channels, filters = kernel_shape
        super()._make((*k, filters, channels), units)

    def call(self, inputs: Any) -> Tensor:
        from ..ops.conv3d_ops import conv3d_transpose

        x = _tf.convert_to_tensor(inputs)
        shape = x.static_shape
        dynamic = _tf.shape(x)
        static = [shape[0]]
        dims = [dynamic[0]]
        for i, (k, st) in enumerate(zip(self.kernel_size, self.strides, strict=True), 1):
            n = _tf_layers._deconv_length(shape[i], k, st, self.padding)
            static.append(n)
            extra = max(k - st, 0) if self.padding == "valid" else 0
            dims.append(n if n is not None else dynamic[i] * st + extra)
        y = conv3d_transpose(
            x,
            self.kernel,
            _tf.stack([*dims, self.filters]),
            (1, *self.strides, 1),
            self.padding.upper(),
            name="conv3d_transpose",
        )
        y.set_shape([*static, self.filters])
        return self._finish(y)


class _Pooling(Layer):
    rank = 2
    kind = "MaxPool"
    _config_keys = ("pool_size", "padding", "strides", "data_format")

    def __init__(
        self,
        pool_size: Any = 2,
        strides: Any = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        _channels_last(data_format)
        self.pool_size = _ints(pool_size, self.rank, "pool_size")
        self.strides = self.pool_size if strides is None else _ints(strides, self.rank, "strides")
        self.padding = padding.lower()

    def call(self, inputs: Any) -> Tensor:
        if self.rank == 3:
            from ..ops import conv3d_ops

            fn3 = conv3d_ops.max_pool3d if self.kind == "MaxPool" else conv3d_ops.avg_pool3d
            return fn3(
                inputs,
                (1, *self.pool_size, 1),
                (1, *self.strides, 1),
                self.padding.upper(),
                name=self.kind + "3D",
            )
        fn = conv_ops.max_pool if self.kind == "MaxPool" else conv_ops.avg_pool
        if self.rank == 2:
            return fn(inputs, self.pool_size, self.strides, self.padding.upper(), name=self.kind)
        y = fn(
            _tf.expand_dims(inputs, 2),
            (*self.pool_size, 1),
            (*self.strides, 1),
            self.padding.upper(),
            name=self.kind,
        )
        return _tf.squeeze(y, [2])


class MaxPooling2D(_Pooling):
    pass


class AveragePooling2D(_Pooling):
    kind = "AvgPool"


class MaxPooling1D(_Pooling):
    rank = 1


class AveragePooling1D(_Pooling):
    rank, kind = 1, "AvgPool"


class MaxPooling3D(_Pooling):
    rank = 3


class AveragePooling3D(_Pooling):
    rank, kind = 3, "AvgPool"


class _GlobalPooling(Layer):
    reduce = "mean"
    axes: tuple = (1, 2)
    _config_keys = ("data_format", "keepdims")
    _config_defaults: ClassVar[dict[str, Any]] = {"keepdims": False}

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        _channels_last(data_format)
        self.keepdims = bool(keepdims)

    def call(self, inputs: Any) -> Tensor:
        if self.reduce == "mean":
            return _tf.reduce_mean(inputs, list(self.axes), self.keepdims, name="Mean")
        return _tf.reduce_max(inputs, list(self.axes), self.keepdims, name="Max")


class GlobalAveragePooling2D(_GlobalPooling):
    pass


class GlobalMaxPooling2D(_GlobalPooling):
    reduce = "max"


class GlobalAveragePooling1D(_GlobalPooling):
    """The mean over time; with a mask, over the unmasked steps only."""

    axes = (1,)
    supports_masking = True

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return None

    def call(self, inputs: Any, mask: Any = None) -> Tensor:
        if mask is None:
            return super().call(inputs)
        weights = _tf.expand_dims(_tf.cast(mask, inputs.dtype), 2)
        total = _tf.reduce_sum(inputs * weights, axis=1, keepdims=self.keepdims)
        return total / _tf.reduce_sum(weights, axis=1, keepdims=self.keepdims)


class GlobalMaxPooling1D(_GlobalPooling):
    reduce, axes = "max", (1,)


class GlobalAveragePooling3D(_GlobalPooling):
    axes = (1, 2, 3)


class GlobalMaxPooling3D(_GlobalPooling):
    reduce, axes = "max", (1, 2, 3)


GlobalAvgPool2D, GlobalMaxPool2D = GlobalAveragePooling2D, GlobalMaxPooling2D
MaxPool3D, AvgPool3D = MaxPooling3D, AveragePooling3D
Convolution3D = Conv3D
MaxPool2D, AvgPool2D = MaxPooling2D, AveragePooling2D
MaxPool1D, AvgPool1D = MaxPooling1D, AveragePooling1D
Convolution1D, Convolution2D = Conv1D, Conv2D


class ZeroPadding2D(Layer):
    _config_keys = ("padding", "data_format")

    def __init__(self, padding: Any = (1, 1), data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        _channels_last(data_format)
        if isinstance(padding, int):
            padding = ((padding, padding), (padding, padding))
        padding = tuple(padding)
        if isinstance(padding[0], int):
            padding = ((padding[0], padding[0]), (padding[1], padding[1]))
        self.padding = tuple(tuple(p) for p in padding)

    def call(self, inputs: Any) -> Tensor:
        return _tf.pad(inputs, [[0, 0], *[list(p) for p in self.padding], [0, 0]])


class ZeroPadding3D(Layer):
    _config_keys = ("padding", "data_format")

    def __init__(self, padding: Any = (1, 1, 1), data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        _channels_last(data_format)
        if isinstance(padding, int):
            padding = (padding,) * 3
        padding = tuple(padding)
        self.padding = tuple((p, p) if isinstance(p, int) else tuple(p) for p in padding)

    def call(self, inputs: Any) -> Tensor:
        return _tf.pad(inputs, [[0, 0], *[list(p) for p in self.padding], [0, 0]])


class UpSampling2D(Layer):
    """Upsampling by `size`: nearest-neighbour (Keras' default) or bilinear, as Keras'
    `resize_images`, which resizes with half-pixel centres (TF 2's `image.resize`)."""

    _config_keys = ("size", "data_format", "interpolation")

    def __init__(
        self,
        size: Any = (2, 2),
        data_format: str | None = None,
        interpolation: str = "nearest",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        _channels_last(data_format)
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(
                f"`interpolation` argument should be one of ['nearest', 'bilinear']. "
                f"Received: {interpolation!r}."
            )
        self.size = _ints(size, 2, "size")
        self.interpolation = interpolation

    def call(self, inputs: Any) -> Tensor:
        _, h, w, _ = inputs.static_shape
        if h is None or w is None:
            hw = _tf.shape(inputs)[1:3] * list(self.size)
        else:
            hw = [h * self.size[0], w * self.size[1]]
        with _tf.name_scope("resize"):
            if self.interpolation == "bilinear":
                return _tf.image.resize_bilinear(inputs, hw, half_pixel_centers=True)
            return _tf.image.resize_nearest_neighbor(inputs, hw)


class SeparableConv2D(_Conv):
    """Depthwise then pointwise convolution: `depthwise_kernel` [kh, kw, in, multiplier],
    `pointwise_kernel` [1, 1, in * multiplier, filters], `bias`."""

    _config_keys = (
        *_CONV_KEYS,
        "depth_multiplier",
        "depthwise_initializer",
        "pointwise_initializer",
        "depthwise_regularizer",
        "pointwise_regularizer",
        "depthwise_constraint",
        "pointwise_constraint",
    )

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        depth_multiplier: int = 1,
        depthwise_initializer: Any = "glorot_uniform",
        pointwise_initializer: Any = "glorot_uniform",
        depthwise_regularizer: Any = None,
        pointwise_regularizer: Any = None,
        depthwise_constraint: Any = None,
        pointwise_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(filters, kernel_size, **kwargs)
        self.depth_multiplier = operator.index(depth_multiplier)
        self._inits = (depthwise_initializer, pointwise_initializer)
        self._regs = (depthwise_regularizer, pointwise_regularizer)
        self._cons = (depthwise_constraint, pointwise_constraint)

    def build(self, input_shape: Any) -> None:
        channels = _known_last(input_shape, type(self).__name__)
        m = self.depth_multiplier
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel",
            (*self.kernel_size, channels, m),
            initializer=self._inits[0],
            regularizer=self._regs[0],
            constraint=self._cons[0],
        )
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel",
            (*(1,) * self.rank, channels * m, self.filters),
            initializer=self._inits[1],
            regularizer=self._regs[1],
            constraint=self._cons[1],
        )
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                (self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

    def call(self, inputs: Any) -> Tensor:
        y = conv_ops.separable_conv2d(
            inputs,
            self.depthwise_kernel,
            self.pointwise_kernel,
            (1, *self.strides, 1),
            self.padding.upper(),
            rate=self.dilation_rate,
        )
        return self._finish(y)


class DepthwiseConv2D(_Conv):
    """Each channel convolved with its own `depth_multiplier` filters: `depthwise_kernel`
    [kh, kw, in, multiplier], `bias` [in * multiplier]."""

    _config_keys = (
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "groups",
        "activation",
        "use_bias",
        "bias_initializer",
        "bias_regularizer",
        "activity_regularizer",
        "bias_constraint",
        "depth_multiplier",
        "depthwise_initializer",
        "depthwise_regularizer",
        "depthwise_constraint",
    )
    _config_omitted = frozenset(
        {"filters", "kernel_initializer", "kernel_regularizer", "kernel_constraint"}
    )

    def __init__(
        self,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        depth_multiplier: int = 1,
        depthwise_initializer: Any = "glorot_uniform",
        depthwise_regularizer: Any = None,
        depthwise_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(1, kernel_size, strides=strides, padding=padding, **kwargs)
        self.depth_multiplier = operator.index(depth_multiplier)
        self._init = depthwise_initializer
        self._reg, self._con = depthwise_regularizer, depthwise_constraint

    def build(self, input_shape: Any) -> None:
        channels = _known_last(input_shape, type(self).__name__)
        m = self.depth_multiplier
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel",
            (*self.kernel_size, channels, m),
            initializer=self._init,
            regularizer=self._reg,
            constraint=self._con,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                (channels * m,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

    def call(self, inputs: Any) -> Tensor:
        y = conv_ops.depthwise_conv2d(
            inputs,
            self.depthwise_kernel,
            (1, *self.strides, 1),
            self.padding.upper(),
            rate=self.dilation_rate,
        )
        return self._finish(y)


class Cropping2D(Layer):
    _config_keys = ("cropping", "data_format")

    def __init__(
        self, cropping: Any = ((0, 0), (0, 0)), data_format: str | None = None, **kwargs: Any
    ):
        super().__init__(**kwargs)
        _channels_last(data_format)
        if isinstance(cropping, int):
            cropping = ((cropping, cropping), (cropping, cropping))
        cropping = tuple(cropping)
        if isinstance(cropping[0], int):
            cropping = ((cropping[0], cropping[0]), (cropping[1], cropping[1]))
        self.cropping = tuple(tuple(c) for c in cropping)

    def call(self, inputs: Any) -> Tensor:
        (top, bottom), (left, right) = self.cropping
        _, h, w, _ = inputs.static_shape
        _cropped(self.cropping, (h, w), "Argument `cropping`")
        return inputs[
            :,
            top : (h - bottom if h is not None else -bottom or None),
            left : (w - right if w is not None else -right or None),
            :,
        ]


class Cropping1D(Layer):
    _config_keys = ("cropping",)

    def __init__(self, cropping: Any = (1, 1), **kwargs: Any):
        super().__init__(**kwargs)
        self.cropping = (cropping, cropping) if isinstance(cropping, int) else tuple(cropping)

    def call(self, inputs: Any) -> Tensor:
        start, end = self.cropping
        n = inputs.static_shape[1]
        _cropped([self.cropping], [n], "cropping parameter of Cropping layer")
        return inputs[:, start : (n - end if n is not None else -end or None), :]


class ZeroPadding1D(Layer):
    _config_keys = ("padding",)

    def __init__(self, padding: Any = 1, **kwargs: Any):
        super().__init__(**kwargs)
        self.padding = (padding, padding) if isinstance(padding, int) else tuple(padding)

    def call(self, inputs: Any) -> Tensor:
        return _tf.pad(inputs, [[0, 0], list(self.padding), [0, 0]])


class UpSampling1D(Layer):
    """Each step repeated `size` times."""

    _config_keys = ("size",)

    def __init__(self, size: int = 2, **kwargs: Any):
        super().__init__(**kwargs)
        self.size = operator.index(size)

    def call(self, inputs: Any) -> Tensor:
        _, steps, features = inputs.static_shape
        tiled = _tf.tile(_tf.expand_dims(inputs, 2), [1, 1, self.size, 1])
        n = -1 if steps is None else steps * self.size
        return _tf.reshape(tiled, _tf.stack([_tf.shape(inputs)[0], n, features]))


class PReLU(Layer):
    """max(x, 0) + alpha min(x, 0) with a learned `alpha` per unit (shared along
    `shared_axes`)."""

    supports_masking = True
    _config_keys = ("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes")
    _config_args = frozenset({"shared_axes"})

    def __init__(
        self,
        alpha_initializer: Any = "zeros",
        alpha_regularizer: Any = None,
        alpha_constraint: Any = None,
        shared_axes: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self._init, self._reg, self._con = alpha_initializer, alpha_regularizer, alpha_constraint
        if shared_axes is not None and isinstance(shared_axes, int):
            shared_axes = [shared_axes]
        self.shared_axes = list(shared_axes or [])

    def build(self, input_shape: Any) -> None:
        shape = list(input_shape[1:])
        for axis in self.shared_axes:
            shape[axis - 1] = 1
        self.alpha = self.add_weight(
            "alpha", shape, initializer=self._init, regularizer=self._reg, constraint=self._con
        )

    def call(self, inputs: Any) -> Tensor:
        return _tf.nn.relu(inputs) - self.alpha * _tf.nn.relu(-inputs)


class LayerNormalization(Layer):
    """(x - mean) / sqrt(var + epsilon) * gamma + beta over `axis` (per sample)."""

    supports_masking = True
    _config_keys = (
        "axis",
        "epsilon",
        "center",
        "scale",
        "beta_initializer",
        "gamma_initializer",
        "beta_regularizer",
        "gamma_regularizer",
        "beta_constraint",
        "gamma_constraint",
    )
    _config_args = frozenset({"axis"})

    def __init__(
        self,
        axis: Any = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.axis = [axis] if isinstance(axis, int) else list(axis)
        self.epsilon, self.center, self.scale = epsilon, center, scale
        self._inits = (gamma_initializer, beta_initializer)
        self._regs = (gamma_regularizer, beta_regularizer)
        self._cons = (gamma_constraint, beta_constraint)

    def get_config(self) -> dict:
        config = super().get_config()
        if self.built:  # Keras keeps the built layer's axis as a list of positive axes
            config["axis"] = list(self._axes)
        return config

    def build(self, input_shape: Any) -> None:
        rank = len(input_shape)
        self._axes = sorted(_axes_within(self.axis, rank))
        shape = [input_shape[a] for a in self._axes]
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                "gamma",
                shape,
                initializer=self._inits[0],
                regularizer=self._regs[0],
                constraint=self._cons[0],
            )
        if self.center:
            self.beta = self.add_weight(
                "beta",
                shape,
                initializer=self._inits[1],
                regularizer=self._regs[1],
                constraint=self._cons[1],
            )

    def _fused(self, rank: int) -> bool:
        """Whether Keras normalizes with its fused batch norm: trailing axes, float32, an
        epsilon the fused kernel keeps (`_fused_can_be_used`)."""
        trailing = (
            self._axes[-1] == rank - 1 and self._axes[-1] - self._axes[0] == len(self._axes) - 1
        )
        return trailing and self.epsilon >= 1.001e-5 and self.dtype == "float32"

    def call(self, inputs: Any) -> Tensor:
        x = _tf.convert_to_tensor(inputs)
        rank = len(x.static_shape)
        shape = [x.static_shape[a] if a in self._axes else 1 for a in range(rank)]

        def broadcast(v):
            return None if v is None else _tf.reshape(v, shape)

        if not self._fused(rank):
            mean, variance = _tf.nn.moments(x, self._axes, keep_dims=True)
            return _tf.nn.batch_normalization(
                x, mean, variance, broadcast(self.beta), broadcast(self.gamma), self.epsilon
            )
        # Keras' fused path: a training-mode fused batch norm over each sample's axes
        # (centred first, which keeps x's spread beside a large mean), then gamma, then beta.
        mean, variance = fused_moments(x, self._axes, keepdims=True, by_reciprocal=True)
        y = centered_normalization(x, mean, variance, None, None, self.epsilon)
        y = y * broadcast(self.gamma) if self.gamma is not None else y
        return y + broadcast(self.beta) if self.beta is not None else y


class Dot(Layer):
    """Dot products of samples of two tensors along `axes` (cosine similarity with
    `normalize`)."""

    supports_masking = True
    _config_keys = ("axes", "normalize")
    _config_args = frozenset({"axes"})

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return None

    def __init__(self, axes: Any, normalize: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.axes = (axes, axes) if isinstance(axes, int) else tuple(axes)
        self.normalize = normalize

    def call(self, inputs: Any) -> Tensor:
        a, b = inputs
        rank = len(a.static_shape)
        axes = tuple(ax % rank for ax in self.axes)
        if self.normalize:
            a, b = _tf.nn.l2_normalize(a, axis=axes[0]), _tf.nn.l2_normalize(b, axis=axes[1])
        if rank == 2:
            return _tf.reduce_sum(a * b, axis=1, keepdims=True)
        if rank != 3 or len(b.static_shape) != 3:
            raise error("UNIMPLEMENTED", "Dot supports inputs of rank 2 or 3")
        a = a if axes[0] == 2 else _tf.transpose(a, [0, 2, 1])
        b = b if axes[1] == 1 else _tf.transpose(b, [0, 2, 1])
        return _tf.matmul(a, b)


class GaussianNoise(Layer):
    """Adds N(0, stddev²) noise while training."""

    supports_masking = True
    _config_keys = ("stddev", "seed")

    def __init__(self, stddev: float, seed: int | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.stddev, self.seed = float(stddev), seed

    def call(self, inputs: Any, training: Any = None) -> Tensor:
        x = _tf.convert_to_tensor(inputs)

        def noisy():
            return x + _tf.random_normal(_tf.shape(x), 0.0, self.stddev, dtype=x.dtype)

        return K.in_train_phase(noisy, x, training)


class GaussianDropout(Layer):
    """Multiplies by N(1, rate / (1 - rate)) noise while training."""

    supports_masking = True
    _config_keys = ("rate", "seed")

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.rate, self.seed = float(rate), seed

    def call(self, inputs: Any, training: Any = None) -> Tensor:
        x = _tf.convert_to_tensor(inputs)
        if not 0.0 < self.rate < 1.0:
            return x
        stddev = math.sqrt(self.rate / (1.0 - self.rate))

        def noisy():
            return x * _tf.random_normal(_tf.shape(x), 1.0, stddev, dtype=x.dtype)

        return K.in_train_phase(noisy, x, training)


class AlphaDropout(Layer):
    """Dropout that keeps SELU's mean and variance: dropped units are set to SELU's
    negative saturation, then an affine correction (Keras' formula)."""

    supports_masking = True
    _config_keys = ("rate", "seed")
    _config_omitted = frozenset({"noise_shape"})

    def __init__(self, rate: float, noise_shape: Any = None, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.noise_shape, self.seed = float(rate), noise_shape, seed

    def call(self, inputs: Any, training: Any = None) -> Tensor:
        x = _tf.convert_to_tensor(inputs)
        if not 0.0 < self.rate < 1.0:
            return x
        rate = self.rate
        alpha_p = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946

        def dropped():
            shape = _tf.shape(x) if self.noise_shape is None else self.noise_shape
            kept = _tf.cast(
                _tf.greater_equal(K.random_uniform(shape, seed=self.seed), rate), x.dtype
            )
            a = ((1 - rate) * (1 + rate * alpha_p**2)) ** -0.5
            b = -a * alpha_p * rate
            return a * (x * kept + alpha_p * (1 - kept)) + b

        return K.in_train_phase(dropped, x, training)


class ActivityRegularization(Layer):
    """The identity, adding l1 * sum|x| + l2 * sum x² (per sample) to the losses."""

    supports_masking = True
    _config_keys = ("l1", "l2")

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs: Any):
        from .regularizers import L1L2

        super().__init__(activity_regularizer=L1L2(l1=l1, l2=l2), **kwargs)
        self.l1, self.l2 = l1, l2


class ThresholdedReLU(Layer):
    """x where x > theta, else 0."""

    supports_masking = True
    _config_keys = ("theta",)
    _config_float32 = frozenset(_config_keys)

    def __init__(self, theta: float = 1.0, **kwargs: Any):
        super().__init__(**kwargs)
        self.theta = float(theta)

    def call(self, inputs: Any) -> Tensor:
        x = _tf.convert_to_tensor(inputs)
        return x * _tf.cast(_tf.greater(x, self.theta), x.dtype)


class SeparableConv1D(SeparableConv2D):
    """Depthwise then pointwise 1-D convolution: `depthwise_kernel` [k, in, multiplier],
    `pointwise_kernel` [1, in * multiplier, filters], `bias`; computed as the 2-D layer
    over a height of one, as Keras does."""

    rank = 1

    def call(self, inputs: Any) -> Tensor:
        x = _tf.expand_dims(inputs, 1)
        depthwise = _tf.expand_dims(self.depthwise_kernel, 0)
        pointwise = _tf.expand_dims(self.pointwise_kernel, 0)
        y = conv_ops.separable_conv2d(
            x,
            depthwise,
            pointwise,
            (1, 1, self.strides[0], 1),
            self.padding.upper(),
            rate=(1, self.dilation_rate[0]),
        )
        return self._finish(_tf.squeeze(y, [1]))


class _SpatialDropout(Dropout):
    """Drops whole feature maps: one keep/drop decision per sample and channel."""

    def call(self, inputs: Any, training: Any = None) -> Tensor:
        x = _tf.convert_to_tensor(inputs)
        self.noise_shape = [None, *[1] * (len(x.static_shape) - 2), None]
        return super().call(x, training)


class SpatialDropout1D(_SpatialDropout):
    pass


class SpatialDropout2D(_SpatialDropout):
    pass


# -- normalization and embeddings --------------------------------------------------------------


class BatchNormalization(Layer):
    """Normalizes by the batch's moments while the learning phase is 1 and then updates
    the moving mean and variance (`layer.updates`, run by `fit`; in a hand-written
    training loop run them yourself), by the moving statistics otherwise."""

    supports_masking = True
    _config_keys = (
        "axis",
        "momentum",
        "epsilon",
        "center",
        "scale",
        "beta_initializer",
        "gamma_initializer",
        "moving_mean_initializer",
        "moving_variance_initializer",
        "beta_regularizer",
        "gamma_regularizer",
        "beta_constraint",
        "gamma_constraint",
    )

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        moving_mean_initializer: Any = "zeros",
        moving_variance_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        fused: Any = None,
        **kwargs: Any,
    ):
        # tf_keras' (TF1's Keras) batch renormalization: the functional layer's, one owner.
        self.renorm = bool(kwargs.pop("renorm", False))
        self.renorm_clipping = kwargs.pop("renorm_clipping", None)
        self.renorm_momentum = kwargs.pop("renorm_momentum", 0.99)
        if self.renorm:
            self.renorm_clipping = _tf_layers.renorm_clipping_checked(self.renorm_clipping)
            fused = False
        if kwargs.pop("virtual_batch_size", None) is not None:
            raise error("UNIMPLEMENTED", "virtual batches are not supported")
        super().__init__(**kwargs)
        self.axis, self.momentum, self.epsilon = axis, momentum, epsilon
        self.center, self.scale, self.fused = center, scale, fused
        self._renorm = None
        self._inits = (
            gamma_initializer,
            beta_initializer,
            moving_mean_initializer,
            moving_variance_initializer,
        )
        self._regs = (gamma_regularizer, beta_regularizer)
        self._cons = (gamma_constraint, beta_constraint)
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    _config_omitted = frozenset({"fused", "renorm", "renorm_clipping", "renorm_momentum"})

    def get_config(self) -> dict:
        config = super().get_config()
        if self.built:  # Keras keeps the built layer's axis as a list of positive axes
            config["axis"] = [self._axis]
        if self.renorm:  # written only when set, as tf_keras writes them
            config["renorm"] = True
            config["renorm_clipping"] = self.renorm_clipping
            config["renorm_momentum"] = self.renorm_momentum
        return config

    def build(self, input_shape: Any) -> None:
        axis = self.axis
        if isinstance(axis, (list, tuple)):  # a saved config's [axis]
            if len(axis) != 1:
                raise error("UNIMPLEMENTED", "BatchNormalization over several axes")
            axis = axis[0]
        axis = _axes_within(axis, len(input_shape))[0]
        if input_shape[axis] is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined dimension")
        self._axis = axis
        params = (input_shape[axis],)
        if self.scale:
            self.gamma = self.add_weight(
                "gamma",
                params,
                initializer=self._inits[0],
                regularizer=self._regs[0],
                constraint=self._cons[0],
            )
        if self.center:
            self.beta = self.add_weight(
                "beta",
                params,
                initializer=self._inits[1],
                regularizer=self._regs[1],
                constraint=self._cons[1],
            )
        self.moving_mean = self.add_weight(
            "moving_mean", params, initializer=self._inits[2], trainable=False
        )
        self.moving_variance = self.add_weight(
            "moving_variance", params, initializer=self._inits[3], trainable=False
        )
        if self.renorm:
            from . import initializers

            def var(name, initializer, trainable):
                return self.add_weight(name, params, initializer=initializer, trainable=trainable)

            inits = [initializers.get(i) for i in self._inits[2:]]
            self._renorm = _tf_layers.renorm_variables(
                var, *inits, self.renorm_clipping, self.renorm_momentum
            )

    def call(self, inputs: Any, training: Any = None) -> Tensor:
        if isinstance(training, int) and not isinstance(training, Tensor):
            training = bool(training)
        x = _tf.convert_to_tensor(inputs)
        variables = (self.gamma, self.beta, self.moving_mean, self.moving_variance)
        out, updates = _tf_layers.batch_norm_with_updates(
            x,
            self._axis,
            len(x.static_shape),
            self.momentum,
            self.epsilon,
            training,
            self.fused,
            variables,
            renorm=self._renorm,
        )
        self.add_update(updates)
        return out


class Embedding(Layer):
    """Rows of `embeddings` [input_dim, output_dim] for integer ids (Keras' default
    initializer: uniform in ±0.05)."""

    _config_keys = (
        "input_dim",
        "output_dim",
        "embeddings_initializer",
        "embeddings_regularizer",
        "activity_regularizer",
        "embeddings_constraint",
        "mask_zero",
        "input_length",
    )

    def get_config(self) -> dict:
        # TF's Embedding always knows its input shape, (None,) unless given.
        config = super().get_config()
        config.setdefault("batch_input_shape", [None, None])
        return config

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: Any = "uniform",
        embeddings_regularizer: Any = None,
        activity_regularizer: Any = None,
        embeddings_constraint: Any = None,
        mask_zero: bool = False,
        input_length: Any = None,
        **kwargs: Any,
    ):
        if "input_shape" not in kwargs:
            # TF's Embedding always knows its input shape, so a Sequential starting with one
            # is built at once (summary works, its weights are `embedding/embeddings`).
            kwargs["input_shape"] = (input_length,) if input_length is not None else (None,)
        kwargs.setdefault("dtype", K.floatx())  # its inputs are ids, not its dtype
        super().__init__(activity_regularizer=_regularizer(activity_regularizer), **kwargs)
        self.mask_zero = mask_zero
        self.input_dim, self.output_dim = operator.index(input_dim), operator.index(output_dim)
        self._init, self._reg, self._con = (
            embeddings_initializer,
            embeddings_regularizer,
            embeddings_constraint,
        )

    def build(self, input_shape: Any) -> None:
        self.embeddings = self.add_weight(
            "embeddings",
            (self.input_dim, self.output_dim),
            initializer=self._init,
            regularizer=self._reg,
            constraint=self._con,
        )

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """With `mask_zero`, id 0 is padding: the recurrent layers downstream skip it."""
        return _tf.not_equal(inputs, 0) if self.mask_zero else None

    def call(self, inputs: Any) -> Tensor:
        ids = _tf.convert_to_tensor(inputs)
        if ids.dtype not in (_tf.int32, _tf.int64):
            ids = _tf.cast(ids, _tf.int32)
        return _tf.nn.embedding_lookup(self.embeddings, ids)


class Masking(Layer):
    """Steps whose features all equal `mask_value` are masked (and zeroed)."""

    supports_masking = True
    _config_keys = ("mask_value",)

    def __init__(self, mask_value: float = 0.0, **kwargs: Any):
        super().__init__(**kwargs)
        self.mask_value = mask_value

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return _tf.reduce_any(_tf.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs: Any) -> Tensor:
        keep = _tf.reduce_any(_tf.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return inputs * _tf.cast(keep, inputs.dtype)


# -- merging -----------------------------------------------------------------------------------


def _and_masks(inputs: list, mask: Any) -> Any:
    """Merged layers' mask: a step counts where every input's does (Keras' rule)."""
    masks = mask if isinstance(mask, (list, tuple)) else [mask] * len(inputs)
    if all(m is None for m in masks):
        return None
    present = [m for m in masks if m is not None]
    out = present[0]
    for m in present[1:]:
        out = _tf.logical_and(out, m)
    return out


class _Merge(Layer):
    supports_masking = True

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return _and_masks(inputs, mask)

    def call(self, inputs: Any) -> Tensor:
        if not isinstance(inputs, (list, tuple)) or not inputs:
            raise ValueError("A merge layer should be called on a list of inputs.")
        out = inputs[0]
        for t in inputs[1:]:
            out = self._combine(out, t)
        return out


class Add(_Merge):
    @staticmethod
    def _combine(a, b):
        return a + b


class Subtract(_Merge):
    def call(self, inputs: Any) -> Tensor:
        if len(inputs) != 2:
            raise ValueError("A `Subtract` layer should be called on exactly 2 inputs")
        return inputs[0] - inputs[1]


class Multiply(_Merge):
    @staticmethod
    def _combine(a, b):
        return a * b


class Maximum(_Merge):
    @staticmethod
    def _combine(a, b):
        return _tf.maximum(a, b)


class Minimum(_Merge):
    @staticmethod
    def _combine(a, b):
        return _tf.minimum(a, b)


class Average(_Merge):
    def call(self, inputs: Any) -> Tensor:
        return _tf.add_n(list(inputs)) / float(len(inputs))


class Concatenate(Layer):
    supports_masking = True
    _config_keys = ("axis",)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if mask is None or all(m is None for m in _flat(mask)):
            return None
        rank = len(inputs[0].static_shape)
        if self.axis % rank != rank - 1:
            raise error("UNIMPLEMENTED", "masks through a Concatenate over the time axis")
        return _and_masks(inputs, mask)

    def __init__(self, axis: int = -1, **kwargs: Any):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs: Any) -> Tensor:
        return _tf.concat(list(inputs), self.axis, name="concat")


def _merge_fn(cls: type) -> Callable:
    def merge(inputs: list, **kwargs: Any) -> Tensor:
        return cls(**kwargs)(inputs)

    merge.__name__ = cls.__name__.lower()
    return merge


add, subtract, multiply = _merge_fn(Add), _merge_fn(Subtract), _merge_fn(Multiply)
maximum, minimum, average = _merge_fn(Maximum), _merge_fn(Minimum), _merge_fn(Average)


def concatenate(inputs: list, axis: int = -1, **kwargs: Any) -> Tensor:
    return Concatenate(axis=axis, **kwargs)(inputs)


def _recurrent():
    from . import recurrent

    return recurrent


def __getattr__(name: str) -> Any:
    if name in _RECURRENT:
        return getattr(_recurrent(), name)
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__package__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'graphgate.keras.layers' has no attribute {name!r}")


_RECURRENT = ("LSTM", "GRU", "SimpleRNN", "Bidirectional", "TimeDistributed")
# Layers of their own modules, loaded on first use: name -> module.
_LAZY = {
    **dict.fromkeys(
        ("RNN", "SimpleRNNCell", "LSTMCell", "GRUCell", "StackedRNNCells"), "recurrent_cells"
    ),
    **dict.fromkeys(("CuDNNLSTM", "CuDNNGRU"), "recurrent_cells"),
    **dict.fromkeys(("Attention", "AdditiveAttention"), "attention"),
    **dict.fromkeys(("LocallyConnected1D", "LocallyConnected2D"), "local"),
    "ConvLSTM2D": "convolutional_recurrent",
}


def _layer_classes() -> dict[str, type]:
    """Every Keras layer class by the name configs give it (models included)."""
    from . import models
    from .op_layers import TensorFlowOpLayer

    found = {
        n: v
        for n, v in globals().items()
        if isinstance(v, type) and issubclass(v, Layer) and not n.startswith("_")
    }
    found.update({n: getattr(_recurrent(), n) for n in _RECURRENT})
    found.update({n: __getattr__(n) for n in _LAZY})
    found.update(
        {
            "Sequential": models.Sequential,
            "Functional": models.Functional,
            "Model": models.Functional,
            # not in tf.keras.layers, but a config names it (TF's wrapped raw ops)
            "TensorFlowOpLayer": TensorFlowOpLayer,
        }
    )
    return found


def serialize(layer: Layer) -> dict:
    from .serialization import serialize_keras_object

    return serialize_keras_object(layer)


def deserialize(config: dict, custom_objects: dict | None = None) -> Layer:
    """A layer (or model) from `{"class_name", "config"}`; unknown class names are TF's
    ValueError (UNKNOWN_KERAS_OBJECT)."""
    from .serialization import deserialize_keras_object

    return deserialize_keras_object(config, _layer_classes(), custom_objects, "layer")


# `from tf.keras.layers import *` gives every layer (the recurrent ones load on first use).
__all__ = sorted(
    {
        n
        for n, v in list(globals().items())
        if n[0].isupper() and getattr(v, "__module__", "").startswith("graphgate.keras")
    }
    | {"add", "subtract", "multiply", "maximum", "minimum", "average", "concatenate"}
    | {"InputSpec"}
    | set(_RECURRENT)
    | set(_LAZY)
)
