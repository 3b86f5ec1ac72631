"""Keras' locally connected layers of TF 1.x (`LocallyConnected1D`, `LocallyConnected2D`):
convolutions whose weights are not shared, one kernel per output position, in Keras'
implementation 1 layout (kernel [positions, patch, filters], bias [*output, filters])."""

from __future__ import annotations

import itertools
import math
import operator
from typing import Any

import graphgate as _tf

from ..errors import error
from ..graph import Tensor
from .layers import _KERNEL_KEYS, _channels_last, _ints, _KernelLayer


class _LocallyConnected(_KernelLayer):
    rank = 1
    _config_keys = (
        "filters", "kernel_size", "strides", "padding", "data_format", *_KERNEL_KEYS,
        "implementation",
    )  # fmt: skip

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        activation: Any = None,
        implementation: int = 1,
        **kwargs: Any,
    ):
        super().__init__(activation=activation, **kwargs)
        _channels_last(data_format)
        name = type(self).__name__
        if padding.lower() != "valid":
            raise ValueError(
                f'Invalid border mode for {name} (only "valid" is supported if '
                f"implementation is 1): {padding}"
            )
        if implementation != 1:
            raise error("UNIMPLEMENTED", f"{name}: only implementation=1 is supported")
        n = self.rank
        self.filters = operator.index(filters)
        self.kernel_size = _ints(kernel_size, n, "kernel_size")
        self.strides = _ints(strides, n, "strides")
        self.padding = "valid"
        self.implementation = implementation

    def build(self, input_shape: Any) -> None:
        spatial = input_shape[1:-1]
        if len(input_shape) != self.rank + 2 or None in (*spatial, input_shape[-1]):
            raise ValueError(
                f"{type(self).__name__} needs inputs of rank {self.rank + 2} with known "
                f"spatial and channel dims; found shape {list(input_shape)}"
            )
        self.output_dims = tuple(
            (d - k) // s + 1
            for d, k, s in zip(spatial, self.kernel_size, self.strides, strict=True)
        )
        if min(self.output_dims) <= 0:
            raise ValueError(
                f"One of the dimensions in the output is <= 0 due to downsampling in "
                f"{self.name}. Consider increasing the input size. Received input shape "
                f"{list(input_shape)} which would produce output shape with a zero or negative "
                "value in a dimension."
            )
        patch = math.prod(self.kernel_size) * input_shape[-1]
        self._make((math.prod(self.output_dims), patch, self.filters), self.filters)

    def _make(self, kernel_shape: tuple, units: int) -> None:
        self.kernel = self.add_weight(
            "kernel",
            kernel_shape,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                (*self.output_dims, units),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

    def call(self, inputs: Any) -> Tensor:
        """Keras' local_conv: each position's patch, flattened (kernel dims, then
        channels), times that position's kernel."""
        x = _tf.convert_to_tensor(inputs)
        patch = self.kernel.static_shape[1]
        rows = []
        for position in itertools.product(*(range(n) for n in self.output_dims)):
            window = tuple(
                slice(p * s, p * s + k)
                for p, s, k in zip(position, self.strides, self.kernel_size, strict=True)
            )
            rows.append(_tf.reshape(x[(slice(None), *window, slice(None))], [1, -1, patch]))
        stacked = _tf.concat(rows, 0)  # [positions, batch, patch]
        y = _tf.matmul(stacked, self.kernel)  # [positions, batch, filters]
        y = _tf.reshape(y, [*self.output_dims, -1, self.filters])
        n = len(self.output_dims)
        y = _tf.transpose(y, [n, *range(n), n + 1])
        if self.bias is not None:
            y = y + self.bias
        return self.activation(y)


class LocallyConnected1D(_LocallyConnected):
    """[batch, steps, channels] -> [batch, new_steps, filters], unshared weights."""

    rank = 1


class LocallyConnected2D(_LocallyConnected):
    """[batch, rows, cols, channels] -> [batch, new_rows, new_cols, filters], unshared
    weights."""

    rank = 2
