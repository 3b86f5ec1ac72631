"""A linear model's feature-column gradients and what each optimizer makes of them
(dev-only): TF looks every categorical column's weights up through
`safe_embedding_lookup_sparse`, a bucketized column among them, so their gradient is
IndexedSlices and the optimizers that update sparsely (Momentum, RMSProp, Adam, Adadelta,
the proximal ones, AdagradDA) leave the rows absent from a batch alone. Numeric and
indicator columns are dense in TF too.

Each optimizer program trains one `linear_model` holding every kind of column 5 steps on
batches that leave different buckets and ids out, and records every global variable (the
weights, the optimizer's slots and accumulators) after each step; the estimator programs
do the same through `LinearRegressor`/`LinearClassifier` with that optimizer; the
gradient programs record `tf.gradients`' form (IndexedSlices or Tensor, the indices and
their dtype, dense_shape) for each column and sparse combiner. Recorded from
`tf.compat.v1` with tensorflow-estimator 2.15 attached as tests/reference/tf1_estimator.py
does (see there for the wheel):

    PYTHONPATH=/tmp/tfest /work/tfvenv/bin/python tests/reference/tf1_feature_column_grads.py \\
        > tests/unit/engine/fixtures/tf1_feature_column_grads.json

tests/unit/engine/test_tf1_feature_column_grads.py runs the same text with `tf` bound to
graphgate.
"""

from __future__ import annotations

import tempfile

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PRELUDE = """
fc = tf.feature_column
# Five batches of four: each leaves some buckets (of x, x2) and ids (of i) out.
X = np.array([0.5, 2.5, 0.7, 5.0, 1.5, 1.2, 3.5, 0.1, 4.5, 4.2, 2.2, 2.9, 0.3, 3.3,
              5.5, 1.1, -1.0, 0.6, 2.4, 4.8], np.float32).reshape(20, 1)
X2 = np.stack([X[:, 0] * 0.7 + 0.2, 3.0 - X[:, 0] * 0.5], 1).astype(np.float32)
I = np.array([1, 3, 1, 0, 2, 2, 5, 4, 0, 1, 1, 3, 5, 5, 2, 0, 4, 4, 3, 1],
             np.int64).reshape(20, 1)
W = np.linspace(0.5, 2.0, 20, dtype=np.float32).reshape(20, 1)
Y = (np.sin(X) + 0.1 * I).astype(np.float32)
EMBED = np.linspace(-0.5, 0.5, 12, dtype=np.float32).reshape(6, 2)

def columns():
    x = fc.numeric_column("x")
    b = fc.bucketized_column(x, [0.0, 1.0, 2.0, 3.0, 4.0])
    b2 = fc.bucketized_column(fc.numeric_column("x2", shape=(2,)), [0.0, 1.0, 2.0])
    i = fc.categorical_column_with_identity("i", 6)
    return [x, b, b2, i,
            fc.indicator_column(b2),
            fc.crossed_column([b, i], 11),
            fc.weighted_categorical_column(i, "w"),
            fc.embedding_column(b, 2, initializer=tf.constant_initializer(EMBED))]

def placeholders():
    return {"x": tf.placeholder(tf.float32, [None, 1]),
            "x2": tf.placeholder(tf.float32, [None, 2]),
            "i": tf.placeholder(tf.int64, [None, 1]),
            "w": tf.placeholder(tf.float32, [None, 1])}

def feed(features, k, y=None):
    s = slice(4 * k, 4 * k + 4)
    fed = {features["x"]: X[s], features["x2"]: X2[s], features["i"]: I[s],
           features["w"]: W[s]}
    if y is not None:
        fed[y] = Y[s]
    return fed

def optimizer(name):
    t = tf.train
    return {
        "GradientDescent": lambda: t.GradientDescentOptimizer(0.1),
        "Momentum": lambda: t.MomentumOptimizer(0.1, 0.9),
        "MomentumNesterov": lambda: t.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
        "RMSProp": lambda: t.RMSPropOptimizer(0.05, decay=0.9, momentum=0.5),
        "RMSPropCentered": lambda: t.RMSPropOptimizer(0.05, momentum=0.3, centered=True),
        "Adagrad": lambda: t.AdagradOptimizer(0.3),
        "Adam": lambda: t.AdamOptimizer(0.05),
        "Adadelta": lambda: t.AdadeltaOptimizer(1.0, rho=0.9),
        "Ftrl": lambda: t.FtrlOptimizer(0.2, l1_regularization_strength=0.01,
                                        l2_regularization_strength=0.1),
        "FtrlShrinkage": lambda: t.FtrlOptimizer(
            0.2, l1_regularization_strength=0.01, l2_regularization_strength=0.1,
            l2_shrinkage_regularization_strength=0.1),
        "ProximalAdagrad": lambda: t.ProximalAdagradOptimizer(
            0.3, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
        "ProximalGradientDescent": lambda: t.ProximalGradientDescentOptimizer(
            0.1, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
        "AdagradDA": lambda: t.AdagradDAOptimizer(
            0.3, tf.train.get_or_create_global_step(), l1_regularization_strength=0.01,
            l2_regularization_strength=0.1),
    }[name]()

def values():
    return {v.op.name: sess.run(v).tolist() for v in tf.global_variables()}

def kind(g):
    return "IndexedSlices" if hasattr(g, "indices") else "Tensor"
"""

