"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: what a gradient
through a cond or loop built under an update's `control_dependencies` runs and reads
(each fetched three times in one session, v read after each), arguments given as tensors
known only at run time (the static shape TF infers, the value and a gradient), and linear
algebra of matrices that are not positive definite, singular or NaN. Run unchanged with
`tf` = graphgate by tests/unit/engine/test_tf1_leftovers7.py; what graphgate answers
otherwise is a strict xfail there, its reason in docs/decision_log.md.

    /work/tfvenv/bin/python tests/reference/tf1_leftovers7.py \
        > tests/unit/engine/fixtures/tf1_leftovers7.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# v and w are TF1 ref variables; each fetch runs three times, and v is read after each run,
# so `[gradients, v]` three times says whether the assign ran and what the gradients read.
RUNS = """
v = tf.Variable(2.0, name="v")
w = tf.Variable(3.0, name="w")
def runs(fetch, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [[np.asarray(sess.run(fetch, feed)).tolist(), float(sess.run(v))] for _ in range(3)]
"""

CONTROL_FLOW = {
    # The update made outside the cond, named by a dependency inside its true branch.
    "cond_update_outside": """
p = tf.placeholder(tf.bool, [])
a = tf.assign_add(v, 1.0)
def t():
    with tf.control_dependencies([a]):
        return v * w
y = tf.cond(p, t, lambda: v * w * 2.0)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
out["false"] = runs(tf.gradients(y, [v, w]), {p: False})
out["forward_true"] = runs(y, {p: True})
""",
    # (The same with y's shape unknown is no program here: TF's runs race, 3 answers in 10.)
    # Each branch reads v alone: the gradient of v is the taken branch's constant.
    "cond_update_outside_v_alone_true": """
p = tf.placeholder(tf.bool, [])
a = tf.assign_add(v, 1.0)
def t():
    with tf.control_dependencies([a]):
        return v * 5.0
y = tf.cond(p, t, lambda: v * 7.0)
out["dv"] = runs(tf.gradients(y, v), {p: True})
""",
    "cond_update_outside_v_alone_false": """
p = tf.placeholder(tf.bool, [])
a = tf.assign_add(v, 1.0)
def t():
    with tf.control_dependencies([a]):
        return v * 5.0
y = tf.cond(p, t, lambda: v * 7.0)
out["dv"] = runs(tf.gradients(y, v), {p: False})
""",
    "cond_update_outside_w_only_false_branch": """
p = tf.placeholder(tf.bool, [])
a = tf.assign_add(v, 1.0)
def t():
    with tf.control_dependencies([a]):
        return v * w
y = tf.cond(p, t, lambda: w * 2.0)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
out["false"] = runs(tf.gradients(y, [v, w])[1], {p: False})
""",
    # The update made inside the branch.
    "cond_update_inside": """
p = tf.placeholder(tf.bool, [])
def t():
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        return v * w
y = tf.cond(p, t, lambda: v * w * 2.0)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
out["false"] = runs(tf.gradients(y, [v, w]), {p: False})
""",
    "cond_update_inside_unknown_shape": """
p = tf.placeholder(tf.bool, [])
x = tf.placeholder(tf.float32)
def t():
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        return v * w * x
y = tf.cond(p, t, lambda: v * w * x * 2.0)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True, x: 1.0})
out["false"] = runs(tf.gradients(y, [v, w]), {p: False, x: 1.0})
""",
    "cond_under_an_update": """
p = tf.placeholder(tf.bool, [])
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = tf.cond(p, lambda: v * w, lambda: v * w * 2.0)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
out["false"] = runs(tf.gradients(y, [v, w]), {p: False})
""",
    "while_under_an_update": """
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    _, y = tf.while_loop(
        lambda i, acc: i < 3, lambda i, acc: (i + 1, acc * v * w), [tf.constant(0), 1.0]
    )
out["grad"] = runs(tf.gradients(y, [w]))
""",
    # A loop body's dependency on an update made outside the loop: TF's run fails
    # ("Control dependencies must come after regular dependencies").
    "while_body_depends_on_an_update_outside": """
a = tf.assign_add(v, 1.0)
def body(i, acc):
    with tf.control_dependencies([a]):
        return i + 1, acc * v * w
_, y = tf.while_loop(lambda i, acc: i < 3, body, [tf.constant(0), tf.constant(1.0)])
out["grad"] = raises(lambda: runs(tf.gradients(y, [w])))
""",
}

