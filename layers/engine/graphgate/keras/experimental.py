"""`tf.keras.experimental` of TF 1.15: `export_saved_model`, a model's graph and weights in
`tf.saved_model`'s layout for serving, with its JSON, and `load_from_saved_model`. The
schedules and linear models of the namespace are not here."""

from __future__ import annotations

import json
import os
from typing import Any

import graphgate as _tf

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
    keeps its inference default). The model's JSON goes to `assets/saved_model.json`, as
    TF 1.15 writes it, for `load_from_saved_model`."""
    if not model.outputs:
        raise ValueError("export_saved_model needs a built model (give it an input shape)")
    if as_text or input_signature is not None:
        raise error("UNIMPLEMENTED", "export_saved_model with as_text or input_signature")

    inputs = {keras_name(t): t for t in model.inputs}
    outputs = {keras_name(t): t for t in model.outputs}
    _tf.saved_model.simple_save(K.get_session(), saved_model_path, inputs, outputs)
    _export_model_json(model, saved_model_path)


# TF 1.15's name for the model's JSON in the export's assets; graphgate adds the order of
# the model's weights among the export's variables, which its checkpoint keys by name.
_MODEL_JSON = "saved_model.json"
_WEIGHT_KEYS = "graphgate_keras_weights.json"


def _export_model_json(model: Any, saved_model_path: str) -> None:
    """The model's JSON (TF's `assets/saved_model.json`, when the model has a config)."""
    try:
        text = model.to_json()
    except NotImplementedError:
        return  # a subclassed model: TF exports it for serving only, without its JSON
    assets = os.path.join(saved_model_path, "assets")
    os.makedirs(assets, exist_ok=True)
    with open(os.path.join(assets, _MODEL_JSON), "w") as f:
        f.write(text)
    with open(os.path.join(assets, _WEIGHT_KEYS), "w") as f:
        json.dump([w.op.name for w in model.weights], f)


def load_from_saved_model(saved_model_path: str, custom_objects: Any = None) -> Any:
    """The Keras model an `export_saved_model` export holds: rebuilt from its JSON in the
    default graph, its weights read from the export's variables (uncompiled, as TF's)."""
    from .models import model_from_json

    assets = os.path.join(saved_model_path, "assets")
    if not os.path.isfile(os.path.join(assets, _MODEL_JSON)):
        raise error(
            "MODEL_FILE_NOT_FOUND",
            f"No Keras model JSON (assets/{_MODEL_JSON}) in {saved_model_path}",
            details={"path": str(saved_model_path)},
        )
    if not os.path.isfile(os.path.join(assets, _WEIGHT_KEYS)):
        raise error(
            "UNIMPLEMENTED",
            f"{saved_model_path} was not exported by graphgate (no assets/{_WEIGHT_KEYS}): "
            "its variables cannot be matched to the model's weights",
        )
    with open(os.path.join(assets, _MODEL_JSON)) as f:
        model = model_from_json(f.read(), custom_objects)
    with open(os.path.join(assets, _WEIGHT_KEYS)) as f:
        keys = json.load(f)
    reader = _tf.train.NewCheckpointReader(os.path.join(saved_model_path, "variables", "variables"))
    if len(keys) != len(model.weights):
        raise error(
            "INVALID_KERAS_FILE",
            f"the export lists {len(keys)} weights for a model of {len(model.weights)}",
        )
    model.set_weights([reader.get_tensor(key) for key in keys])
    return model
