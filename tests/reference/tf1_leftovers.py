"""TF1 behaviours an earlier session listed as graphgate's differences (dev-only): second
derivatives through `tf.cond`, `tf.unique` of complex values, `parse_tensor` of a proto
with a dtype enum no TensorFlow dtype has, and the loop variables of a `tf.while_loop`
no fetch needs, which TF1's executor never computes (nor their side effects, nor their
TensorArray reads); later (h-leftovers3) a read's gradient that reads nothing, the
default `grad_ys`, while_loop's structure checks, second derivatives through loops and
TensorArray.split into unequal lengths. Run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_leftovers.py.

    /work/tfvenv/bin/python tests/reference/tf1_leftovers.py \
        > tests/unit/engine/fixtures/tf1_leftovers.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    "hessians_through_cond": """
x = tf.placeholder(tf.float32, [2])
p = tf.placeholder(tf.bool, [])
y = tf.cond(
    p,
    lambda: tf.reduce_sum(x ** 3) + x[0] * x[1] ** 2,
    lambda: tf.reduce_sum(tf.sin(x) * 5.0),
)
h = tf.hessians(y, x)[0]
with tf.Session() as sess:
    for pred in (True, False):
        out["h_%s" % pred] = sess.run(h, {x: [1.5, -2.0], p: pred}).tolist()
""",
    "gradient_of_gradient_through_cond_two_inputs": """
a = tf.constant(1.5)
b = tf.constant(-0.5)
p = tf.placeholder(tf.bool, [])
y = tf.cond(p, lambda: a * a * b + tf.exp(b), lambda: tf.tanh(a * b))
ga = tf.gradients(y, a)[0]
gab = tf.gradients(ga, [a, b])
with tf.Session() as sess:
    for pred in (True, False):
        out["ga_%s" % pred] = float(sess.run(ga, {p: pred}))
        out["gab_%s" % pred] = [float(v) for v in sess.run(gab, {p: pred})]
""",
    "hessians_through_nested_cond": """
x = tf.placeholder(tf.float32, [2])
p = tf.placeholder(tf.bool, [])
q = tf.placeholder(tf.bool, [])
y = tf.cond(
    p,
    lambda: tf.cond(q, lambda: tf.reduce_sum(x ** 4), lambda: tf.reduce_prod(x) ** 2),
    lambda: tf.reduce_sum(x * x),
)
h = tf.hessians(y, x)[0]
with tf.Session() as sess:
    for pred in (True, False):
        for inner in (True, False):
            feed = {x: [0.5, 2.0], p: pred, q: inner}
            out["h_%s_%s" % (pred, inner)] = sess.run(h, feed).tolist()
""",
    "unique_of_complex_has_no_kernel": """
for dtype in (tf.complex64, tf.complex128):
    u = tf.unique(tf.constant([1 + 1j, 2, 1 + 1j], dtype))
    c = tf.unique_with_counts(tf.constant([1 + 1j], dtype))
    out["static_" + dtype.name] = u.y.shape.as_list()
    with tf.Session() as sess:
        out["unique_" + dtype.name] = raises(lambda: sess.run(u))
    with tf.Session() as sess:
        out["with_counts_" + dtype.name] = raises(lambda: sess.run(c))
""",
    "parse_tensor_of_a_garbage_dtype_enum": """
proto = b"\\x08\\x01\\x12\\x00*\\x04\\x00\\x00\\x80?"  # a float32 scalar, 1.0
with tf.Session() as sess:
    out["float"] = float(sess.run(tf.parse_tensor(proto, tf.float32)))
for enum in (0, 99, 127, 120):
    raw = proto[:1] + bytes([enum]) + proto[2:]
    with tf.Session() as sess:
        out["enum_%d" % enum] = raises(lambda: sess.run(tf.parse_tensor(raw, tf.float32)))
big = b"\\x08\\xff\\xff\\xff\\xff\\x0f\\x12\\x00*\\x04\\x00\\x00\\x80?"  # enum 2**32 - 1
with tf.Session() as sess:
    out["enum_huge"] = raises(lambda: sess.run(tf.parse_tensor(big, tf.float32)))
