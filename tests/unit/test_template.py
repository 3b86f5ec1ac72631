"""template.yaml properties that `sam validate --lint` accepts either way but that
would break silently: a missing log retention, a public bucket, an alarm that
watches a metric nobody emits."""

import ast
import os
import platform
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from localrunner.cfn import load_yaml
from tests.support import REPO_ROOT


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    # The same reader the local runner and the moto fixtures use, so every test
    # sees the template the same way.
    return load_yaml(REPO_ROOT / "template.yaml")


def resources_of(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == resource_type}


def alarms(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: v["Properties"] for k, v in resources_of(template, "AWS::CloudWatch::Alarm").items()}


def metric_stats(alarm: dict[str, Any]) -> list[dict[str, Any]]:
    """The metrics an alarm reads, whether it is a plain or a metric-math alarm."""
    if "Metrics" in alarm:
        return [m["MetricStat"]["Metric"] for m in alarm["Metrics"] if "MetricStat" in m]
    return [alarm]


def dimensions(metric: dict[str, Any]) -> dict[str, Any]:
    return {d["Name"]: d["Value"] for d in metric.get("Dimensions", [])}


def alarms_on(template: dict[str, Any], namespace: str, metric_name: str) -> list[dict[str, Any]]:
    return [
        alarm
        for alarm in alarms(template).values()
        if any(
            m["Namespace"] == namespace and m["MetricName"] == metric_name
            for m in metric_stats(alarm)
        )
    ]


# ------------------------------------------------------------------ functions


def test_functions_run_python313_on_arm64(template):
    function_globals = template["Globals"]["Function"]
    assert function_globals["Runtime"] == "python3.13"
    assert function_globals["Architectures"] == ["arm64"]
    for name, res in resources_of(template, "AWS::Serverless::Function").items():
        props = res["Properties"]
        assert props.get("Runtime", "python3.13") == "python3.13", name
        assert props.get("Architectures", ["arm64"]) == ["arm64"], name


def test_functions_run_one_blas_thread_and_the_local_runner_sets_it_before_numpy(template):
    # GIVEN the template's function environment and the runner's copy of its BLAS part
    from localrunner import BLAS_ENVIRONMENT

    env = template["Globals"]["Function"]["Environment"]["Variables"]
    assert (
        {k: env[k] for k in BLAS_ENVIRONMENT}
        == BLAS_ENVIRONMENT
        == {
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
        }
    )
    for name, res in resources_of(template, "AWS::Serverless::Function").items():
        own = res["Properties"].get("Environment", {}).get("Variables", {})
        assert not set(own) & set(BLAS_ENVIRONMENT), name  # no function overrides it
    # WHEN the runner's package is imported first, as its command does
    probe = (
        "import sys, os, localrunner; "
        "print('numpy' in sys.modules, os.environ['OPENBLAS_NUM_THREADS'])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in BLAS_ENVIRONMENT}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=clean, capture_output=True, text=True, check=True
    )
    # THEN the thread count is set while numpy (and so OpenBLAS) is not yet loaded
    assert out.stdout.split() == ["False", "1"]


_FAULTS_OF_REUSED_ARRAYS = """
import resource, sys
if sys.argv[1] == "runner":
    import localrunner
import numpy as np
np.ones(2 << 20, np.float32)  # one 8 MB block, freed: glibc's own thresholds adapt to it
start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    b, c = np.ones(2 << 20, np.float32), np.ones(2 << 20, np.float32)
    del b, c
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - start)
"""


