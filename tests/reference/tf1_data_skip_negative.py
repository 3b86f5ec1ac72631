"""`skip` by a negative count, as TF 2.21 runs it (dev-only): TF's SkipDataset gives an
empty iterator without reading its input, so skipping the whole of an endless dataset ends
at once. A fresh `tf1_fuzzdata` seed (h-soak8, `pipelines.150`: `repeat(-1).skip(-1)`)
found graphgate reading the endless input for ever. Each case: TF's cardinality and its
first 12 elements (or fewer, at the end).

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_data_skip_negative.py \\
        > tests/unit/engine/fixtures/tf1_data_skip_negative.json
"""

from __future__ import annotations

import json
import sys

SHAPES = {
    "finite": lambda d, c: d.skip(c),
    "endless": lambda d, c: d.repeat().skip(c).take(7),
    "endless_untaken": lambda d, c: d.repeat().skip(c),
    "endless_map": lambda d, c: d.repeat().map(lambda x: x * 2).skip(c).take(7),
    "endless_filter": lambda d, c: d.repeat().filter(lambda x: x > 0).skip(c).take(7),
    "endless_shuffled": lambda d, c: d.repeat().shuffle(2, seed=1).skip(c).take(7),
    "repeated_skip": lambda d, c: d.skip(c).repeat(2),
}
COUNTS = (-1, -3, 0, 2)


def run(tf, make, count: int) -> dict:
    """The dataset's cardinality and its first 12 elements."""
    with tf.Graph().as_default():
        ds = make(tf.data.Dataset.range(3), count)
        cardinality = tf.data.experimental.cardinality(ds)
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        got: list[int] = []
        with tf.Session() as sess:
            n = int(sess.run(cardinality))
            try:
                while len(got) < 12:
                    got.append(int(sess.run(nxt)))
            except tf.errors.OutOfRangeError:
                pass
        return {"cardinality": n, "value": got}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    cases = {
        f"{name}_{count}": {"count": count, **run(tf, make, count)}
        for name, make in SHAPES.items()
        for count in COUNTS
    }
    json.dump({"tensorflow": tf.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
