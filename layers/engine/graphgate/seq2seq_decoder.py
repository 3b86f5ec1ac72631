"""TF 1.15's `tf.contrib.seq2seq` decoding (`seq2seq/python/ops/{loss,helper,decoder,
basic_decoder}.py`): `sequence_loss`, the helpers that feed a decoder (`TrainingHelper`,
`GreedyEmbeddingHelper`, `SampleEmbeddingHelper`, `InferenceHelper`, `CustomHelper`),
`BasicDecoder` and `dynamic_decode`.

TF 2 ships no contrib, so these follow TF 1.15's construction, composed of the engine's
ops: `dynamic_decode` is a `while_loop` writing each step's outputs into TensorArrays, so
training through it is backpropagation through the loop, as in TF.
"""

from __future__ import annotations

import contextlib
from collections import namedtuple
from typing import Any

import graphgate as gg

from . import dtypes as _dt
from .errors import error
from .graph import TensorShape
from .ops.control_flow_ops import flatten
from .ops.tensor_array_ops import TensorArray
from .rnn_cell import batch_zeros

# -- sequence_loss ------------------------------------------------------------------------------


def _rank_is(t: gg.Tensor, rank: int) -> bool:
    return t.shape.ndims == rank


def sequence_loss(
    logits,
    targets,
    weights,
    average_across_timesteps=True,
    average_across_batch=True,
    sum_over_timesteps=False,
    sum_over_batch=False,
    softmax_loss_function=None,
    name=None,
):
    """The weighted cross-entropy of a sequence of logits [batch, time, classes] against
    `targets` [batch, time], reduced as TF 1.15's: averaged over the weights' sum, or
    (`sum_over_*`) divided by the count of non-zero weights, along the axes asked."""
    logits, targets = gg.convert_to_tensor(logits), gg.convert_to_tensor(targets)
    weights = gg.convert_to_tensor(weights)
    for t, rank, text in (
        (logits, 3, "Logits must be a [batch_size x sequence_length x logits] tensor"),
        (targets, 2, "Targets must be a [batch_size x sequence_length] tensor"),
        (weights, 2, "Weights must be a [batch_size x sequence_length] tensor"),
    ):
        if not _rank_is(t, rank):
            raise error("SHAPE_MISMATCH", text)
    for average, total, axis in (
        (average_across_timesteps, sum_over_timesteps, "timesteps"),
        (average_across_batch, sum_over_batch, "batch"),
    ):
        if average and total:
            raise error(
                "INVALID_ATTR",
                f"average_across_{axis} and sum_over_{axis} cannot be set to True at same time.",
            )
    with gg.name_scope(name, "sequence_loss", [logits, targets, weights]):
        flat_logits = gg.reshape(logits, [-1, gg.shape(logits)[2]])
        flat_targets = gg.reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = gg.nn.sparse_softmax_cross_entropy_with_logits(
                labels=flat_targets, logits=flat_logits
            )
        else:
            crossent = softmax_loss_function(labels=flat_targets, logits=flat_logits)
        crossent *= gg.reshape(weights, [-1])
        return _reduce_loss(
            crossent,
            weights,
            gg.shape(logits)[0:2],
            (average_across_timesteps, average_across_batch),
            (sum_over_timesteps, sum_over_batch),
        )


def _reduce_loss(crossent, weights, batch_time, average, total):
    if all(average):
        return gg.div_no_nan(gg.reduce_sum(crossent), gg.reduce_sum(weights))
    if all(total):
        count = gg.cast(gg.count_nonzero(weights), crossent.dtype)
        return gg.div_no_nan(gg.reduce_sum(crossent), count)
    crossent = gg.reshape(crossent, batch_time)
    if any(average):
        axis = [0] if average[1] else [1]
        return gg.div_no_nan(gg.reduce_sum(crossent, axis=axis), gg.reduce_sum(weights, axis=axis))
    if any(total):
        axis = [0] if total[1] else [1]
        count = gg.cast(gg.count_nonzero(weights, axis=axis), crossent.dtype)
        return gg.div_no_nan(gg.reduce_sum(crossent, axis=axis), count)
    return crossent


