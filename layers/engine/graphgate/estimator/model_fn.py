"""`tf.estimator.ModeKeys` and `tf.estimator.EstimatorSpec`: what a `model_fn` returns,
checked as TensorFlow 1.x checks it (the fields each mode needs, a scalar loss, tensors
of the default graph)."""

from __future__ import annotations

import collections
from typing import Any

from ..errors import error
from ..graph import Operation, Tensor, get_default_graph
from ..ops.array_ops import reshape
from ..ops.state_ops import Variable
from ..train.session_run_hook import SessionRunHook


class ModeKeys:
    """The three modes a `model_fn` is called in (TF's strings)."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


LOSS_METRIC_KEY = "loss"
AVERAGE_LOSS_METRIC_KEY = "average_loss"

_FIELDS = (
    "mode predictions loss train_op eval_metric_ops export_outputs training_chief_hooks "
    "training_hooks scaffold evaluation_hooks prediction_hooks"
)


def invalid(message: str) -> Exception:
    return error("INVALID_ESTIMATOR", message)


def wrong_type(message: str) -> Exception:
    return error("INVALID_ESTIMATOR_TYPE", message)


def _in_default_graph(what: str, t: Any) -> None:
    if t.graph is not get_default_graph():
        raise invalid(
            f"{what} with {t.name} must be from the default graph. Possible causes of this "
            "error include: \n\n1) {what} was created outside the context of the default "
            "graph.\n\n2) The object passed through to EstimatorSpec was not created in the "
            'most recent call to "model_fn".'
        )


def _tensor(x: Any, what: str) -> Tensor:
    if isinstance(x, Variable):
        x = x.value()
    if not isinstance(x, Tensor):
        raise wrong_type(f"{what} must be Tensor, given: {x}")
    return x


def _train_op(train_op: Any, mode: str) -> Any:
    if train_op is None:
        if mode == ModeKeys.TRAIN:
            raise invalid("Missing train_op.")
        return None
    if isinstance(train_op, Variable):
        train_op = train_op.op
    if not isinstance(train_op, Tensor | Operation):
        raise wrong_type(f"train_op must be Operation or Tensor, given: {train_op}")
    _in_default_graph("train_op", train_op)
    return train_op


def _loss(loss: Any, mode: str) -> Tensor | None:
    if loss is None:
        if mode in (ModeKeys.TRAIN, ModeKeys.EVAL):
            raise invalid("Missing loss.")
        return None
    loss = _tensor(loss, "loss")
    shape = loss.get_shape()
    if shape.num_elements() not in (None, 1):
        raise invalid(f"Loss must be scalar, given: {loss}")
    _in_default_graph("loss", loss)
    # A [1]-shaped loss is TF's scalar too; it is reshaped to () as TF does.
    return loss if shape.is_compatible_with([]) else reshape(loss, [])


def _predictions(predictions: Any, mode: str) -> Any:
    if predictions is None:
        if mode == ModeKeys.PREDICT:
            raise invalid("Missing predictions.")
        return {}
    if isinstance(predictions, dict):
        checked = {k: _tensor(v, f"predictions[{k}]") for k, v in predictions.items()}
        for t in checked.values():
            _in_default_graph("prediction values", t)
        return checked
    t = _tensor(predictions, "predictions")
    _in_default_graph("prediction values", t)
    return t


def _hooks(hooks: Any) -> tuple:
    hooks = tuple(hooks or ())
    for hook in hooks:
        if not isinstance(hook, SessionRunHook):
            raise wrong_type(f"All hooks must be SessionRunHook instances, given: {hook}")
    return hooks


def _metric_ops(eval_metric_ops: Any) -> dict:
    if eval_metric_ops is None:
        return {}
    if not isinstance(eval_metric_ops, dict):
        raise wrong_type(f"eval_metric_ops must be a dict, given: {eval_metric_ops}")
    for key, value in eval_metric_ops.items():
        if not isinstance(value, tuple) or len(value) != 2:
            raise wrong_type(
                "Values of eval_metric_ops must be (metric_value, update_op) tuples, given: "
                f"{value} for key: {key}"
            )
        for part in value:
            if not isinstance(part, Tensor | Operation):
                raise wrong_type(f"Values of eval_metric_ops must be Tensors or Ops: {key}")
            _in_default_graph("eval_metric_ops", part)
    return dict(eval_metric_ops)


class EstimatorSpec(collections.namedtuple("EstimatorSpec", _FIELDS)):
    """What a `model_fn` returns: `loss` and `train_op` to train, `loss` (and
    `eval_metric_ops`) to evaluate, `predictions` to predict.

    Raises
    ------
    GraphgateError
        INVALID_ESTIMATOR (ValueError) for a field the mode needs that is missing, a
        loss that is not a scalar or a tensor of another graph; INVALID_ESTIMATOR_TYPE
        (TypeError) for a field of the wrong kind.
    """

    def __new__(
        cls,
        mode: str,
        predictions: Any = None,
        loss: Any = None,
        train_op: Any = None,
        eval_metric_ops: Any = None,
        export_outputs: Any = None,
        training_chief_hooks: Any = None,
        training_hooks: Any = None,
        scaffold: Any = None,
        evaluation_hooks: Any = None,
        prediction_hooks: Any = None,
    ):
        from ..train.monitored_session import Scaffold
        from .export import default_export_outputs

        train_op = _train_op(train_op, mode)
        loss = _loss(loss, mode)
        predictions = _predictions(predictions, mode)
        if mode == ModeKeys.PREDICT:
            export_outputs = default_export_outputs(export_outputs, predictions)
        if scaffold is not None and not isinstance(scaffold, Scaffold):
            raise wrong_type(f"scaffold must be tf.train.Scaffold. Given: {scaffold}")
        return super().__new__(
            cls,
            mode=mode,
            predictions=predictions,
            loss=loss,
            train_op=train_op,
            eval_metric_ops=_metric_ops(eval_metric_ops),
            export_outputs=export_outputs,
            training_chief_hooks=_hooks(training_chief_hooks),
            training_hooks=_hooks(training_hooks),
            scaffold=scaffold or Scaffold(),
            evaluation_hooks=_hooks(evaluation_hooks),
            prediction_hooks=_hooks(prediction_hooks),
        )

    def _replace(self, **kwargs: Any) -> EstimatorSpec:
        if "mode" in kwargs and kwargs["mode"] != self.mode:
            raise invalid("mode of EstimatorSpec cannot be changed.")
        fields = self._asdict()
        fields.update(kwargs)
        return EstimatorSpec(**fields)
