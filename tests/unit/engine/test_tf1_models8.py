"""An eighth round of famous TF1 code bases (PointNet, DGCNN under MonitoredTrainingSession
with an ExponentialMovingAverage evaluation, contrib.losses.metric_learning, GRU4Rec, a
DSSM, tensor2tensor's universal transformer ACT, a RAdam Optimizer subclass, GPS feature
points beside contrib.layers' spatial_softmax, group_norm and maxout, a stacked
bidirectional tagger, LazyAdam and AdamW, MMoE over tf.data, Deep Embedded Clustering)
at tiny sizes, run unchanged on graphgate and observing what
TensorFlow observed; then one focused test for each fault the programs found.

`tests/reference/tf1_models8.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_models8.json`; each test runs the same text with `tf` bound to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_models8")


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
# Each of these TF 1.x APIs was missing (AttributeError) or refused (INVALID_ATTR); the
# programs above hold them to TF's numbers, these to their definitions.


def _triplet_semihard_by_definition(labels, emb, margin):
    """FaceNet's semi-hard triplet loss spelled out: for each anchor and positive, the
    nearest negative farther than the positive, else the farthest negative (squared
    distances), the hinge averaged over the ordered positive pairs."""
    d = ((emb[:, None, :] - emb[None, :, :]) ** 2).sum(-1)
    losses = []
    for a in range(len(labels)):
        negatives = [n for n in range(len(labels)) if labels[n] != labels[a]]
        for p in range(len(labels)):
            if p == a or labels[p] != labels[a]:
                continue
            farther = [d[a, n] for n in negatives if d[a, n] > d[a, p]]
            d_an = min(farther) if farther else max(d[a, n] for n in negatives)
            losses.append(max(d[a, p] - d_an + margin, 0.0))
    return sum(losses) / len(losses)


def test_triplet_semihard_loss_is_facenets_definition():
    labels = np.array([0, 0, 1, 1, 0, 2], np.int32)
    emb = np.array(
        [[0.0, 0.0], [1.0, 0.0], [1.2, 0.1], [3.0, 1.0], [0.2, 2.0], [0.5, 0.4]], np.float32
    )
    with tf.Graph().as_default():
        loss = tf.contrib.losses.metric_learning.triplet_semihard_loss(labels, emb, margin=0.5)
        got = tf.Session().run(loss)
    assert loss.op.name == "triplet_semihard_loss"
    assert got == pytest.approx(_triplet_semihard_by_definition(labels, emb, 0.5), rel=1e-5)


def test_pairwise_distance_of_coincident_rows_is_zero_with_a_finite_gradient():
    # The 1e-16 under the square root where a distance is 0: sqrt's gradient at 0 would
    # be infinite, times the zeroing mask a NaN.
    with tf.Graph().as_default():
        x = tf.constant([[1.0, 2.0], [1.0, 2.0], [4.0, 6.0]])
        d = tf.contrib.losses.metric_learning.pairwise_distance(x)
        (g,) = tf.gradients(tf.reduce_sum(d), [x])
        dist, grad = tf.Session().run([d, g])
    assert dist.tolist() == [[0.0, 0.0, 5.0], [0.0, 0.0, 5.0], [5.0, 5.0, 0.0]]
    assert np.isfinite(grad).all()
    # each of rows 0 and 1 is pulled toward row 2 twice (d(0,2) and d(2,0)): -2 * (3, 4) / 5
    assert grad[0] == pytest.approx([-1.2, -1.6])


def test_contrastive_and_npairs_losses_by_their_formulas():
    a = np.array([[0.0, 1.0], [1.0, 0.0], [0.6, 0.8]], np.float32)
    p = np.array([[0.0, 0.5], [0.0, 1.0], [0.6, 0.8]], np.float32)
    same = np.array([1, 0, 1], np.int32)
    ml = tf.contrib.losses.metric_learning
    with tf.Graph().as_default():
        contrastive = ml.contrastive_loss(same, a, p, margin=1.0)
        npairs = ml.npairs_loss(np.array([3, 5, 3], np.int32), a, p, reg_lambda=0.1)
        got_c, got_n = tf.Session().run([contrastive, npairs])
    d = np.linalg.norm(a - p, axis=1)
    want_c = np.mean(same * d**2 + (1 - same) * np.maximum(1.0 - d, 0) ** 2)
    sim = a @ p.T
    target = np.array([[0.5, 0, 0.5], [0, 1, 0], [0.5, 0, 0.5]])
    log_softmax = sim - np.log(np.exp(sim).sum(1, keepdims=True))
    reg = 0.25 * 0.1 * ((a**2).sum(1).mean() + (p**2).sum(1).mean())
    want_n = reg - (target * log_softmax).sum(1).mean()
    assert got_c == pytest.approx(want_c, rel=1e-6)
    assert got_n == pytest.approx(want_n, rel=1e-6)


def test_stack_bidirectional_dynamic_rnn_is_its_layers_one_after_the_other():
    x_value = np.random.RandomState(5).normal(size=(2, 4, 3)).astype(np.float32)
    lengths = [4, 2]
    with tf.Graph().as_default():
        tf.set_random_seed(5)
        x = tf.constant(x_value)
        fw = [tf.nn.rnn_cell.GRUCell(2, name=f"f{i}") for i in range(2)]
        bw = [tf.nn.rnn_cell.GRUCell(2, name=f"b{i}") for i in range(2)]
        out, states_fw, states_bw = tf.contrib.rnn.stack_bidirectional_dynamic_rnn(
            fw, bw, x, sequence_length=lengths, dtype=tf.float32
        )
        # the same cells (their weights already made) called layer by layer
        layer = x
        for i in range(2):
            with tf.variable_scope(f"again_{i}"):
                pair, _ = tf.nn.bidirectional_dynamic_rnn(
                    fw[i], bw[i], layer, sequence_length=lengths, dtype=tf.float32
                )
            layer = tf.concat(pair, 2)
        names = [v.op.name for v in tf.trainable_variables()]
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        got, want = sess.run([out, layer])
    assert names[0] == "stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/f0/gates/kernel"
    assert any(n.startswith("stack_bidirectional_rnn/cell_1/bidirectional_rnn/bw/") for n in names)
    assert len(states_fw) == len(states_bw) == 2
    assert out.shape.as_list() == [2, 4, 4]
    np.testing.assert_array_equal(got, want)
    assert not got[1, 2:].any()  # past the sequence's length, zeros as dynamic_rnn's


@pytest.mark.parametrize(
    ("cells_fw", "cells_bw", "message"),
    [
        ([], [1], "at least one fw cell"),
        ("cell", ["cell"], "cells_fw must be a list"),
        ([1, 2], [1], "same depth"),
    ],
)
def test_stack_bidirectional_rnn_refuses_what_tf_refuses(cells_fw, cells_bw, message):
    with tf.Graph().as_default(), pytest.raises(ValueError, match=message):
        tf.contrib.rnn.stack_bidirectional_dynamic_rnn(
            cells_fw, cells_bw, tf.zeros([1, 2, 3]), dtype=tf.float32
        )


def test_group_norm_maxout_and_spatial_softmax_by_their_definitions():
    rng = np.random.RandomState(8)
    x_value = rng.normal(size=(2, 3, 4, 6)).astype(np.float32)
    with tf.Graph().as_default():
        x = tf.constant(x_value)
        gn = tf.contrib.layers.group_norm(x, groups=3, epsilon=1e-6)
        mo = tf.contrib.layers.maxout(x, num_units=2)
        ss = tf.contrib.layers.spatial_softmax(x, temperature=0.5)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        got_gn, got_mo, got_ss = sess.run([gn, mo, ss])
        names = sorted(v.op.name for v in tf.global_variables())
    assert names == ["GroupNorm/beta", "GroupNorm/gamma", "spatial_softmax/temperature"]
    groups = x_value.reshape(2, 3, 4, 3, 2)
    mean = groups.mean((1, 2, 4), keepdims=True)
    var = groups.var((1, 2, 4), keepdims=True)
    want_gn = ((groups - mean) / np.sqrt(var + 1e-6)).reshape(x_value.shape)
    np.testing.assert_allclose(got_gn, want_gn, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(got_mo, x_value.reshape(2, 3, 4, 2, 3).max(-1))
    logits = x_value.transpose(0, 3, 1, 2).reshape(12, 12) / 0.5
    weights = np.exp(logits - logits.max(1, keepdims=True))
    weights /= weights.sum(1, keepdims=True)
    rows, cols = np.meshgrid(np.linspace(-1, 1, 3), np.linspace(-1, 1, 4), indexing="ij")
    want_ss = np.stack([weights @ rows.ravel(), weights @ cols.ravel()], 1).reshape(2, 12)
    np.testing.assert_allclose(got_ss, want_ss, rtol=1e-5, atol=1e-6)


def test_maxout_refuses_units_that_do_not_divide_the_features_or_an_unknown_rank():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="not a multiple"):
        tf.contrib.layers.maxout(tf.zeros([2, 5]), num_units=2)
    with tf.Graph().as_default(), pytest.raises(ValueError, match="unknown TensorShape"):
        tf.contrib.layers.maxout(tf.placeholder(tf.float32), num_units=2)


def test_maxout_keeps_an_unknown_batch():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4])
        y = tf.contrib.layers.maxout(x, num_units=2)
        got = tf.Session().run(y, {x: [[1.0, 5.0, -2.0, -3.0]]})
    assert got.tolist() == [[5.0, -2.0]]


def test_batch_renorm_unclipped_to_identity_is_batch_norm_and_moves_its_statistics():
    # rmin = rmax = 1 and dmax = 0 leave r = 1, d = 0: the output is plain batch norm's;
    # renorm_mean / renorm_stddev still move toward the batch's (renorm_momentum), and
    # the moving variance is the moving stddev squared less epsilon.
    x_value = np.array([[1.0, -2.0], [3.0, 0.5], [-1.0, 4.0]], np.float32)
    with tf.Graph().as_default():
        x = tf.constant(x_value)
        training = tf.placeholder_with_default(True, [])
        y = tf.layers.batch_normalization(
            x, training=training, renorm=True, renorm_momentum=0.5, momentum=0.75,
            renorm_clipping={"rmin": 1.0, "rmax": 1.0, "dmax": 0.0}, name="bn",
        )  # fmt: skip
        plain = tf.layers.batch_normalization(x, training=True, name="plain")
        updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
        bn = {v.op.name.split("/")[1]: v for v in tf.global_variables() if "bn/" in v.op.name}
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        got, want = sess.run([y, plain])
        sess.run(updates)
        state = sess.run(bn)
        inference = sess.run(y, {training: False})
    assert list(bn) == [
        "gamma", "beta", "moving_mean", "moving_variance", "moving_stddev", "renorm_mean",
        "renorm_stddev",
    ]  # fmt: skip
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    mean, std = x_value.mean(0), np.sqrt(x_value.var(0) + 1e-3)
    np.testing.assert_allclose(state["renorm_mean"], 0.5 * mean, rtol=1e-6)
    np.testing.assert_allclose(state["renorm_stddev"], 0.5 + 0.5 * std, rtol=1e-6)
    np.testing.assert_allclose(state["moving_stddev"], 0.75 + 0.25 * std, rtol=1e-6)
    np.testing.assert_allclose(
        state["moving_variance"], state["moving_stddev"] ** 2 - 1e-3, rtol=1e-6
    )
    np.testing.assert_allclose(
        inference,
        (x_value - state["moving_mean"]) / np.sqrt(state["moving_variance"] + 1e-3),
        rtol=1e-5,
    )


def test_batch_renorm_refuses_what_tf_refuses():
    # (fused=True with renorm TF1's layers take, and normalize unfused: tf1_leftovers15)
    with tf.Graph().as_default(), pytest.raises(ValueError):
        kwargs = {"renorm": True, "renorm_clipping": {"rmaxx": 2.0}}
        tf.layers.batch_normalization(tf.zeros([2, 3]), training=True, **kwargs)


def test_lazy_adam_leaves_the_moments_of_unread_rows_where_adam_decays_them():
    # tensor2tensor's LazyAdam (program t2t_lazy_adam_adamw_sparse_embeddings): graphgate
    # had no tf.contrib.opt.LazyAdamOptimizer (AttributeError).
    def moments_after(make):
        with tf.Graph().as_default():
            emb = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2))
            ids = tf.placeholder(tf.int32, [None])
            loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(emb, ids)))
            opt = make()
            train = opt.minimize(loss)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sess.run(train, {ids: [0, 1, 1]})
            sess.run(train, {ids: [2]})
            return sess.run([opt.get_slot(emb, "m"), emb])

    (lazy_m, lazy_emb), (adam_m, adam_emb) = (
        moments_after(lambda: tf.contrib.opt.LazyAdamOptimizer(0.1)),
        moments_after(lambda: tf.train.AdamOptimizer(0.1)),
    )
    # after the first step m = 0.1 * g (row 0: g = 2 * row; row 1, read twice, 4 * row)
    np.testing.assert_allclose(lazy_m[:2], [[0.0, 0.2], [0.8, 1.2]], rtol=1e-6)
    np.testing.assert_allclose(adam_m[:2], 0.9 * lazy_m[:2], rtol=1e-6)
    assert not np.allclose(lazy_emb[1], adam_emb[1])  # Adam keeps moving row 1
    np.testing.assert_allclose(lazy_emb[2], adam_emb[2], rtol=1e-6)  # row 2 alike


def test_decoupled_weight_decay_shrinks_the_decay_var_list_given_to_apply_gradients():
    # TF 1.15's weight_decay_optimizers: var -= weight_decay * var before the base update,
    # not scaled by the learning rate. apply_gradients' decay_var_list limits it;
    # minimize's is lost, as TF 1.15's: minimize calls apply_gradients, which resets it.
    def after_one_step(apply_gradients):
        with tf.Graph().as_default():
            w, b = tf.Variable([2.0, -4.0]), tf.Variable([1.0])
            loss = tf.reduce_sum(w) * 0.0 + tf.reduce_sum(b) * 0.0  # zero gradients
            opt = tf.contrib.opt.MomentumWOptimizer(0.25, learning_rate=0.1, momentum=0.9)
            if apply_gradients:
                train = opt.apply_gradients(opt.compute_gradients(loss), decay_var_list=[w])
            else:
                train = opt.minimize(loss, decay_var_list=[w])
            names = sorted(v.op.name for v in tf.global_variables())
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            return names, sess.run(w).tolist(), sess.run(b).tolist()

    names, w, b = after_one_step(apply_gradients=True)
    assert names == ["Variable", "Variable/MomentumW", "Variable_1", "Variable_1/MomentumW"]
    assert (w, b) == ([1.5, -3.0], [1.0])
    assert after_one_step(apply_gradients=False)[1:] == ([1.5, -3.0], [0.75])
    extended = tf.contrib.opt.extend_with_decoupled_weight_decay(tf.train.GradientDescentOptimizer)
    assert issubclass(extended, tf.contrib.opt.DecoupledWeightDecayExtension)
    assert issubclass(tf.contrib.opt.AdamWOptimizer, tf.train.AdamOptimizer)
