"""A third round of TensorFlow's own kernel tests as TF1 programs, recorded (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_kernel_tests3.py \
        > tests/unit/engine/fixtures/tf1_kernel_tests3.json

The two earlier rounds cover control_flow_ops_py_test (while/cond/case), gather, scatter,
segment and embedding_ops_test, reduction_ops_test, the cwise tests' common edges, conv,
pooling and batch norm, losses, softmax/xent, slice/strided slice/split/concat/transpose,
unique/listdiff/sets, topk/in_topk/bincount, scans, band part and diag, relu/bias/lrn,
matmul, linalg, initializers and variables, check, string, sparse, image, 3-D conv, CTC,
reshape/shape/stack/broadcast_to, cast/bitcast, edit distance, space/batch/depth, random.
This round goes where they did not: the dtypes they skipped (int8/16, uint16, float16,
float64, complex), empty shapes, negative axes, the error cases (which class, and whether
at build or run time) and gradients of cwise_ops_binary_test (floordiv/floormod/truncate of
negatives, pow of integers, atan2), cwise_ops_unary_test and special_math_test (lgamma,
digamma, igamma, betainc, zeta, polygamma), segment_reduction_ops_test (unsorted ids,
out-of-range ids, empty segments' identities), gather_op_test (batch_dims, negative axes,
out-of-range indices), scatter_nd_ops_test (duplicates, tensor_scatter_*), diag_op_test
(matrix_diag_part/set_diag with k and align), einsum_op_test, bitwise_ops_test, cast_op_test,
clip_ops_test, nn_test (l2_normalize, moments), topk_op_test (ties), searchsorted_op_test,
histogram_ops_test, manip_ops_test (roll), tile/broadcast_to gradients, batchtospace_op_test
(crops), extract_image_patches_op_test and conv2d_transpose's shapes; and from
tensorflow/python/ops/*_test.py: math_ops_test, array_ops_test, gradients_test (stop
gradients, unconnected gradients, grad_ys, hessians), embedding_ops_test, nn_batchnorm_test,
image_ops_test, control_flow_ops_test (case, switch_case), then norm_op_test, cross,
confusion_matrix, unravel_index, sort_ops_test, fft_ops_test, crop_and_resize and NMS.

The programs run after tf1_kernel_tests2.PREFIX (`run`, `v`, `fails`, `shape`, `cv`,
`built`) and store what they observed in `out[...]`; `tests/unit/engine/
test_tf1_kernel_tests.py` runs the same text against graphgate.
"""

from __future__ import annotations

import collections

try:
    from tests.reference import harness
    from tests.reference.tf1_kernel_tests2 import PREFIX
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    from tf1_kernel_tests2 import PREFIX

CWISE = {
    # ------------------------------------------------------------ cwise_ops_binary_test
    "int_division_dtypes": """
xs = [7, -7, 7, -7, 0, 5]
ys = [2, 2, -2, -2, 3, -5]
for dt in (tf.int8, tf.int16, tf.int64):
    x, y = tf.constant(xs, dt), tf.constant(ys, dt)
    for name, op in (("floordiv", tf.math.floordiv), ("floormod", tf.math.floormod),
                     ("truncatediv", tf.truncatediv), ("truncatemod", tf.truncatemod)):
        out[name + "_" + dt.name] = raises(lambda: op(x, y)) or v(run(op(x, y)))
u = tf.constant([7, 0, 65535], tf.uint16)
out["uint16"] = v(run([u // tf.constant([2, 3, 7], tf.uint16),
                       u % tf.constant([2, 3, 7], tf.uint16)]))
out["int8_min_by_minus_one"] = v(run([tf.math.floordiv(tf.constant([-128], tf.int8),
                                                       tf.constant([-1], tf.int8)),
                                      tf.math.floormod(tf.constant([-128], tf.int8),
                                                       tf.constant([-1], tf.int8))]))
f = tf.constant([7.5, -7.5, 7.5, -7.5, 0.0], tf.float64)
g = tf.constant([2.0, 2.0, -2.0, -2.0, -3.0], tf.float64)
out["float64"] = v(run([tf.math.floordiv(f, g), tf.math.floormod(f, g), tf.truncatemod(f, g)]))
h = tf.constant([7.5, -7.5, 1.0], tf.float16)
out["float16"] = v(run([tf.math.floordiv(h, 2.0), tf.math.floormod(h, -2.0)]))
out["float_by_zero"] = v(run([tf.math.floordiv(tf.constant([1.0, -1.0, 0.0]), 0.0),
                              tf.truncatemod(tf.constant([1.0, -1.0]), 0.0)]))
out["broadcast"] = v(run(tf.math.floordiv(tf.constant([[9], [-9]]), tf.constant([2, -4, 5]))))
out["empty"] = v(run(tf.math.floormod(tf.zeros([0, 2], tf.int32), tf.constant([1, 2]))))
z = tf.placeholder(tf.int64, [2])
out["int64_by_zero"] = fails(tf.math.floordiv(tf.constant([4, 4], tf.int64), z), {z: [2, 0]})
z8 = tf.placeholder(tf.int8, [1])
out["int8_mod_zero"] = fails(tf.math.floormod(tf.constant([4], tf.int8), z8), {z8: [0]})
x = tf.constant([3.0, -4.0])
out["floordiv_grad"] = tf.gradients(tf.math.floordiv(x, 2.0), x)[0] is None
""",
    "int_pow_and_overflow": """
b = tf.constant([2, -3, 0, 1, -1], tf.int64)
out["pow_int64"] = v(run(tf.pow(b, tf.constant([62, 3, 0, 100, 101], tf.int64))))
out["pow_int8_wrap"] = v(run(tf.pow(tf.constant([3, 2], tf.int8), tf.constant([5, 7], tf.int8))))
out["pow_int32_wrap"] = v(run(tf.pow(tf.constant([3], tf.int32), tf.constant([21]))))
e = tf.placeholder(tf.int64, [2])
out["pow_int64_negative"] = fails(tf.pow(tf.constant([2, 1], tf.int64), e), {e: [1, -2]})
out["pow_float_int_like"] = v(run(tf.pow([2.0, -2.0, 0.0], tf.constant([-2.0, 3.0, 0.0]))))
d64 = tf.float64
out["pow_f64"] = v(run(tf.pow(tf.constant([-8.0, 4.0], d64), tf.constant([0.5, -0.5], d64))))
out["pow_complex"] = cv(run(tf.pow(tf.constant([1j, -1 + 0j], tf.complex64),
                                   tf.constant([2 + 0j, 0.5 + 0j], tf.complex64))))
i16 = tf.constant([32767, -32768], tf.int16)
out["int16_wrap"] = v(run([i16 + 1, i16 - 1, i16 * 2, -i16, tf.abs(i16)]))
u16 = tf.constant([0, 65535], tf.uint16)
out["uint16_wrap"] = v(run([u16 + 1, u16 - tf.constant(1, tf.uint16), u16 * 2]))
i64 = tf.constant([2**63 - 1, -2**63], tf.int64)
out["int64_wrap"] = v(run([i64 + 1, i64 * 3, tf.abs(i64)]))
x = tf.constant([2.0, 3.0])
y = tf.constant([3.0, 0.5])
gx, gy = tf.gradients(tf.reduce_sum(tf.pow(x, y)), [x, y])
out["pow_grads"] = [run(gx).tolist(), run(gy).tolist()]
x0 = tf.constant([0.0, 0.0, -2.0])
gx0, gy0 = tf.gradients(tf.reduce_sum(tf.pow(x0, tf.constant([2.0, 0.0, 2.0]))), [x0, y])
out["pow_grad_zero_base"] = [run(gx0).tolist(), gy0 is None]
""",
    "atan2_and_friends": """
y = tf.constant([0.0, -0.0, 0.0, -0.0, 1.0, -1.0, np.inf, np.inf, 1.0, np.nan])
x = tf.constant([0.0, 0.0, -0.0, -0.0, 0.0, 0.0, np.inf, -np.inf, -np.inf, 1.0])
out["atan2"] = v(run(tf.atan2(y, x)))
out["atan2_f64"] = v(run(tf.atan2(tf.constant([1.0, -2.0], tf.float64),
                                  tf.constant([-1.0, -3.0], tf.float64))))
out["atan2_half"] = v(run(tf.atan2(tf.constant([1.0, 2.0], tf.float16),
                                   tf.constant([3.0, -1.0], tf.float16))))
a = tf.constant([1.0, -2.0])
b = tf.constant([3.0, 0.5])
ga, gb = tf.gradients(tf.reduce_sum(tf.atan2(a, b)), [a, b])
out["atan2_grads"] = [run(ga).tolist(), run(gb).tolist()]
out["atan2_int"] = raises(lambda: tf.atan2(tf.constant([1]), tf.constant([2])))
out["asin_acos_out"] = v(run([tf.asin([1.5, -1.0]), tf.acos(tf.constant([1.5, -1.0]))]))
out["hyperbolic"] = v(run([tf.asinh(tf.constant([-2.0, 0.0])), tf.acosh(tf.constant([0.5, 2.0])),
                           tf.atanh(tf.constant([1.0, -0.5, 2.0]))]))
out["tan_f64"] = v(run(tf.tan(tf.constant([0.0, 1.0, -1.5], tf.float64))))
out["expm1_log1p"] = v(run([tf.math.expm1(tf.constant([1e-10, -50.0])),
                            tf.math.log1p(tf.constant([1e-10, -1.0, -2.0]))]))
out["erf_erfc"] = v(run([tf.math.erf(tf.constant([0.5, -3.0], tf.float64)),
                         tf.math.erfc(tf.constant([0.5, 10.0], tf.float64))]))
""",
    "special_functions": """
xf = tf.constant([-2.5, -1.0, 0.0, 0.5, 1.0, 3.0, 30.0])
out["lgamma"] = v(run(tf.lgamma(xf)))
out["digamma"] = v(run(tf.digamma(xf)))
out["lgamma_f64"] = v(run(tf.lgamma(tf.constant([-0.5, 1e-8, 171.5], tf.float64))))
a = tf.constant([0.5, 1.0, 2.0, 3.0, 0.0, -1.0])
x = tf.constant([0.5, 2.0, 1.0, 0.0, 1.0, 1.0])
out["igamma"] = v(run(tf.igamma(a, x)))
out["igammac"] = v(run(tf.igammac(a, x)))
out["igamma_f64"] = v(run(tf.igamma(tf.constant([5.0, 100.0], tf.float64),
                                    tf.constant([3.0, 90.0], tf.float64))))
out["betainc"] = v(run(tf.betainc(tf.constant([0.5, 1.0, 2.0, 3.0]),
                                  tf.constant([0.5, 2.0, 2.0, 1.0]),
                                  tf.constant([0.3, 0.5, 1.0, 0.0]))))
out["betainc_bad"] = v(run(tf.betainc(tf.constant([-1.0, 1.0]), tf.constant([1.0, 1.0]),
                                      tf.constant([0.5, 1.5]))))
out["betainc_scalar_a"] = v(run(tf.betainc(2.0, tf.constant([1.0, 3.0]), tf.constant([0.2, 0.7]))))
out["zeta"] = v(run(tf.zeta(tf.constant([2.0, 3.0, 1.0, 0.5, 2.0]),
                            tf.constant([1.0, 2.0, 1.0, 1.0, -1.5]))))
out["polygamma"] = v(run(tf.polygamma(tf.constant([0.0, 1.0, 2.0, 3.0, 1.5]),
                                      tf.constant([1.0, 0.5, 2.0, 4.0, 1.0]))))
g = tf.gradients(tf.reduce_sum(tf.lgamma(xf[3:]) + tf.digamma(xf[3:])), xf)[0]
out["lgamma_digamma_grad"] = run(g).tolist()
gi = tf.gradients(tf.reduce_sum(tf.igamma(a[:3], x[:3])), [a, x])
out["igamma_grads"] = [run(gi[0]).tolist(), run(gi[1]).tolist()]
out["lbeta_empty"] = v(run(tf.math.lbeta(tf.zeros([2, 0]))))
out["bessel"] = v(run([tf.math.bessel_i0e(tf.constant([0.0, 1.0, -5.0])),
                       tf.math.bessel_i1e(tf.constant([0.0, 1.0, -5.0]))]))
out["erfinv_ndtri"] = v(run([tf.math.erfinv(tf.constant([0.0, 0.5, -1.0, 1.5])),
                             tf.math.ndtri(tf.constant([0.5, 0.975, 0.0, 1.0]))]))
""",
    "complex_and_half_cwise": """
c = tf.constant([1 + 2j, -3 + 0.5j, 0j], tf.complex64)
out["abs_angle"] = v(run([tf.abs(c), tf.angle(c), tf.real(c), tf.imag(c)]))
out["conj_mul_div"] = [cv(t) for t in run([tf.conj(c), c * c, c / tf.constant(1 - 1j,
                                                                              tf.complex64)])]
d = tf.constant([1 + 1j, -2 - 0.5j], tf.complex128)
out["complex128"] = [cv(t) for t in run([tf.exp(d), tf.sqrt(d), tf.log(d), tf.square(d),
                                        tf.reciprocal(d), tf.sign(d)])]
out["complex_abs_dtype"] = v(run(tf.abs(d)))
out["complex_constructor"] = cv(run(tf.complex(tf.constant([1.0, 2.0]), tf.constant([0.5, -1.0]))))
out["complex_mixed"] = raises(lambda: tf.complex(tf.constant([1.0]), tf.constant([1.0],
                                                                                 tf.float64)))
out["complex_compare"] = raises(lambda: tf.less(c, c))
h = tf.constant([0.1, 1.5, -2.5, 1000.0], tf.float16)
out["half_unary"] = v(run([tf.round(h), tf.sigmoid(h), tf.tanh(h), tf.square(h),
                           tf.log1p(tf.abs(h))]))
with tf.Graph().as_default():  # no CPU kernel: running it spoils its graph's later runs
    out["rint_half"] = raises(lambda: run(tf.math.rint(tf.constant([0.5, 1.5], tf.float16))))
out["round_f64"] = v(run(tf.round(tf.constant([0.5, 1.5, 2.5, -0.5, -3.5, 2.4999], tf.float64))))
out["round_int"] = v(run(tf.round(tf.constant([3, -4]))))
out["rint_f64"] = v(run(tf.math.rint(tf.constant([-1.5, 4.5, 1e16 + 1], tf.float64))))
x = tf.constant([1.0 + 2.0j], tf.complex64)
out["complex_grad"] = cv(run(tf.gradients(tf.reduce_sum(tf.real(x * tf.conj(x))), x)[0]))
""",
}

