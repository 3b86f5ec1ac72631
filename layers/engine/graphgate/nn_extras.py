"""TF1's `tf.nn` functions built from other ops: `crelu`, `swish`/`silu`, `relu_layer`,
`compute_average_loss`, `scale_regularization_loss`, `collapse_repeated`,
`with_space_to_batch` (and the top level's `required_space_to_batch_paddings`), named as
TF's."""

from __future__ import annotations

from typing import Any

import numpy as np

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


def with_space_to_batch(
    input: Any,
    dilation_rate: Any,
    padding: str,
    op: Any,
    filter_shape: Any = None,
    spatial_dims: Any = None,
    data_format: str | None = None,
) -> Tensor:
    """`tf.nn.with_space_to_batch`: `op(x, num_spatial_dims, padding)` run on the input
    moved into the batch in blocks of `dilation_rate` (padded as TF pads it: SAME takes
    `filter_shape`), and the result moved back. The rate and the filter shape must be
    known while building (UNIMPLEMENTED otherwise); spatial sizes known only when run
    are padded and cropped by values computed then, as TF computes them."""
    from .errors import error
    from .ops.image_ops import batch_to_space_nd, space_to_batch_nd
    from .ops.misc_ops import get_static_value

    x = convert_to_tensor(input, name="input")
    rate = get_static_value(convert_to_tensor(dilation_rate, name="dilation_rate"))
    if rate is None or np.ndim(rate) != 1:
        raise error("UNIMPLEMENTED", "with_space_to_batch needs a static vector dilation_rate")
    rate = np.asarray(rate, np.int64)
    if np.any(rate < 1):
        raise error("INVALID_ATTR", f"`dilation_rate` must be positive. Received: {rate}")
    n = len(rate)
    dims = _spatial_dims(spatial_dims, n, data_format)
    if np.all(rate == 1):
        return op(x, n, padding)
    base = _base_paddings(padding, filter_shape, rate)
    paddings, crops = _required_paddings(_spatial_sizes(x, dims), rate, base)
    block = _adjusted(rate, 1, dims)
    converted = space_to_batch_nd(x, block, _adjusted(paddings, 0, dims))
    result = op(converted, n, "VALID")
    return batch_to_space_nd(result, block, _adjusted(crops, 0, dims))


def _spatial_dims(spatial_dims: Any, n: int, data_format: str | None) -> list[int]:
    from .errors import error

    start = 2 if data_format is not None and data_format.startswith("NC") else 1
    dims = list(range(start, start + n)) if spatial_dims is None else list(spatial_dims)
    if sorted(set(int(d) for d in dims)) != dims or any(d < 1 for d in dims):
        raise error(
            "INVALID_ATTR",
            "`spatial_dims` must be a monotonically increasing sequence of positive "
            f"integers. Received: spatial_dims={dims}",
        )
    return dims


