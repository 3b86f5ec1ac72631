"""A linear model's feature-column gradients as TF1's: IndexedSlices for every
categorical column (a bucketized one too), so that the optimizers that update sparsely
leave the rows a batch lacks alone, through `linear_model` and the canned linear
estimators, after each of 5 steps of 13 optimizers (`tests/reference/
tf1_feature_column_grads.py`, `fixtures/tf1_feature_column_grads.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, reference

FIXTURE, programs = reference("tf1_feature_column_grads")


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    observed = programs.run(gg, [name])[name]
    # float32 training: numpy and TF's kernels may round the last bits differently.
    assert_observed(observed, FIXTURE["programs"][name], name, rel_tol=2e-5, abs_tol=1e-6)