SEGMENTS = {
    # ------------------------------------------------------- segment_reduction_ops_test
    "segment_ids_edges": """
data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
ids = tf.placeholder(tf.int32, [4])
out["unsorted_ids"] = fails(tf.segment_sum(data, ids), {ids: [0, 1, 0, 1]})
out["negative_id"] = fails(tf.segment_sum(data, ids), {ids: [-1, 0, 0, 1]})
out["const_unsorted"] = built(lambda: fails(tf.segment_sum(data, [0, 2, 1, 2])))
out["gaps"] = v(run(tf.segment_max(data, [0, 0, 3, 3])))
out["gaps_min_prod_mean"] = v(run([tf.segment_min(data, [1, 1, 3, 3]),
                                   tf.segment_prod(data, [1, 1, 3, 3]),
                                   tf.segment_mean(data, [1, 1, 3, 3])]))
out["empty"] = v(run(tf.segment_sum(tf.zeros([0, 2]), tf.zeros([0], tf.int32))))
out["int64_ids"] = v(run(tf.segment_sum(tf.constant([1, 2, 3]), tf.constant([0, 0, 1], tf.int64))))
out["ids_length"] = raises(lambda: tf.segment_sum(data, [0, 0, 1]))
out["ids_rank"] = raises(lambda: tf.segment_sum(data, [[0, 0], [1, 1]]))
for dt in (tf.int8, tf.uint8, tf.float16, tf.float64, tf.int64):
    out["sum_" + dt.name] = v(run(tf.segment_sum(tf.cast(data, dt), [0, 0, 0, 1])))
""",
    "unsorted_segment_edges": """
data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
ids = tf.constant([2, -1, 0, 2])
out["negative_dropped"] = v(run([tf.unsorted_segment_sum(data, ids, 4),
                                 tf.unsorted_segment_max(data, ids, 4),
                                 tf.unsorted_segment_min(data, ids, 4),
                                 tf.unsorted_segment_prod(data, ids, 4)]))
out["mean_sqrt_n"] = v(run([tf.unsorted_segment_mean(data, ids, 4),
                            tf.unsorted_segment_sqrt_n(data, ids, 4)]))
p = tf.placeholder(tf.int32, [4])
out["out_of_range"] = fails(tf.unsorted_segment_sum(data, p, 3), {p: [0, 1, 3, 0]})
out["out_of_range_max"] = fails(tf.unsorted_segment_max(data, p, 3), {p: [0, 1, 5, 0]})
out["int_max_identity"] = v(run([tf.unsorted_segment_max(tf.constant([3, -5], tf.int32), [0, 0], 2),
                                 tf.unsorted_segment_min(tf.constant([3, 5], tf.int8), [1, 1], 2)]))
out["2d_ids"] = v(run(tf.unsorted_segment_sum(tf.constant([[1, 2], [3, 4]]),
                                              [[0, 1], [1, 1]], 2)))
out["zero_segments"] = v(run(tf.unsorted_segment_sum(tf.zeros([0, 3]), tf.zeros([0], tf.int32), 0)))
out["num_segments_int64"] = v(run(tf.unsorted_segment_sum(tf.constant([1.0, 2.0]), [1, 1],
                                                          tf.constant(3, tf.int64))))
out["complex"] = cv(run(tf.unsorted_segment_sum(tf.constant([1j, 2.0, 3j], tf.complex64),
                                                [0, 1, 0], 2)))
out["bad_ids_shape"] = raises(lambda: tf.unsorted_segment_sum(data, [0, 1, 2], 3))
x = tf.constant([1.0, 5.0, 5.0, 2.0, -1.0])
gm = tf.gradients(tf.reduce_sum(tf.unsorted_segment_max(x, [0, 0, 0, 1, -1], 2) * [1.0, 3.0]), x)[0]
out["max_grad_ties"] = run(gm).tolist()
gp = tf.gradients(tf.reduce_sum(tf.unsorted_segment_prod(x, [0, 0, 1, 1, 1], 2)), x)[0]
out["prod_grad"] = run(gp).tolist()
sq = tf.unsorted_segment_sqrt_n(x, [1, 1, 1, 0, -1], 3)
gs = tf.gradients(tf.reduce_sum(sq * [1.0, 2.0, 3.0]), x)[0]
out["sqrt_n_grad"] = run(gs).tolist()
""",
}

GATHER = {
    # ---------------------------------------------------------------------- gather_op_test
    "gather_batch_dims_and_axes": """
params = tf.constant(np.arange(24).reshape(2, 3, 4))
idx = tf.constant([[2, 0], [1, 1]])
out["batch_dims_1_axis_2"] = v(run(tf.gather(params, idx, axis=2, batch_dims=1)))
out["batch_dims_neg"] = v(run(tf.gather(params, idx, axis=-1, batch_dims=-1)))
out["batch_dims_1_axis_1"] = v(run(tf.gather(params, idx, axis=1, batch_dims=1)))
out["batch_dims_shape"] = shape(tf.gather(params, idx, axis=2, batch_dims=1))
idx3 = tf.constant([[[3], [0], [1]], [[2], [2], [0]]])
out["batch_dims_2"] = v(run(tf.gather(params, idx3, axis=2, batch_dims=2)))
out["batch_dims_gt_axis"] = raises(lambda: tf.gather(params, idx, axis=0, batch_dims=1))
out["batch_dims_too_big"] = raises(lambda: tf.gather(params, idx, axis=2, batch_dims=3))
out["axis_neg"] = v(run(tf.gather(params, [0, -0, 1], axis=-2)))
out["scalar_index"] = v(run(tf.gather(params, 1, axis=-1)))
out["empty_index"] = v(run(tf.gather(params, tf.zeros([0, 2], tf.int32), axis=1)))
out["empty_params"] = v(run(tf.gather(tf.zeros([3, 0]), [2, 0])))
p = tf.placeholder(tf.int32, [2])
out["negative_index"] = fails(tf.gather(params, p, axis=1), {p: [-1, 0]})
out["const_out_of_range"] = built(lambda: fails(tf.gather(params, [0, 5], axis=-1)))
out["int64_axis"] = v(run(tf.gather(params, [1], axis=tf.constant(2, tf.int64))))
fp = tf.constant(np.arange(24.0).reshape(2, 3, 4), tf.float32)
g = tf.gradients(tf.reduce_sum(tf.gather(fp, idx, axis=2, batch_dims=1) *
                               tf.reshape(tf.range(12.0), [2, 3, 2])), fp)[0]
out["batch_dims_grad"] = run(tf.convert_to_tensor(g)).tolist()
g2 = tf.gradients(tf.reduce_sum(tf.gather(fp, [2, 2, 0], axis=-1) * 2.0), fp)[0]
out["axis_grad_dupes"] = run(tf.convert_to_tensor(g2)).tolist()
for dt in (tf.int8, tf.uint16, tf.float16, tf.complex64, tf.bool):
    r = run(tf.gather(tf.cast(tf.constant([0, 1, 2]), dt), [2, 0]))
    out["dtype_" + dt.name] = cv(r) if dt == tf.complex64 else v(r)
""",
    "gather_nd_scatter_nd_duplicates": """
params = tf.constant(np.arange(12.0).reshape(3, 4), tf.float32)
ind = tf.constant([[1, 2], [1, 2], [0, 0]])
g = tf.gradients(tf.reduce_sum(tf.gather_nd(params, ind) * [1.0, 10.0, 100.0]), params)[0]
out["gather_nd_dup_grad"] = run(tf.convert_to_tensor(g)).tolist()
out["gather_nd_batch_dims"] = v(run(tf.gather_nd(tf.reshape(params, [3, 2, 2]), [[1], [0], [1]],
                                                 batch_dims=1)))
out["gather_nd_empty_index"] = v(run(tf.gather_nd(params, tf.zeros([0, 2], tf.int32))))
out["gather_nd_empty_inner"] = v(run(tf.gather_nd(params, tf.zeros([2, 0], tf.int32))))
p = tf.placeholder(tf.int32, [1, 2])
out["gather_nd_oob"] = fails(tf.gather_nd(params, p), {p: [[3, 0]]})
out["gather_nd_neg"] = fails(tf.gather_nd(params, p), {p: [[0, -1]]})
out["scatter_nd_dup"] = v(run(tf.scatter_nd([[1], [1], [3]], [1, 2, 3], [5])))
out["scatter_nd_slices"] = v(run(tf.scatter_nd([[0], [0]], [[1.0, 2.0], [3.0, 4.0]], [2, 2])))
out["scatter_nd_empty"] = v(run(tf.scatter_nd(tf.zeros([0, 1], tf.int32), tf.zeros([0]), [3])))
out["scatter_nd_oob"] = fails(tf.scatter_nd(p, [5.0], [2, 2]), {p: [[2, 0]]})
out["scatter_nd_bad_shape"] = raises(lambda: tf.scatter_nd([[0]], [1.0, 2.0], [3]))
i64 = tf.int64
out["scatter_nd_int64"] = v(run(tf.scatter_nd(tf.constant([[2]], i64), [7], tf.constant([4], i64))))
u = tf.constant([1.0, 2.0, 3.0])
gu = tf.gradients(tf.reduce_sum(tf.scatter_nd([[1], [1], [0]], u, [3]) * [5.0, 6.0, 7.0]), u)[0]
out["scatter_nd_grad"] = run(gu).tolist()
""",
    "tensor_scatter_ops": """
t = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
ind = tf.constant([[2], [0], [2]])
upd = tf.constant([[10.0, 20.0], [30.0, 40.0], [-1.0, 50.0]])
out["add"] = v(run(tf.tensor_scatter_nd_add(t, ind, upd)))
out["sub"] = v(run(tf.tensor_scatter_nd_sub(t, ind, upd)))
out["max"] = v(run(tf.tensor_scatter_nd_max(t, ind, upd)))
out["min"] = v(run(tf.tensor_scatter_nd_min(t, ind, upd)))
out["update_unique"] = v(run(tf.tensor_scatter_nd_update(t, [[1, 0], [2, 1]], [-7.0, -8.0])))
out["update_int"] = v(run(tf.tensor_scatter_nd_update(tf.constant([1, 2, 3], tf.int64), [[0]],
                                                      tf.constant([9], tf.int64))))
out["scalar_update_full"] = fails(tf.tensor_scatter_nd_add(tf.constant([1, 2]),
                                                           tf.zeros([1, 0], tf.int32), [[10, 20]]))
p = tf.placeholder(tf.int32, [1, 1])
out["oob"] = fails(tf.tensor_scatter_nd_update(t, p, [[0.0, 0.0]]), {p: [[3]]})
out["bad_updates"] = raises(lambda: tf.tensor_scatter_nd_update(t, [[0]], [[1.0, 2.0, 3.0]]))
out["empty"] = v(run(tf.tensor_scatter_nd_add(t, tf.zeros([0, 1], tf.int32), tf.zeros([0, 2]))))
gt, gu = tf.gradients(tf.reduce_sum(tf.tensor_scatter_nd_update(t, [[1]], upd[:1]) *
                                    [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), [t, upd])
out["update_grads"] = [run(gt).tolist(), run(gu).tolist()]
ga, gb = tf.gradients(tf.reduce_sum(tf.tensor_scatter_nd_add(t, ind, upd) ** 2), [t, upd])
out["add_grads"] = [run(ga).tolist(), run(gb).tolist()]
""",
}

