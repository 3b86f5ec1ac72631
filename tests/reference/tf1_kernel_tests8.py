"""An eighth round of TensorFlow's own kernel tests as TF1 programs, recorded (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_kernel_tests8.py \
        > tests/unit/engine/fixtures/tf1_kernel_tests8.json

The seven earlier rounds (tf1_kernel_tests.py to 7; their docstrings list them) took about
a hundred and eighty kernel-test files. This round goes back to the families models use
most and takes the test methods those rounds left, then files none of them cited:
math_ops/segment_reduction_ops_test (integer means, empty segments of integers, fed
num_segments, ids of rank 2 over data of rank 3, the means' gradients),
array_ops/scatter_nd_ops_test and scatter_ops_test (tensor_scatter_* of slices, empty
updates, shape errors, the gradients, variable scatters' min/max/mul/div),
gather_op_test and gather_nd_op_test (batch_dims 2, gather_nd's batch_dims, their
gradients), linalg/ (qr_op_test and svd_op_test's shapes and reconstructions,
matrix_inverse_op_test's adjoint and singular inputs, determinant_op_test's empty and
singular matrices, matrix_exponential_op_test's scaling, matrix_solve_ls_op_test's
regularised and underdetermined systems, cholesky_op_test's solve, matrix_band_part's
bands past the edges), signal/fft_ops_test (fft lengths that crop and pad, 2-D and 3-D
real transforms, fftshift, fftnd and the gradients), strings_ops/ (substr_op_test's
UTF8_CHAR unit and errors, regex_replace_op_test, reduce_join_op_test, string_split_op_test,
string_upper_op_test and string_lower_op_test, string_to_hash_bucket's keys), scan_ops_test
(cumprod's gradient at zeros, every exclusive/reverse pairing), topk_op_test and
in_topk_op_test (NaN and ties), sort_ops_test (stable argsort, NaN), special_math_test
and cwise_ops_unary_test's special functions at their poles, bitwise_ops_test's shifts
past the width, batch_matmul_op_test's adjoints and broadcasts, reduction_ops_test's
empty axes and duplicated axes, pad_op_test's REFLECT/SYMMETRIC limits and the mirror
pads' gradients, and gradient_checker's Jacobians of several of them.

The programs run after tf1_kernel_tests7.PREFIX7 (`run`, `v`, `fails`, `shape`, `cv`,
`built`, `grads`, `cgrads`, `jacobian`) and store what they observed in `out[...]`;
`tests/unit/engine/test_tf1_kernel_tests8.py` runs the same text against graphgate.
"""

from __future__ import annotations

import collections

try:
    from tests.reference import harness
    from tests.reference.tf1_kernel_tests7 import PREFIX7
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    from tf1_kernel_tests7 import PREFIX7

# Strings as [shape, their texts in order]: JSON holds no bytes.
PREFIX8 = (
    PREFIX7
    + """
def sv(x):
    a = np.asarray(x)
    return [list(a.shape), [t.decode() for t in a.ravel()]]

def jac(x, y, init):
    # The theoretical Jacobian at `init`, and whether the numeric one agrees (its error
    # rounds with the forward kernel's float32 arithmetic, which is not pinned here).
    theirs, err = jacobian(x, y, np.asarray(init, x.dtype.as_numpy_dtype))
    return [theirs, err < 1e-2]
"""
)

SEGMENTS = {
    # ------------------------------------------------------- segment_reduction_ops_test
    "segment_integer_means_and_gaps": """
d = tf.constant([1, 2, -3, -4, 7], tf.int32)
ids = [0, 0, 1, 1, 3]
out["mean_int"] = v(run(tf.segment_mean(d, ids)))
out["max_int_gap"] = v(run(tf.segment_max(d, ids)))
out["min_int_gap"] = v(run(tf.segment_min(d, ids)))
out["prod_int_gap"] = v(run(tf.segment_prod(d, ids)))
out["unsorted_mean_int"] = v(run(tf.unsorted_segment_mean(tf.constant([1, 2, -3, -4]),
                                                          [1, 1, 0, 0], 3)))
out["unsorted_max_int_empty"] = v(run(tf.unsorted_segment_max(tf.constant([5, 6], tf.int64),
                                                              [0, 0], 2)))
out["unsorted_min_f16_empty"] = v(run(tf.unsorted_segment_min(tf.constant([5.0], tf.float16),
                                                              [1], 2)))
out["unsorted_prod_empty"] = v(run(tf.unsorted_segment_prod(tf.constant([2.0, 3.0]), [2, 2], 3)))
out["segment_sum_f64"] = v(run(tf.segment_sum(tf.constant([0.5, 0.25, 4.0], tf.float64),
                                              [1, 1, 1])))
out["sqrt_n_int_err"] = raises(lambda: tf.unsorted_segment_sqrt_n(tf.constant([1, 2]), [0, 0], 1))
""",
    "unsorted_segment_shapes_and_feeds": """
data = tf.reshape(tf.range(24.0), [2, 3, 4])
ids = tf.constant([[0, 2, 0], [1, -1, 2]])
s = tf.unsorted_segment_sum(data, ids, 3)
out["rank2_ids_shape"] = shape(s)
out["rank2_ids"] = v(run(s))
out["rank2_ids_max"] = v(run(tf.unsorted_segment_max(data, ids, 3)))
n = tf.placeholder(tf.int32, [])
fed = tf.unsorted_segment_sum(tf.constant([1.0, 2.0, 3.0]), [0, 1, 0], n)
out["fed_num_shape"] = shape(fed)
out["fed_num"] = v(run(fed, {n: 4}))
out["fed_num_too_small"] = fails(fed, {n: 1})
out["fed_num_negative"] = fails(fed, {n: -1})
out["const_negative"] = raises(lambda: run(tf.unsorted_segment_sum(tf.constant([1.0]), [0], -2)))
out["num_not_scalar"] = raises(lambda: tf.unsorted_segment_sum(tf.constant([1.0]), [0], [2]))
out["ids_prefix_mismatch"] = raises(lambda: tf.unsorted_segment_sum(data, [[0, 1], [1, 0]], 2))
pi = tf.placeholder(tf.int64, [None])
out["fed_ids_oob"] = fails(tf.unsorted_segment_max(tf.constant([1.0, 2.0]), pi, 2), {pi: [0, 2]})
out["fed_ids_len"] = fails(tf.unsorted_segment_sum(tf.constant([1.0, 2.0]), pi, 2), {pi: [0]})
""",
    "segment_mean_gradients": """
x = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])
w = tf.constant([1.0, 10.0, 100.0])
out["segment_mean"] = grads(tf.segment_mean(x, [0, 0, 0, 2, 2]), [x], w)
out["unsorted_mean"] = grads(tf.unsorted_segment_mean(x, [2, -1, 0, 2, 2], 3), [x], w)
out["unsorted_sqrt_n"] = grads(tf.unsorted_segment_sqrt_n(x, [2, 0, 0, 2, 2], 3), [x], w)
out["segment_sum"] = grads(tf.segment_sum(x, [0, 0, 2, 2, 2]), [x], w)
out["segment_prod_zero"] = grads(tf.segment_prod(tf.constant([0.0, 2.0, 3.0]), [0, 0, 1]),
                                 [x])
z = tf.constant([0.0, 2.0, 0.0, 3.0])
out["unsorted_prod_zeros"] = grads(tf.unsorted_segment_prod(z, [0, 0, 1, 1], 2), [z])
m = tf.reshape(tf.range(6.0), [3, 2])
out["mean_2d"] = grads(tf.segment_mean(m, [0, 1, 1]), [m], tf.constant([[1.0, 2.0], [3.0, 4.0]]))
out["jac_mean"] = jac(x, tf.reshape(tf.segment_mean(x, [0, 0, 1, 1, 1]), [2]), [1, 2, 3, 4, 5])
out["jac_unsorted_max"] = jac(x, tf.unsorted_segment_max(x, [1, 0, 1, 0, 1], 2), [3, 2, 1, 0, 2])
""",
}

