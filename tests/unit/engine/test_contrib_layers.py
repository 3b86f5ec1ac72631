"""`tf.contrib.layers` / `tf.contrib.framework.arg_scope` / `tf.contrib.slim` against
TensorFlow 1.15's documented defaults and formulas (TensorFlow 2 has no contrib to record
values from): contrib's names, default activations and paddings, its variance scaling
constants, regularizer values and batch norm's update collections."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf

layers = tf.contrib.layers
slim = tf.contrib.slim


@pytest.fixture(autouse=True)
def graph():
    with gg.Graph().as_default() as g:
        yield g


def _run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def test_fully_connected_is_relu_of_affine_with_contribs_names():
    x = tf.constant(np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4))
    w0 = np.linspace(-0.5, 0.5, 8, dtype=np.float32).reshape(4, 2)
    y = layers.fully_connected(
        x,
        2,
        weights_initializer=tf.constant_initializer(w0),
        biases_initializer=tf.ones_initializer(),
    )
    assert [v.name for v in tf.global_variables()] == [
        "fully_connected/weights:0",
        "fully_connected/biases:0",
    ]
    assert y.name == "fully_connected/Relu:0"
    got = _run(y)
    np.testing.assert_allclose(got, np.maximum(_run(x) @ w0 + 1.0, 0), rtol=1e-6)
    assert len(tf.model_variables()) == 2


def test_fully_connected_over_rank_3_and_without_biases_under_a_normalizer():
    x = tf.ones([2, 3, 4])
    y = layers.fully_connected(x, 5, activation_fn=None, scope="fc")
    assert y.shape.as_list() == [2, 3, 5]
    z = layers.fully_connected(x, 5, normalizer_fn=layers.layer_norm, scope="normed")
    names = [v.name for v in tf.global_variables()]
    assert "normed/biases:0" not in names and "normed/LayerNorm/beta:0" in names
    assert _run(z).shape == (2, 3, 5)


def test_conv2d_defaults_are_same_padding_stride_one_and_relu():
    xv = np.random.default_rng(0).standard_normal((2, 5, 5, 3)).astype(np.float32)
    kv = np.random.default_rng(1).standard_normal((3, 3, 3, 4)).astype(np.float32)
    y = layers.conv2d(tf.constant(xv), 4, 3, weights_initializer=tf.constant_initializer(kv))
    assert y.shape.as_list() == [2, 5, 5, 4]
    assert [v.name for v in tf.global_variables()] == ["Conv/weights:0", "Conv/biases:0"]
    ref = tf.nn.relu(tf.nn.conv2d(tf.constant(xv), tf.constant(kv), [1, 1, 1, 1], "SAME"))
    np.testing.assert_allclose(*_run([y, ref]), rtol=1e-6)


def test_pools_default_to_stride_two_valid():
    x = tf.constant(np.arange(50, dtype=np.float32).reshape(1, 5, 5, 2))
    m, a = slim.max_pool2d(x, 2), slim.avg_pool2d(x, [2, 2])
    assert m.shape.as_list() == [1, 2, 2, 2] and a.shape.as_list() == [1, 2, 2, 2]
    mv, av = _run([m, a])
    assert mv[0, 0, 0, 0] == 12.0 and av[0, 0, 0, 0] == 6.0


def test_arg_scope_nests_overrides_and_reenters():
    x = tf.ones([1, 4])
    with slim.arg_scope([layers.fully_connected], activation_fn=None, num_outputs=3) as outer:
        with slim.arg_scope([layers.fully_connected], activation_fn=tf.nn.sigmoid):
            inner = layers.fully_connected(x, scope="a")
            explicit = layers.fully_connected(x, activation_fn=tf.nn.tanh, scope="b")
        plain = layers.fully_connected(x, scope="c")
    with slim.arg_scope(outer):
        again = layers.fully_connected(x, scope="d")
    outside = layers.fully_connected(x, 3, scope="e")
    assert [t.op.type for t in (inner, explicit, plain, again, outside)] == [
        "Sigmoid", "Tanh", "BiasAdd", "BiasAdd", "Relu",
    ]  # fmt: skip
    with pytest.raises(gg.GraphgateError), slim.arg_scope([tf.nn.relu], x=1):
        pass


def test_variance_scaling_uses_contribs_constants():
    # Uniform: ±sqrt(3 factor / n); normal: truncated at two stddevs of sqrt(1.3 factor / n).
    shape = [200, 300]
    u = _run(layers.xavier_initializer(seed=1)(shape))
    limit = np.sqrt(3.0 / 250.0)
    assert np.abs(u).max() <= limit and np.abs(u).max() > 0.99 * limit
    n = _run(layers.variance_scaling_initializer(seed=2)(shape))  # factor 2, FAN_IN, normal
    stddev = np.sqrt(1.3 * 2.0 / 200.0)
    assert np.abs(n).max() <= 2 * stddev + 1e-6
    assert abs(n.std() / (stddev * 0.8796) - 1) < 0.02  # a normal cut at ±2σ
    with pytest.raises(gg.GraphgateError):
        layers.variance_scaling_initializer(mode="fan_in")


def test_regularizers_values_and_refusals():
    w = tf.constant([[1.0, -2.0], [3.0, 0.5]])
    l1, l2 = layers.l1_regularizer(0.1)(w), layers.l2_regularizer(0.2)(w)
    both = layers.l1_l2_regularizer(0.1, 0.2)(w)
    v1, v2, vb = _run([l1, l2, both])
    assert np.isclose(v1, 0.1 * 6.5) and np.isclose(v2, 0.2 * 14.25 / 2)
    assert np.isclose(vb, v1 + v2)
    assert l2.name == "l2_regularizer:0"
    assert layers.l2_regularizer(0.0)(w) is None
    with pytest.raises(ValueError):
        layers.l1_regularizer(-1.0)
    with pytest.raises(ValueError, match="integer"):
        layers.l2_regularizer(1)  # contrib refuses an int scale
    total = layers.apply_regularization(layers.l2_regularizer(1.0), [w, w])
    assert np.isclose(_run(total), 14.25)
    assert total in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)


def test_weights_regularizer_reaches_regularization_losses():
    layers.fully_connected(tf.ones([2, 3]), 2, weights_regularizer=layers.l2_regularizer(0.5))
    (loss,) = tf.losses.get_regularization_losses()
    w = next(v for v in tf.global_variables() if v.name.endswith("weights:0"))
    lv, wv = _run([loss, w])
    assert np.isclose(lv, 0.5 * (wv**2).sum() / 2)


@pytest.mark.parametrize("collections", ["default", None])
def test_batch_norm_decay_no_gamma_and_where_its_updates_go(collections):
    xv = np.random.default_rng(3).standard_normal((8, 3)).astype(np.float32) * 2 + 1
    x = tf.constant(xv)
    kwargs = {} if collections == "default" else {"updates_collections": None}
    y = layers.batch_norm(x, is_training=True, **kwargs)
    names = [v.name for v in tf.global_variables()]
    assert names == ["BatchNorm/beta:0", "BatchNorm/moving_mean:0", "BatchNorm/moving_variance:0"]
    assert len(tf.model_variables()) == 3
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert len(updates) == (2 if collections == "default" else 0)
    mean = next(v for v in tf.global_variables() if "moving_mean" in v.name)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y)
        after = sess.run(mean)
    expected = (xv - xv.mean(0)) / np.sqrt(xv.var(0) + 0.001)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    # decay 0.999: one update moves the mean a thousandth of the way, only when it runs.
    moved = 0.001 * xv.mean(0) if collections is None else np.zeros(3)
    np.testing.assert_allclose(after, moved, rtol=1e-4, atol=1e-7)


def test_layer_norm_normalizes_each_row():
    xv = np.random.default_rng(4).standard_normal((3, 2, 4)).astype(np.float32)
    y = layers.layer_norm(tf.constant(xv))
    assert [v.name for v in tf.global_variables()] == ["LayerNorm/beta:0", "LayerNorm/gamma:0"]
    assert tf.global_variables()[0].shape.as_list() == [4]
    flat = xv.reshape(3, -1)
    expected = (flat - flat.mean(1, keepdims=True)) / np.sqrt(flat.var(1, keepdims=True) + 1e-12)
    np.testing.assert_allclose(_run(y), expected.reshape(xv.shape), rtol=1e-4, atol=1e-5)


def test_slim_program_trains():
    rng = np.random.default_rng(5)
    xs = rng.standard_normal((16, 6, 6, 1)).astype(np.float32)
    ys = (xs.mean(axis=(1, 2, 3)) > 0).astype(np.int64)
    x, y = tf.placeholder(tf.float32, [None, 6, 6, 1]), tf.placeholder(tf.int64, [None])
    with slim.arg_scope(
        [slim.conv2d, slim.fully_connected], weights_regularizer=slim.l2_regularizer(1e-3)
    ):
        h = slim.conv2d(x, 4, [3, 3], scope="conv1")
        h = slim.flatten(slim.max_pool2d(h, [2, 2], scope="pool1"))
        logits = slim.fully_connected(h, 2, activation_fn=None, scope="logits")
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits) + tf.add_n(
        tf.losses.get_regularization_losses()
    )
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, {x: xs, y: ys})
        for _ in range(30):
            sess.run(train, {x: xs, y: ys})
        assert sess.run(loss, {x: xs, y: ys}) < 0.8 * first
