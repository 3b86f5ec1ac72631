"""Imported fused optimizer updates take their learning rate (and every other setting) as
a scalar only, as TF's kernels do: values recorded from TF 2.21 by
tests/reference/tf1_apply_scalars.py. The lowering broadcast a learning rate fed as [3]
over the variable and saved the step (probe18, left; fixed by the lead)."""

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import errors, serialization, tf_graph

CASES = json.loads((Path(__file__).parent / "fixtures" / "tf1_apply_scalars.json").read_text())
RATES = {"scalar": 0.1, "one": [0.1], "three": [0.1, 0.2, 0.3]}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("rate", sorted(RATES))
def test_an_update_takes_its_learning_rate_as_a_scalar_only_as_tf(name, rate):
    case = CASES[name]
    graph = serialization.graph_from_dict(
        tf_graph.graph_document(base64.b64decode(case["graph_def"]))
    )
    sess = gg.Session(graph)
    sess.run(graph.get_operation_by_name("init"))
    want = case["answers"][rate]
    feed = {graph.resolve("lr"): np.float32(RATES[rate])}
    if isinstance(want, str):
        with pytest.raises(getattr(errors, want)):
            sess.run(graph.resolve("after"), feed)
        # refused before the update: the variable is as it was
        np.testing.assert_array_equal(sess.get_variables()["var"], [1.0, 1.0, 1.0])
    else:
        np.testing.assert_allclose(sess.run(graph.resolve("after"), feed), want, rtol=1e-6)
