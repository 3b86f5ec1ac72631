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
        if self._keep is not None:
            # TF's versions: ten-digit timestamps; other entries are left alone.
            versions = sorted(
                int(f) for f in os.listdir(export_path) if len(f) == 10 and f.isdigit()
            )
            for version in versions[: -self._keep]:
                shutil.rmtree(os.path.join(export_path, str(version)), ignore_errors=True)
        return result


class BestExporter(Exporter):
    """TF's exporter of the best model so far: not supported yet."""

    def __init__(self, *args: Any, **kwargs: Any):
        raise error("UNIMPLEMENTED", "tf.estimator.BestExporter is not supported")


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