# One linear model of every column kind, trained 5 steps by one optimizer.
TRAIN = """
features = placeholders()
y = tf.placeholder(tf.float32, [None, 1])
logits = fc.linear_model(features, columns(), sparse_combiner=COMBINER)
loss = tf.reduce_mean(tf.square(logits - y))
step = optimizer(NAME).minimize(loss, global_step=tf.train.get_or_create_global_step())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["steps"] = []
    for k in range(5):
        out["steps"].append(float(sess.run([step, loss], feed(features, k, y))[1]))
        out["after_%d" % k] = values()
"""

# tf.gradients of the logits w.r.t. each column's weights: the form and the numbers.
GRADIENTS = """
features = placeholders()
cols_to_vars = {}
logits = fc.linear_model(features, columns(), units=2, sparse_combiner=COMBINER,
                         cols_to_vars=cols_to_vars)
upstream = tf.constant([[1.0, -0.5], [2.0, 0.25], [-1.0, 1.5], [0.5, 3.0]])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in tf.global_variables():
        sess.run(v.assign(tf.reshape(tf.range(tf.size(v), dtype=tf.float32) / 10.0,
                                     tf.shape(v))))
    out["logits"] = sess.run(logits, feed(features, 0)).tolist()
    for column, variables in sorted(cols_to_vars.items(), key=lambda cv: str(cv[0])):
        for v in variables:
            g = tf.gradients(logits, v, grad_ys=upstream)[0]
            seen = {"kind": kind(g)}
            if kind(g) == "IndexedSlices":
                seen["indices_dtype"] = g.indices.dtype.name
                got = sess.run(g, feed(features, 0))
                seen["indices"] = got.indices.tolist()
                seen["values"] = got.values.tolist()
                seen["dense_shape"] = got.dense_shape.tolist()
            else:
                seen["values"] = sess.run(g, feed(features, 0)).tolist()
            out[v.op.name] = seen
"""

# A canned linear estimator over the same columns, with the optimizer given.
ESTIMATOR = """
# Each train() call starts its input again: batch k, repeated, one step. (Not one epoch
# of it: the run that meets its end still runs what needs no input, TF's sparse Adam's
# decay of its `m` slot among them.)
def input_fn(k):
    s = slice(4 * k, 4 * k + 4)
    return tf.estimator.inputs.numpy_input_fn(
        {"x": X[s], "x2": X2[s], "i": I[s], "w": W[s]}, LABELS[s], batch_size=4,
        shuffle=False, num_epochs=None)
est = CANNED(columns(), model_dir=d, optimizer=optimizer(NAME), sparse_combiner=COMBINER)
trail = []
for k in range(5):
    est.train(input_fn(k), steps=1)
    trail.append({n: np.asarray(est.get_variable_value(n)).tolist()
                  for n in est.get_variable_names()})
out["trail"] = trail
"""

OPTIMIZERS = [
    "GradientDescent",
    "Momentum",
    "MomentumNesterov",
    "RMSProp",
    "RMSPropCentered",
    "Adagrad",
    "Adam",
    "Adadelta",
    "Ftrl",
    "FtrlShrinkage",
    "ProximalAdagrad",
    "ProximalGradientDescent",
    "AdagradDA",
]


def _bind(text: str, **names: str) -> str:
    return "".join(f"{k} = {v}\n" for k, v in names.items()) + text


PROGRAMS = {
    **{f"train_{name}": _bind(TRAIN, NAME=repr(name), COMBINER=repr("sum")) for name in OPTIMIZERS},
    "train_Momentum_mean": _bind(TRAIN, NAME=repr("Momentum"), COMBINER=repr("mean")),
    "train_Adam_sqrtn": _bind(TRAIN, NAME=repr("Adam"), COMBINER=repr("sqrtn")),
    **{
        f"gradients_{combiner}": _bind(GRADIENTS, COMBINER=repr(combiner))
        for combiner in ("sum", "mean", "sqrtn")
    },
    **{
        f"regressor_{name}": _bind(
            ESTIMATOR,
            NAME=repr(name),
            COMBINER=repr("sum"),
            CANNED="tf.estimator.LinearRegressor",
            LABELS="Y",
        )
        for name in ("Momentum", "Adam", "RMSProp", "Ftrl", "ProximalAdagrad", "Adadelta")
    },
    "classifier_Momentum_mean": _bind(
        ESTIMATOR,
        NAME=repr("Momentum"),
        COMBINER=repr("mean"),
        CANNED="tf.estimator.LinearClassifier",
        LABELS="(Y > 0.5).astype(np.int64)",
    ),
}


def run(tf, names=None) -> dict:
    """What each program (all, or those `names`) observed, by program name."""
    results = {}
    for name in names or PROGRAMS:
        results[name] = harness.run(tf, PRELUDE + PROGRAMS[name], d=tempfile.mkdtemp())
    return results


if __name__ == "__main__":
    try:
        from tests.reference.tf1_estimator import _tf_with_estimator
    except ModuleNotFoundError:
        from tf1_estimator import _tf_with_estimator
    tf = _tf_with_estimator()
    harness.dump({"tensorflow": tf.__version__, "programs": run(tf)})
