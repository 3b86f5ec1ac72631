"""Model versions and sessions downloaded as TensorFlow SavedModels (`Accept:
application/zip`), in-process against moto with the events/ fixtures.

The real check: an MLP and a conv net trained in a session and a saved model TF 2 wrote,
uploaded as the client uploads it, are frozen into versions; each version's download is
byte for byte the archive TF 2.21 loaded (tests/reference/tf_saved_model_download.py),
and the version's TF Serving predictions are the ones TF made from it."""

import hashlib
import io
import json
import urllib.parse
import zipfile

import numpy as np
import pytest

from graphgate import serialization
from graphgate_service import keys, uploads
from tests.integration.test_models_handler import (  # noqa: F401
    MODEL,
    api,
    freeze,
    module_aws,
    session,
    train,
)
from tests.support import load_event
from tests.unit.engine.tf_reference import saved_model_programs as programs

ZIP = "application/zip"
FILES = [
    "saved_model.pb",
    "variables/",
    "variables/variables.data-00000-of-00001",
    "variables/variables.index",
]
FIXTURE = json.loads((programs.FIXTURES / "tf_saved_model_download.json").read_text())


def download_version(api, model=MODEL, version=1, headers=None):  # noqa: F811
    return api.call(
        "get-model-version-zip",
        path=f"/v1/models/{model}/versions/{version}",
        params={"model": model, "version": str(version)},
        headers=headers,
    )


def download_session(api, session_id, query, headers=None):  # noqa: F811
    return api.call(
        "get-session-zip",
        path=f"/v1/sessions/{session_id}",
        params={"sessionId": session_id},
        headers=headers,
        query=query,
    )


def tfserving_predict(api, model, inputs):  # noqa: F811
    reply = api.call(
        "post-tfserving-version-predict",
        body={"inputs": inputs},
        path=f"/tfserving/v1/models/{model}/versions/1:predict",
        params={"model": model, "version": "1:predict"},
    )
    assert reply.status == 200, reply.text
    return reply.json()["outputs"]


def wire(value):
    return serialization.encode_tensor(np.asarray(value), b64=True)


def store_graph(api, name, document):  # noqa: F811
    body = {**json.loads(load_event("post-graphs")["body"]), "name": name, "graph": document}
    reply = api.call("post-graphs", body=body)
    assert reply.status == 201, reply.text
    return reply.json()["id"]


def trained_version(api, name):  # noqa: F811
    """GIVEN program `name` trained in a session and frozen as version 1 of model `name`."""
    with_spec, document, _ = programs.trained(name)
    graph_id = store_graph(api, name, document)
    started = api.call("post-sessions", body={"graph_id": graph_id})
    assert started.status == 201, started.text
    session_id = started.json()["id"]
    feeds = {k.removesuffix(":0"): wire(v) for k, v in with_spec["train_feeds"].items()}
    run = api.session_run(
        session_id,
        {"fetches": {"loss": "loss"}, "feeds": feeds, "targets": [with_spec["train"]],
         "steps": with_spec["steps"]},
    )  # fmt: skip
    assert run.status == 200, run.text
    body = {"name": name, "session_id": session_id, "inputs": with_spec["inputs"]}
    created = api.call("post-models", body={**body, "outputs": with_spec["outputs"]})
    assert created.status == 201, created.text
    return session_id


@pytest.mark.parametrize("name", sorted(programs.PROGRAMS))
def test_a_trained_sessions_version_downloads_as_the_saved_model_tf_predicted_from(api, name):  # noqa: F811
    trained_version(api, name)
    recorded = FIXTURE[name]

    reply = download_version(api, name)

    assert reply.status == 200, reply.text
    assert reply.headers["content-type"] == ZIP
    assert reply.headers["content-disposition"] == f'attachment; filename="{name}-1.zip"'
    assert sorted(zipfile.ZipFile(io.BytesIO(reply.content)).namelist()) == FILES
    assert hashlib.sha256(reply.content).hexdigest() == recorded["sha256"]
    served = tfserving_predict(api, name, recorded["inputs"])
    # TF Serving answers one output's columns bare, several by name.
    served = served if len(recorded["tf"]) > 1 else {next(iter(recorded["tf"])): served}
    assert sorted(served) == sorted(recorded["tf"])
    for key, want in recorded["tf"].items():
        np.testing.assert_allclose(served[key], want, rtol=2e-6, atol=1e-6, err_msg=key)


