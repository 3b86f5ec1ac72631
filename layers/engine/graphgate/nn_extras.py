"""TF1's `tf.nn` functions built from other ops: `crelu`, `swish`/`silu`, `relu_layer`,
`compute_average_loss`, `scale_regularization_loss`, `collapse_repeated` (named as TF's)."""

from __future__ import annotations

from typing import Any

from .graph import Tensor, as_tensors, convert_to_tensor
from .ops.array_ops import concat, constant, ones_like, reshape, shape, stack, where
from .ops.math_ops import add_n, cast, div_no_nan, logical_and, matmul, not_equal, sigmoid
from .ops.nn_ops import relu
from .ops.reduce_ops import reduce_max, reduce_sum


def crelu(features: Any, name: str | None = None, axis: int = -1) -> Tensor:
    """relu of [features, -features] joined along `axis` (`tf.nn.crelu`)."""
    graph, (x,) = as_tensors(features)
    with graph.as_default(), graph.name_scope(name, "CRelu") as scope:
        return relu(concat([x, -x], axis, name=scope))


def swish(features: Any, beta: Any = 1.0, name: str | None = None) -> Tensor:
    """features * sigmoid(beta * features) with TF's custom gradient (`tf.nn.swish`)."""
    from .gradients_impl import custom_gradient

    graph, (x,) = as_tensors(features)
    with graph.as_default():
        b = cast(convert_to_tensor(beta, name="beta"), x.dtype)

        @custom_gradient
        def swish_impl(x, b):
            def grad(dy):
                s = sigmoid(b * x)
                activation = s * (1.0 + (b * x) * (1.0 - s))
                return dy * activation, reduce_sum(dy * x * x * s * (1.0 - s))

            return x * sigmoid(b * x), grad

        return swish_impl(x, b)


silu = swish


def relu_layer(x: Any, weights: Any, biases: Any, name: str | None = None) -> Tensor:
    """relu(matmul(x, weights) + biases) (`tf.nn.relu_layer`), named after its scope."""
    from .ops.conv_ops import bias_add

    graph, (x,) = as_tensors(x)
    with graph.as_default(), graph.name_scope(name, "relu_layer") as scope:
        return relu(bias_add(matmul(x, weights), biases), name=scope)


def compute_average_loss(
    per_example_loss: Any, sample_weight: Any = None, global_batch_size: Any = None
) -> Tensor:
    """sum(per_example_loss * sample_weight) / global_batch_size, the batch size by default
    (one replica) (`tf.nn.compute_average_loss`)."""
    graph, (loss,) = as_tensors(per_example_loss)
    if loss.static_shape is not None and len(loss.static_shape) == 0:
        raise ValueError(
            "Invalid value passed for `per_example_loss`. Expected a tensor with at least rank 1."
        )
    with graph.as_default():
        if sample_weight is not None:
            # TF's scale_losses_by_sample_weight multiplies in float32, whatever the dtype.
            weight = cast(convert_to_tensor(sample_weight), "float32")
            loss = cast(cast(loss, "float32") * weight, loss.dtype)
        if global_batch_size is None:
            global_batch_size = shape(loss)[0]
        elif not isinstance(global_batch_size, Tensor) and not float(global_batch_size) > 0:
            raise ValueError("global_batch_size must be positive.")
        size = cast(convert_to_tensor(global_batch_size), loss.dtype)
        return div_no_nan(reduce_sum(loss), size)


def scale_regularization_loss(regularization_loss: Any) -> Tensor:
    """The summed regularization loss over the number of replicas (one here)
    (`tf.nn.scale_regularization_loss`)."""
    if isinstance(regularization_loss, list | tuple):
        regularization_loss = add_n(list(regularization_loss))
    return reduce_sum(regularization_loss) / 1


def collapse_repeated(
    labels: Any, seq_length: Any, name: str | None = None
) -> tuple[Tensor, Tensor]:
    """Each run of repeated labels merged into one, rows left-aligned and zero-padded to
    the longest: (collapsed [batch, new_maxlen], new lengths) (`tf.nn.collapse_repeated`)."""
    from .ops.extra_array_ops import sequence_mask
    from .ops.index_ops import boolean_mask, scatter_nd

    graph, (labels, seq_length) = as_tensors(labels, seq_length)
    with graph.as_default(), graph.name_scope(name, "collapse_repeated_labels"):
        first = ones_like(labels[:, :1], dtype="bool")
        label_mask = concat([first, not_equal(labels[:, 1:], labels[:, :-1])], axis=1)
        seq_mask = sequence_mask(seq_length, maxlen=_dim(labels, 1))
        label_mask = logical_and(label_mask, seq_mask)
        new_len = reduce_sum(cast(label_mask, "int32"), axis=1)
        new_maxlen = reduce_max(new_len)
        idx_mask = sequence_mask(new_len, maxlen=new_maxlen)
        flat_labels = reshape(labels, [-1])
        flat_label_mask = reshape(label_mask, [-1])
        # TF scatters into the flattened [batch * new_maxlen] and reshapes; graphgate's
        # reshape takes static shapes, so this scatters at the mask's 2-D coordinates
        # (row-major, the same order).
        batch = _dim(labels, 0)
        sizes = stack([batch if isinstance(batch, Tensor) else constant(batch), new_maxlen])
        collapsed = scatter_nd(
            indices=where(idx_mask),
            updates=boolean_mask(flat_labels, flat_label_mask),
            shape=cast(sizes, "int64"),
        )
        collapsed.set_shape([None if isinstance(batch, Tensor) else batch, None])
        return collapsed, cast(new_len, seq_length.dtype)


def _dim(t: Tensor, i: int) -> Any:
    """A static size when known, else the run-time one (TF's `_get_dim`)."""
    if t.static_shape is not None and t.static_shape[i] is not None:
        return t.static_shape[i]
    return shape(t)[i]


def batch_norm_with_global_normalization(
    t: Any = None,
    m: Any = None,
    v: Any = None,
    beta: Any = None,
    gamma: Any = None,
    variance_epsilon: float | None = None,
    scale_after_normalization: bool | None = None,
    name: str | None = None,
    input: Any = None,
    mean: Any = None,
    variance: Any = None,
) -> Tensor:
    """TF1's older batch normalization (`tf.nn.batch_norm_with_global_normalization`):
    `batch_normalization` with gamma only when `scale_after_normalization`."""
    from .ops.nn_ops import batch_normalization

    t = input if t is None else t
    m = mean if m is None else m
    v = variance if v is None else v
    if variance_epsilon is None or scale_after_normalization is None:
        raise TypeError("variance_epsilon and scale_after_normalization are required")
    graph, (x,) = as_tensors(t)
    with graph.as_default():
        scale = gamma if scale_after_normalization else None
        return batch_normalization(x, m, v, beta, scale, variance_epsilon, name)
