"""TF1 programs run unchanged on graphgate and observe what TensorFlow observed.

`tests/reference/tf1_programs.py` holds the programs (TF1 spellings: variable scopes,
collections, `reduction_indices`, dtype strings, `Dimension.value`, InteractiveSession,
schedules, summaries, exception classes) and wrote what `tf.compat.v1` computed into
`fixtures/tf1_programs.json`; each test runs the same text with `tf` bound to graphgate.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_programs.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_programs", ROOT / "tests" / "reference" / "tf1_programs.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)

# graphgate's variables are not reference-typed: TF1's `float32_ref` is `float32` here.
# TensorFlow's OperatorNotAllowedInGraphError is its own TypeError subclass.
_ALIASES = {"OperatorNotAllowedInGraphError": "TypeError"}


def _normal(value):
    if isinstance(value, str):
        return _ALIASES.get(value, value.removesuffix("_ref"))
    if isinstance(value, list | tuple):
        return type(value)(_normal(v) for v in value)
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    graph = gg.Graph()
    with graph.as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    expected = _normal(FIXTURE["programs"][name])
    assert_observed(_normal(out), expected, name)
