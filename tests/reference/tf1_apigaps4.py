"""TF1 symbols graphgate lacked after the third survey round (dev-only):
`tf.math.approx_max_k`/`approx_min_k` (and `tf.nn`'s, `tf.approx_top_k`,
`tf.raw_ops.ApproxTopK`: TF's CPU kernel is TopK's, for the last axis and max k only), and
`tf.random.stateless_gamma`, `stateless_poisson`, `split` and `fold_in` (and
`tf.random.experimental`'s spellings), each program run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_apigaps4.py.

    /work/tfvenv/bin/python tests/reference/tf1_apigaps4.py \
        > tests/unit/engine/fixtures/tf1_apigaps4.json
    /work/tfvenv/bin/python tests/reference/tf1_apigaps4.py --graph \
        tests/unit/engine/fixtures/tf1_apigaps4_stateless.pb

The second writes TF's own GraphDef of the stateless draws and the top k (TF 2.21 writes
StatelessRandomGammaV3 and StatelessRandomUniformFullIntV2 from a key and counter), which
the engine test imports and runs against the values these programs recorded.
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

RUN = """
def run(fetch, feed=None):
    with tf.Session() as sess:
        got = sess.run(fetch, feed)
    return [None if g is None else np.asarray(g).tolist() for g in got] if isinstance(
        got, tuple | list) else (None if got is None else np.asarray(got).tolist())
def run_raises(fetch):
    def go():
        with tf.Session() as sess:
            sess.run(fetch)
    return raises(go)
def meta(t):
    return [t.name, t.dtype.name, t.shape.as_list()]
"""

PROGRAMS = {
    "approx_max_k_values": RUN
    + """
a = tf.constant([[3., 1., 4., 1., 5., 9., 2., 6.], [2., 7., 1., 8., 2., 8., 1., 8.]])
v, i = tf.math.approx_max_k(a, 3)
out["top3"] = run([v, i]) + [meta(v), meta(i), v.op.type]
v, i = tf.nn.approx_max_k(a, 8, recall_target=0.5)
out["whole"] = run([v, i])
b = tf.constant([[np.nan, 1., -0., 0., np.inf, -np.inf, 1.]])
v, i = tf.math.approx_max_k(b, 7)
out["nan_row"] = [str(x) for x in run(v)[0]] + [run(i)]
v, i = tf.math.approx_max_k(b, 3)
out["nan_row_k3"] = [str(x) for x in run(v)[0]] + [run(i)]
c = tf.constant([[5, 3, 5, 1]], tf.float16)
v, i = tf.approx_top_k(c, 2)
out["half_top"] = run([v, i]) + [meta(v), meta(i)]
d = tf.constant(np.arange(24.).reshape(2, 3, 4)[:, :, ::-1], tf.float32)
v, i = tf.math.approx_max_k(d, 2, name="rank3")
out["rank3"] = run([v, i]) + [meta(v), meta(i)]
r = tf.raw_ops.ApproxTopK(input=a, k=2)
out["raw"] = run(list(r)) + [meta(r.values), meta(r.indices)]
p = tf.placeholder(tf.float32, [None, 5])
v, i = tf.math.approx_max_k(p, 2)
out["fed"] = run([v, i], {p: [[1., 5., 2., 5., 0.], [0., -1., -2., 3., 3.]]}) + [meta(v)]
r = np.random.RandomState(3).rand(3, 200).astype(np.float32)
v, i = tf.math.approx_max_k(tf.constant(r), 5)
out["wide"] = run([v, i])
""",
    "approx_max_k_gradient": RUN
    + """
a = tf.constant([[3., 1., 4., 1., 5., 9., 2., 6.], [2., 7., 1., 8., 2., 8., 1., 8.]])
v, i = tf.math.approx_max_k(a, 3)
out["grad"] = run(tf.gradients(tf.reduce_sum(v * [[1., 2., 3.]]), a))
""",
    "approx_top_k_refusals": RUN
    + """
