"""Chrome traces of a run, as TensorFlow's `tensorflow.python.client.timeline`:

    md = gg.RunMetadata()
    sess.run(y, options=gg.RunOptions(trace_level=gg.RunOptions.FULL_TRACE), run_metadata=md)
    trace = Timeline(md.step_stats).generate_chrome_trace_format()
    open("timeline.json", "w").write(trace)   # load in chrome://tracing or Perfetto

Needs no HTTP client; `graphgate.client.timeline` is the same module under TF's path.
"""

from __future__ import annotations

import json
import re
from typing import Any

_LABEL = re.compile(r"^\s*([^=\s]+)\s*=\s*([\w.>-]+)\((.*)\)\s*$")


def _parse_label(label: str) -> tuple[str, list[str]]:
    """`name = Op(a, b)` -> ("Op", ["a", "b"]), TF's timeline label."""
    m = _LABEL.match(label or "")
    if m is None:
        return "unknown", []
    inputs = [i.strip() for i in m.group(3).split(",") if i.strip()]
    return m.group(2), inputs


class Timeline:
    """The nodes of a run's step stats as Chrome trace events, one process per device."""

    def __init__(self, step_stats: Any, graph: Any = None):
        self._step_stats = step_stats
        self._graph = graph

    def generate_chrome_trace_format(
        self, show_dataflow: bool = True, show_memory: bool = False
    ) -> str:
        """The trace as Chrome Trace Event JSON (`{"traceEvents": [...]}`); `show_dataflow`
        adds an arrow from each producer to each consumer. Memory is not tracked, so
        `show_memory` adds nothing."""
        events: list[dict[str, Any]] = [_process(0, "Allocators")]
        ends: dict[str, tuple[int, int]] = {}
        flows: list[dict[str, Any]] = []
        for pid, dev in enumerate(self._step_stats.dev_stats, start=1):
            events.append(_process(pid, f"{dev.device} Compute"))
            for node in dev.node_stats:
                op = getattr(node, "op", "") or _parse_label(node.timeline_label)[0]
                inputs = _parse_label(node.timeline_label)[1]
                start = int(node.all_start_micros)
                args = {"name": node.node_name, "op": op}
                args.update({f"input{i}": name for i, name in enumerate(inputs)})
                events.append(
                    {
                        "ph": "X",
                        "cat": "Op",
                        "name": op,
                        "pid": pid,
                        "tid": 0,
                        "ts": start,
                        "dur": int(node.all_end_rel_micros),
                        "args": args,
                    }
                )
                if show_dataflow:
                    for name in inputs:
                        source = ends.get(name.split(":")[0])
                        if source is not None:
                            flows.extend(_flow(len(flows) // 2, source, (pid, start)))
                ends[node.node_name] = (pid, start + int(node.all_end_rel_micros))
        return json.dumps({"traceEvents": events + flows}, separators=(",", ":"))


def _process(pid: int, name: str) -> dict[str, Any]:
    return {"name": "process_name", "ph": "M", "pid": pid, "args": {"name": name}}


def _flow(flow_id: int, source: tuple[int, int], target: tuple[int, int]) -> list[dict]:
    common = {"cat": "DataFlow", "name": "dataflow", "id": flow_id, "tid": 0}
    return [
        {**common, "ph": "s", "pid": source[0], "ts": source[1]},
        {**common, "ph": "t", "pid": target[0], "ts": target[1], "bp": "e"},
    ]
