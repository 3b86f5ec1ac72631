"""make demo: start the local API, show it doing its job, stop it cleanly.

Grows with the product: each feature adds its part of the tour here.
"""

import contextlib
import json
import sys
import tempfile
from pathlib import Path

import graphgate as gg
from graphgate import serialization
from localrunner.client import Client, request
from localrunner.process import RunnerProcess


def show(title: str, reply, fields: tuple[str, ...] | None = None) -> None:
    """Print a reply; `fields` picks what to show of a large JSON body."""
    print(
        f"\n== {title}\n   HTTP {reply.status}  X-Request-ID: {reply.headers.get('x-request-id')}"
    )
    for header in ("retry-after", "location", "etag", "allow"):
        if header in reply.headers:
            print(f"   {header.title()}: {reply.headers[header]}")
    body = reply.body.decode()
    with contextlib.suppress(ValueError):
        document = json.loads(body)
        if fields and isinstance(document, dict):
            document = {k: document[k] for k in fields if k in document}
        body = json.dumps(document, indent=2)
    if body:
        print("   " + body.replace("\n", "\n   "))


def tutorial_graph() -> dict:
    """The classic program, built with the engine the way a TF 1.x user would."""
    graph = gg.Graph()
    with graph.as_default():
        a = gg.constant(15.0, name="a")
        b = gg.constant(5.0, name="b")
        gg.divide(gg.multiply(a, b), gg.add(a, b), name="res")
    return serialization.graph_to_dict(graph)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="graphgate-demo-") as workdir:
        log = open(Path(workdir) / "runner.log", "w", encoding="utf-8")  # noqa: SIM115
        parameters = {"FreeBurstLimit": "3", "FreeRateLimit": "1"}
        with RunnerProcess(Path(workdir), parameters, log=log) as runner:
            print(
                f"local graphgate API up on {runner.url} (embedded AWS at "
                f"{runner.state['aws_endpoint']}, no Docker, no AWS account)"
            )
            ok = tour_the_edge(runner) and tour_graphs(runner)
        log.close()
        print("\nlocal API stopped cleanly.")
    return 0 if ok else 1


def tour_the_edge(runner: RunnerProcess) -> bool:
    tenant = runner.create_tenant("demo", plan="free")
    print(
        f"created tenant {tenant['tenant_id']} on the free plan "
        f"(burst 3, 1 request/s) with key {tenant['api_key'][:10]}..."
    )
    show("GET /v1/health without an API key", request("GET", f"{runner.url}/v1/health"))
    headers = {"x-api-key": tenant["api_key"], "X-Request-ID": "demo-1"}
    health = request("GET", f"{runner.url}/v1/health", headers)
    show("GET /v1/health with the key", health)
    replies = [request("GET", f"{runner.url}/v1/health", headers) for _ in range(4)]
    throttled = [r for r in replies if r.status == 429]
    show("a burst beyond the plan", throttled[0] if throttled else replies[-1])
    return health.status == 200 and bool(throttled)


def tour_graphs(runner: RunnerProcess) -> bool:
    client = Client(runner.url, runner.create_tenant("demo-graphs", plan="pro")["api_key"])
    print(f"\ncreated a pro tenant and got a bearer token ({client.token[:16]}...)")
    summary = ("id", "name", "tags", "revision", "etag", "node_count", "content_hash")
    created = client.call(
        "POST", "/v1/graphs", {"name": "tutorial", "tags": ["demo"], "graph": tutorial_graph()}
    )
    show("POST /v1/graphs  (a/b program: res = a*b/(a+b))", created, summary)
    graph = created.json()
    path = f"/v1/graphs/{graph['id']}"
    listed = client.call("GET", "/v1/graphs?limit=10")
    print(
        f"\n== GET /v1/graphs\n   HTTP {listed.status}: "
        f"{[g['name'] for g in listed.json()['items']]}"
    )
    show(
        "GET the graph as Graphviz DOT",
        client.call("GET", path, headers={"Accept": "text/vnd.graphviz"}),
    )
    show(
        "PUT without If-Match",
        client.call("PUT", path, {"name": "tutorial", "graph": tutorial_graph()}),
    )
    replaced = client.call(
        "PUT", path, {"name": "tutorial v2", "graph": tutorial_graph()}, {"If-Match": graph["etag"]}
    )
    show("PUT with If-Match (a new revision)", replaced, summary)
    patched = client.call(
        "PATCH",
        path,
        raw=b'{"tags": ["demo", "renamed"]}',
        headers={"Content-Type": "application/merge-patch+json"},
    )
    show("PATCH tags (merge patch)", patched, ("revision", "etag", "tags"))
    deleted = client.call("DELETE", path)
    show("DELETE the graph", deleted)
    show("GET it again", client.call("GET", path), ("code", "detail"))
    return (created.status, replaced.status, patched.status, deleted.status) == (201, 200, 200, 204)


if __name__ == "__main__":
    sys.exit(main())
