"""`tf.layers.InputSpec` / `tf.keras.layers.InputSpec`: what a Keras layer expects of its
inputs (rank, dtype, shape, some axes' sizes), checked on every call as TF1's Keras checks
`layer.input_spec` (ValueError, TypeError, with TF's messages)."""

from __future__ import annotations

from typing import Any

from . import dtypes as _dt
from . import tf_nest
from .graph import TensorShape


class InputSpec:
    """The rank (`ndim`, `min_ndim`, `max_ndim`), `dtype`, `shape` (None dims unchecked)
    and `axes` ({axis: size}) a layer's input must have."""

    def __init__(
        self,
        dtype: Any = None,
        shape: Any = None,
        ndim: int | None = None,
        max_ndim: int | None = None,
        min_ndim: int | None = None,
        axes: dict | None = None,
        allow_last_axis_squeeze: bool = False,
        name: str | None = None,
        optional: bool = False,
    ):
        self.dtype = _dt.as_dtype(dtype).name if dtype is not None else None
        shape = TensorShape(shape)
        self.shape = None if shape.rank is None else tuple(shape.as_list())
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.name = name
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.optional = optional
        try:
            axes = axes or {}
            self.axes = {int(k): axes[k] for k in axes}
        except (ValueError, TypeError):
            raise TypeError(
                f"Argument `axes` must be a dict with integer keys. Received: axes={axes}"
            ) from None
        if self.axes and (self.ndim is not None or self.max_ndim is not None):
            max_dim = (self.ndim if self.ndim else self.max_ndim) - 1
            max_axis = max(self.axes)
            if max_axis > max_dim:
                raise ValueError(
                    f"Axis {max_axis} is greater than the maximum allowed value: {max_dim}"
                )

    def __repr__(self) -> str:
        spec = [
            f"dtype={self.dtype}" if self.dtype else "",
            f"shape={self.shape}" if self.shape else "",
            f"ndim={self.ndim}" if self.ndim else "",
            f"max_ndim={self.max_ndim}" if self.max_ndim else "",
            f"min_ndim={self.min_ndim}" if self.min_ndim else "",
            f"axes={self.axes}" if self.axes else "",
        ]
        return f"InputSpec({', '.join(x for x in spec if x)})"

    def get_config(self) -> dict:
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config: dict) -> InputSpec:
        return cls(**config)


def check_specs(value: Any) -> Any:
    """`value` as a layer's `input_spec`: InputSpecs (or None) in any nesting, else
    TypeError, as TF1's Keras setter."""
    for v in tf_nest.flatten(value):
        if v is not None and not isinstance(v, InputSpec):
            raise TypeError(f"Layer input_spec must be an instance of InputSpec. Got: {v}")
    return value


def assert_input_compatibility(input_spec: Any, inputs: Any, layer_name: str) -> None:
    """ValueError (TypeError for an input that is no tensor) unless `inputs` meet
    `input_spec`, with TF1 Keras' messages; inputs of unknown rank pass."""
    if not input_spec:
        return
    specs = tf_nest.flatten(input_spec)
    if isinstance(inputs, dict) and all(spec.name for spec in specs):
        inputs = [_named_input(inputs, spec.name, specs) for spec in specs]
    flat = tf_nest.flatten(inputs)
    for x, spec in zip(flat, specs, strict=False):
        if spec is not None and not (x is None and spec.optional) and not hasattr(x, "shape"):
            raise TypeError(
                f"Inputs to a layer should be tensors. Got '{x}' (of type {type(x)}) as "
                f"input for layer '{layer_name}'."
            )
    if len(flat) != len(specs):
        raise ValueError(
            f'Layer "{layer_name}" expects {len(specs)} input(s), but it received '
            f"{len(flat)} input tensors. Inputs received: {flat}"
        )
    for index, (x, spec) in enumerate(zip(flat, specs, strict=True)):
        if spec is None or (x is None and spec.optional):
            continue
        shape = TensorShape(x.shape)
        if shape.rank is None:
            return  # TF's check stops at the first input of unknown rank
        problem = _rank_problem(spec, shape) or _value_problem(spec, x, shape)
        if problem:
            raise ValueError(
                f'Input {index} of layer "{layer_name}" is incompatible with the layer: ' + problem
            )


def _named_input(inputs: dict, name: str, specs: list) -> Any:
    if name not in inputs:
        raise ValueError(
            f'Missing data for input "{name}". You passed a data dictionary with keys '
            f"{list(inputs.keys())}. Expected the following keys: {[s.name for s in specs]}"
        )
    return inputs[name]


def _rank_problem(spec: InputSpec, shape: TensorShape) -> str | None:
    ndim = shape.rank
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
        return f"expected ndim={spec.ndim}, found ndim={ndim}. Full shape received: {_full(shape)}"
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        return f"expected max_ndim={spec.max_ndim}, found ndim={ndim}"
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        return (
            f"expected min_ndim={spec.min_ndim}, found ndim={ndim}. "
            f"Full shape received: {_full(shape)}"
        )
    return None


def _value_problem(spec: InputSpec, x: Any, shape: TensorShape) -> str | None:
    if spec.dtype is not None and x.dtype.name != spec.dtype:
        return f"expected dtype={spec.dtype}, found dtype={x.dtype}"
    dims = shape.as_list()
    for axis, value in spec.axes.items():
        value = getattr(value, "value", value)
        if value is not None and dims[int(axis)] not in {value, None}:
            return (
                f"expected axis {axis} of input shape to have value {value}, but received "
                f"input with shape {_display(shape)}"
            )
    if spec.shape is not None:
        expected = spec.shape
        if spec.allow_last_axis_squeeze:
            dims = dims[:-1] if dims and dims[-1] == 1 else dims
            expected = expected[:-1] if expected and expected[-1] == 1 else expected
        for want, got in zip(expected, dims, strict=False):
            if want is not None and got is not None and want != got:
                return f"expected shape={spec.shape}, found shape={_display(shape)}"
    return None


def _display(shape: TensorShape) -> str:
    return str(tuple(shape.as_list()))


def _full(shape: TensorShape) -> str:
    """`tuple(shape)` as TF1's message shows it: a tuple of v1 `Dimension`s."""
    dims = [f"Dimension({d})" for d in shape.as_list()]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"
