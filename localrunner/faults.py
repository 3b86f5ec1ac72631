"""Failures of the embedded AWS, on demand, for the fault-injection tests.

Inert unless the runner starts with GRAPHGATE_FAULT_INJECTION=1: only then
does the embedded AWS answer its control path, and with no rule set nothing
changes. A test posts rules to `<aws endpoint>/__graphgate/faults`:

    {"service": "dynamodb", "operation": "TransactWriteItems",
     "mode": "throttle_after_apply", "times": 1, "contains": "t_abc"}

modes: `throttle` (DynamoDB's ProvisionedThroughputExceededException, S3's
503 SlowDown, nothing applied), `throttle_after_apply` (the call is applied,
then its answer is replaced by the throttle: the lost-response case),
`disconnect` (the connection is closed before the call is applied), `stall`
(the call waits `seconds` before it reaches the emulator: a caller that gives
up meanwhile, as the SDK does after its read timeout, has its call dropped
unapplied; one still waiting gets the real answer, late) and
`crash_after_apply` (the call is applied, then answered with an error no SDK
retries and no code expects, so its caller fails as if it had died just
after the write: how the fault suite kills a worker after a checkpoint) and
`partial_batch` (a BatchWriteItem applies the first half of its requests and
returns the rest as UnprocessedItems, as DynamoDB does under throttling).
`operation` may be `*`; `after` lets that many matching calls through first;
`times` absent means every matching call after those; `contains` narrows a
rule to requests whose body mentions it (a tenant id, say).

Also here, and always on, is one DynamoDB behaviour moto lacks: a
TransactWriteItems repeated with the ClientRequestToken of one that
succeeded in the last 10 minutes succeeds again without applying anything,
and one repeated while the first is still being applied is refused with
TransactionInProgressException (which the SDK retries). botocore sends the
same token on each retry of a call, so this is what makes a retry after a
lost or late response harmless on AWS.
"""

import json
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from io import BytesIO
from typing import Any

CONTROL_PATH = "/__graphgate/faults"
ENV_FLAG = "GRAPHGATE_FAULT_INJECTION"
MODES = (
    "throttle",
    "throttle_after_apply",
    "disconnect",
    "stall",
    "crash_after_apply",
    "partial_batch",
)
TOKEN_WINDOW_S = 600
# How often a stalled call looks whether its caller has hung up.
STALL_POLL_S = 0.05

_DYNAMODB_THROTTLE = (
    400,
    "application/x-amz-json-1.0",
    json.dumps(
        {
            "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "message": "Injected fault: throughput exceeded",
        }
    ).encode(),
)
_TRANSACTION_IN_PROGRESS = (
    400,
    "application/x-amz-json-1.0",
    json.dumps(
        {
            "__type": "com.amazonaws.dynamodb.v20120810#TransactionInProgressException",
            "message": "The transaction with the given request token is already in progress.",
        }
    ).encode(),
)
_S3_SLOW_DOWN = (
    503,
    "application/xml",
    b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>SlowDown</Code>"
    b"<Message>Injected fault: please reduce your request rate.</Message></Error>",
)
_DYNAMODB_CRASH = (
    400,
    "application/x-amz-json-1.0",
    json.dumps(
        {"__type": "graphgate.faults#InjectedCrash", "message": "Injected fault: caller crash"}
    ).encode(),
)
_S3_CRASH = (
    400,
    "application/xml",
    b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>InjectedCrash</Code>"
    b"<Message>Injected fault: caller crash</Message></Error>",
)


@dataclass
class Rule:
    service: str
    operation: str = "*"
    mode: str = "throttle"
    times: int | None = None
    contains: str | None = None
    seconds: float | None = None  # how long `stall` holds a call
    after: int = 0  # matching calls let through before the rule applies
    passed: int = 0
    hits: int = 0

    def matches(self, service: str, operation: str, body: bytes) -> bool:
        return (
            self.service == service
            and self.operation in ("*", operation)
            and (self.times is None or self.hits < self.times)
            and (self.contains is None or self.contains.encode() in body)
        )

    def problem(self) -> str | None:
        if self.mode not in MODES:
            return f"mode must be one of {MODES}"
        if (self.mode == "stall") != (self.seconds is not None):
            return "`seconds` goes with mode `stall`, and only with it"
        if self.seconds is not None and not 0 < self.seconds <= 60:
            return "`seconds` must be in (0, 60]"
        return None


