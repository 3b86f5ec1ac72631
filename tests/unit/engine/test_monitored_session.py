"""Monitored sessions and hooks beyond what the TF programs pin
(test_tf1_saved_model.py): feeds, logging, listeners, step functions, threads."""

from __future__ import annotations

import logging
import threading

import numpy as np
import pytest

import graphgate as tf


@pytest.fixture
def counting():
    """GIVEN a global step, an op that increments it and a placeholder-fed loss."""
    graph = tf.Graph()
    with graph.as_default():
        step = tf.train.get_or_create_global_step()
        x = tf.placeholder(tf.float32, [], name="x")
        loss = tf.square(x, name="loss")
        inc = tf.assign_add(step, 1, name="inc")
        yield {"graph": graph, "step": step, "x": x, "loss": loss, "inc": inc}


class Feeder(tf.train.SessionRunHook):
    def __init__(self, feeds, fetches=None):
        self.feeds, self.fetches, self.seen = feeds, fetches, []

    def before_run(self, run_context):
        return tf.train.SessionRunArgs(self.fetches, feed_dict=self.feeds)

    def after_run(self, run_context, run_values):
        self.seen.append(run_values.results)


def test_hook_feeds_join_the_callers_and_a_tensor_fed_twice_is_refused(counting):
    x, loss = counting["x"], counting["loss"]
    hook = Feeder({x: 3.0}, fetches={"loss": loss})
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        assert sess.run(counting["inc"]) == 1
        assert hook.seen == [{"loss": 9.0}]
        with pytest.raises(tf.GraphgateError) as info:
            sess.run(loss, {x: 2.0})
        assert info.value.code == "INVALID_HOOK" and "user" in str(info.value)
    with (
        tf.train.MonitoredSession(hooks=[Feeder({x: 1.0}), Feeder({x: 2.0})]) as sess,
        pytest.raises(tf.GraphgateError, match="two hooks"),
    ):
        sess.run(loss)


def test_logging_tensor_hook_logs_every_n_iterations_and_at_end(counting, caplog):
    hook = tf.train.LoggingTensorHook({"step": counting["step"]}, every_n_iter=2, at_end=True)
    caplog.set_level(logging.INFO, logger="graphgate.tf")
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        for _ in range(5):
            sess.run(counting["inc"])
    logged = [r.getMessage().split(" (")[0] for r in caplog.records if "step =" in r.getMessage()]
    # iterations 0, 2, 4, then the end: the fetched step is the variable's buffer, which
    # the run's increment updated (TF 2.21 logs 1, 3, 5, 5 too)
    assert logged == ["step = 1", "step = 3", "step = 5", "step = 5"]


def test_a_listener_asking_to_stop_stops_training(counting, tmp_path):
    class StopAfterSecondSave(tf.train.CheckpointSaverListener):
        def __init__(self):
            self.saves = []

        def after_save(self, session, global_step_value):
            self.saves.append(global_step_value)
            return len(self.saves) >= 2

    listener = StopAfterSecondSave()
    hook = tf.train.CheckpointSaverHook(str(tmp_path), save_steps=3, listeners=[listener])
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        while not sess.should_stop():
            sess.run(counting["inc"])
    assert listener.saves == [0, 3]
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-3")
    assert (tmp_path / "graph.pbtxt").exists()


def test_training_restores_from_the_checkpoint_dir_and_counts_from_there(counting, tmp_path):
    hooks = [tf.train.StopAtStepHook(num_steps=4)]
    for expected in (4, 8):
        with tf.train.MonitoredTrainingSession(
            checkpoint_dir=str(tmp_path), hooks=hooks, save_summaries_steps=None
        ) as sess:
            while not sess.should_stop():
                sess.run(counting["inc"])
        assert tf.train.load_variable(str(tmp_path), "global_step") == expected
        hooks = [tf.train.StopAtStepHook(num_steps=4)]


def test_step_functions_summaries_and_final_ops(counting):
    with counting["graph"].as_default():
        summary = tf.summary.scalar("loss", counting["loss"])
    handed = []

    class Writer:
        def add_summary(self, value, step):
            handed.append(step)

        def add_session_log(self, log, step):
            pass

        def flush(self):
            pass

    hooks = [
        tf.train.SummarySaverHook(save_steps=2, summary_writer=Writer(), summary_op=summary),
        tf.train.FinalOpsHook(counting["step"]),
        tf.train.FeedFnHook(lambda: {counting["x"]: 1.5}),
    ]
    with tf.train.SingularMonitoredSession(hooks=hooks) as sess:
        for _ in range(5):
            sess.run(counting["inc"])

        def step_fn(context):
            assert isinstance(context.session, tf.Session)
            value = context.run_with_hooks(counting["loss"])
            context.request_stop()
            return value

        assert sess.run_step_fn(step_fn) == pytest.approx(2.25)
        assert sess.should_stop()
    # Labelled with the step each run made, read after it, as TF's hook does (TF 2.21:
    # tests/reference/tf1_managed_events.py).
    assert handed == [1, 3, 5]
    assert hooks[1].final_ops_values == 5
    assert not counting["graph"].finalized  # closing unfinalizes, as TF's
    with counting["graph"].as_default():
        tf.constant(1.0)


