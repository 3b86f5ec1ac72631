"""Keras' generic recurrent layer of TF 1.x: `RNN(cell)` over any Keras cell
(`SimpleRNNCell`, `LSTMCell`, `GRUCell`, `StackedRNNCells` or a user's Layer with
`call(inputs, states)` and `state_size`), and the CuDNN layers TF1 only runs on a GPU.

A cell's gate math is its layer's (`recurrent.py`: SimpleRNN, LSTM, GRU own it); the cell
holds those gates and makes their weights in its own scope (`rnn/lstm_cell/kernel`, as
Keras). The layer runs the cell over time in the engine's `dynamic_rnn` loop.
"""

from __future__ import annotations

import operator
from typing import Any, ClassVar

import graphgate as _tf

from ..errors import error
from ..graph import Tensor
from ..rnn import dynamic_rnn
from .engine import Layer, _flat
from .recurrent import _RNN, GRU, LSTM, SimpleRNN

_CELL_ONLY = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll")


def _cell_keys(layer: type[_RNN]) -> tuple[str, ...]:
    """A cell's config keys in TF's order: its layer's, without the sequence settings and
    with the recurrent activation after the activation."""
    keys = [k for k in layer._config_keys if k not in (*_CELL_ONLY, "time_major")]
    keys.remove("activity_regularizer")
    if "recurrent_activation" in keys:
        keys.remove("recurrent_activation")
        keys.insert(keys.index("activation") + 1, "recurrent_activation")
    if "unit_forget_bias" in keys:
        keys.remove("unit_forget_bias")
        keys.insert(keys.index("bias_initializer") + 1, "unit_forget_bias")
    return tuple(keys)


class _GateCell(Layer):
    """A Keras cell whose step is the gates of a recurrent layer class."""

    gates_of: type[_RNN] = _RNN

    def _config_raw(self, key: str) -> Any:
        # The settings are the gates' (a layer's keys less the sequence ones).
        return self._gates._config_raw(key)

    def __init__(self, units: int, **kwargs: Any):
        layer_kwargs = {k: kwargs.pop(k) for k in ("name", "trainable", "dtype") if k in kwargs}
        for key in _CELL_ONLY:
            if key in kwargs:
                raise TypeError("Keyword argument not understood:", key)
        super().__init__(**layer_kwargs)
        # Named explicitly so the gates take no number from Keras' per-graph counter.
        self._gates = self.gates_of(units, name=self.name, **kwargs)
        # One list of weights, losses and constraints: the gates' are the cell's.
        self._trainable_weights = self._gates._trainable_weights
        self._non_trainable_weights = self._gates._non_trainable_weights
        self._weight_losses = self._gates._weight_losses
        self._constraints = self._gates._constraints
        self.units = self._gates.units

    @property
    def state_size(self) -> Any:
        n = self._gates.n_states
        return [self.units] * n if n > 1 else self.units

    @property
    def output_size(self) -> int:
        return self.units

    def __getattr__(self, name: str) -> Any:
        # kernel, recurrent_kernel, bias, activation, dropout...: the gates' own.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._gates, name)

    def build(self, input_shape: Any) -> None:
        if input_shape is None or input_shape[-1] is None:
            raise ValueError(
                f"The last dimension of the inputs to `{type(self).__name__}` should be "
                f"defined. Found `None`."
            )
        self._gates.trainable = self.trainable
        self._gates.dtype = self.dtype
        self._gates.make_weights(int(input_shape[-1]))
        self._gates.built = True

    def dropout_masks(self, sequence: Tensor, training: Any) -> None:
        """Draw the dropout masks once for a pass over `sequence` ([batch, time, ...]),
        as Keras' RNN does; None clears them."""
        self._gates._drop = (
            None if sequence is None else self._gates._dropout_masks(sequence, training)
        )

    def call(self, inputs: Any, states: Any, training: Any = None) -> tuple:
        states = _flat(states)
        gates = self._gates
        own_masks = gates._drop is None and (gates.dropout or gates.recurrent_dropout)
        if own_masks:
            # Called outside an RNN: masks for this one step.
            self.dropout_masks(_tf.expand_dims(inputs, 1), training)
        try:
            state = tuple(states) if gates.n_states > 1 else states[0]
            output, new_state = gates.step(inputs, state)
        finally:
            if own_masks:
                gates._drop = None
        return output, list(new_state) if gates.n_states > 1 else [new_state]


