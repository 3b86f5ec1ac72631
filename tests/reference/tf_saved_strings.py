"""A SavedModel TensorFlow wrote over a string input, with the string ops whose TF form
takes a tensor where graphgate's takes an attribute (ReduceJoin's reduction indices, the
splits' separators), for graphgate to serve (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_saved_strings.py \
        tests/unit/engine/fixtures/tf_formats/saved_strings

Writes the SavedModel (`serving_default`: input `text`) and `expected.json` beside it: the
text fed and what TensorFlow computed from it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
OUT = sys.argv[1]
TEXT = ["Hello  World ", "a,b,,c", ""]

shutil.rmtree(OUT, ignore_errors=True)
with tf.Graph().as_default():
    text = tf.placeholder(tf.string, [None], name="text")
    v2 = tf.strings.split(text, " ")
    v2_max = tf.strings.split(text, ",", maxsplit=1)
    v1 = tf.compat.v1.string_split(text, ",", skip_empty=True)
    outputs = {
        "joined": tf.strings.reduce_join(text, axis=0, separator="|"),
        "joined_kept": tf.strings.reduce_join(
            tf.reshape(text, [-1, 1]), axis=-1, keepdims=True, separator="+"
        ),
        "split_v2": tf.sparse.to_dense(v2, default_value="<>"),
        "split_v2_max": tf.sparse.to_dense(v2_max, default_value="<>"),
        "split_v1": tf.sparse.to_dense(v1, default_value="<>"),
        "split_v1_shape": v1.dense_shape,
    }
    with tf.Session() as sess:
        tf.saved_model.simple_save(sess, OUT, {"text": text}, outputs)
        fetched = sess.run(outputs, {text: TEXT})


def listed(value):
    if isinstance(value, bytes) or value.dtype.kind == "O":
        flat = [value] if isinstance(value, bytes) else value.ravel().tolist()
        return {
            "dtype": "string",
            "shape": list(getattr(value, "shape", ())),
            "value": [b.hex() for b in flat],
        }
    return {"dtype": value.dtype.name, "shape": list(value.shape), "value": value.ravel().tolist()}


with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(
        {"text": TEXT, "outputs": {k: listed(v) for k, v in fetched.items()}},
        f,
        indent=1,
        sort_keys=True,
    )
    f.write("\n")
