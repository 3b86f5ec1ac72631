"""Lookup tables over vocabulary files and saved models' assets, pinned to TF 2.21
(tests/reference/tf1_assets.py): TF's InitializeTableFromTextFileV2 over good and bad
files, a TF1 text model TF wrote loaded and served with its vocabularies, and graphgate's
own export of that program, which TF loaded and answered as TF's own."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from graphgate import GraphgateError, build_files
from graphgate.saved_model import assets as assets_module
from graphgate.saved_model.loader import servable
from tests.reference import tf1_assets as reference

FIXTURES = Path(__file__).parent / "fixtures" / "assets"
EXPECTED = json.loads((FIXTURES / "tf1_assets.json").read_text())
TEXT_MODEL = FIXTURES / "text" / "1"
CASES = {case[0]: case for case in reference.KERNEL_CASES}


def _kernel(case, tmp_path):
    """Run TF's op itself (no Python-side checks) over the case's file."""
    _, data, kd, ki, vd, vi, vs, delim, offset = case
    path = tmp_path / "file.txt"
    path.write_bytes(data)
    graph = gg.Graph()
    with graph.as_default():
        attrs = {"key_dtype": gg.as_dtype(kd), "value_dtype": gg.as_dtype(vd)}
        handle = graph.create_op("HashTableV2", (), attrs, "table").outputs[0]
        name = gg.constant(str(path))
        build_files.register(graph, [str(path)])
        attrs = {"key_index": ki, "value_index": vi, "vocab_size": vs, "delimiter": delim}
        attrs["offset"] = offset
        ins = (handle, name, *build_files.table_tensors(graph))
        init = graph.create_op("InitializeTableFromTextFileV2", ins, attrs, "init")
        size = graph.create_op("LookupTableSizeV2", (handle,), None, "size").outputs[0]
    return graph, init, size, handle, str(path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_text_file_initializer_reads_a_file_as_tf_does(name, tmp_path):
    _reads_as_tf(CASES[name], EXPECTED["kernel"][name], tmp_path)


NUMBERS = json.loads((FIXTURES / "tf1_vocabulary_numbers.json").read_text())
NUMBER_CASES = {c[0]: (c[0], c[1].encode("latin-1"), *c[2:]) for c in NUMBERS["cases"]}


@pytest.mark.parametrize("name", sorted(NUMBER_CASES))
def test_the_text_file_initializer_reads_numbers_and_lines_as_tf_does(name, tmp_path):
    # tests/reference/tf1_vocabulary_numbers.py; before round 20 a NaN value was refused
    # as conflicting with itself, hexadecimal floats and `nan(123)` were refused, a float's
    # message named float32 (TF: float), and `é` was taken as a delimiter of one byte
    _reads_as_tf(NUMBER_CASES[name], NUMBERS["kernel"][name], tmp_path)


def _reads_as_tf(case, expected, tmp_path):
    graph, init, size, handle, path = _kernel(case, tmp_path)
    with gg.Session(graph) as sess:
        if "error" in expected:
            with pytest.raises(GraphgateError) as caught:
                sess.run(init)
            assert expected["error"] in [c.__name__ for c in type(caught.value).__mro__]
            assert caught.value.message == expected["message"].replace("FILE", path)
            return
        sess.run(init)
        pairs = expected["contents"]
        assert sess.run(size) == len(pairs)
        with graph.as_default():
            keys = gg.constant(
                np.array([k.encode() if isinstance(k, str) else k for k, _ in pairs], dtype=object)
                if isinstance(pairs[0][0], str)
                else np.array([k for k, _ in pairs], np.int64)
            )
            value_dtype = graph.ops_by_name["table"].attrs["value_dtype"]
            default = gg.constant(b"" if value_dtype is gg.string else 0, value_dtype)
            find = graph.create_op("LookupTableFindV2", (handle, keys, default), None, "find")
        got = sess.run(find.outputs[0]).tolist()
        want = [v.encode() if isinstance(v, str) else v for _, v in pairs]
        assert got == pytest.approx(want, nan_ok=True) if value_dtype.is_floating else got == want


def _close(got, want):
    if isinstance(want, dict):
        assert sorted(got) == sorted(want)
        for key in want:
            _close(got[key], want[key])
    elif isinstance(want, list):
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _close(g, w)
    elif isinstance(want, float):
        assert got == pytest.approx(want, rel=1e-6)
    else:
        assert got == want


def _answers(export_dir):
    """What graphgate's `loader.load` answers, as the reference script asks TF."""
    answers, serialized = reference._answers(tf, str(export_dir))
    assert serialized == EXPECTED["examples"]  # the same Examples TF was sent
    return answers


