"""graphgate's TF1 array, segment, scatter, debugging and random additions beyond what
test_tf_array_reference.py pins to TensorFlow: gradients against finite differences,
unknown shapes, control-flow bodies, run-time checks and codes."""

from __future__ import annotations

import logging

import numpy as np
import pytest

import graphgate as gg
from graphgate.ops import extra_array_ops, schedule_ops
from graphgate.ops.registry import REGISTRY

RNG = np.random.default_rng(7)


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def printed():
    """What Print and print log, read at their logger: whatever handlers and propagation
    the process has (the service's routing stops it at `graphgate.tf`)."""
    handler = _Lines()
    logger = logging.getLogger("graphgate.tf.print")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


@pytest.fixture(autouse=True)
def _fresh_default_graph():
    # The tests build in the default graph; each starts from an empty one.
    gg.reset_default_graph()
    yield
    gg.reset_default_graph()


def check_grads(build, *arrays, eps=1e-6):
    """d/dx of a smooth scalar of build(x...) against central differences; unlike
    test_gradients' helper, outputs may have dims unknown until run time."""
    arrays = [np.asarray(a, np.float64) for a in arrays]
    xs = [gg.placeholder(gg.float64, a.shape) for a in arrays]
    y = build(*xs)
    loss = gg.reduce_sum(y * y) * 0.5 + gg.reduce_sum(y * 0.3)
    grads = gg.gradients(loss, xs)
    sess = gg.Session()
    feed = dict(zip(xs, arrays, strict=True))
    analytic = sess.run(grads, feed)
    for i, a in enumerate(arrays):
        numeric = np.zeros_like(a)
        for j in np.ndindex(a.shape):
            plus, minus = a.copy(), a.copy()
            plus[j] += eps
            minus[j] -= eps
            up = sess.run(loss, {**feed, xs[i]: plus})
            numeric[j] = (up - sess.run(loss, {**feed, xs[i]: minus})) / (2 * eps)
        np.testing.assert_allclose(analytic[i], numeric, rtol=1e-5, atol=1e-7)


def _n(*shape):
    return RNG.normal(size=shape)


@pytest.mark.parametrize(
    "build, shapes",
    [
        (lambda x: gg.reverse(x, [0, 2]), [(2, 3, 2)]),
        (lambda x: gg.reverse_sequence(x, [3, 0, 1], seq_axis=1, batch_axis=0), [(3, 4)]),
        (lambda x: gg.reverse_sequence(x, [2, 1], seq_axis=0, batch_axis=1), [(3, 2, 2)]),
        (lambda x: gg.broadcast_to(x, [2, 3, 2]), [(3, 1)]),
        (lambda x: gg.meshgrid(x, gg.constant([1.0, 2.0], gg.float64))[0], [(3,)]),
        (lambda x: gg.clip_by_norm(x, 0.5, axes=[1]), [(2, 3)]),
        (lambda x: gg.clip_by_norm(x, 50.0), [(2, 3)]),
        (lambda x: gg.segment_mean(x, [0, 0, 2, 2]), [(4, 2)]),
        (lambda x: gg.segment_max(x, [0, 0, 1, 1]), [(4, 2)]),
        (lambda x: gg.segment_prod(x, [0, 0, 0, 1]), [(4, 2)]),
        (lambda x: gg.unsorted_segment_min(x, [[1, -1], [0, 2]], 3), [(2, 2, 3)]),
        (lambda x: gg.unsorted_segment_prod(x, [2, 0, 2, -1], 3), [(4,)]),
        (lambda x: gg.unsorted_segment_mean(x, [2, 0, 2, -1], 3), [(4, 2)]),
        (lambda x: gg.dynamic_partition(x, [1, 0, 1], 2)[1], [(3, 2)]),
        (lambda x: gg.dynamic_stitch([[2, 0], [1]], [x[:2], x[2:]]), [(3, 2)]),
        (lambda x: schedule_ops.cos_pi(x) * schedule_ops.sin_pi(x * x), [(4,)]),
        (lambda t, u: gg.tensor_scatter_nd_update(t, [[2], [0]], u * u), [(3, 2), (2, 2)]),
        (lambda t, u: gg.tensor_scatter_nd_sub(t * t, [[1, 1], [1, 1]], u), [(3, 2), (2,)]),
    ],
)
def test_gradients_match_finite_differences(build, shapes):
    check_grads(build, *[_n(*s) for s in shapes])


