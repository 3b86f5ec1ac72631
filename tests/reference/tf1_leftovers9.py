"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: a StudentT draw of
a sample shape known only at run time, `in_top_k` with `k` fed, a gradient through a
concat whose axis is int64, the node names of `zeros_initializer`/`ones_initializer`
initial values, and subclasses of the built-in optimizers overriding the sparse updates
(`_apply_sparse`, `_resource_apply_sparse`) and calling `super()`. Run unchanged with `tf`
= graphgate by tests/unit/engine/test_tf1_leftovers9.py; what graphgate answers otherwise
is a strict xfail there, its reason in docs/decision_log.md. `imports` holds GraphDefs TF
wrote (base64) and what TF computed with them, for graphgate's importer.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_leftovers9.py \
        > tests/unit/engine/fixtures/tf1_leftovers9.json
"""

from __future__ import annotations

import base64

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# n is 4, known only when run; each draw is made twice under the same op seed, once with n
# and once with 4, so that the fixture says whether TF's numbers depend on knowing it.
DRAWS = """
tf.set_random_seed(1)
x = tf.placeholder(tf.float32, [None])
n = tf.shape(x)[0]
def observe(make):
    late, early = make(n), make(4)
    out["shape"] = None if late.shape.ndims is None else late.shape.as_list()
    with tf.Session() as sess:
        late, early = sess.run(late, {x: np.zeros(4, np.float32)}), sess.run(early)
    out["agree"] = late.tolist() == early.tolist()
    out["late"], out["early"] = late.tolist(), early.tolist()
"""

STUDENT_T = {
    "scalar": "lambda k: tf.distributions.StudentT(3.0, 1.0, 2.0).sample(k, seed=5)",
    "batch": (
        "lambda k: tf.distributions.StudentT([3.0, 5.0], [0.0, 1.0], [1.0, 0.5]).sample(k, seed=5)"
    ),
    "two_dimensions": (
        "lambda k: tf.distributions.StudentT([3.0, 5.0], 0.0, 1.0).sample([k, 3], seed=5)"
    ),
}

PROGRAMS = {
    f"student_t_run_time_sample_{name}": DRAWS + f"observe({make})\n"
    for name, make in STUDENT_T.items()
}

# The sample count a placeholder.
PROGRAMS["student_t_fed_count"] = """
k = tf.placeholder(tf.int32, [])
s = tf.distributions.StudentT(4.0, [1.0, 2.0], 3.0).sample(k, seed=9)
out["shape"] = s.shape.as_list()
with tf.Session() as sess:
    out["value"] = list(sess.run(s, {k: 3}).shape)
"""

# in_top_k with k fed: each k from 0 to 4 (3 classes), ties, int64 targets, and a target
# out of range (TF answers False) or a prediction that is not finite.
PROGRAMS["in_top_k_fed_k"] = """
k = tf.placeholder(tf.int32, [])
p = tf.constant([[0.1, 0.5, 0.4], [0.3, 0.3, 0.4], [0.2, 0.2, 0.2], [np.nan, 0.1, 0.2]])
r = tf.nn.in_top_k(p, [1, 0, 2, 2], k)
t64 = tf.constant([1, 0, 2, 2], tf.int64)
out["int64_targets"] = raises(lambda: tf.math.in_top_k(predictions=p, targets=t64, k=k))
r64 = tf.math.in_top_k(predictions=p, targets=[1, 0, 2, 2], k=k)
bad = tf.nn.in_top_k(p, [1, 3, -1, 0], k)
out["shape"] = r.shape.as_list()
with tf.Session() as sess:
    out["values"] = [[v.tolist() for v in sess.run([r, r64, bad], {k: kv})] for kv in range(5)]
    out["negative"] = raises(lambda: sess.run(r, {k: -1}))
"""

PROGRAMS["in_top_k_fed_int64_k"] = """
k = tf.placeholder(tf.int64, [])
x = tf.placeholder(tf.float32, [None, 4])
r = tf.nn.in_top_k(x, tf.constant([3, 0], tf.int64), k)
out["shape"] = r.shape.as_list()
with tf.Session() as sess:
    out["values"] = sess.run(r, {k: 2, x: [[0.0, 1.0, 2.0, 3.0], [5.0, 1.0, 2.0, 3.0]]}).tolist()
    out["matrix_k"] = raises(lambda: sess.run(tf.nn.in_top_k(x, [3, 0], tf.constant([1, 2]))))
