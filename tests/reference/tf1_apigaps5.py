"""TF1 symbols graphgate lacked after the fourth survey round (dev-only):
`tf.random.Generator` (and `create_rng_state`, `Algorithm`, the global generator, with
`tf.random.experimental`'s spellings), `tf.nn.experimental.stateless_dropout` and
`general_dropout`, the loss scaling of `tf.train.experimental` and
`tf.compat.v1.mixed_precision`, and the stateless ops' refusal of ThreeFry; each program
run unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_apigaps5.py.

    /work/tfvenv/bin/python tests/reference/tf1_apigaps5.py \
        > tests/unit/engine/fixtures/tf1_apigaps5.json
    /work/tfvenv/bin/python tests/reference/tf1_apigaps5.py --graph \
        tests/unit/engine/fixtures/tf1_apigaps5_binomial.pb

The second writes TF's own GraphDef of `stateless_binomial` (StatelessRandomBinomial, its
shape an input), which the engine test imports and runs against the values recorded here.
"""

from __future__ import annotations

import numpy as np  # the programs' `np` (the engine test binds it from here), write_graph's

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

RUN = """
def run(fetch, feed=None, init=False):
    with tf.Session() as sess:
        if init:
            sess.run(tf.global_variables_initializer())
        got = sess.run(fetch, feed)
    return [None if g is None else np.asarray(g).tolist() for g in got] if isinstance(
        got, tuple | list) else (None if got is None else np.asarray(got).tolist())
def runs(fetches, state):
    # each fetch in a run of its own, in order, then the state: a generator's draws and
    # their skips, one session
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [[np.asarray(sess.run(f)).tolist(), np.asarray(sess.run(state)).tolist()]
                for f in fetches]
def meta(t):
    return [t.name, t.dtype.name, t.shape.as_list()]
"""

