"""What a `tf.while_loop`'s gradient needs fed (dev-only): TF1 (control flow v1, which
`tf.compat.v1.disable_v2_behavior` selects, as TF 1.x graph mode had it) differentiates
only the loop's ops between xs and ys, and a run of the gradient computes the loop's
counter and every forward value the gradient loop stacks, but of the gradient loop
itself only what the fetch reads. Per fetch, each program records the values with every
placeholder fed and which placeholders the run cannot go without. Run unchanged with `tf`
= graphgate by tests/unit/engine/test_tf1_loop_gradients.py.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_loop_gradients.py \\
        > tests/unit/engine/fixtures/tf1_loop_gradients.json
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# `needs(sess, fetch, feeds)`: the fetch's value with every placeholder of `feeds` ({name:
# (placeholder, value)}) fed, and the names of those it cannot be run without.
PREFIX = """
def needs(sess, fetch, feeds):
    full = {p: v for p, v in feeds.values()}
    value = [np.asarray(v).tolist() for v in sess.run(fetch, full)]
    def without(p):
        return lambda: sess.run(fetch, {q: v for q, v in full.items() if q is not p})
    return {"value": value, "needs": sorted(n for n, (p, _) in feeds.items() if raises(without(p)))}
"""

PROGRAMS = {
    # review 17's program: the gradient of one variable needs no placeholder only another
    # variable's update reads, nor its own capture (its shape is known).
    "capture_of_another_variable": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
i, a, b = tf.while_loop(lambda i, a, b: i < 3, lambda i, a, b: (i + 1, a + x, b * y),
                        [0, tf.constant(0.0), tf.constant(1.0)])
feeds = {"x": (x, 2.0), "y": (y, 3.0)}
with tf.Session() as sess:
    out["ga"] = needs(sess, tf.gradients(a, x), feeds)
    out["gb"] = needs(sess, tf.gradients(b, y), feeds)
    out["gab"] = needs(sess, tf.gradients([a, b], [x, y]), feeds)
""",
    # A value only the cond reads is needed (the gradient loop runs the forward loop's
    # count); it gets no gradient.
    "capture_in_the_cond_only": """
x = tf.placeholder(tf.float32, [])
n = tf.placeholder(tf.int32, [])
lim = tf.placeholder(tf.float32, [])
_, a = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a * x), [0, tf.constant(1.0)])
b = tf.while_loop(lambda b: b < lim, lambda b: b * x, [tf.constant(1.0)])
feeds = {"x": (x, 2.0), "n": (n, 3), "lim": (lim, 10.0)}
with tf.Session() as sess:
    out["ga"] = needs(sess, tf.gradients(a, x), feeds)
    out["ga_n"] = [g is None for g in tf.gradients(a, [n])]
    out["gb"] = needs(sess, tf.gradients(b, x), feeds)
    out["gb_lim"] = [g is None for g in tf.gradients(b, [lim])]
""",
    # Of two gradients built by one call, the run fetching one computes the gradient loop
    # it reads only, but every forward value the call's gradient loop stacks.
    "one_of_two_gradients_fetched": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
w = tf.placeholder(tf.float32, [])
def body(i, a, b, c):
    return i + 1, a * x, b + y * w, c * y
_, a, b, c = tf.while_loop(lambda i, a, b, c: i < 3, body,
                           [0, tf.constant(1.0), tf.constant(1.0), tf.constant(1.0)])
feeds = {"x": (x, 2.0), "y": (y, 3.0), "w": (w, 0.5)}
gx, gy = tf.gradients([a, b], [x, y])
gx2, gy2 = tf.gradients([a, c], [x, y])
with tf.Session() as sess:
    out["gx"] = needs(sess, [gx], feeds)
    out["gy"] = needs(sess, [gy], feeds)
    out["gx2"] = needs(sess, [gx2], feeds)
    out["gy2"] = needs(sess, [gy2], feeds)
    out["both"] = needs(sess, [gx, gy, gx2, gy2], feeds)
