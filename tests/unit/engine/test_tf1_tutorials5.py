"""Programs as a fifth round of TF1 sources write them (Udacity's ud730 assignments and
deep learning nanodegree notebooks, CS231n's TF assignments, MorvanZhou's RL tutorials,
normalizing flows, memory networks, research code bases, TF1 books), run unchanged on
graphgate and observing what TensorFlow observed; then one focused test for each fault
the programs found.

`tests/reference/tf1_tutorials5.py` holds the programs and wrote what `tf.compat.v1`
computed into `fixtures/tf1_tutorials5.json`; each test runs the same text with `tf` bound
to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_tutorials5")


# Full-batch gradient descent at rate 0.5 from weights of unit variance doubles the last
# bits TF's oneDNN matmul rounds otherwise every few steps: after 9 the biases are 1e-6 off.
_ABS_TOL = {"ud_notmnist_logreg_full_batch": 1e-5}


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with tf.Graph().as_default():
        env = {"tf": tf, "np": np, "out": out, "raises": raised}
        exec(programs.PRELUDE + programs.PROGRAMS[name], env)
    # Whole models chain many float32 kernels whose last bits TF's oneDNN rounds otherwise.
    assert_observed(
        _normal(out),
        _normal(FIXTURE["programs"][name]),
        name,
        rel_tol=2e-5,
        abs_tol=_ABS_TOL.get(name, 1e-6),
    )


# -- what the programs found ---------------------------------------------------------------


def test_an_int_tensor_of_unknown_rank_indexes_as_a_scalar_checked_at_run_time():
    # MorvanZhou's actor-critic: `acts_prob[0, a]` with `a = tf.placeholder(tf.int32, None)`
    # (program mr_actor_critic_td_error). TF takes the index; a run that feeds no scalar
    # fails with InvalidArgumentError.
    with tf.Graph().as_default():
        x = tf.constant(np.arange(12.0, dtype=np.float32).reshape(3, 4))
        a = tf.placeholder(tf.int32, None)
        picked, tail = x[0, a], x[a:, a]
        (grad,) = tf.gradients(picked, x)
        made = tf.reshape(a, tf.placeholder(tf.int32, [None]))  # unknown rank, not fed
        via_reshape = x[1, made]
        assert picked.shape.as_list() == [] and tail.shape.as_list() == [None]
        with tf.Session() as sess:
            got = sess.run([picked, tail, grad], {a: 2})
            assert got[0] == 2.0 and got[1].tolist() == [10.0]
            assert got[2].tolist() == [[0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(picked, {a: [1]})
            shape_in = made.op.inputs[1]
            assert sess.run(via_reshape, {a: 3, shape_in: []}) == 7.0
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(via_reshape, {a: 3, shape_in: [1]})


def test_a_sparse_placeholder_whose_shape_is_a_tensor():
    # Kipf's GCN: `tf.sparse_placeholder(tf.float32, shape=tf.constant(shape, tf.int64))`
    # (program rc_kipf_gcn_sparse_dropout) crashed on len() of a tensor. TF makes the dense
    # shape a placeholder_with_default of the tensor; its value is the static shape.
    with tf.Graph().as_default():
        sp = tf.sparse_placeholder(tf.float32, shape=tf.constant([3, 4], tf.int64), name="f")
        open_ = tf.sparse_placeholder(tf.float32, shape=tf.placeholder(tf.int64, [2]))
        assert sp.shape.as_list() == [3, 4] and open_.shape.as_list() == [None, None]
        assert sp.dense_shape.name == "f/shape:0"
        assert sp.dense_shape.op.type == "PlaceholderWithDefault"
        assert sp.indices.shape.as_list() == [None, 2]
        product = tf.sparse_tensor_dense_matmul(sp, tf.ones([4, 2]))
        value = ([[0, 1], [2, 3]], np.array([1.0, 2.0], np.float32), [3, 4])
        with tf.Session() as sess:
            assert sess.run(product, {sp: value}).tolist() == [[1, 1], [0, 0], [2, 2]]
            assert sess.run(sp.dense_shape).tolist() == [3, 4]


def test_a_random_tensor_shaped_by_a_tensor_of_unknown_rank():
    # Kipf's sparse_dropout draws `tf.random_uniform(noise_shape)` of a
    # `tf.placeholder(tf.int32)` fed `features[1].shape`; graphgate refused the unknown rank.
    # The draws are the statically shaped op's (TF 2.21's values for seeds (3, 0)).
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        n = tf.placeholder(tf.int32)
        drawn = tf.random_uniform(n)
        assert drawn.shape.ndims is None
        with tf.Session() as sess:
            got = sess.run(drawn, {n: [2, 2]})
            np.testing.assert_allclose(got, [[0.12736404, 0.8146913], [0.8978379, 0.79809487]])
            for bad in (3, [[2]]):
                with pytest.raises(tf.errors.InvalidArgumentError):
                    sess.run(drawn, {n: bad})


def test_contrib_estimator_clip_gradients_by_norm_wraps_an_optimizer():
    # Google's ML Crash Course wraps every optimizer it gives a canned estimator in
    # `tf.contrib.estimator.clip_gradients_by_norm` (the cc_ programs); graphgate had none.
    with tf.Graph().as_default():
        w = tf.Variable([3.0, 4.0])
        plain = tf.train.GradientDescentOptimizer(1.0)
        clipped = tf.contrib.estimator.clip_gradients_by_norm(plain, 1.0)
        assert isinstance(clipped, tf.train.Optimizer)
        assert clipped.get_name() == "ClipByNormGradientDescent"
        ((grad, _),) = clipped.compute_gradients(tf.reduce_sum(w * w))  # gradient [6, 8]
        step = clipped.minimize(tf.reduce_sum(w * w))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            np.testing.assert_allclose(sess.run(grad), [0.6, 0.8], rtol=1e-6)
            sess.run(step)
            np.testing.assert_allclose(sess.run(w), [2.4, 3.2], rtol=1e-6)
        with pytest.raises(ValueError):
            tf.contrib.estimator.clip_gradients_by_norm("SGD", 1.0)


@pytest.mark.parametrize(
    ("make", "scope"),
    [
        (lambda c, o, d: tf.estimator.LinearRegressor(c, optimizer=o, model_dir=d), "linear/"),
        (
            lambda c, o, d: tf.estimator.DNNRegressor([2], c, optimizer=o, model_dir=d),
            "dnn/",
        ),
        (lambda c, o, d: tf.estimator.BaselineRegressor(optimizer=o, model_dir=d), ""),
    ],
)
def test_a_canned_estimators_optimizer_builds_in_its_head_scope(tmp_path, make, scope):
    # TF (tensorflow-estimator 2.15) names an Adam-trained DNNRegressor's beta powers
    # `dnn/head/beta1_power` (the cc_dnn_regressor_and_classifier program); graphgate built
    # the train op outside the head, at the top (`beta1_power`), so checkpoints differed.
    x = {"a": np.arange(8, dtype=np.float32)}

    def input_fn():
        data = tf.data.Dataset.from_tensor_slices((x, np.ones(8, np.float32)))
        return data.batch(4).repeat().make_one_shot_iterator().get_next()

    est = make([tf.feature_column.numeric_column("a")], tf.train.AdamOptimizer(0.1), str(tmp_path))
    est.train(input_fn, steps=1)
    powers = [n for n in est.get_variable_names() if "power" in n]
    assert powers == [f"{scope}head/beta1_power", f"{scope}head/beta2_power"]


def test_a_linear_models_categorical_gradient_holds_each_row_once():
    # TF looks a categorical column's weights up through embedding_lookup_sparse, which
    # takes each id once (`unique`): the gradient's slices are distinct rows, repeats
    # summed. graphgate's held one slice per occurrence, so clip_by_global_norm, which
    # counts slices, took another norm (the ML Crash Course's feature crosses). TF 2.21's
    # norm: 18.841444.
    fc = tf.feature_column
    with tf.Graph().as_default():
        lon = fc.bucketized_column(fc.numeric_column("longitude"), [-122.0, -119.0, -117.0])
        lat = fc.bucketized_column(fc.numeric_column("latitude"), [34.0, 36.0, 38.0])
        cross = fc.crossed_column([lon, lat], hash_bucket_size=50)
        feats = {
            "longitude": tf.constant([-123.0, -118.0, -116.0, -120.0, -123.0]),
            "latitude": tf.constant([33.0, 35.0, 39.0, 37.0, 33.0]),
        }
        pred = fc.linear_model(feats, [cross, lon])
        loss = tf.reduce_sum(pred * tf.constant([[1.0], [2.0], [3.0], [4.0], [5.0]]))
        grads = tf.gradients(loss, tf.trainable_variables())
        assert isinstance(grads[0], tf.IndexedSlices)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            rows, values = sess.run([grads[0].indices, grads[0].values])
            got = dict(zip(rows.tolist(), values[:, 0].tolist(), strict=True))
            assert got == {4: 6.0, 7: 4.0, 16: 2.0, 35: 3.0}
            assert sess.run(tf.global_norm(grads)) == pytest.approx(18.841444, rel=1e-6)
