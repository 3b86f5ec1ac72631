"""Records what onnxruntime computes for the ONNX classifier test_scenarios8.py serves.

    /work/tfvenv/bin/python tests/reference/scenarios8_onnx.py

Writes tests/e2e/fixtures/scenarios8/{classifier.onnx,expected.npz}: the model (a
Gemm, a LayerNormalization, an erf GELU, a Gemm, a Softmax and an ArgMax over a
symbolic batch, as torch exports a small MLP) and onnxruntime's `probs` and `label`
for 1,000 rows."""

from pathlib import Path

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios8"
ROWS, FEATURES, HIDDEN, CLASSES = 1000, 8, 16, 5


def model() -> onnx.ModelProto:
    rng = np.random.default_rng(8)
    weights = {
        "fc1.weight": rng.normal(scale=0.5, size=(HIDDEN, FEATURES)),
        "fc1.bias": rng.normal(scale=0.1, size=HIDDEN),
        "ln.weight": 1 + rng.normal(scale=0.1, size=HIDDEN),
        "ln.bias": rng.normal(scale=0.1, size=HIDDEN),
        "fc2.weight": rng.normal(scale=0.5, size=(CLASSES, HIDDEN)),
        "fc2.bias": rng.normal(scale=0.1, size=CLASSES),
        "sqrt2": np.sqrt(2.0), "one": 1.0, "half": 0.5,
    }  # fmt: skip
    node = helper.make_node
    nodes = [
        node("Gemm", ["features", "fc1.weight", "fc1.bias"], ["/fc1/Gemm_output_0"], transB=1),
        node("LayerNormalization", ["/fc1/Gemm_output_0", "ln.weight", "ln.bias"],
             ["/ln/Ln_output_0"], axis=-1, epsilon=1e-5),
        node("Div", ["/ln/Ln_output_0", "sqrt2"], ["/act/Div_output_0"]),
        node("Erf", ["/act/Div_output_0"], ["/act/Erf_output_0"]),
        node("Add", ["/act/Erf_output_0", "one"], ["/act/Add_output_0"]),
        node("Mul", ["/ln/Ln_output_0", "/act/Add_output_0"], ["/act/Mul_output_0"]),
        node("Mul", ["/act/Mul_output_0", "half"], ["/act/Mul_1_output_0"]),
        node("Gemm", ["/act/Mul_1_output_0", "fc2.weight", "fc2.bias"], ["logits"], transB=1),
        node("Softmax", ["logits"], ["probs"], axis=1),
        node("ArgMax", ["probs"], ["label"], axis=1, keepdims=0),
    ]  # fmt: skip
    graph = helper.make_graph(
        nodes,
        "classifier",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", FEATURES])],
        [
            helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["N", CLASSES]),
            helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
        ],
        [numpy_helper.from_array(np.asarray(v, np.float32), k) for k, v in weights.items()],
    )
    built = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="scenarios8"
    )
    built.ir_version = 8
    onnx.checker.check_model(built, full_check=True)
    return built


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    built = model()
    (OUT / "classifier.onnx").write_bytes(built.SerializeToString())
    rows = np.random.default_rng(9).normal(size=(ROWS, FEATURES)).astype(np.float32)
    session = onnxruntime.InferenceSession(
        built.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    probs, label = session.run(["probs", "label"], {"features": rows})
    np.savez(OUT / "expected.npz", features=rows, probs=probs, label=label,
             onnxruntime=np.array(onnxruntime.__version__))  # fmt: skip
    print(f"onnxruntime {onnxruntime.__version__}: {ROWS} rows, classes {np.bincount(label)}")


if __name__ == "__main__":
    main()
