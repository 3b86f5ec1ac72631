"""Cases ported from TensorFlow's own kernel tests (tensorflow/python/kernel_tests/), with
the values `tf.compat.v1` (TF 2.21, graph mode, CPU) computed for them written in as
literals, so the engine is held to TF's numbers, dtypes and error classes without a
tensorflow dependency."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate.compat.v1 as tf


def run(fetch, feed=None):
    with tf.Session() as sess:
        return sess.run(fetch, feed)


def test_clip_by_value_with_inverted_bounds_gives_the_lower_bound():
    # TF's kernel takes min(t, hi) first, then max(., lo): lo wins when lo > hi.
    with tf.Graph().as_default():
        got = run(tf.clip_by_value(tf.constant([1.0, 5.0, np.nan]), 3.0, 2.0))
    np.testing.assert_array_equal(got[:2], [3.0, 3.0])
    assert np.isnan(got[2])


@pytest.mark.parametrize(
    ("kwargs", "dtype", "expected"),
    [
        ({"on_value": 5, "off_value": -1}, "int32", [[-1, 5, -1], [5, -1, -1]]),
        ({"on_value": 2.5}, "float32", [[0.0, 2.5, 0.0], [2.5, 0.0, 0.0]]),
        ({"dtype": tf.int64}, "int64", [[0, 1, 0], [1, 0, 0]]),
        ({"off_value": np.float64(-1)}, "float64", [[-1.0, 1.0, -1.0], [1.0, -1.0, -1.0]]),
        ({"on_value": 1, "dtype": tf.float32}, "float32", [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]),
    ],
)
def test_one_hot_takes_its_dtype_from_on_and_off_values(kwargs, dtype, expected):
    # one_hot_op_test: with no dtype, on_value's (else off_value's) dtype is the output's.
    with tf.Graph().as_default():
        hot = tf.one_hot([1, 0], 3, **kwargs)
        assert hot.dtype.name == dtype
        got = run(hot)
    assert got.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"on_value": 1, "off_value": 0.5},
        {"on_value": 2.5, "dtype": tf.int32},
        {"off_value": 1.0, "dtype": tf.int64},
    ],
)
def test_one_hot_values_of_another_dtype_are_a_type_error(kwargs):
    with tf.Graph().as_default(), pytest.raises(TypeError):
        tf.one_hot([1], 2, **kwargs)


def test_one_hot_takes_uint8_and_int8_indices():
    with tf.Graph().as_default():
        got = run(
            [
                tf.one_hot(tf.constant([1, 0], tf.uint8), 2),
                tf.one_hot(tf.constant([1, 5], tf.int8), 2),
            ]
        )
    np.testing.assert_array_equal(got[0], [[0.0, 1.0], [1.0, 0.0]])
    np.testing.assert_array_equal(got[1], [[0.0, 1.0], [0.0, 0.0]])


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        # [output, d/d tensor, d/d updates] of sum(output * [1, 2, 3, 4]): ties split.
        ("max", [[2.0, 5.0, 3.0, 4.0], [0.0, 1.0, 3.0, 2.0], [1.0, 1.0, 0.0, 2.0]]),
        ("min", [[1.0, 1.0, 3.0, 4.0], [1.0, 0.0, 3.0, 2.0], [0.0, 0.0, 2.0, 2.0]]),
    ],
)
def test_tensor_scatter_nd_max_and_min_with_gradients(op, expected):
    with tf.Graph().as_default():
        x = tf.constant([1.0, 5.0, 3.0, 4.0])
        updates = tf.constant([2.0, 5.0, 1.0, 4.0])
        out = getattr(tf, f"tensor_scatter_nd_{op}")(x, [[0], [1], [1], [3]], updates)
        grads = tf.gradients(tf.reduce_sum(out * [1.0, 2.0, 3.0, 4.0]), [x, updates])
        got = run([out, *grads])
    for g, e in zip(got, expected, strict=True):
        np.testing.assert_array_equal(g, e)


def test_transpose_reads_negative_perm_entries_from_the_end():
    with tf.Graph().as_default():
        x = tf.constant(np.arange(24.0).reshape(2, 3, 4))
        y = tf.transpose(x, [-1, 0, 1])
        assert y.shape.as_list() == [4, 2, 3]
        (g,) = tf.gradients(tf.reduce_sum(y * np.arange(24.0).reshape(4, 2, 3)), [x])
        got, grad = run([y, g])
    np.testing.assert_array_equal(got, np.transpose(np.arange(24.0).reshape(2, 3, 4), [2, 0, 1]))
    np.testing.assert_array_equal(grad, np.transpose(np.arange(24.0).reshape(4, 2, 3), [1, 2, 0]))


def test_reductions_of_empty_tensors():
    # reduction_ops_test: the identity of each reduction, -inf for logsumexp.
    with tf.Graph().as_default():
        e = tf.zeros([0, 3])
        got = run(
            [
                tf.reduce_logsumexp(e, 0),
                tf.reduce_logsumexp(e),
                tf.reduce_sum(e, 0),
                tf.reduce_prod(e, 0),
                tf.reduce_max(e, 0),
                tf.reduce_max(tf.zeros([0], tf.int32)),
            ]
        )
    np.testing.assert_array_equal(got[0], [-np.inf] * 3)
    assert got[1] == -np.inf
    np.testing.assert_array_equal(got[2], [0.0] * 3)
    np.testing.assert_array_equal(got[3], [1.0] * 3)
    np.testing.assert_array_equal(got[4], [-np.inf] * 3)
    assert got[5] == np.iinfo(np.int32).min


def test_gather_nd_with_batch_dims():
    # gather_nd_op_test's batch_dims cases: each batch indexes its own params.
    with tf.Graph().as_default():
        p = tf.constant(np.arange(24.0).reshape(2, 3, 4))
        a = tf.gather_nd(p, [[[1], [0]], [[2], [2]]], batch_dims=1)
        b = tf.gather_nd(p, [[[1], [0], [3]], [[2], [2], [0]]], batch_dims=2)
        c = tf.gather_nd(p, [[[1, 3]], [[0, 0]]], batch_dims=1)
        ph = tf.placeholder(tf.float64, [None, 3, 4])
        ix = tf.placeholder(tf.int32, [None, 2])
        d = tf.gather_nd(ph, ix, batch_dims=1)
        (g,) = tf.gradients(tf.reduce_sum(a * [[[1.0], [2.0]], [[3.0], [4.0]]]), [p])
        shapes = [t.shape.as_list() for t in (a, b, c)] + [d.shape.as_list()]
        got = run([a, b, c, d, g], {ph: np.arange(24.0).reshape(2, 3, 4), ix: [[2, 1], [0, 3]]})
        with pytest.raises(ValueError):
            tf.gather_nd(p, [[0]], batch_dims=-1)
    assert shapes == [[2, 2, 4], [2, 3], [2, 1], [None]]
    rows = np.arange(24.0).reshape(6, 4)
    np.testing.assert_array_equal(got[0], [[rows[1], rows[0]], [rows[5], rows[5]]])
    np.testing.assert_array_equal(got[1], [[1.0, 4.0, 11.0], [14.0, 18.0, 20.0]])
    np.testing.assert_array_equal(got[2], [[7.0], [12.0]])
    np.testing.assert_array_equal(got[3], [9.0, 15.0])
    grad = np.zeros((2, 3, 4))
    grad[0, 0], grad[0, 1], grad[1, 2] = 2.0, 1.0, 7.0
    np.testing.assert_array_equal(got[4], grad)


def test_a_constant_index_out_of_range_is_a_value_error_when_built():
    # slice_op_test / array_ops_test: TF's shape function refuses t[5] with ValueError.
    with tf.Graph().as_default():
        t = tf.constant(np.zeros((3, 4)))
        for index in (5, -4):
            with pytest.raises(ValueError):
                t[index]
        with pytest.raises(tf.errors.InvalidArgumentError) as raised:
            run(tf.gather(t, [3]))
    assert not isinstance(raised.value, ValueError)


FIXTURES = Path(__file__).parent / "fixtures"
DIAG_REFERENCE = json.loads((FIXTURES / "tf_kernel_diag.json").read_text())


def _diag_cases():
    """matrix_diag_op_test's off-main diagonals: k ranges, each align, padding, sizes."""
    m = tf.constant(np.arange(1, 13, dtype=np.float32).reshape(3, 4))
    sq = tf.constant(np.arange(1, 17, dtype=np.float32).reshape(4, 4))
    b = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 4, 3))
    weights = tf.reshape(tf.range(16.0), [4, 4])
    cases = {}
    for al in ["RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT"]:
        cases["part_m_" + al] = lambda al=al: tf.linalg.diag_part(
            m, k=(-2, 2), align=al, padding_value=9
        )
        cases["part_b_" + al] = lambda al=al: tf.linalg.diag_part(b, k=(-1, 1), align=al)
        cases["diag_" + al] = lambda al=al: tf.linalg.diag(
            [[1.0, 2.0, 0.0], [3.0, 4.0, 5.0], [6.0, 7.0, 0.0]], k=(-1, 1), align=al
        )
        cases["set_" + al] = lambda al=al: tf.linalg.set_diag(
            m, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], k=(0, 1), align=al
        )
    cases.update(
        {
            "part_k1": lambda: tf.linalg.diag_part(m, k=1),
            "part_kneg": lambda: tf.linalg.diag_part(m, k=-2),
            "diag_k1": lambda: tf.linalg.diag([1, 2], k=1),
            "diag_kneg_rows": lambda: tf.linalg.diag(
                [1.0, 2.0], k=-1, num_rows=4, padding_value=-1
            ),
            "diag_cols": lambda: tf.linalg.diag([1.0, 2.0], num_cols=4),
            "diag_rows_cols": lambda: tf.linalg.diag([1.0, 2.0], num_rows=2, num_cols=3),
            "diag_batch": lambda: tf.linalg.diag(tf.ones([2, 2, 3]), k=(0, 1)),
            "set_k": lambda: tf.linalg.set_diag(sq, [9.0, 9.0, 9.0], k=-1),
            "part_oob": lambda: tf.linalg.diag_part(m, k=4),
            "part_bad_order": lambda: tf.linalg.diag_part(m, k=(1, 0)),
            "grad_part": lambda: tf.gradients(
                tf.reduce_sum(
                    tf.linalg.diag_part(sq, k=(-1, 1)) * tf.reshape(tf.range(12.0), [3, 4])
                ),
                sq,
            )[0],
            "grad_diag": lambda: tf.gradients(
                tf.reduce_sum(tf.linalg.diag(tf.ones([2, 3]) * sq[:2, :3], k=(0, 1)) * weights),
                sq,
            )[0],
            "grad_set": lambda: tf.gradients(
                tf.reduce_sum(tf.linalg.set_diag(sq, tf.ones([3]) * sq[0, :3], k=1) * weights),
                sq,
            )[0],
        }
    )
    return cases


