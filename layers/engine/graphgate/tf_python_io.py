"""`gg.python_io` (and `gg.io`'s TFRecord names): TFRecord files written and read as
TensorFlow's `TFRecordWriter` and `tf_record_iterator` do — the same bytes (framing from
tf_events.py), CRCs checked when reading (DataLossError on a corrupt record), GZIP and ZLIB
compression from the standard library. A corrupt record, or one cut short after its
header, is `CORRUPT_RECORD` (TF's DataLossError); a partial header at the end ends the file,
as in TF."""

from __future__ import annotations

import gzip
import io
import struct
import zlib
from collections.abc import Iterator
from typing import IO, Any, ClassVar

from .errors import error
from .tf_events import record


class TFRecordCompressionType:
    NONE = 0
    ZLIB = 1
    GZIP = 2


_BY_NAME = {"": 0, "NONE": 0, "ZLIB": 1, "GZIP": 2}


class TFRecordOptions:
    """The compression of a TFRecord file (`"GZIP"`, `"ZLIB"`, or none)."""

    compression_type_map: ClassVar[dict[int, str]] = {0: "", 1: "ZLIB", 2: "GZIP"}

    def __init__(self, compression_type: Any = None, **_: Any):
        if compression_type is None:
            compression_type = 0
        if isinstance(compression_type, str):
            if compression_type.upper() not in _BY_NAME:
                raise error("INVALID_ATTR", f"Unsupported compression type: {compression_type}")
            compression_type = _BY_NAME[compression_type.upper()]
        self.compression_type = int(compression_type)

    @classmethod
    def get_compression_type_string(cls, options: Any) -> str:
        if options is None:
            return ""
        if not isinstance(options, TFRecordOptions):
            options = TFRecordOptions(options)
        return cls.compression_type_map[options.compression_type]


def _compression(options: Any) -> str:
    return TFRecordOptions.get_compression_type_string(options)


class _ZlibWriter:
    def __init__(self, raw: IO[bytes]):
        self._raw, self._z = raw, zlib.compressobj()

    def write(self, data: bytes) -> None:
        self._raw.write(self._z.compress(data))

    def flush(self) -> None:
        self._raw.write(self._z.flush(zlib.Z_SYNC_FLUSH))
        self._raw.flush()

    def close(self) -> None:
        self._raw.write(self._z.flush())
        self._raw.close()


def _open(path: str, mode: str, options: Any) -> Any:
    kind = _compression(options)
    if kind == "GZIP":
        return gzip.open(path, mode + "b")
    if kind == "ZLIB" and mode == "w":
        return _ZlibWriter(open(path, "wb"))
    if kind == "ZLIB":
        with open(path, "rb") as fh:
            return io.BytesIO(zlib.decompress(fh.read()))
    return open(path, mode + "b")


class TFRecordWriter:
    """Writes records (bytes) to a TFRecord file; a context manager."""

    def __init__(self, path: str, options: Any = None):
        self._file = _open(path, "w", options)

    def write(self, record_bytes: bytes) -> None:
        if isinstance(record_bytes, str):
            record_bytes = record_bytes.encode()
        self._file.write(record(bytes(record_bytes)))

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> TFRecordWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# Bytes read at a time: records are framed and CRC-checked a piece at a time (numpy
# CRCs over many small records, as the datasets' reader), yet yielded as they are read.
_PIECE = 1 << 22


def tf_record_iterator(path: str, options: Any = None) -> Iterator[bytes]:
    """The records of a TFRecord file, in order, their CRCs checked; a corrupt record
    raises where it comes, after the records before it, as TF's iterator."""
    from .ops.file_reader_ops import tfrecords  # the framing and checks the readers use

    fh = _open(path, "r", options)
    try:
        data, final = b"", False
        while not final:
            more = fh.read(max(_PIECE, _needed(data)))
            final = not more
            data += more
            used = 0
            for start, body in tfrecords(data, path, final):
                used = start + 16 + len(body)
                yield body
            data = data[used:]
    finally:
        fh.close()


def _needed(rest: bytes) -> int:
    """The bytes a record cut short at the end of a piece still lacks (its length read
    only after `tfrecords` checked its header's CRC), so a large one is read at once."""
    if len(rest) < 12:
        return 0
    (length,) = struct.unpack_from("<Q", rest)
    return 16 + length - len(rest)


__all__ = ["TFRecordCompressionType", "TFRecordOptions", "TFRecordWriter", "tf_record_iterator"]
