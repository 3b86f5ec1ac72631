"""The embedded AWS: moto in server mode, in this process, provisioned from
template.yaml and persisted to disk between runs.

moto is not safe under concurrent requests (in-process moto lost 3-16
conditional updates in 3 of 12 runs of 8 writer threads, measured), so every
request to it is serialized through one lock.

The functions' boto3 calls reach it without a socket (InProcessTransport): the
HTTP hop, a werkzeug server thread and urllib3 on each side, was a fifth of the
runner's CPU under load (py-spy, benchmarks/runner_load.py). The request still
goes through botocore's serializer and retries and moto's parser, so what a
function sends and receives is what it would over HTTP (attribute values are
checked, written and read directly, to botocore's own results:
localrunner/botocore_fixes.py). DynamoDB's calls (all of the load test's) go on to
moto's DynamoHandler as moto's Flask app would send them, without the app, and
unsigned (`EmbeddedAws.dynamodb`); other services' calls go through the app. Fault
injection keeps the socket: dropped connections and stalls need one.
"""

import base64
import datetime
import hashlib
import hmac
import io
import json
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from botocore import handlers as botocore_handlers
from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import get_current_datetime
from botocore.config import Config
from botocore.exceptions import ClientError
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server
from werkzeug.test import EnvironBuilder

from graphgate_service import aws as service_aws
from localrunner import botocore_fixes, faults, files, moto_fixes, stepfunctions
from localrunner.cfn import ACCOUNT_ID, REGION, Template

# Fake credentials keep boto3 from looking for real ones and from signing
# anything with them.
LOCAL_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}
# Distinct (URL, Host) pairs whose moto raw_url is kept: the embedded endpoint's one.
RAW_URLS = 64
_ADMIN_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": 3})


# A SigV4 query signature's parameters: any of them makes the request a presigned one.
_PRESIGN_PARAMETERS = frozenset(
    {
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Date",
        "X-Amz-Expires",
        "X-Amz-SignedHeaders",
        "X-Amz-Signature",
    }
)


def _presigned_refused(environ: dict[str, Any]) -> tuple[int, bytes, dict[str, str]] | None:
    """S3's 403 to a SigV4-presigned request whose signature does not hold for it (a header
    the URL signs missing or with another value: a dataset's `If-None-Match: *`, its
    `Content-Length`) or whose URL has expired. moto checks no signature, so the runner
    took such uploads, which S3 refuses; the runner signs with LOCAL_CREDENTIALS and so
    can check what it signed. A query signature it cannot read is refused (400), as
    S3 refuses it."""
    raw_query = environ.get("QUERY_STRING") or ""
    query = dict(parse_qsl(raw_query, keep_blank_values=True))
    if not _PRESIGN_PARAMETERS & query.keys():
        return None  # signed in its header, or anonymous: moto refuses the latter (403)
    if environ.get("HTTP_TRANSFER_ENCODING", "identity").lower() != "identity":
        # S3 takes no chunked body at a presigned URL; werkzeug's server passes it on
        # undecoded, and moto stored an empty object, which the URL, written once,
        # then kept.
        return _s3_refusal(
            "NotImplemented",
            "A header you provided implies functionality that is not implemented",
            status=501,
            header="Transfer-Encoding",
        )
    if query.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256":
        # Renamed or left out, the algorithm had the request go to moto unchecked: a PUT
        # without the If-None-Match or the size its URL signs replaced a ready file.
        return _s3_refusal(
            "AuthorizationQueryParametersError",
            'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
            status=400,
        )
    try:
        signed_at = datetime.datetime.strptime(query["X-Amz-Date"], SIGV4_TIMESTAMP)
        expires_at = signed_at.replace(tzinfo=datetime.UTC) + datetime.timedelta(
            seconds=int(query["X-Amz-Expires"])
        )
        _, date, region, service, _ = query["X-Amz-Credential"].split("/")
        signed = query["X-Amz-SignedHeaders"].split(";")
        signature = query["X-Amz-Signature"]
    except (KeyError, ValueError):
        return _s3_refusal(
            "AuthorizationQueryParametersError", "The presigned URL is malformed.", status=400
        )
    if datetime.datetime.now(datetime.UTC) > expires_at:
        return _s3_refusal("AccessDenied", "Request has expired")
    canonical = _canonical_request(environ, raw_query, signed)
    if canonical is None:
        return _s3_refusal("SignatureDoesNotMatch", "A header the URL signs was not sent.")
    expected = _local_signature(canonical, query["X-Amz-Date"], date, region, service)
    if not hmac.compare_digest(expected, signature):
        return _s3_refusal(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        )
    return None


