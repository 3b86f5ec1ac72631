"""Record the event files TF1's hooks write when a run adds more than 1 to the global step
(dev-only), found by review24:

    /work/tfvenv/bin/python tests/reference/tf1_review24.py \
        > tests/unit/engine/fixtures/tf1_review24.json

The programs run through tf1_managed_events.py's `run` and `observe` (the same model, its
summaries reading the run's feed). TF's CheckpointSaverHook and StepCounterHook read the
global step after a run only when their timer fires for the step they fetched plus one;
TF1's (ref) global step fetched in the run shows the value after its `assign_add`, so with
a run adding 2 TF saves at steps 4 and 8 of `save_checkpoint_steps=4`. The unit test
(tests/unit/engine/test_tf1_review24.py) runs the same programs through graphgate.
"""

from __future__ import annotations

import json
import sys

try:
    from tests.reference import tf1_managed_events as events
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import tf1_managed_events as events

_BY_TWO = events._MODEL.replace("tf.assign_add(step, 1)", "tf.assign_add(step, 2)")
_LOOP = """
    i = 0
    while not sess.should_stop():
        sess.run(train, {x: i})
        i += 1
"""

PROGRAMS = {
    "checkpoints_by_two": _BY_TWO
    + """
hooks = [tf.train.StopAtStepHook(last_step=9)]
with tf.train.MonitoredTrainingSession(checkpoint_dir=logdir, hooks=hooks,
        save_summaries_steps=3, log_step_count_steps=None, save_checkpoint_steps=4) as sess:"""
    + _LOOP,
    "checkpoint_hook_by_two": _BY_TWO
    + """
saver = tf.train.CheckpointSaverHook(logdir, save_steps=3)
with tf.train.MonitoredSession(hooks=[saver, tf.train.StopAtStepHook(last_step=11)]) as sess:"""
    + _LOOP,
}


def run(tf, name: str) -> dict:
    events.PROGRAMS.setdefault(name, PROGRAMS[name])
    return events.run(tf, name)


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    tf.logging.set_verbosity(tf.logging.ERROR)
    out = {"tensorflow": tf.VERSION, "programs": {n: run(tf, n) for n in PROGRAMS}}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
