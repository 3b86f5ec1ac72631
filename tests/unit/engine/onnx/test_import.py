"""gg.import_onnx: where ONNX differs from TensorFlow, real models against onnxruntime,
unsupported models refused whole, bad files refused before anything large is made."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import graphgate as gg  # noqa: E402
from graphgate.onnx import check_onnx  # noqa: E402

F = TensorProto.FLOAT
I64 = TensorProto.INT64


def model_of(nodes, inputs, outputs, inits=(), opset=17):
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info(n, t, s) for n, t, s in inputs],
        [helper.make_tensor_value_info(n, t, s) for n, t, s in outputs],
        [numpy_helper.from_array(np.asarray(v), n) for n, v in inits],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return model


def run(model, feeds, fetches=None, **kw):
    graph, values = gg.import_onnx(model, **kw)
    fetches = fetches or [o.name for o in model.graph.output]
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        out = sess.run([values[f] for f in fetches], {values[k]: v for k, v in feeds.items()})
    return out[0] if len(out) == 1 else out


def ort_run(model, feeds):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def one(op, inputs, outputs, inits=(), **attrs):
    names = [n for n, *_ in inputs] + [n for n, _ in inits]
    node = helper.make_node(op, names, [n for n, *_ in outputs], **attrs)
    return model_of([node], inputs, outputs, inits)


# -- where ONNX is not TensorFlow: one test per difference -------------------------------


def test_integer_div_truncates_toward_zero_not_floor():
    m = one("Div", [("x", I64, [4]), ("y", I64, [4])], [("z", I64, [4])])
    x = np.array([-7, 7, -7, 7], np.int64)
    y = np.array([2, -2, -2, 2], np.int64)
    np.testing.assert_array_equal(run(m, {"x": x, "y": y}), [-3, -3, 3, 3])


@pytest.mark.parametrize("fmod, want", [(0, [1, -1, -1, 1]), (1, [-1, 1, -1, 1])])
def test_integer_mod_takes_the_divisors_sign_or_with_fmod_the_dividends(fmod, want):
    from graphgate.ops.registry import REGISTRY

    if "FloorMod" not in REGISTRY:
        pytest.skip("the engine has no floormod")
    m = one("Mod", [("x", I64, [4]), ("y", I64, [4])], [("z", I64, [4])], fmod=fmod)
    x = np.array([-7, 7, -7, 7], np.int64)
    y = np.array([2, -2, -2, 2], np.int64)
    np.testing.assert_array_equal(run(m, {"x": x, "y": y}), want)


@pytest.mark.parametrize("fmod, want", [(1, np.fmod), (0, np.mod)])
def test_float_mod_is_cs_fmod_or_numpys_mod_exactly(fmod, want):
    # fmod=1: the dividend's sign (C's fmod); fmod=0 (opset 28): the divisor's, a zero
    # signed as the divisor
    m = one("Mod", [("x", F, [6]), ("y", F, [6])], [("z", F, [6])], fmod=fmod)
    m.opset_import[0].version = 28 if not fmod else 17
    x = np.array([5.5, -5.5, 5.5, -5.5, 4.0, -4.0], np.float32)
    y = np.array([2.0, 2.0, -2.0, -2.0, -2.0, 2.0], np.float32)
    got = run(m, {"x": x, "y": y})
    np.testing.assert_array_equal(got, want(x, y))
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want(x, y)))


def test_gemm_transposes_and_scales():
    rng = np.random.default_rng(0)
    a, b, c = (rng.standard_normal(s).astype(np.float32) for s in ((4, 3), (5, 4), (5,)))
    m = one(
        "Gemm",
        [("a", F, [4, 3])],
        [("y", F, [3, 5])],
        [("b", b), ("c", c)],
        transA=1,
        transB=1,
        alpha=0.5,
        beta=2.0,
    )
    np.testing.assert_allclose(run(m, {"a": a}), 0.5 * a.T @ b.T + 2.0 * c, rtol=1e-6)


def test_broadcasting_is_multidirectional():
    m = one("Add", [("x", F, [3, 1]), ("y", F, [4])], [("z", F, [3, 4])])
    x, y = np.arange(3, dtype=np.float32).reshape(3, 1), np.arange(4, dtype=np.float32)
    np.testing.assert_array_equal(run(m, {"x": x, "y": y}), x + y)


def test_reshape_zero_copies_the_input_dim_and_minus_one_infers():
    m = one("Reshape", [("x", F, [2, 3, 4])], [("y", F, [2, 12])], [("s", np.array([0, -1]))])
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    np.testing.assert_array_equal(run(m, {"x": x}), x.reshape(2, 12))


def test_squeeze_and_unsqueeze_take_axes_as_an_input():
    nodes = [
        helper.make_node("Unsqueeze", ["x", "a"], ["u"]),
        helper.make_node("Squeeze", ["u", "b"], ["y"]),
    ]
    m = model_of(
        nodes,
        [("x", F, [3])],
        [("y", F, [1, 3])],
        [("a", np.array([0, -1])), ("b", np.array([2]))],
    )
    np.testing.assert_array_equal(run(m, {"x": np.ones(3, np.float32)}).shape, (1, 3))


def test_slice_with_negative_steps_clamps_like_onnx():
    m = one(
        "Slice",
        [("x", F, [5, 4])],
        [("y", F, [5, 2])],
        [
            ("s", np.array([-1, 1])),
            ("e", np.array([-(2**63), 1000])),
            ("a", np.array([0, 1])),
            ("st", np.array([-1, 2])),
        ],
    )
    x = np.arange(20, dtype=np.float32).reshape(5, 4)
    np.testing.assert_array_equal(run(m, {"x": x}), x[::-1, 1::2])


def test_a_negative_step_from_before_the_start_begins_at_index_0():
    # ONNX clamps a start of -dim-1 or below to index 0; a Python slice selects nothing.
    inits = [
        ("s", np.array([-6])),
        ("e", np.array([-9])),
        ("a", np.array([0])),
        ("st", np.array([-2])),
    ]
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    fixed = one("Slice", [("x", F, [3, 4])], [("y", F, None)], inits)
    want = ort_run(fixed, {"x": x})[0]
    np.testing.assert_array_equal(run(fixed, {"x": x}), want)
    assert want.shape == (1, 4)  # index 0 only: from 0 down to the clamped end -1
    # the same over an axis only run time sizes, short or long
    dynamic = one("Slice", [("x", F, ["n", 4])], [("y", F, None)], inits)
    for rows in (1, 3, 5, 6, 9):
        x = np.arange(4 * rows, dtype=np.float32).reshape(rows, 4)
        np.testing.assert_array_equal(run(dynamic, {"x": x}), ort_run(dynamic, {"x": x})[0])


def test_split_takes_sizes_as_an_input():
    node = helper.make_node("Split", ["x", "s"], ["a", "b"], axis=0)
    m = model_of([node], [("x", F, [5])], [("a", F, [2]), ("b", F, [3])], [("s", np.array([2, 3]))])
    a, b = run(m, {"x": np.arange(5, dtype=np.float32)})
    np.testing.assert_array_equal(a, [0, 1])
    np.testing.assert_array_equal(b, [2, 3, 4])


def test_gather_accepts_negative_indices():
    m = one("Gather", [("x", F, [4]), ("i", I64, [2])], [("y", F, [2])])
    x = np.array([10, 20, 30, 40], np.float32)
    np.testing.assert_array_equal(run(m, {"x": x, "i": np.array([-1, 0])}), [40, 10])


def test_clip_takes_bounds_as_inputs_and_min_above_max_gives_max():
    m = one(
        "Clip", [("x", F, [3])], [("y", F, [3])], [("lo", np.float32(2)), ("hi", np.float32(1))]
    )
    np.testing.assert_array_equal(run(m, {"x": np.array([0, 1.5, 3], np.float32)}), [1, 1, 1])


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
@pytest.mark.parametrize("given", [("lo", ""), ("", "hi"), ()])
def test_clip_without_a_bound_clamps_infinities_to_the_dtypes_largest_float(dtype, given):
    # torch's clamp(min=eps) exports Clip with no max: the spec's omitted bound is
    # numeric_limits::max(), as onnxruntime computes it (inf became inf, a wrong number).
    inits = [(n, np.array(v, dtype)) for n, v in (("lo", 1e-3), ("hi", 1.0)) if n in given]
    node = helper.make_node("Clip", ["x", *given], ["y"])
    t = helper.np_dtype_to_tensor_dtype(np.dtype(dtype))
    m = model_of([node], [("x", t, [4])], [("y", t, [4])], inits)
    x = np.array([np.inf, -np.inf, np.nan, 2.0], dtype)
    got, (want,) = run(m, {"x": x}), ort_run(m, {"x": x})
    assert np.isfinite(want[:2]).all()
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("mode", ["constant", "reflect", "edge", "wrap"])
def test_pad_modes(mode):
    node = helper.make_node("Pad", ["x", "p"], ["y"], mode=mode)
    m = model_of([node], [("x", F, [2, 3])], [("y", F, [4, 6])], [("p", np.array([1, 2, 1, 1]))])
    model = model_of([node], [("x", F, [2, 3])], [("y", F, None)], [("p", np.array([1, 2, 1, 1]))])
    model.opset_import[0].version = 19
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np_mode = {"edge": "edge", "reflect": "reflect", "wrap": "wrap"}.get(mode, "constant")
    want = np.pad(x, ((1, 1), (2, 1)), mode=np_mode)
    np.testing.assert_array_equal(run(model if mode == "wrap" else m, {"x": x}), want)


def test_pow_of_an_integer_base_by_a_float_exponent_is_numpys():
    m = one("Pow", [("x", I64, [3]), ("y", F, [3])], [("z", I64, [3])])
    x, y = np.array([2, 3, 4], np.int64), np.array([0.5, 2, -1], np.float32)
    np.testing.assert_array_equal(run(m, {"x": x, "y": y}), np.power(x, y).astype(np.int64))


# -- real models against onnxruntime ------------------------------------------------------


def mlp_model():
    rng = np.random.default_rng(1)
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h"], transB=1),
        helper.make_node("Relu", ["h"], ["r"]),
        helper.make_node("Gemm", ["r", "w2", "b2"], ["logits"], transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], axis=-1),
    ]
    inits = [
        ("w1", rng.standard_normal((32, 16)).astype(np.float32) * 0.3),
        ("b1", rng.standard_normal(32).astype(np.float32) * 0.1),
        ("w2", rng.standard_normal((10, 32)).astype(np.float32) * 0.3),
        ("b2", rng.standard_normal(10).astype(np.float32) * 0.1),
    ]
    return model_of(nodes, [("x", F, ["N", 16])], [("probs", F, ["N", 10])], inits)


def test_mlp_matches_onnxruntime_with_a_symbolic_batch():
    m = mlp_model()
    x = np.random.default_rng(2).standard_normal((7, 16)).astype(np.float32)
    np.testing.assert_allclose(run(m, {"x": x}), ort_run(m, {"x": x})[0], rtol=1e-5, atol=1e-7)
    graph, values = gg.import_onnx(m)
    assert values["x"].shape.as_list() == [None, 16]
    assert graph.get_tensor_by_name("probs:0").shape.as_list() == [None, 10]


def test_pytorch_style_flatten_with_a_runtime_batch():
    # torch.flatten(x, 1) as exporters write it: Shape -> Gather -> Unsqueeze -> Concat.
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "zero"], ["n"], axis=0),
        helper.make_node("Unsqueeze", ["n", "ax"], ["n1"]),
        helper.make_node("Concat", ["n1", "minus1"], ["shape"], axis=0),
        helper.make_node("Reshape", ["x", "shape"], ["y"]),
    ]
    m = model_of(
        nodes,
        [("x", F, ["N", 2, 3])],
        [("y", F, ["N", 6])],
        [("zero", np.array(0)), ("ax", np.array([0])), ("minus1", np.array([-1]))],
    )
    x = np.arange(24, dtype=np.float32).reshape(4, 2, 3)
    np.testing.assert_array_equal(run(m, {"x": x}), x.reshape(4, 6))


def _digits():
    sklearn = pytest.importorskip("sklearn")
    pytest.importorskip("skl2onnx")
    del sklearn
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    return x.astype(np.float32), y


def _skl_model(clf, x):
    from skl2onnx import to_onnx

    last = clf.steps[-1][1] if hasattr(clf, "steps") else clf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return to_onnx(clf, x[:1], options={id(last): {"zipmap": False}}, target_opset=17)


def _check_sklearn(clf):
    x, y = _digits()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(x, y)
    m = _skl_model(clf, x)
    want_label, want_prob = ort_run(m, {"X": x})
    label, prob = run(m, {"X": x}, ["label", "probabilities"])
    np.testing.assert_array_equal(label, want_label)
    np.testing.assert_allclose(prob, want_prob, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(label, clf.predict(x))


def test_sklearn_scaler_and_logistic_regression_match_onnxruntime():
    pytest.importorskip("sklearn")
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    _check_sklearn(make_pipeline(StandardScaler(), LogisticRegression(max_iter=300)))


def test_sklearn_mlp_classifier_matches_onnxruntime():
    pytest.importorskip("sklearn")
    from sklearn.neural_network import MLPClassifier

    _check_sklearn(MLPClassifier(hidden_layer_sizes=(32,), max_iter=60, random_state=0))


def test_an_imported_classifier_keeps_training():
    m = mlp_model()
    graph, values = gg.import_onnx(m)
    rng = np.random.default_rng(3)
    x = rng.standard_normal((64, 16)).astype(np.float32)
    labels = (x[:, 0] > 0).astype(np.int64)
    with graph.as_default():
        y = gg.placeholder(gg.int64, [None], name="labels")
        loss = gg.reduce_mean(
            gg.sparse_softmax_cross_entropy_with_logits(labels=y, logits=values["logits"])
        )
        step = gg.train.GradientDescentOptimizer(0.5).minimize(loss)
        init = gg.global_variables_initializer()
    assert {v.op.name for v in gg.trainable_variables(graph)} == {"w1", "b1", "w2", "b2"}
    with gg.Session(graph) as sess:
        sess.run(init)
        before = sess.run(loss, {values["x"]: x, y: labels})
        for _ in range(20):
            sess.run(step, {values["x"]: x, y: labels})
        after = sess.run(loss, {values["x"]: x, y: labels})
    assert after < before * 0.5


def test_constants_on_request():
    graph, _ = gg.import_onnx(mlp_model(), trainable=False)
    assert gg.global_variables(graph) == []


# -- refusals ------------------------------------------------------------------------------


def test_every_unsupported_node_is_listed_at_once_and_no_graph_is_built():
    nodes = [
        helper.make_node("Bernoulli", ["x"], ["a"], name="coin"),
        helper.make_node("Relu", ["a"], ["b"]),
        helper.make_node("Frobnicate", ["b"], ["y"], name="custom", domain="com.example"),
    ]
    m = model_of(nodes, [("x", F, [2])], [("y", F, [2])])
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.import_onnx(m)
    err = info.value
    assert err.code == "ONNX_UNSUPPORTED"
    problems = err.details["problems"]
    assert [(p["node"], p["op_type"], p["opset"]) for p in problems] == [
        ("coin", "Bernoulli", 17),
        ("custom", "Frobnicate", 17),
    ]
    assert "coin (Bernoulli, opset 17)" in err.message and "com.example.Frobnicate" in err.message
    report = check_onnx(m.SerializeToString())
    assert not report.ok and len(report.problems) == 2


def test_a_length_fed_at_run_time_is_named_in_the_check():
    # DFT's length sets the transform's matrix: graphgate needs it when importing.
    m = one("DFT", [("x", F, [1, 6, 1]), ("n", I64, [])], [("y", F, [1, None, 2])])
    [problem] = check_onnx(m).problems
    assert "bind" in problem.reason
    x = np.arange(6, dtype=np.float32).reshape(1, 6, 1)
    np.testing.assert_array_equal(run(m, {"x": x}, bind={"n": 4}).shape, (1, 4, 2))


def test_a_shape_fed_at_run_time_reshapes_when_run():
    # Reshape takes its shape from the run (its lowering has a run-time path): no bind.
    m = one("Reshape", [("x", F, [6]), ("s", I64, [2])], [("y", F, [None, None])])
    assert check_onnx(m).ok
    x = np.arange(6, dtype=np.float32)
    for s in ([3, -1], [1, 6]):
        np.testing.assert_array_equal(run(m, {"x": x, "s": np.array(s)}), x.reshape(s))


def test_truncated_and_foreign_files_are_invalid_documents(tmp_path):
    data = mlp_model().SerializeToString()
    for bad in (data[: len(data) // 2], b"\x89PNG\r\n\x1a\n not a model", b""):
        with pytest.raises(gg.InvalidArgumentError) as info:
            gg.import_onnx(bad)
        assert info.value.code == "INVALID_DOCUMENT"
    path = tmp_path / "m.onnx"
    path.write_bytes(data)
    graph, _ = gg.import_onnx(str(path))
    assert graph.get_tensor_by_name("probs:0") is not None


def test_an_opset_newer_than_onnx_knows_is_refused():
    m = mlp_model()
    m.opset_import[0].version = onnx.defs.onnx_opset_version() + 1
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.import_onnx(m)
    assert info.value.code == "ONNX_UNSUPPORTED"
    assert "newer" in info.value.message


@pytest.mark.parametrize("ir_version", [0, 3, onnx.IR_VERSION])
def test_ir_versions_onnxruntime_reads_are_imported(ir_version):
    m = mlp_model()
    m.ir_version = ir_version
    graph, _ = gg.import_onnx(m)
    assert graph.get_tensor_by_name("probs:0") is not None


def test_an_ir_version_newer_than_onnx_knows_is_refused():
    m = mlp_model()
    m.ir_version = 99
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.import_onnx(m)
    assert info.value.code == "ONNX_UNSUPPORTED"
    assert "IR version 99" in info.value.message


def test_external_data_and_huge_initializers_are_refused_before_reading():
    m = mlp_model()
    big = TensorProto(name="huge", data_type=F, dims=[10**6, 10**6])
    m.graph.initializer.append(big)
    # The library has no limits unless asked (issue 15 §9); asked, it refuses from the dims
    with pytest.raises(gg.ResourceExhaustedError) as info:
        gg.import_onnx(m, limits=gg.Limits(max_tensor_elements=10**8))
    assert info.value.code == "TENSOR_TOO_LARGE"
    with pytest.raises(gg.InvalidArgumentError) as info:  # not asked: it holds no data
        gg.import_onnx(m)
    assert info.value.code == "INVALID_DOCUMENT"
    m = mlp_model()
    ext = m.graph.initializer[0]
    ext.data_location = TensorProto.EXTERNAL
    ext.external_data.add(key="location", value="weights.bin")
    ext.ClearField("raw_data")
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.import_onnx(m)
    assert info.value.code == "ONNX_UNSUPPORTED" and "external" in info.value.message


def test_a_model_saved_with_external_data_imports_from_its_path(tmp_path):
    # What exporters write for models over protobuf's 2 GB, or with save_as_external_data:
    # given the model's path, its weights are read from the files beside it.
    m = mlp_model()
    x = np.random.default_rng(4).standard_normal((3, 16)).astype(np.float32)
    want = ort_run(m, {"x": x})[0]
    path = tmp_path / "mlp.onnx"
    onnx.save_model(m, str(path), save_as_external_data=True, location="mlp.data", size_threshold=0)
    assert (tmp_path / "mlp.data").stat().st_size > 0
    assert not gg.onnx.check_onnx(str(path)).problems
    np.testing.assert_allclose(run(str(path), {"x": x}, ["probs"]), want, rtol=1e-6)
    with pytest.raises(gg.InvalidArgumentError) as info:  # bytes have no directory
        gg.import_onnx(path.read_bytes())
    assert info.value.code == "ONNX_UNSUPPORTED" and "external" in info.value.message


@pytest.mark.parametrize("location", ["../secret.bin", "/etc/hostname", "missing.bin"])
def test_external_data_outside_the_model_s_directory_is_not_read(tmp_path, location):
    m = mlp_model()
    (tmp_path / "secret.bin").write_bytes(b"\0" * 4096)
    inner = tmp_path / "model"
    inner.mkdir()
    ext = m.graph.initializer[0]
    ext.data_location = TensorProto.EXTERNAL
    ext.external_data.add(key="location", value=location)
    ext.ClearField("raw_data")
    (inner / "m.onnx").write_bytes(m.SerializeToString())
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.import_onnx(str(inner / "m.onnx"))
    assert info.value.code == "INVALID_DOCUMENT"


def test_an_old_opset_is_converted():
    node = helper.make_node("Squeeze", ["x"], ["y"], axes=[0])  # opset 11: axes attribute
    m = model_of([node], [("x", F, [1, 3])], [("y", F, [3])], opset=11)
    np.testing.assert_array_equal(run(m, {"x": np.ones((1, 3), np.float32)}), np.ones(3))


def test_an_ir3_model_whose_initializers_are_not_inputs_is_converted():
    # What onnxruntime's quantizer writes from an opset-8 export: IR 3 (every initializer
    # should be a graph input) with new initializers that are not, which onnxruntime runs
    # and the version converter could not find ("Input b is undefined").
    nodes = [
        helper.make_node("Squeeze", ["x"], ["s"], axes=[0]),  # opset 11: axes attribute
        helper.make_node("Add", ["s", "b"], ["y"]),
    ]
    m = model_of(nodes, [("x", F, [1, 3])], [("y", F, [3])], [("b", np.ones(3, np.float32))], 11)
    m.ir_version = 3
    x = np.arange(3, dtype=np.float32).reshape(1, 3)
    np.testing.assert_array_equal(run(m, {"x": x}), ort_run(m, {"x": x})[0])
    assert m.ir_version == 3  # the caller's model is left as it was


def test_import_graphgate_does_not_import_onnx():
    import subprocess
    import sys

    probe = "import sys, graphgate; print('onnx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "attrs",
    [
        {"mode": "nearest"},
        {"mode": "linear"},
        {"mode": "linear", "coordinate_transformation_mode": "align_corners"},
        {"mode": "cubic"},
    ],
)
def test_resize_equals_onnxruntime_and_the_reference_but_for_align_corners(attrs):
    from onnx.reference import ReferenceEvaluator

    scales = np.array([1, 1, 2, 1.5], np.float32)
    inits = [("roi", np.zeros(0, np.float32)), ("s", scales)]
    m = one("Resize", [("x", F, [1, 2, 4, 5])], [("y", F, None)], inits, **attrs)
    x = np.random.default_rng(12).standard_normal((1, 2, 4, 5)).astype(np.float32)
    got = run(m, {"x": x})
    np.testing.assert_allclose(got, ort_run(m, {"x": x})[0], rtol=1e-5, atol=1e-6)
    want = ReferenceEvaluator(m).run(None, {"x": x})[0]
    if "coordinate_transformation_mode" in attrs:
        # align_corners over 5 * 1.5 = 7.5 -> 7 outputs: onnxruntime (and the spec's "length
        # of the resized tensor", and PyTorch) divide by 7 - 1, ONNX's reference by 6.5.
        assert not np.allclose(got, want, rtol=1e-3)
    else:
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_a_model_whose_input_has_no_shape_travels_the_wire_format():
    # Its placeholder has unknown rank, which a document leaves out; the service stores
    # every imported graph as a document, so it must load back.
    model = one("Relu", [("x", F, None)], [("y", F, None)])
    graph, _ = gg.import_onnx(model)
    again = gg.graph_from_dict(gg.graph_to_dict(graph))
    x = np.array([[-1.0, 2.0]], np.float32)
    with gg.Session(again) as sess:
        np.testing.assert_array_equal(sess.run("y:0", {"x": x}), [[0.0, 2.0]])


def test_where_with_a_vector_condition_broadcasts_along_the_last_axis():
    # TF1's where picks whole rows for a vector condition; ONNX's (numpy's) aligns it with
    # the last axis. A 3x3 case is where the two readings silently disagree.
    m = one(
        "Where",
        [("c", TensorProto.BOOL, [3]), ("x", F, [3, 3]), ("y", F, [3, 3])],
        [("z", F, [3, 3])],
    )
    c = np.array([True, False, True])
    x = np.arange(9, dtype=np.float32).reshape(3, 3)
    np.testing.assert_array_equal(run(m, {"c": c, "x": x, "y": -x}), np.where(c, x, -x))


def test_constant_of_shape_and_expand_take_a_shape_computed_at_run_time():
    # PyTorch's dynamic-batch masks: ConstantOfShape(Shape(x)) and Expand(b, Shape(x))
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node(
            "ConstantOfShape",
            ["s"],
            ["ones"],
            value=numpy_helper.from_array(np.array([1.0], np.float32)),
        ),
        helper.make_node("Expand", ["b", "s"], ["wide"]),
        helper.make_node("Add", ["ones", "wide"], ["y"]),
    ]
    m = model_of(nodes, [("x", F, [None, 3]), ("b", F, [3])], [("y", F, [None, 3])])
    x = np.zeros((4, 3), np.float32)
    b = np.array([1, 2, 3], np.float32)
    np.testing.assert_array_equal(run(m, {"x": x, "b": b}), np.broadcast_to(b + 1, (4, 3)))


def test_unique_is_numpys_and_refuses_nan_at_run_time():
    node = helper.make_node("Unique", ["x"], ["y", "first", "inverse", "counts"], sorted=1)
    m = model_of(
        [node],
        [("x", F, [None])],
        [("y", F, None), ("first", I64, None), ("inverse", I64, None), ("counts", I64, None)],
    )
    x = np.array([3.0, 1.0, 3.0, -2.0, 1.0, 7.0], np.float32)
    got = run(m, {"x": x})
    for g, w in zip(got, np.unique(x, True, True, True), strict=True):
        np.testing.assert_array_equal(g, w)
    with pytest.raises(gg.GraphgateError) as e:
        run(m, {"x": np.array([1.0, np.nan], np.float32)})
    assert e.value.code == "ASSERTION_FAILED"


@pytest.mark.parametrize("sorted_", [1, 0])
def test_unique_along_an_axis_is_numpys_for_bools_and_refuses_nan(sorted_):
    # onnxruntime has no bool Unique (tests/reference/onnx_gaps.py records the numbers
    # over integers and floats); ONNX's reference evaluator is numpy's unique.
    outs = ["y", "first", "inverse", "counts"]
    node = helper.make_node("Unique", ["x"], outs, axis=1, sorted=sorted_)
    b = TensorProto.BOOL
    m = model_of(
        [node], [("x", b, [2, None])], [("y", b, None)] + [(o, I64, None) for o in outs[1:]]
    )
    x = np.array([[True, False, True, True, False], [True, True, True, False, True]])
    y, first, inverse, counts = np.unique(x, True, True, True, axis=1)
    if not sorted_:  # first-appearance order
        by_first = np.argsort(first)
        y, first, counts = y[:, by_first], first[by_first], counts[by_first]
        inverse = np.argsort(by_first)[inverse]
    for g, w in zip(run(m, {"x": x}), (y, first, inverse, counts), strict=True):
        np.testing.assert_array_equal(g, w)
    f = model_of(
        [helper.make_node("Unique", ["x"], outs[:1], axis=0)], [("x", F, [2, 2])], [("y", F, None)]
    )
    with pytest.raises(gg.GraphgateError) as e:
        run(f, {"x": np.array([[1.0, np.nan], [1.0, np.nan]], np.float32)})
    assert e.value.code == "ASSERTION_FAILED"


@pytest.mark.parametrize("reduction", ["mul", "max", "min"])
def test_scatter_reductions_combine_repeated_indices_as_onnxruntime(reduction):
    # GIVEN ScatterElements and ScatterND (of slices) whose indices repeat
    nodes = [
        helper.make_node("ScatterElements", ["d", "i", "u"], ["e"], axis=1, reduction=reduction),
        helper.make_node("ScatterND", ["d", "j", "v"], ["n"], reduction=reduction),
    ]
    m = model_of(
        nodes,
        [
            ("d", F, [3, 4]),
            ("i", I64, [3, 2]),
            ("u", F, [3, 2]),
            ("j", I64, [3, 1]),
            ("v", F, [3, 4]),
        ],
        [("e", F, [3, 4]), ("n", F, [3, 4])],
        opset=18,
    )
    rng = np.random.default_rng(0)
    feeds = {
        "d": rng.normal(0, 2, (3, 4)).astype(np.float32),
        "i": np.array([[1, 1], [0, 3], [2, 2]], np.int64),
        "u": rng.normal(0, 2, (3, 2)).astype(np.float32),
        "j": np.array([[2], [0], [2]], np.int64),
        "v": rng.normal(0, 2, (3, 4)).astype(np.float32),
    }
    for got, want in zip(run(m, feeds), ort_run(m, feeds), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6)


@pytest.mark.parametrize(
    ("axis", "reduction"), [(0, "none"), (1, "none"), (-1, "add"), (2, "none")]
)
def test_scatter_elements_over_indices_only_run_time_shapes(axis, reduction):
    # torch.scatter / scatter_add over a dynamic batch: the indices' shape is the run's
    node = helper.make_node(
        "ScatterElements", ["d", "i", "u"], ["e"], axis=axis, reduction=reduction
    )
    dims = ["B", "N", "K"]
    m = model_of(
        [node],
        [("d", F, [None, 4, 5]), ("i", I64, dims), ("u", F, dims)],
        [("e", F, None)],
        opset=18,
    )
    graph, values = gg.import_onnx(m)
    rng = np.random.default_rng(3)
    with gg.Session(graph) as sess:
        for b, n, k in ((2, 3, 2), (3, 4, 5), (1, 1, 1)):
            size = (b, 4, 5)[axis]
            i_shape = (b, n, k)
            feeds = {
                "d": rng.normal(size=(b, 4, 5)).astype(np.float32),
                "i": rng.integers(-size, size, i_shape).astype(np.int64),
                "u": rng.normal(size=i_shape).astype(np.float32),
            }
            if reduction == "none":  # one update per element: a permutation along the axis
                perm = np.argsort(rng.random((b, 4, 5)), axis=axis)
                feeds["i"] = np.take(perm, range(i_shape[axis]), axis=axis)[:b, :n, :k]
            got = sess.run(values["e"], {values[k]: v for k, v in feeds.items()})
            np.testing.assert_allclose(got, ort_run(m, feeds)[0], rtol=1e-6)


def test_max_pool_indices_and_max_unpool_equal_onnxruntime():
    # SegNet's encoder-decoder: MaxPool with its Indices, MaxUnpool back at those places
    nodes = [
        helper.make_node(
            "MaxPool", ["x"], ["p", "i"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]
        ),
        helper.make_node(
            "MaxUnpool", ["p", "i"], ["u"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]
        ),
    ]
    m = model_of(
        nodes,
        [("x", F, [None, 2, 7, 7])],
        [("p", F, None), ("i", I64, None), ("u", F, None)],
    )
    x = np.random.default_rng(4).normal(0, 1, (3, 2, 7, 7)).astype(np.float32)
    for got, want in zip(run(m, {"x": x}), ort_run(m, {"x": x}), strict=True):
        assert got.shape == want.shape
        np.testing.assert_array_equal(got, want)


def test_col2im_equals_onnxruntime():
    # PyTorch's fold with strides, dilations and padding (overlapping blocks add up)
    node = helper.make_node(
        "Col2Im",
        ["x", "image", "block"],
        ["y"],
        strides=[2, 1],
        dilations=[1, 2],
        pads=[1, 0, 0, 1],
    )
    m = model_of(
        [node],
        [("x", F, [2, 12, 6])],
        [("y", F, None)],
        inits=[("image", np.array([5, 5], np.int64)), ("block", np.array([2, 3], np.int64))],
        opset=18,
    )
    x = np.random.default_rng(6).normal(0, 1, (2, 12, 6)).astype(np.float32)
    got, want = run(m, {"x": x}), ort_run(m, {"x": x})[0]
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


def test_constant_pad_by_pads_computed_at_run_time():
    # pads the graph computes from a run-time shape: Min(Concat(Shape(x), Shape(x)), 1)
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Concat", ["s", "s"], ["ss"], axis=0),
        helper.make_node("Min", ["ss", "one"], ["pads"]),
        helper.make_node("Pad", ["x", "pads", "v"], ["y"]),
    ]
    m = model_of(
        nodes,
        [("x", F, [None, 2])],
        [("y", F, None)],
        inits=[("one", np.ones(4, np.int64)), ("v", np.array(7.0, np.float32))],
    )
    x = np.arange(6, dtype=np.float32).reshape(3, 2)
    np.testing.assert_array_equal(run(m, {"x": x}), np.pad(x, 1, constant_values=7.0))


def test_reshape_to_a_shape_with_several_dims_only_run_time_knows():
    # x.view(x.size(0), -1, 3) with a run-time batch: the batch and the -1 both unknown at
    # import, and a 0 that copies the input's dim from a shape the graph computes
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "zero"], ["n"]),
        helper.make_node("Concat", ["n", "rest"], ["target"], axis=0),
        helper.make_node("Reshape", ["x", "target"], ["y"]),
        helper.make_node("Max", ["target", "floor"], ["target2"]),
        helper.make_node("Reshape", ["x", "target2"], ["z"]),
    ]
    m = model_of(
        nodes,
        [("x", F, [None, 6])],
        [("y", F, None), ("z", F, None)],
        inits=[
            ("zero", np.array([0], np.int64)),
            ("rest", np.array([-1, 3], np.int64)),
            ("floor", np.array([0, -1, 0], np.int64)),
        ],
    )
    x = np.arange(24, dtype=np.float32).reshape(4, 6)
    y, z = run(m, {"x": x})
    np.testing.assert_array_equal(y, x.reshape(4, 2, 3))
    np.testing.assert_array_equal(z, x.reshape(4, 2, 3))


def test_tile_by_repeats_computed_at_run_time():
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Min", ["s", "cap"], ["repeats"]),
        helper.make_node("Tile", ["x", "repeats"], ["y"]),
    ]
    m = model_of(
        nodes, [("x", F, [None, 2])], [("y", F, None)], inits=[("cap", np.array([2, 3], np.int64))]
    )
    x = np.arange(6, dtype=np.float32).reshape(3, 2)
    np.testing.assert_array_equal(run(m, {"x": x}), np.tile(x, (2, 2)))


def test_slice_bounds_of_different_lengths_are_an_invalid_document():
    # a malformed model: never a slice of the first bounds only, nor a traceback
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Slice", ["s", "a", "b"], ["y"]),
    ]
    m = model_of(
        nodes,
        [("x", F, [None, 3])],
        [("y", I64, None)],
        inits=[("a", np.array([0], np.int64)), ("b", np.array([1, 2], np.int64))],
    )
    with pytest.raises(gg.GraphgateError) as e:
        gg.import_onnx(m)
    assert e.value.code == "INVALID_DOCUMENT"


def test_top_k_of_a_k_computed_at_run_time():
    # detection heads keep min(k, boxes): TopK's k from the run-time shape
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "one"], ["n"]),
        helper.make_node("Min", ["n", "cap"], ["k"]),
        helper.make_node("TopK", ["x", "k"], ["v", "i"], axis=1, largest=0),
    ]
    m = model_of(
        nodes,
        [("x", F, [2, None])],
        [("v", F, None), ("i", I64, None)],
        inits=[("one", np.array([1], np.int64)), ("cap", np.array([3], np.int64))],
    )
    x = np.array([[5.0, 1.0, 4.0, 2.0, 3.0], [0.5, 0.2, 0.9, 0.1, 0.3]], np.float32)
    for got, want in zip(run(m, {"x": x}), ort_run(m, {"x": x}), strict=True):
        np.testing.assert_array_equal(got, want)
    v, _ = run(m, {"x": x[:, :2]})
    assert v.shape == (2, 2)


def test_one_hot_of_a_depth_computed_at_run_time():
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("Gather", ["s", "one"], ["n"]),
        helper.make_node("Max", ["n", "floor"], ["depth"]),
        helper.make_node("OneHot", ["idx", "depth", "vals"], ["y"]),
    ]
    m = model_of(
        nodes,
        [("x", F, [1, None]), ("idx", I64, [None])],
        [("y", F, None)],
        inits=[
            ("one", np.array(1, np.int64)),
            ("floor", np.array(2, np.int64)),
            ("vals", np.array([0.0, 5.0], np.float32)),
        ],
    )
    feeds = {"x": np.zeros((1, 4), np.float32), "idx": np.array([0, 3, -1, 7], np.int64)}
    np.testing.assert_array_equal(run(m, feeds), ort_run(m, feeds)[0])


@pytest.mark.parametrize("depth", [0, -2])
def test_one_hot_of_a_depth_below_one_is_refused_as_onnxruntime_refuses_it(depth):
    # GIVEN a OneHot whose depth is a fed 0 or negative, and one whose depth is a constant
    fed = model_of(
        [helper.make_node("OneHot", ["idx", "depth", "vals"], ["y"])],
        [("idx", I64, [None]), ("depth", I64, [])],
        [("y", F, None)],
        inits=[("vals", np.array([0.0, 1.0], np.float32))],
    )
    feeds = {"idx": np.array([0, 1], np.int64), "depth": np.array(depth, np.int64)}
    # THEN onnxruntime fails the run ("Depth is negative", for 0 as well), and so does
    # graphgate, where an empty [2, 0] would be an answer onnxruntime never gives
    with pytest.raises(Exception, match="Depth is negative"):
        ort_run(fed, feeds)
    with pytest.raises(gg.GraphgateError) as exc:
        run(fed, feeds)
    assert exc.value.code == "ASSERTION_FAILED"
    constant = model_of(
        [helper.make_node("OneHot", ["idx", "depth", "vals"], ["y"])],
        [("idx", I64, [None])],
        [("y", F, None)],
        inits=[
            ("depth", np.array(depth, np.int64)),
            ("vals", np.array([0.0, 1.0], np.float32)),
        ],
    )
    with pytest.raises(gg.GraphgateError) as exc:
        run(constant, {"idx": feeds["idx"]})
    assert exc.value.code == "INVALID_ATTR"
    # a depth of 1 still runs as onnxruntime's
    feeds["depth"] = np.array(1, np.int64)
    np.testing.assert_array_equal(run(fed, feeds), ort_run(fed, feeds)[0])


def _if_branch(output: str):
    body = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["z"])],
        "branch",
        [],
        [helper.make_tensor_value_info(output, F, [2])],
    )
    return body


@pytest.mark.parametrize(
    ("nodes", "words"),
    [
        ([helper.make_node("Relu", ["x"], ["z"])], "no node"),
        ([helper.make_node("Relu", ["x"], ["y"]), helper.make_node("Neg", ["x"], ["y"])], "twice"),
        ([helper.make_node("Relu", ["x"], ["x"])], "twice"),
    ],
    ids=["output-of-no-node", "two-producers", "an-input-overwritten"],
)
def test_a_model_not_in_ssa_form_is_refused_not_guessed(nodes, words):
    # onnxruntime refuses these; the importer raised KeyError, or kept the last producer.
    m = model_of(nodes, [("x", F, [2])], [("y", F, [2])])
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.import_onnx(m)
    assert info.value.code == "INVALID_DOCUMENT" and words in info.value.message


def test_a_branch_whose_output_no_node_produces_is_refused():
    node = helper.make_node(
        "If", ["c"], ["y"], then_branch=_if_branch("w"), else_branch=_if_branch("z")
    )
    m = model_of([node], [("x", F, [2]), ("c", TensorProto.BOOL, [])], [("y", F, [2])])
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.import_onnx(m)
    assert info.value.code in ("INVALID_DOCUMENT", "ONNX_UNSUPPORTED")


# Found by the combination fuzzer (test_fuzz_combinations.py).
def test_hardmax_before_opset_13_coerces_to_2d_at_axis():
    x = np.asarray([[[1, 5], [3, 0]], [[2, 2], [7, 1]]], np.float32)
    for opset, attrs in ((11, {}), (12, {"axis": 1}), (11, {"axis": -1}), (13, {"axis": 1})):
        node = helper.make_node("Hardmax", ["x"], ["y"], **attrs)
        m = model_of([node], [("x", F, [2, 2, 2])], [("y", F, None)], opset=opset)
        np.testing.assert_array_equal(run(m, {"x": x}), ort_run(m, {"x": x})[0], err_msg=opset)


def test_abs_of_unsigned_is_itself_and_float_defaults_are_float32():
    u = np.asarray([0, 7, 255], np.uint8)
    m = model_of(
        [helper.make_node("Abs", ["u"], ["y"])],
        [("u", TensorProto.UINT8, [3])],
        [("y", TensorProto.UINT8, None)],
    )
    np.testing.assert_array_equal(run(m, {"u": u}), u)
    # LeakyRelu's default alpha is the float32 0.01, in a float64 model too (onnxruntime's).
    x = np.asarray([0.25, -1.0, -3.0], np.float64)
    node = helper.make_node("LeakyRelu", ["x"], ["y"])
    m = model_of([node], [("x", TensorProto.DOUBLE, [3])], [("y", TensorProto.DOUBLE, None)])
    np.testing.assert_array_equal(run(m, {"x": x}), ort_run(m, {"x": x})[0])
    assert run(m, {"x": x})[1] == -float(np.float32(0.01))


def test_slice_backward_to_a_sentinel_end_is_refused_as_the_spec_and_onnxruntime_differ():
    # The spec clamps a negative step's end into [-1, dim - 1]: INT64_MAX selects nothing
    # (onnx's inference and reference evaluator agree), where onnxruntime reads INT32_MAX
    # and INT64_MAX as numpy's None, through index 0. Either answer is a wrong number for a
    # model that meant the other, so both are refused, whether the length is static or fed.
    # INT64_MIN and a plain large end are unambiguous.
    x = np.arange(4, dtype=np.float32)
    for dims in ([4], ["N"]):
        for end in (2**63 - 1, 2**31 - 1):
            inits = [("s", [2]), ("e", [end]), ("a", [0]), ("t", [-1])]
            node = helper.make_node("Slice", ["x", "s", "e", "a", "t"], ["y"])
            m = model_of([node], [("x", F, dims)], [("y", F, None)], inits)
            with pytest.raises(gg.GraphgateError, match="onnxruntime reads it as through"):
                run(m, {"x": x})
        for end, want in ((-(2**63), [2.0, 1.0, 0.0]), (1000, [])):
            inits = [("s", [2]), ("e", [end]), ("a", [0]), ("t", [-1])]
            node = helper.make_node("Slice", ["x", "s", "e", "a", "t"], ["y"])
            m = model_of([node], [("x", F, dims)], [("y", F, None)], inits)
            np.testing.assert_array_equal(run(m, {"x": x}), want, err_msg=f"{end} {dims}")


def test_an_input_type_the_nodes_own_opset_does_not_take_is_refused():
    # Max-8 (opsets 8-11) takes floats only: onnxruntime refuses the int32 model, and the
    # converter to opset 13 would have made it valid by accident.
    node = helper.make_node("Max", ["a", "b"], ["y"])
    i32 = TensorProto.INT32
    m = model_of([node], [("a", i32, [2]), ("b", i32, [2])], [("y", i32, None)], opset=11)
    report = gg.onnx.check_onnx(m)
    assert [(p.op_type, p.opset) for p in report.problems] == [("Max", 11)]
    assert "tensor(int32)" in report.problems[0].reason
    with pytest.raises(gg.GraphgateError, match="ONNX_UNSUPPORTED"):
        gg.import_onnx(m)
    m12 = model_of([node], [("a", i32, [2]), ("b", i32, [2])], [("y", i32, None)], opset=12)
    np.testing.assert_array_equal(run(m12, {"a": [1, 5], "b": [3, 2]}), [3, 5])


def test_known_values_whose_product_is_large_are_left_to_the_run_not_folded():
    # Probe 19: integer initializers are folded as the model is read, and a fold of two
    # small ones made an output of any size outside every limit: an int64 [5000, 1] times
    # a [1, 5000] (80 KB of model) held 200 MB before the graph was even stored.
    n = 400
    a, b = np.arange(n, dtype=np.int64).reshape(n, 1), np.arange(n, dtype=np.int64).reshape(1, n)
    model = model_of(
        [helper.make_node("Mul", ["a", "b"], ["m"]), helper.make_node("Add", ["m", "x"], ["y"])],
        [("x", I64, [1])],
        [("y", I64, None)],
        [("a", a), ("b", b)],
    )
    graph, _ = gg.import_onnx(model)
    held = [op.attrs["value"].size for op in graph.get_operations() if op.type == "Const"]
    assert max(held) <= n  # the product is the graph's Mul, computed in a run's limits
    x = np.array([7], np.int64)
    np.testing.assert_array_equal(run(model, {"x": x}), ort_run(model, {"x": x})[0])


def test_a_model_of_more_outputs_than_a_graph_may_have_nodes_is_refused_before_it_is_checked():
    # Probe 21: a Split of 300,000 listed outputs (2.4 MB) took +220 MB and 2 s to check
    # before the stored graph was refused; a 64 MB upload of millions, several GB. The
    # outputs of its nodes, a branch's too, are held to the node limit first.
    limits = gg.Limits(max_nodes=1_000)
    split = helper.make_node("Split", ["x"], [f"o{i}" for i in range(1_001)], axis=0)
    model = model_of([split], [("x", F, [1_001])], [("o0", F, [1])], opset=13)
    with pytest.raises(gg.GraphgateError) as info:
        gg.import_onnx(model, limits=limits)
    assert info.value.code == "GRAPH_TOO_LARGE"
    assert info.value.details["outputs"] == 1_001
    in_branch = helper.make_graph(
        [split], "then", [], [helper.make_tensor_value_info("o0", F, [1])]
    )
    other = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["z"])],
        "else",
        [],
        [helper.make_tensor_value_info("z", F, None)],
    )
    cond = helper.make_node("If", ["c"], ["y"], then_branch=in_branch, else_branch=other)
    model = model_of(
        [cond], [("c", TensorProto.BOOL, []), ("x", F, [1_001])], [("y", F, None)], opset=13
    )
    with pytest.raises(gg.GraphgateError) as info:
        gg.import_onnx(model, limits=limits)
    assert info.value.details["outputs"] == 1_003  # the If's, the Split's, the Identity's
    # a model within the limit imports as before
    small = model_of(
        [helper.make_node("Split", ["x"], ["a", "b"], axis=0)],
        [("x", F, [2])],
        [("a", F, [1])],
        opset=13,
    )
    np.testing.assert_array_equal(
        run(small, {"x": np.array([1.0, 2.0], np.float32)}, limits=limits), [1.0]
    )


@pytest.mark.parametrize(
    ("data_dims", "index_dims", "index", "axis"),
    [
        ([3, 4], [1, 2], [[3, -4]], 1),  # numpy broadcast the one row to three
        ([3, 4], [2, 2], [[3, 0], [1, 1]], 1),  # numpy refused a [2, 2] over [3, 4]
        ([3, 4], [2, 3], [[2, 0, 1], [0, 1, 2]], 0),
        (["n", "k"], ["m", "j"], [[3, 0]], 1),  # the extents known only at run time
        ([3, 4], [3, 4], [[0, 1, 2, 3]] * 3, 1),  # the same extent: no cut
    ],
)
def test_gather_elements_reads_each_index_at_its_own_coordinates_as_ort(
    data_dims, index_dims, index, axis
):
    m = one("GatherElements", [("x", F, data_dims), ("i", I64, index_dims)], [("y", F, None)],
            axis=axis)  # fmt: skip
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    i = np.array(index, np.int64)
    want = ort_run(m, {"x": x, "i": i})[0]
    got = run(m, {"x": x, "i": i})
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dims", [[3, 4], ["n", "m"]])
def test_gather_elements_index_below_minus_the_axis_fails_the_run_as_ort_refuses(dims):
    # review44: -6 along an axis of 4 was wrapped once (-2) and numpy's take_along_axis
    # counted it from the end again, answering x[:, 2] where onnxruntime refuses
    m = one("GatherElements", [("x", F, dims), ("i", I64, dims)], [("y", F, None)], axis=1)
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    for bad in (-6, -5, 4):
        i = np.zeros((3, 4), np.int64)
        i[1, 2] = bad
        with pytest.raises(Exception, match="GatherElements"):
            ort_run(m, {"x": x, "i": i})
        with pytest.raises(gg.errors.InvalidArgumentError):
            run(m, {"x": x, "i": i})
    i = np.full((3, 4), -4, np.int64)  # the first, as onnxruntime reads it
    np.testing.assert_array_equal(run(m, {"x": x, "i": i}), ort_run(m, {"x": x, "i": i})[0])


def test_gather_elements_indices_longer_than_the_data_fail_the_run_as_ort_refuses():
    m = one("GatherElements", [("x", F, ["n", 4]), ("i", I64, ["m", 2])], [("y", F, None)], axis=1)
    x, i = np.zeros((1, 4), np.float32), np.zeros((3, 2), np.int64)
    with pytest.raises(Exception, match="GatherElements"):
        ort_run(m, {"x": x, "i": i})
    with pytest.raises(gg.errors.InvalidArgumentError):  # numpy broadcast the one row
        run(m, {"x": x, "i": i})


def test_gather_elements_by_indices_of_unknown_rank_is_refused_not_a_type_error():
    # Found by soak8: the lowering read len() of the indices' unknown shape (a bare
    # TypeError out of import_onnx).
    node = helper.make_node("GatherElements", ["x", "i"], ["y"], axis=0)
    graph = helper.make_graph(
        [node],
        "g",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2]),
            helper.make_tensor_value_info("i", TensorProto.INT64, None),
        ],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=9)
    with pytest.raises(gg.GraphgateError) as info:
        gg.import_onnx(model)
    assert info.value.code == "ONNX_UNSUPPORTED" and "unknown rank" in info.value.message
