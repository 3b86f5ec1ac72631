"""Serving over HTTP against the local runner: train, freeze, label, then predict as
KServe v2 clients (tritonclient, and a plain request) and TF Serving clients do."""

import http.client
import io
import json
import threading
import time

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

ROWS = np.array([[1.0, 1.0], [0.5, -2.0], [3.0, 0.25]], np.float32)


@pytest.fixture
def client(runner):
    return Client(runner.url, runner.create_tenant("models-e2e", plan="pro")["api_key"])


@pytest.fixture
def served(client):
    """GIVEN a linear model trained a few steps, frozen as `linear` v1 and labelled stable;
    the expected answers computed locally from the session's own variables."""
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        t = gg.placeholder(gg.float32, [None, 1], name="t")
        w = gg.Variable([[1.0], [2.0]], name="w")
        b = gg.Variable([0.5], name="b")
        y = gg.add(gg.matmul(x, w), b, name="y")
        loss = gg.reduce_mean(gg.square(gg.subtract(y, t)), name="loss")
        train = gg.train.GradientDescentOptimizer(0.05).minimize(loss)
    document = serialization.graph_to_dict(graph)
    graph_id = client.call("POST", "/v1/graphs", {"name": "linear", "graph": document}).json()["id"]
    session_id = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    feeds = {
        "x": serialization.encode_tensor(ROWS),
        "t": serialization.encode_tensor(np.array([[1.0], [0.0], [2.0]], np.float32)),
    }
    trained = client.call(
        "POST",
        f"/v1/sessions/{session_id}/runs",
        {"fetches": {"loss": "loss"}, "feeds": feeds, "targets": [train.name], "steps": 5},
    )
    assert trained.status == 200, trained.body
    variables = client.call("GET", f"/v1/sessions/{session_id}/variables").json()["variables"]
    w_now = serialization.decode_tensor(variables["w"])
    b_now = serialization.decode_tensor(variables["b"])
    created = client.call(
        "POST",
        "/v1/models",
        {"name": "linear", "session_id": session_id, "inputs": {"x": "x"}, "outputs": {"y": "y"}},
    )
    assert created.status == 201, created.body
    labelled = client.call("PUT", "/v1/models/linear/labels/stable", {"version": 1})
    assert labelled.status == 200, labelled.body
    return {"expected": ROWS @ w_now + b_now, "session_id": session_id}


def test_a_plain_kserve_v2_request_gets_the_trained_models_predictions(client, served):
    body = {
        "id": "e2e-1",
        "inputs": [
            {"name": "x", "shape": [3, 2], "datatype": "FP32", "data": ROWS.ravel().tolist()}
        ],
    }
    reply = client.call("POST", "/v2/models/linear/infer", body)
    assert reply.status == 200, reply.body
    answer = reply.json()
    assert (answer["model_name"], answer["model_version"], answer["id"]) == ("linear", "1", "e2e-1")
    out = answer["outputs"][0]
    np.testing.assert_allclose(np.reshape(out["data"], out["shape"]), served["expected"], rtol=1e-6)
    assert reply.headers["x-model-version"] == "1"


def test_tritonclient_gets_correct_predictions_unchanged(client, served, runner):
    http = pytest.importorskip("tritonclient.http")
    triton = http.InferenceServerClient(url=runner.url.removeprefix("http://"))
    headers = client.headers()
    assert triton.is_server_live(headers=headers) and triton.is_server_ready(headers=headers)
    assert triton.get_server_metadata(headers=headers)["name"] == "graphgate"
    assert triton.is_model_ready("linear", headers=headers)
    metadata = triton.get_model_metadata("linear", headers=headers)
    assert metadata["inputs"] == [{"name": "x", "datatype": "FP32", "shape": [-1, 2]}]
    tensor = http.InferInput("x", list(ROWS.shape), "FP32")
    tensor.set_data_from_numpy(ROWS, binary_data=False)
    result = triton.infer(
        "linear",
        [tensor],
        outputs=[http.InferRequestedOutput("y", binary_data=False)],
        headers=headers,
    )
    np.testing.assert_allclose(result.as_numpy("y"), served["expected"], rtol=1e-6)
    # The binary-data extension (tritonclient's default): raw bytes after a JSON header,
    # sent as application/octet-stream so API Gateway passes them through intact.
    binary = http.InferInput("x", list(ROWS.shape), "FP32")
    binary.set_data_from_numpy(ROWS)
    result = triton.infer(
        "linear", [binary], headers={**headers, "Content-Type": "application/octet-stream"}
    )
    np.testing.assert_allclose(result.as_numpy("y"), served["expected"], rtol=1e-6)


