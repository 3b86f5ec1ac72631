"""TF Serving's classify and regress through the models handler (moto, in-process):
estimators exported with `build_parsing_serving_input_receiver_fn`, taken in by the
saved-model bridge with their SignatureDef's method, called with JSON Examples."""

import numpy as np
import pytest

import graphgate as gg
from tests.integration import test_models_handler as _models

module_aws = _models.module_aws
api = _models.api
session = _models.session

X = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]], np.float32)
SLOT = np.array([[0], [2], [1]], np.int64)
# The same rows as TF Serving's JSON Examples: floats with a fraction, ints without.
EXAMPLES = [
    {"x": [float(a), float(b)], "slot": int(s[0])} for (a, b), s in zip(X, SLOT, strict=True)
]


def _export(tmp_path, estimator_class, labels, **kwargs):
    """A trained estimator's export for serialized Examples, and its own predictions."""
    from graphgate.saved_model.loader import servable

    fc = gg.feature_column
    columns = [fc.numeric_column("x", shape=(2,)), fc.categorical_column_with_identity("slot", 3)]
    with gg.Graph().as_default():
        est = estimator_class(columns, model_dir=str(tmp_path / "m"), **kwargs)
        data = {"x": X, "slot": SLOT}
        est.train(gg.estimator.inputs.numpy_input_fn(data, labels, shuffle=False), steps=20)
        predicted = list(est.predict(gg.estimator.inputs.numpy_input_fn(data, shuffle=False)))
        receiver = gg.estimator.export.build_parsing_serving_input_receiver_fn(
            fc.make_parse_example_spec(columns)
        )
        path = est.export_saved_model(str(tmp_path / "e"), receiver)
    return servable(path if isinstance(path, str) else path.decode()), predicted


def _serve(api, model, signature_name=None):
    """The bridge's two requests (what Client.create_model_version_from_saved_model sends),
    the version named by `signature_name` (the signature's key) when given."""
    from graphgate import serialization

    stored = api.call("post-graphs-linear", body={"name": "examples", "graph": model["graph"]})
    assert stored.status == 201, stored.text
    body = {
        "name": _models.MODEL,
        "graph_id": stored.json()["id"],
        "graph_revision": stored.json()["revision"],
        "variables": {
            k: serialization.encode_tensor(v, b64=True) for k, v in model["variables"].items()
        },
        "inputs": model["inputs"],
        "outputs": model["outputs"],
        "method_name": model["method_name"],
    }
    if signature_name is not None:
        body["signature_name"] = signature_name
    created = api.call("post-models", body=body)
    assert created.status == 201, created.text
    return created.json()


def test_regress_answers_the_regressors_predictions(api, tmp_path):
    # GIVEN a LinearRegressor served from its parsing export
    labels = np.array([[1.0], [0.0], [2.0]], np.float32)
    model, predicted = _export(tmp_path, gg.estimator.LinearRegressor, labels)
    version = _serve(api, model)
    assert version["signature"]["method_name"] == "tensorflow/serving/regress"

    # WHEN TF Serving's regress is called with the rows as JSON Examples
    reply = api.call("post-tfserving-regress", body={"examples": EXAMPLES})

    # THEN one value per example, the estimator's own prediction
    assert reply.status == 200, reply.text
    assert reply.headers["x-model-version"] == "1"
    expected = [p["predictions"][0] for p in predicted]
    np.testing.assert_allclose(reply.json()["results"], expected, rtol=1e-6)
    # context features merge into each example: `slot` given once for all
    shared = {"context": {"slot": 1}, "examples": [{"x": e["x"]} for e in EXAMPLES]}
    merged = api.call("post-tfserving-regress", body=shared)
    again = api.call(
        "post-tfserving-regress", body={"examples": [{**e, "slot": 1} for e in EXAMPLES]}
    )
    assert merged.status == 200 and merged.json() == again.json()

    # a classify of a regression signature is TF Serving's refusal, in its shape
    wrong = api.call("post-tfserving-classify", body={"examples": EXAMPLES})
    assert wrong.status == 400 and wrong.headers["content-type"] == "application/json"
    assert wrong.json() == {
        "error": "Expected classification signature method_name to be "
        "tensorflow/serving/classify. Was: tensorflow/serving/regress",
        "code": "SIGNATURE_METHOD_MISMATCH",
    }