class SimpleRNNCell(_GateCell):
    """`tf.keras.layers.SimpleRNNCell`: h = activation(x W + b + h U)."""

    gates_of = SimpleRNN
    _config_keys = _cell_keys(SimpleRNN)


class LSTMCell(_GateCell):
    """`tf.keras.layers.LSTMCell` (TF1's: recurrent_activation hard_sigmoid); states
    [h, c]."""

    gates_of = LSTM
    _config_keys = _cell_keys(LSTM)


class GRUCell(_GateCell):
    """`tf.keras.layers.GRUCell` (TF1's: reset_after False, hard_sigmoid)."""

    gates_of = GRU
    _config_keys = _cell_keys(GRU)


class StackedRNNCells(Layer):
    """Cells run one after another in each step, each one's output the next one's input;
    the state is each cell's states in turn."""

    _config_keys = ("cells",)

    def __init__(self, cells: list, **kwargs: Any):
        for cell in cells:
            _check_cell(cell)
        super().__init__(**kwargs)
        self.cells = list(cells)

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> StackedRNNCells:
        from .layers import deserialize

        cells = [deserialize(c, custom_objects) for c in config["cells"]]
        return cls(**{**config, "cells": cells})

    @property
    def state_size(self) -> tuple:
        return tuple(c.state_size for c in self.cells)

    @property
    def output_size(self) -> Any:
        last = self.cells[-1]
        return getattr(last, "output_size", None) or _flat(last.state_size)[0]

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        return [w for c in self.cells for w in c.trainable_weights]

    @property
    def non_trainable_weights(self) -> list:
        if not self.trainable:
            return [w for c in self.cells for w in c.weights]
        return [w for c in self.cells for w in c.non_trainable_weights]

    @property
    def losses(self) -> list:
        return [loss for c in self.cells for loss in c.losses]

    def build(self, input_shape: Any) -> None:
        shape = tuple(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                with _tf.name_scope(cell.name):
                    cell.dtype = cell.dtype or self.dtype
                    cell.build(shape)
                    cell.built = True
            shape = (shape[0], *_size_dims(getattr(cell, "output_size", None) or cell.state_size))

    def dropout_masks(self, sequence: Tensor | None, training: Any) -> None:
        # Each cell's masks match its own input width, known only as the stack runs: a
        # cell after the first draws per step (in the loop) when it has dropout.
        first = self.cells[0]
        if hasattr(first, "dropout_masks"):
            first.dropout_masks(sequence, training)

    def call(self, inputs: Any, states: Any, training: Any = None) -> tuple:
        flat = _flat(states)
        new_states: list = []
        for cell in self.cells:
            n = len(_flat(cell.state_size))
            mine, flat = flat[:n], flat[n:]
            inputs, out_states = _cell_call(cell, inputs, mine, training)
            new_states += _flat(out_states)
        return inputs, new_states


def _size_dims(size: Any) -> tuple:
    first = _flat(size)[0] if isinstance(size, list | tuple) and size else size
    if isinstance(first, int):
        return (first,)
    return tuple(_tf.TensorShape(first).as_list())


def _clone_cell(cell: Any) -> Any:
    """A new, unbuilt cell with `cell`'s settings and name, as Keras' copy through the
    cell's config makes it; a user's cell has no config here (UNIMPLEMENTED)."""
    if isinstance(cell, StackedRNNCells):
        return StackedRNNCells([_clone_cell(c) for c in cell.cells], name=cell.name)
    if isinstance(cell, _GateCell):
        config = dict(cell._gates._config)
        for key in ("return_sequences", "return_state", "unroll"):
            config.pop(key, None)
        return type(cell)(name=cell.name, trainable=cell.trainable, **config)
    raise error(
        "UNIMPLEMENTED",
        f"Bidirectional cannot copy the cell {cell!r}: graphgate keeps no layer configs",
    )


def _check_cell(cell: Any) -> None:
    if not hasattr(cell, "call"):
        raise ValueError(
            f"All cells must have a `call` method. Received cell without a `call` method: {cell}"
        )
    if not hasattr(cell, "state_size"):
        raise ValueError(
            "All cells must have a `state_size` attribute. Received cell without a "
            f"`state_size`: {cell}"
        )


def _cell_call(cell: Any, inputs: Tensor, states: list, training: Any) -> tuple:
    if isinstance(cell, Layer) and cell._expects("training"):
        return cell.call(inputs, states, training=training)
    return cell.call(inputs, states)


class _LoopCell:
    """The duck-typed RNNCell `dynamic_rnn` runs: one step of a Keras cell. Masked, the
    mask rides as one more input feature, and the previous output as one more state:
    a masked step keeps the states and repeats the previous output (Keras' rule)."""

    def __init__(self, layer: RNN, masked: bool, training: Any):
        self._layer, self._masked, self._training = layer, masked, training
        cell = layer.cell
        self.output_size = _output_size(cell)
        sizes = list(_flat(cell.state_size))
        self.state_size = (*sizes, self.output_size) if masked else tuple(sizes)

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        raise error("INTERNAL_ERROR", "the Keras RNN loop starts from its layer's states")

    def __call__(self, inputs: Tensor, state: Any, scope: Any = None) -> tuple:
        states = list(state)
        cell = self._layer.cell
        if not self._masked:
            output, new_states = _cell_call(cell, inputs, states, self._training)
            return output, tuple(_flat(new_states))
        keep_flag = _tf.greater(inputs[:, -1:], 0.0)
        prev_output, states = states[-1], states[:-1]
        output, new_states = _cell_call(cell, inputs[:, :-1], states, self._training)

        def kept(new: Tensor, old: Tensor) -> Tensor:
            keep = _tf.tile(keep_flag, [1, _tf.shape(new)[1]])
            return _tf.where(keep, new, old)

        out = kept(output, prev_output)
        news = [kept(n, o) for n, o in zip(_flat(new_states), states, strict=True)]
        if self._layer.zero_output_for_mask:  # zeros instead (Bidirectional's sequences)
            return kept(output, _tf.zeros_like(output)), (*news, out)
        return out, (*news, out)


def _output_size(cell: Any) -> Any:
    size = getattr(cell, "output_size", None)
    return size if size is not None else _flat(cell.state_size)[0]


class RNN(Layer):
    """`tf.keras.layers.RNN`: `cell` (or a list of cells, stacked) over the time axis of
    [batch, time, ...] inputs; `return_sequences`, `return_state`, `go_backwards`,
    masks, `initial_state`; `unroll` gives the same numbers (the loop is not unrolled)."""

    supports_masking = True
    _config_keys = (
        "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
        "time_major", "cell",
    )  # fmt: skip
    _config_defaults: ClassVar[dict[str, Any]] = {"stateful": False, "time_major": False}
    _config_omitted = frozenset({"input_length"})  # TF turns it into the input shape

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> RNN:
        from .layers import deserialize

        cell = config["cell"]
        cell = (
            [deserialize(c, custom_objects) for c in cell]
            if isinstance(cell, list)
            else (deserialize(cell, custom_objects))
        )
        return cls(**{**config, "cell": cell})

    def __init__(
        self,
        cell: Any,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        time_major: bool = False,
        **kwargs: Any,
    ):
        if isinstance(cell, list | tuple):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call"):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        if not hasattr(cell, "state_size"):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute (tuple of integers, one "
                f"integer per RNN state). Received: cell={cell}"
            )
        kwargs.pop("input_length", None)
        zero_output_for_mask = bool(kwargs.pop("zero_output_for_mask", False))
        super().__init__(**kwargs)
        if stateful or time_major:
            raise error("UNIMPLEMENTED", "RNN: stateful and time_major are not supported")
        self.cell = cell
        self.return_sequences, self.return_state = return_sequences, return_state
        self.go_backwards, self.unroll = go_backwards, unroll
        # Whether a masked step outputs zeros (Bidirectional sets it for its sequences).
        self.zero_output_for_mask = zero_output_for_mask

    @property
    def n_states(self) -> int:
        return len(_flat(self.cell.state_size))

    def _copy(self, name: str, go_backwards: bool) -> RNN:
        """A new layer of the same settings over a new cell of the same name
        (Bidirectional's forward and backward: `forward_rnn/lstm_cell/kernel`)."""
        return RNN(
            _clone_cell(self.cell),
            return_sequences=self.return_sequences,
            return_state=self.return_state,
            go_backwards=go_backwards,
            unroll=self.unroll,
            name=name,
        )

    @property
    def states(self) -> list:
        return [None] * len(_flat(self.cell.state_size))

    @property
    def trainable_weights(self) -> list:
        if not self.trainable or not isinstance(self.cell, Layer):
            return []
        return self.cell.trainable_weights

    @property
    def non_trainable_weights(self) -> list:
        if not isinstance(self.cell, Layer):
            return []
        return self.cell.non_trainable_weights if self.trainable else self.cell.weights

    @property
    def losses(self) -> list:
        own = super().losses
        return own + (self.cell.losses if isinstance(self.cell, Layer) else [])

    def build(self, input_shape: Any) -> None:
        shape = _flat(input_shape)[0] if isinstance(input_shape, list) else input_shape
        if shape is None or len(shape) < 3:
            raise ValueError(
                f"Input 0 of layer {self.name} is incompatible with the layer: expected "
                f"ndim>=3, found shape {shape}"
            )
        if isinstance(self.cell, Layer) and not self.cell.built:
            with _tf.name_scope(self.cell.name):
                self.cell.dtype = self.cell.dtype or self.dtype
                self.cell.build((shape[0], *shape[2:]))
                self.cell.built = True

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        mask = _flat(mask)[0] if mask is not None else None
        out = mask if self.return_sequences else None
        if self.return_state:
            return [out] + [None] * len(_flat(self.cell.state_size))
        return out

    def get_initial_state(self, inputs: Tensor) -> list:
        """Zeros for each state, [batch, size] (the cell's own when it defines them)."""
        own = getattr(self.cell, "get_initial_state", None)
        if own is not None:
            return _flat(own(inputs=inputs, batch_size=_tf.shape(inputs)[0], dtype=inputs.dtype))
        batch = _tf.shape(inputs)[0]
        return [
            _tf.zeros(_tf.stack([batch, *_size_dims(s)]), inputs.dtype)
            for s in _flat(self.cell.state_size)
        ]

    def call(
        self, inputs: Any, mask: Any = None, training: Any = None, initial_state: Any = None
    ) -> Any:
        x = _tf.convert_to_tensor(inputs)
        masks = getattr(self.cell, "dropout_masks", None)
        if masks is not None:
            masks(x, training)
        try:
            return self._run(x, mask, training, initial_state)
        finally:
            if masks is not None:
                masks(None, training)

    def _run(self, x: Tensor, mask: Any, training: Any, initial_state: Any) -> Any:
        masked = mask is not None
        states = self.get_initial_state(x) if initial_state is None else _flat(initial_state)
        if masked:
            if len(x.static_shape) != 3:
                raise error("UNIMPLEMENTED", "RNN: masks over inputs of rank other than 3")
            mask = _flat(mask)[0]
            x = _tf.concat([x, _tf.expand_dims(_tf.cast(mask, x.dtype), -1)], -1)
            states = [*states, _tf.zeros_like(_output_like(self.cell, states))]
        if self.go_backwards:
            x = _tf.reverse(x, [1])
        loop = _LoopCell(self, masked, training)
        outputs, final = dynamic_rnn(loop, x, initial_state=tuple(states), dtype=x.dtype)
        final = list(final)[: len(final) - 1] if masked else list(final)
        rank = len(outputs.static_shape)
        last = _tf.transpose(outputs, [1, 0, *range(2, rank)])[-1]
        result = outputs if self.return_sequences else last
        if not self.return_state:
            return result
        return [result, *_packed(self.cell.state_size, final)]


