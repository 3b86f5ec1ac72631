"""Typed exceptions for the API's problem+json answers.

Every error the service sends is an RFC 9457 problem with a stable `code`; the
client turns it into the class below that fits, keeping the whole problem
(`problem`), the request id and the node concerned, so a caller can switch on
the class or on `code`.
"""

from __future__ import annotations

import math
from typing import Any


class ClientError(Exception):
    """Base of everything `graphgate.client` raises."""


class ConfigurationError(ClientError):
    """No API URL or key: pass them, set GRAPHGATE_API_URL/KEY, or `graphgate configure`."""


class TransportError(ClientError):
    """No HTTP answer at all (connection refused or dropped, timeout), after any retries."""

    def __init__(self, message: str, *, method: str = "", url: str = ""):
        super().__init__(message)
        self.method, self.url = method, url


class ApiError(ClientError):
    """An HTTP error answer from the API.

    Attributes: `status`, `code` (stable; switch on it), `detail`, `request_id`,
    `node` (the graph node concerned, if any), `errors` (per-field or per-node
    problems), `retry_after` (seconds, when the server said), `problem` (the
    whole document), `method` and `url` (the request answered, when known).
    """

    def __init__(
        self,
        status: int,
        problem: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
        method: str | None = None,
        url: str | None = None,
    ):
        self.method, self.url = method, url
        self.problem = dict(problem or {})
        self.status = status
        self.code = str(self.problem.get("code") or f"HTTP_{status}")
        self.category = self.problem.get("category")
        # TF Serving's routes answer its own shape, {"error": text, "code": ...}.
        self.detail = str(
            self.problem.get("detail")
            or self.problem.get("title")
            or self.problem.get("error")
            or ""
        )
        self.headers = headers or {}
        self.request_id = self.problem.get("request_id") or self.headers.get("x-request-id")
        self.errors: list[dict[str, Any]] = list(self.problem.get("errors") or [])
        self.node = self.problem.get("node") or next(
            (e["node"] for e in self.errors if isinstance(e, dict) and e.get("node")), None
        )
        self.retry_after = parse_retry_after(self.headers.get("retry-after"))
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.code} ({self.status})"
        if self.detail:
            text += f": {self.detail}"
        if self.node:
            text += f" [node {self.node}]"
        if self.retry_after is not None:
            # The CLI's one line is this text; its exit code 6 tells a script to wait "as
            # long as the message says" (a used-up quota: until 00:00 UTC).
            text += f" [retry after {math.ceil(self.retry_after)} s]"
        if self.request_id:
            text += f" [request {self.request_id}]"
        if self.url and self.code == "ROUTE_NOT_FOUND":
            # The route is the URL: the client's base URL, not the caller's ids, is wrong.
            text += f" [{self.method or 'request'} {self.url}]"
            if "/v1/v1/" in self.url:
                # The stage URL is what to configure; the client adds /v1 to every path.
                # (Not stripped automatically: a custom domain mapped at /v1 is a base URL
                # that legitimately ends in /v1.)
                base = self.url[: self.url.index("/v1/v1/")]
                text += f" (the base URL should not include /v1: use {base})"
        return text


class BadRequestError(ApiError):
    """400: the request is malformed or names something wrong (fix it; never retried)."""


class GraphValidationError(BadRequestError):
    """400 GRAPH_INVALID: the engine refused the graph; `node` and `errors[].node` say where."""


class AuthenticationError(ApiError):
    """401 INVALID_TOKEN (after a fresh token was tried) or 403 INVALID_API_KEY."""


class PermissionDeniedError(ApiError):
    """403 INSUFFICIENT_SCOPE: the token lacks the route's scope."""


class NotFoundError(ApiError):
    """404: no such graph, session, run or route (or not yours)."""


class ConflictError(ApiError):
    """409: the resource is busy or in use (SESSION_BUSY, GRAPH_IN_USE, ...)."""


class PreconditionFailedError(ApiError):
    """412 ETAG_MISMATCH or 428: re-read, reapply, send the new ETag."""


class LimitExceededError(ApiError):
    """413/422: a limit on size or work (PLAN_LIMIT_EXCEEDED names `cap` and `limit`).
    Retrying the same request fails the same way, so the client never does."""

    @property
    def cap(self) -> str | None:
        return self.problem.get("cap")

    @property
    def limit(self) -> Any:
        return self.problem.get("limit")


class RateLimitedError(ApiError):
    """429 RATE_LIMITED: still throttled after the client's retries; see `retry_after`."""


class QuotaExceededError(RateLimitedError):
    """429 QUOTA_EXCEEDED: the plan's daily quota is used up; `retry_after` says until when."""