"""

# A concat's gradient whose axis is int64: TF's gradient takes the axis modulo the rank
# (an int32), whether the axis is a constant or fed.
PROGRAMS["concat_int64_axis_gradient"] = """
x = tf.Variable([[1.0, 2.0]])
for key, axis in [("fed", tf.placeholder(tf.int64, [])), ("constant", tf.constant(1, tf.int64))]:
    y = tf.concat([x, x * 3.0], axis)
    out[key + "_shape"] = None if y.shape.ndims is None else y.shape.as_list()
    out[key] = raises(lambda: tf.gradients(tf.reduce_sum(y * y), x))
"""

PROGRAMS["concat_int32_fed_axis_gradient"] = """
x = tf.Variable([[1.0, 2.0]])
a = tf.placeholder(tf.int32, [])
y = tf.concat([x, x * 3.0], a)
g = tf.gradients(tf.reduce_sum(y * y), x)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = [sess.run(g, {a: v})[0].tolist() for v in (0, 1, -1, -2)]
"""

# The node names of variables made by the zeros and ones initializers (small and of 1,000
# elements or more, ref and resource), as `get_operations()` and the GraphDef list them.
PROGRAMS["initializer_node_names"] = """
tf.get_variable("a", [2], initializer=tf.zeros_initializer())
tf.get_variable("b", [2, 3], initializer=tf.ones_initializer())
tf.get_variable("c", [], initializer=tf.zeros_initializer(), dtype=tf.int32)
tf.get_variable("big", [40, 30], initializer=tf.zeros_initializer())
tf.get_variable("big1", [1000], initializer=tf.ones_initializer())
with tf.variable_scope("s"):
    tf.get_variable("e", [2], initializer=tf.zeros_initializer(), use_resource=True)
    tf.get_variable("f", [50, 20], initializer=tf.ones_initializer(), use_resource=True)
g = tf.get_default_graph()
names = [n.name for n in g.as_graph_def().node]
out["initial_values"] = [(n, g.get_operation_by_name(n).type) for n in names
                          if "Initializer" in n]
out["ops"] = [op.name for op in g.get_operations() if "Initializer" in op.name]
with tf.Session() as sess:
    out["fetched"] = [sess.run(n + ":0").tolist() for n in
                      ["a/Initializer/zeros", "b/Initializer/ones", "c/Initializer/zeros",
                       "s/e/Initializer/zeros"]]
    out["big"] = [sess.run(n + ":0").sum().tolist() for n in
                  ["big/Initializer/zeros", "big1/Initializer/ones", "s/f/Initializer/ones"]]
"""

# A subclass overriding the sparse updates (an embedding's gradient, IndexedSlices with a
# repeated row) and calling super(): the built-in's sparse update on what it is handed.
SPARSE_SUBCLASSES = """
class AdamW(tf.train.AdamOptimizer):
    def _apply_sparse(self, grad, var):
        return super()._apply_sparse(
            tf.IndexedSlices(grad.values * 2.0, grad.indices, grad.dense_shape), var)
    def _resource_apply_sparse(self, grad, var, indices):
        return super()._resource_apply_sparse(grad * 2.0, var, indices)
class MomentumW(tf.train.MomentumOptimizer):
    def _apply_sparse(self, grad, var):
        update = super()._apply_sparse(grad, var)
        with tf.control_dependencies([update]):
            return var.assign_sub(0.01 * var)
    def _resource_apply_sparse(self, grad, var, indices):
        update = super()._resource_apply_sparse(grad, var, indices)
        with tf.control_dependencies([update]):
            return var.assign_sub(0.01 * var)
class AdagradW(tf.train.AdagradOptimizer):
    def _apply_sparse(self, grad, var):
        return super()._apply_sparse(grad, var)
    def _resource_apply_sparse(self, grad, var, indices):
        return super()._resource_apply_sparse(grad + 0.5, var, indices)
