"""TF's fused optimizer updates and nd scatters graphgate's importer lowers since apigaps3
(ProximalGradientDescent, AdagradDA, AdagradV2, AdaMax, PowerSign, AddSign, dense, sparse
and on resource variables; ScatterNdMin/Max), run as TF 2.21 ran them
(`tests/reference/tf1_apigaps3_imports.py`, `fixtures/tf1_apigaps3_imports.json`)."""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_apigaps3_imports.json").read_text())


def _imported(encoded: str) -> None:
    gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(encoded)), name="")


@pytest.mark.parametrize("key", sorted(FIXTURE["raw"]))
def test_each_fused_update_runs_as_tfs_kernel(key):
    # GIVEN TF's graph of one raw update op (ref or resource variables, dense or sparse)
    case = FIXTURE["raw"][key]
    with gg.Graph().as_default():
        _imported(case["graph"])
        with gg.Session() as sess:
            sess.run("init")
            # WHEN it runs three times THEN every variable and slot is TF's after each run
            for run, want in enumerate(case["after"]):
                sess.run("update")
                for name, doc in want.items():
                    np.testing.assert_allclose(
                        sess.run(f"{name}:0"), doc, rtol=2e-6, atol=1e-7, err_msg=f"{run} {name}"
                    )


@pytest.mark.parametrize("key", sorted(FIXTURE["scatter_nd"]))
def test_scatter_nd_min_and_max_keep_tfs_nans_and_zeros(key):
    # GIVEN TF's ScatterNdMin/Max (ref and resource) of a repeated index, NaN updates and
    # elements and signed zeros, and an int32 one of rows
    case = FIXTURE["scatter_nd"][key]
    with gg.Graph().as_default():
        _imported(case["graph"])
        with gg.Session() as sess:
            sess.run("init")
            for want in case["after"]:
                sess.run(["update", "update_ints"])
                got = sess.run("v:0").ravel().tolist()
                # THEN each element is TF's, NaN for NaN and the sign of a zero kept
                for ours, theirs in zip(got, want, strict=True):
                    theirs = float(theirs)
                    assert (math.isnan(ours) and math.isnan(theirs)) or (
                        ours == theirs and math.copysign(1, ours) == math.copysign(1, theirs)
                    ), (got, want)
            assert sess.run("w:0").tolist() == case["ints_after"]


@pytest.mark.parametrize("name", sorted(FIXTURE["optimizers"]))
def test_proximal_gd_and_adagrad_da_train_on_from_tfs_meta_graph(name, tmp_path):
    # GIVEN the training MetaGraph and checkpoint TF's Saver wrote after one step of
    # ProximalGradientDescentOptimizer or AdagradDAOptimizer (Apply* and SparseApply*)
    case = FIXTURE["optimizers"][name]
    for file, data in case["files"].items():
        (tmp_path / file).write_bytes(base64.b64decode(data))
    feeds = {k: np.asarray(v) for k, v in case["feeds"].items()}
    with gg.Graph().as_default():
        saver = gg.train.import_meta_graph(str(tmp_path / "model.meta"))
        with gg.Session() as sess:
            saver.restore(sess, str(tmp_path / "model"))
            # WHEN three more steps run
            losses = [float(sess.run(["total_loss:0", "train"], feeds)[0]) for _ in range(3)]
            values = sess.run({v.op.name: v for v in gg.global_variables()})
    # THEN the losses, the variables and the slots are TF's
    np.testing.assert_allclose(losses, case["losses"], rtol=1e-5)
    assert sorted(values) == sorted(case["variables"])
    for key, doc in case["variables"].items():
        np.testing.assert_allclose(values[key], doc, rtol=1e-5, atol=1e-6, err_msg=key)
