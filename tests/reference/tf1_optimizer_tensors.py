"""Subclasses of the built-in optimizers that touch the hyperparameter tensors TF1's
`_prepare()` makes (dev-only), recorded from TF 2.21: a `_prepare` that replaces one
(`self._lr_t = self._lr_t * 0.5`, a warmup) before the built-in's update reads it, one
that reads them (RMSProp's and Adagrad's `_learning_rate_tensor`), and subclasses that
override only `_prepare()` or `_create_slots(var_list)`, which TF calls in its forms,
and sparse updates that reach the built-in's through `super()`.
Three steps on a ref (resource) variable, dense and through a gather (sparse), the
variable and its slots read after each. Run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_optimizer_tensors.py.

    /work/tfvenv/bin/python tests/reference/tf1_optimizer_tensors.py \
        > tests/unit/engine/fixtures/tf1_optimizer_tensors.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

TRAIN = """
T = np.array([[1.0, -1.0], [0.5, 0.25], [0.0, 1.5]], np.float32)
def train(opt, resource=False, slots=(), sparse=False):
    w = tf.get_variable("w", initializer=np.array([[0.3, 0.7], [-1.2, 0.5], [2.0, -0.4]],
                                                  np.float32), use_resource=resource)
    rows = [0, 2, 0]
    if sparse:
        loss = tf.reduce_sum(tf.square(tf.gather(w, rows) - T[rows]))
    else:
        loss = tf.reduce_sum(tf.square(w - T))
    step = opt.minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        seen = []
        for _ in range(3):
            sess.run(step)
            seen.append([sess.run(w).tolist()]
                        + [sess.run(opt.get_slot(w, s)).tolist() for s in slots])
    out["steps"] = seen
"""

# Each subclass defines both of TF's dense updates (ref and resource variables).
SUBCLASSES = {
    "adam_prepare_scales_lr_t": (
        """
class Sub(tf.train.AdamOptimizer):
    def _prepare(self):
        super()._prepare()
        self._lr_t = self._lr_t * 0.5
    def _apply_dense(self, grad, var):
        return super()._apply_dense(grad, var)
    def _resource_apply_dense(self, grad, var):
        return super()._resource_apply_dense(grad, var)
""",
        "Sub(0.1)",
        ["m", "v"],
    ),
    # Only _prepare: TF's update and _finish (the beta powers) read the beta1 it set.
    "adam_prepare_only": (
        """
class Sub(tf.train.AdamOptimizer):
    def _prepare(self):
        super()._prepare()
        self._beta1_t = tf.constant(0.5)
""",
        "Sub(0.1)",
        ["m", "v"],
    ),
    "momentum_prepare_tensors": (
        """
class Sub(tf.train.MomentumOptimizer):
    def _prepare(self):
        super()._prepare()
        self._momentum_tensor = tf.constant(0.1)
        self._learning_rate_tensor = tf.constant(0.3)
""",
        "Sub(0.1, 0.9)",
        ["momentum"],
    ),
    "gradient_descent_prepare_tensor": (
        """
class Sub(tf.train.GradientDescentOptimizer):
    def _prepare(self):
        super()._prepare()
        self._learning_rate_tensor = self._learning_rate_tensor * 3.0
    def _apply_dense(self, grad, var):
        return super()._apply_dense(grad, var)
    def _resource_apply_dense(self, grad, var):
        return super()._resource_apply_dense(grad, var)
""",
        "Sub(0.1)",
        [],
    ),
    "rmsprop_prepare_tensors": (
        """
class Sub(tf.train.RMSPropOptimizer):
    def _prepare(self):
        super()._prepare()
        self._decay_tensor = tf.constant(0.5)
        self._epsilon_tensor = tf.constant(0.01)
""",
        "Sub(0.1, momentum=0.5)",
        ["rms", "momentum"],
    ),
    "rmsprop_reads_lr_tensor": (
        """
class Sub(tf.train.RMSPropOptimizer):
    def _decayed(self, update, var):
        with tf.control_dependencies([update]):
            return var.assign_sub(self._learning_rate_tensor * 0.01 * var)
    def _apply_dense(self, grad, var):
        return self._decayed(super()._apply_dense(grad, var), var)
    def _resource_apply_dense(self, grad, var):
        return self._decayed(super()._resource_apply_dense(grad, var), var)
""",
        "Sub(0.1, momentum=0.5)",
        ["rms", "momentum"],
    ),
    "adagrad_reads_lr_tensor": (
        """
class Sub(tf.train.AdagradOptimizer):
    def _apply_dense(self, grad, var):
        return super()._apply_dense(grad * self._learning_rate_tensor * 10.0, var)
    def _resource_apply_dense(self, grad, var):
        return super()._resource_apply_dense(grad * self._learning_rate_tensor * 10.0, var)
""",
        "Sub(0.1)",
        ["accumulator"],
    ),
    "adadelta_prepare_tensors": (
        """
class Sub(tf.train.AdadeltaOptimizer):
    def _prepare(self):
        super()._prepare()
        self._lr_t = self._lr_t * 2.0
        self._rho_t = tf.constant(0.5)
""",
        "Sub(1.0)",
        ["accum", "accum_update"],
    ),
    # Only _create_slots, in TF's form, a slot of its own beside the built-in's.
    "rmsprop_own_slot": (
        """
class Sub(tf.train.RMSPropOptimizer):
    def _create_slots(self, var_list):
        super()._create_slots(var_list)
        for v in var_list:
            self._zeros_slot(v, "extra", self._name)
""",
        "Sub(0.1)",
        ["rms", "momentum", "extra"],
    ),
    "adagrad_own_slot": (
        """
class Sub(tf.train.AdagradOptimizer):
    def _create_slots(self, var_list):
        super()._create_slots(var_list)
        for v in var_list:
            self._zeros_slot(v, "extra", self._name)