SCATTER = {
    # ------------------------------------------------------------------- scatter_nd_ops_test
    "tensor_scatter_slices_and_errors": """
t = tf.reshape(tf.range(12.0), [4, 3])
i = tf.constant([[3], [1]])
u = tf.constant([[10.0, 20.0, 30.0], [40.0, 50.0, 60.0]])
for name, op in (("update", tf.tensor_scatter_nd_update), ("add", tf.tensor_scatter_nd_add),
                 ("sub", tf.tensor_scatter_nd_sub), ("min", tf.tensor_scatter_nd_min),
                 ("max", tf.tensor_scatter_nd_max)):
    out[name + "_rows"] = v(run(op(t, i, u)))
out["add_dups_elements"] = v(run(tf.tensor_scatter_nd_add(t, [[0, 0], [0, 0], [3, 2]],
                                                          [1.0, 2.0, 3.0])))
out["max_dups"] = v(run(tf.tensor_scatter_nd_max(t, [[1, 1], [1, 1]], [9.0, 7.0])))
out["empty_updates"] = v(run(tf.tensor_scatter_nd_update(t, tf.zeros([0, 2], tf.int32),
                                                         tf.zeros([0]))))
out["whole"] = built(lambda: v(run(tf.tensor_scatter_nd_update(
    tf.constant([1, 2]), tf.zeros([1, 0], tf.int32), [[5, 6]]))))
out["bad_updates_shape"] = raises(lambda: tf.tensor_scatter_nd_update(t, i, [[1.0, 2.0]] * 2))
out["index_depth_too_big"] = raises(lambda: run(tf.tensor_scatter_nd_add(t, [[0, 0, 0]], [1.0])))
p = tf.placeholder(tf.int32, [None, 2])
sc = tf.tensor_scatter_nd_update(t, p, [1.0])
out["fed_oob"] = fails(sc, {p: [[4, 0]]})
out["fed_negative"] = fails(sc, {p: [[0, -1]]})
out["int64_indices"] = v(run(tf.tensor_scatter_nd_sub(tf.constant([5, 5, 5]),
                                                      tf.constant([[2], [0]], tf.int64), [1, 2])))
out["bool"] = v(run(tf.tensor_scatter_nd_update(tf.constant([True, False]), [[1]], [True])))
out["string"] = sv(run(tf.tensor_scatter_nd_update(tf.constant(["a", "b"]), [[0]], ["z"])))
""",
    "scatter_nd_and_gradients": """
out["scatter_nd_dups"] = v(run(tf.scatter_nd([[1], [1], [3]], [1.0, 2.0, 3.0], [5])))
out["scatter_nd_int64_shape"] = v(run(tf.scatter_nd(tf.constant([[0, 1]], tf.int64), [7],
                                                    tf.constant([2, 2], tf.int64))))
out["scatter_nd_slices"] = v(run(tf.scatter_nd([[1]], [[1, 2]], [3, 2])))
out["scatter_nd_zero_shape"] = raises(lambda: run(tf.scatter_nd([[0]], [1.0], [0])))
out["scatter_nd_rank_mismatch"] = raises(lambda: tf.scatter_nd([[0]], [[1.0, 2.0]], [3, 3]))
t = tf.constant([[1.0, 2.0], [3.0, 4.0]])
u = tf.constant([10.0, 20.0])
w = tf.constant([[1.0, 2.0], [3.0, 4.0]])
out["grad_update"] = grads(tf.tensor_scatter_nd_update(t, [[0, 1], [1, 0]], u), [t, u], w)
out["grad_add"] = grads(tf.tensor_scatter_nd_add(t, [[0, 1], [0, 1]], u), [t, u], w)
out["grad_sub"] = grads(tf.tensor_scatter_nd_sub(t, [[1, 1], [0, 0]], u), [t, u], w)
out["grad_max"] = grads(tf.tensor_scatter_nd_max(t, [[0, 0], [1, 1]], tf.constant([0.0, 9.0])),
                        [t], w)
x = tf.constant([1.0, 2.0, 3.0])
out["grad_scatter_nd"] = grads(tf.scatter_nd([[2], [0], [2]], x, [4]), [x],
                               tf.constant([1.0, 2.0, 3.0, 4.0]))
out["jac_update"] = jac(t, tf.tensor_scatter_nd_update(t, [[1]], [[5.0, 6.0]]), [[1, 2], [3, 4]])
""",
    "variable_scatters": """
ref = tf.Variable([1.0, 2.0, 3.0, 4.0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["mul"] = v(sess.run(tf.scatter_mul(ref, [0, 0, 2], [2.0, 3.0, 0.5])))
    out["div"] = v(sess.run(tf.scatter_div(ref, [1, 1], [2.0, 4.0])))
    out["min"] = v(sess.run(tf.scatter_min(ref, [3, 3], [5.0, 0.5])))
    out["max"] = v(sess.run(tf.scatter_max(ref, [2, 2], [-1.0, 7.0])))
    out["sub_dups"] = v(sess.run(tf.scatter_sub(ref, [1, 1, 1], [1.0, 1.0, 1.0])))
    out["oob"] = raises(lambda: sess.run(tf.scatter_update(ref, [4], [1.0])))
    out["negative"] = raises(lambda: sess.run(tf.scatter_add(ref, [-1], [1.0])))
    out["after_errors"] = v(sess.run(ref))
m = tf.Variable(tf.zeros([3, 2], tf.int32))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["rows_2d"] = v(sess.run(tf.scatter_add(m, [[0, 2], [2, 2]], [[[1, 1], [2, 2]],
                                                                     [[3, 3], [4, 4]]])))
    out["nd_update"] = v(sess.run(tf.scatter_nd_update(m, [[1, 1], [0, 0]], [9, 8])))
    out["nd_add_dups"] = v(sess.run(tf.scatter_nd_add(m, [[1, 0], [1, 0]], [5, 6])))
out["bad_shape"] = raises(lambda: tf.scatter_update(ref, [0, 1], [1.0]))
""",
}

GATHER = {
    # --------------------------------------------------------- gather_op_test, gather_nd
    "gather_batch_dims_two_and_grads": """
p = tf.reshape(tf.range(48.0), [2, 3, 4, 2])
i = tf.constant([[[1, 0], [3, 3], [2, 1]], [[0, 0], [1, 2], [3, 0]]])
g = tf.gather(p, i, axis=2, batch_dims=2)
out["bd2_shape"] = shape(g)
out["bd2"] = v(run(g))
g3 = tf.gather(p, i, axis=3, batch_dims=2)
out["bd2_axis3_shape"] = shape(g3)
out["bd2_axis3"] = v(run(tf.gather(p, tf.constant([[[1], [0], [1]], [[0], [0], [1]]]),
                                   axis=3, batch_dims=2)))
out["bd_gt_axis"] = raises(lambda: run(tf.gather(p, i, axis=1, batch_dims=2)))
out["bd_gt_rank"] = raises(lambda: tf.gather(p, [0, 1], batch_dims=2))
out["grad_bd2"] = grads(g, [p], tf.reshape(tf.range(1.0, 25.0), [2, 3, 2, 2]))
pf = tf.placeholder(tf.int32, [2, None])
gf = tf.gather(tf.reshape(tf.range(6.0), [2, 3]), pf, axis=1, batch_dims=1)
out["bd1_fed"] = v(run(gf, {pf: [[2, 2, 0], [1, 0, 0]]}))
out["bd1_fed_oob"] = fails(gf, {pf: [[3], [0]]})
s = tf.constant([["a", "b"], ["c", "d"]])
out["string_bd1"] = sv(run(tf.gather(s, [[1, 1], [0, 1]], batch_dims=1, axis=1)))
out["jac_bd1"] = jac(p, tf.gather(p, [[1], [2]], axis=2, batch_dims=1), np.ones([2, 3, 4, 2]))
""",
    "gather_nd_batch_dims": """
p = tf.reshape(tf.range(24), [2, 3, 4])
out["bd1"] = v(run(tf.gather_nd(p, [[[1, 2]], [[0, 3]]], batch_dims=1)))
out["bd1_slices"] = v(run(tf.gather_nd(p, [[1], [2]], batch_dims=1)))
out["bd2"] = v(run(tf.gather_nd(p, tf.constant([[[1], [3], [0]], [[2], [2], [1]]]),
                                batch_dims=2)))
out["bd1_shape"] = shape(tf.gather_nd(p, tf.zeros([2, 5, 2], tf.int32), batch_dims=1))
out["bd_too_big"] = raises(lambda: tf.gather_nd(p, [[0]], batch_dims=2))
out["depth_too_big"] = raises(lambda: tf.gather_nd(p, [[[0, 0, 0]], [[0, 0, 0]]], batch_dims=1))
pf = tf.reshape(tf.range(24.0), [2, 3, 4])
idx = tf.constant([[[1, 2], [1, 2]], [[0, 3], [2, 0]]])
out["grad_bd1"] = grads(tf.gather_nd(pf, idx, batch_dims=1), [pf],
                        tf.constant([[1.0, 2.0], [3.0, 4.0]]))
ph = tf.placeholder(tf.int32, [2, 1, 2])
out["bd1_fed_oob"] = fails(tf.gather_nd(p, ph, batch_dims=1), {ph: [[[0, 0]], [[3, 0]]]})
out["gather_nd_neg"] = fails(tf.gather_nd(p, ph), {ph: [[[0, -1]], [[0, 0]]]})
""",
}

LINALG = {
    # ------------------------------------------------- qr_op_test, svd_op_test: shapes
    "qr_svd_shapes_and_reconstruction": """
rng = np.random.RandomState(3)
for rows, cols in ((4, 2), (2, 4), (3, 3)):
    a = tf.constant(rng.randn(2, rows, cols), tf.float64)
    for full in (False, True):
        q, r = tf.qr(a, full_matrices=full)
        key = "%dx%d_%s" % (rows, cols, full)
        out["qr_shapes_" + key] = [shape(q), shape(r)]
        qv, rv = run([q, r])
        out["qr_rebuilt_" + key] = np.round(np.matmul(qv, rv), 10).tolist()
        out["qr_abs_r_" + key] = np.round(np.abs(rv), 10).tolist()
        out["qr_orth_" + key] = np.round(np.matmul(np.swapaxes(qv, -1, -2), qv), 10).tolist()
        s, u, vv = tf.svd(a, full_matrices=full)
        out["svd_shapes_" + key] = [shape(s), shape(u), shape(vv)]
        out["svd_s_" + key] = np.round(run(s), 10).tolist()
out["svd_zero"] = v(run(tf.svd(tf.zeros([3, 2]), compute_uv=False)))
out["svd_empty"] = shape(tf.svd(tf.zeros([0, 3]), compute_uv=False))
out["svd_empty_value"] = v(run(tf.svd(tf.zeros([0, 3]), compute_uv=False)))
out["qr_empty"] = [shape(t) for t in tf.qr(tf.zeros([0, 3]))]
out["svd_rank1"] = raises(lambda: tf.svd(tf.zeros([3])))
out["qr_int"] = raises(lambda: tf.qr(tf.zeros([3, 3], tf.int32)))
""",
    "inverse_determinant_edges": """
a = tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64)
out["inv_adjoint"] = v(run(tf.matrix_inverse(a, adjoint=True)))
c = tf.constant([[1 + 1j, 2], [0, 1j]], tf.complex64)
out["inv_adjoint_complex"] = cv(run(tf.matrix_inverse(c, adjoint=True)))
out["inv_singular"] = raises(lambda: run(tf.matrix_inverse(tf.constant([[1.0, 2.0], [2.0, 4.0]]))))
out["inv_empty"] = v(run(tf.matrix_inverse(tf.zeros([2, 0, 0]))))
out["inv_not_square"] = raises(lambda: tf.matrix_inverse(tf.zeros([2, 3])))
out["det_empty"] = v(run(tf.matrix_determinant(tf.zeros([2, 0, 0]))))
out["det_singular"] = v(run(tf.matrix_determinant(tf.constant([[1.0, 2.0], [2.0, 4.0]]))))
sl = tf.linalg.slogdet(tf.constant([[[1.0, 2.0], [2.0, 4.0]], [[0.0, 1.0], [1.0, 0.0]]]))
out["slogdet_singular_swap"] = v(run(list(sl)))
out["logdet_spd"] = v(run(tf.linalg.logdet(tf.constant([[4.0, 2.0], [2.0, 3.0]], tf.float64))))
out["logdet_empty"] = v(run(tf.linalg.logdet(tf.zeros([0, 0]))))
m = tf.constant([[2.0, 1.0], [1.0, 3.0]])
out["grad_det"] = grads(tf.matrix_determinant(m), [m])
out["grad_logdet"] = grads(tf.linalg.logdet(m), [m])
out["grad_slogdet"] = grads(tf.linalg.slogdet(-m)[1], [m])
out["grad_inverse_adjoint"] = grads(tf.matrix_inverse(m * [[1.0, 2.0], [1.0, 1.0]], adjoint=True),
                                    [m], tf.constant([[1.0, 2.0], [3.0, 4.0]]))
""",
    "matrix_exponential_and_band_part": """
expm = tf.linalg.expm
out["zero"] = v(run(expm(tf.zeros([2, 2]))))
out["diag"] = v(run(expm(tf.constant([[1.0, 0.0], [0.0, -2.0]], tf.float64))))
out["nilpotent"] = v(run(expm(tf.constant([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]],
                                          tf.float64))))
big = tf.constant([[10.0, 3.0], [-4.0, 12.0]], tf.float64)
out["large_norm"] = np.round(run(expm(big)) / 1e5, 6).tolist()
out["rotation"] = v(run(expm(tf.constant([[[0.0, -np.pi], [np.pi, 0.0]]] * 2, tf.float64))))
out["complex"] = cv(run(expm(tf.constant([[1j, 0], [0, -1j]], tf.complex128))))
out["empty"] = shape(expm(tf.zeros([3, 0, 0])))
out["not_square"] = raises(lambda: expm(tf.zeros([2, 3])))
bp = tf.matrix_band_part
x = tf.reshape(tf.range(1.0, 13.0), [3, 4])
out["band_past_edges"] = built(lambda: v(run(bp(x, 5, 7))))
out["band_at_edges"] = v(run(bp(x, 3, 4)))
out["band_lower_all"] = v(run(bp(x, -1, 0)))
out["band_upper_all"] = v(run(bp(x, 0, -1)))
out["band_00"] = v(run(bp(x, 0, 0)))
out["band_int64"] = v(run(bp(tf.ones([2, 3, 3], tf.int32), tf.constant(1, tf.int64),
                             tf.constant(0, tf.int64))))
n = tf.placeholder(tf.int64, [])
out["band_fed_bad"] = fails(bp(x, n, 0), {n: 4})
out["band_fed_bad_neg"] = fails(bp(x, n, 0), {n: -2})
out["band_grad"] = grads(bp(x, 1, 0), [x], tf.reshape(tf.range(12.0), [3, 4]))
out["band_rank1"] = raises(lambda: run(bp(tf.ones([3]), 0, 0)))
""",
    "solvers_ls_cholesky": """
a = tf.constant([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], tf.float64)
b = tf.constant([[1.0], [2.0], [2.0]], tf.float64)
out["ls_over"] = v(run(tf.matrix_solve_ls(a, b)))
out["ls_l2"] = v(run(tf.matrix_solve_ls(a, b, l2_regularizer=0.5)))
out["ls_slow"] = v(run(tf.matrix_solve_ls(a, b, fast=False)))
at = tf.transpose(a)
out["ls_under"] = v(run(tf.matrix_solve_ls(at, tf.constant([[1.0], [2.0]], tf.float64))))
out["ls_under_l2"] = v(run(tf.matrix_solve_ls(at, tf.constant([[1.0], [2.0]], tf.float64),
                                              l2_regularizer=1.0)))
out["ls_rows_mismatch"] = raises(lambda: tf.matrix_solve_ls(a, tf.ones([2, 1], tf.float64)))
out["ls_empty_rhs"] = v(run(tf.matrix_solve_ls(a, tf.zeros([3, 0], tf.float64))))
out["ls_grad"] = grads(tf.matrix_solve_ls(a, b, l2_regularizer=0.1), [a, b])
spd = tf.constant([[[4.0, 2.0], [2.0, 3.0]], [[2.0, 0.0], [0.0, 8.0]]], tf.float64)
ch = tf.cholesky(spd)
rhs = tf.constant([[[1.0, 0.0], [0.0, 1.0]], [[2.0, 4.0], [8.0, 8.0]]], tf.float64)
out["cholesky_solve"] = v(run(tf.linalg.cholesky_solve(ch, rhs)))
out["cholesky_solve_grad"] = grads(tf.linalg.cholesky_solve(ch, rhs), [rhs])
out["solve_adjoint"] = v(run(tf.matrix_solve(spd * [[[1.0, 2.0], [0.0, 1.0]]], rhs, adjoint=True)))
out["solve_singular"] = raises(lambda: run(tf.matrix_solve(tf.zeros([2, 2]), tf.ones([2, 1]))))
out["solve_batch_mismatch"] = raises(lambda: tf.matrix_solve(spd, tf.ones([3, 2, 1], tf.float64)))
""",
}

