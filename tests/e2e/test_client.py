"""The Python client over real HTTP against the local runner: retries under
real and injected 429/503, an idempotent POST retried after its answer was
lost, token refresh, pagination, typed errors, and RemoteSession."""

import time
from collections import namedtuple

import numpy as np
import pytest

import graphgate as gg
from graphgate.client import (
    AuthenticationError,
    BadRequestError,
    Client,
    DeadlineExceededError,
    GraphValidationError,
    LimitExceededError,
    NotFoundError,
    PermissionDeniedError,
    QuotaExceededError,
    RetryPolicy,
    TransportError,
)
from tests.e2e.faultproxy import Fault, FaultProxy

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

# Short backoff without Retry-After so the tests stay quick; Retry-After is honoured as sent.
FAST = RetryPolicy(max_retries=4, backoff_base=0.05)


@pytest.fixture(scope="module")
def pro_key(runner):
    return runner.create_tenant("client-e2e", plan="pro")["api_key"]


@pytest.fixture
def proxy(runner):
    with FaultProxy(runner.url) as proxy:
        yield proxy


def tutorial():
    graph = gg.Graph()
    with graph.as_default():
        a, b = gg.constant(15.0, name="a"), gg.constant(5.0, name="b")
        res = gg.divide(gg.multiply(a, b), gg.add(a, b), name="res")
    return graph, res


def on(method, prefix):
    return lambda m, p: m == method and p.startswith(prefix)


# -- the transport ---------------------------------------------------------------------


def test_one_connection_serves_many_requests(proxy, pro_key):
    with Client(proxy.url, pro_key) as client:
        for _ in range(10):
            client.usage()
    assert len(proxy.exchanges) == 11  # a token, then ten calls
    assert proxy.connections == 1


def test_real_429s_from_the_free_plan_are_waited_out_as_retry_after_says(runner):
    # GIVEN a free key (burst 4, 2 requests/s in the e2e runner)
    key = runner.create_tenant("client-free", plan="free")["api_key"]
    retries = []
    with Client(runner.url, key, retry=FAST, on_retry=retries.append) as client:
        # WHEN it asks for more than the burst at once
        for _ in range(7):
            client.usage()
    # THEN every call succeeded, after waiting at least the Retry-After of each 429
    throttled = [r for r in retries if r.status == 429]
    assert throttled, retries
    assert all(r.reason == "RATE_LIMITED" and r.delay >= 1.0 for r in throttled)


def test_injected_503_is_retried_after_retry_after(proxy, pro_key):
    proxy.inject(Fault(on("GET", "/v1/usage"), "respond", 503, headers={"Retry-After": "1"}))
    proxy.inject(Fault(on("GET", "/v1/usage"), "respond", 502, code="HTTP_502"))
    retries = []
    with Client(proxy.url, pro_key, retry=FAST, on_retry=retries.append) as client:
        started = time.monotonic()
        assert client.usage()["plan"] == "pro"
        elapsed = time.monotonic() - started
    assert [e.status for e in proxy.seen("GET", "/v1/usage")] == [None, None, 200]
    assert [(r.status, r.reason) for r in retries] == [
        (503, "DEPENDENCY_UNAVAILABLE"),
        (502, "HTTP_502"),
    ]
    assert retries[0].delay >= 1.0 and elapsed >= 1.0
    assert retries[1].delay <= 0.1  # no Retry-After: exponential backoff from 50 ms


def test_a_post_is_retried_with_the_same_idempotency_key(proxy, pro_key):
    proxy.inject(
        Fault(on("POST", "/v1/graphs"), "respond", 429, "RATE_LIMITED", {"Retry-After": "1"})
    )
    graph, _ = tutorial()
    with Client(proxy.url, pro_key, retry=FAST) as client:
        created = client.create_graph("retried-429", graph)
    attempts = proxy.seen("POST", "/v1/graphs")
    assert [e.fault for e in attempts] == ["respond", None]
    keys = {e.request_headers["idempotency-key"] for e in attempts}
    assert len(keys) == 1 and created["name"] == "retried-429"


