"""ONNX If and Loop: imported as the engine's cond and while_loop and checked against
onnxruntime; the engine's cond and while_loop exported as If and Loop, run by onnxruntime
and imported back."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper  # noqa: E402

import graphgate as gg  # noqa: E402
from graphgate.onnx import check_onnx, export_onnx, import_onnx  # noqa: E402
from tests.unit.engine.onnx.test_import import model_of, ort_run, run  # noqa: E402

F, I64, B = TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL


def branch(name, nodes, out, shape=(3,)):
    return helper.make_graph(nodes, name, [], [helper.make_tensor_value_info(out, F, shape)])


def if_model(cond_input=True):
    """y = x * w if the condition holds else x - 1, the branches reading outer values."""
    then_g = branch("then", [helper.make_node("Mul", ["x", "w"], ["t"])], "t")
    else_g = branch("else", [helper.make_node("Sub", ["x", "one"], ["e"])], "e")
    cond = "c" if cond_input else "c_const"
    nodes = [helper.make_node("If", [cond], ["y"], then_branch=then_g, else_branch=else_g)]
    inputs = [("x", F, [3])] + ([("c", B, [])] if cond_input else [])
    inits = [("w", np.array([1.0, 2.0, 3.0], np.float32)), ("one", np.float32(1.0))]
    if not cond_input:
        inits.append(("c_const", np.array(False)))
    return model_of(nodes, inputs, [("y", F, [3])], inits)


def loop_model():
    """A loop with a trip count, a condition, a carried value and a scan output:
    acc = acc * 0.5 + x while acc's sum stays under `bound`, at most `trips` times; every
    iteration's acc is stacked."""
    body = helper.make_graph(
        [
            helper.make_node("Mul", ["acc_in", "half"], ["scaled"]),
            helper.make_node("Add", ["scaled", "x"], ["acc_out"]),
            helper.make_node("ReduceSum", ["acc_out"], ["total"], keepdims=0),
            helper.make_node("Less", ["total", "bound"], ["going_out"]),
            helper.make_node("Identity", ["acc_out"], ["row"]),
        ],
        "body",
        [
            helper.make_tensor_value_info("i", I64, []),
            helper.make_tensor_value_info("going_in", B, []),
            helper.make_tensor_value_info("acc_in", F, [2]),
        ],
        [
            helper.make_tensor_value_info("going_out", B, []),
            helper.make_tensor_value_info("acc_out", F, [2]),
            helper.make_tensor_value_info("row", F, [2]),
        ],
    )
    nodes = [helper.make_node("Loop", ["trips", "go", "acc0"], ["acc", "rows"], body=body)]
    return model_of(
        nodes,
        [("trips", I64, []), ("go", B, []), ("acc0", F, [2]), ("x", F, [2]), ("bound", F, [])],
        [("acc", F, [2]), ("rows", F, [None, 2])],
        [("half", np.float32(0.5))],
    )


@pytest.mark.parametrize("c", [True, False])
def test_if_is_a_cond_whose_branches_read_outer_values(c):
    model = if_model()
    feeds = {"x": np.array([1.0, -2.0, 4.0], np.float32), "c": np.array(c)}
    np.testing.assert_allclose(run(model, feeds), ort_run(model, feeds)[0], rtol=1e-6)
    graph, _ = import_onnx(model)
    assert "If" in {op.type for op in graph.get_operations()}


def test_an_if_on_a_value_known_at_import_is_its_taken_branch_alone():
    model = if_model(cond_input=False)
    feeds = {"x": np.array([1.0, -2.0, 4.0], np.float32)}
    np.testing.assert_allclose(run(model, feeds), ort_run(model, feeds)[0], rtol=1e-6)
    graph, _ = import_onnx(model)
    types = {op.type for op in graph.get_operations()}
    assert "If" not in types and "Mul" not in types  # the other branch was never built


@pytest.mark.parametrize(
    ("trips", "go", "bound"),
    [(5, True, 100.0), (5, True, 3.0), (0, True, 100.0), (5, False, 100.0)],
    ids=["all-trips", "condition-stops", "no-trip", "false-at-start"],
)
def test_loop_with_a_trip_count_a_condition_and_a_scan_output_is_onnxruntimes(trips, go, bound):
    model = loop_model()
    feeds = {
        "trips": np.array(trips, np.int64),
        "go": np.array(go),
        "acc0": np.array([1.0, 2.0], np.float32),
        "x": np.array([0.5, 1.5], np.float32),
        "bound": np.array(bound, np.float32),
    }
    want = ort_run(model, feeds)
    got = run(model, feeds)
    for g, w in zip(got, want, strict=True):
        assert g.shape == w.shape  # rows is (iterations, 2), (0, 2) with none
        np.testing.assert_allclose(g, w, rtol=1e-6)