MATRIX = {
    # ---------------------------------------- diag_op_test: v3 with k ranges and alignment
    "matrix_diag_v3": """
m = tf.constant(np.arange(1, 13).reshape(3, 4), tf.int32)
out["part_k1"] = v(run(tf.linalg.diag_part(m, k=1)))
out["part_k_neg"] = v(run(tf.linalg.diag_part(m, k=-2)))
for align in ("RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT"):
    out["part_range_" + align] = v(run(tf.linalg.diag_part(m, k=(-1, 2), align=align,
                                                           padding_value=-9)))
out["part_batch"] = v(run(tf.linalg.diag_part(tf.reshape(tf.range(18), [2, 3, 3]), k=(0, 1))))
out["part_bad_k"] = raises(lambda: run(tf.linalg.diag_part(m, k=(2, 1))))
d = tf.constant([[1, 2, 3], [4, 5, 0]])
out["diag_range"] = v(run(tf.linalg.diag(d, k=(0, 1))))
out["diag_k_rect"] = v(run(tf.linalg.diag(tf.constant([1, 2]), k=1, num_rows=3, num_cols=3,
                                         padding_value=7)))
out["diag_k_rect_bad"] = raises(lambda: tf.linalg.diag(tf.constant([1, 2]), k=1, num_rows=3,
                                                       num_cols=4))
out["diag_neg_k"] = v(run(tf.linalg.diag(tf.constant([5.0, 6.0]), k=-1)))
out["diag_range_left"] = v(run(tf.linalg.diag(tf.constant([[1, 2, 3], [4, 5, 0]]), k=(-1, 0),
                                             align="LEFT_LEFT")))
out["set_diag_k"] = v(run(tf.linalg.set_diag(m, tf.constant([0, 0, 0]), k=1)))
out["set_diag_range"] = v(run(tf.linalg.set_diag(m, tf.constant([[-1, -2, -3], [-4, -5, 0]]),
                                                k=(0, 1), align="LEFT_RIGHT")))
out["set_diag_bad"] = raises(lambda: run(tf.linalg.set_diag(m, tf.constant([1, 2]), k=0)))
f = tf.constant(np.arange(12.0).reshape(3, 4), tf.float32)
dp = tf.linalg.diag_part(f, k=(-1, 1))
g = tf.gradients(tf.reduce_sum(dp * tf.reshape(tf.range(9.0), [3, 3])), f)[0]
out["part_range_grad"] = run(g).tolist()
dd = tf.constant([[1.0, 2.0], [3.0, 4.0]])
gd = tf.gradients(tf.reduce_sum(tf.linalg.diag(dd, k=(0, 1)) ** 2 * 1.5), dd)[0]
out["diag_range_grad"] = run(gd).tolist()
""",
    "einsum_forms": """
a = tf.constant(np.arange(6.0).reshape(2, 3), tf.float32)
b = tf.constant(np.arange(12.0).reshape(3, 4), tf.float32)
sq = tf.constant(np.arange(9.0).reshape(3, 3), tf.float32)
out["matmul"] = v(run(tf.einsum("ij,jk->ik", a, b)))
out["implicit"] = v(run(tf.einsum("ij,jk", a, b)))
out["transpose"] = v(run(tf.einsum("ij->ji", a)))
out["trace"] = v(run(tf.einsum("ii", sq)))
out["diag"] = v(run(tf.einsum("ii->i", sq)))
out["sum_all"] = v(run(tf.einsum("ij->", a)))
out["outer"] = v(run(tf.einsum("i,j->ij", a[0], a[1])))
out["dot"] = v(run(tf.einsum("i,i->", a[0], a[1])))
bt = tf.reshape(tf.range(24.0), [2, 3, 4])
out["batch"] = v(run(tf.einsum("bij,bjk->bik", bt[:, :, :3], bt)))
out["ellipsis"] = v(run(tf.einsum("...ij,jk->...ik", bt, tf.ones([4, 2]))))
out["ellipsis_broadcast"] = v(run(tf.einsum("...ij,...jk->...ik", tf.ones([2, 1, 2, 3]),
                                            tf.ones([3, 3, 1]))))
out["three"] = v(run(tf.einsum("ij,jk,kl->il", a, b, tf.ones([4, 2]))))
out["int"] = v(run(tf.einsum("ij,j->i", tf.constant([[1, 2], [3, 4]]), tf.constant([5, 6]))))
out["f64"] = v(run(tf.einsum("ij,ij->i", tf.cast(a, tf.float64), tf.cast(a, tf.float64))))
out["empty"] = v(run(tf.einsum("ij,jk->ik", tf.zeros([2, 0]), tf.zeros([0, 3]))))
out["bad_spec"] = raises(lambda: tf.einsum("ij,jk->ikl", a, b))
out["bad_dims"] = raises(lambda: tf.einsum("ij,jk->ik", a, a))
ga, gb = tf.gradients(tf.reduce_sum(tf.einsum("ij,jk->ik", a, b) ** 2), [a, b])
out["grads"] = [run(ga).tolist(), run(gb).tolist()]
gt = tf.gradients(tf.einsum("ii", sq) + tf.reduce_sum(tf.einsum("ii->i", sq) * [1.0, 2.0, 3.0]),
                  sq)[0]
out["diag_grad"] = run(gt).tolist()
""",
}

BITS = {
    # ------------------------------------------------- bitwise_ops_test, bitcast_op_test
    "bitwise_dtypes": """
bw = tf.bitwise
for dt in (tf.int8, tf.int16, tf.int64, tf.uint8, tf.uint16, tf.uint32, tf.uint64):
    x = tf.constant([0, 5, 3, 127], dt)
    y = tf.constant([0, 3, 6, 1], dt)
    out["ops_" + dt.name] = v(run([bw.bitwise_and(x, y), bw.bitwise_or(x, y),
                                   bw.bitwise_xor(x, y), bw.invert(x)]))
i8 = tf.constant([-128, -1, 64, 1], tf.int8)
out["shifts_int8"] = v(run([bw.left_shift(i8, tf.constant([1, 7, 1, 8], tf.int8)),
                            bw.right_shift(i8, tf.constant([7, 3, 8, -1], tf.int8))]))
u16 = tf.constant([1, 0x8000, 3], tf.uint16)
out["shifts_uint16"] = v(run([bw.left_shift(u16, tf.constant([15, 1, 16], tf.uint16)),
                              bw.right_shift(u16, tf.constant([1, 15, 20], tf.uint16))]))
i64 = tf.constant([1, -1], tf.int64)
out["shifts_int64"] = v(run([bw.left_shift(i64, tf.constant([63, 64], tf.int64)),
                             bw.right_shift(i64, tf.constant([1, 63], tf.int64))]))
out["broadcast"] = v(run(bw.bitwise_and(tf.constant([[12], [10]]), tf.constant([6, 3, 15]))))
out["float"] = raises(lambda: bw.bitwise_and(tf.constant([1.0]), tf.constant([1.0])))
out["mixed"] = raises(lambda: bw.bitwise_or(tf.constant([1], tf.int8), tf.constant([1], tf.int16)))
""",
    "bitcast_dtypes": """
out["half_to_uint16"] = v(run(tf.bitcast(tf.constant([1.0, -2.0, np.inf], tf.float16), tf.uint16)))
out["f64_to_int32"] = v(run(tf.bitcast(tf.constant([1.0, -0.0], tf.float64), tf.int32)))
out["int32_to_f64"] = v(run(tf.bitcast(tf.constant([[0, 1072693248], [0, -1073741824]]),
                                       tf.float64)))
out["int8_to_uint8"] = v(run(tf.bitcast(tf.constant([-1, -128, 5], tf.int8), tf.uint8)))
out["uint8_to_f32"] = v(run(tf.bitcast(tf.constant([[0, 0, 128, 63]], tf.uint8), tf.float32)))
out["int64_to_uint16_shape"] = shape(tf.bitcast(tf.constant([[1, 2]], tf.int64), tf.uint16))
out["complex_to_f64"] = v(run(tf.bitcast(tf.constant([1 + 2j], tf.complex128), tf.float64)))
out["f32_to_complex64"] = cv(run(tf.bitcast(tf.constant([[1.0, 2.0]]), tf.complex64)))
out["complex64_to_int16"] = v(run(tf.bitcast(tf.constant([1 - 1j], tf.complex64), tf.int16)))
out["bool"] = raises(lambda: tf.bitcast(tf.constant([True]), tf.int8))
out["empty"] = v(run(tf.bitcast(tf.zeros([0, 4], tf.uint8), tf.int32)))
out["scalar_same_width"] = v(run(tf.bitcast(tf.constant(1.0), tf.uint32)))
""",
    "cast_dtype_pairs": """
vals = [0, 1, 3, 100]
dts = (tf.int8, tf.uint8, tf.int16, tf.uint16, tf.int32, tf.int64, tf.float16, tf.float32,
       tf.float64, tf.bool)
for a in dts:
    x = tf.constant(vals, a) if a != tf.bool else tf.constant([False, True, True, True])
    out["from_" + a.name] = v(run([tf.cast(x, b) for b in dts]))
out["to_complex"] = [cv(t) for t in run([tf.cast(tf.constant([1, -2], tf.int8), tf.complex64),
                                        tf.cast(tf.constant([1.5], tf.float16), tf.complex128)])]
out["complex_to_int"] = v(run(tf.cast(tf.constant([2.7 - 1j]), tf.int32)))
out["complex_to_bool"] = v(run(tf.cast(tf.constant([0j, 1j], tf.complex64), tf.bool)))
out["complex_widen"] = cv(run(tf.cast(tf.constant([1.5 + 2j], tf.complex64), tf.complex128)))
out["int_narrowing"] = v(run([tf.cast(tf.constant([300, -129, 65536 + 7]), tf.int8),
                              tf.cast(tf.constant([70000, -1]), tf.int16),
                              tf.cast(tf.constant([2**40 + 5, -1], tf.int64), tf.int32),
                              tf.cast(tf.constant([-1, 2**33], tf.int64), tf.uint16)]))
out["float_trunc"] = v(run([tf.cast(tf.constant([2.9, -2.9, 127.9], tf.float64), tf.int8),
                            tf.cast(tf.constant([2.9, -0.9, 255.5], tf.float16), tf.int16)]))
out["half_rounding"] = v(run(tf.cast(tf.constant([2049, 4097, 65504, 1e-5], tf.float64),
                                     tf.float16)))
out["string"] = raises(lambda: tf.cast(tf.constant(["1"]), tf.int32))
x = tf.constant([1.5, 2.5], tf.float64)
c16 = tf.cast(x, tf.float16) * tf.constant(2.0, tf.float16)
out["cast_grad_f64_to_f16"] = v(run(tf.gradients(tf.reduce_sum(c16), x)[0]))
""",
}

