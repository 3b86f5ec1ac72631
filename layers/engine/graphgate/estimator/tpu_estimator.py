"""`tf.contrib.tpu`'s estimator API on the CPU (`use_tpu=False`), as TF 1.15 runs it there:
google-research/bert's run_classifier.py, run_squad.py and run_pretraining.py build a
`TPUEstimator` with `use_tpu=FLAGS.use_tpu` and most users train them without a TPU.

On the CPU a `TPUEstimator` is an `Estimator` whose `input_fn` and `model_fn` find the
mode's global batch size in `params["batch_size"]` (and `model_fn` `params["use_tpu"]`,
False), and whose `model_fn` may return a `TPUEstimatorSpec`: its `eval_metrics`
`(metric_fn, tensors)` become `eval_metric_ops = metric_fn(*tensors)` (or `**tensors`),
its `scaffold_fn()` the scaffold. graphgate has no TPU: `use_tpu=True` is UNIMPLEMENTED."""

from __future__ import annotations

import collections
from typing import Any

from ..errors import error
from .estimator import Estimator, fn_args
from .model_fn import EstimatorSpec, ModeKeys, invalid
from .run_config import RunConfig as _RunConfig


class InputPipelineConfig:
    """How a TPU host feeds its cores (accepted and kept; there is no TPU here)."""

    PER_SHARD_V1 = 1
    PER_HOST_V1 = 2
    PER_HOST_V2 = 3
    BROADCAST = 4
    SLICED = 5


_TPU_FIELDS = [
    "iterations_per_loop", "num_shards", "num_cores_per_replica",
    "per_host_input_for_training", "tpu_job_name", "initial_infeed_sleep_secs",
    "input_partition_dims", "eval_training_input_configuration",
    "experimental_host_call_every_n_steps",
]  # fmt: skip


class TPUConfig(collections.namedtuple("TPUConfig", _TPU_FIELDS)):
    """TF 1.15's TPU settings, checked as TF checks them and otherwise unused here."""

    def __new__(cls, iterations_per_loop=2, num_shards=None, num_cores_per_replica=None,
                per_host_input_for_training=True, tpu_job_name=None,
                initial_infeed_sleep_secs=None, input_partition_dims=None,
                eval_training_input_configuration=InputPipelineConfig.PER_HOST_V1,
                experimental_host_call_every_n_steps=1):  # fmt: skip
        for name, value in (("iterations_per_loop", iterations_per_loop),
                            ("num_shards", num_shards)):  # fmt: skip
            if value is not None and (not isinstance(value, int) or value <= 0):
                raise ValueError(f"{name} must be positive integer. Got {value}")
        return super().__new__(
            cls, iterations_per_loop, num_shards, num_cores_per_replica,
            per_host_input_for_training, tpu_job_name, initial_infeed_sleep_secs,
            input_partition_dims, eval_training_input_configuration,
            experimental_host_call_every_n_steps,
        )  # fmt: skip


class RunConfig(_RunConfig):
    """`tf.contrib.tpu.RunConfig`: the estimator's RunConfig with `tpu_config`, `master`,
    `evaluation_master` and `cluster` (a TPU cluster resolver, unused on the CPU)."""

    def __init__(self, tpu_config: TPUConfig | None = None, evaluation_master: Any = None,
                 master: Any = None, cluster: Any = None, **kwargs: Any):  # fmt: skip
        super().__init__(**kwargs)
        self._tpu_config = tpu_config or TPUConfig()
        self._master = master or ""
        self._evaluation_master = evaluation_master if evaluation_master is not None else master
        self._cluster = cluster

    tpu_config = property(lambda self: self._tpu_config)
    master = property(lambda self: self._master)
    evaluation_master = property(lambda self: self._evaluation_master or "")
    cluster = property(lambda self: self._cluster)


_SPEC_FIELDS = [
    "mode", "predictions", "loss", "train_op", "eval_metrics", "export_outputs",
    "scaffold_fn", "host_call", "training_hooks", "evaluation_hooks", "prediction_hooks",
]  # fmt: skip


