"""Keras' recurrent layers of TF 1.x (LSTM, GRU, SimpleRNN) with Keras' weight layout
(`lstm/lstm_cell/kernel` [in, 4 units], `recurrent_kernel` [units, 4 units], `bias`, gates
in Keras' order) run over time by the engine's `dynamic_rnn` loop. TF1's Keras defaults:
recurrent_activation hard_sigmoid, GRU reset_after=False."""

from __future__ import annotations

import operator
from typing import Any, ClassVar

import numpy as np

import graphgate as _tf

from ..errors import error
from ..graph import Tensor
from ..rnn import dynamic_rnn
from . import activations
from .engine import Layer, _flat


class _StepCell:
    """The duck-typed RNNCell `dynamic_rnn` runs: one step of the layer."""

    def __init__(self, layer: _RNN, masked: bool = False):
        self._layer = layer
        self._masked = masked
        self.output_size = layer.units
        self.state_size = (layer.units,) * layer.n_states if layer.n_states > 1 else layer.units

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        zeros = [
            _tf.zeros(_tf.stack([batch_size, self._layer.units]), dtype)
            for _ in range(self._layer.n_states)
        ]
        return tuple(zeros) if self._layer.n_states > 1 else zeros[0]

    def __call__(self, inputs: Tensor, state: Any, scope: Any = None) -> tuple:
        if not self._masked:
            return self._layer.step(inputs, state)
        # A masked step keeps the state and repeats the previous output (Keras' rule).
        keep = _tf.greater(inputs[:, -1:], 0.0)
        _, new_state = self._layer.step(inputs[:, :-1], state)
        units = self._layer.units
        keep = _tf.tile(keep, [1, units])
        olds, news = _flat(state), _flat(new_state)
        kept = [_tf.where(keep, n, o) for n, o in zip(news, olds, strict=True)]
        out_state = tuple(kept) if self._layer.n_states > 1 else kept[0]
        if self._layer.zero_output_for_mask:  # zeros instead (Bidirectional's sequences)
            return _tf.where(keep, news[0], _tf.zeros_like(news[0])), out_state
        return kept[0], out_state


_RNN_KEYS = (
    "return_sequences",
    "return_state",
    "go_backwards",
    "stateful",
    "unroll",
    "time_major",
    "units",
    "activation",
    "use_bias",
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "recurrent_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "recurrent_constraint",
    "bias_constraint",
    "dropout",
    "recurrent_dropout",
)


