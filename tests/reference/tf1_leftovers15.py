"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: `tf.fill` of a
scalar `dims` (refused: TF's Fill takes a vector; `zeros` and `ones` reshape a scalar to
one), dilated pooling and `with_space_to_batch` over spatial sizes known only when run
(TF computes the paddings then). Run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_leftovers15.py:

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_leftovers15.py \\
        > tests/unit/engine/fixtures/tf1_leftovers15.json
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    # Fill refuses a scalar dims however it is given; zeros and ones read it as [n].
    "fill_of_a_scalar_dims": """
p = tf.placeholder(tf.int32, [])
for name, dims in (
    ("int", 3), ("np_int64", np.int64(3)), ("np_0d", np.array(3)),
    ("tensor", tf.constant(3)), ("placeholder", p),
):
    out["fill_" + name] = raises(lambda: tf.fill(dims, 1.0))
    for fn in (tf.zeros, tf.ones):
        t = fn(dims)
        out[fn.__name__ + "_" + name + "_shape"] = t.shape.as_list()
        with tf.Session() as sess:
            out[fn.__name__ + "_" + name] = sess.run(t, {p: 3}).tolist()
with tf.Session() as sess:
    out["fill_vector"] = sess.run(tf.fill(np.array([2]), 7)).tolist()
    out["fill_empty"] = sess.run(tf.fill([], 7)).tolist()
""",
    # tf.nn.pool dilated over a placeholder of unknown height and width: values and the
    # gradient of a sum of squares (MAX and AVG, 2-D and 1-D).
    "dilated_pool_of_unknown_spatial_sizes": """
x = tf.placeholder(tf.float32, [2, None, None, 3])
xv = (np.arange(2 * 9 * 10 * 3, dtype=np.float32).reshape(2, 9, 10, 3) * 7) % 11 - 5
for kind in ("MAX", "AVG"):
    for rate in ([2, 2], [2, 3], [1, 2]):
        y = tf.nn.pool(x, [2, 3], kind, padding="VALID", dilation_rate=rate)
        g = tf.gradients(tf.reduce_sum(y * y), x)[0]
        key = kind + "_" + "x".join(map(str, rate))
        out[key + "_shape"] = y.shape.as_list()
        with tf.Session() as sess:
            a, b = sess.run([y, g], {x: xv})
        out[key] = a.tolist()
        out[key + "_grad"] = b.tolist()
    out[kind + "_same"] = raises(
        lambda: tf.nn.pool(x, [2, 2], kind, padding="SAME", dilation_rate=[2, 2]))
s = tf.placeholder(tf.float32, [1, None, 2])
y = tf.nn.pool(s, [3], "MAX", padding="VALID", dilation_rate=[3])
with tf.Session() as sess:
    out["MAX_1d"] = sess.run(y, {s: xv[:1, :, 0, :2]}).tolist()
""",
    # with_space_to_batch of a convolution, SAME and VALID, and a dilated strided
    # depthwise convolution (TF's with_space_to_batch too), over unknown sizes; the
    # paddings of sizes fed.
    "with_space_to_batch_of_unknown_spatial_sizes": """
rng = np.random.RandomState(0)
x = tf.placeholder(tf.float32, [1, None, None, 2])
xv = rng.randn(1, 9, 8, 2).astype(np.float32)
w = tf.constant(rng.randn(3, 3, 2, 2).astype(np.float32))
ones = tf.ones([3, 3, 2, 1])
for pad in ("SAME", "VALID"):
    y = tf.nn.with_space_to_batch(
        x, [2, 2], pad, lambda t, n, p: tf.nn.conv2d(t, ones, [1, 1, 1, 1], p), [3, 3])
    d = tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], pad, rate=[2, 2])
    g = tf.gradients(tf.reduce_sum(d * d), x)[0]
    with tf.Session() as sess:
        a, b, c = sess.run([y, d, g], {x: xv})
    out["conv_" + pad] = a.tolist()
    out["depthwise_" + pad] = b.tolist()
    out["depthwise_grad_" + pad] = c.tolist()
sizes = tf.placeholder(tf.int32, [2])
paddings, crops = tf.required_space_to_batch_paddings(sizes, [2, 3], [[1, 0], [2, 2]])
with tf.Session() as sess:
    for n in ([5, 7], [4, 2], [1, 1]):
        got = sess.run([paddings, crops], {sizes: n})
        out["paddings_%d_%d" % tuple(n)] = [v.tolist() for v in got]
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
