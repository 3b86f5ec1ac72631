"""`gg.contrib.crf`: TF 1.15's linear-chain conditional random field
(`tensorflow/contrib/crf/python/ops/crf.py`).

TF 2 ships no contrib, so these follow TF 1.15's formulas, composed of the engine's ops
(gather, reduce_logsumexp, `dynamic_rnn` over a cell for the forward algorithm), so the
log-likelihood's gradient is the ops' own. Scores of sequences of length 0 are 0, as
TF 1.15's are; `viterbi_decode` is numpy, as TF's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import graphgate as gg

from .errors import error
from .rnn_cell import RNNCell

__all__ = [
    "CrfDecodeBackwardRnnCell",
    "CrfDecodeForwardRnnCell",
    "CrfForwardRnnCell",
    "crf_binary_score",
    "crf_decode",
    "crf_log_likelihood",
    "crf_log_norm",
    "crf_multitag_sequence_score",
    "crf_sequence_score",
    "crf_unary_score",
    "viterbi_decode",
]


def _num_tags(transition_params: Any) -> int:
    shape = transition_params.shape.as_list() if transition_params.shape.dims else [None]
    if shape[0] is None:
        raise error("SHAPE_MISMATCH", "transition_params needs a static number of tags")
    return shape[0]


def _length_one(inputs: gg.Tensor, one_fn, many_fn):
    """TF's `smart_cond` on the time dimension being 1: static where the shape is known."""
    steps = inputs.shape.as_list()[1] if inputs.shape.dims else None
    if steps is not None:
        return one_fn() if steps == 1 else many_fn()
    return gg.cond(gg.equal(gg.shape(inputs)[1], 1), one_fn, many_fn)


def crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params):
    """The unnormalized score of each tag sequence: unary plus binary scores, [batch]."""
    inputs = gg.convert_to_tensor(inputs)
    tag_indices = gg.convert_to_tensor(tag_indices)
    transition_params = gg.convert_to_tensor(transition_params)

    def single():
        batch = gg.shape(inputs, out_type=tag_indices.dtype)[0]
        rows = gg.reshape(gg.range(batch), [-1, 1])
        # [batch, 1] here; said so, for a time axis known only at run time.
        picked = gg.concat([rows, gg.reshape(tag_indices, [-1, 1])], axis=1)
        scores = gg.gather_nd(gg.squeeze(inputs, [1]), picked)
        return gg.where(gg.less_equal(sequence_lengths, 0), gg.zeros_like(scores), scores)

    def many():
        unary = crf_unary_score(tag_indices, sequence_lengths, inputs)
        return unary + crf_binary_score(tag_indices, sequence_lengths, transition_params)

    return _length_one(inputs, single, many)


def crf_multitag_sequence_score(inputs, tag_bitmap, sequence_lengths, transition_params):
    """The log of the summed scores of every tag sequence allowed by `tag_bitmap`
    ([batch, time, tags] bools): the forward algorithm over the allowed tags only."""
    inputs = gg.convert_to_tensor(inputs)
    filtered = gg.where(tag_bitmap, inputs, gg.fill(gg.shape(inputs), float("-inf")))
    return crf_log_norm(filtered, sequence_lengths, transition_params)


def crf_log_norm(inputs, sequence_lengths, transition_params):
    """The log partition function of each sequence, [batch] (the forward algorithm)."""
    inputs = gg.convert_to_tensor(inputs)
    sequence_lengths = gg.convert_to_tensor(sequence_lengths)
    first = gg.squeeze(gg.slice(inputs, [0, 0, 0], [-1, 1, -1]), [1])

    def single():
        norm = gg.reduce_logsumexp(first, [1])
        return gg.where(gg.less_equal(sequence_lengths, 0), gg.zeros_like(norm), norm)

    def many():
        rest = gg.slice(inputs, [0, 1, 0], [-1, -1, -1])
        cell = CrfForwardRnnCell(transition_params)
        lengths = gg.maximum(gg.constant(0, sequence_lengths.dtype), sequence_lengths - 1)
        _, alphas = gg.nn.dynamic_rnn(
            cell, rest, sequence_length=lengths, initial_state=first, dtype=gg.float32
        )
        norm = gg.reduce_logsumexp(alphas, [1])
        return gg.where(gg.less_equal(sequence_lengths, 0), gg.zeros_like(norm), norm)

    return _length_one(inputs, single, many)


