"""TF1 `tf.data.experimental` windowing, grouping, scanning and sampling programs run
unchanged on graphgate and observe what TensorFlow observed.

`tests/reference/tf1_dataxp.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_dataxp.json`; each test runs the same text with `tf` bound to graphgate.
The rest of the file checks what TF cannot be asked: the wire format and graphgate's errors.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_dataxp.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_dataxp", ROOT / "tests" / "reference" / "tf1_dataxp.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_dataxp_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        env = {"tf": gg, "np": np, "out": out, "raises": raised}
        exec(programs._DRAIN + programs.PROGRAMS[name], env)
    assert_observed(out, FIXTURE["programs"][name], name, 1e-6, 1e-9)


# -- graphgate's own guarantees ----------------------------------------------------------------


def _experimental_pipelines():
    D, X = gg.data.Dataset, gg.data.experimental
    graph = gg.Graph()
    with graph.as_default():
        offset = gg.constant(100, gg.int64, name="offset")
        grouped = D.range(9).apply(
            X.group_by_window(lambda x: x % 2, lambda k, w: w.batch(3).map(lambda b: b + offset), 3)
        )
        windows = D.range(6).window(3, 2).flat_map(lambda w: w.batch(3))
        scanned = D.range(5).apply(X.scan(offset, lambda s, x: (s + x, s)))
        sampled = X.sample_from_datasets([D.range(0, 5), D.range(10, 15)], seed=4)
        nexts = [
            gg.data.make_one_shot_iterator(d).get_next()
            for d in (grouped, windows, scanned, sampled)
        ]
    return graph, nexts


def _drain(sess, name):
    got = []
    while True:
        try:
            got.append(np.asarray(sess.run(name)).tolist())
        except gg.errors.OutOfRangeError:
            return got


def test_experimental_datasets_round_trip_the_wire_format_and_run_the_same():
    # GIVEN graphs holding group_by_window, window, scan and sample_from_datasets bodies
    graph, nexts = _experimental_pipelines()
    doc = gg.graph_to_dict(graph)
    loaded = gg.graph_from_dict(json.loads(json.dumps(doc)))
    assert gg.graph_to_dict(loaded) == doc
    # WHEN the original and the document read back run
    results = []
    for g in (graph, loaded):
        with gg.Session(graph=g) as sess:
            results.append([_drain(sess, n.name) for n in nexts])
    # THEN both give the same elements
    assert results[0] == results[1]
    assert results[0][0] == [[100, 102, 104], [101, 103, 105], [106, 108], [107]]
    assert results[0][2] == [100, 100, 101, 103, 106]


def test_an_iterator_over_windows_is_refused_with_a_clear_error():
    with gg.Graph().as_default():
        windows = gg.data.Dataset.range(4).window(2)
        with pytest.raises(gg.GraphgateError) as info:
            gg.data.make_one_shot_iterator(windows)
    assert info.value.code == "UNIMPLEMENTED"


def test_a_document_feeding_a_tensor_where_a_window_goes_fails_cleanly():
    # GIVEN a DatasetArg reading a string constant instead of a dataset
    graph = gg.Graph()
    with graph.as_default():
        s = gg.constant("not a dataset")
        op = graph.create_op("DatasetArg", (s,), None, "DatasetArg")
        ds = gg.data.Dataset(op.outputs[0], None, [gg.int64], [()])
        n = gg.data.make_one_shot_iterator(ds).get_next()
    # WHEN it runs THEN the run fails with an error code, not a traceback
    with gg.Session(graph=graph) as sess, pytest.raises(gg.GraphgateError) as info:
        sess.run(n)
    assert info.value.code == "COMPUTE_ERROR"


def test_a_group_larger_than_the_run_limit_is_refused():
    # GIVEN windows that would hold more elements than the run allows
    D, X = gg.data.Dataset, gg.data.experimental
    graph = gg.Graph()
    with graph.as_default():
        big = D.from_tensors(gg.zeros([1000])).repeat(50)
        grouped = big.apply(
            X.group_by_window(lambda x: gg.constant(0, gg.int64), lambda k, w: w.batch(50), 50)
        )
        n = gg.data.make_one_shot_iterator(grouped).get_next()
    # WHEN it runs under a limit of 10 000 elements THEN it fails as TENSOR_TOO_LARGE
    limits = gg.Limits(max_tensor_elements=10_000)
    with gg.Session(graph=graph, limits=limits) as sess, pytest.raises(gg.GraphgateError) as info:
        sess.run(n)
    assert info.value.code == "TENSOR_TOO_LARGE"


def test_a_csv_dataset_holds_its_files_contents_so_its_graph_needs_no_file(tmp_path):
    # GIVEN a CsvDataset whose file is deleted once the graph is built
    path = tmp_path / "rows.csv"
    path.write_text('id,name\n1,"a, b"\n2,c\n')
    graph = gg.Graph()
    with graph.as_default():
        ds = gg.data.experimental.CsvDataset(str(path), [gg.int64, gg.constant("?")], header=True)
        n = gg.data.make_one_shot_iterator(ds).get_next()
    path.unlink()
    # WHEN the graph and its document read back run
    loaded = gg.graph_from_dict(json.loads(json.dumps(gg.graph_to_dict(graph))))
    for g in (graph, loaded):
        with gg.Session(graph=g) as sess:
            rows = [sess.run([t.name for t in n]) for _ in range(2)]
            with pytest.raises(gg.errors.OutOfRangeError):
                sess.run(n[0].name)
        # THEN both give the records
        assert [[int(i), s] for i, s in rows] == [[1, b"a, b"], [2, b"c"]]


def test_a_csv_dataset_of_a_computed_file_name_is_refused():
    with gg.Graph().as_default():
        name = gg.placeholder(gg.string, [])
        with pytest.raises(gg.GraphgateError) as info:
            gg.data.experimental.CsvDataset(name, [gg.int32])
    assert info.value.code == "UNIMPLEMENTED"


def _drained(ds) -> list:
    nxt = gg.data.make_one_shot_iterator(ds).get_next()
    out = []
    with gg.Session() as sess:
        while True:
            try:
                out.append(sess.run(nxt).tolist())
            except gg.errors.OutOfRangeError:
                return out


def _windows_model(n: int, size: int, shift: int, stride: int, drop: bool) -> list:
    """range(n)'s windows: every shift-th start, the stride-th elements of its span."""
    out, span = [], (size - 1) * stride + 1
    for start in range(0, n, shift):
        rows = list(range(start, min(n, start + span)))
        if drop and len(rows) < span:
            break
        out.append(rows[::stride][:size])
    return out


