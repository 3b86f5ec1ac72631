"""TF1-era Keras training code run unchanged on graphgate (`tf` bound to `gg`) observes
what TensorFlow's tf.keras in graph mode observed: History keys and per-epoch values,
`evaluate`/`predict`/`*_on_batch` results and their types, compile options, optimizers,
callbacks and the backend functions training code calls.

`tests/reference/tf1_keras_fit.py` holds the programs and wrote
`fixtures/tf1_keras_fit.json`.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_keras_fit.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_keras_fit", ROOT / "tests" / "reference" / "tf1_keras_fit.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)

# Training runs several float32 steps; TF's kernels sum in other orders.
_REL, _ABS = 2e-5, 1e-6


@pytest.mark.parametrize("name", list(FIXTURE["programs"]))
def test_keras_training_program_observes_what_tensorflow_did(name):
    ours = programs.run(gg, name, raises=raised)
    assert_observed(ours, FIXTURE["programs"][name], name, _REL, _ABS)
