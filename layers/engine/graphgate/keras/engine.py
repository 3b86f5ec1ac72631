"""The Keras layer base of TF1's graph mode: a `Layer` names itself per graph (`dense`,
`dense_1`), builds its weights on its first call inside a name scope of its name, and
records each call as a `Node` when its inputs come from `Input`, which is what the
functional `Model` and `layer.output_shape` walk."""

from __future__ import annotations

import functools
import inspect
import math
import re
from typing import Any, ClassVar

import graphgate as _tf

from ..errors import error
from ..graph import Tensor
from ..input_spec import assert_input_compatibility, check_specs
from ..ops.state_ops import Variable
from ..weight_lists import WeightLists
from . import backend as K
from .serialization import class_name, float32, plain


def _snake(name: str) -> str:
    """`Conv2D` -> `conv2d`, `GlobalAveragePooling2D` -> `global_average_pooling2d`, as
    TF's `to_snake_case` derives default layer and cell names; a private class's
    (`_Mine`) is `private__mine`, never a scope name that starts with `_`."""
    s = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)  # tf_keras': MyGRU2Cell -> my_gru2_cell
    s = re.sub(r"([a-z])([A-Z])", r"\1_\2", s).lower()
    return "private" + s if s.startswith("_") else s


def keras_history(t: Tensor) -> tuple | None:
    """(layer, node index, tensor index) of a tensor a layer made from Keras inputs."""
    return K._state(t.op.graph).history.get(t)


def keras_mask(t: Tensor) -> Tensor | None:
    """The mask a layer computed for `t` (Embedding(mask_zero), Masking), or None."""
    return K._state(t.op.graph).masks.get(t)


def _set_history(t: Tensor, entry: tuple) -> None:
    K._state(t.op.graph).history[t] = entry


def _flat(x: Any) -> list:
    if isinstance(x, (list, tuple)):
        return [t for item in x for t in _flat(item)]
    return [x]


def _shape_of(tensors: list) -> Any:
    shapes = [t.static_shape for t in tensors]
    return shapes[0] if len(shapes) == 1 else shapes


class Node:
    """One call of a layer on Keras tensors: its inputs, outputs and call arguments."""

    def __init__(self, layer: Layer, inputs: Any, outputs: Any, arguments: dict):
        self.layer = layer
        self.input_structure = inputs
        self.input_tensors = _flat(inputs)
        self.output_tensors = _flat(outputs)
        # outputs given as a list (a wrapped op's) have a list of shapes, as TF's
        self._output_list = isinstance(outputs, list)
        self.arguments = arguments
        self.inbound = [keras_history(t) for t in self.input_tensors]

    @property
    def input_shapes(self) -> Any:
        return _shape_of(self.input_tensors)

    @property
    def output_shapes(self) -> Any:
        if self._output_list:
            return [t.static_shape for t in self.output_tensors]
        return _shape_of(self.output_tensors)


_LAYER_KWARGS = {"input_shape", "batch_input_shape", "batch_size", "weights", "input_dim"}


