"""ONNX models over HTTP against the local runner: `POST /v1/graphs` with an
application/onnx body (directly, through an upload, and by `graphgate graphs import`)
stores a graph that gives onnxruntime's outputs; `Accept: application/onnx` exports it;
bad models are problems and store nothing."""

import json

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

from tests.e2e.test_cli import env, run  # noqa: E402, F401 - env is a fixture
from tests.unit.engine.onnx.test_import import mlp_model, ort_run  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


def client_of(env):  # noqa: F811 - the fixture's value
    from graphgate.client import Client

    return Client(env["url"], env["key"])


def test_an_imported_model_runs_through_the_api_as_onnxruntime_runs_it(env):  # noqa: F811
    # GIVEN an ONNX model on disk and a batch to classify
    model = mlp_model()
    model.producer_name, model.producer_version = "pytorch", "2.3.0"
    path = env["dir"] / "mlp.onnx"
    path.write_bytes(model.SerializeToString())
    x = np.random.default_rng(11).standard_normal((5, 16)).astype(np.float32)
    np.save(env["dir"] / "x.npy", x)

    # WHEN it is imported (the service converts it), stored and run remotely
    code, out, err = run("graphs", "import", str(path), "--tag", "demo", "-o", "json")
    assert code == 0, err
    stored = json.loads(out)
    assert stored["name"] == "mlp"
    code, out, _ = run(
        "run", stored["id"], "probs", "--feed", f"x=@{env['dir'] / 'x.npy'}", "-o", "json"
    )

    # THEN its outputs are onnxruntime's, and the graph says where it came from
    assert code == 0
    probs = np.array(json.loads(out)["outputs"]["probs"], np.float32)
    np.testing.assert_allclose(probs, ort_run(model, {"x": x})[0], rtol=1e-5, atol=1e-7)
    code, out, _ = run("graphs", "get", stored["id"], "-o", "json")
    got = json.loads(out)
    assert got["tags"] == ["demo"]
    assert got["source"] == {
        "format": "onnx",
        "opset": 17,
        "producer": "pytorch",
        "producer_version": "2.3.0",
        "inputs": ["x"],
        "outputs": ["probs"],
    }


def test_an_onnx_body_over_http_is_stored_and_exports_back(env):  # noqa: F811
    model = mlp_model()
    x = np.random.default_rng(13).standard_normal((3, 16)).astype(np.float32)
    with client_of(env) as client:
        # WHEN the model's bytes are the body of POST /v1/graphs
        created = client.request(
            "POST",
            "/v1/graphs",
            body=model.SerializeToString(),
            params={"name": "raw-mlp", "tag": "a,b"},
            headers={"Content-Type": "application/onnx"},
        )
        stored = created.json()
        # AND it is read back as ONNX
        exported = client.request(
            "GET", f"/v1/graphs/{stored['id']}", headers={"Accept": "application/onnx"}
        )

    # THEN it was stored with its source, and the export runs as the model does
    assert created.status == 201
    assert stored["name"] == "raw-mlp" and stored["tags"] == ["a", "b"]
    assert stored["source"]["format"] == "onnx" and stored["source"]["outputs"] == ["probs"]
    assert exported.headers["content-type"] == "application/onnx"
    np.testing.assert_allclose(
        ort_run(onnx.load_from_string(exported.body), {"x": x})[0],
        ort_run(model, {"x": x})[0],
        rtol=1e-5,
    )


def test_a_model_too_large_for_a_body_goes_through_an_upload(env, monkeypatch):  # noqa: F811
    from graphgate.client import api

    # The upload path for a small model: the client's threshold, not the model, is small.
    monkeypatch.setattr(api, "ONNX_BODY_BYTES", 100)
    model = mlp_model()
    with client_of(env) as client:
        stored = client.import_onnx(model, "uploaded")
        blob = client.export_onnx(stored["id"])
    x = np.ones((2, 16), np.float32)
    np.testing.assert_allclose(
        ort_run(onnx.load_from_string(blob), {"x": x})[0], ort_run(model, {"x": x})[0], rtol=1e-5
    )


