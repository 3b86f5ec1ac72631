"""TensorFlow's own training tests (tensorflow/python/training/*_test.py) as TF1 programs
run unchanged on graphgate, observing what TensorFlow observed: each optimizer's steps
(dense, sparse rows, repeated indices, float16/32/64), moving averages, learning-rate
schedules, the global step, compute/apply_gradients edge cases, gradient clipping,
checkpoints, init_from_checkpoint and warm_start.

`tests/reference/tf1_training.py` holds the programs and wrote what `tf.compat.v1`
computed into `fixtures/tf1_training.json`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_training.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_training", ROOT / "tests" / "reference" / "tf1_training.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)

# TF's tests compare float32 steps to 1e-6 relative (assertAllCloseAccordingToType); the
# float64 programs are held to float64's precision, as their point is the last bits.
_TOLERANCE = {
    "float64_hyperparameters": (1e-12, 1e-15),
    "learning_rate_decay_edge_cases": (1e-12, 1e-15),
    "fed_and_scheduled_hyperparameters": (1e-12, 1e-15),
}


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_training_program_observes_what_tensorflow_did(name):
    out: dict = {}
    scope = {"tf": gg, "np": np, "out": out, "raises": raised, "tempfile": tempfile, "os": os}
    with gg.Graph().as_default():
        exec(programs.PREFIX + programs.PROGRAMS[name], scope)
    rel_tol, abs_tol = _TOLERANCE.get(name, (1e-5, 1e-6))
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol, abs_tol)
