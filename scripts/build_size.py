"""Print the unzipped size of each built function with its layers, and fail
if any comes near Lambda's 250 MB limit (function code plus all its layers)."""

import sys
from pathlib import Path

from localrunner.cfn import load_yaml

LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024
HEADROOM = 0.8  # fail well before the hard limit
NUMPY_CORE = "EngineLayer/python/numpy/_core/_multiarray_umath.cpython-313-aarch64-linux-gnu.so"
# The graphs function's ONNX routes import it (abi3: one build for every CPython 3).
ONNX_CORE = "OnnxLayer/python/onnx/onnx_cpp2py_export.abi3.so"


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main(build_dir: str) -> int:
    root = Path(build_dir)
    if not (root / "template.yaml").exists():
        print(f"{root}: no built template; run `make build` first", file=sys.stderr)
        return 2
    template = load_yaml(root / "template.yaml")
    default_layers = template.get("Globals", {}).get("Function", {}).get("Layers", [])
    failed = False
    for name, resource in sorted(template["Resources"].items()):
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        parts = {name: size(root / name)}
        # SAM adds a function's Layers to the Globals' (`sam build` keeps both).
        for layer in [*default_layers, *resource["Properties"].get("Layers", [])]:
            layer_name = layer["Ref"] if isinstance(layer, dict) else layer
            parts[layer_name] = size(root / layer_name)
        total = sum(parts.values())
        detail = ", ".join(f"{k} {v / 2**20:.1f} MB" for k, v in parts.items())
        verdict = "ok" if total <= LAMBDA_UNZIPPED_LIMIT * HEADROOM else "TOO LARGE"
        failed |= verdict != "ok"
        print(f"{name}: {total / 2**20:.1f} MB unzipped of 250 MB ({detail}) {verdict}")
    has_numpy = (root / NUMPY_CORE).exists()
    print("numpy in EngineLayer:", "cp313 aarch64" if has_numpy else "MISSING cp313 aarch64")
    has_onnx = (root / ONNX_CORE).exists()
    print("onnx in OnnxLayer:", "abi3" if has_onnx else "MISSING")
    return 1 if failed or not has_numpy or not has_onnx else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".aws-sam/build"))