PROGRAMS = {
    "generator_draws": RUN
    + """
g = tf.random.Generator.from_seed(5)
draws = [g.normal([2, 3], mean=1., stddev=2.), g.uniform([3], minval=2., maxval=5.),
         g.uniform([4], 0, 10, dtype=tf.int32), g.uniform_full_int([3], tf.int64),
         g.truncated_normal([3]), g.normal([3], dtype=tf.float64),
         g.uniform([2], -5, 7, dtype=tf.int64), g.uniform_full_int([2], tf.uint32),
         g.uniform([5], dtype=tf.float64), g.normal([2], dtype=tf.float16), g.make_seeds(2),
         g.uniform([2, 2]), g.normal([])]
out["values"] = runs(draws, g.state)
out["meta"] = [meta(d) for d in draws] + [meta(g.state), g.algorithm]
out["state_name"] = [g.state.name, g.state.trainable]
out["twice"] = runs([draws[0], draws[0]], g.state)
""",
    "generator_states": RUN
    + """
out["seeds"] = run([tf.random.create_rng_state(s, "philox") for s in
                    (0, 1, -1, -3, 2**64 + 5, 2**70 + 3, 2**130 + 2**64 + 9)])
out["seed_lists"] = run([tf.random.create_rng_state(s, 1) for s in ([1, 2], [7], [1, 2, 3, 4])])
out["experimental"] = run(tf.random.experimental.create_rng_state(9, "auto_select"))
g = tf.random.Generator.from_state([2**63 + 5 - 2**64, -1, 7], "philox")
h = tf.random.Generator.from_state([-2, 3, 11], tf.random.Algorithm.PHILOX)
k = tf.random.Generator.from_key_counter(11, [2**64 - 2, 3], "philox")
s = tf.random.Generator.from_seed([4, 2])
out["from_state"] = runs([g.normal([3])], g.state)
out["carry"] = runs([h.uniform([3]), h.normal([2])], h.state)
out["key_counter"] = runs([k.uniform([3])], k.state)
out["key"] = run(k.key, init=True)
out["list_seed"] = runs([s.normal([2])], s.state)
out["names"] = [g.state.name, h.state.name, tf.random.Algorithm.PHILOX.value,
                tf.random.Algorithm.AUTO_SELECT.value]
out["experimental_generator"] = runs(
    [tf.random.experimental.Generator.from_seed(3).normal([2])], [])
""",
    "generator_global": RUN
    + """
g = tf.random.Generator.from_seed(12)
tf.random.set_global_generator(g)
out["same"] = tf.random.get_global_generator() is g
tf.random.experimental.set_global_generator(tf.random.Generator.from_seed(13))
out["draw"] = runs([tf.random.get_global_generator().normal([2])], [])
""",
    "generator_refusals": RUN
    + """
g = tf.random.Generator.from_seed(1)
out["int_no_max"] = raises(lambda: g.uniform([2], dtype=tf.int32))
out["bad_alg"] = raises(lambda: tf.random.Generator.from_seed(1, alg="nope"))
out["bad_int_dtype"] = raises(lambda: g.normal([2], dtype=tf.int32))
t = g.uniform([2], 5, 5, dtype=tf.int32)
def run_t():
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(t)
out["empty_range"] = raises(run_t)
""",
    "stateless_dropout": RUN
    + """
x = tf.constant(np.arange(1., 13.).reshape(3, 4), tf.float32)
d = tf.nn.experimental.stateless_dropout(x, 0.4, seed=[1, 2])
r = tf.placeholder(tf.float32, [])
d2 = tf.nn.experimental.stateless_dropout(x, r, seed=[1, 2], noise_shape=[3, 1])
d3 = tf.nn.experimental.stateless_dropout(tf.cast(x, tf.float64), 0.25, seed=[7, -3],
                                          rng_alg="philox")
d0 = tf.nn.experimental.stateless_dropout(x, 0., seed=[1, 2])
out["values"] = run([d, d2, d3, d0], {r: 0.5})
out["meta"] = [meta(d), meta(d2), meta(d3), d0 is x]
out["grad"] = run(tf.gradients(tf.reduce_sum(d * x), x) + tf.gradients(
    tf.reduce_sum(d2), [x, r]), {r: 0.3})
g = tf.nn.experimental.general_dropout(
    x, 0.5, lambda shape, dtype: tf.random.stateless_uniform(shape, [3, 4], dtype=dtype))
g2 = tf.nn.experimental.general_dropout(
    x, 0.5, lambda shape, dtype: tf.ones(shape, dtype) * 0.6, noise_shape=[1, 4])
out["general"] = run([g, g2]) + [meta(g)]
out["rate_one"] = raises(lambda: tf.nn.experimental.stateless_dropout(x, 1.0, seed=[1, 2]))
out["rate_negative"] = raises(lambda: tf.nn.experimental.stateless_dropout(x, -0.1, seed=[1, 2]))
out["int_x"] = raises(lambda: tf.nn.experimental.stateless_dropout(
    tf.constant([1, 2]), 0.5, seed=[1, 2]))
out["seed_of_3"] = raises(lambda: tf.nn.experimental.stateless_dropout(x, 0.5, seed=[1, 2, 3]))
""",
    "threefry_refused": RUN
    + """
def ran(make):
    def go():
        with tf.Session() as sess:
            sess.run(make())
    return raises(go)
out["uniform"] = ran(lambda: tf.random.stateless_uniform([3], seed=[1, 2], alg="threefry"))
out["normal"] = ran(lambda: tf.random.stateless_normal([3], seed=[1, 2], alg="threefry"))
out["truncated"] = ran(
    lambda: tf.random.stateless_truncated_normal([3], seed=[1, 2], alg="threefry"))
out["split"] = ran(lambda: tf.random.split([1, 2], alg="threefry"))
out["philox"] = run(tf.random.stateless_uniform([3], seed=[1, 2], alg="philox"))
out["auto"] = run(tf.random.stateless_uniform([3], seed=[1, 2], alg="auto_select"))
out["unknown"] = raises(lambda: tf.random.stateless_uniform([3], seed=[1, 2], alg="nope"))
""",
    "dynamic_loss_scale_training": RUN
    + """
w = tf.Variable([1., -2.], name="w")
x = tf.placeholder(tf.float32, [2])
loss = tf.reduce_sum(w * w * x)
ls = tf.train.experimental.DynamicLossScale(initial_loss_scale=4., increment_period=2,
                                            multiplier=2.)
opt = tf.train.experimental.MixedPrecisionLossScaleOptimizer(
    tf.train.GradientDescentOptimizer(0.1), ls)
gs = tf.train.get_or_create_global_step()
train = opt.minimize(loss, global_step=gs)
gv = opt.compute_gradients(loss)
out["names"] = [train.name, [v.name for v in opt.variables()], opt.get_name(), repr(ls),
                ls.get_config(), [ls.initial_loss_scale, ls.increment_period, ls.multiplier]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    hist = []
    for feed in [[1., 1.], [1., 2.], [np.inf, 1.], [1., 1.], [1., 1.], [np.nan, 1.], [1., 1.]]:
        g = sess.run(gv[0][0], {x: feed})
        sess.run(train, {x: feed})
        hist.append([[str(v) for v in g.tolist()]]
                    + [np.asarray(v).tolist() for v in sess.run([w, ls(), gs])])
out["steps"] = hist
""",
    "dynamic_loss_scale_limits": RUN
    + """
w = tf.Variable([3.], name="w")
ls = tf.compat.v1.mixed_precision.DynamicLossScale(initial_loss_scale=2.**126,
                                                   increment_period=1, multiplier=4.)
opt = tf.compat.v1.mixed_precision.MixedPrecisionLossScaleOptimizer(
    tf.train.MomentumOptimizer(0.5, 0.9), ls)
p = tf.placeholder(tf.float32, [])
train = opt.minimize(tf.reduce_sum(w * p))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    hist = []
    for feed in [1., 1., np.inf, np.inf, 1.]:
        sess.run(train, {p: feed})
        hist.append([np.asarray(v).tolist() for v in sess.run([w, ls()])])
out["steps"] = hist
small = tf.train.experimental.DynamicLossScale(initial_loss_scale=2., multiplier=8.)
upd, ok = small.update([tf.constant([np.inf])])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(upd)
    out["floor"] = sess.run(small()).tolist()
""",
    "fixed_loss_scale": RUN
    + """
w = tf.Variable([1., -2.], name="w")
emb = tf.Variable(tf.ones([4, 2]), name="emb")
loss = tf.reduce_sum(w * w) + tf.reduce_sum(tf.gather(emb, [1, 1, 3]) * 3.)
opt = tf.train.experimental.enable_mixed_precision_graph_rewrite(
    tf.train.AdamOptimizer(0.1), loss_scale=8)
pairs = opt.compute_gradients(loss)
out["sparse_grads"] = [isinstance(g, tf.IndexedSlices) for g, _ in pairs]
train = opt.apply_gradients(pairs)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    sess.run(train)
    out["values"] = [np.asarray(v).tolist() for v in sess.run([w, emb])]
tf.train.experimental.disable_mixed_precision_graph_rewrite()
f = tf.train.experimental.FixedLossScale(16)
out["fixed"] = [repr(f), f.get_config(), run(f()), f.update([]) [1]]
out["fixed_small"] = raises(lambda: tf.train.experimental.FixedLossScale(0.5))
out["fixed_str"] = raises(lambda: tf.train.experimental.FixedLossScale("8"))
out["wrap_twice"] = raises(lambda: tf.train.experimental.enable_mixed_precision_graph_rewrite(opt))
out["not_optimizer"] = raises(
    lambda: tf.train.experimental.MixedPrecisionLossScaleOptimizer(object(), 8))
out["no_scale"] = raises(lambda: tf.train.experimental.MixedPrecisionLossScaleOptimizer(
    tf.train.GradientDescentOptimizer(0.1), None))
out["bad_scale"] = raises(lambda: tf.train.experimental.MixedPrecisionLossScaleOptimizer(
    tf.train.GradientDescentOptimizer(0.1), "static"))
out["experimental"] = [tf.compat.v1.mixed_precision.experimental.FixedLossScale is
                       tf.train.experimental.FixedLossScale,
                       tf.compat.v1.mixed_precision.LossScale is tf.train.experimental.LossScale]
""",
    # TF's CPU graph keeps its float32 under the rewrite (Grappler's pass converts for GPUs):
    # values float16 would round, pinned
    "mixed_precision_rewrite_on_cpu": RUN
    + """
rs = np.random.RandomState(0)
w = tf.Variable(rs.randn(8, 8).astype(np.float32) * 0.3, name="w")
x = tf.constant(rs.randn(4, 8).astype(np.float32))
y = tf.nn.relu(tf.matmul(tf.matmul(x, w), w))
loss = tf.reduce_mean(y * y)
opt = tf.train.experimental.enable_mixed_precision_graph_rewrite(
    tf.train.GradientDescentOptimizer(0.1))
train = opt.minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    before = sess.run([loss, y])
    sess.run(train)
    out["values"] = [np.asarray(v).tolist() for v in before + sess.run([loss, w])]
tf.train.experimental.disable_mixed_precision_graph_rewrite()
""",
    "sparse_feature": RUN
    + """
def ex(**lists):
    feats = {}
    for k, (kind, v) in lists.items():
        if kind == "f":
            feats[k] = tf.train.Feature(float_list=tf.train.FloatList(value=v))
        elif kind == "b":
            feats[k] = tf.train.Feature(bytes_list=tf.train.BytesList(value=v))
        else:
            feats[k] = tf.train.Feature(int64_list=tf.train.Int64List(value=v))
    return tf.train.Example(features=tf.train.Features(feature=feats)).SerializeToString()
records = [ex(ix=("i", [3, 0]), iy=("i", [1, 2]), val=("f", [0.5, -1.]), word=("b", [b"a", b"b"])),
           ex(ix=("i", []), iy=("i", []), val=("f", []), word=("b", [])),
           ex(ix=("i", [5, 1, 2]), iy=("i", [0, 0, 2]), val=("f", [2., 3., 4.]),
              word=("b", [b"x", b"y", b"z"]))]
def sparse(sp):
    with tf.Session() as sess:
        v = sess.run(sp)
    values = [x.decode() if isinstance(x, bytes) else x for x in v.values.tolist()]
    return [v.indices.tolist(), values, v.dense_shape.tolist()]
feats = {"s": tf.io.SparseFeature("ix", "val", tf.float32, 6),
         "s2": tf.SparseFeature(["ix", "iy"], "val", tf.float32, [6, 3]),
         "sorted": tf.io.SparseFeature("ix", "word", tf.string, 7, already_sorted=True),
         "ix": tf.io.VarLenFeature(tf.int64)}
parsed = tf.io.parse_example(records, feats)
out["keys"] = sorted(parsed)
out["batch"] = {k: sparse(v) for k, v in parsed.items()}
out["static"] = [parsed["s"].dense_shape.shape.as_list(), parsed["s2"].indices.shape.as_list()]
one = tf.io.parse_single_example(records[2], {"s": tf.io.SparseFeature("ix", "val", tf.float32, 6)})
out["single"] = sparse(one["s"])
out["repr"] = [tf.io.SparseFeature("a", "b", tf.float32, 3).size,
               tf.io.SparseFeature("a", "b", tf.float32, 3).already_sorted]
out["conflict"] = raises(lambda: tf.io.parse_example(records, {
    "s": tf.io.SparseFeature("ix", "val", tf.float32, 6),
    "ix": tf.io.FixedLenFeature([1], tf.int64)}))
out["conflict_type"] = raises(lambda: tf.io.parse_example(records, {
    "s": tf.io.SparseFeature("ix", "val", tf.float32, 6), "val": tf.io.VarLenFeature(tf.int64)}))
out["bad_value_kind"] = raises(lambda: sparse(tf.io.parse_example(records, {
    "s": tf.io.SparseFeature("ix", "val", tf.int64, 6)})["s"]))
""",
}

