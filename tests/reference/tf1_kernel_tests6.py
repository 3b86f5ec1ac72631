"""A sixth round of TensorFlow's own kernel tests as TF1 programs, recorded (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_kernel_tests6.py \
        > tests/unit/engine/fixtures/tf1_kernel_tests6.json

The five earlier rounds (tf1_kernel_tests.py to 5; their docstrings list them) took about
a hundred and ten kernel-test files. This round takes the files of ops graphgate has that
none of them cited: math_ops/ (bucketize_op_test, cross_grad_test, division_past_test and
division_future_test, truncate_div_complex_test, approx_topk_test's non-XLA path),
nn_ops/ (nth_element_op_test, conv1d_test, conv2d_backprop_filter_grad_test,
conv3d_backprop_filter_v2_grad_test, pool_test, fractional_avg_pool_op_test's gradient
kernel), linalg/ (matrix_solve_op_test, matrix_solve_ls_op_test,
matrix_square_root_op_test, linalg_ops_test, normalize_op_test,
tridiagonal_matmul_op_test, linalg_grad_test), array_ops/ (bcast_ops_test,
identity_n_op_py_test, spacetodepth_op_test, large_mirror_pad_op_test, constant_op_test),
strings_ops/ (base64_ops_test, string_join_op_test, string_length_op_test,
string_to_hash_bucket_op_test, regex_full_match_op_test, unicode_script_op_test,
string_strip_op_test, string_to_number_op_test), signal/ (dct_ops_test, window_ops_test,
mel_ops_test, mfcc_ops_test, shape_ops_test, reconstruction_ops_test, spectral_ops_test),
random/ (candidate_sampler_ops_test, random_gamma_test, random_poisson_test,
random_crop_test), sparse_ops/ (sparse_cross_op_test, sparse_serialization_ops_test,
sparse_concat_op_test) and image_ops/ (decode_raw_op_test, draw_bounding_box_op_test,
extract_image_patches_grad_test, extract_volume_patches_grad_test).

The programs run after tf1_kernel_tests2.PREFIX (`run`, `v`, `fails`, `shape`, `cv`,
`built`) and store what they observed in `out[...]`; `tests/unit/engine/
test_tf1_kernel_tests6.py` runs the same text against graphgate.
"""

from __future__ import annotations

import collections

try:
    from tests.reference import harness
    from tests.reference.tf1_kernel_tests2 import PREFIX
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    from tf1_kernel_tests2 import PREFIX

MATH = {
    # ------------------------------------------------------------------ bucketize_op_test
    "bucketize_cases": """
B = tf.raw_ops.Bucketize
out["int"] = v(run(B(input=tf.constant([-5, 0, 2, 3, 5, 8, 10, 11, 12]), boundaries=[0, 3, 8, 11])))
out["float"] = v(run(B(input=tf.constant([-5.0, 0.0, 2.0, 3.0, 5.0, 8.0, 10.0, 11.0, 12.0]),
                       boundaries=[0.0, 3.0, 8.0, 11.0])))
out["two_d"] = v(run(B(input=tf.constant([[-5, 0, 2, 3, 5], [8, 10, 11, 12, 0]]),
                       boundaries=[0, 3, 8, 11])))
out["empty"] = v(run(B(input=tf.zeros([0, 3]), boundaries=[])))
out["no_boundaries"] = v(run(B(input=tf.constant([-1.0, 7.0]), boundaries=[])))
out["f64"] = v(run(B(input=tf.constant([0.5, 1.5, 2.5], tf.float64), boundaries=[1.0, 2.0])))
out["int64"] = v(run(B(input=tf.constant([2**40, -3], tf.int64), boundaries=[0.0, 1e12])))
out["nan_inf"] = v(run(B(input=tf.constant([np.nan, np.inf, -np.inf, 1.0]), boundaries=[0.0, 2.0])))
out["duplicate_boundaries"] = v(run(B(input=tf.constant([0.0, 1.0, 2.0]), boundaries=[1.0, 1.0])))
out["shape"] = shape(B(input=tf.placeholder(tf.float32, [None, 4]), boundaries=[1.0]))
out["unsorted"] = raises(lambda: run(B(input=tf.constant([-5, 0]), boundaries=[0, 8, 3, 11])))
out["not_list"] = raises(lambda: B(input=tf.constant([-5, 0]), boundaries=0))
""",
    # ------------------------------------------------------------------ cross_grad_test
    "cross_cases": """
u = tf.constant([[1.0, 2.0, 3.0], [-1.0, 0.5, 4.0]])
w = tf.constant([[0.5, -2.0, 1.0], [3.0, 1.0, -1.0]])
c = tf.linalg.cross(u, w)
out["value"] = v(run(c))
gu, gw = tf.gradients(tf.reduce_sum(c * [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), [u, w])
out["grads"] = [run(gu).tolist(), run(gw).tolist()]
out["int"] = v(run(tf.linalg.cross(tf.constant([1, 0, 0]), tf.constant([0, 1, 0]))))
ones = tf.ones([2, 2, 3], tf.float64)
out["f64_batch"] = v(run(tf.linalg.cross(ones, tf.constant([1.0, 2.0, 3.0], tf.float64) * ones)))
out["not_3"] = raises(lambda: tf.linalg.cross(tf.ones([4]), tf.ones([4])))
out["shapes_differ"] = raises(lambda: tf.linalg.cross(tf.ones([2, 3]), tf.ones([3])))
out["empty"] = v(run(tf.linalg.cross(tf.zeros([0, 3]), tf.zeros([0, 3]))))
""",
    # --------------------------------------------- division_past_test, division_future_test
    "division_operators": """
ai = tf.constant([7, -7, 5], tf.int32)
bi = tf.constant([2, 2, -3], tf.int32)
out["int32_truediv"] = v(run(ai / bi))
out["int32_floordiv"] = v(run(ai // bi))
out["int32_mod"] = v(run(ai % bi))
out["int16_truediv"] = v(run(tf.cast(ai, tf.int16) / tf.cast(bi, tf.int16)))
out["int64_truediv"] = v(run(tf.cast(ai, tf.int64) / tf.cast(bi, tf.int64)))
out["uint8_truediv"] = v(run(tf.constant([7, 9], tf.uint8) / tf.constant([2, 4], tf.uint8)))
out["int8_truediv"] = v(run(tf.constant([7, -9], tf.int8) / tf.constant([2, 4], tf.int8)))
out["v1_div_int"] = v(run(tf.div(ai, bi)))
out["v1_div_float"] = v(run(tf.div(tf.constant([7.0, -7.0]), tf.constant([2.0, 2.0]))))
out["truediv"] = v(run(tf.truediv(ai, bi)))
out["divide"] = v(run(tf.divide(ai, bi)))
out["floordiv_float"] = v(run(tf.constant([7.0, -7.0, 7.5]) // tf.constant([2.0, 2.0, -2.0])))
out["python_left"] = v(run(7 / bi))
out["python_right_floor"] = v(run(ai // 2))
out["rfloordiv"] = v(run(-7 // bi))
out["int_by_zero"] = raises(lambda: run(ai // tf.constant([0, 1, 1])))
out["int_truediv_zero"] = v(run(ai / tf.constant([0, 1, 1])))
out["float_dtype_mismatch"] = raises(lambda: tf.constant([1.0]) / tf.constant([1], tf.int32))
out["truediv_float_types"] = raises(lambda: tf.truediv(tf.constant([1.0]), tf.constant([1.0],
                                                                                       tf.float64)))
""",
    # ------------------------------------------------------------ truncate_div_complex_test
    "truncatediv_complex": """
x = tf.constant([1 + 2j, -3.7 + 4.1j], tf.complex128)
y = tf.constant([1 + 1j, 2 - 2j], tf.complex128)
out["trunc_float"] = v(run(tf.truncatediv(tf.constant([7.5, -7.5]), tf.constant([2.0, 2.0]))))
out["truncatemod_float"] = v(run(tf.truncatemod(tf.constant([7.5, -7.5]), tf.constant([2.0, 2.0]))))
def alone(f):
    with tf.Graph().as_default():
        return f()
out["c128"] = alone(lambda: raises(lambda: run(tf.truncatediv(tf.constant([1 + 2j], tf.complex128),
                                                                tf.constant([1 + 1j],
                                                                            tf.complex128)))))
""",
    # ---------------------------------------------------------------- approx_topk_test
    "approx_topk_nonjit": """
rng = np.random.RandomState(42)
db = np.stack([rng.permutation(np.arange(20, dtype=np.float32)) for _ in range(3)])
vals, idx = tf.math.approx_max_k(tf.constant(db), 4)
out["max_vals"] = v(run(vals))
out["max_idx_sorted"] = np.sort(run(idx), axis=1).tolist()
x = tf.constant(db)
g = tf.gradients(tf.reduce_sum(tf.math.approx_max_k(x, 2)[0] * [[1.0, 2.0]]), x)[0]
out["grad"] = run(tf.convert_to_tensor(g)).tolist()
out["k_too_big"] = raises(lambda: run(tf.math.approx_max_k(tf.constant(db), 25)))
out["int_input"] = raises(lambda: run(tf.math.approx_max_k(tf.constant([[1, 2, 3]]), 1)))
out["f64"] = raises(lambda: tf.math.approx_max_k(tf.constant(db, tf.float64), 1))
# TF's CPU kernel takes the last dimension's max of float and double only; a node it has no
# kernel for fails every later run of TF's session, so each goes in a graph of its own.
def alone(f):
    with tf.Graph().as_default():
        return f()
out["min_k"] = alone(lambda: raises(lambda: run(tf.math.approx_min_k(tf.constant(db), 3)[0])))
out["dim1"] = alone(
    lambda: raises(lambda: run(tf.math.approx_max_k(tf.constant(db), 2, reduction_dimension=0)[0])))
def dim1_shapes():
    v3, i3 = tf.math.approx_max_k(tf.zeros([2, 6, 3]), 2, reduction_dimension=1)
    return [shape(v3), shape(i3)]
out["dim1_shapes"] = alone(dim1_shapes)
out["f16"] = alone(lambda: raises(lambda: run(tf.math.approx_max_k(tf.constant(db, tf.float16),
                                                                   2)[0])))
""",
}

