"""Adversarial probing, round 17 (docs/hardening.md), held over HTTP against the local
runner: hostile graphs whose every tensor is within the limits the docs state, but whose
run would make far more — an output sized by a value no check read, a window's padding,
a number's text — or run a pool's window offsets past its deadline. Each is refused
before the work, as the docs promise, with a documented code."""

import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

LIMIT = 100_000_000  # the service's max_tensor_elements (engine.md, Limits)


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round17-e2e", plan="pro")["api_key"])


def _stored(client, build) -> str:
    graph = gg.Graph()
    with graph.as_default():
        build()
    body = {"name": "r17", "graph": serialization.graph_to_dict(graph)}
    created = client.call("POST", "/v1/graphs", body)
    assert created.status == 201, created.body[:300]
    return created.json()["id"]


def _run(client, graph_id, feeds, **extra):
    body = {"fetches": ["y"], "feeds": feeds, **extra}
    return client.call("POST", f"/v1/graphs/{graph_id}/runs", body)


def _count(name, value):
    return {name: {"datatype": "INT32", "shape": [], "data": [value]}}


def _image():
    return {"x": {"datatype": "FP32", "shape": [1, 4, 4, 1], "data": list(range(16))}}


VALUE_SIZED = {
    # linspace's num: a fed 2e9 took the runner to 23.7 GB before its 504
    "linspace": lambda n: gg.linspace(0.0, 1.0, n),
    # a sorted segment op's last id, dynamic_stitch's largest index: 200 past the limit
    "segment_sum": lambda n: gg.math.segment_sum(gg.ones([2]), gg.stack([0, n - 1])),
    "dynamic_stitch": lambda n: gg.dynamic_stitch([gg.stack([n - 1])], [gg.ones([1])]),
}


@pytest.mark.parametrize("name", sorted(VALUE_SIZED))
def test_an_output_sized_by_a_fed_value_is_refused_before_it_is_made(client, name):
    def build():
        n = gg.placeholder(gg.int32, [], name="n")
        gg.reduce_sum(VALUE_SIZED[name](n), name="y")

    graph_id = _stored(client, build)
    assert _run(client, graph_id, _count("n", 1000)).status == 200
    refused = _run(client, graph_id, _count("n", LIMIT + 1))
    assert refused.status == 422, refused.body[:300]
    problem = refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "TENSOR_TOO_LARGE", problem
    assert problem["category"] == "RESOURCE_EXHAUSTED"


def test_a_dilation_far_wider_than_its_image_is_refused_before_its_padding_is_made(client):
    # A 3x3 filter dilated 8,000 times over a 4x4 image: an output of 16 elements, a
    # padded input of 256M (1 GB; 40,000 would be 25 GB), answered 200 before.
    def build():
        x = gg.placeholder(gg.float32, [1, 4, 4, 1], name="x")
        conv = gg.nn.conv2d(x, gg.ones([3, 3, 1, 1]), 1, "SAME", dilations=8000)
        gg.reduce_sum(conv, name="y")

    refused = _run(client, _stored(client, build), _image())
    assert refused.status == 422, refused.body[:300]
    assert refused.json()["code"] == "TENSOR_TOO_LARGE"
    assert "while it runs" in refused.json()["detail"]


def test_a_pool_far_wider_than_its_image_stops_at_the_runs_deadline(client):
    # A 6,000-wide window pads within the working memory (144 MB) but is 36M offsets,
    # each a pass in Python, and read the deadline only when the node ended: the
    # function overran its timeout (the gateway's 502) where the docs promise a 504.
    def build():
        x = gg.placeholder(gg.float32, [1, 4, 4, 1], name="x")
        gg.reduce_sum(gg.nn.max_pool(x, [1, 6000, 6000, 1], 1, "SAME"), name="y")

    late = _run(client, _stored(client, build), _image(), timeout_ms=500)
    assert late.status == 504, late.body[:300]
    assert late.json()["code"] == "DEADLINE_EXCEEDED"


def test_a_numbers_text_past_the_string_limit_is_refused_before_it_is_written(client):
    # as_string counted only a width: a precision of 2e8 wrote 200 MB for one number.
    def build():
        x = gg.placeholder(gg.float32, [1], name="x")
        gg.reduce_sum(gg.strings.length(gg.as_string(x, precision=2 * LIMIT)), name="y")

    feeds = {"x": {"datatype": "FP32", "shape": [1], "data": [1.5]}}
    refused = _run(client, _stored(client, build), feeds)
    assert refused.status == 422, refused.body[:300]
    assert refused.json()["code"] == "TENSOR_TOO_LARGE"