""",
    # A variable of a ys whose value does not depend on the xs gets no gradient loop.
    "a_sum_with_an_independent_variable": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
_, a, b = tf.while_loop(lambda i, a, b: i < 3, lambda i, a, b: (i + 1, a * x, b * y),
                        [0, tf.constant(1.0), tf.constant(1.0)])
feeds = {"x": (x, 2.0), "y": (y, 3.0)}
with tf.Session() as sess:
    out["g"] = needs(sess, tf.gradients(a + b, x), feeds)
    out["g_by_y"] = needs(sess, tf.gradients(a * b, y), feeds)
""",
    # A variable the requested one reads is differentiated, and what its update reads.
    "a_variable_the_requested_one_reads": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
z = tf.placeholder(tf.float32, [])
def body(i, a, b, c):
    return i + 1, a + x, b * y, c * z + a
_, a, b, c = tf.while_loop(lambda i, a, b, c: i < 3, body,
                           [0, tf.constant(0.0), tf.constant(1.0), tf.constant(1.0)])
feeds = {"x": (x, 2.0), "y": (y, 3.0), "z": (z, 0.5)}
with tf.Session() as sess:
    out["gc_x"] = needs(sess, tf.gradients(c, x), feeds)
    out["gc_z"] = needs(sess, tf.gradients(c, z), feeds)
    out["ga_x"] = needs(sess, tf.gradients(a, x), feeds)
""",
    # A sum of a capture the gradient does not reach: TF1 builds the Add's gradient from
    # static shapes alone.
    "an_added_capture": """
x = tf.placeholder(tf.float32, [])
z = tf.placeholder(tf.float32, [])
_, a = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a + z + x), [0, tf.constant(1.0)])
feeds = {"x": (x, 2.0), "z": (z, 3.0)}
with tf.Session() as sess:
    out["ga"] = needs(sess, tf.gradients(a, x), feeds)
    out["ga_z"] = needs(sess, tf.gradients(a, z), feeds)
""",
    # An initial value fed from a placeholder, of a variable the gradient does not reach.
    "initial_value_of_another_variable": """
x = tf.placeholder(tf.float32, [])
q = tf.placeholder(tf.float32, [])
_, a, c = tf.while_loop(lambda i, a, c: i < 3, lambda i, a, c: (i + 1, a * x, c + 1.0),
                        [0, tf.constant(1.0), q])
feeds = {"x": (x, 2.0), "q": (q, 5.0)}
with tf.Session() as sess:
    out["ga"] = needs(sess, tf.gradients(a, x), feeds)
    out["gc"] = needs(sess, tf.gradients(c, q), feeds)
    out["gac"] = needs(sess, tf.gradients(a * c, [x, q]), feeds)
""",
    # A loop in a loop: the inner loop's variables the gradient does not reach.
    "nested_loops": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
def inner(j, a, b):
    return j + 1, a * x, b * y
def outer(i, s, t):
    _, a, b = tf.while_loop(lambda j, a, b: j < 2, inner, [0, s, t])
    return i + 1, a + 1.0, b + 1.0
_, s, t = tf.while_loop(lambda i, s, t: i < 2, outer, [0, tf.constant(1.0), tf.constant(1.0)])
feeds = {"x": (x, 2.0), "y": (y, 3.0)}
with tf.Session() as sess:
    out["gs"] = needs(sess, tf.gradients(s, x), feeds)
    out["gt"] = needs(sess, tf.gradients(t, y), feeds)
    out["gst"] = needs(sess, tf.gradients([s, t], [x, y]), feeds)
""",
    # An inner loop reading a capture of the outer one that the gradient does not reach.
    "nested_loop_reading_an_outer_capture": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
def outer(i, s, t):
    u = t * y
    _, a, b = tf.while_loop(lambda j, a, b: j < 2, lambda j, a, b: (j + 1, a + x, b + u), [0, s, t])
    return i + 1, a, b
