"""`gg.ragged`: TensorFlow's `tf.ragged` namespace (TF1's, `tf.compat.v1.ragged`)."""

from .ragged_ops import (
    boolean_mask,
    constant,
    constant_value,
    cross,
    cross_hashed,
    map_flat_values,
    placeholder,
    range,
    row_splits_to_segment_ids,
    segment_ids_to_row_splits,
    stack,
    stack_dynamic_partitions,
)
from .ragged_tensor import RaggedTensor, RaggedTensorValue

__all__ = [
    "RaggedTensor",
    "RaggedTensorValue",
    "boolean_mask",
    "constant",
    "constant_value",
    "cross",
    "cross_hashed",
    "map_flat_values",
    "placeholder",
    "range",
    "row_splits_to_segment_ids",
    "segment_ids_to_row_splits",
    "stack",
    "stack_dynamic_partitions",
]