def test_classify_answers_the_classifiers_probabilities(api, tmp_path):
    # GIVEN a binary LinearClassifier served from its parsing export
    labels = np.array([[1], [0], [1]], np.int64)
    model, predicted = _export(tmp_path, gg.estimator.LinearClassifier, labels)
    _serve(api, model)

    reply = api.call("post-tfserving-classify", body={"examples": EXAMPLES})

    # THEN per example one [label, score] pair per class, the scores its probabilities
    assert reply.status == 200, reply.text
    results = reply.json()["results"]
    assert [[label for label, _ in r] for r in results] == [["0", "1"]] * 3  # TF's classes
    scores = [[score for _, score in r] for r in results]
    np.testing.assert_allclose(scores, [p["probabilities"] for p in predicted], rtol=1e-6)


@pytest.mark.parametrize(
    ("body", "code", "error"),
    [
        ({"examples": []}, "VALIDATION_FAILED", "'examples' value is an empty array"),
        ({"instances": [[1.0]]}, "VALIDATION_FAILED", "key 'examples' is expected"),
        ({"examples": [{"x": [1, 2.5]}]}, "INVALID_EXAMPLE", "expecting type: int64"),
        (
            {"signature_name": "classification", "examples": EXAMPLES},
            "SIGNATURE_NOT_FOUND",
            "No signature was found with the name: classification",
        ),
        # parsed in the graph: an int64 list where the spec reads floats
        ({"examples": [{"x": [1, 2], "slot": 0}]}, "INVALID_EXAMPLE", "x"),
    ],
)
def test_bad_requests_are_tf_serving_errors(api, tmp_path, body, code, error):
    labels = np.array([[1.0], [0.0], [2.0]], np.float32)
    model, _ = _export(tmp_path, gg.estimator.LinearRegressor, labels)
    _serve(api, model)
    reply = api.call("post-tfserving-regress", body=body)
    assert reply.status == 400, reply.text
    assert reply.json()["code"] == code and error in reply.json()["error"]


def test_a_predict_version_is_not_classified(api, session):
    # A version frozen from a session records no method: predict, as before.
    assert _models.freeze(api, session)["signature"]["method_name"] == "tensorflow/serving/predict"
    reply = api.call("post-tfserving-classify", body={"examples": [{"x": 1.0}]})
    assert reply.status == 400 and reply.json()["code"] == "SIGNATURE_METHOD_MISMATCH"
    assert reply.json()["error"].endswith("Was: tensorflow/serving/predict")


def test_examples_past_the_batch_or_the_run_bytes_are_refused_before_they_are_made(
    api, tmp_path, monkeypatch
):
    # GIVEN a regressor served (max_batch_size 1024), and a count of serialized features
    import dataclasses

    from graphgate_service import plans, tfserving_examples

    labels = np.array([[1.0], [0.0], [2.0]], np.float32)
    model, _ = _export(tmp_path, gg.estimator.LinearRegressor, labels)
    _serve(api, model)
    made = []
    entries = tfserving_examples._entries
    monkeypatch.setattr(tfserving_examples, "_entries", lambda f: made.append(1) or entries(f))
    # WHEN more examples than rows are sent: refused, none serialized (they all were)
    reply = api.call("post-tfserving-regress", body={"examples": [EXAMPLES[0]] * 1025})
    assert reply.status == 400 and reply.json()["code"] == "INPUT_TOO_MANY_ROWS", reply.text
    assert made == []
    # WHEN a small body's context, merged into each example, passes the plan's run bytes
    for plan in ("free", "pro"):
        small = dataclasses.replace(plans.PLANS[plan], run_bytes=100_000)
        monkeypatch.setitem(plans.PLANS, plan, small)
    context = {f"f{i}": [1.5] * 50 for i in range(20)}  # 4,340 bytes an example
    body = {"context": context, "examples": [EXAMPLES[0]] * 1000}
    reply = api.call("post-tfserving-regress", body=body)
    # THEN it is the plan's FEED_TOO_LARGE, found at the example that passed it
    assert reply.status == 422 and reply.json()["code"] == "FEED_TOO_LARGE", reply.text
    assert "at example 22" in reply.json()["error"] and len(made) == 1 + 23
