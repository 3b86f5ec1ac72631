"""The parts of `tf.contrib.slim` that slim's nets (tensorflow/models' research/slim: VGG,
ResNet, Inception, MobileNet) and their training scripts reach for beyond contrib's layers:
`slim.utils` (named end points), `repeat` and `stack`, `softmax`, `separable_conv2d` and
`slim.learning.create_train_op`, as TF 1.15 (and tf_slim) wrote them, so the nets' variable
names, end-point names and numbers are TensorFlow's."""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from . import dtypes as _dt
from .contrib_layers import (
    _ZEROS,
    _biased,
    _finish,
    _model_variable,
    _pair,
    add_arg_scope,
    append_tensor_alias,
    collect_named_outputs,
    convert_collection_to_dict,
    gather_tensors_aliases,
    get_tensor_aliases,
    last_dimension,
    xavier_initializer,
)
from .errors import error
from .graph import as_tensors, get_default_graph
from .indexed_slices import IndexedSlices
from .ops import conv_ops
from .ops.array_ops import identity, placeholder, reshape, shape
from .ops.debug_ops import check_numerics
from .ops.extra_array_ops import clip_by_norm
from .ops.math_ops import multiply
from .ops.nn_ops import relu as _relu
from .ops.nn_ops import softmax as _softmax
from .ops.state_ops import group, no_op, trainable_variables
from .train.initializers import zeros_initializer
from .train.saver import NewCheckpointReader
from .train.schedules import get_global_step, get_or_create_global_step
from .train.session_run_hook import SessionRunArgs, SessionRunHook
from .variable_scope import GraphKeys, get_variable, variable_scope


def _layer_name(layer: Callable, fallback: str) -> str:
    if hasattr(layer, "__name__"):
        return layer.__name__
    if hasattr(layer, "func") and hasattr(layer.func, "__name__"):  # a functools.partial
        return layer.func.__name__
    return fallback


def repeat(inputs: Any, repetitions: int, layer: Callable, *args: Any, **kwargs: Any) -> Any:
    """`layer` applied `repetitions` times, the i-th in scope `<scope>/<scope>_i` (VGG's
    `slim.repeat(net, 2, slim.conv2d, 64, [3, 3], scope='conv1')` makes `conv1/conv1_1`)."""
    scope = kwargs.pop("scope", None)
    with variable_scope(scope, "Repeat", [inputs]):
        outputs = inputs
        scope = scope if scope is not None else _layer_name(layer, "repeat")
        for i in range(repetitions):
            kwargs["scope"] = f"{scope}_{i + 1}"
            outputs = layer(outputs, *args, **kwargs)
        return outputs


def stack(inputs: Any, layer: Callable, stack_args: Any, **kwargs: Any) -> Any:
    """`layer` applied once per entry of `stack_args` (its positional arguments), the i-th
    in scope `<scope>/<scope>_i`."""
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, list | tuple):
        raise ValueError("stack_args need to be a list or tuple")
    with variable_scope(scope, "Stack", [inputs]):
        outputs = inputs
        scope = scope if scope is not None else _layer_name(layer, "stack")
        for i, layer_args in enumerate(stack_args):
            kwargs["scope"] = f"{scope}_{i + 1}"
            if not isinstance(layer_args, list | tuple):
                layer_args = [layer_args]
            outputs = layer(outputs, *layer_args, **kwargs)
        return outputs


def softmax(logits: Any, scope: Any = None) -> Any:
    """Softmax over the last axis of logits of any rank >= 2 (slim's: through a reshape to
    2-D and back), in variable scope `softmax`."""
    graph, (x,) = as_tensors(logits)
    with graph.as_default(), variable_scope(scope, "softmax", [x]):
        num_logits = last_dimension(x.shape, min_rank=2)
        predictions = _softmax(reshape(x, [-1, num_logits]))
        predictions = reshape(predictions, shape(x))
        predictions.set_shape(x.shape)
        return predictions


