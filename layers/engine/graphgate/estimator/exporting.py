"""`Estimator.export_saved_model`: the PREDICT graph fed by a serving input receiver,
with a checkpoint's variables, as a saved model in `export_dir_base/<timestamp>`
(written in `temp-<timestamp>` first and renamed, so a reader never sees half of it)."""

from __future__ import annotations

import os
from typing import Any

from ..errors import error
from ..session import Session
from .export import (
    ServingInputReceiver,
    TensorServingInputReceiver,
    signature_defs,
    timestamped_export_dir,
)
from .model_fn import ModeKeys


def export_saved_model(
    estimator: Any,
    export_dir_base: Any,
    serving_input_receiver_fn: Any,
    checkpoint_path: str | None,
    as_text: bool,
) -> bytes:
    from ..saved_model.builder import SavedModelBuilder
    from ..saved_model.tag_constants import SERVING
    from ..train.monitored_session import Scaffold
    from ..train.saver import Saver

    checkpoint_path = checkpoint_path or estimator.latest_checkpoint()
    if not checkpoint_path:
        raise error(
            "CHECKPOINT_NOT_FOUND", f"Couldn't find trained model at {estimator.model_dir}."
        )
    export_dir = timestamped_export_dir(os.fsdecode(export_dir_base))
    temp_dir = os.path.join(os.path.dirname(export_dir), "temp-" + os.path.basename(export_dir))
    builder = SavedModelBuilder(temp_dir)
    graph = estimator._new_graph()
    with graph.as_default():
        receiver = serving_input_receiver_fn()
        if not isinstance(receiver, ServingInputReceiver | TensorServingInputReceiver):
            raise error(
                "INVALID_ESTIMATOR",
                "serving_input_receiver_fn must return a ServingInputReceiver",
            )
        spec = estimator._call_model_fn(receiver.features, None, ModeKeys.PREDICT, estimator.config)
        signatures = signature_defs(spec.export_outputs, receiver.receiver_tensors)
        local_init_op = spec.scaffold.local_init_op or Scaffold.default_local_init_op()
        saver = spec.scaffold.saver or Saver(sharded=True)
        with Session(graph=graph) as session:
            saver.restore(session, checkpoint_path)
            builder.add_meta_graph_and_variables(
                session,
                [SERVING],
                signature_def_map=signatures,
                main_op=local_init_op,
                saver=saver,
            )
    builder.save(as_text)
    os.rename(temp_dir, export_dir)
    return os.fsencode(export_dir)