def test_a_tf_serving_request_in_its_documented_format_works_under_the_base_path(client, served):
    base = f"{client.url}/tfserving"
    headers = client.headers({"Content-Type": "application/json"})
    # A plain `requests` call, exactly as TF Serving's REST documentation writes it.
    requests = pytest.importorskip("requests")
    documented = requests.post(
        f"{base}/v1/models/linear:predict",
        data=json.dumps({"signature_name": "serving_default", "instances": ROWS.tolist()}),
        headers=client.headers(),
        timeout=30,
    )
    assert documented.status_code == 200, documented.text
    np.testing.assert_allclose(documented.json()["predictions"], served["expected"], rtol=1e-6)
    rows = request(
        "POST",
        f"{base}/v1/models/linear:predict",
        headers,
        json.dumps({"instances": ROWS.tolist()}).encode(),
    )
    assert rows.status == 200, rows.body
    np.testing.assert_allclose(rows.json()["predictions"], served["expected"], rtol=1e-6)
    columns = request(
        "POST",
        f"{base}/v1/models/linear/labels/stable:predict",
        headers,
        json.dumps({"signature_name": "serving_default", "inputs": {"x": ROWS.tolist()}}).encode(),
    )
    np.testing.assert_allclose(columns.json()["outputs"], served["expected"], rtol=1e-6)
    status = request("GET", f"{base}/v1/models/linear", client.headers())
    assert status.json()["model_version_status"][0]["state"] == "AVAILABLE"
    bad = request("POST", f"{base}/v1/models/linear:predict", headers, b'{"instances": [["a", 1]]}')
    assert bad.status == 400 and set(bad.json()) == {"error", "code"} and "x" in bad.json()["error"]


def test_another_tenants_model_is_a_404_over_http(client, served, runner):
    other = Client(runner.url, runner.create_tenant("models-e2e-other", plan="pro")["api_key"])
    for method, path in [
        ("GET", "/v1/models/linear"),
        ("GET", "/v2/models/linear"),
        ("GET", "/v2/models/linear/ready"),
        ("GET", "/tfserving/v1/models/linear/metadata"),
    ]:
        assert other.call(method, path).status == 404, path


def test_a_kept_alive_connection_answers_without_a_delayed_ack_stall(client, served, runner):
    # Before the runner set TCP_NODELAY, every request on a reused connection waited
    # ~40 ms for the client's delayed ACK (Nagle held the body behind the headers):
    # the Python client's pooled connection paid it on every call, raw one-shot
    # connections never did. The first request on a connection never waits (Linux ACKs
    # at once then), so the fastest of the 14 after it is under the stall only if none
    # paid it: load only adds time (a median of 15 on a loaded machine came near 30 ms).
    host, port = runner.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port))
    times = []
    for _ in range(15):
        started = time.perf_counter()
        connection.request("GET", "/v1/health", headers={"x-api-key": client.api_key})
        assert connection.getresponse().read()
        times.append(time.perf_counter() - started)
    assert min(times[1:]) < 0.030, times

    model = gg.serving.Client("linear", label="stable", url=runner.url, api_key=client.api_key)
    predicted = model.predict({"x": ROWS.tolist()})  # lists: converted to the declared FP32
    np.testing.assert_allclose(predicted["y"], served["expected"], rtol=1e-6)
    assert model.last_version == 1
    for _ in range(3):
        model.predict({"x": ROWS})
    assert model.api.tokens.logins == 1  # one token, reused


