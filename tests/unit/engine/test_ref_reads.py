"""TF1 ref variables' reads after an update of them (`graphgate/ref_reads.py`): the
programs of `tests/reference/tf1_ref_reads.py` observing what TensorFlow observed
(`fixtures/tf1_ref_reads.json`), then what the rewrite leaves alone."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf
from graphgate import serialization
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_ref_reads")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with tf.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": tf, "np": np, "out": out, "raises": raised})
    assert not tf.resource_variables_enabled()
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=2e-6, abs_tol=1e-6)


def _reads(graph):
    return [op for op in graph.get_operations() if op.type == "ReadVariableOp"]


def test_graphs_without_updates_or_with_resource_variables_gain_no_reads():
    with tf.Graph().as_default() as g:
        w = tf.Variable([1.0, 2.0])
        loss = tf.reduce_sum(w * w)
        tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        tf.identity(w) + 1.0  # made after the update, which it does not follow
        assert g._ref_reads is not None and not _reads(g)
    with tf.Graph().as_default() as g:
        s = tf.Variable([1.0], use_resource=True)
        with tf.control_dependencies([s.assign([2.0])]):
            loss = tf.reduce_sum(s * 1.0)  # a read the control dependency orders
        before = len(_reads(g))
        tf.gradients(loss, s)
        assert g._ref_reads is None and len(_reads(g)) == before


def test_a_reread_is_one_read_after_exactly_the_preceding_updates():
    with tf.Graph().as_default() as g:
        v = tf.Variable(1.0)
        other = tf.Variable(5.0)
        first = tf.assign_add(v, 1.0)
        tf.assign_add(other, 1.0)
        y = first + v
        (read,) = _reads(g)
        assert y.op.inputs[1] is read.outputs[0]
        assert list(read.control_inputs) == [first.op]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(y) == 4.0


def test_a_graph_document_keeps_the_reread():
    with tf.Graph().as_default() as g:
        v = tf.Variable(1.0)
        u = tf.assign_add(v, 1.0)
        y = u + v
        doc = serialization.graph_to_dict(g)
    loaded = serialization.graph_from_dict(doc)
    assert loaded._ref_reads is None  # a document's variables read as it says
    with gg.Session(graph=loaded) as sess:
        sess.run(loaded.get_operation_by_name(v.op.attrs["initializer"]))
        assert [sess.run(loaded.get_tensor_by_name(y.name)) for _ in range(2)] == [4.0, 6.0]


def test_reads_are_not_updates():
    # Each re-read counted as an update made a chain of n reads after one assign cost n
    # squared (10,000 adds: 56 s to build); a read_value() alone made the graph pay.
    with tf.Graph().as_default() as g:
        v = tf.Variable(1.0)
        v.read_value()
        tf.is_variable_initialized(v)
        assert g._ref_reads is None
        x = tf.assign_add(v, 1.0)
        for _ in range(50):
            x = x + v
        assert len(g._ref_reads.bits) == 1
        rereads = [r for r in _reads(g) if r.control_inputs]
        assert len(rereads) == 50 and all(len(r.control_inputs) == 1 for r in rereads)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(x) == 2.0 * 51


def _roundtrip(graph, *tensors):
    loaded = serialization.graph_from_dict(serialization.graph_to_dict(graph))
    return loaded, [loaded.get_tensor_by_name(t.name) for t in tensors]


def test_a_cond_after_an_update_reads_the_variable_after_it_in_a_document_too():
    with tf.Graph().as_default() as g:
        v = tf.Variable(1.0)
        u = tf.assign_add(v, 1.0)
        q = tf.placeholder_with_default(True, [])
        # The inner branch reads v by reference too (read_value), so v stays captured
        # beside the read made after the update.
        r = tf.cond(
            u > 0, lambda: tf.cond(q, lambda: v * 2.0 + v.read_value() * 0.0, lambda: v), lambda: v
        )
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert [sess.run(r) for _ in range(2)] == [4.0, 6.0]
        loaded, (r2,) = _roundtrip(g, r)
    with gg.Session(graph=loaded) as sess:
        sess.run(loaded.get_operation_by_name(v.op.attrs["initializer"]))
        assert [sess.run(r2) for _ in range(2)] == [4.0, 6.0]


def test_a_reread_through_stop_gradient_and_reshape_keeps_them():
    with tf.Graph().as_default() as g:
        v = tf.Variable([1.0, 2.0])
        s = tf.stop_gradient(tf.reshape(v, [2, 1]))
        a = tf.assign(v, [5.0, 6.0])
        with tf.control_dependencies([a]):
            y = tf.reduce_sum(s * 3.0 + tf.reshape(v, [2, 1]))
        kinds = [op.type for op in g.get_operations()]
        assert kinds.count("StopGradient") == 2 and kinds.count("Reshape") == 3
        (gv,) = tf.gradients(y, [v])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(y) == 44.0
            assert sess.run(gv).tolist() == [1.0, 1.0]  # none through the stopped read


def test_a_shape_of_an_update_does_not_run_it_nor_need_its_feed():
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0])
        p = tf.placeholder(tf.float32, [2])
        a = tf.assign_add(v, p)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(tf.shape(a)).tolist() == [2]
            assert sess.run(tf.zeros_like(a) + tf.ones_like(a)).tolist() == [1.0, 1.0]
            assert sess.run(v).tolist() == [1.0, 2.0]
            # A shape read beside the value is the value's: the update runs once.
            assert sess.run([tf.size(a), a], {p: [1.0, 1.0]})[1].tolist() == [2.0, 3.0]


def test_a_failed_run_keeps_the_updates_run_before_the_failure():
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        inc = tf.assign_add(v, 1.0)
        with tf.control_dependencies([inc]):
            bad = tf.debugging.check_numerics(v / 0.0, "bad")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(2):
                with pytest.raises(gg.errors.InvalidArgumentError):
                    sess.run(bad)
            assert sess.run(v) == 3.0
