"""TensorBoard event files, written without TensorFlow or protobuf.

An event file is a sequence of TFRecords (length, masked CRC-32C of the length, data,
masked CRC-32C of the data), each holding one `tensorflow.Event` protocol buffer. The
few messages written here are encoded by hand — the subset TensorBoard reads for
scalars, histograms and images:

    Event          { double wall_time = 1; int64 step = 2; string file_version = 3;
                     bytes graph_def = 4; Summary summary = 5;
                     SessionLog session_log = 7; bytes meta_graph_def = 9; }
    SessionLog     { SessionStatus status = 1; string checkpoint_path = 2; string msg = 3; }
    Summary        { repeated Value value = 1; }
    Summary.Value  { string tag = 1; float simple_value = 2; Image image = 4;
                     HistogramProto histo = 5; }
    Image          { int32 height = 1, width = 2, colorspace = 3;
                     bytes encoded_image_string = 4; }
    HistogramProto { double min = 1, max = 2, num = 3, sum = 4, sum_squares = 5;
                     repeated double bucket_limit = 6 [packed];
                     repeated double bucket = 7 [packed]; }

Histograms use TensorFlow's default buckets (limits growing by 10 % from 1e-12 to 1e20,
mirrored for negatives, around 0) and its encoding that collapses runs of empty buckets,
so TensorBoard draws them as it draws TF's.
"""

from __future__ import annotations

import base64
import os
import struct
import sys
import time
from functools import cache
from typing import Any

import numpy as np

from . import protowire
from .crc32c import crc32c, crc32c_many

# -- CRC-32C (Castagnoli), as TFRecord frames use --------------------------------------------


