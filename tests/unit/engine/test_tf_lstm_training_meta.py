"""The `.meta` TF1 saved while training a dynamic_rnn LSTM holds TF's gradient of the
while_loop (stacks the gradient loop pops what the forward loop pushed), which graphgate
does not import: the refusal names the stack nodes alone and says what to do, and doing
it (the model built with graphgate, TF's checkpoint restored by name) gives TF's losses,
restored and after one more Adam step (tests/reference/tf_lstm_training_meta.py). The same
graph built with TF 2's control flow keeps those values in TensorLists, refused alike."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.reference.tf_lstm_training_meta import MODEL

FIXTURES = Path(__file__).parent / "fixtures" / "tf_lstm_meta"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


def test_the_training_meta_is_refused_naming_its_gradient_stacks_and_what_to_do():
    with gg.Graph().as_default(), pytest.raises(ValueError) as info:
        gg.train.import_meta_graph(str(FIXTURES / "model.meta"))
    assert info.value.code == "TF_GRAPH_UNSUPPORTED"
    problems = info.value.details["problems"]
    # Only the stacks: the forward loop and the rest of the graph are not listed as noise.
    assert {p["op"] for p in problems} == {"StackV2", "StackPushV2", "StackPopV2"}
    advice = problems[0]["reason"]
    for what in ("convert_variables_to_constants", "Saver().restore", "minimize"):
        assert what in advice
    assert all(problems[0]["node"] in p["reason"] for p in problems[1:])


def test_the_training_meta_of_tf2_control_flow_is_refused_with_the_same_advice():
    # The same graph built with TF 2's control flow (tf.compat.v1 without
    # disable_v2_behavior) keeps the forward values in TensorList accumulators: each was
    # "graphgate has no such op", and both loops "a TensorList loop variable not made by a
    # TensorList op", with no word of what to do (scenarios17's seq2seq user)
    with gg.Graph().as_default(), pytest.raises(ValueError) as info:
        gg.train.import_meta_graph(str(FIXTURES / "model_v2.meta"))
    assert info.value.code == "TF_GRAPH_UNSUPPORTED"
    problems = info.value.details["problems"]
    lists = [p for p in problems if p["op"] == "EmptyTensorList"]
    assert lists[0] is problems[0]
    assert all(p["node"].endswith("/accumulator") for p in lists)
    advice = problems[0]["reason"]
    for what in ("convert_variables_to_constants", "Saver().restore", "minimize"):
        assert what in advice
    assert all(problems[0]["node"] in p["reason"] for p in lists[1:])
    # (besides them, the two loops those lists ride in, as the inliner found them)
    assert {p["op"] for p in problems if p not in lists} <= {"StatelessWhile", "While"}


def test_the_model_built_with_graphgate_restores_the_checkpoint_and_trains_as_tf():
    with gg.Graph().as_default():
        scope: dict = {"tf": gg}
        exec(MODEL, scope)
        feed = {
            scope["x"]: np.asarray(EXPECTED["x"], np.float32),
            scope["y"]: np.asarray(EXPECTED["y"], np.float32),
        }
        with gg.Session() as sess:
            gg.train.Saver().restore(sess, str(FIXTURES / "model"))
            restored = sess.run(scope["loss"], feed)
            sess.run(scope["train"], feed)
            after = sess.run(scope["loss"], feed)
    np.testing.assert_allclose(restored, EXPECTED["loss_restored"], rtol=1e-5)
    np.testing.assert_allclose(after, EXPECTED["loss_after_step"], rtol=1e-5)
