"""TF 1.x gradients summed in TF's order on graphs the gradient fuzzer does not draw
(dev-only), from review 20: parts from a while_loop, conds, a loop in a cond and a cond in
a loop, gathers of one tensor, a control dependency, identities, a gradient override and
several ys, of IEEE-exact ops only, so that only the order of each sum can differ.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_gradient_order.py \\
        > tests/unit/engine/fixtures/tf1_gradient_order.json

Each program's gradient of `x` is recorded as bit patterns twice, both with grappler off
(graphgate runs the graph as written): fetched with the inputs of the AddN that sums it
(`summed`), and alone (`alone`). They differ: TF's AddN kernel sums in place into the
first input whose buffer it may reuse, moved to the front, and an input that is also
fetched is never reused; so TF's bits depend on what else is fetched. graphgate sums in
the queue's order, TF's `summed`. `tests/unit/engine/test_tf1_gradient_order.py` runs
the same text against graphgate.
"""

from __future__ import annotations

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

X = [4.87303609, -1.83526924, -1.58451526, -3.21890587, 2.59622289]
C = [1.7, 0.3, 0.11, 1.1, 0.77, 2.9, 0.13, 1.3, 0.7, 0.9]

# Each defines y from the float32 placeholder x of shape [5]; `sq(x, k)` is (x + c) * C.
PROGRAMS = {
    "five_parts": "y = tf.reduce_sum(sq(x, 0) + sq(x, 1)) + tf.reduce_sum(sq(x, 2) * sq(x, 3))"
    " + tf.reduce_sum(sq(x, 4))",
    "while_loop_among_parts": """
v = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * 1.3 + x * 0.7), [0, x])[1]
y = tf.reduce_sum(v * x) + tf.reduce_sum(sq(x, 1)) + tf.reduce_sum(sq(x, 5) * 0.9)
""",
    "while_loop_of_a_shared_value": """
a = sq(x, 2)
v = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x + a * 0.7), [0, a])[1]
y = tf.reduce_sum(a * 3.3) + tf.reduce_sum(v * 0.1) + tf.reduce_sum(a * x)
""",
    "cond_then": """
c = tf.cond(tf.reduce_sum(x) > 0, lambda: sq(x, 3) * x, lambda: x * 2.0)
y = tf.reduce_sum(c * 1.1) + tf.reduce_sum(sq(x, 4)) + tf.reduce_sum(sq(x, 6) * 0.9)
""",
    "cond_else": """
c = tf.cond(tf.reduce_sum(x) < 0, lambda: sq(x, 3) * x, lambda: x * 2.0)
y = tf.reduce_sum(c * 1.1) + tf.reduce_sum(sq(x, 4)) + tf.reduce_sum(sq(x, 6) * 0.9)
""",
    "loop_in_cond": """
def taken():
    return tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, v * x), [0, x])[1]
c = tf.cond(tf.reduce_sum(x) > -100, taken, lambda: x * 2.0)
y = tf.reduce_sum(c * sq(x, 1)) + tf.reduce_sum(sq(x, 7)) + tf.reduce_sum(x * 3.0)
""",
    "cond_in_loop": """
def body(i, v):
    return i + 1, tf.cond(i > 0, lambda: v * x, lambda: v + x * 0.3)
v = tf.while_loop(lambda i, v: i < 3, body, [0, x])[1]
y = tf.reduce_sum(v * sq(x, 2)) + tf.reduce_sum(sq(x, 8)) + tf.reduce_sum(x * 1.3)
""",
    "gathers_of_one_tensor": """
t = sq(x, 1)
parts = [tf.reduce_sum(tf.gather(t, [i % 5, (i * 3) % 5]) * (i + 1.3)) for i in range(4)]
y = tf.add_n(parts) + tf.reduce_sum(t * 0.3) + tf.reduce_sum(t * x)
""",
    "gathers_of_a_variable_product": """
w = tf.Variable((np.arange(5) * 0.37 + 0.1).astype(np.float32))
t = w * x
parts = [tf.reduce_sum(tf.gather(t, [i % 5, (i * 3) % 5]) * (i + 1.3)) for i in range(4)]
y = tf.add_n(parts) + tf.reduce_sum(t * 0.3) + tf.reduce_sum(t * x)
""",
    "control_dependency_and_stop_gradient": """
a = sq(x, 1)
with tf.control_dependencies([a]):
    b = tf.identity(x) * 0.77
y = (tf.reduce_sum(a) + tf.reduce_sum(b * sq(x, 2)) + tf.reduce_sum(tf.stop_gradient(a) * x)
     + tf.reduce_sum(x * 0.1))
""",
    "clips_maxima_minima_relu": """
y = (tf.reduce_sum(tf.clip_by_value(x, -1.0, 1.0) * 1.3)
     + tf.reduce_sum(tf.maximum(x, 0.5) * sq(x, 1))
     + tf.reduce_sum(tf.minimum(x * 0.3, x) * 0.3) + tf.reduce_sum(tf.nn.relu(x) * 0.7))
""",
    "identities": """
a = tf.identity(x)
b = tf.identity(a)
y = (tf.reduce_sum(sq(a, 1)) + tf.reduce_sum(sq(b, 2)) + tf.reduce_sum(sq(x, 3))
     + tf.reduce_sum(tf.stop_gradient(b) * sq(a, 4)))
""",
    "gradient_override_map": """
with tf.get_default_graph().gradient_override_map({"Identity": "Identity"}):
    a = tf.identity(x)
y = tf.reduce_sum(sq(a, 1)) + tf.reduce_sum(sq(x, 5)) + tf.reduce_sum(sq(a, 9))
""",
    "several_ys": "y = [tf.reduce_sum(sq(x, 1)), tf.reduce_sum(sq(x, 2)), tf.reduce_sum(sq(x, 3))]",
}


def gradient_of_x(tf, program: str, config=None, summed: bool = False) -> list[int]:
    """The bit patterns of d(y)/d(x) for `program`, with the inputs of its AddN fetched
    too where `summed`."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [5])
        scope = {"tf": tf, "np": np, "x": x, "sq": lambda t, k: (t + C[(k + 3) % 10]) * C[k % 10]}
        exec(program, scope)
        (gx,) = tf.gradients(scope["y"], [x])
        fetches = [gx] + (list(gx.op.inputs) if summed and gx.op.type == "AddN" else [])
        with tf.Session(config=config) as s:
            s.run(tf.global_variables_initializer())
            got = s.run(fetches, {x: np.array(X, np.float32)})[0]
    return np.asarray(got, np.float32).view(np.uint32).tolist()


if __name__ == "__main__":
    tf = harness.import_tf1()
    tf.disable_control_flow_v2()
    as_written = tf.ConfigProto()
    as_written.graph_options.rewrite_options.disable_meta_optimizer = True
    programs = {
        name: {
            "summed": gradient_of_x(tf, text, as_written, summed=True),
            "alone": gradient_of_x(tf, text, as_written),
        }
        for name, text in PROGRAMS.items()
    }
    harness.dump({"tensorflow": tf.__version__, "programs": programs})