NN = {
    # ------------------------------------------------------------------ nth_element_op_test
    "nth_element_cases": """
N = tf.raw_ops.NthElement
inp = [2.2, 4.4, 1.1, 5.5, 3.3]
out["ex1"] = v(run([N(input=tf.constant(inp), n=1), N(input=tf.constant(inp), n=1, reverse=True)]))
m = tf.constant([[2.2, 4.4, 1.1], [5.5, 3.3, 6.6]], tf.float64)
out["ex2"] = v(run([N(input=m, n=2), N(input=m, n=2, reverse=True)]))
i3 = [[[2, 4, 1], [5, -3, 6]], [[7, 9, -8], [9, 0, 4]]]
out["ex3"] = v(run([N(input=tf.constant(i3), n=0),
                    N(input=tf.constant(i3, tf.int64), n=0, reverse=True)]))
out["ties"] = v(run(N(input=tf.constant([[3.0, 3.0, 1.0, 3.0]]), n=2)))
out["rank0"] = raises(lambda: N(input=tf.constant(5), n=0))
out["n_negative"] = raises(lambda: N(input=tf.constant([5]), n=-1))
out["n_vector"] = raises(lambda: N(input=tf.constant([5, 6, 3]), n=[1]))
out["n_too_large"] = raises(lambda: N(input=tf.constant([[0.1, 0.2], [0.3, 0.4]]), n=2))
p = tf.placeholder(tf.int32)
out["fed_rank0"] = raises(lambda: run(N(input=p, n=0), {p: 5}))
q = tf.placeholder(tf.int32)
out["fed_n_negative"] = fails(N(input=tf.constant([5]), n=q), {q: -1})
out["fed_n_too_large"] = fails(N(input=tf.constant([[0.1, 0.2], [0.3, 0.4]]), n=q), {q: 2})
x = tf.placeholder(tf.float32, [3, 5])
g = tf.gradients(N(input=x, n=3), x, grad_ys=[[-1.0, 2.0, 5.0]])[0]
out["grad_ties"] = run(g, {x: [[2.0, -1.0, 1000.0, 3.0, 1000.0], [1.0, 5.0, 2.0, 4.0, 3.0],
                               [2.0, 2.0, 2.0, 2.0, 2.0]]}).tolist()
out["shape"] = shape(N(input=tf.placeholder(tf.float32, [None, 4, 7]), n=3))
""",
    # ------------------------------------------------------------------------ conv1d_test
    "conv1d_cases": """
x = tf.constant(np.arange(1, 9, dtype=np.float32).reshape(2, 4, 1))
f = tf.constant([[[2.0]], [[1.0]]])
for dt in (tf.float16, tf.float32, tf.float64):
    out["stride2_" + dt.name] = v(run(tf.nn.conv1d(tf.cast(x, dt), tf.cast(f, dt), 2, "VALID")))
out["same"] = v(run(tf.nn.conv1d(x, f, 1, "SAME")))
out["stride_list"] = v(run(tf.nn.conv1d(x, f, [1, 2, 1], "VALID")))
x2 = tf.constant(np.arange(24.0, dtype=np.float32).reshape(1, 8, 3))
f2 = tf.constant(np.linspace(-1, 1, 18, dtype=np.float32).reshape(2, 3, 3))
out["dilated"] = v(run(tf.nn.conv1d(x2, f2, 1, "SAME", dilations=2)))
out["channels_mismatch"] = raises(lambda: tf.nn.conv1d(x2, tf.ones([2, 2, 1]), 1, "VALID"))
gx, gf = tf.gradients(tf.reduce_sum(tf.nn.conv1d(x2, f2, 2, "SAME") ** 2), [x2, f2])
out["grads"] = [run(gx).tolist(), run(gf).tolist()]
out["shape"] = shape(tf.nn.conv1d(tf.placeholder(tf.float32, [None, 9, 3]), f2, 2, "VALID"))
out["empty_batch"] = v(run(tf.nn.conv1d(tf.zeros([0, 4, 1]), f, 1, "VALID")))
""",
    # ----------------------------------------------------- conv2d_backprop_filter_grad_test
    "conv2d_backprop_filter_grad": """
rng = np.random.RandomState(1)
def case(in_shape, f_shape, strides, padding):
    x = tf.constant(rng.uniform(-1, 1, in_shape).astype(np.float32))
    y = tf.nn.conv2d(x, tf.zeros(f_shape), strides, padding)
    dy = tf.constant(rng.uniform(-1, 1, y.shape.as_list()).astype(np.float32))
    fb = tf.compat.v1.nn.conv2d_backprop_filter(x, f_shape, dy, strides, padding)
    w = tf.constant(rng.uniform(-1, 1, f_shape).astype(np.float32))
    g = tf.gradients(tf.reduce_sum(fb * w), [x, dy])
    return [run(fb).tolist(), run(g[0]).tolist(), run(g[1]).tolist()]
out["valid_s1"] = case([1, 4, 4, 2], [2, 2, 2, 3], [1, 1, 1, 1], "VALID")
out["same_s2"] = case([2, 5, 5, 1], [3, 3, 1, 2], [1, 2, 2, 1], "SAME")
""",
    "conv3d_backprop_filter_grad": """
rng = np.random.RandomState(2)
x = tf.constant(rng.uniform(-1, 1, [1, 4, 4, 3, 2]).astype(np.float32))
f_shape = [2, 2, 2, 2, 3]
dy = tf.constant(rng.uniform(-1, 1, [1, 2, 2, 2, 3]).astype(np.float32))
fb = tf.nn.conv3d_backprop_filter_v2(x, f_shape, dy, [1, 2, 2, 1, 1], "VALID")
w = tf.constant(rng.uniform(-1, 1, f_shape).astype(np.float32))
gx, gdy = tf.gradients(tf.reduce_sum(fb * w), [x, dy])
out["value"] = run(fb).tolist()
out["grads"] = [run(gx).tolist(), run(gdy).tolist()]
out["bad_sizes"] = raises(lambda: run(tf.nn.conv3d_backprop_filter_v2(
    x, [2, 2, 2, 5, 3], dy, [1, 2, 2, 1, 1], "VALID")))
""",
    # --------------------------------------------------------------------------- pool_test
    "nn_pool_cases": """
x = tf.constant(np.arange(1.0, 50.0, dtype=np.float32).reshape(1, 7, 7, 1))
for pt in ("MAX", "AVG"):
    for pad in ("SAME", "VALID"):
        dilated = lambda: tf.nn.pool(x, [2, 2], pt, pad, dilation_rate=[2, 2])
        out["dil2_" + pt + pad] = raises(dilated) or v(run(dilated()))
        out["str2_" + pt + pad] = v(run(tf.nn.pool(x, [3, 3], pt, pad, strides=[2, 2])))
x1 = tf.constant(np.array([[[1.0], [5.0], [2.0], [8.0], [3.0], [4.0]]], np.float32))
out["one_d"] = v(run(tf.nn.pool(x1, [2], "MAX", "VALID", dilation_rate=[2])))
x3 = tf.constant(np.arange(64.0, dtype=np.float32).reshape(1, 4, 4, 4, 1))
out["three_d"] = v(run(tf.nn.pool(x3, [2, 2, 2], "AVG", "VALID", dilation_rate=[1, 2, 1])))
out["dil_and_stride"] = raises(lambda: tf.nn.pool(x, [2, 2], "MAX", "SAME", dilation_rate=[2, 2],
                                                  strides=[2, 2]))
out["bad_type"] = raises(lambda: tf.nn.pool(x, [2, 2], "MIN", "SAME"))
out["bad_window_rank"] = raises(lambda: tf.nn.pool(x, [2], "MAX", "SAME"))
g = tf.gradients(tf.reduce_sum(tf.nn.pool(x, [2, 2], "MAX", "VALID", dilation_rate=[2, 2]) ** 2),
                 x)[0]
out["grad_max_dil"] = run(g).tolist()
ga = tf.gradients(tf.reduce_sum(tf.nn.pool(x, [3, 3], "AVG", "VALID", dilation_rate=[2, 1])), x)[0]
out["grad_avg_dil"] = run(ga).tolist()
out["shape"] = shape(tf.nn.pool(tf.placeholder(tf.float32, [None, 9, 9, 2]), [3, 3], "MAX", "VALID",
                                dilation_rate=[2, 2]))
""",
    # ---------------------------------------------------------- fractional_avg_pool_op_test
    "fractional_avg_pool_cases": """
x = tf.constant(np.arange(36.0, dtype=np.float32).reshape(1, 6, 6, 1))
for overlapping in (False, True):
    for pseudo in (False, True):
        key = ("overlap" if overlapping else "disjoint") + ("_pseudo" if pseudo else "_random")
        y, r, c = tf.nn.fractional_avg_pool(x, [1.0, 1.5, 1.5, 1.0], pseudo_random=pseudo,
                                             overlapping=overlapping, deterministic=True, seed=1,
                                             seed2=2)
        w = tf.constant(np.arange(1.0, 17.0, dtype=np.float32).reshape(1, 4, 4, 1))
        g = tf.gradients(tf.reduce_sum(y * w), x)[0]
        out[key] = v(run([y, r, c, g]))
y, r, c = tf.nn.fractional_avg_pool(x, [1.0, 2.0, 1.44, 1.0], deterministic=True, seed=3, seed2=4)
out["shapes"] = [shape(y), shape(r), shape(c)]
out["uneven"] = v(run([y, r, c]))
out["f64"] = v(run(tf.nn.fractional_avg_pool(tf.cast(x, tf.float64), [1.0, 1.5, 1.5, 1.0],
                                             deterministic=True,
                                             seed=5, seed2=6)[0]))
out["int"] = v(run(tf.nn.fractional_avg_pool(tf.cast(x, tf.int32), [1.0, 2.0, 2.0, 1.0],
                                             deterministic=True,
                                             seed=5, seed2=6)[0]))
out["bad_ratio"] = raises(lambda: run(tf.nn.fractional_avg_pool(x, [1.0, 0.5, 1.5, 1.0])[0]))
out["batch_ratio"] = raises(lambda: run(tf.nn.fractional_avg_pool(x, [2.0, 1.5, 1.5, 1.0])[0]))
out["rank3"] = raises(lambda: tf.nn.fractional_avg_pool(tf.ones([6, 6, 1]), [1.0, 1.5, 1.5]))
""",
}

