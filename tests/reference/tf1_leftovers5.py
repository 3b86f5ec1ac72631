"""TF1 behaviours earlier rounds left (dev-only): reduce_prod's gradient over axes known
only at run time (zeros included), `tf.gradients` with a `grad_ys` of another shape than
its y, a TensorArray of elements of several shapes, and `Session.run` of an operation's
name. Run unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_leftovers5.py;
what graphgate answers otherwise is a strict xfail there, its reason in
docs/decision_log.md.

    /work/tfvenv/bin/python tests/reference/tf1_leftovers5.py \
        > tests/unit/engine/fixtures/tf1_leftovers5.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

RUN = """
def run(fetch, feed=None):
    with tf.Session() as sess:
        got = sess.run(fetch, feed)
    return [None if g is None else np.asarray(g).tolist() for g in got] if isinstance(
        got, tuple | list) else (None if got is None else np.asarray(got).tolist())
"""

PROD = (
    RUN
    + """
values = {
    "no_zero": [[[1.5, 2.0, -3.0], [0.5, 4.0, 2.0]], [[1.0, -1.0, 2.0], [3.0, 0.25, 1.0]]],
    "zeros": [[[1.5, 0.0, -3.0], [0.5, 4.0, 2.0]], [[0.0, -1.0, 0.0], [3.0, 0.25, 1.0]]],
}
for kind, value in values.items():
    x = tf.constant(np.array(value, np.float32))
    axes = tf.placeholder(tf.int32, [None])
    y = tf.reduce_prod(x, axes, keepdims=KEEP)
    w = tf.constant(np.arange(1, 13, dtype=np.float32))
    weighted = tf.reduce_sum(y * tf.reshape(w[: tf.size(y)], tf.shape(y)))
    g = tf.gradients(weighted, x)[0]
    gg = tf.gradients(tf.reduce_sum(g * g), x)[0]  # reduce_prod's second derivative
    for chosen in ([1], [0, 2], [2, 0], [-1], [], [0, 1, 2]):
        key = f"{kind}_{'_'.join(map(str, chosen)) or 'none'}"
        out[key] = run([y, g], {axes: chosen})
        out[key + "_second"] = run(gg, {axes: chosen})
"""
)

SEEDS = """
x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
def grad(y, seed):
    return raises(lambda: tf.gradients(y, x, grad_ys=seed)) or run(tf.gradients(y, x, grad_ys=seed))
"""

PROGRAMS = {
    "prod_gradient_run_time_axes": PROD.replace("KEEP", "False"),
    "prod_gradient_run_time_axes_keepdims": PROD.replace("KEEP", "True"),
    "prod_gradient_run_time_axes_integers": RUN
    + """
x = tf.constant([[2, 0, 3], [1, 4, 5]])
axes = tf.placeholder(tf.int32, [None])
out["value"] = run(tf.reduce_prod(x, axes), {axes: [1]})
""",
    # TF gives a seed to y's gradient function unchecked: a seed of y's shape is the
    # gradient of sum(seed * y); what another shape gives depends on each op's function.
    "seed_of_ys_shape": RUN
    + SEEDS
    + """
out["mul"] = grad(x * x, tf.constant([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]))
out["log_softmax"] = grad(tf.nn.log_softmax(x), tf.ones([2, 3]))
out["one_element_seed_of_a_scalar"] = grad(tf.reduce_sum(x), tf.constant([2.0]))
""",
    "seed_of_another_element_count_refused": RUN
    + SEEDS
    + """
out["reduce_sum_rows"] = grad(tf.reduce_sum(x, 1), tf.constant(2.0))
out["matmul"] = grad(tf.matmul(x, tf.ones([3, 2])), tf.constant(2.0))
out["identity"] = grad(tf.identity(x), tf.constant(2.0))
out["reduce_sum"] = grad(tf.reduce_sum(x), tf.constant([1.0, 2.0]))
""",
    # TF broadcasts a scalar seed through Mul's gradient; graphgate refuses a seed of
    # another element count building (ValueError): log_softmax shows why broadcasting it
    # to y's shape would be wrong.
    "broadcast_seed_of_a_product": RUN
    + SEEDS
    + """
