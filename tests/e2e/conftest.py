"""End-to-end fixtures: a real local runner process over real HTTP, or, when
GRAPHGATE_API_URL and GRAPHGATE_API_KEY are set (`make smoke`), a deployed
stage. Tests that need to create tenants or tune plans run locally only."""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from localrunner.process import RunnerProcess

REMOTE_URL = os.environ.get("GRAPHGATE_API_URL")
REMOTE_KEY = os.environ.get("GRAPHGATE_API_KEY")

# Small free-plan limits make throttling observable in a few requests; the
# pro plan is generous so load-shaped tests are never throttled.
E2E_PARAMETERS = {
    "FreeRateLimit": "2",
    "FreeBurstLimit": "4",
    "FreeDailyQuota": "100000",
    "ProRateLimit": "1000",
    # Tiny worker invocations, so async runs span several and resume each time.
    "WorkerSliceSeconds": "0.01",
    "ProBurstLimit": "1000",
    "ProDailyQuota": "1000000",
    "ProTokenRateLimit": "1000",
    "ProTokenBurstLimit": "1000",
}
# A new key is refused until the gateway next reloads its keys, at most this long (100 ms
# by default); every test makes a tenant and waits this out: 0.1 s each cost a minute of
# a `make test` run. Reloads on a miss stay rate-limited, just less.
E2E_KEY_MISS_REFRESH_S = 0.01


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.e2e)
        if REMOTE_URL and item.get_closest_marker("local_only"):
            item.add_marker(pytest.mark.skip(reason="needs the local runner"))


def pytest_configure(config):
    config.addinivalue_line("markers", "local_only: needs a local runner it can configure")


@dataclass
class Api:
    url: str
    key: str


@pytest.fixture(scope="session")
def runner(tmp_path_factory):
    if REMOTE_URL:
        yield None
        return
    workdir: Path = tmp_path_factory.mktemp("runner")
    log = open(workdir / "runner.log", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    # Persistence has its own tests (test_runner.py), with their own runners.
    process = RunnerProcess(
        workdir, E2E_PARAMETERS, log=log, persist=False, key_miss_refresh_s=E2E_KEY_MISS_REFRESH_S
    ).start()
    yield process
    process.stop()
    log.close()


@pytest.fixture
def api(runner) -> Api:
    """The API and a key for it: a fresh pro tenant locally, the given key remotely."""
    if REMOTE_URL:
        return Api(REMOTE_URL.rstrip("/"), REMOTE_KEY or "")
    return Api(runner.url, runner.create_tenant("e2e", plan="pro")["api_key"])
