"""A fourth round of TensorFlow's own kernel tests as TF1 programs, recorded (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_kernel_tests4.py \
        > tests/unit/engine/fixtures/tf1_kernel_tests4.json

The three earlier rounds (tf1_kernel_tests.py, 2 and 3; their docstrings list them) took
the common cases and the dtype, empty-shape and error edges of about sixty kernel-test
files. This round takes the test methods they left: pad_op_test's shape functions
(partial paddings, ranks), string and complex pads and its maximum REFLECT/SYMMETRIC sizes;
array_ops_test's StridedSlice with ellipsis, new_axis and shrink together, and its
gradients; reduction_ops_test's empty reductions, integer overflow and logsumexp of
infinities; scan_ops_test's exclusive and reverse scans of every dtype and
cumulative_logsumexp_test; softmax_op_test and xent_op_test with labels that do not sum to
one and -inf logits; relu_op_test, softplus_op_test and softsign_op_test's gradients at the
kinks; lrn_op_test's parameters; pooling_ops_test's SAME padding of odd sizes,
max_pool_with_argmax and avg_pool gradients; conv_ops_test, atrous_conv2d_test,
atrous_convolution_test, conv1d_transpose_test and conv3d_transpose_test;
morphological_ops_test (dilation2d and erosion2d); weighted_moments_test; the linalg tests
of singular and batched matrices; sparse_add_op_test, sparse_tensor_dense_matmul_op_test,
sparse_reorder/reshape/slice/split, sparse_to_dense_op_py_test's validation; string_split,
substr and string_to_number errors; unique_op_test, listdiff_op_test, invert_permutation;
where_op_test (where_v2's broadcasting), one_hot_op_test, sequence_mask,
reverse_sequence_op_test, confusion_matrix_test, bincount_op_test; variables_test,
variable_scope_test's partitioners and scatter_ops_test's duplicates; tensor_array_ops_test;
dynamic_partition_op_test and dynamic_stitch_op_test; batch_matmul_op_test,
tensordot_op_test, aggregate_ops_test, argmax_op_test, batch_gather_op_test and
zero_division_test.

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
    # -------------------------------------------------------------------------- pad_op_test
    "pad_shapes_and_types": """
u = tf.placeholder(tf.int32)
c = tf.constant(0.0, shape=[4, 4])
out["partial_row"] = shape(tf.pad(c, [[1, 2], u]))
out["partial_begin"] = shape(tf.pad(c, [[u, 0], [1, 2]]))
out["partial_end"] = shape(tf.pad(c, [[1, 2], [0, u]]))
out["unknown_paddings"] = built(lambda: shape(tf.pad(tf.constant(0.0, shape=[4, 4, 4, 4]), u)))
out["unknown_input"] = built(lambda: shape(tf.pad(tf.placeholder(tf.float32), [[2, 2], [2, 2]])))
out["unknown_both"] = built(lambda: shape(tf.pad(tf.placeholder(tf.float32), u)))
def unknown_rank_runs():
    p = tf.placeholder(tf.float32)
    ys = [tf.pad(p, [[1, 0], [0, 1]], m, constant_values=0.0) for m in ("CONSTANT", "SYMMETRIC")]
    feed = {p: [[1.0, 2.0], [3.0, 4.0]]}
    grads = [run(tf.gradients(tf.reduce_sum(y * y), p)[0], feed).tolist() for y in ys]
    return [v(run(ys, feed)), grads, [fails(y, {p: [1.0, 2.0]}) for y in ys]]
out["unknown_rank_runs"] = built(unknown_rank_runs)
out["const_row"] = shape(tf.pad(c, [tf.constant(1, shape=[2]), [0, u]]))
r = tf.placeholder(tf.int32, [None, None, 20])
out["zero_known"] = shape(tf.pad(r, [[0, 0], [0, u], [0, 0]]))
out["rank6_paddings"] = raises(lambda: tf.pad(tf.reshape([1, 2], [1, 2, 1, 1, 1, 1]),
                                             tf.reshape([1, 2], [1, 2])))
out["paddings_vector"] = raises(lambda: tf.pad(tf.reshape([1, 2], [1, 2]), [1, 2]))
out["paddings_one_column"] = raises(lambda: tf.pad(tf.reshape([1, 2], [1, 2]), [[1], [2]]))
out["paddings_rows"] = raises(lambda: tf.pad(tf.reshape([1, 2], [1, 2]),
                                             tf.reshape([1, 2, 3, 4, 5, 6], [3, 2])))
out["negative"] = raises(lambda: tf.pad(tf.constant([1]), tf.constant([[-1, 0]])))
out["reflect_max"] = v(run(tf.pad(tf.constant([1, 2]), [[1, 1]], "REFLECT")))
out["reflect_over"] = raises(lambda: run(tf.pad(tf.constant([1, 2]), [[2, 0]], "REFLECT")))
out["symmetric_max"] = v(run(tf.pad(tf.constant([1, 2]), [[2, 2]], "SYMMETRIC")))
out["symmetric_over"] = raises(lambda: run(tf.pad(tf.constant([1, 2]), [[0, 3]], "SYMMETRIC")))
out["weird_mode"] = raises(lambda: tf.pad([[1, 2, 3]], [[1, 0], [2, 1]], mode="weird"))
s = tf.constant([["Hello", "World"], ["Goodnight", "Moon"]])
out["strings"] = [[[b.decode() for b in row] for row in run(tf.pad(s, [[1, 0], [0, 1]], m,
                                                                   constant_values="PAD"))]
                  for m in ("CONSTANT", "REFLECT", "SYMMETRIC")]
z = tf.constant([[1 + 2j, 3 - 1j]], tf.complex64)
out["complex"] = built(lambda: cv(run(tf.pad(z, [[1, 0], [0, 1]], constant_values=5 - 5j))))
zp = tf.pad(z, [[1, 0], [0, 1]], constant_values=5 - 5j)
out["complex_grad"] = built(lambda: cv(run(tf.gradients(tf.reduce_sum(tf.abs(zp)), z)[0])))
out["complex_value_float"] = raises(lambda: tf.pad(tf.constant([1.0]), [[1, 0]],
    constant_values=5j))
out["int8_value"] = v(run(tf.pad(tf.constant([[1, -2]], tf.int8), [[0, 1], [1, 0]],
                                 constant_values=-123)))
out["int64_paddings"] = v(run(tf.pad(tf.constant([[1.0, 2.0]]), tf.constant([[1, 0], [0, 2]],
                                                                           tf.int64), "SYMMETRIC")))
out["scalar"] = v(run(tf.pad(tf.constant(7), np.zeros([0, 2], np.int32))))
out["empty_constant"] = v(run(tf.pad(tf.zeros([0, 2]), [[1, 1], [0, 1]], constant_values=3.0)))
out["empty_symmetric"] = v(run(tf.pad(tf.zeros([0, 2]), [[0, 0], [1, 1]], "SYMMETRIC")))
x = tf.constant([[1.0, 2.0, 3.0]])
w = tf.reshape(tf.range(1.0, 16.0), [3, 5])
out["grad_symmetric_max"] = run(tf.gradients(tf.reduce_sum(tf.pad(x, [[1, 1], [1, 1]],
                                                                  "SYMMETRIC") * w), x)[0]).tolist()
out["grad_reflect_max"] = run(tf.gradients(tf.reduce_sum(
    tf.pad(x, [[0, 0], [2, 2]], "REFLECT") * tf.range(1.0, 8.0)), x)[0]).tolist()
out["grad_constant_value"] = run(tf.gradients(
    tf.reduce_sum(tf.pad(x, [[1, 0], [0, 0]], constant_values=2.0)), x)[0]).tolist()
""",
    # ----------------------------------------------- array_ops_test: StridedSlice masks, more
    "strided_slice_combinations": """
x = tf.constant(np.arange(2 * 3 * 4).reshape(2, 3, 4))
out["ellipsis_newaxis_shrink"] = v(run(x[tf.newaxis, ..., 1]))
out["shrink_ellipsis_newaxis"] = v(run(x[1, ..., tf.newaxis]))
out["newaxis_ellipsis_newaxis"] = shape(x[tf.newaxis, ..., tf.newaxis])
out["only_ellipsis"] = v(run(x[...]))
out["ellipsis_middle"] = v(run(x[0, ..., 2]))
out["many_newaxis"] = shape(x[tf.newaxis, tf.newaxis, 1, tf.newaxis, :2])
out["negative_shrink"] = v(run(x[-1, -1, -1]))
out["clamped"] = v(run(x[-100:100, 5:, ::3]))
out["reverse_all"] = v(run(x[::-1, ::-1, ::-1]))
out["reverse_clamped"] = v(run(x[5:-10:-1, 1]))
out["stride_bigger"] = v(run(x[:, ::7, 1::9]))
out["int64_spec"] = v(run(tf.strided_slice(x, tf.constant([0, 1], tf.int64),
                                           tf.constant([2, 3], tf.int64),
                                           tf.constant([1, 1], tf.int64))))
out["mixed_spec_dtypes"] = raises(lambda: tf.strided_slice(x, tf.constant([0], tf.int64),
                                                           tf.constant([1]), [1]))
out["too_many"] = raises(lambda: x[1, 1, 1, 1])
out["shrink_oob"] = raises(lambda: x[2])
out["shrink_oob_neg"] = raises(lambda: x[:, -4])
p = tf.placeholder(tf.int32, [None, None, None])
out["fed_shape"] = shape(p[tf.newaxis, ..., 0])
out["fed_shrink_oob"] = fails(p[3], {p: np.zeros([2, 2, 2])})
f = tf.constant(np.arange(24.0).reshape(2, 3, 4), tf.float32)
def grad(y):
    w = tf.reshape(tf.range(1.0, 1.0 + tf.cast(tf.size(y), tf.float32)), tf.shape(y))
    return run(tf.gradients(tf.reduce_sum(y * w), f)[0]).tolist()
out["grad_newaxis_ellipsis_shrink"] = grad(f[tf.newaxis, ..., 1])
out["grad_clamped_reverse"] = grad(f[5:-10:-1, 1, ::-3])
out["grad_stride_bigger"] = grad(f[:, ::7, 1::9])
out["grad_only_ellipsis"] = grad(f[...])
""",
    # ------------------------------------------------------------ where_op_test: where_v2
    "where_v2_broadcasting": """
c = tf.constant([[True], [False]])
out["broadcast_all"] = v(run(tf.where_v2(c, tf.constant([1, 2, 3]), tf.constant(-1))))
out["scalar_cond"] = v(run(tf.where_v2(True, tf.constant([[1.0], [2.0]]), tf.constant([5.0, 6.0]))))
out["v1_vector_cond"] = v(run(tf.where(tf.constant([True, False]), tf.constant([[1, 2], [3, 4]]),
                                       tf.constant([[5, 6], [7, 8]]))))
out["v1_broadcast_refused"] = raises(lambda: tf.where(c, tf.constant([1, 2, 3]),
                                                      tf.constant([4, 5, 6])))
out["v2_mismatch"] = raises(lambda: tf.where_v2(tf.constant([True, False, True]),
                                                tf.constant([1, 2]), 0))
out["coords_5d"] = v(run(tf.where(tf.reshape(tf.constant([True, False] * 8), [2, 2, 1, 2, 2]))))
out["coords_none"] = v(run(tf.where(tf.zeros([2, 3], tf.bool))))
out["coords_numbers"] = v(run(tf.where(tf.constant([[0.0, -1.5], [np.nan, 0.0]]))))
out["coords_int"] = v(run(tf.where_v2(tf.constant([0, 3, 0, -2]))))
out["coords_shape"] = shape(tf.where(tf.placeholder(tf.bool, [None, 3])))
a = tf.constant([1.0, 2.0, 3.0])
b = tf.constant([[10.0], [20.0]])
ga, gb = tf.gradients(tf.reduce_sum(tf.where_v2(tf.constant([True, False, True]), a, b) *
                                    tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])), [a, b])
out["v2_grads"] = [run(ga).tolist(), run(gb).tolist()]
""",
    # -------------------------------------------------------------------- one_hot_op_test
    "one_hot_more": """
i = tf.constant([0, -1, 2, 5])
out["negative_and_oob"] = v(run(tf.one_hot(i, 3)))
out["on_off"] = v(run(tf.one_hot(i, 3, on_value=7, off_value=-2)))
out["axis0"] = v(run(tf.one_hot([[0, 2], [1, -1]], 3, axis=0)))
out["axis1_of_2d"] = v(run(tf.one_hot([[0, 2], [1, -1]], 3, axis=1)))
out["int64_indices"] = v(run(tf.one_hot(tf.constant([1, 0], tf.int64), 2, dtype=tf.int64)))
out["uint8_indices"] = v(run(tf.one_hot(tf.constant([1, 0], tf.uint8), 2)))
out["dtype_from_on"] = v(run(tf.one_hot([1], 2, on_value=2.5)))
out["bool"] = v(run(tf.one_hot([1, 0], 2, on_value=True, off_value=False)))
out["string"] = built(lambda: [[s.decode() for s in row] for row in run(
    tf.one_hot([1, 0], 2, on_value="y", off_value="n"))])
out["complex"] = built(lambda: cv(run(tf.one_hot([[1], [0]], 3, on_value=2 + 1j, axis=0))))
out["complex64"] = built(lambda: cv(run(tf.one_hot([1, 0], 2, on_value=tf.constant(1 + 1j,
                                                                                 tf.complex64)))))
out["string_no_off"] = raises(lambda: tf.one_hot([1], 2, on_value="y"))
out["mixed_on_off"] = raises(lambda: tf.one_hot([1], 2, on_value=1.0, off_value=0))
out["dtype_conflict"] = raises(lambda: tf.one_hot([1], 2, on_value=1.0, dtype=tf.int32))
out["depth_zero"] = v(run(tf.one_hot([0, 1], 0)))
out["bad_axis"] = raises(lambda: tf.one_hot([0, 1], 3, axis=-2))
d = tf.placeholder(tf.int32, [])
out["fed_depth_shape"] = shape(tf.one_hot([0, 1], d))
out["fed_negative_depth"] = fails(tf.one_hot([0, 1], d), {d: -1})
out["scalar_index"] = v(run(tf.one_hot(2, 4)))
out["float_index"] = raises(lambda: tf.one_hot(tf.constant([1.0]), 2))
""",
    # ------------------------------------------------------ sequence_mask, reverse_sequence
    "sequence_mask_and_reverse": """
out["mask"] = v(run(tf.sequence_mask([1, 3, 0], 4)))
out["mask_no_max"] = v(run(tf.sequence_mask([1, 3, 2])))
out["mask_2d"] = v(run(tf.sequence_mask([[1, 2], [3, 0]], 3, dtype=tf.float32)))
out["mask_negative"] = v(run(tf.sequence_mask([-1, 2], 3)))
out["mask_over"] = v(run(tf.sequence_mask([5], 3)))
out["mask_int64"] = v(run(tf.sequence_mask(tf.constant([2], tf.int64), tf.constant(3, tf.int64),
                                           dtype=tf.int32)))
out["mask_shape"] = shape(tf.sequence_mask(tf.placeholder(tf.int32, [None]), 5))
out["mask_bad_maxlen"] = raises(lambda: tf.sequence_mask([1], [3, 4]))
out["mask_float_lengths"] = raises(lambda: tf.sequence_mask([1.5], 3))
x = tf.constant(np.arange(24).reshape(2, 3, 4))
out["rev_seq_axis2"] = v(run(tf.reverse_sequence(x, [3, 1], seq_axis=2, batch_axis=0)))
out["rev_seq_batch1"] = v(run(tf.reverse_sequence(x, [2, 0, 4], seq_axis=2, batch_axis=1)))
out["rev_seq_batch_after"] = v(run(tf.reverse_sequence(x, [1, 2, 0, 2], seq_axis=0,
                                                       batch_axis=2)))
out["rev_seq_int64"] = v(run(tf.reverse_sequence(x, tf.constant([2, 3], tf.int64), 1, 0)))
l = tf.placeholder(tf.int32, [2])
out["rev_seq_too_long"] = fails(tf.reverse_sequence(x, l, 1, 0), {l: [4, 1]})
out["rev_seq_negative"] = fails(tf.reverse_sequence(x, l, 1, 0), {l: [-1, 1]})
out["rev_seq_same_axes"] = raises(lambda: run(tf.reverse_sequence(x, [1, 1], 0, 0)))
out["rev_seq_bad_lengths"] = raises(lambda: tf.reverse_sequence(x, [1, 1, 1], 1, 0))
f = tf.constant(np.arange(12.0).reshape(3, 4), tf.float32)
y = tf.reverse_sequence(f, [4, 2, 0], seq_axis=1, batch_axis=0)
out["rev_seq_grad"] = run(tf.gradients(tf.reduce_sum(y * tf.reshape(tf.range(12.0), [3, 4])),
                                       f)[0]).tolist()
""",
    # ----------------------------------- unique_op_test, listdiff_op_test, invert_permutation
    "unique_setdiff_invert": """
x = tf.constant([7, 2, 7, 7, 1, 2])
out["counts"] = [v(t) for t in run(tf.unique_with_counts(x))]
out["counts_int64"] = [v(t) for t in run(tf.unique_with_counts(tf.constant([3, 3], tf.int64),
                                                               out_idx=tf.int64))]
out["counts_strings"] = [t.tolist() if t.dtype != object else [s.decode() for s in t]
                         for t in run(tf.unique_with_counts(tf.constant(["b", "a", "b"])))]
out["counts_empty"] = [v(t) for t in run(tf.unique_with_counts(tf.zeros([0], tf.float32)))]
out["counts_bool"] = [v(t) for t in run(tf.unique_with_counts(tf.constant([True, False, True])))]
out["setdiff_dups"] = [v(t) for t in run(tf.setdiff1d([1, 2, 2, 3, 1, 4], [4, 9]))]
out["setdiff_float"] = [v(t) for t in run(tf.setdiff1d([1.5, -0.0, 0.0], [0.0]))]
out["setdiff_int64"] = [v(t) for t in run(tf.setdiff1d(tf.constant([5, 6], tf.int64),
                                                       tf.constant([6], tf.int64)))]
