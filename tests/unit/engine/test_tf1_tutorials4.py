"""Programs as a fourth round of TF1 sources write them (CS20SI's assignments, Hands-On
ML's TF1 chapters, tensor2tensor and Magenta pieces, sonnet-v1 style templates, speech,
Bayesian pieces, capsule routing, gradient penalties, MAML, queue-runner pipelines, feature
columns, py_func augmentation), run unchanged on graphgate and observing what TensorFlow
observed; then one focused test for each fault the programs found.

`tests/reference/tf1_tutorials4.py` holds the programs and wrote what `tf.compat.v1`
computed into `fixtures/tf1_tutorials4.json`; each test runs the same text with `tf` bound
to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_tutorials4")

KNOWN_DIFFERENT = {
    "ho11_batch_norm_update_ops": (
        "tf.layers.batch_normalization with `training` a tensor: TF's UPDATE_OPS are the "
        "Merge of a cond per moving statistic (`batch_normalization/cond_2/Merge`), "
        "graphgate's the assign itself (`batch_normalization/AssignMovingAvg`); the moving "
        "averages, the losses and what running the update ops does agree"
    ),
}

# Adam's normalized steps carry the rounding of 784-term float32 sums (TF's oneDNN adds
# them in another order) into every step: after 12 steps a coding near zero is 2e-5 off.
_ABS_TOL = {"ho15_tied_weights_autoencoder": 1e-4}


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


def test_ctc_loss_takes_labels_from_a_sparse_placeholder_of_unknown_rank():
    # igormq's ctc_tensorflow_example feeds `tf.sparse_placeholder(tf.int32)`: TF's CTCLoss
    # reads the indices as [N, 2] and never the dense shape, so the rank is not needed.
    with tf.Graph().as_default():
        logits = tf.constant(np.linspace(-1, 1, 3 * 2 * 4, dtype=np.float32).reshape(3, 2, 4))
        fed = tf.sparse_placeholder(tf.int32)
        known = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([1, 2, 0]), [2, 2])
        value = tf.SparseTensorValue([[0, 0], [0, 1], [1, 0]], [1, 2, 0], [2, 2])
        with tf.Session() as sess:
            got = sess.run(tf.nn.ctc_loss(fed, logits, [3, 2]), {fed: value})
            want = sess.run(tf.nn.ctc_loss(known, logits, [3, 2]))
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("pad_end", [False, True])
@pytest.mark.parametrize("length", [0, 2, 4, 9, 10, 11])
def test_frame_of_an_axis_known_only_at_run_time_is_the_static_ones(length, pad_end):
    # TF's audio recipes: `tf.signal.stft` of a `[None, None]` placeholder of samples.
    signal = np.arange(2 * length, dtype=np.float32).reshape(2, length) + 1
    with tf.Graph().as_default():
        fed = tf.placeholder(tf.float32, [None, None])
        framed = tf.signal.frame(fed, 4, 3, pad_end=pad_end, pad_value=-1.0)
        known = tf.signal.frame(tf.constant(signal), 4, 3, pad_end=pad_end, pad_value=-1.0)
        assert framed.shape.as_list() == [None, None, 4]
        (grad,) = tf.gradients(tf.reduce_sum(framed * framed), fed)
        with tf.Session() as sess:
            got, want = sess.run([framed, known], {fed: signal})
            np.testing.assert_array_equal(got, want)
            counts = sess.run(grad, {fed: signal}) / (2 * signal)
        # each sample's gradient counts the frames it lies in
        assert counts.sum() == pytest.approx(float((want != -1).sum()))


def test_mfccs_of_spectrograms_with_two_sizes_known_only_at_run_time():
    log_mel = np.linspace(-2, 2, 2 * 3 * 5, dtype=np.float32).reshape(2, 3, 5)
    with tf.Graph().as_default():
        fed = tf.placeholder(tf.float32, [None, None, 5])
        mfccs = tf.signal.mfccs_from_log_mel_spectrograms(fed)
        known = tf.signal.mfccs_from_log_mel_spectrograms(tf.constant(log_mel))
        assert mfccs.shape.as_list() == [None, None, 5]
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(mfccs, {fed: log_mel}), sess.run(known))


def test_a_layers_regularizer_runs_in_the_layers_name_scope():
    # Hands-On ML's max-norm regularizer assigns under `name_scope("dnn")`: TF names it
    # `dnn/hidden1/kernel/Regularizer/max_norm` (the program ho11_lr_schedule_max_norm_dropout);
    # a variable scope's default regularizer stays get_variable's (TF 2.21's names below).
    with tf.Graph().as_default():
        made = []

        def max_norm(weights):
            made.append(tf.assign(weights, tf.clip_by_norm(weights, 1.0, axes=1), name="max_norm"))

        x = tf.placeholder(tf.float32, [None, 3])
        with tf.name_scope("dnn"):
            tf.layers.dense(x, 2, kernel_regularizer=max_norm, name="hidden1")
            tf.layers.dense(x, 2, kernel_regularizer=tf.nn.l2_loss, name="hidden2")
        with tf.variable_scope("s", regularizer=tf.nn.l2_loss):
            tf.layers.dense(x, 2, name="scoped")
        assert [t.name for t in made] == ["dnn/hidden1/kernel/Regularizer/max_norm:0"]
        assert [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)] == [
            "dnn/hidden2/kernel/Regularizer/L2Loss:0",
            "s/scoped/kernel/Regularizer/L2Loss:0",
            "s/scoped/bias/Regularizer/L2Loss:0",
        ]


def test_map_fn_over_rows_of_unknown_rank_stacks_them_by_their_run_time_shape():
    # cbfinn's MAML maps over `tf.placeholder(tf.float32)`s; TF's TensorArray checks each
    # row's shape against the first, and cannot stack zero rows of an unknown shape.
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32)
        doubled = tf.map_fn(lambda r: r * 2.0, x)
        summed = tf.scan(lambda a, r: a + r, x)
        (grad,) = tf.gradients(tf.reduce_sum(doubled * doubled), x)

        def ragged(r):
            wide = tf.reduce_sum(r) > 100
            return tf.reshape(r, tf.cond(wide, lambda: [3, 2], lambda: [2, 3]))

        reshaped = tf.map_fn(ragged, x)
        rows = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
        with tf.Session() as sess:
            got = sess.run([doubled, summed, grad], {x: rows})
            np.testing.assert_array_equal(got[0], rows * 2)
            np.testing.assert_array_equal(got[1], np.cumsum(rows, axis=0))
            np.testing.assert_array_equal(got[2], rows * 8)
            assert sess.run(reshaped, {x: np.ones((2, 6), np.float32)}).shape == (2, 2, 3)
            mixed = np.array([np.ones(6), np.full(6, 50.0)], np.float32)  # [2, 3] then [3, 2]
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(reshaped, {x: mixed})
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(doubled, {x: np.zeros((0, 3), np.float32)})
