"""Checkpoints and run metadata across the wire: a checkpoint saved by a local session
restores into a RemoteSession and the other way round, restores are conditional writes,
and a remote run fills `run_metadata` and obeys `RunOptions.timeout_in_ms`."""

import json

import numpy as np
import pytest

import graphgate as gg
from graphgate.client import Client, DeadlineExceededError
from graphgate.timeline import Timeline
from tests.e2e.faultproxy import Fault, FaultProxy

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("saver-e2e", plan="pro")["api_key"]


@pytest.fixture
def proxy(runner):
    with FaultProxy(runner.url) as proxy:
        yield proxy


def regression():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.placeholder(gg.float32, [None, 1], name="y")
        w = gg.Variable(gg.zeros([2, 1]), name="w")
        b = gg.Variable(0.0, name="b")
        step = gg.train.get_or_create_global_step()
        loss = gg.reduce_mean(gg.square(gg.matmul(x, w) + b - y), name="loss")
        train = gg.train.GradientDescentOptimizer(0.2).minimize(loss, global_step=step)
        init = gg.global_variables_initializer()
        saver = gg.train.Saver(max_to_keep=2)
    return graph, x, y, loss, train, init, saver


rng = np.random.default_rng(7)
POINTS = rng.normal(size=(32, 2)).astype(np.float32)
TARGETS = POINTS @ np.array([[2.0], [-1.0]], np.float32) + 0.5


def test_a_local_checkpoint_restores_remotely_with_a_conditional_write(tmp_path, proxy, key):
    # GIVEN a model trained locally for 5 steps and saved
    graph, x, y, loss, train, init, saver = regression()
    local = gg.Session(graph)
    local.run(init)
    for _ in range(5):
        local.run(train, {x: POINTS, y: TARGETS})
    path = saver.save(local, str(tmp_path / "model"), global_step=5)
    trained = local.get_variables()
    local_loss = local.run(loss, {x: POINTS, y: TARGETS})
    # WHEN a remote session on the same graph restores it
    with Client(proxy.url, key) as client:
        remote = gg.RemoteSession(client=client, graph=graph)
        remote.run(init)
        saver.restore(remote, gg.train.latest_checkpoint(str(tmp_path)))
        # THEN the remote variables are the saved values, bit for bit, and compute the same
        values = remote.get_variables()
        remote_loss = remote.run(loss, {x: POINTS, y: TARGETS})
        remote.close()
    assert path.endswith("model-5")
    assert set(values) == set(trained)
    for name, value in trained.items():
        assert values[name].dtype == value.dtype and np.array_equal(values[name], value)
    assert remote_loss == local_loss
    (put,) = proxy.seen("PUT", "/v1/sessions/")
    assert put.status == 200 and put.request_headers.get("if-match", "").strip('"').isdigit()


def test_a_remote_checkpoint_restores_locally(tmp_path, key, runner):
    # GIVEN a model trained remotely and saved from the remote session
    graph, x, y, loss, train, init, saver = regression()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as remote:
        remote.run(init)
        for _ in range(4):
            remote.run(train, {x: POINTS, y: TARGETS})
        with graph.as_default():
            step = gg.train.get_global_step()
        path = saver.save(remote, str(tmp_path / "remote"), global_step=step)
        remote_values = remote.get_variables()
        remote_loss = remote.run(loss, {x: POINTS, y: TARGETS})
    # WHEN a local session restores it THEN it holds the same values and computes the same
    assert path.endswith("remote-4")
    local = gg.Session(graph)
    saver.restore(local, path)
    for name, value in remote_values.items():
        assert np.array_equal(local.get_variables()[name], value)
    assert local.run(loss, {x: POINTS, y: TARGETS}) == remote_loss
    assert gg.train.list_variables(str(tmp_path)) == [("b", []), ("global_step", []), ("w", [2, 1])]