out["invert"] = v(run(tf.invert_permutation([3, 4, 0, 2, 1])))
out["invert_int64"] = v(run(tf.invert_permutation(tf.constant([1, 0], tf.int64))))
out["invert_empty"] = v(run(tf.invert_permutation(tf.zeros([0], tf.int32))))
out["invert_shape"] = shape(tf.invert_permutation(tf.placeholder(tf.int32, [5])))
p = tf.placeholder(tf.int32, [None])
out["invert_dup"] = fails(tf.invert_permutation(p), {p: [0, 0, 1]})
out["invert_oob"] = fails(tf.invert_permutation(p), {p: [0, 3, 1]})
out["invert_negative"] = fails(tf.invert_permutation(p), {p: [-1, 0]})
out["invert_rank2"] = raises(lambda: tf.invert_permutation([[0, 1]]))
out["invert_float"] = raises(lambda: tf.invert_permutation([0.0, 1.0]))
""",
    # ------------------------------------- dynamic_partition_op_test, dynamic_stitch_op_test
    "partition_and_stitch": """
d = tf.constant(np.arange(10.0).reshape(5, 2), tf.float32)
parts = tf.dynamic_partition(d, [2, 0, 2, 3, 0], 4)
out["partition"] = [v(t) for t in run(parts)]
out["partition_shapes"] = [shape(t) for t in parts]
out["partition_2d_ids"] = [v(t) for t in run(tf.dynamic_partition(
    tf.reshape(tf.range(6), [2, 3]), [[1, 0, 1], [0, 0, 1]], 2))]
out["partition_scalar_ids"] = [v(t) for t in run(tf.dynamic_partition(tf.constant([5.0]),
                                                                      [1], 2))]
out["partition_empty"] = [v(t) for t in run(tf.dynamic_partition(tf.zeros([0, 3]),
                                                                 tf.zeros([0], tf.int32), 2))]
q = tf.placeholder(tf.int32, [5])
out["partition_oob"] = fails(tf.dynamic_partition(d, q, 4), {q: [0, 1, 4, 0, 0]})
out["partition_negative"] = fails(tf.dynamic_partition(d, q, 4), {q: [0, -1, 0, 0, 0]})
out["partition_bad_shape"] = raises(lambda: tf.dynamic_partition(d, [0, 1], 2))
w = tf.constant([[1.0, 2.0], [3.0, 4.0]])
g = tf.gradients(tf.reduce_sum(parts[0] * w) + 3.0 * tf.reduce_sum(parts[3]), d)[0]
out["partition_grad"] = run(g).tolist()
idx = [tf.constant([6]), tf.constant([4, 1]), tf.constant([[5, 2], [0, 3]])]
dat = [tf.constant([[61.0, 62.0]]), tf.constant([[41.0, 42.0], [11.0, 12.0]]),
       tf.constant([[[51.0, 52.0], [21.0, 22.0]], [[1.0, 2.0], [31.0, 32.0]]])]
st = tf.dynamic_stitch(idx, dat)
out["stitch"] = v(run(st))
out["stitch_shape"] = shape(st)
out["stitch_dups"] = v(run(tf.dynamic_stitch([[0, 1, 0], [1, 2]], [[1, 2, 3], [4, 5]])))
out["stitch_gap"] = v(run(tf.dynamic_stitch([[0, 3]], [[1.5, 2.5]])))
out["stitch_parallel"] = built(lambda: v(run(tf.raw_ops.ParallelDynamicStitch(
    indices=[[2, 0], [1]], data=[[1, 2], [3]]))))
out["stitch_scalars"] = v(run(tf.dynamic_stitch([1, 0], [7, 8])))
out["stitch_mismatch"] = raises(lambda: tf.dynamic_stitch([[0, 1]], [[1.0, 2.0, 3.0]]))
out["stitch_negative"] = raises(lambda: run(tf.dynamic_stitch([[0, -1]], [[1.0, 2.0]])))
gi = tf.gradients(tf.reduce_sum(st * tf.reshape(tf.range(14.0), [7, 2])), dat)
out["stitch_grads"] = [run(t).tolist() for t in gi]
dd = [tf.constant([1.0, 2.0]), tf.constant([3.0])]
gdup = tf.gradients(tf.reduce_sum(tf.dynamic_stitch([[0, 1], [0]], dd) * [10.0, 20.0]), dd)
out["stitch_grads_dup"] = [run(t).tolist() for t in gdup]
""",
    # ----------------------------------------- batch_gather_op_test, identity_n, unstack
    "batch_gather_identity_unstack": """
p = tf.constant([[1, 2, 3], [4, 5, 6]])
out["batch_gather"] = v(run(tf.batch_gather(p, [[2, 0], [1, 1]])))
out["batch_gather_3d"] = v(run(tf.batch_gather(tf.reshape(tf.range(12), [2, 3, 2]),
                                               [[0], [2]])))
out["batch_gather_int64"] = v(run(tf.batch_gather(p, tf.constant([[1], [0]], tf.int64))))
out["batch_gather_scalar_idx"] = raises(lambda: tf.batch_gather(p, 1))
out["batch_gather_oob"] = built(lambda: v(run(tf.batch_gather(p, [[3], [0]]))))
out["batch_gather_oob_last"] = raises(lambda: run(tf.batch_gather(p, [[0], [3]])))
out["identity_n"] = [v(t) for t in run(tf.identity_n([tf.constant(1), tf.constant([2.0])]))]
out["unstack_axis"] = [v(t) for t in run(tf.unstack(tf.reshape(tf.range(6), [2, 3]), axis=-1))]
out["unstack_num"] = [v(t) for t in run(tf.unstack(tf.zeros([0, 2]), num=0))]
out["unstack_unknown"] = raises(lambda: tf.unstack(tf.placeholder(tf.float32, [None, 2])))
out["unstack_num_given"] = [shape(t) for t in tf.unstack(tf.placeholder(tf.float32, [None, 2]),
                                                         num=3)]
out["unstack_bad_num"] = raises(lambda: tf.unstack(tf.zeros([2, 2]), num=3))
out["unstack_bad_axis"] = raises(lambda: tf.unstack(tf.zeros([2, 2]), axis=2))
x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
a, b = tf.unstack(x, axis=1)
out["unstack_grad"] = run(tf.gradients(a * 2.0 + b * b, x)[0]).tolist()
out["unstack_grad_one"] = run(tf.gradients(tf.unstack(x)[1], x)[0]).tolist()
""",
}

MATH = {
    # ------------------------------------------------------------------ reduction_ops_test
    "reductions_more_edges": """
e = tf.zeros([0, 3])
ops = {"sum": tf.reduce_sum, "prod": tf.reduce_prod, "max": tf.reduce_max,
       "min": tf.reduce_min, "mean": tf.reduce_mean}
for k, f in ops.items():
    out["empty_" + k] = v(run([f(e, 0), f(e, 1), f(e)]))
out["empty_int_max"] = v(run(tf.reduce_max(tf.zeros([0], tf.int32))))
out["empty_int_min"] = v(run(tf.reduce_min(tf.zeros([2, 0], tf.int64), 1)))
out["empty_int_mean"] = fails(tf.reduce_mean(tf.zeros([0], tf.int32)))
out["empty_all_any"] = v(run([tf.reduce_all(tf.zeros([0], tf.bool)),
                              tf.reduce_any(tf.zeros([0], tf.bool))]))
out["empty_keepdims"] = v(run(tf.reduce_sum(tf.zeros([2, 0, 3]), [1], keepdims=True)))
out["empty_logsumexp"] = v(run(tf.reduce_logsumexp(tf.zeros([0, 2]), 0)))
out["int8_wrap"] = v(run(tf.reduce_sum(tf.constant([100, 100, 100], tf.int8))))
out["int32_wrap"] = v(run(tf.reduce_sum(tf.constant([2**31 - 1, 1]))))
out["uint8_prod"] = v(run(tf.reduce_prod(tf.constant([16, 32], tf.uint8))))
out["int_mean_trunc"] = v(run(tf.reduce_mean(tf.constant([1, 2, 2]))))
out["int_mean_negative"] = v(run(tf.reduce_mean(tf.constant([-1, -2, -2]))))
out["logsumexp_neg_inf"] = v(run(tf.reduce_logsumexp(tf.constant([[-np.inf, -np.inf],
                                                                  [-np.inf, 0.0]]), 1)))
out["logsumexp_inf"] = v(run(tf.reduce_logsumexp(tf.constant([np.inf, 1.0]))))
out["logsumexp_nan"] = v(run(tf.reduce_logsumexp(tf.constant([np.nan, 1.0]))))
out["logsumexp_large"] = v(run(tf.reduce_logsumexp(tf.constant([1000.0, 1000.0]), keepdims=True)))
out["logsumexp_f64"] = v(run(tf.reduce_logsumexp(tf.constant([[1.0, 2.0]], tf.float64), [0, 1])))
x = tf.constant([-np.inf, -np.inf])
out["logsumexp_grad_neg_inf"] = run(tf.gradients(tf.reduce_logsumexp(x), x)[0]).tolist()
out["max_nan"] = v(run([tf.reduce_max(tf.constant([1.0, np.nan, 3.0])),
                        tf.reduce_min(tf.constant([np.nan, 1.0]))]))
out["duplicate_axes"] = raises(lambda: run(tf.reduce_sum(tf.ones([2, 3]), [1, 1])))
out["axes_int64"] = v(run(tf.reduce_sum(tf.ones([2, 3]), tf.constant([-1], tf.int64))))
out["axis_oob"] = raises(lambda: tf.reduce_sum(tf.ones([2, 3]), 2))
a = tf.placeholder(tf.int32, [None])
out["axes_fed_shape"] = shape(tf.reduce_sum(tf.ones([2, 3, 4]), a, keepdims=True))
out["axes_fed"] = v(run(tf.reduce_max(tf.reshape(tf.range(24), [2, 3, 4]), a), {a: [0, 2]}))
out["axes_fed_oob"] = fails(tf.reduce_sum(tf.ones([2, 3]), a), {a: [2]})
out["complex_prod"] = cv(run(tf.reduce_prod(tf.constant([1 + 1j, 1 - 1j, 2j], tf.complex64))))
out["euclidean_int"] = v(run(tf.math.reduce_euclidean_norm(tf.constant([3, 4]))))
out["bool_sum"] = raises(lambda: tf.reduce_sum(tf.constant([True])))
""",
    # ----------------------------------------------- scan_ops_test, cumulative_logsumexp_test
    "scans_every_way": """
x = tf.constant([[1, 2, 3], [4, 5, 6]])
for dt in (tf.int32, tf.int64, tf.float32, tf.float64, tf.int8, tf.uint8):
    y = tf.cast(x, dt)
    out["cumsum_" + dt.name] = v(run([tf.cumsum(y, 1, exclusive=e, reverse=r)
                                      for e in (False, True) for r in (False, True)]))
out["cumprod_ways"] = v(run([tf.cumprod(x, 0, exclusive=e, reverse=r)
                             for e in (False, True) for r in (False, True)]))
out["cumsum_neg_axis"] = v(run(tf.cumsum(x, -2, exclusive=True)))
out["cumsum_int64_axis"] = v(run(tf.cumsum(x, tf.constant(1, tf.int64), reverse=True)))
out["cumsum_scalar"] = raises(lambda: run(tf.cumsum(tf.constant(3), 0)))
out["cumsum_axis_oob"] = raises(lambda: run(tf.cumsum(x, 2)))
out["cumsum_empty"] = v(run(tf.cumsum(tf.zeros([0, 3]), 0, exclusive=True)))
out["cumsum_complex"] = cv(run(tf.cumsum(tf.constant([1 + 1j, 2 - 1j], tf.complex64),
                                         reverse=True)))
out["cumsum_bool"] = raises(lambda: tf.cumsum(tf.constant([True, False])))
f = tf.constant([[1.0, 0.0, 3.0], [2.0, 4.0, 0.0]])
for e in (False, True):
    for r in (False, True):
        k = "e" if e else "n"
        k += "r" if r else "f"
        w = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        out["cumprod_grad_" + k] = run(tf.gradients(tf.reduce_sum(
            tf.cumprod(f, 1, exclusive=e, reverse=r) * w), f)[0]).tolist()
        out["cumsum_grad_" + k] = run(tf.gradients(tf.reduce_sum(
            tf.cumsum(f, 0, exclusive=e, reverse=r) * w), f)[0]).tolist()
l = tf.constant([[-np.inf, 0.0, 1.0], [1000.0, 1000.0, -1000.0]])
out["cumlse"] = v(run([tf.math.cumulative_logsumexp(l, 1, exclusive=e, reverse=r)
                       for e in (False, True) for r in (False, True)]))
out["cumlse_f64"] = v(run(tf.math.cumulative_logsumexp(tf.constant([0.5, 1.5], tf.float64))))
out["cumlse_int"] = raises(lambda: tf.math.cumulative_logsumexp(tf.constant([1, 2])))
g = tf.constant([0.0, 1.0, 2.0])
out["cumlse_grad"] = run(tf.gradients(tf.reduce_sum(tf.math.cumulative_logsumexp(g) *
                                                    [1.0, 2.0, 3.0]), g)[0]).tolist()
out["cumlse_grad_rev"] = run(tf.gradients(tf.reduce_sum(tf.math.cumulative_logsumexp(
    g, reverse=True, exclusive=True) * [1.0, 2.0, 3.0]), g)[0]).tolist()
""",
    # -------------------------------------------------- confusion_matrix_test, bincount_op_test
    "confusion_and_bincount": """
cm = tf.confusion_matrix
out["basic"] = v(run(cm([1, 2, 4], [2, 2, 4])))
out["num_classes"] = v(run(cm([0, 1], [1, 1], num_classes=4)))
out["weights"] = v(run(cm([0, 1, 1], [1, 1, 0], weights=[0.5, 2.0, 1.5])))
out["weights_int"] = v(run(cm([0, 1, 1], [1, 1, 0], weights=[2, 3, 4])))
out["dtype"] = v(run(cm([0, 1], [1, 1], dtype=tf.float64)))
out["int64"] = v(run(cm(tf.constant([2, 0], tf.int64), tf.constant([1, 0], tf.int64))))
out["negative"] = raises(lambda: run(cm([-1, 1], [1, 1])))
out["over_classes"] = raises(lambda: run(cm([3, 1], [1, 1], num_classes=3)))
out["mismatch"] = raises(lambda: cm([1, 2, 3], [1, 2]))
out["rank2"] = raises(lambda: cm([[1]], [[1]]))
out["empty"] = v(run(cm(tf.zeros([0], tf.int32), tf.zeros([0], tf.int32), num_classes=2)))
out["shape"] = shape(cm([1, 2], [0, 1]))
out["shape_classes"] = shape(cm([1, 2], [0, 1], num_classes=5))
out["bincount_minmax"] = v(run(tf.bincount([1, 1, 4], minlength=6, maxlength=3)))
out["bincount_min_over"] = v(run(tf.bincount([1, 1, 4], minlength=2)))
out["bincount_int_weights"] = v(run(tf.bincount([0, 2, 2], weights=[1, 2, 3])))
out["bincount_weights_dtype"] = v(run(tf.bincount([0, 2, 2], weights=[1.0, 2.0, 3.0],
                                                  dtype=tf.float64)))
out["bincount_weights_2d"] = v(run(tf.bincount([[0, 1], [1, 1]], weights=[[1.0, 2.0], [3.0, 4.0]])))
out["bincount_int64"] = raises(lambda: tf.bincount(tf.constant([1], tf.int64)))
out["bincount_shape"] = shape(tf.bincount([1, 2]))
out["bincount_max_before_min"] = v(run(tf.bincount([0], minlength=5, maxlength=2)))
""",
    # -------------------------------- batch_matmul_op_test, tensordot_op_test, aggregate_ops
    "batch_matmul_and_tensordot": """
a = tf.constant(np.arange(12.0).reshape(2, 2, 3), tf.float32)
b = tf.constant(np.arange(6.0).reshape(3, 2) / 2.0, tf.float32)
out["bcast_rank"] = v(run(tf.matmul(a, b)))
out["bcast_adj"] = v(run(tf.matmul(a, tf.constant(np.arange(6.0).reshape(1, 2, 3), tf.float32),
                                   adjoint_b=True)))
out["batch_matmul_fn"] = v(run(tf.linalg.matmul(b, a, transpose_a=True, transpose_b=True)))
out["bad_batch"] = raises(lambda: tf.matmul(tf.ones([2, 2, 3]), tf.ones([3, 3, 2])))
c = tf.constant([[[1 + 1j, 2j], [0j, 1 - 1j]]], tf.complex64)
out["complex_adj"] = cv(run(tf.matmul(c, c, adjoint_a=True)))
out["int64"] = v(run(tf.matmul(tf.constant([[[1, 2]]], tf.int64), tf.constant([[3], [4]],
    tf.int64))))
out["empty_inner"] = v(run(tf.matmul(tf.zeros([2, 3, 0]), tf.zeros([0, 4]))))
out["empty_batch"] = v(run(tf.matmul(tf.zeros([0, 2, 2]), tf.ones([2, 2]))))
p = tf.placeholder(tf.float32, [None, 2, 3])
out["fed_shape"] = shape(tf.matmul(p, tf.ones([4, 3, 5])))
ga, gb = tf.gradients(tf.reduce_sum(tf.matmul(a, b) * tf.constant([[1.0, 2.0], [3.0, 4.0]])),
                      [a, b])
