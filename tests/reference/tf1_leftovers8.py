"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: categorical,
multinomial and Dirichlet draws of a sample shape known only at run time (the static
shape TF infers and the seeded numbers, beside the same draw of a shape known while
building), subclasses of the built-in optimizers that override TF1's protocol methods
and call `super()` (AdamW by subclassing AdamOptimizer), a while_loop's result as a
variable's initial value, and tensor names with a negative or signed index. Run
unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_leftovers8.py; what
graphgate answers otherwise is a strict xfail there, its reason in docs/decision_log.md.

    /work/tfvenv/bin/python tests/reference/tf1_leftovers8.py \
        > tests/unit/engine/fixtures/tf1_leftovers8.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# n is 4, known only when run; each draw is made twice under the same op seed, once with n
# and once with 4, so that the fixture says whether TF's numbers depend on knowing it.
DRAWS = """
tf.set_random_seed(1)
x = tf.placeholder(tf.float32, [None])
n = tf.shape(x)[0]
LOGITS = tf.log([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
def observe(make, values=True):
    late, early = make(n), make(4)
    out["shape"] = None if late.shape.ndims is None else late.shape.as_list()
    with tf.Session() as sess:
        late, early = sess.run(late, {x: np.zeros(4, np.float32)}), sess.run(early)
    out["agree"] = late.tolist() == early.tolist()
    if values:
        out["late"], out["early"] = late.tolist(), early.tolist()
"""

SAMPLES = {
    "random_categorical": "lambda k: tf.random.categorical(LOGITS, k, seed=3)",
    "multinomial_int32": "lambda k: tf.multinomial(LOGITS, k, seed=3, output_dtype=tf.int32)",
    "categorical_batch": "lambda k: ds.Categorical(logits=LOGITS).sample(k, seed=7)",
    "categorical_scalar_batch": (
        "lambda k: ds.Categorical(probs=[0.1, 0.2, 0.7]).sample(k, seed=7)"
    ),
    "categorical_two_dimensions": (
        "lambda k: ds.Categorical(logits=LOGITS).sample([k, 2], seed=7)"
    ),
    "categorical_batch_of_batches": (
        "lambda k: ds.Categorical(logits=[LOGITS, LOGITS * 2.0]).sample(k, seed=7)"
    ),
    "multinomial_counts": "lambda k: ds.Multinomial(5.0, logits=LOGITS[1]).sample(k, seed=11)",
    # A batch of rows: TF's map_fn runs one Multinomial op per row, and which row's run
    # takes the generator's next numbers is its executor's order (the last row first
    # here), which graphgate does not copy: the shape and the agreement are recorded.
    "multinomial_counts_batch": (
        "lambda k: ds.Multinomial(5.0, logits=LOGITS).sample(k, seed=11), values=False"
    ),
    "multinomial_counts_two_dimensions": (
        "lambda k: ds.Multinomial(3.0, probs=[0.2, 0.3, 0.5]).sample([2, k], seed=11)"
    ),
    "dirichlet": "lambda k: ds.Dirichlet([1.0, 2.0, 0.5]).sample(k, seed=5)",
    "dirichlet_multinomial": (
        "lambda k: ds.DirichletMultinomial(4.0, [[1.0, 2.0, 0.5], [3.0, 1.0, 1.0]])"
        ".sample(k, seed=5)"
    ),
    "dirichlet_batch": (
        "lambda k: ds.Dirichlet([[1.0, 2.0, 0.5], [3.0, 1.0, 1.0]]).sample([k, 2], seed=5)"
    ),
}

PROGRAMS = {
    f"run_time_sample_{name}": DRAWS + f"ds = tf.distributions\nobserve({make})\n"
    for name, make in SAMPLES.items()
}

# The sample count a placeholder; the batch of logits unknown.
PROGRAMS["run_time_sample_fed_count_unknown_batch"] = """
tf.set_random_seed(1)
k = tf.placeholder(tf.int32, [])
logits = tf.placeholder(tf.float32, [None, 3])
late = tf.distributions.Categorical(logits=logits).sample(k, seed=7)
early = tf.distributions.Categorical(logits=logits).sample(4, seed=7)
out["shape"] = late.shape.as_list()
feed = {k: 4, logits: np.log([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])}
with tf.Session() as sess:
    out["late"] = sess.run(late, feed).tolist()
    out["early"] = sess.run(early, feed).tolist()
"""