LINALG = {
    # --------------------------------------------------------------- matrix_solve_op_test
    "matrix_solve_cases": """
a = np.array([[3.0, 1.0], [1.0, 2.0]], np.float32)
b = np.array([[9.0, 1.0], [8.0, 0.0]], np.float32)
out["basic"] = v(run(tf.linalg.solve(a, b)))
out["adjoint"] = v(run(tf.linalg.solve(a + np.triu(a, 1), b, adjoint=True)))
out["f64_batch"] = v(run(tf.linalg.solve(np.stack([a, 2 * a]).astype(np.float64),
                                         np.stack([b, b]).astype(np.float64))))
ca = tf.constant([[1 + 1j, 2], [0, 1 - 1j]], tf.complex64)
out["complex"] = cv(run(tf.linalg.solve(ca, tf.constant([[1 + 0j], [1j]], tf.complex64))))
out["complex_adjoint"] = cv(run(tf.linalg.solve(ca, tf.constant([[1 + 0j], [1j]], tf.complex64),
                                                adjoint=True)))
out["singular"] = raises(lambda: run(tf.linalg.solve([[1.0, 2.0], [2.0, 4.0]], [[1.0], [1.0]])))
out["non_square"] = raises(lambda: tf.linalg.solve(tf.ones([2, 3]), tf.ones([2, 1])))
out["rows_mismatch"] = raises(lambda: tf.linalg.solve(tf.ones([2, 2]), tf.ones([3, 1])))
out["batch_mismatch"] = raises(lambda: tf.linalg.solve(tf.ones([2, 2, 2]), tf.ones([3, 2, 1])))
out["empty_rhs"] = v(run(tf.linalg.solve(a, tf.zeros([2, 0]))))
out["empty_matrix"] = v(run(tf.linalg.solve(tf.zeros([0, 0]), tf.zeros([0, 3]))))
out["empty_batch"] = v(run(tf.linalg.solve(tf.zeros([0, 2, 2]), tf.zeros([0, 2, 1]))))
out["int"] = raises(lambda: tf.linalg.solve(tf.constant([[1]]), tf.constant([[1]])))
A = tf.constant(a)
Bt = tf.constant(b)
loss = tf.reduce_sum(tf.linalg.solve(A, Bt, adjoint=True) * [[1.0, 2.0], [3.0, 4.0]])
ga, gb = tf.gradients(loss, [A, Bt])
out["grads_adjoint"] = [run(ga).tolist(), run(gb).tolist()]
ph = tf.placeholder(tf.float32, [None, 3, 3])
out["shape"] = shape(tf.linalg.solve(ph, tf.placeholder(tf.float32, [None, 3, 5])))
""",
    # ------------------------------------------------------------ matrix_solve_ls_op_test
    "matrix_solve_ls_cases": """
over = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]], np.float32)
rhs = np.array([[1.0, 0.0], [2.0, 1.0], [0.0, 3.0]], np.float32)
under = over.T.copy()
rhs_u = np.array([[1.0], [2.0]], np.float32)
for fast in (True, False):
    sfx = "_fast" if fast else "_slow"
    out["over" + sfx] = v(run(tf.linalg.lstsq(over, rhs, fast=fast)))
    out["over_reg" + sfx] = v(run(tf.linalg.lstsq(over, rhs, l2_regularizer=0.5, fast=fast)))
    out["under" + sfx] = v(run(tf.linalg.lstsq(under, rhs_u, fast=fast)))
out["under_reg_fast"] = v(run(tf.linalg.lstsq(under, rhs_u, l2_regularizer=0.25)))
out["f64_batch"] = v(run(tf.linalg.lstsq(np.stack([over, 2 * over]).astype(np.float64),
                                         np.stack([rhs, rhs]).astype(np.float64))))
out["empty_rhs"] = v(run(tf.linalg.lstsq(over, tf.zeros([3, 0]))))
out["empty_rows"] = built(lambda: v(run(tf.linalg.lstsq(tf.zeros([0, 2]), tf.zeros([0, 1])))))
out["rows_mismatch"] = raises(lambda: tf.linalg.lstsq(tf.ones([3, 2]), tf.ones([2, 1])))
out["slow_complex"] = raises(lambda: run(tf.linalg.lstsq(tf.ones([3, 2], tf.complex64),
                                                         tf.ones([3, 1],
                                                                 tf.complex64), fast=False)))
A = tf.constant(over)
R = tf.constant(rhs)
ga, gr = tf.gradients(tf.reduce_sum(tf.linalg.lstsq(A, R, l2_regularizer=0.1) ** 2), [A, R])
out["grads_over"] = [run(ga).tolist(), run(gr).tolist()]
U = tf.constant(under)
gu = tf.gradients(tf.reduce_sum(tf.linalg.lstsq(U, rhs_u)), U)[0]
out["grad_under"] = run(gu).tolist()
out["shape"] = shape(tf.linalg.lstsq(tf.placeholder(tf.float32, [None, 5, 3]),
                                     tf.placeholder(tf.float32, [None, 5, 2])))
""",
    # --------------------------------------------------------- matrix_square_root_op_test
    "matrix_square_root_cases": """
sym = np.array([[4.0, 1.0], [1.0, 3.0]], np.float32)
out["sym"] = v(run(tf.linalg.sqrtm(sym)))
ns = np.array([[1.0, 2.0, 0.5], [0.0, 4.0, 1.0], [0.2, 0.0, 9.0]], np.float64)
s = tf.linalg.sqrtm(ns)
out["nonsym_square_back"] = v(run(tf.matmul(s, s)))
out["one_by_one"] = v(run(tf.linalg.sqrtm([[9.0]])))
out["batch"] = v(run(tf.linalg.sqrtm(np.stack([sym, 4 * sym]))))
out["complex"] = cv(run(tf.linalg.sqrtm(tf.constant([[-4 + 0j, 0], [0, 1j]], tf.complex64))))
out["empty"] = v(run(tf.linalg.sqrtm(tf.zeros([0, 0]))))
out["empty_batch"] = v(run(tf.linalg.sqrtm(tf.zeros([2, 0, 0]))))
out["non_square"] = raises(lambda: tf.linalg.sqrtm(tf.ones([2, 3])))
out["vector"] = raises(lambda: tf.linalg.sqrtm(tf.ones([3])))
out["int"] = raises(lambda: tf.linalg.sqrtm(tf.constant([[4]])))
out["identity"] = v(run(tf.linalg.sqrtm(tf.eye(3))))
out["zero"] = v(run(tf.linalg.sqrtm(tf.zeros([2, 2]))))
""",
    # ------------------------------------------------------------------- linalg_ops_test
    "linalg_ops_misc": """
out["eye_batch"] = v(run(tf.eye(2, batch_shape=[2])))
out["eye_cols"] = v(run(tf.eye(2, num_columns=3, dtype=tf.int32)))
out["eye_zero"] = v(run(tf.eye(0, num_columns=2)))
out["eye_bool"] = v(run(tf.eye(2, dtype=tf.bool)))
out["eye_fed"] = v(run(tf.eye(tf.constant(2), num_columns=tf.constant(1))))
out["eye_shape"] = shape(tf.eye(3, batch_shape=[2, 1], num_columns=4))
out["eye_negative"] = raises(lambda: run(tf.eye(-1)))
m = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
out["adjoint"] = cv(run(tf.linalg.adjoint(tf.constant([[1 + 2j, 3], [4j, 5]], tf.complex64))))
out["adjoint_real"] = v(run(tf.linalg.adjoint(m)))
out["logdet"] = v(run(tf.linalg.logdet(np.array([[4.0, 2.0], [2.0, 3.0]], np.float64))))
out["logdet_complex"] = cv(run(tf.linalg.logdet(tf.constant([[2 + 0j, 1j], [-1j, 2]],
                                                            tf.complex128))))
out["matrix_rank"] = v(run(tf.linalg.matrix_rank(np.array([[1.0, 2.0], [2.0, 4.0]], np.float32))))
out["matrix_rank_batch"] = v(run(tf.linalg.matrix_rank(np.stack([np.eye(3), np.zeros([3, 3])]))))
out["matrix_rank_tol"] = v(run(tf.linalg.matrix_rank(np.diag([1.0, 1e-3, 1e-8]), tol=1e-2)))
out["pinv_rank1"] = v(run(tf.linalg.pinv(np.array([[1.0, 2.0], [2.0, 4.0]], np.float64))))
out["pinv_rcond"] = v(run(tf.linalg.pinv(np.diag([1.0, 1e-3]).astype(np.float32), rcond=1e-2)))
out["pinv_wide"] = v(run(tf.linalg.pinv(np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]], np.float64))))
out["lu_reconstruct"] = v(run(tf.linalg.lu_reconstruct(*tf.linalg.lu(np.array(
    [[0.0, 2.0, 1.0], [3.0, 1.0, 0.0], [1.0, 1.0, 4.0]], np.float64)))))
out["lu_solve"] = v(run(tf.linalg.lu_solve(*tf.linalg.lu(np.array([[0.0, 2.0], [3.0, 1.0]],
                                                                  np.float64)),
                                            rhs=np.array([[1.0], [2.0]]))))
out["lu_matrix_inverse"] = v(run(tf.linalg.lu_matrix_inverse(*tf.linalg.lu(
    np.array([[0.0, 2.0], [3.0, 1.0]], np.float64)))))
""",
    # ------------------------------------------------------------------- normalize_op_test
    "normalize_cases": """
x = np.array([[3.0, 4.0], [0.0, 0.0], [-1.0, 1.0]], np.float32)
for ordn in ("euclidean", 1, 2, np.inf, 3):
    key = str(ordn)
    n, nm = tf.linalg.normalize(x, ord=ordn, axis=1)
    out["rows_" + key] = v(run([n, nm]))
n, nm = tf.linalg.normalize(x)
out["whole"] = v(run([n, nm]))
n, nm = tf.linalg.normalize(x, ord="fro", axis=[0, 1])
out["fro"] = v(run([n, nm]))
n, nm = tf.linalg.normalize(x, ord=1, axis=[-2, -1])
out["matrix_1"] = v(run([n, nm]))
out["bad_ord"] = raises(lambda: tf.linalg.normalize(x, ord=-1, axis=1))
out["bad_axis"] = raises(lambda: tf.linalg.normalize(x, axis=[0, 1, 2]))
out["fro_vector"] = raises(lambda: tf.linalg.normalize(x, ord="fro", axis=1))
""",
    # --------------------------------------------------------- tridiagonal_matmul_op_test
    "tridiagonal_matmul_cases": """
sup = np.array([1.0, 2.0, 0.0], np.float32)
mai = np.array([4.0, 5.0, 6.0], np.float32)
sub = np.array([0.0, 7.0, 8.0], np.float32)
rhs = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)
out["sequence"] = v(run(tf.linalg.tridiagonal_matmul((sup, mai, sub), rhs,
                                                     diagonals_format="sequence")))
out["compact"] = v(run(tf.linalg.tridiagonal_matmul(np.stack([sup, mai, sub]), rhs)))
full = np.diag(mai) + np.diag(sup[:-1], 1) + np.diag(sub[1:], -1)
out["matrix"] = v(run(tf.linalg.tridiagonal_matmul(full, rhs, diagonals_format="matrix")))
diags = np.stack([sup, mai, sub])
out["batch_f64"] = v(run(tf.linalg.tridiagonal_matmul(np.stack([diags] * 2).astype(np.float64),
                                                      np.stack([rhs, 2 * rhs]).astype(np.float64))))
out["complex"] = cv(run(tf.linalg.tridiagonal_matmul(diags.astype(np.complex64) * 1j,
                                                     rhs.astype(np.complex64))))
out["one_by_one"] = v(run(tf.linalg.tridiagonal_matmul(np.array([[0.0], [2.0], [0.0]], np.float32),
                                                       np.array([[3.0, 4.0]], np.float32))))
d = tf.constant(np.stack([sup, mai, sub]))
r = tf.constant(rhs)
gd, gr = tf.gradients(tf.reduce_sum(tf.linalg.tridiagonal_matmul(d, r) * [[1.0, -1.0], [2.0, 0.5],
                                                                          [0.0, 3.0]]),
                      [d, r])
out["grads"] = [run(gd).tolist(), run(gr).tolist()]
out["bad_format"] = raises(lambda: tf.linalg.tridiagonal_matmul(d, r, diagonals_format="banded"))
out["bad_compact"] = raises(lambda: tf.linalg.tridiagonal_matmul(tf.ones([2, 3]), r))
""",
    # ------------------------------------------------------------------ linalg_grad_test
    "linalg_grads_more": """
a = tf.constant([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]], tf.float64)
w = tf.constant([[1.0, -2.0, 0.5], [0.0, 1.0, 3.0], [2.0, 1.0, -1.0]], tf.float64)
def grad(y):
    return run(tf.gradients(tf.reduce_sum(y * w), a)[0]).tolist()
out["inverse"] = grad(tf.linalg.inv(a))
out["inverse_adjoint"] = grad(tf.linalg.inv(a, adjoint=True))
out["cholesky"] = grad(tf.linalg.cholesky(a))
out["expm"] = grad(tf.linalg.expm(a * 0.3))
out["det"] = run(tf.gradients(tf.linalg.det(a), a)[0]).tolist()
out["logdet"] = run(tf.gradients(tf.linalg.logdet(a), a)[0]).tolist()
out["triangular_lower"] = grad(tf.linalg.triangular_solve(a, w, lower=True))
out["triangular_upper_adj"] = grad(tf.linalg.triangular_solve(a, w, lower=False, adjoint=True))
out["band_part"] = grad(tf.linalg.band_part(a, 1, 0))
out["diag_part"] = run(tf.gradients(tf.reduce_sum(tf.linalg.diag_part(a) * [1.0, 2.0, 3.0]),
                                    a)[0]).tolist()
out["set_diag"] = grad(tf.linalg.set_diag(a, tf.constant([1.0, 2.0, 3.0], tf.float64)))
out["trace"] = run(tf.gradients(tf.linalg.trace(a), a)[0]).tolist()
out["matmul_adjoint"] = grad(tf.matmul(a, a, adjoint_a=True))
out["eigvalsh"] = run(tf.gradients(tf.reduce_sum(tf.linalg.eigvalsh(a) * [1.0, 2.0, 3.0]),
                                   a)[0]).tolist()
""",
}