def crf_log_likelihood(inputs, tag_indices, sequence_lengths, transition_params=None):
    """(log_likelihood [batch], transition_params): the tags' log probability under the CRF.

    Without `transition_params`, a variable `transitions` [num_tags, num_tags] is made in
    the current variable scope (TF's `get_variable` with the default initializer)."""
    inputs = gg.convert_to_tensor(inputs)
    num_tags = inputs.shape.as_list()[2] if inputs.shape.dims else None
    if transition_params is None:
        if num_tags is None:
            raise error("SHAPE_MISMATCH", "inputs need a static number of tags (their last axis)")
        transition_params = gg.get_variable("transitions", [num_tags, num_tags])
    scores = crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params)
    norm = crf_log_norm(inputs, sequence_lengths, transition_params)
    return scores - norm, transition_params


def crf_unary_score(tag_indices, sequence_lengths, inputs):
    """The sum of each sequence's per-step scores of its tags, [batch]."""
    inputs = gg.convert_to_tensor(inputs)
    tag_indices = gg.convert_to_tensor(tag_indices)
    shape = gg.shape(inputs)
    batch, steps, tags = shape[0], shape[1], shape[2]
    flat_inputs = gg.reshape(inputs, [-1])
    offsets = gg.expand_dims(gg.range(batch) * steps * tags, 1)
    offsets += gg.expand_dims(gg.range(steps) * tags, 0)
    if tag_indices.dtype == gg.int64:
        offsets = gg.cast(offsets, gg.int64)
    flat_tags = gg.reshape(offsets + tag_indices, [-1])
    unary = gg.reshape(gg.gather(flat_inputs, flat_tags), [batch, steps])
    masks = gg.sequence_mask(sequence_lengths, maxlen=gg.shape(tag_indices)[1], dtype=gg.float32)
    return gg.reduce_sum(unary * masks, 1)


def crf_binary_score(tag_indices, sequence_lengths, transition_params):
    """The sum of each sequence's transition scores between consecutive tags, [batch]."""
    tag_indices = gg.convert_to_tensor(tag_indices)
    transition_params = gg.convert_to_tensor(transition_params)
    num_tags = _num_tags(transition_params)
    transitions = gg.shape(tag_indices)[1] - 1
    start = gg.slice(tag_indices, [0, 0], [-1, transitions])
    end = gg.slice(tag_indices, [0, 1], [-1, transitions])
    flat = gg.gather(gg.reshape(transition_params, [-1]), start * num_tags + end)
    masks = gg.sequence_mask(sequence_lengths, maxlen=gg.shape(tag_indices)[1], dtype=gg.float32)
    return gg.reduce_sum(flat * gg.slice(masks, [0, 1], [-1, -1]), 1)


class _TransitionCell(RNNCell):
    """A cell of one score per tag, stepping through the transition matrix."""

    def __init__(self, transition_params):
        super().__init__()
        transition_params = gg.convert_to_tensor(transition_params)
        self._transition_params = gg.expand_dims(transition_params, 0)
        self._num_tags = _num_tags(transition_params)

    @property
    def state_size(self) -> int:
        return self._num_tags

    @property
    def output_size(self) -> int:
        return self._num_tags


class CrfForwardRnnCell(_TransitionCell):
    """One step of the forward algorithm: alphas' = inputs + logsumexp(alphas + T)."""

    def __call__(self, inputs, state, scope=None):
        scores = gg.expand_dims(state, 2) + self._transition_params
        new_alphas = inputs + gg.reduce_logsumexp(scores, [1])
        return new_alphas, new_alphas


