"""Keras' HDF5 files as TF 1.x's tf.keras writes and reads them: weight files (a group per
layer with `weight_names`, the root's `layer_names`) and whole-model files (the model's
config, its weights under `model_weights`, the compile settings in `training_config`,
the optimizer's state under `optimizer_weights`). h5py is optional (`graphgate[keras]`)
and imported only here, when a file is read or written."""

from __future__ import annotations

import contextlib
import json
import os
from typing import Any

import numpy as np

from ..errors import GraphgateError, error
from . import backend as K
from .model_config import (
    BACKEND,
    KERAS_VERSION,
    compile_from,
    model_from_config,
    training_config,
)
from .serialization import class_name, plain

_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_SUFFIXES = (".h5", ".hdf5", ".keras")
# HDF5 attributes beyond 64 KiB are split into numbered parts, as Keras splits them.
_ATTRIBUTE_LIMIT = 64512


def h5py() -> Any:
    try:
        import h5py as module
    except ImportError:
        raise error(
            "MISSING_DEPENDENCY",
            "Keras HDF5 files need h5py: pip install 'graphgate[keras]'",
            details={"package": "h5py", "extra": "keras"},
        ) from None
    return module


def is_group(filepath: Any) -> bool:
    """An open h5py file or group, which Keras' save and load functions also take."""
    return hasattr(filepath, "attrs") and hasattr(filepath, "create_group")


def is_hdf5(filepath: Any, save_format: Any = None) -> bool:
    """Whether Keras would treat `filepath` as HDF5: an open h5py file, asked for, named
    so, or an existing file that begins with HDF5's signature."""
    if is_group(filepath):
        return True
    if save_format is not None:
        return str(save_format).lower() in ("h5", "hdf5", "keras")
    path = os.fspath(filepath)
    if path.endswith(_SUFFIXES):
        return True
    if not os.path.isfile(path):
        return False
    with open(path, "rb") as f:
        return f.read(8) == _SIGNATURE


def _open(filepath: Any, mode: str) -> Any:
    if is_group(filepath):
        return contextlib.nullcontext(filepath)  # the caller's open file stays open
    path = os.fspath(filepath)
    if mode == "r" and not os.path.exists(path):
        raise error(
            "MODEL_FILE_NOT_FOUND", f"No file or directory found at {path}", details={"path": path}
        )
    if mode == "r" and os.path.isdir(path):
        raise error(
            "INVALID_KERAS_FILE",
            f"{path} is a directory, not an HDF5 file (load a SavedModel with load_model)",
        )
    module = h5py()
    try:
        return module.File(path, mode)
    except OSError as exc:
        if mode != "r":  # the file system's refusal (no directory, no permission), as TF's
            raise
        raise error(
            "INVALID_KERAS_FILE",
            f"{path} is not a readable HDF5 file: {exc}",
            details={"path": path},
        ) from None


def _kept(path: str) -> None:
    """TF asks on the terminal before writing over a file with `overwrite=False`; without
    a terminal to ask, graphgate keeps the file and says so."""
    import warnings

    warnings.warn(f"{path} exists and overwrite=False: it was not written", stacklevel=4)


@contextlib.contextmanager
def reading(what: str, hint: str = "") -> Any:
    """A config from a file that is not what Keras writes (a list where a dict belongs,
    a missing key) is INVALID_KERAS_FILE, not the Python error it trips on; `hint` says
    what to do where the file's origin is known."""
    try:
        yield
    except GraphgateError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise error(
            "INVALID_KERAS_FILE",
            f"the file's {what} is not Keras': {type(exc).__name__}: {exc}{hint}",
        ) from None


def _keras3_hint(f: Any) -> str:
    """What to do with an .h5 Keras 3 wrote (TF 2.16+'s `tf.keras`): its configs are Keras
    3's (`batch_shape`, `DTypePolicy`), which tf_keras cannot load either."""
    version = f.attrs.get("keras_version", b"")
    version = version.decode("utf8", "replace") if isinstance(version, bytes) else str(version)
    if version.partition(".")[0].isdigit() and int(version.partition(".")[0]) >= 3:
        return (
            f"; the file was written by Keras {version} (TF 2.16+'s tf.keras), whose .h5 "
            "tf_keras cannot load either: export the model with model.export(dir) in "
            "TensorFlow and serve that directory (docs/models.md)"
        )
    return ""


# -- attributes --------------------------------------------------------------------------------


def _write_names(group: Any, name: str, values: list[str]) -> None:
    data = np.asarray([v.encode("utf8") for v in values]) if values else np.asarray([])
    if data.nbytes <= _ATTRIBUTE_LIMIT:
        group.attrs[name] = data
        return
    parts = int(np.ceil(data.nbytes / _ATTRIBUTE_LIMIT))
    for i, chunk in enumerate(np.array_split(data, parts)):
        group.attrs[f"{name}{i}"] = chunk


