"""Programs as the next most-copied TF1 sources write them (hunkim's DeepLearningZeroToAll,
MorvanZhou's tutorials, the text CNN, char-rnn, the PTB model, WGAN-GP, Kyubyong's
transformer, neural-style, baselines, WaveNet, CapsNet), run unchanged on graphgate and
observing what TensorFlow observed.

`tests/reference/tf1_tutorials2.py` holds the programs and wrote what `tf.compat.v1`
computed into `fixtures/tf1_tutorials2.json`; each test runs the same text with `tf` bound
to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_tutorials2")

KNOWN_DIFFERENT: dict[str, str] = {}


def _normal(value):
    """graphgate's variables are not reference-typed: TF1's `float32_ref` is `float32`;
    and `tf.add`'s op is TF 1's `Add`, where TF 2 records `AddV2` (docs/engine.md)."""
    if isinstance(value, str):
        return value.replace("_ref", "").replace("AddV2", "Add")
    if isinstance(value, list | tuple):
        return type(value)(_normal(v) for v in value)
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with tf.Graph().as_default():
        env = {"tf": tf, "np": np, "out": out, "raises": raised}
        exec(programs.PRELUDE + programs.PROGRAMS[name], env)
    # Whole models chain many float32 kernels whose last bits TF's oneDNN rounds otherwise.
    assert_observed(
        _normal(out), _normal(FIXTURE["programs"][name]), name, rel_tol=2e-5, abs_tol=1e-6
    )
