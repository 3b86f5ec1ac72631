"""Schema-driven fuzzing (issue 9.1): schemathesis generates requests from
api/openapi.yaml, valid ones and invalid ones, and sends them to the local
runner as one of two tenants, aimed at the caller's own graphs, sessions and
runs, the other tenant's, or ids that exist nowhere.

Every response must pass schemathesis' checks (no 5xx, a status the document
lists for the operation, a body and headers matching the document) and ours:
another tenant's resource is indistinguishable from one that does not exist
(no BOLA), and at the end every graph and session is exactly as its owner
last left it.
"""

import contextlib
import os
import random
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import hypothesis.strategies as st
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks as openapi_checks
from schemathesis.specs.openapi.examples import get_strategies_from_examples

from tests.hardening import Tenant, graph_request, report, scaled
from tests.support import REPO_ROOT, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only, pytest.mark.fuzz]

SCHEMA = schemathesis.openapi.from_path(REPO_ROOT / "api" / "openapi.yaml")
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}
# Cases per operation and generation mode (41 operations, 25 with invalid cases too).
CASES = int(os.environ.get("GRAPHGATE_FUZZ_EXAMPLES", 0)) or scaled(40, 500)
# The document's request examples, each sent this many times (by either tenant,
# aimed at own, other or no resources): they reach the success paths that
# generated bodies rarely do (a valid graph, a run fetching real nodes).
EXAMPLES_MODE, EXAMPLE_CASES = "examples", scaled(20, 100)


@schemathesis.check
def not_a_server_error_nor_a_callers_deadline(ctx, response, case):
    """A 5xx is a bug, except the documented 504 DEADLINE_EXCEEDED of a run that set
    timeout_ms: it counts from when the request arrived, so a short one runs out
    before the run can start (docs/sessions.md)."""
    body = case.body if isinstance(case.body, dict) else {}
    if response.status_code == 504 and "timeout_ms" in body:
        problem = response.json() if response.content else {}
        if isinstance(problem, dict) and problem.get("code") == "DEADLINE_EXCEEDED":
            return None
    return not_a_server_error(ctx, response, case)


CHECKS = [
    not_a_server_error_nor_a_callers_deadline,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
]
TALLY: Counter[str] = Counter()
_tally_lock = threading.Lock()


class CrossTenantAccess(AssertionError):
    """Tenant A learnt about, or changed, tenant B's graph."""


@pytest.fixture(scope="module")
def tenants(runner, request):
    pair = [Tenant.create(runner, "fuzz-a"), Tenant.create(runner, "fuzz-b")]
    for tenant in pair:
        tenant.new_graph("fuzz-seed")
    yield pair
    report(
        request,
        f"fuzz: {sum(TALLY[m] for m in ('positive', 'negative', EXAMPLES_MODE))} cases "
        f"({TALLY['positive']} valid, {TALLY['negative']} invalid, {TALLY[EXAMPLES_MODE]} "
        f"from the document's examples; {TALLY['2xx']} answered 2xx; "
        f"{TALLY['cross-tenant']} aimed at another tenant's resources)",
    )


def _cases():
    for label, operation in OPERATIONS.items():
        modes = [GenerationMode.POSITIVE.value]
        # Nothing to make invalid in a preflight, or in a request with neither
        # parameters nor a body (the console's pages).
        has_input = operation.body or operation.definition.raw.get("parameters")
        if operation.method.upper() != "OPTIONS" and has_input:
            modes.append(GenerationMode.NEGATIVE.value)
        if operation.body and get_strategies_from_examples(operation):
            modes.append(EXAMPLES_MODE)
        for mode in modes:
            yield pytest.param(label, mode, id=f"{label}-{mode}")


def _strategy(operation, mode: str):
    if mode == EXAMPLES_MODE:  # the document's examples, aimed and sent like any case
        return st.one_of(get_strategies_from_examples(operation))
    return operation.as_strategy(GenerationMode(mode))


