"""TF's formats read from untrusted bytes (a GraphDef upload, a checkpoint): length fields
claiming 2^63 bytes, messages nested 10,000 deep, negative offsets are errors with a
stable code, never a Python exception or an allocation of the claimed size."""

from __future__ import annotations

import struct
import time

import pytest

import graphgate as gg
from graphgate import protowire, tf_graph
from graphgate.errors import GraphgateError
from graphgate.train import tensor_bundle
from tests.support import collector_paused


def _varint(v: int) -> bytes:
    out = bytearray()
    protowire.write_varint(v, out)
    return bytes(out)


@pytest.mark.parametrize(
    "data",
    [
        b"\x0a" + _varint(1 << 63),  # node: a length of 2^63
        b"\x0a" + _varint((1 << 64) - 1),  # ... of 2^64 - 1
        b"\x0a" + b"\xff" * 11,  # a varint of more than 64 bits
        b"\x12\x05" + b"\x0a\x7f" * 2,  # library: a function longer than the message
        b"\x0b" * 3,  # groups, which no message read uses
    ],
    ids=["2^63", "2^64-1", "overlong-varint", "inner-past-outer", "group"],
)
def test_a_graph_def_with_a_lying_length_is_invalid_proto(data):
    with pytest.raises(GraphgateError) as info:
        gg.GraphDef.FromString(data)
    assert info.value.code == "INVALID_PROTO"


def test_a_graph_def_nested_10000_deep_is_read_without_recursion_or_refused():
    # GIVEN an unknown field (number 9) nesting itself 10,000 times in a node, in binary
    # and in text format
    inner = b""
    for _ in range(10_000):
        inner = b"\x4a" + _varint(len(inner)) + inner
    binary = b"\x0a" + _varint(len(inner)) + inner
    text = b"node { " + b"x { " * 10_000 + b"}" * 10_001
    # WHEN each is parsed, THEN the binary form skips the unknown field unread and the
    # text form is refused as a corrupt message, both quickly
    with collector_paused():
        started = time.process_time()
        assert tf_graph.decode_graph_def(binary) == {"node": [{}]}
        with pytest.raises(GraphgateError) as info:
            gg.GraphDef.FromString(text)
        took = time.process_time() - started
    assert info.value.code == "INVALID_PROTO"
    assert took < 2.0


def _bundle_with_entry(tmp_path, offset: int, size: int) -> str:
    """A one-tensor checkpoint (float32 [1]) whose index entry says `offset` and `size`."""
    prefix = str(tmp_path / "ckpt")
    dim = b"\x08\x01"
    shape = b"\x12" + _varint(len(dim)) + dim
    entry = b"\x08\x01" + b"\x12" + _varint(len(shape)) + shape
    entry += b"\x20" + _varint(offset) + b"\x28" + _varint(size) + b"\x35" + bytes(4)
    table = tensor_bundle._table([(b"", tensor_bundle._HEADER), (b"w", entry)])
    (tmp_path / "ckpt.index").write_bytes(table)
    (tmp_path / "ckpt.data-00000-of-00001").write_bytes(bytes(16))
    return prefix


@pytest.mark.parametrize(
    "offset, size",
    [(-4, 4), (-(1 << 63), 4), (0, -1), (0, 1 << 62), (1 << 62, 4)],
    ids=["offset-4", "offset-2^63", "size-1", "size-2^62", "offset-2^62"],
)
def test_a_checkpoint_entry_outside_its_data_file_is_an_error(tmp_path, offset, size):
    # GIVEN an index entry pointing before, past or around its data file
    reader = tensor_bundle.TensorBundleReader(_bundle_with_entry(tmp_path, offset, size))
    # WHEN the tensor is read, THEN it is data loss (a negative offset was the OS's EINVAL),
    # or past the end a file cut short (TF's OutOfRangeError): no read is attempted
    with pytest.raises(GraphgateError) as info:
        reader.get_tensor("w")
    negative = offset < 0 or size < 0
    assert info.value.code == ("CHECKPOINT_DATA_LOSS" if negative else "CHECKPOINT_DATA_TRUNCATED")


def test_the_entry_builder_writes_an_index_the_reader_reads(tmp_path):
    prefix = _bundle_with_entry(tmp_path, 4, 4)
    data = bytes(4) + struct.pack("<f", 1.5) + bytes(8)
    (tmp_path / "ckpt.data-00000-of-00001").write_bytes(data)
    reader = tensor_bundle.TensorBundleReader(prefix)
    assert reader.get_variable_to_shape_map() == {"w": [1]}
    with pytest.raises(GraphgateError) as info:  # the CRC written is 0: a checksum error
        reader.get_tensor("w")
    assert "checksum" in str(info.value)
