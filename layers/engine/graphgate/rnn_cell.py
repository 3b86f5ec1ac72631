"""`gg.nn.rnn_cell`: TF1's recurrent cells (`BasicRNNCell`, `BasicLSTMCell`, `LSTMCell`,
`GRUCell`, `MultiRNNCell`) and wrappers (`DropoutWrapper`, `ResidualWrapper`), with TF1's
variable names and shapes (`rnn/basic_lstm_cell/kernel`, `.../gru_cell/gates/kernel`) and
gate layouts, so a TF1 checkpoint's values load into them by name.

A cell makes its variables the first time it is built: at its first call, or, inside
`dynamic_rnn`, just before the loop starts. Either way they sit in the variable scope of
that first use (`<scope>/<cell name>/`), as TF1's layer-based cells do; made inside a
loop body they are lifted out of it, as in TF1.
"""

from __future__ import annotations

import hashlib
from collections import namedtuple
from collections.abc import Callable
from typing import Any

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, TensorShape, convert_to_tensor, get_default_graph
from .ops.array_ops import concat, split, zeros
from .ops.control_flow_ops import flatten, pack_as
from .ops.math_ops import add, clip_by_value, divide, floor, matmul, multiply, sigmoid, tanh
from .ops.state_ops import Variable, global_variables
from .variable_scope import get_variable, variable_scope

__all__ = [
    "BasicLSTMCell",
    "BasicRNNCell",
    "DeviceWrapper",
    "DropoutWrapper",
    "GRUCell",
    "LSTMCell",
    "LSTMStateTuple",
    "MultiRNNCell",
    "RNNCell",
    "ResidualWrapper",
]