out["bcast_grads"] = [run(ga).tolist(), run(gb).tolist()]
x = tf.constant(np.arange(24.0).reshape(2, 3, 4), tf.float32)
y = tf.constant(np.arange(12.0).reshape(4, 3) / 3.0, tf.float32)
out["tensordot_int"] = v(run(tf.tensordot(x, y, 1)))
out["tensordot_axes"] = v(run(tf.tensordot(x, y, [[1, 2], [1, 0]])))
out["tensordot_zero"] = shape(tf.tensordot(tf.ones([2]), tf.ones([3]), 0))
out["tensordot_neg"] = v(run(tf.tensordot(x, y, [[-1], [0]])))
out["tensordot_bad"] = raises(lambda: tf.tensordot(x, y, [[0], [0]]))
out["tensordot_too_many"] = raises(lambda: tf.tensordot(x, y, 3))
q = tf.placeholder(tf.float32, [None, 4])
out["tensordot_fed_shape"] = shape(tf.tensordot(q, y, [[1], [0]]))
gx = tf.gradients(tf.reduce_sum(tf.tensordot(x, y, [[1, 2], [1, 0]])), x)[0]
out["tensordot_grad"] = run(gx).tolist()
out["add_n_one"] = v(run(tf.add_n([tf.constant([1, 2])])))
out["add_n_int8"] = v(run(tf.add_n([tf.constant([100], tf.int8)] * 3)))
out["add_n_empty"] = raises(lambda: tf.add_n([]))
out["add_n_mismatch"] = raises(lambda: tf.add_n([tf.ones([2]), tf.ones([3])]))
out["add_n_dtypes"] = raises(lambda: tf.add_n([tf.ones([2]), tf.ones([2], tf.int32)]))
out["accumulate_n"] = v(run(tf.accumulate_n([tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])])))
""",
    # ---------------------------------------------- argmax_op_test, zero_division_test
    "argmax_and_division": """
x = tf.constant([[1.0, 5.0, 5.0], [np.nan, 2.0, 3.0], [-np.inf, -np.inf, -np.inf]])
out["argmax_ties_nan"] = v(run([tf.argmax(x, 1), tf.argmin(x, 1)]))
out["argmax_int32"] = v(run(tf.argmax(x, 0, output_type=tf.int32)))
out["argmax_bool"] = v(run(tf.argmax(tf.constant([False, True, True]))))
out["argmax_int8"] = v(run(tf.argmin(tf.constant([3, -128, -128], tf.int8))))
out["argmax_empty_axis"] = raises(lambda: run(tf.argmax(tf.zeros([0, 3]), 0)))
out["argmax_empty_other"] = v(run(tf.argmax(tf.zeros([0, 3]), 1)))
out["argmax_scalar"] = raises(lambda: run(tf.argmax(tf.constant(1.0))))
out["argmax_axis_tensor"] = v(run(tf.argmax(x, tf.constant(-1, tf.int64))))
out["argmax_complex"] = raises(lambda: run(tf.argmax(tf.constant([1j, 2 + 0j]))))
out["argmax_uint16_type"] = raises(lambda: tf.argmax(x, 0, output_type=tf.uint16))
n = tf.constant([5, -5, 0])
z = tf.placeholder(tf.int32, [3])
out["int_div_zero"] = fails(n // z, {z: [0, 1, 1]})
out["int_mod_zero"] = fails(n % z, {z: [1, 0, 1]})
out["truediv_int_zero"] = v(run(tf.truediv(n, z), {z: [0, 0, 0]}))
out["div_int_zero"] = fails(tf.div(n, z), {z: [1, 1, 0]})
out["uint8_div_zero"] = fails(tf.constant([3], tf.uint8) // tf.placeholder_with_default(
    tf.constant([0], tf.uint8), [1]))
out["div_no_nan_int"] = raises(lambda: tf.div_no_nan(n, z))
out["truediv_int64"] = v(run(tf.truediv(tf.constant([7, -7], tf.int64), tf.constant([2, 2],
    tf.int64))))
out["truediv_int16"] = v(run(tf.truediv(tf.constant([7], tf.int16), tf.constant([4], tf.int16))))
out["truediv_uint8"] = v(run(tf.truediv(tf.constant([7], tf.uint8), tf.constant([4], tf.uint8))))
out["realdiv_int"] = raises(lambda: run(tf.realdiv(n, tf.constant([1, 2, 3]))))
""",
}

NN = {
    # ------------------------------------------------------- softmax_op_test, xent_op_test
    "softmax_xent_more": """
l = tf.constant([[1.0, 2.0, 3.0], [-np.inf, 0.0, 1.0], [-np.inf, -np.inf, 2.0]])
out["softmax_neg_inf"] = v(run(tf.nn.softmax(l)))
out["log_softmax_neg_inf"] = v(run(tf.nn.log_softmax(l)))
out["softmax_all_neg_inf"] = v(run(tf.nn.softmax(tf.constant([[-np.inf, -np.inf]]))))
out["softmax_axis0"] = v(run(tf.nn.softmax(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axis=0)))
out["softmax_3d_axis1"] = v(run(tf.nn.softmax(tf.reshape(tf.range(8.0), [2, 2, 2]), axis=1)))
out["softmax_bad_axis"] = raises(lambda: tf.nn.softmax(tf.ones([2, 2]), axis=2))
out["softmax_scalar"] = raises(lambda: run(tf.nn.softmax(tf.constant(1.0))))
out["softmax_int"] = raises(lambda: tf.nn.softmax(tf.constant([1, 2])))
out["softmax_large"] = v(run(tf.nn.softmax(tf.constant([1e30, 1e30, -1e30]))))
lab = tf.constant([[0.5, 0.5, 0.5], [0.0, 1.0, 0.0], [0.0, 0.0, 2.0]])
xl = tf.constant([[1.0, 2.0, 3.0], [0.0, 0.0, 1.0], [-1.0, 1.0, 2.0]])
out["xent_unnormalized"] = v(run(tf.nn.softmax_cross_entropy_with_logits_v2(labels=lab, logits=xl)))
out["xent_neg_inf"] = v(run(tf.nn.softmax_cross_entropy_with_logits_v2(
    labels=tf.constant([[0.0, 1.0], [1.0, 0.0]]), logits=tf.constant([[-np.inf, 0.0],
                                                                      [-np.inf, 0.0]]))))
out["xent_bcast_labels"] = v(run(tf.nn.softmax_cross_entropy_with_logits_v2(
    labels=tf.constant([[0.0, 1.0, 0.0]]), logits=xl)))
out["xent_dim0"] = v(run(tf.nn.softmax_cross_entropy_with_logits_v2(labels=lab, logits=xl,
                                                                    axis=0)))
out["xent_3d"] = v(run(tf.nn.softmax_cross_entropy_with_logits_v2(
    labels=tf.ones([2, 1, 3]) / 3.0, logits=tf.reshape(tf.range(6.0), [2, 1, 3]))))
out["xent_rank_mismatch"] = built(lambda: v(run(tf.nn.softmax_cross_entropy_with_logits_v2(
    labels=tf.constant([0.25, 0.25, 0.5]), logits=tf.reshape(tf.range(6.0), [2, 3])))))
row, lg = tf.constant([0.25, 0.25, 0.5]), tf.reshape(tf.range(6.0), [2, 3])
xr = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits_v2(labels=row, logits=lg))
out["xent_row_grads"] = [built(lambda: run(tf.gradients(xr, lg)[0]).tolist()),
                         raises(lambda: tf.gradients(xr, row))]
r1 = tf.constant([[0.25, 0.25, 0.5]])
x1 = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits_v2(labels=r1, logits=lg))
out["xent_row1_grads"] = [built(lambda: run(tf.gradients(x1, lg)[0]).tolist()),
                          raises(lambda: tf.gradients(x1, r1))]
gl, gx = tf.gradients(tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits_v2(
    labels=lab, logits=xl) * [1.0, 2.0, 3.0]), [lab, xl])
out["xent_grads"] = [run(gl).tolist(), run(gx).tolist()]
gg = tf.gradients(tf.gradients(tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits_v2(
    labels=lab, logits=xl)), xl)[0] * xl, xl)[0]
out["xent_second"] = run(gg).tolist()
sl = tf.placeholder(tf.int32, [3])
sx = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=sl, logits=xl)
out["sparse_oob"] = fails(sx, {sl: [0, 3, 1]})
out["sparse_negative"] = fails(sx, {sl: [0, -1, 1]})
out["sparse_int64"] = v(run(tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=tf.constant([2, 0, 1], tf.int64), logits=tf.cast(xl, tf.float64))))
out["sparse_3d"] = v(run(tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=[[0, 1]], logits=tf.reshape(tf.range(6.0), [1, 2, 3]))))
out["sparse_rank_mismatch"] = raises(lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=[[0, 1]], logits=xl))
gs = tf.gradients(tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=[2, 0, 1], logits=xl)), xl)[0]
out["sparse_grad"] = run(gs).tolist()
out["sparse_second"] = run(tf.gradients(gs * xl, xl)[0]).tolist()
""",
    # --------------------------------------------- relu_op_test, softplus_op_test, softsign
    "activations_at_kinks": """
x = tf.constant([-6.0, -1.0, 0.0, 1e-8, 3.0, 6.0, 7.0])
def grad(f, at=x):
    return run(tf.gradients(tf.reduce_sum(f(at)), at)[0]).tolist()
out["relu_grad"] = grad(tf.nn.relu)
out["relu6_grad"] = grad(tf.nn.relu6)
out["elu_grad"] = grad(tf.nn.elu)
out["selu_grad"] = grad(tf.nn.selu)
out["leaky_grad"] = grad(lambda t: tf.nn.leaky_relu(t, 0.3))
out["leaky_alpha_big_grad"] = grad(lambda t: tf.nn.leaky_relu(t, 2.5))
out["leaky_alpha_one"] = v(run(tf.nn.leaky_relu(x, 1.0)))
out["leaky_alpha_negative"] = v(run(tf.nn.leaky_relu(x, -0.5)))
out["leaky_int"] = v(run(tf.nn.leaky_relu(tf.constant([-4, 5]), 0.5)))
out["crelu"] = v(run(tf.nn.crelu(tf.constant([[-1.0, 2.0]]))))
out["crelu_axis0"] = v(run(tf.nn.crelu(tf.constant([[-1.0, 2.0]]), axis=0)))
out["crelu_grad"] = grad(tf.nn.crelu)
out["softplus"] = v(run(tf.nn.softplus(tf.constant([-100.0, -20.0, 0.0, 15.0, 20.0, 100.0]))))
out["softplus_f64"] = v(run(tf.nn.softplus(tf.constant([-40.0, 40.0, 1e-3], tf.float64))))
out["softplus_grad"] = grad(tf.nn.softplus, tf.constant([-100.0, 0.0, 100.0]))
out["softsign"] = v(run(tf.nn.softsign(tf.constant([-1e30, -1.0, 0.0, 2.0]))))
out["softsign_grad"] = grad(tf.nn.softsign, tf.constant([-2.0, 0.0, 3.0]))
out["softsign_int"] = raises(lambda: tf.nn.softsign(tf.constant([1])))
out["softplus_int"] = raises(lambda: tf.nn.softplus(tf.constant([1])))
gg = tf.gradients(tf.gradients(tf.reduce_sum(tf.nn.softplus(x)), x)[0], x)[0]
out["softplus_second"] = run(gg).tolist()
gs = tf.gradients(tf.gradients(tf.reduce_sum(tf.nn.selu(x)), x)[0], x)[0]
out["selu_second"] = run(gs).tolist()
g6 = tf.gradients(tf.gradients(tf.reduce_sum(tf.nn.relu6(x) ** 2), x)[0], x)[0]
out["relu6_second"] = run(g6).tolist()
out["relu_f64_grad"] = grad(tf.nn.relu, tf.constant([-1.0, 0.0, 2.0], tf.float64))
out["relu6_f16"] = v(run(tf.nn.relu6(tf.constant([-1.0, 3.5, 65504.0], tf.float16))))
""",
    # ------------------------------------------------------------------------ lrn_op_test
    "lrn_parameters": """
x = tf.reshape(tf.range(1.0, 17.0) / 4.0, [1, 2, 2, 4])
for r, b, a, be in ((0, 1.0, 1.0, 0.5), (1, 0.5, 2.0, 0.75), (3, 2.0, 0.1, 1.0), (5, 1.0, 1.0,
    2.0)):
    key = "lrn_%d" % r
    y = tf.nn.lrn(x, depth_radius=r, bias=b, alpha=a, beta=be)
    out[key] = v(run(y))
    out[key + "_grad"] = run(tf.gradients(tf.reduce_sum(y * tf.reshape(tf.range(16.0), [1, 2, 2,
        4])),
                                          x)[0]).tolist()
out["lrn_defaults"] = v(run(tf.nn.local_response_normalization(x)))
out["lrn_f16"] = v(run(tf.nn.lrn(tf.cast(x, tf.float16), 1)))
out["lrn_f64"] = raises(lambda: run(tf.nn.lrn(tf.cast(x, tf.float64), 1)))
out["lrn_int"] = raises(lambda: tf.nn.lrn(tf.cast(x, tf.int32), 1))
out["lrn_shape"] = shape(tf.nn.lrn(tf.placeholder(tf.float32, [None, 3, None, 5])))
""",
    # ------------------------------------------------------------------- pooling_ops_test
    "pooling_more": """
x = tf.reshape(tf.range(1.0, 1.0 + 5 * 7 * 2), [1, 5, 7, 2])
out["max_same_odd"] = v(run(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")))
out["avg_same_odd"] = v(run(tf.nn.avg_pool(x, [1, 3, 2, 1], [1, 2, 3, 1], "SAME")))
out["avg_same_big"] = v(run(tf.nn.avg_pool(x, [1, 6, 8, 1], [1, 1, 1, 1], "SAME")))
out["max_valid_stride_bigger"] = v(run(tf.nn.max_pool(x, [1, 1, 1, 1], [1, 3, 4, 1], "VALID")))
out["max_window_too_big"] = raises(lambda: tf.nn.max_pool(x, [1, 6, 1, 1], [1, 1, 1, 1], "VALID"))
out["max_depth_pool"] = built(lambda: v(run(tf.nn.max_pool(x, [1, 1, 1, 2], [1, 1, 1, 2],
                                                          "VALID"))))
out["max_batch_ksize"] = raises(lambda: run(tf.nn.max_pool(x, [2, 1, 1, 1], [1, 1, 1, 1], "VALID")))
out["max_int"] = built(lambda: v(run(tf.nn.max_pool(tf.cast(x, tf.int32), [1, 2, 2, 1],
                                                   [1, 2, 2, 1], "VALID"))))
out["avg_int"] = raises(lambda: tf.nn.avg_pool(tf.cast(x, tf.int32), [1, 2, 2, 1], [1, 2, 2, 1],
                                               "VALID"))
m, am = tf.nn.max_pool_with_argmax(x, [1, 2, 3, 1], [1, 2, 2, 1], "SAME")
out["argmax_same"] = v(run([m, am]))
m2, am2 = tf.nn.max_pool_with_argmax(tf.concat([x, -x], 0), [1, 2, 2, 1], [1, 2, 2, 1],
                                     "VALID", include_batch_in_index=True)
out["argmax_batch_index"] = v(run([m2, am2]))
m3, am3 = tf.nn.max_pool_with_argmax(tf.constant([[[[1.0], [1.0]], [[1.0], [1.0]]]]),
                                     [1, 2, 2, 1], [1, 1, 1, 1], "VALID", Targmax=tf.int32)
out["argmax_ties_int32"] = v(run([m3, am3]))
out["argmax_grad"] = run(tf.gradients(tf.reduce_sum(m * m), x)[0]).tolist()
y = tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME")
out["avg_same_grad"] = run(tf.gradients(tf.reduce_sum(y * tf.reshape(tf.range(24.0), [1, 3, 4, 2])),
                                        x)[0]).tolist()
y2 = tf.nn.max_pool(x, [1, 3, 3, 1], [1, 1, 2, 1], "SAME")
out["max_same_grad"] = run(tf.gradients(tf.reduce_sum(y2 * y2), x)[0]).tolist()
tie = tf.constant([[[[1.0], [1.0], [1.0]], [[1.0], [1.0], [1.0]]]])
out["max_tie_grad"] = run(tf.gradients(tf.reduce_sum(tf.nn.max_pool(tie, [1, 2, 2, 1],
                                                                    [1, 1, 1, 1], "VALID")),
                                       tie)[0]).tolist()
gm = tf.gradients(tf.gradients(tf.reduce_sum(y2 * y2), x)[0], x)[0]
out["max_second"] = run(gm).tolist()
out["pool_dilated"] = v(run(tf.nn.pool(x, [2, 2], "MAX", "VALID", dilation_rate=[2, 2])))
out["pool_avg_strides"] = v(run(tf.nn.pool(x, [2, 3], "AVG", "SAME", strides=[2, 2])))
out["pool_1d"] = v(run(tf.nn.pool(tf.reshape(tf.range(10.0), [1, 5, 2]), [2], "MAX", "SAME")))
out["pool_bad_type"] = raises(lambda: tf.nn.pool(x, [2, 2], "MIN", "VALID"))
out["pool_dilation_and_stride"] = raises(lambda: tf.nn.pool(x, [2, 2], "MAX", "VALID",
                                                            dilation_rate=[2, 2], strides=[2, 2]))
""",
    # --------------------------------- conv_ops_test, atrous_conv2d_test, atrous_convolution
    "conv_dilations_and_groups": """
x = tf.reshape(tf.range(1.0, 1.0 + 6 * 6 * 2) / 10.0, [1, 6, 6, 2])
w = tf.reshape(tf.range(1.0, 1.0 + 3 * 3 * 2 * 2) / 20.0 - 0.4, [3, 3, 2, 2])
out["atrous"] = v(run(tf.nn.atrous_conv2d(x, w, 2, "SAME")))
out["atrous_valid"] = v(run(tf.nn.atrous_conv2d(x, w, 2, "VALID")))
out["atrous_rate1"] = v(run(tf.nn.atrous_conv2d(x, w, 1, "VALID")))
out["atrous_bad_rate"] = raises(lambda: tf.nn.atrous_conv2d(x, w, 0, "VALID"))
out["convolution_dilated"] = v(run(tf.nn.convolution(x, w, "SAME", dilation_rate=[2, 1])))
out["convolution_1d"] = v(run(tf.nn.convolution(tf.reshape(tf.range(12.0), [1, 6, 2]),
                                                tf.ones([2, 2, 1]), "VALID",
                                                dilation_rate=[3])))
out["convolution_stride_dilation"] = raises(lambda: tf.nn.convolution(x, w, "VALID",
                                                                      strides=[2, 2],
                                                                      dilation_rate=[2, 2]))
out["with_space_to_batch"] = v(run(tf.nn.with_space_to_batch(
    x, [2, 2], "SAME", lambda inp, nsp, pad: tf.nn.conv2d(inp, w, [1, 1, 1, 1], pad),
    filter_shape=[3, 3])))
g = tf.reshape(tf.range(1.0, 1.0 + 3 * 3 * 1 * 2) / 10.0, [3, 3, 1, 2])
out["grouped"] = built(lambda: v(run(tf.nn.conv2d(x, g, [1, 1, 1, 1], "SAME"))))
g4 = tf.reshape(tf.range(1.0, 1.0 + 2 * 2 * 1 * 4) / 10.0 - 0.5, [2, 2, 1, 4])
gy = tf.nn.conv2d(x, g4, [1, 2, 1, 1], "VALID", dilations=[1, 1, 2, 1])
out["grouped_grads"] = built(lambda: [shape(gy)] + [run(t).tolist() for t in tf.gradients(
    tf.reduce_sum(gy * gy), [x, g4])])
out["grouped_bad_out"] = raises(lambda: tf.nn.conv2d(tf.ones([1, 4, 4, 4]), tf.ones([1, 1, 2, 3]),
                                                     [1, 1, 1, 1], "VALID"))
out["channels_not_divisible"] = raises(lambda: run(tf.nn.conv2d(
    tf.ones([1, 3, 3, 3]), tf.ones([1, 1, 2, 2]), [1, 1, 1, 1], "VALID")))
out["nchw_cpu"] = raises(lambda: run(tf.nn.conv2d(tf.ones([1, 2, 3, 3]), tf.ones([1, 1, 2, 1]),
                                                  [1, 1, 1, 1], "VALID", data_format="NCHW")))
out["explicit_padding"] = v(run(tf.nn.conv2d(x, w, [1, 2, 2, 1],
                                             [[0, 0], [1, 2], [0, 1], [0, 0]])))
out["explicit_bad"] = raises(lambda: tf.nn.conv2d(x, w, [1, 1, 1, 1], [[0, 0], [1, 2]]))
out["explicit_negative"] = raises(lambda: tf.nn.conv2d(x, w, [1, 1, 1, 1],
                                                       [[0, 0], [-1, 0], [0, 0], [0, 0]]))
out["dilated_grads"] = [run(t).tolist() for t in tf.gradients(
    tf.reduce_sum(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1]) ** 2), [x, w])]
