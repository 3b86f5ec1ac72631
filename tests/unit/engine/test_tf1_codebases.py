"""Pieces of famous TF1 code bases run unchanged on graphgate and observe what TensorFlow did.

`tests/reference/tf1_codebases.py` holds the programs (re-typed from google-research/bert,
the tf-slim nets, DCGAN, pix2pix, baselines, wavenet, ... at tiny sizes) and wrote what
`tf.compat.v1` computed into `fixtures/tf1_codebases.json`; each test runs the same text
with `tf` bound to graphgate.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_codebases.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_codebases", ROOT / "tests" / "reference" / "tf1_codebases.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)


def _normal(value):
    """graphgate's variables are not reference-typed: TF1's `float32_ref` is `float32`."""
    if isinstance(value, str):
        return value.removesuffix("_ref")
    if isinstance(value, list | tuple):
        return type(value)(_normal(v) for v in value)
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with tf.Graph().as_default():
        env = {"tf": tf, "np": programs.np, "out": out, "raises": raised}
        exec(programs.PRELUDE + programs.PROGRAMS[name], env)
    # Whole models chain many float32 kernels whose last bits TF's oneDNN rounds otherwise.
    assert_observed(
        _normal(out), _normal(FIXTURE["programs"][name]), name, rel_tol=2e-5, abs_tol=1e-6
    )
