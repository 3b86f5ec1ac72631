"""tfnn_cases.py run with graphgate in place of TensorFlow: gradient machinery, nn/train
extras and top-level functions give TensorFlow's outputs, static shapes, dtypes, default
names, gradients and exception classes (tfnn_reference.json, written by the dev-only
make_tfnn_reference.py)."""

from __future__ import annotations

import builtins
import json
import pathlib

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_gradients import check_grads
from tests.unit.engine.test_tf_array_reference import _same
from tests.unit.engine.tf_reference import nn_cases, tfnn_cases
from tests.unit.engine.tf_reference.compare import build_case, check_case, check_round_trip

REFERENCE = json.loads(
    (pathlib.Path(__file__).parent / "tf_reference" / "tfnn_reference.json").read_text()
)


def _tf_class(name: str) -> type:
    """TF's exception class by name: a Python builtin, or graphgate's class of that name
    (graphgate's errors subclass TF's)."""
    return getattr(builtins, name, None) or getattr(gg.errors, name)


def _compare_with_raised(got, want, path, seen):
    if isinstance(got, str) and got in seen:
        assert isinstance(seen[got], _tf_class(want)), (path, want, seen[got])
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), (path, got)
        for k in want:
            _compare_with_raised(got[k], want[k], f"{path}.{k}", seen)
    elif isinstance(want, list) and isinstance(got, list) and len(got) == len(want):
        for i, (a, b) in enumerate(zip(got, want, strict=True)):
            _compare_with_raised(a, b, f"{path}[{i}]", seen)
    else:
        _same(got, want, path)


@pytest.mark.parametrize("name", sorted(tfnn_cases.PROGRAMS))
def test_program_matches_tensorflow(name, monkeypatch):
    seen = {}

    def raises(fn):
        # Record the engine's exception object; compare it to TF's class name.
        try:
            fn()
        except Exception as exc:
            key = f"<{len(seen)}>"
            seen[key] = exc
            return key
        return "none"

    monkeypatch.setattr(tfnn_cases, "raises", raises)
    got = tfnn_cases.PROGRAMS[name](gg)
    _compare_with_raised(got, REFERENCE["programs"][name], name, seen)


@pytest.mark.parametrize("name", sorted(tfnn_cases.CASES))
def test_case_matches_tensorflow(name):
    ref = REFERENCE["cases"][name]
    case = build_case(ref, tfnn_cases.CASES[name][1], nn_cases.scalar)
    check_case(name, ref, case, op_names=True)


@pytest.mark.parametrize("name", sorted(tfnn_cases.CASES))
def test_case_round_trips_the_graph_format(name):
    ref = REFERENCE["cases"][name]
    check_round_trip(build_case(ref, tfnn_cases.CASES[name][1], nn_cases.scalar))


def test_custom_gradient_passes_the_variables_it_reads_and_refuses_without_the_keyword():
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable([2.0, 3.0], name="v")

        @gg.custom_gradient
        def scaled(x):
            def grad(dy, variables=None):
                assert [u.name for u in variables] == ["v:0"]
                return dy * 100.0, [dy * 1000.0]

            return x * v, grad

        x = gg.constant([1.0, 1.0])
        gx, gv = gg.gradients(gg.reduce_sum(scaled(x)), [x, v])

        @gg.custom_gradient
        def no_keyword(x):
            return x * v, lambda dy: dy

        with pytest.raises(TypeError, match="variables"):
            no_keyword(x)
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            np.testing.assert_array_equal(sess.run([gx, gv]), [[100.0, 100.0], [1000.0, 1000.0]])


def test_an_override_name_nothing_was_registered_under_is_a_lookup_error():
    g = gg.Graph()
    with g.as_default():
        x = gg.constant([1.0])
        with g.gradient_override_map({"Identity": "TfnnNeverRegistered"}):
            y = gg.identity(x)
        with pytest.raises(LookupError):
            gg.gradients(y, x)
        with pytest.raises(TypeError), g.gradient_override_map({"Identity": 3}):
            pass


def test_a_gradient_function_returning_the_wrong_number_of_gradients_is_a_value_error():
    @gg.RegisterGradient("TfnnTwoGrads")
    def _two(op, grad):
        return [grad, grad]

    g = gg.Graph()
    with g.as_default():
        x = gg.constant([1.0])
        with g.gradient_override_map({"Neg": "TfnnTwoGrads"}):
            y = gg.negative(x)
        with pytest.raises(ValueError, match="Num gradients 2"):
            gg.gradients(y, x)


