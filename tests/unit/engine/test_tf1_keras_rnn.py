"""Keras programs using the generic RNN layer and its cells, attention, ConvLSTM2D,
Conv3DTranspose and the locally connected layers run unchanged on graphgate and observe
what TensorFlow observed (names, shapes, values, gradients, training histories).

`tests/reference/tf1_keras_rnn.py` holds the programs and wrote what `tf.compat.v1` with
tf_keras computed into `fixtures/tf1_keras_rnn.json`; each test runs the same text with `tf`
bound to graphgate.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.reference import harness
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_keras_rnn.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_keras_rnn", ROOT / "tests" / "reference" / "tf1_keras_rnn.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_keras_rnn_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        env = {"tf": gg, "np": np, "out": out, "raises": raised}
        exec(programs._HELPERS + programs.PROGRAMS[name], env)
    # Float32 training: TF's kernels sum in other orders (the programs' learning rates keep
    # six SGD steps well conditioned, so those last bits stay small).
    assert_observed(harness.plain(out), FIXTURE["programs"][name], name, 2e-5, 1e-6)
