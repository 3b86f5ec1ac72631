"""`tf.contrib.layers` and `tf.contrib.framework.arg_scope`, as TensorFlow 1.15 wrote
them: the initializers, regularizers and layer functions most TF1 code of its time
imports (`xavier_initializer`, `l2_regularizer`, `fully_connected`, `conv2d`,
`batch_norm`, `layer_norm`, ...), with contrib's own defaults — a ReLU after
`fully_connected` and `conv2d`, `SAME` padding, `weights`/`biases` variables in the
`fully_connected`/`Conv` scopes, `batch_norm`'s decay 0.999 without gamma — which differ
from `tf.layers`' and are what a TF1 checkpoint's names and a program's numbers depend on.

Layer functions accept defaults from the enclosing `arg_scope`s, as contrib's
`@add_arg_scope` functions do.
"""

from __future__ import annotations

import contextlib
import functools
import math
import numbers
import threading
from collections.abc import Callable, Iterator
from typing import Any

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, as_tensors, get_default_graph
from .layers_base import _add_to_collection
from .ops import conv_ops
from .ops.array_ops import identity, one_hot
from .ops.linalg_ops import tensordot
from .ops.math_ops import abs as _abs
from .ops.math_ops import add_n, matmul, multiply
from .ops.nn_ops import batch_normalization as _nn_batch_norm
from .ops.nn_ops import elu as _elu
from .ops.nn_ops import l2_loss, moments
from .ops.nn_ops import relu as _relu
from .ops.nn_ops import relu6 as _relu6
from .ops.random_ops import random_uniform, truncated_normal
from .ops.reduce_ops import reduce_sum
from .train.initializers import Initializer, ones_initializer, zeros_initializer
from .variable_scope import GraphKeys, get_variable, get_variable_scope, variable_scope

# -- arg_scope ---------------------------------------------------------------------------------

_ARG_SCOPES = threading.local()


def _scopes() -> list[dict]:
    if not hasattr(_ARG_SCOPES, "stack"):
        _ARG_SCOPES.stack = [{}]
    return _ARG_SCOPES.stack


def _key(fn: Callable) -> str:
    return getattr(fn, "_key_op", None) or f"{fn.__module__}.{fn.__name__}"


