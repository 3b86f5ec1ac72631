"""`tf.estimator` (TF 1.x's, as `tf.compat.v1.estimator`): `Estimator` with its
`EstimatorSpec`, `ModeKeys` and `RunConfig`, `inputs.numpy_input_fn`, `export`'s serving
receivers and outputs, `train_and_evaluate` with its specs and exporters, warm starts,
`add_metrics`, `experimental`'s early-stopping hooks, and the premade linear, DNN,
wide-and-deep and baseline estimators (loaded on first use). docs/engine.md#estimators-
tfestimator-and-tffeature_column says what differs from TF."""

from __future__ import annotations

import types

from . import export, inputs
from .estimator import Estimator
from .export import ClassificationOutput, PredictOutput, RegressionOutput
from .exporter import BestExporter, Exporter, FinalExporter, LatestExporter
from .extenders import add_metrics
from .model_fn import EstimatorSpec, ModeKeys
from .run_config import RunConfig
from .training import EvalSpec, TrainSpec, train_and_evaluate
from .warm_starting import WarmStartSettings

_CANNED = (
    "BaselineClassifier",
    "BaselineRegressor",
    "DNNClassifier",
    "DNNLinearCombinedClassifier",
    "DNNLinearCombinedRegressor",
    "DNNRegressor",
    "LinearClassifier",
    "LinearRegressor",
)


def _experimental() -> types.SimpleNamespace:
    from . import early_stopping as es

    return types.SimpleNamespace(
        make_early_stopping_hook=es.make_early_stopping_hook,
        stop_if_higher_hook=es.stop_if_higher_hook,
        stop_if_lower_hook=es.stop_if_lower_hook,
        stop_if_no_increase_hook=es.stop_if_no_increase_hook,
        stop_if_no_decrease_hook=es.stop_if_no_decrease_hook,
    )


experimental = _experimental()

# TF's tf.estimator also names tf.train's hooks.
_HOOKS = (
    "CheckpointSaverHook",
    "CheckpointSaverListener",
    "FeedFnHook",
    "FinalOpsHook",
    "LoggingTensorHook",
    "NanLossDuringTrainingError",
    "NanTensorHook",
    "ProfilerHook",
    "SecondOrStepTimer",
    "SessionRunArgs",
    "SessionRunContext",
    "SessionRunHook",
    "SessionRunValues",
    "StepCounterHook",
    "StopAtStepHook",
    "SummarySaverHook",
)


def __getattr__(name: str):
    if name in _CANNED:
        from . import canned

        return getattr(canned, name)
    if name in _HOOKS:
        from .. import train

        return getattr(train, name)
    if name == "tpu":  # tf.compat.v1.estimator.tpu: TPUEstimator on the CPU
        from . import tpu_estimator

        return tpu_estimator
    raise AttributeError(f"module 'graphgate.estimator' has no attribute {name!r}")


__all__ = [
    "ClassificationOutput",
    "Estimator",
    "EstimatorSpec",
    "ModeKeys",
    "PredictOutput",
    "RegressionOutput",
    "RunConfig",
    "EvalSpec",
    "BestExporter",
    "Exporter",
    "FinalExporter",
    "LatestExporter",
    "TrainSpec",
    "train_and_evaluate",
    "add_metrics",
    "WarmStartSettings",
    "experimental",
    "export",
    "inputs",
    *_CANNED,
    *_HOOKS,
]
