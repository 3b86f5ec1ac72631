"""The scope each operation requires: one table, enforced in one place.

Keyed by the OpenAPI operationId. `None` means the operation sits in front of
no authorizer and takes the API key alone (health, and getting a token in the
first place), or, for the PUBLIC static pages, no credential at all. Every
other operation is behind the bearer authorizer and needs its scope;
`create_app` enforces this table for every route, so no route checks scopes
itself. tests/unit/service/test_scopes_contract.py walks the
OpenAPI document: an operation missing here fails the build.
"""

import functools
from typing import Any

from graphgate_service import auth, openapi, problems

GRAPHS_READ = "graphs:read"
GRAPHS_WRITE = "graphs:write"
SESSIONS_RUN = "sessions:run"
TOKENS_MANAGE = "tokens:manage"
USAGE_READ = "usage:read"
MODELS_READ = "models:read"
MODELS_WRITE = "models:write"
MODELS_PREDICT = "models:predict"

# Static pages a browser navigates to: no key, no token (the page's own API
# calls carry both). The OpenAPI document gives these `security: []`.
PUBLIC = frozenset({"getConsole", "getConsoleAsset", "getDocs"})

REQUIRED: dict[str, str | None] = {
    **dict.fromkeys(PUBLIC),
    "getHealth": None,
    "createToken": None,
    "revokeToken": TOKENS_MANAGE,
    "getUsage": USAGE_READ,
    "createGraph": GRAPHS_WRITE,
    "listGraphs": GRAPHS_READ,
    "getGraph": GRAPHS_READ,
    "replaceGraph": GRAPHS_WRITE,
    "patchGraph": GRAPHS_WRITE,
    "deleteGraph": GRAPHS_WRITE,
    "listGraphRevisions": GRAPHS_READ,
    "getGraphRevision": GRAPHS_READ,
    "runGraph": SESSIONS_RUN,
    "createSession": SESSIONS_RUN,
    "listSessions": SESSIONS_RUN,
    "getSession": SESSIONS_RUN,
    "deleteSession": SESSIONS_RUN,
    "getSessionVariables": SESSIONS_RUN,
    "putSessionVariables": SESSIONS_RUN,
    "putSessionVariable": SESSIONS_RUN,
    "runSession": SESSIONS_RUN,
    "listSessionRuns": SESSIONS_RUN,
    "getSessionRun": SESSIONS_RUN,
    "cancelSessionRun": SESSIONS_RUN,
    "createUpload": SESSIONS_RUN,
    # Datasets are what runs read, as uploads are.
    "createDataset": SESSIONS_RUN,
    "completeDataset": SESSIONS_RUN,
    "listDatasets": SESSIONS_RUN,
    "getDataset": SESSIONS_RUN,
    "deleteDataset": SESSIONS_RUN,
    "submitBatch": SESSIONS_RUN,
    "listBatches": SESSIONS_RUN,
    "getBatch": SESSIONS_RUN,
    "cancelBatch": SESSIONS_RUN,
    "createModelVersion": MODELS_WRITE,
    "listModels": MODELS_READ,
    "getModel": MODELS_READ,
    "listModelVersions": MODELS_READ,
    "getModelVersion": MODELS_READ,
    "deleteModelVersion": MODELS_WRITE,
    "getModelLabel": MODELS_READ,
    "setModelLabel": MODELS_WRITE,
    "deleteModelLabel": MODELS_WRITE,
    # Serving: a token for a prediction client needs models:predict alone.
    "kserveServerMetadata": MODELS_PREDICT,
    "kserveServerLive": MODELS_PREDICT,
    "kserveServerReady": MODELS_PREDICT,
    "kserveModelMetadata": MODELS_PREDICT,
    "kserveModelReady": MODELS_PREDICT,
    "kserveInfer": MODELS_PREDICT,
    "kserveModelVersionMetadata": MODELS_PREDICT,
    "kserveModelVersionReady": MODELS_PREDICT,
    "kserveVersionInfer": MODELS_PREDICT,
    "tfservingModelStatus": MODELS_PREDICT,
    "tfservingPredict": MODELS_PREDICT,
    "tfservingModelMetadata": MODELS_PREDICT,
    "tfservingVersionStatus": MODELS_PREDICT,
    "tfservingVersionPredict": MODELS_PREDICT,
    "tfservingVersionMetadata": MODELS_PREDICT,
    "tfservingLabelStatus": MODELS_PREDICT,
    "tfservingLabelPredict": MODELS_PREDICT,
    "tfservingLabelMetadata": MODELS_PREDICT,
}


@functools.cache
def _operations() -> dict[tuple[str, str], str]:
    return {
        (method.upper(), path): operation["operationId"]
        for path, item in openapi.spec()["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    }


def operation_id(method: str, resource: str) -> str | None:
    """The operationId of `method resource` (the OpenAPI path template)."""
    return _operations().get((method.upper(), resource))


def insufficient_scope(scope: str) -> problems.ApiError:
    return problems.Forbidden(
        f"This token lacks the {scope} scope.",
        code="INSUFFICIENT_SCOPE",
        headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'},
        extra={"required_scope": scope},
    )


def require(event: dict[str, Any]) -> None:
    """Raise unless the request's principal holds the scope its operation requires."""
    method = event.get("httpMethod") or ""
    if method == "OPTIONS":
        return
    operation = operation_id(method, event.get("resource") or "")
    if operation is None:
        return  # not a route of the API: the resolver answers 404
    if operation not in REQUIRED:
        # A route without a row is a bug the contract test should have caught: fail closed.
        raise problems.ApiError(f"no scope is declared for {method} {event.get('resource')}")
    scope = REQUIRED[operation]
    if scope is not None and not auth.from_event(event).has(scope):
        raise insufficient_scope(scope)


def middleware(app: Any, next_middleware: Any) -> Any:
    """Powertools middleware: `require` before every route."""
    require(app.current_event.raw_event)
    return next_middleware(app)