def add_arg_scope(fn: Callable) -> Callable:
    """Let `arg_scope` give `fn` default keyword arguments; explicit arguments win."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        defaults = _scopes()[-1].get(_key(fn), {})
        return fn(*args, **{**defaults, **kwargs})

    wrapper._key_op = _key(fn)
    return wrapper


@contextlib.contextmanager
def arg_scope(list_ops_or_scope: Any, **kwargs: Any) -> Iterator[dict]:
    """`with arg_scope([conv2d, fully_connected], activation_fn=tf.nn.tanh):` — inner scopes
    add to (and override) outer ones; `with arg_scope(saved):` re-enters a yielded scope."""
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise error("INVALID_ATTR", "arg_scope of a saved scope takes no keyword arguments")
        current = list_ops_or_scope
    else:
        current = {k: dict(v) for k, v in _scopes()[-1].items()}
        for op in list_ops_or_scope:
            if not hasattr(op, "_key_op"):
                raise error("INVALID_ATTR", f"{op} is not decorated with @add_arg_scope")
            current[op._key_op] = {**current.get(op._key_op, {}), **kwargs}
    _scopes().append(current)
    try:
        yield current
    finally:
        _scopes().pop()


def current_arg_scope() -> dict:
    return _scopes()[-1]


def has_arg_scope(fn: Callable) -> bool:
    return hasattr(fn, "_key_op")


def arg_scoped_arguments(fn: Callable) -> list[str]:
    import inspect

    return list(inspect.signature(fn).parameters)


# -- initializers ------------------------------------------------------------------------------


class variance_scaling_initializer(Initializer):
    """contrib's variance scaling: n the fan-in, fan-out or their mean; uniform within
    ±sqrt(3 factor / n), else a truncated normal of stddev sqrt(1.3 factor / n). (Not
    `tf.variance_scaling_initializer`, whose arguments and constant differ.)"""

    def __init__(
        self,
        factor: float = 2.0,
        mode: str = "FAN_IN",
        uniform: bool = False,
        seed: int | None = None,
        dtype: Any = _dt.float32,
    ):
        if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
            raise error("INVALID_ATTR", f"mode must be FAN_IN, FAN_OUT or FAN_AVG, got {mode!r}")
        if not _dt.as_dtype(dtype).is_floating:
            raise error("INVALID_ATTR", "variance_scaling_initializer needs a floating dtype")
        self.factor, self.mode, self.uniform = factor, mode, uniform
        self.seed, self.dtype = seed, dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        dims = [int(d) for d in shape]
        fan_in = float(dims[-2]) if len(dims) > 1 else float(dims[-1]) if dims else 1.0
        fan_out = float(dims[-1]) if dims else 1.0
        receptive = math.prod(dims[:-2])
        fan_in, fan_out = fan_in * receptive, fan_out * receptive
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[self.mode]
        dtype = self._dtype(dtype)
        if self.uniform:
            limit = math.sqrt(3.0 * self.factor / n)
            return random_uniform(dims, -limit, limit, dtype, self.seed)
        return truncated_normal(dims, 0.0, math.sqrt(1.3 * self.factor / n), dtype, self.seed)


def xavier_initializer(
    uniform: bool = True, seed: int | None = None, dtype: Any = _dt.float32
) -> variance_scaling_initializer:
    """Glorot & Bengio's initializer: variance scaling with factor 1 over the fans' mean."""
    return variance_scaling_initializer(1.0, "FAN_AVG", uniform, seed, dtype)


xavier_initializer_conv2d = xavier_initializer


# -- regularizers ------------------------------------------------------------------------------


def _scaled(scale: float, what: str, penalty: Callable, scope: str | None) -> Callable:
    if isinstance(scale, numbers.Integral):  # contrib's rule: 1 is a mistake for 1.0
        raise ValueError(f"scale cannot be an integer: {scale}")
    if isinstance(scale, numbers.Real):
        if scale < 0.0:
            raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale}")
        if scale == 0.0:
            return lambda _: None

    def regularizer(weights: Tensor) -> Tensor:
        graph = get_default_graph()
        with graph.name_scope(scope, what) as name:
            from .graph import convert_to_tensor

            my_scale = convert_to_tensor(scale, weights.dtype, name="scale")
            return multiply(my_scale, penalty(weights), name=name)

    return regularizer


def l1_regularizer(scale: float, scope: str | None = None) -> Callable:
    """scale * sum(|w|)."""
    return _scaled(scale, "l1_regularizer", lambda w: reduce_sum(_abs(w)), scope)


def l2_regularizer(scale: float, scope: str | None = None) -> Callable:
    """scale * sum(w²) / 2 (`tf.nn.l2_loss`)."""
    return _scaled(scale, "l2_regularizer", l2_loss, scope)


def sum_regularizer(regularizer_list: list, scope: str | None = None) -> Callable:
    regularizers = [r for r in regularizer_list if r is not None]
    if not regularizers:
        return lambda _: None

    def regularizer(weights: Tensor) -> Tensor | None:
        penalties = [p for p in (r(weights) for r in regularizers) if p is not None]
        return add_n(penalties, name=scope or "sum_regularizer") if penalties else None

    return regularizer


def l1_l2_regularizer(
    scale_l1: float = 1.0, scale_l2: float = 1.0, scope: str | None = None
) -> Callable:
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope)


def apply_regularization(regularizer: Callable, weights_list: list | None = None) -> Tensor:
    """The sum of `regularizer` over `weights_list` (default: the WEIGHTS collection),
    added to REGULARIZATION_LOSSES."""
    graph = get_default_graph()
    weights = graph.get_collection(GraphKeys.WEIGHTS) if weights_list is None else weights_list
    if not weights:
        raise ValueError("No weights to regularize.")
    from .graph import constant_op

    with graph.name_scope("get_regularization_penalty") as scope:
        penalties = [regularizer(w) for w in weights]
        penalties = [constant_op(graph, 0.0) if p is None else p for p in penalties]
        total = add_n(penalties, name=scope)
    graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, total)
    return total


# contrib's default for biases (a singleton: the initializer holds no state); None means no
# biases at all.
_ZEROS = zeros_initializer()

# -- layers ------------------------------------------------------------------------------------


def _model_variable(
    name, shape, dtype, initializer, regularizer, trainable, collections, weight=None
):
    """A model variable in the current scope. `weight` is the name the Keras layer behind
    TF1's contrib layer gives it (`kernel`, `bias`): its penalty is named after that
    (`conv1/kernel/Regularizer/l2_regularizer`), not after the variable."""
    if regularizer is not None and weight is not None:
        regularizer = _named_penalty(regularizer, weight)
    var = get_variable(
        name, shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
        trainable=trainable,
    )  # fmt: skip
    _add_to_collections([var], [GraphKeys.MODEL_VARIABLES, *_collection_keys(collections, name)])
    return var


def _add_to_collections(variables: list, keys: list[str]) -> None:
    for key in keys:
        _add_to_collection(key, variables)


def _named_penalty(regularizer: Callable, weight: str) -> Callable:
    scope = get_variable_scope().original_name_scope + weight + "/Regularizer/"

    def penalty(var: Tensor) -> Tensor | None:
        with get_default_graph().name_scope(scope):
            return regularizer(var)

    return penalty


def _collection_keys(collections: Any, name: str) -> list[str]:
    if collections is None:
        return []
    if isinstance(collections, dict):
        collections = collections.get(name) or []
    return [collections] if isinstance(collections, str) else list(collections)


def _biased(y, units, initializer, regularizer, trainable, collections, weight="bias") -> Tensor:
    """`y` plus the layer's `biases` (contrib makes none under a normalizer)."""
    b = _model_variable(
        "biases", (units,), y.dtype, initializer, regularizer, trainable, collections, weight
    )
    return conv_ops.bias_add(y, b, name="BiasAdd")


