"""Which dtypes TF1's common math and nn ops take, and what they compute on each: every op
below run on int8 ... uint64, float16/32/64 and complex64/128 under `tf.compat.v1`, each
in a graph of its own (a node without a kernel fails every later run of its graph), the
dtype and values it gave or where it refused (at build or at run) and with what class
(dev-only). Run unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_op_dtypes.py.

    /work/tfvenv/bin/python tests/reference/tf1_op_dtypes.py \
        > tests/unit/engine/fixtures/tf1_op_dtypes.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# Helpers every program shares: `table(fn)` is {dtype: [out dtype, values] or
# ["build" | "run", class]} for `fn(x, dtype)` of a constant `x` of each dtype.
PREFIX = """
DTYPES = ("int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
          "float16", "float32", "float64", "complex64", "complex128")
def values(name):
    if name.startswith("uint"):
        return [0, 1, 2, 7, 200]
    if name.startswith("int"):
        return [-3, -1, 0, 2, 7]
    if name.startswith("float"):
        return [-2.5, -1.0, 0.0, 0.5, 7.0]
    return [-2.5 + 1j, -1, 0, 0.5 - 2j, 7]
def plainv(v):
    v = np.asarray(v)
    if v.dtype.kind == "c":
        return [[float(z.real), float(z.imag)] for z in v.ravel()]
    if v.dtype.kind == "f":
        return [None if np.isnan(z) else float(z) for z in v.ravel()]
    return [int(z) for z in np.asarray(v).ravel()]
def table(fn):
    res = {}
    for name in DTYPES:
        # A graph each: once a graph holds a node without a kernel, TF fails every run.
        with tf.Graph().as_default():
            res[name] = cell(fn, name)
    return res
def cell(fn, name):
    dt = getattr(tf, name)
    x = tf.constant(np.array(values(name)).astype(name), dt)
    built, got = [], []
    err = raises(lambda: built.append(fn(x, dt)))
    if err:
        return ["build", err]
    def run():
        with tf.Session() as sess:
            got.append(sess.run(built[0]))
    err = raises(run)
    if err:
        return ["run", err]
    return [built[0].dtype.name, plainv(got[0])]
"""

# op name: the TF1 expression of `x` (a 5-vector) and `dt` (its dtype) it computes.
OPS = {
    "relu": "tf.nn.relu(x)",
    "relu6": "tf.nn.relu6(x)",
    "elu": "tf.nn.elu(x)",
    "selu": "tf.nn.selu(x)",
    "leaky_relu": "tf.nn.leaky_relu(x)",
    "softplus": "tf.nn.softplus(x)",
    "softsign": "tf.nn.softsign(x)",
    "round": "tf.round(x)",
    "rint": "tf.rint(x)",
    "abs": "tf.abs(x)",
    "neg": "tf.negative(x)",
    "sign": "tf.sign(x)",
    "square": "tf.square(x)",
    "sqrt": "tf.sqrt(x)",
    "rsqrt": "tf.rsqrt(x)",
    "exp": "tf.exp(x)",
    "log": "tf.log(x)",
    "floor": "tf.floor(x)",
    "ceil": "tf.ceil(x)",
    "sigmoid": "tf.sigmoid(x)",
    "tanh": "tf.tanh(x)",
    "reciprocal": "tf.reciprocal(x)",
    "bias_add": "tf.nn.bias_add(tf.reshape(x, [5, 1]), tf.ones([1], dt))",
    "add": "x + x",
    "sub": "x - x",
    "mul": "x * x",
    "maximum": "tf.maximum(x, x[::-1])",
    "minimum": "tf.minimum(x, x[::-1])",
    "floordiv": "tf.floordiv(x, x[::-1])",
    "floormod": "tf.floormod(x, x[::-1])",
    "truediv": "tf.truediv(x, x[::-1])",
    "pow": "tf.pow(x, x[::-1])",
    "squared_difference": "tf.squared_difference(x, x[::-1])",
    "reduce_sum": "tf.reduce_sum(x)",
    "reduce_max": "tf.reduce_max(x)",
    "reduce_min": "tf.reduce_min(x)",
    "reduce_prod": "tf.reduce_prod(x)",
    "reduce_mean": "tf.reduce_mean(x)",
    "argmax": "tf.argmax(x)",
    "cumsum": "tf.cumsum(x)",
    "matmul": "tf.matmul(tf.reshape(x, [5, 1]), tf.reshape(x, [1, 5]))",
    "equal": "tf.equal(x, x[::-1])",
    "less": "tf.less(x, x[::-1])",
    "softmax": "tf.nn.softmax(tf.reshape(x, [1, 5]))",
    "l2_loss": "tf.nn.l2_loss(x)",
    "is_nan": "tf.is_nan(x)",
    "clip": "tf.clip_by_value(x, x[1], x[3])",
    "zeros_like": "tf.zeros_like(x)",
    "cast_f32": "tf.cast(x, tf.float32)",
    "conj": "tf.conj(x)",
    "real": "tf.real(x)",
    "angle": "tf.angle(x)",
    "sin": "tf.sin(x)",
    "expm1": "tf.expm1(x)",
    "log1p": "tf.log1p(x)",
    "reduce_any_eq": "tf.reduce_any(tf.equal(x, x))",
    "tile": "tf.tile(x, [2])",
    "top_k": "tf.nn.top_k(x, 2).values",
    "sort": "tf.sort(x)",
    "segment_sum": "tf.segment_sum(x, [0, 0, 1, 1, 2])",
    "unsorted_segment_max": "tf.unsorted_segment_max(x, [0, 0, 1, 1, 2], 3)",
    "bincount_w": "tf.math.bincount([0, 1, 1, 2, 4], weights=x)",
    "add_n": "tf.add_n([x, x, x])",
}

PROGRAMS = {name: f"out.update(table(lambda x, dt: {expr}))" for name, expr in OPS.items()}
PROGRAMS["complex_gradients"] = """
z = tf.constant([1.5 - 0.5j, -2.0 + 1.0j, 0.5 + 2.0j], tf.complex64)
w = tf.constant([0.5 + 1.0j, 1.0 - 1.0j, -1.0 + 0.0j], tf.complex64)
def grad(y):
    with tf.Session() as sess:
        return [[float(v.real), float(v.imag)] for v in sess.run(tf.gradients(y, z)[0])]
out["prod"] = grad(tf.abs(tf.reduce_prod(z)))
out["cumsum"] = grad(tf.abs(tf.reduce_sum(tf.cumsum(z) * w)))
out["bias_add"] = grad(tf.abs(tf.reduce_sum(tf.nn.bias_add(tf.reshape(z, [3, 1]), w[:1]) * w)))
out["segment_sum"] = grad(tf.abs(tf.reduce_sum(tf.segment_sum(z, [0, 0, 1]) * w[:2])))
out["squared_difference"] = grad(tf.abs(tf.reduce_sum(tf.squared_difference(z, w))))
out["sign"] = grad(tf.abs(tf.reduce_sum(tf.sign(z) * w)))
"""


if __name__ == "__main__":
    harness.main(PROGRAMS, prefix=PREFIX)
