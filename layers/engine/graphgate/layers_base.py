"""`tf.layers.Layer`: TF1's base of layer objects, for custom layers that write `build`
(variables through `add_weight`/`add_variable`) and `call`.

As TF1's (tf_keras' legacy layers), a layer is named at construction from Keras' per-graph
counter (`scale_1`, `scale_2`: counted from 1, unlike Keras layers' `scale`, `scale_1`),
and fixes its variable scope at its first call (or first `add_weight`), made unique in the
enclosing variable scope (`scale`, `scale_1`, `outer/scale`). Its variables come from
`get_variable` in that scope, so `reuse` shares them; every call's ops go in the name
scope of the first (`scale/add`, `scale/add_1`). Its losses go to the
REGULARIZATION_LOSSES collection as they are added and its updates to UPDATE_OPS after
each call.
"""

from __future__ import annotations

import contextlib
import inspect
import math
from collections.abc import Iterator
from typing import Any

from . import dtypes as _dt
from .graph import Tensor, TensorShape, get_default_graph
from .ops.state_ops import Variable, global_variables
from .variable_scope import GraphKeys, VariableScope, get_variable, variable_scope
from .weight_lists import WeightLists

UPDATE_OPS = "update_ops"
# Keras' own keyword arguments that a layer's constructor takes besides its own.
_KERAS_KWARGS = frozenset(
    {"input_shape", "batch_input_shape", "batch_size", "weights", "input_dim", "autocast"}
)


def _snake(name: str) -> str:
    from .keras.engine import _snake as keras_snake

    return keras_snake(name)


def legacy_unique_name(base: str) -> str:
    """`base_1`, `base_2`, ...: a tf.layers layer's name, from the counter Keras layers
    share in the default graph (a `tf.layers.Dense` makes the next Keras Dense `dense_1`)."""
    from .keras import backend as K

    return f"{base}_{K.get_uid(base)}"


def _flat(x: Any) -> list:
    if isinstance(x, (list, tuple)):
        return [t for item in x for t in _flat(item)]
    return [x]


def _add_to_collection(key: str, elements: list) -> None:
    collection = get_default_graph().get_collection_ref(key)
    present = {id(e) for e in collection}
    collection.extend(e for e in elements if id(e) not in present)


