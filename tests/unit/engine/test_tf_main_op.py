"""graphgate's SavedModel of a graph with lookup tables, saved with no main op, carries one
that fills them (`init_all_tables`), so TF 2.21's `loader.load` answers as graphgate does
(tests/reference/tf1_main_op.py): TF's own `simple_save` writes none, and TF then fails
every lookup (`Table not initialized`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import graphgate.compat.v1 as tf
from graphgate import tf_proto
from tests.reference import tf1_assets, tf1_main_op

EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "tf1_main_op.json").read_text())


def _program(tmp_path) -> dict:
    namespace = {"os": os, "KEYS": tf1_main_op.KEYS, "VALUES": tf1_main_op.VALUES}
    namespace.update(WORDS=tf1_assets.WORDS, LABELS=tf1_assets.LABELS, PAIRS=tf1_assets.PAIRS)
    exec(tf1_assets.PROGRAM, namespace)
    exec(tf1_main_op.PROGRAM, namespace)  # the programs TF loaded graphgate's exports of
    return namespace


def _meta(export_dir) -> dict:
    data = (Path(export_dir) / "saved_model.pb").read_bytes()
    (meta,) = tf_proto.decode(data, tf_proto.SAVED_MODEL, lambda: ValueError("corrupt"))[
        "meta_graphs"
    ]
    return meta


def _main_op(meta, key: str = "saved_model_main_op") -> dict:
    (name,) = meta["collection_def"][key]["node_list"]["value"]
    (node,) = [n for n in meta["graph_def"]["node"] if n["name"] == name]
    return node


class _CountingSession(tf.Session):
    """A session recording what each `run` fetched."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fetched: list = []

    def run(self, fetches, *args, **kwargs):
        self.fetched.append(fetches)
        return super().run(fetches, *args, **kwargs)


def _load_and_answer(export_dir) -> tuple[dict, list]:
    """graphgate's loader's answers for the reference's query, and what it ran on load."""
    graph = tf.Graph()
    with graph.as_default(), _CountingSession(graph=graph) as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(export_dir))
        ran = list(sess.fetched)
        sig = meta.signature_def["serving_default"]
        names = sorted(sig.outputs)
        feed = {sig.inputs["words"].name: EXPECTED["query"]}
        values = sess.run([sig.outputs[n].name for n in names], feed)
    return {n: tf1_main_op._plain(v) for n, v in zip(names, values, strict=True)}, ran


def test_tfs_own_simple_save_writes_no_main_op_and_tf_then_fails_the_lookup():
    assert "saved_model_main_op" not in EXPECTED["tf_own"]["collections"]
    assert EXPECTED["tf_own"]["answer"]["message"] == "Table not initialized."


def test_a_constants_table_exports_a_main_op_tf_ran_and_graphgate_runs_once(tmp_path):
    export_dir = tmp_path / "m"
    _program(tmp_path)["constants"](tf, tf.contrib.lookup, str(export_dir))
    meta = _meta(export_dir)
    node = _main_op(meta)
    assert node["name"] == "init_all_tables" and node["op"] == "NoOp"
    inits = {n["name"] for n in meta["graph_def"]["node"] if n["op"] == "LookupTableImportV2"}
    assert len(inits) == 1 and node["input"] == ["^" + name for name in sorted(inits)]
    answers, ran = _load_and_answer(export_dir)
    assert answers == EXPECTED["constants"] == {"ids": [7, -1, -1, -1, 9, -1]}
    assert len(ran) == 1 and ran[0].name == "init_all_tables"  # the main op, once


def test_vocabulary_file_tables_export_a_main_op_and_answer_as_tf(tmp_path):
    export_dir = tmp_path / "m"
    _program(tmp_path)["vocabulary"](tf, tf.contrib.lookup, str(tmp_path), str(export_dir))
    for name in ("vocab.txt", "labels.txt", "pairs.tsv"):
        (tmp_path / name).unlink()  # what the loaded model reads is its assets
    meta = _meta(export_dir)
    tables = [n["name"] for n in meta["graph_def"]["node"] if n["op"].startswith("Initialize")]
    assert len(tables) == 3
    assert sorted(_main_op(meta)["input"]) == sorted("^" + t for t in tables)
    answers, _ = _load_and_answer(export_dir)
    assert EXPECTED["vocabulary"] == EXPECTED["vocabulary_tf"]  # TF: graphgate's = TF's
    assert answers["ids"] == EXPECTED["vocabulary"]["ids"]
    assert answers["labels"] == EXPECTED["vocabulary"]["labels"]
    assert answers["extra"] == EXPECTED["vocabulary"]["extra"]
    for got, want in zip(answers["scores"], EXPECTED["vocabulary"]["scores"], strict=True):
        assert got == pytest.approx(want, rel=1e-6)


def test_saving_leaves_the_graph_as_it_was(tmp_path):
    graph = tf.Graph()
    with graph.as_default():
        words = tf.placeholder(tf.string, [None], name="words")
        init = tf.contrib.lookup.KeyValueTensorInitializer(["a"], [1], tf.string, tf.int64)
        ids = tf.contrib.lookup.HashTable(init, -1).lookup(words)
        tf.tables_initializer()  # made, not given: the export's own is init_all_tables_1
        before = ([op.name for op in graph.op_list], graph.get_all_collection_keys())
        with tf.Session() as sess:
            tf.saved_model.simple_save(sess, str(tmp_path / "m"), {"words": words}, {"ids": ids})
    assert ([op.name for op in graph.op_list], graph.get_all_collection_keys()) == before
    assert _main_op(_meta(tmp_path / "m"))["name"] == "init_all_tables_1"


