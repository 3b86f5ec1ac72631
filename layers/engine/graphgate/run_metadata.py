"""`RunOptions` and `RunMetadata` as TensorFlow 1.x spells them, with its step stats:
`md.step_stats.dev_stats[0].node_stats[i]` has `node_name`, `all_start_micros`,
`op_start_rel_micros`, `op_end_rel_micros`, `all_end_rel_micros`, `timeline_label` and
`output[j].tensor_description` (`dtype`, `shape.dim[k].size`).

Step stats travel as plain data (`StepStats.to_dict` / `from_dict`), so a remote run's
stats fill the caller's `RunMetadata` just as a local run's do.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from . import dtypes as _dt

LOCAL_DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"


class RunOptions:
    """TensorFlow's run options: `trace_level` and `timeout_in_ms` (0: none); the rest of
    TF's fields are accepted and have no effect."""

    NO_TRACE = 0
    SOFTWARE_TRACE = 1
    HARDWARE_TRACE = 2
    FULL_TRACE = 3

    def __init__(self, timeout_in_ms: int = 0, trace_level: int = 0, **_ignored: Any):
        self.timeout_in_ms = timeout_in_ms
        self.trace_level = trace_level

    @property
    def timeout(self) -> float | None:
        """The timeout in seconds, or None."""
        return self.timeout_in_ms / 1000 if self.timeout_in_ms else None


class Dim:
    __slots__ = ("size",)

    def __init__(self, size: int):
        self.size = size

    def __repr__(self) -> str:
        return f"dim {{ size: {self.size} }}"


class TensorShapeProto:
    """TensorFlow's `TensorShapeProto`: `dim` (each with `size`, -1 when unknown) and
    `unknown_rank`; step stats' and signatures' (`TensorInfo.tensor_shape`) shapes."""

    __slots__ = ("dim", "unknown_rank")

    def __init__(self, dims: list[int] | None):
        self.unknown_rank = dims is None
        self.dim = [Dim(d) for d in dims or ()]

    def as_list(self) -> list[int] | None:
        return None if self.unknown_rank else [d.size for d in self.dim]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TensorShapeProto) and other.as_list() == self.as_list()

    __hash__ = None  # mutable, as TF's messages

    def __repr__(self) -> str:
        return "unknown_rank: true" if self.unknown_rank else " ".join(map(repr, self.dim))


class TensorDescription:
    __slots__ = ("dtype", "shape")

    def __init__(self, dtype: str, dims: list[int]):
        self.dtype = dtype
        self.shape = TensorShapeProto(dims)


class NodeOutput:
    __slots__ = ("slot", "tensor_description")

    def __init__(self, slot: int, dtype: str, dims: list[int]):
        self.slot = slot
        self.tensor_description = TensorDescription(dtype, dims)