out["atrous_grads"] = [run(t).tolist() for t in tf.gradients(
    tf.reduce_sum(tf.nn.atrous_conv2d(x, w, 2, "VALID") ** 2), [x, w])]
dw = tf.reshape(tf.range(1.0, 1.0 + 2 * 2 * 2 * 2) / 8.0, [2, 2, 2, 2])
out["depthwise_rate"] = v(run(tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], "SAME", rate=[2, 2])))
out["depthwise_rate_grads"] = [run(t).tolist() for t in tf.gradients(
    tf.reduce_sum(tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], "VALID", rate=[2, 1]) ** 2),
    [x, dw])]
out["depthwise_stride_rate"] = raises(lambda: tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1],
                                                                     "SAME", rate=[2, 2]))
""",
    # ------------------------------------------ conv1d_transpose_test, conv3d_transpose_test
    "conv_transposes": """
x = tf.reshape(tf.range(1.0, 9.0), [1, 4, 2])
f = tf.reshape(tf.range(1.0, 13.0) / 6.0, [3, 2, 2])  # [width, out, in]
out["c1t_same"] = v(run(tf.nn.conv1d_transpose(x, f, [1, 8, 2], 2, "SAME")))
out["c1t_valid"] = v(run(tf.nn.conv1d_transpose(x, f, [1, 9, 2], 2, "VALID")))
out["c1t_stride1"] = v(run(tf.nn.conv1d_transpose(x, f, [1, 4, 2], 1, "SAME")))
out["c1t_bad_shape"] = raises(lambda: run(tf.nn.conv1d_transpose(x, f, [1, 5, 2], 2, "SAME")))
out["c1t_grads"] = [run(t).tolist() for t in tf.gradients(tf.reduce_sum(
    tf.nn.conv1d_transpose(x, f, [1, 9, 2], 2, "VALID") ** 2), [x, f])]
v3 = tf.reshape(tf.range(1.0, 1.0 + 2 * 2 * 2 * 1) / 4.0, [1, 2, 2, 2, 1])
f3 = tf.reshape(tf.range(1.0, 1.0 + 2 * 2 * 2 * 2) / 8.0, [2, 2, 2, 2, 1])
out["c3t_same"] = v(run(tf.nn.conv3d_transpose(v3, f3, [1, 4, 4, 4, 2], [1, 2, 2, 2, 1], "SAME")))
out["c3t_valid"] = v(run(tf.nn.conv3d_transpose(v3, f3, [1, 3, 3, 3, 2], [1, 1, 1, 1, 1],
                                                "VALID")))
out["c3t_odd_same"] = v(run(tf.nn.conv3d_transpose(v3, f3, [1, 3, 4, 3, 2], [1, 2, 2, 2, 1],
                                                   "SAME")))
out["c3t_grads"] = [run(t).tolist() for t in tf.gradients(tf.reduce_sum(tf.nn.conv3d_transpose(
    v3, f3, [1, 3, 4, 3, 2], [1, 2, 2, 2, 1], "SAME") ** 2), [v3, f3])]
x2 = tf.reshape(tf.range(1.0, 1.0 + 3 * 3), [1, 3, 3, 1])
f2 = tf.reshape(tf.range(1.0, 1.0 + 3 * 3 * 2) / 9.0, [3, 3, 2, 1])
out["c2t_odd"] = v(run(tf.nn.conv2d_transpose(x2, f2, [1, 6, 5, 2], [1, 2, 2, 1], "SAME")))
out["c2t_dilated"] = built(lambda: v(run(tf.nn.conv2d_transpose(
    x2, f2, [1, 7, 7, 2], [1, 1, 1, 1], "VALID", dilations=[1, 2, 2, 1]))))
out["c2t_grads_odd"] = [run(t).tolist() for t in tf.gradients(tf.reduce_sum(tf.nn.conv2d_transpose(
    x2, f2, [1, 6, 5, 2], [1, 2, 2, 1], "SAME") ** 2), [x2, f2])]
""",
    # -------------------------------------- morphological_ops_test, weighted_moments_test
    "morphology_and_weighted_moments": """
img = tf.reshape(tf.constant([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]), [1, 3, 3, 1])
k = tf.constant([[[0.4], [0.3]], [[0.1], [0.0]]])
out["dilation_valid"] = v(run(tf.nn.dilation2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], "VALID")))
out["dilation_same"] = v(run(tf.nn.dilation2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], "SAME")))
out["dilation_rate"] = v(run(tf.nn.dilation2d(img, k, [1, 1, 1, 1], [1, 2, 2, 1], "SAME")))
out["dilation_stride"] = v(run(tf.nn.dilation2d(img, k, [1, 2, 2, 1], [1, 1, 1, 1], "SAME")))
out["erosion_valid"] = v(run(tf.nn.erosion2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], "VALID")))
out["erosion_same"] = v(run(tf.nn.erosion2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1], "SAME")))
gi, gk = tf.gradients(tf.reduce_sum(tf.nn.dilation2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1],
                                                     "SAME")), [img, k])
out["dilation_grads"] = [run(gi).tolist(), run(gk).tolist()]
ei, ek = tf.gradients(tf.reduce_sum(tf.nn.erosion2d(img, k, [1, 1, 1, 1], [1, 1, 1, 1],
                                                    "VALID") * [[[[1.0], [2.0]], [[3.0], [4.0]]]]),
                      [img, k])
out["erosion_grads"] = [run(ei).tolist(), run(ek).tolist()]
out["dilation_bad_kernel"] = raises(lambda: tf.nn.dilation2d(img, tf.ones([2, 2, 2]),
                                                             [1, 1, 1, 1], [1, 1, 1, 1], "SAME"))
x = tf.constant([[1.0, 2.0, 4.0], [3.0, 6.0, 9.0]])
wt = tf.constant([[1.0, 0.0, 3.0], [2.0, 2.0, 2.0]])
out["weighted"] = v(run(list(tf.nn.weighted_moments(x, [1], wt))))
out["weighted_keep"] = v(run(list(tf.nn.weighted_moments(x, [0, 1], wt, keep_dims=True))))
out["weighted_bcast"] = v(run(list(tf.nn.weighted_moments(x, [0], tf.constant([[1.0], [3.0]])))))
out["weighted_zero"] = v(run(list(tf.nn.weighted_moments(x, [1], tf.zeros([2, 3])))))
out["weighted_f16"] = v(run(list(tf.nn.weighted_moments(tf.cast(x, tf.float16), [1],
                                                        tf.cast(wt, tf.float16)))))
ss = tf.nn.sufficient_statistics(x, [1], shift=1.0)
out["sufficient"] = v(run(list(ss)))
out["normalize_moments"] = v(run(list(tf.nn.normalize_moments(ss[0], ss[1], ss[2], 1.0))))
gx = tf.gradients(tf.add_n(list(tf.nn.weighted_moments(x, [1], wt))), [x, wt])
out["weighted_grads"] = [run(t).tolist() for t in gx]
""",
}

LINALG = {
    # ---------- matrix_inverse_op_test, determinant_op_test, self_adjoint_eig_op_test, qr_op_test
    "linalg_singular_and_batched": """
s = tf.constant([[1.0, 2.0], [2.0, 4.0]])
b = tf.constant([[[2.0, 1.0], [1.0, 3.0]], [[1.0, 2.0], [2.0, 4.0]], [[0.0, 1.0], [1.0, 0.0]]])
out["inverse_singular"] = fails(tf.matrix_inverse(s))
out["inverse_batched_singular"] = fails(tf.matrix_inverse(b))
out["inverse_adjoint"] = v(run(tf.matrix_inverse(tf.constant([[2.0, 1.0], [0.0, 4.0]]),
    adjoint=True)))
out["inverse_empty"] = v(run(tf.matrix_inverse(tf.zeros([2, 0, 0]))))
out["inverse_not_square"] = raises(lambda: tf.matrix_inverse(tf.ones([2, 3])))
out["inverse_int"] = raises(lambda: tf.matrix_inverse(tf.constant([[1, 0], [0, 1]])))
out["det_batched"] = v(run(tf.matrix_determinant(b)))
out["det_empty"] = v(run(tf.matrix_determinant(tf.zeros([3, 0, 0]))))
out["det_f64"] = v(run(tf.matrix_determinant(tf.constant([[1e-200, 0.0], [0.0, 1e-200]],
    tf.float64))))
out["det_complex"] = cv(run(tf.matrix_determinant(tf.constant([[1j, 2.0], [1.0, 1j]],
    tf.complex64))))
ld = tf.linalg.slogdet(b)
out["slogdet"] = v(run(list(ld)))
out["logdet_neg"] = v(run(list(tf.linalg.slogdet(tf.constant([[0.0, 1.0], [1.0, 0.0]],
    tf.float64)))))
out["logdet_chol"] = v(run(tf.linalg.logdet(tf.constant([[4.0, 2.0], [2.0, 3.0]]))))
gd = tf.gradients(tf.reduce_sum(tf.matrix_determinant(b[:1])), b)[0]
out["det_grad"] = run(gd).tolist()
gl = tf.gradients(tf.reduce_sum(tf.linalg.slogdet(b[:1])[1]), b)[0]
out["slogdet_grad"] = run(gl).tolist()
gi = tf.gradients(tf.reduce_sum(tf.matrix_inverse(b[:1])), b)[0]
out["inverse_grad"] = run(gi).tolist()
e, ev = tf.self_adjoint_eig(tf.constant([[[2.0, 1.0], [1.0, 2.0]], [[3.0, 0.0], [0.0, -1.0]]]))
out["eig_values"] = v(run(e))
out["eig_abs_vectors"] = v(run(tf.abs(ev)))
out["eigvals_only"] = v(run(tf.self_adjoint_eigvals(tf.constant([[1.0, 2.0], [2.0, 1.0]]))))
out["eig_empty"] = v(run(tf.self_adjoint_eigvals(tf.zeros([0, 0]))))
out["eig_not_square"] = raises(lambda: tf.self_adjoint_eig(tf.ones([2, 3])))
ge = tf.gradients(tf.reduce_sum(tf.self_adjoint_eigvals(tf.constant([[2.0, 1.0], [1.0, 3.0]]) *
                                                        tf.constant(1.0))), [])
m = tf.constant([[2.0, 1.0], [1.0, 3.0]])
out["eigvals_grad"] = run(tf.gradients(tf.reduce_sum(tf.self_adjoint_eigvals(m) * [1.0, 2.0]),
                                       m)[0]).tolist()
tall = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
for full in (False, True):
    q, r = tf.qr(tall, full_matrices=full)
    out["qr_tall_%s" % full] = [shape(q), shape(r), v(run(tf.abs(r))),
                                v(run(tf.matmul(q, r)))]
    q2, r2 = tf.qr(tf.transpose(tall), full_matrices=full)
    out["qr_wide_%s" % full] = [shape(q2), shape(r2), v(run(tf.abs(r2)))]
out["qr_batched_shape"] = [shape(t) for t in tf.qr(tf.ones([4, 3, 2]), full_matrices=True)]
gq = tf.gradients(tf.reduce_sum(tf.abs(tf.qr(tall)[1])), tall)[0]
out["qr_r_grad"] = run(gq).tolist()
out["qr_full_grad_tall"] = raises(lambda: tf.gradients(tf.reduce_sum(tf.qr(
    tall, full_matrices=True)[1]), tall))
""",
    "linalg_solvers": """
a = tf.constant([[[4.0, 1.0], [2.0, 3.0]], [[1.0, 0.0], [0.0, 2.0]]])
rhs = tf.constant([[[1.0], [2.0]], [[3.0], [4.0]]])
out["solve"] = v(run(tf.matrix_solve(a, rhs)))
out["solve_adjoint"] = v(run(tf.matrix_solve(a, rhs, adjoint=True)))
out["solve_singular"] = fails(tf.matrix_solve(tf.constant([[1.0, 2.0], [2.0, 4.0]]),
                                              tf.constant([[1.0], [1.0]])))
out["solve_mismatch"] = raises(lambda: tf.matrix_solve(a, tf.ones([2, 3, 1])))
out["solve_bcast"] = raises(lambda: tf.matrix_solve(a, tf.ones([2, 1])))
t = tf.constant([[2.0, 0.0], [3.0, 4.0]])
out["tri_lower"] = v(run(tf.matrix_triangular_solve(t, tf.constant([[2.0], [11.0]]))))
out["tri_upper"] = v(run(tf.matrix_triangular_solve(t, tf.constant([[2.0], [11.0]]), lower=False)))
out["tri_adjoint"] = v(run(tf.matrix_triangular_solve(t, tf.constant([[2.0], [8.0]]),
    adjoint=True)))
out["tri_bcast"] = v(run(tf.linalg.triangular_solve(tf.stack([t, 2.0 * t]),
                                                    tf.constant([[1.0], [1.0]]))))
out["tri_singular"] = fails(tf.matrix_triangular_solve(tf.constant([[0.0, 0.0], [1.0, 1.0]]),
                                                       tf.constant([[1.0], [1.0]])))
gt = tf.gradients(tf.reduce_sum(tf.matrix_triangular_solve(t, tf.constant([[2.0], [11.0]]))), t)[0]
out["tri_grad"] = run(gt).tolist()
ls = tf.constant([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
y = tf.constant([[1.0], [2.0], [2.0]])
out["lstsq"] = v(run(tf.matrix_solve_ls(ls, y)))
out["lstsq_l2"] = v(run(tf.matrix_solve_ls(ls, y, l2_regularizer=1.0)))
out["lstsq_under"] = v(run(tf.matrix_solve_ls(tf.transpose(ls), tf.constant([[1.0], [2.0]]))))
out["lstsq_fast_false"] = built(lambda: v(run(tf.matrix_solve_ls(ls, y, fast=False))))
out["lstsq_slow_ways"] = built(lambda: v(run([
    tf.matrix_solve_ls(ls, y, l2_regularizer=1.0, fast=False),
    tf.matrix_solve_ls(tf.constant([[1.0, 2.0], [2.0, 4.0], [0.0, 0.0]], tf.float64),
                       tf.constant([[1.0], [2.0], [2.0]], tf.float64), fast=False),
    tf.matrix_solve_ls(tf.transpose(ls), tf.constant([[1.0], [2.0]]), fast=False)])))
out["lstsq_slow_grad"] = raises(lambda: tf.gradients(tf.reduce_sum(tf.matrix_solve_ls(
    ls, y, fast=False)), ls))
out["lstsq_grad"] = run(tf.gradients(tf.reduce_sum(tf.matrix_solve_ls(ls, y)), ls)[0]).tolist()
out["cholesky_not_pd"] = fails(tf.cholesky(tf.constant([[1.0, 2.0], [2.0, 1.0]])))
out["cholesky_batched"] = v(run(tf.cholesky(tf.constant([[[4.0, 2.0], [2.0, 5.0]],
                                                         [[1.0, 0.0], [0.0, 9.0]]]))))
out["cholesky_solve"] = v(run(tf.cholesky_solve(tf.cholesky(tf.constant([[4.0, 2.0], [2.0, 5.0]])),
                                                tf.constant([[1.0], [1.0]]))))
out["band_part_fed"] = v(run(tf.matrix_band_part(tf.ones([3, 4]), tf.constant(0, tf.int64),
                                                 tf.constant(-1, tf.int64))))
out["band_part_bad"] = raises(lambda: run(tf.matrix_band_part(tf.ones([3, 4]), 5, 0)))
out["band_part_grad"] = run(tf.gradients(tf.reduce_sum(tf.matrix_band_part(a, 0, 0) * 3.0),
                                         a)[0]).tolist()
""",
}

SPARSE = {
    # --- sparse_add_op_test, sparse_tensor_dense_matmul_op_test, sparse_reorder/reshape/slice/split
    "sparse_ops_more": """
def sp(t):
    return [v(x) for x in run([t.indices, t.values, t.dense_shape])]
a = tf.SparseTensor([[0, 0], [1, 2], [2, 1]], [1.0, 2.0, 3.0], [3, 3])
b = tf.SparseTensor([[0, 0], [1, 1], [2, 1]], [-1.0, 4.0, 0.5], [3, 3])
out["add_cancel"] = sp(tf.sparse_add(a, b))
out["add_threshold"] = sp(tf.sparse_add(a, b, threshold=1.0))
out["add_int"] = sp(tf.sparse_add(tf.SparseTensor([[0], [2]], [1, 2], [4]),
                                  tf.SparseTensor([[2], [3]], [-2, 5], [4])))
out["add_dtype_mismatch"] = raises(lambda: tf.sparse_add(a, tf.SparseTensor([[0, 0]], [1], [3, 3])))
out["add_dense_shape"] = v(run(tf.sparse_add(a, tf.ones([3, 3]))))
ga, gb = tf.gradients(tf.reduce_sum(tf.sparse.to_dense(tf.sparse_add(a, b)) *
                                    tf.reshape(tf.range(9.0), [3, 3])), [a.values, b.values])
out["add_grads"] = [run(ga).tolist(), run(gb).tolist()]
m = tf.SparseTensor([[0, 1], [1, 0], [1, 1]], [2.0, 3.0, -1.0], [2, 3])
d = tf.reshape(tf.range(6.0), [3, 2])
out["matmul_both_adj"] = v(run(tf.sparse_tensor_dense_matmul(m, tf.reshape(tf.range(6.0), [3, 2]),
                                                           adjoint_a=True, adjoint_b=True)))
out["matmul_int"] = v(run(tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 0]], [2], [1, 2]),
                                                      tf.constant([[3], [4]]))))