a = tf.constant([[3., 1., 4., 1., 5., 9., 2., 6.], [2., 7., 1., 8., 2., 8., 1., 8.]])
out["k_too_big"] = raises(lambda: tf.math.approx_max_k(a, 9))
out["bad_dimension"] = raises(lambda: tf.math.approx_max_k(a, 3, reduction_dimension=2))
out["string"] = raises(lambda: tf.math.approx_max_k(tf.constant(["a"]), 1))
out["int"] = raises(lambda: tf.approx_top_k(tf.constant([[5, 3]], tf.int64), 1))
out["float64"] = raises(lambda: tf.math.approx_max_k(tf.constant([[5., 3.]], tf.float64), 1))
out["recall"] = raises(lambda: tf.math.approx_max_k(a, 2, recall_target=1.5))
out["unknown_columns"] = raises(
    lambda: tf.math.approx_max_k(tf.placeholder(tf.float32, [None, None]), 2))
out["unknown_rank"] = raises(lambda: tf.math.approx_max_k(tf.placeholder(tf.float32), 2))
# Built as TF builds them; TF's CPU has no kernel to run them.
out["min_k_run"] = run_raises(tf.math.approx_min_k(a, 2))
out["min_k_meta"] = meta(tf.nn.approx_min_k(a, 2)[0])
out["axis0_run"] = run_raises(tf.math.approx_max_k(a, 2, reduction_dimension=0))
out["axis1_run"] = run_raises(tf.raw_ops.ApproxTopK(input=a, k=2, reduction_dimension=1))
out["positional"] = raises(lambda: tf.raw_ops.ApproxTopK(a, 2))
""",
    "random_split_fold_in": RUN
    + """
s = tf.constant([1, 2], tf.int64)
f = tf.random.fold_in(s, 7)
f64 = tf.random.fold_in(s, tf.constant(7, tf.int64))
sp = tf.random.split(s)
sp3 = tf.random.split(tf.constant([3, 4]), 3)
listed = tf.random.split([1, 2])
out["values"] = run([f, f64, sp, sp3, listed])
out["meta"] = [meta(t) for t in (f, f64, sp, sp3, listed)]
out["experimental"] = run([tf.random.experimental.stateless_split(s, 1),
                           tf.random.experimental.stateless_fold_in(s, 3)])
out["zero"] = meta(tf.random.split(s, 0))
out["float_data"] = raises(lambda: tf.random.fold_in(s, 1.5))
""",
    "random_stateless_gamma": RUN
    + """
g = tf.random.stateless_gamma([3, 2], seed=[1, 2], alpha=[0.5, 2.0], beta=[1.0, 3.0])
g64 = tf.random.stateless_gamma([4], seed=[5, 6], alpha=1.5, dtype=tf.float64)
g16 = tf.random.stateless_gamma([2, 2], seed=[1, 2], alpha=[0.5, 3.], dtype=tf.float16)
gb = tf.random.stateless_gamma([2, 2], seed=tf.constant([1, 2], tf.int32),
                               alpha=[[0.5], [3.]], beta=[1., 2.])
scalar = tf.random.stateless_gamma([], seed=[1, 2], alpha=2.0)
named = tf.random.stateless_gamma([2], seed=[1, 2], alpha=2.0, name="draws")
out["values"] = run([g, g64, g16, gb, scalar])
out["meta"] = [meta(t) for t in (g, g64, g16, gb, scalar, named)]
odd = tf.random.stateless_gamma([2, 3], seed=[1, 2], alpha=[0., -1., np.nan])
out["odd_alpha"] = [[str(x) for x in row] for row in run(odd)]
sd = tf.placeholder(tf.int64, [2])
t = tf.random.stateless_gamma([2], seed=sd, alpha=2.0)
out["fed_seed"] = run(t, {sd: [7, 8]})
out["short_shape"] = run_raises(tf.random.stateless_gamma([3], seed=[1, 2], alpha=[1., 2.]))
out["seed3"] = raises(lambda: tf.random.stateless_gamma([2], seed=[1, 2, 3], alpha=1.0))
raw = tf.raw_ops.StatelessRandomGammaV2(shape=[3, 2], seed=[1, 2], alpha=[0.5, 2.0])
out["raw"] = run(raw) + [meta(raw), raw.op.type]
out["int_alpha"] = raises(
    lambda: tf.random.stateless_gamma([2], seed=[1, 2], alpha=[1, 2], dtype=tf.int32))
