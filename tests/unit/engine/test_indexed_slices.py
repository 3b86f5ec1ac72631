"""IndexedSlices as TF1 hands them to a program: the gradient of a gather or an
embedding_lookup with respect to its table, fetched as an IndexedSlicesValue (repeated
indices left as they are), made dense by `convert_to_tensor`, kept by clipping, applied
sparsely by the optimizers.

`tests/reference/tf1_indexed_slices.py` holds the cases; it wrote what `tf.compat.v1` did
into `fixtures/tf1_indexed_slices.json`. Here the same code runs with `tf` bound to
graphgate.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import reference

FIXTURE, cases = reference("tf1_indexed_slices")

# TF 2's compat.v1 names a `tf.gather` "Gather"; TF 1.x and graphgate "GatherV2".
_GATHER = re.compile(r"\bGather(V2)?(_\d+)?_grad\b")


def _same(got, want, path):
    if isinstance(want, dict):
        assert isinstance(got, dict) and set(got) == set(want), f"{path}: keys {got}"
        for k in want:
            _same(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list) and want and all(isinstance(v, float) for v in want):
        # Floats of one computation in float32: the last bit may round differently.
        np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-7, err_msg=path)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _same(g, w, f"{path}[{i}]")
    elif isinstance(want, str):
        assert _GATHER.sub("Gather_grad", got) == _GATHER.sub("Gather_grad", want), path
    else:
        assert got == want, f"{path}: {got!r}, TensorFlow {want!r}"


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tensorflow(name):
    got = json.loads(json.dumps(cases.CASES[name](gg)))
    _same(got, FIXTURE["cases"][name], name)


def test_every_case_has_a_reference():
    assert sorted(FIXTURE["cases"]) == sorted(cases.CASES)


def _embedding_gradient():
    g = gg.Graph()
    with g.as_default():
        w = gg.Variable(np.arange(12.0, dtype=np.float32).reshape(4, 3), name="w")
        e = gg.nn.embedding_lookup(w, [0, 2, 0])
        loss = gg.reduce_sum(e * e)
        (grad,) = gg.gradients(loss, w)
    return g, w, loss, grad


def test_the_dense_gradient_the_optimizer_applies_is_the_one_it_applied_before():
    """GIVEN the IndexedSlices tf.gradients now returns
    WHEN an optimizer applies it
    THEN it applies the very dense gradient tensor the engine computed (numbers as before)."""
    g, w, loss, grad = _embedding_gradient()
    with g.as_default():
        (dense,) = gg.gradients(loss, w, dense=True)
        assert dense.op.type == "GatherGrad"
        assert isinstance(grad, gg.IndexedSlices)
        assert grad._dense.op.type == "GatherGrad"
        from graphgate.indexed_slices import dense_gradient

        assert dense_gradient(grad, w) is grad._dense


def test_fetching_slices_gives_repeated_indices_unsummed_and_the_dense_sum():
    g, _, _, grad = _embedding_gradient()
    with g.as_default(), gg.Session(graph=g) as sess:
        sess.run(gg.global_variables_initializer())
        value, dense = sess.run([grad, gg.convert_to_tensor(grad)])
    assert isinstance(value, gg.IndexedSlicesValue)
    np.testing.assert_array_equal(value.indices, [0, 2, 0])
    np.testing.assert_array_equal(value.dense_shape, [4, 3])
    want = np.zeros((4, 3), np.float32)
    np.add.at(want, value.indices, value.values)
    np.testing.assert_array_equal(dense, want)


def test_feeding_slices_a_wrong_value_is_a_clear_error():
    g, _, _, grad = _embedding_gradient()
    with g.as_default(), gg.Session(graph=g) as sess, pytest.raises(gg.GraphgateError) as exc:
        sess.run(gg.convert_to_tensor(grad), {grad: np.ones((3, 3))})
    assert exc.value.code == "FEED_DTYPE_MISMATCH"


def test_feeding_a_gradient_another_dense_shape_is_refused_not_dropped():
    # GIVEN a gradient's slices, whose dense_shape is a constant [4, 3]
    g, _, _, grad = _embedding_gradient()
    values, indices = np.ones((3, 3), np.float32), np.array([1, 3, 3])
    with g.as_default(), gg.Session(graph=g) as sess:
        dense = gg.convert_to_tensor(grad)
        # WHEN fed its own shape, THEN it is used; WHEN fed another, THEN refused
        got = sess.run(dense, {grad: (values, indices, [4, 3])})
        assert got.tolist() == [[0.0] * 3, [1.0] * 3, [0.0] * 3, [2.0] * 3]
        with pytest.raises(gg.GraphgateError) as exc:
            sess.run(dense, {grad: (values, indices, [5, 3])})
    assert exc.value.code == "FEED_SHAPE_MISMATCH" and "may not be fed" in str(exc.value)


def test_an_indexed_slices_value_round_trips_as_a_namedtuple():
    v = gg.IndexedSlicesValue(np.ones((1, 2)), np.array([3]), None)
    assert v._fields == ("values", "indices", "dense_shape")
    assert v._replace(dense_shape=[4, 2]).dense_shape == [4, 2]
    assert "IndexedSlicesValue(values=" in repr(v)


def test_a_gather_off_the_path_to_the_loss_does_not_reorder_the_slices():
    # GIVEN two lookups on the loss's path and a third, of the first's very indices
    # tensor, made later and not on the path (TF 2.21's tf.compat.v1 gives the slices
    # below: the first lookup's rows first)
    g = gg.Graph()
    with g.as_default():
        table = gg.Variable(np.arange(12.0).reshape(6, 2))
        ids, other = gg.constant([0, 1]), gg.constant([4, 5, 3])
        loss = gg.reduce_sum(gg.gather(table, ids) * 2.0)
        loss += gg.reduce_sum(gg.gather(table, other) * 3.0)
        gg.gather(table, ids)
        # WHEN the table's gradient is fetched
        (grad,) = gg.gradients(loss, [table])
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            value = sess.run(grad)
    # THEN the slices are in TF's order, not the unused lookup's
    assert value.indices.tolist() == [0, 1, 4, 5, 3]
    assert value.values.tolist() == [[2.0, 2.0]] * 2 + [[3.0, 3.0]] * 3


def _random_lookups(seed: int):
    """A loss of 1-4 lookups (gather or embedding_lookup, ids of rank 1-2 with repeats
    and empty shapes, some fed) of one table, and its gradient added up in numpy."""
    rng = np.random.default_rng(seed)
    rows, depth = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    want = np.zeros((rows, depth))
    table = gg.Variable(rng.standard_normal((rows, depth)))
    read = table if rng.random() < 0.5 else gg.identity(table)
    terms = []
    for _ in range(int(rng.integers(1, 5))):
        shape = tuple(int(d) for d in rng.integers(0, 4, size=int(rng.integers(1, 3))))
        ids = rng.integers(0, rows, size=shape)
        weights = rng.standard_normal((*shape, depth))
        kind = int(rng.integers(0, 3))
        if kind == 0:
            looked = gg.gather(read, gg.constant(ids.astype(np.int32)))
        elif kind == 1:
            looked = gg.nn.embedding_lookup(read, gg.constant(ids.astype(np.int64)))
        else:
            fed = gg.placeholder_with_default(ids.astype(np.int32), [None] * len(shape))
            looked = gg.gather(read, fed)
        terms.append(gg.reduce_sum(looked * weights))
        np.add.at(want, ids.reshape(-1), weights.reshape(-1, depth))
    return table, gg.add_n(terms), want


@pytest.mark.parametrize("seed", range(25))
def test_slices_made_dense_are_the_dense_gradient_on_random_lookups(seed):
    g = gg.Graph()
    with g.as_default():
        table, loss, want = _random_lookups(seed)
        (slices,) = gg.gradients(loss, [table])
        (dense,) = gg.gradients(loss, [table], dense=True)
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            got, got_dense = sess.run([gg.convert_to_tensor(slices), dense])
    np.testing.assert_allclose(got, want, atol=1e-12)
    np.testing.assert_allclose(got_dense, want, atol=1e-12)
