"""TF1 symbols graphgate lacked after the third survey round (`approx_max_k` and its
spellings, `tf.random`'s stateless gamma and Poisson, `split` and `fold_in`), run unchanged
on graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_apigaps4.py`,
`fixtures/tf1_apigaps4.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_apigaps4")

KNOWN_DIFFERENT: dict[str, str] = {}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    # Philox draws and TopK are exact in TF: compared to the last bit.
    assert_observed(out, FIXTURE["programs"][name], name, 0.0, 0.0)