""",
    "random_stateless_poisson": RUN
    + """
p = tf.random.stateless_poisson([5, 2, 1], seed=[1, 2], lam=[[1.0], [30.0]])
p32 = tf.random.stateless_poisson([2, 3], seed=[1, 2], lam=4.0, dtype=tf.float32)
odd = tf.random.stateless_poisson([2, 2], seed=[1, 2], lam=[0., -1.])
ints = tf.random.stateless_poisson([2, 2], seed=[1, 2], lam=tf.constant([2, 30]),
                                   dtype=tf.int64)
half = tf.random.stateless_poisson([2, 2], seed=[1, 2], lam=tf.constant([2., 30.], tf.float64),
                                   dtype=tf.float16)
out["values"] = run([p, p32, odd, ints, half])
out["meta"] = [meta(t) for t in (p, p32, odd, ints, half)]
x = tf.constant([1.0, 2.0])
out["grad"] = [g is None for g in tf.gradients(
    tf.random.stateless_poisson([3, 2], seed=[1, 2], lam=x, dtype=tf.float32), x)]
out["short_shape"] = run_raises(tf.random.stateless_poisson([3], seed=[1, 2], lam=[1., 2.]))
raw = tf.raw_ops.StatelessRandomPoisson(shape=[2, 2], seed=[1, 2], lam=[1., 5.],
                                        dtype=tf.int64)
out["raw"] = run(raw) + [meta(raw), raw.op.type]
out["string"] = raises(
    lambda: tf.random.stateless_poisson([2], seed=[1, 2], lam=1.0, dtype=tf.string))
""",
}


GRAPH = """
tf.identity(tf.random.stateless_gamma([3, 2], seed=[1, 2], alpha=[0.5, 2.0],
                                      beta=[1.0, 3.0]), name="gamma")
tf.identity(tf.random.stateless_poisson([5, 2, 1], seed=[1, 2], lam=[[1.0], [30.0]]),
            name="poisson")
tf.identity(tf.random.fold_in(tf.constant([1, 2], tf.int64), 7), name="fold_in")
v, i = tf.math.approx_max_k(tf.constant([[3., 1., 4., 1., 5., 9., 2., 6.]]), 3)
tf.identity(i, name="top")
"""


def write_graph(path: str) -> None:
    tf = harness.import_tf1()
    with tf.Graph().as_default() as graph:
        exec(GRAPH, {"tf": tf})
        with open(path, "wb") as f:
            f.write(graph.as_graph_def().SerializeToString())


LINOP = """
def methods(op, x):
    vec = x[..., 0]
    got = {"dense": op.to_dense(), "matmul": op.matmul(x), "matvec": op.matvec(vec),
           "trace": op.trace(), "diag": op.diag_part()}
    square = op.shape.as_list()[-1] == op.shape.as_list()[-2]
    if square:
        got["adjoint_matmul"] = op.matmul(x, adjoint=True)
    if square and op.is_non_singular is not False:
        got.update(det=op.determinant(), log_abs_det=op.log_abs_determinant(),
                   solve=op.solve(x), solvevec=op.solvevec(vec))
    with tf.Session() as sess:
        values = sess.run(got)
    shapes = [op.shape.as_list(), op.batch_shape.as_list(), op.dtype.name, op.name,
              op.tensor_rank, op.domain_dimension.value if hasattr(op.domain_dimension, "value")
              else op.domain_dimension]
    return {k: np.asarray(v).tolist() for k, v in values.items()}, shapes