class _RNN(Layer):
    supports_masking = True
    gates = 1
    n_states = 1
    cell_name = "simple_rnn_cell"
    default_recurrent_activation: Any = None
    _config_keys = _RNN_KEYS
    _config_defaults: ClassVar[dict[str, Any]] = {
        "unit_forget_bias": True,
        "implementation": 1,
        "reset_after": False,
    }

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        time_major: bool = False,
        **kwargs: Any,
    ):
        self._extra = {
            k: kwargs.pop(k)
            for k in ("unit_forget_bias", "reset_after", "implementation")
            if k in kwargs
        }
        # Whether a masked step outputs zeros rather than the last output: Bidirectional
        # sets it for the sequences it returns, as Keras' does.
        self.zero_output_for_mask = bool(kwargs.pop("zero_output_for_mask", False))
        super().__init__(**kwargs)
        if time_major:
            raise error("UNIMPLEMENTED", f"{type(self).__name__}: time_major is not supported")
        self.stateful = stateful
        self._state_vars: list | None = None
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self._drop: tuple | None = None
        self.units = operator.index(units)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(
            recurrent_activation or self.default_recurrent_activation
        )
        self.use_bias = use_bias
        self._inits = (kernel_initializer, recurrent_initializer, bias_initializer)
        self._regs = (kernel_regularizer, recurrent_regularizer, bias_regularizer)
        self._cons = (kernel_constraint, recurrent_constraint, bias_constraint)
        self.return_sequences, self.return_state = return_sequences, return_state
        self.go_backwards = go_backwards
        self._cell_scope = self.cell_name
        self._config = {
            "units": units,
            "activation": activation,
            "recurrent_activation": recurrent_activation,
            "use_bias": use_bias,
            "kernel_initializer": kernel_initializer,
            "recurrent_initializer": recurrent_initializer,
            "bias_initializer": bias_initializer,
            "kernel_regularizer": kernel_regularizer,
            "recurrent_regularizer": recurrent_regularizer,
            "bias_regularizer": bias_regularizer,
            "kernel_constraint": kernel_constraint,
            "recurrent_constraint": recurrent_constraint,
            "bias_constraint": bias_constraint,
            "unroll": unroll,
            "return_sequences": return_sequences,
            "return_state": return_state,
            "dropout": dropout,
            "recurrent_dropout": recurrent_dropout,
            **self._extra,
        }

    def _copy(self, name: str, go_backwards: bool) -> _RNN:
        """A new layer of the same settings (Bidirectional's forward and backward)."""
        return type(self)(
            **self._config,
            go_backwards=go_backwards,
            name=name,
            activity_regularizer=self._activity_regularizer,
        )  # not counted per graph: gru_1/gru_cell/kernel

    def _bias_shape(self) -> tuple:
        return (self.gates * self.units,)

    def _bias_initializer(self) -> Any:
        return self._inits[2]

    def build(self, input_shape: Any) -> None:
        if input_shape is None or len(input_shape) != 3 or input_shape[-1] is None:
            raise ValueError(
                f"Input 0 of layer {self.name} is incompatible with the layer: "
                f"expected ndim=3, found shape {input_shape}"
            )
        with _tf.name_scope(self._cell_scope):
            self.make_weights(input_shape[-1])

    def make_weights(self, input_dim: int) -> None:
        """The kernel, recurrent kernel and bias, in the current name scope (a cell's own
        when the gates serve a Keras cell)."""
        width = self.gates * self.units
        self.kernel = self.add_weight(
            "kernel",
            (input_dim, width),
            initializer=self._inits[0],
            regularizer=self._regs[0],
            constraint=self._cons[0],
        )
        self.recurrent_kernel = self.add_weight(
            "recurrent_kernel",
            (self.units, width),
            initializer=self._inits[1],
            regularizer=self._regs[1],
            constraint=self._cons[1],
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                self._bias_shape(),
                initializer=self._bias_initializer(),
                regularizer=self._regs[2],
                constraint=self._cons[2],
            )

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        mask = _flat(mask)[0] if mask is not None else None
        out = mask if self.return_sequences else None
        return [out] + [None] * self.n_states if self.return_state else out

    def _dropout_masks(self, x: Tensor, training: Any) -> tuple | None:
        """Keras' dropout masks, drawn once per call and kept for every step: one per gate
        for the inputs and for the recurrent state (implementation 1); ones when not
        training, so inference is exact."""
        if not self.dropout and not self.recurrent_dropout:
            return None
        from . import backend as K

        def masks(ones: Tensor, rate: float) -> list | None:
            if not rate:
                return None
            return [
                K.in_train_phase(lambda: K.dropout(ones, rate), ones, training)
                for _ in range(self.gates)
            ]

        ones_in = _tf.ones_like(x[:, 0, :])
        ones_rec = _tf.ones(_tf.stack([_tf.shape(x)[0], self.units]), x.dtype)
        return masks(ones_in, self.dropout), masks(ones_rec, self.recurrent_dropout)

    def _gate_inputs(self, x: Tensor, h: Tensor) -> tuple[list, list]:
        """The per-gate inputs and recurrent states under the current dropout masks."""
        dm, rdm = self._drop
        xs = [x * m for m in dm] if dm else [x] * self.gates
        hs = [h * m for m in rdm] if rdm else [h] * self.gates
        return xs, hs

    def _column(self, w: Tensor, k: int) -> Tensor:
        u = self.units
        return w[..., k * u : (k + 1) * u]

    def call(
        self, inputs: Any, mask: Any = None, training: Any = None, initial_state: Any = None
    ) -> Any:
        x = _tf.convert_to_tensor(inputs)
        self._drop = self._dropout_masks(x, training)
        try:
            return self._run(x, mask, initial_state)
        finally:
            self._drop = None

    def _run(self, x: Tensor, mask: Any, initial_state: Any) -> Any:
        masked = mask is not None
        if masked:
            # The mask rides along as one more feature, so the loop carries it per step.
            mask = _flat(mask)[0]
            x = _tf.concat([x, _tf.expand_dims(_tf.cast(mask, x.dtype), -1)], -1)
        if self.go_backwards:
            x = _tf.reverse(x, [1])
        state = None
        if initial_state is None and self.stateful:
            initial_state = self._kept_states(x)
        if initial_state is not None:
            state = tuple(initial_state) if self.n_states > 1 else _first(initial_state)
        cell = _StepCell(self, masked)
        outputs, final = dynamic_rnn(cell, x, initial_state=state, dtype=x.dtype)
        if self.stateful:
            finals = list(final) if self.n_states > 1 else [final]
            self.add_update(
                [_tf.assign(v, f) for v, f in zip(self._state_vars, finals, strict=True)]
            )
        last = _tf.transpose(outputs, [1, 0, 2])[-1]
        result = outputs if self.return_sequences else last
        if self.return_state:
            states = list(final) if self.n_states > 1 else [final]
            return [result, *states]
        return result

    def _split(self, t: Tensor, parts: int) -> list:
        u = self.units
        return [t[:, i * u : (i + 1) * u] for i in range(parts)]

    def _kept_states(self, x: Tensor) -> list:
        """A stateful layer's states: variables of its batch size, zeros at first, which
        each run of its updates sets to the last step's states (Keras' `stateful`)."""
        from . import backend as K

        batch = x.static_shape[0] if x.static_shape else None
        if not batch:
            raise ValueError(
                "If a RNN is stateful, it needs to know its batch size. Specify the batch "
                "size of your input tensors: \n- If using a Sequential model, specify the "
                "batch size by passing a `batch_input_shape` argument to your first "
                "layer.\n- If using the functional API, specify the batch size by passing "
                "a `batch_shape` argument to your Input layer."
            )
        if self._state_vars is None:
            zeros = np.zeros((batch, self.units), x.dtype.as_numpy_dtype)
            self._state_vars = [K.variable(zeros) for _ in range(self.n_states)]
        return self._state_vars

    def reset_states(self, states: Any = None) -> None:
        """Set a stateful layer's states to zeros (or to `states`), as Keras'."""
        from . import backend as K

        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        if self._state_vars is None:
            return  # not called yet: its states start at zeros
        values = _flat(states) if states is not None else [None] * self.n_states
        if len(values) != self.n_states:
            raise ValueError(
                f"Layer {self.name} expects {self.n_states} states, but it received "
                f"{len(values)} state values."
            )
        shape = tuple(self._state_vars[0].static_shape)
        K.batch_set_value(
            [
                (v, np.zeros(shape) if value is None else np.asarray(value))
                for v, value in zip(self._state_vars, values, strict=True)
            ]
        )


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, (list, tuple)) else value


