"""TensorBoard event files: what graphgate's `FileWriter` writes reads back, field for
field, as what TensorFlow wrote for the same program (`fixtures/tf1_events.json`,
recorded by `tests/reference/tf1_events.py` through TF's own reader).

The reader here is independent of the writer: it checks every TFRecord frame's CRC and
decodes the protocol buffer wire format generically.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import struct
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from graphgate import tf_events

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_events.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_events", ROOT / "tests" / "reference" / "tf1_events.py"
)
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)


def _crc32c_bitwise(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def _unmask(masked: int) -> int:
    rot = (masked - 0xA282EAD8) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


def _frames(data: bytes) -> list[bytes]:
    out, i = [], 0
    while i < len(data):
        header = data[i : i + 8]
        (n,) = struct.unpack("<Q", header)
        assert _unmask(struct.unpack("<I", data[i + 8 : i + 12])[0]) == _crc32c_bitwise(header)
        body = data[i + 12 : i + 12 + n]
        (crc,) = struct.unpack("<I", data[i + 12 + n : i + 16 + n])
        assert _unmask(crc) == _crc32c_bitwise(body)
        out.append(body)
        i += 16 + n
    return out


def _fields(buf: bytes) -> list[tuple[int, int, object]]:
    """(field, wire type, value) triples; length-delimited values stay bytes."""
    out, i = [], 0

    def varint():
        nonlocal i
        shift = value = 0
        while True:
            b = buf[i]
            i += 1
            value |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return value

    while i < len(buf):
        key = varint()
        field, wire = key >> 3, key & 7
        if wire == 0:
            out.append((field, wire, varint()))
        elif wire == 1:
            out.append((field, wire, struct.unpack("<d", buf[i : i + 8])[0]))
            i += 8
        elif wire == 5:
            out.append((field, wire, struct.unpack("<f", buf[i : i + 4])[0]))
            i += 4
        else:
            assert wire == 2, wire
            n = varint()
            out.append((field, wire, buf[i : i + n]))
            i += n
    return out


_HISTO = {1: "min", 2: "max", 3: "num", 4: "sum", 5: "sum_squares"}


def _value(buf: bytes) -> dict:
    value: dict = {}
    for field, _, v in _fields(buf):
        if field == 1:
            value["tag"] = v.decode()
        elif field == 2:
            value["simple_value"] = v
        elif field == 5:
            histo: dict = {}
            for f, _, hv in _fields(v):
                if f in _HISTO:
                    histo[_HISTO[f]] = hv
                else:
                    key = "bucket_limit" if f == 6 else "bucket"
                    histo[key] = list(struct.unpack(f"<{len(hv) // 8}d", hv))
            value["histo"] = histo
    return value


def _event(buf: bytes) -> dict:
    event = {"step": 0, "file_version": "", "values": []}
    for field, _, v in _fields(buf):
        if field == 2:
            event["step"] = v
        elif field == 3:
            event["file_version"] = v.decode()
        elif field == 5:
            event["values"] = [_value(x) for f, _, x in _fields(v) if f == 1]
    return event


def test_crc32c_is_castagnolis():
    assert tf_events.crc32c(b"123456789") == 0xE3069283
    for n in (0, 1, 7, 100):
        data = bytes(range(n))
        assert tf_events.crc32c(data) == _crc32c_bitwise(data)


def test_an_event_file_reads_back_as_what_tensorflow_wrote(tmp_path):
    with gg.Graph().as_default():
        exec(reference.PROGRAM, {"tf": tf, "logdir": str(tmp_path)})
    (path,) = glob.glob(str(tmp_path / "events.out.tfevents.*"))
    events = [_event(frame) for frame in _frames(Path(path).read_bytes())]
    assert events == FIXTURE["events"]


def test_histogram_buckets_are_tensorflows():
    limits = tf_events.default_bucket_limits()
    assert limits[len(limits) // 2] == 0.0 and limits[-1] == np.finfo(np.float64).max
    assert len(limits) == 2 * 775 + 1  # 1e-12 * 1.1**k below 1e20, DBL_MAX, mirrored, 0
    h = tf_events.histogram([0.0, 0.0, 1.0])
    # 0.0 falls in the first bucket above 0 (TF's upper_bound); empty runs collapse.
    assert h["bucket"] == [0.0, 2.0, 0.0, 1.0, 0.0]
    assert h["bucket_limit"][1] == 1e-12


def test_a_histogram_of_nan_is_refused_as_tensorflow_does():
    with gg.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        h = tf.summary.histogram("h", x)
        with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="Nan"):
            sess.run(h, {x: [1.0, float("nan")]})


def test_add_summary_refuses_what_is_not_a_summary(tmp_path):
    writer = tf.summary.FileWriter(str(tmp_path))
    for wrong in (b"\x0a\x05not json", b"1", b'["tag"]', 3.5):
        with pytest.raises(gg.GraphgateError) as info:
            writer.add_summary(wrong, 1)
        assert info.value.code == "INVALID_ATTR"
    writer.close()
    assert not list(tmp_path.iterdir())  # nothing was written for a refused summary


HISTOGRAM_SUMS = json.loads(
    (Path(__file__).parent / "fixtures" / "tf1_histogram_sums.json").read_text()
)


@pytest.mark.parametrize("case", sorted(HISTOGRAM_SUMS))
def test_a_histograms_sums_are_tfs_bit_for_bit(case):
    # tests/reference/tf1_histogram_sums.py: TF adds one value after another
    from tests.reference.tf1_histogram_sums import values

    n, seed = (int(part) for part in case.split("-"))
    with tf.Graph().as_default():
        op = tf.summary.histogram("h", tf.constant(values(n, seed)))
        with tf.Session() as sess:
            histo = tf.Summary.FromString(sess.run(op)).value[0].histo
    assert {"sum": histo.sum, "sum_squares": histo.sum_squares} == HISTOGRAM_SUMS[case]