PROGRAMS = {f"control_flow_{name}": RUNS + text for name, text in CONTROL_FLOW.items()}

# An argument given as a placeholder fed at run time: the static shape TF infers after
# build (None: unknown rank), the value, and the gradient of sum(y * y) as one number
# (weighted by position, so that a permuted gradient differs).
RUN_TIME = """
x = tf.Variable(np.arange(24, dtype=np.float32).reshape(2, 3, 4), name="x") * 1.0
def observe(y, feed):
    out["shape"] = None if y.shape.ndims is None else y.shape.as_list()
    g = tf.gradients(tf.reduce_sum(y * y), x)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value, grad = sess.run([y, g], feed)
    out["value"] = value.tolist()
    out["grad"] = float(np.sum(grad * np.arange(grad.size).reshape(grad.shape)))
"""

ARGUMENTS = {
    "transpose_perm": (
        "i = tf.placeholder(tf.int32, [3])",
        "tf.transpose(x, perm=i)",
        "{i: [2, 0, 1]}",
    ),
    "reduce_sum_axis": (
        "i = tf.placeholder(tf.int32, [])",
        "tf.reduce_sum(x, axis=i)",
        "{i: 1}",
    ),
    "reduce_sum_axes": (
        "i = tf.placeholder(tf.int32, [None])",
        "tf.reduce_sum(x, axis=i)",
        "{i: [0, 2]}",
    ),
    "reduce_mean_keepdims": (
        "i = tf.placeholder(tf.int32, [])",
        "tf.reduce_mean(x, axis=i, keepdims=True)",
        "{i: 2}",
    ),
    "reduce_max_axis": (
        "i = tf.placeholder(tf.int32, [])",
        "tf.reduce_max(x, axis=i)",
        "{i: -1}",
    ),
    "top_k_k": (
        "k = tf.placeholder(tf.int32, [])",
        "tf.nn.top_k(x, k=k).values",
        "{k: 2}",
    ),
    "reshape_shape": (
        "s = tf.placeholder(tf.int32, [2])",
        "tf.reshape(x, s)",
        "{s: [4, 6]}",
    ),
    "tile_multiples": (
        "m = tf.placeholder(tf.int32, [3])",
        "tf.tile(x, m)",
        "{m: [1, 2, 1]}",
    ),
    "pad_paddings": (
        "p = tf.placeholder(tf.int32, [3, 2])",
        "tf.pad(x, p)",
        "{p: [[0, 1], [1, 0], [0, 0]]}",
    ),
    "slice_begin_size": (
        "b = tf.placeholder(tf.int32, [3]); s = tf.placeholder(tf.int32, [3])",
        "tf.slice(x, b, s)",
        "{b: [0, 1, 1], s: [2, 2, -1]}",
    ),
    "one_hot_depth": (
        "d = tf.placeholder(tf.int32, [])",
        "tf.one_hot(tf.constant([0, 2, 1]), d) * tf.reduce_sum(x)",
        "{d: 4}",
    ),
    "split_sizes": (
        "n = tf.placeholder(tf.int32, [2])",
        "tf.split(x, n, axis=2, num=2)[1]",
        "{n: [1, 3]}",
    ),
    "strided_slice_begin": (
        "b = tf.placeholder(tf.int32, [])",
        "x[:, b:, :]",
        "{b: 1}",
    ),
    "roll_shift": (
        "s = tf.placeholder(tf.int32, [])",
        "tf.roll(x, s, axis=1)",
        "{s: 1}",
    ),
    "unsorted_segment_sum_num": (
        "n = tf.placeholder(tf.int32, [])",
        "tf.math.unsorted_segment_sum(x, [0, 1], n)",
        "{n: 3}",
    ),
    "broadcast_to_shape": (
        "s = tf.placeholder(tf.int32, [4])",
        "tf.broadcast_to(x, s)",
        "{s: [2, 2, 3, 4]}",
    ),
    "concat_axis": (
        "a = tf.placeholder(tf.int32, [])",
        "tf.concat([x, x * 2.0], axis=a)",
        "{a: 1}",
    ),
    "expand_dims_axis": (
        "a = tf.placeholder(tf.int32, [])",
        "tf.expand_dims(x, a)",
        "{a: 1}",
    ),
    "gather_axis": (
        "a = tf.placeholder(tf.int32, [])",
        "tf.gather(x, [1, 0], axis=a)",
        "{a: 2}",
    ),
    "cumsum_axis": (
        "a = tf.placeholder(tf.int32, [])",
        "tf.cumsum(x, axis=a)",
        "{a: 1}",
    ),
    "reverse_axis": (
        "a = tf.placeholder(tf.int32, [1])",
        "tf.reverse(x, a)",
        "{a: [1]}",
    ),
    "argmax_axis": (
        "a = tf.placeholder(tf.int32, [])",
        "tf.cast(tf.argmax(x, axis=a), tf.float32) * tf.reduce_sum(x)",
        "{a: 1}",
    ),
    "softmax_axis": (
        "a = tf.placeholder(tf.int32, [])",
        "tf.nn.softmax(x, axis=a)",
        "{a: 1}",
    ),
}
PROGRAMS.update(
    {
        f"run_time_{name}": RUN_TIME + f"{setup}\nobserve({y}, {feed})\n"
        for name, (setup, y, feed) in ARGUMENTS.items()
    }
)
# A perm read from the end: the value is TF's, its gradient fails (InvertPermutation).
PROGRAMS["run_time_transpose_perm_from_end"] = """
x = tf.Variable(np.arange(24, dtype=np.float32).reshape(2, 3, 4), name="x") * 1.0
i = tf.placeholder(tf.int32, [3])
y = tf.transpose(x, perm=i)
g = tf.gradients(tf.reduce_sum(y * y), x)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["value"] = sess.run(y, {i: [-1, 0, 1]}).tolist()
    out["grad"] = raises(lambda: sess.run(g, {i: [-1, 0, 1]}))
"""
# A transposed unknown-rank input by a perm of unknown length; a perm that is none.
PROGRAMS["run_time_transpose_perm_unknown_rank"] = """
x = tf.placeholder(tf.float32)
p = tf.placeholder(tf.int32)
y = tf.transpose(x, p)
out["shape"] = None if y.shape.ndims is None else y.shape.as_list()
out["rank3"] = tf.transpose(tf.zeros([2, 3, 4]), p).shape.as_list()
with tf.Session() as sess:
    out["value"] = sess.run(y, {x: [[1.0, 2.0, 3.0]], p: [1, 0]}).tolist()
    out["repeated"] = raises(lambda: sess.run(y, {x: [[1.0, 2.0]], p: [0, 0]}))
    out["too_long"] = raises(lambda: sess.run(y, {x: [[1.0, 2.0]], p: [0, 1, 2]}))
"""

