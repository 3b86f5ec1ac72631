"""The client's pure parts, without a network: retry delays, error mapping,
configuration, pagination and how RemoteSession phrases a run."""

import io
import json
import math
import subprocess
import sys
from collections import namedtuple

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from graphgate.client import config, errors, remote
from graphgate.client.api import Page, content_hash
from graphgate.client.http import RetryPolicy
from graphgate.client.remote import AsyncRun, RemoteSession


def test_import_graphgate_loads_neither_the_client_nor_urllib3():
    probe = (
        "import sys, graphgate; "
        "print(sorted(m for m in sys.modules if m.startswith(('urllib3', 'graphgate.client', "
        "'graphgate.cli', 'http.client'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_waits_follow_retry_after_else_grow_with_full_jitter():
    policy = RetryPolicy(backoff_base=0.5, backoff_max=4.0, jitter=lambda lo, hi: hi)
    assert [policy.delay(n, None) for n in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert policy.delay(0, 7.0) == 7.5  # Retry-After, then at most a little jitter
    low = RetryPolicy(jitter=lambda lo, hi: lo)
    assert low.delay(3, None) == 0.0 and low.delay(3, 2.0) == 2.0


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("3", 3.0), ("0", 0.0), ("", None), (None, None), ("soon", None), ("-5", 0.0)],
)
def test_retry_after_is_parsed(value, seconds):
    assert errors.parse_retry_after(value) == seconds


def test_retry_after_may_be_an_http_date():
    import time
    from email.utils import formatdate

    assert 8 <= errors.parse_retry_after(formatdate(time.time() + 10, usegmt=True)) <= 10


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (400, "GRAPH_INVALID", errors.GraphValidationError),
        (400, "MISSING_FEED", errors.BadRequestError),
        (401, "INVALID_TOKEN", errors.AuthenticationError),
        (403, "INVALID_API_KEY", errors.AuthenticationError),
        (403, "INSUFFICIENT_SCOPE", errors.PermissionDeniedError),
        (404, "SESSION_NOT_FOUND", errors.NotFoundError),
        (409, "SESSION_BUSY", errors.ConflictError),
        (412, "ETAG_MISMATCH", errors.PreconditionFailedError),
        (413, "REQUEST_TOO_LARGE", errors.LimitExceededError),
        (422, "PLAN_LIMIT_EXCEEDED", errors.LimitExceededError),
        (429, "RATE_LIMITED", errors.RateLimitedError),
        (429, "QUOTA_EXCEEDED", errors.QuotaExceededError),
        (500, "INTERNAL", errors.ServerError),
        (503, "DEPENDENCY_UNAVAILABLE", errors.ServiceUnavailableError),
        (504, "DEADLINE_EXCEEDED", errors.DeadlineExceededError),
        (418, "TEAPOT", errors.ApiError),
    ],
)
def test_problems_map_to_exception_classes(status, code, cls):
    assert type(errors.from_problem(status, {"code": code, "status": status})) is cls


def test_an_error_carries_the_node_the_limit_and_the_request_id():
    invalid = errors.from_problem(
        400,
        {
            "code": "GRAPH_INVALID",
            "detail": "the graph is invalid",
            "request_id": "req-1",
            "errors": [{"code": "UNKNOWN_OP", "node": "n", "pointer": "/graph/nodes/0"}],
        },
    )
    assert invalid.node == "n"
    assert str(invalid) == "GRAPH_INVALID (400): the graph is invalid [node n] [request req-1]"
    capped = errors.from_problem(
        422, {"code": "PLAN_LIMIT_EXCEEDED", "cap": "graphs", "limit": 20}, {"x-request-id": "r"}
    )
    assert (capped.cap, capped.limit, capped.request_id) == ("graphs", 20, "r")
    quota = errors.from_problem(429, {"code": "QUOTA_EXCEEDED"}, {"retry-after": "120"})
    assert quota.retry_after == 120.0
    # The CLI prints this line: exit code 6 promises it says how long to wait.
    assert str(quota) == "QUOTA_EXCEEDED (429) [retry after 120 s]"
    assert errors.from_problem(502, None).code == "HTTP_502"


def test_a_route_not_found_names_the_url_called_and_hints_at_a_v1_base_url():
    problem = {"code": "ROUTE_NOT_FOUND", "detail": "No route matches this method and path."}
    doubled = errors.from_problem(
        404, problem, method="GET", url="https://api.example.com/staging/v1/v1/graphs?limit=5"
    )
    assert str(doubled) == (
        "ROUTE_NOT_FOUND (404): No route matches this method and path. "
        "[GET https://api.example.com/staging/v1/v1/graphs?limit=5] "
        "(the base URL should not include /v1: use https://api.example.com/staging)"
    )
    # Another missing route is named, with no advice that would not apply.
    elsewhere = errors.from_problem(404, problem, method="GET", url="http://h/staging/v2/graphs")
    assert str(elsewhere).endswith("[GET http://h/staging/v2/graphs]")
    # A missing resource is the caller's id, not the URL: nothing is added.
    missing = errors.from_problem(404, {"code": "GRAPH_NOT_FOUND"}, method="GET", url="http://h/x")
    assert str(missing) == "GRAPH_NOT_FOUND (404)"


