"""A repeat right after a shuffle, as TF 2.21 runs it (dev-only): TF's default tf.data
optimizations fuse the two into one ShuffleAndRepeatDataset, whose kernel refuses a count
of 0 or below -1 where a plain repeat answers nothing or repeats for ever. A fresh
`tf1_fuzzdata` seed (h-soak5, `pipelines.116`, `.212`) found graphgate answering an empty
dataset. Each case: TF's first 12 elements (or fewer, at the end) or its error class.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_data_shuffle_repeat.py \\
        > tests/unit/engine/fixtures/tf1_data_shuffle_repeat.json
"""

from __future__ import annotations

import json
import sys

import numpy as np

SHAPES = {
    "shuffle_repeat": lambda tf, d, c: d.shuffle(2, seed=7).repeat(c),
    "shuffle_fixed_repeat": lambda tf, d, c: d.shuffle(
        2, seed=7, reshuffle_each_iteration=False
    ).repeat(c),
    "shuffle_map_repeat": lambda tf, d, c: d.shuffle(2, seed=7).map(lambda x: x * 2).repeat(c),
    "plain_repeat": lambda tf, d, c: d.repeat(c),
    "experimental": lambda tf, d, c: d.apply(tf.data.experimental.shuffle_and_repeat(2, c, seed=7)),
}


def _run(tf, make, count: int) -> dict:
    with tf.Graph().as_default():
        ds = make(tf, tf.data.Dataset.from_tensor_slices(np.arange(4, dtype=np.int64)), count)
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        got: list[int] = []
        with tf.Session() as sess:
            try:
                while len(got) < 12:
                    got.append(int(sess.run(nxt)))
            except tf.errors.OutOfRangeError:
                pass
            except tf.errors.OpError as exc:
                return {"error": type(exc).__name__, "after": got}
        return {"value": got}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    cases = {
        f"{name}_{count}": {"count": count, **_run(tf, make, count)}
        for name, make in SHAPES.items()
        for count in (0, -2, -1, 2)
    }
    json.dump({"tensorflow": tf.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
