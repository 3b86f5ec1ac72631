"""The gradient of a lookup inside a cond, as TF1 (control flow v1) builds it: slices
where the taken branch looked rows up, every row where the other branch ran, dense where
a branch reads the table densely; and what the optimizers then train, which depends on
the rows their sparse updates touch.

`tests/reference/tf1_indexed_slices_cond.py` holds the programs; it wrote what
`tf.compat.v1` did into `fixtures/tf1_indexed_slices_cond.json`. Here the same code runs
with `tf` bound to graphgate.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_indexed_slices import _same

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf1_indexed_slices_cond.json").read_text()
)["cases"]
_spec = importlib.util.spec_from_file_location(
    "tf1_indexed_slices_cond", ROOT / "tests/reference/tf1_indexed_slices_cond.py"
)
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)


@pytest.mark.parametrize("program", cases.PROGRAMS, ids=lambda p: p.__name__)
@pytest.mark.parametrize("id_dtype", ["int32", "int64"])
def test_gradient_is_what_tf1_returns_for_either_branch(program, id_dtype):
    got = cases._gradient(gg, program, getattr(gg, id_dtype))
    _same(json.loads(json.dumps(got)), FIXTURE["gradients"][f"{program.__name__}_{id_dtype}"], "")


@pytest.mark.parametrize("program", cases.PROGRAMS, ids=lambda p: p.__name__)
def test_optimizers_train_the_rows_tf1_trains(program):
    for oname, make in cases._optimizers(gg).items():
        got = cases._train(gg, program, make)
        _same(got, FIXTURE["training"][f"{program.__name__}_{oname}"], oname)


def test_a_resource_variable_trains_as_in_tf1():
    _same(cases.resource_variable(gg), FIXTURE["resource_variable"], "")


def test_every_case_has_a_reference():
    names = {f"{p.__name__}_{d}" for p in cases.PROGRAMS for d in ("int32", "int64")}
    assert set(FIXTURE["gradients"]) == names


@pytest.mark.parametrize("program", [cases.in_loop, cases.cond_in_loop, cases.loop_in_cond])
def test_a_loops_sliced_gradient_survives_the_graph_document(program):
    """GIVEN a loop gradient whose WhileGrad returns a capture's slices (two outputs)
    WHEN the graph goes through its JSON document and back
    THEN the reloaded graph passes the WhileGrad check and computes the same gradient."""
    from graphgate.serialization import graph_from_dict, graph_to_dict

    g = gg.Graph()
    with g.as_default():
        w = gg.Variable(np.arange(15, dtype=np.float32).reshape(5, 3) / 10, name="w")
        pred = gg.placeholder(gg.bool, [], name="pred")
        ids = gg.placeholder(gg.int32, [None], name="ids")
        (grad,) = gg.gradients(program(gg, w, pred, ids), w)
        dense = gg.convert_to_tensor(grad)
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            want = sess.run(dense, {pred: True, ids: [2, 0, 2]})
    g2 = graph_from_dict(json.loads(json.dumps(graph_to_dict(g))))
    with g2.as_default(), gg.Session(graph=g2) as sess:
        sess.run(gg.global_variables_initializer())
        feeds = {g2.get_tensor_by_name("pred:0"): True, g2.get_tensor_by_name("ids:0"): [2, 0, 2]}
        got = sess.run(g2.get_tensor_by_name(dense.name), feeds)
    np.testing.assert_array_equal(got, want)
    sliced = [
        op
        for op in g2.get_operations()
        if op.type == "WhileGrad"
        and len(op.attrs["body"].outputs) > op.attrs["n_vars"] + op.attrs["n_caps"]
    ]
    assert sliced  # the document kept the slices' layout
