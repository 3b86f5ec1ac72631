"""HTTP plumbing shared by every function: the resolver, the Lambda entry
point, correlation ids, problem+json errors and the response size guard."""

import base64
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from botocore.exceptions import BotoCoreError, ClientError

from graphgate_service import (
    auth,
    aws,
    idempotency,
    jsonbody,
    logs,
    metrics,
    openapi,
    problems,
    rest,
    scopes,
    settings,
    storage,
)
from graphgate_service.logs import logger
from graphgate_service.redaction import redact_text

REQUEST_ID_HEADER = "X-Request-ID"
FORM = "application/x-www-form-urlencoded"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# API Gateway gives up on a request after 29 s, so an event that claims to have
# arrived earlier than that is a recorded or replayed one, not a live request.
GATEWAY_TIMEOUT_S = 29.0
# The gateway's MISSING_AUTHENTICATION_TOKEN answer says the same (api/openapi.yaml's
# gateway responses): a newcomer's wrong base URL lands on either.
# A deployed API is reached on its stage's URL or on a custom domain, mapped at its root or
# under a base path; naming only the stage's sent a custom domain's user to add one.
ROUTE_NOT_FOUND_DETAIL = (
    "No route matches this method and path: check the API's base URL (a stage's own URL "
    "ends in its name, such as /prod; a custom domain's in its base path, if it has one; "
    "the local runner answers at its root and under /local), then the path: one the API "
    "reference at <base URL>/docs lists, such as /v1/health."
)

# DynamoDB and S3 error codes that mean "slow down / try again", not "you are wrong".
RETRYABLE_AWS_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "Throttling",
        "SlowDown",
        "InternalServerError",
        "ServiceUnavailable",
        "TransactionInProgressException",
        # A single-item write to an item a transaction in flight holds; the SDK does
        # not retry it, and nothing was written.
        "TransactionConflictException",
    }
)


def correlation_id(event: dict[str, Any]) -> str:
    """The client's X-Request-ID if it is a sane token, else the gateway's request id."""
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    candidate = headers.get(REQUEST_ID_HEADER.lower()) or ""
    if _SANE_REQUEST_ID.fullmatch(candidate):
        return candidate
    return (event.get("requestContext") or {}).get("requestId") or "unknown"


def arrived_at(app: APIGatewayRestResolver) -> float:
    """When the request reached API Gateway (epoch seconds): a caller's timeout_ms counts
    from here, so time spent before the function (a cold start) is the caller's too."""
    now = time.time()
    epoch = (app.current_event.raw_event.get("requestContext") or {}).get("requestTimeEpoch")
    if isinstance(epoch, int | float) and epoch / 1000 >= now - GATEWAY_TIMEOUT_S:
        return min(epoch / 1000, now)
    return now


def _problem(error: problems.ApiError) -> Response:
    status, text, headers = problems.from_error(error, logs.request_id(), logs.request_path())
    return Response(
        status_code=status, content_type=problems.PROBLEM_JSON, body=text, headers=headers
    )


def _aws_error(exc: Exception) -> Response:
    return _problem(_aws_problem(exc))


def _aws_problem(exc: Exception) -> problems.ApiError:
    code = exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""
    if isinstance(exc, ClientError) and code not in RETRYABLE_AWS_CODES:
        logger.exception("unexpected AWS error", extra={"aws_error_code": code})
        return problems.ApiError("An unexpected error occurred.")
    logger.warning("dependency unavailable", extra={"aws_error_code": code or type(exc).__name__})
    return problems.ServiceUnavailable(
        "A storage dependency is busy or unreachable; retry after the indicated delay.",
        code="DEPENDENCY_UNAVAILABLE",
    )


def _unexpected(exc: Exception) -> Response:
    # The traceback goes to the log under the correlation id, never to the client.
    logger.exception("unhandled error")
    return _problem(problems.ApiError("An unexpected error occurred."))


