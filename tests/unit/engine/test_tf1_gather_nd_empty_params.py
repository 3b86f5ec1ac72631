"""gather_nd of params with no element (tests/reference/tf1_gather_nd_empty_params.py
recorded TF 2.21): TF's GatherNd fails a run asking for any slice of an empty params, in
range or not, and answers empty when there is no index tuple. A fresh `tf1_fuzzshape`
seed (h-soak4, `gathers.44`) found graphgate answering the empty slice. graphgate's own
lowerings of ops TF computes over such params keep answering."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate.ops.misc_ops import batch_gather

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf1_gather_nd_empty_params.json").read_text()
)
CASES = FIXTURE["cases"]
FAILING = sorted(n for n, c in CASES.items() if "error" in c)
ANSWERED = sorted(n for n, c in CASES.items() if "value" in c)


def _params(case: dict) -> np.ndarray:
    shape = case["params_shape"]
    return np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)


def _indices(case: dict) -> np.ndarray:
    return np.array(case["indices"], np.int32).reshape(case["indices_shape"])


def _built(case: dict) -> np.ndarray:
    with gg.Graph().as_default():
        params = gg.placeholder(gg.float32, None, name="params")
        out = gg.gather_nd(params, _indices(case))
        with gg.Session() as sess:
            return sess.run(out, {params: _params(case)})


def _imported(case: dict) -> np.ndarray:
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(case["graph"])), name="")
        with gg.Session() as sess:
            return sess.run(case["fetch"], {"params:0": _params(case)})


@pytest.mark.parametrize("run", [_built, _imported])
@pytest.mark.parametrize("name", FAILING)
def test_a_slice_of_params_with_no_element_fails_as_tf_fails(name, run):
    assert CASES[name]["error"] == "InvalidArgumentError"
    assert "params is empty" in CASES[name]["message"]
    with pytest.raises(gg.errors.InvalidArgumentError, match="params is empty"):
        run(CASES[name])


@pytest.mark.parametrize("run", [_built, _imported])
@pytest.mark.parametrize("name", ANSWERED)
def test_no_index_tuple_or_params_with_elements_answer_as_tf(name, run):
    case = CASES[name]
    want = np.array(case["value"], np.float32).reshape(case["shape"])
    np.testing.assert_array_equal(run(case), want, strict=True)


def test_a_batched_gather_of_rows_with_no_element_still_answers():
    # graphgate writes batch_gather as a GatherNd; TF's batch_gather (GatherV2) answers.
    with gg.Graph().as_default():
        out = batch_gather(np.zeros([2, 3, 0], np.float32), np.array([[0, 2], [1, 1]]))
        with gg.Session() as sess:
            assert sess.run(out).shape == (2, 2, 0)


def test_reversing_sequences_of_no_feature_still_answers():
    # dynamic_rnn's reversal of time steps is a GatherNd in graphgate, ReverseSequence in TF.
    from graphgate.rnn import _reverse_time

    with gg.Graph().as_default():
        x = gg.constant(np.zeros([3, 2, 0], np.float32))
        out = _reverse_time(x, gg.constant([2, 3]), 0)
        with gg.Session() as sess:
            assert sess.run(out).shape == (3, 2, 0)
