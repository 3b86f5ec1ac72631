"""A layer's weights as TF1's Keras lists them: the one owner of the `trainable_weights`,
`non_trainable_weights` and `weights` views and of `get_weights`/`set_weights`, shared by
Keras layers and by `tf.layers.Layer` (which in TF1 is a Keras layer)."""

from __future__ import annotations

from typing import Any

import numpy as np


class WeightLists:
    """Mixed into a layer that keeps `_trainable_weights`, `_non_trainable_weights`,
    `trainable` and `name`."""

    _trainable_weights: list
    _non_trainable_weights: list
    trainable: bool
    name: str

    @property
    def trainable_weights(self) -> list:
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        if self.trainable:
            return list(self._non_trainable_weights)
        return self._trainable_weights + self._non_trainable_weights

    @property
    def weights(self) -> list:
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    def get_weights(self) -> list[np.ndarray]:
        from .keras import backend as K  # Keras loads on first use, not with graphgate

        return K.batch_get_value(self.weights)

    def set_weights(self, weights: list) -> None:
        """Set the weights from numpy arrays, in the order of `weights`."""
        from .keras import backend as K

        params = self.weights
        if len(params) != len(weights):
            raise ValueError(
                f'You called `set_weights(weights)` on layer "{self.name}" with a weight list '
                f"of length {len(weights)}, but the layer was expecting {len(params)} weights. "
                f"Provided weights: {str(weights)[:50]}..."
            )
        pairs: list[tuple[Any, np.ndarray]] = []
        for p, w in zip(params, weights, strict=True):
            w = np.asarray(w)
            if tuple(p.static_shape) != w.shape:
                raise ValueError(
                    f"Layer weight shape {tuple(p.static_shape)} not compatible with provided "
                    f"weight shape {w.shape}"
                )
            pairs.append((p, w))
        K.batch_set_value(pairs)
