"""Whether TensorFlow 2.21 loads graphgate's SavedModel of a graph with lookup tables
filled, when the export was given no main op (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_main_op.py

TF's loader runs only a saved model's main op (or legacy_init_op) after restoring its
variables; TF's own `simple_save` writes none unless it is given one, so its tables load
empty. graphgate's export writes one running the tables' initializers. Writes
tests/unit/engine/fixtures/tf1_main_op.json:
- `tf_own`: TF's `simple_save` of the constants table with no `legacy_init_op`: the
  collections it writes and the error TF raises when its signature runs;
- `constants`, `vocabulary`: TF's answers when it loads graphgate's `simple_save` (no
  `legacy_init_op`) of a `HashTable` of constants and of tf1_assets.py's program
  (vocabulary-file tables, read from the export's `assets/`), and `vocabulary_tf` TF's
  answers for TF's own `simple_save` of that program given `tf.tables_initializer()`.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "unit" / "engine" / "fixtures" / "tf1_main_op.json"
KEYS = ["cat", "dog", "mat"]
VALUES = [7, 9, 3]
QUERY = ["cat", "zebra", "home", "", "dog", "sat"]

PROGRAM = """
def constants(tf, lk, export_dir, legacy_init_op=False):
    with tf.Graph().as_default():
        words = tf.placeholder(tf.string, [None], name="words")
        table = lk.HashTable(
            lk.KeyValueTensorInitializer(KEYS, VALUES, tf.string, tf.int64), -1)
        ids = tf.identity(table.lookup(words), name="ids")
        init = tf.tables_initializer() if legacy_init_op else None
        with tf.Session() as sess:
            tf.saved_model.simple_save(
                sess, export_dir, {"words": words}, {"ids": ids}, legacy_init_op=init)


def vocabulary(tf, lk, directory, export_dir, legacy_init_op=False):
    with tf.Graph().as_default():
        t = build(tf, lk, directory)
        outputs = {k: t[k] for k in ("ids", "scores", "labels", "extra")}
        init = tf.tables_initializer() if legacy_init_op else None
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(
                sess, export_dir, {"words": t["words"]}, outputs, legacy_init_op=init)
"""


def answers(tf, export_dir: str) -> dict:
    """The serving signature's outputs for `QUERY`, or TF's error when it runs."""
    import numpy as np

    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], export_dir)
        sig = meta.signature_def["serving_default"]
        names = sorted(sig.outputs)
        feed = {sig.inputs["words"].name: np.array(QUERY, dtype=object)}
        try:
            values = sess.run([sig.outputs[n].name for n in names], feed)
        except Exception as exc:  # TF's class and first line are the answer
            lines = str(getattr(exc, "message", exc)).split("\n")
            message = next((line for line in lines if "not initialized" in line), lines[0]).strip()
            return {"error": type(exc).__name__, "message": message}
    return {n: _plain(v) for n, v in zip(names, values, strict=True)}


def _plain(value):
    import numpy as np

    value = np.asarray(value)
    if value.dtype == object:
        return [v.decode() if isinstance(v, bytes) else v for v in value.tolist()]
    return value.tolist()


def _collections(tf, export_dir: str) -> list[str]:
    from tensorflow.core.protobuf import saved_model_pb2

    model = saved_model_pb2.SavedModel()
    model.ParseFromString(Path(export_dir, "saved_model.pb").read_bytes())
    return sorted(model.meta_graphs[0].collection_def)


def main() -> None:
    sys.path.insert(0, str(ROOT / "layers" / "engine"))
    sys.path.insert(0, str(ROOT))
    import types

    import tensorflow as tf2
    from tensorflow.python.ops import lookup_ops

    import graphgate.compat.v1 as gg
    from tests.reference import tf1_assets

    tf = tf2.compat.v1
    tf.disable_eager_execution()
    tf_lookup = types.SimpleNamespace(  # TF1's contrib.lookup, as TF 2.21 still has it
        index_table_from_file=lookup_ops.index_table_from_file,
        index_to_string_table_from_file=lookup_ops.index_to_string_table_from_file,
        HashTable=lookup_ops.StaticHashTableV1,
        TextFileInitializer=lookup_ops.TextFileInitializer,
        KeyValueTensorInitializer=lookup_ops.KeyValueTensorInitializer,
    )
    namespace = {"os": os, "KEYS": KEYS, "VALUES": VALUES}
    namespace.update(WORDS=tf1_assets.WORDS, LABELS=tf1_assets.LABELS, PAIRS=tf1_assets.PAIRS)
    exec(tf1_assets.PROGRAM, namespace)
    exec(PROGRAM, namespace)
    out: dict = {"query": QUERY}
    with tempfile.TemporaryDirectory() as scratch:
        own = os.path.join(scratch, "tf_own")
        namespace["constants"](tf, tf_lookup, own)
        out["tf_own"] = {"collections": _collections(tf, own), "answer": answers(tf, own)}
        exported = os.path.join(scratch, "constants")
        namespace["constants"](gg, gg.contrib.lookup, exported)
        out["constants"] = answers(tf, exported)
        for name, lk, module, init in (
            ("vocabulary", gg.contrib.lookup, gg, False),
            ("vocabulary_tf", tf_lookup, tf, True),
        ):
            with tempfile.TemporaryDirectory() as vocabularies:
                exported = os.path.join(scratch, name)
                namespace["vocabulary"](module, lk, vocabularies, exported, init)
            out[name] = answers(tf, exported)  # the vocabularies are gone: assets only
    FIXTURE.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
