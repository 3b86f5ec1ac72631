"""What the export fuzzer (tests/reference/gg_fuzzexport.py) found in gg.export_onnx, one
test each: onnxruntime computes graphgate's numbers from the exported model."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

import graphgate as gg  # noqa: E402
from tests.unit.engine.onnx.test_import import ort_run  # noqa: E402


def _both(build, feeds: dict):
    """graphgate's outputs and onnxruntime's from the export of `build(x...)`."""
    graph = gg.Graph()
    with graph.as_default():
        xs = [gg.placeholder(gg.as_dtype(v.dtype), v.shape, name=k) for k, v in feeds.items()]
        outs = build(*xs)
        outs = outs if isinstance(outs, list) else [outs]
        names = [gg.identity(t, name=f"out{k}").name for k, t in enumerate(outs)]
    want = gg.Session(graph).run(names, {f"{k}:0": v for k, v in feeds.items()})
    model = gg.export_onnx(graph, names, list(feeds))
    return want, ort_run(model, feeds)


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_one_hot_of_negative_and_int32_indices_is_tfs(dtype):
    # GIVEN indices in range, negative and past the depth (TF: a row all off)
    indices = np.array([[0, -1, 3], [2, -3, -4]], dtype)

    # WHEN exported (int32 indices had no onnxruntime kernel; ONNX counts -1 from the end)
    want, got = _both(lambda i: gg.one_hot(i, 3, on_value=2.0, off_value=-1.0), {"i": indices})

    # THEN onnxruntime answers TF's rows
    np.testing.assert_array_equal(got[0], want[0])
    assert (got[0][0, 1] == -1.0).all() and (got[0][1, 1:] == -1.0).all()


def test_one_hot_of_depth_0_is_refused_rather_than_written_for_onnxruntime_to_fail():
    # GIVEN TF's one_hot of depth 0 (an empty [2, 0]), which onnxruntime's OneHot fails
    graph = gg.Graph()
    with graph.as_default():
        gg.identity(gg.one_hot(gg.constant([0, 1]), 0, name="hot"), name="a")

    # WHEN exported, THEN the node is refused by name
    with pytest.raises(gg.errors.GraphgateError) as caught:
        gg.export_onnx(graph, ["a"], [])
    assert caught.value.code == "ONNX_UNSUPPORTED"
    assert [p["node"] for p in caught.value.details["problems"]] == ["hot"]


@pytest.mark.parametrize(
    "shape, block, pads",
    [
        ((2, 4, 6, 3), [2, 3], [[0, 0], [0, 0]]),
        ((1, 3, 5, 2), [2, 2], [[1, 0], [2, 1]]),
        ((3, 6, 2), [3], [[1, 2]]),
        ((2, 2, 3, 2, 2), [2, 1, 2], [[0, 0], [1, 0], [0, 0]]),
        ((2, 4, 1, 5), [2], [[0, 2]]),  # the dims after the block's pass through
    ],
)
def test_space_to_batch_nd_and_back_are_written_as_tfs_algorithm(shape, block, pads):
    # GIVEN a space_to_batch_nd and the batch_to_space_nd undoing it, the batch fed
    x = np.arange(np.prod(shape), dtype=np.float32).reshape(shape) - 7.5

    def build(t):
        to_batch = gg.space_to_batch_nd(t, block, pads)
        return [to_batch, gg.batch_to_space_nd(to_batch, block, pads)]

    # WHEN exported (refused before: no converter), THEN onnxruntime computes TF's blocks
    want, got = _both(build, {"x": x})
    for w, g in zip(want, got, strict=True):
        np.testing.assert_array_equal(g, w)
    np.testing.assert_array_equal(got[1], x)


def test_space_to_batch_nd_of_a_batch_given_when_run():
    # GIVEN a placeholder whose batch is unknown when exported
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 3, 4, 2], name="x")
        blocks = gg.space_to_batch_nd(x, [2, 2], [[1, 0], [0, 0]])
        gg.identity(blocks, name="a")
        gg.identity(gg.batch_to_space_nd(blocks, [2, 2], [[1, 0], [0, 0]]), name="b")
    model = gg.export_onnx(graph, ["a", "b"], ["x"])

    # WHEN onnxruntime runs batches of 1 and 3, THEN graphgate's numbers
    for n in (1, 3):
        feed = np.arange(n * 24, dtype=np.float32).reshape(n, 3, 4, 2)
        want = gg.Session(graph).run(["a:0", "b:0"], {"x:0": feed})
        for w, g in zip(want, ort_run(model, {"x": feed}), strict=True):
            np.testing.assert_array_equal(g, w)


def test_a_block_op_over_dims_unknown_when_exported_is_refused_by_name():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, None, 4, 1], name="x")
        gg.identity(gg.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]], name="blocks"), name="a")
    with pytest.raises(gg.errors.GraphgateError) as caught:
        gg.export_onnx(graph, ["a"], ["x"])
    assert [p["node"] for p in caught.value.details["problems"]] == ["blocks"]


def test_a_refusal_names_every_node_a_converter_refuses():
    # GIVEN a run-time one_hot depth (refused by its converter) and a run-time slice
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        n = gg.shape(x)[0]
        gg.identity(gg.one_hot(gg.constant([0, 1]), n, name="hot"), name="a")
        gg.identity(gg.slice(x, gg.stack([n - 2, 0]), [1, 2], name="cut"), name="b")

    # WHEN exported, THEN both are named (only the slice was)
    with pytest.raises(gg.errors.GraphgateError) as caught:
        gg.export_onnx(graph, ["a", "b"], ["x"])
    assert caught.value.code == "ONNX_UNSUPPORTED"
    assert sorted(p["node"] for p in caught.value.details["problems"]) == ["cut", "hot"]


def test_swish_exports_through_its_identity_n():
    # graphgate's swish is TF's: a custom gradient whose value passes an IdentityN.
    x = np.linspace(-3, 3, 8, dtype=np.float32).reshape(2, 4)

    want, got = _both(gg.nn.swish, {"x": x})

    np.testing.assert_allclose(got[0], want[0], rtol=1e-6)


EDGES = np.array([[-2.5, -0.0, 0.0, 1.5], [7.0, -7.0, np.nan, np.inf], [3.0, -1e-30, 6.5, -np.inf]])
F = EDGES.astype(np.float32)
DIVISORS = np.array(
    [[2.0, -2.0, 3.0, -0.5], [-3.0, 2.0, 1.0, -1.5], [0.25, 7.0, -4.0, 2.0]], np.float32
)
INTS = np.array([[-7, -6, 0, 5], [7, -1, 3, 9], [2, -8, -5, 4]], np.int32)
I_DIV = np.array([[2, -2, 3, -3], [-3, 2, 1, -4], [5, 3, -2, 2]], np.int32)
B = np.array([[True, False, True], [True, True, True]])
EXACT = {
    "squared_difference": (lambda x, y: gg.math.squared_difference(x, y), {"x": F, "y": DIVISORS}),
    "softsign": (gg.nn.softsign, {"x": F}),
    "is_finite": (gg.math.is_finite, {"x": F}),
    "relu6": (gg.nn.relu6, {"x": F}),
    "reverse": (lambda x: gg.reverse(x, [0, -1]), {"x": F}),
    "broadcast_to": (lambda x: gg.broadcast_to(x, [2, 3, 4]), {"x": F}),
    "broadcast_to_run_time": (
        lambda x: gg.broadcast_to(x, gg.stack([2, gg.shape(x)[0], 4])),
        {"x": F},
    ),
    "all": (lambda b: gg.reduce_all(b, 1, keepdims=True), {"b": B}),
    "any": (lambda b: [gg.reduce_any(b), gg.reduce_any(b[:, :0], 1)], {"b": B}),
    "all_empty": (lambda b: gg.reduce_all(b[:0], 0), {"b": B}),
    "cumsum": (lambda x: gg.cumsum(x, 1, exclusive=True, reverse=True), {"x": DIVISORS}),
    "euclidean_norm": (lambda x: gg.math.reduce_euclidean_norm(x, [1]), {"x": DIVISORS}),
    "floordiv": (lambda x, y: gg.math.floordiv(x, y), {"x": F, "y": DIVISORS}),
    "floormod": (lambda x, y: gg.math.floormod(x, y), {"x": F, "y": DIVISORS}),
    "int_floordiv": (lambda x, y: gg.math.floordiv(x, y), {"x": INTS, "y": I_DIV}),
    "int_floormod": (lambda x, y: gg.math.floormod(x, y), {"x": INTS, "y": I_DIV}),
    "truncatediv": (lambda x, y: gg.truncatediv(x, y), {"x": INTS, "y": I_DIV}),
    "top_k": (
        lambda x: list(gg.nn.top_k(x, 2)),
        {"x": np.array([[1, 3, 3, 0], [2, 2, 2, 2]], np.int32)},
    ),
}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_ops_onnx_computes_exactly_are_exported(name):
    # Each was ONNX_UNSUPPORTED ("no ONNX equivalent") though ONNX's ops compute it
    # exactly as TF's kernel: onnxruntime answers graphgate's values (NaN and infinities,
    # negative divisors, ties and empty reductions included).
    build, feeds = EXACT[name]

    want, got = _both(build, feeds)

    for ours, theirs in zip(want, got, strict=True):
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        np.testing.assert_array_equal(theirs, ours)


NEAR_ZERO = np.array(
    [
        [-20.0, -1.75, -0.5, -3e-4, -1e-30, -0.0],
        [0.0, 1e-30, 3e-4, 0.5, 1.75, 20.0],
        [-100.0, 88.0, 89.0, np.inf, -np.inf, np.nan],
    ]
)
# Through Eigen's expm1 and log1p (Kahan's and Goldberg's formulas): ONNX's own Softplus,
# log(exp(x) + 1), loses every digit near 0.
NEAR_EXACT = {
    "softplus": gg.nn.softplus,
    "log_sigmoid": gg.math.log_sigmoid,
    "expm1": gg.math.expm1,
    "log1p": gg.math.log1p,
    "rint": gg.math.rint,
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(NEAR_EXACT))
def test_expm1_and_log1p_and_the_activations_made_of_them_are_exported(name, dtype):
    # Each was ONNX_UNSUPPORTED; onnxruntime now answers graphgate's values within two
    # ulps (1e-30's expm1 is 1e-30, not 0), infinities and NaN as graphgate's.
    x = NEAR_ZERO.astype(dtype)

    want, got = _both(NEAR_EXACT[name], {"x": x})

    assert got[0].dtype == want[0].dtype
    tiny = np.finfo(dtype).tiny  # graphgate flushes subnormal results, as TF's CPU kernels
    np.testing.assert_allclose(got[0], want[0], rtol=3 * np.finfo(dtype).eps, atol=tiny)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["elu", "selu"])
def test_elu_and_selu_are_exported_as_tfs_kernels_compute_them(name, dtype):
    # TF's Elu and Selu are exp(x) - 1 below zero (not expm1), so near 0 both sides keep
    # only the last bits of their own exp: onnxruntime's agrees with graphgate's within
    # one unit in the last place of 1 there, within two of the value elsewhere.
    x = NEAR_ZERO.astype(dtype)

    want, got = _both(getattr(gg.nn, name), {"x": x})

    assert got[0].dtype == want[0].dtype
    eps = np.finfo(dtype).eps
    np.testing.assert_allclose(got[0], want[0], rtol=3 * eps, atol=2 * eps)
    assert (np.signbit(got[0]) == np.signbit(want[0]))[np.isfinite(want[0])].all()


def test_a_half_expm1_is_refused_by_name():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float16, [2], name="x")
        gg.identity(gg.nn.elu(x), name="y")
    with pytest.raises(gg.errors.GraphgateError) as caught:
        gg.export_onnx(graph, ["y"], ["x"])
    assert caught.value.code == "ONNX_UNSUPPORTED" and "float16" in caught.value.message


WORDS = np.array([[b"a", b"b", b"c"], [b"d", b"", "\u00e9".encode()]], dtype=object)
STRINGS = {
    "identity": gg.identity,
    "reshape": lambda s: gg.reshape(s, [3, 2]),
    "expand_and_squeeze": lambda s: gg.squeeze(gg.expand_dims(s, 0), [0]),
    "transpose": gg.transpose,
    "concat_with_a_constant": lambda s: gg.concat([s, gg.constant([["x", "y", "z"]])], 0),
    "stack": lambda s: gg.stack([s, s], 1),
    "unstack": lambda s: gg.unstack(s, axis=1)[2],
    "tile": lambda s: gg.tile(s, [2, 1]),
    "where": lambda s: gg.where([[True, False, True], [False, True, False]], s, [["-"] * 3] * 2),
    "slices": lambda s: [s[::-1, ::2], gg.slice(s, [0, 1], [2, 2])],
}


@pytest.mark.parametrize("name", sorted(STRINGS))
def test_string_tensors_move_through_the_ops_onnx_gives_strings(name):
    # They were refused ("string tensors are not exported"); ONNX's STRING tensors go
    # through these ops unchanged, feeds and fetches included (onnxruntime answers str).
    graph = gg.Graph()
    with graph.as_default():
        s = gg.placeholder(gg.string, [2, 3], name="s")
        outs = STRINGS[name](s)
        names = [gg.identity(t, name=f"out{k}").name for k, t in enumerate(_as_list(outs))]
    want = gg.Session(graph).run(names, {"s:0": WORDS})
    model = gg.export_onnx(graph, names, ["s"])
    got = ort_run(model, {"s": np.vectorize(bytes.decode, otypes=[object])(WORDS)})
    for ours, theirs in zip(want, got, strict=True):
        assert theirs.shape == ours.shape
        assert theirs.tolist() == np.vectorize(bytes.decode, otypes=[object])(ours).tolist()


def _as_list(x):
    return x if isinstance(x, list) else [x]


def test_a_gather_of_strings_is_refused():
    # onnxruntime 1.31's Gather of a STRING tensor copies the first element of each slice
    # and leaves the rest empty ([["a", "b"]] gathered by [0] gives [["a", ""]]).
    graph = gg.Graph()
    with graph.as_default():
        s = gg.placeholder(gg.string, [2, 3], name="s")
        gg.identity(gg.gather(s, [1, 0]), name="y")
    with pytest.raises(gg.errors.GraphgateError) as caught:
        gg.export_onnx(graph, ["y"], ["s"])
    assert caught.value.code == "ONNX_UNSUPPORTED"
    assert [p["node"] for p in caught.value.details["problems"]] == ["GatherV2"]


def test_top_k_of_floats_is_refused_for_its_nan_order():
    # onnxruntime's TopK put NaN first: top_k([nan, -0.25], 1) was nan, TF's -0.25.
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        gg.identity(gg.nn.top_k(x, 1)[0], name="out")

    with pytest.raises(gg.errors.GraphgateError) as caught:
        gg.export_onnx(graph, ["out"], ["x"])

    assert "NaN" in caught.value.details["problems"][0]["reason"]


N, INF = np.nan, np.inf
LOWEST = float(np.finfo(np.float32).min)
ROWS = np.array(
    [[N, -INF], [-INF, N], [N, N], [-INF, -INF], [N, 1], [1, N], [INF, N], [N, INF], [-INF, 5]],
    np.float32,
)
# What TF 2.21 computes (tf.compat.v1, CPU): its max kernels start from the lowest float
# and take only a strictly greater element, so NaN and -inf never win.
TF_NAN = {
    "argmax": (lambda x: gg.argmax(x, 1), ROWS, [0, 0, 0, 0, 1, 0, 0, 1, 1]),
    "argmin": (lambda x: gg.argmin(x, 1), ROWS, [1, 0, 0, 0, 1, 0, 0, 0, 0]),
    "reduce_max": (lambda x: gg.reduce_max(x, 1), ROWS, [N, N, N, -INF, N, N, N, N, 5]),
    "reduce_min": (lambda x: gg.reduce_min(x), ROWS, N),
    "max_pool": (
        lambda x: gg.reshape(
            gg.nn.max_pool(gg.reshape(x, [1, 9, 2, 1]), [1, 2, 2, 1], [1, 1, 1, 1], "VALID"), [-1]
        ),
        ROWS,
        [LOWEST, LOWEST, LOWEST, 1, 1, INF, INF, INF],
    ),
    "max_pool3d": (
        lambda x: gg.reshape(
            gg.nn.max_pool3d(
                gg.reshape(x[:8], [1, 2, 2, 4, 1]), [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID"
            ),
            [-1],
        ),
        ROWS,
        [INF, 1, INF],
    ),
}


@pytest.mark.parametrize("name", sorted(TF_NAN))
def test_nan_and_infinities_reach_tfs_extremes(name):
    # onnxruntime let a leading NaN (or -inf) win argmax, reduce_max and max_pool, where
    # TF skips it (argmax([nan, 1, 2]) was 0, TF's 2; a window of -inf and NaN was NaN,
    # TF's the lowest float): the keys are clamped, a NaN put back in reductions.
    build, x, tf_answer = TF_NAN[name]

    want, got = _both(build, {"x": x})

    np.testing.assert_array_equal(want[0], np.asarray(tf_answer, want[0].dtype))
    np.testing.assert_array_equal(got[0], want[0])


def test_an_op_onnx_takes_no_such_type_for_is_refused_by_name():
    # GIVEN int8 and bool inputs to ops whose ONNX operators take neither
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.int8, [4], name="x")
        gg.identity(gg.reduce_sum(x, name="total"), name="a")
        gg.identity(gg.argmax(gg.cast(x, gg.bool), 0, name="first"), name="b")

    # WHEN exported (onnx.checker's InferenceError escaped: a 500 over the API)
    with pytest.raises(gg.errors.GraphgateError) as caught:
        gg.export_onnx(graph, ["a", "b"], ["x"])

    # THEN one ONNX_UNSUPPORTED names both
    assert caught.value.code == "ONNX_UNSUPPORTED"
    problems = {p["node"]: p["reason"] for p in caught.value.details["problems"]}
    assert problems == {
        "total": "ONNX's ReduceSum (opset 17) takes no int8 input",
        "first": "ONNX's ArgMax (opset 17) takes no bool input",
    }


def _ort_loads(op_type: str, types: list[int], outputs: int = 1) -> bool:
    """Whether onnxruntime's CPU provider loads one `op_type` node of these input types."""
    from onnx import helper

    inputs = [helper.make_tensor_value_info(f"i{k}", t, None) for k, t in enumerate(types)]
    outs = [f"y{k}" for k in range(outputs)]
    node = helper.make_node(op_type, [i.name for i in inputs], outs)
    graph = helper.make_graph(
        [node], "g", inputs, [helper.make_empty_tensor_value_info(o) for o in outs]
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    try:
        ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    except Exception:  # onnxruntime's NotImplemented: no kernel
        return False
    return True


def test_the_kernels_onnxruntime_lacks_are_those_it_fails_to_load():
    from onnx import TensorProto, helper

    from graphgate.onnx.exporter import _ORT_LACKS

    int64 = TensorProto.INT64
    for op_type, kinds in _ORT_LACKS.items():
        for kind in kinds:
            t = helper.np_dtype_to_tensor_dtype(np.dtype(kind))
            types = {
                "Where": [TensorProto.BOOL, t, t],
                "CumSum": [t, int64],
                "TopK": [t, int64],
                "Pad": [t, int64, t],
                "Clip": [t, t, t],
                "Max": [t, t],
                "Min": [t, t],
            }.get(op_type, [t])
            assert not _ort_loads(op_type, types, 2 if op_type == "TopK" else 1), (op_type, kind)
    # and what it takes loads (the probe itself is sound)
    assert _ort_loads("Relu", [TensorProto.INT32]) and _ort_loads(
        "Pad", [TensorProto.INT8, int64, TensorProto.INT8]
    )


def test_an_op_onnxruntime_has_no_kernel_for_is_refused_by_name():
    # An int64 relu and an int16 maximum: valid ONNX that onnxruntime failed to load.
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.int64, [4], name="x")
        gg.identity(gg.nn.relu(x, name="positive"), name="a")
        small = gg.cast(x, gg.int16)
        gg.identity(gg.maximum(small, small, name="larger"), name="b")

    with pytest.raises(gg.errors.GraphgateError) as caught:
        gg.export_onnx(graph, ["a", "b"], ["x"])

    problems = {p["node"]: p["reason"] for p in caught.value.details["problems"]}
    assert problems == {
        "positive": "onnxruntime has no Relu kernel for int64",
        "larger": "onnxruntime has no Max kernel for int16",
    }
