"""TF1 arithmetic on 8- and 16-bit integers (Pow, Python 2 `div`, TruncateDiv), integer
`divide_no_nan`, and add_n's dtype check, run unchanged on graphgate against what
`tf.compat.v1` observed (`tests/reference/tf1_small_int_ops.py`,
`fixtures/tf1_small_int_ops.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised, reference

FIXTURE, programs = reference("tf1_small_int_ops")


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
