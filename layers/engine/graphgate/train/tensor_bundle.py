"""TensorFlow's V2 checkpoints (TensorBundle) read without TensorFlow.

A checkpoint with prefix `P` is `P.index`, an SSTable (LevelDB's table format: data
blocks of prefix-compressed keys with restart points, an index block, a 48-byte footer
ending in a magic number, each block followed by its compression type and a masked
CRC-32C) mapping "" to a BundleHeaderProto and each tensor's name to a BundleEntryProto;
and `P.data-0000i-of-0000N`, the shards holding each tensor's raw bytes (little-endian,
row-major; a string tensor as its lengths in varints, a masked CRC-32C of them, then the
bytes), each tensor's CRC-32C in its entry. TF writes the index uncompressed; a Snappy
block is refused. Whatever does not check out is CHECKPOINT_DATA_LOSS (TF's
DataLossError), never a value read wrong.
"""

from __future__ import annotations

import math
import os
import struct
from typing import Any, NamedTuple

import numpy as np

from .. import dtypes as _dt
from .. import protowire, tf_proto
from ..crc32c import crc32c
from ..errors import GraphgateError, error

TABLE_MAGIC = 0xDB4775248B80FB57
_FOOTER = 48
_BLOCK_TRAILER = 5
_STRING = 7


def is_tensor_bundle(prefix: str) -> bool:
    """Whether `P.index` ends in the SSTable magic number (a TF checkpoint's index)."""
    try:
        with open(prefix + ".index", "rb") as f:
            f.seek(0, os.SEEK_END)
            if f.tell() < _FOOTER:
                return False
            f.seek(-8, os.SEEK_END)
            return struct.unpack("<Q", f.read(8))[0] == TABLE_MAGIC
    except OSError:
        return False


def data_loss(prefix: str, why: str) -> GraphgateError:
    return error(
        "CHECKPOINT_DATA_LOSS",
        f"the checkpoint {prefix} is corrupt: {why}",
        details={"path": prefix},
    )


def unmask(masked: int) -> int:
    rot = (masked - 0xA282EAD8) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


# -- the SSTable -------------------------------------------------------------------------------


def read_table(data: bytes, corrupt: Any) -> list[tuple[bytes, bytes]]:
    """Every (key, value) of an SSTable, in key order."""
    if len(data) < _FOOTER or struct.unpack("<Q", data[-8:])[0] != TABLE_MAGIC:
        raise corrupt("its index is not a TensorFlow table")
    footer = memoryview(data)[-_FOOTER:-8]
    _, pos = _handle(footer, 0, corrupt)  # the metaindex block: nothing TF puts there
    index_handle, _ = _handle(footer, pos, corrupt)
    entries = []
    for _, handle in _block_entries(_block(data, index_handle, corrupt), corrupt):
        block_handle, _ = _handle(memoryview(handle), 0, corrupt)
        entries += _block_entries(_block(data, block_handle, corrupt), corrupt)
    return entries


def _handle(view: memoryview, pos: int, corrupt: Any) -> tuple[tuple[int, int], int]:
    bad = lambda: corrupt("a block handle is cut")  # noqa: E731
    offset, pos = protowire.read_varint(view, pos, bad)
    size, pos = protowire.read_varint(view, pos, bad)
    return (offset, size), pos


def _block(data: bytes, handle: tuple[int, int], corrupt: Any) -> memoryview:
    offset, size = handle
    end = offset + size + _BLOCK_TRAILER
    if end > len(data) - _FOOTER:
        raise corrupt("a block lies past the end of the index")
    kind = data[offset + size]
    (stored,) = struct.unpack("<I", data[offset + size + 1 : end])
    if unmask(stored) != crc32c(data[offset : offset + size + 1]):
        raise corrupt("a block of the index fails its checksum")
    if kind != 0:
        raise corrupt(f"an index block is compressed (type {kind}); TensorFlow writes none")
    return memoryview(data)[offset : offset + size]