L = tf.linalg
a = tf.constant([[4., 1., 0.5], [0.3, 3., 0.2], [0.1, 0.4, 2.]], tf.float64)
b = tf.constant([[2., -1.], [0.5, 1.5]], tf.float64)
x3 = tf.constant(np.arange(6.).reshape(3, 2) / 4 - 0.3, tf.float64)
"""

PROGRAMS.update(
    {
        "linear_operator_identity_scaled_zeros": RUN
        + LINOP
        + """
out["identity"] = methods(L.LinearOperatorIdentity(3, dtype=tf.float64), x3)
batch = L.LinearOperatorIdentity(2, batch_shape=[2], dtype=tf.float64)
out["identity_batch"] = methods(batch, tf.ones([2, 2, 1], tf.float64))
out["identity_default"] = [L.LinearOperatorIdentity(2).dtype.name,
                           L.LinearOperatorIdentity(2).shape.as_list()]
out["scaled"] = methods(L.LinearOperatorScaledIdentity(3, tf.constant(-2.5, tf.float64)), x3)
scaled = L.LinearOperatorScaledIdentity(2, tf.constant([2., 3.], tf.float64))
out["scaled_batch"] = methods(scaled, tf.ones([2, 2, 1], tf.float64))
out["zeros"] = methods(L.LinearOperatorZeros(3, dtype=tf.float64), x3)
out["zeros_rect"] = methods(L.LinearOperatorZeros(2, 3, dtype=tf.float64, is_square=False,
                                                       is_self_adjoint=False), x3)
out["zeros_rect_square"] = raises(lambda: L.LinearOperatorZeros(2, 3))
out["identity_singular"] = raises(lambda: L.LinearOperatorIdentity(2, is_non_singular=False))
out["zeros_non_singular"] = raises(lambda: L.LinearOperatorZeros(2, is_non_singular=True))
out["negative_rows"] = raises(lambda: L.LinearOperatorIdentity(-1))
""",
        "linear_operator_toeplitz": RUN
        + LINOP
        + """
col = tf.constant([2., 0.5, -1.], tf.float64)
row = tf.constant([9., 0.25, 0.75], tf.float64)
out["toeplitz"] = methods(L.LinearOperatorToeplitz(col, row), x3)
cols = tf.constant([[1., 2.], [3., -1.]], tf.float64)
rows = tf.constant([[7., 4.], [0., 5.]], tf.float64)
ones = tf.ones([2, 2, 1], tf.float64)
out["toeplitz_batch"] = methods(L.LinearOperatorToeplitz(cols, rows), ones)
""",
        "linear_operator_adjoint_inversion": RUN
        + LINOP
        + """
full = L.LinearOperatorFullMatrix(a)
out["adjoint"] = methods(L.LinearOperatorAdjoint(full), x3)
out["inversion"] = methods(L.LinearOperatorInversion(full), x3)
rect = L.LinearOperatorFullMatrix(tf.constant([[1., 2., 3.], [4., 5., 6.]], tf.float64))
out["adjoint_rect"] = methods(L.LinearOperatorAdjoint(rect), tf.ones([2, 1], tf.float64))
out["inversion_singular"] = raises(lambda: L.LinearOperatorInversion(
    L.LinearOperatorFullMatrix(a, is_non_singular=False)))
out["names"] = [L.LinearOperatorAdjoint(full).name, L.LinearOperatorInversion(full).name]
""",
        "linear_operator_composition_blockdiag_kronecker": RUN
        + LINOP
        + """
full = L.LinearOperatorFullMatrix(a)
diag = L.LinearOperatorDiag(tf.constant([1.5, -2., 0.5], tf.float64))
out["composition"] = methods(L.LinearOperatorComposition([full, diag]), x3)
two = L.LinearOperatorFullMatrix(b)
wide = L.LinearOperatorFullMatrix(tf.constant([[1., 2., 3.], [4., 5., 6.]], tf.float64))
out["composition_rect"] = methods(L.LinearOperatorComposition([two, wide]), x3)
out["block_diag"] = methods(L.LinearOperatorBlockDiag([two, full]),
                            tf.constant(np.arange(10.).reshape(5, 2) / 3, tf.float64))