def test_configuration_comes_from_arguments_then_environment_then_the_file(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("GRAPHGATE_CONFIG", str(path))
    for name in ("GRAPHGATE_API_URL", "GRAPHGATE_API_KEY", "GRAPHGATE_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(errors.ConfigurationError, match="graphgate configure"):
        config.resolve()
    config.save("http://file/", "file-key")
    config.save("http://other", 'k"ey\\', profile="other profile")
    assert path.stat().st_mode & 0o777 == 0o600
    assert config.resolve() == config.Config("http://file", "file-key")
    assert config.resolve(profile="other profile").api_key == 'k"ey\\'
    monkeypatch.setenv("GRAPHGATE_API_KEY", "env-key")
    assert config.resolve().api_key == "env-key"
    assert config.resolve(api_key="arg-key").api_key == "arg-key"
    monkeypatch.setenv("GRAPHGATE_PROFILE", "other profile")
    assert config.resolve().url == "http://other"


@pytest.mark.parametrize("url", ["api.example.com", "127.0.0.1:3000", "ftp://host", "https://"])
def test_a_url_without_an_http_scheme_and_host_is_refused_before_any_request(url, tmp_path):
    # urllib3 reads "api.example.com" as a path, and the CLI retried it as unreachable
    with pytest.raises(errors.ConfigurationError, match="is not an API URL"):
        config.resolve(url, "key", path=tmp_path / "absent.toml")
    with pytest.raises(errors.ConfigurationError, match="is not an API URL"):
        config.save(url, "key", path=tmp_path / "config.toml")
    assert not (tmp_path / "config.toml").exists()


def test_pages_are_fetched_only_as_they_are_consumed():
    pages = {
        None: {"items": [1, 2], "next_cursor": "c1"},
        "c1": {"items": [3], "next_cursor": None},
    }
    asked = []

    def fetch(cursor):
        asked.append(cursor)
        return pages[cursor]

    listing = Page(fetch)
    assert next(listing) == 1 and asked == [None]
    assert list(listing) == [2, 3] and asked == [None, "c1"] and listing.pages == 2
    assert list(Page(fetch, limit=2)) == [1, 2]
    assert list(Page(lambda cursor: {"items": [], "next_cursor": None})) == []


def test_a_stored_graph_as_get_graph_answers_it_is_stored_again_as_its_document():
    # `b.create_graph("copy", a.get_graph(id))` (and `graphgate graphs create` of what
    # `graphs get -o json` printed) sent the metadata as the document: VALIDATION_FAILED.
    from graphgate.client.api import _document

    with gg.Graph().as_default() as graph:
        gg.constant(1.0, name="one")
    document = serialization.graph_to_dict(graph)
    stored = {"id": "g_1", "name": "one", "content_hash": "sha256:…", "graph": document}
    assert _document(stored) == document == _document(graph) == _document(document)
    odd = {"nodes": [], "graph": document}  # a document of its own: sent as it is
    assert _document(odd) is odd


def test_the_content_hash_is_the_services():
    from graphgate_service.graph_documents import content_hash as service_hash

    graph = gg.Graph()
    with graph.as_default():
        gg.constant([1.0, float("nan")], name="c")
    document = {**serialization.graph_to_dict(graph), "metadata": {"note": "ü"}}
    assert content_hash(document) == service_hash(document)


def phrase(sess, *args, **kwargs):
    request, rebuild = sess._request(*args, **kwargs)
    return request, rebuild


def test_a_run_is_phrased_as_flat_fetches_and_targets_for_every_effect():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        v = gg.Variable(0.0, name="v")
        total = gg.reduce_sum(x, name="total")
        inc = gg.assign_add(v, 1.0, name="inc")
        with gg.control_dependencies([inc]):
            after = gg.identity(v, name="after")
        split = gg.split(gg.constant([1.0, 2.0]), 2, name="split")
        init = gg.global_variables_initializer()
    sess = RemoteSession(client=object(), graph=graph)

    request, _ = phrase(sess, [total, total, "total:0"], {x: [1, 2]}, None, 1, None, None)
    assert request["fetches"] == ["total"] and "targets" not in request
    assert request["feeds"]["x"]["datatype"] == "FP32"  # float64 input sent as the placeholder's
    request, _ = phrase(sess, [init, inc, after, split[1]], None, None, 3, None, 2.5)
    assert request["fetches"] == ["inc", "after", "split:1"]
    assert request["targets"] == ["init", "inc", "after"]  # the service commits targets only
    assert (request["steps"], request["timeout_ms"]) == (3, 2500)
    # A deadline past the API's largest timeout_ms (2^53 - 1, which it refuses past) binds
    # no sooner, so it is sent as that one (round 15).
    for seconds in (1e13, 1e300, math.inf):
        request, _ = phrase(sess, [total], {x: [1, 2]}, None, 1, None, seconds)
        assert request["timeout_ms"] == 2**53 - 1
    request, _ = phrase(sess, [total], {x: [1, 2]}, None, 1, None, 1e-6)
    assert request["timeout_ms"] == 1


def test_results_come_back_in_the_structure_of_the_fetches():
    graph = gg.Graph()
    with graph.as_default():
        a = gg.constant(1.0, name="a")
        b = gg.constant([2, 3], name="b")
        op = gg.no_op(name="nothing")
    sess = RemoteSession(client=object(), graph=graph)
    Pair = namedtuple("Pair", "first second")
    fetches = {"pair": Pair(a, [b, op]), 7: (a,)}
    request, rebuild = phrase(sess, fetches, None, None, 1, None, None)
    wire = [
        serialization.encode_tensor(np.float32(1.0)),
        serialization.encode_tensor(np.array([2, 3])),
    ]
    assert request["fetches"] == ["a", "b"]
    result = rebuild(wire)
    assert isinstance(result["pair"], Pair) and result["pair"].first == 1.0
    assert isinstance(result["pair"].first, np.float32)
    assert result["pair"].second[0].tolist() == [2, 3] and result["pair"].second[1] is None
    assert result[7] == (1.0,)


def test_a_prediction_is_resent_after_a_503_without_an_idempotency_key():
    # GIVEN a service that is busy once, then answers (no network: the pool is stubbed).
    Reply = namedtuple("Reply", "status headers data")
    answer = (
        b'{"model_name":"m","model_version":"3","outputs":'
        b'[{"name":"y","datatype":"FP32","shape":[1],"data":[2.0]}]}'
    )
    replies = [Reply(503, {"Retry-After": "0"}, b"{}"), Reply(200, {}, answer)]
    sent = []

    def pool_request(method, url, body=None, headers=None, **_):
        sent.append((method, url, headers))
        return replies.pop(0)

    client = gg.client.Client(
        "http://127.0.0.1:1", "gg_key", retry=RetryPolicy(jitter=lambda lo, hi: 0)
    )
    client.tokens.access_token = lambda: "token"
    client.transport.pool.request = pool_request
    model = gg.serving.Client("m", version=3, client=client)
    model._datatypes = {"x": "FP32"}  # as the metadata would say
    # WHEN it predicts
    result = model.predict({"x": [1.0]})
    # THEN the 503 was retried, the answer decoded, and no Idempotency-Key sent
    assert result["y"].tolist() == [2.0] and model.last_version == 3
    assert [m for m, _, _ in sent] == ["POST", "POST"]
    assert sent[0][1].endswith("/v2/models/m/versions/3/infer")
    assert not any("Idempotency-Key" in h for _, _, h in sent)


def test_the_cli_writes_string_values_as_the_wire_does_and_refuses_a_bad_input_as_usage(
    capsys, monkeypatch
):
    from graphgate import cli
    from graphgate.client import serving

    # String values as JSON writes them: text, else {"b64": ...} (json.dumps raised on bytes).
    values = {
        "t": np.array([b"caf\xc3\xa9", b"\xff"], object),
        "s": b"a\x00",
        "n": np.bytes_(b"\xfe"),
    }
    assert cli._jsonable(values) == {
        "t": ["café", {"b64": "/w=="}],
        "s": "a\x00",
        "n": {"b64": "/g=="},
    }
    assert cli._jsonable({"f": np.float32(1.5), "i": np.array([2**63 - 1])}) == {
        "f": 1.5,
        "i": [2**63 - 1],
    }
    # An input the declared dtype cannot take, found by the client before sending: exit 2
    # naming it (the client's GraphgateError was a traceback).
    monkeypatch.setattr(serving.Client, "metadata", lambda self: {"inputs": [
        {"name": "x", "datatype": "INT32"}
    ]})  # fmt: skip
    monkeypatch.setenv("GRAPHGATE_API_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("GRAPHGATE_API_KEY", "gg_key")
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)
    out = io.StringIO()
    assert cli.main(["models", "predict", "m", "--input", "x=[1.5]"], stdout=out) == cli.USAGE
    assert "input x (INT32)" in capsys.readouterr().err and not out.getvalue()


def test_serving_classify_and_regress_post_tf_servings_bodies_to_the_label_route():
    # GIVEN a client of a label (no network: the pool is stubbed), whose service answers
    # once with TF Serving's classify results, then its regress results, then its error
    Reply = namedtuple("Reply", "status headers data")
    replies = [
        Reply(200, {"X-Model-Version": "4"}, b'{"results": [[["0", 0.25], ["1", 0.75]]]}'),
        Reply(200, {"X-Model-Version": "5"}, b'{"results": [1.5, -2.0]}'),
        Reply(400, {}, b'{"error": "No signature was found with the name: x", "code": "S"}'),
    ]
    sent = []

    def pool_request(method, url, body=None, headers=None, **_):
        sent.append((method, url, json.loads(body), headers))
        return replies.pop(0)

    client = gg.client.Client("http://127.0.0.1:1", "gg_key")
    client.tokens.access_token = lambda: "token"
    client.transport.pool.request = pool_request
    model = gg.serving.Client("census", label="stable", client=client)
    examples = [{"age": 39, "occupation": "tech"}]

    # WHEN it classifies with a context, then regresses with a signature
    classes = model.classify(examples, context={"country": "nz"})
    first = model.last_version
    values = model.regress(examples * 2, signature_name="serving_default")

    # THEN each went to TF Serving's route of the label with TF Serving's body, and the
    # answers are read as (label, score) pairs and numbers
    assert classes == [[("0", 0.25), ("1", 0.75)]] and values == [1.5, -2.0]
    assert (first, model.last_version) == (4, 5)
    assert sent[0][1].endswith("/tfserving/v1/models/census/labels/stable:classify")
    assert sent[0][2] == {"examples": examples, "context": {"country": "nz"}}
    assert sent[1][1].endswith("/tfserving/v1/models/census/labels/stable:regress")
    assert sent[1][2] == {"examples": examples * 2, "signature_name": "serving_default"}
    assert not any("Idempotency-Key" in h for *_, h in sent)
    # and TF Serving's error shape raises with its code and text
    with pytest.raises(errors.ApiError) as raised:
        model.classify(examples, signature_name="x")
    assert raised.value.code == "S" and "No signature was found" in str(raised.value)
    # and a version is TF Serving's versions segment
    by_version = gg.serving.Client("census", version=7, client=client)
    assert by_version.tfserving_path == "/tfserving/v1/models/census/versions/7"


def test_a_sparse_tensor_is_fetched_and_fed_remotely_as_its_three_tensors():
    graph = gg.Graph()
    with graph.as_default():
        ids = gg.sparse_placeholder(gg.float32, name="ids")
        out = gg.sparse.reorder(ids)
    sess = RemoteSession(client=object(), graph=graph)
    feed = {ids: ([[1, 0], [0, 1]], [2.0, 3.0], [2, 2])}
    request, rebuild = phrase(sess, {"sp": out}, feed, None, 1, None, None)
    assert sorted(request["feeds"]) == ["ids/indices", "ids/shape", "ids/values"]
    assert request["feeds"]["ids/indices"]["datatype"] == "INT64"
    assert request["fetches"] == ["SparseReorder", "SparseReorder:1", "ids/shape"]
    wire = [
        serialization.encode_tensor(np.array([[0, 1], [1, 0]])),
        serialization.encode_tensor(np.array([3.0, 2.0], np.float32)),
        serialization.encode_tensor(np.array([2, 2])),
    ]
    value = rebuild(wire)["sp"]
    assert isinstance(value, gg.SparseTensorValue)
    assert value.values.tolist() == [3.0, 2.0] and value.dense_shape.tolist() == [2, 2]


def test_a_ragged_tensor_is_fetched_and_fed_remotely_as_its_parts():
    # GIVEN a ragged placeholder and a ragged result
    graph = gg.Graph()
    with graph.as_default():
        rt = gg.ragged.placeholder(gg.int32, ragged_rank=1, value_shape=[], name="rt")
        doubled = rt * 2
    sess = RemoteSession(client=object(), graph=graph)
    fed = gg.ragged.RaggedTensorValue(np.array([1, 2, 3], np.int32), np.array([0, 2, 3]))
    # WHEN a run fetches it with a feed
    request, rebuild = phrase(sess, {"r": doubled}, {rt: fed}, None, 1, None, None)
    # THEN the flat values and the splits go by name and come back a RaggedTensorValue
    assert sorted(request["feeds"]) == ["rt/flat_values", "rt/row_splits_0"]
    assert request["fetches"] == [doubled.flat_values.name.split(":")[0], "rt/row_splits_0"]
    wire = [
        serialization.encode_tensor(np.array([2, 4, 6], np.int32)),
        serialization.encode_tensor(np.array([0, 2, 3])),
    ]
    value = rebuild(wire)["r"]
    assert isinstance(value, gg.ragged.RaggedTensorValue)
    assert value.to_list() == [[2, 4], [6]]


def test_an_indexed_slices_gradient_is_fetched_remotely_as_its_parts():
    # GIVEN the gradient of an embedding lookup, which TF1 returns as IndexedSlices
    graph = gg.Graph()
    with graph.as_default():
        table = gg.Variable(np.ones((4, 2), np.float32), name="table")
        loss = gg.reduce_sum(gg.nn.embedding_lookup(table, [3, 1, 3]))
        (grad,) = gg.gradients(loss, table)
    sess = RemoteSession(client=object(), graph=graph)
    # WHEN a run fetches it
    request, rebuild = phrase(sess, {"g": grad, "loss": loss}, None, None, 1, None, None)
    # THEN its three parts go by name and come back as TF's IndexedSlicesValue
    assert request["fetches"][:3] == [
        "gradients/embedding_lookup_grad/Reshape",
        "gradients/embedding_lookup_grad/Reshape_1",
        "gradients/embedding_lookup_grad/Const",
    ]
    wire = [
        serialization.encode_tensor(np.ones((3, 2), np.float32)),
        serialization.encode_tensor(np.array([3, 1, 3], np.int32)),
        serialization.encode_tensor(np.array([4, 2], np.int32)),
        serialization.encode_tensor(np.float32(6.0)),
    ]
    value = rebuild(wire)["g"]
    assert isinstance(value, gg.IndexedSlicesValue)
    assert value.indices.tolist() == [3, 1, 3] and value.dense_shape.tolist() == [4, 2]


def test_indexed_slices_without_a_dense_shape_come_back_with_none():
    graph = gg.Graph()
    with graph.as_default():
        slices = gg.IndexedSlices(gg.constant([[1.0, 2.0]]), gg.constant([1]))
    sess = RemoteSession(client=object(), graph=graph)
    request, rebuild = phrase(sess, slices, None, None, 1, None, None)
    assert len(request["fetches"]) == 2
    wire = [
        serialization.encode_tensor(np.array([[1.0, 2.0]], np.float32)),
        serialization.encode_tensor(np.array([1], np.int32)),
    ]
    value = rebuild(wire)
    assert isinstance(value, gg.IndexedSlicesValue) and value.dense_shape is None


def test_an_engine_problem_is_also_the_engines_tf_error_class():
    # GIVEN the problems a remote run answers: an engine code, and a service code
    past_end = errors.from_problem(
        400, {"code": "END_OF_SEQUENCE", "category": "OUT_OF_RANGE", "detail": "End of sequence"}
    )
    throttled = errors.from_problem(429, {"code": "RATE_LIMITED"})
    # WHEN typed for a RemoteSession
    typed, untouched = errors.engine_typed(past_end), errors.engine_typed(throttled)
    # THEN the engine's is TF's OutOfRangeError as well as the client's BadRequestError,
    # with both sides' attributes; the service's stays as it was
    assert isinstance(typed, gg.errors.OutOfRangeError) and isinstance(
        typed, errors.BadRequestError
    )
    assert (typed.code, typed.status, typed.message) == ("END_OF_SEQUENCE", 400, "End of sequence")
    assert typed.error_code == gg.errors.OUT_OF_RANGE and str(typed) == str(past_end)
    assert untouched is throttled
    # and a code TF1 raises as ValueError is one too
    shape = errors.engine_typed(errors.from_problem(400, {"code": "FEED_SHAPE_MISMATCH"}))
    assert isinstance(shape, ValueError) and isinstance(shape, gg.errors.InvalidArgumentError)


def test_an_async_runs_history_is_read_by_the_fetch_run_took():
    # GIVEN a run whose history recorded its scalar fetch as the client sent it ("Sum")
    with gg.Graph().as_default():
        total = gg.reduce_sum(gg.ones([2]))
    history = [{"step": 25, "outputs": {"Sum": 2.5}}, {"step": 30, "outputs": {"Sum": 1.5}}]
    run = AsyncRun(None, "s_1", {"id": "r_1", "status": "running", "history": history}, None)
    # THEN the tensor, its name with or without ":0" and its op all read it
    want = [(25, 2.5), (30, 1.5)]
    assert run.history(total) == run.history("Sum:0") == run.history("Sum") == want
    assert run.history(total.op) == want
    assert run.history() == [(25, {"Sum": 2.5}), (30, {"Sum": 1.5})]
    # and a name it never recorded is refused, naming what it has, not a list of Nones
    with pytest.raises(KeyError, match="records its scalar fetches: Sum"):
        run.history("loss")
    # while a run with no checkpoint yet has no history to look in
    assert AsyncRun(None, "s_1", {"id": "r_2", "status": "queued"}, None).history("loss") == []


class _Clock:
    """remote.py's `time`: a clock that moves only when the code sleeps."""

    def __init__(self):
        self.now = 0.0

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class _Unreachable:
    """A client whose API answers nothing for `down_s` seconds of `clock`, then serves
    `records` in turn (the last one for ever)."""

    def __init__(self, clock, down_s, records):
        self.clock, self.down_s, self.records, self.polls = clock, down_s, list(records), 0

    def _answer(self):
        self.polls += 1
        if self.clock.now < self.down_s:
            raise errors.TransportError("GET /v1/…: Connection refused (after 6 attempts)")
        return self.records.pop(0) if len(self.records) > 1 else self.records[0]

    def get_run(self, session_id, run_id):
        return self._answer()

    def get_batch(self, batch_id):
        return self._answer()

    def inline_outputs(self, record):
        return record


def test_a_wait_for_a_run_or_a_batch_rides_out_an_api_out_of_reach(monkeypatch):
    # GIVEN an API restarted under a script waiting for its run: 40 s without an answer
    # (the transport gave up each time after its own retries), then the run goes on
    clock = _Clock()
    monkeypatch.setattr(remote, "time", clock)
    done = {"id": "r_1", "status": "succeeded", "outputs": 7}
    api = _Unreachable(clock, 40.0, [{"id": "r_1", "status": "running"}, done])
    run = AsyncRun(api, "s_1", {"id": "r_1", "status": "queued"}, lambda outputs: outputs)
    # THEN the wait ends with the run's outputs, as without the restart
    assert run.result(timeout=600) == 7
    assert clock.now >= 40.0 and api.polls > 2
    # AND so does a batch's, and the watch the CLI draws its progress from
    clock.now = 0.0
    api = _Unreachable(clock, 40.0, [{"id": "b_1", "status": "succeeded"}])
    batch = remote.BatchRun(api, {"id": "b_1", "status": "running"})
    assert [r["status"] for r in batch.watch()] == ["succeeded"]


@pytest.mark.parametrize(("timeout", "gives_up_at"), [(None, remote.OUTAGE_S), (60.0, 60.0)])
def test_a_wait_ends_with_the_transport_error_once_the_api_stays_out_of_reach(
    monkeypatch, timeout, gives_up_at
):
    # GIVEN an API that never answers again
    clock = _Clock()
    monkeypatch.setattr(remote, "time", clock)
    api = _Unreachable(clock, float("inf"), [{}])
    run = AsyncRun(api, "s_1", {"id": "r_1", "status": "running"}, None)
    # THEN the wait gives up after OUTAGE_S, or at its own timeout, with what went wrong:
    # not a TimeoutError saying the run is "still running", which nobody knows
    with pytest.raises(errors.TransportError):
        run.result(timeout=timeout)
    assert gives_up_at <= clock.now < gives_up_at + remote.OUTAGE_POLL_S + 1


def test_an_upload_whose_put_meets_its_own_file_already_there_is_that_upload():
    # GIVEN an upload URL that writes its key once, and a first PUT whose answer was lost
    # (the transport resends it; storage answers 412: the file is there)
    Reply = namedtuple("Reply", "status headers data")
    target = {
        "upload_id": "u_1",
        "method": "PUT",
        "url": "http://storage.local/u_1",
        "headers": {"Content-Type": "application/octet-stream", "If-None-Match": "*"},
    }
    replies = [Reply(201, {}, json.dumps(target).encode()), Reply(412, {}, b"<Error/>")]
    sent = []

    def pool_request(method, url, body=None, headers=None, **_):
        sent.append((method, url, headers))
        return replies.pop(0)

    client = gg.client.Client(
        "http://127.0.0.1:1", "gg_key", retry=RetryPolicy(jitter=lambda lo, hi: 0)
    )
    client.tokens.access_token = lambda: "token"
    client.transport.pool.request = pool_request
    # WHEN the array is uploaded THEN it is the upload, the headers signed sent
    assert client.upload_array(np.zeros(3)) == "u_1"
    assert sent[1][2]["If-None-Match"] == "*"
    # AND another refusal is still an error
    replies[:] = [Reply(201, {}, json.dumps(target).encode()), Reply(403, {}, b"<Error/>")]
    with pytest.raises(errors.ClientError):
        client.upload_array(np.zeros(3))


def test_an_upload_meeting_s3s_conditional_conflict_is_sent_again():
    # GIVEN storage that answers a PUT If-None-Match: * racing another write of its key
    # (this PUT's own first attempt, its answer lost) with S3's 409, "retry the upload"
    Reply = namedtuple("Reply", "status headers data")
    target = {
        "upload_id": "u_1",
        "method": "PUT",
        "url": "http://storage.local/u_1",
        "headers": {"Content-Type": "application/octet-stream", "If-None-Match": "*"},
    }
    conflict = (
        b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>ConditionalRequestConflict"
        b"</Code><Message>A conflicting operation occurred.</Message></Error>"
    )
    replies = [
        Reply(201, {}, json.dumps(target).encode()),
        Reply(409, {"Content-Type": "application/xml"}, conflict),
        Reply(412, {}, b"<Error/>"),
    ]
    sent = []

    def pool_request(method, url, body=None, headers=None, **_):
        sent.append((method, url))
        return replies.pop(0)

    client = gg.client.Client(
        "http://127.0.0.1:1", "gg_key", retry=RetryPolicy(jitter=lambda lo, hi: 0)
    )
    client.tokens.access_token = lambda: "token"
    client.transport.pool.request = pool_request
    # WHEN the array is uploaded THEN the PUT is sent again, and its 412 is the upload
    assert client.upload_array(np.zeros(3)) == "u_1"
    assert [url for _, url in sent[1:]] == [target["url"]] * 2
    # AND another 409 of storage's is not retried
    other = conflict.replace(b"ConditionalRequestConflict", b"OperationAborted")
    replies[:] = [
        Reply(201, {}, json.dumps(target).encode()),
        Reply(409, {"Content-Type": "application/xml"}, other),
    ]
    with pytest.raises(errors.ClientError):
        client.upload_array(np.zeros(3))


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["run", "g", "y", "--watch"], "--async and --watch runs need --session"),
        (["run", "g", "y", "--map", "a=b"], "--map works only with --dataset"),
        (["run", "g", "y", "--batch-size", "4"], "--batch-size works only with --dataset"),
        (["run", "g", "y", "--epochs", "2"], "--epochs works only with --dataset"),
        (["run", "g", "y", "--shuffle"], "--shuffle works only with --dataset"),
        (["run", "g", "y", "--drop-remainder"], "--drop-remainder works only with --dataset"),
        (["run", "g", "y", "--start", "1:0"], "--start works only with --dataset"),
        (["run", "-", "y", "--session", "s", "--seed", "3"], "--seed works only with --shuffle"),
        (
            [
                "batches",
                "submit",
                "--graph",
                "g",
                "--dataset",
                "d",
                "--input",
                "a=b",
                "--fetch",
                "c=d",
                "--out",
                "o.npz",
            ],
            "--out works only with --watch",
        ),
    ],
)
def test_an_option_given_without_the_one_it_modifies_is_refused_before_any_request(
    capsys, monkeypatch, tmp_path, argv, named
):
    # The dataset options without --dataset, --seed without --shuffle and --out without
    # --watch were silently ignored (and `run --watch` without --async: now it follows).
    from graphgate import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRAPHGATE_API_URL", "http://127.0.0.1:1")  # nothing listens
    monkeypatch.setenv("GRAPHGATE_API_KEY", "gg_key")
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)
    assert cli.main(argv, stdout=io.StringIO()) == cli.USAGE
    assert named in capsys.readouterr().err