# TF's binomial kernel: inversion where the mean (in the parameters' dtype) is below 10,
# BTRS above, p > 0.5 as the count less a draw for 1 - p; each output's draws 42 (256)
# counters apart.
BINOMIAL = """
b1 = tf.random.stateless_binomial([5, 3, 3], [1, 2], [[10.], [100.], [3.]], [0.3, 0.7, 0.5],
                                  output_dtype=tf.float32, name="b1")
b2 = tf.random.stateless_binomial(
    [4, 3], [7, -3], [20., 1000., 2.5],
    [[0.1, 0.95, 0.5], [0.0, 1.0, 0.65], [0.5, 0.2, 0.99], [0.3, 0.04, 0.8]], name="b2")
b3 = tf.random.stateless_binomial([200], [5, 6], 1e6, 0.37, output_dtype=tf.float64, name="b3")
b4 = tf.random.stateless_binomial([300], [5, 6], 30., tf.constant(0.2, tf.float64),
                                  output_dtype=tf.int64, name="b4")
b5 = tf.random.stateless_binomial([50, 2], [8, 1], tf.constant([12., 8.], tf.float16),
                                  tf.constant([0.9, 0.6], tf.float16), name="b5")
b6 = tf.random.stateless_binomial([3, 1, 2], [9, 9], [[-1., 0.]], [[0.5, 0.5]],
                                  output_dtype=tf.float16, name="b6")
b7 = tf.random.stateless_binomial([2], [4, 4], [5., 6.], [0.75, 0.5], output_dtype=tf.int64,
                                  name="b7")
"""

