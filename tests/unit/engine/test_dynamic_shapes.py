"""Shapes, sizes and axes given as tensors: what the graph fixes is built exactly as ints
would be; the rest is read at run time, bounded by the limits, differentiable, and kept
by the wire format. (TF's own values are pinned in test_tf_dynshape_reference.py.)"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import graphgate as gg
from tests.support import peak_allocation

BOUNDED = gg.Limits(max_tensor_elements=1_000_000)


def _document(build):
    g = gg.Graph()
    with g.as_default():
        build()
    return gg.graph_to_dict(g)


@pytest.mark.parametrize(
    ("with_tensors", "with_ints"),
    [
        (lambda: gg.zeros(gg.shape(gg.constant(np.ones((2, 3))))), lambda: gg.zeros([2, 3])),
        (
            lambda: gg.reshape(gg.ones([2, 3]), gg.stack([-1, 1])),
            lambda: gg.reshape(gg.ones([2, 3]), [-1, 1]),
        ),
        (
            lambda: gg.transpose(gg.ones([2, 3]), gg.constant([1, 0])),
            lambda: gg.transpose(gg.ones([2, 3]), [1, 0]),
        ),
        (
            lambda: gg.reduce_sum(gg.ones([2, 3]), gg.constant(1)),
            lambda: gg.reduce_sum(gg.ones([2, 3]), 1),
        ),
        (
            lambda: gg.tile(gg.ones([2, 3]), gg.constant([2, 1])),
            lambda: gg.tile(gg.ones([2, 3]), [2, 1]),
        ),
    ],
)
def test_a_value_the_graph_fixes_builds_the_op_as_ints_would(with_tensors, with_ints):
    # GIVEN the same op built from a constant tensor and from ints
    got, want = _document(with_tensors), _document(with_ints)

    # THEN the op itself (the last node) is the same node, attributes and inputs alike
    def last(doc):
        node = dict(doc["nodes"][-1])
        node.pop("name")
        return node

    assert last(got) == last(want)


def test_tf_shape_of_a_known_dim_is_static_and_of_an_unknown_one_an_input(graph):
    y = gg.placeholder(gg.float32, [None, 3])
    t = gg.shape(y)
    known, unknown = gg.ones([t[1], 2]), gg.ones([t[0], 2])
    assert known.op.type == "Fill" and len(known.op.inputs) == 1
    assert known.shape.as_list() == [3, 2]
    assert [i.op.type for i in unknown.op.inputs] == ["Pack", "Const"]
    assert unknown.shape.as_list() == [None, 2]


def _over_the_limit(graph):
    n = gg.placeholder(gg.int32, [], name="n")
    x = gg.placeholder(gg.float32, [None, None], name="x")
    return (
        n,
        {
            "fill": gg.fill([n, n], 1.0),
            "zeros": gg.zeros(gg.stack([n, n])),
            "normal": gg.random_normal([n, n]),
            "uniform": gg.random_uniform(gg.stack([n, 2 * n])),
            "truncated": gg.truncated_normal([n, n]),
            "tile": gg.tile(x, [n, n]),
            "one_hot": gg.one_hot(gg.zeros([10], gg.int32), n),
            "scatter_nd": gg.scatter_nd([[0], [1]], gg.ones([2, 3]), [n, 3]),
            "range": gg.range(gg.cast(n, gg.int64) * gg.cast(n, gg.int64)),
        },
        x,
    )


@pytest.mark.parametrize(
    "key",
    ["fill", "zeros", "normal", "uniform", "truncated", "tile", "one_hot", "scatter_nd", "range"],
)
def test_a_size_read_at_run_time_is_bounded_before_allocating(graph, key):
    n, outs, x = _over_the_limit(graph)
    with peak_allocation() as held, pytest.raises(gg.ResourceExhaustedError) as info:
        gg.Session(graph, limits=BOUNDED).run(outs[key], {n: 10**6, x: np.ones((1, 1))})
    assert held.bytes < 1 << 20
    assert info.value.code == "TENSOR_TOO_LARGE" and info.value.node == outs[key].op.name
    # and a size within the limit runs
    got = gg.Session(graph, limits=BOUNDED).run(outs[key], {n: 3, x: np.ones((1, 1))})
    assert got.size in (9, 18, 30)


def _dynamic_program():
    x = gg.placeholder(gg.float32, [None, None], name="x")
    n = gg.placeholder(gg.int32, [], name="n")
    s = gg.shape(x)
    parts = [
        gg.reshape(x, [s[0], -1]) * 2.0,
        gg.reduce_sum(gg.tile(x, [1, s[0]]), 1, keepdims=True),
        gg.slice(x, gg.stack([n, 0]), [s[0] - n, -1]),
        x[: s[0] - 1, n:],
        gg.reshape(x[n], [1, -1]),
    ]
    loss = gg.add_n([gg.reduce_sum(p * p) for p in parts])
    grad = gg.gradients(loss, x)[0]
    extra = {
        "fill": gg.fill([s[1], n], 2.0),
        "one_hot": gg.one_hot(gg.range(s[0]), s[1] + n),
        "shape": gg.shape(gg.random_normal(s)),
    }
    return x, n, loss, grad, extra


def test_a_graph_with_run_time_sizes_round_trips_the_wire_format():
    g = gg.Graph()
    with g.as_default():
        _, _, loss, grad, extra = _dynamic_program()
    fetches = [loss.name, grad.name, *(t.name for t in extra.values())]
    feed = {"x:0": np.arange(12, dtype=np.float32).reshape(3, 4) / 5, "n:0": 1}
    document = json.loads(json.dumps(gg.graph_to_dict(g), allow_nan=False))
    g2 = gg.graph_from_dict(document)
    assert gg.graph_to_dict(g2) == document
    want = gg.Session(g).run(fetches, feed)
    for a, b in zip(gg.Session(g2).run(fetches, feed), want, strict=True):
        np.testing.assert_array_equal(a, b)
    assert [list(np.shape(v)) for v in want[2:]] == [[4, 1], [3, 5], [2]]


def test_gradients_through_run_time_sizes_match_finite_differences():
    g = gg.Graph()
    with g.as_default():
        x, n, loss, grad, _ = _dynamic_program()
    x64 = np.random.default_rng(3).normal(size=(3, 4)).astype(np.float32)
    sess = gg.Session(g)
    analytic = sess.run(grad, {x: x64, n: 1})
    eps = 1e-2
    numeric = np.zeros_like(x64)
    for j in np.ndindex(x64.shape):
        plus, minus = x64.copy(), x64.copy()
        plus[j] += eps
        minus[j] -= eps
        numeric[j] = (sess.run(loss, {x: plus, n: 1}) - sess.run(loss, {x: minus, n: 1})) / (
            2 * eps
        )
    np.testing.assert_allclose(analytic, numeric, rtol=2e-3, atol=2e-3)


def test_a_document_cannot_make_a_run_time_shape_disagree_with_its_static_one():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        gg.reshape(x, gg.shape(x), name="r")
    doc = gg.graph_to_dict(g)
    node = next(n for n in doc["nodes"] if n["name"] == "r")
    node["attrs"]["static_shape"] = [2, 3]  # a lie: the run gives 4 rows
    g2 = gg.graph_from_dict(doc)
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.Session(g2).run("r:0", {"x:0": np.ones((4, 3), np.float32)})
    assert info.value.code == "SHAPE_MISMATCH"


def test_run_time_sizes_work_inside_a_while_loop(graph):
    x = gg.placeholder(gg.float32, [None], name="x")

    def body(i, acc):
        grown = gg.concat([acc, gg.zeros(gg.shape(acc)[:1]) + 1.0], 0)
        return i + 1, gg.reshape(grown, [-1])

    _, out = gg.while_loop(
        lambda i, acc: i < 3,
        body,
        [gg.constant(0), x],
        shape_invariants=[gg.TensorShape([]), gg.TensorShape([None])],
    )
    got = gg.Session(graph).run(out, {x: np.zeros(2, np.float32)})
    assert got.tolist() == [0, 0] + [1] * 14


@given(
    shape=st.lists(st.integers(1, 4), min_size=1, max_size=3),
    which=st.sampled_from(["zeros", "ones", "fill", "reshape", "tile", "slice", "normal"]),
    seed=st.integers(0, 2**16),
)
def test_a_shape_given_statically_or_as_a_tensor_gives_the_same_bits(shape, which, seed):
    data = np.random.default_rng(seed).normal(size=shape).astype(np.float32)

    def build(dims):
        x = gg.placeholder(gg.float32, [None] * len(shape), name="x")
        return {
            "zeros": lambda: gg.zeros(dims),
            "ones": lambda: gg.ones(dims, gg.int64),
            "fill": lambda: gg.fill(dims, 2.5),
            "reshape": lambda: gg.reshape(x, dims[::-1]),
            "tile": lambda: gg.tile(x, dims),
            "slice": lambda: gg.slice(x, [0] * len(shape), dims),
            "normal": lambda: gg.random_normal(dims, seed=seed),
        }[which]()

    outs = []
    for static in (True, False):
        g = gg.Graph()
        with g.as_default():
            x_shape = gg.placeholder(gg.int32, [len(shape)], name="s")
            dims = list(shape) if static else [x_shape[i] for i in range(len(shape))]
            y = build(dims)
            # the tensor variant reads its packed sizes at run time
            assert any(i.op.type == "Pack" for i in y.op.inputs) != static
        with gg.Session(g) as sess:
            outs.append(sess.run(y, {"x:0": data, x_shape: np.array(shape, np.int32)}))
    assert outs[0].dtype == outs[1].dtype and outs[0].shape == outs[1].shape
    assert outs[0].tobytes() == outs[1].tobytes()


def test_onnx_export_takes_shape_and_padding_inputs_and_refuses_run_time_slice_bounds():
    onnx = pytest.importorskip("onnx")
    pytest.importorskip("onnxruntime")
    from tests.unit.engine.onnx.test_import import ort_run

    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, None], name="x")
        s = gg.shape(x)
        outs = [
            gg.identity(gg.reshape(x, [s[0] * s[1]]) * 2.0, name="flat"),
            gg.identity(gg.fill([s[0], 2], 3.0), name="filled"),
            gg.identity(gg.tile(x, [1, s[0]]), name="tiled"),
            gg.identity(gg.pad(x, [[0, 4 - s[0]], [1, 0]], constant_values=2.0), name="padded"),
        ]
        head = gg.identity(x[: s[0] - 1], name="head")
    model = gg.export_onnx(g, outs, [x])
    onnx.checker.check_model(model, full_check=True)
    xv = np.arange(6, dtype=np.float32).reshape(2, 3)
    want = gg.Session(g).run(outs, {x: xv})
    for a, b in zip(ort_run(model, {"x": xv}), want, strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.export_onnx(g, [head], [x])
    assert info.value.code == "ONNX_UNSUPPORTED"
    assert [p["node"] for p in info.value.details["problems"]] == [head.op.inputs[0].op.name]


@pytest.mark.parametrize(
    ("op", "inputs"),
    [
        ("Reshape", ["x"]),
        ("Fill", ["v"]),
        ("Tile", ["x"]),
        ("OneHot", ["i"]),
        ("RandomStandardNormal", []),
    ],
)
def test_a_document_with_neither_a_static_size_nor_a_size_input_is_refused(op, inputs):
    g = gg.Graph()
    with g.as_default():
        gg.placeholder(gg.float32, [2, 3], name="x")
        gg.constant(1.0, name="v")
        gg.constant([0, 1], name="i")
    doc = gg.graph_to_dict(g)
    doc["nodes"].append({"name": "bad", "op": op, "inputs": inputs})
    with pytest.raises(gg.GraphgateError) as info:
        gg.graph_from_dict(doc)
    assert info.value.code == "INVALID_ATTR" and info.value.node == "bad"


def test_a_tensor_whose_value_was_read_while_building_cannot_be_fed(graph):
    # GIVEN ops built from values the graph fixes (so they never read them at run time)
    c = gg.constant([2, 3])
    x = gg.placeholder(gg.float32, [2, 3])
    s = gg.shape(x)
    z, y = gg.zeros(c), gg.zeros([s[0], 1])
    sess = gg.Session(graph)
    # THEN feeding what they were read from is refused rather than silently ignored
    for fed, fetch in ((c, z), (s, y)):
        assert not graph.is_feedable(fed)
        with pytest.raises(gg.InvalidArgumentError) as info:
            sess.run(fetch, {fed: np.array([4, 5], np.int32)})
        assert info.value.code == "FEED_NOT_ALLOWED"
    # while a value read only at run time may be fed, as in TF, even beside a known one
    t = gg.shape(gg.placeholder(gg.float32, [None, 3]))
    known = t[1]
    ones = gg.ones([t[0], known])
    assert graph.is_feedable(t) and graph.is_feedable(known)
    assert sess.run(ones, {t: np.array([4, 3], np.int32)}).shape == (4, 3)


def test_a_transposed_convolution_of_a_run_time_batch_is_bounded_before_allocating(graph):
    # output_shape=[tf.shape(x)[0], ...] is TF1's way to write conv2d_transpose's batch
    x = gg.placeholder(gg.float32, [None, 2, 2, 1], name="x")
    n = gg.placeholder(gg.int32, [], name="n")
    f = gg.ones([3, 3, 4, 1])
    up = gg.nn.conv2d_transpose(x, f, gg.stack([n, 4, 4, 4]), [1, 2, 2, 1], "SAME")
    assert up.shape.as_list() == [None, 4, 4, 4]
    sess = gg.Session(graph, limits=BOUNDED)
    with pytest.raises(gg.ResourceExhaustedError) as info:
        sess.run(up, {x: np.ones((1, 2, 2, 1)), n: 10**6})
    assert info.value.code == "TENSOR_TOO_LARGE"
    assert sess.run(up, {x: np.ones((1, 2, 2, 1)), n: 1}).shape == (1, 4, 4, 4)


def test_a_3d_transposed_convolution_of_a_run_time_size_is_bounded_before_allocating(graph):
    # A stride as large as the output: any input size up to the stride fits one output
    # voxel, so only the limit keeps [1, n, n, n, 1] from being allocated.
    g = gg.ones([1, 1, 1, 1, 1])
    n = gg.placeholder(gg.int32, [], name="n")
    f = gg.ones([1, 1, 1, 1, 1])
    up = gg.nn.conv3d_transpose(g, f, gg.stack([1, n, n, n, 1]), [1, 2000, 2000, 2000, 1], "SAME")
    sess = gg.Session(graph, limits=BOUNDED)
    with pytest.raises(gg.ResourceExhaustedError) as info:
        sess.run(up, {n: 1000})
    assert info.value.code == "TENSOR_TOO_LARGE"
    assert sess.run(up, {n: 3}).shape == (1, 3, 3, 3, 1)


@pytest.mark.parametrize("how", ["size", "index"])
def test_a_tensor_array_sized_at_run_time_is_bounded_before_allocating(graph, how):
    # A TensorArray (TF 2's TensorListReserve maps to one) allocates its size times its
    # element at the first write, or at a write past its end when it grows: a fed size of
    # 10**6 with elements of 100 allocated 10**8 elements (800 MB) under a limit of 10**6.
    n = gg.placeholder(gg.int32, [], name="n")
    if how == "size":
        ta = gg.TensorArray(gg.float32, size=n, element_shape=[100]).write(0, gg.ones([100]))
    else:
        ta = gg.TensorArray(gg.float32, size=1, dynamic_size=True).write(n, gg.ones([100]))
    out = ta.stack()
    with pytest.raises(gg.ResourceExhaustedError) as info:
        gg.Session(graph, limits=BOUNDED).run(out, {n: 10**6})
    assert info.value.code == "TENSOR_TOO_LARGE"
    assert gg.Session(graph, limits=BOUNDED).run(out, {n: 3}).shape[1:] == (100,)


def test_transpose_of_an_input_of_unknown_rank_takes_the_perms_rank(graph):
    # TF1: tf.transpose(placeholder(shape=None), [2, 0, 1]) has shape (?, ?, ?) and the
    # perm is checked against the fed rank; without a perm the axes reverse at run time.
    x = gg.placeholder(gg.float32, None)
    y, z = gg.transpose(x, [2, 0, 1]), gg.transpose(x)
    assert y.static_shape == (None, None, None) and z.static_shape is None
    v = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    with gg.Session(graph) as sess:
        got_y, got_z = sess.run([y, z], {x: v})
        np.testing.assert_array_equal(got_y, v.transpose(2, 0, 1))
        np.testing.assert_array_equal(got_z, v.T)
        with pytest.raises(gg.GraphgateError) as exc:
            sess.run(y, {x: v[0]})
        assert "permutation" in str(exc.value)
