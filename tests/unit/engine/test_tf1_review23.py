"""Edge cases review23 found graphgate getting wrong, against what TF 2.21 (tf.compat.v1)
did with the same TF1 text (tests/reference/tf1_review23.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphgate as gg
from tests.reference.tf1_checkpoint import run
from tests.reference.tf1_review23 import CHECKPOINT_PROGRAMS
from tests.unit.engine.test_tf1_checkpoint import gg_graph
from tests.unit.engine.test_tf1_saver import same

REFERENCE = json.loads((Path(__file__).parent / "fixtures" / "tf1_review23.json").read_text())


@pytest.mark.parametrize("program", sorted(CHECKPOINT_PROGRAMS))
def test_checkpoint_program_does_what_tf_does(program):
    observed = run(gg, gg.reset_default_graph, gg_graph, [program], CHECKPOINT_PROGRAMS)
    same(observed[program], REFERENCE["checkpoint"][program], program)
