"""TF1's `tf.nn.dynamic_rnn`, `static_rnn` and `bidirectional_dynamic_rnn` over the cells of
`rnn_cell.py`.

`dynamic_rnn` is TF1's construction: the inputs, time-major, are unstacked into a
`TensorArray`, a `while_loop` over time reads step t, calls the cell and writes its
output into another TensorArray, and the outputs are that array stacked. Gradients are the
loop's (backpropagation through time). With `sequence_length`, a batch entry's outputs
past its length are zeros and its state is carried through unchanged, as TF1's
`_rnn_step` does, so the final state is the one at each entry's last step.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, convert_to_tensor, get_default_graph
from .ops.array_ops import expand_dims, identity, shape, stack, transpose, where
from .ops.control_flow_ops import flatten, pack_as, while_loop
from .ops.math_ops import cast, greater_equal, less, logical_not, logical_or, subtract
from .ops.reduce_ops import reduce_all
from .ops.state_ops import global_variables, local_variables
from .ops.tensor_array_ops import TensorArray, filled_array, row_positions
from .rnn_cell import batch_zeros, prebuild, size_shapes
from .variable_scope import variable_scope


def _check_cell(name: str, cell: Any) -> None:
    for attr in ("output_size", "state_size", "zero_state"):
        if not hasattr(cell, attr) or not callable(cell):
            raise error(
                "INVALID_ATTR",
                f"The argument {name!r} ({cell!r}) is not an RNNCell: "
                f"'{attr}' property is missing, or it is not callable",
            )


def _swap_batch_time(x: Tensor) -> Tensor:
    if x.static_shape is None or len(x.static_shape) < 2:
        raise error(
            "SHAPE_MISMATCH",
            f"Expected input tensor {x.name} to have rank at least 2, but saw shape: {x.shape}",
        )
    rank = len(x.static_shape)
    return transpose(x, [1, 0, *range(2, rank)])


def _batch_size(flat: list[Tensor], batch_axis: int) -> Any:
    """The static batch size if known (an int), else a run-time int32 scalar."""
    for x in flat:
        if x.static_shape is not None and x.static_shape[batch_axis] is not None:
            return x.static_shape[batch_axis]
    return shape(flat[0])[batch_axis]


def _sequence_length(sequence_length: Any) -> Tensor | None:
    if sequence_length is None:
        return None
    seq = convert_to_tensor(sequence_length)
    # TF casts whatever number it is given: CS20's char-rnn sums a one-hot float input
    # into its lengths (`reduce_sum(reduce_max(sign(seq), 2), 1)`).
    if seq.dtype not in _dt.NUMERIC | _dt.SMALL_INTS | {_dt.bool}:
        raise error("DTYPE_MISMATCH", "sequence_length must be a numeric vector")
    seq = cast(seq, _dt.int32)
    if seq.static_shape is not None and len(seq.static_shape) != 1:
        raise error(
            "SHAPE_MISMATCH",
            f"sequence_length must be a vector of length batch_size, but saw shape: {seq.shape}",
        )
    return identity(seq, name="sequence_length")


def _batch_checked(seq: Tensor | None, state: Any) -> Tensor | None:
    """`seq`, refused unless it has one length per batch entry (the state's rows): a
    single length would otherwise broadcast over the batch, where TF1 fails the run."""
    if seq is None:
        return None
    rows = flatten(state)[0]
    n, b = seq.static_shape, rows.static_shape
    if n is not None and b is not None and None not in (n[0], b[0]) and n[0] != b[0]:
        raise error(
            "SHAPE_MISMATCH",
            f"Expected shape for sequence_length is [{b[0]}] but saw shape: [{n[0]}]",
        )
    if b is None or len(b) < 2:
        return seq
    like = rows[:, 0]  # [batch]: the kernel refuses to reshape `seq` to another length
    return seq.graph.create_op("ReshapeLike", (seq, like), None, "CheckSeqLen").outputs[0]


def _initial_state(cell: Any, initial_state: Any, batch_size: Any, dtype: Any) -> Any:
    if initial_state is not None:
        return initial_state
    if dtype is None:
        raise error("INVALID_ATTR", "If there is no initial_state, you must give a dtype.")
    return cell.zero_state(batch_size, dtype)


def _step(time: Any, seq: Tensor | None, zero_output: list, state: Any, call) -> tuple:
    """One step of the cell; with `seq`, the entries past their length get zero outputs
    and keep their state (TF1's `_rnn_step`)."""
    output, new_state = call()
    if seq is None:
        return output, new_state
    finished = greater_equal(time, seq)
    done = expand_dims(finished, 1)
    outs = [where(done, z, o) for z, o in zip(zero_output, flatten(output), strict=True)]
    states = [
        _copy_one_through(finished, old, new)
        for old, new in zip(flatten(state), flatten(new_state), strict=True)
    ]
    return pack_as(output, outs), pack_as(new_state, states)


def _copy_one_through(finished: Tensor, old: Any, new: Any) -> Any:
    """A finished entry's old state; TensorArrays and scalars (an attention wrapper's
    alignment history and step) pass through, as in TF1's `_rnn_step`."""
    if isinstance(old, TensorArray) or old.static_shape == ():
        return new
    return where(finished, old, new)


def dynamic_rnn(
    cell: Any,
    inputs: Any,
    sequence_length: Any = None,
    initial_state: Any = None,
    dtype: Any = None,
    parallel_iterations: int | None = None,
    swap_memory: bool = False,
    time_major: bool = False,
    scope: Any = None,
) -> tuple[Any, Any]:
    """`cell` run over the time steps of `inputs` (TF1's `tf.nn.dynamic_rnn`).

    Parameters
    ----------
    cell:
        An RNNCell.
    inputs:
        [batch, time, ...] (or [time, batch, ...] with `time_major`), or a nested
        structure of such tensors.
    sequence_length:
        Optional int vector [batch]: outputs past an entry's length are zeros and its
        state is copied through.
    initial_state, dtype:
        The initial state (structure of `cell.state_size`); without it, `dtype` is
        required and the state starts at `cell.zero_state`.
    parallel_iterations, swap_memory:
        Accepted for TF1 compatibility; steps run in order.

    Returns
    -------
    (outputs, state): outputs in the layout of `inputs` (structure of
    `cell.output_size`), and the final state.

    Raises
    ------
    GraphgateError
        INVALID_ATTR for a missing dtype or a non-cell, SHAPE_MISMATCH for inputs of
        rank < 2 or a sequence_length that is not a vector.
    """
    _check_cell("cell", cell)
    with variable_scope(scope or "rnn"):
        flat = [convert_to_tensor(x) for x in flatten(inputs)]
        if not time_major:
            flat = [_swap_batch_time(x) for x in flat]
        else:
            for x in flat:
                if x.static_shape is None or len(x.static_shape) < 2:
                    _swap_batch_time(x)  # the same error
        seq = _sequence_length(sequence_length)
        batch_size = _batch_size(flat, 1)
        state = _initial_state(cell, initial_state, batch_size, dtype)
        outputs, final_state = _dynamic_rnn_loop(
            cell, pack_as(inputs, flat), flat, state, seq, batch_size, dtype
        )
        if not time_major:
            outputs = pack_as(outputs, [_swap_batch_time(o) for o in flatten(outputs)])
        return outputs, final_state


_VARIABLE_OPS = frozenset(("VariableV2", "VarHandleOp"))
_VARIABLE_READS = frozenset(("Identity", "ReadVariableOp"))


def _built_in_the_loop(graph: Any, start: int) -> None:
    """Mark what a cell's `build` computed beside its variables (ops from `start` on) as
    no run may fetch. TF1 builds a cell on its first call, inside `dynamic_rnn`'s loop,
    lifting only the variables out: batzner's IndRNN clips its recurrent kernel there,
    and fetching the clipped kernel fails (InaccessibleTensorError, a ValueError).
    graphgate builds before the loop, where the value would be fetchable. (A use of it
    outside the loop, which TF refuses building, is computed: the loop-invariant value.)"""
    new = graph.op_list[start:]
    every = (*global_variables(graph=graph), *local_variables(graph=graph))
    made = [v for v in every if v.op.index >= start]
    lifted = {op for op in new if op.type in _VARIABLE_OPS}
    stack = [v.initializer for v in made if getattr(v, "initializer", None) is not None]
    while stack:
        op = stack.pop()
        if op.index >= start and op not in lifted:
            lifted.add(op)
            stack += [t.op for t in op.inputs] + list(op.control_inputs)
    for op in new:
        reads_variable = op.type in _VARIABLE_READS and op.inputs[0].op.type in _VARIABLE_OPS
        if op not in lifted and not reads_variable:
            graph.prevent_fetching(op)


def _dynamic_rnn_loop(cell, inputs, flat, state, seq, batch_size, dtype):
    graph = get_default_graph()
    first = flat[0]
    steps = first.static_shape[0]
    time_steps = steps if steps is not None else shape(first)[0]
    # TF1's `_infer_state_dtype`: an explicit dtype is the outputs' (CRF decoding emits
    # int32 backpointers from a float state), else the state's.
    state_dtype = _dt.as_dtype(dtype) if dtype is not None else flatten(state)[0].dtype
    # The cell's variables belong to `varscope`, not to the loop's name scope; a cell
    # making them only when called makes them in the loop, lifted out as in TF1.
    start = len(graph.op_list)
    prebuild(cell, tuple(first.static_shape[1:]), first.dtype)
    _built_in_the_loop(graph, start)
    seq = _batch_checked(seq, state)  # after the cell's variables, where TF1 fails
    out_shapes = size_shapes(cell.output_size)
    static_batch = batch_size if isinstance(batch_size, int) else None
    with graph.name_scope("TensorArray"):
        input_tas = [
            TensorArray(x.dtype, size=time_steps, element_shape=list(x.static_shape[1:]))
            for x in flat
        ]
        output_tas = [
            filled_array(state_dtype, _zeros_over_time(first, s, state_dtype), [static_batch, *s])
            for s in out_shapes
        ]
    input_tas = [ta.unstack(x) for ta, x in zip(input_tas, flat, strict=True)]
    zero_output = None
    if seq is not None:
        zero_output = [batch_zeros(batch_size, s, state_dtype) for s in out_shapes]
    time = convert_to_tensor(np.int32(0), graph=graph)

    def cond(time, tas, state):
        return less(time, time_steps)

    def body(time, tas, state):
        input_t = pack_as(inputs, [ta.read(time) for ta in input_tas])

        def call():
            return cell(input_t, state)

        output, new_state = _step(time, seq, zero_output, state, call)
        tas = [ta.write(time, o) for ta, o in zip(tas, flatten(output), strict=True)]
        return time + 1, tas, new_state

    _, tas, final_state = while_loop(
        cond, body, [time, output_tas, state], name="while", return_same_structure=True
    )
    outputs = pack_as(cell.output_size, [ta.stack() for ta in tas])
    return outputs, final_state


def _zeros_over_time(x: Tensor, rest: tuple, dtype) -> Tensor:
    """Zeros [time, batch, *rest] for time-major `x`, allocated whole: a TensorArray whose
    batch size is known only at run time would otherwise take it from its first write,
    and a sequence of no steps has none."""
    from .ops.array_ops import zeros, zeros_like
    from .ops.reduce_ops import reduce_sum

    rank = len(x.static_shape)
    base = zeros_like(reduce_sum(x, axis=list(range(2, rank))) if rank > 2 else x, dtype)
    for _ in rest:
        base = expand_dims(base, -1)
    return base + zeros(list(rest), dtype) if rest else base


def static_rnn(
    cell: Any,
    inputs: list,
    initial_state: Any = None,
    dtype: Any = None,
    sequence_length: Any = None,
    scope: Any = None,
) -> tuple[list, Any]:
    """`cell` unrolled over the list `inputs` of [batch, ...] tensors (TF1's
    `tf.nn.static_rnn`); returns the list of outputs and the final state."""
    _check_cell("cell", cell)
    if not isinstance(inputs, list | tuple):
        raise error("INVALID_ATTR", "inputs must be a sequence")
    if not inputs:
        raise error("INVALID_ATTR", "inputs must not be empty")
    with variable_scope(scope or "rnn") as varscope:
        first = [convert_to_tensor(x) for x in flatten(inputs[0])]
        batch_size = _batch_size(first, 0)
        state = _initial_state(cell, initial_state, batch_size, dtype)
        seq = _batch_checked(_sequence_length(sequence_length), state)
        zero_output = None
        if seq is not None:
            dtype_ = flatten(state)[0].dtype
            zero_output = [
                batch_zeros(batch_size, s, dtype_) for s in size_shapes(cell.output_size)
            ]
        outputs = []
        for time, input_ in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()

            def call(input_=input_, state=state):
                return cell(input_, state)

            output, state = _step(np.int32(time), seq, zero_output, state, call)
            outputs.append(output)
        return outputs, state


def _reverse_time(x: Tensor, lengths: Tensor | None, time_axis: int) -> Tensor:
    """`x` with each batch entry's first `lengths` steps reversed (all steps without
    lengths), as TF1's `reverse_sequence` / `reverse`, from gather_nd."""
    from .ops.index_ops import gather_nd_of_any_params

    graph = x.graph
    # One node named as TF's (its helpers under it), so later default names match TF's.
    with graph.name_scope("ReverseSequence" if lengths is not None else "ReverseV2") as scope:
        tm = x if time_axis == 0 else _swap_batch_time(x)
        t = expand_dims(row_positions(tm), 1)  # [T, 1]
        b = expand_dims(row_positions(_swap_batch_time(tm)), 0)  # [1, B]
        n = expand_dims(lengths, 0) if lengths is not None else expand_dims(shape(tm)[0], 0)
        source = where(less(t, n), subtract(subtract(n, 1), t), t + 0 * b)
        index = stack([source, b + 0 * t], axis=-1)
        out = graph.create_op("ReshapeLike", (gather_nd_of_any_params(tm, index), tm), None, "like")
        out = out.outputs[0] if time_axis == 0 else _swap_batch_time(out.outputs[0])
        return identity(out, name=scope)


def bidirectional_dynamic_rnn(
    cell_fw: Any,
    cell_bw: Any,
    inputs: Any,
    sequence_length: Any = None,
    initial_state_fw: Any = None,
    initial_state_bw: Any = None,
    dtype: Any = None,
    parallel_iterations: int | None = None,
    swap_memory: bool = False,
    time_major: bool = False,
    scope: Any = None,
) -> tuple[tuple, tuple]:
    """A forward and a backward `dynamic_rnn` over `inputs` (TF1's
    `tf.nn.bidirectional_dynamic_rnn`): the backward one reads each sequence reversed
    (its first `sequence_length` steps), and its outputs are reversed back.

    Returns ((output_fw, output_bw), (state_fw, state_bw)).
    """
    _check_cell("cell_fw", cell_fw)
    _check_cell("cell_bw", cell_bw)
    time_axis = 0 if time_major else 1
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(
                cell_fw,
                inputs,
                sequence_length=sequence_length,
                initial_state=initial_state_fw,
                dtype=dtype,
                time_major=time_major,
                scope=fw_scope,
            )
        with variable_scope("bw") as bw_scope:
            seq = None if sequence_length is None else cast(sequence_length, _dt.int32)

            def reverse(t):
                return _reverse_time(convert_to_tensor(t), seq, time_axis)

            reversed_inputs = pack_as(inputs, [reverse(x) for x in flatten(inputs)])
            tmp, state_bw = dynamic_rnn(
                cell_bw,
                reversed_inputs,
                sequence_length=sequence_length,
                initial_state=initial_state_bw,
                dtype=dtype,
                time_major=time_major,
                scope=bw_scope,
            )
    output_bw = pack_as(tmp, [reverse(o) for o in flatten(tmp)])
    return (output_fw, output_bw), (state_fw, state_bw)


def static_bidirectional_rnn(
    cell_fw: Any,
    cell_bw: Any,
    inputs: list,
    initial_state_fw: Any = None,
    initial_state_bw: Any = None,
    dtype: Any = None,
    sequence_length: Any = None,
    scope: Any = None,
) -> tuple[list, Any, Any]:
    """A forward and a backward `static_rnn` over the list `inputs` (TF1's
    `tf.nn.static_bidirectional_rnn`); returns the outputs (each step's forward and
    backward outputs concatenated), the forward and the backward final states."""
    from .ops.array_ops import concat
    from .ops.index_ops import unstack

    _check_cell("cell_fw", cell_fw)
    _check_cell("cell_bw", cell_bw)
    if not isinstance(inputs, list | tuple) or not inputs:
        raise error("INVALID_ATTR", "inputs must be a non-empty list")
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(
                cell_fw, inputs, initial_state_fw, dtype, sequence_length, scope=fw_scope
            )
        with variable_scope("bw") as bw_scope:
            seq = None if sequence_length is None else cast(sequence_length, _dt.int32)

            def reverse(steps: list) -> list:
                flat = [flatten(x) for x in steps]
                columns = []
                for k in range(len(flat[0])):
                    whole = _reverse_time(stack([f[k] for f in flat]), seq, 0)
                    columns.append(unstack(whole, num=len(steps)))
                return [pack_as(steps[0], [c[t] for c in columns]) for t in range(len(steps))]

            tmp, state_bw = static_rnn(
                cell_bw,
                reverse(list(inputs)),
                initial_state_bw,
                dtype,
                sequence_length,
                scope=bw_scope,
            )
    output_bw = reverse(tmp)
    outputs = [
        pack_as(fw, [concat([a, b], 1) for a, b in zip(flatten(fw), flatten(bw), strict=True)])
        for fw, bw in zip(output_fw, output_bw, strict=True)
    ]
    return outputs, state_fw, state_bw


def _stack_layers(cells_fw: Any, cells_bw: Any, initial_fw: Any, initial_bw: Any) -> None:
    """TF 1.15's checks of stack_bidirectional_(dynamic_)rnn's per-layer arguments."""
    for name, cells in (("fw", cells_fw), ("bw", cells_bw)):
        if not cells:
            raise ValueError(f"Must specify at least one {name} cell for BidirectionalRNN.")
        if not isinstance(cells, list):
            raise ValueError(f"cells_{name} must be a list of RNNCells (one per layer).")
    if len(cells_fw) != len(cells_bw):
        raise ValueError("Forward and Backward cells must have the same depth.")
    for name, states in (("fw", initial_fw), ("bw", initial_bw)):
        if states is not None and (not isinstance(states, list) or len(states) != len(cells_fw)):
            raise ValueError(
                f"initial_states_{name} must be a list of state tensors (one per layer)."
            )


def stack_bidirectional_rnn(
    cells_fw: list,
    cells_bw: list,
    inputs: list,
    initial_states_fw: list | None = None,
    initial_states_bw: list | None = None,
    dtype: Any = None,
    sequence_length: Any = None,
    scope: Any = None,
) -> tuple[list, tuple, tuple]:
    """TF 1.15's `tf.contrib.rnn.stack_bidirectional_rnn`: layer i a
    `static_bidirectional_rnn` in scope `stack_bidirectional_rnn/cell_i` over the previous
    layer's concatenated outputs; returns the last layer's outputs and each layer's
    forward and backward final states."""
    _stack_layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw, strict=True)):
            with variable_scope(f"cell_{i}") as cell_scope:
                prev_layer, state_fw, state_bw = static_bidirectional_rnn(
                    cell_fw,
                    cell_bw,
                    prev_layer,
                    initial_state_fw=initial_states_fw[i] if initial_states_fw else None,
                    initial_state_bw=initial_states_bw[i] if initial_states_bw else None,
                    sequence_length=sequence_length,
                    dtype=dtype,
                    scope=cell_scope,
                )
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_dynamic_rnn(
    cells_fw: list,
    cells_bw: list,
    inputs: Any,
    initial_states_fw: list | None = None,
    initial_states_bw: list | None = None,
    dtype: Any = None,
    sequence_length: Any = None,
    parallel_iterations: int | None = None,
    time_major: bool = False,
    scope: Any = None,
    swap_memory: bool = False,
) -> tuple[Tensor, tuple, tuple]:
    """TF 1.15's `tf.contrib.rnn.stack_bidirectional_dynamic_rnn`: layer i a
    `bidirectional_dynamic_rnn` in scope `stack_bidirectional_rnn/cell_i` whose input is
    the previous layer's forward and backward outputs concatenated on the last axis."""
    from .ops.array_ops import concat

    _stack_layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw, strict=True)):
            with variable_scope(f"cell_{i}"):
                outputs, (state_fw, state_bw) = bidirectional_dynamic_rnn(
                    cell_fw,
                    cell_bw,
                    prev_layer,
                    sequence_length=sequence_length,
                    initial_state_fw=initial_states_fw[i] if initial_states_fw else None,
                    initial_state_bw=initial_states_bw[i] if initial_states_bw else None,
                    dtype=dtype,
                    parallel_iterations=parallel_iterations,
                    swap_memory=swap_memory,
                    time_major=time_major,
                )
                prev_layer = concat(list(outputs), 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


def raw_rnn(
    cell: Any,
    loop_fn: Any,
    parallel_iterations: int | None = None,
    swap_memory: bool = False,
    scope: Any = None,
) -> tuple[Any, Any, Any]:
    """`cell` run while `loop_fn` says some entry is not finished (TF1's `tf.nn.raw_rnn`).

    `loop_fn(time, cell_output, cell_state, loop_state)` returns `(finished, next_input,
    next_cell_state, emit_output, next_loop_state)`; at time 0 it is called with
    `cell_output`, `cell_state` and `loop_state` None and gives the initial state (and the
    emit structure, None for the cell's outputs). A finished entry emits zeros and keeps
    its state. Returns (emit_ta, final_state, final_loop_state): the emits in a
    TensorArray of [batch, ...] per step, and None for the loop state if `loop_fn` gave
    none at time 0.

    Raises
    ------
    GraphgateError
        INVALID_ATTR for a `loop_fn` that is not callable or a non-cell.
    """
    _check_cell("cell", cell)
    if not callable(loop_fn):
        raise error("INVALID_ATTR", "loop_fn must be a callable")
    with variable_scope(scope or "rnn"):
        time = convert_to_tensor(np.int32(0))
        finished, next_input, state, emit_structure, init_loop_state = loop_fn(
            time, None, None, None
        )
        loop_state = (
            init_loop_state if init_loop_state is not None else convert_to_tensor(np.int32(0))
        )
        flat_input = [convert_to_tensor(x) for x in flatten(next_input)]
        static_batch = next((x.static_shape[0] for x in flat_input if x.static_shape), None)
        batch_size = static_batch if static_batch is not None else shape(flat_input[0])[0]
        state = pack_as(state, [convert_to_tensor(s) for s in flatten(state)])
        emit_ta, zero_emit = _raw_emits(cell, emit_structure, state, batch_size, static_batch)

        def cond(time, finished, *_):
            return logical_not(reduce_all(finished))

        def body(time, finished, current_input, emit_ta, state, loop_state):
            output, cell_state = cell(current_input, state)
            next_time = time + 1
            next_finished, next_input, next_state, emit, next_loop_state = loop_fn(
                next_time, output, cell_state, loop_state
            )
            loop_state = loop_state if next_loop_state is None else next_loop_state
            emit = _copy_through(finished, zero_emit, emit)
            next_state = _copy_through(finished, state, next_state)
            emit_ta = pack_as(
                emit_ta,
                [ta.write(time, e) for ta, e in zip(flatten(emit_ta), flatten(emit), strict=True)],
            )
            return (
                next_time,
                logical_or(finished, next_finished),
                next_input,
                emit_ta,
                next_state,
                loop_state,
            )

        loop_vars = [time, finished, next_input, emit_ta, state, loop_state]
        result = while_loop(cond, body, loop_vars, name="while", return_same_structure=True)
        emit_ta, final_state, final_loop_state = result[-3:]
        return emit_ta, final_state, (None if init_loop_state is None else final_loop_state)


def _raw_emits(cell, emit_structure, state, batch_size, static_batch):
    """TensorArrays for the emits (one per tensor of the emit structure) and their zeros."""
    if emit_structure is not None:
        flat = [convert_to_tensor(e) for e in flatten(emit_structure)]
        if any(e.static_shape is None or None in e.static_shape for e in flat):
            raise error("SHAPE_MISMATCH", "raw_rnn needs an emit structure of known shapes")
        sizes = [tuple(e.static_shape) for e in flat]
        dtypes = [e.dtype for e in flat]
    else:
        emit_structure = cell.output_size
        sizes = size_shapes(emit_structure)
        dtypes = [flatten(state)[0].dtype] * len(sizes)
    tas = [
        TensorArray(d, size=0, dynamic_size=True, element_shape=[static_batch, *s])
        for s, d in zip(sizes, dtypes, strict=True)
    ]
    zero = [batch_zeros(batch_size, s, d) for s, d in zip(sizes, dtypes, strict=True)]
    return pack_as(emit_structure, tas), pack_as(emit_structure, zero)


def _copy_through(finished, current, candidate):
    """Where an entry is finished, `current`, else `candidate` (TensorArrays and scalars
    pass through), as TF1's raw_rnn copies them."""

    def copy(cur, cand):
        if isinstance(cur, TensorArray) or cur.static_shape == ():
            return cand
        return where(finished, cur, cand)

    return pack_as(
        candidate, [copy(c, n) for c, n in zip(flatten(current), flatten(candidate), strict=True)]
    )