def test_hessians_of_an_unknown_shape_loop_as_tfs():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [None, 2])
        (h,) = gg.hessians(gg.reduce_sum(x * x * x) + gg.reduce_sum(x[:, 0] * x[:, 1]), x)
        xv = np.array([[1.0, 2.0], [3.0, -1.0]])
        got = gg.Session().run(h, {x: xv})
        want = np.zeros((2, 2, 2, 2))
        for i in range(2):
            for j in range(2):
                want[i, j, i, j] = 6 * xv[i, j]
            want[i, 0, i, 1] = want[i, 1, i, 0] = 1.0
        np.testing.assert_allclose(got, want)
        with pytest.raises(ValueError):
            gg.hessians(gg.reduce_sum(x), gg.placeholder(gg.float32))


@pytest.mark.parametrize(
    "activation", [gg.nn.relu, gg.nn.relu6, lambda x: gg.nn.leaky_relu(x, 0.2)]
)
def test_hessians_of_piecewise_linear_activations_are_zeros_as_tfs(activation):
    # TF 2.21's tf.hessians gives zeros for these (their GradGrads give the features
    # zeros); a None second derivative must not make graphgate's raise.
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [3])
        (h,) = gg.hessians(gg.reduce_sum(activation(x)), x)
        got = gg.Session().run(h, {x: [-2.0, 0.7, 3.0]})
    np.testing.assert_array_equal(got, np.zeros((3, 3), np.float32))


def test_hessians_of_a_y_independent_of_x_raise_as_tfs():
    with gg.Graph().as_default():
        x, u = gg.placeholder(gg.float32, [3]), gg.placeholder(gg.float32, [2])
        with pytest.raises(ValueError):
            gg.hessians(gg.reduce_sum(u * u), x)


@pytest.mark.parametrize(
    "build",
    [
        lambda x: gg.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 1, 2, 1], "SAME")[0],
        lambda x: gg.nn.max_pool1d(gg.reshape(x, [2, 4, 3]), 2, 1, "VALID"),
        lambda x: gg.nn.avg_pool_v2(gg.reshape(x, [2, 4, 3]), 3, 2, "SAME"),
        lambda x: gg.nn.swish(x, beta=0.7),
        lambda x: gg.nn.crelu(x),
        lambda x: gg.math.cumulative_logsumexp(x, axis=1),
        lambda x: gg.math.cumulative_logsumexp(x, axis=2, reverse=True),
        lambda x: gg.repeat(x, [2, 0, 1, 3], axis=1),
        lambda x: gg.nn.dilation2d(x, np.full((2, 2, 1), 0.01), [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
        lambda x: gg.nn.erosion2d(x, np.full((2, 1, 1), 0.2), [1, 2, 1, 1], [1, 1, 1, 1], "VALID"),
    ],
    ids=[
        "max_pool_with_argmax",
        "max_pool1d",
        "avg_pool1d",
        "swish",
        "crelu",
        "cumulative_logsumexp",
        "cumulative_logsumexp_reverse",
        "repeat",
        "dilation2d",
        "erosion2d",
    ],
)
def test_new_nn_gradients_match_finite_differences(build):
    x = np.random.default_rng(7).permutation(24).reshape(2, 4, 3, 1) / 7.0 - 1.5
    check_grads(build, x)


def test_conv3d_and_its_gradient_ops_match_finite_differences():
    f = np.random.default_rng(3).normal(size=(2, 2, 1, 1, 2))
    check_grads(
        lambda x: gg.nn.conv3d(gg.reshape(x, [1, 3, 4, 2, 1]), f, [1, 2, 1, 1, 1], "SAME"),
        np.arange(24.0) / 9,
    )
    check_grads(
        lambda w: gg.nn.conv3d(
            np.ones((1, 3, 3, 2, 1)), gg.reshape(w, [2, 2, 1, 1, 2]), 1, "VALID"
        ),
        np.arange(8.0) / 5,
    )
    check_grads(
        lambda y: gg.nn.conv3d_transpose(
            gg.reshape(y, [1, 2, 2, 2, 2]), f, [1, 3, 4, 2, 1], [1, 2, 2, 1, 1], "SAME"
        ),
        np.arange(16.0) / 7,
    )


def test_ctc_loss_gradient_matches_finite_differences_and_refuses_a_second_derivative():
    labels = np.array([[1, 1], [2, 0]])

    def loss(x):
        return gg.nn.ctc_loss_v2(labels, gg.reshape(x, [5, 2, 3]), [2, 1], [5, 3])

    check_grads(loss, np.random.default_rng(5).normal(size=30))
    g = gg.Graph()
    with g.as_default():
        x = gg.constant(np.zeros((5, 2, 3)))
        (dx,) = gg.gradients(gg.reduce_sum(loss(x)), x)
        with pytest.raises(LookupError):
            gg.gradients(gg.reduce_sum(dx * dx), x)
        bad = gg.nn.ctc_loss_v2([[0, 1], [2, 0]], x, [2, 1], [5, 3])
        with pytest.raises(gg.errors.InvalidArgumentError):
            gg.Session().run(bad)


