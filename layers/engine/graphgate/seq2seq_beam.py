"""TF 1.15's `tf.contrib.seq2seq` beam search (`seq2seq/python/ops/beam_search_decoder.py`
and the `GatherTree` kernel): `BeamSearchDecoder` (length and coverage penalties, the
reordering of TensorArrays in the cell state), `tile_batch` and `gather_tree`.

Each step follows TF 1.15's `_beam_search_step`: log-softmax of the logits, finished beams
allowed only the end token, scores divided by the length penalty ((5 + length) / 6) ** w
(and, with a coverage penalty, the finished beams' log of their summed attention added),
the best `beam_width` of the `beam_width * vocab` candidates by `top_k`, and the cell
states gathered along the chosen parents. `gather_tree` (a C++ op in TF) is a loop of
gathers walking the parents back from each beam's last step.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

import graphgate as gg

from .errors import error
from .ops.tensor_array_ops import TensorArray
from .seq2seq_attention import AttentionWrapperState
from .seq2seq_decoder import (
    Decoder,
    _embedding_fn,
    check_cell,
    check_output_layer,
    layer_output_size,
    start_and_end,
)

__all__ = [
    "BeamSearchDecoder",
    "BeamSearchDecoderOutput",
    "BeamSearchDecoderState",
    "FinalBeamSearchDecoderOutput",
    "gather_tree",
    "tile_batch",
]


class BeamSearchDecoderState(
    namedtuple(
        "BeamSearchDecoderState",
        ("cell_state", "log_probs", "finished", "lengths", "accumulated_attention_probs"),
    )
):
    __slots__ = ()


class BeamSearchDecoderOutput(
    namedtuple("BeamSearchDecoderOutput", ("scores", "predicted_ids", "parent_ids"))
):
    __slots__ = ()


class FinalBeamSearchDecoderOutput(
    namedtuple("FinalBeamDecoderOutput", ["predicted_ids", "beam_search_decoder_output"])
):
    """The beams' ids [batch, time, beam] (time-major with `output_time_major`), and the
    per-step `BeamSearchDecoderOutput`."""

    __slots__ = ()


def _static(t) -> int | None:
    value = gg.get_static_value(t)
    return None if value is None else int(value)


def tile_batch(t, multiplier, name=None):
    """Each batch entry of `t` (or of each tensor in a nesting) repeated `multiplier`
    times in a row: [batch, ...] -> [batch * multiplier, ...]."""
    flat = gg.nest.flatten(t)
    with gg.name_scope(name, "tile_batch", [*flat, multiplier]):
        return gg.nest.map_structure(lambda x: _tile_batch(x, multiplier), t)


def _tile_batch(t, multiplier):
    t = gg.convert_to_tensor(t, name="t")
    if t.shape.ndims is None or t.shape.ndims < 1:
        raise error("SHAPE_MISMATCH", "t must have statically known rank")
    shape_t = gg.shape(t)
    tiling = [1] * (t.shape.ndims + 1)
    tiling[1] = multiplier
    batch = t.shape.as_list()[0]
    tiled = gg.tile(gg.expand_dims(t, 1), tiling)
    tiled = gg.reshape(tiled, gg.concat(([shape_t[0] * multiplier], shape_t[1:]), 0))
    tiled.set_shape([None if batch is None else batch * multiplier, *t.shape.as_list()[1:]])
    return tiled


def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token, name=None):
    """The full beams [max_time, batch, beam] from each step's ids and parent beams:
    walking back from step `max_sequence_lengths[b] - 1`; steps past a batch entry's
    length, and those after a beam's first `end_token`, hold `end_token` (TF's GatherTree).
    """
    with gg.name_scope(name, "GatherTree"):
        step_ids = gg.convert_to_tensor(step_ids, dtype=gg.int32, name="step_ids")
        parent_ids = gg.convert_to_tensor(parent_ids, dtype=gg.int32, name="parent_ids")
        lengths = gg.convert_to_tensor(max_sequence_lengths, gg.int32, name="max_sequence_lengths")
        end_token = gg.convert_to_tensor(end_token, dtype=gg.int32, name="end_token")
        shape = gg.shape(parent_ids)
        max_time = shape[0]
        lengths = gg.minimum(lengths, max_time)
        mask = gg.expand_dims(gg.transpose(gg.sequence_mask(lengths, maxlen=max_time)), -1)
        ends = gg.fill(shape, end_token)
        step_ids = gg.where_v2(mask, step_ids, ends)
        parent_ids = gg.where_v2(mask, parent_ids, gg.zeros_like(parent_ids))
        rev_steps = gg.reverse_sequence(step_ids, lengths, seq_axis=0, batch_axis=1)
        rev_parents = gg.reverse_sequence(parent_ids, lengths, seq_axis=0, batch_axis=1)
        out = TensorArray(gg.int32, size=max_time, element_shape=step_ids.shape.as_list()[1:])
        # Each beam starts as itself at its last step (also when there are no steps).
        beams = gg.tile(gg.expand_dims(gg.range(shape[2]), 0), gg.stack([shape[1], 1]))

        def body(t, parent, out):
            ids = gg.batch_gather(rev_steps[t], parent)
            return t + 1, gg.batch_gather(rev_parents[t], parent), out.write(t, ids)

        _, _, out = gg.while_loop(lambda t, parent, out: t < max_time, body, [0, beams, out])
        ids = gg.reverse_sequence(out.stack(), lengths, seq_axis=0, batch_axis=1)
        ids.set_shape(step_ids.shape)
        in_bound = gg.equal(gg.cumsum(gg.cast(gg.equal(ids, end_token), gg.int32), axis=0), 0)
        return gg.where_v2(in_bound, ids, ends)


def gather_tree_from_array(t, parent_ids, sequence_length):
    """A stacked TensorArray [time, batch * beam, ...] (or [time, batch, beam, ...]) with
    each step's beams put in the order of the final beams."""
    max_time, batch_size, beam_width = (gg.shape(parent_ids)[i] for i in range(3))
    beam_ids = gg.tile(gg.reshape(gg.range(beam_width), [1, 1, -1]), [max_time, batch_size, 1])
    max_lengths = gg.cast(gg.reduce_max(sequence_length, axis=1), gg.int32)
    sorted_ids = gather_tree(beam_ids, parent_ids, max_lengths, beam_width + 1)
    in_bound = gg.transpose(gg.sequence_mask(sequence_length, maxlen=max_time), perm=[2, 0, 1])
    sorted_ids = gg.where_v2(in_bound, sorted_ids, beam_ids)
    time_ind = gg.tile(gg.reshape(gg.range(max_time), [-1, 1, 1]), [1, batch_size, beam_width])
    batch_ind = gg.tile(gg.reshape(gg.range(batch_size), [-1, 1, 1]), [1, max_time, beam_width])
    batch_ind = gg.transpose(batch_ind, perm=[1, 0, 2])
    indices = gg.stack([time_ind, batch_ind, sorted_ids], -1)
    gather_from = gg.reshape(t, gg.stack([max_time, batch_size, beam_width, -1]))
    return gg.reshape(gg.gather_nd(gather_from, indices), gg.shape(t))