def _base_paddings(padding: Any, filter_shape: Any, rate: Any):
    """TF's paddings that make a SAME convolution VALID (zeros for VALID)."""
    from .errors import error
    from .ops.misc_ops import get_static_value

    kind = padding.upper() if isinstance(padding, str) else padding
    if kind == "VALID":
        return np.zeros((len(rate), 2), np.int64)
    if kind != "SAME":
        raise error(
            "INVALID_ATTR", f"`padding` must be one of 'SAME' or 'VALID'. Received: {padding}"
        )
    if filter_shape is None:
        raise error("INVALID_ATTR", "`filter_shape` must be specified for `padding='SAME'`.")
    shape = get_static_value(convert_to_tensor(filter_shape, name="filter_shape"))
    if shape is None:
        raise error("UNIMPLEMENTED", "with_space_to_batch needs a static filter_shape")
    extra = (np.asarray(shape, np.int64)[: len(rate)] - 1) * rate
    return np.stack([extra // 2, extra - extra // 2], axis=1)


def _spatial_sizes(x: Tensor, dims: list[int]) -> Any:
    """The sizes of `x`'s dimensions `dims`: numpy ints where the graph fixes them all,
    else the run-time shape's entries stacked (as TF's `with_space_to_batch` takes them)."""
    known = x.static_shape
    if known is not None and len(known) > dims[-1] and None not in [known[d] for d in dims]:
        return np.array([known[d] for d in dims], np.int64)
    run_time = shape(x)
    return stack([run_time[d] for d in dims])


def _required_paddings(sizes: Any, block: Any, base: Any):
    """TF's `required_space_to_batch_paddings`: numpy values of numpy sizes, tensors of a
    tensor of sizes (the block and base paddings are numpy values either way)."""
    if isinstance(sizes, Tensor):
        return _run_time_paddings(sizes, block, base)
    full = sizes + base[:, 0] + base[:, 1]
    extra = (block - full % block) % block
    paddings = np.stack([base[:, 0], base[:, 1] + extra], axis=1)
    crops = np.stack([np.zeros_like(extra), extra], axis=1)
    return paddings, crops


def _run_time_paddings(sizes: Tensor, block: Any, base: Any) -> tuple[Tensor, Tensor]:
    def known(value: Any) -> Tensor:
        return constant(np.asarray(value), sizes.dtype)

    full = sizes + known(base[:, 0] + base[:, 1])
    extra = (known(block) - full % known(block)) % known(block)
    paddings = stack([known(base[:, 0]), known(base[:, 1]) + extra], axis=1, name="paddings")
    crops = stack([known(np.zeros(len(block))), extra], axis=1, name="crops")
    return paddings, crops


def _adjusted(orig: Any, fill: int, dims: list[int]) -> Any:
    """`orig`'s rows placed at rows `dims[i] - 1`, `fill` between (TF's
    `_with_space_to_batch_adjust`): a tensor's rows stacked, a numpy value's written."""
    if isinstance(orig, Tensor):
        at = {d - 1: i for i, d in enumerate(dims)}
        between = constant(np.full(orig.static_shape[1:], fill), orig.dtype)
        return stack([orig[at[j]] if j in at else between for j in range(dims[-1])])
    out = np.full((dims[-1], *np.shape(orig)[1:]), fill, np.int64)
    out[[d - 1 for d in dims]] = orig
    return out


def required_space_to_batch_paddings(
    input_shape: Any, block_shape: Any, base_paddings: Any = None, name: str | None = None
) -> tuple[Tensor, Tensor]:
    """`tf.required_space_to_batch_paddings`: (paddings, crops) that make each padded
    size a multiple of its block (`base_paddings` included), computed while building
    where `input_shape` is known then, else when run (graphgate needs the block and
    base paddings static: UNIMPLEMENTED otherwise)."""
    from .errors import error
    from .graph import name_scope
    from .ops.misc_ops import get_static_value

    with name_scope(name, "required_space_to_batch_paddings"):
        block = get_static_value(convert_to_tensor(block_shape, name="block_shape"))
        given = convert_to_tensor(input_shape, name="input_shape")
        sizes = get_static_value(given)
        if block is None:
            raise error("UNIMPLEMENTED", "required_space_to_batch_paddings needs static values")
        block = np.asarray(block, np.int64)
        sizes = given if sizes is None else np.asarray(sizes, np.int64)
        if base_paddings is None:
            base = np.zeros((len(block), 2), np.int64)
        else:
            base = get_static_value(convert_to_tensor(base_paddings, name="base_paddings"))
            if base is None:
                raise error("UNIMPLEMENTED", "required_space_to_batch_paddings needs static values")
            base = np.asarray(base, np.int64).reshape(len(block), 2)
        paddings, crops = _required_paddings(sizes, block, base)
        if isinstance(paddings, Tensor):
            return paddings, crops
        return (
            constant(paddings.astype(np.int32), name="paddings"),
            constant(crops.astype(np.int32), name="crops"),
        )