ARRAY = {
    # ------------------------------------------------------------------- bcast_ops_test
    "bcast_ops": """
out["dynamic"] = v(run(tf.broadcast_dynamic_shape([2, 1, 3], [4, 1])))
out["dynamic_int64"] = v(run(tf.broadcast_dynamic_shape(tf.constant([1], tf.int64),
                                                        tf.constant([5, 1], tf.int64))))
out["dynamic_scalar"] = v(run(tf.broadcast_dynamic_shape(tf.constant([], tf.int32), [3])))
out["dynamic_zero"] = v(run(tf.broadcast_dynamic_shape([0, 1], [1, 4])))
out["dynamic_bad"] = raises(lambda: run(tf.broadcast_dynamic_shape(tf.constant([2, 3]),
                                                                   tf.constant([4, 3]))))
p = tf.placeholder(tf.int32, [None])
out["dynamic_fed_bad"] = fails(tf.broadcast_dynamic_shape(p, [3]), {p: [2]})
S = tf.TensorShape
out["static"] = tf.broadcast_static_shape(S([2, 1, 3]), S([4, 1])).as_list()
out["static_unknown"] = tf.broadcast_static_shape(S([None, 3]), S([2, 1])).as_list()
out["static_bad"] = raises(lambda: tf.broadcast_static_shape(tf.TensorShape([2]),
                                                             tf.TensorShape([3])))
out["raw_args"] = v(run(tf.raw_ops.BroadcastArgs(s0=[2, 3, 5], s1=[1])))
out["raw_args_bad"] = raises(lambda: run(tf.raw_ops.BroadcastArgs(s0=[2, 3, 5], s1=[4, 1])))
""",
    # ------------------------------------------------------ identity_n / identity_op_py_test
    "identity_cases": """
a, b, c = tf.identity_n([tf.constant([1, 2]), tf.constant("s"), tf.constant([[1.5]], tf.float64)])
out["identity_n"] = [v(run(a)), run(b).decode(), v(run(c))]
out["identity_n_shapes"] = [shape(a), shape(b), shape(c)]
x = tf.constant([1.0, 2.0])
y = tf.constant([3.0])
i1, i2 = tf.identity_n([x, y])
gx, gy = tf.gradients(tf.reduce_sum(i1 * 2.0) + tf.reduce_sum(i2 * 3.0), [x, y])
out["identity_n_grads"] = [run(gx).tolist(), run(gy).tolist()]
out["identity_string"] = [s.decode() for s in run(tf.identity(tf.constant(["a", "bc"])))]
out["identity_empty"] = v(run(tf.identity(tf.zeros([0, 2], tf.int64))))
out["identity_bool"] = v(run(tf.identity(tf.constant([True, False]))))
out["identity_shape"] = shape(tf.identity(tf.placeholder(tf.float32, [None, 2])))
out["identity_n_empty_list"] = raises(lambda: tf.identity_n([]))
""",
    # --------------------------------------------------------------- spacetodepth_op_test
    "space_to_depth_cases": """
x = tf.constant(np.arange(1.0, 17.0, dtype=np.float32).reshape(1, 4, 4, 1))
out["block2"] = v(run(tf.nn.space_to_depth(x, 2)))
out["block4"] = v(run(tf.nn.space_to_depth(x, 4)))
x2 = tf.constant(np.arange(32, dtype=np.int32).reshape(2, 2, 4, 2))
out["int_depth2"] = v(run(tf.nn.space_to_depth(x2, 2)))
for dt in (tf.uint8, tf.int64, tf.float16, tf.bool):
    out["dtype_" + dt.name] = built(lambda: v(run(tf.nn.space_to_depth(tf.cast(x2, dt), 2))))
out["string"] = built(lambda: [b.decode() for b in np.ravel(run(tf.nn.space_to_depth(
    tf.reshape(tf.as_string(tf.range(4)), [1, 2, 2, 1]), 2)))])
out["roundtrip"] = v(run(tf.nn.depth_to_space(tf.nn.space_to_depth(x2, 2), 2)))
out["block1"] = raises(lambda: tf.nn.space_to_depth(x, 1))
out["not_divisible"] = raises(lambda: tf.nn.space_to_depth(x, 3))
out["rank3"] = raises(lambda: tf.nn.space_to_depth(tf.ones([4, 4, 1]), 2))
p = tf.placeholder(tf.float32, [1, None, None, 1])
out["fed_not_divisible"] = fails(tf.nn.space_to_depth(p, 2), {p: np.ones([1, 3, 4, 1])})
out["shape_unknown"] = shape(tf.nn.space_to_depth(p, 2))
g = tf.gradients(tf.reduce_sum(tf.nn.space_to_depth(x, 2) * np.arange(16.0).reshape(1, 2, 2, 4)),
                 x)[0]
out["grad"] = run(g).tolist()
out["empty"] = v(run(tf.nn.space_to_depth(tf.zeros([0, 2, 2, 3]), 2)))
out["nchw_cpu"] = built(lambda: v(run(tf.nn.space_to_depth(tf.ones([1, 1, 2, 2]), 2,
                                                           data_format="NCHW"))))
""",
    # ----------------------------------------------------------- large_mirror_pad_op_test
    "mirror_pad_more": """
x = tf.constant(np.arange(1, 7).reshape(2, 3))
out["reflect_int"] = v(run(tf.pad(x, [[1, 1], [2, 2]], "REFLECT")))
out["symmetric_int"] = v(run(tf.pad(x, [[2, 2], [3, 3]], "SYMMETRIC")))
out["reflect_too_big"] = raises(lambda: tf.pad(x, [[2, 0], [0, 0]], "REFLECT"))
out["symmetric_too_big"] = raises(lambda: tf.pad(x, [[0, 0], [4, 0]], "SYMMETRIC"))
out["negative"] = raises(lambda: tf.pad(x, [[-1, 0], [0, 0]], "REFLECT"))
s = tf.constant([["a", "b"], ["c", "d"]])
out["string_sym"] = [[b.decode() for b in r] for r in run(tf.pad(s, [[1, 0], [0, 1]], "SYMMETRIC"))]
out["mode_lower"] = v(run(tf.pad(x, [[0, 0], [1, 1]], "reflect")))
out["bad_mode"] = raises(lambda: tf.pad(x, [[0, 0], [1, 1]], "WRAP"))
big = tf.constant(np.arange(2000.0, dtype=np.float32).reshape(1, 2000))
pb = tf.pad(big, [[0, 0], [1999, 1999]], "REFLECT")
out["large_reflect"] = [shape(pb), run(tf.reduce_sum(pb)).item(), run(pb[0, :3]).tolist()]
xf = tf.constant(np.arange(1.0, 7.0, dtype=np.float32).reshape(2, 3))
g = tf.gradients(tf.reduce_sum(tf.pad(xf, [[1, 1], [2, 2]], "SYMMETRIC") ** 2), xf)[0]
out["grad_symmetric"] = run(g).tolist()
gr = tf.gradients(tf.reduce_sum(tf.pad(xf, [[1, 1], [2, 2]],
                                       "REFLECT") * np.arange(28.0).reshape(4, 7)), xf)[0]
out["grad_reflect"] = run(gr).tolist()
p = tf.placeholder(tf.int32, [2, 2])
out["fed_too_big"] = fails(tf.pad(xf, p, "REFLECT"), {p: [[0, 0], [3, 0]]})
""",
    # ------------------------------------------------------------------ constant_op_test
    "constant_op_cases": """
out["fill_shape_scalar"] = v(run(tf.constant(7, shape=[2, 3])))
out["fill_shape_list"] = v(run(tf.constant([1.0, 2.0], shape=[2, 2])))
out["too_many"] = raises(lambda: tf.constant([1, 2, 3], shape=[2]))
out["explicit_dtype"] = v(run(tf.constant([1, 2], dtype=tf.float64)))
out["bad_dtype"] = raises(lambda: tf.constant([1.5], dtype=tf.int32))
out["string_fill"] = [b.decode() for b in np.ravel(run(tf.fill([2, 2], "ab")))]
out["zeros_like_string"] = [b.decode() for b in run(tf.zeros_like(tf.constant(["a", "b"])))]
out["ones_like_bool"] = v(run(tf.ones_like(tf.constant([True, False]))))
out["zeros_like_dtype"] = v(run(tf.zeros_like(tf.constant([1.5]), dtype=tf.int64)))
out["ones_like_complex"] = cv(run(tf.ones_like(tf.constant([1 + 2j]))))
out["ones_string"] = raises(lambda: tf.ones([2], tf.string))
out["zeros_string"] = built(lambda: [b.decode() for b in run(tf.zeros([2], tf.string))])
out["fill_neg"] = raises(lambda: run(tf.fill([-1, 2], 1.0)))
dn = tf.placeholder(tf.int32, [2])
out["fill_neg_fed"] = fails(tf.fill(dn, 1.0), {dn: [-1, 2]})
out["fill_bad_value"] = raises(lambda: tf.fill([2], [1.0, 2.0]))
d = tf.placeholder(tf.int32, [2])
out["fill_fed_shape"] = shape(tf.fill(d, 1.0))
out["zeros_fed"] = v(run(tf.zeros(d, tf.int8), {d: [1, 2]}))
out["placeholder_with_default"] = shape(tf.placeholder_with_default([[1.0, 2.0]], [None, 2]))
out["pwd_incompatible"] = raises(lambda: tf.placeholder_with_default([[1.0, 2.0]], [3, 2]))
out["nested_ragged"] = raises(lambda: tf.constant([[1, 2], [3]]))
out["int64_auto"] = v(run(tf.constant([2**31, 1])))
out["uint64_max"] = v(run(tf.constant(2**64 - 1, tf.uint64)))
out["too_big_int64"] = raises(lambda: tf.constant(2**64))
""",
}