def test_a_given_main_op_is_the_only_one_and_a_graph_without_tables_gets_none(tmp_path):
    with tf.Graph().as_default():
        words = tf.placeholder(tf.string, [None], name="words")
        init = tf.contrib.lookup.KeyValueTensorInitializer(["a"], [1], tf.string, tf.int64)
        ids = tf.contrib.lookup.HashTable(init, -1).lookup(words)
        given = tf.group(tf.tables_initializer(), name="given")
        with tf.Session() as sess:
            tf.saved_model.simple_save(
                sess, str(tmp_path / "given"), {"words": words}, {"ids": ids}, given
            )
    meta = _meta(tmp_path / "given")
    assert _main_op(meta, "legacy_init_op")["name"] == "given"
    assert "saved_model_main_op" not in meta["collection_def"]
    names = [n["name"] for n in meta["graph_def"]["node"]]
    assert "init_all_tables" in names and "init_all_tables_1" not in names  # the user's
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        with tf.Session() as sess:
            tf.saved_model.simple_save(sess, str(tmp_path / "plain"), {"x": x}, {"y": x * 2})
    assert "saved_model_main_op" not in _meta(tmp_path / "plain").get("collection_def", {})


def test_tfs_main_op_fills_the_tables_too(tmp_path):
    with tf.Graph().as_default():
        words = tf.placeholder(tf.string, [None], name="words")
        init = tf.contrib.lookup.KeyValueTensorInitializer(["a"], [1], tf.string, tf.int64)
        ids = tf.identity(tf.contrib.lookup.HashTable(init, -1).lookup(words), name="ids")
        given = tf.saved_model.main_op.main_op()  # TF's: local variables and tables
        with tf.Session() as sess:
            tf.saved_model.simple_save(sess, str(tmp_path), {"words": words}, {"ids": ids}, given)
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(tmp_path))
        sig = meta.signature_def["serving_default"]
        got = sess.run(sig.outputs["ids"].name, {sig.inputs["words"].name: ["a", "b"]})
    assert got.tolist() == [1, -1]


def _fed_vocabulary(path: str, held: bytes | None = None):
    """A table naming the file `path` whose files table (names, contents) is fed: the graph
    holds none of the file's bytes; or, given `held`, constants holding them."""
    import graphgate as gg

    graph = gg.Graph()
    with graph.as_default():
        attrs = {"key_dtype": gg.string, "value_dtype": gg.int64}
        handle = graph.create_op("HashTableV2", (), attrs, "table").outputs[0]
        if held is None:
            names = gg.placeholder(gg.string, [None], name="names")
            contents = gg.placeholder(gg.string, [None], name="contents")
        else:
            names, contents = gg.constant([path], name="names"), gg.constant([held])
        ins = (handle, gg.constant(path, name="asset_path"), names, contents)
        attrs = {"key_index": -2, "value_index": -1}
        graph.create_op("InitializeTableFromTextFileV2", ins, attrs, "init")
        words = gg.placeholder(gg.string, [None], name="words")
        ids = graph.create_op("LookupTableFindV2", (handle, words, gg.constant(-1, gg.int64)))
        gg.identity(ids.outputs[0], name="ids")
    return graph, words


def test_a_hosted_archive_never_reads_a_file_its_graph_does_not_hold(tmp_path):
    import graphgate as gg
    from graphgate.errors import GraphgateError
    from graphgate.saved_model import archive, simple_save

    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"a\nb\n")
    graph, words = _fed_vocabulary(str(secret))
    sig = tf.saved_model.signature_def_utils.predict_signature_def(
        {"words": words}, {"ids": graph.get_tensor_by_name("ids:0")}
    )
    with gg.Session(graph=graph) as sess:
        # the service's download: refused, naming the asset, nothing of the file read
        with pytest.raises(GraphgateError) as caught:
            archive(sess, {"serving_default": sig})
        assert caught.value.code == "TF_EXPORT_UNSUPPORTED"
        assert [p["node"] for p in caught.value.details["problems"]] == ["asset_path"]
        # a user's own save copies the file from its path, as TF's builder does
        simple_save(
            sess, str(tmp_path / "m"), {"words": words}, {"ids": graph.get_tensor_by_name("ids:0")}
        )
    assert (tmp_path / "m" / "assets" / "secret.txt").read_bytes() == b"a\nb\n"


@pytest.mark.parametrize("path", ["..", "assets/..", "a\x00b", "x" * 300, "/"])
def test_a_held_file_whose_base_name_is_no_file_is_written_as_asset(tmp_path, path):
    # a hosted graph's file name is any string: "..", a NUL or 300 bytes as the asset's
    # file name left it out of the archive (which still named it) or failed the write (500)
    import graphgate as gg
    from graphgate.saved_model import archive

    graph, words = _fed_vocabulary(path, held=b"a\nb\n")
    sig = tf.saved_model.signature_def_utils.predict_signature_def(
        {"words": words}, {"ids": graph.get_tensor_by_name("ids:0")}
    )
    with gg.Session(graph=graph) as sess:
        blob = archive(sess, {"serving_default": sig})
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert z.read("assets/asset") == b"a\nb\n"
        meta = tf_proto.decode(z.read("saved_model.pb"), tf_proto.SAVED_MODEL, ValueError)
    (asset,) = meta["meta_graphs"][0]["asset_file_def"]
    assert asset["filename"] == "asset"
