"""TF1 programs using `tf.saved_model` and monitored training sessions, run unchanged but
for `tf` being graphgate, against what tf.compat.v1 observed
(tests/reference/tf1_saved_model.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphgate as gg
from tests.reference.tf1_saved_model import PROGRAMS, run
from tests.unit.engine.test_tf1_saver import same

REFERENCE = json.loads((Path(__file__).parent / "fixtures" / "tf1_saved_model.json").read_text())


# graphgate has no string tensors, so no tf.Example signatures to build.
NOT_GRAPHGATES = {"string_example_signatures"}


@pytest.mark.parametrize("program", sorted(set(PROGRAMS) - NOT_GRAPHGATES))
def test_program_does_what_tf_does(program):
    observed = run(gg, gg.reset_default_graph, [program])
    same(observed[program], REFERENCE[program], program)
