"""A checkpoint of partitioned variables as TensorFlow 1.x's Saver writes it (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_partitioned_checkpoint.py \
        tests/unit/engine/fixtures/tf_formats/parted_layout

Writes `model.ckpt` (TF's V2 files) of three variables: `p` [5, 3] float32 in three
slices along axis 0 (rows 2, 2, 1), `q` [2] unpartitioned and `scope/r` [2, 4] int32 in
two slices along axis 1, each value `arange`; and `expected.json`: the reader's shape map,
each slice's spec, and `p` as TF restores it into a variable partitioned otherwise.
graphgate must write the same bytes for the same variables and read either way.
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
P = np.arange(15, dtype=np.float32).reshape(5, 3)
R = np.arange(8, dtype=np.int32).reshape(2, 4)


def sliced(whole):
    """An initializer giving each slice its part of `whole` (from its partition_info)."""

    def init(shape, dtype=None, partition_info=None):
        at = partition_info.var_offset
        return tf.constant(whole[tuple(slice(o, o + n) for o, n in zip(at, shape, strict=True))])

    return init


def build():
    p = tf.get_variable(
        "p", [5, 3], initializer=sliced(P), partitioner=tf.fixed_size_partitioner(3)
    )
    q = tf.Variable([1.5, -2.0], name="q")
    with tf.variable_scope("scope"):
        r = tf.get_variable(
            "r",
            [2, 4],
            tf.int32,
            initializer=sliced(R),
            partitioner=tf.fixed_size_partitioner(2, axis=1),
        )
    return p, q, r


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    prefix = os.path.join(OUT, "model.ckpt")
    expected: dict = {}
    with tf.Graph().as_default():
        p, _, r = build()
        expected["specs"] = {v.op.name: v._save_slice_info.spec for v in [*p, *r]}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver(write_version=tf.train.SaverDef.V2).save(
                sess, prefix, write_meta_graph=False, write_state=False
            )
    expected["shape_map"] = tf.train.NewCheckpointReader(prefix).get_variable_to_shape_map()
    restored = {}
    for name, partitioner in [
        ("two_rows", tf.fixed_size_partitioner(2)),
        ("three_columns", tf.fixed_size_partitioner(3, axis=1)),
        ("whole", None),
    ]:
        with tf.Graph().as_default():
            v = tf.get_variable("p", [5, 3], partitioner=partitioner)
            with tf.Session() as sess:
                tf.train.Saver([v]).restore(sess, prefix)
                restored[name] = sess.run(tf.convert_to_tensor(v)).tolist()
    expected["restored_p"] = restored
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