class Layer(WeightLists):
    """`tf.keras.layers.Layer`: subclass with `build(input_shape)` (make weights with
    `add_weight`) and `call(inputs)`."""

    supports_masking = False

    def __init__(
        self,
        trainable: bool = True,
        name: str | None = None,
        dtype: Any = None,
        dynamic: bool = False,
        **kwargs: Any,
    ):
        for key in kwargs:
            if key not in _LAYER_KWARGS and key != "activity_regularizer":
                raise TypeError("Keyword argument not understood:", key)
        self.name = name if name is not None else K.unique_object_name(_snake(type(self).__name__))
        self.trainable = trainable
        self.dtype = None if dtype is None else _tf.as_dtype(dtype).name
        self.built = False
        self._trainable_weights: list[Variable] = []
        self._non_trainable_weights: list[Variable] = []
        self._losses: list[Tensor] = []
        # Weight penalties come after activity and added losses in `losses`, as Keras' do.
        self._weight_losses: list[Tensor] = []
        self._updates: list[Any] = []
        self._inbound_nodes: list[Node] = []
        self._constraints: dict[Variable, Any] = {}
        self._initial_weights = kwargs.get("weights")
        self._activity_regularizer = kwargs.get("activity_regularizer")
        self._batch_input_shape = _batch_input_shape(kwargs)
        self._sublayers: list = []
        self._held_directly: list = []

    def __setattr__(self, name: str, value: Any) -> None:
        # Layers held by a public attribute (alone, or in a list, tuple or dict) are the
        # layer's sublayers, as Keras tracks them: their weights, losses and updates are
        # this layer's too. tf.layers objects count, being Keras layers in TF1.
        if not name.startswith("_") and "_sublayers" in self.__dict__:
            from .models import _held_layers

            for layer in _held_layers(value):
                if layer is not self and all(layer is not s for s in self._sublayers):
                    self._sublayers.append(layer)
                    if layer is value:
                        self._held_directly.append(layer)
        object.__setattr__(self, name, value)

    @property
    def trainable(self) -> bool:
        return self.__dict__.get("_trainable", True)

    @trainable.setter
    def trainable(self, value: bool) -> None:
        # As TF's Keras: the layers an attribute holds directly follow; those in a list or
        # dict (Keras wraps the container, and sets the flag on the wrapper) do not.
        self.__dict__["_trainable"] = value
        for layer in self.__dict__.get("_held_directly", []):
            layer.trainable = value

    def _nested(self, attr: str) -> list:
        return [
            item for layer in self.__dict__.get("_sublayers", []) for item in getattr(layer, attr)
        ]

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        return _unique(self._trainable_weights + self._nested("trainable_weights"))

    @property
    def non_trainable_weights(self) -> list:
        if self.trainable:
            return _unique(self._non_trainable_weights + self._nested("non_trainable_weights"))
        own = self._trainable_weights + self._non_trainable_weights
        return _unique(own + self._nested("weights"))

    @property
    def weights(self) -> list:
        return _unique(self.trainable_weights + self.non_trainable_weights)

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    # -- weights -------------------------------------------------------------------------------
    def add_weight(
        self,
        name: str,
        shape: Any = (),
        dtype: Any = None,
        initializer: Any = None,
        regularizer: Any = None,
        trainable: bool = True,
        constraint: Any = None,
        **kwargs: Any,
    ) -> Variable:
        """A variable `<layer scope>/<name>` initialized by `initializer` (glorot_uniform
        for floats, zeros otherwise, as Keras' defaults)."""
        from . import constraints, initializers, regularizers

        dtype = _tf.as_dtype(dtype or self.dtype or K.floatx())
        if initializer is None:
            initializer = "glorot_uniform" if dtype.is_floating else "zeros"
        init = initializers.get(initializer)
        shape = tuple(int(d) for d in shape)
        graph = _tf.get_default_graph()

        def initial_value():
            with graph.name_scope("Initializer"):
                return init(shape, dtype=dtype)

        # Keras makes resource variables, in TF1 graphs too (read as values: ref_reads.py).
        trainable = trainable and self.trainable
        var = Variable(initial_value, trainable=trainable, name=name, use_resource=True)
        (self._trainable_weights if var.trainable else self._non_trainable_weights).append(var)
        regularizer = regularizers.get(regularizer)
        if regularizer is not None:
            with graph.name_scope(name + "/Regularizer"):
                self._weight_losses.append(regularizer(var))
        if constraint is not None:
            self._constraints[var] = constraints.get(constraint)
        return var

    add_variable = add_weight  # TF1's older spelling

    def count_params(self) -> int:
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer {self.name}, but the layer isn't "
                "built. You can build it manually via: "
                f"`{self.name}.build(batch_input_shape)`."
            )
        return sum(math.prod(w.static_shape) for w in self.weights)

    @property
    def losses(self) -> list[Tensor]:
        return self._losses + self._weight_losses + self._nested("losses")

    def add_loss(self, losses: Any, inputs: Any = None) -> None:
        # A callable loss (a weight penalty written `lambda: ...`) is evaluated now: in a
        # graph its tensor is what TF1's Keras evaluates it to when `losses` is read.
        self._losses.extend(t() if callable(t) else t for t in _flat(losses))

    @property
    def updates(self) -> list:
        """The layer's update ops (BatchNormalization's moving averages), then its
        sublayers'; its own none while it is not trainable, as TF1's Keras (a frozen
        layer's statistics stay)."""
        own = self.trainable or getattr(self, "stateful", False)
        # Each sublayer answers for its own (a frozen block's BatchNormalization in a
        # list stays trainable, its updates listed, as TF's).
        return (list(self._updates) if own else []) + self._nested("updates")

    def add_update(self, updates: Any, inputs: Any = None) -> None:
        # Operations, as TF1's Keras keeps them in a graph: an update tensor (an assign's
        # value) as its op, a callable update called now.
        for update in _flat(updates):
            update = update() if callable(update) else update
            self._updates.append(update.op if isinstance(update, Tensor) else update)

    # -- calling -------------------------------------------------------------------------------
    @property
    def input_spec(self) -> Any:
        """What the layer's inputs must meet (InputSpecs), checked on every call."""
        return self.__dict__.get("_input_spec")

    @input_spec.setter
    def input_spec(self, value: Any) -> None:
        self._input_spec = check_specs(value)

    def build(self, input_shape: Any) -> None:
        self.built = True

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        return inputs

    def _expects(self, arg: str) -> bool:
        return arg in inspect.signature(self.call).parameters

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        given = dict(kwargs)  # what a config records; training and mask are added below
        flat = [_tf.convert_to_tensor(t) if not isinstance(t, Tensor) else t for t in _flat(inputs)]
        graph = flat[0].op.graph
        state = K._state(graph)
        if not state.calls:
            from .op_layers import create_keras_history, needs_keras_history

            if needs_keras_history(flat):
                create_keras_history(flat)
        state.calls += 1
        try:
            return self._call_in_graph(inputs, flat, graph, given, args, kwargs)
        finally:
            state.calls -= 1

    def _call_in_graph(
        self, inputs: Any, flat: list, graph: Any, given: dict, args: tuple, kwargs: dict
    ) -> Any:
        if self._expects("training") and kwargs.get("training") is None:
            kwargs.pop("training", None)
            with graph.as_default():
                kwargs["training"] = K.learning_phase()
        assert_input_compatibility(self.input_spec, inputs, self.name)
        masks = [keras_mask(t) for t in flat]
        mask = None if all(m is None for m in masks) else (masks[0] if len(masks) == 1 else masks)
        if mask is not None and self._expects("mask") and kwargs.get("mask") is None:
            kwargs["mask"] = mask
        with graph.as_default(), graph.name_scope(self.name):
            if not self.built:
                if self.dtype is None and flat[0].dtype.is_floating:
                    # TF1's Keras layers take the dtype of their first input (float64
                    # inputs, float64 weights).
                    self.dtype = flat[0].dtype.name
                self.build(_shape_of(flat))
                self.built = True
                if self._initial_weights is not None:
                    self.set_weights(self._initial_weights)
                    self._initial_weights = None
            outputs = self._copies_of_inputs(self.call(inputs, *args, **kwargs), flat, graph)
            if self._activity_regularizer is not None:
                with graph.name_scope("ActivityRegularizer"):
                    for out in _flat(outputs):
                        size = _tf.cast(_tf.shape(out)[0], out.dtype)
                        self._losses.append(self._activity_regularizer(out) / size)
            # As Keras: a layer neither supporting masks nor computing its own drops them.
            if self.supports_masking or type(self).compute_mask is not Layer.compute_mask:
                self._set_masks(outputs, self.compute_mask(inputs, mask))
        if all(keras_history(t) is not None for t in flat):
            self._add_node(inputs, outputs, given)
        return outputs

    apply = __call__

    def _copies_of_inputs(self, outputs: Any, flat: list, graph: Any) -> Any:
        """`outputs` with any that is one of the inputs, unmodified (`Activation("linear")`,
        an identity `Lambda`), replaced by an identity of it in the layer's scope, as Keras
        does (`activation/activation/Identity`): else this layer's history overwrites the
        input's, and a model's JSON loses the layer that made it (its InputLayer)."""
        given = {id(t) for t in flat}

        def copy(x: Any) -> Any:
            if isinstance(x, (list, tuple)):
                return type(x)(copy(item) for item in x)
            if id(x) not in given:
                return x
            with graph.name_scope(self.name):
                return _tf.identity(x)

        return copy(outputs)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """The outputs' mask: the input's where the layer supports masking; asked of a
        layer that does not, with a mask, a TypeError (Keras' rule)."""
        if not self.supports_masking:
            if any(m is not None for m in _flat(mask)):
                raise TypeError(
                    f"Layer {self.name} does not support masking, but was passed "
                    f"an input_mask: {mask}"
                )
            return None
        return mask

    @staticmethod
    def _set_masks(outputs: Any, masks: Any) -> None:
        outs = _flat(outputs)
        masks = _flat(masks) if isinstance(masks, (list, tuple)) else [masks] * len(outs)
        for t, m in zip(outs, masks, strict=False):
            if m is not None and isinstance(t, Tensor):
                K._state(t.op.graph).masks[t] = m

    def _add_node(self, inputs: Any, outputs: Any, arguments: dict) -> None:
        node = Node(self, inputs, outputs, arguments)
        index = len(self._inbound_nodes)
        self._inbound_nodes.append(node)
        for i, t in enumerate(node.output_tensors):
            _set_history(t, (self, index, i))

    # -- shapes --------------------------------------------------------------------------------
    def _node_shapes(self, attr: str, what: str) -> Any:
        if not self._inbound_nodes:
            raise AttributeError(
                f"The layer has never been called and thus has no defined {what} shape."
            )
        shapes = {repr(getattr(n, attr)) for n in self._inbound_nodes}
        if len(shapes) > 1:
            raise AttributeError(
                f'The layer "{self.name}" has multiple inbound nodes, with different {what} '
                f'shapes. Hence the notion of "{what} shape" is ill-defined for the layer.'
            )
        return getattr(self._inbound_nodes[0], attr)

    @property
    def input_shape(self) -> Any:
        return self._node_shapes("input_shapes", "input")

    @property
    def output_shape(self) -> Any:
        return self._node_shapes("output_shapes", "output")

    @property
    def input(self) -> Any:
        return self._node_attr("input_tensors", "input")

    @property
    def output(self) -> Any:
        return self._node_attr("output_tensors", "output")

    def _node_attr(self, attr: str, what: str) -> Any:
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self.name} is not connected, no {what} to return.")
        tensors = getattr(self._inbound_nodes[0], attr)
        return tensors[0] if len(tensors) == 1 else tensors

    # -- configs -------------------------------------------------------------------------------
    # A layer's config is the base keys, then `_config_keys` in TF's order: each the
    # attribute of that name (the constructor's argument as the layer normalized it), or
    # for `_config_args` and keys without an attribute the argument as given (recorded by
    # `_recording_init`), or `_config_defaults` for settings graphgate only has one way.
    _config_keys: tuple[str, ...] = ()
    _config_args: frozenset[str] = frozenset()
    _config_defaults: ClassVar[dict[str, Any]] = {}
    _config_float32: frozenset[str] = frozenset()
    # Constructor arguments TF's config leaves out too (or a get_config writes itself).
    _config_omitted: frozenset[str] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__init__" in cls.__dict__:
            cls.__init__ = _recording_init(cls.__dict__["__init__"])

    def get_config(self) -> dict:
        """TF's config of this layer: `Layer.from_config(layer.get_config())` makes an
        equal, unbuilt layer."""
        _require_own_config(self)
        _require_all_settings(self)
        config: dict[str, Any] = {"name": self.name, "trainable": self.trainable}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = self._batch_input_shape
        config["dtype"] = self.dtype
        for key in self._config_keys:
            config[key] = config_value(key, self._config_raw(key), key in self._config_float32)
        return plain(config)

    def _config_raw(self, key: str) -> Any:
        args = self.__dict__.get("_args", {})
        if key not in self._config_args and key in self.__dict__:
            return self.__dict__[key]
        if key in args:
            return args[key]
        return self._config_defaults.get(key)

    @classmethod
    def from_config(cls, config: dict) -> Layer:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


