"""Graphs downloaded as TensorFlow's GraphDef over HTTP against the local runner
(`Accept: application/x-protobuf`, the client's `export_graph_def`, `graphgate graphs
export --format graphdef`): the bytes are the ones TF 2.21 imported and computed from
(fixture tf_graph_download.json, tests/reference/tf_graph_download.py), and the service's
own runs of the stored graph compute TF's numbers."""

import hashlib
import json

import numpy as np
import pytest

import graphgate as gg
from graphgate.serialization import decode_tensor, encode_tensor, graph_to_dict
from tests.e2e.test_cli import env, run  # noqa: F401 - env is a fixture
from tests.integration.test_graphs_tf_handler import FIXTURE, document

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


def client_of(env):  # noqa: F811 - the fixture's value
    from graphgate.client import Client

    return Client(env["url"], env["key"])


def _array(value) -> np.ndarray:
    # The programs feed float32 tensors and boolean flags.
    return np.asarray(value) if isinstance(value, bool) else np.asarray(value, np.float32)


def test_downloaded_graph_defs_are_what_tf_computed_graphgates_numbers_from(env):  # noqa: F811
    for name, recorded in FIXTURE.items():
        feeds = {k: encode_tensor(_array(v)) for k, v in recorded["feeds"].items()}
        with client_of(env) as client:
            stored = client.create_graph(f"tf-{name}", document(name))
            blob = client.export_graph_def(stored["id"])
            answer = client.run_graph(
                stored["id"], {"fetches": recorded["fetches"], "feeds": feeds}
            )
        # THEN TF read exactly these bytes, and computed what the service computes
        assert hashlib.sha256(blob).hexdigest() == recorded["sha256"], name
        for fetched, got in zip(recorded["fetches"], answer["outputs"], strict=True):
            np.testing.assert_allclose(
                decode_tensor(got), recorded["tf"][fetched], rtol=1e-6, atol=1e-6, err_msg=name
            )


def test_the_cli_writes_the_graph_def_and_reports_what_tf_cannot_hold(env):  # noqa: F811
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [2, 3], name="x")
        gg.sort(x, name="down")  # TF has no Sort op
    with client_of(env) as client:
        good = client.create_graph("tf-mlp", document("mlp"))["id"]
        bad = client.create_graph("tf-refused", graph_to_dict(graph))["id"]
        raw = client.request(
            "GET", f"/v1/graphs/{bad}", headers={"Accept": "application/x-protobuf"}, ok=(422,)
        )
    path = env["dir"] / "mlp.pb"

    code, out, err = run("graphs", "export", good, str(path), "--format", "graphdef", "-o", "json")
    refused = run("graphs", "export", bad, str(env["dir"] / "bad.pb"), "--format", "graphdef")
    misused = run("graphs", "export", good, str(path), "--format", "graphdef", "--fetch", "x")

    assert code == 0, err
    assert json.loads(out)["bytes"] == FIXTURE["mlp"]["bytes"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == FIXTURE["mlp"]["sha256"]
    assert raw.status == 422 and raw.json()["code"] == "TF_EXPORT_UNSUPPORTED"
    assert raw.json()["problems"][0]["node"] == "down"
    assert refused[0] != 0 and "TF_EXPORT_UNSUPPORTED" in refused[2] and "down (Sort" in refused[2]
    assert not (env["dir"] / "bad.pb").exists()
    assert misused[0] != 0 and "--fetch apply to ONNX only" in misused[2]