def test_matrix_diag_family_off_the_main_diagonal():
    with tf.Graph().as_default():
        cases = _diag_cases()
        assert set(cases) == set(DIAG_REFERENCE["cases"])
        for name, build in cases.items():
            expected = DIAG_REFERENCE["cases"][name]
            if isinstance(expected, str):  # TF's exception class, raised when built
                with pytest.raises(getattr(builtins, expected)):
                    build()
                continue
            np.testing.assert_array_equal(run(build()), expected, err_msg=name)
        part = tf.linalg.diag_part(tf.placeholder(tf.float32, [None, 3, 4]), k=(-1, 1))
        assert part.shape.as_list() == [None, 3, 3]


def test_lgamma_past_float64s_range_is_inf():
    # cwise_ops_unary_test: TF's lgamma(1e308) is inf; the run must not fail.
    with tf.Graph().as_default():
        got = run(tf.lgamma(tf.constant([1e308, -2.5, 0.0], tf.float64)))
    np.testing.assert_allclose(got, [np.inf, -0.05624371649767407, np.inf], rtol=1e-13)


def _sparse_3x4():
    return tf.SparseTensor([[0, 0], [1, 2], [2, 1]], [1.0, 2.0, 3.0], [3, 4])


def test_sparse_reset_shape():
    # sparse_ops_test's SparseResetShapeTest: tightest shape, a larger one, a smaller one.
    with tf.Graph().as_default():
        st = _sparse_3x4()
        empty = tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [3, 3])
        new = tf.placeholder(tf.int64, [2])
        fed = tf.sparse.reset_shape(st, new)
        got = run(
            [
                tf.sparse.reset_shape(st).dense_shape,
                tf.sparse.reset_shape(st, [5, 6]).dense_shape,
                tf.sparse.reset_shape(empty).dense_shape,
                fed.dense_shape,
            ],
            {new: [4, 4]},
        )
        for bad in ([2, 6], [5, 6, 7]):
            with pytest.raises(ValueError):
                tf.sparse.reset_shape(st, bad)
        with pytest.raises(tf.errors.InvalidArgumentError):
            run(fed.dense_shape, {new: [2, 4]})
    assert [g.tolist() for g in got] == [[3, 3], [5, 6], [0, 0], [4, 4]]


