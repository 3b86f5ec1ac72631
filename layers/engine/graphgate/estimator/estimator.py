"""`tf.estimator.Estimator`: a `model_fn` trained, evaluated, used to predict and
exported, each call in a graph of its own that starts from the newest checkpoint in
`model_dir` (TF 1.x's estimator, on graphgate's monitored sessions, savers, metrics and
saved models).

train:    a new graph; global step; `input_fn()`; `model_fn(mode=TRAIN)`; a
          `MonitoredTrainingSession` over `model_dir` with TF's hooks (StopAtStepHook,
          NanTensorHook, LoggingTensorHook, a CheckpointSaverHook per RunConfig) runs
          `[train_op, loss]` until a hook stops it or the input runs out.
evaluate: `model_fn(mode=EVAL)`; the metrics' update ops run over the input (or `steps`
          batches) from the newest checkpoint; the result is every metric's value, TF's
          `loss` (the mean of the batch losses) and `global_step`.
predict:  `model_fn(mode=PREDICT)`; yields each example's predictions (or each batch's).
"""

from __future__ import annotations

import copy
import functools
import inspect
import os
import tempfile
from typing import Any

import numpy as np

from .. import tf_logging as logging
from ..data import Dataset, make_initializable_iterator
from ..errors import error
from ..graph import Graph, get_default_graph, set_random_seed
from ..train.basic_session_run_hooks import FinalOpsHook
from ..train.monitored_session import (
    ChiefSessionCreator,
    MonitoredSession,
    MonitoredTrainingSession,
    Scaffold,
)
from ..train.session_run_hook import SessionRunHook
from .model_fn import LOSS_METRIC_KEY, EstimatorSpec, ModeKeys, invalid, wrong_type
from .run_config import RunConfig

_VALID_MODEL_FN_ARGS = {"features", "labels", "mode", "params", "self", "config"}


def fn_args(fn: Any) -> tuple[str, ...]:
    """The argument names a callable takes, as TF reads them: a partial's bound ones and
    a method's `self` left out."""
    if isinstance(fn, functools.partial):
        bound = set(fn.keywords or ())
        names = fn_args(fn.func)[len(fn.args) :]
        return tuple(n for n in names if n not in bound)
    params = inspect.signature(fn).parameters
    return tuple(
        n
        for n, p in params.items()
        if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    )


def _verify_model_fn_args(model_fn: Any, params: Any) -> None:
    args = set(fn_args(model_fn))
    if "features" not in args:
        raise invalid(f"model_fn ({model_fn}) must include features argument.")
    if params is not None and "params" not in args:
        raise invalid(
            f"model_fn ({model_fn}) does not include params argument, but params ({params}) "
            "is passed to Estimator."
        )
    unexpected = sorted(args - _VALID_MODEL_FN_ARGS)
    if unexpected:
        raise invalid(f"model_fn ({model_fn}) has following not expected args: {unexpected}")


def _config_with_model_dir(config: Any, model_dir: Any) -> RunConfig:
    if config is None:
        config = RunConfig()
    if not isinstance(config, RunConfig):
        raise invalid(f"config must be an instance of `RunConfig`, but provided {config}.")
    model_dir = os.fspath(model_dir) if model_dir is not None else None
    if model_dir is not None and config.model_dir is not None and config.model_dir != model_dir:
        raise invalid(
            "`model_dir` are set both in constructor and `RunConfig`, but with different "
            f"values. In constructor: '{model_dir}', in `RunConfig`: '{config.model_dir}' "
        )
    if model_dir:
        return config.replace(model_dir=model_dir)
    if config.model_dir is None:
        model_dir = tempfile.mkdtemp()
        logging.warning("Using temporary folder as model directory: %s", model_dir)
        return config.replace(model_dir=model_dir)
    return config


def _check_hooks(hooks: Any) -> list:
    hooks = list(hooks or ())
    for h in hooks:
        if not isinstance(h, SessionRunHook):
            raise wrong_type(f"Hooks must be a SessionRunHook, given: {h}")
    return hooks


