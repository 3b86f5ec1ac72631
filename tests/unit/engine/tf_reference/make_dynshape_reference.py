"""Dev-only: run dynshape_cases.py with real TensorFlow 1.x and store what it computes.

    /work/tfvenv/bin/python tests/unit/engine/tf_reference/make_dynshape_reference.py

Writes dynshape_reference.json next to this file (committed; `make test` never imports TF).
"""

from __future__ import annotations

import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))

from tests.unit.engine.tf_reference import dynshape_cases  # noqa: E402
from tests.unit.engine.tf_reference.make_reference import tf  # noqa: E402


def main() -> None:
    doc = {"tensorflow": tf.__version__, "programs": {}}
    for name, program in dynshape_cases.PROGRAMS.items():
        doc["programs"][name] = program(tf)
    text = json.dumps(doc, indent=1, sort_keys=True)
    (HERE / "dynshape_reference.json").write_text(text + "\n")
    print(f"{len(doc['programs'])} programs")


if __name__ == "__main__":
    main()