@add_arg_scope
def separable_conv2d(
    inputs: Any,
    num_outputs: int | None,
    kernel_size: Any,
    depth_multiplier: int = 1,
    stride: Any = 1,
    padding: str = "SAME",
    data_format: str = "NHWC",
    rate: Any = 1,
    activation_fn: Callable | None = _relu,
    normalizer_fn: Callable | None = None,
    normalizer_params: dict | None = None,
    weights_initializer: Callable | None = None,
    pointwise_initializer: Callable | None = None,
    weights_regularizer: Callable | None = None,
    biases_initializer: Callable | None = _ZEROS,
    biases_regularizer: Callable | None = None,
    reuse: Any = None,
    variables_collections: Any = None,
    outputs_collections: Any = None,
    trainable: bool = True,
    scope: Any = None,
) -> Any:
    """A depthwise convolution (`depthwise_weights` [kh, kw, in, depth_multiplier]), then,
    unless `num_outputs` is None (MobileNet's depthwise layers), a 1x1 pointwise one
    (`pointwise_weights`), in scope `SeparableConv2d`; biases unless a normalizer follows."""
    if data_format not in (None, "NHWC"):
        raise error("INVALID_ATTR", "contrib separable_conv2d here takes NHWC inputs only")
    graph, (x,) = as_tensors(inputs)
    in_channels = last_dimension(x.shape, min_rank=4)
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride)
    weights_initializer = weights_initializer or xavier_initializer()
    with graph.as_default(), variable_scope(scope, "SeparableConv2d", reuse=reuse) as sc:
        depthwise = _model_variable(
            "depthwise_weights", (kh, kw, in_channels, int(depth_multiplier)), x.dtype,
            weights_initializer, weights_regularizer, trainable, variables_collections,
            None if num_outputs is None else "depthwise_kernel",
        )  # fmt: skip
        strides = (1, sh, sw, 1)
        # Only the pointwise form is the Keras layer whose weights name their penalties.
        weight = None if num_outputs is None else "bias"
        if num_outputs is None:
            y = conv_ops.depthwise_conv2d(x, depthwise, strides, padding, rate=_pair(rate))
            num_outputs = int(depth_multiplier) * in_channels
        else:
            pointwise = _model_variable(
                "pointwise_weights", (1, 1, int(depth_multiplier) * in_channels, int(num_outputs)),
                x.dtype, pointwise_initializer or weights_initializer, weights_regularizer,
                trainable, variables_collections, "pointwise_kernel",
            )  # fmt: skip
            y = conv_ops.separable_conv2d(
                x, depthwise, pointwise, strides, padding, rate=_pair(rate)
            )
        if normalizer_fn is None and biases_initializer is not None:
            y = _biased(
                y, int(num_outputs), biases_initializer, biases_regularizer, trainable,
                variables_collections, weight,
            )  # fmt: skip
        return _finish(
            y, sc.name, activation_fn, normalizer_fn, normalizer_params, outputs_collections
        )


# -- slim's variables and checkpoints (tf_slim/ops/variables.py) --------------------------------


@add_arg_scope
def variable(
    name: str,
    shape: Any = None,
    dtype: Any = None,
    initializer: Any = None,
    regularizer: Any = None,
    trainable: bool = True,
    collections: Any = None,
    caching_device: Any = None,
    device: Any = None,
    partitioner: Any = None,
    custom_getter: Any = None,
    use_resource: Any = None,
    **kwargs: Any,
) -> Any:
    """`get_variable` in the given collections (GLOBAL_VARIABLES by default), on `device`."""
    keys = list(
        dict.fromkeys(collections if collections is not None else [GraphKeys.GLOBAL_VARIABLES])
    )
    with get_default_graph().device(device or ""):
        return get_variable(
            name, shape, dtype, initializer, regularizer, trainable, keys,
            caching_device=caching_device, partitioner=partitioner,
            custom_getter=custom_getter, use_resource=use_resource,
        )  # fmt: skip


