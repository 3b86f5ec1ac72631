"""Adversarial TF 1.x programs (dev-only) from review 19 of the loop-gradient, importer,
Keras and feed merges: a variable's `read_value()` inside a while_loop's body or a cond's
branch, whose gradient TF gives through the loop or cond, and nested loops.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_review19.py \\
        > tests/unit/engine/fixtures/tf1_review19.json

`tests/unit/engine/test_tf1_review19.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    # v.read_value() in a loop body reads the variable each iteration; TF's gradient
    # reaches the variable through the loop (graphgate's gave None: NO_GRADIENTS_PROVIDED).
    "read_value_in_loop_body": """
v = tf.Variable(1.0)
x = tf.placeholder(tf.float32, [])
def body(i, a):
    return i + 1, a * v.read_value() * x
_, a = tf.while_loop(lambda i, a: i < 3, body, [0, tf.constant(1.0)])
gv, gx = tf.gradients(a, [v, x])
step = tf.train.GradientDescentOptimizer(0.01).minimize(a)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["grads"] = s.run([gv, gx], {x: 2.0})
    s.run(step, {x: 2.0})
    out["trained"] = s.run(v)
""",
    "read_value_of_resource_variable_in_loop_body": """
v = tf.Variable([1.0, 2.0], use_resource=True)
x = tf.placeholder(tf.float32, [2])
def body(i, a):
    return i + 1, a * v.read_value() + x
_, a = tf.while_loop(lambda i, a: i < 3, body, [0, x])
(gv,) = tf.gradients(tf.reduce_sum(a * a), [v])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["grad"] = s.run(gv, {x: [0.5, -1.0]}).tolist()
""",
    "read_value_in_cond_branch": """
v = tf.Variable(1.5)
w = tf.Variable(2.0)
x = tf.placeholder(tf.float32, [])
y = tf.cond(x > 0, lambda: v.read_value() * x, lambda: v.read_value() - x)
a, b = tf.cond(x > 0, lambda: (w * x, v.read_value() * x), lambda: (x, x))
gv, = tf.gradients(y, [v])
ga = tf.gradients(a, [v, w])
step = tf.train.AdamOptimizer(0.1).minimize(y * y)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["grad"] = [s.run(gv, {x: f}) for f in (2.0, -3.0)]
    out["other_output_none"] = ga[0] is None
    out["other_output_w"] = s.run(ga[1], {x: 2.0})
    for f in (2.0, -1.0, 3.0):
        s.run(step, {x: f})
    out["trained"] = s.run(v)
""",
    "read_value_in_loop_in_cond": """
v = tf.Variable(1.5)
x = tf.placeholder(tf.float32, [])
def branch():
    return tf.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a * v.read_value()), [0, x])[1]
y = tf.cond(x > 0, branch, lambda: x)
gs = tf.gradients(y, [v, x])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["taken"] = s.run(gs, {x: 2.0})
    out["not_taken"] = s.run(gs, {x: -2.0})
""",
    # An uninitialized variable read only in the branch not taken is never read.
    "read_value_in_untaken_branch_of_uninitialized": """
v = tf.Variable(1.5)
x = tf.placeholder(tf.float32, [])
y = tf.cond(x > 0, lambda: v.read_value() * x, lambda: x)
with tf.Session() as s:
    out["y"] = s.run(y, {x: -2.0})
""",
    # Ten loops nested, each running the next twice, and the gradient through all.
    "ten_nested_loops_and_gradient": """
x = tf.placeholder(tf.float32, [])
def nest(d, v):
    if d == 0:
        return v * x
    return tf.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, nest(d - 1, a)), [0, v])[1]
y = nest(10, x)
g, = tf.gradients(y, x)
with tf.Session() as s:
    out["y_and_grad"] = s.run([y, g], {x: 1.001})
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
