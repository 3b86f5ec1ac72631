"""Write the small input files the reader tests read, with TensorFlow (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_readers_files.py tests/unit/engine/fixtures/readers

TFRecord files (plain, GZIP, ZLIB) of `tf.train.Example`s written by TF's TFRecordWriter,
text files with a header, CRLF line ends and a last line without one, and CIFAR-10-style
binary files of fixed-length records (a label byte then a 3x4x4 image), so graphgate's
readers are pinned to bytes TF wrote, not to bytes graphgate's writer wrote.
"""

from __future__ import annotations

import gzip
import os
import sys

import numpy as np


def _example(tf, i: int) -> bytes:
    feature = {
        "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 3])),
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=[i * 0.5, -i, 1.0 / (i + 1)])),
        "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[f"rec{i}".encode()])),
    }
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def main(folder: str) -> None:
    import tensorflow.compat.v1 as tf

    os.makedirs(folder, exist_ok=True)
    path = lambda name: os.path.join(folder, name)  # noqa: E731
    for name, kind, rows in (
        ("train-0.tfrecord", "", range(0, 5)),
        ("train-1.tfrecord", "", range(5, 7)),
        ("train-2.tfrecord", "", range(7, 11)),
        ("train-0.tfrecord.gz", "GZIP", range(0, 5)),
        ("train-0.tfrecord.zz", "ZLIB", range(0, 5)),
    ):
        with tf.io.TFRecordWriter(path(name), tf.io.TFRecordOptions(kind or None)) as w:
            for i in rows:
                w.write(_example(tf, i))
    with tf.io.TFRecordWriter(path("raw.tfrecord")) as w:
        for data in (b"", b"a", b"\x00\xff" * 40):
            w.write(data)
    text = b"id,word\r\n1,one\n2,two\r\n\n3,three"
    with open(path("lines.csv"), "wb") as f:
        f.write(text)
    with open(path("lines2.txt"), "wb") as f:
        f.write(b"alpha\nbeta\n")
    with gzip.open(path("lines.csv.gz"), "wb") as f:
        f.write(text)
    rng = np.random.RandomState(7)
    for n, count in ((1, 5), (2, 3)):
        records = []
        for _ in range(count):
            records.append(
                bytes([rng.randint(10)]) + rng.randint(256, size=48).astype(np.uint8).tobytes()
            )
        with open(path(f"data_batch_{n}.bin"), "wb") as f:
            f.write(b"".join(records))
    with open(path("framed.bin"), "wb") as f:
        f.write(b"HDR" + bytes(range(20)) + b"FT")


if __name__ == "__main__":
    main(sys.argv[1])
