"""`tf.io.serialize_tensor` / `parse_tensor` held to TensorFlow's bytes and answers:
tests/reference/tf1_serialize_tensor.py runs the same graphs under TF and recorded them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import protowire
from tests.reference.tf1_serialize_tensor import record

FIXTURE = Path(__file__).parent / "fixtures" / "tf1_serialize_tensor.json"


def test_bytes_parses_and_refusals_are_tensorflows():
    expected = json.loads(FIXTURE.read_text())
    del expected["tensorflow"]
    assert record(gg) == expected


def test_a_shape_past_the_run_limit_is_refused_before_its_values_are_made():
    # A dozen bytes: a float32 TensorProto of 10^12 elements, its one value repeated.
    size = bytearray()
    protowire.write_varint(10**12, size)
    shape = bytes([0x12, len(size) + 1, 0x08, *size])  # dim { size: 10**12 }
    proto = b"\x08\x01\x12" + bytes([len(shape)]) + shape + b"\x2a\x04\x00\x00\x80\x3f"
    with gg.Graph().as_default() as graph:
        parsed = gg.io.parse_tensor(gg.constant(proto), gg.float32)
    session = gg.Session(graph, limits=gg.Limits(max_tensor_elements=10**6))
    with pytest.raises(gg.errors.ResourceExhaustedError, match="TENSOR_TOO_LARGE"):
        session.run(parsed)


def test_what_serialize_writes_parse_reads_back_in_a_stored_graph():
    value = np.arange(12, dtype=np.float32).reshape(3, 4) - 5.5
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 4], name="x")
        gg.parse_tensor(gg.serialize_tensor(x * 2), gg.float32, name="back")
    copy = gg.graph_from_dict(json.loads(json.dumps(gg.graph_to_dict(graph))))
    with gg.Session(graph=copy) as sess:
        np.testing.assert_array_equal(sess.run("back:0", {"x:0": value}), value * 2)
