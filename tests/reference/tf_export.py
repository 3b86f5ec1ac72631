"""What TensorFlow computes from the files graphgate writes (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_export.py

Runs each program of tests/unit/engine/tf_reference/export_programs.py in graphgate
(imported from layers/engine: it needs numpy only), which trains it and writes TF's files;
then loads those files in TensorFlow 2.21 (`tf.compat.v1`, graph mode) as a TF1 user
would — `import_meta_graph(...).restore(...)` and one more training step, `saved_model.
loader.load`, `import_graph_def` of the binary and text GraphDefs, `saved_model_cli show
--all` — and records TF's outputs in tests/unit/engine/fixtures/tf_export.json, which
test_tf_export.py holds graphgate's written files to.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "engine"))
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402
from google.protobuf import text_format  # noqa: E402

import graphgate as gg  # noqa: E402
from tests.unit.engine.tf_reference.export_programs import PROGRAMS, feed_dict, fetch  # noqa: E402

t = tf.compat.v1
t.disable_eager_execution()
# TF's own thread pools, as a user runs it: the updates' control inputs (tf_export's reads
# before writes) must make a training step's result independent of TF's scheduling.
FIXTURE = ROOT / "tests" / "unit" / "engine" / "fixtures" / "tf_export.json"


def _meta(directory, spec):
    with t.Session(graph=tf.Graph()) as sess:
        saver = t.train.import_meta_graph(os.path.join(directory, "ckpt", "model.meta"))
        saver.restore(sess, os.path.join(directory, "ckpt", "model"))
        restored = fetch(sess, spec["fetches"], spec["feeds"], tf.string)
        counts = [len(t.global_variables()), len(t.trainable_variables())]
        sess.run("train", feed_dict(sess.graph, spec["feeds"], tf.string))
        stepped = fetch(sess, spec["fetches"], spec["feeds"], tf.string)
    return {"meta": restored, "meta_step": stepped, "variables": counts}


def _saved_model(directory, spec):
    path = os.path.join(directory, "saved_model")
    with t.Session(graph=tf.Graph()) as sess:
        meta = t.saved_model.loader.load(sess, ["serve"], path)
        sig = meta.signature_def["serving_default"]
        feeds = {sig.inputs[k.split(":")[0]].name: v for k, v in spec["feeds"].items()}
        out = fetch(sess, [sig.outputs["out"].name], feeds, tf.string)
    cli = Path(sys.executable).with_name("saved_model_cli")
    shown = subprocess.run(
        [str(cli), "show", "--dir", path, "--all"], capture_output=True, text=True, check=False
    )
    described = shown.returncode == 0 and "signature_def['serving_default']" in shown.stdout
    return {"saved_model": {spec["fetches"][0]: next(iter(out.values()))}, "cli": described}


def _graph(path, spec, text=False):
    graph_def = t.GraphDef()
    data = Path(path).read_bytes()
    if text:
        text_format.Parse(data.decode("utf-8"), graph_def)
    else:
        graph_def.ParseFromString(data)
    with t.Session(graph=tf.Graph()) as sess:
        t.import_graph_def(graph_def, name="")
        if spec is None:
            return len(graph_def.node)
        return fetch(sess, spec["fetches"], spec["feeds"], tf.string)


def main():
    out = {}
    for name, program in PROGRAMS.items():
        with tempfile.TemporaryDirectory() as directory, gg.Graph().as_default():
            spec = program(gg, directory)
            recorded = {"feeds": spec["feeds"], "fetches": spec["fetches"]}
            if name in ("mlp", "cnn", "embedding", "dropout_cond"):
                recorded |= _meta(directory, spec) | _saved_model(directory, spec)
                recorded["graph_pbtxt_nodes"] = _graph(
                    os.path.join(directory, "graph.pbtxt"), None, text=True
                )
            else:
                recorded["graph"] = _graph(os.path.join(directory, f"{name}.pb"), spec)
            if name in ("control_flow", "nested_control_flow"):
                recorded |= _saved_model(directory, spec)
            out[name] = recorded
    FIXTURE.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {FIXTURE}")


if __name__ == "__main__":
    main()
