"""Tile of uint16 (dev-only): TF's Tile kernel has no uint16 case, yet it answers before
looking at the dtype when the output has the input's shape (it forwards the input) or no
element. h-soak6's fresh `tf1_fuzzshape` seed found graphgate refusing every uint16 tile
(`moves.126`: multiples [0]). Prints, per case, TF 2.21's value or error class with the
multiples constant and fed; test_tf_kernel_tests.py holds them.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_tile_uint16.py
"""

from __future__ import annotations

import numpy as np

CASES = (
    ([3], [0]),
    ([3], [1]),
    ([3], [2]),
    ([0], [4]),
    ([2, 2], [0, 3]),
    ([2, 2], [1, 1]),
    ([2, 2], [1, 2]),
)


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    for shape, multiples in CASES:
        x0 = np.arange(int(np.prod(shape)), dtype=np.uint16).reshape(shape)
        seen = []
        for fed in (False, True):
            with tf.Graph().as_default(), tf.Session() as sess:
                x = tf.placeholder(tf.uint16, shape)
                m = tf.placeholder(tf.int32, [len(multiples)]) if fed else multiples
                feed = {x: x0, **({m: multiples} if fed else {})}
                try:
                    seen.append(sess.run(tf.tile(x, m), feed).tolist())
                except tf.errors.OpError as exc:
                    seen.append(type(exc).__name__)
        print(shape, multiples, seen)


if __name__ == "__main__":
    main()
