"""`tf.estimator` (TF 1.x's, as `tf.compat.v1.estimator`): `Estimator` with its
`EstimatorSpec`, `ModeKeys` and `RunConfig`, `inputs.numpy_input_fn`, `export`'s serving
receivers, and the premade linear and DNN estimators (loaded on first use)."""

from __future__ import annotations

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
    "export",
    "inputs",
    *_CANNED,
    *_HOOKS,
]
