"""A seventh round of TensorFlow's own kernel tests as TF1 programs, recorded (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_kernel_tests7.py \
        > tests/unit/engine/fixtures/tf1_kernel_tests7.json

The six earlier rounds (tf1_kernel_tests.py to 6; their docstrings list them) took about a
hundred and sixty kernel-test files. This round takes files of ops graphgate has that none
of them cited: the gradient tests beside the ops (tensorflow/python/ops/math_grad_test,
nn_grad_test, array_grad_test and image_grad_test: second-order activations and pools,
ties in min/max and segment reductions, prod of zeros, euclidean_norm at zero, xlogy and
friends at zero, resize and crop_and_resize and rgb_to_hsv gradients), linalg/
(matrix_triangular_solve_op_test), nn_ops/ (separable_conv2d_patch_test, rnn_cell_test's
cells with constant weights, rnn_test's dynamic, bidirectional and static RNNs at their
edges) and beside them nn_fused_batchnorm_test and nn_impl_test
(fused batch norm's modes, sampled losses of given samples, moments' helpers), image_ops/
(decode_png_op_test, decode_bmp_op_test, decode_jpeg_op_test, decode_image_op_test,
extract_volume_patches_op_test), sparse_ops/
(sparse_tensor_dense_matmul_grad_test, sparse_matmul_op_test), random/
(random_binomial_test, random_grad_test, random_shuffle_queue_test), variables/
(variable_ops_test, partitioned_variables_test) and array_ops/weights_broadcast_test.

The programs run after tf1_kernel_tests2.PREFIX (`run`, `v`, `fails`, `shape`, `cv`,
`built`) and store what they observed in `out[...]`; `tests/unit/engine/
test_tf1_kernel_tests7.py` runs the same text against graphgate.
"""

from __future__ import annotations

import collections

try:
    from tests.reference import harness
    from tests.reference.tf1_kernel_tests2 import PREFIX
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    from tf1_kernel_tests2 import PREFIX

# Helpers of this round: a gradient's value, and the theoretical Jacobian
# tf.test.compute_gradient builds (its numeric one rounds with the kernel's dtype).
PREFIX7 = (
    PREFIX
    + """
def grads(y, xs, w=None):
    # Each gradient's value (an IndexedSlices densified), None where TF has none.
    ys = y if w is None else y * w
    gs = tf.gradients(ys, xs)
    got = iter(run([tf.convert_to_tensor(g) for g in gs if g is not None]))
    return [None if g is None else v(next(got)) for g in gs]

def cgrads(y, xs):
    # A complex y's gradients (TF asks for grad_ys): ones.
    got = run(tf.gradients(y, xs, grad_ys=tf.ones_like(y)))
    return [cv(g) for g in got]

def jacobian(x, y, init=None):
    with tf.Session() as sess:
        theirs, numeric = tf.test.compute_gradient(x, x.shape.as_list(), y, y.shape.as_list(),
                                                   x_init_value=init)
    return [np.asarray(theirs).tolist(), float(np.max(np.abs(theirs - numeric)))]
"""
)

MATH_GRAD = {
    # ------------------------------------------------------ math_grad_test: squared_difference
    "squared_difference_grad": """
rng = np.random.RandomState(7)
for ls, rs in (([1, 2, 3, 2], [3, 2]), ([2, 4], [3, 2, 4])):
    l = tf.constant(rng.randn(*ls))
    r = tf.constant(rng.randn(*rs))
    d = tf.squared_difference(l, r)
    w = tf.constant(rng.randn(*d.shape.as_list()))
    out["grad_%d%d" % (len(ls), len(rs))] = grads(d, [l, r], w)
    out["shape_%d%d" % (len(ls), len(rs))] = shape(d)
x = tf.constant([1.0, -2.0], tf.float16)
out["f16"] = grads(tf.squared_difference(x, tf.constant(0.5, tf.float16)), [x])
ci = tf.constant([1 + 2j, -1j], tf.complex64)
out["complex"] = cgrads(tf.squared_difference(ci, tf.constant(1j, tf.complex64)), [ci])
""",
    # ------------------------------------------------------------------- AbsOpTest
    "abs_grad": """
x = tf.constant([-1.5, 0.0, -0.0, 2.0, np.inf, np.nan])
out["float"] = grads(tf.abs(x), [x])
xi = tf.constant([-3, 0, 4])
out["int_none"] = tf.gradients(tf.abs(tf.cast(xi, tf.float32)), xi)[0] is None
c = tf.constant([3 + 4j, 0j, -1j], tf.complex64)
out["complex"] = cv(run(tf.gradients(tf.abs(c), c)[0]))
c128 = tf.constant([1 - 1j, 0j], tf.complex128)
out["complex128"] = cv(run(tf.gradients(tf.abs(c128) * [2.0, 3.0], c128)[0]))
out["f64"] = grads(tf.abs(tf.constant([-2.0, 0.5], tf.float64)),
                   [tf.constant([0.0], tf.float64)])
""",
    # ------------------------------------------- MinOrMaxGradientTest, MaximumOrMinimumGradient
    "min_max_ties_grad": """
x = tf.constant([1.0])
out["reduce_min_dup"] = grads(tf.reduce_min(tf.concat([x, x], 0)), [x])
out["reduce_max_dup"] = grads(tf.reduce_max(tf.concat([x, x, x], 0)), [x])
m = tf.constant([[1.0, 3.0, 3.0], [2.0, 2.0, -1.0]])
out["max_axis1"] = grads(tf.reduce_max(m, 1), [m])
out["min_axis0_keep"] = grads(tf.reduce_min(m, 0, keepdims=True), [m])
out["max_all"] = grads(tf.reduce_max(m), [m])
out["max_neg_axis"] = grads(tf.reduce_max(m, -1) * [1.0, 10.0], [m])
n = tf.constant([1.0, np.nan, 3.0])
out["max_nan"] = grads(tf.reduce_max(n), [n])
i = tf.constant([1.0, 2.0, 3.0, 4.0])
out["maximum_tie"] = grads(tf.maximum(i, 3.0), [i])
out["minimum_tie"] = grads(tf.minimum(i, 2.0), [i])
j = tf.constant([2.0, 2.0, 5.0])
k = tf.constant([2.0, 3.0, 1.0])
out["maximum_both"] = grads(tf.maximum(j, k), [j, k])
out["minimum_both"] = grads(tf.minimum(j, k), [j, k])
out["maximum_broadcast"] = grads(tf.maximum(tf.reshape(j, [3, 1]), k), [j, k])
out["maximum_f64"] = grads(tf.maximum(tf.constant([1.0, 4.0], tf.float64), 2.0),
                           [tf.constant(0.0, tf.float64)])
""",
    # ------------------------------------------------------------------- ProdGradientTest
    "prod_grad": """
a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
out["all"] = grads(tf.reduce_prod(a), [a])
out["neg_axis"] = grads(tf.reduce_prod(a, -1), [a])
out["keepdims"] = grads(tf.reduce_prod(a, 0, keepdims=True) * [[1.0, 2.0]], [a])
z = tf.constant([[0.0, 2.0, 3.0], [0.0, 0.0, 5.0]])
out["zeros"] = grads(tf.reduce_prod(z, 1), [z])
out["zeros_all"] = grads(tf.reduce_prod(z), [z])
e = tf.zeros([0, 3])
out["empty"] = grads(tf.reduce_prod(e, 0), [e])
c = tf.constant([[1 + 3j, 2 - 1j], [3j, 4]], tf.complex64)
out["complex"] = cgrads(tf.reduce_prod(c), [c])
out["complex_neg_axis"] = cgrads(tf.reduce_prod(tf.cast(c, tf.complex128), -1), [c])
out["axes_list"] = grads(tf.reduce_prod(tf.reshape(tf.range(1.0, 9.0), [2, 2, 2]), [0, 2]),
                         [a])
t = tf.reshape(tf.range(1.0, 9.0), [2, 2, 2])
out["axes_02"] = grads(tf.reduce_prod(t, [0, 2]), [t])
""",
    # ------------------------------------------------------------ EuclideanNormGradientTest
    "euclidean_norm_grad": """
for dt in (tf.float32, tf.float64):
    x = tf.constant([3.0, -4.0], dt)
    out["two_" + dt.name] = grads(tf.math.reduce_euclidean_norm(x), [x])
    z = tf.constant([0.0, -0.0], dt)
    out["zeros_" + dt.name] = grads(tf.math.reduce_euclidean_norm(z), [z])
    nz = tf.constant([1.0, -0.0], dt)
    g = run(tf.gradients(tf.math.reduce_euclidean_norm(nz), nz)[0])
    out["neg_zero_" + dt.name] = [v(g), np.signbit(g).tolist()]
m = tf.constant([[-3.0, 5.0], [7.0, 11.0]])
out["axis0"] = grads(tf.math.reduce_euclidean_norm(m, 0), [m])
out["axis1_keep"] = grads(tf.math.reduce_euclidean_norm(m, 1, keepdims=True), [m])
out["chain"] = grads(tf.math.reduce_euclidean_norm(m) * 5.0, [m])
c = tf.constant([[[-3.0, 5.0], [7.0, 11.0]], [[13.0, 17.0], [19.0, 23.0]]])
out["3d_axis2"] = grads(tf.math.reduce_euclidean_norm(c, 2), [c])
out["int_value"] = v(run(tf.math.reduce_euclidean_norm(tf.constant([3, 4]))))
out["int_axis"] = v(run(tf.math.reduce_euclidean_norm(tf.constant([[3, 4], [5, 12]]), 1)))
out["complex"] = cv(run(tf.math.reduce_euclidean_norm(tf.constant([3 + 4j, 0j]))))
out["empty"] = v(run(tf.math.reduce_euclidean_norm(tf.zeros([0]))))
""",
    # ------------------------------------------------------ SegmentMinOrMaxGradientTest
    "segment_minmax_grad": """
d = tf.constant([1.0, 2.0, 3.0])
ids = tf.constant([0, 0, 1], tf.int64)
out["min"] = grads(tf.segment_min(d, ids), [d])
out["max"] = grads(tf.segment_max(d, ids), [d])
x = tf.constant([1.0])
dup = tf.concat([x, x], 0)
out["min_ties"] = grads(tf.segment_min(dup, tf.constant([0, 0], tf.int64)), [x])
out["max_ties"] = grads(tf.segment_max(dup, tf.constant([0, 0], tf.int64)), [x])
t = tf.constant([[1.0, 5.0], [1.0, 2.0], [0.0, 5.0], [4.0, 4.0]])
out["max_ties_2d"] = grads(tf.segment_max(t, [0, 0, 0, 1]), [t])
out["unsorted_max_ties"] = grads(tf.unsorted_segment_max(t, [1, 1, 0, 1], 3), [t])
out["unsorted_min_empty"] = grads(tf.unsorted_segment_min(t, [2, 2, 2, 2], 3) * 0.0
                                  + tf.unsorted_segment_min(t, [2, 2, 2, 2], 3), [t])
out["unsorted_min_value"] = v(run(tf.unsorted_segment_min(t, [2, 2, 2, 2], 3)))
""",
    # --------------------------------- FloorMod, DivNoNan, MulNoNan, Xlogy, Xlog1py, Xdivy
    "elementwise_grads_at_zero": """
ns = tf.constant([17.0])
i = tf.constant([131.0])
out["floormod"] = grads(tf.floormod(i, ns), [i, ns])
x = tf.constant(np.arange(-3, 3), tf.float32)
out["div_no_nan"] = grads(tf.div_no_nan(x, 1 + tf.abs(x)), [x])
y = tf.zeros_like(x)
out["div_no_nan_zero"] = grads(tf.div_no_nan(x, y), [x, y])
xv = tf.constant([0.0, 1.0, np.nan, np.inf, -np.inf])
yz = tf.zeros_like(xv)
out["mul_no_nan_zero"] = grads(tf.raw_ops.MulNoNan(x=xv, y=yz), [xv, yz])
out["mul_no_nan_value"] = v(run(tf.raw_ops.MulNoNan(x=xv, y=yz)))
for dt in (tf.float16, tf.float32, tf.float64):
    for xs, ys in ((0.1, 3.1), (0.0, 3.1), (0.1, 0.0), (0.0, 0.0), (0.1, -1.0), (0.0, -1.0)):
        a = tf.constant(xs, dt)
        b = tf.constant(ys, dt)
        key = "%s_%s_%s" % (dt.name, xs, ys)
        out["xlogy_" + key] = grads(tf.math.xlogy(a, b), [a, b])
        out["xlog1py_" + key] = grads(tf.math.xlog1py(a, b), [a, b])
        out["xdivy_" + key] = grads(tf.math.xdivy(a, b), [a, b])
""",
    # ------------------------------------------------------------ PowGradTest, NextAfterTest
    "pow_nextafter_grad": """
x = tf.constant([-1.0, 0.0, 1.0])
out["pow2"] = grads(tf.pow(x, 2), [x])
out["pow2_int_exp"] = grads(tf.pow(x, tf.constant(2.0)), [x])
e = tf.constant([0.5, 2.0, 3.0])
out["pow_exp_grad"] = grads(tf.pow(x, e), [x, e])
b = tf.constant([0.0, 2.0, -2.0])
out["pow_zero_base_exp"] = grads(tf.pow(b, tf.constant([2.0, 2.0, 2.0])), [b])
c = tf.constant([1 + 1j, 0j], tf.complex64)
out["pow_complex"] = cgrads(tf.pow(c, tf.constant(2 + 0j, tf.complex64)), [c])
for dt in (tf.float32, tf.float64):
    x1 = tf.constant(0.1, dt)
    x2 = tf.constant(3.1, dt)
    g = tf.gradients(tf.math.nextafter(x1, x2), [x1, x2])
    out["nextafter_" + dt.name] = [None if t is None else v(run(t)) for t in g]
y1 = tf.constant([-1.0, 0.0, 1.0, 2.0, 3.0])
out["nextafter_broadcast"] = grads(tf.math.nextafter(y1, tf.constant([2.0])), [y1])
""",
}

