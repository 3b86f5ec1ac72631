"""Programs as the TF1 cookbooks and example collections write them, run unchanged on
graphgate and observing what TensorFlow observed.

`tests/reference/tf1_cookbook.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_cookbook.json`; each test runs the same text with `tf` bound to graphgate,
compared as `test_tf1_programs.py` compares (floats to 1e-6 relative, exception classes by
what graphgate's error answers to).
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_tf1_programs import _normal
from tests.unit.engine.tf_observed import assert_observed, raised, reference

FIXTURE, programs = reference("tf1_cookbook")


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    graph = gg.Graph()
    # No graph seed: the recorder's tf.set_random_seed(0) went to the default graph, not
    # to the program's own graph, so seeded ops there saw op seeds alone.
    with graph.as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(_normal(out), _normal(FIXTURE["programs"][name]), name)


def test_a_tensor_as_bool_or_iterated_raises_tf_class():
    """TF 2's compat.v1 raises tf.errors.OperatorNotAllowedInGraphError (a TypeError, TF1's
    class) for `if t:` and `for x in t`; code catching either class sees it."""
    with gg.Graph().as_default():
        t = gg.placeholder(gg.float32, [None])
        for use in (lambda: bool(t > 0), lambda: list(t), lambda: tuple(t)):
            with pytest.raises(gg.errors.OperatorNotAllowedInGraphError) as info:
                use()
            assert isinstance(info.value, TypeError)
