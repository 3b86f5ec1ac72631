"""Cold-start cost of each function: the time to import its handler module in
a fresh interpreter (median of several), and whether numpy came along.

    .venv/bin/python scripts/import_times.py
"""

import json
import statistics
import subprocess
import sys
from pathlib import Path

from localrunner.cfn import load_yaml

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
PROBE = """
import json, sys, time
sys.path.insert(0, {code!r})
started = time.perf_counter()
import {module}
print(json.dumps({{"seconds": time.perf_counter() - started,
                   "numpy": "numpy" in sys.modules}}))
"""


def measure(code_dir: Path, module: str) -> tuple[float, bool]:
    samples, numpy = [], False
    for _ in range(RUNS):
        output = subprocess.run(
            [sys.executable, "-c", PROBE.format(code=str(code_dir), module=module)],
            capture_output=True,
            text=True,
            check=True,
            env={"STAGE": "local", "TABLE_NAME": "t", "BUCKET_NAME": "b", "PATH": ""},
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        samples.append(result["seconds"])
        numpy = numpy or result["numpy"]
    return statistics.median(samples), numpy


def main() -> int:
    resources = load_yaml(ROOT / "template.yaml")["Resources"]
    for name, resource in sorted(resources.items()):
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        props = resource["Properties"]
        seconds, numpy = measure(ROOT / props["CodeUri"], props["Handler"].rsplit(".", 1)[0])
        print(f"{name:22s} import {seconds * 1000:7.1f} ms  numpy={'yes' if numpy else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
