"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: `tf.gather` along
an axis known only at run time with `batch_dims` (values, gradient, refusals), a
`tf.distributions.Categorical` of logits of unknown rank (built, sampled under seeds,
its log_prob, entropy and mode), and what TF refuses that graphgate answered: an int64
`num_samples` tensor of `tf.random.categorical`, and a subclass of a built-in optimizer
calling `super()._apply_dense` on a resource variable. Run unchanged with `tf` =
graphgate by tests/unit/engine/test_tf1_leftovers10.py.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_leftovers10.py \
        > tests/unit/engine/fixtures/tf1_leftovers10.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# params [2, 3, 4] gathered per batch (batch_dims=1) along an axis fed when run: every
# axis from -3 to 3 (0 and -3 are before the batch dims, 3 out of range), the values and
# the gradient of the squares' sum, each fetched alone.
GATHER = """
p = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
i = tf.constant(INDICES)
a = tf.placeholder(AXIS_DTYPE, [])
y = tf.gather(p, i, axis=a, batch_dims=BATCH_DIMS)
out["rank"] = y.shape.ndims
g = tf.gradients(tf.reduce_sum(y * y), p)[0]
with tf.Session() as sess:
    for v in range(-3, 4):
        for key, fetch in (("y", y), ("g", g)):
            try:
                out[f"{key}{v}"] = sess.run(fetch, {a: v}).tolist()
            except tf.errors.OpError:
                out[f"{key}{v}"] = raises(lambda: sess.run(fetch, {a: v}))
"""

PROGRAMS = {
    f"gather_run_time_axis_batch_dims_{name}": GATHER.replace("INDICES", indices)
    .replace("AXIS_DTYPE", dtype)
    .replace("BATCH_DIMS", batch)
    for name, indices, dtype, batch in [
        ("one", "[[0, 2, 2], [1, 0, 1]]", "tf.int32", "1"),
        ("one_int64_axis", "[[0, 2, 2], [1, 0, 1]]", "tf.int64", "1"),
        ("negative", "[[0, 2, 2], [1, 0, 1]]", "tf.int32", "-1"),
        ("two_dim_indices", "[[[0, 1], [2, 2]], [[1, 1], [0, 2]]]", "tf.int32", "1"),
        ("two", "[[[0, 1], [2, 0], [1, 1]], [[1, 0], [0, 0], [2, 1]]]", "tf.int32", "2"),
    ]
}

# A second-order gradient: the gradient of the gradient's weighted sum.
PROGRAMS["gather_run_time_axis_batch_dims_second_order"] = """
p = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10.0)
a = tf.placeholder(tf.int32, [])
y = tf.gather(p, [[0, 2, 2], [1, 0, 1]], axis=a, batch_dims=1)
g = tf.gradients(tf.reduce_sum(y * y * y), p)[0]
w = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
h = tf.gradients(tf.reduce_sum(g * w), p)[0]
with tf.Session() as sess:
    out["h"] = [sess.run(h, {a: v}).tolist() for v in (1, 2)]
"""

# Categorical of logits of unknown rank: fed a matrix, a vector, a [2, 1, 2] array.
PROGRAMS["categorical_unknown_rank"] = """
tf.set_random_seed(3)
l = tf.placeholder(tf.float32)
d = tf.distributions.Categorical(logits=l)
out["batch_rank"] = d.batch_shape.ndims
s = d.sample(4, seed=7)
s2 = d.sample([2, 3], seed=8)
out["sample_rank"] = s.shape.ndims
lp = d.log_prob([0, 1])
ent, mode = d.entropy(), d.mode()
for i, feed in enumerate(([[0.1, 1.0, -1.0], [2.0, 0.0, 0.5]], [0.3, 0.1, 1.0, 2.0],
                          [[[1.0, 2.0]], [[0.0, 0.0]]])):
    with tf.Session() as sess:
        got = sess.run({"s": s, "s2": s2, "bs": d.batch_shape_tensor(), "ent": ent,
                        "mode": mode, "lp": lp}, {l: feed})
        out[f"feed{i}"] = {k: np.asarray(v).tolist() for k, v in got.items()}
"""

PROGRAMS["categorical_unknown_rank_probs"] = """
tf.set_random_seed(5)
pr = tf.placeholder(tf.float32)
d = tf.distributions.Categorical(probs=pr)
s = d.sample(6, seed=2)
with tf.Session() as sess:
    out["s"] = sess.run(s, {pr: [[0.2, 0.8], [0.9, 0.1], [0.5, 0.5]]}).tolist()
    out["mode"] = sess.run(d.mode(), {pr: [0.1, 0.6, 0.3]}).tolist()
"""

PROGRAMS["categorical_int64_num_samples"] = """
l = tf.constant([[0.0, 1.0]])
out["constant"] = raises(lambda: tf.random.categorical(l, tf.constant(3, tf.int64), seed=1))
out["fed"] = raises(lambda: tf.random.categorical(l, tf.placeholder(tf.int64, []), seed=1))
out["multinomial"] = raises(lambda: tf.multinomial(l, tf.constant(3, tf.int64), seed=1))
n = tf.placeholder(tf.int32, [])
s = tf.random.categorical(l, n, seed=1)
with tf.Session() as sess:
    out["int32"] = sess.run(s, {n: 3}).tolist()
"""

# A subclass's `_resource_apply_dense` calling super()._apply_dense (a ref update) on a
# resource variable, and its `_apply_dense` on a ref variable (which TF takes).
SUPER_APPLY = """
class Sub(BASE):
    def _resource_apply_dense(self, grad, var):
        return super()._apply_dense(grad, var)
    def _apply_dense(self, grad, var):
        return super()._apply_dense(grad * 2.0, var)
for resource in (True, False):
    with tf.Graph().as_default():
        v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=resource)
        def step():
            return Sub(ARGS).minimize(tf.reduce_sum(v * v))
        failed = raises(step)
        if failed:
            out[str(resource)] = failed
            continue
        s = step()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(s)
            out[str(resource)] = sess.run(v).tolist()
"""

PROGRAMS.update(
    {
        f"super_apply_dense_{key}": SUPER_APPLY.replace("BASE", base).replace("ARGS", args)
        for key, base, args in [
            ("gradient_descent", "tf.train.GradientDescentOptimizer", "0.1"),
            ("adam", "tf.train.AdamOptimizer", "0.1"),
            ("momentum", "tf.train.MomentumOptimizer", "0.1, 0.9"),
        ]
    }
)


if __name__ == "__main__":
    tf = harness.import_tf1()
    doc = {"tensorflow": tf.__version__, "programs": harness.run_programs(tf, PROGRAMS, "")}
    harness.dump(doc)
