"""`tf.train.ExponentialMovingAverage`: shadow variables that follow variables or tensors."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Operation, Tensor, constant_op
from ..ops.math_ops import cast, minimum, pow
from ..ops.state_ops import Variable, group

MOVING_AVERAGE_VARIABLES = "moving_average_variables"


class ExponentialMovingAverage:
    """shadow -= (1 - decay) * (shadow - value) on each run of `apply()`'s op.

    With `num_updates`, the decay is min(decay, (1 + num_updates) / (10 + num_updates)),
    computed in float32 as TensorFlow does. A variable's shadow starts at its value (its
    initial value if it has none when the shadow is initialized); a tensor's starts at
    zero, debiased (divided by 1 - decay^t) if `zero_debias`."""

    def __init__(
        self,
        decay: float,
        num_updates: Any = None,
        zero_debias: bool = False,
        name: str = "ExponentialMovingAverage",
    ):
        self._decay, self._num_updates = decay, num_updates
        self._zero_debias, self.name = zero_debias, name
        self._averages: dict[Tensor, Variable] = {}
        self._debias: dict[Tensor, tuple[Variable, Variable]] = {}

    def _shadow(self, graph, var: Tensor) -> Variable:
        is_variable = var.op.type == "VariableV2"
        if var.static_shape is None or None in var.static_shape:
            raise error("INVALID_ATTR", f"{var.name}: a moving average needs a known shape")
        from ..variable_scope import get_variable_scope

        # TF's slot_creator opens `<var>/<name>` inside the current variable scope: under
        # `variable_scope("s")` the shadow of `s/v` is `s/s/v/ExponentialMovingAverage`.
        scope = get_variable_scope().name
        base = f"{scope}/{var.op.name}/{self.name}" if scope else f"{var.op.name}/{self.name}"
        # Made under TF's init_scope: an apply inside a cond's branch averages from outside it.
        with graph.name_scope(""), graph.control_dependencies(None), graph.outside_bodies():
            if is_variable:
                # TF's shadow starts from var.initialized_value(): the variable's value
                # when it has one (a shadow initialized after a restore or an assign
                # follows the variable), its initial value when not.
                shadow = Variable(var.initialized_value(), trainable=False, name=base)
            else:
                shadow = Variable(np.zeros(var.static_shape, var.dtype), trainable=False, name=base)
            if self._zero_debias and not is_variable:
                # TF's assign_moving_average opens the shadow's name inside the variable
                # scope again: `s/s/t/ExponentialMovingAverage/biased`.
                debias = f"{scope}/{base}" if scope else base
                zeros = np.zeros(var.static_shape, var.dtype)
                self._debias[var] = (
                    Variable(zeros, trainable=False, name=f"{debias}/biased"),
                    Variable(var.dtype.type(0), trainable=False, name=f"{debias}/local_step"),
                )
        if is_variable:  # TF collects variables only: a tensor's shadow restores as itself
            graph.add_to_collection(MOVING_AVERAGE_VARIABLES, var)
        return shadow

    def apply(self, var_list: list | None = None) -> Operation:
        """Create the shadows (once) and return the op that updates them all."""
        from ..graph import get_default_graph
        from ..ops.state_ops import trainable_variables

        var_list = trainable_variables() if var_list is None else list(var_list)
        # TF's apply of no variables is an empty group, as an apply of all of none.
        graph = var_list[0].op.graph if var_list else get_default_graph()
        for v in var_list:
            if v.dtype not in _dt.FLOATS:
                raise error("DTYPE_MISMATCH", f"{v.name}: moving averages need a float dtype")
            if v not in self._averages:
                self._averages[v] = self._shadow(graph, v)
        with graph.as_default(), graph.name_scope(self.name) as scope:
            decay = self._decay
            if not isinstance(decay, Tensor):  # a tensor (a schedule's) is taken as it is
                decay = constant_op(graph, decay, _dt.float32)
            if self._num_updates is not None:
                n = cast(self._num_updates, _dt.float32)
                decay = minimum(decay, (1.0 + n) / (10.0 + n))
            updates = [self._update(v, decay) for v in var_list]
            # Named as its scope, as TF's: `ExponentialMovingAverage`, then `..._1`.
            return group(*updates, name=scope)

    def _update(self, var: Tensor, decay: Tensor) -> Tensor:
        shadow = self._averages[var]
        # TF's assign_moving_average takes 1 - decay in the decay's dtype (float32), then
        # casts it: a float64 shadow moves by float32(1 - decay), not 1 - float64(decay).
        one_minus = cast(1.0 - decay, var.dtype)
        if var not in self._debias:
            return shadow.assign_sub((shadow - var) * one_minus)
        return zero_debiased_assign(shadow, var, one_minus, self._debias[var])

    def average(self, var: Tensor) -> Variable | None:
        return self._averages.get(var)

    def average_name(self, var: Tensor) -> str:
        """The name of `var`'s shadow (TF 2's: the shadow's own once applied, else the
        name it would take in the current name scope)."""
        shadow = self._averages.get(var)
        if shadow is not None:
            return shadow.op.name
        graph = var.op.graph
        return graph.unique_name(graph.scope_prefix + f"{var.op.name}/{self.name}", False)

    def variables_to_restore(self, moving_avg_variables: list | None = None) -> dict[str, Any]:
        """{name in a checkpoint: variable}, restoring averages into the variables: the
        trainable and averaged variables map from their average's name, the rest from
        their own, as TensorFlow's."""
        from ..graph import get_default_graph
        from ..ops.state_ops import global_variables, trainable_variables

        if moving_avg_variables is None:
            graph = get_default_graph()
            moving_avg_variables = trainable_variables() + graph.get_collection(
                MOVING_AVERAGE_VARIABLES
            )
        averaged = list(dict.fromkeys(moving_avg_variables))
        out: dict[str, Any] = {self.average_name(v): v for v in averaged}
        for v in global_variables():
            if v not in averaged and v.op.name not in out:
                out[v.op.name] = v
        return out


def zero_debiased_assign(
    var: Variable, value: Tensor, one_minus: Tensor, debias: tuple, name: str | None = None
) -> Tensor:
    """TF's _zero_debias: the `biased` average of `debias` (biased, local_step) moves by
    `one_minus` (1 - decay) toward value, the step counts, and var becomes biased over
    1 - (1 - one_minus)^step, which is not 1 - decay^step in the last bits where
    decay < 0.5 (EMA's zero_debias, contrib batch_norm's zero_debias_moving_mean)."""
    biased, local_step = debias
    biased_t = biased.assign_sub((biased - value) * one_minus)
    step_t = local_step.assign_add(var.dtype.base_dtype.type(1))
    return var.assign(biased_t / (1 - pow(1.0 - one_minus, step_t)), name=name)
