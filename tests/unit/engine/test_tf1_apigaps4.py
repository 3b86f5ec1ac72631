"""TF1 symbols graphgate lacked after the third survey round (`approx_max_k` and its
spellings, `tf.random`'s stateless gamma and Poisson, `split` and `fold_in`), run unchanged
on graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_apigaps4.py`,
`fixtures/tf1_apigaps4.json`)."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_apigaps4")

KNOWN_DIFFERENT: dict[str, str] = {}

# Philox draws and TopK are exact in TF: compared to the last bit. The structured linear
# operators are their dense matrices here, where TF's formulas (a Kronecker product's
# determinant from its factors', an inversion's matmul as a solve) round otherwise.
TOLERANCES = {
    name: (1e-9, 1e-12) for name in FIXTURE["programs"] if name.startswith("linear_operator")
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, *TOLERANCES.get(name, (0.0, 0.0)))


def _observed(program: str, key: str, index: int):
    return FIXTURE["programs"][program][key][index]


def test_tensorflows_own_graph_of_the_new_ops_imports_and_draws_tfs_numbers():
    # GIVEN TF 2.21's GraphDef of stateless_gamma (V3, from a key and counter),
    # stateless_poisson, fold_in (StatelessRandomUniformFullIntV2) and approx_max_k
    path = Path(__file__).parent / "fixtures" / "tf1_apigaps4_stateless.pb"
    with gg.Graph().as_default():
        graph_def = gg.GraphDef()
        graph_def.ParseFromString(path.read_bytes())
        gg.import_graph_def(graph_def, name="")
        # WHEN it runs
        with gg.Session() as sess:
            got = sess.run(["gamma:0", "poisson:0", "fold_in:0", "top:0"])
    # THEN each is the value TF's programs recorded for the same calls
    assert got[0].tolist() == _observed("random_stateless_gamma", "values", 0)
    assert got[1].tolist() == _observed("random_stateless_poisson", "values", 0)
    assert got[2].tolist() == _observed("random_split_fold_in", "values", 0)
    assert got[3].tolist() == [[5, 7, 4]]


def test_the_stateless_ops_are_written_as_tensorflows_nodes_and_read_back(tmp_path):
    # GIVEN graphgate's graph of the stateless draws (TF 2.21 reads these bytes and draws
    # the same numbers: checked by hand with tf.import_graph_def)
    with gg.Graph().as_default() as graph:
        gg.identity(gg.random.stateless_gamma([3, 2], seed=[1, 2], alpha=[0.5, 2.0]), name="g")
        gg.identity(gg.random.stateless_poisson([3, 2], seed=[1, 2], lam=[0.5, 2.0]), name="p")
        gg.identity(gg.random.stateless_normal([3], seed=[1, 2]), name="n")
        gg.identity(gg.math.approx_max_k(gg.constant([[3.0, 1.0, 9.0]]), 2)[1], name="k")
        with gg.Session() as sess:
            direct = sess.run(["g:0", "p:0", "n:0", "k:0"])
        # WHEN it is written as TF's GraphDef
        gg.io.write_graph(graph, str(tmp_path), "g.pb", as_text=False)
    written = (tmp_path / "g.pb").read_bytes()
    # THEN TF's ops are there by name, with their shape as an input, and read back the same
    for op in (b"StatelessRandomGammaV2", b"StatelessRandomPoisson", b"StatelessRandomNormal"):
        assert op in written
    assert b"ApproxTopK" in written
    with gg.Graph().as_default():
        graph_def = gg.GraphDef()
        graph_def.ParseFromString(written)
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            again = sess.run(["g:0", "p:0", "n:0", "k:0"])
    for a, b in zip(direct, again, strict=True):
        assert a.tolist() == b.tolist()