SIGNAL = {
    # ----------------------------------------------------------------------- fft_ops_test
    "rfft_lengths_and_inverses": """
x = tf.constant([1.0, 2.0, -1.0, 0.5, 3.0])
out["rfft_crop"] = cv(run(tf.signal.rfft(x, [3])))
out["rfft_pad"] = cv(run(tf.signal.rfft(x, [8])))
out["rfft_shape"] = shape(tf.signal.rfft(x, [8]))
y = tf.signal.rfft(x)
out["irfft_odd"] = v(run(tf.signal.irfft(y, [5])))
out["irfft_even_default"] = v(run(tf.signal.irfft(y)))
out["irfft_short"] = v(run(tf.signal.irfft(y, [3])))
out["irfft_long"] = v(run(tf.signal.irfft(y, [9])))
m = tf.reshape(tf.range(12.0), [3, 4])
out["rfft2d"] = cv(run(tf.signal.rfft2d(m)))
out["rfft2d_lengths"] = cv(run(tf.signal.rfft2d(m, [2, 6])))
out["irfft2d"] = v(run(tf.signal.irfft2d(tf.signal.rfft2d(m), [3, 4])))
c = tf.reshape(tf.range(8.0), [2, 2, 2])
out["rfft3d"] = cv(run(tf.signal.rfft3d(c)))
out["irfft3d"] = v(run(tf.signal.irfft3d(tf.signal.rfft3d(c), [2, 2, 2])))
out["rfft_f64"] = cv(run(tf.signal.rfft(tf.constant([1.0, 0.0, -1.0], tf.float64))))
out["irfft_c128_dtype"] = v(run(tf.signal.irfft(tf.constant([1.0 + 0j, 2.0], tf.complex128))))
out["rfft_complex_in"] = raises(lambda: tf.signal.rfft(tf.constant([1j])))
out["rfft_len_rank"] = raises(lambda: tf.signal.rfft(x, [2, 2]))
out["rfft_empty"] = cv(run(tf.signal.rfft(tf.zeros([2, 0]))))
out["rfft_empty_shape"] = shape(tf.signal.rfft(tf.zeros([2, 0])))
out["rfft2d_empty_inner"] = [shape(tf.signal.rfft2d(tf.zeros([3, 2, 0]))),
                             cv(run(tf.signal.rfft2d(tf.zeros([3, 2, 0]))))]
out["rfft2d_empty_outer"] = cv(run(tf.signal.rfft2d(tf.zeros([0, 3]))))
out["irfft_empty"] = [shape(tf.signal.irfft(tf.zeros([2, 0], tf.complex64))),
                      v(run(tf.signal.irfft(tf.zeros([2, 0], tf.complex64))))]
e = tf.zeros([2, 0])
out["rfft_empty_grad"] = grads(tf.abs(tf.signal.rfft(e)), [e])
""",
    "fft_complex_and_shift": """
z = tf.constant([1 + 1j, 2 - 1j, 0.5j, -3.0], tf.complex128)
out["fft_c128"] = cv(run(tf.signal.fft(z)))
out["ifft_c128"] = cv(run(tf.signal.ifft(z)))
m = tf.cast(tf.reshape(tf.range(6.0), [2, 3]), tf.complex64)
out["fft2d"] = cv(run(tf.signal.fft2d(m)))
out["ifft2d"] = cv(run(tf.signal.ifft2d(m)))
out["fft3d"] = cv(run(tf.signal.fft3d(tf.reshape(m, [1, 2, 3]))))
out["fft_float_in"] = raises(lambda: tf.signal.fft(tf.constant([1.0, 2.0])))
out["fft_scalar"] = raises(lambda: tf.signal.fft(tf.constant(1j)))
s = tf.reshape(tf.range(10), [2, 5])
out["fftshift_all"] = v(run(tf.signal.fftshift(s)))
out["fftshift_axis"] = v(run(tf.signal.fftshift(s, axes=1)))
out["ifftshift_axes"] = v(run(tf.signal.ifftshift(s, axes=[0, 1])))
out["ifftshift_neg"] = v(run(tf.signal.ifftshift(s, axes=-1)))
""",
    "fft_gradients": """
x = tf.constant([1.0, 2.0, -1.0, 0.5])
out["rfft"] = grads(tf.abs(tf.signal.rfft(x)) ** 2, [x])
out["rfft_pad"] = grads(tf.real(tf.signal.rfft(x, [6])) * [1.0, 2.0, 3.0, 4.0], [x])
y = tf.constant([1.0 + 0j, 2.0 - 1j, 0.5j])
out["irfft"] = cgrads(tf.signal.irfft(y) * [1.0, 2.0, 3.0, 4.0], [y])
out["irfft_odd"] = cgrads(tf.signal.irfft(y, [5]) * [1.0, 2.0, 3.0, 4.0, 5.0], [y])
z = tf.constant([1 + 1j, 2.0, -1j], tf.complex64)
out["fft"] = cgrads(tf.signal.fft(z) * [1.0, 1j, 2.0], [z])
out["ifft"] = cgrads(tf.signal.ifft(z) * [1.0, 1j, 2.0], [z])
m = tf.reshape(tf.range(6.0), [2, 3])
out["rfft2d"] = grads(tf.abs(tf.signal.rfft2d(m)), [m])
out["jac_rfft_real"] = jac(x, tf.real(tf.signal.rfft(x)), [1, 2, -1, 0.5])
""",
}