def _finish(y, alias, activation_fn, normalizer_fn, normalizer_params, collections):
    if normalizer_fn is not None:
        y = normalizer_fn(y, **(normalizer_params or {}))
    if activation_fn is not None:
        y = activation_fn(y)
    return collect_named_outputs(collections, alias, y)


# -- slim.utils: layer outputs named by their scope ------------------------------------------


def append_tensor_alias(tensor: Tensor, alias: str) -> Tensor:
    """Add `alias` (a scope's name, its trailing `/` dropped) to `tensor.aliases`."""
    alias = alias[:-1] if alias.endswith("/") else alias
    if hasattr(tensor, "aliases"):
        tensor.aliases.append(alias)
    else:
        tensor.aliases = [alias]
    return tensor


def collect_named_outputs(collections: Any, alias: str, outputs: Tensor) -> Tensor:
    """With `collections` (a key or a list of keys), give `outputs` the alias and add it to
    each: how slim's nets gather their `end_points`."""
    if collections:
        append_tensor_alias(outputs, alias)
        keys = [collections] if isinstance(collections, str) else list(dict.fromkeys(collections))
        graph = get_default_graph()
        for key in keys:
            graph.add_to_collection(key, outputs)
    return outputs


def get_tensor_aliases(tensor: Tensor) -> list[str]:
    """The tensor's aliases, or its name without `:0`."""
    if hasattr(tensor, "aliases"):
        return tensor.aliases
    return [tensor.name[:-2] if tensor.name.endswith(":0") else tensor.name]


def gather_tensors_aliases(tensors: list) -> list[str]:
    return [alias for tensor in tensors for alias in get_tensor_aliases(tensor)]


def convert_collection_to_dict(collection: str, clear_collection: bool = False) -> dict:
    """{alias: tensor} over a collection of named outputs, in collection order."""
    graph = get_default_graph()
    output = {
        alias: tensor
        for tensor in graph.get_collection(collection)
        for alias in get_tensor_aliases(tensor)
    }
    if clear_collection:
        del graph.get_collection_ref(collection)[:]
    return output


def last_dimension(shape: Any, min_rank: int = 1) -> int:
    """The last dim of a static shape, which must be known, of rank at least `min_rank`."""
    from .graph import TensorShape

    dims = TensorShape(shape).dims
    if dims is None:
        raise ValueError("dims of shape must be known but is None")
    if len(dims) < min_rank:
        raise ValueError(f"rank of shape must be at least {min_rank} not: {len(dims)}")
    value = dims[-1].value
    if value is None:
        raise ValueError("last dimension shape must be known but is None")
    return value


@add_arg_scope
def fully_connected(
    inputs: Any,
    num_outputs: int,
    activation_fn: Callable | None = _relu,
    normalizer_fn: Callable | None = None,
    normalizer_params: dict | None = None,
    weights_initializer: Callable | None = None,
    weights_regularizer: Callable | None = None,
    biases_initializer: Callable | None = _ZEROS,
    biases_regularizer: Callable | None = None,
    reuse: Any = None,
    variables_collections: Any = None,
    outputs_collections: Any = None,
    trainable: bool = True,
    scope: Any = None,
) -> Tensor:
    """x·weights + biases, then `activation_fn` (ReLU unless given), in scope
    `fully_connected`; over the last axis for inputs of rank > 2. With a `normalizer_fn`
    there are no biases, as contrib's."""
    graph, (x,) = as_tensors(inputs)
    shape = x.static_shape
    if shape is None or len(shape) < 2 or shape[-1] is None:
        raise ValueError(
            f"fully_connected needs inputs of rank >= 2 with a known last dim: {shape}"
        )
    with graph.as_default(), variable_scope(scope, "fully_connected", reuse=reuse) as sc:
        w = _model_variable(
            "weights", (shape[-1], int(num_outputs)), x.dtype,
            weights_initializer or xavier_initializer(), weights_regularizer, trainable,
            variables_collections, "kernel",
        )  # fmt: skip
        y = matmul(x, w) if len(shape) == 2 else tensordot(x, w, [[len(shape) - 1], [0]])
        if normalizer_fn is None and biases_initializer is not None:
            y = _biased(
                y, int(num_outputs), biases_initializer, biases_regularizer, trainable,
                variables_collections,
            )  # fmt: skip
        return _finish(
            y, sc.name, activation_fn, normalizer_fn, normalizer_params, outputs_collections
        )


def _pair(value: Any) -> tuple[int, int]:
    if isinstance(value, int):
        return (value, value)
    a, b = value
    return (int(a), int(b))


