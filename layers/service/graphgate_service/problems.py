"""The error vocabulary of the API and its one mapping to problem+json.

Routes raise these; `api` turns them into RFC 9457 responses. Every problem
has a stable machine-readable `code`; `type` stays `about:blank` so `title` is
the HTTP status phrase and clients switch on `code`.
"""

import json
from http import HTTPStatus
from typing import Any

from graphgate_service.redaction import mask_credentials

PROBLEM_JSON = "application/problem+json"


class ApiError(Exception):
    """An error with an HTTP status and a stable code, safe to show the client."""

    status = HTTPStatus.INTERNAL_SERVER_ERROR
    code = "INTERNAL"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ):
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra or {}


class BadRequest(ApiError):
    status = HTTPStatus.BAD_REQUEST
    code = "BAD_REQUEST"


class Unauthorized(ApiError):
    """No credentials, or credentials that do not prove who is calling."""

    status = HTTPStatus.UNAUTHORIZED
    code = "UNAUTHORIZED"


class Forbidden(ApiError):
    status = HTTPStatus.FORBIDDEN
    code = "FORBIDDEN"


class NotFound(ApiError):
    status = HTTPStatus.NOT_FOUND
    code = "NOT_FOUND"


class MethodNotAllowed(ApiError):
    status = HTTPStatus.METHOD_NOT_ALLOWED
    code = "METHOD_NOT_ALLOWED"


class NotAcceptable(ApiError):
    status = HTTPStatus.NOT_ACCEPTABLE
    code = "NOT_ACCEPTABLE"


class Conflict(ApiError):
    status = HTTPStatus.CONFLICT
    code = "CONFLICT"


class PreconditionFailed(ApiError):
    status = HTTPStatus.PRECONDITION_FAILED
    code = "PRECONDITION_FAILED"


class PayloadTooLarge(ApiError):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    code = "REQUEST_TOO_LARGE"


class UnsupportedMediaType(ApiError):
    status = HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    code = "UNSUPPORTED_MEDIA_TYPE"


class Unprocessable(ApiError):
    """A limit on size or work: never retryable, unlike 429."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY
    code = "LIMIT_EXCEEDED"


class PreconditionRequired(ApiError):
    status = HTTPStatus.PRECONDITION_REQUIRED
    code = "PRECONDITION_REQUIRED"


class TooManyRequests(ApiError):
    status = HTTPStatus.TOO_MANY_REQUESTS
    code = "RATE_LIMITED"


class ServiceUnavailable(ApiError):
    """A dependency is throttling or unreachable; the client may retry."""

    status = HTTPStatus.SERVICE_UNAVAILABLE
    code = "SERVICE_UNAVAILABLE"

    def __init__(self, detail: str, *, retry_after: int = 1, **kwargs: Any):
        super().__init__(detail, **kwargs)
        self.headers.setdefault("Retry-After", str(retry_after))


class DeadlineExceeded(ApiError):
    status = HTTPStatus.GATEWAY_TIMEOUT
    code = "DEADLINE_EXCEEDED"


# The canonical category (google.rpc / TensorFlow vocabulary) of each status,
# for clients that handle families of errors rather than single codes.
CATEGORIES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "UNIMPLEMENTED",
    406: "INVALID_ARGUMENT",
    409: "ABORTED",
    412: "FAILED_PRECONDITION",
    413: "RESOURCE_EXHAUSTED",
    415: "INVALID_ARGUMENT",
    422: "RESOURCE_EXHAUSTED",
    428: "FAILED_PRECONDITION",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


def body(status: int, code: str, detail: str, request_id: str | None, **fields: Any) -> str:
    """The JSON text of a problem document."""
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": int(status),
        "code": code,
        "category": CATEGORIES.get(int(status), "UNKNOWN"),
        "detail": detail,
    }
    if request_id:
        problem["request_id"] = request_id
    problem.update({k: v for k, v in fields.items() if v is not None})
    return json.dumps(problem, separators=(",", ":"), ensure_ascii=False)


def from_error(
    error: ApiError, request_id: str | None, instance: str | None = None
) -> tuple[int, str, dict[str, str]]:
    """(status, body, headers) for an ApiError; `instance` is the request path. Both, and
    `detail`, quote what the client sent (an id in the path): a credential pasted there
    is masked, as error bodies end up in clients' logs."""
    text = body(
        error.status,
        error.code,
        mask_credentials(error.detail),
        request_id,
        instance=mask_credentials(instance) if instance else instance,
        errors=error.errors,
        **error.extra,
    )
    return int(error.status), text, dict(error.headers)
