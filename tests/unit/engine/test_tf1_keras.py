"""TF1 Keras programs run unchanged on graphgate (`tf.keras` bound to `gg.keras`) and
observe what TensorFlow's tf.keras in graph mode observed: variable and op names, shapes,
summaries, exception classes, and training trajectories from explicitly set weights.

`tests/reference/tf1_keras.py` holds the programs and wrote `fixtures/tf1_keras.json`.
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
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_keras.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_keras", ROOT / "tests" / "reference" / "tf1_keras.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)

# Training runs several float32 steps; TF's kernels sum in other orders.
_REL, _ABS = 2e-5, 1e-6


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_keras_program_observes_what_tensorflow_did(name):
    out: dict = {}
    graph = gg.Graph()
    with graph.as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(harness.plain(out), FIXTURE["programs"][name], name, _REL, _ABS)


def test_the_tensorboard_callback_writes_the_scalars_tensorflow_writes(tmp_path):
    from tests.unit.engine.test_tf_events import _event, _frames

    with gg.Graph().as_default():
        exec(programs.TENSORBOARD, {"tf": gg, "np": np, "logdir": str(tmp_path)})
    for sub, theirs in FIXTURE["tensorboard"].items():
        (path,) = (tmp_path / sub).glob("events.out.tfevents.*")
        events = [_event(frame) for frame in _frames(path.read_bytes())]
        ours = [
            [e["step"], v["tag"], v["simple_value"]]
            for e in events
            for v in e["values"]
            if "simple_value" in v
        ]
        assert_observed(ours, theirs, sub, 2e-5, 1e-6)