def test_sparse_concat_expand_nonconcat_dim():
    with tf.Graph().as_default():
        st = _sparse_3x4()
        small = tf.SparseTensor([[0, 0], [1, 1]], [5.0, 6.0], [2, 2])
        along1 = tf.sparse.concat(1, [st, small], expand_nonconcat_dim=True)
        along0 = tf.sparse.concat(0, [st, small], expand_nonconcat_dim=True)
        got = run([tf.sparse.to_dense(along1), along0.dense_shape, along0.indices])
    np.testing.assert_array_equal(
        got[0],
        [[1.0, 0, 0, 0, 5.0, 0], [0, 0, 2.0, 0, 0, 6.0], [0, 3.0, 0, 0, 0, 0]],
    )
    assert got[1].tolist() == [5, 4]
    assert got[2].tolist() == [[0, 0], [1, 2], [2, 1], [3, 0], [4, 1]]


def test_add_n_and_segment_sums_of_small_ints_wrap_in_their_dtype():
    x8 = np.array([[100, 100, -128], [127, 1, -1]], np.int8)
    xu = np.array([[200, 100, 255], [1, 2, 3]], np.uint8)
    with tf.Graph().as_default():
        got = run(
            [
                tf.add_n([tf.constant(x8), tf.constant(x8)]),
                tf.math.segment_sum(tf.constant(x8), [0, 0]),
                tf.math.unsorted_segment_sum(tf.constant(xu), [1, 1], 2),
                tf.math.segment_max(tf.constant(x8), [0, 1]),
            ]
        )
    assert [g.dtype for g in got] == [np.int8, np.int8, np.uint8, np.int8]
    np.testing.assert_array_equal(got[0], [[-56, -56, 0], [-2, 2, -2]])
    np.testing.assert_array_equal(got[1], [[-29, 101, 127]])
    np.testing.assert_array_equal(got[2], [[0, 0, 0], [201, 102, 2]])
    np.testing.assert_array_equal(got[3], x8)


STRINGS_REFERENCE = json.loads((FIXTURES / "tf_kernel_strings.json").read_text())