def test_a_node_graphgate_cannot_import_inside_a_branch_is_listed_before_importing():
    then_g = branch("then", [helper.make_node("Bernoulli", ["x"], ["t"], name="coin")], "t")
    else_g = branch("else", [helper.make_node("Neg", ["x"], ["e"])], "e")
    node = helper.make_node("If", ["c"], ["y"], then_branch=then_g, else_branch=else_g)
    model = model_of([node], [("x", F, [3]), ("c", B, [])], [("y", F, [3])])
    report = check_onnx(model)
    assert [(p.node, p.op_type) for p in report.problems] == [("coin", "Bernoulli")]
    with pytest.raises(gg.GraphgateError) as info:
        import_onnx(model)
    assert info.value.code == "ONNX_UNSUPPORTED"


def test_a_scan_output_whose_shape_is_not_known_is_refused_not_guessed():
    body = helper.make_graph(
        [
            helper.make_node("Identity", ["going_in"], ["going_out"]),
            helper.make_node("Identity", ["x"], ["row"]),
        ],
        "body",
        [
            helper.make_tensor_value_info("i", I64, []),
            helper.make_tensor_value_info("going_in", B, []),
        ],
        [
            helper.make_tensor_value_info("going_out", B, []),
            helper.make_tensor_value_info("row", F, None),
        ],
    )
    node = helper.make_node("Loop", ["trips", ""], ["rows"], body=body)
    model = model_of([node], [("trips", I64, []), ("x", F, None)], [("rows", F, None)])
    with pytest.raises(gg.GraphgateError) as info:
        import_onnx(model)
    assert info.value.code == "ONNX_UNSUPPORTED" and "static shape" in info.value.message


def engine_control_flow():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [3], name="x")
        n = gg.placeholder(gg.int32, [], name="n")
        w = gg.Variable(np.array([1.0, 2.0, 3.0], np.float32), name="w")
        y = gg.cond(gg.reduce_sum(x) > 0, lambda: x * w, lambda: x - 1.0, name="branch")
        gg.identity(y, name="y")
        _, acc = gg.while_loop(
            lambda i, a: i < n, lambda i, a: (i + 1, a * 1.5 + x), [0, gg.zeros([3])], name="loop"
        )
        gg.identity(acc, name="acc")
        _, s = gg.while_loop(
            lambda j, s: gg.reduce_sum(s) < 100.0,
            lambda j, s: [j + 1, s + w],  # a list for a list: TF1's rule with a maximum
            [0, x],
            maximum_iterations=7,
            name="capped",
        )
        gg.identity(s, name="s")
    return g


@pytest.mark.parametrize(("x", "n"), [([1.0, -2.0, 3.0], 4), ([-1.0, -2.0, 3.0], 0)])
def test_cond_and_while_loop_export_as_if_and_loop_and_import_back(x, n):
    g = engine_control_flow()
    model = export_onnx(g, ["y", "acc", "s"], ["x", "n"])
    assert {"If", "Loop"} <= {node.op_type for node in model.graph.node}
    feeds = {"x": np.array(x, np.float32), "n": np.array(n, np.int32)}
    with gg.Session(g) as sess:
        sess.run(gg.global_variables_initializer(g))
        want = sess.run(["y:0", "acc:0", "s:0"], {"x:0": feeds["x"], "n:0": n})
    for got, w in zip(ort_run(model, feeds), want, strict=True):
        np.testing.assert_allclose(got, w, rtol=1e-6)
    for got, w in zip(run(model, feeds, ["y", "acc", "s"]), want, strict=True):
        np.testing.assert_allclose(got, w, rtol=1e-6)


def test_a_branch_that_updates_a_variable_is_refused_on_export():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [], name="x")
        v = gg.Variable(0.0, name="v")
        gg.identity(gg.cond(x > 0, lambda: v.assign_add(x), lambda: gg.identity(x)), name="y")
    with pytest.raises(gg.GraphgateError) as info:
        export_onnx(g, ["y"], ["x"])
    assert info.value.code == "ONNX_UNSUPPORTED"


def test_gradients_flow_through_an_imported_if():
    model = if_model()
    graph, values = import_onnx(model)
    with graph.as_default():
        (grad,) = gg.gradients(gg.reduce_sum(values["y"]), [values["x"]])
    x = np.array([1.0, -2.0, 4.0], np.float32)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        taken = sess.run(grad, {values["x"]: x, values["c"]: True})
        other = sess.run(grad, {values["x"]: x, values["c"]: False})
    np.testing.assert_allclose(taken, [1.0, 2.0, 3.0])  # d(x * w)/dx = w
    np.testing.assert_allclose(other, [1.0, 1.0, 1.0])  # d(x - 1)/dx = 1