def test_a_remote_run_fills_run_metadata_and_makes_a_timeline(key, runner):
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        h = gg.tanh(gg.multiply(x, 2.0, name="twice"), name="h")
        out = gg.reduce_sum(h, axis=1, name="out")
    md = gg.RunMetadata()
    options = gg.RunOptions(trace_level=gg.RunOptions.FULL_TRACE)
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as remote:
        value = remote.run(out, {x: np.ones((4, 3))}, options=options, run_metadata=md)
        # An asynchronous run has no stats to give: said, not silently left empty
        late = gg.RunMetadata()
        with pytest.warns(RuntimeWarning, match="no step stats"):
            handle = remote.run(out, {x: np.ones((2, 3))}, run_metadata=late, wait=False)
        assert handle.result(timeout=60).shape == (2,) and len(late.step_stats) == 0
    assert value.shape == (4,)
    (dev,) = md.step_stats.dev_stats
    nodes = {n.node_name: n for n in dev.node_stats}
    assert {"twice", "h", "out"} <= set(nodes)
    shape = [d.size for d in nodes["out"].output[0].tensor_description.shape.dim]
    assert shape == [4] and nodes["out"].output[0].tensor_description.dtype == "FP32"
    assert all(n.all_start_micros > 1.7e15 and n.op_end_rel_micros >= 0 for n in dev.node_stats)
    assert [s["node"] for s in md.step_stats] == [n.node_name for n in dev.node_stats]
    trace = json.loads(Timeline(md.step_stats).generate_chrome_trace_format())
    assert {e["args"]["name"] for e in trace["traceEvents"] if e["ph"] == "X"} >= {"h", "out"}


def test_timeout_in_ms_binds_a_remote_run(proxy, key):
    graph = gg.Graph()
    with graph.as_default():  # 60 chained 400x400 matmuls: far over 20 ms
        m = gg.Variable(gg.ones([400, 400]), name="m")
        power = m
        for _ in range(60):
            power = gg.matmul(power, m) / 400.0
    with Client(proxy.url, key) as client:
        remote = gg.RemoteSession(client=client, graph=graph)
        with pytest.raises(DeadlineExceededError) as late:
            remote.run(power, options=gg.RunOptions(timeout_in_ms=20))
        remote.close()
    assert late.value.status == 504
    (run,) = proxy.seen("POST", "/v1/sessions/")[-1:]
    assert run.status == 504


def test_a_restore_that_loses_a_race_is_tried_again_on_the_new_version(tmp_path, proxy, key):
    graph, x, y, _, train, init, saver = regression()
    local = gg.Session(graph)
    local.run(init)
    local.run(train, {x: POINTS, y: TARGETS})
    path = saver.save(local, str(tmp_path / "model"))
    # GIVEN the first conditional write answered 412, as if a run had committed meanwhile
    proxy.inject(
        Fault(
            lambda m, p: m == "PUT" and p.endswith("/variables"), "respond", 412, "VERSION_MISMATCH"
        )
    )
    with Client(proxy.url, key) as client:
        remote = gg.RemoteSession(client=client, graph=graph)
        remote.run(init)
        # WHEN the checkpoint is restored THEN the write is tried again and lands
        saver.restore(remote, path)
        values = remote.get_variables()
        remote.close()
    puts = proxy.seen("PUT", "/v1/sessions/")
    assert [e.fault is not None for e in puts] == [True, False] and puts[1].status == 200
    for name, value in local.get_variables().items():
        assert np.array_equal(values[name], value)


def test_an_object_based_checkpoint_crosses_the_wire(tmp_path, key, runner):
    # GIVEN a model trained remotely with Adam, its Checkpoint saved from the remote session
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        w = gg.Variable(gg.zeros([2, 1]), name="w")
        step = gg.train.get_or_create_global_step()
        opt = gg.train.AdamOptimizer(0.1)
        loss = gg.reduce_mean(gg.square(gg.matmul(x, w) - 1.0), name="loss")
        train = opt.minimize(loss, global_step=step)
        init = gg.global_variables_initializer()
        ckpt = gg.train.Checkpoint(w=w, opt=opt, step=step)
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as remote:
        remote.run(init)
        for _ in range(3):
            remote.run(train, {x: POINTS})
        first = ckpt.save(str(tmp_path / "ck"), session=remote)
        second = ckpt.save(str(tmp_path / "ck"), session=remote)
        remote_values = remote.get_variables()
    # WHEN a local session restores it THEN every value (slots, beta powers, the save
    # counter) is the remote one, all consumed
    assert [first[-4:], second[-4:]] == ["ck-1", "ck-2"]
    local = gg.Session(graph)
    status = ckpt.restore(second)
    status.initialize_or_restore(local)
    status.assert_consumed()
    for name, value in remote_values.items():
        assert np.array_equal(local.get_variables()[name], value), name
    assert int(local.run(ckpt.save_counter)) == 2
    # AND the other way: a remote session restores the local checkpoint
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as remote:
        ckpt.restore(second).initialize_or_restore(remote)
        assert np.array_equal(remote.get_variables()["w"], remote_values["w"])
