"""TensorFlow's own kernel tests (tensorflow/python/kernel_tests/) as TF1 programs run
unchanged on graphgate, observing what TensorFlow observed: values with their dtypes and
shapes, gradients, and the classes of what building or running raised.

`tests/reference/tf1_kernel_tests.py` (while_loop and cond, gather/scatter/segment/embedding
lookups, reductions, elementwise edges, convolutions and pooling, batch norms, losses,
softmax and friends, slicing/pad/tile/one_hot/where) and `tf1_kernel_tests2.py` (slice and
strided slice, split/concat/transpose, unique/listdiff/sets, top_k/in_top_k/bincount, scans,
band parts and diagonals, cross entropies, relu/bias_add/lrn, matmul, linalg, initializers
and variables, check ops, strings, sparse ops, image ops, 3-D convolution and pooling, CTC)
and `tf1_kernel_tests3.py` (the dtypes, empty shapes, error cases and gradients those left
out: integer division and pow, special functions, segment ids, gather batch_dims, scatter
duplicates, diagonals with k, einsum, bitwise and bitcast, clip and l2_normalize, top_k
ties, searchsorted, histograms, roll, tile/broadcast_to gradients, patches, conv2d_transpose)
and `tf1_kernel_tests4.py` (the test methods those left: pad's shape functions,
StridedSlice's mask combinations, empty and overflowing reductions, every scan, xent with
-inf logits and one label row, activations at their kinks, LRN, pooling and grouped,
dilated and transposed convolutions, morphology, singular and batched linalg, matrix
functions, sparse ops, strings, partitioners, TensorArrays, random shapes, signal, image,
CTC decoders and losses, quantization, segments, clipping, fused batch norm)
and `tf1_kernel_tests5.py` (the files and methods those left: gather_nd's batch_dims,
variable scatter_nd min/max, batch_scatter_update, space/batch and depth/space moves,
edit_distance, image and volume patches, roll with repeated axes, broadcast_to, tile and
split gradients, unsorted segments with negative ids, every integer dtype's division and
modulo, unary ops at edge and subnormal values, clip_by_global_norm of inf and NaN, counts
and ranks with ties and NaN, accumulate_n, broadcast batch matmul, cumulative_logsumexp,
conv3d and conv2d_transpose shapes, 3-D pooling gradients, CTC and betainc, losses'
weights and reductions, cholesky and triangular solves, svd, expm and logm, tridiagonal
solves and LU, random shapes, sparse slices/splits/concats/reshapes and segments, string
format/reduce_join/regex/transcode/case and as_string's attributes)
hold the programs and wrote what `tf.compat.v1` computed into `fixtures/<suite>.json`.
"""

from __future__ import annotations

import collections

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised, reference

SUITES = {
    name: reference(name)
    for name in (
        "tf1_kernel_tests",
        "tf1_kernel_tests2",
        "tf1_kernel_tests3",
        "tf1_kernel_tests4",
        "tf1_kernel_tests5",
    )
}

# TF's kernel tests compare float32 to about 1e-5 (assertAllCloseAccordingToType). Some
# programs need more: float16 kernels, which TF rounds to float16 in steps its vectorized
# loops pick (its mean of 4096 float16 0.1s is 0.09973, the exact 0.09998 graphgate's), and
# convolutions' gradients, whose sums cancel to a float32 ulp of their terms (2e-6 on terms
# near 30; a conv3d input gradient of -0.2311378, TF's -0.2311354, float64's -0.2311378).
_TOLERANCE = {
    "float16_kernels": (3e-3, 1e-3),
    "float16_nn_kernels": (3e-3, 1e-3),
    "float16_rounding": (3e-3, 1e-3),
    "conv2d_strides_with_dilations": (1e-5, 1e-5),
    "conv3d_cases": (1e-5, 1e-5),
    # TF's float16 rsqrt(65504) is 0.0039100 where the float16 nearest is 0.0039062.
    "float16_unary_edges": (3e-3, 1e-3),
}