def test_a_name_without_an_index_is_the_operation_as_in_session():
    # TF1's sess.run("a") runs the operation and answers None; "a:0" is its value. The
    # request names the tensor only for "a:0" and runs "a" as a target.
    graph = gg.Graph()
    with graph.as_default():
        gg.constant(3.0, name="a")
    sess = RemoteSession(client=object(), graph=graph)
    request, rebuild = phrase(sess, ["a", "a:0"], None, None, 1, None, None)
    assert request["fetches"] == ["a"] and request["targets"] == ["a"]
    assert rebuild([serialization.encode_tensor(np.float32(3.0))]) == [None, 3.0]


def test_create_model_version_sends_the_signatures_method_only_when_given():
    # The client had no method_name: a session could not be frozen for TF Serving's
    # classify or regress from Python, though POST /v1/models takes it (scenarios15).
    Reply = namedtuple("Reply", "status headers data")
    sent = []

    def pool_request(method, url, body=None, headers=None, **_):
        sent.append(json.loads(body))
        return Reply(201, {}, b'{"model": "m", "version": 1}')

    client = gg.client.Client("http://127.0.0.1:1", "gg_key")
    client.tokens.access_token = lambda: "token"
    client.transport.pool.request = pool_request
    classify = "tensorflow/serving/classify"
    client.create_model_version("m", "s_1", {"inputs": "ex"}, {"scores": "p"}, method_name=classify)
    client.create_model_version("m", "s_1", {"x": "x"}, {"p": "p"})
    assert sent[0]["method_name"] == classify
    assert "method_name" not in sent[1]