@add_arg_scope
def conv2d(
    inputs: Any,
    num_outputs: int,
    kernel_size: Any,
    stride: Any = 1,
    padding: str = "SAME",
    data_format: str | None = None,
    rate: Any = 1,
    activation_fn: Callable | None = _relu,
    normalizer_fn: Callable | None = None,
    normalizer_params: dict | None = None,
    weights_initializer: Callable | None = None,
    weights_regularizer: Callable | None = None,
    biases_initializer: Callable | None = _ZEROS,
    biases_regularizer: Callable | None = None,
    reuse: Any = None,
    variables_collections: Any = None,
    outputs_collections: Any = None,
    trainable: bool = True,
    scope: Any = None,
) -> Tensor:
    """A 2-D convolution over NHWC inputs (contrib's `convolution2d`): variables
    `Conv/weights` [kh, kw, in, out] and `Conv/biases`, `SAME` padding and a ReLU by
    default."""
    if data_format not in (None, "NHWC"):
        raise error("INVALID_ATTR", "contrib conv2d here takes NHWC inputs only")
    graph, (x,) = as_tensors(inputs)
    shape = x.static_shape
    if shape is None or len(shape) != 4 or shape[3] is None:
        raise ValueError(f"conv2d needs NHWC inputs with known channels, got {shape}")
    kh, kw = _pair(kernel_size)
    with graph.as_default(), variable_scope(scope, "Conv", reuse=reuse) as sc:
        w = _model_variable(
            "weights", (kh, kw, shape[3], int(num_outputs)), x.dtype,
            weights_initializer or xavier_initializer(), weights_regularizer, trainable,
            variables_collections, "kernel",
        )  # fmt: skip
        y = conv_ops.conv2d(
            x, w, _pair(stride), padding.upper(), dilations=_pair(rate), name="Conv2D"
        )
        if normalizer_fn is None and biases_initializer is not None:
            y = _biased(
                y, int(num_outputs), biases_initializer, biases_regularizer, trainable,
                variables_collections,
            )  # fmt: skip
        return _finish(
            y, sc.name, activation_fn, normalizer_fn, normalizer_params, outputs_collections
        )


convolution2d = conv2d


@add_arg_scope
def conv2d_transpose(
    inputs: Any,
    num_outputs: int,
    kernel_size: Any,
    stride: Any = 1,
    padding: str = "SAME",
    data_format: str = "NHWC",
    activation_fn: Callable | None = _relu,
    normalizer_fn: Callable | None = None,
    normalizer_params: dict | None = None,
    weights_initializer: Callable | None = None,
    weights_regularizer: Callable | None = None,
    biases_initializer: Callable | None = _ZEROS,
    biases_regularizer: Callable | None = None,
    reuse: Any = None,
    variables_collections: Any = None,
    outputs_collections: Any = None,
    trainable: bool = True,
    scope: Any = None,
) -> Tensor:
    """contrib's `convolution2d_transpose` over NHWC inputs: `weights` [kh, kw, out, in] and
    `biases` in scope `Conv2d_transpose`, `SAME` padding and a ReLU by default."""
    from .layers import transposed_conv

    if data_format not in (None, "NHWC"):
        raise error("INVALID_ATTR", "contrib conv2d_transpose here takes NHWC inputs only")
    graph, (x,) = as_tensors(inputs)
    shape = x.static_shape
    if shape is None or len(shape) != 4 or shape[3] is None:
        raise ValueError(f"conv2d_transpose needs NHWC inputs with known channels, got {shape}")
    kh, kw = _pair(kernel_size)
    with graph.as_default(), variable_scope(scope, "Conv2d_transpose", reuse=reuse) as sc:
        w = _model_variable(
            "weights", (kh, kw, int(num_outputs), shape[3]), x.dtype,
            weights_initializer or xavier_initializer(), weights_regularizer, trainable,
            variables_collections, "kernel",
        )  # fmt: skip
        y = transposed_conv(x, w, (kh, kw), _pair(stride), padding.upper(), int(num_outputs))
        if normalizer_fn is None and biases_initializer is not None:
            y = _biased(
                y, int(num_outputs), biases_initializer, biases_regularizer, trainable,
                variables_collections,
            )  # fmt: skip
        return _finish(
            y, sc.name, activation_fn, normalizer_fn, normalizer_params, outputs_collections
        )


convolution2d_transpose = conv2d_transpose


def _pool(kind: str, inputs, kernel_size, stride, padding, data_format, collections, scope):
    if data_format not in (None, "NHWC"):
        raise error("INVALID_ATTR", "contrib pooling here takes NHWC inputs only")
    graph, (x,) = as_tensors(inputs)
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride)
    pool = conv_ops.max_pool if kind == "MaxPool2D" else conv_ops.avg_pool
    with graph.as_default(), graph.name_scope(scope, kind) as sc:
        y = pool(x, (1, kh, kw, 1), (1, sh, sw, 1), padding.upper())
        return collect_named_outputs(collections, sc, y)


@add_arg_scope
def max_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC",
               outputs_collections=None, scope=None):  # fmt: skip
    """Max pooling, stride 2 and VALID padding by default (contrib's)."""
    return _pool(
        "MaxPool2D", inputs, kernel_size, stride, padding, data_format, outputs_collections, scope
    )


@add_arg_scope
def avg_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC",
               outputs_collections=None, scope=None):  # fmt: skip
    """Average pooling, stride 2 and VALID padding by default (contrib's)."""
    return _pool(
        "AvgPool2D", inputs, kernel_size, stride, padding, data_format, outputs_collections, scope
    )