def _unique(items: list) -> list:
    out: list = []
    for item in items:
        if all(item is not o for o in out):
            out.append(item)
    return out


def _recording_init(init: Any) -> Any:
    """`init`, first recording its arguments (defaults applied) in `self._args`; the
    outermost constructor's win, so a subclass's values override what it passes up."""
    signature = inspect.signature(init)

    @functools.wraps(init)
    def recording(self: Layer, *args: Any, **kwargs: Any) -> None:
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        recorded = self.__dict__.setdefault("_args", {})
        for name, value in list(bound.arguments.items())[1:]:
            if signature.parameters[name].kind is inspect.Parameter.VAR_KEYWORD:
                for key, item in value.items():
                    recorded.setdefault(key, item)
            elif signature.parameters[name].kind is not inspect.Parameter.VAR_POSITIONAL:
                recorded.setdefault(name, value)
        init(self, *args, **kwargs)

    return recording


def _require_own_config(layer: Layer) -> None:
    """TF's rule: a layer class written outside Keras whose constructor takes arguments
    of its own must write `get_config`, or its configs would lose them."""
    for cls in type(layer).__mro__:
        if "__init__" not in cls.__dict__:
            continue
        if cls.__module__.startswith("graphgate."):
            return
        own = [
            p
            for p in inspect.signature(cls.__init__).parameters.values()
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and p.name != "self"
        ]
        if own and "get_config" not in cls.__dict__:
            raise NotImplementedError(
                f"Layer {cls.__name__} has arguments {[p.name for p in own]} in `__init__` "
                "and therefore must override `get_config()`."
            )
        return


