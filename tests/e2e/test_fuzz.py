"""Schema-driven fuzzing (issue 9.1): schemathesis generates requests from
api/openapi.yaml, valid ones and invalid ones, and sends them to the local
runner as one of two tenants, aimed at the caller's own graphs, the other
tenant's graphs or ids that exist nowhere.

Every response must pass schemathesis' checks (no 5xx, a status the document
lists for the operation, a body and headers matching the document) and ours:
another tenant's graph is indistinguishable from one that does not exist (no
BOLA), and at the end every graph is exactly as its owner last left it.
"""

import contextlib
import os
import secrets
import threading
from collections import Counter

import hypothesis.strategies as st
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks as openapi_checks

from tests.hardening import Tenant, graph_request, report, scaled
from tests.support import REPO_ROOT, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only, pytest.mark.fuzz]

SCHEMA = schemathesis.openapi.from_path(REPO_ROOT / "api" / "openapi.yaml")
# Sessions, runs and uploads (issue 7) are still moving; they join by dropping
# this filter (the soak found POST /v1/uploads answering an undocumented 422).
NOT_YET = ("/sessions", "/runs", "/uploads")
OPERATIONS = {
    op.label: op
    for op in (result.ok() for result in SCHEMA.get_all_operations())
    if not any(part in op.path for part in NOT_YET)
}
# Cases per operation and generation mode (20 operations, 14 with invalid cases too).
EXAMPLES = int(os.environ.get("GRAPHGATE_FUZZ_EXAMPLES", 0)) or scaled(80, 1000)
CHECKS = [
    not_a_server_error,
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
        f"fuzz: {TALLY['positive'] + TALLY['negative']} cases ({TALLY['positive']} valid, "
        f"{TALLY['negative']} invalid; {TALLY['cross-tenant']} aimed at another tenant's graph)",
    )


def _cases():
    for label, operation in OPERATIONS.items():
        modes = [GenerationMode.POSITIVE]
        if operation.method.upper() != "OPTIONS":  # nothing to make invalid
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:
            yield pytest.param(label, mode, id=f"{label}-{mode.value}")


@pytest.mark.parametrize(("label", "mode"), list(_cases()))
def test_responses_match_the_document_and_tenants_stay_apart(runner, tenants, label, mode):
    operation = OPERATIONS[label]
    targets_graph = "{graphId}" in operation.path

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(mode),
        actor=st.sampled_from([0, 1]),
        target=st.sampled_from(["own", "other", "generated"]),
    )
    def run(case, actor, target):
        me, other = tenants[actor], tenants[1 - actor]
        graph_id = None
        if targets_graph and target != "generated":
            owner = me if target == "own" else other
            graph_id = next(iter(owner.graphs), None) or owner.new_graph("fuzz-seed")
            case.path_parameters["graphId"] = graph_id
            if target == "other":
                _fresh_idempotency_key(case)
        response = case.call(base_url=runner.url, headers=me.headers(), timeout=30)
        with _tally_lock:
            TALLY[mode.value] += 1
            TALLY["cross-tenant"] += target == "other" and targets_graph
        case.validate_response(response, checks=CHECKS)
        if graph_id and target == "other":
            _check_blind(case, response, me, runner.url)
        else:
            _follow_owner(response, me, graph_id, case.method)

    run()


def test_every_graph_is_as_its_owner_left_it(tenants):
    # Runs after the fuzzing above (same module, file order): nothing any
    # request of the other tenant did may show in a tenant's graphs.
    for tenant in tenants:
        listed, cursor = {}, None
        while True:
            page = tenant.client.call(
                "GET", "/v1/graphs?limit=100" + (f"&cursor={cursor}" if cursor else "")
            ).json()
            listed.update({g["id"]: g["etag"] for g in page["items"]})
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert listed == tenant.graphs, tenant.name


def _check_blind(case, response, me: Tenant, base_url: str) -> None:
    """The answer about another tenant's graph is the answer about no graph at all."""
    case.path_parameters["graphId"] = "g_" + secrets.token_hex(10)
    _fresh_idempotency_key(case)
    control = case.call(base_url=base_url, headers=me.headers(), timeout=30)
    seen, expected = _outcome(response), _outcome(control)
    if seen != expected:
        raise CrossTenantAccess(
            f"{response.request.method} {response.request.url} on another tenant's graph "
            f"answered {seen}; for a graph that does not exist: {expected}"
        )


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


def _follow_owner(response, owner: Tenant, graph_id: str | None, method: str) -> None:
    """Keep the model of the owner's graphs in step with what it did to them."""
    if _header(response, "Idempotent-Replayed") == "true":
        return  # the first answer, replayed: it changed nothing now
    if graph_id is None:
        created = response.json() if method == "POST" and response.status_code == 201 else {}
        if str(created.get("id", "")).startswith("g_"):  # a graph (not an upload, say)
            owner.graphs[created["id"]] = created["etag"]
    elif method == "DELETE" and response.status_code == 204:
        owner.graphs.pop(graph_id, None)
    elif method in ("PUT", "PATCH") and response.status_code == 200:
        owner.graphs[graph_id] = _header(response, "ETag")


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
    path = operation.path.replace("{graphId}", next(iter(me.graphs), "g_" + "0" * 20))
    documented = set(operation.definition.raw["responses"])
    for headers, body in (
        ({"Content-Type": "text/plain"}, b"{}"),
        ({"Content-Type": "application/json"}, b"[" + b" " * (7 * 1024 * 1024) + b"]"),
    ):
        reply = request(
            operation.method.upper(), runner.url + path, {**me.headers(), **headers}, body
        )
        assert str(reply.status) in documented, (label, reply.status, reply.body[:200])