@add_arg_scope
def flatten(inputs: Any, outputs_collections: Any = None, scope: Any = None) -> Tensor:
    """[batch, everything else], in scope `Flatten`."""
    from .layers import flatten as _flatten

    graph, (x,) = as_tensors(inputs)
    with graph.as_default(), graph.name_scope(scope, "Flatten") as sc:
        return collect_named_outputs(outputs_collections, sc, _flatten(x))


@add_arg_scope
def dropout(
    inputs: Any,
    keep_prob: float = 0.5,
    noise_shape: Any = None,
    is_training: Any = True,
    outputs_collections: Any = None,
    scope: Any = None,
    seed: int | None = None,
) -> Tensor:
    """Dropout keeping `keep_prob` while `is_training` (a bool or a bool tensor)."""
    from .layers import _layer_scope, dropout_body

    graph, (x,) = as_tensors(inputs)
    with graph.as_default(), graph.name_scope(scope, "Dropout") as sc:
        # Not tf.layers.dropout's rate-0 shortcut: TF's own Keras Dropout under slim
        # builds the cond, and tf.nn.dropout at rate 0 still draws its op seed.
        with _layer_scope(None, "dropout", None):
            y = dropout_body(x, 1.0 - keep_prob, noise_shape, seed, is_training)
        return collect_named_outputs(outputs_collections, sc, y)


@add_arg_scope
def batch_norm(
    inputs: Any,
    decay: float = 0.999,
    center: bool = True,
    scale: bool = False,
    epsilon: float = 0.001,
    activation_fn: Callable | None = None,
    param_initializers: dict | None = None,
    param_regularizers: dict | None = None,
    updates_collections: Any = GraphKeys.UPDATE_OPS,
    is_training: Any = True,
    reuse: Any = None,
    variables_collections: Any = None,
    outputs_collections: Any = None,
    trainable: bool = True,
    batch_weights: Any = None,
    fused: bool | None = None,
    data_format: str = "NHWC",
    zero_debias_moving_mean: bool = False,
    scope: Any = None,
    renorm: bool = False,
    renorm_clipping: Any = None,
    renorm_decay: float = 0.99,
    adjustment: Any = None,
) -> Tensor:
    """contrib's batch normalization over the last axis: decay 0.999, epsilon 1e-3, beta
    but no gamma by default, in scope `BatchNorm`. The moving-average updates go to
    `updates_collections`, or, when it is None, run with every evaluation of the output."""
    from .layers import batch_normalization

    if data_format != "NHWC" or batch_weights is not None:
        raise error("INVALID_ATTR", "batch_norm here takes NHWC inputs and no batch_weights")
    if renorm and (updates_collections != GraphKeys.UPDATE_OPS or zero_debias_moving_mean):
        # TF 1.15 renormalizes only through the core layer, which these keep it from.
        raise ValueError(
            "renorm is not supported with batch_weights, updates_collections or "
            "zero_debias_moving_mean"
        )
    if zero_debias_moving_mean and isinstance(is_training, Tensor):
        # TF puts the debiased update in a cond on the flag; graphgate's updates with a
        # decay of 0 when not training would divide by 1 - 1^step there.
        raise error("INVALID_ATTR", "zero_debias_moving_mean here needs is_training a Python bool")
    inits, regs = param_initializers or {}, param_regularizers or {}
    graph = get_default_graph()
    # contrib fuses whatever it can (rank 2 or 4): its fused kernel feeds the moving variance
    # the Bessel-corrected batch variance. Rank 2, updates outside UPDATE_OPS or a debiased
    # mean take contrib's own functions (the fused one, or for other ranks its legacy
    # one: show-attend-tell's [N, L, D] features), which make beta before gamma; the
    # rest the Keras layer, gamma first.
    rank = as_tensors(inputs)[1][0].shape.ndims
    fusable = fused is not False and rank in (2, 4) and not renorm and adjustment is None
    own = (
        (fusable and rank == 2)
        or updates_collections != GraphKeys.UPDATE_OPS
        or zero_debias_moving_mean
    )
    fused = True if fusable else fused
    updates = graph.get_collection_ref(GraphKeys.UPDATE_OPS)
    before = len(updates)
    with variable_scope(scope, "BatchNorm", reuse=reuse) as sc:
        y = batch_normalization(
            inputs, -1, decay, epsilon, center, scale,
            inits.get("beta"), inits.get("gamma"), inits.get("moving_mean"),
            inits.get("moving_variance"), regs.get("beta"), regs.get("gamma"),
            training=is_training, trainable=trainable, name=sc, reuse=True if reuse else None,
            renorm=renorm, renorm_clipping=renorm_clipping, renorm_momentum=renorm_decay,
            fused=fused, adjustment=adjustment, _beta_first=own,
            _updates_when_frozen=own,  # contrib's own function updates even when frozen
            _zero_debias=zero_debias_moving_mean,
        )  # fmt: skip
        made = updates[before:]
        # contrib's batch norm variables are model variables (its moving statistics too),
        # each also in `variables_collections` (a list for all, or a dict by short name:
        # facenet puts the moving statistics in TRAINABLE_VARIABLES this way). contrib's own
        # function makes them in those collections; after the Keras layer it adds the moving
        # statistics, then beta, then gamma.
        made_vars = [
            var
            for var in graph.get_collection(GraphKeys.GLOBAL_VARIABLES, sc.name + "/")
            if var.op.name.count("/") == sc.name.count("/") + 1  # not zero_debias' own
        ]
        _add_to_collections(made_vars, [GraphKeys.MODEL_VARIABLES])
        order = ("beta", "gamma", "moving_mean", "moving_variance")
        if not own:
            order = ("moving_mean", "moving_variance", "beta", "gamma")
        for short in order:
            for var in made_vars:
                if var.op.name.rsplit("/", 1)[-1] == short:
                    _add_to_collections([var], _collection_keys(variables_collections, short))
        if updates_collections != GraphKeys.UPDATE_OPS:
            del updates[before:]
            if updates_collections is None:
                with graph.control_dependencies(made):
                    y = identity(y)
            else:
                for key in _collection_keys(updates_collections, "updates"):
                    for u in made:
                        graph.add_to_collection(key, u)
        return _finish(y, sc.name, activation_fn, None, None, outputs_collections)


