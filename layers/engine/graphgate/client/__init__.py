"""The graphgate HTTP client (`pip install graphgate[client]`).

    import graphgate as gg
    with gg.RemoteSession("http://127.0.0.1:3000", api_key="...") as sess:
        sess.run(...)

`Client` is the whole API as Python calls; `RemoteSession` is `gg.Session`
running on the service. Neither is imported by `import graphgate`.
"""

from graphgate.client import timeline
from graphgate.client.api import Client, Page, content_hash
from graphgate.client.config import Config, resolve
from graphgate.client.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    BatchCancelledError,
    BatchFailedError,
    ClientError,
    ConfigurationError,
    ConflictError,
    DeadlineExceededError,
    GraphValidationError,
    LimitExceededError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    QuotaExceededError,
    RateLimitedError,
    RunCancelledError,
    RunFailedError,
    ServerError,
    ServiceUnavailableError,
    TransportError,
)
from graphgate.client.http import RetryEvent, RetryPolicy
from graphgate.client.remote import AsyncRun, BatchRun, RemoteSession

__all__ = [
    "ApiError",
    "AsyncRun",
    "AuthenticationError",
    "BadRequestError",
    "BatchCancelledError",
    "BatchFailedError",
    "BatchRun",
    "Client",
    "ClientError",
    "Config",
    "ConfigurationError",
    "ConflictError",
    "DeadlineExceededError",
    "GraphValidationError",
    "LimitExceededError",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "QuotaExceededError",
    "RateLimitedError",
    "RemoteSession",
    "RetryEvent",
    "RetryPolicy",
    "RunCancelledError",
    "RunFailedError",
    "ServerError",
    "ServiceUnavailableError",
    "TransportError",
    "content_hash",
    "resolve",
    "timeline",
]