# -- helpers ------------------------------------------------------------------------------------


def _transpose_batch_time(x: gg.Tensor) -> gg.Tensor:
    rank = x.shape.ndims
    if rank is None or rank < 2:
        raise error("SHAPE_MISMATCH", f"Expected a tensor of rank >= 2, saw shape {x.shape}")
    return gg.transpose(x, [1, 0, *range(2, rank)])


def _unstack_ta(inp: gg.Tensor) -> TensorArray:
    steps = inp.shape.as_list()[0]
    size = steps if steps is not None else gg.shape(inp)[0]
    return TensorArray(inp.dtype, size=size, element_shape=inp.shape.as_list()[1:]).unstack(inp)


class Helper:
    """TF 1.15's `Helper`: how a `BasicDecoder` starts, samples and feeds its next input."""

    @property
    def batch_size(self):
        raise NotImplementedError

    @property
    def sample_ids_shape(self):
        raise NotImplementedError

    @property
    def sample_ids_dtype(self):
        raise NotImplementedError

    def initialize(self, name=None):
        raise NotImplementedError

    def sample(self, time, outputs, state, name=None):
        raise NotImplementedError

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        raise NotImplementedError


class _MadeHelper(Helper):
    """The helpers that hold their batch size and sample ids' shape and dtype (by default
    scalar int32 ids, a vocabulary index) from when they are made: TF 1.15 spells the same
    three properties out in each."""

    _sample_ids_shape: Any = TensorShape([])
    _sample_ids_dtype: Any = _dt.int32

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return self._sample_ids_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_ids_dtype


class CustomHelper(_MadeHelper):
    """A helper from three functions: `initialize_fn() -> (finished, next_inputs)`,
    `sample_fn(time, outputs, state) -> sample_ids` and
    `next_inputs_fn(time, outputs, state, sample_ids) -> (finished, next_inputs, state)`."""

    def __init__(
        self,
        initialize_fn,
        sample_fn,
        next_inputs_fn,
        sample_ids_shape=None,
        sample_ids_dtype=None,
    ):
        self._initialize_fn = initialize_fn
        self._sample_fn = sample_fn
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = gg.TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = sample_ids_dtype or gg.int32

    @property
    def batch_size(self):
        if self._batch_size is None:
            raise error("INVALID_ATTR", "batch_size accessed before initialize was called")
        return self._batch_size

    def initialize(self, name=None):
        with gg.name_scope(name, f"{type(self).__name__}Initialize"):
            finished, next_inputs = self._initialize_fn()
            if self._batch_size is None:
                self._batch_size = gg.size(finished)
        return finished, next_inputs

    def sample(self, time, outputs, state, name=None):
        with gg.name_scope(name, f"{type(self).__name__}Sample", (time, outputs, state)):
            return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with gg.name_scope(name, f"{type(self).__name__}NextInputs", (time, outputs, state)):
            return self._next_inputs_fn(
                time=time, outputs=outputs, state=state, sample_ids=sample_ids
            )