@add_arg_scope
def layer_norm(
    inputs: Any,
    center: bool = True,
    scale: bool = True,
    activation_fn: Callable | None = None,
    reuse: Any = None,
    variables_collections: Any = None,
    outputs_collections: Any = None,
    trainable: bool = True,
    begin_norm_axis: int = 1,
    begin_params_axis: int = -1,
    scope: Any = None,
) -> Tensor:
    """Normalize over the axes from `begin_norm_axis` on (variance epsilon 1e-12), then
    scale by `gamma` and shift by `beta` of shape inputs.shape[begin_params_axis:]."""
    graph, (x,) = as_tensors(inputs)
    shape = x.static_shape
    if shape is None:
        raise ValueError("layer_norm needs inputs of known rank")
    rank = len(shape)
    norm_axis = begin_norm_axis % rank
    params_shape = tuple(shape[begin_params_axis % rank :])
    if any(d is None for d in params_shape):
        raise ValueError(f"layer_norm needs known dims from axis {begin_params_axis}: {shape}")
    with graph.as_default(), variable_scope(scope, "LayerNorm", reuse=reuse) as sc:
        beta = gamma = None
        if center:
            beta = _model_variable(
                "beta", params_shape, x.dtype, zeros_initializer(), None, trainable,
                variables_collections,
            )  # fmt: skip
        if scale:
            gamma = _model_variable(
                "gamma", params_shape, x.dtype, ones_initializer(), None, trainable,
                variables_collections,
            )  # fmt: skip
        mean, variance = moments(x, list(range(norm_axis, rank)), keep_dims=True)
        y = _nn_batch_norm(x, mean, variance, beta, gamma, 1e-12)
        return _finish(y, sc.name, activation_fn, None, None, outputs_collections)


def _beta_gamma(channels, dtype, center, scale, inits, trainable, collections, shaped) -> list:
    """A normalizer's `beta` and `gamma` model variables of the channels' size (None where
    `center` or `scale` is off), beta first as contrib makes them, each through `shaped`
    (a reshape to broadcast over the inputs); `inits` may name their initializers."""
    params = []
    for name, on, default in (("beta", center, zeros_initializer),
                              ("gamma", scale, ones_initializer)):  # fmt: skip
        var = None
        if on:
            var = _model_variable(
                name, (channels,), dtype, inits.get(name, default()), None, trainable,
                collections,
            )  # fmt: skip
        params.append(None if var is None else shaped(var))
    return params


@add_arg_scope
def instance_norm(
    inputs: Any,
    center: bool = True,
    scale: bool = True,
    epsilon: float = 1e-6,
    activation_fn: Callable | None = None,
    param_initializers: dict | None = None,
    reuse: Any = None,
    variables_collections: Any = None,
    outputs_collections: Any = None,
    trainable: bool = True,
    data_format: str = "NHWC",
    scope: Any = None,
) -> Tensor:
    """Each example normalized over its spatial axes per channel (Ulyanov et al.), then
    scaled by `gamma` and shifted by `beta`, in scope `InstanceNorm` (CycleGAN's and
    fast style transfer's normalizer)."""
    from .ops.array_ops import reshape

    graph, (x,) = as_tensors(inputs)
    shape = x.static_shape
    if shape is None:
        raise ValueError(f"Inputs {x.name} has undefined rank.")
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    rank = len(shape)
    axis = 1 if data_format == "NCHW" else rank - 1
    if shape[axis] is None:
        raise ValueError(f"Inputs {x.name} has undefined channels dimension {[shape[axis]]}.")
    inits = param_initializers or {}
    broadcast = [1, shape[1]] + [1] * (rank - 2) if data_format == "NCHW" else None
    with graph.as_default(), variable_scope(scope, "InstanceNorm", reuse=reuse) as sc:
        params = _beta_gamma(
            shape[axis], x.dtype, center, scale, inits, trainable, variables_collections,
            lambda var: var if broadcast is None else reshape(var, broadcast),
        )  # fmt: skip
        axes = [i for i in range(1, rank) if i != axis]
        mean, variance = moments(x, axes, keep_dims=True)
        y = _nn_batch_norm(x, mean, variance, params[0], params[1], epsilon, name="instancenorm")
        return _finish(y, sc.name, activation_fn, None, None, outputs_collections)