STRINGS = {
    # --------------------------------------------------------------------- substr_op_test
    "substr_units_and_errors": """
s = tf.constant(["héllo", "wörld!", "ab"])
out["utf8_char"] = sv(run(tf.strings.substr(s, 1, 3, unit="UTF8_CHAR")))
out["byte"] = sv(run(tf.strings.substr(s, 1, 3)))
out["neg_pos_char"] = sv(run(tf.strings.substr(s, -2, 2, unit="UTF8_CHAR")))
out["len_past_end"] = sv(run(tf.strings.substr(s, 1, 100, unit="UTF8_CHAR")))
out["neg_len"] = sv(run(tf.strings.substr(tf.constant(["abcdef"]), 1, -1)))
out["broadcast"] = sv(run(tf.strings.substr(tf.constant([["abc", "def"], ["ghi", "jkl"]]), [0, 1],
                                            [1, 2])))
out["pos_len_shapes"] = raises(lambda: tf.strings.substr(tf.constant([["abc"]]), [[0], [1]],
                                                         [1, 2]))
out["pos_oob"] = raises(lambda: run(tf.strings.substr(s, 7, 1)))
out["neg_pos_oob"] = raises(lambda: run(tf.strings.substr(s, -3, 1, unit="UTF8_CHAR")))
out["pos_at_end"] = sv(run(tf.strings.substr(tf.constant(["abc"]), 3, 1)))
out["bad_unit"] = raises(lambda: tf.strings.substr(s, 0, 1, unit="CHAR"))
out["shape_mismatch"] = raises(lambda: tf.strings.substr(s, [0, 1], [1, 1]))
out["v1_substr"] = sv(run(tf.substr(tf.constant("hello"), 1, 2)))
""",
    "regex_split_join": """
s = tf.constant(["aa bb  cc", "x-y-z", ""])
out["replace_global"] = sv(run(tf.strings.regex_replace(s, "[a-z]", "#")))
out["replace_first"] = sv(run(tf.strings.regex_replace(s, "[a-z]", "#", replace_global=False)))
out["groups"] = sv(run(tf.strings.regex_replace(tf.constant(["ab12cd"]), r"(\\d)(\\d)", r"\\2\\1")))
out["empty_match"] = sv(run(tf.strings.regex_replace(tf.constant(["abc"]), "", "-")))
out["bad_regex"] = raises(lambda: run(tf.strings.regex_replace(s, "(", "x")))
out["static"] = sv(run(tf.regex_replace(s, " +", "_")))
t = tf.constant(["ab12 C.d3", "x_Y-z", "é9\t!"])
for k, p in (("digit", "[[:digit:]]+"), ("alpha", "[[:alpha:]]"),
             ("mixed", "[[:upper:][:punct:]x]"), ("negated_set", "[^[:alnum:][:space:]]"),
             ("xdigit", "[[:xdigit:]]{2}"),
             ("quoted", "\\Q.d\\E"), ("quoted_open", "C\\Q.d3"), ("quoted_star", "\\Qb1\\E+")):
    out["re2_" + k] = [sv(run(tf.strings.regex_replace(t, p, "<\\0>"))),
                       v(run(tf.strings.regex_full_match(t, ".*" + p + ".*")))]
sp = tf.string_split(s)
out["split_v1"] = [run(sp.indices).tolist(), sv(run(sp.values)), run(sp.dense_shape).tolist()]
sp2 = tf.string_split(s, delimiter="-", skip_empty=False)
out["split_v1_delim"] = [run(sp2.indices).tolist(), sv(run(sp2.values))]
sp3 = tf.string_split(tf.constant(["a,b;c"]), delimiter=",;")
out["split_v1_charset"] = sv(run(sp3.values))
r = tf.strings.split(tf.constant(["a b c d", "e"]), maxsplit=1)
out["split_maxsplit"] = sv(run(tf.sparse.to_dense(r, default_value="")))
r2 = tf.strings.split(tf.constant(["a--b-", "-"]), sep="-")
out["split_sep_empty_parts"] = sv(run(tf.sparse.to_dense(r2, default_value="?")))
""",
    "reduce_join_cases": """
x = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
out["axis0"] = sv(run(tf.strings.reduce_join(x, axis=0)))
out["axis_neg"] = sv(run(tf.strings.reduce_join(x, axis=-1, separator="|")))
out["all"] = sv(run(tf.strings.reduce_join(x)))
out["keep"] = sv(run(tf.strings.reduce_join(x, axis=1, keepdims=True)))
out["keep_shape"] = shape(tf.strings.reduce_join(x, axis=1, keepdims=True))
out["axes_list"] = sv(run(tf.strings.reduce_join(x, axis=[1, 0], separator=".")))
out["empty_axes"] = sv(run(tf.strings.reduce_join(x, axis=[])))
out["empty_dim"] = sv(run(tf.strings.reduce_join(tf.zeros([2, 0], tf.string), axis=1)))
out["v1_keep_dims"] = sv(run(tf.reduce_join(x, 0, keep_dims=True)))
out["axis_oob"] = raises(lambda: run(tf.strings.reduce_join(x, axis=2)))
""",
    "case_and_hash": """
s = tf.constant(["ÀbÇ dé", "MiXeD 123"])
out["upper"] = sv(run(tf.strings.upper(s)))
out["lower"] = sv(run(tf.strings.lower(s)))
out["upper_utf8"] = sv(run(tf.strings.upper(s, encoding="utf-8")))
out["lower_utf8"] = sv(run(tf.strings.lower(s, encoding="utf-8")))
out["bad_encoding"] = raises(lambda: run(tf.strings.upper(s, encoding="latin1")))
edge = tf.constant(["ΟΔΟΣ ΣΑ.", "straße ǅ ﬁ ΐ", "İ", "a\\x00b", "ⰯⱟꟀ𐕰x"])
out["upper_edges"] = sv(run(tf.strings.upper(edge, encoding="utf-8")))
out["lower_edges"] = sv(run(tf.strings.lower(edge, encoding="utf-8")))
bad = tf.constant([b"ab\\xffc", b"\\xc3", b"\\xe2\\x82"])
out["upper_ill_formed"] = [t.hex() for t in run(tf.strings.upper(bad, encoding="utf-8"))]
ascii_only = tf.strings.lower(tf.constant([b"\\xc3\\x80B\\x00C"]))
out["lower_ascii_keeps"] = [t.hex() for t in run(ascii_only)]
out["raw_lower"] = sv(run(tf.raw_ops.StringLower(input=["ÀB"], encoding="utf-8")))
h = tf.constant(["", "a", "hello", "héllo"])
out["fast"] = v(run(tf.strings.to_hash_bucket_fast(h, 1000)))
out["strong"] = v(run(tf.strings.to_hash_bucket_strong(h, 1000, [1, 2])))
out["strong_key0"] = v(run(tf.strings.to_hash_bucket_strong(h, 7, [0, 0])))
out["legacy"] = v(run(tf.string_to_hash_bucket(h, 50)))
out["fast_one_bucket"] = v(run(tf.strings.to_hash_bucket_fast(h, 1)))
out["strong_bad_key"] = raises(lambda: run(tf.strings.to_hash_bucket_strong(h, 7, [1])))
out["zero_buckets"] = raises(lambda: run(tf.strings.to_hash_bucket_fast(h, 0)))
""",
}

SCANS_SORTS = {
    # ------------------------------------------------------------------------ scan_ops_test
    "cumsum_cumprod_every_way": """
x = tf.constant([[1.0, 2.0, 3.0], [4.0, 0.5, -2.0]])
for e in (False, True):
    for r in (False, True):
        k = "%s_%s" % (e, r)
        out["cumsum_" + k] = v(run(tf.cumsum(x, axis=-1, exclusive=e, reverse=r)))
        out["cumprod_" + k] = v(run(tf.cumprod(x, axis=0, exclusive=e, reverse=r)))
        out["cumprod_int_" + k] = v(run(tf.cumprod(tf.constant([2, 3, -1]), exclusive=e,
                                                   reverse=r)))
out["empty_axis"] = v(run(tf.cumsum(tf.zeros([2, 0]), axis=1, exclusive=True)))
out["axis_oob"] = raises(lambda: run(tf.cumsum(x, axis=2)))
out["bool"] = raises(lambda: tf.cumsum(tf.constant([True, False])))
out["axis_tensor_int64"] = v(run(tf.cumsum(x, axis=tf.constant(0, tf.int64))))
out["complex"] = cv(run(tf.cumprod(tf.constant([1j, 1j, 2.0]), reverse=True)))
out["scalar"] = raises(lambda: run(tf.cumsum(tf.constant(3.0))))
""",
    "cumprod_gradients": """
x = tf.constant([2.0, 0.0, 3.0, 4.0])
w = tf.constant([1.0, 2.0, 3.0, 4.0])
for e in (False, True):
    for r in (False, True):
        k = "%s_%s" % (e, r)
        out["zero_" + k] = grads(tf.cumprod(x, exclusive=e, reverse=r), [x], w)
        out["cumsum_" + k] = grads(tf.cumsum(x, exclusive=e, reverse=r), [x], w)
y = tf.constant([[1.0, 2.0], [3.0, -1.0]])
out["axis0"] = grads(tf.cumprod(y, axis=0, exclusive=True), [y])
out["jac_cumprod"] = jac(y, tf.cumprod(y, axis=1, reverse=True), [[1, 2], [3, -1]])
""",
    # ------------------------------------------------- topk_op_test, in_topk_op_test, sort
    "top_k_nan_ties_and_in_top_k": """
x = tf.constant([[1.0, np.nan, 3.0, 3.0, -np.inf, np.nan]])
vals, idx = tf.nn.top_k(x, 4)
out["nan_vals"] = v(run(vals))
out["nan_idx"] = v(run(idx))
t = tf.constant([[2, 1, 2, 2, 0, 1]])
out["ties_int"] = v(run(list(tf.nn.top_k(t, 4))))
out["k0"] = v(run(list(tf.nn.top_k(t, 0))))
out["k_too_big"] = raises(lambda: tf.nn.top_k(t, 7))
kp = tf.placeholder(tf.int32, [])
out["k_fed_too_big"] = fails(tf.nn.top_k(t, kp), {kp: 7})
out["k_fed_negative"] = fails(tf.nn.top_k(t, kp), {kp: -1})
out["unsorted_set"] = sorted(run(tf.nn.top_k(tf.constant([3.0, 1.0, 4.0, 1.0, 5.0]), 3,
                                             sorted=False)).values.tolist())
out["uint8"] = v(run(tf.nn.top_k(tf.constant([3, 200, 7], tf.uint8), 2).values))
out["f16_ties"] = v(run(list(tf.nn.top_k(tf.constant([1.5, 1.5, 0.5], tf.float16), 2))))
p = tf.constant([[0.1, 0.3, 0.3, 0.3], [np.nan, 0.2, 0.1, 0.0], [0.5, np.inf, 0.2, 0.5]])
tg = tf.constant([3, 1, 0])
out["in_top_k_1"] = v(run(tf.nn.in_top_k(p, tg, 1)))
out["in_top_k_2"] = v(run(tf.nn.in_top_k(p, tg, 2)))
out["in_top_k_0"] = v(run(tf.nn.in_top_k(p, tg, 0)))
out["in_top_k_oob"] = v(run(tf.nn.in_top_k(p, tf.constant([4, -1, 2]), 2)))
out["in_top_k_int64"] = v(run(tf.nn.in_top_k(p, tf.constant([2, 2, 2], tf.int64), 3)))
tv = tf.constant([1.0, 3.0, 3.0, 2.0])
out["top_k_grad"] = grads(tf.nn.top_k(tv, 3).values, [tv], tf.constant([1.0, 10.0, 100.0]))
""",
    "sort_argsort_stability": """
x = tf.constant([3, 1, 2, 1, 3, 0, 2])
out["asc"] = v(run(tf.sort(x)))
out["desc"] = v(run(tf.sort(x, direction="DESCENDING")))
out["argsort_stable"] = v(run(tf.argsort(x, stable=True)))
out["argsort_desc_stable"] = v(run(tf.argsort(x, direction="DESCENDING", stable=True)))
f = tf.constant([2.0, np.nan, -1.0, np.inf, -np.inf, 0.0, -0.0])
out["sort_nan"] = v(run(tf.sort(f)))
out["sort_nan_desc"] = v(run(tf.sort(f, direction="DESCENDING")))
m = tf.constant([[3.0, 1.0], [1.0, 2.0], [2.0, 0.0]])
out["axis0"] = v(run(tf.sort(m, axis=0)))
out["argsort_axis0"] = v(run(tf.argsort(m, axis=0)))
out["bad_direction"] = raises(lambda: tf.sort(x, direction="UP"))
out["scalar"] = raises(lambda: tf.sort(tf.constant(1.0)))
out["string"] = raises(lambda: tf.sort(tf.constant(["b", "a"])))
out["int8"] = v(run(tf.sort(tf.constant([5, -3, 0], tf.int8), direction="DESCENDING")))
s = tf.constant([3.0, 1.0, 2.0])
out["grad_value"] = grads(tf.sort(s, direction="DESCENDING"), [s], tf.constant([1.0, 2.0, 3.0]))
""",
}

