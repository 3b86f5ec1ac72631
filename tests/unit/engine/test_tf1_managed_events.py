"""The event files TF1's managed sessions and `FileWriter(logdir, graph)` write, as
TensorFlow 2.21's `tf.compat.v1` wrote them (`fixtures/tf1_managed_events.json`,
recorded by `tests/reference/tf1_managed_events.py`, which holds the programs and the
reader both sides share): the files, every event in order, its step, summary tags and
values, SessionLog statuses and checkpoint names, and the graph and meta graph events.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import tempfile
from pathlib import Path

import pytest

import graphgate.compat.v1 as tf

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_managed_events.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_managed_events", ROOT / "tests" / "reference" / "tf1_managed_events.py"
)
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)


def _without_threads(name: str, events: list[dict]) -> list[dict]:
    """TF's Supervisor's step-counter thread writes `global_step/sec` when it gets to run;
    graphgate's Supervisor starts no threads (docs/engine.md)."""
    if name != "supervisor":
        return events
    rate = [{"tag": "global_step/sec"}]
    return [e for e in events if e.get("values") != rate]


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_events_are_tfs(name):
    tf.summary.FileWriterCache.clear()
    ours, theirs = reference.run(tf, name), FIXTURE["programs"][name]
    assert ours["files"] == theirs["files"]
    assert ours["events"].keys() == theirs["events"].keys()
    for directory, files in theirs["events"].items():
        want = [_without_threads(name, events) for events in files]
        assert ours["events"][directory] == want


def test_graph_event_is_a_graph_def_tf_reads():
    from graphgate import tf_proto

    tf.summary.FileWriterCache.clear()
    logdir = tempfile.mkdtemp()
    with tf.Graph().as_default():
        exec(reference.PROGRAMS["file_writer_graph"], {"tf": tf, "logdir": logdir})
    (path,) = glob.glob(logdir + "/events.out.tfevents.*")
    graph = next(e for e in tf.train.summary_iterator(path) if e.WhichOneof("what") == "graph_def")
    nodes = tf_proto.decode(graph.graph_def, tf_proto.GRAPH, ValueError)["node"]
    by_name = {n["name"]: n["op"] for n in nodes}
    assert by_name["x_1"] == "ScalarSummary" and by_name["x_1/tags"] == "Const"
    assert by_name["x_hist"] == "HistogramSummary"


def test_managed_graph_holds_tfs_uninitialized_report():
    from graphgate import tf_proto

    tf.summary.FileWriterCache.clear()
    logdir = tempfile.mkdtemp()
    with tf.Graph().as_default():
        exec(reference.PROGRAMS["mts_steps"], {"tf": tf, "logdir": logdir})
    tf.summary.FileWriterCache.clear()
    (path,) = glob.glob(logdir + "/events.out.tfevents.*")
    graphs = [
        e.graph_def for e in tf.train.summary_iterator(path) if e.WhichOneof("what") == "graph_def"
    ]
    nodes = tf_proto.decode(graphs[-1], tf_proto.GRAPH, ValueError)["node"]
    by_name = {n["name"]: n["op"] for n in nodes}
    # TF's report_uninitialized_variables: IsVariableInitialized, stack, not, boolean_mask.
    assert by_name["report_uninitialized_variables"] == "GatherV2"
    assert (
        by_name["report_uninitialized_variables/IsVariableInitialized"] == "IsVariableInitialized"
    )
    assert by_name["report_uninitialized_variables/boolean_mask/Where"] == "Where"


def test_closed_writer_drops_events_until_reopened():
    logdir = tempfile.mkdtemp()
    writer = tf.summary.FileWriter(logdir)
    writer.add_session_log(tf.SessionLog(status=tf.SessionLog.START), 1)
    writer.close()
    writer.add_session_log(tf.SessionLog(status=tf.SessionLog.STOP), 2)  # dropped, as TF's
    assert len(glob.glob(logdir + "/events.out.tfevents.*")) == 1
    writer.reopen()
    writer.add_session_log(tf.SessionLog(status=tf.SessionLog.STOP), 3)
    writer.close()
    statuses = sorted(
        (e.step, e.session_log.status)
        for path in glob.glob(logdir + "/events.out.tfevents.*")
        for e in tf.train.summary_iterator(path)
        if e.WhichOneof("what") == "session_log"
    )
    assert statuses == [(1, tf.SessionLog.START), (3, tf.SessionLog.STOP)]


def test_session_log_is_refused_unless_a_session_log():
    writer = tf.summary.FileWriter(tempfile.mkdtemp())
    with pytest.raises(ValueError, match="SessionLog"):
        writer.add_session_log("START", 1)