out["matmul_empty"] = v(run(tf.sparse_tensor_dense_matmul(
    tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 3]), d)))
out["matmul_dup"] = v(run(tf.sparse_tensor_dense_matmul(
    tf.SparseTensor([[0, 0], [0, 0]], [1.0, 2.0], [1, 3]), d)))
out["matmul_unordered"] = v(run(tf.sparse_tensor_dense_matmul(
    tf.SparseTensor([[1, 0], [0, 2]], [1.0, 2.0], [2, 3]), d)))
gm = tf.gradients(tf.reduce_sum(tf.sparse_tensor_dense_matmul(m, d, adjoint_a=False) ** 2),
                  [m.values, d])
out["matmul_grads"] = [run(t).tolist() for t in gm]
gma = tf.gradients(tf.reduce_sum(tf.sparse_tensor_dense_matmul(
    m, tf.ones([3, 2]), adjoint_a=True, adjoint_b=True) * [[1.0, 2.0, 3.0]] ), [m.values])
out["matmul_adj_grads"] = [run(t).tolist() for t in gma]
u = tf.SparseTensor([[2, 1], [0, 3], [0, 1], [1, 0]], [1, 2, 3, 4], [3, 4])
out["reorder"] = sp(tf.sparse_reorder(u))
out["reorder_3d"] = sp(tf.sparse_reorder(tf.SparseTensor([[1, 0, 1], [0, 2, 0], [1, 0, 0]],
                                                         ["a", "b", "c"], [2, 3, 2])))[:1]
out["reshape_3d"] = sp(tf.sparse_reshape(u, [2, -1, 2]))
out["reshape_same"] = sp(tf.sparse_reshape(u, [3, 4]))
out["reshape_empty"] = sp(tf.sparse_reshape(tf.SparseTensor(tf.zeros([0, 2], tf.int64),
                                                            tf.zeros([0]), [0, 4]), [-1, 2]))
out["reshape_shape"] = shape(tf.sparse_reshape(u, [6, -1]).dense_shape)
out["slice_empty"] = sp(tf.sparse_slice(u, [1, 1], [1, 1]))
out["slice_over"] = sp(tf.sparse_slice(u, [1, 2], [5, 5]))
out["split_uneven"] = [sp(t) for t in tf.sparse_split(sp_input=u, num_split=3, axis=1)]
out["split_rows"] = [sp(t) for t in tf.sparse_split(sp_input=u, num_split=2, axis=0)]
out["split_too_many"] = raises(lambda: [sp(t) for t in tf.sparse_split(sp_input=u, num_split=5,
                                                                      axis=0)])
out["reduce_sum_keep"] = v(run(tf.sparse_reduce_sum(u, 1, keepdims=True)))
out["reduce_sum_neg_axis"] = v(run(tf.sparse_reduce_sum(u, -2)))
out["reduce_sum_axes"] = v(run(tf.sparse_reduce_sum(u, [0, 1])))
out["reduce_max_empty_row"] = v(run(tf.sparse_reduce_max(tf.SparseTensor([[0, 0]], [-3.0], [2,
    2]), 1)))
out["reduce_sum_sparse_keep"] = sp(tf.sparse_reduce_sum_sparse(u, 0, keepdims=True))
""",
    "sparse_to_dense_validation": """
s2d = tf.sparse_to_dense
out["scalar_index"] = v(run(s2d(2, [4], 5.0)))
out["vector_indices"] = v(run(s2d([0, 3], [5], [1, 2], default_value=-1)))
out["scalar_value"] = v(run(s2d([[0, 1], [1, 0]], [2, 2], 7)))
out["string"] = [s.decode() for s in run(s2d([1], [3], "x", default_value="-"))]
out["bool"] = v(run(s2d([0], [2], True, default_value=False)))
out["int64"] = v(run(s2d(tf.constant([[1, 0]], tf.int64), tf.constant([2, 2], tf.int64), [3])))
out["unsorted"] = raises(lambda: run(s2d([[1], [0]], [3], [1, 2])))
out["unsorted_no_validate"] = v(run(s2d([[1], [0]], [3], [1, 2], validate_indices=False)))
out["dup_no_validate"] = built(lambda: v(run(s2d([[1], [1]], [3], [1, 2], validate_indices=False))))
out["oob"] = raises(lambda: run(s2d([[3]], [3], [1])))
out["negative"] = raises(lambda: run(s2d([[-1]], [3], [1])))
out["values_count"] = raises(lambda: run(s2d([[0], [1]], [3], [1, 2, 3])))
out["default_not_scalar"] = raises(lambda: run(s2d([[0]], [3], [1], default_value=[0, 0])))
out["shape_rank"] = raises(lambda: run(s2d([[0, 0]], [3], [1])))
out["shape_static"] = shape(s2d([[0, 0]], [3, 4], [1.0]))
out["shape_fed"] = shape(s2d([[0, 0]], tf.placeholder(tf.int32, [2]), [1.0]))
idx = tf.placeholder(tf.int32, [None, 2])
out["fed_oob"] = fails(s2d(idx, [2, 2], 1.0), {idx: [[0, 0], [2, 0]]})
out["fed_ok"] = v(run(s2d(idx, [2, 2], 1.0), {idx: [[0, 1], [1, 1]]}))
vals = tf.constant([1.0, 2.0])
out["grad_values"] = run(tf.gradients(tf.reduce_sum(s2d([[0], [2]], [3], vals) * [5.0, 6.0, 7.0]),
                                      vals)[0]).tolist()
dv = tf.constant(0.5)
out["grad_default"] = run(tf.gradients(tf.reduce_sum(s2d([[0], [2]], [3], vals, dv)),
    dv)[0]).tolist()
""",
}

STRINGS = {
    # --------------------------------- string_split_op_test, substr_op_test, string_to_number
    "strings_more": """
def s(t, feed=None):
    r = run(t, feed)
    if isinstance(r, (list, tuple)):
        return [s2(x) for x in r]
    return s2(r)
def s2(r):
    a = np.asarray(r)
    return [b.decode() for b in a.ravel()] if a.dtype == object else a.tolist()
def spl(sp):
    return s([sp.indices, sp.values, sp.dense_shape])
src = tf.constant(["pigs on the wing", "animals", "", "  a  b "])
out["split_space"] = spl(tf.string_split(src))
out["split_empty_delim"] = spl(tf.string_split(tf.constant(["hi", "abc"]), delimiter=""))
out["split_multi_delim"] = spl(tf.string_split(tf.constant(["a,b;c", ";;"]), delimiter=",;"))
out["split_keep_empty"] = spl(tf.string_split(tf.constant(["a,,b", ","]), delimiter=",",
                                              skip_empty=False))
out["split_v2"] = spl(tf.strings.split(tf.constant(["a<>b<><>c"]), sep="<>"))
out["split_v2_none"] = spl(tf.strings.split(tf.constant([" a  b ", ""])))
out["split_v2_maxsplit"] = spl(tf.strings.split(tf.constant(["a b c d"]), maxsplit=2))
out["split_scalar"] = raises(lambda: tf.string_split(tf.constant("a b")))
out["substr_pos_vec_len_scalar"] = raises(lambda: tf.substr(tf.constant(["hello", "world"]),
                                                              [1, 4], 3))
out["substr_bcast"] = s(tf.substr(tf.constant([["ten", "eleven"], ["twelve", "x"]]), [1, 0], [2,
    1]))
out["substr_neg_len"] = raises(lambda: run(tf.substr(tf.constant(["abc"]), 0, -1)))
out["substr_neg_oob"] = raises(lambda: run(tf.substr(tf.constant(["abc"]), -4, 1)))
out["substr_pos_end"] = s(tf.substr(tf.constant(["abc"]), 3, 2))
out["substr_len_over"] = s(tf.substr(tf.constant(["abc"]), 1, 10))
out["substr_mismatch"] = raises(lambda: run(tf.substr(tf.constant(["abc", "de"]), [0, 1, 2], 1)))
out["substr_utf8_neg"] = s(tf.strings.substr(tf.constant(["\\u00e9t\\u00e9!"]), -3, 2,
                                             unit="UTF8_CHAR"))
out["substr_utf8_oob"] = raises(lambda: run(tf.strings.substr(tf.constant(["\\u00e9"]), 2, 1,
                                                              unit="UTF8_CHAR")))
n = tf.placeholder(tf.string, [None])
for dt in (tf.float32, tf.float64, tf.int32, tf.int64):
    out["to_number_ok_" + dt.name] = s(tf.string_to_number(n, dt),
                                       {n: ["1", " 2", "-3", "+4",
                                           "0x10"][: 4 if dt.is_floating else 4]})
out["to_number_inf_nan"] = s(tf.string_to_number(n), {n: ["inf", "-INF", "nan", "1e40", "1e-50"]})
out["to_number_f64_big"] = s(tf.string_to_number(n, tf.float64), {n: ["1e308", "4.9e-324"]})
out["to_number_int_overflow"] = fails(tf.string_to_number(n, tf.int32), {n: ["2147483648"]})
out["to_number_int64_ok"] = s(tf.string_to_number(n, tf.int64), {n: ["9223372036854775807"]})
out["to_number_empty"] = fails(tf.string_to_number(n), {n: [""]})
out["to_number_trailing"] = fails(tf.string_to_number(n), {n: ["1.5x"]})
out["to_number_hex_int"] = fails(tf.string_to_number(n, tf.int32), {n: ["0x10"]})
out["to_number_bad_type"] = raises(lambda: tf.string_to_number(n, tf.int8))
""",
}

STATE = {
    # -------------------- variables_test, variable_scope_test partitioners, scatter_ops_test
    "variables_assign_scatter": """
v0 = tf.Variable([1.0, 2.0])
def grow():
    a = tf.assign(v0, [1.0, 2.0, 3.0], validate_shape=False)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [v(sess.run(a)), v(sess.run(v0.read_value()))]
out["assign_grow"] = built(grow)
out["assign_mismatch"] = raises(lambda: tf.assign(v0, [1.0, 2.0, 3.0]))
out["assign_dtype"] = raises(lambda: tf.assign(v0, [1, 2]))
out["assign_add_shape"] = raises(lambda: tf.assign_add(v0, [1.0, 2.0, 3.0]))
sv = tf.Variable([0, 0, 0, 0])
su = tf.scatter_update(sv, [1, 3, 1], [5, 6, 7])
out["scatter_update_dups"] = v(run(su))
out["scatter_add_dups"] = v(run(tf.scatter_add(tf.Variable([1, 1, 1]), [0, 0, 2], [5, 6, 7])))
out["scatter_sub_scalar"] = v(run(tf.scatter_sub(tf.Variable([1.0, 1.0]), [1, 1], 0.5)))
out["scatter_mul"] = v(run(tf.scatter_mul(tf.Variable([2, 3]), [0, 0], [3, 4])))
out["scatter_div"] = v(run(tf.scatter_div(tf.Variable([12.0, 3.0]), [0, 0], [3.0, 2.0])))
out["scatter_max_min"] = v(run([tf.scatter_max(tf.Variable([1, 5]), [0, 1, 0], [4, 2, 3]),
                                tf.scatter_min(tf.Variable([1, 5]), [0, 1, 1], [4, 2, 3])]))
out["scatter_2d"] = v(run(tf.scatter_update(tf.Variable(tf.zeros([3, 2])), [[0], [2]],
                                            [[[1.0, 2.0]], [[3.0, 4.0]]])))
out["scatter_oob"] = raises(lambda: run(tf.scatter_update(tf.Variable([1, 2]), [2], [9])))
out["scatter_negative"] = raises(lambda: run(tf.scatter_add(tf.Variable([1, 2]), [-1], [9])))
out["scatter_bad_updates"] = raises(lambda: tf.scatter_update(tf.Variable([1, 2]), [0, 1], [9]))
nv = tf.Variable(tf.zeros([3, 2], tf.int32))
out["scatter_nd_update_dups"] = v(run(tf.scatter_nd_update(nv, [[0, 1], [2, 0], [0, 1]], [1, 2,
    3])))
out["scatter_nd_add_rows"] = v(run(tf.scatter_nd_add(tf.Variable(tf.ones([3, 2])), [[2], [0], [2]],
                                                     [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])))
out["scatter_nd_sub"] = v(run(tf.scatter_nd_sub(tf.Variable([5, 5, 5]), [[1], [1]], [1, 2])))
out["scatter_nd_oob"] = raises(lambda: run(tf.scatter_nd_update(tf.Variable([1, 2]), [[2]], [3])))
out["scatter_nd_bad"] = raises(lambda: tf.scatter_nd_update(tf.Variable([[1, 2]]), [[0]], [3]))
bv = tf.Variable([[1, 2, 3], [4, 5, 6]])
out["batch_scatter"] = v(run(tf.batch_scatter_update(bv, [[0], [2]], [[9], [8]])))
""",
    "partitioners": """
def parts(var):
    return [[p.name, p.shape.as_list()] for p in var]
with tf.variable_scope("fixed", partitioner=tf.fixed_size_partitioner(3)):
    f = tf.get_variable("w", [7, 2], initializer=tf.constant_initializer(1.0))
out["fixed"] = parts(f)
out["fixed_full"] = v(run(tf.convert_to_tensor(f)))
with tf.variable_scope("fixed_axis", partitioner=tf.fixed_size_partitioner(2, axis=1)):
    fa = tf.get_variable("w", [2, 5])
out["fixed_axis1"] = parts(fa)
with tf.variable_scope("more", partitioner=tf.fixed_size_partitioner(5)):
    fm = tf.get_variable("w", [3, 2])
out["more_than_rows"] = parts(fm)
with tf.variable_scope("minmax", partitioner=tf.min_max_variable_partitioner(max_partitions=4,
                                                                              min_slice_size=16)):
    mm = tf.get_variable("w", [10, 4])
out["min_max"] = parts(mm)
with tf.variable_scope("varsize", partitioner=tf.variable_axis_size_partitioner(
        max_shard_bytes=64)):
    vs = tf.get_variable("w", [10, 4])
out["axis_size"] = parts(vs)
out["axis_size_bad"] = raises(lambda: tf.variable_axis_size_partitioner(0))
with tf.variable_scope("lookup", partitioner=tf.fixed_size_partitioner(2)):
    def rows(shape, dtype=tf.float32, partition_info=None):
        first = 0 if partition_info is None else partition_info.var_offset[0]
        return tf.reshape(tf.range(first * 2.0, (first + shape[0]) * 2.0), shape)
    e = tf.get_variable("emb", [5, 2], initializer=rows)
out["lookup"] = v(run(tf.nn.embedding_lookup(e, [4, 0, 2])))
out["lookup_div"] = v(run(tf.nn.embedding_lookup(e, [4, 0, 2], partition_strategy="div")))
g = tf.gradients(tf.reduce_sum(tf.nn.embedding_lookup(e, [4, 4, 1]) * 2.0), list(e))
out["lookup_grads"] = [[v(t) for t in run([x.indices, x.values])] for x in g]
out["scalar_partitioned"] = raises(lambda: tf.get_variable("s", [], partitioner=
                                                           tf.fixed_size_partitioner(2)))
with tf.variable_scope("reuse", partitioner=tf.fixed_size_partitioner(2)):
    tf.get_variable("w", [4])
with tf.variable_scope("reuse", reuse=True, partitioner=tf.fixed_size_partitioner(2)):
    out["reuse_same"] = parts(tf.get_variable("w", [4]))
with tf.variable_scope("reuse", reuse=True, partitioner=tf.fixed_size_partitioner(3)):
    out["reuse_other_count"] = raises(lambda: tf.get_variable("w", [4]))
""",
}

ARRAYS = {
    # ----------------------------------------------------------------- tensor_array_ops_test
    "tensor_array_more": """
ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, clear_after_read=False)
ta = ta.write(0, [1.0, 2.0]).write(3, [7.0, 8.0])
out["dynamic_gap_size"] = int(run(ta.size()))
out["dynamic_gap_stack"] = raises(lambda: run(ta.stack()))
out["read_twice_kept"] = v(run([ta.read(0), ta.read(0)]))
cr = tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(1, 2.0)
r0 = cr.read(0)
out["clear_after_read"] = raises(lambda: run([r0, cr.read(0)]))
out["read_unwritten"] = raises(lambda: run(tf.TensorArray(tf.float32, size=2).write(0,
    1.0).read(1)))
out["read_unwritten_shape"] = v(run(tf.TensorArray(tf.float32, size=2, element_shape=[2]).write(
    0, [1.0, 2.0]).read(1)))
out["write_twice"] = raises(lambda: run(tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(
    0, 2.0).stack()))
out["write_wrong_dtype"] = raises(lambda: tf.TensorArray(tf.float32, size=1).write(0, 1))
out["write_wrong_shape"] = raises(lambda: tf.TensorArray(tf.float32, size=2).write(
    0, [1.0]).write(1, [1.0, 2.0]))
