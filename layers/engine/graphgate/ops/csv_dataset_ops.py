"""`CsvContentsDataset`: TF's CsvDataset over file contents the graph holds.

graphgate's graphs read no files when they run (a hosted graph has none of its user's), so
`tf.data.experimental.CsvDataset` reads its files when the graph is built and this op
parses their bytes lazily, record by record, as TF's CsvDataset kernel parses a file:
RFC 4180 quotes (a quoted field may hold delimiters, doubled quotes and line breaks),
records ended by `\\n`, `\\r\\n` or `\\r`, an empty field or `na_value` taking the column's
default (a column without one is required), numbers read as TF reads them (surrounding
blanks allowed). A malformed record fails the run that reaches it (InvalidArgumentError).
"""

from __future__ import annotations

import re

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..number_text import read_integer
from .dataset_ops import _CLOCK_EVERY, DatasetValue, ElementIterator, variant
from .registry import InferenceError, not_differentiable, register_op

_CONVERT = {
    np.dtype(np.int32): (np.int32, "int32"),
    np.dtype(np.int64): (np.int64, "int64"),
    np.dtype(np.float32): (np.float32, "float"),
    np.dtype(np.float64): (np.float64, "double"),
}
# What TF's safe_strtod accepts, with blanks around: Python's float() also takes "1_000",
# which TF refuses (an integer is number_text's).
_FLOAT = re.compile(
    rb"\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf(inity)?|nan)\s*\Z", re.I
)


def _bad(what: str) -> Exception:
    return error("COMPUTE_ERROR", what)


class _Reader:
    """The records of one file's bytes, one at a time."""

    def __init__(self, data: bytes, delim: int, quote: bool):
        self.data, self.pos, self.delim, self.quote = data, 0, delim, quote

    def _end_of_record(self) -> bool:
        """At a line break or the end: step over it and say the record ended."""
        data, pos = self.data, self.pos
        if pos >= len(data):
            return True
        if data[pos] == 10:
            self.pos = pos + 1
            return True
        if data[pos] == 13:
            self.pos = pos + (2 if data[pos + 1 : pos + 2] == b"\n" else 1)
            return True
        return False

    def _quoted(self, record: int) -> bytes:
        data, out = self.data, bytearray()
        pos = self.pos + 1
        while True:
            if pos >= len(data):
                raise _bad(f"Reached end of file without closing quoted field in record {record}")
            c = data[pos]
            if c == 34:
                if data[pos + 1 : pos + 2] == b'"':
                    out.append(34)
                    pos += 2
                    continue
                self.pos = pos + 1
                return bytes(out)
            out.append(c)
            pos += 1

    def _unquoted(self, record: int) -> bytes:
        data, pos = self.data, self.pos
        while pos < len(data) and data[pos] not in (self.delim, 10, 13):
            if self.quote and data[pos] == 34:
                raise _bad(f"Unquoted fields cannot have quotes inside (record {record})")
            pos += 1
        field, self.pos = data[self.pos : pos], pos
        return field

    def record(self, number: int) -> list | None:
        """The next record's fields (bytes), or None at the end of the file."""
        if self.pos >= len(self.data):
            return None
        fields = []
        while True:
            if self.quote and self.data[self.pos : self.pos + 1] == b'"':
                fields.append(self._quoted(number))
                at_end = self.pos >= len(self.data) or self.data[self.pos] in (10, 13)
                if not at_end and self.data[self.pos] != self.delim:
                    raise _bad(
                        f"Quote inside a string has to be escaped by another quote (record "
                        f"{number})"
                    )
            else:
                fields.append(self._unquoted(number))
            if self._end_of_record():
                return fields
            self.pos += 1  # the delimiter


def _value(field: bytes, default: np.ndarray, column: int, record: int, na: bytes) -> np.ndarray:
    if field == b"" or field == na:
        if default.size == 0:
            raise _bad(f"Field {column} is required but missing in record {record}!")
        return default.reshape(())
    if default.dtype == object:
        return np.array(field, dtype=object)
    kind, name = _CONVERT[default.dtype]
    if np.issubdtype(default.dtype, np.integer):
        info = np.iinfo(kind)
        value = read_integer(field, int(info.min), int(info.max))
        if value is not None:
            return np.array(value, kind)
    elif _FLOAT.match(field):
        try:
            return np.array(kind(field.decode().strip()), kind)
        except (OverflowError, ValueError):
            pass
    raise _bad(
        f"Field {column} in record {record} is not a valid {name}: {field.decode(errors='replace')}"
    )


