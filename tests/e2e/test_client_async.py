"""Asynchronous runs through the client and the CLI: `run(wait=False)` gives a
handle whose progress, result and cancel talk to the runner over HTTP."""

import io
import json
import sys

import numpy as np
import pytest

import graphgate as gg
from graphgate import cli
from graphgate.client import RunCancelledError

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("client-async", plan="pro")["api_key"]


def regression():
    rng = np.random.default_rng(1)
    points = rng.normal(size=(64, 2)).astype(np.float32)
    targets = points @ np.array([[2.0], [-1.0]], np.float32) + 0.5
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.placeholder(gg.float32, [None, 1], name="y")
        w = gg.Variable(gg.zeros([2, 1]), name="w")
        b = gg.Variable(0.0, name="b")
        loss = gg.reduce_mean(gg.square(gg.matmul(x, w) + b - y), name="loss")
        train = gg.train.GradientDescentOptimizer(0.1).minimize(loss)
    return graph, {x: points, y: targets}, loss, train


def test_an_async_run_reports_progress_and_returns_the_result(runner, key):
    graph, feeds, loss, train = regression()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        # WHEN a 200-step training run is started without waiting
        handle = sess.run([loss, train], feeds, steps=200, wait=False)
        assert handle.status in ("queued", "running")
        # THEN its progress can be followed to the end, with the loss on the way
        seen = [record["completed_steps"] for record in handle.watch(interval=0.05)]
        assert seen == sorted(seen) and seen[-1] == 200
        final_loss, ran = handle.result()
        assert ran is None and final_loss < 0.01
        losses = [value for _, value in handle.history("loss")]
        assert len(losses) >= 2 and losses[-1] == pytest.approx(float(final_loss), rel=1e-5)
        # AND the session's variables are the trained ones
        assert sess.get_variables()["w"].ravel() == pytest.approx([2.0, -1.0], abs=0.05)


def test_an_async_run_can_be_cancelled(runner, key):
    graph, feeds, loss, train = regression()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        handle = sess.run(loss, feeds, targets=[train], steps=100_000, wait=False)
        assert handle.cancel()
        with pytest.raises(RunCancelledError) as cancelled:
            handle.result(timeout=30)
        assert cancelled.value.run["completed_steps"] < 100_000
        assert not handle.cancel()  # already over


def test_the_cli_watches_an_async_run_with_a_progress_bar(runner, key, monkeypatch):
    graph, feeds, loss, train = regression()
    with gg.RemoteSession(runner.url, api_key=key, graph=graph) as sess:
        sess.run(loss, feeds)  # uploads the graph and opens the session
        session_id = sess.session_id
        monkeypatch.setenv("GRAPHGATE_API_URL", runner.url)
        monkeypatch.setenv("GRAPHGATE_API_KEY", key)
        stdout, stderr = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stderr", stderr)
        np.save(runner.workdir / "x.npy", feeds[graph.get_tensor_by_name("x:0")])
        np.save(runner.workdir / "y.npy", feeds[graph.get_tensor_by_name("y:0")])
        argv = ["run", "-", "loss", "--session", session_id, "--target", train.name]
        argv += [
            "--feed",
            f"x=@{runner.workdir / 'x.npy'}",
            "--feed",
            f"y=@{runner.workdir / 'y.npy'}",
        ]
        code = cli.main([*argv, "--steps", "150", "--async", "-o", "json"], stdout=stdout)
        assert code == 0, stderr.getvalue()
        run_id = json.loads(stdout.getvalue())["id"]

        stdout = io.StringIO()
        code = cli.main(["runs", "watch", session_id, run_id, "--interval", "0.05"], stdout=stdout)
        assert code == 0, stderr.getvalue()
        bars = stderr.getvalue().splitlines()
        assert bars[-1].startswith("[" + "#" * 28 + "]  step 150/150  loss ")
        assert "succeeded" in bars[-1]
        assert "loss" in stdout.getvalue()