def test_a_post_whose_answer_was_lost_is_retried_and_done_once(proxy, pro_key):
    # GIVEN a proxy that forwards the first POST, lets the runner create the
    # graph, then closes the connection without answering
    proxy.inject(Fault(on("POST", "/v1/graphs"), "drop"))
    graph, _ = tutorial()
    name = f"dropped-{time.monotonic_ns()}"
    with Client(proxy.url, pro_key, retry=FAST) as client:
        # WHEN the client creates a graph
        created = client.create_graph(name, graph)
        # THEN the retry got the first attempt's answer, and one graph exists
        attempts = proxy.seen("POST", "/v1/graphs")
        assert [(e.fault, e.status) for e in attempts] == [("drop", 201), (None, 201)]
        assert (
            attempts[0].request_headers["idempotency-key"]
            == (attempts[1].request_headers["idempotency-key"])
        )
        assert attempts[1].response_headers.get("idempotent-replayed") == "true"
        assert attempts[0].response_headers["location"].endswith(created["id"])
        assert [g["id"] for g in client.graphs(name_prefix=name)] == [created["id"]]


def test_a_post_without_an_idempotency_key_is_not_retried_after_a_lost_answer(proxy, pro_key):
    proxy.inject(Fault(on("POST", "/v1/graphs"), "drop"))
    graph, _ = tutorial()
    with Client(proxy.url, pro_key, retry=FAST) as client, pytest.raises(TransportError):
        client.request(
            "POST",
            "/v1/graphs",
            json_body={"name": "no-key", "graph": gg.graph_to_dict(graph)},
            idempotency_key=False,
        )
    assert len(proxy.seen("POST", "/v1/graphs")) == 1


def test_limit_errors_and_a_runs_deadline_are_never_retried(proxy, pro_key):
    graph = gg.Graph()
    with graph.as_default():  # one step of 60 chained 400x400 matmuls: far over 20 ms
        m = gg.Variable(gg.ones([400, 400]), name="m")
        power = m
        for _ in range(60):
            power = gg.matmul(power, m) / 400.0
        gg.assign(m, power, name="square")
    with Client(proxy.url, pro_key, retry=FAST) as client:
        graph_id = client.upload_graph(graph, "deadline")["id"]
        session = client.create_session(graph_id)
        path = f"/v1/sessions/{session['id']}/runs"
        with pytest.raises(LimitExceededError) as too_many:
            client.run_session(
                session["id"], {"fetches": [], "targets": ["square"], "steps": 10**6}
            )
        assert too_many.value.status == 422 and too_many.value.cap == "steps"
        assert too_many.value.limit == 100_000  # the pro plan's
        with pytest.raises(DeadlineExceededError) as late:
            client.run_session(
                session["id"],
                {"fetches": [], "targets": ["square"], "timeout_ms": 20},
            )
        assert late.value.status == 504 and late.value.request_id
    assert [e.status for e in proxy.seen("POST", path)] == [422, 504]


def test_a_daily_quota_is_not_waited_for(proxy, pro_key):
    proxy.inject(
        Fault(on("GET", "/v1/usage"), "respond", 429, "QUOTA_EXCEEDED", {"Retry-After": "3600"})
    )
    client = Client(proxy.url, pro_key, retry=FAST)
    with client, pytest.raises(QuotaExceededError) as exhausted:
        client.usage()
    assert exhausted.value.retry_after == 3600
    assert len(proxy.seen("GET", "/v1/usage")) == 1


# -- tokens ---------------------------------------------------------------------------------


def test_a_token_is_refreshed_before_it_expires(proxy, pro_key):
    now = [1000.0]
    with Client(proxy.url, pro_key) as client:
        client.tokens.clock = lambda: now[0]
        client.usage()
        first = client.tokens.token
        now[0] += first.expires_at - now[0] - 10  # 10 s left: inside the refresh margin
        client.usage()
        second = client.tokens.token
    assert (client.tokens.logins, client.tokens.refreshes) == (1, 1)
    assert second.access_token != first.access_token
    assert second.refresh_token != first.refresh_token  # rotated
    grants = [e for e in proxy.seen("POST", "/v1/tokens")]
    assert len(grants) == 2 and all("idempotency-key" not in e.request_headers for e in grants)