NN = {
    # ------------------------------------------------------ clip_ops_test, nn_test pieces
    "clip_ops": """
x = tf.constant([[3.0, 4.0], [6.0, 8.0], [0.0, 0.0]])
out["norm_all"] = v(run(tf.clip_by_norm(x, 5.0)))
out["norm_axis1"] = v(run(tf.clip_by_norm(x, 5.0, axes=[1])))
out["norm_axis0"] = v(run(tf.clip_by_norm(x, 5.0, axes=0)))
out["norm_neg_axis"] = v(run(tf.clip_by_norm(x, 5.0, axes=[-1])))
out["norm_f64"] = v(run(tf.clip_by_norm(tf.constant([3.0, 4.0], tf.float64), 1.0)))
out["norm_zero"] = v(run(tf.clip_by_norm(tf.zeros([2]), 1.0)))
out["norm_negative_clip"] = v(run(tf.clip_by_norm(tf.constant([3.0, 4.0]), -1.0)))
out["norm_int"] = raises(lambda: run(tf.clip_by_norm(tf.constant([3, 4]), 1)))
g = tf.gradients(tf.reduce_sum(tf.clip_by_norm(x, 5.0, axes=[1]) * [[1.0, 2.0]]), x)[0]
out["norm_grad"] = run(g).tolist()
cg, norm = tf.clip_by_global_norm([x, tf.constant([12.0])], 6.5)
out["global"] = v(run(cg + [norm]))
cg2, norm2 = tf.clip_by_global_norm([x, None], 100.0)
out["global_none"] = [cg2[1] is None, v(run(norm2))]
cg3, norm3 = tf.clip_by_global_norm([tf.constant([np.inf, 1.0])], 1.0)
out["global_inf"] = v(run(cg3 + [norm3]))
out["global_norm"] = v(run(tf.global_norm([x, tf.constant([1.0])])))
out["average_norm"] = v(run(tf.clip_by_average_norm(tf.constant([[3.0, 4.0]]), 1.0)))
out["by_value_int8"] = v(run(tf.clip_by_value(tf.constant([-100, 0, 100], tf.int8), -5, 5)))
out["by_value_bad"] = raises(lambda: tf.clip_by_value(tf.constant([1.0, 2.0]), [0.0, 0.0, 0.0],
                                                      1.0))
gv = tf.gradients(tf.reduce_sum(tf.clip_by_value(tf.constant([-1.0, 0.5, 2.0, 1.0]), 0.0, 1.0)),
                  tf.constant(0.0))
out["by_value_grad_unconnected"] = gv[0] is None
y = tf.constant([-1.0, 0.5, 2.0, 1.0, 0.0])
out["by_value_grad"] = run(tf.gradients(tf.reduce_sum(tf.clip_by_value(y, 0.0, 1.0)),
                                        y)[0]).tolist()
""",
    "l2_normalize_and_moments": """
x = tf.constant([[3.0, 4.0], [0.0, 0.0], [1e-7, 0.0]])
out["l2_axis1"] = v(run(tf.nn.l2_normalize(x, 1)))
out["l2_axis0"] = v(run(tf.nn.l2_normalize(x, 0)))
out["l2_axes"] = v(run(tf.nn.l2_normalize(x, [0, 1])))
out["l2_eps"] = v(run(tf.nn.l2_normalize(x, -1, epsilon=1.0)))
out["l2_f64"] = v(run(tf.nn.l2_normalize(tf.constant([1e-10, 0.0], tf.float64), 0)))
out["l2_complex"] = cv(run(tf.nn.l2_normalize(tf.constant([3 + 4j, 0j], tf.complex64), 0)))
g = tf.gradients(tf.reduce_sum(tf.nn.l2_normalize(x, 1) * [[1.0, 2.0]]), x)[0]
out["l2_grad"] = run(g).tolist()
y = tf.constant(np.arange(24.0).reshape(2, 3, 4) ** 1.5, tf.float32)
m, var = tf.nn.moments(y, [0, 2], keep_dims=True)
out["moments_keep"] = [shape(m), v(run([m, var]))]
m2, var2 = tf.nn.moments(y, [-1])
out["moments_neg"] = v(run([m2, var2]))
m3, var3 = tf.nn.moments(tf.constant([1.0, 2.0], tf.float16), [0])
out["moments_half"] = v(run([m3, var3]))
w = tf.constant([[1.0], [0.0], [2.0]])
wm, wv = tf.nn.weighted_moments(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]), [0], w)
out["weighted"] = v(run([wm, wv]))
wm2, wv2 = tf.nn.weighted_moments(tf.constant([[1.0, 2.0], [3.0, 4.0]]), [1],
                                  tf.constant([[1.0, 3.0], [0.5, 0.5]]), keep_dims=True)
out["weighted_keep"] = [shape(wm2), v(run([wm2, wv2]))]
out["sufficient"] = v(run(list(tf.nn.sufficient_statistics(y, [1])[:3])))
gm = tf.gradients(var2, y)[0]
out["moments_grad"] = run(gm).tolist()
out["moments_empty_axes"] = v(run(list(tf.nn.moments(tf.constant([1.0, 3.0]), []))))
""",
}

SORTING = {
    # ------------------------------- topk_op_test, searchsorted, histogram_ops_test, roll
    "top_k_ties_and_dtypes": """
x = tf.constant([[3.0, 1.0, 3.0, 2.0, 3.0], [1.0, 1.0, 1.0, 1.0, 1.0]])
out["ties"] = v(run(list(tf.nn.top_k(x, 3))))
out["k0"] = v(run(list(tf.nn.top_k(x, 0))))
out["k_all"] = v(run(list(tf.nn.top_k(x, 5))))
for dt in (tf.int8, tf.int64, tf.float16, tf.float64, tf.uint8):
    out["dtype_" + dt.name] = v(run(list(tf.nn.top_k(tf.cast(tf.constant([4, 1, 9, 4, 0]), dt),
                                                     2))))
out["k_too_big"] = raises(lambda: tf.nn.top_k(x, 6))
out["k_negative"] = raises(lambda: tf.nn.top_k(x, -1))
k = tf.placeholder(tf.int32, [])
out["k_fed"] = v(run(list(tf.nn.top_k(x, k)), {k: 2}))
out["k_fed_shape"] = shape(tf.nn.top_k(x, k)[0])
out["k_fed_too_big"] = fails(tf.nn.top_k(x, k)[0], {k: 9})
out["scalar"] = raises(lambda: tf.nn.top_k(tf.constant(1.0), 1))
out["empty_rows"] = v(run(list(tf.nn.top_k(tf.zeros([0, 3]), 2))))
out["int_min"] = v(run(list(tf.nn.top_k(tf.constant([-2**31, 5, -2**31]), 3))))
g = tf.gradients(tf.reduce_sum(tf.nn.top_k(x, 2)[0] * [[1.0, 10.0]]), x)[0]
out["ties_grad"] = run(g).tolist()
""",
    "searchsorted_and_histograms": """
s = tf.constant([[0, 3, 9, 9, 10], [1, 2, 3, 4, 5]])
q = tf.constant([[2, 4, 9], [0, 6, 3]])
out["left"] = v(run(tf.searchsorted(s, q)))
out["right"] = v(run(tf.searchsorted(s, q, side="right")))
out["int64_out"] = v(run(tf.searchsorted(s, q, out_type=tf.int64)))
out["float"] = v(run(tf.searchsorted(tf.constant([0.0, 1.0, np.inf]), tf.constant([np.inf, -1.0,
                                                                                   0.5]))))
out["1d"] = v(run(tf.searchsorted(tf.constant([1, 3, 5]), tf.constant([0, 3, 6]))))
out["bad_side"] = raises(lambda: tf.searchsorted(s, q, side="middle"))
out["bad_batch"] = raises(lambda: run(tf.searchsorted(s, tf.constant([[1], [2], [3]]))))
out["empty_values"] = v(run(tf.searchsorted(s, tf.zeros([2, 0], tf.int32))))
h = tf.constant([-1.0, 0.0, 1.5, 2.0, 5.0, 12.0, 4.99])
out["hist_nan"] = fails(tf.histogram_fixed_width(tf.constant([1.0, np.nan]), [0.0, 5.0], nbins=5))
out["hist"] = v(run(tf.histogram_fixed_width(h, [0.0, 5.0], nbins=5)))
out["hist_int64"] = v(run(tf.histogram_fixed_width(h[:6], [0.0, 5.0], nbins=3, dtype=tf.int64)))
out["hist_int_values"] = v(run(tf.histogram_fixed_width(tf.constant([0, 1, 2, 3, 9]), [0, 4],
                                                        nbins=2)))
out["hist_empty"] = v(run(tf.histogram_fixed_width(tf.zeros([0]), [0.0, 1.0], nbins=3)))
out["hist_bins"] = v(run(tf.histogram_fixed_width_bins(h[:6], [0.0, 5.0], nbins=5)))
out["hist_bad_range"] = fails(tf.histogram_fixed_width(h, [5.0, 0.0], nbins=5))
out["hist_zero_bins"] = raises(lambda: tf.histogram_fixed_width(h, [0.0, 5.0], nbins=0))
""",
    "roll_cases": """
x = tf.constant(np.arange(12).reshape(3, 4))
out["neg_shift"] = v(run(tf.roll(x, -1, 1)))
out["neg_axis"] = v(run(tf.roll(x, 2, -1)))
out["multi"] = v(run(tf.roll(x, [1, -5], [0, 1])))
out["same_axis_twice"] = v(run(tf.roll(x, [1, 2], [1, 1])))
out["big_shift"] = v(run(tf.roll(x, 13, 0)))
out["int64_shift"] = v(run(tf.roll(x, tf.constant(1, tf.int64), tf.constant(0, tf.int64))))
out["empty"] = v(run(tf.roll(tf.zeros([0, 3]), 1, 0)))
out["scalar"] = raises(lambda: run(tf.roll(tf.constant(1), 1, 0)))
out["bad_axis"] = raises(lambda: run(tf.roll(x, 1, 2)))
out["mismatch"] = raises(lambda: run(tf.roll(x, [1, 2], [0])))
s = tf.placeholder(tf.int32, [])
out["fed"] = v(run(tf.roll(x, s, 1), {s: -6}))
xf = tf.constant(np.arange(6.0).reshape(2, 3), tf.float32)
g = tf.gradients(tf.reduce_sum(tf.roll(xf, [1, 1], [0, 1]) * tf.reshape(tf.range(6.0), [2, 3])),
                 xf)[0]
out["grad"] = run(g).tolist()
""",
}

