"""Models as TF's Keras configs: a Sequential's list of layer configs, a functional
model's layers with the nodes that connect them (`inbound_nodes`, `input_layers`,
`output_layers`), and back; `to_json`, `model_from_json`, `model_from_config` and
`clone_model` are spelled over these two passes."""

from __future__ import annotations

import json
from typing import Any

from ..errors import error
from .engine import Input, InputLayer, Layer, _flat, keras_history
from .serialization import class_name, plain

# What `to_json` and HDF5 files say wrote them: TF 1.15's Keras.
KERAS_VERSION = "2.2.4-tf"
BACKEND = "tensorflow"


# -- model -> config ---------------------------------------------------------------------------


def sequential_config(model: Any) -> dict:
    """The layers; a model given its input shape starts with its InputLayer, one built
    later from data (`fit`, `build`) records that shape as `build_input_shape`."""
    layers = []
    built_later = getattr(model, "_build_input_shape", None)
    if model.inputs and built_later is None:
        entry = keras_history(model.inputs[0])
        if entry is not None and isinstance(entry[0], InputLayer):
            layers.append(_layer_entry(entry[0]))
    layers += [_layer_entry(layer) for layer in model._layers]
    config = {"name": model.name, "layers": layers}
    if built_later is not None:
        config["build_input_shape"] = plain(built_later)
    return config


def _layer_entry(layer: Layer) -> dict:
    return {"class_name": class_name(layer), "config": layer.get_config()}


def functional_config(model: Any) -> dict:
    """TF's functional config: node indices counted over the nodes inside this model
    only, as a shared layer's calls elsewhere do not belong to it."""
    kept = {id(node) for node in model._nodes}
    kept |= {id(keras_history(t)[0]._inbound_nodes[0]) for t in model.inputs}
    renumber: dict[tuple[int, int], int] = {}
    for layer in model._layers:
        count = skipped_nodes(layer)
        for index, node in enumerate(layer._inbound_nodes):
            if id(node) in kept:
                renumber[(id(layer), index)] = count
                count += 1

    def ref(tensor: Any) -> list:
        layer, index, tensor_index = keras_history(tensor)
        return [layer.name, renumber[(id(layer), index)], tensor_index]

    layers = []
    for layer in model._layers:
        nodes = []
        for node in layer._inbound_nodes:
            if id(node) not in kept or isinstance(layer, InputLayer):
                continue
            kwargs = _node_kwargs(layer, node.arguments)
            nodes.append([[*ref(t), kwargs] for t in node.input_tensors])
        entry = _layer_entry(layer)
        entry.update({"name": layer.name, "inbound_nodes": nodes})
        layers.append(entry)
    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": [ref(t) for t in model.inputs],
        "output_layers": [ref(t) for t in model.outputs],
    }


def _node_kwargs(layer: Layer, arguments: dict) -> dict:
    """A call's keyword arguments as a config keeps them. TF 1.15 drops ones JSON cannot
    hold (tensors, such as an RNN's `initial_state`) with a warning, and the model it
    rebuilds then computes something else; graphgate refuses instead."""
    kwargs = plain(arguments)
    try:
        json.dumps(kwargs)
    except TypeError:
        raise error(
            "UNIMPLEMENTED",
            f"layer {layer.name} was called with keyword arguments a config cannot hold "
            f"({sorted(arguments)}): the model cannot be serialized",
        ) from None
    return kwargs


def skipped_nodes(layer: Layer) -> int:
    """1 for a built Sequential or functional model: Keras counts the call that built it
    on its own inputs as its node 0, which graphgate's models do not record."""
    from .models import Model

    return int(isinstance(layer, Model) and layer._is_graph_network and bool(layer.inputs))


def model_json(model: Any, **kwargs: Any) -> str:
    document = {
        "class_name": class_name(model),
        "config": model.get_config(),
        "keras_version": KERAS_VERSION,
        "backend": BACKEND,
    }
    # numpy values in a config (a wrapped op's constants) as lists, as TF's get_json_type
    kwargs.setdefault("default", plain)
    return json.dumps(document, **kwargs)


# -- config -> model ---------------------------------------------------------------------------


