"""`tf.contrib.opt`'s `LazyAdamOptimizer` and decoupled weight decay
(`DecoupledWeightDecayExtension`, `AdamWOptimizer`, `MomentumWOptimizer`,
`extend_with_decoupled_weight_decay`), as TensorFlow 1.15 wrote them
(contrib/opt/python/training/lazy_adam_optimizer.py, weight_decay_optimizers.py): TF1
subclasses of the built-in optimizers, written over the protocol a user's own subclass
uses (`_apply_dense`, `_apply_sparse`, `_prepare`, slots, `super()`; each override marked
`tf_form`, as graphgate's own hooks are told apart by their module), so the built-in's
update runs as TF's does after the subclass's part.

LazyAdam moves only the rows a sparse gradient names (their moments and the variable);
the decoupled decay subtracts weight_decay * var (the rows a sparse gradient names) before
the base update, for every variable or those of `decay_var_list`."""

from __future__ import annotations

from typing import Any

from .graph import control_dependencies
from .ops.array_ops import gather
from .ops.math_ops import cast, sqrt, square
from .ops.scatter_ops import scatter_add, scatter_sub, scatter_update
from .ops.state_ops import group, no_op
from .train.optimizer_protocol import tf_form
from .train.optimizers import AdamOptimizer, MomentumOptimizer, Optimizer


class LazyAdamOptimizer(AdamOptimizer):
    """Adam whose sparse update (an embedding's) moves the moments and the variable of
    the gradient's rows alone, with Adam's bias-corrected step: rows a batch does not
    read keep their moments, where Adam's would decay them."""

    @tf_form
    def _apply_sparse(self, grad: Any, var: Any) -> Any:
        dtype = var.dtype.base_dtype
        beta1_power, beta2_power = (cast(p, dtype) for p in self._get_beta_accumulators())
        lr_t, beta1_t, beta2_t, epsilon_t = (
            cast(t, dtype) for t in (self._lr_t, self._beta1_t, self._beta2_t, self._epsilon_t)
        )
        lr = lr_t * sqrt(1 - beta2_power) / (1 - beta1_power)
        m = self.get_slot(var, "m")
        m_t = scatter_update(
            m,
            grad.indices,
            beta1_t * gather(m, grad.indices) + (1 - beta1_t) * grad.values,
            use_locking=self._use_locking,
        )
        v = self.get_slot(var, "v")
        v_t = scatter_update(
            v,
            grad.indices,
            beta2_t * gather(v, grad.indices) + (1 - beta2_t) * square(grad.values),
            use_locking=self._use_locking,
        )
        denominator_slice = sqrt(gather(v_t, grad.indices)) + epsilon_t
        var_update = scatter_sub(
            var,
            grad.indices,
            lr * gather(m_t, grad.indices) / denominator_slice,
            use_locking=self._use_locking,
        )
        return group(var_update, m_t, v_t)


