"""An imported gather_nd gradient that a stack's gradient unstacks
(tests/reference/tf_import_scatter_nd_shape.py recorded TF 2.21's GraphDefs and answers):
TF writes the gradient as a ScatterNd whose shape is a constant, and its Unpack needs the
rank; graphgate's imported ScatterNd took no static shape from the constant, so every
such graph was refused (UNKNOWN_RANK; h-soak7's fresh `tf_fuzzimport` seed,
`grad.exact.23`)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

CASES = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_import_scatter_nd_shape.json").read_text()
)["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_imported_gather_nd_gradient_unstacked_computes_what_tf_does(name):
    case = CASES[name]
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(case["graph"])), name="")
        with gg.Session() as sess:
            got = sess.run("out:0", {"x:0": np.array(case["feed"], np.float32)})
    assert list(got.shape) == case["shape"]
    np.testing.assert_array_equal(got.reshape(-1), case["value"])
