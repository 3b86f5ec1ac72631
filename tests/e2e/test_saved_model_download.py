"""Model versions and sessions downloaded as TensorFlow SavedModels over HTTP against the
local runner (`Accept: application/zip`, the client's `export_saved_model`, `graphgate
models export`, `graphgate sessions export`): an MLP and a conv net trained in a session,
and a saved model TF 2 wrote, uploaded by the client, come back as the archives TF 2.21
loaded (fixture tf_saved_model_download.json, tests/reference/tf_saved_model_download.py),
and TF Serving's :predict answers what TF predicted from them."""

import hashlib
import io
import json
import zipfile

import numpy as np
import pytest

import graphgate as gg
from graphgate.serialization import encode_tensor, graph_to_dict
from tests.e2e.test_cli import env, run  # noqa: F401 - env is a fixture
from tests.unit.engine.tf_reference import saved_model_programs as programs

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]
FIXTURE = json.loads((programs.FIXTURES / "tf_saved_model_download.json").read_text())
ZIP = "application/zip"


def client_of(env):  # noqa: F811 - the fixture's value
    from graphgate.client import Client

    return Client(env["url"], env["key"])


def archive_of(client, name, version=1):
    reply = client.request("GET", f"/v1/models/{name}/versions/{version}", headers={"Accept": ZIP})
    assert reply.headers["content-type"] == ZIP
    return reply.body


def predict(client, name, inputs):
    answer = client.request(
        "POST", f"/tfserving/v1/models/{name}/versions/1:predict", json_body={"inputs": inputs}
    ).json()["outputs"]
    return answer if isinstance(answer, dict) else None, answer


def same_files(directory, blob):
    archive = zipfile.ZipFile(io.BytesIO(blob))
    for entry in archive.namelist():
        if not entry.endswith("/"):
            assert (directory / entry).read_bytes() == archive.read(entry), entry


def assert_served(served, want):
    named, bare = served
    served = named if len(want) > 1 else {next(iter(want)): bare}
    assert sorted(served) == sorted(want)
    for key, value in want.items():
        np.testing.assert_allclose(served[key], value, rtol=2e-6, atol=1e-6, err_msg=key)


@pytest.mark.parametrize("name", sorted(programs.PROGRAMS))
def test_a_trained_version_downloads_as_the_saved_model_tf_predicted_from(env, name):  # noqa: F811
    spec, document, _ = programs.trained(name)
    recorded = FIXTURE[name]
    target = env["dir"] / name
    with client_of(env) as client:
        graph_id = client.create_graph(name, document)["id"]
        session_id = client.create_session(graph_id)["id"]
        feeds = {k: encode_tensor(v, b64=True) for k, v in spec["train_feeds"].items()}
        request = {"targets": [spec["train"]], "feeds": feeds, "steps": spec["steps"]}
        client.run_session(session_id, {**request, "fetches": {"loss": "loss"}})
        client.create_model_version(name, session_id, spec["inputs"], spec["outputs"])
        blob = archive_of(client, name)
        saved = client.export_saved_model(name, target)
        served = predict(client, name, recorded["inputs"])

    assert hashlib.sha256(blob).hexdigest() == recorded["sha256"]
    assert saved == 1
    same_files(target, blob)
    assert_served(served, recorded["tf"])


def test_a_saved_model_tf_wrote_round_trips_through_the_client_and_the_cli(env):  # noqa: F811
    recorded = FIXTURE["uploaded"]
    with client_of(env) as client:
        client.create_model_version_from_saved_model("uploaded", programs.UPLOADED)
        client.set_label("uploaded", "stable", 1)
        blob = archive_of(client, "uploaded")
        served = predict(client, "uploaded", recorded["inputs"])
    target = env["dir"] / "export" / "1"

    code, _, err = run("models", "export", "uploaded", str(target), "--label", "stable")
    again = run("models", "export", "uploaded", str(target))
    no_label = run("models", "export", "uploaded", str(env["dir"] / "x"), "--label", "canary")

    assert hashlib.sha256(blob).hexdigest() == recorded["sha256"]
    assert code == 0, err
    same_files(target, blob)
    assert_served(served, recorded["original"])
    assert again[0] == 2 and "not an empty directory" in again[2]
    assert no_label[0] == 2 and "no label canary" in no_label[2]