@add_arg_scope
def bias_add(
    inputs: Any,
    activation_fn: Callable | None = None,
    initializer: Callable | None = _ZEROS,
    regularizer: Callable | None = None,
    reuse: Any = None,
    variables_collections: Any = None,
    outputs_collections: Any = None,
    trainable: bool = True,
    data_format: str = "NHWC",
    scope: Any = None,
) -> Tensor:
    """`inputs` plus `biases` over the channels, in scope `BiasAdd` (a normalizer_fn)."""
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    graph, (x,) = as_tensors(inputs)
    shape = x.static_shape
    if shape is None:
        raise ValueError(f"Dims of shape must be known but is None for {x.name}")
    if len(shape) != 4 and data_format == "NCHW":
        raise ValueError(f"Data format NCHW only supports 4D Tensor, got {len(shape)}")
    channels = shape[1 if data_format == "NCHW" else -1]
    if channels is None:
        raise ValueError(f"`C` dimension must be known but is None for {x.name}")
    with graph.as_default(), variable_scope(scope, "BiasAdd", reuse=reuse) as sc:
        b = _model_variable(
            "biases", (channels,), x.dtype, initializer, regularizer, trainable,
            variables_collections,
        )  # fmt: skip
        y = conv_ops.bias_add(x, b, data_format=data_format)
        return _finish(y, sc.name, activation_fn, None, None, outputs_collections)


@add_arg_scope
def one_hot_encoding(
    labels: Any,
    num_classes: int,
    on_value: float = 1.0,
    off_value: float = 0.0,
    outputs_collections: Any = None,
    scope: Any = None,
) -> Tensor:
    graph = get_default_graph()
    with graph.name_scope(scope, "OneHotEncoding") as sc:
        y = one_hot(labels, num_classes, on_value=on_value, off_value=off_value)
        return collect_named_outputs(outputs_collections, sc, y)


def _group_norm_axes(shape: tuple, channels_axis: int, reduction_axes: Any, groups: int, name: str):
    """TF 1.15's group_norm checks: the positive channels axis, its size and the positive
    reduction axes (each of known size, none the channels')."""
    rank = len(shape)
    if channels_axis > rank - 1:
        raise ValueError("Axis is out of bounds.")
    channels_axis %= rank
    channels = shape[channels_axis]
    if channels is None:
        raise ValueError(f"Inputs {name} has undefined channel dimension: {channels_axis}.")
    axes = [a + rank if a < 0 else a for a in reduction_axes]
    for a in axes:
        if a > rank:
            raise ValueError("Axis is out of bounds.")
        if shape[a] is None:
            raise ValueError(f"Inputs {name} has undefined dimensions {a}.")
        if a == channels_axis:
            raise ValueError("reduction_axis must be mutually exclusive with channels_axis")
    if groups > channels:
        raise ValueError(f"Invalid groups {groups} for {channels} channels.")
    if channels % groups != 0:
        raise ValueError(f"{channels} channels is not commensurate with {groups} groups.")
    return channels_axis, channels, axes