def test_models_create_method_goes_with_a_session_only(capsys, monkeypatch):
    from graphgate import cli

    monkeypatch.setenv("GRAPHGATE_API_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("GRAPHGATE_API_KEY", "gg_key")
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)
    sent = []
    monkeypatch.setattr(
        gg.client.Client, "create_model_version", lambda self, *a, **kw: sent.append(kw) or {}
    )
    argv = ["models", "create", "m", "--input", "inputs=ex", "--fetch", "scores=p"]
    out = io.StringIO()
    assert cli.main([*argv, "--session", "s_1", "--method", "classify"], stdout=out) == cli.OK
    assert cli.main([*argv, "--session", "s_1"], stdout=out) == cli.OK
    assert [kw["method_name"] for kw in sent] == ["tensorflow/serving/classify", None]
    # a saved model's signature names its method: a second spelling could disagree
    saved = ["models", "create", "m", "--saved-model", "d", "--method", "regress"]
    assert cli.main(saved, stdout=out) == cli.USAGE
    assert "method from the signature" in capsys.readouterr().err


class _Training:
    """A client that stores the graph, makes a session and keeps the run it is sent."""

    def __init__(self):
        self.sent = None

    def upload_graph(self, graph, name):
        return {"id": "g_1"}

    def create_session(self, graph_id, idle_ttl_s=None):
        return {"id": "s_1"}

    def run_session(self, session_id, request, respond_async=False):
        self.sent = request

        class Answer:
            def __init__(self):
                self.headers: dict = {}

            def json(self):
                return {"id": "r_2", "status": "queued"}

        return Answer()


