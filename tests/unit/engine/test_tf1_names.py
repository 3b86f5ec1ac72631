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


# Every public function given Python literals: each node it makes must sit under the
# top-level name of its result, so no helper can take a name the user's code expects.
LITERAL_CALLS = [
    "gg.add(x, 1.0)",
    "gg.subtract(1.0, x)",
    "gg.multiply(x, 2.0)",
    "gg.divide(x, 2.0)",
    "gg.divide(3, 2)",
    "gg.maximum(x, 0.0)",
    "gg.minimum(x, 0.0)",
    "gg.pow(x, 2.0)",
    "gg.equal(x, 1.0)",
    "gg.less(x, 1.0)",
    "gg.logical_and(True, [True, False, True])",
    "gg.add_n([x, [1.0, 1.0, 1.0]])",
    "gg.clip_by_value(x, 0.0, 1.0)",
    "gg.matmul([[1.0, 2.0]], [[3.0], [4.0]])",
    "gg.cast([1, 2], gg.float32)",
    "gg.to_float([1, 2])",
    "gg.negative([1.0])",
    "gg.square(2.0)",
    "gg.reduce_sum([1.0, 2.0])",
    "gg.reduce_mean([[1.0]], 1)",
    "gg.argmax([1.0, 2.0], 0)",
    "gg.zeros([2])",
    "gg.ones([2], gg.int32)",
    "gg.fill([2], 3.0)",
    "gg.zeros_like([1.0])",
    "gg.identity(1.0)",
    "gg.reshape([1.0, 2.0], [2, 1])",
    "gg.transpose([[1.0, 2.0]])",
    "gg.expand_dims([1.0], 0)",
    "gg.squeeze([[1.0]])",
    "gg.concat([[1.0], x], 0)",
    "gg.stack([1.0, 2.0])",
    "gg.split([1.0, 2.0], 2)[0]",
    "gg.tile([1.0], [2])",
    "gg.pad([1.0], [[1, 1]])",
    "gg.slice([1.0, 2.0], [0], [1])",
    "gg.gather([1.0, 2.0], [1])",
    "gg.where([True, False, True], x, [0.0, 0.0, 0.0])",
    "gg.one_hot([0, 1], 2)",
    "gg.shape([1.0])",
    "gg.random_normal([2], 1.0, 2.0)",
    "gg.random_uniform([2], -1.0, 1.0)",
    "gg.placeholder_with_default([1.0, 2.0], [None])",
    "gg.nn.relu([-1.0, 1.0])",
    "gg.nn.softmax([[1.0, 2.0]])",
    "gg.nn.dropout(x, keep_prob=0.5)",
    "gg.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0]], logits=[[1.0, 2.0]])",
    "gg.nn.sparse_softmax_cross_entropy_with_logits(labels=[1], logits=[[1.0, 2.0]])",
    "gg.nn.sigmoid_cross_entropy_with_logits(labels=[1.0], logits=[2.0])",
    "gg.assign(v, [1.0, 2.0, 3.0])",
    "v.assign_add([1.0, 1.0, 1.0])",
    "gg.train.exponential_decay(0.1, 5, 10, 0.5)",
    "gg.train.polynomial_decay(0.1, 5, 10, cycle=True)",
    "gg.train.piecewise_constant(x, [0.5], [1.0, 2.0])",
    "gg.train.clip_by_global_norm([x, x], 1.0)[0][0]",
    "gg.summary.scalar('s', 1.0)",
    "gg.train.GradientDescentOptimizer(0.1).minimize(gg.reduce_sum(v * v))",
    "gg.train.MomentumOptimizer(0.1, 0.9).minimize(gg.reduce_sum(v * v))",
    "gg.train.AdamOptimizer(0.1).minimize(gg.reduce_sum(v * v))",
]


@pytest.mark.parametrize("call", LITERAL_CALLS)
def test_helpers_stay_under_their_ops_name(call):
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [3], name="x")
        v = gg.Variable([0.5, 1.0, 2.0], name="v")
        before = {op.name for op in graph.get_operations()}
        env = {"gg": gg, "x": x, "v": v}
        result = eval(call, env)
    result_op = result if isinstance(result, gg.Operation) else result.op
    made = [op.name for op in graph.get_operations() if op.name not in before]
    tops = {name.split("/")[0] for name in made}
    # A minimize makes the `gradients` scope, slots named after their variables and (Adam)
    # TF1's `beta1_power`/`beta2_power`.
    allowed = {result_op.name.split("/")[0], "gradients", "v", "Adam", "Sum", "mul", "Const"}
    allowed |= {"beta1_power", "beta2_power"}
    if "minimize" not in call:
        allowed = {result_op.name.split("/")[0]}
    if "clip_by_global_norm" in call:
        allowed.add("global_norm")  # TF computes the norm before opening its scope
    assert tops <= allowed, made


def test_state_queries_inside_control_dependencies_ask_about_the_variable():
    # IsVariableInitialized takes its variable by reference: a control dependency must not
    # put a read (whose own name is not a variable's) in its place.
    graph = gg.Graph()
    with graph.as_default():
        v = gg.Variable(1.0, name="v")
        w = gg.Variable(2.0, name="w")
        with gg.control_dependencies([w.initializer]):
            known = gg.is_variable_initialized(v)
            value = v.initialized_value()
    with gg.Session(graph) as sess:
        assert not sess.run(known)
        assert sess.run(value) == 1.0
        sess.run(v.initializer)
        assert sess.run(known)
