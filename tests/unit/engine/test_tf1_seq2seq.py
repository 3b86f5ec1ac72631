"""TF 1.15's `tf.contrib.crf` and `tf.contrib.seq2seq` programs run unchanged but for `tf`
being graphgate, against what TensorFlow computed (tests/reference/tf1_seq2seq.py, whose
reference is TensorFlow Addons' port of that contrib code on TF 2.21): values, gradients,
static shapes and the losses of a CRF tagger and a small attention NMT trained a few steps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphgate as gg
from tests.reference.tf1_seq2seq import PROGRAMS, run
from tests.unit.engine import test_tf1_rnn as _rnn_reference

REFERENCE = json.loads((Path(__file__).parent / "fixtures" / "tf1_seq2seq.json").read_text())


@pytest.mark.parametrize("program", sorted(PROGRAMS))
def test_program_computes_what_tf_computes(program):
    observed = run(gg, gg.reset_default_graph, [program])
    _rnn_reference.same(observed[program], REFERENCE[program], program)
