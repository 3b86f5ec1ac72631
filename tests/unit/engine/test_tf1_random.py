"""Seeded random numbers are TensorFlow's, bit for bit.

`tests/reference/tf1_random.py` recorded, with TensorFlow, what each random kernel draws for
given seeds on a session's first and second run, and seeded TF1 programs' initial weights,
dropout masks, shuffles and losses (`fixtures/tf1_random.json`). Here the same kernels and
programs run on graphgate.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate.ops import philox, random_extra_ops, sampling_ops  # noqa: F401 (registers ops)
from tests.unit.engine.tf_observed import assert_observed

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_random.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_random", ROOT / "tests" / "reference" / "tf1_random.py"
)
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)


def _kernel_op(key: str) -> gg.Tensor:
    op, dtype, shape, *rest = key.split("/")
    shape = json.loads(shape)
    graph = gg.get_default_graph()
    if op == "RandomPoissonV2":
        rate = gg.constant(np.array(json.loads(rest[1]), dtype))
        attrs = {"shape": tuple(shape), "seed": 87654321, "seed2": 5, "dtype": gg.as_dtype(rest[0])}
        return graph.create_op(op, (rate,), attrs, op).outputs[0]
    if op == "RandomGamma":
        alpha = gg.constant(np.array(json.loads(rest[0]), dtype))
        attrs = {"shape": tuple(shape), "seed": 87654321, "seed2": 5}
        return graph.create_op(op, (alpha,), attrs, op).outputs[0]
    if op == "RandomUniformInt":
        lo, hi = (gg.constant(int(v), dtype) for v in rest)
        attrs = {"shape": tuple(shape), "seed": 9, "seed2": 2}
        return graph.create_op(op, (lo, hi), attrs, op).outputs[0]
    seed, seed2 = (int(v) for v in rest)
    attrs = {"shape": tuple(shape), "dtype": gg.as_dtype(dtype), "seed": seed, "seed2": seed2}
    return graph.create_op(op, (), attrs, op).outputs[0]


def _digest(value: np.ndarray) -> str:
    if value.size < 10:
        return value.tobytes().hex()
    return hashlib.sha256(value.tobytes()).hexdigest()


KERNEL_STREAMS = sorted(k for k, v in FIXTURE["streams"].items() if "sampler" not in v)
SAMPLERS = {reference.sampler_key(*entry): entry for entry in reference.SAMPLER_STREAMS}


@pytest.mark.parametrize("key", KERNEL_STREAMS)
def test_a_kernel_draws_tensorflows_numbers_run_after_run(key):
    with gg.Graph().as_default():
        tensor = _kernel_op(key)
        with gg.Session() as sess:
            runs = [sess.run(tensor), sess.run(tensor)]
    assert [_digest(r) for r in runs] == FIXTURE["streams"][key]["bytes"]


@pytest.mark.parametrize("key", sorted(SAMPLERS))
def test_a_candidate_sampler_draws_tensorflows_classes_run_after_run(key):
    """The sampled ids and the expected counts are TF's exactly (a unique sample needing
    more draws than classes goes through fdlibm's float log1pf/expm1f, as TF's kernel
    through glibc before 2.41)."""
    op, r, n, unique, seed, seed2, extra = SAMPLERS[key]
    with gg.Graph().as_default() as graph:
        true = gg.constant(np.array(reference.SAMPLER_TRUE, np.int64))
        attrs = {"num_true": 2, "num_sampled": n, "unique": unique, "range_max": r}
        attrs.update(seed=seed, seed2=seed2, **extra)
        if "unigrams" in extra:
            attrs["unigrams"] = np.array(extra["unigrams"], np.float32)
        outputs = graph.create_op(op, (true,), attrs, op).outputs
        with gg.Session() as sess:
            runs = [sess.run(outputs), sess.run(outputs)]
    for (ids, true_counts, counts), theirs in zip(
        runs, FIXTURE["streams"][key]["sampler"], strict=True
    ):
        assert ids.tolist() == theirs[0]
        for ours, expected in ((true_counts, theirs[1]), (counts, theirs[2])):
            expected = np.array(expected, np.float32)
            assert ours.dtype == np.float32 and ours.shape == expected.shape
            assert ours.tobytes() == expected.tobytes()


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_a_seeded_program_draws_and_trains_as_in_tensorflow(name):
    out = reference.run(gg, reference.PROGRAMS[name])
    assert_observed(out, FIXTURE["programs"][name], name)


def test_fdlibm_log1pf_and_expm1f_agree_with_glibc_before_2_41():
    """The expected counts' log1pf/expm1f are fdlibm's float code, which glibc shipped
    until 2.41; where this machine's libm is such a glibc they agree bit for bit."""
    import ctypes
    import ctypes.util
    import platform

    version = platform.libc_ver()
    if version[0] != "glibc" or tuple(int(v) for v in version[1].split(".")[:2]) >= (2, 41):
        pytest.skip("no glibc before 2.41 here")
    libm = ctypes.CDLL(ctypes.util.find_library("m"))
    for fn in ("log1pf", "expm1f"):
        getattr(libm, fn).restype = ctypes.c_float
        getattr(libm, fn).argtypes = [ctypes.c_float]
    rng = np.random.default_rng(11)
    p = np.concatenate([rng.random(5000), rng.random(500) * 1e-6, [1.0, 0.0, 2**-30, 0.2929]])
    x = -p.astype(np.float32)
    assert (
        philox.log1pf(x).tobytes()
        == np.array([libm.log1pf(float(v)) for v in x], np.float32).tobytes()
    )
    y = np.concatenate([x * rng.integers(1, 300, x.size), [-np.inf, -20.0, -0.34657, -1.0397]])
    y = y.astype(np.float32)
    assert (
        philox.expm1f(y).tobytes()
        == np.array([libm.expm1f(float(v)) for v in y], np.float32).tobytes()
    )