""",
        "Sub(0.1)",
        ["accumulator", "extra"],
    ),
    # TF's sparse updates overridden, the built-in's reached through super(); the dense
    # programs take the built-in's dense update.
    "momentum_sparse_super": (
        """
class Sub(tf.train.MomentumOptimizer):
    def _apply_sparse(self, grad, var):
        return super()._apply_sparse(grad, var)
    def _resource_apply_sparse(self, grad, var, indices):
        return super()._resource_apply_sparse(grad * 2.0, var, indices)
""",
        "Sub(0.1, 0.9)",
        ["momentum"],
    ),
    "rmsprop_sparse_super": (
        """
class Sub(tf.train.RMSPropOptimizer):
    def _apply_sparse(self, grad, var):
        scaled = tf.IndexedSlices(grad.values * 0.5, grad.indices, grad.dense_shape)
        return super()._apply_sparse(scaled, var)
    def _resource_apply_sparse(self, grad, var, indices):
        return super()._resource_apply_sparse(grad * 0.5, var, indices)
""",
        "Sub(0.1, momentum=0.5)",
        ["rms", "momentum"],
    ),
    "adam_sparse_super": (
        """
class Sub(tf.train.AdamOptimizer):
    def _apply_sparse(self, grad, var):
        return super()._apply_sparse(grad, var)
    def _resource_apply_sparse(self, grad, var, indices):
        return super()._resource_apply_sparse(grad, var, indices)
""",
        "Sub(0.1)",
        ["m", "v"],
    ),
    # TF's gradient descent scatters the rows itself: the subclass's sparse updates are
    # never called (review 39: graphgate called them, the rows scaled twice).
    "gradient_descent_sparse_overrides": (
        """
class Sub(tf.train.GradientDescentOptimizer):
    def _apply_sparse(self, grad, var):
        scaled = tf.IndexedSlices(grad.values * 2.0, grad.indices, grad.dense_shape)
        return super()._apply_sparse(scaled, var)
    def _resource_apply_sparse(self, grad, var, indices):
        return super()._resource_apply_sparse(grad * 2.0, var, indices)
""",
        "Sub(0.1)",
        [],
    ),
    "adagrad_sparse_super": (
        """
class Sub(tf.train.AdagradOptimizer):
    def _apply_sparse(self, grad, var):
        return super()._apply_sparse(grad, var)
    def _resource_apply_sparse(self, grad, var, indices):
        return super()._resource_apply_sparse(grad * 3.0, var, indices)
""",
        "Sub(0.1)",
        ["accumulator"],
    ),
    "ftrl_sparse_super": (
        """
class Sub(tf.train.FtrlOptimizer):
    def _apply_sparse(self, grad, var):
        return super()._apply_sparse(grad, var)
    def _resource_apply_sparse(self, grad, var, indices):
        return super()._resource_apply_sparse(grad, var, indices)
""",
        "Sub(0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.02)",
        ["accum", "linear"],
    ),
    # Review 39: FTRL's, the proximal optimizers' and AdagradDA's `_prepare()` tensors
    # (an AttributeError before, and a replaced one ignored).
    "ftrl_prepare_tensors": (
        """
class Sub(tf.train.FtrlOptimizer):
    def _prepare(self):
        super()._prepare()
        self._learning_rate_tensor = self._learning_rate_tensor * 2.0
        self._l1_regularization_strength_tensor = tf.constant(0.05)
        self._adjusted_l2_regularization_strength_tensor = tf.constant(0.1)
        self._learning_rate_power_tensor = tf.constant(-0.7)
""",
        "Sub(0.1, l1_regularization_strength=0.01)",
        ["accum", "linear"],
    ),
    "ftrl_shrinkage_prepare_tensors": (
        """
class Sub(tf.train.FtrlOptimizer):
    def _prepare(self):
        super()._prepare()
        self._l2_shrinkage_regularization_strength_tensor = tf.constant(0.2)
""",
        "Sub(0.1, l2_shrinkage_regularization_strength=0.01)",
        ["accum", "linear"],
    ),
    "proximal_gradient_descent_prepare_tensors": (
        """
class Sub(tf.train.ProximalGradientDescentOptimizer):
    def _prepare(self):
        super()._prepare()
        self._l1_regularization_strength_tensor = tf.constant(0.05)
        self._l2_regularization_strength_tensor = self._learning_rate_tensor * 2.0
""",
        "Sub(0.1)",
        [],
    ),
    "proximal_adagrad_prepare_tensors": (
        """
class Sub(tf.train.ProximalAdagradOptimizer):
    def _prepare(self):
        super()._prepare()
        self._learning_rate_tensor = self._learning_rate_tensor * 0.5
        self._l1_regularization_strength_tensor = tf.constant(0.0)
""",
        "Sub(0.1, l1_regularization_strength=0.05, l2_regularization_strength=0.01)",
        ["accumulator"],
    ),
    "adagrad_da_prepare_tensor": (
        """
class Sub(tf.train.AdagradDAOptimizer):
    def _prepare(self):
        super()._prepare()
        self._learning_rate_tensor = self._learning_rate_tensor * 3.0
""",
        "Sub(0.1, tf.train.get_or_create_global_step(), l1_regularization_strength=0.01)",
        ["gradient_accumulator", "gradient_squared_accumulator"],
    ),
}

PROGRAMS = {
    f"{name}{suffix}{kind}": f"{TRAIN}{text}\ntrain({make}, resource={resource}, "
    f"slots={slots!r}, sparse={sparse})\n"
    for name, (text, make, slots) in SUBCLASSES.items()
    for suffix, resource in (("", False), ("_resource", True))
    for kind, sparse in (("", False), ("_sparse", True))
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