def test_functions_the_local_runner_and_bench_share_the_allocator_settings(template):
    # GIVEN the template's allocator settings, the runner's copy and `make bench`'s
    from localrunner import ALLOCATOR_ENVIRONMENT

    env = template["Globals"]["Function"]["Environment"]["Variables"]
    makefile = (REPO_ROOT / "Makefile").read_text()
    bench = re.search(r"^LAMBDA_ALLOCATOR := (.*)$", makefile, re.M).group(1)
    # THEN they are one setting
    assert {k: env[k] for k in ALLOCATOR_ENVIRONMENT} == ALLOCATOR_ENVIRONMENT
    assert dict(pair.split("=") for pair in bench.split()) == ALLOCATOR_ENVIRONMENT


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator settings")
def test_the_local_runner_keeps_freed_arrays_for_reuse():
    from localrunner import ALLOCATOR_ENVIRONMENT

    # WHEN a process allocates and frees two 8 MB arrays ten times, with and without the
    # runner's package imported (its command imports it first)
    clean = {k: v for k, v in os.environ.items() if k not in ALLOCATOR_ENVIRONMENT}
    faults = {
        mode: int(
            subprocess.run(
                [sys.executable, "-c", _FAULTS_OF_REUSED_ARRAYS, mode],
                env=clean,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for mode in ("plain", "runner")
    }
    # THEN glibc's defaults hand the 16 MB back and fault it in again each round, where
    # the runner keeps it (how many faults a round costs depends on the kernel's page
    # sizes: 10,000 against 515 on the dev machine)
    assert faults["runner"] * 5 < faults["plain"], faults


@pytest.mark.parametrize(
    "resource_type", ["AWS::Serverless::Function", "AWS::Serverless::LayerVersion"]
)
def test_everything_built_is_built_by_its_makefile(template, resource_type):
    built = resources_of(template, resource_type)
    assert built
    for name, res in built.items():
        assert res.get("Metadata", {}).get("BuildMethod") == "makefile", name


def test_every_function_logs_to_its_own_log_group_with_retention(template):
    log_groups = resources_of(template, "AWS::Logs::LogGroup")
    for name, res in resources_of(template, "AWS::Serverless::Function").items():
        target = res["Properties"].get("LoggingConfig", {}).get("LogGroup")
        assert isinstance(target, dict) and "Ref" in target, f"{name} has no explicit log group"
        group = log_groups[target["Ref"]]["Properties"]
        assert group["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name
        assert group["LogGroupName"]["Fn::Sub"].startswith("/aws/lambda/graphgate-${Stage}-"), name


def test_every_log_group_expires(template):
    # Including API Gateway's execution log group, which it would otherwise
    # create itself with no retention.
    groups = resources_of(template, "AWS::Logs::LogGroup")
    names = [g["Properties"]["LogGroupName"]["Fn::Sub"] for g in groups.values()]
    assert "API-Gateway-Execution-Logs_${Api}/${Stage}" in names
    for name, group in groups.items():
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name


# ---------------------------------------------------------------- storage


def test_table_has_pitr_ttl_and_deletion_protection_in_prod(template):
    table = template["Resources"]["Table"]
    props = table["Properties"]
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert props["DeletionProtectionEnabled"] == {"Fn::If": ["IsProd", True, False]}
    assert table["DeletionPolicy"] == "Retain"
    assert template["Conditions"]["IsProd"] == {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}


def test_bucket_is_private_encrypted_and_tls_only(template):
    bucket = template["Resources"]["TensorBucket"]["Properties"]
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]

    policies = [
        res["Properties"]
        for res in resources_of(template, "AWS::S3::BucketPolicy").values()
        if res["Properties"]["Bucket"] == {"Ref": "TensorBucket"}
    ]
    assert len(policies) == 1
    deny_plain_http = [
        s
        for s in policies[0]["PolicyDocument"]["Statement"]
        if s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    ]
    assert len(deny_plain_http) == 1
    statement = deny_plain_http[0]
    assert statement["Principal"] == "*"
    assert statement["Action"] == "s3:*"
    # Both the bucket and every object in it.
    assert statement["Resource"] == [
        {"Fn::GetAtt": ["TensorBucket", "Arn"]},
        {"Fn::Sub": "${TensorBucket.Arn}/*"},
    ]


# -------------------------------------------------------------------- API


def test_api_definition_is_openapi_yaml(template):
    body = template["Resources"]["Api"]["Properties"]["DefinitionBody"]
    include = body["Fn::Transform"]
    assert include["Name"] == "AWS::Include"
    assert include["Parameters"]["Location"] == "api/openapi.yaml"
    assert (REPO_ROOT / "api" / "openapi.yaml").is_file()


def test_usage_plans_take_their_limits_from_parameters(template):
    plans = resources_of(template, "AWS::ApiGateway::UsagePlan")
    assert set(plans) >= {"FreeUsagePlan", "ProUsagePlan"}
    for name, res in plans.items():
        props = res["Properties"]
        tier = name.removesuffix("UsagePlan")
        assert props["Throttle"] == {
            "RateLimit": {"Ref": f"{tier}RateLimit"},
            "BurstLimit": {"Ref": f"{tier}BurstLimit"},
        }, name
        assert props["Quota"]["Limit"] == {"Ref": f"{tier}DailyQuota"}, name
        for limit in ("RateLimit", "BurstLimit", "DailyQuota"):
            assert f"{tier}{limit}" in template["Parameters"], name


def test_outputs_include_the_api_url(template):
    assert "ApiUrl" in template["Outputs"]


# ----------------------------------------------------------------- alarms


def test_every_alarm_is_per_stage_and_notifies_the_topic(template):
    assert alarms(template)
    for name, alarm in alarms(template).items():
        assert alarm["AlarmName"]["Fn::Sub"].startswith("graphgate-${Stage}-"), name
        assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}], name
        assert alarm["OKActions"] == [{"Ref": "AlarmTopic"}], name
        assert alarm["TreatMissingData"] == "notBreaching", name