SHAPES = {
    # ----------------------------- tile/broadcast_to gradients, batchtospace crops, patches
    "tile_broadcast_gradients": """
x = tf.constant([[1.0, 2.0, 3.0]])
t = tf.tile(x, [2, 2])
w = tf.reshape(tf.range(12.0), [2, 6])
out["tile_grad"] = run(tf.gradients(tf.reduce_sum(t * w), x)[0]).tolist()
out["tile_zero"] = v(run(tf.tile(x, [0, 2])))
out["tile_zero_grad"] = run(tf.gradients(tf.reduce_sum(tf.tile(x, [0, 2])), x)[0]).tolist()
out["tile_int8"] = v(run(tf.tile(tf.constant([[1, -2]], tf.int8), [2, 1])))
out["tile_bad_len"] = raises(lambda: tf.tile(x, [2]))
out["tile_negative"] = raises(lambda: run(tf.tile(x, [1, -1])))
m = tf.placeholder(tf.int32, [2])
out["tile_fed_shape"] = shape(tf.tile(x, m))
g = tf.gradients(tf.reduce_sum(tf.tile(x, m) ** 2), x)[0]
out["tile_fed_grad"] = run(g, {m: [3, 1]}).tolist()
s = tf.constant([[1.0], [2.0]])
bt = tf.broadcast_to(s, [2, 2, 3])
out["bt_grad"] = run(tf.gradients(tf.reduce_sum(bt * tf.reshape(tf.range(12.0), [2, 2, 3])),
                                  s)[0]).tolist()
sc = tf.constant(2.0)
out["bt_scalar_grad"] = run(tf.gradients(tf.reduce_sum(tf.broadcast_to(sc, [3, 2])),
                                         sc)[0]).tolist()
out["bt_zero"] = v(run(tf.broadcast_to(s, [0, 2, 1])))
out["bt_zero_grad"] = run(tf.gradients(tf.reduce_sum(tf.broadcast_to(s, [0, 2, 3])), s)[0]).tolist()
out["bt_fewer_dims"] = raises(lambda: tf.broadcast_to(tf.zeros([2, 3]), [3]))
out["bt_int64_shape"] = v(run(tf.broadcast_to(tf.constant([1, 2]), tf.constant([2, 2], tf.int64))))
""",
    "space_to_batch_crops": """
x = tf.constant(np.arange(16.0).reshape(4, 2, 2, 1), tf.float32)
out["b2s_crops"] = v(run(tf.batch_to_space_nd(x, [2, 2], [[0, 1], [1, 0]])))
out["b2s_crops_shape"] = shape(tf.batch_to_space_nd(x, [2, 2], [[0, 1], [1, 0]]))
out["b2s_bad_batch"] = raises(lambda: run(tf.batch_to_space_nd(x[:3], [2, 2], [[0, 0], [0, 0]])))
out["b2s_crop_too_big"] = raises(lambda: run(tf.batch_to_space_nd(x, [2, 2], [[2, 3], [0, 0]])))
out["s2b_negative_pad"] = raises(lambda: run(tf.space_to_batch_nd(x, [1, 1], [[-1, 0], [0, 0]])))
out["s2b_block_one"] = v(run(tf.space_to_batch_nd(x[:1], [1, 2], [[0, 1], [0, 0]])))
out["s2b_int64_block"] = v(run(tf.space_to_batch_nd(tf.reshape(tf.range(8), [1, 4, 2, 1]),
                                                    tf.constant([2, 1], tf.int64),
                                                    tf.constant([[0, 0], [0, 0]], tf.int64))))
r3 = tf.reshape(tf.range(12), [1, 4, 3])
out["s2b_trailing"] = v(run(tf.space_to_batch_nd(r3, [2], [[1, 1]])))
g = tf.gradients(tf.reduce_sum(tf.batch_to_space_nd(x, [2, 2], [[0, 1], [1, 0]]) *
                               tf.reshape(tf.range(9.0), [1, 3, 3, 1])), x)[0]
out["b2s_crops_grad"] = run(g).tolist()
y = tf.constant(np.arange(32.0).reshape(1, 2, 2, 8), tf.float32)
out["d2s_block4"] = v(run(tf.depth_to_space(tf.reshape(tf.range(16.0), [1, 1, 1, 16]), 4)))
i8 = tf.cast(tf.reshape(tf.range(16), [1, 4, 4, 1]), tf.int8)
out["s2d_int8"] = v(run(tf.space_to_depth(i8, 2)))
with tf.Graph().as_default():  # no CPU kernel: running it spoils its graph's later runs
    out["d2s_nchw_cpu"] = raises(lambda: run(tf.depth_to_space(tf.zeros([1, 4, 1, 1]), 2,
                                                               data_format="NCHW")))
w = tf.reshape(tf.range(32.0), [1, 4, 4, 2])
gd = tf.gradients(tf.reduce_sum(tf.depth_to_space(y, 2) * w), y)[0]
out["d2s_grad"] = run(gd).tolist()
""",
    "extract_patches_and_transpose_conv": """
img = tf.constant(np.arange(1.0, 26.0).reshape(1, 5, 5, 1), tf.float32)
patches = tf.extract_image_patches
one = [1, 1, 1, 1]
out["patches_valid"] = v(run(patches(img, [1, 2, 2, 1], [1, 2, 2, 1], one, "VALID")))
out["patches_same"] = v(run(patches(img, [1, 3, 2, 1], [1, 2, 3, 1], one, "SAME")))
out["patches_rates"] = v(run(patches(img, [1, 2, 2, 1], one, [1, 2, 2, 1], "VALID")))
out["patches_rates_same_shape"] = shape(patches(img, [1, 3, 3, 1], [1, 2, 2, 1], [1, 2, 1, 1],
                                                "SAME"))
r = tf.reshape(tf.range(16.0), [1, 2, 4, 2])
out["patches_channels"] = v(run(patches(r, [1, 1, 2, 1], [1, 1, 2, 1], one, "VALID")))
out["patches_bad_ksize"] = raises(lambda: run(patches(img, [2, 2, 2, 1], one, one, "VALID")))
out["patches_too_big"] = built(lambda: shape(patches(img, [1, 6, 1, 1], one, one, "VALID")))
g = tf.gradients(tf.reduce_sum(patches(img, [1, 3, 3, 1], [1, 2, 2, 1], one, "SAME") ** 2), img)[0]
out["patches_grad"] = run(g).tolist()
x = tf.constant(np.arange(1.0, 9.0).reshape(1, 2, 2, 2), tf.float32)
f = tf.constant(np.arange(1.0, 25.0).reshape(2, 2, 3, 2) * 0.1, tf.float32)
tconv = tf.nn.conv2d_transpose
for name, os_, st, pad in (("same_s2", [1, 4, 4, 3], 2, "SAME"),
                           ("valid_s2", [1, 4, 4, 3], 2, "VALID"),
                           ("same_s2_odd", [1, 3, 3, 3], 2, "SAME"),
                           ("valid_s1", [1, 3, 3, 3], 1, "VALID"),
                           ("valid_s2_extra", [1, 5, 5, 3], 2, "VALID")):
    out["tconv_" + name] = built(lambda: v(run(tconv(x, f, os_, [1, st, st, 1], pad))))
out["tconv_bad_shape"] = raises(lambda: run(tconv(x, f, [1, 7, 7, 3], [1, 2, 2, 1], "SAME")))
out["tconv_bad_channels"] = raises(lambda: run(tconv(x, f, [1, 4, 4, 2], [1, 2, 2, 1], "SAME")))
osp = tf.placeholder(tf.int32, [4])
out["tconv_fed_shape"] = shape(tconv(x, f, osp, [1, 2, 2, 1], "SAME"))
out["tconv_fed"] = v(run(tconv(x, f, osp, [1, 2, 2, 1], "SAME"), {osp: [1, 3, 4, 3]}))
""",
    "empty_and_reductions": """
e = tf.zeros([0, 3])
out["reduce_empty"] = v(run([tf.reduce_sum(e, 0), tf.reduce_prod(e, 0), tf.reduce_max(e, 0),
                             tf.reduce_min(e, 0), tf.reduce_mean(e, 0), tf.reduce_all(e > 0, 0),
                             tf.reduce_any(e > 0, 0)]))
out["reduce_empty_int"] = v(run([tf.reduce_max(tf.zeros([0], tf.int32)),
                                 tf.reduce_min(tf.zeros([0], tf.uint8)),
                                 tf.reduce_mean(tf.zeros([0], tf.int32))]))
out["reduce_empty_axis1"] = v(run([tf.reduce_sum(e, 1), tf.reduce_max(e, 1)]))
out["logsumexp_empty"] = v(run(tf.reduce_logsumexp(e, 0)))
out["argmax_empty"] = fails(tf.argmax(e, 0))
out["argmax_empty_other"] = v(run(tf.argmax(e, 1)))
out["matmul_empty"] = v(run([tf.matmul(tf.zeros([2, 0]), tf.zeros([0, 3])),
                             tf.matmul(tf.zeros([0, 2]), tf.zeros([2, 3]))]))
out["cumsum_empty"] = v(run(tf.cumsum(e, 0, exclusive=True)))
out["softmax_empty"] = v(run(tf.nn.softmax(tf.zeros([2, 0]))))
out["reduce_neg_axes"] = v(run([tf.reduce_sum(tf.reshape(tf.range(24), [2, 3, 4]), [-1, -3]),
                                tf.reduce_max(tf.reshape(tf.range(24), [2, 3, 4]), -2,
                                              keepdims=True)]))
out["reduce_dup_axes"] = built(lambda: fails(tf.reduce_sum(tf.ones([2, 3]), [1, -1])))
out["reduce_bad_axis"] = raises(lambda: tf.reduce_sum(tf.ones([2, 3]), 2))
out["reduce_half"] = v(run([tf.reduce_sum(tf.fill([3000], tf.constant(0.5, tf.float16))),
                            tf.reduce_prod(tf.constant([300.0, 300.0], tf.float16))]))
out["reduce_int8_sum_wrap"] = v(run(tf.reduce_sum(tf.constant([100, 100], tf.int8))))
out["reduce_complex"] = cv(run(tf.reduce_sum(tf.constant([[1 + 1j, 2 - 1j]], tf.complex128), 1)))
out["euclidean_norm"] = v(run([tf.math.reduce_euclidean_norm(tf.constant([[3.0, 4.0]]), 1),
                               tf.math.reduce_euclidean_norm(tf.constant([3, 4])),
                               tf.math.reduce_euclidean_norm(e, 0)]))
""",
}

