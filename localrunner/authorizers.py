"""Lambda REQUEST authorizers as API Gateway runs them, from the OpenAPI
document's `x-amazon-apigateway-authorizer` security schemes: identity
sources (401 without invoking the function when one is missing), the
authorizer function itself (the template's, in-process), the result cache
keyed by the identity sources for `authorizerResultTtlInSeconds`, and the
returned policy evaluated against each request's method ARN.

See docs/gateway-order.md, step 5.
"""

import fnmatch
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from graphgate_service.logs import logger
from localrunner.cfn import ACCOUNT_ID, REGION
from localrunner.functions import LambdaFunction

ANY_METHOD = "x-amazon-apigateway-any-method"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_TARGET = re.compile(r"\$\{(\w+)\.Arn\}")
_HEADER_SOURCE = "method.request.header."
DEFAULT_TTL_S = 300  # API Gateway's default when the document names none


class Refused(Exception):
    """The gateway answers with `response_type` instead of invoking the integration."""

    def __init__(self, response_type: str):
        super().__init__(response_type)
        self.response_type = response_type


@dataclass
class RequestAuthorizer:
    name: str
    function: LambdaFunction
    headers: tuple[str, ...]  # identity sources
    ttl_s: float
    api_id: str
    stage: str
    clock: Any = time.monotonic
    _cache: dict[tuple[str, ...], tuple[float, dict[str, Any]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def authorize(
        self,
        method: str,
        resource: str,
        path: str,
        query: str,
        path_parameters: dict[str, str],
        headers: tuple[dict[str, str], dict[str, list[str]]],
        request_context: dict[str, Any],
    ) -> dict[str, Any]:
        """The context to hand the integration, or raise Refused. `headers` are the
        event's (`Request.proxy_headers`): one value per name, whatever its case."""
        single, multi = headers
        lowered = {name.lower(): value for name, value in single.items()}
        identity = tuple(lowered.get(h.lower()) or "" for h in self.headers)
        if not all(v.strip() for v in identity):
            raise Refused("UNAUTHORIZED")  # the function is not invoked
        method_arn = (
            f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{self.api_id}/{self.stage}/{method}{path}"
        )
        result = self._cached(identity)
        if result is None:
            event = {
                "type": "REQUEST",
                "methodArn": method_arn,
                "resource": resource,
                "path": path,
                "httpMethod": method,
                "headers": single,
                "multiValueHeaders": multi,
                "queryStringParameters": dict(parse_qsl(query)) or None,
                "pathParameters": path_parameters or None,
                "stageVariables": None,
                "requestContext": request_context,
            }
            result = self._invoke(event)
            if self.ttl_s > 0:
                with self._lock:
                    self._cache[identity] = (self.clock() + self.ttl_s, result)
        if not _allows(result["policyDocument"], method_arn):
            raise Refused("ACCESS_DENIED")
        context = {
            k: v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)
            for k, v in (result.get("context") or {}).items()
        }
        return {**context, "principalId": str(result["principalId"])}

    def _cached(self, identity: tuple[str, ...]) -> dict[str, Any] | None:
        with self._lock:
            entry = self._cache.get(identity)
            if entry and entry[0] > self.clock():
                return entry[1]
            self._cache.pop(identity, None)
            return None

    def _invoke(self, event: dict[str, Any]) -> dict[str, Any]:
        try:
            result = self.function.invoke(event)
        except Exception as exc:
            if str(exc) == "Unauthorized":
                raise Refused("UNAUTHORIZED") from None
            logger.exception("authorizer failed", extra={"authorizer": self.name})
            raise Refused("AUTHORIZER_FAILURE") from None
        if (
            not isinstance(result, dict)
            or "principalId" not in result
            or not isinstance(result.get("policyDocument"), dict)
        ):
            logger.error("authorizer returned no policy", extra={"authorizer": self.name})
            raise Refused("AUTHORIZER_FAILURE")
        return result


def _statements(policy: dict[str, Any]) -> list[dict[str, Any]]:
    statements = policy.get("Statement") or []
    return [statements] if isinstance(statements, dict) else list(statements)


def _matches(statement: dict[str, Any], method_arn: str) -> bool:
    actions = statement.get("Action") or []
    actions = [actions] if isinstance(actions, str) else actions
    if not any(a in ("execute-api:Invoke", "execute-api:*", "*") for a in actions):
        return False
    resources = statement.get("Resource") or []
    resources = [resources] if isinstance(resources, str) else resources
    return any(fnmatch.fnmatchcase(method_arn, r) for r in resources)


def _allows(policy: dict[str, Any], method_arn: str) -> bool:
    """IAM evaluation as API Gateway applies it: an explicit Deny wins, else an Allow."""
    matching = [s for s in _statements(policy) if _matches(s, method_arn)]
    if any(s.get("Effect") == "Deny" for s in matching):
        return False
    return any(s.get("Effect") == "Allow" for s in matching)


def build(
    spec: dict[str, Any], functions: dict[str, LambdaFunction], api_id: str, stage: str
) -> dict[tuple[str, str], RequestAuthorizer]:
    """(METHOD or ANY, path template) -> the authorizer in front of it."""
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    authorizers: dict[str, RequestAuthorizer] = {}
    for name, scheme in schemes.items():
        if scheme.get("x-amazon-apigateway-authtype") != "custom":
            continue
        config = scheme["x-amazon-apigateway-authorizer"]
        if config.get("type", "").lower() != "request":
            raise ValueError(f"authorizer {name}: only REQUEST authorizers are emulated")
        uri = config["authorizerUri"]
        uri = uri.get("Fn::Sub", "") if isinstance(uri, dict) else uri
        target = _TARGET.search(uri)
        if not target or target.group(1) not in functions:
            raise ValueError(f"authorizer {name}: no function of the template found")
        sources = [s.strip() for s in config["identitySource"].split(",")]
        if not all(s.startswith(_HEADER_SOURCE) for s in sources):
            raise ValueError(f"authorizer {name}: only header identity sources are emulated")
        authorizers[name] = RequestAuthorizer(
            name,
            functions[target.group(1)],
            tuple(s.removeprefix(_HEADER_SOURCE) for s in sources),
            float(config.get("authorizerResultTtlInSeconds", DEFAULT_TTL_S)),
            api_id,
            stage,
        )
    routes: dict[tuple[str, str], RequestAuthorizer] = {}
    for resource, item in (spec.get("paths") or {}).items():
        for method in (*HTTP_METHODS, ANY_METHOD):
            operation = item.get(method)
            if not operation:
                continue
            security = operation.get("security", spec.get("security") or [])
            names = {n for requirement in security for n in requirement} & set(authorizers)
            if len(names) > 1:
                raise ValueError(f"{method} {resource}: more than one authorizer")
            if names:
                key = ("ANY" if method == ANY_METHOD else method.upper(), resource)
                routes[key] = authorizers[names.pop()]
    return routes
