"""The HTTP transport: pooled connections, split timeouts, careful retries.

One `urllib3.PoolManager` per client keeps connections alive across calls. A
request is retried only when retrying cannot do something twice:

- GET/HEAD/OPTIONS, and writes carrying an `Idempotency-Key` (added to every
  POST/PUT/PATCH/DELETE unless the caller opts out), which the API answers
  with the first attempt's response;
- on 429, 502, 503, on the documented "try again" conflicts (`SESSION_BUSY`,
  `IDEMPOTENCY_IN_PROGRESS`, `IDEMPOTENCY_RETRY`, and S3's
  `ConditionalRequestConflict` to an upload URL), and on connection errors.

Waits honour `Retry-After` (plus a little jitter, so clients throttled together
do not return together), otherwise grow exponentially with full jitter. A limit
error (413/422) or a run's own `DEADLINE_EXCEEDED` (504) is never retried: it
would fail the same way. A `Retry-After` longer than `max_retry_after` (a daily
quota, say) is not waited for: the error is raised with `retry_after` set.
"""

from __future__ import annotations

import json
import random
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

try:
    import urllib3
except ModuleNotFoundError as exc:  # the engine alone: `pip install graphgate`
    raise ModuleNotFoundError(
        f"{exc}; the client needs it: pip install 'graphgate[client]'", name=exc.name
    ) from None
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
)

from graphgate.client import errors

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES = frozenset({429, 502, 503})
RETRY_CODES = frozenset(
    {
        "SESSION_BUSY",
        "IDEMPOTENCY_IN_PROGRESS",
        "IDEMPOTENCY_RETRY",
        # S3's answer to a PUT If-None-Match: * racing another write of its key (an
        # upload URL's own first attempt whose answer was lost): "retry the upload".
        "ConditionalRequestConflict",
    }
)
USER_AGENT = "graphgate-python/0.1.0"


@dataclass
class RetryPolicy:
    """How hard to try: attempts, backoff and the longest Retry-After worth waiting."""

    max_retries: int = 5
    backoff_base: float = 0.25
    backoff_max: float = 20.0
    max_retry_after: float = 60.0
    jitter: Callable[[float, float], float] = random.uniform

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds before retry number `attempt` (0-based)."""
        if retry_after is not None:
            return retry_after + self.jitter(0.0, min(1.0, self.backoff_base))
        return self.jitter(0.0, min(self.backoff_max, self.backoff_base * 2**attempt))


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes
    url: str = ""
    attempts: int = 1

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def request_id(self) -> str | None:
        return self.headers.get("x-request-id")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class RetryEvent:
    """What a retry hook sees: which attempt failed, why, and how long we wait."""

    method: str
    path: str
    attempt: int
    reason: str
    delay: float
    status: int | None = None


@dataclass
class Transport:
    """HTTP to one base URL, with connection reuse and the retry rules above."""

    base_url: str
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    pool_size: int = 10
    sleep: Callable[[float], None] = time.sleep
    on_retry: Callable[[RetryEvent], None] | None = None
    pool: urllib3.PoolManager = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        # Thread-safe; `maxsize` connections per host are kept alive for reuse.
        self.pool = urllib3.PoolManager(
            maxsize=self.pool_size,
            block=False,
            retries=False,
            timeout=urllib3.Timeout(connect=self.connect_timeout, read=self.read_timeout),
        )

    def close(self) -> None:
        """Close the idle connections (the transport stays usable)."""
        self.pool.clear()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        idempotency_key: str | bool | None = None,
        retry_safe: bool | None = None,
        read_timeout: float | None = None,
    ) -> Response:
        """One logical request, retried as the rules allow; error answers are returned.

        `idempotency_key`: a key to send, False to send none, None for a fresh
        one on unsafe methods. `retry_safe` overrides the method-based rule.
        """
        method = method.upper()
        sent = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip", **(headers or {})}
        if json_body is not None:
            body = json.dumps(json_body, separators=(",", ":"), allow_nan=False).encode()
            sent.setdefault("Content-Type", "application/json")
        if method not in SAFE_METHODS and idempotency_key is not False:
            sent["Idempotency-Key"] = idempotency_key or f"gg-{uuid.uuid4()}"
        if retry_safe is None:
            retry_safe = method in SAFE_METHODS or "Idempotency-Key" in sent
        url = self.url(path, params)
        timeout = (
            None
            if read_timeout is None
            else urllib3.Timeout(connect=self.connect_timeout, read=read_timeout)
        )
        attempt = 0
        while True:
            try:
                reply = self.pool.request(
                    method,
                    url,
                    body=body,
                    headers=sent,
                    redirect=False,
                    retries=False,
                    timeout=timeout,
                )
            except HTTPError as exc:
                # A connection never made cannot have done anything; anything
                # later may have reached the server.
                never_sent = isinstance(exc, NewConnectionError | ConnectTimeoutError)
                if attempt < self.retry.max_retries and (retry_safe or never_sent):
                    self._wait(method, path, attempt, f"{type(exc).__name__}", None, None)
                    attempt += 1
                    continue
                raise errors.TransportError(
                    f"{method} {url}: {_describe(exc)} (after {attempt + 1} attempts)",
                    method=method,
                    url=url,
                ) from None
            response = Response(
                reply.status,
                {k.lower(): v for k, v in reply.headers.items()},
                reply.data,
                url,
                attempt + 1,
            )
            if retry_safe and attempt < self.retry.max_retries and _retryable(response):
                retry_after = errors.parse_retry_after(response.headers.get("retry-after"))
                if retry_after is None or retry_after <= self.retry.max_retry_after:
                    self._wait(method, path, attempt, _code(response), retry_after, response.status)
                    attempt += 1
                    continue
            return response

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        query = {k: v for k, v in (params or {}).items() if v is not None}
        if query:
            url += ("&" if "?" in url else "?") + urlencode(query, doseq=True)
        return url

    def _wait(
        self,
        method: str,
        path: str,
        attempt: int,
        reason: str,
        retry_after: float | None,
        status: int | None,
    ) -> None:
        delay = self.retry.delay(attempt, retry_after)
        if self.on_retry is not None:
            self.on_retry(RetryEvent(method, path, attempt + 1, reason, delay, status))
        self.sleep(delay)


def _retryable(response: Response) -> bool:
    if response.status in RETRY_STATUSES:
        return True
    return response.status == 409 and _code(response) in RETRY_CODES


def _code(response: Response) -> str:
    """The problem's code, or S3's error code (XML) from a presigned URL's storage."""
    kind = response.headers.get("content-type", "")
    if "json" in kind:
        try:
            document = response.json()
        except ValueError:
            document = None
        if isinstance(document, dict) and document.get("code"):
            return str(document["code"])
    elif "xml" in kind:
        found = _S3_CODE.search(response.body[:4096])
        if found:
            return found.group(1).decode("ascii")
    return f"HTTP_{response.status}"


_S3_CODE = re.compile(rb"<Error>\s*<Code>([A-Za-z0-9.]{1,64})</Code>")


def _describe(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or (exc.args[-1] if exc.args else exc)
    return f"{type(exc).__name__}: {reason}"