STRINGS = {
    # ------------------------------------------------------------------ base64_ops_test
    "base64_cases": """
def s(x):
    return [b.decode() for b in np.ravel(run(x))]
msgs = tf.constant(["", "a", "ab", "abc", "\\x00\\xff\\xfe", "hello world!"])
enc = tf.io.encode_base64(msgs)
enc_p = tf.io.encode_base64(msgs, pad=True)
out["encode"] = s(enc)
out["encode_pad"] = s(enc_p)
out["roundtrip"] = [b.hex() for b in run(tf.io.decode_base64(enc))]
out["roundtrip_pad"] = [b.hex() for b in run(tf.io.decode_base64(enc_p))]
out["decode_std_alphabet"] = raises(lambda: run(tf.io.decode_base64(tf.constant(["a+b/"]))))
out["decode_bad_length"] = raises(lambda: run(tf.io.decode_base64(tf.constant(["a"]))))
out["decode_bad_char"] = raises(lambda: run(tf.io.decode_base64(tf.constant(["ab$c"]))))
out["decode_2d"] = [[b.decode() for b in r] for r in run(tf.io.decode_base64(
    tf.constant([["YQ", "YWI"], ["YWJj", ""]])))]
out["non_string"] = raises(lambda: tf.io.encode_base64(tf.constant([1])))
""",
    # --------------------------------- string_join_op_test, string_length_op_test, strip
    "string_join_length_strip": """
def s(x):
    return [b.decode() for b in np.ravel(run(x))]
a = tf.constant([["a", "b"], ["c", "d"]])
out["join_broadcast"] = s(tf.strings.join([a, "x", a], separator="-"))
out["join_scalars"] = run(tf.strings.join(["a", "b", "c"])).decode()
out["join_mismatch"] = raises(lambda: run(tf.strings.join([a, tf.constant(["a", "b", "c"])])))
out["join_empty_shape"] = shape(tf.strings.join([]))
out["join_empty_list"] = run(tf.strings.join([])).decode()
out["length_bytes"] = v(run(tf.strings.length(tf.constant(["", "abc", "h\\xc3\\xa9llo"]))))
u = tf.constant(["h\u00e9llo", "\U0001f600", ""])
out["length_utf8"] = v(run(tf.strings.length(u, unit="UTF8_CHAR")))
out["length_bytes_utf8"] = v(run(tf.strings.length(u)))
out["length_bad_unit"] = raises(lambda: tf.strings.length(u, unit="CHAR"))
out["length_2d"] = v(run(tf.strings.length(a)))
out["strip"] = s(tf.strings.strip(tf.constant(["  a b  ", "\\t\\nx\\r ", "", "   "])))
out["strip_2d"] = s(tf.strings.strip(tf.constant([[" a"], ["b "]])))
""",
    # ------------------------------------------------------ string_to_hash_bucket_op_test
    "hash_bucket_cases": """
t = tf.constant(["", "a", "b", "c", "d", "hello world", "\\x00"])
out["fast10"] = v(run(tf.strings.to_hash_bucket_fast(t, 10)))
out["fast1"] = v(run(tf.strings.to_hash_bucket_fast(t, 1)))
out["fast_big"] = v(run(tf.strings.to_hash_bucket_fast(t, 2**62)))
out["legacy"] = v(run(tf.strings.to_hash_bucket(t, 10)))
out["strong"] = v(run(tf.strings.to_hash_bucket_strong(t, 10, [98765, 132])))
out["strong_big"] = v(run(tf.strings.to_hash_bucket_strong(t, 2**40, [1, 2])))
out["strong_bad_key"] = raises(lambda: run(tf.strings.to_hash_bucket_strong(t, 10, [1])))
out["zero_buckets"] = raises(lambda: run(tf.strings.to_hash_bucket_fast(t, 0)))
out["2d"] = v(run(tf.strings.to_hash_bucket_fast(tf.constant([["a", "b"], ["c", "d"]]), 3)))
out["non_string"] = raises(lambda: tf.strings.to_hash_bucket_fast(tf.constant([1]), 3))
""",
    # -------------------------------------- regex_full_match_op_test, unicode_script_op_test
    "regex_full_match_and_script": """
t = tf.constant(["abc", "ab", "abcd", "", "a.c", "ABC"])
out["full"] = v(run(tf.strings.regex_full_match(t, "a.c")))
out["dynamic"] = v(run(tf.strings.regex_full_match(t, tf.constant("ab.*"))))
out["case_insensitive"] = v(run(tf.strings.regex_full_match(t, "(?i)abc")))
out["empty_pattern"] = v(run(tf.strings.regex_full_match(t, "")))
out["alternation"] = v(run(tf.strings.regex_full_match(t, "ab|abc")))
out["bad_pattern"] = raises(lambda: run(tf.strings.regex_full_match(t, "(")))
out["bad_dynamic"] = raises(lambda: run(tf.strings.regex_full_match(t, tf.constant("["))))
out["2d"] = v(run(tf.strings.regex_full_match(tf.constant([["1", "x"], ["22", ""]]), "\\\\d+")))
cps = tf.constant([0x41, 0x3b1, 0x430, 0x4e2d, 0x5d0, 0x627, 0x30, -1, 0x10ffff, 0x1f600, 0x0300])
out["scripts"] = v(run(tf.strings.unicode_script(cps)))
out["script_int64"] = raises(lambda: tf.strings.unicode_script(tf.constant([65], tf.int64)))
out["script_2d"] = v(run(tf.strings.unicode_script(tf.constant([[65, 945]]))))
""",
    # ------------------------------------------------------- string_to_number_op_test
    "string_to_number_more": """
def n(strings, dt):
    return raises(lambda: run(tf.strings.to_number(tf.constant(strings), dt))) or v(
        run(tf.strings.to_number(tf.constant(strings), dt)))
out["f32"] = n(["0", "3", "-1", "1.12", "0xF", "   -10.5", "3.40282e+38"], tf.float32)
out["f32_overflow"] = n(["3.40283e+38"], tf.float32)
out["f32_inf_nan"] = n(["inf", "-inf", "nan", "INF", "NaN"], tf.float32)
out["f64"] = n(["1e308", "-1.5e-300", "2.5"], tf.float64)
out["f64_overflow"] = n(["1e309"], tf.float64)
out["i32"] = n(["0", "3", "-1", "   11", "2147483647", "-2147483648"], tf.int32)
out["i32_overflow"] = n(["2147483648"], tf.int32)
out["i32_float"] = n(["1.1"], tf.int32)
out["i32_hex"] = n(["0x10"], tf.int32)
out["i32_trailing_space"] = n(["11  "], tf.int32)
out["i32_plus"] = n(["+5"], tf.int32)
out["i64"] = n(["9223372036854775807", "-9223372036854775808"], tf.int64)
out["i64_overflow"] = n(["9223372036854775808"], tf.int64)
out["empty"] = n([""], tf.float32)
out["bad_dtype"] = raises(lambda: tf.strings.to_number(tf.constant(["1"]), tf.uint8))
""",
}

SIGNAL = {
    # ---------------------------------------------------------------------- dct_ops_test
    "dct_cases": """
x = tf.constant(np.array([[1.0, 2.0, 3.0, 4.0, 5.0], [0.5, -1.0, 0.0, 2.0, 7.0]], np.float32))
for t in (1, 2, 3, 4):
    out["dct%d" % t] = v(run(tf.signal.dct(x, type=t)))
    out["idct%d" % t] = v(run(tf.signal.idct(x, type=t)))
for t in (2, 3, 4):
    out["dct%d_ortho" % t] = v(run(tf.signal.dct(x, type=t, norm="ortho")))
    out["idct%d_ortho" % t] = v(run(tf.signal.idct(tf.signal.dct(x, type=t, norm="ortho"), type=t,
                                                   norm="ortho")))
out["dct1_ortho"] = built(lambda: v(run(tf.signal.dct(x, type=1, norm="ortho"))))
out["dct1_ortho_roundtrip"] = built(lambda: v(run(
    tf.signal.idct(tf.signal.dct(x, type=1, norm="ortho"), type=1, norm="ortho"))))
out["n_truncate"] = v(run(tf.signal.dct(x, n=3)))
out["n_pad"] = v(run(tf.signal.dct(x, n=8, type=4)))
out["f64"] = v(run(tf.signal.dct(tf.cast(x, tf.float64), type=2)))
out["bad_type"] = raises(lambda: tf.signal.dct(x, type=5))
out["bad_axis"] = raises(lambda: tf.signal.dct(x, axis=0))
out["bad_norm"] = raises(lambda: tf.signal.dct(x, norm="unit"))
out["dct1_n1"] = raises(lambda: run(tf.signal.dct(tf.ones([1]), type=1)))
out["bad_n"] = raises(lambda: tf.signal.dct(x, n=0))
g = tf.gradients(tf.reduce_sum(tf.signal.dct(x, type=2, norm="ortho") * [1.0, 2.0, 3.0, 4.0, 5.0]),
                 x)[0]
out["grad"] = run(g).tolist()
""",
    # ------------------------------------------------------------------- window_ops_test
    "window_cases": """
for name, fn in (("hann", tf.signal.hann_window), ("hamming", tf.signal.hamming_window)):
    for n in (0, 1, 2, 5, 8):
        out[name + "_%d" % n] = v(run(fn(n)))
        out[name + "_sym_%d" % n] = v(run(fn(n, periodic=False)))
    out[name + "_f64"] = v(run(fn(4, dtype=tf.float64)))
    out[name + "_int"] = raises(lambda: fn(4, dtype=tf.int32))
out["kaiser_5"] = v(run(tf.signal.kaiser_window(5)))
out["kaiser_1"] = v(run(tf.signal.kaiser_window(1)))
out["kaiser_beta"] = v(run(tf.signal.kaiser_window(6, beta=2.5, dtype=tf.float64)))
out["kbd_4"] = v(run(tf.signal.kaiser_bessel_derived_window(4)))
out["vorbis_4"] = v(run(tf.signal.vorbis_window(4)))
out["vorbis_6_f64"] = v(run(tf.signal.vorbis_window(6, dtype=tf.float64)))
out["fed_length"] = v(run(tf.signal.hann_window(tf.constant(3))))
out["periodic_tensor"] = v(run(tf.signal.hann_window(4, periodic=tf.constant(False))))
""",
    # -------------------------------------------------------- mel_ops_test, mfcc_ops_test
    "mel_and_mfcc": """
m = tf.signal.linear_to_mel_weight_matrix(num_mel_bins=4, num_spectrogram_bins=9, sample_rate=8000,
                                          lower_edge_hertz=100.0, upper_edge_hertz=3000.0)
out["mel"] = v(run(m))
out["mel_f64"] = v(run(tf.signal.linear_to_mel_weight_matrix(3, 5, 1000, 10.0, 400.0,
                                                             dtype=tf.float64)))
out["mel_shape"] = shape(tf.signal.linear_to_mel_weight_matrix())
mel = tf.signal.linear_to_mel_weight_matrix
out["mel_bad_edges"] = raises(lambda: mel(4, 9, 8000, 3000.0, 100.0))
out["mel_edge_above_nyquist"] = raises(lambda: mel(4, 9, 8000, 100.0, 5000.0))
out["mel_zero_bins"] = raises(lambda: mel(0, 9, 8000, 100.0, 3000.0))
out["mel_negative_lower"] = raises(lambda: mel(4, 9, 8000, -1.0, 3000.0))
out["mel_int_dtype"] = raises(lambda: mel(4, 9, 8000, 100.0, 3000.0, dtype=tf.int32))
lm = tf.constant(np.log(np.arange(1.0, 25.0, dtype=np.float32)).reshape(2, 3, 4))
out["mfcc"] = v(run(tf.signal.mfccs_from_log_mel_spectrograms(lm)))
out["mfcc_f64"] = v(run(tf.signal.mfccs_from_log_mel_spectrograms(tf.cast(lm, tf.float64))))
out["mfcc_one_bin"] = v(run(tf.signal.mfccs_from_log_mel_spectrograms(tf.ones([2, 1]))))
out["mfcc_empty"] = raises(lambda: run(tf.signal.mfccs_from_log_mel_spectrograms(tf.zeros([2, 0]))))
""",
    # -------------------------------------------- shape_ops_test, reconstruction_ops_test
    "frame_and_overlap_add": """
x = tf.constant(np.arange(1.0, 11.0, dtype=np.float32))
out["frame"] = v(run(tf.signal.frame(x, 4, 3)))
out["frame_pad"] = v(run(tf.signal.frame(x, 4, 3, pad_end=True, pad_value=-1.0)))
out["frame_short"] = v(run(tf.signal.frame(tf.constant([1.0, 2.0]), 4, 1)))
out["frame_short_pad"] = v(run(tf.signal.frame(tf.constant([1.0, 2.0]), 4, 3, pad_end=True)))
x2 = tf.constant(np.arange(24).reshape(2, 6, 2))
out["frame_axis1"] = v(run(tf.signal.frame(x2, 3, 2, axis=1)))
out["frame_axis_neg"] = v(run(tf.signal.frame(x2, 2, 2, axis=-2, pad_end=True)))
out["frame_shape"] = shape(tf.signal.frame(tf.placeholder(tf.float32, [3, None]), 5, 2))
out["frame_static_shape"] = shape(tf.signal.frame(tf.zeros([3, 17]), 5, 2, pad_end=True))
out["frame_scalar"] = raises(lambda: tf.signal.frame(tf.constant(1.0), 2, 1))
out["frame_zero_step"] = raises(lambda: run(tf.signal.frame(x, 2, 0)))
out["frame_empty"] = v(run(tf.signal.frame(tf.zeros([0]), 2, 1)))
g = tf.gradients(tf.reduce_sum(tf.signal.frame(x, 4, 2, pad_end=True) ** 2), x)[0]
out["frame_grad"] = run(g).tolist()
fr = tf.constant(np.arange(1.0, 13.0, dtype=np.float32).reshape(3, 4))
out["ola"] = v(run(tf.signal.overlap_and_add(fr, 2)))
out["ola_step_eq"] = v(run(tf.signal.overlap_and_add(fr, 4)))
out["ola_step_gt"] = raises(lambda: run(tf.signal.overlap_and_add(fr, 5)))
out["ola_batch"] = v(run(tf.signal.overlap_and_add(tf.reshape(tf.range(16), [2, 2, 4]), 3)))
out["ola_rank1"] = raises(lambda: tf.signal.overlap_and_add(tf.ones([4]), 2))
go = tf.gradients(tf.reduce_sum(tf.signal.overlap_and_add(fr, 3) * tf.range(1.0, 11.0)), fr)[0]
out["ola_grad"] = run(go).tolist()
""",
    # ------------------------------------------------------------------ spectral_ops_test
    "stft_cases": """
sig = tf.constant(np.sin(np.arange(32.0) * 0.7).astype(np.float32))
st = tf.signal.stft(sig, frame_length=8, frame_step=4)
out["stft_shape"] = shape(st)
out["stft"] = cv(run(st))
st2 = tf.signal.stft(sig, 8, 4, fft_length=16, pad_end=True, window_fn=None)
out["stft_nowindow_pad"] = cv(run(st2))
out["stft_fft_short"] = raises(lambda: tf.signal.stft(sig, 8, 4, fft_length=4))
inv = tf.signal.inverse_stft(st, 8, 4, window_fn=tf.signal.inverse_stft_window_fn(4))
out["inverse"] = v(run(inv))
out["inverse_shape"] = shape(inv)
out["stft_f64"] = cv(run(tf.signal.stft(tf.cast(sig, tf.float64), 8, 8)))
out["stft_int"] = raises(lambda: tf.signal.stft(tf.range(16), 4, 2))
g = tf.gradients(tf.reduce_sum(tf.abs(tf.signal.stft(sig, 8, 4))), sig)[0]
out["stft_grad"] = run(g).tolist()
out["spectrogram_batch"] = shape(tf.signal.stft(tf.zeros([3, 2, 100]), 16, 8))
""",
}