def test_a_revoked_token_is_replaced_without_the_caller_noticing(runner, pro_key):
    with Client(runner.url, pro_key) as client, Client(runner.url, pro_key) as admin:
        stale = client.tokens.access_token()  # not used yet: the authorizer has not cached it
        admin.revoke_token(stale)
        assert client.usage()["plan"] == "pro"
        assert client.tokens.token.access_token != stale
        assert client.tokens.refreshes == 1


# -- pagination and errors ------------------------------------------------------------------


def test_listings_are_iterated_across_pages(pro_key, runner):
    tag = f"page{time.monotonic_ns()}"
    with Client(runner.url, pro_key) as client:
        made = []
        for i in range(5):
            graph = gg.Graph()
            with graph.as_default():
                gg.constant(float(i), name=f"c{i}")
            made.append(client.create_graph(f"paged-{i}", graph, tags=[tag])["id"])
        listing = client.graphs(tag=tag, page_size=2)
        seen = [g["id"] for g in listing]
        assert seen == made[::-1]  # newest first, none skipped or repeated
        assert listing.pages == 3
        assert [g["id"] for g in client.graphs(tag=tag, page_size=2, limit=3)] == seen[:3]


def test_problems_become_typed_exceptions(runner, pro_key):
    with Client(runner.url, pro_key) as client:
        bad = {
            "format": "graphgate.graph/v1",
            "nodes": [{"name": "bad", "op": "NoSuchOp"}],
        }
        with pytest.raises(GraphValidationError) as invalid:
            client.create_graph("bad", bad)
        assert invalid.value.code == "GRAPH_INVALID" and invalid.value.node == "bad"
        assert invalid.value.request_id and "bad" in str(invalid.value)

        with pytest.raises(NotFoundError) as missing:
            client.get_graph("g_00000000000000000000")
        assert missing.value.status == 404 and missing.value.request_id in str(missing.value)

        graph = gg.Graph()
        with graph.as_default():
            gg.reduce_sum(gg.placeholder(gg.float32, [None], name="x"), name="total")
        graph_id = client.upload_graph(graph, "needs-x")["id"]
        with pytest.raises(BadRequestError) as unfed:
            client.run_graph(graph_id, {"fetches": "total"})
        assert unfed.value.code == "MISSING_FEED" and unfed.value.node == "x"

    with Client(runner.url, pro_key, scope="graphs:read") as reader:
        with pytest.raises(PermissionDeniedError) as scope:
            reader.create_graph("nope", graph)
        assert scope.value.code == "INSUFFICIENT_SCOPE"
    with Client(runner.url, "not-a-key") as stranger:
        with pytest.raises(AuthenticationError) as unknown:
            stranger.usage()
        assert unknown.value.code == "INVALID_API_KEY" and unknown.value.status == 403


def test_a_base_url_ending_in_v1_is_told_what_was_called_and_how_to_fix_it(runner, pro_key):
    # GIVEN the API's URL with /v1 on the end, as a user may copy it from a route
    # WHEN the client calls (its first call gets a token) THEN the error names the
    # URL it called and the base URL to use instead
    with Client(runner.url + "/v1", pro_key) as client, pytest.raises(NotFoundError) as wrong:
        next(client.graphs())
    assert wrong.value.code == "ROUTE_NOT_FOUND"
    assert wrong.value.url == f"{runner.url}/v1/v1/tokens"
    message = str(wrong.value)
    assert f"POST {runner.url}/v1/v1/tokens" in message
    assert f"base URL should not include /v1: use {runner.url}" in message


# -- RemoteSession -------------------------------------------------------------------------