NN_GRAD = {
    # ---------------------------------------------------- nn_grad_test: second derivatives
    "activation_gradgrad": """
x = tf.constant([[-2.0, -1.0, 0.0, 1.0, 3.0], [5.0, 6.0, 7.0, 8.0, 9.0]])
def gg(f, w=None):
    g = tf.gradients(f(x), x)[0]
    return built(lambda: grads(g if w is None else g * w, [x]))
out["relu6"] = gg(tf.nn.relu6)
out["relu6_first"] = grads(tf.nn.relu6(x), [x])
out["relu"] = gg(tf.nn.relu)
out["elu"] = gg(tf.nn.elu)
out["elu_first"] = grads(tf.nn.elu(x), [x])
out["selu"] = gg(tf.nn.selu)
out["selu_first"] = grads(tf.nn.selu(x), [x])
out["softplus"] = gg(tf.nn.softplus)
out["softsign"] = gg(tf.nn.softsign)
out["leaky_relu"] = gg(lambda t: tf.nn.leaky_relu(t, 0.3))
out["leaky_relu_first"] = grads(tf.nn.leaky_relu(x, 0.3), [x])
out["swish"] = grads(tf.nn.swish(x), [x])
out["swish_gg"] = gg(tf.nn.swish)
out["sigmoid_gg"] = gg(tf.sigmoid)
out["tanh_gg"] = gg(tf.tanh)
out["log_softmax_gg"] = gg(tf.nn.log_softmax, tf.constant([[1.0, 2, 3, 4, 5], [0, 1, 0, 1, 0]]))
out["softmax_gg"] = gg(tf.nn.softmax, tf.constant([[1.0, 2, 3, 4, 5], [0, 1, 0, 1, 0]]))
h = tf.constant([-1.0, 0.0, 2.0], tf.float64)
out["elu_f64"] = grads(tf.gradients(tf.nn.elu(h), h)[0], [h])
out["selu_f16"] = grads(tf.nn.selu(tf.constant([-1.0, 0.0, 2.0], tf.float16)),
                        [tf.constant(0.0, tf.float16)])
out["relu6_jac"] = jacobian(x, tf.gradients(tf.nn.relu6(x), x)[0],
                            np.array([[-3.5, -1.5, 2, 4, 0.5], [4.5, 7.5, 8.5, 11, 5.5]]))[0]
""",
    # ------------------------------------------------------------ nn_fused_batchnorm_test
    "fused_batch_norm_cases": """
rng = np.random.RandomState(21)
x = tf.constant(rng.randn(2, 3, 2, 4), tf.float32)
scale = tf.constant([1.0, 2.0, 0.5, -1.0])
offset = tf.constant([0.0, 0.1, -0.2, 1.0])
w = tf.constant(rng.randn(2, 3, 2, 4), tf.float32)
y, m, var = tf.nn.fused_batch_norm(x, scale, offset, epsilon=0.01)
out["train"] = v(run([y, m, var]))
out["train_grads"] = grads(y, [x, scale, offset], w)
mean = tf.constant([0.1, -0.1, 0.2, 0.0])
variance = tf.constant([1.0, 0.5, 2.0, 0.1])
yi, mi, vi = tf.nn.fused_batch_norm(x, scale, offset, mean, variance, 0.001, is_training=False)
out["inference"] = v(run(yi))
out["inference_grads"] = grads(yi, [x, scale, offset, mean, variance], w)
ye, me, ve = tf.nn.fused_batch_norm(x, scale, offset, mean, variance, 0.001,
                                    exponential_avg_factor=0.3)
out["avg_factor"] = v(run([me, ve]))
xh = tf.cast(x, tf.float16)
yh, mh, vh = tf.nn.fused_batch_norm(xh, scale, offset)
out["half"] = [yh.dtype.name, mh.dtype.name]
out["half_value"] = v(run(yh))[1][0][0]
out["half_grads"] = grads(yh, [xh, scale], tf.cast(w, tf.float16))[1]
one = tf.constant(rng.randn(1, 1, 1, 4), tf.float32)
out["one_element_var"] = v(run(tf.nn.fused_batch_norm(one, scale, offset)[2]))
out["bad_rank"] = raises(lambda: tf.nn.fused_batch_norm(tf.ones([2, 4]), scale, offset))
out["bad_scale"] = raises(lambda: run(tf.nn.fused_batch_norm(x, tf.ones([3]), offset)[0]))
out["inference_no_stats"] = raises(lambda: tf.nn.fused_batch_norm(x, scale, offset,
                                                                  is_training=False))
xg = tf.constant(rng.randn(2, 2, 2, 4))
yg = tf.nn.fused_batch_norm(tf.cast(xg, tf.float32), scale, offset)[0]
gx = tf.gradients(yg, xg, grad_ys=tf.constant(rng.randn(2, 2, 2, 4), tf.float32))[0]
out["grad_grad"] = grads(gx, [xg], tf.constant(rng.randn(2, 2, 2, 4)))
""",
    # --------------------------------------------------------------------- nn_impl_test
    "sampled_losses_cases": """
rng = np.random.RandomState(8)
weights = tf.constant(rng.randn(6, 3), tf.float32)
biases = tf.constant(rng.randn(6), tf.float32)
inputs = tf.constant(rng.randn(2, 3), tf.float32)
labels = tf.constant([[1, 4], [0, 1]], tf.int64)
sampled = (tf.constant([1, 3, 5], tf.int64), tf.constant([[0.5, 0.2], [0.3, 0.5]]),
           tf.constant([0.5, 0.1, 0.2]))
for accidental in (True, False):
    key = "_acc%d" % accidental
    nce = tf.nn.nce_loss(weights, biases, labels, inputs, 3, 6, num_true=2,
                         sampled_values=sampled, remove_accidental_hits=accidental)
    out["nce" + key] = v(run(nce))
    out["nce_grads" + key] = grads(nce, [weights, biases, inputs])
    ssl = tf.nn.sampled_softmax_loss(weights, biases, labels, inputs, 3, 6, num_true=2,
                                     sampled_values=sampled, remove_accidental_hits=accidental)
    out["ssl" + key] = v(run(ssl))
    out["ssl_grads" + key] = grads(ssl, [weights, biases, inputs])
out["nce_bad_labels"] = raises(lambda: tf.nn.nce_loss(weights, biases, labels[:, :1], inputs, 3, 6,
                                                      num_true=2, sampled_values=sampled))
l = tf.constant([[0.0, 1.0, 0.5]])
z = tf.constant([[-2.0, 0.5, 3.0]])
out["weighted_xent"] = v(run(tf.nn.weighted_cross_entropy_with_logits(labels=l, logits=z,
                                                                      pos_weight=2.5)))
out["weighted_xent_grad"] = grads(tf.nn.weighted_cross_entropy_with_logits(l, z, 2.5), [l, z])
out["log_poisson_full"] = v(run(tf.nn.log_poisson_loss(tf.constant([0.0, 1.0, 3.0]),
                                                       tf.constant([0.5, -1.0, 2.0]),
                                                       compute_full_loss=True)))
xs = tf.constant(rng.randn(4, 3), tf.float32)
cnt, msum, vsum, shift = tf.nn.sufficient_statistics(xs, [0], shift=tf.constant(0.5))
out["sufficient"] = v(run([cnt, msum, vsum, shift]))
nm, nv = tf.nn.normalize_moments(cnt, msum, vsum, tf.constant(0.5))
out["normalize_moments"] = v(run([nm, nv]))
kept = tf.nn.sufficient_statistics(xs, [0], keep_dims=True)
out["sufficient_keep"] = [shape(t) for t in kept[1:3]]
bn = tf.nn.batch_normalization(xs, tf.constant([0.1]), tf.constant([2.0]), None, None, 1e-3)
out["batch_norm_none"] = v(run(bn))
out["batch_norm_grads"] = grads(tf.nn.batch_normalization(xs, nm, nv, 0.5, 2.0, 1e-3), [xs])
""",
    "layer_gradgrad": """
rng = np.random.RandomState(3)
x = tf.constant(rng.randn(1, 4, 4, 2))
f = tf.constant(rng.randn(2, 2, 2, 3))
c = tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME")
gx = tf.gradients(tf.reduce_sum(c * c), x)[0]
out["conv2d_gg"] = grads(gx, [x, f], tf.constant(rng.randn(1, 4, 4, 2)))
dw = tf.constant(rng.randn(2, 2, 2, 2))
d = tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], "VALID")
gd = tf.gradients(tf.reduce_sum(d * d), dw)[0]
out["depthwise_gg"] = grads(gd, [x, dw], tf.constant(rng.randn(2, 2, 2, 2)))
b = tf.constant([0.5, -1.0])
ba = tf.nn.bias_add(x, tf.cast(b, tf.float64))
gb = tf.gradients(tf.reduce_sum(ba * ba), x)[0]
out["bias_add_gg"] = grads(gb, [x], tf.constant(rng.randn(1, 4, 4, 2)))
out["bias_add_grad_grad"] = grads(tf.raw_ops.BiasAddGrad(out_backprop=x) * [1.0, 2.0], [x])
mp = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
gm = tf.gradients(mp, x, grad_ys=tf.constant(rng.randn(1, 2, 2, 2)))[0]
out["max_pool_gg"] = grads(gm, [x], tf.constant(rng.randn(1, 4, 4, 2)))
ap = tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 1, 1, 1], "SAME")
ga = tf.gradients(ap, x, grad_ys=tf.constant(rng.randn(1, 4, 4, 2)))[0]
out["avg_pool_gg"] = grads(ga, [x], tf.constant(rng.randn(1, 4, 4, 2)))
l2 = tf.nn.l2_loss(x)
out["l2_loss_gg"] = grads(tf.gradients(l2, x)[0], [x], tf.constant(rng.randn(1, 4, 4, 2)))
lg = tf.constant([[1.0, 2.0, 0.5]], tf.float64)
lb = tf.constant([[0.2, 0.3, 0.5]], tf.float64)
xe = tf.nn.softmax_cross_entropy_with_logits_v2(labels=lb, logits=lg)
out["xent_gg"] = grads(tf.gradients(xe, lg)[0], [lg, lb], tf.constant([[1.0, -1.0, 2.0]],
                                                                     tf.float64))
""",
}

