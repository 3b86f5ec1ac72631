"""A seventh round of famous TF1 code bases (bogatyy's recursive network, deepmind/dnc's
memory access, gumbel_sinkhorn, a GPflow 1.x GPR, hexiangnan's NFM and AFM, carlthome's
ConvLSTM, World Models' MDN-RNN, a variational RNN, deep knowledge tracing, knowledge
distillation from a restored teacher, ShuffleNet v2, BPR and fastText) at tiny sizes, run
unchanged on graphgate and observing what TensorFlow observed; then one focused test for
each fault the programs found.

`tests/reference/tf1_models7.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_models7.json`; each test runs the same text with `tf` bound to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_models7")


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


def test_concat_of_an_infer_shape_false_array_joins_elements_of_a_run_time_shape():
    # bogatyy's recursive network concatenates an infer_shape=False TensorArray its loop
    # wrote (program recnn_tree_while_loop_tensor_array): graphgate refused the concat
    # (UNIMPLEMENTED) where the element shape was not known when built. TF 2.21: the
    # static shape is unknown, the value the rows of every element, the gradient 2 * y.
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, None])
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, infer_shape=False)
        ta = tf.while_loop(
            lambda i, t: i < 3,
            lambda i, t: (i + 1, t.write(i, x * tf.cast(i + 1, tf.float32))),
            [0, ta],
        )[1]
        y = ta.concat()
        assert y.shape.rank is None
        (g,) = tf.gradients(tf.reduce_sum(y * y), [x])
        value = np.array([[1.0, -2.0, 0.5]], np.float32)
        got, grad = tf.Session().run([y, g], {x: value})
        assert got.tolist() == [[1.0, -2.0, 0.5], [2.0, -4.0, 1.0], [3.0, -6.0, 1.5]]
        assert grad.tolist() == (value * 2 * (1 + 4 + 9)).tolist()


def test_concat_of_an_infer_shape_false_array_of_scalars_fails_the_run():
    # TF: "Concat saw a scalar shape at index 0 but requires at least vectors" when run;
    # graphgate's run-time concat fails too rather than answer a vector.
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, None)
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, infer_shape=False)
        y = ta.write(0, x).write(1, x).concat()
        with pytest.raises(tf.errors.InvalidArgumentError):
            tf.Session().run(y, {x: 1.5})


def test_gradient_of_a_concat_of_inputs_of_unknown_rank():
    # The recursive network concatenates two TensorArray reads of unknown shape inside a
    # cond inside the loop: the concat's gradient refused inputs of unknown rank
    # (UNKNOWN_RANK) where TF slices the gradient by the shapes it reads when run.
    with tf.Graph().as_default():
        a, b = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
        y = tf.concat([a, b], 1)
        ga, gb = tf.gradients(y * tf.constant([[1.0, 2.0, 3.0]]), [a, b])
        got = tf.Session().run([ga, gb], {a: [[5.0]], b: [[6.0, 7.0]]})
        assert [v.tolist() for v in got] == [[[1.0]], [[2.0, 3.0]]]


def test_a_none_where_a_tensor_is_wanted_is_tf_value_error():
    # phreeza's VRNN clipped gradients in a tf.cond whose branches hold the None gradient of
    # an unused decoder output: TF 2.21 raises ValueError("None values not supported."),
    # graphgate a TypeError (UNSUPPORTED_DTYPE), which an `except ValueError` misses.
    with tf.Graph().as_default():
        x = tf.constant(1.0)
        for build in (
            lambda: tf.cond(tf.constant(True), lambda: [x, None], lambda: [x, None]),
            lambda: tf.add(None, 1.0),
            lambda: tf.identity(None),
            lambda: tf.convert_to_tensor(None),
        ):
            with pytest.raises(ValueError, match="None values not supported"):
                build()
