"""`gg.saved_model` beyond what the TF programs pin (test_tf1_saved_model.py): the files
on disk, what is refused and why, and `servable`, what the serving bridge uploads."""

from __future__ import annotations

import json
from io import StringIO

import numpy as np
import pytest

import graphgate as tf
from graphgate import tf_proto
from graphgate.saved_model import constants
from graphgate.saved_model.loader import latest_version, servable


def trained(export_dir, w_value=((1.0,), (2.0,)), **save):
    """GIVEN y = x @ w + b with w set to `w_value`, saved by simple_save."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        b = tf.Variable([0.5], name="b")
        y = tf.add(tf.matmul(x, w), b, name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.assign(w, w_value))
            tf.saved_model.simple_save(sess, str(export_dir), {"x": x}, {"y": y}, **save)
    return graph


def test_the_directory_holds_tfs_saved_model_and_checkpoint(tmp_path):
    trained(tmp_path / "m")
    data = (tmp_path / "m" / "saved_model.pb").read_bytes()
    doc = tf_proto.decode(data, tf_proto.SAVED_MODEL, lambda: ValueError("corrupt"))
    (meta,) = doc["meta_graphs"]
    assert meta["meta_info_def"]["tags"] == ["serve"]
    sig = meta["signature_def"]["serving_default"]
    assert sig["method_name"] == "tensorflow/serving/predict"
    assert sig["inputs"]["x"] == {
        "name": "x:0",
        "dtype": 1,
        "tensor_shape": {"dim": [{"size": -1}, {"size": 2}]},
    }
    assert meta["saver_def"]["restore_op_name"] == "save/restore_all"
    names = {n["name"] for n in meta["graph_def"]["node"]}
    assert {"w", "w/read", "w/Assign", "save/RestoreV2", "save/SaveV2"} <= names
    assert sorted(p.name for p in (tmp_path / "m" / "variables").iterdir()) == [
        "variables.data-00000-of-00001",
        "variables.index",
    ]
    reader = tf.train.NewCheckpointReader(str(tmp_path / "m" / "variables" / "variables"))
    np.testing.assert_array_equal(reader.get_tensor("w"), [[1.0], [2.0]])


def test_graphgates_own_layout_is_kept_on_request(tmp_path):
    trained(tmp_path / "m", format="graphgate")
    doc = json.loads((tmp_path / "m" / "saved_model.pb").read_text())
    assert doc["format"] == "graphgate.saved_model/v1"
    (meta,) = doc["meta_graphs"]
    assert meta["meta_info_def"] == {"tags": ["serve"]}
    assert meta["signature_def"]["serving_default"] == {
        "method_name": "tensorflow/serving/predict",
        "inputs": {"x": {"name": "x:0", "dtype": "float32", "shape": [-1, 2]}},
        "outputs": {"y": {"name": "y:0", "dtype": "float32", "shape": [-1, 1]}},
    }
    reader = tf.train.NewCheckpointReader(str(tmp_path / "m" / "variables" / "variables"))
    np.testing.assert_array_equal(reader.get_tensor("w"), [[1.0], [2.0]])


def test_loading_restores_values_into_a_graph_that_has_other_nodes(tmp_path):
    trained(tmp_path / "m", w_value=((3.0,), (-1.0,)))
    graph = tf.Graph()
    with graph.as_default():
        tf.constant(1.0, name="x")  # taken: the import needs a scope
        with tf.Session() as sess:
            with pytest.raises(tf.GraphgateError) as info:
                tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "m"))
            assert info.value.code == "DUPLICATE_NAME"
            meta = tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "m"), "s")
            sig = meta.signature_def["serving_default"]
            y = tf.saved_model.utils.get_tensor_from_tensor_info(sig.outputs["y"], graph, "s")
            assert sess.run(y, {"s/x:0": [[1.0, 1.0]]}).tolist() == [[2.5]]


def test_what_is_not_a_graphgate_saved_model_is_refused_naming_why(tmp_path):
    tf_export = tmp_path / "tf"
    tf_export.mkdir()
    (tf_export / "saved_model.pb").write_bytes(b"\x08\x01\x12\x80")  # a cut protocol buffer
    with pytest.raises(tf.errors.DecodeError) as info:
        tf.saved_model.loader.load(tf.Session(tf.Graph()), ["serve"], str(tf_export))
    assert info.value.code == "INVALID_PROTO" and "tensorflow.SavedModel" in str(info.value)
    with pytest.raises(OSError) as info:
        tf.saved_model.loader.load(tf.Session(tf.Graph()), ["serve"], str(tmp_path))
    assert info.value.code == "SAVED_MODEL_NOT_FOUND"
    trained(tmp_path / "m", format="graphgate")
    path = tmp_path / "m" / "saved_model.pb"
    path.write_text(path.read_text().replace("saved_model/v1", "saved_model/v9"))
    with pytest.raises(tf.GraphgateError) as info:
        tf.saved_model.loader.load(tf.Session(tf.Graph()), ["serve"], str(tmp_path / "m"))
    assert info.value.code == "UNSUPPORTED_FORMAT"
    path.write_text("{not json")
    with pytest.raises(tf.GraphgateError) as info:
        servable(tmp_path / "m")
    assert info.value.code == "UNSUPPORTED_FORMAT"


def test_a_tampered_variables_file_is_never_a_silently_different_value(tmp_path):
    trained(tmp_path / "tf")
    (data,) = (tmp_path / "tf" / "variables").glob("variables.data-*")
    blob = bytearray(data.read_bytes())
    blob[0] ^= 0xFF
    data.write_bytes(bytes(blob))
    with pytest.raises(tf.GraphgateError) as info:
        tf.saved_model.loader.load(tf.Session(tf.Graph()), ["serve"], str(tmp_path / "tf"))
    assert info.value.code == "CHECKPOINT_DATA_LOSS"
    trained(tmp_path / "m", format="graphgate")
    (data,) = (tmp_path / "m" / "variables").glob("variables.data-*.npz")
    blob = bytearray(data.read_bytes())
    blob[-30] ^= 0xFF
    data.write_bytes(bytes(blob))
    with pytest.raises(tf.GraphgateError) as info:
        tf.saved_model.loader.load(tf.Session(tf.Graph()), ["serve"], str(tmp_path / "m"))
    assert info.value.code == "INVALID_CHECKPOINT"


def test_signatures_are_checked_when_added(tmp_path):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None], name="x")
    v = tf.Variable(1.0, name="v")
    other = tf.Graph()
    with other.as_default():
        elsewhere = tf.placeholder(tf.float32, name="elsewhere")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "m"))
        signature = tf.saved_model.predict_signature_def({"e": elsewhere}, {"v": v})
        for bad in ({"k": signature}, {"k": "not a signature"}, {"saved_model_main_op": None}):
            with pytest.raises(ValueError) as info:
                builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map=bad)
            assert info.value.code == "INVALID_SIGNATURE"
        with pytest.raises(ValueError):
            tf.saved_model.build_tensor_info(1.0)
        with pytest.raises(ValueError) as info:  # TF's: an asset is a string constant
            builder.add_meta_graph_and_variables(sess, ["serve"], assets_collection=[x])
        assert info.value.code == "INVALID_ASSET"
    with pytest.raises(NotImplementedError):
        tf.saved_model.save(object(), str(tmp_path / "v2"))


def test_servable_reads_the_newest_numbered_version_with_its_values(tmp_path):
    trained(tmp_path / "base" / "1", w_value=((1.0,), (1.0,)))
    trained(tmp_path / "base" / "10", w_value=((7.0,), (8.0,)))
    (tmp_path / "base" / "11").mkdir()  # not a saved model: skipped
    (tmp_path / "base" / "latest").mkdir()
    assert latest_version(tmp_path / "base") == str(tmp_path / "base" / "10")
    model = servable(tmp_path / "base")
    assert model["inputs"] == {"x": "x:0"} and model["outputs"] == {"y": "y:0"}
    assert sorted(model["variables"]) == ["b", "w"]
    np.testing.assert_array_equal(model["variables"]["w"], [[7.0], [8.0]])
    assert model["graph"]["format"] == "graphgate.graph/v1"
    with pytest.raises(KeyError) as info:
        servable(tmp_path / "base", signature_def_key="classify")
    assert info.value.code == "UNKNOWN_SIGNATURE"
    with pytest.raises(RuntimeError):
        servable(tmp_path / "base", tags=["train"])
    with pytest.raises(OSError):
        servable(tmp_path / "base" / "11")


def test_constants_name_the_files_written(tmp_path):
    trained(tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == sorted(
        [constants.SAVED_MODEL_FILENAME_PB, constants.VARIABLES_DIRECTORY]
    )
    assert tf.saved_model.loader.maybe_saved_model_directory(str(tmp_path / "m"))
    # TF takes paths as bytes too
    assert tf.saved_model.loader.maybe_saved_model_directory(str(tmp_path / "m").encode())
    with tf.Session(graph=tf.Graph()) as sess:
        tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "m").encode())
    assert tf.saved_model.load is tf.saved_model.loader.load
    assert tf.compat.v1.saved_model.simple_save is tf.saved_model.simple_save


def test_the_cli_shows_tag_sets_and_signatures_offline(tmp_path, capsys):
    from graphgate.cli import OK, USAGE, main

    trained(tmp_path / "2")
    out = StringIO()
    assert main(["saved-model", "show", str(tmp_path)], stdout=out) == OK
    assert out.getvalue().splitlines()[1:] == [
        "tags: serve",
        "  signature serving_default (tensorflow/serving/predict)",
        "    input x: x:0 float32 [-1, 2]",
        "    output y: y:0 float32 [-1, 1]",
    ]
    out = StringIO()
    assert main(["saved-model", "show", str(tmp_path / "2"), "-o", "json"], stdout=out) == OK
    report = json.loads(out.getvalue())
    assert report["path"] == str(tmp_path / "2")
    assert report["meta_graphs"][0]["signatures"]["serving_default"]["inputs"]["x"]["shape"] == [
        -1,
        2,
    ]
    assert main(["saved-model", "show", str(tmp_path / "none")]) == USAGE
    assert "SAVED_MODEL_NOT_FOUND" in capsys.readouterr().err


def test_servable_refuses_a_signature_reading_a_variable_the_checkpoint_lacks(tmp_path):
    # GIVEN y = x @ w + b saved with a saver of `w` alone: the signature reads `b`, which
    # nothing restores (what a Keras 3 model given to tf.saved_model.save looks like, and
    # what TF's own loader fails on: FailedPreconditionError, "Could not find variable")
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable(tf.ones([2, 1]), name="w")
        b = tf.Variable([0.5], name="b")
        y = tf.add(tf.matmul(x, w), b, name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "m"))
            signature = tf.saved_model.predict_signature_def({"x": x}, {"y": y})
            builder.add_meta_graph_and_variables(
                sess, ["serve"], {"serving_default": signature}, saver=tf.train.Saver([w])
            )
            builder.save()
    # WHEN it is read for serving THEN it is refused before anything is uploaded, naming
    # the variable and TF's class
    with pytest.raises(tf.errors.FailedPreconditionError) as info:
        servable(tmp_path / "m")
    assert info.value.code == "UNINITIALIZED_VARIABLE"
    assert info.value.details == {"signature": "serving_default", "variables": ["b"]}
    assert "model.export(dir)" in str(info.value)


def test_servable_does_not_need_what_a_fed_inputs_default_reads(tmp_path):
    # GIVEN an input that is a placeholder_with_default of a variable the saver leaves
    # out: serving feeds the input, so that variable is never read
    with tf.Graph().as_default():
        d = tf.Variable([[1.0, 1.0]], name="d")
        x = tf.placeholder_with_default(d.read_value(), [None, 2], name="x")
        w = tf.Variable(tf.ones([2, 1]), name="w")
        y = tf.matmul(x, w, name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "m"))
            signature = tf.saved_model.predict_signature_def({"x": x}, {"y": y})
            builder.add_meta_graph_and_variables(
                sess, ["serve"], {"serving_default": signature}, saver=tf.train.Saver([w])
            )
            builder.save()
    # WHEN it is read for serving THEN it is taken, with the one variable saved
    assert sorted(servable(tmp_path / "m")["variables"]) == ["w"]
