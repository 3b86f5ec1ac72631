"""An imported inference FusedBatchNormV3's batch_mean and batch_variance
(tests/reference/tf_import_batch_norm_outputs.py recorded TF 2.21): a run may fetch `:1`
and `:2`, which TF's inference kernel fills with the given mean and variance, though no
node of the graph reads them. Fresh `tf_fuzzimport` seeds (h-soak4, `nn.norms.10`, `.22`)
found them refused (UNKNOWN_FETCH). `:3`/`:4` (reserve spaces) are not compared: TF's
oneDNN kernel (4-D float32) passes the mean and variance, its Eigen kernel zeros."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_import_batch_norm_outputs.json").read_text()
)
CASES = FIXTURE["cases"]
COMPARED = ("bn:0", "bn:1", "bn:2")


def _array(entry: dict) -> np.ndarray:
    return np.array(entry["value"], entry["dtype"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_inference_batch_norms_batch_statistics_are_fetched_as_tf_computes_them(name):
    case = CASES[name]
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(case["graph"])), name="")
        feeds = {k: _array(v) for k, v in case["feeds"].items()}
        with gg.Session() as sess:
            got = sess.run(list(COMPARED), feeds)
    for fetch, value in zip(COMPARED, got, strict=True):
        np.testing.assert_array_equal(value, _array(case["fetches"][fetch]), fetch, strict=True)
