"""TF1 programs earlier rounds left answered otherwise by graphgate (a cond's gradient
reading values of a branch no update's dependency orders, a cell's build inside
dynamic_rnn), run unchanged on graphgate, and TF's GraphDefs (GatherV2's batch_dims along
a constant axis, the count ops) imported, against what `tf.compat.v1` observed
(`tests/reference/tf1_leftovers11.py`, `fixtures/tf1_leftovers11.json`)."""

from __future__ import annotations

import base64

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization, tf_export, tf_graph
from tests.unit.engine.tf_observed import (
    assert_observed,
    error_classes,
    program_names,
    raised,
    reference,
)

FIXTURE, programs = reference("tf1_leftovers11")

KNOWN_DIFFERENT: dict[str, str] = {}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)


def _imported(key: str) -> tuple[dict, dict]:
    """TF's GraphDef of `imports[key]` imported into the default graph, and what each of
    its names answers in graphgate: [dtype, values], or the class names of the error."""
    case = FIXTURE["imports"][key]
    gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(case["graph"])), name="")
    feeds = {f"{k}:0": np.asarray(v, np.float32) for k, v in case["feeds"].items()}
    got = {}
    with gg.Session() as sess:
        for name in case["names"]:
            try:
                v = np.asarray(sess.run(f"{name}:0", feeds))
                got[name] = [str(v.dtype), v.tolist()]
            except gg.errors.OpError as exc:
                got[name] = error_classes(exc)
    return case, got


def test_an_imported_gather_with_batch_dims_along_a_constant_axis_is_tfs():
    # GIVEN TF's GraphDef of gathers with batch_dims 1, 2 and -1 along constant axes
    with gg.Graph().as_default() as graph:
        case, got = _imported("gather_batch_dims")
    feed = np.asarray(case["feeds"]["p"], np.float32)
    # THEN each answers TF's values, TF's gradient too, with TF's static shapes
    assert_observed(got, case["out"], "gather_batch_dims")
    for name, shape in case["shapes"].items():
        assert graph.get_tensor_by_name(f"{name}:0").shape.as_list() == shape
    # AND written as TF's GraphDef and read back, it answers the same
    again = serialization.graph_from_dict(tf_graph.graph_document(tf_export.graph_def_bytes(graph)))
    out = gg.Session(again).run(["y:0", "y3:0", "y4:0"], {"p:0": feed})
    assert [o.tolist() for o in out] == [case["out"][n][1] for n in ("y", "y3", "y4")]
    # AND graphgate's own gradient of the imported gather is TF's
    with graph.as_default():
        p, y = graph.get_tensor_by_name("p:0"), graph.get_tensor_by_name("y:0")
        (g,) = gg.gradients(gg.reduce_sum(y * y), [p])
        assert gg.Session(graph).run(g, {p: feed}).tolist() == case["out"]["g"][1]


def test_imported_count_ops_are_tfs_ragged_ones_too():
    # GIVEN TF's GraphDef of RaggedCountSparseOutput over 14 splits and values (4 of
    # them refused by TF's kernel), and the other two count ops' maxlength 0 and
    # negative values
    with gg.Graph().as_default():
        case, got = _imported("ragged_counts")
    # THEN every output is TF's, and every refusal is TF's InvalidArgumentError
    assert_observed(got, case["out"], "ragged_counts")


def test_vocabulary_file_columns_export_their_files_as_assets_tf_loads(tmp_path):
    # GIVEN a model of two vocabulary-file columns, saved by graphgate's simple_save (the
    # files removed after it), which TF 2.21 loaded and answered from its assets
    import os

    import graphgate.compat.v1 as v1

    want = FIXTURE["feature_column_exports"]
    names = {"os": os, "COLUMN_WORDS": programs.COLUMN_WORDS, "COLUMN_IDS": programs.COLUMN_IDS}
    exec(programs.COLUMNS, names)
    (tmp_path / "files").mkdir()
    export_dir = str(tmp_path / "m")
    local = names["columns_model"](v1, str(tmp_path / "files"), export_dir, False)
    # THEN graphgate's answers are TF's, before the export and loaded from it
    assert local == want["graphgate"]["local"] == want["tf"]["local"]
    assert want["graphgate"]["y"] == want["tf"]["y"]  # TF's load of graphgate's export
    with v1.Graph().as_default(), v1.Session() as sess:
        meta = v1.saved_model.loader.load(sess, ["serve"], export_dir)
        sig = meta.signature_def["serving_default"]
        feed = {
            sig.inputs["words"].name: programs.COLUMN_WORDS,
            sig.inputs["nums"].name: programs.COLUMN_IDS,
        }
        assert sess.run(sig.outputs["y"].name, feed).tolist() == want["tf"]["y"]
    # AND the vocabularies are the export's assets, as TF found them
    assert sorted(os.listdir(os.path.join(export_dir, "assets"))) == want["graphgate"]["assets"]


def test_a_bare_graph_defs_vocabulary_file_table_names_the_file_and_the_way_to_upload_it():
    # GIVEN TF's GraphDef of a table reading a vocabulary file, imported bare (TF's run of
    # its initializer fails there too, NotFoundError, the file being nowhere)
    case = FIXTURE["imports"]["bare_vocabulary"]
    assert case["init"] == "NotFoundError"
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(case["graph"])), name="")
        # WHEN its initializer runs THEN TF's class, naming the file and the SavedModel way
        with gg.Session() as sess, pytest.raises(gg.errors.NotFoundError) as caught:
            sess.run("init")
    assert caught.value.code == "FILE_NOT_FOUND"
    assert caught.value.details["file"] == "/no/such/dir/vocab.txt"
    assert "SavedModel" in str(caught.value) and "assets/" in str(caught.value)


def test_a_tensor_array_model_is_refused_as_tfs_graph_def_saying_why_once_per_op():
    # GIVEN a dynamic_rnn (TensorArrays in and out of its loop)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [2, 3, 4], name="x")
        gg.nn.dynamic_rnn(gg.nn.rnn_cell.BasicRNNCell(5), x, dtype=gg.float32)
    # WHEN written as TF's GraphDef THEN refused, each TensorArray op (and the loop
    # holding them) named with the reason, not with attributes TF's ops lack
    with pytest.raises(gg.GraphgateError) as caught:
        tf_export.graph_def_bytes(graph)
    assert caught.value.code == "TF_EXPORT_UNSUPPORTED"
    problems = caught.value.details["problems"]
    assert {p["op"] for p in problems} >= {"TensorArrayV3", "TensorArrayReadV3", "While"}
    assert all("TensorArray" in p["reason"] and "attribute" not in p["reason"] for p in problems)