class TrainingHelper(_MadeHelper):
    """Teacher forcing: step t's input is `inputs[:, t]`; an entry is finished once its
    `sequence_length` is reached."""

    def __init__(self, inputs, sequence_length, time_major=False, name=None):
        with gg.name_scope(name, "TrainingHelper", [inputs, sequence_length]):
            inputs = gg.nest.map_structure(lambda x: gg.convert_to_tensor(x, name="inputs"), inputs)
            self._inputs = inputs
            if not time_major:
                inputs = gg.nest.map_structure(_transpose_batch_time, inputs)
            self._input_tas = gg.nest.map_structure(_unstack_ta, inputs)
            self._sequence_length = gg.convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.shape.ndims != 1:
                raise error(
                    "SHAPE_MISMATCH",
                    "Expected sequence_length to be a vector, but received shape: "
                    f"{self._sequence_length.shape}",
                )
            self._zero_inputs = gg.nest.map_structure(lambda x: gg.zeros_like(x[0, :]), inputs)
            self._batch_size = gg.size(sequence_length)

    @property
    def inputs(self):
        return self._inputs

    @property
    def sequence_length(self):
        return self._sequence_length

    def steps_hint(self):
        """The number of steps decoding will take: the longest sequence."""
        return gg.maximum(gg.cast(gg.reduce_max(self._sequence_length), gg.int32), 0)

    def _read(self, index):
        return gg.nest.map_structure(lambda ta: ta.read(index), self._input_tas)

    def initialize(self, name=None):
        with gg.name_scope(name, "TrainingHelperInitialize"):
            finished = gg.equal(0, self._sequence_length)
            next_inputs = gg.cond(
                gg.reduce_all(finished), lambda: self._zero_inputs, lambda: self._read(0)
            )
            return finished, next_inputs

    def sample(self, time, outputs, name=None, **unused_kwargs):
        with gg.name_scope(name, "TrainingHelperSample", [time, outputs]):
            return gg.cast(gg.argmax(outputs, axis=-1), gg.int32)

    def next_inputs(self, time, outputs, state, name=None, **unused_kwargs):
        with gg.name_scope(name, "TrainingHelperNextInputs", [time, outputs, state]):
            next_time = time + 1
            finished = next_time >= self._sequence_length
            next_inputs = gg.cond(
                gg.reduce_all(finished),
                lambda: self._zero_inputs,
                lambda: self._read(next_time),
            )
            return finished, next_inputs, state


def _embedding_fn(embedding):
    if callable(embedding):
        return embedding
    return lambda ids: gg.nn.embedding_lookup(embedding, ids)


def start_and_end(start_tokens, end_token) -> tuple[gg.Tensor, gg.Tensor]:
    """The start tokens (an int32 vector) and the end token (an int32 scalar), checked."""
    start = gg.convert_to_tensor(start_tokens, dtype=gg.int32, name="start_tokens")
    end = gg.convert_to_tensor(end_token, dtype=gg.int32, name="end_token")
    if start.shape.ndims != 1:
        raise error("SHAPE_MISMATCH", "start_tokens must be a vector")
    if end.shape.ndims != 0:
        raise error("SHAPE_MISMATCH", "end_token must be a scalar")
    return start, end


