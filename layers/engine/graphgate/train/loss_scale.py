"""TF1's loss scaling (`tf.train.experimental`, `tf.compat.v1.mixed_precision`): the
`FixedLossScale` and `DynamicLossScale` objects and `MixedPrecisionLossScaleOptimizer`,
built of the ops TF builds, so the scaled losses, the unscaled gradients, the skipped steps
and the loss scale's growth and backoff are TF's numbers.

`enable_mixed_precision_graph_rewrite` wraps the optimizer as TF's does; the float16 rewrite
it also asks for is Grappler's GPU pass, which TF skips on a machine without a GPU: graphgate
runs on CPUs, so it computes what TF computes there, in the graph's own dtypes.
"""

from __future__ import annotations

import types
from typing import Any

from .. import dtypes as _dt
from ..graph import Graph, convert_to_tensor, get_default_graph
from ..indexed_slices import IndexedSlices
from ..ops.control_flow_ops import cond
from ..ops.math_ops import cast, maximum
from ..ops.reduce_ops import reduce_all
from ..ops.special_math_ops import is_finite
from ..ops.state_ops import Variable, group, no_op
from .optimizers import Optimizer


class LossScale:
    """The base of TF1's loss scales: calling one is the scale (a float32 scalar),
    `update(grads)` is (an op that updates it, whether to apply the gradients)."""

    def __init__(self) -> None:
        self._weights: dict[tuple[str, Graph], Variable] = {}

    def __call__(self) -> Any:
        raise NotImplementedError

    def update(self, grads: Any) -> tuple[Any, Any]:
        raise NotImplementedError

    def get_config(self) -> dict:
        raise NotImplementedError

    @classmethod
    def from_config(cls, config: dict) -> LossScale:
        return cls(**config)

    def _add_weight(self, name: str, initial_value: Any, dtype: Any) -> Variable:
        """A non-trainable resource variable, one of each name in a graph (TF's rule)."""
        key = (name, get_default_graph())
        if self._weights.get(key) is not None:
            raise RuntimeError(f"Duplicate variables detected. {(name, key[1])}")
        variable = Variable(initial_value, False, name, dtype, use_resource=True)
        self._weights[key] = variable
        return variable


class FixedLossScale(LossScale):
    """A loss scale that never changes: every step's gradients are applied."""

    def __init__(self, loss_scale_value: Any):
        super().__init__()
        if isinstance(loss_scale_value, bool) or not isinstance(loss_scale_value, int | float):
            raise ValueError("loss_scale_value must be a Python int or float.")
        if loss_scale_value < 1:
            raise ValueError("loss_scale_value must be at least 1.")
        self._loss_scale_value = float(loss_scale_value)

    def __call__(self) -> Any:
        return convert_to_tensor(self._loss_scale_value, _dt.float32)

    def update(self, grads: Any) -> tuple[Any, bool]:
        return no_op(), True

    def __repr__(self) -> str:
        return f"FixedLossScale({self._loss_scale_value})"

    def get_config(self) -> dict:
        return {"loss_scale_value": self._loss_scale_value}


def _all_finite(grads: list) -> Any:
    values = [g.values if isinstance(g, IndexedSlices) else g for g in grads if g is not None]
    return reduce_all([reduce_all(is_finite(v)) for v in values])


class DynamicLossScale(LossScale):
    """TF's dynamic loss scale: multiplied by `multiplier` after `increment_period` finite
    steps in a row (unless that overflows float32), divided by it (not below 1) on a step
    with a non-finite gradient, whose gradients are then not applied."""

    def __init__(
        self, initial_loss_scale: Any = 2**15, increment_period: Any = 2000, multiplier: Any = 2.0
    ):
        super().__init__()
        self._initial_loss_scale = float(initial_loss_scale)
        self._increment_period = int(increment_period)
        self._multiplier = float(multiplier)
        self._current_loss_scale = self._add_weight(
            "current_loss_scale", self._initial_loss_scale, _dt.float32
        )
        self._num_good_steps = self._add_weight("good_steps", 0, _dt.int64)

    @property
    def initial_loss_scale(self) -> float:
        return self._initial_loss_scale

    @property
    def increment_period(self) -> int:
        return self._increment_period

    @property
    def multiplier(self) -> float:
        return self._multiplier

    def __call__(self) -> Any:
        return convert_to_tensor(self._current_loss_scale)

    def update(self, grads: Any) -> tuple[Any, Any]:
        from ..tf_nest import flatten

        finite = _all_finite(flatten(grads))
        scale, good = self._current_loss_scale, self._num_good_steps

        def grow():
            new = scale * self._multiplier
            kept = cond(is_finite(new), lambda: scale.assign(new).op, no_op)
            return group(kept, good.assign(0))

        def after_finite():
            return cond(good + 1 >= self._increment_period, grow, lambda: good.assign_add(1).op)

        def after_overflow():
            return group(good.assign(0), scale.assign(maximum(scale / self._multiplier, 1)))

        return cond(finite, after_finite, after_overflow), finite

    def __repr__(self) -> str:
        return (
            f"DynamicLossScale(initial_loss_scale={self._initial_loss_scale}, "
            f"increment_period={self._increment_period}, multiplier={self._multiplier})"
        )

    def get_config(self) -> dict:
        return {
            "initial_loss_scale": self._initial_loss_scale,
            "increment_period": self._increment_period,
            "multiplier": self._multiplier,
        }