def test_every_new_op_has_a_gradient_or_is_declared_without():
    # test_gradients' check sees only the modules loaded when it runs: load them all here.
    from graphgate.ops import (  # noqa: F401
        debug_ops,
        random_extra_ops,
        scatter_ops,
        script_ops,
        segment_ops,
    )

    modules = {m.__name__ for m in (extra_array_ops, schedule_ops)}
    modules |= {f"graphgate.ops.{n}" for n in ("debug_ops", "random_extra_ops", "scatter_ops")}
    modules |= {f"graphgate.ops.{n}" for n in ("script_ops", "segment_ops")}
    ops = {t for t, d in REGISTRY.items() if getattr(d.kernel, "__module__", "") in modules}
    assert len(ops) > 50
    assert [t for t in sorted(ops) if REGISTRY[t].differentiable and REGISTRY[t].grad is None] == []
    assert extra_array_ops.range is gg.range


def test_ops_work_with_unknown_shapes_and_in_a_while_loop():
    x = gg.placeholder(gg.float32)
    n = gg.placeholder(gg.int32, [])
    r = gg.reverse(x, [0])
    b = gg.broadcast_to(gg.constant(1.0), gg.shape(x))
    assert r.shape.ndims is None and b.shape.ndims is None

    def body(i, acc):
        return i + 1, acc + gg.reduce_sum(gg.range(i))

    _, total = gg.while_loop(lambda i, acc: i < n, body, [gg.constant(0), gg.constant(0)])
    with gg.Session() as sess:
        got = sess.run([r, b, total], {x: [[1.0, 2.0], [3.0, 4.0]], n: 5})
    np.testing.assert_array_equal(got[0], [[3.0, 4.0], [1.0, 2.0]])
    np.testing.assert_array_equal(got[1], np.ones((2, 2)))
    assert got[2] == 0 + 0 + 1 + 3 + 6


def test_run_time_checks_raise_invalid_argument_with_codes():
    p = gg.placeholder(gg.int32, [])
    bad_range = gg.range(0, 5, p)
    shape = gg.placeholder(gg.int32, [2])
    bad_broadcast = gg.broadcast_to(gg.constant([1.0, 2.0, 3.0]), shape)
    lengths = gg.placeholder(gg.int32, [2])
    bad_lengths = gg.reverse_sequence(gg.zeros([2, 3]), lengths, seq_axis=1, batch_axis=0)
    with gg.Session() as sess:
        with pytest.raises(gg.InvalidArgumentError, match="delta != 0") as info:
            sess.run(bad_range, {p: 0})
        assert info.value.code == "COMPUTE_ERROR"
        with pytest.raises(gg.InvalidArgumentError) as info:
            sess.run(bad_broadcast, {shape: [2, 2]})
        # The input's 3 is the output's last dim statically (TF's shape function), so the
        # run's shape check finds the mismatch before numpy's broadcast does.
        assert info.value.code == "SHAPE_MISMATCH"
        with pytest.raises(gg.InvalidArgumentError, match="seq_lengths"):
            sess.run(bad_lengths, {lengths: [1, 4]})


def test_build_time_refusals_have_codes():
    with pytest.raises(ValueError) as info:
        gg.broadcast_to(gg.zeros([3, 2]), [3, 3])
    assert info.value.code == "SHAPE_MISMATCH"
    with pytest.raises(TypeError) as info:
        gg.linspace(0, 1, 3)
    assert info.value.code == "DTYPE_MISMATCH"
    with pytest.raises(ValueError) as info:
        gg.reverse(gg.zeros([2]), [1])
    assert info.value.code == "INVALID_ATTR"
    with pytest.raises(ValueError) as info:
        gg.reverse_sequence(gg.zeros([2, 3]), [1, 1], seq_axis=1, batch_axis=1)
    assert info.value.code == "INVALID_ATTR"


