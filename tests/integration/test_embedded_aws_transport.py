"""The embedded AWS answers the runner's own boto3 calls without a socket
(localrunner/emulator.py InProcessTransport), and they mean what they mean over
HTTP: conditional writes, transactions, S3 keys that need percent-encoding."""

import base64
import copy
import hashlib
import json
import threading
import time

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st

from localrunner import emulator, faults, usage
from tests.hardening import scaled


def _empty_moto() -> None:
    """moto's backends are one per process: what an earlier test's in-process runner
    made (test_batches_runner's tenants and their API keys) would otherwise be in this
    test's AWS, and in its snapshot, whichever test ran before it on this worker."""
    from moto.core.base_backend import BackendDict

    BackendDict.reset()


@pytest.fixture
def embedded(monkeypatch):
    for name, value in emulator.LOCAL_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(faults.ENV_FLAG, raising=False)
    _empty_moto()
    aws = emulator.EmbeddedAws()
    aws.start()
    threads: list[str] = []

    def record(environ):
        # Only this test's calls: a state machine another test left running in this
        # process may still call whatever server holds the port it was given.
        if environ.get("HTTP_X_TRANSPORT_TEST") == "1":
            threads.append(threading.current_thread().name)
        return None  # not an override: every call goes on to moto

    aws.overrides.insert(0, record)
    try:
        yield aws, threads
    finally:
        aws.stop()