def test_a_tf_text_model_loads_with_its_vocabularies_and_answers_as_tf():
    _close(_answers(TEXT_MODEL), EXPECTED["tf"])


def test_the_serving_bridge_carries_the_assets_in_the_graph_under_their_own_names():
    model = servable(str(TEXT_MODEL))
    graph = gg.Graph()
    with graph.as_default():
        gg.import_graph_def(model["graph"], name="")
    names = [
        op.attrs["value"].item()
        for op in graph.op_list
        if op.name.endswith("asset_path") or op.name.endswith("asset_filepath")
    ]
    assert names and all(n.startswith(b"assets/") for n in names)  # no path of this machine
    tables = [op for op in graph.op_list if op.type == "InitializeTableFromTextFileV2"]
    held = assets_module._held_files(graph)
    assert sorted(held) == ["assets/labels.txt", "assets/pairs.tsv", "assets/vocab.txt"]
    assert held["assets/vocab.txt"] == (TEXT_MODEL / "assets" / "vocab.txt").read_bytes()
    assert len(tables) == 3
    session = gg.Session(graph)
    from graphgate.ops import lookup_ops

    session.run(lookup_ops.table_initializers(graph))
    ids = session.run(model["outputs"]["ids"], {model["inputs"]["words"]: EXPECTED["query"]})
    assert ids.tolist() == EXPECTED["tf"]["serving_default"]["ids"]


def test_graphgates_export_writes_the_assets_tf_loaded_and_answers_as_tf(tmp_path):
    namespace = {"os": os, "WORDS": reference.WORDS, "LABELS": reference.LABELS}
    namespace["PAIRS"] = reference.PAIRS
    exec(reference.PROGRAM, namespace)  # the program TF ran on this export
    export_dir = tmp_path / "export"
    namespace["save"](tf, tf.contrib.lookup, str(tmp_path), str(export_dir))
    assert sorted(os.listdir(export_dir / "assets")) == EXPECTED["round_trip_assets"]
    assert (export_dir / "assets" / "vocab.txt").read_bytes() == (
        TEXT_MODEL / "assets" / "vocab.txt"
    ).read_bytes()
    # Moved away from the vocabularies it was built from: the assets are what it reads.
    moved = tmp_path / "moved"
    shutil.move(str(export_dir), moved)
    for name in ("vocab.txt", "labels.txt", "pairs.tsv"):
        (tmp_path / name).unlink()
    _close(_answers(moved), EXPECTED["round_trip"])
    assert EXPECTED["round_trip"] == EXPECTED["tf"]


def _copy(tmp_path):
    target = tmp_path / "model"
    shutil.copytree(TEXT_MODEL, target)
    return target


@pytest.mark.parametrize(
    "filename", ["../saved_model.pb", "/etc/passwd", "a/../../x", "", "sub/../../vocab.txt"]
)
def test_an_asset_outside_the_assets_directory_is_refused(filename):
    with pytest.raises(GraphgateError) as caught:
        assets_module.read_assets(str(TEXT_MODEL), [{"filename": filename, "tensor_name": "x:0"}])
    assert caught.value.code == "INVALID_ASSET"


