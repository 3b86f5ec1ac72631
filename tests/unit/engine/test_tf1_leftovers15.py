"""TF1 programs earlier rounds left answered otherwise by graphgate, run unchanged on
graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_leftovers15.py`,
`fixtures/tf1_leftovers15.json`): `tf.fill` of a scalar dims (answered before, refused by
TF) and `zeros`/`ones` of a scalar tensor (refused before, run by TF); dilated pooling and
`with_space_to_batch` over spatial sizes known only when run (UNIMPLEMENTED before);
tf_keras' BatchNormalization with renorm (UNIMPLEMENTED before); contrib's
npairs_loss_multilabel (missing before)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers15")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        scope = {"tf": gg, "np": np, "out": out, "raises": raised}
        # graphgate's own contrib function where TF's re-typed one ran
        scope["contrib_npairs_multilabel"] = _contrib_npairs_multilabel
        exec(programs.PROGRAMS[name], scope)
    # float32 convolutions and pools summed in another order than TF's: a few ulps
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=1e-5, abs_tol=1e-5)


def _contrib_npairs_multilabel(tf):
    return tf.contrib.losses.metric_learning.npairs_loss_multilabel


def test_tfs_graph_def_of_the_sparse_tensors_map_ops_answers_as_tf():
    # GIVEN TF's GraphDef of AddSparseToTensorsMap, AddManySparseToTensorsMap and
    # TakeManySparseFromTensorsMap (an input pipeline's way of queueing SparseTensors)
    graph_def = gg.GraphDef.FromString(programs.SPARSE_MAP_PB.read_bytes())
    with gg.Graph().as_default() as graph:
        gg.import_graph_def(graph_def, name="")
    # WHEN run THEN the handles (counted from 0, AddMany's rows with entries first), the
    # joined SparseTensors and the refusals are TF's from the same bytes
    scope = {"tf": gg, "np": np, "raises": raised}
    exec(programs.SPARSE_MAP.replace("\nsparse_map_graph()\n", "\n"), scope)
    with gg.Session(graph) as sess:
        got = scope["sparse_map_answers"](sess)
    assert_observed(got, FIXTURE["tf_sparse_map_graph_def"], "graph_def")


def test_tfs_graph_def_of_sibling_conds_kills_only_the_op_that_waits():
    # GIVEN TF's GraphDef of conds whose branch ops wait on another cond's branch update
    # (before: the importer put a cond's Merge reading such a branch op into the other
    # cond's branch, so `e` was DEAD_FETCH where TF answers -2.0, and with p1 False, p2
    # True the update waiting on the dead one ran: w was 100 where TF's stays 0)
    graph_def = gg.GraphDef.FromString(programs.SIBLING_CONDS_PB.read_bytes())
    with gg.Graph().as_default() as graph:
        gg.import_graph_def(graph_def, name="")
    # WHEN each fetch runs under every predicate THEN the values, the failures and the
    # variables after are TF's from the same bytes
    scope = {"tf": gg, "np": np, "raises": raised}
    exec(programs.SIBLING_CONDS, scope)
    with gg.Session(graph) as sess:
        got = scope["sibling_conds_answers"](sess)
    assert_observed(got, FIXTURE["tf_sibling_conds_graph_def"], "graph_def")