def test_the_cli_freezes_labels_lists_and_predicts(client, runner, served, monkeypatch):
    from graphgate import cli

    for name, value in (("GRAPHGATE_API_URL", runner.url), ("GRAPHGATE_API_KEY", client.api_key)):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)

    def run(*argv):
        out = io.StringIO()
        code = cli.main([*argv, "-o", "json"], stdout=out)
        return code, json.loads(out.getvalue()) if out.getvalue() else None

    code, version = run(
        "models", "create", "linear", "--session", served["session_id"],
        "--input", "x=x", "--fetch", "y=y",
    )  # fmt: skip
    assert code == 0 and version["version"] == 2
    code, label = run(
        "models", "label", "linear", "stable", "1", "--canary", "2", "--weight", "0.5"
    )
    assert code == 0 and label["canary"] == {"version": 2, "weight": 0.5}
    code, versions = run("models", "ls", "linear")
    assert [(v["version"], v["labels"]) for v in versions] == [(2, ["stable"]), (1, ["stable"])]
    code, answer = run(
        "models", "predict", "linear", "--version", "1", "--input", f"x={json.dumps(ROWS.tolist())}"
    )
    assert code == 0 and answer["model_version"] == 1
    np.testing.assert_allclose(answer["outputs"]["y"], served["expected"], rtol=1e-6)
    code, _ = run("models", "predict", "linear", "--input", "z=[[1, 2]]")
    assert code != 0  # INPUT_UNKNOWN, reported as an error line


def test_a_remote_session_attaches_to_a_live_session_by_id(client, runner, served):
    # A separate serving process, knowing only the session id: it speaks graph names,
    # not raw wire dicts, and closing it leaves the session running.
    with gg.RemoteSession(
        runner.url, api_key=client.api_key, session_id=served["session_id"]
    ) as sess:
        predicted = sess.run("y:0", {"x:0": ROWS})
        np.testing.assert_allclose(predicted, served["expected"], rtol=1e-6)
        assert set(sess.get_variables()) == {"w", "b"}
    still = client.call("GET", f"/v1/sessions/{served['session_id']}")
    assert still.status == 200


def test_a_label_moving_under_predictions_never_answers_from_a_half_moved_label(client, served):
    # GIVEN v2 trained on from v1, so the two answer differently.
    session_id = served["session_id"]
    feeds = {
        "x": serialization.encode_tensor(ROWS),
        "t": serialization.encode_tensor(np.zeros((3, 1), np.float32)),
    }
    graph = client.call("GET", f"/v1/sessions/{session_id}").json()
    revision = client.call(
        "GET", f"/v1/graphs/{graph['graph_id']}/revisions/{graph['graph_revision']}"
    ).json()
    train = next(n["name"] for n in revision["graph"]["nodes"] if n["op"] == "NoOp")
    client.call(
        "POST",
        f"/v1/sessions/{session_id}/runs",
        {"fetches": [], "feeds": feeds, "targets": [train], "steps": 3},
    )
    body = {"name": "linear", "session_id": session_id, "inputs": {"x": "x"}, "outputs": {"y": "y"}}
    assert client.call("POST", "/v1/models", body).status == 201
    infer = {
        "inputs": [
            {"name": "x", "shape": [3, 2], "datatype": "FP32", "data": ROWS.ravel().tolist()}
        ]
    }
    answers = {
        v: client.call("POST", f"/v2/models/linear/versions/{v}/infer", infer).json()["outputs"][0][
            "data"
        ]
        for v in ("1", "2")
    }
    assert answers["1"] != answers["2"]

    # WHEN the stable label flips between them while predictions arrive
    stop, seen, wrong = threading.Event(), [], []

    def flip():
        version = 1
        while not stop.is_set():
            version = 3 - version
            client.call("PUT", "/v1/models/linear/labels/stable", {"version": version})

    def predict(i):
        reply = client.call("POST", "/v2/models/linear/infer", infer, {"X-Request-ID": f"race-{i}"})
        answer = reply.json()
        seen.append(answer["model_version"])
        if answer["outputs"][0]["data"] != answers[answer["model_version"]]:
            wrong.append(answer)

    flipper = threading.Thread(target=flip)
    flipper.start()
    try:
        for i in range(30):
            predict(i)
    finally:
        stop.set()
        flipper.join()
    # THEN every answer is exactly the answer of the version it names.
    assert wrong == [] and set(seen) <= {"1", "2"}