ARRAY_GRAD = {
    # ----------------------------------------------------------------- array_grad_test
    "array_grads": """
p = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
out["gather_batch_dims"] = grads(tf.gather(p, [[2, 0], [1, 1]], batch_dims=1) * [[1.0, 2.0]],
                                 [p])
out["gather_axis1"] = grads(tf.gather(p, [2, 2, 0], axis=1), [p])
out["gather_neg_axis"] = grads(tf.gather(p, [1], axis=-2), [p])
p3 = tf.reshape(tf.range(24.0), [2, 3, 4])
g3 = tf.gather(p3, [[0, 2], [1, 1]], axis=2, batch_dims=1)
out["gather_batch_axis2_shape"] = shape(g3)
out["gather_batch_axis2"] = grads(g3, [p3], tf.reshape(tf.range(12.0), [2, 3, 2]))
out["gather_nd_grad"] = grads(tf.gather_nd(p, [[1, 2], [0, 0], [1, 2]]), [p])
out["broadcast_to"] = grads(tf.broadcast_to(tf.constant([1.0, 2.0]), [3, 2]) * [[1.0], [2.0],
                                                                                [3.0]],
                            [p])
b = tf.constant([[1.0], [2.0]])
out["broadcast_to_grad"] = grads(tf.broadcast_to(b, [2, 2, 3]), [b],
                                 tf.reshape(tf.range(12.0), [2, 2, 3]))
s = tf.reshape(tf.range(16.0), [4, 4])
out["strided_slice"] = grads(s[::-2, 1::2], [s])
out["strided_slice_shrink"] = grads(s[2, ::3], [s])
out["slice"] = grads(tf.slice(s, [1, 1], [2, -1]), [s])
out["concat_neg_axis"] = grads(tf.concat([p, p * 2], -1), [p],
                               tf.reshape(tf.range(12.0), [2, 6]))
out["split"] = grads(tf.split(s, [1, 3], 1)[1], [s])
out["tile"] = grads(tf.tile(p, [2, 1]), [p], tf.reshape(tf.range(12.0), [4, 3]))
out["reverse"] = grads(tf.reverse(p, [-1]), [p], [[1.0, 2, 3], [4, 5, 6]])
out["transpose"] = grads(tf.transpose(p3, [2, 0, 1]), [p3], tf.reshape(tf.range(24.0), [4, 2, 3]))
out["pad_reflect"] = grads(tf.pad(p, [[1, 1], [2, 0]], "REFLECT"), [p],
                           tf.reshape(tf.range(20.0), [4, 5]))
out["pad_symmetric"] = grads(tf.pad(p, [[0, 1], [1, 2]], "SYMMETRIC"), [p],
                             tf.reshape(tf.range(18.0), [3, 6]))
out["matrix_set_diag"] = grads(tf.matrix_set_diag(s, [1.0, 2, 3, 4]), [s])
out["depth_to_space"] = grads(tf.depth_to_space(tf.reshape(tf.range(16.0), [1, 2, 2, 4]), 2),
                              [p], None)
d2s = tf.reshape(tf.range(16.0), [1, 2, 2, 4])
out["depth_to_space_grad"] = grads(tf.depth_to_space(d2s, 2), [d2s],
                                   tf.reshape(tf.range(16.0), [1, 4, 4, 1]))
out["unsorted_segment_sum_grad"] = grads(tf.unsorted_segment_sum(p, [1, -1], 2), [p],
                                         [[1.0, 2, 3], [4, 5, 6]])
out["tensor_scatter_update_grad"] = grads(
    tf.tensor_scatter_nd_update(s, [[0], [2]], tf.ones([2, 4])), [s])
""",
    # ---------------------------------------------------------------- image_grad_test
    "resize_grads": """
x = tf.constant(np.arange(24.0).reshape(1, 2, 3, 4), tf.float32)
w = tf.constant(np.random.RandomState(1).randn(1, 4, 6, 4), tf.float32)
for name, f in (("nearest", tf.image.resize_nearest_neighbor),
                ("bilinear", tf.image.resize_bilinear), ("bicubic", tf.image.resize_bicubic)):
    for ac in (False, True):
        r = f(x, [4, 6], align_corners=ac)
        out["%s_ac%d" % (name, ac)] = grads(r, [x], w)
    r = f(x, [4, 6], half_pixel_centers=True)
    out["%s_hp" % name] = grads(r, [x], w)
    down = f(tf.constant(np.arange(32.0).reshape(1, 4, 4, 2), tf.float32), [3, 2])
    out["%s_down_shape" % name] = shape(down)
out["nearest_f16"] = grads(tf.image.resize_nearest_neighbor(tf.cast(x, tf.float16), [3, 3]),
                           [x])
xd = tf.cast(x, tf.float64)
out["bilinear_f64"] = grads(tf.image.resize_bilinear(xd, [3, 5]), [xd])
out["bilinear_f16"] = grads(tf.image.resize_bilinear(tf.cast(x, tf.float16), [3, 5]), [x])
out["bicubic_f64"] = grads(tf.image.resize_bicubic(xd, [3, 5]), [xd])
xi = tf.constant(np.arange(12).reshape(1, 2, 3, 2), tf.int32)
out["nearest_int"] = v(run(tf.image.resize_nearest_neighbor(xi, [4, 3])))
out["bilinear_int_dtype"] = v(run(tf.image.resize_bilinear(xi, [3, 3])))
out["area_grad"] = built(lambda: grads(tf.image.resize_area(x, [3, 3]), [x]))
out["same_size"] = grads(tf.image.resize_bilinear(x, [2, 3]), [x])
""",
    "crop_and_resize_grads": """
img = tf.constant(np.arange(32.0).reshape(1, 4, 4, 2), tf.float32)
boxes = tf.constant([[0.1, 0.2, 0.7, 0.9], [0.0, 0.0, 1.0, 1.0], [0.3, 0.1, 0.8, 0.6]])
r = tf.image.crop_and_resize(img, boxes, [0, 0, 0], [3, 2])
w = tf.constant(np.random.RandomState(4).randn(3, 3, 2, 2), tf.float32)
out["value"] = v(run(r))
out["grads"] = grads(r, [img, boxes], w)
r1 = tf.image.crop_and_resize(img, boxes[:1], [0], [1, 1])
out["one_pixel"] = grads(r1, [img, boxes[:1]])
out["one_pixel_boxes"] = grads(r1, [boxes])
rn = tf.image.crop_and_resize(img, boxes, [0, 0, 0], [3, 3], method="nearest")
out["nearest_value"] = v(run(rn))
out["nearest_grads"] = [g is None for g in tf.gradients(rn, [img, boxes])]
out_of = tf.image.crop_and_resize(img, [[-0.5, -0.5, 1.5, 1.5]], [0], [3, 3],
                                  extrapolation_value=-1.0)
out["extrapolate"] = v(run(out_of))
out["extrapolate_grad"] = grads(out_of, [img])
out["flipped_box"] = v(run(tf.image.crop_and_resize(img, [[0.8, 0.9, 0.1, 0.2]], [0], [2, 2])))
out["bad_index"] = fails(tf.image.crop_and_resize(img, boxes[:1], [1], [2, 2]))
""",
    "rgb_to_hsv_grads": """
rgb = tf.constant([[0.9, 0.2, 0.3], [0.1, 0.6, 0.4], [0.3, 0.4, 0.95], [0.5, 0.5, 0.5],
                   [0.2, 0.2, 0.7]])
hsv = tf.image.rgb_to_hsv(rgb)
out["hsv"] = v(run(hsv))
out["grad"] = grads(hsv, [rgb], [[1.0, 2.0, 3.0]] * 5)
out["grad_h"] = grads(hsv[:, 0], [rgb])
out["grad_s"] = grads(hsv[:, 1], [rgb])
out["grad_v"] = grads(hsv[:, 2], [rgb])
r64 = tf.cast(rgb, tf.float64)
out["f64"] = grads(tf.image.rgb_to_hsv(r64), [r64])
out["roundtrip_grad"] = grads(tf.image.hsv_to_rgb(hsv), [rgb])
out["hsv_to_rgb_grad"] = grads(tf.image.hsv_to_rgb(rgb), [rgb], [[1.0, 2.0, 3.0]] * 5)
""",
}