def test_bad_models_are_problems_and_nothing_is_stored(env):  # noqa: F811
    with client_of(env) as client:
        answers = [
            client.request(
                "POST",
                "/v1/graphs",
                body=body,
                headers={"Content-Type": "application/onnx"},
                ok=(400, 413, 422),
            )
            for body in (b"not an onnx model", mlp_model().SerializeToString()[:50], bytes(7 << 20))
        ]
        listed = list(client.graphs())
    assert [(a.status, a.json()["code"]) for a in answers] == [
        (400, "INVALID_DOCUMENT"),
        (400, "INVALID_DOCUMENT"),
        (413, "REQUEST_TOO_LARGE"),
    ]
    assert all(a.headers["content-type"] == "application/problem+json" for a in answers)
    assert listed == []


def test_a_stored_graph_exports_back_to_onnx_with_a_sessions_trained_weights(env):  # noqa: F811
    model = mlp_model()
    path = env["dir"] / "mlp.onnx"
    path.write_bytes(model.SerializeToString())
    graph_id = json.loads(run("graphs", "import", str(path), "-o", "json")[1])["id"]
    session_id = json.loads(run("sessions", "create", graph_id, "-o", "json")[1])["id"]
    x = np.random.default_rng(12).standard_normal((4, 16)).astype(np.float32)

    # WHEN exported as it was stored (by the service), and from a session whose weights changed
    out = env["dir"] / "again.onnx"
    code, _, err = run("graphs", "export", graph_id, str(out))
    assert code == 0, err
    np.testing.assert_allclose(
        ort_run(onnx.load(str(out)), {"x": x})[0], ort_run(model, {"x": x})[0], rtol=1e-5
    )
    with client_of(env) as client:
        client.set_variables(session_id, {"b2": np.full(10, 3.0, np.float32)})
    trained = env["dir"] / "trained.onnx"
    code, _, err = run("graphs", "export", graph_id, str(trained), "--session", session_id)
    assert code == 0, err

    # THEN the session's values are the model's initializers
    inits = {t.name: t for t in onnx.load(str(trained)).graph.initializer}
    np.testing.assert_array_equal(onnx.numpy_helper.to_array(inits["b2"]), np.full(10, 3.0))


def test_an_unsupported_model_is_refused_before_anything_is_stored(env):  # noqa: F811
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Bernoulli", ["x"], ["y"], name="coin")],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])],
    )
    path = env["dir"] / "sin.onnx"
    path.write_bytes(helper.make_model(graph).SerializeToString())
    code, _, err = run("graphs", "import", str(path))
    assert code == 5 and "ONNX_UNSUPPORTED" in err and "coin (Bernoulli" in err
    code, out, _ = run("graphs", "ls", "-o", "json")
    assert code == 0 and json.loads(out) == []


def test_a_loop_model_runs_through_the_api_and_exports_back_as_a_loop(env):  # noqa: F811
    from graphgate.serialization import decode_tensor, encode_tensor
    from tests.unit.engine.onnx.test_control_flow import loop_model

    model = loop_model()
    feeds = {
        "trips": np.array(5, np.int64),
        "go": np.array(True),
        "acc0": np.array([1.0, 2.0], np.float32),
        "x": np.array([0.5, 1.5], np.float32),
        "bound": np.array(8.0, np.float32),
    }
    with client_of(env) as client:
        stored = client.import_onnx(model, "loop")
        answer = client.run_graph(
            stored["id"],
            {"fetches": ["acc", "rows"], "feeds": {k: encode_tensor(v) for k, v in feeds.items()}},
        )
        exported = onnx.load_from_string(client.export_onnx(stored["id"]))
    want = ort_run(model, feeds)
    for got, w in zip(answer["outputs"], want, strict=True):  # as fetched: a list
        np.testing.assert_allclose(decode_tensor(got), w, rtol=1e-6)
    assert "Loop" in {n.op_type for n in exported.graph.node}
    for got, w in zip(ort_run(exported, feeds), want, strict=True):
        np.testing.assert_allclose(got, w, rtol=1e-6)