# Linear algebra where a factorization fails or the input holds a NaN (TF 2.21's CPU
# kernels). A failed Cholesky's upper triangle is memory TF's kernel never writes: only
# the lower one is recorded.
LINALG = """
nan = float("nan")
def value(t):
    with tf.Session() as sess:
        got = sess.run(t)
    if isinstance(got, tuple | list):
        return [np.asarray(g).tolist() for g in got]
    return np.asarray(got).tolist()
def lower(t):
    with tf.Session() as sess:
        return np.tril(sess.run(t)).tolist()
NOT_PD = [[1.0, 2.0], [2.0, 1.0]]
SINGULAR = [[1.0, 2.0], [2.0, 4.0]]
"""
PROGRAMS["linalg_cholesky"] = (
    LINALG
    + """
out["not_pd"] = lower(tf.linalg.cholesky(tf.constant(NOT_PD)))
out["not_pd_float64"] = lower(tf.linalg.cholesky(tf.constant(NOT_PD, tf.float64)))
out["negative"] = lower(tf.linalg.cholesky(tf.constant([[-1.0]])))
out["zero_pivot"] = lower(tf.linalg.cholesky(tf.constant([[0.0, 0.0], [0.0, 1.0]])))
out["fails_at_the_third_pivot"] = lower(
    tf.linalg.cholesky(tf.constant([[4.0, 2.0, 1.0], [2.0, 5.0, 3.0], [1.0, 3.0, -10.0]]))
)
out["batch_one_bad"] = lower(tf.linalg.cholesky(tf.constant([[[4.0, 0.0], [0.0, 1.0]], NOT_PD])))
out["nan"] = lower(tf.linalg.cholesky(tf.constant([[nan, 0.0], [0.0, 1.0]])))
out["upper_not_read"] = value(tf.linalg.cholesky(tf.constant([[4.0, 99.0], [2.0, 5.0]])))
out["solve_with_a_singular_factor"] = value(
    tf.linalg.cholesky_solve(tf.constant([[1.0, 0.0], [2.0, 0.0]]), tf.constant([[1.0], [1.0]]))
)
out["lstsq_singular"] = value(tf.linalg.lstsq(tf.constant(SINGULAR), tf.constant([[1.0], [1.0]])))
"""
)
PROGRAMS["linalg_triangular_solve"] = (
    LINALG
    + """
ts = tf.linalg.triangular_solve
out["singular"] = value(ts(tf.constant([[0.0, 0.0], [1.0, 1.0]]), tf.constant([[1.0], [1.0]])))
out["zero_in_the_middle"] = value(
    ts(tf.constant([[2.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 1.0, 1.0]]),
       tf.constant([[1.0, 2.0], [1.0, 1.0], [1.0, 0.0]]))
)
out["upper"] = value(
    ts(tf.constant([[1.0, 1.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 2.0]]),
       tf.constant([[1.0], [1.0], [1.0]]), lower=False)
)
out["adjoint"] = value(
    ts(tf.constant([[0.0, 0.0], [1.0, 1.0]]), tf.constant([[1.0], [2.0]]), adjoint=True)
)
out["zero_over_zero"] = value(
    ts(tf.constant([[0.0, 0.0], [1.0, 1.0]]), tf.constant([[0.0], [1.0]]))
)
out["nan"] = value(ts(tf.constant([[nan, 0.0], [1.0, 1.0]]), tf.constant([[1.0], [1.0]])))
"""
)
PROGRAMS["linalg_singular_and_nan"] = (
    LINALG
    + """
out["inverse"] = raises(lambda: value(tf.linalg.inv(tf.constant(SINGULAR))))
out["inverse_float64"] = raises(lambda: value(tf.linalg.inv(tf.constant(SINGULAR, tf.float64))))
B = tf.constant([[1.0], [1.0]])
out["solve"] = raises(lambda: value(tf.linalg.solve(tf.constant(SINGULAR), B)))
out["determinant"] = value(tf.linalg.det(tf.constant(SINGULAR)))
out["log_abs_determinant"] = value(tf.linalg.slogdet(tf.constant(SINGULAR))[1])
out["svd_nan"] = value(tf.linalg.svd(tf.constant([[nan, 1.0], [2.0, 3.0]])))
NAN_ROW = [[nan, 1.0], [2.0, 3.0]]
out["svd_nan_values"] = value(tf.linalg.svd(tf.constant(NAN_ROW), compute_uv=False))
out["svd_batch_one_nan"] = value(
    tf.linalg.svd(tf.constant([NAN_ROW, [[3.0, 0.0], [0.0, 2.0]]]), compute_uv=False)
)
out["qr_nan"] = value(tf.linalg.qr(tf.constant([[nan, 1.0], [2.0, 3.0]])))
out["eigh_nan"] = raises(lambda: value(tf.linalg.eigh(tf.constant([[nan, 1.0], [1.0, 3.0]]))))
out["eigh_nan_upper_not_read"] = value(tf.linalg.eigvalsh(tf.constant([[1.0, nan], [1.0, 3.0]])))
"""
)


if __name__ == "__main__":
    harness.main(PROGRAMS)