def test_the_tutorial_runs_remotely_in_the_same_structure(runner):
    pro_key = runner.create_tenant("client-remote", plan="pro")["api_key"]
    graph, res = tutorial()
    Pair = namedtuple("Pair", "res a")
    with gg.RemoteSession(runner.url, api_key=pro_key, graph=graph) as sess:
        assert sess.run(res) == pytest.approx(3.75)
        both = sess.run({"out": Pair(res, "a:0"), "list": [res, "b:0", "b"]})
        assert isinstance(both["out"], Pair) and both["out"].a == 15.0
        assert both["list"][1] == 5.0 and np.ndim(both["list"][0]) == 0
        assert both["list"][2] is None  # an operation's name, as TF1's Session.run
        assert res.eval() == pytest.approx(3.75)  # the default session is the remote one
        graph_id = sess.graph_id
    with Client(runner.url, pro_key) as client:
        again = gg.RemoteSession(client=client, graph=tutorial()[0])
        assert again.run("res:0") == pytest.approx(3.75)
        assert again.graph_id == graph_id  # found by content hash, not uploaded twice
        again.close()
        assert (
            len(list(client.graphs(content_hash=gg.client.content_hash(gg.graph_to_dict(graph)))))
            == 1
        )


def test_a_variable_fetched_with_its_update_remotely_is_as_a_local_session_answers(runner, pro_key):
    # A fetched variable (its name with ":0", an identity, an update's output) is its value
    # after the run's updates, as TF1's buffer; "v" and "inc" are operations (None). TF 2.21
    # answers these runs so but for `v * 1.0`, which its executor orders (engine.md).
    graph = gg.Graph()
    with graph.as_default():
        v = gg.Variable(1.0, name="v")
        inc = v.assign_add(10.0, name="inc")
        with gg.control_dependencies([inc]):
            after = gg.identity(v, name="after")
    runs = [[v * 1.0, v, inc, after], ["v", "v:0"], ["inc", "v:0"], {"x": "v:0", "y": "inc:0"}]
    with gg.Session(graph=graph) as local:
        local.run(v.initializer)
        expected = [local.run(fetches) for fetches in runs]
    assert expected[0] == [1.0, 11.0, 11.0, 11.0] and expected[2] == [None, 21.0]
    with gg.RemoteSession(runner.url, api_key=pro_key, graph=graph) as sess:
        assert [sess.run(fetches) for fetches in runs] == expected
        assert sess.get_variables()["v"] == 31.0


def test_a_remote_run_raises_the_tf_error_class_a_local_run_raises(runner, pro_key):
    # GIVEN a graph whose run fails in the engine: a gather fed an index out of range
    graph = gg.Graph()
    with graph.as_default():
        i = gg.placeholder(gg.int32, [], name="i")
        y = gg.gather(gg.constant([1.0, 2.0]), i, name="y")
    with gg.Session(graph=graph) as local, pytest.raises(gg.errors.OpError) as here:
        local.run(y, {i: 5})
    # WHEN the same run is made remotely
    remote = gg.RemoteSession(runner.url, api_key=pro_key, graph=graph)
    with remote as sess, pytest.raises(gg.errors.InvalidArgumentError) as there:
        sess.run(y, {i: 5})
    # THEN TF1's `except tf.errors....` catches it as it does locally, and it is still the
    # client's typed ApiError with the problem's code
    assert isinstance(here.value, gg.errors.InvalidArgumentError)
    assert isinstance(there.value, BadRequestError) and there.value.code == here.value.code
    assert there.value.message and there.value.error_code == gg.errors.INVALID_ARGUMENT