def test_alarm_email_is_subscribed_only_when_given(template):
    assert template["Resources"]["AlarmTopic"]["Type"] == "AWS::SNS::Topic"
    subscriptions = resources_of(template, "AWS::SNS::Subscription")
    assert subscriptions
    for name, res in subscriptions.items():
        assert res["Condition"] == "HasAlarmEmail", name
        assert res["Properties"]["TopicArn"] == {"Ref": "AlarmTopic"}, name
        assert res["Properties"]["Endpoint"] == {"Ref": "AlarmEmail"}, name


def test_api_alarms_watch_this_api_and_stage(template):
    # CloudWatch publishes API Gateway metrics under the API's *name*; an alarm
    # whose ApiName drifts from the Api resource's Name watches nothing.
    api_name = template["Resources"]["Api"]["Properties"]["Name"]
    api_alarms = [
        alarm
        for alarm in alarms(template).values()
        if any(m["Namespace"] == "AWS/ApiGateway" for m in metric_stats(alarm))
    ]
    assert api_alarms
    for alarm in api_alarms:
        for metric in metric_stats(alarm):
            assert dimensions(metric) == {"ApiName": api_name, "Stage": {"Ref": "Stage"}}


def test_5xx_alarm_is_a_rate(template):
    (alarm,) = alarms_on(template, "AWS/ApiGateway", "5XXError")
    ids = {
        m["MetricStat"]["Metric"]["MetricName"]: m["Id"]
        for m in alarm["Metrics"]
        if "MetricStat" in m
    }
    assert set(ids) == {"5XXError", "Count"}
    (result,) = [m for m in alarm["Metrics"] if m.get("ReturnData", True)]
    assert f"{ids['5XXError']} / {ids['Count']}" in result["Expression"]
    assert 0 < alarm["Threshold"] <= 100
    assert alarm["DatapointsToAlarm"] <= alarm["EvaluationPeriods"]


def test_latency_alarm_is_p99(template):
    (alarm,) = alarms_on(template, "AWS/ApiGateway", "Latency")
    assert alarm["ExtendedStatistic"] == "p99"
    assert "Statistic" not in alarm


def test_every_function_has_a_throttles_alarm(template):
    watched = [
        dimensions(metric)["FunctionName"]
        for alarm in alarms_on(template, "AWS/Lambda", "Throttles")
        for metric in metric_stats(alarm)
    ]
    functions = resources_of(template, "AWS::Serverless::Function")
    assert functions
    for name in functions:
        assert watched.count({"Ref": name}) == 1, f"{name} needs exactly one Throttles alarm"


def test_table_throttles_alarm_covers_reads_and_writes(template):
    (alarm,) = alarms_on(template, "AWS/DynamoDB", "ReadThrottleEvents")
    metrics = {m["MetricName"]: dimensions(m) for m in metric_stats(alarm)}
    # ThrottledRequests is only published per (TableName, Operation); on
    # TableName alone it would never fire.
    assert metrics == {
        "ReadThrottleEvents": {"TableName": {"Ref": "Table"}},
        "WriteThrottleEvents": {"TableName": {"Ref": "Table"}},
    }


def _anchors(markdown: str) -> set[str]:
    headings = re.findall(r"^#+ (.+)$", markdown, flags=re.MULTILINE)
    slugs = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}
    return slugs | set(re.findall(r'<a id="([^"]+)"></a>', markdown))


def test_alarm_runbook_links_resolve(template):
    operations = REPO_ROOT / "docs" / "operations.md"
    anchors = _anchors(operations.read_text(encoding="utf-8"))
    for name, alarm in alarms(template).items():
        links = re.findall(r"docs/operations\.md#([\w-]+)", alarm["AlarmDescription"])
        assert links, f"{name} has no runbook link"
        assert set(links) <= anchors, name