def _canonical_request(environ: dict[str, Any], raw_query: str, signed: list[str]) -> str | None:
    """S3's canonical request for a presigned URL: the path and query as sent (botocore
    signs them already encoded), the query without its signature, sorted, and the signed
    headers' values as sent; None if one of them was not sent."""
    headers = []
    for name in signed:
        field = name.upper().replace("-", "_")
        key = field if field in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{field}"
        if key not in environ:
            return None
        headers.append(f"{name}:{' '.join(str(environ[key]).split())}")
    pairs = sorted(
        tuple(pair.partition("=")[::2])
        for pair in raw_query.split("&")
        if pair and not pair.startswith("X-Amz-Signature=")
    )
    return "\n".join(
        [
            environ.get("REQUEST_METHOD", ""),
            (environ.get("RAW_URI") or environ.get("PATH_INFO") or "/").split("?", 1)[0],
            "&".join(f"{k}={v}" for k, v in pairs),
            "\n".join(headers) + "\n",
            ";".join(signed),
            "UNSIGNED-PAYLOAD",
        ]
    )


def _local_signature(canonical: str, amz_date: str, date: str, region: str, service: str) -> str:
    """SigV4's signature of `canonical` with the runner's secret key."""
    scope = f"{date}/{region}/{service}/aws4_request"
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, digest])
    key = f"AWS4{LOCAL_CREDENTIALS['AWS_SECRET_ACCESS_KEY']}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def _s3_refusal(
    code: str, message: str, status: int = 403, header: str = ""
) -> tuple[int, bytes, dict[str, str]]:
    named = f"<Header>{header}</Header>" if header else ""
    body = (
        f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{code}</Code>"
        f"<Message>{message}</Message>{named}</Error>"
    ).encode()
    return status, body, {"Content-Type": "application/xml"}


def _trim_fields(environ: dict[str, Any]) -> None:
    """Header values without the whitespace around them, which is no part of a field's
    value (RFC 9110 5.5) and which S3 does not read. Python's server keeps it at the end,
    and moto compares `If-None-Match` with `*` as sent: `* ` wrote over an object the
    presigned URL writes once, its signature (over the trimmed value) holding."""
    for name, value in list(environ.items()):
        if name.startswith("HTTP_") and isinstance(value, str) and value != value.strip(" \t"):
            environ[name] = value.strip(" \t")


