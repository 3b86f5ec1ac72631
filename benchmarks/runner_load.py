"""The load test's CRUD + runs mix (tests/load/locustfile.py, 8 users) against a fresh
local runner, repeated, with req/s and p50/p99 of each round: the figure issue 17 §7
sets a goal for (>= 150 req/s, p99 < 150 ms, 0 errors, 0 lost writes).

    .venv/bin/python benchmarks/runner_load.py [ROUNDS] [SECONDS]

Each round also reports the load average and the runner process's CPU seconds, and
req/s per CPU-second of the runner: other work on a shared machine moves req/s, while
the runner's cost per request moves less.

PYSPY=out.txt records the runner process with py-spy (if installed) during the
first round, as collapsed stacks, to see where its time goes.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localrunner.process import RunnerProcess
from tests.e2e.conftest import E2E_PARAMETERS
from tests.e2e.test_load import run_locust


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid`, all its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_round(seconds: int, profile: str | None) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        with RunnerProcess(workdir / "runner", E2E_PARAMETERS) as runner:
            spy = None
            if profile and shutil.which("py-spy"):
                spy = subprocess.Popen(
                    [
                        "py-spy",
                        "record",
                        "-p",
                        str(runner.state["pid"]),
                        "-f",
                        "raw",
                        "--gil",
                        "-o",
                        profile,
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            (workdir / "load").mkdir()
            pid = runner.state["pid"]
            before = cpu_seconds(pid)
            result = run_locust(
                runner, workdir / "load", users=8, seconds=seconds, max_tasks=50_000
            )
            # Includes the test's own setup and check requests, a small share.
            result["cpu_s"] = cpu_seconds(pid) - before
            result["load"] = os.getloadavg()[0]
            failures = workdir / "load" / "load_failures.csv"
            result["failures"] = failures.read_text() if result["errors"] else ""
            if spy:
                spy.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
                spy.wait()
    return result


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    for number in range(rounds):
        result = one_round(seconds, os.environ.get("PYSPY") if number == 0 else None)
        print(
            f"round {number + 1}: {result['requests']} requests, {result['rps']:.0f} req/s, "
            f"p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms, "
            f"{result['errors']} errors, {len(result['lost'])} lost; "
            f"runner {result['cpu_s']:.1f} CPU-s, "
            f"{result['requests'] / result['cpu_s']:.0f} req per CPU-s; "
            f"load average {result['load']:.1f}",
            flush=True,
        )
        if result["failures"]:
            print(result["failures"], flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
