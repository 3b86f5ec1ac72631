"""The IAM each function's role grants in template.yaml, checked against the AWS calls
its code makes while the tests run it against moto (which grants everything).

On AWS a call the role does not allow fails with AccessDenied; against moto and in the
local runner it succeeds, so a missing grant showed only after a deploy (GET /v1/usage
read the table with a role that could not). `enforced()` refuses such calls in
process, as AWS would, for code running inside a function's handler: a test through
the handlers sees the AccessDenied a deployed stage would give.

The SAM policy templates are expanded from tests/fixtures/sam_policy_templates.json,
recorded from the SAM CLI's own samtranslator (tests/reference/sam_policy_templates.py).
"""

import contextlib
import fnmatch
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore.client
from botocore.exceptions import ClientError

from localrunner.cfn import ACCOUNT_ID, REGION, Template
from tests.support import REPO_ROOT

POLICY_TEMPLATES = json.loads(
    (REPO_ROOT / "tests" / "fixtures" / "sam_policy_templates.json").read_text(encoding="utf-8")
)["templates"]
FUNCTIONS_DIR = REPO_ROOT / "functions"
# boto3 service name -> IAM action prefix, where they differ
ACTION_PREFIX = {"stepfunctions": "states"}
UNKNOWN = "*"  # a resource the tests do not provision (a function's or machine's name)


# The property that names a resource the tests do not provision, where the template
# gives the name: the grant then names it, as on AWS, and a call to another is refused.
STATE_MACHINE = "AWS::Serverless::StateMachine"
NAME_PROPERTY = {"AWS::Serverless::Function": "FunctionName", STATE_MACHINE: "Name"}


class _Resolver(Template):
    """template.yaml's intrinsics with ARNs shaped as IAM sees them (the local runner's
    own shapes are its own), a resource the tests do not provision by the name the
    template gives it, and one it leaves to CloudFormation to name as a wildcard."""

    def _ref(self, name: str) -> str:
        try:
            return super()._ref(name)
        except KeyError:
            pass
        named = self._name(name)
        if self._kind(name) == STATE_MACHINE and named != UNKNOWN:
            return f"arn:aws:states:{REGION}:{ACCOUNT_ID}:stateMachine:{named}"
        return named  # a function's Ref is its name

    def _get_att(self, logical_id: str, attribute: str) -> str:
        kind = self._kind(logical_id)
        if kind == "AWS::S3::Bucket" and attribute == "Arn":
            return f"arn:aws:s3:::{self._ref(logical_id)}"
        if kind == STATE_MACHINE and attribute == "Name":
            return self._name(logical_id)
        return super()._get_att(logical_id, attribute)

    def _kind(self, logical_id: str) -> str | None:
        return self.body["Resources"].get(logical_id, {}).get("Type")

    def _name(self, logical_id: str) -> str:
        resource = self.body["Resources"].get(logical_id, {})
        explicit = resource.get("Properties", {}).get(NAME_PROPERTY.get(resource.get("Type"), ""))
        return str(self.resolve(explicit)) if explicit else UNKNOWN


def _bind(definition: Any, parameters: dict[str, Any]) -> Any:
    """A policy template's definition with its `!Ref Parameter`s replaced."""
    if isinstance(definition, list):
        return [_bind(v, parameters) for v in definition]
    if isinstance(definition, dict):
        if set(definition) == {"Ref"} and definition["Ref"] in parameters:
            return parameters[definition["Ref"]]
        return {k: _bind(v, parameters) for k, v in definition.items()}
    return definition


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def statements(template: Template, function: str) -> list[dict[str, list[str]]]:
    """The Allow statements of `function`'s role: {"Action": [...], "Resource": [...]}."""
    resolver = _Resolver(template.path, template.body, template.parameters)
    resolver.physical_ids = template.physical_ids
    granted = []
    for policy in template.resource(function)["Properties"].get("Policies", []):
        ((name, parameters),) = policy.items()
        if name == "Statement":
            found = _as_list(parameters)
        else:
            found = _bind(POLICY_TEMPLATES[name], parameters)
        for statement in resolver.resolve(found):
            assert statement["Effect"] == "Allow", (function, statement)
            granted.append(
                {
                    "Action": _as_list(statement["Action"]),
                    "Resource": _as_list(statement["Resource"]),
                }
            )
    return granted


