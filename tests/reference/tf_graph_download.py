"""What TensorFlow computes from the GraphDefs the service answers (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_graph_download.py

Builds each program of tests/unit/engine/tf_reference/download_programs.py in graphgate,
turns it into the document a client stores (`graph_to_dict`) and writes that document as
the service does for `Accept: application/x-protobuf` (graph_from_dict, then
`tf_export.graph_def_bytes`). TensorFlow 2.21 parses those bytes, imports them
(`tf.compat.v1.import_graph_def`), runs the variables' `Assign` initializers and fetches
the program's outputs. Recorded in tests/unit/engine/fixtures/tf_graph_download.json: the
bytes' SHA-256 and length (the service must answer exactly these bytes) and TF's outputs
(the service's runs must compute them).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "engine"))
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402

import graphgate as gg  # noqa: E402
from graphgate.serialization import graph_from_dict, graph_to_dict  # noqa: E402
from graphgate.tf_export import graph_def_bytes  # noqa: E402
from tests.unit.engine.tf_reference.download_programs import PROGRAMS  # noqa: E402
from tests.unit.engine.tf_reference.export_programs import fetch  # noqa: E402

t = tf.compat.v1
t.disable_eager_execution()
FIXTURE = ROOT / "tests" / "unit" / "engine" / "fixtures" / "tf_graph_download.json"


def _tf_outputs(blob: bytes, spec: dict) -> dict:
    graph_def = t.GraphDef()
    graph_def.ParseFromString(blob)
    with t.Session(graph=tf.Graph()) as sess:
        t.import_graph_def(graph_def, name="")
        # A GraphDef has no collections: its variables' initializers are their Assigns.
        sess.run([op for op in sess.graph.get_operations() if op.type == "Assign"])
        return fetch(sess, spec["fetches"], spec["feeds"], tf.string)


def main():
    out = {}
    for name, program in PROGRAMS.items():
        with gg.Graph().as_default() as graph:
            spec = program(gg)
        blob = graph_def_bytes(graph_from_dict(graph_to_dict(graph)))
        out[name] = {
            "feeds": spec["feeds"],
            "fetches": spec["fetches"],
            "sha256": hashlib.sha256(blob).hexdigest(),
            "bytes": len(blob),
            "tf": _tf_outputs(blob, spec),
        }
    FIXTURE.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {FIXTURE}")


if __name__ == "__main__":
    main()
