"""TensorArrays of unknown element shape in TF GraphDefs whose default attributes were
stripped (tests/reference/tf_import_stripped_tensor_array.py recorded TF 2.21): the
missing `element_shape` is its default, unknown rank. graphgate read it as a scalar's
shape and failed the first write of a vector (h-soak6's fresh `tf_fuzzimport` seed,
`grad.second_order.1`: `tf.hessians`)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

CASES = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_import_stripped_tensor_array.json").read_text()
)["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_stripped_tensor_arrays_element_shape_is_unknown_as_tf_reads_it(name):
    case = CASES[name]
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(case["graph"])), name="")
        with gg.Session() as sess:
            got = sess.run("out:0", {"x:0": np.array(case["feed"], np.float32)})
    np.testing.assert_allclose(got, np.array(case["out"], np.float32), rtol=2e-7, atol=0)