out["read_oob"] = raises(lambda: run(tf.TensorArray(tf.float32, size=1).write(0, 1.0).read(2)))
out["read_negative"] = raises(lambda: run(tf.TensorArray(tf.float32, size=1).write(0,
    1.0).read(-1)))
sc = tf.TensorArray(tf.int32, size=0, dynamic_size=True).scatter([4, 1], [[1, 2], [3, 4]])
out["scatter_grow_size"] = int(run(sc.size()))
out["scatter_oob_fixed"] = raises(lambda: run(tf.TensorArray(tf.int32, size=2).scatter(
    [2], [[1]]).size()))
out["gather_empty"] = v(run(tf.TensorArray(tf.float32, size=2, element_shape=[3]).unstack(
    tf.ones([2, 3])).gather(tf.zeros([0], tf.int32))))
out["stack_empty"] = v(run(tf.TensorArray(tf.float32, size=0, element_shape=[2]).stack()))
out["concat_empty"] = v(run(tf.TensorArray(tf.float32, size=0, element_shape=[2]).concat()))
out["unstack_shape"] = shape(tf.TensorArray(tf.float32, size=3).unstack(tf.ones([3, 2, 5])).read(0))
out["stack_shape"] = shape(tf.TensorArray(tf.float32, size=3).unstack(tf.ones([3, 2, 5])).stack())
out["element_shape"] = shape(tf.TensorArray(tf.float32, size=2, element_shape=[None, 4]).stack())
out["infer_off"] = shape(tf.TensorArray(tf.float32, size=2, infer_shape=False).write(
    0, [1.0]).read(0))
out["unstack_too_many"] = raises(lambda: run(tf.TensorArray(tf.float32, size=2).unstack(
    tf.ones([3])).stack()))
ss = lambda: tf.TensorArray(tf.float32, size=3).split(tf.range(6.0), [1, 2, 3])
out["split_uneven_read"] = built(lambda: v(run([ss().read(0), ss().read(2)])))
out["split_uneven_concat"] = built(lambda: v(run(ss().concat())))
out["split_bad_lengths"] = raises(lambda: run(tf.TensorArray(tf.float32, size=2).split(
    tf.range(6.0), [1, 2]).concat()))
x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
gta = tf.TensorArray(tf.float32, size=3).unstack(x)
g = tf.gradients(tf.reduce_sum(gta.gather([2, 0]) * [[1.0], [2.0]]), x)[0]
out["gather_grad"] = run(g).tolist()
sta = tf.TensorArray(tf.float32, size=4).scatter([3, 0], x[:2])
gs = tf.gradients(tf.reduce_sum(sta.gather([0, 3]) * [[1.0, 2.0], [3.0, 4.0]]), x)[0]
out["scatter_grad"] = run(gs).tolist()
spl = tf.TensorArray(tf.float32, size=2).split(tf.reshape(x, [6]), [3, 3])
gp = tf.gradients(tf.reduce_sum(spl.read(1) * [1.0, 2.0, 3.0]), x)[0]
out["split_grad"] = run(gp).tolist()
def body(i, t):
    return i + 1, t.write(i, tf.cast(i, tf.float32) * x[i])
_, loop_ta = tf.while_loop(lambda i, t: i < 3, body,
                           [0, tf.TensorArray(tf.float32, size=0, dynamic_size=True)])
out["while_dynamic"] = v(run(loop_ta.stack()))
out["while_grad"] = run(tf.gradients(tf.reduce_sum(loop_ta.stack()), x)[0]).tolist()
out["dtype_size"] = [tf.TensorArray(tf.int64, size=3).dtype.name,
                     v(run(tf.TensorArray(tf.int64, size=3).size()))]
""",
}

RANDOM = {
    # ------------------------------------------- random_ops_test: shapes, op seeds, errors
    "random_shapes_and_seeds": """
ps = tf.placeholder(tf.int32, [2])
out["uniform_fed_shape"] = shape(tf.random_uniform(ps))
out["uniform_partial_shape"] = shape(tf.random_normal(tf.stack([2, tf.placeholder(tf.int32, [])])))
out["uniform_shape_fed"] = list(run(tf.random_uniform(ps), {ps: [3, 1]}).shape)
out["normal_empty_fed"] = list(run(tf.random_normal(ps), {ps: [0, 4]}).shape)
out["negative_shape"] = raises(lambda: run(tf.random_uniform([-1, 2])))
out["negative_shape_fed"] = fails(tf.random_uniform(ps), {ps: [-1, 2]})
out["float_shape"] = raises(lambda: tf.random_uniform([1.5]))
out["uniform_int_shape"] = shape(tf.random_uniform([2, 3], 0, 10, dtype=tf.int64))
out["uniform_int_empty_range"] = fails(tf.random_uniform([2], tf.placeholder_with_default(3, []),
                                                          3, dtype=tf.int32))
out["uniform_bool"] = raises(lambda: tf.random_uniform([2], dtype=tf.bool))
out["normal_int"] = raises(lambda: tf.random_normal([2], dtype=tf.int32))
out["truncated_f64_dtype"] = tf.truncated_normal([2], dtype=tf.float64).dtype.name
out["gamma_shape"] = shape(tf.random_gamma([5], tf.constant([1.0, 2.0, 3.0])))
out["gamma_shape2"] = shape(tf.random_gamma([2, 1], [[1.0], [2.0]], beta=[3.0, 4.0]))
out["poisson_shape"] = shape(tf.random_poisson([1.0, 5.0], [4, 2], dtype=tf.int32))
out["poisson_dtype"] = tf.random_poisson([1.0], [3], dtype=tf.int64).dtype.name
out["multinomial_shape"] = shape(tf.multinomial(tf.zeros([3, 4]), 5))
out["multinomial_zero"] = list(run(tf.multinomial(tf.zeros([2, 4]), 0)).shape)
out["multinomial_bad_rank"] = raises(lambda: tf.multinomial(tf.zeros([4]), 2))
out["shuffle_shape"] = shape(tf.random_shuffle(tf.placeholder(tf.float32, [None, 3])))
out["shuffle_scalar"] = v(run(tf.random_shuffle(tf.constant(5))))
out["crop"] = shape(tf.random_crop(tf.ones([5, 6, 3]), [2, 3, 3]))
out["crop_too_big"] = raises(lambda: run(tf.random_crop(tf.ones([5, 6, 3]), [6, 3, 3])))
u1 = tf.random_uniform([4], seed=11)
u2 = tf.random_uniform([4], seed=11)
with tf.Session() as sess:
    a, b = sess.run([u1, u2])
    c = sess.run(u1)
out["same_op_seed_same_draws"] = a.tolist() == b.tolist()
out["next_run_differs"] = a.tolist() != c.tolist()
out["range_uniform"] = bool(np.all((a >= 0.0) & (a < 1.0)))
t = run(tf.truncated_normal([1000], mean=5.0, stddev=2.0, seed=3))
out["truncated_in_range"] = bool(np.all(np.abs(t - 5.0) <= 4.0))
i = run(tf.random_uniform([1000], -3, 4, dtype=tf.int32, seed=5))
out["int_range"] = [int(i.min()), int(i.max())]
sh = run(tf.random_shuffle(tf.range(20), seed=4))
out["shuffle_permutation"] = sorted(sh.tolist()) == list(range(20))
""",
}

MORE = {
    # ------- linalg tests: matrix_exponential/logarithm/square_root, lu_op_test, pinv, tridiagonal
    "linalg_functions": """
m = tf.constant([[1.0, 2.0], [0.5, 1.0]], tf.float64)
out["expm"] = v(run(tf.linalg.expm(m)))
out["expm_zero"] = v(run(tf.linalg.expm(tf.zeros([2, 2]))))
out["expm_batched"] = v(run(tf.linalg.expm(tf.constant([[[0.0, 1.0], [-1.0, 0.0]],
                                                        [[2.0, 0.0], [0.0, -1.0]]]))))
out["expm_big"] = v(run(tf.linalg.expm(tf.constant([[10.0, 3.0], [-4.0, 2.0]], tf.float64))))
out["expm_empty"] = v(run(tf.linalg.expm(tf.zeros([0, 0]))))
out["expm_grad"] = run(tf.gradients(tf.reduce_sum(tf.linalg.expm(m)), m)[0]).tolist()
spd = tf.constant([[4.0, 1.0], [1.0, 3.0]], tf.float64)
out["sqrtm"] = v(run(tf.linalg.sqrtm(spd)))
out["sqrtm_upper"] = v(run(tf.linalg.sqrtm(tf.constant([[4.0, 2.0], [0.0, 9.0]]))))
out["logm"] = cv(run(tf.linalg.logm(tf.constant([[2.0, 1.0], [0.0, 3.0]], tf.complex128))))
out["logm_real"] = raises(lambda: tf.linalg.logm(spd))
a = tf.constant([[2.0, 1.0, 1.0], [4.0, -6.0, 0.0], [-2.0, 7.0, 2.0]])
lu, perm = tf.linalg.lu(a)
out["lu"] = v(run([lu, perm]))
out["lu_int64"] = v(run(tf.linalg.lu(a, output_idx_type=tf.int64)[1]))
out["lu_reconstruct"] = v(run(tf.linalg.lu_reconstruct(lu, perm)))
out["lu_solve"] = v(run(tf.linalg.lu_solve(lu, perm, tf.constant([[5.0], [-2.0], [9.0]]))))
out["lu_inverse"] = v(run(tf.linalg.lu_matrix_inverse(lu, perm)))
out["lu_singular"] = fails(tf.linalg.lu(tf.constant([[1.0, 2.0], [2.0, 4.0]])))
out["lu_grad"] = raises(lambda: tf.gradients(tf.reduce_sum(tf.linalg.lu(a)[0]), a))
out["pinv"] = v(run(tf.linalg.pinv(tf.constant([[1.0, 2.0], [2.0, 4.0], [0.0, 0.0]]))))
out["pinv_rcond"] = v(run(tf.linalg.pinv(tf.constant([[1.0, 0.0], [0.0, 1e-4]]), rcond=1e-3)))
out["pinv_f64_batched"] = v(run(tf.linalg.pinv(tf.constant([[[1.0, 1.0]], [[0.0, 2.0]]],
    tf.float64))))
diags = tf.constant([[0.0, 1.0, 2.0], [4.0, 5.0, 6.0], [7.0, 8.0, 0.0]])
rhs = tf.constant([[1.0], [2.0], [3.0]])
out["tridiag_compact"] = v(run(tf.linalg.tridiagonal_solve(diags, rhs)))
out["tridiag_sequence"] = v(run(tf.linalg.tridiagonal_solve(
    (tf.constant([0.0, 1.0, 2.0]), tf.constant([4.0, 5.0, 6.0]), tf.constant([7.0, 8.0, 0.0])),
    rhs, diagonals_format="sequence")))
out["tridiag_matrix"] = v(run(tf.linalg.tridiagonal_solve(
    tf.constant([[4.0, 7.0, 0.0], [1.0, 5.0, 8.0], [0.0, 2.0,
        6.0]]), rhs, diagonals_format="matrix")))
out["tridiag_transpose"] = v(run(tf.linalg.tridiagonal_solve(diags, rhs, transpose_rhs=False,
                                                             conjugate_rhs=False)))
out["tridiag_singular"] = fails(tf.linalg.tridiagonal_solve(tf.zeros([3, 3]), rhs))
out["tridiag_no_pivot"] = v(run(tf.linalg.tridiagonal_solve(diags, rhs, partial_pivoting=False)))
out["tridiag_matmul"] = v(run(tf.linalg.tridiagonal_matmul(diags, rhs)))
out["tridiag_grad"] = [run(t).tolist() for t in tf.gradients(tf.reduce_sum(
    tf.linalg.tridiagonal_solve(diags, rhs)), [diags, rhs])]
out["norm_ord"] = v(run([tf.norm(a, ord=o, axis=[0, 1]) for o in ("fro", "euclidean", 1, np.inf)]))
out["norm_vec"] = v(run([tf.norm(tf.constant([3.0, -4.0, 0.0]), ord=o) for o in (1, 2, 0.5,
    np.inf)]))
out["norm_bad"] = raises(lambda: tf.norm(a, ord=3, axis=[0, 1]))
out["svd_values"] = v(run(tf.svd(a, compute_uv=False)))
out["svd_batched_empty"] = v(run(tf.svd(tf.zeros([2, 0, 3]), compute_uv=False)))
out["eigh_complex_values"] = v(run(tf.real(tf.self_adjoint_eigvals(tf.constant([[2.0, 1j], [-1j,
    2.0]],
                                                                           tf.complex64)))))
out["trace"] = v(run(tf.trace(tf.reshape(tf.range(18), [2, 3, 3]))))
out["matrix_rank"] = v(run(tf.linalg.matrix_rank(tf.constant([[1.0, 2.0], [2.0, 4.0]]))))
c1, c2 = tf.constant([1.0, 2.0, 3.0]), tf.constant([-1.0, 0.5, 2.0])
out["cross_grad"] = [run(t).tolist() for t in tf.gradients(tf.reduce_sum(tf.cross(c1, c2) *
                                                                         [1.0, 2.0,
                                                                             3.0]), [c1, c2])]
""",
    # -------------------------------------------------------------- signal: frame, stft, dct
    "signal_ops": """
x = tf.range(10.0)
out["frame"] = v(run(tf.signal.frame(x, 4, 3)))
out["frame_pad_end"] = v(run(tf.signal.frame(x, 4, 3, pad_end=True, pad_value=-1.0)))
out["frame_axis0"] = v(run(tf.signal.frame(tf.reshape(x, [5, 2]), 2, 2, axis=0)))
out["frame_short"] = v(run(tf.signal.frame(tf.range(3.0), 4, 1)))
out["frame_short_pad"] = v(run(tf.signal.frame(tf.range(3.0), 4, 2, pad_end=True)))
out["overlap_add"] = v(run(tf.signal.overlap_and_add(tf.reshape(tf.range(12.0), [3, 4]), 2)))
out["hann"] = v(run([tf.signal.hann_window(5), tf.signal.hann_window(5, periodic=False),
                     tf.signal.hann_window(1), tf.signal.hann_window(0)]))
out["hamming"] = v(run([tf.signal.hamming_window(4), tf.signal.hamming_window(4, periodic=False)]))
sig = tf.sin(tf.range(32.0) / 3.0)
st = tf.signal.stft(sig, 8, 4)
out["stft_shape"] = shape(st)
out["stft"] = cv(run(st))
out["stft_pad_end"] = shape(tf.signal.stft(sig, 8, 5, fft_length=16, pad_end=True))
ist = tf.signal.inverse_stft(st, 8, 4, window_fn=tf.signal.inverse_stft_window_fn(4))
out["istft"] = v(run(ist))
c = tf.constant([[1.0, 2.0, 3.0, 4.0], [0.5, -1.0, 2.0, 0.0]])
for t in (1, 2, 3, 4):
    out["dct%d" % t] = v(run(tf.signal.dct(c, type=t)))
out["dct2_ortho"] = v(run(tf.signal.dct(c, norm="ortho")))
out["idct2_ortho"] = v(run(tf.signal.idct(tf.signal.dct(c, norm="ortho"), norm="ortho")))
out["dct3_ortho"] = v(run(tf.signal.dct(c, type=3, norm="ortho")))
out["dct_n"] = v(run(tf.signal.dct(c, n=6)))
out["dct1_ortho"] = raises(lambda: tf.signal.dct(c, type=1, norm="ortho"))
out["dct_grad"] = run(tf.gradients(tf.reduce_sum(tf.signal.dct(c) * [1.0, 2.0, 3.0, 4.0]),
    c)[0]).tolist()
mel = tf.signal.linear_to_mel_weight_matrix(4, 9, 8000, 100.0, 3000.0)
out["mel"] = v(run(mel))
lm = tf.log(tf.reshape(tf.range(1.0, 13.0), [3, 4]))
out["mfccs"] = v(run(tf.signal.mfccs_from_log_mel_spectrograms(lm)))
out["rfft2d"] = cv(run(tf.signal.rfft2d(tf.reshape(tf.range(6.0), [2, 3]))))
out["fftshift"] = v(run([tf.signal.fftshift(tf.range(5)), tf.signal.ifftshift(tf.range(5))]))
""",
    # ------------------------------------------------ image_ops_test: the less common ones
    "image_ops_more": """
img = tf.reshape(tf.range(1.0, 1.0 + 4 * 4 * 3) / 48.0, [1, 4, 4, 3])
out["resize_area"] = v(run(tf.image.resize_area(img, [3, 3])))
out["resize_area_up"] = v(run(tf.image.resize_area(img[:, :2, :2], [3, 4])))
out["resize_bicubic"] = v(run(tf.image.resize_bicubic(img, [3, 5])))
out["resize_bicubic_align"] = v(run(tf.image.resize_bicubic(img, [5, 5], align_corners=True)))
out["resize_bicubic_half"] = v(run(tf.image.resize_bicubic(img, [6, 3], half_pixel_centers=True)))
out["resize_bilinear_half"] = v(run(tf.image.resize_bilinear(img, [3, 6], half_pixel_centers=True)))
out["resize_nn_align"] = v(run(tf.image.resize_nearest_neighbor(img, [3, 7], align_corners=True)))
out["resize_v2_lanczos"] = v(run(tf.image.resize_images(img, [3, 3],
    method=tf.image.ResizeMethod.AREA)))
out["total_variation"] = v(run(tf.image.total_variation(img)))
out["sobel"] = v(run(tf.image.sobel_edges(img[..., :1])))
out["gradients"] = v(run(list(tf.image.image_gradients(img))))
out["psnr"] = v(run(tf.image.psnr(img, img * 0.9, 1.0)))
out["psnr_same"] = v(run(tf.image.psnr(img, img, 1.0)))
big = tf.reshape(tf.sin(tf.range(16.0 * 16.0)) * 0.5 + 0.5, [1, 16, 16, 1])
out["ssim"] = v(run(tf.image.ssim(big, big * 0.8 + 0.1, 1.0, filter_size=5)))
out["yiq_yuv"] = v(run([tf.image.rgb_to_yiq(img[0, 0]), tf.image.rgb_to_yuv(img[0, 0]),
                        tf.image.yuv_to_rgb(img[0, 0]), tf.image.yiq_to_rgb(img[0, 0])]))
