"""gg.export_onnx: valid models (onnx.checker, strict), the same numbers both ways."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

import graphgate as gg  # noqa: E402
from tests.unit.engine.onnx.test_import import mlp_model, ort_run  # noqa: E402


def _build():
    graph = gg.Graph()
    rng = np.random.default_rng(4)
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 6], name="x")
        w = gg.Variable(rng.standard_normal((6, 4)).astype(np.float32), name="w")
        b = gg.Variable(np.zeros(4, np.float32), name="b")
        h = gg.nn.relu(gg.matmul(x, w) + b)
        t = gg.transpose(gg.reshape(h, [-1, 2, 2]), [0, 2, 1])
        s = gg.concat([t[:, 0], gg.expand_dims(gg.reduce_mean(t, [1, 2]), -1)], 1)
        y = gg.nn.softmax(gg.tanh(s) * 2.0 - gg.sqrt(gg.abs(s) + 1.0), name="y")
        pick = gg.argmax(y, 1, name="pick")
        clipped = gg.clip_by_value(gg.pad(h, [[0, 0], [1, 2]]), -0.5, 0.5, name="clipped")
    return graph, x, w, y, pick, clipped


def test_export_then_import_gives_the_same_outputs_with_trained_weights():
    graph, x, w, y, pick, clipped = _build()
    xv = np.random.default_rng(5).standard_normal((5, 6)).astype(np.float32)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        w.load(np.full((6, 4), 0.25, np.float32), sess)
        want = sess.run([y, pick, clipped], {x: xv})
        model = gg.export_onnx(graph, [y, pick, clipped], [x], session=sess)
    onnx.checker.check_model(model, full_check=True)
    inits = {i.name: onnx.numpy_helper.to_array(i) for i in model.graph.initializer}
    np.testing.assert_array_equal(inits["w"], np.full((6, 4), 0.25, np.float32))
    # onnxruntime agrees ...
    got = ort_run(model, {"x": xv})
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)
    # ... and so does graphgate after importing it back.
    graph2, values = gg.import_onnx(model)
    with gg.Session(graph2) as sess:
        sess.run(gg.global_variables_initializer(graph2))
        back = sess.run([values["y"], values["pick"], values["clipped"]], {values["x"]: xv})
    for a, b in zip(back, want, strict=True):
        np.testing.assert_array_equal(a, b)


def test_import_then_export_runs_the_same_in_onnxruntime(tmp_path):
    m = mlp_model()
    graph, _ = gg.import_onnx(m)
    path = tmp_path / "again.onnx"
    gg.export_onnx(graph, ["probs"], ["x"], path=str(path))
    again = onnx.load(str(path))
    xv = np.random.default_rng(6).standard_normal((3, 16)).astype(np.float32)
    np.testing.assert_allclose(
        ort_run(again, {"x": xv})[0], ort_run(m, {"x": xv})[0], rtol=1e-5, atol=1e-7
    )


def test_ops_onnx_cannot_express_exactly_are_refused_together():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [3], name="x")
        a = gg.math.lgamma(x, name="soft")
        y = gg.nn.dropout(a, rate=0.5, name="drop")
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.export_onnx(graph, [y], [x])
    names = {p["node"] for p in info.value.details["problems"]}
    assert info.value.code == "ONNX_UNSUPPORTED" and names == {"soft", "drop"}


def test_a_needed_placeholder_must_be_fed():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [3], name="x")
        z = gg.placeholder(gg.float32, [3], name="z")
        y = x + z
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.export_onnx(graph, [y], [x])
    assert info.value.details["problems"][0]["node"] == "z"


def test_a_cnn_exports_with_tensorflows_same_padding_made_explicit():
    import graphgate.onnx.lowering  # noqa: F401 - registers the engine's conv ops
    from graphgate.ops.registry import REGISTRY

    if "Conv2D" not in REGISTRY:
        pytest.skip("the engine has no conv ops")
    rng = np.random.default_rng(13)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 9, 9, 3], name="x")
        f1 = gg.Variable(rng.standard_normal((3, 3, 3, 4)).astype(np.float32) * 0.3, name="f1")
        b1 = gg.Variable(rng.standard_normal(4).astype(np.float32) * 0.1, name="b1")
        f2 = gg.Variable(rng.standard_normal((2, 2, 4, 5)).astype(np.float32) * 0.3, name="f2")
        h = gg.nn.relu(gg.nn.bias_add(gg.nn.conv2d(x, f1, [1, 2, 2, 1], "SAME"), b1))
        h = gg.nn.max_pool(h, [1, 2, 2, 1], [1, 1, 1, 1], "SAME")
        h = gg.nn.conv2d(h, f2, [1, 1, 1, 1], "VALID", dilations=[1, 2, 2, 1])
        y = gg.nn.avg_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", name="y")
    xv = rng.standard_normal((2, 9, 9, 3)).astype(np.float32)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        want = sess.run(y, {x: xv})
        model = gg.export_onnx(graph, [y], [x], session=sess)
    np.testing.assert_allclose(ort_run(model, {"x": xv})[0], want, rtol=1e-5, atol=1e-6)
    graph2, values = gg.import_onnx(model)
    with gg.Session(graph2) as sess:
        sess.run(gg.global_variables_initializer(graph2))
        back = sess.run(values["y"], {values["x"]: xv})
    np.testing.assert_allclose(back, want, rtol=1e-5, atol=1e-6)


def test_tf1_math_ops_export_and_run_the_same_in_onnxruntime():
    # Exported only: the importer does not read these ONNX operators back yet.
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        w = gg.constant(np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4))
        trig = gg.sin(x) + gg.cos(x) * gg.tan(x * 0.3) + gg.atan(x) + gg.asinh(x) + gg.erf(x)
        inv = gg.asin(gg.tanh(x)) + gg.acos(gg.tanh(x)) + gg.atanh(gg.tanh(x) * 0.5)
        hyper = gg.sinh(x) + gg.cosh(x) + gg.acosh(gg.abs(x) + 1.0)
        rounded = gg.round(x * 2.0) + gg.ceil(x)
        y = gg.einsum("bi,ij->bj", trig + inv + hyper + rounded, w, name="y")
        flags = gg.logical_or(gg.is_nan(x), gg.is_inf(x), name="flags")
    xv = np.array([[0.25, -1.5, 2.5], [0.5, 1.75, -0.5], [np.inf, 0.0, 1.0]], np.float32)
    with gg.Session(graph) as sess:
        want = sess.run([y, flags], {x: xv[:2]})
        want_flags = sess.run(flags, {x: xv})
    model = gg.export_onnx(graph, [y, flags], [x])
    onnx.checker.check_model(model, full_check=True)
    got = ort_run(model, {"x": xv[:2]})
    np.testing.assert_allclose(got[0], want[0], rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(ort_run(model, {"x": xv})[1], want_flags)


@pytest.mark.parametrize(
    "fetches, feeds",
    [
        (["y"], ["x", "x"]),
        (["y"], ["x", "x:0"]),
        (["x", "x", "y"], ["x"]),
        (["w", "w", "y", "y"], ["x"]),
    ],
)
def test_a_feed_or_copied_fetch_named_twice_exports_once(fetches, feeds):
    # Two inputs of one name, or two Identity nodes writing `x/output`, failed the
    # checker's SSA rule: a ValidationError (over the API, `?feed=x,x`: a 500).
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        gg.multiply(x, gg.Variable(2.0, name="w"), name="y")
    model = gg.export_onnx(graph, fetches, feeds)
    assert [i.name for i in model.graph.input] == ["x"]
    expected = {"x": [1.5], "w": 2.0, "y": [3.0]}
    outputs = ort_run(model, {"x": np.array([1.5], np.float32)})
    assert [o.tolist() for o in outputs] == [expected[f] for f in fetches]


def test_squeeze_of_a_dim_unknown_when_exporting_removes_it_when_the_run_makes_it_1():
    # TF's squeeze() drops every dim that is 1 in the run; the export wrote axes from the
    # dims known then ([1]), so a batch of 1 kept its dim: shape [1, 3] where TF's is [3].
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 1, 3], name="x")
        y = gg.shape(gg.squeeze(x), name="y")
    model = gg.export_onnx(graph, [y], [x])
    squeeze = next(n for n in model.graph.node if n.op_type == "Squeeze")
    assert list(squeeze.input) == [squeeze.input[0]]  # no axes: the run's dims of 1
    for n in (1, 2):
        xv = np.ones((n, 1, 3), np.float32)
        with gg.Session(graph) as sess:
            want = sess.run(y, {x: xv})
        np.testing.assert_array_equal(ort_run(model, {"x": xv})[0], want)


def test_a_feed_or_fetch_of_unknown_rank_is_refused_by_name():
    # onnx.checker wants the model's inputs' and outputs' shapes: this was its
    # ValidationError, a traceback (a 500 over the API), not a graphgate error.
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 1, 3], name="x")
        y = gg.squeeze(x, name="y")
    with pytest.raises(gg.GraphgateError) as exc:
        gg.export_onnx(graph, [y], [x])
    assert exc.value.code == "ONNX_UNSUPPORTED"
    assert "y:0 has an unknown rank" in str(exc.value)


@pytest.mark.parametrize(
    "bounds, clip",
    [
        ("rows", False),  # tensors: the export's Max then Min gave the upper bound
        ((3, 1), False),  # constants out of order: ONNX's Clip gives the upper bound
        ((-1, 4), True),  # constants in order: ONNX's Clip, as before
    ],
)
def test_clip_by_value_exports_tfs_order_a_lower_bound_above_the_upper_wins(bounds, clip):
    # TF 2.21 (tf.compat.v1, graph mode) computes max(min(x, hi), lo): clip_by_value of
    # [[4, -4, 5], [1, 1, 3]] by its own first and second rows is [[4, -4, 5], [4, 1, 5]],
    # and by 3 and 1 is all 3. Found by the soak's widened ONNX export fuzzer (dtypes).
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.int8, [None, 3], name="x")
        lo, hi = (x[:1], x[1:2]) if bounds == "rows" else bounds
        y = gg.clip_by_value(x, lo, hi, name="y")
    xv = np.array([[4, -4, 5], [1, 1, 3]], np.int8)
    with gg.Session(graph) as sess:
        want = sess.run(y, {x: xv})
    lo, hi = (xv[:1], xv[1:2]) if bounds == "rows" else bounds
    np.testing.assert_array_equal(want, np.maximum(np.minimum(xv, hi), lo))
    model = gg.export_onnx(graph, [y], [x])
    onnx.checker.check_model(model, full_check=True)
    np.testing.assert_array_equal(ort_run(model, {"x": xv})[0], want)
    assert any(n.op_type == "Clip" for n in model.graph.node) == clip


@pytest.mark.parametrize(
    ("shape", "axis", "guarded"),
    [
        ([None, 2], 0, True),  # an unknown batch: a request may hold no row
        ([None, 2], None, True),
        ([None, 2], 1, False),  # a known axis of 2 cannot be empty: ReduceMean alone
    ],
)
def test_a_mean_over_an_axis_that_may_be_empty_exports_tfs_nan(shape, axis, guarded):
    # TF 2.21's reduce_mean of no elements is NaN (0/0), as graphgate's; onnxruntime's
    # ReduceMean answers 0, so an exported model fed an empty batch answered 0. Found by the
    # export fuzzer's empty family (h-soak6).
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, shape, name="x")
        y = gg.reduce_mean(x, axis=axis, name="y")
    model = gg.export_onnx(graph, [y], [x])
    onnx.checker.check_model(model, full_check=True)
    assert any(n.op_type == "Where" for n in model.graph.node) == guarded
    for rows in (0, 2):
        xv = np.arange(rows * 2, dtype=np.float32).reshape(rows, 2)
        with gg.Session(graph) as sess:
            want = sess.run(y, {x: xv})
        np.testing.assert_array_equal(ort_run(model, {"x": xv})[0], want)
        if rows == 0 and axis != 1:
            assert np.isnan(want).all() and np.size(want)  # TF's NaN, not 0


@pytest.mark.parametrize("reduce", ["sum", "mean", "max", "min", "prod", "logsumexp"])
@pytest.mark.parametrize(
    ("shape", "axis", "keepdims", "rows"),
    [
        ([None, 3], -2, False, 0),
        ([None, 3], -2, True, 0),
        ([None, 3], -1, False, 0),  # the axis kept has no element
        ([None, 3], [-1, -2], False, 0),
        ([2, None], -1, True, 0),
        ([None, 3], -1, False, 2),
    ],
)
def test_a_reduction_along_negative_axes_of_an_empty_input_exports_its_shape(
    reduce, shape, axis, keepdims, rows
):
    # review44: onnxruntime reduces an input of no element along a negative axis to the
    # input itself ((0, 3) over -2 answered (0, 3), not three sums): axes are written
    # counted from the front
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, shape, name="x")
        y = getattr(gg, f"reduce_{reduce}")(x, axis=axis, keepdims=keepdims, name="y")
    model = gg.export_onnx(graph, [y], [x])
    xv = np.ones((rows, 3) if shape[0] is None else (2, rows), np.float32)
    with gg.Session(graph) as sess:
        want = sess.run(y, {x: xv})
    got = ort_run(model, {"x": xv})[0]
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-6)


def _exported_equals_session(build, feed):
    graph = gg.Graph()
    with graph.as_default():
        x, y = build()
        init = gg.global_variables_initializer()
    with gg.Session(graph) as sess:
        sess.run(init)
        want = sess.run(y, {x: feed})
        model = gg.export_onnx(graph, [y], [x], session=sess)
    onnx.checker.check_model(model, full_check=True)
    got = ort_run(model, {model.graph.input[0].name: feed})[0]
    # float32 sums in another order: within 2e-6 of the output's largest magnitude
    np.testing.assert_allclose(got, want, rtol=0, atol=2e-6 * max(float(np.abs(want).max()), 1))
    return model


def test_depthwise_and_separable_convolutions_export_as_grouped_conv():
    # MobileNet's layers were ONNX_UNSUPPORTED ("no ONNX equivalent"); ONNX's Conv with one
    # group per input channel is the same sum.
    rng = np.random.default_rng(8)
    xv = rng.standard_normal((2, 9, 9, 3)).astype(np.float32)
    w = rng.standard_normal((3, 3, 3, 2)).astype(np.float32)
    w_dilated = rng.standard_normal((2, 3, 3, 1)).astype(np.float32)

    def strided():
        x = gg.placeholder(gg.float32, [None, 9, 9, 3], name="x")
        return x, gg.nn.depthwise_conv2d(x, gg.constant(w), [1, 2, 2, 1], "SAME")

    def dilated():
        x = gg.placeholder(gg.float32, [None, 9, 9, 3], name="x")
        return x, gg.nn.depthwise_conv2d(
            x, gg.constant(w_dilated), [1, 1, 1, 1], "VALID", rate=[2, 2]
        )

    def separable():
        x = gg.placeholder(gg.float32, [None, 9, 9, 3], name="x")
        return x, gg.layers.separable_conv2d(x, 4, 3, padding="same")

    for build in (strided, dilated, separable):
        model = _exported_equals_session(build, xv)
        assert any(n.op_type == "Conv" and n.attribute for n in model.graph.node)


def test_a_grouped_conv2d_exports_as_conv_with_its_groups():
    rng = np.random.default_rng(9)
    xv = rng.standard_normal((2, 7, 7, 4)).astype(np.float32)
    w = rng.standard_normal((3, 3, 2, 6)).astype(np.float32)  # 2 groups of 2 channels

    def grouped():
        x = gg.placeholder(gg.float32, [None, 7, 7, 4], name="x")
        return x, gg.nn.conv2d(x, gg.constant(w), [1, 2, 1, 1], "SAME")

    model = _exported_equals_session(grouped, xv)
    conv = next(n for n in model.graph.node if n.op_type == "Conv")
    assert [a.i for a in conv.attribute if a.name == "group"] == [2]


def test_unstack_and_a_static_rnn_export():
    # tf.unstack (Unpack) had no conversion, so no static_rnn exported.
    import graphgate.compat.v1 as tf

    sv = np.random.default_rng(9).standard_normal((2, 5, 4)).astype(np.float32)

    def unstacked():
        x = tf.placeholder(tf.float32, [None, 5, 4], name="x")
        return x, tf.add_n(tf.unstack(x, axis=-1))

    def gru():
        tf.set_random_seed(1)
        x = tf.placeholder(tf.float32, [None, 5, 4], name="x")
        cell = tf.nn.rnn_cell.GRUCell(3)
        outs, _ = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
        return x, tf.stack(outs, 1)

    _exported_equals_session(unstacked, sv)
    _exported_equals_session(gru, sv)


@pytest.mark.parametrize(
    ("size", "k", "stride", "padding", "out", "dilation"),
    [
        (9, 3, 2, "SAME", 18, 1),
        (9, 1, 2, "SAME", 18, 1),  # a kernel shorter than its stride: output_padding
        (9, 2, 2, "SAME", 17, 1),
        (9, 3, 2, "VALID", 20, 1),
        (7, 3, 1, "SAME", 7, 2),
        (5, 4, 3, "VALID", 16, 1),
    ],
)
def test_conv2d_transpose_exports_as_conv_transpose(size, k, stride, padding, out, dilation):
    # It was ONNX_UNSUPPORTED ("no ONNX equivalent"): a GAN's or U-Net's upsampling.
    rng = np.random.default_rng(size * k + stride)
    w = rng.standard_normal((k, k, 2, 3)).astype(np.float32)

    def build():
        x = gg.placeholder(gg.float32, [None, size, size, 3], name="x")
        y = gg.nn.conv2d_transpose(
            x, gg.constant(w), [2, out, out, 2], [1, stride, stride, 1], padding,
            dilations=[1, dilation, dilation, 1],
        )  # fmt: skip
        return x, y

    model = _exported_equals_session(
        build, rng.standard_normal((2, size, size, 3)).astype(np.float32)
    )
    assert "ConvTranspose" in [n.op_type for n in model.graph.node]


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_volumes_export_conv3d_and_3d_pools(padding):
    # conv3d, max_pool3d and avg_pool3d were ONNX_UNSUPPORTED ("no ONNX equivalent").
    rng = np.random.default_rng(10)
    w = rng.standard_normal((3, 2, 3, 3, 4)).astype(np.float32)
    xv = rng.standard_normal((2, 7, 8, 9, 3)).astype(np.float32)

    def placeholder():
        return gg.placeholder(gg.float32, [None, 7, 8, 9, 3], name="x")

    def strided():
        x = placeholder()
        return x, gg.nn.conv3d(x, gg.constant(w), [1, 2, 1, 3, 1], padding)

    def dilated():
        x = placeholder()
        return x, gg.nn.conv3d(x, gg.constant(w), [1] * 5, padding, dilations=[1, 2, 1, 2, 1])

    def pools():
        x = placeholder()
        ksize, strides = [1, 2, 3, 2, 1], [1, 2, 2, 3, 1]
        return x, gg.nn.max_pool3d(x, ksize, strides, padding) + gg.nn.avg_pool3d(
            x, ksize, strides, padding
        )

    for build in (strided, dilated, pools):
        _exported_equals_session(build, xv)


@pytest.mark.parametrize(("radius", "channels"), [(2, 7), (5, 3), (0, 4)])
def test_lrn_exports_as_running_sums(radius, channels):
    # tf.nn.lrn was ONNX_UNSUPPORTED (its window sum had no converter); ONNX's own LRN
    # divides alpha by the window's size (another rounding), so the engine's running sums
    # are written as they are computed (CumSum, Gather, Sub).
    xv = np.random.default_rng(12).standard_normal((2, 3, 5, channels)).astype(np.float32)

    def build():
        x = gg.placeholder(gg.float32, [None, 3, 5, channels], name="x")
        return x, gg.nn.lrn(x, radius, bias=2.0, alpha=0.3, beta=0.75)

    model = _exported_equals_session(build, xv)
    assert "CumSum" in [n.op_type for n in model.graph.node]


def test_lrn_over_channels_unknown_when_exporting_is_refused():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 3, 5, None], name="x")
        y = gg.nn.lrn(x, 2)
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.export_onnx(graph, [y], [x])
    assert "channels unknown" in str(info.value.details["problems"])


@pytest.mark.parametrize(
    ("size", "k", "stride", "padding", "out", "dilation"),
    [
        ((4, 5, 3), (2, 3, 2), (2, 1, 2), "SAME", (8, 5, 6), (1, 1, 1)),
        ((3, 4, 4), (3, 2, 3), (2, 2, 1), "VALID", (7, 8, 6), (1, 1, 1)),
        ((4, 5, 6), (3, 3, 2), (1, 1, 1), "SAME", (4, 5, 6), (2, 1, 2)),
        ((2, 3, 3), (2, 2, 2), (3, 2, 3), "VALID", (7, 7, 9), (1, 1, 1)),
    ],
)
def test_conv3d_transpose_exports_as_conv_transpose(size, k, stride, padding, out, dilation):
    # It was ONNX_UNSUPPORTED, refused by name: conv2d_transpose's rule over a volume.
    rng = np.random.default_rng(sum(size) + sum(k))
    w = rng.standard_normal((*k, 2, 3)).astype(np.float32)

    def build():
        x = gg.placeholder(gg.float32, [None, *size, 3], name="x")
        y = gg.nn.conv3d_transpose(
            x, gg.constant(w), [2, *out, 2], [1, *stride, 1], padding,
            dilations=[1, *dilation, 1],
        )  # fmt: skip
        return x, y

    model = _exported_equals_session(build, rng.standard_normal((2, *size, 3)).astype(np.float32))
    assert "ConvTranspose" in [n.op_type for n in model.graph.node]


@pytest.mark.parametrize(
    ("index_shape", "axis"), [((5, 2), 1), ((1, 2), 1), ((5, 1), 1), ((2, 4), 0), ((None, 3), 1)]
)
def test_take_along_axis_exports_as_gather_elements_with_numpys_broadcast(index_shape, axis):
    # numpy broadcasts the other axes of the values and the indices, GatherElements takes
    # the indices' extent there: a [1, 2] index over [5, 4] values is five rows, not one.
    rng = np.random.default_rng(7)
    rows = rng.standard_normal((5, 4)).astype(np.float32)
    shape = tuple(5 if d is None else d for d in index_shape)
    index = rng.integers(-(rows.shape[axis]), rows.shape[axis], shape).astype(np.int32)

    def build():
        x = gg.placeholder(gg.float32, [None, 4], name="x")
        i = gg.constant(index) if None not in index_shape else gg.placeholder_with_default(
            index, index_shape, name="i")  # fmt: skip
        g = x.graph.create_op("TakeAlongAxis", (x, i), {"axis": axis}, "along").outputs[0]
        return x, gg.identity(g, name="y")

    model = _exported_equals_session(build, rows)
    assert "GatherElements" in {n.op_type for n in model.graph.node}
    want = np.take_along_axis(rows, index.astype(np.intp), axis)
    np.testing.assert_array_equal(ort_run(model, {"x": rows})[0], want)