def _string_cases():
    """unsorted_segment_join_op_test, string_bytes_split_op_test, unicode_decode_op_test,
    unicode_encode_op_test and string_ngrams_op_test cases on dense (scalar) inputs."""
    s = tf.strings
    return {
        "usj": lambda: s.unsorted_segment_join(["a", "b", "c", "d"], [1, 0, 1, 3], 4, "+"),
        "usj_2d": lambda: s.unsorted_segment_join(
            [["a", "b"], ["c", "d"], ["e", "f"]], [0, 1, 0], 2
        ),
        "usj_2d_ids": lambda: s.unsorted_segment_join(
            [["a", "b"], ["c", "d"]], [[0, 1], [1, 1]], 2, separator=","
        ),
        "usj_neg": lambda: s.unsorted_segment_join(["a", "b"], [-1, 0], 2),
        "usj_oob": lambda: s.unsorted_segment_join(["a", "b"], [2, 0], 2),
        "usj_bad_shape": lambda: s.unsorted_segment_join(["a", "b"], [0], 2),
        "bytes_split": lambda: s.bytes_split("héllo"),
        "bytes_split_empty": lambda: s.bytes_split(""),
        "udec": lambda: s.unicode_decode("Äb€😀", "UTF-8"),
        "udec_bad": lambda: s.unicode_decode(b"a\xffb", "UTF-8"),
        "udec_bad_strict": lambda: s.unicode_decode(b"a\xffb", "UTF-8", errors="strict"),
        "udec_bad_ignore": lambda: s.unicode_decode(b"a\xffb", "UTF-8", errors="ignore"),
        "udec_repl": lambda: s.unicode_decode(b"a\xffb", "UTF-8", replacement_char=63),
        "udec_ctrl": lambda: s.unicode_decode("a\x01b", "UTF-8", replace_control_characters=True),
        "udec_latin": lambda: s.unicode_decode("ab", "ISO-8859-1"),
        "uenc": lambda: s.unicode_encode([72, 228, 8364, 128512], "UTF-8"),
        "uenc_2d": lambda: s.unicode_encode([[72, 105], [104, 33]], "UTF-8"),
        "uenc_bad": lambda: s.unicode_encode([72, -1, 0x110000, 0xD800], "UTF-8"),
        "uenc_bad_strict": lambda: s.unicode_encode([72, -1], "UTF-8", errors="strict"),
        "uenc_bad_ignore": lambda: s.unicode_encode([72, -1, 105], "UTF-8", errors="ignore"),
        "uenc_empty": lambda: s.unicode_encode(tf.zeros([0], tf.int32), "UTF-8"),
        "uenc_scalar": lambda: s.unicode_encode(72, "UTF-8"),
        "ngrams2": lambda: s.ngrams(["a", "b", "c", "d"], 2),
        "ngrams_sep": lambda: s.ngrams(["a", "b", "c"], 2, separator="_"),
        "ngrams_multi": lambda: s.ngrams(["a", "b", "c"], (1, 3)),
        "ngrams_pad": lambda: s.ngrams(["a", "b", "c"], 2, pad_values=("<s>", "</s>")),
        "ngrams_pad_w": lambda: s.ngrams(["a", "b", "c"], 3, pad_values="#", padding_width=1),
        "ngrams_short": lambda: s.ngrams(["a", "b"], 3),
        "ngrams_short_keep": lambda: s.ngrams(["a", "b"], 3, preserve_short_sequences=True),
        "ngrams_2d": lambda: s.ngrams([["a", "b", "c"], ["d", "e", "f"]], 2),
        "ngrams_pad_big": lambda: s.ngrams(["a"], 3, pad_values="#"),
        "ngrams_bad_w": lambda: s.ngrams(["a"], 0),
        "ngrams_pad_wbig": lambda: s.ngrams(["a", "b"], 2, pad_values="#", padding_width=2),
    }


def _as_reference(value):
    a = np.asarray(value)
    return [str(x) for x in a.ravel().tolist()] if a.dtype.kind in "OSU" else a.tolist()


def test_string_ops_from_tf_kernel_tests():
    expected = STRINGS_REFERENCE["cases"]
    with tf.Graph().as_default():
        for name, build in _string_cases().items():
            want = expected[name]
            if isinstance(want, str):  # TF's exception class
                cls = getattr(builtins, want, None) or getattr(tf.errors, want)
                with pytest.raises(cls):
                    run(build())
                continue
            t = build()
            got = run(t)
            assert _as_reference(got) == want, name
            assert str(np.shape(got)) == expected[name + ".shape"], name
            assert str(t.shape) == expected[name + ".static"], name


@pytest.mark.parametrize(
    ("value", "shape", "expected"),
    [
        ([1, 2, 3], [2, 2], [[1, 2], [3, 3]]),
        ([[1, 2]], [2, 3], [[1, 2, 2], [2, 2, 2]]),
        ([1.5, 2.5], [3], [1.5, 2.5, 2.5]),
        ([], [2], [0.0, 0.0]),
        (3, [2, 2], [[3, 3], [3, 3]]),
    ],
)
def test_constant_with_fewer_values_than_its_shape_repeats_the_last(value, shape, expected):
    # constant_op_test: TF1's constant fills the shape with the last value.
    with tf.Graph().as_default():
        got = run(tf.constant(value, shape=shape))
    np.testing.assert_array_equal(got, expected)


def test_constant_with_more_values_than_its_shape_is_a_value_error():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="Too many elements"):
        tf.constant([1, 2, 3, 4, 5], shape=[2, 2])


def test_concat_of_one_tensor_is_tfs_identity():
    # concat_op_test: one value is returned as an Identity named `concat/concat`; the axis
    # is not checked against its rank.
    with tf.Graph().as_default() as g:
        x = tf.ones([2])
        one = tf.concat([x], 0)
        named = tf.concat([x], 5, name="foo")
        bare = tf.concat(x, 0)
        names = [op.name for op in g.get_operations()]
        got = run(named)
    expected = ["concat/concat:0", "foo/foo:0", "concat_1/concat:0"]
    assert [one.name, named.name, bare.name] == expected
    assert "concat/concat_dim" in names
    np.testing.assert_array_equal(got, [1.0, 1.0])


@pytest.mark.parametrize(
    ("target", "static", "expected"),
    [
        ([0, -1], [0, None], (0, 4)),
        ([-1, 0], [None, 0], (4, 0)),
        ([2, -1, 0], [2, None, 0], (2, 2, 0)),
        ([0, -1, 3], [0, None, 3], (0, 1, 3)),
        ([-1, 2], [0, 2], (0, 2)),
    ],
)
def test_reshape_of_an_empty_tensor_with_a_minus_one_beside_a_zero(target, static, expected):
    # reshape_op_test: TF's kernel fills the -1 from the nonzero dims; its shape is unknown.
    with tf.Graph().as_default():
        y = tf.reshape(tf.zeros([0, 4]), target)
        shape = tf.placeholder(tf.int32, [None])
        fed = tf.reshape(tf.zeros([0, 4]), shape)
        assert y.shape.as_list() == static
        got = run([y, fed], {shape: target})
    assert got[0].shape == got[1].shape == expected


