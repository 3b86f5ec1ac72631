"""Check `sam build`'s output as Lambda will load it, and print each function's size.

- the unzipped size of each function with its layers, failing near Lambda's 250 MB limit;
- every compiled extension built for Lambda's arm64 (an x86_64 wheel, this machine's,
  would import nowhere on Graviton);
- every function's Handler names a module of its built code that defines the handler;
- numpy and onnx present in their layers.
"""

import ast
import sys
from pathlib import Path

from localrunner.cfn import load_yaml

LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024
HEADROOM = 0.8  # fail well before the hard limit
NUMPY_CORE = "EngineLayer/python/numpy/_core/_multiarray_umath.cpython-313-aarch64-linux-gnu.so"
# The graphs function's ONNX routes import it (abi3: one build for every CPython 3).
ONNX_CORE = "OnnxLayer/python/onnx/onnx_cpp2py_export.abi3.so"
ELF_MAGIC = b"\x7fELF"
EM_AARCH64 = 183  # e_machine of an ELF file for arm64


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def not_arm64(root: Path) -> list[str]:
    """The ELF shared objects under `root` built for another machine."""
    wrong = []
    for path in sorted(root.rglob("*.so*")):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as f:
            header = f.read(20)
        if header[:4] == ELF_MAGIC and int.from_bytes(header[18:20], "little") != EM_AARCH64:
            wrong.append(str(path.relative_to(root)))
    return wrong


def _top_level_names(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def handler_missing(root: Path, name: str, handler: str) -> str | None:
    """Why `handler` ("module.function") would not load from the built function, or None."""
    module, _, function = handler.rpartition(".")
    source = root / name / (module.replace(".", "/") + ".py")
    if not source.is_file():
        return f"{name}: Handler {handler}: no {source.relative_to(root)}"
    defined = _top_level_names(source)
    if function not in defined:
        return f"{name}: Handler {handler}: {source.relative_to(root)} defines no {function}"
    return None


def main(build_dir: str) -> int:
    root = Path(build_dir)
    if not (root / "template.yaml").exists():
        print(f"{root}: no built template; run `make build` first", file=sys.stderr)
        return 2
    template = load_yaml(root / "template.yaml")
    function_globals = template.get("Globals", {}).get("Function", {})
    default_layers = function_globals.get("Layers", [])
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
        handler = resource["Properties"].get("Handler", function_globals.get("Handler", ""))
        problem = handler_missing(root, name, handler)
        if problem:
            print(problem)
            failed = True
    wrong = not_arm64(root)
    for path in wrong:
        print(f"not arm64: {path}")
    print(f"compiled extensions: {'all arm64' if not wrong else f'{len(wrong)} NOT arm64'}")
    has_numpy = (root / NUMPY_CORE).exists()
    print("numpy in EngineLayer:", "cp313 aarch64" if has_numpy else "MISSING cp313 aarch64")
    has_onnx = (root / ONNX_CORE).exists()
    print("onnx in OnnxLayer:", "abi3" if has_onnx else "MISSING")
    return 1 if failed or wrong or not has_numpy or not has_onnx else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".aws-sam/build"))
