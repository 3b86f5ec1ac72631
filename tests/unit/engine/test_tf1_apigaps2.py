"""TF1 public symbols graphgate lacked after the first survey round
(`tf.metrics.average_precision_at_k`...), run unchanged on graphgate against what
`tf.compat.v1` observed (`tests/reference/tf1_apigaps2.py`, `fixtures/tf1_apigaps2.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_apigaps2")

KNOWN_DIFFERENT = {
    # Eigen divides the coupling of two zero eigenvalues by 0 + 0 and its Schur
    # back-transformation turns one entry inf, the rest NaN; graphgate's matrix is all NaN.
    "sqrtm_nilpotent": "a matrix without a square root is all NaN, TF's has one inf",
    # TF flushes a subnormal input to 0 (dawsn 0, spence π²/6, as graphgate), but its
    # float32 expint answers -103.39 for every subnormal, not Ei(0) = -inf.
    "expint_float32_subnormal": "Ei of a flushed subnormal is -inf, TF's -103.39",
}

# TF's float32 kernels compute the roots in float32; graphgate in float64, rounded once.
TOLERANCES = {
    "sqrtm": (1e-5, 1e-6),
    "sqrtm_gradients": (1e-5, 1e-6),
    # float64 roots by another method than Eigen's Schur form: the same to about
    # cond * eps.
    "sqrtm_random": (1e-9, 1e-11),
    # TF's Bessel kernels are Cephes' rational approximations, graphgate's series and
    # quadratures (float64: 4e-15 absolute, 7e-13 relative apart); TF's float32 ones
    # compute in float32 (about 2e-7 absolute; their rounded phase is kept).
    "bessel_second_kind_float64": (1e-11, 1e-14),
    "bessel_second_kind_float32": (1e-5, 3e-7),
    # Cephes' dawsn, ei and spence (1e-14 relative apart in float64); TF's float32
    # kernels compute in float32.
    "dawsn_expint_spence": (1e-5, 1e-7),
    # Cephes' Fresnel integrals in float64 (2e-12 absolute at 3e4); TF's float32 ones
    # compute in float32, their rounded phase kept here.
    "fresnel": (1e-5, 2e-7),
    "bessel_second_kind_graph": (1e-5, 1e-7),
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, *TOLERANCES.get(name, ()))


def test_sparse_merge_keeps_an_id_past_the_vocabulary_and_its_reader_refuses_it():
    # GIVEN ids of which one (3) is past a vocabulary of 3
    with gg.Graph().as_default():
        ids = gg.SparseTensor([[0, 0], [1, 0]], gg.constant([3, 1], gg.int64), [2, 1])
        vals = gg.SparseTensor(ids.indices, [0.5, 2.0], [2, 1])
        merged = gg.sparse_merge(ids, vals, 3)
        with gg.Session() as sess:
            # WHEN it is run THEN the entry is kept past the dense shape, as TF's
            # SparseReorder keeps it (TF 2.21: [[0, 3], [1, 1]], [0.5, 2.0], [2, 3])
            got = sess.run(merged)
            assert got.indices.tolist() == [[0, 3], [1, 1]]
            assert got.dense_shape.tolist() == [2, 3]
            # AND an op reading it refuses it, naming the index out of bounds, as TF's
            with pytest.raises(gg.errors.InvalidArgumentError, match="bounds"):
                sess.run(gg.sparse.to_dense(merged))


def test_matrix_square_root_travels_as_tensorflows_graph_def(tmp_path):
    # GIVEN a graph with TF's MatrixSquareRoot op (TF 2.21 reads these bytes and answers
    # [[2, 0.2], [0, 3]]: checked by hand)
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float64, [2, 2], name="x")
        gg.identity(gg.linalg.sqrtm(x), name="y")
        gg.io.write_graph(graph, str(tmp_path), "g.pb", as_text=False)
    # WHEN graphgate reads the GraphDef back and runs it
    graph_def = gg.GraphDef()
    graph_def.ParseFromString((tmp_path / "g.pb").read_bytes())
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            got = sess.run("y:0", {"x:0": [[4.0, 1.0], [0.0, 9.0]]})
    # THEN it is the root
    np.testing.assert_allclose(got, [[2.0, 0.2], [0.0, 3.0]], rtol=1e-12)


def test_matrix_square_root_refuses_what_it_cannot_root_accurately():
    # A defective singular matrix ([[0, 1, 0], [0, 0, 0], [0, 0, 1]] has two zero
    # eigenvalues: NaN, as TF's) versus one zero eigenvalue and a Jordan block elsewhere:
    # no basis of eigenvectors and no inverse for the iteration, so the run fails.
    jordan_and_zero = [[1.0, 1.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    with gg.Graph().as_default(), gg.Session() as sess:
        with pytest.raises(gg.errors.InvalidArgumentError, match="accurately"):
            sess.run(gg.linalg.sqrtm(gg.constant(jordan_and_zero, gg.float64)))
        two_zeros = [[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
        assert np.isnan(sess.run(gg.linalg.sqrtm(gg.constant(two_zeros, gg.float64)))).all()
