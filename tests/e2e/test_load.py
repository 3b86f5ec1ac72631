"""Load on loopback (issue 9.5): locust drives mixed read/write/run traffic
(tests/load/locustfile.py) at the local runner for a bounded time and a
bounded number of requests per user; then every request must have succeeded
(each run's answer checked against what its client last wrote), every graph
must hold exactly the last write its client saw succeed, and every session
variable must equal the number of increments its client saw succeed."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardening import Tenant, report
from tests.support import REPO_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.local_only, pytest.mark.load]

LOCUSTFILE = REPO_ROOT / "tests" / "load" / "locustfile.py"


def run_locust(runner, tmp_path: Path, users: int, seconds: int, max_tasks: int) -> dict:
    tenants = [Tenant.create(runner, f"load-{i}") for i in range(2)]
    out = tmp_path / "graphs"
    env = {
        "GRAPHGATE_LOAD_TENANTS": json.dumps(
            [{"api_key": t.api_key, "token": t.client.token} for t in tenants]
        ),
        "GRAPHGATE_LOAD_OUT": str(out),
        "GRAPHGATE_LOAD_MAX_TASKS": str(max_tasks),
        "PATH": str(Path(sys.executable).parent),
    }
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            runner.url,
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--csv",
            str(tmp_path / "load"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    with open(tmp_path / "load_stats.csv", encoding="utf-8") as handle:
        stats = {row["Name"]: row for row in csv.DictReader(handle)}
    total = stats["Aggregated"]
    expected: dict[str, str] = {}
    increments: dict[str, int] = {}
    for part in out.glob("*.json"):
        written = json.loads(part.read_text())
        expected.update(written["graphs"])
        increments.update(written["sessions"])
    stored = {}
    for tenant in tenants:
        cursor = None
        while True:
            page = tenant.client.call(
                "GET", "/v1/graphs?limit=100" + (f"&cursor={cursor}" if cursor else "")
            ).json()
            stored.update({g["id"]: g["etag"] for g in page["items"]})
            cursor = page["next_cursor"]
            if not cursor:
                break
    held = {}
    for session_id in increments:
        reply = tenants[0].client.call("GET", f"/v1/sessions/{session_id}/variables")
        if reply.status == 404:  # the other tenant's
            reply = tenants[1].client.call("GET", f"/v1/sessions/{session_id}/variables")
        held[session_id] = reply.json()["variables"]["v"]["data"] if reply.status == 200 else None
    runs = stats.get("POST /v1/graphs/{id}/runs", {}), stats.get("POST /v1/sessions/{id}/runs", {})
    return {
        "exit": completed.returncode,
        "stderr": completed.stderr[-2000:],
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p99": float(total["99%"]),
        "writes": int(stats["POST /v1/graphs"]["Request Count"])
        + int(stats["PUT /v1/graphs/{id}"]["Request Count"])
        + int(stats["PATCH /v1/graphs/{id}"]["Request Count"]),
        "runs": sum(int(r.get("Request Count", 0)) for r in runs),
        "increments": sum(increments.values()),
        "lost": {g: e for g, e in expected.items() if stored.get(g) != e}
        | {s: held[s] for s, n in increments.items() if held[s] != [float(n)] * 2},
        "unknown": set(stored) - set(expected),
        "sessions": len(increments),
    }


def check(result: dict, request, label: str) -> None:
    report(
        request,
        f"load ({label}): {result['requests']} requests, {result['rps']:.0f} req/s, "
        f"p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms, {result['errors']} errors, "
        f"{result['writes']} writes, {result['runs']} runs "
        f"({result['increments']} session increments), {len(result['lost'])} lost",
    )
    assert result["exit"] == 0, result["stderr"]
    assert result["requests"] > 0 and result["errors"] == 0
    assert result["runs"] > 0 and result["sessions"] > 0
    assert result["lost"] == {} and result["unknown"] == set()


def test_mixed_load_has_no_errors_and_loses_no_write(runner, tmp_path, request):
    check(run_locust(runner, tmp_path, users=8, seconds=15, max_tasks=2000), request, "15 s")


@pytest.mark.soak
def test_sustained_mixed_load_has_no_errors_and_loses_no_write(runner, tmp_path, request):
    check(run_locust(runner, tmp_path, users=16, seconds=180, max_tasks=50_000), request, "180 s")
