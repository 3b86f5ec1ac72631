"""Axes known only at run time, read from the end and out of range, run unchanged on
graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_runaxes.py`,
`fixtures/tf1_runaxes.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization, tf_export, tf_graph
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_runaxes")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)


def _fed_axis(build, axis_shape=()):
    """A graph of `y = build(x, a)`, x [2, 3] and the axis a fed (int32 of `axis_shape`)."""
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [2, 3], name="x")
        a = gg.placeholder(gg.int32, axis_shape, name="a")
        gg.identity(build(x, a), name="y")
    return graph


def _softmax_0(v):
    e = np.exp(v - v.max(0))
    return e / e.sum(0)


# name: (y of x and a fed axis, the axis's shape, {axis: y of x's value} TF computes,
#        axes out of range)
RUN_TIME_AXES = {
    "expand_dims": (
        gg.expand_dims,
        (),
        {-1: lambda v: v[:, :, None], -3: lambda v: v[None], 2: lambda v: v[..., None]},
        (3, -4),
    ),
    "gather": (
        lambda x, a: gg.gather(x, [1, 0, 1], axis=a),
        (),
        {-1: lambda v: v[:, [1, 0, 1]], -2: lambda v: v[[1, 0, 1]], 0: lambda v: v[[1, 0, 1]]},
        (2, -3),
    ),
    "cumsum": (
        lambda x, a: gg.cumsum(x, a, reverse=True),
        (),
        {
            -1: lambda v: np.cumsum(v[:, ::-1], 1)[:, ::-1],
            -2: lambda v: np.cumsum(v[::-1], 0)[::-1],
        },
        (2, -3),
    ),
    "cumprod": (
        lambda x, a: gg.cumprod(x, a, exclusive=True),
        (),
        {
            -1: lambda v: np.cumprod(np.c_[np.ones(2), v[:, :-1]], 1),
            0: lambda v: np.r_[[np.ones(3)], v[:1]],
        },
        (2, -3),
    ),
    "reverse": (
        gg.reverse,
        (None,),
        {(-1,): lambda v: v[:, ::-1], (0, -1): lambda v: v[::-1, ::-1], (): lambda v: v},
        ((2,), (-3,), (1, -1)),
    ),
    "argmax": (
        gg.argmax,
        (),
        {-1: lambda v: np.argmax(v, 1), -2: lambda v: np.argmax(v, 0)},
        (2, -3),
    ),
    "argmin": (
        gg.argmin,
        (),
        {-1: lambda v: np.argmin(v, 1), 0: lambda v: np.argmin(v, 0)},
        (2, -3),
    ),
    # TF1's softmax of a tensor axis: a negative axis plus the rank, then modulo the rank,
    # swapped with the last axis by a perm that names the last twice if it is the last.
    "softmax": (
        gg.nn.softmax,
        (),
        {0: _softmax_0, -2: _softmax_0, 2: _softmax_0},
        (-1, 1, -3),
    ),
    "log_softmax": (
        gg.nn.log_softmax,
        (),
        {0: lambda v: np.log(_softmax_0(v)), 4: lambda v: np.log(_softmax_0(v))},
        (-1, 1, 3),
    ),
}


@pytest.mark.parametrize("name", RUN_TIME_AXES)
def test_a_run_time_axis_keeps_through_a_document_and_a_tf_graph_def(name):
    # GIVEN y along a fed axis, written as graphgate's document and as TF's GraphDef
    build, axis_shape, wants, _ = RUN_TIME_AXES[name]
    graph = _fed_axis(build, axis_shape)
    again = serialization.graph_from_dict(serialization.graph_to_dict(graph))
    imported = serialization.graph_from_dict(
        tf_graph.graph_document(tf_export.graph_def_bytes(graph))
    )
    xv = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.0
    for g in (graph, again, imported):
        y = g.get_tensor_by_name("y:0")
        # WHEN it runs with each axis, negative ones too
        for axis, want in wants.items():
            fed = np.int32(axis)
            got = gg.Session(g).run(y, {"x:0": xv, "a:0": fed})
            # THEN the value is TF's
            np.testing.assert_allclose(got, want(xv), rtol=1e-6)


@pytest.mark.parametrize("name", RUN_TIME_AXES)
def test_a_run_time_axis_out_of_range_fails_the_run_as_tf(name):
    build, axis_shape, _, bad = RUN_TIME_AXES[name]
    graph = _fed_axis(build, axis_shape)
    for axis in bad:
        with pytest.raises(gg.errors.InvalidArgumentError):
            gg.Session(graph).run(
                "y:0", {"x:0": np.ones((2, 3), np.float32), "a:0": np.int32(axis)}
            )


@pytest.mark.parametrize("name", RUN_TIME_AXES)
def test_a_run_time_axis_is_refused_by_onnx_export(name):
    build, axis_shape, _, _ = RUN_TIME_AXES[name]
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.export_onnx(_fed_axis(build, axis_shape), ["y:0"], ["x:0", "a:0"])
    assert info.value.code == "ONNX_UNSUPPORTED"