def allowed(granted: list[dict[str, list[str]]], action: str, resource: str) -> bool:
    return any(
        any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in s["Action"])
        and any(fnmatch.fnmatchcase(resource, r) for r in s["Resource"])
        for s in granted
    )


# ------------------------------------------------------------ what a call needs


def _table(name: str) -> str:
    return f"arn:aws:dynamodb:{REGION}:{ACCOUNT_ID}:table/{name}"


TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
    "Get": "GetItem",
}


def _dynamodb(operation: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    if operation in ("TransactWriteItems", "TransactGetItems"):
        return [
            (f"dynamodb:{TRANSACT_ACTIONS[kind]}", _table(body["TableName"]))
            for item in params["TransactItems"]
            for kind, body in item.items()
        ]
    if operation in ("BatchGetItem", "BatchWriteItem"):
        return [(f"dynamodb:{operation}", _table(t)) for t in params["RequestItems"]]
    return [(f"dynamodb:{operation}", _table(params["TableName"]))]


# S3 operation -> (IAM action, on the object or the bucket)
S3_ACTIONS = {
    "GetObject": ("GetObject", "object"),
    "HeadObject": ("GetObject", "object"),
    "PutObject": ("PutObject", "object"),
    "CreateMultipartUpload": ("PutObject", "object"),
    "UploadPart": ("PutObject", "object"),
    "CompleteMultipartUpload": ("PutObject", "object"),
    "CopyObject": ("PutObject", "object"),
    "DeleteObject": ("DeleteObject", "object"),
    "AbortMultipartUpload": ("AbortMultipartUpload", "object"),
    "ListParts": ("ListMultipartUploadParts", "object"),
    "PutObjectTagging": ("PutObjectTagging", "object"),
    "GetObjectTagging": ("GetObjectTagging", "object"),
    "DeleteObjectTagging": ("DeleteObjectTagging", "object"),
    "ListObjectsV2": ("ListBucket", "bucket"),
    "ListObjects": ("ListBucket", "bucket"),
    "HeadBucket": ("ListBucket", "bucket"),
    "ListMultipartUploads": ("ListBucketMultipartUploads", "bucket"),
}


def _s3(operation: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    bucket = f"arn:aws:s3:::{params['Bucket']}"
    if operation == "DeleteObjects":
        return [("s3:DeleteObject", f"{bucket}/{o['Key']}") for o in params["Delete"]["Objects"]]
    action, on = S3_ACTIONS[operation]
    needed = [(f"s3:{action}", f"{bucket}/{params['Key']}" if on == "object" else bucket)]
    if operation == "CopyObject":
        source = params["CopySource"]
        source = f"{source['Bucket']}/{source['Key']}" if isinstance(source, dict) else source
        needed.append(("s3:GetObject", f"arn:aws:s3:::{source.lstrip('/')}"))
    if params.get("Tagging"):  # tags on the write need the tagging action too
        needed.append(("s3:PutObjectTagging", needed[0][1]))
    return needed


def _arn_or(kind: str, name: str) -> str:
    return name if name.startswith("arn:") else f"arn:aws:{kind}:{REGION}:{ACCOUNT_ID}:{name}"


APIGATEWAY_VERBS = {"Get": "GET", "Update": "PATCH", "Create": "POST", "Delete": "DELETE"}


def _apigateway(operation: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    verb = next(v for prefix, v in APIGATEWAY_VERBS.items() if operation.startswith(prefix))
    if "usagePlanId" in params:
        path = f"/usageplans/{params['usagePlanId']}"
        path += "/usage" if operation == "GetUsage" else ""
        path += f"/keys/{params['keyId']}" if operation.endswith("UsagePlanKey") else ""
    elif "apiKey" in params:
        path = f"/apikeys/{params['apiKey']}"
    else:
        raise KeyError(operation)
    return [(f"apigateway:{verb}", f"arn:aws:apigateway:{REGION}::{path}")]


def needed(service: str, operation: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    """The (IAM action, resource ARN) pairs AWS authorises a call by."""
    if service == "dynamodb":
        return _dynamodb(operation, params)
    if service == "s3":
        return _s3(operation, params)
    if service == "apigateway":
        return _apigateway(operation, params)
    if service == "lambda" and operation == "Invoke":
        name = _arn_or("lambda", f"function:{params['FunctionName']}")
        return [("lambda:InvokeFunction", name)]
    if service == "secretsmanager":
        return [(f"secretsmanager:{operation}", params["SecretId"])]
    if service == "stepfunctions":
        target = params.get("stateMachineArn") or params.get("executionArn")
        return [(f"states:{operation}", target)]
    return [(f"{ACTION_PREFIX.get(service, service)}:{operation}", "*")]


# ------------------------------------------------------------------ enforcing


def _function_dirs(template: Template) -> dict[str, str]:
    """functions/<dir> -> the logical id of the function built from it."""
    return {
        Path(resource["Properties"]["CodeUri"]).name: name
        for name, resource in template.resources("AWS::Serverless::Function").items()
    }


def calling_function(dirs: dict[str, str]) -> str | None:
    """The function whose handler code is on this thread's stack, innermost first."""
    frame = sys._getframe(2)
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.parent.parent == FUNCTIONS_DIR and path.parent.name in dirs:
            return dirs[path.parent.name]
        frame = frame.f_back
    return None


# botocore's signers of presigned requests: AWS authorises the request a URL makes by the
# signer's role, when it is made (a PUT of the URL a dataset's registration answers).
PRESIGNERS = frozenset(("generate_presigned_url", "generate_presigned_post"))


@contextlib.contextmanager
def enforced(template: Template) -> Iterator[list[str]]:
    """Refuse, as AWS would, every call made from a function's code that its role does
    not allow, and every URL it presigns for a request its role does not allow (refused
    when signed, where AWS refuses the request made with it); yields the refusals (a test
    asserts none happened: code may swallow the error it gets)."""
    dirs = _function_dirs(template)
    roles = {name: statements(template, name) for name in dirs.values()}
    refused: list[str] = []
    lock = threading.Lock()
    original = botocore.client.BaseClient._make_api_call
    original_params = botocore.client.BaseClient._emit_api_params

    def check(client: Any, operation: str, params: dict[str, Any]) -> None:
        function = calling_function(dirs)
        if function is None:
            return
        service = client.meta.service_model.service_name
        for action, resource in needed(service, operation, params):
            if not allowed(roles[function], action, resource):
                message = f"{function} is not authorized to perform {action} on {resource}"
                with lock:
                    refused.append(message)
                raise ClientError(
                    {"Error": {"Code": "AccessDeniedException", "Message": message}}, operation
                )

    def checked(client: Any, operation: str, params: dict[str, Any]) -> Any:
        check(client, operation, params)
        return original(client, operation, params)

    def presigned(client: Any, api_params: Any, operation_model: Any, context: Any) -> Any:
        if sys._getframe(1).f_code.co_name in PRESIGNERS:
            check(client, operation_model.name, api_params)
        return original_params(client, api_params, operation_model, context)

    botocore.client.BaseClient._make_api_call = checked
    botocore.client.BaseClient._emit_api_params = presigned
    try:
        yield refused
    finally:
        botocore.client.BaseClient._make_api_call = original
        botocore.client.BaseClient._emit_api_params = original_params