out["mul_scalar"] = grad(x * x, tf.constant(2.0))
out["mul_row"] = grad(x * x, tf.constant([1.0, 2.0, 3.0]))
""",
    "broadcast_seed_of_log_softmax": RUN
    + SEEDS
    + """
out["log_softmax_column"] = grad(tf.nn.log_softmax(x), tf.ones([2, 1]))
""",
    # A seed of unknown shape reaches the gradient functions as TF's does.
    "fed_seed": RUN
    + SEEDS
    + """
seed = tf.placeholder(tf.float32)
out["mul_scalar"] = run(tf.gradients(x * x, x, grad_ys=seed), {seed: 2.0})
out["log_softmax_column"] = run(tf.gradients(tf.nn.log_softmax(x), x, grad_ys=seed),
                                {seed: np.ones([2, 1], np.float32)})
out["sum_one_element"] = run(tf.gradients(tf.reduce_sum(x), x, grad_ys=seed), {seed: [1.0]})
""",
    # transpose(x) of a known rank holds its reversed axes, so a fed scalar seed through
    # its gradient fails at run time in TF; graphgate reversed the scalar's no axes.
    "fed_seed_through_transpose": RUN
    + SEEDS
    + """
seed = tf.placeholder(tf.float32)
g = tf.gradients(tf.transpose(x) * 2.0, x, grad_ys=seed)[0]
out["scalar"] = raises(lambda: run(g, {seed: 1.0}))
out["transposed_shape"] = run(g, {seed: np.ones([3, 2], np.float32)})
out["explicit_perm_scalar"] = raises(lambda: run(
    tf.gradients(tf.transpose(x, [1, 0]) * 2.0, x, grad_ys=seed)[0], {seed: 1.0}))
""",
    "tensor_array_of_several_shapes": RUN
    + """
a = tf.TensorArray(tf.float32, size=2, infer_shape=False, element_shape=None)
x = tf.constant([[1.0, 2.0]])
y = tf.constant([[3.0, 4.0], [5.0, 6.0]])
a = a.write(0, x).write(1, y)
out["concat"] = run(a.concat())
out["read"] = run(a.read(1))
out["stack"] = raises(lambda: run(a.stack()))
out["gradient"] = run(tf.gradients(tf.reduce_sum(a.concat() * [[1.0], [2.0], [3.0]]), [x, y]))
""",
    "tensor_array_split_into_lengths": RUN
    + """
v = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
a = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(v, [1, 2])
out["reads"] = run([a.read(0), a.read(1)])
out["gradient"] = run(tf.gradients(tf.reduce_sum(a.read(1) * 2.0), v))
""",
    "tensor_array_infer_shape_refuses_another_shape": """
a = tf.TensorArray(tf.float32, size=2).write(0, tf.constant([1.0, 2.0]))
out["write"] = raises(lambda: a.write(1, tf.constant([3.0, 4.0, 5.0])))
""",
    # TF1's Session.run of a name without ":<index>" is the operation: it runs, and its
    # value is None (the output is "a:0").
    "session_run_of_an_operations_name": RUN
    + """
a = tf.constant(3.0, name="a")
v = tf.Variable(1.0, name="v", use_resource=False)
inc = tf.assign_add(v, 1.0, name="inc")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["op_name"] = sess.run("a")
    out["tensor_name"] = float(sess.run("a:0"))
    out["nested"] = [None if g is None else float(g) for g in sess.run(["a", "a:0"])]
    out["dict"] = {k: v for k, v in sess.run({"k": "a"}).items()}
    out["update_by_name"] = sess.run("inc")
    out["after"] = float(sess.run(v))
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