def test_bitcast():
    # bitcast_op_test: same width keeps the shape, wider gains a dim, narrower loses one.
    with tf.Graph().as_default():
        got = run(
            [
                tf.bitcast(tf.constant([1.0, -2.5]), tf.int32),
                tf.bitcast(tf.constant([1, -2], tf.int64), tf.int32),
                tf.bitcast(tf.constant([[1, 0], [-2, -1]], tf.int32), tf.int64),
                tf.bitcast(tf.constant([0, 0, 128, 63], tf.uint8), tf.float32),
                tf.bitcast(tf.constant(1.0), tf.int32),
                tf.bitcast(tf.constant([1.0], tf.float64), tf.uint8),
            ]
        )
        for bad in (
            lambda: tf.bitcast(tf.constant([1, 2, 3], tf.int32), tf.int64),
            lambda: tf.bitcast(tf.constant(1, tf.int8), tf.int32),
        ):
            with pytest.raises(ValueError):
                bad()
        with pytest.raises(TypeError):
            tf.bitcast(tf.constant([True]), tf.uint8)
    expected = [
        [1065353216, -1071644672],
        [[1, 0], [-2, -1]],
        [1, -2],
        1.0,
        1065353216,
        [[0, 0, 0, 0, 0, 0, 240, 63]],
    ]
    for g, e in zip(got, expected, strict=True):
        assert g.tolist() == e


def test_scatter_nd_refuses_updates_of_the_wrong_shape_when_built():
    # scatter_nd_ops_test: TF's shape function checks updates against indices and shape.
    with tf.Graph().as_default():
        for bad in (
            lambda: tf.scatter_nd([[0]], [1, 2], [4]),
            lambda: tf.scatter_nd([[0]], [[1, 2, 3]], [4, 2]),
        ):
            with pytest.raises(ValueError):
                bad()
        got = run(tf.scatter_nd([[0, 1]], [5], [4, 2]))
    assert got.tolist() == [[0, 5], [0, 0], [0, 0], [0, 0]]


def test_reduce_prod_gradient_of_an_empty_tensor_is_empty():
    # reduction_ops_test's testEmptyGradients, for Prod.
    with tf.Graph().as_default():
        e = tf.placeholder(tf.float32, [0, 3])
        grads = [tf.gradients(tf.reduce_prod(e, [axis]), e)[0] for axis in (0, 1)]
        got = run(grads, {e: np.zeros((0, 3))})
    assert [g.shape for g in got] == [(0, 3), (0, 3)]


def test_reduction_axes_of_rank_two_are_a_value_error():
    # reduction_ops_test's testWrongShapeForReductionIndices.
    with tf.Graph().as_default(), pytest.raises(ValueError, match="at most rank 1"):
        tf.reduce_sum(tf.placeholder(tf.float32), [[1], [2]])


@pytest.mark.parametrize(
    ("build", "tf_message"),
    [
        # The messages TF's kernel tests match (assertRaisesRegex), word for word.
        (lambda: tf.reshape(tf.zeros([23, 29, 31]), [17, -1]), "must be evenly divisible by 17"),
        (
            lambda: tf.reshape(tf.zeros([32, 128]), [4095]),
            "Cannot reshape a tensor with 4096 elements",
        ),
        (lambda: tf.split(tf.zeros([5, 2]), 2), "evenly divisible by 2 but is 5"),
        (lambda: tf.squeeze(tf.zeros([2, 3]), [0]), r"Can not squeeze dim\[0\]"),
        (lambda: tf.reduce_sum(tf.zeros([2, 5]), [2]), "Invalid reduction dimension 2"),
        (lambda: tf.reduce_sum(tf.constant(1.0), 0), "Invalid reduction dimension 0"),
        (lambda: tf.expand_dims(tf.zeros([2, 5]), 4), r"dim 4 not in the interval \[-3, 2\]"),
        (lambda: tf.zeros([2, 5])[:, 7], "slice index 7 of dimension 1 out of bounds"),
        (lambda: tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 5])), "Dimensions must be equal"),
        (lambda: tf.zeros([2, 3]) + tf.zeros([4]), "Dimensions must be equal, but are 3 and 4"),
    ],
)
def test_build_time_shape_errors_carry_tfs_words(build, tf_message):
    with tf.Graph().as_default(), pytest.raises(ValueError, match=tf_message):
        build()


def test_split_with_sizes_known_only_at_run_time():
    # split_op_test: a size tensor splits when run (SplitV), its gradient concatenates.
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        sizes = tf.placeholder(tf.int32, [3])
        parts = tf.split(x, sizes, 0)
        assert [p.shape.as_list() for p in parts] == [[None, 3]] * 3
        cols = tf.split(tf.ones([4, 6]), tf.placeholder(tf.int32, [2]), axis=1)
        assert [c.shape.as_list() for c in cols] == [[4, None]] * 2
        (g,) = tf.gradients(tf.reduce_sum(parts[1] * 2.0) + tf.reduce_sum(parts[2]), [x])
        value = np.arange(15.0).reshape(5, 3)
        got = run([*parts, g], {x: value, sizes: [1, -1, 2]})
        with pytest.raises(tf.errors.InvalidArgumentError):
            run(parts, {x: value, sizes: [1, 1, 1]})
        with pytest.raises(ValueError, match="Cannot infer argument `num`"):
            tf.split([1, 2, 3], tf.placeholder(tf.int32, [None]))
        with pytest.raises(ValueError, match="Rank-0"):
            tf.split(tf.ones([4, 4]), tf.placeholder(tf.int32, []))
    for g_, want in zip(got[:3], (value[:1], value[1:3], value[3:]), strict=True):
        np.testing.assert_array_equal(g_, want)
    np.testing.assert_array_equal(got[3], [[0] * 3, [2] * 3, [2] * 3, [1] * 3, [1] * 3])


