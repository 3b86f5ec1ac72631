"""cond, case, while_loop, map_fn, foldl/foldr, scan: TF1's results, gradients, limits."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphgate as gg
from graphgate.serialization import graph_from_dict, graph_to_dict

from .control_flow_programs import PROGRAMS, REFERENCE, to_json

EXPECTED = json.loads(REFERENCE.read_text())


def _close(got, want, where=""):
    if isinstance(want, dict) and set(want) == {"dtype", "value"}:
        assert got["dtype"] == want["dtype"], f"{where}: dtype {got['dtype']} != {want['dtype']}"
        # TF's tanh differs from numpy's by an ulp, which training steps amplify.
        tol = 1e-6 if want["dtype"] == "float32" else 1e-8
        np.testing.assert_allclose(got["value"], want["value"], rtol=tol, atol=tol, err_msg=where)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{where}: {got} != {want}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _close(g, w, f"{where}[{i}]")
    else:
        assert got == want, f"{where}: {got} != {want}"


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_programs_compute_what_tensorflow_computes(name):
    _close(to_json(PROGRAMS[name](gg)), EXPECTED[name], name)


def test_every_program_has_a_reference_value():
    assert set(EXPECTED) == set(PROGRAMS)


# -- semantics that a wrong design would get silently wrong ----------------------------------


def test_ops_of_the_branch_not_taken_never_run(graph):
    v = gg.Variable(0.0, name="v")
    x = gg.placeholder(gg.float32, [], name="x")
    out = gg.cond(x > 0, lambda: v.assign_add(1.0), lambda: v.assign_sub(1.0))
    sess = gg.Session(graph)
    sess.run(v.initializer)
    for feed in (1.0, 1.0, -1.0):
        sess.run(out, {x: feed})
    assert sess.run(v) == 1.0


def test_a_branch_capturing_a_fed_tensor_sees_the_feed(graph):
    x = gg.placeholder(gg.float64, [None], name="x")
    y = gg.cond(gg.reduce_sum(x) > 0, lambda: x * 2.0, lambda: x)
    sess = gg.Session(graph)
    np.testing.assert_array_equal(sess.run(y, {x: [1.0, 2.0]}), [2.0, 4.0])
    np.testing.assert_array_equal(sess.run(y, {x: [-1.0, -2.0, 0.5]}), [-1.0, -2.0, 0.5])


def test_control_dependencies_around_a_cond_run_before_it(graph):
    v = gg.Variable(1.0, name="v")
    bump = v.assign(5.0)
    with gg.control_dependencies([bump]):
        y = gg.cond(gg.constant(True), lambda: v.read_value() * 2.0, lambda: gg.constant(0.0))
    sess = gg.Session(graph)
    sess.run(v.initializer)
    assert sess.run(y) == 10.0


def test_optimizer_on_and_off_agree_on_control_flow(graph):
    x = gg.placeholder(gg.float64, [], name="x")
    c = gg.constant(2.0, gg.float64)
    _, y = gg.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, a * c + c * c), [0, x])
    z = gg.cond(y > 10.0, lambda: y - c * c, lambda: y + c * c)
    g = gg.gradients(z, x)[0]
    for feed in (0.5, -3.0):
        fast = gg.Session(graph).run([y, z, g], {x: feed})
        slow = gg.Session(graph, optimize=False).run([y, z, g], {x: feed})
        assert fast == slow


def test_a_zero_iteration_loop_returns_its_inputs_and_a_zero_gradient_for_captures(graph):
    x = gg.placeholder(gg.float64, [], name="x")
    w = gg.constant(3.0, gg.float64)
    _, y = gg.while_loop(lambda i, a: i < 0, lambda i, a: (i + 1, a * w), [0, x])
    gx, gw = gg.gradients(y, [x, w])
    assert gg.Session(graph).run([y, gx, gw], {x: 1.5}) == [1.5, 1.0, 0.0]


def test_a_tensor_from_inside_a_branch_is_fetched_when_taken_and_dead_when_not(graph):
    # TF1 allows reading a cond branch's value outside the cond (not a loop body's): it
    # is dead when the branch is not taken, and fetching it then fails the run.
    inside = []
    pred = gg.placeholder(gg.bool, [])

    def branch():
        inside.append(gg.constant(1.0) * 2.0)
        return inside[-1]

    gg.cond(pred, branch, lambda: gg.constant(0.0))
    sess = gg.Session(graph)
    assert sess.run(inside[0], {pred: True}) == 2.0
    with pytest.raises(gg.InvalidArgumentError) as info:
        sess.run(inside[0], {pred: False})
    assert info.value.code == "DEAD_FETCH"


def test_fetching_a_tensor_from_inside_a_loop_body_is_refused(graph):
    inside = []

    def body(i):
        inside.append(i * 2)
        return i + 1

    gg.while_loop(lambda i: i < 3, body, [gg.constant(0)])
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.Session(graph).run(inside[0])
    assert info.value.code == "INVALID_CONTROL_FLOW"


# -- gradients against finite differences -----------------------------------------------------


def _finite_difference(sess, y, x, x0, eps=1e-6):
    out = np.zeros_like(x0)
    for i in np.ndindex(x0.shape):
        hi, lo = x0.copy(), x0.copy()
        hi[i] += eps
        lo[i] -= eps
        out[i] = (np.sum(sess.run(y, {x: hi})) - np.sum(sess.run(y, {x: lo}))) / (2 * eps)
    return out


@pytest.mark.parametrize(
    "build",
    [
        lambda x: gg.cond(gg.reduce_sum(x) > 0, lambda: gg.tanh(x) * x, lambda: x * x * x),
        lambda x: gg.while_loop(
            lambda i, a: i < 3, lambda i, a: (i + 1, gg.tanh(a * x + 0.1)), [0, x]
        )[1],
        lambda x: gg.map_fn(lambda r: r * gg.reduce_sum(r * r), gg.reshape(x, [2, 2])),
        lambda x: gg.foldl(lambda a, r: a * r + 1.0, x),
        lambda x: gg.scan(lambda a, r: gg.tanh(a + r), x),
        lambda x: gg.while_loop(
            lambda i, a: i < 2,
            lambda i, a: (i + 1, gg.cond(a[0] > 0, lambda: a * x, lambda: a - x)),
            [0, x],
        )[1],
    ],
    ids=["cond", "while", "map_fn", "foldl", "scan", "cond_in_while"],
)
@pytest.mark.parametrize("point", [[0.3, -0.4, 0.5, 0.2], [-0.6, 0.1, -0.2, -0.3]])
def test_gradients_match_finite_differences(graph, build, point):
    x = gg.placeholder(gg.float64, [4], name="x")
    y = build(x)
    g = gg.gradients(gg.reduce_sum(y), x)[0]
    sess = gg.Session(graph)
    x0 = np.array(point)
    np.testing.assert_allclose(
        sess.run(g, {x: x0}), _finite_difference(sess, y, x, x0), rtol=1e-5, atol=1e-7
    )


# -- build-time errors --------------------------------------------------------------------------


def test_stacked_results_have_tf1s_static_shapes(graph):
    # Shapes TF 2.21's compat.v1 gives (the first dimension is the elements' when known).
    x, unknown = gg.placeholder(gg.float32, [4, 3]), gg.placeholder(gg.float32, [None, 3])
    pairs = gg.map_fn(lambda r: (r, r[0]), x, dtype=(gg.float32, gg.float32))
    assert gg.map_fn(lambda r: r * 2.0, x).shape.as_list() == [4, 3]
    assert gg.map_fn(gg.reduce_sum, x).shape.as_list() == [4]
    assert [p.shape.as_list() for p in pairs] == [[4, 3], [4]]
    assert gg.scan(lambda a, r: a + r, x, reverse=True).shape.as_list() == [4, 3]
    assert gg.scan(lambda a, r: a + r, x, initializer=gg.zeros([3])).shape.as_list() == [4, 3]
    assert gg.foldl(lambda a, r: a + r, x).shape.as_list() == [3]
    assert gg.map_fn(lambda r: r * 2.0, unknown).shape.as_list() == [None, 3]
    with gg.Session() as sess:
        rows = np.arange(12, dtype=np.float32).reshape(4, 3)
        np.testing.assert_array_equal(sess.run(pairs[1], {x: rows}), rows[:, 0])


def test_a_loop_variable_changing_shape_needs_an_invariant(graph):
    v = gg.constant([1.0])
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.while_loop(lambda v: gg.size(v) < 8, lambda v: gg.concat([v, v], 0), [v])
    assert info.value.code == "SHAPE_MISMATCH"
    assert "shape_invariants" in info.value.message


def test_branches_of_different_structures_are_refused(graph):
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.cond(
            gg.constant(True),
            lambda: (gg.constant(1.0), gg.constant(2.0)),
            lambda: gg.constant(1.0),
        )
    assert info.value.code == "INVALID_CONTROL_FLOW"


def test_branches_of_different_dtypes_are_refused(graph):
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.cond(gg.constant(True), lambda: gg.constant(1.0), lambda: gg.constant(1))
    assert info.value.code == "DTYPE_MISMATCH"


def test_a_body_changing_a_dtype_is_refused(graph):
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.while_loop(lambda i: i < 3, lambda i: gg.cast(i, gg.float32), [0])
    assert info.value.code == "DTYPE_MISMATCH"


def test_case_exclusive_refuses_two_true_predicates(graph):
    x = gg.placeholder(gg.int32, [], name="x")
    y = gg.case(
        [(x > 0, lambda: gg.constant(1)), (x > 1, lambda: gg.constant(2))],
        default=lambda: gg.constant(0),
        exclusive=True,
    )
    sess = gg.Session(graph)
    assert sess.run(y, {x: 1}) == 1 and sess.run(y, {x: 0}) == 0
    with pytest.raises(gg.InvalidArgumentError) as info:
        sess.run(y, {x: 5})
    assert info.value.code == "COMPUTE_ERROR"


def test_case_exclusive_without_default_checks_all_but_the_last_predicate_as_tf_does(graph):
    # TF makes the last pair's function the default and asserts exclusivity among the
    # others: two pairs, both true, answer the first (graphgate refused the run).
    x = gg.placeholder(gg.int32, [], name="x")
    pairs = [(x > 0, lambda: gg.constant(1)), (x > 1, lambda: gg.constant(2))]
    two = gg.case(pairs, exclusive=True)
    three = gg.case([*pairs, (x > 2, lambda: gg.constant(3))], exclusive=True)
    sess = gg.Session(graph)
    assert [sess.run(two, {x: k}) for k in (1, 2)] == [1, 1]
    assert sess.run(three, {x: 1}) == 1
    for fetch, k in ((three, 2), (two, 0)):  # two of the first true; none true at all
        with pytest.raises(gg.InvalidArgumentError) as info:
            sess.run(fetch, {x: k})
        assert info.value.code == "COMPUTE_ERROR"


def test_case_of_a_dict_tests_its_predicates_in_the_order_of_their_names(graph):
    # soak3's fresh fuzzflow seed (`case.1`): TF1's graph-mode case sorts a plain dict's
    # (pred, fn) pairs by the predicates' names, so with pred_y and pred_x both true the
    # answer is pred_x's function, and the last by name is the default. graphgate took the
    # dict's insertion order: 1.5625 (x * x) where TF 2.21 answers -0.625 (gradient -0.5).
    x = gg.placeholder(gg.float32, [])
    p = gg.placeholder(gg.bool, [3])
    q0, q1, q2 = (gg.identity(p[i], name=n) for i, n in enumerate(("pred_z", "pred_y", "pred_x")))
    y = gg.case({q0: lambda: gg.maximum(x, 0.25), q1: lambda: x * x, q2: lambda: -x + x * 0.5})
    (g,) = gg.gradients(gg.reduce_sum(y), [x])
    sess = gg.Session(graph)
    assert sess.run([y, g], {x: 1.25, p: [False, True, True]}) == [-0.625, -0.5]
    assert sess.run(y, {x: 1.25, p: [True, False, False]}) == 1.25  # pred_z's: the default
    ordered = gg.case(collections.OrderedDict([(q1, lambda: x * x), (q2, lambda: -x)]))
    assert sess.run(ordered, {x: 1.25, p: [False, True, True]}) == 1.5625  # as given


def test_case_of_a_dict_with_a_python_bool_key_is_refused_as_tf_fails_sorting_it(graph):
    with pytest.raises(AttributeError):  # TF: 'bool' object has no attribute 'name'
        gg.case({True: lambda: gg.constant(1.0), gg.constant(True): lambda: gg.constant(2.0)})


# -- limits ----------------------------------------------------------------------------------


def test_the_iteration_cap_stops_a_loop_only_when_asked(graph):
    r = gg.while_loop(lambda i: i < 1000, lambda i: i + 1, [0])
    assert gg.Session(graph).run(r) == 1000
    capped = gg.Session(graph, limits=gg.Limits(max_loop_iterations=100))
    with pytest.raises(gg.ResourceExhaustedError) as info:
        capped.run(r)
    assert info.value.code == "TOO_MANY_ITERATIONS"
    assert info.value.details == {"limit": 100}


def test_the_deadline_is_read_inside_a_loop(graph):
    r = gg.while_loop(lambda i: i < 10**9, lambda i: i + 1, [0])
    with pytest.raises(gg.DeadlineExceededError) as info:
        gg.Session(graph).run(r, timeout=0.05)
    assert info.value.code == "DEADLINE_EXCEEDED"


def test_a_tensor_growing_in_a_loop_is_held_to_the_tensor_limit(graph):
    v = gg.constant([1.0])
    grown = gg.while_loop(
        lambda v: gg.size(v) < 10**6,
        lambda v: gg.concat([v, v], 0),
        [v],
        shape_invariants=[gg.TensorShape([None])],
    )
    with pytest.raises(gg.ResourceExhaustedError) as info:
        gg.Session(graph, limits=gg.Limits(max_tensor_elements=1000)).run(grown)
    assert info.value.code == "TENSOR_TOO_LARGE"


# -- the wire format -----------------------------------------------------------------------------


def test_control_flow_survives_a_round_trip_through_the_graph_format():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [], name="x")
        v = gg.Variable(0.0, name="v", dtype=gg.float64)
        y = gg.cond(x > 0, lambda: x * 2.0, lambda: v.assign_add(1.0))
        _, z = gg.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, y])
        gz = gg.gradients(z, x)[0]
    doc = json.loads(json.dumps(graph_to_dict(g)))
    assert doc["format"] == "graphgate.graph/v2"
    g2 = graph_from_dict(doc)
    assert graph_to_dict(g2) == doc
    for graph in (g, g2):
        sess = gg.Session(graph)
        sess.run("v/Assign")
        got = [sess.run([y.name, z.name, gz.name], {"x:0": f}) for f in (1.5, -1.0)]
        assert got[0] == [3.0, 10.125, 27.0]
        assert got[1][0] == 1.0 and sess.run("v:0") == 1.0


def test_a_graph_without_control_flow_stays_in_format_v1():
    g = gg.Graph()
    with g.as_default():
        gg.constant(1.0) + 2.0
    assert graph_to_dict(g)["format"] == "graphgate.graph/v1"


def _loop_doc():
    g = gg.Graph()
    with g.as_default():
        gg.while_loop(lambda i: i < 3, lambda i: i + 1, [0], name="loop")
    return json.loads(json.dumps(graph_to_dict(g)))


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: d.update(format="graphgate.graph/v1"), "UNSUPPORTED_FORMAT"),
        (lambda d: _attr(d, "loop")["body"].update(nodes=["nope"]), "UNKNOWN_INPUT"),
        (lambda d: _attr(d, "loop")["body"].update(outputs=[]), "INVALID_CONTROL_FLOW"),
        (lambda d: _attr(d, "loop").update(body=7), "INVALID_ATTR"),
        (
            lambda d: _attr(d, "loop")["cond"].update(nodes=_attr(d, "loop")["body"]["nodes"]),
            "INVALID_CONTROL_FLOW",
        ),
    ],
    ids=["v1_tag", "unknown_node", "outputs_missing", "not_a_body", "node_in_two_bodies"],
)
def test_bad_control_flow_documents_are_refused_at_load(change, code):
    doc = _loop_doc()
    change(doc)
    with pytest.raises(gg.GraphgateError) as info:
        graph_from_dict(doc)
    assert info.value.code == code, info.value


def _attr(doc, name):
    return next(n for n in doc["nodes"] if n["name"] == name)["attrs"]


def test_control_flow_documents_validate_against_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(gg.__file__).parent / "schema" / "graph.schema.json").read_text())
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [], name="x")
        y = gg.cond(x > 0, lambda: x, lambda: -x)
        gg.gradients(gg.while_loop(lambda a: a < 10.0, lambda a: a * 2.0, [y]), x)
    jsonschema.validate(json.loads(json.dumps(graph_to_dict(g))), schema)


def test_control_flow_nested_too_deep_is_refused_at_load():
    g = gg.Graph()
    with g.as_default():

        def nest(depth):
            if depth == 0:
                return gg.constant(1.0)
            return gg.cond(gg.constant(True), lambda: nest(depth - 1), lambda: gg.constant(0.0))

        nest(60)
    with pytest.raises(gg.InvalidArgumentError) as info:
        graph_from_dict(json.loads(json.dumps(graph_to_dict(g))))
    assert info.value.code == "INVALID_CONTROL_FLOW" and info.value.details == {"limit": 50}


def _grad_doc():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [], name="x")
        y = gg.cond(x > 0, lambda: x * x, lambda: -x, name="c")
        _, z = gg.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a * y), [0, x], name="w")
        gg.identity(gg.gradients(z, x)[0], name="g")
    return json.loads(json.dumps(graph_to_dict(g)))


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.data())
def test_mangled_control_flow_documents_fail_only_with_engine_errors(data):
    """Whatever a document's bodies name, loading and running it raises a GraphgateError
    or works; never another exception (which the service would answer with a 500)."""
    doc = _grad_doc()
    names = [n["name"] for n in doc["nodes"]]
    holders = [n for n in doc["nodes"] if n["op"] in ("If", "While", "WhileGrad")]
    for _ in range(data.draw(st.integers(1, 3))):
        node = data.draw(st.sampled_from(holders))
        body = node["attrs"][
            data.draw(
                st.sampled_from(
                    sorted(k for k in node["attrs"] if isinstance(node["attrs"][k], dict))
                )
            )
        ]
        field = data.draw(st.sampled_from(["nodes", "args", "outputs", "targets"]))
        items = body.setdefault(field, [])
        action = data.draw(st.sampled_from(["drop", "add", "swap"]))
        if action == "drop" and items:
            items.pop(data.draw(st.integers(0, len(items) - 1)))
        elif action == "add":
            items.append(data.draw(st.sampled_from(names)))
        elif items:
            items[data.draw(st.integers(0, len(items) - 1))] = data.draw(st.sampled_from(names))
    try:
        graph = graph_from_dict(doc)
        capped = gg.Session(graph, limits=gg.Limits(max_loop_iterations=100))
        capped.run(["g:0", "w:1"], {"x:0": 1.5}, timeout=5.0)  # a mangled cond may never end
    except gg.GraphgateError:
        pass