def imported_modules(source: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def reachable_modules(function_dir: Path) -> set[str]:
    """Top-level packages a function's code can import, following the service layer."""
    service = REPO_ROOT / "layers" / "service"
    todo, seen, packages = list(function_dir.glob("*.py")), set(), set()
    while todo:
        source = todo.pop()
        if source in seen:
            continue
        seen.add(source)
        for module in imported_modules(source):
            packages.add(module.split(".")[0])
            path = service.joinpath(*module.split(".")).with_suffix(".py")
            if module.startswith("graphgate_service.") and path.exists():
                todo.append(path)
    return packages


def test_functions_without_the_engine_layer_never_import_the_engine(template):
    # The local runner imports everything from the repository, so only this
    # check stands between a lean function and an ImportError on AWS.
    default = template["Globals"]["Function"]["Layers"]
    lean = []
    for name, function in resources_of(template, "AWS::Serverless::Function").items():
        own = function["Properties"].get("Layers", [])
        layers = [layer["Ref"] for layer in [*default, *own]]  # SAM adds them up
        if "EngineLayer" in layers:
            continue
        lean.append(name)
        reached = reachable_modules(REPO_ROOT / function["Properties"]["CodeUri"])
        assert not reached & {"graphgate", "numpy"}, name
    assert sorted(lean) == [
        "AuthorizerFunction",
        "ConsoleFunction",
        "HealthFunction",
        "KeyExpiryFunction",
        "ReaperFunction",
        "TokensFunction",
        "UsageFunction",
    ]
    # And the check can see an engine import when there is one.
    assert "numpy" in reachable_modules(REPO_ROOT / "functions" / "sessions")


def test_every_plans_synchronous_run_fits_in_the_sessions_function(template):
    # A plan may not promise run time the function cannot give: it keeps
    # RESPONSE_MARGIN_S back to store the result before its Timeout.
    from graphgate_service import plans, runtime

    timeout = template["Resources"]["SessionsFunction"]["Properties"].get(
        "Timeout", template["Globals"]["Function"]["Timeout"]
    )
    for plan in plans.PLANS.values():
        assert plan.run_seconds <= timeout - runtime.RESPONSE_MARGIN_S, plan.name


# ------------------------------------------------------------- security review

# Actions AWS authorises on no narrower resource than "*": a state machine's log
# delivery (CloudWatch Logs' vended-log APIs) and X-Ray's trace upload.
WILDCARD_ONLY_ACTIONS = {
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
}


def test_no_role_grants_every_action_or_every_resource_where_an_arn_would_do(template):
    for name, res in template["Resources"].items():
        for policy in res.get("Properties", {}).get("Policies", []) or []:
            for statement in policy.get("Statement", []) if "Statement" in policy else []:
                actions = statement["Action"]
                actions = actions if isinstance(actions, list) else [actions]
                assert not any(a == "*" or a.endswith(":*") for a in actions), name
                if statement["Resource"] == "*":
                    assert set(actions) <= WILDCARD_ONLY_ACTIONS, (name, actions)


def test_samconfig_sets_only_parameters_the_template_declares_and_allows(template):
    import tomllib

    stages = tomllib.loads((REPO_ROOT / "samconfig.toml").read_text(encoding="utf-8"))
    for stage in ("staging", "prod"):
        overrides = stages[stage]["deploy"]["parameters"]["parameter_overrides"]
        for pair in overrides.split():
            name, value = pair.split("=", 1)
            declared = template["Parameters"][name]  # a typo would be refused by deploy
            if "AllowedValues" in declared:
                assert value in [str(v) for v in declared["AllowedValues"]], (stage, name)
            if declared["Type"] == "Number":
                float(value)
        assert f"Stage={stage}" in overrides.split()


def test_a_stack_delete_or_replacement_keeps_the_tenants_data(template):
    holders = {
        **resources_of(template, "AWS::DynamoDB::Table"),
        **resources_of(template, "AWS::S3::Bucket"),
    }
    assert set(holders) == {"Table", "TensorBucket"}
    for name, res in holders.items():
        assert res["DeletionPolicy"] == "Retain", name
        assert res["UpdateReplacePolicy"] == "Retain", name


def test_the_reserved_concurrency_the_docs_quote_is_the_templates_default(template):
    docs = "".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "docs").glob("*.md"))
    quoted = re.findall(
        r"`(\w+ReservedConcurrency)`(?:, | \(template parameter, )default (\d+)", docs
    )
    assert {name for name, _ in quoted} == {"BatchWorkerReservedConcurrency"}
    for name, default in quoted:
        assert template["Parameters"][name]["Default"] == int(default), name
    for function, parameter in (
        ("WorkerFunction", "WorkerReservedConcurrency"),
        ("BatchWorkerFunction", "BatchWorkerReservedConcurrency"),
    ):
        props = template["Resources"][function]["Properties"]
        assert props["ReservedConcurrentExecutions"] == {"Ref": parameter}, function
