"""TF1 GraphDefs that read a ref variable through its `w/read` Identity after an update of
it (a control dependency, or an ancestor's), and what TF computes from them over three
runs: TF's read aliases the variable's buffer, so the op sees the new value (dev-only;
tests/unit/engine/test_tf_import_ref_reads.py).

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_import_ref_reads.py \\
        > tests/unit/engine/fixtures/tf_import_ref_reads.json
"""

from __future__ import annotations

import base64
import json

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script
    import harness


def read_after_update(tf):
    w = tf.Variable(0.0, name="w", use_resource=False)
    up = tf.assign_add(w, 2.0, name="up")
    with tf.control_dependencies([up]):
        tf.identity(w, name="y")  # ^up on the Identity itself
        tf.multiply(w, 1.0, name="z")  # ^up only on the constant: an ancestor
    tf.identity(w, name="plain")  # no update before it: run start's value
    return ["y:0", "z:0"]


def ema_after_sgd(tf):
    x = tf.constant([[1.0, 2.0], [3.0, -1.0]], name="x")
    w = tf.Variable([[0.5], [-0.25]], name="w", use_resource=False)
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.0), name="loss")
    step = tf.train.GradientDescentOptimizer(0.05).minimize(loss, name="sgd")
    ema = tf.train.ExponentialMovingAverage(0.9)
    with tf.control_dependencies([step]):
        tf.group(ema.apply([w]), name="train")
    # Read in a run of their own: a fetch of a ref in the run that updates it is the
    # buffer after the run (review27's aliasing, not modelled).
    return ["train"], [ema.average(w).name, w.name]


def average_after_sgd(tf):
    # ema_after_sgd by hand: the shadow starts at zero, not at `w.initialized_value()`.
    x = tf.constant([[1.0, 2.0], [3.0, -1.0]], name="x")
    w = tf.Variable([[0.5], [-0.25]], name="w", use_resource=False)
    shadow = tf.Variable(tf.zeros([2, 1]), name="shadow", use_resource=False)
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.0), name="loss")
    step = tf.train.GradientDescentOptimizer(0.05).minimize(loss, name="sgd")
    with tf.control_dependencies([step]):
        train = tf.assign(shadow, 0.9 * shadow + 0.1 * w, name="train")
    # Not `w:0`: a fetch of the ref itself is the buffer after the run (review27's aliasing).
    return [train.name]


def scale_after_two_updates(tf):
    w = tf.Variable(1.0, name="w", use_resource=False)
    a = tf.assign_add(w, 1.0, name="a")
    with tf.control_dependencies([a]):
        b = tf.assign(w, w * 3.0, name="b")  # reads w after a
    with tf.control_dependencies([b]):
        tf.add(w, 0.5, name="c")  # after a and b
    return ["c:0"]


def conds_after_update(tf, v2: bool):
    # Both branches read w: the If captures `w/read` (v2) or its branches name it (v1).
    was_v2 = tf.control_flow_v2_enabled()
    (tf.enable_control_flow_v2 if v2 else tf.disable_control_flow_v2)()
    try:
        w = tf.Variable(0.0, name="w", use_resource=False)
        up = tf.assign_add(w, 2.0, name="up")
        yes = tf.placeholder_with_default(True, [], name="yes")
        with tf.control_dependencies([up]):
            taken = tf.cond(yes, lambda: w * 3.0, lambda: w - 1.0, name="taken")
            other = tf.cond(tf.logical_not(yes), lambda: w * 3.0, lambda: w - 1.0, name="other")
        return [tf.identity(taken, name="t").name, tf.identity(other, name="o").name]
    finally:
        (tf.enable_control_flow_v2 if was_v2 else tf.disable_control_flow_v2)()


PROGRAMS = {
    "cond_v1_after_update": lambda tf: conds_after_update(tf, v2=False),
    "cond_v2_after_update": lambda tf: conds_after_update(tf, v2=True),
    "read_after_update": read_after_update,
    "ema_after_sgd": ema_after_sgd,
    "average_after_sgd": average_after_sgd,
    "scale_after_two_updates": scale_after_two_updates,
}


def record(tf, build) -> dict:
    with tf.Graph().as_default() as g:
        fetches = build(tf)
        fetches, reads = fetches if isinstance(fetches, tuple) else (fetches, [])
        init = tf.global_variables_initializer()
        with tf.Session(graph=g) as sess:
            sess.run(init)
            runs = [
                [
                    None if v is None else [float(x) for x in v.ravel()]
                    for v in sess.run(fetches) + (sess.run(reads) if reads else [])
                ]
                for _ in range(3)
            ]
    return {
        "graph": base64.b64encode(g.as_graph_def().SerializeToString()).decode(),
        "init": init.name,
        "fetches": fetches,
        "reads": reads,
        "runs": runs,
    }


def main() -> None:
    tf = harness.import_tf1()
    programs = {name: record(tf, build) for name, build in PROGRAMS.items()}
    print(json.dumps({"tensorflow": tf.__version__, "programs": programs}, indent=1))


if __name__ == "__main__":
    main()