def _length_penalty(sequence_lengths, penalty_factor):
    penalty_factor = gg.convert_to_tensor(penalty_factor, name="penalty_factor")
    static = gg.get_static_value(penalty_factor)
    if static is not None and static == 0:
        return 1.0
    return gg.divide(
        (5.0 + gg.cast(sequence_lengths, gg.float32)) ** penalty_factor,
        (5.0 + 1.0) ** penalty_factor,
    )


def _attention_probs(state, coverage_penalty_weight):
    """The attention of the (first) AttentionWrapperState in `state`, averaged over its
    mechanisms; None without a coverage penalty."""
    if coverage_penalty_weight == 0.0:
        return None
    states = [state] if isinstance(state, AttentionWrapperState) else []
    if not states and isinstance(state, tuple):
        states = [s for s in state if isinstance(s, AttentionWrapperState)]
    if not states:
        raise error(
            "INVALID_ATTR", "coverage_penalty_weight must be 0.0 if no cell is attentional."
        )
    probs = [_mean_alignments(s.alignments) for s in states]
    if len(probs) == 1:
        return probs[0]
    return gg.reduce_mean(gg.concat([gg.expand_dims(p, -1) for p in probs], -1), -1)


def _mean_alignments(alignments):
    if isinstance(alignments, tuple):
        return gg.reduce_mean(gg.concat([gg.expand_dims(a, -1) for a in alignments], -1), -1)
    return alignments