def run(key, opt, resource):
    with tf.variable_scope(key):
        e = tf.get_variable("e", initializer=np.arange(8, dtype=np.float32).reshape(4, 2),
                            use_resource=resource)
        step = opt.minimize(tf.reduce_sum(tf.square(tf.gather(e, [0, 2, 0]))))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        sess.run(step)
        out[key] = sess.run(e).tolist()
"""

PROGRAMS.update(
    {
        f"subclass_sparse_{key}{'_resource' if resource else ''}": SPARSE_SUBCLASSES
        + f"run({key!r}, {make}, {resource})\n"
        for key, make in [
            ("adam", "AdamW(0.1)"),
            ("momentum", "MomentumW(0.1, 0.9)"),
            ("adagrad", "AdagradW(0.1)"),
        ]
        for resource in (False, True)
    }
)

# An update made outside a cond and named by a branch's control_dependencies (leftovers7's
# programs, which TF's gradient does not run), here also followed by the predicate (which
# orders every branch op in TF), and with the other branch's gradient reading its own
# tanh: each fetched three times, v read after each.
COND_RUNS = """
v = tf.Variable(2.0, name="v")
w = tf.Variable(3.0, name="w")
def runs(fetch, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [[np.asarray(sess.run(fetch, feed)).tolist(), float(sess.run(v))] for _ in range(3)]
a = tf.assign_add(v, 1.0)
def t():
    with tf.control_dependencies([a]):
        return v * w
"""
PROGRAMS["cond_update_named_by_a_branch_and_followed_by_the_predicate"] = (
    COND_RUNS
    + """
y = tf.cond(a > 0.0, t, lambda: v * w * 2.0)
out["grad"] = runs(tf.gradients(y, [v, w]))
"""
)
PROGRAMS["cond_update_named_by_a_branch_other_branch_reads_its_own_value"] = (
    COND_RUNS
    + """
p = tf.placeholder(tf.bool, [])
y = tf.cond(p, t, lambda: tf.tanh(w) * 3.0)
out["grad"] = runs(tf.gradients(y, [w])[0] * 0.0, {p: False})
"""
)


def _graph(g) -> str:
    return base64.b64encode(g.as_graph_def().SerializeToString()).decode()


def run_all(tf, g, names, feeds) -> dict:
    out = {}
    with tf.Session(graph=g) as sess:
        for name in names:
            try:
                v = sess.run(f"{name}:0", feeds)
                out[name] = [str(v.dtype), v.tolist()]
            except tf.errors.OpError as exc:
                out[name] = type(exc).__name__
    return out


def counting_ops(tf) -> dict:
    """UniqueWithCountsV2, SparseBincount and DenseBincount per row, with binary_output
    and empty weights, as raw ops in one graph."""
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.int32, [None], name="x")
        m = tf.placeholder(tf.int32, [None, None], name="m")
        w = tf.placeholder(tf.float32, [None], name="w")
        mw = tf.placeholder(tf.float32, [None, None], name="mw")
        u = tf.raw_ops.UniqueWithCountsV2(x=m, axis=[0], out_idx=tf.int64)
        for i, part in enumerate(("y", "idx", "count")):
            tf.identity(u[i], name=f"uwc_rows_{part}")
        u = tf.raw_ops.UniqueWithCountsV2(x=x, axis=tf.constant([], tf.int64))
        for i, part in enumerate(("y", "idx", "count")):
            tf.identity(u[i], name=f"uwc_flat_{part}")
        u = tf.raw_ops.UniqueWithCountsV2(x=m, axis=[1])
        for i, part in enumerate(("y", "idx", "count")):
            tf.identity(u[i], name=f"uwc_cols_{part}")
        empty = tf.constant([], tf.float32)
        tf.identity(tf.raw_ops.DenseBincount(input=m, size=5, weights=empty), name="rows")
        tf.identity(
            tf.raw_ops.DenseBincount(input=m, size=5, weights=empty, binary_output=True),
            name="rows_binary",
        )
        tf.identity(tf.raw_ops.DenseBincount(input=m, size=5, weights=mw), name="rows_weighted")
        tf.identity(tf.raw_ops.DenseBincount(input=x, size=5, weights=empty), name="flat_empty")
        tf.identity(
            tf.raw_ops.DenseBincount(input=x, size=4, weights=empty, binary_output=True),
            name="flat_binary",
        )
        sp = tf.sparse.from_dense(m)
        for name, kw in [
            ("sparse", {}),
            ("sparse_binary", {"binary_output": True}),
            ("sparse_weighted", {"weights": tf.gather_nd(mw, sp.indices)}),
        ]:
            weights = kw.get("weights", empty)
            res = tf.raw_ops.SparseBincount(
                indices=sp.indices,
                values=sp.values,
                dense_shape=sp.dense_shape,
                size=6,
                weights=weights,
                binary_output=kw.get("binary_output", False),
            )
            tf.identity(res, name=name)
        # tf.sparse.bincount: TF 2's Sparse/DenseCountSparseOutput, a sparse result.
        for name, made in [
            ("api_sparse", tf.sparse.bincount(sp, minlength=3, maxlength=6, axis=-1)),
            ("api_sparse_flat", tf.sparse.bincount(sp, minlength=2)),
            ("api_dense_binary", tf.sparse.bincount(m, axis=-1, binary_output=True)),
            ("api_dense_weighted", tf.sparse.bincount(x, weights=w, maxlength=4)),
            (
                "api_sparse_weighted",
                tf.sparse.bincount(
                    sp,
                    weights=tf.sparse.from_dense(mw * tf.cast(tf.not_equal(m, 0), tf.float32)),
                    axis=-1,
                ),
            ),
        ]:
            for part in ("indices", "values", "dense_shape"):
                tf.identity(getattr(made, part), name=f"{name}_{part}")
        names = [
            *(
                f"{k}_{p}"
                for k in (
                    "api_sparse",
                    "api_sparse_flat",
                    "api_dense_binary",
                    "api_dense_weighted",
                    "api_sparse_weighted",
                )
                for p in ("indices", "values", "dense_shape")
            ),
            *(f"uwc_{k}_{p}" for k in ("rows", "flat", "cols") for p in ("y", "idx", "count")),
            "rows",
            "rows_binary",
            "rows_weighted",
            "flat_empty",
            "flat_binary",
            "sparse",
            "sparse_binary",
            "sparse_weighted",
        ]
        feeds = {
            x: [1, 3, 1, 0, 4, 3, 3],
            m: [[1, 0, 2, 2], [3, 3, 0, 1], [1, 0, 2, 2]],
            w: [0.5, 1.25, 2.0, -1.0, 3.0, 0.1, 0.2],
            mw: [[0.5, 1.0, 2.0, 0.25], [1.5, 2.5, 3.0, 4.0], [0.5, 1.0, 2.0, 0.25]],
        }
        result = run_all(tf, g, names, feeds)
        return {
            "graph": _graph(g),
            "feeds": {t.op.name: v for t, v in feeds.items()},
            "names": names,
            "out": result,
        }


def apply_gradient_descent_unknown_rank(tf) -> dict:
    """ApplyGradientDescent whose learning rate is a placeholder of unknown rank."""
    with tf.Graph().as_default() as g:
        v = tf.Variable([1.0, 2.0], name="v")
        lr = tf.placeholder(tf.float32, None, name="lr")
        tf.raw_ops.ApplyGradientDescent(var=v._variable, alpha=lr, delta=[0.5, -1.0], name="u")
        tf.identity(v._variable, name="after")
        with tf.Session() as sess:
            sess.run(v.initializer)
            sess.run("u", {lr: 0.1})
            first = sess.run("after:0").tolist()
            try:
                sess.run("u", {lr: [0.1, 0.2]})
                vector = None
            except tf.errors.OpError as exc:
                vector = [type(exc).__name__, str(exc).splitlines()[0]]
            last = sess.run("after:0").tolist()
        return {"graph": _graph(g), "first": first, "vector": vector, "last": last}


if __name__ == "__main__":
    tf = harness.import_tf1()
    doc = {"tensorflow": tf.__version__, "programs": harness.run_programs(tf, PROGRAMS, "")}
    doc["imports"] = {
        "counting": counting_ops(tf),
        "apply_gradient_descent": apply_gradient_descent_unknown_rank(tf),
    }
    harness.dump(doc)
