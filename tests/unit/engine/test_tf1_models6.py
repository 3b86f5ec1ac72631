"""A sixth round of famous TF1 code bases (Listen-Attend-Spell, Deep Speech 2, CRNN, Mask
R-CNN's PyramidROIAlign, CenterNet, SSD, FCN, DeepFill, Deep Image Prior, IWAE, beta-VAE,
evolution strategies, NoisyNet, HER, Carlini-Wagner, PAIR saliency, BigGAN, DARTS,
GraphSAGE, OpenKE, ESIM, Matching Networks, the ladder network, DIEN, DAGMM, ChebNet, GGNN,
ACER, U-GAT-IT, stacked hourglass, C3D, ByteNet, LSTNet, HyperLSTM, DeepAR, shake-shake
and PWC-Net) at tiny sizes, run unchanged on graphgate and observing what TensorFlow
observed; then one focused test for each fault the programs found.

`tests/reference/tf1_models6.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_models6.json`; each test runs the same text with `tf` bound to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_models6")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with tf.Graph().as_default():
        env = {"tf": tf, "np": np, "out": out, "raises": raised}
        exec(programs.PRELUDE + programs.PROGRAMS[name], env)
    # Whole models chain many float32 kernels whose last bits TF's oneDNN rounds otherwise.
    assert_observed(
        _normal(out), _normal(FIXTURE["programs"][name]), name, rel_tol=2e-5, abs_tol=1e-6
    )


# -- what the programs found ---------------------------------------------------------------


def test_a_group_outside_a_cond_runs_what_the_taken_branch_made():
    # rinuboney's ladder network applies an ExponentialMovingAverage in a cond's branch and
    # groups it outside (program ladder_gauss_combinator_ewma_in_cond): graphgate refused
    # the group. TF 2.21 runs the branch's op when the branch is taken, nothing when not.
    with tf.Graph().as_default():
        v, w = tf.Variable(1.0), tf.Variable(10.0)
        flag = tf.placeholder(tf.bool, [])
        made = []

        def taken():
            made.append(tf.assign_add(v, 1.0))
            made.append(tf.group(tf.assign_add(w, 5.0)))
            return tf.constant(2.0)

        out = tf.cond(flag, taken, lambda: tf.constant(3.0))
        grouped = tf.group(*made)
        with tf.control_dependencies([grouped]):
            after = tf.group(tf.no_op())
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(grouped, {flag: True})
        assert sess.run([v, w]) == [2.0, 15.0]
        sess.run(grouped, {flag: False})  # TF's group is dead: no error, no update
        sess.run(after, {flag: False})
        assert sess.run([v, w]) == [2.0, 15.0]
        sess.run(after, {flag: True})
        assert sess.run([v, w]) == [3.0, 20.0]
        assert sess.run([out, grouped], {flag: True}) == [2.0, None]
        assert sess.run([v, w]) == [4.0, 25.0]
        # A value under the group's control dependencies, and one waiting on the branch's
        # op directly: TF answers it when the branch is taken and fails to fetch it when
        # not ("Retval[0] does not have value"); so does graphgate (tf1_deadbranch).
        with tf.control_dependencies([grouped]):
            y = tf.identity(tf.constant(7.0))
        with tf.control_dependencies([made[0]]):
            z = tf.identity(tf.constant(1.0))
        for fetch, value, moved in ((y, 7.0, [5.0, 30.0]), (z, 1.0, [6.0, 30.0])):
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"Retval\[0\] does not"):
                sess.run(fetch, {flag: False})
            assert sess.run(fetch, {flag: True}) == value
            assert sess.run([v, w]) == moved


def test_a_group_of_a_branch_op_fetched_beside_a_folded_value_runs_the_branch():
    # review41: fetched beside a value folded to a constant, the group's cond was pruned
    # from the plan (the group waits on no value of it) and the branch's update never ran:
    # TF 2.21 leaves v 3.0, 5.0, 7.0 over three runs, graphgate left 1.0.
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        flag = tf.placeholder(tf.bool, [])
        made = []

        def taken():
            made.append(tf.assign_add(v, 2.0))
            return v * 3.0

        tf.cond(flag, taken, lambda: v * 1.0)
        grouped = tf.group(made[0])
        folded = tf.constant(5.0) * 2.0
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        seen = []
        for _ in range(3):
            assert sess.run([grouped, folded], {flag: True}) == [None, 10.0]
            seen.append(float(sess.run(v)))
        assert seen == [3.0, 5.0, 7.0]
        assert sess.run([folded, grouped], {flag: False}) == [10.0, None]
        assert sess.run(v) == 7.0


def test_contrib_image_warps_bilinearly_extending_the_border():
    # philferriere's PWC-Net warps features with tf.contrib.image.dense_image_warp
    # (program pwcnet_warp_cost_volume_multiscale_epe): graphgate had no contrib.image.
    # TF 1.15's (Addons' in TF 2.21) values and gradients, a flow past the border included:
    with tf.Graph().as_default():
        img = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4, 1))
        flow = tf.constant(np.array([0.5, -1.25], np.float32) * np.ones((2, 3, 4, 1), np.float32))
        warped = tf.contrib.image.dense_image_warp(img, flow)
        grads = tf.gradients(tf.reduce_sum(warped * warped), [img, flow])
        points = tf.constant([[[0.5, 3.5], [-2.0, 1.0]]] * 2)
        picked = tf.contrib.image.interpolate_bilinear(img, points, indexing="xy")
        sess = tf.Session()
        assert sess.run(warped)[1, :, :, 0].tolist() == [
            [13.25, 14.25, 15.0, 15.0], [15.25, 16.25, 17.0, 17.0], [19.25, 20.25, 21.0, 21.0]
        ]  # fmt: skip
        assert [float(g.sum()) for g in sess.run(grads)] == [530.0, -1834.0]
        assert sess.run(picked).tolist() == [[[8.5], [4.0]], [[20.5], [16.0]]]
        with pytest.raises(tf.errors.InvalidArgumentError, match="at least 2"):
            tf.contrib.image.dense_image_warp(tf.ones([1, 1, 4, 1]), tf.zeros([1, 1, 4, 2]))


def test_contrib_image_warps_a_float64_image():
    # review41: TF 1.15 clips the weights with constants of the grid's dtype; graphgate's
    # Python 0.0 made a float32 bound and refused a float64 image (DTYPE_MISMATCH).
    with tf.Graph().as_default():
        img = tf.constant(np.arange(24, dtype=np.float64).reshape(2, 3, 4, 1))
        flow = tf.constant(np.array([0.5, -1.25]) * np.ones((2, 3, 4, 1)))
        warped = tf.contrib.image.dense_image_warp(img, flow)
        assert warped.dtype == tf.float64
        assert tf.Session().run(warped)[1, :, :, 0].tolist() == [
            [13.25, 14.25, 15.0, 15.0], [15.25, 16.25, 17.0, 17.0], [19.25, 20.25, 21.0, 21.0]
        ]  # fmt: skip
