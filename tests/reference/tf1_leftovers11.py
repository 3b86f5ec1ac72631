"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: what a cond's
gradient runs when it reads values of a branch that no update's `control_dependencies`
orders (each fetch run three times in one session, v read after each), and what a
cell's `build` computes inside `dynamic_rnn`'s loop (not fetchable). Run unchanged
with `tf` = graphgate by tests/unit/engine/test_tf1_leftovers11.py.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_leftovers11.py \
        > tests/unit/engine/fixtures/tf1_leftovers11.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# v and w are TF1 ref variables, `a` an update of v made outside the cond and named by
# the true branch's `control_dependencies`; each fetch runs three times, v read after each.
COND_RUNS = """
v = tf.Variable(2.0, name="v")
w = tf.Variable(3.0, name="w")
def runs(fetch, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [[np.asarray(sess.run(fetch, feed)).tolist(), float(sess.run(v))] for _ in range(3)]
p = tf.placeholder(tf.bool, [])
a = tf.assign_add(v, 1.0)
"""

COND = {
    # The false branch's tanh output, which its gradient reads, waits for no update.
    "other_branch_tanh": """
def t():
    with tf.control_dependencies([a]):
        return v * w
y = tf.cond(p, t, lambda: tf.tanh(v * w * 0.1))
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
out["false"] = runs(tf.gradients(y, [v, w]), {p: False})
out["forward_true"] = runs(y, {p: True})
""",
    "other_branch_exp": """
def t():
    with tf.control_dependencies([a]):
        return v * w
y = tf.cond(p, t, lambda: tf.exp(w * 0.5) * v)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
out["false"] = runs(tf.gradients(y, [v, w]), {p: False})
""",
    # The same branch's tanh, made before its dependency block.
    "same_branch_before_the_dependency": """
def t():
    h = tf.tanh(w * 0.1)
    with tf.control_dependencies([a]):
        return h * v
y = tf.cond(p, t, lambda: v * w)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
out["false"] = runs(tf.gradients(y, [v, w]), {p: False})
""",
    # A value made under the dependency (the tanh) is read: TF runs the update. (With p
    # false the other branch's read of v races it: no program.)
    "own_value_under_the_dependency": """
def t():
    with tf.control_dependencies([a]):
        return tf.tanh(v * w * 0.1)
y = tf.cond(p, t, lambda: v * w)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
""",
    # A cond in the false branch, whose tanh the gradient reads.
    "nested_cond_in_the_other_branch": """
q = tf.placeholder(tf.bool, [])
def t():
    with tf.control_dependencies([a]):
        return v * w
def f():
    return tf.cond(q, lambda: tf.tanh(v * w * 0.1), lambda: w * 2.0)
y = tf.cond(p, t, f)
out["false"] = runs(tf.gradients(y, [v, w]), {p: False, q: True})
out["true"] = runs(tf.gradients(y, [v, w]), {p: True, q: True})
""",
}

PROGRAMS = {f"cond_update_{name}": COND_RUNS + text for name, text in COND.items()}

# An IndRNN-like cell (batzner/indrnn) whose `build` clips its recurrent weights: TF
# builds it inside dynamic_rnn's loop, so the clipped kernel is a tensor of the loop body
# that no run may fetch (InaccessibleTensorError, a ValueError); the variables, the
# outputs and the gradients are fetched as usual.
PROGRAMS["dynamic_rnn_cell_built_in_the_loop"] = """
def value_error(fn):
    try:
        fn()
    except ValueError:
        return "ValueError"
    return None
class Cell(tf.nn.rnn_cell.RNNCell):
    def __init__(self, n):
        super().__init__()
        self._n = n
    @property
    def state_size(self):
        return self._n
    @property
    def output_size(self):
        return self._n
    def build(self, shape):
        depth = tf.compat.dimension_value(shape[1])
        self.k = self.add_variable("k", [depth, self._n], initializer=tf.constant_initializer(0.25))
        self.u = self.add_variable("u", [self._n], initializer=tf.constant_initializer(0.3))
        self.clipped = tf.clip_by_value(tf.abs(self.u) * 3.0, -1.0, 1.2)
        self.built = True
    def call(self, x, h):
        y = tf.nn.relu(tf.matmul(x, self.k) + h * self.clipped)
        return y, y
x = tf.placeholder(tf.float32, [2, 3, 4])
cell = Cell(5)
y, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
g = tf.gradients(tf.reduce_sum(y * y), [cell.k, cell.u])
feed = {x: np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10.0}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y"] = sess.run(y, feed).tolist()
    out["g"] = [a.tolist() for a in sess.run(g, feed)]
    out["u"] = sess.run(cell.u).tolist()
    out["fetch"] = value_error(lambda: sess.run(cell.clipped, feed))
    out["fetch_op"] = value_error(lambda: sess.run(cell.clipped.op, feed))
    out["fetch_name"] = value_error(lambda: sess.run(cell.clipped.name, feed))
"""


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
