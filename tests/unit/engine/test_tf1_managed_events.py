"""The event files TF1's managed sessions and `FileWriter(logdir, graph)` write, as
TensorFlow 2.21's `tf.compat.v1` wrote them (`fixtures/tf1_managed_events.json`,
recorded by `tests/reference/tf1_managed_events.py`, which holds the programs and the
reader both sides share): the files, every event in order, its step, summary tags and
values, SessionLog statuses and checkpoint names, and the graph and meta graph events.
"""

from __future__ import annotations

import importlib.util
import json
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

_GRAPHS = ("graph_def", "meta_graph_def")


def _without_graphs(events: list[dict]) -> list[dict]:
    return [e for e in events if e["what"] not in _GRAPHS]


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_events_are_tfs(name):
    tf.summary.FileWriterCache.clear()
    ours, theirs = reference.run(tf, name), FIXTURE["programs"][name]
    assert ours["files"] == theirs["files"]
    assert ours["events"].keys() == theirs["events"].keys()
    for directory, files in theirs["events"].items():
        assert len(ours["events"][directory]) == len(files)
        for got, want in zip(ours["events"][directory], files, strict=True):
            # Steps, summaries and session logs event for event.
            assert _without_graphs(got) == _without_graphs(want)
            # The graph and its meta graph are there where TF writes them: the first pair
            # at the same place; TF's checkpoint hook writes a second pair, which graphgate
            # leaves out while its scaffold's ops have no TF GraphDef (docs/engine.md).
            assert got[: len(got) - len(_without_graphs(got))] or not any(
                e["what"] in _GRAPHS for e in want
            )
            first = [i for i, e in enumerate(want) if e["what"] in _GRAPHS][:2]
            assert [got[i] for i in first] == [want[i] for i in first]


def test_graph_event_is_a_graph_def_tf_reads():
    from graphgate import tf_proto

    tf.summary.FileWriterCache.clear()
    import glob
    import tempfile

    logdir = tempfile.mkdtemp()
    with tf.Graph().as_default():
        exec(reference.PROGRAMS["file_writer_graph"], {"tf": tf, "logdir": logdir})
    (path,) = glob.glob(logdir + "/events.out.tfevents.*")
    graph = next(e for e in tf.train.summary_iterator(path) if e.WhichOneof("what") == "graph_def")
    nodes = tf_proto.decode(graph.graph_def, tf_proto.GRAPH, ValueError)["node"]
    by_name = {n["name"]: n["op"] for n in nodes}
    assert by_name["x_1"] == "ScalarSummary" and by_name["x_1/tags"] == "Const"
    assert by_name["x_hist"] == "HistogramSummary"
