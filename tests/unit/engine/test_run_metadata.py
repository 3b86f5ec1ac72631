"""Run options and metadata in TensorFlow's shape, and the Chrome trace made from them."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

import graphgate as gg
from graphgate.client import timeline as client_timeline
from graphgate.run_metadata import StepStats
from graphgate.timeline import Timeline


def traced_graph():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.reduce_sum(gg.multiply(x, 2.0, name="mul"), axis=1, name="y")
    return g, x, y


FULL = gg.RunOptions(trace_level=gg.RunOptions.FULL_TRACE)


def test_full_trace_fills_tfs_step_stats_with_times_and_output_shapes():
    g, x, y = traced_graph()
    md = gg.RunMetadata()
    before = time.time_ns() // 1000
    out = gg.Session(g).run(y, {x: np.ones((3, 2))}, options=FULL, run_metadata=md)
    after = time.time_ns() // 1000
    assert out.tolist() == [4.0, 4.0, 4.0]
    (dev,) = md.step_stats.dev_stats
    assert dev.device == "/job:localhost/replica:0/task:0/device:CPU:0"
    nodes = {n.node_name: n for n in dev.node_stats}
    assert set(nodes) == {"mul", "y"}
    for n in dev.node_stats:
        assert before <= n.all_start_micros <= after
        assert 0 <= n.op_start_rel_micros <= n.op_end_rel_micros <= n.all_end_rel_micros
    ends = [n.all_start_micros + n.all_end_rel_micros for n in dev.node_stats]
    starts = [n.all_start_micros for n in dev.node_stats]
    assert starts[1] >= starts[0] and ends[1] <= after
    (out_desc,) = [o.tensor_description for o in nodes["y"].output]
    assert [d.size for d in out_desc.shape.dim] == [3] and out_desc.dtype == "FP32"
    assert nodes["y"].timeline_label.startswith("y = Sum(mul")
    # graphgate's earlier form still reads the same
    assert [s["node"] for s in md.step_stats] == [n.node_name for n in dev.node_stats]
    assert md.step_stats[-1]["shapes"] == [[3]] and md.step_stats[-1]["seconds"] >= 0
    assert len(md.step_stats) == 2


def test_each_traced_run_replaces_the_stats_as_in_tf():
    g, x, y = traced_graph()
    md = gg.RunMetadata()
    sess = gg.Session(g)
    sess.run(y, {x: np.ones((3, 2))}, options=FULL, run_metadata=md)
    sess.run(y, {x: np.ones((5, 2))}, options=FULL, run_metadata=md)
    assert len(md.step_stats.dev_stats[0].node_stats) == 2
    assert md.step_stats[-1]["shapes"] == [[5]]


def test_timeout_in_ms_bounds_the_run():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [None], name="x")
        y = x
        for _ in range(2000):
            y = gg.tanh(y * 1.0001)
    sess = gg.Session(g)
    with pytest.raises(gg.DeadlineExceededError):
        sess.run(y, {x: np.ones(200_000)}, options=gg.RunOptions(timeout_in_ms=1))
    assert gg.RunOptions(timeout_in_ms=1500).timeout == 1.5
    assert gg.RunOptions().timeout is None


def test_step_stats_survive_plain_data_round_trip():
    g, x, y = traced_graph()
    md = gg.RunMetadata()
    gg.Session(g).run(y, {x: np.ones((3, 2))}, options=FULL, run_metadata=md)
    wire = json.loads(json.dumps(md.step_stats.to_dict()))
    again = StepStats.from_dict(wire)
    assert again.to_dict() == md.step_stats.to_dict()
    assert list(again) == list(md.step_stats)


def test_timeline_is_valid_chrome_trace_json_with_one_event_per_node():
    g, x, y = traced_graph()
    md = gg.RunMetadata()
    gg.Session(g).run(y, {x: np.ones((3, 2))}, options=FULL, run_metadata=md)
    assert client_timeline.Timeline is Timeline
    trace = json.loads(Timeline(md.step_stats).generate_chrome_trace_format())
    events = trace["traceEvents"]
    ops = [e for e in events if e["ph"] == "X"]
    assert [(e["args"]["name"], e["name"]) for e in ops] == [("mul", "Mul"), ("y", "Sum")]
    for e in ops:
        assert e["cat"] == "Op" and isinstance(e["ts"], int) and e["dur"] >= 0
    assert {e["args"]["name"] for e in events if e["ph"] == "M"} == {
        "Allocators",
        "/job:localhost/replica:0/task:0/device:CPU:0 Compute",
    }
    assert ops[1]["args"]["input0"] == "mul"
    flows = [e for e in events if e["ph"] in "st"]
    assert [e["ph"] for e in flows] == ["s", "t"] and flows[0]["id"] == flows[1]["id"]
    bare = json.loads(Timeline(md.step_stats).generate_chrome_trace_format(show_dataflow=False))
    assert not [e for e in bare["traceEvents"] if e["ph"] in "st"]


def test_an_executor_appending_the_earlier_dicts_still_fills_tfs_form():
    stats = StepStats()
    stats.append({"node": "y", "op": "Sum", "seconds": 0.002, "shapes": [[3]]})
    (node,) = stats.dev_stats[0].node_stats
    assert (node.node_name, node.op, node.op_end_rel_micros) == ("y", "Sum", 2000)
    assert [d.size for d in node.output[0].tensor_description.shape.dim] == [3]
    assert abs(node.all_start_micros + 2000 - time.time_ns() // 1000) < 1_000_000
    assert list(stats) == [{"node": "y", "op": "Sum", "seconds": 0.002, "shapes": [[3]]}]
