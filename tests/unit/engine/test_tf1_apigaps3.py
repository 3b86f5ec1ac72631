"""TF1 symbols graphgate lacked after the second survey round (the `raw_ops` of kernels it
had, `get_tensor_by_name`'s refusals...), run unchanged on graphgate against what
`tf.compat.v1` observed (`tests/reference/tf1_apigaps3.py`, `fixtures/tf1_apigaps3.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from graphgate import tensor_conversion
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_apigaps3")

KNOWN_DIFFERENT: dict[str, str] = {}

TOLERANCES = {
    # Cephes' kernels in TF, graphgate's series and quadratures (see test_tf1_apigaps2);
    # TF's float32 kernels compute in float32.
    "raw_ops_special_functions": (1e-5, 3e-7),
    "raw_ops_special_gradients": (1e-11, 1e-13),
    # Eigen's Schur-form logarithm against eigenvectors (or square roots and a series):
    # 3e-15 apart in complex128; the complex64 case's float32 rounding (1.3e-6) sets it.
    "linalg_logm": (2e-6, 2e-6),
}


@pytest.fixture(autouse=True)
def _conversions_forgotten():
    # A program's `tf.register_tensor_conversion_function` registers for the process, as
    # TF's: forgotten after each test, so no other test converts through its functions.
    before = list(tensor_conversion._REGISTRY)
    yield
    tensor_conversion._REGISTRY[:] = before


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, *TOLERANCES.get(name, ()))


def test_matrix_logarithm_is_written_as_tensorflows_node(tmp_path):
    # GIVEN a graph with TF's MatrixLogarithm op (TF 2.21 reads these bytes and answers
    # [[log 2, log 3 - log 2], [0, log 3]]: checked by hand; graphgate's importer reads
    # no complex placeholder, so the bytes are checked here, not run)
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.complex128, [2, 2], name="x")
        gg.identity(gg.linalg.logm(x), name="y")
        gg.io.write_graph(graph, str(tmp_path), "g.pb", as_text=False)
    # THEN the bytes hold TF's op by its name, reading x
    written = (tmp_path / "g.pb").read_bytes()
    assert b"\x12\x0fMatrixLogarithm\x1a\x01x" in written
