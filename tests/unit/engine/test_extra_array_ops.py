"""graphgate's TF1 array, segment, scatter, debugging and random additions beyond what
test_tf_array_reference.py pins to TensorFlow: gradients against finite differences,
unknown shapes, control-flow bodies, run-time checks and codes."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate.ops import extra_array_ops
from graphgate.ops.registry import REGISTRY
from tests.unit.engine.test_gradients import check_grads

RNG = np.random.default_rng(7)


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
    ],
)
def test_gradients_match_finite_differences(build, shapes):
    check_grads(build, *[_n(*s) for s in shapes])


def test_every_op_of_the_module_has_a_gradient_or_is_declared_without():
    ops = {"Range", "LinSpace", "ReverseV2", "ReverseSequence", "BroadcastTo", "Rank"}
    assert extra_array_ops.range is gg.range
    for t in ops:
        d = REGISTRY[t]
        assert d.grad is not None or not d.differentiable, t


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
        assert info.value.code == "COMPUTE_ERROR"
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