RANDOM = {
    # -------------------------------------------------------- candidate_sampler_ops_test
    "candidate_sampler_cases": """
true = tf.constant([[1, 2], [0, 4], [3, 3]], tf.int64)
for name, fn in (("uniform", tf.random.uniform_candidate_sampler),
                 ("log_uniform", tf.random.log_uniform_candidate_sampler),
                 ("learned", tf.random.learned_unigram_candidate_sampler)):
    s, te, se = fn(true, 2, 5, True, 10, seed=3)
    sv, tev, sev = run([s, te, se])
    out[name + "_shapes"] = [shape(s), shape(te), shape(se)]
    out[name + "_dtypes"] = [s.dtype.name, te.dtype.name, se.dtype.name]
    out[name + "_unique_in_range"] = [len(set(sv.tolist())) == 5,
                                      bool((sv >= 0).all() and (sv < 10).all())]
s, te, se = tf.random.log_uniform_candidate_sampler(true, 2, 5, False, 10, seed=3)
sv, tev, sev = run([s, te, se])
p = lambda c: (np.log(c + 2.0) - np.log(c + 1.0)) / np.log(11.0)
out["log_uniform_expected_true"] = bool(np.allclose(tev, 5 * p(np.array([[1, 2], [0, 4], [3, 3]]))))
out["log_uniform_expected_sampled"] = bool(np.allclose(sev, 5 * p(sv)))
s, te, se = tf.random.uniform_candidate_sampler(true, 2, 4, False, 8, seed=5)
tev, sev = run([te, se])
out["uniform_expected"] = [tev.tolist(), sev.tolist()]
s, te, se = tf.random.fixed_unigram_candidate_sampler(true, 2, 3, True, 5,
                                                      unigrams=[1.0, 2.0, 3.0, 4.0, 0.5], seed=1)
out["fixed_shapes"] = [shape(s), shape(te), shape(se)]
out["fixed_unique"] = len(set(run(s).tolist())) == 3
out["all"] = v(run(tf.random.all_candidate_sampler(true, 2, 6, True)[0]))
sampled = tf.constant([0, 3, 4, 7], tf.int64)
ids, samp_idx, w = tf.nn.compute_accidental_hits(true, sampled, 2)
out["accidental_hits"] = v(run([ids, samp_idx, w]))
out["too_many_unique"] = raises(lambda: run(tf.random.uniform_candidate_sampler(true, 2, 11, True,
                                                                                10)[0]))
out["true_mismatch"] = raises(lambda: run(tf.random.uniform_candidate_sampler(true, 3, 2, True,
                                                                              10)[0]))
""",
    # --------------------------------------------- random_gamma_test, random_poisson_test
    "gamma_poisson_shapes": """
a = tf.constant([[0.5, 1.0, 3.0]])
g = tf.random.gamma([4, 2], a, beta=[[2.0], [1.0]], seed=1)
out["gamma_shape"] = shape(g)
out["gamma_dtype"] = g.dtype.name
out["gamma_positive"] = bool((run(g) > 0).all())
out["gamma_f64"] = tf.random.gamma([2], tf.constant(1.0, tf.float64), dtype=tf.float64).dtype.name
out["gamma_f64_mismatch"] = raises(lambda: tf.random.gamma([2], tf.constant(1.0, tf.float64)))
out["gamma_f16"] = v(run(tf.shape(tf.random.gamma([3], tf.constant([2.0], tf.float16), seed=2,
                                                  dtype=tf.float16))))
out["gamma_int"] = raises(lambda: tf.random.gamma([2], tf.constant([1])))
out["gamma_empty"] = v(run(tf.random.gamma([0], [1.0, 2.0])))
out["gamma_fed_shape"] = shape(tf.random.gamma(tf.placeholder(tf.int32, [2]), [1.0, 2.0]))
out["gamma_zero_alpha_finite"] = bool(np.isfinite(run(tf.random.gamma([5], [1e-3], seed=4))).all())
lam = tf.constant([0.0, 1.0, 50.0])
p = tf.random.poisson(lam, [1000], seed=3)
pv = run(p)
out["poisson_shape"] = shape(p)
out["poisson_zero"] = pv[:, 0].tolist() == [0.0] * 1000
out["poisson_mean_close"] = bool(abs(pv[:, 2].mean() - 50.0) < 1.5)
out["poisson_int_dtype"] = v(run(tf.shape(tf.random.poisson([2.0], [3], dtype=tf.int64))))
out["poisson_int_dtype_name"] = tf.random.poisson([2.0], [3], dtype=tf.int32).dtype.name
out["poisson_negative_lam"] = bool(np.isnan(run(tf.random.poisson([-1.0], [2], seed=1))).all())
out["poisson_f64_lam"] = tf.random.poisson(tf.constant([1.0], tf.float64), [2]).dtype.name
out["poisson_bool"] = raises(lambda: tf.random.poisson([1.0], [2], dtype=tf.bool))
""",
    # ------------------------------------------------------------------ random_crop_test
    "random_crop_cases": """
x = tf.constant(np.arange(60).reshape(3, 4, 5))
c = tf.image.random_crop(x, [2, 2, 5], seed=7)
cv_ = run(c)
out["crop_shape"] = shape(c)
full = np.arange(60).reshape(3, 4, 5)
found = any(np.array_equal(cv_, full[i:i + 2, j:j + 2, :]) for i in range(2) for j in range(3))
out["crop_is_window"] = found
out["crop_same"] = v(run(tf.image.random_crop(x, [3, 4, 5])))
out["crop_too_big"] = raises(lambda: run(tf.image.random_crop(x, [4, 4, 5])))
out["crop_rank_mismatch"] = raises(lambda: run(tf.image.random_crop(x, [2, 2])))
out["crop_string"] = shape(tf.image.random_crop(tf.fill([3, 3], "a"), [2, 1]))
out["crop_zero"] = v(run(tf.image.random_crop(x, [0, 2, 5])))
p = tf.placeholder(tf.float32, [None, None])
out["crop_fed_shape"] = shape(tf.image.random_crop(p, [2, 2]))
""",
}

SPARSE = {
    # --------------------------------------------------------------- sparse_cross_op_test
    "sparse_cross_cases": """
def st(indices, values, shape_):
    return tf.SparseTensor(indices, tf.constant(values), shape_)
a = st([[0, 0], [1, 0], [1, 1]], ["a1", "b1", "b2"], [2, 2])
b = st([[0, 0], [1, 0]], ["x", "y"], [2, 1])
d = tf.constant([["d0"], ["d1"]])
def sv(x):
    y = run(x)
    vals = [s.decode() if isinstance(s, bytes) else s for s in y.values.tolist()]
    return [y.indices.tolist(), vals, y.dense_shape.tolist()]
out["cross"] = sv(tf.sparse.cross([a, b]))
out["cross_dense"] = sv(tf.sparse.cross([a, d]))
out["cross_three"] = sv(tf.sparse.cross([a, b, d]))
out["cross_sep"] = built(lambda: sv(tf.sparse.cross([a, b], separator="--")))
i = st([[0, 0], [1, 0]], np.array([3, 7], np.int64), [2, 1])
out["cross_int"] = sv(tf.sparse.cross([a, i]))
out["hashed"] = sv(tf.sparse.cross_hashed([a, b], num_buckets=100))
out["hashed_key"] = sv(tf.sparse.cross_hashed([a, b], num_buckets=1000, hash_key=12345))
out["hashed_nobuckets"] = sv(tf.sparse.cross_hashed([a, d]))
out["hashed_int_dense"] = sv(tf.sparse.cross_hashed([tf.constant([[1, 2]], tf.int64),
                                                     tf.constant([["q"]])]))
e = st(np.zeros([0, 2], np.int64), np.array([], np.str_), [2, 1])
out["cross_empty"] = sv(tf.sparse.cross([a, e]))
out["cross_batch_mismatch"] = raises(lambda: run(tf.sparse.cross([a, st([[0, 0]], ["z"], [3, 1])])))
out["cross_float"] = raises(lambda: tf.sparse.cross([a, tf.constant([[1.0], [2.0]])]))
""",
    # -------------------------------------------------------- sparse_serialization_ops_test
    "sparse_serialization": """
sp = tf.SparseTensor([[0, 0], [1, 2]], tf.constant([1.5, -2.0]), [2, 3])
ser = tf.io.serialize_sparse(sp)
out["serialize_shape"] = shape(ser)
back = tf.io.deserialize_many_sparse(tf.stack([ser, ser]), tf.float32)
bv = run(back)
out["many_roundtrip"] = [bv.indices.tolist(), bv.values.tolist(), bv.dense_shape.tolist()]
sp2 = tf.SparseTensor([[0, 1, 0], [1, 0, 3]], tf.constant([1, 2], tf.int64), [2, 2, 4])
m = tf.io.serialize_many_sparse(sp2)
out["serialize_many_shape"] = shape(m)
mb = run(tf.io.deserialize_many_sparse(m, tf.int64))
out["many_roundtrip_rank3"] = [mb.indices.tolist(), mb.values.tolist(), mb.dense_shape.tolist()]
small = tf.io.serialize_sparse(tf.SparseTensor([[0, 0]], [1.0], [1, 1]))
mix = run(tf.io.deserialize_many_sparse(tf.stack([ser, small]), tf.float32))
out["different_shapes"] = [mix.indices.tolist(), mix.values.tolist(), mix.dense_shape.tolist()]
out["wrong_dtype"] = raises(lambda: run(tf.io.deserialize_many_sparse(tf.stack([ser]),
                                                                      tf.int32).values))
rk = tf.io.serialize_sparse(tf.SparseTensor([[0]], [1.0], [3]))
out["rank_mismatch"] = raises(lambda: run(tf.io.deserialize_many_sparse(tf.stack([ser, rk]),
                                                                        tf.float32).values))
out["not_matrix"] = raises(lambda: run(tf.io.deserialize_many_sparse(ser, tf.float32).values))
""",
    # ----------------------------------------------------------------- sparse_concat_op_test
    "sparse_concat_more": """
def sv(x):
    y = run(x)
    return [y.indices.tolist(), y.values.tolist(), y.dense_shape.tolist()]
a = tf.SparseTensor([[0, 1], [1, 0]], [1.0, 2.0], [2, 3])
b = tf.SparseTensor([[0, 0], [2, 1]], [3.0, 4.0], [3, 2])
out["expand_axis1"] = sv(tf.sparse.concat(1, [a, b], expand_nonconcat_dim=True))
out["expand_axis0"] = sv(tf.sparse.concat(0, [a, b], expand_nonconcat_dim=True))
out["neg_axis"] = sv(tf.sparse.concat(-1, [a, tf.SparseTensor([[1, 0]], [5.0], [2, 1])]))
out["mismatch"] = raises(lambda: run(tf.sparse.concat(1, [a, b]).values))
out["rank_mismatch"] = raises(lambda: run(tf.sparse.concat(0, [a, tf.SparseTensor([[0]], [1.0],
                                                                                  [2])]).values))
out["one"] = sv(tf.sparse.concat(0, [a]))
s = tf.SparseTensor([[0, 0], [1, 1]], ["x", "y"], [2, 2])
c = run(tf.sparse.concat(0, [s, s]))
out["strings"] = [c.indices.tolist(), [x.decode() for x in c.values], c.dense_shape.tolist()]
e = tf.SparseTensor(np.zeros([0, 2], np.int64), tf.zeros([0]), [2, 2])
out["with_empty"] = sv(tf.sparse.concat(1, [e, a]))
out["axis_out_of_range"] = raises(lambda: run(tf.sparse.concat(2, [a, a]).values))
""",
}

