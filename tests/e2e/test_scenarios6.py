"""Journeys a demanding user made from README.md and docs/ alone, round 6: an async
training run cancelled and resumed from its checkpoint, a model version rolled back, a
10,000-node graph stored, revised, compared and served, and a key rotated under a live
session. Each test pins a place where the product answered otherwise than the docs
promised, or one the docs promise and a change could break."""

import concurrent.futures
import itertools
import re
import time
from pathlib import Path

import numpy as np
import pytest
import yaml

import graphgate as gg
from graphgate.client import errors
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios6-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    return Client(runner.url, key)


def _dropout_script():
    """A TF1 script, unchanged but for its import: seeded dropout and Adam, so a step
    that ran twice, or a random stream restarted, shows in the losses."""
    import graphgate.compat.v1 as tf

    with tf.Graph().as_default() as graph:
        tf.set_random_seed(6)
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        y = tf.placeholder(tf.int64, [None], name="y")
        hidden = tf.nn.dropout(tf.layers.dense(x, 16, activation=tf.nn.relu), rate=0.3)
        logits = tf.layers.dense(hidden, 3)
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
        )
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        init = tf.global_variables_initializer()
    rng = np.random.default_rng(6)
    feeds = {x: rng.normal(size=(64, 4)).astype(np.float32), y: rng.integers(0, 3, 64)}
    return graph, loss, train, init, feeds


def test_an_async_run_cancelled_then_resumed_ends_where_one_uninterrupted_run_ends(runner, key):
    # GIVEN the losses and variables of 2,000 steps in a local session
    steps = 2000
    graph, loss, train, init, feeds = _dropout_script()
    with gg.Session(graph=graph) as sess:
        sess.run(init)
        want = [sess.run([loss, train], feeds)[0] for _ in range(steps)]
        want_vars = sess.run(graph.get_collection("trainable_variables"))
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        sess.run(init)
        # WHEN the same steps start as one async run (sessions.md), which the user cancels
        # once it has checkpointed a few times
        job = sess.run([loss, train], feeds, steps=steps, wait=False)
        deadline = time.monotonic() + 60
        while job.progress()["completed_steps"] < 100:
            assert time.monotonic() < deadline, job.progress()
            time.sleep(0.05)
        assert job.cancel() is True
        with pytest.raises(errors.RunCancelledError):
            job.result(timeout=60)
        assert job.cancel() is False  # client.md: False once it has ended
        ended = job.progress()
        done = ended["completed_steps"]
        # THEN it stopped at a checkpoint (every 25 steps), short of the end
        assert ended["status"] == "cancelled"
        assert 100 <= done < steps and done % 25 == 0, ended
        # and its history holds every checkpoint it made, each the local loss of that step
        assert [step for step, _ in job.history(loss)] == list(range(25, done + 1, 25))
        assert all(value == want[step - 1] for step, value in job.history(loss))
        # WHEN the rest is run as a second async run on the session it left
        rest = sess.run([loss, train], feeds, steps=steps - done, wait=False)
        last, _ = rest.result(timeout=300)
        got_vars = sess.run(graph.get_collection("trainable_variables"))
    # THEN the cancelled run kept exactly its last checkpoint (variables and the seeded
    # stream alike): the resumed run ends with the loss and variables of an uninterrupted
    # run, bit for bit
    assert last == want[-1]
    for got, wanted in zip(got_vars, want_vars, strict=True):
        np.testing.assert_array_equal(got, wanted)


ROWS = np.random.default_rng(60).normal(size=(8, 2)).astype(np.float32)