class LSTMStateTuple(namedtuple("LSTMStateTuple", ("c", "h"))):
    """An LSTM's state: the cell state `c` and the output `h`, as TF1's."""

    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise error("DTYPE_MISMATCH", f"Inconsistent internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


def _snake(name: str) -> str:
    """TF's `to_snake_case`: BasicLSTMCell -> basic_lstm_cell (keras.engine owns it)."""
    from .keras.engine import _snake as keras_snake

    return keras_snake(name)


def _depth(shape: Any) -> int:
    dims = TensorShape(shape).dims
    value = None if not dims else dims[-1].value
    if value is None:
        raise error(
            "SHAPE_MISMATCH",
            f"Expected inputs.shape[-1] to be known, saw shape: {TensorShape(shape)}",
        )
    return value


def size_shapes(size: Any) -> list[tuple]:
    """The flat per-tensor shapes (without batch) of a state or output size."""
    out = []
    for s in flatten(size):
        shape = TensorShape(s)
        out.append(tuple(shape.as_list()))
    return out


def batch_zeros(batch: Any, rest: tuple, dtype) -> Tensor:
    """Zeros of shape [batch, *rest]; `batch` may be a tensor (a run-time batch size)."""
    return zeros([batch if isinstance(batch, Tensor) else int(batch), *rest], dtype)


class RNNCell:
    """TF1's `tf.nn.rnn_cell.RNNCell`: `state_size`, `output_size`, `zero_state` and
    `__call__(inputs, state, scope=None) -> (output, new_state)`.

    A subclass implements `call(inputs, state)` and, if it has variables, `build(shape)`
    making them with `self.add_variable`; a subclass overriding `__call__` itself and
    making its variables with `gg.get_variable` works too.
    """

    def __init__(
        self,
        trainable: bool = True,
        name: str | None = None,
        dtype: Any = None,
        _reuse: Any = None,
        **kwargs: Any,
    ):
        self._base_name = name or _snake(type(self).__name__)
        self._reuse = _reuse
        self._dtype = None if dtype is None else _dt.as_dtype(dtype)
        self._trainable = trainable
        self.built = False
        self._scope = None
        self._variables: list[Variable] = []

    @property
    def name(self) -> str:
        return self._base_name

    @property
    def dtype(self):
        return self._dtype

    @property
    def state_size(self) -> Any:
        raise NotImplementedError("an RNNCell subclass defines state_size")

    @property
    def output_size(self) -> Any:
        raise NotImplementedError("an RNNCell subclass defines output_size")

    @property
    def variables(self) -> list[Variable]:
        return list(self._variables)

    weights = variables

    @property
    def trainable_variables(self) -> list[Variable]:
        return [v for v in self._variables if v.trainable]

    trainable_weights = trainable_variables

    def build(self, inputs_shape: TensorShape) -> None:
        self.built = True

    def add_variable(
        self,
        name: str,
        shape: Any = None,
        dtype: Any = None,
        initializer: Any = None,
        regularizer: Any = None,
        trainable: bool = True,
        **kwargs: Any,
    ) -> Variable:
        """A variable `name` in the cell's scope (TF1's `Layer.add_variable`)."""
        return get_variable(
            name,
            shape,
            dtype=dtype or self._dtype or _dt.float32,
            initializer=initializer,
            regularizer=regularizer,
            trainable=trainable and self._trainable,
        )

    add_weight = add_variable

    def _ensure_built(self, inputs_shape: Any, scope: Any = None, dtype: Any = None) -> bool:
        """Make the cell's variables (once) in `scope`, else in `<current>/<cell name>`,
        of the cell's dtype, else the inputs' (as a TF1 layer takes its inputs')."""
        if self.built and self._scope is not None:
            return True
        if self._dtype is None and dtype is not None:
            self._dtype = _dt.as_dtype(dtype)
        graph = get_default_graph()
        before = {id(v) for v in global_variables(graph)}
        reuse = True if self._reuse is True else None
        default = None if scope is not None else self._base_name
        with variable_scope(
            scope, default_name=default, reuse=reuse, auxiliary_name_scope=False
        ) as vs:
            self._scope = vs
            self.build(TensorShape(inputs_shape))
        self.built = True
        self._variables = [v for v in global_variables(graph) if id(v) not in before]
        return True

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple[Any, Any]:
        graph = get_default_graph()
        first = flatten(inputs)[0]
        if not isinstance(first, Tensor):
            first = convert_to_tensor(first)
        self._ensure_built(first.static_shape, scope, first.dtype)
        # TF1's layers re-enter the name scope of their first call (`original_name_scope`):
        # an unrolled cell's ops are `rnn/basic_lstm_cell/Mul_8`, not `basic_lstm_cell_2/`.
        again = getattr(self, "_call_scope", None)
        if again is None or again[0] is not graph:
            again = (graph, self._scope.name.rsplit("/", 1)[-1] or self._base_name)
        # `call` runs in the cell's own variable scope, reusing after the first call (TF's
        # Layer.__call__): a get_variable there is `rnn/my_cell/w` once, however often the
        # cell is called, and a cell a wrapper calls lands under `multi_rnn_cell/cell_0/`.
        reuse = True if getattr(self, "_called", False) or self._reuse is True else None
        own = variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False)
        with own, graph.name_scope(again[1]) as name_scope:
            self._call_scope = (graph, name_scope)
            self._called = True
            return self.call(inputs, state)

    def call(self, inputs: Any, state: Any) -> tuple[Any, Any]:
        raise NotImplementedError("an RNNCell subclass defines call (or __call__)")

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        """Zeros in the structure of `state_size`, each [batch_size, size]."""
        dtype = _dt.as_dtype(dtype)
        graph = get_default_graph()
        with graph.name_scope(type(self).__name__ + "ZeroState"):
            flat = [batch_zeros(batch_size, s, dtype) for s in size_shapes(self.state_size)]
        return pack_as(self.state_size, flat)

    def get_initial_state(self, inputs: Any = None, batch_size: Any = None, dtype: Any = None):
        return self.zero_state(batch_size, dtype)


def _bias(cell: RNNCell, name: str, size: int, value: float, initializer: Any = None):
    from .train.initializers import constant_initializer

    init = initializer if initializer is not None else constant_initializer(value)
    return cell.add_variable(name, [size], initializer=init)


class _UnitsCell(RNNCell):
    """A cell whose state and output are both one vector of `num_units` (BasicRNNCell's
    and GRUCell's; TF spells the two properties out in each)."""

    @property
    def state_size(self) -> int:
        return self._num_units

    @property
    def output_size(self) -> int:
        return self._num_units