def _packed(state_size: Any, flat: list) -> list:
    """The final states nested as the cell's state sizes are (a stack of LSTM cells gives
    [[h, c], [h, c]]), as Keras returns them."""
    if not isinstance(state_size, list | tuple):
        return list(flat)
    it = iter(flat)
    out = []
    for size in state_size:
        if isinstance(size, list | tuple) and not _is_shape(size):
            out.append([next(it) for _ in _flat(size)])
        else:
            out.append(next(it))
    return out


def _is_shape(size: Any) -> bool:
    return isinstance(size, _tf.TensorShape)


def _output_like(cell: Any, states: list) -> Tensor:
    """A tensor shaped as the cell's output, for the masked loop's previous output."""
    size = _output_size(cell)
    first = states[0]
    if isinstance(size, int) and first.static_shape[-1] == size:
        return first
    return _tf.zeros(_tf.stack([_tf.shape(first)[0], *_size_dims(size)]), first.dtype)


class _CuDNN(Layer):
    """TF1's CuDNN layers run only on a GPU: on TF's CPU every run of their graph fails
    with InvalidArgumentError, and graphgate has no GPU, so their call fails the same way
    (use LSTM/GRU: CuDNN's gates differ, reset_after and sigmoid, but the math is
    theirs)."""

    op_name = "CudnnRNN"
    _config_keys: tuple[str, ...] = (
        "return_sequences", "return_state", "go_backwards", "stateful", "time_major",
        "units", "kernel_initializer", "recurrent_initializer", "bias_initializer",
        "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
    )  # fmt: skip
    _config_defaults: ClassVar[dict[str, Any]] = {
        "return_sequences": False, "return_state": False, "go_backwards": False,
        "stateful": False, "time_major": False, "kernel_initializer": "glorot_uniform",
        "recurrent_initializer": "orthogonal", "bias_initializer": "zeros",
        "unit_forget_bias": True,
    }  # fmt: skip

    def __init__(self, units: int, **kwargs: Any):
        for key in (
            "kernel_initializer",
            "unit_forget_bias",
            "recurrent_initializer",
            "bias_initializer",
            "kernel_regularizer",
            "recurrent_regularizer",
            "bias_regularizer",
            "activity_regularizer",
            "kernel_constraint",
            "recurrent_constraint",
            "bias_constraint",
            "return_sequences",
            "return_state",
            "go_backwards",
            "stateful",
            "time_major",
        ):
            kwargs.pop(key, None)
        super().__init__(**kwargs)
        self.units = operator.index(units)

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        raise error(
            "NO_CPU_KERNEL",
            f"No OpKernel was registered to support Op 'CudnnRNNV3' used by "
            f"{{{{node {self.name}/CudnnRNNV3}}}}: Registered devices: [CPU]; Registered "
            f"kernels: device='GPU' ({type(self).__name__} runs on a GPU only; use "
            f"{type(self).__name__[5:]} instead)",
        )


class CuDNNLSTM(_CuDNN):
    _config_keys = tuple(
        k for key in _CuDNN._config_keys
        for k in ((key, "unit_forget_bias") if key == "bias_initializer" else (key,))
    )  # fmt: skip


class CuDNNGRU(_CuDNN):
    pass
