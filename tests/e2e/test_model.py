"""A stateful model of the graphs API (issue 9.2): hypothesis drives
sequences of create / replace / patch / delete / get / list over HTTP against
an in-memory model of what must be true, and checks after every step that no
graph is lost or resurrected, ETags and revisions only move forward, and
listings neither skip nor repeat graphs while others are inserted.

Runs and session runs (issue 7) join as rules of the same machine: a session
rule keeps the model's variables, a run rule checks the fetched values; the
`Model` below is where their state goes.
"""

import threading
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
)

from tests.hardening import Tenant, graph_request, scaled

pytestmark = [pytest.mark.e2e, pytest.mark.local_only, pytest.mark.model]

MERGE_PATCH = {"Content-Type": "application/merge-patch+json"}
names = st.text("abcdefghij", min_size=1, max_size=12)
tags = st.lists(st.sampled_from(["a", "b", "c:d", "e/f"]), max_size=3)


@dataclass
class GraphState:
    name: str
    etag: str
    revision: int
    tags: list[str]
    value: float
    etags_seen: set[str] = field(default_factory=set)


@dataclass
class Model:
    graphs: dict[str, GraphState] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    # Issue 7 hooks: session id -> variable values the model expects.
    sessions: dict[str, dict[str, list[float]]] = field(default_factory=dict)


def all_graphs(tenant: Tenant, limit: int = 100) -> list[dict]:
    items, cursor = [], None
    while True:
        page = tenant.client.call(
            "GET", f"/v1/graphs?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        )
        assert page.status == 200, page.body
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return items


class GraphsMachine(RuleBasedStateMachine):
    tenant: Tenant  # set by the test

    graph_ids = Bundle("graph_ids")

    def __init__(self):
        super().__init__()
        self.model = Model()
        assert all_graphs(self.tenant) == [], "the previous example left graphs behind"

    @property
    def client(self):
        return self.tenant.client

    @rule(target=graph_ids, name=names, value=st.floats(-1e6, 1e6), tags=tags)
    def create(self, name, value, tags):
        reply = self.client.call("POST", "/v1/graphs", graph_request(name, value, tags=tags))
        assert reply.status == 201, reply.body
        graph = reply.json()
        assert graph["revision"] == 1 and graph["id"] not in self.model.graphs
        self.model.graphs[graph["id"]] = GraphState(
            name, graph["etag"], 1, sorted(set(tags)), value, {graph["etag"]}
        )
        return graph["id"]

    @rule(graph_id=graph_ids, value=st.floats(-1e6, 1e6), stale=st.booleans())
    def replace(self, graph_id, value, stale):
        state = self.model.graphs.get(graph_id)
        etag = '"stale"' if stale or state is None else state.etag
        reply = self.client.call(
            "PUT", f"/v1/graphs/{graph_id}", graph_request("replaced", value), {"If-Match": etag}
        )
        if state is None:
            assert reply.status == 404, reply.body  # deleted stays deleted
            return
        if stale:
            assert reply.status == 412 and reply.json()["code"] == "ETAG_MISMATCH"
            return
        assert reply.status == 200, reply.body
        self._advance(state, reply.headers["etag"], state.revision + 1)
        state.name, state.value, state.tags = "replaced", value, sorted(set(GRAPH_TAGS))

    @rule(graph_id=graph_ids, name=st.none() | names, tags=st.none() | tags)
    def patch(self, graph_id, name, tags):
        state = self.model.graphs.get(graph_id)
        changes = {k: v for k, v in (("name", name), ("tags", tags)) if v is not None}
        reply = self.client.call(
            "PATCH",
            f"/v1/graphs/{graph_id}",
            changes or {"description": None},
            {**MERGE_PATCH, **({"If-Match": state.etag} if state else {})},
        )
        if state is None:
            assert reply.status == 404, reply.body
            return
        assert reply.status == 200, reply.body
        self._advance(state, reply.headers["etag"], state.revision)  # revision unchanged
        state.name = name or state.name
        state.tags = sorted(set(tags)) if tags is not None else state.tags

    @rule(graph_id=consumes(graph_ids))
    def delete(self, graph_id):
        reply = self.client.call("DELETE", f"/v1/graphs/{graph_id}")
        assert reply.status == 204, reply.body
        del self.model.graphs[graph_id]
        self.model.deleted.add(graph_id)

    @rule(graph_id=graph_ids)
    def get(self, graph_id):
        reply = self.client.call("GET", f"/v1/graphs/{graph_id}")
        state = self.model.graphs[graph_id]
        assert reply.status == 200, reply.body
        graph = reply.json()
        assert (graph["etag"], graph["revision"], graph["name"], graph["tags"]) == (
            state.etag,
            state.revision,
            state.name,
            state.tags,
        )
        assert graph["graph"]["nodes"][0]["attrs"]["value"]["data"] == [state.value]

    @precondition(lambda self: self.model.deleted)
    @rule(data=st.data())
    def deleted_stays_deleted(self, data):
        graph_id = data.draw(st.sampled_from(sorted(self.model.deleted)))
        assert self.client.call("GET", f"/v1/graphs/{graph_id}").status == 404
        replaced = self.client.call(
            "PUT", f"/v1/graphs/{graph_id}", graph_request("back"), {"If-Match": "*"}
        )
        assert replaced.status == 404, replaced.body

    @precondition(lambda self: self.model.graphs)
    @rule(page=st.integers(1, 3), inserts=st.integers(1, 3))
    def list_while_others_insert(self, page, inserts):
        # Graphs created during the listing may or may not appear; every graph
        # that existed before it appears exactly once.
        existing = set(self.model.graphs)
        created: list[str] = []

        def insert():
            for _ in range(inserts):
                reply = self.client.call("POST", "/v1/graphs", graph_request("concurrent"))
                assert reply.status == 201
                created.append(reply.json())

        inserter = threading.Thread(target=insert)
        inserter.start()
        try:
            seen = [g["id"] for g in all_graphs(self.tenant, limit=page)]
        finally:
            inserter.join()
            for graph in created:  # before any assertion, so teardown removes them
                self.model.graphs[graph["id"]] = GraphState(
                    "concurrent", graph["etag"], 1, sorted(graph["tags"]), 1.0, {graph["etag"]}
                )
        assert len(seen) == len(set(seen)), "a page repeated a graph"
        assert existing <= set(seen), f"skipped: {existing - set(seen)}"

    def _advance(self, state: GraphState, etag: str, revision: int) -> None:
        assert etag not in state.etags_seen, "an ETag came back"
        assert revision >= state.revision, "the revision went backwards"
        state.etags_seen.add(etag)
        state.etag, state.revision = etag, revision

    def teardown(self):
        # Keep the tenant small for the next example (and under its plan's cap).
        for graph_id in self.model.graphs:
            assert self.client.call("DELETE", f"/v1/graphs/{graph_id}").status == 204

    @invariant()
    def the_listing_is_the_model(self):
        listed = {g["id"]: (g["etag"], g["revision"]) for g in all_graphs(self.tenant)}
        expected = {gid: (s.etag, s.revision) for gid, s in self.model.graphs.items()}
        assert listed == expected
        assert not self.model.deleted & set(listed), "a deleted graph came back"


GRAPH_TAGS = graph_request("x")["tags"]


def test_graphs_behave_like_the_model(runner):
    GraphsMachine.tenant = Tenant.create(runner, "model")
    run = GraphsMachine.TestCase
    run.settings = settings(
        max_examples=scaled(10, 60),
        stateful_step_count=scaled(15, 40),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    run().runTest()
