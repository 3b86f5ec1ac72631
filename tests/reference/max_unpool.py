"""Reference values for ONNX MaxUnpool: strides, pads, 1-D to 3-D, an output_shape equal
to, larger than and smaller than the unpooled shape, indices out of range. Each case runs
in onnxruntime and in onnx's reference evaluator; both answers (or their errors) are
recorded, since the two part where output_shape is larger than the unpooled shape
(graphgate follows onnxruntime there; see docs/onnx.md, MaxUnpool).

    /work/tfvenv/bin/python tests/reference/max_unpool.py   # writes fixtures/max_unpool.json

tests/unit/engine/onnx/test_max_unpool.py replays the fixture without either.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper
from onnx.reference import ReferenceEvaluator

OUT = Path(__file__).resolve().parents[1] / "unit" / "engine" / "fixtures" / "max_unpool.json"


def model(attrs: dict, with_shape: bool, opset: int = 11):
    """MaxUnpool over fed X, I (and output_shape)."""
    names = ["x", "i", "s"] if with_shape else ["x", "i"]
    types = [TensorProto.FLOAT, TensorProto.INT64, TensorProto.INT64]
    node = helper.make_node("MaxUnpool", names, ["y"], **attrs)
    inputs = [
        helper.make_tensor_value_info(n, t, None)
        for n, t in zip(names, types[: len(names)], strict=True)
    ]
    out = [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)]
    m = helper.make_model(
        helper.make_graph([node], "g", inputs, out), opset_imports=[helper.make_opsetid("", opset)]
    )
    m.ir_version = 8
    return m


def pooled(x, attrs):
    """onnxruntime's MaxPool of x: the values and indices a MaxUnpool is given."""
    node = helper.make_node("MaxPool", ["x"], ["p", "i"], **attrs)
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, None)],
        [
            helper.make_tensor_value_info("p", TensorProto.FLOAT, None),
            helper.make_tensor_value_info("i", TensorProto.INT64, None),
        ],
    )
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])
    m.ir_version = 8
    sess = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    return sess.run(None, {"x": x})


def answer(run):
    try:
        return {"y": np.asarray(run()).tolist()}
    except Exception as e:  # the error is the recorded answer
        return {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:160]}"}


def record(name, attrs, x, i, s=None, opset=11):
    m = model(attrs, s is not None, opset)
    feeds = {"x": np.asarray(x, np.float32), "i": np.asarray(i, np.int64)}
    if s is not None:
        feeds["s"] = np.asarray(s, np.int64)
    sess = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    return {
        "name": name,
        "attrs": attrs,
        "opset": opset,
        "feeds": {k: v.tolist() for k, v in feeds.items()},
        "onnxruntime": answer(lambda: sess.run(None, feeds)[0]),
        "reference": answer(lambda: ReferenceEvaluator(m).run(None, feeds)[0]),
    }


K2S2 = {"kernel_shape": [2, 2], "strides": [2, 2]}


def cases():
    rng = np.random.default_rng(42)
    out = []
    # MaxPool's own indices unpooled back, without and with output_shape
    for name, shape, attrs, give_shape in [
        ("k2s2", (2, 2, 4, 4), K2S2, False),
        ("k2s2_shape_equal", (2, 2, 4, 4), K2S2, True),
        ("k3s2p1", (1, 2, 7, 7), {**K2S2, "kernel_shape": [3, 3], "pads": [1] * 4}, False),
        ("k3s1_pads_asym", (1, 1, 4, 5), {"kernel_shape": [3, 3], "pads": [1, 0, 0, 2]}, True),
        ("k2s1_overlap", (1, 2, 3, 4), {"kernel_shape": [2, 2]}, False),
        ("k2s3_1d", (2, 1, 8), {"kernel_shape": [2], "strides": [3]}, False),
        ("k2s2_3d", (1, 1, 4, 4, 2), {"kernel_shape": [2, 2, 2], "strides": [2, 2, 2]}, True),
        # an odd image: pooled 2x2, unpooled 4x4; output_shape gives the image's 5x5 back
        ("k2s2_odd_image_shape_5x5", (1, 1, 5, 5), K2S2, True),
        ("k2s2_odd_image_shape_5x4", (1, 2, 5, 4), K2S2, True),
    ]:
        x = rng.standard_normal(shape).astype(np.float32)
        p, i = pooled(x, attrs)
        out.append(record(name, attrs, p, i, list(shape) if give_shape else None))
    x = [[[[5, 6], [7, 8]]]]
    # ONNX's backend case test_maxunpool_export_with_output_shape
    out.append(record("backend_with_output_shape", K2S2, x, [[[[5, 7], [13, 15]]]], [1, 1, 5, 5]))
    # indices inside the unpooled 4x4 of each plane, output_shape larger: where the two part
    two = rng.standard_normal((1, 2, 2, 2)).tolist()
    idx = [[[[0, 3], [9, 14]], [[16, 19], [25, 30]]]]
    out.append(record("larger_shape_two_planes", K2S2, two, idx, [1, 2, 5, 6]))
    out.append(record("larger_shape_rows_only", K2S2, two, idx, [1, 2, 6, 4]))
    out.append(record("larger_shape_opset9", K2S2, two, idx, [1, 2, 4, 5], opset=9))
    out.append(record("smaller_shape", K2S2, x, [[[[5, 7], [13, 15]]]], [1, 1, 3, 4]))
    for bad in (16, -1, 100):
        out.append(record(f"index_{bad}", K2S2, x, [[[[5, 7], [13, bad]]]]))
        out.append(record(f"index_{bad}_shape", K2S2, x, [[[[5, 7], [13, bad]]]], [1, 1, 5, 5]))
    out.append(record("index_repeated", K2S2, x, [[[[5, 5], [13, 15]]]]))
    # output_shapes onnxruntime refuses: another batch, channels or rank than X's
    for name, shape in (("batch", [2, 1, 5, 5]), ("channels", [1, 2, 5, 5]), ("rank", [1, 1, 5])):
        out.append(record(f"shape_other_{name}", K2S2, x, [[[[5, 7], [13, 15]]]], shape))
    return out


def main() -> None:
    recorded = cases()
    OUT.write_text("[\n" + ",\n".join(json.dumps(c) for c in recorded) + "\n]\n")  # a case a line
    for c in recorded:
        o, r = c["onnxruntime"], c["reference"]
        print(c["name"], "agree" if o == r else "PART", o.get("error", ""), r.get("error", ""))


if __name__ == "__main__":
    main()