class DeadlineExceededError(ApiError):
    """504 DEADLINE_EXCEEDED: the run hit its deadline. If that was your `timeout`, raise
    it (it binds asynchronous runs too); else run it with `wait=False`."""


class ServerError(ApiError):
    """5xx: a bug (500, quote `request_id`) or a dependency unavailable after retries."""


class ServiceUnavailableError(ServerError):
    """502/503: the service or its storage is unavailable; retried already."""


class RunFailedError(ClientError):
    """An asynchronous run ended `failed`; `error` is the ApiError it failed with (also
    the engine's error class for an engine code, as `engine_typed` makes it)."""

    def __init__(self, run: dict[str, Any], error: ApiError | None):
        self.run, self.error = run, error
        reason = str(error) if error else "no reason given"
        step = (run.get("error") or {}).get("step")
        where = f" at step {step} of {run.get('steps')}" if step else ""
        super().__init__(f"run {run.get('id')} failed{where}: {reason}")


class BatchFailedError(ClientError):
    """A batch ended `failed`; `batch["error"]` names the shards that failed."""

    def __init__(self, batch: dict[str, Any]):
        self.batch = batch
        detail = (batch.get("error") or {}).get("detail") or "no reason given"
        super().__init__(f"batch {batch.get('id')} failed: {detail}")


class BatchCancelledError(ClientError):
    """A batch was cancelled before it finished; `batch["outputs"]` has the shards that did."""

    def __init__(self, batch: dict[str, Any]):
        self.batch = batch
        shards = batch.get("shards") or {}
        super().__init__(
            f"batch {batch.get('id')} was cancelled after {shards.get('done', 0)} of "
            f"{shards.get('total')} shards"
        )


class RunCancelledError(ClientError):
    """An asynchronous run was cancelled before it finished."""

    def __init__(self, run: dict[str, Any]):
        self.run = run
        super().__init__(
            f"run {run.get('id')} was cancelled after "
            f"{run.get('completed_steps', 0)} of {run.get('steps')} steps"
        )


_BY_CODE: dict[str, type[ApiError]] = {
    "GRAPH_INVALID": GraphValidationError,
    "INVALID_TOKEN": AuthenticationError,
    "INVALID_API_KEY": AuthenticationError,
    "INSUFFICIENT_SCOPE": PermissionDeniedError,
    "RATE_LIMITED": RateLimitedError,
    "QUOTA_EXCEEDED": QuotaExceededError,
    "DEADLINE_EXCEEDED": DeadlineExceededError,
    "DEPENDENCY_UNAVAILABLE": ServiceUnavailableError,
}

_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    413: LimitExceededError,
    422: LimitExceededError,
    428: PreconditionFailedError,
    429: RateLimitedError,
    502: ServiceUnavailableError,
    503: ServiceUnavailableError,
    504: DeadlineExceededError,
}


def from_problem(
    status: int,
    problem: dict[str, Any] | None,
    headers: dict[str, str] | None = None,
    *,
    method: str | None = None,
    url: str | None = None,
) -> ApiError:
    """The exception for an error answer: by its `code` first, then by its status."""
    problem = problem if isinstance(problem, dict) else {}
    cls = _BY_CODE.get(str(problem.get("code")))
    if cls is None:
        cls = _BY_STATUS.get(status, ServerError if status >= 500 else ApiError)
    return cls(status, problem, headers=headers, method=method, url=url)


_ENGINE_TYPED: dict[tuple[type, type], type] = {}


def engine_typed(exc: ApiError) -> ApiError:
    """`exc`, also an instance of the engine's class for its code where the engine raised
    it (`tf.errors.InvalidArgumentError`, `OutOfRangeError` ending an input loop, ...), so
    that TF1 code around a RemoteSession catches what it catches around a `gg.Session`;
    other errors come back as they are."""
    from graphgate import errors as engine

    if exc.code not in engine.CODES:
        return exc
    engine_class = type(engine.error(exc.code, exc.detail))
    key = (type(exc), engine_class)
    cls = _ENGINE_TYPED.get(key)
    if cls is None:
        name = f"{type(exc).__name__}_{engine_class.__name__}"
        cls = _ENGINE_TYPED[key] = type(name, key, {"__module__": __name__})
    # Made without either __init__ (their signatures differ): the client's state copied,
    # plus the attributes the engine's errors have.
    typed = cls.__new__(cls, *exc.args)
    typed.args = exc.args
    typed.__dict__.update(vars(exc))
    typed.message = exc.detail
    typed.details = exc.problem.get("details") or {}
    return typed


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    import time

    return max(0.0, when.timestamp() - time.time())
