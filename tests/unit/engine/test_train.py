"""Optimizers against hand-computed steps; schedules, initializers, clipping; examples."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

EXAMPLES = Path(__file__).parents[3] / "docs" / "examples"


def quadratic(optimizer_factory, steps=3, **minimize):
    """Minimize sum(c * w^2) from w0 and return w after each step, with the gradients."""
    g = gg.Graph()
    with g.as_default():
        w = gg.Variable(np.array([1.0, -2.0]), name="w")
        c = gg.constant(np.array([0.5, 3.0]))
        loss = gg.reduce_sum(c * w * w)
        opt = optimizer_factory()
        train = opt.minimize(loss, **minimize)
        init = gg.global_variables_initializer()
    sess = gg.Session(g)
    sess.run(init)
    out = []
    for _ in range(steps):
        sess.run(train)
        out.append(sess.run(w))
    return out, sess, opt, w


def grad(w):
    return 2 * np.array([0.5, 3.0]) * w


def f32(x: float) -> float:
    """A Python hyperparameter as TF1's optimizers use it: made a float32 tensor, then cast
    to the (here float64) variable's dtype."""
    return float(np.float32(x))


def test_gradient_descent_step():
    got, *_ = quadratic(lambda: gg.train.GradientDescentOptimizer(0.1))
    w = np.array([1.0, -2.0])
    for g_w in got:
        w = w - f32(0.1) * grad(w)
        np.testing.assert_allclose(g_w, w, rtol=1e-15)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_step(nesterov):
    got, sess, opt, var = quadratic(
        lambda: gg.train.MomentumOptimizer(0.1, 0.9, use_nesterov=nesterov)
    )
    w, acc = np.array([1.0, -2.0]), np.zeros(2)
    for g_w in got:
        gr = grad(w)
        acc = f32(0.9) * acc + gr
        w = w - f32(0.1) * (gr + f32(0.9) * acc if nesterov else acc)
        np.testing.assert_allclose(g_w, w, rtol=1e-15)
    np.testing.assert_allclose(sess.run(opt.get_slot(var, "momentum")), acc, rtol=1e-15)


def test_adam_step_and_its_state_lives_in_variables_named_as_tf1s():
    got, sess, opt, var = quadratic(lambda: gg.train.AdamOptimizer(0.05))
    w, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
    # TF1's beta powers are float32 variables even for a float64 variable.
    p1, p2 = np.float32(0.9), np.float32(0.999)
    for g_w in got:
        gr = grad(w)
        alpha = f32(0.05) * np.sqrt(1 - np.float64(p2)) / (1 - np.float64(p1))
        m = m + (gr - m) * (1 - f32(0.9))
        v = v + (gr * gr - v) * (1 - f32(0.999))
        w = w - m * alpha / (np.sqrt(v) + f32(1e-8))
        np.testing.assert_allclose(g_w, w, rtol=1e-12)
        p1, p2 = p1 * np.float32(0.9), p2 * np.float32(0.999)
    state = sess.get_variables()
    assert state["beta1_power"].dtype == np.float32
    assert state["beta1_power"] == p1 and state["beta2_power"] == p2
    np.testing.assert_allclose(state["w/Adam"], m, rtol=1e-12)
    np.testing.assert_allclose(state["w/Adam_1"], v, rtol=1e-12)
    assert opt.get_slot(var, "m").name == "w/Adam:0"
    assert opt.get_slot_names() == ["m", "v"]
    with var.graph.as_default():  # TF1's variables(): those of the default graph
        names = [x.name for x in opt.variables()]
    assert names == [
        "beta1_power:0",
        "beta2_power:0",
        "w/Adam:0",
        "w/Adam_1:0",
    ]


def test_compute_and_apply_gradients_with_clipping_and_global_step():
    g = gg.Graph()
    with g.as_default():
        w = gg.Variable(np.array([3.0, 4.0]), name="w")
        u = gg.Variable(np.array([7.0]), name="u")
        loss = gg.reduce_sum(w * w) / 2
        opt = gg.train.GradientDescentOptimizer(1.0)
        pairs = opt.compute_gradients(loss)
        assert pairs[1][0] is None
        grads, norm = gg.train.clip_by_global_norm([p[0] for p in pairs], 1.0)
        step = gg.train.get_or_create_global_step()
        train = opt.apply_gradients(
            list(zip(grads, [p[1] for p in pairs], strict=True)), global_step=step
        )
        init = gg.global_variables_initializer()
    sess = gg.Session(g)
    sess.run(init)
    assert sess.run(norm) == 5.0
    sess.run(train)
    np.testing.assert_allclose(sess.run(w), [3 - 0.6, 4 - 0.8])
    assert sess.run(step) == 1 and sess.run(u).tolist() == [7.0]


