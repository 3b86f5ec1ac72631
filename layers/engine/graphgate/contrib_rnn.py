"""The cells of TF1's `tf.contrib.rnn` that are not `tf.nn.rnn_cell`'s: `LSTMBlockCell`,
`GRUBlockCell`, `GRUBlockCellV2`, `LayerNormBasicLSTMCell` and `AttentionCellWrapper`.

TF computed the block cells with fused kernels (LSTMBlockCell, GRUBlockCell ops) whose
equations are those of `LSTMCell` (peepholes, cell clip) and `GRUCell`: here they are those
cells with the block cells' defaults and variable names (`lstm_cell/kernel`; the V1 GRU's
swapped `w_c`/`w_ru` names), so TF1 checkpoints restore. Pinned to TF's kernels
(tests/unit/engine/test_contrib_rnn.py, fixture contrib_rnn.json).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import error
from .graph import TensorShape
from .ops.array_ops import concat, expand_dims, reshape, split
from .ops.control_flow_ops import flatten
from .ops.conv_ops import conv2d
from .ops.math_ops import matmul, sigmoid, tanh
from .ops.nn_ops import batch_normalization, moments, softmax
from .ops.reduce_ops import reduce_sum
from .rnn_cell import (
    GRUCell,
    LSTMCell,
    LSTMStateTuple,
    RNNCell,
    _bias,
    _depth,
    prebuild,
    size_shapes,
)
from .train.initializers import constant_initializer


class LSTMBlockCell(LSTMCell):
    """TF's fused LSTM cell: gates i, ci, f, o from one kernel over [x, h]; `forget_bias`
    on the forget gate; peepholes `w_i_diag`, `w_f_diag`, `w_o_diag` with `use_peephole`;
    the cell state clipped to [-cell_clip, cell_clip] when `cell_clip` > 0."""

    def __init__(
        self,
        num_units: int,
        forget_bias: float = 1.0,
        cell_clip: float | None = None,
        use_peephole: bool = False,
        dtype: Any = None,
        reuse: Any = None,
        name: str = "lstm_cell",
    ):
        clip = cell_clip if cell_clip is not None and cell_clip > 0 else None
        super().__init__(
            num_units,
            use_peepholes=use_peephole,
            cell_clip=clip,
            forget_bias=forget_bias,
            reuse=reuse,
            name=name,
            dtype=dtype,
        )

    def build(self, inputs_shape: TensorShape) -> None:
        # TF's creation order: kernel, bias, then the peepholes i, f, o.
        depth, n = _depth(inputs_shape), self._num_units
        self._kernel = self.add_variable("kernel", [depth + n, 4 * n])
        self._bias = _bias(self, "bias", 4 * n, 0.0)
        if self._use_peepholes:
            self._w_i_diag = self.add_variable("w_i_diag", [n])
            self._w_f_diag = self.add_variable("w_f_diag", [n])
            self._w_o_diag = self.add_variable("w_o_diag", [n])
        self.built = True


class GRUBlockCellV2(GRUCell):
    """TF's fused GRU cell: `GRUCell`'s equations and variable names (`gates/kernel`,
    `candidate/kernel`), tanh."""

    def __init__(
        self,
        num_units: int | None = None,
        cell_size: int | None = None,
        reuse: Any = None,
        name: str = "gru_cell",
    ):
        if (cell_size is None) == (num_units is None):
            raise ValueError("Exactly one of num_units or cell_size must be provided.")
        super().__init__(num_units if num_units is not None else cell_size, reuse=reuse, name=name)


class GRUBlockCell(GRUBlockCellV2):
    """`GRUBlockCellV2` under TF 1.x's first names: the gates' kernel is `w_c`, the
    candidate's `w_ru` (swapped in TF itself), biases `b_ru` and `b_c`."""

    def build(self, inputs_shape: TensorShape) -> None:
        depth, n = _depth(inputs_shape), self._num_units
        self._gate_kernel = self.add_variable("w_c", [depth + n, 2 * n])
        self._gate_bias = _bias(self, "b_ru", 2 * n, 1.0)
        self._candidate_kernel = self.add_variable("w_ru", [depth + n, n])
        self._candidate_bias = _bias(self, "b_c", n, 0.0)
        self.built = True


