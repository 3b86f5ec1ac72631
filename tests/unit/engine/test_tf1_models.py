"""The famous TF1 model code bases (BERT, GPT-2, pix2pix, fast-style-transfer and
neural-style, char-rnn, facenet, stable-baselines, tacotron, bilm-tf, the official
transformer's beam search, XLNet, sonnet v1) at tiny sizes, run unchanged on graphgate and
observing what TensorFlow observed; then one focused test for each fault the programs found.

`tests/reference/tf1_models.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_models.json`; each test runs the same text with `tf` bound to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_models")

KNOWN_DIFFERENT = {
    "facenet_input_pipeline": (
        "facenet feeds its image paths through a placeholder into a FIFOQueue and reads "
        "them with tf.read_file when the graph runs; graphgate reads files when the graph "
        "is built (only those a constant or pattern names then), so the run is its "
        "NotFoundError FILE_NOT_FOUND (docs/engine.md, files)"
    ),
}

# fast-style-transfer's output is 150 * tanh + 127.5 after three Adam steps through instance
# norms: TF's own oneDNN and plain kernels (TF_ENABLE_ONEDNN_OPTS=0) differ there by 2e-3.
# BERT's SQuAD head after three Adam steps: TF's two kernel sets differ by 1.7e-4 on logits
# of 0.2 (Adam's steps on gradients that are zero but for rounding take whole steps).
_ABS_TOL = {"style_fast_transfer_train": 5e-4, "bert_squad_head_train": 2e-4}


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


def test_contrib_batch_norm_puts_its_variables_in_variables_collections():
    # facenet's inference() passes `variables_collections: [TRAINABLE_VARIABLES]` to
    # slim.batch_norm (program facenet_triplet_train): TF adds all four variables, the
    # moving statistics too, to it; graphgate ignored the argument (40 trainable, TF 76).
    # The orders are TF 1.15's (tf_slim 1.1): the Keras layer's path adds the moving
    # statistics first, contrib's own fused function makes the variables in order.
    with tf.Graph().as_default():
        x = tf.ones([2, 3, 3, 4])
        tf.contrib.layers.batch_norm(
            x, scale=True, variables_collections=[tf.GraphKeys.TRAINABLE_VARIABLES, "bn"]
        )
        tf.contrib.layers.batch_norm(
            x, scale=True, variables_collections=["own"], updates_collections=None, scope="own"
        )
        tf.contrib.layers.batch_norm(
            x, variables_collections={"moving_mean": ["stats"], "beta": ["offsets"]}, scope="two"
        )
        names = {k: [v.op.name for v in tf.get_collection(k)] for k in ("bn", "own", "stats")}
        assert [v.op.name for v in tf.trainable_variables()] == [
            "BatchNorm/gamma",
            "BatchNorm/beta",
            "BatchNorm/moving_mean",
            "BatchNorm/moving_variance",
            "own/beta",
            "own/gamma",
            "two/beta",
        ]
        assert names == {
            "bn": [f"BatchNorm/{n}" for n in ("moving_mean", "moving_variance", "beta", "gamma")],
            "own": [f"own/{n}" for n in ("beta", "gamma", "moving_mean", "moving_variance")],
            "stats": ["two/moving_mean"],
        }
        assert [v.op.name for v in tf.get_collection("offsets")] == ["two/beta"]
        assert len(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)) == 11


@pytest.mark.parametrize("fused", [True, None, False])
def test_fused_batch_norm_gives_no_gradient_to_the_moving_statistics(fused):
    # TF's FusedBatchNorm has no gradient for the mean and variance it is given, so a fused
    # layer's moving statistics get None (TF 2.21); the unfused layer's formula gives one.
    # graphgate gave gradients either way, and facenet, whose moving statistics are
    # trainable, would have had its optimizer move them.
    with tf.Graph().as_default():
        x = tf.constant(np.random.RandomState(0).normal(size=(2, 3, 3, 4)).astype(np.float32))
        training = tf.placeholder(tf.bool, [])
        y = tf.layers.batch_normalization(x, training=training, fused=fused)
        frozen = tf.contrib.layers.batch_norm(x, is_training=False, fused=fused, scope="c")
        variables = tf.global_variables()
        grads = tf.gradients(tf.reduce_sum(y * y) + tf.reduce_sum(frozen * frozen), variables)
        pairs = zip(variables, grads, strict=True)
        stats = [g is None for v, g in pairs if "moving" in v.op.name]
        assert stats == [fused is not False] * 4
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            dx = sess.run(tf.gradients(tf.reduce_sum(y * y), x)[0], {training: False})
            np.testing.assert_allclose(dx, 2 * sess.run(x) / 1.001, rtol=1e-5)


def test_crop_to_bounding_box_takes_offsets_known_when_the_graph_runs():
    # pix2pix's transform() crops at `tf.random_uniform` offsets (program
    # p2p_transform_and_convert); graphgate refused any tensor argument. TF checks the
    # Python ints while building (ValueError) and the tensors with Assert ops when it runs.
    with tf.Graph().as_default():
        img = tf.constant(np.arange(60, dtype=np.float32).reshape(5, 6, 2))
        offsets = tf.placeholder(tf.int32, [2])
        crop = tf.image.crop_to_bounding_box(img, offsets[0], offsets[1], 3, 2)
        height = tf.placeholder(tf.int32, [])
        batch = tf.image.crop_to_bounding_box(tf.expand_dims(img, 0), 0, 1, height, 3)
        assert crop.shape.as_list() == [3, 2, 2] and crop.name == "crop_to_bounding_box/Squeeze:0"
        assert batch.shape.as_list() == [1, None, 3, 2]
        with tf.Session() as sess:
            got = sess.run(crop, {offsets: [1, 2]})[:, :, 0].tolist()
            assert got == [[16.0, 18.0], [28.0, 30.0], [40.0, 42.0]]
            assert sess.run(batch, {height: 2}).shape == (1, 2, 3, 2)
            for bad in ([-1, 0], [3, 0], [0, 5]):
                with pytest.raises(tf.errors.InvalidArgumentError):
                    sess.run(crop, {offsets: bad})
        too_low = raised(lambda: tf.image.crop_to_bounding_box(img, 4, offsets[0], 3, 2))
        assert "ValueError" in too_low