class SimpleRNN(_RNN):
    """h = activation(x W + b + h U)."""

    _config_omitted = frozenset({"recurrent_activation"})

    def step(self, x: Tensor, h: Tensor) -> tuple:
        hr = h
        if self._drop is not None:
            (x,), (hr,) = self._gate_inputs(x, h)
        y = _tf.matmul(x, self.kernel)
        if self.bias is not None:
            y = _tf.nn.bias_add(y, self.bias)
        out = self.activation(y + _tf.matmul(hr, self.recurrent_kernel))
        return out, out


class _ForgetBias:
    """Keras' unit_forget_bias: zeros but ones for the forget gate."""

    def __init__(self, units: int, base: Any):
        self.units, self.base = units, base

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        from . import initializers

        u = self.units
        init = initializers.get(self.base)
        return _tf.concat(
            [init((u,), dtype=dtype), _tf.ones((u,), dtype=dtype), init((2 * u,), dtype=dtype)], 0
        )


class LSTM(_RNN):
    """Gates i, f, c, o from x W + h U + b; c = f c + i act(z_c); h = o act(c); state
    [h, c]."""

    gates, n_states, cell_name = 4, 2, "lstm_cell"
    default_recurrent_activation = "hard_sigmoid"
    _config_keys = (*_RNN_KEYS, "recurrent_activation", "unit_forget_bias", "implementation")

    def _bias_initializer(self) -> Any:
        if self._extra.get("unit_forget_bias", True):
            return _ForgetBias(self.units, self._inits[2])
        return self._inits[2]

    def step(self, x: Tensor, state: tuple) -> tuple:
        h, c = state
        if self._drop is None:
            z = _tf.matmul(x, self.kernel) + _tf.matmul(h, self.recurrent_kernel)
            if self.bias is not None:
                z = _tf.nn.bias_add(z, self.bias)
            zi, zf, zc, zo = self._split(z, 4)
        else:
            zi, zf, zc, zo = self._dropped_gates(x, h)
        rec = self.recurrent_activation
        c = rec(zf) * c + rec(zi) * self.activation(zc)
        h = rec(zo) * self.activation(c)
        return h, (h, c)

    def _dropped_gates(self, x: Tensor, h: Tensor) -> list:
        xs, hs = self._gate_inputs(x, h)
        gates = []
        for k in range(4):
            g = _tf.matmul(xs[k], self._column(self.kernel, k))
            if self.bias is not None:
                g = g + self._column(self.bias, k)
            gates.append(g + _tf.matmul(hs[k], self._column(self.recurrent_kernel, k)))
        return gates