SPECIAL = {
    # ---------------------------------------------- special_math_test, cwise unary: poles
    "gamma_family_at_poles": """
x = tf.constant([-2.0, -1.5, -0.5, 0.0, -0.0, 0.5, 1.0, 2.0, 1e-8, 171.0, 1e30, np.inf, -np.inf,
                 np.nan], tf.float64)
out["lgamma"] = v(run(tf.lgamma(x)))
out["digamma"] = v(run(tf.digamma(x)))
out["lgamma_f32"] = v(run(tf.lgamma(tf.constant([-3.0, -2.5, 0.0, 35.0, 1e38]))))
out["digamma_f32"] = v(run(tf.digamma(tf.constant([-3.0, -2.5, 0.0, 1e-20, 1e38]))))
n = tf.constant([0.0, 1.0, 2.0, -1.0, 1.5, 3.0], tf.float64)
out["polygamma"] = v(run(tf.polygamma(n, tf.constant([1.0, 1.0, 0.5, 1.0, 1.0, -2.0],
                                                     tf.float64))))
a = tf.constant([0.0, 0.5, 1.0, 1.0, 2.0, -1.0, 1.0, np.inf], tf.float64)
z = tf.constant([1.0, 0.0, np.inf, -1.0, 0.5, 1.0, np.nan, 1.0], tf.float64)
out["igamma"] = v(run(tf.igamma(a, z)))
out["igammac"] = v(run(tf.igammac(a, z)))
q = tf.constant([1.0, 2.0, 1.0, -1.5, 0.0, 2.0], tf.float64)
s = tf.constant([1.0, 2.0, 0.5, 2.0, 2.0, np.inf], tf.float64)
out["zeta"] = v(run(tf.zeta(s, q)))
ba = tf.constant([0.0, 1.0, 2.0, 1.0, 0.5, -1.0, 1.0], tf.float64)
bb = tf.constant([1.0, 0.0, 3.0, 1.0, 0.5, 1.0, 1.0], tf.float64)
bx = tf.constant([0.5, 0.5, 0.0, 1.0, 0.25, 0.5, 1.5], tf.float64)
out["betainc"] = v(run(tf.betainc(ba, bb, bx)))
out["erfinv"] = v(run(tf.math.erfinv(tf.constant([-1.0, 1.0, 0.0, 1.5, 0.999999], tf.float64))))
out["ndtri"] = v(run(tf.math.ndtri(tf.constant([0.0, 1.0, 0.5, -0.1, 1e-300], tf.float64))))
""",
    "bessel_at_edges": """
x = tf.constant([0.0, -0.0, 1e-10, -1.5, 2.0, 30.0, 700.0, -700.0, np.inf, -np.inf, np.nan],
                tf.float64)
for name in ("bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_j0", "bessel_j1"):
    out[name] = v(run(getattr(tf.math.special, name)(x)))
pos = tf.constant([0.0, 1e-10, 0.5, 2.0, 30.0, 700.0, np.inf, -1.0, np.nan], tf.float64)
for name in ("bessel_k0", "bessel_k0e", "bessel_k1", "bessel_k1e", "bessel_y0", "bessel_y1"):
    out[name] = v(run(getattr(tf.math.special, name)(pos)))
f = tf.constant([0.0, -2.0, 50.0, 100.0])
out["i0e_f32"] = v(run(tf.math.bessel_i0e(f)))
out["i1e_f32"] = v(run(tf.math.bessel_i1e(f)))
h = tf.constant([0.0, 1.0, -3.0], tf.float16)
out["i0e_f16"] = v(run(tf.math.bessel_i0e(h)))
""",
    "special_gradients": """
x = tf.constant([0.5, 1.5, -0.5, 3.0], tf.float64)
out["lgamma"] = grads(tf.lgamma(x), [x])
out["digamma"] = grads(tf.digamma(x), [x])
a = tf.constant([0.5, 1.0, 2.0, 5.0], tf.float64)
z = tf.constant([0.3, 1.0, 2.5, 0.0], tf.float64)
out["igamma"] = grads(tf.igamma(a, z), [a, z])
out["igammac"] = grads(tf.igammac(a, z), [a, z])
s = tf.constant([2.0, 3.0], tf.float64)
q = tf.constant([1.0, 0.5], tf.float64)
out["zeta_q"] = grads(tf.zeta(s, q), [q])
out["zeta_s_none"] = [g is None for g in tf.gradients(tf.zeta(s, q), [s])]
ba = tf.constant([1.0, 2.0], tf.float64)
bb = tf.constant([3.0, 0.5], tf.float64)
bx = tf.constant([0.2, 0.9], tf.float64)
out["betainc_x"] = grads(tf.betainc(ba, bb, bx), [bx])
out["betainc_ab_none"] = [g is None for g in tf.gradients(tf.betainc(ba, bb, bx), [ba, bb])]
e = tf.constant([-2.0, 0.0, 0.5, 3.0], tf.float64)
for name in ("bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e"):
    out["grad_" + name] = grads(getattr(tf.math, name)(e), [e])
pg = tf.constant([0.5, 2.0], tf.float64)
out["polygamma_value"] = grads(tf.polygamma(tf.constant([1.0, 2.0], tf.float64), pg), [pg])
""",
}

BITS_MATMUL = {
    # ---------------------------------------------------------------- bitwise_ops_test
    "shifts_past_width": """
for dt in (tf.int8, tf.int16, tf.int32, tf.int64, tf.uint8, tf.uint16, tf.uint32, tf.uint64):
    x = tf.constant([1, 5, 127, 100], dt)
    s = tf.constant([0, 1, 7, 3], dt)
    out["left_" + dt.name] = v(run(tf.bitwise.left_shift(x, s)))
    out["right_" + dt.name] = v(run(tf.bitwise.right_shift(x, s)))
n = tf.constant([-8, -1, -128, 64], tf.int8)
out["right_negative"] = v(run(tf.bitwise.right_shift(n, tf.constant([1, 3, 7, 2], tf.int8))))
out["left_negative_val"] = v(run(tf.bitwise.left_shift(n, tf.constant([1, 1, 1, 1], tf.int8))))
w = tf.constant([1, -16, 3], tf.int32)
out["left_over"] = v(run(tf.bitwise.left_shift(w, tf.constant([32, 40, -1]))))
out["right_over"] = v(run(tf.bitwise.right_shift(w, tf.constant([32, 40, -1]))))
u = tf.constant([255, 1], tf.uint8)
out["left_over_u8"] = v(run(tf.bitwise.left_shift(u, tf.constant([8, 200], tf.uint8))))
out["right_over_u8"] = v(run(tf.bitwise.right_shift(u, tf.constant([8, 200], tf.uint8))))
out["invert"] = v(run([tf.bitwise.invert(tf.constant([0, 255], tf.uint8)),
                       tf.bitwise.invert(tf.constant([0, -1, 5], tf.int16))]))
out["xor_broadcast"] = v(run(tf.bitwise.bitwise_xor(tf.constant([[1], [2]]), [3, 4, 5])))
out["float"] = raises(lambda: tf.bitwise.bitwise_and(1.0, 2.0))
out["mixed"] = raises(lambda: tf.bitwise.bitwise_or(tf.constant(1, tf.int8), tf.constant(1)))
""",
    # ---------------------------------------------------------------- batch_matmul_op_test
    "batch_matmul_adjoints_broadcast": """
rng = np.random.RandomState(5)
a = tf.constant(rng.randn(2, 1, 3, 4), tf.float64)
b = tf.constant(rng.randn(5, 4, 2), tf.float64)
c = tf.matmul(a, b)
out["broadcast_shape"] = shape(c)
out["broadcast"] = np.round(run(c), 10).tolist()
ac = tf.constant(rng.randn(2, 3, 2) + 1j * rng.randn(2, 3, 2), tf.complex128)
bc = tf.constant(rng.randn(2, 3, 4) + 1j * rng.randn(2, 3, 4), tf.complex128)
out["adjoint_a"] = cv(np.round(run(tf.matmul(ac, bc, adjoint_a=True)), 10))
out["transpose_a"] = cv(np.round(run(tf.matmul(ac, bc, transpose_a=True)), 10))
out["adjoint_b"] = cv(np.round(run(tf.matmul(bc, bc, adjoint_b=True)), 10))
out["raw_adj"] = built(lambda: cv(np.round(run(tf.raw_ops.BatchMatMulV2(x=ac, y=bc, adj_x=True)),
                                          10)))
out["both_error"] = raises(lambda: tf.matmul(ac, bc, transpose_a=True, adjoint_a=True))
out["int32"] = v(run(tf.matmul(tf.ones([2, 2, 3], tf.int32), tf.ones([3, 1], tf.int32))))
out["empty_batch"] = v(run(tf.matmul(tf.zeros([0, 2, 3]), tf.zeros([0, 3, 2]))))
out["empty_inner"] = v(run(tf.matmul(tf.zeros([2, 2, 0]), tf.zeros([2, 0, 3]))))
out["bad_batch"] = raises(lambda: tf.matmul(tf.zeros([2, 2, 3]), tf.zeros([3, 3, 2])))
out["bad_inner"] = raises(lambda: tf.matmul(tf.zeros([2, 2, 3]), tf.zeros([2, 2, 2])))
out["rank1"] = raises(lambda: tf.matmul(tf.zeros([3]), tf.zeros([3, 1])))
out["output_type_int8"] = v(run(tf.matmul(tf.constant([[100, -100], [127, -128]], tf.int8),
                                          tf.constant([[100, 100], [-1, 100]], tf.int8),
                                          adjoint_b=True, output_type=tf.int32)))
out["output_type_mixed"] = v(run(tf.matmul(tf.constant([[[-5, 7]]], tf.int8),
                                           tf.constant([[200], [255]], tf.uint8),
                                           output_type=tf.int32)))
with tf.Graph().as_default():  # TF's later runs of this graph would fail on it too
    out["output_type_float"] = raises(lambda: run(tf.matmul(tf.ones([2, 2]), tf.ones([2, 2]),
                                                            output_type=tf.float64)))
out["raw_v1"] = v(run(tf.raw_ops.BatchMatMul(x=tf.ones([2, 2, 3]), y=tf.ones([2, 2, 3]),
                                             adj_y=True)))
out["raw_v1_broadcast"] = raises(lambda: tf.raw_ops.BatchMatMul(x=tf.ones([2, 2, 3]),
                                                                y=tf.ones([1, 3, 2])))
out["v3_mixed"] = built(lambda: v(run(tf.raw_ops.BatchMatMulV3(x=tf.ones([1, 2, 2], tf.int8),
                                                 y=tf.ones([1, 2, 2], tf.int8), Tout=tf.int32))))
ga, gb = grads(c, [a, b])
out["grad_a"] = np.round(ga[1], 10).tolist()
out["grad_b"] = np.round(gb[1], 10).tolist()
out["grad_adjoint"] = [cv(np.round(g[1] + 1j * np.asarray(g[2]), 10))
                       for g in cgrads(tf.matmul(ac, bc, adjoint_a=True), [ac, bc])]
""",
}

