"""What TensorFlow 2.21 (`tf.compat.v1`, graph mode) computes for StringFormat with an
empty placeholder, for tests/e2e/test_round21.py and the engine's unit test (dev-only):

    /work/tfvenv/bin/python tests/reference/round21.py

writes tests/e2e/fixtures/round21.json: for each (template, number of inputs), the
formatted string (base64: a template's bytes may be split inside a character) or TF's
refusal. TF's kernel splits the template with absl::StrSplit, which an empty delimiter
splits between every byte; graphgate's str.split refused it with a 500.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import tensorflow as tf

tf1 = tf.compat.v1
OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "round21.json"

# (template, inputs): each input is the float32 vector [1, 2].
CASES = [("{}", 1), ("ab", 1), ("abc", 2), ("", 0), ("x", 0), ("é", 1), ("ab", 0), ("%s", 1)]


def case(template: str, inputs: int) -> dict:
    graph = tf1.Graph()
    with graph.as_default():
        values = [tf1.constant([1.0, 2.0]) for _ in range(inputs)]
        answer: dict = {"template": template, "inputs": inputs}
        try:
            out = tf.raw_ops.StringFormat(
                inputs=values, template=template, placeholder="", summarize=3
            )
        except ValueError:  # refused as the node is made (the counts differ)
            answer["refused"] = True
            return answer
        with tf1.Session(graph=graph) as session:
            answer["b64"] = base64.b64encode(session.run(out)).decode()
    return answer


def main() -> None:
    cases = [case(t, n) for t, n in CASES]
    OUT.write_text(json.dumps({"tensorflow": tf.__version__, "string_format": cases}, indent=1))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