def test_bessel_gradients_at_zero_are_the_derivatives():
    g = gg.Graph()
    with g.as_default():
        x = gg.constant([0.0, 0.0])
        fns = [gg.math.bessel_i0, gg.math.bessel_i0e, gg.math.bessel_i1, gg.math.bessel_i1e]
        grads = [gg.gradients(f(x), x)[0] for f in fns]
        np.testing.assert_array_equal(
            gg.Session().run(grads), [[0, 0], [0, 0], [0.5, 0.5], [0.5, 0.5]]
        )


def test_igamma_gradient_with_respect_to_a_matches_finite_differences():
    check_grads(lambda a: gg.igamma(a, [0.5, 3.0, 9.0]), np.array([0.7, 2.5, 8.0]), rtol=1e-4)
    check_grads(lambda x: gg.betainc(2.0, 3.0, x), np.array([0.1, 0.5, 0.9]))


def test_batch_gather_takes_an_unknown_batch_size():
    g = gg.Graph()
    with g.as_default():
        p = gg.placeholder(gg.float32, [None, 2, 4])
        i = gg.placeholder(gg.int32, [None, 2, 3])
        out = gg.batch_gather(p, i)
        assert out.shape.as_list() == [None, 2, 3]
        (grad,) = gg.gradients(gg.reduce_sum(out), p)
        pv = np.arange(16.0).reshape(2, 2, 4)
        iv = np.array([[[0, 3, 3], [1, 1, 2]], [[2, 0, 1], [3, 3, 3]]])
        got, dp = gg.Session().run([out, grad], {p: pv, i: iv})
        np.testing.assert_array_equal(got, np.take_along_axis(pv, iv, -1))
        np.testing.assert_array_equal(dp[0, 0], [1, 0, 0, 2])


def test_repeat_of_an_unknown_size_by_a_count():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 2])
        out = gg.repeat(x, 3, axis=0)
        assert out.shape.as_list() == [None, 2]
        (grad,) = gg.gradients(gg.reduce_sum(out * out), x)
        xv = np.array([[1.0, 2.0], [3.0, 4.0]])
        got, dx = gg.Session().run([out, grad], {x: xv})
        np.testing.assert_array_equal(got, np.repeat(xv, 3, axis=0))
        np.testing.assert_array_equal(dx, 6 * xv)


def test_max_pool_with_argmax_inside_a_while_loop_and_refuses_a_bad_targmax():
    g = gg.Graph()
    with g.as_default():
        x = gg.constant(np.arange(16.0).reshape(1, 4, 4, 1))

        def body(i, acc):
            _, idx = gg.nn.max_pool_with_argmax(x * gg.cast(i, gg.float64), 2, 2, "VALID")
            return i + 1, acc + gg.reduce_sum(idx)

        _, total = gg.while_loop(lambda i, acc: i < 3, body, [1, gg.constant(0, gg.int64)])
        np.testing.assert_array_equal(gg.Session().run(total), 2 * (5 + 7 + 13 + 15))
        with pytest.raises(TypeError):
            gg.nn.max_pool_with_argmax(x, 2, 2, "VALID", Targmax=gg.float32)


@pytest.mark.parametrize("name", sorted(tfnn_cases.DIST_CASES))
def test_distribution_matches_tensorflow(name):
    # Values, dtypes, static shapes and gradients; TF's scopes name the nodes otherwise.
    ref = REFERENCE["cases"][name]
    case = build_case(ref, tfnn_cases.DIST_CASES[name][1], nn_cases.scalar)
    check_case(name, ref, case, op_names=False)


def test_the_vae_idiom_samples_an_unknown_batch_and_differentiates_the_elbo():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 3])
        w = gg.Variable(np.full((3, 2), 0.1, np.float32))
        mu = gg.matmul(x, w)
        sigma = gg.exp(gg.matmul(x, w * 0.5))
        q = gg.distributions.Normal(mu, sigma)
        z = q.sample(seed=4)
        prior = gg.distributions.Normal(gg.zeros_like(mu), gg.ones_like(sigma))
        elbo = gg.reduce_mean(
            gg.reduce_sum(prior.log_prob(z), 1)
            - gg.reduce_sum(gg.distributions.kl_divergence(q, prior), 1)
        )
        (gw,) = gg.gradients(elbo, [w])
        assert z.shape.as_list() == [None, 2]
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            feed = {x: np.ones((5, 3), np.float32)}
            z1, grad = sess.run([z, gw], feed)
            assert z1.shape == (5, 2) and np.isfinite(grad).all() and np.abs(grad).sum() > 0