def sequential_from_config(cls: type, config: Any, custom_objects: dict | None) -> Any:
    from .layers import deserialize

    if isinstance(config, list):  # Keras before TF 1.13 wrote the layers alone
        config = {"name": None, "layers": config}
    model = cls(name=config.get("name"))
    for layer_config in config["layers"]:
        model.add(deserialize(layer_config, custom_objects))
    if not model.inputs and config.get("build_input_shape"):
        model.build(config["build_input_shape"])
    return model


def functional_from_config(cls: type, config: dict, custom_objects: dict | None) -> Any:
    """Make each layer, then call them on each other in the recorded order; a node
    whose inputs are not made yet waits for a later pass, as Keras' loader does."""
    from .layers import deserialize

    made: dict[str, Layer] = {}
    pending: list[tuple[Layer, list]] = []
    for entry in config["layers"]:
        layer = deserialize(entry, custom_objects)
        made[entry["name"]] = layer
        pending.append((layer, list(entry.get("inbound_nodes", []))))
    while any(nodes for _, nodes in pending):
        progressed = False
        for layer, nodes in pending:
            while nodes and _call_node(layer, nodes[0], made):
                nodes.pop(0)
                progressed = True
        if not progressed:
            raise error(
                "INVALID_KERAS_FILE",
                "the model config's layers cannot be connected: a node names a layer call "
                "that is never made",
            )

    def tensor(ref: list) -> Any:
        name, index, tensor_index = ref[:3]
        layer = made[name]
        return layer._inbound_nodes[index - skipped_nodes(layer)].output_tensors[tensor_index]

    inputs = [tensor(r) for r in config["input_layers"]]
    outputs = [tensor(r) for r in config["output_layers"]]
    model = cls(
        inputs=inputs[0] if len(inputs) == 1 else inputs,
        outputs=outputs[0] if len(outputs) == 1 else outputs,
        name=config.get("name"),
    )
    model.trainable = config.get("trainable", True)
    return model


def _call_node(layer: Layer, node: list, made: dict) -> bool:
    """Call `layer` on the tensors a node names, if they exist yet."""
    tensors = []
    kwargs: dict = {}
    for ref in node:
        name, index, tensor_index = ref[:3]
        if name not in made:
            raise error(
                "INVALID_KERAS_FILE", f"the model config connects a layer it lacks: {name!r}"
            )
        source = made[name]
        index -= skipped_nodes(source)
        if index >= len(source._inbound_nodes):
            return False
        tensors.append(source._inbound_nodes[index].output_tensors[tensor_index])
        kwargs = ref[3] if len(ref) > 3 else {}
    layer(tensors[0] if len(tensors) == 1 else tensors, **kwargs)
    return True


def model_from_config(config: dict, custom_objects: dict | None = None) -> Any:
    """A model (or layer) from `{"class_name", "config"}` (`tf.keras.models.model_from_config`)."""
    if isinstance(config, list):
        raise TypeError(
            "`model_from_config` expects a dictionary, not a list. Maybe you meant to use "
            "`Sequential.from_config(config)`?"
        )
    from .layers import deserialize

    return deserialize(config, custom_objects)


def model_from_json(json_string: str, custom_objects: dict | None = None) -> Any:
    try:
        config = json.loads(json_string)
    except ValueError as exc:
        raise error("INVALID_KERAS_FILE", f"the model JSON cannot be parsed: {exc}") from None
    return model_from_config(config, custom_objects)


def clone_model(model: Any, input_tensors: Any = None, clone_function: Any = None) -> Any:
    """A new model of the same config with new, freshly initialized weights (TF's
    `clone_model`); layers are cloned by `clone_function` (default: from their config)."""
    from .models import Sequential

    clone = clone_function or (lambda layer: type(layer).from_config(layer.get_config()))
    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors, clone)
    if not model._is_graph_network:
        raise ValueError(
            "Expected `model` argument to be a functional `Model` instance, but got a "
            f"subclassed model instead: {model}"
        )
    return _clone_functional(model, input_tensors, clone)


