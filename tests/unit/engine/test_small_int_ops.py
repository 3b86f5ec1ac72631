"""TF1 arithmetic on 8- and 16-bit integers (Pow, Python 2 `div`, TruncateDiv), integer
`divide_no_nan`, and add_n's dtype check, run unchanged on graphgate against what
`tf.compat.v1` observed (`tests/reference/tf1_small_int_ops.py`,
`fixtures/tf1_small_int_ops.json`)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_small_int_ops.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_small_int_ops", ROOT / "tests/reference/tf1_small_int_ops.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
