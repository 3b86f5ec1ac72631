"""TF1 `tf.data` programs run unchanged on graphgate and observe what TensorFlow observed.

`tests/reference/tf1_data.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_data.json`; each test runs the same text with `tf` bound to graphgate.
The rest of the file checks what TF cannot be asked: the wire format, tracing once, feeds.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_data.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_data", ROOT / "tests" / "reference" / "tf1_data.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_data_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, 1e-5, 1e-7)


# -- graphgate's own guarantees ----------------------------------------------------------------


def _pipeline():
    """A dataset over a placeholder, with a map capturing a constant and a filter."""
    D = gg.data.Dataset
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        c = gg.constant(10.0, name="c")
        ds = D.from_tensor_slices(x).map(lambda r: r * c).filter(lambda r: r[0] > 0).batch(2)
        it = ds.make_initializable_iterator()
        nxt = it.get_next()
        one = D.range(5).shuffle(5, seed=1).make_one_shot_iterator().get_next()
    return graph, it, nxt, one


DATA = np.array([[1, 2], [-1, 0], [3, 4], [5, 6]], np.float32)


def test_a_dataset_graph_round_trips_the_wire_format_and_runs_the_same():
    # GIVEN a graph of datasets and iterators written as a document and read back
    graph, it, nxt, one = _pipeline()
    doc = gg.graph_to_dict(graph)
    loaded = gg.graph_from_dict(json.loads(json.dumps(doc)))
    assert gg.graph_to_dict(loaded) == doc
    # WHEN both run the same program
    results = []
    for g in (graph, loaded):
        with gg.Session(graph=g) as sess:
            sess.run(it.initializer.name, {"x:0": DATA})
            batches = [sess.run(nxt.name).tolist(), sess.run(nxt.name).tolist()]
            with pytest.raises(gg.errors.OutOfRangeError):
                sess.run(nxt.name)
            results.append((batches, [int(sess.run(one.name)) for _ in range(5)]))
    # THEN they agree, values and seeded order alike
    assert results[0] == results[1]
    assert results[0][0] == [[[10.0, 20.0], [30.0, 40.0]], [[50.0, 60.0]]]
    assert sorted(results[0][1]) == [0, 1, 2, 3, 4]


def test_map_function_is_traced_once_into_graph_ops():
    calls = []

    def fn(x):
        calls.append(x)
        return x * 2

    with gg.Graph().as_default() as g:
        n = gg.data.Dataset.range(4).map(fn).make_one_shot_iterator().get_next()
        size = len(g.get_operations())
        with gg.Session() as sess:
            assert [int(sess.run(n)) for _ in range(4)] == [0, 2, 4, 6]
    assert len(calls) == 1 and isinstance(calls[0], gg.Tensor)
    assert len(g.get_operations()) == size


def test_feeding_get_next_bypasses_the_iterator():
    with gg.Graph().as_default():
        it = gg.data.Dataset.range(10).make_initializable_iterator()
        n = it.get_next()
        with gg.Session() as sess:
            sess.run(it.initializer)
            assert int(sess.run(n * 2, {n: np.int64(100)})) == 200
            assert int(sess.run(n)) == 0


def test_an_iterator_refuses_elements_its_spec_does_not_describe():
    # A document may join an iterator to a dataset of another spec: no wrong answer.
    with gg.Graph().as_default() as g:
        it = gg.data.Iterator.from_structure(gg.int64, [])
        n = it.get_next()
        ds = gg.data.Dataset.from_tensors(np.float64(1.5))
        g.create_op("MakeIterator", (ds._variant_tensor, it._iterator_resource), None, "bad")
        with gg.Session() as sess:
            sess.run("bad")
            with pytest.raises(gg.GraphgateError) as info:
                sess.run(n)
    assert info.value.code == "COMPUTE_ERROR"


def test_map_errors_and_batch_size_are_reported_with_codes():
    D = gg.data.Dataset
    with gg.Graph().as_default():
        size = gg.placeholder(gg.int64, [])
        it = D.range(3).batch(size).make_initializable_iterator()
        with gg.Session() as sess:
            with pytest.raises(gg.GraphgateError) as info:
                sess.run(it.initializer, {size: 0})
            assert info.value.code == "COMPUTE_ERROR"
        rows = gg.placeholder(gg.float64, [None, None])
        bad = D.from_tensor_slices(rows).map(lambda r: r[5]).make_initializable_iterator()
        with gg.Session() as sess:
            sess.run(bad.initializer, {rows: np.zeros((3, 2))})
            with pytest.raises(gg.GraphgateError) as info:
                sess.run(bad.get_next())
            assert info.value.code == "INDEX_OUT_OF_RANGE"


def test_iterating_a_dataset_in_python_is_refused_in_graph_mode():
    with gg.Graph().as_default(), pytest.raises(NotImplementedError):
        iter(gg.data.Dataset.range(3))


def test_get_next_inside_a_while_loop_advances_once_per_iteration():
    with gg.Graph().as_default():
        it = gg.data.Dataset.range(10).make_initializable_iterator()

        def body(i, acc):
            return i + 1, acc + it.get_next()

        _, total = gg.while_loop(
            lambda i, a: i < 3, body, [gg.constant(0), gg.constant(0, gg.int64)]
        )
        after = it.get_next()
        with gg.Session() as sess:
            sess.run(it.initializer)
            assert int(sess.run(total)) == 0 + 1 + 2
            assert int(sess.run(after)) == 3


def test_string_handles_work_locally_and_their_placeholder_is_written_as_bytes():
    with gg.Graph().as_default() as g:
        handle = gg.placeholder(gg.string, [])
        it = gg.data.Iterator.from_string_handle(handle, gg.int64, [])
        nxt = it.get_next()
        one = gg.data.Dataset.range(3).make_one_shot_iterator()
        with gg.Session() as sess:
            with pytest.raises(gg.errors.FailedPreconditionError):
                sess.run(nxt, {handle: b"nope"})
            with pytest.raises(gg.GraphgateError) as info:
                sess.run(nxt, {handle: 3})
            assert info.value.code == "FEED_DTYPE_MISMATCH"
            h = sess.run(one.string_handle())
            assert [int(sess.run(nxt, {handle: h.decode()})) for _ in range(2)] == [0, 1]
        # The wire format has strings (BYTES): documents and meta graphs both write it.
        assert gg.graph_to_dict(g)["nodes"][0]["attrs"]["dtype"] == "BYTES"
        assert g.as_graph_def()["nodes"][0]["attrs"]["dtype"] == "BYTES"


def test_record_and_line_sources_of_a_missing_file_fail_their_run_as_tfs():
    # The sources now read their files (test_tf1_readers.py); a missing one is TF's
    # NotFoundError when the iterator opens it, not an error when the graph is built.
    for source in (gg.data.TFRecordDataset, gg.data.TextLineDataset):
        with gg.Graph().as_default():
            n = gg.data.make_one_shot_iterator(source(["no-such-data.txt"])).get_next()
            with gg.Session() as sess, pytest.raises(gg.errors.NotFoundError) as info:
                sess.run(n)
        assert info.value.code == "FILE_NOT_FOUND"


def test_a_service_sees_which_runs_need_an_iterator():
    from graphgate.ops import dataset_ops

    graph, it, nxt, one = _pipeline()
    with graph.as_default():
        plain = gg.identity(gg.constant(1.0), name="plain")
    assert dataset_ops.iterator_needed(graph, {"a": [plain.name]}) is None
    assert dataset_ops.iterator_needed(graph, [nxt.name]).type == "IteratorV2"
    assert dataset_ops.iterator_needed(graph, (it.initializer,)).type == "IteratorV2"
    assert dataset_ops.iterator_needed(graph, {"o": one}).type == "OneShotIterator"
    assert dataset_ops.iterator_needed(graph, ["nope:0"]) is None


def test_fetched_elements_can_be_edited_without_changing_later_ones():
    D = gg.data.Dataset
    with gg.Graph().as_default():
        const = D.range(2).map(lambda x: gg.constant([1, 2])).make_one_shot_iterator()
        cached = D.range(2).map(lambda x: gg.stack([x, x])).cache().repeat(2)
        n, c = const.get_next(), cached.make_one_shot_iterator().get_next()
        with gg.Session() as sess:
            sess.run(n)[0] = 99
            assert sess.run(n).tolist() == [1, 2]
            seen = []
            for _ in range(4):
                v = sess.run(c)
                seen.append(v.tolist())
                v[0] = -5
    assert seen == [[0, 0], [1, 1], [0, 0], [1, 1]]


@pytest.mark.parametrize(
    "make",
    [
        lambda D: D.range(10**6).batch(10**6),
        lambda D: D.range(10**6).shuffle(10**6, seed=1),
        lambda D: D.range(10**6).cache().repeat(2),
    ],
)
def test_buffers_that_grow_with_elements_stop_at_the_tensor_limit(make):
    from graphgate.limits import Limits

    with gg.Graph().as_default():
        n = make(gg.data.Dataset).make_one_shot_iterator().get_next()
        sess = gg.Session(limits=Limits(max_tensor_elements=1000))
        with sess, pytest.raises(gg.errors.ResourceExhaustedError) as info:
            for _ in range(2000):
                sess.run(n)
    assert info.value.code == "TENSOR_TOO_LARGE"


def _doc_with(node: dict) -> dict:
    f32 = {"datatype": "FP32", "shape": [], "data": [2.5]}
    i64 = {"datatype": "INT64", "shape": [], "data": [3]}
    return {
        "format": "graphgate.graph/v1",
        "nodes": [
            {"name": "f", "op": "Const", "attrs": {"value": f32}},
            {"name": "n", "op": "Const", "attrs": {"value": i64}},
            {"name": "r", "op": "RangeDataset", "inputs": ["n", "n", "n"]},
            node,
        ],
    }


@pytest.mark.parametrize(
    "node",
    [
        {"name": "b", "op": "BatchDatasetV2", "inputs": ["r", "f", "n"]},  # a float batch size
        {"name": "b", "op": "RepeatDataset", "inputs": ["f", "n"]},  # a constant as a dataset
        {"name": "b", "op": "MakeIterator", "inputs": ["r", "r"]},  # a dataset as an iterator
        {"name": "b", "op": "RangeDataset", "inputs": ["n", "f", "n"]},
    ],
)
def test_a_document_wiring_a_dataset_op_wrong_is_refused_when_loaded(node):
    with pytest.raises(gg.GraphgateError) as info:
        gg.graph_from_dict(_doc_with(node))
    assert info.value.code == "DTYPE_MISMATCH"


def test_a_generator_dataset_is_local_only_like_py_func():
    with gg.Graph().as_default() as g:
        ds = gg.data.Dataset.from_generator(
            lambda: iter([(1, {"a": 2.0})]), (gg.int32, {"a": gg.float32})
        )
        n = ds.make_one_shot_iterator().get_next()
        with gg.Session() as sess:
            value = sess.run(n)
        assert value[0] == 1 and value[1]["a"] == 2.0
        with pytest.raises(gg.GraphgateError) as info:
            gg.graph_to_dict(g)
        assert info.value.code == "PYTHON_FUNCTION"
        doc = g.as_graph_def()  # a checkpoint's meta graph writes it; loading refuses it
    with pytest.raises(gg.GraphgateError) as info:
        gg.graph_from_dict(dict(doc))
    assert info.value.code == "PYTHON_FUNCTION"


def test_tf_contrib_data_holds_tf1_4s_helpers():
    with gg.Graph().as_default():
        ds = gg.data.Dataset.range(5).apply(gg.contrib.data.batch_and_drop_remainder(2))
        assert ds.output_shapes.as_list() == [2]
        assert gg.contrib.data.Dataset is gg.data.Dataset
        n = ds.make_one_shot_iterator().get_next()
        with gg.Session() as sess:
            assert [sess.run(n).tolist() for _ in range(2)] == [[0, 1], [2, 3]]
            with pytest.raises(gg.errors.OutOfRangeError):
                sess.run(n)


# -- pipelines against a plain Python model of tf.data's semantics -----------------------------

_STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("batch"), st.integers(1, 4), st.booleans()),
        st.tuples(st.just("repeat"), st.integers(-1, 3)),
        st.tuples(st.just("take"), st.integers(-1, 6)),
        st.tuples(st.just("skip"), st.integers(-1, 6)),
        st.tuples(st.just("filter"), st.integers(2, 3)),
        st.tuples(st.just("map"), st.integers(-2, 3)),
        st.tuples(st.just("unbatch")),
        st.tuples(st.just("concatenate"), st.integers(0, 3)),
    ),
    max_size=5,
)


def _model(elements: list, steps: list, limit: int) -> tuple[list, bool]:
    """What the pipeline gives, up to `limit` elements, and whether it is endless (an
    endless repeat of something, not cut by a take): asking past its last element would
    wait forever, as TF's does."""
    endless = False
    for step in steps:
        kind, args = step[0], step[1:]
        if kind == "repeat" and args[0] < 0:
            endless = endless or bool(elements)
        elif kind == "take" and args[0] >= 0:
            endless = False
        if kind == "batch":
            n, drop = args
            rows = [elements[i : i + n] for i in range(0, len(elements), n)]
            elements = [r for r in rows if len(r) == n or not drop]
            if any(len({np.shape(x) for x in r}) > 1 for r in elements):
                raise _Ragged  # TF's InvalidArgumentError: a batch of different shapes
        elif kind == "repeat":
            # Endless: long enough that later batches and filters still give `limit`.
            times = args[0] if args[0] >= 0 else (40 * limit // max(len(elements), 1) + 1)
            elements = elements * (times if elements else 0)
        elif kind == "take":
            elements = elements if args[0] < 0 else elements[: args[0]]
        elif kind == "skip":
            elements = [] if args[0] < 0 else elements[args[0] :]
        elif kind == "filter":
            elements = [e for e in elements if np.sum(e) % args[0] != 0]
        elif kind == "map":
            elements = [np.asarray(e) * args[0] for e in elements]
        elif kind == "unbatch":
            elements = [row for e in elements for row in np.asarray(e)]
        else:
            elements = elements + [np.asarray(e) for e in range(args[0])]
        elements = elements[: 40 * limit]
    return [np.asarray(e).tolist() for e in elements[:limit]], endless


class _Ragged(Exception):
    pass


def _pipeline_of(ds, steps: list):
    for step in steps:
        kind, args = step[0], step[1:]
        if kind == "batch":
            ds = ds.batch(*args)
        elif kind == "repeat":
            ds = ds.repeat(None if args[0] < 0 else args[0])
        elif kind == "take":
            ds = ds.take(args[0])
        elif kind == "skip":
            ds = ds.skip(args[0])
        elif kind == "filter":
            ds = ds.filter(lambda e, k=args[0]: gg.not_equal(gg.reduce_sum(e) % k, 0))
        elif kind == "map":
            ds = ds.map(lambda e, k=args[0]: e * k)
        elif kind == "unbatch":
            ds = ds.unbatch()
        else:
            ds = ds.concatenate(gg.data.Dataset.range(args[0]))
    return ds


def _runnable(steps: list) -> bool:
    """Steps whose element ranks fit: unbatch needs a batch, concatenate a scalar."""
    rank = 0
    for step in steps:
        if step[0] == "batch":
            rank += 1
        elif step[0] == "unbatch":
            if rank == 0:
                return False
            rank -= 1
        elif step[0] == "concatenate" and rank != 0:
            return False
    return True


@given(n=st.integers(0, 7), steps=_STEPS)
def test_pipelines_give_what_a_python_model_of_tf_data_gives(n, steps):
    assume(_runnable(steps))
    limit = 12
    try:
        expected, endless = _model(list(range(n)), steps, limit)
    except _Ragged:
        assume(False)
    # A filter after an endless repeat that passes nothing more never ends (as TF's), so
    # an endless pipeline is asked for the model's elements only; a finite one is read to
    # its OutOfRangeError. (Not a deadline: a busy machine made a 0.5 s one cut a right
    # answer short.)
    asks = len(expected) if endless else limit
    with gg.Graph().as_default():
        ds = _pipeline_of(gg.data.Dataset.range(n), steps)
        nxt = ds.make_one_shot_iterator().get_next()
        got = []
        with gg.Session() as sess:
            for _ in range(asks):
                try:
                    got.append(sess.run(nxt).tolist())
                except gg.errors.OutOfRangeError:
                    break
    assert got == expected
