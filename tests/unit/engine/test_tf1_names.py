"""Default names are TensorFlow 1.x's, pinned by `fixtures/tf1_names.json`.

The fixture is written by `tests/reference/tf1_names.py` under `tf.compat.v1`: for each
case, the names of what it returns and the name a `constant` made right after it gets. A
helper node an op makes for itself must never take a top-level name TF1 would not use,
or the user's own `Const` becomes `Const_1` and a fetch by name returns the wrong tensor.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_names.json").read_text())


def _names(value):
    if isinstance(value, list | tuple):
        return [_names(v) for v in value]
    return value.name


def _comparable(name):
    """A name TF gives to a node inside a composite's scope is compared by its top-level
    scope (the part that decides the user's own names); any other name exactly."""
    if isinstance(name, list):
        return [_comparable(n) for n in name]
    return name.split("/")[0].split(":")[0] if "/" in name else name


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=lambda c: c["case"])
def test_default_names_are_tensorflows(case):
    graph = gg.Graph()
    with graph.as_default():
        env = {"tf": gg, "np": np}
        exec(FIXTURE["setup"], env)
        result = eval(case["case"], env)
        after = gg.constant(0.0).op.name
    ours, theirs = _names(result), case["result"]
    if isinstance(theirs, str) and "/" in theirs:
        ours = _comparable(ours.replace(":", "/", 1))
    assert _comparable(ours) == _comparable(theirs)
    assert after == case["then"]


def test_a_helper_constant_never_takes_the_users_name():
    # Issue 14: `zeros` made a hidden top-level `Const`, so the user's constant became
    # `Const_1` and fetching "Const:0" returned the hidden zero.
    graph = gg.Graph()
    with graph.as_default():
        z = gg.zeros([2, 3])
        c = gg.constant(2.0)
        x = gg.placeholder(gg.float32, [2], name="x")
        y = x + 1.0
        w = gg.where(gg.constant([True, False]), x, [5.0, 6.0])
    assert c.name == "Const:0"
    assert z.name == "zeros:0"
    assert y.op.inputs[1].op.name == "add/y"
    assert w.op.name == "Select"
    with gg.Session(graph) as sess:
        assert sess.run("Const:0") == 2.0
        np.testing.assert_array_equal(sess.run("zeros:0"), np.zeros((2, 3)))


def test_user_name_scopes_hold_the_helpers_too():
    graph = gg.Graph()
    with graph.as_default(), gg.name_scope("layer"):
        a = gg.ones([2]) * 3.0
        b = gg.reduce_sum(a, name="total")
    assert a.name == "layer/mul:0"
    assert a.op.inputs[0].name == "layer/ones:0"
    assert a.op.inputs[1].op.name == "layer/mul/y"
    assert b.name == "layer/total:0"


def test_gradient_nodes_live_under_each_ops_grad_scope():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [2, 3], name="x")
        y = gg.placeholder(gg.float32, [2, 3], name="y")
        gx, gy = gg.gradients(gg.reduce_sum(x * y), [x, y])
    assert gx.name.startswith("gradients/mul_grad/")
    assert gy.name.startswith("gradients/mul_grad/")
