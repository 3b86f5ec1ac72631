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