class GreedyEmbeddingHelper(_MadeHelper):
    """Inference: each step's input is the embedding of the previous step's argmax; an
    entry is finished when it emits `end_token`."""

    def __init__(self, embedding, start_tokens, end_token):
        self._embedding_fn = _embedding_fn(embedding)
        self._start_tokens, self._end_token = start_and_end(start_tokens, end_token)
        self._batch_size = gg.size(start_tokens)
        self._start_inputs = self._embedding_fn(self._start_tokens)

    def initialize(self, name=None):
        finished = gg.tile([False], [self._batch_size])
        return finished, self._start_inputs

    def sample(self, time, outputs, state, name=None):
        del time, state
        if not isinstance(outputs, gg.Tensor):
            raise error("INVALID_ATTR", f"Expected outputs to be a single Tensor, got: {outputs}")
        return gg.argmax(outputs, axis=-1, output_type=gg.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        del time, outputs
        finished = gg.equal(sample_ids, self._end_token)
        next_inputs = gg.cond(
            gg.reduce_all(finished),
            lambda: self._start_inputs,
            lambda: self._embedding_fn(sample_ids),
        )
        return finished, next_inputs, state


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """Inference by sampling: each step's id is drawn from the softmax of the outputs
    (divided by `softmax_temperature`) rather than their argmax."""

    def __init__(self, embedding, start_tokens, end_token, softmax_temperature=None, seed=None):
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature = softmax_temperature
        self._seed = seed

    def sample(self, time, outputs, state, name=None):
        del time, state
        if not isinstance(outputs, gg.Tensor):
            raise error("INVALID_ATTR", f"Expected outputs to be a single Tensor, got: {outputs}")
        logits = (
            outputs if self._softmax_temperature is None else outputs / self._softmax_temperature
        )
        return _categorical(logits, self._seed)


def _categorical(logits, seed):
    """One id per row drawn from softmax(logits) (TF1's `Categorical(logits).sample()`)."""
    return gg.reshape(gg.random.categorical(logits, 1, seed=seed, dtype=gg.int32), [-1])


def _bernoulli(probs, n, seed):
    """`n` draws of `uniform < probs` (TF1's `Bernoulli(probs).sample(n)`), as bools."""
    probs = gg.convert_to_tensor(probs)
    shape = gg.concat([[n], gg.shape(probs)], 0)
    return gg.less(gg.random_uniform(shape, seed=seed, dtype=probs.dtype), probs)


def _probability(sampling_probability):
    p = gg.convert_to_tensor(sampling_probability, name="sampling_probability")
    if p.shape.ndims not in (0, 1):
        raise error(
            "SHAPE_MISMATCH",
            f"sampling_probability must be either a scalar or a vector. saw shape: {p.shape}",
        )
    return p


def _mix(chosen, sampled_fn, base, pick):
    """`base` with the rows where `chosen` holds replaced by `sampled_fn(pick(rows))`,
    by scatter_nd as TF 1.15's scheduled helpers do."""
    taken = gg.cast(gg.where(chosen), gg.int32)
    kept = gg.cast(gg.where(gg.logical_not(chosen)), gg.int32)
    shape = gg.shape(base)
    return gg.scatter_nd(taken, sampled_fn(pick(taken), taken), shape) + gg.scatter_nd(
        kept, gg.gather_nd(base, kept), shape
    )


class ScheduledEmbeddingTrainingHelper(TrainingHelper):
    """Teacher forcing where, with `sampling_probability`, an entry's next input is the
    embedding of an id drawn from its outputs instead (its sample id; -1 where not drawn)."""

    def __init__(
        self,
        inputs,
        sequence_length,
        embedding,
        sampling_probability,
        time_major=False,
        seed=None,
        scheduling_seed=None,
        name=None,
    ):
        with gg.name_scope(name, "ScheduledEmbeddingSamplingWrapper", [sampling_probability]):
            self._embedding_fn = _embedding_fn(embedding)
            self._sampling_probability = _probability(sampling_probability)
            self._seed = seed
            self._scheduling_seed = scheduling_seed
        super().__init__(inputs, sequence_length, time_major=time_major, name=name)

    def sample(self, time, outputs, state=None, name=None):
        with gg.name_scope(name, "ScheduledEmbeddingTrainingHelperSample", [time, outputs]):
            select = _bernoulli(self._sampling_probability, self.batch_size, self._scheduling_seed)
            drawn = _categorical(outputs, self._seed)
            return gg.where(select, drawn, gg.fill([self.batch_size], -1))

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        finished, base, state = super().next_inputs(time, outputs, state, name=name)

        def sampled():
            chosen = sample_ids > -1
            return _mix(
                chosen,
                lambda ids, _: self._embedding_fn(ids),
                base,
                lambda taken: gg.gather_nd(sample_ids, taken),
            )

        return finished, gg.cond(gg.reduce_all(finished), lambda: base, sampled), state


class ScheduledOutputTrainingHelper(TrainingHelper):
    """Teacher forcing where, with `sampling_probability`, an entry's next input is its
    output (through `next_inputs_fn`, with `auxiliary_inputs` appended) instead."""

    def __init__(
        self,
        inputs,
        sequence_length,
        sampling_probability,
        time_major=False,
        seed=None,
        next_inputs_fn=None,
        auxiliary_inputs=None,
        name=None,
    ):
        with gg.name_scope(name, "ScheduledOutputTrainingHelper", [sampling_probability]):
            self._sampling_probability = _probability(sampling_probability)
            self._auxiliary_input_tas = None
            if auxiliary_inputs is not None:
                inputs = gg.nest.map_structure(
                    lambda x, y: gg.concat((x, y), -1), inputs, auxiliary_inputs
                )
                aux = gg.nest.map_structure(gg.convert_to_tensor, auxiliary_inputs)
                if not time_major:
                    aux = gg.nest.map_structure(_transpose_batch_time, aux)
                self._auxiliary_input_tas = gg.nest.map_structure(_unstack_ta, aux)
            self._seed = seed
            self._next_inputs_fn = next_inputs_fn
        super().__init__(inputs, sequence_length, time_major=time_major, name=name)

    def sample(self, time, outputs, state=None, name=None):
        with gg.name_scope(name, "ScheduledOutputTrainingHelperSample", [time, outputs]):
            drawn = _bernoulli(self._sampling_probability, self.batch_size, self._seed)
            return gg.cast(drawn, gg.int32)

    def _with_auxiliary(self, time, outputs, indices=None):
        if self._auxiliary_input_tas is None:
            return outputs
        aux = gg.nest.map_structure(lambda ta: ta.read(time + 1), self._auxiliary_input_tas)
        if indices is not None:
            aux = gg.nest.map_structure(lambda a: gg.gather_nd(a, indices), aux)
        return gg.nest.map_structure(lambda x, y: gg.concat((x, y), -1), outputs, aux)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        finished, base, state = super().next_inputs(time, outputs, state, name=name)
        chosen = gg.cast(sample_ids, gg.bool)

        def sampled():
            if self._next_inputs_fn is None:
                return gg.where(chosen, self._with_auxiliary(time, outputs), base)
            return _mix(
                chosen,
                lambda out, taken: self._with_auxiliary(time, self._next_inputs_fn(out), taken),
                base,
                lambda taken: gg.gather_nd(outputs, taken),
            )

        skip = gg.logical_or(gg.reduce_all(finished), gg.logical_not(gg.reduce_any(chosen)))
        return finished, gg.cond(skip, lambda: base, sampled), state


class InferenceHelper(_MadeHelper):
    """Inference on the outputs themselves: `sample_fn(outputs)` is the sample,
    `next_inputs_fn(sample_ids)` the next input, `end_fn(sample_ids)` the finished flags."""

    def __init__(
        self,
        sample_fn,
        sample_shape,
        sample_dtype,
        start_inputs,
        end_fn,
        next_inputs_fn=None,
    ):
        self._sample_fn = sample_fn
        self._end_fn = end_fn
        self._sample_ids_shape = gg.TensorShape(sample_shape)
        self._sample_ids_dtype = sample_dtype
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = gg.shape(start_inputs)[0]
        self._start_inputs = gg.convert_to_tensor(start_inputs, name="start_inputs")

    def initialize(self, name=None):
        return gg.tile([False], [self._batch_size]), self._start_inputs

    def sample(self, time, outputs, state, name=None):
        return self._sample_fn(outputs)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        next_inputs = (
            sample_ids if self._next_inputs_fn is None else self._next_inputs_fn(sample_ids)
        )
        return self._end_fn(sample_ids), next_inputs, state


# -- decoders -----------------------------------------------------------------------------------


class Decoder:
    """TF 1.15's `Decoder`: `initialize() -> (finished, inputs, state)`,
    `step(time, inputs, state) -> (outputs, state, inputs, finished)`, and optionally
    `finalize(outputs, state, sequence_lengths)`."""

    @property
    def batch_size(self):
        raise NotImplementedError

    @property
    def output_size(self):
        raise NotImplementedError

    @property
    def output_dtype(self):
        raise NotImplementedError

    @property
    def tracks_own_finished(self) -> bool:
        return False

    def initialize(self, name=None):
        raise NotImplementedError

    def step(self, time, inputs, state, name=None):
        raise NotImplementedError

    def finalize(self, outputs, final_state, sequence_lengths):
        raise NotImplementedError


class BasicDecoderOutput(namedtuple("BasicDecoderOutput", ("rnn_output", "sample_id"))):
    __slots__ = ()


def check_cell(cell: Any) -> None:
    if not (hasattr(cell, "output_size") and hasattr(cell, "state_size") and callable(cell)):
        raise error("INVALID_ATTR", f"cell must be an RNNCell, received: {type(cell)}")


def layer_output_size(layer: Any, size: Any) -> Any:
    """The per-example output size of `layer` applied to outputs of `size` (TF's
    `compute_output_shape` with an unknown batch, the batch dropped)."""
    if layer is None:
        return size

    def one(s):
        shape = gg.TensorShape([None]).concatenate(gg.TensorShape(s))
        if hasattr(layer, "compute_output_shape"):
            return gg.TensorShape(gg.TensorShape(layer.compute_output_shape(shape)).as_list()[1:])
        return gg.TensorShape([*shape.as_list()[1:-1], layer.units])  # a Keras Dense

    return gg.nest.map_structure(one, size)


def check_output_layer(layer: Any) -> None:
    if layer is not None and not (
        callable(layer) and (hasattr(layer, "compute_output_shape") or hasattr(layer, "units"))
    ):
        raise error("INVALID_ATTR", f"output_layer must be a Layer, received: {type(layer)}")


class BasicDecoder(Decoder):
    """A cell decoding with a helper: each step runs the cell (and `output_layer`), asks
    the helper for the sample ids and the next inputs."""

    def __init__(self, cell, helper, initial_state, output_layer=None):
        check_cell(cell)
        if not isinstance(helper, Helper):
            raise error("INVALID_ATTR", f"helper must be a Helper, received: {type(helper)}")
        check_output_layer(output_layer)
        self._cell = cell
        self._helper = helper
        self._initial_state = initial_state
        self._output_layer = output_layer

    @property
    def batch_size(self):
        return self._helper.batch_size

    def _rnn_output_size(self):
        return layer_output_size(self._output_layer, self._cell.output_size)

    @property
    def output_size(self):
        return BasicDecoderOutput(self._rnn_output_size(), self._helper.sample_ids_shape)

    @property
    def output_dtype(self):
        dtype = flatten(self._initial_state)[0].dtype
        return BasicDecoderOutput(
            gg.nest.map_structure(lambda _: dtype, self._rnn_output_size()),
            self._helper.sample_ids_dtype,
        )

    def initialize(self, name=None):
        return (*self._helper.initialize(), self._initial_state)

    def expected_steps(self):
        """The steps decoding will take if the helper knows them (teacher forcing), else
        None."""
        return self._helper.steps_hint() if isinstance(self._helper, TrainingHelper) else None

    def step(self, time, inputs, state, name=None):
        with gg.name_scope(name, "BasicDecoderStep", (time, inputs, state)):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids
            )
        return BasicDecoderOutput(cell_outputs, sample_ids), next_state, next_inputs, finished


