"""Adversarial probing, round 24 (docs/hardening.md), held over HTTP against the local
runner: query parameters an operation does not take, a token asked for as OAuth 2
clients ask, an upload larger than the plan can use, and a dataset's times."""

import io
import json
import re
import time
from datetime import datetime

import numpy as np
import pytest

from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FORM = "application/x-www-form-urlencoded"
ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture(scope="module")
def tenant(runner):
    return runner.create_tenant("round24-e2e", plan="pro")


@pytest.fixture(scope="module")
def client(runner, tenant):
    return Client(runner.url, tenant["api_key"])


def _paced(call):
    """One call, waiting out the free plan's 429s (2 a second in the end-to-end runner)."""
    for _ in range(20):
        reply = call()
        if reply.status != 429:
            return reply
        time.sleep(float(reply.headers.get("retry-after", 1)))
    raise AssertionError("kept being throttled")


def _graph(client: Client, name: str) -> str:
    document = {"format": "graphgate.graph/v2", "nodes": [{"name": "a", "op": "NoOp"}]}
    created = client.call("POST", "/v1/graphs", {"name": name, "graph": document})
    assert created.status == 201, created.body[:300]
    return created.json()["id"]


@pytest.mark.parametrize(
    ("path", "pointer"),
    [
        ("/v1/graphs?name=r24-only", "?name"),  # the filter is name_prefix
        ("/v1/graphs?limit=1&page_size=1", "?page_size"),
        ("/v1/datasets?per_page=5", "?per_page"),
        ("/v1/usage?verbose=true", "?verbose"),
    ],
)
def test_a_query_parameter_the_operation_does_not_take_is_refused(client, path, pointer):
    """Ignored, `?name=` listed every graph to a client asking for one name's."""
    reply = client.call("GET", path)
    assert reply.status == 400, reply.body[:300]
    assert reply.headers["content-type"] == "application/problem+json"
    problem = reply.json()
    assert problem["code"] == "VALIDATION_FAILED"
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [
        (pointer, "ADDITIONALPROPERTIES")
    ]


def test_the_listing_filters_it_does_take_still_filter(client):
    _graph(client, "r24-only")
    _graph(client, "r24-other")
    listed = client.call("GET", "/v1/graphs?name_prefix=r24-on")
    assert listed.status == 200, listed.body[:300]
    assert [g["name"] for g in listed.json()["items"]] == ["r24-only"]


def test_the_prediction_protocols_ignore_a_query_as_their_servers_do(client):
    # A model the tenant does not have: the query is not what the answer is about.
    reply = client.call("GET", "/v2/models/nothing?verbose=1")
    assert reply.status == 404 and reply.json()["code"] == "MODEL_NOT_FOUND"
    reply = client.call("GET", "/tfserving/v1/models/nothing?verbose=1")
    assert reply.status == 404 and reply.json()["code"] == "MODEL_NOT_FOUND"


def test_a_token_asked_for_as_an_oauth_2_client_asks_works(runner, tenant):
    """RFC 6749 §4.4.2: grant_type=client_credentials, form-encoded (it was 415)."""
    headers = {"x-api-key": tenant["api_key"], "Content-Type": FORM}
    body = b"grant_type=client_credentials&scope=graphs%3Aread+usage%3Aread&expires_in=300"
    issued = request("POST", f"{runner.url}/v1/tokens", headers, body)
    assert issued.status == 200, issued.body[:300]
    grant = issued.json()
    assert (grant["scope"], grant["expires_in"]) == ("graphs:read usage:read", 300)
    assert issued.headers["cache-control"] == "no-store"
    bearer = {"x-api-key": tenant["api_key"], "Authorization": f"Bearer {grant['access_token']}"}
    usage = request("GET", f"{runner.url}/v1/usage", bearer)
    assert usage.status == 200, usage.body[:300]
    # The refresh goes the same way; a field given twice is refused, not one of them taken.
    refresh = f"grant_type=refresh_token&refresh_token={grant['refresh_token']}"
    refreshed = request("POST", f"{runner.url}/v1/tokens", headers, refresh.encode())
    assert refreshed.status == 200 and refreshed.json()["scope"] == "graphs:read usage:read"
    twice = request("POST", f"{runner.url}/v1/tokens", headers, b"scope=usage%3Aread&scope=x")
    assert twice.status == 400 and twice.json()["code"] == "VALIDATION_FAILED"
    garbled = request("POST", f"{runner.url}/v1/tokens", headers, b"grant_type")
    assert garbled.status == 400
    assert garbled.headers["content-type"] == "application/problem+json"
    assert garbled.json()["code"] == "INVALID_FORM"


def test_an_upload_is_bounded_by_what_the_plan_can_use_of_one(runner):
    """A free tenant's feeds stop at 16 MB and its models at 64 MB; its uploads were signed
    for 256 MiB, kept a day."""
    free = Client(runner.url, runner.create_tenant("round24-free", plan="free")["api_key"])
    usage = _paced(lambda: free.call("GET", "/v1/usage")).json()
    limit = usage["caps"]["upload_bytes"]
    assert limit == 64 * 2**20
    refused = _paced(lambda: free.call("POST", "/v1/uploads", {"bytes": limit + 1}))
    assert refused.status == 422, refused.body[:300]
    problem = refused.json()
    assert (problem["code"], problem["cap"], problem["limit"]) == (
        "PLAN_LIMIT_EXCEEDED",
        "upload_bytes",
        limit,
    )
    signed = _paced(lambda: free.call("POST", "/v1/uploads", {"bytes": limit}))
    assert signed.status == 201 and signed.json()["max_bytes"] == limit


def test_a_datasets_times_are_iso_8601_as_a_graphs(client):
    buffer = io.BytesIO()
    np.save(buffer, np.arange(6, dtype=np.float32).reshape(3, 2))
    body = buffer.getvalue()
    spec = {"name": "r24", "files": [{"format": "npy", "name": "x", "bytes": len(body)}]}
    registered = client.call("POST", "/v1/datasets", spec)
    assert registered.status == 201, registered.body[:300]
    target = registered.json()["uploads"][0]
    assert request("PUT", target["url"], target.get("headers") or {}, body).status == 200
    dataset_id = registered.json()["id"]
    ready = client.call("POST", f"/v1/datasets/{dataset_id}/complete").json()
    graph = client.call("GET", f"/v1/graphs/{_graph(client, 'r24-times')}").json()
    for moment in (ready["created_at"], ready["ready_at"], graph["created_at"]):
        assert ISO_MS.fullmatch(moment), json.dumps(ready)
    created, finished = (datetime.fromisoformat(ready[k]) for k in ("created_at", "ready_at"))
    assert created <= finished <= datetime.fromisoformat(graph["created_at"])


@pytest.mark.parametrize(
    ("method", "headers", "status"),
    [("GET", {"Accept": "text/html"}, 406), ("DELETE", {}, 405)],
)
def test_kserves_server_metadata_route_answers_errors_as_every_kserve_route(
    client, method, headers, status
):
    """`/v2`'s refusals were problem+json without OIP's `error`, where every other `/v2/...`
    route answers application/json with it (what the kserve SDK reads)."""
    for path in ("/v2", "/v2/health/live"):
        reply = client.call(method, path, headers=headers)
        assert reply.status == status, reply.body[:300]
        assert reply.headers["content-type"] == "application/json", path
        assert reply.json()["error"] == reply.json()["detail"], path
