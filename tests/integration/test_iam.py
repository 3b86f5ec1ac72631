"""Each function's role in template.yaml against the calls its code makes (tests/iam.py):
moto grants everything, AWS only what the role allows, so these are the calls that
passed every local test and failed on a deployed stage."""

import copy
import importlib
import json
import sys
from types import SimpleNamespace

import pytest

from localrunner.cfn import Template
from tests import iam
from tests.support import REPO_ROOT, load_event, moto_aws


@pytest.fixture(scope="module")
def template():
    return Template.load(REPO_ROOT / "template.yaml", {"Stage": "test"})


def _role(template, function):
    template.physical_ids.update({"Table": "graphgate-test-Table", "TensorBucket": "bucket"})
    return iam.statements(template, function)


OK = SimpleNamespace(status_code=200, headers={})  # an HTTP answer, for botocore
TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/graphgate-test-Table"


def test_a_read_only_role_reads_its_table_and_nothing_else(template):
    role = _role(template, "HealthFunction")
    assert iam.allowed(role, "dynamodb:GetItem", TABLE)
    assert not iam.allowed(role, "dynamodb:PutItem", TABLE)
    assert not iam.allowed(role, "dynamodb:GetItem", TABLE.replace("Table", "Other"))
    assert not iam.allowed(role, "s3:GetObject", "arn:aws:s3:::bucket/x")


def test_the_calls_a_role_needs_are_the_ones_aws_authorises_by():
    assert iam.needed(
        "dynamodb",
        "TransactWriteItems",
        {"TransactItems": [{"Put": {"TableName": "t"}}, {"ConditionCheck": {"TableName": "t"}}]},
    ) == [
        ("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/t"),
        ("dynamodb:ConditionCheckItem", "arn:aws:dynamodb:us-east-1:123456789012:table/t"),
    ]
    # a tagged write needs the tagging action as well (S3's rule, not the SDK's)
    assert iam.needed("s3", "PutObject", {"Bucket": "b", "Key": "k", "Tagging": "a=b"}) == [
        ("s3:PutObject", "arn:aws:s3:::b/k"),
        ("s3:PutObjectTagging", "arn:aws:s3:::b/k"),
    ]
    assert iam.needed("apigateway", "GetUsage", {"usagePlanId": "p", "keyId": "k"}) == [
        ("apigateway:GET", "arn:aws:apigateway:us-east-1::/usageplans/p/usage")
    ]


def _usage_handler():
    sys.path.insert(0, str(REPO_ROOT / "functions" / "usage"))
    try:
        return importlib.import_module("usage")
    finally:
        sys.path.remove(str(REPO_ROOT / "functions" / "usage"))


def test_get_usage_reads_the_table_with_a_role_that_may(monkeypatch):
    # GIVEN the usage function under moto, its calls held to its role
    from graphgate_service import aws as service_aws
    from graphgate_service import settings

    with moto_aws(monkeypatch) as aws:
        ids = aws["ids"]
        monkeypatch.setenv(
            "USAGE_PLAN_IDS", f"free={ids['FreeUsagePlan']},pro={ids['ProUsagePlan']}"
        )
        settings.get.cache_clear()
        key = aws["clients"]["apigateway"].create_api_key(name="k", enabled=True)["id"]
        # moto has no GetUsage (the local runner answers it from its own meter)
        service_aws.client("apigateway").meta.events.register(
            "before-call.apigateway.GetUsage", lambda **_: (OK, {"items": {key: [[7, 0]]}})
        )
        event = copy.deepcopy(load_event("get-graphs"))
        event["resource"] = event["path"] = event["requestContext"]["resourcePath"] = "/v1/usage"
        # get-graphs' ?limit is no parameter of /v1/usage (a 400 since round 24)
        event["queryStringParameters"] = event["multiValueQueryStringParameters"] = None
        event["requestContext"]["identity"]["apiKeyId"] = key
        event["requestContext"]["authorizer"].update(plan="free", scope="usage:read")
        # WHEN a tenant asks for its usage
        response = _usage_handler().lambda_handler(event, None)
        # THEN it is answered (the runs come from the table, the quota from the gateway);
        # with no table grant the metering read was refused, as on AWS
        assert response["statusCode"] == 200, response["body"]
        assert json.loads(response["body"])["quota"]["used"] == 7


def test_a_call_outside_the_role_is_refused_as_aws_would(monkeypatch, template):
    # GIVEN the health function, whose role only reads the table
    with pytest.raises(AssertionError, match=r"HealthFunction .* dynamodb:PutItem"):
        _health_writes(monkeypatch)


def test_a_url_presigned_for_a_request_outside_the_role_is_refused(monkeypatch):
    # Review 31: AWS authorises the request a presigned URL makes by the signer's role;
    # signing is no call, so a URL for a request the role may not make (a tagged upload
    # without s3:PutObjectTagging) passed every test and failed only when used.
    with pytest.raises(AssertionError, match=r"HealthFunction .* s3:PutObject on "):
        _health_writes(monkeypatch, presigned=True)


