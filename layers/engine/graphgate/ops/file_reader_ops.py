"""The ops that read records out of files a graph holds (`build_files.py` read them when
the graph was built): `FileRecordDataset` (TF's TFRecordDataset, TextLineDataset and
FixedLengthRecordDataset), `ReadBuiltFile` (TF's ReadFile) and TF1's queue readers
(`TFRecordReaderV2`, ... and the `Reader*V2` ops that use them).

Each op takes the graph's table of files (names and bytes, two string constants) beside
the file names it reads, which may be computed when the graph runs. Records come out as
TF's kernels produce them: TFRecord framing with masked CRC-32C checks (a corrupt or
truncated record fails the run that reaches it, DataLossError, after the records before
it), lines split at `\\n` (TF's dataset drops every `\\r`, its reader one ending a line), a
last line without `\\n` kept,
fixed-length records between a header and a footer; GZIP and ZLIB files are inflated when
the run opens them. A reader's position is session state, as a queue's contents are.
"""

from __future__ import annotations

import os
import struct
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..build_files import decompress, lookup
from ..errors import error
from ..tf_events import _masked, masked_many
from .dataset_ops import (
    _CLOCK_EVERY,
    MAX_CYCLE_LENGTH,
    DatasetValue,
    ElementIterator,
    resource,
    variant,
)
from .queue_ops import _queue, fill
from .registry import InferenceError, not_differentiable, register_op

_MANY = 1 << 30


# -- records of one file's bytes ---------------------------------------------------------------


# Records framed, then checked together (numpy CRCs), per batch: the records before a bad
# one still come out first, as TF's reader gives them one at a time.
_CHECK_BATCH = 4096


def tfrecords(data: bytes, name: str, final: bool = True):
    """(offset, record) for each TFRecord of `data`, CRCs checked as TF's reader does.
    Fewer bytes than a record header at the end are the end of the file, as TF's reader
    takes them (its short read is OutOfRange there); a record cut short is DataLossError.
    Not `final` (a part of a file read in pieces), a record cut short at the end is left
    for the next piece, once its header's CRC has vouched for its length."""
    pos = 0
    while True:
        frames, failure, pos = _frames(data, pos, name, final)
        bodies = [data[start + 12 : start + 12 + n] for start, n in frames]
        headers = masked_many([data[start : start + 8] for start, _ in frames])
        checks = masked_many(bodies)
        for (start, n), body, header, check in zip(frames, bodies, headers, checks, strict=True):
            if _u32(data, start + 8) != header or _u32(data, start + 12 + n) != check:
                raise error("CORRUPT_RECORD", f"corrupted record at {start}")
            yield start, body
        if failure is not None:
            raise failure
        if not frames:
            return


def _u32(data: bytes, at: int) -> int:
    return struct.unpack_from("<I", data, at)[0]


def _frames(data: bytes, pos: int, name: str, final: bool) -> tuple[list, Any, int]:
    """Up to a batch of (start, length) frames from `pos`, the error that ends the file
    early (checked after the frames before it) or None, and where the next batch starts."""
    frames, end = [], len(data)
    while len(frames) < _CHECK_BATCH and end - pos >= 12:
        (length,) = struct.unpack_from("<Q", data, pos)
        if end - pos - 12 < length + 4:
            if _u32(data, pos + 8) != _masked(data[pos : pos + 8]):
                return frames, error("CORRUPT_RECORD", f"corrupted record at {pos}"), end
            if not final:
                return frames, None, pos
            failure = error(
                "CORRUPT_RECORD", f"truncated record at {pos}' failed with reached end of {name}"
            )
            return frames, failure, end
        frames.append((pos, length))
        pos += 16 + length
    return frames, None, pos


def lines(data: bytes, every_cr: bool):
    """(line number from 1, line) for each line of `data`, split at `\\n`. TF's two line
    readers differ on `\\r`: TextLineDataset's drops every one (`every_cr`), the queue's
    TextLineReader only one ending a line."""
    pos, number, end = 0, 0, len(data)
    while pos < end:
        stop = data.find(b"\n", pos)
        line = data[pos : end if stop < 0 else stop]
        pos = end if stop < 0 else stop + 1
        number += 1
        if every_cr:
            yield number, line.replace(b"\r", b"")
        else:
            yield number, line[:-1] if line.endswith(b"\r") else line


