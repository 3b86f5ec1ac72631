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