@pytest.mark.parametrize(("label", "mode"), list(_cases()))
def test_responses_match_the_document_and_tenants_stay_apart(runner, tenants, label, mode):
    operation = OPERATIONS[label]

    @settings(
        max_examples=EXAMPLE_CASES if mode == EXAMPLES_MODE else CASES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=_strategy(operation, mode),
        actor=st.sampled_from([0, 1]),
        target=st.sampled_from(["own", "other", "generated"]),
        seed=st.integers(0, 2**32),
    )
    def run(case, actor, target, seed):
        # Which of its resources to aim at depends on what exists by now, which
        # hypothesis must not see as its own draws.
        pick = random.Random(seed)
        me, other = tenants[actor], tenants[1 - actor]
        aimed = target != "generated" and _aim(case, me if target == "own" else other, pick)
        if aimed and target == "other":
            _fresh_idempotency_key(case)
        response = case.call(base_url=runner.url, headers=me.headers(), timeout=30)
        with _tally_lock:
            TALLY[mode] += 1
            TALLY["cross-tenant"] += aimed and target == "other"
            TALLY["2xx"] += 200 <= response.status_code < 300
        case.validate_response(response, checks=CHECKS)
        if aimed and target == "other":
            _check_blind(case, response, me, runner.url)
        else:
            _follow_owner(response, me, case)

    run()


def test_every_graph_and_session_is_as_its_owner_left_it(tenants):
    # Runs after the fuzzing above (same module, file order): nothing any
    # request of the other tenant did may show in a tenant's graphs, sessions or
    # datasets.
    for tenant in tenants:
        graphs = {g["id"]: g["etag"] for g in _all(tenant, "/v1/graphs")}
        assert graphs == tenant.graphs, tenant.name
        sessions = {s["id"]: s["graph_id"] for s in _all(tenant, "/v1/sessions")}
        # A session the fuzzer started with a short idle_ttl_s (60 s and up) may end on
        # its own in a long run: missing is right only once its first expiry has passed
        # (runs only ever push it later).
        now = time.time()
        expired = {s for s in tenant.sessions if tenant.session_expiry.get(s, now + 1) <= now}
        assert sessions.items() <= tenant.sessions.items(), tenant.name
        assert set(tenant.sessions) - set(sessions) <= expired, tenant.name
        assert {d["id"] for d in _all(tenant, "/v1/datasets")} == tenant.datasets, tenant.name
        assert {b["id"] for b in _all(tenant, "/v1/batches")} == tenant.batches, tenant.name


def _all(tenant: Tenant, path: str) -> list[dict]:
    items, cursor = [], None
    while True:
        page = tenant.client.call(
            "GET", f"{path}?limit=100" + (f"&cursor={cursor}" if cursor else "")
        ).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


def _aim(case, owner: Tenant, pick) -> bool:
    """Point the case's references (path ids; a new session's graph or source) at
    resources of `owner`; False when the operation has none."""
    params, body = case.path_parameters or {}, case.body
    refs = {
        "graphId": "graph" if "graphId" in params else None,
        "sessionId": "session" if "sessionId" in params else None,
        "runId": "run" if "runId" in params else None,
        "model": "model" if "model" in params else None,
        "datasetId": "dataset" if "datasetId" in params else None,
        "batchId": "batch" if "batchId" in params else None,
    }
    if case.operation.path == "/v1/sessions" and isinstance(body, dict):
        refs["graph_id"] = "graph" if "graph_id" in body else None
        refs["from_session"] = "session" if "from_session" in body else None
    if not any(refs.values()):
        return False
    if refs["runId"]:
        params["runId"], params["sessionId"] = _a_run(owner, pick)
    elif refs["sessionId"]:
        params["sessionId"] = _a_session(owner, pick)
    if refs["graphId"]:
        params["graphId"] = _a_graph(owner, pick)
        if case.method.upper() == "PUT" and not _has_header(case, "If-Match"):
            # Replacing takes the current ETag; without one every PUT is a 428.
            case.headers = {**(case.headers or {}), "If-Match": owner.graphs[params["graphId"]]}
    if refs["model"]:  # models are named per tenant: the same name, another tenant's model
        params["model"] = pick.choice(sorted(owner.models)) if owner.models else owner.new_model()
    if refs["datasetId"]:
        params["datasetId"] = _a_dataset(owner, pick)
    if refs["batchId"]:
        params["batchId"] = (
            pick.choice(sorted(owner.batches)) if owner.batches else owner.new_batch()
        )
    if refs.get("graph_id"):
        body["graph_id"] = _a_graph(owner, pick)
    if refs.get("from_session"):
        body["from_session"] = _a_session(owner, pick)
    return True