IMAGE = {
    # ----------------------------------------------------------------- decode_raw_op_test
    "decode_raw_cases": """
b = tf.constant([b"\\x01\\x02\\x03\\x04", b"\\xff\\xfe\\x00\\x80"])
out["uint8"] = v(run(tf.decode_raw(b, tf.uint8)))
out["int16_le"] = v(run(tf.decode_raw(b, tf.int16)))
out["int16_be"] = v(run(tf.decode_raw(b, tf.int16, little_endian=False)))
out["uint16"] = v(run(tf.decode_raw(b, tf.uint16)))
out["int32"] = v(run(tf.decode_raw(b, tf.int32)))
out["float"] = v(run(tf.decode_raw(tf.constant([np.array([1.5, -2.0], np.float32).tobytes()]),
                                   tf.float32)))
out["float_be"] = v(run(tf.decode_raw(tf.constant([np.array([1.5], ">f4").tobytes()]),
                                      tf.float32, little_endian=False)))
out["f16"] = v(run(tf.decode_raw(tf.constant([np.array([0.5, 2.0], np.float16).tobytes()]),
                                 tf.float16)))
out["f64"] = v(run(tf.decode_raw(tf.constant(np.array([np.pi], np.float64).tobytes()), tf.float64)))
out["complex"] = cv(run(tf.decode_raw(tf.constant([np.array([1 + 2j], np.complex64).tobytes()]),
                                      tf.complex64)))
out["complex_be"] = cv(run(tf.decode_raw(tf.constant([np.array([1 + 2j, -3 + 0.5j],
                                                               ">c8").tobytes()]),
                                        tf.complex64, little_endian=False)))
out["complex128"] = cv(run(tf.decode_raw(tf.constant([np.array([1 + 2j], np.complex128).tobytes()]),
                                        tf.complex128)))
out["int8"] = v(run(tf.decode_raw(tf.constant([b"\\xff\\x7f"]), tf.int8)))
out["scalar_input"] = v(run(tf.decode_raw(tf.constant(b"\\x01\\x02"), tf.uint8)))
out["mismatched_lengths"] = raises(
    lambda: run(tf.decode_raw(tf.constant([b"\\x01", b"\\x01\\x02"]), tf.uint8)))
out["not_multiple"] = raises(lambda: run(tf.decode_raw(tf.constant([b"\\x01\\x02\\x03"]),
                                                       tf.int16)))
out["empty"] = v(run(tf.decode_raw(tf.constant([b"", b""]), tf.int32)))
out["string_dtype"] = raises(lambda: tf.decode_raw(b, tf.string))
out["shape"] = shape(tf.decode_raw(tf.placeholder(tf.string, [3]), tf.int32))
""",
    # ---------------------------------------------------------- draw_bounding_box_op_test
    "draw_bounding_boxes_cases": """
img = tf.zeros([1, 5, 6, 3])
boxes = tf.constant([[[0.0, 0.0, 0.5, 0.5], [0.25, 0.5, 1.0, 1.0]]])
out["default_colors"] = v(run(tf.image.draw_bounding_boxes(img, boxes)))
out["colors"] = v(run(tf.image.draw_bounding_boxes(img, boxes, colors=[[1.0, 0.5, 0.25, 1.0]])))
out["one_channel"] = v(run(tf.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 1]), boxes[:, :1])))
out["four_channels"] = v(run(tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 4]),
                                                          tf.constant([[[0.0, 0.0, 1.0, 1.0]]]))))
out["outside"] = v(run(tf.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 1]),
                                                    tf.constant([[[-0.5, -0.5, 2.0, 2.0]]]))))
out["inverted"] = v(run(tf.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 1]),
                                                     tf.constant([[[0.75, 0.75, 0.0, 0.0]]]))))
out["half"] = v(run(tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 1], tf.float16),
                                                 tf.constant([[[0.0, 0.0, 1.0, 1.0]]]))))
out["no_boxes"] = v(run(tf.image.draw_bounding_boxes(tf.ones([1, 2, 2, 1]), tf.zeros([1, 0, 4]))))
out["two_channels"] = raises(lambda: run(tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 2]),
                                                                      boxes)))
out["rank3"] = raises(lambda: tf.image.draw_bounding_boxes(tf.zeros([3, 3, 3]), boxes))
out["uint8"] = raises(lambda: tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 3], tf.uint8), boxes))
""",
    # ----------------------------- extract_image_patches_grad_test, extract_volume_patches_grad
    "extract_patches_grads": """
rng = np.random.RandomState(3)
x = tf.constant(rng.uniform(-1, 1, [1, 5, 6, 2]).astype(np.float32))
def g(ksizes, strides, rates, padding):
    p = tf.image.extract_patches(x, ksizes, strides, rates, padding)
    w = tf.constant(rng.uniform(-1, 1, p.shape.as_list()).astype(np.float32))
    return run(tf.gradients(tf.reduce_sum(p * w), x)[0]).tolist()
out["valid"] = g([1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID")
out["same_strided"] = g([1, 3, 2, 1], [1, 2, 3, 1], [1, 1, 1, 1], "SAME")
out["rates"] = g([1, 2, 2, 1], [1, 1, 2, 1], [1, 2, 2, 1], "VALID")
out["same_rates"] = g([1, 2, 3, 1], [1, 3, 1, 1], [1, 2, 1, 1], "SAME")
y = tf.constant(rng.uniform(-1, 1, [1, 3, 4, 4, 1]).astype(np.float32))
vp = tf.extract_volume_patches(y, [1, 2, 2, 2, 1], [1, 1, 2, 1, 1], "SAME")
vw = tf.constant(rng.uniform(-1, 1, vp.shape.as_list()).astype(np.float32))
out["volume"] = run(tf.gradients(tf.reduce_sum(vp * vw), y)[0]).tolist()
vv = tf.extract_volume_patches(y, [1, 3, 2, 2, 1], [1, 2, 2, 3, 1], "VALID")
out["volume_valid_shape"] = shape(vv)
out["volume_valid"] = run(tf.gradients(tf.reduce_sum(vv * 2.0), y)[0]).tolist()
""",
}

LINEAR_OPERATORS = {
    # ------------------------------------- linalg/linear_operator_{diag,full_matrix}_test
    "linear_operator_diag_full": """
LO = tf.linalg
def summary(op, rhs):
    return {
        "shape": op.shape.as_list(),
        "dense": run(op.to_dense()).tolist(),
        "matmul": run(op.matmul(rhs)).tolist(),
        "matmul_adjoint": run(op.matmul(rhs, adjoint=True)).tolist(),
        "matvec": run(op.matvec(rhs[..., 0])).tolist(),
        "solve": run(op.solve(rhs)).tolist(),
        "solvevec": run(op.solvevec(rhs[..., 0])).tolist(),
        "log_abs_det": run(op.log_abs_determinant()).tolist(),
        "det": run(op.determinant()).tolist(),
        "diag_part": run(op.diag_part()).tolist(),
        "trace": run(op.trace()).tolist(),
        "add_to_tensor": run(op.add_to_tensor(tf.ones_like(op.to_dense()))).tolist(),
    }
rhs = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]], tf.float64)
d = LO.LinearOperatorDiag(tf.constant([2.0, -3.0, 0.5], tf.float64))
out["diag"] = summary(d, rhs)
out["diag_hints"] = [d.is_non_singular, d.is_self_adjoint, d.is_positive_definite, d.is_square]
bd = LO.LinearOperatorDiag(tf.constant([[1.0, 2.0, 4.0], [3.0, 5.0, 6.0]], tf.float64))
out["diag_batch"] = summary(bd, rhs)
out["diag_batch_shape"] = bd.batch_shape.as_list()
out["diag_inverse"] = run(d.inverse().to_dense()).tolist()
spd = LO.LinearOperatorDiag(tf.constant([4.0, 9.0]), is_positive_definite=True,
                            is_self_adjoint=True)
out["diag_cholesky"] = run(spd.cholesky().to_dense()).tolist()
cd = LO.LinearOperatorDiag(tf.constant([1 + 2j, -1j], tf.complex64))
crhs = tf.constant([[1 + 1j], [2 + 0j]], tf.complex64)
out["diag_complex_adjoint"] = cv(run([cd.matmul(crhs, adjoint=True), cd.solve(crhs, adjoint=True)]))
m = tf.constant([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]], tf.float64)
f = LO.LinearOperatorFullMatrix(m, is_self_adjoint=True, is_positive_definite=True)
out["full_spd"] = summary(f, rhs)
out["full_spd_cholesky"] = run(f.cholesky().to_dense()).tolist()
gm = tf.constant([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [4.0, 0.0, 1.0]], tf.float64)
out["full_general"] = summary(LO.LinearOperatorFullMatrix(gm), rhs)
out["full_rect_shape"] = LO.LinearOperatorFullMatrix(tf.ones([2, 3, 4])).shape.as_list()
rect = LO.LinearOperatorFullMatrix(tf.ones([3, 4]))
out["full_rect_solve"] = raises(lambda: rect.solve(tf.ones([3, 1])))
out["full_int"] = raises(lambda: LO.LinearOperatorFullMatrix(tf.ones([2, 2], tf.int32)))
out["cholesky_unhinted"] = raises(lambda: LO.LinearOperatorFullMatrix(m).cholesky())
out["inverse_singular_hint"] = raises(lambda: LO.LinearOperatorFullMatrix(
    m, is_non_singular=False).inverse())
out["pd_singular"] = raises(lambda: LO.LinearOperatorDiag([1.0], is_positive_definite=True,
                                                          is_non_singular=False))
out["real_diag_not_sa"] = raises(lambda: LO.LinearOperatorDiag([1.0], is_self_adjoint=False))
out["nonsingular_not_square"] = raises(lambda: LO.LinearOperatorFullMatrix(
    tf.ones([2, 3]), is_non_singular=True, is_square=False))
out["diag_complex_sa"] = raises(lambda: LO.LinearOperatorDiag(tf.constant([1j], tf.complex64),
                                                              is_self_adjoint=True).to_dense())
out["matmul_shape_mismatch"] = raises(lambda: d.matmul(tf.ones([2, 2], tf.float64)))
""",
    # ------------------------- linear_operator_{identity,lower_triangular,zeros}_test
    "linear_operator_identity_triangular": """
LO = tf.linalg
def vals(*ts):
    return [run(t).tolist() for t in ts]
rhs = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]])
i = LO.LinearOperatorIdentity(3)
out["identity"] = [i.shape.as_list(), vals(i.matmul(rhs), i.log_abs_determinant(), i.to_dense(),
                                           i.solve(rhs), i.trace())]
ib = LO.LinearOperatorIdentity(2, batch_shape=[2], dtype=tf.float64)
out["identity_batch"] = [ib.shape.as_list(), vals(ib.to_dense(), ib.determinant())]
out["identity_bad_n"] = raises(lambda: LO.LinearOperatorIdentity(-1))
out["identity_not_pd"] = raises(lambda: LO.LinearOperatorIdentity(2, is_positive_definite=False))
s = LO.LinearOperatorScaledIdentity(3, tf.constant(-2.0))
out["scaled"] = [s.shape.as_list(), vals(s.matmul(rhs), s.log_abs_determinant(), s.determinant(),
                                         s.solve(rhs), s.to_dense())]
sb = LO.LinearOperatorScaledIdentity(2, tf.constant([2.0, 3.0]))
out["scaled_batch"] = [sb.shape.as_list(), vals(sb.to_dense(), sb.determinant())]
lt = LO.LinearOperatorLowerTriangular(tf.constant([[2.0, 9.0, 9.0], [1.0, 3.0, 9.0],
                                                   [0.5, -1.0, 4.0]]))
out["lower"] = vals(lt.to_dense(), lt.matmul(rhs), lt.solve(rhs), lt.log_abs_determinant(),
                    lt.diag_part(), lt.matmul(rhs, adjoint=True), lt.solve(rhs, adjoint=True))
z = LO.LinearOperatorZeros(3)
out["zeros"] = [z.shape.as_list(), vals(z.matmul(rhs), z.to_dense(), z.diag_part(),
                                        z.determinant())]
zr = LO.LinearOperatorZeros(2, num_columns=3, batch_shape=[2], is_square=False,
                            is_self_adjoint=False)
out["zeros_rect"] = [zr.shape.as_list(), vals(zr.matmul(tf.ones([3, 4])))]
out["zeros_rect_self_adjoint"] = raises(lambda: LO.LinearOperatorZeros(2, num_columns=3,
                                                                       is_square=False))
out["zeros_solve"] = raises(lambda: z.solve(rhs))
out["zeros_non_singular"] = raises(lambda: LO.LinearOperatorZeros(2, is_non_singular=True))
""",
    # ------- linear_operator_{composition,kronecker,block_diag,inversion,adjoint}_test
    "linear_operator_combinations": """
LO = tf.linalg
def vals(*ts):
    return [run(t).tolist() for t in ts]
a = LO.LinearOperatorFullMatrix(tf.constant([[1.0, 2.0], [0.0, 3.0]], tf.float64))
b = LO.LinearOperatorDiag(tf.constant([2.0, -1.0], tf.float64))
c = LO.LinearOperatorFullMatrix(tf.constant([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [3.0, 1.0, 0.0]],
                                            tf.float64))
rhs2 = tf.constant([[1.0], [2.0]], tf.float64)
comp = LO.LinearOperatorComposition([a, b])
out["composition"] = [comp.shape.as_list(), vals(comp.to_dense(), comp.matmul(rhs2),
                                                 comp.solve(rhs2), comp.log_abs_determinant())]
out["composition_mismatch"] = raises(lambda: LO.LinearOperatorComposition([a, c]))
out["composition_empty"] = raises(lambda: LO.LinearOperatorComposition([]))
kr = LO.LinearOperatorKronecker([a, b])
rhs4 = tf.constant(np.arange(8.0).reshape(4, 2))
out["kronecker"] = [kr.shape.as_list(), vals(kr.to_dense(), kr.matmul(rhs4), kr.solve(rhs4),
                                             kr.determinant(), kr.trace())]
bd = LO.LinearOperatorBlockDiag([a, c])
rhs5 = tf.constant(np.arange(10.0).reshape(5, 2))
out["block_diag"] = [bd.shape.as_list(), vals(bd.to_dense(), bd.matmul(rhs5), bd.solve(rhs5),
                                              bd.log_abs_determinant())]
inv = LO.LinearOperatorInversion(a)
out["inversion"] = vals(inv.to_dense(), inv.matmul(rhs2), inv.solve(rhs2), inv.determinant())
out["inversion_singular"] = raises(lambda: LO.LinearOperatorInversion(
    LO.LinearOperatorFullMatrix(tf.ones([2, 2]), is_non_singular=False)))
adj = LO.LinearOperatorAdjoint(a)
out["adjoint"] = vals(adj.to_dense(), adj.matmul(rhs2), adj.solve(rhs2),
                      adj.matmul(rhs2, adjoint=True))
cm = LO.LinearOperatorFullMatrix(tf.constant([[1 + 1j, 2], [0, 1 - 2j]], tf.complex128))
out["adjoint_complex"] = cv(run(LO.LinearOperatorAdjoint(cm).to_dense()))
out["matmul_operator"] = vals(a.matmul(b).to_dense(), a.matmul(b, adjoint=True).to_dense())
out["adjoint_method"] = vals(a.adjoint().to_dense())
""",
    # ------------------------ linear_operator_{householder,permutation,toeplitz}_test
    "linear_operator_structured": """
LO = tf.linalg
def vals(*ts):
    return [run(t).tolist() for t in ts]
rhs = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]], tf.float64)
h = LO.LinearOperatorHouseholder(tf.constant([1.0, 2.0, 2.0], tf.float64))
out["householder"] = vals(h.to_dense(), h.matmul(rhs), h.solve(rhs), h.determinant(), h.trace())
p = LO.LinearOperatorPermutation(tf.constant([2, 0, 1]), dtype=tf.float64)
out["permutation"] = vals(p.to_dense(), p.matmul(rhs), p.solve(rhs), p.determinant(),
                          p.matmul(rhs, adjoint=True))
odd = LO.LinearOperatorPermutation(tf.constant([1, 0, 2]), dtype=tf.float64)
out["permutation_odd"] = vals(odd.determinant())
t = LO.LinearOperatorToeplitz(tf.constant([4.0, 1.0, 0.5], tf.float64),
                              tf.constant([4.0, 2.0, 1.0], tf.float64))
out["toeplitz"] = vals(t.to_dense(), t.matmul(rhs), t.solve(rhs), t.log_abs_determinant())
out["perm_float"] = raises(lambda: LO.LinearOperatorPermutation(tf.constant([1.0, 0.0])))
""",
}