@add_arg_scope
def model_variable(
    name: str,
    shape: Any = None,
    dtype: Any = _dt.float32,
    initializer: Any = None,
    regularizer: Any = None,
    trainable: bool = True,
    collections: Any = None,
    caching_device: Any = None,
    device: Any = None,
    partitioner: Any = None,
    custom_getter: Any = None,
    use_resource: Any = None,
    **kwargs: Any,
) -> Any:
    """A `variable` also in MODEL_VARIABLES: what a checkpoint of the model holds."""
    keys = [*(collections or []), GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]
    # Keywords all, as slim's: an arg_scope on `variable` gives the rest.
    return variable(
        name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
        trainable=trainable, collections=keys, caching_device=caching_device, device=device,
        partitioner=partitioner, custom_getter=custom_getter, use_resource=use_resource,
    )  # fmt: skip


def _by_checkpoint_name(var_list: Any) -> dict:
    if isinstance(var_list, dict):
        return {k: v if isinstance(v, list) else [v] for k, v in var_list.items()}
    grouped: dict = {}
    for var in var_list:
        grouped.setdefault(var.op.name, []).append(var)
    return grouped


def assign_from_checkpoint(
    model_path: str, var_list: Any, ignore_missing_vars: bool = False
) -> tuple[Any, dict]:
    """(an op assigning the variables their checkpoint values, the feed it needs)."""
    reader = NewCheckpointReader(model_path)
    assign_ops, feed_dict = [], {}
    for ckpt_name, variables in _by_checkpoint_name(var_list).items():
        if not reader.has_tensor(ckpt_name):
            message = f"Checkpoint is missing variable [{ckpt_name}]"
            if ignore_missing_vars:
                _LOG.warning(message)
                continue
            raise ValueError(message)
        value = reader.get_tensor(ckpt_name)
        for var in variables:
            holder = placeholder(var.dtype, var.shape, name="placeholder/" + var.op.name)
            assign_ops.append(var.assign(holder))
            if tuple(var.shape.as_list()) != tuple(value.shape):
                raise ValueError(
                    f"Total size of new array must be unchanged for {ckpt_name} lh_shape: "
                    f"[{value.shape}], rh_shape: [{var.shape}]"
                )
            feed_dict[holder] = value
    return group(*assign_ops), feed_dict


def assign_from_checkpoint_fn(
    model_path: str,
    var_list: Any,
    ignore_missing_vars: bool = False,
    reshape_variables: bool = False,
) -> Callable | None:
    """`fn(session)` restoring `var_list` from the checkpoint (by a Saver of them); with
    `ignore_missing_vars`, those the checkpoint lacks are left out (None if none is left).
    slim's fine-tuning `init_fn`."""
    from .train.saver import Saver

    if not var_list:
        raise ValueError("var_list cannot be empty")
    if ignore_missing_vars:
        reader = NewCheckpointReader(model_path)
        names = var_list if isinstance(var_list, dict) else {v.op.name: v for v in var_list}
        var_list = {}
        for name, var in names.items():
            if reader.has_tensor(name):
                var_list[name] = var
            else:
                _LOG.warning("Variable %s missing in checkpoint %s", name, model_path)
    if not var_list:
        _LOG.warning("No Variables to restore")
        return None
    saver = Saver(var_list, reshape=reshape_variables)

    def callback(session: Any) -> None:
        saver.restore(session, model_path)

    return callback


# -- slim.learning ------------------------------------------------------------------------------


def clip_gradient_norms(gradients_to_variables: list, max_norm: float) -> list:
    """Each gradient clipped to `max_norm` on its own (`clip_by_norm`)."""
    clipped = []
    for grad, var in gradients_to_variables:
        if isinstance(grad, IndexedSlices):
            grad = IndexedSlices(
                clip_by_norm(grad.values, max_norm), grad.indices, grad.dense_shape
            )
        elif grad is not None:
            grad = clip_by_norm(grad, max_norm)
        clipped.append((grad, var))
    return clipped


def multiply_gradients(grads_and_vars: list, gradient_multipliers: dict) -> list:
    """Each gradient whose variable (or its op's name) has a multiplier, multiplied by it."""
    if not isinstance(grads_and_vars, list):
        raise ValueError("`grads_and_vars` must be a list.")
    if not gradient_multipliers:
        raise ValueError("`gradient_multipliers` is empty.")
    multiplied = []
    for grad, var in grads_and_vars:
        key = var if var in gradient_multipliers else var.op.name
        if grad is not None and key in gradient_multipliers:
            factor = gradient_multipliers[key]
            if isinstance(grad, IndexedSlices):
                grad = IndexedSlices(grad.values * factor, grad.indices, grad.dense_shape)
            else:
                grad = multiply(grad, factor)
        multiplied.append((grad, var))
    return multiplied


