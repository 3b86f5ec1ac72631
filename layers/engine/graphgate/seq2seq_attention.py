"""TF 1.15's `tf.contrib.seq2seq` attention (`seq2seq/python/ops/attention_wrapper.py`):
`BahdanauAttention` (additive, optionally weight-normalized), `LuongAttention`
(multiplicative, optionally scaled), `AttentionWrapper` and its `AttentionWrapperState`,
the monotonic mechanisms (`BahdanauMonotonicAttention`, `LuongMonotonicAttention`,
`monotonic_attention`), `hardmax` and `safe_cumprod`.

As in TF 1.15, a mechanism keeps the memory (zeroed past `memory_sequence_length`) as its
values and the memory through `memory_layer` as its keys; scores past a memory's length
become `score_mask_value` (-inf) before the softmax. The wrapper feeds its cell the input
concatenated with the previous attention, scores the cell's output against the keys, and
returns the attention (through `attention_layer` when `attention_layer_size` is given).
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

import numpy as np

import graphgate as gg

from .errors import error
from .ops.control_flow_ops import flatten
from .ops.tensor_array_ops import TensorArray
from .rnn_cell import RNNCell, batch_zeros

__all__ = [
    "AttentionMechanism",
    "AttentionWrapper",
    "AttentionWrapperState",
    "BahdanauAttention",
    "BahdanauMonotonicAttention",
    "LuongAttention",
    "LuongMonotonicAttention",
    "hardmax",
    "monotonic_attention",
    "safe_cumprod",
]


def hardmax(logits, name=None):
    """One-hot of each row's argmax, in the logits' dtype."""
    with gg.name_scope(name, "Hardmax", [logits]):
        logits = gg.convert_to_tensor(logits, name="logits")
        depth = logits.shape.as_list()[-1] if logits.shape.ndims else None
        depth = depth if depth is not None else gg.shape(logits)[-1]
        return gg.one_hot(
            gg.argmax(logits, -1), depth, on_value=1.0, off_value=0.0, dtype=logits.dtype
        )


def safe_cumprod(x, *args, **kwargs):
    """cumprod computed as exp(cumsum(log(x))) with x clipped to [tiny, 1]."""
    x = gg.convert_to_tensor(x, name="x")
    tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
    return gg.exp(gg.cumsum(gg.log(gg.clip_by_value(x, tiny, 1)), *args, **kwargs))


def _prepare_memory(memory, memory_sequence_length):
    memory = gg.nest.map_structure(lambda m: gg.convert_to_tensor(m, name="memory"), memory)
    for m in flatten(memory):
        if m.shape.ndims is None or None in m.shape.as_list()[2:]:
            raise error(
                "SHAPE_MISMATCH",
                f"Expected memory {m.name} to have fully defined inner dims, "
                f"but saw shape: {m.shape}",
            )
    if memory_sequence_length is None:
        return memory
    lengths = gg.convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
    first = flatten(memory)[0]
    mask = gg.sequence_mask(lengths, maxlen=gg.shape(first)[1], dtype=first.dtype)

    def masked(m):
        extra = [1] * (m.shape.ndims - 2)
        return m * (gg.reshape(mask, gg.concat([gg.shape(mask), extra], 0)) if extra else mask)

    return gg.nest.map_structure(masked, memory)


def _mask_score(score, memory_sequence_length, score_mask_value):
    if memory_sequence_length is None:
        return score
    mask = gg.sequence_mask(memory_sequence_length, maxlen=gg.shape(score)[1])
    return gg.where(mask, score, score_mask_value * gg.ones_like(score))


def _dim(t: gg.Tensor, axis: int):
    value = t.shape.as_list()[axis]
    return value if value is not None else gg.shape(t)[axis]


class AttentionMechanism:
    """The base of attention mechanisms, for `isinstance` checks (TF 1.15's)."""


class _BaseAttentionMechanism(AttentionMechanism):
    def __init__(
        self,
        query_layer,
        memory,
        probability_fn,
        memory_sequence_length=None,
        memory_layer=None,
        score_mask_value=None,
        custom_key_value_fn=None,
        name=None,
        dtype=None,
    ):
        self._query_layer = query_layer
        self._memory_layer = memory_layer
        self.dtype = gg.as_dtype(dtype or gg.float32)
        if not callable(probability_fn):
            raise error(
                "INVALID_ATTR", f"probability_fn must be callable, saw type: {probability_fn}"
            )
        if score_mask_value is None:
            score_mask_value = self.dtype.as_numpy_dtype(-np.inf)
        lengths = memory_sequence_length

        def probability(score, prev):
            return probability_fn(_mask_score(score, lengths, score_mask_value), prev)

        self._probability_fn = probability
        with gg.name_scope(name, "BaseAttentionMechanismInit", flatten(memory)):
            self._values = _prepare_memory(memory, memory_sequence_length)
            self._keys = self._memory_layer(self._values) if self._memory_layer else self._values
            if custom_key_value_fn is not None:
                self._keys, self._values = custom_key_value_fn(self._keys, self._values)
            self._batch_size = _dim(self._keys, 0)
            self._alignments_size = _dim(self._keys, 1)

    @property
    def memory_layer(self):
        return self._memory_layer

    @property
    def query_layer(self):
        return self._query_layer

    @property
    def values(self):
        return self._values

    @property
    def keys(self):
        return self._keys

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def alignments_size(self):
        return self._alignments_size

    @property
    def state_size(self):
        return self._alignments_size

    def initial_alignments(self, batch_size, dtype):
        """Zeros [batch_size, max_time]."""
        return batch_zeros(batch_size, (self._alignments_size,), dtype)

    def initial_state(self, batch_size, dtype):
        return self.initial_alignments(batch_size, dtype)


def _probability(probability_fn):
    fn = gg.nn.softmax if probability_fn is None else probability_fn
    return lambda score, _: fn(score)


class LuongAttention(_BaseAttentionMechanism):
    """Multiplicative attention: score = query · keys (times a learned `attention_g`
    with `scale`); the query's depth must equal `num_units`."""

    def __init__(
        self,
        num_units,
        memory,
        memory_sequence_length=None,
        scale=False,
        probability_fn=None,
        score_mask_value=None,
        dtype=None,
        custom_key_value_fn=None,
        name="LuongAttention",
    ):
        dtype = dtype or gg.float32
        super().__init__(
            query_layer=None,
            memory_layer=gg.layers.Dense(num_units, name="memory_layer", use_bias=False),
            memory=memory,
            probability_fn=_probability(probability_fn),
            memory_sequence_length=memory_sequence_length,
            score_mask_value=score_mask_value,
            custom_key_value_fn=custom_key_value_fn,
            name=name,
            dtype=dtype,
        )
        self._num_units = num_units
        self._scale = scale
        self._name = name

    def __call__(self, query, state):
        with gg.variable_scope(None, default_name="luong_attention"):
            score = _luong_score(query, self._keys, self._scale)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def _luong_score(query, keys, scale: bool):
    """TF's `_luong_score`, its `attention_g` made (before the score's ops) when scaled."""
    g = None
    if scale:
        g = gg.get_variable(
            "attention_g", dtype=query.dtype, initializer=gg.ones_initializer, shape=()
        )
    depth, key_units = query.shape.as_list()[-1], keys.shape.as_list()[-1]
    if depth is None or depth != key_units:
        raise error(
            "SHAPE_MISMATCH",
            f"Incompatible or unknown inner dimensions between query and keys.  Query "
            f"({query.name}) has units: {depth}.  Keys ({keys.name}) have units: {key_units}.  "
            f"Perhaps you need to set num_units to the keys' dimension ({key_units})?",
        )
    score = gg.squeeze(gg.matmul(gg.expand_dims(query, 1), keys, transpose_b=True), [1])
    return score if g is None else g * score


class BahdanauAttention(_BaseAttentionMechanism):
    """Additive attention: score = v · tanh(keys + query_layer(query)); with `normalize`,
    v is weight-normalized (`attention_g` · v / |v|) and a bias `attention_b` added."""

    def __init__(
        self,
        num_units,
        memory,
        memory_sequence_length=None,
        normalize=False,
        probability_fn=None,
        score_mask_value=None,
        dtype=None,
        custom_key_value_fn=None,
        name="BahdanauAttention",
    ):
        dtype = dtype or gg.float32
        super().__init__(
            query_layer=gg.layers.Dense(num_units, name="query_layer", use_bias=False),
            memory_layer=gg.layers.Dense(num_units, name="memory_layer", use_bias=False),
            memory=memory,
            probability_fn=_probability(probability_fn),
            memory_sequence_length=memory_sequence_length,
            score_mask_value=score_mask_value,
            custom_key_value_fn=custom_key_value_fn,
            name=name,
            dtype=dtype,
        )
        self._num_units = num_units
        self._normalize = normalize
        self._name = name

    def __call__(self, query, state):
        with gg.variable_scope(None, default_name="bahdanau_attention"):
            processed = self.query_layer(query) if self.query_layer else query
            score = _bahdanau_score(processed, self._keys, self._normalize)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def _bahdanau_score(processed_query, keys, normalize):
    dtype = processed_query.dtype
    num_units = keys.shape.as_list()[2]
    processed_query = gg.expand_dims(processed_query, 1)
    v = gg.get_variable("attention_v", [num_units], dtype=dtype)
    if not normalize:
        return gg.reduce_sum(v * gg.tanh(keys + processed_query), [2])
    g = gg.get_variable(
        "attention_g",
        dtype=dtype,
        initializer=gg.constant_initializer(np.sqrt(1.0 / num_units)),
        shape=(),
    )
    b = gg.get_variable("attention_b", [num_units], dtype=dtype, initializer=gg.zeros_initializer())
    normed_v = g * v * gg.rsqrt(gg.reduce_sum(gg.square(v)))
    return gg.reduce_sum(normed_v * gg.tanh(keys + processed_query + b), [2])


# -- monotonic attention ------------------------------------------------------------------------


def monotonic_attention(p_choose_i, previous_attention, mode):
    """The expected monotonic alignment [batch, time] from the probabilities of choosing
    each memory entry and the previous alignment (Raffel et al.), by `mode`: "recursive"
    (a scan over time), "parallel" (cumulative products) or "hard" (0/1 choices)."""
    p_choose_i = gg.convert_to_tensor(p_choose_i, name="p_choose_i")
    previous = gg.convert_to_tensor(previous_attention, name="previous_attention")
    if mode == "recursive":
        return p_choose_i * _recursive_q(p_choose_i, previous)
    if mode == "parallel":
        cumprod = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
        return p_choose_i * cumprod * gg.cumsum(previous / cumprod, axis=1)
    if mode == "hard":
        p_choose_i *= gg.cumsum(previous, axis=1)
        return p_choose_i * gg.cumprod(1 - p_choose_i, axis=1, exclusive=True)
    raise error("INVALID_ATTR", "mode must be 'recursive', 'parallel', or 'hard'.")


def _recursive_q(p_choose_i, previous):
    """q[:, i] = (1 - p_choose_i[:, i - 1]) * q[:, i - 1] + previous[:, i] (TF 1.15's
    scan), as a loop over memory positions, so that the batch may be known only at run
    time."""
    batch, steps = _dim(p_choose_i, 0), gg.shape(p_choose_i)[1]
    shifted = gg.transpose(
        gg.concat([gg.ones(gg.stack([batch, 1]), p_choose_i.dtype), 1 - p_choose_i[:, :-1]], 1)
    )
    previous = gg.transpose(previous)
    out = TensorArray(p_choose_i.dtype, size=steps, element_shape=p_choose_i.shape.as_list()[:1])

    def body(i, q, out):
        q = shifted[i] * q + previous[i]
        return i + 1, q, out.write(i, q)

    start = gg.zeros(gg.stack([batch]), p_choose_i.dtype)
    _, _, out = gg.while_loop(lambda i, q, out: i < steps, body, [0, start, out])
    return gg.transpose(out.stack())


def _monotonic_probability(sigmoid_noise, mode, seed):
    if mode not in ("recursive", "parallel", "hard"):
        raise error("INVALID_ATTR", "mode must be 'recursive', 'parallel', or 'hard'.")

    def probability(score, previous_alignments):
        if sigmoid_noise > 0:
            noise = gg.random_normal(gg.shape(score), dtype=score.dtype, seed=seed)
            score += sigmoid_noise * noise
        p_choose_i = gg.cast(score > 0, score.dtype) if mode == "hard" else gg.sigmoid(score)
        return monotonic_attention(p_choose_i, previous_alignments, mode)

    return probability


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):
    def initial_alignments(self, batch_size, dtype):
        """All the attention on the first memory entry."""
        zeros = gg.zeros(
            gg.stack([batch_size]) if isinstance(batch_size, gg.Tensor) else [batch_size], gg.int32
        )
        return gg.one_hot(zeros, self._alignments_size, dtype=dtype)


