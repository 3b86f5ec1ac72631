"""Helpers the tests import (fixtures live in conftest.py)."""

import base64
import contextlib
import functools
import gc
import json
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from localrunner.client import Client, request

__all__ = [
    "REPO_ROOT",
    "Client",
    "ProxyReply",
    "collector_paused",
    "load_event",
    "moto_aws",
    "peak_allocation",
    "poll_until_finished",
    "request",
    "shard_runs",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
EVENTS = REPO_ROOT / "events"


def load_event(name: str) -> dict[str, Any]:
    """An API Gateway event from events/, the same file `sam local invoke -e` takes."""
    return json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))


class ProxyReply:
    """A function's API Gateway proxy response, read as a client would: the status,
    headers (lower-cased, single- and multi-value merged) and the body."""

    def __init__(self, response: dict[str, Any]):
        self.status = response["statusCode"]
        self.headers = {
            k.lower(): v[0] for k, v in (response.get("multiValueHeaders") or {}).items()
        }
        self.headers.update({k.lower(): v for k, v in (response.get("headers") or {}).items()})
        body = response.get("body") or ""
        self.content = base64.b64decode(body) if response.get("isBase64Encoded") else body.encode()
        self.text = body

    def json(self) -> Any:
        return json.loads(self.content)


@functools.cache
def _provisioning_clients() -> dict[str, Any]:
    """One set for the process: moto intercepts every client made after it is imported,
    whichever moto is current, and making five clients per test cost an eighth of a
    handler test. Clients of the credentials moto_aws sets, which never change."""
    from localrunner import emulator

    return emulator.clients(None)


@contextlib.contextmanager
def moto_aws(patch: Any) -> Iterator[dict[str, Any]]:
    """moto for every AWS call, with template.yaml's resources provisioned and the
    environment a function sees set through `patch` (a pytest MonkeyPatch)."""
    from moto import mock_aws

    from graphgate_service import aws as service_aws
    from graphgate_service import settings as service_settings
    from localrunner import emulator
    from localrunner.cfn import Template
    from tests import iam

    for name, value in emulator.LOCAL_CREDENTIALS.items():
        patch.setenv(name, value)
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        patch.delenv(name, raising=False)
    with mock_aws():
        template = Template.load(REPO_ROOT / "template.yaml", {"Stage": "test"})
        clients = _provisioning_clients()
        ids = emulator.provision(template, clients)
        patch.setenv("STAGE", "test")
        patch.setenv("TABLE_NAME", ids["Table"])
        patch.setenv("BUCKET_NAME", ids["TensorBucket"])
        service_settings.get.cache_clear()
        service_aws.reset()
        try:
            # Each function's calls held to its role in template.yaml, as on AWS.
            with iam.enforced(template) as refused:
                yield {"clients": clients, "ids": ids, "template": template}
            assert not refused, f"calls template.yaml's IAM does not allow: {refused}"
        finally:
            service_settings.get.cache_clear()
            service_aws.reset()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """A clock around the code's own work: in a test worker that has run hundreds of
    tests, one of the collector's full passes (0.4-1.5 s, measured in a unit run) can
    fall inside the window and take longer than the work measured. The garbage already
    made is collected first, outside the window."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextlib.contextmanager
def peak_allocation() -> Iterator[SimpleNamespace]:
    """The most bytes the code inside held at once above what was held on entry, in
    `.bytes` on exit: Python objects and numpy buffers both (numpy reports its buffers to
    tracemalloc). "Refused before allocating" is asserted on this, not on a clock."""
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    held = tracemalloc.get_traced_memory()[0]
    measured = SimpleNamespace(bytes=0)
    try:
        yield measured
    finally:
        measured.bytes = tracemalloc.get_traced_memory()[1] - held
        if not tracing:
            tracemalloc.stop()


def shard_runs(session: Any, fetches: dict[str, str], feed: str, rows: Any, per_shard: int) -> dict:
    """What a batch of `per_shard` rows a shard must give: `session` run over each shard of
    `rows` fed to `feed`, the outputs concatenated. Not one run over every row: OpenBLAS's
    float32 sums depend on how many rows a matmul has (and on the CPU's kernel), so a row's
    last bit may differ between the two (docs/batches.md); shard by shard, the bits are
    the batch's."""
    names = list(fetches)
    parts = [
        session.run([fetches[n] for n in names], {feed: rows[i : i + per_shard]})
        for i in range(0, len(rows), per_shard)
    ]
    return {n: np.concatenate([part[k] for part in parts]) for k, n in enumerate(names)}


FINISHED = frozenset({"succeeded", "failed", "cancelled"})


def poll_until_finished(client: Client, path: str, timeout: float = 120.0) -> dict:
    """GET `path` (an async run's or a batch's record) until its status is final, as
    sessions.md and batches.md tell a client to poll; the record as last read once
    `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        answer = client.call("GET", path)
        assert answer.status == 200, answer.body
        record = answer.json()
        if record["status"] in FINISHED or time.monotonic() > deadline:
            return record
        time.sleep(0.1)


def seconds_to_utc_midnight() -> float:
    """When a key's daily quota starts again (auth.md): its Retry-After once spent."""
    return 86_400 - time.time() % 86_400


def clear_of_utc_midnight(margin_s: float) -> None:
    """Wait for UTC midnight if it is less than `margin_s` away: a test that counts one
    day's requests would see two days' counts if it ran across it, as a CI run at 23:59
    does."""
    left = seconds_to_utc_midnight()
    if left < margin_s:
        time.sleep(left + 1)