REDUCE_PAD = {
    # ---------------------------------------------------------------- reduction_ops_test
    "reductions_empty_and_duplicate_axes": """
x = tf.reshape(tf.range(6.0), [2, 3])
out["sum_no_axes"] = v(run(tf.reduce_sum(x, axis=[])))
out["sum_no_axes_keep"] = shape(tf.reduce_sum(x, axis=[], keepdims=True))
out["max_no_axes"] = v(run(tf.reduce_max(x, axis=tf.zeros([0], tf.int32))))
out["dup_axes"] = raises(lambda: run(tf.reduce_sum(x, axis=[1, 1])))
out["dup_neg_axes"] = raises(lambda: run(tf.reduce_sum(x, axis=[1, -1])))
out["axis_oob"] = raises(lambda: tf.reduce_sum(x, axis=2))
ap = tf.placeholder(tf.int32, [None])
out["fed_dup"] = fails(tf.reduce_sum(x, axis=ap), {ap: [0, 0]})
out["fed_oob"] = fails(tf.reduce_sum(x, axis=ap), {ap: [-3]})
out["fed_empty_keep"] = v(run(tf.reduce_sum(x, axis=ap, keepdims=True), {ap: []}))
out["fed_shape"] = shape(tf.reduce_sum(x, axis=ap, keepdims=True))
e = tf.zeros([0, 3])
out["empty_mean"] = v(run(tf.reduce_mean(e, 0)))
out["empty_max"] = v(run(tf.reduce_max(e, 0)))
out["empty_min_int"] = v(run(tf.reduce_min(tf.zeros([0, 2], tf.int32), 0)))
out["empty_max_uint8"] = v(run(tf.reduce_max(tf.zeros([0], tf.uint8))))
out["empty_prod_keep"] = v(run(tf.reduce_prod(e, 0, keepdims=True)))
out["empty_all_any"] = v(run([tf.reduce_all(tf.zeros([0], tf.bool)),
                              tf.reduce_any(tf.zeros([0], tf.bool))]))
out["empty_logsumexp"] = v(run(tf.reduce_logsumexp(e, 0)))
out["empty_mean_int"] = raises(lambda: run(tf.reduce_mean(tf.zeros([0], tf.int32))))
out["mean_int"] = v(run(tf.reduce_mean(tf.constant([-1, -2]))))
out["int64_axis"] = v(run(tf.reduce_sum(x, axis=tf.constant([0], tf.int64))))
out["keep_all"] = v(run(tf.reduce_max(x, keepdims=True)))
out["scalar_axis0"] = v(run(tf.reduce_sum(tf.constant(3.0), axis=[])))
out["grad_no_axes"] = grads(tf.reduce_sum(x, axis=[]), [x])
out["grad_empty_mean"] = grads(tf.reduce_mean(e, 0), [e])
""",
    # ----------------------------------------------------------------------- pad_op_test
    "mirror_pad_limits_and_grads": """
x = tf.reshape(tf.range(1.0, 7.0), [2, 3])
out["reflect_max"] = v(run(tf.pad(x, [[1, 1], [2, 2]], "REFLECT")))
out["symmetric_max"] = v(run(tf.pad(x, [[2, 2], [3, 3]], "SYMMETRIC")))
out["reflect_over"] = raises(lambda: run(tf.pad(x, [[2, 0], [0, 0]], "REFLECT")))
out["symmetric_over"] = raises(lambda: run(tf.pad(x, [[0, 0], [0, 4]], "SYMMETRIC")))
out["lower_mode"] = v(run(tf.pad(x, [[0, 0], [1, 1]], "reflect")))
out["bad_mode"] = raises(lambda: tf.pad(x, [[0, 0], [1, 1]], "WRAP"))
out["negative"] = raises(lambda: run(tf.pad(x, [[-1, 0], [0, 0]])))
out["negative_reflect"] = raises(lambda: run(tf.pad(x, [[0, 0], [-1, 0]], "REFLECT")))
out["const_value"] = v(run(tf.pad(x, [[1, 0], [0, 1]], constant_values=-1.5)))
out["const_int"] = v(run(tf.pad(tf.constant([1, 2]), [[1, 1]], constant_values=7)))
out["empty_const"] = v(run(tf.pad(tf.zeros([0, 2]), [[1, 1], [0, 0]], constant_values=3.0)))
out["reflect_one"] = raises(lambda: run(tf.pad(tf.constant([5.0]), [[1, 0]], "REFLECT")))
out["symmetric_one"] = v(run(tf.pad(tf.constant([5.0]), [[1, 0]], "SYMMETRIC")))
out["string_reflect"] = sv(run(tf.pad(tf.constant(["a", "b", "c"]), [[2, 1]], "REFLECT")))
pp = tf.placeholder(tf.int32, [2, 2])
out["fed_reflect_over"] = fails(tf.pad(x, pp, "REFLECT"), {pp: [[0, 0], [3, 0]]})
out["fed_shape"] = shape(tf.pad(x, pp, "SYMMETRIC"))
w = tf.reshape(tf.range(1.0, 1.0 + 4 * 7), [4, 7])
out["grad_reflect"] = grads(tf.pad(x, [[1, 1], [2, 2]], "REFLECT"), [x], w)
out["grad_symmetric"] = grads(tf.pad(x, [[1, 1], [2, 2]], "SYMMETRIC"), [x], w)
out["grad_const"] = grads(tf.pad(x, [[1, 1], [2, 2]], constant_values=2.0), [x], w)
out["jac_reflect"] = jac(x, tf.pad(x, [[1, 0], [0, 2]], "REFLECT"), np.ones([2, 3]))
y = tf.constant([1.0, 2.0, 3.0])
g = tf.gradients(tf.pad(y, [[2, 1]], "SYMMETRIC") * [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], y)[0]
out["gradgrad_symmetric"] = grads(g * g, [y])
""",
}

HALF_AND_SPARSE = {
    # ------------------------- reduction_ops_test, scan_ops_test, segments: float16 sums
    "half_precision_accumulation": """
h = tf.constant(np.full(3000, 1.0), tf.float16)
out["reduce_sum"] = v(run(tf.reduce_sum(h)))
out["reduce_mean"] = v(run(tf.reduce_mean(h * 0.1)))
out["cumsum_tail"] = v(run(tf.cumsum(h)[-3:]))
out["segment_sum"] = v(run(tf.segment_sum(h, tf.zeros([3000], tf.int32))))
out["unsorted_sum"] = v(run(tf.unsorted_segment_sum(h, tf.zeros([3000], tf.int32), 1)))
out["math_reduce_prod"] = v(run(tf.reduce_prod(tf.constant([300.0, 300.0, 0.001], tf.float16))))
out["prod_rounding"] = v(run(tf.reduce_prod(tf.constant([0.001, 300.0, 300.0], tf.float16))))
p = tf.constant([[300.0, 2.5, 0.001], [1.1, 1.3, 1.7], [300.0, 1.0, 0.5]], tf.float16)
out["prod_axes"] = v(run([tf.reduce_prod(p, 0), tf.reduce_prod(p, 1, keepdims=True)]))
out["mean_overflow"] = v(run(tf.reduce_mean(tf.constant([1000.0] * 100, tf.float16))))
out["mean_axis_overflow"] = v(run(tf.reduce_mean(tf.constant([[1000.0] * 2] * 100, tf.float16),
                                                 0)))
out["mean_small"] = v(run(tf.reduce_mean(tf.constant([0.1] * 3, tf.float16))))
out["mean_seven"] = v(run(tf.reduce_mean(tf.constant([0.3, 0.7, 0.1, 0.9, 1.1, 3.3, 2.2],
                                                     tf.float16))))
out["mean_count_overflow"] = v(run(tf.reduce_mean(tf.ones([70000], tf.float16))))
out["matmul_f16"] = v(run(tf.matmul(tf.fill([1, 3000], tf.constant(1.0, tf.float16)),
                                    tf.fill([3000, 1], tf.constant(1.0, tf.float16)))))
out["l2_loss_f16"] = v(run(tf.nn.l2_loss(tf.constant([300.0, 300.0], tf.float16))))
out["reduce_std_f16"] = v(run(tf.math.reduce_std(tf.constant([1.0, 2.0, 4.0], tf.float16))))
out["logsumexp_f16"] = v(run(tf.reduce_logsumexp(tf.constant([10.0, 10.0, 9.0], tf.float16))))
""",
    # ----------------------------------------------- sparse segment ops (segment tests)
    "sparse_segments_edges": """
d = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
out["sum"] = v(run(tf.sparse.segment_sum(d, [0, 2, 0], [0, 0, 1])))
out["mean_gap"] = v(run(tf.sparse.segment_mean(d, [1, 2], [0, 2])))
out["sqrt_n"] = v(run(tf.sparse.segment_sqrt_n(d, [2, 2, 1], [0, 0, 0])))
out["num_segments"] = v(run(tf.sparse.segment_sum(d, [0, 1], [1, 1], num_segments=4)))
out["unsorted_ids"] = raises(lambda: run(tf.sparse.segment_sum(d, [0, 1], [1, 0])))
out["index_oob"] = raises(lambda: run(tf.sparse.segment_sum(d, [3], [0])))
out["num_too_small"] = raises(lambda: run(tf.sparse.segment_sum(d, [0, 1], [0, 3],
                                                                num_segments=2)))
out["int64_ids"] = v(run(tf.sparse.segment_mean(d, tf.constant([0, 1], tf.int64),
                                                tf.constant([0, 0], tf.int64))))
out["grad_mean"] = grads(tf.sparse.segment_mean(d, [0, 2, 2], [0, 0, 1]), [d])
out["grad_sqrt_n"] = grads(tf.sparse.segment_sqrt_n(d, [1, 1, 2], [0, 1, 1],
                                                    num_segments=3), [d])
out["grad_sum"] = grads(tf.sparse.segment_sum(d, [2, 0], [0, 0]), [d])
out["v1_name"] = v(run(tf.sparse_segment_sum(d, [0, 1], [0, 0])))
""",
}