@pytest.mark.parametrize(
    ("seed", "sent_seed"), [(None, 7), (9, 9)], ids=["the-positions-seed", "the-seed-given"]
)
def test_train_continues_another_run_from_its_position(seed, sent_seed):
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        loss = gg.reduce_sum(x, name="loss")
    client = _Training()
    sess = RemoteSession(client=client, graph=graph)
    position = {"epoch": 2, "offset": 40, "seed": 7}  # a cancelled run's
    sess.train(
        loss, "ds_1", {x: "x"}, batch_size=8, shuffle=True, seed=seed, start=position, wait=False
    )
    assert client.sent["dataset"]["start"] == {"epoch": 2, "offset": 40}
    assert client.sent["dataset"]["seed"] == sent_seed


@pytest.mark.parametrize("start", [{"epoch": 1}, {"offset": 0}, [1, 0], "1:0"])
def test_train_refuses_a_start_that_is_not_a_position_before_any_request(start):
    # A start without epoch or offset was a bare KeyError from inside the client.
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        gg.reduce_sum(x, name="loss")
    sess = RemoteSession(client=object(), graph=graph)  # any request would fail on object()
    with pytest.raises(errors.ClientError, match="start takes a run's position"):
        sess.train("loss", "d_1", {"x": "x"}, batch_size=2, start=start)


