"""An ONNX model imported with `graphgate graphs import`, stored and run through the API,
gives onnxruntime's outputs; where it came from shows in its tags."""

import json

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

from tests.e2e.test_cli import env, run  # noqa: E402, F401 - env is a fixture
from tests.unit.engine.onnx.test_import import mlp_model, ort_run  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


def test_an_imported_model_runs_through_the_api_as_onnxruntime_runs_it(env):  # noqa: F811
    # GIVEN an ONNX model on disk and a batch to classify
    model = mlp_model()
    model.producer_name, model.producer_version = "pytorch", "2.3.0"
    path = env["dir"] / "mlp.onnx"
    path.write_bytes(model.SerializeToString())
    x = np.random.default_rng(11).standard_normal((5, 16)).astype(np.float32)
    np.save(env["dir"] / "x.npy", x)

    # WHEN it is imported, stored and run remotely
    code, out, err = run("graphs", "import", str(path), "-o", "json")
    assert code == 0, err
    stored = json.loads(out)
    assert stored["name"] == "mlp"
    code, out, _ = run(
        "run", stored["id"], "probs", "--feed", f"x=@{env['dir'] / 'x.npy'}", "-o", "json"
    )

    # THEN its outputs are onnxruntime's, and its tags say it came from ONNX
    assert code == 0
    probs = np.array(json.loads(out)["outputs"]["probs"], np.float32)
    np.testing.assert_allclose(probs, ort_run(model, {"x": x})[0], rtol=1e-5, atol=1e-7)
    code, out, _ = run("graphs", "get", stored["id"], "-o", "json")
    tags = json.loads(out)["tags"]
    assert {"source:onnx", "onnx-opset:17", "onnx-producer:pytorch-2.3.0"} <= set(tags)


def test_a_stored_graph_exports_back_to_onnx_with_a_sessions_trained_weights(env):  # noqa: F811
    model = mlp_model()
    path = env["dir"] / "mlp.onnx"
    path.write_bytes(model.SerializeToString())
    graph_id = json.loads(run("graphs", "import", str(path), "-o", "json")[1])["id"]
    session_id = json.loads(run("sessions", "create", graph_id, "-o", "json")[1])["id"]
    x = np.random.default_rng(12).standard_normal((4, 16)).astype(np.float32)

    # WHEN exported as it was stored, and from a session whose weights changed
    out = env["dir"] / "again.onnx"
    code, _, err = run("graphs", "export", graph_id, str(out), "--fetch", "probs")
    assert code == 0, err
    np.testing.assert_allclose(
        ort_run(onnx.load(str(out)), {"x": x})[0], ort_run(model, {"x": x})[0], rtol=1e-5
    )
    from graphgate.client import Client

    with Client(env["url"], env["key"]) as client:
        client.set_variables(session_id, {"b2": np.full(10, 3.0, np.float32)})
    trained = env["dir"] / "trained.onnx"
    code, _, err = run(
        "graphs", "export", graph_id, str(trained), "--fetch", "probs", "--session", session_id
    )
    assert code == 0, err

    # THEN the session's values are the model's initializers
    inits = {t.name: t for t in onnx.load(str(trained)).graph.initializer}
    np.testing.assert_array_equal(onnx.numpy_helper.to_array(inits["b2"]), np.full(10, 3.0))


def test_an_unsupported_model_is_refused_before_anything_is_stored(env):  # noqa: F811
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Sin", ["x"], ["y"], name="sine")],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])],
    )
    path = env["dir"] / "sin.onnx"
    path.write_bytes(helper.make_model(graph).SerializeToString())
    code, _, err = run("graphs", "import", str(path))
    assert code == 2 and "ONNX_UNSUPPORTED" in err and "sine (Sin" in err
    code, out, _ = run("graphs", "ls", "-o", "json")
    assert code == 0 and json.loads(out) == []