def test_a_hostile_spectral_model_is_a_problem_not_a_500(env):  # noqa: F811
    from tests.unit.engine.onnx.test_import_spectral_limits import dft, i64, stft
    from tests.unit.service.test_onnx_graphs import _models_the_reference_cannot_compute

    bodies = [
        stft(16, 0, 4).SerializeToString(),  # a ZeroDivisionError while importing: 500
        # 6.7 GB allocated: 500 or killed
        dft([1, 30_000, 1], i64("n", 30_000), i64("a", 1)).SerializeToString(),
        # ONNX's reference, which the import runs, fails on each: numpy's ValueError for an
        # inverse one-sided DFT of one point and a negative AffineGrid size, an IndexError
        # for a mel bank past sample_rate / 2 (each a 500 before)
        *_models_the_reference_cannot_compute(),
    ]
    with client_of(env) as client:
        answers = [
            client.request(
                "POST",
                "/v1/graphs",
                body=body,
                headers={"Content-Type": "application/onnx"},
                ok=(400, 422),
            )
            for body in bodies
        ]
        listed = list(client.graphs())
    assert [(a.status, a.json()["code"]) for a in answers] == [
        (400, "INVALID_ATTR"),
        (422, "TENSOR_TOO_LARGE"),
        (400, "ONNX_UNSUPPORTED"),
        (400, "INVALID_ATTR"),
        (400, "INVALID_ATTR"),
    ]
    assert all(a.headers["content-type"] == "application/problem+json" for a in answers)
    assert listed == []


def test_a_fetch_of_unknown_rank_exports_as_a_406_problem(env):  # noqa: F811
    import graphgate as gg

    g = gg.Graph()
    with g.as_default():
        a = gg.placeholder(gg.float32, [None, 1, 2], name="a")
        gg.squeeze(a, name="flat")  # rank unknown: TF's squeeze of an unknown dim
    with client_of(env) as client:
        stored = client.request(
            "POST", "/v1/graphs", json_body={"name": "squeezed", "graph": gg.graph_to_dict(g)}
        ).json()
        # WHEN it is exported with that fetch (it was a 500: onnx.checker's ValidationError)
        reply = client.request(
            "GET",
            f"/v1/graphs/{stored['id']}",
            params={"fetch": "flat", "feed": "a"},
            headers={"Accept": "application/onnx"},
            ok=(406,),
        )
    # THEN it is a problem naming the fetch
    assert reply.status == 406
    problem = reply.json()
    assert problem["code"] == "ONNX_UNSUPPORTED" and "unknown rank" in problem["detail"]


def test_an_int8_sum_exports_as_a_406_naming_its_node(env):  # noqa: F811
    import graphgate as gg

    g = gg.Graph()
    with g.as_default():
        a = gg.placeholder(gg.int8, [None, 2], name="a")
        gg.reduce_sum(a, name="total")  # ONNX's ReduceSum takes no int8
    with client_of(env) as client:
        stored = client.request(
            "POST", "/v1/graphs", json_body={"name": "small ints", "graph": gg.graph_to_dict(g)}
        ).json()
        # WHEN it is exported (it was a 500: onnx.checker's InferenceError)
        reply = client.request(
            "GET",
            f"/v1/graphs/{stored['id']}",
            params={"fetch": "total", "feed": "a"},
            headers={"Accept": "application/onnx"},
            ok=(406,),
        )
    # THEN it is a problem naming the node
    assert reply.status == 406
    problem = reply.json()
    assert problem["code"] == "ONNX_UNSUPPORTED"
    assert [p["node"] for p in problem["problems"]] == ["total"]
