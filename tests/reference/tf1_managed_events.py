"""Record the event files TF1's managed sessions and `FileWriter(logdir, graph)` write
(dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_managed_events.py \
        > tests/unit/engine/fixtures/tf1_managed_events.json

Each program in `PROGRAMS` runs under `tf.compat.v1` in a fresh directory; `observe`
lists every file the program left there and, for each event file (read back with the
module's own `tf.train.summary_iterator`), its events in order: which field it holds,
its `step`, file version, summary tags (and values, but not the timed `global_step/sec`),
SessionLog status and checkpoint file name, and whether a graph or meta graph is there.
Wall times differ and are left out. The unit test runs the same programs and `observe`
through graphgate (`graphgate.compat.v1`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

# The summaries read the run's feed `x` (the run's index), not a variable the run updates
# (which TF reads before or after the update as it happens), so a summary's value tells
# which run it was taken in and its step says how it was labelled.
_MODEL = """
step = tf.train.get_or_create_global_step()
x = tf.placeholder(tf.float32, [], name="x")
train = tf.assign_add(step, 1)
tf.summary.scalar("x", x * 1.0)
tf.summary.histogram("x_hist", tf.reshape(x, [1]))
"""

PROGRAMS = {
    "mts_steps": _MODEL
    + """
hooks = [tf.train.StopAtStepHook(last_step=6)]
with tf.train.MonitoredTrainingSession(checkpoint_dir=logdir, hooks=hooks,
        save_summaries_steps=2, log_step_count_steps=2) as sess:
    i = 0
    while not sess.should_stop():
        sess.run(train, {x: i})
        i += 1
""",
    "mts_defaults": _MODEL
    + """
hooks = [tf.train.StopAtStepHook(last_step=3)]
with tf.train.MonitoredTrainingSession(checkpoint_dir=logdir, hooks=hooks) as sess:
    i = 0
    while not sess.should_stop():
        sess.run(train, {x: i})
        i += 1
""",
    "mts_secs": _MODEL
    + """
hooks = [tf.train.StopAtStepHook(last_step=3)]
with tf.train.MonitoredTrainingSession(checkpoint_dir=logdir, hooks=hooks,
        save_summaries_steps=None, save_summaries_secs=3600) as sess:
    i = 0
    while not sess.should_stop():
        sess.run(train, {x: i})
        i += 1
""",
    "summary_hook": _MODEL
    + """
hook = tf.train.SummarySaverHook(save_steps=3, output_dir=logdir,
                                 summary_op=tf.summary.merge_all())
with tf.train.MonitoredSession(hooks=[hook, tf.train.StopAtStepHook(last_step=7)]) as sess:
    i = 0
    while not sess.should_stop():
        sess.run(train, {x: i})
        i += 1
""",
    "file_writer_graph": _MODEL
    + """
merged = tf.summary.merge_all()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    writer = tf.summary.FileWriter(logdir, sess.graph)
    for i in range(2):
        writer.add_summary(sess.run(merged, {x: i}), i + 1)
    writer.close()
""",
    "file_writer_add_graph": _MODEL
    + """
writer = tf.summary.FileWriter(logdir)
writer.add_graph(tf.get_default_graph(), global_step=4)
writer.add_session_log(tf.SessionLog(status=tf.SessionLog.START), 5)
writer.close()
""",
    "supervisor": _MODEL
    + """
# No service threads (their first runs race the loop's): what the supervisor itself writes.
merged = tf.summary.merge_all()
sv = tf.train.Supervisor(logdir=logdir, summary_op=None, save_model_secs=0)
with sv.managed_session() as sess:
    for i in range(3):
        sess.run(train, {x: i})
        sv.summary_computed(sess, sess.run(merged, {x: i}))
sv.stop()
""",
}

_STATUS = {0: "STATUS_UNSPECIFIED", 1: "START", 2: "STOP", 3: "CHECKPOINT"}


def _value(v) -> dict:
    out = {"tag": v.tag}
    if v.HasField("simple_value") and v.tag != "global_step/sec":
        out["simple_value"] = float(v.simple_value)
    if v.HasField("histo"):
        out["histo_sum"] = float(v.histo.sum)
    return out


def _event(e) -> dict:
    kind = e.WhichOneof("what")
    out = {"what": kind, "step": int(e.step)}
    if kind == "file_version":
        out["file_version"] = e.file_version
    elif kind == "summary":
        out["values"] = [_value(v) for v in e.summary.value]
    elif kind == "session_log":
        out["status"] = _STATUS[int(e.session_log.status)]
        out["checkpoint"] = os.path.basename(e.session_log.checkpoint_path)
    elif kind in ("graph_def", "meta_graph_def"):
        out["bytes"] = len(getattr(e, kind)) > 0
    return out


def observe(tf, logdir: str) -> dict:
    """The files under `logdir` and the events of each event file (by directory)."""
    files, events = [], {}
    for root, _, names in os.walk(logdir):
        rel = os.path.relpath(root, logdir)
        for name in sorted(names):
            # Event files are named by time and host; checkpoint data files by format
            # (graphgate's are its own, docs/engine.md's checkpoints).
            kind = name.split(".tfevents.")[0] + ".tfevents" if ".tfevents." in name else name
            kind = kind.split(".data-")[0] + ".data" if ".data-" in kind else kind
            files.append(os.path.normpath(os.path.join(rel, kind)))
            if ".tfevents." in name:
                path = os.path.join(root, name)
                events.setdefault(os.path.normpath(rel), []).append(
                    [_event(e) for e in tf.train.summary_iterator(path)]
                )
    return {"files": sorted(files), "events": events}


def run(tf, name: str) -> dict:
    logdir = tempfile.mkdtemp()
    with tf.Graph().as_default():
        exec(PROGRAMS[name], {"tf": tf, "logdir": logdir})
    # The hooks' shared writers stay open (TF flushes them at their `end`, before the
    # checkpoint saver's last event); closing them shows everything a finished program
    # leaves.
    tf.summary.FileWriterCache.clear()
    return observe(tf, logdir)


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    tf.logging.set_verbosity(tf.logging.ERROR)
    out = {"tensorflow": tf.VERSION, "programs": {n: run(tf, n) for n in PROGRAMS}}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
