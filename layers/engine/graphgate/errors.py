"""The engine's typed errors: a stable `code`, a canonical `category`, the node concerned.

Categories are the canonical status vocabulary TensorFlow's errors share with google.rpc.
The service maps category to an HTTP status; `code` is what clients switch on.
"""

from __future__ import annotations

from typing import Any

# Every code the engine raises, with its category. docs/engine.md documents each one and
# a test keeps the two in step.
CODES: dict[str, str] = {
    # The graph document and graph construction.
    "INVALID_DOCUMENT": "INVALID_ARGUMENT",
    "UNSUPPORTED_FORMAT": "INVALID_ARGUMENT",
    "INVALID_NAME": "INVALID_ARGUMENT",
    "DUPLICATE_NAME": "INVALID_ARGUMENT",
    "UNKNOWN_OP": "INVALID_ARGUMENT",
    "WRONG_ARITY": "INVALID_ARGUMENT",
    "INVALID_ATTR": "INVALID_ARGUMENT",
    "UNKNOWN_INPUT": "INVALID_ARGUMENT",
    "GRAPH_CYCLE": "INVALID_ARGUMENT",
    "GRAPH_MISMATCH": "INVALID_ARGUMENT",
    "SHAPE_MISMATCH": "INVALID_ARGUMENT",
    "DTYPE_MISMATCH": "INVALID_ARGUMENT",
    "UNKNOWN_RANK": "INVALID_ARGUMENT",
    "UNSUPPORTED_DTYPE": "INVALID_ARGUMENT",
    "INVALID_TENSOR": "INVALID_ARGUMENT",
    "VALUE_NOT_REPRESENTABLE": "INVALID_ARGUMENT",
    "NO_GRADIENT": "INVALID_ARGUMENT",
    # Running.
    "UNKNOWN_FETCH": "NOT_FOUND",
    "UNKNOWN_FEED": "NOT_FOUND",
    "UNKNOWN_VARIABLE": "NOT_FOUND",
    "MISSING_FEED": "INVALID_ARGUMENT",
    "FEED_NOT_ALLOWED": "INVALID_ARGUMENT",
    "FEED_SHAPE_MISMATCH": "INVALID_ARGUMENT",
    "FEED_DTYPE_MISMATCH": "INVALID_ARGUMENT",
    "INVALID_FETCH": "INVALID_ARGUMENT",
    "INDEX_OUT_OF_RANGE": "INVALID_ARGUMENT",
    "COMPUTE_ERROR": "INVALID_ARGUMENT",
    "UNINITIALIZED_VARIABLE": "FAILED_PRECONDITION",
    "SESSION_CLOSED": "FAILED_PRECONDITION",
    # Limits.
    "GRAPH_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "TENSOR_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "CONSTANTS_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "FEED_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "OUT_OF_MEMORY": "RESOURCE_EXHAUSTED",
    "DEADLINE_EXCEEDED": "DEADLINE_EXCEEDED",
    "INTERNAL_ERROR": "INTERNAL",
}


class GraphgateError(Exception):
    """Base of every error the engine raises on purpose.

    Parameters
    ----------
    code:
        A stable reason such as ``MISSING_FEED``; see :data:`CODES`.
    category:
        The canonical category (``INVALID_ARGUMENT``, ``NOT_FOUND``, ...).
    message:
        A sentence for humans; it never contains a traceback.
    node:
        The name of the node concerned, or None.
    details:
        JSON-serializable facts for machines (shapes, dtypes, the cycle's path...).
    """

    category = "UNKNOWN"

    def __init__(
        self,
        code: str,
        category: str | None,
        message: str,
        node: str | None = None,
        details: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.code = code
        if category is not None:
            self.category = category
        self.message = message
        self.node = node
        self.details = details if details is not None else {}

    def __str__(self) -> str:
        where = f" [node {self.node}]" if self.node else ""
        return f"{self.code}: {self.message}{where}"

    def to_dict(self) -> dict[str, Any]:
        """The error as plain data: code, category, node, message, details."""
        return {
            "code": self.code,
            "category": self.category,
            "node": self.node,
            "message": self.message,
            "details": self.details,
        }


class _CategoryError(GraphgateError):
    def __init__(
        self,
        code: str,
        message: str,
        node: str | None = None,
        details: dict[str, Any] | None = None,
    ):
        super().__init__(code, None, message, node, details)


class InvalidArgumentError(_CategoryError):
    """The graph, a feed or an argument is invalid."""

    category = "INVALID_ARGUMENT"


class NotFoundError(_CategoryError):
    """A named node or variable does not exist."""

    category = "NOT_FOUND"


class FailedPreconditionError(_CategoryError):
    """The session is not in a state to do this (closed, variable uninitialized)."""

    category = "FAILED_PRECONDITION"


class ResourceExhaustedError(_CategoryError):
    """A configured limit was exceeded; never retryable as is."""

    category = "RESOURCE_EXHAUSTED"


class DeadlineExceededError(_CategoryError):
    """A run used up its wall-clock budget."""

    category = "DEADLINE_EXCEEDED"


class InternalError(_CategoryError):
    """A bug in graphgate; the message never carries a traceback."""

    category = "INTERNAL"


_BY_CATEGORY = {
    cls.category: cls
    for cls in (
        InvalidArgumentError,
        NotFoundError,
        FailedPreconditionError,
        ResourceExhaustedError,
        DeadlineExceededError,
        InternalError,
    )
}


def error(
    code: str, message: str, node: str | None = None, details: dict[str, Any] | None = None
) -> GraphgateError:
    """Build the typed error for `code`, whose class follows from its category."""
    return _BY_CATEGORY[CODES[code]](code, message, node, details)
