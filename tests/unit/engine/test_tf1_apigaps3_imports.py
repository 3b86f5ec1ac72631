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


def test_tfs_unique_v2_imports_with_its_constant_axis():
    # GIVEN TF's UniqueV2 node, its axis (-1, int64) a Const input, of a fed matrix
    case = FIXTURE["unique_v2"]
    with gg.Graph().as_default():
        _imported(case["graph"])
        # WHEN it runs THEN the distinct columns and each column's index are TF's
        with gg.Session() as sess:
            y, idx = sess.run(["u:0", "u:1"], {"x:0": np.asarray(case["x"], np.float32)})
    assert y.tolist() == case["y"]
    assert idx.tolist() == case["idx"] and idx.dtype == np.int64


def test_unique_v2_travels_as_tensorflows_graph_def(tmp_path):
    # GIVEN graphgate's UniqueV2 along axis 1 (TF 2.21 reads these bytes and answers
    # [[1, 2], [0, 5]] and [0, 1, 0]: checked by hand)
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        gg.raw_ops.UniqueV2(x=x, axis=[1], name="u")
        gg.io.write_graph(graph, str(tmp_path), "g.pb", as_text=False)
    # WHEN the GraphDef is read back and run
    graph_def = gg.GraphDef.FromString((tmp_path / "g.pb").read_bytes())
    assert [n.op for n in graph_def.node if n.name.startswith("u")] == ["Const", "UniqueV2"]
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            got = sess.run(["u:0", "u:1"], {"x:0": [[1.0, 2.0, 1.0], [0.0, 5.0, 0.0]]})
    # THEN it computes what it did
    assert [v.tolist() for v in got] == [[[1.0, 2.0], [0.0, 5.0]], [0, 1, 0]]


def test_tfs_extract_glimpse_imports_with_its_constant_size():
    # GIVEN TF's ExtractGlimpse node (size [3, 4] a Const input, zero noise) of fed images
    case = FIXTURE["glimpse"]
    with gg.Graph().as_default():
        _imported(case["graph"])
        with gg.Session() as sess:
            got = sess.run("g:0", {"x:0": case["x"], "o:0": case["offsets"]})
    # THEN the glimpses, the one half outside its image zeros, are TF's
    assert got.tolist() == case["glimpse"]


def test_extract_glimpse_travels_as_tensorflows_graph_def(tmp_path):
    # GIVEN graphgate's extract_glimpse (TF 2.21 reads these bytes and answers the same
    # glimpse: checked by hand)
    image = np.arange(30, dtype=np.float32).reshape(1, 5, 6, 1)
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 5, 6, 1], name="x")
        gg.image.extract_glimpse(x, [2, 3], [[0.2, -0.3]], name="g")
        gg.io.write_graph(graph, str(tmp_path), "g.pb", as_text=False)
        with gg.Session() as sess:
            want = sess.run("g:0", {"x:0": image})
    graph_def = gg.GraphDef.FromString((tmp_path / "g.pb").read_bytes())
    assert [n.op for n in graph_def.node if n.name == "g"] == ["ExtractGlimpse"]
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            assert sess.run("g:0", {"x:0": image}).tolist() == want.tolist()


def test_tf1_bincount_as_tf_writes_it_imports():
    # GIVEN TF1's tf.bincount as TF 2.21 writes it: DenseBincount, its size computed from
    # the input (minlength, maxlength), weights or none, binary_output, int64 counts
    case = FIXTURE["bincount"]
    with gg.Graph().as_default():
        _imported(case["graph"])
        with gg.Session() as sess:
            # WHEN it runs on each input THEN every count, its dtype and length are TF's
            for run in case["runs"]:
                feeds = {
                    "x:0": np.asarray(run["x"], np.int32),
                    "w:0": np.asarray(run["w"], np.float32),
                }
                for name, (dtype, want) in run["out"].items():
                    got = sess.run(f"{name}:0", feeds)
                    assert (str(got.dtype), got.tolist()) == (dtype, want), (name, run["x"])
            # AND a negative value fails the run, as TF's kernel
            with pytest.raises(gg.errors.InvalidArgumentError, match="non-negative"):
                sess.run("plain:0", {"x:0": [1, -1]})
            # AND TF 2's per-row counts of a matrix are TF's (since leftovers9)
            assert sess.run("rows:0", {"x:0": [1, 3, 1]}).tolist() == case["rows"]
    assert case["negative"] == "InvalidArgumentError"