OPS_TESTS = {
    # ------------------------------- tensorflow/python/ops/*_test.py: math, array, gradients
    "math_ops_test_edges": """
x = tf.constant([[1.0, np.inf], [-np.inf, 2.0]])
out["logsumexp_inf"] = v(run([tf.reduce_logsumexp(x, 1),
                              tf.reduce_logsumexp(x[:, :1] * 0.0 - np.inf, 0)]))
out["logsumexp_keep"] = v(run(tf.reduce_logsumexp(tf.constant([[0.0, 0.0]], tf.float64), -1,
                                                  keepdims=True)))
out["count_nonzero"] = v(run([tf.count_nonzero(tf.constant([[0, 1], [2, 0]]), 1),
                              tf.count_nonzero(tf.constant([0.0, -0.0, np.nan]), dtype=tf.int32),
                              tf.count_nonzero(tf.constant([True, False]), keepdims=True)]))
out["no_nan_ops"] = v(run([tf.math.multiply_no_nan(tf.constant([np.inf, np.nan, 2.0]),
                                                   tf.constant([0.0, 0.0, 3.0])),
                           tf.math.reciprocal_no_nan(tf.constant([0.0, 4.0, -0.5]))]))
a = tf.constant([1.0, 0.0, 3.0])
b = tf.constant([0.0, 0.0, 2.0])
ga, gb = tf.gradients(tf.reduce_sum(tf.div_no_nan(a, b)), [a, b])
out["div_no_nan_grads"] = [run(ga).tolist(), run(gb).tolist()]
out["nextafter"] = v(run(tf.math.nextafter(tf.constant([1.0, 0.0], tf.float64),
                                           tf.constant([2.0, -1.0], tf.float64))))
out["sqdiff_int"] = v(run(tf.squared_difference(tf.constant([3, -4]), tf.constant([-1, 2]))))
cl = tf.math.cumulative_logsumexp(tf.constant([0.0, 1.0, -np.inf, 2.0]))
out["cumulative_logsumexp"] = v(run(cl))
out["xlog1py"] = v(run(tf.math.xlog1py(tf.constant([0.0, 1.0, 2.0]), [-1.0, 0.0, 1.0])))
out["reduce_variance_int"] = raises(lambda: tf.math.reduce_variance(tf.constant([1, 2])))
sd = tf.math.reduce_std(tf.constant([[1.0, 2.0], [4.0, 8.0]], tf.float64), 0)
out["reduce_std_f64"] = v(run(sd))
out["scalar_mul"] = v(run(tf.scalar_mul(2, tf.constant([1, 2]))))
out["truediv_int8"] = v(run(tf.truediv(tf.constant([7], tf.int8), tf.constant([2], tf.int8))))
out["truediv_int16"] = v(run(tf.truediv(tf.constant([7], tf.int16), tf.constant([2], tf.int16))))
out["add_n_int8"] = v(run(tf.add_n([tf.constant([100], tf.int8), tf.constant([100], tf.int8)])))
out["unsorted_segment_reduce_bad_num"] = raises(lambda: tf.unsorted_segment_sum(
    tf.constant([1.0]), [0], tf.constant([1, 2])))
""",
    "array_ops_test_edges": """
out["sequence_mask"] = v(run([tf.sequence_mask([1, 3, 0], 4), tf.sequence_mask([[1], [2]]),
                              tf.sequence_mask(tf.constant([2, 0], tf.int64), dtype=tf.int32)]))
out["sequence_mask_neg"] = v(run(tf.sequence_mask([-1, 2], 3)))
x = tf.constant(np.arange(12).reshape(3, 4))
out["reverse_neg"] = v(run(tf.reverse(x, [-1, 0])))
out["reverse_dup"] = raises(lambda: run(tf.reverse(x, [1, -1])))
out["boolean_mask_axis"] = v(run(tf.boolean_mask(x, [True, False, True, True], axis=1)))
out["boolean_mask_2d"] = v(run(tf.boolean_mask(x, [[True, False, True, False]] * 3)))
out["boolean_mask_empty"] = v(run(tf.boolean_mask(x, [False, False, False])))
out["boolean_mask_bad"] = raises(lambda: tf.boolean_mask(x, [True, False]))
out["repeat"] = v(run([tf.repeat(x[:2], [1, 2], axis=0), tf.repeat(x[0], 2),
                       tf.repeat(x[:1], [0, 1, 2, 0], axis=-1)]))
out["matrix_transpose"] = v(run(tf.matrix_transpose(tf.reshape(tf.range(12), [2, 3, 2]))))
out["matrix_transpose_conj"] = cv(run(tf.linalg.matrix_transpose(tf.constant([[1 + 1j, 2j]]),
                                                                 conjugate=True)))
out["meshgrid_ij"] = v(run(tf.meshgrid([1, 2], [3, 4, 5], indexing="ij")))
out["meshgrid_xy"] = v(run(tf.meshgrid([1, 2], [3, 4, 5])))
out["unique_counts_int64"] = v(run(list(tf.unique_with_counts(tf.constant([4, 1, 4, 4, 0]),
                                                              out_idx=tf.int64))))
out["batch_gather"] = v(run(tf.batch_gather(x, [[3, 0], [1, 1], [2, 2]])))
out["setdiff1d"] = v(run(list(tf.setdiff1d(tf.constant([5, 1, 5, 2]), tf.constant([5, 7])))))
out["reverse_sequence_int64"] = v(run(tf.reverse_sequence(x, tf.constant([2, 0, 4], tf.int64),
                                                          seq_axis=1, batch_axis=0)))
out["one_hot_axis_0"] = v(run(tf.one_hot([[0, 2], [1, -1]], 3, axis=0)))
out["one_hot_neg_axis"] = raises(lambda: tf.one_hot([[0, 2], [1, -1]], 3, axis=-2))
out["one_hot_bool"] = v(run(tf.one_hot([1, 0], 2, on_value=True, off_value=False)))
out["pad_reflect_neg"] = raises(lambda: run(tf.pad(x, [[0, 0], [4, 0]], "REFLECT")))
out["pad_symmetric"] = v(run(tf.pad(x, [[1, 0], [4, 4]], "SYMMETRIC")))
out["pad_int8"] = v(run(tf.pad(tf.constant([[1]], tf.int8), [[1, 1], [0, 1]], constant_values=-3)))
""",
    "gradients_test_forms": """
x = tf.constant([1.0, 2.0])
y = x * x
z = y * 3.0
out["stop_gradients"] = [tf.gradients(z, x, stop_gradients=[y])[0] is None,
                          v(run(tf.gradients(z, y, stop_gradients=[y])))]
w = tf.constant(5.0)
out["unconnected_zero"] = v(run(tf.gradients(z, [x, w], unconnected_gradients="zero")))
out["unconnected_none"] = tf.gradients(z, w)[0] is None
out["unconnected_bad"] = raises(lambda: tf.gradients(z, w, unconnected_gradients="bad"))
out["grad_ys"] = v(run(tf.gradients(z, x, grad_ys=tf.constant([1.0, -2.0]))))
out["grad_ys_bad"] = raises(lambda: tf.gradients(z, x, grad_ys=tf.constant([1.0, 2.0, 3.0])))
out["multiple_ys"] = v(run(tf.gradients([y, z], x)))
out["aggregation"] = v(run(tf.gradients(y + y + y, x,
                                        aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)))
i = tf.constant([1, 2])
out["int_source"] = tf.gradients(tf.cast(i, tf.float32) * 2.0, i)[0] is None
out["int_target"] = raises(lambda: tf.gradients(i * 2, i))
out["hessians"] = v(run(tf.hessians(tf.reduce_sum(x ** 3), x)))
m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
out["hessians_2d"] = v(run(tf.hessians(tf.reduce_sum(m * m * m), m)))
out["stop_gradient_op"] = v(run(tf.gradients(tf.stop_gradient(x) * x, x)))
p = tf.placeholder(tf.float32, [None])
out["fed_grad"] = v(run(tf.gradients(tf.reduce_mean(p * p), p), {p: [1.0, 2.0, 3.0, 4.0]}))
h = tf.constant([1.5, -2.0], tf.float16)
out["half_grad_value"] = v(run(tf.gradients(tf.reduce_sum(h * h * h), h)))
c = tf.constant([1.0 + 1.0j, 2.0 - 1.0j])
out["complex_grad"] = cv(run(tf.gradients(tf.reduce_sum(tf.abs(c * c)), c)[0]))
""",
    "cast_nonfinite": """
f = tf.constant([np.nan, np.inf, -np.inf, 3e9, -3e9, 1e20, -0.5])
for dt in (tf.int32, tf.int64, tf.int8, tf.int16):
    c = tf.cast(f, dt)
    out["f32_to_" + dt.name] = raises(lambda: run(c)) or v(run(c))
d = tf.constant([np.nan, np.inf, -1e300, 2.0**40], tf.float64)
for dt in (tf.int32, tf.int64):
    c = tf.cast(d, dt)
    out["f64_to_" + dt.name] = raises(lambda: run(c)) or v(run(c))
h = tf.constant([np.nan, np.inf, -np.inf, 65504.0], tf.float16)
for dt in (tf.int32, tf.int16, tf.int64):
    c = tf.cast(h, dt)
    out["f16_to_" + dt.name] = raises(lambda: run(c)) or v(run(c))
out["nan_to_bool"] = v(run(tf.cast(f, tf.bool)))
for name, c in (("f32_int32", tf.saturate_cast(f, tf.int32)),
                ("f32_int8", tf.saturate_cast(f, tf.int8)),
                ("f64_int64", tf.saturate_cast(d, tf.int64)),
                ("f16_int16", tf.saturate_cast(h, tf.int16))):
    out["saturate_" + name] = raises(lambda: run(c)) or v(run(c))
""",
    "embedding_ops_test_edges": """
params = tf.constant(np.arange(20.0).reshape(5, 4), tf.float32)
out["max_norm"] = v(run(tf.nn.embedding_lookup(params, [1, 4], max_norm=10.0)))
ids = tf.constant([[0, 4], [2, 2]], tf.int64)
out["ids_2d_int64"] = v(run(tf.nn.embedding_lookup(params, ids)))
out["ids_empty"] = v(run(tf.nn.embedding_lookup(params, tf.zeros([0], tf.int32))))
shards = [tf.constant(np.arange(6.0).reshape(3, 2)),
          tf.constant(np.arange(6.0, 10.0).reshape(2, 2))]
out["div_uneven"] = v(run(tf.nn.embedding_lookup(shards, [0, 2, 3, 4], partition_strategy="div")))
out["mod_uneven"] = v(run(tf.nn.embedding_lookup(shards, [0, 1, 2, 3, 4],
                                                 partition_strategy="mod")))
p = tf.placeholder(tf.int32, [1])
out["oob"] = fails(tf.nn.embedding_lookup(params, p), {p: [5]})
g = tf.gradients(tf.reduce_sum(tf.nn.embedding_lookup(params, [1, 1, 3], max_norm=5.0)), params)[0]
out["max_norm_grad"] = [type(g).__name__, run(tf.convert_to_tensor(g)).tolist()]
sp = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([1, 3, 0], tf.int64), [2, 2])
wt = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [2.0, 1.0, 0.5], [2, 2])
for comb in ("sum", "mean", "sqrtn"):
    out["sparse_" + comb] = v(run(tf.nn.embedding_lookup_sparse(params, sp, wt, combiner=comb)))
out["sparse_no_weights"] = v(run(tf.nn.embedding_lookup_sparse(params, sp, None, combiner="mean")))
out["sparse_bad_combiner"] = raises(lambda: tf.nn.embedding_lookup_sparse(params, sp, None,
                                                                          combiner="max"))
""",
    "batchnorm_test_dtypes": """
x = tf.constant(np.arange(24.0).reshape(2, 3, 4) / 7.0, tf.float64)
mean, var = tf.nn.moments(x, [0, 1])
out["bn_f64"] = v(run(tf.nn.batch_normalization(x, mean, var, tf.constant(0.5, tf.float64),
                                                tf.constant(2.0, tf.float64), 1e-3)))
out["bn_none_offset_scale"] = v(run(tf.nn.batch_normalization(x, mean, var, None, None, 1e-3)))
h = tf.cast(x, tf.float16)
m16, v16 = tf.cast(mean, tf.float16), tf.cast(var, tf.float16)
out["bn_f16"] = v(run(tf.nn.batch_normalization(h, m16, v16, None, None, 1e-3)))
xf = tf.reshape(tf.range(16.0), [1, 2, 2, 4]) * 0.25
sc = tf.constant([1.0, 2.0, 0.5, 1.0])
of = tf.constant([0.0, 1.0, -1.0, 0.5])
y, bm, bv = tf.nn.fused_batch_norm(tf.cast(xf, tf.float16), sc, of, epsilon=0.01)
out["fused_f16"] = v(run([y, bm, bv]))
ones, twos = [1.0, 1.0, 1.0, 1.0], [2.0, 2.0, 2.0, 2.0]
y2, m2, v2 = tf.nn.fused_batch_norm(xf, sc, of, mean=ones, variance=twos, is_training=False)
out["fused_inference"] = v(run(y2))
y3, m3, v3 = tf.nn.fused_batch_norm(xf, sc, of, mean=ones, variance=twos,
                                    exponential_avg_factor=0.5)
out["fused_avg_factor"] = v(run([y3, m3, v3]))
out["fused_bad_rank"] = raises(lambda: tf.nn.fused_batch_norm(tf.zeros([2, 4]), sc, of))
out["fused_inference_no_mean"] = raises(lambda: tf.nn.fused_batch_norm(xf, sc, of,
                                                                       is_training=False))
gx, gs, go = tf.gradients(tf.reduce_sum(tf.nn.fused_batch_norm(xf, sc, of)[0] * xf), [xf, sc, of])
out["fused_grads"] = [run(gx).tolist(), run(gs).tolist(), run(go).tolist()]
out["bn_global_norm"] = v(run(tf.nn.batch_norm_with_global_normalization(
    xf, tf.ones([4]), tf.fill([4], 2.0), of, sc, 0.001, True)))
""",
    "image_ops_test_edges": """
img = tf.constant(np.arange(1.0, 17.0).reshape(1, 4, 4, 1), tf.float32)
out["resize_align_corners"] = v(run(tf.image.resize_bilinear(img, [3, 3], align_corners=True)))
out["resize_half_pixel"] = v(run(tf.image.resize_bilinear(img, [3, 5], half_pixel_centers=True)))
out["resize_nn_half_pixel"] = v(run(tf.image.resize_nearest_neighbor(img, [6, 3],
                                                                     half_pixel_centers=True)))
out["resize_both"] = raises(lambda: run(tf.image.resize_bilinear(img, [3, 3], align_corners=True,
                                                                half_pixel_centers=True)))
out["resize_area"] = v(run(tf.image.resize_area(img, [3, 3])))
out["resize_bicubic_half"] = v(run(tf.image.resize_bicubic(img, [2, 3], half_pixel_centers=True)))
out["resize_int_input"] = v(run(tf.image.resize_bilinear(tf.cast(img, tf.int32), [2, 2])))
out["central_crop"] = v(run(tf.image.central_crop(img[0], 0.5)))
out["central_crop_bad"] = raises(lambda: tf.image.central_crop(img[0], 1.5))
out["rot90_neg"] = v(run(tf.image.rot90(img[0], k=-1)))
out["rot90_batch"] = v(run(tf.image.rot90(img, k=3)))
out["gamma"] = v(run(tf.image.adjust_gamma(img / 16.0, 2.0, 0.5)))
out["gamma_neg"] = raises(lambda: run(tf.image.adjust_gamma(img, -1.0)))
out["per_image_std_const"] = v(run(tf.image.per_image_standardization(tf.ones([2, 2, 1]))))
u8 = tf.constant([[[0], [255]]], tf.uint8)
out["per_image_std_uint8"] = v(run(tf.image.per_image_standardization(u8)))
out["total_variation"] = v(run(tf.image.total_variation(img)))
conv = tf.image.convert_image_dtype
out["convert_saturate"] = v(run([conv(tf.constant([-0.5, 0.5, 1.5]), tf.uint8, saturate=True),
                                 conv(tf.constant([0, 255], tf.uint8), tf.float16),
                                 conv(tf.constant([255], tf.uint8), tf.int16),
                                 conv(tf.constant([32767], tf.int16), tf.uint8)]))
out["psnr"] = v(run(tf.image.psnr(img / 16.0, img / 16.0 * 0.9, 1.0)))
out["ssim_shape"] = shape(tf.image.ssim(tf.zeros([1, 16, 16, 1]), tf.zeros([1, 16, 16, 1]), 1.0))
""",
    "control_flow_ops_test_misc": """
x = tf.constant(3)
out["case_default"] = int(run(tf.case([(tf.less(x, 0), lambda: tf.constant(-1))],
                                      default=lambda: tf.constant(7))))
def answer(t, feed=None):
    return raises(lambda: run(t, feed)) or int(run(t, feed))
k = tf.placeholder(tf.int32, [])
pairs = [(k > 0, lambda: tf.constant(1)), (k > 1, lambda: tf.constant(2)),
         (k > 2, lambda: tf.constant(3))]
no_default = tf.case(pairs, exclusive=True)
out["exclusive_no_default"] = [answer(no_default, {k: j}) for j in (0, 1, 2, 3)]
two = tf.case(pairs[:2], exclusive=True)
out["exclusive_no_default_two"] = [answer(two, {k: j}) for j in (0, 1, 2)]
with_default = tf.case(pairs, default=lambda: tf.constant(-1), exclusive=True)
out["exclusive_default"] = [answer(with_default, {k: j}) for j in (0, 1, 2)]
out["case_no_default"] = int(run(tf.case([(tf.less(x, 0), lambda: tf.constant(-1)),
                                          (tf.less(x, 5), lambda: tf.constant(5))])))
branches = [lambda: tf.constant(10), lambda: tf.constant(20)]
out["switch_case"] = [int(run(tf.switch_case(tf.constant(k), branches,
                                             default=lambda: tf.constant(-1))))
                      for k in (0, 1, 5, -1)]
t = tf.tuple([tf.constant(1.0), tf.constant(2.0)])
out["tuple"] = v(run(t))
out["group_none"] = run(tf.group()) is None
out["cond_int_pred"] = raises(lambda: tf.cond(tf.constant(1), lambda: x, lambda: x))
out["cond_mismatched"] = raises(lambda: tf.cond(tf.constant(True), lambda: x,
                                                lambda: tf.constant(1.0)))
p = tf.placeholder(tf.bool, [])
r = tf.cond(p, lambda: tf.constant([1, 2]), lambda: tf.constant([3, 4, 5]))
out["cond_shapes"] = [shape(r), v(run(r, {p: False}))]
xf = tf.constant(2.0)
untaken = tf.cond(p, lambda: xf * xf, lambda: tf.constant(1.0))
out["cond_grad_untaken"] = v(run(tf.gradients(untaken, xf), {p: False}))
out["while_zero_iterations_grad"] = v(run(tf.gradients(tf.while_loop(lambda i, a: i < 0,
                                                                     lambda i, a: (i + 1, a * xf),
                                                                     [0, xf])[1], xf)))
""",
}