STATE_AND_PY = {
    # ------------------------------------------------------------- dense_update_ops_test
    "dense_update_cases": """
def after(op_fn, init, value, **kw):
    x = tf.Variable(init)
    op = op_fn(x, value, **kw)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = sess.run(op)
        return [v(r), v(sess.run(x))]
for dt in (np.float16, np.float32, np.float64, np.int32, np.int64):
    init = np.array([[1, 2], [3, 4]], dt)
    key = np.dtype(dt).name
    out["assign_" + key] = after(tf.assign, init, np.array([[5, 6], [7, 8]], dt))
    out["add_" + key] = after(tf.assign_add, init, np.array([[1, 1], [2, 2]], dt))
    out["sub_" + key] = after(tf.assign_sub, init, np.array([[1, 1], [2, 2]], dt))
out["use_locking"] = after(tf.assign, np.zeros([2], np.float32), [1.0, 2.0], use_locking=True)
two, three = np.zeros([2], np.float32), [1.0, 2.0, 3.0]
out["no_validate"] = built(lambda: after(tf.assign, two, three, validate_shape=False))
out["shape_mismatch"] = raises(lambda: tf.assign(tf.Variable(two), three))
out["add_shape_mismatch"] = raises(lambda: tf.assign_add(tf.Variable(two), three))
out["add_broadcast"] = raises(lambda: after(tf.assign_add, np.zeros([2, 2], np.float32), [1.0, 2]))
out["dtype_mismatch"] = raises(lambda: tf.assign(tf.Variable([1.0]), tf.constant([1], tf.int32)))
x = tf.Variable([1.0, 2.0])
a = tf.assign_add(x, [1.0, 1.0])
with tf.Session() as sess:
    out["uninitialized"] = raises(lambda: sess.run(a))
""",
    # -------------------------------------------------------------------- py_func_test
    "py_func_cases": """
def sq(x):
    return x * x
x = tf.constant([1.0, 2.0, 3.0])
out["float"] = v(run(tf.py_func(sq, [x], tf.float32)))
out["int64"] = v(run(tf.py_func(lambda a: a + 1, [tf.constant([1, 2], tf.int64)], tf.int64)))
f32 = tf.float32
out["list_tout"] = v(run(tf.py_func(lambda a, b: [a + b, a - b], [x, x], [f32, f32])))
out["tuple_out"] = v(run(tf.py_func(lambda a: (a, a * 2), [x], (tf.float32, tf.float32))))
def bang(strings):
    return np.array([t + b"!" for t in strings], object)
out["string"] = [b.decode() for b in run(tf.py_func(bang, [tf.constant(["a", "bc"])], tf.string))]
out["string_scalar"] = run(tf.py_func(lambda: b"hi", [], tf.string)).decode()
out["no_inputs"] = v(run(tf.py_func(lambda: np.array(3.5, np.float32), [], tf.float32)))
out["shape_unknown"] = shape(tf.py_func(sq, [x], tf.float32))
out["wrong_dtype"] = fails(tf.py_func(lambda a: a.astype(np.float64), [x], tf.float32))
out["python_float"] = fails(tf.py_func(lambda: 1.5, [], tf.float32))
out["python_float64"] = v(run(tf.py_func(lambda: 1.5, [], tf.float64)))
out["python_int"] = v(run(tf.py_func(lambda: 7, [], tf.int64)))
out["python_list"] = fails(tf.py_func(lambda: [1.0, 2.0], [], tf.float64))
out["python_list_one"] = v(run(tf.py_func(lambda: [1.0], [], tf.float64)))
def throws(exc):
    def f(a):
        raise exc
    return f
out["raises_value_error"] = fails(tf.py_func(throws(ValueError("no")), [x], tf.float32))
out["raises_stop_iteration"] = fails(tf.py_func(throws(StopIteration()), [x], tf.float32))
out["raises_index_error"] = fails(tf.py_func(lambda a: [][1], [x], tf.float32))
out["raises_not_impl"] = fails(tf.py_func(throws(NotImplementedError("n")), [x], tf.float32))
out["too_few_outputs"] = fails(tf.py_func(lambda a: a, [x], [tf.float32, tf.float32]))
out["none_result"] = fails(tf.py_func(lambda a: None, [x], tf.float32))
out["none_no_tout"] = v(run(tf.py_func(lambda a: None, [x], [])))
out["numpy_function"] = v(run(tf.numpy_function(lambda a: a * 3, [x], tf.float32)))
out["bool"] = v(run(tf.py_func(lambda a: a > 1.5, [x], tf.bool)))
out["complex"] = cv(run(tf.py_func(lambda a: a.astype(np.complex64) * 1j, [x], tf.complex64)))
out["grad_none"] = tf.gradients(tf.py_func(sq, [x], tf.float32), x)[0] is None
""",
    # ----------------------------------------------------------------------- scalar_test
    "scalar_arguments": """
def either(f):
    return raises(lambda: run(f())) or v(run(f()))
out["concat_axis_vector"] = either(lambda: tf.concat([[1], [2]], [0]))
out["fill_value_vector"] = either(lambda: tf.fill([2], [1.0]))
out["reshape_shape_scalar"] = either(lambda: tf.reshape(tf.constant([3]), 1))
out["one_hot_depth_vector"] = either(lambda: tf.one_hot([0, 1], [3]))
out["range_limit_vector"] = either(lambda: tf.range([5]))
out["split_dim_vector"] = either(lambda: tf.split(tf.ones([4]), 2, axis=[0]))
out["tile_multiples_scalar"] = either(lambda: tf.tile(tf.ones([2]), 2))
out["random_shape_scalar"] = either(lambda: tf.shape(tf.random.uniform(3)))
out["pad_paddings_vector"] = either(lambda: tf.pad(tf.ones([2]), [1, 1]))
out["expand_dims_axis_vector"] = either(lambda: tf.expand_dims(tf.ones([2]), [0]))
out["reduce_axis_scalar"] = either(lambda: tf.reduce_sum(tf.ones([2, 3]), 1))
out["cumsum_axis_vector"] = either(lambda: tf.cumsum(tf.ones([3]), axis=[0]))
out["gather_axis_vector"] = either(lambda: tf.gather(tf.ones([3]), [0], axis=[0]))
out["matrix_band_vector"] = either(lambda: tf.linalg.band_part(tf.ones([2, 2]), [0], [0]))
out["linspace_num_vector"] = either(lambda: tf.linspace(0.0, 1.0, [3]))
""",
}

PROGRAMS = {
    **MATH, **NN, **LINALG, **ARRAY, **STRINGS, **SIGNAL, **RANDOM, **SPARSE, **IMAGE,
    **LINEAR_OPERATORS, **STATE_AND_PY,
}  # fmt: skip

if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX, collections=collections)