class CrfDecodeForwardRnnCell(_TransitionCell):
    """One Viterbi step: the best previous tag of each tag (the output) and the new scores."""

    def __call__(self, inputs, state, scope=None):
        scores = gg.expand_dims(state, 2) + self._transition_params
        new_state = inputs + gg.reduce_max(scores, [1])
        backpointers = gg.cast(gg.argmax(scores, 1), gg.int32)
        return backpointers, new_state


class CrfDecodeBackwardRnnCell(RNNCell):
    """One step back through the backpointers: the tag before the current one."""

    def __init__(self, num_tags: int):
        super().__init__()
        self._num_tags = num_tags

    @property
    def state_size(self) -> int:
        return 1

    @property
    def output_size(self) -> int:
        return 1

    def __call__(self, inputs, state, scope=None):
        state = gg.squeeze(state, [1])
        rows = gg.range(gg.shape(inputs)[0])
        new_tags = gg.expand_dims(gg.gather_nd(inputs, gg.stack([rows, state], axis=1)), -1)
        return new_tags, new_tags


def crf_decode(potentials, transition_params, sequence_length):
    """(decode_tags [batch, time] int32, best_score [batch]): the Viterbi path in the graph."""
    potentials = gg.convert_to_tensor(potentials)
    transition_params = gg.convert_to_tensor(transition_params)
    sequence_length = gg.convert_to_tensor(sequence_length)

    def single():
        squeezed = gg.squeeze(potentials, [1])
        tags = gg.reshape(gg.cast(gg.argmax(squeezed, axis=1), gg.int32), [-1, 1])
        return tags, gg.reduce_max(squeezed, axis=1)

    def many():
        num_tags = _num_tags(transition_params)
        first = gg.squeeze(gg.slice(potentials, [0, 0, 0], [-1, 1, -1]), [1])
        rest = gg.slice(potentials, [0, 1, 0], [-1, -1, -1])
        lengths = gg.maximum(gg.constant(0, sequence_length.dtype), sequence_length - 1)
        backpointers, last_score = gg.nn.dynamic_rnn(
            CrfDecodeForwardRnnCell(transition_params),
            rest,
            sequence_length=lengths,
            initial_state=first,
            dtype=gg.int32,
        )
        backpointers = gg.reverse_sequence(backpointers, lengths, seq_axis=1)
        last = gg.cast(gg.expand_dims(gg.argmax(last_score, axis=1), -1), gg.int32)
        tags, _ = gg.nn.dynamic_rnn(
            CrfDecodeBackwardRnnCell(num_tags),
            backpointers,
            sequence_length=lengths,
            initial_state=last,
            dtype=gg.int32,
        )
        tags = gg.concat([last, gg.squeeze(tags, axis=[2])], axis=1)
        tags = gg.reverse_sequence(tags, sequence_length, seq_axis=1)
        return tags, gg.reduce_max(last_score, axis=1)

    return _length_one(potentials, single, many)


def viterbi_decode(score, transition_params):
    """(viterbi [time] list of ints, viterbi_score float) for one sequence, in numpy."""
    score = np.asarray(score)
    transition_params = np.asarray(transition_params)
    trellis = np.zeros_like(score)
    backpointers = np.zeros_like(score, dtype=np.int32)
    trellis[0] = score[0]
    for t in range(1, score.shape[0]):
        v = np.expand_dims(trellis[t - 1], 1) + transition_params
        trellis[t] = score[t] + np.max(v, 0)
        backpointers[t] = np.argmax(v, 0)
    viterbi = [np.argmax(trellis[-1])]
    for bp in reversed(backpointers[1:]):
        viterbi.append(bp[viterbi[-1]])
    viterbi.reverse()
    return viterbi, np.max(trellis[-1])