def _linear():
    """models.md's shape of model: a placeholder `x`, a prediction `pred`, trained on `y`."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.placeholder(gg.float32, [None, 1], name="y")
        w = gg.Variable(gg.zeros([2, 1]), name="w")
        pred = gg.add(gg.matmul(x, w), 0.5, name="pred")
        loss = gg.reduce_mean(gg.square(pred - y), name="loss")
        train = gg.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
        init = gg.global_variables_initializer()
    return graph, x, y, w, pred, train, init


def test_a_bad_version_promoted_is_rolled_back_by_moving_its_label_and_then_deleted(
    runner, key, client
):
    from tests.e2e.test_cli import run as cli

    name = "s6-rollback"
    graph, x, y, _, pred, train, init = _linear()
    targets = ROWS @ np.array([[2.0], [-1.0]], np.float32)
    login = ("--url", runner.url, "--api-key", key)
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        sess.run(init)
        # GIVEN version 1, trained, labelled stable (models.md's loop)
        sess.run(train, {x: ROWS, y: targets}, steps=20)
        v1_pred = sess.run(pred, {x: ROWS})
        api = sess.client
        api.create_model_version(name, sess.session_id, {"x": "x"}, {"pred": "pred"})
        assert cli("models", "label", name, "stable", "1", *login)[0] == 0
        # and version 2, trained on wrong targets, sent 50 % of stable, then promoted
        sess.run(train, {x: ROWS, y: -targets}, steps=20)
        v2_pred = sess.run(pred, {x: ROWS})
        created = api.create_model_version(name, sess.session_id, {"x": "x"}, {"pred": "pred"})
        assert created["version"] == 2
    assert (
        cli("models", "label", name, "stable", "1", "--canary", "2", "--weight", "0.5", *login)[0]
        == 0
    )
    code, out, _ = cli("models", "ls", name, *login)
    assert code == 0 and "stable (canary 50%)" in out, out
    assert cli("models", "label", name, "stable", "2", *login)[0] == 0
    served = gg.serving.Client(name, url=runner.url, api_key=key)
    np.testing.assert_array_equal(served.predict({"x": ROWS})["pred"], v2_pred)
    assert served.last_version == 2
    # A version a label points at cannot be deleted; the refusal names the label
    refused = client.call("DELETE", f"/v1/models/{name}/versions/2")
    assert (refused.status, refused.json()["code"]) == (409, "MODEL_VERSION_LABELLED")
    assert "stable" in refused.body.decode()

    # WHEN the operator rolls back with the ETag they read, after someone else moved a label
    etag = client.call("GET", f"/v1/models/{name}").headers["etag"]
    assert cli("models", "label", name, "canary", "2", *login)[0] == 0
    code, _, err = cli("models", "label", name, "stable", "1", "--if-match", etag, *login)
    # THEN the stale ETag is refused (exit 5, the 412), nothing moved
    assert code == 5 and "VERSION_MISMATCH (412)" in err, err
    assert served.predict({"x": ROWS}) and served.last_version == 2
    # and with the current one the label moves back
    etag = client.call("GET", f"/v1/models/{name}").headers["etag"]
    assert cli("models", "label", name, "stable", "1", "--if-match", etag, *login)[0] == 0
    # THEN every protocol's default and label route answers from version 1, its own values
    np.testing.assert_array_equal(served.predict({"x": ROWS})["pred"], v1_pred)
    assert served.last_version == 1
    infer = {"inputs": [{"name": "x", "datatype": "FP32", "shape": [8, 2], "data": ROWS.tolist()}]}
    kserve = client.call("POST", f"/v2/models/{name}/infer", infer)
    assert kserve.status == 200 and kserve.headers["x-model-version"] == "1"
    assert kserve.json()["model_version"] == "1"
    tfs = client.call(
        "POST", f"/tfserving/v1/models/{name}/labels/stable:predict", {"instances": ROWS.tolist()}
    )
    assert tfs.status == 200 and tfs.headers["x-model-version"] == "1"
    # WHEN the bad version is removed: its last label first, then the version
    assert client.call("DELETE", f"/v1/models/{name}/labels/canary").status == 204
    assert client.call("DELETE", f"/v1/models/{name}/versions/2").status == 204
    # THEN it is gone on every route, and its number is never given again
    gone = client.call("GET", f"/v1/models/{name}/versions/2")
    assert (gone.status, gone.json()["code"]) == (404, "MODEL_VERSION_NOT_FOUND")
    gone = client.call("POST", f"/v2/models/{name}/versions/2/infer", infer)
    assert (gone.status, gone.json()["code"]) == (404, "MODEL_VERSION_NOT_FOUND")
    status = client.call("GET", f"/tfserving/v1/models/{name}/versions/2")
    assert status.status == 404, status.body
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        sess.run(init)
        again = sess.client.create_model_version(
            name, sess.session_id, {"x": "x"}, {"pred": "pred"}
        )
    assert again["version"] == 3
    page = client.call("GET", f"/v1/models/{name}/versions").json()
    listed = [v["version"] for v in page["items"]]
    assert listed == [3, 1]
    # and training goes on from the good version (models.md: a session from a version)
    session = client.call("POST", "/v1/sessions", {"from_model": {"model": name, "version": 1}})
    assert session.status == 201, session.body
    with gg.RemoteSession(runner.url, api_key=key, session_id=session.json()["id"]) as sess:
        np.testing.assert_array_equal(sess.run("pred:0", {"x:0": ROWS}), v1_pred)


def _big_graph(scale_last=1.0):
    """A 10^4-node graph as a user's model grows one: 100 name scopes (blocks) of small
    ops over a placeholder and a variable; `scale_last` is the one constant revision 2
    changes."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 4], name="x")
        w = gg.Variable(np.eye(4, dtype=np.float32), name="w")
        h = gg.matmul(x, w)
        for block in range(100):
            with gg.name_scope(f"block{block}"):
                for i in range(33):
                    scale = scale_last if (block, i) == (99, 32) else 1.0 + 1e-4 * (i % 3)
                    h = gg.add(gg.multiply(h, scale), 1e-3)
        pred = gg.identity(h, name="pred")
        init = gg.global_variables_initializer()
    return graph, x, pred, init


