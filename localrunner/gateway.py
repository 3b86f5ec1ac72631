"""API Gateway's edge, emulated: routing from the OpenAPI document, API keys,
usage plans, size limits, the REST proxy event (payload v1), gzip, and the
gateway's own error responses rendered from the document's templates.

The order of checks follows docs/gateway-order.md.
"""

import base64
import gzip
import json
import math
import re
import time
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, unquote

from graphgate_service.logs import logger
from localrunner.authorizers import Refused, RequestAuthorizer
from localrunner.cfn import ACCOUNT_ID
from localrunner.functions import LambdaFunction, WaitExpired
from localrunner.usage import KeyStore, UsageMeter

# API Gateway accepts payloads up to 10 MB, but Lambda's synchronous invoke
# limit of 6 MB, counted over the whole event, is the one that binds.
MAX_REQUEST_BYTES = 10 * 1024 * 1024
MAX_EVENT_BYTES = 6 * 1024 * 1024
MAX_LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024
# API Gateway's default (and largest) integration timeout for REST APIs.
INTEGRATION_TIMEOUT_MS = 29_000
# The request codings API Gateway decompresses before anything else; any other, or a body
# that does not decode with the one named, is 415 (docs/gateway-order.md, step 0).
_INFLATE_WBITS = {"gzip": (16 + zlib.MAX_WBITS,), "deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS)}
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
ANY_METHOD = "x-amazon-apigateway-any-method"
_INTEGRATION_TARGET = re.compile(r"\$\{(\w+)\.Arn\}")


@dataclass
class Request:
    method: str
    target: str  # path and query string, as on the request line
    headers: list[tuple[str, str]]
    body: bytes
    source_ip: str = "127.0.0.1"

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in reversed(self.headers) if k.lower() == lowered), None)

    def proxy_headers(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """An event's `headers` and `multiValueHeaders`: one entry per field, under the
        first spelling of its name, with its last value (as `header` reads it) and all
        of them in order. Field names are case-insensitive (RFC 9110 §5.1); keyed by
        spelling, `x-api-key: A`, `X-Api-Key: B`, `x-api-key: A` were two headers, the
        authorizer function read B while the gateway checked and metered A."""
        spelled: dict[str, str] = {}
        single: dict[str, str] = {}
        multi: dict[str, list[str]] = {}
        for name, value in self.headers:
            name = spelled.setdefault(name.lower(), name)
            single[name] = value
            multi.setdefault(name, []).append(value)
        return single, multi


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Route:
    method: str
    resource: str  # the OpenAPI path template, e.g. /v1/graphs/{graphId}
    pattern: re.Pattern[str]
    function: LambdaFunction
    api_key_required: bool
    integration_timeout_s: float = INTEGRATION_TIMEOUT_MS / 1000


def build_routes(spec: dict[str, Any], functions: dict[str, LambdaFunction]) -> list[Route]:
    """One route per OpenAPI operation that has a Lambda proxy integration."""
    default_secured = bool(spec.get("security"))
    routes = []
    for resource, item in spec.get("paths", {}).items():
        for method in (*HTTP_METHODS, ANY_METHOD):
            operation = item.get(method)
            if not operation:
                continue
            integration = operation.get("x-amazon-apigateway-integration") or {}
            uri = integration.get("uri", {})
            uri = uri.get("Fn::Sub", "") if isinstance(uri, dict) else uri
            target = _INTEGRATION_TARGET.search(uri)
            if not target or target.group(1) not in functions:
                raise ValueError(f"{method.upper()} {resource}: no Lambda integration found")
            secured = bool(operation["security"]) if "security" in operation else default_secured
            routes.append(
                Route(
                    "ANY" if method == ANY_METHOD else method.upper(),
                    resource,
                    _compile(resource),
                    functions[target.group(1)],
                    secured,
                    int(integration.get("timeoutInMillis", INTEGRATION_TIMEOUT_MS)) / 1000,
                )
            )
    return routes


def decoded_body(request: Request) -> bytes:
    """The body with its Content-Encoding undone, as API Gateway hands it on; ValueError
    naming the gateway response (415, or 413 for one that inflates past the limit)."""
    codings = [c.strip().lower() for c in (request.header("Content-Encoding") or "").split(",")]
    body = request.body
    for coding in reversed([c for c in codings if c not in ("", "identity")]):
        if coding not in _INFLATE_WBITS:
            raise ValueError("UNSUPPORTED_MEDIA_TYPE")
        body = _inflate(body, _INFLATE_WBITS[coding]) if body else body
    return body


def _inflate(body: bytes, formats: tuple[int, ...]) -> bytes:
    # "deflate" is zlib's format by RFC 9110, but some clients send the raw stream.
    for wbits in formats:
        inflater = zlib.decompressobj(wbits)
        try:
            inflated = inflater.decompress(body, MAX_REQUEST_BYTES + 1)
        except zlib.error:
            continue
        if len(inflated) > MAX_REQUEST_BYTES:
            raise ValueError("REQUEST_TOO_LARGE")
        if inflater.eof and not inflater.unused_data:
            return inflated
    raise ValueError("UNSUPPORTED_MEDIA_TYPE")


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether the client named gzip with a weight above 0 (RFC 9110 §12.5.3). A
    substring test took `gzip;q=0` (gzip refused) and `nogzip` as asking for it; `*` is
    not enough, as API Gateway compresses only for a coding named."""
    for part in accept_encoding.split(","):
        coding, *params = (p.strip() for p in part.split(";"))
        weights = [
            v.strip() for n, _, v in (p.partition("=") for p in params) if n.strip().lower() == "q"
        ]
        if coding.lower() == "gzip" and (not weights or _positive_weight(weights[-1])):
            return True
    return False


def _positive_weight(value: str) -> bool:
    try:
        return 0 < float(value) <= 1
    except ValueError:
        return False


def _compile(resource: str) -> re.Pattern[str]:
    regex = ""
    for part in re.split(r"(\{[^}]+\})", resource):
        if part.startswith("{") and part.endswith("+}"):
            regex += f"(?P<{part[1:-2]}>.+)"
        elif part.startswith("{"):
            regex += f"(?P<{part[1:-1]}>[^/]+)"
        else:
            regex += re.escape(part)
    return re.compile(regex)


@dataclass
class Gateway:
    """One deployed stage of the REST API."""

    spec: dict[str, Any]
    routes: list[Route]
    keys: KeyStore
    stage: str
    api_id: str
    minimum_compression_size: int | None = 1024
    # Request bodies of these types reach the function base64-encoded, as on AWS.
    binary_media_types: tuple[str, ...] = ()
    meter: UsageMeter = field(default_factory=UsageMeter)
    # (METHOD or ANY, path template) -> the Lambda authorizer in front of it.
    authorizers: dict[tuple[str, str], RequestAuthorizer] = field(default_factory=dict)

    def handle(self, request: Request) -> Reply:
        started = time.monotonic()
        request_id = str(uuid.uuid4())
        context: dict[str, Any] = {"requestId": request_id}
        reply = self._handle(request, context)
        reply.headers.append(("x-amzn-RequestId", request_id))
        self._log_access(request, reply, context, started)
        return reply

    def refuse_oversized(self) -> Reply:
        """The reply to a request whose Content-Length is over the limit, unread."""
        return self.gateway_response("REQUEST_TOO_LARGE", {"requestId": str(uuid.uuid4())})

    def _handle(self, request: Request, context: dict[str, Any]) -> Reply:
        if len(request.body) > MAX_REQUEST_BYTES:
            return self.gateway_response("REQUEST_TOO_LARGE", context)
        try:
            request.body = decoded_body(request)
        except ValueError as refusal:
            return self.gateway_response(str(refusal), context)
        public_path, _, query = request.target.partition("?")
        path = self._stage_path(public_path)
        route, path_parameters = self._match(request.method, unquote(path))
        if route is None:
            return self.gateway_response("MISSING_AUTHENTICATION_TOKEN", context)
        context["resourcePath"] = route.resource
        identity: dict[str, Any] = {
            "sourceIp": request.source_ip,
            "userAgent": request.header("User-Agent"),
        }
        authorizer = self.authorizers.get((route.method, route.resource))
        if authorizer is not None:
            try:
                context["authorizer"] = authorizer.authorize(
                    request.method,
                    route.resource,
                    path,
                    query,
                    path_parameters,
                    request.proxy_headers(),
                    {
                        "requestId": context["requestId"],
                        "accountId": ACCOUNT_ID,
                        "apiId": self.api_id,
                        "stage": self.stage,
                        "resourcePath": route.resource,
                        "httpMethod": request.method,
                        "path": public_path,
                        "identity": dict(identity),
                    },
                )
            except Refused as refusal:
                return self.gateway_response(refusal.response_type, context)
        if route.api_key_required:
            refusal = self._check_api_key(request, identity, context)
            if refusal:
                return refusal
        context["path"] = public_path
        event = self._event(request, route, path, query, path_parameters, identity, context)
        encoded = json.dumps(event).encode()
        if len(encoded) > MAX_EVENT_BYTES:
            return self.gateway_response("REQUEST_TOO_LARGE", context)
        return self._invoke(route, json.loads(encoded), request, context)

    def _stage_path(self, path: str) -> str:
        """The API's path of a request to `path`. The stage's own URL
        (`https://<api>.execute-api.<region>.amazonaws.com/<stage>/v1/...`, the stack's
        `ApiUrl`) names the stage first; API Gateway routes and passes `path` without it,
        keeping it in `requestContext.path`, the path as called. The runner serves both
        that URL and the bare one (as a custom domain mapped at its root would be)."""
        stage = f"/{self.stage}"
        return path.removeprefix(stage) if path.startswith(f"{stage}/") else path

    def _match(self, method: str, path: str) -> tuple[Route | None, dict[str, str]]:
        """The route for `method path`; a resource's ANY method only if none is specific."""
        fallback: tuple[Route | None, dict[str, str]] = (None, {})
        for route in self.routes:
            if route.method in (method, "ANY"):
                match = route.pattern.fullmatch(path)
                if match and route.method == method:
                    return route, match.groupdict()
                if match and fallback[0] is None:
                    fallback = (route, match.groupdict())
        return fallback

    def _check_api_key(
        self, request: Request, identity: dict[str, Any], context: dict[str, Any]
    ) -> Reply | None:
        value = request.header("x-api-key")
        key = self.keys.lookup(value) if value else None
        if key is None or not key.enabled or key.plan is None:
            return self.gateway_response("INVALID_API_KEY", context)
        identity.update(apiKey=value, apiKeyId=key.key_id)
        context["apiKeyId"] = key.key_id
        # Per-method limits are keyed /path/METHOD, as usage plans name them.
        method = f"{context['resourcePath']}/{request.method}"
        wait = self.meter.take(key.key_id, key.plan, method)
        if wait is not None:
            return self.gateway_response("THROTTLED", context, retry_after=wait)
        wait = self.meter.count(key.key_id, key.plan)
        if wait is not None:
            return self.gateway_response("QUOTA_EXCEEDED", context, retry_after=wait)
        return None

    def _event(
        self,
        request: Request,
        route: Route,
        path: str,
        query: str,
        path_parameters: dict[str, str],
        identity: dict[str, Any],
        context: dict[str, Any],
    ) -> dict[str, Any]:
        now = datetime.now(UTC)
        headers, multi_headers = request.proxy_headers()
        multi_query: dict[str, list[str]] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            multi_query.setdefault(name, []).append(value)
        media = (request.header("Content-Type") or "").split(";", 1)[0].strip().lower()
        body, is_base64 = None, media in self.binary_media_types
        if not is_base64:
            try:
                body = request.body.decode("utf-8")
            except UnicodeDecodeError:
                is_base64 = True  # bytes that are not text travel base64-encoded
        if is_base64:
            body = base64.b64encode(request.body).decode("ascii")
        return {
            "resource": route.resource,
            "path": path,
            "httpMethod": request.method,
            "headers": headers or None,
            "multiValueHeaders": multi_headers or None,
            "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
            "multiValueQueryStringParameters": multi_query or None,
            "pathParameters": path_parameters or None,
            "stageVariables": None,
            "requestContext": {
                "accountId": ACCOUNT_ID,
                "apiId": self.api_id,
                "resourceId": route.resource,
                "resourcePath": route.resource,
                "httpMethod": request.method,
                "path": context["path"],
                "stage": self.stage,
                "protocol": "HTTP/1.1",
                "requestId": context["requestId"],
                "extendedRequestId": context["requestId"],
                "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
                "requestTimeEpoch": int(now.timestamp() * 1000),
                "domainName": request.header("Host") or "127.0.0.1",
                "identity": {
                    "accessKey": None,
                    "accountId": None,
                    "caller": None,
                    "user": None,
                    "userArn": None,
                    "cognitoIdentityId": None,
                    "cognitoIdentityPoolId": None,
                    "apiKey": None,
                    "apiKeyId": None,
                    **identity,
                },
                "authorizer": context.get("authorizer"),
            },
            "body": body if request.body else None,
            "isBase64Encoded": is_base64,
        }

    def _invoke(
        self,
        route: Route,
        event: dict[str, Any],
        request: Request,
        context: dict[str, Any],
    ) -> Reply:
        function = route.function
        try:
            result = function.invoke(event, wait_s=route.integration_timeout_s)
            encoded = json.dumps(result)
        except WaitExpired:
            return self.gateway_response(
                "INTEGRATION_TIMEOUT", context, status=504, message="Endpoint request timed out"
            )
        except Exception:
            # On AWS a crashed function, or one that outlived its Timeout, is a
            # 502 from the gateway; the handler's own problem+json mapping and
            # its deadline guard should make this unreachable.
            logger.exception("function failed", extra={"function": function.logical_id})
            return self.gateway_response(
                "DEFAULT_5XX", context, status=502, message="Internal server error"
            )
        if len(encoded) > MAX_LAMBDA_RESPONSE_BYTES:
            logger.error("function response over the Lambda limit", extra={"bytes": len(encoded)})
            return self.gateway_response(
                "DEFAULT_5XX", context, status=502, message="Internal server error"
            )
        headers = [(k, str(v)) for k, v in (result.get("headers") or {}).items()]
        for name, values in (result.get("multiValueHeaders") or {}).items():
            headers.extend((name, str(v)) for v in values if (name, str(v)) not in headers)
        body = result.get("body") or ""
        payload = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
        return self._compress(request, Reply(int(result.get("statusCode", 200)), headers, payload))

    def _compress(self, request: Request, reply: Reply) -> Reply:
        threshold = self.minimum_compression_size
        if (
            threshold is None
            or len(reply.body) < threshold
            or not accepts_gzip(request.header("Accept-Encoding") or "")
            or any(k.lower() == "content-encoding" for k, _ in reply.headers)
        ):
            return reply
        reply.headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        reply.body = gzip.compress(reply.body, compresslevel=6)
        return reply

    def gateway_response(
        self,
        response_type: str,
        context: dict[str, Any],
        *,
        status: int | None = None,
        message: str = "",
        retry_after: float | None = None,
    ) -> Reply:
        """Render a gateway response from the OpenAPI document's templates."""
        responses = self.spec.get("x-amazon-apigateway-gateway-responses", {})
        fallback = "DEFAULT_5XX" if (status or 400) >= 500 else "DEFAULT_4XX"
        config = responses.get(response_type) or responses.get(fallback, {})
        status = int(config.get("statusCode", status or 500))
        variables = {
            "$context.requestId": context["requestId"],
            "$context.error.statusCode": str(status),
            # "The quoted value of $context.error.message" (AWS): a JSON string, quotes
            # and all, which templates write bare.
            "$context.error.messageString": json.dumps(message),
        }
        template = (config.get("responseTemplates") or {}).get("application/json", "")
        body = re.sub(r"\$context\.[\w.]+", lambda m: variables.get(m.group(0), ""), template)
        headers = []
        for name, value in (config.get("responseParameters") or {}).items():
            header = name.removeprefix("gatewayresponse.header.")
            if value.startswith("'") and value.endswith("'"):
                headers.append((header, value[1:-1]))
            elif value == "context.requestId":
                headers.append((header, context["requestId"]))
        if retry_after is not None:
            headers = [(k, v) for k, v in headers if k.lower() != "retry-after"]
            headers.append(("Retry-After", str(max(1, math.ceil(retry_after)))))
        context["errorType"] = response_type
        return Reply(status, headers, body.encode())

    def _log_access(
        self, request: Request, reply: Reply, context: dict[str, Any], started: float
    ) -> None:
        # The same fields as the stage's access log (template.yaml AccessLogSetting),
        # plus the correlation id the answer named (the client's X-Request-ID where the
        # function took it), so a search for that id finds this line too.
        named = [value for name, value in reply.headers if name.lower() == "x-request-id"]
        logger.info(
            "access",
            extra={
                "correlation_id": named[0] if named else context["requestId"],
                "requestId": context["requestId"],
                "ip": request.source_ip,
                "apiKeyId": context.get("apiKeyId"),
                "method": request.method,
                "path": request.target.partition("?")[0],
                "resource": context.get("resourcePath"),
                "status": reply.status,
                "responseLength": len(reply.body),
                "latencyMs": round((time.monotonic() - started) * 1000, 2),
                "errorType": context.get("errorType"),
            },
        )