def _block_entries(block: memoryview, corrupt: Any) -> list[tuple[bytes, bytes]]:
    bad = lambda: corrupt("a block's entries are cut")  # noqa: E731
    if len(block) < 4:
        raise bad()
    (restarts,) = struct.unpack("<I", block[-4:])
    limit = len(block) - 4 - 4 * restarts
    if limit < 0:
        raise bad()
    out: list[tuple[bytes, bytes]] = []
    pos, key = 0, b""
    while pos < limit:
        shared, pos = protowire.read_varint(block, pos, bad)
        unshared, pos = protowire.read_varint(block, pos, bad)
        size, pos = protowire.read_varint(block, pos, bad)
        if shared > len(key) or pos + unshared + size > limit:
            raise bad()
        key = key[:shared] + bytes(block[pos : pos + unshared])
        pos += unshared
        out.append((key, bytes(block[pos : pos + size])))
        pos += size
    return out


# -- slice keys (TF's EncodeTensorNameSlice, in OrderedCode) ---------------------------------


def _num_increasing(v: int) -> bytes:
    body = v.to_bytes((v.bit_length() + 7) // 8, "big")
    return bytes([len(body)]) + body


_HEADER_BITS = [(0, 0), (0x80, 0), (0xC0, 0), (0xE0, 0), (0xF0, 0), (0xF8, 0), (0xFC, 0)]
_HEADER_BITS += [(0xFE, 0), (0xFF, 0), (0xFF, 0x80), (0xFF, 0xC0)]


def _signed_increasing(v: int) -> bytes:
    x = ~v if v < 0 else v
    length = min(x.bit_length() // 7 + 1, 10)
    buf = bytearray(v.to_bytes(10, "big", signed=True)[10 - length :])
    buf[0] ^= _HEADER_BITS[length][0]
    if length > 1:
        buf[1] ^= _HEADER_BITS[length][1]
    return bytes(buf)


_ESCAPES = {0: b"\x00\xff", 0xFF: b"\xff\x00"}


def slice_key(name: str, bounds: list[tuple[int, int]]) -> bytes:
    """The index key TF gives one slice (start, length; length -1 for a whole dim) of the
    tensor `name`."""
    escaped = b"".join(_ESCAPES.get(b, bytes([b])) for b in name.encode("utf-8"))
    out = _num_increasing(0) + escaped + b"\x00\x01" + _num_increasing(len(bounds))
    for start, length in bounds:
        out += _signed_increasing(start) + _signed_increasing(length)
    return out


def _intersection(
    bounds: list[tuple[int, int]], offset: list[int], size: list[int]
) -> list[tuple[int, int]] | None:
    """[begin, end) per dimension where a stored slice (start, length; -1 whole) meets
    the region `offset`/`size`, or None when they do not meet."""
    out = []
    for (s, n), o, k in zip(bounds, offset, size, strict=True):
        begin, end = (o, o + k) if n < 0 else (max(s, o), min(s + n, o + k))
        if begin >= end:
            return None
        out.append((begin, end))
    return out


# -- the bundle --------------------------------------------------------------------------------


class TensorBundleReader:
    """One TF V2 checkpoint: its entries read at once, each value read when asked."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        with open(prefix + ".index", "rb") as f:
            table = read_table(f.read(), self._corrupt)
        header: dict[str, Any] | None = None
        self._entries: dict[str, dict[str, Any]] = {}
        self._slices: dict[bytes, bytes] = {}
        for key, value in table:
            if key == b"":
                header = self._decode(value, tf_proto.BUNDLE_HEADER)
            elif key.startswith(b"\x00"):  # a slice of a partitioned variable, read with it
                self._slices[key] = value
            else:
                self._entries[key.decode("utf-8", "replace")] = self._decode(
                    value, tf_proto.BUNDLE_ENTRY
                )
        if header is None:
            raise self._corrupt("its index has no header")
        if header.get("endianness", 0) != 0:
            raise self._corrupt("it was written big-endian")
        self._shards = header.get("num_shards", 0)
        self._specs = {k: self._spec(k, e) for k, e in self._entries.items()}

    def _corrupt(self, why: str) -> GraphgateError:
        return data_loss(self.prefix, why)

    def _truncated(self, key: str) -> GraphgateError:
        # TF reads short there: its OutOfRangeError, not DataLossError.
        return error(
            "CHECKPOINT_DATA_TRUNCATED",
            f"the checkpoint {self.prefix} is cut: {key} lies past the end of its data file",
            details={"path": self.prefix, "key": key},
        )

    def _decode(self, value: bytes, schema: tf_proto.Schema) -> dict[str, Any]:
        return tf_proto.decode(value, schema, lambda: self._corrupt("an index entry is cut"))

    def _spec(self, key: str, entry: dict[str, Any]) -> dict[str, Any]:
        enum = entry.get("dtype", 0)
        shape = tf_proto.shape_of(entry.get("shape"))
        if shape is None or any(d is None for d in shape):
            raise self._corrupt(f"{key} has no full shape")
        try:
            name = _dt.STORED_NAMES[_stored_dtype(enum)]
        except (GraphgateError, KeyError):
            # Listed under TF's name, which no graphgate dtype has: a restore into any
            # variable is DTYPE_MISMATCH naming it, a read UNSUPPORTED_DTYPE.
            name = tf_proto.TF_DTYPE_NAMES.get(enum % 100, f"DT_{enum}")
        return {"dtype": name, "shape": shape}

    # -- CheckpointReader's interface ----------------------------------------------------------
    def entry(self, key: str) -> dict[str, Any] | None:
        return self._specs.get(key)

    def has_tensor(self, key: str) -> bool:
        return key in self._specs

    def get_variable_to_shape_map(self) -> dict[str, list[int]]:
        return {k: list(s["shape"]) for k, s in self._specs.items()}

    def get_variable_to_dtype_map(self) -> dict[str, Any]:
        return {k: _dt.FROM_STORED.get(s["dtype"]) for k, s in self._specs.items()}

    def get_tensor(self, key: str) -> np.ndarray:
        shape = self._spec_of(key)["shape"]
        return self.get_slice(key, [0] * len(shape), shape)

    def get_slice(self, key: str, offset: list[int], size: list[int]) -> np.ndarray:
        """The part of tensor `key` at `offset` of shape `size` (TF's RestoreV2 with a
        slice spec): read from whichever stored slices cover it, so a checkpoint written
        under one partitioning restores under another."""
        shape = self._spec_of(key)["shape"]
        entry = self._entries[key]
        if not entry.get("slices"):
            whole = self._value(key, entry, shape)
            return whole[_region(offset, size)]
        return self._assembled(key, entry, shape, offset, size)

    def _spec_of(self, key: str) -> dict[str, Any]:
        spec = self._specs.get(key)
        if spec is None:
            raise error(
                "CHECKPOINT_KEY_NOT_FOUND",
                f"Key {key} not found in checkpoint {self.prefix}",
                details={"key": key, "checkpoint": self.prefix},
            )
        return spec

    def _assembled(
        self, key: str, entry: dict[str, Any], shape: list[int], offset: list[int], size: list[int]
    ) -> np.ndarray:
        """The region `offset`/`size` of a partitioned variable, from the slices its entry
        lists that meet it. Every such slice is read (each bounded by its data file) before
        the region is allocated, so a damaged index claiming a huge shape is an error, not
        a huge allocation."""
        dtype = _stored_dtype(entry.get("dtype", 0))
        parts, covered = [], 0
        for bounds in self._slice_bounds(key, entry, shape):
            meet = _intersection(bounds, offset, size)
            if meet is None:
                continue
            value = self._slice_value(key, bounds, shape)
            inside = tuple(slice(a - s, b - s) for (a, b), (s, _) in zip(meet, bounds, strict=True))
            target = tuple(slice(a - o, b - o) for (a, b), o in zip(meet, offset, strict=True))
            parts.append((target, value[inside]))
            covered += math.prod(b - a for a, b in meet)
        if covered != math.prod(size):
            raise error(
                "UNIMPLEMENTED" if size == shape else "INVALID_CHECKPOINT",
                f"{key}'s slices do not cover {'it' if size == shape else 'the part asked for'} "
                "once each; graphgate reads partitioned variables whose slices tile them",
                details={"key": key, "checkpoint": self.prefix},
            )
        out = np.zeros(size, object if entry.get("dtype") == _STRING else dtype.as_numpy_dtype)
        filled = np.zeros(size, bool)  # slices adding up to the size may still overlap
        for index, value in parts:
            if filled[index].any():
                raise self._corrupt(f"slices of {key} overlap")
            filled[index] = True
            out[index] = value
        return out

    def _slice_bounds(
        self, key: str, entry: dict[str, Any], shape: list[int]
    ) -> list[list[tuple[int, int]]]:
        """Each stored slice's (start, length) per dimension, length -1 for a whole one."""
        out = []
        for piece in entry["slices"]:
            extents = piece.get("extent", [])
            if len(extents) != len(shape):
                raise self._corrupt(f"a slice of {key} has another rank")
            bounds = [(e.get("start", 0), e.get("length", -1)) for e in extents]
            if not all(
                s >= 0 and (n < 0 or s + n <= d) for (s, n), d in zip(bounds, shape, strict=True)
            ):
                raise self._corrupt(f"a slice of {key} lies outside it")
            out.append(bounds)
        return out

    def _slice_value(self, key: str, bounds: list[tuple[int, int]], shape: list[int]) -> np.ndarray:
        value = self._slices.get(slice_key(key, bounds))
        if value is None:
            raise self._corrupt(f"a slice of {key} is missing")
        piece_shape = [d if n < 0 else n for (_, n), d in zip(bounds, shape, strict=True)]
        part = self._decode(value, tf_proto.BUNDLE_ENTRY)
        if tf_proto.shape_of(part.get("shape")) != piece_shape:
            raise self._corrupt(f"a slice of {key} has another shape than its extent")
        return self._value(key, part, piece_shape)

    def _value(self, key: str, entry: dict[str, Any], shape: list[int]) -> np.ndarray:
        dtype = _stored_dtype(entry.get("dtype", 0))
        raw = self._raw(key, entry)
        if entry.get("dtype") == _STRING:
            return self._strings(key, raw, shape, unmask(entry.get("crc32c", 0)))
        if crc32c(raw) != unmask(entry.get("crc32c", 0)):
            raise self._corrupt(f"{key} fails its checksum")
        np_dtype = np.dtype(dtype.as_numpy_dtype).newbyteorder("<")
        if len(raw) != math.prod(shape) * np_dtype.itemsize:
            raise self._corrupt(f"{key}'s size does not match its shape")
        return np.frombuffer(raw, np_dtype).astype(np_dtype.newbyteorder("=")).reshape(shape)

    def _raw(self, key: str, entry: dict[str, Any]) -> bytes:
        shard, offset, size = (entry.get(k, 0) for k in ("shard_id", "offset", "size"))
        if not 0 <= shard < max(self._shards, 1):
            raise self._corrupt(f"{key} names shard {shard} of {self._shards}")
        path = shard_path(self.prefix, shard, self._shards)
        try:
            with open(path, "rb") as f:
                # A size past the file's end is damage, not a read to allocate for; a
                # negative offset (a varint's int64) would be the OS's EINVAL.
                if offset < 0 or size < 0:
                    raise self._corrupt(f"{key} lies outside its data file")
                if offset + size > os.fstat(f.fileno()).st_size:
                    raise self._truncated(key)
                f.seek(offset)
                raw = f.read(size)
        except FileNotFoundError:
            raise error(  # TF's NotFoundError
                "CHECKPOINT_DATA_MISSING",
                f"the checkpoint {self.prefix} has lost its data file {os.path.basename(path)}",
                details={"path": self.prefix},
            ) from None
        if len(raw) != size:
            raise self._truncated(key)
        return raw

    def _strings(self, key: str, raw: bytes, shape: list[int], crc: int) -> np.ndarray:
        bad = lambda: self._corrupt(f"{key}'s strings are cut")  # noqa: E731
        n = math.prod(shape)
        if n > len(raw):  # each length takes a byte at least
            raise bad()
        view = memoryview(raw)
        lengths, pos = [], 0
        for _ in range(n):
            size, pos = protowire.read_varint(view, pos, bad)
            lengths.append(size)
        pos += 4  # the lengths' own checksum: the entry's covers it
        if pos + sum(lengths) != len(raw):
            raise bad()
        # TF's checksum runs over each length as 4 little-endian bytes (not its varint),
        # then the lengths' checksum and the bytes.
        summed = b"".join(struct.pack("<I", n & 0xFFFFFFFF) for n in lengths)
        if crc32c(summed + raw[pos - 4 :]) != crc:
            raise self._corrupt(f"{key} fails its checksum")
        out = np.empty(n, object)
        for i, size in enumerate(lengths):
            out[i] = raw[pos : pos + size]
            pos += size
        return out.reshape(shape)


# -- writing ------------------------------------------------------------------------------------

# TF's table options for a bundle's index: its default block size and restart interval,
# and no compression (BundleWriter turns Snappy off).
_BLOCK_SIZE = 262144
_RESTART_INTERVAL = 16
_HEADER = b"\x08\x01\x1a\x02\x08\x01"  # num_shards 1, version {producer 1}


def mask(crc: int) -> int:
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


class SlicedValue(NamedTuple):
    """A partitioned variable's value as a Saver writes it: the whole's shape and each
    slice's offset and value (TF stores them under the whole's name, with slice specs)."""

    full_shape: list[int]
    pieces: list[tuple[list[int], np.ndarray]]

    def whole(self) -> np.ndarray:
        """The slices in place; only for slices that tile the whole (the Saver checks)."""
        first = np.asarray(self.pieces[0][1])
        out = np.empty(self.full_shape, first.dtype)
        for offset, value in self.pieces:
            out[_region(offset, np.shape(value))] = value
        return out


def _region(offset: Any, size: Any) -> tuple[slice, ...]:
    return tuple(slice(o, o + n) for o, n in zip(offset, size, strict=True))


def bundle_files(
    values: dict[str, np.ndarray | SlicedValue], in_order: bool = False
) -> tuple[bytes, bytes]:
    """The index and the single data shard TF's BundleWriter writes for `values`:
    tensors in key order (a Saver's), or with `in_order` in the dict's order (what
    tf.train.Checkpoint passes SaveV2), a partitioned one's slices in its place, each
    entry's CRC-32C masked, the index an uncompressed table. A partitioned tensor's entry
    lists its slices' extents; each slice is an entry of its own under `slice_key`."""
    data = bytearray()
    entries = [(b"", _HEADER)]
    for key in values if in_order else sorted(values, key=lambda k: k.encode("utf-8")):
        value = values[key]
        if isinstance(value, SlicedValue) and _is_full(value):
            # TF's BundleWriter::AddSlice stores a slice that is the whole tensor (a
            # partitioned variable of one partition) as the tensor itself, sliceless.
            value = value.pieces[0][1]
        if not isinstance(value, SlicedValue):
            entries.append((key.encode("utf-8"), _stored(np.asarray(value), data)))
            continue
        dtype = np.asarray(value.pieces[0][1]).dtype
        whole = _entry_head(dtype, value.full_shape)
        for offset, piece in value.pieces:
            bounds = list(zip(offset, np.shape(piece), strict=True))
            extents = bytearray()
            for start, length in bounds:
                extent = bytearray()
                if start:
                    protowire.write_varint(1 << 3, extent)
                    protowire.write_varint(start, extent)
                protowire.write_varint(2 << 3, extent)
                protowire.write_varint(length, extent)
                protowire.write_length_delimited(1, extent, extents)
            protowire.write_length_delimited(7, extents, whole)
            entries.append((slice_key(key, bounds), _stored(np.asarray(piece), data)))
        entries.append((key.encode("utf-8"), bytes(whole)))
    return _table(sorted(entries)), bytes(data)


def _is_full(value: SlicedValue) -> bool:
    """Whether `value` is one slice that covers the whole tensor."""
    offset, piece = value.pieces[0]
    return (
        len(value.pieces) == 1
        and not any(offset)
        and list(np.shape(piece)) == list(value.full_shape)
    )


def _entry_head(dtype: np.dtype, shape: Any) -> bytearray:
    """A BundleEntryProto's dtype and shape."""
    entry = bytearray()
    protowire.write_varint(1 << 3, entry)
    protowire.write_varint(tf_proto_enum(dtype), entry)
    dims = bytearray()
    for d in shape:
        dim = bytearray()
        if d:
            protowire.write_varint(1 << 3, dim)
            protowire.write_varint(d, dim)
        protowire.write_length_delimited(2, dim, dims)
    protowire.write_length_delimited(2, dims, entry)
    return entry


def _stored(value: np.ndarray, data: bytearray) -> bytes:
    """Append `value`'s bytes to the shard `data`; its entry (where, how long, CRC)."""
    raw, crc = _tensor_bytes(value)
    entry = _entry_head(value.dtype, value.shape)
    for number, v in ((4, len(data)), (5, len(raw))):
        if v:
            protowire.write_varint(number << 3, entry)
            protowire.write_varint(v, entry)
    entry += bytes([6 << 3 | protowire.FIXED32]) + struct.pack("<I", mask(crc))
    data += raw
    return bytes(entry)


def write_bundle(
    prefix: str, values: dict[str, np.ndarray | SlicedValue], in_order: bool = False
) -> None:
    """Write `values` as TF's V2 checkpoint `prefix` (one shard), data before index, each
    to a temporary name renamed into place: a reader finds the old index or the new one."""
    from ..meta_graph import write_atomically

    index, data = bundle_files(values, in_order)
    write_atomically(shard_path(prefix, 0, 1), data)
    write_atomically(prefix + ".index", index)


def shard_path(prefix: str, shard: int, shards: int) -> str:
    return f"{prefix}.data-{shard:05d}-of-{shards:05d}"


_COMPLEX_ENUMS = {_dt.complex64.as_datatype_enum: _dt.complex64}
_COMPLEX_ENUMS[_dt.complex128.as_datatype_enum] = _dt.complex128


def _stored_dtype(enum: int) -> Any:
    """A bundle entry's dtype: complex ones too (a GraphDef's complex constants, read by
    tf_proto.dtype_of, are still refused)."""
    found = _COMPLEX_ENUMS.get(enum)
    return found if found is not None else tf_proto.dtype_of(enum)


def tf_proto_enum(dtype: np.dtype) -> int:
    return _dt.as_dtype(dtype).as_datatype_enum


def _tensor_bytes(value: np.ndarray) -> tuple[bytes, int]:
    if value.dtype.kind != "O":
        raw = np.ascontiguousarray(value, value.dtype.newbyteorder("<")).tobytes()
        return raw, crc32c(raw)
    items = [bytes(v) for v in value.reshape(-1)]
    lengths = bytearray()
    for item in items:
        protowire.write_varint(len(item), lengths)
    summed = b"".join(struct.pack("<I", len(item)) for item in items)
    checksum = struct.pack("<I", mask(crc32c(summed)))
    body = b"".join(items)
    return bytes(lengths) + checksum + body, crc32c(summed + checksum + body)


def _table(entries: list[tuple[bytes, bytes]]) -> bytes:
    """LevelDB's table of sorted `entries`, as TF's TableBuilder lays it out."""
    out = bytearray()
    index: list[tuple[bytes, bytes]] = []
    block: list[tuple[bytes, bytes]] = []
    size = 0
    for i, (key, value) in enumerate(entries):
        block.append((key, value))
        size += len(key) + len(value) + 8
        last = i == len(entries) - 1
        if size >= _BLOCK_SIZE or last:
            handle = _write_block(out, block)
            following = None if last else entries[i + 1][0]
            index.append((_separator(key, following), handle))
            block, size = [], 0
    meta_handle = _write_block(out, [])
    index_handle = _write_block(out, index)
    footer = meta_handle + index_handle
    out += footer + b"\0" * (40 - len(footer)) + struct.pack("<Q", TABLE_MAGIC)
    return bytes(out)


def _separator(key: bytes, following: bytes | None) -> bytes:
    """The index key of a block ending at `key`: LevelDB's shortest separator before the
    next block's first key, or its short successor for the last block."""
    if following is None:
        for i, b in enumerate(key):
            if b != 0xFF:
                return key[:i] + bytes([b + 1])
        return key
    common = 0
    while common < min(len(key), len(following)) and key[common] == following[common]:
        common += 1
    if common < min(len(key), len(following)):
        b = key[common]
        if b < 0xFF and b + 1 < following[common]:
            return key[:common] + bytes([b + 1])
    return key


def _write_block(out: bytearray, entries: list[tuple[bytes, bytes]]) -> bytes:
    block = bytearray()
    restarts: list[int] = []
    previous = b""
    for i, (key, value) in enumerate(entries):
        shared = 0
        if i % _RESTART_INTERVAL == 0:
            restarts.append(len(block))
        else:
            limit = min(len(previous), len(key))
            while shared < limit and previous[shared] == key[shared]:
                shared += 1
        for n in (shared, len(key) - shared, len(value)):
            protowire.write_varint(n, block)
        block += key[shared:] + value
        previous = key
    restarts = restarts or [0]
    block += b"".join(struct.pack("<I", r) for r in restarts) + struct.pack("<I", len(restarts))
    handle = bytearray()
    protowire.write_varint(len(out), handle)
    protowire.write_varint(len(block), handle)
    trailer = b"\0"
    out += block + trailer + struct.pack("<I", mask(crc32c(bytes(block) + trailer)))
    return bytes(handle)