def test_a_ten_thousand_node_graph_is_stored_revised_compared_drawn_and_served(runner, key, client):
    from graphgate.client import Client as Api

    graph = _big_graph()[0]
    revised, x, pred, init = _big_graph(scale_last=2.0)
    nodes = len(graph.get_operations())
    assert nodes >= 10_000
    api = Api(runner.url, key)
    timings = {}
    # GIVEN the graph stored (graphs.md), found again by its content hash
    started = time.perf_counter()
    stored = api.create_graph("s6-big", graph, tags=["big"])
    timings["create"] = time.perf_counter() - started
    assert stored["node_count"] == nodes and stored["revision"] == 1
    found = list(api.graphs(content_hash=stored["content_hash"]))
    assert [g["id"] for g in found] == [stored["id"]]
    pinned = api.create_session(stored["id"])  # a session of revision 1, kept across the PUT
    # WHEN it is revised with If-Match (one constant changed), as graphs.md says
    from graphgate import serialization

    document = serialization.graph_to_dict(revised)
    started = time.perf_counter()
    put = client.call(
        "PUT",
        f"/v1/graphs/{stored['id']}",
        {"name": "s6-big", "graph": document},
        {"If-Match": stored["etag"]},
    )
    timings["revise"] = time.perf_counter() - started
    assert put.status == 200, put.body[:300]
    assert put.json()["revision"] == 2
    # THEN both revisions are listed with their hashes, and comparing their documents
    # finds exactly the node that changed
    revisions = client.call("GET", f"/v1/graphs/{stored['id']}/revisions").json()
    listed = {r["revision"]: r for r in revisions["items"]}
    assert sorted(listed) == [1, 2]
    assert listed[1]["content_hash"] == stored["content_hash"]
    assert listed[2]["content_hash"] == put.json()["content_hash"] != stored["content_hash"]
    old, new = (api.get_graph_revision(stored["id"], n)["graph"] for n in (1, 2))
    old_nodes = {n["name"]: n for n in old["nodes"]}
    changed = [n["name"] for n in new["nodes"] if old_nodes.get(n["name"]) != n]
    assert len(new["nodes"]) == len(old["nodes"]) == nodes
    assert len(changed) == 1 and changed[0].startswith("block99/"), changed
    # and the drawing shows its 100 scopes collapsed, one of them opened on request
    drawing = client.call("GET", f"/v1/graphs/{stored['id']}", headers={"Accept": "image/svg+xml"})
    assert drawing.status == 200, drawing.body[:300]
    opened = client.call(
        "GET", f"/v1/graphs/{stored['id']}?expand=block7", headers={"Accept": "image/svg+xml"}
    )
    assert opened.status == 200 and len(opened.body) > len(drawing.body)
    # WHEN the revised graph is run once, in a session, and served as a model version
    with gg.Session(graph=revised) as sess:
        sess.run(init)
        want = sess.run(pred, {x: ROWS.repeat(2, axis=1)})
    rows = {"datatype": "FP32", "shape": [8, 4], "data": ROWS.repeat(2, axis=1).ravel().tolist()}
    started = time.perf_counter()
    once = api.run_graph(stored["id"], {"fetches": {"pred": "pred"}, "feeds": {"x": rows}})
    timings["one-shot run"] = time.perf_counter() - started
    session = api.create_session(stored["id"])
    assert session["graph_revision"] == 2
    # (the session started before the PUT still runs revision 1: sessions.md, pinned)
    old_run = api.run_session(pinned["id"], {"fetches": {"pred": "pred"}, "feeds": {"x": rows}})
    old_pred = np.asarray(old_run.json()["outputs"]["pred"]["data"], np.float32)
    assert pinned["graph_revision"] == 1 and not np.array_equal(old_pred.reshape(8, 4), want)
    with gg.Session(graph=graph) as sess:
        sess.run(graph.get_operation_by_name("init"))
        want_old = sess.run("pred:0", {"x:0": ROWS.repeat(2, axis=1)})
    np.testing.assert_array_equal(old_pred.reshape(want_old.shape), want_old)
    started = time.perf_counter()
    version = api.create_model_version("s6-big", session["id"], {"x": "x"}, {"pred": "pred"})
    timings["freeze"] = time.perf_counter() - started
    served = gg.serving.Client("s6-big", url=runner.url, api_key=key)
    started = time.perf_counter()
    predicted = served.predict({"x": ROWS.repeat(2, axis=1)})["pred"]
    timings["first predict"] = time.perf_counter() - started
    # THEN each answers what a local session computes
    answered = np.asarray(once["outputs"]["pred"]["data"], np.float32).reshape(want.shape)
    np.testing.assert_array_equal(answered, want)
    np.testing.assert_array_equal(predicted, want)
    assert version["version"] == 1
    print("10k-node graph timings (s):", {k: round(v, 2) for k, v in timings.items()})