# A subclass of a built-in optimizer overriding TF1's protocol methods and calling super():
# three steps of loss sum((w - t)^2) on a ref (resource) variable, w and its slots read after
# each. A decay made before the update races the gradient's read of w in TF (nothing orders
# them): that program's loss is linear, its gradient reads no w.
TRAIN = """
T = np.array([1.0, -2.0, 0.5], np.float32)
def train(opt, resource=False, slots=(), linear=False):
    w = tf.get_variable("w", initializer=np.array([0.3, 0.7, -1.2], np.float32),
                        use_resource=resource)
    step = opt.minimize(tf.reduce_sum(w * T if linear else tf.square(w - T)))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        seen = []
        for _ in range(3):
            sess.run(step)
            seen.append([sess.run(w).tolist()] + [sess.run(opt.get_slot(w, s)).tolist()
                                                   for s in slots])
    out["steps"] = seen
    out["slot_names"] = sorted(opt.get_slot_names())
"""

SUBCLASSES = {
    # tf.contrib.opt's DecoupledWeightDecayExtension: the decay before the update.
    "adamw_decay_first": """
class AdamW(tf.train.AdamOptimizer):
    def __init__(self, weight_decay, **kwargs):
        super().__init__(**kwargs)
        self._wd = weight_decay
    def _decay(self, var):
        return var.assign_sub(self._wd * var, self._use_locking)
    def _apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay(var)]):
            return super()._apply_dense(grad, var)
    def _resource_apply_dense(self, grad, var):
        with tf.control_dependencies([self._decay(var)]):
            return super()._resource_apply_dense(grad, var)
""",
    # The decay after the update, scaled by the learning rate tensor _prepare made.
    "adamw_decay_after_by_lr_t": """
class AdamW(tf.train.AdamOptimizer):
    def __init__(self, weight_decay, **kwargs):
        super().__init__(**kwargs)
        self._wd = weight_decay
    def _prepare(self):
        super()._prepare()
        self._wd_t = tf.convert_to_tensor(self._wd, name="weight_decay")
    def _decayed(self, update, var):
        with tf.control_dependencies([update]):
            return tf.group(update, var.assign_sub(self._lr_t * self._wd_t * var))
    def _apply_dense(self, grad, var):
        return self._decayed(super()._apply_dense(grad, var), var)
    def _resource_apply_dense(self, grad, var):
        return self._decayed(super()._resource_apply_dense(grad, var), var)
""",
    # L2 folded into the gradient.
    "adam_gradient_plus_term": """
class AdamW(tf.train.AdamOptimizer):
    def __init__(self, weight_decay, **kwargs):
        super().__init__(**kwargs)
        self._wd = weight_decay
    def _apply_dense(self, grad, var):
        return super()._apply_dense(grad + self._wd * var, var)
    def _resource_apply_dense(self, grad, var):
        return super()._resource_apply_dense(grad + self._wd * var, var)
""",
    # A slot of its own beside Adam's.
    "adam_own_slot": """
class AdamW(tf.train.AdamOptimizer):
    def __init__(self, weight_decay, **kwargs):
        super().__init__(**kwargs)
        self._wd = weight_decay
    def _create_slots(self, var_list):
        super()._create_slots(var_list)
        for v in var_list:
            self._zeros_slot(v, "ema", self._name)
    def _with_ema(self, update, var):
        ema = self.get_slot(var, "ema")
        with tf.control_dependencies([update]):
            return tf.group(update, ema.assign(ema * 0.5 + self.get_slot(var, "m") * self._wd))
    def _apply_dense(self, grad, var):
        return self._with_ema(super()._apply_dense(grad, var), var)
    def _resource_apply_dense(self, grad, var):
        return self._with_ema(super()._resource_apply_dense(grad, var), var)
""",
}

PROGRAMS.update(
    {
        f"subclass_{name}{suffix}": TRAIN
        + text
        + f"train(AdamW(0.01, learning_rate=0.1), resource={resource}, slots={slots!r}, "
        f"linear={name == 'adamw_decay_first'})\n"
        for name, text in SUBCLASSES.items()
        for suffix, resource in (("", False), ("_resource", True))
        for slots in [["m", "v", "ema"] if name == "adam_own_slot" else ["m", "v"]]
    }
)
PROGRAMS["subclass_gradient_descent_decay"] = (
    TRAIN
    + """
class SGDW(tf.train.GradientDescentOptimizer):
    def _apply_dense(self, grad, var):
        with tf.control_dependencies([super()._apply_dense(grad, var)]):
            return var.assign_sub(0.05 * var)
train(SGDW(0.1))
"""
)
PROGRAMS["subclass_momentum_reads_its_slot"] = (
    TRAIN
    + """
class MomentumW(tf.train.MomentumOptimizer):
    def _resource_apply_dense(self, grad, var):
        update = super()._resource_apply_dense(grad, var)
        with tf.control_dependencies([update]):
            return var.assign_sub(0.1 * self.get_slot(var, "momentum"))
train(MomentumW(0.1, 0.9), resource=True, slots=["momentum"])
"""
)
PROGRAMS["subclass_momentum_finish"] = (
    TRAIN
    + """
class MomentumW(tf.train.MomentumOptimizer):
    def _apply_dense(self, grad, var):
        return super()._apply_dense(grad * 2.0, var)
    def _finish(self, update_ops, name_scope):
        return super()._finish(update_ops, name_scope)
train(MomentumW(0.1, 0.9, use_nesterov=True), slots=["momentum"])
"""
)

