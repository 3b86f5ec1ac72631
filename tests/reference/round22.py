"""What TensorFlow 2.21 (`tf.compat.v1`, graph mode) computes for StringToNumber of texts
past Python's 4,300-digit int() limit, for the engine's unit test and tests/e2e/test_round22.py
(dev-only):

    /work/tfvenv/bin/python tests/reference/round22.py

writes tests/e2e/fixtures/round22.json: for each (text, out_type), the number TF answers
(floats as their bit patterns' hex: inf and nan travel exactly) or that TF refused it
(InvalidArgumentError). graphgate read the texts with int(), float.fromhex and Fraction,
which refuse 4,300 digits (a ValueError in Python's words), or a hex float past a double
(an OverflowError), where TF's strto* read them.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import tensorflow as tf

tf1 = tf.compat.v1
OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "round22.json"

# Each text stands for a long one: "<digits>*<n>" is `digits` repeated n times.
TEXTS = [
    "1*5000",  # an integer of 5,000 digits: out of any range
    "-|1*5000",
    "0*5000|7",  # leading zeros: the integer 7
    "-|0*5000|7",
    "0*5000|2147483648",  # past int32, within int64
    "0*5000",  # zero
    "1|0*5000|.5",  # a decimal float of 5,000 digits: infinity
    "0x|f*5000",  # a hex float of 5,000 digits: past a double
    "0x|f*300",  # past a double too
    "0x|f*20",  # within a float32
    "-0x|f*300",
    # the double nearest this text is a float32 tie (1 + 2**-24); the text is above it
    "1.0000000596046448|0*5000",
    "1.000000059604644775390625|0*5000|1",  # the tie itself, then a last digit up
    "1.000000059604644775390625|0*5000",  # exactly the tie: to even (1.0)
]
TYPES = ["int32", "int64", "float32", "float64"]


def text(spec: str) -> str:
    parts = []
    for part in spec.split("|"):
        digits, _, times = part.partition("*")
        parts.append(digits * int(times or 1))
    return "".join(parts)


def case(spec: str, dtype: str) -> dict:
    graph = tf1.Graph()
    answer: dict = {"text": spec, "out_type": dtype}
    with graph.as_default():
        out = tf1.strings.to_number([text(spec)], out_type=getattr(tf, dtype))
        with tf1.Session(graph=graph) as session:
            try:
                value = session.run(out)[0]
            except tf.errors.InvalidArgumentError:
                answer["refused"] = True
                return answer
    if dtype.startswith("float"):
        answer["bits"] = np.array(value, dtype=dtype).tobytes().hex()
    else:
        answer["value"] = int(value)
    return answer


def main() -> None:
    cases = [case(spec, dtype) for spec in TEXTS for dtype in TYPES]
    OUT.write_text(json.dumps({"tensorflow": tf.__version__, "to_number": cases}, indent=1))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
