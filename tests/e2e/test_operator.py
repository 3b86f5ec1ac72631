"""An operator's day on the local runner, command by command as the docs print them:
docs/auth.md's keys runbook (`graphgate-admin`, text output as an operator reads it),
the plan a tenant is moved to as GET /v1/usage reports it, and a request found by its
correlation id in the JSON logs (docs/operations.md#logs)."""

import calendar
import json
import re
import shlex
import subprocess
import sys
import time
import uuid

import pytest

from localrunner.client import Client, request
from localrunner.process import RunnerProcess
from tests.e2e.conftest import E2E_PARAMETERS
from tests.support import REPO_ROOT

pytestmark = pytest.mark.local_only

AUTH_DOC = (REPO_ROOT / "docs" / "auth.md").read_text(encoding="utf-8")


def _runbook() -> list[list[str]]:
    """The commands of auth.md's "For operators: keys" block, comments dropped."""
    section = AUTH_DOC[AUTH_DOC.index("## For operators: keys") :]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [shlex.split(line.split("#", 1)[0]) for line in block.splitlines() if line.strip()]


def _admin(runner, argv: list[str]) -> str:
    """Run a documented `graphgate-admin ...` line against this runner; its stdout."""
    assert argv[0] == "graphgate-admin"
    state = str(runner.state_file)
    done = subprocess.run(
        [sys.executable, "-m", "graphgate_admin", "--local-state", state, *argv[1:]],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def _usage(url: str, key: str) -> dict:
    client = Client(url, key)
    reply = request("GET", f"{url}/v1/usage", client.headers())
    assert reply.status == 200, reply.body
    return reply.json()


@pytest.fixture
def quiet_runner(tmp_path):
    """A runner of its own: `expire-keys` acts on every tenant, and the worker's session
    runner holds keys other tests rotated with a grace that has ended since (12 s in
    test_scenarios6, 60 s in test_scenarios12), which it listed instead of "(nothing to
    expire)" in two runs of the HTTP suites in a row."""
    with RunnerProcess(tmp_path, E2E_PARAMETERS, persist=False) as runner:
        yield runner


def test_the_keys_runbook_as_printed(quiet_runner):
    runner = quiet_runner
    commands = _runbook()
    assert [c[1] for c in commands] == [
        "create-tenant",
        "list-keys",
        "rotate-key",
        "disable-key",
        "expire-keys",
        "set-plan",
    ]
    ids: dict[str, str] = {}

    def filled(argv: list[str]) -> list[str]:
        # the doc's placeholders: a tenant id `t_…`, a key id `abc123`
        names = {
            "acme": f"acme-{uuid.uuid4().hex[:6]}",
            "t_…": ids.get("tenant", "t_…"),
            "abc123": ids.get("key", "abc123"),
        }
        return [names.get(a, a) for a in argv]

    # create-tenant: "prints the key once", with the tenant and key ids beside it
    out = _admin(runner, filled(commands[0]))
    tenant = re.search(r"^tenant\s+(t_[0-9a-f]+) \(acme-\w+, plan free\)$", out, re.M).group(1)
    key_id = re.search(r"^key id\s+(\S+)$", out, re.M).group(1)
    key = re.search(r"^api key\s+(\S+)$", out, re.M).group(1)
    ids.update(tenant=tenant, key=key_id)
    time.sleep(runner.key_miss_refresh_s)
    assert request("GET", f"{runner.url}/v1/health", {"x-api-key": key}).status == 200
    assert _usage(runner.url, key)["plan"] == "free"

    # list-keys: the key, enabled
    assert re.search(rf"^{key_id}\s+enabled", _admin(runner, filled(commands[1])), re.M)

    # rotate-key: a new key printed once; the old one named, with when it stops
    rotated_at = time.time()
    out = _admin(runner, filled(commands[2]))
    new_key = re.search(r"^api key\s+(\S+)$", out, re.M).group(1)
    # ... as a moment in UTC a person reads, the grace the command asked for from now
    stops = re.search(rf"^old key\s+{key_id} stops working at (\S+)$", out, re.M).group(1)
    grace = int(commands[2][commands[2].index("--grace-seconds") + 1])
    stops_s = calendar.timegm(time.strptime(stops, "%Y-%m-%dT%H:%M:%S.000Z"))
    assert rotated_at - 1 <= stops_s - grace <= time.time()
    time.sleep(runner.key_miss_refresh_s)
    # during the grace period both keys work
    for k in (key, new_key):
        assert request("GET", f"{runner.url}/v1/health", {"x-api-key": k}).status == 200

    # disable-key (of the old key): "within seconds"
    assert _admin(runner, filled(commands[3])).strip() == f"disabled {key_id}"
    # The gateway caches the keys it knows for up to 2 s (API Gateway's own cache does the
    # same): a fixed wait shorter than that failed when the cache had been filled late.
    deadline = time.monotonic() + 10
    while request("GET", f"{runner.url}/v1/health", {"x-api-key": key}).status != 403:
        assert time.monotonic() < deadline, "the disabled key still works"
        time.sleep(0.2)

    # expire-keys: nothing left to expire (the old key is disabled already)
    assert _admin(runner, filled(commands[4])).strip() == "(nothing to expire)"

    # set-plan: the tenant's keys move; GET /v1/usage reports the plan within seconds
    out = _admin(runner, filled(commands[5]))
    assert out.strip() == f"tenant {tenant} is on plan pro (2 keys moved)"
    deadline = time.monotonic() + 10
    while _usage(runner.url, new_key)["plan"] != "pro":
        assert time.monotonic() < deadline, "the plan did not reach GET /v1/usage"
        time.sleep(0.5)
    # and back down: a downgrade deletes nothing, the plan reads free again
    _admin(runner, ["graphgate-admin", "set-plan", "--tenant", tenant, "--plan", "free"])
    deadline = time.monotonic() + 10
    while _usage(runner.url, new_key)["plan"] != "free":
        assert time.monotonic() < deadline, "the downgrade did not reach GET /v1/usage"
        time.sleep(0.5)


def test_a_request_is_found_by_its_correlation_id_in_the_json_logs(runner, api):
    # GIVEN a request sent with the client's own X-Request-ID
    correlation = f"operator-{uuid.uuid4().hex[:12]}"
    reply = request(
        "GET", f"{api.url}/v1/health", {"x-api-key": api.key, "X-Request-ID": correlation}
    )
    assert reply.status == 200
    assert reply.headers["x-request-id"] == correlation
    # WHEN the operator filters the function logs on it (operations.md's Logs Insights
    # query: `correlation_id = "<X-Request-ID>"`)
    log = runner.log.name
    deadline = time.monotonic() + 10
    while True:
        lines = [
            json.loads(line)
            for line in open(log, encoding="utf-8")  # noqa: SIM115 - read to the end
            if line.startswith("{") and correlation in line
        ]
        found = [line for line in lines if line.get("correlation_id") == correlation]
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    # THEN the function's lines carry it and the gateway's request id, which is the
    # access log line's `requestId`: the key operations.md joins the two logs by
    access = [line for line in found if line.get("message") == "access"]
    # (the metrics' EMF lines carry the id too, but no level: they are not log records)
    function = [line for line in found if "level" in line and line.get("message") != "access"]
    assert len(access) == 1 and function, found
    assert {line["api_request_id"] for line in function} == {access[0]["requestId"]}
    assert access[0]["status"] == 200 and access[0]["resource"] == "/v1/health"