def _score_bias(dtype, init):
    return gg.get_variable(
        "attention_score_bias", shape=(), dtype=dtype, initializer=gg.constant_initializer(init)
    )


class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Bahdanau scores (plus a learned `attention_score_bias`) through a monotonic
    alignment."""

    def __init__(
        self,
        num_units,
        memory,
        memory_sequence_length=None,
        normalize=False,
        score_mask_value=None,
        sigmoid_noise=0.0,
        sigmoid_noise_seed=None,
        score_bias_init=0.0,
        mode="parallel",
        dtype=None,
        name="BahdanauMonotonicAttention",
    ):
        super().__init__(
            query_layer=gg.layers.Dense(num_units, name="query_layer", use_bias=False),
            memory_layer=gg.layers.Dense(num_units, name="memory_layer", use_bias=False),
            memory=memory,
            probability_fn=_monotonic_probability(sigmoid_noise, mode, sigmoid_noise_seed),
            memory_sequence_length=memory_sequence_length,
            score_mask_value=score_mask_value,
            name=name,
            dtype=dtype,
        )
        self._num_units = num_units
        self._normalize = normalize
        self._score_bias_init = score_bias_init

    def __call__(self, query, state):
        with gg.variable_scope(None, default_name="bahdanau_monotonic_attention"):
            processed = self.query_layer(query)
            score = _bahdanau_score(processed, self._keys, self._normalize)
            score += _score_bias(processed.dtype, self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Luong scores (plus a learned `attention_score_bias`) through a monotonic alignment."""

    def __init__(
        self,
        num_units,
        memory,
        memory_sequence_length=None,
        scale=False,
        score_mask_value=None,
        sigmoid_noise=0.0,
        sigmoid_noise_seed=None,
        score_bias_init=0.0,
        mode="parallel",
        dtype=None,
        name="LuongMonotonicAttention",
    ):
        super().__init__(
            query_layer=None,
            memory_layer=gg.layers.Dense(num_units, name="memory_layer", use_bias=False),
            memory=memory,
            probability_fn=_monotonic_probability(sigmoid_noise, mode, sigmoid_noise_seed),
            memory_sequence_length=memory_sequence_length,
            score_mask_value=score_mask_value,
            name=name,
            dtype=dtype,
        )
        self._num_units = num_units
        self._scale = scale
        self._score_bias_init = score_bias_init

    def __call__(self, query, state):
        with gg.variable_scope(None, default_name="luong_monotonic_attention"):
            score = _luong_score(query, self._keys, self._scale)
            score += _score_bias(query.dtype, self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class AttentionWrapperState(
    namedtuple(
        "AttentionWrapperState",
        ("cell_state", "attention", "time", "alignments", "alignment_history", "attention_state"),
    )
):
    """The wrapper's state: the cell's, the last attention, the step, the last
    alignments, their history (a TensorArray, or () without `alignment_history`) and the
    mechanisms' states."""

    __slots__ = ()

    def clone(self, **kwargs):
        """A copy with the fields in `kwargs` replaced (their static shapes kept)."""

        def same_shape(old, new):
            tensors = isinstance(old, gg.Tensor) and isinstance(new, gg.Tensor)
            if tensors and old.shape.ndims is not None and new.shape.ndims is not None:
                new.set_shape(old.shape)
            return new

        return gg.nest.map_structure(same_shape, self, self._replace(**kwargs))


def _compute_attention(mechanism, cell_output, attention_state, attention_layer):
    alignments, next_attention_state = mechanism(cell_output, state=attention_state)
    context = gg.squeeze(gg.matmul(gg.expand_dims(alignments, 1), mechanism.values), [1])
    if attention_layer is not None:
        attention = attention_layer(gg.concat([cell_output, context], 1))
    else:
        attention = context
    return attention, alignments, next_attention_state


class AttentionWrapper(RNNCell):
    """A cell with attention over one or more mechanisms' memories (TF 1.15's)."""

    def __init__(
        self,
        cell,
        attention_mechanism,
        attention_layer_size=None,
        alignment_history=False,
        cell_input_fn=None,
        output_attention=True,
        initial_cell_state=None,
        name=None,
        attention_layer=None,
        attention_fn=None,
    ):
        super().__init__(name=name)
        if not (hasattr(cell, "output_size") and callable(cell)):
            raise error("INVALID_ATTR", f"cell must be an RNNCell, received: {type(cell)}")
        self._is_multi = isinstance(attention_mechanism, list | tuple)
        mechanisms = tuple(attention_mechanism) if self._is_multi else (attention_mechanism,)
        for m in mechanisms:
            if not isinstance(m, AttentionMechanism):
                raise error(
                    "INVALID_ATTR",
                    f"attention_mechanism must be an AttentionMechanism, saw type: {type(m)}",
                )
        if attention_layer_size is not None and attention_layer is not None:
            raise error(
                "INVALID_ATTR", "Only one of attention_layer_size and attention_layer should be set"
            )
        self._attention_layers, self._attention_layer_size = _attention_layers(
            mechanisms, attention_layer_size, attention_layer
        )
        self._cell = cell
        self._attention_mechanisms = mechanisms
        self._cell_input_fn = cell_input_fn or (
            lambda inputs, attention: gg.concat([inputs, attention], -1)
        )
        self._output_attention = output_attention
        self._alignment_history = alignment_history
        self._attention_fn = attention_fn or _compute_attention
        self._initial_cell_state = None
        if initial_cell_state is not None:
            with gg.name_scope(name, "AttentionWrapperInit"):
                self._initial_cell_state = gg.nest.map_structure(
                    lambda s: gg.identity(s, name="check_initial_cell_state"), initial_cell_state
                )

    def _item_or_tuple(self, seq):
        seq = tuple(seq)
        return seq if self._is_multi else seq[0]

    @property
    def output_size(self):
        return self._attention_layer_size if self._output_attention else self._cell.output_size

    @property
    def state_size(self):
        return AttentionWrapperState(
            cell_state=self._cell.state_size,
            time=gg.TensorShape([]),
            attention=self._attention_layer_size,
            alignments=self._item_or_tuple(a.alignments_size for a in self._attention_mechanisms),
            attention_state=self._item_or_tuple(a.state_size for a in self._attention_mechanisms),
            alignment_history=self._item_or_tuple(
                a.alignments_size if self._alignment_history else ()
                for a in self._attention_mechanisms
            ),
        )

    def zero_state(self, batch_size, dtype):
        """The initial state: the cell's (or `initial_cell_state`), zero attention and
        alignments, time 0, and empty alignment histories."""
        with gg.name_scope(None, type(self).__name__ + "ZeroState"):
            cell_state = self._initial_cell_state
            if cell_state is None:
                cell_state = self._cell.zero_state(batch_size, dtype)
            cell_state = gg.nest.map_structure(
                lambda s: gg.identity(s, name="checked_cell_state"), cell_state
            )
            alignments = [
                m.initial_alignments(batch_size, dtype) for m in self._attention_mechanisms
            ]
            return AttentionWrapperState(
                cell_state=cell_state,
                time=gg.zeros([], dtype=gg.int32),
                attention=batch_zeros(batch_size, (self._attention_layer_size,), dtype),
                alignments=self._item_or_tuple(alignments),
                attention_state=self._item_or_tuple(
                    m.initial_state(batch_size, dtype) for m in self._attention_mechanisms
                ),
                alignment_history=self._item_or_tuple(
                    TensorArray(dtype, size=0, dynamic_size=True, element_shape=a.shape.as_list())
                    if self._alignment_history
                    else ()
                    for a in alignments
                ),
            )

    def __call__(self, inputs, state, scope=None):
        # The wrapper's sub-layers (the cell, the query and attention layers) make their
        # variables when first called, under the wrapper's variable scope, as TF's do.
        if self._scope is None:
            with gg.variable_scope(scope, default_name=self._base_name) as vs:
                self._scope = vs
        with (
            gg.variable_scope(self._scope, auxiliary_name_scope=False),
            gg.name_scope(self._scope.name.rsplit("/", 1)[-1]),
        ):
            return self.call(inputs, state)

    def call(self, inputs, state):
        if not isinstance(state, AttentionWrapperState):
            raise error(
                "INVALID_ATTR",
                f"Expected state to be instance of AttentionWrapperState. Received type "
                f"{type(state)} instead.",
            )
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)
        if self._is_multi:
            attention_states, histories = state.attention_state, state.alignment_history
        else:
            attention_states, histories = [state.attention_state], [state.alignment_history]
        attentions, alignments, next_states, next_histories = [], [], [], []
        for i, mechanism in enumerate(self._attention_mechanisms):
            layer = self._attention_layers[i] if self._attention_layers else None
            attention, alignment, next_attention_state = self._attention_fn(
                mechanism, cell_output, attention_states[i], layer
            )
            history = histories[i].write(state.time, alignment) if self._alignment_history else ()
            attentions.append(attention)
            alignments.append(alignment)
            next_states.append(next_attention_state)
            next_histories.append(history)
        attention = gg.concat(attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1,
            cell_state=next_cell_state,
            attention=attention,
            attention_state=self._item_or_tuple(next_states),
            alignments=self._item_or_tuple(alignments),
            alignment_history=self._item_or_tuple(next_histories),
        )
        return (attention if self._output_attention else cell_output), next_state


