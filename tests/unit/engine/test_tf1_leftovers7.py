"""TF1 programs earlier rounds left answered otherwise by graphgate (gradients through a cond
or loop under an update, arguments known only at run time, failing linear algebra), run unchanged on
graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_leftovers7.py`,
`fixtures/tf1_leftovers7.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization, tf_export, tf_graph
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers7")

KNOWN_DIFFERENT: dict = {}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)


def _transposed_by_a_fed_perm():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [2, 3], name="x")
        p = gg.placeholder(gg.int32, [2], name="p")
        gg.transpose(x, p, name="y")
    return graph, {"p:0": [1, 0]}, lambda xv: xv.T


def _concatenated_along_a_fed_axis():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [2, 3], name="x")
        a = gg.placeholder(gg.int32, [], name="a")
        gg.concat([x, x * 2.0], a, name="y")
    return graph, {"a:0": 1}, lambda xv: np.concatenate([xv, xv * 2], 1)


RUN_TIME_ARGUMENTS = pytest.mark.parametrize(
    "build", [_transposed_by_a_fed_perm, _concatenated_along_a_fed_axis], ids=["perm", "axis"]
)


@RUN_TIME_ARGUMENTS
def test_a_run_time_argument_keeps_through_a_document_and_a_tf_graph_def(build):
    # GIVEN a transpose by a fed perm (a concat along a fed axis), written as graphgate's
    # document and as TF's GraphDef
    graph, feed, want = build()
    xv = np.arange(6, dtype=np.float32).reshape(2, 3)
    again = serialization.graph_from_dict(serialization.graph_to_dict(graph))
    imported = serialization.graph_from_dict(
        tf_graph.graph_document(tf_export.graph_def_bytes(graph))
    )
    # WHEN each runs
    for g in (again, imported):
        y = g.get_tensor_by_name("y:0")
        # THEN the argument is still an input, and the value TF's
        assert y.shape.as_list() == [None, None]
        got = gg.Session(g).run(y, {"x:0": xv, **feed})
        np.testing.assert_array_equal(got, want(xv))


@RUN_TIME_ARGUMENTS
def test_a_run_time_argument_is_refused_by_onnx_export(build):
    graph, feed, _ = build()
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.export_onnx(graph, ["y:0"], ["x:0", *feed])
    assert info.value.code == "ONNX_UNSUPPORTED"


def test_a_failed_cholesky_writes_zeros_above_its_nan():
    # TF's kernel leaves the upper triangle unwritten (whatever memory held); zeros here,
    # as for a factor that succeeds, rather than anything that looks computed.
    with gg.Graph().as_default():
        got = gg.Session().run(gg.linalg.cholesky(gg.constant([[1.0, 2.0], [2.0, 1.0]])))
    assert np.isnan(got[1, 0]) and np.isnan(np.diag(got)).all() and got[0, 1] == 0.0
