"""A SavedModel TensorFlow wrote around `tf.io.parse_example` (TF's ParseExampleV2, its spec
in typed list attributes), loaded and run as TF ran it: the graph TF Serving's classify
and regress feed. Files and values from tests/reference/tf_saved_examples.py."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.reference import scenarios13

EXPORT = Path(__file__).parent / "fixtures" / "tf_formats" / "saved_examples"
EXPECTED = json.loads((EXPORT / "expected.json").read_text())


def _examples() -> np.ndarray:
    out = np.empty(len(EXPECTED["examples"]), object)
    out[:] = [bytes.fromhex(e) for e in EXPECTED["examples"]]
    return out


def _expected(name: str) -> np.ndarray:
    doc = EXPECTED["outputs"][name]
    if doc["dtype"] == "string":
        return np.array([v.encode() for v in doc["value"]], object)
    return np.asarray(doc["value"], doc["dtype"])


@pytest.mark.parametrize("signature", ["serving_default", "parsed", "parsed_v1"])
def test_a_tf_written_example_parsing_signature_computes_what_tf_computed(signature):
    # GIVEN TF's export: dense, defaulted string, sparse and sequence features
    with gg.Graph().as_default():
        sess = gg.Session()
        meta = gg.saved_model.loader.load(sess, ["serve"], str(EXPORT))
        sig = meta.signature_def[signature]
        # WHEN the serialized Examples are fed to its one input
        (feed,) = sig.inputs.values()
        names = sorted(sig.outputs)
        got = sess.run([sig.outputs[n].name for n in names], {feed.name: _examples()})
    # THEN every output is TF's, dtype and shape included
    for name, value in zip(names, got, strict=True):
        want = _expected(name) if name != "classes" else np.array([[b"neg", b"pos"]] * 3, object)
        assert value.dtype == want.dtype and value.shape == want.shape, name
        if value.dtype == np.float32:
            np.testing.assert_allclose(value, want, rtol=1e-6)
        else:
            assert value.tolist() == want.tolist(), name


def test_the_serving_bridge_takes_the_classification_signature_and_its_method():
    served = gg.saved_model.loader.servable(EXPORT)
    assert served["inputs"] == {"inputs": "tf_example:0"}
    assert served["method_name"] == "tensorflow/serving/classify"
    assert sorted(served["outputs"]) == ["classes", "scores"]


STRINGS = Path(__file__).parent / "fixtures" / "tf_formats" / "saved_strings"


def test_a_tf_written_string_model_joins_and_splits_as_tf_did():
    # GIVEN TF's export of ReduceJoin and both string splits, whose axes and separators
    # TF keeps in constant inputs (tests/reference/tf_saved_strings.py)
    expected = json.loads((STRINGS / "expected.json").read_text())
    text = np.array([t.encode() for t in expected["text"]], object)
    with gg.Graph().as_default():
        sess = gg.Session()
        sig = gg.saved_model.loader.load(sess, ["serve"], str(STRINGS)).signature_def
        outputs = sig["serving_default"].outputs
        # WHEN its signature runs on the text TF was fed
        got = sess.run({k: v.name for k, v in outputs.items()}, {"text:0": text})
    # THEN every output is TF's
    assert sorted(got) == sorted(expected["outputs"])
    for name, doc in expected["outputs"].items():
        value = np.asarray(got[name])
        if doc["dtype"] == "string":
            assert value.ravel().tolist() == [bytes.fromhex(v) for v in doc["value"]], name
        else:
            assert value.dtype.name == doc["dtype"] and value.ravel().tolist() == doc["value"]
        assert list(value.shape) == doc["shape"], name


ESTIMATORS = Path(__file__).parents[2] / "e2e" / "fixtures" / "scenarios13"
_TF_ONLY_ROWS = [
    *scenarios13.examples(scenarios13.estimator_data()["TEST"]),
    *scenarios13.ODD_EXAMPLES,
]


def _serialized(example: dict) -> bytes:
    import graphgate.compat.v1 as tf

    return scenarios13._serialized(tf, example)


FROM_ESTIMATORS = json.loads((ESTIMATORS / "expected.json").read_text())["estimator"]


@pytest.mark.parametrize(
    ("model", "signature", "output"),
    [
        ("classifier", "serving_default", "scores"),
        ("regressor", "serving_default", "outputs"),
        ("linear_vocab", "classification", "scores"),
        ("linear_vocab", "predict", "probabilities"),
        ("wide_deep", "classification", "scores"),
        ("wide_deep", "predict", "logits"),
    ],
)
def test_the_serving_bridge_serves_a_tf_estimators_export_as_tf_runs_it(model, signature, output):
    # GIVEN TF's estimator export (tests/reference/scenarios13.py): its variables are
    # partitioned (`.../part_0`, stored under the full name), its vocabulary column a table
    # its main op fills, and its graph holds summaries graphgate cannot map, so the bridge
    # cuts it to the signature
    served = gg.saved_model.loader.servable(ESTIMATORS / "tf" / model / "1", signature)
    # THEN each part is read from its full name's slice (not looked up as `part_0`)
    assert "global_step" in served["variables"]
    assert all(k.endswith("part_0") for k in served["variables"] if k != "global_step")
    # and the table's initializer stays beside what the signature computes
    from graphgate.ops import lookup_ops

    graph = gg.graph_from_dict(served["graph"])
    sess = gg.Session(graph)
    sess.set_variables(served["variables"])
    sess.run(lookup_ops.table_initializers(graph))
    examples = np.array([base64.b64decode(s) for s in FROM_ESTIMATORS["serialized"]], object)
    if model in ("linear_vocab", "wide_deep"):  # these saw the odd examples too
        examples = np.array([_serialized(e) for e in _TF_ONLY_ROWS], object)
    (feed,) = served["inputs"].values()
    got = sess.run({output: served["outputs"][output]}, {feed: examples})
    # WHEN run on TF's serialized Examples, THEN it answers TF's loaded export
    want = FROM_ESTIMATORS[model][signature]["outputs"][output]
    np.testing.assert_allclose(np.reshape(got[output], np.shape(want)), want, rtol=1e-6)


def test_a_tf_estimators_export_loads_whole_with_its_summaries_tags():
    # GIVEN TF's DNNClassifier export, whose graph holds TF's 2-input ScalarSummary and
    # HistogramSummary (the tag a string input graphgate takes as an attribute)
    with gg.Graph().as_default() as graph:
        sess = gg.Session()
        # WHEN TF1's loader reads it whole (not cut to a signature, as the bridge does)
        meta = gg.saved_model.loader.load(
            sess, ["serve"], str(ESTIMATORS / "tf" / "classifier" / "1")
        )
        sig = meta.signature_def["classification"]
        examples = np.array([base64.b64decode(s) for s in FROM_ESTIMATORS["serialized"]], object)
        scores = sess.run(sig.outputs["scores"].name, {sig.inputs["inputs"].name: examples})
        summary = graph.get_operation_by_name("dnn/dnn/logits/fraction_of_zero_values")
        # THEN it classifies as TF did, and each summary keeps TF's tag
        want = FROM_ESTIMATORS["classifier"]["classification"]["outputs"]["scores"]
        np.testing.assert_allclose(scores, want, rtol=1e-6)
        assert summary.get_attr("tag") == "dnn/dnn/logits/fraction_of_zero_values"


def test_a_tf_estimators_export_cut_to_its_signature_reads_each_part_by_its_full_name():
    # GIVEN TF's DNNClassifier export cut to its classification signature, as the serving
    # bridge cuts a graph whose training part graphgate cannot map
    path = str(ESTIMATORS / "tf" / "classifier" / "1")
    meta = gg.saved_model.loader.meta_graph_of(path, ("serve",), cut_to="classification")
    # THEN its saver restores each partitioned variable the signature reads from the key
    # the whole graph's RestoreV2 names (the full name, a slice), and nothing else
    var_list = meta.saver_def["var_list"]
    assert "global_step" not in var_list
    kernel = var_list["dnn/hiddenlayer_0/kernel"]
    assert kernel == [["dnn/hiddenlayer_0/kernel/part_0:0", "8 4 0,8:0,4"]]
    assert len(var_list) == 5


def test_a_tf_sparse_reduction_over_an_empty_axes_list_reduces_no_axis_as_tfs_kernel():
    # TF 2.21's `sparse_reduce_sum(sp, axis=[])` writes an empty `reduction_axes` constant,
    # and its kernel reduces no axis (the op's documentation says every axis); graphgate
    # read the empty list as every axis and answered 8.0 where TF answered the dense values
    # (tests/reference/scenarios18.py wrote the file and recorded TF's answers)
    from tests.reference import scenarios18

    want = json.loads((scenarios18.OUT / "expected.json").read_text())["sparse_empty_axes"]
    graph_def = gg.GraphDef.FromString(scenarios18.EMPTY_AXES_PB.read_bytes())
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            got = sess.run({name: f"{name}:0" for name in want})
    for name, value in want.items():
        np.testing.assert_array_equal(got[name], value, err_msg=name)