_, s, t = tf.while_loop(lambda i, s, t: i < 2, outer, [0, tf.constant(1.0), tf.constant(1.0)])
feeds = {"x": (x, 2.0), "y": (y, 3.0)}
with tf.Session() as sess:
    out["gs"] = needs(sess, tf.gradients(s, x), feeds)
    out["gt"] = needs(sess, tf.gradients(t, y), feeds)
""",
    # A loop in a cond's branch.
    "loop_in_a_cond": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
p = tf.placeholder(tf.bool, [])
def looped():
    _, a, b = tf.while_loop(lambda i, a, b: i < 3, lambda i, a, b: (i + 1, a * x, b * y),
                            [0, tf.constant(1.0), tf.constant(1.0)])
    return a, b
a, b = tf.cond(p, looped, lambda: (x * 2.0, y * 2.0))
with tf.Session() as sess:
    for pv in (True, False):
        feeds = {"x": (x, 2.0), "y": (y, 3.0), "p": (p, pv)}
        out["ga_%s" % pv] = needs(sess, tf.gradients(a, x), feeds)
        out["gb_%s" % pv] = needs(sess, tf.gradients(b, y), feeds)
        out["gab_%s" % pv] = needs(sess, tf.gradients(a * b, x), feeds)
""",
    # A cond in a loop's body, on a value the gradient does not reach.
    "cond_in_a_loop": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
def body(i, a, b):
    b2 = tf.cond(b > 2.0, lambda: b * y, lambda: b + y)
    a2 = tf.cond(a > 2.0, lambda: a * x, lambda: a + x)
    return i + 1, a2, b2
_, a, b = tf.while_loop(lambda i, a, b: i < 3, body, [0, tf.constant(1.0), tf.constant(1.0)])
feeds = {"x": (x, 2.0), "y": (y, 3.0)}
with tf.Session() as sess:
    out["ga"] = needs(sess, tf.gradients(a, x), feeds)
    out["gb"] = needs(sess, tf.gradients(b, y), feeds)
""",
    # Gradients with respect to captures: of several, with unknown shapes (whose
    # accumulator's zeros take the capture's shape at run time).
    "gradients_of_captures": """
x = tf.placeholder(tf.float32, [2])
u = tf.placeholder(tf.float32, [None])
v = tf.placeholder(tf.float32, None)
y = tf.placeholder(tf.float32, [2])
def body(i, a, b):
    return i + 1, a * x + tf.reduce_sum(u), b * y + tf.reduce_mean(v)
_, a, b = tf.while_loop(lambda i, a, b: i < 3, body, [0, tf.ones([2]), tf.ones([2])])
feeds = {"x": (x, [2.0, 1.0]), "u": (u, [0.5, 1.5]), "v": (v, 1.0), "y": (y, [3.0, 1.0])}
with tf.Session() as sess:
    out["ga_x"] = needs(sess, tf.gradients(a, x), feeds)
    out["ga_u"] = needs(sess, tf.gradients(a, u), feeds)
    out["gb_y"] = needs(sess, tf.gradients(b, y), feeds)
    out["ga_xu"] = needs(sess, tf.gradients(a, [x, u]), feeds)
""",
    # back_prop=False: no gradient flows through the loop.
    "back_prop_false": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
_, a, b = tf.while_loop(lambda i, a, b: i < 3, lambda i, a, b: (i + 1, a * x, b * y),
                        [0, tf.constant(1.0), tf.constant(1.0)], back_prop=False)
feeds = {"x": (x, 2.0), "y": (y, 3.0)}
out["none"] = [g is None for g in tf.gradients(a, [x, y])]
with tf.Session() as sess:
    out["g"] = needs(sess, tf.gradients(a + x, x), feeds)
""",
    # parallel_iterations=1: the gradient loop's stack pops are not synchronized; what a
    # run needs is the same.
    "parallel_iterations_one": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
w = tf.placeholder(tf.float32, [])
def body(i, a, b, c):
    return i + 1, a * x, b + y * w, c * y
_, a, b, c = tf.while_loop(lambda i, a, b, c: i < 3, body,
                           [0, tf.constant(1.0), tf.constant(1.0), tf.constant(1.0)],
                           parallel_iterations=1)
