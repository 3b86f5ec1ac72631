"""The graphs API over HTTP against the local runner."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support import Client, load_event

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

GRAPH = json.loads(load_event("post-graphs")["body"])


@pytest.fixture
def client(runner):
    return Client(runner.url, runner.create_tenant("graphs-e2e", plan="pro")["api_key"])


def create(client, name="g", **fields):
    reply = client.call("POST", "/v1/graphs", {**GRAPH, "name": name, **fields})
    assert reply.status == 201, reply.body
    return reply.json()


def test_a_graph_lives_through_create_list_get_replace_patch_delete(client):
    graph = create(client, "tour")
    assert [g["id"] for g in client.call("GET", "/v1/graphs").json()["items"]] == [graph["id"]]
    fetched = client.call("GET", f"/v1/graphs/{graph['id']}")
    assert fetched.status == 200 and fetched.headers["etag"] == graph["etag"]
    assert fetched.json()["signature"]["placeholders"] == []

    replaced = client.call(
        "PUT", f"/v1/graphs/{graph['id']}", {**GRAPH, "name": "tour 2"}, {"If-Match": graph["etag"]}
    )
    assert replaced.status == 200 and replaced.json()["revision"] == 2
    patched = client.call(
        "PATCH",
        f"/v1/graphs/{graph['id']}",
        raw=b'{"tags": ["t"]}',
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert patched.status == 200 and patched.json()["tags"] == ["t"]
    assert client.call("DELETE", f"/v1/graphs/{graph['id']}").status == 204
    assert client.call("GET", f"/v1/graphs/{graph['id']}").status == 404


def test_the_drawing_is_not_modified_only_against_its_own_etag(client):
    graph = create(client, "drawn")
    path, svg = f"/v1/graphs/{graph['id']}", {"Accept": "image/svg+xml"}
    drawn = client.call("GET", path, headers=svg)
    assert drawn.status == 200 and drawn.headers["etag"] != graph["etag"]
    assert client.call("GET", path, headers={**svg, "If-None-Match": graph["etag"]}).status == 200
    again = client.call("GET", path, headers={**svg, "If-None-Match": drawn.headers["etag"]})
    assert again.status == 304
    assert client.call("GET", path, headers={"If-None-Match": graph["etag"]}).status == 304


def test_concurrent_puts_with_one_etag_have_exactly_one_winner(client):
    graph = create(client, "contested")
    barrier = threading.Barrier(8)

    def put(i):
        body = json.loads(json.dumps(GRAPH))
        body["graph"]["nodes"][0]["attrs"]["value"]["data"] = [float(i)]
        barrier.wait()
        return client.call(
            "PUT",
            f"/v1/graphs/{graph['id']}",
            {**body, "name": f"w{i}"},
            {"If-Match": graph["etag"]},
        ).status

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(put, range(8)))
    assert statuses == [200] + [412] * 7
    revisions = client.call("GET", f"/v1/graphs/{graph['id']}/revisions").json()["items"]
    assert [r["revision"] for r in revisions] == [1, 2]


def test_pages_neither_skip_nor_repeat_while_graphs_are_created(client):
    existing = [create(client, f"old{i}")["id"] for i in range(7)]
    stop = threading.Event()

    def insert():
        while not stop.is_set():
            create(client, "new")

    inserter = threading.Thread(target=insert)
    inserter.start()
    try:
        seen, cursor = [], None
        while True:
            query = "?limit=2" + (f"&cursor={cursor}" if cursor else "")
            page = client.call("GET", f"/v1/graphs{query}").json()
            seen += [g["id"] for g in page["items"] if g["name"].startswith("old")]
            cursor = page["next_cursor"]
            if not cursor:
                break
    finally:
        stop.set()
        inserter.join()
    assert seen == list(reversed(existing))


def test_another_tenants_graph_is_not_found(runner, client):
    graph = create(client, "private")
    stranger = Client(runner.url, runner.create_tenant("stranger", plan="pro")["api_key"])
    for method, body, headers in (
        ("GET", None, {}),
        ("DELETE", None, {}),
        ("PUT", GRAPH, {"If-Match": graph["etag"]}),
    ):
        reply = stranger.call(method, f"/v1/graphs/{graph['id']}", body, headers)
        assert reply.status == 404, (method, reply.body)
    assert client.call("GET", f"/v1/graphs/{graph['id']}").status == 200


def test_http_level_refusals(client):
    graph = create(client, "edges")
    path = f"/v1/graphs/{graph['id']}"
    wrong_method = client.call("POST", path)
    assert wrong_method.status == 405 and "PUT" in wrong_method.headers["allow"]
    wrong_type = client.call(
        "POST",
        "/v1/graphs",
        raw=b"name=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert wrong_type.status == 415
    wrong_patch = client.call(
        "PATCH", path, raw=b'{"name": "x"}', headers={"Content-Type": "application/json"}
    )
    assert wrong_patch.status == 415
    assert wrong_patch.headers["accept-patch"] == "application/merge-patch+json"
    assert client.call("GET", path, headers={"Accept": "image/png"}).status == 406
    dot = client.call("GET", path, headers={"Accept": "text/vnd.graphviz"})
    assert dot.status == 200 and dot.headers["content-type"].startswith("text/vnd.graphviz")
    assert client.call("PUT", path, GRAPH).status == 428
    too_big = client.call("POST", "/v1/graphs", raw=b"{" + b" " * (6 * 1024 * 1024) + b"}")
    assert too_big.status == 413
