"""The SavedModel and .meta a typical TF1 script writes under TensorFlow 2.x, read by
graphgate: `tf.layers` kernels drawn by TF 2's stateless random ops, `tf.losses`' sum
over a Range of constants, the script's own Saver beside simple_save's, and the
TanhGrad and SigmoidGrad of its training op.

The files under fixtures/tf_layers and expected.json were written by TensorFlow 2.21
(tests/reference/tf_layers_saved_model.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURES = Path(__file__).parent / "fixtures" / "tf_layers"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


def value_of(doc: dict) -> np.ndarray:
    return np.asarray(doc["value"], doc["dtype"]).reshape(doc["shape"])


def test_a_tf2_written_tf1_saved_model_loads_and_predicts_as_tf_did():
    # GIVEN simple_save's export of a tf.layers model whose graph also holds the
    # stateless initializers, tf.losses' Range axes and a second Saver
    assert "StatelessRandomUniformV2" in EXPECTED["stateless_ops"]
    with gg.Graph().as_default() as graph:
        sess = gg.Session()
        # WHEN it is loaded as TF1 code loads it
        meta = gg.saved_model.loader.load(sess, ["serve"], str(FIXTURES / "export" / "1"))
        sig = meta.signature_def["serving_default"]
        scores = sess.run(sig.outputs["scores"].name, {sig.inputs["rows"].name: rows()})
    # THEN it answers TF's scores, and no saver's ops came along
    np.testing.assert_allclose(scores, value_of(EXPECTED["scores"]), rtol=1e-5, atol=1e-7)
    assert not any(op.name.split("/")[0] in ("save", "save_1") for op in graph.get_operations())


def rows() -> np.ndarray:
    return value_of(EXPECTED["rows"])


@pytest.fixture
def meta_graph():
    graph = gg.Graph()
    with graph.as_default():
        saver = gg.train.import_meta_graph(str(FIXTURES / "ckpt" / "model.ckpt-0.meta"))
    return graph, saver


def test_the_stateless_initializers_draw_tfs_very_numbers(meta_graph):
    graph, _ = meta_graph
    with graph.as_default(), gg.Session() as sess:
        # WHEN the variables are initialized rather than restored
        sess.run([v.initializer for v in graph.get_collection("variables")])
        for name, want in EXPECTED["initial"].items():
            # THEN each kernel is what TF's initializer drew, bit for bit
            got = sess.run(f"{name}:0")
            assert got.dtype == np.float32 and got.tolist() == value_of(want).tolist(), name
        for name, want in EXPECTED["draws"].items():
            assert sess.run(f"{name}:0").tolist() == value_of(want).tolist(), name


def test_the_imported_training_op_trains_as_tf_did(meta_graph):
    graph, saver = meta_graph
    labels = value_of(EXPECTED["labels"])
    with graph.as_default(), gg.Session() as sess:
        # GIVEN the initial checkpoint the script saved
        saver.restore(sess, str(FIXTURES / "ckpt" / "model.ckpt-0"))
        # WHEN its Adam train op runs, through TanhGrad and SigmoidGrad
        for _ in range(EXPECTED["steps"]):
            sess.run("train", {"x:0": rows(), "y:0": labels})
        scores = sess.run("probs:0", {"x:0": rows()})
    # THEN the model ends where TF's did
    np.testing.assert_allclose(scores, value_of(EXPECTED["scores"]), rtol=1e-5, atol=1e-7)


def test_a_signature_is_served_without_the_training_ops_graphgate_cannot_map():
    # GIVEN an export whose train op holds a tf.cond's gradient, which graphgate cannot
    # map, and ApplyAdadelta (which it maps), beside a signature of ops it can (conv, pool,
    # the dropout cond)
    export = FIXTURES / "cond"
    case = EXPECTED["cond"]
    # THEN TF1's load of the whole graph is refused, naming them...
    with pytest.raises(gg.errors.InvalidArgumentError) as refused:
        gg.saved_model.loader.load(gg.Session(gg.Graph()), ["serve"], str(export / "1"))
    assert refused.value.code == "TF_GRAPH_UNSUPPORTED"
    problems = {p["node"]: p["reason"] for p in refused.value.details["problems"]}
    assert problems and all(
        reason == "it reads both branches of a cond" for reason in problems.values()
    )
    # ...while what serving reads is the signature's part, with the variables it needs
    served = gg.saved_model.loader.servable(export)
    assert sorted(served["variables"]) == case["variables"]  # no slot, no global step
    with gg.Graph().as_default() as graph:
        gg.import_graph_def(served["graph"], name="")
        with gg.Session() as sess:
            for name, value in served["variables"].items():
                graph.get_operation_by_name(name).outputs[0].load(value, sess)
            images = value_of(case["images"])
            probs = sess.run(served["outputs"]["probs"], {"images:0": images})
    np.testing.assert_allclose(probs, value_of(case["probs"]), rtol=1e-5, atol=1e-7)
    # and `saved-model show` describes it without mapping any graph
    shown = gg.saved_model.loader.describe(export)["meta_graphs"]
    assert list(shown[0]["signatures"]) == ["serving_default"]


def test_a_net_tf_trained_through_conds_serves_its_signature_with_tfs_moving_averages():
    # GIVEN simple_save's export of a conv net with batch norm and dropout under a
    # `training` placeholder_with_default, trained in TF 2.21 (cond_v2: each forward If
    # returns its gradient's intermediates as Optionals, and the batch norm's cond its
    # mean and variance for the moving averages), recorded by tests/reference/scenarios16.py
    from tests.reference import scenarios16 as journey

    export = journey.OUT / "cnn" / "1"
    want = json.loads((journey.OUT / "expected.json").read_text())["cnn"]["probs"]
    # WHEN serving reads it (the signature's part: was TF_GRAPH_UNSUPPORTED naming the
    # Optionals, then UNKNOWN_INPUT for the inference batch norm's second output)
    served = gg.saved_model.loader.servable(export)
    with gg.Graph().as_default() as graph:
        gg.import_graph_def(served["graph"], name="")
        with gg.Session() as sess:
            for name, value in served["variables"].items():
                graph.get_operation_by_name(name).outputs[0].load(value, sess)
            probs = sess.run(served["outputs"]["probs"], {"images:0": journey.cnn_rows()})
    # THEN it answers TF's probabilities: the moving averages TF trained, dropout off
    assert not any(op.type.startswith("Optional") for op in graph.get_operations())
    np.testing.assert_allclose(probs, want, rtol=1e-5, atol=1e-6)
    # AND the whole graph, whose training op reads those Optionals, is still refused by name
    with pytest.raises(gg.GraphgateError) as refused:
        gg.saved_model.loader.load(gg.Session(gg.Graph()), ["serve"], str(export))
    problems = refused.value.details["problems"]
    assert {p["op"] for p in problems} >= {"OptionalFromValue", "OptionalNone"}