def test_a_saved_model_tf_wrote_round_trips_through_a_version(api):  # noqa: F811
    # GIVEN the saved model uploaded as the client uploads it (graph, then its variables).
    model, document, _ = programs.uploaded()
    graph_id = store_graph(api, "uploaded", document)
    body = {
        "name": "uploaded",
        "graph_id": graph_id,
        "graph_revision": 1,
        "variables": {k: wire(v) for k, v in model["variables"].items()},
        "inputs": model["inputs"],
        "outputs": model["outputs"],
        "signature_name": "serving_default",
        "method_name": model["method_name"],
    }
    assert api.call("post-models", body=body).status == 201
    recorded = FIXTURE["uploaded"]

    reply = download_version(api, "uploaded")

    assert reply.status == 200, reply.text
    assert hashlib.sha256(reply.content).hexdigest() == recorded["sha256"]
    served = tfserving_predict(api, "uploaded", recorded["inputs"])
    served = {next(iter(recorded["original"])): served}  # one output: its columns bare
    for key, want in recorded["original"].items():
        np.testing.assert_allclose(served[key], want, rtol=2e-6, atol=1e-6, err_msg=key)


def test_the_archive_has_its_own_etag_and_conditional_gets(api, session):  # noqa: F811
    train(api, session)
    freeze(api, session)
    first = download_version(api)
    etag = first.headers["etag"]

    again = download_version(api, headers={"If-None-Match": etag})
    as_json = api.call("get-model-version")
    not_it = download_version(api, headers={"If-None-Match": as_json.headers["etag"]})
    json_again = api.call("get-model-version", headers={"If-None-Match": as_json.headers["etag"]})
    wrong = download_version(api, headers={"If-Match": '"2.zip"'})

    assert etag == '"1.zip"' and as_json.headers["etag"] == '"1"'
    assert again.status == 304 and again.headers["etag"] == etag and not again.content
    assert not_it.status == 200 and not_it.content == first.content
    assert json_again.status == 304
    assert wrong.status == 412 and wrong.json()["code"] == "VERSION_MISMATCH"


def test_other_media_types_are_406_and_a_missing_version_404(api, session):  # noqa: F811
    freeze(api, session)

    tar = download_version(api, headers={"Accept": "application/x-tar"})
    missing = download_version(api, version=9)
    other = api.call("get-model-version-zip", tenant=api.other)

    assert tar.status == 406 and tar.json()["code"] == "NOT_ACCEPTABLE"
    assert missing.status == 404 and missing.json()["code"] == "MODEL_VERSION_NOT_FOUND"
    assert other.status == 404 and other.json()["code"] == "MODEL_NOT_FOUND"


def test_a_session_downloads_with_its_current_variables(api, session):  # noqa: F811
    # GIVEN the linear session's graph, trained once (its variables moved off w = [1, 2]).
    train(api, session)
    variables = api.call(
        "get-session-variables",
        path=f"/v1/sessions/{session}/variables",
        params={"sessionId": session},
    ).json()

    reply = download_session(api, session, {"fetch": ["y"]})

    assert reply.status == 200, reply.text
    assert reply.headers["etag"] == f'"{variables["version"]}.zip"'
    loaded = load_archive(reply.content)
    assert loaded["inputs"] == {"x": "x:0"} and loaded["outputs"] == {"y": "y:0"}
    for name, value in variables["variables"].items():
        np.testing.assert_array_equal(loaded["variables"][name], serialization.decode_tensor(value))
    train(api, session)
    assert download_session(api, session, {"fetch": ["y"]}).content != reply.content


def load_archive(blob):
    """The signature and variables of an archive, as graphgate's own loader reads them."""
    import tempfile

    from graphgate.saved_model.loader import servable

    with tempfile.TemporaryDirectory() as directory:
        zipfile.ZipFile(io.BytesIO(blob)).extractall(directory)
        return servable(directory, "serving_default", ("serve",))


def test_a_session_download_names_its_fetches_and_refuses_what_it_cannot_write(api, session):  # noqa: F811
    no_fetch = download_session(api, session, {})
    unknown = download_session(api, session, {"fetch": ["nothing"]})
    unfed = download_session(api, session, {"fetch": ["loss"], "feed": ["x"]})

    assert no_fetch.status == 400 and no_fetch.json()["errors"][0]["pointer"] == "?fetch"
    assert unknown.status == 400 and unknown.json()["errors"][0]["pointer"] == "?fetch"
    assert unfed.status == 400 and "t" in unfed.json()["detail"]