class Layer(WeightLists):
    """`tf.layers.Layer`: subclass with `build(input_shape)` (make variables with
    `add_weight`) and `call(inputs)`; the first call builds, later calls share the
    variables. `_scope` fixes the variable scope, `_reuse` the scope's reuse."""

    def __init__(self, trainable: bool = True, name: Any = None, dtype: Any = None, **kwargs: Any):
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        self._activity_regularizer = kwargs.pop("activity_regularizer", None)
        for key in kwargs:
            if key not in _KERAS_KWARGS:
                raise TypeError("Keyword argument not understood:", key)
        self.trainable = trainable
        self.dtype = None if dtype is None else _dt.as_dtype(dtype).name
        self._init_set_name(name)
        self.built = False
        self._trainable_weights: list[Variable] = []
        self._non_trainable_weights: list[Variable] = []
        self._losses: list[Tensor] = []
        self._updates: list[Any] = []
        self._inbound_nodes: list = []  # Keras' graph of layers, when called on its tensors
        self._scope: VariableScope | None = None
        self._name_scope = ""
        if scope:
            with variable_scope(scope) as captured:
                self._capture(captured)

    def _init_set_name(self, name: Any) -> None:
        if isinstance(name, VariableScope):
            self._base_name = name.name
            self.name = legacy_unique_name(_snake(type(self).__name__))
        elif name:
            self._base_name = self.name = name
        else:
            self._base_name = _snake(type(self).__name__)
            self.name = legacy_unique_name(self._base_name)

    # -- scope ---------------------------------------------------------------------------------
    def _capture(self, scope: VariableScope) -> None:
        self._scope = scope
        self._name_scope = get_default_graph().scope_prefix

    def _set_scope(self, scope: Any = None) -> None:
        if self._scope is not None:
            return
        if self._reuse:
            opened = variable_scope(scope if scope is not None else self._base_name)
        else:
            opened = variable_scope(scope, default_name=self._base_name)
        with opened as captured:
            self._capture(captured)

    @property
    def scope_name(self) -> str:
        if self._scope is None:
            raise ValueError(
                f'No name available for layer scope because the layer "{self.name}" has not '
                "been used yet. The scope name is determined the first time the layer "
                "instance is called. You must therefore call the layer before querying "
                "`scope_name`."
            )
        return self._scope.name

    @contextlib.contextmanager
    def _in_scope(self, reuse: Any) -> Iterator[None]:
        """The layer's variable scope re-entered, with its ops in the first call's name
        scope (TF1 names a second call's ops `scale/add_1`, not `scale_1/add`)."""
        with (
            variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False),
            get_default_graph().name_scope(self._name_scope or None),
        ):
            yield

    # -- variables -----------------------------------------------------------------------------
    def add_weight(
        self,
        name: str,
        shape: Any = None,
        dtype: Any = None,
        initializer: Any = None,
        regularizer: Any = None,
        trainable: bool | None = None,
        constraint: Any = None,
        partitioner: Any = None,
        **kwargs: Any,
    ) -> Variable:
        """The variable `<layer scope>/<name>` from `get_variable` (made, or shared when the
        layer is built or reuses); a regularizer's penalty is added once, for a new one."""
        for key in kwargs:
            if key not in ("use_resource", "experimental_autocast"):
                raise TypeError("Unknown keyword argument:", key)
        trainable = True if trainable is None else trainable
        self._set_scope(None)
        graph = get_default_graph()
        existing = {id(v) for v in global_variables(graph)}
        with self._in_scope(self.built or self._reuse):
            var = get_variable(
                name,
                shape,
                dtype=_dt.as_dtype(dtype or self.dtype or _dt.float32),
                initializer=initializer,
                trainable=trainable and self.trainable,
                constraint=constraint,
                partitioner=partitioner,
            )
            if regularizer is not None and id(var) not in existing:
                with graph.name_scope(name + "/Regularizer"):
                    self.add_loss(regularizer(var))
        self._track(var, trainable and self.trainable)
        return var

    add_variable = add_weight

    def _track(self, var: Variable, trainable: bool) -> None:
        if any(v is var for v in self._trainable_weights + self._non_trainable_weights):
            return
        # A variable the scope's getter made non-trainable is listed as such, as TF1's.
        listed = get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES)
        in_trainables = any(v is var for v in listed)
        target = trainable and in_trainables
        (self._trainable_weights if target else self._non_trainable_weights).append(var)

    def count_params(self) -> int:
        return sum(math.prod(v.static_shape) for v in self.weights)

    # -- losses and updates --------------------------------------------------------------------
    @property
    def losses(self) -> list:
        return list(self._losses)

    def add_loss(self, losses: Any, inputs: Any = None) -> None:
        new = [t() if callable(t) else t for t in _flat(losses)]
        new = [t for t in new if t is not None]
        self._losses.extend(new)
        _add_to_collection(GraphKeys.REGULARIZATION_LOSSES, new)

    @property
    def updates(self) -> list:
        return list(self._updates) if self.trainable else []

    def add_update(self, updates: Any, inputs: Any = None) -> None:
        # An update tensor is kept as its op, as TF1's layers keep it.
        self._updates.extend(u.op if isinstance(u, Tensor) else u for u in _flat(updates))

    # -- calling -------------------------------------------------------------------------------
    def build(self, input_shape: Any) -> None:
        self.built = True

    def call(self, inputs: Any, **kwargs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: Any) -> TensorShape:
        raise NotImplementedError(
            f"Please run in eager mode or implement the compute_output_shape method on "
            f"your layer ({type(self).__name__})."
        )

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        from .graph import convert_to_tensor

        scope = kwargs.pop("scope", None)
        self._set_scope(scope)
        flat = [t if isinstance(t, Tensor) else convert_to_tensor(t) for t in _flat(inputs)]
        if "scope" in inspect.signature(self.call).parameters:
            kwargs["scope"] = self._scope
        with self._in_scope(True if self.built else self._reuse):
            if not self.built:
                if self.dtype is None and flat and flat[0].dtype.is_floating:
                    self.dtype = flat[0].dtype.name  # TF1's layers take their input's dtype
                shapes = [t.shape for t in flat]
                self.build(shapes[0] if len(shapes) == 1 else shapes)
                self.built = True
            outputs = self.call(inputs, *args, **kwargs)
            self._activity_losses(outputs)
        _add_to_collection(UPDATE_OPS, self.updates)
        self._keras_node(inputs, outputs)
        return outputs

    def _keras_node(self, inputs: Any, outputs: Any) -> None:
        """Called on Keras tensors, the layer joins Keras' graph as TF1's layers (Keras
        layers there) do: its outputs are Keras tensors, so a Keras layer takes them and
        `tf.keras.Model` finds (and refuses) it."""
        from .keras.engine import Node, _set_history, keras_history

        flat = _flat(inputs)
        if not flat or any(not isinstance(t, Tensor) or keras_history(t) is None for t in flat):
            return
        node = Node(self, inputs, outputs, {})
        self._inbound_nodes.append(node)
        for i, t in enumerate(node.output_tensors):
            _set_history(t, (self, len(self._inbound_nodes) - 1, i))

    def _expects(self, arg: str) -> bool:
        return arg in inspect.signature(self.call).parameters

    apply = __call__

    def _activity_losses(self, outputs: Any) -> None:
        if self._activity_regularizer is None:
            return
        from .ops.array_ops import shape
        from .ops.math_ops import cast

        with get_default_graph().name_scope("ActivityRegularizer"):
            for out in _flat(outputs):
                size = cast(shape(out)[0], out.dtype)
                self.add_loss(self._activity_regularizer(out) / size)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"