def _a_graph(owner: Tenant, pick) -> str:
    return pick.choice(sorted(owner.graphs)) if owner.graphs else owner.new_graph("fuzz-seed")


def _a_dataset(owner: Tenant, pick) -> str:
    return pick.choice(sorted(owner.datasets)) if owner.datasets else owner.new_dataset()


def _a_session(owner: Tenant, pick) -> str:
    return pick.choice(sorted(owner.sessions)) if owner.sessions else owner.new_session()


def _a_run(owner: Tenant, pick) -> tuple[str, str]:
    live = sorted(run for run, session in owner.runs.items() if session in owner.sessions)
    run_id = pick.choice(live) if live else owner.new_run(owner.counter_session(pick))
    return run_id, owner.runs[run_id]


def _check_blind(case, response, me: Tenant, base_url: str) -> None:
    """The answer about another tenant's resource is the answer about none at all."""
    nowhere = {
        "graphId": "g_",
        "sessionId": "s_",
        "runId": "r_",
        "graph_id": "g_",
        "from_session": "s_",
        "model": "nowhere-",
        "datasetId": "ds_",
        "batchId": "b_",
    }
    for name, prefix in nowhere.items():
        if name in (case.path_parameters or {}):
            case.path_parameters[name] = prefix + secrets.token_hex(10)
        elif isinstance(case.body, dict) and name in case.body:
            case.body[name] = prefix + secrets.token_hex(10)
    _fresh_idempotency_key(case)
    control = case.call(base_url=base_url, headers=me.headers(), timeout=30)
    seen, expected = _outcome(response), _outcome(control)
    if seen != expected:
        raise CrossTenantAccess(
            f"{response.request.method} {response.request.url} on another tenant's resource "
            f"answered {seen}; for one that does not exist: {expected}"
        )


def _has_header(case, name: str) -> bool:
    return any(key.lower() == name.lower() for key in case.headers or {})


def _fresh_idempotency_key(case) -> None:
    """Compare like with like: a key of earlier cases would make either answer a 422."""
    for name in list(case.headers or {}):
        if name.lower() == "idempotency-key":
            case.headers[name] = secrets.token_hex(8)


def _outcome(response) -> tuple[int, str | None]:
    code = None
    if "json" in (_header(response, "Content-Type") or ""):
        with contextlib.suppress(ValueError, AttributeError):
            code = response.json().get("code")
    return response.status_code, code


