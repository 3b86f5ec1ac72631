"""`gg.summary`: TF1's summary ops, so programs that log keep running unchanged.

A summary is a string tensor (numpy bytes, as TF1 returns), but not TensorFlow's protocol
buffer: one JSON object per summarized value, `{"tag": ..., "simple_value": ...}` for a
scalar, `{"tag": ..., "histo": {"min", "max", "num", "sum", "sum_squares"}}` for a
histogram, `{"tag": ..., "kind": "image"}` for images, audio and text (not rendered);
`merge` joins them one per line. `FileWriter` accepts everything and writes nothing.
Summaries are strings, so they run in local sessions only (strings have no wire dtype).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from . import dtypes as _dt
from .graph import Graph, Tensor, get_default_graph, op_inputs
from .ops.registry import not_differentiable, register_op

SUMMARIES = "summaries"


def _string_infer(shapes, types, attrs):
    return [((), _dt.string)]


def _encode(record: dict[str, Any]) -> np.ndarray:
    return np.array(json.dumps(record, sort_keys=True).encode(), dtype=object)


@register_op(
    "ScalarSummary",
    arity=1,
    infer=_string_infer,
    attrs={"tag": ("str", "")},
    unknown_rank_ok=True,
    stateful=True,
)
def _scalar_summary(op):
    tag = op.attrs.get("tag", "")
    return lambda value: _encode({"tag": tag, "simple_value": float(np.asarray(value))})


@register_op(
    "HistogramSummary",
    arity=1,
    infer=_string_infer,
    attrs={"tag": ("str", "")},
    unknown_rank_ok=True,
    stateful=True,
)
def _histogram_summary(op):
    tag = op.attrs.get("tag", "")

    def kernel(values):
        v = np.asarray(values, np.float64).ravel()
        histo = {
            "min": float(v.min()) if v.size else 0.0,
            "max": float(v.max()) if v.size else 0.0,
            "num": int(v.size),
            "sum": float(v.sum()),
            "sum_squares": float(np.dot(v, v)),
        }
        return _encode({"tag": tag, "histo": histo})

    return kernel


@register_op(
    "OtherSummary",
    arity=1,
    infer=_string_infer,
    attrs={"tag": ("str", ""), "kind": ("str", "image")},
    unknown_rank_ok=True,
    stateful=True,
)
def _other_summary(op):
    record = {"tag": op.attrs.get("tag", ""), "kind": op.attrs.get("kind", "image")}
    return lambda values: _encode(record)


def _merge_infer(shapes, types, attrs):
    return [((), _dt.string)]


# Stateful: string results are object arrays, which constant folding must never key on.
@register_op(
    "MergeSummary", arity=(1, 1 << 30), infer=_merge_infer, unknown_rank_ok=True, stateful=True
)
def _merge_summary(op):
    return lambda *parts: np.array(b"\n".join(bytes(np.asarray(p)[()]) for p in parts), object)


not_differentiable("ScalarSummary", "HistogramSummary", "OtherSummary", "MergeSummary")


def _summary(
    type_: str, name: str, tensor: Any, collections: Any, attrs: dict | None = None
) -> Tensor:
    graph, (t,), scope = op_inputs((tensor,), None, name, ("tensor",))
    with graph.name_scope(scope if scope.endswith("/") else None, scope) as scope:
        tag = scope.rstrip("/")
        out = graph.create_op(type_, (t,), {"tag": tag, **(attrs or {})}, scope).outputs[0]
    for key in [SUMMARIES] if collections is None else collections:
        graph.add_to_collection(key, out)
    return out


def scalar(name: str, tensor: Any, collections: Any = None, family: str | None = None) -> Tensor:
    """A summary of a scalar's value, tagged `name`."""
    return _summary("ScalarSummary", name, tensor, collections)


def histogram(name: str, values: Any, collections: Any = None, family: str | None = None) -> Tensor:
    """A summary of the distribution of `values`: min, max, count, sum, sum of squares."""
    return _summary("HistogramSummary", name, values, collections)


def image(
    name: str, tensor: Any, max_outputs: int = 3, collections: Any = None, family: Any = None
) -> Tensor:
    """Accepted; the summary records the tag only."""
    return _summary("OtherSummary", name, tensor, collections, {"kind": "image"})


def audio(
    name: str,
    tensor: Any,
    sample_rate: Any,
    max_outputs: int = 3,
    collections: Any = None,
    family: Any = None,
) -> Tensor:
    """Accepted; the summary records the tag only."""
    return _summary("OtherSummary", name, tensor, collections, {"kind": "audio"})


def text(name: str, tensor: Any, collections: Any = None) -> Tensor:
    """Accepted; the summary records the tag only."""
    return _summary("OtherSummary", name, tensor, collections, {"kind": "text"})


def merge(inputs: list, collections: Any = None, name: str | None = None) -> Tensor:
    """One string joining the summaries `inputs`."""
    graph = inputs[0].op.graph if inputs else get_default_graph()
    out = graph.create_op("MergeSummary", tuple(inputs), None, name or "Merge/MergeSummary")
    for key in collections or ():
        graph.add_to_collection(key, out.outputs[0])
    return out.outputs[0]


def merge_all(key: str = SUMMARIES, scope: str | None = None, name: str | None = None):
    """All summaries of collection `key` merged, or None when there are none (as TF1)."""
    found = get_default_graph().get_collection(key, scope)
    return merge(found, name=name) if found else None


class FileWriter:
    """TF1's event writer, accepted as a no-op: graphgate keeps no event files."""

    def __init__(self, logdir: str, graph: Graph | None = None, *args: Any, **kwargs: Any):
        self.logdir = logdir

    def get_logdir(self) -> str:
        return self.logdir

    def add_summary(self, summary: Any, global_step: Any = None) -> None:
        pass

    def add_graph(self, graph: Graph | None = None, global_step: Any = None, **_: Any) -> None:
        pass

    def add_session_log(self, session_log: Any, global_step: Any = None) -> None:
        pass

    def add_event(self, event: Any) -> None:
        pass

    def add_run_metadata(self, run_metadata: Any, tag: str, global_step: Any = None) -> None:
        pass

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def reopen(self) -> None:
        pass

    def __enter__(self) -> FileWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class FileWriterCache:
    """TF1's cache of writers by log directory (writers hold nothing, so none is kept)."""

    @staticmethod
    def get(logdir: str) -> FileWriter:
        return FileWriter(logdir)

    @staticmethod
    def clear() -> None:
        pass


__all__ = [
    "FileWriter",
    "FileWriterCache",
    "audio",
    "histogram",
    "image",
    "merge",
    "merge_all",
    "scalar",
    "text",
]