def describe(environ: dict[str, Any]) -> tuple[str, str]:
    """(service, operation) of a boto3 request as the embedded AWS receives it."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target.startswith("DynamoDB_"):
        return "dynamodb", target.split(".", 1)[1]
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    scope = authorization.split("Credential=", 1)[-1].split(",", 1)[0].split("/")
    service = scope[3] if len(scope) > 3 else ""
    if service == "s3":
        method = environ.get("REQUEST_METHOD", "")
        has_key = environ.get("PATH_INFO", "/").strip("/").count("/") >= 1
        names = {
            ("PUT", True): "PutObject",
            ("GET", True): "GetObject",
            ("HEAD", True): "HeadObject",
            ("DELETE", True): "DeleteObject",
            ("GET", False): "ListObjectsV2",
        }
        return "s3", names.get((method, has_key), method)
    return service, target


class Faults:
    """The rules in force, and the WSGI plumbing that applies them."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.rules: list[Rule] = []
        self._lock = threading.Lock()
        self._tokens: dict[str, float] = {}
        self._in_flight: set[str] = set()

    # ------------------------------------------------------------- control
    def control(self, environ: dict[str, Any]) -> tuple[int, bytes] | None:
        """Answer the control path (when enabled); None for every other request."""
        if not self.enabled or environ.get("PATH_INFO") != CONTROL_PATH:
            return None
        method = environ.get("REQUEST_METHOD")
        with self._lock:
            if method == "POST":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                specs = json.loads(environ["wsgi.input"].read(length) or b"[]")
                rules = [Rule(**spec) for spec in (specs if isinstance(specs, list) else [specs])]
                problem = next((p for p in map(Rule.problem, rules) if p), None)
                if problem:
                    return 400, json.dumps({"error": problem}).encode()
                self.rules = rules
            elif method == "DELETE":
                self.rules = []
            return 200, json.dumps([asdict(rule) for rule in self.rules]).encode()

    # ------------------------------------------------------------ requests
    def serve(self, environ: dict[str, Any], start_response: Any, app: Any) -> list[bytes]:
        """Serve one request through `app` (moto, already serialized), faults applied."""
        service, operation = describe(environ)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = BytesIO(body)
        token = _client_token(body) if operation == "TransactWriteItems" else None
        refusal = self._token_refusal(token)
        if refusal:
            return _answer(start_response, refusal)
        try:
            return self._serve(environ, start_response, app, service, operation, body, token)
        finally:
            self._token_done(token)

    def once(
        self, operation: str, body: bytes, apply: Callable[[], tuple[int, dict[str, str], bytes]]
    ) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) of a DynamoDB call applied by `apply`, with the client
        token rule but no fault rules: the in-process path, installed only without them."""
        token = _client_token(body) if operation == "TransactWriteItems" else None
        refusal = self._token_refusal(token)
        if refusal:
            status, content_type, content = refusal
            return status, {"Content-Type": content_type}, content
        try:
            status, headers, content = apply()
            if token and status == 200:
                self._remember(token)
            return status, headers, content
        finally:
            self._token_done(token)

    def _token_refusal(self, token: str | None) -> tuple[int, str, bytes] | None:
        """The answer to a transaction whose token was seen or is being applied; None
        marks `token` in flight (until `_token_done`)."""
        if token and self._seen(token):
            return 200, "application/x-amz-json-1.0", b"{}"
        if token and not self._start(token):
            # The SDK gave up waiting for the first attempt, which still queues
            # for the emulator: DynamoDB says so, and the SDK retries later.
            return _TRANSACTION_IN_PROGRESS
        return None

    def _token_done(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._in_flight.discard(token)

    def _serve(
        self,
        environ: dict[str, Any],
        start_response: Any,
        app: Any,
        service: str,
        operation: str,
        body: bytes,
        token: str | None,
    ) -> list[bytes]:
        rule = self._claim(service, operation, body) if self.enabled else None
        if rule and rule.mode == "disconnect":
            connection = environ.get("werkzeug.socket")
            if connection is not None:
                connection.shutdown(socket.SHUT_RDWR)
            return []
        if rule and rule.mode == "throttle":
            return _answer(start_response, _throttle(service))
        if rule and rule.mode == "stall":
            if not _wait_for_caller(environ.get("werkzeug.socket"), rule.seconds or 0):
                # Gone: the call never arrives. The answer goes nowhere.
                return _answer(start_response, _throttle(service))
            rule = None  # served, late
        unprocessed = None
        if rule and rule.mode == "partial_batch":
            body, unprocessed = _split_batch(body)
            if not body:  # a batch of one: nothing applied, all of it left
                return _answer(start_response, _unprocessed(unprocessed))
            environ["wsgi.input"], environ["CONTENT_LENGTH"] = BytesIO(body), str(len(body))
        status: list[str] = []

        def capture(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status.append(line)
            if rule is None:
                return start_response(line, headers, exc_info)
            return lambda _data: None

        chunks = app(environ, capture)
        if token and status and status[0].startswith("200"):
            self._remember(token)
        if rule and rule.mode == "crash_after_apply":
            return _answer(start_response, _crash(service))
        if rule and rule.mode == "partial_batch":
            if not (status and status[0].startswith("200")):  # moto refused: pass that on
                start_response(status[0], [("Content-Type", "application/x-amz-json-1.0")])
                return chunks
            return _answer(start_response, _unprocessed(unprocessed))
        if rule:  # throttle_after_apply: applied above, the answer is lost
            return _answer(start_response, _throttle(service))
        return chunks

    def _claim(self, service: str, operation: str, body: bytes) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if rule.matches(service, operation, body):
                    if rule.passed < rule.after:
                        rule.passed += 1
                        continue
                    rule.hits += 1
                    return rule
        return None

    def _start(self, token: str) -> bool:
        with self._lock:
            if token in self._in_flight:
                return False
            self._in_flight.add(token)
            return True

    def _seen(self, token: str) -> bool:
        with self._lock:
            return time.monotonic() - self._tokens.get(token, -TOKEN_WINDOW_S) < TOKEN_WINDOW_S

    def _remember(self, token: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._tokens[token] = now
            if len(self._tokens) > 10_000:
                self._tokens = {
                    t: at for t, at in self._tokens.items() if now - at < TOKEN_WINDOW_S
                }


def _client_token(body: bytes) -> str | None:
    try:
        return json.loads(body).get("ClientRequestToken")
    except (ValueError, AttributeError):
        return None


def _throttle(service: str) -> tuple[int, str, bytes]:
    return _S3_SLOW_DOWN if service == "s3" else _DYNAMODB_THROTTLE


def _split_batch(body: bytes) -> tuple[bytes, dict[str, Any]]:
    """A BatchWriteItem body cut to the first half of each table's requests, and the rest."""
    request = json.loads(body)
    kept, left = {}, {}
    for table, requests in request.get("RequestItems", {}).items():
        half = len(requests) // 2
        kept[table] = requests[:half]
        if requests[half:]:
            left[table] = requests[half:]
    request["RequestItems"] = {t: r for t, r in kept.items() if r}
    if not request["RequestItems"]:
        return b"", left
    return json.dumps(request).encode(), left


def _unprocessed(left: dict[str, Any]) -> tuple[int, str, bytes]:
    return 200, "application/x-amz-json-1.0", json.dumps({"UnprocessedItems": left}).encode()


def _crash(service: str) -> tuple[int, str, bytes]:
    return _S3_CRASH if service == "s3" else _DYNAMODB_CRASH


def _wait_for_caller(connection: socket.socket | None, seconds: float) -> bool:
    """Hold a call for `seconds`; False as soon as its caller hangs up."""
    until = time.monotonic() + seconds
    while (left := until - time.monotonic()) > 0:
        if connection is not None and _hung_up(connection):
            return False
        time.sleep(min(STALL_POLL_S, left))
    return connection is None or not _hung_up(connection)


def _hung_up(connection: socket.socket) -> bool:
    # The request is read in full, so anything readable now is the caller's EOF.
    try:
        readable, _, _ = select.select([connection], [], [], 0)
        return bool(readable) and connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _answer(start_response: Any, answer: tuple[int, str, bytes]) -> list[bytes]:
    status, content_type, body = answer
    reason = {200: "OK", 400: "Bad Request", 503: "Service Unavailable"}[status]
    start_response(
        f"{status} {reason}",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
    )
    return [body]
