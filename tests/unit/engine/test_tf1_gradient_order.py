"""Gradients summed in TF's order on graphs the gradient fuzzer does not draw (review 20,
`tests/reference/tf1_gradient_order.py`): IEEE-exact programs whose gradient of x is
compared bit for bit with what TF computed (`fixtures/tf1_gradient_order.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import reference

FIXTURE, recorder = reference("tf1_gradient_order")
PROGRAMS = FIXTURE["programs"]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_gradient_sums_in_the_order_tf_adds_its_parts(name):
    # TF's `summed`: its AddN adding its inputs in their order (docs/engine.md, gradients)
    got = recorder.gradient_of_x(gg, recorder.PROGRAMS[name])
    assert got == PROGRAMS[name]["summed"]


def test_tf_itself_sums_otherwise_when_the_sum_alone_is_fetched():
    # Why graphgate cannot match `alone` everywhere: TF's AddN sums in place into the first
    # input it may reuse, moved to the front, so its bits follow what else is fetched.
    differ = sorted(n for n, p in PROGRAMS.items() if p["alone"] != p["summed"])
    assert differ == ["cond_else", "five_parts", "loop_in_cond"]