_USE_GLOBAL_STEP = object()


def create_train_op(
    total_loss: Any,
    optimizer: Any,
    global_step: Any = _USE_GLOBAL_STEP,
    update_ops: Any = None,
    variables_to_train: Any = None,
    clip_gradient_norm: float = 0,
    summarize_gradients: bool = False,
    gate_gradients: int = 1,
    aggregation_method: Any = None,
    colocate_gradients_with_ops: bool = False,
    gradient_multipliers: dict | None = None,
    check_numerics: bool = True,
    transform_grads_fn: Callable | None = None,
) -> Any:
    """`slim.learning.create_train_op`: a tensor that, when run, applies one step of
    `optimizer` (after the UPDATE_OPS, or `update_ops`, and incrementing the global step)
    and evaluates to the loss (checked for Inf and NaN)."""
    if global_step is _USE_GLOBAL_STEP:
        global_step = get_or_create_global_step()
    graph = get_default_graph()
    if update_ops is None:
        update_ops = graph.get_collection(GraphKeys.UPDATE_OPS)
    if update_ops:
        with graph.control_dependencies(list(update_ops)):
            barrier = no_op(name="update_barrier")
        with graph.control_dependencies([barrier]):
            total_loss = identity(total_loss, name="control_dependency")
    variables = trainable_variables() if variables_to_train is None else variables_to_train
    grads = optimizer.compute_gradients(
        total_loss, variables, gate_gradients=gate_gradients,
        aggregation_method=aggregation_method,
        colocate_gradients_with_ops=colocate_gradients_with_ops,
    )  # fmt: skip
    grads = _transformed(grads, gradient_multipliers, clip_gradient_norm, transform_grads_fn)
    grad_updates = optimizer.apply_gradients(grads, global_step=global_step)
    with graph.name_scope("train_op"):
        if check_numerics:
            total_loss = _checked(total_loss)
        with graph.control_dependencies([grad_updates]):
            train_op = identity(total_loss, name="control_dependency")
    train_ops = graph.get_collection_ref(GraphKeys.TRAIN_OP)
    if train_op not in train_ops:
        train_ops.append(train_op)
    return train_op


def _checked(loss: Any) -> Any:
    return check_numerics(loss, "LossTensor is inf or nan")


def _transformed(grads, multipliers, clip_norm, transform_grads_fn):
    graph = get_default_graph()
    if transform_grads_fn is not None:
        return transform_grads_fn(grads)
    if multipliers:
        with graph.name_scope("multiply_grads"):
            grads = multiply_gradients(grads, multipliers)
    if clip_norm > 0:
        with graph.name_scope("clip_grads"):
            grads = clip_gradient_norms(grads, clip_norm)
    return grads


_LOG = logging.getLogger("graphgate")


# -- slim.evaluation (eval_image_classifier.py's evaluate_once) ------------------------------


def _get_or_create_eval_step() -> Any:
    """The local int64 `eval_step` counting evaluation batches (EVAL_STEP collection)."""
    graph = get_default_graph()
    found = graph.get_collection(GraphKeys.EVAL_STEP)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ValueError("Multiple tensors added to tf.GraphKeys.EVAL_STEP")
    return get_variable(
        "eval_step", shape=[], dtype=_dt.int64, initializer=zeros_initializer(),
        trainable=False, collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.EVAL_STEP],
    )  # fmt: skip


