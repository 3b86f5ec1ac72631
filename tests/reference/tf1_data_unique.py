"""`Dataset.unique()` and `tf.data.experimental.unique()` under `tf.compat.v1` in graph
mode (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_data_unique.py \
        > tests/unit/engine/fixtures/tf1_data_unique.json

Each program's dataset is read through a one-shot iterator to its end; the fixture holds
its cardinality, element dtype and static shape and elements, or the stage ("build" or
"run") and class of what TF raised. tests/unit/engine/test_tf1_data_unique.py replays them.
"""

from __future__ import annotations

import json
import sys

import numpy as np

PROGRAMS = {
    "int32_scalars": lambda tf: tf.data.Dataset.from_tensor_slices([1, 2, 1, 3, 2, 4]).unique(),
    "int64_experimental": lambda tf: tf.data.Dataset.from_tensor_slices(
        np.array([1, 2, 1], np.int64)
    ).apply(tf.data.experimental.unique()),
    "strings": lambda tf: tf.data.Dataset.from_tensor_slices([b"a", b"b", b"a", b""]).unique(),
    "vectors": lambda tf: tf.data.Dataset.from_tensor_slices([[1, 2], [1, 2], [3, 4]]).unique(),
    "unknown_dims": lambda tf: tf.data.Dataset.from_tensor_slices(
        tf.placeholder_with_default([[1, 2], [1, 2]], [None, None])
    ).unique(),
    "infinite_then_take": lambda tf: tf.data.Dataset.range(5).repeat().unique().take(3),
    "batched_after": lambda tf: tf.data.Dataset.range(6).map(lambda x: x % 3).unique().batch(2),
    "float_refused": lambda tf: tf.data.Dataset.from_tensor_slices([1.0, 2.0]).unique(),
    "int16_refused": lambda tf: tf.data.Dataset.from_tensor_slices(
        np.array([1, 2], np.int16)
    ).unique(),
    "two_components_refused": lambda tf: tf.data.Dataset.from_tensor_slices(
        ([1, 2], [3, 4])
    ).unique(),
}


def observe(tf, name: str, classes=lambda exc: type(exc).__name__) -> dict:
    """What reading PROGRAMS[name] gives under `tf` (TensorFlow or graphgate)."""
    graph = tf.Graph()
    with graph.as_default():
        try:
            ds = PROGRAMS[name](tf)
        except Exception as exc:
            return {"stage": "build", "raised": classes(exc)}
        types, shapes = tf.data.get_output_types(ds), tf.data.get_output_shapes(ds)
        if not isinstance(types, tuple):
            types, shapes = (types,), (shapes,)
        out = {"dtypes": [t.name for t in types], "shapes": [s.as_list() for s in shapes]}
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        card = tf.data.experimental.cardinality(ds)
        elements = []
        with tf.Session() as sess:
            try:
                out["cardinality"] = int(sess.run(card))
                while True:
                    v = sess.run(nxt)
                    elements.append(np.asarray(v))
            except tf.errors.OutOfRangeError:
                pass
            except Exception as exc:
                return {"stage": "run", "raised": classes(exc)}
        out["elements"] = [
            [bytes(b).decode() for b in np.ravel(e)] if e.dtype.kind in "SO" else e.tolist()
            for e in elements
        ]
        return out


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    programs = {name: observe(tf, name) for name in PROGRAMS}
    json.dump({"tf": tf.__version__, "programs": programs}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