def _counter():
    with gg.Graph().as_default() as graph:
        count = gg.Variable(0.0, name="count")
        bump = gg.assign_add(count, 1.0, name="bump")
    return graph, bump


def test_a_key_rotated_under_a_live_session_hands_it_to_the_new_key_without_losing_a_step(
    runner, tmp_path
):
    from tests.e2e.test_cli import run as cli

    tenant = runner.create_tenant("s6-rotation", plan="pro")
    old = tenant["api_key"]
    graph, bump = _counter()
    # GIVEN a training loop in one process, on the tenant's key (attached sessions fetch
    # by name: client.md, Attaching rebuilds the graph)
    first = gg.RemoteSession(runner.url, api_key=old, graph=graph)
    assert first.run(bump) == 1.0
    # WHEN the operator rotates that key with a grace period (auth.md, For operators)
    rotated = runner.admin("rotate-key", "--key-id", tenant["api_key_id"], "--grace-seconds", "12")
    new = rotated["api_key"]
    # THEN during the grace both keys work on the same session: a second process attaches
    # to it with the new key (client.md, Attaching) and every step of both counts once
    second = gg.RemoteSession(runner.url, api_key=new, session_id=first.session_id)
    assert first.run(bump) == 2.0
    assert second.run("bump:0") == 3.0
    assert first.run(bump) == 4.0
    # A third process logs in with the old key during the grace and runs; its token's
    # allow, cached by the authorizer from its first use, outlasts the grace (auth.md:
    # up to 30 s; it is used again ~14 s after that first use at the most)...
    late = gg.RemoteSession(runner.url, api_key=old, session_id=first.session_id)
    assert late.run("bump:0") == 5.0
    time.sleep(max(0.0, rotated["old_key_not_after"] - time.time()) + 0.5)
    # ...while the old key can no longer log in, from the CLI or another process
    code, _, err = cli("usage", "--url", runner.url, "--api-key", old)
    assert code == 3 and "INVALID_API_KEY (403)" in err, err
    with pytest.raises(errors.AuthenticationError):
        first_unused = gg.RemoteSession(runner.url, api_key=old, session_id=first.session_id)
        first_unused.run("bump:0")
    assert late.run("bump:0") == 6.0  # its cached allow stands (≤ 30 s)
    # WHEN the scheduled expiry takes the old key out of the gateway (expire-keys)
    assert tenant["api_key_id"] in runner.admin("expire-keys")["disabled"]
    time.sleep(2.2)  # the gateway's key cache (local-runner.md)
    # THEN every client still on the old key is refused as auth.md says, not retried
    for session, fetch in ((first, bump), (late, "bump:0")):
        with pytest.raises(errors.AuthenticationError) as refused:
            session.run(fetch)
        assert refused.value.code == "INVALID_API_KEY"
    # and the session itself carries on under the new key with every step counted once
    assert second.run("bump:0") == 7.0
    # An attached session's close() leaves it running (client.md); the CLI ends it
    second.close()
    login = ("--url", runner.url, "--api-key", new)
    assert cli("sessions", "get", first.session_id, *login)[0] == 0
    assert cli("sessions", "rm", first.session_id, *login)[0] == 0
    assert cli("sessions", "get", first.session_id, *login)[0] == 4


