"""TF1's SparseTensor and tf.sparse on graphgate, pinned to what TensorFlow computes.

`tests/reference/tf1_sparse.py` holds the cases (to_dense, sparse_to_dense, sparse-dense
matmul with adjoints, reductions, adds, reorder, reshape, transpose, retain, concat,
softmax, sparse segment reductions, embedding_lookup_sparse, from_dense, inside cond and
while_loop), the build-time refusals, the run-time failures on invalid indices, and
sparse_placeholder's names and feeds; it wrote what `tf.compat.v1` computed into
`fixtures/tf1_sparse.json`. Here the same code runs with `tf` bound to graphgate.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_gradients import check_grads
from tests.unit.engine.tf_reference.compare import build_case, check_case, check_round_trip

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_sparse.json").read_text())
_spec = importlib.util.spec_from_file_location("tf1_sparse", ROOT / "tests/reference/tf1_sparse.py")
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)
_math_spec = importlib.util.spec_from_file_location(
    "tf1_math", ROOT / "tests/reference/tf1_math.py"
)
_math = importlib.util.module_from_spec(_math_spec)
_math_spec.loader.exec_module(_math)


def _build(name):
    ref = FIXTURE["cases"][name]
    return ref, build_case(ref, cases.CASES[name][1], _math.scalar)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tensorflow(name):
    check_case(name, *_build(name))


# Where TensorFlow's names differ for reasons outside these ops.
NAMES_DIFFER = {
    # TensorFlow folds a dense shape known when building into a Const; graphgate's is the
    # op's own output (same value, same static shape).
    ("concat", "dense_shape"),
    ("reshape", "dense_shape"),
    # TensorFlow rebuilds sparse_add's dense shape under a SparseTensor scope of its own,
    # and from_dense's is Shape(out_type=int64), where graphgate's Shape is int32 + Cast.
    ("add_sparse", "dense_shape"),
    ("from_dense", "dense_shape"),
    # TensorFlow's safe lookup ends in reshapes back from linear ids (rank-2 ids here
    # need none): graphgate names its last op the scope.
    *(("safe_embedding_lookup_sparse", k) for k in ("mean", "w_mean", "w_sum", "default_id")),
    # TensorFlow 2's dispatch for a SparseTensor opens an `Abs` scope and then names the
    # op `Abs_1`; graphgate names it `Abs`, as a dense tensor's.
    ("cast", "abs"),
    ("cast", "negative"),
    # Control flow's outputs: named by the control-flow module (cond.py, while_loop).
    ("in_cond", "out"),
    ("in_while_loop", "out"),
}


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_default_names_are_tensorflows(name):
    ref, (_, outs, *_) = _build(name)
    for key, want in ref["outputs"].items():
        if (name, key) in NAMES_DIFFER:
            continue
        assert outs[key].op.name == want["op"], f"{name}.{key}"


# TensorFlow raises ValueError for a default value of another dtype; graphgate's
# DTYPE_MISMATCH is a TypeError, as TensorFlow's for every other dtype mismatch here.
CLASS_DIFFERS = {"fill_empty_rows_dtype_mismatch": "TypeError"}


@pytest.mark.parametrize("name", sorted(cases.ERRORS))
def test_refused_at_build_time_as_tensorflow(name):
    want = CLASS_DIFFERS.get(name, FIXTURE["errors"][name])
    with gg.Graph().as_default(), pytest.raises(Exception) as info:
        cases.ERRORS[name](gg)
    assert want in [c.__name__ for c in type(info.value).__mro__], (name, info.value)
    assert isinstance(info.value, gg.GraphgateError)


@pytest.mark.parametrize("name", sorted(cases.FAILS))
def test_invalid_indices_fail_at_run_time_as_tensorflow(name):
    # TensorFlow's SparseReduceSum and SparseSlice answer for an index out of range
    # (reading past the shape, or dropping it); graphgate refuses it, as every other
    # sparse op: never a wrong answer.
    want = FIXTURE["fails"][name]
    want = "InvalidArgumentError" if want == "nothing" else want
    g = gg.Graph()
    with g.as_default():
        out = cases.FAILS[name](gg)
    with pytest.raises(gg.GraphgateError) as info:
        gg.Session(g).run(out)
    assert want in [c.__name__ for c in type(info.value).__mro__], (name, info.value)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_round_trips_the_graph_format(name):
    _, case = _build(name)
    check_round_trip(case)


# -- sparse placeholders, fetches and feeds ------------------------------------------------------


def test_sparse_placeholders_are_named_shaped_fed_and_fetched_as_tensorflows():
    want = FIXTURE["placeholders"]
    g = gg.Graph()
    with g.as_default():
        x = gg.sparse_placeholder(gg.float32, name="x")
        y = gg.sparse.placeholder(gg.float32, shape=[3, 4], name="y")
        for key, sp in (("x", x), ("y", y)):
            parts = (sp.indices, sp.values, sp.dense_shape)
            assert [t.name for t in parts] == want[key]["names"]
            assert [t.shape.as_list() for t in parts] == want[key]["statics"]
            shape = None if sp.shape.ndims is None else sp.shape.as_list()
            assert shape == want[key]["shape"]
        dense = gg.sparse.to_dense(x)
        total = gg.sparse_reduce_sum(y, axis=1)
    with gg.Session(graph=g) as sess:
        value = gg.SparseTensorValue([[0, 1], [1, 0]], [2.0, 3.0], [2, 3])
        assert sess.run(dense, {x: value}).tolist() == want["fed_value"]
        fed = sess.run(total, {y: ([[0, 1], [2, 3]], [2.0, 3.0], [3, 4])})
        assert fed.tolist() == want["fed_tuple"]
        back = sess.run(x, {x: value})
        assert type(back).__name__ == want["fetched"]["type"]
        assert list(back._fields) == want["fetched"]["fields"]
        assert [np.asarray(a).dtype.name for a in back] == want["fetched"]["dtypes"]
        # Fed again with other values, the cached plan expands the new feed.
        other = gg.SparseTensorValue([[1, 2]], [5.0], [2, 3])
        np.testing.assert_array_equal(sess.run(dense, {x: other}), [[0, 0, 0], [0, 0, 5]])


def test_a_sparse_tensor_is_fetched_in_structures_and_evaluated():
    g = gg.Graph()
    with g.as_default():
        sp = gg.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [3, 4])
        d = gg.sparse.to_dense(sp)
    with gg.Session(g) as sess:
        out = sess.run({"sp": sp, "both": [sp, d]})
        assert isinstance(out["sp"], gg.SparseTensorValue)
        np.testing.assert_array_equal(out["both"][0].values, [1.0, 2.0])
        np.testing.assert_array_equal(out["both"][1][1, 2], 2.0)
        assert sp.eval().dense_shape.tolist() == [3, 4]
    assert sp.dtype == gg.float32 and sp.graph is g and sp.op is sp.values.op
    assert sp.get_shape().as_list() == [3, 4]


def test_a_sparse_placeholder_fed_something_else_is_refused_with_a_code():
    g = gg.Graph()
    with g.as_default():
        x = gg.sparse_placeholder(gg.float32, name="x")
        d = gg.sparse.to_dense(x)
    with pytest.raises(gg.GraphgateError) as info:
        gg.Session(g).run(d, {x: np.ones(3)})
    assert info.value.code == "FEED_DTYPE_MISMATCH"


@pytest.mark.parametrize(
    "build",
    [
        gg.sparse.to_dense,
        lambda x: gg.sparse_tensor_dense_matmul(x, np.ones((4, 2), np.float32)),
        lambda x: gg.sparse_reduce_sum(x, axis=0),
        lambda x: gg.sparse.fill_empty_rows(x, 0.0)[1],
    ],
    ids=["to_dense", "matmul", "reduce_sum", "fill_empty_rows"],
)
def test_a_fed_dense_shape_that_contradicts_the_graph_is_refused(build):
    # A caller (or a document) cannot make the run-time shape disagree with the static
    # shape the graph promised the op's consumers.
    g = gg.Graph()
    with g.as_default():
        x = gg.sparse_placeholder(gg.float32, shape=[3, 4], name="x")
        out = build(x)
    sess = gg.Session(g)
    assert sess.run(out, {x: ([[0, 0]], [1.0], [3, 4])}) is not None
    with pytest.raises(gg.GraphgateError) as info:
        sess.run(out, {x: ([[0, 0]], [1.0], [5, 4])})
    assert info.value.code == "SHAPE_MISMATCH"


def test_the_sparse_namespace_holds_tensorflows_names():
    have = {n for n in dir(gg.sparse) if not n.startswith("_")}
    assert have <= set(FIXTURE["namespace"]) | {"sparse_dense_matmul"}
    assert gg.sparse.to_dense is gg.sparse_tensor_to_dense
    assert gg.sparse.reduce_sum is gg.sparse_reduce_sum


# -- gradients against finite differences ----------------------------------------------------------

_rng = np.random.default_rng(11)
_IDX = np.array(cases.IDX)


def _sp(v, shape=(3, 4), idx=_IDX):
    return gg.SparseTensor(idx, v, list(shape))


_FD = {
    "matmul_values": (
        lambda v: gg.sparse_tensor_dense_matmul(_sp(v), np.arange(8.0).reshape(4, 2) / 7),
        _rng.normal(size=5),
    ),
    "matmul_adjoint_values": (
        lambda v: gg.sparse_tensor_dense_matmul(
            _sp(v), np.arange(6.0).reshape(2, 3) / 7, adjoint_a=True, adjoint_b=True
        ),
        _rng.normal(size=5),
    ),
    "reduce_sum": (lambda v: gg.sparse_reduce_sum(_sp(v), axis=0), _rng.normal(size=5)),
    "softmax": (lambda v: gg.sparse.softmax(_sp(v)).values, _rng.normal(size=5)),
    "reorder": (
        lambda v: (
            gg.sparse.reorder(_sp(v, idx=np.array(cases.SHUFFLED))).values * np.arange(1.0, 6.0)
        ),
        _rng.normal(size=5),
    ),
    "to_dense": (lambda v: gg.sparse.to_dense(_sp(v), default_value=0.5), _rng.normal(size=5)),
    "segment_sqrt_n": (
        lambda x: gg.reshape(gg.sparse_segment_sqrt_n(x, [0, 2, 2, 1], [0, 0, 1, 1]), [2, 2]),
        _rng.normal(size=(3, 2)),
    ),
    "embedding_mean": (
        lambda p: gg.reshape(
            gg.nn.embedding_lookup_sparse(
                p, gg.SparseTensor(_IDX, np.array([1, 3, 1, 0, 0]), [3, 4]), None
            ),
            [3, 2],
        ),
        _rng.normal(size=(4, 2)),
    ),
    "slice": (
        lambda v: gg.reshape(gg.sparse.slice(_sp(v), [0, 1], [3, 2]).values, [2]),
        _rng.normal(size=5),
    ),
    "fill_empty_rows": (
        lambda v: gg.reshape(
            gg.sparse.fill_empty_rows(gg.SparseTensor([[0, 1], [2, 3]], v[:2], [4, 4]), v[2])[
                0
            ].values,
            [4],
        ),
        _rng.normal(size=3),
    ),
    "cwise_div_values": (
        lambda v: (_sp(v) / np.arange(1.0, 5.0)).values,
        _rng.normal(size=5),
    ),
}


@pytest.mark.parametrize("name", sorted(_FD))
def test_gradient_matches_finite_differences(name):
    fn, x = _FD[name]
    check_grads(fn, x)


def test_sparse_dense_matmul_gradient_for_the_dense_operand_matches_finite_differences():
    v = np.array([1.0, -2.0, 0.5, 3.0, 1.5])
    check_grads(lambda b: gg.sparse_tensor_dense_matmul(_sp(v), b), _rng.normal(size=(4, 3)))
    check_grads(lambda b: gg.sparse.sparse_dense_matmul(b, _sp(v)), _rng.normal(size=(2, 3)))


def test_sparse_dense_elementwise_gradient_for_the_dense_operand_matches_finite_differences():
    v = np.array([1.0, -2.0, 0.5, 3.0, 1.5])
    check_grads(lambda d: (_sp(v) * d).values, _rng.normal(size=(3, 1)))
    check_grads(lambda d: (_sp(v) / d).values, _rng.uniform(1, 2, size=(4,)))


def test_sparse_add_gradient_reaches_both_operands_values():
    g = gg.Graph()
    with g.as_default():
        a = gg.placeholder(gg.float64, [5])
        b = gg.placeholder(gg.float64, [2])
        s = gg.sparse.add(_sp(a), gg.SparseTensor([[0, 1], [1, 1]], b, [3, 4]))
        loss = gg.reduce_sum(s.values * gg.cast(gg.range(gg.shape(s.values)[0]) + 1, gg.float64))
        ga, gb = gg.gradients(loss, [a, b])
    va, vb = gg.Session(g).run([ga, gb], {a: np.ones(5), b: np.ones(2)})
    # Sum entries in row-major order: (0,1) (0,3) (1,0) (1,1) (2,2) (2,3).
    np.testing.assert_array_equal(va, [1, 2, 3, 5, 6])
    np.testing.assert_array_equal(vb, [1, 4])


def test_the_gradient_of_a_sparse_add_of_two_empty_operands_is_empty():
    # soak8's tf1_fuzzimg `sparse.96`: TF 2.21 answers empty gradients; graphgate failed
    # the run with numpy's reshape error (reshape(0, -1) of no index).
    g = gg.Graph()
    with g.as_default():
        a = gg.placeholder(gg.float32, [0])
        b = gg.placeholder(gg.float32, [0])
        empty = np.zeros((0, 3), np.int64)
        s = gg.sparse.add(
            gg.SparseTensor(empty, a, [1, 1, 2]), gg.SparseTensor(empty, b, [1, 1, 2])
        )
        ga, gb = gg.gradients(gg.reduce_sum(s.values), [a, b])
    va, vb = gg.Session(g).run([ga, gb], {a: np.zeros(0), b: np.zeros(0)})
    assert va.shape == vb.shape == (0,) and va.dtype == vb.dtype == np.float32


def test_sparse_reduce_max_has_no_gradient_as_tensorflow():
    with gg.Graph().as_default():
        v = gg.placeholder(gg.float64, [5])
        y = gg.sparse_reduce_max(_sp(v))
        with pytest.raises(LookupError):
            gg.gradients(y, [v])


@pytest.mark.parametrize(
    "build",
    [
        gg.sparse.to_dense,
        lambda x: gg.sparse_tensor_dense_matmul(x, np.ones((4, 2), np.float32)),
        lambda x: gg.sparse_reduce_sum(x, axis=1),
        lambda x: gg.sparse.fill_empty_rows(x, 0.0)[1],
    ],
    ids=["to_dense", "matmul", "reduce_sum", "fill_empty_rows"],
)
def test_a_dense_shape_past_the_limits_is_refused_before_allocating(build):
    # The output's size is a fed value, not a static shape: checked at run time.
    g = gg.Graph()
    with g.as_default():
        x = gg.sparse_placeholder(gg.float32, shape=[None, 4], name="x")
        out = build(x)
    sess = gg.Session(g, limits=gg.Limits(max_tensor_elements=10**6))
    with pytest.raises(gg.GraphgateError) as info:
        sess.run(out, {x: ([[0, 0]], [1.0], [10**12, 4])})
    assert info.value.code == "TENSOR_TOO_LARGE"


def test_sets_of_strings_and_string_from_dense_as_tensorflow():
    # sets_test: TF's set ops take strings (ordered by their bytes); from_dense keeps the
    # entries that are not the empty string, as TF's not_equal to zeros_like.
    a = gg.constant([["b", "a", "b"], ["c", "", "c"]])
    sp = gg.SparseTensor([[0, 0], [0, 1], [1, 0]], gg.constant(["z", "y", "c"]), [2, 2])
    dense = gg.sparse.from_dense(a)
    union, common = gg.sets.set_union(a, sp), gg.sets.set_intersection(a, sp)
    with gg.Session() as sess:
        got = sess.run([dense.indices, dense.values, gg.sets.set_size(dense)])
        u, c = sess.run([union, common])
    assert got[0].tolist() == [[0, 0], [0, 1], [0, 2], [1, 0], [1, 2]]
    assert got[1].tolist() == [b"b", b"a", b"b", b"c", b"c"]
    assert got[2].tolist() == [2, 1]
    assert u.values.tolist() == [b"a", b"b", b"y", b"z", b"", b"c"]
    assert u.dense_shape.tolist() == [2, 4]
    assert c.indices.tolist() == [[1, 0]] and c.values.tolist() == [b"c"]
