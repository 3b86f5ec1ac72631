"""The same model with fixed and with symbolic image dims answers the same, and that answer
is onnxruntime's: a fixed-seed differential run over the operators whose lowering has a
path for sizes only run time knows (Pad, Slice, pooling, Conv and ConvTranspose padding,
Trilu, DepthToSpace / SpaceToDepth). Resize has its own (test_resize.py)."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import graphgate as gg  # noqa: E402
import graphgate.onnx.lowering  # noqa: E402 - registers the engine's conv ops
from graphgate.ops.registry import REGISTRY  # noqa: E402
from tests.unit.engine.onnx.test_import import ort_run  # noqa: E402

pytestmark = pytest.mark.skipif("Conv2D" not in REGISTRY, reason="the engine has no conv ops")
F = TensorProto.FLOAT
I64 = np.int64


def _model(op, dims, inits, attrs):
    node = helper.make_node(op, ["x"] + [n for n, _ in inits], ["y"], **attrs)
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("x", F, [1, 2, *dims])],
        [helper.make_tensor_value_info("y", F, None)],
        [numpy_helper.from_array(np.asarray(v), n) for n, v in inits],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    model.ir_version = 9
    return model


def _run(model, x):
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        return sess.run(values["y"], {values["x"]: x})


def _cases():
    rng = np.random.default_rng(11)
    w = rng.standard_normal((3, 2, 3, 2)).astype(np.float32)
    wt = rng.standard_normal((2, 3, 3, 2)).astype(np.float32)
    cases = []
    for mode in ("constant", "reflect", "edge", "wrap"):
        cases.append(
            ("Pad", [6, 7], [("p", np.array([0, 0, 2, -1, 0, 0, 1, 2], I64))], {"mode": mode})
        )
    for starts, ends, steps in (
        ([-6, 1], [-9, 100], [-2, 2]),
        ([-1, -2], [-100, 0], [-1, -1]),
        ([1, 0], [-1, 5], [2, 3]),
    ):
        inits = [
            ("s", np.array(starts, I64)),
            ("e", np.array(ends, I64)),
            ("a", np.array([2, 3], I64)),
            ("st", np.array(steps, I64)),
        ]
        cases.append(("Slice", [3, 7], inits, {}))
    pool = {"kernel_shape": [3, 2], "strides": [2, 2]}
    cases.append(("MaxPool", [7, 6], [], {**pool, "ceil_mode": 1, "pads": [1, 0, 1, 1]}))
    cases.append(("MaxPool", [7, 6], [], {"kernel_shape": [3, 3], "auto_pad": "SAME_UPPER"}))
    cases.append(("MaxPool", [7, 6], [], {**pool, "auto_pad": "SAME_UPPER"}))
    cases.append(("AveragePool", [7, 6], [], pool))
    cases.append(("AveragePool", [7, 6], [], {**pool, "ceil_mode": 1, "pads": [1, 0, 1, 1]}))
    for auto in ("SAME_UPPER", "VALID", "NOTSET"):
        cases.append(("Conv", [7, 6], [("w", w)], {"auto_pad": auto, "strides": [2, 1]}))
        cases.append(("ConvTranspose", [4, 5], [("w", wt)], {"auto_pad": auto, "strides": [2, 2]}))
    cases.append(("Trilu", [5, 7], [("k", np.array(1, I64))], {"upper": 0}))
    cases.append(("SpaceToDepth", [6, 4], [], {"blocksize": 2}))
    return cases


@pytest.mark.parametrize("op, dims, inits, attrs", _cases())
def test_fixed_and_symbolic_dims_give_onnxruntime_s_answer(op, dims, inits, attrs):
    x = np.random.default_rng(5).standard_normal((1, 2, *dims)).astype(np.float32)
    fixed = _run(_model(op, dims, inits, attrs), x)
    symbolic = _run(_model(op, ["h", "w"], inits, attrs), x)
    want = ort_run(_model(op, dims, inits, attrs), {"x": x})[0]
    assert fixed.shape == symbolic.shape == want.shape
    np.testing.assert_allclose(fixed, symbolic, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(fixed, want, rtol=1e-5, atol=1e-5)
