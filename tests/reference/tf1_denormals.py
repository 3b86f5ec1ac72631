"""Record what TensorFlow 1.x computes where values fall below the smallest normal float
(dev-only): TF's CPU kernels run with flush-to-zero and denormals-are-zero set.

    /work/tfvenv/bin/python tests/reference/tf1_denormals.py \
        > tests/unit/engine/fixtures/tf1_denormals.json

Each program is TF1 code run unchanged but for the module bound to `tf`, storing what it
observed in `out[...]` (a zero's sign as `signbit`); `tests/unit/engine/test_denormals.py`
runs the same text against graphgate and compares without an absolute tolerance, so a
subnormal is never taken for zero.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PRELUDE = """
def R(d, feed=None):
    with tf.Session() as s:
        got = s.run(d, feed)
    for k, v in got.items():
        a = np.asarray(v)
        out[k] = np.stack([a.real, a.imag], -1).tolist() if a.dtype.kind == "c" else a.tolist()
        if a.dtype.kind == "f":
            out[k + ".signbit"] = np.signbit(a).tolist()
"""

PROGRAMS = {
    "results_below_normal_are_zero": PRELUDE
    + """
x = tf.placeholder(tf.float32, [3])
y = tf.placeholder(tf.float64, [2])
R({
    "exp32": tf.exp(tf.constant([-100.0, -87.0, -80.0])),
    "exp64": tf.exp(tf.constant([-720.0, -700.0], tf.float64)),
    "exp_fed": tf.exp(x - 100.0),
    "product": tf.constant(1e-30) * tf.constant(1e-10),
    "product_fed": x * 1e-37,
    "product64": y * 1e-300,
    "log_of_exp": tf.log(tf.exp(tf.constant(-100.0))),
    "sigmoid": tf.sigmoid(tf.constant([-100.0, -90.0, 0.0])),
    "softmax": tf.nn.softmax(tf.constant([[0.0, -100.0, -200.0]])),
    "log_softmax": tf.nn.log_softmax(tf.constant([[0.0, -100.0]])),
    "cast_down": tf.cast(tf.constant([1e-40, 1e-30], tf.float64), tf.float32),
    "complex_exp": tf.exp(tf.complex(tf.constant([-100.0, 0.0]), tf.constant([0.0, 1.0]))),
    "half": tf.constant([1e-6, 1e-4], tf.float16) * tf.constant(1.0, tf.float16),
}, {x: [0.0, 10.0, 20.0], y: [1e-10, 1e-5]})
""",
    "subnormal_inputs_count_as_zero": PRELUDE
    + """
q = tf.placeholder(tf.float32, [4])
d = tf.placeholder(tf.float64, [2])
m = tf.placeholder(tf.float32, [1, 2])
R({
    "identity": tf.identity(q),
    "times_one": q * 1.0,
    "scaled": q * 1e30,
    "plus_zero": q + 0.0,
    "sum": tf.reduce_sum(q),
    "sqrt_negative": tf.sqrt(-q),
    "equal_zero": tf.equal(q, 0.0),
    "greater_zero": tf.greater(q, 0.0),
    "to_float64": tf.cast(q, tf.float64),
    "to_int": tf.cast(q * 1e30, tf.int32),
    "float64": d * 1.0,
    "matmul": tf.matmul(m, tf.constant([[1.0], [1e30]])),
    "abs": tf.abs(-q),
    "maximum": tf.maximum(q, 0.0),
}, {q: [1e-45, 1e-40, 1e-38, 1.2e-38], d: [1e-310, 1e-300], m: [[1e-40, 1e-40]]})
""",
    "copies_keep_subnormals_where_tf_copies": PRELUDE
    # TF's kernels copy where nothing is computed: a reduction of one element each (its
    # ReductionHelper reshapes), a sorted segment of one row, elu's x where x < 0 is false.
    # Its running sums and products start from 0 and 1, so even the first is computed.
    + """
q = tf.placeholder(tf.float32, [None])
m = tf.placeholder(tf.float32, [None, 1])
c = tf.placeholder(tf.complex64, [1])
d = tf.placeholder(tf.float64, [1, 2])
R({
    "sum_axis": tf.reduce_sum(m, 1),
    "mean_axis": tf.reduce_mean(m, 1, keepdims=True),
    "prod_axis": tf.reduce_prod(m, -1),
    "max_axis": tf.reduce_max(m, 1),
    "min_axis": tf.reduce_min(m, 1),
    "sum_all_one": tf.reduce_sum(q[:1]),
    "mean_all_one": tf.reduce_mean(q[1:2]),
    "sum_64": tf.reduce_sum(d, 0),
    "sum_complex": tf.reduce_sum(c),
    "sum_many": tf.reduce_sum(m, 0),
    "segment_sum": tf.segment_sum(q, [0, 1, 1, 2]),
    "segment_mean": tf.segment_mean(q, [0, 1, 2, 2]),
    "segment_max": tf.segment_max(q, [0, 1, 2, 3]),
    "segment_min": tf.segment_min(q, [0, 0, 1, 2]),
    "segment_prod": tf.segment_prod(q, [0, 1, 2, 3]),
    "unsorted_sum": tf.unsorted_segment_sum(q, [0, 1, 2, 3], 4),
    "cumsum": tf.cumsum(q),
    "cumsum_reverse": tf.cumsum(q, reverse=True),
    "cumsum_exclusive": tf.cumsum(q, exclusive=True),
    "cumprod": tf.cumprod(q),
    "cumprod_reverse": tf.cumprod(q, reverse=True),
    "cumsum_64": tf.cumsum(d, 1),
    "elu": tf.nn.elu(q),
}, {
    q: [1e-40, -2e-39, -0.0, 1e-44],
    m: [[1e-40], [-2e-39], [-0.0]],
    c: [1e-40 - 1e-40j],
    d: [[1e-310, -0.0]],
})
""",
    "a_quotients_gradient_divides_twice": PRELUDE
    # TF's _RealDivGrad is grad * ((-x / y) / y): y * y would be flushed to 0 for a small y
    # (a 0 * inf NaN or an inf where TF's is finite), and rounds differently everywhere.
    + """
x = tf.placeholder(tf.float32, [None])
y = tf.placeholder(tf.float32, [None])
x64 = tf.placeholder(tf.float64, [None])
y64 = tf.placeholder(tf.float64, [None])
gx, gy = tf.gradients(tf.reduce_sum(x / y), [x, y])
g64 = tf.gradients(tf.reduce_sum(x64 / y64 * 2.0), y64)[0]
R({"gx": gx, "gy": gy, "g64": g64}, {
    x: [1e-10, 0.0, 3.0, 1.0, 7.0, -2.0],
    y: [1e-20, 1e-20, 7.0, 3.0, 1e-3, 1e-19],
    x64: [1e-150, 0.0, 3.0, 0.1],
    y64: [1e-160, 1e-160, 7.0, 0.3],
})
""",
    "a_trained_step_underflows_as_tf": PRELUDE
    + """
w = tf.Variable([[0.0, -50.0], [0.0, -50.0]])
x = tf.constant([[1.0, 1.0]])
logits = tf.matmul(x, w)
loss = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits_v2(labels=[[1.0, 0.0]], logits=logits))
g = tf.gradients(loss, w)[0]
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["grad"] = s.run(g).tolist()
    out["probs"] = s.run(tf.nn.softmax(logits)).tolist()
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