LINALG = {
    # -------------------------------------------------------- matrix_triangular_solve_op_test
    "triangular_solve_cases": """
S = tf.matrix_triangular_solve
m = np.array([[1.0, 2.0], [3.0, 4.0]])
rhs = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
for lower in (True, False):
    for adjoint in (True, False):
        key = "l%d_a%d" % (lower, adjoint)
        out["f32_" + key] = v(run(S(m.astype(np.float32), rhs.astype(np.float32), lower=lower,
                                    adjoint=adjoint)))
        out["f64_" + key] = v(run(S(m, rhs, lower=lower, adjoint=adjoint)))
        cm = (m + 1j * m).astype(np.complex64)
        out["c64_" + key] = cv(run(S(cm, (rhs + 1j * rhs).astype(np.complex64), lower=lower,
                                     adjoint=adjoint)))
out["one"] = v(run(S(np.array([[0.1]]), np.array([[1.0]]))))
out["batch"] = v(run(S(np.tile(m, [2, 3, 1, 1]), np.tile(rhs, [2, 3, 1, 1]))))
m2 = np.array([[[1.0, 0.0], [3.0, 4.0]], [[1.0, 0.0], [2.0, 1.0]]])
out["broadcast_rhs"] = v(run(S(m2, rhs)))
out["broadcast_shape"] = shape(S(m2, np.array([[[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]])))
out["broadcast_matrix"] = v(run(S(m, np.tile(rhs, [2, 1, 1]), lower=False)))
ph = tf.placeholder_with_default(m2, shape=None)
out["unknown_rank"] = v(run(S(ph, tf.placeholder_with_default(rhs, shape=None), adjoint=True)))
out["non_square"] = raises(lambda: S(np.ones([2, 3]), np.ones([2, 3])))
out["wrong_rows"] = raises(lambda: S(np.eye(2), np.ones([1, 2])))
sing = np.array([[1.0, 0.0, -1.0], [-1.0, 0.0, 1.0], [0.0, -1.0, 1.0]])
out["singular"] = fails(S(sing, sing))
out["singular_batch"] = fails(S(np.tile(sing, [2, 1, 1]), np.tile(sing, [2, 1, 1])))
out["empty_batch"] = v(run(S(np.empty([0, 2, 2]), np.empty([0, 2, 2]))))
out["empty_matrix"] = v(run(S(np.empty([2, 0, 0]), np.empty([2, 0, 0]), lower=False)))
out["empty_2d"] = v(run(S(np.empty([0, 0]), np.empty([0, 0]))))
out["empty_rhs_cols"] = v(run(S(m, np.empty([2, 0]))))
out["int"] = raises(lambda: S(np.eye(2, dtype=np.int32), np.ones([2, 1], np.int32)))
out["mixed"] = raises(lambda: S(np.eye(2, dtype=np.float32), np.ones([2, 1])))
a = tf.constant([[2.0, 0.0], [1.0, 3.0]])
bb = tf.constant([[1.0], [2.0]])
out["grad"] = grads(S(a, bb) * [[1.0], [2.0]], [a, bb])
out["grad_adjoint"] = grads(S(a, bb, adjoint=True), [a, bb])
out["grad_upper"] = grads(S(a, bb, lower=False), [a, bb])
out["linalg_triangular_solve"] = v(run(tf.linalg.triangular_solve(a, bb, lower=True)))
""",
}

