"""Record TensorFlow's `serialize_tensor` bytes and `parse_tensor` answers (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_serialize_tensor.py \
        > tests/unit/engine/fixtures/tf1_serialize_tensor.json

`record(tf)` runs the same graphs with `tf` bound to TensorFlow here and to graphgate in
tests/unit/engine/test_serialize_tensor.py, which requires the same bytes (so a tensor
either writes parses in the other) and the same refusals.
"""

from __future__ import annotations

import json

import numpy as np


def _values() -> dict:
    return {
        "float32_scalar": np.float32(1.5),
        "int32_matrix": np.arange(6, dtype=np.int32).reshape(2, 3),
        "float64_empty": np.zeros((0, 3), np.float64),
        "strings": np.array([b"ab", b"", b"xyz"], object),
        "bool_scalar": np.array(True),
        "int64_vector": np.array([1, -2], np.int64),
        "float16_vector": np.array([1.5, -2.0, np.inf], np.float16),
        "uint8_matrix": np.array([[1, 255]], np.uint8),
        "float32_nan": np.array([np.nan, -0.0], np.float32),
    }


def record(tf) -> dict:
    out: dict = {"bytes": {}, "parsed": {}, "raised": {}}
    with tf.Graph().as_default():
        values = _values()
        serialized = {k: tf.io.serialize_tensor(tf.constant(v)) for k, v in values.items()}
        parsed = {
            k: tf.io.parse_tensor(s, tf.constant(values[k]).dtype) for k, s in serialized.items()
        }
        shape = parsed["int32_matrix"].shape
        out["static_shape"] = None if shape.ndims is None else shape.as_list()
        with tf.Session() as sess:
            got_bytes, got = sess.run([serialized, parsed])
        for k in values:
            out["bytes"][k] = got_bytes[k].hex()
            value = got[k]
            out["parsed"][k] = {
                "dtype": value.dtype.name if value.dtype.kind != "O" else "object",
                "shape": list(value.shape),
                "items": [repr(v) for v in value.ravel().tolist()],
            }
        fed = tf.placeholder(tf.string)
        refused = {
            "wrong_dtype": (tf.io.parse_tensor(serialized["int32_matrix"], tf.float32), None),
            "garbage": (tf.io.parse_tensor(fed, tf.float32), b"garbage\xff"),
            "not_a_scalar": (tf.io.parse_tensor(fed, tf.int32), [got_bytes["int32_matrix"]]),
        }
        with tf.Session() as sess:
            for name, (t, feed) in refused.items():
                try:
                    sess.run(t, {fed: feed} if feed is not None else None)
                    out["raised"][name] = None
                except tf.errors.InvalidArgumentError:
                    out["raised"][name] = "InvalidArgumentError"
    return out


if __name__ == "__main__":
    import tensorflow.compat.v1 as tensorflow

    tensorflow.disable_v2_behavior()
    print(json.dumps({"tensorflow": tensorflow.VERSION, **record(tensorflow)}, indent=1))