@pytest.mark.parametrize("which", ["if", "loop"])
def test_an_imported_if_or_loop_exports_to_what_onnxruntime_computed_from_the_original(which):
    model = if_model() if which == "if" else loop_model()
    feeds = (
        {"x": np.array([1.0, -2.0, 4.0], np.float32), "c": np.array(True)}
        if which == "if"
        else {
            "trips": np.array(4, np.int64),
            "go": np.array(True),
            "acc0": np.array([1.0, 2.0], np.float32),
            "x": np.array([0.5, 1.5], np.float32),
            "bound": np.array(100.0, np.float32),
        }
    )
    graph, values = import_onnx(model)
    outputs = [o.name for o in model.graph.output]
    again = export_onnx(graph, [values[o] for o in outputs], [values[k] for k in feeds])
    renamed = {values[k].op.name: v for k, v in feeds.items()}
    for got, want in zip(ort_run(again, renamed), ort_run(model, feeds), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6)


def test_a_run_time_shape_read_inside_a_branch_and_after_it_is_made_in_each():
    # Shape(x) with a run-time batch becomes a tensor only when asked: asked first inside
    # the branch, that tensor must not be the one the graph reads after the If.
    then_g = branch("then", [helper.make_node("Cast", ["s"], ["t"], to=F)], "t", (2,))
    else_g = branch("else", [helper.make_node("Identity", ["z"], ["e"])], "e", (2,))
    nodes = [
        helper.make_node("Shape", ["x"], ["s"]),
        helper.make_node("If", ["c"], ["y"], then_branch=then_g, else_branch=else_g),
        helper.make_node("Cast", ["s"], ["s2"], to=F),
        helper.make_node("Add", ["y", "s2"], ["out"]),
    ]
    model = model_of(
        nodes,
        [("x", F, ["n", 4]), ("c", B, [])],
        [("out", F, [2])],
        [("z", np.array([0.5, 0.5], np.float32))],
    )
    for c in (True, False):
        feeds = {"x": np.zeros((3, 4), np.float32), "c": np.array(c)}
        np.testing.assert_allclose(run(model, feeds), ort_run(model, feeds)[0])


def scan_model(in_dir=0, out_dir=0, out_axis=0):
    """A running sum over x's rows (taken along axis 1), each partial sum a scan output."""
    body = helper.make_graph(
        [
            helper.make_node("Add", ["sum_in", "row"], ["sum_out"]),
            helper.make_node("Mul", ["sum_out", "two"], ["doubled"]),
        ],
        "body",
        [
            helper.make_tensor_value_info("sum_in", F, [3]),
            helper.make_tensor_value_info("row", F, [3]),
        ],
        [
            helper.make_tensor_value_info("sum_out", F, [3]),
            helper.make_tensor_value_info("doubled", F, [3]),
        ],
    )
    node = helper.make_node(
        "Scan",
        ["s0", "x"],
        ["total", "partials"],
        body=body,
        num_scan_inputs=1,
        scan_input_axes=[1],
        scan_input_directions=[in_dir],
        scan_output_directions=[out_dir],
        scan_output_axes=[out_axis],
    )
    return model_of(
        [node],
        [("s0", F, [3]), ("x", F, [3, 4])],
        [("total", F, [3]), ("partials", F, None)],
        [("two", np.float32(2.0))],
    )


@pytest.mark.parametrize(
    ("in_dir", "out_dir", "out_axis"), [(0, 0, 0), (1, 0, 0), (0, 1, 1), (1, 1, -1)]
)
def test_scan_over_an_axis_in_either_direction_is_onnxruntimes(in_dir, out_dir, out_axis):
    model = scan_model(in_dir, out_dir, out_axis)
    feeds = {
        "s0": np.array([1.0, 0.0, -1.0], np.float32),
        "x": np.arange(12, dtype=np.float32).reshape(3, 4),
    }
    for got, want in zip(run(model, feeds), ort_run(model, feeds), strict=True):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-6)
    # and back out: the imported Scan exports (as a Loop) to the same numbers
    graph, values = import_onnx(model)
    again = export_onnx(graph, [values["total"], values["partials"]], [values["s0"], values["x"]])
    for got, want in zip(ort_run(again, feeds), ort_run(model, feeds), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6)


def test_a_loop_carried_value_declared_with_a_symbolic_dim_may_grow():
    # v = concat(v, x) each iteration: the body declares v's length symbolic ("n").
    body = helper.make_graph(
        [
            helper.make_node("Identity", ["going_in"], ["going_out"]),
            helper.make_node("Concat", ["v_in", "x"], ["v_out"], axis=0),
        ],
        "body",
        [
            helper.make_tensor_value_info("i", I64, []),
            helper.make_tensor_value_info("going_in", B, []),
            helper.make_tensor_value_info("v_in", F, ["n"]),
        ],
        [
            helper.make_tensor_value_info("going_out", B, []),
            helper.make_tensor_value_info("v_out", F, ["m"]),
        ],
    )
    node = helper.make_node("Loop", ["trips", "", "v0"], ["v"], body=body)
    model = model_of([node], [("trips", I64, []), ("v0", F, [1]), ("x", F, [2])], [("v", F, ["k"])])
    feeds = {
        "trips": np.array(3, np.int64),
        "v0": np.array([9.0], np.float32),
        "x": np.array([1.0, 2.0], np.float32),
    }
    np.testing.assert_array_equal(run(model, feeds), ort_run(model, feeds)[0])