_BASE_ARGS = frozenset(
    {"name", "trainable", "dtype", "batch_input_shape", "input_shape", "batch_size",
     "input_dim", "weights", "activity_regularizer"}
)  # fmt: skip


def _require_all_settings(layer: Layer) -> None:
    """A graphgate layer given a setting its config would not carry has no config yet
    (UNIMPLEMENTED): a config that silently drops a setting rebuilds another model."""
    if not type(layer).__module__.startswith("graphgate."):
        return
    given = set(layer.__dict__.get("_args", {}))
    lost = given - _BASE_ARGS - set(layer._config_keys) - layer._config_omitted
    if lost:
        raise error(
            "UNIMPLEMENTED",
            f"{type(layer).__name__} has no config for {sorted(lost)} in graphgate yet",
        )


def config_value(key: str, value: Any, as_float32: bool = False) -> Any:
    """A constructor argument as TF's configs write it: functions and objects by their
    serialized form, float hyperparameters rounded through float32 where Keras keeps
    them so."""
    from . import activations, constraints, initializers, regularizers

    if key.endswith("_initializer"):
        return initializers.serialize(initializers.get(value))
    if key.endswith("_regularizer"):
        return regularizers.serialize(regularizers.get(value))
    if key.endswith("_constraint"):
        return constraints.serialize(constraints.get(value))
    if key.endswith("activation"):
        return activations.serialize(activations.get(value))
    if key == "data_format":
        return value or "channels_last"
    if isinstance(value, Layer) or _is_legacy_layer(value):
        # A tf.layers object (a wrapped layer) is written under its class's name, which
        # reads back as the Keras layer, as TF's.
        return {"class_name": class_name(value), "config": value.get_config()}
    if isinstance(value, list | tuple) and value and all(isinstance(v, Layer) for v in value):
        return [config_value(key, v) for v in value]
    if as_float32 and value is not None:
        return float32(value)
    return value


