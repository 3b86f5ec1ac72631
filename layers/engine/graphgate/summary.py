"""`gg.summary`: TF1's summary ops, so programs that log keep running unchanged.

A summary is a string tensor (numpy bytes, as TF1 returns), but not TensorFlow's protocol
buffer: one JSON object per summarized value, `{"tag": ..., "simple_value": ...}` for a
scalar, `{"tag": ..., "histo": {"min", "max", "num", "sum", "sum_squares"}}` for a
histogram, `{"tag": ..., "image": {"height", "width", "colorspace", "png"}}` for each
image (the PNG in base64), `{"tag": ..., "kind": "audio"}` for audio and text (not
rendered); `merge` joins them one per line. `FileWriter` turns them into TensorBoard event
files (`tf_events.py`): scalars, histograms (with TF's buckets) and images draw as TF's
do; audio, text and the graph are not written.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
import time
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import tf_events as _events
from . import tf_logging as logging
from .errors import error
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
        v = np.asarray(values, np.float64)
        if not np.isfinite(v).all():
            raise error("NOT_FINITE", f"Nan in summary histogram for: {tag}")
        return _encode({"tag": tag, "histo": _events.histogram(v)})

    return kernel


_IMAGE_DTYPES = (_dt.uint8, _dt.float32, _dt.float16, _dt.float64)


def _to_uint8(image: np.ndarray) -> np.ndarray:
    """TF's ImageSummary kernel on one float [h, w, c] image: scaled by 255 / max when no
    value is negative, else by 127 / max |value| around 128, in the image's dtype, and
    truncated; a pixel with a non-finite channel is the bad colour (red)."""
    pixels = image.reshape(-1, image.shape[-1])
    finite = np.isfinite(pixels).all(axis=1)
    good = pixels[finite]
    low = np.float32(good.min()) if good.size else np.float32(np.inf)
    high = np.float32(good.max()) if good.size else np.float32(-np.inf)
    t = image.dtype.type
    if low < 0:
        top = max(abs(low), abs(high))
        scale, offset = t(0.0 if top < 1e-6 else np.float32(127.0) / top), t(128.0)
    else:
        scale, offset = t(0.0 if high < 1e-6 else np.float32(255.0) / high), t(0.0)
    with np.errstate(invalid="ignore"):
        out = (pixels * scale + offset).astype(np.uint8)
    out[~finite] = np.array([255, 0, 0, 255], np.uint8)[: image.shape[-1]]
    return out.reshape(image.shape)


@register_op(
    "ImageSummary",
    arity=1,
    infer=_string_infer,
    attrs={"tag": ("str", ""), "max_images": ("int", 3)},
    unknown_rank_ok=True,
    stateful=True,
)
def _image_summary(op):
    from .ops import png_codec

    tag, most = op.attrs.get("tag", ""), op.attrs.get("max_images", 3)

    def kernel(values):
        a = np.asarray(values)
        if a.ndim != 4 or a.shape[-1] not in (1, 3, 4):
            raise error(
                "COMPUTE_ERROR",
                f"Tensor must be 4-D with last dim 1, 3, or 4, not {list(a.shape)}",
                node=op.name,
            )
        lines = []
        for i in range(min(a.shape[0], most)):
            image = a[i] if a.dtype == np.uint8 else _to_uint8(a[i])
            png = base64.b64encode(png_codec.encode(image, -1)).decode()
            h, w, c = image.shape
            value = {"height": h, "width": w, "colorspace": c, "png": png}
            name = f"{tag}/image/{i}" if most > 1 else f"{tag}/image"
            lines.append(json.dumps({"tag": name, "image": value}, sort_keys=True))
        return np.array("\n".join(lines).encode(), dtype=object)

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


not_differentiable(
    "ScalarSummary", "HistogramSummary", "ImageSummary", "OtherSummary", "MergeSummary"
)


_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w\.]")


def _clean_tag(name: str | None) -> str | None:
    """TF1's `summary_op_util.clean_tag`: characters a node name cannot hold become `_`,
    leading slashes go (the CIFAR-10 tutorial's `scalar(l.op.name + ' (raw)', l)`)."""
    if name is None:
        return None
    return _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")


def _summary(
    type_: str,
    name: str,
    tensor: Any,
    collections: Any,
    attrs: dict | None = None,
    family: str | None = None,
) -> Tensor:
    # TF1's `summary_scope`: the op is `family/name` in the current scope, and the tag is
    # that scope again under the family (`train/train/loss`).
    name, family = _clean_tag(name), _clean_tag(family)
    base = name if family is None else f"{family}/{name}"
    graph, (t,), scope = op_inputs((tensor,), None, base, ("tensor",))
    with graph.name_scope(scope if scope.endswith("/") else None, scope) as scope:
        tag = scope.rstrip("/")
        if family is not None:
            tag = f"{family}/{tag}"
        out = graph.create_op(type_, (t,), {"tag": tag, **(attrs or {})}, scope).outputs[0]
    for key in [SUMMARIES] if collections is None else collections:
        graph.add_to_collection(key, out)
    return out


def scalar(name: str, tensor: Any, collections: Any = None, family: str | None = None) -> Tensor:
    """A summary of a scalar's value, tagged `name`."""
    return _summary("ScalarSummary", name, tensor, collections, family=family)


def histogram(name: str, values: Any, collections: Any = None, family: str | None = None) -> Tensor:
    """A summary of the distribution of `values`: min, max, count, sum, sum of squares."""
    return _summary("HistogramSummary", name, values, collections, family=family)


def image(
    name: str, tensor: Any, max_outputs: int = 3, collections: Any = None, family: Any = None
) -> Tensor:
    """Up to `max_outputs` images of the batch `tensor` ([batch, height, width, 1, 3 or 4]),
    each a PNG tagged `name/image/i` (`name/image` for one), float images scaled as TF's."""
    if max_outputs < 1:
        raise ValueError(f"max_outputs must be >= 1, not {max_outputs}")
    dtype = getattr(tensor, "dtype", None)
    if dtype is not None and _dt.as_dtype(dtype).base_dtype not in _IMAGE_DTYPES:
        raise error(
            "DTYPE_MISMATCH",
            f"Value passed to parameter 'tensor' has DataType {_dt.as_dtype(dtype).name} not "
            "in list of allowed values: uint8, float32, float16, float64",
        )
    attrs = {"max_images": int(max_outputs)}
    return _summary("ImageSummary", name, tensor, collections, attrs, family)


def audio(
    name: str,
    tensor: Any,
    sample_rate: Any,
    max_outputs: int = 3,
    collections: Any = None,
    family: Any = None,
) -> Tensor:
    """Accepted; the summary records the tag only."""
    return _summary("OtherSummary", name, tensor, collections, {"kind": "audio"}, family)


def text(name: str, tensor: Any, collections: Any = None) -> Tensor:
    """Accepted; the summary records the tag only."""
    return _summary("OtherSummary", name, tensor, collections, {"kind": "text"})


def tensor_summary(
    name: str,
    tensor: Any,
    summary_description: Any = None,
    collections: Any = None,
    summary_metadata: Any = None,
    family: str | None = None,
    display_name: str | None = None,
) -> Tensor:
    """Accepted, as `text`: the summary records the tag only (TF's holds the tensor)."""
    return _summary("OtherSummary", name, tensor, collections, {"kind": "tensor"}, family)


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


def all_v2_summary_ops() -> list:
    """The graph's TF 2 summary ops (TF's `_SUMMARY_V2` collection): graphgate writes TF1's
    summaries only, so a program's TF 2 ones are none; the list is that collection's."""
    return get_default_graph().get_collection("_SUMMARY_V2")


class FileWriter:
    """TF1's event writer: `logdir/events.out.tfevents.<time>.<host>`, which TensorBoard
    reads: summaries (scalars, histograms, images), the graph (TF's GraphDef; with `graph`
    at construction its MetaGraphDef too, as TF's writer), meta graphs and session logs.
    Run metadata is accepted and not written."""

    def __init__(
        self,
        logdir: str,
        graph: Graph | None = None,
        max_queue: int = 10,
        flush_secs: int = 120,
        graph_def: Any = None,
        filename_suffix: str | None = None,
        session: Any = None,
    ):
        self.logdir = str(logdir)
        # TF's writer makes its directory at once (its files appear with the first event).
        os.makedirs(self.logdir, exist_ok=True)
        self._suffix = filename_suffix or ""
        self._events = _events.EventFile(self.logdir, self._suffix)
        self._closed = False
        if isinstance(graph, Graph):
            self.add_graph(graph)
            meta = tf_graph_bytes(graph, meta=True)
            if meta is not None:
                self._write(_events.event(time.time(), 0, meta_graph_def=meta))

    def get_logdir(self) -> str:
        return self.logdir

    def add_summary(self, summary: Any, global_step: Any = None) -> None:
        """`summary`: what a summary op returned (bytes), or a `gg.Summary`."""
        values = [v for v in map(_events.summary_value, _records(summary)) if v is not None]
        self._write(_events.event(time.time(), _step(global_step), summary=values))

    def add_graph(self, graph: Graph | None = None, global_step: Any = None, **_: Any) -> None:
        """The graph as TF's GraphDef; nothing for a graph TF cannot hold (a log must not
        stop a training: `write_graph` names what cannot be written)."""
        data = tf_graph_bytes(graph, meta=False) if isinstance(graph, Graph) else None
        if data is not None:
            self._write(_events.event(time.time(), _step(global_step), graph_def=data))

    def add_meta_graph(self, meta_graph_def: Any, global_step: Any = None) -> None:
        """A MetaGraphDef: its protobuf bytes, or an object with `SerializeToString`."""
        if hasattr(meta_graph_def, "SerializeToString"):
            meta_graph_def = meta_graph_def.SerializeToString()
        if not isinstance(meta_graph_def, bytes):
            raise error("INVALID_ATTR", "add_meta_graph takes a MetaGraphDef or its bytes")
        event = _events.event(time.time(), _step(global_step), meta_graph_def=meta_graph_def)
        self._write(event)

    def add_session_log(self, session_log: Any, global_step: Any = None) -> None:
        """A `SessionLog` (START, STOP, CHECKPOINT with its checkpoint path)."""
        if not isinstance(session_log, SessionLog):
            raise error("INVALID_ATTR", "add_session_log takes a tf.SessionLog")
        log = (int(session_log.status), session_log.checkpoint_path, session_log.msg)
        self._write(_events.event(time.time(), _step(global_step), session_log=log))

    def add_event(self, event: Any) -> None:
        pass

    def add_run_metadata(self, run_metadata: Any, tag: str, global_step: Any = None) -> None:
        pass

    def _write(self, data: bytes) -> None:
        # TF's closed writer drops events (with a warning) until `reopen`.
        if self._closed:
            logging.warning("Attempting to use a closed FileWriter. Call reopen() first.")
            return
        self._events.write(data)

    def flush(self) -> None:
        self._events.flush()

    def close(self) -> None:
        self._events.close()
        self._closed = True

    def reopen(self) -> None:
        """After `close`, write to a new event file, as TF's writer."""
        if self._closed:
            self._events = _events.EventFile(self.logdir, self._suffix)
            self._closed = False

    def __enter__(self) -> FileWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _step(global_step: Any) -> int:
    return 0 if global_step is None else int(global_step)


def tf_graph_bytes(graph: Graph, meta: bool) -> bytes | None:
    """TF's GraphDef (or MetaGraphDef) bytes of `graph`; None when TF cannot hold it."""
    from . import tf_export, tf_proto
    from .errors import GraphgateError

    try:
        if meta:
            return tf_proto.encode(tf_export.meta_graph_def(graph, None), tf_proto.META_GRAPH)
        return tf_export.graph_def_bytes(graph)
    except GraphgateError as exc:
        if exc.code != "TF_EXPORT_UNSUPPORTED":
            raise
        return None


class SessionLog:
    """TF's `SessionLog` event payload: `status` (START, STOP, CHECKPOINT),
    `checkpoint_path`, `msg`."""

    STATUS_UNSPECIFIED, START, STOP, CHECKPOINT = 0, 1, 2, 3

    def __init__(self, status: int = 0, checkpoint_path: str = "", msg: str = ""):
        self.status, self.checkpoint_path, self.msg = int(status), str(checkpoint_path), str(msg)


def _records(summary: Any) -> list[dict[str, Any]]:
    if isinstance(summary, Summary):
        return [v.record() for v in summary.value]
    if isinstance(summary, np.ndarray):
        summary = summary[()]
    if isinstance(summary, str):
        summary = summary.encode()
    if not isinstance(summary, bytes):
        raise error("INVALID_ATTR", "add_summary takes a summary op's value or a gg.Summary")
    try:
        records = [json.loads(line) for line in summary.splitlines() if line.strip()]
    except ValueError:
        records = None
    if records is None or not all(isinstance(r, dict) for r in records):
        raise error(
            "INVALID_ATTR", "not a graphgate summary (TensorFlow's protocol buffers are not read)"
        )
    return records


class _Histogram(dict):
    """A histogram read back as TF's `HistogramProto` is (`h.sum`, `h.bucket_limit`), where
    programs read it; still the record's dict for what writes it."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"HistogramProto has no field {name!r}") from None


class Summary:
    """TF1's hand-built summary, `tf.Summary(value=[tf.Summary.Value(tag="loss",
    simple_value=0.5)])`, for `FileWriter.add_summary`; `ParseFromString` reads what a
    summary op returned (graphgate's records, not TF's protocol buffer) into one, as
    programs read their merged summaries' scalars (`v.simple_value`, `v.HasField`)."""

    class Value:
        def __init__(
            self,
            tag: str = "",
            simple_value: float | None = None,
            histo: Any = None,
            image: Any = None,
        ):
            if isinstance(histo, dict):
                histo = _Histogram(histo)
            self.tag, self.simple_value, self.histo, self.image = tag, simple_value, histo, image

        def HasField(self, field: str) -> bool:
            if field == "tag":  # a proto3 string: TF's protobuf keeps no presence for it
                raise ValueError("Field tensorflow.Summary.Value.tag does not have presence.")
            if field not in ("simple_value", "histo", "image"):
                raise ValueError(f'Protocol message Value has no "{field}" field.')
            return getattr(self, field) is not None

        def WhichOneof(self, oneof: str) -> str | None:
            """The field of the `value` oneof that is set (retrain.py's summaries are read
            by it), None when none is."""
            if oneof != "value":
                raise ValueError(f'Protocol message has no oneof "{oneof}" field.')
            fields = ("simple_value", "histo", "image")
            return next((f for f in fields if getattr(self, f) is not None), None)

        def record(self) -> dict[str, Any]:
            if self.simple_value is not None:
                return {"tag": self.tag, "simple_value": float(self.simple_value)}
            if self.histo is not None:
                return {"tag": self.tag, "histo": dict(self.histo)}
            if self.image is not None:
                return {"tag": self.tag, "image": self.image}
            return {"tag": self.tag}

    def __init__(self, value: list | None = None):
        self.value = list(value or [])

    def SerializeToString(self) -> bytes:
        return b"\n".join(json.dumps(v.record(), sort_keys=True).encode() for v in self.value)

    def ParseFromString(self, data: Any) -> int:
        """Replace the values with those of a summary op's value (or `SerializeToString`'s)."""
        self.value = []
        return self.MergeFromString(data)

    def MergeFromString(self, data: Any) -> int:
        fields = ("simple_value", "histo", "image")
        for r in _records(data):
            kept = {k: r[k] for k in fields if k in r}
            self.value.append(Summary.Value(tag=str(r.get("tag", "")), **kept))
        return len(data) if isinstance(data, bytes | str) else 0

    @classmethod
    def FromString(cls, data: Any) -> Summary:
        summary = cls()
        summary.ParseFromString(data)
        return summary


class FileWriterCache:
    """TF1's cache of writers by log directory: one writer (one event file) per directory,
    shared by the hooks that write there (a second writer would open a second file,
    often of the same name within the same second)."""

    @staticmethod
    def get(logdir: str) -> FileWriter:
        with _WRITERS_LOCK:
            writer = _WRITERS.get(str(logdir))
            if writer is None:
                # TF's cached writer is made with the default graph, so it writes it.
                writer = _WRITERS[str(logdir)] = FileWriter(logdir, get_default_graph())
            return writer

    @staticmethod
    def clear() -> None:
        with _WRITERS_LOCK:
            writers = list(_WRITERS.values())
            _WRITERS.clear()
        for writer in writers:
            writer.close()


_WRITERS: dict[str, FileWriter] = {}
_WRITERS_LOCK = threading.Lock()


__all__ = [
    "FileWriter",
    "FileWriterCache",
    "SessionLog",
    "Summary",
    "all_v2_summary_ops",
    "audio",
    "histogram",
    "image",
    "merge",
    "merge_all",
    "scalar",
    "tensor_summary",
    "text",
]
