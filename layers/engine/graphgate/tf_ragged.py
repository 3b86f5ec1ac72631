"""`gg.ragged`: TensorFlow's `tf.ragged` namespace (TF1's, `tf.compat.v1.ragged`)."""

from .ragged_ops import (
    constant,
    map_flat_values,
    placeholder,
    range,
    row_splits_to_segment_ids,
    segment_ids_to_row_splits,
)
from .ragged_tensor import RaggedTensor, RaggedTensorValue

__all__ = [
    "RaggedTensor",
    "RaggedTensorValue",
    "constant",
    "map_flat_values",
    "placeholder",
    "range",
    "row_splits_to_segment_ids",
    "segment_ids_to_row_splits",
]
