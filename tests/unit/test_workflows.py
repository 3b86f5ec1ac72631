"""The GitHub Actions pipeline: schema-valid, and shaped so that only main
deploys, production waits for staging's smoke test and a reviewer, and AWS is
reached through OIDC alone."""

import re
import subprocess
import sys
from typing import Any

import pytest
import yaml

from tests.support import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
PIPELINE = WORKFLOWS / "pipeline.yml"
DEPLOY_JOBS = ("deploy-staging", "deploy-prod")
ONLY_MAIN_PUSH = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


@pytest.fixture(scope="module")
def pipeline() -> dict[str, Any]:
    return yaml.safe_load(PIPELINE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def jobs(pipeline) -> dict[str, dict[str, Any]]:
    return pipeline["jobs"]


def needs(job: dict[str, Any]) -> list[str]:
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else value


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def test_workflows_match_the_github_schema():
    files = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
    assert PIPELINE in files
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_runs_on_pushes_to_main_and_on_pull_requests(pipeline):
    triggers = pipeline.get("on", pipeline.get(True))  # YAML 1.1 reads a bare `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers


def test_pull_requests_only_test_and_build(jobs):
    for name, job in jobs.items():
        if name in ("test", "build"):
            assert "if" not in job, name
            continue
        # Jobs downstream of a main-only job are skipped with it; the deploys
        # also say so themselves.
        assert name in DEPLOY_JOBS or set(needs(job)) & set(DEPLOY_JOBS), name
    for name in DEPLOY_JOBS:
        assert jobs[name]["if"] == ONLY_MAIN_PUSH, name


def test_jobs_run_in_order(jobs):
    assert set(needs(jobs["deploy-staging"])) >= {"build", "test"}
    assert needs(jobs["smoke-staging"]) == ["deploy-staging"]
    assert needs(jobs["deploy-prod"]) == ["smoke-staging"]


def test_prod_waits_for_the_production_environment(jobs):
    assert jobs["deploy-prod"]["environment"]["name"] == "production"
    assert jobs["deploy-staging"]["environment"]["name"] == "staging"


def test_only_deploy_jobs_may_request_an_oidc_token(pipeline, jobs):
    assert pipeline["permissions"] == {"contents": "read"}
    for name, job in jobs.items():
        if name in DEPLOY_JOBS:
            assert job["permissions"] == {"id-token": "write", "contents": "read"}, name
        else:
            assert "id-token" not in job.get("permissions", {}), name


def test_aws_credentials_come_from_oidc_only(jobs):
    text = PIPELINE.read_text(encoding="utf-8")
    for forbidden in ("aws-secret-access-key", "aws-access-key-id", "AWS_SECRET_ACCESS_KEY"):
        assert forbidden not in text
    for name, job in jobs.items():
        configure = steps_using(job, "aws-actions/configure-aws-credentials")
        if name not in DEPLOY_JOBS:
            assert not configure, name
            continue
        (step,) = configure
        assert step["with"]["role-to-assume"] == "${{ vars.AWS_DEPLOY_ROLE_ARN }}", name
        assert step["with"]["aws-region"] == "${{ vars.AWS_REGION }}", name


def test_deploys_to_one_stage_never_overlap(jobs):
    groups = []
    for name in DEPLOY_JOBS:
        concurrency = jobs[name]["concurrency"]
        assert concurrency["cancel-in-progress"] is False, name
        groups.append(concurrency["group"])
    assert len(set(groups)) == len(groups)
    assert not any("${{" in g for g in groups), "a per-stage group must not vary by run"


@pytest.mark.parametrize(
    ("job", "config_env"), [("deploy-staging", "staging"), ("deploy-prod", "prod")]
)
def test_deploys_ship_the_built_artifact(jobs, job, config_env):
    (upload,) = steps_using(jobs["build"], "actions/upload-artifact")
    # .aws-sam is a dot-directory: without this the artifact is silently empty.
    assert upload["with"]["include-hidden-files"] is True
    assert upload["with"]["if-no-files-found"] == "error"
    (download,) = steps_using(jobs[job], "actions/download-artifact")
    assert download["with"]["name"] == upload["with"]["name"]
    assert download["with"]["path"] == upload["with"]["path"] == ".aws-sam/build"
    deploys = [s["run"] for s in jobs[job]["steps"] if "sam deploy" in s.get("run", "")]
    assert len(deploys) == 1
    assert f"--config-env {config_env}" in deploys[0]
    assert "--no-fail-on-empty-changeset" in deploys[0]
    # With --template-file pointing into .aws-sam/build, sam looks for
    # samconfig.toml there and loses the stack name.
    assert "--template-file" not in deploys[0]
    assert not any("sam build" in s.get("run", "") for s in jobs[job]["steps"])


def test_smoke_test_hits_the_staging_stack(jobs):
    job = jobs["smoke-staging"]
    (smoke,) = [s for s in job["steps"] if s.get("run") == "make smoke"]
    assert smoke["env"]["GRAPHGATE_API_URL"] == "${{ needs.deploy-staging.outputs.api_url }}"
    assert re.fullmatch(r"\$\{\{ secrets\.\w+ \}\}", smoke["env"]["GRAPHGATE_API_KEY"])
    assert job["environment"]["name"] == "staging"
    staging = jobs["deploy-staging"]
    assert staging["outputs"]["api_url"] == "${{ steps.stack.outputs.api_url }}"
    assert any(s.get("id") == "stack" for s in staging["steps"])


def test_actions_are_pinned(jobs):
    for name, job in jobs.items():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", step["uses"]), (
                    name,
                    step["uses"],
                )
