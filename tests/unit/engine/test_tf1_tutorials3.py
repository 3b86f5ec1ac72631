"""Programs as a third round of much-copied TF1 sources write them (TensorFlow's own
examples/tutorials, tensorflow/models' r1 code, fast-style-transfer, the MNIST VAE,
dennybritz's and awjuliani's RL, triplet and Siamese losses, the spatial transformer,
pointer networks and NTM addressing, YOLO and SSD post-processing, wiseodd's GANs, R2RT,
tensorflow-without-a-phd, nmt's pieces, a BiLSTM-CRF tagger, Udacity's notebooks), run
unchanged on graphgate and observing what TensorFlow observed; then one focused test for
each fault the programs found (the `found_` programs are the focused tests that need TF's
numbers).

`tests/reference/tf1_tutorials3.py` holds the programs and wrote what `tf.compat.v1`
computed into `fixtures/tf1_tutorials3.json`; each test runs the same text with `tf` bound
to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from graphgate.errors import GraphgateError
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_tutorials3")

KNOWN_DIFFERENT: dict[str, str] = {}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
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


def test_a_gather_by_a_shapeless_index_placeholder_has_a_gradient():
    # dennybritz's REINFORCE: `tf.gather(probs, tf.placeholder(tf.int32))`.
    with tf.Graph().as_default():
        probs = tf.Variable([0.2, 0.3, 0.5])
        action = tf.placeholder(tf.int32)
        picked = tf.gather(probs, action)
        (grad,) = tf.gradients(-tf.log(picked), [probs])
        grad = tf.convert_to_tensor(grad)  # TF's IndexedSlices, made dense
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(grad, {action: 1}).tolist() == pytest.approx([0.0, -1 / 0.3, 0.0])
            assert sess.run(grad, {action: [2, 2]}).tolist() == pytest.approx([0, 0, -4.0])


def test_a_scope_inside_a_scope_may_start_with_an_underscore():
    # The spatial transformer's `variable_scope('_transform')` within its own scope; at the
    # top level TF refuses the name, and so does graphgate.
    with tf.Graph().as_default():
        with (
            tf.variable_scope("SpatialTransformer"),
            tf.variable_scope("_transform"),
            tf.name_scope("_meshgrid"),
        ):
            c = tf.constant(1.0, name="c")
        assert c.name == "SpatialTransformer/_transform/_meshgrid/c:0"
        with pytest.raises(ValueError), tf.name_scope("_top"):
            pass


def test_non_max_suppression_takes_a_constant_tensor_for_its_limit():
    with tf.Graph().as_default():
        boxes = tf.constant([[0, 0, 1, 1], [0, 0, 1, 0.9], [2, 2, 3, 3]], tf.float32)
        scores = tf.constant([0.9, 0.8, 0.7])
        keep = tf.image.non_max_suppression(boxes, scores, tf.constant(5, dtype=tf.int32), 0.5)
        with tf.Session() as sess:
            assert sess.run(keep).tolist() == [0, 2]


@pytest.mark.parametrize("size", [(7, 9), (2, 3), (4, 8), (3, 5), (4, 5)])
def test_crop_or_pad_of_an_image_of_unknown_size_is_the_static_ones(size):
    image = np.arange(size[0] * size[1] * 2, dtype=np.float32).reshape(*size, 2) + 1
    with tf.Graph().as_default():
        fed = tf.placeholder(tf.float32, [None, None, 2])
        resized = tf.image.resize_image_with_crop_or_pad(fed, 4, 5)
        known = tf.image.resize_image_with_crop_or_pad(tf.constant(image), 4, 5)
        assert resized.shape.as_list() == [4, 5, 2]
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(resized, {fed: image}), sess.run(known))


def test_squeeze_of_a_partly_known_shape_set_after_it_squeezes_when_it_runs():
    # slim's vgg preprocessing: `squeeze(resize_bilinear(...))` then set_shape([None, None, 3]).
    with tf.Graph().as_default():
        image = tf.placeholder(tf.float32, [1, None, None, 3])
        squeezed = tf.squeeze(image)
        squeezed.set_shape([None, None, 3])
        with tf.Session() as sess:
            assert sess.run(squeezed, {image: np.ones((1, 2, 5, 3))}).shape == (2, 5, 3)


# dynamic_rnn's stacked dropout cells drawing their weights' seeds in TF's order: the
# program `found_stacked_dropout_seed_order` (TF's kernels, looped and unrolled).


def test_a_summary_op_value_parses_into_a_summary():
    # mnist_with_summaries' readers: `tf.Summary().ParseFromString(sess.run(merged))`.
    with tf.Graph().as_default():
        tf.summary.scalar("loss", tf.constant(0.25))
        tf.summary.histogram("w", tf.constant([1.0, 2.0]))
        merged = tf.summary.merge_all()
        with tf.Session() as sess:
            summary = tf.Summary()
            summary.ParseFromString(sess.run(merged))
        assert [v.tag for v in summary.value] == ["loss", "w"]
        assert summary.value[0].HasField("simple_value")
        assert summary.value[0].simple_value == 0.25
        assert not summary.value[1].HasField("simple_value")
        assert summary.value[1].HasField("histo")
        # and the histogram's fields are read as TF's HistogramProto's attributes
        histo = summary.value[1].histo
        assert (histo.min, histo.max, histo.num, histo.sum, histo.sum_squares) == (1, 2, 2, 3, 5)
        assert histo.bucket_limit[-1] == 1.7976931348623157e308 and sum(histo.bucket) == 2
        with pytest.raises(GraphgateError):
            tf.Summary().ParseFromString(b"\x0a\x03not graphgate's")