feeds = {"x": (x, 2.0), "y": (y, 3.0), "w": (w, 0.5)}
gx, gy = tf.gradients([a, b], [x, y])
gx2, gy2 = tf.gradients([a, c], [x, y])
with tf.Session() as sess:
    out["gx"] = needs(sess, [gx], feeds)
    out["gy"] = needs(sess, [gy], feeds)
    out["gx2"] = needs(sess, [gx2], feeds)
""",
    # maximum_iterations from a placeholder: the count needs it.
    "maximum_iterations": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
m = tf.placeholder(tf.int32, [])
_, a, b = tf.while_loop(lambda i, a, b: i < 5, lambda i, a, b: (i + 1, a * x, b * y),
                        (0, tf.constant(1.0), tf.constant(1.0)), maximum_iterations=m)
_, c = tf.while_loop(lambda i, c: c < 100.0, lambda i, c: (i + 1, c * x), (0, tf.constant(1.0)),
                     maximum_iterations=3)
feeds = {"x": (x, 2.0), "y": (y, 3.0), "m": (m, 2)}
with tf.Session() as sess:
    out["ga"] = needs(sess, tf.gradients(a, x), feeds)
    out["gc"] = needs(sess, tf.gradients(c, x), feeds)
""",
    # A constant the gradient reads from the body (TF1 copies it into the gradient loop)
    # when the first variable, the body's control pivot, reads a placeholder.
    "constant_in_the_body_with_a_fed_first_variable": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
b, a, _ = tf.while_loop(lambda b, a, i: i < 3, lambda b, a, i: (b * y, a * 2.0 + x, i + 1),
                        [tf.constant(1.0), tf.constant(1.0), 0])
feeds = {"x": (x, 2.0), "y": (y, 3.0)}
with tf.Session() as sess:
    out["a"] = needs(sess, [a], feeds)
    out["ga"] = needs(sess, tf.gradients(a, x), feeds)
""",
    # A constant of the body only the gradient reads: TF1 copies it into the gradient
    # loop, so the first variable (its control pivot in the forward loop) is not computed.
    "constant_read_by_the_gradient_only": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
n = tf.placeholder(tf.int32, [])
one = tf.placeholder(tf.int32, [])
b, a, _ = tf.while_loop(lambda b, a, i: i < n, lambda b, a, i: (b * y, a + x * 2.0, i + one),
                        [tf.constant(1.0), tf.constant(1.0), 0])
feeds = {"x": (x, 2.0), "y": (y, 3.0), "n": (n, 3), "one": (one, 1)}
with tf.Session() as sess:
    out["a"] = needs(sess, [a], feeds)
    out["ga"] = needs(sess, tf.gradients(a, x), feeds)
""",
    # The counter TF1 adds to the forward loop for the gradient steps by a constant, whose
    # control pivot is the first variable: a run of the gradient computes that variable.
    "the_gradient_counter_computes_the_first_variable": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
n = tf.placeholder(tf.int32, [])
one = tf.placeholder(tf.int32, [])
b, a, _ = tf.while_loop(lambda b, a, i: i < n, lambda b, a, i: (b * y, a + x, i + one),
                        [tf.constant(1.0), tf.constant(1.0), 0])
_, a2, _ = tf.while_loop(lambda i, a, b: i < n, lambda i, a, b: (i + one, a + x, b * y),
                         [0, tf.constant(1.0), tf.constant(1.0)])
feeds = {"x": (x, 2.0), "y": (y, 3.0), "n": (n, 3), "one": (one, 1)}
with tf.Session() as sess:
    out["a"] = needs(sess, [a], feeds)
    out["ga"] = needs(sess, tf.gradients(a, x), feeds)
    out["ga2"] = needs(sess, tf.gradients(a2, x), feeds)