out["kronecker"] = methods(L.LinearOperatorKronecker([two, full]),
                           tf.constant(np.arange(12.).reshape(6, 2) / 5 - 1, tf.float64))
out["kronecker_rect"] = methods(L.LinearOperatorKronecker([two, wide]),
                                tf.constant(np.arange(12.).reshape(6, 2) / 5, tf.float64))
out["incompatible"] = raises(lambda: L.LinearOperatorComposition([full, two]))
out["incompatible_dense"] = raises(lambda: L.LinearOperatorComposition([full, two]).to_dense())
out["dtypes"] = raises(lambda: L.LinearOperatorComposition(
    [full, L.LinearOperatorIdentity(3)]))
out["empty"] = raises(lambda: L.LinearOperatorKronecker([]))
out["names"] = [L.LinearOperatorComposition([full, diag]).name,
                L.LinearOperatorBlockDiag([two, full]).name,
                L.LinearOperatorKronecker([two, full]).name]
""",
    }
)

# absl's flag errors are its own classes (tf.flags'), which `raises` names as TF's.
FLAG_ERRORS = """
def cls(fn):
    try:
        fn()
    except Exception as e:
        return type(e).__name__
"""

PROGRAMS.update(
    {
        "flags_mutual_exclusion_and_multi_validators": FLAG_ERRORS
        + """
flags = tf.flags
fv = flags.FlagValues()
flags.DEFINE_string("a", None, "a", flag_values=fv)
flags.DEFINE_string("b", None, "b", flag_values=fv)
flags.DEFINE_boolean("x", False, "x", flag_values=fv)
flags.DEFINE_boolean("y", False, "y", flag_values=fv)
flags.DEFINE_integer("lo", 1, "lo", flag_values=fv)
flags.DEFINE_integer("hi", 5, "hi", flag_values=fv)
flags.mark_flags_as_mutual_exclusive(["a", "b"], flag_values=fv)
flags.mark_bool_flags_as_mutual_exclusive(["x", "y"], flag_values=fv)
@flags.multi_flags_validator(["lo", "hi"], message="lo must not pass hi", flag_values=fv)
def ordered(values):
    return values["lo"] <= values["hi"]
out["ok"] = fv(["prog", "--a=1", "--x", "--lo=2"])
out["values"] = [fv.a, fv.b, fv.x, fv.y, fv.lo, fv.hi]
fv.unparse_flags()
out["both"] = cls(lambda: fv(["prog", "--a=1", "--b=2"]))
fv.unparse_flags()
out["both_bool"] = cls(lambda: fv(["prog", "--x", "--y"]))
fv.unparse_flags()
out["order"] = cls(lambda: fv(["prog", "--lo=9"]))
fv.unparse_flags()
fv(["prog"])
def set_hi():
    fv.hi = 0
out["set_breaks"] = cls(set_hi)
out["missing"] = cls(lambda: flags.register_multi_flags_validator(
    ["a", "nope"], lambda v: True, flag_values=fv))
gv = flags.FlagValues()
flags.DEFINE_string("p", None, "p", flag_values=gv)
flags.DEFINE_string("q", None, "q", flag_values=gv)
flags.mark_flags_as_mutual_exclusive(["p", "q"], required=True, flag_values=gv)
out["required_none"] = cls(lambda: gv(["prog"]))
gv.unparse_flags()
out["required_one"] = gv(["prog", "--q=z"])
""",
        "flags_defaults_aliases_lists": FLAG_ERRORS
        + """