class EmbeddedAws:
    """moto's WSGI app behind one lock, served on 127.0.0.1 on a free port."""

    def __init__(self) -> None:
        from moto.core.request import Request
        from moto.dynamodb.responses import DynamoHandler
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )

        moto_fixes.install()
        botocore_fixes.install()
        stepfunctions.enable()
        self._app = DomainDispatcherApplication(create_backend_app)
        self._request_class, self._dynamodb_dispatch = Request, DynamoHandler.dispatch
        self._lock = threading.Lock()
        self._raw_urls: dict[tuple[str, str | None], str] = {}
        # Failures on demand for tests; inert unless the flag is set (localrunner/faults.py).
        self.faults = faults.Faults(enabled=os.environ.get(faults.ENV_FLAG) == "1")
        # Calls moto lacks, answered by the runner: environ -> (status, JSON[, headers])
        # or None. Answered outside the lock: a Lambda Invoke runs a whole function.
        self.overrides: list[Any] = [self.faults.control, _presigned_refused]

        class QuietHandler(MotoRequestHandler):
            def log_request(self, *args: Any, **kwargs: Any) -> None:
                pass  # a line per boto3 call would drown the service's own logs

        self._server = make_server(
            "127.0.0.1", 0, self._serialized, threaded=True, request_handler=QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="embedded-aws"
        )
        self._transport: InProcessTransport | None = None

    def _serialized(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if environ.get("REQUEST_METHOD") == "PUT" and environ.get("CONTENT_TYPE", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            # S3 takes a PUT's body as bytes whatever its type, and `curl --data-binary`
            # labels every body a form, which moto's Flask app parses and refuses with
            # an HTML 400: an upload to a presigned URL that S3 itself would take.
            environ["CONTENT_TYPE"] = "application/octet-stream"
        _trim_fields(environ)
        answer = self._override(environ)
        if answer is not None:
            status, headers, body = answer
            start_response(f"{status} OK", list(headers.items()))
            return [body]
        return self.faults.serve(environ, start_response, self._locked)

    def _override(self, environ: dict[str, Any]) -> tuple[int, dict[str, str], bytes] | None:
        for override in self.overrides:
            answer = override(environ)
            if answer is not None:
                status, body, *extra = answer
                headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
                return status, {**headers, **(extra[0] if extra else {})}, body
        return None

    def dynamodb(self, request: AWSPreparedRequest) -> tuple[int, dict[str, str], bytes]:
        """One call of DynamoDB's JSON protocol (POST / with X-Amz-Target), straight to
        moto's handler: what moto's Flask app would do with it, without the app's
        request context, routing and response objects (a sixth of the runner's CPU
        under load). Overrides still see it; fault rules are not installed with it."""
        body = _bytes(request.body)
        normalized = self._request_class(_environ(request, body))
        answer = self._override(normalized.environ)
        if answer is not None:
            return answer
        operation = normalized.headers.get("X-Amz-Target", "").split(".", 1)[-1]
        raw_url = self._raw_url(request.url, normalized)

        def apply() -> tuple[int, dict[str, str], bytes]:
            with self._lock:
                try:
                    status, headers, body = self._dynamodb_dispatch(
                        normalized, raw_url, dict(normalized.headers)
                    )
                # As moto's Flask app answers them (moto.core.utils.convert_to_flask_response).
                except ClientError as exc:
                    status, headers, body = 400, {}, exc.response["Error"]["Message"]
                except HTTPException as exc:
                    status, headers, body = exc.code, dict(exc.get_headers()), exc.get_body()
            content = body.encode("utf-8") if isinstance(body, str) else body
            named = {str(name): str(value) for name, value in headers.items()}
            return status, {**named, "Content-Length": str(len(content))}, content

        return self.faults.once(operation, body, apply)

    def _raw_url(self, url: str, normalized: Any) -> str:
        """moto's `raw_url` of a request whose environ `_environ` built from `url`: a
        function of the URL and the Host header alone, so worked out once for each
        (werkzeug's assembly of it was 4% of a GetItem, inside the lock)."""
        key = (url, normalized.environ.get("HTTP_HOST"))
        found = self._raw_urls.get(key)
        if found is None:
            if len(self._raw_urls) >= RAW_URLS:
                self._raw_urls.clear()
            found = self._raw_urls[key] = normalized.raw_url
        return found

    def _locked(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        with self._lock:
            # Drain the response inside the lock: moto builds it lazily.
            return list(self._app(environ, start_response))

    def key_listing(self, operation: str, **params: Any) -> list[dict[str, Any]]:
        """The items of API Gateway's GetUsagePlans, GetUsagePlanKeys (`usagePlanId`) or
        GetApiKeys (values included), as moto's app answers them (it answers every item
        on one page), read from its backend without the app and botocore's parse: the
        gateway's key cache reads every key at each reload, which through the API, with
        a tenant made for each test, grew to a fifth of the runner's CPU."""
        from moto.apigateway.models import apigateway_backends

        backend = apigateway_backends[ACCOUNT_ID][REGION]
        with self._lock:
            if operation == "get_usage_plans":
                items = [plan.to_json() for plan in backend.get_usage_plans()]
            elif operation == "get_usage_plan_keys":
                plan_keys = backend.get_usage_plan_keys(params["usagePlanId"])
                items = [member.to_json() for member in plan_keys]
            elif operation == "get_api_keys" and params.get("includeValues"):
                items = [key.to_json() for key in backend.get_api_keys()]
            else:
                raise ValueError(f"no listing of {operation} {params}")
            # Through JSON as on the wire: nothing read shares moto's own dicts.
            return json.loads(json.dumps(items))

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()
        # moto's state-machine interpreter makes its own clients for its tasks
        # (S3 for the ItemReader, Lambda for lambda:invoke) against localhost:MOTO_PORT.
        os.environ["MOTO_PORT"] = str(self._server.server_address[1])
        if not self.faults.enabled:
            self._transport = InProcessTransport(self.endpoint, self._serialized, self.dynamodb)
            self._transport.install()

    def stop(self) -> None:
        if self._transport:
            self._transport.uninstall()
            self._transport = None
        self._server.shutdown()
        self._thread.join(timeout=5)


class _Body(io.BytesIO):
    """A response body as botocore reads it from urllib3: `stream()` and `read()`."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        while chunk := self.read(64 * 1024):
            yield chunk


class InProcessTransport:
    """A botocore `before-send` handler that answers requests for `endpoint` by
    calling the WSGI `app` on the caller's thread; any other request goes out as usual.

    Registered on every botocore session created while installed (boto3 makes a
    session per client), after each client's own before-send handlers, so the
    service's deadline guard (graphgate_service.aws) still runs before each attempt."""

    def __init__(self, endpoint: str, app: Any, dynamodb: Any = None) -> None:
        self.endpoint = endpoint.rstrip("/")
        self._app = app
        self._dynamodb = dynamodb
        self._spec = ("before-send", self, botocore_handlers.REGISTER_LAST)

    def install(self) -> None:
        if self._spec not in botocore_handlers.BUILTIN_HANDLERS:
            botocore_handlers.BUILTIN_HANDLERS.append(self._spec)
        if self._dynamodb:
            _unsigned_dynamodb(self.endpoint + "/", True)

    def uninstall(self) -> None:
        if self._spec in botocore_handlers.BUILTIN_HANDLERS:
            botocore_handlers.BUILTIN_HANDLERS.remove(self._spec)
        _unsigned_dynamodb(self.endpoint + "/", False)

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        split = urlsplit(request.url)
        if f"{split.scheme}://{split.netloc}" != self.endpoint:
            return None
        if self._dynamodb and _is_dynamodb(request, split.path):
            status, headers, content = self._dynamodb(request)
            return AWSResponse(request.url, status, headers, _Body(content))
        body = request.body or b""
        if hasattr(body, "read"):
            body = body.read()
        if isinstance(body, str):
            body = body.encode("utf-8")
        environ = EnvironBuilder(
            path=split.path or "/",
            base_url=self.endpoint,
            query_string=split.query,
            method=request.method,
            headers=[
                (name, value.decode("latin-1") if isinstance(value, bytes) else value)
                for name, value in request.headers.items()
                if name.lower() != "content-length"
            ],
            data=body,
        ).get_environ()
        # As werkzeug's server sets them: moto matches S3 keys against the raw target.
        environ["RAW_URI"] = environ["REQUEST_URI"] = split.path + (
            f"?{split.query}" if split.query else ""
        )
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
            answer.update(status=int(status.split(" ", 1)[0]), headers=headers)
            return lambda _data: None

        content = b"".join(self._app(environ, start_response))
        return AWSResponse(request.url, answer["status"], answer["headers"], _Body(content))


# Endpoints whose DynamoDB calls are answered in this process (InProcessTransport).
_UNSIGNED: set[str] = set()
_sign = SigV4Auth.add_auth


def _unsigned_dynamodb(prefix: str, on: bool) -> None:
    """Whether DynamoDB calls to URLs starting with `prefix` skip SigV4's signature.

    The signature (a canonical request, its hash, five HMACs: 3% of the runner's
    CPU) is checked by nobody in the process that answers the call; moto reads only
    the credential scope (access key, region), which the Authorization header keeps.
    Calls anywhere else, and every other service's, are signed as ever."""
    (_UNSIGNED.add if on else _UNSIGNED.discard)(prefix)
    SigV4Auth.add_auth = _add_auth if _UNSIGNED else _sign


def _add_auth(auth: SigV4Auth, request: Any) -> None:
    if (
        auth._service_name != "dynamodb"
        or auth.credentials is None
        or not request.url.startswith(tuple(_UNSIGNED))
    ):
        return _sign(auth, request)
    request.context["timestamp"] = get_current_datetime().strftime(SIGV4_TIMESTAMP)
    auth._modify_request_before_signing(request)
    request.headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={auth.scope(request)}, SignedHeaders=, Signature=local"
    )
    return None


def _bytes(body: Any) -> bytes:
    if hasattr(body, "read"):
        body = body.read()
    return body.encode("utf-8") if isinstance(body, str) else (body or b"")


def _environ(request: AWSPreparedRequest, body: bytes) -> dict[str, Any]:
    """The WSGI environ moto's Request.from_primitives builds for a POST to "/", built
    directly: werkzeug's EnvironBuilder took 60 µs of each DynamoDB call."""
    split = urlsplit(request.url)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": request.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": split.path or "/",
        "QUERY_STRING": split.query,
        "RAW_URI": split.path or "/",
        "SERVER_NAME": split.hostname or "",
        "SERVER_PORT": str(split.port or 80),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": split.netloc,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": split.scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
        # moto.core.request.PRESERVED_HEADER_NAMES_ENVIRON_KEY: S3 metadata names as
        # spelled; a DynamoDB call has none.
        "moto.preserved_header_names": {},
    }
    environ["REQUEST_URI"] = environ["RAW_URI"]
    for name, value in request.headers.items():
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
            continue
        text = value.decode("utf-8") if isinstance(value, bytes) else value
        key = key if key == "CONTENT_TYPE" else f"HTTP_{key}"
        environ[key] = f"{environ[key]}, {text}" if key in environ and key != "HTTP_HOST" else text
    return environ


def _is_dynamodb(request: AWSPreparedRequest, path: str) -> bool:
    target = request.headers.get("X-Amz-Target") or ""
    if isinstance(target, bytes):
        target = target.decode("latin-1")
    return request.method == "POST" and path in ("", "/") and target.startswith("DynamoDB_")


def clients(endpoint: str | None) -> dict[str, Any]:
    """boto3 clients for provisioning and snapshots (not the functions' own), on the
    process's parsed service models: the tests provision a fresh moto per test."""
    session = service_aws.new_session()
    return {
        name: session.client(name, endpoint_url=endpoint, config=_ADMIN_CONFIG)
        for name in ("dynamodb", "s3", "apigateway", "secretsmanager", "stepfunctions")
    }


def provision(template: Template, aws: dict[str, Any]) -> dict[str, str]:
    """Create the template's tables, buckets, API and usage plans if missing.

    Returns the physical ids, which are also recorded on the template so that
    `!Ref Table` in a function's environment resolves to the local name.
    """
    stage = template.parameters["Stage"]
    ids = template.physical_ids
    for logical_id, resource in template.resources("AWS::DynamoDB::Table").items():
        ids[logical_id] = name = f"graphgate-{stage}-{logical_id}"
        _create_table(aws["dynamodb"], name, template.resolve(resource["Properties"]))
    for logical_id in template.resources("AWS::S3::Bucket"):
        ids[logical_id] = name = f"graphgate-{stage}-{logical_id}".lower()
        _ensure(lambda n=name: aws["s3"].create_bucket(Bucket=n), "BucketAlreadyOwnedByYou")
    for logical_id, resource in template.resources("AWS::Serverless::Api").items():
        ids[logical_id] = _ensure_rest_api(
            aws["apigateway"], template.resolve(resource["Properties"]["Name"]), stage
        )
    for logical_id, resource in template.resources("AWS::ApiGateway::UsagePlan").items():
        properties = template.resolve(resource["Properties"])
        ids[logical_id] = _ensure_usage_plan(aws["apigateway"], properties, ids, stage)
    for logical_id, resource in template.resources("AWS::SecretsManager::Secret").items():
        # `!Ref` of a secret is its ARN, which is what functions receive.
        ids[logical_id] = _ensure_secret(
            aws["secretsmanager"],
            f"graphgate-{stage}-{logical_id}",
            template.resolve(resource.get("Properties", {})),
        )
    return ids


def _ensure_secret(secretsmanager: Any, name: str, properties: dict[str, Any]) -> str:
    """Create a secret as CloudFormation would: a literal, or a random string."""
    try:
        return secretsmanager.describe_secret(SecretId=name)["ARN"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ResourceNotFoundException":
            raise
    value = properties.get("SecretString")
    if value is None:
        spec = properties.get("GenerateSecretString", {})
        value = secretsmanager.get_random_password(
            PasswordLength=int(spec.get("PasswordLength", 32)),
            ExcludePunctuation=str(spec.get("ExcludePunctuation", "false")).lower() == "true",
        )["RandomPassword"]
        if "SecretStringTemplate" in spec:
            # CloudFormation puts the random string under GenerateStringKey of the template.
            value = json.dumps(
                {**json.loads(spec["SecretStringTemplate"]), spec["GenerateStringKey"]: value}
            )
    return secretsmanager.create_secret(Name=name, SecretString=value)["ARN"]


def _ensure(create: Any, *already: str) -> None:
    try:
        create()
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in already:
            raise


def _create_table(dynamodb: Any, name: str, properties: dict[str, Any]) -> None:
    spec: dict[str, Any] = {
        "TableName": name,
        "AttributeDefinitions": properties["AttributeDefinitions"],
        "KeySchema": properties["KeySchema"],
        "BillingMode": properties.get("BillingMode", "PAY_PER_REQUEST"),
    }
    if properties.get("GlobalSecondaryIndexes"):
        spec["GlobalSecondaryIndexes"] = properties["GlobalSecondaryIndexes"]
    _ensure(lambda: dynamodb.create_table(**spec), "ResourceInUseException")
    ttl = properties.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled"):
        dynamodb.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True},
        )


