"""AWS clients: created lazily (so moto intercepts them and modules import
freely) and configured once, with a retry budget that fits inside API Gateway's
29-second limit, and a deadline guard that keeps every call inside the Lambda
invocation that makes it."""

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import botocore.loaders
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError

from graphgate_service import settings

CONNECT_TIMEOUT_S = 2
READ_TIMEOUT_S = 5
# The longest one attempt of a call may take, and what the function needs
# after a failed attempt to turn it into an answer. An attempt is not started
# with less than this left in the invocation (see `deadline`).
ATTEMPT_S = CONNECT_TIMEOUT_S + READ_TIMEOUT_S
ANSWER_S = 1.0
CALL_RESERVE_S = ATTEMPT_S + ANSWER_S

# The default `legacy` retry mode slept ~25 s under DynamoDB throttling before
# giving up (measured). `standard` with 3 attempts backs off at most a few
# seconds, after which the error surfaces as a 503 with Retry-After.
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 3},
    connect_timeout=CONNECT_TIMEOUT_S,
    read_timeout=READ_TIMEOUT_S,
    tcp_keepalive=True,
)

# Presigned URLs signed with SigV4 in every region: SigV2 (botocore's choice for
# us-east-1's global endpoint) signs no If-None-Match, so a dataset's upload URL would
# not oblige its client to send the `*` that keeps the PUT from replacing an object.
S3_CONFIG = Config(signature_version="s3v4")
# ...and naming the bucket's own Region's endpoint (virtual-hosted style): botocore
# presigns on the global one, bucket.s3.amazonaws.com, otherwise, which S3 redirects
# (307, a Host the signature does not hold for) until DNS knows a new bucket, and
# answers 400 for a bucket in a Region launched after March 2019. Not with an endpoint
# override (the local runner, LocalStack): `bucket.localhost` resolves nowhere.
S3_ON_AWS_CONFIG = Config(s3={"addressing_style": "virtual"})


class NoTimeLeft(BotoCoreError):
    """An attempt was not started: the invocation would end before it could."""

    fmt = (
        "Not starting {operation}: {remaining_s:.1f} s left in the invocation, "
        "{needed_s:.0f} s needed"
    )


# Per thread: the local runner serves concurrent invocations on threads of one process.
_current = threading.local()


@contextlib.contextmanager
def deadline(context: Any) -> Iterator[None]:
    """Bound every AWS call made inside by the remaining time of `context` (a Lambda
    context; None or one without `get_remaining_time_in_millis` bounds nothing).

    A call's attempt (the first or a retry) starts only while the invocation
    can still outlast it: otherwise it fails with NoTimeLeft, a BotoCoreError,
    which the API answers like throttling (503 DEPENDENCY_UNAVAILABLE with
    Retry-After), never letting Lambda's timeout turn into a 502."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    previous = getattr(_current, "ends_at", None)
    _current.ends_at = time.monotonic() + remaining() / 1000 if callable(remaining) else None
    try:
        yield
    finally:
        _current.ends_at = previous


def remaining_s() -> float | None:
    """Seconds left in the invocation this thread serves (None outside `deadline`)."""
    ends_at = getattr(_current, "ends_at", None)
    return None if ends_at is None else ends_at - time.monotonic()


def _s3_config() -> Config:
    config = CLIENT_CONFIG.merge(S3_CONFIG)
    if settings.s3_endpoint_overridden():
        return config
    return config.merge(S3_ON_AWS_CONFIG)


def _refuse_late_attempt(event_name: str = "", **_: Any) -> None:
    left = remaining_s()
    if left is not None and left < CALL_RESERVE_S:
        raise NoTimeLeft(
            operation=event_name.rsplit(".", 1)[-1], remaining_s=left, needed_s=CALL_RESERVE_S
        )


# Making a client takes ~50 ms of CPU (botocore parses its endpoint and service
# JSON). The local runner serves concurrent invocations on threads: without the
# lock, 64 simultaneous first requests each made their own, for ~10 s (measured).
_making = threading.Lock()


def client(service: str):
    """A shared boto3 client; AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE>) redirects it."""
    with _making:
        return _client(service)


# botocore's data (service models, endpoints), parsed once per process and read-only to
# botocore: a session parses what its clients need into its loader, and `reset` makes a
# new session (it holds the credentials it resolved), so before every test the s3 and
# dynamodb models were parsed again: a third of the integration tests' CPU.
_LOADER = botocore.loaders.create_loader()


def new_session() -> boto3.session.Session:
    """A boto3 session with its own credentials and the process's parsed botocore data."""
    core = botocore.session.get_session()
    core.register_component("data_loader", _LOADER)
    made = boto3.session.Session(botocore_session=core)
    # Each boto3 session appends its data folder to the loader's search path: once will
    # do (a path a test session long made every lookup walk hundreds of copies).
    _LOADER.search_paths[:] = dict.fromkeys(_LOADER.search_paths)
    return made


# One session for every client of the process: a session parses botocore's endpoint,
# partition and retry data once for all its clients (a session per client parsed them
# per client: 460 → 230 ms for a function's four first clients, measured at init).
_session: list[boto3.session.Session] = []


@functools.cache
def _client(service: str):
    if not _session:
        _session.append(new_session())
    config = _s3_config() if service == "s3" else CLIENT_CONFIG
    made = _session[0].client(service, config=config)
    # before-send fires per attempt, after the retry's backoff sleep.
    made.meta.events.register("before-send", _refuse_late_attempt)
    return made


# What is built from the clients (the stores), to be forgotten with them.
_built_from_clients: list[Callable[[], None]] = []


def built_once(build: Callable[..., Any]) -> Callable[..., Any]:
    """`build` cached like the clients it uses: once per process and arguments, and
    forgotten by `reset`, so nothing keeps a client that reset has replaced."""
    cached = functools.cache(build)
    _built_from_clients.append(cached.cache_clear)
    return cached


def reset() -> None:
    """Forget cached clients and what was built from them (tests switch endpoints and
    credentials)."""
    with _making:
        _client.cache_clear()
        _session.clear()  # it holds the credentials it resolved
        for forget in _built_from_clients:
            forget()