@pytest.mark.parametrize(
    ("size", "said"), [("0", "at least 1, not 0"), ("-3", "at least 1, not -3")]
)
def test_a_dataset_run_s_batch_size_under_one_is_refused_as_such(capsys, size, said):
    # Round 21: --batch-size 0 was read as no --batch-size ("--dataset needs ... and
    # --batch-size"), which the user had given.
    from graphgate import cli

    argv = ["run", "-", "loss", "--session", "s_1", "--dataset", "ds_1", "--map", "x=x"]
    login = ["--url", "http://127.0.0.1:1", "--api-key", "gg_key"]  # nothing is sent
    assert cli.main([*argv, "--batch-size", size, *login], stdout=io.StringIO()) == cli.USAGE
    assert f"--batch-size is a number of rows, {said}" in capsys.readouterr().err


@pytest.mark.parametrize("feed_map", [None, {}, [("x", "x")]])
def test_train_without_a_feed_map_is_refused_before_anything_is_uploaded(feed_map):
    # Round 21: arrays keyed by their placeholders, as run_batch takes them, with no
    # feed_map were a json TypeError on a Tensor, after nothing useful was said.
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        gg.reduce_sum(x, name="loss")
    sess = RemoteSession(client=object(), graph=graph)  # any request would fail on object()
    with pytest.raises(errors.ClientError, match="feed_map says which placeholder"):
        sess.train("loss", {x: np.zeros(4, np.float32)}, feed_map, batch_size=2)


@pytest.mark.parametrize(
    ("name", "key", "code"),
    [("m", "", "INVALID_SIGNATURE"), ("m", "a b", "INVALID_SIGNATURE"),
     ("m", "é/../x", "INVALID_SIGNATURE"), ("bad name", "serving_default", "INVALID_NAME")],
)  # fmt: skip
def test_a_saved_models_key_or_name_the_service_refuses_is_refused_before_any_upload(
    name, key, code
):
    # TF takes any signature key; the service's are its document's pattern. Before round 20
    # the graph was uploaded and stored, then the version refused (400 VALIDATION_FAILED).
    client = gg.client.Client("http://127.0.0.1:1", "gg_key")  # any request would fail
    with pytest.raises(gg.GraphgateError) as caught:
        client.create_model_version_from_saved_model(name, "/nonexistent", signature_key=key)
    assert caught.value.code == code
