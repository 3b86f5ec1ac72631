"""Reference values for ONNX cases graphgate once refused at import: Pad by pads computed
at run time (every mode, `axes`, negative pads), Conv and ConvTranspose over volumes
(rank 5), Conv with strides and dilations both above 1, Squeeze without axes over a
symbolic batch, training-mode Dropout with a computed ratio, Resize's
keep_aspect_ratio_policy, Unique along an axis, Scan at opset 8 (batched); and what
graphgate answered otherwise (a reduction's `noop_with_empty_axes`, ArgMax/ArgMin/Hardmax
of empty tensors, GatherND's negative indices). Fixed seeds
(the later families each their own); each model runs in onnxruntime and in onnx's
reference evaluator, and both answers are recorded.

    /work/tfvenv/bin/python tests/reference/onnx_gaps.py   # writes fixtures/onnx_gaps.npz

The fixture keeps each model's bytes, feeds and outputs, so
tests/unit/engine/onnx/test_gaps.py needs neither onnxruntime nor this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

OUT = Path(__file__).resolve().parents[1] / "unit" / "engine" / "fixtures" / "onnx_gaps.npz"
F, I64 = TensorProto.FLOAT, TensorProto.INT64


def _model(nodes, inputs, outputs, inits=(), opset=19):
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info(n, t, s) for n, t, s in inputs],
        [helper.make_tensor_value_info(n, F, None) for n in outputs],
        [numpy_helper.from_array(v, n) for n, v in inits],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 9

    return model


def pad_cases(rng):
    """Pads computed in the graph (Identity of a fed vector), over random sizes."""
    out = []
    for i in range(32):
        mode = ("constant", "edge", "reflect", "wrap")[i % 4]
        rank = 2 + i % 3
        shape = [int(d) for d in rng.integers(2, 6, rank)]
        axes = None
        if i % 8 >= 4:
            axes = sorted(rng.choice(rank, int(rng.integers(1, rank + 1)), replace=False))
            axes = [int(a) - rank if rng.random() < 0.5 else int(a) for a in axes]
        n = rank if axes is None else len(axes)
        dims = [shape[a] for a in (range(rank) if axes is None else axes)]
        limit = [d - 1 if mode == "reflect" else d for d in dims] * 2
        pads = np.array([int(rng.integers(-1, m + 1)) for m in limit], np.int64)
        x = rng.standard_normal(shape).astype(np.float32)
        ins = ["x", "pads_used", ""]
        inits = []
        if mode == "constant" and i % 2:
            ins[2] = "value"
            inits.append(("value", np.array(1.5, np.float32)))
        if axes is not None:
            ins.append("axes")
            inits.append(("axes", np.array(axes, np.int64)))
        while ins[-1] == "":
            ins.pop()
        nodes = [
            helper.make_node("Identity", ["pads"], ["pads_used"]),
            helper.make_node("Pad", ins, ["y"], mode=mode),
        ]
        model = _model(nodes, [("x", F, shape), ("pads", I64, [2 * n])], ["y"], inits)
        out.append((f"pad_{mode}_{i}", model, {"x": x, "pads": pads}))
    # reflect wider than the axis: onnxruntime refuses, graphgate fails the run
    model = _model(
        [
            helper.make_node("Identity", ["pads"], ["pads_used"]),
            helper.make_node("Pad", ["x", "pads_used"], ["y"], mode="reflect"),
        ],
        [("x", F, [2, 3]), ("pads", I64, [4])],
        ["y"],
    )
    x = rng.standard_normal((2, 3)).astype(np.float32)
    out.append(("pad_reflect_too_wide", model, {"x": x, "pads": np.array([0, 3, 0, 0])}))
    return out


def _conv(op, rng, x_shape, w_shape, attrs, bias=True, batch_symbolic=False):
    ins = ["x", "w"] + (["b"] if bias else [])
    inits = [("w", rng.standard_normal(w_shape).astype(np.float32))]
    channels = w_shape[0] if op == "Conv" else w_shape[1] * attrs.get("group", 1)
    if bias:
        inits.append(("b", rng.standard_normal(channels).astype(np.float32)))
    declared = ["N", *x_shape[1:]] if batch_symbolic else x_shape
    model = _model([helper.make_node(op, ins, ["y"], **attrs)], [("x", F, declared)], ["y"], inits)
    return model, {"x": rng.standard_normal(x_shape).astype(np.float32)}


def conv_cases(rng):
    specs = [
        ("Conv", [2, 3, 5, 6, 7], [4, 3, 2, 3, 2], {}),
        ("Conv", [1, 2, 6, 6, 6], [3, 2, 3, 3, 3], {"pads": [1, 0, 2, 1, 1, 0]}),
        ("Conv", [2, 2, 7, 8, 6], [2, 2, 3, 2, 3], {"strides": [2, 1, 3]}),
        ("Conv", [1, 3, 7, 7, 7], [2, 3, 2, 2, 2], {"dilations": [2, 1, 3]}),
        ("Conv", [1, 2, 9, 8, 7], [2, 2, 2, 3, 2], {"strides": [2, 2, 2], "dilations": [2, 2, 2]}),
        ("Conv", [2, 4, 5, 5, 5], [6, 2, 3, 3, 3], {"group": 2, "pads": [1] * 6}),
        (
            "Conv",
            [1, 2, 7, 6, 5],
            [3, 2, 3, 3, 2],
            {"auto_pad": "SAME_UPPER", "strides": [2, 2, 2]},
        ),
        (
            "Conv",
            [1, 2, 6, 7, 5],
            [3, 2, 2, 3, 2],
            {"auto_pad": "SAME_LOWER", "strides": [2, 1, 2]},
        ),
        (
            "Conv",
            [1, 3, 9, 9],
            [4, 3, 3, 3],
            {"strides": [2, 2], "dilations": [2, 2], "pads": [1] * 4},
        ),
        ("Conv", [2, 2, 11], [3, 2, 3], {"strides": [3], "dilations": [2]}),
        ("Conv", [1, 2, 9, 10], [4, 1, 3, 3], {"strides": [2, 3], "dilations": [3, 2], "group": 2}),
        ("ConvTranspose", [1, 2, 3, 4, 3], [2, 3, 2, 3, 2], {}),
        (
            "ConvTranspose",
            [2, 2, 3, 3, 3],
            [2, 2, 3, 3, 3],
            {"strides": [2, 2, 2], "pads": [1, 0, 1, 1, 1, 0]},
        ),
        (
            "ConvTranspose",
            [1, 3, 3, 2, 4],
            [3, 2, 2, 2, 3],
            {"strides": [2, 3, 1], "output_padding": [1, 1, 0]},
        ),
        ("ConvTranspose", [1, 2, 3, 3, 3], [2, 2, 3, 2, 2], {"dilations": [2, 1, 2]}),
        ("ConvTranspose", [1, 4, 2, 3, 2], [4, 1, 3, 3, 3], {"group": 2, "strides": [2, 2, 2]}),
        (
            "ConvTranspose",
            [1, 2, 3, 3, 3],
            [2, 2, 3, 3, 3],
            {"strides": [2, 2, 2], "output_shape": [7, 8, 6]},
        ),
        (
            "ConvTranspose",
            [1, 2, 3, 4, 3],
            [2, 2, 3, 3, 3],
            {"auto_pad": "SAME_UPPER", "strides": [2, 2, 2]},
        ),
        (
            "ConvTranspose",
            [1, 2, 3, 4, 3],
            [2, 2, 4, 3, 4],
            {"auto_pad": "SAME_LOWER", "strides": [2, 1, 2]},
        ),
    ]
    out = []
    for i, (op, xs, ws, attrs) in enumerate(specs):
        model, feeds = _conv(op, rng, xs, ws, attrs, bias=i % 3 != 1, batch_symbolic=i % 2 == 1)
        out.append((f"{op.lower()}_{len(xs) - 2}d_{i}", model, feeds))
    return out


def squeeze_and_dropout_cases(rng):
    out = []
    model = _model([helper.make_node("Squeeze", ["x"], ["y"])], [("x", F, ["N", 1, 3, 1])], ["y"])
    for n in (2, 1):
        out.append(
            (
                f"squeeze_batch_{n}",
                model,
                {"x": rng.standard_normal((n, 1, 3, 1)).astype(np.float32)},
            )
        )
    model = _model(
        [
            helper.make_node("Identity", ["r"], ["ratio"]),
            helper.make_node("Dropout", ["x", "ratio", "t"], ["y", "mask"]),
        ],
        [("x", F, [3, 4]), ("r", F, [])],
        ["y", "mask"],
        [("t", np.array(True))],
    )
    model.graph.output[1].type.tensor_type.elem_type = TensorProto.BOOL
    for r in (0.0, 0.5):
        feeds = {"x": rng.standard_normal((3, 4)).astype(np.float32), "r": np.float32(r)}
        out.append((f"dropout_training_ratio_{r}", model, feeds))
    return out


def resize_cases(rng):
    """keep_aspect_ratio_policy over random lengths, modes and axes."""
    out = []
    for i in range(24):
        policy = ("not_larger", "not_smaller")[i % 2]
        mode = ("nearest", "linear", "cubic")[i % 3]
        shape = [1, 2, int(rng.integers(2, 9)), int(rng.integers(2, 9))]
        axes = [2, 3] if i % 4 < 2 else [3, 2]
        if i >= 22:  # onnxruntime ignores the policy over negative axes: refused
            axes = [-1, -2] if i == 22 else [-2, 3]
        sizes = np.array([int(rng.integers(1, 13)) for _ in axes], np.int64)
        node = helper.make_node(
            "Resize",
            ["x", "", "", "sizes"],
            ["y"],
            mode=mode,
            axes=axes,
            keep_aspect_ratio_policy=policy,
        )
        model = _model([node], [("x", F, shape)], ["y"], [("sizes", sizes)])
        x = rng.standard_normal(shape).astype(np.float32)
        out.append((f"resize_{policy}_{mode}_{i}", model, {"x": x}))
    return out


def unique_cases(rng):
    """Unique along an axis: random small integer and float tensors (repeats drawn
    on purpose), sorted and not, every axis, the optional outputs."""
    out = []
    kinds = ((TensorProto.INT64, np.int64), (F, np.float32), (TensorProto.INT8, np.int8))
    for i in range(24):
        elem, dtype = kinds[i % 3]
        rank = 1 + i % 3
        shape = [int(d) for d in rng.integers(1, 5, rank)]
        axis = int(rng.integers(-rank, rank))
        base = rng.integers(-1, 2, shape)
        x = base.astype(dtype)
        if dtype is np.float32 and i % 2:
            x = np.where(x == 0, np.float32(-0.0), x * np.float32(0.5))  # -0.0 equals 0.0
        # repeat some slices along the axis so that there are duplicates to merge
        take = rng.integers(0, shape[axis], shape[axis] + int(rng.integers(0, 3)))
        x = np.take(x, take, axis=axis)
        sorted_ = i % 4 != 3
        node = helper.make_node(
            "Unique", ["x"], ["y", "indices", "inverse", "counts"], axis=axis, sorted=int(sorted_)
        )
        model = _model([node], [("x", elem, list(x.shape))], ["y", "indices", "inverse", "counts"])
        for k, t in enumerate((elem, I64, I64, I64)):
            model.graph.output[k].type.tensor_type.elem_type = t
        out.append(
            (f"unique_axis{axis}_{'sorted' if sorted_ else 'unsorted'}_{i}", model, {"x": x})
        )
    # no rows along the axis, and a symbolic length along it
    node = helper.make_node("Unique", ["x"], ["y", "indices", "inverse", "counts"], axis=1)
    model = _model([node], [("x", F, [2, "N"])], ["y", "indices", "inverse", "counts"])
    for k in (1, 2, 3):
        model.graph.output[k].type.tensor_type.elem_type = I64
    out.append(("unique_axis1_empty", model, {"x": np.zeros((2, 0), np.float32)}))
    x = np.array([[1, 2, 1, 2, 3], [0, 1, 0, 1, 1]], np.float32)
    out.append(("unique_axis1_symbolic", model, {"x": x}))
    return out


def scan8_cases(rng):
    """Scan at opset 8, which scans each element of a batch: two states, two scan inputs
    (one reversed), over batches of 1 to 3; a batch only run time knows, and
    sequence_lens, which graphgate refuses."""
    body = helper.make_graph(
        [
            helper.make_node("Add", ["s", "a"], ["s_next"]),
            helper.make_node("Mul", ["a", "b"], ["ab"]),
            helper.make_node("Add", ["m", "ab"], ["m_next"]),
            helper.make_node("Sub", ["s_next", "b"], ["y"]),
            helper.make_node("Identity", ["m_next"], ["z"]),
        ],
        "body",
        [
            helper.make_tensor_value_info("s", F, [2]),
            helper.make_tensor_value_info("m", F, [3, 2]),
            helper.make_tensor_value_info("a", F, [2]),
            helper.make_tensor_value_info("b", F, [2]),
        ],
        [
            helper.make_tensor_value_info(n, F, d)
            for n, d in (("s_next", [2]), ("m_next", [3, 2]), ("y", [2]), ("z", [3, 2]))
        ],
    )
    out = []
    for batch, lens in ((1, False), (2, False), (3, False), ("N", False), (2, True)):
        node = helper.make_node(
            "Scan",
            ["lens" if lens else "", "s0", "m0", "xa", "xb"],
            ["s", "m", "ys", "zs"],
            body=body,
            num_scan_inputs=2,
            directions=[0, 1],
        )
        inputs = [("s0", F, [batch, 2]), ("m0", F, [batch, 3, 2])]
        inputs += [("xa", F, [batch, 4, 2]), ("xb", F, [batch, 4, 2])]
        if lens:
            inputs.append(("lens", I64, [batch]))
        model = _model([node], inputs, ["s", "m", "ys", "zs"], opset=8)
        model.ir_version = 3
        n = 2 if batch == "N" else batch
        feeds = {
            name: rng.standard_normal([n, *dims[1:]]).astype(np.float32)
            for name, _, dims in inputs
            if name != "lens"
        }
        if lens:
            feeds["lens"] = np.array([4, 3], np.int64)
        label = f"scan8_batch{batch}" + ("_sequence_lens" if lens else "")
        out.append((label, model, feeds))
    return out


def empty_and_negative_cases():
    """What onnxruntime answers and graphgate once refused or answered otherwise: the
    reductions with `noop_with_empty_axes` and no axes (the composite ones still take |x|,
    x^2 or log x, as the spec's attribute text and onnxruntime say), ArgMax, ArgMin and
    Hardmax of tensors with no elements, and GatherND's indices counted from the end."""
    out = []
    x = np.array([[-3.0, 2.0, 1e30], [0.5, -0.0, -1e-30]], np.float32)
    for op in (
        "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp",
        "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
    ):  # fmt: skip
        for given in ("none", "empty"):
            ins, inits = (["x"], []) if given == "none" else (["x", "axes"], [])
            if given == "empty":
                inits = [("axes", np.zeros(0, np.int64))]
            node = helper.make_node(op, ins, ["y"], noop_with_empty_axes=1)
            model = _model([node], [("x", F, [2, 3])], ["y"], inits, opset=18)
            out.append((f"noop_{op}_{given}_axes", model, {"x": x}))
    for op in ("ArgMax", "ArgMin", "Hardmax"):
        for shape, axis in (((0, 3), 1), ((0, 3), 0), ((2, 0), 0), ((2, 0), 1), ((2, 0, 3), 2)):
            for keep, last in ((0, 0), (1, 0), (1, 1)) if op != "Hardmax" else ((None, 0),):
                attrs = {"axis": axis} if keep is None else {"axis": axis, "keepdims": keep}
                if last:
                    attrs["select_last_index"] = 1
                node = helper.make_node(op, ["x"], ["y"], **attrs)
                model = _model([node], [("x", F, list(shape))], ["y"], opset=13)
                if op != "Hardmax":
                    model.graph.output[0].type.tensor_type.elem_type = I64
                name = f"{op.lower()}_{'x'.join(map(str, shape))}_axis{axis}"
                name += "" if keep is None else f"_keep{keep}" + ("_last" if last else "")
                out.append((name, model, {"x": np.zeros(shape, np.float32)}))
    data = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    for i, (b, index) in enumerate(
        (
            (0, [[-1, 0], [1, -3]]),
            (0, [[-2]]),
            (0, [[-1, -1, -1], [0, -3, 3]]),
            (1, [[-1], [-3]]),
            (1, [[0, -4], [-3, 3]]),
            (2, [[[-1], [3], [-4]], [[0], [-2], [1]]]),
            (0, [[-3, 0]]),  # past the start: refused by both
            (1, [[2], [-4]]),
            (1, [[0, -5], [1, 3]]),
        )
    ):
        index = np.array(index, np.int64)
        node = helper.make_node("GatherND", ["x", "i"], ["y"], batch_dims=b)
        model = _model([node], [("x", F, [2, 3, 4]), ("i", I64, list(index.shape))], ["y"])
        out.append((f"gathernd_negative_{i}", model, {"x": data, "i": index}))
    # the index's last dimension known only when run
    node = helper.make_node("GatherND", ["x", "i"], ["y"])
    model = _model([node], [("x", F, [2, 3, 4]), ("i", I64, [2, "K"])], ["y"])
    index = np.array([[-1, 2], [0, -2]], np.int64)
    out.append(("gathernd_negative_run_time_depth", model, {"x": data, "i": index}))
    return out


def _run(model, feeds):
    try:
        sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        got = sess.run(None, {k: np.asarray(v) for k, v in feeds.items()})
    except Exception as exc:  # refused: recorded as such
        return None, str(exc).splitlines()[0][:200]
    return got, ""


def _reference(model, feeds):
    try:
        return ReferenceEvaluator(model).run(None, {k: np.asarray(v) for k, v in feeds.items()})
    except Exception:
        return None


def main() -> None:
    rng = np.random.default_rng(20261206)
    arrays, index = {}, []
    cases = pad_cases(rng) + conv_cases(rng) + squeeze_and_dropout_cases(rng) + resize_cases(rng)
    # the later families draw from their own seed, so that adding one keeps the others
    cases += unique_cases(np.random.default_rng(202612062))
    cases += scan8_cases(np.random.default_rng(202612063))
    cases += empty_and_negative_cases()
    for name, model, feeds in cases:
        got, refused = _run(model, feeds)
        ref = _reference(model, feeds)
        entry = {"name": name, "feeds": sorted(feeds), "outputs": 0, "refused": refused}
        arrays[f"{name}/model"] = np.frombuffer(model.SerializeToString(), np.uint8)
        for k, v in feeds.items():
            arrays[f"{name}/feed/{k}"] = np.asarray(v)
        if got is not None:
            entry["outputs"] = len(got)
            for j, v in enumerate(got):
                arrays[f"{name}/out/{j}"] = v
            if ref is not None and not name.startswith("dropout"):
                entry["reference_agrees"] = all(
                    np.allclose(a, b, rtol=1e-5, atol=1e-5, equal_nan=True)
                    for a, b in zip(got, ref, strict=True)
                )
        index.append(entry)
    arrays["index"] = np.frombuffer(json.dumps(index).encode(), np.uint8)
    np.savez_compressed(OUT, **arrays)
    disagree = [e["name"] for e in index if e.get("reference_agrees") is False]
    refused = [e["name"] for e in index if e["refused"]]
    print(f"{len(index)} cases; onnxruntime refused {refused}; reference differs {disagree}")


if __name__ == "__main__":
    main()
