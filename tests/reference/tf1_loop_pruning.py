"""How much of a `tf.while_loop` TF1's executor runs when a fetch needs only some of its
variables (dev-only): it runs the Exit nodes the fetches need and what those read, and the
loop's constants, and its ops reading only values from outside it, read the first loop
variable (their control pivot), so that variable is computed, with its side effects,
whenever the cond or a needed update holds such an op. Control dependencies on one
output, several fetch sets in one session, nested loops, a cond in the body, a cond's
outputs, gradients and loops in a `tf.function`, recorded from `tf.compat.v1`. Run
unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_loop_pruning.py.

    /work/tfvenv/bin/python tests/reference/tf1_loop_pruning.py \\
        > tests/unit/engine/fixtures/tf1_loop_pruning.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    # The first loop variable is the control pivot of the cond's constant (`k < 3`) and of
    # the body's (`+ 1.0`): fetching only `k` still updates `b`, and the assign on its path
    # runs. Without a constant in the cond or k's update, `b` is not computed.
    "first_var_is_the_control_pivot": """
def counting(v, step):
    def body(b, k):
        with tf.control_dependencies([tf.assign_add(v, 1.0)]):
            b2 = b * 2.0
        return b2, k + step
    return body
v = tf.Variable(0.0)
_, k = tf.while_loop(lambda b, k: k < 3, counting(v, 1), [0.0, 0])
w = tf.Variable(0.0)
n = tf.placeholder(tf.int32, [])
one = tf.placeholder(tf.int32, [])
_, k2 = tf.while_loop(lambda b, k: k < n, counting(w, one), [0.0, 0])
u = tf.Variable(0.0)
_, k3 = tf.while_loop(lambda b, k: k < n, counting(u, 1), [0.0, 0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["k"] = int(sess.run(k))
    out["v"] = float(sess.run(v))
    out["k_no_constants"] = int(sess.run(k2, {n: 3, one: 1}))
    out["w"] = float(sess.run(w))
    out["k_body_constant"] = int(sess.run(k3, {n: 3}))
    out["u"] = float(sess.run(u))
""",
    # An op reading only values from outside the loop (an assign of a placeholder) is
    # pivoted too; a constant under a control dependency on an op of the body is not.
    "captured_only_op_is_pivoted": """
n = tf.placeholder(tf.int32, [])
one = tf.placeholder(tf.int32, [])
step = tf.placeholder(tf.float32, [])
def loop(update_b):
    va = tf.Variable(0.0)
    def body(a, b, k):
        with tf.control_dependencies([tf.assign_add(va, tf.abs(a) * step)]):
            a2 = a * step
        return a2, update_b(b), k + one
    _, b, _ = tf.while_loop(lambda a, b, k: k < n, body, [1.0, 1.0, 0])
    return va, b
def free(b):
    with tf.control_dependencies([tf.assign_add(tf.Variable(0.0), step)]):
        return b * step
def bound(b):
    with tf.control_dependencies([tf.assign_add(tf.Variable(0.0), tf.abs(b) * step)]):
        return b * step
def constant_under(b):
    with tf.control_dependencies([tf.assign_add(tf.Variable(0.0), tf.abs(b) * step)]):
        return b + 1.0
def constant_after(b):
    with tf.control_dependencies([tf.assign_add(tf.Variable(0.0), tf.abs(b) * step)]):
        b2 = b * step
    return b2 + 1.0
loops = {f.__name__: loop(f) for f in (free, bound, constant_under, constant_after)}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for name, (va, b) in sorted(loops.items()):
        out["b_" + name] = float(sess.run(b, {n: 3, one: 1, step: 2.0}))
        out["a_assigned_" + name] = float(sess.run(va))
""",
    # With maximum_iterations the counter comes first: it is the pivot, and the first
    # variable of the program is pruned like any other.
    "counter_is_the_pivot_with_maximum_iterations": """
v = tf.Variable(0.0)
def body(b, k):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        b2 = b + 1.0
    return b2, k + 1
b, k = tf.while_loop(lambda b, k: k < 3, body, (0.0, 0), maximum_iterations=10)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["k"] = int(sess.run(k))
    out["v_after_k"] = float(sess.run(v))
    out["b"] = float(sess.run(b))
    out["v_after_b"] = float(sess.run(v))
""",
    # A control dependency on one output (tf.group, control_dependencies) needs that
    # variable only; the same graph run with other fetches computes what those need.
    "control_dependency_on_one_output": """
v = tf.Variable(0.0)
def body(k, b):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        b2 = b + 1.0
    return k + 1, b2
k, b = tf.while_loop(lambda k, b: k < 3, body, [0, 0.0])
group_k = tf.group(k)
with tf.control_dependencies([k]):
    after_k = tf.constant(5.0)
with tf.control_dependencies([b]):
    after_b = tf.constant(6.0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(group_k)
    out["v_group_k"] = float(sess.run(v))
    out["after_k"] = float(sess.run(after_k))
    out["v_after_k"] = float(sess.run(v))
    out["after_b"] = float(sess.run(after_b))
    out["v_after_b"] = float(sess.run(v))
    sess.run(tf.group(k, b))
    out["v_group_kb"] = float(sess.run(v))
    out["k_b"] = [float(x) for x in sess.run([k, b])]
    out["v_k_b"] = float(sess.run(v))
    out["k_again"] = int(sess.run(k))
    out["v_k_again"] = float(sess.run(v))
""",
    # An inner loop's variable is pruned in the run that needs only the other.
    "nested_loop_inner_var_pruned_or_live": """
v = tf.Variable(0.0)
def inner(j, a, b):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        b2 = b + 1.0
    return j + 1, a + 2.0, b2
def outer(i, s, t):
    _, a, b = tf.while_loop(lambda j, a, b: j < 2, inner, [0, 0.0, 0.0])
    return i + 1, s + a, t + b
_, s, t = tf.while_loop(lambda i, s, t: i < 3, outer, [0, 0.0, 0.0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["s"] = float(sess.run(s))
    out["v_after_s"] = float(sess.run(v))
    out["t"] = float(sess.run(t))
    out["v_after_t"] = float(sess.run(v))
""",
    # A cond in the body: an assign in a branch of a pruned variable's update never runs,
    # one of a live variable's runs on the branches taken.
    "cond_in_body": """
v = tf.Variable(0.0)
def body(k, a, b):
    def bump():
        with tf.control_dependencies([tf.assign_add(v, 1.0)]):
            return b + 10.0
    b2 = tf.cond(k % 2 > 0, bump, lambda: b - 1.0)
    return k + 1, a + b2, b2
_, a, b = tf.while_loop(lambda k, a, b: k < 4, body, [0, 0.0, 0.0])
w = tf.Variable(0.0)
def body2(k, c, d):
    def bump():
        with tf.control_dependencies([tf.assign_add(w, 1.0)]):
            return d + 10.0
    return k + 1, c + 1.0, tf.cond(k % 2 > 0, bump, lambda: d - 1.0)
_, c, d = tf.while_loop(lambda k, c, d: k < 4, body2, [0, 0.0, 0.0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["a"] = float(sess.run(a))
    out["v_after_a"] = float(sess.run(v))
    out["c"] = float(sess.run(c))
    out["w_after_c"] = float(sess.run(w))
    out["d"] = float(sess.run(d))
    out["w_after_d"] = float(sess.run(w))
""",
    # A variable read by the next value of a live one, several hops away, is computed;
    # one read only by the cond is too.
    "transitive_and_cond_only_reads": """
v = tf.Variable(0.0)
def body(k, a, b, c, d):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        d2 = d + 1.0
    return k + 1, a + b, b + c, c + d, d2
_, a, b, c, d = tf.while_loop(lambda k, a, b, c, d: k < 3, body, [0, 0.0, 0.0, 0.0, 0.0])
w = tf.Variable(0.0)
def body2(k, e, f):
    with tf.control_dependencies([tf.assign_add(w, 1.0)]):
        f2 = f + 1.0
    return k + 1, e * 2.0, f2
_, e, f = tf.while_loop(lambda k, e, f: f < 3.0, body2, [0, 1.0, 0.0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["a"] = float(sess.run(a))
    out["v_after_a"] = float(sess.run(v))
    out["c"] = float(sess.run(c))
    out["v_after_c"] = float(sess.run(v))
    out["e"] = float(sess.run(e))
    out["w_after_e"] = float(sess.run(w))
""",
    # tf.gradients of one output: None for an initial value or a captured value only an
    # unread variable's (or the cond's) updates read, as no path leads there.
    "gradient_of_values_only_other_variables_read": """
x = tf.constant(2.0)
c = tf.constant(5.0)
d = tf.constant(7.0)
_, y, z = tf.while_loop(
    lambda k, y, z: k < 3 + tf.cast(d > 100.0, tf.int32),
    lambda k, y, z: (k + 1, y * x, z * c + y),
    [0, 1.0, d],
)
def run(grads):
    with tf.Session() as sess:
        return [None if g is None else float(sess.run(g)) for g in grads]
out["y"] = run(tf.gradients(y, [x, c, d]))
out["z"] = run(tf.gradients(z, [x, c, d]))
out["y_z"] = run(tf.gradients([y, z], [x, c, d]))
""",
    # A tf.function's call runs the ops with side effects it made (TF2's automatic
    # control dependencies), whatever its results need: a while_loop there computes every
    # variable (its assigns run), as do a bare assign and a cond's.
    "function_runs_its_side_effects": """
v = tf.Variable(0.0, use_resource=True)
@tf.function
def looped(x):
    def body(k, b):
        with tf.control_dependencies([tf.assign_add(v, 1.0)]):
            b2 = b + 1.0
        return k + 1, b2
    k, b = tf.while_loop(lambda k, b: k < 3, body, [0, x])
    return k
w = tf.Variable(0.0, use_resource=True)
@tf.function
def bare(x):
    tf.assign_add(w, 1.0)
    return x * 2.0
u = tf.Variable(0.0, use_resource=True)
@tf.function
def branched(x):
    def bump():
        with tf.control_dependencies([tf.assign_add(u, 1.0)]):
            return tf.constant(1.0)
    tf.cond(x > 0, bump, lambda: tf.constant(2.0))
    return x * 2.0
k = looped(tf.constant(0.0))
y = bare(tf.constant(1.0))
z = branched(tf.constant(1.0))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["k"] = int(sess.run(k))
    out["v"] = float(sess.run(v))
    out["y"] = float(sess.run(y))
    out["w"] = float(sess.run(w))
    out["z"] = float(sess.run(z))
    out["u"] = float(sess.run(u))
""",
    # Nested loops pivot each on their own first variable: the inner `b`, read by no one,
    # runs with the inner counter the outer sum reads; the outer `t`, holding the inner
    # loop, runs with the outer counter (a constant or a placeholder in the cond alike).
    "nested_inner_pivot": """
v = tf.Variable(0.0)
def inner(b, j):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        b2 = b * 2.0
    return b2, j + 1
def outer(i, s):
    _, j = tf.while_loop(lambda b, j: j < 2, inner, [1.0, 0])
    return i + 1, s + j
_, s = tf.while_loop(lambda i, s: i < 3, outer, [0, 0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["s"] = int(sess.run(s))
    out["v"] = float(sess.run(v))
""",
    "nested_outer_pivot_var_holds_inner": """
v = tf.Variable(0.0)
def inner(j, b):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        b2 = b * 2.0
    return j + 1, b2
def outer(t, i):
    _, b = tf.while_loop(lambda j, b: j < 2, inner, [0, t])
    return b, i + 1
t, i = tf.while_loop(lambda t, i: i < 3, outer, [1.0, 0])
p = tf.placeholder(tf.int32, [])
t2, i2 = tf.while_loop(lambda t, i: i < p, outer, [1.0, 0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["i"] = int(sess.run(i))
    out["v"] = float(sess.run(v))
    out["i2"] = int(sess.run(i2, {p: 3}))
    out["v2"] = float(sess.run(v))
""",
    # A cast of a placeholder in the counter's update reads only captured values: pivoted.
    "cond_branch_constant": """
v = tf.Variable(0.0)
p = tf.placeholder(tf.bool, [])
n = tf.placeholder(tf.int32, [])
def body(b, k, c):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        b2 = b * 2.0
    c2 = tf.cond(p, lambda: c + 1.0, lambda: c * 1.0)
    return b2, k + tf.cast(p, tf.int32), c2
_, k, c = tf.while_loop(lambda b, k, c: k < n, body, [1.0, 0, 0.0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["k"] = int(sess.run(k, {p: True, n: 3}))
    out["v"] = float(sess.run(v))
    out["c"] = float(sess.run(c, {p: True, n: 3}))
    out["v2"] = float(sess.run(v))
""",
    # A random op on a pruned variable's path draws nothing: a later run gets the first
    # draws; on the first variable's (the pivot's) it draws in a run fetching the counter.
    "random_draws": """
tf.set_random_seed(1)
def body(k, b):
    return k + 1, b + tf.random_uniform([], seed=7)
k, b = tf.while_loop(lambda k, b: k < 3, body, [0, 0.0])
with tf.Session() as sess:
    out["k"] = int(sess.run(k))
    out["b_after_k"] = float(sess.run(b))
with tf.Session() as sess:
    out["b_fresh"] = float(sess.run(b))
    out["b_second"] = float(sess.run(b))
""",
    "random_first_var": """
tf.set_random_seed(1)
def body(b, k):
    return b + tf.random_uniform([], seed=7), k + 1
b, k = tf.while_loop(lambda b, k: k < 3, body, [0.0, 0])
with tf.Session() as sess:
    out["k"] = int(sess.run(k))
    out["b_after_k"] = float(sess.run(b))
""",
    # Fetching a loop output's op (its Exit) runs what that variable needs, no more.
    "fetch_exit_op": """
v = tf.Variable(0.0)
def body(k, b):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        b2 = b + 1.0
    return k + 1, b2
k, b = tf.while_loop(lambda k, b: k < 3, body, [0, 0.0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(k.op)
    out["v_k_op"] = float(sess.run(v))
    sess.run(b.op)
    out["v_b_op"] = float(sess.run(v))
""",
    # A tf.cond computes only the outputs something reads (TF1 runs the Merge nodes a
    # fetch needs): an assign under an unread output's control dependencies does not run,
    # at top level or in a loop body where the variable it feeds is pruned.
    "cond_outputs": """
v = tf.Variable(0.0)
p = tf.placeholder(tf.bool, [])
x = tf.placeholder(tf.float32, [])
def t():
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        y2 = x + 1.0
    return x * 2.0, y2
y1, y2 = tf.cond(p, t, lambda: (x, x))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y1"] = float(sess.run(y1, {p: True, x: 1.0}))
    out["v_after_y1"] = float(sess.run(v))
    out["y2"] = float(sess.run(y2, {p: True, x: 1.0}))
    out["v_after_y2"] = float(sess.run(v))
""",
    "cond_in_loop_outputs": """
v = tf.Variable(0.0)
def body(k, a, b):
    def t():
        with tf.control_dependencies([tf.assign_add(v, 1.0)]):
            b2 = b + 1.0
        return a + 1.0, b2
    a2, b2 = tf.cond(k > 0, t, lambda: (a, b))
    return k + 1, a2, b2
_, a, b = tf.while_loop(lambda k, a, b: k < 3, body, [0, 0.0, 0.0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["a"] = float(sess.run(a))
    out["v_after_a"] = float(sess.run(v))
""",
    # The gradient of one cond output reads none of another output's values: in a loop,
    # the variable that output feeds is not computed by a run fetching the gradient.
    "cond_grad_one_output": """
v = tf.Variable(0.0)
p = tf.placeholder(tf.bool, [])
x = tf.placeholder(tf.float32, [])
def t():
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        y2 = x * x
    return x * 3.0, y2
y1, y2 = tf.cond(p, t, lambda: (x, x))
g = tf.gradients(y1, x)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["g"] = float(sess.run(g, {p: True, x: 2.0}))
    out["v_after_g"] = float(sess.run(v))
""",
    "loop_cond_grad": """
v = tf.Variable(0.0)
x = tf.constant(2.0)
def body(k, a, b):
    def t():
        with tf.control_dependencies([tf.assign_add(v, 1.0)]):
            b2 = b + a
        return a * x, b2
    a2, b2 = tf.cond(k > 0, t, lambda: (a * 1.0, b))
    return k + 1, a2, b2
_, a, b = tf.while_loop(lambda k, a, b: k < 3, body, [0, 1.0, 0.0])
g = tf.gradients(a, x)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["g"] = float(sess.run(g))
    out["v_after_g"] = float(sess.run(v))
    out["b"] = float(sess.run(b))
    out["v_after_b"] = float(sess.run(v))
""",
    # A value computed outside a cond that only an unread output's branch reads is not
    # computed either (TF1 reaches it through that output's Switch alone); graphgate
    # computes every input of a needed cond (test_tf1_loop_pruning.py: KNOWN_DIFFERENT).
    "cond_capture_of_unread_output": """
v = tf.Variable(0.0)
def body(k, a, b):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        bb = b + 1.0
    a2, b2 = tf.cond(k > 0, lambda: (a * 2.0, bb), lambda: (a, b))
    return k + 1, a2, b2
_, a, b = tf.while_loop(lambda k, a, b: k < 3, body, [0, 1.0, 0.0])
p = tf.placeholder(tf.bool, [])
w = tf.Variable(0.0)
with tf.control_dependencies([tf.assign_add(w, 1.0)]):
    c = tf.constant(3.0) * 1.0
y1, y2 = tf.cond(p, lambda: (tf.constant(1.0), c), lambda: (tf.constant(2.0), tf.constant(0.0)))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["a"] = float(sess.run(a))
    out["v_after_a"] = float(sess.run(v))
    out["y1"] = float(sess.run(y1, {p: True}))
    out["w_after_y1"] = float(sess.run(w))
""",
    # Nor is a placeholder only such a branch reads needed (no feed), in a nested cond too.
    "cond_unread_output_needs_no_feed": """
p = tf.placeholder(tf.bool, [])
q = tf.placeholder(tf.float32, [])
w = tf.Variable(0.0)
def t():
    with tf.control_dependencies([tf.assign_add(w, 1.0)]):
        c = q * 2.0
    return tf.cond(p, lambda: (tf.constant(1.0), c), lambda: (tf.constant(2.0), q))
y1, y2 = tf.cond(p, t, lambda: (tf.constant(3.0), tf.constant(4.0)))
z1, z2 = tf.cond(p, lambda: (tf.constant(5.0), q + 1.0), lambda: (tf.constant(6.0), q))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y1"] = float(sess.run(y1, {p: True}))
    out["w_after_y1"] = float(sess.run(w))
    out["y2"] = float(sess.run(y2, {p: True, q: 1.0}))
    out["w_after_y2"] = float(sess.run(w))
    out["z1"] = [float(sess.run(z1, {p: v})) for v in (True, False)]
    out["z2_unfed"] = raises(lambda: sess.run(z2, {p: False}))
    out["y2_unfed"] = raises(lambda: sess.run(y2, {p: True}))
""",
    # A pruned variable's initial value is not computed (TF1 runs no Enter of it), nor a
    # value from outside only its update reads; the assigns on their paths do not run.
    "pruned_variable_inputs": """
v = tf.Variable(0.0)
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    b0 = tf.constant(3.0) * 1.0
w = tf.Variable(0.0)
with tf.control_dependencies([tf.assign_add(w, 1.0)]):
    step = tf.constant(2.0) * 1.0
q = tf.placeholder(tf.float32, [])
k, b, c = tf.while_loop(
    lambda k, b, c: k < 3, lambda k, b, c: (k + 1, b * step, c + q), [0, b0, q * 1.0]
)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["k"] = int(sess.run(k))
    out["v_w_after_k"] = [float(sess.run(v)), float(sess.run(w))]
    out["b"] = float(sess.run(b))
    out["v_w_after_b"] = [float(sess.run(v)), float(sess.run(w))]
    out["c"] = float(sess.run(c, {q: 1.0}))
    out["c_unfed"] = raises(lambda: sess.run(c))
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
