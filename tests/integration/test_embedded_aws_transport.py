"""The embedded AWS answers the runner's own boto3 calls without a socket
(localrunner/emulator.py InProcessTransport), and they mean what they mean over
HTTP: conditional writes, transactions, S3 keys that need percent-encoding."""

import threading

import boto3
import pytest
from botocore.exceptions import ClientError

from localrunner import emulator, faults


@pytest.fixture
def embedded(monkeypatch):
    for name, value in emulator.LOCAL_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(faults.ENV_FLAG, raising=False)
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
    # THEN only the changed and new objects were read, and a fresh AWS restores them all
    assert sorted(reads) == ["changed", "new"]
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
