"""An imported `tf.strings.unsorted_segment_join` (tests/reference/tf_import_segment_join.py
recorded TF 2.21's GraphDefs and answers): TF's UnsortedSegmentJoin takes num_segments as
a third input, graphgate's as an attribute, and every such graph was refused
(TF_GRAPH_UNSUPPORTED; h-soak6's fresh `tf_fuzzimport` seed, `img.strings.29`)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

CASES = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_import_segment_join.json").read_text()
)["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_imported_unsorted_segment_join_computes_what_tf_does(name):
    case = CASES[name]
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(case["graph"])), name="")
        feed = {"Placeholder:0": np.array(case["feed"], object)}
        with gg.Session() as sess:
            if "error" in case:
                with pytest.raises(getattr(gg.errors, case["error"])):
                    sess.run("out:0", feed)
                return
            got = sess.run("out:0", feed)
    assert list(got.shape) == case["shape"]
    assert [s.decode() for s in got.reshape(-1)] == case["value"]