class TPUEstimatorSpec(collections.namedtuple("TPUEstimatorSpec", _SPEC_FIELDS)):
    """What a TPU `model_fn` returns: an EstimatorSpec whose metrics are a
    `(metric_fn, tensors)` pair and whose scaffold is made by `scaffold_fn`."""

    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metrics=None,
                export_outputs=None, scaffold_fn=None, host_call=None, training_hooks=None,
                evaluation_hooks=None, prediction_hooks=None):  # fmt: skip
        if eval_metrics is not None:
            _check_host_call("eval_metrics", eval_metrics)
        if host_call is not None:
            _check_host_call("host_call", host_call)
        return super().__new__(
            cls, mode, predictions, loss, train_op, eval_metrics, export_outputs, scaffold_fn,
            host_call, tuple(training_hooks or ()), tuple(evaluation_hooks or ()),
            tuple(prediction_hooks or ()),
        )  # fmt: skip

    def as_estimator_spec(self) -> EstimatorSpec:
        """The CPU's EstimatorSpec: `eval_metric_ops` from `metric_fn(*tensors)`."""
        if self.host_call is not None:
            raise error("UNIMPLEMENTED", "TPUEstimatorSpec's host_call is not supported")
        metric_ops = None
        if self.eval_metrics is not None:
            fn, tensors = self.eval_metrics
            metric_ops = fn(**tensors) if isinstance(tensors, dict) else fn(*tensors)
        return EstimatorSpec(
            mode=self.mode, predictions=self.predictions, loss=self.loss,
            train_op=self.train_op, eval_metric_ops=metric_ops,
            export_outputs=self.export_outputs,
            scaffold=self.scaffold_fn() if self.scaffold_fn else None,
            training_hooks=list(self.training_hooks),
            evaluation_hooks=list(self.evaluation_hooks),
            prediction_hooks=list(self.prediction_hooks),
        )  # fmt: skip


def _check_host_call(name: str, call: Any) -> None:
    if not isinstance(call, list | tuple) or len(call) != 2 or not callable(call[0]):
        raise ValueError(f"{name} should be tuple or list with 2 elements: (fn, tensors)")
    if not isinstance(call[1], list | tuple | dict):
        raise ValueError(f"{name}[1] should be tuple or list, or dict.")


_BATCH_SIZE_KEY = "batch_size"
_RESERVED = (_BATCH_SIZE_KEY, "context")


class TPUEstimator(Estimator):
    """An Estimator for TPU `model_fn`s, run on the CPU (`use_tpu=False`)."""

    def __init__(self, model_fn: Any = None, model_dir: Any = None, config: Any = None,
                 params: Any = None, use_tpu: bool = True, train_batch_size: Any = None,
                 eval_batch_size: Any = None, predict_batch_size: Any = None,
                 batch_axis: Any = None, eval_on_tpu: bool = True, export_to_tpu: bool = True,
                 export_to_cpu: bool = True, warm_start_from: Any = None,
                 embedding_config_spec: Any = None, **kwargs: Any):  # fmt: skip
        if config is None or not isinstance(config, RunConfig):
            raise invalid("`config` must be provided with type `tpu_config.RunConfig`")
        if params is not None and any(k in params for k in _RESERVED):
            raise invalid(f"{_RESERVED} are reserved keys but existed in params {params}.")
        if use_tpu:
            raise error(
                "UNIMPLEMENTED",
                "graphgate has no TPU: build the TPUEstimator with use_tpu=False",
            )
        for name, size in (("train_batch_size", train_batch_size),
                           ("eval_batch_size", eval_batch_size),
                           ("predict_batch_size", predict_batch_size)):  # fmt: skip
            if size is not None and (not isinstance(size, int) or size <= 0):
                raise ValueError(f"{name} must be positive integer. Got {size}")
        super().__init__(model_fn, model_dir, config, params, warm_start_from)
        self._batch_sizes = {
            ModeKeys.TRAIN: train_batch_size,
            ModeKeys.EVAL: eval_batch_size,
            ModeKeys.PREDICT: predict_batch_size,
        }
        self._mode = ModeKeys.TRAIN

    def _params_for(self, mode: str) -> dict:
        params = self.params
        size = self._batch_sizes.get(mode)
        if size is not None:
            params[_BATCH_SIZE_KEY] = size
        return params

    def _call_input_fn(self, input_fn: Any, mode: str) -> Any:
        self._mode = mode
        args = fn_args(input_fn)
        kwargs: dict = {}
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self._params_for(mode)
        if "config" in args:
            kwargs["config"] = self.config
        return input_fn(**kwargs)

    def _call_model_fn(self, features: Any, labels: Any, mode: str, config: Any) -> EstimatorSpec:
        args = fn_args(self._model_fn)
        kwargs: dict = {}
        if "labels" in args:
            kwargs["labels"] = labels
        elif labels is not None:
            raise invalid("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            params = self._params_for(mode)
            params["use_tpu"] = False
            kwargs["params"] = params
        if "config" in args:
            kwargs["config"] = config
        spec = self._model_fn(features=features, **kwargs)
        if isinstance(spec, TPUEstimatorSpec):
            return spec.as_estimator_spec()
        if not isinstance(spec, EstimatorSpec):
            raise invalid("model_fn should return an EstimatorSpec.")
        return spec


__all__ = [
    "InputPipelineConfig",
    "RunConfig",
    "TPUConfig",
    "TPUEstimator",
    "TPUEstimatorSpec",
]