def fixed_records(data: bytes, name: str, header: int, size: int, footer: int, check: bool):
    """(index, record) for each `size`-byte record between the header and the footer.
    TF's dataset refuses a body that is not whole records (`check`); its reader reads
    the whole records there are."""
    body = len(data) - header - footer
    if check and (body < 0 or body % size):
        raise error(
            "COMPUTE_ERROR",
            f"Excluding the header ({header} bytes) and footer ({footer} bytes), input file "
            f'"{name}" has body length {max(body, 0)} bytes, which is not an exact multiple '
            f"of the record length ({size} bytes).",
        )
    for i in range(max(body, 0) // size):
        yield i, data[header + i * size : header + (i + 1) * size]


def _records(kind: str, data: bytes, name: str, attrs: dict, dataset: bool = True):
    """The records of one file's bytes, as TF's dataset (`dataset`) or reader splits them."""
    if kind == "TFRecord":
        return tfrecords(data, name)
    if kind == "TextLine":
        return lines(data, dataset)
    sizes = [attrs.get(k, 0) for k in ("header_bytes", "record_bytes", "footer_bytes")]
    return fixed_records(data, name, *sizes, dataset)


# -- FileRecordDataset ---------------------------------------------------------------------------


class FileRecordValue(DatasetValue):
    def __init__(self, op: Any, filenames: Any, names: Any, contents: Any):
        self.attrs = op.attrs
        self.files = np.asarray(filenames, dtype=object).reshape(-1).tolist()
        self.names, self.contents = names, contents

    def open(self, filename: Any, state: Any):
        """The records of one file, inflated and split as the op's attrs say."""
        name = filename.decode(errors="replace") if isinstance(filename, bytes) else filename
        data = lookup(self.names, self.contents, filename)
        data = decompress(data, self.attrs["compression"], name, limit=state.max_elements)
        return (r for _, r in _records(self.attrs["kind"], data, name, self.attrs))

    def iterator(self):
        cycle = int(self.attrs["cycle_length"])
        # AUTOTUNE (-1) is the machine's CPU count, as in TF and graphgate's interleave.
        return _FileRecords(self, (os.cpu_count() or 1) if cycle == -1 else max(cycle, 1))


class _FileRecords(ElementIterator):
    """TF's deterministic interleave over the files, `cycle` open at a time, one record
    each in turn (cycle 1: each file to its end in order); a file that ends gives its slot
    to the next file when the turn comes back to it."""

    def __init__(self, ds: FileRecordValue, cycle: int):
        self.ds, self.next_file, self.index = ds, 0, 0
        self.slots: list = [None] * cycle

    def next(self, state):
        n = 0
        while True:
            n += 1
            if n % _CLOCK_EVERY == 0 and state.late():
                raise error("DEADLINE_EXCEEDED", "the run exceeded its time budget in files")
            slot = self.slots[self.index]
            if slot is None:
                if self.next_file >= len(self.ds.files):
                    if all(s is None for s in self.slots):
                        return None
                    self.index = (self.index + 1) % len(self.slots)
                    continue
                slot = self.slots[self.index] = self.ds.open(self.ds.files[self.next_file], state)
                self.next_file += 1
            record = next(slot, None)
            if record is None:
                self.slots[self.index] = None
                self.index = (self.index + 1) % len(self.slots)
                continue
            self.index = (self.index + 1) % len(self.slots)
            return [np.array(record, dtype=object)]


def _string_input(k: int, types: list, shapes: list, ranks: tuple, what: str) -> None:
    if types[k] is not _dt.string or (shapes[k] is not None and len(shapes[k]) not in ranks):
        raise InferenceError("DTYPE_MISMATCH", f"input {k} must be {what}")


def _table_inputs(types: list, shapes: list, first: int) -> None:
    _string_input(first, types, shapes, (1,), "the names of the files read at build")
    _string_input(first + 1, types, shapes, (1,), "the bytes of the files read at build")


def _dataset_infer(shapes, types, attrs):
    _string_input(0, types, shapes, (0, 1), "file names, a string scalar or vector")
    _table_inputs(types, shapes, 1)
    if attrs["kind"] not in ("TFRecord", "TextLine", "FixedLength"):
        raise InferenceError("INVALID_ATTR", f"unknown record kind {attrs['kind']}")
    if attrs["kind"] == "FixedLength" and attrs["record_bytes"] <= 0:
        raise InferenceError("INVALID_ATTR", "record_bytes must be positive")
    if attrs["header_bytes"] < 0 or attrs["footer_bytes"] < 0:
        raise InferenceError("INVALID_ATTR", "header_bytes and footer_bytes must be >= 0")
    if attrs["cycle_length"] != -1 and not 1 <= attrs["cycle_length"] <= MAX_CYCLE_LENGTH:
        raise InferenceError(
            "INVALID_ATTR", f"num_parallel_reads must be -1 (AUTOTUNE) or 1 to {MAX_CYCLE_LENGTH}"
        )
    return [((), variant)]


_RECORD_ATTRS = {
    "kind": ("str", "TFRecord"),
    "compression": ("str", ""),
    "header_bytes": ("int", 0),
    "record_bytes": ("int", 0),
    "footer_bytes": ("int", 0),
    "cycle_length": ("int", 1),
}

register_op(
    "FileRecordDataset",
    arity=3,
    infer=_dataset_infer,
    attrs=_RECORD_ATTRS,
    stateful=True,
    unknown_rank_ok=True,
)(lambda op: lambda filenames, names, contents: FileRecordValue(op, filenames, names, contents))
not_differentiable("FileRecordDataset")


# -- ReadBuiltFile (TF's ReadFile) ---------------------------------------------------------------


def _read_infer(shapes, types, attrs):
    _string_input(0, types, shapes, (0,), "a file name, a string scalar")
    _table_inputs(types, shapes, 1)
    return [((), _dt.string)]


register_op("ReadBuiltFile", arity=3, infer=_read_infer, stateful=True)(
    lambda op: (
        lambda filename, names, contents: np.array(
            lookup(names, contents, np.asarray(filename, dtype=object).item()), dtype=object
        )
    )
)
not_differentiable("ReadBuiltFile")


# -- queue readers ---------------------------------------------------------------------------------

READER_TYPES = {
    "TFRecordReaderV2": "TFRecord",
    "TextLineReaderV2": "TextLine",
    "FixedLengthRecordReaderV2": "FixedLength",
    "WholeFileReaderV2": "WholeFile",
}


def reader_key(handle: str) -> tuple:
    return ("reader", handle)


class ReaderState:
    """One reader's position in one session: its current file (work) and the records of
    it still to come, with TF's counters."""

    def __init__(self, op: Any):
        self.kind = READER_TYPES[op.type]
        self.attrs = dict(op.attrs)
        self.reset()

    def reset(self) -> None:
        self.work: bytes | None = None
        self.records: Any = None
        self.produced = 0
        self.completed = 0

    def start(self, work: bytes, names: Any, contents: Any, state: Any) -> None:
        name = work.decode(errors="replace")
        data = lookup(names, contents, work)
        self.work = work
        if self.kind == "WholeFile":
            self.records = iter([(None, data)])
            return
        if self.kind == "TFRecord":
            kind = self.attrs.get("compression_type", "")
            data = decompress(data, kind, name, limit=state.max_elements)
        self.records = _records(self.kind, data, name, self.attrs, dataset=False)
        if self.kind == "TextLine":
            skip = self.attrs.get("skip_header_lines", 0)
            self.records = (r for r in self.records if r[0] > skip)

    def next_record(self) -> tuple | None:
        """(key, value) of the current file's next record, or None at its end (the work
        is then finished)."""
        item = next(self.records, None)
        if item is None:
            self.work, self.records = None, None
            self.completed += 1
            return None
        self.produced += 1
        where, value = item
        key = self.work if where is None else self.work + b":" + str(where).encode()
        return key, value


def _reader_infer(shapes, types, attrs):
    if "record_bytes" in attrs and attrs["record_bytes"] <= 0:
        raise InferenceError("INVALID_ATTR", "record_bytes must be positive")
    if min(attrs.get("header_bytes", 0), attrs.get("footer_bytes", 0)) < 0:
        raise InferenceError("INVALID_ATTR", "header_bytes and footer_bytes must be >= 0")
    return [((), resource)]


def _reader_kernel(op):
    handle = op.attrs.get("shared_name") or op.name
    key = reader_key(handle)

    def kernel(state):
        if key not in state.rngs:
            state.rngs[key] = ReaderState(op)
        return handle

    return kernel


_COMMON = {"container": ("str", ""), "shared_name": ("str", "")}
for _type, _extra in (
    ("TFRecordReaderV2", {"compression_type": ("str", "")}),
    ("TextLineReaderV2", {"skip_header_lines": ("int", 0)}),
    (
        "FixedLengthRecordReaderV2",
        {
            "header_bytes": ("int", 0),
            "record_bytes": ("int", 0),
            "footer_bytes": ("int", 0),
            "hop_bytes": ("int", 0),
            "encoding": ("str", ""),
        },
    ),
    ("WholeFileReaderV2", {}),
):
    register_op(
        _type,
        arity=0,
        infer=_reader_infer,
        attrs={**_COMMON, **_extra},
        stateful=True,
        needs_state=True,
    )(_reader_kernel)


def _reader(state: Any, handle: str) -> ReaderState:
    r = state.rngs.get(reader_key(handle))
    if r is None:
        raise error("COMPUTE_ERROR", f"reader {handle} was not created in this session")
    return r


def _next_work(state: Any, op: Any, queue_handle: str) -> bytes:
    """A file name dequeued from the filename queue (running its runners as a dequeue
    does); OutOfRangeError once it is closed and empty, as TF's reader raises."""
    q = _queue(state, queue_handle)
    fill(state, q, 1, op)
    if not q.elements:
        raise error(
            "END_OF_SEQUENCE",
            f"FIFOQueue '{q.name}' is closed and has insufficient elements (requested 1, "
            f"current size 0)",
            node=op.name,
        )
    work = np.asarray(q.take(1)[0][0], dtype=object).item()
    return work if isinstance(work, bytes) else str(work).encode()


def _read(state, op, reader: ReaderState, queue_handle, names, contents, stop_at_file_end):
    """One record (key, value), starting files from the queue as they are needed; None
    when `stop_at_file_end` and the current file ended (TF's ReadUpTo returns there)."""
    while True:
        if reader.work is None:
            reader.start(_next_work(state, op, queue_handle), names, contents, state)
        got = reader.next_record()
        if got is not None:
            return got
        if stop_at_file_end:
            return None
        if state.late():
            raise error("DEADLINE_EXCEEDED", "the run exceeded its time budget reading files")


def _handles_infer(n_extra: int, outputs: list):
    def infer(shapes, types, attrs):
        for k in (0, 1):
            if types[k] is not resource:
                raise InferenceError("DTYPE_MISMATCH", f"input {k} must be a handle (resource)")
        _table_inputs(types, shapes, 2 + n_extra)
        return outputs

    return infer


@register_op(
    "ReaderReadV2",
    arity=4,
    infer=_handles_infer(0, [((), _dt.string), ((), _dt.string)]),
    stateful=True,
    side_effects=True,
    needs_state=True,
)
def _read_kernel(op):
    def kernel(state, handle, queue_handle, names, contents):
        key, value = _read(state, op, _reader(state, handle), queue_handle, names, contents, False)
        return [np.array(key, dtype=object), np.array(value, dtype=object)]

    return kernel


@register_op(
    "ReaderReadUpToV2",
    arity=5,
    infer=_handles_infer(1, [((None,), _dt.string), ((None,), _dt.string)]),
    stateful=True,
    side_effects=True,
    needs_state=True,
)
def _read_up_to_kernel(op):
    def kernel(state, handle, queue_handle, n, names, contents):
        n = int(n)
        if n <= 0:
            raise error("COMPUTE_ERROR", f"num_records must be positive, got {n}")
        reader, got = _reader(state, handle), []
        while len(got) < n:
            # Once a record is in hand, the end of its file ends the call, as TF's.
            one = _read(state, op, reader, queue_handle, names, contents, bool(got))
            if one is None:
                break
            got.append(one)
        keys = np.array([k for k, _ in got], dtype=object)
        values = np.array([v for _, v in got], dtype=object)
        return [keys, values]

    return kernel


def _reader_only_infer(outputs: list):
    def infer(shapes, types, attrs):
        if types[0] is not resource:
            raise InferenceError("DTYPE_MISMATCH", "input 0 must be a reader handle (resource)")
        return outputs

    return infer


for _type, _fn, _out in (
    ("ReaderNumRecordsProducedV2", lambda r: np.int64(r.produced), [((), _dt.int64)]),
    ("ReaderNumWorkUnitsCompletedV2", lambda r: np.int64(r.completed), [((), _dt.int64)]),
    ("ReaderResetV2", lambda r: r.reset(), []),
):
    register_op(
        _type,
        arity=1,
        infer=_reader_only_infer(_out),
        stateful=True,
        side_effects=_type == "ReaderResetV2",
        needs_state=True,
    )(lambda op, fn=_fn: lambda state, handle: fn(_reader(state, handle)))

for _type in (
    *READER_TYPES,
    "ReaderReadV2",
    "ReaderReadUpToV2",
    "ReaderNumRecordsProducedV2",
    "ReaderNumWorkUnitsCompletedV2",
    "ReaderResetV2",
):
    not_differentiable(_type)