def _clone_sequential(model: Any, input_tensors: Any, clone: Any) -> Any:
    from .models import Sequential

    copy = Sequential(name=model.name)
    built_later = getattr(model, "_build_input_shape", None)
    if input_tensors is not None:
        copy.add(Input(tensor=_flat(input_tensors)[0]))
    elif model.inputs and built_later is None:
        copy.add(InputLayer.from_config(keras_history(model.inputs[0])[0].get_config()))
    for layer in model._layers:
        copy.add(clone(layer))
    if built_later is not None and not copy.inputs:
        copy.build(built_later)
    return copy


def _clone_functional(model: Any, input_tensors: Any, clone: Any) -> Any:
    from .models import Model, _restructure

    mapped: dict = {}
    given = _flat(input_tensors) if input_tensors is not None else None
    for i, t in enumerate(model.inputs):
        if given is not None:
            mapped[t] = given[i]
        else:
            layer = keras_history(t)[0]
            mapped[t] = Input(
                batch_shape=layer._batch_input_shape, dtype=layer.dtype, name=layer.name
            )
    copies: dict[int, Layer] = {}
    for node in model._nodes:
        if isinstance(node.layer, InputLayer):
            continue
        if id(node.layer) not in copies:
            copies[id(node.layer)] = clone(node.layer)
        layer = copies[id(node.layer)]
        out = layer(_restructure(node.input_structure, mapped), **node.arguments)
        for old, new in zip(node.output_tensors, _flat(out), strict=True):
            mapped[old] = new
    outputs = [mapped[t] for t in model.outputs]
    inputs = [mapped[t] for t in model.inputs]
    return Model(
        inputs[0] if len(inputs) == 1 else inputs,
        outputs[0] if len(outputs) == 1 else outputs,
        name=model.name,
    )


# -- training configs ----------------------------------------------------------------------


def training_config(model: Any) -> dict:
    """A compiled model's loss, metrics and optimizer as TF's saved files keep them."""
    from .serialization import serialize_keras_object

    loss, metrics, loss_weights = model._compile_args

    def named(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return [named(v) for v in value]
        if isinstance(value, dict):
            return {k: named(v) for k, v in value.items()}
        if isinstance(value, str) or value is None:
            return value
        return serialize_keras_object(value)

    optimizer = model.optimizer
    return {
        "loss": named(loss),
        "metrics": named(list(metrics)),
        "loss_weights": loss_weights,
        "sample_weight_mode": None,
        "weighted_metrics": None,
        "optimizer_config": {
            "class_name": type(optimizer).__name__,
            "config": optimizer.training_config(),
        },
    }


def compile_from(model: Any, config: dict, custom_objects: dict | None) -> bool:
    """Compile `model` as a saved training config says (TF's `training_config`); False,
    with a warning, leaving it uncompiled, when that names tf_keras' TF 2 optimizer, whose
    state and rule graphgate does not have (the model and its weights still load)."""
    import warnings

    from . import losses, metrics, optimizers

    name = optimizers.tf2_optimizer(config.get("optimizer_config"), custom_objects)
    if name is not None:
        warnings.warn(
            f"The file's optimizer {name!r} is tf_keras' TF 2 optimizer (`is_legacy_optimizer"
            ": false`), which graphgate does not have: the model is loaded with its weights "
            "but not compiled, and the optimizer's state is ignored. `compile` it again to "
            "train or evaluate it (or save it from a model compiled with "
            f"`tf.keras.optimizers.legacy.{name[len('Custom>') :]}`).",
            stacklevel=4,  # the caller of load_model
        )
        return False

    def each(value: Any, deserialize: Any) -> Any:
        """Names stay names (compile resolves Keras' own) unless a custom object has it."""
        if isinstance(value, list):
            return [each(v, deserialize) for v in value]
        if isinstance(value, dict) and "class_name" not in value:
            return {k: each(v, deserialize) for k, v in value.items()}
        if isinstance(value, str):
            return custom_objects[value] if custom_objects and value in custom_objects else value
        return deserialize(value, custom_objects)

    model.compile(
        optimizer=optimizers.deserialize(config["optimizer_config"], custom_objects),
        loss=each(config["loss"], losses.deserialize),
        metrics=each(config.get("metrics") or [], metrics.deserialize),
        loss_weights=config.get("loss_weights"),
        sample_weight_mode=config.get("sample_weight_mode"),
        weighted_metrics=config.get("weighted_metrics"),
    )
    return True