def test_a_policy_samples_a_categorical_of_an_unknown_batch():
    g = gg.Graph()
    with g.as_default():
        logits = gg.placeholder(gg.float32, [None, 3])
        d = gg.distributions.Categorical(logits=logits)
        one, many = d.sample(seed=2), d.sample(500, seed=2)
        assert one.shape.as_list() == [None] and many.shape.as_list() == [500, None]
        feed = {logits: np.log([[0.1, 0.1, 0.8], [0.7, 0.2, 0.1]])}
        a, b = gg.Session().run([one, many], feed)
        assert a.shape == (2,) and a.dtype == np.int32
        np.testing.assert_allclose((b == 2).mean(0), [0.8, 0.1], atol=0.06)


def test_samples_built_from_two_draws_have_the_distributions_variance():
    # A Beta's two gammas (a StudentT's normal and gamma) share the sample's seed; their
    # ratio must still have the right spread (Beta(2, 6): 12 / (64 * 9); t(5): 5 / 3).
    g = gg.Graph()
    with g.as_default():
        beta = gg.distributions.Beta(2.0, 6.0).sample(20000, seed=5)
        t = gg.distributions.StudentT(5.0, 0.0, 1.0).sample(20000, seed=5)
        b, tv = gg.Session().run([beta, t])
    np.testing.assert_allclose(b.var(), 12 / (64 * 9), rtol=0.1)
    np.testing.assert_allclose(tv.var(), 5 / 3, rtol=0.15)


@pytest.mark.parametrize(
    "make, mean",
    [
        (lambda ds: ds.Normal(1.5, 2.0), 1.5),
        (lambda ds: ds.Laplace(-1.0, 0.5), -1.0),
        (lambda ds: ds.Uniform(2.0, 4.0), 3.0),
        (lambda ds: ds.Exponential(4.0), 0.25),
        (lambda ds: ds.Gamma(3.0, 2.0), 1.5),
        (lambda ds: ds.Beta(2.0, 6.0), 0.25),
        (lambda ds: ds.StudentT(5.0, 0.5, 1.0), 0.5),
        (lambda ds: ds.Bernoulli(probs=0.3), 0.3),
        (lambda ds: ds.Categorical(probs=[0.2, 0.3, 0.5]), 1.3),
        (lambda ds: ds.Dirichlet([1.0, 3.0]), [0.25, 0.75]),
        (lambda ds: ds.Multinomial(4.0, probs=[0.25, 0.75]), [1.0, 3.0]),
        (lambda ds: ds.DirichletMultinomial(4.0, [1.0, 3.0]), [1.0, 3.0]),
        (lambda ds: ds.Multinomial(2.0, logits=[[0.0, 0.0], [1.0, -1.0]]), [[1, 1], [1.76, 0.24]]),
    ],
)
def test_samples_are_seeded_and_follow_the_distribution(make, mean):
    g = gg.Graph()
    with g.as_default():
        d = make(gg.distributions)
        s = d.sample(4000, seed=11)
        assert s.shape.as_list() == [4000, *d.batch_shape.as_list(), *d.event_shape.as_list()]
        first = gg.Session(g).run(s)
        np.testing.assert_array_equal(first, gg.Session(g).run(s))
        np.testing.assert_allclose(first.mean(0), mean, atol=0.1)


def test_new_ops_work_inside_cond_and_while_bodies():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [1, 3, 3, 3, 1])
        flag = gg.placeholder(gg.bool, [])
        f = np.ones((2, 2, 2, 1, 1), np.float32)
        y = gg.cond(
            flag,
            lambda: gg.reduce_sum(gg.nn.conv3d(x, f, 1, "VALID")),
            lambda: gg.reduce_sum(gg.nn.max_pool3d(x, 2, 1, "VALID")),
        )
        (dx,) = gg.gradients(y, x)

        def body(i, acc):
            d = gg.distributions.Normal(gg.cast(i, gg.float32), 1.0)
            step = d.log_prob(0.0) + gg.igamma(2.0, gg.cast(i, gg.float32) + 1.0)
            return i + 1, acc + step

        _, total = gg.while_loop(lambda i, acc: i < 3, body, [0, gg.constant(0.0)])
        xv = np.arange(27, dtype=np.float32).reshape(1, 3, 3, 3, 1)
        sess = gg.Session()
        assert sess.run(y, {x: xv, flag: True}) == sum(
            xv[0, a : a + 2, b : b + 2, c : c + 2].sum()
            for a in range(2)
            for b in range(2)
            for c in range(2)
        )
        assert sess.run(dx, {x: xv, flag: False}).sum() == 8
        want = sum(-0.5 * i * i - 0.5 * np.log(2 * np.pi) for i in range(3))
        want += sum(1 - np.exp(-(i + 1.0)) * (1 + i + 1.0) for i in range(3))
        np.testing.assert_allclose(sess.run(total), want, rtol=1e-5)