class _DatasetInitializerHook(SessionRunHook):
    """Initializes an input_fn's dataset iterator in each new session (TF's)."""

    def __init__(self, iterator: Any):
        self._iterator = iterator

    def begin(self) -> None:
        self._initializer = self._iterator.initializer

    def after_create_session(self, session: Any, coord: Any) -> None:
        session.run(self._initializer)


class _StopAfterNEvalsHook(SessionRunHook):
    """Stops an evaluation after `num_evals` runs of the update ops."""

    def __init__(self, num_evals: int):
        self._num_evals = num_evals
        self._done = 0

    def after_run(self, run_context: Any, run_values: Any) -> None:
        self._done += 1
        if self._done >= self._num_evals:
            run_context.request_stop()


class _SaverMakerHook(SessionRunHook):
    """Makes the estimator's Saver (TF's settings from the RunConfig) when the hooks
    begin, after any of them made variables, before the session is made."""

    def __init__(self, config: RunConfig):
        self._config = config

    def begin(self) -> None:
        from ..train.saver import Saver
        from ..variable_scope import GraphKeys

        graph = get_default_graph()
        if graph.get_collection(GraphKeys.SAVERS):
            return
        saver = Saver(
            sharded=True,
            max_to_keep=self._config.keep_checkpoint_max,
            keep_checkpoint_every_n_hours=self._config.keep_checkpoint_every_n_hours,
            defer_build=True,
            save_relative_paths=True,
        )
        graph.add_to_collection(GraphKeys.SAVERS, saver)


def _parse_input_fn_result(result: Any) -> tuple[Any, Any, list]:
    """features, labels (or None) and input hooks from what an `input_fn` returned."""
    hooks = []
    if isinstance(result, Dataset):
        iterator = make_initializable_iterator(result)
        hooks.append(_DatasetInitializerHook(iterator))
        result = iterator.get_next()
    if isinstance(result, list | tuple):
        if len(result) != 2:
            raise invalid("input_fn should return (features, labels) as a len 2 tuple.")
        return result[0], result[1], hooks
    return result, None, hooks


def _checkpoint_step(model_dir: str) -> int:
    from ..train.saver import latest_checkpoint, load_variable

    path = latest_checkpoint(model_dir)
    if not path:
        return 0
    try:
        return int(load_variable(path, "global_step"))
    except Exception:  # TF reads 0 when the checkpoint has no step, whatever the reason
        return 0


def _batch_length(values: dict) -> int:
    length = None
    for key, value in values.items():
        length = length or value.shape[0]
        if value.shape[0] != length:
            raise invalid(
                f"Batch length of predictions should be same. {key} has different batch "
                "length than others."
            )
    return length or 0


