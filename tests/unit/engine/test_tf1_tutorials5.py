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

KNOWN_DIFFERENT: dict[str, str] = {}

_ABS_TOL: dict[str, float] = {}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
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