def test_second_order_gradients_of_partition_and_segments():
    # The gradients are made of ops, so they differentiate again.
    x = gg.placeholder(gg.float64, [4])
    cubes = gg.reduce_sum(gg.dynamic_partition(x, [0, 1, 0, 1], 2)[0] ** 3)
    y = gg.reduce_sum(gg.segment_sum(x * x, [0, 0, 1, 1])) + cubes
    (dx,) = gg.gradients(y, [x])
    (ddx,) = gg.gradients(gg.reduce_sum(dx), [x])
    v = np.array([1.0, 2.0, 3.0, 4.0])
    with gg.Session() as sess:
        np.testing.assert_allclose(sess.run(ddx, {x: v}), 2 + 6 * v * [1, 0, 1, 0])


def test_segment_ops_reject_bad_ids_with_codes():
    ids = gg.placeholder(gg.int32, [None])
    x = gg.zeros([3, 2])
    with gg.Session() as sess:
        with pytest.raises(gg.InvalidArgumentError) as info:
            sess.run(gg.unsorted_segment_sum(x, ids, 2), {ids: [0, 2, 1]})
        assert info.value.code == "INDEX_OUT_OF_RANGE"
        with pytest.raises(gg.InvalidArgumentError) as info:
            sess.run(gg.segment_sum(x, ids), {ids: [0, 1]})
        assert info.value.code == "SHAPE_MISMATCH"
    with pytest.raises(TypeError) as info:
        gg.segment_sum(x, [0.0, 1.0, 1.0])
    assert info.value.code == "DTYPE_MISMATCH"
    with pytest.raises(ValueError) as info:
        gg.unsorted_segment_sum(x, [[0, 1]], 2)
    assert info.value.code == "SHAPE_MISMATCH"


def test_an_update_under_control_dependencies_updates_the_variable_itself():
    # Before: the variable input of a ref op other than Assign* was swapped for a read
    # under control_dependencies, and the update wrote to a variable named "w/read".
    from graphgate.ops.state_ops import apply_gradient_descent

    v = gg.Variable([1.0, 2.0], name="w")
    rows = gg.Variable(gg.zeros([3]), name="rows")
    gate = gg.no_op()
    with gg.control_dependencies([gate]):
        step = apply_gradient_descent(v, 0.5, gg.constant([1.0, 1.0]))
        scatter = gg.scatter_add(rows, [2, 2], [1.0, 2.0])
    assert step.op.inputs[0] is v and scatter.op.inputs[0] is rows
    with gg.Session() as sess:
        sess.run(gg.global_variables_initializer())
        sess.run([step, scatter])
        np.testing.assert_array_equal(sess.run(v), [0.5, 1.5])
        np.testing.assert_array_equal(sess.run(rows), [0.0, 0.0, 3.0])


def test_scatter_updates_in_a_cond_and_through_the_graph_format():
    v = gg.Variable(gg.zeros([3, 2]), name="v")
    flag = gg.placeholder(gg.bool, [])
    out = gg.cond(
        flag,
        lambda: gg.scatter_nd_add(v, [[0, 1]], [5.0]),
        lambda: gg.scatter_update(v, [2], [[7.0, 8.0]]),
    )
    init = gg.global_variables_initializer()
    g2 = gg.graph_from_dict(gg.graph_to_dict(gg.get_default_graph()))
    for graph in (gg.get_default_graph(), g2):
        sess = gg.Session(graph)
        sess.run(init.name)
        sess.run(out.name, {flag.name: True})
        sess.run(out.name, {flag.name: False})
        np.testing.assert_array_equal(sess.run("v:0"), [[0, 5], [0, 0], [7, 8]])


def test_print_logs_to_the_print_logger_first_n_times_per_session(printed):
    x = gg.placeholder(gg.float32, [None, 2])
    shown = gg.Print(x, [x, gg.shape(x)], "x: ", first_n=2, summarize=3)
    line = gg.print("sum", gg.reduce_sum(x), {"k": 1}, sep="|")
    sess = gg.Session()
    for _ in range(3):
        sess.run([shown, line], {x: [[1.0, 2.5], [3.0, 4.0]]})
    texts = printed
    assert texts.count("x: [[1 2.5][3...]...][2 2]") == 2
    assert texts.count("sum|10.5|{'k': 1}") == 3


