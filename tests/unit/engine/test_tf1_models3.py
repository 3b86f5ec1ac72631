"""A third round of famous TF1 code bases (ALBERT, ELECTRA, the pointer-generator, BiDAF
and QANet, GAT, DeepFM and DIN, dopamine, V-trace, Spinning Up's SAC, TD3 and TRPO,
progressive GAN and StyleGAN2, SAGAN, EfficientNet, RetinaNet, EAST, ArcFace, neural
processes, learning to learn, graph nets, PixelCNN, improved GAN, taki0112's DenseNet,
SENet and ResNeXt) at tiny sizes, run unchanged on graphgate and observing what TensorFlow
observed; then one focused test for each fault the programs found.

`tests/reference/tf1_models3.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_models3.json`; each test runs the same text with `tf` bound to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_models3")


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


def test_reshape_takes_its_one_unknown_dim_from_the_inputs_size():
    # ALBERT's embedding_postprocessor reshapes a [12, 8] matmul to
    # [tf.shape(ids)[0], 6, 8] (program albert_factorized_embeddings_shared_layers): TF's
    # shape function divides the known size by the known dims, [2, 6, 8]; graphgate's
    # static shape was [?, 6, 8] (TF 2.21's shapes and messages below).
    with tf.Graph().as_default():
        n = tf.shape(tf.placeholder(tf.float32, [None, 6]))[0]
        assert tf.reshape(tf.zeros([12, 8]), [n, 6, 8]).shape.as_list() == [2, 6, 8]
        assert tf.reshape(tf.zeros([12, 8]), tf.stack([n, 6, 8])).shape.as_list() == [2, 6, 8]
        assert tf.reshape(tf.zeros([0, 8]), [n, 6, 8]).shape.as_list() == [0, 6, 8]
        # Two unknowns (a -1 counts as one), an unknown input, a 0 beside the unknown: no
        # inference.
        assert tf.reshape(tf.zeros([12, 8]), [n, -1, 8]).shape.as_list() == [None, None, 8]
        assert tf.reshape(tf.zeros([12, 8]), [n, n, 8]).shape.as_list() == [None, None, 8]
        unknown = tf.placeholder(tf.float32, [None, 8])
        assert tf.reshape(unknown, [n, 6, 8]).shape.as_list() == [None, 6, 8]
        assert tf.reshape(tf.zeros([0, 8]), [n, 0, 8]).shape.as_list() == [None, 0, 8]
        # Sizes no value of the unknown dim fits fail at build, as TF's do.
        with pytest.raises(ValueError, match="evenly divisible by 48 but is 40"):
            tf.reshape(tf.zeros([5, 8]), [n, 6, 8])
        with pytest.raises(ValueError, match="96 elements"):
            tf.reshape(tf.zeros([12, 8]), [n, 0, 8])
        got = tf.reshape(tf.zeros([12, 8]), [n, 6, 8])
        with tf.Session() as sess:
            assert sess.run(tf.shape(got), {n: 2}).tolist() == [2, 6, 8]
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(got, {n: 3})  # the shape the graph promised is checked


def test_contrib_layers_has_the_layers_slim_re_exports():
    # dopamine's rainbow network calls tf.contrib.layers.softmax (program
    # dopamine_c51_project_distribution): graphgate had it only in slim; TF 1.15's
    # contrib/layers/python/layers/layers.py defines these, slim re-exports them.
    layers = tf.contrib.layers
    for name in ("softmax", "repeat", "stack", "separable_conv2d", "separable_convolution2d"):
        assert getattr(layers, name) is getattr(tf.contrib.slim, name), name
    with tf.Graph().as_default():
        logits = tf.constant([[[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]])
        probs = layers.softmax(logits)
        assert probs.shape.as_list() == [1, 2, 3]
        with tf.Session() as sess:
            got = sess.run(probs)
        want = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
        np.testing.assert_allclose(got[0, 0], want, rtol=1e-6)
        np.testing.assert_allclose(got[0, 1], [1 / 3] * 3, rtol=1e-6)


def test_variable_scope_sets_use_resource_and_caching_device():
    # Checking a ref-variable race in progressive GAN's program took
    # tf.get_variable_scope().set_use_resource(True): graphgate had no such method. TF1's
    # nested scopes keep the caching device too, and get_variable's getters are handed it.
    with tf.Graph().as_default():
        root = tf.get_variable_scope()
        assert (root.use_resource, root.caching_device) == (None, None)
        root.set_use_resource(True)
        root.set_caching_device("/cpu:0")
        handed = {}

        def custom(getter, name, *args, **kwargs):
            handed.update(kwargs)
            return getter(name, *args, **kwargs)

        with tf.variable_scope("a", custom_getter=custom) as a:
            assert (a.use_resource, a.caching_device) == (True, "/cpu:0")
            tf.get_variable("v", [2])
        assert handed["caching_device"] == "/cpu:0" and handed["use_resource"] is True
        with tf.variable_scope("b", caching_device="/cpu:1") as b:
            assert b.caching_device == "/cpu:1"


def test_contrib_batch_norm_zero_debias_moving_mean():
    # taki0112's DenseNet passes zero_debias_moving_mean=True to contrib's batch_norm
    # (program taki_densenet_senet_resnext_blocks): graphgate refused it. TF keeps the
    # biased average and its step in `<scope>/<scope>/moving_mean/`, outside the model
    # variables, and sets the moving mean to biased / (1 - decay^step). TF 2.21's numbers
    # after two updates with decay 0.9 of this batch:
    x = np.random.RandomState(0).normal(size=(4, 3, 3, 2)).astype(np.float32)
    with tf.Graph().as_default():
        with tf.variable_scope("blk"):
            y = tf.contrib.layers.batch_norm(
                tf.constant(x), decay=0.9, updates_collections=None,
                zero_debias_moving_mean=True, scale=True, scope="bn",
            )  # fmt: skip
        names = [v.op.name for v in tf.global_variables()]
        assert names == [
            "blk/bn/beta",
            "blk/bn/gamma",
            "blk/bn/moving_mean",
            "blk/bn/moving_variance",
            "blk/bn/blk/bn/moving_mean/biased",
            "blk/bn/blk/bn/moving_mean/local_step",
        ]
        assert len(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)) == 4
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(y)
            sess.run(y)
            got = {v.op.name.rsplit("/", 1)[-1]: sess.run(v) for v in tf.global_variables()}
        np.testing.assert_allclose(got["moving_mean"], [-0.0198542494, 0.0098416032], rtol=1e-5)
        np.testing.assert_allclose(got["biased"], [-0.0037723086, 0.0018699052], rtol=1e-5)
        assert got["local_step"] == 2.0
        np.testing.assert_allclose(got["moving_variance"], [1.0489733, 0.9857274], rtol=1e-5)
        # With a flag tensor TF conds the debiased update; graphgate refuses that clearly.
        flag = tf.placeholder(tf.bool, [])
        with pytest.raises(ValueError, match="zero_debias_moving_mean"):
            tf.contrib.layers.batch_norm(
                tf.constant(x), is_training=flag, zero_debias_moving_mean=True, scope="c"
            )


def test_dense_takes_units_as_keras_converts_them():
    # taki0112's SENet builds its excitation with tf.layers.dense(units=out_dim / ratio), a
    # float (program taki_densenet_senet_resnext_blocks): graphgate refused it. Keras'
    # Dense takes int(units) unless units is an int already (TF 2.21: 2.5 makes 2 units,
    # '3' makes 3), and refuses a negative (ValueError) and a bool (TypeError).
    with tf.Graph().as_default():
        x = tf.zeros([2, 4])
        assert tf.layers.dense(x, 2.0).shape.as_list() == [2, 2]
        assert tf.layers.dense(x, 2.5).shape.as_list() == [2, 2]
        assert tf.layers.dense(x, np.float32(3.0)).shape.as_list() == [2, 3]
        assert tf.layers.dense(x, "3").shape.as_list() == [2, 3]
        assert tf.keras.layers.Dense(2.0).units == 2
        with pytest.raises(ValueError):
            tf.layers.dense(x, -1.0)
        with pytest.raises(TypeError):
            tf.layers.dense(x, True)
