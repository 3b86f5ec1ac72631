"""A fourth round of famous TF1 code bases (tensor2tensor's attention, mixture of experts and
adaptive computation time, GPT-1's fine-tuning, a BERT-style optimizer subclass, XLNet's
two-stream attention, magenta's MelodyRNN, SeqGAN, official ResNet, minigo, NASNet, the
CDNA video model, tensorflow_compression's GDN, lucid, the object detection API's NMS,
weight normalization, SimCLR, UDA, MixMatch, VAT, cleverhans, domain separation
networks, global_objectives, trfl and the universe starter agent with curiosity) at tiny
sizes, run unchanged on graphgate and observing what TensorFlow observed; then one
focused test for each fault the programs found.

`tests/reference/tf1_models4.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_models4.json`; each test runs the same text with `tf` bound to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_models4")


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


class _Momentumish(tf.train.Optimizer):
    """A subclass in TF1's protocol, as BERT-style AdamWeightDecayOptimizer ports write
    theirs: slots by _zeros_slot, a dense and a sparse update, its own _finish."""

    def __init__(self, lr, name="Mom"):
        super().__init__(False, name)
        self._lr = lr

    def _prepare(self):
        self._lr_t = tf.convert_to_tensor(self._lr, name="lr")

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "acc", self._name)
            self._zeros_slot(v, "n", self._name)

    def _apply_dense(self, grad, var):
        acc, n = self.get_slot(var, "acc"), self.get_slot(var, "n")
        new_acc = acc.assign(0.5 * acc + grad)
        return tf.group(var.assign_sub(self._lr_t * new_acc), n.assign_add(tf.ones_like(n)))

    def _apply_sparse(self, grad, var):
        acc = self.get_slot(var, "acc")
        upd = tf.scatter_add(acc, grad.indices, grad.values * 10.0)
        with tf.control_dependencies([upd]):
            return tf.scatter_sub(var, grad.indices, self._lr_t * tf.gather(acc, grad.indices))

    def _finish(self, update_ops, name_scope):
        return tf.group(*update_ops, name=name_scope)


def test_optimizer_subclass_in_tf1s_protocol():
    # program bertopt_adamw_subclass_apply_dense_sparse: graphgate called its own hooks
    # (`_create_slots(graph, var_list)`) on the subclass, a TypeError. TF 2.21's numbers:
    # slots named by op_name (`w/Mom`, `w/Mom_1`), a variable without a gradient skipped,
    # the looked-up table's repeated row summed before `_apply_sparse`, the step after.
    with tf.Graph().as_default():
        w = tf.Variable([1.0, 2.0], name="w")
        table = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="table")
        tf.Variable(3.0, name="unused")
        loss = tf.reduce_sum(w * w) + tf.reduce_sum(tf.gather(table, [2, 0, 2]) * [[1.0, 2.0]])
        step = tf.train.get_or_create_global_step()
        opt = _Momentumish(0.1)
        train = opt.apply_gradients(opt.compute_gradients(loss), global_step=step)
        assert train.name == "Mom"
        assert sorted(v.op.name for v in tf.global_variables()) == [
            "global_step", "table", "table/Mom", "table/Mom_1", "unused", "w", "w/Mom", "w/Mom_1"
        ]  # fmt: skip
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            sess.run(train)
            np.testing.assert_allclose(sess.run(w), [0.54, 1.08], rtol=1e-6)
            np.testing.assert_allclose(sess.run(table), [[-3, -5], [2, 3], [-2, -7]], rtol=1e-6)
            acc = sess.run(opt.get_slot(table, "acc"))
            np.testing.assert_allclose(acc, [[20, 40], [0, 0], [40, 80]], rtol=1e-6)
            assert sess.run(opt.get_slot(w, "n")).tolist() == [2.0, 2.0]
            assert sess.run(step) == 2

    class DenseOnly(tf.train.Optimizer):
        def __init__(self):
            super().__init__(False, "DenseOnly")

        def _apply_dense(self, grad, var):
            return var.assign_sub(grad)

    with tf.Graph().as_default():
        table = tf.Variable(np.ones((3, 2), np.float32))
        with pytest.raises(NotImplementedError):  # TF's base _apply_sparse
            DenseOnly().minimize(tf.reduce_sum(tf.gather(table, [1])))


def test_variable_initialized_from_another_reads_its_initialized_value():
    # openai/finetune-transformer-lm's Adam makes `tf.Variable(p*0)` (program
    # gpt1_finetune_two_towers_hand_adam): graphgate's initializer run read p before
    # p had a value. TF guards the initial value (initialized_value()); its initial_value
    # stays the plain expression.
    with tf.Graph().as_default():
        p = tf.Variable([1.0, 2.0], name="p")
        m = tf.Variable(p * 0 + 3.0, name="m")
        q = tf.Variable(p * 2.0 + 1.0, name="q")
        r = tf.Variable(p, name="r")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = [sess.run(v).tolist() for v in (p, m, q, r)]
            assert got == [[1.0, 2.0], [3.0, 3.0], [3.0, 5.0], [1.0, 2.0]]
            sess.run(p.assign([5.0, 5.0]))
            sess.run(q.initializer)  # p initialized now: its value
            assert sess.run(q).tolist() == [11.0, 11.0]
            assert sess.run(q.initial_value).tolist() == [11.0, 11.0]


def test_initial_value_through_a_cond_stays_unguarded_not_broken():
    # A cond's op captures its inputs by tensor: the guard leaves it as it was (a clear
    # FailedPrecondition in one initializer run, in order it initializes), where a copy
    # over other inputs broke the run (KeyError).
    with tf.Graph().as_default():
        p = tf.Variable([1.0, 2.0], name="p")
        r = tf.Variable(tf.cond(tf.constant(True), lambda: p * 3.0, lambda: p), name="r")
        with tf.Session() as sess:
            with pytest.raises(tf.errors.FailedPreconditionError):
                sess.run(tf.global_variables_initializer())
            sess.run(p.initializer)
            sess.run(r.initializer)
            assert sess.run(r).tolist() == [3.0, 6.0]


def test_dimension_arithmetic_takes_what_tf_takes():
    # object_detection's multiclass NMS repeats `[0] * num_classes`, a Dimension (program
    # objdet_batch_multiclass_nms_map_fn): graphgate's Dimension multiplied the list's
    # int() and failed; it also took 2.5 as 2 (Dimension(3) * 2.5 was Dimension(6)). TF
    # 2.21: a non-integer is NotImplemented (TypeError), == with it is False.
    d = tf.Dimension(3)
    assert [0] * d == [0, 0, 0] and d * [0] == [0, 0, 0] and (1,) * d == (1, 1, 1)
    for bad in (lambda: d * 2.5, lambda: 2.5 * d, lambda: d + 1.5, lambda: d + "a"):
        with pytest.raises(TypeError):
            bad()
    with pytest.raises(TypeError):
        d * np.float32(2.0)
    with pytest.raises(TypeError):
        d < 2.5  # noqa: B015
    assert (d == 3.0) is False and (d == [3]) is False and (d != 3.0) is True
    assert (d * np.int64(2)).value == 6 and (7 // d).value == 2 and (8 - d).value == 5
    assert (d * None).value is None and (d * True).value == 3 and (d % 2).value == 1
    # The constructor too: TensorShape([2.5, 3]) was [2, 3].
    for bad in (2.5, 2.0, np.float64(2.0), "3"):
        with pytest.raises(TypeError):
            tf.Dimension(bad)
    with pytest.raises(TypeError):
        tf.TensorShape([2.5, 3])
    assert tf.Dimension(np.int32(2)).value == 2


def test_boolean_mask_keeps_a_numeric_masks_nonzero_entries():
    # minigo masks its policy by a float one_hot (program
    # minigo_dual_net_se_tower_piecewise): graphgate refused a non-bool mask; TF's Where
    # keeps the nonzero entries (NaN too, not -0.0) and refuses strings.
    with tf.Graph().as_default():
        x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        nan_mask = tf.constant([[np.nan, -0.0, 0.0], [0.0, 0.0, 0.5]])
        with tf.Session() as sess:
            assert sess.run(tf.boolean_mask(x, tf.one_hot([2, 0], 3))).tolist() == [3.0, 4.0]
            assert sess.run(tf.boolean_mask(x, nan_mask)).tolist() == [1.0, 6.0]
            got = sess.run(tf.boolean_mask(x, tf.constant([1, 0, -2]), axis=1))
            assert got.tolist() == [[1.0, 3.0], [4.0, 6.0]]
        with pytest.raises(TypeError):
            tf.boolean_mask(x, tf.constant([["a", "", "b"], ["", "", "c"]]))


def test_distribution_samples_of_a_run_time_shape():
    # MixMatch draws tf.distributions.Beta(beta, beta).sample([tf.shape(x)[0], 1, 1, 1])
    # (program mixmatch_interleave_mixup_ema_getter): graphgate took the sample shape's
    # int() and failed, and tf.random_gamma needed a static shape. TF 2.21's draws:
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        x = tf.placeholder(tf.float32, [None, 2])
        n = tf.shape(x)[0]
        beta = tf.distributions.Beta(0.5, 0.5).sample([n, 1])
        gamma = tf.distributions.Gamma([2.0, 3.0], 1.5).sample(n)
        normal = tf.distributions.Normal(1.0, 2.0).sample([n, 2])
        rg = tf.random_gamma(tf.shape(x), [[1.0], [4.0]])
        shapes = [t.shape.as_list() for t in (beta, gamma, normal, rg)]
        assert shapes == [[None, 1], [None, 2], [None, 2], [None, 2, 2, 1]]
        with tf.Session() as sess:
            got = sess.run([beta, gamma, normal, rg], {x: np.zeros((3, 2))})
        np.testing.assert_allclose(got[0][:, 0], [0.3437833, 0.1317828, 0.0063304], rtol=2e-5)
        np.testing.assert_allclose(got[1][1], [0.2382787, 1.7160352], rtol=2e-5)
        np.testing.assert_allclose(got[2][2], [2.4648483, 1.6682571], rtol=2e-5)
        last = got[3][2, :, :, 0]
        np.testing.assert_allclose(
            last, [[0.4698859, 4.5940452], [0.1677801, 3.3230388]], rtol=2e-5
        )
        # (Categorical, Multinomial and the Dirichlets draw so too since leftovers8:
        # test_tf1_leftovers8.py.)


def test_ref_variable_is_true_a_resource_one_refuses_bool():
    # mixmatch's getter returns `ema_var if ema_var else var` (program
    # mixmatch_interleave_mixup_ema_getter): graphgate's variables refused bool(); TF1's
    # ref variable is a true object, its resource variable refuses as a tensor does.
    with tf.Graph().as_default():
        assert bool(tf.Variable(1.0)) is True
        with pytest.raises(tf.errors.OperatorNotAllowedInGraphError):
            bool(tf.get_variable("r", [], use_resource=True))


def test_contrib_framework_model_variable_and_slim_layers():
    # global_objectives makes its dual variables with contrib.framework.model_variable and
    # the video prediction model calls slim.layers.conv2d (programs
    # globalobj_precision_at_recall_dual, cdna_depthwise_batch_scheduled_sampling):
    # graphgate had neither name. TF 1.15's are slim's model_variable and contrib.layers.
    assert tf.contrib.framework.model_variable is tf.contrib.slim.model_variable
    assert tf.contrib.framework.variable is tf.contrib.slim.variable
    assert tf.contrib.slim.layers.conv2d is tf.contrib.layers.conv2d
    with tf.Graph().as_default():
        v = tf.contrib.framework.model_variable("counts", shape=[2], trainable=False)
        assert v in tf.model_variables() and v not in tf.trainable_variables()


def test_optimizer_subclass_updates_resource_variables_by_its_resource_methods():
    # TF's processors hand a resource variable to `_resource_apply_dense` and, the repeated
    # rows summed first, `_resource_apply_sparse(values, var, indices)` (TF 2.21's numbers).
    class R(tf.train.Optimizer):
        def __init__(self):
            super().__init__(False, "R")

        def _create_slots(self, var_list):
            for v in var_list:
                self._zeros_slot(v, "m", self._name)

        def _resource_apply_dense(self, grad, var):
            return tf.group(self.get_slot(var, "m").assign_add(grad), var.assign_sub(0.1 * grad))

        def _resource_apply_sparse(self, grad, var, indices):
            m = self.get_slot(var, "m")
            return tf.group(
                tf.scatter_add(m, indices, grad), tf.scatter_sub(var, indices, 0.1 * grad)
            )

    with tf.Graph().as_default():
        w = tf.get_variable("w", initializer=tf.constant([1.0, 2.0]), use_resource=True)
        t = tf.get_variable("t", initializer=tf.constant([[1.0], [2.0], [3.0]]), use_resource=True)
        opt = R()
        train = opt.minimize(tf.reduce_sum(w * w) + tf.reduce_sum(tf.gather(t, [2, 2, 0])))
        assert sorted(v.op.name for v in tf.global_variables()) == ["t", "t/R", "w", "w/R"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            sess.run(train)
            np.testing.assert_allclose(sess.run(w), [0.64, 1.28], rtol=1e-6)
            np.testing.assert_allclose(sess.run(t)[:, 0], [0.8, 2.0, 2.6], rtol=1e-6)
            assert sess.run(opt.get_slot(t, "m"))[:, 0].tolist() == [2.0, 0.0, 4.0]


def test_random_gamma_is_written_as_tfs_node_shape_first(tmp_path):
    # A run-time shape made RandomGamma's second input, which the generic writer would
    # have written where TF's op def has alpha (shape, alpha); the static one was refused.
    # Both are TF's node now: TF 2.21 imported this file and drew the same numbers.
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        a = tf.random_gamma([3], [1.5, 4.0], seed=1, name="static")
        b = tf.random_gamma(tf.shape(x), 2.0, seed=2, name="dyn")
        tf.train.write_graph(g, str(tmp_path), "g.pbtxt", as_text=True)
        with tf.Session() as sess:
            va, vb = sess.run([a, b], {x: np.zeros((3, 2))})
    text = (tmp_path / "g.pbtxt").read_text()
    for name, first, second in [
        ("static/RandomGamma", "static/RandomGamma/shape", "static/add"),
        ("dyn/RandomGamma", "Shape", "dyn/add"),
    ]:
        node = text[text.index(f'name: "{name}"') :]
        assert node.index(f'input: "{first}"') < node.index(f'input: "{second}"')
    np.testing.assert_allclose(va[2], [0.5246800, 4.9253244], rtol=1e-6)  # TF's, imported
    np.testing.assert_allclose(vb[0], [1.7582126, 2.1447947], rtol=1e-6)