def test_a_large_session_downloads_through_storage_and_the_cli_saves_it(env):  # noqa: F811
    # GIVEN a session holding 1.5 M float32 parameters of noise: its archive (about 5.5 MB)
    # is past what a Lambda answer holds, so it comes as a 303 to a presigned URL.
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 1500], name="x")
        w = gg.Variable(gg.random_uniform([1500, 1000], seed=3), name="w")
        gg.matmul(x, w, name="y")
    with client_of(env) as client:
        graph_id = client.create_graph("large", graph_to_dict(graph))["id"]
        session_id = client.create_session(graph_id)["id"]
        reply = client.request(
            "GET", f"/v1/sessions/{session_id}", params={"fetch": "y"}, headers={"Accept": ZIP},
            ok=(303,),
        )  # fmt: skip
        values = client.get_variables(session_id)
    target = env["dir"] / "large"

    code, _, err = run("sessions", "export", session_id, str(target), "--fetch", "y")

    assert reply.status == 303 and reply.json()["expires_in"] == 900
    assert reply.headers["location"] == reply.json()["url"]
    assert code == 0, err
    loaded = gg.saved_model.loader.servable(target, "serving_default", ("serve",))
    assert loaded["inputs"] == {"x": "x:0"} and loaded["outputs"] == {"y": "y:0"}
    np.testing.assert_array_equal(loaded["variables"]["w"], values["w"])


def test_a_session_without_variables_downloads_as_the_archive_tf_loaded(env):  # noqa: F811
    # No variables, a string input, two outputs: TF refused the archive while it held a
    # save/ subgraph of no variables.
    _, document = programs.untrained(programs.lengths)
    with client_of(env) as client:
        session_id = client.create_session(client.create_graph("lengths", document)["id"])["id"]
        reply = client.request(
            "GET", f"/v1/sessions/{session_id}", params={"fetch": "count,doubled"},
            headers={"Accept": ZIP},
        )  # fmt: skip
        # One name as a str is that tensor (its letters were joined: "c,o,u,n,t").
        client.export_session_saved_model(session_id, env["dir"] / "count", "count", "text")

    assert hashlib.sha256(reply.body).hexdigest() == FIXTURE["lengths"]["sha256"]
    loaded = gg.saved_model.loader.servable(env["dir"] / "count", "serving_default", ("serve",))
    assert loaded["inputs"] == {"text": "text:0"} and loaded["outputs"] == {"count": "count:0"}


def test_a_version_whose_graph_was_deleted_downloads_as_the_graph_it_serves(env):  # noqa: F811
    spec, document, _ = programs.trained("mlp")
    rows = FIXTURE["mlp"]["inputs"]
    with client_of(env) as client:
        graph_id = client.create_graph("orphan", document)["id"]
        session_id = client.create_session(graph_id)["id"]
        client.create_model_version("orphan", session_id, spec["inputs"], spec["outputs"])
        client.delete_graph(graph_id, force=True)
        blob = archive_of(client, "orphan")
        served = predict(client, "orphan", rows)
    target = env["dir"] / "orphan"
    zipfile.ZipFile(io.BytesIO(blob)).extractall(target)

    loaded = gg.saved_model.loader.servable(target, "serving_default", ("serve",))
    assert loaded["variables"] == {}
    session = gg.Session(gg.serialization.graph_from_dict(loaded["graph"]))
    feeds = {loaded["inputs"]["features"]: np.asarray(rows["features"], np.float32)}
    ours = {k: session.run(t, feeds) for k, t in loaded["outputs"].items()}
    assert_served(served, {k: v.tolist() for k, v in ours.items()})


@pytest.mark.parametrize("name", sorted(programs.PROGRAMS))
def test_a_version_handed_on_twice_downloads_as_the_first_hand_off(env, name):  # noqa: F811
    # Scenarios round 18: each download → upload → download grew the graph (32 nodes a
    # hop for an Adam regressor). The first upload reads TF's layout in; from then on the
    # download is the same bytes and the versions serve the same answers.
    spec, document, _ = programs.trained(name)
    recorded = FIXTURE[name]
    with client_of(env) as client:
        session_id = client.create_session(client.create_graph(name, document)["id"])["id"]
        feeds = {k: encode_tensor(v, b64=True) for k, v in spec["train_feeds"].items()}
        request = {"targets": [spec["train"]], "feeds": feeds, "steps": spec["steps"]}
        client.run_session(session_id, {**request, "fetches": {"loss": "loss"}})
        client.create_model_version(name, session_id, spec["inputs"], spec["outputs"])
        blobs, served = [archive_of(client, name)], []
        for hop in (1, 2):
            path = env["dir"] / f"{name}-hop{hop}.zip"
            path.write_bytes(blobs[-1])
            client.create_model_version_from_saved_model(f"{name}-hop{hop}", str(path))
            blobs.append(archive_of(client, f"{name}-hop{hop}"))
            served.append(predict(client, f"{name}-hop{hop}", recorded["inputs"]))

    assert blobs[2] == blobs[1]
    for answer in served:
        assert_served(answer, recorded["tf"])