def test_debug_ops_round_trip_the_graph_format_and_fail_with_codes():
    p = gg.placeholder(gg.float32, [None], name="p")
    check = gg.assert_less(p, 2.0, message="small")
    with gg.control_dependencies([check, gg.print("p", p)]):
        gg.check_numerics(p * 2, "doubled", name="out")
    g2 = gg.graph_from_dict(gg.graph_to_dict(gg.get_default_graph()))
    sess = gg.Session(g2)
    np.testing.assert_array_equal(sess.run("out:0", {"p:0": [1.0]}), [2.0])
    with pytest.raises(gg.InvalidArgumentError, match=r"assertion failed: \[small\]") as info:
        sess.run("out:0", {"p:0": [3.0]})
    assert info.value.code == "ASSERTION_FAILED"
    with pytest.raises(gg.InvalidArgumentError, match="doubled : Tensor had Inf") as info:
        sess.run("out:0", {"p:0": [-np.inf]})
    assert info.value.code == "NOT_FINITE"


def test_print_writes_values_as_tensorflow_does(printed):
    # The expected lines are what TF 1's Print wrote for the same values.
    x = gg.placeholder(gg.float32, [None, 2])
    cube = gg.constant([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    data = [x, gg.shape(x), gg.constant(True), cube]
    prints = [gg.Print(x, data, "x: ", summarize=n) for n in (3, 1, 4, None, -1)]
    prints.append(gg.Print(x, [gg.constant(1.5), gg.constant([1e-7, 123456789.0])], "s: "))
    gg.Session().run(prints, {x: [[1, 2.5], [3, 4], [5, 6]]})
    assert printed == [
        "x: [[1 2.5][3...]...][3 2][1][[[1 2][3...]]...]",
        "x: [[1...]...][3...][1][[[1...]]...]",
        "x: [[1 2.5][3 4]...][3 2][1][[[1 2][3 4]]...]",
        "x: [[1 2.5][3...]...][3 2][1][[[1 2][3...]]...]",
        "x: [[1 2.5][3 4][5 6]][3 2][1][[[1 2][3 4]][[5 6][7 8]]]",
        "s: [1.5][1e-07 123456792]",
    ]


def test_seeded_random_ops_repeat_in_new_sessions_and_sample_right():
    gg.set_random_seed(5)
    shuffled = gg.random_shuffle(gg.reshape(gg.range(12), [6, 2]))
    draws = gg.multinomial(gg.log([[0.2, 0.0, 0.8]]), 4000)
    ints = gg.random.uniform([2000], -3, 4, dtype=gg.int64)
    counts = gg.random_poisson([2.0, 0.0], [3000])
    runs = [gg.Session().run([shuffled, draws, ints, counts]) for _ in range(2)]
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a, b)
    rows, samples, ints_v, counts_v = runs[0]
    assert sorted(rows[:, 0].tolist()) == list(range(0, 12, 2))
    np.testing.assert_array_equal(rows[:, 1] - rows[:, 0], 1)  # whole rows move
    assert draws.dtype == gg.int64 and not np.any(samples == 1)
    assert abs(np.mean(samples == 2) - 0.8) < 0.03
    assert ints_v.dtype == np.int64 and set(np.unique(ints_v)) == set(range(-3, 4))
    assert abs(counts_v[:, 0].mean() - 2.0) < 0.15 and not counts_v[:, 1].any()


def test_random_crop_gradient_lands_where_the_crop_came_from():
    x = gg.placeholder(gg.float64, [5, 4])
    crop = gg.random_crop(x, [2, 3], seed=1)
    (g,) = gg.gradients(gg.reduce_sum(crop * crop), [x])
    value = np.arange(1.0, 21.0).reshape(5, 4)
    got_crop, got_g = gg.Session().run([crop, g], {x: value})
    mask = got_g != 0
    assert mask.sum() == 6
    np.testing.assert_array_equal(value[mask].reshape(2, 3), got_crop)
    np.testing.assert_array_equal(got_g[mask].reshape(2, 3), 2 * got_crop)
    with pytest.raises(ValueError) as info:
        gg.random_crop(x, [6, 1])
    assert info.value.code == "SHAPE_MISMATCH"


def test_a_graph_with_python_functions_runs_locally_but_is_never_a_document(tmp_path):
    x = gg.placeholder(gg.float32, [None], name="x")
    y = gg.py_func(lambda v: v * 2, [x], gg.float32, name="twice")
    v = gg.Variable(1.0, name="v")
    np.testing.assert_array_equal(gg.Session().run(y, {x: [1.0, 2.0]}), [2.0, 4.0])
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.graph_to_dict(gg.get_default_graph())
    assert info.value.code == "PYTHON_FUNCTION" and info.value.node == "twice"
    doc = {"format": "graphgate.graph/v1", "nodes": [{"name": "f", "op": "PyFunc"}]}
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.graph_from_dict(doc)
    assert info.value.code == "PYTHON_FUNCTION"
    # A checkpoint's meta graph may hold it, as TF's does (it is not run from there).
    with gg.Session() as sess:
        sess.run(v.initializer)
        gg.train.Saver().save(sess, str(tmp_path / "model"))
    with pytest.raises(LookupError) as info:
        gg.gradients(gg.reduce_sum(gg.py_function(lambda a: a, [x], gg.float32)), [x])
    assert info.value.code == "NO_GRADIENT"


UNKNOWN_DIMS = [
    lambda a, b: gg.reverse(a, [0, 1]) + gg.reverse_sequence(b, [1, 4, 2], 1, 0),
    lambda a, b: gg.broadcast_to(a[:1], gg.shape(b)) * b,
    lambda a, b: gg.segment_sum(a, [0, 0, 1]) + gg.unsorted_segment_max(b, [1, 0, 1], 2),
    lambda a, b: gg.unsorted_segment_mean(a, [0, -1, 0], 2) * gg.segment_prod(b, [0, 1, 1]),
    lambda a, b: gg.dynamic_partition(a, [0, 1, 0], 2)[0] + gg.dynamic_stitch([[1, 0]], [b[:2]]),
]
UNKNOWN_RANK = [
    lambda a, b: gg.clip_by_norm(a, 1.0) + gg.check_numerics(b, "b") + gg.Print(a, [b]),
    lambda a, b: gg.verify_tensor_all_finite(a * b, "ab") + gg.reverse(b, [0]),
]


@pytest.mark.parametrize("index", range(len(UNKNOWN_DIMS)))
def test_gradients_with_unknown_dims_match_static_ones(index):
    from tests.unit.engine.test_nn_ops import _shapeless_grads

    _shapeless_grads(UNKNOWN_DIMS[index], [_n(3, 4), _n(3, 4)], rank_known=True)


@pytest.mark.parametrize("index", range(len(UNKNOWN_RANK)))
def test_gradients_with_unknown_rank_match_static_ones(index):
    from tests.unit.engine.test_nn_ops import _shapeless_grads

    _shapeless_grads(UNKNOWN_RANK[index], [_n(3, 4), _n(3, 4)], rank_known=False)


def test_segment_reverse_and_scatter_ops_run_in_while_loop_bodies():
    x = gg.placeholder(gg.float32, [4])
    hits = gg.Variable(gg.zeros([2], gg.int32), name="hits")

    def body(i, acc):
        seg = gg.unsorted_segment_sum(gg.reverse(x, [0]), [0, 1, 0, 1], 2)
        with gg.control_dependencies([gg.scatter_add(hits, gg.expand_dims(i % 2, 0), [1])]):
            return i + 1, acc + seg

    _, total = gg.while_loop(lambda i, acc: i < 3, body, [gg.constant(0), gg.zeros([2])])
    (dx,) = gg.gradients(gg.reduce_sum(total * [1.0, 2.0]), [x])
    with gg.Session() as sess:
        sess.run(hits.initializer)
        got, grad = sess.run([total, dx], {x: [1.0, 2.0, 3.0, 4.0]})
        np.testing.assert_allclose(got, 3 * np.array([4.0 + 2.0, 3.0 + 1.0]))
        np.testing.assert_allclose(grad, [6.0, 3.0, 6.0, 3.0])
        np.testing.assert_array_equal(sess.run(hits), [2, 1])


def test_noisy_linear_cosine_decay_is_seeded_noise_around_the_quiet_schedule():
    gg.set_random_seed(3)
    step = gg.placeholder(gg.int64, [])
    noisy = gg.train.noisy_linear_cosine_decay(0.1, step, 50)
    quiet = gg.train.linear_cosine_decay(0.1, step, 50)
    runs = [[gg.Session().run([noisy, quiet], {step: s}) for s in range(0, 50, 7)] for _ in "ab"]
    assert runs[0] == runs[1]
    assert all(n != q for n, q in runs[0]) and all(abs(n - q) < 0.2 for n, q in runs[0])


def test_random_gamma_samples_its_mean_and_its_mean_moves_with_alpha():
    # E[x] = alpha / beta, so the implicit gradient's mean over many draws is 1 / beta.
    gg.set_random_seed(2)
    alpha = gg.placeholder(gg.float32, [2])
    sample = gg.random_gamma([4000], alpha, beta=[1.0, 4.0])
    grad = gg.gradients(gg.reduce_sum(sample) / 4000.0, [alpha])[0]
    means, slopes = gg.Session().run([sample, grad], {alpha: [3.0, 2.0]})
    np.testing.assert_allclose(means.mean(0), [3.0, 0.5], rtol=0.05)
    np.testing.assert_allclose(slopes, [1.0, 0.25], rtol=0.05)
    shapeless = gg.placeholder(gg.float32)  # no static shape: no gradient, as documented
    with pytest.raises(LookupError) as info:
        gg.gradients(gg.reduce_sum(gg.random_gamma([3], shapeless)), [shapeless])
    assert info.value.code == "NO_GRADIENT"


def test_range_and_linspace_take_scalars_of_unknown_shape():
    step = gg.placeholder(gg.float32)
    n = gg.placeholder(gg.int32)
    r, spaced = gg.range(0.0, 1.0, step), gg.linspace(0.0, 1.0, n)
    got = gg.Session().run([r, spaced], {step: 0.25, n: 3})
    np.testing.assert_allclose(got[0], [0.0, 0.25, 0.5, 0.75])
    np.testing.assert_allclose(got[1], [0.0, 0.5, 1.0])


def test_linspace_of_zero_values_is_empty_and_negative_counts_fail():
    # TF 2's linspace (linspace_nd) gives 0 values as an empty vector (linspace_op tests).
    n = gg.placeholder(gg.int32, [])
    empty, fed = gg.linspace(1.0, 2.0, 0), gg.linspace(1.0, 2.0, n)
    with gg.Session() as sess:
        got = sess.run([empty, fed], {n: 0})
        assert [g.shape for g in got] == [(0,), (0,)] and got[0].dtype == np.float32
        with pytest.raises(gg.errors.InvalidArgumentError):
            sess.run(fed, {n: -1})
    with pytest.raises(ValueError):
        gg.linspace(1.0, 2.0, -1)


@pytest.mark.parametrize(
    "limit,message",
    [
        (np.inf, "Requires ((limit - start) / delta) <= 9223372036854775807"),
        (1e30, "Requires ((limit - start) / delta) <= 9223372036854775807"),
        (np.nan, "Requires start <= limit when delta > 0: 0.0/nan"),
    ],
)
def test_a_range_with_no_countable_length_is_tensorflows_error(limit, message):
    # TF 2.21's messages; an infinite limit was an OverflowError out of the kernel, NaN
    # numpy's "cannot convert float NaN to integer".
    end = gg.placeholder(gg.float32, [])
    r = gg.range(0.0, end, 1.0)
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.Session().run(r, {end: limit})
    assert info.value.code == "COMPUTE_ERROR"
    assert message in str(info.value)


def test_a_range_of_known_length_still_folds_at_compile_time():
    # Range reads the run state to bound a length it reads at run time; constant folding
    # calls it without one, and a range of constants must still be folded, not run.
    x = gg.placeholder(gg.int32, [10])
    y = gg.range(10, name="r") * 2 + x
    metadata = gg.RunMetadata()
    got = gg.Session().run(y, {x: np.arange(10)}, run_metadata=metadata)
    assert got.tolist() == list(range(0, 30, 3))
    ran = [
        n["node_name"] for d in metadata.step_stats.to_dict()["dev_stats"] for n in d["node_stats"]
    ]
    assert ran == ["add"]


def test_prints_and_asserts_take_tensors_of_unknown_rank(printed):
    p = gg.placeholder(gg.float32)
    check = gg.Assert(gg.reduce_all(p > 0), [p, "p"])
    gg.Session().run([gg.print(p), check], {p: [[1.0, 2.0]]})
    with pytest.raises(gg.InvalidArgumentError, match=r"\[\[-1 2\]\] \[p\]"):
        gg.Session().run(check, {p: [[-1.0, 2.0]]})
    assert printed == ["[[1 2]]"]


def test_ones_and_zeros_of_bool_are_true_and_false_as_tf_fills_them():
    # TF's ones/zeros fill a bool tensor with True/False (an int 1 would not convert).
    with gg.Graph().as_default():
        ones, zeros = gg.ones([2], gg.bool), gg.zeros([1, 2], "bool")
        got = gg.Session().run([ones, zeros])
    assert got[0].dtype == np.bool_ and got[0].tolist() == [True, True]
    assert got[1].dtype == np.bool_ and got[1].tolist() == [[False, False]]


def test_a_range_of_constants_is_a_build_time_value_only_while_small():
    # TF1 code permutes with tf.range(2, tf.rank(x)): the perm must be known while
    # building; a range of millions must not be computed then (nothing bounds a build).
    from graphgate.ops.shape_values import constant_value

    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [None, 4, 5, 6])
        np.testing.assert_array_equal(constant_value(gg.range(2, gg.rank(x))), [2, 3])
        assert constant_value(gg.range(0, 10**7)) is None