class Estimator:
    """Trains, evaluates and predicts with a `model_fn(features, labels, mode, params,
    config)` (only `features` is required; the others are passed when named).

    Parameters
    ----------
    model_fn:
        Builds the model and returns an `EstimatorSpec`.
    model_dir:
        Where checkpoints and summaries go; a new temporary directory when None and
        `config.model_dir` is None too.
    config:
        A `RunConfig`.
    params:
        A dict handed to `model_fn` as `params` (deep-copied, as TF).

    Raises
    ------
    GraphgateError
        INVALID_ESTIMATOR (ValueError) for a `model_fn` without a `features` argument,
        `params` it cannot take, or `model_dir` that differs from `config.model_dir`.
    """

    def __init__(
        self,
        model_fn: Any,
        model_dir: Any = None,
        config: Any = None,
        params: Any = None,
        warm_start_from: Any = None,
    ):
        from .warm_starting import settings_of

        self._warm_start = settings_of(warm_start_from)
        self._config = _config_with_model_dir(config, model_dir)
        self._model_dir = self._config.model_dir
        if model_fn is None:
            raise invalid("model_fn must be provided to Estimator.")
        _verify_model_fn_args(model_fn, params)
        self._model_fn = model_fn
        # Predictions computed from others after each run, by name: (source key, function)
        # — the premade classifiers' string classes, which graph tensors cannot hold yet.
        self._derived_predictions: dict[str, tuple[str, Any]] = {}
        self._params = copy.deepcopy(params or {})

    model_dir = property(lambda self: self._model_dir)
    config = property(lambda self: copy.deepcopy(self._config))
    params = property(lambda self: copy.deepcopy(self._params))

    @property
    def model_fn(self) -> Any:
        def public_model_fn(features: Any, labels: Any, mode: Any, config: Any) -> Any:
            return self._call_model_fn(features, labels, mode, config)

        return public_model_fn

    # -- checkpoints -------------------------------------------------------------------------
    def latest_checkpoint(self) -> str | None:
        from ..train.saver import latest_checkpoint

        return latest_checkpoint(self._model_dir)

    def _require_checkpoint(self) -> None:
        if not self.latest_checkpoint():
            raise error(
                "CHECKPOINT_NOT_FOUND",
                f"Could not find trained model in model_dir: {self._model_dir}.",
            )

    def get_variable_names(self) -> list[str]:
        """The names of the variables in the newest checkpoint."""
        from ..train.saver import list_variables

        self._require_checkpoint()
        return [name for name, _ in list_variables(self._model_dir)]

    def get_variable_value(self, name: str) -> np.ndarray:
        """A variable's value in the newest checkpoint."""
        from ..train.saver import load_variable

        self._require_checkpoint()
        return load_variable(self._model_dir, name)

    def eval_dir(self, name: str | None = None) -> str:
        return os.path.join(self._model_dir, "eval" if not name else "eval_" + name)

    # -- calling the user's functions --------------------------------------------------------
    def _call_input_fn(self, input_fn: Any, mode: str) -> Any:
        args = fn_args(input_fn)
        kwargs = {}
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = self.config
        return input_fn(**kwargs)

    def _call_model_fn(self, features: Any, labels: Any, mode: str, config: Any) -> EstimatorSpec:
        args = fn_args(self._model_fn)
        kwargs = {}
        if "labels" in args:
            kwargs["labels"] = labels
        elif labels is not None:
            raise invalid("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = config
        spec = self._model_fn(features=features, **kwargs)
        if not isinstance(spec, EstimatorSpec):
            raise invalid("model_fn should return an EstimatorSpec.")
        return spec

    def _maybe_warm_start(self, spec: EstimatorSpec, checkpoint_path: str | None) -> EstimatorSpec:
        """Warm-start the variables when there is no checkpoint to start from (TF's
        rule): their initializers load the settings' checkpoint."""
        if self._warm_start is None or checkpoint_path:
            return spec
        from .warm_starting import warm_start

        logging.info("Warm-starting with WarmStartSettings: %s", self._warm_start)
        warm_start(self._warm_start)
        return spec

    def _new_graph(self) -> Graph:
        from ..train.schedules import create_global_step

        graph = Graph()
        with graph.as_default():
            if self._config.tf_random_seed is not None:
                set_random_seed(self._config.tf_random_seed)
            create_global_step(graph)
        return graph

    # -- train -------------------------------------------------------------------------------
    def train(
        self,
        input_fn: Any,
        hooks: Any = None,
        steps: int | None = None,
        max_steps: int | None = None,
        saving_listeners: Any = None,
    ) -> Estimator:
        """Train for `steps` more steps, up to global step `max_steps`, or until the
        input runs out; resumes from the newest checkpoint. Returns `self`."""
        if steps is not None and max_steps is not None:
            raise invalid("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise invalid(f"Must specify steps > 0, given: {steps}")
        if max_steps is not None and max_steps <= 0:
            raise invalid(f"Must specify max_steps > 0, given: {max_steps}")
        if max_steps is not None and max_steps <= _checkpoint_step(self._model_dir):
            logging.info("Skipping training since max_steps has already saved.")
            return self
        from ..train.basic_session_run_hooks import StopAtStepHook

        hooks = _check_hooks(hooks)
        if steps is not None or max_steps is not None:
            hooks.append(StopAtStepHook(steps, max_steps))
        loss = self._train_model(input_fn, hooks, list(saving_listeners or ()))
        logging.info("Loss for final step: %s.", loss)
        return self

    def _train_model(self, input_fn: Any, hooks: list, saving_listeners: list) -> Any:
        graph = self._new_graph()
        with graph.as_default():
            result = self._call_input_fn(input_fn, ModeKeys.TRAIN)
            features, labels, input_hooks = _parse_input_fn_result(result)
            spec = self._call_model_fn(features, labels, ModeKeys.TRAIN, self.config)
            spec = self._maybe_warm_start(spec, self.latest_checkpoint())
            return self._train_with_spec(spec, input_hooks + hooks, saving_listeners)

    def _train_with_spec(self, spec: EstimatorSpec, worker_hooks: list, listeners: list) -> Any:
        from .. import summary
        from ..train import basic_session_run_hooks as stock
        from ..train.schedules import get_global_step
        from ..variable_scope import GraphKeys

        graph = get_default_graph()
        if not any(s.op.name == "loss" for s in graph.get_collection(GraphKeys.SUMMARIES)):
            summary.scalar("loss", spec.loss)
        graph.add_to_collection(GraphKeys.LOSSES, spec.loss)
        worker_hooks.append(stock.NanTensorHook(spec.loss))
        config = self._config
        if config.log_step_count_steps is not None:
            worker_hooks.append(
                stock.LoggingTensorHook(
                    {"loss": spec.loss, "step": get_global_step(graph)},
                    every_n_iter=config.log_step_count_steps,
                )
            )
        worker_hooks.extend(spec.training_hooks)
        if not (spec.scaffold.saver or graph.get_collection(GraphKeys.SAVERS)):
            # Last, so the variables other hooks make in begin() are saved too (TF's
            # deferred build of this saver).
            worker_hooks.append(_SaverMakerHook(config))
        chief_hooks = self._saver_hooks(spec, worker_hooks, listeners)
        with MonitoredTrainingSession(
            checkpoint_dir=self._model_dir,
            scaffold=spec.scaffold,
            hooks=worker_hooks,
            chief_only_hooks=tuple(chief_hooks) + tuple(spec.training_chief_hooks),
            save_checkpoint_secs=0,  # the CheckpointSaverHook above saves
            save_summaries_steps=config.save_summary_steps,
            log_step_count_steps=config.log_step_count_steps,
        ) as mon_sess:
            loss = None
            steps = 0
            while not mon_sess.should_stop():
                steps += 1
                _, loss = mon_sess.run([spec.train_op, spec.loss])
            if steps == 0:
                logging.warning(
                    "Training with estimator made no steps. Perhaps input is empty or misspecified."
                )
        return loss

    def _saver_hooks(self, spec: EstimatorSpec, worker_hooks: list, listeners: list) -> list:
        """TF's CheckpointSaverHook per RunConfig (with the saving listeners), unless the
        model_fn brought one."""
        from ..train.basic_session_run_hooks import CheckpointSaverHook

        config = self._config
        all_hooks = worker_hooks + list(spec.training_chief_hooks)
        if any(isinstance(h, CheckpointSaverHook) for h in all_hooks):
            if listeners:
                # TF adds them to the model_fn's hook; graphgate's hooks take them when made.
                raise error(
                    "UNIMPLEMENTED",
                    "saving_listeners with a CheckpointSaverHook of the model_fn's",
                )
            return []
        if not (config.save_checkpoints_secs or config.save_checkpoints_steps):
            if listeners:
                raise invalid(
                    "There should be a CheckpointSaverHook to use saving_listeners. Please "
                    "set one of the RunConfig.save_checkpoints_steps or "
                    "RunConfig.save_checkpoints_secs."
                )
            return []
        return [
            CheckpointSaverHook(
                self._model_dir,
                save_secs=config.save_checkpoints_secs,
                save_steps=config.save_checkpoints_steps,
                scaffold=spec.scaffold,
                listeners=listeners,
                save_graph_def=config.checkpoint_save_graph_def,
            )
        ]

    # -- evaluate ----------------------------------------------------------------------------
    def evaluate(
        self,
        input_fn: Any,
        steps: int | None = None,
        hooks: Any = None,
        checkpoint_path: str | None = None,
        name: str | None = None,
    ) -> dict:
        """Run the metrics over the input (or `steps` batches) with the newest checkpoint's
        variables (fresh ones when there is none); every metric's value, `loss` (the mean
        of the batch losses) and `global_step`."""
        hooks = _check_hooks(hooks)
        if steps is not None:
            if steps <= 0:
                raise invalid(f"Must specify steps > 0, given: {steps}")
            hooks.append(_StopAfterNEvalsHook(steps))
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
            if not checkpoint_path:
                logging.info(
                    "Could not find trained model in model_dir: %s, running initialization "
                    "to evaluate.",
                    self._model_dir,
                )
        graph = self._new_graph()
        with graph.as_default():
            scaffold, update_op, eval_dict, all_hooks = self._evaluate_build_graph(
                input_fn, hooks, checkpoint_path
            )
            final = FinalOpsHook(eval_dict)
            creator = ChiefSessionCreator(
                scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path
            )
            with MonitoredSession(creator, hooks=[*all_hooks, final]) as session:
                while not session.should_stop():
                    session.run(update_op)
        results = final.final_ops_values
        _write_eval_summary(self.eval_dir(name), results)
        return results

    def _evaluate_build_graph(self, input_fn: Any, hooks: list, checkpoint_path: Any) -> tuple:
        from .. import metrics
        from ..ops.state_ops import group
        from ..train.schedules import get_global_step

        result = self._call_input_fn(input_fn, ModeKeys.EVAL)
        features, labels, input_hooks = _parse_input_fn_result(result)
        spec = self._call_model_fn(features, labels, ModeKeys.EVAL, self.config)
        spec = self._maybe_warm_start(spec, checkpoint_path)
        metric_ops = dict(spec.eval_metric_ops)
        if LOSS_METRIC_KEY in metric_ops:
            raise invalid(
                f'Metric with name "{LOSS_METRIC_KEY}" is not allowed, because Estimator '
                "already defines a default metric with the same name."
            )
        metric_ops[LOSS_METRIC_KEY] = metrics.mean(spec.loss)
        if "global_step" in metric_ops:
            raise invalid(
                "Metric with name `global_step` is not allowed, because Estimator already "
                "defines a default metric with the same name."
            )
        update_op = group(*[update for _, update in metric_ops.values()])
        eval_dict = {name: value for name, (value, _) in metric_ops.items()}
        eval_dict["global_step"] = get_global_step()
        all_hooks = [*input_hooks, *hooks, *spec.evaluation_hooks]
        scaffold = spec.scaffold
        if scaffold.local_init_op is not None:
            scaffold = Scaffold(
                local_init_op=group(scaffold.local_init_op, Scaffold.default_local_init_op()),
                copy_from_scaffold=scaffold,
            )
        return scaffold, update_op, eval_dict, all_hooks

    # -- predict -----------------------------------------------------------------------------
    def predict(
        self,
        input_fn: Any,
        predict_keys: Any = None,
        hooks: Any = None,
        checkpoint_path: str | None = None,
        yield_single_examples: bool = True,
    ):
        """Yield the predictions of each example (each batch when
        `yield_single_examples=False`) until the input runs out."""
        hooks = _check_hooks(hooks)
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
        if not checkpoint_path:
            logging.info(
                "Could not find trained model in model_dir: %s, running initialization to predict.",
                self._model_dir,
            )
        graph = self._new_graph()
        with graph.as_default():
            result = self._call_input_fn(input_fn, ModeKeys.PREDICT)
            features, _, input_hooks = _parse_input_fn_result(result)
            spec = self._call_model_fn(features, None, ModeKeys.PREDICT, self.config)
            spec = self._maybe_warm_start(spec, checkpoint_path)
            derived = self._derived_predictions if isinstance(spec.predictions, dict) else {}
            predictions = _extract_keys(spec.predictions, _graph_keys(predict_keys, derived))
            creator = ChiefSessionCreator(
                scaffold=spec.scaffold, checkpoint_filename_with_path=checkpoint_path
            )
            all_hooks = [*input_hooks, *hooks, *spec.prediction_hooks]
            with MonitoredSession(creator, hooks=all_hooks) as session:
                while not session.should_stop():
                    values = _with_derived(session.run(predictions), predict_keys, derived)
                    if not yield_single_examples:
                        yield values
                    elif not isinstance(predictions, dict):
                        yield from values
                    else:
                        for i in range(_batch_length(values)):
                            yield {key: value[i] for key, value in values.items()}

    # -- export ------------------------------------------------------------------------------
    def export_saved_model(
        self,
        export_dir_base: Any,
        serving_input_receiver_fn: Any,
        assets_extra: Any = None,
        as_text: bool = False,
        checkpoint_path: str | None = None,
        experimental_mode: str = ModeKeys.PREDICT,
    ) -> bytes:
        """Write the PREDICT graph fed by `serving_input_receiver_fn()` with the newest
        checkpoint's variables as a saved model in `export_dir_base/<timestamp>`; its
        path, as bytes (TF's)."""
        from .exporting import export_saved_model

        if not serving_input_receiver_fn:
            raise invalid("An input_receiver_fn must be defined.")
        if experimental_mode != ModeKeys.PREDICT:
            raise error("UNIMPLEMENTED", "export_saved_model: only the PREDICT mode is exported")
        if assets_extra:
            raise error("UNIMPLEMENTED", "export_saved_model(assets_extra=...) is not supported")
        return export_saved_model(
            self, export_dir_base, serving_input_receiver_fn, checkpoint_path, as_text
        )

    def export_savedmodel(
        self,
        export_dir_base: Any,
        serving_input_receiver_fn: Any,
        assets_extra: Any = None,
        as_text: bool = False,
        checkpoint_path: str | None = None,
        strip_default_attrs: bool = False,
    ) -> bytes:
        """TF1's older name of `export_saved_model`."""
        return self.export_saved_model(
            export_dir_base, serving_input_receiver_fn, assets_extra, as_text, checkpoint_path
        )


def _graph_keys(predict_keys: Any, derived: dict) -> Any:
    """The prediction keys to fetch: derived ones replaced by their sources."""
    if not predict_keys or not derived:
        return predict_keys
    keys = [k for k in predict_keys if k not in derived]
    return keys + [derived[k][0] for k in predict_keys if k in derived]


def _with_derived(values: Any, predict_keys: Any, derived: dict) -> Any:
    """A run's predictions with the derived ones added, then only those asked for."""
    if not derived:
        return values
    values = dict(values)
    for name, (source, make) in derived.items():
        if source in values and (not predict_keys or name in predict_keys):
            values[name] = make(values[source])
    if predict_keys:
        values = {k: v for k, v in values.items() if k in predict_keys}
    return values


def _extract_keys(predictions: Any, predict_keys: Any) -> Any:
    if not predict_keys:
        return predictions
    if not isinstance(predictions, dict):
        raise invalid("predict_keys argument is not valid in case of non-dict predictions.")
    chosen = {k: v for k, v in predictions.items() if k in predict_keys}
    if not chosen:
        raise invalid(
            f"Expected to run at least one output from {list(predictions)}, provided "
            f"{predict_keys}."
        )
    return chosen


def _write_eval_summary(output_dir: str, results: dict) -> None:
    """The evaluation's scalar results as one summary event at its global step, in
    `model_dir/eval[_name]` (TF's, for TensorBoard)."""
    from ..summary import FileWriterCache, Summary

    values = [
        Summary.Value(tag=key, simple_value=float(value))
        for key, value in results.items()
        if key != "global_step"
        and np.ndim(value) == 0
        and np.issubdtype(np.asarray(value).dtype, np.number)
    ]
    writer = FileWriterCache.get(output_dir)
    writer.add_summary(Summary(value=values), int(results["global_step"]))
    writer.flush()


__all__ = ["Estimator"]
