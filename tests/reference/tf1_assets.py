"""What TensorFlow 2.21 computes from SavedModels whose lookup tables read asset files
(vocabularies), and from graphgate's export of the same model (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_assets.py

Writes, under tests/unit/engine/fixtures/assets/:
- `text/1/`: a TF1 text model TF writes with `SavedModelBuilder` (main op
  `tf.tables_initializer()`; its vocabularies in `assets/`, named by TF1's
  `saved_model_assets` collection): words in, ids (`index_table_from_file` with OOV
  buckets), scores, labels (`index_to_string_table_from_file`) and a `TextFileInitializer`
  column lookup out; a classify signature over serialized Examples beside it.
- `tf1_assets.json`: TF's answers for that model (predict and classify), TF's errors of
  `InitializeTableFromTextFileV2` over bad files (`KERNEL_CASES`), and TF's answers when
  it loads the SavedModel graphgate writes of the same program (`round_trip`).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "unit" / "engine" / "fixtures" / "assets"
WORDS = ["the", "cat", "sat", "on", "mat", "dog", "ran", "far", "away", "home"]
LABELS = ["animal", "action", "place"]
PAIRS = "cat\t7\ndog\t9\nmat\t3\n"
QUERY = ["cat", "zebra", "home", "", "dog", "sat"]
EXAMPLE_WORDS = ["dog", "mat", "unknown"]

# One program, run by TF (tf = tf.compat.v1) and by graphgate (graphgate.compat.v1):
# `build(tf, directory)` writes the vocabularies into `directory` and returns the
# signature map's tensors.
PROGRAM = """
def build(tf, lk, directory):
    import numpy as np
    def write(name, text):
        path = os.path.join(directory, name)
        with open(path, "w") as f:
            f.write(text)
        return path
    vocab = write("vocab.txt", "\\n".join(WORDS) + "\\n")
    labels = write("labels.txt", "\\n".join(LABELS) + "\\n")
    pairs = write("pairs.tsv", PAIRS)
    words = tf.placeholder(tf.string, [None], name="words")
    table = lk.index_table_from_file(vocab, num_oov_buckets=2)
    ids = table.lookup(words)
    emb = tf.get_variable("emb", initializer=np.arange(36, dtype=np.float32).reshape(12, 3) % 7 / 7)
    scores = tf.nn.softmax(tf.gather(emb, ids), name="scores")
    names = lk.index_to_string_table_from_file(labels, default_value="UNK")
    top = names.lookup(tf.argmax(scores, 1), name="labels")
    weights = lk.HashTable(
        lk.TextFileInitializer(pairs, tf.string, 0, tf.int64, 1, delimiter="\\t"), -1)
    extra = weights.lookup(words)
    examples = tf.placeholder(tf.string, [None], name="examples")
    parsed = tf.parse_example(examples, {"word": tf.FixedLenFeature([], tf.string)})
    c_scores = tf.nn.softmax(tf.gather(emb, table.lookup(parsed["word"])))
    classes = tf.tile(tf.expand_dims(names.lookup(tf.range(3, dtype=tf.int64)), 0),
                      tf.stack([tf.shape(examples)[0], 1]))
    return {
        "words": words, "ids": ids, "scores": scores, "labels": top, "extra": extra,
        "examples": examples, "classes": classes, "class_scores": c_scores,
    }


def signatures(tf, t):
    sdu = tf.saved_model.signature_def_utils
    predict = sdu.predict_signature_def(
        {"words": t["words"]},
        {"ids": t["ids"], "scores": t["scores"], "labels": t["labels"], "extra": t["extra"]})
    classify = sdu.classification_signature_def(t["examples"], t["classes"], t["class_scores"])
    return {"serving_default": predict, "classify": classify}


def save(tf, lk, directory, export_dir):
    with tf.Graph().as_default():
        t = build(tf, lk, directory)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
            builder.add_meta_graph_and_variables(
                sess, ["serve"], signatures(tf, t),
                assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS),
                main_op=tf.tables_initializer())
            builder.save()
