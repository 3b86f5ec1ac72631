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
    # The step of a multi-step run that raised it (0-based, of the steps one execute
    # call ran): an async run's record names the run's step that failed.
    failed_step: int | None = None

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


def response_too_large(limit: int) -> Unprocessable:
    """422 RESPONSE_TOO_LARGE: an answer past Lambda's synchronous payload, `limit` bytes."""
    return Unprocessable(
        # Rounded, not floored: 6 MB less Lambda's envelope read "5 MB", where the docs
        # (and Lambda) say 6.
        f"The response would exceed the synchronous limit of {limit:,} bytes "
        f"(about {round(limit / (1024 * 1024))} MB); fetch fewer or smaller tensors.",
        code="RESPONSE_TOO_LARGE",
    )


# The canonical category (google.rpc / TensorFlow vocabulary) of each code, for clients
# that handle families of errors rather than single codes. It follows what the code
# means, not its HTTP status: a 422 is a limit (RESOURCE_EXHAUSTED) or a document the
# service cannot use (DATASET_INVALID: INVALID_ARGUMENT); a 409 a race to retry
# (ABORTED) or a state to change first (FAILED_PRECONDITION); a failed test-and-set
# (412) is ABORTED, as google.rpc defines it. docs/api.md's catalogue shows this column
# and the gateway responses in openapi.yaml carry it (tests hold both to this table);
# an engine error brings its own, from the engine's table (graph_documents).
CODE_CATEGORIES = {
    # General
    "INVALID_JSON": "INVALID_ARGUMENT",
    "INVALID_FORM": "INVALID_ARGUMENT",
    "VALIDATION_FAILED": "INVALID_ARGUMENT",
    "INVALID_CURSOR": "INVALID_ARGUMENT",
    "ROUTE_NOT_FOUND": "NOT_FOUND",
    "METHOD_NOT_ALLOWED": "UNIMPLEMENTED",
    "NOT_ACCEPTABLE": "INVALID_ARGUMENT",
    "REQUEST_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "UNSUPPORTED_MEDIA_TYPE": "INVALID_ARGUMENT",
    "RESPONSE_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "OUTPUTS_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "PLAN_LIMIT_EXCEEDED": "RESOURCE_EXHAUSTED",
    "RATE_LIMITED": "RESOURCE_EXHAUSTED",
    "QUOTA_EXCEEDED": "RESOURCE_EXHAUSTED",
    "INTERNAL": "INTERNAL",
    "DEPENDENCY_UNAVAILABLE": "UNAVAILABLE",
    "WRITE_CONFLICT": "ABORTED",
    "WRITE_CANCELLED": "ABORTED",
    "DEADLINE_EXCEEDED": "DEADLINE_EXCEEDED",
    "PRECONDITION_FAILED": "FAILED_PRECONDITION",
    "GATEWAY_REJECTED": "INVALID_ARGUMENT",
    "GATEWAY_ERROR": "INTERNAL",
    "GATEWAY_TIMEOUT": "DEADLINE_EXCEEDED",
    "GATEWAY_INTEGRATION_FAILURE": "DEADLINE_EXCEEDED",
    # Authentication and authorization
    "INVALID_TOKEN": "UNAUTHENTICATED",
    "INVALID_API_KEY": "UNAUTHENTICATED",
    "INSUFFICIENT_SCOPE": "PERMISSION_DENIED",
    "UNKNOWN_TENANT": "PERMISSION_DENIED",
    "ACCESS_DENIED": "PERMISSION_DENIED",
    "INVALID_SCOPE": "PERMISSION_DENIED",
    "INVALID_GRANT": "UNAUTHENTICATED",
    "REFRESH_TOKEN_REUSED": "UNAUTHENTICATED",
    "AUTHORIZER_FAILURE": "INTERNAL",
    "AUTHORIZER_UNAVAILABLE": "UNAVAILABLE",
    # Graphs
    "GRAPH_INVALID": "INVALID_ARGUMENT",
    "INVALID_DOCUMENT": "INVALID_ARGUMENT",
    "ONNX_UNSUPPORTED": "INVALID_ARGUMENT",
    "TF_EXPORT_UNSUPPORTED": "UNIMPLEMENTED",
    "GRAPH_NOT_FOUND": "NOT_FOUND",
    "REVISION_NOT_FOUND": "NOT_FOUND",
    "GRAPH_IN_USE": "FAILED_PRECONDITION",
    "ETAG_MISMATCH": "ABORTED",
    "IF_MATCH_REQUIRED": "FAILED_PRECONDITION",
    "DRAWING_TOO_LARGE": "RESOURCE_EXHAUSTED",
    # Sessions and runs
    "INVALID_NPZ": "INVALID_ARGUMENT",
    "SESSION_NOT_FOUND": "NOT_FOUND",
    "RUN_NOT_FOUND": "NOT_FOUND",
    "SESSION_BUSY": "ABORTED",
    "GRAPH_DELETED": "FAILED_PRECONDITION",
    "RUN_FINISHED": "FAILED_PRECONDITION",
    "VERSION_MISMATCH": "ABORTED",
    "TOO_MANY_STEPS": "RESOURCE_EXHAUSTED",
    "FEED_TOO_LARGE": "RESOURCE_EXHAUSTED",
    # Models and predictions
    "INPUT_UNKNOWN": "INVALID_ARGUMENT",
    "INPUT_MISSING": "INVALID_ARGUMENT",
    "INPUT_DUPLICATE": "INVALID_ARGUMENT",
    "INPUT_DTYPE_MISMATCH": "INVALID_ARGUMENT",
    "INPUT_SHAPE_MISMATCH": "INVALID_ARGUMENT",
    "INPUT_MALFORMED": "INVALID_ARGUMENT",
    "INPUT_TOO_MANY_ROWS": "INVALID_ARGUMENT",
    "OUTPUT_UNKNOWN": "INVALID_ARGUMENT",
    "SIGNATURE_NOT_FOUND": "INVALID_ARGUMENT",
    "SIGNATURE_METHOD_MISMATCH": "INVALID_ARGUMENT",
    "INVALID_EXAMPLE": "INVALID_ARGUMENT",
    "SIGNATURE_INVALID": "INVALID_ARGUMENT",
    "VARIABLE_MISSING": "FAILED_PRECONDITION",
    "MODEL_NOT_FOUND": "NOT_FOUND",
    "MODEL_VERSION_NOT_FOUND": "NOT_FOUND",
    "MODEL_LABEL_NOT_FOUND": "NOT_FOUND",
    "MODEL_VERSION_LABELLED": "FAILED_PRECONDITION",
    "MODEL_BUSY": "ABORTED",
    "TOO_MANY_LABELS": "RESOURCE_EXHAUSTED",
    # Datasets
    "DATASET_NOT_FOUND": "NOT_FOUND",
    "DATASET_NOT_UPLOADED": "FAILED_PRECONDITION",
    "DATASET_NOT_READY": "FAILED_PRECONDITION",
    "DATASET_INVALID": "INVALID_ARGUMENT",
    "DATASET_DTYPE_UNSUPPORTED": "INVALID_ARGUMENT",
    "DATASET_ROWS_MISMATCH": "INVALID_ARGUMENT",
    "DATASET_TOO_SMALL": "INVALID_ARGUMENT",
    # Batches
    "BATCH_NOT_FOUND": "NOT_FOUND",
    "BATCH_FINISHED": "FAILED_PRECONDITION",
    "BATCH_INPUT_MISMATCH": "INVALID_ARGUMENT",
    "BATCH_FETCH_NOT_ROW_ALIGNED": "INVALID_ARGUMENT",
    # Uploads
    "UNKNOWN_UPLOAD": "NOT_FOUND",
    "INVALID_UPLOAD": "INVALID_ARGUMENT",
    # Idempotency
    "INVALID_IDEMPOTENCY_KEY": "INVALID_ARGUMENT",
    "IDEMPOTENCY_IN_PROGRESS": "ABORTED",
    "IDEMPOTENCY_RETRY": "ABORTED",
    "IDEMPOTENCY_KEY_REUSED": "INVALID_ARGUMENT",
}


