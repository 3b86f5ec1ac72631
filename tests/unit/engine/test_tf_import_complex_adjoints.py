"""Complex matrix products and solves with adjoints, as TF 2.21 writes them into a
GraphDef, imported and run (tests/reference/tf_import_complex_adjoints.py recorded the
graphs and TF's values). A fresh tf_fuzzimport seed found a complex `matrix_solve_ls`
NaN where TF solves it: BatchMatMul's `adj_x`/`adj_y` were read as plain transposes, so
`matmul(a, a, adjoint_a=True)` of a batch was not Hermitian and its Cholesky failed."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_import_complex_adjoints.json").read_text()
)
CASES = FIXTURE["cases"]


def _graph_def(name: str) -> gg.GraphDef:
    return gg.GraphDef.FromString(base64.b64decode(FIXTURE["graphs"][name]))


def _run(case: dict) -> np.ndarray:
    with gg.Graph().as_default():
        gg.import_graph_def(_graph_def(case["graph"]), name="")
        with gg.Session() as sess:
            return sess.run(case["fetch"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_imported_complex_adjoint_is_the_conjugate_transpose_tf_computes(name):
    case = CASES[name]
    real, imag = (np.asarray(part).reshape(case["shape"]) for part in case["value"])
    want = real + 1j * imag
    got = _run(case)
    assert got.dtype == np.dtype(case["dtype"]) and got.shape == want.shape
    # Products and solves of well-conditioned 3x3 matrices: a few eps of the largest value.
    eps = np.finfo(got.real.dtype).eps
    np.testing.assert_allclose(got, want, rtol=0, atol=16 * eps * np.abs(want).max())


def test_an_adjoint_of_a_node_without_its_dtype_is_refused_not_guessed():
    # TF refuses a BatchMatMulV2 without T; graphgate reads hand-written nodes without
    # their dtype attributes, but an adjoint's meaning depends on it.
    with gg.Graph().as_default(), pytest.raises(gg.GraphgateError, match="adjoint"):
        gg.import_graph_def(_graph_def("complex64_without_dtype"), name="")