# -- dynamic_decode -----------------------------------------------------------------------------


def _static_batch(batch_size) -> int | None:
    value = gg.get_static_value(batch_size)
    return None if value is None else int(value)


def _element_shape(batch: int | None, size: Any) -> list | None:
    shape = gg.TensorShape(size)
    if shape.ndims is None:
        return None
    return [batch, *shape.as_list()]


def _expected_steps(decoder, maximum_iterations):
    """How many steps the decoder will likely take (0 where unknown): a training helper's
    longest sequence, at most `maximum_iterations`."""
    hint = decoder.expected_steps() if isinstance(decoder, BasicDecoder) else None
    if hint is None:
        return 0 if maximum_iterations is None else gg.maximum(maximum_iterations, 0)
    if maximum_iterations is None:
        return hint
    return gg.maximum(gg.minimum(hint, maximum_iterations), 0)


def _copy_state(finished):
    """TF 1.15's `_maybe_copy_state`: a finished entry keeps its state (TensorArrays and
    scalars pass through)."""

    def copy(new, cur):
        if isinstance(cur, TensorArray):
            return new
        new.set_shape(cur.shape)
        return new if new.shape.ndims == 0 else gg.where(finished, cur, new)

    return copy


def dynamic_decode(
    decoder,
    output_time_major=False,
    impute_finished=False,
    maximum_iterations=None,
    parallel_iterations=32,
    swap_memory=False,
    scope=None,
    **kwargs,
):
    """Run `decoder` until every entry is finished (or `maximum_iterations` steps).

    Returns
    -------
    (final_outputs, final_state, final_sequence_lengths): the outputs stacked over time
    ([batch, time, ...], or [time, batch, ...] with `output_time_major`), after the
    decoder's `finalize` if it has one; the last state; each entry's length (the step at
    which it finished, counted from 1).

    Raises
    ------
    GraphgateError
        INVALID_ATTR when `decoder` is not a Decoder, SHAPE_MISMATCH when
        `maximum_iterations` is not a scalar.
    """
    if not isinstance(decoder, Decoder):
        raise error("INVALID_ATTR", f"Expected decoder to be type Decoder, but saw: {decoder}")
    with gg.variable_scope(scope, default_name="decoder"):
        if maximum_iterations is not None:
            maximum_iterations = gg.convert_to_tensor(
                maximum_iterations, dtype=gg.int32, name="maximum_iterations"
            )
            if maximum_iterations.shape.ndims != 0:
                raise error("SHAPE_MISMATCH", "maximum_iterations must be a scalar")
        finished, inputs, state = decoder.initialize()
        batch = _static_batch(decoder.batch_size)
        zero_outputs = gg.nest.map_structure(
            lambda s, d: batch_zeros(decoder.batch_size, tuple(gg.TensorShape(s).as_list()), d),
            decoder.output_size,
            decoder.output_dtype,
        )
        if maximum_iterations is not None:
            finished = gg.logical_or(finished, maximum_iterations <= 0)
        lengths = gg.zeros_like(finished, dtype=gg.int32)
        # TF's arrays start empty and grow a row a step; grown here, each write would copy
        # the outputs so far (quadratic in the steps), so they start at the number of steps
        # expected when that is known, and are cut to the steps taken after the loop.
        rows = _expected_steps(decoder, maximum_iterations)
        tas = gg.nest.map_structure(
            lambda s, d: TensorArray(
                d, size=rows, dynamic_size=True, element_shape=_element_shape(batch, s)
            ),
            decoder.output_size,
            decoder.output_dtype,
        )

        def condition(time, tas, state, inputs, finished, lengths):
            return gg.logical_not(gg.reduce_all(finished))

        def body(time, tas, state, inputs, finished, lengths):
            outputs, decoder_state, next_inputs, decoder_finished = decoder.step(
                time, inputs, state
            )
            own_lengths = None
            if decoder.tracks_own_finished:
                next_finished = decoder_finished
                own_lengths = getattr(decoder_state, "lengths", None)
            else:
                next_finished = gg.logical_or(decoder_finished, finished)
            if own_lengths is not None:
                next_lengths = gg.cast(own_lengths, gg.int32)
            else:
                next_lengths = gg.where(
                    gg.logical_not(finished), gg.fill(gg.shape(lengths), time + 1), lengths
                )
            if maximum_iterations is not None:
                next_finished = gg.logical_or(next_finished, time + 1 >= maximum_iterations)
            if impute_finished:
                outputs = gg.nest.map_structure(
                    lambda out, zero: gg.where(finished, zero, out), outputs, zero_outputs
                )
                decoder_state = gg.nest.map_structure(_copy_state(finished), decoder_state, state)
            tas = gg.nest.map_structure(lambda ta, out: ta.write(time, out), tas, outputs)
            return time + 1, tas, decoder_state, next_inputs, next_finished, next_lengths

        loop_vars = (gg.constant(0, gg.int32), tas, state, inputs, finished, lengths)
        result = gg.while_loop(
            condition,
            body,
            loop_vars,
            parallel_iterations=parallel_iterations,
            maximum_iterations=maximum_iterations,
            swap_memory=swap_memory,
            return_same_structure=True,
        )
        steps = result[0]
        final_outputs = gg.nest.map_structure(lambda ta: ta.stack()[:steps], result[1])
        final_state, final_lengths = result[2], result[5]
        with contextlib.suppress(NotImplementedError):  # a decoder without `finalize`
            final_outputs, final_state = decoder.finalize(final_outputs, final_state, final_lengths)
        if not output_time_major:
            final_outputs = gg.nest.map_structure(_transpose_batch_time, final_outputs)
    return final_outputs, final_state, final_lengths