def _cors() -> CORSConfig:
    origins = settings.cors_allow_origins()
    return CORSConfig(
        allow_origin=origins[0],
        extra_origins=origins[1:] or None,
        allow_headers=[
            "x-api-key",
            "Authorization",
            "Content-Type",
            "If-Match",
            "If-None-Match",
            "Idempotency-Key",
            REQUEST_ID_HEADER,
            "Inference-Header-Content-Length",  # KServe's binary-data extension
            "Prefer",  # respond-async: an asynchronous run
            "Content-Encoding",  # a gzip or deflate body
        ],
        expose_headers=[
            REQUEST_ID_HEADER,
            "Retry-After",
            "ETag",
            "Location",
            "Link",
            "X-Model-Version",  # which model version answered a prediction
            "Inference-Header-Content-Length",  # a KServe answer's JSON header, binary after
            "WWW-Authenticate",  # which token problem, or the scope it lacks
            "Idempotent-Replayed",
            "Preference-Applied",  # respond-async was honoured
            "Allow",  # the methods a 405's path takes
        ],
        max_age=600,
        allow_credentials=False,  # API keys and tokens travel in headers, never cookies
    )


def create_app() -> APIGatewayRestResolver:
    """A resolver whose every error becomes problem+json."""
    app = APIGatewayRestResolver(cors=_cors())
    app.exception_handler(problems.ApiError)(_problem)
    app.exception_handler(ClientError)(_aws_error)
    app.exception_handler(BotoCoreError)(_aws_error)
    app.exception_handler(Exception)(_unexpected)
    # Every route's scope comes from one table (graphgate_service.scopes).
    app.use(
        middlewares=[
            _method_as_sent,
            scopes.middleware,
            _known_query,
            _acceptable,
            _no_validator_to_match,
        ]
    )

    @app.not_found()
    def _no_route(_exc: Exception) -> Response:
        # A resource routes its other methods here (x-amazon-apigateway-any-method)
        # so that they get 405 and Allow rather than API Gateway's 403.
        event = app.current_event
        refusal = _method_not_allowed(event.resource or "", event.http_method)
        if refusal is not None:
            return _problem(refusal)
        return _problem(problems.NotFound(ROUTE_NOT_FOUND_DETAIL, code="ROUTE_NOT_FOUND"))

    return app


def _method_not_allowed(resource: str, method: str) -> problems.ApiError | None:
    """405 and Allow for a method `resource` lacks (None: it takes it, or is no resource).
    RFC 9110 §9.1: a method is case-sensitive, so `delete` is not DELETE."""
    allowed = openapi.allowed_methods(resource)
    if not allowed or method in allowed:
        return None
    return problems.MethodNotAllowed(
        f"{method[:20]} is not supported here.",
        code="METHOD_NOT_ALLOWED",
        headers={"Allow": ", ".join(allowed)},
    )


def _method_as_sent(app: APIGatewayRestResolver, next_middleware: Any) -> Any:
    """Powertools middleware: powertools routes on the method upper-cased, so `post` was
    served as POST (a token past POST's own throttle, which the gateway keys by the method
    as sent; `delete` deleting). The method is compared as sent, as RFC 9110 §9.1 has it."""
    event = app.current_event
    refusal = _method_not_allowed(event.resource or "", event.http_method)
    if refusal is not None:
        raise refusal
    return next_middleware(app)


def _known_query(app: APIGatewayRestResolver, next_middleware: Any) -> Any:
    """Powertools middleware: 400 VALIDATION_FAILED (ADDITIONALPROPERTIES at `?name`) for a
    query parameter the operation does not document, as for a body's unknown field. Ignored,
    `GET /v1/graphs?name=x` listed every graph to a client that meant one name (the filter
    is `name_prefix`), and `?page_size=` answered a page of the default size."""
    event = app.current_event
    known = openapi.query_parameters(event.resource or "", event.http_method)
    given = {
        **(event.query_string_parameters or {}),
        **(event.multi_value_query_string_parameters or {}),
    }
    unknown = sorted(set(given) - (known or set()))
    if known is not None and unknown:
        raise problems.BadRequest(
            f"Unknown query parameter {rest.shown(unknown[0])}; this operation takes "
            f"{', '.join(sorted(known)) or 'none'}.",
            code="VALIDATION_FAILED",
            errors=[
                {
                    "pointer": f"?{redact_text(name)[:64]}",
                    "code": "ADDITIONALPROPERTIES",
                    "message": "not a parameter of this operation",
                }
                for name in unknown[:20]
            ],
        )
    return next_middleware(app)