@pytest.fixture(scope="module")
def two_paths():
    """Clients of one embedded AWS: {True: DynamoDB straight to moto's handler (the
    runner's path), False: signed and through moto's app (the path that bypasses)}.
    Module-scoped: hypothesis runs its examples inside one call of the test."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in emulator.LOCAL_CREDENTIALS.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv(faults.ENV_FLAG, raising=False)
        aws = emulator.EmbeddedAws()
        aws.start()
        session = boto3.session.Session()
        # Every before-send handler runs, so the bypassed path answers a host that the
        # runner's own transport leaves alone.
        elsewhere = aws.endpoint.replace("127.0.0.1", "localhost")
        bypassed = session.client("dynamodb", endpoint_url=elsewhere)
        bypassed.meta.events.register(
            "before-send", emulator.InProcessTransport(elsewhere, aws._serialized)
        )
        try:
            yield {True: session.client("dynamodb", endpoint_url=aws.endpoint), False: bypassed}
        finally:
            aws.stop()


def test_calls_run_on_the_callers_thread_with_aws_semantics(embedded):
    # GIVEN a client of the embedded AWS, as the functions make them
    aws, threads = embedded
    session = boto3.session.Session()
    dynamodb = session.client("dynamodb", endpoint_url=aws.endpoint)
    s3 = session.client("s3", endpoint_url=aws.endpoint)
    for client in (dynamodb, s3):
        client.meta.events.register("before-sign.*.*", _mark)
    dynamodb.create_table(
        TableName="t",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    s3.create_bucket(Bucket="bucket-1")
    # WHEN it writes conditionally, in a transaction, and stores an awkward key
    dynamodb.put_item(
        TableName="t", Item={"pk": {"S": "a"}}, ConditionExpression="attribute_not_exists(pk)"
    )
    with pytest.raises(ClientError) as conflict:
        dynamodb.put_item(
            TableName="t", Item={"pk": {"S": "a"}}, ConditionExpression="attribute_not_exists(pk)"
        )
    with pytest.raises(ClientError) as cancelled:
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": "t", "Item": {"pk": {"S": "b"}}}},
                {
                    "Put": {
                        "TableName": "t",
                        "Item": {"pk": {"S": "a"}},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )
    key = "dir/a b+c/ü%2F.json"
    s3.put_object(Bucket="bucket-1", Key=key, Body=b"\x00payload")
    # THEN each answer is AWS's, and every call ran on this thread, not a server's
    assert conflict.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert dynamodb.get_item(TableName="t", Key={"pk": {"S": "b"}}).get("Item") is None
    assert s3.get_object(Bucket="bucket-1", Key=key)["Body"].read() == b"\x00payload"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="bucket-1")["Contents"]] == [key]
    assert len(threads) >= 9 and set(threads) == {threading.current_thread().name}


def _mark(request, **_):
    request.headers["x-transport-test"] = "1"


def test_fault_injection_keeps_the_socket(monkeypatch):
    # Dropped connections and stalls need a connection to drop.
    for name, value in emulator.LOCAL_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv(faults.ENV_FLAG, "1")
    aws = emulator.EmbeddedAws()
    aws.start()
    threads: list[str] = []
    aws.overrides.append(lambda _environ: threads.append(threading.current_thread().name))
    try:
        boto3.session.Session().client("s3", endpoint_url=aws.endpoint).list_buckets()
    finally:
        aws.stop()
    assert threads and threading.current_thread().name not in threads


def test_the_key_cache_reads_from_moto_what_api_gateway_s_api_answers(embedded):
    # GIVEN keys and usage plans of every kind the gateway reads: a plan of the stage with
    # a throttle, a quota and a method's limits, one of another stage, a disabled key, a
    # key in no plan, one removed from its plan, one deleted
    aws, _ = embedded
    apigateway = boto3.session.Session().client("apigateway", endpoint_url=aws.endpoint)
    api_id = emulator._ensure_rest_api(apigateway, "api", "v1")
    free = apigateway.create_usage_plan(
        name="free",
        apiStages=[
            {
                "apiId": api_id,
                "stage": "v1",
                "throttle": {"/v1/graphs/POST": {"rateLimit": 1.5, "burstLimit": 3}},
            }
        ],
        throttle={"rateLimit": 2.0, "burstLimit": 4},
        quota={"limit": 100, "period": "DAY"},
    )
    pro = apigateway.create_usage_plan(name="pro", apiStages=[{"apiId": api_id, "stage": "v1"}])
    apigateway.create_usage_plan(name="other", apiStages=[{"apiId": api_id, "stage": "v2"}])
    made = {}
    for value, plan in [
        ("a" * 30, free),
        ("b" * 30, pro),
        ("c" * 30, None),
        ("d" * 30, pro),
        ("e" * 30, free),
    ]:
        made[value] = apigateway.create_api_key(name=value, value=value, enabled=True)["id"]
        if plan:
            apigateway.create_usage_plan_key(
                usagePlanId=plan["id"], keyId=made[value], keyType="API_KEY"
            )
    apigateway.update_api_key(
        apiKey=made["b" * 30],
        patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}],
    )
    apigateway.delete_usage_plan_key(usagePlanId=pro["id"], keyId=made["d" * 30])
    apigateway.delete_api_key(apiKey=made["e" * 30])
    # WHEN the gateway's cache loads them from moto directly and through the API's pages
    direct = usage.KeyStore(apigateway, api_id, "v1", listing=aws.key_listing)
    paged = usage.KeyStore(apigateway, api_id, "v1")
    calls = []
    apigateway.meta.events.register("before-call.api-gateway.*", lambda **kw: calls.append(kw))
    found = {value: direct.lookup(value) for value in [*made, "f" * 30]}
    # THEN without a call to the API, they hold the same keys and plans
    assert calls == []
    assert found == {value: paged.lookup(value) for value in [*made, "f" * 30]}
    assert direct.plans == paged.plans and direct.plans[free["id"]].methods == {
        "/v1/graphs/POST": (1.5, 3)
    }
    assert (found["a" * 30].plan.name, found["a" * 30].plan.quota, found["a" * 30].plan.rate) == (
        "free",
        100,
        2.0,
    )
    assert found["b" * 30].enabled is False and found["c" * 30].plan is None
    assert found["d" * 30].plan is None and found["e" * 30] is None
    assert calls  # the paged cache did call the API (the listener hears it)
    with pytest.raises(ValueError, match="no listing"):
        aws.key_listing("get_api_keys")  # the cache reads values; a listing without them is no use


def test_a_snapshot_reads_only_the_objects_that_changed_and_restores_them_all(embedded, tmp_path):
    # GIVEN the template's resources, three objects, and a snapshot of them
    from localrunner.cfn import Template
    from tests.support import REPO_ROOT

    aws, _ = embedded
    template = Template.load(REPO_ROOT / "template.yaml", {"Stage": "snap"})
    clients = emulator.clients(aws.endpoint)
    ids = emulator.provision(template, clients)
    bucket = ids["TensorBucket"]
    clients["s3"].put_object(Bucket=bucket, Key="kept", Body=b"one")
    clients["s3"].put_object(Bucket=bucket, Key="changed", Body=b"two")
    clients["s3"].put_object(Bucket=bucket, Key="gone", Body=b"five")
    seen: dict = {}
    emulator.snapshot(clients, template, tmp_path, seen)
    # WHEN one object changes, one goes, one comes, and it is snapshotted again
    clients["s3"].put_object(Bucket=bucket, Key="changed", Body=b"three")
    clients["s3"].delete_object(Bucket=bucket, Key="gone")
    clients["s3"].put_object(Bucket=bucket, Key="new", Body=b"four")
    reads = []
    clients["s3"].meta.events.register(
        "provide-client-params.s3.GetObject", lambda params, **_: reads.append(params["Key"])
    )
    emulator.snapshot(clients, template, tmp_path, seen)
    # THEN only the changed and new objects were read, each into a file of its own (none
    # as base64 in state.json, nor kept in memory), the deleted one's file dropped
    assert sorted(reads) == ["changed", "new"]
    assert all(len(saved) == 2 and len(saved[1]) == 64 for saved in seen.values())
    assert "dGhyZWU" not in (tmp_path / "state.json").read_text()  # base64 of b"three"
    saved = sorted(p.read_bytes() for p in (tmp_path / "objects").iterdir())
    assert saved == [b"four", b"one", b"three"]
    # AND a fresh AWS restores them all
    _empty_moto()  # the same process's moto, so only empty is fresh
    fresh = emulator.EmbeddedAws()
    fresh.start()
    try:
        restored = emulator.clients(fresh.endpoint)
        emulator.provision(template, restored)
        assert emulator.restore(restored, template, tmp_path)
        listed = restored["s3"].list_objects_v2(Bucket=bucket)["Contents"]
        assert sorted(o["Key"] for o in listed) == ["changed", "kept", "new"]
        body = restored["s3"].get_object(Bucket=bucket, Key="changed")["Body"].read()
        assert body == b"three"
    finally:
        fresh.stop()
    # AND a snapshot from before objects had files (base64 in state.json) still restores
    state = json.loads((tmp_path / "state.json").read_text())
    for objects in state["buckets"].values():
        for key, saved in objects.items():
            data = (tmp_path / "objects" / saved["file"]).read_bytes()
            objects[key] = base64.b64encode(data).decode()
    (tmp_path / "state.json").write_text(json.dumps(state))
    _empty_moto()
    fresh = emulator.EmbeddedAws()
    fresh.start()
    try:
        restored = emulator.clients(fresh.endpoint)
        emulator.provision(template, restored)
        assert emulator.restore(restored, template, tmp_path)
        body = restored["s3"].get_object(Bucket=bucket, Key="new")["Body"].read()
        assert body == b"four"
    finally:
        fresh.stop()


def _snapshot_setup(embedded, monkeypatch):
    from localrunner.cfn import Template
    from tests.support import REPO_ROOT

    aws, _ = embedded
    template = Template.load(REPO_ROOT / "template.yaml", {"Stage": "snap"})
    clients = emulator.clients(aws.endpoint)
    bucket = emulator.provision(template, clients)["TensorBucket"]
    monkeypatch.setattr(emulator, "SNAPSHOT_READ_BYTES", 4)  # an object in many reads
    return template, clients, bucket


def test_a_periodic_and_the_final_snapshot_at_once_both_finish_whole(
    embedded, tmp_path, monkeypatch
):
    # GIVEN an object saved in ten ranged reads, each a little slow
    template, clients, bucket = _snapshot_setup(embedded, monkeypatch)
    body = bytes(range(40))
    clients["s3"].put_object(Bucket=bucket, Key="big", Body=body)
    clients["s3"].meta.events.register(
        "provide-client-params.s3.GetObject", lambda **_: time.sleep(0.005)
    )
    # WHEN two snapshots (a periodic one and stop()'s) run at once
    failures = []

    def take():
        try:
            emulator.snapshot(clients, template, tmp_path, {})
        except Exception as exc:  # the assertion names it
            failures.append(exc)

    threads = [threading.Thread(target=take) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # THEN both wrote their state, and the object's file is its bytes
    assert failures == []
    assert [p.read_bytes() for p in (tmp_path / "objects").iterdir()] == [body]


def test_an_object_replaced_while_it_is_saved_is_never_saved_mixed(embedded, tmp_path, monkeypatch):
    # GIVEN an object saved in ten ranged reads, replaced after the first of them
    template, clients, bucket = _snapshot_setup(embedded, monkeypatch)
    other = emulator.clients(embedded[0].endpoint)["s3"]
    clients["s3"].put_object(Bucket=bucket, Key="k", Body=b"A" * 40)
    reads = []

    def replace_once(**_):
        reads.append(1)
        if len(reads) == 2:
            other.put_object(Bucket=bucket, Key="k", Body=b"B" * 40)

    clients["s3"].meta.events.register("provide-client-params.s3.GetObject", replace_once)
    # WHEN it is snapshotted, then snapshotted again
    seen: dict = {}
    emulator.snapshot(clients, template, tmp_path, seen)
    state = json.loads((tmp_path / "state.json").read_text())
    # THEN every object the snapshot names holds the bytes of the ETag it records
    for objects in state["buckets"].values():
        for saved in objects.values():
            data = (tmp_path / "objects" / saved["file"]).read_bytes()
            assert f'"{hashlib.md5(data).hexdigest()}"' == saved["etag"], data
    # AND the next snapshot saves the new object
    emulator.snapshot(clients, template, tmp_path, seen)
    assert [p.read_bytes() for p in (tmp_path / "objects").iterdir()] == [b"B" * 40]


# ----------------------------------------------------- DynamoDB straight to moto
# EmbeddedAws.dynamodb hands DynamoDB's JSON calls to moto's handler without moto's
# Flask app, and their SigV4 signature is skipped. Each sequence of calls below runs
# twice on a fresh moto, once that way and once through the Flask app it bypasses,
# and every answer (or error) must be the same.
_KEYS = st.fixed_dictionaries(
    {"pk": st.sampled_from(["a", "b"]), "sk": st.sampled_from(["1", "2"])}
).map(lambda k: {"pk": {"S": k["pk"]}, "sk": {"S": k["sk"]}})
_CONDITIONS = st.sampled_from(
    [None, "attribute_not_exists(pk)", "attribute_exists(pk)", "n < :v", "size(s) > :v"]
)
_ATTRIBUTES = st.fixed_dictionaries(
    {},
    optional={
        "n": st.integers(-5, 5).map(lambda n: {"N": str(n)}),
        "s": st.text("xyü", max_size=3).map(lambda s: {"S": s}),
        "b": st.binary(max_size=3).map(lambda b: {"B": b}),
        "l": st.lists(st.integers(0, 3).map(lambda n: {"N": str(n)}), max_size=2).map(
            lambda items: {"L": items}
        ),
        "m": st.just({"M": {"k": {"SS": ["p", "q"]}, "z": {"NULL": True}}}),
    },
)
_UPDATES = st.sampled_from(
    [
        "SET n = if_not_exists(n, :z) + :v",
        "ADD n :v",
        "REMOVE s, b",
        "SET s = :s, l = list_append(if_not_exists(l, :e), :e)",
        "SET #missing = :v",
        "SET n = :v +",  # a syntax error
    ]
)


def _condition(condition):
    if condition is None:
        return {}
    return {"ConditionExpression": condition, "ExpressionAttributeValues": {":v": {"N": "1"}}}


def _put(key, attributes, condition, returns):
    item = {**attributes, **key}
    return "put_item", {"TableName": "t", "Item": item, **_condition(condition), **returns}


def _update(key, expression, condition, returns):
    values = {":v": {"N": "1"}, ":z": {"N": "0"}, ":s": {"S": "y"}, ":e": {"L": []}}
    used = {name: value for name, value in values.items() if name in expression}
    if condition:
        used[":v"] = values[":v"]
    call = {
        "TableName": "t",
        "Key": key,
        "UpdateExpression": expression,
        **({"ConditionExpression": condition} if condition else {}),
        **({"ExpressionAttributeValues": used} if used else {}),
        **returns,
    }
    return "update_item", call


_RETURNS = st.sampled_from(
    [{}, {"ReturnValues": "ALL_OLD"}, {"ReturnValuesOnConditionCheckFailure": "ALL_OLD"}]
)
_UPDATE_RETURNS = st.sampled_from(
    [{}, {"ReturnValues": "ALL_NEW"}, {"ReturnValues": "UPDATED_OLD"}, {"ReturnValues": "BAD"}]
)
_TRANSACT_ITEMS = st.one_of(
    st.builds(_put, _KEYS, _ATTRIBUTES, _CONDITIONS, st.just({})).map(lambda c: {"Put": c[1]}),
    st.builds(_update, _KEYS, _UPDATES, _CONDITIONS, st.just({})).map(lambda c: {"Update": c[1]}),
    _KEYS.map(lambda k: {"Delete": {"TableName": "t", "Key": k}}),
    _KEYS.map(
        lambda k: {
            "ConditionCheck": {
                "TableName": "t",
                "Key": k,
                "ConditionExpression": "attribute_exists(pk)",
            }
        }
    ),
)
_CALLS = st.one_of(
    st.builds(_put, _KEYS, _ATTRIBUTES, _CONDITIONS, _RETURNS),
    st.builds(_update, _KEYS, _UPDATES, _CONDITIONS, _UPDATE_RETURNS),
    st.builds(
        lambda key, projection: (
            "get_item",
            {"TableName": "t", "Key": key, **projection},
        ),
        _KEYS,
        st.sampled_from(
            [
                {},
                {"ProjectionExpression": "n, #s", "ExpressionAttributeNames": {"#s": "s"}},
                {"ProjectionExpression": "m.k, l[0]"},
            ]
        ),
    ),
    st.builds(
        lambda key, returns: ("delete_item", {"TableName": "t", "Key": key, **returns}),
        _KEYS,
        _RETURNS,
    ),
    st.builds(
        lambda pk, limit, forward: (
            "query",
            {
                "TableName": "t",
                "KeyConditionExpression": "pk = :p AND sk > :s",
                "ExpressionAttributeValues": {":p": {"S": pk}, ":s": {"S": "0"}},
                "ScanIndexForward": forward,
                **({"Limit": limit} if limit else {}),
            },
        ),
        st.sampled_from(["a", "b"]),
        st.sampled_from([None, 1, 5]),
        st.booleans(),
    ),
    st.lists(_TRANSACT_ITEMS, min_size=1, max_size=3).map(
        lambda items: ("transact_write_items", {"TransactItems": items})
    ),
    st.lists(_KEYS, min_size=1, max_size=2).map(
        lambda keys: (
            "transact_get_items",
            {"TransactItems": [{"Get": {"TableName": "t", "Key": k}} for k in keys]},
        )
    ),
    st.just(("scan", {"TableName": "t"})),
    st.just(("get_item", {"TableName": "missing", "Key": {"pk": {"S": "a"}}})),
    st.just(("get_item", {"TableName": "t", "Key": {"pk": {"S": "a"}, "sk": {"S": ""}}})),
)


def _outcomes(client, calls) -> list:
    from moto.backends import get_backend

    get_backend("dynamodb").reset()
    client.create_table(
        TableName="t",
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    outcomes = []
    for operation, call in calls:
        try:
            answer = getattr(client, operation)(**copy.deepcopy(call))
        except ClientError as exc:
            answer = exc.response
        except Exception as exc:  # moto's own failures (size() of a missing attribute)
            outcomes.append((operation, repr(exc)))
            continue
        metadata = answer.pop("ResponseMetadata")
        outcomes.append((operation, metadata["HTTPStatusCode"], answer))
    return outcomes


@settings(derandomize=True, max_examples=scaled(30, 300), deadline=None)
@given(calls=st.lists(_CALLS, min_size=1, max_size=8))
def test_dynamodb_calls_straight_to_moto_answer_what_moto_s_app_answers(two_paths, calls):
    assert _outcomes(two_paths[True], calls) == _outcomes(two_paths[False], calls)


@pytest.mark.parametrize(
    "url, headers",
    [
        ("http://127.0.0.1:5000/", {"X-Amz-Target": "DynamoDB_20120810.GetItem"}),
        (
            "http://localhost:80/?q=1",
            {"Host": "elsewhere", "Content-Type": "application/x-amz-json-1.0", "A-B": b"c"},
        ),
    ],
)
def test_a_direct_call_s_environ_is_the_one_moto_builds(url, headers):
    # moto's own Request.from_primitives builds it through werkzeug's EnvironBuilder.
    from botocore.awsrequest import AWSPreparedRequest
    from botocore.compat import HTTPHeaders
    from moto.core.request import Request

    body = b'{"TableName": "t"}'
    sent = HTTPHeaders()
    for name, value in {**headers, "Content-Length": "99", "Transfer-Encoding": "x"}.items():
        sent[name] = value
    request = AWSPreparedRequest("POST", url, sent, body, False)
    direct = emulator._environ(request, body)
    built = Request.from_primitives("POST", url, sent, body).environ
    for environ in (direct, built):
        assert environ.pop("wsgi.input").read() == body
        environ.pop("wsgi.errors")
        environ.pop("werkzeug.request", None)
    assert direct == built


def test_a_direct_call_s_raw_url_is_the_one_moto_works_out_kept_per_url_and_host():
    # GIVEN requests to one URL with and without another Host header
    import types

    from botocore.awsrequest import AWSPreparedRequest
    from botocore.compat import HTTPHeaders
    from moto.core.request import Request

    def prepared(url, host):
        headers = HTTPHeaders()
        headers["X-Amz-Target"] = "DynamoDB_20120810.GetItem"
        if host:
            headers["Host"] = host
        return AWSPreparedRequest("POST", url, headers, b"{}", False)

    kept = types.SimpleNamespace(_raw_urls={})
    asked = [
        prepared(url, host)
        for url in ("http://127.0.0.1:5000/", "http://localhost:80/?q=1")
        for host in (None, "elsewhere:81", None)
    ]
    # WHEN each raw_url is worked out once per URL and host, and by moto every time
    fast = [
        emulator.EmbeddedAws._raw_url(kept, r.url, Request(emulator._environ(r, b"{}")))
        for r in asked
    ]
    slow = [Request.from_primitives("POST", r.url, r.headers, b"{}").raw_url for r in asked]
    # THEN they are the same, and one was kept for each URL and host
    assert fast == slow
    assert "http://elsewhere:81/?q=1" in fast
    assert len(kept._raw_urls) == 4