def _scores(log_probs, lengths, length_penalty_weight, coverage_penalty_weight, finished, attn):
    scores = log_probs / gg.cast(_length_penalty(lengths, length_penalty_weight), log_probs.dtype)
    if coverage_penalty_weight == 0.0:
        return scores
    attn = gg.where(gg.equal(attn, 0.0), gg.ones_like(attn), attn)
    coverage = gg.reduce_sum(gg.log(gg.minimum(attn, 1.0)), 2) * gg.cast(finished, gg.float32)
    return scores + gg.expand_dims(coverage * coverage_penalty_weight, 2)


def _mask_probs(probs, end_token, finished):
    """Finished beams put all their probability on the end token."""
    vocab = gg.shape(probs)[2]
    row = gg.one_hot(
        end_token,
        vocab,
        dtype=probs.dtype,
        on_value=0.0,
        off_value=float(np.finfo(probs.dtype.as_numpy_dtype).min),
    )
    finished_probs = gg.tile(gg.reshape(row, [1, 1, -1]), gg.concat([gg.shape(finished), [1]], 0))
    finished_mask = gg.tile(gg.expand_dims(finished, 2), [1, 1, vocab])
    return gg.where(finished_mask, finished_probs, probs)


def _gather_beams(indices, source, batch_size, range_size, gather_shape):
    """`source` [batch, beam, ...] rows picked per batch entry by `indices` [batch, beam]."""
    range_ = gg.expand_dims(gg.range(batch_size) * range_size, 1)
    flat = gg.reshape(indices + range_, [-1])
    out = gg.gather(gg.reshape(source, gather_shape), flat)
    out = gg.reshape(out, gg.shape(source)[: 1 + len(gather_shape)])
    out.set_shape([_static(batch_size), *source.shape.as_list()[1 : 1 + len(gather_shape)]])
    return out


def _maybe_gather_beams(indices, source, batch_size, beam_width):
    if isinstance(source, TensorArray) or source.shape.ndims < 2:
        return source
    return _gather_beams(indices, source, batch_size, beam_width, [batch_size * beam_width, -1])