def _masked(data: bytes) -> int:
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def masked_many(chunks: list[bytes]) -> list[int]:
    """`_masked` of each of many chunks (a TFRecord file's headers or records) at once."""
    return [(((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF for crc in crc32c_many(chunks)]


def record(data: bytes) -> bytes:
    """One TFRecord frame around `data`."""
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", _masked(length)) + data + struct.pack("<I", _masked(data))


# -- protocol buffer wire format (the handful of field kinds used) -----------------------------


def _varint(n: int) -> bytes:
    out = bytearray()
    protowire.write_varint(n, out)
    return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return _varint(field << 3 | wire)


def _bytes(field: int, data: bytes) -> bytes:
    return _key(field, 2) + _varint(len(data)) + data


def _double(field: int, value: float) -> bytes:
    return _key(field, 1) + struct.pack("<d", value)


def _float(field: int, value: float) -> bytes:
    return _key(field, 5) + struct.pack("<f", value)


def _packed_doubles(field: int, values: list[float]) -> bytes:
    return _bytes(field, struct.pack(f"<{len(values)}d", *values))


# -- histograms as TensorFlow buckets them -----------------------------------------------------


@cache
def default_bucket_limits() -> tuple[float, ...]:
    positive = []
    v = 1.0e-12
    while v < 1.0e20:
        positive.append(v)
        v *= 1.1
    positive.append(sys.float_info.max)
    return (*(-x for x in reversed(positive)), 0.0, *positive)


@cache
def _limits_array() -> np.ndarray:
    return np.array(default_bucket_limits())


def histogram(values: Any) -> dict[str, Any]:
    """min, max, num, sum, sum_squares and the non-empty buckets of `values`, as
    TensorFlow's `Histogram::EncodeToProto` writes them (runs of empty buckets collapse
    into the last one's limit)."""
    v = np.asarray(values, np.float64).ravel()
    limits = default_bucket_limits()
    # A value's bucket is the first limit above it (TF's upper_bound).
    index = np.searchsorted(_limits_array(), v, side="right")
    counts = np.bincount(index, minlength=len(limits))[: len(limits)]
    bucket_limit, bucket = [], []
    i = 0
    while i < len(limits):
        end, count = limits[i], float(counts[i])
        i += 1
        if count <= 0.0:
            while i < len(limits) and counts[i] <= 0:
                end, count = limits[i], float(counts[i])
                i += 1
        bucket_limit.append(end)
        bucket.append(count)
    return {
        "min": float(v.min()) if v.size else sys.float_info.max,
        "max": float(v.max()) if v.size else -sys.float_info.max,
        "num": float(v.size),
        # one value after another, as TF's Histogram::Add accumulates them: a pairwise or
        # BLAS sum differs from TF's in the last bits over a thousand values
        "sum": float(np.cumsum(v)[-1]) if v.size else 0.0,
        "sum_squares": float(np.cumsum(v * v)[-1]) if v.size else 0.0,
        "bucket_limit": bucket_limit,
        "bucket": bucket,
    }


def _histo(h: dict[str, Any]) -> bytes:
    out = b"".join(
        _double(i, float(h[k]))
        for i, k in enumerate(("min", "max", "num", "sum", "sum_squares"), start=1)
    )
    if h.get("bucket_limit"):
        out += _packed_doubles(6, list(h["bucket_limit"]))
        out += _packed_doubles(7, list(h["bucket"]))
    return out


def _image(image: dict[str, Any]) -> bytes:
    out = b"".join(
        _key(i, 0) + _varint(int(image[k]))
        for i, k in enumerate(("height", "width", "colorspace"), start=1)
    )
    return out + _bytes(4, base64.b64decode(image["png"]))


def summary_value(value: dict[str, Any]) -> bytes | None:
    """One `Summary.Value` from a graphgate summary record; None for the kinds TensorBoard
    could not draw from what graphgate records (audio, text: tag only)."""
    tag = _bytes(1, str(value.get("tag", "")).encode())
    if "simple_value" in value:
        return tag + _float(2, float(value["simple_value"]))
    if "histo" in value:
        return tag + _bytes(5, _histo(value["histo"]))
    if "image" in value:
        return tag + _bytes(4, _image(value["image"]))
    return None


def event(
    wall_time: float,
    step: int,
    *,
    summary: list[bytes] | None = None,
    file_version: str | None = None,
    graph_def: bytes | None = None,
    session_log: tuple[int, str, str] | None = None,
    meta_graph_def: bytes | None = None,
) -> bytes:
    """One Event holding one of its fields (`session_log` as status, checkpoint path,
    message)."""
    out = _double(1, wall_time) + _key(2, 0) + _varint(int(step))
    if file_version is not None:
        out += _bytes(3, file_version.encode())
    if graph_def is not None:
        out += _bytes(4, graph_def)
    if summary is not None:
        out += _bytes(5, b"".join(_bytes(1, v) for v in summary))
    if session_log is not None:
        status, path, msg = session_log
        log = _key(1, 0) + _varint(status) if status else b""
        log += _bytes(2, path.encode()) if path else b""
        log += _bytes(3, msg.encode()) if msg else b""
        out += _bytes(7, log)
    if meta_graph_def is not None:
        out += _bytes(9, meta_graph_def)
    return out


def summary_iterator(path: str):
    """TF's `tf.train.summary_iterator`: the events of an event file (TF's or graphgate's),
    each read as protobuf's `Event` is (`step`, `wall_time`, `summary.value[i].tag`,
    `simple_value`, `histo`, `HasField`...)."""
    from . import tf_proto
    from .errors import error
    from .tf_python_io import tf_record_iterator

    def corrupt() -> Exception:
        return error("INVALID_PROTO", f"{path}: a record that is no tensorflow.Event")

    for record in tf_record_iterator(path):
        yield tf_proto.MessageView(tf_proto.decode(record, tf_proto.EVENT, corrupt), tf_proto.EVENT)


class EventFile:
    """`events.out.tfevents.<time>.<host>` in `logdir`, opened on first write as TF's
    writer does, starting with the `brain.Event:2` version record."""

    def __init__(self, logdir: str, filename_suffix: str = ""):
        self.logdir = logdir
        self.suffix = filename_suffix
        self.path: str | None = None
        self._file: Any = None

    def write(self, data: bytes) -> None:
        if self._file is None:
            import socket  # only a writer needs the host name; `import graphgate` stays lean

            os.makedirs(self.logdir, exist_ok=True)
            now = time.time()
            name = f"events.out.tfevents.{int(now):010d}.{socket.gethostname()}{self.suffix}"
            self.path = os.path.join(self.logdir, name)
            self._file = open(self.path, "ab")  # noqa: SIM115 - held open across writes
            self._file.write(record(event(now, 0, file_version="brain.Event:2")))
        self._file.write(record(data))

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