PROGRAMS["stateless_binomial"] = (
    RUN
    + BINOMIAL
    + """
draws = [b1, b2, b3, b4, b5, b6, b7]
out["values"] = run(draws)
out["meta"] = [meta(d) for d in draws] + [b1.op.type]
out["nan_float"] = [str(v) for v in run(tf.random.stateless_binomial(
    [2], [4, 4], [5., 6.], [np.nan, 0.5], output_dtype=tf.float32))]
out["bad_suffix"] = raises(
    lambda: run(tf.random.stateless_binomial([3, 2], [1, 1], [1., 2., 3.], 0.5)))
out["mixed_dtypes"] = raises(lambda: tf.random.stateless_binomial(
    [2], [1, 1], tf.constant([1., 2.], tf.float64), tf.constant(0.5)))
out["int_counts"] = raises(lambda: run(tf.random.stateless_binomial(
    [2], [1, 1], tf.constant([1, 2]), tf.constant([1, 2]))))
out["seed_of_3"] = raises(lambda: tf.random.stateless_binomial([2], [1, 2, 3], 5., 0.5))
p = tf.constant(0.5)
out["no_gradient"] = tf.gradients(tf.reduce_sum(tf.random.stateless_binomial(
    [2], [1, 1], 5., p, output_dtype=tf.float32)), p) == [None]
"""
)