@pytest.mark.parametrize("which", ["loop", "scan"])
def test_gradients_flow_through_an_imported_loop_and_scan(which):
    # Central differences of sum(outputs**2) against the engine's gradient w.r.t. x.
    if which == "loop":
        model = loop_model()
        feeds = {
            "trips": np.array(4, np.int64),
            "go": np.array(True),
            "acc0": np.array([1.0, 2.0], np.float32),
            "x": np.array([0.5, 1.5], np.float32),
            "bound": np.array(100.0, np.float32),
        }
    else:
        model = scan_model(1, 1, 1)
        feeds = {
            "s0": np.array([1.0, 0.0, -1.0], np.float32),
            "x": np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4),
        }
    graph, values = import_onnx(model)
    with graph.as_default():
        loss = gg.add_n([gg.reduce_sum(gg.square(values[o.name])) for o in model.graph.output])
        (grad,) = gg.gradients(loss, [values["x"]])
    fed = {values[k]: v for k, v in feeds.items()}
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        got = sess.run(grad, fed)
        x, eps, numeric = feeds["x"].astype(np.float64), 1e-2, np.zeros(feeds["x"].shape)
        for idx in np.ndindex(x.shape):
            for sign in (1, -1):
                moved = x.copy()
                moved[idx] += sign * eps
                fed[values["x"]] = moved.astype(np.float32)
                numeric[idx] += sign * sess.run(loss, fed) / (2 * eps)
    np.testing.assert_allclose(got, numeric, rtol=5e-3, atol=5e-3)


def test_control_flow_inside_a_loops_condition_exports_once_per_emission():
    # Loop's condition is emitted twice (on the initial values, then in the body): the
    # cond and loop inside it must not repeat their names.
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [3], name="x")

        def cond_fn(i, v):
            _, t = gg.while_loop(
                lambda j, t: j < 2, lambda j, t: (j + 1, t + 1.0), [0, gg.reduce_sum(v)]
            )
            return gg.cond(t < 50.0, lambda: i < 10, lambda: gg.constant(False))

        _, v = gg.while_loop(cond_fn, lambda i, v: (i + 1, v * 2.0), [0, x], name="outer")
        gg.identity(v, name="v")
    model = export_onnx(g, ["v"], ["x"])
    feeds = {"x": np.array([1.0, 2.0, 0.5], np.float32)}
    with gg.Session(g) as sess:
        want = sess.run("v:0", {"x:0": feeds["x"]})
    np.testing.assert_allclose(ort_run(model, feeds)[0], want)


def _dropout_behind_a_training_flag():
    """TF1's dropout under `training`, a placeholder_with_default(False): random numbers,
    which no ONNX model reproduces, in the branch the flag left at its default never takes."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        training = gg.placeholder_with_default(False, [], name="training")
        dropped = gg.cond(
            training, lambda: gg.nn.dropout(x, rate=0.5, seed=1), lambda: gg.identity(x)
        )
        gg.multiply(dropped, 2.0, name="y")
    return graph


def test_an_if_whose_flag_is_left_at_its_default_exports_its_taken_branch_alone():
    # GIVEN dropout behind a `training` flag the model does not take as an input
    graph = _dropout_behind_a_training_flag()
    x = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], np.float32)
    with gg.Session(graph=graph) as sess:
        want = sess.run("y:0", {"x:0": x})
    # WHEN it is exported fed `x` alone
    model = export_onnx(graph, fetches=["y"], feeds=["x"])
    # THEN onnxruntime computes what the graph does unfed (the flag's default), and the
    # random branch is nowhere in the model
    np.testing.assert_array_equal(ort_run(model, {"x": x})[0], want)
    assert not [n for n in model.graph.node if n.op_type in ("If", "RandomUniform")]


def test_an_if_whose_flag_is_an_input_keeps_both_branches_and_refuses_the_random_one():
    # GIVEN the same graph, WHEN the flag is among the feeds, THEN dropout's branch is
    # exported, so its random numbers are refused as ever
    with pytest.raises(gg.errors.InvalidArgumentError) as caught:
        export_onnx(_dropout_behind_a_training_flag(), fetches=["y"], feeds=["x", "training"])
    assert caught.value.code == "ONNX_UNSUPPORTED"
    assert "cond/dropout (Dropout) in its body" in str(caught.value)