# Adam's own finish (its beta powers) called through super() under TF's name scope.
PROGRAMS["subclass_adam_finish"] = (
    TRAIN
    + """
class AdamW(tf.train.AdamOptimizer):
    def _apply_dense(self, grad, var):
        return super()._apply_dense(grad, var)
    def _finish(self, update_ops, name_scope):
        finish = super()._finish(update_ops, name_scope)
        out["finish"] = [finish.name, finish.type]
        return finish
train(AdamW(0.1), slots=["m", "v"])
"""
)

# The other built-ins' slots and updates, left to them by a subclass.
PROGRAMS["subclass_other_built_ins"] = """
class RMSPropW(tf.train.RMSPropOptimizer):
    def _apply_dense(self, grad, var):
        return super()._apply_dense(grad + 0.1 * var, var)
class AdagradW(tf.train.AdagradOptimizer):
    def _resource_apply_dense(self, grad, var):
        return super()._resource_apply_dense(grad + 0.1 * var, var)
for key, opt, resource in [("rmsprop", RMSPropW(0.1, momentum=0.5), False),
                           ("adagrad", AdagradW(0.1), True)]:
    with tf.variable_scope(key):
        w = tf.get_variable("w", initializer=np.array([0.3, 0.7, -1.2], np.float32),
                            use_resource=resource)
        step = opt.minimize(tf.reduce_sum(tf.square(w - 1.0)))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out[key] = [[sess.run(step), sess.run(w).tolist()][1] for _ in range(3)]
"""

# A gather's gradient (an IndexedSlices, repeated rows): the subclass overrides the dense
# updates only, so TF's built-in sparse update runs (Momentum's touches the rows alone).
PROGRAMS["subclass_sparse_gradients"] = """
class AdamW(tf.train.AdamOptimizer):
    def _apply_dense(self, grad, var):
        return super()._apply_dense(grad * 2.0, var)
    _resource_apply_dense = _apply_dense
class MomentumW(tf.train.MomentumOptimizer):
    def _apply_dense(self, grad, var):
        return super()._apply_dense(grad * 2.0, var)
for key, opt, resource in [("adam", AdamW(0.1), False), ("momentum", MomentumW(0.1, 0.9), False),
                           ("momentum_resource", MomentumW(0.1, 0.9), True)]:
    with tf.variable_scope(key):
        e = tf.get_variable("e", initializer=np.arange(8, dtype=np.float32).reshape(4, 2),
                            use_resource=resource)
        step = opt.minimize(tf.reduce_sum(tf.square(tf.gather(e, [0, 2, 0]))))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        sess.run(step)
        out[key] = sess.run(e).tolist()
"""

# A while_loop's result as a variable's initial value: TF1 refuses the loop's Exit itself
# (built inside the loop's context), takes a tensor computed from it, and a cond's Merge.
PROGRAMS["initial_value_from_a_while_loop"] = """
_, y = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0), [0, 1.0])
out["ref"] = raises(lambda: tf.Variable(y))
out["get_variable"] = raises(lambda: tf.get_variable("gv", initializer=y))
out["resource"] = raises(lambda: tf.Variable(y, use_resource=True))
z = tf.Variable(y * 2.0 + 1.0)
c = tf.Variable(tf.cond(tf.constant(True), lambda: tf.constant(1.0), lambda: y))
out["names"] = [z.op.name, c.op.name]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = sess.run([z, c])
"""

# Tensor names whose index is negative or signed: TF reads it with int() and indexes the
# op's outputs as a Python list.
PROGRAMS["tensor_names_with_a_negative_index"] = """
a = tf.constant(1.0, name="a")
s = tf.split(tf.zeros([4]), 2, name="s")
g = tf.get_default_graph()
for name in ["a:-1", "s:-1", "s:-2", "a:+0", "a: 0", "a:00", "a:-0"]:
    out[name] = g.get_tensor_by_name(name).name
for name in ["a:-2", "s:-3", "a:1.0", "a:", "a:0x0"]:
    out[name] = raises(lambda: g.get_tensor_by_name(name))
out["element"] = g.as_graph_element("s:-1").name
"""


if __name__ == "__main__":
    harness.main(PROGRAMS)
