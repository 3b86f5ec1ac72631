"""A fifth round of TensorFlow's own kernel tests as TF1 programs, recorded (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_kernel_tests5.py \
        > tests/unit/engine/fixtures/tf1_kernel_tests5.json

The four earlier rounds (tf1_kernel_tests.py to 4; their docstrings list them) took about
eighty kernel-test files. This round takes what they left of array_ops/ (gather_nd_op_test's
batch and string cases, scatter_nd_ops_test's variable min/max/sub and its non-aliasing add,
batch_scatter_ops_test, batchtospace_op_test and spacetobatch_op_test's validation and
gradients, depthtospace_op_test, edit_distance_op_test's normalisation and empty truths,
extract_image_patches and extract_volume_patches, manip_ops_test's repeated axes,
broadcast_to_ops_test, shape_ops_test's tile and expand_dims, split_op_test's size_splits
with -1, stack and unstack gradients), math_ops/ (segment_reduction_ops_test's unsorted
segments with negative ids, cwise_ops_binary_test's division and modulo sign rules of every
integer dtype, cwise_ops_unary_test at edge values, clip_ops_test's clip_by_global_norm of
infinities and NaN, bincount_op_test, topk_op_test, in_topk_op_test's non-finite
predictions, argmax_op_test's ties and NaN, accumulate_n, batch_matmul broadcasting,
cumulative_logsumexp), nn_ops/ (conv3d, conv2d_transpose's output shapes, 3-D pooling,
ctc_loss_op_test, betainc, losses_test's weights and reductions), linalg/ (cholesky's
gradient, matrix_triangular_solve batched and adjoint, svd, matrix_exponential,
matrix_logarithm, tridiagonal_solve, lu_op_test, the gradients of eigh, svd, qr and
determinants), random/ (shapes, and seeded values of every sampler), fractional pools,
fingerprints, special functions, image_ops_test's leftovers,
sparse_ops/ (slice, split, concat, reorder, reshape, fill_empty_rows, sparse_segment_* with
num_segments) and strings_ops/ (string_format, reduce_join, regex_replace,
unicode_transcode, strip/lower/upper, as_string's precision, width and fill).

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

ARRAY = {
    # -------------------------------------------------------------------- gather_nd_op_test
    "gather_nd_more": """
p = tf.constant(np.arange(24).reshape(2, 3, 4))
out["batch_dims1"] = v(run(tf.gather_nd(p, [[1], [0]], batch_dims=1)))
out["batch_dims1_pairs"] = v(run(tf.gather_nd(p, [[[1, 2]], [[0, 3]]], batch_dims=1)))
out["batch_dims2"] = v(run(tf.gather_nd(p, [[[1], [2], [0]], [[0], [0], [3]]], batch_dims=2)))
out["full_index"] = v(run(tf.gather_nd(p, [[1, 2, 3], [0, 0, 0]])))
out["empty_index_rows"] = v(run(tf.gather_nd(p, np.zeros([0, 2], np.int32))))
out["whole"] = v(run(tf.gather_nd(p, np.zeros([2, 0], np.int32))))
out["int64_idx"] = v(run(tf.gather_nd(p, tf.constant([[1, 1]], tf.int64))))
s = tf.constant([["a", "b"], ["c", "d"]])
out["strings"] = [b.decode() for b in run(tf.gather_nd(s, [[1, 0], [0, 1]]))]
out["hi_rank_idx"] = v(run(tf.gather_nd(p, [[[[0, 1]], [[1, 2]]]])))
out["oob"] = raises(lambda: run(tf.gather_nd(p, [[2, 0]])))
out["too_deep"] = raises(lambda: tf.gather_nd(p, [[0, 0, 0, 0]]))
out["float_idx"] = raises(lambda: tf.gather_nd(p, [[0.0]]))
out["scalar_params"] = raises(lambda: tf.gather_nd(tf.constant(1), [[0]]))
f = tf.constant(np.arange(12.0).reshape(3, 4), tf.float32)
g = tf.gradients(tf.reduce_sum(tf.gather_nd(f, [[1], [1], [2]]) * [[1.0], [2.0], [3.0]]), f)[0]
out["grad_dups"] = run(tf.convert_to_tensor(g)).tolist()
gb = tf.gradients(tf.reduce_sum(tf.gather_nd(f, [[1], [3], [3]], batch_dims=1) ** 2), f)[0]
out["grad_batch"] = run(tf.convert_to_tensor(gb)).tolist()
ph = tf.placeholder(tf.float32, [None, None])
out["shape_fed"] = shape(tf.gather_nd(ph, tf.placeholder(tf.int32, [5, 1])))
""",
    # ---------------------------------------------------------------- scatter_nd_ops_test
    "scatter_nd_variable_ops": """
def var_op(fn, init, idx, upd):
    x = tf.Variable(init)
    op = fn(x, idx, upd)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(op)
        return v(sess.run(x))
init = np.array([1.0, 5.0, 3.0, 8.0], np.float32)
out["min"] = var_op(lambda x, i, u: x.scatter_nd_min(i, u), init, [[0], [3], [3]], [0.5, 9.0, 2.0])
out["max"] = var_op(lambda x, i, u: x.scatter_nd_max(i, u), init, [[1], [1], [2]], [7.0, 6.0, 0.0])
out["sub"] = var_op(tf.scatter_nd_sub, init, [[2], [2]], [1.0, 1.5])
out["add_int"] = var_op(tf.scatter_nd_add, np.array([[1, 2], [3, 4]], np.int32), [[1]], [[10, 20]])
out["update_rows"] = var_op(tf.scatter_nd_update, np.zeros([3, 2], np.float32), [[2], [0]],
                            [[1.0, 2.0], [3.0, 4.0]])
out["min_int64"] = var_op(lambda x, i, u: x.scatter_nd_min(i, u), np.array([5, -5], np.int64),
                          [[1], [0]], np.array([-9, 7], np.int64))
t = tf.constant([1, 2, 3, 4])
out["scatter_nd_int8"] = v(run(tf.scatter_nd([[1], [1]], tf.constant([100, 100], tf.int8), [3])))
out["scatter_nd_bool"] = built(lambda: v(run(tf.scatter_nd([[1]], [True], [3]))))
out["scatter_nd_string"] = built(lambda: [b.decode() for b in run(tf.scatter_nd([[1]], ["a"],
                                                                                [2]))])
out["shape_mismatch"] = raises(lambda: tf.scatter_nd([[0]], [1.0, 2.0], [3]))
out["neg_shape"] = raises(lambda: run(tf.scatter_nd([[0]], [1.0], [-1])))
out["oob_var"] = raises(lambda: var_op(tf.scatter_nd_update, init, [[4]], [1.0]))
out["tmin_int"] = v(run(tf.tensor_scatter_nd_min(t, [[1], [1]], [0, -3])))
out["tmax_2d"] = v(run(tf.tensor_scatter_nd_max(tf.zeros([2, 2]), [[0, 1], [1, 0]], [-1.0, 4.0])))
out["tsub_rows"] = v(run(tf.tensor_scatter_nd_sub(tf.ones([2, 3]), [[1], [1]], tf.ones([2, 3]))))
""",
    # ------------------------------------------------------------- batch_scatter_ops_test
    "batch_scatter_update": """
x = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
u = tf.compat.v1.batch_scatter_update(x, [[2, 0], [1, 1]], [[10.0, 20.0], [30.0, 30.0]])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["rank2"] = v(sess.run(u))
y = tf.Variable(np.arange(12.0).reshape(2, 2, 3), dtype=tf.float32)
u3 = tf.compat.v1.batch_scatter_update(y, [[[0], [2]], [[1], [1]]], -np.ones([2, 2, 1]))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["rank3"] = v(sess.run(u3))
z = tf.Variable([[1, 2], [3, 4]])
u1 = tf.compat.v1.batch_scatter_update(z, [[1], [0]], [[9], [8]])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["int"] = v(sess.run(u1))
out["bad_rank"] = raises(lambda: tf.compat.v1.batch_scatter_update(x, [1, 0], [1.0, 2.0]))
""",
    # --------------------------------------------- spacetobatch_op_test, batchtospace_op_test
    "space_batch_more": """
x = tf.constant(np.arange(1.0, 17.0).reshape(1, 4, 4, 1), tf.float32)
out["s2b_pad"] = v(run(tf.space_to_batch_nd(x, [2, 2], [[1, 1], [0, 2]])))
out["s2b_1d"] = v(run(tf.space_to_batch_nd(tf.reshape(tf.range(6), [1, 6, 1]), [3], [[0, 0]])))
out["s2b_block1"] = v(run(tf.space_to_batch_nd(x, [1, 1], [[0, 0], [0, 0]])))
out["s2b_3d_block"] = shape(tf.space_to_batch_nd(tf.zeros([2, 4, 6, 2, 3]), [2, 3, 1],
                                                 [[0, 0], [0, 0], [0, 0]]))
out["s2b_v1"] = v(run(tf.space_to_batch(x, [[0, 0], [0, 0]], 2)))
out["s2b_not_divisible"] = raises(lambda: tf.space_to_batch_nd(x, [3, 3], [[0, 0], [0, 0]]))
out["s2b_neg_pad"] = raises(lambda: tf.space_to_batch_nd(x, [2, 2], [[-1, 1], [0, 0]]))
out["s2b_zero_block"] = raises(lambda: tf.space_to_batch_nd(x, [0, 2], [[0, 0], [0, 0]]))
b = tf.constant(np.arange(1.0, 17.0).reshape(4, 2, 2, 1), tf.float32)
out["b2s_crop"] = v(run(tf.batch_to_space_nd(b, [2, 2], [[1, 0], [0, 1]])))
out["b2s_v1"] = v(run(tf.batch_to_space(b, [[0, 0], [1, 1]], 2)))
out["b2s_batch_not_div"] = raises(lambda: tf.batch_to_space_nd(tf.zeros([3, 2, 2, 1]), [2, 2],
                                                              [[0, 0], [0, 0]]))
out["b2s_crop_too_big"] = raises(lambda: tf.batch_to_space_nd(b, [2, 2], [[3, 2], [0, 0]]))
pb = tf.placeholder(tf.int32, [2])
out["fed_block_shape"] = built(lambda: shape(tf.space_to_batch_nd(x, pb, [[0, 0], [0, 0]])))
out["fed_block"] = built(lambda: v(run(tf.space_to_batch_nd(x, pb, [[0, 0], [0, 0]]),
                                       {pb: [4, 1]})))
g = tf.gradients(tf.reduce_sum(tf.space_to_batch_nd(x, [2, 2], [[1, 1], [0, 2]]) ** 2), x)[0]
out["s2b_grad"] = run(g).tolist()
gb = tf.gradients(tf.reduce_sum(tf.batch_to_space_nd(b, [2, 2], [[1, 0], [0, 1]]) *
                                tf.reshape(tf.range(9.0), [1, 3, 3, 1])), b)[0]
out["b2s_grad"] = run(gb).tolist()
""",
    # ----------------------------------------------- depthtospace_op_test, spacetodepth
    "depth_space_more": """
x = tf.constant(np.arange(16).reshape(1, 1, 1, 16))
out["d2s_4"] = v(run(tf.depth_to_space(x, 4)))
out["d2s_2"] = v(run(tf.depth_to_space(tf.reshape(tf.range(32), [2, 2, 1, 8]), 2)))
out["d2s_uint8"] = v(run(tf.depth_to_space(tf.cast(x, tf.uint8), 2)))
out["d2s_bad_depth"] = raises(lambda: tf.depth_to_space(tf.zeros([1, 1, 1, 6]), 2))
out["d2s_block1"] = raises(lambda: tf.depth_to_space(tf.zeros([1, 1, 1, 4]), 1))
out["d2s_rank3"] = raises(lambda: tf.depth_to_space(tf.zeros([1, 1, 4]), 2))
y = tf.constant(np.arange(48.0).reshape(1, 4, 4, 3), tf.float32)
out["s2d_2"] = v(run(tf.space_to_depth(y, 2)))
out["s2d_4"] = shape(tf.space_to_depth(y, 4))
out["s2d_not_div"] = raises(lambda: tf.space_to_depth(y, 3))
out["round_trip"] = v(run(tf.depth_to_space(tf.space_to_depth(y, 2), 2)))
g = tf.gradients(tf.reduce_sum(tf.space_to_depth(y, 2) * tf.range(12.0)), y)[0]
out["s2d_grad"] = run(g).tolist()
gd = tf.gradients(tf.reduce_sum(tf.depth_to_space(tf.tile(y, [1, 1, 1, 4]), 2) *
                                tf.reshape(tf.range(192.0), [1, 8, 8, 3])), y)[0]
out["d2s_grad"] = run(gd).tolist()
p = tf.placeholder(tf.float32, [None, 2, None, 8])
out["d2s_shape_unknown"] = shape(tf.depth_to_space(p, 2))
""",
    # ---------------------------------------------------------------- edit_distance_op_test
    "edit_distance_more": """
def st(idx, vals, sh):
    return tf.SparseTensor(tf.constant(idx, tf.int64), tf.constant(vals), tf.constant(sh, tf.int64))
