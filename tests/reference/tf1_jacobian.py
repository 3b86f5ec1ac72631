"""Record what TensorFlow 1.x's `GradientTape.jacobian` and `batch_jacobian` give in graph
mode, and a tape's gradient through `grad_pass_through` (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_jacobian.py \
        > tests/unit/engine/fixtures/tf1_jacobian.json

Each program is TF1 code run unchanged but for the module bound to `tf`, storing what it
observed in `out[...]`; `tests/unit/engine/test_tf1_jacobian.py` runs the same text
against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    "jacobian_shapes_and_unconnected": """
x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
w = tf.constant([[0.5, -1.0, 2.0]])
u = tf.constant([1.0, 2.0])
with tf.GradientTape(persistent=True) as g:
    g.watch(x)
    g.watch(w)
    g.watch(u)
    y = tf.matmul(w, tf.tanh(x))
    z = tf.reduce_sum(x * x)
    v = tf.exp(u) * tf.reduce_sum(w)
jac = g.jacobian(y, [x, w, u])
out["none"] = jac[2] is None
made = [jac[0], jac[1], g.jacobian(z, x), g.jacobian(v, {"u": u, "w": w})["w"],
        g.jacobian(y, u, unconnected_gradients=tf.UnconnectedGradients.ZERO)]
out["static"] = [t.shape.as_list() for t in made]
with tf.Session() as s:
    out["values"] = [r.tolist() for r in s.run(made)]
""",
    "jacobian_of_a_nonpersistent_tape_once": """
x = tf.constant([1.0, -2.0, 3.0])
with tf.GradientTape() as g:
    g.watch(x)
    y = x * x * x
j = g.jacobian(y, x)
with tf.Session() as s:
    out["value"] = s.run(j).tolist()
out["again"] = raises(lambda: g.jacobian(y, x))
""",
    "batch_jacobian_cases": """
x = tf.constant(np.arange(6.0, dtype=np.float32).reshape(2, 3) / 4)
w = tf.constant([[1.0, -2.0], [0.5, 0.0], [3.0, 1.0]])
p = tf.placeholder(tf.float32, [None, 3])
with tf.GradientTape(persistent=True) as g:
    g.watch(x)
    g.watch(p)
    y = tf.sin(tf.matmul(x, w))
    q = tf.matmul(p, w) ** 2
    r3 = tf.reshape(x, [2, 3, 1]) * tf.constant([1.0, 2.0])
    row = tf.reduce_sum(x, 1)
    other = tf.ones([3, 3]) * 2.0
    g.watch(other)
made = [g.batch_jacobian(y, x), g.batch_jacobian(q, p), g.batch_jacobian(r3, x)]
out["static"] = [str(t.shape) for t in made]
feed = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0], [2.0, 0.0, -2.0], [1.0, 1.0, 1.0]])
with tf.Session() as s:
    out["values"] = [r.tolist() for r in s.run(made, {p: feed})]
out["rank"] = raises(lambda: g.batch_jacobian(row, x))
out["batch"] = raises(lambda: g.batch_jacobian(y, other))
""",
    "grad_pass_through_of_an_assign": """
x = tf.Variable(1.0, name="x", use_resource=True)
z = tf.Variable(3.0, name="z", use_resource=True)
c = tf.constant(2.0)
with tf.GradientTape() as tape:
    tape.watch(c)
    y = tf.grad_pass_through(x.assign)(z ** 2 * c)
grads = tape.gradient(y, [z, c, x])
out["x_grad"] = grads[2]
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["values"] = [float(v) for v in s.run([y, grads[0], grads[1]])]
    out["x"] = float(s.run(x))
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
