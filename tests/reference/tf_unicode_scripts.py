"""TF's script code of every code point, as its UnicodeScript op answers (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_unicode_scripts.py \\
        > layers/engine/graphgate/ops/unicode_scripts.py

TF's kernel asks ICU (`uscript_getScript`) for each code point: ICU's UScriptCode numbers
of the Unicode version TF's ICU carries, USCRIPT_UNKNOWN (103) for unassigned ones, -1
for what is no code point. Python has no script property (`unicodedata` knows categories
and names only) and a table of another Unicode version would differ, so the table is
TF's own answer for all 0x110000 code points, kept as the ranges it is constant on.
"""

from __future__ import annotations

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PER_LINE = 8


def main() -> None:
    tf = harness.import_tf1()
    points = np.arange(0x110000, dtype=np.int32)
    with tf.Session() as sess:
        codes = sess.run(tf.strings.unicode_script(tf.constant(points)))
    starts = np.concatenate([[0], np.flatnonzero(np.diff(codes)) + 1])
    pairs = [f"{s:x}:{codes[s]}" for s in starts.tolist()]
    lines = [" ".join(pairs[i : i + PER_LINE]) for i in range(0, len(pairs), PER_LINE)]
    body = "\n".join(lines)
    print(
        f'''"""ICU's script code of every code point as TensorFlow {tf.__version__}'s UnicodeScript
answers it (written by tests/reference/tf_unicode_scripts.py; do not edit): `hex start:code`
pairs, each code holding from its start to the next one's."""

RANGES = """
{body}
"""'''
    )


if __name__ == "__main__":
    main()