@add_arg_scope
def group_norm(
    inputs: Any,
    groups: int = 32,
    channels_axis: int = -1,
    reduction_axes: Any = (-3, -2),
    center: bool = True,
    scale: bool = True,
    epsilon: float = 1e-6,
    activation_fn: Callable | None = None,
    param_initializers: dict | None = None,
    reuse: Any = None,
    variables_collections: Any = None,
    outputs_collections: Any = None,
    trainable: bool = True,
    scope: Any = None,
    mean_close_to_zero: bool = False,
) -> Tensor:
    """Wu & He's group normalization as TF 1.15 computes it: the channels split into
    `groups`, each group's mean and variance over its channels and `reduction_axes`, then
    x * gain + offset with gain = gamma * rsqrt(var + eps), offset = beta - mean * gain,
    `beta` and `gamma` of the channels' size in scope `GroupNorm`."""
    import graphgate as gg

    graph, (x,) = as_tensors(inputs)
    shape = x.static_shape
    if shape is None:
        raise ValueError(f"Inputs {x.name} has undefined rank.")
    channels_axis, channels, axes = _group_norm_axes(
        shape, channels_axis, reduction_axes, groups, x.name
    )
    with graph.as_default():
        dynamic = gg.shape(x)
        dims = [dynamic[i] if d is None else d for i, d in enumerate(shape)]
        before, after = dims[:channels_axis], dims[channels_axis + 1 :]
        broadcast = [1] * len(before) + [groups, channels // groups] + [1] * len(after)
        x = gg.reshape(x, [*before, groups, channels // groups, *after])
        moments_axes = [channels_axis + 1] + [a + 1 if a > channels_axis else a for a in axes]
        with variable_scope(scope, "GroupNorm", reuse=reuse) as sc:
            beta, gamma = _beta_gamma(
                channels, x.dtype, center, scale, param_initializers or {}, trainable,
                variables_collections, lambda var: gg.reshape(var, broadcast),
            )  # fmt: skip
            if mean_close_to_zero:
                counts, mean_ss, variance_ss, _ = gg.nn.sufficient_statistics(
                    x, moments_axes, keepdims=True
                )
                mean, variance = gg.nn.normalize_moments(counts, mean_ss, variance_ss, None)
            else:
                mean, variance = moments(x, moments_axes, keep_dims=True)
            gain = gg.math.rsqrt(variance + epsilon)
            offset = -mean * gain
            if gamma is not None:
                gain *= gamma
                offset *= gamma
            if beta is not None:
                offset += beta
            y = gg.reshape(x * gain + offset, dims)
            return _finish(y, sc.name, activation_fn, None, None, outputs_collections)


def maxout(inputs: Any, num_units: int, axis: int = -1, scope: Any = None) -> Tensor:
    """Goodfellow et al.'s maxout: `axis` split into `num_units` groups of consecutive
    features, each unit the maximum of its group (TF 1.15's contrib.layers.maxout)."""
    import graphgate as gg

    graph, (x,) = as_tensors(inputs)
    if x.static_shape is None:  # TF's as_list() of an unknown shape
        raise ValueError("as_list() is not defined on an unknown TensorShape.")
    with graph.as_default(), variable_scope(scope, "MaxOut"):
        shape = list(x.static_shape)
        num_channels = shape[axis]
        if num_channels % num_units:
            raise ValueError(
                f"number of features({num_channels}) is not a multiple of num_units({num_units})"
            )
        shape[axis] = num_units
        shape += [num_channels // num_units]
        dims = [gg.shape(x)[i] if d is None else d for i, d in enumerate(shape)]
        return gg.reduce_max(gg.reshape(x, dims), -1, keepdims=False)


def spatial_softmax(
    features: Any,
    temperature: float | None = None,
    name: str | None = None,
    variables_collections: Any = None,
    trainable: bool = True,
    data_format: str = "NHWC",
) -> Tensor:
    """Levine et al.'s feature points: a softmax over each channel's pixels (divided by a
    `temperature` variable, 1 unless given), then the expected x (row) and y (column)
    coordinates in [-1, 1]: [batch, 2 * channels], x and y of each channel in turn."""
    import graphgate as gg

    graph, (x,) = as_tensors(features)
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with graph.as_default(), variable_scope(name, "spatial_softmax"):
        shape, static = gg.shape(x), x.static_shape
        if data_format == "NHWC":
            height, width, num_channels = shape[1], shape[2], static[3]
        else:
            num_channels, height, width = static[1], shape[2], shape[3]
        if num_channels is None:
            raise ValueError(
                "The num_channels dimension of the inputs to `spatial_softmax` should be "
                "defined. Found `None`."
            )
        with gg.name_scope("spatial_softmax_op"):
            pos_x, pos_y = gg.meshgrid(
                gg.lin_space(-1.0, 1.0, num=height), gg.lin_space(-1.0, 1.0, num=width),
                indexing="ij",
            )  # fmt: skip
            pos_x = gg.reshape(pos_x, [height * width])
            pos_y = gg.reshape(pos_y, [height * width])
            init = (
                ones_initializer() if temperature is None else gg.constant_initializer(temperature)
            )
            temp = _model_variable(
                "temperature", (), _dt.float32, init, None, trainable,
                variables_collections if trainable else None,
            )  # fmt: skip
            if data_format == "NHWC":
                x = gg.transpose(x, [0, 3, 1, 2])
            x = gg.reshape(x, [-1, height * width])
            attention = gg.nn.softmax(x / temp)
            expected_x = gg.reduce_sum(pos_x * attention, [1], keepdims=True)
            expected_y = gg.reduce_sum(pos_y * attention, [1], keepdims=True)
            keypoints = gg.reshape(gg.concat([expected_x, expected_y], 1), [-1, num_channels * 2])
            keypoints.set_shape([None, num_channels * 2])
            return keypoints


# contrib's fully_connected with its activation fixed (`slim.linear` has none).
elu = functools.partial(fully_connected, activation_fn=_elu)
relu = functools.partial(fully_connected, activation_fn=_relu)
relu6 = functools.partial(fully_connected, activation_fn=_relu6)
linear = functools.partial(fully_connected, activation_fn=None)

__all__ = [
    "add_arg_scope",
    "apply_regularization",
    "arg_scope",
    "avg_pool2d",
    "batch_norm",
    "bias_add",
    "conv2d",
    "conv2d_transpose",
    "convolution2d",
    "convolution2d_transpose",
    "current_arg_scope",
    "dropout",
    "elu",
    "flatten",
    "fully_connected",
    "group_norm",
    "instance_norm",
    "l1_l2_regularizer",
    "l1_regularizer",
    "l2_regularizer",
    "layer_norm",
    "linear",
    "max_pool2d",
    "maxout",
    "one_hot_encoding",
    "relu",
    "relu6",
    "spatial_softmax",
    "sum_regularizer",
    "variance_scaling_initializer",
    "xavier_initializer",
    "xavier_initializer_conv2d",
]