NN = {
    # ----------------------------------------------------------- separable_conv2d_patch_test
    "separable_conv2d_cases": """
rng = np.random.RandomState(5)
x = tf.constant(rng.randn(1, 5, 5, 2), tf.float32)
dw = tf.constant(rng.randn(3, 3, 2, 2), tf.float32)
pw = tf.constant(rng.randn(1, 1, 4, 3), tf.float32)
for pad in ("SAME", "VALID"):
    for st in (1, 2):
        r = tf.nn.separable_conv2d(x, dw, pw, [1, st, st, 1], pad)
        out["%s_%d" % (pad, st)] = v(run(r))
out["dilated"] = v(run(tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "SAME", rate=[2, 2])))
r = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID")
out["grads"] = grads(r, [x, dw, pw], tf.constant(rng.randn(1, 3, 3, 3), tf.float32))
xc = tf.transpose(x, [0, 3, 1, 2])
out["nchw_shape"] = raises(lambda: run(tf.nn.separable_conv2d(xc, dw, pw, [1, 1, 1, 1], "SAME",
                                                              data_format="NCHW"))) or "ran"
out["bad_pointwise"] = raises(lambda: tf.nn.separable_conv2d(x, dw, tf.ones([2, 1, 4, 3]),
                                                             [1, 1, 1, 1], "SAME"))
out["rate_and_stride"] = raises(lambda: tf.nn.separable_conv2d(x, dw, pw, [1, 2, 2, 1], "SAME",
                                                               rate=[2, 2]))
out["f64"] = v(run(tf.nn.separable_conv2d(tf.cast(x, tf.float64), tf.cast(dw, tf.float64),
                                          tf.cast(pw, tf.float64), [1, 1, 1, 1], "VALID")))
""",
    # ----------------------------------------------------------------------- rnn_cell_test
    "rnn_cells_constant_weights": """
rc = tf.nn.rnn_cell
def cell_out(make, state):
    # One step of a cell whose weights are all 0.5, in a graph of its own.
    with tf.Graph().as_default():
        x = tf.constant([[1.0, -0.5], [0.2, 0.3]])
        h = tf.constant([[0.1, 0.2], [-0.3, 0.4]])
        with tf.variable_scope("root", initializer=tf.constant_initializer(0.5)):
            o, s = make()(x, state(h))
            g = tf.gradients(tf.reduce_sum(o), x)[0]
        return [v(t) for t in run([o, g] + tf.nest.flatten(s))]
out["basic_rnn"] = cell_out(lambda: rc.BasicRNNCell(2), lambda h: h)
out["gru"] = cell_out(lambda: rc.GRUCell(2), lambda h: h)
out["basic_lstm"] = cell_out(lambda: rc.BasicLSTMCell(2, forget_bias=0.7),
                             lambda h: rc.LSTMStateTuple(h, -h))
out["lstm_proj_peep_clip"] = cell_out(
    lambda: rc.LSTMCell(4, use_peepholes=True, num_proj=3, cell_clip=0.2, proj_clip=0.3),
    lambda h: rc.LSTMStateTuple(tf.concat([h, h], 1),
                                tf.constant([[0.5, -0.5, 0.1], [0.0, 1.0, 2.0]])))
out["lstm_not_tuple"] = cell_out(lambda: rc.LSTMCell(2, state_is_tuple=False),
                                 lambda h: tf.concat([h, -h], 1))
out["multi"] = cell_out(lambda: rc.MultiRNNCell([rc.BasicRNNCell(2), rc.GRUCell(2)]),
                        lambda h: (h, -h))
out["residual"] = cell_out(lambda: rc.ResidualWrapper(rc.BasicRNNCell(2)), lambda h: h)
with tf.variable_scope("root", initializer=tf.constant_initializer(0.5)):
    cell = rc.BasicLSTMCell(3)
    xs = tf.constant(np.arange(24.0, dtype=np.float32).reshape(2, 4, 3) / 10.0)
    o, s = tf.nn.dynamic_rnn(cell, xs, sequence_length=[4, 2], dtype=tf.float32)
    gx = tf.gradients(tf.reduce_sum(o) + tf.reduce_sum(s.c), xs)[0]
out["dynamic_lstm"] = v(run([o, s.c, s.h, gx]))
out["zero_state"] = [shape(t) for t in cell.zero_state(5, tf.float32)]
out["sizes"] = [cell.state_size.c, cell.state_size.h, cell.output_size]
with tf.variable_scope("zero", initializer=tf.constant_initializer(0.5)):
    o, s = tf.nn.dynamic_rnn(rc.GRUCell(2), tf.zeros([2, 0, 3]), dtype=tf.float32)
out["dynamic_zero_time"] = raises(lambda: run([o, s])) or v(run([o, s]))
""",
    # ------------------------------------------------------------------------ rnn_test
    "rnn_edges": """
rc = tf.nn.rnn_cell
xs = tf.constant(np.arange(30.0, dtype=np.float32).reshape(3, 5, 2) / 20.0 - 0.5)
def fresh(scope, f):
    with tf.variable_scope(scope, initializer=tf.constant_initializer(0.3)):
        return f()
o, s = fresh("tm", lambda: tf.nn.dynamic_rnn(rc.GRUCell(3), tf.transpose(xs, [1, 0, 2]),
                                             time_major=True, dtype=tf.float32))
out["time_major"] = v(run([o, s]))
out["time_major_shape"] = shape(o)
o, s = fresh("zero_len", lambda: tf.nn.dynamic_rnn(rc.BasicRNNCell(2), xs, [0, 5, 2],
                                                   dtype=tf.float32))
out["zero_length"] = v(run([o, s]))
init = tf.constant([[1.0, -1.0], [0.5, 0.5], [0.0, 2.0]])
o, s = fresh("init", lambda: tf.nn.dynamic_rnn(rc.BasicRNNCell(2), xs, [1, 0, 3],
                                               initial_state=init))
out["initial_state_kept"] = v(run([o, s]))
o, s = fresh("long", lambda: tf.nn.dynamic_rnn(rc.BasicRNNCell(2), xs, [7, 5, 5],
                                               dtype=tf.float32))
out["length_past_time"] = raises(lambda: run([o, s])) or v(run([o, s]))
(fo, bo), (fs, bs) = fresh("bi", lambda: tf.nn.bidirectional_dynamic_rnn(
    rc.BasicRNNCell(2), rc.GRUCell(2), xs, [5, 3, 1], dtype=tf.float32))
out["bidirectional"] = v(run([fo, bo, fs, bs]))
out["bidirectional_grad"] = grads(tf.reduce_sum(bo) + tf.reduce_sum(fs), [xs])
so, ss = fresh("static", lambda: tf.nn.static_rnn(rc.BasicLSTMCell(2), tf.unstack(xs, axis=1),
                                                  dtype=tf.float32, sequence_length=[5, 2, 4]))
out["static_lstm"] = v(run([so[-1], ss.c, ss.h]))
out["no_dtype"] = raises(lambda: fresh("nd", lambda: tf.nn.dynamic_rnn(rc.GRUCell(2), xs)))
out["rank2_input"] = raises(lambda: fresh("r2", lambda: tf.nn.dynamic_rnn(
    rc.GRUCell(2), tf.ones([3, 2]), dtype=tf.float32)))
out["bad_lengths_rank"] = raises(lambda: fresh("bl", lambda: tf.nn.dynamic_rnn(
    rc.GRUCell(2), xs, [[1, 2, 3]], dtype=tf.float32)))
f64 = tf.cast(xs, tf.float64)
o, s = fresh("f64", lambda: tf.nn.dynamic_rnn(rc.GRUCell(2), f64, dtype=tf.float64))
out["float64"] = [o.dtype.name, v(run(s))]
o, s = fresh("empty_batch", lambda: tf.nn.dynamic_rnn(rc.GRUCell(2), tf.zeros([0, 4, 2]),
                                                      dtype=tf.float32))
out["empty_batch"] = v(run([o, s]))
""",
}

