"""Cold-start cost of each function: the CPU time to import its handler module in a
fresh interpreter, the least of several runs, against its budget (issue 17 §8;
tests/unit/test_cold_start_budget.py holds it). CPU time, not wall-clock: on a
shared machine a process waiting for a core accrues none, so other load barely
moves the figure (wall-clock `-X importtime` of the same imports varied 190-480 ms
between runs on the 2-core dev machine under load; `-X importtime` still shows
where the time goes).

    .venv/bin/python scripts/import_times.py
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from localrunner.cfn import load_yaml  # noqa: E402

RUNS = 5
# In the dev venv (moto needs it) but in no layer: pyjwt imports it when present.
NOT_DEPLOYED = ("cryptography",)
LEAN_BUDGET_MS = 300  # functions without the engine layer
ENGINE_BUDGET_MS = 600  # functions with it (numpy and graphgate)
# The graphs function's first ONNX request imports onnx (the OnnxLayer) and graphgate.onnx
# on top of its init: that request's extra cost, not any other request's.
ONNX_FIRST_USE_BUDGET_MS = 300
ONNX_MODULES = (
    "onnx",
    "onnx.shape_inference",
    "onnx.version_converter",
    "onnx.inliner",
    "graphgate.onnx.importer",
    "graphgate.onnx.exporter",
)


def functions() -> dict[str, dict]:
    """The template's functions: logical id -> Properties."""
    return {
        name: resource["Properties"]
        for name, resource in load_yaml(ROOT / "template.yaml")["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }


# A fixed import of the standard library, and its CPU ms on the dev machine when quiet
# (least of 7): how much slower the machine is now (cache contention from other load
# inflates even CPU time, by up to a third at a load average of 6-8 on 2 cores).
CALIBRATION = (
    "asyncio, decimal, email.mime.multipart, http.server, json, logging.handlers, unittest, "
    "xml.dom.minidom, urllib.request, argparse, dataclasses, typing, inspect, ast"
)
CALIBRATION_MS = 59.0


def slowdown(runs: int = RUNS) -> float:
    """This machine's CPU cost of the calibration import now, over CALIBRATION_MS (the
    least of `runs`, as the imports it scales)."""
    probe = (
        "import time; started = time.process_time(); "
        f"import {CALIBRATION}; print(time.process_time() - started)"
    )
    best = min(
        float(
            subprocess.run(
                [sys.executable, "-c", probe], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    )
    return best * 1000 / CALIBRATION_MS


def budget_ms(props: dict) -> int:
    engine = any("EngineLayer" in str(layer) for layer in props.get("Layers", []))
    return ENGINE_BUDGET_MS if engine else LEAN_BUDGET_MS


def import_ms(props: dict, runs: int = RUNS, enough: float = 0.0) -> tuple[float, bool]:
    """(CPU ms to import the handler module, the least of `runs`; whether numpy came along).

    The least, not the median: other load only ever adds time (cache misses, a
    migration), so the least is the closest to the function's own cost. A run at or
    under `enough` ms ends the measuring early (a budget check needs no more)."""
    module = props["Handler"].rsplit(".", 1)[0]
    hidden = "".join(f"sys.modules[{name!r}] = None; " for name in NOT_DEPLOYED)
    probe = (
        f"import sys, time; sys.path.insert(0, {str(ROOT / props['CodeUri'])!r}); {hidden}"
        f"started = time.process_time(); import {module}; "
        "print(time.process_time() - started, 'numpy' in sys.modules)"
    )
    best, numpy = float("inf"), False
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            env={"STAGE": "local", "TABLE_NAME": "t", "BUCKET_NAME": "b", "PATH": ""},
        )
        seconds, loaded = result.stdout.split()[-2:]
        best = min(best, float(seconds) * 1000)
        numpy = loaded == "True"
        if best <= enough:
            break
    return best, numpy


def onnx_first_use_ms(runs: int = RUNS, enough: float = 0.0) -> float:
    """CPU ms the first ONNX request adds to a graphs function whose handler is loaded:
    importing onnx and graphgate.onnx, and with them numpy and the engine, which the
    handler leaves to its first request that needs them (the worst case); the least."""
    props = functions()["GraphsFunction"]
    probe = (
        f"import sys, time; sys.path.insert(0, {str(ROOT / props['CodeUri'])!r}); "
        f"import {props['Handler'].rsplit('.', 1)[0]}; started = time.process_time(); "
        f"import {', '.join(ONNX_MODULES)}; print(time.process_time() - started)"
    )
    best = float("inf")
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            env={"STAGE": "local", "TABLE_NAME": "t", "BUCKET_NAME": "b", "PATH": ""},
        )
        best = min(best, float(result.stdout.split()[-1]) * 1000)
        if best <= enough:
            break
    return best


def main() -> int:
    for name, props in sorted(functions().items()):
        took, numpy = import_ms(props)
        print(
            f"{name:22s} import {took:7.1f} ms  budget {budget_ms(props)} ms  "
            f"numpy={'yes' if numpy else 'no'}  memory {props.get('MemorySize', 1024)} MB"
        )
    print(
        f"{'first ONNX request':22s} +{onnx_first_use_ms():6.1f} ms  "
        f"budget {ONNX_FIRST_USE_BUDGET_MS} ms  (GraphsFunction, importing onnx)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