class LayerNormBasicLSTMCell(RNNCell):
    """A basic LSTM whose four gate pre-activations and new cell state are each layer
    normalized (gain `norm_gain`, shift `norm_shift`, epsilon 1e-12, per example), with
    recurrent dropout of the candidate (`dropout_keep_prob`); without `layer_norm`, a
    plain biased LSTM. Variables: `kernel`, then `input/gamma`, `input/beta`, ... for
    `transform`, `forget`, `output`, `state`."""

    _NORMED = ("input", "transform", "forget", "output", "state")

    def __init__(
        self,
        num_units: int,
        forget_bias: float = 1.0,
        input_size: Any = None,
        activation: Callable | None = None,
        layer_norm: bool = True,
        norm_gain: float = 1.0,
        norm_shift: float = 0.0,
        dropout_keep_prob: Any = 1.0,
        dropout_prob_seed: int | None = None,
        reuse: Any = None,
    ):
        super().__init__(_reuse=reuse)
        self._num_units = int(num_units)
        self._forget_bias = forget_bias
        self._activation = activation or tanh
        self._layer_norm = layer_norm
        self._norm_gain, self._norm_shift = norm_gain, norm_shift
        self._keep_prob, self._seed = dropout_keep_prob, dropout_prob_seed

    @property
    def state_size(self) -> LSTMStateTuple:
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: TensorShape) -> None:
        from .variable_scope import variable_scope

        depth, n = _depth(inputs_shape), self._num_units
        self._kernel = self.add_variable("kernel", [depth + n, 4 * n])
        self._bias = None
        self._norms: dict = {}
        if not self._layer_norm:
            self._bias = self.add_variable("bias", [4 * n])
        else:
            for scope in self._NORMED:
                with variable_scope(scope):
                    gamma = self.add_variable(
                        "gamma", [n], initializer=constant_initializer(self._norm_gain)
                    )
                    beta = self.add_variable(
                        "beta", [n], initializer=constant_initializer(self._norm_shift)
                    )
                self._norms[scope] = (gamma, beta)
        self.built = True

    def _norm(self, x: Any, scope: str) -> Any:
        gamma, beta = self._norms[scope]
        mean, variance = moments(x, [1], keep_dims=True)
        return batch_normalization(x, mean, variance, beta, gamma, 1e-12)

    def call(self, inputs, state):
        c, h = state
        z = matmul(concat([inputs, h], 1), self._kernel)
        if self._bias is not None:
            z = z + self._bias
        i, j, f, o = split(z, 4, axis=1)
        if self._layer_norm:
            i, j = self._norm(i, "input"), self._norm(j, "transform")
            f, o = self._norm(f, "forget"), self._norm(o, "output")
        g = self._activation(j)
        if not isinstance(self._keep_prob, float) or self._keep_prob < 1:
            from .ops.random_ops import dropout

            g = dropout(g, keep_prob=self._keep_prob, seed=self._seed)
        new_c = c * sigmoid(f + self._forget_bias) + sigmoid(i) * g
        if self._layer_norm:
            new_c = self._norm(new_c, "state")
        new_h = self._activation(new_c) * sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


