"""Properties of the local runner itself: persistence, concurrency, logs."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from botocore.exceptions import ClientError

from graphgate_service import keys
from localrunner.process import RunnerProcess
from tests.support import Client, load_event, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


def test_data_survives_a_restart(tmp_path):
    with RunnerProcess(tmp_path) as runner:
        tenant = runner.create_tenant("persistent")
        secret = _secret(runner)
        client = Client(runner.url, tenant["api_key"])
        graph = client.call("POST", "/v1/graphs", json.loads(load_event("post-graphs")["body"]))
        assert graph.status == 201, graph.body
        assert (
            request("GET", f"{runner.url}/v1/health", {"x-api-key": tenant["api_key"]}).status
            == 200
        )
    with RunnerProcess(tmp_path) as runner:
        reply = request("GET", f"{runner.url}/v1/health", {"x-api-key": tenant["api_key"]})
        dynamodb = _dynamodb(runner)
        secret_after = _secret(runner)
        client = Client(runner.url, tenant["api_key"])
        kept = client.call("GET", f"/v1/graphs/{graph.json()['id']}")
        profile = dynamodb.get_item(
            TableName=runner.state["table"],
            Key=keys.profile(tenant["tenant_id"]),
        )
    assert reply.status == 200
    assert profile["Item"]["name"]["S"] == "persistent"
    assert secret_after == secret  # or every signed cursor and token would die with a restart
    assert kept.status == 200 and kept.json()["graph"] == graph.json()["graph"]


def test_an_ephemeral_runner_keeps_nothing_yet_can_be_administered(tmp_path):
    with RunnerProcess(tmp_path, persist=False) as runner:
        tenant = runner.create_tenant("fleeting")  # the admin finds it by its state file
        assert (
            request("GET", f"{runner.url}/v1/health", {"x-api-key": tenant["api_key"]}).status
            == 200
        )
    assert not (tmp_path / "data").exists()
    with RunnerProcess(tmp_path, persist=False) as runner:
        reply = request("GET", f"{runner.url}/v1/health", {"x-api-key": tenant["api_key"]})
    assert reply.status == 403  # nothing was kept: not even the key


def test_concurrent_conditional_updates_lose_nothing(runner):
    """8 writers race optimistic-concurrency increments through the emulator."""
    dynamodb, table = _dynamodb(runner), runner.state["table"]
    key = {"pk": {"S": "TEST#counter"}, "sk": {"S": "COUNTER"}}
    dynamodb.put_item(TableName=table, Item={**key, "version": {"N": "0"}})
    successes = [0] * 8

    def writer(index: int) -> None:
        client = _dynamodb(runner)
        for _ in range(25):
            while True:
                version = int(
                    client.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"][
                        "version"
                    ]["N"]
                )
                try:
                    client.update_item(
                        TableName=table,
                        Key=key,
                        UpdateExpression="SET version = :next",
                        ConditionExpression="version = :seen",
                        ExpressionAttributeValues={
                            ":seen": {"N": str(version)},
                            ":next": {"N": str(version + 1)},
                        },
                    )
                    successes[index] += 1
                    break
                except ClientError as exc:
                    assert exc.response["Error"]["Code"] == "ConditionalCheckFailedException"

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = int(
        dynamodb.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]["version"]["N"]
    )
    assert sum(successes) == 200
    assert final == 200, f"{200 - final} updates lost"


def test_many_simultaneous_clients_are_all_served(api):
    def call(_):
        return request("GET", f"{api.url}/v1/health", {"x-api-key": api.key}, timeout=30).status

    with ThreadPoolExecutor(max_workers=64) as pool:
        statuses = list(pool.map(call, range(256)))
    assert statuses == [200] * 256


def test_every_request_log_line_is_json_with_a_correlation_id(runner, api):
    request("GET", f"{api.url}/v1/health", {"x-api-key": api.key, "X-Request-ID": "log-probe-7"})
    request("GET", f"{api.url}/v1/health")
    runner.log.flush()
    lines = (runner.workdir / "runner.log").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line is JSON
    served = [r for r in records if r.get("message") in ("request", "access")]
    emf = [r for r in records if "_aws" in r]
    assert emf and all(r.get("correlation_id") for r in emf)
    assert served
    assert all(r.get("correlation_id") for r in served)
    assert any(r["message"] == "request" and r["correlation_id"] == "log-probe-7" for r in served)


def _secret(runner):
    client = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1"
    ).client("secretsmanager", endpoint_url=runner.state["aws_endpoint"])
    name = client.list_secrets()["SecretList"][0]["ARN"]
    return client.get_secret_value(SecretId=name)["SecretString"]


def _dynamodb(runner):
    return boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1"
    ).client("dynamodb", endpoint_url=runner.state["aws_endpoint"])


def test_a_fresh_runner_stores_and_runs_a_graph_of_lazily_loaded_ops(tmp_path):
    # A stored graph that resizes an image was 400 GRAPH_INVALID "unknown op type
    # 'ResizeBilinear'" on a runner (or a Lambda container) that had not yet loaded
    # graphgate's image ops: they register on first use, which a document never made.
    import numpy as np

    import graphgate as gg
    from graphgate.client import RemoteSession

    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [1, 2, 2, 1], name="x")
        gg.image.resize_bilinear(x, [4, 4], name="y")
    pixels = np.arange(4, dtype=np.float32).reshape(1, 2, 2, 1)
    with gg.Session(graph=g) as local:
        expected = local.run("y:0", {"x:0": pixels})
    with RunnerProcess(tmp_path, persist=False) as runner:
        key = runner.create_tenant("lazy-ops", plan="pro")["api_key"]
        with RemoteSession(runner.url, api_key=key, graph=g) as remote:
            np.testing.assert_array_equal(remote.run("y:0", {"x:0": pixels}), expected)
