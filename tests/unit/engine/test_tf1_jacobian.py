"""`GradientTape.jacobian` and `batch_jacobian` in TF1 graph mode (and a tape through
`grad_pass_through`), run unchanged on graphgate and observing what TensorFlow observed
(`tests/reference/tf1_jacobian.py`, `fixtures/tf1_jacobian.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_jacobian")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=2e-6, abs_tol=1e-6)


def test_a_target_of_unknown_size_is_refused_by_name():
    # TF loops (pfor or while_loop) over a run-time size; graphgate builds one gradient
    # per element, so it must count them while building.
    with gg.Graph().as_default():
        p = gg.placeholder(gg.float32, [None])
        with gg.GradientTape() as g:
            g.watch(p)
            y = p * p
        with pytest.raises(NotImplementedError, match="known while building"):
            g.jacobian(y, p)
