"""gg.graph_util.convert_variables_to_constants, pinned to TensorFlow 1.x's freeze.

Reference: tf.compat.v1.graph_util.convert_variables_to_constants on the same graph
(TensorFlow 2.x's v1 graph mode), recorded below: which nodes survive, in which order,
which become constants and with what values."""

import numpy as np
import pytest

import graphgate as gg

# TF keeps a `w/read` Identity per variable; graphgate reads variables directly, so
# those nodes have no counterpart. Everything else is TF's list, in TF's order (the
# matmul's default name is the engine's own business, so it is looked up, not assumed).
TF_FROZEN_Y = [
    ("x", "Placeholder"),
    ("w", "Const"),
    ("b", "Const"),
    ("<matmul>", "MatMul"),
    ("y", "Add"),
]
TF_W_AFTER_ONE_STEP = [[0.3], [1.3]]
TF_B_AFTER_ONE_STEP = [-0.19999999]


@pytest.fixture
def trained():
    """GIVEN y = x @ w + b trained one SGD step on x=[[1, 1]] (as the TF reference)."""
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        w = gg.Variable([[1.0], [2.0]], name="w")
        b = gg.Variable([0.5], name="b")
        step = gg.Variable(0, name="step", trainable=False)
        y = gg.add(gg.matmul(x, w), b, name="y")
        loss = gg.reduce_mean(gg.square(y), name="loss")
        train = gg.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
        sess = gg.Session(graph)
        sess.run(gg.global_variables_initializer())
        sess.run(train, {x: [[1.0, 1.0]]})
    graph.train_op_name = train.name  # the test's own note on the graph object
    graph.matmul_name = y.op.inputs[0].op.name
    return graph, sess


def kinds(document):
    return [(n["name"], n["op"]) for n in document["nodes"]]


def const_value(document, name):
    node = next(n for n in document["nodes"] if n["name"] == name)
    return gg.decode_tensor(node["attrs"]["value"])


def test_freeze_keeps_only_what_the_outputs_need_in_tf_order(trained):
    graph, sess = trained
    frozen = gg.graph_util.convert_variables_to_constants(sess, graph, ["y"])
    expected = [(graph.matmul_name if n == "<matmul>" else n, op) for n, op in TF_FROZEN_Y]
    assert [(n, "Add" if op in ("Add", "AddV2") else op) for n, op in kinds(frozen)] == expected
    np.testing.assert_allclose(const_value(frozen, "w"), TF_W_AFTER_ONE_STEP, rtol=1e-6)
    np.testing.assert_allclose(const_value(frozen, "b"), TF_B_AFTER_ONE_STEP, rtol=1e-6)
    assert const_value(frozen, "w").dtype == np.float32


def test_frozen_graph_computes_what_the_session_computes_without_state(trained):
    graph, sess = trained
    feed = np.array([[0.5, -2.0], [3.0, 1.0]], np.float32)
    expected = sess.run("y:0", {"x:0": feed})
    frozen = gg.graph_from_dict(
        gg.graph_util.convert_variables_to_constants(sess, gg.graph_to_dict(graph), ["y"])
    )
    fresh = gg.Session(frozen)
    assert fresh.get_variables() == {}
    np.testing.assert_array_equal(fresh.run("y:0", {"x:0": feed}), expected)


def test_frozen_values_are_a_copy_later_training_does_not_touch(trained):
    graph, sess = trained
    frozen = gg.graph_util.convert_variables_to_constants(sess, graph, ["y"])
    before = const_value(frozen, "w").copy()
    sess.run(graph.train_op_name, {"x:0": [[1.0, 1.0]]})
    assert not np.array_equal(sess.get_variables()["w"], before)
    np.testing.assert_array_equal(const_value(frozen, "w"), before)