def test_a_free_tenant_at_its_limits_is_upgraded_by_the_operator_and_downgraded_again(runner):
    # GIVEN a free tenant (the e2e free plan: 2 requests a second, burst 4) with its
    # five sessions, the plan's cap (auth.md, Plans)
    tenant = runner.create_tenant("s6-upgrade", plan="free")
    client = Client(runner.url, tenant["api_key"])

    def patient(method, path, body=None):
        """A request sent again after Retry-After, as api.md says a 429 is to be met."""
        while True:
            reply = client.call(method, path, body)
            if reply.status != 429:
                return reply
            time.sleep(float(reply.headers["retry-after"]))

    graph, *_ = _linear()
    from graphgate import serialization

    stored = patient(
        "POST", "/v1/graphs", {"name": "g", "graph": serialization.graph_to_dict(graph)}
    )
    graph_id = stored.json()["id"]
    for _ in range(5):
        assert patient("POST", "/v1/sessions", {"graph_id": graph_id}).status == 201
    # WHEN it asks for more: a sixth session, and a burst of requests
    refused = patient("POST", "/v1/sessions", {"graph_id": graph_id})
    with concurrent.futures.ThreadPoolExecutor(8) as pool:  # at once, whatever the load
        burst = list(pool.map(lambda _: client.call("GET", "/v1/usage"), range(8)))
    # THEN the cap is a 422 naming it, and the burst meets 429 with Retry-After
    assert refused.status == 422, refused.body
    assert {k: refused.json()[k] for k in ("code", "cap", "limit", "used")} == {
        "code": "PLAN_LIMIT_EXCEEDED",
        "cap": "sessions",
        "limit": 5,
        "used": 5,
    }
    throttled = [r for r in burst if r.status == 429]
    assert throttled and all(r.json()["code"] == "RATE_LIMITED" for r in throttled)
    assert all(float(r.headers["retry-after"]) > 0 for r in throttled)
    # WHEN the operator moves the tenant to pro (auth.md, For operators)
    moved = runner.admin("set-plan", "--tenant", tenant["tenant_id"], "--plan", "pro")
    assert moved == {
        "tenant_id": tenant["tenant_id"],
        "plan": "pro",
        "api_key_ids": [tenant["api_key_id"]],
    }
    time.sleep(2.2)  # the gateway's key cache (local-runner.md)
    # THEN a new token works on the pro plan: its usage says so, the sixth session
    # starts and a burst passes
    client = Client(runner.url, tenant["api_key"])
    usage = patient("GET", "/v1/usage").json()
    assert usage["plan"] == "pro", usage
    assert usage["caps"]["sessions"] == 200 and usage["throttle"]["burst_limit"] == 1000
    assert patient("POST", "/v1/sessions", {"graph_id": graph_id}).status == 201
    assert all(client.call("GET", "/v1/usage").status == 200 for _ in range(8))
    # WHEN it is moved back to free
    runner.admin("set-plan", "--tenant", tenant["tenant_id"], "--plan", "free")
    time.sleep(2.2)
    client = Client(runner.url, tenant["api_key"])
    # THEN its six sessions live on, but a seventh is over the cap again
    assert patient("GET", "/v1/usage").json()["plan"] == "free"
    listed = patient("GET", "/v1/sessions?limit=100").json()["items"]
    assert len(listed) == 6
    again = patient("POST", "/v1/sessions", {"graph_id": graph_id})
    assert again.status == 422 and (again.json()["limit"], again.json()["used"]) == (5, 6)


