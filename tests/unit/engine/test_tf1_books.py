"""Programs as Hands-On ML, the Deep Dream tutorial and TF's docstrings write them, run
unchanged on graphgate and observing what TensorFlow observed.

`tests/reference/tf1_books.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_books.json`; each test runs the same text with `tf` bound to graphgate,
compared as `test_tf1_programs.py` compares (floats to 1e-6 relative, exception classes by
what graphgate's error answers to).
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_tf1_programs import _normal
from tests.unit.engine.tf_observed import assert_observed, raised, reference

FIXTURE, programs = reference("tf1_books")


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    graph = gg.Graph()
    # No graph seed: the recorder's tf.set_random_seed(0) went to the default graph, not
    # to the program's own graph, so seeded ops there saw op seeds alone.
    with graph.as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(_normal(out), _normal(FIXTURE["programs"][name]), name)