def test_blacklist_and_whitelist_leave_variables_as_tf_does(trained):
    graph, sess = trained
    black = gg.graph_util.convert_variables_to_constants(
        sess, graph, ["y"], variable_names_blacklist=["b"]
    )
    white = gg.graph_util.convert_variables_to_constants(
        sess, graph, ["y"], variable_names_whitelist=["w"]
    )
    for document in (black, white):
        assert dict(kinds(document))["w"] == "Const"
        assert dict(kinds(document))["b"] == "VariableV2"
        # The variable's initializer was pruned: the document must still load.
        gg.graph_from_dict(document)


def test_unknown_output_is_not_found_naming_it_as_tf_does(trained):
    graph, sess = trained
    for bad in ("nope", "y:0"):
        with pytest.raises(gg.NotFoundError) as caught:
            gg.graph_util.convert_variables_to_constants(sess, graph, [bad])
        assert caught.value.code == "UNKNOWN_FETCH"
        assert str(caught.value.message) == f"{bad} is not in graph"


def test_a_bare_string_of_outputs_is_refused_as_tf_does(trained):
    graph, sess = trained
    with pytest.raises(gg.InvalidArgumentError, match="iterable of strings"):
        gg.graph_util.convert_variables_to_constants(sess, graph, "y")


def test_uninitialized_variable_is_a_failed_precondition(trained):
    graph, _ = trained
    with pytest.raises(gg.FailedPreconditionError) as caught:
        gg.graph_util.convert_variables_to_constants(gg.Session(graph), graph, ["y"])
    assert caught.value.code == "UNINITIALIZED_VARIABLE"
    assert caught.value.node == "b"


def test_outputs_that_train_are_not_freezable(trained):
    graph, sess = trained
    with pytest.raises(gg.InvalidArgumentError) as caught:
        gg.graph_util.convert_variables_to_constants(sess, graph, [graph.train_op_name])
    assert caught.value.code == "NOT_FREEZABLE"


def test_control_dependency_reads_become_identities():
    graph = gg.Graph()
    with graph.as_default():
        v = gg.Variable([1.0, 2.0], name="v")
        marker = gg.no_op(name="marker")
        with gg.control_dependencies([marker]):
            out = gg.multiply(v, 3.0, name="out")
        sess = gg.Session(graph)
        sess.run(v.initializer)
    frozen = gg.graph_util.convert_variables_to_constants(sess, graph, ["out"])
    ops = dict(kinds(frozen))
    assert ops["v"] == "Const"
    assert "VariableV2" not in ops.values() and "ReadVariableOp" not in ops.values()
    np.testing.assert_array_equal(gg.Session(gg.graph_from_dict(frozen)).run(out.name), [3, 6])


def test_a_graph_with_loops_and_conds_freezes_with_their_bodies():
    # GIVEN a model whose outputs go through a map_fn (a while loop), a while_loop and a
    # cond, each body reading a variable
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        w = gg.Variable(np.array([1.0, 2.0, 3.0], np.float32), name="w")
        rows = gg.map_fn(lambda r: gg.reduce_sum(r * w), x)
        _, looped = gg.while_loop(
            lambda i, a: i < 3, lambda i, a: (i + 1, a * w[0] + 1.0), [0, rows]
        )
        y = gg.identity(gg.cond(gg.reduce_sum(x) > 0, lambda: looped * w[1], lambda: -looped), "y")
        sess = gg.Session()
        sess.run(gg.global_variables_initializer())
    feed = np.array([[1.0, 0.0, 2.0], [0.5, 0.5, 0.5]], np.float32)
    want = sess.run(y, {x: feed})

    # WHEN it is frozen (which keeps only what `y` needs) and loaded afresh
    frozen = gg.graph_util.convert_variables_to_constants(sess, graph.as_graph_def(), ["y"])
    with gg.Graph().as_default() as loaded:
        gg.import_graph_def(frozen, name="")

    # THEN the bodies' nodes were kept, and it computes what the session did, statelessly
    assert {"map/while/mul", "while/mul"} <= {n["name"] for n in frozen["nodes"]}
    np.testing.assert_array_equal(gg.Session(graph=loaded).run("y:0", {"x:0": feed}), want)
