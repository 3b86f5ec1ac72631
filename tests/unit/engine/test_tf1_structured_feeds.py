"""A numpy structured array of one numeric field, fed or converted with a dtype, reads as
that field's values, as TF1 reads it; several fields stay refused (TypeError, as TF's)
(`tests/reference/tf1_structured_feeds.py`, `fixtures/tf1_structured_feeds.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_structured_feeds")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    scope = {"tf": gg, "np": np, "out": out, "raises": raised}
    with gg.Graph().as_default():
        exec(programs.PREFIX + programs.PROGRAMS[name], scope)
    assert_observed(out, FIXTURE["programs"][name], name)


def test_a_fraction_in_the_field_is_refused_for_an_integer_placeholder():
    """TF truncates 1.5 to 1 here (numpy's unsafe cast); graphgate refuses it, as it
    refuses a plain float array's fractions for an integer feed."""
    x = gg.placeholder(gg.int32, [None])
    value = np.array([(1.5,)], dtype=[("a", "f4")])
    with gg.Session() as sess, pytest.raises(gg.errors.InvalidArgumentError, match="integral"):
        sess.run(x, {x: value})
