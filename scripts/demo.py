"""make demo: start the local API, show it doing its job, stop it cleanly.

The tour: the gateway's edge (keys, throttling), the graphs API over plain
HTTP, then the Python client: the tutorial program computed remotely, a small
network trained in an async run with a progress bar, its loss curve saved as
demo-loss.png, and the CLI; it ends with the URL of the web console, where the
demo tenant's graphs, sessions and runs can be seen (kept up until Enter when
run from a terminal).

Grows with the product: each feature adds its part of the tour here.
"""

import contextlib
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

import graphgate as gg
from graphgate import cli, serialization
from graphgate.cli.progress import ProgressBar, latest_metrics
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
            key = runner.create_tenant("demo-client", plan="pro")["api_key"]
            ok = tour_the_edge(runner) and tour_graphs(runner) and tour_the_client(runner, key)
            show_the_console(runner, key)
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


LOSS_PLOT = Path("demo-loss.png")
TRAINING_STEPS = 600


def tour_the_client(runner: RunnerProcess, key: str) -> bool:
    """The Python client: TensorFlow 1.x code, computed by the service."""
    print("\n== The Python client: build with graphgate as with TF 1.x, run remotely")
    graph = gg.Graph()
    with graph.as_default():
        a = gg.constant(15.0, name="a")
        b = gg.constant(5.0, name="b")
        res = gg.divide(gg.multiply(a, b), gg.add(a, b), name="res")
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        value = sess.run(res)
        print(f"   with gg.RemoteSession(url, api_key=key) as sess: sess.run(res)  ->  {value}")

    print(f"\n== Training a small network remotely: {TRAINING_STEPS} steps in one async run")
    graph, feeds, loss, accuracy, train = moons_classifier()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph, graph_name="moons") as sess:
        handle = sess.run([loss, accuracy, train], feeds, steps=TRAINING_STEPS, wait=False)
        print(f"   run {handle.id} started; polling its progress")
        bar = ProgressBar(TRAINING_STEPS, stream=sys.stdout)
        for record in handle.watch(interval=0.2):
            bar.update(record.get("completed_steps") or 0, latest_metrics(record), record["status"])
        bar.close()
        final_loss, final_accuracy, _ = handle.result()
        curve = handle.history("loss")
        # Freeze the trained session before the with-block ends it: the version keeps
        # its own copy of the weights and outlives the session.
        frozen = sess.client.create_model_version(
            "moons", sess.session_id, {"points": "x"}, {"probability": "probability"}
        )
        sess.client.set_label("moons", "stable", frozen["version"])
    print(f"   final loss {final_loss:.4f}, accuracy {final_accuracy:.1%}")
    if curve:
        plot_loss(curve, LOSS_PLOT)
        print(f"   loss curve ({len(curve)} points) saved to {LOSS_PLOT.resolve()}")

    print("\n== The same API from the shell: graphgate graphs ls")
    cli.main(["graphs", "ls", "--url", runner.url, "--api-key", key])
    served = tour_serving(runner, key, feeds)
    return value == 3.75 and final_accuracy > 0.9 and served


def show_the_console(runner: RunnerProcess, key: str) -> None:
    """Where to see it all in a browser (docs/console.md): the moons graph, its session, its run."""
    print(
        f"\n== The web console: {runner.url}/console  (API docs: {runner.url}/docs)\n"
        f"   sign in with the demo-client tenant's API key {key}\n"
        "   (in the form, never in the URL; this local API and its key end with the demo)"
    )
    if sys.stdin.isatty():
        input("   press Enter to stop the local API ")


def tour_serving(runner: RunnerProcess, key: str, feeds: dict) -> bool:
    """The trained classifier, frozen into model `moons` v1 and labelled stable, answers
    a KServe v2 request, the protocol inference servers speak."""
    print("\n== Serving it: frozen into model moons v1, labelled stable, asked over KServe v2")
    points = next(iter(feeds.values()))[:3]
    client = Client(runner.url, key)
    body = {"id": "demo-1", "inputs": [{"name": "points", **serialization.encode_tensor(points)}]}
    reply = client.call("POST", "/v2/models/moons/infer", body)
    show("POST /v2/models/moons/infer", reply, ("model_name", "model_version", "id"))
    answer = reply.json()["outputs"][0]
    print(f"   P(class 1) for 3 points: {np.round(answer['data'], 3).tolist()}")
    model = gg.serving.Client("moons", label="stable", url=runner.url, api_key=key)
    again = model.predict({"points": points})["probability"]
    print(f"   gg.serving.Client('moons', label='stable').predict(...) -> v{model.last_version}")
    return reply.status == 200 and np.allclose(again, answer["data"])


def moons_classifier():
    """Two interleaved half-moons and a 2-16-1 network to tell them apart."""
    rng = np.random.default_rng(7)
    angles = rng.uniform(0, np.pi, 200)
    labels = rng.integers(0, 2, 200)
    points = np.stack([np.cos(angles), np.sin(angles)], 1)
    points[labels == 1] = 1 - points[labels == 1] - [0, 0.5]
    points = (points + rng.normal(scale=0.1, size=points.shape)).astype(np.float32)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.placeholder(gg.float32, [None], name="y")
        init = gg.train.glorot_uniform_initializer(seed=1)
        w1 = gg.Variable(init([2, 16], gg.float32), name="w1")
        b1 = gg.Variable(gg.zeros([16]), name="b1")
        w2 = gg.Variable(init([16, 1], gg.float32), name="w2")
        b2 = gg.Variable(0.0, name="b2")
        logits = gg.squeeze(gg.matmul(gg.tanh(gg.matmul(x, w1) + b1), w2), [1]) + b2
        gg.sigmoid(logits, name="probability")  # what the served model answers
        loss = gg.reduce_mean(
            gg.sigmoid_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
        )
        hits = gg.equal(gg.cast(logits > 0, gg.float32), y)
        accuracy = gg.reduce_mean(gg.cast(hits, gg.float32), name="accuracy")
        train = gg.train.AdamOptimizer(0.05).minimize(loss)
    return graph, {x: points, y: labels.astype(np.float32)}, loss, accuracy, train


def plot_loss(curve: list[tuple[int, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 3.5), dpi=100)
    axes.plot([step for step, _ in curve], [value for _, value in curve], marker=".")
    axes.set(xlabel="step", ylabel="loss", title="moons classifier, trained on graphgate")
    axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


if __name__ == "__main__":
    sys.exit(main())