class AttentionCellWrapper(RNNCell):
    """`cell` with attention over its last `attn_length` outputs (Dong et al., TF1's
    contrib wrapper): the input is first mixed with the previous attention (`kernel`,
    `bias`), the cell runs, its new state queries the window (`attention/attn_w`,
    `attn_v`, `attention/kernel`), and the output is projected from the cell's output
    and the attention (`attn_output_projection/kernel`); the state is (cell state,
    attention, window)."""

    def __init__(
        self,
        cell: Any,
        attn_length: int,
        attn_size: int | None = None,
        attn_vec_size: int | None = None,
        input_size: int | None = None,
        state_is_tuple: bool = True,
        reuse: Any = None,
    ):
        super().__init__(_reuse=reuse)
        if not state_is_tuple:
            raise error("UNIMPLEMENTED", "AttentionCellWrapper(state_is_tuple=False)")
        if attn_length <= 0:
            raise ValueError(f"attn_length should be greater than zero, got {attn_length}")
        self._cell = cell
        self._attn_length = int(attn_length)
        self._attn_size = int(attn_size if attn_size is not None else cell.output_size)
        self._attn_vec_size = int(attn_vec_size if attn_vec_size is not None else self._attn_size)
        self._input_size = input_size

    @property
    def state_size(self) -> tuple:
        return (self._cell.state_size, self._attn_size, self._attn_size * self._attn_length)

    @property
    def output_size(self) -> int:
        return self._attn_size

    def build(self, inputs_shape: TensorShape) -> None:
        # TF's _Linear layers make their variables as the first call reaches them; made
        # here in that order, with the wrapped cell's in between.
        from .variable_scope import variable_scope

        depth, a, v = _depth(inputs_shape), self._attn_size, self._attn_vec_size
        size = self._input_size if self._input_size is not None else depth
        self._in_kernel = self.add_variable("kernel", [depth + a, size])
        self._in_bias = _bias(self, "bias", size, 0.0)
        if not prebuild(self._cell, (inputs_shape[0], size), self._dtype):
            raise error(
                "UNIMPLEMENTED",
                "AttentionCellWrapper wraps cells that make their variables in build",
            )
        query = sum(s[-1] for s in size_shapes(self._cell.state_size))
        with variable_scope("attention"):
            self._attn_w = self.add_variable("attn_w", [1, 1, a, v])
            self._attn_v = self.add_variable("attn_v", [v])
            self._query_kernel = self.add_variable("kernel", [query, v])
            self._query_bias = _bias(self, "bias", v, 0.0)
        with variable_scope("attn_output_projection"):
            out = self._cell.output_size
            self._out_kernel = self.add_variable("kernel", [out + a, a])
            self._out_bias = _bias(self, "bias", a, 0.0)
        self.built = True

    def call(self, inputs, state):
        length, a, v = self._attn_length, self._attn_size, self._attn_vec_size
        state, attns, attn_states = state
        attn_states = reshape(attn_states, [-1, length, a])
        inputs = matmul(concat([inputs, attns], 1), self._in_kernel) + self._in_bias
        cell_output, new_state = self._cell(inputs, state)
        query = concat(flatten(new_state), 1)
        hidden = reshape(attn_states, [-1, length, 1, a])
        features = conv2d(hidden, self._attn_w, [1, 1, 1, 1], "SAME")
        y = reshape(matmul(query, self._query_kernel) + self._query_bias, [-1, 1, 1, v])
        weights = softmax(reduce_sum(self._attn_v * tanh(features + y), [2, 3]))
        new_attns = reshape(
            reduce_sum(reshape(weights, [-1, length, 1, 1]) * hidden, [1, 2]), [-1, a]
        )
        output = matmul(concat([cell_output, new_attns], 1), self._out_kernel) + self._out_bias
        window = concat([attn_states[:, 1:, :], expand_dims(output, 1)], 1)
        return output, (new_state, new_attns, reshape(window, [-1, length * a]))


class LSTMBlockFusedCell:
    """TF's fused LSTM over a whole time-major sequence, `cell(inputs, initial_state=None,
    dtype=None, sequence_length=None)` -> (outputs [time, batch, units], LSTMStateTuple):
    `LSTMBlockCell`'s equations run by `dynamic_rnn`, outputs zero past each sequence's
    length and the final state taken at its length, as TF's wrapper masks and gathers
    them; variables `lstm_fused_cell/kernel`, `bias` (and the peepholes) in the current
    variable scope."""

    def __init__(
        self,
        num_units: int,
        forget_bias: float = 1.0,
        cell_clip: float | None = None,
        use_peephole: bool = False,
        reuse: Any = None,
        dtype: Any = None,
        name: str = "lstm_fused_cell",
    ):
        self._cell = LSTMBlockCell(
            num_units, forget_bias, cell_clip, use_peephole, dtype=dtype, reuse=reuse, name=name
        )

    @property
    def num_units(self) -> int:
        return self._cell._num_units

    def __call__(
        self,
        inputs: Any,
        initial_state: Any = None,
        dtype: Any = None,
        sequence_length: Any = None,
        scope: Any = None,
    ) -> tuple:
        from .ops.array_ops import stack
        from .ops.index_ops import unstack
        from .rnn import dynamic_rnn
        from .variable_scope import get_variable_scope

        if initial_state is None and dtype is None:
            raise ValueError("Either initial_state or dtype needs to be specified")
        is_list = isinstance(inputs, list)
        x = stack(inputs) if is_list else inputs
        if initial_state is not None:
            initial_state = LSTMStateTuple(*initial_state)
        # The variables sit in the caller's scope (`lstm_fused_cell/kernel`), not `rnn/`.
        outputs, state = dynamic_rnn(
            self._cell,
            x,
            sequence_length=sequence_length,
            initial_state=initial_state,
            dtype=dtype,
            time_major=True,
            scope=scope if scope is not None else get_variable_scope(),
        )
        return (unstack(outputs) if is_list else outputs), state