flags = tf.flags
fv = flags.FlagValues()
n = flags.DEFINE_integer("n", 3, "n", flag_values=fv)
s = flags.DEFINE_string("s", "x", "s", flag_values=fv)
flags.DEFINE_alias("count", "n", flag_values=fv)
words = flags.DEFINE_spaceseplist("words", "a b", "w", flag_values=fv)
mixed = flags.DEFINE_spaceseplist("mixed", None, "m", comma_compat=True, flag_values=fv)
flags.set_default(n, 7)
out["default"] = [n.default, cls(lambda: n.value)]
fv(["prog", "--count=11", "--words=x  y\tz", "--mixed=p,q r"])
out["parsed"] = [fv.n, fv.count, words.value, mixed.value, words.default]
flags.set_default(n, 8)
out["after_set_default"] = [fv.n, n.default]
flags.override_value(s, "forced")
out["override"] = fv.s
out["override_bad"] = cls(lambda: flags.override_value(n, "12"))
out["alias_missing"] = cls(lambda: flags.DEFINE_alias("c2", "nope", flag_values=fv))
out["args"] = list(flags.flag_dict_to_args(
    {"a": None, "b": True, "c": False, "d": "v", "e": [1, 2], "f": 1.5, "g": ("p", "q")},
    multi_flags={"g"}))
flags.declare_key_flag("n", flag_values=fv)
out["declare_missing"] = cls(lambda: flags.declare_key_flag("nope", flag_values=fv))
out["adopt_bad"] = cls(lambda: flags.adopt_module_key_flags("np", flag_values=fv))
flags.adopt_module_key_flags(np, flag_values=fv)
flags.disclaim_key_flags()
out["app_flags"] = [tf.app.flags.DEFINE_alias is flags.DEFINE_alias,
                    tf.app.flags.mark_flags_as_mutual_exclusive is
                    flags.mark_flags_as_mutual_exclusive]
""",
    }
)

PROGRAMS.update(
    {
        "module_tracking_and_scopes": RUN
        + """
class Dense(tf.Module):
    def __init__(self, n_in, n_out, name=None):
        super().__init__(name=name)
        with self.name_scope:
            self.w = tf.Variable(tf.ones([n_in, n_out]) * 0.5, name="w")
            self.b = tf.Variable(tf.zeros([n_out]), name="b", trainable=False)

    @tf.Module.with_name_scope
    def __call__(self, x):
        return tf.nn.relu(tf.matmul(x, self.w) + self.b)

class Block(tf.Module):
    def __init__(self):
        super().__init__()
        self.inner = Dense(3, 3, name="inner")

class MLP(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.layers = [Dense(2, 3), Block(), Dense(3, 1, name="out")]
        self.extra = {"z": tf.Variable(2.0, name="z"), "a": tf.Variable(1.0, name="a")}
        self.same = self.layers[0]

    def __call__(self, x):
        for layer in self.layers:
            x = layer.inner(x) if isinstance(layer, Block) else layer(x)
        return x * self.extra["z"]

m = MLP()
y = m(tf.constant([[1., 2.]]))
y2 = m(tf.constant([[3., -1.]]))
out["names"] = [m.name, m.name_scope.name, y.name, y2.name,
                [v.name for v in m.variables], [v.name for v in m.trainable_variables],
                [v.name for v in m.non_trainable_variables], [s.name for s in m.submodules],
                [v.name for v in m.layers[1].variables]]
grads = tf.gradients(y, list(m.trainable_variables))
out["unused"] = [g is None for g in grads]
grads = [g for g in grads if g is not None]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = [np.asarray(v).tolist() for v in sess.run([y, y2] + grads)]
again = MLP(name="mlp")
out["again"] = [again.name, [v.name for v in again.variables][:3]]
out["bad_name"] = raises(lambda: tf.Module(name="bad name"))
out["plain"] = [tf.Module().name, tf.Module(name="m2").variables, tf.Module().submodules]
""",
    }
)


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--graph"]:
        write_graph(sys.argv[2])
    else:
        harness.main(PROGRAMS)
