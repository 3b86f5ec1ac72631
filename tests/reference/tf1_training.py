"""TensorFlow's own training tests (tensorflow/python/training/*_test.py: the optimizers,
moving averages, learning-rate schedules, global step, compute/apply_gradients edge cases,
gradient clipping, checkpoints), translated into TF1 programs and recorded (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_training.py \
        > tests/unit/engine/fixtures/tf1_training.json

Each program is TF1 code run unchanged but for the module bound to `tf`, after PREFIX (the
helpers the test files share: a few steps of an optimizer on TF's `var0 = [1, 2]`,
`var1 = [3, 4]`, dense or as IndexedSlices); it stores what it observed in `out[...]`.
`tests/unit/engine/test_tf1_training.py` runs the same text against graphgate.
"""

from __future__ import annotations

import os
import tempfile

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PREFIX = """
def kind(x):
    return "IndexedSlices" if isinstance(x, tf.IndexedSlices) else "Tensor"

def floats(x):
    return np.asarray(x, np.float64).tolist()

def steps(make_opt, dtype=tf.float32, n=3, sparse=False, g0=(0.1, 0.1), g1=(0.01, 0.01),
          v0=(1.0, 2.0), v1=(3.0, 4.0)):
    # The shape of TF's doTestBasic / testSparseBasic: two variables, constant gradients.
    var0 = tf.Variable(list(v0), dtype=dtype, name="var0")
    var1 = tf.Variable(list(v1), dtype=dtype, name="var1")
    grads = []
    for g in (g0, g1):
        if sparse:
            grads.append(tf.IndexedSlices(tf.constant(list(g), dtype=dtype),
                                          tf.constant([0, 1]), tf.constant([2])))
        else:
            grads.append(tf.constant(list(g), dtype=dtype))
    opt = make_opt()
    update = opt.apply_gradients(zip(grads, [var0, var1]))
    seen = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(n):
            sess.run(update)
            seen.append([floats(sess.run(var0)), floats(sess.run(var1))])
        slots = {name: [floats(sess.run(opt.get_slot(v, name))) for v in (var0, var1)]
                 for name in sorted(opt.get_slot_names())}
    return {"steps": seen, "slots": slots,
            "names": sorted(v.op.name for v in tf.global_variables()),
            "dtype": tf.as_dtype(dtype).name}

def rows(make_opt, indices=(0, 2), values=((0.1, 0.2), (0.3, 0.4)), n=3, dtype=tf.float32):
    # A sparse update of some rows of a [3, 2] table (testSparseBasic's partial rows,
    # testSparseRepeatedIndices when `indices` repeat).
    var = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=dtype, name="table")
    grad = tf.IndexedSlices(tf.constant([list(v) for v in values], dtype=dtype),
                            tf.constant(list(indices)), tf.constant([3, 2]))
    opt = make_opt()
    update = opt.apply_gradients([(grad, var)])
    seen = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(n):
            sess.run(update)
            seen.append(floats(sess.run(var)))
    return seen

def both(make_opt, **kw):
    # The same update from repeated indices and from their sum (TF's aggregation check).
    return {"repeated": rows(make_opt, indices=(1, 1), values=((0.1, 0.1), (0.1, 0.1)), **kw),
            "summed": rows(make_opt, indices=(1,), values=((0.2, 0.2),), **kw)}
"""