class DecoupledWeightDecayExtension:
    """Loshchilov & Hutter's decoupled weight decay, mixed in before an optimizer class:
    var -= weight_decay * var (a Python number or a callable's, not scaled by the
    learning rate), then the optimizer's own update. `decay_var_list`, given to
    `minimize` or `apply_gradients`, limits the decay to those variables."""

    def __init__(self, weight_decay: Any, **kwargs: Any):
        self._decay_var_list: Any = None  # set by minimize or apply_gradients
        self._weight_decay = weight_decay
        self._weight_decay_tensor = None  # made by _prepare
        super().__init__(**kwargs)

    def minimize(
        self,
        loss: Any,
        global_step: Any = None,
        var_list: Any = None,
        gate_gradients: int = Optimizer.GATE_OP,
        aggregation_method: Any = None,
        colocate_gradients_with_ops: bool = False,
        name: str | None = None,
        grad_loss: Any = None,
        decay_var_list: Any = None,
    ) -> Any:
        self._decay_var_list = set(decay_var_list) if decay_var_list else False
        return super().minimize(
            loss,
            global_step=global_step,
            var_list=var_list,
            gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops,
            name=name,
            grad_loss=grad_loss,
        )

    def apply_gradients(
        self, grads_and_vars: Any, global_step: Any = None, name: str | None = None,
        decay_var_list: Any = None,
    ) -> Any:  # fmt: skip
        self._decay_var_list = set(decay_var_list) if decay_var_list else False
        return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

    @tf_form
    def _prepare(self, *args: Any) -> Any:
        from .graph import convert_to_tensor

        weight_decay = self._weight_decay
        if callable(weight_decay):
            weight_decay = weight_decay()
        self._weight_decay_tensor = convert_to_tensor(weight_decay, name="weight_decay")
        return super()._prepare(*args)

    def _decays(self, var: Any) -> bool:
        return not self._decay_var_list or var in self._decay_var_list

    def _decay_weights_op(self, var: Any) -> Any:
        if self._decays(var):
            return var.assign_sub(self._weight_decay * var, self._use_locking)
        return no_op()

    def _decay_weights_sparse_op(self, var: Any, indices: Any, scatter_add: Any) -> Any:
        if self._decays(var):
            update = -self._weight_decay * gather(var, indices)
            return scatter_add(var, indices, update, self._use_locking)
        return no_op()

    @tf_form
    def _apply_dense(self, grad: Any, var: Any) -> Any:
        with control_dependencies([self._decay_weights_op(var)]):
            return super()._apply_dense(grad, var)

    @tf_form
    def _resource_apply_dense(self, grad: Any, var: Any) -> Any:
        with control_dependencies([self._decay_weights_op(var)]):
            return super()._resource_apply_dense(grad, var)

    @tf_form
    def _apply_sparse(self, grad: Any, var: Any) -> Any:
        decay_op = self._decay_weights_sparse_op(var, grad.indices, scatter_add)
        with control_dependencies([decay_op]):
            return super()._apply_sparse(grad, var)

    @tf_form
    def _resource_apply_sparse(self, grad: Any, var: Any, indices: Any) -> Any:
        decay_op = self._decay_weights_sparse_op(var, indices, scatter_add)
        with control_dependencies([decay_op]):
            return super()._resource_apply_sparse(grad, var, indices)


def extend_with_decoupled_weight_decay(base_optimizer: type) -> type:
    """`base_optimizer` with decoupled weight decay: its constructor takes
    `weight_decay` first, then the base's arguments."""

    class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension, base_optimizer):
        def __init__(self, weight_decay: Any, *args: Any, **kwargs: Any):
            super().__init__(weight_decay, *args, **kwargs)

    return OptimizerWithDecoupledWeightDecay


class MomentumWOptimizer(DecoupledWeightDecayExtension, MomentumOptimizer):
    """Momentum with decoupled weight decay (slots named `MomentumW`)."""

    def __init__(
        self, weight_decay: Any, learning_rate: Any, momentum: Any, use_locking: bool = False,
        name: str = "MomentumW", use_nesterov: bool = False,
    ):  # fmt: skip
        super().__init__(
            weight_decay, learning_rate=learning_rate, momentum=momentum,
            use_locking=use_locking, name=name, use_nesterov=use_nesterov,
        )  # fmt: skip


class AdamWOptimizer(DecoupledWeightDecayExtension, AdamOptimizer):
    """Adam with decoupled weight decay (slots named `AdamW`)."""

    def __init__(
        self, weight_decay: Any, learning_rate: Any = 0.001, beta1: float = 0.9,
        beta2: float = 0.999, epsilon: float = 1e-8, use_locking: bool = False,
        name: str = "AdamW",
    ):  # fmt: skip
        super().__init__(
            weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2,
            epsilon=epsilon, use_locking=use_locking, name=name,
        )  # fmt: skip