def test_shape_n_of_one_tensor_fetches_an_array_as_tensorflow_does():
    # A one-input ShapeN's kernel answered a 1-tuple: sess.run gave `(array([2]),)` where
    # TF gives `array([2])`, static shape or fed.
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [None])
        (fixed,) = gg.shape_n([gg.constant([1.0, 2.0])])
        (fed,) = gg.shape_n([x * 2.0], out_type=gg.int64)
        with gg.Session() as sess:
            got, got_fed = sess.run([fixed, fed], {x: [1.0, 2.0, 3.0]})
    assert isinstance(got, np.ndarray) and got.dtype == np.int32 and got.tolist() == [2]
    assert isinstance(got_fed, np.ndarray) and got_fed.dtype == np.int64
    assert got_fed.tolist() == [3]


def test_shape_n_of_tensors_of_two_dtypes_is_type_error_as_tfs():
    # TF's ShapeN has one type attribute for all its inputs (shape_ops_test).
    with pytest.raises(TypeError, match="ShapeN"):
        gg.shape_n([gg.zeros([2], gg.int32), gg.zeros([3])])
    same = gg.shape_n([gg.zeros([2, 1]), gg.zeros([3])], out_type=gg.int64)
    assert [t.dtype for t in same] == [gg.int64, gg.int64]


