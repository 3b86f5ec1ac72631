"""`tf.contrib.opt.ScipyOptimizerInterface` (and its base `ExternalOptimizerInterface`), as
TensorFlow 1.15 wrote them: the variables packed into one vector that
`scipy.optimize.minimize` (L-BFGS-B unless `method=` says otherwise) moves, the loss and its
gradient evaluated by feeding the candidate values in place of the variables, and the
result assigned once at the end. Neural-style transfer scripts of the TF1 era minimize
their loss this way. scipy is imported only when `minimize` runs.

The namespace also holds contrib.opt's `LazyAdamOptimizer` and decoupled weight decay
optimizers (`weight_decay_optimizers.py`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import accumulate, pairwise
from typing import Any

import numpy as np

from .errors import error
from .gradients_impl import gradients
from .ops.array_ops import concat, placeholder, reshape, zeros_like
from .ops.state_ops import trainable_variables
from .weight_decay_optimizers import AdamWOptimizer as AdamWOptimizer
from .weight_decay_optimizers import DecoupledWeightDecayExtension as DecoupledWeightDecayExtension
from .weight_decay_optimizers import LazyAdamOptimizer as LazyAdamOptimizer
from .weight_decay_optimizers import MomentumWOptimizer as MomentumWOptimizer
from .weight_decay_optimizers import (
    extend_with_decoupled_weight_decay as extend_with_decoupled_weight_decay,
)

_LOG = logging.getLogger("graphgate")


def _shape(tensor: Any) -> tuple[int, ...]:
    return tuple(int(d) for d in tensor.shape.as_list())


def _compute_gradients(tensor: Any, var_list: list) -> list:
    grads = gradients(tensor, var_list)
    # tf.gradients may give None for unconnected variables: a zero there, as TF's.
    return [g if g is not None else zeros_like(v) for v, g in zip(var_list, grads, strict=True)]


def _pack(tensors: list) -> Any:
    if not tensors:
        return None
    if len(tensors) == 1:
        return reshape(tensors[0], [-1])
    return concat([reshape(t, [-1]) for t in tensors], 0)


class ExternalOptimizerInterface:
    """Base of optimizers that run outside the graph: subclasses give `_minimize`."""

    def __init__(
        self,
        loss: Any,
        var_list: list | None = None,
        equalities: list | None = None,
        inequalities: list | None = None,
        var_to_bounds: dict | None = None,
        **optimizer_kwargs: Any,
    ):
        self._loss = loss
        self._equalities = equalities or []
        self._inequalities = inequalities or []
        self._vars = trainable_variables() if var_list is None else list(var_list)
        self._packed_bounds = self._bounds(var_to_bounds)
        self._update_placeholders = [placeholder(v.dtype) for v in self._vars]
        self._var_updates = [
            v.assign(reshape(p, _shape(v)))
            for v, p in zip(self._vars, self._update_placeholders, strict=True)
        ]
        loss_grads = _compute_gradients(loss, self._vars)
        self.optimizer_kwargs = optimizer_kwargs
        self._packed_var = _pack(self._vars)
        self._packed_loss_grad = _pack(loss_grads)
        self._packed_equality_grads = [
            _pack(_compute_gradients(e, self._vars)) for e in self._equalities
        ]
        self._packed_inequality_grads = [
            _pack(_compute_gradients(i, self._vars)) for i in self._inequalities
        ]
        ends = [0, *accumulate(int(np.prod(_shape(v))) for v in self._vars)]
        self._packing_slices = [slice(a, b) for a, b in pairwise(ends)]

    def _bounds(self, var_to_bounds: dict | None) -> list | None:
        if var_to_bounds is None:
            return None
        left, right = [], []
        for var in self._vars:
            shape = _shape(var)
            low, high = var_to_bounds.get(var, (-np.inf, np.inf))
            left.extend(np.broadcast_to(low, shape).flat)
            right.extend(np.broadcast_to(high, shape).flat)
        return list(zip(left, right, strict=True))

    def minimize(
        self,
        session: Any = None,
        feed_dict: dict | None = None,
        fetches: list | None = None,
        step_callback: Callable | None = None,
        loss_callback: Callable | None = None,
        **run_kwargs: Any,
    ) -> None:
        """Minimize the loss from the variables' values in `session`, then assign the
        result; `loss_callback(*fetches)` after each evaluation, `step_callback(x)` after
        each step."""
        from .session import get_default_session

        session = session or get_default_session()
        feed_dict = feed_dict or {}
        fetches = fetches or []
        loss_callback = loss_callback or (lambda *fetches: None)
        step_callback = step_callback or (lambda xk: None)
        loss_grad_func = self._make_eval_func(
            [self._loss, self._packed_loss_grad], session, feed_dict, fetches, loss_callback
        )
        equality_funcs = self._make_eval_funcs(self._equalities, session, feed_dict, fetches)
        equality_grad_funcs = self._make_eval_funcs(
            self._packed_equality_grads, session, feed_dict, fetches
        )
        inequality_funcs = self._make_eval_funcs(self._inequalities, session, feed_dict, fetches)
        inequality_grad_funcs = self._make_eval_funcs(
            self._packed_inequality_grads, session, feed_dict, fetches
        )
        initial = session.run(self._packed_var)
        packed = self._minimize(
            initial_val=initial, loss_grad_func=loss_grad_func,
            equality_funcs=equality_funcs, equality_grad_funcs=equality_grad_funcs,
            inequality_funcs=inequality_funcs, inequality_grad_funcs=inequality_grad_funcs,
            packed_bounds=self._packed_bounds, step_callback=step_callback,
            optimizer_kwargs=self.optimizer_kwargs,
        )  # fmt: skip
        values = [packed[s] for s in self._packing_slices]
        session.run(
            self._var_updates,
            feed_dict=dict(zip(self._update_placeholders, values, strict=True)),
            **run_kwargs,
        )

    def _minimize(self, **kwargs: Any) -> np.ndarray:
        raise NotImplementedError(
            "To use ExternalOptimizerInterface, subclass from it and implement the "
            "_minimize() method."
        )

    def _make_eval_func(self, tensors, session, feed_dict, fetches, callback=None):
        if not isinstance(tensors, list):
            tensors = [tensors]
        count = len(tensors)

        def eval_func(x: np.ndarray) -> list:
            feeds = {
                var: x[s].reshape(_shape(var))
                for var, s in zip(self._vars, self._packing_slices, strict=True)
            }
            feeds.update(feed_dict)
            values = session.run(tensors + list(fetches), feed_dict=feeds)
            if callable(callback):
                callback(*values[count:])
            return values[:count]

        return eval_func

    def _make_eval_funcs(self, tensors, session, feed_dict, fetches, callback=None):
        return [self._make_eval_func(t, session, feed_dict, fetches, callback) for t in tensors]


class ScipyOptimizerInterface(ExternalOptimizerInterface):
    """`scipy.optimize.minimize` over the packed variables; L-BFGS-B by default, `method=`
    and `options=` passed through; equalities and inequalities become its constraints."""

    _DEFAULT_METHOD = "L-BFGS-B"

    def _minimize(
        self, initial_val, loss_grad_func, equality_funcs, equality_grad_funcs,
        inequality_funcs, inequality_grad_funcs, packed_bounds, step_callback,
        optimizer_kwargs,
    ):  # fmt: skip
        def loss_grad_func_wrapper(x):
            # scipy's L-BFGS-B (Fortran) wants the gradient as doubles.
            loss, gradient = loss_grad_func(x)
            return loss, gradient.astype("float64")

        optimizer_kwargs = dict(optimizer_kwargs)
        method = optimizer_kwargs.pop("method", self._DEFAULT_METHOD)
        constraints = [
            {"type": kind, "fun": f, "jac": g}
            for kind, funcs, grads in (
                ("eq", equality_funcs, equality_grad_funcs),
                ("ineq", inequality_funcs, inequality_grad_funcs),
            )
            for f, g in zip(funcs, grads, strict=True)
        ]
        minimize_kwargs = {
            "jac": True, "callback": step_callback, "method": method,
            "constraints": constraints, "bounds": packed_bounds,
        }  # fmt: skip
        for kwarg in minimize_kwargs:
            if kwarg in optimizer_kwargs:
                if kwarg == "bounds":
                    raise ValueError("Bounds must be set using the var_to_bounds argument")
                raise ValueError(f"Set {kwarg} in the constructor.")
        minimize_kwargs.update(optimizer_kwargs)
        try:
            import scipy.optimize
        except ImportError:
            raise error(
                "MISSING_DEPENDENCY", "ScipyOptimizerInterface needs scipy: pip install scipy"
            ) from None
        result = scipy.optimize.minimize(loss_grad_func_wrapper, initial_val, **minimize_kwargs)
        lines = [
            "Optimization terminated with:",
            f"  Message: {result.message}",
            f"  Objective function value: {result.fun:f}",
        ]
        if hasattr(result, "nit"):
            lines.append(f"  Number of iterations: {result.nit}")
        if hasattr(result, "nfev"):
            lines.append(f"  Number of functions evaluations: {result.nfev}")
        _LOG.info("\n".join(lines))
        return result["x"]


__all__ = ["ExternalOptimizerInterface", "ScipyOptimizerInterface"]
