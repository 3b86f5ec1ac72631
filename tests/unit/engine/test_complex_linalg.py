"""Gradients of complex inverses, determinants, Cholesky, solves, QR and
eigendecompositions, pinned to what TensorFlow computed
(`tests/reference/tf1_complex_linalg.py`, `fixtures/tf1_complex_linalg.json`): its
formulas with adjoints where the real ones transpose. The forward values are the shape
fuzzer's (`test_tf1_fuzzshape.py`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_complex_linalg")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    # complex64 programs hold a few eps of float32; LAPACK and Eigen round differently.
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=1e-5, abs_tol=1e-5)