def test_learning_rate_schedules(graph):
    step = gg.train.create_global_step()
    decayed = gg.train.exponential_decay(0.1, step, 10, 0.5)
    stairs = gg.train.exponential_decay(0.1, step, 10, 0.5, staircase=True)
    piece = gg.train.piecewise_constant(step, [5, 10], [1.0, 0.5, 0.1])
    sess = gg.Session(graph)
    for s, want in [(0, 1.0), (5, 1.0), (6, 0.5), (10, 0.5), (11, 0.1)]:
        sess.set_variables({"global_step": s})
        d, st, p = sess.run([decayed, stairs, piece])
        np.testing.assert_allclose(d, 0.1 * 0.5 ** (s / 10), rtol=1e-6)
        np.testing.assert_allclose(st, 0.1 * 0.5 ** (s // 10), rtol=1e-6)
        assert p == want


def test_initializers(graph):
    gg.set_random_seed(5)
    inits = {
        "zeros": gg.train.zeros_initializer()([2, 3]),
        "ones": gg.train.ones_initializer()([2, 3], gg.float64),
        "normal": gg.train.random_normal_initializer(1.0, 0.1, seed=1)([200, 50]),
        "uniform": gg.train.random_uniform_initializer(-1, 1, seed=1)([200, 50]),
        "glorot_u": gg.train.glorot_uniform_initializer(seed=1)([300, 100]),
        "glorot_n": gg.train.glorot_normal_initializer(seed=1)([300, 100]),
    }
    v = gg.train.get_variable("v", [4, 4])
    out = gg.Session(graph).run(inits)
    assert out["zeros"].sum() == 0 and out["ones"].dtype == np.float64
    assert abs(out["normal"].mean() - 1) < 0.01 and abs(out["normal"].std() - 0.1) < 0.01
    assert out["uniform"].min() >= -1 and out["uniform"].max() < 1
    limit = np.sqrt(6 / 400)
    assert np.abs(out["glorot_u"]).max() <= limit
    assert abs(out["glorot_n"].std() - np.sqrt(2 / 400)) < 0.005
    again = gg.Session(graph).run(inits)
    np.testing.assert_array_equal(again["glorot_u"], out["glorot_u"])
    assert v.shape == [4, 4] and v.trainable


def test_training_state_survives_export_and_import():
    _got, sess, _opt, var = quadratic(lambda: gg.train.MomentumOptimizer(0.1, 0.9), steps=2)
    state = sess.get_variables()
    g = var.op.graph
    fresh = gg.Session(g)
    fresh.set_variables(state)
    train = g.get_operation_by_name("Momentum")
    sess.run(train)
    fresh.run(train)
    np.testing.assert_array_equal(sess.run(var), fresh.run(var))


def _load(name):
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_linear_regression_recovers_coefficients():
    ex = _load("linear_regression")
    result = ex.main(seed=0)
    np.testing.assert_allclose(result["w"], ex.TRUE_W, atol=0.01)
    assert abs(result["b"] - ex.TRUE_B) < 0.01


def test_example_logistic_regression_separates_blobs():
    result = _load("logistic_regression").main(seed=0)
    assert result["accuracy"] >= 0.9 and result["loss"] < 0.2


def test_example_mlp_classifier_reaches_its_accuracy_reproducibly():
    ex = _load("mlp_classifier")
    first = ex.main(seed=0, epochs=150)
    assert first["accuracy"] >= ex.TARGET_ACCURACY
    second = ex.main(seed=0, epochs=150)
    np.testing.assert_array_equal(first["w1"], second["w1"])


def test_tf_logging_and_global_step_spellings_run(caplog):
    # TF1 scripts start with tf.logging.set_verbosity(tf.logging.INFO) and read the step
    # with tf.train.global_step(sess, step): both must run unchanged.
    gg.logging.set_verbosity(gg.logging.INFO)
    assert gg.logging.get_verbosity() == gg.logging.INFO
    with caplog.at_level(gg.logging.INFO, logger="graphgate.tf"):
        for i in range(3):
            gg.logging.log_first_n(gg.logging.INFO, "first %d", 2, i)
        gg.logging.info("step %d", 7)
    assert [r.getMessage() for r in caplog.records] == ["first 0", "first 1", "step 7"]
    g = gg.Graph()
    with g.as_default():
        step = gg.train.get_or_create_global_step()
        inc = gg.assign_add(step, 5)
    with gg.Session(g) as sess:
        sess.run(step.initializer)
        sess.run(inc)
        assert gg.train.global_step(sess, step) == 5