LINALG_MORE = {
    # --------------------------------------------- norm_op_test, linalg_ops_test leftovers
    "norms_every_ord": """
m = tf.constant([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]], tf.float64)
for o in ("fro", "euclidean", 1, 2, np.inf):
    out["matrix_%s" % o] = built(lambda: v(run(tf.norm(m, ord=o, axis=[0, 1]))))
for o in ("euclidean", 1, 2, 3, 0.5, np.inf):
    out["vector_%s" % o] = built(lambda: v(run(tf.norm(m, ord=o, axis=1))))
out["keepdims"] = v(run(tf.norm(m, axis=[-2, -1], keepdims=True)))
out["all"] = v(run(tf.norm(m)))
out["ord_neg"] = raises(lambda: tf.norm(m, ord=-1))
out["ord_0"] = raises(lambda: tf.norm(m, ord=0))
out["matrix_ord_3"] = raises(lambda: tf.norm(m, ord=3, axis=[0, 1]))
out["complex"] = cv(run(tf.norm(tf.constant([3 + 4j, 1j]))))
out["grad_zero"] = grads(tf.norm(tf.zeros([3])), [tf.zeros([3])])
z = tf.constant([0.0, 0.0])
out["grad_at_zero"] = grads(tf.norm(z), [z])
out["grad_inf"] = grads(tf.norm(m, ord=np.inf, axis=1), [m])
out["grad_1"] = grads(tf.norm(m, ord=1, axis=[0, 1]), [m])
""",
    "pinv_rank_trace_cross": """
a = tf.constant([[1.0, 2.0], [2.0, 4.0], [0.0, 1.0]], tf.float64)
out["pinv"] = np.round(run(tf.linalg.pinv(a)), 10).tolist()
out["pinv_rcond"] = np.round(run(tf.linalg.pinv(a, rcond=0.5)), 10).tolist()
out["rank"] = v(run(tf.linalg.matrix_rank(tf.constant([[1.0, 2.0], [2.0, 4.0]]))))
out["rank_tol"] = v(run(tf.linalg.matrix_rank(a, tol=1.0)))
out["rank_batch"] = v(run(tf.linalg.matrix_rank(tf.stack([tf.eye(3), tf.zeros([3, 3])]))))
out["trace_batch"] = v(run(tf.trace(tf.reshape(tf.range(18), [2, 3, 3]))))
out["trace_rect"] = v(run(tf.trace(tf.reshape(tf.range(6.0), [2, 3]))))
out["cross"] = v(run(tf.cross(tf.constant([[1, 0, 0], [1, 2, 3]]),
                              tf.constant([[0, 1, 0], [4, 5, 6]]))))
out["cross_bad"] = raises(lambda: tf.cross(tf.ones([2]), tf.ones([2])))
out["diag_part_k"] = v(run(tf.linalg.diag_part(tf.reshape(tf.range(12), [3, 4]), k=(-1, 1))))
out["diag_k_pad"] = v(run(tf.linalg.diag([[1, 2], [3, 4]], k=1, num_rows=2, num_cols=4,
                                         padding_value=9)))
out["diag_k_both_big"] = raises(lambda: tf.linalg.diag([1, 2], k=1, num_rows=3, num_cols=4))
out["set_diag_k"] = v(run(tf.linalg.set_diag(tf.zeros([3, 3], tf.int32), [[1, 2, 3], [4, 5, 0]],
                                             k=(-1, 0))))
out["tensor_diag"] = v(run(tf.linalg.tensor_diag(tf.constant([[1, 2], [3, 4]]))))
out["tensor_diag_part"] = v(run(tf.linalg.tensor_diag_part(tf.reshape(tf.range(16), [2, 2, 2, 2]))))
out["tensor_diag_part_bad"] = raises(lambda: tf.linalg.tensor_diag_part(tf.ones([2, 3])))
out["eigvalsh_repeated"] = np.round(run(tf.linalg.eigvalsh(tf.constant([[2.0, 0.0, 0.0],
                                                                         [0.0, 2.0, 0.0],
                                                                         [0.0, 0.0, 1.0]]))),
                                    6).tolist()
out["lu_inverse"] = np.round(run(tf.linalg.lu_matrix_inverse(*tf.linalg.lu(
    tf.constant([[4.0, 3.0], [6.0, 3.0]], tf.float64)))), 10).tolist()
lu, p = tf.linalg.lu(tf.constant([[4.0, 3.0], [6.0, 3.0]], tf.float64))
out["lu_solve"] = np.round(run(tf.linalg.lu_solve(lu, p, tf.constant([[1.0], [2.0]],
                                                                    tf.float64))), 10).tolist()
out["lu_reconstruct"] = np.round(run(tf.linalg.lu_reconstruct(lu, p)), 10).tolist()
""",
    "linalg_gradients_batch_two": """
a = tf.constant([[[2.0, 1.0], [1.0, 3.0]], [[4.0, -1.0], [2.0, 1.0]]], tf.float64)
b = tf.constant([[[1.0], [2.0]], [[0.5], [-1.0]]], tf.float64)
out["solve"] = grads(tf.matrix_solve(a, b), [a, b])
out["solve_adjoint"] = grads(tf.matrix_solve(a, b, adjoint=True), [a, b])
out["inverse"] = grads(tf.matrix_inverse(a), [a])
out["det"] = grads(tf.matrix_determinant(a), [a])
out["expm"] = grads(tf.linalg.expm(a * 0.3), [a])
out["logdet_spd"] = grads(tf.linalg.logdet(tf.matmul(a, a, transpose_b=True)), [a])
out["cholesky"] = grads(tf.cholesky(tf.matmul(a, a, transpose_b=True)), [a])
out["triangular"] = grads(tf.matrix_triangular_solve(a, b, lower=False), [a, b])
out["trace"] = grads(tf.trace(a), [a])
out["band"] = grads(tf.matrix_band_part(a, 0, -1), [a])
out["lstsq_fast"] = grads(tf.matrix_solve_ls(tf.concat([a, a * 2.0], 1), tf.concat([b, b], 1)),
                          [a, b])
out["eigvalsh"] = grads(tf.linalg.eigvalsh(tf.matmul(a, a, transpose_b=True)), [a])
out["svd_s"] = grads(tf.svd(a, compute_uv=False), [a])
out["qr_r_abs"] = grads(tf.abs(tf.qr(a)[1]), [a])
""",
}

MORE_SPECIAL_STRINGS = {
    # ----------------------------------------- special_math_ops_test: the rarer functions
    "special_functions_rarer": """
x = tf.constant([-3.0, -0.5, 0.0, 1e-5, 0.5, 1.0, 2.0, 10.0, 50.0, np.inf, np.nan], tf.float64)
for name in ("dawsn", "expint", "fresnel_cos", "fresnel_sin", "spence"):
    out[name] = v(run(getattr(tf.math.special, name)(x)))
out["erfcinv"] = v(run(tf.math.erfcinv(tf.constant([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, -0.1],
                                                   tf.float64))))
out["lbeta"] = v(run(tf.math.lbeta(tf.constant([[1.0, 1.0], [0.5, 0.5], [2.0, 3.0], [0.0, 1.0]],
                                               tf.float64))))
out["lbeta_empty"] = v(run(tf.math.lbeta(tf.zeros([2, 0]))))
out["lbeta_one"] = v(run(tf.math.lbeta(tf.constant([[3.0]]))))
out["log1p_edges"] = v(run(tf.log1p(tf.constant([-1.0, -2.0, 1e-30, -0.0], tf.float64))))
out["expm1_edges"] = v(run(tf.expm1(tf.constant([-np.inf, 710.0, 1e-30, -0.0], tf.float64))))
out["rsqrt_edges"] = v(run(tf.rsqrt(tf.constant([0.0, -0.0, -1.0, np.inf]))))
out["sigmoid_extremes"] = v(run(tf.sigmoid(tf.constant([-100.0, -20.0, 20.0, 100.0]))))
out["log_sigmoid_extremes"] = v(run(tf.log_sigmoid(tf.constant([-100.0, 100.0, -1e4],
                                                               tf.float64))))
out["softplus_extremes"] = v(run(tf.nn.softplus(tf.constant([-100.0, 100.0, 15.0, -15.0]))))
y = tf.constant([0.5, 2.0, 10.0], tf.float64)
for name in ("dawsn", "expint", "fresnel_cos", "fresnel_sin", "spence"):
    out["grad_" + name] = grads(getattr(tf.math.special, name)(y), [y])
""",
    "string_ops_more_edges": """
s = tf.constant(["héllo", "", "ab\\xffc"])
out["length_char"] = v(run(tf.strings.length(s, unit="UTF8_CHAR")))
out["length_byte"] = v(run(tf.strings.length(s)))
out["substr_char_ill"] = raises(lambda: sv(run(tf.strings.substr(tf.constant([b"a\\xffbc"]), 1, 2,
                                                                 unit="UTF8_CHAR"))))
out["split_empty_sep"] = raises(lambda: run(tf.strings.split(tf.constant(["abc"]), sep="")))
r = tf.strings.split(tf.constant(["  a  b ", ""]))
out["split_ws"] = [run(r.indices).tolist(), sv(run(r.values)), run(r.dense_shape).tolist()]
out["join_sep"] = sv(run(tf.strings.join([["a", "b"], "c"], separator="-")))
out["join_bad"] = raises(lambda: tf.strings.join([["a", "b"], ["c", "d", "e"]]))
out["to_number_bad"] = raises(lambda: run(tf.strings.to_number(["1.5x"])))
out["to_number_int_overflow"] = raises(lambda: run(tf.strings.to_number(["3000000000"],
                                                                        tf.int32)))
out["to_number_forms"] = v(run(tf.strings.to_number([" 1e3", "-inf", "0x10", "+5", "nan"])))
out["as_string_forms"] = sv(run(tf.as_string(tf.constant([1.5, -0.0, np.inf, 1e20]),
                                             precision=2)))
out["as_string_int_width"] = sv(run(tf.as_string(tf.constant([7, -3]), width=4, fill="0")))
out["as_string_bool"] = sv(run(tf.as_string(tf.constant([True, False]))))
out["regex_full_match"] = v(run(tf.strings.regex_full_match(["abc", "ab", ""], "a.c|")))
out["reduce_join_sep_axis0"] = sv(run(tf.strings.reduce_join([["a", "b"], ["c", "d"]], 0,
                                                             separator=",")))
out["unsorted_join"] = sv(run(tf.strings.unsorted_segment_join(["a", "b", "c", "d"],
                                                                [1, 0, 1, 1], 3, separator="+")))
with tf.Graph().as_default():  # TF's later runs of this graph would fail on it too
    out["unsorted_join_negative"] = raises(lambda: run(tf.strings.unsorted_segment_join(
        ["a", "b"], [0, -1], 2)))
out["format"] = sv(run(tf.strings.format("x={} y={}", [tf.constant([1.5, 2.0]),
                                                      tf.constant("s")])))
""",
}