def test_a_fed_tensor_needs_nothing_upstream_of_it(api, session):  # noqa: F811
    # y = x @ w + b fed at its matmul: x is not needed, and not an input.
    reply = download_session(api, session, {"fetch": ["y"], "feed": ["matmul"]})

    assert reply.status == 200, reply.text
    assert load_archive(reply.content)["inputs"] == {"matmul": "matmul:0"}


def test_a_session_without_variables_downloads_as_the_archive_tf_loaded(api):  # noqa: F811
    # No variables, a string input, two outputs: the archive held a save/ subgraph of no
    # variables, which TF's loaders refused.
    _, document = programs.untrained(programs.lengths)
    graph_id = store_graph(api, "lengths", document)
    started = api.call("post-sessions", body={"graph_id": graph_id}).json()["id"]

    reply = download_session(api, started, {"fetch": ["doubled", "count"]})

    assert reply.status == 200, reply.text
    assert sorted(zipfile.ZipFile(io.BytesIO(reply.content)).namelist()) == [
        "saved_model.pb",
        "variables/",
    ]
    assert hashlib.sha256(reply.content).hexdigest() == FIXTURE["lengths"]["sha256"]


def test_a_version_whose_graph_was_deleted_downloads_as_the_frozen_graph_it_serves(
    api,  # noqa: F811
    session,  # noqa: F811
):
    # GIVEN a version frozen from the linear session, then its graph deleted with force:
    # the version still serves, so its download is the frozen graph (no variables).
    train(api, session)
    version = freeze(api, session)
    graph_id = version["source"]["graph_id"]
    predicted = api.call("get-model-version")
    gone = api.call(
        "delete-graph",
        path=f"/v1/graphs/{graph_id}",
        params={"graphId": graph_id},
        query={"force": ["true"]},
        headers={"If-Match": "*"},
    )
    assert predicted.status == 200 and gone.status == 204, gone.text

    reply = download_version(api)

    assert reply.status == 200, reply.text
    loaded = load_archive(reply.content)
    assert loaded["variables"] == {} and loaded["inputs"] == {"x": "x:0"}
    import graphgate as gg

    served = gg.Session(serialization.graph_from_dict(loaded["graph"]))
    rows = np.array([[1.0, 1.0], [2.0, -1.0]], np.float32)
    want = tfserving_predict(api, MODEL, rows.tolist())
    np.testing.assert_allclose(served.run(loaded["outputs"]["y"], {"x:0": rows}), want, rtol=1e-6)


def test_a_graph_tf_cannot_hold_is_422_naming_every_node(api):  # noqa: F811
    import graphgate as gg

    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        gg.sort(x, name="down")  # TF has no Sort op
        gg.identity(x, name="fine")
    graph_id = store_graph(api, "refused", serialization.graph_to_dict(graph))
    started = api.call("post-sessions", body={"graph_id": graph_id}).json()["id"]

    reply = download_session(api, started, {"fetch": ["fine"]})

    assert reply.status == 422, reply.text
    assert reply.json()["code"] == "TF_EXPORT_UNSUPPORTED"
    assert [p["node"] for p in reply.json()["problems"]] == ["down"]


def test_a_too_large_archive_is_a_303_to_storage(api, session, module_aws, monkeypatch):  # noqa: F811
    # GIVEN a limit small enough that the linear model's archive passes it.
    from graphgate_service import settings

    freeze(api, session)
    whole = download_version(api).content
    monkeypatch.setattr(settings, "MAX_RESPONSE_BYTES", 1024)

    reply = download_version(api)

    assert reply.status == 303, reply.text
    body = reply.json()
    assert reply.headers["location"] == body["url"] and body["expires_in"] == uploads.URL_TTL_S
    key = urllib.parse.urlsplit(body["url"]).path.split("/")
    s3, bucket = module_aws["clients"]["s3"], module_aws["ids"]["TensorBucket"]
    key = "/".join(key[2:] if key[1] == bucket else key[1:])  # path- or host-addressed
    stored = s3.get_object(Bucket=bucket, Key=key)
    nonce = key.split("/")[-2]
    assert key == keys.download(api.tenant, f"{MODEL}-1.zip", nonce)
    assert stored["Body"].read() == whole and stored["ContentType"] == ZIP