def _no_validator_to_match(app: APIGatewayRestResolver, next_middleware: Any) -> Any:
    """Powertools middleware: RFC 9110 §13.1 on a request whose target has no ETag (a
    collection's POST, a session's end; a read, `_untagged_read`). On a write `If-Match`
    listing tags cannot match and `If-None-Match: *` fails where the target exists, so
    both are 412 before the route runs; they were ignored, and a conditional write done
    unconditionally. `*` in If-Match holds (the route matched, so the target exists);
    tags in If-None-Match do."""
    event = app.current_event
    method = event.http_method.upper()
    if method == "GET" and openapi.has_no_validator(event.resource or "", method):
        return _untagged_read(app, next_middleware)
    if method in idempotency.UNSAFE_METHODS and openapi.has_no_validator(
        event.resource or "", method
    ):
        if_match = rest.listed_tags(rest.header(app, "If-Match"))
        none_match = rest.listed_tags(rest.header(app, "If-None-Match"))
        if (if_match and "*" not in if_match) or "*" in none_match:
            raise problems.PreconditionFailed(
                f"{method} here has no ETag to compare with If-Match or If-None-Match; "
                "nothing was done. Send the request without them.",
                code="PRECONDITION_FAILED",
            )
    return next_middleware(app)


def _untagged_read(app: APIGatewayRestResolver, next_middleware: Any) -> Any:
    """RFC 9110 §13.1 on a GET of a representation with no ETag (a dataset, a run, a
    listing), as for a session's JSON: answered as without the headers first, so a missing
    target stays its 404 (§13.2.1); then `If-Match` listing tags is 412 and
    `If-None-Match: *` is 304. Both were ignored (200), where docs/api.md said otherwise.
    An answer with an ETag (the console's files) met the headers itself."""
    response = next_middleware(app)
    tagged = any(name.lower() == "etag" for name in response.headers)
    if 200 <= response.status_code < 300 and not tagged:
        return rest.conditional_read_untagged(app) or response
    return response


def _acceptable(app: APIGatewayRestResolver, next_middleware: Any) -> Any:
    """Powertools middleware: 406 before the route runs when the Accept header admits
    none of the media types openapi.yaml lists for its answer (RFC 9110 §12.5.1)."""
    event = app.current_event
    offered = openapi.response_media_types(event.resource or "", event.http_method)
    if offered and "*/*" not in offered:
        rest.negotiate(app, offered)
    response = next_middleware(app)
    if len(offered) > 1:
        # The answer was chosen by Accept: a shared cache must key on it (RFC 9110 §12.5.5).
        response.headers["Vary"] = "Accept"
    return response


def json_body(
    app: APIGatewayRestResolver,
    schema: str | None = None,
    *,
    non_finite: bool = False,
    any_media_type: bool = False,
    empty_as: dict[str, Any] | None = None,
) -> Any:
    """The request body parsed strictly and, given a schema name, validated.

    `non_finite` admits the NaN and Infinity tokens; `any_media_type` reads the body as
    JSON whatever its Content-Type says, as TF Serving's and Triton's servers do (their
    documented `curl -d` sends application/x-www-form-urlencoded). `empty_as` is what
    no body at all stands for, validated as any body: a route whose body was once
    optional tells a client that sends none which field it lacks."""
    event = app.current_event
    content_type = (event.headers or {}).get("Content-Type") or ""
    if content_type and not any_media_type and not _is_json(content_type):
        raise problems.UnsupportedMediaType(
            f"expected a JSON body, got {content_type[:80]!r}", code="UNSUPPORTED_MEDIA_TYPE"
        )
    # Bytes, not powertools' decoded_body: a body that is not UTF-8 is the
    # client's INVALID_JSON, not our UnicodeDecodeError (found by fuzzing).
    raw = base64.b64decode(event.body or "") if event.is_base64_encoded else event.body
    if not raw and empty_as is not None:
        raw = json.dumps(empty_as)
    document = jsonbody.loads(raw, non_finite)
    if schema:
        openapi.validate(document, schema)
    return document


