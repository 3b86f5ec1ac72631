"""Differential fuzzing of TF1 training against TensorFlow: the small models, optimizers,
learning-rate schedules, gradient plumbing and moving averages that
`tests/reference/tf1_fuzzopt.py` draws with fixed seeds, and its invalid configurations,
run on graphgate and compared with what `tf.compat.v1` computed
(`fixtures/tf1_fuzzopt.json`), one test per family.

Exactly: every global variable's name (slots, beta powers, global step, shadows), the
fetches' static shapes, what the program put in `out` (slot names, `variables()`, the
names `variables_to_restore` maps), and integer and bool values. Floats, the fetches
before each step and every variable after it: within ULPS units in the last place of the
largest magnitude the array held so far, per step taken (step t allows ULPS·(t + 1): a
value that shrank, FTRL's soft threshold cancelling l1 against `linear`, keeps the
rounding of the magnitudes it came from), as a training step
is a chain of a few dozen roundings whose order TF's kernels (Eigen's vectorized
packets, rsqrt against 1/sqrt, fused sparse kernels against graphgate's gathers and
scatters) do not fix, and each step starts from the last one's rounding. A wrong slot
update is off by far more: a momentum decayed where TF leaves it is off by the whole
momentum. An invalid program raises TF's class, at TF's stage or earlier.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import (
    assert_fixture_holds,
    error_classes,
    error_difference,
    known_params,
    reference,
)

FIXTURE, fuzz = reference("tf1_fuzzopt")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})

# Units in the last place of an array's largest magnitude, per step taken.
ULPS = 16

# Programs whose gradients carry a rounding of TF's approximated kernels (Eigen's exp,
# tanh, logistic) amplified by a cancellation, compared within more units (name: (ULPS,
# why)): still far inside what a wrong update is off by.
WIDER: dict[str, tuple[int, str]] = {
    "hyper.6": (
        1024,
        "softmax cross-entropy of two nearly equal tanh logits: softmax(h) - labels cancels, "
        "so Eigen's exp rounding is 1e-5 of the gradient; Adadelta's accumulator holds "
        "(1 - rho) g², its relative error doubled",
    ),
}

# Programs graphgate still answers differently (name: why), each a strict xfail, so that
# the test fails once it agrees.
KNOWN: dict[str, str] = dict.fromkeys(
    ("sparse.0", "sparse.76"),
    "a proximal optimizer's sparse update of a float64 variable: TF casts its float32 "
    "hyperparameters for a resource variable and trains, but refuses a ref variable "
    "(TypeError: SparseApplyProximalAdagrad gets them uncast); graphgate's variables are "
    "of one kind and train as TF's resource variables do",
)


def _observe(program: dict) -> dict:
    with np.errstate(all="ignore"):
        return fuzz.observe(gg, program, error_classes)


def _magnitude(encoded: dict) -> float:
    b = fuzz.decode(encoded)
    if b.dtype.kind not in "fc":
        return 0.0
    b = np.abs(b.astype(np.float64))
    return float(np.max(b[np.isfinite(b)], initial=0.0))


def value_difference(ours: dict, theirs: dict, steps: int, held: float = 0.0, ulps=ULPS):
    """How an encoded value differs from TF's after `steps` steps, or None; `held` is the
    largest magnitude the value held before (its rounding is of that place)."""
    for key in ("dtype", "shape"):
        if ours[key] != theirs[key]:
            return (key, ours[key], theirs[key])
    a, b = fuzz.decode(ours), fuzz.decode(theirs)
    if a.dtype.kind not in "fc":
        return None if ours["bits"] == theirs["bits"] else ("values", a.tolist(), b.tolist())
    a, b = a.astype(np.float64).ravel(), b.astype(np.float64).ravel()
    finite = np.isfinite(b)
    scale = max(np.max(np.abs(b[finite]), initial=0.0), held)
    bound = ulps * (steps + 1) * np.finfo(theirs["dtype"]).eps * scale
    with np.errstate(invalid="ignore"):
        same = np.where(finite, np.abs(a - b) <= bound, (a == b) | (np.isnan(a) & np.isnan(b)))
    wrong = np.flatnonzero(~same)
    return ("values", [(int(i), a[i], b[i]) for i in wrong[:4]]) if wrong.size else None


def difference(name: str):
    """How graphgate's answer to program `name` differs from TF's, or None."""
    program = PROGRAMS[name]
    theirs = program["tf"]
    ours = _observe(program)
    if "error" in theirs:
        return error_difference(ours, theirs["error"])
    if "error" in ours:
        return ("raised", ours["error"])
    for key in ("names", "static", "out"):
        if ours[key] != theirs[key]:
            return (key, ours[key], theirs[key])
    if len(ours["steps"]) != len(theirs["steps"]):
        return ("steps", len(ours["steps"]), len(theirs["steps"]))
    held: dict = {}
    ulps = WIDER.get(name, (ULPS,))[0]
    for t, (mine, tfs) in enumerate(zip(ours["steps"], theirs["steps"], strict=True)):
        for part, what in ((0, "fetch"), (1, "variable")):
            for i, (a, b) in enumerate(zip(mine[part], tfs[part], strict=True)):
                wrong = value_difference(a, b, t, held.get((part, i), 0.0), ulps)
                if wrong:
                    label = theirs["names"][i] if part else i
                    return (f"step {t}", what, label, *wrong)
                held[part, i] = max(held.get((part, i), 0.0), _magnitude(b))
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_family_trains_as_tensorflow_does(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and n not in KNOWN]
    wrong = {n: d for n in names if (d := difference(n)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize("name", known_params(KNOWN))
def test_known_difference(name):
    assert difference(name) is None


def test_the_fixture_holds_the_programs_the_recorder_draws():
    assert_fixture_holds(fuzz.programs(), PROGRAMS)


# -- what the fuzzer found, one by one -----------------------------------------------------


def _run(fetches, steps=1, feed=None):
    with gg.Session() as sess:
        sess.run(gg.global_variables_initializer())
        for _ in range(steps - 1):
            sess.run(fetches, feed)
        return sess.run(fetches, feed)


def test_a_float64_moving_average_moves_by_float32_one_minus_decay():
    # TF's assign_moving_average takes 1 - decay in float32, then casts: the shadow of a
    # float64 variable moves by float64(float32(1) - float32(d)), which is not
    # 1 - float64(float32(d)) for a decay under 0.5 (num_updates makes the early decays
    # (1 + n) / (10 + n), 0.1 to 0.5).
    one_minus = np.float64(np.float32(1.0) - np.float32(0.123))
    assert one_minus != 1.0 - np.float64(np.float32(0.123))
    with gg.Graph().as_default():
        v = gg.Variable(np.float64(1.0))
        ema = gg.train.ExponentialMovingAverage(0.123)
        with gg.control_dependencies([v.assign(0.0)]):
            update = ema.apply([v])
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            sess.run(update)
            got = sess.run(ema.average(v))
    assert got == 1.0 - (1.0 - 0.0) * one_minus


def test_a_zero_debiased_average_divides_by_tfs_bias_factor():
    # TF's _zero_debias: biased / (1 - (1 - one_minus)^t), which is not 1 - decay^t in
    # float32 once decay < 0.5 (1 - (1 - d) is not d).
    decay = np.float32(0.1)
    assert np.float32(1.0) - (np.float32(1.0) - decay) != decay
    one_minus = np.float32(1.0) - decay
    with gg.Graph().as_default():
        x = gg.constant(np.float32(2.0))
        ema = gg.train.ExponentialMovingAverage(0.1, zero_debias=True)
        update = ema.apply([x])
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            sess.run(update)
            got = sess.run(ema.average(x))
    biased = np.float32(0.0) - (np.float32(0.0) - np.float32(2.0)) * one_minus
    factor = np.float32(1.0) - (np.float32(1.0) - one_minus)
    assert got == biased / factor


@pytest.mark.parametrize(
    "make",
    [
        "gg.train.ProximalGradientDescentOptimizer(0.1)",
        "gg.train.ProximalAdagradOptimizer(0.1)",
        "gg.train.ProximalGradientDescentOptimizer(gg.constant(0.1, gg.float64))",
    ],
)
def test_a_proximal_optimizer_refuses_a_float64_variable_as_tf(make):
    with gg.Graph().as_default():
        w = gg.Variable(np.ones(2))
        with pytest.raises(TypeError, match="does not match type float64"):
            eval(make).minimize(gg.reduce_sum(w * w))


def test_adagrad_da_takes_an_int64_step_only():
    with gg.Graph().as_default():
        w = gg.Variable([1.0, 2.0])
        loss = gg.reduce_sum(w * w)
        step = gg.Variable(0, trainable=False)
        with pytest.raises(TypeError, match="int64"):
            gg.train.AdagradDAOptimizer(0.1, step).minimize(loss)
        with pytest.raises(ValueError):
            gg.train.AdagradDAOptimizer(0.1, None).minimize(loss)


def test_a_constrained_variable_refuses_a_sparse_update():
    with gg.Graph().as_default():
        emb = gg.get_variable(
            "emb", initializer=gg.ones([3, 2]), constraint=lambda t: gg.clip_by_value(t, 0, 1)
        )
        loss = gg.reduce_sum(gg.nn.embedding_lookup(emb, [0, 0, 2]))
        with pytest.raises(RuntimeError, match="constraint function on a sparse variable"):
            gg.train.GradientDescentOptimizer(0.1).minimize(loss)


@pytest.mark.parametrize("make", ["GradientDescentOptimizer({})", "MomentumOptimizer({}, 0.9)"])
def test_a_learning_rate_of_rank_one_is_refused_while_building(make):
    with gg.Graph().as_default():
        w = gg.Variable(np.ones([2, 2], np.float32))
        opt = eval("gg.train." + make.format("gg.constant([0.1, 0.2])"))
        with pytest.raises(ValueError, match="rank 0"):
            opt.minimize(gg.reduce_sum(w * w))


def test_a_string_learning_rate_fails_when_run_as_tfs_cast():
    with gg.Graph().as_default():
        w = gg.Variable([1.0])
        train = gg.train.GradientDescentOptimizer("0.1").minimize(gg.reduce_sum(w * w))
        with pytest.raises(gg.errors.UnimplementedError):
            _run(train)


def test_an_unknown_aggregation_method_is_refused():
    with gg.Graph().as_default():
        w = gg.Variable([1.0])
        with pytest.raises(ValueError, match="aggregation_method"):
            gg.train.GradientDescentOptimizer(0.1).minimize(w * w, aggregation_method="foo")
        with pytest.raises(ValueError, match="aggregation_method"):
            gg.gradients(w * w, [w], aggregation_method=7)


def test_a_gradient_seed_of_another_size_than_its_y_is_refused():
    with gg.Graph().as_default():
        w = gg.Variable(np.ones([2, 2], np.float32))
        loss = gg.reduce_mean(w * w)
        with pytest.raises(ValueError, match="grad_ys"):
            gg.gradients(loss, [w], grad_ys=[gg.ones([2])])
        with pytest.raises(ValueError, match="grad_ys"):
            gg.train.GradientDescentOptimizer(0.1).minimize(loss, grad_loss=gg.ones([2]))
        assert gg.gradients(loss, [w], grad_ys=[gg.ones([1])])[0] is not None


def test_a_float_global_step_is_refused_where_it_is_looked_up():
    with gg.Graph().as_default():
        gg.Variable(
            0.0,
            name="global_step",
            trainable=False,
            collections=[gg.GraphKeys.GLOBAL_VARIABLES, gg.GraphKeys.GLOBAL_STEP],
        )
        with pytest.raises(TypeError, match="integer type"):
            gg.train.get_or_create_global_step()


def test_the_global_norm_of_no_gradient_is_zero():
    with gg.Graph().as_default():
        clipped, norm = gg.clip_by_global_norm([None, None], 1.0)
        assert clipped == [None, None]
        assert _run(norm) == 0.0


def test_moving_averages_of_nothing_or_with_a_decay_tensor_apply():
    with gg.Graph().as_default():
        w = gg.Variable([1.0, 3.0])
        nothing = gg.train.ExponentialMovingAverage(0.9).apply([])
        ema = gg.train.ExponentialMovingAverage(gg.constant(0.5))
        with gg.control_dependencies([nothing, w.assign([3.0, 5.0])]):
            update = ema.apply([w])
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            sess.run(update)
            assert sess.run(ema.average(w)).tolist() == [2.0, 4.0]


def test_an_apply_under_a_control_dependency_reads_what_the_step_before_left():
    # TF builds apply_gradients' updates under the caller's control dependencies: a second
    # Adam minimize after the first reads the beta powers the first advanced (edges.0;
    # graphgate's read them unordered, and b moved by lr, not TF's 0.0744), and a second
    # apply of the same gradients steps from the first's momentum (edges.1).
    with gg.Graph().as_default():
        w = gg.Variable([1.0, -1.0])
        b = gg.Variable([0.5, 0.5])
        loss = gg.reduce_sum(w * w + b * b)
        opt = gg.train.AdamOptimizer(0.1)
        first = opt.minimize(loss, var_list=[w])
        with gg.control_dependencies([first]):
            train = opt.minimize(loss, var_list=[b])
        assert [v.op.name for v in opt._get_beta_accumulators()] == ["beta1_power", "beta2_power"]
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            sess.run(train)
            got = sess.run(b)
    # b's first step, with the powers the first minimize advanced: alpha = 0.1
    # sqrt(1 - 0.999²) / (1 - 0.9²), m / sqrt(v) = 0.1 g / sqrt(0.001 g²) (TF: 0.0744).
    alpha = 0.1 * np.sqrt(1 - 0.999**2) / (1 - 0.9**2)
    np.testing.assert_allclose(got, 0.5 - alpha * 0.1 / np.sqrt(0.001), rtol=1e-5)


def test_a_second_apply_of_the_same_gradients_steps_from_the_first():
    with gg.Graph().as_default():
        w = gg.Variable([1.0])
        opt = gg.train.MomentumOptimizer(0.1, 0.9)
        gv = opt.compute_gradients(gg.reduce_sum(w))  # gradient 1
        first = opt.apply_gradients(gv)
        with gg.control_dependencies([first]):
            train = opt.apply_gradients(gv)
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            sess.run(train)
            got = sess.run([w, opt.get_slot(w, "momentum")])
    # accum 1 then 0.9 + 1; w = 1 - 0.1 - 0.19
    np.testing.assert_allclose(got[1], [1.9], rtol=1e-6)
    np.testing.assert_allclose(got[0], [0.71], rtol=1e-6)