class GRU(_RNN):
    """Gates z, r; h~ = act(x W_h + (r h) U_h + b_h) (reset_after=False, TF1's default;
    with reset_after the reset multiplies h U_h + b_rec after the product); h = z h +
    (1 - z) h~."""

    gates, cell_name = 3, "gru_cell"
    default_recurrent_activation = "hard_sigmoid"
    _config_keys = (*_RNN_KEYS, "recurrent_activation", "implementation", "reset_after")

    @property
    def reset_after(self) -> bool:
        return bool(self._extra.get("reset_after", False))

    def _bias_shape(self) -> tuple:
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def step(self, x: Tensor, h: Tensor) -> tuple:
        if self._drop is not None:
            return self._dropped_step(x, h)
        b_in = b_rec = None
        if self.bias is not None:
            b_in, b_rec = (self.bias[0], self.bias[1]) if self.reset_after else (self.bias, None)
        mx = _tf.matmul(x, self.kernel)
        if b_in is not None:
            mx = _tf.nn.bias_add(mx, b_in)
        xz, xr, xh = self._split(mx, 3)
        u = self.units
        rec = self.recurrent_activation
        if self.reset_after:
            inner = _tf.matmul(h, self.recurrent_kernel)
            if b_rec is not None:
                inner = _tf.nn.bias_add(inner, b_rec)
            hz, hr, hh = self._split(inner, 3)
            z, r = rec(xz + hz), rec(xr + hr)
            candidate = self.activation(xh + r * hh)
        else:
            uz, ur, uh = (self.recurrent_kernel[:, i * u : (i + 1) * u] for i in range(3))
            z = rec(xz + _tf.matmul(h, uz))
            r = rec(xr + _tf.matmul(h, ur))
            candidate = self.activation(xh + _tf.matmul(r * h, uh))
        out = z * h + (1.0 - z) * candidate
        return out, out

    def _dropped_step(self, x: Tensor, h: Tensor) -> tuple:
        """Keras' implementation-1 step: every gate from its own dropped copy of x and h."""
        xs, hs = self._gate_inputs(x, h)
        b_in = b_rec = None
        if self.bias is not None:
            b_in, b_rec = (self.bias[0], self.bias[1]) if self.reset_after else (self.bias, None)
        col = self._column
        xg = [_tf.matmul(xs[k], col(self.kernel, k)) for k in range(3)]
        if b_in is not None:
            xg = [g + col(b_in, k) for k, g in enumerate(xg)]
        rec = self.recurrent_activation
        hz = _tf.matmul(hs[0], col(self.recurrent_kernel, 0))
        hr = _tf.matmul(hs[1], col(self.recurrent_kernel, 1))
        if self.reset_after:
            hh = _tf.matmul(hs[2], col(self.recurrent_kernel, 2))
            if b_rec is not None:
                hz, hr, hh = hz + col(b_rec, 0), hr + col(b_rec, 1), hh + col(b_rec, 2)
            z, r = rec(xg[0] + hz), rec(xg[1] + hr)
            candidate = self.activation(xg[2] + r * hh)
        else:
            z, r = rec(xg[0] + hz), rec(xg[1] + hr)
            candidate = self.activation(
                xg[2] + _tf.matmul(r * hs[2], col(self.recurrent_kernel, 2))
            )
        out = z * h + (1.0 - z) * candidate
        return out, out