def test_a_training_loop_runs_unchanged_and_the_graph_may_grow(runner, pro_key):
    rng = np.random.default_rng(0)
    points = rng.normal(size=(64, 2)).astype(np.float32)
    targets = points @ np.array([[2.0], [-1.0]], np.float32) + 0.5
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.placeholder(gg.float32, [None, 1], name="y")
        w = gg.Variable(gg.zeros([2, 1]), name="w")
        b = gg.Variable(0.0, name="b")
        loss = gg.reduce_mean(gg.square(gg.matmul(x, w) + b - y), name="loss")
        train = gg.train.GradientDescentOptimizer(0.2).minimize(loss)
        init = gg.global_variables_initializer()
        step = gg.Variable(0, name="step")
        tick = gg.assign_add(step, 1)
    with gg.RemoteSession(runner.url, api_key=pro_key, graph=graph) as sess:
        sess.run(init)
        losses = [sess.run([train, loss], feed_dict={x: points, y: targets})[1] for _ in range(15)]
        assert losses[-1] < losses[0] / 10
        assert sess.run(tick) == 1 and sess.run(tick) == 2  # an update's tensor commits
        first_session = sess.session_id
        with graph.as_default():  # the graph grows after the first run
            prediction = gg.matmul(x, w) + b
        predicted = sess.run(prediction, {x: points[:4]})
        assert predicted.shape == (4, 1) and sess.session_id != first_session
        assert sess.get_variables()["step"] == 2  # the variables moved with it
        sess.set_variables({w: np.array([[2.0], [-1.0]], np.float32), "b": np.float32(0.5)})
        assert sess.run(loss, {x: points, y: targets}) == pytest.approx(0.0, abs=1e-10)


def test_control_flow_runs_remotely_as_locally(runner, pro_key):
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float64, [], name="x")
        hits = gg.Variable(0, name="hits")
        _, y = gg.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, x])
        capped = gg.cond(y > 10.0, lambda: hits.assign_add(1) * 0 + 10, lambda: gg.constant(0))
        grad = gg.gradients(y, x)[0]
        init = gg.global_variables_initializer()
    with gg.RemoteSession(runner.url, api_key=pro_key, graph=graph) as sess:
        sess.run(init)
        assert sess.run([y, grad], {x: 1.5}) == [5.0625, 13.5]
        assert [sess.run(capped, {x: v}) for v in (2.0, 1.0, 3.0)] == [10, 0, 10]
        assert sess.get_variables()["hits"] == 2  # the update ran only where its branch did


def test_a_loop_runs_remotely_only_the_variables_tf1_would(runner, pro_key):
    # TF1 (tests/reference/tf1_loop_pruning.py): fetching a loop's counter computes the
    # variables the cond and the counter's update read, and the first variable (the
    # control pivot of the cond's constant); an unread later variable's assign never runs.
    graph = gg.Graph()
    with graph.as_default():
        first = gg.Variable(0, name="first")
        later = gg.Variable(0, name="later")

        def body(a, k, b):
            with gg.control_dependencies([first.assign_add(1)]):
                a2 = a * 2.0
            with gg.control_dependencies([later.assign_add(1)]):
                b2 = b + 1.0
            return a2, k + 1, b2

        _, k, b = gg.while_loop(lambda a, k, b: k < 3, body, [1.0, 0, 0.0])
        init = gg.global_variables_initializer()
    with gg.RemoteSession(runner.url, api_key=pro_key, graph=graph) as sess:
        sess.run(init)
        assert sess.run(k) == 3
        assert sess.get_variables() == {"first": 3, "later": 0}
        assert sess.run(b) == 3.0
        assert sess.get_variables() == {"first": 6, "later": 3}


def test_large_feeds_go_through_uploads_once_and_large_outputs_come_back(proxy, pro_key):
    # GIVEN a feed of 8 MB, over the 6 MB a request may carry
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float64, [None], name="x")
        total = gg.reduce_sum(x, name="total")
        doubled = x * 2.0
    values = np.random.default_rng(3).standard_normal(1_000_000)
    with Client(proxy.url, pro_key) as client:
        sess = gg.RemoteSession(client=client, graph=graph)
        # WHEN it is fed twice, and an output of 8 MB is fetched
        assert sess.run(total, {x: values}) == pytest.approx(values.sum())
        big = sess.run(doubled, {x: values})
        sess.close()
    # THEN it was uploaded once, and the large output arrived whole
    assert len(proxy.seen("POST", "/v1/uploads")) == 1
    assert big.dtype == np.float64 and np.array_equal(big, values * 2.0)