h = st([[0, 0], [0, 1], [1, 0]], ["a", "b", "c"], [2, 2])
t = st([[0, 0], [1, 0], [1, 1]], ["a", "c", "d"], [2, 2])
out["norm"] = v(run(tf.edit_distance(h, t)))
out["unnorm"] = v(run(tf.edit_distance(h, t, normalize=False)))
e = st(np.zeros([0, 2]), np.array([], str), [2, 2])
out["empty_truth"] = v(run(tf.edit_distance(h, e)))
out["empty_truth_unnorm"] = v(run(tf.edit_distance(h, e, normalize=False)))
out["empty_hyp"] = v(run(tf.edit_distance(e, t)))
h3 = st([[0, 0, 0], [0, 1, 0], [0, 1, 1]], [1, 2, 3], [1, 3, 2])
t3 = st([[0, 0, 0], [0, 0, 1], [0, 2, 0]], [1, 5, 7], [1, 3, 2])
out["rank3"] = v(run(tf.edit_distance(h3, t3)))
ht = st([[0, 0], [0, 1]], [1, 2], [1, 4])
tt = st([[0, 0]], [1], [3, 1])
out["bigger_truth_shape"] = v(run(tf.edit_distance(ht, tt)))
out["dtype_mismatch"] = raises(lambda: tf.edit_distance(h, h3))
""",
    # -------------------------------------- extract_image_patches, extract_volume_patches
    "extract_patches_more": """