# What graphgate still observes otherwise, by program and key (docs/decision_log.md).
KNOWN_DIFFERENCES: dict[str, set[str]] = {
    # TF1's reference variables print `float32_ref`; graphgate's variables keep their
    # shape (validate_shape=False leaves TF's static shape unknown).
    "variables_cases": {"dtypes", "no_validate_shape"},
    "variable_scope_cases": {"scope_dtype"},
    # Raw ops with no TF1 public function: UniqueWithCountsV2 (UniqueV2 is graphgate's
    # since apigaps3), Bincount/DenseBincount (graphgate's bincount is its own op),
    # ConcatOffset.
    "unique_cases": {"v2_counts"},
    "bincount_cases": {"raw", "dense_binary"},
    "concat_cases": {"concat_offset"},
    # Refused while building with TF's class (InvalidArgumentError), where TF's shape
    # functions let them build and its kernels refuse them when run (reshape to [-1, -1]).
    "diag_cases": {"matrix_set_diag_bad"},
    "matrix_band_part_cases": {"vector"},
    "transpose_cases": {"bad_perm"},
    "reshape_and_shape_ops": {"reshape_two_infer"},
    # A float cast out of an unsigned target's range is refused (docs/engine.md): TF's C++
    # cast is undefined there (it wraps -2.5 to 254 in small tensors, saturates in large).
    "cast_and_bitcast": {"f32_to_uint8", "f32_to_uint16"},
    # TF 2.21's oneDNN Conv2DBackpropInput answers AbortedError for an output_shape that
    # cannot be; TF's own kernel (and graphgate) InvalidArgumentError. With output_shape
    # fed, graphgate keeps the filter's output channels (3) where TF's shape is None.
    "extract_patches_and_transpose_conv": {"tconv_bad_shape", "tconv_fed_shape"},
    # NaN, infinities and values out of an int8/int16 target's range are refused (as for
    # the unsigned ones above); a saturate_cast of NaN too: TF answers 0, by way of int32.
    "cast_nonfinite": {
        "f32_to_int8", "f32_to_int16", "f16_to_int16", "saturate_f32_int8", "saturate_f16_int16",
    },
    # Round four.
    # Accepted where TF refuses: begin/end/strides of int32 and int64 together (TF's
    # TypeError), a labels gradient TF's shape check refuses also refuses the logits' one
    # (TF's ValueError for either; graphgate answers the logits' gradient, which is right).
    "strided_slice_combinations": {"mixed_spec_dtypes"},
    "softmax_xent_more": {"xent_row_grads", "xent_row1_grads"},
    # TF's batch_gather flattens its indices with row offsets, so index 3 of a row of 3
    # reads the next row's first; graphgate refuses the out-of-range index (its gather).
    "batch_gather_identity_unstack": {"batch_gather_oob"},
    # Error classes: TF's tensordot indexes a Python list (IndexError; graphgate's
    # ValueError), its random ops' shape of floats is TypeError and a bool dtype ValueError
    # (graphgate's InvalidArgumentError subclasses ValueError and TypeError the other way
    # round), TF's oneDNN conv1d_transpose AbortedError (as conv2d_transpose's above), and
    # a CTC length past the time steps TF's FailedPreconditionError (graphgate's
    # InvalidArgumentError).
    "batch_matmul_and_tensordot": {"tensordot_too_many"},
    "random_shapes_and_seeds": {"float_shape", "uniform_bool"},
    "conv_transposes": {"c1t_bad_shape"},
    # The order among exactly equal beams is that of TF's heap (ctc_beam_ops' docstring).
    "ctc_decoders": {"greedy_long", "beam_ties"},
    # graphgate's variables keep their shape (docs/engine.md: validate_shape=False, no).
    "variables_assign_scatter": {"assign_grow"},
    # Round five.
    # conv2d_transpose's impossible output shapes as in round three (oneDNN's AbortedError;
    # one with the wrong channels refused while building, TF's kernel refuses it running).
    "conv3d_and_transpose_shapes": {
        "t_1x8x8x3_VALID", "t_1x4x5x3_VALID", "t_wrong_out_channels", "t_fed_shape",
    },
    # A subnormal's log in TF depends on where it lies in the tensor: Eigen's packets see
    # it as 0 under denormals-are-zero (-inf), the remainder's scalar glibc logf reads its
    # bits (-103.97 = log 2^-150, NaN when negative); graphgate's is -inf throughout.
    "unary_edge_values": {"subnormal_log"},
    # TF's conversion of a list of Python ints to uint64 goes through float64, so
    # [2**64 - 2, 1] is [0, 1]; graphgate keeps the ints (docs/decision_log.md).
    "binary_dtype_matrix": {"uint64_big_list"},
    # TF's SparseReduceMax of a group holding NaN answers by Eigen's vectorized fold, so
    # by the NaN's place ([nan, 5] is 5, [5, nan] NaN); graphgate's is NaN, as TF's dense
    # reduce_max's.
    "sparse_reductions_and_cwise": {"reduce_max_nan"},
    # tf.math.sobol_sample: graphgate has no SobolSample (AttributeError).
    "math_special_leftovers": {"sobol"},
    # An unknown encoding refused while building (TF's kernel refuses it running).
    "string_transforms_more": {"ut_bad_encoding"},
}  # fmt: skip


CASES = [(suite, name) for suite, (fixture, _) in SUITES.items() for name in fixture["programs"]]


@pytest.mark.parametrize(("suite", "name"), sorted(CASES))
def test_kernel_test_program_observes_what_tensorflow_did(suite, name):
    fixture, programs = SUITES[suite]
    out: dict = {}
    scope = {"tf": gg, "np": np, "out": out, "raises": raised, "collections": collections}
    with gg.Graph().as_default():
        exec(programs.PREFIX + programs.PROGRAMS[name], scope)
    theirs = dict(fixture["programs"][name])
    for key in KNOWN_DIFFERENCES.get(name, ()):
        # Still different: when this fails, the difference is gone; drop it from the list.
        assert out.pop(key) != theirs.pop(key), (name, key)
    rel_tol, abs_tol = _TOLERANCE.get(name, (1e-5, 1e-6))
    assert_observed(out, theirs, name, rel_tol, abs_tol)
