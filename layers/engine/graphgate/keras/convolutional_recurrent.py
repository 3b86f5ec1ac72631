"""Keras' `ConvLSTM2D` of TF 1.x: an LSTM whose input and recurrent transformations are
2-D convolutions, over [batch, time, rows, cols, channels]. Weights are the layer's own
(`conv_lstm2d/kernel` [kh, kw, channels, 4 filters], `recurrent_kernel` [kh, kw, filters,
4 filters], `bias`), gates i, f, c, o as Keras splits them; TF1's hard_sigmoid."""

from __future__ import annotations

import operator
from typing import Any

import graphgate as _tf

from ..errors import error
from ..graph import Tensor
from ..ops import conv_ops
from . import activations
from .engine import Layer
from .layers import _channels_last, _ints
from .recurrent import _ForgetBias
from .recurrent_cells import RNN


class ConvLSTM2DCell(Layer):
    """One step: gates from conv(x, W) + conv(h, U) (the recurrent convolution "same",
    stride 1); c = f c + i act(z_c), h = o act(c)."""

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = (1, 1),
        padding: str = "valid",
        dilation_rate: Any = (1, 1),
        activation: Any = "tanh",
        recurrent_activation: Any = "hard_sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if dropout or recurrent_dropout:
            raise error("UNIMPLEMENTED", "ConvLSTM2D: dropout and recurrent_dropout")
        self.filters = operator.index(filters)
        self.kernel_size = _ints(kernel_size, 2, "kernel_size")
        self.strides = _ints(strides, 2, "strides")
        self.dilation_rate = _ints(dilation_rate, 2, "dilation_rate")
        if padding.lower() not in ("valid", "same"):
            raise ValueError(f"The `padding` argument must be one of 'valid', 'same'. {padding}")
        self.padding = padding.lower()
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        bias_init = _ForgetBias(self.filters, bias_initializer) if unit_forget_bias else None
        self._inits = (kernel_initializer, recurrent_initializer, bias_init or bias_initializer)
        self._regs = (kernel_regularizer, recurrent_regularizer, bias_regularizer)
        self._cons = (kernel_constraint, recurrent_constraint, bias_constraint)
        self.state_size = (self.filters, self.filters)

    def build(self, input_shape: Any) -> None:
        channels = input_shape[-1]
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        if None in tuple(input_shape[1:3]):
            raise error("UNIMPLEMENTED", "ConvLSTM2D needs inputs of known rows and columns")
        self.output_size = _tf.TensorShape(
            [*(self._out_length(n, i) for i, n in enumerate(input_shape[1:3])), self.filters]
        )
        width = 4 * self.filters
        self.kernel_shape = (*self.kernel_size, int(channels), width)
        self.kernel = self.add_weight(
            "kernel", self.kernel_shape, None, self._inits[0], self._regs[0],
            constraint=self._cons[0],
        )  # fmt: skip
        self.recurrent_kernel = self.add_weight(
            "recurrent_kernel", (*self.kernel_size, self.filters, width), None, self._inits[1],
            self._regs[1], constraint=self._cons[1],
        )  # fmt: skip
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                "bias", (width,), None, self._inits[2], self._regs[2], constraint=self._cons[2]
            )

    def _out_length(self, n: int, i: int) -> int:
        """Keras' conv_output_length of the input convolution along spatial axis i."""
        k = (self.kernel_size[i] - 1) * self.dilation_rate[i] + 1
        n = n if self.padding == "same" else n - k + 1
        return -(-n // self.strides[i])

    def input_conv(self, x: Tensor, w: Tensor, b: Tensor | None = None) -> Tensor:
        y = conv_ops.conv2d(x, w, self.strides, self.padding.upper(), dilations=self.dilation_rate)
        return conv_ops.bias_add(y, b) if b is not None else y

    @staticmethod
    def recurrent_conv(h: Tensor, w: Tensor) -> Tensor:
        return conv_ops.conv2d(h, w, (1, 1), "SAME")

    def call(self, inputs: Tensor, states: Any, training: Any = None) -> tuple:
        h, c = states[0], states[1]
        f = self.filters

        def part(t: Tensor, k: int) -> Tensor:
            return t[..., k * f : (k + 1) * f]

        z = []
        for k in range(4):
            b = part(self.bias, k) if self.bias is not None else None
            z.append(
                self.input_conv(inputs, part(self.kernel, k), b)
                + self.recurrent_conv(h, part(self.recurrent_kernel, k))
            )
        rec = self.recurrent_activation
        i, f_gate, o = rec(z[0]), rec(z[1]), rec(z[3])
        c = f_gate * c + i * self.activation(z[2])
        h = o * self.activation(c)
        return h, [h, c]

    def get_initial_state(self, inputs: Tensor, batch_size: Any = None, dtype: Any = None):
        """Zeros shaped as a step's output, as Keras makes them: the input convolution of
        zeros."""
        zeros = _tf.reduce_sum(_tf.zeros_like(inputs), axis=1)
        kernel = _tf.zeros([*self.kernel_size, self.kernel_shape[2], self.filters], inputs.dtype)
        state = self.input_conv(zeros, kernel)
        return [state, state]


class ConvLSTM2D(RNN):
    """`tf.keras.layers.ConvLSTM2D` (channels_last): `return_sequences`, `go_backwards`;
    no dropout, masks or statefulness."""

    _config_keys = (
        "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
        "time_major", "filters", "kernel_size", "strides", "padding", "data_format",
        "dilation_rate", "activation", "recurrent_activation", "use_bias",
        "kernel_initializer", "recurrent_initializer", "bias_initializer", "unit_forget_bias",
        "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
        "dropout", "recurrent_dropout",
    )  # fmt: skip
    _config_omitted = frozenset({"cell", "input_length"})
    _SEQUENCE_KEYS = frozenset(_config_keys[:6])

    def _config_raw(self, key: str) -> Any:
        # The step's settings are the cell's, the sequence's the layer's own.
        if key in self._SEQUENCE_KEYS or key == "data_format":
            return super()._config_raw(key)
        return self.cell._config_raw(key)

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> ConvLSTM2D:
        config = dict(config)
        config.pop("unroll", None)  # the same numbers either way
        if config.pop("time_major", False):
            raise error("UNIMPLEMENTED", "ConvLSTM2D: time_major")
        return cls(**config)

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = (1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = (1, 1),
        return_sequences: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        **kwargs: Any,
    ):
        _channels_last(data_format)
        layer_keys = ("name", "trainable", "dtype", "input_shape", "batch_input_shape")
        layer_kwargs = {k: kwargs.pop(k) for k in layer_keys if k in kwargs}
        if kwargs.pop("return_state", False):
            raise error("UNIMPLEMENTED", "ConvLSTM2D: return_state")
        cell = ConvLSTM2DCell(
            filters, kernel_size, strides, padding, dilation_rate, name="conv_lstm2d_cell",
            **kwargs,
        )  # fmt: skip
        super().__init__(
            cell, return_sequences=return_sequences, go_backwards=go_backwards,
            stateful=stateful, **layer_kwargs,
        )  # fmt: skip
        self.filters = cell.filters

    def build(self, input_shape: Any) -> None:
        if input_shape is None or len(input_shape) != 5:
            raise ValueError(
                f"Input 0 of layer {self.name} is incompatible with the layer: expected "
                f"ndim=5, found shape {input_shape}"
            )
        # Keras builds this cell in the layer's own scope: conv_lstm2d/kernel.
        self.cell.dtype = self.cell.dtype or self.dtype
        self.cell.build((input_shape[0], *input_shape[2:]))
        self.cell.built = True

    def call(self, inputs: Any, mask: Any = None, training: Any = None, initial_state=None):
        if mask is not None:
            raise error("UNIMPLEMENTED", "ConvLSTM2D: masks")
        return super().call(inputs, None, training, initial_state)
