"""A ninth round of famous TF1 code bases (omoindrot's VGG fine-tuning over tf.contrib.data,
the TF 1.0 cifar10 train loop under MonitoredTrainingSession, R-Net, show-attend-and-tell,
skip-thoughts, the rare-events memory, image retraining with frozen graphs, StarGAN, WAE,
an encode-attend-navigate TSP solver and tensorflow/nmt with beam search) at tiny sizes,
run unchanged on graphgate and observing what TensorFlow observed; then one focused test
for each fault the programs found.

`tests/reference/tf1_models9.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_models9.json`; each test runs the same text with `tf` bound to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_models9")


# WAE's MMD penalty is a difference of sums of about 14 (seven scales of kernels near 1):
# float32 leaves it 1e-6 apart in absolute terms, which its weight of 10 and the steps grow.
_ABS_TOL = {"wae_imq_mmd_batch_norm_is_training": 1e-4}


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
# R-Net's evaluation weights and retrain.py's placeholder were wrong numbers or refusals;
# each test holds one fault to TF's behaviour (the values TF 2.21 printed, or a definition).


def test_assign_under_control_dependencies_reads_its_value_after_them():
    # R-Net's `assign(var, ema.average(var))` under the EMA's apply: TF's Assign reads the
    # average when it runs, after the update (TF: 15.0, 2.0; graphgate read 5.0, 0.0).
    with tf.Graph().as_default():
        a, b, c = tf.Variable(1.0), tf.Variable(5.0), tf.Variable(0.0)
        bump = b.assign_add(10.0)
        with tf.control_dependencies([bump]):
            copied = tf.assign(a, b)
            added = tf.assign_add(c, b)
        ema = tf.train.ExponentialMovingAverage(0.5)
        apply = ema.apply([c])
        with tf.control_dependencies([apply]):
            from_average = tf.assign(c, ema.average(c))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        assert sess.run(copied) == 15.0
        assert sess.run(added) == 25.0  # b is 25 after the second bump
        sess.run(c.assign(4.0))
        # the shadow still holds c's initial 0; the apply moves it halfway to 4 first
        assert sess.run(ema.average(c)) == 0.0
        assert sess.run(from_average) == 2.0


def test_a_shadow_initialized_after_an_assign_starts_from_the_variables_value():
    # TF's ExponentialMovingAverage initializes a shadow from var.initialized_value():
    # re-initialized after a restore or an assign it follows the variable (TF: 10, 20).
    with tf.Graph().as_default():
        v = tf.get_variable("v", initializer=tf.constant([1.0, 2.0]))
        ema = tf.train.ExponentialMovingAverage(0.5)
        apply = ema.apply([v])
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        assert sess.run(ema.average(v)).tolist() == [1.0, 2.0]
        sess.run(v.assign([10.0, 20.0]))
        sess.run(tf.variables_initializer([ema.average(v)]))
        assert sess.run(ema.average(v)).tolist() == [10.0, 20.0]
        sess.run(apply)
        assert sess.run(ema.average(v)).tolist() == [10.0, 20.0]


def test_codecs_take_contents_of_unknown_rank_and_check_them_when_fed():
    # retrain.py's `tf.placeholder(tf.string)` into decode_jpeg: TF's shape functions take
    # an unknown rank; a value of the wrong rank fails when it runs.
    with tf.Graph().as_default():
        contents = tf.placeholder(tf.string)
        pixels = tf.placeholder(tf.uint8)
        samples = tf.placeholder(tf.float32)
        png = tf.image.encode_png(pixels)
        decoded = tf.image.decode_png(contents, channels=3)
        wav = tf.audio.encode_wav(samples, 8000)
        audio, _ = tf.audio.decode_wav(contents)
        assert png.shape.ndims is None  # TF 2's encode_png takes batches
        assert decoded.shape.as_list() == [None, None, 3]
        sess = tf.Session()
        image = np.arange(24, dtype=np.uint8).reshape(2, 4, 3)
        data = sess.run(png, {pixels: image})
        assert (sess.run(decoded, {contents: data}) == image).all()
        batch = sess.run(png, {pixels: np.stack([image, image[::-1]])})
        assert batch.shape == (2,)
        assert (sess.run(decoded, {contents: batch[1]}) == image[::-1]).all()
        assert sess.run(png, {pixels: np.zeros((0, 2, 2, 3), np.uint8)}).shape == (0,)
        sound = sess.run(wav, {samples: [[0.5], [-0.25]]})
        assert sess.run(audio, {contents: sound}).tolist() == [[0.5], [-0.25]]
        for fetch, feed in (
            (decoded, {contents: [data]}),
            (png, {pixels: image[0]}),
            (audio, {contents: [sound]}),
            (wav, {samples: [0.5, 0.25]}),
        ):
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(fetch, feed)


def test_tuple_gates_an_embeddings_indexed_slices_gradient():
    with tf.Graph().as_default():
        table = tf.Variable(np.ones((4, 2), np.float32))
        w = tf.Variable(2.0)
        loss = tf.reduce_sum(tf.nn.embedding_lookup(table, [1, 3])) * w
        g_table, g_w = tf.tuple(tf.gradients(loss, [table, w]))
        assert isinstance(g_table, tf.IndexedSlices)
        assert g_table.values.op.type == "Identity"
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        values, weight = sess.run([g_table, g_w])
    assert values.values.tolist() == [[2.0, 2.0], [2.0, 2.0]]
    assert values.indices.tolist() == [1, 3]
    assert weight == 4.0


def test_contrib_framework_has_tf1s_global_step_and_checkpoint_helpers(tmp_path):
    framework = tf.contrib.framework
    with tf.Graph().as_default():
        step = framework.get_or_create_global_step()
        assert step is tf.train.get_global_step() is framework.get_global_step()
        v = tf.Variable([1.0, 2.0], name="v")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"))
        sess.run(v.assign([5.0, 6.0]))
        framework.assign_from_checkpoint_fn(path, [v])(sess)
        assert sess.run(v).tolist() == [1.0, 2.0]
    assert framework.load_variable(path, "v").tolist() == [1.0, 2.0]
    assert ("v", [2]) in framework.list_variables(path)


def test_summary_value_names_its_oneof():
    value = tf.Summary.Value(tag="loss", simple_value=0.5)
    assert value.WhichOneof("value") == "simple_value"
    assert tf.Summary.Value(tag="t").WhichOneof("value") is None
    with pytest.raises(ValueError):
        value.WhichOneof("kind")


def test_contrib_batch_norm_of_rank_three_with_forced_updates_makes_beta_first():
    # show-attend-tell's [N, L, D] features: TF's legacy (unfused) function makes beta,
    # then gamma; the Keras layer (default updates) makes gamma first.
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 5, 4])
        tf.contrib.layers.batch_norm(x, scale=True, updates_collections=None, scope="own")
        tf.contrib.layers.batch_norm(x, scale=True, scope="keras")
        names = [v.op.name for v in tf.trainable_variables()]
    assert names == ["own/beta", "own/gamma", "keras/gamma", "keras/beta"]