IMAGE = {
    # ---------------------------------------------------------------- decode_png_op_test
    "decode_png_cases": """
img8 = np.arange(48, dtype=np.uint8).reshape(4, 4, 3) * 5
img16 = (np.arange(16, dtype=np.uint16).reshape(4, 4, 1) * 4000).astype(np.uint16)
p8 = run(tf.image.encode_png(img8))
p16 = run(tf.image.encode_png(img16))
out["u8"] = v(run(tf.image.decode_png(p8)))
out["u8_gray"] = v(run(tf.image.decode_png(p8, channels=1)))
out["u8_rgba"] = v(run(tf.image.decode_png(p8, channels=4)))
out["u16"] = v(run(tf.image.decode_png(p16, dtype=tf.uint16)))
out["u16_as_u8"] = v(run(tf.image.decode_png(p16)))
out["u8_as_u16"] = v(run(tf.image.decode_png(p8, dtype=tf.uint16, channels=1)))
out["u16_rgb"] = v(run(tf.image.decode_png(p16, dtype=tf.uint16, channels=3)))[1][0][:2]
out["shape"] = shape(tf.image.decode_png(tf.constant(p8), channels=3))
out["shape_any"] = shape(tf.image.decode_png(tf.constant(p8)))
out["bad_channels"] = raises(lambda: run(tf.image.decode_png(tf.constant(p8), channels=2)))
out["garbage"] = fails(tf.image.decode_png(tf.constant(b"not a png at all")))
out["empty"] = fails(tf.image.decode_png(tf.constant(b"")))
out["truncated"] = fails(tf.image.decode_png(tf.constant(p8[:40])))
out["vector"] = raises(lambda: run(tf.image.decode_png(tf.constant([p8, p8]))))
out["float_dtype"] = raises(lambda: tf.image.decode_png(tf.constant(p8), dtype=tf.float32))
out["encode_compression"] = v(run(tf.image.decode_png(tf.image.encode_png(img8, compression=9))))
out["encode_bad_rank"] = raises(lambda: run(tf.image.encode_png(np.zeros([4, 4], np.uint8))))
out["encode_two_channels"] = v(run(tf.image.decode_png(tf.image.encode_png(
    np.arange(18, dtype=np.uint8).reshape(3, 3, 2)))))
# (encode_png of a 0-row image aborts TF's process: png_io.cc's CHECK, not ported.)
""",
    # ----------------------------------------------------------------- decode_bmp_op_test
    "decode_bmp_cases": """
def bmp(w, h, bpp, pixels, top_down=False):
    row = ((w * bpp // 8) + 3) // 4 * 4
    header = (b"BM" + (54 + row * h).to_bytes(4, "little") + bytes(4)
              + (54).to_bytes(4, "little"))
    info = ((40).to_bytes(4, "little") + w.to_bytes(4, "little")
            + (-h if top_down else h).to_bytes(4, "little", signed=True)
            + (1).to_bytes(2, "little") + bpp.to_bytes(2, "little") + bytes(4)
            + (row * h).to_bytes(4, "little") + bytes(16))
    return header + info + pixels
px24 = bytes([0, 0, 255, 0, 255, 0, 0, 0, 255, 255, 0, 0, 0, 0])  # 2x1 rows padded
two_by_two = bytes([0, 0, 255, 0, 255, 0, 0, 0, 255, 0, 0, 255, 255, 255, 255, 0])
b24 = bmp(2, 2, 24, two_by_two)
out["rgb"] = v(run(tf.image.decode_bmp(b24)))
out["rgb_top_down"] = v(run(tf.image.decode_bmp(bmp(2, 2, 24, two_by_two, True))))
out["rgb_ch3"] = v(run(tf.image.decode_bmp(b24, channels=3)))
b32 = bmp(1, 2, 32, bytes([1, 2, 3, 4, 5, 6, 7, 8]))
out["rgba"] = v(run(tf.image.decode_bmp(b32)))
out["rgba_as_rgb"] = raises(lambda: run(tf.image.decode_bmp(b32, channels=3))) or v(
    run(tf.image.decode_bmp(b32, channels=3)))
out["gray_8bit"] = raises(lambda: run(tf.image.decode_bmp(bmp(4, 1, 8, bytes([1, 2, 3, 4])))))
out["decode_image"] = v(run(tf.image.decode_image(b24)))
out["decode_image_shape"] = shape(tf.image.decode_image(tf.constant(b24)))
out["channels_1"] = raises(lambda: run(tf.image.decode_bmp(b24, channels=1))) or v(
    run(tf.image.decode_bmp(b24, channels=1)))
out["truncated"] = fails(tf.image.decode_bmp(b24[:60]))
out["short_header"] = fails(tf.image.decode_bmp(b24[:10]))
out["bad_channels_attr"] = raises(lambda: run(tf.image.decode_bmp(b24, channels=2)))
""",
    # ---------------------------------------------- decode_jpeg_op_test, decode_image_op_test
    "decode_image_cases": """
img = (np.arange(8 * 8 * 3, dtype=np.int64).reshape(8, 8, 3) * 7 % 256).astype(np.uint8)
jpg = run(tf.image.encode_jpeg(img, quality=100))
png = run(tf.image.encode_png(img))
out["jpeg_shape"] = v(run(tf.shape(tf.image.decode_jpeg(jpg))))
out["jpeg_gray_shape"] = v(run(tf.shape(tf.image.decode_jpeg(jpg, channels=1))))
out["extract_shape"] = v(run(tf.image.extract_jpeg_shape(jpg)))
out["extract_shape_i64"] = v(run(tf.image.extract_jpeg_shape(jpg, output_type=tf.int64)))
out["extract_garbage"] = fails(tf.image.extract_jpeg_shape(b"garbage"))
out["image_png"] = v(run(tf.image.decode_image(png)))
out["image_png_gray"] = v(run(tf.shape(tf.image.decode_image(png, channels=1))))
out["image_png_float"] = v(run(tf.image.decode_image(png, dtype=tf.float32)))[1][0][:2]
out["image_jpeg_shape"] = v(run(tf.shape(tf.image.decode_image(jpg))))
out["image_unknown"] = fails(tf.image.decode_image(b"xxxxxxxxxxxxxxxxxxxx"))
out["image_static_shape"] = shape(tf.image.decode_image(tf.constant(png)))
out["image_expand"] = shape(tf.image.decode_image(tf.constant(png), expand_animations=False))
out["image_bad_channels"] = raises(lambda: run(tf.image.decode_image(png, channels=2)))
out["image_int_dtype"] = raises(lambda: tf.image.decode_image(png, dtype=tf.int32))
out["crop"] = v(run(tf.image.decode_and_crop_jpeg(jpg, [2, 1, 3, 4])))[0]
out["crop_shape"] = v(run(tf.shape(tf.image.decode_and_crop_jpeg(jpg, [2, 1, 3, 4]))))
out["crop_outside"] = fails(tf.image.decode_and_crop_jpeg(jpg, [6, 6, 4, 4]))
same = run(tf.image.decode_jpeg(jpg))
crop = run(tf.image.decode_and_crop_jpeg(jpg, [2, 1, 3, 4]))
out["crop_equals_slice"] = bool(np.array_equal(crop, same[2:5, 1:5]))
out["jpeg_png_bytes"] = fails(tf.image.decode_jpeg(png))
out["jpeg_ratio"] = v(run(tf.shape(tf.image.decode_jpeg(jpg, ratio=2))))
out["jpeg_bad_ratio"] = raises(lambda: run(tf.image.decode_jpeg(jpg, ratio=3)))
""",
    # ----------------------------------------------------- extract_volume_patches_op_test
    "extract_volume_patches_cases": """
E = tf.extract_volume_patches
x = tf.reshape(tf.range(1.0, 65.0), [1, 4, 4, 4, 1])
out["k1"] = v(run(E(x, [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], "VALID")))[1][0][0][0]
out["k2_s2_valid"] = v(run(E(x, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "VALID")))
out["k3_s2_same"] = v(run(E(x, [1, 3, 3, 3, 1], [1, 2, 2, 2, 1], "SAME")))
out["k2_s3_same_shape"] = shape(E(x, [1, 2, 2, 2, 1], [1, 3, 3, 3, 1], "SAME"))
out["k2_s3_same"] = v(run(E(x, [1, 2, 2, 2, 1], [1, 3, 3, 3, 1], "SAME")))
xc = tf.reshape(tf.range(16.0), [1, 2, 2, 2, 2])
out["channels"] = v(run(E(xc, [1, 2, 1, 2, 1], [1, 1, 1, 1, 1], "VALID")))
out["too_big_valid"] = v(run(tf.shape(E(x, [1, 5, 1, 1, 1], [1, 1, 1, 1, 1], "VALID"))))
xi = tf.cast(x, tf.int32)
out["int"] = v(run(E(xi, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "VALID")))[1][0][0][0][0][:4]
out["bad_ksize"] = raises(lambda: run(E(x, [2, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID")))
out["bad_rank"] = raises(lambda: E(tf.ones([4, 4, 4, 1]), [1, 2, 2, 2, 1], [1, 1, 1, 1, 1],
                                   "VALID"))
out["grad"] = grads(E(x, [1, 3, 2, 2, 1], [1, 1, 2, 1, 1], "SAME"), [x])[0][1][0][0][0]
""",
}

SPARSE = {
    # ------------------------------------------------------------- sparse_matmul_op_test
    "sparse_matmul_flags": """
rng = np.random.RandomState(13)
a_np = rng.randn(3, 4).astype(np.float32)
a_np[a_np < 0.3] = 0.0
b_np = rng.randn(4, 2).astype(np.float32)
b_np[:, 1] = 0.0
a, b = tf.constant(a_np), tf.constant(b_np)
for sa in (False, True):
    for sb in (False, True):
        key = "s%d%d" % (sa, sb)
        r = tf.matmul(a, b, a_is_sparse=sa, b_is_sparse=sb)
        out["value_" + key] = v(run(r))
        out["grads_" + key] = grads(r, [a, b], tf.constant(rng.randn(3, 2), tf.float32))
rt = tf.matmul(tf.transpose(a), b, transpose_a=True, a_is_sparse=True)
out["transpose_a"] = v(run(rt))
rtb = tf.matmul(a, tf.transpose(b), transpose_b=True, b_is_sparse=True)
out["transpose_b"] = v(run(rtb))
out["f64"] = v(run(tf.matmul(tf.cast(a, tf.float64), tf.cast(b, tf.float64), a_is_sparse=True)))
out["int32"] = v(run(tf.matmul(tf.constant([[1, 0], [0, 2]]), tf.constant([[3], [4]]),
                               b_is_sparse=True)))
out["empty"] = v(run(tf.matmul(tf.zeros([0, 4]), b, a_is_sparse=True)))
out["batched"] = raises(lambda: run(tf.matmul(tf.ones([2, 3, 4]), tf.ones([2, 4, 2]),
                                              a_is_sparse=True))) or "ran"
out["bad_inner"] = raises(lambda: tf.matmul(a, tf.ones([3, 2]), a_is_sparse=True))
""",
    # ------------------------------------------------- sparse_tensor_dense_matmul_grad_test
    "sparse_dense_matmul_grads": """
rng = np.random.RandomState(11)
idx = np.array([[0, 1], [1, 0], [1, 2], [2, 2]], np.int64)
vals = tf.constant(rng.randn(4), tf.float32)
st = tf.SparseTensor(idx, vals, [3, 3])
b = tf.constant(rng.randn(3, 2), tf.float32)
for aa in (False, True):
    for ab in (False, True):
        bm = tf.transpose(b) if ab else b
        r = tf.sparse_tensor_dense_matmul(st, bm, adjoint_a=aa, adjoint_b=ab)
        key = "a%d_b%d" % (aa, ab)
        out["value_" + key] = v(run(r))
        out["grad_" + key] = grads(r, [vals, b], tf.constant(rng.randn(3, 2), tf.float32))
v64 = tf.constant(rng.randn(4))
st64 = tf.SparseTensor(idx, v64, [3, 3])
b64 = tf.constant(rng.randn(3, 1))
out["f64"] = grads(tf.sparse_tensor_dense_matmul(st64, b64), [v64, b64])
vc = tf.constant([1 + 1j, 2j, -1, 3 - 1j], tf.complex64)
stc = tf.SparseTensor(idx, vc, [3, 3])
bc = tf.constant(np.ones([3, 1]) * (1 - 1j), tf.complex64)
rc = tf.sparse_tensor_dense_matmul(stc, bc, adjoint_a=True)
out["complex_value"] = cv(run(rc))
out["complex_grads"] = cgrads(rc, [vc, bc])
out["shape_mismatch"] = raises(lambda: run(tf.sparse_tensor_dense_matmul(st, tf.ones([2, 2]))))
out["out_of_bounds"] = fails(tf.sparse_tensor_dense_matmul(
    tf.SparseTensor([[0, 5]], [1.0], [3, 3]), tf.ones([3, 2])))
out["empty"] = v(run(tf.sparse_tensor_dense_matmul(
    tf.SparseTensor(np.zeros([0, 2], np.int64), tf.zeros([0]), [2, 3]), tf.ones([3, 4]))))
out["int_values"] = v(run(tf.sparse_tensor_dense_matmul(
    tf.SparseTensor(idx, [1, 2, 3, 4], [3, 3]), tf.ones([3, 2], tf.int32))))
""",
}

