"""Two real models' SavedModels as TensorFlow wrote them (`simple_save` of a training
session: a GPT-2 block's attention over int tokens, a ResNet whose graph holds TF's batch
norm gradient nodes) served through the local runner and asked over TF Serving's predict:
TF's answers (tests/reference/tf_importzoo.py, tests/unit/engine/test_tf_importzoo.py)."""

import json
from pathlib import Path

import numpy as np
import pytest

from graphgate.client import Client
from graphgate.client.serving import Client as ModelClient

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FIXTURES = Path(__file__).parents[1] / "unit" / "engine" / "fixtures" / "importzoo"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


def value_of(doc: dict) -> np.ndarray:
    return np.asarray(doc["value"], doc["dtype"]).reshape(doc["shape"])


@pytest.fixture
def client(runner):
    with Client(runner.url, runner.create_tenant("importzoo-e2e", plan="pro")["api_key"]) as c:
        yield c


@pytest.mark.parametrize("name", ["gpt", "resnet"])
def test_a_tf_written_saved_model_serves_tfs_answers(client, name):
    case = EXPECTED[name]
    # WHEN the client serves the export TF wrote
    version = client.create_model_version_from_saved_model(f"zoo-{name}", FIXTURES / name / "saved")
    # THEN its signature is TF's, and predict answers what TF's session computed
    inputs = {k.split(":")[0]: value_of(case["feeds"][k]) for k in case["inputs"]}
    assert sorted(i["name"] for i in version["signature"]["inputs"]) == sorted(inputs)
    with ModelClient(f"zoo-{name}", version=version["version"], client=client) as model:
        got = model.predict(inputs)
    assert sorted(got) == sorted(case["saved"])
    for key, doc in case["saved"].items():
        np.testing.assert_allclose(got[key], value_of(doc), rtol=2e-5, atol=2e-6, err_msg=key)
