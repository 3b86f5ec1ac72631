"""tf.data with SparseTensor elements on graphgate, pinned to what TensorFlow does:
from_tensor_slices, from_tensors, batch (TF's batch of sparse elements), unbatch, map
(to, from and of SparseTensors, VarLenFeature parsing), filter, zip, concatenate, the
iterators, and padded_batch's refusal.

`tests/reference/tf1_data_sparse.py` holds the cases; it wrote what `tf.compat.v1` did
into `fixtures/tf1_data_sparse.json`. Here the same code runs with `tf` bound to graphgate.
"""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import reference

FIXTURE, cases = reference("tf1_data_sparse")

# Static shapes graphgate knows less or more of than TensorFlow 2's compat.v1 (the values
# are the same): a SparseTensor rebuilt from a function argument's dense_shape keeps TF's
# static shape there, and sparse.reduce_sum's result has a known rank here.
KNOWN = {
    "map_values": [(("next", "shape"), [None]), (("shapes",), [None])],
    "map_of_a_batch": [(("next", 0, "shape"), [None]), (("shapes", 0), [None])],
}


def _apply(want, known):
    """`want` with the KNOWN differences (path, graphgate's value) written over it."""
    for path, value in known:
        at = want
        for key in path[:-1]:
            at = at[key]
        at[path[-1]] = value
    return want


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tensorflow(name):
    with gg.Graph().as_default():
        got = json.loads(json.dumps(cases.CASES[name](gg)))
    want = _apply(copy.deepcopy(FIXTURE["cases"][name]), KNOWN.get(name, []))
    assert got == want


def test_every_case_has_a_reference():
    assert sorted(FIXTURE["cases"]) == sorted(cases.CASES)


def test_a_sparse_dataset_graph_round_trips_the_wire_format():
    """GIVEN a dataset graph mapping and batching SparseTensors
    WHEN it goes through graph_to_dict and back (as the service stores it)
    THEN it gives the same elements (a variant placeholder could not be written)."""
    g = gg.Graph()
    with g.as_default():
        sp = gg.SparseTensor([[0, 1], [0, 3], [2, 0]], [1.0, 2.0, 3.0], [3, 4])
        ds = gg.data.Dataset.from_tensor_slices(sp)
        ds = ds.map(lambda s: gg.SparseTensor(s.indices, s.values * 2, s.dense_shape)).batch(2)
        nxt = ds.make_one_shot_iterator().get_next()
    names = [t.name for t in nxt.components()]
    document = json.loads(json.dumps(gg.graph_to_dict(g)))
    with gg.Session(graph=gg.graph_from_dict(document)) as sess:
        indices, values, shape = sess.run(names)
    np.testing.assert_array_equal(indices, [[0, 1], [0, 3]])  # row 1 of the batch is empty
    np.testing.assert_array_equal(values, [2.0, 4.0])
    np.testing.assert_array_equal(shape, [2, 4])