# The behaviour switches: TF1's tensor equality (identity) kept, and TF 2's control flow,
# whose values are TF1's (last: TF's switch is global, for the rest of the process).
PROGRAMS["tensor_equality_kept"] = (
    RUN
    + """
tf.disable_tensor_equality()
a = tf.constant([1, 2])
b = tf.constant([1, 2])
out["compare"] = [a == b, a == a, a != b, len({a: 1, b: 2})]
"""
)
PROGRAMS["zz_control_flow_v2_values"] = (
    RUN
    + """
tf.enable_control_flow_v2()
x = tf.constant(1.5)
i, y = tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, y * x + 1.), [0, tf.constant(1.)])
z = tf.cond(y > 5., lambda: y * 2., lambda: y - 1.)
out["values"] = run([i, y, z] + tf.gradients(z, x))
"""
)

# Two more structured operators, as their dense matrices (TF's values to rounding).
LINOP = """
def methods(op, x):
    vec = x[..., 0]
    got = {"dense": op.to_dense(), "matmul": op.matmul(x), "matvec": op.matvec(vec),
           "trace": op.trace(), "diag": op.diag_part(),
           "adjoint_matmul": op.matmul(x, adjoint=True),
           "det": op.determinant(), "log_abs_det": op.log_abs_determinant(),
           "solve": op.solve(x), "solvevec": op.solvevec(vec)}
    with tf.Session() as sess:
        values = sess.run(got)
    shapes = [op.shape.as_list(), op.batch_shape.as_list(), op.dtype.name, op.name,
              op.is_self_adjoint, op.is_positive_definite, op.is_square]
    return {k: np.asarray(v).tolist() for k, v in values.items()}, shapes
L = tf.linalg
x3 = tf.constant(np.arange(6.).reshape(3, 2) / 4 - 0.3, tf.float64)
"""
PROGRAMS["zy_linear_operator_permutation_householder"] = (
    RUN
    + LINOP
    + """
out["perm"] = methods(L.LinearOperatorPermutation([2, 0, 1], dtype=tf.float64), x3)
out["perm_batch"] = methods(L.LinearOperatorPermutation([[1, 0], [0, 1]], dtype=tf.float64),
                            tf.ones([2, 2, 1], tf.float64) * [[[1.], [2.]]])
out["perm_default"] = [L.LinearOperatorPermutation([1, 0]).dtype.name,
                       L.LinearOperatorPermutation([1, 0]).perm.dtype.name]
out["perm_not_perm"] = raises(lambda: L.LinearOperatorPermutation([0, 0, 1]))
out["perm_float"] = raises(lambda: L.LinearOperatorPermutation([0., 1.]))
out["perm_scalar"] = raises(lambda: L.LinearOperatorPermutation(1))
out["perm_singular"] = raises(lambda: L.LinearOperatorPermutation([0, 1], is_non_singular=False))
h = L.LinearOperatorHouseholder(tf.constant([1., -2., 0.5], tf.float64))
out["householder"] = methods(h, x3)
hb = L.LinearOperatorHouseholder(tf.constant([[3., 4.], [0., 1.]], tf.float64))
out["householder_batch"] = methods(hb, tf.ones([2, 2, 1], tf.float64))
out["householder_f32"] = run(L.LinearOperatorHouseholder([1., 2.]).to_dense())
out["householder_pd"] = raises(lambda: L.LinearOperatorHouseholder([1., 2.],
                                                                   is_positive_definite=True))
out["householder_not_sa"] = raises(lambda: L.LinearOperatorHouseholder([1., 2.],
                                                                       is_self_adjoint=False))
"""
)

