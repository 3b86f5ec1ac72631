"""TF Serving's classify and regress over HTTP through the local runner: estimators
exported with `build_parsing_serving_input_receiver_fn`, served by the client's
saved-model bridge, called with the JSON bodies TF Serving's REST page documents."""

import io
import json

import numpy as np
import pytest

import graphgate as gg
from graphgate.client import Client as ApiClient
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

X = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]], np.float32)
SLOT = np.array([[0], [2], [1]], np.int64)
EXAMPLES = [
    {"x": [float(a), float(b)], "slot": int(s[0])} for (a, b), s in zip(X, SLOT, strict=True)
]


@pytest.fixture
def client(runner):
    return Client(runner.url, runner.create_tenant("classify-e2e", plan="pro")["api_key"])


def _export(tmp_path, estimator_class, labels):
    fc = gg.feature_column
    columns = [fc.numeric_column("x", shape=(2,)), fc.categorical_column_with_identity("slot", 3)]
    with gg.Graph().as_default():
        est = estimator_class(columns, model_dir=str(tmp_path / "m"))
        data = {"x": X, "slot": SLOT}
        est.train(gg.estimator.inputs.numpy_input_fn(data, labels, shuffle=False), steps=20)
        predicted = list(est.predict(gg.estimator.inputs.numpy_input_fn(data, shuffle=False)))
        receiver = gg.estimator.export.build_parsing_serving_input_receiver_fn(
            fc.make_parse_example_spec(columns)
        )
        path = est.export_saved_model(str(tmp_path / "e"), receiver)
    return (path if isinstance(path, str) else path.decode()), predicted


def _cli(*argv):
    from graphgate import cli

    out = io.StringIO()
    code = cli.main([*argv, "-o", "json"], stdout=out)
    return code, json.loads(out.getvalue()) if out.getvalue() else None


def _post(client, model, verb, body):
    url = f"{client.url}/tfserving/v1/models/{model}:{verb}"
    headers = client.headers({"Content-Type": "application/json"})
    return request("POST", url, headers, json.dumps(body).encode())


def test_estimators_exported_for_examples_classify_and_regress_as_they_predict(
    client, tmp_path, monkeypatch
):
    # GIVEN a regressor and a classifier exported to read Examples, served by the bridge
    regressor, regressed = _export(
        tmp_path / "r", gg.estimator.LinearRegressor, np.array([[1.0], [0.0], [2.0]], np.float32)
    )
    classifier, classified = _export(
        tmp_path / "c", gg.estimator.LinearClassifier, np.array([[1], [0], [1]], np.int64)
    )
    with ApiClient(client.url, client.api_key) as api:
        api.create_model_version_from_saved_model("regressor", regressor)
        api.create_model_version_from_saved_model("classifier", classifier)

    # WHEN TF Serving's documented bodies are posted
    regress = _post(client, "regressor", "regress", {"examples": EXAMPLES})
    classify = _post(
        client,
        "classifier",
        "classify",
        {"signature_name": "serving_default", "context": {"slot": 0}, "examples": EXAMPLES},
    )

    # THEN the answers are the estimators' own predictions
    assert regress.status == 200, regress.body
    expected = [p["predictions"][0] for p in regressed]
    np.testing.assert_allclose(regress.json()["results"], expected, rtol=1e-6)
    assert classify.status == 200, classify.body
    assert [[label for label, _ in r] for r in classify.json()["results"]] == [["0", "1"]] * 3
    scores = [[score for _, score in r] for r in classify.json()["results"]]
    np.testing.assert_allclose(scores[0], classified[0]["probabilities"], rtol=1e-6)
    # (the context's slot 0 is overridden by each example's own slot, as TF Serving merges)
    np.testing.assert_allclose(scores, [p["probabilities"] for p in classified], rtol=1e-6)

    # and the Python client's classify and regress read the same answers
    with gg.serving.Client("classifier", url=client.url, api_key=client.api_key) as served:
        pairs = served.classify(EXAMPLES, context={"slot": 0})
        assert [[label for label, _ in r] for r in pairs] == [["0", "1"]] * 3
        np.testing.assert_allclose([[s for _, s in r] for r in pairs], scores, rtol=1e-6)
        assert served.last_version == 1
    with gg.serving.Client("regressor", version=1, url=client.url, api_key=client.api_key) as r:
        np.testing.assert_allclose(r.regress(EXAMPLES), expected, rtol=1e-6)

    # and so do the CLI's `models classify` and `models regress`
    for name, value in (("GRAPHGATE_API_URL", client.url), ("GRAPHGATE_API_KEY", client.api_key)):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)
    code, answer = _cli("models", "classify", "classifier", "--examples", json.dumps(EXAMPLES))
    assert code == 0 and answer["model_version"] == 1
    np.testing.assert_allclose([[s for _, s in r] for r in answer["results"]], scores, rtol=1e-6)
    code, answer = _cli("models", "regress", "regressor", "--examples", json.dumps(EXAMPLES))
    assert code == 0
    np.testing.assert_allclose(answer["results"], expected, rtol=1e-6)
    code, _ = _cli("models", "regress", "regressor", "--examples", '{"x": 1}')
    assert code != 0  # not a list: a usage error

    # and the other verb is refused in TF Serving's shape
    wrong = _post(client, "classifier", "regress", {"examples": EXAMPLES})
    assert wrong.status == 400 and wrong.headers["content-type"] == "application/json"
    assert wrong.json()["code"] == "SIGNATURE_METHOD_MISMATCH", wrong.body