out["adjust_hue"] = v(run(tf.image.adjust_hue(img, 0.3)))
out["adjust_hue_neg"] = v(run(tf.image.adjust_hue(img, -0.7)))
out["adjust_saturation"] = v(run(tf.image.adjust_saturation(img, 2.5)))
out["hsv_round"] = v(run(tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(img))))
out["convert_sat"] = v(run(tf.image.convert_image_dtype(tf.constant([-0.5, 0.0, 0.5, 1.0, 1.5]),
                                                        tf.uint8, saturate=True)))
out["convert_u8_f"] = v(run(tf.image.convert_image_dtype(tf.constant([0, 128, 255], tf.uint8),
                                                         tf.float32)))
out["convert_u8_i16"] = v(run(tf.image.convert_image_dtype(tf.constant([0, 128, 255], tf.uint8),
                                                           tf.int16)))
out["convert_i32_u8"] = v(run(tf.image.convert_image_dtype(tf.constant([0, 2**30, 2**31 - 1]),
                                                           tf.uint8)))
out["standardize_const"] = v(run(tf.image.per_image_standardization(tf.ones([2, 2, 1]))))
out["standardize_int"] = v(run(tf.image.per_image_standardization(tf.constant([[[1], [2]]],
    tf.uint8))))
out["rot90_neg"] = v(run(tf.image.rot90(tf.reshape(tf.range(6), [2, 3, 1]), k=-1)))
out["rot90_batch"] = v(run(tf.image.rot90(tf.reshape(tf.range(12), [2, 2, 3, 1]), k=3)))
out["central_crop"] = v(run(tf.image.central_crop(tf.reshape(tf.range(25.0), [5, 5, 1]), 0.5)))
out["draw_boxes"] = v(run(tf.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 1]),
                                                       tf.constant([[[0.0, 0.0, 0.5, 0.75]]]))))
out["glimpse"] = v(run(tf.image.extract_glimpse(tf.reshape(tf.range(16.0), [1, 4, 4, 1]), [2, 2],
                                                [[0.0, 0.0]], centered=True, normalized=True)))
out["glimpse_uncentered"] = v(run(tf.image.extract_glimpse(tf.reshape(tf.range(16.0), [1, 4, 4, 1]),
                                                           [2, 3], [[1.0, 1.0]], centered=False,
                                                           normalized=False)))
out["resize_grad_area"] = raises(lambda: tf.gradients(tf.reduce_sum(tf.image.resize_area(img,
    [3, 3])), img))
out["resize_grad_bicubic"] = run(tf.gradients(tf.reduce_sum(tf.image.resize_bicubic(img, [3,
    5]) ** 2),
                                              img)[0]).tolist()
out["hue_grad"] = raises(lambda: run(tf.gradients(tf.reduce_sum(tf.image.adjust_hue(img, 0.3)),
    img)))
""",
    # ------------------------------------- cwise_ops_test, special_math: the rarer functions
    "math_rarer_functions": """
z = tf.constant([0.0, 0.0, 1.0, 2.0])
y = tf.constant([0.0, 3.0, 0.0, 0.5])
out["xlogy"] = v(run([tf.math.xlogy(z, y), tf.math.xdivy(z, y), tf.math.xlog1py(z, y - 1.0)]))
gz, gy = tf.gradients(tf.reduce_sum(tf.math.xlogy(z, y)), [z, y])
out["xlogy_grads"] = [run(gz).tolist(), run(gy).tolist()]
gz2, gy2 = tf.gradients(tf.reduce_sum(tf.math.xdivy(z, y)), [z, y])
out["xdivy_grads"] = [run(gz2).tolist(), run(gy2).tolist()]
gz3, gy3 = tf.gradients(tf.reduce_sum(tf.math.xlog1py(z, y - 1.0)), [z, y])
out["xlog1py_grads"] = [run(gz3).tolist(), run(gy3).tolist()]
b = tf.constant([-3.0, -0.5, 0.0, 0.5, 3.0, 30.0])
out["bessel"] = v(run([tf.math.bessel_i0(b), tf.math.bessel_i1(b), tf.math.bessel_i0e(b),
                       tf.math.bessel_i1e(b)]))
gb = tf.gradients(tf.reduce_sum(tf.math.bessel_i0e(b) + tf.math.bessel_i1e(b)), b)[0]
out["bessel_grads"] = run(gb).tolist()
out["lbeta"] = v(run([tf.math.lbeta(tf.constant([[1.0, 2.0], [0.5, 0.5]])),
                      tf.math.lbeta(tf.constant([3.0])), tf.math.lbeta(tf.zeros([2, 0]))]))
out["polyval"] = v(run([tf.math.polyval([1.0, -2.0, 3.0], tf.constant([0.0, 2.0])),
                        tf.math.polyval([], tf.constant(2.0))]))
out["nextafter"] = v(run(tf.math.nextafter(tf.constant([1.0, 0.0, -1.0]),
                                           tf.constant([2.0, -1.0, -1.0]))))
out["log_sigmoid"] = v(run(tf.math.log_sigmoid(tf.constant([-100.0, 0.0, 100.0]))))
ls = tf.constant([-100.0, 0.0, 100.0])
out["log_sigmoid_grad"] = run(tf.gradients(tf.reduce_sum(tf.math.log_sigmoid(ls)), ls)[0]).tolist()
out["reciprocal_no_nan"] = v(run(tf.math.reciprocal_no_nan(tf.constant([0.0, 2.0, -0.0]))))
out["ndtri_erfinv"] = v(run([tf.math.ndtri(tf.constant([0.0, 0.5, 0.975, 1.0])),
                             tf.math.erfinv(tf.constant([-1.0, 0.0, 0.5, 1.0, 1.5]))]))
e = tf.constant([0.1, 0.5, 0.9])
out["erfinv_ndtri_grads"] = [run(tf.gradients(tf.reduce_sum(tf.math.erfinv(e)), e)[0]).tolist(),
                             run(tf.gradients(tf.reduce_sum(tf.math.ndtri(e)), e)[0]).tolist()]
a_ = tf.constant([0.5, 1.0, 2.0])
x_ = tf.constant([0.3, 1.0, 5.0])
out["igamma_grads"] = [run(t).tolist() for t in tf.gradients(tf.reduce_sum(tf.math.igamma(a_,
    x_)), [a_, x_])]
out["igammac_grads"] = [run(t).tolist() for t in tf.gradients(tf.reduce_sum(tf.math.igammac(a_,
    x_)), [a_, x_])]
bb = tf.constant([2.0, 3.0, 0.5])
xb = tf.constant([0.2, 0.5, 0.9])
out["betainc"] = v(run(tf.math.betainc(a_, bb, xb)))
out["betainc_grad_x"] = run(tf.gradients(tf.reduce_sum(tf.math.betainc(a_, bb, xb)),
    xb)[0]).tolist()
out["betainc_grad_a"] = raises(lambda: run(tf.gradients(tf.reduce_sum(tf.math.betainc(a_, bb,
    xb)), a_)))
out["zeta_grad"] = run(tf.gradients(tf.reduce_sum(tf.math.zeta(tf.constant([2.0, 3.0]),
    xb[:2])), xb)[0]).tolist()
out["polygamma_grad"] = run(tf.gradients(tf.reduce_sum(tf.math.polygamma(tf.constant([1.0,
    2.0]), xb[:2])), xb)[0]).tolist()
out["count_nonzero"] = v(run([tf.count_nonzero(tf.constant([[0, 1, 2], [0, 0, 3]]), 1),
                              tf.count_nonzero(tf.constant([0.0, -0.0, np.nan]), dtype=tf.int32),
                              tf.count_nonzero(tf.constant(["", "a"]))]))
out["reduce_std_int"] = raises(lambda: tf.math.reduce_std(tf.constant([1, 2])))
out["reduce_variance"] = v(run([tf.math.reduce_variance(tf.constant([[1.0, 2.0], [3.0, 5.0]]), 0),
                                tf.math.reduce_std(tf.constant([[1.0, 2.0], [3.0, 5.0]]),
                                    keepdims=True)]))
out["is_increasing"] = v(run([tf.math.is_non_decreasing([1, 1, 2]),
    tf.math.is_strictly_increasing([1, 1, 2]),
                              tf.math.is_strictly_increasing(tf.zeros([0]))]))
out["sigmoid_xent_extreme"] = v(run(tf.nn.sigmoid_cross_entropy_with_logits(
    labels=tf.constant([0.0, 1.0, 0.5, 1.0]), logits=tf.constant([-100.0, -100.0, 0.0, 100.0]))))
out["weighted_xent"] = v(run(tf.nn.weighted_cross_entropy_with_logits(
    labels=tf.constant([0.0, 1.0, 0.5]), logits=tf.constant([-50.0, 2.0, 0.0]), pos_weight=3.0)))
out["log_poisson"] = v(run(tf.nn.log_poisson_loss(tf.constant([0.0, 1.0, 3.0]),
    tf.constant([0.5, 0.0, 1.0]),
                                                  compute_full_loss=True)))
out["zero_fraction"] = v(run([tf.nn.zero_fraction(tf.constant([0, 1, 0, 2])),
    tf.nn.zero_fraction(tf.zeros([0]))]))
""",
    # ----------------------------------------------------------------- ctc_decoder_ops_test
    "ctc_decoders": """
logits = tf.log(tf.constant([[[0.1, 0.6, 0.3], [0.2, 0.2, 0.6]],
                             [[0.5, 0.4, 0.1], [0.1, 0.1, 0.8]],
                             [[0.6, 0.3, 0.1], [0.3, 0.25, 0.45]],
                             [[0.2, 0.7, 0.1], [0.7, 0.2, 0.1]]]))
lengths = tf.constant([4, 3])
(g,), gp = tf.nn.ctc_greedy_decoder(logits, lengths)
out["greedy"] = [v(t) for t in run([g.indices, g.values, g.dense_shape, gp])]
(gm,), gpm = tf.nn.ctc_greedy_decoder(logits, lengths, merge_repeated=False)
out["greedy_no_merge"] = [v(t) for t in run([gm.indices, gm.values, gm.dense_shape, gpm])]
decoded, lp = tf.nn.ctc_beam_search_decoder(logits, lengths, beam_width=3, top_paths=2)
out["beam"] = [[v(t) for t in run([d.indices, d.values,
    d.dense_shape])] for d in decoded] + [v(run(lp))]
(bm,), lpm = tf.nn.ctc_beam_search_decoder(logits, lengths, beam_width=1, merge_repeated=True)
out["beam_width1_merge"] = [v(t) for t in run([bm.indices, bm.values, lpm])]
out["beam_too_many_paths"] = raises(lambda: run(tf.nn.ctc_beam_search_decoder(
    logits, lengths, beam_width=1, top_paths=2)[1]))
(t0, t1), tlp = tf.nn.ctc_beam_search_decoder(tf.log(tf.constant([[[0.4, 0.4, 0.2]], [[0.4, 0.4,
    0.2]]])),
                                              [2], beam_width=4, top_paths=2)
out["beam_ties"] = [v(t) for t in run([t0.values, t1.values, tlp])]
ll = tf.placeholder(tf.int32, [2])
out["greedy_long"] = fails(tf.nn.ctc_greedy_decoder(logits, ll)[1], {ll: [5, 1]})
(gn,), gnp = tf.nn.ctc_greedy_decoder(logits, ll)
out["greedy_negative"] = [v(t) for t in run([gn.indices, gn.values, gnp], {ll: [-2, 3]})]
(bn,), bnp = tf.nn.ctc_beam_search_decoder(logits, ll, beam_width=2)
out["beam_negative"] = [v(t) for t in run([bn.indices, bn.values, bnp], {ll: [3, -1]})]
out["unique_labels"] = v(run(list(tf.nn.ctc_unique_labels(tf.constant([[3, 4, 4, 3], [1, 1, 0,
    0]])))))
out["collapse_repeated"] = v(run(list(tf.nn.collapse_repeated(tf.constant([[1, 1, 2, 2, 1], [3,
    3, 3, 0, 0]]),
                                                              [5, 3]))))
""",
}

LAST = {
    # ------------------------------------- quantization ops: quantize_and_dequantize, quantize
    "quantization_ops": """
x = tf.constant([-1.2, -0.5, 0.0, 0.3, 0.77, 1.5])
def qd(*a, **k):
    return tf.quantization.quantize_and_dequantize(*a, **k)
out["qdq_range_given"] = built(lambda: v(run(qd(x, -1.0, 1.0, range_given=True))))
out["qdq_from_data"] = built(lambda: v(run(qd(x, 0.0, 0.0, range_given=False))))
out["qdq_unsigned"] = built(lambda: v(run(qd(tf.abs(x), 0.0, 1.0, signed_input=False,
                                             range_given=True, num_bits=4))))
out["qdq_narrow"] = built(lambda: v(run(qd(x, -1.0, 1.0, range_given=True, num_bits=3,
                                           narrow_range=True))))
out["qdq_round_down"] = built(lambda: v(run(qd(x, -1.0, 1.0, range_given=True, num_bits=3,
                                               round_mode="HALF_UP"))))
out["qdq_axis"] = built(lambda: v(run(qd(tf.reshape(x, [2, 3]), [-1.0, -2.0, -0.5], [1.0, 2.0, 0.5],
                                         range_given=True, axis=1))))
out["qdq_grad"] = built(lambda: run(tf.gradients(tf.reduce_sum(qd(x, -1.0, 1.0, range_given=True)),
                                                  x)[0]).tolist())
out["qdq_bad_range"] = raises(lambda: run(qd(x, 1.0, -1.0, range_given=True)))
fq = tf.quantization.fake_quant_with_min_max_args
out["fake_quant_nudged"] = v(run(fq(x, min=-0.9, max=1.1, num_bits=4)))
out["fake_quant_narrow"] = v(run(fq(x, min=-1.0, max=1.0, num_bits=3, narrow_range=True)))
""",
    # --------------------------------------------------------------------------- losses_test
    "losses_more_edges": """
l, p = tf.constant([[0.0, 1.0], [1.0, 1.0]]), tf.constant([[0.2, 0.9], [0.6, -0.5]])
R = tf.losses.Reduction
for r in (R.NONE, R.SUM, R.MEAN, R.SUM_BY_NONZERO_WEIGHTS, R.SUM_OVER_BATCH_SIZE):
    out["mse_" + r] = v(run(tf.losses.mean_squared_error(l, p, weights=[[0.0], [2.0]],
        reduction=r)))
out["sum_nonzero_all_zero"] = v(run(tf.losses.absolute_difference(l, p, weights=0.0)))
out["huber_delta"] = v(run(tf.losses.huber_loss(l, p * 3.0, delta=0.5)))
out["log_loss_eps"] = v(run(tf.losses.log_loss(l, tf.clip_by_value(p, 0.0, 1.0), epsilon=0.1)))
out["hinge"] = v(run(tf.losses.hinge_loss(l, p)))
out["cosine"] = v(run(tf.losses.cosine_distance(tf.nn.l2_normalize(l, 1), tf.nn.l2_normalize(p,
    1), axis=1)))
out["pairwise"] = v(run(tf.losses.mean_pairwise_squared_error(l, p)))
out["pairwise_weights"] = v(run(tf.losses.mean_pairwise_squared_error(l, p, weights=[[1.0],
    [3.0]])))
out["sigmoid_smoothing"] = v(run(tf.losses.sigmoid_cross_entropy(l, p, label_smoothing=0.2)))
out["softmax_smoothing"] = v(run(tf.losses.softmax_cross_entropy(l, p, label_smoothing=0.3)))
out["sparse_weights_col"] = v(run(tf.losses.sparse_softmax_cross_entropy([1, 0], p,
    weights=[[2.0], [0.5]])))
out["weights_bad_shape"] = raises(lambda: tf.losses.mean_squared_error(l, p, weights=[1.0, 2.0,
    3.0]))
out["weights_row"] = v(run(tf.losses.mean_squared_error(l, p, weights=[[1.0, 0.0]])))
out["losses_collection"] = len(tf.get_collection(tf.GraphKeys.LOSSES))
out["total_loss_unreduced"] = raises(lambda: tf.losses.get_total_loss(
    add_regularization_losses=False))
g = tf.gradients(tf.losses.huber_loss(l, p, delta=0.5), p)[0]
out["huber_grad"] = run(g).tolist()
""",
    # ------------------------------------------------ segment/sparse-segment ops, more forms
    "segments_more_forms": """
d = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
out["unsorted_neg_dropped"] = v(run(tf.unsorted_segment_sum(d, [0, -1, 2, 0], 3)))
out["unsorted_max_empty"] = v(run(tf.unsorted_segment_max(d, [0, 0, 2, 2], 4)))
out["unsorted_prod_int"] = v(run(tf.unsorted_segment_prod(tf.constant([2, 3, 4]), [1, 1, 0], 3)))
out["unsorted_2d_ids"] = v(run(tf.unsorted_segment_sum(tf.reshape(tf.range(6.0), [2, 3]), [[0,
    1, 0], [1, 1, 2]], 3)))
out["unsorted_sqrt_n"] = v(run(tf.unsorted_segment_sqrt_n(d, [1, 1, 1, 0], 2)))
out["unsorted_mean"] = v(run(tf.unsorted_segment_mean(d, [1, 1, 1, 3], 4)))
out["sparse_sum_ns"] = v(run(tf.sparse_segment_sum(d, [0, 2, 3], [0, 0, 2], num_segments=4)))
out["sparse_mean_ns"] = v(run(tf.sparse_segment_mean(d, [3, 3, 1], [1, 1, 1], num_segments=3)))
out["sparse_sqrt_n_ns"] = v(run(tf.sparse_segment_sqrt_n(d, [0, 1, 2], [0, 0, 0], num_segments=2)))
out["sparse_unsorted_ids"] = raises(lambda: run(tf.sparse_segment_sum(d, [0, 1], [1, 0])))
out["sparse_idx_oob"] = raises(lambda: run(tf.sparse_segment_sum(d, [0, 4], [0, 0])))
g = tf.gradients(tf.reduce_sum(tf.sparse_segment_sqrt_n(d, [0, 1, 1], [0, 0, 1]) * [[1.0, 2.0],
    [3.0, 4.0]]), d)[0]
