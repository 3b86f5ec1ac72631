"""A fifth round of famous TF1 code bases (recommenders: DCN, xDeepFM, NCF, AutoInt, ESMM;
GloVe, hierarchical attention networks, DMN+, Tacotron-2, DRAW, PointNet, DGCNN,
prototypical networks, Reptile, Relation Networks, IndRNN, monodepth, MADDPG, GAIL, ENAS,
attention_ocr, CBAM, AdaIN, mean teacher and SfMLearner) at tiny sizes, run unchanged on
graphgate and observing what TensorFlow observed; then one focused test for each fault
the programs found.

`tests/reference/tf1_models5.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_models5.json`; each test runs the same text with `tf` bound to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_models5")


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


def test_dropout_at_rate_zero_draws_no_op_seed():
    # AutoInt passes tf.layers.dropout(rate=1 - 1.0, training=<tensor>) (program
    # autoint_multihead_field_attention): graphgate built the cond and its random op, so
    # every later unseeded initializer took the next op seed and drew other weights. TF
    # 2.21's Keras Dropout returns identity(inputs) at a real rate 0 before `training`.
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.ones([2, 3])
        y = tf.layers.dropout(x, rate=0.0, training=tf.convert_to_tensor(True))
        z = tf.layers.dropout(x, rate=1 - 1.0, training=True)
        w = tf.keras.layers.Dropout(0.0)(x, training=True)
        assert tf.get_seed(None) == (1, 0)
        assert y.op.type == z.op.type == w.op.type == "Identity"
        tf.layers.dropout(x, rate=0.3, training=True)  # a positive rate draws
        tf.nn.dropout(x, rate=0.0)  # tf.nn.dropout always does
        assert tf.get_seed(None) == (1, 3)
        # contrib.layers.dropout is TF's own (older) Keras Dropout, without the shortcut:
        # ematvey's HAN keeps 1.0 under an is_training placeholder and draws one (program
        # han_word_sentence_attention).
        tf.contrib.layers.dropout(x, keep_prob=1.0, is_training=tf.placeholder(tf.bool))
        tf.contrib.layers.dropout(x, keep_prob=1.0, is_training=True)
        assert tf.get_seed(None) == (1, 6)
