"""The rate and strength checks of TF's proximal and sparse FTRL kernels
(tests/reference/tf1_rate_checks.py recorded TF 2.21): ApplyProximalAdagrad, dense or
sparse, fails the run for a rate of 0 or below or a strength below 0; SparseApplyFtrl for
a rate of 0 or below; ApplyFtrl and ApplyProximalGradientDescent step whatever the rate.
soak8's `tf1_fuzzopt` (`schedule.13`: a noisy decayed rate below 0) found graphgate
stepping where TF fails. Each case through graphgate's optimizers and through the
GraphDef TF wrote."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_rate_checks.json").read_text())
CASES = FIXTURE["cases"]
W = np.array([[0.5, -0.25], [1.0, 2.0]], np.float32)
OPTIMIZERS = {
    "proximal_adagrad": lambda lr, l1, l2: gg.train.ProximalAdagradOptimizer(
        lr, l1_regularization_strength=l1, l2_regularization_strength=l2
    ),
    "ftrl": lambda lr, l1, l2: gg.train.FtrlOptimizer(lr),
    "proximal_gradient_descent": lambda lr, l1, l2: gg.train.ProximalGradientDescentOptimizer(
        lr, l1_regularization_strength=l1, l2_regularization_strength=l2
    ),
}


def _step(sess, lr: float, init) -> dict:
    sess.run(init)
    try:
        sess.run("step", {"lr:0": lr})
    except gg.errors.OpError as exc:
        return {"error": type(exc).__name__}
    return {"w": sess.run("w:0").tolist()}


def _expected(case: dict) -> dict:
    return {"error": case["error"]} if "error" in case else {"w": case["w"]}


def _same(got: dict, want: dict) -> bool:
    if "error" in want or "error" in got:
        return got == want
    return np.allclose(got["w"], want["w"], rtol=1e-6, equal_nan=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_optimizers_step_checks_its_rate_as_tfs_kernel(name):
    case = CASES[name]
    with gg.Graph().as_default():
        w = gg.Variable(W, name="w")
        rows = gg.gather(w, [1, 0]) if case["sparse"] else w
        loss = gg.reduce_sum(gg.square(rows) - 0.3)
        lr = gg.placeholder_with_default(np.float32(0.1), [], name="lr")
        OPTIMIZERS[case["optimizer"]](lr, case["l1"], case["l2"]).minimize(loss, name="step")
        with gg.Session() as sess:
            got = _step(sess, case["lr"], gg.global_variables_initializer())
    assert _same(got, _expected(case)), got


@pytest.mark.parametrize("name", sorted(CASES))
def test_tfs_training_graph_checks_its_rate_as_tfs_kernel(name):
    case = CASES[name]
    graph_def = gg.GraphDef.FromString(base64.b64decode(case["graph"]))
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            got = _step(sess, case["lr"], "init")  # the initializer TF's run added
    assert _same(got, _expected(case)), got
