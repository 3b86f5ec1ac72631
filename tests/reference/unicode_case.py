"""TF's `strings.upper`/`lower(encoding="utf-8")` (ICU) against Python's str.upper/lower on
every Unicode scalar value (dev-only; graphgate's ops/string_ops.py cites it):

    /work/tfvenv/bin/python tests/reference/unicode_case.py  # TF's maps, pickled to /tmp
    .venv/bin/python tests/reference/unicode_case.py         # where the Python's differ

TF 2.21 against Python 3.11-3.13 (Unicode 14.0-15.1): the same 40 code points each way,
the case pairs Unicode 14 added (TF leaves them), and NUL (ICU's string ends there).
"""

from __future__ import annotations

import pickle
import sys
import unicodedata

DUMP = "/tmp/unicode_case_tf.pkl"
POINTS = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000]


def record() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    x = tf.placeholder(tf.string, [None])
    with tf.Session() as sess:
        up, lo = sess.run(
            [tf.strings.upper(x, encoding="utf-8"), tf.strings.lower(x, encoding="utf-8")],
            {x: [chr(c).encode() for c in POINTS]},
        )
    with open(DUMP, "wb") as f:
        maps = {c: (u.decode(), v.decode()) for c, u, v in zip(POINTS, up, lo, strict=True)}
        pickle.dump(maps, f)


def ranges(points: list[int]) -> list[tuple[str, str]]:
    out: list[list[int]] = []
    for c in points:
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return [(hex(a), hex(b)) for a, b in out]


def compare() -> None:
    with open(DUMP, "rb") as f:
        theirs = pickle.load(f)
    print("Unicode", unicodedata.unidata_version)
    for i, method in ((0, str.upper), (1, str.lower)):
        differ = [c for c in POINTS if method(chr(c)) != theirs[c][i]]
        print(method.__name__, len(differ), ranges(differ))


if __name__ == "__main__":
    record() if "tensorflow" in sys.modules or "tfvenv" in sys.executable else compare()
