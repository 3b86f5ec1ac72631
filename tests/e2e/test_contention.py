"""Adversarial probing, round 3: what only several requests at once, or a small document
whose cost shows only once it runs, can break. Each test holds a failure the probing
found over HTTP (docs/hardening.md, "Failures found, and fixed")."""

import io
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.hardening import Tenant, scaled
from tests.support import request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


def race(calls):
    """The calls released together by a barrier; their replies in call order."""
    barrier = threading.Barrier(len(calls))

    def go(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(go, calls))


def paced(call, attempts=40):
    """The call, again after Retry-After while the free plan's rate limit answers 429."""
    for _ in range(attempts):
        reply = call()
        if reply.status != 429:
            return reply
        time.sleep(float(reply.headers.get("retry-after", "1")) / 2)
    return reply


def npy_upload(tenant):
    """A pending dataset whose one .npy file is uploaded (not yet completed)."""
    buffer = io.BytesIO()
    np.save(buffer, np.arange(64, dtype=np.float32))
    body = buffer.getvalue()
    files = [{"format": "npy", "name": "x", "bytes": len(body)}]
    reply = paced(lambda: tenant.client.call("POST", "/v1/datasets", {"name": "d", "files": files}))
    assert reply.status == 201, reply.body
    target = reply.json()["uploads"][0]
    assert request("PUT", target["url"], target["headers"], body).status == 200
    return reply.json()["id"]


def test_registrations_released_together_never_hold_more_datasets_than_the_cap(runner):
    # GIVEN a free tenant one dataset short of its cap (10)
    tenant = Tenant.create(runner, "contention-cap", plan="free")
    files = [{"format": "npy", "name": "x", "bytes": 128}]

    def register():
        return tenant.client.call("POST", "/v1/datasets", {"name": "d", "files": files})

    for _ in range(9):
        assert paced(register).status == 201
    time.sleep(2.5)  # the burst (4) refills, so all four racers pass the gateway
    # WHEN four registrations are released together
    replies = race([register] * 4)
    # THEN at most one takes the last place, the rest are the cap's 422, and 10 at most held
    statuses = sorted(r.status for r in replies)
    assert statuses.count(201) <= 1 and set(statuses) <= {201, 422}, statuses
    assert all(r.json()["cap"] == "datasets" for r in replies if r.status == 422)
    listed = paced(lambda: tenant.client.call("GET", "/v1/datasets?limit=100"))
    assert len(listed.json()["items"]) <= 10


def test_a_delete_racing_a_completion_answers_each_with_a_code_and_leaves_nothing(runner):
    tenant = Tenant.create(runner, "contention-complete")
    for _ in range(scaled(4, 40)):
        dataset_id = npy_upload(tenant)
        path = f"/v1/datasets/{dataset_id}"
        completed, deleted = race(
            [
                lambda path=path: tenant.client.call("POST", f"{path}/complete"),
                lambda path=path: tenant.client.call("DELETE", path),
            ]
        )
        assert deleted.status == 204, deleted.body
        assert completed.status in (200, 404), completed.body  # was a 500 NoSuchKey
        if completed.status == 404:
            assert completed.json()["code"] == "DATASET_NOT_FOUND"
        assert tenant.client.call("GET", path).status == 404


def test_a_tensor_sized_by_a_fed_value_is_refused_before_it_is_made(runner):
    # GIVEN a small document: a column of n ones, n fed, times its own transpose
    tenant = Tenant.create(runner, "contention-expand")
    graph = gg.Graph()
    with graph.as_default():
        column = gg.ones(gg.placeholder(gg.int32, [2], name="n"))
        gg.reduce_sum(gg.matmul(column, column, transpose_b=True, name="square"), name="total")
    body = {"name": "expand", "graph": serialization.graph_to_dict(graph)}
    graph_id = tenant.client.call("POST", "/v1/graphs", body).json()["id"]

    def run(n):
        feeds = {"n": {"datatype": "INT32", "shape": [2], "data": [n, 1]}}
        return tenant.client.call(
            "POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "total", "feeds": feeds}
        )

    assert run(100).json()["outputs"]["data"] == [10000.0]
    # WHEN n*n passes the service's 100,000,000 elements per tensor
    reply = run(10_001)
    # THEN it is refused at the MatMul before anything is allocated (it ran for 7 s at
    # n = 12,000 and made 576 MB; at Lambda's 2 GB, a larger n was an out-of-memory kill)
    assert reply.status == 422, reply.body
    assert reply.json()["code"] == "TENSOR_TOO_LARGE"
    assert reply.json()["errors"][0]["node"] == "square"


def runner_cpu_seconds(runner):
    """The runner process's CPU time so far (user + system), from /proc."""
    stat = Path(f"/proc/{runner._process.pid}/stat").read_text(encoding="ascii")
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_one_long_matmul_stops_near_its_deadline_not_after_the_product(runner):
    # GIVEN a one-node product of 2.2e11 multiply-adds and a run allowed 1 s
    tenant = Tenant.create(runner, "contention-matmul")
    graph = gg.Graph()
    with graph.as_default():
        ones = gg.ones([6000, 6000])
        gg.reduce_sum(gg.matmul(ones, ones, name="product"), name="total")
    body = {"name": "matmul", "graph": serialization.graph_to_dict(graph)}
    graph_id = tenant.client.call("POST", "/v1/graphs", body).json()["id"]
    # WHEN it runs
    before = runner_cpu_seconds(runner)
    reply = tenant.client.call(
        "POST", f"/v1/graphs/{graph_id}/runs", {"fetches": "total", "timeout_ms": 1000}
    )
    spent = runner_cpu_seconds(runner) - before
    # THEN it stops inside the product: the whole took 26 s at 7,000 (a 10 s budget),
    # and at 8,000 ran into the function's timeout, a 502 without an answer
    assert reply.status == 504, reply.body
    assert reply.json()["code"] == "DEADLINE_EXCEEDED"
    assert spent < 3.0, spent  # 0.9 s of CPU where we measured; the whole product, 5.2 s
