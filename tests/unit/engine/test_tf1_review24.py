"""Checkpoints and step rates of TF1's hooks when a run adds more than 1 to the global
step, as TensorFlow 2.21's `tf.compat.v1` wrote them (`fixtures/tf1_review24.json`,
recorded by `tests/reference/tf1_review24.py`, which holds the programs): the files (which
steps were saved) and every event of the event file in order."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

import graphgate.compat.v1 as tf

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_review24.json").read_text())
sys.path.insert(0, str(ROOT / "tests" / "reference"))
_spec = importlib.util.spec_from_file_location(
    "tf1_review24", ROOT / "tests" / "reference" / "tf1_review24.py"
)
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_hooks_save_at_tfs_steps_when_a_run_adds_two(name):
    tf.summary.FileWriterCache.clear()
    ours, theirs = reference.run(tf, name), FIXTURE["programs"][name]
    assert ours["files"] == theirs["files"]
    assert ours["events"] == theirs["events"]
