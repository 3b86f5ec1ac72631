"""`gg.nn`: the neural-network ops under TensorFlow's `tf.nn` names."""

from .ops.conv_ops import (
    atrous_conv2d,
    avg_pool,
    bias_add,
    conv2d,
    conv2d_transpose,
    max_pool,
)
from .ops.index_ops import in_top_k, top_k
from .ops.math_ops import sigmoid, tanh
from .ops.nn_ops import (
    batch_normalization,
    embedding_lookup,
    l2_loss,
    l2_normalize,
    leaky_relu,
    log_softmax,
    moments,
    relu,
    sigmoid_cross_entropy_with_logits,
    softmax,
    softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
    sparse_softmax_cross_entropy_with_logits,
)
from .ops.random_ops import dropout

__all__ = [
    "atrous_conv2d",
    "avg_pool",
    "batch_normalization",
    "bias_add",
    "conv2d",
    "conv2d_transpose",
    "dropout",
    "embedding_lookup",
    "in_top_k",
    "l2_loss",
    "l2_normalize",
    "leaky_relu",
    "log_softmax",
    "max_pool",
    "moments",
    "relu",
    "sigmoid",
    "sigmoid_cross_entropy_with_logits",
    "softmax",
    "softmax_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits_v2",
    "sparse_softmax_cross_entropy_with_logits",
    "tanh",
    "top_k",
]