PROGRAMS["sparse_bincount"] = (
    RUN
    + """
def show(sp):
    with tf.Session() as sess:
        v = sess.run(sp)
    return [v.indices.tolist(), v.values.tolist(), v.dense_shape.tolist(), sp.values.dtype.name,
            sp.indices.shape.as_list(), sp.dense_shape.shape.as_list()]
x = tf.constant([[3, 1, 3, 7], [0, 0, 2, 9]])
w = tf.constant([[0.5, 1., 2., 3.], [1., 1., 1., 1.]])
out["dense"] = [show(tf.sparse.bincount(x)), show(tf.sparse.bincount(x, axis=-1)),
                show(tf.sparse.bincount(x, minlength=12)), show(tf.sparse.bincount(x, maxlength=4)),
                show(tf.sparse.bincount(x, axis=-1, maxlength=4, minlength=2)),
                show(tf.sparse.bincount(x, weights=w)),
                show(tf.sparse.bincount(x, binary_output=True, axis=-1)),
                show(tf.sparse.bincount(tf.constant([5, 2, 2], tf.int64))),
                show(tf.sparse.bincount(tf.constant([], tf.int32)))]
sp = tf.SparseTensor([[0, 1], [0, 3], [2, 0], [2, 2]], tf.constant([4, 1, 4, 0], tf.int64), [3, 5])
out["sparse"] = [show(tf.sparse.bincount(sp)), show(tf.sparse.bincount(sp, axis=-1)),
                 show(tf.sparse.bincount(sp, minlength=9)),
                 show(tf.sparse.bincount(sp, axis=-1, binary_output=True, maxlength=3))]
out["negative"] = raises(lambda: show(tf.sparse.bincount(tf.constant([-1, 2]))))
out["negative_sparse"] = raises(lambda: show(tf.sparse.bincount(
    tf.SparseTensor([[0], [1]], tf.constant([-1, 2]), [3]))))
out["axis_1"] = raises(lambda: tf.sparse.bincount(x, axis=1))
out["weights_and_binary"] = raises(
    lambda: tf.sparse.bincount(x, weights=[1.] * 8, binary_output=True))
out["rank_3"] = raises(lambda: show(tf.sparse.bincount(tf.constant([[[1]]]), axis=-1)))
"""
)

# TF's JPEG round trip: the encoder's coefficients are libjpeg's, the decoder TF's.
PROGRAMS["jpeg_quality"] = (
    RUN
    + """
img = (np.random.RandomState(0).rand(9, 11, 3) * 255).astype(np.uint8)
a = tf.image.adjust_jpeg_quality(tf.constant(img), 30)
q = tf.placeholder(tf.int32, [])
b = tf.image.adjust_jpeg_quality(tf.constant(img.astype(np.float32) / 255), q)
g = tf.image.adjust_jpeg_quality(tf.constant(img[..., :1]), 75)
tf.set_random_seed(4)
r = tf.image.random_jpeg_quality(tf.constant(img), 10, 90, seed=2)
out["values"] = run([a, b, g, r], {q: 55})
out["meta"] = [meta(a), meta(b), meta(g), meta(r)]
def bad_quality():
    with tf.Session() as sess:
        sess.run(b, {q: 101})
out["quality_101"] = raises(bad_quality)
out["empty_range"] = raises(lambda: tf.image.random_jpeg_quality(tf.constant(img), 50, 50))
out["past_100"] = raises(lambda: tf.image.random_jpeg_quality(tf.constant(img), 50, 101))
"""
)


def write_graph(path: str) -> None:
    tf = harness.import_tf1()
    with tf.Graph().as_default() as graph:
        exec(BINOMIAL, {"tf": tf, "np": np})
        with open(path, "wb") as f:
            f.write(graph.as_graph_def().SerializeToString())


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--graph"]:
        write_graph(sys.argv[2])
    else:
        harness.main(PROGRAMS)
