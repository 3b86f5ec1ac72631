"""TF1's automatic op wrapping: raw TF ops applied to Keras tensors (`d(x) + x[:, :2]`,
`tf.concat`, `tf.reduce_sum` ...) become `TensorFlowOpLayer`s when a functional model or
a layer meets their outputs, as TF's graph-mode Keras (`create_keras_history`) does, so
the model is a graph of layers that summary, configs and weight files walk."""

from __future__ import annotations

from typing import Any

import numpy as np

import graphgate as _tf

from .. import serialization
from ..errors import error
from ..graph import Tensor
from ..limits import DEFAULT_LIMITS
from . import backend as K
from .engine import Layer, _flat, keras_history

_PREFIX = "tf_op_layer_"


def uses_keras_history(tensors: Any) -> bool:
    """Whether any of `tensors` is computed from a Keras tensor (one a layer made)."""
    todo = [t for t in _flat(tensors) if isinstance(t, Tensor)]
    if not todo:
        return False
    # Tensors found to come from no Keras tensor are remembered per graph, as TF marks
    # them (`_keras_history_checked`): layers called on a large non-Keras graph (TF1's
    # placeholders) would otherwise walk all of it on every call.
    checked = K._state(todo[0].op.graph).checked
    seen: set = set()
    while todo:
        t = todo.pop()
        if t in seen or t in checked:
            continue
        seen.add(t)
        if keras_history(t) is not None:
            return True
        todo.extend(t.op.inputs)
    checked.update(seen)
    return False


def needs_keras_history(tensors: Any) -> bool:
    """Whether some of `tensors` are raw ops' outputs computed from Keras tensors."""
    flat = [t for t in _flat(tensors) if isinstance(t, Tensor)]
    if all(keras_history(t) is not None for t in flat):
        return False
    return uses_keras_history(flat)


def create_keras_history(tensors: Any) -> list[Layer]:
    """Wrap the ops between Keras tensors and `tensors` in `TensorFlowOpLayer`s (inputs
    first); the layers made. An op's inputs that no Keras tensor reaches are its
    constants, evaluated now in Keras' session, as TF does."""
    roots = [t for t in _flat(tensors) if isinstance(t, Tensor)]
    if not roots:
        return []
    checked = K._state(roots[0].op.graph).checked
    # One walk, inputs before the op, each tensor once: asking each op's inputs whether
    # they reach a Keras tensor (a walk apiece) and recursing made a chain of n raw ops
    # quadratic, and past ~1,000 ops a RecursionError.
    reaches: dict[Tensor, bool] = {}
    created: list[Layer] = []
    for root in roots:
        stack = [(root, False)]
        while stack:
            t, inputs_done = stack.pop()
            if t in reaches:
                continue
            if keras_history(t) is not None or t in checked:
                reaches[t] = keras_history(t) is not None
            elif not inputs_done:
                stack.append((t, True))
                stack.extend((x, False) for x in reversed(t.op.inputs) if x not in reaches)
            else:
                # a loop's back edge (no Keras model's) is taken to reach nothing
                reaches[t] = any(reaches.get(x, False) for x in t.op.inputs)
                if not reaches[t]:
                    checked.add(t)
                elif keras_history(t) is None:  # a sibling output's op not wrapped yet
                    created.append(_wrap(t.op, reaches))
    return created


def _wrap(op: Any, reaches: dict) -> Layer:
    layer_inputs, constants = [], {}
    for i, x in enumerate(op.inputs):
        if reaches.get(x, False):
            layer_inputs.append(x)
        else:
            constants[i] = _constant_value(x)
    layer = TensorFlowOpLayer(serialization.node_to_dict(op), op.name, constants)
    inputs = layer_inputs[0] if len(layer_inputs) == 1 else layer_inputs
    layer._add_node(inputs, list(op.outputs), {})
    return layer


def _constant_value(t: Tensor) -> np.ndarray:
    if t.op.type == "Const":
        return np.asarray(t.op.attrs["value"])
    return np.asarray(K.get_session().run(t))


class TensorFlowOpLayer(Layer):
    """One wrapped op: called on new Keras tensors it makes the op again (its constants
    as new constants), called where it was made its outputs are the op's own."""

    def __init__(
        self,
        node_def: dict,
        name: str,
        constants: dict | None = None,
        trainable: bool = True,
        dtype: Any = None,
    ):
        if "attr" in node_def or "input" in node_def:
            # TF's NodeDef message (a TF-written config): its attributes spelled TF's way
            # would otherwise read as defaults and make another op.
            raise error(
                "UNIMPLEMENTED",
                f"op layer {name!r}: a config written by TensorFlow (a NodeDef) is not read; "
                "graphgate reads the op layers of configs it wrote",
            )
        super().__init__(name=_PREFIX + name, trainable=trainable, dtype=dtype)
        self.node_def = dict(node_def)
        # JSON keys are strings: a config read back names the input positions so.
        self.constants = {int(i): v for i, v in (constants or {}).items()}
        self.built = True

    def call(self, inputs: Any) -> Any:
        inputs = list(_flat(inputs))
        graph = inputs[0].op.graph
        names = self.node_def.get("inputs", [])
        for index, value in sorted(self.constants.items()):
            inputs.insert(index, _tf.constant(value, name=names[index].split(":")[0]))
        op_type = self.node_def["op"]
        name = self.node_def["name"]
        attrs = serialization.node_attrs(op_type, self.node_def.get("attrs"), DEFAULT_LIMITS, name)
        # in the layer's name scope (`inner/tf_op_layer_add/add`), as TF's `unique_name`
        # names it: at the top level it took the names later raw ops get in TF
        name = graph.unique_name(graph.scope_prefix + name)
        op = graph.create_op(op_type, inputs, attrs, name=name, exact_name=True)
        return op.outputs[0] if len(op.outputs) == 1 else list(op.outputs)

    def get_config(self) -> dict:
        return {
            "name": self.name[len(_PREFIX) :],
            "trainable": self.trainable,
            "dtype": self.dtype,
            "node_def": self.node_def,
            "constants": dict(self.constants),
        }