def _follow_owner(response, owner: Tenant, case) -> None:
    """Keep the model of the owner's graphs and sessions in step with what it did."""
    if _header(response, "Idempotent-Replayed") == "true":
        return  # the first answer, replayed: it changed nothing now
    status, method, params = response.status_code, case.method.upper(), case.path_parameters or {}
    route = (method, case.operation.path, status)
    if route == ("POST", "/v1/graphs", 201):
        owner.graphs[response.json()["id"]] = response.json()["etag"]
    elif route in (("PUT", "/v1/graphs/{graphId}", 200), ("PATCH", "/v1/graphs/{graphId}", 200)):
        owner.graphs[params["graphId"]] = _header(response, "ETag")
    elif route == ("DELETE", "/v1/graphs/{graphId}", 204):
        owner.graphs.pop(params["graphId"], None)
        for session, graph in list(owner.sessions.items()):  # forced: its sessions ended
            if graph == params["graphId"]:
                del owner.sessions[session]
    elif route == ("POST", "/v1/sessions", 201):
        started = response.json()
        owner.sessions[started["id"]] = started["graph_id"]
        owner.session_expiry[started["id"]] = datetime.fromisoformat(
            started["expires_at"]
        ).timestamp()
    elif route == ("DELETE", "/v1/sessions/{sessionId}", 204):
        owner.sessions.pop(params["sessionId"], None)
    elif route == ("POST", "/v1/sessions/{sessionId}/runs", 202):
        owner.runs[response.json()["id"]] = params["sessionId"]
    elif route == ("POST", "/v1/models", 201):
        owner.models.add(response.json()["model"])
    elif route == ("POST", "/v1/batches", 202):
        owner.batches.add(response.json()["id"])
    elif route == ("POST", "/v1/datasets", 201):
        owner.datasets.add(response.json()["id"])
    elif route == ("DELETE", "/v1/datasets/{datasetId}", 204):
        owner.datasets.discard(params["datasetId"])


def test_a_seed_graph_request_is_valid():
    # A guard for the fixtures above: the seed body must be a valid request.
    from graphgate_service import openapi

    openapi.validate(graph_request("x"), "CreateGraphRequest")


def _header(response, name: str) -> str | None:
    """A header of a schemathesis response (lower-cased names, lists of values)."""
    values = {k.lower(): v for k, v in response.headers.items()}.get(name.lower())
    return values[-1] if isinstance(values, list) and values else values


@pytest.mark.parametrize(
    "label", [label for label, op in OPERATIONS.items() if op.body and op.method != "options"]
)
def test_refusals_schemathesis_does_not_generate_are_documented(runner, tenants, label):
    # A body of the wrong media type, and one over the 6 MB a function may receive.
    operation, me = OPERATIONS[label], tenants[0]
    path = operation.path
    for name, value in (
        ("{graphId}", next(iter(me.graphs), "g_" + "0" * 20)),
        ("{sessionId}", next(iter(me.sessions), "s_" + "0" * 20)),
        ("{name}", "counter"),
    ):
        path = path.replace(name, value)
    documented = set(operation.definition.raw["responses"])
    for headers, body in (
        ({"Content-Type": "text/plain"}, b"{}"),
        ({"Content-Type": "application/json"}, b"[" + b" " * (7 * 1024 * 1024) + b"]"),
    ):
        reply = request(
            operation.method.upper(), runner.url + path, {**me.headers(), **headers}, body
        )
        assert str(reply.status) in documented, (label, reply.status, reply.body[:200])


# The checks the hypothesis cases above cannot run, each a promise of the document: data it
# forbids is refused, a method it does not list is 405, a required header's absence and a
# request without credentials are refused. (positive_data_acceptance would demand a 2xx of
# every schema-valid request: ids that exist nowhere are schema-valid too.)
COVERAGE_CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance,negative_data_rejection,"
    "missing_required_header,unsupported_method,ignored_auth"
)


def test_the_coverage_phase_of_every_operation_answers_as_documented(runner, tmp_path):
    # schemathesis' coverage phase, through its CLI (the Python API has no such phase):
    # for every operation of the document, its examples, each parameter and property at
    # its boundaries, missing, of another type, and every method the path does not list,
    # each sent once (deterministic; about 30 s). It is also the CLI's schema check: the
    # 29 preflights that declared no path parameters (round 14) were 29 errors here.
    tenant = Tenant.create(runner, "fuzz-coverage")
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        *("run", str(REPO_ROOT / "api" / "openapi.yaml"), "--url", runner.url),
        *("--phases", "examples,coverage", "--checks", COVERAGE_CHECKS, "--workers", "1"),
        *("--seed", "14", "--suppress-health-check", "all", "--continue-on-failure"),
        *("--request-timeout", "30", "--output-truncate", "true", "--no-color"),
        *(
            "-H",
            f"x-api-key: {tenant.api_key}",
            "-H",
            f"Authorization: Bearer {tenant.client.token}",
        ),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