"""

# InitializeTableFromTextFileV2 over bad or unusual files: (name, file bytes, key dtype,
# key index, value dtype, value index, vocab_size, delimiter, offset).
KERNEL_CASES = [
    ("whole_line_to_number", b"a\nb\nc\n", "string", -2, "int64", -1, -1, "\t", 0),
    ("offset", b"a\nb\n", "string", -2, "int64", -1, -1, "\t", 10),
    ("offset_on_a_column", b"a\t1\nb\t2\n", "string", 0, "int64", 1, -1, "\t", 10),
    ("crlf_and_no_last_newline", b"a\t1\r\nb\t2", "string", 0, "int64", 1, -1, "\t", 0),
    ("first_lines_only", b"a\nb\nc\n", "string", -2, "int64", -1, 2, "\t", 0),
    ("number_to_line", b"x\ny\n", "int64", -1, "string", -2, -1, "\t", 0),
    ("integer_keys", b"10\n20\n", "int64", -2, "int64", -1, -1, "\t", 0),
    ("float_values", b"a,1.5\nb,2e3\nc, 7\n", "string", 0, "float32", 1, -1, ",", 0),
    ("double_values", b"a 0.1\n", "string", 0, "float64", 1, -1, " ", 0),
    ("empty_field_key", b"\t1\n", "string", 0, "int64", 1, -1, "\t", 0),
    ("same_key_same_value", b"a\t1\nb\t2\na\t1\n", "string", 0, "int64", 1, -1, "\t", 0),
    ("int32_values", b"a\t5\n", "string", 0, "int32", 1, -1, "\t", 0),
    ("empty_line", b"a\n\nb\n", "string", -2, "int64", -1, -1, "\t", 0),
    ("duplicate_word", b"a\nb\na\n", "string", -2, "int64", -1, -1, "\t", 0),
    ("bad_integer", b"a\tx\n", "string", 0, "int64", 1, -1, "\t", 0),
    ("underscored_integer", b"a\t1_0\n", "string", 0, "int64", 1, -1, "\t", 0),
    ("int32_overflow", b"a\t99999999999\n", "string", 0, "int32", 1, -1, "\t", 0),
    ("too_few_lines", b"a\nb\n", "string", -2, "int64", -1, 3, "\t", 0),
    ("too_few_columns", b"a\tb\n", "string", 2, "int64", -1, -1, "\t", 0),
    ("long_delimiter", b"a::1\n", "string", 0, "int64", 1, -1, "::", 0),
    ("empty_file", b"", "string", -2, "int64", -1, -1, "\t", 0),
    ("line_number_string_key", b"a\n", "string", -1, "string", -2, -1, "\t", 0),
    ("line_number_string_value", b"a\n", "string", -2, "string", -1, -1, "\t", 0),
]


def _plain(value):
    import numpy as np

    if isinstance(value, bytes):
        return value.decode()
    value = np.asarray(value)
    if value.dtype == object:
        return [_plain(v) for v in value] if value.ndim else value.item().decode()
    return value.tolist()


def _answers(tf, export_dir):
    """TF's predict and classify answers of a SavedModel (tf.compat.v1 loader)."""
    import numpy as np

    example_module = tf.train
    serialized = [
        example_module.Example(
            features=example_module.Features(
                feature={
                    "word": example_module.Feature(
                        bytes_list=example_module.BytesList(value=[w.encode()])
                    )
                }
            )
        ).SerializeToString()
        for w in EXAMPLE_WORDS
    ]
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], export_dir)
        out = {}
        for key, feeds in (
            ("serving_default", {"words": QUERY}),
            ("classify", {"inputs": serialized}),
        ):
            sig = meta.signature_def[key]
            names = sorted(sig.outputs)
            values = sess.run(
                [sig.outputs[n].name for n in names],
                {sig.inputs[k].name: np.array(v, dtype=object) for k, v in feeds.items()},
            )
            out[key] = {n: _plain(v) for n, v in zip(names, values, strict=True)}
    return out, [s.hex() for s in serialized]