""",
    # Nested loops, gradients of both built by one call, fetched apart: the inner loop's
    # gradient runs only what the fetch reads too.
    "nested_loops_one_of_two_gradients": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
w = tf.placeholder(tf.float32, [])
def inner(j, a, b, c):
    return j + 1, a * x, b + y * w, c * y
def outer(i, s, t, u):
    _, a, b, c = tf.while_loop(lambda j, a, b, c: j < 2, inner, [0, s, t, u])
    return i + 1, a + 1.0, b + 1.0, c
_, s, t, u = tf.while_loop(lambda i, s, t, u: i < 2, outer,
                           [0, tf.constant(1.0), tf.constant(1.0), tf.constant(1.0)])
feeds = {"x": (x, 2.0), "y": (y, 3.0), "w": (w, 0.5)}
gx, gy = tf.gradients([s, t], [x, y])
gx2, gy2 = tf.gradients([s, u], [x, y])
with tf.Session() as sess:
    out["gx"] = needs(sess, [gx], feeds)
    out["gy"] = needs(sess, [gy], feeds)
    out["gx2"] = needs(sess, [gx2], feeds)
    out["gy2"] = needs(sess, [gy2], feeds)
""",
    # A TensorArray written by the loop and a variable read in it (as dynamic_rnn's):
    # the gradient of the weights needs the inputs, that of another output does not.
    "tensor_array_and_variables": """
x = tf.placeholder(tf.float32, [4, 3])
q = tf.placeholder(tf.float32, [])
w = tf.Variable(np.ones([3, 2], np.float32) * 0.5)
v = tf.Variable(2.0)
def body(k, h, c, ta):
    row = tf.tanh(tf.matmul(tf.reshape(tf.gather(x, k), [1, 3]), w) + h)
    return k + 1, row, c * v + q, ta.write(k, row)
_, h, c, ta = tf.while_loop(lambda k, h, c, ta: k < 4, body,
                            [0, tf.zeros([1, 2]), tf.constant(1.0), tf.TensorArray(tf.float32, 4)])
loss = tf.reduce_sum(ta.stack()) + tf.reduce_sum(h)
feeds = {"x": (x, np.arange(12, dtype=np.float32).reshape(4, 3) * 0.1), "q": (q, 0.5)}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["gw"] = needs(sess, tf.gradients(loss, w), feeds)
    out["gv"] = needs(sess, tf.gradients(c, v), feeds)
    out["both"] = needs(sess, tf.gradients(loss + c, [w, v]), feeds)
""",
    # Two gradients of one loop built by separate calls, fetched together and apart.
    "two_gradient_calls": """
x = tf.placeholder(tf.float32, [])
y = tf.placeholder(tf.float32, [])
_, a, b = tf.while_loop(lambda i, a, b: i < 3, lambda i, a, b: (i + 1, a * x, b * y),
                        [0, tf.constant(1.0), tf.constant(1.0)])
ga = tf.gradients(a, x)
gb = tf.gradients(b, y)
feeds = {"x": (x, 2.0), "y": (y, 3.0)}
with tf.Session() as sess:
    out["ga"] = needs(sess, ga, feeds)
    out["gb"] = needs(sess, gb, feeds)
    out["both"] = needs(sess, ga + gb, feeds)
""",
    # The gradient with respect to a tensor made inside the body: TF returns a tensor of
    # the gradient loop's frame that no run may fetch; None where y does not need the loop.
    "x_inside_the_body": """
x = tf.constant(2.0)
inner = []
def body(i, v):
    t = v * 3.0
    inner.append(t)
    return i + 1, t
_, y = tf.while_loop(lambda i, v: i < 3, body, [0, x])
g = tf.gradients(y, [x, inner[0]])
out["none"] = [t is None for t in g]
out["unrelated"] = tf.gradients(x * 2.0, inner[0])[0] is None
with tf.Session() as sess:
    out["x_grad"] = float(sess.run(g[0]))
    try:
        sess.run(g[1])
        out["fetch_inner"] = None
    except ValueError:  # TF's InaccessibleTensorError is one
        out["fetch_inner"] = "ValueError"
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, prefix=PREFIX)
