"""Programs as the most-copied TF1 tutorial repositories write them (TensorFlow-Examples,
nlintz's and golbin's TensorFlow-Tutorials, CS20, Hvass-Labs, Tensorflow-101), run
unchanged on graphgate and observing what TensorFlow observed.

`tests/reference/tf1_tutorials.py` holds the programs and wrote what `tf.compat.v1`
computed into `fixtures/tf1_tutorials.json`; each test runs the same text with `tf` bound
to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_tutorials")

_DROPOUT_IN_LOOP = (
    "DropoutWrapper inside dynamic_rnn: TF draws the steps' masks last step first (its "
    "graph optimizer frees the noise shape from the step's data, and its executor runs the "
    "freed random ops newest first); graphgate draws them in time order, so the masks "
    "come in reverse (the costs agree with output_keep_prob=1.0)"
)
KNOWN_DIFFERENT = {
    "ae_multigpu_hard_placement": (
        "TF on a CPU fails a run of ops pinned to /gpu:0 without allow_soft_placement; "
        "graphgate places nothing and runs it (docs/engine.md, tf.device)"
    ),
    "ae_print_operation": (
        "print(op) and print(graph_def) are TF's NodeDef and GraphDef in protobuf text "
        "format (name, op, inputs, TF's attrs); graphgate's op prints its repr and its "
        "GraphDef its own document"
    ),
    "gb_autocomplete_multicell_dropout": _DROPOUT_IN_LOOP,
    "gb_seq2seq_encode_decode": _DROPOUT_IN_LOOP,
}


# TF 2's InaccessibleTensorError (a fetch of a `prevent_fetching` op) is its ValueError,
# which TF 1 raised.
_ALIASES = {"InaccessibleTensorError": "ValueError"}


def _normal(value):
    """graphgate's variables are not reference-typed: TF1's `float32_ref` is `float32`,
    in a dtype's name and in a variable's printed form alike; and `tf.add`'s op is TF 1's
    `Add`, where TF 2 records `AddV2` (docs/engine.md)."""
    if isinstance(value, str):
        return _ALIASES.get(value, value.replace("_ref", "").replace("AddV2", "Add"))
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
