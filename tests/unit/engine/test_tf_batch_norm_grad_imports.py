"""TF-written GraphDefs carrying TF's own gradient of a batch norm (FusedBatchNormGrad,
V2, V3: what a TF1 training graph holds), imported and run: the loss, every gradient
and one optimizer step are what TensorFlow computed
(tests/reference/tf_batch_norm_grad_imports.py recorded them)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_batch_norm_grad_imports.json").read_text()
)
X = (np.arange(3 * 4 * 5 * 2, dtype=np.float32).reshape(3, 4, 5, 2) % 11 - 5) / 3


@pytest.mark.parametrize("name", sorted(FIXTURE["graphs"]))
def test_tf_gradient_of_a_batch_norm_imports_and_trains_as_tf(name):
    # GIVEN TF's training graph, TF's gradient nodes in it
    case = FIXTURE["graphs"][name]
    graph_def = gg.GraphDef.FromString(base64.b64decode(case["graph"]))
    assert any(op.startswith("FusedBatchNormGrad") for op in case["batch_norm_ops"])
    grads = [f"grad_{i}:0" for i in range(len(case["gradients"]))]
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            sess.run("init")
            # WHEN the loss, its gradients and one step run
            loss, *got = sess.run(["loss:0", *grads], {"x:0": X})
            sess.run("step", {"x:0": X})
            after = sess.run(case["variables"])
    # THEN each is TF's (float32 sums in another order)
    np.testing.assert_allclose(loss, case["loss"], rtol=1e-5)
    for ours, theirs in zip(got, case["gradients"], strict=True):
        np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-4, atol=1e-5)
    for ours, theirs in zip(after, case["after_step"], strict=True):
        np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-4, atol=1e-5)