def _groups_model(xs: list, mod: int, size: int) -> list:
    """Groups by x % mod emitted when full, then those left in ascending key order."""
    groups, out = {}, []
    for x in xs:
        groups.setdefault(x % mod, []).append(x)
        if len(groups[x % mod]) == size:
            out.append(groups.pop(x % mod))
    return out + [groups[k] for k in sorted(groups)]


@pytest.mark.parametrize("seed", range(16))
def test_window_and_group_by_window_match_a_python_model(seed):
    # The models were checked against TF 2.21's tf.data on these same seeds.
    rng = np.random.default_rng(seed)
    n, size, shift = int(rng.integers(0, 15)), int(rng.integers(1, 5)), int(rng.integers(1, 6))
    stride, drop = int(rng.integers(1, 4)), bool(rng.integers(0, 2))
    with gg.Graph().as_default():
        ds = gg.data.Dataset.range(n).window(size, shift, stride, drop)
        got = _drained(ds.flat_map(lambda w: w.batch(size)))
    assert got == _windows_model(n, size, shift, stride, drop)
    mod, group = int(rng.integers(1, 4)), int(rng.integers(1, 5))
    xs = rng.integers(0, 20, size=max(n, 1)).tolist()
    with gg.Graph().as_default():
        ds = gg.data.Dataset.from_tensor_slices(np.array(xs, np.int64))
        grouping = gg.data.experimental.group_by_window(
            lambda x: x % mod, lambda k, w: w.batch(group), group
        )
        got = _drained(ds.apply(grouping))
    assert got == _groups_model(xs, mod, group)


_CSV_FUZZ = json.loads((Path(__file__).parent / "fixtures" / "tf1_csv_fuzz.json").read_text())


def _csv_rows(path: str, defaults: list) -> list:
    rows = []
    with gg.Graph().as_default():
        ds = gg.data.experimental.CsvDataset([path], defaults)
        nxt = gg.data.make_one_shot_iterator(ds).get_next()
        with gg.Session() as sess:
            try:
                while True:
                    rows.append([_csv_float(float(v)) for v in sess.run(nxt)])
            except gg.errors.OutOfRangeError:
                pass
            except gg.errors.InvalidArgumentError:
                rows.append("InvalidArgumentError")
    return rows


def _csv_float(v: float) -> float | str:
    if np.isnan(v):
        return "nan"
    return ("inf" if v > 0 else "-inf") if np.isinf(v) else v


def test_csv_dataset_parses_random_files_as_tensorflow_did(tmp_path):
    # Quotes, blanks, line endings, overflow, missing and extra fields, stray characters.
    defaults = ([[0.0], [0.0]], [[0], [1]], [gg.float32, [9.0]])
    for k, (text, want) in enumerate(_CSV_FUZZ["cases"]):
        path = tmp_path / f"{k}.csv"
        path.write_bytes(text.encode())
        got = [_csv_rows(str(path), d) for d in defaults]
        assert got == want, f"file {text!r}"


def test_a_window_shift_past_its_size_skips_under_the_run_deadline():
    # GIVEN windows of one element every 10**15 of a very long range: each window reads
    # past 10**15 - 1 elements it drops
    from graphgate.limits import Limits

    with gg.Graph().as_default():
        ds = gg.data.Dataset.range(10**18).window(1, 10**15).flat_map(lambda w: w.batch(1))
        nxt = gg.data.make_one_shot_iterator(ds).get_next()
        sess = gg.Session(limits=Limits(run_timeout=0.2))
        # WHEN windows are read, THEN the skipping answers to the deadline, as skip() does
        with pytest.raises(gg.GraphgateError) as info:
            sess.run(nxt)
            sess.run(nxt)
    assert info.value.code == "DEADLINE_EXCEEDED"