def test_reduce_euclidean_norm_of_integers_truncates():
    # reduction_ops_test's EuclideanNormReductionTest.testTypes with int32.
    x = np.array([[1, -5, 3], [4, 0, 2]], np.int32)
    with tf.Graph().as_default():
        norms = [tf.math.reduce_euclidean_norm(x, axis) for axis in (None, 0, 1)]
        got = run(norms)
    assert [g.dtype for g in got] == [np.int32] * 3
    assert [g.tolist() for g in got] == [7, [4, 5, 3], [5, 4]]


def test_sparse_tensor_parts_that_disagree_are_a_value_error_when_built():
    # sparse_tensor_test / sparse_ops_test: TF's SparseTensor merges the static shapes.
    with tf.Graph().as_default():
        for parts in (([[0, 0, 0]], [1.0], [2, 2]), ([[0, 0]], [1.0, 2.0], [2, 2])):
            with pytest.raises(ValueError):
                tf.SparseTensor(*parts)
        ok = tf.SparseTensor(tf.placeholder(tf.int64, [None, 2]), [1.0], [2, 2])
    assert ok.values.shape.as_list() == [1]


def test_slice_size_below_minus_one_is_a_value_error_when_built():
    # slice_op_test: TF's shape function refuses a size under -1; bounds fail when run.
    with tf.Graph().as_default():
        t = tf.zeros([3, 4, 5])
        with pytest.raises(ValueError, match="Invalid value in tensor used for shape: -2"):
            tf.slice(t, [0, 0, 0], [-2, 1, 1])
        past = tf.slice(t, [2, 0, 0], [2, 1, 1])
        with pytest.raises(tf.errors.InvalidArgumentError):
            run(past)


def test_unsorted_segment_ops_refuse_a_negative_count_when_built():
    # segment_reduction_ops_test: TF's shape function raises ValueError for it.
    with tf.Graph().as_default():
        for op in (tf.unsorted_segment_sum, tf.unsorted_segment_max, tf.unsorted_segment_mean):
            with pytest.raises(ValueError, match="must be non-negative but is -1"):
                op(tf.ones([3]), [0, 0, 0], -1)


def test_reductions_over_axes_known_only_at_run_time():
    # reduction_ops_test's testPartialShapes ("Reduction indices are unknown"): only the
    # rank survives, with keepdims; values, errors and gradients as TF's.
    with tf.Graph().as_default():
        axes, first = tf.placeholder(tf.int32, [None]), tf.placeholder(tf.int32, [None])
        x = tf.constant(np.arange(24.0).reshape(2, 3, 4))
        assert tf.reduce_sum(x, axes).shape.ndims is None
        assert tf.reduce_sum(x, axes, keepdims=True).shape.as_list() == [None] * 3
        grads = [
            tf.gradients(tf.reduce_sum(red(x, axes) ** 2), x)[0]
            for red in (
                tf.reduce_sum,
                tf.reduce_mean,
                tf.reduce_max,
                tf.reduce_min,
                tf.reduce_logsumexp,
            )
        ]
        got = run(
            [
                tf.reduce_sum(x, axes),
                tf.reduce_max(x, axes, keepdims=True),
                tf.reduce_mean(tf.constant([1, 2, 4]), first),
                *grads,
            ],
            {axes: [0, -1], first: [0]},
        )
        for bad, message in (([0, 0], "duplicate dimension: 0"), ([3], "reduction dimension 3")):
            with pytest.raises(tf.errors.InvalidArgumentError, match=message):
                run(tf.reduce_sum(x, axes), {axes: bad})
        one = run([g for g in grads], {axes: [1]})
    np.testing.assert_array_equal(got[0], [60.0, 92.0, 124.0])
    np.testing.assert_array_equal(got[1], [[[15.0], [19.0], [23.0]]])
    assert got[2] == 2  # an int mean truncates
    np.testing.assert_allclose(
        [g.sum() for g in one], [1656.0, 184.0, 248.0, 120.0, 248.2956688415145], rtol=1e-12
    )


def test_indexing_with_a_bool_tensor_is_a_boolean_mask():
    # TF's __getitem__: a bool tensor or numpy bool array masks (boolean_mask's names).
    with tf.Graph().as_default():
        t = tf.constant(np.arange(12).reshape(3, 4))
        rows = t[tf.constant([True, False, True])]
        flat = t[np.array([[True, False, True, False]] * 3)]
        assert rows.name == "boolean_mask/GatherV2:0"
        assert rows.shape.as_list() == [None, 4]
        got = run([rows, flat])
        with pytest.raises(ValueError, match="None values not supported"):
            tf.constant(None)
    assert got[0].tolist() == [[0, 1, 2, 3], [8, 9, 10, 11]]
    assert got[1].tolist() == [0, 2, 4, 6, 8, 10]