""",
    "tensor_array_writes_each_element_once": """
def run(build):
    with tf.Session() as sess:
        return raises(lambda: sess.run(build()))

ta = tf.TensorArray(tf.float32, 3)
out["double_write"] = run(lambda: ta.write(0, 1.0).write(0, 2.0).read(0))
out["write_then_other"] = run(lambda: ta.write(0, 1.0).write(1, 2.0).stack())
out["unstack_then_write"] = run(lambda: ta.unstack([1.0, 2.0, 3.0]).write(1, 5.0).stack())
scattered = ta.scatter([0, 2], [1.0, 2.0])
out["scatter_then_free"] = run(lambda: scattered.write(1, 5.0).stack())
out["scatter_then_taken"] = run(lambda: scattered.write(2, 5.0).stack())
with tf.Session() as sess:
    out["unstack_short"] = sess.run(ta.unstack([1.0, 2.0]).stack()).tolist()
""",
    "tensor_array_writes_once_at_run_time_indices": """
i = tf.placeholder(tf.int32, [])
j = tf.placeholder(tf.int32, [])
ta = tf.TensorArray(tf.float32, 3)
twice = ta.write(i, 1.0).write(j, 2.0).stack()
scattered = ta.scatter(tf.stack([i, j]), [1.0, 2.0]).stack()
p = tf.placeholder(tf.bool, [])
from_cond = tf.cond(p, lambda: ta.write(i, 1.0), lambda: ta.write(i, 2.0)).write(j, 3.0).stack()
_, looped = tf.while_loop(
    lambda k, t: k < 3, lambda k, t: (k + 1, t.write(k // j, tf.cast(k, tf.float32))), [0, ta]
)
_, each = tf.while_loop(
    lambda k, t: k < 3, lambda k, t: (k + 1, t.write(k, tf.cast(k, tf.float32))), [0, ta]
)
# Read after write in the loop, then read all (TF's dynamic_rnn pattern).
def body(k, t, acc):
    t = t.write(k, tf.cast(k, tf.float32) * 2.0)
    return k + 1, t, acc + t.read(k)
_, filled, total = tf.while_loop(lambda k, t, a: k < 3, body, [0, ta, 0.0])
with tf.Session() as sess:
    out["same"] = raises(lambda: sess.run(twice, {i: 1, j: 1}))
    out["different"] = sess.run(twice, {i: 0, j: 2}).tolist()
    out["scatter_same"] = raises(lambda: sess.run(scattered, {i: 2, j: 2}))
    out["scatter_different"] = sess.run(scattered, {i: 2, j: 0}).tolist()
    out["two_runs"] = [sess.run(twice, {i: 0, j: 1}).tolist() for _ in range(2)]
    for pred in (True, False):
        out["cond_%s_same" % pred] = raises(lambda: sess.run(from_cond, {i: 1, j: 1, p: pred}))
        out["cond_%s" % pred] = sess.run(from_cond, {i: 1, j: 2, p: pred}).tolist()
    out["loop_same"] = raises(lambda: sess.run(looped.stack(), {j: 2}))
    out["loop_each"] = sess.run(each.stack()).tolist()
    out["loop_read_after_write"] = float(sess.run(total))
    out["loop_read_then_stack"] = raises(lambda: sess.run([total, filled.stack()]))
""",
    # TF1's executor runs only the loop variables a fetch needs (their Exit nodes and
    # what those read): fetching the array alone, the loop's reads (which only feed
    # `total`) never run, so nothing is read twice.
    "tensor_array_loop_reads_pruned": """
ta = tf.TensorArray(tf.float32, 3)
def body(k, t, acc):
    t = t.write(k, tf.cast(k, tf.float32) * 2.0)
    return k + 1, t, acc + t.read(k)
_, filled, total = tf.while_loop(lambda k, t, a: k < 3, body, [0, ta, 0.0])
with tf.Session() as sess:
    out["stack_alone"] = sess.run(filled.stack()).tolist()
""",
    # An assign under the control dependencies of an unfetched variable's update does
    # not run; one under a fetched variable's (or the counter's) runs once per iteration.
    "loop_side_effects_of_unfetched_vars": """
v = tf.Variable(0.0)
def body(k, a, b):
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        b2 = b + 1.0
    return k + 1, a + 2.0, b2
_, a, b = tf.while_loop(lambda k, a, b: k < 3, body, [0, 0.0, 0.0])
w = tf.Variable(0)
def counted(k, c):
    with tf.control_dependencies([tf.assign_add(w, 1)]):
        return k + 1, c + 2.0
_, c = tf.while_loop(lambda k, c: k < 3, counted, [0, 0.0])
u = tf.Variable(0.0)
def bare(k, d):
    tf.assign_add(u, 1.0)  # returned by nothing, needed by nothing
    return k + 1, d + 2.0
_, d = tf.while_loop(lambda k, d: k < 3, bare, [0, 0.0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["a"] = float(sess.run(a))
    out["v_after_a"] = float(sess.run(v))
    out["b"] = float(sess.run(b))
    out["v_after_b"] = float(sess.run(v))
    out["a_b"] = [float(x) for x in sess.run([a, b])]
    out["v_after_a_b"] = float(sess.run(v))
    out["c"] = float(sess.run(c))
    out["w"] = int(sess.run(w))
    out["d"] = float(sess.run(d))
    out["u"] = float(sess.run(u))
""",
    # A failing Assert on an unfetched variable's path never runs either.
    "loop_assert_of_unfetched_var": """
def body(k, a, b):
    check = tf.Assert(tf.less(b, 0.0), [b])
    with tf.control_dependencies([check]):
        b2 = b + 1.0
    return k + 1, a + 2.0, b2
_, a, b = tf.while_loop(lambda k, a, b: k < 3, body, [0, 0.0, 0.0])
with tf.Session() as sess:
    out["a"] = float(sess.run(a))
    out["b"] = raises(lambda: sess.run(b))
    out["both"] = raises(lambda: sess.run([a, b]))
""",
    "tensor_array_nested_loop_reads_pruned": """
ta = tf.TensorArray(tf.float32, 6)
def inner(j, t, acc, base):
    t = t.write(base + j, tf.cast(base + j, tf.float32))
    return j + 1, t, acc + t.read(base + j)
def outer(i, t, tot):
    _, t, acc = tf.while_loop(
        lambda j, t, a: j < 2, lambda j, t, a: inner(j, t, a, i * 2), [0, t, 0.0]
    )
    return i + 1, t, tot + acc
_, filled, total = tf.while_loop(lambda i, t, a: i < 3, outer, [0, ta, 0.0])
with tf.Session() as sess:
    out["stack_alone"] = sess.run(filled.stack()).tolist()
with tf.Session() as sess:
    out["total"] = float(sess.run(total))
with tf.Session() as sess:
    out["both"] = raises(lambda: sess.run([total, filled.stack()]))
""",
    "tensor_array_loop_cond_reads_pruned": """
ta = tf.TensorArray(tf.float32, 4)
def body(k, t, acc):
    t = t.write(k, tf.cast(k, tf.float32))
    acc = tf.cond(k % 2 > 0, lambda: acc + t.read(k), lambda: acc - 1.0)
    return k + 1, t, acc
_, filled, total = tf.while_loop(lambda k, t, a: k < 4, body, [0, ta, 0.0])
with tf.Session() as sess:
    out["stack_alone"] = sess.run(filled.stack()).tolist()
    out["total"] = float(sess.run(total))
""",
    # What a needed variable's next value reads is needed; so is what the cond reads,
    # and a control dependency on a variable's exit makes it needed.
    "tensor_array_loop_needed_by_other_vars": """
ta = tf.TensorArray(tf.float32, 3)
def body(k, t, acc, s):
    t = t.write(k, tf.cast(k, tf.float32))
    acc = acc + t.read(k)
    return k + 1, t, acc, s + acc
_, filled, total, s = tf.while_loop(lambda k, t, a, s: k < 3, body, [0, ta, 0.0, 0.0])
with tf.Session() as sess:
    out["s"] = float(sess.run(s))
    out["s_and_stack"] = raises(lambda: sess.run([s, filled.stack()]))
    out["stack_alone"] = sess.run(filled.stack()).tolist()
def body2(k, t, acc):
    t = t.write(k, tf.cast(k, tf.float32))
    return k + 1, t, acc + t.read(k)
_, filled, total = tf.while_loop(
    lambda k, t, a: tf.logical_and(k < 3, a < 100.0), body2, [0, ta, 0.0]
)
with tf.Session() as sess:
    out["cond_reads_acc"] = raises(lambda: sess.run(filled.stack()))
_, filled, total = tf.while_loop(lambda k, t, a: k < 3, body2, [0, ta, 0.0])
with tf.control_dependencies([total]):
    c = tf.constant(1.0)
with tf.Session() as sess:
    out["control_dep_and_stack"] = raises(lambda: sess.run([c, filled.stack()]))
    out["control_dep"] = float(sess.run(c))
    out["stack_after"] = sess.run(filled.stack()).tolist()
""",
    # The gradient builds no gradient for a variable none reaches (nor reads its value).
    "tensor_array_loop_gradients_pruned": """
x = tf.constant(2.0)
ta = tf.TensorArray(tf.float32, 3)
def body(k, y, t, acc):
    t = t.write(k, y)
    return k + 1, y * x, t, acc + t.read(k)
_, y, filled, total = tf.while_loop(lambda k, y, t, a: k < 3, body, [0, 1.0, ta, 0.0])
g = tf.gradients(y, x)[0]
gs = tf.gradients(tf.reduce_sum(filled.stack()), x)[0]
gt = tf.gradients(total, x)[0]
with tf.Session() as sess:
    out["g"] = float(sess.run(g))
with tf.Session() as sess:
    out["gs"] = float(sess.run(gs))
with tf.Session() as sess:
    out["y_stack"] = [np.asarray(v).tolist() for v in sess.run([y, filled.stack()])]
with tf.Session() as sess:
    out["gt"] = float(sess.run(gt))
    out["gt_total"] = [float(v) for v in sess.run([gt, total])]
""",
    # The gradient of a TensorArray read needs no forward value, so TF1 runs no read:
    # the array's elements stay for the stack. graphgate's read gradient takes the
    # array's length from the read op, which reads (test_tf1_leftovers.py: KNOWN_DIFFERENT).
    "tensor_array_loop_read_gradient_reads_nothing": """
x = tf.constant(2.0)
ta = tf.TensorArray(tf.float32, 3)
def body(k, y, t, acc):
    t = t.write(k, y)
    return k + 1, y * x, t, acc + t.read(k)
_, y, filled, total = tf.while_loop(lambda k, y, t, a: k < 3, body, [0, 1.0, ta, 0.0])
gt = tf.gradients(total, x)[0]
with tf.Session() as sess:
    out["gt_stack"] = raises(lambda: sess.run([gt, filled.stack()]))
""",
    # A read's gradient outside a loop, of an array whose shape is known only at run
    # time, or in a loop reading an array made outside it: no element is read either.
    "tensor_array_read_gradient_reads_nothing": """
x = tf.placeholder(tf.float32, [None])
ta = tf.TensorArray(tf.float32, tf.size(x)).unstack(x * 2.0)
g = tf.gradients(ta.read(1), x)[0]
# Of an element shape not known when built, the seed reads the value: the read runs.
unknown = tf.TensorArray(tf.float32, tf.size(x), infer_shape=False).unstack(x * 2.0)
gu = tf.gradients(unknown.read(1), x)[0]
src = tf.TensorArray(tf.float32, tf.size(x)).unstack(x)
def body(k, acc):
    return k + 1, acc + src.read(k)
_, total = tf.while_loop(lambda k, a: k < tf.size(x), body, [0, 0.0])
gl = tf.gradients(total, x)[0]
# A product's gradient reads both factors (TF1's _MulGrad): the read runs.
src3 = tf.TensorArray(tf.float32, tf.size(x)).unstack(x)
_, total3 = tf.while_loop(
    lambda k, a: k < tf.size(x), lambda k, a: (k + 1, a + src3.read(k) * 3.0), [0, 0.0]
)
gl3 = tf.gradients(total3, x)[0]
with tf.Session() as sess:
    got = sess.run([g, ta.stack()], {x: [1.0, 2.0, 3.0]})
    out["g_stack"] = [v.tolist() for v in got]
    got = sess.run([gl, src.stack()], {x: [1.0, 2.0, 3.0]})
    out["loop_g_stack"] = [v.tolist() for v in got]
    out["mul_g_stack"] = raises(lambda: sess.run([gl3, src3.stack()], {x: [1.0, 2.0]}))
    out["unknown_g_stack"] = raises(lambda: sess.run([gu, unknown.stack()], {x: [1.0, 2.0]}))
""",
    # The gradient's seed is ones of y's shape known when built: y itself is not
    # computed, nor an assign under its control dependencies; of an unknown shape it is.
    "gradient_seed_reads_no_y": """
x = tf.placeholder(tf.float32, [2])
v = tf.Variable(0.0)
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = x * x
g = tf.gradients(y, x)[0]
u = tf.placeholder(tf.float32, None)
w = tf.Variable(0.0)
with tf.control_dependencies([tf.assign_add(w, 1.0)]):
    z = u * u
gz = tf.gradients(z, u)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["g"] = sess.run(g, {x: [1.0, 2.0]}).tolist()
    out["v"] = float(sess.run(v))
    out["gz"] = sess.run(gz, {u: [1.0, 2.0]}).tolist()
    out["w"] = float(sess.run(w))
""",
    # The body's result against the loop variables, as TF1's nest compares them: lists
    # (the top level as lists, without maximum_iterations), sequence types (TypeError),
    # nesting, counts and dict keys (ValueError); shape invariants likewise, a TensorShape
    # (or None) at each leaf. The result takes the body's structure.
    "while_loop_structures": """
import collections
P = collections.namedtuple("P", "a b")
Q = collections.namedtuple("Q", "a b")
def z():
    return tf.constant(0)
def kind(r):
    return type(r).__name__ if isinstance(r, (list, tuple, dict)) else "tensor"
def observe(f):
    got = []
    err = raises(lambda: got.append(f()))
    return err if err else kind(got[0])
S = tf.TensorShape
less = lambda a, *_: a < 3
cases = {
    "list_vars_tuple_body": lambda: tf.while_loop(less, lambda a, b: (a + 1, b), [z(), 1.0]),
    "tuple_vars_list_body": lambda: tf.while_loop(less, lambda a, b: [a + 1, b], (z(), 1.0)),
    "list_vars_tuple_body_maxit": lambda: tf.while_loop(
        less, lambda a, b: (a + 1, b), [z(), 1.0], maximum_iterations=5),
    "tuple_vars_list_body_maxit": lambda: tf.while_loop(
        less, lambda a, b: [a + 1, b], (z(), 1.0), maximum_iterations=5),
    "list2_list_body_maxit": lambda: tf.while_loop(
        less, lambda a, b: [a + 1, b], [z(), 1.0], maximum_iterations=4),
    "nested_list_vs_tuple": lambda: tf.while_loop(
        less, lambda a, bc: [a + 1, [bc[0], bc[1]]], [z(), (1.0, 2.0)]),
    "nested_tuple_vs_list": lambda: tf.while_loop(
        less, lambda a, bc: [a + 1, (bc[0], bc[1])], [z(), [1.0, 2.0]]),
    "nested_same": lambda: tf.while_loop(
        less, lambda a, bc: (a + 1, [bc[0], bc[1]]), [z(), [1.0, 2.0]]),
    "namedtuple_vs_tuple": lambda: tf.while_loop(
        less, lambda a, p: [a + 1, (p.a, p.b)], [z(), P(1.0, 2.0)]),
    "namedtuple_vs_other_namedtuple": lambda: tf.while_loop(
        less, lambda a, p: [a + 1, Q(p.a, p.b)], [z(), P(1.0, 2.0)]),
    "namedtuple_same": lambda: tf.while_loop(
        less, lambda a, p: [a + 1, P(p.a, p.b)], [z(), P(1.0, 2.0)]),
    "dict_keys_differ": lambda: tf.while_loop(
        less, lambda a, d: [a + 1, {"x": d["x"], "z": d["y"]}], [z(), {"x": 1.0, "y": 2.0}]),
    "dict_extra_key": lambda: tf.while_loop(
        less,
        lambda a, d: [a + 1, {"x": d["x"], "y": d["y"], "z": d["y"]}],
        [z(), {"x": 1.0, "y": 2.0}],
    ),
    "dict_vs_list": lambda: tf.while_loop(
        less, lambda a, d: [a + 1, [d["x"], d["y"]]], [z(), {"x": 1.0, "y": 2.0}]),
    "count_more": lambda: tf.while_loop(less, lambda a, b: (a + 1, b, b), [z(), 1.0]),
    "count_fewer": lambda: tf.while_loop(less, lambda a, b: (a + 1,), [z(), 1.0]),
    "count_more_maxit": lambda: tf.while_loop(
        less, lambda a, b: [a + 1, b, b], [z(), 1.0], maximum_iterations=5),
    "nested_count": lambda: tf.while_loop(
        less, lambda a, bc: [a + 1, (bc[0],)], [z(), (1.0, 2.0)]),
    "depth_more": lambda: tf.while_loop(less, lambda a, b: [a + 1, [b]], [z(), 1.0]),
    "depth_fewer": lambda: tf.while_loop(less, lambda a, b: [a + 1, b[0]], [z(), [1.0]]),
    "body_returns_none": lambda: tf.while_loop(less, lambda a: None, [z()]),
    "list1_tensor_body": lambda: tf.while_loop(less, lambda a: a + 1, [z()]),
    "list1_list_body": lambda: tf.while_loop(less, lambda a: [a + 1], [z()]),
    "list1_tuple_body": lambda: tf.while_loop(less, lambda a: (a + 1,), [z()]),
    "list1_tensor_body_rss": lambda: tf.while_loop(
        less, lambda a: a + 1, [z()], return_same_structure=True),
    "list1_tuple_body_rss": lambda: tf.while_loop(
        less, lambda a: (a + 1,), [z()], return_same_structure=True),
    "list1_tensor_body_maxit": lambda: tf.while_loop(
        less, lambda a: a + 1, [z()], maximum_iterations=4),
    "list1_list_body_maxit": lambda: tf.while_loop(
        less, lambda a: [a + 1], [z()], maximum_iterations=4),
    "list1_tensor_body_maxit_rss": lambda: tf.while_loop(
        less, lambda a: a + 1, [z()], maximum_iterations=4, return_same_structure=True),
    "list1_list_body_maxit_rss": lambda: tf.while_loop(
        less, lambda a: [a + 1], [z()], maximum_iterations=4, return_same_structure=True),
    "list1_tuple_body_maxit_rss": lambda: tf.while_loop(
        less, lambda a: (a + 1,), [z()], maximum_iterations=4, return_same_structure=True),
    "list2_tuple_body_rss_maxit": lambda: tf.while_loop(
        less, lambda a, b: (a + 1, b), [z(), 1.0], maximum_iterations=4,
        return_same_structure=True),
    "python_value_in_body": lambda: tf.while_loop(less, lambda a, b: (a + 1, 2.0), [z(), 1.0]),
    "inv_count_fewer": lambda: tf.while_loop(
        less, lambda a, b: (a + 1, b), [z(), 1.0], shape_invariants=[S([])]),
    "inv_list_vs_tuple": lambda: tf.while_loop(
        less, lambda a, b: (a + 1, b), [z(), 1.0], shape_invariants=(S([]), S([]))),
    "inv_nested_list_vs_tuple": lambda: tf.while_loop(
        less,
        lambda a, bc: [a + 1, (bc[0], bc[1])],
        [z(), (1.0, 2.0)],
        shape_invariants=[S([]), [S([]), S([])]],
    ),
    "inv_nested_depth": lambda: tf.while_loop(
        less,
        lambda a, bc: [a + 1, (bc[0], bc[1])],
        [z(), (1.0, 2.0)],
        shape_invariants=[S([]), S([])],
    ),
    "inv_dict_keys": lambda: tf.while_loop(
        lambda d: d["x"] < 3,
        lambda d: {"x": d["x"] + 1, "y": d["y"]},
        [{"x": 1.0, "y": 2.0}],
        shape_invariants=[{"x": S([]), "z": S([])}],
    ),
    "inv_list_of_ints": lambda: tf.while_loop(
        less, lambda a, b: (a + 1, b), [z(), tf.ones([2])], shape_invariants=[S([]), [None]]),
    "inv_tuple_leaf": lambda: tf.while_loop(
        less, lambda a, b: (a + 1, b), [z(), tf.ones([2])], shape_invariants=[S([]), (None,)]),
    "inv_int_leaf": lambda: tf.while_loop(less, lambda a: a + 1, [z()], shape_invariants=[3]),
    "inv_none_leaf": lambda: tf.while_loop(
        less, lambda a, b: (a + 1, b), [z(), 1.0], shape_invariants=[None, S([])]),
    "inv_spec_leaf": lambda: tf.while_loop(
        less,
        lambda a, b: (a + 1, tf.concat([b, b], 0)),
        [z(), tf.ones([1])],
        shape_invariants=[S([]), tf.TensorSpec([None], tf.float32)],
    ),
    "inv_maxit_list_vs_tuple": lambda: tf.while_loop(
        less, lambda a, b: [a + 1, b], [z(), 1.0], maximum_iterations=4,
        shape_invariants=(S([]), S([]))),
    "inv_maxit_one_var_list": lambda: tf.while_loop(
        less, lambda a: a + 1, [z()], maximum_iterations=4, shape_invariants=[S([])]),
    "inv_maxit_one_var_shape": lambda: tf.while_loop(
        less, lambda a: a + 1, [z()], maximum_iterations=4, shape_invariants=S([])),
}
for name, f in cases.items():
    out[name] = observe(f)
# A None invariant keeps the variable's own shape: a growing value is refused.
out["inv_none_keeps_shape"] = raises(lambda: tf.while_loop(
    less, lambda a, b: (a + 1, tf.concat([b, b], 0)), [z(), tf.ones([1])],
    shape_invariants=[None, None]))
_, grown = tf.while_loop(
    less, lambda a, b: (a + 1, tf.concat([b, b], 0)), [z(), tf.ones([1])],
    shape_invariants=[S([]), S([None])])
with tf.Session() as sess:
    out["grown"] = sess.run(grown).tolist()
""",
    # A second derivative through a while_loop is TypeError in TF1 (its gradient loop's
    # _ExitGrad), ValueError from tf.hessians (its own loop around the gradient); one
    # that reaches the gradient loop only through the iteration count is None.
    "second_derivative_through_while_loop": """
def looped(x):
    _, y = tf.while_loop(lambda k, y: k < 3, lambda k, y: (k + 1, y * x), [0, tf.ones_like(x)])
    return y
def second(make):
    x = make(2.0)
    g = tf.gradients(looped(x), x)[0]
    return tf.gradients(g, x)
out["constant"] = raises(lambda: second(tf.constant))
out["variable"] = raises(lambda: second(tf.Variable))
def map_second():
    x = tf.constant([1.0, 2.0])
    g = tf.gradients(tf.map_fn(lambda v: v * v * v, x), x)[0]
    return tf.gradients(g, x)
out["map_fn"] = raises(map_second)
""",
    "hessians_through_while_loop": """
def looped(x):
    _, y = tf.while_loop(lambda k, y: k < 3, lambda k, y: (k + 1, y * x), [0, tf.ones_like(x)])
    return y
def hessians_of_loop():
    x = tf.constant([2.0, 1.0])
    return tf.hessians(tf.reduce_sum(looped(x)), x)
out["hessians"] = raises(hessians_of_loop)
""",
    "second_derivative_count_only_or_tensor_array": """
x = tf.constant(2.0)
_, y = tf.while_loop(lambda k, y: k < 3, lambda k, y: (k + 1, y + 1.0), [0, x])
out["count_only"] = tf.gradients(tf.gradients(y, x)[0], x)
def tensor_array_read():
    xs = tf.constant([1.0, 2.0])
    read = tf.TensorArray(tf.float32, 2).unstack(xs * xs).read(0)
    gg2 = tf.gradients(tf.gradients(read, xs)[0], xs)[0]
    with tf.Session() as sess:
        return sess.run(gg2)
# TF builds it and fails the run (its gradient TensorArray's container); graphgate
# refuses while building (NO_GRADIENT, an InvalidArgumentError too).
out["tensor_array_read"] = raises(tensor_array_read)
""",
    # TensorArray.split into unequal lengths: with infer_shape (the default) TF fails
    # the run (its elements must share a shape), graphgate refuses building, with TF's
    # class and message; lengths not summing to the value's rows likewise.
    "tensor_array_split_unequal": """
v = np.arange(12, dtype=np.float32).reshape(6, 2)
def split_run(lengths, fetch):
    ta = tf.TensorArray(tf.float32, 3).split(v, lengths)
    with tf.Session() as sess:
        return sess.run(fetch(ta))
out["read"] = raises(lambda: split_run([1, 2, 3], lambda ta: ta.read(1)))
out["concat"] = raises(lambda: split_run([1, 2, 3], lambda ta: ta.concat()))
out["stack"] = raises(lambda: split_run([1, 2, 3], lambda ta: ta.stack()))
out["bad_sum"] = raises(lambda: split_run([1, 2, 2], lambda ta: ta.concat()))
out["equal"] = split_run([2, 2, 2], lambda ta: ta.stack()).tolist()
out["equal_tensor_lengths"] = split_run(tf.constant([2, 2, 2]), lambda ta: ta.concat()).tolist()
out["write_other_shape"] = raises(
    lambda: tf.TensorArray(tf.float32, 2).write(0, v[:1]).write(1, v[1:4]))
""",
    # Without infer_shape TF keeps elements of several shapes; graphgate's dense array
    # cannot (UNIMPLEMENTED; test_tf1_leftovers.py: KNOWN_DIFFERENT).
    "tensor_array_elements_of_several_shapes": """
v = np.arange(12, dtype=np.float32).reshape(6, 2)
ta = tf.TensorArray(tf.float32, 3, infer_shape=False).split(v, [1, 2, 3])
reads = [ta.read(i) for i in range(3)]
written = tf.TensorArray(tf.float32, 2, infer_shape=False).write(0, v[:1]).write(1, v[1:4])
with tf.Session() as sess:
    out["reads"] = [r.tolist() for r in sess.run(reads)]
    out["concat"] = sess.run(written.concat()).tolist()
""",
    "tensor_array_clears_after_read": """
def written(**kwargs):
    return tf.TensorArray(tf.float32, 2, **kwargs).write(0, 1.0).write(1, 2.0)

ta = written()
a, b, c = ta.read(0), ta.read(0), ta.read(1)
with tf.Session() as sess:
    out["twice_one_run"] = raises(lambda: sess.run([a, b]))
    out["twice_two_runs"] = [float(sess.run(a)), float(sess.run(b))]
    out["different"] = [float(v) for v in sess.run([a, c])]
    out["read_then_stack"] = raises(lambda: sess.run([a, ta.stack()]))
    out["stack_twice"] = raises(lambda: sess.run([ta.stack(), ta.gather([1])]))
    kept = written(clear_after_read=False)
    out["kept"] = [float(v) for v in sess.run([kept.read(0), kept.read(0)])]
    out["kept_stack"] = [v.tolist() for v in sess.run([kept.stack(), kept.stack()])]
    _, total = tf.while_loop(
        lambda i, t: i < 3, lambda i, t: (i + 1, t + ta.read(0)), [0, 0.0]
    )
    out["loop_same_index"] = raises(lambda: sess.run(total))
    _, total = tf.while_loop(
        lambda i, t: i < 2, lambda i, t: (i + 1, t + ta.read(i)), [0, 0.0]
    )
    out["loop_each_index"] = float(sess.run(total))
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