def _ensure_rest_api(apigateway: Any, name: str, stage: str) -> str:
    existing = [a for a in apigateway.get_rest_apis()["items"] if a["name"] == name]
    if existing:
        return existing[0]["id"]
    api_id = apigateway.create_rest_api(name=name, apiKeySource="HEADER")["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(
        restApiId=api_id, resourceId=root, httpMethod="ANY", authorizationType="NONE"
    )
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="ANY", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName=stage)
    return api_id


def _ensure_usage_plan(
    apigateway: Any, props: dict[str, Any], ids: dict[str, str], stage: str
) -> str:
    name = props["UsagePlanName"]
    existing = [p for p in apigateway.get_usage_plans()["items"] if p["name"] == name]
    if existing:
        return existing[0]["id"]
    api_stages = [
        {
            "apiId": ids.get(s["ApiId"], s["ApiId"]),
            "stage": stage,
            # Per-method limits, keyed "/path/METHOD" as GetUsagePlan reports them.
            **(
                {
                    "throttle": {
                        method: {
                            "rateLimit": float(limits["RateLimit"]),
                            "burstLimit": int(limits["BurstLimit"]),
                        }
                        for method, limits in s["Throttle"].items()
                    }
                }
                if s.get("Throttle")
                else {}
            ),
        }
        for s in props.get("ApiStages", [])
    ]
    throttle, quota = props.get("Throttle", {}), props.get("Quota", {})
    return apigateway.create_usage_plan(
        name=name,
        description=props.get("Description", ""),
        apiStages=api_stages,
        throttle={
            "rateLimit": float(throttle["RateLimit"]),
            "burstLimit": int(throttle["BurstLimit"]),
        },
        quota={"limit": int(quota["Limit"]), "period": quota.get("Period", "DAY")},
    )["id"]


