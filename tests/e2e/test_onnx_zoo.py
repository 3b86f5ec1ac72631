"""Two of the exporter-shaped models (tests/unit/engine/onnx/test_zoo.py) over HTTP against
the local runner: stored from their ONNX bytes with the weights as constants, frozen into a
model version, and asked over KServe v2 at both batch sizes onnxruntime answered."""

import numpy as np
import pytest

pytest.importorskip("onnx")

from tests.support import Client, request
from tests.unit.engine.onnx.test_zoo import assert_as_onnxruntime, zoo_model

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

KSERVE_TYPES = {np.dtype(np.float32): "FP32", np.dtype(np.int64): "INT64"}


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("onnx-zoo-e2e", plan="pro")["api_key"])


@pytest.mark.parametrize(
    "name",
    [
        # int64 token ids over a dynamic batch and sequence, two outputs
        "bert_tiny_ln17",
        # NonMaxSuppression over a run-time batch; int64 outputs of a run-time length
        "detection_head",
    ],
)
def test_a_zoo_model_served_over_kserve_answers_as_onnxruntime(client, name):
    raw, outputs, runs = zoo_model(name)
    # GIVEN the model stored from its bytes with its weights as constants
    headers = client.headers({"Content-Type": "application/onnx"})
    url = f"{client.url}/v1/graphs?name=zoo-{name.replace('_', '-')}&constants=true"
    stored = request("POST", url, headers, raw)
    assert stored.status == 201, stored.body
    # AND frozen into a version with no variables to give
    model = name.replace("_", "-")
    body = {"name": model, "graph_id": stored.json()["id"], "graph_revision": 1}
    body |= {"variables": {}, "inputs": {k: k for k in runs[0][0]}}
    body |= {"outputs": {o: o for o in outputs}}
    created = client.call("POST", "/v1/models", body)
    assert created.status == 201, created.body

    for feeds, want in runs:
        # WHEN each batch is asked for over KServe v2
        infer = {
            "inputs": [
                {
                    "name": k,
                    "shape": list(v.shape),
                    "datatype": KSERVE_TYPES[v.dtype],
                    "data": v.ravel().tolist(),
                }
                for k, v in feeds.items()
            ]
        }
        answer = client.call("POST", f"/v2/models/{model}/infer", infer)
        assert answer.status == 200, answer.body
        by_name = {o["name"]: o for o in answer.json()["outputs"]}
        # THEN every output is onnxruntime's, in its dtype and shape
        for out, expected in zip(outputs, want, strict=True):
            got = by_name[out]
            assert got["datatype"] == KSERVE_TYPES[expected.dtype]
            have = np.asarray(got["data"], expected.dtype).reshape(got["shape"])
            assert_as_onnxruntime(have, expected)