def get(identifier: Any) -> LossScale | None:
    """A loss scale from a number (fixed), `"dynamic"`, a LossScale, or None."""
    if isinstance(identifier, int | float) and not isinstance(identifier, bool):
        return FixedLossScale(identifier)
    if isinstance(identifier, str) and identifier == "dynamic":
        return DynamicLossScale()
    if isinstance(identifier, LossScale) or identifier is None:
        return identifier
    raise ValueError(f"Could not interpret loss scale identifier: {identifier}")


class MixedPrecisionLossScaleOptimizer(Optimizer):
    """`opt` with its loss multiplied by the loss scale and its gradients divided by it;
    under a dynamic scale, a step whose gradients are not all finite is skipped (global
    step too) and the scale updated, as TF's."""

    def __init__(self, opt: Any, loss_scale: Any):
        if not isinstance(opt, Optimizer):
            raise ValueError(f'"opt" must be an instance of Optimizer, but got: {type(opt)}')
        super().__init__(opt._use_locking, opt.get_name())
        self._optimizer = opt
        self._loss_scale = get(loss_scale)
        if self._loss_scale is None:
            raise ValueError("loss_scale cannot be None")

    def compute_gradients(
        self, loss, var_list=None, gate_gradients=Optimizer.GATE_OP, aggregation_method=None,
        colocate_gradients_with_ops=False, grad_loss=None,
    ):  # fmt: skip
        scale = self._loss_scale()
        if callable(loss):
            loss = loss()
        loss = loss * cast(scale, loss.dtype)
        pairs = self._optimizer.compute_gradients(
            loss, var_list, gate_gradients, aggregation_method, colocate_gradients_with_ops,
            grad_loss,
        )  # fmt: skip
        reciprocal = 1 / self._loss_scale()
        return [(None if g is None else _unscaled(g, reciprocal), v) for g, v in pairs]

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        if not isinstance(self._loss_scale, DynamicLossScale):
            return self._optimizer.apply_gradients(grads_and_vars, global_step, name)
        grads_and_vars = tuple(grads_and_vars)
        name = self.get_name() if name is None else name
        update, should_apply = self._loss_scale.update([g for g, _ in grads_and_vars])

        def apply():
            return self._optimizer.apply_gradients(grads_and_vars, global_step, name + "-wrapped")

        return group(cond(should_apply, apply, no_op), update, name=name)

    def variables(self) -> list[Variable]:
        return self._optimizer.variables() + list(self._loss_scale._weights.values())


def _unscaled(grad: Any, reciprocal: Any) -> Any:
    if isinstance(grad, IndexedSlices):
        return IndexedSlices(grad.values * reciprocal, grad.indices, grad.dense_shape)
    return grad * reciprocal


_REWRITE = [False]


def enable_mixed_precision_graph_rewrite(opt: Any, loss_scale: Any = "dynamic") -> Any:
    """`opt` wrapped in a MixedPrecisionLossScaleOptimizer (TF's CPU graph is left in its
    dtypes: the float16 rewrite is Grappler's GPU pass)."""
    if isinstance(opt, MixedPrecisionLossScaleOptimizer):
        raise ValueError(
            f'"opt" must not already be an instance of a {MixedPrecisionLossScaleOptimizer}. '
            "`enable_mixed_precision_graph_rewrite` will automatically wrap the optimizer "
            "with a MixedPrecisionLossScaleOptimizer."
        )
    if not isinstance(opt, Optimizer):
        raise ValueError(
            '"opt" must be an instance of a tf.train.Optimizer (graphgate has no Keras '
            f"loss-scale wrapper), but got: {type(opt)}"
        )
    _REWRITE[0] = True
    return MixedPrecisionLossScaleOptimizer(opt, loss_scale)


def disable_mixed_precision_graph_rewrite() -> None:
    _REWRITE[0] = False


# TF1's namespaces of these: `tf.train.experimental` and `tf.mixed_precision` (with its
# `experimental`, which keeps the loss scales only).
_SCALES = {"DynamicLossScale": DynamicLossScale, "FixedLossScale": FixedLossScale,
           "LossScale": LossScale}  # fmt: skip
train_experimental = types.SimpleNamespace(
    **_SCALES,
    MixedPrecisionLossScaleOptimizer=MixedPrecisionLossScaleOptimizer,
    disable_mixed_precision_graph_rewrite=disable_mixed_precision_graph_rewrite,
    enable_mixed_precision_graph_rewrite=enable_mixed_precision_graph_rewrite,
)
mixed_precision = types.SimpleNamespace(
    **vars(train_experimental), experimental=types.SimpleNamespace(**_SCALES)
)

__all__ = [
    "DynamicLossScale",
    "FixedLossScale",
    "LossScale",
    "MixedPrecisionLossScaleOptimizer",
    "disable_mixed_precision_graph_rewrite",
    "enable_mixed_precision_graph_rewrite",
]
