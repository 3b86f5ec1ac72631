"""TF1 queue programs run unchanged on graphgate and observe what TensorFlow observed.

`tests/reference/tf1_queues.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_queues.json`; each test runs the same text with `tf` bound to graphgate.
The rest checks what TF cannot be asked: what graphgate does where TF would block forever,
seeded shuffles repeating, sessions owning their queues, the wire format.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_queues.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_queues", ROOT / "tests" / "reference" / "tf1_queues.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_queue_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, 1e-5, 1e-6)


# -- graphgate's own guarantees ----------------------------------------------------------------


def test_dequeue_that_tensorflow_would_block_on_raises_instead():
    with gg.Graph().as_default():
        q = gg.FIFOQueue(2, gg.float32)
        x = q.dequeue()
        enq = q.enqueue(1.0)
        with gg.Session() as sess:
            with pytest.raises(gg.errors.FailedPreconditionError) as info:
                sess.run(x)
            assert info.value.code == "QUEUE_WOULD_BLOCK"
            sess.run(enq)
            sess.run(enq)
            with pytest.raises(gg.errors.FailedPreconditionError) as info:
                sess.run(enq)  # full, and nothing dequeues meanwhile
            assert info.value.code == "QUEUE_WOULD_BLOCK"
            assert sess.run(q.size()) == 2


def test_seeded_shuffle_batch_repeats_and_unseeded_queues_are_permutations():
    def order(seed):
        with gg.Graph().as_default():
            (v,) = gg.train.slice_input_producer(
                [np.arange(20)], num_epochs=1, shuffle=seed is not None, seed=seed
            )
            b = gg.train.shuffle_batch(
                [v],
                5,
                capacity=30,
                min_after_dequeue=4,
                seed=seed,
                allow_smaller_final_batch=True,
            )
            got = []
            with gg.Session() as sess:
                sess.run(gg.local_variables_initializer())
                gg.train.start_queue_runners(sess)
                with pytest.raises(gg.errors.OutOfRangeError):
                    while True:
                        got += sess.run(b).tolist()
            return got

    first = order(5)
    assert first == order(5)
    assert sorted(first) == list(range(20)) and first != list(range(20))
    assert sorted(order(None)) == list(range(20))


def test_each_session_has_its_own_queues_and_runners():
    with gg.Graph().as_default():
        (v,) = gg.train.slice_input_producer([np.arange(4)], num_epochs=1, shuffle=False)
        b = gg.train.batch([v], 2)
        a, c = gg.Session(), gg.Session()
        for sess in (a, c):
            sess.run(gg.local_variables_initializer())
            gg.train.start_queue_runners(sess)
        assert a.run(b).tolist() == [0, 1]
        assert c.run(b).tolist() == [0, 1]
        assert a.run(b).tolist() == [2, 3]
        with pytest.raises(gg.errors.OutOfRangeError):
            a.run(b)
        assert c.run(b).tolist() == [2, 3]


def test_runner_error_reaches_the_dequeue_and_the_coordinator():
    with gg.Graph().as_default():
        ph = gg.placeholder_with_default(gg.constant([1.0, np.nan]), [2])
        checked = gg.debugging.check_numerics(ph, "bad input")
        q = gg.FIFOQueue(4, gg.float32, shapes=[[]])
        gg.train.add_queue_runner(gg.train.QueueRunner(q, [q.enqueue_many([checked])]))
        x = q.dequeue()
        with gg.Session() as sess:
            coord = gg.train.Coordinator()
            threads = gg.train.start_queue_runners(sess, coord)
            with pytest.raises(gg.errors.InvalidArgumentError):
                sess.run(x)
            assert coord.should_stop()
            with pytest.raises(gg.errors.InvalidArgumentError):
                coord.join(threads)
        (qr,) = gg.get_collection(gg.GraphKeys.QUEUE_RUNNERS)
        assert [e.code for e in qr.exceptions_raised] == ["NOT_FINITE"]


def test_queue_graphs_round_trip_the_wire_format():
    from graphgate.serialization import graph_from_dict, graph_to_dict

    with gg.Graph().as_default() as g:
        q = gg.PaddingFIFOQueue(4, [gg.int32], shapes=[[None]], name="pq")
        q.enqueue([[1, 2]], name="e1")
        q.enqueue([[3]], name="e2")
        q.dequeue_many(2, name="dm")
    loaded = graph_from_dict(graph_to_dict(g))
    assert loaded.get_tensor_by_name("dm:0").shape.as_list() == [2, None]
    with gg.Session(loaded) as sess:
        sess.run(["e1", "e2"])
        assert sess.run("dm:0").tolist() == [[1, 2], [3, 0]]


def test_a_runner_that_dequeues_its_own_queue_is_refused_not_recursed():
    with gg.Graph().as_default():
        q = gg.FIFOQueue(4, gg.float32, shapes=[[]])
        gg.train.add_queue_runner(gg.train.QueueRunner(q, [q.enqueue(q.dequeue() + 1)]))
        x = q.dequeue()
        with gg.Session() as sess:
            gg.train.start_queue_runners(sess)
            with pytest.raises(gg.errors.FailedPreconditionError) as info:
                sess.run(x)
            assert info.value.code == "QUEUE_WOULD_BLOCK"


def test_runs_using_a_queue_are_found_for_the_service_to_refuse():
    from graphgate.ops import dataset_ops

    with gg.Graph().as_default() as graph:
        q = gg.FIFOQueue(4, gg.float32, name="q")
        x = q.dequeue()
        size = q.size()
        plain = gg.constant(1.0)
    assert dataset_ops.iterator_needed(graph, [plain]) is None
    for fetch in (x, size, q.close()):
        op = dataset_ops.iterator_needed(graph, [fetch])
        assert op.name == "q"
        err = dataset_ops.state_not_kept(op)
        assert err.code == "ITERATOR_STATE_NOT_KEPT" and "queue q" in str(err)


def test_runner_writes_to_variables_survive_the_run_that_ran_them():
    # limit_epochs counts in a local variable the runner's enqueue updates inside the
    # dequeue's run: the count must be kept, or the epochs would never end.
    with gg.Graph().as_default():
        q = gg.train.input_producer(gg.constant([1, 2]), num_epochs=2, shuffle=False)
        x = q.dequeue()
        epochs = gg.local_variables()[0]
        with gg.Session() as sess:
            sess.run(gg.local_variables_initializer())
            gg.train.start_queue_runners(sess)
            assert [int(sess.run(x)) for _ in range(4)] == [1, 2, 1, 2]
            assert int(sess.run(epochs)) == 2
            with pytest.raises(gg.errors.OutOfRangeError):
                sess.run(x)
            assert bool(sess.run(q.is_closed()))


def test_a_runner_fills_only_to_capacity_and_the_rest_waits_as_in_tf():
    with gg.Graph().as_default():
        q = gg.train.input_producer(gg.constant(np.arange(100)), shuffle=False, capacity=8)
        x = q.dequeue()
        with gg.Session() as sess:
            gg.train.start_queue_runners(sess)
            assert [int(sess.run(x)) for _ in range(3)] == [0, 1, 2]
            assert int(sess.run(q.size())) == 8  # full; the other rows wait
            assert [int(sess.run(x)) for _ in range(100)][-1] == 2  # second epoch
            sess.run(q.close(cancel_pending_enqueues=True))
            rest = [int(v) for v in sess.run(q.dequeue_up_to(20))]
            assert rest == list(range(3, 11))  # the waiting rows were cancelled


def test_enqueue_refusals_name_the_real_reason():
    with gg.Graph().as_default():
        q = gg.FIFOQueue(3, gg.float32, shapes=[[2]])
        fed = gg.placeholder(gg.float32, [None, None])
        many = q.enqueue_many([fed])
        with gg.Session() as sess:
            with pytest.raises(gg.errors.FailedPreconditionError) as info:
                sess.run(many, {fed: np.zeros((4, 2))})
            assert info.value.code == "QUEUE_WOULD_BLOCK"
            with pytest.raises(gg.errors.InvalidArgumentError) as info:
                sess.run(many, {fed: np.zeros((2, 3))})
            assert info.value.code == "SHAPE_MISMATCH"
            assert int(sess.run(q.size())) == 0  # nothing half-enqueued


def test_batching_a_sparse_tensor_stacks_it_as_tf_does():
    # (once refused as UNIMPLEMENTED; fixtures/tf1_data_sparse.json pins TF's batches)
    with gg.Graph().as_default():
        sp = gg.SparseTensor([[0, 0]], [1.0], [2, 2])
        batch = gg.train.batch([sp], 2)  # a list of one gives the one, as TF's
        with gg.Session() as sess:
            gg.train.start_queue_runners(sess)
            value = sess.run(batch)
    assert isinstance(value, gg.SparseTensorValue)
    assert value.indices.tolist() == [[0, 0, 0], [1, 0, 0]]
    assert value.dense_shape.tolist() == [2, 2, 2]


def test_a_stopped_coordinator_cancels_the_queue_as_tf_runners_do():
    with gg.Graph().as_default():
        q = gg.train.input_producer(gg.constant(np.arange(10)), shuffle=False, capacity=4)
        x = q.dequeue()
        with gg.Session() as sess:
            coord = gg.train.Coordinator()
            threads = gg.train.start_queue_runners(sess, coord)
            assert int(sess.run(x)) == 0
            coord.request_stop()
            # What the queue held is still there (4 joined it when 0 left); the rows
            # still waiting are cancelled once a dequeue finds the coordinator stopped.
            assert [int(sess.run(x)) for _ in range(4)] == [1, 2, 3, 4]
            with pytest.raises(gg.errors.OutOfRangeError):
                sess.run(x)
            coord.join(threads)