class BeamSearchDecoder(Decoder):
    """Beam search over `cell` (TF 1.15's): `initial_state` has `batch * beam_width` rows
    (see `tile_batch`); the outputs are each step's beam scores, ids and parents, and,
    after `dynamic_decode`, the full beams as `FinalBeamSearchDecoderOutput.predicted_ids`."""

    def __init__(
        self,
        cell,
        embedding,
        start_tokens,
        end_token,
        initial_state,
        beam_width,
        output_layer=None,
        length_penalty_weight=0.0,
        coverage_penalty_weight=0.0,
        reorder_tensor_arrays=True,
    ):
        check_cell(cell)
        check_output_layer(output_layer)
        self._cell = cell
        self._output_layer = output_layer
        self._reorder_tensor_arrays = reorder_tensor_arrays
        self._embedding_fn = _embedding_fn(embedding)
        start, self._end_token = start_and_end(start_tokens, end_token)
        self._batch_size = gg.size(start_tokens)
        self._beam_width = beam_width
        self._length_penalty_weight = length_penalty_weight
        self._coverage_penalty_weight = coverage_penalty_weight
        self._initial_cell_state = gg.nest.map_structure(self._maybe_split, initial_state)
        self._start_tokens = gg.tile(gg.expand_dims(start, 1), [1, beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        self._finished = gg.one_hot(
            gg.zeros([self._batch_size], dtype=gg.int32),
            depth=beam_width,
            on_value=False,
            off_value=True,
            dtype=gg.bool,
        )

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def tracks_own_finished(self) -> bool:
        # The beams are reordered each step, so only the decoder knows which finished.
        return True

    @property
    def output_size(self):
        beams = gg.TensorShape([self._beam_width])
        return BeamSearchDecoderOutput(scores=beams, predicted_ids=beams, parent_ids=beams)

    @property
    def output_dtype(self):
        dtype = gg.nest.flatten(self._initial_cell_state)[0].dtype
        return BeamSearchDecoderOutput(
            scores=gg.nest.map_structure(
                lambda _: dtype, layer_output_size(self._output_layer, self._cell.output_size)
            ),
            predicted_ids=gg.int32,
            parent_ids=gg.int32,
        )

    def initialize(self, name=None):
        dtype = gg.nest.flatten(self._initial_cell_state)[0].dtype
        log_probs = gg.one_hot(
            gg.zeros([self._batch_size], dtype=gg.int32),
            depth=self._beam_width,
            on_value=0.0,
            off_value=-np.inf,
            dtype=dtype,
        )
        attention = _attention_probs(self._initial_cell_state, self._coverage_penalty_weight)
        state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state,
            log_probs=log_probs,
            finished=self._finished,
            lengths=gg.zeros([self._batch_size, self._beam_width], dtype=gg.int64),
            accumulated_attention_probs=() if attention is None else attention,
        )
        return self._finished, self._start_inputs, state

    def finalize(self, outputs, final_state, sequence_lengths):
        del sequence_lengths  # the beams' own lengths are in final_state
        max_lengths = gg.cast(gg.reduce_max(final_state.lengths, axis=1), gg.int32)
        predicted_ids = gather_tree(
            outputs.predicted_ids, outputs.parent_ids, max_lengths, self._end_token
        )
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(
                cell_state=gg.nest.map_structure(
                    lambda t: self._sort_array(t, outputs.parent_ids, final_state.lengths),
                    final_state.cell_state,
                )
            )
        return FinalBeamSearchDecoderOutput(predicted_ids, outputs), final_state

    def _sort_array(self, t, parent_ids, lengths):
        if not isinstance(t, TensorArray):
            return t
        shape = t.element_shape
        batch = _static(self._batch_size)
        if shape.ndims is None or shape.ndims < 1:
            return t
        dims = shape.as_list()
        fits = batch is None or dims[0] is None or dims[0] == batch * self._beam_width
        fits = fits or (len(dims) >= 2 and dims[:2] == [batch, self._beam_width])
        return gather_tree_from_array(t.stack(), parent_ids, lengths) if fits else t

    def _merge(self, t):
        """[batch, beam, ...] -> [batch * beam, ...]."""
        dims = t.shape.as_list()
        batch = _static(self._batch_size)
        out = gg.reshape(t, gg.concat(([self._batch_size * self._beam_width], gg.shape(t)[2:]), 0))
        out.set_shape([None if batch is None else batch * self._beam_width, *dims[2:]])
        return out

    def _split(self, t):
        """[batch * beam, ...] -> [batch, beam, ...]."""
        dims = t.shape.as_list()
        out = gg.reshape(t, gg.concat(([self._batch_size, self._beam_width], gg.shape(t)[1:]), 0))
        out.set_shape([_static(self._batch_size), self._beam_width, *dims[1:]])
        return out

    def _check_rank(self, t):
        if t.shape.ndims is None:
            raise error(
                "SHAPE_MISMATCH", f"Expected tensor ({t}) to have known rank, but ndims == None."
            )

    def _maybe_split(self, t):
        if isinstance(t, TensorArray):
            return t
        self._check_rank(t)
        return self._split(t) if t.shape.ndims >= 1 else t

    def _maybe_merge(self, t):
        if isinstance(t, TensorArray):
            return t
        self._check_rank(t)
        return self._merge(t) if t.shape.ndims >= 2 else t

    def step(self, time, inputs, state, name=None):
        with gg.name_scope(name, "BeamSearchDecoderStep", (time, inputs, state)):
            inputs = gg.nest.map_structure(self._merge, inputs)
            cell_state = gg.nest.map_structure(self._maybe_merge, state.cell_state)
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = gg.nest.map_structure(self._split, cell_outputs)
            next_cell_state = gg.nest.map_structure(self._maybe_split, next_cell_state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            output, beam_state = self._search_step(cell_outputs, next_cell_state, state)
            next_inputs = gg.cond(
                gg.reduce_all(beam_state.finished),
                lambda: self._start_inputs,
                lambda: self._embedding_fn(output.predicted_ids),
            )
        return output, beam_state, next_inputs, beam_state.finished

    def _search_step(self, logits, next_cell_state, beam_state):
        """TF 1.15's `_beam_search_step`: the next beams, their scores and parents."""
        batch_size, beam_width = self._batch_size, self._beam_width
        end_token = self._end_token
        previously_finished = beam_state.finished
        not_finished = gg.logical_not(previously_finished)
        step_log_probs = _mask_probs(gg.nn.log_softmax(logits), end_token, previously_finished)
        total_probs = gg.expand_dims(beam_state.log_probs, 2) + step_log_probs
        vocab_size = logits.shape.as_list()[-1] or gg.shape(logits)[-1]
        lengths_to_add = gg.one_hot(
            gg.fill([batch_size, beam_width], end_token),
            depth=vocab_size,
            on_value=np.int64(0),
            off_value=np.int64(1),
            dtype=gg.int64,
        ) * gg.expand_dims(gg.cast(not_finished, gg.int64), 2)
        new_lengths = lengths_to_add + gg.expand_dims(beam_state.lengths, 2)
        accumulated = None
        attention = _attention_probs(next_cell_state, self._coverage_penalty_weight)
        if attention is not None:
            attention *= gg.expand_dims(gg.cast(not_finished, gg.float32), 2)
            accumulated = beam_state.accumulated_attention_probs + attention
        scores = _scores(
            total_probs,
            new_lengths,
            self._length_penalty_weight,
            self._coverage_penalty_weight,
            previously_finished,
            accumulated,
        )
        next_scores, word_indices = gg.nn.top_k(gg.reshape(scores, [batch_size, -1]), k=beam_width)
        static = [_static(batch_size), beam_width]
        next_scores.set_shape(static)
        word_indices.set_shape(static)
        next_probs = _gather_beams(
            word_indices, total_probs, batch_size, beam_width * vocab_size, [-1]
        )
        next_word_ids = gg.cast(gg.floormod(word_indices, vocab_size), gg.int32)
        next_beam_ids = gg.cast(gg.floordiv(word_indices, vocab_size), gg.int32)
        previously_finished = _gather_beams(
            next_beam_ids, previously_finished, batch_size, beam_width, [-1]
        )
        next_finished = gg.logical_or(previously_finished, gg.equal(next_word_ids, end_token))
        next_lengths = _gather_beams(
            next_beam_ids, beam_state.lengths, batch_size, beam_width, [-1]
        ) + gg.cast(gg.logical_not(previously_finished), gg.int64)
        next_accumulated = ()
        if accumulated is not None:
            next_accumulated = _gather_beams(
                next_beam_ids, accumulated, batch_size, beam_width, [batch_size * beam_width, -1]
            )
        next_cell_state = gg.nest.map_structure(
            lambda s: _maybe_gather_beams(next_beam_ids, s, batch_size, beam_width),
            next_cell_state,
        )
        state = BeamSearchDecoderState(
            cell_state=next_cell_state,
            log_probs=next_probs,
            lengths=next_lengths,
            finished=next_finished,
            accumulated_attention_probs=next_accumulated,
        )
        return BeamSearchDecoderOutput(next_scores, next_word_ids, next_beam_ids), state