PROGRAMS = {
    # ---------------------------------------------------------- gradient_descent_test
    "gradient_descent_basic": """
for dt in (tf.float16, tf.float32, tf.float64):
    out[dt.name] = steps(lambda: tf.train.GradientDescentOptimizer(3.0), dt, n=1)
out["lr_tensor"] = steps(lambda: tf.train.GradientDescentOptimizer(tf.constant(3.0)), n=1)
out["lr_callable"] = steps(lambda: tf.train.GradientDescentOptimizer(lambda: 3.0), n=2)
out["sparse"] = steps(lambda: tf.train.GradientDescentOptimizer(3.0), n=1, sparse=True)
out["rows"] = rows(lambda: tf.train.GradientDescentOptimizer(3.0), n=2)
out["rows_f64"] = rows(lambda: tf.train.GradientDescentOptimizer(3.0), dtype=tf.float64)
out["repeated"] = both(lambda: tf.train.GradientDescentOptimizer(3.0))
""",
    "gradient_descent_grad_wrt_ref_and_global_step": """
# gradient_descent_test's testGradWrtRef and testWithGlobalStep.
opt = tf.train.GradientDescentOptimizer(3.0)
vs = [tf.Variable([v], name="r%d" % i) for i, v in enumerate([1.0, 3.0])]
gv = opt.compute_gradients(vs[0] + vs[1], vs)
gs = tf.Variable(0, trainable=False, name="gs")
var0 = tf.Variable([1.0, 2.0], name="var0")
var1 = tf.Variable([3.0, 4.0], name="var1")
step = opt.apply_gradients(zip([tf.constant([0.1, 0.1]), tf.constant([0.01, 0.01])],
                               [var0, var1]), global_step=gs)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["grads"] = [floats(sess.run(g)) for g, _ in gv]
    sess.run(step)
    out["after"] = [floats(sess.run(var0)), floats(sess.run(var1)), int(sess.run(gs))]
out["step"] = [step.name, step.type]
""",
    "sparse_gather_minimize_all_optimizers": """
# The IndexedSlices a gather's gradient is (adam_test's testSparseDevicePlacement, the
# optimizers' testMinimizeSparseResourceVariable): each optimizer, rows 0 and 2 (twice).
makers = {
    "sgd": lambda: tf.train.GradientDescentOptimizer(0.5),
    "momentum": lambda: tf.train.MomentumOptimizer(0.5, 0.9),
    "nesterov": lambda: tf.train.MomentumOptimizer(0.5, 0.9, use_nesterov=True),
    "adam": lambda: tf.train.AdamOptimizer(0.1),
    "adagrad": lambda: tf.train.AdagradOptimizer(0.5),
    "adadelta": lambda: tf.train.AdadeltaOptimizer(0.5),
    "rmsprop": lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.5, centered=True),
    "ftrl": lambda: tf.train.FtrlOptimizer(0.5, l1_regularization_strength=0.01,
                                           l2_regularization_strength=0.1),
    "proximal_sgd": lambda: tf.train.ProximalGradientDescentOptimizer(
        0.5, l1_regularization_strength=0.01),
    "proximal_adagrad": lambda: tf.train.ProximalAdagradOptimizer(
        0.5, l1_regularization_strength=0.01),
}
for key, make in makers.items():
    with tf.Graph().as_default():
        var = tf.Variable([[1.0, -1.0], [2.0, -2.0], [3.0, -3.0]], name="table")
        rows = tf.gather(var, [0, 2, 2])
        loss = tf.reduce_sum(rows * [[1.0, 2.0], [0.5, -1.0], [0.25, 3.0]])
        opt = make()
        step = opt.minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            seen = []
            for _ in range(3):
                sess.run(step)
                seen.append(floats(sess.run(var)))
            out[key] = seen
""",
    "gradient_descent_minimize_and_resource": """
var0 = tf.Variable([[1.0, 2.0]], use_resource=True, name="r0")
var1 = tf.Variable([3.0], use_resource=True, name="r1")
x = tf.constant([[4.0], [5.0]])
pred = tf.matmul(var0, x) + var1
loss = pred * pred
step = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
emb = tf.Variable([[1.0, 2.0], [3.0, 4.0]], use_resource=True, name="emb")
l2 = tf.reduce_sum(tf.nn.embedding_lookup(emb, [0, 0, 1]) ** 2)
sstep = tf.train.GradientDescentOptimizer(0.1).minimize(l2, var_list=[emb])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(step)
    out["dense"] = [floats(sess.run(var0)), floats(sess.run(var1))]
    sess.run(sstep)
    out["gather"] = floats(sess.run(emb))
out["op"] = [step.type, step.name]
""",
    # ---------------------------------------------------------------- momentum_test
    "momentum": """
for dt in (tf.float16, tf.float32, tf.float64):
    out[dt.name] = steps(lambda: tf.train.MomentumOptimizer(2.0, 0.9), dt, n=2)
out["tensors"] = steps(
    lambda: tf.train.MomentumOptimizer(tf.constant(2.0), tf.constant(0.9)), n=2)
out["nesterov"] = steps(lambda: tf.train.MomentumOptimizer(2.0, 0.9, use_nesterov=True), n=3)
out["sparse"] = steps(lambda: tf.train.MomentumOptimizer(2.0, 0.9), sparse=True, n=2)
out["rows"] = rows(lambda: tf.train.MomentumOptimizer(2.0, 0.9))
out["rows_nesterov"] = rows(lambda: tf.train.MomentumOptimizer(2.0, 0.9, use_nesterov=True))
out["repeated"] = both(lambda: tf.train.MomentumOptimizer(2.0, 0.9))
out["name"] = tf.train.MomentumOptimizer(1.0, 0.5).get_name()
""",
    # -------------------------------------------------------------------- adam_test
    "adam": """
for dt in (tf.float16, tf.float32, tf.float64):
    out[dt.name] = steps(lambda: tf.train.AdamOptimizer(), dt, n=3)
out["tensors"] = steps(lambda: tf.train.AdamOptimizer(
    tf.constant(0.001), tf.constant(0.9), tf.constant(0.999), tf.constant(1e-8)), n=3)
out["callables"] = steps(lambda: tf.train.AdamOptimizer(
    lambda: 0.001, lambda: 0.9, lambda: 0.999, lambda: 1e-8), n=2)
out["big_lr"] = steps(lambda: tf.train.AdamOptimizer(0.5, 0.5, 0.6, 0.1), n=4)
out["sparse"] = steps(lambda: tf.train.AdamOptimizer(), sparse=True, n=3)
out["rows"] = rows(lambda: tf.train.AdamOptimizer(0.1))
out["repeated"] = both(lambda: tf.train.AdamOptimizer(0.1))
""",
    "adam_shared_and_non_slot": """
var0 = tf.Variable([1.0, 2.0], name="var0")
var1 = tf.Variable([3.0, 4.0], name="var1")
g = [tf.constant([0.1, 0.1]), tf.constant([0.01, 0.01])]
opt = tf.train.AdamOptimizer(0.1)
u1 = opt.apply_gradients(zip(g, [var0, var1]))
u2 = opt.apply_gradients(zip(g, [var0, var1]))
b1, b2 = [v for v in opt.variables() if v.op.name.startswith("beta")]
out["names"] = sorted(v.op.name for v in tf.global_variables())
out["opt_vars"] = sorted(v.op.name for v in opt.variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(u1)
        sess.run(u2)
    out["after"] = [floats(sess.run(var0)), floats(sess.run(var1))]
    out["powers"] = [floats(sess.run(b1)), floats(sess.run(b2))]
""",
    # ----------------------------------------------------------------- adagrad_test
    "adagrad": """
for dt in (tf.float16, tf.float32, tf.float64):
    out[dt.name] = steps(lambda: tf.train.AdagradOptimizer(3.0, initial_accumulator_value=0.1),
                         dt, n=3)
out["tensor_lr"] = steps(
    lambda: tf.train.AdagradOptimizer(tf.constant(3.0), initial_accumulator_value=0.1), n=3)
out["sparse"] = steps(lambda: tf.train.AdagradOptimizer(3.0, initial_accumulator_value=0.1),
                      sparse=True, n=3)
out["rows"] = rows(lambda: tf.train.AdagradOptimizer(3.0))
out["repeated"] = both(lambda: tf.train.AdagradOptimizer(1.0))
out["bad_initial"] = raises(lambda: tf.train.AdagradOptimizer(1.0, initial_accumulator_value=0.0))
out["bad_initial_neg"] = raises(
    lambda: tf.train.AdagradOptimizer(1.0, initial_accumulator_value=-1.0))
""",
    # -------------------------------------------------------------- adagrad_da_test
    "adagrad_da": """
def da(**kw):
    def make():
        gs = tf.Variable(0, dtype=tf.int64, name="gs")
        return tf.train.AdagradDAOptimizer(3.0, global_step=gs, **kw)
    return make
out["plain"] = steps(da(initial_gradient_squared_accumulator_value=0.1), n=1,
                     g0=(0.1, 0.2), g1=(0.01, 0.02), v0=(0.0, 0.0), v1=(0.0, 0.0))
out["l1"] = steps(da(initial_gradient_squared_accumulator_value=0.1,
                     l1_regularization_strength=0.001), n=1,
                  g0=(0.1, 0.2), g1=(0.01, 0.02), v0=(0.0, 0.0), v1=(0.0, 0.0))
out["l1_l2"] = steps(da(initial_gradient_squared_accumulator_value=0.1,
                        l1_regularization_strength=0.001, l2_regularization_strength=2.0),
                     n=1, g0=(0.1, 0.2), g1=(0.01, 0.02), v0=(0.0, 0.0), v1=(0.0, 0.0))
out["f64"] = steps(da(initial_gradient_squared_accumulator_value=0.1), tf.float64, n=1,
                   g0=(0.1, 0.2), g1=(0.01, 0.02), v0=(0.0, 0.0), v1=(0.0, 0.0))
gs = tf.Variable(0, dtype=tf.int64, name="gs2")
var = tf.Variable([1.0, 2.0, 3.0], name="v")
opt = tf.train.AdagradDAOptimizer(3.0, global_step=gs, l1_regularization_strength=0.001,
                                  l2_regularization_strength=2.0)
u = opt.apply_gradients([(tf.constant([0.1, 0.2, 0.3]), var)], global_step=gs)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["with_step"] = [floats(sess.run(u) or sess.run(var)) for _ in range(3)]
    out["gs"] = int(sess.run(gs))
""",
    "adagrad_da_sparse": """
def make():
    gs = tf.Variable(0, dtype=tf.int64, name="gs")
    return tf.train.AdagradDAOptimizer(3.0, global_step=gs,
                                       l1_regularization_strength=0.001,
                                       l2_regularization_strength=0.1)
out["rows"] = rows(make, n=2)
out["sparse"] = steps(make, sparse=True, n=1)
""",
    # ---------------------------------------------------------------- adadelta_test
    "adadelta": """
for lr in (1.0, 0.5, 0.1):
    for dt in (tf.float16, tf.float32, tf.float64):
        out[f"{lr}_{dt.name}"] = steps(
            lambda: tf.train.AdadeltaOptimizer(lr, rho=0.95, epsilon=1e-8), dt, n=4,
            g0=(0.1, 0.1), g1=(0.1, 0.1))
out["default"] = steps(lambda: tf.train.AdadeltaOptimizer(), n=3)
out["tensors"] = steps(lambda: tf.train.AdadeltaOptimizer(
    tf.constant(1.0), tf.constant(0.95), tf.constant(1e-8)), n=3)
out["sparse"] = steps(lambda: tf.train.AdadeltaOptimizer(1.0), sparse=True, n=3)
out["rows"] = rows(lambda: tf.train.AdadeltaOptimizer(1.0))
out["repeated"] = both(lambda: tf.train.AdadeltaOptimizer(1.0))
""",
    # ----------------------------------------------------------------- rmsprop_test
    "rmsprop": """
grid = [(0.5, 0.9, 0.0, 1e-3, True), (0.5, 0.9, 0.0, 1e-3, False),
        (0.1, 0.9, 0.0, 1e-3, True), (0.1, 0.9, 0.0, 1e-3, False),
        (0.1, 0.9, 0.2, 1e-5, True), (0.1, 0.9, 0.2, 1e-5, False),
        (0.5, 0.95, 0.9, 1.0, False)]
for i, (lr, decay, mom, eps, centered) in enumerate(grid):
    make = lambda: tf.train.RMSPropOptimizer(lr, decay=decay, momentum=mom, epsilon=eps,
                                             centered=centered)
    out[f"dense{i}"] = steps(make, n=4)
    out[f"sparse{i}"] = steps(make, sparse=True, n=3)
    out[f"rows{i}"] = rows(make)
    out[f"repeated{i}"] = both(make)
out["f64"] = steps(lambda: tf.train.RMSPropOptimizer(0.1, centered=True), tf.float64, n=3)
out["f16"] = steps(lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.5), tf.float16, n=2)
""",
    "rmsprop_minimize_resource": """
var0 = tf.Variable([[1.0, 2.0]], use_resource=True, name="var0")
x = tf.constant([[4.0], [5.0]])
pred = tf.matmul(tf.nn.embedding_lookup([var0], [0]), x)
loss = pred * pred
step = tf.train.RMSPropOptimizer(1.0, 0.0, 0.0, 1.0, centered=True).minimize(loss)
step2 = tf.train.RMSPropOptimizer(1.0, 0.0, 1.0, 1.0, centered=False).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(step)
    out["centered"] = floats(sess.run(var0))
    sess.run(step2)
    out["momentum"] = floats(sess.run(var0))
""",
    # -------------------------------------------------------------------- ftrl_test
    "ftrl": """
zeros = dict(v0=(0.0, 0.0), v1=(0.0, 0.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["plain"] = steps(lambda: tf.train.FtrlOptimizer(3.0, initial_accumulator_value=0.1), n=3,
                     **zeros)
out["f64"] = steps(lambda: tf.train.FtrlOptimizer(3.0, initial_accumulator_value=0.1),
                   tf.float64, n=3, **zeros)
out["l1"] = steps(lambda: tf.train.FtrlOptimizer(3.0, initial_accumulator_value=0.1,
                                                 l1_regularization_strength=0.001),
                  n=10, v0=(1.0, 2.0), v1=(4.0, 3.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["l1_l2"] = steps(lambda: tf.train.FtrlOptimizer(3.0, initial_accumulator_value=0.1,
                                                    l1_regularization_strength=0.001,
                                                    l2_regularization_strength=2.0),
                     n=10, v0=(1.0, 2.0), v1=(4.0, 3.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["shrinkage"] = steps(lambda: tf.train.FtrlOptimizer(
    3.0, initial_accumulator_value=0.1, l1_regularization_strength=0.001,
    l2_regularization_strength=2.0, l2_shrinkage_regularization_strength=0.1),
    n=10, v0=(1.0, 2.0), v1=(4.0, 3.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["power0"] = steps(lambda: tf.train.FtrlOptimizer(3.0, learning_rate_power=0.0,
                                                     initial_accumulator_value=0.1,
                                                     l2_regularization_strength=1.0),
                      n=3, v0=(1.0, 2.0), v1=(4.0, 3.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["power_other"] = steps(lambda: tf.train.FtrlOptimizer(2.0, learning_rate_power=-0.25,
                                                          l1_regularization_strength=0.01),
                           n=3, v0=(1.0, 2.0), v1=(4.0, 3.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["beta"] = steps(lambda: tf.train.FtrlOptimizer(3.0, beta=0.5, l2_regularization_strength=0.5),
                    n=3, v0=(1.0, 2.0), v1=(4.0, 3.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["bad_power"] = raises(lambda: tf.train.FtrlOptimizer(1.0, learning_rate_power=0.5))
out["bad_l1"] = raises(lambda: tf.train.FtrlOptimizer(1.0, l1_regularization_strength=-1.0))
out["bad_initial"] = raises(lambda: tf.train.FtrlOptimizer(1.0, initial_accumulator_value=-1.0))
out["bad_shrink"] = raises(
    lambda: tf.train.FtrlOptimizer(1.0, l2_shrinkage_regularization_strength=-1.0))
""",
    "ftrl_sparse": """
make = lambda: tf.train.FtrlOptimizer(3.0, initial_accumulator_value=0.1,
                                      l1_regularization_strength=0.001,
                                      l2_regularization_strength=2.0)
out["sparse"] = steps(make, sparse=True, n=3)
out["rows"] = rows(make)
out["repeated"] = both(make)
out["rows_shrink"] = rows(lambda: tf.train.FtrlOptimizer(
    3.0, l1_regularization_strength=0.001, l2_shrinkage_regularization_strength=0.1))
out["rows_power0"] = rows(lambda: tf.train.FtrlOptimizer(3.0, learning_rate_power=0.0))
""",
    # ------------------------------------------------- proximal_gradient_descent_test
    "proximal_gradient_descent": """
zeros = dict(v0=(0.0, 0.0), v1=(0.0, 0.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["plain"] = steps(lambda: tf.train.ProximalGradientDescentOptimizer(3.0), n=3, **zeros)
out["l1_l2"] = steps(lambda: tf.train.ProximalGradientDescentOptimizer(
    3.0, l1_regularization_strength=0.001, l2_regularization_strength=2.0),
    n=10, v0=(1.0, 2.0), v1=(4.0, 3.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["big_l1"] = steps(lambda: tf.train.ProximalGradientDescentOptimizer(
    1.0, l1_regularization_strength=0.5), n=3, v0=(1.0, -2.0), v1=(0.3, 4.0))
out["sparse"] = steps(lambda: tf.train.ProximalGradientDescentOptimizer(
    3.0, l1_regularization_strength=0.001, l2_regularization_strength=2.0), sparse=True)
out["rows"] = rows(lambda: tf.train.ProximalGradientDescentOptimizer(
    3.0, l1_regularization_strength=0.1, l2_regularization_strength=0.5))
out["repeated"] = both(lambda: tf.train.ProximalGradientDescentOptimizer(
    1.0, l1_regularization_strength=0.01))
""",
    # ------------------------------------------------------- proximal_adagrad_test
    "proximal_adagrad": """
zeros = dict(v0=(0.0, 0.0), v1=(0.0, 0.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["plain"] = steps(lambda: tf.train.ProximalAdagradOptimizer(
    3.0, initial_accumulator_value=0.1), n=3, **zeros)
out["l1_l2"] = steps(lambda: tf.train.ProximalAdagradOptimizer(
    3.0, initial_accumulator_value=0.1, l1_regularization_strength=0.001,
    l2_regularization_strength=2.0),
    n=10, v0=(1.0, 2.0), v1=(4.0, 3.0), g0=(0.1, 0.2), g1=(0.01, 0.02))
out["sparse"] = steps(lambda: tf.train.ProximalAdagradOptimizer(
    3.0, initial_accumulator_value=0.1, l1_regularization_strength=0.001,
    l2_regularization_strength=2.0), sparse=True)
out["rows"] = rows(lambda: tf.train.ProximalAdagradOptimizer(
    3.0, l1_regularization_strength=0.1, l2_regularization_strength=0.5))
out["repeated"] = both(lambda: tf.train.ProximalAdagradOptimizer(1.0))
""",
    "float64_hyperparameters": """
# TF1 makes a Python hyperparameter a float32 tensor and casts it to the variable's dtype:
# a float64 variable steps with float32(0.9). Compared to 1e-12, not float32's tolerance.
f64 = dict(dtype=tf.float64, g0=(0.1, 0.2), g1=(0.01, 0.02))
out["gd"] = steps(lambda: tf.train.GradientDescentOptimizer(0.1), n=2, **f64)
out["momentum"] = steps(lambda: tf.train.MomentumOptimizer(0.1, 0.9), n=3, **f64)
out["nesterov"] = steps(lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True), n=3,
                        **f64)
out["adam"] = steps(lambda: tf.train.AdamOptimizer(0.1), n=3, **f64)
out["adagrad"] = steps(lambda: tf.train.AdagradOptimizer(0.1), n=3, **f64)
out["adadelta"] = steps(lambda: tf.train.AdadeltaOptimizer(0.1), n=3, **f64)
out["rmsprop"] = steps(lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.3), n=3, **f64)
out["rmsprop_centered"] = steps(
    lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.3, centered=True), n=3, **f64)
out["ftrl"] = steps(lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01,
                                                   l2_regularization_strength=0.1,
                                                   l2_shrinkage_regularization_strength=0.1),
                    n=3, **f64)
def da():
    gs = tf.Variable(0, dtype=tf.int64, name="gs")
    return tf.train.AdagradDAOptimizer(0.1, gs, l1_regularization_strength=0.01,
                                       l2_regularization_strength=0.1)
out["adagrad_da"] = steps(da, n=1, **f64)
out["rows_momentum"] = rows(lambda: tf.train.MomentumOptimizer(0.1, 0.9), dtype=tf.float64)
out["rows_rmsprop"] = rows(lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.3, centered=True),
                           dtype=tf.float64)
out["rows_adadelta"] = rows(lambda: tf.train.AdadeltaOptimizer(0.1), dtype=tf.float64)
out["rows_ftrl"] = rows(lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01),
                        dtype=tf.float64)
out["rows_adam"] = rows(lambda: tf.train.AdamOptimizer(0.1), dtype=tf.float64)
""",
    "fed_and_scheduled_hyperparameters": """
# Hyperparameters fed through placeholders step by step, and a learning rate scheduled on
# the global step: every optimizer, float32 and float64 variables.
lr = tf.placeholder(tf.float32, [], name="lr")
k = tf.placeholder(tf.float32, [], name="k")
makers = {
    "sgd": lambda: tf.train.GradientDescentOptimizer(lr),
    "momentum": lambda: tf.train.MomentumOptimizer(lr, k),
    "adam": lambda: tf.train.AdamOptimizer(lr, beta1=k),
    "adagrad": lambda: tf.train.AdagradOptimizer(lr),
    "adadelta": lambda: tf.train.AdadeltaOptimizer(lr, rho=k),
    "rmsprop": lambda: tf.train.RMSPropOptimizer(lr, decay=k, momentum=0.5),
    "ftrl": lambda: tf.train.FtrlOptimizer(lr, l1_regularization_strength=0.01),
    "proximal_adagrad": lambda: tf.train.ProximalAdagradOptimizer(lr),
}
for key, make in makers.items():
    # TF's proximal kernels take a float32 lr only: a float64 variable is its TypeError.
    for dt in (tf.float32,) if key.startswith("proximal") else (tf.float32, tf.float64):
        var = tf.Variable([1.0, -2.0], dtype=dt, name=key)
        step = make().apply_gradients([(tf.constant([0.3, 0.2], dt), var)])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer(), {k: 0.9})  # Adam's beta1_power
            seen = []
            for i, (a, b) in enumerate([(0.1, 0.9), (0.05, 0.5), (0.2, 0.7)]):
                sess.run(step, {lr: a, k: b})
                seen.append(floats(sess.run(var)))
            out[f"{key}_{dt.name}"] = seen
with tf.Graph().as_default():
    gs = tf.train.get_or_create_global_step()
    decayed = tf.train.exponential_decay(0.1, gs, 1, 0.5)
    v = tf.Variable([1.0, 2.0], name="scheduled")
    train = tf.train.AdamOptimizer(decayed).minimize(tf.reduce_sum(v * v), global_step=gs)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["scheduled_adam"] = [floats(sess.run(train) or sess.run(v)) for _ in range(4)]
""",
    # --------------------------------------------------------------- optimizer_test
    "optimizer_edge_cases": """
def basic(**kw):
    var0 = tf.Variable([1.0, 2.0])
    var1 = tf.Variable([3.0, 4.0])
    cost = 5 * var0 + 3 * var1
    gs = tf.Variable(tf.zeros([], tf.int64), name="global_step")
    op = tf.train.GradientDescentOptimizer(3.0).minimize(cost, gs, [var0, var1], **kw)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(op)
        return [floats(sess.run(var0)), floats(sess.run(var1)), int(sess.run(gs)),
                op in tf.get_collection(tf.GraphKeys.TRAIN_OP)]
out["basic"] = basic()
out["accumulate_n"] = basic(
    aggregation_method=tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N)
out["tree"] = basic(aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)
out["grad_loss"] = basic(grad_loss=tf.constant([42.0, -42.0]))
for gate in ("GATE_NONE", "GATE_OP", "GATE_GRAPH"):
    out[gate] = basic(gate_gradients=getattr(tf.train.Optimizer, gate))
out["colocate"] = basic(colocate_gradients_with_ops=True)
sgd = tf.train.GradientDescentOptimizer(3.0)
a = tf.Variable([1.0, 2.0], trainable=False, name="a")
b = tf.Variable([3.0, 4.0], trainable=False, name="b")
out["no_variables"] = raises(lambda: sgd.minimize(5 * a + b))
c = tf.Variable([1.0, 2.0], name="c")
d = tf.Variable([3.0, 4.0], name="d")
out["no_gradients"] = raises(lambda: sgd.minimize(5 * c, var_list=[d]))
out["no_gradients_any"] = raises(lambda: sgd.minimize(tf.constant(5.0), var_list=[c, d]))
out["apply_all_none"] = raises(lambda: sgd.apply_gradients([(None, c), (None, d)]))
out["apply_empty"] = raises(lambda: sgd.apply_gradients([]))
out["apply_not_variable"] = raises(lambda: sgd.apply_gradients([(tf.constant(1.0),
                                                                  tf.constant(2.0))]))
gv = sgd.compute_gradients(5 * c, [c, d])
out["compute_none"] = [g is None for g, _ in gv]
out["compute_var_list_tensor"] = raises(lambda: sgd.compute_gradients(5 * c, [c, tf.constant(1.0)]))
x = tf.convert_to_tensor(1.0)
gx = sgd.compute_gradients(x * x, [x])
out["tensor_grad_is_var"] = gx[0][1] is x
out["apply_tensor"] = raises(lambda: sgd.apply_gradients(gx))
partial = sgd.apply_gradients([(tf.constant([1.0, 1.0]), c), (None, d)])
conv_grads = [tf.Variable(tf.zeros([2]), name="cg%d" % j) for j in range(2)]
converted = sgd.apply_gradients(zip(conv_grads, [c, d]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["grad_x"] = float(sess.run(gx[0][0]))
    sess.run(partial)
    out["partial"] = [floats(sess.run(c)), floats(sess.run(d))]
    sess.run([tf.assign(conv_grads[0], [5.0, 5.0]), tf.assign(conv_grads[1], [3.0, 3.0])])
    sess.run(converted)
    out["grads_as_variables"] = [floats(sess.run(c)), floats(sess.run(d))]
out["train_op_count"] = len(tf.get_collection(tf.GraphKeys.TRAIN_OP))
with tf.Graph().as_default():
    e = tf.Variable([1.0, 2.0], name="e")
    ops = [tf.train.GradientDescentOptimizer(1.0).minimize(e * 2.0),
           tf.train.AdamOptimizer().minimize(e * 3.0, name="train"),
           tf.train.GradientDescentOptimizer(1.0).minimize(e * 4.0,
                                                           tf.train.create_global_step())]
    out["names"] = [[o.name, o.type] for o in ops]
""",
    "optimizer_constraint_and_int": """
v0 = tf.Variable([1.0, 2.0], constraint=lambda x: tf.clip_by_value(x, -0.1, 0.0))
v1 = tf.Variable([3.0, 4.0], constraint=lambda x: tf.clip_by_value(x, 0.0, 1.0))
op = tf.train.GradientDescentOptimizer(3.0).minimize(5 * v0 + 3 * v1)
vi = tf.Variable([1, 2], name="int_var")
sgd = tf.train.GradientDescentOptimizer(1.0)
out["int_var"] = raises(lambda: sgd.minimize(tf.cast(vi, tf.float32) * 2.0 + 5 * v0,
                                             var_list=[vi, v0]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(op)
    out["constrained"] = [floats(sess.run(v0)), floats(sess.run(v1))]
""",
    "optimizer_clipping_idioms": """
w = tf.Variable([[1.0, -2.0], [3.0, 0.5]], name="w")
b = tf.Variable([0.5, -0.5], name="b")
emb = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="emb")
x = tf.constant([[1.0, 2.0], [-3.0, 4.0]])
y = tf.matmul(x, w) + b + tf.nn.embedding_lookup(emb, [2, 0])
loss = tf.reduce_sum(y * y)
opt = tf.train.MomentumOptimizer(0.01, 0.9)
gv = opt.compute_gradients(loss)
out["kinds"] = [kind(g) for g, _ in gv]
grads, tvars = zip(*gv)
clipped, norm = tf.clip_by_global_norm(grads, 5.0)
out["clipped_kinds"] = [kind(g) for g in clipped]
step = opt.apply_gradients(zip(clipped, tvars))
by_norm = [(tf.clip_by_norm(g, 1.0), v) for g, v in gv]
out["by_norm_kinds"] = [kind(g) for g, _ in by_norm]
step2 = opt.apply_gradients(by_norm)
by_value = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in gv]
step3 = tf.train.GradientDescentOptimizer(0.1).apply_gradients(by_value)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["norm"] = float(sess.run(norm))
    out["clipped"] = [floats(sess.run(tf.convert_to_tensor(g))) for g in clipped]
    for s in (step, step2, step3):
        sess.run(s)
        out.setdefault("after", []).append([floats(sess.run(v)) for v in tvars])
""",
    # ------------------------------------------------------------ clip_by_global_norm
    "clip_by_global_norm": """
t0 = tf.constant([-3.0, 0.0, 0.0, 4.0, 0.0, 0.0])
t1 = tf.constant([1.0, -2.0])
cases = {
    "plain": tf.clip_by_global_norm([t0, t1], 4.0),
    "not_clipped": tf.clip_by_global_norm([t0, t1], 100.0),
    "with_none": tf.clip_by_global_norm([t0, None, t1], 4.0),
    "use_norm": tf.clip_by_global_norm([t0, t1], 4.0, use_norm=tf.constant(10.0)),
    "inf": tf.clip_by_global_norm([tf.constant([1.0, np.inf]), t1], 4.0),
    "nan": tf.clip_by_global_norm([tf.constant([1.0, np.nan]), t1], 4.0),
    "zero": tf.clip_by_global_norm([tf.zeros([2]), tf.zeros([3])], 1.0),
    "f64": tf.clip_by_global_norm([tf.constant([3.0, 4.0], tf.float64)], 1.0),
}
sl = tf.IndexedSlices(tf.constant([[3.0, 4.0], [0.0, 12.0]]), tf.constant([0, 2]),
                      tf.constant([3, 2]))
sc, sn = tf.clip_by_global_norm([sl, t1], 2.0)
out["slices_kind"] = [kind(x) for x in sc]
out["names"] = [cases["plain"][1].name, cases["plain"][0][0].name]
out["norm_only"] = None
with tf.Session() as sess:
    for k, (ts, n) in cases.items():
        vals, nv = sess.run([[t for t in ts if t is not None], n])
        out[k] = [[floats(v) for v in vals], float(nv), [t is None for t in ts]]
    sv = sess.run(sc[0])
    out["slices"] = [floats(sv.values), sv.indices.tolist(), floats(sess.run(sn))]
    out["global_norm"] = float(sess.run(tf.global_norm([t0, t1, sl])))
out["not_list"] = raises(lambda: tf.clip_by_global_norm(t0, 1.0))
""",
    # ------------------------------------------------------- learning_rate_decay_test
    "learning_rate_decay": """
step = tf.placeholder(tf.int64, [])
fstep = tf.placeholder(tf.float32, [])
schedules = {
    "exp": tf.train.exponential_decay(0.1, step, 3, 0.96),
    "exp_stair": tf.train.exponential_decay(0.1, step, 3, 0.96, staircase=True),
    "exp_float_step": tf.train.exponential_decay(0.1, fstep, 3.0, 0.96),
    "piecewise": tf.train.piecewise_constant(step, [3, 7], [1.0, 0.5, 0.1]),
    "piecewise_int": tf.train.piecewise_constant(step, [3, 7], [10, 5, 1]),
    "piecewise_f64": tf.train.piecewise_constant(step, [3], [1.0, 0.1]),
    "poly": tf.train.polynomial_decay(0.1, step, 10, 0.01),
    "poly_pow": tf.train.polynomial_decay(0.1, step, 10, 0.01, power=0.5),
    "poly_cycle": tf.train.polynomial_decay(0.1, step, 4, 0.01, power=2.0, cycle=True),
    "natural_exp": tf.train.natural_exp_decay(0.1, step, 3, 0.5),
    "natural_exp_stair": tf.train.natural_exp_decay(0.1, step, 3, 0.5, staircase=True),
    "inverse_time": tf.train.inverse_time_decay(0.1, step, 3, 0.5),
    "inverse_time_stair": tf.train.inverse_time_decay(0.1, step, 3, 0.5, staircase=True),
    "cosine": tf.train.cosine_decay(0.1, step, 10),
    "cosine_alpha": tf.train.cosine_decay(0.1, step, 10, alpha=0.1),
    "restarts": tf.train.cosine_decay_restarts(0.1, step, 3),
    "restarts_mul": tf.train.cosine_decay_restarts(0.1, step, 3, t_mul=1.0, m_mul=0.5,
                                                   alpha=0.1),
    "restarts_t2": tf.train.cosine_decay_restarts(0.1, step, 2, t_mul=2.0, m_mul=0.9),
    "linear_cosine": tf.train.linear_cosine_decay(0.1, step, 10),
    "linear_cosine_args": tf.train.linear_cosine_decay(0.1, step, 10, num_periods=2.0,
                                                       alpha=0.1, beta=0.01),
    "noisy_no_noise": tf.train.noisy_linear_cosine_decay(0.1, step, 10,
                                                         initial_variance=0.0),
}
noisy = tf.train.noisy_linear_cosine_decay(0.1, step, 10)
out["dtypes"] = {k: v.dtype.name for k, v in schedules.items()}
out["shapes"] = {k: v.shape.as_list() for k, v in schedules.items()}
out["noisy"] = [noisy.dtype.name, noisy.shape.as_list()]
with tf.Session() as sess:
    for k, v in schedules.items():
        out[k] = [sess.run(v, {step: s, fstep: s}).item() for s in range(0, 16)]
    out["big_step"] = [sess.run(v, {step: 10**7, fstep: 1e7}).item()
                       for v in schedules.values()]
out["piecewise_mismatch"] = raises(lambda: tf.train.piecewise_constant(step, [3], [1.0]))
out["piecewise_types"] = raises(lambda: tf.train.piecewise_constant(step, [3], [1.0, 2]))
out["no_step"] = raises(lambda: tf.train.exponential_decay(0.1, None, 3, 0.96))
# The last op's name where TF names it after the schedule (piecewise_constant's tf.case
# and cosine_decay's inner Mul are spelled otherwise: not recorded).
out["names"] = [schedules["exp"].op.name, schedules["poly"].op.name,
                schedules["inverse_time"].op.name, schedules["restarts"].op.name]
""",
    "learning_rate_decay_edge_cases": """
# learning_rate_decay_test's testPiecewiseConstantEdgeCases and the schedules in float64.
x_int = tf.Variable(0, dtype=tf.int32, name="x_int")
out["float_bounds_int_x"] = raises(
    lambda: tf.train.piecewise_constant(x_int, [-1.0, 1.0], [1, 2, 3]))
x = tf.Variable(0.0, name="x")
out["mixed_values"] = raises(lambda: tf.train.piecewise_constant(x, [-1.0, 1.0], [1.0, 2, 3]))
ref = tf.train.piecewise_constant(x.op.outputs[0], [1.0, 2.0], [1, 2, 3])
x64 = tf.placeholder(tf.int64, [])
lr64 = tf.train.piecewise_constant(x64, [1, 2, 3], [0.4, 0.5, 0.6, 0.7])
f64 = tf.constant(0.1, tf.float64)
step = tf.placeholder(tf.int64, [])
doubles = [tf.train.exponential_decay(f64, step, 3, 0.96),
           tf.train.polynomial_decay(f64, step, 10, 0.01, power=0.5),
           tf.train.inverse_time_decay(f64, step, 3, 0.5),
           tf.train.natural_exp_decay(f64, step, 3, 0.5)]
out["dtypes"] = [ref.dtype.name, lr64.dtype.name] + [d.dtype.name for d in doubles]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["ref"] = int(sess.run(ref))
    out["int64_x"] = [float(sess.run(lr64, {x64: i})) for i in range(5)]
    out["doubles"] = [[sess.run(d, {step: i}).item() for i in (0, 1, 5, 12)] for d in doubles]
""",
    "learning_rate_decay_variable_step": """
gs = tf.train.get_or_create_global_step()
lr = tf.train.exponential_decay(0.1, gs, 2, 0.5, staircase=True)
v = tf.Variable([1.0, 2.0])
op = tf.train.GradientDescentOptimizer(lr).minimize(tf.reduce_sum(v * v), global_step=gs)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    seen = []
    for _ in range(5):
        seen.append([float(sess.run(lr)), floats(sess.run(v))])
        sess.run(op)
    out["seen"] = seen
    out["gs"] = int(sess.run(gs))
""",
    # ----------------------------------------------------------- moving_averages_test
    "exponential_moving_average": """
def ema_run(**kw):
    tf.reset_default_graph() if False else None
    v0 = tf.Variable(10.0, name="v0")
    v1 = tf.Variable([10.0, 20.0], name="v1")
    t = tf.constant([1.0, 2.0]) * v0
    ema = tf.train.ExponentialMovingAverage(0.25, **kw)
    op = ema.apply([v0, v1, t])
    names = [ema.average_name(v0), ema.average_name(t), ema.average(v1).op.name,
             ema.average(t).op.name]
    seen = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(3):
            sess.run(op)
            seen.append([floats(sess.run(ema.average(x))) for x in (v0, v1, t)])
            sess.run([tf.assign(v0, 11.0 + i), tf.assign(v1, [30.0, 40.0 + i])])
    return {"seen": seen, "names": names}
with tf.Graph().as_default():
    out["plain"] = ema_run()
with tf.Graph().as_default():
    out["num_updates"] = ema_run(num_updates=1)
with tf.Graph().as_default():
    out["num_updates_big"] = ema_run(num_updates=1000)
with tf.Graph().as_default():
    out["zero_debias"] = ema_run(zero_debias=True)
with tf.Graph().as_default():
    out["named"] = ema_run(name="Foo")
with tf.Graph().as_default():
    with tf.variable_scope("scope"):
        out["scoped"] = ema_run()
""",
    "ema_variables_to_restore_and_collections": """
v0 = tf.Variable(10.0, name="v0")
v1 = tf.Variable([10.0], name="v1", trainable=False)
with tf.variable_scope("s"):
    v2 = tf.Variable(1.0, name="v2")
ema = tf.train.ExponentialMovingAverage(0.9, name="avg")
op = ema.apply([v0, v2])
restore = ema.variables_to_restore()
out["restore"] = sorted((k, v.op.name) for k, v in restore.items())
out["restore_moving_avg"] = sorted(
    ema.variables_to_restore(moving_avg_variables=[v2]).keys())
out["moving_avg_collection"] = sorted(v.op.name for v in tf.moving_average_variables())
out["global"] = sorted(v.op.name for v in tf.global_variables())
out["trainable"] = sorted(v.op.name for v in tf.trainable_variables())
out["op"] = [op.type, op.name]
out["int_var"] = raises(lambda: ema.apply([tf.Variable(1, name="i")]))
out["twice"] = raises(lambda: ema.apply([v0]))
""",
    "assign_moving_average_zero_debias": """
from_tf = tf.train.ExponentialMovingAverage
v = tf.Variable([10.0, 20.0], name="v")
var = tf.Variable([0.0, 0.0], name="avg", trainable=False)
var2 = tf.Variable([0.0, 0.0], name="avg2", trainable=False)
ema = tf.train.ExponentialMovingAverage(0.5, zero_debias=True)
op = ema.apply([tf.identity(v, name="vi")])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    seen = []
    for i in range(3):
        sess.run(op)
        seen.append(floats(sess.run(ema.average(op.graph.get_tensor_by_name("vi:0")))))
        sess.run(tf.assign(v, [11.0 + i, 22.0 + i]))
    out["debiased"] = seen
out["names"] = sorted(v.op.name for v in tf.global_variables())
""",
    "ema_names_respect_scope": """
# moving_averages_test's testAverageVariablesNamesRespectScope, with and without debiasing.
for zero_debias in (False, True):
    with tf.Graph().as_default():
        with tf.variable_scope("scope1"):
            v0 = tf.Variable(10.0, name="v0")
            v1 = tf.Variable(30.0, name="v1")
            v2 = tf.Variable(20.0, name="v2", trainable=False)
            tensor2 = v0 + v1
        with tf.variable_scope("scope2"):
            ema = tf.train.ExponentialMovingAverage(0.25, zero_debias=zero_debias, name="foo")
            before = [ema.average_name(v0), ema.average_name(v1), ema.average_name(tensor2)]
            op = ema.apply([v0, v1, tensor2])
        key = "debias" if zero_debias else "plain"
        out[key] = {
            "before": before,
            "after": [ema.average_name(v0), ema.average_name(v1), ema.average_name(tensor2)],
            "averages": [ema.average(x).op.name for x in (v0, v1, tensor2)],
            "restore": sorted((k, v.op.name) for k, v in ema.variables_to_restore().items()),
            "globals": sorted(v.op.name for v in tf.global_variables()),
            "op": op.name,
        }
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(op)
            out[key]["values"] = [float(sess.run(ema.average(x))) for x in (v0, v1, tensor2)]
""",
    "ema_training_pattern": """
# The pattern ExponentialMovingAverage's docstring teaches: averages updated after each
# optimizer step, decay from the global step, then restored into the model's variables
# for evaluation through variables_to_restore.
d = tempfile.mkdtemp()
with tf.Graph().as_default():
    w = tf.Variable([1.0, -2.0], name="w")
    b = tf.Variable(0.5, name="b")
    loss = tf.reduce_sum(tf.square(w * [1.0, 2.0] + b - [3.0, 1.0]))
    gs = tf.train.get_or_create_global_step()
    opt_op = tf.train.MomentumOptimizer(0.05, 0.5).minimize(loss, global_step=gs)
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=gs)
    with tf.control_dependencies([opt_op]):
        train = ema.apply([w, b])
    out["train"] = [train.name, train.type]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        seen = []
        for _ in range(5):
            sess.run(train)
            seen.append([floats(sess.run(w)), floats(sess.run(ema.average(w))),
                         float(sess.run(ema.average(b))), int(sess.run(gs))])
        out["seen"] = seen
        tf.train.Saver().save(sess, d + "/model")
with tf.Graph().as_default():
    w = tf.Variable([0.0, 0.0], name="w")
    b = tf.Variable(0.0, name="b")
    ema = tf.train.ExponentialMovingAverage(0.9)
    restore = ema.variables_to_restore()
    out["restore_keys"] = sorted(restore)
    with tf.Session() as sess:
        tf.train.Saver(restore).restore(sess, d + "/model")
        out["restored"] = [floats(sess.run(w)), float(sess.run(b))]
""",
    "ema_control_dependencies": """
# testAverageVariablesWithControlDeps: the shadow's initializer takes no control input.
v0 = tf.Variable(0, name="v0")
add_to_v0 = v0.assign_add(1)
v1 = tf.Variable([10.0], name="v1")
assign_to_v1 = v1.assign([20.0])
ema = tf.train.ExponentialMovingAverage(0.25)
with tf.control_dependencies([add_to_v0]):
    ema_op = ema.apply([v1])
avg = ema.average(v1)
out["control_inputs"] = [len(avg.initializer.control_inputs), len(avg.op.control_inputs)]
with tf.Session() as sess:
    sess.run(avg.initializer)
    sess.run(v0.initializer)
    out["initial"] = floats(sess.run(avg))
    sess.run(v1.initializer)
    sess.run(assign_to_v1)
    sess.run(ema_op)
    out["after"] = [int(sess.run(v0)), floats(sess.run(avg))]
""",
    "momentum_embedding_and_graphs": """
# momentum_test's testMinimizeWith2DIndicesForEmbeddingLookup, testVariablesAcrossGraphs.
var0 = tf.Variable(tf.ones([2, 2]), name="emb")
loss = tf.reduce_sum(tf.nn.embedding_lookup(var0, [[1]]))
step = tf.train.MomentumOptimizer(1.0, 0.9).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(step)
    sess.run(step)
    out["embedding"] = floats(sess.run(var0))
opt = tf.train.MomentumOptimizer(0.01, 0.5)
names = []
for i in range(2):
    with tf.Graph().as_default():
        a = tf.Variable([1.0, 2.0], name="var0")
        b = tf.Variable([3.0, 4.0], name="var1")
        l = 5 * a + 3 * b
        if i == 1:
            c = tf.Variable([1.0, 2.0], name="var2")
            l = l + c
            opt.minimize(l, var_list=[a, c])
        else:
            opt.minimize(l)
        names.append(sorted(v.op.name for v in tf.global_variables()))
out["across_graphs"] = names
""",
    "adagrad_sparse_stability_and_embedding": """
# adagrad_test's testSparseStability and testSparseRepeatedIndicesByEmbeddingLookUp.
shape = [1, 6]
var0 = tf.Variable([[0.00872496, -0.1, -0.5, 0.1, 0.2, -0.3]], name="var0")
grads0 = tf.IndexedSlices(tf.constant([[-5.91278e-05, 5.31673e-05, -2.5779e-06, 4.29153e-05,
                                        -8.4877e-05, -9.48906e-05]], shape=shape),
                          tf.constant([0]), tf.constant(shape))
ada = tf.train.AdagradOptimizer(1.0, initial_accumulator_value=0.1)
update = ada.apply_gradients([(grads0, var0)])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(5):
        sess.run(update)
    out["accum"] = floats(sess.run(ada.get_slot(var0, "accumulator")))
    out["var"] = floats(sess.run(var0))
with tf.Graph().as_default():
    vr = tf.Variable([1.0, 2.0], name="vr")
    va = tf.Variable([1.0, 2.0], name="va")
    lr = 2.0 * tf.reduce_sum(tf.nn.embedding_lookup(vr, [0, 0]))
    la = 2.0 * tf.reduce_sum(tf.nn.embedding_lookup(va, [0]))
    ur = tf.train.AdagradOptimizer(3.0).minimize(lr)
    ua = tf.train.AdagradOptimizer(3.0).minimize(la)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run([ur, ua])
        out["embedding"] = [floats(sess.run(vr)), floats(sess.run(va))]
""",
    # ------------------------------------------------------------- training_util_test
    "global_step": """
out["none"] = tf.train.get_global_step()
gs = tf.train.create_global_step()
out["name"] = [gs.name, gs.dtype.base_dtype.name, gs.shape.as_list(), gs.trainable]
out["get"] = tf.train.get_global_step() is gs
out["get_or_create"] = tf.train.get_or_create_global_step() is gs
out["again"] = raises(lambda: tf.train.create_global_step())
out["collections"] = [len(tf.get_collection(tf.GraphKeys.GLOBAL_STEP)),
                      len(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES))]
out["assert_ok"] = tf.train.assert_global_step(gs)
out["assert_float"] = raises(lambda: tf.train.assert_global_step(tf.Variable(0.0, name="f")))
out["assert_shape"] = raises(lambda: tf.train.assert_global_step(tf.Variable([0], name="s")))
out["assert_int32"] = tf.train.assert_global_step(tf.Variable(0, name="i32"))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["value"] = tf.train.global_step(sess, gs)
    sess.run(tf.assign_add(gs, 5))
    out["after"] = tf.train.global_step(sess, gs)
    out["by_tensor"] = tf.train.global_step(sess, gs.read_value())
with tf.Graph().as_default():
    v = tf.Variable(0, name=tf.GraphKeys.GLOBAL_STEP, dtype=tf.int32)
    found = tf.train.get_global_step()
    out["by_name"] = [found.name, found.dtype.base_dtype.name]
    tf.add_to_collection(tf.GraphKeys.GLOBAL_STEP, tf.Variable(3, name="other",
                                                               dtype=tf.int64))
    out["two"] = raises(lambda: tf.train.get_global_step())
with tf.Graph().as_default():
    g = tf.get_variable("global_step", shape=[], dtype=tf.int32,
                        initializer=tf.zeros_initializer(),
                        collections=[tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.GLOBAL_STEP])
    out["int32"] = [tf.train.get_global_step() is g,
                    tf.train.get_or_create_global_step().dtype.base_dtype.name]
    out["create_existing"] = raises(lambda: tf.train.create_global_step())
""",
    # --------------------------------------------------------------- slot_creator_test
    "slot_names_and_shapes": """
with tf.variable_scope("net"):
    w = tf.get_variable("w", [2, 3], initializer=tf.ones_initializer())
    b = tf.get_variable("b", [3], dtype=tf.float64, initializer=tf.zeros_initializer())
    r = tf.get_variable("r", [2], use_resource=True)
loss = tf.reduce_sum(tf.matmul(tf.ones([1, 2]), w)) + tf.reduce_sum(tf.cast(b, tf.float32)) \
    + tf.reduce_sum(r)
names = {}
for label, make in [("adam", lambda: tf.train.AdamOptimizer(name="A")),
                    ("rms", lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.9, centered=True)),
                    ("ftrl", lambda: tf.train.FtrlOptimizer(0.1)),
                    ("mom", lambda: tf.train.MomentumOptimizer(0.1, 0.9)),
                    ("adagrad", lambda: tf.train.AdagradOptimizer(0.1)),
                    ("adadelta", lambda: tf.train.AdadeltaOptimizer(0.1)),
                    ("padagrad", lambda: tf.train.ProximalAdagradOptimizer(0.1))]:
    opt = make()
    opt.minimize(loss, var_list=[w, r])
    names[label] = {n: [[opt.get_slot(v, n).op.name, opt.get_slot(v, n).shape.as_list(),
                         opt.get_slot(v, n).dtype.base_dtype.name,
                         opt.get_slot(v, n).trainable] for v in (w, r)]
                    for n in sorted(opt.get_slot_names())}
    names[label]["none"] = opt.get_slot(b, sorted(opt.get_slot_names())[0]) is None
out.update(names)
out["all"] = sorted(v.op.name for v in tf.global_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["initial"] = {n: floats(sess.run(v)) for n, v in
                      sorted((v.op.name, v) for v in tf.global_variables()) if "/" in n
                      and n.startswith("net/w/")}
""",
    # -------------------------------------------------------------------- saver_test
    "saver_checkpoints": """
d = tempfile.mkdtemp()
rel = lambda p: None if p is None else os.path.relpath(p, d)
v = tf.Variable([1.0, 2.0], name="v")
w = tf.Variable(3.0, name="w")
saver = tf.train.Saver(max_to_keep=3, keep_checkpoint_every_n_hours=10000)
none_saver = tf.train.Saver(max_to_keep=None)
zero_saver = tf.train.Saver({"renamed_v": v}, max_to_keep=0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["saved"] = [rel(saver.save(sess, d + "/m", global_step=i)) for i in range(5)]
    out["last"] = [rel(p) for p in saver.last_checkpoints]
    out["latest"] = rel(tf.train.latest_checkpoint(d))
    st = tf.train.get_checkpoint_state(d)
    out["state"] = [rel(st.model_checkpoint_path),
                    [rel(p) for p in st.all_model_checkpoint_paths]]
    out["exists"] = [tf.train.checkpoint_exists(d + "/m-4"), tf.train.checkpoint_exists(d + "/m-0")]
    out["files"] = sorted(f for f in os.listdir(d) if f.endswith(".index"))
    e = tempfile.mkdtemp()
    for i in range(3):
        none_saver.save(sess, e + "/n", global_step=i)
    out["none_last"] = [os.path.basename(p) for p in none_saver.last_checkpoints]
    f = tempfile.mkdtemp()
    zero_saver.save(sess, f + "/z", global_step=1)
    zero_saver.save(sess, f + "/z", global_step=2)
    out["zero_files"] = sorted(x for x in os.listdir(f) if x.endswith(".index"))
    out["zero_state"] = tf.train.latest_checkpoint(f) is not None
    out["listed"] = sorted([k, list(s)] for k, s in tf.train.list_variables(f + "/z-2"))
    out["load"] = floats(tf.train.load_variable(f + "/z-2", "renamed_v"))
    out["reader"] = sorted(tf.train.NewCheckpointReader(d + "/m-4")
                           .get_variable_to_shape_map().items())
    out["no_dir_state"] = tf.train.get_checkpoint_state(d + "/none")
""",
    "saver_checkpoint_state_files": """
# saver_test's state handling: write_state=False, latest_filename, recover_last_checkpoints,
# update_checkpoint_state and its relative paths, restore of a missing checkpoint.
d = tempfile.mkdtemp()
rel = lambda p: None if p is None else os.path.relpath(p, d)
v = tf.Variable([1.0, 2.0], name="v")
saver = tf.train.Saver(max_to_keep=2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, d + "/a", global_step=1, write_state=False)
    out["no_state"] = [os.path.exists(d + "/checkpoint"), tf.train.latest_checkpoint(d)]
    saver.save(sess, d + "/a", global_step=2, latest_filename="other")
    out["other"] = [os.path.exists(d + "/checkpoint"), rel(tf.train.latest_checkpoint(d, "other"))]
    out["other_state"] = open(d + "/other").read().replace(d, "<d>")
    out["last"] = [rel(p) for p in saver.last_checkpoints]
    fresh = tf.train.Saver(max_to_keep=2)
    fresh.recover_last_checkpoints([d + "/a-1", d + "/a-2", d + "/missing-3"])
    out["recovered"] = [rel(p) for p in fresh.last_checkpoints]
    fresh.save(sess, d + "/a", global_step=4)
    out["after_recover"] = [rel(p) for p in fresh.last_checkpoints]
    out["files"] = sorted(f for f in os.listdir(d) if f.endswith(".index"))
    tf.train.update_checkpoint_state(d, d + "/a-4", [d + "/a-2", d + "/a-4"])
    st = tf.train.get_checkpoint_state(d)
    out["updated"] = [rel(st.model_checkpoint_path),
                      [rel(p) for p in st.all_model_checkpoint_paths]]
    tf.train.update_checkpoint_state(d, "a-4", ["a-4"])
    out["relative_state"] = open(d + "/checkpoint").read().replace(d, "<d>")
    out["relative_latest"] = rel(tf.train.latest_checkpoint(d))
    out["restore_missing"] = raises(lambda: saver.restore(sess, d + "/nothing-9"))
    out["restore_none"] = raises(lambda: saver.restore(sess, None))
""",
    "saver_restore_renamed_and_sharded": """
d = tempfile.mkdtemp()
with tf.Graph().as_default():
    a = tf.Variable([1.0, 2.0], name="old_a")
    b = tf.Variable([[3.0]], name="old_b")
    s = tf.train.Saver(sharded=True)
    s2 = tf.train.Saver({"x/a": a, "x/b": b})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["sharded_path"] = os.path.relpath(s.save(sess, d + "/sh"), d)
        s2.save(sess, d + "/dict")
    out["sharded_files"] = sorted(x for x in os.listdir(d) if "sh" in x and "data" not in x)
with tf.Graph().as_default():
    na = tf.Variable([0.0, 0.0], name="new_a")
    nb = tf.Variable([[0.0]], name="new_b")
    r = tf.train.Saver({"old_a": na, "old_b": nb})
    r2 = tf.train.Saver({"x/a": na})
    with tf.Session() as sess:
        r.restore(sess, d + "/sh")
        out["renamed"] = [floats(sess.run(na)), floats(sess.run(nb))]
        sess.run(tf.assign(na, [9.0, 9.0]))
        r2.restore(sess, d + "/dict")
        out["dict"] = floats(sess.run(na))
        bad = tf.train.Saver({"missing": na})
        out["missing"] = raises(lambda: bad.restore(sess, d + "/dict"))
    out["dup"] = raises(lambda: tf.train.Saver([na, na]))
    out["bad_key"] = raises(lambda: tf.train.Saver({"k": 3}))
""",
    # ----------------------------------------------------- checkpoint_utils / warm start
    "init_from_checkpoint": """
d = tempfile.mkdtemp()
with tf.Graph().as_default():
    with tf.variable_scope("some_scope"):
        tf.get_variable("my1", initializer=[[1.0, 2.0], [3.0, 4.0]])
        with tf.variable_scope("some_other_scope"):
            tf.get_variable("my2", initializer=[5.0, 6.0])
    tf.get_variable("useful", initializer=[7.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, d + "/model")
with tf.Graph().as_default():
    with tf.variable_scope("a"):
        m1 = tf.get_variable("my1", [2, 2])
    with tf.variable_scope("b"):
        m2 = tf.get_variable("my2", [2])
    u = tf.get_variable("useful_new", [1])
    tf.train.init_from_checkpoint(d, {"some_scope/my1": "a/my1",
                                      "some_scope/some_other_scope/": "b/",
                                      "useful": u})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["mapped"] = [floats(sess.run(x)) for x in (m1, m2, u)]
with tf.Graph().as_default():
    with tf.variable_scope("some_scope"):
        m1 = tf.get_variable("my1", [2, 2])
        with tf.variable_scope("some_other_scope"):
            m2 = tf.get_variable("my2", [2])
    tf.train.init_from_checkpoint(d, {"/": "/"})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["root"] = [floats(sess.run(x)) for x in (m1, m2)]
with tf.Graph().as_default():
    x = tf.get_variable("x", [3])
    out["bad_shape"] = raises(lambda: tf.train.init_from_checkpoint(d, {"useful": "x"}))
    out["missing"] = raises(lambda: tf.train.init_from_checkpoint(d, {"nope": "x"}))
    out["missing_var"] = raises(lambda: tf.train.init_from_checkpoint(d, {"useful": "nope"}))
out["list"] = sorted([k, list(s)] for k, s in tf.train.list_variables(d))
out["load"] = floats(tf.train.load_variable(d, "some_scope/some_other_scope/my2"))
out["load_missing"] = raises(lambda: tf.train.load_variable(d, "nope"))
""",
    "warm_start": """
d = tempfile.mkdtemp()
with tf.Graph().as_default():
    tf.get_variable("fruit_weights", initializer=[[0.5], [1.0], [1.5], [2.0]])
    tf.get_variable("bias", initializer=[3.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, d + "/model")
with tf.Graph().as_default():
    fw = tf.get_variable("fruit_weights", [4, 1])
    bias = tf.get_variable("bias", [1])
    tf.train.warm_start(d, vars_to_warm_start="fruit.*")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["regex"] = [floats(sess.run(fw)), floats(sess.run(bias)) == [3.0]]
with tf.Graph().as_default():
    fw = tf.get_variable("new_weights", [4, 1])
    tf.train.warm_start(d, vars_to_warm_start=[".*weights"],
                        var_name_to_prev_var_name={"new_weights": "fruit_weights"})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["renamed"] = floats(sess.run(fw))
with tf.Graph().as_default():
    fw = tf.get_variable("fruit_weights", [4, 1])
    bias = tf.get_variable("bias", [1])
    out["mixed"] = raises(lambda: tf.train.warm_start(d, vars_to_warm_start=[fw, "bias"]))
    tf.train.warm_start(d + "/model", vars_to_warm_start=["fruit_weights", "bias"])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["list"] = [floats(sess.run(fw)), floats(sess.run(bias))]
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX, tempfile=tempfile, os=os)