MORE = {
    # ---------------- reduction_ops_test, cwise_ops_unary_test, argmax_op_test on the edges
    "reductions_and_unary_edges": """
out["mean_int_neg"] = v(run([tf.reduce_mean(tf.constant([-3, -4])),
                             tf.reduce_mean(tf.constant([-7], tf.int8)),
                             tf.reduce_mean(tf.constant([3, 4], tf.uint8))]))
out["prod_wrap"] = v(run([tf.reduce_prod(tf.constant([2**20, 2**12], tf.int32)),
                          tf.reduce_prod(tf.constant([16, 16], tf.uint8))]))
nanx = tf.constant([[1.0, np.nan, 3.0], [-np.inf, 2.0, -1.0]])
out["max_min_nan"] = v(run([tf.reduce_max(nanx, 1), tf.reduce_min(nanx, 1),
                            tf.reduce_max(nanx, 0)]))
out["argmax_nan"] = v(run([tf.argmax(nanx, 1), tf.argmin(nanx, 1)]))
out["argmax_ties"] = v(run([tf.argmax(tf.constant([[2, 5, 5], [1, 1, 1]]), 1),
                            tf.argmin(tf.constant([[2, 5, 2]]), -1, output_type=tf.int32)]))
out["argmax_half"] = v(run(tf.argmax(tf.constant([1.0, 3.0, 3.0], tf.float16), 0)))
def alone(build):  # no CPU kernel: running it spoils its graph's later runs
    with tf.Graph().as_default():
        return raises(lambda: run(build()))
out["argmax_bool"] = alone(lambda: tf.argmax(tf.constant([True, False]), 0))
out["reciprocal_int"] = alone(lambda: tf.reciprocal(tf.constant([2, 1, -1])))
out["sign_int64"] = v(run(tf.sign(tf.constant([-2**62, 0, 5], tf.int64))))
out["square_uint8"] = v(run(tf.square(tf.constant([16, 17], tf.uint8))))
out["abs_int8_min"] = v(run(tf.abs(tf.constant([-128, -5], tf.int8))))
out["neg_int64_min"] = v(run(tf.negative(tf.constant([-2**63], tf.int64))))
out["floor_int"] = raises(lambda: tf.floor(tf.constant([1])))
out["log_f64_neg"] = v(run([tf.log(tf.constant([-1.0, 0.0], tf.float64)),
                            tf.log1p(tf.constant([-1.0], tf.float64))]))
out["sum_bool"] = raises(lambda: tf.reduce_sum(tf.constant([True, True])))
out["mean_bool"] = raises(lambda: tf.reduce_mean(tf.constant([True, True])))
bools = tf.constant([[True, False], [True, True]])
out["all_axis_neg"] = v(run(tf.reduce_all(bools, -1, keepdims=True)))
out["sum_keep_none"] = v(run(tf.reduce_sum(tf.ones([2, 3], tf.int64), keepdims=True)))
out["max_half_inf"] = v(run(tf.reduce_max(tf.constant([-np.inf, -65504.0], tf.float16))))
""",
    "linalg_more_edges": """
m = tf.constant([[[2.0, 1.0], [1.0, 3.0]], [[-1.0, 2.0], [3.0, 4.0]]], tf.float64)
out["trace_batch"] = v(run(tf.linalg.trace(m)))
out["slogdet"] = v(run(list(tf.linalg.slogdet(m))))
out["logdet_pd"] = v(run(tf.linalg.logdet(m[0])))
tri = tf.constant([[2.0, 0.0], [1.0, 4.0]])
rhs = tf.constant([[2.0], [9.0]])
out["tri_solve"] = v(run([tf.matrix_triangular_solve(tri, rhs),
                          tf.matrix_triangular_solve(tri, rhs, adjoint=True),
                          tf.matrix_triangular_solve(tf.transpose(tri), rhs, lower=False)]))
out["band_part_neg"] = v(run(tf.matrix_band_part(tf.reshape(tf.range(16), [4, 4]), -1, 1)))
out["band_part_bad"] = raises(lambda: run(tf.matrix_band_part(tf.ones([3, 3]), 5, 0)))
out["tensor_diag"] = v(run([tf.diag(tf.constant([[1, 2], [3, 4]])),
                            tf.diag_part(tf.reshape(tf.range(16), [2, 2, 2, 2]))]))
out["matmul_batch_broadcast"] = v(run(tf.linalg.matmul(tf.ones([2, 1, 2, 3]), tf.ones([3, 3, 1]))))
ca, cb = tf.constant([[1 + 1j, 2j]]), tf.constant([[1j, 1 + 0j]])
out["matmul_adjoint_complex"] = cv(run(tf.matmul(ca, cb, adjoint_b=True)))
out["matvec"] = v(run(tf.linalg.matvec(tf.constant([[1.0, 2.0], [3.0, 4.0]]), [1.0, -1.0])))
out["inv_singular"] = raises(lambda: run(tf.matrix_inverse(tf.constant([[1.0, 2.0], [2.0, 4.0]]))))
b64 = tf.constant([[[1.0], [0.0]], [[0.0], [1.0]]], tf.float64)
out["solve_f64"] = v(run(tf.matrix_solve(m, b64)))
gm = tf.gradients(tf.linalg.logdet(m[0]), m)[0]
out["logdet_grad"] = run(gm).tolist()
gt = tf.gradients(tf.reduce_sum(tf.linalg.trace(m) ** 2), m)[0]
out["trace_grad"] = run(gt).tolist()
""",
    "nn_kernels_more_edges": """
logits = tf.constant([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
lab = tf.placeholder(tf.int32, [2])
sxent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=lab, logits=logits)
out["sparse_xent_oob"] = fails(sxent, {lab: [0, 3]})
out["sparse_xent_neg"] = fails(sxent, {lab: [-1, 0]})
out["softmax_int"] = raises(lambda: tf.nn.softmax(tf.constant([1, 2])))
s64 = tf.constant([[1.0, 2.0], [3.0, 5.0]], tf.float64)
out["softmax_f64_axis"] = v(run(tf.nn.softmax(s64, axis=0)))
out["in_top_k_nan"] = v(run(tf.nn.in_top_k(tf.constant([[np.nan, 1.0], [0.5, 0.5]]), [0, 1], 1)))
x = tf.constant(np.arange(1.0, 17.0).reshape(1, 4, 4, 1), tf.float64)
out["avg_pool_f64"] = v(run(tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")))
out["max_pool_f64_same"] = v(run(tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME")))
k2 = [1, 2, 2, 1]
out["max_pool_int"] = raises(lambda: run(tf.nn.max_pool(tf.cast(x, tf.int32), k2, k2, "VALID")))
xf = tf.cast(x, tf.float32)
pooled, argmax = tf.nn.max_pool_with_argmax(tf.concat([xf, -xf], 0), k2, k2, "VALID",
                                             include_batch_in_index=True)
out["argmax_batch_index"] = v(run([pooled, argmax]))
w = tf.constant(np.arange(1.0, 5.0).reshape(2, 2, 1, 1), tf.float32)
out["conv_explicit"] = v(run(tf.nn.conv2d(xf, w, [1, 1, 1, 1], [[0, 0], [1, 0], [0, 2], [0, 0]])))
out["conv_f64"] = v(run(tf.nn.conv2d(x, tf.cast(w, tf.float64), [1, 2, 2, 1], "SAME")))
out["conv1d_dilated"] = v(run(tf.nn.conv1d(tf.reshape(tf.range(8.0), [1, 8, 1]),
                                           tf.ones([2, 1, 1]), 1, "VALID", dilations=3)))
one = [1, 1, 1, 1]
out["depthwise_f64"] = v(run(tf.nn.depthwise_conv2d(x, tf.ones([2, 2, 1, 2], tf.float64), one,
                                                    "VALID")))
out["dilation2d"] = v(run(tf.nn.dilation2d(xf, tf.zeros([2, 2, 1]), one, one, "VALID")))
out["erosion2d"] = v(run(tf.nn.erosion2d(xf, tf.ones([2, 2, 1]), one, one, "SAME")))
out["bias_add_nchw"] = v(run(tf.nn.bias_add(tf.ones([1, 2, 2, 2]), [1.0, -1.0],
                                            data_format="NCHW")))
out["bias_add_bad"] = raises(lambda: tf.nn.bias_add(tf.ones([2, 3]), [1.0, 2.0]))
out["l2_loss_f64"] = v(run(tf.nn.l2_loss(tf.constant([3.0, 4.0], tf.float64))))
out["zero_fraction"] = v(run([tf.nn.zero_fraction(tf.constant([0.0, 1.0, 0.0])),
                              tf.nn.zero_fraction(tf.zeros([0]))]))
""",
    "float16_rounding": """
# TF's float16 kernels round each step (exp, sum, log) to float16: its log_softmax of
# [1, 2, 3] is -0.40796 where the exact value, rounded once, is -0.40747 (two ulps).
out["log_softmax_half"] = v(run(tf.nn.log_softmax(tf.constant([1.0, 2.0, 3.0], tf.float16))))
h = tf.constant([[1.0, 2.0, 3.0], [-1.0, 0.0, 8.0]], tf.float16)
out["softmax_half"] = v(run(tf.nn.softmax(h)))
out["sigmoid_xent_half"] = v(run(tf.nn.sigmoid_cross_entropy_with_logits(
    labels=tf.constant([0.0, 1.0, 0.5], tf.float16), logits=h[0] - 1.5)))
""",
    "where_select_pad_edges": """
c = tf.constant([True, False])
a2, b2 = tf.constant([[1, 2], [3, 4]]), tf.constant([[5, 6], [7, 8]])
out["where_v1_vector_cond"] = v(run(tf.where(c, a2, b2)))
out["where_v2_broadcast"] = v(run(tf.where_v2(tf.constant([[True], [False]]), [1, 2, 3], 0)))
out["where_v1_bad"] = raises(lambda: tf.where(c, tf.constant([1, 2, 3]), tf.constant([4, 5, 6])))
out["where_coords_3d"] = v(run(tf.where(tf.constant([[[True, False]], [[False, True]]]))))
out["where_coords_float"] = v(run(tf.where(tf.constant([0.0, -1.0, np.nan]))))
x = tf.constant([1.0, 2.0])
y = tf.constant([10.0, 20.0])
gx, gy = tf.gradients(tf.reduce_sum(tf.where_v2(tf.constant([True, False]), x * x, y)), [x, y])
out["where_grads"] = [run(gx).tolist(), run(gy).tolist()]
m = tf.constant([[1, 2], [3, 4]])
out["pad_negative"] = raises(lambda: run(tf.pad(m, [[-1, 0], [0, 0]])))
ps = run(tf.pad(tf.constant([["a"]]), [[0, 1], [1, 0]], constant_values="z")).tolist()
out["pad_string"] = [[t.decode() for t in r] for r in ps]
out["pad_bad_shape"] = raises(lambda: tf.pad(m, [[1, 1]]))
out["pad_reflect_max"] = v(run(tf.pad(m, [[1, 1], [1, 1]], "REFLECT")))
out["pad_symmetric_max"] = v(run(tf.pad(m, [[2, 2], [0, 2]], "SYMMETRIC")))
out["pad_empty"] = v(run(tf.pad(tf.zeros([0, 2]), [[1, 0], [0, 1]], constant_values=7.0)))
p = tf.placeholder(tf.int32, [2, 2])
out["pad_fed_shape"] = shape(tf.pad(m, p))
out["pad_fed"] = v(run(tf.pad(m, p), {p: [[0, 1], [2, 0]]}))
xp = tf.constant([[1.0, 2.0, 3.0]])
mirrored = tf.pad(xp, [[0, 0], [2, 2]], "SYMMETRIC") * tf.reshape(tf.range(7.0), [1, 7])
out["mirror_grad_value"] = run(tf.gradients(tf.reduce_sum(mirrored), xp)[0]).tolist()
""",
}