def _kernel_case(tf, case):
    from tensorflow.python.ops import gen_lookup_ops

    _, data, kd, ki, vd, vi, vs, delim, offset = case
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "file.txt")
        with open(path, "wb") as f:
            f.write(data)
        with tf.Graph().as_default(), tf.Session() as sess:
            table = gen_lookup_ops.hash_table_v2(key_dtype=kd, value_dtype=vd)
            try:
                init = gen_lookup_ops.initialize_table_from_text_file_v2(
                    table, path, ki, vi, vocab_size=vs, delimiter=delim, offset=offset
                )
                sess.run(init)
                keys, values = sess.run(gen_lookup_ops.lookup_table_export_v2(table, kd, vd))
                pairs = sorted(zip(_plain(keys), _plain(values), strict=True))
                return {"contents": [list(p) for p in pairs]}
            except Exception as exc:  # TF's class is the answer
                lines = [
                    line
                    for line in str(getattr(exc, "message", exc)).split("\n")
                    if line.strip()
                    and not line[0].isspace()
                    and "Graph execution" not in line
                    and "Detected at" not in line
                    and not line.startswith("Node:")
                ]
                message = (lines[0] if lines else str(exc)).replace(path, "FILE")
                return {"error": type(exc).__name__, "message": message}


def _tf2_module(tf2, directory: str) -> list:
    """A TF 2 `tf.Module` whose StaticVocabularyTable reads a vocabulary file, saved with
    `tf.saved_model.save` (its asset a path variable the main op assigns); TF's ids."""
    vocab = os.path.join(directory, "words.txt")
    with open(vocab, "w") as f:
        f.write("\n".join(WORDS) + "\n")

    class Words(tf2.Module):
        def __init__(self):
            init = tf2.lookup.TextFileInitializer(vocab, tf2.string, -2, tf2.int64, -1)
            self.table = tf2.lookup.StaticVocabularyTable(init, 3)

        @tf2.function(input_signature=[tf2.TensorSpec([None], tf2.string)])
        def __call__(self, words):
            return {"ids": self.table.lookup(words)}

    module = Words()
    shutil.rmtree(FIXTURES / "tf2", ignore_errors=True)
    tf2.saved_model.save(module, str(FIXTURES / "tf2"), signatures=module.__call__)
    os.remove(vocab)  # what the loaded model reads is its asset
    loaded = tf2.saved_model.load(str(FIXTURES / "tf2"))
    return loaded.signatures["serving_default"](words=tf2.constant(QUERY))["ids"].numpy().tolist()


def main() -> None:
    sys.path.insert(0, str(ROOT / "layers" / "engine"))
    import tensorflow as tf2

    tf = tf2.compat.v1
    import types

    from tensorflow.python.ops import lookup_ops

    tf_lookup = types.SimpleNamespace(  # TF1's contrib.lookup, as TF 2.21 still has it
        index_table_from_file=lookup_ops.index_table_from_file,
        index_to_string_table_from_file=lookup_ops.index_to_string_table_from_file,
        HashTable=lookup_ops.StaticHashTableV1,
        TextFileInitializer=lookup_ops.TextFileInitializer,
    )

    import graphgate.compat.v1 as gg

    with tempfile.TemporaryDirectory() as scratch:
        tf2_ids = _tf2_module(tf2, scratch)

    tf.disable_eager_execution()  # after the TF 2 module: the rest is TF1's graph mode
    namespace = {"os": os, "WORDS": WORDS, "LABELS": LABELS, "PAIRS": PAIRS}
    exec(PROGRAM, namespace)  # the program both TF and graphgate run
    shutil.rmtree(FIXTURES / "text", ignore_errors=True)
    export_dir = str(FIXTURES / "text" / "1")
    with tempfile.TemporaryDirectory() as vocabularies:
        namespace["save"](tf, tf_lookup, vocabularies, export_dir)
    answers, serialized = _answers(tf, export_dir)
    with tempfile.TemporaryDirectory() as scratch:
        exported = os.path.join(scratch, "export")
        namespace["save"](gg, gg.contrib.lookup, scratch, exported)
        round_trip, _ = _answers(tf, exported)
        written = sorted(os.listdir(os.path.join(exported, "assets")))
    out = {
        "query": QUERY,
        "examples": serialized,
        "tf": answers,
        "round_trip": round_trip,
        "round_trip_assets": written,
        "kernel": {case[0]: _kernel_case(tf, case) for case in KERNEL_CASES},
        "tf2_ids": tf2_ids,
    }
    (FIXTURES / "tf1_assets.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
