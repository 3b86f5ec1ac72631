"""Record what TensorFlow computes for pieces of famous TF1 code bases (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_codebases.py \
        > tests/unit/engine/fixtures/tf1_codebases.json

(the venv needs `tensorflow-cpu`, `tf-keras` and `tf-slim`: TensorFlow 2 has no
`tf.contrib`, so `slim` and `contrib_layers` are tf_slim's there and contrib's here.)

Each program re-types a piece of a well-known TF1 code base (google-research/bert,
the tf-slim nets of tensorflow/models, DCGAN, pix2pix, baselines, wavenet, ...) at a tiny
size and stores what it observed in `out[...]`: values, names, and exception classes
(`raises(...)`). The test runs the same text against graphgate and compares.
"""

from __future__ import annotations

import json
import sys

import numpy as np

# What every program may use besides `tf`: slim as the code bases import it.
PRELUDE = """
if hasattr(tf, "contrib"):
    slim = tf.contrib.slim
    contrib_layers = tf.contrib.layers
else:
    import tf_slim as slim
    contrib_layers = slim.layers
"""

PROGRAMS = {
    # BERT's embedding_lookup: `tf.expand_dims(input_ids, axis=[-1])`, an axis of one value.
    "bert_expand_dims_list_axis": """
ids = tf.constant([[3, 5, 7], [1, 2, 4]])
x = tf.expand_dims(ids, axis=[-1])
mask = tf.expand_dims(tf.ones([2, 3, 3]), axis=[1])
out["shapes"] = [x.shape.as_list(), mask.shape.as_list()]
out["names"] = [x.name, mask.name]
out["np_axis"] = tf.expand_dims(ids, np.array([0])).shape.as_list()
out["two"] = raises(lambda: tf.expand_dims(ids, axis=[1, 2]))
out["none"] = raises(lambda: tf.expand_dims(ids, axis=[]))
with tf.Session() as sess:
    out["x"] = sess.run(x).tolist()
""",
}


def raises(fn):
    """The class of what `fn` raises, or None."""
    try:
        fn()
    except Exception as exc:
        return type(exc).__name__
    return None


def run(tf, program: str) -> dict:
    out: dict = {}
    graph = tf.Graph()
    with graph.as_default():
        env = {"tf": tf, "np": np, "out": out, "raises": raises}
        exec(PRELUDE + program, env)
    return out


def main() -> None:
    import os

    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers lives in tf_keras now
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    out = {name: run(tf, text) for name, text in PROGRAMS.items()}
    json.dump({"tensorflow": tf.__version__, "programs": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
