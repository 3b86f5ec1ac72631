"""TF1 programs earlier rounds left answered otherwise by graphgate (SparseReorder of
indices outside the dense shape, which TF keeps and sorts and the ops reading them
refuse), run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_leftovers14.py`, `fixtures/tf1_leftovers14.json`), and dense
`ngrams` written to TF's GraphDef, which TF 2.21 ran."""

from __future__ import annotations

import hashlib

import pytest

import graphgate as gg
from graphgate import tf_export
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers14")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)


def _dense_ngrams_graph() -> gg.Graph:
    with gg.Graph().as_default() as graph:
        programs.build_dense_ngrams(gg)
    return graph


def test_dense_ngrams_are_written_as_tfs_string_ngrams_and_tf_answers_as_graphgate():
    # GIVEN dense n-grams of rows, of a rank-3 tensor and of an unknown shape (refused
    # before: graphgate's StringNGramsDense has no TF op of its name)
    graph = _dense_ngrams_graph()
    # WHEN written as TF's GraphDef THEN the bytes are those TF 2.21 ran
    # (`tf1_leftovers14.py`: TF's StringNGrams over splits computed from the shape)
    data = tf_export.graph_def_bytes(graph)
    want = FIXTURE["ngrams_dense_graph_def"]
    assert hashlib.sha256(data).hexdigest() == want["sha256"]
    assert data == programs.NGRAMS_PB.read_bytes()
    # AND graphgate's answers, and the written graph's read back, are TF's from those bytes
    with gg.Graph().as_default() as again:
        gg.import_graph_def(gg.GraphDef.FromString(data), name="")
    for g in (graph, again):
        with gg.Session(g) as sess:
            for key, rows in (("values", None), ("empty_batch", 0)):
                names = programs.NGRAMS_FETCHES
                got = sess.run([f"{n}:0" for n in names], programs.ngrams_feeds(rows))
                texts = {n: programs.as_text(v) for n, v in zip(names, got, strict=True)}
                assert texts == want[key], key


def test_tfs_own_graph_def_of_ngrams_and_unicode_encode_is_read_and_answers_as_tf():
    # GIVEN TF's GraphDef of dense and ragged n-grams and a ragged UnicodeEncode: their
    # `Tsplits` restates the splits input's dtype (refused before: "graphgate's
    # StringNGrams has no attribute 'Tsplits'")
    graph_def = gg.GraphDef.FromString(programs.TF_NGRAMS_PB.read_bytes())
    want = FIXTURE["tf_ngrams_graph_def"]
    with gg.Graph().as_default() as graph:
        gg.import_graph_def(graph_def, name="")
    # WHEN run THEN every value is TF's
    names = (*programs.NGRAMS_FETCHES, "ragged", "encoded")
    feeds = {**programs.ngrams_feeds(), "rx:0": ["a", "b", "c", "d"], "rs:0": [0, 3, 3, 4]}
    with gg.Session(graph) as sess:
        got = sess.run([f"{n}:0" for n in names] + ["ragged_splits:0"], feeds)
    assert {n: programs.as_text(v) for n, v in zip(names, got, strict=False)} == {
        n: want[n] for n in names
    }
    assert got[-1].tolist() == want["ragged_splits"]
