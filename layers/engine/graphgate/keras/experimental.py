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
from .hdf5_format import reading
from .model_config import compile_from, training_config
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

    _export(model, saved_model_path, training=False)


# TF 1.15's name for the model's JSON in the export's assets. graphgate adds the order of
# the model's (and its optimizer's) weights among the export's variables, which its
# checkpoint keys by variable name, and the training config.
_MODEL_JSON = "saved_model.json"
_STATE = "graphgate_keras_state.json"


def _export(model: Any, saved_model_path: str, training: bool) -> None:
    inputs = {keras_name(t): t for t in model.inputs}
    outputs = {keras_name(t): t for t in model.outputs}
    _tf.saved_model.simple_save(K.get_session(), saved_model_path, inputs, outputs)
    try:
        text = model.to_json()
    except NotImplementedError:
        return  # a subclassed model: TF exports it for serving only, without its JSON
    state: dict[str, Any] = {"weights": [w.op.name for w in model.weights]}
    if training:
        state["training_config"] = training_config(model)
        state["optimizer_weights"] = [w.op.name for w in model.optimizer.weights]
    assets = os.path.join(saved_model_path, "assets")
    os.makedirs(assets, exist_ok=True)
    with open(os.path.join(assets, _MODEL_JSON), "w") as f:
        f.write(text)
    with open(os.path.join(assets, _STATE), "w") as f:
        json.dump(state, f)


def save_model(model: Any, saved_model_path: str, include_optimizer: bool) -> None:
    """`model.save(path, save_format="tf")`: the export of `export_saved_model` (servable
    as any SavedModel) plus, once compiled, the optimizer's state and compile settings,
    so `load_model(path)` resumes training. Not TF's Keras SavedModel layout."""
    from .optimizers import TFOptimizer

    model.get_config()  # a subclassed model has none: NotImplementedError, before writing
    if not model.outputs:
        raise ValueError("save_format='tf' needs a built model (give it an input shape)")
    training = (
        include_optimizer
        and getattr(model, "_compile_args", None) is not None
        and not isinstance(model.optimizer, TFOptimizer)
    )
    if training:
        model._training()  # the optimizer's slots must exist before the variables are saved
    _export(model, saved_model_path, training)


def load_from_saved_model(saved_model_path: str, custom_objects: Any = None) -> Any:
    """The Keras model an `export_saved_model` export holds: rebuilt from its JSON in the
    default graph, its weights read from the export's variables (uncompiled, as TF's)."""
    model, _, _ = _load(saved_model_path, custom_objects)
    return model


def load_model(saved_model_path: str, custom_objects: Any, compile: bool) -> Any:
    """A model `save(save_format="tf")` wrote, compiled and with its optimizer's state
    restored unless `compile=False`."""
    model, state, variables = _load(saved_model_path, custom_objects)
    if not compile or "training_config" not in state:
        return model
    with reading(_STATE):
        if not compile_from(model, state["training_config"], custom_objects):
            return model
    model._training()
    model.optimizer.set_weights([variables.get_tensor(k) for k in state["optimizer_weights"]])
    return model


def _load(saved_model_path: str, custom_objects: Any) -> tuple[Any, dict, Any]:
    from .models import model_from_json

    assets = os.path.join(saved_model_path, "assets")
    if not os.path.isfile(os.path.join(assets, _MODEL_JSON)):
        raise error(
            "MODEL_FILE_NOT_FOUND",
            f"No Keras model JSON (assets/{_MODEL_JSON}) in {saved_model_path}",
            details={"path": str(saved_model_path)},
        )
    if not os.path.isfile(os.path.join(assets, _STATE)):
        raise error(
            "UNIMPLEMENTED",
            f"{saved_model_path} was not written by graphgate (no assets/{_STATE}): its "
            "variables cannot be matched to the model's weights",
        )
    with open(os.path.join(assets, _MODEL_JSON)) as f, reading(_MODEL_JSON):
        model = model_from_json(f.read(), custom_objects)
    with open(os.path.join(assets, _STATE)) as f:
        state = json.load(f)
    variables = _tf.train.NewCheckpointReader(
        os.path.join(saved_model_path, "variables", "variables")
    )
    keys = state["weights"]
    if len(keys) != len(model.weights):
        raise error(
            "INVALID_KERAS_FILE",
            f"the export lists {len(keys)} weights for a model of {len(model.weights)}",
        )
    model.set_weights([variables.get_tensor(key) for key in keys])
    return model, state, variables
