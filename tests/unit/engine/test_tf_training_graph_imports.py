"""TF-written training GraphDefs carrying nodes only TF's training emits (its gradient of a
batch norm, FusedBatchNormGrad/V2/V3; its ApplyAdadelta, ApplyFtrl, ApplyFtrlV2 updates;
sparse Adam's ScatterAdd, ResourceScatterAdd on resource variables), imported and run: the
loss, every gradient and two optimizer steps (variables and slots) are what TensorFlow
computed; so are three runs of tf.compat.v1's scatters on resource variables
(tests/reference/tf_training_graph_imports.py recorded them)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_training_graph_imports.json").read_text()
)
X = (np.arange(3 * 4 * 5 * 2, dtype=np.float32).reshape(3, 4, 5, 2) % 11 - 5) / 3


@pytest.mark.parametrize("name", sorted(FIXTURE["graphs"]))
def test_tf_training_graph_imports_and_trains_as_tf(name):
    # GIVEN TF's training graph, TF's gradient and update nodes in it
    case = FIXTURE["graphs"][name]
    graph_def = gg.GraphDef.FromString(base64.b64decode(case["graph"]))
    wanted = (
        *("FusedBatchNormGrad", "ApplyAdadelta", "ApplyFtrl", "ApplyCentered", "SparseApply"),
        *("ScatterAdd", "ResourceSparseApply", "ResourceScatterAdd"),
    )
    assert any(op.startswith(wanted) for op in case["training_ops"])
    grads = [f"grad_{i}:0" for i in range(len(case["gradients"]))]
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            sess.run("init")
            # WHEN the loss, its gradients and two steps run
            loss, *got = sess.run(["loss:0", *grads], {"x:0": X})
            sess.run("step", {"x:0": X})
            sess.run("step", {"x:0": X})
            after = sess.run(case["state"])
    # THEN each is TF's (float32 sums in another order)
    np.testing.assert_allclose(loss, case["loss"], rtol=1e-5)
    for ours, theirs in zip(got, case["gradients"], strict=True):
        np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-4, atol=1e-5)
    for ours, theirs in zip(after, case["after_step"], strict=True):
        np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-4, atol=1e-5)


def test_a_sparse_update_of_repeated_indices_fails_the_run():
    # TF's kernel updates a repeated row once per occurrence, in order (recorded: row 2
    # of var is 0.81, not what one summed update gives); TF1's optimizers sum repeated
    # indices first, and graphgate refuses repeated ones rather than update them otherwise.
    case = FIXTURE["repeated_indices"]
    graph_def = gg.GraphDef.FromString(base64.b64decode(case["graph"]))
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            sess.run("init")
            with pytest.raises(gg.errors.InvalidArgumentError, match="must not repeat"):
                sess.run("update")


def test_a_resource_variables_scatters_import_as_tf_runs_them():
    # GIVEN tf.compat.v1's scatter_add, _sub, _mul, _div, _min, _max, _update and
    # scatter_nd_add, _sub, _update on resource variables (TF's ResourceScatter*), an index
    # twice in each
    case = FIXTURE["resource_scatters"]
    assert len(case["training_ops"]) == 10
    graph_def = gg.GraphDef.FromString(base64.b64decode(case["graph"]))
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            sess.run("init")
            # WHEN they run three times
            for _ in range(3):
                sess.run("step")
            after = sess.run(case["state"])
    # THEN each variable is TF's: a repeated index's updates add up (multiply, ...) in
    # order, its last update wins
    for ours, theirs in zip(after, case["after_step"], strict=True):
        np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-6)


def test_sparse_adam_on_resource_variables_trains_on_from_tfs_meta_graph_and_checkpoint(tmp_path):
    # GIVEN the MetaGraph and checkpoint TF's Saver wrote after one step of sparse Adam
    # (ResourceScatterAdd) on resource variables
    case = FIXTURE["checkpointed_adam"]
    for name, data in case["files"].items():
        (tmp_path / name).write_bytes(base64.b64decode(data))
    with gg.Graph().as_default():
        saver = gg.train.import_meta_graph(str(tmp_path / "model.ckpt.meta"))
        with gg.Session() as sess:
            saver.restore(sess, str(tmp_path / "model.ckpt"))
            # WHEN two more steps run
            for _ in range(2):
                sess.run("step", {"x:0": X})
            loss, after = sess.run(["loss:0", case["state"]], {"x:0": X})
    # THEN the loss, the table, Adam's slots and powers are TF's after its three steps
    np.testing.assert_allclose(loss, case["loss"], rtol=1e-5)
    for ours, theirs in zip(after, case["after_step"], strict=True):
        np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-5, atol=1e-7)