x = tf.constant(np.arange(1.0, 26.0).reshape(1, 5, 5, 1), tf.float32)
ex = tf.image.extract_patches
out["valid_k2"] = v(run(ex(x, [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], "VALID")))
out["same_k3_s2"] = v(run(ex(x, [1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "SAME")))
out["rates2"] = v(run(ex(x, [1, 2, 2, 1], [1, 3, 3, 1], [1, 2, 2, 1], "VALID")))
out["rates2_same"] = v(run(ex(x, [1, 2, 2, 1], [1, 3, 3, 1], [1, 2, 2, 1], "SAME")))
out["k1"] = shape(ex(x, [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID"))
out["too_big"] = built(lambda: v(run(ex(x, [1, 6, 6, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID"))))
c = tf.constant(np.arange(32).reshape(1, 4, 4, 2))
out["channels_int"] = v(run(ex(c, [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], "VALID")))
out["bad_ksize"] = raises(lambda: run(ex(x, [2, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID")))
g = tf.gradients(tf.reduce_sum(ex(x, [1, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1], "SAME") ** 2), x)
out["grad"] = run(g[0]).tolist()
vol = tf.constant(np.arange(1.0, 28.0).reshape(1, 3, 3, 3, 1), tf.float32)
evp = tf.extract_volume_patches
out["vol_valid"] = v(run(evp(vol, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID")))
out["vol_same"] = v(run(evp(vol, [1, 2, 1, 2, 1], [1, 2, 2, 2, 1], "SAME")))
out["vol_grad"] = built(lambda: run(tf.gradients(tf.reduce_sum(evp(
    vol, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID") ** 2), vol)[0]).tolist())
""",
    # ---------------------------------------------------------------------- manip_ops_test
    "roll_more": """
x = tf.constant(np.arange(24).reshape(2, 3, 4))
out["repeat_axis"] = v(run(tf.roll(x, [1, 2], [2, 2])))
out["repeat_axis_neg"] = v(run(tf.roll(x, [1, -3], [1, -2])))
out["big_shift"] = v(run(tf.roll(x, 1000001, 2)))
out["neg_big"] = v(run(tf.roll(x, -7, 0)))
out["int64_shift"] = v(run(tf.roll(x, tf.constant([1, 1], tf.int64), tf.constant([0, 1],
                                                                              tf.int64))))
out["scalar"] = raises(lambda: run(tf.roll(tf.constant(3), 1, 0)))
out["axis_oob"] = raises(lambda: run(tf.roll(x, 1, 3)))
out["len_mismatch"] = raises(lambda: run(tf.roll(x, [1, 2], [0])))
out["strings"] = [[b.decode() for b in r] for r in run(tf.roll(tf.constant([["a", "b", "c"]]),
                                                               -1, 1))]
out["empty"] = v(run(tf.roll(tf.zeros([0, 3]), 2, 1)))
p = tf.placeholder(tf.int32, [])
out["fed"] = v(run(tf.roll(x[0], p, 1), {p: -5}))
f = tf.constant(np.arange(6.0).reshape(2, 3), tf.float32)
g = tf.gradients(tf.reduce_sum(tf.roll(f, [1, 1], [1, 1]) * [[1.0, 2.0, 3.0]]), f)[0]
out["grad_repeat"] = run(g).tolist()
""",
    # ---------------------------------------------------------- broadcast_to_ops_test
    "broadcast_to_more": """
out["scalar_to"] = v(run(tf.broadcast_to(tf.constant(3, tf.int8), [2, 3])))
out["same"] = v(run(tf.broadcast_to(tf.constant([1.0, 2.0]), [2])))
out["int64_shape"] = v(run(tf.broadcast_to([1, 2], tf.constant([3, 2], tf.int64))))
out["middle"] = v(run(tf.broadcast_to(tf.reshape(tf.range(3), [3, 1]), [2, 3, 4])))
out["zero_dim"] = v(run(tf.broadcast_to(tf.constant([1.0]), [0, 3])))
out["to_scalar_shape"] = v(run(tf.broadcast_to(tf.constant(5), [])))
out["bool"] = v(run(tf.broadcast_to(tf.constant([True, False]), [2, 2])))
out["string"] = [[b.decode() for b in r] for r in run(tf.broadcast_to(tf.constant(["x"]), [2, 1]))]
out["incompatible"] = raises(lambda: tf.broadcast_to(tf.constant([1, 2, 3]), [2, 2]))
out["fewer_dims"] = raises(lambda: tf.broadcast_to(tf.zeros([2, 3]), [3]))
p = tf.placeholder(tf.int32, [2])
out["fed_shape"] = shape(tf.broadcast_to(tf.constant([1.0]), p))
out["fed_bad"] = fails(tf.broadcast_to(tf.constant([1.0, 2.0]), p), {p: [2, 3]})
x = tf.constant([[1.0], [2.0]])
g = tf.gradients(tf.reduce_sum(tf.broadcast_to(x, [3, 2, 4]) * tf.reshape(tf.range(24.0),
                                                                        [3, 2, 4])), x)[0]
out["grad"] = run(g).tolist()
s = tf.constant(2.0)
out["grad_scalar"] = float(run(tf.gradients(tf.reduce_sum(tf.broadcast_to(s, [4, 5])), s)[0]))
""",
    # ------------------------------------------------------------------- shape_ops_test
    "shape_tile_expand_more": """
x = tf.constant(np.arange(6.0).reshape(2, 3), tf.float32)
out["tile_zero"] = v(run(tf.tile(x, [0, 2])))
out["tile_int64_mult"] = v(run(tf.tile(x, tf.constant([2, 1], tf.int64))))
out["tile_string"] = [[b.decode() for b in r] for r in run(tf.tile(tf.constant([["a", "b"]]),
                                                                   [2, 2]))]
out["tile_neg"] = raises(lambda: run(tf.tile(x, [-1, 1])))
out["tile_wrong_len"] = raises(lambda: tf.tile(x, [1, 1, 1]))
out["tile_bool"] = v(run(tf.tile(tf.constant([True, False]), [3])))
g = tf.gradients(tf.reduce_sum(tf.tile(x, [3, 2]) * tf.reshape(tf.range(36.0), [6, 6])), x)[0]
out["tile_grad"] = run(g).tolist()
g0 = tf.gradients(tf.reduce_sum(tf.tile(x, [0, 2])), x)[0]
out["tile_grad_zero"] = run(g0).tolist()
p = tf.placeholder(tf.int32, [2])
gp = tf.gradients(tf.reduce_sum(tf.tile(x, p) ** 2), x)[0]
out["tile_grad_fed"] = run(gp, {p: [2, 3]}).tolist()
out["tile_shape_fed"] = shape(tf.tile(x, p))
out["expand_neg"] = shape(tf.expand_dims(x, -1))
out["expand_neg3"] = shape(tf.expand_dims(x, -3))
out["expand_oob"] = raises(lambda: tf.expand_dims(x, 3))
out["expand_oob_neg"] = raises(lambda: tf.expand_dims(x, -4))
out["expand_tensor_axis"] = v(run(tf.expand_dims(x, tf.constant(1, tf.int64))))
out["expand_scalar"] = shape(tf.expand_dims(tf.constant(1), 0))
out["squeeze_bad"] = raises(lambda: tf.squeeze(x, [0]))
out["squeeze_neg"] = shape(tf.squeeze(tf.zeros([1, 2, 1]), [-1]))
out["size_int64"] = v(run(tf.size(x, out_type=tf.int64)))
out["shape_n"] = v(run(tf.shape_n([x, tf.zeros([4])])))
pr = tf.placeholder(tf.float32)
out["rank_fed"] = v(run(tf.rank(pr), {pr: np.zeros([2, 2, 2])}))
""",
    # ---------------------------------------------------- split_op_test, stack/unstack tests
    "split_stack_more": """
x = tf.constant(np.arange(20.0).reshape(4, 5), tf.float32)
out["size_splits_neg1"] = v(run(tf.split(x, [1, -1, 2], axis=1)))
out["size_splits_neg1_zero"] = v(run(tf.split(x, [4, -1], axis=0)))
out["size_splits_two_neg"] = raises(lambda: tf.split(x, [-1, -1], axis=1))
out["size_splits_sum"] = raises(lambda: tf.split(x, [1, 2], axis=1))
out["size_splits_int64"] = v(run(tf.split(x, tf.constant([2, 3], tf.int64), axis=1)))
out["num_not_div"] = raises(lambda: tf.split(x, 3, axis=1))
out["axis_neg"] = v(run(tf.split(x, 2, axis=-2)))
out["axis_tensor"] = v(run(tf.split(x, [3, 2], axis=tf.constant(1))))
out["zero_size_piece"] = v(run(tf.split(x, [0, 5], axis=1)))
ps = tf.placeholder(tf.int32, [3])
parts = tf.split(x, ps, axis=1)
out["fed_sizes_shape"] = [shape(t) for t in parts]
out["fed_sizes"] = v(run(parts, {ps: [2, -1, 1]}))
g = tf.gradients(tf.reduce_sum(parts[0] * 2.0) + tf.reduce_sum(parts[2] * 3.0), x)[0]
out["grad_fed"] = run(g, {ps: [2, -1, 1]}).tolist()
ga = tf.gradients(tf.reduce_sum(tf.split(x, [1, -1, 2], axis=1)[1]), x)[0]
out["grad_unused"] = run(ga).tolist()
st = tf.stack([x[0], x[1] * 2.0], axis=-1)
out["stack_neg_axis"] = v(run(st))
out["stack_grad"] = run(tf.gradients(tf.reduce_sum(st * [[1.0, 2.0]] * 1.0), x)[0]).tolist()
us = tf.unstack(x, axis=1)
out["unstack_grad_partial"] = run(tf.gradients(us[1] * 3.0 + us[4], x)[0]).tolist()
out["unstack_num"] = raises(lambda: tf.unstack(tf.placeholder(tf.float32, [None, 2])))
out["unstack_num_given"] = len(tf.unstack(tf.placeholder(tf.float32, [None, 2]), num=3))
out["stack_mismatch"] = raises(lambda: tf.stack([tf.zeros([2]), tf.zeros([3])]))
out["parallel_stack"] = v(run(tf.parallel_stack([tf.constant([1, 2]), tf.constant([3, 4])])))
""",
}

MATH = {
    # ---------------------------------------------------------- segment_reduction_ops_test
    "unsorted_segments_negative_ids": """
d = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])
ids = tf.constant([0, -1, 2, -1, 0])
out["sum"] = v(run(tf.math.unsorted_segment_sum(d, ids, 3)))
out["max"] = v(run(tf.math.unsorted_segment_max(d, ids, 3)))
out["min"] = v(run(tf.math.unsorted_segment_min(d, ids, 3)))
out["prod"] = v(run(tf.math.unsorted_segment_prod(d, ids, 3)))
out["mean"] = v(run(tf.math.unsorted_segment_mean(d, ids, 3)))
out["sqrt_n"] = v(run(tf.math.unsorted_segment_sqrt_n(d, ids, 3)))
out["int_max_empty"] = v(run(tf.math.unsorted_segment_max(tf.constant([1, 2], tf.int32),
                                                         [0, 0], 2)))
out["int_min_empty"] = v(run(tf.math.unsorted_segment_min(tf.constant([1, 2], tf.int64),
                                                         [1, 1], 2)))
out["int64_ids"] = v(run(tf.math.unsorted_segment_sum(d, tf.constant([1, 1, 0, 0, -1],
                                                                      tf.int64), 2)))
out["int64_num"] = v(run(tf.math.unsorted_segment_sum(d, ids, tf.constant(3, tf.int64))))
out["oob_id"] = raises(lambda: run(tf.math.unsorted_segment_sum(d, [0, 1, 2, 3, 4], 3)))
out["zero_segments"] = v(run(tf.math.unsorted_segment_sum(d, [-1] * 5, 0)))
m = tf.constant(np.arange(12.0).reshape(4, 3), tf.float32)
mi = tf.constant([[0, -1], [1, 1]])
out["2d_ids"] = v(run(tf.math.unsorted_segment_sum(tf.reshape(m, [2, 2, 3]), mi, 2)))
dd = tf.constant([1.0, 5.0, 3.0, 5.0, 2.0])
gmax = tf.gradients(tf.reduce_sum(tf.math.unsorted_segment_max(dd, [0, 0, -1, 0, 1], 2)), dd)
out["max_grad_ties"] = run(gmax[0]).tolist()
gsum = tf.gradients(tf.reduce_sum(tf.math.unsorted_segment_sum(d, ids, 3) * [1.0, 2.0, 3.0]), d)
out["sum_grad_neg"] = run(gsum[0]).tolist()
gp = tf.gradients(tf.reduce_sum(tf.math.unsorted_segment_prod(d, ids, 3)), d)
out["prod_grad_neg"] = run(gp[0]).tolist()
gm = tf.gradients(tf.reduce_sum(tf.math.unsorted_segment_mean(d, ids, 3)), d)
out["mean_grad_neg"] = run(gm[0]).tolist()
""",
    # ------------------------------------------------ cwise_ops_binary_test: the dtype matrix
    "int_division_sign_rules": """
a = [7, -7, 7, -7, 0, 1, -1]
b = [2, 2, -2, -2, 3, -3, 3]
ops = (tf.math.floordiv, tf.math.floormod, tf.truncatediv, tf.truncatemod)
for dt in (tf.int8, tf.int16, tf.int32, tf.int64, tf.uint8, tf.uint16):
    if dt.is_unsigned:
        x, y = tf.constant([7, 250, 0], dt), tf.constant([2, 7, 3], dt)
    else:
        x, y = tf.constant(a, dt), tf.constant(b, dt)
    out[dt.name] = [built(lambda: v(run(op(x, y)))) for op in ops]
    out[dt.name + "_operators"] = built(lambda: v(run([x // y, x % y])))
for dt in (tf.float32, tf.float64, tf.float16):
    x = tf.constant([7.5, -7.5, 7.5, -7.5, 0.0, -0.0], dt)
    y = tf.constant([2.0, 2.0, -2.0, -2.0, -3.0, 3.0], dt)
    # TF has no float16 TruncateMod kernel; a node without one fails every later run.
    fops = ops[:2] + (tf.math.divide,) if dt == tf.float16 else (*ops, tf.math.divide)
    out[dt.name] = [built(lambda: v(run(op(x, y)))) for op in fops]
out["int_div_zero"] = fails(tf.math.floordiv(tf.constant([1]), tf.constant([0])))
out["int_mod_zero"] = fails(tf.math.floormod(tf.constant([1]), tf.constant([0])))
out["int_truncmod_zero"] = fails(tf.truncatemod(tf.constant([1]), tf.constant([0])))
out["float_mod_zero"] = v(run(tf.math.floormod(tf.constant([1.0, -1.0, 0.0]), 0.0)))
out["float_mod_inf"] = v(run(tf.math.floormod(tf.constant([1.0, -1.0, np.inf]),
                                              tf.constant([np.inf, np.inf, 2.0]))))
out["float_floordiv_inf"] = v(run(tf.math.floordiv(tf.constant([1.0, -1.0]), np.inf)))
out["int32_min_div"] = v(run(tf.math.floordiv(tf.constant([-2147483648], tf.int32),
                                             tf.constant([1], tf.int32))))
out["truediv_int8"] = v(run(tf.truediv(tf.constant([3], tf.int8), tf.constant([2], tf.int8))))
out["truediv_int64"] = v(run(tf.truediv(tf.constant([3], tf.int64), tf.constant([2], tf.int64))))
out["div_int16"] = v(run(tf.div(tf.constant([-7], tf.int16), tf.constant([2], tf.int16))))
out["xdivy"] = v(run(tf.math.xdivy(tf.constant([0.0, 0.0, 1.0]), tf.constant([0.0, 2.0, 0.0]))))
out["xlogy"] = v(run(tf.math.xlogy(tf.constant([0.0, 0.0, 2.0]), tf.constant([0.0, -1.0, 0.0]))))
out["xlog1py"] = v(run(tf.math.xlog1py(tf.constant([0.0, 1.0]), tf.constant([-1.0, -1.0]))))
out["div_no_nan_int"] = built(lambda: v(run(tf.math.divide_no_nan(tf.constant([4, 3]),
                                                                  tf.constant([0, 2])))))
out["div_no_nan_f"] = v(run(tf.math.divide_no_nan(tf.constant([np.inf, np.nan, 1.0]),
                                                  tf.constant([0.0, 0.0, np.nan]))))
out["mul_no_nan"] = v(run(tf.math.multiply_no_nan(tf.constant([np.inf, np.nan, 2.0]),
                                                  tf.constant([0.0, 0.0, np.inf]))))
""",
    # ------------------------------------ cwise_ops_binary_test: every op on every dtype
    "binary_dtype_matrix": """
ops = {"add": tf.add, "sub": tf.subtract, "mul": tf.multiply, "max": tf.maximum,
       "min": tf.minimum, "sqdiff": tf.math.squared_difference, "pow": tf.pow,
       "atan2": tf.atan2, "xdivy": tf.math.xdivy, "mod": tf.math.floormod,
       "ne": tf.not_equal, "less": tf.less, "shift": tf.bitwise.left_shift,
       "rshift": tf.bitwise.right_shift, "and": tf.bitwise.bitwise_and}
vals = {
    "int8": ([127, -128, 5, -3], [1, -1, 2, 3]),
    "uint8": ([255, 0, 5, 3], [1, 1, 2, 3]),
    "int16": ([32767, -32768, 5, -3], [2, -1, 2, 3]),
    "uint16": ([65535, 0, 5, 3], [1, 2, 2, 17]),
    "int32": ([2147483647, -2147483648, 5, -3], [1, -1, 2, 33]),
    "uint32": ([4294967295, 0, 5, 3], [1, 1, 2, 3]),
    "int64": ([9223372036854775807, -9223372036854775808, 5, -3], [1, -1, 2, 64]),
    "uint64": (np.array([18446744073709551615, 0, 5, 3], np.uint64), [1, 1, 2, 3]),
    "float16": ([65504.0, -0.0, np.nan, 2.0], [2.0, 0.0, 1.0, -np.inf]),
    "float64": ([1e308, -0.0, np.nan, -2.0], [10.0, 0.0, np.inf, 0.5]),
}
for dname, (a, b) in vals.items():
    dt = tf.as_dtype(dname)
    x, y = tf.constant(a, dt), tf.constant(b, dt)
    out[dname] = {k: built(lambda: v(run(f(x, y)))) for k, f in ops.items()
                  if not (dt.is_floating and k in ("shift", "rshift", "and"))
                  and not (dt.is_unsigned and k in ("atan2", "xdivy"))
                  and not (dt.is_integer and k in ("atan2", "xdivy"))}
# A list of Python ints for uint64 passes through float64 in TF's conversion: 2**64 - 2
# rounds to 2**64, which casts to 0.
out["uint64_big_list"] = v(run(tf.constant([2**64 - 2, 1], tf.uint64)))
out["uint64_big_alone"] = v(run(tf.constant([2**64 - 2], tf.uint64)))
""",
    # ---------------------------------------------------- cwise_ops_unary_test: edge values
    "unary_edge_values": """
e = tf.constant([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e-30, -1e-30, 3.4e38, 0.5,
                 -0.5, 1.5, 2.5], tf.float32)
for name in ("sign", "round", "rint", "ceil", "floor", "reciprocal", "rsqrt", "sqrt",
             "expm1", "log1p", "exp", "log", "tanh", "sigmoid", "softplus", "erf", "erfc",
             "lgamma", "digamma", "square", "abs", "neg", "sin", "cos", "atan", "asinh",
             "acosh", "atanh", "is_finite", "is_inf", "is_nan", "reciprocal_no_nan", "ndtri",
             "erfinv", "bessel_i0e", "bessel_i1e"):
    out[name] = built(lambda: v(run(getattr(tf.math, name)(e))))
sub = tf.constant([1e-40, -1e-40, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1e-40, -1e-40])
out["subnormal_log"] = v(run(tf.math.log(sub)))
out["subnormal_lgamma"] = v(run(tf.math.lgamma(sub)))
out["subnormal_others"] = v(run([tf.sqrt(sub), tf.sign(sub), tf.math.reciprocal(sub), tf.exp(sub),
                                 tf.math.rsqrt(sub), tf.abs(sub)]))
out["invert_int8"] = v(run(tf.bitwise.invert(tf.constant([0, -1, 127, -128], tf.int8))))
out["abs_int8_min"] = v(run(tf.abs(tf.constant([-128, -1], tf.int8))))
out["neg_int32_min"] = v(run(tf.negative(tf.constant([-2147483648], tf.int32))))
out["sign_int"] = v(run(tf.sign(tf.constant([-5, 0, 3], tf.int64))))
out["square_int_wrap"] = v(run(tf.square(tf.constant([200, -200], tf.int16))))
out["f64_lgamma"] = v(run(tf.math.lgamma(tf.constant([-1.0, -0.5, 0.0, 1e-300, 171.7],
                                                     tf.float64))))
""",
    "float16_unary_edges": """
out["f16_edges"] = v(run([tf.math.rsqrt(tf.constant([0.0, 65504.0], tf.float16)),
                          tf.exp(tf.constant([11.1, -20.0], tf.float16)),
                          tf.math.reciprocal(tf.constant([6e-8, -0.0], tf.float16)),
                          tf.math.log(tf.constant([6e-8, 65504.0, -1.0], tf.float16))]))
""",
    # ------------------------------------ special_math_ops_test, math_ops_test leftovers
    "math_special_leftovers": """
x = tf.constant([0.5, 1.0, 2.5, 10.0, 0.0, -1.5])
a = tf.constant([1.0, 0.5, 3.0, 2.0, 1.0, 2.0])
out["igamma"] = v(run(tf.math.igamma(a, tf.abs(x))))
out["igammac"] = v(run(tf.math.igammac(a, tf.abs(x))))
out["igamma_edges"] = v(run(tf.math.igamma(tf.constant([0.0, -1.0, 1.0, np.inf]),
                                           tf.constant([1.0, 1.0, np.inf, 1.0]))))
out["zeta"] = v(run(tf.math.zeta(tf.constant([2.0, 1.0, 0.5, 3.0]), tf.constant([1.0, 1.0, 1.0,
                                                                                 -1.0]))))
out["polygamma"] = v(run(tf.math.polygamma(tf.constant([0.0, 1.0, 2.0, 1.5]),
                                           tf.constant([2.0, 2.0, 0.5, 1.0]))))
out["bessel"] = v(run([tf.math.bessel_i0(x), tf.math.bessel_i1(x)]))
out["special_bessel"] = built(lambda: v(run([tf.math.special.bessel_j0(x),
                                             tf.math.special.bessel_y1(tf.abs(x) + 0.1),
                                             tf.math.special.bessel_k0e(tf.abs(x) + 0.1)])))
out["dawsn_expint"] = built(lambda: v(run([tf.math.special.dawsn(x),
                                           tf.math.special.expint(tf.abs(x) + 0.1),
                                           tf.math.special.fresnel_cos(x),
                                           tf.math.special.spence(tf.abs(x))])))
out["nextafter"] = v(run(tf.math.nextafter(tf.constant([1.0, 0.0, -0.0, np.inf]),
                                           tf.constant([2.0, -1.0, 1.0, 0.0]))))
out["polyval"] = v(run(tf.math.polyval([tf.constant(2.0), tf.constant(-1.0), tf.constant(3.0)],
                                       x)))
out["polyval_empty"] = v(run(tf.math.polyval([], x)))
out["euclidean_norm_int"] = v(run(tf.math.reduce_euclidean_norm(tf.constant([[3, 4], [5, 12]]),
                                                                1)))
out["count_nonzero_str"] = v(run(tf.math.count_nonzero(tf.constant(["", "a", "b", ""]))))
out["count_nonzero_bool_axis"] = v(run(tf.math.count_nonzero(tf.constant([[True, False],
                                                                          [True, True]]), 0)))
out["cumprod_int_excl_rev"] = v(run(tf.math.cumprod(tf.constant([2, 3, 4], tf.int64),
                                                    exclusive=True, reverse=True)))
out["reduce_variance_int"] = raises(lambda: tf.math.reduce_variance(tf.constant([1, 2])))
out["reduce_std_keep"] = v(run(tf.math.reduce_std(tf.constant([[1.0, 2.0], [3.0, 5.0]]), 1,
                                                  keepdims=True)))
out["lbeta"] = v(run(tf.math.lbeta(tf.constant([[1.0, 2.0], [0.5, 0.5], [3.0, 1e-3]]))))
out["lbeta_empty"] = v(run(tf.math.lbeta(tf.zeros([2, 0]))))
out["log_sigmoid"] = v(run(tf.math.log_sigmoid(tf.constant([-100.0, 0.0, 100.0]))))
out["softplus_f64_edges"] = v(run(tf.math.softplus(tf.constant([-800.0, 40.0, 800.0],
                                                               tf.float64))))
out["truediv_int16"] = v(run(tf.truediv(tf.constant([7], tf.int16), tf.constant([2], tf.int16))))
out["scalar_mul_indexed"] = v(run(tf.scalar_mul(2.0, tf.constant([1.0, 2.0]))))
out["unsorted_segment_join"] = built(lambda: [b.decode() for b in run(
    tf.strings.unsorted_segment_join(tf.constant(["a", "b", "c", "d"]), [1, 0, 1, -1], 3,
                                     separator="-"))])
out["sobol"] = built(lambda: v(run(tf.math.sobol_sample(2, 4, skip=1))))
out["bincount_axis"] = built(lambda: v(run(tf.math.bincount(tf.constant([[1, 1], [2, 0]]),
                                                            axis=-1, minlength=3))))
""",
    # ------------------------------------------------------------------------ clip_ops_test
    "clip_global_norm_nonfinite": """
a = tf.constant([1.0, 2.0])
b = tf.constant([[3.0], [4.0]])
c, n = tf.clip_by_global_norm([a, b], 5.0)
out["under"] = v(run([c, n]))
c2, n2 = tf.clip_by_global_norm([a, b], 2.0)
out["over"] = v(run([c2, n2]))
ci, ni = tf.clip_by_global_norm([tf.constant([np.inf, 1.0]), b], 2.0)
out["inf"] = v(run([ci, ni]))
cn, nn = tf.clip_by_global_norm([tf.constant([np.nan, 1.0]), b], 2.0)
out["nan"] = v(run([cn, nn]))
cz, nz = tf.clip_by_global_norm([tf.zeros([2]), tf.zeros([1])], 1.0)
out["zero"] = v(run([cz, nz]))
cnone, nnone = tf.clip_by_global_norm([a, None, b], 1.0)
out["with_none"] = [cnone[1] is None, v(run(nnone))]
cu, _ = tf.clip_by_global_norm([a], 1.0, use_norm=tf.constant(10.0))
out["use_norm"] = v(run(cu))
out["not_list"] = raises(lambda: tf.clip_by_global_norm(a, 1.0))
out["gnorm_inf"] = v(run(tf.linalg.global_norm([tf.constant([1e30, 1e30])])))
out["neg_clip"] = v(run(tf.clip_by_global_norm([a], -1.0)[0]))
out["clip_norm_inf"] = v(run(tf.clip_by_norm(tf.constant([np.inf, 1.0]), 1.0)))
out["clip_norm_axes"] = v(run(tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.3, 0.4]]), 1.0,
                                              axes=[1])))
out["clip_avg_norm"] = v(run(tf.clip_by_average_norm(tf.constant([[3.0, 4.0]]), 1.0)))
out["clip_value_int"] = v(run(tf.clip_by_value(tf.constant([-5, 0, 9]), -1, 3)))
out["clip_value_bcast"] = v(run(tf.clip_by_value(tf.constant([[1.0, 5.0]]), [0.0, 2.0], 3.0)))
out["clip_value_nan"] = v(run(tf.clip_by_value(tf.constant([np.nan, 2.0]), 0.0, 1.0)))
""",
    # ------------------------------------------ bincount, top_k, in_top_k, argmax tests
    "counts_and_ranks": """
arr = tf.constant([1, 1, 3, 0, 3, 3])
out["bincount"] = v(run(tf.math.bincount(arr)))
out["bincount_min"] = v(run(tf.math.bincount(arr, minlength=7)))
out["bincount_max"] = v(run(tf.math.bincount(arr, maxlength=2)))
out["bincount_w"] = v(run(tf.math.bincount(arr, weights=tf.constant([1.0, 2, 3, 4, 5, 6]))))
out["bincount_w64"] = v(run(tf.math.bincount(arr, weights=tf.constant([1.0, 2, 3, 4, 5, 6],
                                                                        tf.float64))))
out["bincount_empty"] = v(run(tf.math.bincount(tf.constant([], tf.int32))))
out["bincount_neg"] = raises(lambda: run(tf.math.bincount(tf.constant([1, -1]))))
out["bincount_dtype"] = v(run(tf.math.bincount(arr, dtype=tf.int64)))
out["bincount_2d"] = v(run(tf.math.bincount(tf.constant([[1, 2], [2, 2]]))))
x = tf.constant([[1.0, 3.0, 3.0, 2.0, 3.0], [5.0, 5.0, 5.0, 5.0, 5.0]])
tk = tf.nn.top_k(x, 3)
out["topk_ties"] = v(run([tk.values, tk.indices]))
tk0 = tf.nn.top_k(x, 0)
out["topk_zero"] = v(run([tk0.values, tk0.indices]))
tku = tf.nn.top_k(x, 2, sorted=False)
out["topk_unsorted_vals"] = sorted(run(tku.values)[0].tolist())
tkn = tf.nn.top_k(tf.constant([1.0, np.nan, 3.0, -np.inf]), 4)
out["topk_nan"] = v(run([tkn.values, tkn.indices]))
out["topk_int8"] = v(run(tf.nn.top_k(tf.constant([3, -1, 3, 7], tf.int8), 2).indices))
out["topk_k_big"] = raises(lambda: tf.nn.top_k(x, 6))
out["topk_k_neg"] = raises(lambda: tf.nn.top_k(x, -1))
pr = tf.constant([[0.1, 0.3, 0.3, 0.2], [np.nan, 0.1, 0.2, 0.3], [np.inf, 0.1, 0.2, 0.3]])
tg = tf.constant([2, 3, 0])
out["in_top_k_ties"] = v(run(tf.nn.in_top_k(pr, tf.constant([1, 2, 3]), 1)))
out["in_top_k_nonfinite"] = v(run(tf.nn.in_top_k(pr, tg, 2)))
out["in_top_k_oob"] = v(run(tf.nn.in_top_k(pr, tf.constant([4, -1, 0]), 2)))
out["in_top_k_k0"] = v(run(tf.nn.in_top_k(pr, tg, 0)))
out["in_top_k_int64"] = v(run(tf.nn.in_top_k(pr, tf.constant([1, 3, 0], tf.int64), 4)))
am = tf.constant([[1.0, np.nan, 3.0], [2.0, 2.0, 1.0], [np.nan, np.nan, 0.0]])
out["argmax_nan"] = v(run([tf.argmax(am, 1), tf.argmin(am, 1)]))
out["argmax_ties_axis0"] = v(run(tf.argmax(tf.constant([[1, 2], [1, 2]]), 0)))
out["argmax_bool"] = built(lambda: v(run(tf.argmax(tf.constant([False, True, True]), 0))))
out["argmax_int32_out"] = v(run(tf.argmax(am, 1, output_type=tf.int32)))
out["argmax_empty"] = raises(lambda: run(tf.argmax(tf.zeros([0, 3]), 0)))
out["argmax_empty_other"] = v(run(tf.argmax(tf.zeros([0, 3]), 1)))
""",
    # ------------------------- aggregate_ops_test, batch_matmul_op_test, cumulative_logsumexp
    "accumulate_matmul_logsumexp": """
a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
out["accumulate_n"] = v(run(tf.math.accumulate_n([a, a * 2.0, a * 3.0])))
out["accumulate_n_one"] = v(run(tf.math.accumulate_n([a])))
out["accumulate_n_shape"] = v(run(tf.math.accumulate_n([a, a], shape=[2, 2],
                                                       tensor_dtype=tf.float32)))
out["accumulate_n_bad"] = raises(lambda: tf.math.accumulate_n([a, tf.zeros([3])]))
out["accumulate_n_empty"] = raises(lambda: tf.math.accumulate_n([]))
out["accumulate_n_grad"] = run(tf.gradients(tf.math.accumulate_n([a, a * a]), a)[0]).tolist()
x = tf.constant(np.arange(12.0).reshape(2, 1, 2, 3), tf.float32)
y = tf.constant(np.arange(18.0).reshape(3, 3, 2), tf.float32)
out["bmm_bcast"] = v(run(tf.matmul(x, y)))
out["bmm_bcast_adj"] = v(run(tf.matmul(x, tf.transpose(y, [0, 2, 1]), adjoint_b=True)))
out["bmm_rank2_rank3"] = v(run(tf.matmul(tf.ones([2, 3]), y)))
out["bmm_bad_bcast"] = raises(lambda: tf.matmul(tf.zeros([2, 2, 3]), tf.zeros([3, 3, 1])))
gx, gy = tf.gradients(tf.reduce_sum(tf.matmul(x, y) ** 2), [x, y])
out["bmm_bcast_grads"] = [run(gx).tolist(), run(gy).tolist()]
out["bmm_int"] = v(run(tf.matmul(tf.constant([[[1, 2]]]), tf.constant([[[3], [4]]]))))
out["bmm_empty"] = v(run(tf.matmul(tf.zeros([2, 0, 3]), tf.zeros([3, 4]))))
c = tf.constant([0.0, -np.inf, 1.0, np.inf, 2.0])
out["clse"] = v(run(tf.math.cumulative_logsumexp(c)))
out["clse_excl_rev"] = v(run(tf.math.cumulative_logsumexp(c, exclusive=True, reverse=True)))
out["clse_nan"] = v(run(tf.math.cumulative_logsumexp(tf.constant([1.0, np.nan, 0.0]))))
out["clse_2d"] = v(run(tf.math.cumulative_logsumexp(tf.constant([[1.0, 2.0], [3.0, 4.0]]),
                                                    axis=0, exclusive=True)))
out["clse_f64"] = v(run(tf.math.cumulative_logsumexp(tf.constant([1e3, 1e3], tf.float64))))
out["clse_int"] = raises(lambda: tf.math.cumulative_logsumexp(tf.constant([1, 2])))
cg = tf.constant([0.5, 1.0, -1.0])
out["clse_grad"] = run(tf.gradients(tf.reduce_sum(tf.math.cumulative_logsumexp(cg) *
                                                  [1.0, 2.0, 3.0]), cg)[0]).tolist()
""",
}

NN = {
    # ----------------------------------------------- conv_ops_3d_test, conv2d_transpose_test
    "conv3d_and_transpose_shapes": """
x = tf.constant(np.arange(2 * 4 * 4 * 3 * 2, dtype=np.float32).reshape(2, 4, 4, 3, 2) / 50.0)
w = tf.constant(np.arange(2 * 2 * 2 * 2 * 3, dtype=np.float32).reshape(2, 2, 2, 2, 3) / 20.0)
out["c3_same_s2"] = v(run(tf.nn.conv3d(x, w, [1, 2, 2, 2, 1], "SAME")))
out["c3_valid_s13"] = v(run(tf.nn.conv3d(x, w, [1, 1, 3, 1, 1], "VALID")))
out["c3_dil"] = v(run(tf.nn.conv3d(x, w, [1, 1, 1, 1, 1], "VALID", dilations=[1, 2, 1, 1, 1])))
out["c3_bad_channels"] = raises(lambda: tf.nn.conv3d(x, tf.zeros([1, 1, 1, 3, 1]),
                                                     [1, 1, 1, 1, 1], "SAME"))
out["c3_batch_stride"] = raises(lambda: run(tf.nn.conv3d(x, w, [2, 1, 1, 1, 1], "SAME")))
gx, gw = tf.gradients(tf.reduce_sum(tf.nn.conv3d(x, w, [1, 2, 1, 2, 1], "SAME") ** 2), [x, w])
out["c3_grads"] = [run(gx).tolist(), run(gw).tolist()]
i = tf.constant(np.arange(1.0, 19.0).reshape(1, 3, 3, 2), tf.float32)
f = tf.constant(np.arange(1.0, 25.0).reshape(2, 2, 3, 2) / 10.0, tf.float32)
for sh, s, pad in (([1, 6, 6, 3], 2, "SAME"), ([1, 5, 5, 3], 2, "SAME"),
                   ([1, 7, 7, 3], 2, "VALID"), ([1, 8, 8, 3], 2, "VALID"),
                   ([1, 4, 5, 3], [1, 1], "VALID"), ([1, 9, 9, 3], 3, "SAME")):
    key = "t_" + "x".join(map(str, sh)) + "_" + pad
    out[key] = built(lambda: v(run(tf.nn.conv2d_transpose(i, f, sh, [1, s, s, 1] if isinstance(
        s, int) else [1, *s, 1], pad))))
out["t_dilated"] = built(lambda: v(run(tf.nn.conv2d_transpose(i, f, [1, 5, 5, 3], [1, 1, 1, 1],
                                                              "VALID", dilations=2))))
out["t_wrong_out_channels"] = raises(lambda: tf.nn.conv2d_transpose(i, f, [1, 6, 6, 2], 2, "SAME"))
ph = tf.placeholder(tf.int32, [4])
out["t_fed_shape"] = shape(tf.nn.conv2d_transpose(i, f, ph, 2, "SAME"))
""",
    # ------------------------------------------------------------------ pooling_ops_3d_test
    "pool3d_more": """
x = tf.constant(np.arange(1.0, 1.0 + 3 * 4 * 5 * 2).reshape(1, 3, 4, 5, 2), tf.float32)
out["avg_same_s2"] = v(run(tf.nn.avg_pool3d(x, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "SAME")))
out["max_same_s2"] = v(run(tf.nn.max_pool3d(x, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "SAME")))
out["max_valid_k3"] = v(run(tf.nn.max_pool3d(x, [1, 3, 3, 3, 1], [1, 1, 1, 1, 1], "VALID")))
out["avg_k_bigger"] = v(run(tf.nn.avg_pool3d(x, [1, 3, 5, 6, 1], [1, 1, 1, 1, 1], "SAME")))
out["avg_1x1"] = v(run(tf.nn.avg_pool3d(x, 1, 1, "VALID")))
out["kernel_too_big"] = raises(lambda: run(tf.nn.max_pool3d(x, [1, 4, 1, 1, 1], 1, "VALID")))
out["batch_ksize"] = raises(lambda: run(tf.nn.max_pool3d(x, [2, 1, 1, 1, 1], 1, "VALID")))
ga = tf.gradients(tf.reduce_sum(tf.nn.avg_pool3d(x, [1, 2, 3, 2, 1], [1, 1, 2, 2, 1],
                                                 "SAME") ** 2), x)[0]
out["avg_grad"] = run(ga).tolist()
t = tf.constant(np.array([1.0, 3.0, 3.0, 2.0] * 4).reshape(1, 2, 2, 4, 1), tf.float32)
# Fed: TF's constant folding's kernel gives a tie's gradient to every tied voxel (known).
tp = tf.placeholder(tf.float32, [1, 2, 2, 4, 1])
gm = tf.gradients(tf.reduce_sum(tf.nn.max_pool3d(tp, [1, 2, 2, 2, 1], [1, 1, 1, 2, 1],
                                                 "VALID")), tp)[0]
out["max_grad_ties"] = run(gm, {tp: run(t)}).tolist()
def max_grad_grad():
    g1 = tf.gradients(tf.reduce_sum(tf.nn.max_pool3d(x, 2, 2, "SAME") ** 2), x)[0]
    return run(tf.gradients(g1 * x, x)[0]).tolist()
out["max_grad_grad"] = built(max_grad_grad)
""",
    # ----------------------------------------------------- image_ops_test leftovers
    "image_ops_leftovers": """
img = tf.constant(np.arange(2 * 4 * 6 * 3, dtype=np.float32).reshape(2, 4, 6, 3) / 143.0)
out["yiq_round"] = v(run(tf.image.yiq_to_rgb(tf.image.rgb_to_yiq(img[0, :1, :2]))))
out["yuv"] = v(run(tf.image.rgb_to_yuv(img[0, :1, :2])))
out["gamma"] = v(run(tf.image.adjust_gamma(img[0, :1, :2], gamma=2.0, gain=0.5)))
out["gamma_neg"] = raises(lambda: run(tf.image.adjust_gamma(img, gamma=-1.0)))
out["total_variation"] = v(run(tf.image.total_variation(img)))
out["sobel"] = v(run(tf.image.sobel_edges(img[:1, :3, :3, :1])))
out["psnr"] = v(run(tf.image.psnr(img, img * 0.9, max_val=1.0)))
out["psnr_same"] = v(run(tf.image.psnr(img, img, max_val=1.0)))
out["ssim"] = built(lambda: v(run(tf.image.ssim(tf.image.resize(img, [16, 16]),
                                                tf.image.resize(img * 0.8, [16, 16]), 1.0,
                                                filter_size=3))))
out["convert_saturate"] = v(run(tf.image.convert_image_dtype(tf.constant([-0.5, 0.5, 1.5]),
                                                             tf.uint8, saturate=True)))
out["convert_u8_f"] = v(run(tf.image.convert_image_dtype(tf.constant([0, 128, 255], tf.uint8),
                                                         tf.float16)))
out["convert_i16_u8"] = v(run(tf.image.convert_image_dtype(tf.constant([-32768, 0, 32767],
                                                                       tf.int16), tf.uint8)))
out["crop_or_pad"] = v(run(tf.image.resize_with_crop_or_pad(img[0, :, :, :1], 6, 3)))
out["pad_to_box"] = shape(tf.image.pad_to_bounding_box(img, 1, 2, 7, 9))
out["pad_to_box_bad"] = raises(lambda: tf.image.pad_to_bounding_box(img, 1, 2, 4, 9))
out["resize_aspect"] = shape(tf.image.resize(img, [8, 8], preserve_aspect_ratio=True))
out["resize_area_v1"] = v(run(tf.image.resize(img[:1, :, :, :1], [2, 3],
                                             method=tf.image.ResizeMethod.AREA)))
out["resize_nearest_v1"] = v(run(tf.image.resize(img[:1, :, :, :1], [3, 4],
                                                method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)))
out["resize_bicubic_v1"] = v(run(tf.image.resize(img[:1, :, :, :1], [3, 9],
                                                method=tf.image.ResizeMethod.BICUBIC)))
out["resize_bicubic_v1_align"] = v(run(tf.image.resize_bicubic(img[:1, :, :, :1], [3, 4],
                                                               align_corners=True)))
out["resize_bilinear_half"] = v(run(tf.image.resize_bilinear(img[:1, :, :, :1], [3, 4],
                                                             half_pixel_centers=True)))
out["central_crop"] = v(run(tf.image.central_crop(img[0, :, :, :1], 0.5)))
out["per_image_std"] = v(run(tf.image.per_image_standardization(img[0, :2, :2])))
out["per_image_std_const"] = v(run(tf.image.per_image_standardization(tf.ones([2, 2, 1]))))
out["hsv_grad"] = built(lambda: run(tf.gradients(tf.reduce_sum(tf.image.rgb_to_hsv(img[0, :1, :2])),
                                                 img)[0]).tolist())
out["grayscale_grad"] = run(tf.gradients(tf.reduce_sum(tf.image.rgb_to_grayscale(img)),
                                         img)[0])[0, 0, 0].tolist()
out["flip_up_down_5d"] = raises(lambda: tf.image.flip_up_down(tf.zeros([1, 1, 2, 2, 1])))
out["rot90_k"] = v(run(tf.image.rot90(img[0, :2, :3, :1], k=-1)))
out["transpose_batch"] = shape(tf.image.transpose(img))
""",
    # ------------------------------------------------ ctc_loss_op_test, betainc_op_test
    "ctc_and_betainc_more": """
logits = tf.constant(np.log(np.array([
    [[0.6, 0.2, 0.2], [0.3, 0.3, 0.4]], [[0.1, 0.8, 0.1], [0.2, 0.2, 0.6]],
    [[0.5, 0.4, 0.1], [0.3, 0.3, 0.4]], [[0.2, 0.2, 0.6], [0.9, 0.05, 0.05]]], np.float32)))
lab = tf.SparseTensor(tf.constant([[0, 0], [0, 1], [1, 0]], tf.int64), tf.constant([1, 1, 0]),
                      tf.constant([2, 2], tf.int64))
sl = tf.constant([4, 3])
out["repeated"] = v(run(tf.nn.ctc_loss(lab, logits, sl)))
out["merge_false"] = v(run(tf.nn.ctc_loss(lab, logits, sl, ctc_merge_repeated=False)))
out["preprocess"] = v(run(tf.nn.ctc_loss(lab, logits, sl, preprocess_collapse_repeated=True)))
out["ignore_longer"] = v(run(tf.nn.ctc_loss(lab, logits, sl,
                                            ignore_longer_outputs_than_inputs=True)))
lab_long = tf.SparseTensor(tf.constant([[0, 0], [0, 1], [0, 2], [1, 0]], tf.int64),
                           tf.constant([1, 0, 1, 0]), tf.constant([2, 3], tf.int64))
out["too_long"] = built(lambda: v(run(tf.nn.ctc_loss(lab_long, logits, tf.constant([2, 4])))))
out["too_long_ignored"] = built(lambda: v(run(tf.nn.ctc_loss(
    lab_long, logits, tf.constant([2, 4]), ignore_longer_outputs_than_inputs=True))))
g = tf.gradients(tf.reduce_sum(tf.nn.ctc_loss(lab, logits, sl)), logits)[0]
out["grad"] = run(g).tolist()
out["v2_dense"] = v(run(tf.nn.ctc_loss_v2(tf.constant([[1, 1], [0, 0]]), logits,
                                          tf.constant([2, 1]), sl, logits_time_major=True,
                                          blank_index=2)))
out["v2_blank0"] = v(run(tf.nn.ctc_loss_v2(tf.constant([[2, 2], [1, 0]]), logits,
                                           tf.constant([2, 1]), sl, blank_index=0)))
a = tf.constant([0.5, 1.0, 2.0, 0.0, 1.0, -1.0, np.nan])
b = tf.constant([0.5, 3.0, 2.0, 1.0, 0.0, 1.0, 1.0])
xx = tf.constant([0.3, 0.9, 0.0, 0.5, 0.5, 0.5, 0.5])
out["betainc"] = v(run(tf.math.betainc(a, b, xx)))
out["betainc_edges"] = v(run(tf.math.betainc(tf.constant([2.0, 2.0, 1e-3]),
                                             tf.constant([3.0, 3.0, 1e3]),
                                             tf.constant([1.0, 1.5, 0.1]))))
out["betainc_scalar_bcast"] = built(lambda: v(run(tf.math.betainc(2.0, tf.constant([1.0, 2.0]),
                                                                  0.5))))
out["betainc_bad_shape"] = raises(lambda: tf.math.betainc(tf.zeros([2]), tf.zeros([3]),
                                                           tf.zeros([2])))
out["betainc_f64"] = v(run(tf.math.betainc(tf.constant([20.0], tf.float64),
                                           tf.constant([30.0], tf.float64),
                                           tf.constant([0.4], tf.float64))))
gx = tf.gradients(tf.reduce_sum(tf.math.betainc(a[:3], b[:3], xx[:3])), xx)[0]
out["betainc_grad_x"] = run(gx).tolist()
""",
    # ------------------------------ nn_impl and nn_ops leftovers: moments, pools, convs
    "nn_misc_more": """
x = tf.constant(np.arange(24.0).reshape(2, 3, 4) / 7.0, tf.float32)
m, va = tf.nn.moments(x, [0, 2], shift=tf.constant(1.0), keep_dims=True)
out["moments_shift"] = v(run([m, va]))
c, ms, vs, sh = tf.nn.sufficient_statistics(x, [1], shift=0.5)
out["sufficient"] = v(run([c, ms, vs, sh]))
out["normalize_moments"] = v(run(tf.nn.normalize_moments(c, ms, vs, sh)))
out["wce_pos_weight"] = v(run(tf.nn.weighted_cross_entropy_with_logits(
    labels=tf.constant([1.0, 0.0, 0.5]), logits=tf.constant([2.0, -1.0, 100.0]), pos_weight=3.0)))
out["log_poisson_full"] = v(run(tf.nn.log_poisson_loss(tf.constant([0.0, 1.0, 5.0]),
                                                       tf.constant([0.5, 0.0, 2.0]),
                                                       compute_full_loss=True)))
img = tf.constant(np.arange(2 * 5 * 5 * 2, dtype=np.float32).reshape(2, 5, 5, 2) / 10.0)
out["pool_dilated_max"] = v(run(tf.nn.pool(img, [2, 2], "MAX", padding="VALID",
                                           dilation_rate=[2, 2])))
out["pool_dilated_avg_same"] = raises(lambda: tf.nn.pool(img, [2, 2], "AVG", padding="SAME",
                                                         dilation_rate=[2, 1]))
out["pool_dilated_avg"] = v(run(tf.nn.pool(img, [2, 2], "AVG", padding="VALID",
                                           dilation_rate=[2, 1])))
out["pool_strided"] = v(run(tf.nn.pool(img, [3, 3], "MAX", padding="SAME", strides=[2, 2])))
out["pool_both"] = raises(lambda: tf.nn.pool(img, [2, 2], "MAX", "VALID", dilation_rate=[2, 2],
                                             strides=[2, 2]))
f = tf.constant(np.arange(2 * 2 * 2 * 3, dtype=np.float32).reshape(2, 2, 2, 3) / 10.0)
out["convolution_dilated"] = v(run(tf.nn.convolution(img, f, "SAME", dilation_rate=[2, 2])))
out["convolution_strided"] = v(run(tf.nn.convolution(img, f, "VALID", strides=[2, 1])))
out["conv_explicit_pad"] = v(run(tf.nn.conv2d(img, f, [1, 2, 2, 1],
                                              [[0, 0], [1, 0], [2, 1], [0, 0]])))
gi, gf = tf.gradients(tf.reduce_sum(tf.nn.conv2d(img, f, [1, 2, 2, 1],
                                                 [[0, 0], [1, 0], [2, 1], [0, 0]]) ** 2), [img, f])
out["conv_explicit_grads"] = [run(gi).tolist(), run(gf).tolist()]
dw = tf.constant(np.arange(2 * 2 * 2 * 2, dtype=np.float32).reshape(2, 2, 2, 2) / 10.0)
out["depthwise_rate"] = v(run(tf.nn.depthwise_conv2d(img, dw, [1, 1, 1, 1], "SAME",
                                                     rate=[2, 2])))
gdi, gdw = tf.gradients(tf.reduce_sum(tf.nn.depthwise_conv2d(img, dw, [1, 2, 2, 1], "VALID") ** 2),
                        [img, dw])
out["depthwise_grads"] = [run(gdi).tolist(), run(gdw).tolist()]
pw = tf.constant(np.ones([1, 1, 4, 3], np.float32) / 4.0)
out["separable_rate"] = v(run(tf.nn.separable_conv2d(img, dw, pw, [1, 1, 1, 1], "VALID",
                                                     rate=[2, 2])))
out["avg_pool1d"] = v(run(tf.nn.avg_pool1d(img[:, 0], 2, 2, "SAME")))
out["max_pool1d"] = v(run(tf.nn.max_pool1d(img[:, 0], 3, 1, "VALID")))
out["l2_loss_f16"] = v(run(tf.nn.l2_loss(tf.constant([300.0, 4.0], tf.float16))))
out["log_softmax_axis0"] = v(run(tf.nn.log_softmax(tf.constant([[1.0, 2.0], [3.0, -np.inf]]),
                                                   axis=0)))
out["crelu_axis"] = v(run(tf.nn.crelu(tf.constant([[-1.0, 2.0]]), axis=0)))
out["relu6_int"] = built(lambda: v(run(tf.nn.relu6(tf.constant([-3, 3, 9])))))
out["leaky_alpha_big"] = v(run(tf.nn.leaky_relu(tf.constant([-2.0, 3.0]), alpha=2.0)))
out["swish_grad"] = run(tf.gradients(tf.reduce_sum(tf.nn.swish(x)), x)[0]).tolist()
""",
    # --------------------------------------------------------------------------- losses_test
    "losses_weights_reductions": """
L = tf.losses
R = tf.losses.Reduction
lab = tf.constant([[1.0, 0.0, 2.0], [0.0, 3.0, 1.0]])
pred = tf.constant([[2.0, 0.5, 2.0], [1.0, 1.0, -1.0]])
w_row = tf.constant([[2.0], [0.0]])
w_full = tf.constant([[1.0, 0.0, 3.0], [0.0, 0.0, 0.0]])
res = {}
for r in (R.NONE, R.SUM, R.MEAN, R.SUM_OVER_BATCH_SIZE, R.SUM_BY_NONZERO_WEIGHTS):
    res[r] = v(run([L.mean_squared_error(lab, pred, weights=w, reduction=r)
                    for w in (1.0, 0.0, w_row, w_full)]))
out["mse"] = res
out["abs_diff"] = v(run([L.absolute_difference(lab, pred, weights=w_row, reduction=r)
                         for r in (R.SUM, R.MEAN, R.SUM_BY_NONZERO_WEIGHTS)]))
out["huber_delta"] = v(run([L.huber_loss(lab, pred, weights=w_full, delta=d) for d in (0.5, 2.0)]))
out["log_loss_eps"] = v(run(L.log_loss(tf.constant([[1.0], [0.0]]), tf.constant([[0.0], [1.0]]),
                                       epsilon=1e-3)))
out["hinge"] = v(run(L.hinge_loss(tf.constant([[1.0], [0.0]]), tf.constant([[-0.5], [0.3]]),
                                  reduction=R.NONE)))
out["cosine"] = v(run(L.cosine_distance(tf.constant([[0.6, 0.8], [1.0, 0.0]]),
                                        tf.constant([[0.6, 0.8], [0.0, 1.0]]), axis=1,
                                        weights=tf.constant([[1.0], [2.0]]))))
out["pairwise"] = v(run(L.mean_pairwise_squared_error(lab, pred, weights=tf.constant([[1.0],
                                                                                      [2.0]]))))
out["sigmoid_smooth"] = v(run(L.sigmoid_cross_entropy(tf.constant([[1.0, 0.0]]),
                                                      tf.constant([[2.0, -1.0]]),
                                                      label_smoothing=0.2)))
out["softmax_smooth_w"] = v(run(L.softmax_cross_entropy(tf.constant([[0.0, 1.0, 0.0],
                                                                     [1.0, 0.0, 0.0]]),
                                                        tf.constant([[1.0, 2.0, 3.0],
                                                                     [1.0, 1.0, 1.0]]),
                                                        weights=tf.constant([3.0, 0.0]),
                                                        label_smoothing=0.1)))
out["sparse_softmax_w"] = v(run(L.sparse_softmax_cross_entropy(tf.constant([2, 0]),
    tf.constant([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]), weights=tf.constant([[1.5], [2.0]]))))
out["bad_weights"] = raises(lambda: L.mean_squared_error(lab, pred, weights=tf.zeros([3, 2])))
out["bad_reduction"] = raises(lambda: L.mean_squared_error(lab, pred, reduction="bogus"))
out["collection"] = len(tf.get_collection(tf.GraphKeys.LOSSES)) > 0
out["total"] = built(lambda: v(run(tf.losses.get_total_loss(add_regularization_losses=False))))
""",
}

LINALG = {
    # ----------------------------------------- cholesky_op_test, matrix_triangular_solve
    "cholesky_grad_and_triangular": """
a = tf.constant([[4.0, 2.0, 0.4], [2.0, 5.0, 1.0], [0.4, 1.0, 3.0]], tf.float64)
l = tf.linalg.cholesky(a)
out["chol"] = v(run(l))
g = tf.gradients(tf.reduce_sum(l * tf.constant(np.arange(9.0).reshape(3, 3))), a)[0]
out["chol_grad"] = run(g).tolist()
ab = tf.stack([a, a * 2.0])
out["chol_grad_batch"] = run(tf.gradients(tf.reduce_sum(tf.linalg.cholesky(ab) ** 2),
                                          ab)[0]).tolist()
out["chol_not_pd"] = fails(tf.linalg.cholesky(tf.constant([[1.0, 2.0], [2.0, 1.0]])))
out["chol_empty"] = v(run(tf.linalg.cholesky(tf.zeros([2, 0, 0]))))
lo = tf.constant([[2.0, 0.0, 0.0], [1.0, 3.0, 0.0], [-1.0, 2.0, 4.0]])
rhs = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
ts = tf.linalg.triangular_solve
out["tri_lower"] = v(run(ts(lo, rhs)))
out["tri_lower_adj"] = v(run(ts(lo, rhs, adjoint=True)))
out["tri_upper_ignores_lower"] = v(run(ts(lo, rhs, lower=False)))
lb = tf.stack([lo, lo * 0.5 + tf.eye(3)])
out["tri_batch_bcast_rhs"] = v(run(ts(lb, rhs)))
out["tri_bcast_matrix"] = v(run(ts(lo, tf.stack([rhs, -rhs]), adjoint=True)))
out["tri_singular"] = built(lambda: v(run(ts(tf.constant([[0.0, 0.0], [1.0, 1.0]]),
                                              tf.constant([[1.0], [1.0]])))))
gm, gr = tf.gradients(tf.reduce_sum(ts(lo, rhs, adjoint=True) ** 2), [lo, rhs])
out["tri_grads"] = [run(gm).tolist(), run(gr).tolist()]
out["tri_bad_shape"] = raises(lambda: ts(lo, tf.zeros([2, 2])))
""",
    # -------------------------------------------------------- svd_op_test, matrix_exponential
    "svd_expm_logm": """
m = tf.constant([[3.0, 1.0], [1.0, 3.0], [0.0, 2.0]], tf.float64)
s, u, vv = tf.linalg.svd(m)
out["svd_s"] = v(run(s))
out["svd_recon"] = np.round(run(tf.matmul(u * s, vv, adjoint_b=True)), 10).tolist()
su = run(tf.abs(tf.matmul(u, u, adjoint_a=True)))
out["svd_u_orth"] = np.round(su, 10).tolist()
sf, uf, vf = tf.linalg.svd(m, full_matrices=True)
out["svd_full_shapes"] = [shape(uf), shape(vf)]
out["svd_values_only"] = v(run(tf.linalg.svd(m, compute_uv=False)))
out["svd_batch"] = v(run(tf.linalg.svd(tf.reshape(tf.range(1.0, 13.0), [2, 3, 2]),
                                       compute_uv=False)))
out["svd_empty"] = v(run(tf.linalg.svd(tf.zeros([0, 3]), compute_uv=False)))
gs = tf.gradients(tf.reduce_sum(tf.linalg.svd(m, compute_uv=False) * [1.0, 2.0]), m)[0]
out["svd_grad_values"] = np.round(run(gs), 8).tolist()
e = tf.constant([[0.0, 1.0], [-1.0, 0.0]], tf.float64)
out["expm_rot"] = v(run(tf.linalg.expm(e)))
out["expm_zero"] = v(run(tf.linalg.expm(tf.zeros([2, 2]))))
out["expm_big"] = v(run(tf.linalg.expm(tf.constant([[10.0, 1.0], [0.0, 5.0]], tf.float64))))
out["expm_batch_f32"] = v(run(tf.linalg.expm(tf.constant([[[1.0, 2.0], [0.0, 1.0]],
                                                          [[-1.0, 0.0], [0.0, 2.0]]]))))
out["expm_nonsquare"] = raises(lambda: tf.linalg.expm(tf.zeros([2, 3])))
out["expm_grad"] = built(lambda: run(tf.gradients(tf.reduce_sum(tf.linalg.expm(e * 0.5)),
                                                  e)[0]).tolist())
lg = tf.constant([[2.0, 1.0], [0.0, 3.0]], tf.complex128)
out["logm"] = built(lambda: cv(run(tf.linalg.logm(lg))))
out["logm_expm"] = built(lambda: cv(run(tf.linalg.logm(tf.linalg.expm(tf.constant(
    [[0.1, 0.2], [0.0, -0.3]], tf.complex64))))))
out["expm_complex64"] = built(lambda: cv(run(tf.linalg.expm(tf.constant(
    [[0.1, 0.2j], [0.0, -0.3]], tf.complex64)))))
out["expm_complex128_big"] = built(lambda: cv(run(tf.linalg.expm(tf.constant(
    [[10.0, 1.0 + 1j], [0.0, 5.0]], tf.complex128)))))
out["logm_real"] = raises(lambda: tf.linalg.logm(tf.constant([[1.0]])))
""",
    # ------------------------------------------- linalg gradients: eigh, svd, qr, det, pinv
    "linalg_gradients_more": """
a = tf.constant([[4.0, 1.0, 0.5], [1.0, 3.0, -0.2], [0.5, -0.2, 2.0]], tf.float64)
w = tf.constant(np.arange(1.0, 10.0).reshape(3, 3) / 10.0, tf.float64)
e, ev = tf.linalg.eigh(a)
out["eigh_values_grad"] = run(tf.gradients(tf.reduce_sum(e * [1.0, 2.0, 3.0]), a)[0]).tolist()
out["eigh_vectors_grad_sym"] = np.round(run(tf.gradients(tf.reduce_sum((ev * ev) * w), a)[0]),
                                        10).tolist()
out["eigvalsh"] = v(run(tf.linalg.eigvalsh(a)))
m = tf.constant([[3.0, 1.0], [1.0, 3.0], [0.0, 2.0]], tf.float64)
s, u, vv = tf.linalg.svd(m)
recon = tf.matmul(u * s, vv, adjoint_b=True)
out["svd_recon_grad"] = np.round(run(tf.gradients(tf.reduce_sum(recon * m), m)[0]), 8).tolist()
out["svd_abs_u_grad"] = np.round(run(tf.gradients(tf.reduce_sum(tf.abs(u[:, 0])), m)[0]),
                                 8).tolist()
q, r = tf.linalg.qr(m)
out["qr_grad"] = np.round(run(tf.gradients(tf.reduce_sum(tf.abs(r)) + tf.reduce_sum(q * q), m)[0]),
                          8).tolist()
sq = tf.constant([[2.0, 1.0], [4.0, 3.0]], tf.float64)
out["det_grad"] = run(tf.gradients(tf.linalg.det(sq), sq)[0]).tolist()
out["logdet_grad"] = run(tf.gradients(tf.linalg.logdet(a), a)[0]).tolist()
sl, lad = tf.linalg.slogdet(sq)
out["slogdet"] = v(run([sl, lad]))
out["slogdet_grad"] = run(tf.gradients(lad, sq)[0]).tolist()
out["inv_grad"] = run(tf.gradients(tf.reduce_sum(tf.linalg.inv(sq) * w[:2, :2]), sq)[0]).tolist()
out["pinv"] = np.round(run(tf.linalg.pinv(m)), 10).tolist()
out["lstsq"] = np.round(run(tf.linalg.lstsq(m, tf.constant([[1.0], [2.0], [3.0]], tf.float64))),
                        10).tolist()
out["lstsq_l2"] = np.round(run(tf.linalg.lstsq(m, tf.constant([[1.0], [2.0], [3.0]], tf.float64),
                                               l2_regularizer=0.5)), 10).tolist()
ch = tf.linalg.cholesky(a)
out["cholesky_solve"] = v(run(tf.linalg.cholesky_solve(ch, tf.constant([[1.0], [0.0], [2.0]],
                                                                       tf.float64))))
out["sqrtm"] = np.round(run(tf.linalg.sqrtm(a)), 10).tolist()
g1 = tf.constant([[1.0, 2.0], [2.0, 4.0]])
out["det_singular"] = v(run(tf.linalg.det(g1)))
out["det_singular_grad"] = fails(tf.gradients(tf.linalg.det(g1), g1)[0])
out["trace_grad"] = run(tf.gradients(tf.linalg.trace(a * a), a)[0]).tolist()
out["norm_nuclear"] = built(lambda: v(run(tf.norm(m, ord="nuc"))))
out["norm_2_matrix"] = built(lambda: v(run(tf.norm(m, ord=2, axis=[0, 1]))))
out["norm_inf_matrix"] = v(run(tf.norm(m, ord=np.inf, axis=[0, 1])))
out["norm_1_grad"] = run(tf.gradients(tf.norm(m, ord=1, axis=[0, 1]), m)[0]).tolist()
""",
    # -------------------------------------------------------- tridiagonal_solve, lu_op_test
    "tridiagonal_and_lu": """
diags = tf.constant([[2.0, -1.0, 3.0, 0.0], [4.0, 5.0, 6.0, 7.0], [0.0, 1.0, 2.0, 3.0]],
                    tf.float64)
rhs = tf.constant([[1.0], [2.0], [3.0], [4.0]], tf.float64)
out["compact"] = v(run(tf.linalg.tridiagonal_solve(diags, rhs)))
out["sequence"] = v(run(tf.linalg.tridiagonal_solve((diags[0], diags[1], diags[2]),
                                                    rhs, diagonals_format="sequence")))
mat = tf.constant([[4.0, 2.0, 0.0], [1.0, 5.0, -1.0], [0.0, 1.0, 6.0]], tf.float64)
out["matrix"] = v(run(tf.linalg.tridiagonal_solve(mat, tf.constant([[1.0], [0.0], [2.0]],
                                                                   tf.float64),
                                                  diagonals_format="matrix")))
out["transpose_rhs"] = v(run(tf.linalg.tridiagonal_solve(diags, tf.transpose(rhs),
                                                         transpose_rhs=True)))
out["conjugate_rhs"] = v(run(tf.linalg.tridiagonal_solve(diags, rhs, conjugate_rhs=True)))
out["no_pivot"] = v(run(tf.linalg.tridiagonal_solve(diags, rhs, partial_pivoting=False)))
sing = tf.constant([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], tf.float64)
out["singular"] = built(lambda: v(run(tf.linalg.tridiagonal_solve(
    sing, tf.constant([[1.0], [1.0], [1.0]], tf.float64)))))
out["bad_format"] = raises(lambda: tf.linalg.tridiagonal_solve(diags, rhs, diagonals_format="x"))
out["mul"] = v(run(tf.linalg.tridiagonal_matmul(diags, rhs)))
gd, gr = tf.gradients(tf.reduce_sum(tf.linalg.tridiagonal_solve(diags, rhs) ** 2), [diags, rhs])
out["grads"] = [run(gd).tolist(), run(gr).tolist()]
a = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]], tf.float64)
lu, perm = tf.linalg.lu(a)
out["lu"] = v(run([lu, perm]))
out["lu_recon"] = v(run(tf.linalg.lu_reconstruct(lu, perm)))
out["lu_solve"] = v(run(tf.linalg.lu_solve(lu, perm, tf.constant([[1.0], [2.0], [3.0]],
                                                                 tf.float64))))
out["lu_int64_perm"] = v(run(tf.linalg.lu(tf.constant([[0.0, 1.0], [2.0, 3.0]]),
                                          output_idx_type=tf.int64)[1]))
out["lu_batch"] = v(run(tf.linalg.lu(tf.constant([[[2.0, 1.0], [4.0, 3.0]],
                                                  [[1.0, 0.0], [0.0, 1.0]]]))))
out["lu_singular"] = built(lambda: v(run(tf.linalg.lu(tf.constant([[1.0, 2.0], [2.0, 4.0]])))))
out["lu_nonsquare"] = raises(lambda: tf.linalg.lu(tf.zeros([2, 3])))
out["lu_matrix_inverse"] = v(run(tf.linalg.lu_matrix_inverse(lu, perm)))
""",
}

RANDOM = {
    # ---------------- multinomial_op_test, random_shuffle, random_gamma, truncated normal
    "random_shapes_more": """
logits = tf.constant([[0.0, -np.inf, 0.0], [-np.inf, 0.0, -np.inf]])
out["mn_shape"] = shape(tf.random.categorical(logits, 5))
out["mn_forced"] = v(run(tf.random.categorical(logits, 5, seed=1))[1].tolist())
out["mn_int32"] = run(tf.random.categorical(logits, 3, dtype=tf.int32, seed=2)).dtype.name
out["mn_zero_samples"] = v(run(tf.random.categorical(logits, 0)))
out["mn_bad_rank"] = raises(lambda: tf.random.categorical(tf.zeros([3]), 2))
out["mn_range"] = bool(np.all(np.isin(run(tf.random.categorical(logits, 50))[0], [0, 2])))
x = tf.constant(np.arange(10))
sh = run(tf.random.shuffle(x, seed=4))
out["shuffle_perm"] = sorted(sh.tolist())
out["shuffle_2d_rows"] = sorted(run(tf.random.shuffle(tf.reshape(tf.range(6), [3, 2]))).tolist())
out["shuffle_scalar"] = v(run(tf.random.shuffle(tf.constant(7))))
out["shuffle_shape"] = shape(tf.random.shuffle(tf.placeholder(tf.int32, [None, 3])))
g = tf.random.gamma([4, 2], tf.constant([1.0, 2.0, 3.0]), beta=tf.constant([[1.0], [2.0]]))
out["gamma_shape"] = shape(g)
out["gamma_positive"] = bool(np.all(run(g) > 0))
out["gamma_f64"] = run(tf.random.gamma([2], 1.0, dtype=tf.float64)).dtype.name
out["gamma_small_alpha"] = bool(np.all(run(tf.random.gamma([100], 1e-3, seed=3)) >= 0))
out["poisson_shape"] = shape(tf.random.poisson(tf.constant([1.0, 5.0]), [3]))
out["poisson_int"] = run(tf.random.poisson([1.0], [2], dtype=tf.int64)).dtype.name
tn = run(tf.random.truncated_normal([2000], mean=1.0, stddev=2.0, seed=5))
out["tn_bounds"] = bool(np.all((tn >= -3.0) & (tn <= 5.0)))
out["uniform_int"] = bool(np.all(np.isin(run(tf.random.uniform([50], 3, 5, tf.int32)), [3, 4])))
out["uniform_int_no_max"] = raises(lambda: tf.random.uniform([2], 0, None, tf.int32))
out["uniform_int_empty_range"] = raises(lambda: run(tf.random.uniform([2], 3, 3, tf.int32)))
""",
}

RANDOM_VALUES = {
    # ------------------ seeded values: multinomial, shuffle, gamma, truncated normal, ...
    "seeded_random_values": """
tf.set_random_seed(7)
logits = tf.constant([[0.5, 1.0, -1.0, 2.0], [0.0, 0.0, 0.0, 0.0]])
out["categorical"] = v(run(tf.random.categorical(logits, 6, seed=3)))
out["multinomial"] = v(run(tf.multinomial(logits, 4, seed=4, output_dtype=tf.int32)))
out["shuffle"] = v(run(tf.random.shuffle(tf.range(8), seed=5)))
out["shuffle_rows"] = v(run(tf.random.shuffle(tf.reshape(tf.range(6), [3, 2]), seed=6)))
out["gamma"] = v(run(tf.random.gamma([3], [0.5, 2.0], seed=8)))
out["gamma_f64"] = v(run(tf.random.gamma([2], 1.5, beta=2.0, dtype=tf.float64, seed=9)))
out["poisson"] = v(run(tf.random.poisson([1.0, 30.0], [3], seed=10)))
out["truncated"] = v(run(tf.random.truncated_normal([5], 1.0, 0.5, seed=11)))
out["normal_f16"] = v(run(tf.random.normal([4], dtype=tf.float16, seed=12)))
out["uniform_int64"] = v(run(tf.random.uniform([5], -10, 10, tf.int64, seed=13)))
out["uniform_f64"] = v(run(tf.random.uniform([3], dtype=tf.float64, seed=14)))
out["stateless_uniform"] = v(run(tf.random.stateless_uniform([4], seed=[1, 2])))
out["stateless_categorical"] = v(run(tf.random.stateless_categorical(logits, 5, seed=[3, 4])))
out["stateless_truncated"] = v(run(tf.random.stateless_truncated_normal([3], seed=[5, 6])))
out["stateless_int"] = v(run(tf.random.stateless_uniform([4], [7, 8], minval=0, maxval=100,
                                                          dtype=tf.int32)))
""",
    # ----------------------------------------- fractional_max_pool_op_test, fingerprint
    "fractional_pools_and_fingerprint": """
x = tf.constant(np.arange(1.0, 1.0 + 1 * 6 * 6 * 1).reshape(1, 6, 6, 1), tf.float32)
fm = tf.nn.fractional_max_pool(x, [1.0, 1.5, 1.5, 1.0], pseudo_random=True, overlapping=True,
                               deterministic=True, seed=3, seed2=4)
out["fmax"] = v(run(list(fm)))
fa = tf.nn.fractional_avg_pool(x, [1.0, 2.0, 1.44, 1.0], deterministic=True, seed=5, seed2=6)
out["favg"] = v(run(list(fa)))
fd = tf.nn.fractional_max_pool(x, [1.0, 2.0, 2.0, 1.0], deterministic=True, seed=1, seed2=1)
out["fmax_deterministic"] = v(run(list(fd)))
g = tf.gradients(tf.reduce_sum(fm[0] ** 2), x)[0]
out["fmax_grad"] = run(g).tolist()
ga = tf.gradients(tf.reduce_sum(fa[0] * 3.0), x)[0]
out["favg_grad"] = run(ga).tolist()
out["ratio_small"] = raises(lambda: tf.nn.fractional_max_pool(x, [1.0, 0.5, 1.5, 1.0]))
out["ratio_batch"] = raises(lambda: run(tf.nn.fractional_max_pool(x, [2.0, 1.5, 1.5, 1.0])[0]))
out["seed_not_deterministic"] = raises(lambda: run(tf.nn.fractional_max_pool(
    x, [1.0, 1.5, 1.5, 1.0], seed=1, seed2=1)[0]))
fp = tf.fingerprint
out["fp_strings"] = built(lambda: v(run(fp(tf.constant(["a", "b", ""])))))
out["fp_ints"] = built(lambda: v(run(fp(tf.constant([[1, 2], [3, 4]], tf.int32)))))
out["fp_floats"] = built(lambda: v(run(fp(tf.constant([[1.0, 2.0, 3.0]])))))
out["fp_scalar"] = raises(lambda: fp(tf.constant(1)))
out["fp_bad_method"] = raises(lambda: run(fp(tf.constant([1]), method="farmhash32")))
""",
}

SPARSE = {
    # ------------------------------------- sparse_slice, sparse_split, sparse_concat...
    "sparse_structural_more": """
def st(idx, vals, sh):
    return tf.SparseTensor(tf.constant(idx, tf.int64), tf.constant(vals), tf.constant(sh, tf.int64))
def sv(s):
    r = run(s)
    return [r.indices.tolist(), r.values.tolist(), r.dense_shape.tolist()]
a = st([[0, 0], [0, 3], [1, 1], [2, 0], [2, 4]], [1.0, 2.0, 3.0, 4.0, 5.0], [3, 5])
out["slice"] = sv(tf.sparse.slice(a, [1, 1], [2, 10]))
out["slice_empty"] = sv(tf.sparse.slice(a, [0, 1], [1, 2]))
out["slice_outside"] = built(lambda: sv(tf.sparse.slice(a, [5, 0], [1, 1])))
out["split_uneven"] = [sv(s) for s in tf.sparse.split(sp_input=a, num_split=2, axis=1)]
out["split_rows"] = [sv(s) for s in tf.sparse.split(sp_input=a, num_split=3, axis=0)]
out["split_too_many"] = built(lambda: [sv(s) for s in tf.sparse.split(sp_input=a, num_split=4,
                                                                       axis=0)])
b = st([[0, 1], [1, 0]], [7.0, 8.0], [2, 5])
out["concat_0"] = sv(tf.sparse.concat(0, [a, b]))
c = st([[0, 0], [2, 1]], [9.0, 10.0], [3, 2])
out["concat_1"] = sv(tf.sparse.concat(1, [a, c]))
out["concat_expand"] = sv(tf.sparse.concat(1, [b, st([[2, 3]], [1.0], [3, 4])],
                                           expand_nonconcat_dim=True))
out["concat_bad"] = raises(lambda: run(tf.sparse.concat(1, [a, b])))
u = st([[2, 0], [0, 3], [1, 1], [0, 0]], [1, 2, 3, 4], [3, 4])
out["reorder"] = sv(tf.sparse.reorder(u))
out["reshape"] = sv(tf.sparse.reshape(a, [5, 3]))
out["reshape_infer"] = sv(tf.sparse.reshape(a, [-1, 15]))
out["reshape_bad"] = raises(lambda: run(tf.sparse.reshape(a, [4, 4])))
out["reshape_two_infer"] = raises(lambda: run(tf.sparse.reshape(a, [-1, -1])))
f, ind = tf.sparse.fill_empty_rows(st([[1, 0], [3, 2]], [5, 6], [5, 3]), -1)
out["fill_empty"] = [sv(f), v(run(ind))]
f2, ind2 = tf.sparse.fill_empty_rows(st(np.zeros([0, 2]), np.array([], np.float32), [2, 2]), 0.5)
out["fill_all_empty"] = [sv(f2), v(run(ind2))]
fs, _ = tf.sparse.fill_empty_rows(st([[0, 0]], ["x"], [2, 1]), "pad")
r = run(fs)
out["fill_string"] = [r.indices.tolist(), [s.decode() for s in r.values]]
""",
    # ---------------- sparse_ops_test: reductions, softmax, cwise with dense, retain, add
    "sparse_reductions_and_cwise": """
def st(idx, vals, sh):
    return tf.SparseTensor(tf.constant(idx, tf.int64), tf.constant(vals), tf.constant(sh, tf.int64))
def sv(s):
    r = run(s)
    return [r.indices.tolist(), r.values.tolist(), r.dense_shape.tolist()]
a = st([[0, 0], [0, 2], [1, 1], [2, 0], [2, 2]], [1.0, -2.0, 3.0, np.nan, 5.0], [3, 3])
b = st([[0, 0], [0, 2], [1, 1], [2, 1]], [1.0, 2.0, -3.0, 4.0], [3, 3])
out["reduce_sum"] = v(run([tf.sparse.reduce_sum(b), tf.sparse.reduce_sum(b, 1),
                           tf.sparse.reduce_sum(b, 0, keepdims=True)]))
out["reduce_max"] = v(run([tf.sparse.reduce_max(b), tf.sparse.reduce_max(b, 1),
                           tf.sparse.reduce_max(b, -2, keepdims=True)]))
out["reduce_max_nan"] = v(run(tf.sparse.reduce_max(a, 1)))
out["reduce_sum_sparse"] = sv(tf.sparse.reduce_sum_sparse(b, 1))
out["reduce_max_sparse"] = sv(tf.sparse.reduce_max_sparse(b, 0))
out["reduce_neg_empty_row"] = v(run(tf.sparse.reduce_max(st([[0, 0]], [-5.0], [2, 2]), 1)))
out["reduce_axis_oob"] = raises(lambda: run(tf.sparse.reduce_sum(b, 2)))
out["softmax"] = sv(tf.sparse.softmax(b))
out["softmax_3d"] = sv(tf.sparse.softmax(st([[0, 0, 0], [0, 0, 1], [1, 0, 0]], [1.0, 2.0, 3.0],
                                            [2, 1, 2])))
out["maximum"] = sv(tf.sparse.maximum(a, b))
out["minimum"] = sv(tf.sparse.minimum(a, b))
out["add_thresh"] = sv(tf.sparse.add(b, st([[0, 0], [1, 1]], [-0.5, 3.0], [3, 3]), threshold=0.6))
out["add_dense"] = v(run(tf.sparse.add(b, tf.ones([3, 3]))))
out["retain"] = sv(tf.sparse.retain(b, [True, False, True, False]))
out["dense_cwise"] = v(run([(b * tf.constant([1.0, 10.0, 100.0])).values,
                            (b / tf.constant([[2.0], [4.0], [8.0]])).values]))
out["to_dense_unsorted"] = fails(tf.sparse.to_dense(st([[1, 0], [0, 0]], [1.0, 2.0], [2, 2])))
out["to_dense_unsorted_ok"] = v(run(tf.sparse.to_dense(st([[1, 0], [0, 0]], [1.0, 2.0], [2, 2]),
                                                       validate_indices=False)))
out["to_dense_dup"] = fails(tf.sparse.to_dense(st([[0, 0], [0, 0]], [1.0, 2.0], [2, 2])))
out["to_indicator"] = v(run(tf.sparse.to_indicator(st([[0, 0], [0, 1], [1, 0]], [0, 3, 3],
                                                      [2, 2]), 4)))
out["transpose"] = sv(tf.sparse.transpose(b))
out["eye"] = sv(tf.sparse.eye(2, 3))
out["sparse_dense_matmul_adj"] = v(run(tf.sparse.sparse_dense_matmul(b, tf.ones([3, 2]),
                                                                     adjoint_a=True)))
g = tf.gradients(tf.reduce_sum(tf.sparse.reduce_sum(b, 1) * [1.0, 2.0, 3.0]), b.values)[0]
out["reduce_sum_grad"] = run(g).tolist()
gs = tf.gradients(tf.reduce_sum(tf.sparse.softmax(b).values * [1.0, 2.0, 3.0, 4.0]), b.values)[0]
out["softmax_grad"] = run(gs).tolist()
""",
    "sparse_segments_num_segments": """
d = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
idx = tf.constant([0, 1, 3, 3])
seg = tf.constant([0, 0, 2, 2])
out["sum_n"] = v(run(tf.sparse.segment_sum(d, idx, seg, num_segments=5)))
out["mean_n"] = v(run(tf.sparse.segment_mean(d, idx, seg, num_segments=4)))
out["sqrt_n_n"] = v(run(tf.sparse.segment_sqrt_n(d, idx, seg, num_segments=3)))
out["sum_gap"] = v(run(tf.sparse.segment_sum(d, idx, tf.constant([0, 0, 3, 3]))))
out["num_too_small"] = raises(lambda: run(tf.sparse.segment_sum(d, idx, seg, num_segments=2)))
out["unsorted_seg"] = raises(lambda: run(tf.sparse.segment_sum(d, idx, tf.constant([1, 0, 1,
                                                                                    1]))))
out["idx_oob"] = raises(lambda: run(tf.sparse.segment_sum(d, tf.constant([0, 4]),
                                                          tf.constant([0, 0]))))
out["int64_ids"] = v(run(tf.sparse.segment_mean(d, tf.constant([3, 2], tf.int64),
                                                tf.constant([0, 1], tf.int64))))
out["empty"] = v(run(tf.sparse.segment_sum(d, tf.zeros([0], tf.int32), tf.zeros([0], tf.int32))))
out["empty_n"] = v(run(tf.sparse.segment_sum(d, tf.zeros([0], tf.int32), tf.zeros([0], tf.int32),
                                             num_segments=2)))
g = tf.gradients(tf.reduce_sum(tf.sparse.segment_mean(d, idx, seg, num_segments=4) *
                               tf.reshape(tf.range(8.0), [4, 2])), d)[0]
out["mean_grad"] = run(tf.convert_to_tensor(g)).tolist()
gs = tf.gradients(tf.reduce_sum(tf.sparse.segment_sqrt_n(d, idx, seg) ** 2), d)[0]
out["sqrt_n_grad"] = run(tf.convert_to_tensor(gs)).tolist()
out["int_data"] = v(run(tf.sparse.segment_sum(tf.constant([[1, 2], [3, 4]]), [1, 1], [0, 1])))
""",
}

STRINGS = {
    # ---------------------------------------------- string_format_op_test, reduce_join...
    "string_format_and_join": """
def s(x):
    r = run(x)
    return r.decode() if isinstance(r, bytes) else [b.decode() for b in np.ravel(r)]
out["fmt_scalar"] = s(tf.strings.format("x={} y={}", (tf.constant(3), tf.constant(2.5))))
out["fmt_vector"] = s(tf.strings.format("{}", tf.range(10)))
out["fmt_summarize"] = s(tf.strings.format("{}", tf.range(10), summarize=2))
out["fmt_summarize_all"] = s(tf.strings.format("{}", tf.range(10), summarize=-1))
out["fmt_matrix"] = s(tf.strings.format("m: {}", tf.reshape(tf.range(6), [2, 3])))
out["fmt_string"] = s(tf.strings.format("{}", tf.constant(["a", "b"])))
out["fmt_placeholder"] = s(tf.strings.format("<{}>", tf.constant(1.5), placeholder="{}"))
out["fmt_custom_ph"] = s(tf.strings.format("a%b", tf.constant(7), placeholder="%"))
out["fmt_too_few"] = raises(lambda: tf.strings.format("{} {}", tf.constant(1)))
out["fmt_bool_float"] = s(tf.strings.format("{} {}", [tf.constant([True, False]),
                                                     tf.constant([0.1, 1e10])]))
x = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
out["rj_all"] = s(tf.strings.reduce_join(x))
out["rj_0"] = s(tf.strings.reduce_join(x, 0))
out["rj_1_sep"] = s(tf.strings.reduce_join(x, 1, separator=", "))
out["rj_neg"] = s(tf.strings.reduce_join(x, -1, keepdims=True))
out["rj_multi"] = s(tf.strings.reduce_join(x, [1, 0], separator="|"))
out["rj_empty"] = s(tf.strings.reduce_join(tf.zeros([0, 2], tf.string), 0, separator="."))
out["rj_oob"] = raises(lambda: tf.strings.reduce_join(x, 2))
out["rj_keepdims_shape"] = shape(tf.strings.reduce_join(x, 0, keepdims=True))
""",
    "string_transforms_more": """
def s(x):
    r = run(x)
    return r.decode("utf-8", "replace") if isinstance(r, bytes) else [
        b.decode("utf-8", "replace") for b in np.ravel(r)]
t = tf.constant(["aaa bbb", "abab", "", "x.y.z"])
out["rr_all"] = s(tf.strings.regex_replace(t, "a", "Z"))
out["rr_first"] = s(tf.strings.regex_replace(t, "a", "Z", replace_global=False))
out["rr_group"] = s(tf.strings.regex_replace(t, r"(\\w+) (\\w+)", r"\\2 \\1"))
out["rr_empty_match"] = s(tf.strings.regex_replace(tf.constant(["abc"]), "", "-"))
out["rr_dot"] = s(tf.strings.regex_replace(t, r"\\.", ""))
out["rr_bad_regex"] = raises(lambda: run(tf.strings.regex_replace(t, "(", "x")))
out["rr_static_tensor_pattern"] = s(tf.strings.regex_replace(t, tf.constant("b+"), "B"))
out["rx_full_match"] = v(run(tf.strings.regex_full_match(t, "[ab]+")))
u = tf.constant(["h\\xc3\\xa9llo", "\\xff\\xfeab", "\\xe2\\x82\\xac"])
out["ut_utf16"] = [x.hex() for x in run(tf.strings.unicode_transcode(u, "UTF-8", "UTF-16-BE"))]
out["ut_replace"] = [x.hex() for x in run(tf.strings.unicode_transcode(
    u, "UTF-8", "UTF-8", errors="replace", replacement_char=63))]
out["ut_ignore"] = [x.hex() for x in run(tf.strings.unicode_transcode(u, "UTF-8", "UTF-8",
                                                                      errors="ignore"))]
out["ut_strict"] = fails(tf.strings.unicode_transcode(u, "UTF-8", "UTF-8", errors="strict"))
out["ut_latin1"] = [x.hex() for x in run(tf.strings.unicode_transcode(tf.constant(["caf\\xe9"]),
                                                                      "ISO-8859-1", "UTF-8"))]
out["ut_bad_encoding"] = raises(lambda: tf.strings.unicode_transcode(u, "UTF-9", "UTF-8"))
w = tf.constant(["  \\tHeLLo \\n", "\\xc3\\x89T\\xc3\\xa9", "ABC"])
out["strip"] = [x.hex() for x in run(tf.strings.strip(w))]
out["lower"] = [x.hex() for x in run(tf.strings.lower(w))]
out["upper"] = [x.hex() for x in run(tf.strings.upper(w))]
out["lower_utf8"] = built(lambda: [x.hex() for x in run(tf.strings.lower(w, encoding="utf-8"))])
out["upper_utf8"] = built(lambda: [x.hex() for x in run(tf.strings.upper(w, encoding="utf-8"))])
out["lower_bad_enc"] = raises(lambda: run(tf.strings.lower(w, encoding="latin1")))
""",
    # ------------------------------ unicode_decode_op_test, unicode_encode, substr, split
    "unicode_ops_more": """
def s(x):
    return [b.hex() for b in np.ravel(run(x))]
t = tf.constant([b"h\\xc3\\xa9llo", b"\\xff\\xfeab", b"\\xe2\\x82\\xac", b""])
rt = tf.strings.unicode_decode(t, "UTF-8", errors="replace")
out["decode_replace"] = [v(run(rt.flat_values)), v(run(rt.row_splits))]
rt2 = tf.strings.unicode_decode(t, "UTF-8", errors="ignore")
out["decode_ignore"] = v(run(rt2.flat_values))
out["decode_strict"] = fails(tf.strings.unicode_decode(t, "UTF-8", errors="strict").flat_values)
rt3 = tf.strings.unicode_decode(t, "UTF-8", errors="replace", replacement_char=65,
                                replace_control_characters=True)
out["decode_replace_65"] = v(run(rt3.flat_values))
cps, offs = tf.strings.unicode_decode_with_offsets(t, "UTF-8")
out["offsets"] = v(run(offs.flat_values))
out["split_chars"] = s(tf.strings.unicode_split(t, "UTF-8").flat_values)
out["encode"] = s(tf.strings.unicode_encode(tf.ragged.constant([[104, 233], [8364], []]),
                                            "UTF-8"))
out["encode_utf16"] = s(tf.strings.unicode_encode(tf.ragged.constant([[104, 128512]]),
                                                  "UTF-16-BE"))
out["encode_bad_cp"] = s(tf.strings.unicode_encode(tf.ragged.constant([[104, 0x110000, -1]]),
                                                   "UTF-8", errors="replace"))
nested = tf.strings.unicode_encode(tf.ragged.constant([[[104, 233], [8364]], [[]]]), "UTF-16-BE")
out["encode_nested"] = [s(nested.flat_values), v(run(nested.row_splits))]
out["encode_ignore"] = s(tf.strings.unicode_encode(tf.ragged.constant([[104, 0x110000, -1]]),
                                                   "UTF-8", errors="ignore"))
out["encode_dense"] = s(tf.strings.unicode_encode(tf.constant([[104, 105], [106, 0x110000]]),
                                                  "UTF-32-BE", replacement_char=63))
out["encode_bad_strict"] = fails(tf.strings.unicode_encode(tf.ragged.constant([[0x110000]]),
                                                           "UTF-8", errors="strict"))
out["length_chars"] = v(run(tf.strings.length(t, unit="UTF8_CHAR")))
out["substr_chars"] = s(tf.strings.substr(t[:3], 1, 2, unit="UTF8_CHAR"))
out["substr_chars_empty"] = fails(tf.strings.substr(t, 1, 2, unit="UTF8_CHAR"))
out["substr_neg"] = s(tf.strings.substr(tf.constant(["abcdef"]), -3, 2))
out["substr_oob"] = fails(tf.strings.substr(tf.constant(["abc"]), 4, 1))
out["substr_bcast"] = s(tf.strings.substr(tf.constant(["abcdef", "xyz"]), [0, 1], [2, 5]))
out["script"] = v(run(tf.strings.unicode_script(tf.constant([72, 1041, 20320, 0x0645, -1]))))
out["bytes_split"] = s(tf.strings.bytes_split(tf.constant(["ab", ""])).flat_values)
out["ngrams"] = s(tf.strings.ngrams(tf.constant(["a", "b", "c"]), 2, separator="+"))
out["ngrams_pad"] = s(tf.strings.ngrams(tf.constant([["a", "b"], ["c", "d"]]), 3,
                                        pad_values=("<", ">"), padding_width=1))
out["ngrams_ragged"] = built(lambda: s(tf.strings.ngrams(tf.ragged.constant([["a", "b"], ["c"]]),
                                                         2, pad_values="#").flat_values))
""",
    "as_string_more": """
def s(x):
    return [b.decode() for b in np.ravel(run(x))]
f = tf.constant([3.14159, -2.5, 1e10, 1e-5, np.inf, np.nan, 0.0])
out["default"] = s(tf.strings.as_string(f))
out["precision"] = s(tf.strings.as_string(f, precision=2))
out["scientific"] = s(tf.strings.as_string(f, scientific=True))
out["shortest"] = s(tf.strings.as_string(f, shortest=True))
out["width"] = s(tf.strings.as_string(f, width=12))
out["width_fill0"] = s(tf.strings.as_string(f, width=12, fill="0"))
out["precision_width"] = s(tf.strings.as_string(f, precision=3, width=10, fill=" "))
i = tf.constant([-5, 0, 42])
out["int_width"] = s(tf.strings.as_string(i, width=5))
out["int_fill0"] = s(tf.strings.as_string(i, width=5, fill="0"))
out["int_precision"] = raises(lambda: run(tf.strings.as_string(i, precision=2)))
out["bool"] = s(tf.strings.as_string(tf.constant([True, False])))
out["int8"] = s(tf.strings.as_string(tf.constant([-128, 127], tf.int8)))
out["uint8"] = built(lambda: s(tf.strings.as_string(tf.constant([255], tf.uint8))))
out["int64"] = s(tf.strings.as_string(tf.constant([-9223372036854775808], tf.int64)))
out["f64"] = s(tf.strings.as_string(tf.constant([0.1, 1.0 / 3.0], tf.float64)))
out["f64_prec"] = s(tf.strings.as_string(tf.constant([0.1, 1.0 / 3.0], tf.float64), precision=12))
out["f16"] = built(lambda: s(tf.strings.as_string(tf.constant([0.1, 65504.0], tf.float16))))
out["complex"] = built(lambda: s(tf.strings.as_string(tf.constant([1 + 2j], tf.complex64))))
out["sci_shortest"] = raises(lambda: run(tf.strings.as_string(f, scientific=True,
                                                               shortest=True)))
out["fill_long"] = raises(lambda: run(tf.strings.as_string(f, fill="ab")))
out["fill_bad_char"] = built(lambda: s(tf.strings.as_string(i, width=4, fill="x")))
out["fill_minus"] = built(lambda: s(tf.strings.as_string(i, width=4, fill="-")))
out["string_input"] = raises(lambda: tf.strings.as_string(tf.constant(["a"])))
""",
}

PROGRAMS = {**ARRAY, **MATH, **NN, **LINALG, **RANDOM, **RANDOM_VALUES, **SPARSE, **STRINGS}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX, collections=collections)
