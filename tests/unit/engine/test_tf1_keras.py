"""TF1 Keras programs run unchanged on graphgate (`tf.keras` bound to `gg.keras`) and
observe what TensorFlow's tf.keras in graph mode observed: variable and op names, shapes,
summaries, exception classes, and training trajectories from explicitly set weights.

`tests/reference/tf1_keras.py` holds the programs and wrote `fixtures/tf1_keras.json`.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_keras.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_keras", ROOT / "tests" / "reference" / "tf1_keras.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)

# Training runs several float32 steps; TF's kernels sum in other orders.
_REL, _ABS = 2e-5, 1e-6


def _close(ours, theirs, path):
    if isinstance(ours, tuple | list) and isinstance(theirs, str):
        assert theirs in ours, (path, ours, theirs)
    elif isinstance(theirs, float) and isinstance(ours, float | int):
        assert math.isclose(ours, theirs, rel_tol=_REL, abs_tol=_ABS), (path, ours, theirs)
    elif isinstance(theirs, list) and isinstance(ours, list | tuple) and len(ours) == len(theirs):
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            _close(a, b, f"{path}[{i}]")
    elif isinstance(theirs, dict) and isinstance(ours, dict) and ours.keys() == theirs.keys():
        for k in theirs:
            _close(ours[k], theirs[k], f"{path}.{k}")
    else:
        assert ours == theirs, (path, ours, theirs)


def _raises(fn):
    """The TF class names graphgate's error answers to (its builtin bases)."""
    try:
        fn()
    except Exception as exc:
        return tuple(c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins")
    return None


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_keras_program_observes_what_tensorflow_did(name):
    out: dict = {}
    graph = gg.Graph()
    with graph.as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": _raises})
    _close(programs._plain(out), FIXTURE["programs"][name], name)