def category(code: str) -> str:
    """The canonical category of a service code (UNKNOWN for a code the table lacks,
    which tests/unit/service/test_error_categories.py does not allow)."""
    return CODE_CATEGORIES.get(code, "UNKNOWN")


# RFC 9457 §4.2.1: with `about:blank`, `title` is the status's phrase, RFC 9110's. Python
# took RFC 9110's phrases in 3.13 only: the local runner's 3.11 titled a 422 "Unprocessable
# Entity" and a 413 "Request Entity Too Large" where Lambda's 3.13 says "Unprocessable
# Content" and "Content Too Large", so one problem had two titles (round 14).
RFC_9110_PHRASES = {
    413: "Content Too Large",
    414: "URI Too Long",
    416: "Range Not Satisfiable",
    422: "Unprocessable Content",
}


def title(status: int) -> str:
    """A problem's `title` for `status`: RFC 9110's phrase on every Python."""
    return RFC_9110_PHRASES.get(int(status)) or HTTPStatus(status).phrase


def body(status: int, code: str, detail: str, request_id: str | None, **fields: Any) -> str:
    """The JSON text of a problem document."""
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": title(status),
        "status": int(status),
        "code": code,
        "category": category(code),
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
        shown_detail(error),
        request_id,
        instance=mask_credentials(instance) if instance else instance,
        errors=quoted(error.errors),
        **quoted(error.extra),
    )
    return int(error.status), text, dict(error.headers)


def shown_detail(error: ApiError) -> str:
    """The `detail` a client is shown (also kept in an async run's record, whose item must
    stay under DynamoDB's 400 KB): credentials masked, long quotes cut."""
    return quoted(mask_credentials(error.detail))


# A problem quotes what the client sent (a name, a key): a 2.5 MB feed name quoted in
# `detail` and `errors` made the answer too large for Lambda, so a 422 RESPONSE_TOO_LARGE
# came instead of the error, and on the KServe routes (which add `error`) a 502.
QUOTED_CHARS = 1_000


def quoted(value: Any) -> Any:
    """`value` with every string (and key) past QUOTED_CHARS cut to its head and length."""
    if isinstance(value, str):
        if len(value) <= QUOTED_CHARS:
            return value
        return f"{value[:QUOTED_CHARS]}… ({len(value):,} characters)"
    if isinstance(value, list | tuple):
        return [quoted(v) for v in value]
    if isinstance(value, dict):
        return {quoted(k): quoted(v) for k, v in value.items()}
    return value