def _read_names(group: Any, name: str) -> list[str]:
    if name in group.attrs:
        raw = list(group.attrs[name])
    else:
        raw, i = [], 0
        while f"{name}{i}" in group.attrs:
            raw += list(group.attrs[f"{name}{i}"])
            i += 1
    return [v.decode("utf8") if isinstance(v, bytes) else str(v) for v in raw]


def _json_attribute(group: Any, name: str) -> Any:
    value = group.attrs[name]
    try:
        return json.loads(value.decode("utf8") if isinstance(value, bytes) else str(value))
    except ValueError as exc:
        raise error("INVALID_KERAS_FILE", f"the file's {name} is not JSON: {exc}") from None


# -- weights -----------------------------------------------------------------------------------


def _layer_weights(layer: Any) -> list:
    """A layer's weights in the order weight files list them: trainable, then not."""
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


def _unique_names(layers: list) -> None:
    """A file keeps a group per layer name; TF refuses a model of repeated names when it
    is built, graphgate before a file is written over."""
    names = [layer.name for layer in layers]
    for name in names:
        if names.count(name) > 1:
            raise error(
                "DUPLICATE_NAME",
                f'The name "{name}" is used {names.count(name)} times in the model. All '
                "layer names should be unique.",
            )


def save_weights_to_group(group: Any, layers: list) -> None:
    _write_names(group, "layer_names", [layer.name for layer in layers])
    group.attrs["backend"] = BACKEND.encode("utf8")
    group.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
    for layer in layers:
        weights = _layer_weights(layer)
        _write_dataset_group(group.create_group(layer.name), weights, [w.name for w in weights])


def _write_dataset_group(group: Any, weights: list, names: list[str]) -> None:
    values = K.batch_get_value(weights)
    _write_names(group, "weight_names", names)
    for name, value in zip(names, values, strict=True):
        dataset = group.create_dataset(name, value.shape, dtype=value.dtype)
        dataset[()] = value


def _member(group: Any, name: str) -> Any:
    """`group[name]`, or INVALID_KERAS_FILE when a file names what it does not hold."""
    if name not in group:
        raise error(
            "INVALID_KERAS_FILE",
            f"the file names {name!r} but holds no such entry under {group.name!r}",
        )
    return group[name]


def _group_values(group: Any) -> list[np.ndarray]:
    return [np.asarray(_member(group, name)) for name in _read_names(group, "weight_names")]


def load_weights_from_group(group: Any, layers: list) -> None:
    """Load by position: the i-th layer with weights takes the i-th saved layer with
    weights, as Keras' topological loading."""
    owners = [layer for layer in layers if _layer_weights(layer)]
    saved = [
        n
        for n in _read_names(group, "layer_names")
        if _read_names(_member(group, n), "weight_names")
    ]
    if len(saved) != len(owners):
        raise error(
            "INVALID_KERAS_FILE",
            "Layer count mismatch when loading weights from file. Model expected "
            f"{len(owners)} layers, found {len(saved)} saved layers.",
        )
    pairs: list = []
    for k, (layer, name) in enumerate(zip(owners, saved, strict=True)):
        values, symbolic = _group_values(_member(group, name)), _layer_weights(layer)
        if len(values) != len(symbolic):
            raise error(
                "INVALID_KERAS_FILE",
                f"Weight count mismatch for layer #{k} (named {layer.name} in the current "
                f"model, {name} in the save file). Layer expects {len(symbolic)} weight(s). "
                f"Received {len(values)} saved weight(s)",
            )
        pairs += _checked(k, layer, symbolic, values, False)
    K.batch_set_value(pairs)


def load_weights_by_name(group: Any, layers: list, skip_mismatch: bool) -> None:
    """Load each saved layer into the model's layers of the same name; with
    `skip_mismatch`, layers whose weights do not fit are left as they are."""
    import warnings

    by_name: dict[str, list] = {}
    for layer in layers:
        by_name.setdefault(layer.name, []).append(layer)
    pairs: list = []
    for k, name in enumerate(_read_names(group, "layer_names")):
        values = _group_values(_member(group, name))
        for layer in by_name.get(name, []):
            symbolic = _layer_weights(layer)
            if len(values) != len(symbolic):
                message = (
                    f"Weight count mismatch for layer #{k} (named {layer.name}). Layer "
                    f"expects {len(symbolic)} weight(s). Received {len(values)} saved weight(s)"
                )
                if not skip_mismatch:
                    raise error("INVALID_KERAS_FILE", message)
                warnings.warn(f"Skipping loading weights for layer #{k}: {message}", stacklevel=3)
                continue
            pairs += _checked(k, layer, symbolic, values, skip_mismatch)
    K.batch_set_value(pairs)