class StopAfterNEvalsHook(SessionRunHook):
    """Ask the session to stop once `num_evals` evaluation batches have run."""

    def __init__(self, num_evals: Any, log_progress: bool = True):
        self._num_evals, self._log_progress = num_evals, log_progress
        self._evals_completed = None

    def _set_evals_completed_tensor(self, updated_eval_step: Any) -> None:
        self._evals_completed = updated_eval_step

    def before_run(self, run_context: Any) -> SessionRunArgs:
        return SessionRunArgs({"evals_completed": self._evals_completed})

    def after_run(self, run_context: Any, run_values: Any) -> None:
        evals_completed = run_values.results["evals_completed"]
        if self._log_progress:
            _LOG.info("Evaluation [%d/%s]", evals_completed, self._num_evals)
        if self._num_evals is not None and evals_completed >= self._num_evals:
            run_context.request_stop()


class SummaryAtEndHook(SessionRunHook):
    """Write `summary_op` (default: all summaries) to `log_dir` at the global step when
    the evaluation ends."""

    def __init__(self, log_dir: Any = None, summary_writer: Any = None, summary_op: Any = None,
                 feed_dict: Any = None):  # fmt: skip
        self._summary_op, self._feed_dict = summary_op, feed_dict
        self._summary_writer, self._log_dir = summary_writer, log_dir
        if self._log_dir is None and self._summary_writer is None:
            raise ValueError("One of log_dir or summary_writer should be used.")

    def begin(self) -> None:
        from .summary import FileWriterCache, merge_all

        self._global_step = get_or_create_global_step()
        if self._summary_op is None:
            self._summary_op = merge_all()
        if self._summary_writer is None and self._log_dir:
            self._summary_writer = FileWriterCache.get(self._log_dir)

    def end(self, session: Any) -> None:
        step = int(session.run(self._global_step))
        summary = session.run(self._summary_op, self._feed_dict)
        if self._summary_writer is not None:
            self._summary_writer.add_summary(summary, step)
            self._summary_writer.flush()


_USE_DEFAULT = object()


def evaluate_once(master: str, checkpoint_path: str, logdir: str, num_evals: int = 1,
                  initial_op: Any = None, initial_op_feed_dict: Any = None,
                  eval_op: Any = None, eval_op_feed_dict: Any = None, final_op: Any = None,
                  final_op_feed_dict: Any = None, summary_op: Any = _USE_DEFAULT,
                  summary_op_feed_dict: Any = None, variables_to_restore: Any = None,
                  session_config: Any = None, hooks: Any = None) -> Any:  # fmt: skip
    """Restore `checkpoint_path`, run `eval_op` `num_evals` times, write the summaries
    to `logdir` and return what `final_op` gives (slim's eval_image_classifier loop)."""
    from .summary import merge_all
    from .train.basic_session_run_hooks import FinalOpsHook
    from .train.monitored_session import ChiefSessionCreator, MonitoredSession, Scaffold
    from .train.saver import Saver

    if summary_op is _USE_DEFAULT:
        summary_op = merge_all()
    all_hooks: list = [StopAfterNEvalsHook(num_evals)]
    if summary_op is not None:
        all_hooks.append(
            SummaryAtEndHook(log_dir=logdir, summary_op=summary_op, feed_dict=summary_op_feed_dict)
        )
    all_hooks.extend(hooks or [])
    saver = None if variables_to_restore is None else Saver(variables_to_restore)
    eval_step = _get_or_create_eval_step()
    if eval_op is not None:
        update_eval_step = eval_step.assign_add(1)
        for h in all_hooks:
            if isinstance(h, StopAfterNEvalsHook):
                h._set_evals_completed_tensor(update_eval_step)
        if isinstance(eval_op, dict):
            eval_op = {**eval_op, "update_eval_step": update_eval_step}
        elif isinstance(eval_op, list | tuple):
            eval_op = [*eval_op, update_eval_step]
        else:
            eval_op = [eval_op, update_eval_step]
    final_ops_hook = FinalOpsHook(final_op, final_op_feed_dict)
    all_hooks.append(final_ops_hook)
    scaffold = Scaffold(init_op=initial_op, init_feed_dict=initial_op_feed_dict, saver=saver)
    creator = ChiefSessionCreator(
        scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path, master=master,
        config=session_config,
    )  # fmt: skip
    with MonitoredSession(session_creator=creator, hooks=all_hooks) as session:
        if eval_op is not None:
            while not session.should_stop():
                session.run(eval_op, eval_op_feed_dict)
    return final_ops_hook.final_ops_values