def test_matrix_diag_of_the_main_diagonal_fills_with_padding_value_minus_one():
    # TF 2.21: [[1, -1], [-1, 2]]; -1 was taken for num_rows' default and the old
    # MatrixDiag filled zeros.
    with tf.Graph().as_default(), tf.Session() as sess:
        got = sess.run(tf.linalg.diag([1.0, 2.0], padding_value=-1.0))
    assert got.tolist() == [[1.0, -1.0], [-1.0, 2.0]]


def test_bitcast_of_complex_views_its_parts_as_tensorflow_does():
    # bitcast_op_test takes complex types (TF 2.21's values); graphgate refused them.
    with tf.Graph().as_default():
        parts = run(tf.bitcast(tf.constant([1 + 2j], tf.complex128), tf.float64))
        joined = run(tf.bitcast(tf.constant([[1.0, 2.0]]), tf.complex64))
        halves = run(tf.bitcast(tf.constant([1 - 1j], tf.complex64), tf.int16))
    assert parts.tolist() == [[1.0, 2.0]] and joined.tolist() == [1 + 2j]
    assert joined.dtype == np.complex64
    assert halves.tolist() == [[0, 16256, 0, -16512]]


def test_space_to_batch_nd_takes_int64_constant_tensors_as_tensorflow_does():
    # batchtospace_op_test: block_shape and paddings as int64 tensors; graphgate refused a
    # 2-D constant paddings tensor ("must be a constant").
    with tf.Graph().as_default():
        x = tf.reshape(tf.range(8), [1, 4, 2, 1])
        got = run(
            tf.space_to_batch_nd(
                x, tf.constant([2, 1], tf.int64), tf.constant([[0, 0], [0, 0]], tf.int64)
            )
        )
    assert got[:, :, :, 0].tolist() == [[[0, 1], [4, 5]], [[2, 3], [6, 7]]]


@pytest.mark.parametrize(
    ("padding", "want", "second"),
    [
        ("VALID", [-3.0, -2.0, 3.5, 4.0], [-6, 0, -4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 8, 0]),
        ("SAME", [-3.0, -2.0, -0.5, 0.0, 3.5, 4.0, 3.5, 4.0],
         [-6, 0, -4, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 14, 16, 0]),
    ],
)  # fmt: skip
def test_max_pool3d_grad_grad_reads_the_first_voxel_equal_to_the_output(padding, want, second):
    # Round five (pooling_ops_3d_test): max_pool3d's second derivative was refused
    # (NO_GRADIENT). TF's MaxPool3DGradGrad takes each window's gradient at its first
    # voxel equal to the output, past NaN and ties; TF 2.21's values, fed.
    x = np.array([3, 1, 3, np.nan, -np.inf, 2, 2, 0, 5, 5, -1, 4, 0, 7, 7, 1], np.float32)
    x = x.reshape(1, 2, 2, 4, 1)
    grad = (np.arange(16) * 0.5 - 3).astype(np.float32).reshape(x.shape)
    with tf.Graph().as_default() as graph:
        xs, gs = tf.placeholder(tf.float32, x.shape), tf.placeholder(tf.float32, x.shape)
        pooled = tf.nn.max_pool3d(xs, [1, 1, 2, 2, 1], [1, 1, 1, 2, 1], padding)
        first = tf.gradients(tf.reduce_sum(pooled**2), xs)[0]
        twice = tf.gradients(first, xs, grad_ys=gs)[0]
        op = graph.create_op("MaxPool3DGradGrad", (xs, pooled, gs), dict(pooled.op.attrs))
        got = run([op.outputs[0], twice], {xs: x, gs: grad})
    assert got[0].ravel().tolist() == want
    assert got[1].ravel().tolist() == second


def test_as_string_pads_infinities_and_nan_with_spaces_under_a_zero_fill():
    # C's printf ignores the 0 flag for inf and NaN; Python's % zero-padded them
    # (000000000inf). TF 2.21's as_string(width=12, fill="0").
    with tf.Graph().as_default():
        x = tf.constant([3.14159, np.inf, -np.inf, np.nan, -2.5])
        got = run(tf.strings.as_string(x, width=12, fill="0"))
        cplx = run(tf.strings.as_string(tf.constant([complex(np.inf, 1)], tf.complex64), width=6,
                                        fill="0"))  # fmt: skip
    assert [b.decode() for b in got] == [
        "00003.141590", "         inf", "        -inf", "         nan", "-0002.500000",
    ]  # fmt: skip
    assert cplx[0] == b"(   inf,1.000000)"


def test_variable_scatter_nd_min_and_max_methods_update_in_place():
    # scatter_nd_ops_test: TF1's variables have scatter_nd_min/max methods (no tf.*
    # function); graphgate's Variable lacked them (AttributeError). TF 2.21's values.
    with tf.Graph().as_default():
        x = tf.Variable([1.0, 5.0, 3.0, 8.0])
        lo = x.scatter_nd_min([[0], [3], [3]], [0.5, 9.0, 2.0])
        y = tf.Variable([1.0, 5.0, 3.0, 8.0])
        hi = y.scatter_nd_max([[1], [1], [2]], [7.0, 6.0, 0.0])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run([lo, hi])
    assert got[0].tolist() == [0.5, 5.0, 3.0, 2.0]
    assert got[1].tolist() == [1.0, 7.0, 3.0, 8.0]


