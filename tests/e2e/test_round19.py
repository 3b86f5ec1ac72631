"""Adversarial probing, round 19 (docs/hardening.md), held over HTTP against the local
runner: the per-run byte budget from every side. A cond or loop body's values count
beside what its run holds (round 17's fills in a branch passed the budget), an ONNX
model's known values are not multiplied out as it is read (a 240 KB model held the
1,024 MB graphs function at +2 GB), and an ONNX export computes its variables' initial
values within the graphs function's budget (it held +1.7 GB)."""

from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from tests.support import Client

onnx = pytest.importorskip("onnx")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

MIB = 2**20
SESSIONS_BUDGET = 2048 * MIB - 768 * MIB  # graph_documents.run_bytes_budget(), sessions
GRAPHS_BUDGET = 256 * MIB  # the graphs function's 1,024 MB less the margin


def _high_water_bytes(pid: int) -> int:
    """The most resident memory process `pid` has held (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


@pytest.fixture(scope="module")
def client(runner):
    return Client(runner.url, runner.create_tenant("round19-e2e", plan="pro")["api_key"])


def _store(client, graph) -> str:
    body = {"name": "round19", "graph": serialization.graph_to_dict(graph)}
    created = client.call("POST", "/v1/graphs", body)
    assert created.status == 201, created.body[:300]
    return created.json()["id"]


def _problem(reply, status, code):
    assert reply.status == status, reply.body[:400]
    assert reply.headers["content-type"].startswith("application/problem+json")
    problem = reply.json()
    assert problem["code"] == code, problem
    return problem


@pytest.mark.parametrize("construct", ["cond", "while"])
def test_fills_inside_a_body_are_held_to_the_runs_budget(client, runner, construct):
    # GIVEN four [9000, 9000] float32 fills summed inside a branch or a loop's body (1.6 GB
    # at once, past the sessions function's 1.25 GiB; answered 200 with +1.9 GB before)
    graph = gg.Graph()
    with graph.as_default():
        on = gg.placeholder(gg.bool, [], name="on")

        def four():
            return gg.reduce_sum(gg.add_n([gg.fill([9000, 9000], float(i)) for i in range(4)]))

        if construct == "cond":
            y = gg.cond(on, four, lambda: gg.constant(0.0))
        else:
            y = gg.while_loop(
                lambda i, a: gg.logical_and(on, i < 1),
                lambda i, a: (i + 1, a + four()),
                [gg.constant(0), gg.constant(0.0)],
            )[1]
        gg.identity(y, name="y")
    path = f"/v1/graphs/{_store(client, graph)}/runs"

    def run(on):
        feeds = {"on": {"datatype": "BOOL", "shape": [], "data": [on]}}
        return client.call("POST", path, {"fetches": ["y"], "feeds": feeds})

    assert run(False).json()["outputs"][0]["data"] == [0.0]
    before = _high_water_bytes(runner.pid)
    problem = _problem(run(True), 422, "RUN_TOO_LARGE")
    # THEN refused before the body runs: nothing of the 1.6 GB is made
    assert f"more than the limit of {SESSIONS_BUDGET}" in problem["detail"]
    assert _high_water_bytes(runner.pid) - before < 200 * MIB


def _onnx_model(side: int, products: int) -> bytes:
    """x plus `products` int64 [side, 1] x [1, side] products of initializers."""
    inits, nodes, last = [], [], "x"
    for k in range(products):
        column = np.full((side, 1), k, np.int64)
        inits += [
            numpy_helper.from_array(column, f"a{k}"),
            numpy_helper.from_array(np.ones((1, side), np.int64), f"b{k}"),
        ]
        nodes += [
            helper.make_node("Mul", [f"a{k}", f"b{k}"], [f"m{k}"]),
            helper.make_node("Add", [last, f"m{k}"], [f"s{k}"]),
        ]
        last = f"s{k}"
    nodes.append(helper.make_node("Identity", [last], ["y"]))
    graph = helper.make_graph(
        nodes,
        "folds",
        [helper.make_tensor_value_info("x", TensorProto.INT64, [1])],
        [helper.make_tensor_value_info("y", TensorProto.INT64, None)],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model.SerializeToString()


def test_an_onnx_models_known_products_are_left_to_its_runs(client, runner):
    # GIVEN a 240 KB model whose three products of initializers are 200 MB each
    blob = _onnx_model(5000, 3)
    before = _high_water_bytes(runner.pid)
    created = client.call(
        "POST", "/v1/graphs?name=folds", headers={"Content-Type": "application/onnx"}, raw=blob
    )
    # THEN it is stored as the model's Muls (422 CONSTANTS_TOO_LARGE, after +2 GB, before)
    assert created.status == 201, created.body[:400]
    assert _high_water_bytes(runner.pid) - before < 300 * MIB
    ops = {node["op"] for node in created.json()["signature"]["nodes"]}
    assert "Mul" in ops
    # AND a smaller one computes what onnxruntime does
    small = client.call(
        "POST",
        "/v1/graphs?name=small",
        headers={"Content-Type": "application/onnx"},
        raw=_onnx_model(300, 2),
    )
    assert small.status == 201, small.body[:400]
    feeds = {"x": {"datatype": "INT64", "shape": [1], "data": [7]}}
    run = client.call(
        "POST", f"/v1/graphs/{small.json()['id']}/runs", {"fetches": ["y"], "feeds": feeds}
    )
    assert run.status == 200, run.body[:400]
    (out,) = run.json()["outputs"]
    expected = 7 + np.arange(2).sum() * np.ones((300, 300), np.int64)
    assert out["shape"] == [300, 300] and out["data"] == expected.reshape(-1).tolist()


def test_an_onnx_export_computes_initial_values_within_the_graphs_functions_budget(client, runner):
    # GIVEN a graph whose variable starts as a [9000, 9000] float32 fill (324 MB)
    graph = gg.Graph()
    with graph.as_default():
        v = gg.Variable(gg.fill([9000, 9000], 1.0), name="v")
        gg.add(gg.placeholder(gg.float32, [], name="x"), gg.reduce_sum(v), name="y")
    graph_id = _store(client, graph)
    before = _high_water_bytes(runner.pid)
    reply = client.call(
        "GET", f"/v1/graphs/{graph_id}?fetch=y&feed=x", headers={"Accept": "application/onnx"}
    )
    # THEN the export is refused before the fill (it held +1.7 GB for three such, then
    # answered 422 RESPONSE_TOO_LARGE)
    problem = _problem(reply, 422, "RUN_TOO_LARGE")
    assert f"more than the limit of {GRAPHS_BUDGET}" in problem["detail"]
    assert _high_water_bytes(runner.pid) - before < 200 * MIB


def test_a_large_tensor_fetched_many_times_is_refused_before_it_is_encoded(client, runner):
    # GIVEN a session whose run adds one to v and fetches a 16 MB tensor twenty times
    # (encoded as JSON: about 6 GB; the runner held +2.5 GB, then the gateway's 502)
    graph = gg.Graph()
    with graph.as_default():
        v = gg.Variable(0.0, name="v")
        gg.identity(v.assign_add(1.0), name="inc")
        gg.fill([2000, 2000], 0.5, name="y")
    session = client.call("POST", "/v1/sessions", {"graph_id": _store(client, graph)})
    assert session.status == 201, session.body[:300]
    path = f"/v1/sessions/{session.json()['id']}"
    before = _high_water_bytes(runner.pid)
    reply = client.call("POST", f"{path}/runs", {"fetches": ["y"] * 20, "targets": ["inc"]})
    # THEN 422 before anything is encoded, and the increment is not applied
    problem = _problem(reply, 422, "OUTPUTS_TOO_LARGE")
    assert problem["limit"] == SESSIONS_BUDGET
    assert _high_water_bytes(runner.pid) - before < 200 * MIB
    variables = client.call("GET", f"{path}/variables").json()
    assert variables["version"] == 1 and variables["variables"]["v"]["data"] == [0.0]


def test_a_datasets_batch_is_held_to_the_runs_budget(client, runner):
    # GIVEN a one-shot run whose tf.data pipeline batches eleven [3000, 3000] float64 fills
    # (99M elements, within the tensor limit; 792 MB of rows and as much again stacked,
    # counted nowhere before)
    graph = gg.Graph()
    with graph.as_default():
        one = gg.constant(1.0, gg.float64)
        rows = gg.data.Dataset.range(22).map(lambda i: gg.fill([3000, 3000], one)).batch(11)
        gg.reduce_sum(gg.data.make_one_shot_iterator(rows).get_next(), name="y")
    before = _high_water_bytes(runner.pid)
    reply = client.call("POST", f"/v1/graphs/{_store(client, graph)}/runs", {"fetches": ["y"]})
    # THEN refused as the batch fills, before its rows and their stack pass the budget
    problem = _problem(reply, 422, "RUN_TOO_LARGE")
    assert "as its batch fills" in problem["detail"]
    assert _high_water_bytes(runner.pid) - before < SESSIONS_BUDGET


def test_feed_batches_naming_one_upload_read_it_once(client, runner):
    import io

    from tests.support import request

    # GIVEN a 40 MB upload named by each of 20 feed batches of a one-step run (read 20
    # times before: +800 MB; 50 of them passed the sessions function's memory)
    buffer = io.BytesIO()
    np.save(buffer, np.ones(10 * 2**20, np.float32))
    data = buffer.getvalue()
    upload = client.call("POST", "/v1/uploads", {"bytes": len(data)}).json()
    put = request(upload["method"], upload["url"], upload["headers"], data)
    assert put.status == 200, put.body[:300]
    graph = gg.Graph()
    with graph.as_default():
        gg.reduce_sum(gg.placeholder(gg.float32, [None], name="x"), name="y")
    batches = [{"x": {"upload_id": upload["upload_id"]}}] * 20
    before = _high_water_bytes(runner.pid)
    reply = client.call(
        "POST",
        f"/v1/graphs/{_store(client, graph)}/runs",
        {"fetches": ["y"], "feed_batches": batches},
    )
    # THEN it is read once
    assert reply.status == 200, reply.body[:300]
    assert reply.json()["outputs"][0]["data"] == [float(10 * 2**20)]
    assert _high_water_bytes(runner.pid) - before < 400 * MIB
