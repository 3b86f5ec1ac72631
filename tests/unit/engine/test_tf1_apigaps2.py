"""TF1 public symbols graphgate lacked after the first survey round
(`tf.metrics.average_precision_at_k`...), run unchanged on graphgate against what
`tf.compat.v1` observed (`tests/reference/tf1_apigaps2.py`, `fixtures/tf1_apigaps2.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_apigaps2")

KNOWN_DIFFERENT = {
    # TF's SparseReorder keeps an index past the dense shape, and the SparseTensor it
    # returns fails whatever reads it later; graphgate's sparse ops refuse such an index
    # where it first appears (InvalidArgumentError), as they do everywhere.
    "sparse_merge_id_past_the_vocabulary": "an id past vocab_size is refused at once",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)


def test_sparse_merge_refuses_an_id_past_the_vocabulary():
    # GIVEN ids of which one (3) is past a vocabulary of 3
    with gg.Graph().as_default():
        ids = gg.SparseTensor([[0, 0], [1, 0]], gg.constant([3, 1], gg.int64), [2, 1])
        vals = gg.SparseTensor(ids.indices, [0.5, 2.0], [2, 1])
        merged = gg.sparse_merge(ids, vals, 3)
        # WHEN it is run THEN the run fails and says which index is out of bounds
        with gg.Session() as sess, pytest.raises(gg.errors.InvalidArgumentError, match="bounds"):
            sess.run(merged)