evaluation = SimpleNamespace(
    evaluate_once=evaluate_once,
    StopAfterNEvalsHook=StopAfterNEvalsHook,
    SummaryAtEndHook=SummaryAtEndHook,
    get_or_create_eval_step=_get_or_create_eval_step,
)

# -- contrib.layers.optimize_loss ------------------------------------------------------------

OPTIMIZER_SUMMARIES = [
    "learning_rate",
    "loss",
    "gradients",
    "gradient_norm",
    "global_gradient_norm",
]


def _optimizer_classes() -> dict:
    from . import train

    return {
        "Adagrad": train.AdagradOptimizer,
        "Adam": train.AdamOptimizer,
        "Ftrl": train.FtrlOptimizer,
        "Momentum": lambda learning_rate: train.MomentumOptimizer(learning_rate, momentum=0.9),
        "RMSProp": train.RMSPropOptimizer,
        "SGD": train.GradientDescentOptimizer,
    }


def _learning_rate(learning_rate: Any) -> Any:
    from .graph import Tensor
    from .train.initializers import constant_initializer

    if learning_rate is None:
        return None
    if isinstance(learning_rate, Tensor) and learning_rate.shape.ndims == 0:
        return learning_rate
    if isinstance(learning_rate, float):
        if learning_rate < 0.0:
            raise ValueError(f"Invalid learning_rate {learning_rate}.")
        return get_variable(
            "learning_rate", [], trainable=False, initializer=constant_initializer(learning_rate)
        )
    raise ValueError(
        "Learning rate should be 0d Tensor or float. "
        f"Got {type(learning_rate)} of shape {getattr(learning_rate, 'shape', None)}"
    )


_NO_LR = "Learning rate is None, but should be specified if optimizer is"


def _make_optimizer(optimizer: Any, lr: Any) -> Any:
    from .train.optimizers import Optimizer

    names = _optimizer_classes()
    if isinstance(optimizer, str):
        if lr is None:
            raise ValueError(f"{_NO_LR} string ({optimizer}).")
        if optimizer not in names:
            raise ValueError(
                f"Optimizer name should be one of [{', '.join(names)}], you provided {optimizer}."
            )
        return names[optimizer](learning_rate=lr)
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        if lr is None:
            raise ValueError(f"{_NO_LR} class ({optimizer}).")
        return optimizer(learning_rate=lr)
    if isinstance(optimizer, Optimizer):
        return optimizer
    if callable(optimizer):
        opt = optimizer(lr) if lr is not None else optimizer()
        if not isinstance(opt, Optimizer):
            raise ValueError(
                f"Unrecognized optimizer: function should return subclass of Optimizer. Got {opt}."
            )
        return opt
    raise ValueError(
        "Unrecognized optimizer: should be string, subclass of Optimizer, instance of "
        f"subclass of Optimizer or function with one argument. Got {optimizer}."
    )


def optimize_loss(loss: Any, global_step: Any, learning_rate: Any, optimizer: Any,
                  gradient_noise_scale: Any = None, gradient_multipliers: Any = None,
                  clip_gradients: Any = None, learning_rate_decay_fn: Any = None,
                  update_ops: Any = None, variables: Any = None, name: Any = None,
                  summaries: Any = None, colocate_gradients_with_ops: bool = False,
                  increment_global_step: bool = True) -> Any:  # fmt: skip
    """contrib's one-call training op: the loss after the update ops, an optimizer by name,
    class, instance or factory over a learning-rate variable (`OptimizeLoss/learning_rate`)
    or tensor, gradients multiplied and clipped by global norm, summaries; evaluates to
    the loss after applying the step."""
    from .summary import scalar

    if gradient_noise_scale is not None:
        raise error("UNIMPLEMENTED", "optimize_loss's gradient_noise_scale is not supported")
    graph = get_default_graph()
    if global_step is None:
        global_step = get_global_step()
    with variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = list(dict.fromkeys(graph.get_collection(GraphKeys.UPDATE_OPS)))
        if update_ops:
            with graph.control_dependencies(list(update_ops)):
                loss = identity(loss, name="control_dependency")
        lr = _learning_rate(learning_rate)
        summaries = _summaries(summaries)
        if learning_rate is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            lr = learning_rate_decay_fn(lr, global_step)
            if "learning_rate" in summaries:
                scalar("learning_rate", lr)
        opt = _make_optimizer(optimizer, lr)
        gradients = opt.compute_gradients(
            loss, trainable_variables() if variables is None else variables,
            colocate_gradients_with_ops=colocate_gradients_with_ops,
        )  # fmt: skip
        gradients = _clipped(gradients, gradient_multipliers, clip_gradients, summaries)
        if "loss" in summaries:
            scalar("loss", loss)
        _gradient_summaries(gradients, summaries, clip_gradients is not None)
        grad_updates = opt.apply_gradients(
            gradients, global_step=global_step if increment_global_step else None, name="train"
        )
        with graph.control_dependencies([grad_updates]):
            return identity(loss, name="control_dependency")