RANDOM = {
    # ----------------------------------------------------------------- random_binomial_test
    "stateless_binomial_cases": """
B = tf.random.stateless_binomial
s = [3, 7]
out["shape_dtype"] = [shape(B([4, 5], s, 10.0, 0.3)), B([4, 5], s, 10.0, 0.3).dtype.name]
for dt in (tf.float16, tf.float32, tf.float64, tf.int32, tf.int64):
    r = B([2, 3], s, 10.0, 0.5, output_dtype=dt)
    a = run(r)
    out["range_" + dt.name] = [r.dtype.name, bool(((a >= 0) & (a <= 10)).all())]
out["zero_prob"] = v(run(B([3], s, 5.0, 0.0)))
out["one_prob"] = v(run(B([3], s, 5.0, 1.0)))
out["zero_count"] = v(run(B([3], s, 0.0, 0.7)))
c = run(B([2, 3], s, [[1.0], [100.0]], [0.0, 0.5, 1.0]))
out["broadcast"] = [c[:, 0].tolist(), c[:, 2].tolist(), bool(0 < c[1, 1] < 100)]
out["bad_broadcast"] = fails(B([2, 3], s, [1.0, 2.0], 0.5))
out["bad_seed"] = raises(lambda: run(B([2], [1, 2, 3], 1.0, 0.5)))
out["int_counts"] = raises(lambda: run(B([2], s, tf.constant([1, 2]), 0.5)))
out["same_seed_same"] = bool(np.array_equal(run(B([50], s, 20.0, 0.4)), run(B([50], s, 20.0,
                                                                               0.4))))
big = run(B([2000], [1, 2], 40.0, 0.25))
out["mean_close"] = bool(abs(big.mean() - 10.0) < 0.5)
out["large_counts"] = bool(abs(run(B([400], [1, 2], 1e6, 0.5)).mean() - 5e5) < 500)
""",
    # -------------------------------------------------------------------- random_grad_test
    "random_grads": """
mean = tf.constant([1.0, -2.0])
std = tf.constant([0.5, 2.0])
n = tf.random.normal([3, 2], mean, std, seed=12)
gm, gs = tf.gradients(n, [mean, std])
samples, gmv, gsv = run([n, gm, gs])
out["normal_mean"] = v(gmv)
out["normal_std_is_unit_sum"] = bool(np.allclose(gsv, ((samples - [1.0, -2.0]) / [0.5, 2.0]).sum(0),
                                                 atol=1e-5))
lo = tf.constant(1.0)
hi = tf.constant(3.0)
u = tf.random.uniform([4], lo, hi, seed=3)
gl, gh = tf.gradients(u, [lo, hi])
uv, glv, ghv = run([u, gl, gh])
out["uniform_sum"] = bool(np.isclose(glv + ghv, 4.0, atol=1e-5))
out["uniform_hi"] = bool(np.isclose(ghv, ((uv - 1.0) / 2.0).sum(), atol=1e-5))
tm = tf.constant(2.0)
tn = tf.random.truncated_normal([5], mean=tm, stddev=tf.constant(1.0), seed=1)
out["truncated_mean_grad"] = v(run(tf.gradients(tn, tm)[0]))
alpha = tf.constant([0.5, 1.0, 3.0])
g = tf.random.gamma([100], alpha, seed=5)
def gamma_grads():
    ga = tf.gradients(g, alpha)[0]
    beta = tf.constant([1.0, 2.0, 4.0])
    gb = tf.random.gamma([10], alpha, beta, seed=5)
    return [shape(ga), bool((run(ga) > 0).all()),
            bool((run(tf.gradients(gb, beta)[0]) < 0).all())]
out["gamma_grads"] = built(gamma_grads)
def gamma_values(dt, lead):
    al = tf.constant([[0.5, 1.0, 3.0], [0.1, 7.5, 20.0]], dt)
    be = tf.constant([1.0, 2.0, 0.5], dt)
    s = tf.random.gamma(lead, al, be, dtype=dt, seed=9)
    w = tf.reshape(tf.cast(tf.range(tf.size(s)), dt), tf.shape(s)) / 10.0
    ga, gb = tf.gradients(s * w, [al, be])
    return v(run([s, ga, gb]))
out["gamma_values_f32"] = built(lambda: gamma_values(tf.float32, [4]))
out["gamma_values_f64"] = built(lambda: gamma_values(tf.float64, [2, 2]))
out["gamma_values_scalar_lead"] = built(lambda: gamma_values(tf.float64, []))
def stateless_gamma_values():
    al = tf.constant([0.5, 2.0, 9.0])
    be = tf.constant([[1.0], [3.0]])
    s = tf.random.stateless_gamma([4, 2, 3], [5, 6], al, be)
    w = tf.reshape(tf.range(24.0), [4, 2, 3]) / 10.0
    return v(run([s] + tf.gradients(s * w, [al, be])))
out["stateless_gamma_values"] = built(stateless_gamma_values)
def distribution_sample_grads():
    c = tf.constant([0.7, 2.0])
    r = tf.constant([1.5, 0.5])
    s = tf.distributions.Gamma(c, r).sample(3, seed=4)
    b = tf.distributions.Beta(c, r).sample(2, seed=4)
    d = tf.distributions.Dirichlet(c).sample(2, seed=4)
    loss = tf.reduce_sum(s) + tf.reduce_sum(b * b) + tf.reduce_sum(d * [1.0, 3.0])
    return v(run([s, b, d] + tf.gradients(loss, [c, r])))
out["distribution_sample_grads"] = built(distribution_sample_grads)
lam = tf.constant([1.0, 2.0])
out["poisson_grad"] = built(lambda: tf.gradients(tf.random.poisson(lam, [3]), lam)[0] is None)
logits = tf.constant([[0.0, 1.0]])
out["categorical_grad"] = built(
    lambda: tf.gradients(tf.cast(tf.random.categorical(logits, 4), tf.float32), logits)[0] is None)
""",
    # ------------------------------------------------------------ random_shuffle_queue_test
    "random_shuffle_queue_cases": """
q = tf.RandomShuffleQueue(10, 0, tf.float32, shapes=[[]], seed=7)
enq = q.enqueue_many([[10.0, 20.0, 30.0, 40.0]])
deq = q.dequeue_many(4)
size = q.size()
with tf.Session() as sess:
    sess.run(enq)
    s0 = sess.run(size)
    got = sess.run(deq)
out["size"] = int(s0)
out["all_back"] = sorted(got.tolist())
q2 = tf.RandomShuffleQueue(5, 2, [tf.int32, tf.string], shapes=[[2], []])
e2 = q2.enqueue_many([[[1, 2], [3, 4], [5, 6]], [b"a", b"b", b"c"]])
d2 = q2.dequeue()
out["tuple_dtypes"] = [t.dtype.name for t in d2]
out["tuple_shapes"] = [shape(t) for t in d2]
with tf.Session() as sess:
    sess.run(e2)
    got = sess.run(d2)
    pair = [got[0].tolist(), got[1].decode()]
out["pair_consistent"] = {"a": [1, 2], "b": [3, 4], "c": [5, 6]}[pair[1]] == pair[0]
q3 = tf.RandomShuffleQueue(4, 2, tf.float32, shapes=[[]])
e3 = q3.enqueue_many([[1.0, 2.0, 3.0]])
c3 = q3.close()
d3 = q3.dequeue_many(3)
with tf.Session() as sess:
    sess.run(e3)
    sess.run(c3)
    out["closed_take_all"] = sorted(sess.run(d3).tolist())
    out["closed_empty"] = raises(lambda: sess.run(q3.dequeue()))
    out["closed_enqueue"] = raises(lambda: sess.run(q3.enqueue([1.0])))
q4 = tf.RandomShuffleQueue(4, 0, tf.float32, shapes=[[2]])
out["wrong_shape"] = raises(lambda: q4.enqueue([1.0, 2.0, 3.0]))
out["wrong_dtype"] = raises(lambda: q4.enqueue([[1, 2]]))
q5 = tf.RandomShuffleQueue(4, 1, tf.float32)
out["unknown_shape_many"] = raises(lambda: q5.dequeue_many(2))
q6 = tf.RandomShuffleQueue(6, 0, tf.float32, shapes=[[]])
with tf.Session() as sess:
    sess.run(q6.enqueue_many([[1.0, 2.0, 3.0]]))
    sess.run(q6.close())
    out["up_to"] = len(sess.run(q6.dequeue_up_to(5)).tolist())
out["min_after_too_big"] = raises(lambda: tf.RandomShuffleQueue(4, 5, tf.float32))
""",
}