def test_nan_tensor_hook_raises_tfs_class(counting):
    with counting["graph"].as_default():
        nan = tf.log(counting["x"])
    with (
        tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(nan)]) as sess,
        pytest.raises(tf.train.NanLossDuringTrainingError) as info,
    ):
        sess.run(counting["inc"], {counting["x"]: -1.0})
    assert isinstance(info.value, RuntimeError) and info.value.code == "NAN_LOSS"


def test_a_coordinator_joins_threads_and_reraises_the_first_error():
    coord = tf.train.Coordinator()
    ran = []

    def worker(n):
        with coord.stop_on_exception():
            ran.append(n)
            if n == 1:
                raise ValueError("worker 1 failed")
            coord.wait_for_stop(5)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for t in threads:
        coord.register_thread(t)
        t.start()
    with pytest.raises(ValueError, match="worker 1 failed"):
        coord.join()
    assert sorted(ran) == [0, 1, 2] and coord.should_stop() and coord.joined
    coord.clear_stop()
    coord.request_stop(tf.errors.OutOfRangeError(None, None, "done"))
    coord.join()  # running out of input is a clean stop


def test_the_session_survives_no_hook_and_runs_nested_fetches(counting):
    with tf.train.MonitoredSession() as sess:
        out = sess.run({"a": [counting["inc"]], "b": counting["loss"]}, {counting["x"]: 2.0})
    assert out["a"] == [1] and np.isclose(out["b"], 4.0)
    assert sess.should_stop()
    with pytest.raises(RuntimeError):
        sess.run(counting["inc"])


def test_a_session_that_fails_to_start_leaves_the_graph_writable(counting):
    class Failing(tf.train.SessionRunHook):
        def after_create_session(self, session, coord):
            raise ValueError("cannot start")

    with counting["graph"].as_default():
        with pytest.raises(ValueError, match="cannot start"):
            tf.train.MonitoredSession(hooks=[Failing()])
        assert not counting["graph"].finalized
        tf.constant(1.0)


def test_a_session_manager_restores_or_initializes_and_names_what_is_not_ready(tmp_path):
    graph = tf.Graph()
    with graph.as_default():
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(2.0, name="b")
        ready = tf.report_uninitialized_variables()
        saver = tf.train.Saver()
        only_a = tf.variables_initializer([a])
    manager = tf.train.SessionManager(ready_op=ready, graph=graph)
    with pytest.raises(RuntimeError) as info:
        manager.prepare_session(init_op=only_a)
    assert info.value.code == "MODEL_NOT_READY" and info.value.details["uninitialized"] == ["b"]
    sess = manager.prepare_session(init_fn=lambda s: s.set_variables({"a": 5.0, "b": 6.0}))
    path = saver.save(sess, str(tmp_path / "m"))
    restored = manager.prepare_session(saver=saver, checkpoint_filename_with_path=path)
    assert restored.run([a, b]) == [5.0, 6.0]
    with pytest.raises(ValueError):
        manager.prepare_session(
            saver=saver, checkpoint_dir=str(tmp_path), checkpoint_filename_with_path=path
        )


def test_training_with_summaries_writes_one_event_file(counting, tmp_path):
    with counting["graph"].as_default():
        tf.summary.scalar("loss", counting["loss"])
    hooks = [tf.train.StopAtStepHook(last_step=3), tf.train.FeedFnHook(lambda: {"x:0": 2.0})]
    with tf.train.MonitoredTrainingSession(
        checkpoint_dir=str(tmp_path), save_summaries_steps=1, log_step_count_steps=1, hooks=hooks
    ) as sess:
        while not sess.should_stop():
            sess.run(counting["inc"])
    # one file, shared by the summary and step counter hooks through FileWriterCache
    (events,) = tmp_path.glob("events.out.tfevents.*")
    data = events.read_bytes()
    assert b"loss" in data and b"global_step/sec" in data and data.count(b"brain.Event:2") == 1


def test_two_savers_in_the_collection_must_be_chosen_between(counting):
    for _ in range(2):
        counting["graph"].add_to_collection("savers", tf.train.Saver())
    with pytest.raises(RuntimeError) as info:
        tf.train.MonitoredSession()
    assert info.value.code == "AMBIGUOUS_COLLECTION" and "savers" in str(info.value)
    saver = counting["graph"].get_collection("savers")[0]
    with tf.train.MonitoredSession(tf.train.ChiefSessionCreator(tf.train.Scaffold(saver=saver))):
        pass