def _attention_layers(mechanisms, attention_layer_size, attention_layer) -> tuple[Any, Any]:
    """The wrapper's attention layers and the attention's size (TF 1.15's rules)."""
    if attention_layer_size is not None:
        sizes = tuple(
            attention_layer_size
            if isinstance(attention_layer_size, list | tuple)
            else (attention_layer_size,)
        )
        if len(sizes) != len(mechanisms):
            raise error(
                "INVALID_ATTR",
                f"If provided, attention_layer_size must contain exactly one integer per "
                f"attention_mechanism, saw: {len(sizes)} vs {len(mechanisms)}",
            )
        layers = tuple(
            gg.layers.Dense(size, name="attention_layer", use_bias=False)
            for size, m in zip(sizes, mechanisms, strict=True)
        )
        return layers, sum(sizes)
    if attention_layer is not None:
        layers = tuple(
            attention_layer if isinstance(attention_layer, list | tuple) else (attention_layer,)
        )
        if len(layers) != len(mechanisms):
            raise error(
                "INVALID_ATTR",
                f"If provided, attention_layer must contain exactly one layer per "
                f"attention_mechanism, saw: {len(layers)} vs {len(mechanisms)}",
            )
        total = 0
        for layer, m in zip(layers, mechanisms, strict=True):
            # The layer sees [cell_output, context]; only its last dimension matters here.
            shape = layer.compute_output_shape(gg.TensorShape([None, m.values.shape[-1]]))
            total += shape.as_list()[-1]
        return layers, total
    return None, sum(m.values.shape.as_list()[-1] for m in mechanisms)
