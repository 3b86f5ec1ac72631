"""tf.keras metric objects used outside `fit` in TF1 graph mode (`update_state` an op,
`result()` a tensor, `reset_states()`), run unchanged on graphgate and observing what
tf_keras observed (`tests/reference/tf1_keras_metric_objects.py`,
`fixtures/tf1_keras_metric_objects.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_keras_metric_objects")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=2e-6, abs_tol=1e-6)