def test_an_operator_limits_browsers_to_the_consoles_origin_as_api_md_says(runner, tmp_path):
    # GIVEN api.md: browsers may call from any origin, "configurable per deployment"; a
    # deployment is template.yaml with its parameters (operations.md), as the runner's
    from localrunner.process import RunnerProcess
    from tests.e2e.conftest import E2E_PARAMETERS

    app = "https://app.example"
    preflight = {
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "x-api-key",
    }

    def allowed(url, origin):
        answer = request("OPTIONS", f"{url}/v1/graphs", {"Origin": origin, **preflight})
        assert answer.status == 204, answer.body
        return answer.headers.get("access-control-allow-origin")

    # THEN by default any origin is allowed
    assert allowed(runner.url, "https://elsewhere.example") == "*"
    # WHEN the operator sets the template parameter for one deployment
    parameters = {**E2E_PARAMETERS, "CorsAllowOrigins": f"{app},http://localhost:8080"}
    with RunnerProcess(tmp_path, parameters, persist=False) as own:
        key = own.create_tenant("s6-cors", plan="pro")["api_key"]
        # THEN its preflights and answers allow the listed origins only
        assert allowed(own.url, app) == app
        assert allowed(own.url, "http://localhost:8080") == "http://localhost:8080"
        assert allowed(own.url, "https://elsewhere.example") is None  # no CORS headers
        health = request("GET", f"{own.url}/v1/health", {"Origin": app, "x-api-key": key})
        assert health.status == 200 and health.headers["access-control-allow-origin"] == app
        # AND every answer depends on Origin and says so (Fetch: CORS and HTTP caches), with
        # the Origin or without it: a cache keyed on the URL alone mixed the origins' answers
        bare = request("GET", f"{own.url}/v1/health", {"x-api-key": key})
        for answer in (health, bare):
            assert "Origin" in [v.strip() for v in answer.headers.get("vary", "").split(",")]


ROOT = Path(__file__).resolve().parents[2]
METHODS = ("get", "post", "put", "patch", "delete")