LAST = {
    # ----------- norm_op_test, cross, confusion_matrix, unravel_index, sort, fft, image crops
    "norms_and_misc_math": """
x = tf.constant([[3.0, -4.0], [1.0, 2.0]])
out["norms"] = v(run([tf.norm(x), tf.norm(x, ord=1, axis=1), tf.norm(x, ord=np.inf, axis=0),
                      tf.norm(x, ord="fro", axis=[0, 1]), tf.norm(x, ord=1, axis=[-2, -1]),
                      tf.norm(x, ord=np.inf, axis=[0, 1]),
                      tf.norm(x, ord=3, axis=1, keepdims=True)]))
out["norm_bad_ord"] = raises(lambda: tf.norm(x, ord=0.5))
out["norm_fro_vector"] = raises(lambda: tf.norm(x, ord="fro", axis=0))
g = tf.gradients(tf.norm(x, ord=1), x)[0]
out["norm_grad"] = run(g).tolist()
e01, e12 = tf.constant([[1, 0, 0], [0, 1, 0]]), tf.constant([[0, 1, 0], [0, 0, 1]])
out["cross"] = v(run(tf.linalg.cross(e01, e12)))
out["cross_bad"] = raises(lambda: tf.linalg.cross(tf.ones([2]), tf.ones([2])))
out["confusion"] = v(run(tf.confusion_matrix([0, 2, 2, 1], [0, 1, 2, 2])))
out["confusion_weights"] = v(run(tf.confusion_matrix([0, 1], [1, 1], num_classes=3,
                                                     weights=[0.5, 2.0], dtype=tf.float32)))
out["unravel"] = v(run([tf.unravel_index([5, 0, 11], [3, 4]), tf.unravel_index(7, [2, 2, 2])]))
p = tf.placeholder(tf.int32, [1])
out["unravel_oob"] = fails(tf.unravel_index(p, [3, 4]), {p: [12]})
s = tf.constant([3.0, np.nan, 1.0, 3.0, -np.inf])
out["sort_desc"] = v(run([tf.sort(s, direction="DESCENDING"), tf.argsort(s, direction="DESCENDING"),
                          tf.argsort(tf.constant([2, 1, 2, 1]), stable=True)]))
out["sort_int8_axis0"] = v(run(tf.sort(tf.constant([[3, -1], [-2, 5]], tf.int8), axis=0)))
out["sort_bad_dir"] = raises(lambda: tf.sort(s, direction="UP"))
out["cumsum_int8_excl_rev"] = v(run(tf.cumsum(tf.constant([100, 20, 10], tf.int8), exclusive=True,
                                              reverse=True)))
""",
    "fft_ops": """
x = tf.constant([1.0, 2.0, 0.0, -1.0])
out["fft"] = cv(run(tf.spectral.fft(tf.cast(x, tf.complex64))))
out["ifft"] = cv(run(tf.spectral.ifft(tf.constant([4 + 0j, 1 - 3j, 0j, 1 + 3j], tf.complex64))))
out["rfft"] = cv(run(tf.spectral.rfft(x)))
out["rfft_pad"] = cv(run(tf.spectral.rfft(x, fft_length=[6])))
out["rfft_trunc"] = cv(run(tf.spectral.rfft(x, fft_length=[3])))
out["irfft"] = v(run(tf.spectral.irfft(tf.constant([2 + 0j, 1 - 3j, 0j]))))
out["irfft_len"] = v(run(tf.spectral.irfft(tf.constant([2 + 0j, 1 - 3j, 0j]), fft_length=[5])))
m = tf.reshape(tf.cast(tf.range(6.0), tf.complex64), [2, 3])
out["fft2d"] = cv(run(tf.spectral.fft2d(m)))
out["fft_f32"] = raises(lambda: tf.spectral.fft(x))
out["fft_c128"] = cv(run(tf.spectral.fft(tf.constant([1 + 1j, 2 - 1j], tf.complex128))))
g = tf.gradients(tf.reduce_sum(tf.abs(tf.spectral.rfft(x))), x)[0]
out["rfft_grad"] = run(g).tolist()
""",
    "image_crop_and_boxes": """
img = tf.reshape(tf.range(1.0, 17.0), [1, 4, 4, 1])
boxes = tf.constant([[0.0, 0.0, 1.0, 1.0], [0.25, 0.25, 0.75, 1.5], [1.0, 1.0, 0.0, 0.0]])
out["crop_bilinear"] = v(run(tf.image.crop_and_resize(img, boxes, [0, 0, 0], [2, 2])))
out["crop_nearest"] = v(run(tf.image.crop_and_resize(img, boxes, [0, 0, 0], [3, 2],
                                                     method="nearest", extrapolation_value=-1.0)))
out["crop_one_pixel"] = v(run(tf.image.crop_and_resize(img, boxes[:1], [0], [1, 1])))
out["crop_bad_index"] = fails(tf.image.crop_and_resize(img, boxes[:1], [1], [2, 2]))
out["pad_to_box_bad"] = raises(lambda: tf.image.pad_to_bounding_box(img[0], 1, 1, 4, 4))
out["crop_to_box_bad"] = raises(lambda: tf.image.crop_to_bounding_box(img[0], 2, 0, 3, 4))
out["resize_with_pad"] = v(run(tf.image.resize_image_with_pad(img[0], 2, 4)))
out["resize_with_crop_or_pad"] = v(run(tf.image.resize_image_with_crop_or_pad(img[0], 3, 6)))
b = tf.constant([[0.0, 0.0, 1.0, 1.0], [0.0, 0.1, 1.0, 1.1], [0.0, 2.0, 1.0, 3.0],
                 [0.5, 0.5, 0.6, 0.6]])
sc = tf.constant([0.9, 0.8, 0.7, 0.3])
out["nms_threshold"] = v(run(tf.image.non_max_suppression(b, sc, 4, iou_threshold=0.5,
                                                          score_threshold=0.5)))
out["nms_padded"] = v(run(list(tf.image.non_max_suppression_padded(b, sc, 3, iou_threshold=0.5,
                                                                   pad_to_max_output_size=True))))
out["nms_zero_max"] = v(run(tf.image.non_max_suppression(b, sc, 0)))
out["nms_bad_iou"] = fails(tf.image.non_max_suppression(b, sc, 2, iou_threshold=1.5))
""",
}

PROGRAMS = {
    **CWISE, **SEGMENTS, **GATHER, **MATRIX, **BITS, **NN, **SORTING, **SHAPES, **OPS_TESTS,
    **MORE, **LAST,
}  # fmt: skip


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX, collections=collections)