def _gradient_summaries(gradients: list, summaries: list, clipped: bool) -> None:
    from .summary import histogram, scalar
    from .train.clip import global_norm

    for gradient, variable in gradients:
        values = gradient.values if isinstance(gradient, IndexedSlices) else gradient
        if values is None:
            continue
        var_name = variable.name.replace(":", "_")
        if "gradients" in summaries:
            histogram(f"gradients/{var_name}", values)
        if "gradient_norm" in summaries:
            scalar(f"gradient_norm/{var_name}", global_norm([values]))
    if clipped and ("global_gradient_norm" in summaries or "gradient_norm" in summaries):
        scalar("global_norm/clipped_gradient_norm", global_norm([g for g, _ in gradients]))


def _summaries(summaries: Any) -> list:
    if summaries is None:
        return ["loss", "learning_rate", "global_gradient_norm"]
    for summ in summaries:
        if summ not in OPTIMIZER_SUMMARIES:
            raise ValueError(
                f"Summaries should be one of [{', '.join(OPTIMIZER_SUMMARIES)}], "
                f"you provided {summ}."
            )
    return list(summaries)


def _clipped(gradients: list, multipliers: Any, clip_gradients: Any, summaries: list) -> list:
    from .summary import scalar
    from .train.clip import clip_by_global_norm, global_norm

    if multipliers is not None:
        gradients = multiply_gradients(gradients, multipliers)
        if not gradients:
            raise ValueError("Empty list of (gradient, var) pairs encountered.")
    if "global_gradient_norm" in summaries or "gradient_norm" in summaries:
        scalar("global_norm/gradient_norm", global_norm([g for g, _ in gradients]))
    if isinstance(clip_gradients, float):
        grads, variables = zip(*gradients, strict=True)
        clipped, _ = clip_by_global_norm(list(grads), clip_gradients)
        return list(zip(clipped, variables, strict=True))
    if callable(clip_gradients):
        return clip_gradients(gradients)
    if clip_gradients is not None:
        raise ValueError(f"Unknown type {type(clip_gradients)} for clip_gradients")
    return gradients


utils = SimpleNamespace(
    append_tensor_alias=append_tensor_alias,
    collect_named_outputs=collect_named_outputs,
    convert_collection_to_dict=convert_collection_to_dict,
    gather_tensors_aliases=gather_tensors_aliases,
    get_tensor_aliases=get_tensor_aliases,
    last_dimension=last_dimension,
)
learning = SimpleNamespace(
    create_train_op=create_train_op,
    clip_gradient_norms=clip_gradient_norms,
    multiply_gradients=multiply_gradients,
)

SLIM = {
    "repeat": repeat,
    "stack": stack,
    "softmax": softmax,
    "separable_conv2d": separable_conv2d,
    "separable_convolution2d": separable_conv2d,
    "utils": utils,
    "learning": learning,
    "variable": variable,
    "model_variable": model_variable,
    "assign_from_checkpoint": assign_from_checkpoint,
    "assign_from_checkpoint_fn": assign_from_checkpoint_fn,
    "get_or_create_global_step": get_or_create_global_step,
    "get_global_step": get_global_step,
    "evaluation": evaluation,
}