class BasicRNNCell(_UnitsCell):
    """`output = new_state = activation(W [inputs, state] + b)`."""

    def __init__(
        self,
        num_units: int,
        activation: Callable | None = None,
        reuse: Any = None,
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = int(num_units)
        self._activation = activation or tanh

    def build(self, inputs_shape: TensorShape) -> None:
        depth = _depth(inputs_shape)
        self._kernel = self.add_variable("kernel", [depth + self._num_units, self._num_units])
        self._bias = _bias(self, "bias", self._num_units, 0.0)
        self.built = True

    def call(self, inputs, state):
        gate_inputs = add(matmul(concat([inputs, state], 1), self._kernel), self._bias)
        output = self._activation(gate_inputs)
        return output, output


class GRUCell(_UnitsCell):
    """A gated recurrent unit (Cho et al. 2014), TF1's gate layout: `gates` (reset, update)
    then `candidate`."""

    def __init__(
        self,
        num_units: int,
        activation: Callable | None = None,
        reuse: Any = None,
        kernel_initializer: Any = None,
        bias_initializer: Any = None,
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = int(num_units)
        self._activation = activation or tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    def build(self, inputs_shape: TensorShape) -> None:
        depth, n = _depth(inputs_shape), self._num_units
        init, binit = self._kernel_initializer, self._bias_initializer
        self._gate_kernel = self.add_variable("gates/kernel", [depth + n, 2 * n], initializer=init)
        self._gate_bias = _bias(self, "gates/bias", 2 * n, 1.0, binit)
        self._candidate_kernel = self.add_variable(
            "candidate/kernel", [depth + n, n], initializer=init
        )
        self._candidate_bias = _bias(self, "candidate/bias", n, 0.0, binit)
        self.built = True

    def call(self, inputs, state):
        # TF's ops, so the output is named as TF's (`gru_cell/add:0`, fetched by name)
        from .ops.conv_ops import bias_add

        gate_inputs = matmul(concat([inputs, state], 1), self._gate_kernel)
        r, u = split(sigmoid(bias_add(gate_inputs, self._gate_bias)), 2, axis=1)
        candidate = matmul(concat([inputs, r * state], 1), self._candidate_kernel)
        c = self._activation(bias_add(candidate, self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h


def _lstm_state(state: Any, num_units: int, is_tuple: bool) -> tuple[Tensor, Tensor]:
    if is_tuple:
        c, h = state
        return c, h
    c, h = split(state, [num_units, _rest(state, num_units)], axis=1)
    return c, h


def _rest(state: Tensor, num_units: int) -> int:
    total = state.static_shape[-1] if state.static_shape else None
    if total is None:
        raise error("SHAPE_MISMATCH", "a concatenated LSTM state needs a known last dimension")
    return total - num_units


class BasicLSTMCell(RNNCell):
    """TF1's basic LSTM: one kernel over [inputs, h], gates i, j, f, o in that order, and
    `forget_bias` added to the forget gate."""

    def __init__(
        self,
        num_units: int,
        forget_bias: float = 1.0,
        state_is_tuple: bool = True,
        activation: Callable | None = None,
        reuse: Any = None,
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = int(num_units)
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or tanh

    @property
    def state_size(self) -> Any:
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    @property
    def output_size(self) -> int:
        return self._num_units

    def build(self, inputs_shape: TensorShape) -> None:
        depth, n = _depth(inputs_shape), self._num_units
        self._kernel = self.add_variable("kernel", [depth + n, 4 * n])
        self._bias = _bias(self, "bias", 4 * n, 0.0)
        self.built = True

    def call(self, inputs, state):
        c, h = _lstm_state(state, self._num_units, self._state_is_tuple)
        gate_inputs = add(matmul(concat([inputs, h], 1), self._kernel), self._bias)
        i, j, f, o = split(gate_inputs, 4, axis=1)
        forget = sigmoid(add(f, convert_to_tensor(self._forget_bias, f.dtype)))
        new_c = add(multiply(c, forget), multiply(sigmoid(i), self._activation(j)))
        new_h = multiply(self._activation(new_c), sigmoid(o))
        if self._state_is_tuple:
            return new_h, LSTMStateTuple(new_c, new_h)
        return new_h, concat([new_c, new_h], 1)


class LSTMCell(RNNCell):
    """TF1's LSTM with optional peepholes (`w_f_diag`, `w_i_diag`, `w_o_diag`), cell
    clipping and a projection (`projection/kernel`) of the output to `num_proj`."""

    def __init__(
        self,
        num_units: int,
        use_peepholes: bool = False,
        cell_clip: float | None = None,
        initializer: Any = None,
        num_proj: int | None = None,
        proj_clip: float | None = None,
        num_unit_shards: Any = None,
        num_proj_shards: Any = None,
        forget_bias: float = 1.0,
        state_is_tuple: bool = True,
        activation: Callable | None = None,
        reuse: Any = None,
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        if num_unit_shards is not None or num_proj_shards is not None:
            raise error("UNIMPLEMENTED", "LSTMCell's num_unit_shards and num_proj_shards")
        self._num_units = int(num_units)
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = None if num_proj is None else int(num_proj)
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or tanh

    @property
    def state_size(self) -> Any:
        n, p = self._num_units, self._num_proj or self._num_units
        return LSTMStateTuple(n, p) if self._state_is_tuple else n + p

    @property
    def output_size(self) -> int:
        return self._num_proj or self._num_units

    def build(self, inputs_shape: TensorShape) -> None:
        depth, n = _depth(inputs_shape), self._num_units
        h_depth = self._num_proj or n
        init = self._initializer
        self._kernel = self.add_variable("kernel", [depth + h_depth, 4 * n], initializer=init)
        self._bias = _bias(self, "bias", 4 * n, 0.0)
        if self._use_peepholes:
            self._w_f_diag = self.add_variable("w_f_diag", [n], initializer=init)
            self._w_i_diag = self.add_variable("w_i_diag", [n], initializer=init)
            self._w_o_diag = self.add_variable("w_o_diag", [n], initializer=init)
        if self._num_proj is not None:
            self._proj_kernel = self.add_variable(
                "projection/kernel", [n, self._num_proj], initializer=init
            )
        self.built = True

    def call(self, inputs, state):
        act = self._activation
        c_prev, m_prev = _lstm_state(state, self._num_units, self._state_is_tuple)
        lstm_matrix = add(matmul(concat([inputs, m_prev], 1), self._kernel), self._bias)
        i, j, f, o = split(lstm_matrix, 4, axis=1)
        fb = convert_to_tensor(self._forget_bias, f.dtype)
        if self._use_peepholes:
            forget = sigmoid(f + fb + self._w_f_diag * c_prev)
            c = forget * c_prev + sigmoid(i + self._w_i_diag * c_prev) * act(j)
        else:
            c = sigmoid(f + fb) * c_prev + sigmoid(i) * act(j)
        if self._cell_clip is not None:
            c = clip_by_value(c, -self._cell_clip, self._cell_clip)
        o_in = o + self._w_o_diag * c if self._use_peepholes else o
        m = sigmoid(o_in) * act(c)
        if self._num_proj is not None:
            m = matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = clip_by_value(m, -self._proj_clip, self._proj_clip)
        if self._state_is_tuple:
            return m, LSTMStateTuple(c, m)
        return m, concat([c, m], 1)


class MultiRNNCell(RNNCell):
    """Cells stacked: each cell's output is the next one's input; the state is the tuple
    of their states. Cell i's variables are under `multi_rnn_cell/cell_i/`."""

    def __init__(self, cells: list, state_is_tuple: bool = True):
        super().__init__()
        if not cells:
            raise error("INVALID_ATTR", "Must specify at least one cell for MultiRNNCell.")
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple

    @property
    def state_size(self) -> Any:
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(sum(flatten(cell.state_size)) for cell in self._cells)

    @property
    def output_size(self) -> Any:
        return self._cells[-1].output_size

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        if not self._state_is_tuple:
            return super().zero_state(batch_size, dtype)
        graph = get_default_graph()
        with graph.name_scope(type(self).__name__ + "ZeroState"):
            return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)

    def build(self, inputs_shape: TensorShape) -> None:
        shape = inputs_shape
        for i, cell in enumerate(self._cells):
            with variable_scope(f"cell_{i}"):
                prebuild(cell, shape, self._dtype)
            out = size_shapes(cell.output_size)[0]
            shape = (None, *out)
        self.built = True

    def call(self, inputs, state):
        cur, new_states, offset = inputs, [], 0
        for i, cell in enumerate(self._cells):
            if self._state_is_tuple:
                cur_state = state[i]
            else:
                size = sum(flatten(cell.state_size))
                cur_state = _columns(state, offset, size)
                offset += size
            with variable_scope(f"cell_{i}"):
                cur, new_state = cell(cur, cur_state)
            new_states.append(new_state)
        if self._state_is_tuple:
            return cur, tuple(new_states)
        return cur, concat(new_states, 1)


def _columns(t: Tensor, start: int, size: int) -> Tensor:
    return t[:, start : start + size]


def prebuild(cell: Any, inputs_shape: Any, dtype: Any = None) -> bool:
    """Make `cell`'s variables now, in the current variable scope; False when the cell
    makes them only when called (a subclass overriding `__call__`)."""
    build = getattr(cell, "_ensure_built", None)
    if build is None or type(cell).__call__ not in _OWN_CALLS:
        return False
    return build(inputs_shape, None, dtype)


# -- wrappers --------------------------------------------------------------------------------


class _Wrapper(RNNCell):
    def __init__(self, cell: Any):
        super().__init__()
        self._cell = cell

    @property
    def wrapped_cell(self) -> Any:
        return self._cell

    @property
    def state_size(self) -> Any:
        return self._cell.state_size

    @property
    def output_size(self) -> Any:
        return self._cell.output_size

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        graph = get_default_graph()
        with graph.name_scope(type(self).__name__ + "ZeroState"):
            return self._cell.zero_state(batch_size, dtype)

    def _ensure_built(self, inputs_shape: Any, scope: Any = None, dtype: Any = None) -> bool:
        self.built = prebuild(self._cell, inputs_shape, dtype)
        return self.built

    @property
    def variables(self) -> list[Variable]:
        return list(getattr(self._cell, "variables", []))


class DropoutWrapper(_Wrapper):
    """Dropout on a cell's inputs, outputs and state (`*_keep_prob`, floats or tensors); an
    LSTM's `c` is never dropped, as TF1's default state filter does. With
    `variational_recurrent`, one mask per tensor, drawn once per run when the wrapper is
    made, serves every step and every batch entry (Gal & Ghahramani), as TF1's."""

    def __init__(
        self,
        cell: Any,
        input_keep_prob: Any = 1.0,
        output_keep_prob: Any = 1.0,
        state_keep_prob: Any = 1.0,
        variational_recurrent: bool = False,
        input_size: Any = None,
        dtype: Any = None,
        seed: int | None = None,
        dropout_state_filter_visitor: Any = None,
    ):
        super().__init__(cell)
        for what, p in (("input", input_keep_prob), ("output", output_keep_prob)):
            if not isinstance(p, Tensor) and not 0.0 < float(p) <= 1.0:
                raise error("INVALID_ATTR", f"Parameter {what}_keep_prob must be in (0, 1]")
        self._input_keep_prob = input_keep_prob
        self._output_keep_prob = output_keep_prob
        self._state_keep_prob = state_keep_prob
        self._seed = seed
        self._filter = dropout_state_filter_visitor
        self._noise: dict[int, Any] = {}
        self._reserved: dict[int, list[int]] = {}
        if variational_recurrent:
            self._noise = self._variational_noise(input_size, dtype)

    def _variational_noise(self, input_size: Any, dtype: Any) -> dict[int, Any]:
        """Uniform noise [1, size] per tensor, by salt (0 inputs, 1 state, 2 outputs)."""
        from .ops.random_ops import random_uniform

        if dtype is None:
            raise error("INVALID_ATTR", "When variational_recurrent=True, dtype must be provided")
        sizes = {}
        if isinstance(self._input_keep_prob, Tensor) or float(self._input_keep_prob) < 1.0:
            if input_size is None:
                raise error(
                    "INVALID_ATTR",
                    "When variational_recurrent=True and input_keep_prob < 1.0 or is unknown, "
                    "input_size must be provided",
                )
            sizes[0] = input_size
        sizes[1], sizes[2] = self._cell.state_size, self._cell.output_size
        noise = {}
        for salt, size in sizes.items():  # TF's order: input, state, output
            noise[salt] = [
                random_uniform([1, *shape], dtype=dtype, seed=self._gen_seed(salt, i))
                for i, shape in enumerate(size_shapes(size))
            ]
        return noise

    def _ensure_built(self, inputs_shape: Any, scope: Any = None, dtype: Any = None) -> bool:
        """The wrapped cell's variables now (dynamic_rnn makes them before its loop), with
        the graph-seed draws of this wrapper's masks reserved around them in TF1's call
        order — input masks, the cell's variables, state masks, output masks — so that a
        stacked `MultiRNNCell` of dropped-out cells gets TF's initial values."""
        self._reserved = {0: self._reserve(self._input_keep_prob, 1)}
        self.built = prebuild(self._cell, inputs_shape, dtype)
        # A cell that makes its variables when called, or a filter that reads the state's
        # tensors, draws in the loop: the masks after it are drawn there too, in order.
        state_masks = self._state_masks() if self.built else None
        if state_masks is not None:
            self._reserved[1] = self._reserve(self._state_keep_prob, state_masks)
            self._reserved[2] = self._reserve(
                self._output_keep_prob, len(size_shapes(self._cell.output_size))
            )
        return self.built

    def _state_masks(self) -> int | None:
        """How many state masks a call draws, told before the state's tensors exist: the
        filter (TF's default, or a given `dropout_state_filter_visitor`) asked about the
        state's sizes, which have the state's structure; None where a given visitor needs
        the tensors themselves (it fails on sizes)."""
        try:
            keep = _filter_of(self._filter or _default_state_filter, self.state_size)
        except Exception:  # a visitor reading tensor attributes (`s.dtype`) of an int
            return None
        return sum(map(bool, flatten(keep)))

    def _reserve(self, keep_prob: Any, count: int) -> list[int]:
        """The graph-seed op seeds `count` masks would draw now (none for a fixed seed, a
        keep probability of 1, variational masks or a graph without a seed)."""
        graph = get_default_graph()
        dropped = isinstance(keep_prob, Tensor) or float(keep_prob) < 1.0
        if not dropped or self._seed is not None or self._noise or graph.seed is None:
            return []
        first = graph.seeds_drawn
        graph.seeds_drawn += count
        return list(range(first, first + count))

    def _gen_seed(self, salt: int, index: int) -> int | None:
        """TF1's seed for the index-th tensor's mask: a hash of the wrapper's seed, the
        salt's name and the index (so the masks, being TF's numbers, are TF's masks)."""
        if self._seed is None:
            return None
        text = f"{self._seed}{_SALT_NAMES[salt]}_{index}".encode()
        return int(hashlib.md5(text).hexdigest()[:8], 16) & 0x7FFFFFFF

    def _drop(self, values: Any, keep_prob: Any, salt: int, state: bool = False) -> Any:
        from .ops.random_ops import dropout

        if not isinstance(keep_prob, Tensor) and float(keep_prob) == 1.0:
            return values
        which = self._filter or _default_state_filter
        keep = flatten(_filter_of(which, values)) if state else [True] * len(flatten(values))
        noise = self._noise.get(salt)
        flat = []
        for i, (v, k) in enumerate(zip(flatten(values), keep, strict=True)):
            if not k:
                flat.append(v)
            elif noise is not None:  # TF1's: the same [1, size] mask every step
                flat.append(divide(v, keep_prob) * floor(keep_prob + noise[i]))
            else:
                reserved = self._reserved.get(salt)
                seed = reserved.pop(0) if reserved else self._gen_seed(salt, i)
                flat.append(dropout(v, keep_prob, seed=seed))
        return pack_as(values, flat)

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple[Any, Any]:
        inputs = self._drop(inputs, self._input_keep_prob, 0)
        output, new_state = self._cell(inputs, state, scope=scope)
        new_state = self._drop(new_state, self._state_keep_prob, 1, state=True)
        return self._drop(output, self._output_keep_prob, 2), new_state


_SALT_NAMES = {0: "input", 1: "state", 2: "output"}


def _default_state_filter(substate: Any) -> Any:
    """TF1's default: every state tensor is dropped but an LSTM's cell state `c`."""
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    return True


def _filter_of(visitor: Callable, state: Any) -> Any:
    """Whether to drop each tensor of `state`, in its structure, as TF1 applies a
    `dropout_state_filter_visitor`: True on a tuple means look inside it, False keeps the
    whole of it, and a structure of bools decides its parts."""
    answer = visitor(state)
    is_seq = isinstance(state, list | tuple | dict)
    if answer is True and is_seq:
        items = [state[k] for k in sorted(state)] if isinstance(state, dict) else state
        parts = [_filter_of(visitor, s) for s in items]
        return pack_as(state, [b for p in parts for b in flatten(p)])
    if isinstance(answer, bool) or answer is None:
        return pack_as(state, [bool(answer)] * len(flatten(state)))
    return pack_as(state, [bool(b) for b in flatten(answer)])


class ResidualWrapper(_Wrapper):
    """The cell's output plus its input (or `residual_fn(inputs, outputs)`)."""

    def __init__(self, cell: Any, residual_fn: Callable | None = None):
        super().__init__(cell)
        self._residual_fn = residual_fn

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple[Any, Any]:
        output, new_state = self._cell(inputs, state, scope=scope)
        if self._residual_fn is not None:
            return self._residual_fn(inputs, output), new_state
        flat = [add(i, o) for i, o in zip(flatten(inputs), flatten(output), strict=True)]
        return pack_as(output, flat), new_state


class OutputProjectionWrapper(RNNCell):
    """`tf.contrib.rnn.OutputProjectionWrapper`: the cell's output through a dense layer of
    `output_size` units (then `activation`). As TF1's, it is a cell of its own scope,
    `output_projection_wrapper/`, holding the wrapped cell's variables and its `kernel` and
    `bias` (zeros; the kernel from the variable scope's initializer)."""

    def __init__(self, cell: Any, output_size: int, activation: Any = None, reuse: Any = None):
        super().__init__(_reuse=reuse)
        if output_size < 1:
            raise ValueError(f"Parameter output_size must be > 0: {output_size}.")
        self._cell = cell
        self._output_size = int(output_size)
        self._activation = activation

    @property
    def state_size(self) -> Any:
        return self._cell.state_size

    @property
    def output_size(self) -> int:
        return self._output_size

    def zero_state(self, batch_size: Any, dtype: Any) -> Any:
        graph = get_default_graph()
        with graph.name_scope(type(self).__name__ + "ZeroState"):
            return self._cell.zero_state(batch_size, dtype)

    def build(self, inputs_shape: TensorShape) -> None:
        prebuild(self._cell, inputs_shape, self._dtype)
        depth = size_shapes(self._cell.output_size)[0][-1]
        self._kernel = self.add_variable("kernel", [depth, self._output_size])
        self._bias = _bias(self, "bias", self._output_size, 0.0)
        self.built = True

    def call(self, inputs, state):
        output, new_state = self._cell(inputs, state)
        projected = add(matmul(output, self._kernel), self._bias)
        if self._activation:
            projected = self._activation(projected)
        return projected, new_state


class DeviceWrapper(_Wrapper):
    """The cell run on `device`: TF1's placement wrapper. graphgate computes on its CPU and
    applies no device, so the cell is called as it is."""

    def __init__(self, cell: Any, device: str):
        super().__init__(cell)
        self._device = device

    def __call__(self, inputs: Any, state: Any, scope: Any = None) -> tuple[Any, Any]:
        return self._cell(inputs, state, scope=scope)


_OWN_CALLS = frozenset(
    (RNNCell.__call__, DropoutWrapper.__call__, ResidualWrapper.__call__, DeviceWrapper.__call__)
)