out["sparse_sqrt_n_grad"] = run(tf.convert_to_tensor(g)).tolist()
gm = tf.gradients(tf.reduce_sum(tf.unsorted_segment_max(d * [[1.0, -1.0]], [0, 0, 1, 1], 2)), d)[0]
out["unsorted_max_grad"] = run(gm).tolist()
tie = tf.constant([[1.0], [1.0], [0.5]])
gt = tf.gradients(tf.reduce_sum(tf.segment_max(tie, [0, 0, 0])), tie)[0]
out["segment_max_tie_grad"] = run(gt).tolist()
gp = tf.gradients(tf.reduce_sum(tf.unsorted_segment_prod(tf.constant([2.0, 0.0, 3.0, 0.0, 0.0]),
    [0, 0, 0, 1, 1], 2)), [])
xz = tf.constant([2.0, 0.0, 3.0, 0.0, 0.0])
out["unsorted_prod_zero_grad"] = run(tf.gradients(tf.reduce_sum(tf.unsorted_segment_prod(xz, [0,
    0, 0, 1, 1], 2)), xz)[0]).tolist()
out["segment_prod_zero_grad"] = run(tf.gradients(tf.reduce_sum(tf.segment_prod(xz, [0, 0, 0, 1,
    1])), xz)[0]).tolist()
""",
    # --------------------------------------------------- ctc_loss_op_test: the flags and layouts
    "ctc_loss_flags": """
logits = tf.reshape(tf.sin(tf.range(5 * 2 * 4, dtype=tf.float32)), [5, 2, 4])
labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]], [1, 1, 2, 0, 2], [2, 3])
lens = [5, 4]
for pre in (False, True):
    for merge in (False, True):
        k = "ctc_%d%d" % (pre, merge)
        out[k] = built(lambda: v(run(tf.nn.ctc_loss(labels, logits, lens,
            preprocess_collapse_repeated=pre,
                                                    ctc_merge_repeated=merge))))
out["ctc_batch_major"] = v(run(tf.nn.ctc_loss(labels, tf.transpose(logits, [1, 0, 2]), lens,
    time_major=False)))
out["ctc_ignore_longer"] = v(run(tf.nn.ctc_loss(labels, logits, [2, 4],
    ignore_longer_outputs_than_inputs=True)))
out["ctc_grad_merge_false"] = run(tf.gradients(tf.reduce_sum(tf.nn.ctc_loss(labels, logits,
    lens, ctc_merge_repeated=False)), logits)[0]).tolist()
dense = tf.constant([[1, 1, 2], [0, 2, 0]])
out["ctc_v2_dense"] = v(run(tf.nn.ctc_loss_v2(dense, logits, [3, 2], lens, blank_index=3,
    logits_time_major=True)))
out["ctc_v2_blank0"] = v(run(tf.nn.ctc_loss_v2(dense + 1, logits, [3, 2], lens, blank_index=0)))
out["ctc_v2_blank_neg"] = v(run(tf.nn.ctc_loss_v2(dense, logits, [3, 2], lens, blank_index=-1)))
""",
    # ------------------------------------------------- cast_op_test, cwise rounding, clipping
    "rounding_casts_clipping": """
h = tf.constant([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -0.0])
out["round"] = v(run([tf.round(h), tf.rint(h), tf.floor(h), tf.ceil(h)]))
out["round_int"] = v(run(tf.round(tf.constant([3, -3]))))
out["round_f16"] = v(run(tf.round(tf.cast(h, tf.float16))))
out["cast_trunc"] = v(run([tf.cast(tf.constant([-1.7, -0.2, 1.9]), tf.int32),
                           tf.cast(tf.constant([-1.7, 1.9], tf.float64), tf.int64)]))
out["saturate"] = v(run([tf.saturate_cast(tf.constant([-300.0, 127.5, 300.0]), tf.int8),
                         tf.saturate_cast(tf.constant([-5, 70000]), tf.uint16),
                         tf.saturate_cast(tf.constant([1e10, -1e10]), tf.int32)]))
out["cast_bool"] = v(run([tf.cast(tf.constant([0.0, -0.0, 0.1, np.nan]), tf.bool),
                          tf.cast(tf.constant([True, False]), tf.float16)]))
out["cast_complex_real"] = v(run(tf.cast(tf.constant([1.5 + 2j]), tf.float32)))
g = [tf.constant([3.0, 4.0]), tf.constant([[np.inf]])]
out["global_norm_inf"] = v(run(list(tf.clip_by_global_norm(g,
    1.0)[0]) + [tf.clip_by_global_norm(g, 1.0)[1]]))
g2 = [tf.constant([3.0, 4.0]), None, tf.constant([0.0])]
cg, n = tf.clip_by_global_norm(g2, 2.5)
out["global_norm_none"] = [cg[1] is None, v(run([cg[0], cg[2], n]))]
out["global_norm_given"] = v(run(tf.clip_by_global_norm([tf.constant([3.0, 4.0])], 1.0,
    use_norm=tf.constant(10.0))[0]))
out["average_norm"] = v(run(tf.clip_by_average_norm(tf.constant([[3.0, 4.0], [0.0, 0.0]]), 1.0)))
out["clip_value_tensor"] = v(run(tf.clip_by_value(tf.constant([[1.0, 5.0], [-3.0, 2.0]]), [0.0,
    1.0], [[2.0], [3.0]])))
out["clip_value_bad"] = raises(lambda: run(tf.clip_by_value(tf.constant([1.0, 5.0]), 3.0, 2.0)))
x = tf.constant([[3.0, 4.0], [1.0, 0.0]])
out["clip_norm_axes"] = v(run(tf.clip_by_norm(x, 2.0, axes=[1])))
out["clip_norm_grad"] = run(tf.gradients(tf.reduce_sum(tf.clip_by_norm(x, 2.0) * [[1.0, 2.0],
    [3.0, 4.0]]), x)[0]).tolist()
out["global_norm_grad"] = run(tf.gradients(tf.reduce_sum(tf.clip_by_global_norm([x],
    2.0)[0][0]), x)[0]).tolist()
""",
    # ------------------------------------------------------ embedding_ops_test: max_norm, more
    "embedding_max_norm": """
p = tf.constant([[3.0, 4.0], [0.3, 0.4], [1.0, 0.0]])
out["max_norm"] = v(run(tf.nn.embedding_lookup(p, [0, 1, 2, 0], max_norm=1.0)))
out["max_norm_big"] = v(run(tf.nn.embedding_lookup(p, [[0], [1]], max_norm=10.0)))
parts = [tf.constant([[3.0, 4.0], [0.0, 2.0]]), tf.constant([[6.0, 8.0]])]
out["max_norm_parts"] = v(run(tf.nn.embedding_lookup(parts, [2, 1, 0], max_norm=2.0)))
out["max_norm_div"] = v(run(tf.nn.embedding_lookup(parts, [2, 1, 0], partition_strategy="div",
    max_norm=2.0)))
g = tf.gradients(tf.reduce_sum(tf.nn.embedding_lookup(p, [0, 0, 1], max_norm=1.0)), p)[0]
out["max_norm_grad"] = run(tf.convert_to_tensor(g)).tolist()
sp = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [0, 2, 1], [2, 2])
w = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [1.0, 3.0, 2.0], [2, 2])
for c in ("sum", "mean", "sqrtn"):
    out["sparse_" + c] = v(run(tf.nn.embedding_lookup_sparse(p, sp, w, combiner=c, max_norm=1.0)))
out["sparse_no_weights"] = v(run(tf.nn.embedding_lookup_sparse(p, sp, None, combiner="mean")))
out["sparse_bad_combiner"] = raises(lambda: tf.nn.embedding_lookup_sparse(p, sp, None,
    combiner="max"))
""",
    # ------------------------------------------- fused_batch_norm_op_test: the rarer arguments
    "fused_batch_norm_more": """
x = tf.reshape(tf.sin(tf.range(2 * 2 * 3 * 2, dtype=tf.float32)), [2, 2, 3, 2])
sc, of = tf.constant([1.5, 0.5]), tf.constant([0.1, -0.2])
m, var = tf.constant([0.2, -0.1]), tf.constant([0.5, 2.0])
y, bm, bv = tf.nn.fused_batch_norm(x, sc, of, m, var, epsilon=0.01, exponential_avg_factor=0.3)
out["train_avg_factor"] = v(run([y, bm, bv]))
y2, bm2, bv2 = tf.nn.fused_batch_norm(x, sc, of, m, var, epsilon=0.01, is_training=False)
out["inference"] = v(run(y2))
y3, bm3, bv3 = tf.nn.fused_batch_norm(x, sc, of, epsilon=0.001)
out["train_no_stats"] = v(run([y3, bm3, bv3]))
out["f16"] = v(run(list(tf.nn.fused_batch_norm(tf.cast(x, tf.float16), sc, of, epsilon=0.001))))
out["bad_scale"] = raises(lambda: tf.nn.fused_batch_norm(x, tf.ones([3]), of))
out["inference_no_stats"] = raises(lambda: tf.nn.fused_batch_norm(x, sc, of, is_training=False))
gx, gs, go = tf.gradients(tf.reduce_sum(y3 * tf.reshape(tf.range(24.0), [2, 2, 3, 2])), [x, sc, of])
out["train_grads"] = [run(gx).tolist(), run(gs).tolist(), run(go).tolist()]
gx2, gs2 = tf.gradients(tf.reduce_sum(y2 * y2), [x, sc])
out["inference_grads"] = [run(gx2).tolist(), run(gs2).tolist()]
bn = tf.nn.batch_norm_with_global_normalization(x, m, var, of, sc, 0.01, True)
out["global_norm"] = v(run(bn))
bn2 = tf.nn.batch_normalization(x, m, var, None, None, 0.01)
out["batch_normalization_none"] = v(run(bn2))
mm, vv = tf.nn.moments(x, [0, 1, 2], shift=tf.constant([0.5, 0.5]), keep_dims=True)
out["moments_shift"] = v(run([mm, vv]))
""",
    # ---------------------------------------- raw ops TF1 code reaches: nth_element, bucketize
    "raw_ops_kernels": """
x = tf.constant([[5, 1, 4, 1], [2, 8, 8, 3]])
out["nth_element"] = built(lambda: v(run([tf.raw_ops.NthElement(input=x, n=0),
                                          tf.raw_ops.NthElement(input=x, n=3),
                                          tf.raw_ops.NthElement(input=x, n=1, reverse=True)])))
out["nth_element_oob"] = raises(lambda: run(tf.raw_ops.NthElement(input=x, n=4)))
xf = tf.constant([[5.0, 1.0, 4.0, 1.0], [2.0, 8.0, 8.0, 3.0]])
nth = lambda r: tf.raw_ops.NthElement(input=xf, n=1 if r else 0, reverse=r)
def nth_grads():
    return [run(tf.gradients(tf.reduce_sum(nth(r) * [1.0, 2.0]), xf)[0]).tolist()
            for r in (False, True)]
out["nth_element_tie_grads"] = built(nth_grads)
out["bucketize_f64_edge"] = built(lambda: v(run(tf.raw_ops.Bucketize(
    input=tf.constant([0.1, 0.2, -1e300], tf.float64), boundaries=[0.1, 0.2]))))
out["bucketize"] = built(lambda: v(run(tf.raw_ops.Bucketize(
    input=tf.constant([-5.0, 0.0, 2.0, 2.5, 100.0]), boundaries=[0.0, 2.0, 10.0]))))
out["bucketize_int"] = built(lambda: v(run(tf.raw_ops.Bucketize(input=tf.constant([[1, 5], [10,
    -2]]),
                                                                boundaries=[1.0, 5.5]))))
out["bias_add_nchw"] = built(lambda: v(run(tf.nn.bias_add(tf.reshape(tf.range(8.0), [1, 2, 2, 2]),
                                                         [10.0, 20.0], data_format="NCHW"))))
out["volume_patches"] = v(run(tf.extract_volume_patches(tf.reshape(tf.range(27.0), [1, 3, 3, 3, 1]),
                                                        [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID")))
out["volume_patches_same"] = v(run(tf.extract_volume_patches(tf.reshape(tf.range(8.0), [1, 2, 2,
    2, 1]),
                                                             [1, 2, 1, 2, 1], [1, 2, 2, 1,
                                                                 1], "SAME")))
f = tf.reshape(tf.range(1.0, 9.0) / 4.0, [2, 2, 1, 2])
g = tf.ones([1, 2, 2, 2])
out["backprop_input"] = v(run(tf.nn.conv2d_backprop_input([1, 3, 3, 1], f, g, [1, 1, 1, 1],
    "VALID")))
out["backprop_filter"] = v(run(tf.nn.conv2d_backprop_filter(tf.reshape(tf.range(9.0), [1, 3, 3,
    1]), [2, 2, 1, 2], g, [1, 1, 1, 1], "VALID")))
out["depthwise_backprop_input"] = v(run(tf.nn.depthwise_conv2d_native_backprop_input(
    [1, 3, 3, 1], tf.reshape(tf.range(1.0, 9.0), [2, 2, 1, 2]), g, [1, 1, 1, 1], "VALID")))
out["histogram_bins"] = v(run(tf.histogram_fixed_width_bins(tf.constant([-1.0, 0.0, 1.5, 2.0,
    5.0, np.nan]), [0.0, 2.0], nbins=4)))
out["histogram_out"] = v(run(tf.histogram_fixed_width(tf.constant([-1.0, 0.0, 1.5, 2.0, 5.0]),
    [0.0, 2.0], nbins=4)))
""",
}

QUEUES = {
    # ------------------- fifo_queue_test, padding_fifo_queue_test, priority_queue_test, stack
    "queues_and_stacks": """
q = tf.FIFOQueue(5, [tf.int32, tf.float32], shapes=[[], [2]])
enq = q.enqueue_many([[1, 2, 3], [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]])
deq = q.dequeue()
deq_many = q.dequeue_many(2)
with tf.Session() as sess:
    sess.run(enq)
    out["fifo_size"] = int(sess.run(q.size()))
    out["fifo_dequeue"] = [v(t) for t in sess.run(deq)]
    out["fifo_dequeue_many"] = [v(t) for t in sess.run(deq_many)]
    sess.run(q.close())
    out["fifo_closed_empty"] = raises(lambda: sess.run(deq))
    out["fifo_closed_enqueue"] = raises(lambda: sess.run(q.enqueue([4, [0.0, 0.0]])))
out["fifo_bad_shape"] = raises(lambda: q.enqueue([1, [1.0, 2.0, 3.0]]))
out["fifo_bad_dtype"] = raises(lambda: q.enqueue([1.5, [1.0, 2.0]]))
pq = tf.PaddingFIFOQueue(4, [tf.int32], shapes=[[None]])
with tf.Session() as sess:
    sess.run(pq.enqueue([[1, 2, 3]]))
    sess.run(pq.enqueue([[4]]))
    out["padding_many"] = v(sess.run(pq.dequeue_many(2)))
out["padding_needs_shapes"] = raises(lambda: tf.PaddingFIFOQueue(4, [tf.int32]))
prq = tf.PriorityQueue(4, [tf.string], shapes=[[]])
with tf.Session() as sess:
    sess.run(prq.enqueue_many([[3, 1, 2], ["c", "a", "b"]]))
    got = sess.run(prq.dequeue_many(3))
    out["priority"] = [got[0].tolist(), [s.decode() for s in got[1]]]
dq = tf.FIFOQueue(3, tf.float32, shapes=[[]])
with tf.Session() as sess:
    sess.run(dq.enqueue_many([[1.0, 2.0]]))
    sess.run(dq.close())
    out["up_to_closed"] = v(sess.run(dq.dequeue_up_to(5)))
rq = tf.RandomShuffleQueue(10, 0, [tf.int32], shapes=[[]], seed=3)
with tf.Session() as sess:
    sess.run(rq.enqueue_many([list(range(6))]))
    out["shuffle_all_there"] = sorted(sess.run(rq.dequeue_many(6)).tolist())
""",
    # -------------------------------------------------------------------- lookup_ops_test
    "lookup_tables": """
keys = tf.constant(["brain", "salad", "surgery"])
t = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(keys, tf.constant([0, 1, 2],
    tf.int64)), -1)
with tf.Session() as sess:
    sess.run(tf.tables_initializer())
    out["hash_lookup"] = v(sess.run(t.lookup(tf.constant(["brain", "tank", "surgery"]))))
    out["hash_size"] = int(sess.run(t.size()))
    out["hash_2d"] = v(sess.run(t.lookup(tf.constant([["salad"], ["x"]]))))
out["uninitialized"] = raises(lambda: tf.Session().run(t.lookup(tf.constant(["brain"]))))
out["wrong_key_dtype"] = raises(lambda: t.lookup(tf.constant([1])))
vocab = tf.lookup.StaticVocabularyTable(tf.lookup.KeyValueTensorInitializer(
    tf.constant(["a", "b", "c"]), tf.constant([0, 1, 2], tf.int64)), num_oov_buckets=2)
with tf.Session() as sess:
    sess.run(tf.tables_initializer())
    out["vocab_oov"] = v(sess.run(vocab.lookup(tf.constant(["a", "c", "zz", "q", ""]))))
    out["vocab_size"] = int(sess.run(vocab.size()))
rev = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
    tf.constant([0, 1], tf.int64), tf.constant(["a", "b"])), "UNK")
with tf.Session() as sess:
    sess.run(tf.tables_initializer())
    out["to_string"] = [s.decode() for s in sess.run(rev.lookup(tf.constant([1, 0, 5, -1],
                                                                             tf.int64)))]
dup = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "a"], [1, 2]), 0)
out["duplicate_keys"] = raises(lambda: tf.Session().run(tf.tables_initializer()))
""",
}

PROGRAMS = {
    **ARRAY, **MATH, **NN, **LINALG, **SPARSE, **STRINGS, **STATE, **ARRAYS, **RANDOM, **MORE,
    **LAST, **QUEUES,
}  # fmt: skip


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX, collections=collections)