# ------------------------------------------------------------------ snapshots
# Items per Scan page: each page holds the emulator's lock while moto builds it, and a
# 1 MB page (DynamoDB's default) of a table the load test has filled held it for
# hundreds of milliseconds every SNAPSHOT_INTERVAL_S, in front of every request.
SNAPSHOT_SCAN_PAGE = 200
# Bucket objects are saved beside state.json, one file each, read this much at a time.
OBJECTS = "objects"
SNAPSHOT_READ_BYTES = 64 * 1024 * 1024


def snapshot(
    aws: dict[str, Any],
    template: Template,
    directory: Path,
    objects_seen: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> None:
    """Write every table item, bucket object and API key to `directory` atomically.

    `objects_seen` ((bucket, key) -> (ETag, file name)), kept by the caller between
    snapshots, spares re-reading an object whose ETag has not changed. One snapshot at a
    time: stop()'s final one may start while a periodic one is writing the same files."""
    with _SNAPSHOTS:
        _snapshot(aws, template, directory, objects_seen)


_SNAPSHOTS = threading.Lock()


def _snapshot(
    aws: dict[str, Any],
    template: Template,
    directory: Path,
    objects_seen: dict[tuple[str, str], tuple[str, str]] | None,
) -> None:
    ids = template.physical_ids
    seen = {} if objects_seen is None else objects_seen
    state: dict[str, Any] = {"tables": {}, "buckets": {}, "api_keys": [], "secrets": {}}
    for logical_id in template.resources("AWS::SecretsManager::Secret"):
        state["secrets"][logical_id] = aws["secretsmanager"].get_secret_value(
            SecretId=ids[logical_id]
        )["SecretString"]
    for logical_id in template.resources("AWS::DynamoDB::Table"):
        pages = (
            aws["dynamodb"]
            .get_paginator("scan")
            .paginate(TableName=ids[logical_id], PaginationConfig={"PageSize": SNAPSHOT_SCAN_PAGE})
        )
        state["tables"][logical_id] = [
            _binary_to_text(item) for page in pages for item in page["Items"]
        ]
    for logical_id in template.resources("AWS::S3::Bucket"):
        state["buckets"][logical_id] = _objects(aws["s3"], ids[logical_id], seen, directory)
    plans_by_id = {p["id"]: p["name"] for p in aws["apigateway"].get_usage_plans()["items"]}
    members: dict[str, list[str]] = {}
    for plan_id, plan_name in plans_by_id.items():
        for key in aws["apigateway"].get_usage_plan_keys(usagePlanId=plan_id)["items"]:
            members.setdefault(key["id"], []).append(plan_name)
    for key in aws["apigateway"].get_api_keys(includeValues=True)["items"]:
        state["api_keys"].append(
            {
                "id": key["id"],
                "name": key.get("name"),
                "value": key["value"],
                "enabled": key.get("enabled", False),
                "description": key.get("description", ""),
                "customerId": key.get("customerId"),
                "plans": members.get(key["id"], []),
            }
        )
    files.write_json(directory / "state.json", state)
    _drop_unlisted_objects(directory, state)


def _objects(
    s3: Any, bucket: str, seen: dict[tuple[str, str], tuple[str, str]], directory: Path
) -> dict:
    """Every object of `bucket` as {key: {"etag", "file"}}, its bytes in a file of its own
    under `directory`/objects, written only when new or changed since `seen`, in ranged
    reads: a 3 GB dataset was once base64 in state.json and in memory between snapshots."""
    objects = {}
    listed = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for entry in page.get("Contents", []):
            key, etag = entry["Key"], entry["ETag"]
            listed.add((bucket, key))
            known = seen.get((bucket, key))
            if known is None or known[0] != etag:
                name = hashlib.sha256(f"{bucket}\0{key}".encode()).hexdigest()
                path = directory / OBJECTS / name
                if _save_object(s3, bucket, key, etag, int(entry["Size"]), path):
                    known = seen[(bucket, key)] = (etag, name)
            if known is not None:  # else new and replaced or deleted while read: next time
                objects[key] = {"etag": known[0], "file": known[1]}
    for gone in [k for k in seen if k[0] == bucket and k not in listed]:
        seen.pop(gone, None)  # the final snapshot may run beside a periodic one
    return objects


def _save_object(s3: Any, bucket: str, key: str, etag: str, size: int, path: Path) -> bool:
    """Write the object's bytes to `path` if every ranged read is of the version listed
    (`etag`); False, leaving `path` as it was, if the object changed or went meanwhile:
    ranges of two versions would make a file that is neither, saved as the first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with scratch.open("wb") as out:
            for first in range(0, size, SNAPSHOT_READ_BYTES):
                last = min(size, first + SNAPSHOT_READ_BYTES) - 1
                got = s3.get_object(
                    Bucket=bucket, Key=key, Range=f"bytes={first}-{last}", IfMatch=etag
                )
                out.write(got["Body"].read())
    except ClientError as exc:
        scratch.unlink(missing_ok=True)
        if exc.response["Error"]["Code"] in ("PreconditionFailed", "NoSuchKey", "InvalidRange"):
            return False
        raise
    os.replace(scratch, path)
    return True


def _drop_unlisted_objects(directory: Path, state: dict[str, Any]) -> None:
    """Remove the object files the snapshot just written no longer names."""
    kept = {o["file"] for objects in state["buckets"].values() for o in objects.values()}
    for path in (directory / OBJECTS).glob("*"):
        if path.name not in kept and not path.name.startswith("."):
            path.unlink(missing_ok=True)


def _binary_to_text(item: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB binary attributes (B) as base64 text, so an item fits in JSON."""
    return {
        name: {"B64": base64.b64encode(value["B"]).decode("ascii")} if "B" in value else value
        for name, value in item.items()
    }


def _text_to_binary(item: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"B": base64.b64decode(value["B64"])} if "B64" in value else value
        for name, value in item.items()
    }


