"""TensorListStack's `num_elements` (tests/reference/tf_import_tensor_list_stack.py
recorded TF 2.21's graphs and runs): a TF1 TensorArray of a known size built with control
flow v2 stacks through a TensorListStack carrying that size, and TF fails a list of
another length. A fresh tf_fuzzimport seed found graphgate stacking
`TensorArray(size=1).unstack(x)` of two rows where TF fails."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_import_tensor_list_stack.json").read_text()
)
CASES = FIXTURE["cases"]


def _run(case: dict):
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(case["graph"])), name="")
        with gg.Session() as sess:
            return sess.run(case["fetch"], {"x:0": np.array(FIXTURE["x"], np.float32)})


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if "value" in c))
def test_a_list_of_the_stacks_length_stacks_as_tf_does(name):
    np.testing.assert_array_equal(_run(CASES[name]), np.array(CASES[name]["value"], np.float32))


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if "error" in c))
def test_a_list_of_another_length_than_the_stacks_fails_as_tf_fails(name):
    assert CASES[name]["error"] == "InvalidArgumentError"
    with pytest.raises(gg.errors.InvalidArgumentError):
        _run(CASES[name])
