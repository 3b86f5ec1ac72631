"""The protocol buffer wire format, without protobuf: the one reader and writer of varints
and tagged fields that graphgate's hand-written codecs share (`example_proto`, TF's
checkpoints, GraphDefs and SavedModels in `tf_proto`).

Readers take `corrupt`, a function building the exception to raise, so each codec keeps
its own error (protobuf's DecodeError for an Example, DataLossError for a checkpoint).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Corrupt = Callable[[], Exception]

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5
_U64 = (1 << 64) - 1


def write_varint(value: int, out: bytearray) -> None:
    value &= _U64  # negative int64s are written as their two's complement
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def write_length_delimited(number: int, payload: bytes | bytearray, out: bytearray) -> None:
    write_varint(number << 3 | LENGTH, out)
    write_varint(len(payload), out)
    out += payload


def read_varint(data: Any, pos: int, corrupt: Corrupt) -> tuple[int, int]:
    """The unsigned varint at `pos` (at most 64 bits) and the position after it."""
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise corrupt()
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result & _U64, pos
        shift += 7


def fields(data: memoryview, corrupt: Corrupt) -> Iterator[tuple[int, int, Any, memoryview]]:
    """Each field of a message's bytes: (number, wire type, varint or payload view, the
    field's own bytes)."""
    pos, end = 0, len(data)
    while pos < end:
        start = pos
        tag, pos = read_varint(data, pos, corrupt)
        number, wire = tag >> 3, tag & 7
        if number == 0:
            raise corrupt()
        if wire == VARINT:
            value, pos = read_varint(data, pos, corrupt)
        elif wire in (FIXED64, FIXED32):
            size = 8 if wire == FIXED64 else 4
            if pos + size > end:
                raise corrupt()
            value, pos = data[pos : pos + size], pos + size
        elif wire == LENGTH:
            size, pos = read_varint(data, pos, corrupt)
            if pos + size > end:
                raise corrupt()
            value, pos = data[pos : pos + size], pos + size
        else:  # groups (deprecated, in none of the messages read) and invalid wire types
            raise corrupt()
        yield number, wire, value, data[start:pos]


def signed(v: int) -> int:
    """An int64 field's value from its 64-bit varint."""
    return v - (1 << 64) if v >= 1 << 63 else v


def packed_varints(data: memoryview, corrupt: Corrupt) -> list[int]:
    out, pos = [], 0
    while pos < len(data):
        v, pos = read_varint(data, pos, corrupt)
        out.append(v)
    return out
