"""TF GraphDefs of one raw op each, its attributes away from their defaults
(tests/reference/tf_raw_op_graphs.py recorded them and TF's results): the importer
computes what TF computed, or refuses the graph by name; it never answers otherwise.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf_raw_op_graphs.json").read_text())
X = np.arange(2 * 4 * 4 * 3, dtype=np.float32).reshape(2, 4, 4, 3) % 7 - 3

# What TF computes and graphgate's importer refuses, each with the reason it gives.
REFUSED = {
    # 3-D channels-first nodes: graphgate's 3-D kernels are NDHWC (the public functions
    # transpose around them; the importer does not).
    "conv3d_ncdhw": "data_format",
    "maxpool3d_ncdhw": "data_format",
    # TF's CPU MaxPool computes NCHW, but not with explicit paddings (nor does this).
    "maxpool_nchw_explicit": "explicit paddings in NCHW",
    # TF answers a scalar False for shapes that do not broadcast; graphgate fails on them.
    "equal_incompatible": "incompatible_shape_error",
    "not_equal_incompatible": "incompatible_shape_error",
    # IGNORE skips bad indices where graphgate fails on them.
    "scatter_nd_policy": "bad_indices_policy",
    "tensor_scatter_policy": "bad_indices_policy",
}


def _run(graph_b64: str) -> np.ndarray:
    graph_def = gg.GraphDef.FromString(base64.b64decode(graph_b64))
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            return sess.run("result:0", {"x:0": X})


@pytest.mark.parametrize("name", sorted(FIXTURE["graphs"]))
def test_imported_raw_op_computes_as_tf_or_is_refused_by_name(name):
    case = FIXTURE["graphs"][name]
    if case["error"] is not None or name in REFUSED:
        with pytest.raises(gg.GraphgateError) as info:
            _run(case["graph"])
        assert info.value.category in ("INVALID_ARGUMENT", "UNIMPLEMENTED")
        assert REFUSED.get(name, "") in str(info.value)
        return
    got = _run(case["graph"])
    if case["dtype"] == "string":
        assert [s.decode("utf-8", "replace") for s in np.ravel(got).tolist()] == case["value"]
        return
    assert got.dtype.name == case["dtype"]
    np.testing.assert_allclose(got, np.asarray(case["value"]), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    ("dtype", "boundaries", "code"),
    [(gg.int8, [0.0, 1.0], "UNSUPPORTED_DTYPE"), (gg.float32, [1.0, 0.0], "INVALID_ATTR")],
)
def test_a_bucketize_node_tf_has_no_kernel_for_is_refused_when_built(dtype, boundaries, code):
    # TF registers Bucketize for int32, int64, float and double, and its kernel checks
    # that the boundaries are sorted (equal ones are)
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(dtype, [3])
        with pytest.raises(gg.GraphgateError) as refused:
            graph.create_op("Bucketize", (x,), {"boundaries": boundaries}, "b")
    assert refused.value.code == code