CHECKED = {
    # ---------------------------- gradient_checker: theoretical Jacobians of the families
    "jacobians_of_the_families": """
x = tf.constant([[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]])
xi = [[1.0, 5.0, 2.0], [4.0, 3.0, 6.0]]
out["gather_nd"] = jac(x, tf.gather_nd(x, [[1, 0], [0, 2], [1, 0]]), xi)
out["scatter_nd_add"] = jac(x, tf.tensor_scatter_nd_add(x, [[0, 1], [0, 1]], [1.0, 2.0]), xi)
out["unsorted_prod"] = jac(x, tf.unsorted_segment_prod(x, [1, 0], 2), xi)
out["segment_max_rows"] = jac(x, tf.reshape(tf.segment_max(x, [0, 0]), [1, 3]), xi)
out["cumsum_ex_rev"] = jac(x, tf.cumsum(x, 1, exclusive=True, reverse=True), xi)
out["cumprod_ex"] = jac(x, tf.cumprod(x, 0, exclusive=True), xi)
out["symmetric_pad"] = jac(x, tf.pad(x, [[1, 1], [0, 3]], "SYMMETRIC"), xi)
out["band_part"] = jac(x, tf.matrix_band_part(x, 0, 1), xi)
out["top_k"] = jac(x, tf.nn.top_k(x, 2).values, xi)
out["sort_desc"] = jac(x, tf.sort(x, direction="DESCENDING"), xi)
out["reduce_max_axis0"] = jac(x, tf.reduce_max(x, 0), xi)
out["reduce_prod_axis1"] = jac(x, tf.reduce_prod(x, 1), xi)
out["logsumexp"] = jac(x, tf.reduce_logsumexp(x, 1), xi)
out["batch_matmul_bcast"] = jac(x, tf.matmul(tf.reshape(x, [1, 2, 3]),
                                             tf.ones([4, 3, 2]) * [[1.0, 2.0]]), xi)
out["gather_bd"] = jac(x, tf.gather(x, [[2, 2], [0, 1]], axis=1, batch_dims=1), xi)
out["l2_normalize"] = jac(x, tf.nn.l2_normalize(x, 1), xi)
out["rfft2d_real"] = jac(x, tf.real(tf.signal.rfft2d(x)), xi)
out["irfft"] = jac(x, tf.signal.irfft(tf.complex(x, x * 0.5)), xi)
s = tf.constant([[2.0, 1.0], [1.0, 3.0]], tf.float64)
si = [[2.0, 1.0], [1.0, 3.0]]
out["inverse"] = jac(s, tf.matrix_inverse(s), si)
out["det"] = jac(s, tf.matrix_determinant(s), si)
out["expm"] = jac(s, tf.linalg.expm(s * 0.5), si)
out["cholesky_sym"] = jac(s, tf.cholesky((s + tf.transpose(s)) / 2.0), si)
out["qr_q"] = jac(s, tf.abs(tf.qr(s)[0]), si)
out["svd_s"] = jac(s, tf.svd(s, compute_uv=False), si)
""",
    # ------------------------------------------- int scans and segment sums that wrap
    "integer_wraps_and_dtypes": """
out["cumsum_int8"] = v(run(tf.cumsum(tf.constant([100, 100, -100, -100], tf.int8))))
out["cumprod_int32"] = v(run(tf.cumprod(tf.constant([65536, 65536, 3], tf.int32))))
out["cumsum_uint8_rev"] = v(run(tf.cumsum(tf.constant([200, 100, 1], tf.uint8), reverse=True)))
out["segment_sum_int8"] = v(run(tf.segment_sum(tf.constant([100, 100, 7], tf.int8), [0, 0, 1])))
out["unsorted_prod_int16"] = v(run(tf.unsorted_segment_prod(tf.constant([300, 300], tf.int16),
                                                             [0, 0], 1)))
out["unsorted_max_uint8"] = v(run(tf.unsorted_segment_max(tf.constant([3, 250], tf.uint8),
                                                          [1, 1], 3)))
out["top_k_int64_big"] = v(run(list(tf.nn.top_k(tf.constant([2 ** 62, -2 ** 62, 2 ** 62 + 1],
                                                            tf.int64), 2))))
out["top_k_f16_nan"] = v(run(list(tf.nn.top_k(tf.constant([1.0, np.nan, 2.0], tf.float16), 2))))
out["sort_f64_desc"] = v(run(tf.sort(tf.constant([1.0, -np.inf, np.nan, 1.0, 0.0], tf.float64),
                                     direction="DESCENDING")))
out["argsort_int64"] = v(run(tf.argsort(tf.constant([5, 5, -1, 2 ** 40], tf.int64))))
out["in_top_k_f64"] = raises(lambda: tf.nn.in_top_k(tf.constant([[1.0, 2.0]], tf.float64), [1], 1))
out["left_shift_int64"] = v(run(tf.bitwise.left_shift(tf.constant([1, 3], tf.int64),
                                                      tf.constant([63, 62], tf.int64))))
out["right_shift_uint64"] = v(run(tf.bitwise.right_shift(tf.constant([2 ** 63], tf.uint64),
                                                         tf.constant([63], tf.uint64))))
out["invert_uint64"] = v(run(tf.bitwise.invert(tf.constant([0], tf.uint64))))
out["and_uint32"] = v(run(tf.bitwise.bitwise_and(tf.constant([2 ** 32 - 1], tf.uint32),
                                                 tf.constant([12345], tf.uint32))))
out["gather_uint16"] = v(run(tf.gather(tf.constant([1, 65535], tf.uint16), [1, 1, 0])))
out["scatter_nd_complex"] = cv(run(tf.scatter_nd([[1], [1]], tf.constant([1j, 2.0], tf.complex64),
                                                  [3])))
out["scatter_nd_bool"] = raises(lambda: run(tf.scatter_nd([[0]], [True], [2])))
out["tensor_scatter_int8"] = v(run(tf.tensor_scatter_nd_add(tf.constant([120, 0], tf.int8),
                                                            [[0]], tf.constant([10], tf.int8))))
out["pad_complex_reflect"] = cv(run(tf.pad(tf.constant([1j, 2.0, 3.0]), [[2, 1]], "REFLECT")))
out["pad_scalar"] = v(run(tf.pad(tf.constant(5.0), tf.zeros([0, 2], tf.int32))))
out["pad_int64_paddings"] = v(run(tf.pad(tf.constant([1, 2]), tf.constant([[1, 2]], tf.int64),
                                         "SYMMETRIC")))
""",
    # ------------------------------------------- linalg broadcasting and batch shapes
    "linalg_batch_shapes": """
a = tf.constant(np.eye(3) * 2.0 + np.triu(np.ones((3, 3))), tf.float64)
a2 = tf.stack([a, a * 2.0])[:, None]
b = tf.ones([4, 3, 1], tf.float64)
ts = tf.matrix_triangular_solve(a2, b, lower=False)
out["triangular_bcast_shape"] = shape(ts)
out["triangular_bcast"] = np.round(run(ts), 10).tolist()
out["solve_bcast"] = raises(lambda: run(tf.matrix_solve(a2, b)))
out["cholesky_solve_bcast"] = built(lambda: np.round(run(tf.linalg.cholesky_solve(
    tf.cholesky(tf.stack([a @ tf.transpose(a)] * 2)), tf.ones([2, 3, 2], tf.float64))),
    10).tolist())
out["lstsq_batch"] = np.round(run(tf.linalg.lstsq(tf.stack([a, a]), tf.ones([2, 3, 1],
                                                                              tf.float64))),
                              10).tolist()
out["lstsq_bad_batch"] = raises(lambda: tf.linalg.lstsq(tf.stack([a, a]), tf.ones([3, 3, 1],
                                                                                     tf.float64)))
out["det_batch_shape"] = shape(tf.matrix_determinant(tf.zeros([2, 5, 4, 4])))
out["inv_rank2_batch"] = v(run(tf.matrix_inverse(tf.constant([[[2.0]], [[4.0]]]))))
out["matvec"] = v(run(tf.linalg.matvec(tf.reshape(tf.range(6.0), [2, 3]), [1.0, 0.0, -1.0])))
out["matvec_adjoint"] = v(run(tf.linalg.matvec(tf.reshape(tf.range(6.0), [2, 3]), [1.0, 2.0],
                                               adjoint_a=True)))
out["adjoint_complex"] = cv(run(tf.linalg.adjoint(tf.constant([[1 + 2j, 3j]]))))
out["einsum_batch_bcast"] = v(run(tf.einsum("...ij,...jk->...ik", tf.ones([2, 1, 2, 3]),
                                            tf.ones([4, 3, 1]))))
out["tensordot_axes0"] = v(run(tf.tensordot([1.0, 2.0], [3.0, 4.0, 5.0], axes=0)))
out["tensordot_pairs"] = v(run(tf.tensordot(tf.reshape(tf.range(6.0), [2, 3]),
                                            tf.reshape(tf.range(6.0), [3, 2]), [[0, 1], [1, 0]])))
""",
}

PROGRAMS = {
    **SEGMENTS, **SCATTER, **GATHER, **LINALG, **SIGNAL, **STRINGS, **SCANS_SORTS, **SPECIAL,
    **BITS_MATMUL, **REDUCE_PAD, **HALF_AND_SPARSE, **LINALG_MORE, **MORE_SPECIAL_STRINGS,
    **CHECKED,
}  # fmt: skip

if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX8, collections=collections)