def test_a_symlinked_asset_is_refused_before_it_is_read(tmp_path):
    model = _copy(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("not a vocabulary\n")
    (model / "assets" / "vocab.txt").unlink()
    (model / "assets" / "vocab.txt").symlink_to(secret)
    with pytest.raises(GraphgateError) as caught:
        servable(str(model))
    assert caught.value.code == "INVALID_ASSET"
    assert "symbolic link" in caught.value.message
    shutil.rmtree(model / "assets")
    (model / "assets").symlink_to(TEXT_MODEL / "assets")
    with pytest.raises(GraphgateError) as caught:
        servable(str(model))
    assert caught.value.code == "INVALID_ASSET"


def test_a_missing_asset_is_refused(tmp_path):
    model = _copy(tmp_path)
    (model / "assets" / "labels.txt").unlink()
    with pytest.raises(GraphgateError) as caught:
        servable(str(model))
    assert caught.value.code == "INVALID_ASSET"
    assert caught.value.details["asset"] == "labels.txt"


def test_assets_past_the_limits_are_refused_before_they_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(assets_module, "MAX_ASSET_BYTES", 50)
    with pytest.raises(GraphgateError) as caught:
        servable(str(TEXT_MODEL))
    assert (caught.value.code, caught.value.details["limit"]) == ("ASSETS_TOO_LARGE", 50)
    monkeypatch.setattr(assets_module, "MAX_ASSET_FILES", 2)
    with pytest.raises(GraphgateError) as caught:
        servable(str(TEXT_MODEL))
    assert caught.value.code == "ASSETS_TOO_LARGE"
    assert caught.value.details == {"files": 3, "limit": 2}


def test_a_file_name_the_graph_does_not_hold_fails_its_run_not_reads_the_disk(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("a\nb\n")
    graph = gg.Graph()
    with graph.as_default():
        name = tf.placeholder(tf.string, [])
        table = tf.contrib.lookup.HashTable(
            tf.contrib.lookup.TextFileInitializer(name, tf.string, -2, tf.int64, -1), -1
        )
    with gg.Session(graph) as sess, pytest.raises(GraphgateError) as caught:
        sess.run(table.initializer, {name: str(secret)})
    assert caught.value.code == "FILE_NOT_FOUND"


def _zip(path, entries):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            archive.writestr(info, data)
    return path


@pytest.mark.parametrize(
    ("name", "mode", "why"),
    [
        ("../evil.txt", 0o100644, "leaves"),
        ("/etc/evil.txt", 0o100644, "leaves"),
        ("assets/../../evil.txt", 0o100644, "leaves"),
        ("C:/evil.txt", 0o100644, "leaves"),
        ("assets/vocab.txt", 0o120777, "symbolic link"),
    ],
)
def test_an_archive_with_an_unsafe_entry_is_refused_before_anything_is_written(
    tmp_path, name, mode, why
):
    from graphgate.saved_model.loader import unpacked_archive

    archive = _zip(tmp_path / "m.zip", [("saved_model.pb", b"x", 0o100644), (name, b"/etc", mode)])
    with pytest.raises(ValueError) as caught:
        unpacked_archive(str(archive), str(tmp_path / "out"))
    assert caught.value.code == "INVALID_ARCHIVE"
    assert why in caught.value.message and caught.value.details["entry"] == name
    assert not (tmp_path / "out").exists()


def _patched(blob: bytes, offsets: dict[int, int], size: int = 2) -> bytes:
    """`blob` with the little-endian field at each offset from the first local header
    (and the same field of the central directory's first entry) set to a value."""
    import struct

    out = bytearray(blob)
    local, central = blob.find(b"PK\x03\x04"), blob.rfind(b"PK\x01\x02")
    shift = {6: 8, 8: 10, 22: 24}  # a local header's field -> the central entry's
    for offset, value in offsets.items():
        fmt = "<H" if size == 2 else "<I"
        struct.pack_into(fmt, out, local + offset, value)
        struct.pack_into(fmt, out, central + shift[offset], value)
    return bytes(out)


def _one_file_zip(path, data=b"x" * 1000) -> bytes:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("saved_model.pb", data)
    return path.read_bytes()


@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile's, writing the case
@pytest.mark.parametrize(
    ("case", "why"),
    [
        ("twice", "another entry's path"),
        ("file_and_directory", "another entry's path"),
        ("directory_and_file", "another entry's path"),
        ("device", "neither a file nor a directory"),
        ("fifo", "neither a file nor a directory"),
        ("deep", "deeper than 64"),
        ("long_part", "part over 255 bytes"),
        ("encrypted", "is encrypted"),
        ("unknown_method", "compressed by method 99"),
        ("size_lies", "does not unpack"),
        ("corrupt", "does not unpack"),
    ],
)
def test_an_archive_zipfile_cannot_unpack_cleanly_is_refused_leaving_nothing(tmp_path, case, why):
    # Each was a bare Python exception out of the CLI (`models create --saved-model x.zip`),
    # a traceback, or (twice) silently the last copy; some left a half-unpacked directory.
    import stat

    from graphgate.saved_model.loader import unpacked_archive

    ok = ("saved_model.pb", b"x", 0o100644)
    entries = {
        "twice": [ok, ok],
        "file_and_directory": [ok, ("variables", b"x", 0o100644), ("variables/a", b"x", 0o100644)],
        "directory_and_file": [ok, ("variables/", b"", 0o40755), ("variables", b"x", 0o100644)],
        "device": [ok, ("assets/tty", b"", stat.S_IFCHR | 0o644)],
        "fifo": [ok, ("assets/pipe", b"", stat.S_IFIFO | 0o644)],
        "deep": [ok, ("/".join(["d"] * 2000) + "/f", b"x", 0o100644)],
        "long_part": [ok, ("assets/" + "v" * 300, b"x", 0o100644)],
    }
    if case in entries:
        blob = _zip(tmp_path / "m.zip", entries[case]).read_bytes()
    else:
        blob = _one_file_zip(tmp_path / "m.zip")
        blob = {
            "encrypted": lambda: _patched(blob, {6: 1}),
            "unknown_method": lambda: _patched(blob, {8: 99}),
            "size_lies": lambda: _patched(blob, {22: 10}, size=4),
            "corrupt": lambda: blob.replace(blob[40:48], bytes(8)),
        }[case]()
    (tmp_path / "out").mkdir()
    with pytest.raises(ValueError) as caught:
        unpacked_archive(blob, str(tmp_path / "out"))
    assert caught.value.code == "INVALID_ARCHIVE"
    assert why in caught.value.message
    assert list((tmp_path / "out").iterdir()) == []


def test_an_archive_claiming_too_much_is_refused_and_a_good_one_serves(tmp_path, monkeypatch):
    from graphgate.saved_model import loader

    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as archive:
        for path in sorted(TEXT_MODEL.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(TEXT_MODEL).as_posix())
    loader.unpacked_archive(str(good), str(tmp_path / "out"))
    assert servable(str(tmp_path / "out"))["inputs"] == {"words": "words:0"}
    monkeypatch.setattr(loader, "MAX_ARCHIVE_BYTES", 100)
    with pytest.raises(GraphgateError) as caught:
        loader.unpacked_archive(str(good), str(tmp_path / "again"))
    assert caught.value.code == "ASSETS_TOO_LARGE"
    with pytest.raises(GraphgateError) as caught:
        loader.unpacked_archive(b"not a zip", str(tmp_path / "again"))
    assert caught.value.code == "INVALID_ARCHIVE"


def test_a_tf2_modules_vocabulary_table_reads_its_asset_as_tf(tmp_path):
    # TF 2 keeps the asset's path in a string variable its main op assigns from the
    # asset placeholder (not in the checkpoint), and fills the table in an init function.
    with tf.Session(graph=tf.Graph()) as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(FIXTURES / "tf2"))
        sig = meta.signature_def["serving_default"]
        ids = sess.run(sig.outputs["ids"].name, {sig.inputs["words"].name: EXPECTED["query"]})
    assert ids.tolist() == EXPECTED["tf2_ids"]
    model = servable(str(FIXTURES / "tf2"))
    assert sorted(assets_module._held_files(_graph_of(model))) == ["assets/words.txt"]


def _graph_of(model):
    graph = gg.Graph()
    with graph.as_default():
        gg.import_graph_def(model["graph"], name="")
    return graph


def test_a_constants_table_takes_a_nan_value_once_as_tfs_try_emplace():
    # the same rule as the file's (`nan` above): a value is compared only with one already
    # under its key, so a lone NaN is no conflict with itself, a second one is
    graph = gg.Graph()
    with graph.as_default():
        init = tf.contrib.lookup.KeyValueTensorInitializer(["a", "b"], [float("nan"), 1.0])
        table = tf.contrib.lookup.HashTable(init, -1.0)
        found = table.lookup(tf.constant(["a", "b", "c"]))
        twice = tf.contrib.lookup.KeyValueTensorInitializer(["a", "a"], [float("nan")] * 2)
        conflict = tf.contrib.lookup.HashTable(twice, -1.0)
    with gg.Session(graph) as sess:
        sess.run(table.initializer)
        got = sess.run(found)
        with pytest.raises(GraphgateError) as caught:
            sess.run(conflict.initializer)
    assert np.isnan(got[0]) and got[1:].tolist() == [1.0, -1.0]
    assert caught.value.code == "TABLE_KEY_CONFLICT"