def _health_writes(monkeypatch, presigned=False):
    with moto_aws(monkeypatch):
        from graphgate_service import storage

        def ping(self):  # a write where the function only may read
            if presigned:
                self.s3.generate_presigned_url(
                    "put_object", Params={"Bucket": self.bucket, "Key": "k", "Tagging": "a=b"}
                )
                return
            self.dynamodb.put_item(TableName=self.table, Item={"pk": {"S": "x"}, "sk": {"S": "y"}})

        monkeypatch.setattr(storage.Store, "ping", ping)
        sys.path.insert(0, str(REPO_ROOT / "functions" / "health"))
        try:
            health = importlib.import_module("health")
        finally:
            sys.path.remove(str(REPO_ROOT / "functions" / "health"))
        response = health.lambda_handler(load_event("get-health"), None)
        # WHEN it writes, THEN the write fails as AWS's AccessDenied, and the refusal is
        # reported when moto_aws closes even though the handler answered for it
        assert response["statusCode"] >= 500


def test_no_function_may_reconfigure_the_bucket(template):
    # The functions read, write and delete objects; the bucket's lifecycle rules (which
    # expire uploads and old versions) and its ACLs are the template's alone.
    bucket = "arn:aws:s3:::bucket"
    functions = template.resources("AWS::Serverless::Function")
    users = 0
    for name in functions:
        role = _role(template, name)
        users += iam.allowed(role, "s3:PutObject", f"{bucket}/tenants/x")
        for action in ("s3:PutLifecycleConfiguration", "s3:PutBucketAcl", "s3:PutObjectAcl"):
            assert not iam.allowed(role, action, bucket), (name, action)
            assert not iam.allowed(role, action, f"{bucket}/tenants/x"), (name, action)
    assert users == 6  # sessions, worker, graphs, models, batches, batchworker


def test_a_grant_on_a_named_function_or_state_machine_names_it(template):
    # Review 31: a function or state machine the tests do not provision resolved to '*',
    # so the sessions function's LambdaInvokePolicy allowed invoking every function and
    # the batches function's StartExecution every state machine. The template names both
    # (FunctionName, Name): the grants name them, and a call to another is refused.
    sessions, batches = _role(template, "SessionsFunction"), _role(template, "BatchesFunction")
    lam = "arn:aws:lambda:us-east-1:123456789012:function:"
    assert iam.allowed(sessions, "lambda:InvokeFunction", lam + "graphgate-test-worker")
    assert not iam.allowed(sessions, "lambda:InvokeFunction", lam + "graphgate-test-sessions")
    machine = "arn:aws:states:us-east-1:123456789012:stateMachine:graphgate-test-batches"
    execution = machine.replace(":stateMachine:", ":execution:") + ":b_1"
    assert iam.allowed(batches, "states:StartExecution", machine)
    assert iam.allowed(batches, "states:StopExecution", execution)
    assert not iam.allowed(batches, "states:StartExecution", machine + "-other")
    assert not iam.allowed(batches, "states:StopExecution", execution.replace("batches", "x"))


def test_the_batch_state_machine_may_read_its_manifests_and_write_its_map_results(template):
    # GIVEN the state machine's role and its definition's ItemReader and ResultWriter
    role = _role(template, "BatchStateMachine")
    asl = json.loads((REPO_ROOT / "statemachines" / "batch.asl.json").read_text())
    prefix = asl["States"]["Shards"]["ResultWriter"]["Parameters"]["Prefix"]
    bucket = "arn:aws:s3:::bucket"
    # THEN the ItemReader reads a batch's manifest where batches.submit writes it
    from graphgate_service import keys

    manifest = f"{bucket}/{keys.batch_manifest('t_1', 'b_1')}"
    assert iam.allowed(role, "s3:GetObject", manifest)
    # AND the ResultWriter may do all that AWS documents it needs for its multipart
    # writes (ListMultipartUploadParts and AbortMultipartUpload among them: without them
    # a deployed map run may fail writing its results, which moto never checks)
    results = f"{bucket}/{prefix}/b_1/Shards:0f1e/SUCCEEDED_0.json"
    for action in ("PutObject", "GetObject", "ListMultipartUploadParts", "AbortMultipartUpload"):
        assert iam.allowed(role, f"s3:{action}", results), action
    # AND nothing else of the bucket: not a tenant's data, not its configuration
    assert not iam.allowed(role, "s3:GetObject", f"{bucket}/tenants/t_1/datasets/ds_1/x.npy")
    assert not iam.allowed(role, "s3:PutObject", manifest)
    for action in ("s3:PutLifecycleConfiguration", "s3:PutBucketAcl", "s3:DeleteObject"):
        assert not iam.allowed(role, action, bucket), action
        assert not iam.allowed(role, action, results), action