def _documented_routes():
    """Every `METHOD /path` README.md and docs/ name, with a route's optional segments
    (`[/versions/{v}]`) and alternatives (`\\|`) expanded. The decision log (history) and
    hardening.md (its wrong-method probes are examples of what is refused) are left out."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    skipped = {"decision_log.md", "hardening.md"}
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages if p.name not in skipped)
    found = set()
    verb = "(?:GET|POST|PUT|PATCH|DELETE)"
    pattern = rf"\b({verb}(?:/{verb})*) (/(?:v1|v2|tfserving|console|docs)[^\s`\"'),]*)"
    for methods, raw in re.findall(pattern, text):
        route = re.sub(r"\[\?[^\]]*\]", "", raw).split("?")[0].replace("\\|", "|").rstrip(".")
        parts = re.split(r"(\[[^\]]*\])", route)
        choices = [
            ["", *part[1:-1].split("|")] if part.startswith("[") else [part] for part in parts
        ]
        for pick in itertools.product(*choices):
            path = "".join(pick)
            # TF Serving's verbs (`…/models/census:classify`) are a POST on the model's path
            for method in methods.split("/"):  # `GET/DELETE /v1/sessions/{id}`
                found.add((method, re.sub(r":(predict|classify|regress)$", "", path)))
    return found


def _operations():
    spec = yaml.safe_load((ROOT / "api" / "openapi.yaml").read_text(encoding="utf-8"))
    return {
        (method.upper(), path): operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def _matches(documented, specified):
    """A documented path names a specified one: a `{param}` of the spec takes any segment,
    a `{name}` in the docs only a parameter."""
    ours, theirs = documented.strip("/").split("/"), specified.strip("/").split("/")
    return len(ours) == len(theirs) and all(
        b.startswith("{") or (a == b and not a.startswith("{"))
        for a, b in zip(ours, theirs, strict=True)
    )


def test_every_route_the_docs_name_is_in_the_openapi_document_and_served_and_back(runner):
    # GIVEN an operator's reading of README.md and docs/, and the OpenAPI document API
    # Gateway imports (template.yaml's DefinitionBody; test_openapi_contract ties each
    # operation to a function of the template)
    documented, operations = _documented_routes(), _operations()
    # THEN every route the docs name is an operation of the document
    unknown = {
        (method, path)
        for method, path in documented
        if not any(m == method and _matches(path, p) for m, p in operations)
    }
    assert not unknown, sorted(unknown)
    # AND every operation is named somewhere in the docs
    undocumented = {
        (method, path)
        for method, path in operations
        if not any(m == method and _matches(d, path) for m, d in documented)
    }
    assert not undocumented, sorted(undocumented)
    # AND the local runner routes every one of them: without credentials each answers
    # the documented refusal (or, for the public pages, the page), never ROUTE_NOT_FOUND
    for (method, path), operation in sorted(operations.items()):
        concrete = re.sub(r"\{[^}]*\}", "x1", path)
        answer = request(method, f"{runner.url}{concrete}")
        public = operation.get("security") == []
        if public:
            assert answer.status in (200, 404), (method, path, answer.status)
        else:
            assert answer.status in (401, 403), (method, path, answer.status, answer.body[:200])
            assert answer.json()["code"] in ("INVALID_API_KEY", "INVALID_TOKEN")


def test_every_call_client_md_lists_does_what_it_says_with_its_documented_errors(runner, key):
    from graphgate import serialization
    from graphgate.client import Client as Api

    graph = _linear()[0]
    targets = ROWS @ np.array([[2.0], [-1.0]], np.float32)
    with Api(runner.url, key) as api:
        # account
        assert api.health()["status"] == "ok"
        assert api.usage()["plan"] == "pro"
        # graphs: created, found by content, listed, read, drawn, run once, revised
        stored = api.create_graph("s6-calls", graph, description="linear", tags=["s6calls"])
        assert api.upload_graph(graph)["id"] == stored["id"]
        assert api.find_graph(graph)["id"] == stored["id"]
        assert [g["id"] for g in api.graphs(tag="s6calls", page_size=1)] == [stored["id"]]
        assert api.get_graph(stored["id"])["graph"] == serialization.graph_to_dict(graph)
        assert api.get_graph_revision(stored["id"], 1)["revision"] == 1
        assert api.graph_dot(stored["id"]).startswith("digraph")
        feeds = {"x": serialization.encode_tensor(ROWS)}
        once = api.run_graph(stored["id"], {"fetches": {"pred": "pred"}, "feeds": feeds})
        np.testing.assert_array_equal(serialization.decode_tensor(once["outputs"]["pred"]), 0.5)
        with pytest.raises(errors.NotFoundError) as missing:
            api.get_graph("g_00000000000000000000")
        assert missing.value.code == "GRAPH_NOT_FOUND"
        with pytest.raises(errors.BadRequestError) as no_feed:
            api.run_graph(stored["id"], {"fetches": ["pred"]})
        assert (no_feed.value.code, no_feed.value.node) == ("MISSING_FEED", "x")
        # sessions: created, forked, listed, assigned, run (sync and async), cancelled
        session = api.create_session(stored["id"], idle_ttl_s=600)
        assert any(s["id"] == session["id"] for s in api.sessions())
        assert api.get_session(session["id"])["graph_id"] == stored["id"]
        api.set_variables(session["id"], {"w": np.ones((2, 1), np.float32)})
        with pytest.raises(errors.PreconditionFailedError):
            api.set_variables(session["id"], {"w": np.zeros((2, 1), np.float32)}, if_match=1)
        np.testing.assert_array_equal(api.get_variables(session["id"])["w"], 1.0)
        fork = api.create_session(from_session=session["id"])
        np.testing.assert_array_equal(api.get_variables(fork["id"])["w"], 1.0)
        feeds["y"] = serialization.encode_tensor(targets)
        step = {"fetches": ["loss"], "feeds": feeds, "targets": ["train"]}
        assert api.run_session(session["id"], step).status == 200
        started = api.run_session(session["id"], {**step, "steps": 50_000}, respond_async=True)
        assert started.status == 202
        run_id = started.json()["id"]
        cancelled = api.cancel_run(session["id"], run_id)
        assert cancelled is not None
        while api.get_run(session["id"], run_id)["status"] in ("queued", "running"):
            time.sleep(0.1)
        assert api.cancel_run(session["id"], run_id) is None  # already ended
        assert {r["id"] for r in api.session_runs(session["id"])} >= {run_id}
        with pytest.raises(errors.ConflictError) as in_use:
            api.delete_graph(stored["id"])
        assert in_use.value.code == "GRAPH_IN_USE"
        # models: frozen, listed, labelled (a stale If-Match refused), read
        version = api.create_model_version(
            "s6-calls", fork["id"], {"x": "x"}, {"pred": "pred"}, description="fork"
        )
        assert [v["version"] for v in api.model_versions("s6-calls")] == [version["version"]]
        assert "s6-calls" in [m["name"] for m in api.models()]
        api.set_label("s6-calls", "stable", version["version"])
        with pytest.raises(errors.PreconditionFailedError) as stale:
            api.set_label("s6-calls", "stable", version["version"], if_match='"0"')
        assert stale.value.code == "VERSION_MISMATCH"
        assert api.get_model("s6-calls")["labels"]["stable"]["version"] == version["version"]
        from_model = api.create_session(from_model=("s6-calls", version["version"]))
        np.testing.assert_array_equal(api.get_variables(from_model["id"])["w"], 1.0)
        # datasets and batches: uploaded, scored in shards, read back shard by shard
        dataset = api.upload_dataset({"rows": ROWS}, "s6-calls")
        assert dataset["status"] == "ready" and dataset["rows"] == len(ROWS)
        assert api.get_dataset(dataset["id"])["id"] == dataset["id"]
        assert dataset["id"] in [d["id"] for d in api.datasets()]
        batch = api.submit_batch(
            {
                "model": {"name": "s6-calls", "label": "stable"},
                "dataset": dataset["id"],
                "inputs": {"x": "rows"},
                "fetches": {"pred": "pred"},
                "rows_per_shard": 3,
            }
        )
        while (batch := api.get_batch(batch["id"]))["status"] in ("queued", "running"):
            time.sleep(0.2)
        assert batch["status"] == "succeeded", batch
        assert batch["id"] in [b["id"] for b in api.batches()]
        shards = [api.batch_shard(s["url"]) for s in batch["outputs"]]
        rows = np.concatenate([s["pred"] for s in shards])
        np.testing.assert_allclose(rows, ROWS @ np.ones((2, 1), np.float32) + 0.5, rtol=1e-6)
        assert api.cancel_batch(batch["id"]) is None  # already ended
        # and the generic calls
        assert api.request("GET", "/v1/usage").status == 200
        assert len(list(api.paginate("/v1/graphs", {"tag": "s6calls"}))) == 1
        for ended in (session, fork, from_model):
            api.delete_session(ended["id"])
        api.delete_graph(stored["id"], force=True)
        api.delete_dataset(dataset["id"])
        with pytest.raises(errors.NotFoundError):
            api.get_dataset(dataset["id"])
    # A narrower token (client.md, Tokens) is refused what it lacks, typed as documented
    with Api(runner.url, key, scope="graphs:read") as reader:
        assert list(reader.graphs(limit=1)) is not None
        with pytest.raises(errors.PermissionDeniedError) as scope:
            reader.create_graph("s6-denied", graph)
        assert scope.value.code == "INSUFFICIENT_SCOPE"
