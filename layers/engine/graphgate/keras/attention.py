"""Keras' dense attention layers of TF 1.x: `Attention` (Luong's dot product) and
`AdditiveAttention` (Bahdanau's), called on `[query, value]` or `[query, value, key]`
with optional masks `[query_mask, value_mask]` and a causal mask."""

from __future__ import annotations

from typing import Any, ClassVar

import graphgate as _tf

from ..graph import Tensor
from .engine import Layer


def _lower_triangular(shape: Tensor) -> Tensor:
    """True where row >= column over the last two dims (Keras' causal mask)."""
    ones = _tf.ones(shape, _tf.int32)
    return _tf.greater_equal(_tf.cumsum(ones, axis=-2), _tf.cumsum(ones, axis=-1))


def _merge(x: Tensor | None, y: Tensor | None) -> Tensor | None:
    if x is None:
        return y
    if y is None:
        return x
    return _tf.logical_and(x, y)


class _DenseAttention(Layer):
    """Scores [batch, Tq, Tv] from query and key, masked (value mask, causal mask) by
    subtracting 1e9, softmaxed, applied to the value; a query mask zeroes its rows."""

    supports_masking = True
    _config_keys: tuple[str, ...] = ("dropout", "use_scale")
    _config_omitted = frozenset({"causal"})  # written by get_config when set

    def __init__(self, dropout: float = 0.0, **kwargs: Any):
        self.causal = bool(kwargs.pop("causal", False))
        super().__init__(**kwargs)
        self.dropout = dropout

    def get_config(self) -> dict:
        # tf_keras dropped `causal` from the config (TF 1.15 wrote it): kept when set, so
        # a causal layer does not come back without its mask.
        config = super().get_config()
        if self.causal:
            config["causal"] = True
        return config

    def _scores(self, query: Tensor, key: Tensor) -> Tensor:
        raise NotImplementedError

    def call(
        self,
        inputs: Any,
        mask: Any = None,
        training: Any = None,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> Any:
        self._validate(inputs, mask)
        q, v = inputs[0], inputs[1]
        k = inputs[2] if len(inputs) > 2 else v
        q_mask = mask[0] if mask else None
        v_mask = mask[1] if mask else None
        scores = self._scores(q, k)
        if v_mask is not None:
            v_mask = _tf.expand_dims(v_mask, axis=-2)
        causal = None
        if self.causal or use_causal_mask:
            shape = _tf.shape(scores)
            causal = _lower_triangular(_tf.concat([_tf.ones_like(shape[:-2]), shape[-2:]], 0))
        scores_mask = _merge(v_mask, causal)
        if scores_mask is not None:
            scores -= 1.0e9 * _tf.cast(_tf.logical_not(scores_mask), scores.dtype)
        weights = _tf.nn.softmax(scores)
        if self.dropout > 0:
            from . import backend as K

            weights = K.in_train_phase(lambda: K.dropout(weights, self.dropout), weights, training)
        result = _tf.matmul(weights, v)
        if q_mask is not None:
            result *= _tf.cast(_tf.expand_dims(q_mask, axis=-1), result.dtype)
        return (result, weights) if return_attention_scores else result

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        self._validate(inputs, mask)
        if mask and mask[0] is not None:
            return _tf.convert_to_tensor(mask[0])
        return None

    def _validate(self, inputs: Any, mask: Any) -> None:
        name = type(self).__name__
        if not isinstance(inputs, list):
            raise ValueError(
                f"{name} layer must be called on a list of inputs, namely [query, value] or "
                f"[query, value, key]. Received: {inputs}."
            )
        if not 2 <= len(inputs) <= 3:
            raise ValueError(
                f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] "
                f"or [query, value, key]. Received length: {len(inputs)}."
            )
        if mask:
            if not isinstance(mask, list):
                raise ValueError(
                    f"{name} layer mask must be a list, namely [query_mask, value_mask]. "
                    f"Received: {mask}."
                )
            if not 2 <= len(mask) <= len(inputs):
                raise ValueError(
                    f"{name} layer mask must be a list of length 2, namely [query_mask, "
                    f"value_mask]. Received length: {len(mask)}."
                )


class Attention(_DenseAttention):
    """Dot-product attention: scores = query key^T (times a learned scalar `scale`, ones
    at first, with `use_scale`)."""

    _config_keys = ("dropout", "use_scale", "score_mode")
    _config_defaults: ClassVar[dict[str, Any]] = {"score_mode": "dot"}

    def __init__(self, use_scale: bool = False, **kwargs: Any):
        score_mode = kwargs.pop("score_mode", "dot")
        if score_mode != "dot":
            raise ValueError(
                f'Received: score_mode={score_mode}. graphgate has the "dot" score mode only'
            )
        super().__init__(**kwargs)
        self.use_scale = use_scale

    def build(self, input_shape: Any) -> None:
        self.scale = None
        if self.use_scale:
            self.scale = self.add_weight("scale", (), initializer="ones")

    def _scores(self, query: Tensor, key: Tensor) -> Tensor:
        scores = _tf.matmul(query, key, transpose_b=True)
        return scores * self.scale if self.scale is not None else scores


class AdditiveAttention(_DenseAttention):
    """Additive attention: scores = sum(scale * tanh(query + key)) over the features,
    `scale` a learned [dim] vector (glorot uniform) with `use_scale`."""

    def __init__(self, use_scale: bool = True, **kwargs: Any):
        super().__init__(**kwargs)
        self.use_scale = use_scale

    def build(self, input_shape: Any) -> None:
        self.scale = None
        if self.use_scale:
            dim = input_shape[1][-1]
            self.scale = self.add_weight("scale", (dim,), initializer="glorot_uniform")

    def _scores(self, query: Tensor, key: Tensor) -> Tensor:
        pairs = _tf.tanh(_tf.expand_dims(query, -2) + _tf.expand_dims(key, -3))
        scale = self.scale if self.scale is not None else 1.0
        return _tf.reduce_sum(scale * pairs, axis=-1)
