"""`gg.nn`: the neural-network ops under TensorFlow's `tf.nn` names."""

from .ops.math_ops import sigmoid, tanh
from .ops.nn_ops import (
    leaky_relu,
    log_softmax,
    relu,
    sigmoid_cross_entropy_with_logits,
    softmax,
    softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
    sparse_softmax_cross_entropy_with_logits,
)
from .ops.random_ops import dropout

__all__ = [
    "dropout",
    "leaky_relu",
    "log_softmax",
    "relu",
    "sigmoid",
    "sigmoid_cross_entropy_with_logits",
    "softmax",
    "softmax_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits_v2",
    "sparse_softmax_cross_entropy_with_logits",
    "tanh",
]
