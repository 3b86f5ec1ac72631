"""`tf.estimator.Exporter`s for `EvalSpec(exporters=...)`: after an evaluation in
`train_and_evaluate`, `LatestExporter` writes a saved model into
`model_dir/export/<name>/<timestamp>` (keeping the newest `exports_to_keep`),
`FinalExporter` only after the last one."""

from __future__ import annotations

import os
import shutil
from typing import Any

from ..errors import error
from .model_fn import invalid


class Exporter:
    """Writes a model after an evaluation: `export(estimator, export_path,
    checkpoint_path, eval_result, is_the_final_export)`, named `name`."""

    @property
    def name(self) -> str:
        raise NotImplementedError

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        raise NotImplementedError


class _SavedModelExporter(Exporter):
    def __init__(self, name: str, serving_input_receiver_fn: Any, assets_extra: Any, as_text: bool):
        if assets_extra:
            raise error("UNIMPLEMENTED", "Exporter(assets_extra=...) is not supported")
        self._name = name
        self._receiver_fn = serving_input_receiver_fn
        self._as_text = as_text

    name = property(lambda self: self._name)

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        return estimator.export_saved_model(
            export_path,
            self._receiver_fn,
            as_text=self._as_text,
            checkpoint_path=checkpoint_path,
        )


class FinalExporter(_SavedModelExporter):
    """Exports once, after the evaluation of the last training step."""

    def __init__(
        self,
        name: str,
        serving_input_receiver_fn: Any,
        assets_extra: Any = None,
        as_text: bool = False,
    ):
        super().__init__(name, serving_input_receiver_fn, assets_extra, as_text)

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        if not is_the_final_export:
            return None
        return super().export(
            estimator, export_path, checkpoint_path, eval_result, is_the_final_export
        )


class LatestExporter(_SavedModelExporter):
    """Exports after every evaluation, keeping the `exports_to_keep` newest."""

    def __init__(
        self,
        name: str,
        serving_input_receiver_fn: Any,
        assets_extra: Any = None,
        as_text: bool = False,
        exports_to_keep: int | None = 5,
    ):
        super().__init__(name, serving_input_receiver_fn, assets_extra, as_text)
        if exports_to_keep is not None and exports_to_keep <= 0:
            raise invalid("`exports_to_keep`, if provided, must be positive number")
        self._keep = exports_to_keep

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        result = super().export(
            estimator, export_path, checkpoint_path, eval_result, is_the_final_export
        )
        _keep_newest(export_path, self._keep)
        return result


def _keep_newest(export_path: str, keep: int | None) -> None:
    """Delete all but the `keep` newest exports (TF's versions: ten-digit timestamps;
    other entries are left alone)."""
    if keep is None:
        return
    versions = sorted(int(f) for f in os.listdir(export_path) if len(f) == 10 and f.isdigit())
    for version in versions[:-keep]:
        shutil.rmtree(os.path.join(export_path, str(version)), ignore_errors=True)


def _loss_smaller(best_eval_result: dict, current_eval_result: dict) -> bool:
    """TF's default comparison: the current evaluation's loss is smaller."""
    if not best_eval_result or "loss" not in best_eval_result:
        raise invalid("best_eval_result cannot be empty or no loss is found in it.")
    if not current_eval_result or "loss" not in current_eval_result:
        raise invalid("current_eval_result cannot be empty or no loss is found in it.")
    return best_eval_result["loss"] > current_eval_result["loss"]


def _check_compare_fn(compare_fn: Any) -> None:
    from .estimator import fn_args

    args = set(fn_args(compare_fn))
    for needed in ("best_eval_result", "current_eval_result"):
        if needed not in args:
            raise invalid(f"compare_fn ({compare_fn}) must include {needed} argument.")
    extra = sorted(args - {"best_eval_result", "current_eval_result"})
    if extra:
        raise invalid(f"compare_fn ({compare_fn}) has following not expected args: {extra}")


class BestExporter(_SavedModelExporter):
    """Exports when an evaluation beats the best so far (`compare_fn`, smaller loss by
    default); the best is first read from the event files of `event_file_pattern` in the
    model directory, and the first evaluation always exports."""

    def __init__(
        self,
        name: str = "best_exporter",
        serving_input_receiver_fn: Any = None,
        event_file_pattern: str | None = "eval/*.tfevents.*",
        compare_fn: Any = _loss_smaller,
        assets_extra: Any = None,
        as_text: bool = False,
        exports_to_keep: int | None = 5,
    ):
        if compare_fn is None:
            raise invalid("`compare_fn` must not be None.")
        _check_compare_fn(compare_fn)
        super().__init__(name, serving_input_receiver_fn, assets_extra, as_text)
        if exports_to_keep is not None and exports_to_keep <= 0:
            raise invalid(
                f"`exports_to_keep`, if provided, must be a positive number. Got {exports_to_keep}"
            )
        self._compare_fn = compare_fn
        self._pattern = event_file_pattern
        self._keep = exports_to_keep
        self._model_dir = None
        self._best = None
        self._exported = False

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        if self._model_dir != estimator.model_dir and self._pattern:
            self._model_dir = estimator.model_dir
            self._best = self._best_in_events(os.path.join(self._model_dir, self._pattern))
        if not (
            self._best is None
            or not self._exported
            or self._compare_fn(best_eval_result=self._best, current_eval_result=eval_result)
        ):
            return None
        self._best = eval_result
        result = super().export(
            estimator, export_path, checkpoint_path, eval_result, is_the_final_export
        )
        _keep_newest(export_path, self._keep)
        self._exported = True
        return result

    def _best_in_events(self, pattern: str) -> dict | None:
        from .early_stopping import event_scalars

        best = None
        for result in event_scalars(pattern):
            if best is None or self._compare_fn(best, result):
                best = result
        return best


def checked_exporters(exporters: Any) -> tuple:
    """TF's checks of `EvalSpec(exporters=...)`: Exporters with distinct string names."""
    if not exporters:
        return ()
    if isinstance(exporters, Exporter):
        exporters = [exporters]
    names = []
    for exporter in exporters:
        if not isinstance(exporter, Exporter):
            raise error("INVALID_ESTIMATOR_TYPE", f"`exporters` must be an Exporter: {exporter}")
        if not exporter.name or not isinstance(exporter.name, str):
            raise invalid(f"An Exporter must have a string name. Given: {exporter.name}")
        if exporter.name in names:
            raise invalid(
                f"`exporters` must have unique names. Such a name cannot be `None`. "
                f"{[e.name for e in exporters]}"
            )
        names.append(exporter.name)
    return tuple(exporters)