def _checked(k: int, layer: Any, symbolic: list, values: list, skip: bool) -> list:
    import warnings

    pairs = []
    for w, value in zip(symbolic, values, strict=True):
        expected = tuple(w.static_shape)
        if expected != value.shape:
            message = (
                f"Shape mismatch in layer #{k} (named {layer.name}) for weight {w.name}. "
                f"Weight expects shape {expected}. Received saved weight with shape "
                f"{value.shape}"
            )
            if not skip:
                raise error(
                    "INVALID_KERAS_FILE",
                    message,
                    details={"expected": list(expected), "saved": list(value.shape)},
                )
            warnings.warn(f"Skipping loading weights for layer #{k}: {message}", stacklevel=4)
            continue
        pairs.append((w, value))
    return pairs


def _kept_instead(filepath: Any, overwrite: bool) -> bool:
    """Whether an existing file stays as it is (`overwrite=False`)."""
    if overwrite or is_group(filepath) or not os.path.exists(os.fspath(filepath)):
        return False
    _kept(os.fspath(filepath))
    return True


def save_weights(model: Any, filepath: Any, overwrite: bool = True) -> None:
    if _kept_instead(filepath, overwrite):
        return
    _unique_names(model.layers)
    with _open(filepath, "w") as f:
        save_weights_to_group(f, model.layers)


def load_weights(model: Any, filepath: Any, by_name: bool, skip_mismatch: bool) -> None:
    if skip_mismatch and not by_name:
        raise ValueError(
            "When calling model.load_weights, skip_mismatch can only be set to True when "
            "by_name is True."
        )
    with _open(filepath, "r") as f:
        group = f["model_weights"] if "layer_names" not in f.attrs and "model_weights" in f else f
        if by_name:
            load_weights_by_name(group, model.layers, skip_mismatch)
        else:
            load_weights_from_group(group, model.layers)


# -- whole models ------------------------------------------------------------------------------


def save_model(model: Any, filepath: Any, overwrite: bool, include_optimizer: bool) -> None:
    """Config, weights and (with `include_optimizer`, once compiled) the compile settings
    and optimizer state, in TF's layout."""
    from .optimizers import TFOptimizer

    if _kept_instead(filepath, overwrite):
        return
    config = {"class_name": class_name(model), "config": model.get_config()}
    _unique_names(model.layers)
    with _open(filepath, "w") as f:
        f.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
        f.attrs["backend"] = BACKEND.encode("utf8")
        # a wrapped op's constants are numpy values, written as lists (TF's get_json_type)
        f.attrs["model_config"] = json.dumps(config, default=plain).encode("utf8")
        save_weights_to_group(f.create_group("model_weights"), model.layers)
        compiled = getattr(model, "_compile_args", None) is not None
        if not include_optimizer or not compiled or isinstance(model.optimizer, TFOptimizer):
            return
        f.attrs["training_config"] = json.dumps(training_config(model)).encode("utf8")
        optimizer = model.optimizer
        if model.outputs:
            model._training()  # the optimizer's slots exist once training is built
        if optimizer.weights:
            group = f.create_group("optimizer_weights")
            _write_dataset_group(group, optimizer.weights, optimizer.weight_names())


def load_model(filepath: Any, custom_objects: dict | None, compile: bool) -> Any:
    with _open(filepath, "r") as f:
        if "model_config" not in f.attrs or "model_weights" not in f:
            raise error(
                "INVALID_KERAS_FILE",
                f"No model config found in the file at {getattr(f, 'filename', filepath)}.",
            )
        with reading("model_config", _keras3_hint(f)):
            model = model_from_config(_json_attribute(f, "model_config"), custom_objects)
        load_weights_from_group(f["model_weights"], model.layers)
        if not compile or "training_config" not in f.attrs:
            return model
        with reading("training_config"):
            compiled = compile_from(model, _json_attribute(f, "training_config"), custom_objects)
        if compiled and "optimizer_weights" in f and model.outputs:
            model._training()
            _restore_optimizer(model.optimizer, _group_values(f["optimizer_weights"]))
    return model


def _restore_optimizer(optimizer: Any, values: list) -> None:
    """TF's rule: optimizer state that does not fit (standalone Keras' files carry other
    slots) leaves the optimizer fresh, with TF's warning, rather than failing the load."""
    import warnings

    try:
        optimizer.set_weights(values)
    except ValueError:
        warnings.warn(
            "Error in loading the saved optimizer state. As a result, your model is "
            "starting with a freshly initialized optimizer.",
            stacklevel=3,
        )
