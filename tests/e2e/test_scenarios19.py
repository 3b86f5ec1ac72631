"""Journeys a user made from README.md and docs/ alone, round 19: a scikit-learn pipeline
(a scaler and a random forest) exported by skl2onnx, imported with the CLI, frozen into a
model and served over KServe v2 and TF Serving, batch-scored over the CSV it came from
(first uploaded as the quick start uploads a CSV: float64, refused by the float32 model
with a detail that says how to upload it; then with `--dtype float32`), and downloaded as
the SavedModel TensorFlow runs (once `TF_EXPORT_UNSUPPORTED`); a
scikit-learn nearest-neighbours model handed from one tenant to another the way the CLI
downloads a graph (`graphs get -o json`, `graphs create`), then downloaded by the second as
TensorFlow's GraphDef (once a `500`) and as ONNX; and a torch-style model whose
`torch.gather` reads a fixed [2, 3] index over a batch (ONNX's GatherElements, which
graphgate answered with every row of the batch), imported over raw HTTP, run, exported
back to onnxruntime. Every number is onnxruntime's, scikit-learn's or what TensorFlow 2.21
computed from graphgate's GraphDef (`tests/reference/scenarios19.py` recorded it)."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

import graphgate as gg  # noqa: E402
from graphgate.client import Client as ApiClient  # noqa: E402
from tests.e2e.test_cli import run as cli_run  # noqa: E402
from tests.reference import scenarios19 as journey  # noqa: E402
from tests.support import Client  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

TF = json.loads((journey.OUT / "expected.json").read_text())


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios19-e2e", plan="pro")["api_key"]


def _cli(runner, key):
    def cli(*argv: str) -> tuple[int, str, str]:
        return cli_run(*argv, "--url", runner.url, "--api-key", key)

    return cli


def _ort(model: bytes, x: np.ndarray) -> list[np.ndarray]:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"]).run(
        None, {"X": x}
    )


def _close(ours, theirs, what: str) -> None:
    # float32 probabilities averaged over trees in another order: a last bit
    np.testing.assert_allclose(np.asarray(ours, np.float32), theirs, 1e-6, 1e-6, err_msg=what)


# -- 1. a scikit-learn forest: CLI, KServe v2, TF Serving, a batch over its CSV ----------


def test_a_scikit_learn_forest_serves_and_batch_scores_its_csv_as_onnxruntime(
    runner, key, tmp_path
):
    cli, api = _cli(runner, key), Client(runner.url, key)
    (x, _), model = journey.iris(), (journey.OUT / "forest.onnx").read_bytes()
    (tmp_path / "forest.onnx").write_bytes(model)
    labels, probabilities = _ort(model, x)
    assert labels.tolist() == TF["sklearn"]["forest"]
    # GIVEN skl2onnx's export, checked offline and imported with the CLI (onnx.md)
    code, out, err = cli("onnx", "check", str(tmp_path / "forest.onnx"))
    assert code == 0 and "every node can be imported" in out, (out, err)
    code, out, err = cli("graphs", "import", str(tmp_path / "forest.onnx"), "-o", "json")
    assert code == 0, err
    stored = json.loads(out)
    assert stored["name"] == "forest" and stored["source"]["producer"] == "skl2onnx"
    # WHEN a session on it is frozen into a model version
    code, out, err = cli("sessions", "create", stored["id"], "-o", "json")
    assert code == 0, err
    session = json.loads(out)["id"]
    code, out, err = cli("models", "create", "s19-forest", "--session", session, "--input",
                         "X=X", "--fetch", "label=label", "--fetch", "probabilities=probabilities",
                         "-o", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["version"] == 1
    # THEN the CLI's prediction is scikit-learn's and onnxruntime's
    code, out, err = cli("models", "predict", "s19-forest", "--input",
                         f"X={json.dumps(x[:5].tolist())}", "-o", "json")  # fmt: skip
    assert code == 0, err
    predicted = json.loads(out)["outputs"]
    assert predicted["label"] == labels[:5].tolist()
    _close(predicted["probabilities"], probabilities[:5], "CLI probabilities")
    # AND so are KServe v2's (an INT64 label beside FP32 probabilities) and TF Serving's rows
    sent = {"name": "X", "datatype": "FP32", "shape": [150, 4], "data": x.ravel().tolist()}
    kserve = api.call("POST", "/v2/models/s19-forest/infer", {"inputs": [sent]})
    assert kserve.status == 200, kserve.body
    outputs = {o["name"]: o for o in kserve.json()["outputs"]}
    assert outputs["label"]["datatype"] == "INT64" and outputs["label"]["data"] == labels.tolist()
    _close(np.reshape(outputs["probabilities"]["data"], (150, 3)), probabilities, "KServe")
    rows = api.call("POST", "/tfserving/v1/models/s19-forest:predict",
                    {"instances": x[140:].tolist()})  # fmt: skip
    assert rows.status == 200, rows.body
    predictions = rows.json()["predictions"]
    assert [p["label"] for p in predictions] == labels[140:].tolist()
    _close([p["probabilities"] for p in predictions], probabilities[140:], "TF Serving")
    # WHEN the CSV the flowers came in is uploaded as datasets.md's quick start does
    csv = tmp_path / "iris.csv"
    np.savetxt(csv, x, "%.1f", ",", header="sl,sw,pl,pw", comments="")
    columns = ("--column", "X=sl,sw,pl,pw")
    code, out, err = cli("datasets", "upload", str(csv), *columns, "-o", "json")
    assert code == 0, err
    as_read = json.loads(out)
    assert as_read["arrays"]["X"]["dtype"] == "float64"  # a CSV's floats, as documented
    batch = ("batches", "submit", "--model", "s19-forest", "--input", "X=X", "--fetch",
             "label=label", "--fetch", "p=probabilities", "--rows-per-shard", "75")  # fmt: skip
    code, out, err = cli(*batch, "--dataset", as_read["id"])
    # THEN the float32 model refuses it, saying how to upload what it takes
    assert code == 5, (out, err)
    assert "BATCH_INPUT_MISMATCH" in err and "--dtype float32" in err, err
    # AND uploaded again as it says, the batch scores every flower as onnxruntime does
    code, out, err = cli("datasets", "upload", str(csv), *columns, "--dtype", "float32", "-o",
                         "json")  # fmt: skip
    assert code == 0, err
    again = json.loads(out)
    scored = tmp_path / "scored.npz"
    code, out, err = cli(*batch, "--dataset", again["id"], "--watch", "--out", str(scored))
    assert code == 0, err
    with np.load(scored) as result:
        assert result["label"].tolist() == labels.tolist()
        _close(result["p"], probabilities, "batch")
    # WHEN the version is downloaded as a SavedModel for TF Serving (its trees' per-row
    # reads were TF_EXPORT_UNSUPPORTED)
    code, out, err = cli("models", "export", "s19-forest", str(tmp_path / "saved"))
    assert code == 0, err
    # THEN it is the SavedModel TensorFlow 2.21 loaded and answered onnxruntime's numbers from
    assert journey.files_sha256(tmp_path / "saved") == TF["forest"]["sha256"]
    assert TF["forest"]["labels"] == labels.tolist()
    _close(TF["forest"]["probabilities"], probabilities, "TensorFlow's")


# -- 2. nearest neighbours handed to another tenant, then out as TF's GraphDef -----------


def test_a_knn_model_handed_to_another_tenant_leaves_as_a_graph_def_tf_runs(runner, key, tmp_path):
    want, (x, _) = TF["knn"], journey.iris()
    # GIVEN the first tenant's nearest-neighbours model, stored from its ONNX bytes
    first = Client(runner.url, key)
    created = first.call("POST", "/v1/graphs?name=s19-knn", raw=(journey.OUT / "knn.onnx")
                         .read_bytes(), headers={"Content-Type": "application/onnx"})  # fmt: skip
    assert created.status == 201, created.body
    stored = created.json()
    # WHEN it is downloaded with `graphs get -o json` and created by another tenant
    code, out, err = _cli(runner, key)("graphs", "get", stored["id"], "-o", "json")
    assert code == 0, err
    (tmp_path / "knn.json").write_text(out)
    other = runner.create_tenant("scenarios19-team", plan="free")["api_key"]
    cli = _cli(runner, other)
    code, out, err = cli("graphs", "create", str(tmp_path / "knn.json"), "--name", "knn",
                         "-o", "json")  # fmt: skip
    # THEN it is the same graph, under the second tenant's own id
    assert code == 0, err
    copy = json.loads(out)
    assert copy["content_hash"] == stored["content_hash"] and copy["id"] != stored["id"]
    assert cli("graphs", "get", stored["id"])[0] == 4  # the first tenant's id: not found
    # AND it classifies every flower as scikit-learn did
    with ApiClient(runner.url, other) as second:  # a free plan's tokens: 1/s, its retries
        ran = second.run_graph(copy["id"], {"fetches": ["label"],
                                            "feeds": {"X": gg.encode_tensor(x)}})  # fmt: skip
        # AND the Python client stores the first tenant's get_graph answer the same way
        with ApiClient(runner.url, key) as owner:
            again = second.create_graph("knn-py", owner.get_graph(stored["id"]))
        assert again["content_hash"] == stored["content_hash"]
    assert gg.decode_tensor(ran["outputs"][0]).tolist() == TF["sklearn"]["knn"]
    # AND a document that is no graph says which field to change (api.md)
    (tmp_path / "bad.json").write_text(json.dumps({"nodes": []}))
    code, _, err = cli("graphs", "create", str(tmp_path / "bad.json"), "--name", "bad")
    assert code == 5 and "/graph: 'format' is a required property" in err, err
    # WHEN the copy is downloaded as TensorFlow's GraphDef (its Scan's state of unknown
    # rank answered 500 here)
    code, out, err = cli("graphs", "export", copy["id"], str(tmp_path / "knn.pb"), "--format",
                         "graphdef")  # fmt: skip
    assert code == 0, err
    blob = (tmp_path / "knn.pb").read_bytes()
    # THEN it is the file TensorFlow 2.21 ran to scikit-learn's labels, and graphgate
    # reads it back to the same answers
    assert hashlib.sha256(blob).hexdigest() == want["pb_sha256"]
    assert want["labels"] == TF["sklearn"]["knn"]
    with gg.Graph().as_default() as graph:
        gg.import_graph_def(gg.GraphDef.FromString(blob), name="")
    with gg.Session(graph=graph) as sess:
        sess.run([op for op in graph.get_operations() if op.type == "Assign"])
        labels, probabilities = sess.run(["label:0", "probabilities:0"], {"X:0": x})
    assert labels.tolist() == want["labels"]
    np.testing.assert_array_equal(probabilities, np.float32(want["probabilities"]))
    # AND as ONNX, the copy (a graph document, no import of its own) asks for its outputs,
    # then is refused by name, as onnx.md says (onnxruntime ranks NaN first, TF last)
    code, _, err = cli("graphs", "export", copy["id"], str(tmp_path / "knn.onnx"))
    assert code == 5 and "?fetch=" in err, err
    code, _, err = cli("graphs", "export", copy["id"], str(tmp_path / "knn.onnx"), "--fetch",
                       "label", "--fetch", "probabilities", "--feed", "X")  # fmt: skip
    assert code == 5 and "ONNX_UNSUPPORTED" in err and "TopKV2" in err, err


# -- 3. torch.gather of a fixed index over a batch: ONNX's GatherElements ----------------


def _gathering_model() -> bytes:
    """A torch module's export: a Linear layer (Gemm, transB), then `h.gather(1, index)`
    with a fixed [2, 3] index (torch lets an index be shorter than the input off its dim),
    then a softmax; the batch dynamic."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(19)
    weights = {
        "fc.weight": rng.standard_normal((6, 4)).astype(np.float32),
        "fc.bias": rng.standard_normal(6).astype(np.float32),
        "index": np.array([[5, 0, 2], [1, 1, 4]], np.int64),
    }
    nodes = [
        helper.make_node("Gemm", ["X", "fc.weight", "fc.bias"], ["/fc/Gemm_output_0"], transB=1),
        helper.make_node("GatherElements", ["/fc/Gemm_output_0", "index"], ["picked"], axis=1),
        helper.make_node("Softmax", ["picked"], ["probs"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "main_graph",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [2, 3])],
        [numpy_helper.from_array(v, k) for k, v in weights.items()],
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version, model.producer_name = 8, "pytorch"
    return model.SerializeToString()


def test_a_torch_gather_over_a_batch_reads_onnxruntimes_rows_and_exports_back(runner, key):
    api, model = Client(runner.url, key), _gathering_model()
    x = np.random.default_rng(7).standard_normal((5, 4)).astype(np.float32)
    (want,) = _ort(model, x)
    # GIVEN the model stored from its bytes over plain HTTP (onnx.md, Over the API)
    created = api.call("POST", "/v1/graphs?name=s19-gather", raw=model,
                       headers={"Content-Type": "application/onnx"})  # fmt: skip
    assert created.status == 201, created.body
    graph_id = created.json()["id"]
    # WHEN a batch of five runs through it
    ran = api.call("POST", f"/v1/graphs/{graph_id}/runs",
                   {"fetches": ["probs"], "feeds": {"X": gg.encode_tensor(x)}})  # fmt: skip
    # THEN the answer is onnxruntime's two rows (each index at its own row), not five
    assert ran.status == 200, ran.body
    got = gg.decode_tensor(ran.json()["outputs"][0])
    assert got.shape == want.shape == (2, 3)
    np.testing.assert_allclose(got, want, 1e-6, 1e-7)
    # AND a batch of one row, which the index runs past, is refused as onnxruntime refuses
    with pytest.raises(Exception, match="GatherElements"):
        _ort(model, x[:1])
    short = api.call("POST", f"/v1/graphs/{graph_id}/runs",
                     {"fetches": ["probs"], "feeds": {"X": gg.encode_tensor(x[:1])}})  # fmt: skip
    assert short.status == 400 and short.json()["code"] == "INDEX_OUT_OF_RANGE", short.body
    # WHEN the graph is exported back to ONNX by the service
    exported = api.call("GET", f"/v1/graphs/{graph_id}", headers={"Accept": "application/onnx"})
    assert exported.status == 200, exported.body
    # THEN onnxruntime computes the same from it
    (again,) = _ort(exported.body, x)
    np.testing.assert_allclose(again, want, 1e-6, 1e-7)