class Bidirectional(Layer):
    """A recurrent layer run forwards (`forward_<name>`) and backwards (`backward_<name>`),
    the outputs merged by `merge_mode` ("concat", "sum", "mul", "ave" or None for both)."""

    _config_keys = ("layer", "merge_mode")
    _config_args = frozenset({"layer"})
    _config_omitted = frozenset({"backward_layer"})

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Bidirectional:
        return cls(**_with_layer(config, custom_objects))

    def __init__(
        self,
        layer: _RNN,
        merge_mode: str | None = "concat",
        weights: Any = None,
        backward_layer: Any = None,
        **kwargs: Any,
    ):
        if isinstance(layer, Layer) and not hasattr(layer, "go_backwards"):
            # TF's Bidirectional reads the wrapped layer's config["go_backwards"].
            raise KeyError(
                f"go_backwards: Bidirectional wraps a recurrent layer, not {type(layer).__name__}"
            )
        if not hasattr(layer, "_copy") or backward_layer is not None:
            raise error(
                "UNIMPLEMENTED", "Bidirectional wraps an LSTM, GRU, SimpleRNN or RNN of Keras cells"
            )
        if merge_mode not in ("concat", "sum", "mul", "ave", None):
            raise ValueError(
                f"Invalid merge mode. Merge mode should be one of "
                f'{{"sum", "mul", "ave", "concat", None}}, got {merge_mode}'
            )
        super().__init__(**kwargs)
        self.forward_layer = layer._copy("forward_" + layer.name, layer.go_backwards)
        self.backward_layer = layer._copy("backward_" + layer.name, not layer.go_backwards)
        for copy in (self.forward_layer, self.backward_layer):
            copy.zero_output_for_mask = copy.return_sequences
        self.merge_mode = merge_mode
        self.return_sequences, self.return_state = layer.return_sequences, layer.return_state

    supports_masking = True

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        mask = _flat(mask)[0] if mask is not None else None
        out = mask if self.return_sequences else None
        if self.return_state:
            n = 2 * self.forward_layer.n_states
            return [out, None] if self.merge_mode is None else [out] + [None] * n
        return [out, out] if self.merge_mode is None else out

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        return self.forward_layer.trainable_weights + self.backward_layer.trainable_weights

    @property
    def non_trainable_weights(self) -> list:
        if not self.trainable:
            return self.forward_layer.weights + self.backward_layer.weights
        return self.forward_layer.non_trainable_weights + self.backward_layer.non_trainable_weights

    @property
    def losses(self) -> list:
        return self.forward_layer.losses + self.backward_layer.losses

    def call(self, inputs: Any, mask: Any = None, training: Any = None) -> Any:
        y = self._run(self.forward_layer, inputs, mask, training)
        y_rev = self._run(self.backward_layer, inputs, mask, training)
        states: list = []
        if self.return_state:
            y, states = y[0], y[1:] + y_rev[1:]
            y_rev = y_rev[0]
        if self.return_sequences:
            y_rev = _tf.reverse(y_rev, [1])
        merged = self._merge(y, y_rev)
        if self.return_state:
            return [*(merged if isinstance(merged, list) else [merged]), *states]
        return merged

    @staticmethod
    def _run(layer: _RNN, inputs: Any, mask: Any, training: Any) -> Any:
        # Through __call__ (its own name scope and weights); the mask handed over as Keras
        # hands its own.
        kwargs = {"training": training}
        if mask is not None:
            kwargs["mask"] = mask
        return layer(inputs, **kwargs)

    def _merge(self, y: Tensor, y_rev: Tensor) -> Any:
        if self.merge_mode == "concat":
            return _tf.concat([y, y_rev], -1)
        if self.merge_mode == "sum":
            return y + y_rev
        if self.merge_mode == "ave":
            return (y + y_rev) / 2.0
        if self.merge_mode == "mul":
            return y * y_rev
        return [y, y_rev]


class TimeDistributed(Layer):
    """`layer` applied to every time step: the steps folded into the batch, the layer's
    weights made in this wrapper's scope (`time_distributed/kernel`), as Keras'."""

    supports_masking = True
    _config_keys = ("layer",)

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> TimeDistributed:
        return cls(**_with_layer(config, custom_objects))

    def __init__(self, layer: Layer, **kwargs: Any):
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape: Any) -> None:
        if _is_legacy(self.layer):
            return  # a tf.layers object builds at its first call, in its own scope
        if self.layer.dtype is None:
            self.layer.dtype = self.dtype
        self.layer.build((input_shape[0], *input_shape[2:]))
        self.layer.built = True

    @property
    def trainable_weights(self) -> list:
        return self.layer.trainable_weights if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        return self.layer.non_trainable_weights if self.trainable else self.layer.weights

    @property
    def losses(self) -> list:
        return self.layer.losses

    def call(self, inputs: Any, training: Any = None) -> Tensor:
        x = _tf.convert_to_tensor(inputs)
        shape = x.static_shape
        if None in shape[2:]:
            raise error("SHAPE_MISMATCH", f"TimeDistributed needs known inner dims: {shape}")
        steps = shape[1] if shape[1] is not None else _tf.shape(x)[1]
        folded = _tf.reshape(x, [-1, *shape[2:]])
        kwargs = {"training": training} if self.layer._expects("training") else {}
        # A tf.layers object is called whole, as TF's wrapper calls it: its variables in
        # its own variable scope (`dense/kernel`), not the wrapper's.
        y = (self.layer if _is_legacy(self.layer) else self.layer.call)(folded, **kwargs)
        inner = list(y.static_shape[1:])
        return _tf.reshape(y, _tf.stack([_tf.shape(x)[0], steps, *inner]))


def _is_legacy(layer: Any) -> bool:
    from ..layers_base import Layer as LegacyLayer

    return isinstance(layer, LegacyLayer)


def _with_layer(config: dict, custom_objects: dict | None) -> dict:
    """A wrapper's config with its inner layer made from the layer's own config."""
    from .layers import deserialize

    return {**config, "layer": deserialize(config["layer"], custom_objects)}