class CsvValue(DatasetValue):
    def __init__(self, contents, header, delim, quote, na, select, defaults):
        delim_bytes = _scalar_bytes(delim)
        if len(delim_bytes) != 1:
            raise _bad(f"field_delim should be only 1 byte, got {delim_bytes!r}")
        self.files = [_scalar_bytes(c) for c in np.asarray(contents, object).reshape(-1)]
        self.header, self.quote = bool(header), bool(quote)
        self.delim, self.na = delim_bytes[0], _scalar_bytes(na)
        self.select = [int(i) for i in np.asarray(select).reshape(-1)]
        self.defaults = [np.asarray(d) for d in defaults]
        for d in self.defaults:
            if d.size > 1 or d.ndim > 1:
                raise _bad("Each record default should be at most rank 1 and at most 1 element")
        if self.select and (
            len(self.select) != len(self.defaults)
            or any(b <= a for a, b in zip(self.select, self.select[1:], strict=False))
            or self.select[0] < 0
        ):
            raise _bad("select_cols must be increasing, non-negative and one per default")

    def iterator(self):
        return _Csv(self)


def _scalar_bytes(v) -> bytes:
    item = np.asarray(v, object).reshape(()).item() if np.ndim(v) == 0 else v
    return item if isinstance(item, bytes) else str(item).encode()


class _Csv(ElementIterator):
    def __init__(self, ds: CsvValue):
        self.ds, self.file, self.reader, self.record = ds, -1, None, 0

    def _next_file(self) -> bool:
        ds = self.ds
        self.file += 1
        if self.file >= len(ds.files):
            return False
        self.reader, self.record = _Reader(ds.files[self.file], ds.delim, ds.quote), 0
        if ds.header:
            self.reader.record(0)
        return True

    def next(self, state):
        ds, n = self.ds, 0
        while True:
            fields = self.reader.record(self.record) if self.reader is not None else None
            if fields is not None:
                break
            if not self._next_file():
                return None
            n += 1
            if n % _CLOCK_EVERY == 0 and state.late():
                raise error("DEADLINE_EXCEEDED", "the run exceeded its time budget in CSV files")
        number, self.record = self.record, self.record + 1
        columns = ds.select or list(range(len(ds.defaults)))
        wanted = columns[-1] + 1
        if len(fields) < wanted or (not ds.select and len(fields) != wanted):
            raise _bad(f"Expect {wanted} fields but have {len(fields)} in record {number}")
        return [
            _value(fields[c], d, c, number, ds.na)
            for c, d in zip(columns, ds.defaults, strict=True)
        ]


_CSV_TYPES = (_dt.int32, _dt.int64, _dt.float32, _dt.float64, _dt.string)


def _infer(shapes, types, attrs):
    if len(types) < 7:
        raise InferenceError("WRONG_ARITY", "CsvContentsDataset needs at least one record default")
    wants = (
        (_dt.string, (0, 1), "the files' contents, a string vector"),
        (_dt.bool_, (0,), "header, a bool scalar"),
        (_dt.string, (0,), "field_delim, a string scalar"),
        (_dt.bool_, (0,), "use_quote_delim, a bool scalar"),
        (_dt.string, (0,), "na_value, a string scalar"),
        (_dt.int64, (1,), "select_cols, an int64 vector"),
    )
    for k, (dtype, ranks, what) in enumerate(wants):
        # Variant and string share numpy's object dtype: only identity tells them.
        same = types[k] is dtype if dtype is _dt.string else types[k] == dtype
        if not same or (shapes[k] is not None and len(shapes[k]) not in ranks):
            raise InferenceError("DTYPE_MISMATCH", f"input {k} must be {what}")
    for k, t in enumerate(types[6:], 6):
        if not any(t is c for c in _CSV_TYPES):
            raise InferenceError("DTYPE_MISMATCH", f"record default {k - 6} has dtype {t.name}")
    return [((), variant)]


register_op(
    "CsvContentsDataset",
    arity=(7, 1 << 30),
    infer=_infer,
    stateful=True,
    unknown_rank_ok=True,
)(lambda op: lambda c, h, d, q, na, sel, *defaults: CsvValue(c, h, d, q, na, sel, defaults))
not_differentiable("CsvContentsDataset")