def test_clip_by_norm_treats_a_negative_clip_norm_as_zero_as_tensorflow_2_does():
    # TF 2.21's clip_by_norm clamps clip_norm at zero (a Python number or a tensor, cast to
    # t's dtype); graphgate scaled by it, answering -t * 0.2 where TF answers zeros.
    with gg.Graph().as_default():
        t = gg.constant([3.0, 4.0])
        norm = gg.placeholder(gg.float64, [])
        with gg.Session() as sess:
            plain, fed = sess.run(
                [gg.clip_by_norm(t, -1.0), gg.clip_by_norm(t, norm)], {norm: -2.0}
            )
            kept = sess.run(gg.clip_by_norm(t, norm), {norm: 2.5})
    assert plain.tolist() == [0.0, 0.0] and fed.tolist() == [0.0, 0.0]
    np.testing.assert_allclose(kept, [1.5, 2.0])


def test_roll_of_a_scalar_is_refused_while_building_as_tensorflow_does():
    # TF's shape function refuses it (ValueError); graphgate built it and failed each run.
    with gg.Graph().as_default(), pytest.raises(ValueError, match="1-D or higher"):
        gg.roll(gg.constant(1), 1, 0)


def test_unsorted_segment_num_segments_must_be_a_scalar_while_building():
    # TF's shape function refuses a vector (ValueError); graphgate leaked numpy's
    # TypeError from converting it to an int.
    with gg.Graph().as_default(), pytest.raises(ValueError, match="num_segments must be a scalar"):
        gg.unsorted_segment_sum(gg.constant([1.0]), [0], gg.constant([1, 2]))