def json_or_form_body(app: APIGatewayRestResolver, schema: str) -> Any:
    """`json_body(app, schema)`, or the same fields sent as an HTML form, as OAuth 2 token
    endpoints take them (RFC 6749 §4.4.2; an OAuth client library sends nothing else). A
    form's values are text: those the schema types as integers are read as integers when
    they are digits (anything else fails the schema's `TYPE`); a field given twice is
    refused (RFC 6749 §3.2), as a JSON key given twice is."""
    if rest.media_type(app) != FORM:
        return json_body(app, schema)
    event = app.current_event
    raw = base64.b64decode(event.body or "") if event.is_base64_encoded else event.body or ""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise problems.BadRequest(
            "The body is not a form (application/x-www-form-urlencoded) of UTF-8 text.",
            code="INVALID_FORM",
        ) from None
    twice = sorted(name for name, count in Counter(name for name, _ in pairs).items() if count > 1)
    if twice:
        raise problems.BadRequest(
            f"Field {rest.shown(twice[0])} is given more than once.",
            code="VALIDATION_FAILED",
            errors=[
                {
                    "pointer": f"/{redact_text(twice[0])[:64]}",
                    "code": "CONFLICT",
                    "message": "given twice",
                }
            ],
        )
    properties = openapi.spec()["components"]["schemas"][schema].get("properties") or {}
    document = {
        name: int(value)
        if (properties.get(name) or {}).get("type") == "integer"
        and rest.is_digits(value)
        and len(value) < 19
        else value
        for name, value in pairs
    }
    openapi.validate(document, schema)
    return document


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _guard_size(response: dict[str, Any]) -> dict[str, Any]:
    """Answer 422 ourselves rather than let Lambda turn an oversized payload into a 502.

    Measured over the whole serialized response, never the body's length alone: a
    body of JSON carries a quote every few characters, each escaped again in the
    response, so 5.9 MB of body once made a 7.7 MB response.
    """
    limit = settings.MAX_RESPONSE_BYTES
    size = settings.payload_bytes(response)
    if size <= limit:
        return response
    logger.warning("response too large", extra={"bytes": size})
    return _problem_response(problems.response_too_large(limit))


def _header(event: dict[str, Any], name: str) -> str | None:
    lowered = name.lower()
    return next((v for k, v in (event.get("headers") or {}).items() if k.lower() == lowered), None)


def _head_as_get(event: dict[str, Any]) -> dict[str, Any]:
    """RFC 9110 §9.3.2: HEAD is the GET of the same resource without content, which the
    gateway does not send; it reaches the function through the resource's ANY method."""
    if event.get("httpMethod") != "HEAD" or "GET" not in openapi.allowed_methods(
        event.get("resource") or ""
    ):
        return event
    context = {**(event.get("requestContext") or {}), "httpMethod": "GET"}
    return {**event, "httpMethod": "GET", "requestContext": context}


# Answers holding presigned URLs, which expire before the Idempotency-Key's record does:
# a replay is each resource's answer with its URLs signed afresh (by the owner of what
# they point at), never the first answer's, dead by then. Resource -> (tenant, request
# body, answer) -> answer.
REPLAY_REFRESHERS: dict[str, Callable[[str, dict[str, Any], dict[str, Any]], dict[str, Any]]] = {}


def refresh_replays(
    resource: str, refresh: Callable[[str, dict[str, Any], dict[str, Any]], dict[str, Any]]
) -> None:
    """Have an idempotent replay of a success on `resource` answer `refresh(...)`'s."""
    REPLAY_REFRESHERS[resource] = refresh


