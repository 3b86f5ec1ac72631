"""`tf.keras.experimental` of TF 1.15: `export_saved_model`, a model's graph and weights in
`tf.saved_model`'s layout for serving. The schedules and linear models of the namespace
are not here."""

from __future__ import annotations

from typing import Any

from ..errors import error
from . import backend as K
from .training import keras_name


def export_saved_model(
    model: Any,
    saved_model_path: str,
    custom_objects: Any = None,
    as_text: bool = False,
    input_signature: Any = None,
    serving_only: bool = False,
) -> None:
    """Export `model` for serving: one `serving_default` predict signature whose inputs and
    outputs are keyed by the model's input and output layer names (the learning phase
    keeps its inference default)."""
    if not model.outputs:
        raise ValueError("export_saved_model needs a built model (give it an input shape)")
    if as_text or input_signature is not None:
        raise error("UNIMPLEMENTED", "export_saved_model with as_text or input_signature")
    import graphgate as _tf

    inputs = {keras_name(t): t for t in model.inputs}
    outputs = {keras_name(t): t for t in model.outputs}
    _tf.saved_model.simple_save(K.get_session(), saved_model_path, inputs, outputs)


def load_from_saved_model(saved_model_path: str, custom_objects: Any = None) -> Any:
    raise error(
        "UNIMPLEMENTED",
        "load_from_saved_model rebuilds Keras layers from their "
        "configs, which graphgate does not keep; load the export with "
        "tf.saved_model.loader.load, or rebuild the model and load_weights",
    )
