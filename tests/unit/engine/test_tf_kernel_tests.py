"""Cases ported from TensorFlow's own kernel and Python tests (nn_ops, control flow,
gradients), each pinned to the values TensorFlow 2.21's tf.compat.v1 computed for it
(literals here; no tensorflow import)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf


def _run(*fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(list(fetches), feed)


@pytest.fixture(autouse=True)
def _fresh_graph():
    with tf.Graph().as_default():
        yield


def test_weighted_cross_entropy_gradient_at_zero_logit_is_tfs():
    # relu(-x) in TF's formula, whose gradient at x = 0 is 0: d/dx is 1 - z there.
    x = tf.constant([-2.0, 0.0, 0.0, 2.0], tf.float64)
    z = tf.constant([0.0, 0.0, 1.0, 0.5], tf.float64)
    loss = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=2.0)
    value, grad = _run(loss, tf.gradients(loss, x)[0])
    np.testing.assert_allclose(value, [0.12692801, 0.69314718, 1.38629436, 1.19039202], 1e-7)
    np.testing.assert_allclose(grad, [0.11920292, 1.0, 0.0, 0.32119562], 1e-7)


@pytest.mark.parametrize("fn", [tf.sqrt, tf.rsqrt, tf.reciprocal], ids=lambda f: f.__name__)
def test_unary_gradient_is_zero_where_incoming_gradient_is_zero(fn):
    # TF's SqrtGrad/RsqrtGrad/ReciprocalGrad: 0 for dy = 0 even at y = NaN or inf.
    x = tf.constant([-1.0, 0.0, 4.0], tf.float64)
    (grad,) = _run(tf.gradients(fn(x), x, grad_ys=tf.zeros([3], tf.float64))[0])
    assert grad.tolist() == [0.0, 0.0, 0.0]


def test_gradient_of_where_over_sqrt_has_no_nan():
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    y = tf.where(x > 1.5, tf.sqrt(x - 1.5), tf.zeros_like(x))
    (grad,) = _run(tf.gradients(y, x)[0])
    np.testing.assert_allclose(grad, [0.0, 0.70710678, 0.40824829], 1e-7)


@pytest.mark.parametrize(
    ("fn", "first", "second"),
    [
        (tf.sqrt, [0.70710678, 0.25], [-1.0, -0.015625]),
        (tf.rsqrt, [-1.41421356, -0.0625], [-12.0, -2.9296875e-03]),
        (tf.reciprocal, [-4.0, -0.0625], [-128.0, -3.90625e-03]),
    ],
    ids=["sqrt", "rsqrt", "reciprocal"],
)
def test_unary_second_gradients_are_tfs(fn, first, second):
    x = tf.constant([0.5, 4.0], tf.float64)
    g = tf.gradients(tf.reduce_sum(fn(x)), x)[0]
    assert g.op.type == fn(x).op.type + "Grad"
    got_first, got_second = _run(g, tf.gradients(tf.reduce_sum(g * g), x)[0])
    np.testing.assert_allclose(got_first, first, 1e-7)
    np.testing.assert_allclose(got_second, second, 1e-7)


def test_weighted_moments_of_zero_total_weight_are_zero():
    x = tf.constant(np.arange(12.0).reshape(4, 3))
    zero = tf.nn.weighted_moments(x, [0], frequency_weights=tf.zeros([4, 1], tf.float64))
    some = tf.nn.weighted_moments(
        x, [1], frequency_weights=tf.constant([[1.0], [0.0], [2.0], [0.0]])
    )
    (zm, zv), (sm, sv) = _run(zero, some)
    assert zm.tolist() == [0.0, 0.0, 0.0] and zv.tolist() == [0.0, 0.0, 0.0]
    np.testing.assert_allclose(sm, [1.0, 0.0, 7.0, 0.0])
    np.testing.assert_allclose(sv, [0.66666667, 0.0, 0.66666667, 0.0], 1e-7)


def test_tensor_array_scalar_reads_keep_their_dtype():
    ta = tf.TensorArray(tf.float32, size=2, clear_after_read=False).write(0, 3.0).write(1, 4.0)
    stacked, read = _run(tf.stack([ta.read(0), ta.read(1)]), ta.read(1))
    assert stacked.dtype == np.float32 and stacked.tolist() == [3.0, 4.0]
    assert read.dtype == np.float32 and read == 4.0


def test_sparse_softmax_loss_squeezes_literal_column_weights():
    logits = tf.constant([[0.2, 0.7], [0.6, 0.1], [0.9, 0.4]])
    loss = tf.losses.sparse_softmax_cross_entropy([1, 0, 1], logits, weights=[[1.0], [2.0], [0.5]])
    (value,) = _run(loss)
    assert loss.shape == () and abs(value - 0.6364231705665588) < 1e-6


def test_relu6_of_integers_stays_integer_and_leaky_relu_casts_to_float():
    xi = tf.constant([-3, 0, 5, 9])
    relu6, leaky = tf.nn.relu6(xi), tf.nn.leaky_relu(xi)
    assert (relu6.dtype, leaky.dtype, leaky.op.inputs[0].op.name) == (
        tf.int32,
        tf.float32,
        "LeakyRelu/Cast",
    )
    got6, got_leaky = _run(relu6, leaky)
    assert got6.tolist() == [0, 0, 5, 6]
    np.testing.assert_allclose(got_leaky, [-0.6, 0.0, 5.0, 9.0], 1e-7)


def test_bias_add_channels_first_adds_along_dimension_one():
    bias = tf.constant([10.0, 20.0, 30.0], tf.float64)
    x4 = tf.constant(np.arange(24.0).reshape(2, 3, 2, 2))
    x3 = tf.constant(np.arange(12.0).reshape(2, 3, 2))
    y4 = tf.nn.bias_add(x4, bias, data_format="NCHW")
    y3 = tf.nn.bias_add(x3, bias, data_format="NCW")
    gb = tf.gradients(y4 * x4, bias)[0]
    got4, got3, grad = _run(y4, y3, gb)
    assert y4.shape == (2, 3, 2, 2) and gb.shape == (3,)
    np.testing.assert_array_equal(
        got4, np.arange(24.0).reshape(2, 3, 2, 2) + np.array([10.0, 20.0, 30.0])[:, None, None]
    )
    assert got3[0].tolist() == [[10.0, 11.0], [22.0, 23.0], [34.0, 35.0]]
    assert grad.tolist() == [60.0, 92.0, 124.0]
    with pytest.raises(ValueError):
        tf.nn.bias_add(tf.ones([2, 3], tf.float64), bias, data_format="NCHW")


def test_softmax_cross_entropy_of_unknown_rank_broadcasts_labels_as_tf():
    # TF's xent_op_test_base testLabelsBroadcast, through placeholders of no shape.
    labels, logits = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    grad = tf.gradients(loss, logits)[0]
    assert loss.shape.ndims is None
    rows = [[1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]]
    got_loss, got_grad = _run(loss, grad, feed={labels: [[0.0], [2.0], [0.25]], logits: rows})
    np.testing.assert_allclose(got_loss, [0.0, 15.521517753601074, 1.9401897192001343], 1e-6)
    np.testing.assert_allclose(
        got_grad,
        [
            [0.25, 0.25, 0.25, 0.25],
            [-1.967941403388977, -1.912855625152588, -1.7631171941757202, -1.3560857772827148],
            [
                -0.21794140338897705,
                -0.16285568475723267,
                -0.013117164373397827,
                0.39391428232192993,
            ],
        ],
        atol=1e-6,
    )
    one_row = {labels: [[0.0, 0.0, 0.0, 1.0]], logits: rows[:2]}
    np.testing.assert_allclose(
        _run(loss, feed=one_row)[0], [1.3862943649291992, 0.4401896893978119], 1e-6
    )
    with pytest.raises(tf.errors.InvalidArgumentError):
        _run(loss, feed={labels: [[1.0, 2.0, 3.0]], logits: [[1.0, 2.0]]})


def _explicit_case():
    x = tf.constant(
        np.array([[3.0, 1.0, 4.0], [1.0, 5.0, 9.0], [2.0, 6.0, 5.0]]).reshape(1, 3, 3, 1) - 4.0
    )
    return x, tf.ones([2, 2, 1, 2], tf.float64), tf.ones([3, 3, 2, 1], tf.float64)


def test_explicit_paddings_of_max_pool_depthwise_and_conv2d_transpose_are_tfs():
    x, dw_filter, t_filter = _explicit_case()
    pooled = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 1, 1], [[0, 0], [1, 1], [0, 1], [0, 0]])
    depthwise = tf.nn.depthwise_conv2d(x, dw_filter, [1, 1, 1, 1], [[0, 0], [1, 0], [0, 2], [0, 0]])
    pads = [[0, 0], [1, 1], [1, 1], [0, 0]]
    transposed = tf.nn.conv2d_transpose(x, t_filter, [1, 3, 3, 2], [1, 1, 1, 1], pads)
    fetches = [
        pooled,
        tf.gradients(tf.reduce_sum(pooled * pooled), x)[0],
        depthwise,
        transposed,
        tf.gradients(tf.reduce_sum(transposed * transposed), x)[0],
    ]
    got = [v.reshape(-1).tolist() for v in _run(*fetches)]
    assert pooled.shape == (1, 2, 3, 1) and depthwise.shape == (1, 3, 4, 2)
    assert got[0] == [-1.0, 0.0, 0.0, 2.0, 5.0, 5.0]
    assert got[1] == [-2.0, 0.0, 0.0, 0.0, 0.0, 20.0, 0.0, 4.0, 0.0]
    assert got[2][:12] == [-4.0, -4.0, -3.0, -3.0, 0.0, 0.0, 0.0, 0.0, -6.0, -6.0, 3.0, 3.0]
    assert got[2][12:] == [5.0, 5.0, 0.0, 0.0, -2.0, -2.0, 9.0, 9.0, 6.0, 6.0, 0.0, 0.0]
    assert got[3] == [
        -6.0,
        -6.0,
        -1.0,
        -1.0,
        3.0,
        3.0,
        -6.0,
        -6.0,
        0.0,
        0.0,
        6.0,
        6.0,
        -2.0,
        -2.0,
        4.0,
        4.0,
        9.0,
        9.0,
    ]
    assert got[4] == [-52.0, -16.0, 32.0, -44.0, 28.0, 84.0, -16.0, 44.0, 76.0]


def test_max_pool_padding_as_wide_as_its_window_fails_when_run():
    x, _, _ = _explicit_case()
    pooled = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 1, 1], [[0, 0], [1, 2], [0, 1], [0, 0]])
    with pytest.raises(tf.errors.InvalidArgumentError):
        _run(pooled)
    with pytest.raises(ValueError):  # TF's AvgPool takes no explicit padding
        tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], [[0, 0], [1, 1], [0, 1], [0, 0]])


def test_explicit_paddings_export_to_onnx_as_pads():
    pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    import graphgate as gg

    rng = np.random.default_rng(3)
    x = gg.placeholder(gg.float32, [None, 7, 6, 2], name="x")
    f = gg.constant(rng.standard_normal((3, 2, 2, 3)).astype(np.float32))
    h = gg.nn.conv2d(x, f, [1, 1, 1, 1], [[0, 0], [2, 0], [1, 3], [0, 0]])
    y = gg.nn.max_pool(h, [1, 3, 2, 1], [1, 2, 1, 1], [[0, 0], [1, 2], [0, 1], [0, 0]], name="y")
    xv = rng.standard_normal((2, 7, 6, 2)).astype(np.float32)
    with gg.Session() as sess:
        want = sess.run(y, {x: xv})
        model = gg.export_onnx(gg.get_default_graph(), [y], [x], session=sess)
    got = ort.InferenceSession(model.SerializeToString()).run(None, {"x": xv})[0]
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_stop_gradients_that_are_xs_still_get_their_own_gradient():
    # tf.gradients' docstring example: the partial derivatives, [1, 1].
    a = tf.constant(0.0)
    b = 2 * a
    got = _run(*tf.gradients(a + b, [a, b], stop_gradients=[a, b]))
    assert [float(v) for v in got] == [1.0, 1.0]
    x = tf.constant(3.0)
    w = x * 3.0
    assert [float(v) for v in _run(*tf.gradients(w * x, [x, w], stop_gradients=[w]))] == [9.0, 3.0]


@pytest.mark.parametrize(("shape", "axis"), [([0, 3], 0), ([0, 3], -1), ([2, 0], -1), ([2, 0], 0)])
def test_softmax_of_an_empty_tensor_is_empty(shape, axis):
    x = tf.ones(shape)
    for fn in (tf.nn.softmax, tf.nn.log_softmax):
        y = fn(x, axis=axis)
        got, grad = _run(y, tf.gradients(tf.reduce_sum(y), x)[0])
        assert got.shape == tuple(shape) and grad.shape == tuple(shape)


def test_in_top_k_takes_k_as_a_constant_tensor():
    pred = tf.constant([[0.1, 0.3, 0.2, 0.4], [0.1, 0.2, 0.3, 0.4]])
    (got,) = _run(tf.nn.in_top_k(pred, tf.constant([3, 0]), tf.constant(2)))
    assert got.tolist() == [True, False]


@pytest.mark.parametrize(("is_training", "factor"), [(False, 1.0), (True, 0.5)])
def test_fused_batch_norm_passes_no_gradient_to_mean_and_variance_as_tfs(is_training, factor):
    # TF 2.21: FusedBatchNormV3's gradient is None for mean and variance, in inference
    # and through the moving averages alike (a trainable moving mean is never trained).
    x = tf.constant(np.arange(36, dtype=np.float32).reshape(2, 3, 3, 2) % 5)
    mean, variance = tf.constant([0.1, 0.2]), tf.constant([1.0, 2.0])
    y, moved_mean, moved_var = tf.nn.fused_batch_norm(
        x,
        tf.constant([1.0, 1.5]),
        tf.constant([0.0, 0.1]),
        mean=mean,
        variance=variance,
        is_training=is_training,
        exponential_avg_factor=factor,
    )
    loss = tf.reduce_sum(y * y) + tf.reduce_sum(moved_mean) + tf.reduce_sum(moved_var)
    grads = tf.gradients(loss, [mean, variance, x])
    assert grads[:2] == [None, None] and grads[2] is not None


def test_fused_batch_norm_nchw_half_and_exponential_average_are_tfs():
    x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2) % 7)
    scale, offset = tf.constant([1.5, 0.5, 2.0]), tf.constant([0.1, -0.2, 0.3])
    y, mean, var = tf.nn.fused_batch_norm(x, scale, offset, data_format="NCHW")
    weights = tf.reshape(tf.range(24, dtype=tf.float32), [2, 3, 2, 2])
    grad = tf.gradients(tf.reduce_sum(y * y * weights), x)[0]
    _, moved_mean, moved_var = tf.nn.fused_batch_norm(
        x,
        scale,
        offset,
        [1.0, 2.0, 3.0],
        [4.0, 5.0, 6.0],
        data_format="NCHW",
        exponential_avg_factor=0.25,
    )
    half, half_mean, _ = tf.nn.fused_batch_norm(
        tf.cast(tf.transpose(x, [0, 2, 3, 1]), tf.float16), scale, offset
    )
    assert (half.dtype, half_mean.dtype) == (tf.float16, tf.float32)
    got = _run(y, mean, var, grad, moved_mean, moved_var, half)
    np.testing.assert_allclose(
        got[0].ravel()[:4], [-1.5019747, -0.7899859, -0.0779972, 0.6339916], 1e-5
    )
    np.testing.assert_allclose(got[1], [2.25, 3.625, 2.375], 1e-6)
    np.testing.assert_allclose(got[2], [5.0714288, 3.6964288, 3.6964288], 1e-6)
    np.testing.assert_allclose(
        got[3].ravel()[:4], [19.015919, 7.1624055, -2.6633928, -10.461479], 1e-4
    )
    np.testing.assert_allclose(got[4], [1.3125, 2.40625, 2.84375], 1e-6)
    np.testing.assert_allclose(got[5], [4.267857, 4.674107, 5.424107], 1e-6)
    assert got[6].ravel()[:4].tolist() == [
        -1.501953125,
        -0.09576416015625,
        -1.228515625,
        -0.7900390625,
    ]


def _ctc_logits():
    return tf.constant(np.random.default_rng(0).standard_normal((5, 2, 4)).astype(np.float32))


def test_ctc_loss_v2_of_an_empty_label_is_minus_log_p_of_all_blanks():
    logits = _ctc_logits()
    loss = tf.nn.ctc_loss_v2(
        tf.constant([[1, 2], [0, 0]]),
        logits,
        tf.constant([2, 0]),
        tf.constant([5, 3]),
        blank_index=3,
    )
    got, grad, logp = _run(
        loss, tf.gradients(tf.reduce_sum(loss), logits)[0], tf.nn.log_softmax(logits)
    )
    np.testing.assert_allclose(got[1], -logp[:3, 1, 3].sum(), 1e-5)
    assert np.isfinite(grad).all() and not grad[3:, 1].any()


def test_ctc_loss_ignores_labels_longer_than_their_sequence_when_asked():
    # TF 2.21's values for np.random.seed(1) logits (the float64 kernel agrees to 1e-6).
    np.random.seed(1)
    logits = tf.constant(np.random.randn(5, 2, 4).astype(np.float32))
    labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [0, 3], [1, 0]], [1, 2, 1, 2, 1], [2, 4])
    loss = tf.nn.ctc_loss(
        labels, logits, tf.constant([3, 4]), ignore_longer_outputs_than_inputs=True
    )
    got, grad = _run(loss, tf.gradients(tf.reduce_sum(loss), logits)[0])
    np.testing.assert_allclose(got, [0.0, 5.4584756], 1e-6)
    assert not grad[:, 0].any() and not grad[4, 1].any()
    np.testing.assert_allclose(
        grad[0, 1], [0.27410856, -0.11411797, 0.6604546, -0.8204453], atol=1e-6
    )
    with pytest.raises(tf.errors.InvalidArgumentError):
        _run(tf.nn.ctc_loss(labels, logits, tf.constant([3, 4])))


def test_case_without_default_fails_when_no_predicate_is_true():
    x = tf.placeholder(tf.int32, [])
    c = tf.case(
        [(tf.less(x, 2), lambda: tf.constant(17)), (tf.greater(x, 5), lambda: tf.constant(23))]
    )
    one = tf.case([(tf.less(x, 2), lambda: tf.constant(17))])
    assert [_run(c, feed={x: v})[0] for v in (0, 7)] == [17, 23]
    assert _run(one, feed={x: 1})[0] == 17
    for t in (c, one):
        with pytest.raises(tf.errors.InvalidArgumentError):
            _run(t, feed={x: 3})
    with pytest.raises(ValueError):
        tf.case([], default=lambda: tf.constant(0))


def test_sharing_a_variable_with_another_dtype_is_value_error():
    with tf.variable_scope("foo"):
        tf.get_variable("v", [1])
    with pytest.raises(ValueError), tf.variable_scope("foo", reuse=True):
        tf.get_variable("v", [1], dtype=tf.int32)


def test_random_poisson_with_an_integer_dtype_keeps_float_rates():
    tf.set_random_seed(7)
    draw = tf.random_poisson([3.0], [5], dtype=tf.int32, seed=2)
    (got,) = _run(draw)
    assert draw.dtype == tf.int32 and draw.op.inputs[-1].dtype == tf.float32
    assert got.ravel().tolist() == [2, 2, 4, 5, 1]  # TF 2.21's draw


def _partitioned_embedding():
    tf.set_random_seed(3)
    with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(3)):
        weights = tf.get_variable("W", [10, 4], initializer=tf.glorot_uniform_initializer(seed=2))
        biases = tf.get_variable("b", [10], initializer=tf.zeros_initializer())
    return weights, biases


def test_partitioned_variables_are_tfs_slices_with_tfs_initial_values():
    weights, biases = _partitioned_embedding()
    assert [v.name for v in tf.global_variables()][:3] == [
        "emb/W/part_0:0",
        "emb/W/part_1:0",
        "emb/W/part_2:0",
    ]
    assert [v.shape.as_list() for v in weights] == [[4, 4], [3, 4], [3, 4]]
    assert (weights.name, weights.get_shape().as_list(), len(biases)) == ("emb/W", [10, 4], 3)
    with tf.variable_scope("emb", reuse=True):
        assert tf.get_variable("W", [10, 4]) is weights
        assert tf.get_variable("W/part_1") is list(weights)[1]
    rows = {"mod": [[0, 9], [4, 5]], "div": [[0, 9], [4, 5]]}
    lookups = [
        tf.nn.embedding_lookup(weights, rows[s], partition_strategy=s) for s in ("mod", "div")
    ]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        whole, mod, div = sess.run([tf.convert_to_tensor(weights), *lookups])
    # TF 2.21's glorot values for this graph seed and op seed, sliced as TF slices.
    np.testing.assert_allclose(whole[0], [0.45954525, -0.46416467, -0.44205165, 0.48676467], 1e-6)
    np.testing.assert_allclose(whole[9], [-0.54350454, -0.21751562, 0.26858944, -0.32825926], 1e-6)
    np.testing.assert_array_equal(
        mod[0, 1],
        whole[3],  # "mod": id 9 is row 3 of part 0
    )
    np.testing.assert_array_equal(div[0, 1], whole[9])
    np.testing.assert_array_equal(div[1, 0], whole[0])


@pytest.mark.parametrize(
    ("strategy", "nce", "ssm"),
    [
        ("mod", [6.801000118, 6.524650574, 7.341907501], [7.194252968, 6.467601776, 8.988573074]),
        ("div", [6.439784049, 5.829859734, 6.639336586], [6.513428211, 5.612403393, 7.858444214]),
    ],
)
def test_sampled_losses_over_partitioned_weights_follow_the_partition_strategy(strategy, nce, ssm):
    weights, biases = _partitioned_embedding()
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4) / 10.0)
    labels = tf.constant([[1], [5], [9]], tf.int64)
    sampled = (
        tf.constant([2, 3, 7], tf.int64),
        tf.constant([0.5, 0.4, 0.3]),
        tf.constant([0.2, 0.1, 0.3]),
    )
    args = (weights, biases, labels, x, 3, 10)
    losses = [
        tf.nn.nce_loss(*args, sampled_values=sampled, partition_strategy=strategy),
        tf.nn.sampled_softmax_loss(*args, sampled_values=sampled, partition_strategy=strategy),
    ]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got_nce, got_ssm = sess.run(losses)
    np.testing.assert_allclose(got_nce, nce, 1e-5)
    np.testing.assert_allclose(got_ssm, ssm, 1e-5)


def test_partitioners_slice_as_tfs():
    with tf.variable_scope(
        "mm", partitioner=tf.min_max_variable_partitioner(max_partitions=3, min_slice_size=64)
    ):
        m = tf.get_variable("m", [9, 5])
    part = tf.variable_axis_size_partitioner(max_shard_bytes=40)
    ax1 = tf.get_variable("a", [4, 6], partitioner=tf.fixed_size_partitioner(4, axis=1))
    assert [v.shape.as_list() for v in m] == [[3, 5]] * 3
    assert part(shape=tf.TensorShape([10, 3]), dtype=tf.float32) == [4, 1]
    assert [v.shape.as_list() for v in ax1] == [[4, 2], [4, 2], [4, 1], [4, 1]]


def test_a_saver_given_a_partitioned_variable_saves_it_whole_and_restores_its_slices(tmp_path):
    weights, _ = _partitioned_embedding()
    saver = tf.train.Saver({"W": weights})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run(tf.convert_to_tensor(weights))
        path = saver.save(sess, str(tmp_path / "m"))
        sess.run(tf.assign(weights._get_variable_list()[0], tf.zeros([4, 4])))
        saver.restore(sess, path)
        np.testing.assert_array_equal(sess.run(tf.convert_to_tensor(weights)), before)
    # TF's layout: the whole variable under its key (its slices are specs of it)
    assert tf.train.list_variables(path) == [("W", list(before.shape))]


def test_cond_refuses_a_python_bool_as_tf1_does():
    # TF's control_flow_ops_test testCondBool: TypeError, "must not be a Python bool".
    with pytest.raises(TypeError):
        tf.cond(True, lambda: tf.constant(1), lambda: tf.constant(2))
    assert _run(tf.cond(tf.constant(True), lambda: tf.constant(1), lambda: tf.constant(2)))[0] == 1


def test_ctc_loss_refuses_an_entry_without_labels():
    labels = tf.SparseTensor([[0, 0], [0, 1]], [1, 2], [2, 2])
    loss = tf.nn.ctc_loss(
        labels, _ctc_logits(), tf.constant([5, 5]), ignore_longer_outputs_than_inputs=True
    )
    with pytest.raises(tf.errors.InvalidArgumentError):
        _run(loss)


def test_control_flow_given_something_not_callable_is_type_error():
    p = tf.placeholder(tf.bool, [])
    with pytest.raises(TypeError):
        tf.cond(p, 1, lambda: 2)
    with pytest.raises(TypeError):
        tf.while_loop(1, lambda i: i, [0])
    with pytest.raises(TypeError):
        tf.case([(p, 1)], default=lambda: tf.constant(2))


def test_softmax_takes_its_axis_as_a_constant_tensor():
    logits = tf.constant([[1.0, 2.0], [3.0, 5.0]])
    got, log_got = _run(
        tf.nn.softmax(logits, axis=tf.constant(0)), tf.nn.log_softmax(logits, axis=tf.constant(0))
    )
    np.testing.assert_allclose(got, [[0.11920292, 0.04742587], [0.880797, 0.95257413]], 1e-6)
    np.testing.assert_allclose(log_got, np.log(got), 1e-6)


def test_ctc_loss_of_an_infeasible_entry_is_inf_with_the_softmax_as_gradient():
    # A repeated label needs a blank between: 3 steps' worth in 2. TF's sparse kernel
    # answers inf and, as the gradient, the softmax (nothing to subtract).
    np.random.seed(1)
    logits = tf.constant(np.random.randn(3, 2, 4).astype(np.float32))
    labels = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 1]], [1, 1, 2, 1], [2, 2])
    loss = tf.nn.ctc_loss(labels, logits, tf.constant([2, 2]))
    got, grad, probs = _run(
        loss, tf.gradients(tf.reduce_sum(loss), logits)[0], tf.nn.softmax(logits)
    )
    assert np.isinf(got[0]) and abs(got[1] - 2.3769822) < 1e-5
    np.testing.assert_allclose(grad[:2, 0], probs[:2, 0], 1e-6)
    assert not grad[2, 0].any()
    np.testing.assert_allclose(grad[0, 0], [0.7749224, 0.08281928, 0.09003923, 0.05221913], 1e-5)


@pytest.mark.parametrize(
    ("flags", "want"),
    [
        ({}, [4.2898, 2.8843]),
        ({"ctc_merge_repeated": False}, [3.5926, 3.2974]),
        ({"preprocess_collapse_repeated": True}, [2.5062, 2.6043]),
        ({"preprocess_collapse_repeated": True, "ctc_merge_repeated": False}, [3.0913, 4.7738]),
    ],
)
def test_ctc_loss_repeat_flags_are_tfs(flags, want):
    np.random.seed(2)
    logits = tf.constant(np.random.randn(6, 2, 4).astype(np.float32))
    labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]], [1, 1, 2, 2, 2], [2, 3])
    loss = tf.nn.ctc_loss(labels, logits, tf.constant([6, 5]), **flags)
    got, grad = _run(loss, tf.gradients(tf.reduce_sum(loss), logits)[0])
    np.testing.assert_allclose(got, want, atol=1e-4)
    # The gradient of each entry sums to zero over classes (softmax minus occupancy).
    np.testing.assert_allclose(grad.sum(-1), 0.0, atol=1e-5)


# -- round four (tests/reference/tf1_kernel_tests4.py) -------------------------------------


def test_unstack_along_an_axis_out_of_range_is_tfs_value_error():
    # norm_axis's internal InferenceError leaked, a bare Exception to TF1 code.
    with pytest.raises(ValueError, match="not in"):
        tf.unstack(tf.zeros([2, 2]), axis=2)
    with pytest.raises(ValueError):
        tf.unstack(tf.constant(1.0))
    assert len(tf.unstack(tf.zeros([2, 3]), axis=-1)) == 3


def test_pad_with_paddings_not_pairs_is_tfs_value_error():
    # A Python TypeError (unpacking an int) leaked for paddings [1, 2].
    x = tf.reshape([1, 2], [1, 2])
    for paddings in ([1, 2], [[1], [2]]):
        with pytest.raises(ValueError):
            tf.pad(x, paddings)


def test_lrn_and_string_to_number_refuse_the_dtypes_tfs_ops_do_not_take():
    with pytest.raises(TypeError):  # LRN's T: float16, bfloat16, float32
        tf.nn.lrn(tf.ones([1, 1, 1, 2], tf.float64))
    with pytest.raises(TypeError):
        tf.string_to_number(tf.constant(["1"]), tf.int8)
    assert _run(tf.nn.lrn(tf.ones([1, 1, 1, 2]), 0, bias=1.0, alpha=1.0, beta=1.0))[0].tolist() == [
        [[[0.5, 0.5]]]
    ]


def test_matrix_solve_merges_batch_dims_where_triangular_solve_broadcasts():
    # MatrixSolve's shape function merges the batch dims (TF's ValueError for [2] and []);
    # graphgate broadcast them, answering where TF refuses.
    a = tf.constant(np.stack([np.eye(2), 2 * np.eye(2)]), tf.float32)
    with pytest.raises(ValueError, match=r"equal rank|must be equal"):
        tf.matrix_solve(a, tf.ones([2, 1]))
    with pytest.raises(ValueError, match="must be equal"):
        tf.matrix_solve(a, tf.ones([1, 2, 1]))
    fed = tf.placeholder(tf.float32, [None, 2, 1])
    with pytest.raises(tf.errors.InvalidArgumentError):
        _run(tf.matrix_solve(a, fed), feed={fed: np.ones([1, 2, 1])})
    assert _run(tf.matrix_triangular_solve(a, tf.ones([2, 1])))[0].tolist() == [
        [[1.0], [1.0]],
        [[0.5], [0.5]],
    ]


def test_ctc_decoders_decode_a_negative_length_as_zero():
    # TF's kernels run no step for it (log probability 0, no labels); graphgate refused it.
    logits = tf.constant(np.random.RandomState(0).randn(4, 2, 3).astype(np.float32))
    (greedy,), greedy_p = tf.nn.ctc_greedy_decoder(logits, [-1, 3])
    (beam,), beam_p = tf.nn.ctc_beam_search_decoder(logits, [-1, 3])
    g, gp, b, bp = _run(greedy, greedy_p, beam, beam_p)
    assert g.indices.tolist() == b.indices.tolist() == [[1, 0], [1, 1]]
    assert g.values.tolist() == b.values.tolist() == [0, 1]
    np.testing.assert_allclose(gp[:, 0], [0.0, -5.1892457], rtol=1e-6)
    np.testing.assert_allclose(bp[:, 0], [0.0, -0.91179574], rtol=1e-6)


def test_conv2d_of_more_input_channels_than_the_filters_is_tfs_grouped_convolution():
    # TF's CPU Conv2D (and its gradients) take an input whose channels are a multiple of
    # the filter's in_channels: each group convolves its channels with its share of the
    # filters. graphgate refused it while building.
    rng = np.random.default_rng(3)
    xv = rng.standard_normal((2, 5, 6, 4))
    wv = rng.standard_normal((3, 2, 2, 6))
    x, w = tf.constant(xv), tf.constant(wv)
    y = tf.nn.conv2d(x, w, [1, 2, 1, 1], "SAME", dilations=[1, 1, 2, 1])
    assert y.shape.as_list() == [2, 3, 6, 6]
    halves = [
        tf.nn.conv2d(x[..., 2 * i : 2 * i + 2], w[..., 3 * i : 3 * i + 3], [1, 2, 1, 1], "SAME",
                     dilations=[1, 1, 2, 1])
        for i in range(2)
    ]  # fmt: skip
    got, want = _run(y, tf.concat(halves, 3))
    np.testing.assert_allclose(got, want, rtol=1e-12)
    loss = tf.reduce_sum(y * y)
    grads = _run(*tf.gradients(loss, [x, w]))
    side = tf.reduce_sum(tf.concat(halves, 3) ** 2)
    for got, want in zip(grads, _run(*tf.gradients(side, [x, w])), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-10)
    with pytest.raises(ValueError, match="multiple of the number of groups"):
        tf.nn.conv2d(tf.ones([1, 4, 4, 4]), tf.ones([1, 1, 2, 3]), [1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError, match="multiple of input depth"):
        tf.nn.conv2d(tf.ones([1, 3, 3, 3]), tf.ones([1, 1, 2, 2]), [1, 1, 1, 1], "VALID")


def test_matrix_solve_ls_slow_path_is_the_minimum_norm_solution_without_gradient():
    # fast=False was UNIMPLEMENTED: TF's MatrixSolveLs by complete orthogonal
    # decomposition gives the minimum-norm solution (rank-deficient too), ignoring
    # l2_regularizer, and has no gradient (ValueError).
    a = tf.constant([[1.0, 2.0], [2.0, 4.0], [0.0, 0.0]], tf.float64)
    b = tf.constant([[1.0], [2.0], [2.0]], tf.float64)
    x = tf.matrix_solve_ls(a, b, fast=False)
    ridge = tf.matrix_solve_ls(a, b, l2_regularizer=3.0, fast=False)
    wide = tf.matrix_solve_ls(tf.transpose(a), tf.constant([[1.0], [2.0]], tf.float64), fast=False)
    got = _run(x, ridge, wide)
    np.testing.assert_allclose(got[0], [[0.2], [0.4]], rtol=1e-12)
    np.testing.assert_allclose(got[1], got[0], rtol=1e-12)
    np.testing.assert_allclose(got[2], [[0.2], [0.4], [0.0]], atol=1e-12)
    with pytest.raises(ValueError, match="fast=False"):
        tf.gradients(tf.reduce_sum(x), a)
    c = tf.ones([3, 2], tf.complex128)  # TF's NotImplementedError, on either path
    for fast in (True, False):
        with pytest.raises(NotImplementedError, match="complex128 and l2_regularizer"):
            tf.matrix_solve_ls(c, tf.ones([3, 1], tf.complex128), l2_regularizer=0.5, fast=fast)


def test_confusion_matrix_of_classes_the_graph_fixes_has_tfs_static_shape():
    # TF's shape inference folds max + 1 of constant labels and predictions ([3, 3] here;
    # graphgate's was [None, None]) and its stack refuses vectors of two lengths (ValueError;
    # graphgate built it and failed the run).
    m = tf.confusion_matrix([1, 2, 0], [2, 2, 1])
    assert m.shape.as_list() == [3, 3]
    assert _run(m)[0].tolist() == [[0, 1, 0], [0, 0, 1], [0, 0, 1]]
    fed = tf.placeholder(tf.int32, [3])
    assert tf.confusion_matrix(fed, [2, 2, 1]).shape.as_list() == [None, None]
    assert tf.confusion_matrix([-1, 0], [0, 0]).shape.as_list() == [None, None]
    with pytest.raises(ValueError, match="same shape"):
        tf.confusion_matrix([1, 2, 3], [1, 2])


def test_partitioners_leave_a_scalar_whole_and_a_reuse_must_slice_alike():
    # A scalar under a partitioner leaked an IndexError (TF makes it a plain variable); a
    # reuse with another partition count returned the old slices (TF's ValueError).
    s = tf.get_variable("s", [], partitioner=tf.fixed_size_partitioner(2))
    assert isinstance(s, tf.Variable) and s.shape.as_list() == []
    with tf.variable_scope("r", partitioner=tf.fixed_size_partitioner(2)):
        w = tf.get_variable("w", [4])
    with tf.variable_scope("r", reuse=True, partitioner=tf.fixed_size_partitioner(2)):
        assert tf.get_variable("w", [4]) is w
    other = tf.variable_scope("r", reuse=True, partitioner=tf.fixed_size_partitioner(3))
    with other, pytest.raises(ValueError, match=r"specified partitions \[3\] and found"):
        tf.get_variable("w", [4])


def test_quantize_and_dequantize_is_tfs_v2_kernel_to_the_bit():
    # tf.quantization.quantize_and_dequantize was missing. TF's values (2.21): the scale
    # from the side of the range that limits it, clamped to a given range only, rounded
    # half to even (or half up), with a straight-through gradient.
    x = tf.constant([-1.2, -0.5, 0.0, 0.3, 0.77, 1.5])
    qd = tf.quantization.quantize_and_dequantize
    given = qd(x, -1.0, 1.0, range_given=True)
    got = _run(
        given,
        qd(x, 0.0, 0.0),
        qd(x, -1.0, 1.0, range_given=True, num_bits=3, narrow_range=True),
        qd(x, -1.0, 1.0, range_given=True, num_bits=3, round_mode="HALF_UP"),
        qd(tf.constant([-0.5, -0.25]), 0.0, 0.0, signed_input=False),  # TF's overflow
        tf.gradients(tf.reduce_sum(given), x)[0],
    )
    f32 = np.float32
    want = [
        [-1.0078740119934082, -0.5039370059967041, 0.0, 0.29921260476112366, 0.7716535329818726, 1],
        [
            -1.2047244310379028,
            -0.4960629940032959,
            0.0,
            0.29527559876441956,
            0.7677165269851685,
            1.5,
        ],
        [-1.0, -0.6666666865348816, 0.0, 0.3333333432674408, 0.6666666865348816, 1.0],
        [-1.3333333730697632, -0.3333333432674408, 0.0, 0.3333333432674408, 0.6666666865348816, 1],
        [1.6680507e35, 8.3402536e34],
        [1.0] * 6,
    ]
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, np.asarray(w, f32))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid range"):
        _run(qd(x, 1.0, -1.0, range_given=True))


def test_one_hot_of_strings_or_complex_values_and_a_complex_pad_are_tfs():
    # OneHot's and Pad's float attributes cannot hold them (UNIMPLEMENTED before): a bool
    # one_hot selects between the values, a zero pad takes the value where it padded.
    hot = tf.one_hot([1, 0, -1], 2, on_value="y", off_value="n")
    assert hot.dtype == tf.string and hot.shape.as_list() == [3, 2]
    z = tf.one_hot([[1], [0]], 3, on_value=2 + 1j, axis=0)
    assert z.dtype == tf.complex128 and z.shape.as_list() == [3, 2, 1]
    x = tf.constant([[1 + 2j, 3 - 1j]], tf.complex64)
    padded = tf.pad(x, [[1, 0], [0, 1]], constant_values=5 - 5j)
    grad = tf.gradients(tf.reduce_sum(tf.abs(padded)), x)[0]
    h, zv, p, g = _run(hot, z, padded, grad)
    assert h.tolist() == [[b"n", b"y"], [b"y", b"n"], [b"n", b"n"]]
    assert zv[:, :, 0].tolist() == [[0, 2 + 1j], [2 + 1j, 0], [0, 0]]
    assert p.tolist() == [[5 - 5j] * 3, [1 + 2j, 3 - 1j, 5 - 5j]]
    np.testing.assert_allclose(g, (x_ := np.array([[1 + 2j, 3 - 1j]])) / np.abs(x_), rtol=1e-6)
    with pytest.raises(TypeError):
        tf.one_hot([1], 2, on_value="y")
    with pytest.raises(TypeError):
        tf.pad(tf.constant([1.0]), [[1, 0]], constant_values=5j)


def test_raw_nth_element_bucketize_and_parallel_dynamic_stitch_are_tfs():
    # tf.raw_ops lacked them. NthElement's gradient is shared among ties, as TF's; Bucketize
    # compares with float32 boundaries (0.1 as a float32 is above the float64 0.1).
    x = tf.constant([[5.0, 1.0, 4.0, 1.0], [2.0, 8.0, 8.0, 3.0]])
    nth = tf.raw_ops.NthElement(input=x, n=2, reverse=True)
    got = _run(
        nth,
        tf.gradients(tf.reduce_sum(nth), x)[0],
        tf.raw_ops.Bucketize(input=tf.constant([0.1, 0.2, 7.0], tf.float64), boundaries=[0.1, 5]),
        tf.raw_ops.ParallelDynamicStitch(indices=[[2, 0], [1]], data=[[1, 2], [3]]),
    )
    assert got[0].tolist() == [1.0, 3.0]
    assert got[1].tolist() == [[0.0, 0.5, 0.0, 0.5], [0.0, 0.0, 0.0, 1.0]]
    assert got[2].tolist() == [0, 1, 2]
    assert got[3].tolist() == [2, 3, 1]
    with pytest.raises(ValueError, match="at least n\\+1"):
        tf.raw_ops.NthElement(input=x, n=4)


def test_pad_of_an_input_or_paddings_of_unknown_rank_is_tfs_shape():
    # Refused while building (UNKNOWN_RANK): TF takes the rank from the paddings' rows (or
    # the input's), and its kernel checks them against each other when run.
    unknown = tf.placeholder(tf.int32)
    assert tf.pad(tf.zeros([4, 4, 4]), unknown).shape.as_list() == [None] * 3
    assert tf.pad(tf.placeholder(tf.float32), unknown).shape.ndims is None
    p = tf.placeholder(tf.float32)
    for mode, want in (("CONSTANT", [[0, 0, 0], [1, 2, 0]]), ("SYMMETRIC", [[1, 2, 2], [1, 2, 2]])):
        y = tf.pad(p, [[1, 0], [0, 1]], mode)
        assert y.shape.as_list() == [None, None]
        assert _run(y, feed={p: [[1.0, 2.0]]})[0].tolist() == want
        grad = tf.gradients(tf.reduce_sum(y), p)[0]
        assert _run(grad, feed={p: [[1.0, 2.0]]})[0].tolist() == (
            [[1.0, 1.0]] if mode == "CONSTANT" else [[2.0, 4.0]]
        )
        with pytest.raises(tf.errors.InvalidArgumentError):
            _run(y, feed={p: [1.0, 2.0]})


@pytest.mark.parametrize(("shape", "paddings"), [([0], [[0, 0]]), ([2, 0], [[1, 0], [0, 0]])])
def test_the_gradient_of_a_symmetric_pad_of_an_empty_axis_fails_as_tfs(shape, paddings):
    # TF 2.21 pads the empty tensor (SYMMETRIC, [3, 0] for the second) and its
    # MirrorPadGrad then fails the run: "Total paddings must be less than the input
    # dimension size: 0 was not less than 0" on every axis left with no element.
    # graphgate answered an empty gradient. A nonempty input's gradient still folds.
    x = tf.placeholder(tf.float32, shape)
    y = tf.pad(x, paddings, "SYMMETRIC")
    grad = tf.gradients(tf.reduce_sum(y), x)[0]
    empty = np.zeros(shape, np.float32)
    assert _run(y, feed={x: empty})[0].shape == tuple(
        d + a + b for d, (a, b) in zip(shape, paddings, strict=True)
    )
    with pytest.raises(tf.errors.InvalidArgumentError, match="total paddings"):
        _run(grad, feed={x: empty})
    z = tf.placeholder(tf.float32, [2, 1])
    folded = tf.gradients(tf.reduce_sum(tf.pad(z, [[2, 1], [1, 1]], "SYMMETRIC")), z)[0]
    assert _run(folded, feed={z: [[1.0], [2.0]]})[0].tolist() == [[6.0], [9.0]]  # TF 2.21


# TF 2.21's answers (tests/reference/tf1_tile_uint16.py), the multiples constant and fed.
_TILE_UINT16 = (
    ([3], [0], []),
    ([3], [1], [0, 1, 2]),
    ([3], [2], tf.errors.UnimplementedError),
    ([0], [4], []),
    ([2, 2], [0, 3], []),
    ([2, 2], [1, 1], [[0, 1], [2, 3]]),
    ([2, 2], [1, 2], tf.errors.UnimplementedError),
)


@pytest.mark.parametrize("fed", [False, True])
@pytest.mark.parametrize(("shape", "multiples", "want"), _TILE_UINT16)
def test_a_uint16_tile_runs_where_tfs_kernel_answers_before_its_dtype(shape, multiples, want, fed):
    # TF's Tile has no uint16 case, but forwards an output of the input's shape and
    # answers an empty one before it reads the dtype; graphgate refused every uint16 tile.
    x0 = np.arange(int(np.prod(shape)), dtype=np.uint16).reshape(shape)
    x = tf.placeholder(tf.uint16, shape)
    m = tf.placeholder(tf.int32, [len(multiples)]) if fed else multiples
    feed = {x: x0, **({m: multiples} if fed else {})}
    if isinstance(want, type):
        with pytest.raises(want):
            _run(tf.tile(x, m), feed=feed)
    else:
        (got,) = _run(tf.tile(x, m), feed=feed)
        assert got.dtype == np.uint16 and got.tolist() == want


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_max_pool_with_argmax_of_an_empty_batch_fails_as_tfs(padding):
    # TF 2.21's MaxPoolWithArgmax refuses an input with no element when run ("tensor_in
    # must not be empty"), where max_pool answers the empty batch; graphgate pooled it.
    x = tf.placeholder(tf.float32, [None, 3, 3, 1])
    out, _ = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 1, 1, 1], padding)
    empty = np.zeros([0, 3, 3, 1], np.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="must not be empty"):
        _run(out, feed={x: empty})
    pooled = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], padding)
    assert _run(pooled, feed={x: empty})[0].shape == (
        (0, 3, 3, 1) if padding == "SAME" else (0, 2, 2, 1)
    )
    (got,) = _run(out, feed={x: np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1)})
    assert got[0, :2, :2, 0].tolist() == [[4.0, 5.0], [7.0, 8.0]]


# TF 2.21's as_string of [19, 0] by (width, fill): unsigned ints are written with %u,
# which ignores printf's sign flags (" ", "+"); signed ints with %d, which takes them.
_AS_STRING_FILLS = ((-1, " "), (-1, "+"), (5, "+"), (5, " "), (5, "-"), (5, "0"))
_AS_STRING_UNSIGNED = (["19", "0"], ["19", "0"], ["   19", "    0"], ["   19", "    0"],
                       ["19   ", "0    "], ["00019", "00000"])  # fmt: skip
_AS_STRING_SIGNED = ([" 19", " 0"], ["+19", "+0"], ["  +19", "   +0"], ["   19", "    0"],
                     ["19   ", "0    "], ["00019", "00000"])  # fmt: skip


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "uint32", "uint64", "int8", "int64"])
def test_as_string_gives_unsigned_ints_no_sign_flag_as_tfs_printf(dtype):
    # graphgate wrote uint8 19 with fill " " as " 19" (TF "19").
    x = tf.constant(np.array([19, 0], dtype))
    want = _AS_STRING_UNSIGNED if dtype.startswith("u") else _AS_STRING_SIGNED
    got = _run(*(tf.strings.as_string(x, width=w, fill=f) for w, f in _AS_STRING_FILLS))
    assert [[s.decode() for s in g] for g in got] == [list(w) for w in want]
