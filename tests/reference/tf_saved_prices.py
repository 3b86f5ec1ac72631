"""A TF1 SavedModel TensorFlow wrote with a predict and a regression signature, as a TF
Serving user brings one to graphgate (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_saved_prices.py \
        tests/unit/engine/fixtures/tf_formats/saved_prices

Writes the SavedModel (`serving_default`: predict, `x` [-1, 2] float32 -> `price`;
`regress`: a regression signature over tf.train.Examples whose feature `x` is two
floats) and, beside it, `expected.json`: the rows and Examples given, what TensorFlow
computed from them, and each SignatureDef as TF Serving's metadata writes it (protobuf's
JSON with the proto's field names and every primitive field, as its REST handler prints).
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import numpy as np
import tensorflow.compat.v1 as tf
from google.protobuf import json_format

tf.disable_v2_behavior()
OUT = sys.argv[1]
ROWS = [[1.0, 2.0], [0.5, -1.5], [-3.0, 0.25]]


def example(x: list[float]) -> bytes:
    feature = {"x": tf.train.Feature(float_list=tf.train.FloatList(value=x))}
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def as_json(signature) -> dict:
    try:
        return json_format.MessageToDict(
            signature, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
        )
    except TypeError:  # protobuf < 5 spells it so
        return json_format.MessageToDict(
            signature, preserving_proto_field_name=True, including_default_value_fields=True
        )


shutil.rmtree(OUT, ignore_errors=True)
with tf.Graph().as_default():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    serialized = tf.placeholder(tf.string, [None], name="tf_example")
    parsed = tf.io.parse_example(serialized, {"x": tf.io.FixedLenFeature([2], tf.float32)})
    w = tf.Variable(np.array([[0.7], [-1.3]], np.float32), name="w")
    b = tf.Variable(0.1, name="b")
    price = tf.add(tf.matmul(x, w), b, name="price")
    regressed = tf.add(tf.matmul(parsed["x"], w), b, name="regressed")
    signatures = {
        "serving_default": tf.saved_model.predict_signature_def({"x": x}, {"price": price}),
        "regress": tf.saved_model.regression_signature_def(serialized, regressed),
    }
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        builder = tf.saved_model.builder.SavedModelBuilder(OUT)
        builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map=signatures)
        builder.save()
        prices, values = sess.run(
            [price, regressed], {x: ROWS, serialized: [example(r) for r in ROWS]}
        )

expected = {
    "rows": ROWS,
    "price": prices.tolist(),
    "regress": values[:, 0].tolist(),
    "signature_def": {k: as_json(v) for k, v in signatures.items()},
}
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