def restore(aws: dict[str, Any], template: Template, directory: Path) -> bool:
    """Replay a snapshot into freshly provisioned resources. False if there is none."""
    source = directory / "state.json"
    if not source.exists():
        return False
    state = json.loads(source.read_text(encoding="utf-8"))
    ids = template.physical_ids
    for logical_id, items in state["tables"].items():
        if logical_id in ids:
            for item in items:
                aws["dynamodb"].put_item(TableName=ids[logical_id], Item=_text_to_binary(item))
    for logical_id, objects in state["buckets"].items():
        if logical_id in ids:
            for key, saved in objects.items():
                if isinstance(saved, str):  # a snapshot from before objects had files
                    body = base64.b64decode(saved)
                    aws["s3"].put_object(Bucket=ids[logical_id], Key=key, Body=body)
                    continue
                with (directory / OBJECTS / saved["file"]).open("rb") as body:
                    aws["s3"].put_object(Bucket=ids[logical_id], Key=key, Body=body)
    _restore_api_keys(aws["apigateway"], state["api_keys"])
    for logical_id, value in state.get("secrets", {}).items():
        # Signing keys must survive a restart, or every token and cursor dies with it.
        if logical_id in ids:
            aws["secretsmanager"].put_secret_value(SecretId=ids[logical_id], SecretString=value)
    return True


def _restore_api_keys(apigateway: Any, keys: list[dict[str, Any]]) -> None:
    from moto.apigateway.utils import ApigwApiKeyIdentifier
    from moto.utilities.id_generator import moto_id_manager

    plans = {p["name"]: p["id"] for p in apigateway.get_usage_plans()["items"]}
    for key in keys:
        # Tenants refer to their key by id, so the id must survive a restart.
        moto_id_manager.set_custom_id(
            ApigwApiKeyIdentifier(ACCOUNT_ID, REGION, key["value"]), key["id"]
        )
        created = apigateway.create_api_key(
            name=key["name"] or key["id"],
            value=key["value"],
            enabled=key["enabled"],
            description=key.get("description") or "",
            **({"customerId": key["customerId"]} if key.get("customerId") else {}),
        )
        for plan_name in key["plans"]:
            if plan_name in plans:
                apigateway.create_usage_plan_key(
                    usagePlanId=plans[plan_name], keyId=created["id"], keyType="API_KEY"
                )
