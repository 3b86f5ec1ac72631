"""TF1's file-reading input pipelines — TFRecordDataset, TextLineDataset,
FixedLengthRecordDataset, list_files, read_file and the queue readers — run unchanged on
graphgate and observe what TensorFlow observed.

`tests/reference/tf1_readers.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_readers.json`, reading the files TF wrote into `fixtures/readers/`
(`tests/reference/tf1_readers_files.py`); each test runs the same text with `tf` bound to
graphgate. The rest of the file checks what TF cannot be asked: that the graph holds the
files, its documents, the limits and graphgate's errors.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphgate as gg
from graphgate import serialization
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIX = str(Path(__file__).parent / "fixtures" / "readers") + os.sep
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_readers.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_readers", ROOT / "tests" / "reference" / "tf1_readers.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_reader_program_observes_what_tensorflow_did(name, tmp_path):
    out: dict = {}
    with gg.Graph().as_default():
        env = {"tf": gg, "np": np, "out": out, "raises": raised, "FIX": FIX, "TMP": str(tmp_path)}
        exec(programs._DRAIN + programs.PROGRAMS[name], env)
    assert_observed(out, FIXTURE["programs"][name], name, 1e-6, 1e-9)


# -- graphgate's own guarantees ----------------------------------------------------------------


def _write_records(path: Path, records: list[bytes]) -> str:
    with gg.python_io.TFRecordWriter(str(path)) as writer:
        for r in records:
            writer.write(r)
    return str(path)


def _drain(sess, fetch):
    got = []
    while True:
        try:
            got.append(sess.run(fetch))
        except gg.errors.OutOfRangeError:
            return got


def test_a_graph_holds_its_files_so_its_document_runs_after_they_are_gone(tmp_path):
    # GIVEN a record dataset and a queue reader over files, built while the files exist
    a = _write_records(tmp_path / "a.tfrecord", [b"one", b"two"])
    b = _write_records(tmp_path / "b.tfrecord", [b"three"])
    graph = gg.Graph()
    with graph.as_default():
        files = gg.data.Dataset.list_files(str(tmp_path / "*.tfrecord"), shuffle=False)
        records = files.interleave(gg.data.TFRecordDataset, cycle_length=2)
        nxt = gg.data.make_one_shot_iterator(records).get_next()
        queue = gg.train.string_input_producer([a, b], num_epochs=1, shuffle=False)
        key, value = gg.TFRecordReader().read(queue)
    doc = json.loads(json.dumps(gg.graph_to_dict(graph)))
    # WHEN the files are deleted and the document read back runs
    os.remove(a)
    os.remove(b)
    loaded = gg.graph_from_dict(doc)
    with gg.Session(graph=loaded) as sess:
        got = _drain(sess, nxt.name)
    # (a document keeps no queue runners: the reader runs in the graph built)
    with graph.as_default(), gg.Session() as sess:
        sess.run(gg.local_variables_initializer())
        gg.train.start_queue_runners(sess)
        read = _drain(sess, [key, value])
    # THEN both give the records the files held, in TF's order
    assert got == [b"one", b"three", b"two"]
    assert [v for _, v in read] == [b"one", b"two", b"three"]
    assert read[1][0] == f"{a}:19".encode()  # 12 + 3 + 4 bytes into the file


def test_a_file_named_only_when_the_graph_runs_fails_with_how_to_name_it(tmp_path):
    # GIVEN a dataset over a file name fed at run time (no constant named it at build)
    path = _write_records(tmp_path / "fed.tfrecord", [b"x"])
    with gg.Graph().as_default():
        name = gg.placeholder(gg.string, [])
        it = gg.data.make_initializable_iterator(gg.data.TFRecordDataset(name))
        nxt = it.get_next()
        with gg.Session() as sess:
            sess.run(it.initializer, {name: path})
            # WHEN it runs THEN it is TF's NotFoundError, saying files are read at build
            with pytest.raises(gg.errors.NotFoundError) as info:
                sess.run(nxt)
    assert info.value.code == "FILE_NOT_FOUND"
    assert "when the graph is built" in str(info.value)


def test_files_past_the_graph_budget_are_refused_when_the_graph_is_built(tmp_path, monkeypatch):
    from graphgate import build_files

    # GIVEN a budget of 100 bytes of files per graph and two 60-byte files
    monkeypatch.setattr(build_files, "MAX_BYTES_PER_GRAPH", 100)
    for n in "ab":
        (tmp_path / f"{n}.txt").write_bytes(b"y" * 60)
    with gg.Graph().as_default():
        gg.data.TextLineDataset(str(tmp_path / "a.txt"))
        # WHEN a second file would take the graph past it THEN the build is refused
        with pytest.raises(gg.GraphgateError) as info:
            gg.read_file(str(tmp_path / "b.txt"))
    assert info.value.code == "FILES_TOO_LARGE"
    assert info.value.details["limit"] == 100
    # AND a file named twice is held (and counted) once
    with gg.Graph().as_default():
        for _ in range(3):
            gg.data.TextLineDataset(str(tmp_path / "a.txt"))


def test_a_corrupt_record_is_data_loss_with_a_stable_code(tmp_path):
    path = _write_records(tmp_path / "c.tfrecord", [b"good", b"bad!"])
    data = bytearray(Path(path).read_bytes())
    data[-6] ^= 1  # inside the second record's data
    Path(path).write_bytes(bytes(data))
    with gg.Graph().as_default():
        nxt = gg.data.make_one_shot_iterator(gg.data.TFRecordDataset(path)).get_next()
        with gg.Session() as sess:
            assert sess.run(nxt) == b"good"
            with pytest.raises(gg.errors.DataLossError) as info:
                sess.run(nxt)
    assert info.value.code == "CORRUPT_RECORD"


def test_write_file_is_refused_with_the_way_out():
    with gg.Graph().as_default(), pytest.raises(gg.GraphgateError) as info:
        gg.io.write_file("out.bin", gg.constant(b"data"))
    assert info.value.code == "UNIMPLEMENTED"
    assert "from Python" in str(info.value)


def test_a_dataset_tfrecord_writer_is_made_as_tfs_but_its_write_is_refused():
    # GIVEN tf.data.experimental.TFRecordWriter, whose write op TF runs to write a file
    g = gg.Graph()
    with g.as_default():
        writer = gg.data.experimental.TFRecordWriter("out.tfrecord", "GZIP")
        # THEN it holds TF's constants, and its write is refused as tf.io.write_file is
        assert [op.name for op in g.get_operations()] == ["filename", "compression_type"]
        with pytest.raises(gg.GraphgateError) as info:
            writer.write(gg.data.Dataset.from_tensor_slices([b"a", b"b"]))
    assert info.value.code == "UNIMPLEMENTED"
    assert "tf.python_io.TFRecordWriter" in str(info.value)


def test_a_stored_session_refuses_a_run_that_reads_with_a_reader():
    from graphgate.ops import dataset_ops

    with gg.Graph().as_default() as graph:
        reader = gg.WholeFileReader()
        produced = reader.num_records_produced()
    op = dataset_ops.iterator_needed(graph, [produced])
    assert op is not None
    assert dataset_ops.state_not_kept(op).code == "ITERATOR_STATE_NOT_KEPT"


def test_a_document_holds_each_file_once_however_many_ops_read_it(tmp_path):
    # GIVEN a 20 kB file read by five ops, each built after another file joined the table
    big = tmp_path / "big.bin"
    big.write_bytes(np.random.default_rng(3).bytes(20_000))
    graph = gg.Graph()
    with graph.as_default():
        for i in range(5):
            small = tmp_path / f"small{i}.txt"
            small.write_bytes(b"x\n")
            gg.data.TextLineDataset([str(small), str(big)])
    # WHEN the graph is written as a document
    size = len(json.dumps(gg.graph_to_dict(graph)))
    # THEN it holds the big file's bytes once (base64: 4/3 of 20 kB), not five times
    assert size < 2 * 20_000


@settings(derandomize=True, max_examples=25, deadline=None)
@given(
    records=st.lists(st.binary(max_size=40), max_size=6),
    kind=st.sampled_from(["", "GZIP", "ZLIB"]),
    parallel=st.sampled_from([None, 2]),
)
def test_records_written_come_back_in_order_whatever_the_compression(records, kind, parallel):
    # GIVEN records written into two files by the TFRecord writer (TF's bytes, fixture-tested)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        names = []
        for part, rows in enumerate((records, records[::-1])):
            names.append(os.path.join(folder, f"p{part}.tfrecord"))
            with gg.python_io.TFRecordWriter(names[-1], gg.python_io.TFRecordOptions(kind)) as w:
                for r in rows:
                    w.write(r)
        # WHEN a TFRecordDataset reads them
        with gg.Graph().as_default():
            ds = gg.data.TFRecordDataset(names, kind, num_parallel_reads=parallel)
            nxt = gg.data.make_one_shot_iterator(ds).get_next()
            with gg.Session() as sess:
                got = _drain(sess, nxt)
    # THEN it gives them back: file after file, or alternating between the two
    if parallel is None:
        assert got == records + records[::-1]
    else:
        assert got == [r for pair in zip(records, records[::-1], strict=True) for r in pair]


def test_a_document_with_a_reader_of_no_record_length_is_refused_when_built():
    graph = gg.Graph()
    with graph.as_default(), pytest.raises(gg.GraphgateError) as info:
        attrs = {"record_bytes": 0, "header_bytes": 0, "footer_bytes": 0}
        graph.create_op("FixedLengthRecordReaderV2", (), attrs, "reader")
    assert info.value.code == "INVALID_ATTR"
    assert "record_bytes must be positive" in str(info.value)


def test_a_document_whose_file_table_does_not_pair_up_fails_its_run_cleanly():
    graph = gg.Graph()
    with graph.as_default():
        names = gg.constant([b"a", b"b"])
        contents = gg.constant([b"only one"])
        name = gg.constant(b"b")
        op = graph.create_op("ReadBuiltFile", (name, names, contents), None, "ReadFile")
    with gg.Session(graph=graph) as sess, pytest.raises(gg.GraphgateError) as info:
        sess.run(op.outputs[0])
    assert info.value.code == "COMPUTE_ERROR"


def test_more_parallel_reads_than_an_interleave_may_open_are_refused_when_built():
    with gg.Graph().as_default(), pytest.raises(gg.GraphgateError) as info:
        gg.data.TFRecordDataset("any.tfrecord", num_parallel_reads=1 << 20)
    assert info.value.code == "INVALID_ATTR"


def test_a_compressed_file_inflating_past_the_run_limit_stops_there(tmp_path):
    # GIVEN a GZIP TFRecord file of 100 kB of zeros (a few hundred bytes compressed)
    path = str(tmp_path / "bomb.tfrecord.gz")
    options = gg.python_io.TFRecordOptions("GZIP")
    with gg.python_io.TFRecordWriter(path, options) as writer:
        writer.write(bytes(100_000))
    graph = gg.Graph()
    with graph.as_default():
        nxt = gg.data.make_one_shot_iterator(gg.data.TFRecordDataset(path, "GZIP")).get_next()
    # WHEN a run limited to 10 000 elements opens it THEN it stops as TENSOR_TOO_LARGE
    limits = gg.Limits(max_tensor_elements=10_000)
    with gg.Session(graph=graph, limits=limits) as sess, pytest.raises(gg.GraphgateError) as info:
        sess.run(nxt)
    assert info.value.code == "TENSOR_TOO_LARGE"
    # AND without a limit it reads the record whole
    with gg.Session(graph=graph) as sess:
        assert len(sess.run(nxt)) == 100_000


def test_a_gzip_file_of_several_members_reads_them_all(tmp_path):
    import gzip

    path = tmp_path / "two.txt.gz"
    path.write_bytes(gzip.compress(b"a\nb\n") + gzip.compress(b"c\n"))
    with gg.Graph().as_default():
        nxt = gg.data.make_one_shot_iterator(gg.data.TextLineDataset(str(path), "GZIP")).get_next()
        with gg.Session() as sess:
            assert _drain(sess, nxt) == [b"a", b"b", b"c"]


def test_names_no_reader_uses_are_never_read(tmp_path, monkeypatch):
    from graphgate import build_files

    # GIVEN a budget of 100 bytes and a 200-byte file named to string_input_producer
    monkeypatch.setattr(build_files, "MAX_BYTES_PER_GRAPH", 100)
    big = tmp_path / "big.txt"
    big.write_bytes(b"z" * 200)
    with gg.Graph().as_default():
        queue = gg.train.string_input_producer([str(big)], shuffle=False)
        # WHEN no reader reads it THEN the graph builds (the file was not read)
        gg.identity(queue.size())
        # AND a reader built over the queue is what reads it, and is refused
        with pytest.raises(gg.GraphgateError) as info:
            gg.TextLineReader().read(queue)
    assert info.value.code == "FILES_TOO_LARGE"


@settings(derandomize=True, max_examples=40, deadline=None)
@given(
    records=st.lists(st.binary(max_size=30), min_size=1, max_size=12),
    flip=st.integers(min_value=0),
    bit=st.integers(min_value=0, max_value=7),
)
def test_a_flipped_bit_fails_at_the_record_the_sequential_reader_fails_at(records, flip, bit):
    # GIVEN a TFRecord file with one bit flipped, checked in batches of 3 records
    from graphgate.ops import file_reader_ops
    from graphgate.tf_events import record

    data = bytearray(b"".join(record(r) for r in records))
    data[flip % len(data)] ^= 1 << bit
    data = bytes(data)
    saved, file_reader_ops._CHECK_BATCH = file_reader_ops._CHECK_BATCH, 3
    try:
        got, code = [], None
        try:
            for _, r in file_reader_ops.tfrecords(data, "f"):
                got.append(r)
        except gg.GraphgateError as exc:
            code = exc.code
    finally:
        file_reader_ops._CHECK_BATCH = saved
    # THEN it gives the records before the damaged one, then DataLoss, as a record-by-record
    # reader does
    whole = [record(r) for r in records]
    damaged = next(
        i for i, _ in enumerate(whole) if sum(map(len, whole[: i + 1])) > flip % len(data)
    )
    assert got == records[:damaged]
    assert code == "CORRUPT_RECORD"


def test_matching_files_lists_directories_too_as_tf_does(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_bytes(b"a")
    with gg.Graph().as_default():
        names = gg.io.matching_files(str(tmp_path / "*"))
        with gg.Session() as sess:
            got = [os.path.basename(n.decode()) for n in sess.run(names)]
    assert got == ["a.txt", "sub"]  # TF 2.21 lists both (checked against tf.io.matching_files)


def test_a_document_never_reads_a_file_of_the_machine_that_runs_it(tmp_path):
    # GIVEN a stored graph's document that reads a file, edited (as an attacker could send
    # it) to name a file that exists where the document runs, say a secret of the server
    mine, secret = tmp_path / "mine.txt", tmp_path / "secret.txt"
    mine.write_bytes(b"mine")
    secret.write_bytes(b"the server's secret")
    with gg.Graph().as_default() as graph:
        gg.read_file(str(mine), name="content")
    document = json.loads(json.dumps(serialization.graph_to_dict(graph)))
    named = next(n for n in document["nodes"] if n["name"] == "content/filename")
    named["attrs"]["value"]["data"] = [str(secret)]
    # WHEN the document is loaded and run
    loaded = serialization.graph_from_dict(document)
    with pytest.raises(gg.errors.NotFoundError) as exc, gg.Session(graph=loaded) as sess:
        sess.run("content:0")
    # THEN the run refuses the name its table does not hold; the file is never opened
    assert exc.value.code == "FILE_NOT_FOUND" and "server's secret" not in str(exc.value)


def _read_until_raised(path, options=None) -> tuple[list, object]:
    got = []
    try:
        for r in gg.python_io.tf_record_iterator(str(path), options):
            got.append(r)
    except gg.errors.DataLossError as exc:
        return got, exc
    return got, None


@pytest.mark.parametrize("kind", ["", "GZIP", "ZLIB"])
def test_tf_record_iterator_reads_in_pieces_yet_yields_and_fails_record_by_record(
    kind, tmp_path, monkeypatch
):
    # GIVEN records of every size, some longer than the pieces the iterator reads
    from graphgate import tf_python_io

    monkeypatch.setattr(tf_python_io, "_PIECE", 64)
    rng = np.random.default_rng(5)
    records = [rng.bytes(int(n)) for n in rng.integers(0, 300, 60)] + [b"", rng.bytes(1000)]
    path = tmp_path / "r.tfrecord"
    options = gg.python_io.TFRecordOptions(kind)
    with gg.python_io.TFRecordWriter(str(path), options) as w:
        for r in records:
            w.write(r)
    # THEN every record comes back, in order
    assert _read_until_raised(path, options) == (records, None)


def test_tf_record_iterator_raises_at_the_corrupt_record_after_the_ones_before(
    tmp_path, monkeypatch
):
    from graphgate import tf_python_io

    monkeypatch.setattr(tf_python_io, "_PIECE", 64)
    records = [bytes([i]) * (i * 7 % 90) for i in range(50)]
    from graphgate.tf_events import record

    frames = [record(r) for r in records]
    at = sum(len(f) for f in frames[:30])  # where record 30 starts
    cases = {
        "body": (at + 12, 30),  # a byte of its data: its data CRC fails
        "header": (at + 9, 30),  # its length's CRC fails
        "length": (at, 30),  # a length its CRC contradicts, never trusted
    }
    data = b"".join(frames)
    for name, (pos, good) in cases.items():
        damaged = bytearray(data)
        damaged[pos] ^= 0x40
        path = tmp_path / f"{name}.tfrecord"
        path.write_bytes(bytes(damaged))
        got, exc = _read_until_raised(path)
        assert got == records[:good], name
        assert exc is not None and exc.code == "CORRUPT_RECORD", name
    # A record cut short is DataLoss after the whole ones; a partial header ends the file.
    (tmp_path / "cut.tfrecord").write_bytes(data[: at + 20])
    got, exc = _read_until_raised(tmp_path / "cut.tfrecord")
    assert got == records[:30] and exc.code == "CORRUPT_RECORD"
    (tmp_path / "end.tfrecord").write_bytes(data[: at + 11])
    assert _read_until_raised(tmp_path / "end.tfrecord") == (records[:30], None)