def test_expm_takes_complex_matrices_and_refuses_non_square_ones_while_building():
    # matrix_exponential_op_test runs complex64/complex128 (graphgate refused them), and
    # TF's shape check refuses a 2x3 matrix with ValueError (graphgate's Unimplemented).
    with tf.Graph().as_default():
        small = run(tf.linalg.expm(tf.constant([[0.1, 0.2j], [0.0, -0.3]], tf.complex64)))
        big = run(tf.linalg.expm(tf.constant([[10.0, 1.0 + 1j], [0.0, 5.0]], tf.complex128)))
        with pytest.raises(ValueError):
            tf.linalg.expm(tf.zeros([2, 3]))
    assert small.dtype == np.complex64 and big.dtype == np.complex128
    np.testing.assert_allclose(small, [[1.1051710, 0.18217635j], [0.0, 0.74081826]], rtol=1e-6)
    want = [[22026.46628041247, 4375.610624261972 + 4375.610624261972j], [0.0, 148.41315910257725]]
    np.testing.assert_allclose(big, want, rtol=1e-12)


def test_lgamma_of_a_subnormal_is_what_tensorflows_glibc_answers_under_daz():
    # cwise_ops_unary_test at edge values: TF's lgamma of any float32 subnormal is 103.97
    # (-log 2^-150; float64's 745.13, -log 2^-1075): glibc's logf scales the subnormal up,
    # which denormals-are-zero makes 0. graphgate flushed the input and answered the
    # pole's inf. float16's subnormals are not flushed (15.945 = -log 1.19e-7). TF 2.21.
    with tf.Graph().as_default():
        got = run(tf.math.lgamma(tf.constant([1e-40, -1e-45, 1.1754942e-38, 2e-38, 0.0])))
        wide = run(tf.math.lgamma(tf.constant([5e-324, -1e-310, 1e-300], tf.float64)))
        half = run(tf.math.lgamma(tf.constant([1e-7], tf.float16)))
    np.testing.assert_allclose(got, [103.97208, 103.97208, 103.97208, 86.80508, np.inf])
    np.testing.assert_allclose(wide, [745.1332191, 745.1332191, 690.7755279])
    assert half.tolist() == [15.9453125]


def test_igamma_of_an_infinite_a_and_zeta_at_its_poles_are_tensorflows():
    # Round five (special_math_ops_test's edges): igamma(inf, 1) was NaN where TF's is 0
    # (and igammac(inf, inf) 0); zeta(s, q) at a nonpositive integer q was inf where
    # Eigen's (TF's) is inf only for an even integer s, NaN otherwise. TF 2.21's values.
    inf, nan = np.inf, np.nan
    with tf.Graph().as_default():
        a = tf.constant([inf, inf, inf, 5.0], tf.float64)
        x = tf.constant([1.0, 0.0, inf, 0.0], tf.float64)
        p, q = run([tf.math.igamma(a, x), tf.math.igammac(a, x)])
        s = tf.constant([3.0, 2.0, 4.0, 3.5, 2.0, 1.5, 3.0], tf.float64)
        z = run(tf.math.zeta(s, tf.constant([-1.0, -1.0, -2.0, -1.0, 0.0, -2.0, -0.5], tf.float64)))
    assert p.tolist() == [0.0, 0.0, 0.0, 0.0] and q.tolist() == [1.0, 1.0, 0.0, 1.0]
    np.testing.assert_array_equal(z[:6], [nan, inf, inf, nan, inf, nan])
    np.testing.assert_allclose(z[6], 0.41439832, rtol=1e-7)


def test_igamma_at_x_zero_is_zero_whatever_a_is_as_tensorflows():
    # review41: Eigen's igamma (TF's) answers 0 at x = 0 before it checks a; graphgate's
    # was NaN for a <= 0 or NaN (igamma(0, 0) and igamma(-1, 0): 0.0 in TF 2.21, float32
    # and float64), while igammac stays NaN there. TF 2.21's values.
    inf, nan = np.inf, np.nan
    for dtype in (tf.float32, tf.float64):
        with tf.Graph().as_default():
            a = tf.constant([0.0, -1.0, nan, -inf, inf, 0.0, 0.0], dtype)
            x = tf.constant([0.0, 0.0, 0.0, 0.0, 0.0, -0.0, 1.0], dtype)
            p, q = run([tf.math.igamma(a, x), tf.math.igammac(a, x)])
        np.testing.assert_array_equal(p, [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, nan])
        np.testing.assert_array_equal(q, [nan, nan, nan, nan, 1.0, nan, nan])


def test_unicode_encode_takes_ragged_code_points_as_tensorflows_unicode_encode():
    # unicode_encode_op_test's own input is a RaggedTensor; graphgate took dense tensors
    # only (UNIMPLEMENTED). TF 2.21's values: rows of any length, invalid code points
    # replaced or dropped, an outer ragged dimension kept.
    with tf.Graph().as_default():
        rows = tf.ragged.constant([[104, 233], [8364], [], [104, 0x110000, -1]])
        got = run(tf.strings.unicode_encode(rows, "UTF-8"))
        dropped = run(tf.strings.unicode_encode(rows, "UTF-8", errors="ignore"))
        nested = tf.strings.unicode_encode(tf.ragged.constant([[[104], [8364]], [[]]]), "UTF-16-BE")
        value = run(nested)
        with pytest.raises(tf.errors.InvalidArgumentError):
            run(tf.strings.unicode_encode(rows, "UTF-8", errors="strict"))
    assert got.tolist() == [b"h\xc3\xa9", b"\xe2\x82\xac", b"", b"h\xef\xbf\xbd\xef\xbf\xbd"]
    assert dropped.tolist() == [b"h\xc3\xa9", b"\xe2\x82\xac", b"", b"h"]
    assert value.flat_values.tolist() == [b"\x00h", b"\x20\xac", b""]
    assert value.row_splits.tolist() == [0, 2, 3]