def _is_legacy_layer(value: Any) -> bool:
    from ..layers_base import Layer as LegacyLayer

    return isinstance(value, LegacyLayer)


def _batch_input_shape(kwargs: dict) -> tuple | None:
    if "batch_input_shape" in kwargs:
        return tuple(kwargs["batch_input_shape"])
    if "input_shape" in kwargs:
        return (kwargs.get("batch_size"), *tuple(kwargs["input_shape"]))
    if "input_dim" in kwargs:
        return (kwargs.get("batch_size"), kwargs["input_dim"])
    return None


class InputLayer(Layer):
    """The layer behind `Input`: a placeholder (or a given tensor) as a Keras tensor."""

    def __init__(
        self,
        input_shape: Any = None,
        batch_size: int | None = None,
        dtype: Any = None,
        input_tensor: Tensor | None = None,
        sparse: bool = False,
        name: str | None = None,
        batch_input_shape: Any = None,
        ragged: bool = False,
        optional: bool = False,
        **kwargs: Any,
    ):
        if ragged or optional:
            raise error("UNIMPLEMENTED", "ragged and optional Keras inputs")
        self.sparse = bool(sparse)
        if name is None:
            name = f"input_{K.get_uid('input')}"
        super().__init__(name=name, dtype=dtype or K.floatx(), **kwargs)
        if input_tensor is None:
            if batch_input_shape is None:
                batch_input_shape = (batch_size, *tuple(input_shape or ()))
            input_tensor = K.placeholder(batch_input_shape, dtype=self.dtype, name=self.name)
        self._batch_input_shape = input_tensor.static_shape
        self.built = True
        self._add_node([], [input_tensor], {})
        self._inbound_nodes[0].input_tensors = [input_tensor]

    @property
    def output_shape(self) -> Any:
        # Keras lists an input layer's shape: `[(None, 3)]` in summaries.
        return [self._batch_input_shape]

    def get_config(self) -> dict:
        return plain(
            {
                "batch_input_shape": self._batch_input_shape,
                "dtype": self.dtype,
                "sparse": self.sparse,
                "ragged": False,
                "name": self.name,
                "optional": False,
            }
        )


def Input(
    shape: Any = None,
    batch_size: int | None = None,
    name: str | None = None,
    dtype: Any = None,
    sparse: bool = False,
    tensor: Tensor | None = None,
    batch_shape: Any = None,
    **kwargs: Any,
) -> Tensor:
    """A placeholder `input_1` (or `name`) of shape (batch_size, *shape) that layers and
    `Model` can trace."""
    if shape is None and batch_shape is None and tensor is None:
        raise ValueError(
            "Please provide to Input either a `shape` or a `tensor` argument. Note that "
            "`shape` does not include the batch dimension."
        )
    layer = InputLayer(
        input_shape=shape,
        batch_size=batch_size,
        dtype=dtype,
        input_tensor=tensor,
        sparse=sparse,
        name=name,
        batch_input_shape=batch_shape,
        **kwargs,
    )
    return layer._inbound_nodes[0].output_tensors[0]
