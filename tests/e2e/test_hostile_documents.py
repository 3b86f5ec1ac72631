"""Adversarial probing, round 5: graph documents using the newest ops with attributes
their builders refuse, over HTTP against the local runner. Each is a problem with a
stable code at POST /v1/graphs or at its run, and nothing over the limits is made
(docs/hardening.md, "Failures found, and fixed")."""

import pytest

from tests.hardening import Tenant
from tests.unit.engine.test_hostile_documents import const, node

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


def document(*nodes):
    return {"format": "graphgate.graph/v1", "nodes": list(nodes)}


def test_ngram_widths_tf_refuses_are_refused_when_stored(runner):
    tenant = Tenant.create(runner, "hostile-ngram-widths")
    graph = document(
        const("tokens", ["a", "b", "c"], "BYTES"),
        node("out", "StringNGramsDense", ["tokens"], ngram_widths=[0]),
    )
    reply = tenant.client.call("POST", "/v1/graphs", {"name": "zero", "graph": graph})
    # was stored, and its runs answered empty strings
    assert reply.status == 400, reply.body
    assert reply.json()["code"] == "GRAPH_INVALID"
    assert reply.json()["errors"][0]["code"] == "INVALID_ATTR"


def test_an_ngram_bomb_is_refused_at_its_run_before_it_is_made(runner):
    # GIVEN a document whose n-grams hold a 100 kB separator 99 times each: 1 GB from
    # 200 one-byte tokens (the run made it, or was killed)
    tenant = Tenant.create(runner, "hostile-ngram-bomb")
    graph = document(
        const("tokens", ["a"] * 200, "BYTES"),
        node("out", "StringNGramsDense", ["tokens"], ngram_widths=[100], separator="s" * 100_000),
        node("size", "StringLength", ["out"]),
    )
    created = tenant.client.call("POST", "/v1/graphs", {"name": "bomb", "graph": graph})
    assert created.status == 201, created.body
    # WHEN it runs
    reply = tenant.client.call(
        "POST", f"/v1/graphs/{created.json()['id']}/runs", {"fetches": "size"}
    )
    # THEN the node is refused before joining
    assert reply.status == 422, reply.body
    assert reply.json()["code"] == "TENSOR_TOO_LARGE"
    assert reply.json()["errors"][0]["node"] == "out"
