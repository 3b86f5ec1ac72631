"""What a while_loop's gradient needs fed: TF1 programs run unchanged on graphgate against
what `tf.compat.v1` (control flow v1) observed (`tests/reference/tf1_loop_gradients.py`,
`fixtures/tf1_loop_gradients.json`): captures only another variable reads, values only
the cond reads, one of several gradients fetched, nested loops, loops in conds and conds
in loops, gradients of captures of unknown shape, `back_prop=False`,
`parallel_iterations` and `maximum_iterations`."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_loop_gradients")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    scope = {"tf": gg, "np": np, "out": out, "raises": raised}
    with gg.Graph().as_default():
        exec(programs.PREFIX + programs.PROGRAMS[name], scope)
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=2e-6, abs_tol=1e-6)


def test_a_body_tensors_gradient_used_outside_the_loop_fails_saying_why():
    """TF refuses such a use when the graph is built (the tensor is in the gradient
    loop's frame); graphgate's run refuses it, naming the tensor, never computes it."""
    with gg.Graph().as_default():
        inner = []

        def body(i, v):
            inner.append(v * 3.0)
            return i + 1, inner[-1]

        _, y = gg.while_loop(lambda i, v: i < 3, body, [0, gg.constant(2.0)])
        (g,) = gg.gradients(y, inner[0])
        with gg.Session() as sess, pytest.raises(gg.errors.InvalidArgumentError) as caught:
            sess.run(g * 2.0)
    assert "inside a while_loop body" in str(caught.value)
    assert inner[0].name in str(caught.value)
