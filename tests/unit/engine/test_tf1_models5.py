"""A fifth round of famous TF1 code bases (recommenders: DCN, xDeepFM, NCF, AutoInt, ESMM;
GloVe, hierarchical attention networks, DMN+, Tacotron-2, DRAW, IndRNN, ENAS, PointNet,
DGCNN, prototypical networks, Reptile, CBAM, AdaIN, MADDPG, GAIL, Relation Networks,
monodepth, attention_ocr, mean teacher and SfMLearner) at tiny sizes, run unchanged on
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


def test_layer_object_takes_a_dtype_and_casts_floating_inputs_to_it():
    # Tacotron-2 builds tf.layers.Dense(units, use_bias=False, dtype=tf.float32) (program
    # taco2_location_sensitive_zoneout_postnet): graphgate refused the keyword. TF 2.21's
    # layer casts a floating input to its dtype, so its variables and output are of it.
    with tf.Graph().as_default():
        x = tf.ones([2, 3])
        same = tf.layers.Dense(2, dtype=tf.float32, name="same")
        wide = tf.layers.Dense(2, dtype="float64", name="wide")
        assert same(x).dtype == tf.float32 and same.dtype == "float32"
        y = wide(x)
        assert y.dtype == tf.float64 and {v.dtype.base_dtype for v in wide.variables} == {
            tf.float64
        }
        conv = tf.layers.Conv1D(2, 3, dtype=tf.float32)
        assert conv(tf.ones([1, 4, 2])).dtype == tf.float32
        # A layer built by a float32 input casts a later float64 one too (graphgate
        # refused the matmul's mixed dtypes).
        plain = tf.layers.Dense(2)
        plain(x)
        assert plain(tf.ones([1, 3], tf.float64)).dtype == tf.float32


class _GetVariableCell(tf.nn.rnn_cell.RNNCell):
    """A TF1 cell that makes its weight by get_variable inside `call`."""

    @property
    def state_size(self):
        return 2

    @property
    def output_size(self):
        return 2

    def call(self, inputs, state):
        w = tf.get_variable("w", [inputs.shape[-1].value, 2])
        out = tf.matmul(inputs, w) + state
        return out, out


class _Zoneoutish(tf.nn.rnn_cell.RNNCell):
    """Tacotron-2's ZoneoutLSTMCell: its own __call__ over an inner LSTMCell."""

    def __init__(self, units, name):
        self._cell = tf.nn.rnn_cell.LSTMCell(units, name=name)

    @property
    def state_size(self):
        return self._cell.state_size

    @property
    def output_size(self):
        return self._cell.output_size

    def __call__(self, inputs, state, scope=None):
        return self._cell(inputs, state, scope)


def test_cell_call_runs_in_the_cells_variable_scope_and_reuses_it():
    # Tacotron-2 stacks cells that override __call__ in MultiRNNCell (program
    # taco2_location_sensitive_zoneout_postnet): their variables lacked
    # `multi_rnn_cell/`; and a get_variable in `call` was made in the caller's scope, once
    # per call (a cell called twice got two weights). TF 2.21's names, one variable each:
    with tf.Graph().as_default():
        x = tf.ones([2, 3])
        with tf.variable_scope("a"):
            cell = _GetVariableCell()
            _, state = cell(x, tf.zeros([2, 2]))
            with tf.variable_scope("again"):
                cell(x, state)
        with tf.variable_scope("b"):
            tf.nn.dynamic_rnn(_GetVariableCell(), tf.ones([2, 4, 3]), dtype=tf.float32)
        with tf.variable_scope("c"):
            stack = tf.nn.rnn_cell.MultiRNNCell([_GetVariableCell(), _GetVariableCell()])
            stack(x, stack.zero_state(2, tf.float32))
        with tf.variable_scope("d"):
            wrapped = tf.nn.rnn_cell.MultiRNNCell([_Zoneoutish(2, "W0"), _Zoneoutish(2, "W1")])
            state = wrapped.zero_state(2, tf.float32)
            with tf.variable_scope("step"):
                _, state = wrapped(x, state)
            with tf.variable_scope("step", reuse=True):
                wrapped(x, state)
        gv = "private__get_variable_cell"  # a private class's name, as TF's to_snake_case
        assert [v.op.name for v in tf.global_variables()] == [
            f"a/{gv}/w", f"b/rnn/{gv}/w", f"c/multi_rnn_cell/cell_0/{gv}/w",
            f"c/multi_rnn_cell/cell_1/{gv}/w",
            "d/step/multi_rnn_cell/cell_0/W0/kernel", "d/step/multi_rnn_cell/cell_0/W0/bias",
            "d/step/multi_rnn_cell/cell_1/W1/kernel", "d/step/multi_rnn_cell/cell_1/W1/bias",
        ]  # fmt: skip


def test_default_names_of_private_and_digit_classes_are_tfs():
    # Found writing the test above: a private cell class (`_GetVariableCell`) made the
    # scope `__get_variable_cell`, which graphgate's name_scope refused; a private Keras
    # layer was `_mine`; `MyGRU2Cell` was `my_gr_u2cell`. TF 2.21 (tf_keras' to_snake_case):
    class MyGRU2Cell(_GetVariableCell):
        pass

    class _Mine(tf.keras.layers.Dense):
        pass

    class _Dense(tf.layers.Dense):
        pass

    with tf.Graph().as_default():
        x = tf.ones([2, 3])
        MyGRU2Cell()(x, tf.zeros([2, 2]))
        _Dense(2)(x)
        assert _Mine(2).name == "private__mine"
        assert [v.op.name for v in tf.global_variables()] == [
            "my_gru2_cell/w", "private__dense/kernel", "private__dense/bias"
        ]  # fmt: skip
