"""The `graphgate` command line against the local runner: configure, graphs,
runs with JSON and .npy feeds, sessions, usage, exit codes and error lines."""

import io
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import graphgate as gg
from graphgate import cli

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@pytest.fixture
def env(runner, tmp_path, monkeypatch):
    """A fresh tenant, configured through `graphgate configure` into a private file."""
    key = runner.create_tenant("cli-e2e", plan="pro")["api_key"]
    monkeypatch.setenv("GRAPHGATE_CONFIG", str(tmp_path / "config.toml"))
    for name in ("GRAPHGATE_API_URL", "GRAPHGATE_API_KEY", "GRAPHGATE_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    code, out, _ = run("configure", "--url", runner.url, "--api-key", key)
    assert code == 0, out
    return {"url": runner.url, "key": key, "dir": tmp_path}


def run(*argv):
    out = io.StringIO()
    err = io.StringIO()
    saved = sys.stderr
    sys.stderr = err
    try:
        code = cli.main(list(argv), stdout=out)
    finally:
        sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def test_configure_writes_a_private_profile(env):
    config = (env["dir"] / "config.toml").read_text()
    assert f'url = "{env["url"]}"' in config and env["key"] in config
    assert oct((env["dir"] / "config.toml").stat().st_mode & 0o777) == "0o600"
    code, out, _ = run("usage", "-o", "json")
    assert code == 0 and json.loads(out)["plan"] == "pro"


def test_a_graph_from_file_to_results_and_back(env):
    # GIVEN a graph document on disk and a feed in a .npy file
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        gg.reduce_sum(x, name="total")
        gg.multiply(x, 2.0, name="double")
    document = env["dir"] / "graph.json"
    document.write_text(json.dumps(gg.graph_to_dict(graph)))
    np.save(env["dir"] / "x.npy", np.array([[1, 2], [3, 4]], np.float32))

    # WHEN it is stored, listed, drawn and run
    code, out, _ = run(
        "graphs", "create", str(document), "--name", "cli", "--tag", "t", "-o", "json"
    )
    assert code == 0
    graph_id = json.loads(out)["id"]
    code, out, _ = run("graphs", "ls")
    assert code == 0 and out.splitlines()[0].split()[:2] == ["ID", "NAME"] and graph_id in out
    code, out, _ = run("graphs", "dot", graph_id)
    assert code == 0 and out.startswith("digraph")
    code, out, _ = run(
        "run", graph_id, "total", "double", "--feed", f"x=@{env['dir'] / 'x.npy'}", "-o", "json"
    )
    assert code == 0
    assert json.loads(out)["outputs"] == {"total": 10.0, "double": [[2, 4], [6, 8]]}
    code, out, _ = run("run", graph_id, "total", "--feed", "x=[[0.5, 0.25]]")
    assert code == 0 and "0.75" in out

    # THEN deleting it makes it a 404 with exit code 4 and a one-line error
    assert run("graphs", "rm", graph_id)[0] == 0
    code, out, err = run("graphs", "get", graph_id)
    assert code == cli.NOT_FOUND and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "GRAPH_NOT_FOUND (404)" in err and "[request " in err


def test_a_traced_run_writes_a_chrome_trace(env):
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        gg.reduce_sum(gg.multiply(x, 2.0, name="double"), name="total")
    document = env["dir"] / "traced.json"
    document.write_text(json.dumps(gg.graph_to_dict(graph)))
    code, out, _ = run("graphs", "create", str(document), "--name", "traced", "-o", "json")
    graph_id = json.loads(out)["id"]
    trace_file = env["dir"] / "trace.json"
    code, out, _ = run("run", graph_id, "total", "--feed", "x=[[1, 2]]", "--trace", str(trace_file))
    assert code == 0 and "6" in out
    events = json.loads(trace_file.read_text())["traceEvents"]
    assert {e["args"]["name"] for e in events if e["ph"] == "X"} == {"double", "total"}


def test_sessions_keep_variables_between_cli_runs(env):
    graph = gg.Graph()
    with graph.as_default():
        counter = gg.Variable(0.0, name="counter")
        gg.assign_add(counter, 1.0, name="increment")
    document = env["dir"] / "counter.json"
    document.write_text(json.dumps(gg.graph_to_dict(graph)))
    graph_id = json.loads(run("graphs", "create", str(document), "--name", "c", "-o", "json")[1])[
        "id"
    ]
    code, out, _ = run("sessions", "create", graph_id, "-o", "json")
    session_id = json.loads(out)["id"]
    for _ in range(2):
        assert run("run", "-", "--session", session_id, "--target", "increment")[0] == 0
    code, out, _ = run("sessions", "vars", session_id, "-o", "json")
    assert code == 0 and json.loads(out) == {"counter": 2.0}
    code, out, _ = run("runs", "ls", session_id, "-o", "json")
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = run("sessions", "ls")
    assert session_id in out
    assert run("sessions", "rm", session_id)[0] == 0


def test_exit_codes_tell_scripts_what_went_wrong(env, runner):
    code, _, err = run("run", "g_nope", "x", "--feed", "x=not json")
    assert code == cli.USAGE and "not JSON" in err
    bad = env["dir"] / "bad.json"
    bad.write_text(
        json.dumps({"format": "graphgate.graph/v1", "nodes": [{"name": "n", "op": "Nope"}]})
    )
    code, _, err = run("graphs", "create", str(bad), "--name", "bad")
    assert code == cli.REJECTED and "GRAPH_INVALID (400)" in err and "[node n]" in err
    code, _, err = run("usage", "--api-key", "wrong-key")
    assert code == cli.AUTH and "INVALID_API_KEY" in err

    # The installed console script, as a shell script would call it.
    unconfigured = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHGATE_")} | {
        "GRAPHGATE_CONFIG": str(env["dir"] / "absent.toml")
    }
    script = os.path.join(os.path.dirname(sys.executable), "graphgate")
    result = subprocess.run(
        [script, "usage"], capture_output=True, text=True, env=unconfigured, timeout=60
    )
    assert result.returncode == cli.USAGE and "graphgate configure" in result.stderr


def test_a_large_npy_feed_is_uploaded(env):
    graph = gg.Graph()
    with graph.as_default():
        gg.reduce_sum(gg.placeholder(gg.float32, [None, 2], name="x"), name="total")
    document = env["dir"] / "sum.json"
    document.write_text(json.dumps(gg.graph_to_dict(graph)))
    graph_id = json.loads(run("graphs", "create", str(document), "--name", "s", "-o", "json")[1])[
        "id"
    ]
    np.save(env["dir"] / "big.npy", np.ones((200_000, 2), np.float32))  # 1.6 MB
    code, out, err = run(
        "run", graph_id, "total", "--feed", f"x=@{env['dir'] / 'big.npy'}", "-o", "json"
    )
    assert code == 0, err
    assert json.loads(out)["outputs"] == {"total": 400_000.0}