class NodeExecStats:
    """One executed node: when it started (µs since the epoch), when its kernel ended
    (µs after the start), and each output's dtype and shape. `op` is graphgate's own."""

    __slots__ = (
        "all_end_rel_micros",
        "all_start_micros",
        "node_name",
        "op",
        "op_end_rel_micros",
        "op_start_rel_micros",
        "output",
        "seconds",
        "timeline_label",
    )

    def __init__(
        self,
        node_name: str,
        op: str,
        all_start_micros: int,
        seconds: float,
        outputs: list[tuple[str, list[int]]],
        timeline_label: str = "",
    ):
        self.node_name = node_name
        self.op = op
        self.all_start_micros = all_start_micros
        self.seconds = seconds
        self.op_start_rel_micros = 0
        self.op_end_rel_micros = max(0, round(seconds * 1e6))
        self.all_end_rel_micros = self.op_end_rel_micros
        self.output = [NodeOutput(i, d, s) for i, (d, s) in enumerate(outputs)]
        self.timeline_label = timeline_label or f"{node_name} = {op}()"

    def to_dict(self) -> dict[str, Any]:
        return {
            "node_name": self.node_name,
            "op": self.op,
            "all_start_micros": self.all_start_micros,
            "op_end_rel_micros": self.op_end_rel_micros,
            "seconds": self.seconds,
            "timeline_label": self.timeline_label,
            "outputs": [
                {
                    "dtype": o.tensor_description.dtype,
                    "shape": [d.size for d in o.tensor_description.shape.dim],
                }
                for o in self.output
            ],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> NodeExecStats:
        outputs = [(o.get("dtype", ""), list(o.get("shape", []))) for o in d.get("outputs", [])]
        seconds = d.get("seconds")
        if seconds is None:
            seconds = d.get("op_end_rel_micros", 0) / 1e6
        return cls(
            d["node_name"],
            d.get("op", ""),
            int(d.get("all_start_micros", 0)),
            float(seconds),
            outputs,
            d.get("timeline_label", ""),
        )


class DeviceStepStats:
    __slots__ = ("device", "node_stats")

    def __init__(self, device: str, node_stats: list[NodeExecStats] | None = None):
        self.device = device
        self.node_stats = node_stats if node_stats is not None else []


class StepStats:
    """TF's `StepStats`: `dev_stats`, one `DeviceStepStats` per device (graphgate has one).

    Iterating it, indexing it and `len()` still give graphgate's earlier form, one dict per
    node with `node`, `op`, `seconds` and `shapes`.
    """

    def __init__(self, dev_stats: list[DeviceStepStats] | None = None):
        self.dev_stats = dev_stats if dev_stats is not None else []
        self._wall_us = 0
        self._perf = 0.0

    def begin(self, device: str = LOCAL_DEVICE) -> StepStats:
        """Start recording a run on `device`, anchoring the clock to the wall time."""
        self._wall_us = time.time_ns() // 1000
        self._perf = time.perf_counter()
        self.dev_stats = [DeviceStepStats(device)]
        return self

    def record(self, op: Any, start: float, end: float, results: list[Any]) -> None:
        """A node ran from `start` to `end` (perf_counter seconds) and made `results`."""
        outputs = [(_dtype_name(v), list(np.shape(v))) for v in results]
        inputs = ", ".join(t.op.name if t.value_index == 0 else t.name for t in op.inputs)
        self.dev_stats[0].node_stats.append(
            NodeExecStats(
                op.name,
                op.type,
                self._wall_us + round((start - self._perf) * 1e6),
                end - start,
                outputs,
                f"{op.name} = {op.type}({inputs})",
            )
        )

    def append(self, entry: dict[str, Any]) -> None:
        """Record a node given in the earlier form (`node`, `op`, `seconds`, `shapes`), as
        executors that append dicts do; it ended now. Prefer `record`, which keeps dtypes
        and inputs."""
        if not self.dev_stats:
            self.begin()
        seconds = float(entry.get("seconds", 0.0))
        end_us = self._wall_us + round((time.perf_counter() - self._perf) * 1e6)
        outputs = [("", list(shape)) for shape in entry.get("shapes", [])]
        node = NodeExecStats(
            entry["node"], entry.get("op", ""), end_us - round(seconds * 1e6), seconds, outputs
        )
        self.dev_stats[0].node_stats.append(node)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dev_stats": [
                {"device": d.device, "node_stats": [n.to_dict() for n in d.node_stats]}
                for d in self.dev_stats
            ]
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StepStats:
        return cls(
            [
                DeviceStepStats(
                    dev.get("device", ""),
                    [NodeExecStats.from_dict(n) for n in dev.get("node_stats", [])],
                )
                for dev in d.get("dev_stats", [])
            ]
        )

    # -- graphgate's earlier list-of-dicts form -------------------------------------------
    def _legacy(self) -> list[dict[str, Any]]:
        return [
            {
                "node": n.node_name,
                "op": n.op,
                "seconds": n.seconds,
                "shapes": [[d.size for d in o.tensor_description.shape.dim] for o in n.output],
            }
            for dev in self.dev_stats
            for n in dev.node_stats
        ]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._legacy())

    def __len__(self) -> int:
        return sum(len(d.node_stats) for d in self.dev_stats)

    def __getitem__(self, index: Any) -> Any:
        return self._legacy()[index]


def _dtype_name(value: Any) -> str:
    dtype = getattr(value, "dtype", None)
    return _dt.TO_OIP.get(dtype, str(dtype)) if dtype is not None else ""


class RunMetadata:
    """Filled by `Session.run(..., run_metadata=md)`: `md.step_stats` describes the run
    (every run replaces it, as in TF)."""

    def __init__(self):
        self.step_stats = StepStats()
        # TF's other fields, empty: graphgate has no partitions or cost model.
        self.partition_graphs: list = []
        self.function_graphs: list = []
        self.cost_graph = None

    def begin_trace(self, device: str = LOCAL_DEVICE) -> StepStats:
        self.step_stats = StepStats().begin(device)
        return self.step_stats