def test_glibc_logf_and_sincosf_agree_with_the_c_library_where_there_is_one():
    """The Box-Muller helpers are glibc's algorithms; where this machine's libm is glibc,
    they agree with it on every float32 Box-Muller can feed them (a sample of them)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("m")
    libc_name = ctypes.util.find_library("c") or ""
    if name is None or "musl" in libc_name:
        pytest.skip("no glibc libm here")
    libm = ctypes.CDLL(name)
    for fn in ("logf", "sinf", "cosf"):
        getattr(libm, fn).restype = ctypes.c_float
        getattr(libm, fn).argtypes = [ctypes.c_float]
    bits = np.random.default_rng(7).integers(0, 2**32, 20000, dtype=np.uint64).astype(np.uint32)
    u = np.maximum(philox._unit_float(bits), np.float32(1e-7))
    assert [float(v) for v in philox.logf(u)] == [libm.logf(float(v)) for v in u]
    angle = (2 * np.pi * u.astype(np.float64)).astype(np.float32)
    sin, cos = philox.sincosf(angle)
    assert [float(v) for v in sin] == [libm.sinf(float(v)) for v in angle]
    assert [float(v) for v in cos] == [libm.cosf(float(v)) for v in angle]


def test_a_graph_seed_numbers_the_unseeded_random_ops_in_order():
    """TF 2's compat.v1 rule: the n-th op that takes its seed from the graph gets op seed n,
    whatever else the graph holds; ops with their own seed do not count."""
    with gg.Graph().as_default() as graph:
        gg.set_random_seed(5)
        gg.constant(1.0)
        a = gg.random_normal([2])
        gg.random_uniform([2], seed=3)
        b = gg.random_uniform([2])
        assert (a.op.attrs["seed"], a.op.attrs["seed2"]) == (5, 0)
        assert b.op.attrs["seed2"] == 1
        assert gg.random.get_seed(None) == (5, 2)
        assert graph.seeds_drawn == 3
    with gg.Graph().as_default():
        gg.set_random_seed(0)
        assert gg.random.get_seed(0) == (0, 2**31 - 1)  # (0, 0) reads as "no seed"
        assert gg.random.get_seed(2**31 + 5) == (0, 6)


def test_a_learned_unigram_samplers_counts_travel_with_the_sessions_random_state():
    """The learned counts are session state (TF keeps them in the kernel): a session
    restored from another's random state samples what the first would have next."""
    with gg.Graph().as_default():
        true = gg.placeholder(gg.int64, [None, 1])
        sampled = gg.nn.learned_unigram_candidate_sampler(true, 1, 3, True, 6, seed=5)
        feeds = [{true: [[2], [2], [5]]}, {true: [[2], [4]]}]
        with gg.Session() as first:
            for feed in feeds:
                first.run(sampled, feed)
            state = json.loads(json.dumps(first.get_random_state()))
            expected = first.run(sampled, feeds[0])
        assert any(key.startswith("unigram:") for key in state)
        with gg.Session() as second:
            second.set_random_state(state)
            again = second.run(sampled, feeds[0])
        with gg.Session() as fresh:
            plain = fresh.run(sampled, feeds[0])
    for ours, theirs in zip(again, expected, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert not np.array_equal(plain[2], expected[2])  # the counts, not only the stream


def test_a_session_continues_another_sessions_streams_and_refuses_a_malformed_state():
    with gg.Graph().as_default() as graph:
        gg.set_random_seed(3)
        u = gg.random_uniform([4])
        first = gg.Session(graph=graph)
        runs = [first.run(u), first.run(u)]
        second = gg.Session(graph=graph)
        second.set_random_state(json.loads(json.dumps(first.get_random_state())))
        third = gg.Session(graph=graph)
        expected = [third.run(u) for _ in range(3)][2]
        assert np.array_equal(second.run(u), expected)  # the third draw, not the first
        assert not np.array_equal(runs[0], expected)
        for bad in ({"bogus:x": 1}, {"philox:x": "not a list"}, {"count:x": "many"}):
            with pytest.raises(gg.GraphgateError, match="not a random state") as caught:
                second.set_random_state(bad)
            assert caught.value.code == "INVALID_DOCUMENT"
