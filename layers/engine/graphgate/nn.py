"""`gg.nn`: the neural-network ops under TensorFlow's `tf.nn` names."""

import types as _types

from . import rnn_cell
from .nn_extras import (
    batch_norm_with_global_normalization,
    collapse_repeated,
    compute_average_loss,
    crelu,
    relu_layer,
    scale_regularization_loss,
    silu,
    swish,
    with_space_to_batch,
)
from .ops.conv3d_ops import (
    avg_pool3d,
    conv3d,
    conv3d_backprop_filter,
    conv3d_backprop_filter_v2,
    conv3d_transpose,
    max_pool3d,
)
from .ops.conv_ops import (
    atrous_conv2d,
    atrous_conv2d_transpose,
    avg_pool,
    avg_pool1d,
    avg_pool2d,
    avg_pool_v2,
    bias_add,
    conv1d,
    conv1d_transpose,
    conv2d,
    conv2d_backprop_filter,
    conv2d_backprop_input,
    conv2d_transpose,
    conv_transpose,
    convolution,
    depthwise_conv2d,
    depthwise_conv2d_native,
    depthwise_conv2d_native_backprop_filter,
    depthwise_conv2d_native_backprop_input,
    dilation2d,
    erosion2d,
    max_pool,
    max_pool1d,
    max_pool2d,
    max_pool_v2,
    max_pool_with_argmax,
    pool,
    separable_conv2d,
)
from .ops.ctc_beam_ops import ctc_beam_search_decoder, ctc_beam_search_decoder_v2
from .ops.ctc_ops import ctc_loss_v2, ctc_unique_labels
from .ops.fractional_pool_ops import fractional_avg_pool, fractional_max_pool
from .ops.index_ops import approx_max_k, approx_min_k, in_top_k, top_k
from .ops.math_ops import sigmoid, tanh
from .ops.nn_ops import (
    batch_normalization,
    elu,
    embedding_lookup,
    fused_batch_norm,
    l2_loss,
    l2_normalize,
    leaky_relu,
    local_response_normalization,
    log_poisson_loss,
    log_softmax,
    lrn,
    moments,
    normalize_moments,
    relu,
    relu6,
    selu,
    sigmoid_cross_entropy_with_logits,
    softmax,
    softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
    softplus,
    softsign,
    sparse_softmax_cross_entropy_with_logits,
    sufficient_statistics,
    weighted_cross_entropy_with_logits,
    weighted_moments,
    xw_plus_b,
    zero_fraction,
)
from .ops.random_ops import dropout, general_dropout, stateless_dropout
from .ops.sampling_ops import (
    all_candidate_sampler,
    compute_accidental_hits,
    fixed_unigram_candidate_sampler,
    learned_unigram_candidate_sampler,
    log_uniform_candidate_sampler,
    nce_loss,
    sampled_softmax_loss,
    uniform_candidate_sampler,
)
from .ops.sparse_ops import (
    ctc_greedy_decoder,
    ctc_loss,
    embedding_lookup_sparse,
    safe_embedding_lookup_sparse,
)
from .rnn import (
    bidirectional_dynamic_rnn,
    dynamic_rnn,
    raw_rnn,
    static_bidirectional_rnn,
    static_rnn,
)

__all__ = [
    "all_candidate_sampler",
    "approx_max_k",
    "approx_min_k",
    "atrous_conv2d",
    "atrous_conv2d_transpose",
    "avg_pool",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "avg_pool_v2",
    "batch_norm_with_global_normalization",
    "batch_normalization",
    "bias_add",
    "bidirectional_dynamic_rnn",
    "collapse_repeated",
    "compute_accidental_hits",
    "compute_average_loss",
    "conv1d",
    "conv1d_transpose",
    "conv2d",
    "conv2d_backprop_filter",
    "conv2d_backprop_input",
    "conv2d_transpose",
    "conv3d",
    "conv3d_transpose",
    "convolution",
    "crelu",
    "ctc_beam_search_decoder",
    "ctc_beam_search_decoder_v2",
    "ctc_greedy_decoder",
    "ctc_loss",
    "ctc_loss_v2",
    "depthwise_conv2d",
    "depthwise_conv2d_native",
    "depthwise_conv2d_native_backprop_filter",
    "depthwise_conv2d_native_backprop_input",
    "dilation2d",
    "dropout",
    "dynamic_rnn",
    "elu",
    "embedding_lookup",
    "embedding_lookup_sparse",
    "erosion2d",
    "fixed_unigram_candidate_sampler",
    "fractional_avg_pool",
    "fractional_max_pool",
    "fused_batch_norm",
    "in_top_k",
    "l2_loss",
    "l2_normalize",
    "leaky_relu",
    "learned_unigram_candidate_sampler",
    "local_response_normalization",
    "log_poisson_loss",
    "log_softmax",
    "log_uniform_candidate_sampler",
    "lrn",
    "max_pool",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "max_pool_v2",
    "max_pool_with_argmax",
    "moments",
    "nce_loss",
    "normalize_moments",
    "pool",
    "raw_rnn",
    "relu",
    "relu6",
    "relu_layer",
    "rnn_cell",
    "safe_embedding_lookup_sparse",
    "sampled_softmax_loss",
    "scale_regularization_loss",
    "selu",
    "separable_conv2d",
    "sigmoid",
    "sigmoid_cross_entropy_with_logits",
    "silu",
    "softmax",
    "softmax_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits_v2",
    "softplus",
    "softsign",
    "sparse_softmax_cross_entropy_with_logits",
    "static_bidirectional_rnn",
    "static_rnn",
    "sufficient_statistics",
    "swish",
    "tanh",
    "top_k",
    "uniform_candidate_sampler",
    "weighted_cross_entropy_with_logits",
    "weighted_moments",
    "xw_plus_b",
    "zero_fraction",
]

# -- h-tfimage: TF1's tf.nn space/depth rearrangements --------------------------------------
from .ops.image_ops import depth_to_space, space_to_batch, space_to_depth

__all__ += ["depth_to_space", "space_to_batch", "space_to_depth"]

# -- h-apigaps: TF1's other spellings of convolution gradients, and conv_transpose ----------
depthwise_conv2d_backprop_input = depthwise_conv2d_native_backprop_input
depthwise_conv2d_backprop_filter = depthwise_conv2d_native_backprop_filter

__all__ += ["conv3d_backprop_filter", "conv3d_backprop_filter_v2", "conv_transpose"]
__all__ += ["depthwise_conv2d_backprop_filter", "depthwise_conv2d_backprop_input"]
__all__ += ["ctc_unique_labels", "with_space_to_batch"]

# -- apigaps5: tf.nn.experimental's dropouts around a sampler --------------------------------
experimental = _types.SimpleNamespace(
    general_dropout=general_dropout, stateless_dropout=stateless_dropout
)
__all__ += ["experimental"]
