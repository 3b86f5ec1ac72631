"""A SavedModel TensorFlow wrote that parses tf.train.Examples, for graphgate to serve
(dev-only). TF Serving's classify and regress feed such a graph serialized Examples.

    /work/tfvenv/bin/python tests/reference/tf_saved_examples.py \
        tests/unit/engine/fixtures/tf_formats/saved_examples

Writes the SavedModel (signatures: `serving_default`, a classification signature over the
Examples; `parsed`, a predict signature fetching every parsed feature) and, beside it,
`expected.json`: the Examples given and what TensorFlow computed from them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
OUT = sys.argv[1]


def example(word: bytes | None, x: list[float], ids: list[int], seq: list[float]) -> bytes:
    feature = {
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=x)),
        "ids": tf.train.Feature(int64_list=tf.train.Int64List(value=ids)),
        "seq": tf.train.Feature(float_list=tf.train.FloatList(value=seq)),
    }
    if word is not None:
        feature["word"] = tf.train.Feature(bytes_list=tf.train.BytesList(value=[word]))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


EXAMPLES = [
    example(b"good", [0.5, 1.5], [3, 1], [1.0, 2.0, 3.0, 4.0]),
    example(None, [-1.0, 0.25], [], []),
    example(b"bad", [2.0, -2.0], [7], [0.5, 0.5]),
]

shutil.rmtree(OUT, ignore_errors=True)
with tf.Graph().as_default():
    serialized = tf.placeholder(tf.string, [None], name="tf_example")
    spec = {
        "x": tf.io.FixedLenFeature([2], tf.float32),
        "word": tf.io.FixedLenFeature([], tf.string, default_value="none"),
        "ids": tf.io.VarLenFeature(tf.int64),
        "seq": tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True),
    }
    feats = tf.io.parse_example(serialized, spec)
    words = tf.constant(["good", "bad", "none"])
    known = tf.cast(tf.equal(tf.expand_dims(feats["word"], 1), words), tf.float32)
    w = tf.Variable(np.array([[0.3, -0.2], [0.1, 0.4]], np.float32), name="w")
    v = tf.Variable(np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], np.float32), name="v")
    dense_ids = tf.sparse.to_dense(feats["ids"], name="dense_ids")
    id_sum = tf.reduce_sum(dense_ids, axis=1, keepdims=True)
    logits = tf.matmul(feats["x"], w) + tf.matmul(known, v) + 0.1 * tf.cast(id_sum, tf.float32)
    scores = tf.nn.softmax(logits, name="scores")
    classes = tf.tile(tf.constant([["neg", "pos"]]), [tf.shape(scores)[0], 1], name="classes")
    parsed = {"x": feats["x"], "word": feats["word"], "ids": dense_ids, "seq": feats["seq"]}
    # Sparse reductions, whose axes TF keeps in a constant input (none: every axis).
    parsed["ids_sum"] = tf.sparse.reduce_sum(feats["ids"], axis=1)
    parsed["ids_max"] = tf.sparse.reduce_max(feats["ids"], axis=-1, keepdims=True)
    parsed["ids_total"] = tf.sparse.reduce_sum(feats["ids"])
    parsed["ids_sum_sparse"] = tf.sparse.to_dense(tf.sparse.reduce_sum_sparse(feats["ids"], axis=1))
    # TF 1.x's ParseExample (one key input per feature), as graphs TF 1.x wrote hold it.
    v1 = tf.raw_ops.ParseExample(
        serialized=serialized,
        names=[],
        sparse_keys=["ids"],
        dense_keys=["x", "word"],
        dense_defaults=[tf.constant([], tf.float32), tf.constant("none")],
        sparse_types=[tf.int64],
        dense_shapes=[[2], []],
    )
    v1_ids = tf.SparseTensor(v1.sparse_indices[0], v1.sparse_values[0], v1.sparse_shapes[0])
    parsed_v1 = {
        "v1_x": v1.dense_values[0],
        "v1_word": v1.dense_values[1],
        "v1_ids": tf.sparse.to_dense(v1_ids),
    }
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        builder = tf.saved_model.builder.SavedModelBuilder(OUT)
        signatures = {
            "serving_default": tf.saved_model.classification_signature_def(
                serialized, classes, scores
            ),
            "parsed": tf.saved_model.predict_signature_def({"examples": serialized}, parsed),
            "parsed_v1": tf.saved_model.predict_signature_def({"examples": serialized}, parsed_v1),
        }
        builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map=signatures)
        builder.save()
        fetched = sess.run({"scores": scores, **parsed, **parsed_v1}, {serialized: EXAMPLES})

expected = {
    "examples": [e.hex() for e in EXAMPLES],
    "outputs": {
        k: {"dtype": v.dtype.name if v.dtype != object else "string", "value": v.tolist()}
        for k, v in fetched.items()
    },
}
for doc in expected["outputs"].values():
    if doc["dtype"] == "string":
        doc["value"] = [b.decode() for b in doc["value"]]
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