STATE = {
    # -------------------------------------------------------------------- variable_ops_test
    "variable_ops_cases": """
x = tf.Variable([1, 2, 3], dtype=tf.int32)
out["assign_add_int"] = v(run(tf.assign_add(x, [10, 10, 10])))
y = tf.Variable(np.ones([2, 2], np.float32))
out["assign_shape_err"] = raises(lambda: tf.assign(y, np.ones([3], np.float32)))
out["assign_dtype_err"] = raises(lambda: tf.assign(y, np.ones([2, 2], np.int32)))
z = tf.Variable([1.0, 2.0])
with tf.Session() as sess:
    out["uninitialized"] = raises(lambda: sess.run(z + 1.0))
    out["is_init_before"] = bool(sess.run(tf.is_variable_initialized(z)))
    sess.run(z.initializer)
    out["is_init_after"] = bool(sess.run(tf.is_variable_initialized(z)))
    out["assign_sub"] = v(sess.run(tf.assign_sub(z, [0.5, 0.5])))
    out["read_after"] = v(sess.run(z))
    out["uninitialized_names"] = [n.decode() for n in sess.run(tf.report_uninitialized_variables())]
c = tf.Variable(0, dtype=tf.int64)
inc = tf.count_up_to(c, 2)
with tf.Session() as sess:
    sess.run(c.initializer)
    seen = [int(sess.run(inc)), int(sess.run(inc))]
    out["count_up_to"] = [seen, raises(lambda: sess.run(inc)), int(sess.run(c))]
def unknown_shape():
    u = tf.Variable(tf.placeholder_with_default([1.0, 2.0, 3.0], [None]), validate_shape=False)
    return [shape(u), v(run(u.read_value()))]
out["unknown_shape"] = built(unknown_shape)
w = tf.Variable(5.0)
out["assign_use_locking"] = v(run(tf.assign(w, 7.0, use_locking=True)))
out["assign_add_f16"] = v(run(tf.assign_add(tf.Variable(tf.constant([1.0], tf.float16)),
                                            tf.constant([0.5], tf.float16))))
out["assign_add_bool"] = raises(lambda: tf.assign_add(tf.Variable([True]), [False]))
out["scatter_update_oob"] = fails(tf.scatter_update(tf.Variable([1.0, 2.0]), [5], [1.0]))
""",
    # -------------------------------------------------------- partitioned_variables_test
    "partitioned_variables_cases": """
P = tf.variable_axis_size_partitioner
def parts(partitioner, shape, dtype=tf.float32):
    with tf.Graph().as_default():
        with tf.variable_scope("s", partitioner=partitioner):
            var = tf.get_variable("w", shape, dtype, initializer=tf.zeros_initializer())
        return [p.get_shape().as_list() for p in var]
out["axis_size_small"] = parts(P(max_shard_bytes=(1 << 20)), [100, 10])
out["axis_size_4"] = parts(P(max_shard_bytes=400, axis=0), [100, 10])
out["axis_size_axis1"] = parts(P(max_shard_bytes=200, axis=1), [10, 100])
out["axis_size_max_shards"] = parts(P(max_shard_bytes=400, max_shards=3), [100, 10])
out["axis_size_string"] = parts(P(max_shard_bytes=640, bytes_per_string_element=16), [20, 4],
                                tf.string)
out["axis_size_bad"] = raises(lambda: P(max_shard_bytes=0))
out["axis_size_bad_shards"] = raises(lambda: P(max_shard_bytes=10, max_shards=0))
M = tf.min_max_variable_partitioner
out["minmax_1"] = parts(M(max_partitions=4, min_slice_size=256 << 10), [100, 10])
out["minmax_2"] = parts(M(max_partitions=4, min_slice_size=1 << 10), [100, 10])
out["minmax_max"] = parts(M(max_partitions=2, min_slice_size=4), [100, 10])
out["minmax_axis1"] = parts(M(max_partitions=8, axis=1, min_slice_size=80), [10, 100])
F = tf.fixed_size_partitioner
out["fixed_3"] = parts(F(3), [10, 4])
out["fixed_more_than_dim"] = parts(F(5), [3, 4])
out["fixed_axis1"] = parts(F(2, axis=1), [3, 5])
with tf.Graph().as_default():
    with tf.variable_scope("v", partitioner=F(3)):
        var = tf.get_variable("w", [7, 2], initializer=tf.constant_initializer(3.0))
    names = [p.op.name for p in var]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out["values"] = v(sess.run(tf.convert_to_tensor(var)))
        out["parts"] = [v(sess.run(p)) for p in var]
    out["names"] = names
    out["save_slice_info"] = [p._save_slice_info.var_offset for p in var]
with tf.Graph().as_default():
    vs = tf.create_partitioned_variables([10, 3], [3, 1], tf.constant_initializer(2.0))
    out["create_shapes"] = [p.get_shape().as_list() for p in vs]
    out["create_bad"] = raises(lambda: tf.create_partitioned_variables([10, 3], [3, 2],
                                                                       tf.zeros_initializer()))
""",
    # ------------------------------------------------------------- weights_broadcast_test
    "weights_broadcast_cases": """
values = tf.constant(np.arange(6.0).reshape(2, 3), tf.float32)
def loss(w):
    return tf.losses.compute_weighted_loss(values, w, reduction=tf.losses.Reduction.NONE)
for name, w in (("scalar", 2.0), ("11", [[2.0]]), ("n1", [[1.0], [2.0]]), ("1m", [[1.0, 2.0, 3.0]]),
                ("nm", [[1.0, 0.0, 1.0], [2.0, 2.0, 0.0]])):
    out["ok_" + name] = v(run(loss(w)))
for name, w in (("m", [1.0, 2.0, 3.0]), ("n", [1.0, 2.0]), ("n2", [[1.0, 2.0], [3.0, 4.0]]),
                ("rank3", [[[1.0]]]), ("nm1", [[[1.0]], [[2.0]]])):
    out["bad_" + name] = raises(lambda: loss(w))
p = tf.placeholder(tf.float32, [None, None])
l = loss(p)
out["dynamic_ok"] = v(run(l, {p: [[1.0], [3.0]]}))
out["dynamic_bad"] = raises(lambda: run(l, {p: [[1.0, 2.0]] * 2}))
out["dynamic_bad_rank"] = raises(lambda: run(loss(tf.placeholder_with_default([1.0, 2.0, 3.0],
                                                                              None))))
mean, upd = tf.metrics.mean(values, weights=[[1.0], [0.0]])
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    sess.run(upd)
    out["metric_mean"] = v(sess.run(mean))
def rank_below():
    m, u = tf.metrics.mean(values, weights=[1.0, 2.0])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run(u)
        return v(sess.run(m))
out["metric_rank_below"] = built(rank_below)
out["metric_bad"] = raises(lambda: tf.metrics.mean(values, weights=[1.0, 2.0, 3.0, 4.0]))
out["metric_columns"] = raises(lambda: tf.metrics.mean(values, weights=[1.0, 2.0, 3.0]))
out["metric_accuracy_columns"] = raises(
    lambda: tf.metrics.accuracy(tf.zeros([2, 3]), values, weights=[[1.0, 2.0, 3.0]] * 3))
pw = tf.placeholder(tf.float32, None)
pm, pu = tf.metrics.mean(values, weights=pw)
def fed_metric(w):
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run(pu, {pw: w})
        return v(sess.run(pm))
out["metric_fed_ok"] = fed_metric([[1.0, 0.0, 1.0]])
out["metric_fed_bad"] = raises(lambda: fed_metric([1.0, 0.0, 1.0]))
out["mse_weights"] = v(run(tf.losses.mean_squared_error(values, tf.zeros([2, 3]),
                                                        weights=[[1.0], [2.0]])))
""",
}

PROGRAMS = {
    **MATH_GRAD, **NN_GRAD, **ARRAY_GRAD, **LINALG, **NN, **IMAGE, **SPARSE, **RANDOM, **STATE,
}  # fmt: skip

if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX7, collections=collections)
