"""NonMaxSuppressionV5 nodes as TF 2.21 writes them (`non_max_suppression_with_scores`,
the raw op), imported and run: TF's kept indices and (soft-NMS-decayed) scores, from
constant limits or limits fed at run time (tests/reference/tf_import_nms_v5.py recorded
the graphs and TF's runs). A fresh tf_fuzzimport seed found them refused (INVALID_ATTR,
docs/hardening.md's "Fresh seeds")."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf_import_nms_v5.json").read_text())
CASES = FIXTURE["cases"]


def _run(case: dict) -> list:
    data = base64.b64decode(case["graph"])
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(data), name="")
        with gg.Session() as sess:
            return sess.run(case["fetches"], case["feeds"])


@pytest.mark.parametrize("name", ["constant_limits", "soft_nms", "fed_limits"])
def test_non_max_suppression_with_scores_imports_and_keeps_what_tf_keeps(name):
    case = CASES[name]
    indices, scores = _run(case)
    want_indices, want_scores = case["outputs"]
    assert indices.dtype == np.int32 and indices.tolist() == want_indices
    np.testing.assert_array_equal(scores, np.asarray(want_scores, np.float32))


def test_the_raw_op_s_valid_outputs_is_refused_not_guessed():
    # graphgate's op has no third output (TF's count of kept boxes, meaningful when
    # padded): a fetch of it is refused at import rather than answered.
    with pytest.raises(gg.GraphgateError):
        _run(CASES["raw"])


def test_padding_to_the_limit_is_refused_not_left_unpadded():
    # TF pads the indices and scores with zeros to max_output_size; graphgate does not.
    assert len(CASES["padded"]["outputs"][0]) == 5
    with pytest.raises(gg.GraphgateError, match="pad_to_max_output_size"):
        _run(CASES["padded"])