def _refreshed(
    event: dict[str, Any], tenant: str, stored: idempotency.Stored
) -> idempotency.Stored:
    """`stored`, replayed, with the URLs its resource signs made anew (REPLAY_REFRESHERS);
    a `Location` that was one of them follows it."""
    refresh = REPLAY_REFRESHERS.get(event.get("resource") or "")
    if refresh is None or not 200 <= stored.status < 300:
        return stored
    answer = json.loads(stored.body)
    raw = event.get("body") or "{}"
    request = jsonbody.loads(base64.b64decode(raw) if event.get("isBase64Encoded") else raw)
    fresh = refresh(tenant, request, answer)
    headers = dict(stored.headers)
    for name, values in stored.headers.items():
        if name.lower() == "location" and values == [answer.get("url")]:
            headers[name] = [fresh.get("url")]
    body = json.dumps(fresh, separators=(",", ":"), ensure_ascii=False)
    return idempotency.Stored(stored.status, headers, body)


def _resolve(app: APIGatewayRestResolver, event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Resolve the request; an unsafe one with an Idempotency-Key at most once."""
    key = _header(event, "Idempotency-Key")
    method = event.get("httpMethod", "")
    tenant_known = ((event.get("requestContext") or {}).get("authorizer") or {}).get("tenant_id")
    # Key-only routes (getting a token) are not idempotent by key: a token
    # request must never replay another's credentials.
    if key is None or method not in idempotency.UNSAFE_METHODS or not tenant_known:
        return app.resolve(event, context)

    def work() -> idempotency.Stored:
        response = app.resolve(event, context)
        headers = {k: list(v) for k, v in (response.get("multiValueHeaders") or {}).items()}
        for name, value in (response.get("headers") or {}).items():
            headers.setdefault(name, [value])
        return idempotency.Stored(
            response["statusCode"],
            headers,
            response.get("body") or "",
            bool(response.get("isBase64Encoded")),
        )

    try:
        # Refused for its Accept, a request did nothing: answered before the key is
        # claimed, its 406 is never what the retry that fixed its Accept gets back.
        _acceptable_to(event, openapi.response_media_types(event.get("resource") or "", method))
        # So is one with a method its path does not take: its 405 neither binds the key (the
        # retry with the right method was 422 IDEMPOTENCY_KEY_REUSED) nor is a 422 for a key
        # another method's request used.
        refusal = _method_not_allowed(event.get("resource") or "", method)
        if refusal is not None:
            raise refusal
        tenant = auth.from_event(event).tenant_id
        stored, replayed = idempotency.run(
            storage.Store.shared(),
            tenant,
            key,
            idempotency.fingerprint(method, _target(event), event.get("body")),
            work,
        )
        if replayed:
            _replay_acceptable(event, stored)
            stored = _refreshed(event, tenant, stored)
    except problems.ApiError as error:
        return _problem_response(error)
    except (ClientError, BotoCoreError) as exc:
        # Claiming or releasing the key failed outside the resolver's handlers;
        # unhandled, the gateway would answer 502.
        return _problem_response(_aws_problem(exc))
    headers = dict(stored.headers)
    if replayed:
        headers["Idempotent-Replayed"] = ["true"]
    return {
        "statusCode": stored.status,
        "multiValueHeaders": headers,
        "body": stored.body,
        "isBase64Encoded": stored.base64,
    }


def _acceptable_to(event: dict[str, Any], offered: tuple[str, ...], refused: str = "") -> None:
    """406 unless the request's Accept admits one of `offered` (nothing to check: none)."""
    if offered and "*/*" not in offered:
        accept = rest.event_header(APIGatewayProxyEvent(event), "Accept")
        rest.preferred(accept, offered, refused)


def _replay_acceptable(event: dict[str, Any], stored: idempotency.Stored) -> None:
    """A retry's Accept is its own: a stored success is replayed only in a type the retry
    accepts (406 otherwise; the write stays done). A stored problem is problem+json
    whatever the Accept, as every error is."""
    media = _content_type({"multiValueHeaders": stored.headers})
    if 200 <= stored.status < 400 and media and media != problems.PROBLEM_JSON:
        done = "The request with this Idempotency-Key was already done; its answer is kept. "
        _acceptable_to(event, (media,), done)


def _target(event: dict[str, Any]) -> str:
    """The path and query a request names: the query is part of what a request means (an
    ONNX model's upload_id and name, a delete's force), so a key reused with another is
    refused like a key reused with another body."""
    query = event.get("multiValueQueryStringParameters") or {}
    pairs = sorted((k, v) for k, values in query.items() for v in values or [])
    return event.get("path", "") + (f"?{urlencode(pairs)}" if pairs else "")


def _varies_on_origin(response: dict[str, Any]) -> None:
    """Fetch §3.2.5: with a list of origins (CORS_ALLOW_ORIGINS), Access-Control-Allow-Origin
    echoes the request's Origin or is left out, so every answer depends on Origin and must
    say so; a cache keyed on the URL alone served one origin's answer to another, which
    the browser then refused. With `*` the answer is the same for every origin."""
    if settings.cors_allow_origins() == ["*"]:
        return
    named: list[str] = []
    for bag in (response.get("headers") or {}, response.get("multiValueHeaders") or {}):
        for name in [n for n in bag if n.lower() == "vary"]:
            value = bag.pop(name)
            named += [v.strip() for v in (value if isinstance(value, list) else [value])]
    fields = [f.strip() for v in named for f in v.split(",") if f.strip()]
    if "origin" not in {f.lower() for f in fields}:
        fields.append("Origin")
    response.setdefault("multiValueHeaders", {})["Vary"] = [", ".join(fields)]


def _options_answer(event: dict[str, Any], response: dict[str, Any]) -> None:
    """RFC 9110 §9.3.7: an answer to OPTIONS says which methods its target takes (`Allow`,
    as a 405 does). powertools answers it, and a CORS preflight's
    `Access-Control-Allow-Methods`, with every method of the function's routes: POST on
    `/v1/graphs/{graphId}`, DELETE on a KServe infer path, which then answer 405. Both are
    the document's methods of the path instead, with `Accept-Patch` where it takes PATCH."""
    if event.get("httpMethod") != "OPTIONS" or response.get("statusCode") != 204:
        return
    allowed = ", ".join(openapi.allowed_methods(event.get("resource") or ""))
    if not allowed:
        return
    answer = {"Allow": allowed, "Access-Control-Allow-Methods": allowed}
    patches = openapi.request_media_types(event.get("resource") or "", "PATCH")
    if patches:  # RFC 5789 §3.1: where PATCH is taken, OPTIONS says in which formats
        answer["Accept-Patch"] = ", ".join(patches)
    for bag in (response.get("headers") or {}, response.get("multiValueHeaders") or {}):
        for name in [n for n in bag if n.lower() in {a.lower() for a in answer}]:
            del bag[name]
    response.setdefault("multiValueHeaders", {}).update({k: [v] for k, v in answer.items()})


# The headers whose value names an API path (`/v1/...`) a client resolves against the URL
# it called: as `Location: /v1/...`, as `Link: </v1/...>; ...`.
_PATH_REFERENCES = {"location": "/", "link": "</"}


def _as_called(event: dict[str, Any], response: dict[str, Any]) -> None:
    """Prefix the API paths in `Location` and `Link` with what the client's URL has before
    them. Called on the stage's URL (the stack's `ApiUrl`, `https://<api>.execute-api...
    /<stage>`), `path` lacks the stage that `requestContext.path`, the path as called,
    keeps; `/v1/graphs/g_1` resolved against that URL drops the stage, and API Gateway
    answers 403 there. Done here, after any idempotent replay, so a stored answer names
    the API's path and each retry gets it as its own URL needs."""
    prefix = _called_prefix(event)
    if not prefix:
        return
    for bag in (response.get("headers") or {}, response.get("multiValueHeaders") or {}):
        for name, value in bag.items():
            start = _PATH_REFERENCES.get(name.lower())
            if start is None:
                continue
            values = value if isinstance(value, list) else [value]
            fixed = [_prefixed(v, start, prefix) for v in values]
            bag[name] = fixed if isinstance(value, list) else fixed[0]
    _problem_as_called(response, prefix)


def _problem_as_called(response: dict[str, Any], prefix: str) -> None:
    """A problem's `instance` (RFC 9457 §3.1.5) is a URI reference to the request's target
    too: the API's path alone, resolved against the stage's URL, dropped the stage."""
    body = response.get("body")
    if not body or response.get("isBase64Encoded"):
        return
    if _content_type(response) != problems.PROBLEM_JSON:
        return
    try:
        problem = json.loads(body)
    except ValueError:
        return
    instance = problem.get("instance") if isinstance(problem, dict) else None
    if isinstance(instance, str) and instance.startswith("/"):
        problem["instance"] = _prefixed(instance, "/", prefix)
        response["body"] = json.dumps(problem, separators=(",", ":"), ensure_ascii=False)


def _content_type(response: dict[str, Any]) -> str:
    for bag in (response.get("headers") or {}, response.get("multiValueHeaders") or {}):
        for name, value in bag.items():
            if name.lower() == "content-type" and value:
                text = value[0] if isinstance(value, list) else value
                return text.split(";", 1)[0].strip().lower()
    return ""


def _called_prefix(event: dict[str, Any]) -> str:
    """What the URL the client called has before the API's path (`/prod`), or ''."""
    called = (event.get("requestContext") or {}).get("path") or ""
    path = event.get("path") or ""
    prefix = called[: -len(path)] if path and called.endswith(path) else ""
    return prefix if prefix.startswith("/") and not prefix.endswith("/") else ""


def _prefixed(value: str, start: str, prefix: str) -> str:
    # `//host/...` is a network-path reference and a presigned URL an absolute one: only
    # a path the API answers under is the client's to prefix.
    if not value.startswith(start) or value.startswith(start + "/"):
        return value
    cut = len(start) - 1
    return value[:cut] + prefix + value[cut:]


def _problem_response(error: problems.ApiError) -> dict[str, Any]:
    status, text, headers = problems.from_error(error, logs.request_id(), logs.request_path())
    return {
        "statusCode": status,
        "body": text,
        "isBase64Encoded": False,
        "multiValueHeaders": {
            "Content-Type": [problems.PROBLEM_JSON],
            **{k: [v] for k, v in headers.items()},
        },
    }


def entrypoint(app: APIGatewayRestResolver) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """The Lambda handler for `app`: correlation id in, on every log line and back out."""

    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        request_id = correlation_id(event)
        # Not inject_lambda_context: its keys are process-global, and the local
        # runner serves concurrent requests on threads of one process.
        logs.bind_request(
            request_id,
            path=event.get("path"),
            api_request_id=(event.get("requestContext") or {}).get("requestId"),
            function_request_id=getattr(context, "aws_request_id", None),
        )
        started = time.perf_counter()
        try:
            with aws.deadline(context), settings.invoked_with(context):
                response = _guard_size(_resolve(app, _head_as_get(event), context))
            _as_called(event, response)
            _options_answer(event, response)
            _varies_on_origin(response)
            duration_ms = round((time.perf_counter() - started) * 1000, 2)
            method, resource = event.get("httpMethod", ""), event.get("resource", "")
            status = response.get("statusCode", 0)
            logger.info(
                "request",
                extra={
                    "method": method,
                    "resource": resource,
                    "status": status,
                    "duration_ms": duration_ms,
                },
            )
            metrics.record_request(method, resource, status, duration_ms, request_id)
        finally:
            logs.unbind_request()
        response.setdefault("headers", {})[REQUEST_ID_HEADER] = request_id
        return response

    return lambda_handler
