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


def target_copy_after_sgd(tf):
    # A DQN-style target network: copied from w after the step that trains w. Assign's
    # value input is `w/read` itself, so the copy must see the trained w, as TF's does.
    x = tf.constant([[1.0, 2.0], [3.0, -1.0]], name="x")
    w = tf.Variable([[0.5], [-0.25]], name="w", use_resource=False)
    target = tf.Variable(tf.zeros([2, 1]), name="target", use_resource=False)
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.0), name="loss")
    step = tf.train.GradientDescentOptimizer(0.05).minimize(loss, name="sgd")
    with tf.control_dependencies([step]):
        tf.group(tf.assign(target, w), name="train")
    return ["train"], [target.name]


def scatter_after_update(tf):
    w = tf.Variable([1.0, 2.0], name="w", use_resource=False)
    v = tf.Variable([0.0, 0.0, 0.0], name="v", use_resource=False)
    up = tf.assign_add(w, [1.0, 1.0], name="up")
    with tf.control_dependencies([up]):
        tf.group(tf.scatter_update(v, [0, 2], w), name="train")
    return ["train"], [v.name]


def assign_add_from_other_after_update(tf):
    w = tf.Variable(1.0, name="w", use_resource=False)
    acc = tf.Variable(0.0, name="acc", use_resource=False)
    up = tf.assign(w, w * 2.0, name="up")
    with tf.control_dependencies([up]):
        tf.group(tf.assign_add(acc, w), name="train")
    return ["train"], [acc.name]


def ema_num_updates_many(tf):
    x = tf.constant([[1.0, 2.0], [3.0, -1.0]], name="x")
    w = tf.Variable([[0.5], [-0.25]], name="w", use_resource=False)
    b = tf.Variable([0.1], name="b", use_resource=False)
    gs = tf.train.get_or_create_global_step()
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) + b - 1.0), name="loss")
    step = tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss, global_step=gs, name="mom")
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=gs)
    with tf.control_dependencies([step]):
        tf.group(ema.apply([w, b]), name="train")
    return ["train"], [ema.average(w).name, ema.average(b).name, w.name, gs.name]


def count_up_to_then_read(tf):
    w = tf.Variable(0, name="w", use_resource=False)
    c = tf.compat.v1.count_up_to(w, 10, name="c")
    with tf.control_dependencies([c]):
        tf.multiply(w, 3, name="y")
    return ["y:0"]


def global_step_read_after_adam(tf):
    x = tf.constant([[1.0, 2.0], [3.0, -1.0]], name="x")
    w = tf.Variable([[0.5], [-0.25]], name="w", use_resource=False)
    gs = tf.train.get_or_create_global_step()
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.0), name="loss")
    step = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=gs, name="adam")
    with tf.control_dependencies([step]):
        tf.identity(gs, name="gs_after")
        tf.reduce_sum(w, name="w_after")
    return ["gs_after:0", "w_after:0"]


def cond_v1_read_after_update(tf):
    w = tf.Variable(1.0, name="w", use_resource=False)
    p = tf.compat.v1.placeholder_with_default(True, [], name="p")
    up = tf.assign_add(w, 1.0, name="up")
    with tf.control_dependencies([up]):
        tf.cond(p, lambda: w * 2.0, lambda: w * 3.0, name="y")
    return ["y/Merge:0"]


def while_read_after_update(tf):
    w = tf.Variable(1.0, name="w", use_resource=False)
    up = tf.assign_add(w, 1.0, name="up")
    with tf.control_dependencies([up]):
        i0 = tf.constant(0)
    r = tf.while_loop(lambda i, s: i < 2, lambda i, s: (i + 1, s + w), [i0, tf.constant(0.0)])
    tf.identity(r[1], name="y")
    return ["y:0"]


def _loops(tf, v2: bool):
    """Run `build` with TF's v1 (Enter/Exit frames) or v2 (While of functions) loops."""
    was_v2 = tf.control_flow_v2_enabled()
    (tf.enable_control_flow_v2 if v2 else tf.disable_control_flow_v2)()
    return lambda: (tf.enable_control_flow_v2 if was_v2 else tf.disable_control_flow_v2)()


def loops_after_update(tf, v2: bool):
    # The body reads w (a capture) each iteration; the loop follows the update by its
    # initial value's control input (a), by a control dependency on the loop itself (b),
    # and not at all (c: the run start's value); a loop nested in the body reads it too.
    restore = _loops(tf, v2)
    try:
        w = tf.Variable(1.0, name="w", use_resource=False)
        up = tf.assign_add(w, 1.0, name="up")
        with tf.control_dependencies([up]):
            i0 = tf.constant(0)
        a = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * w + w), [i0, 0.0])
        with tf.control_dependencies([up]):
            b = tf.while_loop(lambda i, s: i < 2, lambda i, s: (i + 1, s + 2.0 * w), [0, 1.0])

        def outer(i, s):
            inner = tf.while_loop(lambda j, t: j < 2, lambda j, t: (j + 1, t + w), [0, s])
            return i + 1, inner[1]

        with tf.control_dependencies([up]):
            n = tf.while_loop(lambda i, s: i < 2, outer, [0, 0.0])
        outs = {"a": a[1], "b": b[1], "nested": n[1]}
        if not v2:
            # A v1 cond's constants wait for the loop's first Merge, so its reads follow i0's
            # update. TF's lowered v2 loop runs each variable's Enter on its own: a cond
            # reading w and s only races the update (6, 6, 9 and 3, 6, 9 seen), so no v2.
            cond = tf.while_loop(lambda i, s: s < w * 3.0, lambda i, s: (i + 1, s + 1.0), [i0, 0.0])
            outs["cond_on_w"] = cond[0]
        return [tf.identity(t, name=k).name for k, t in outs.items()]
    finally:
        restore()


def loop_without_update_before(tf, v2: bool):
    # An update after the loop (it reads the loop's result): the loop reads the run
    # start's w, and the rewrite must keep it so.
    restore = _loops(tf, v2)
    try:
        w = tf.Variable(1.0, name="w", use_resource=False)
        r = tf.while_loop(lambda i, s: i < 2, lambda i, s: (i + 1, s + w), [0, 0.0])
        up = tf.assign_add(w, r[1], name="up")
        return [tf.identity(r[1], name="y").name, up.name]
    finally:
        restore()


def loop_v1_counting_updates(tf):
    # A v1 loop updating a ref variable it does not read (RefEnter was refused): the
    # updates are what TF's are.
    w = tf.Variable(1.0, name="w", use_resource=False)

    def body(i):
        with tf.control_dependencies([tf.assign_add(w, 2.0)]):
            return i + 1

    r = tf.while_loop(lambda i: i < 3, body, [0])
    return [tf.identity(r, name="y").name], [w.name]


def loop_v1_reading_its_update(tf):
    # Refused by graphgate: TF's reads of w race the other iterations' updates (9 then 21
    # seen over two runs, where one iteration after another gives 9 and 18).
    w = tf.Variable(1.0, name="w", use_resource=False)

    def body(i, s):
        with tf.control_dependencies([tf.assign_add(w, 1.0)]):
            return i + 1, s + w * 1.0

    tf.identity(tf.while_loop(lambda i, s: i < 3, body, [0, 0.0])[1], name="y")


REFUSED = {"loop_v1_reading_its_update": loop_v1_reading_its_update}


def resource_read_after_update(tf):
    # Resource variables order their own reads: the rewrite must leave them alone.
    w = tf.Variable(0.0, name="w", use_resource=True)
    up = w.assign_add(2.0, name="up")
    with tf.control_dependencies([up]):
        tf.multiply(w.read_value(), 1.0, name="z")
    tf.identity(w.read_value(), name="plain")
    return ["z:0"]


def ref_and_resource_ema(tf):
    x = tf.constant([[1.0, 2.0], [3.0, -1.0]], name="x")
    w = tf.Variable([[0.5], [-0.25]], name="w", use_resource=False)
    r = tf.Variable([0.1], name="r", use_resource=True)
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) + r - 1.0), name="loss")
    step = tf.train.RMSPropOptimizer(0.05).minimize(loss, name="rms")
    ema = tf.train.ExponentialMovingAverage(0.5, zero_debias=True)
    with tf.control_dependencies([step]):
        tf.group(ema.apply([w, r, loss]), name="train")
    reads = [ema.average(v).read_value().name for v in (r, loss)]
    return ["train"], [ema.average(w).name, *reads]


def resource_ema_after_adam(tf):
    # Resource variables only: each shadow starts at its variable's initialized_value(),
    # whose true branch reads the handle (ReadVariableOp), with num_updates.
    x = tf.constant([[1.0, 2.0], [3.0, -1.0]], name="x")
    w = tf.Variable([[0.5], [-0.25]], name="w", use_resource=True)
    b = tf.Variable([0.1], name="b", use_resource=True)
    gs = tf.train.get_or_create_global_step()
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) + b - 1.0), name="loss")
    step = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=gs, name="adam")
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=gs)
    with tf.control_dependencies([step]):
        tf.group(ema.apply([w, b]), name="train")
    reads = [ema.average(v).read_value().name for v in (w, b)]
    return ["train"], [*reads, w.read_value().name]


def cond_v2_read_after_update(tf):
    tf.compat.v1.enable_control_flow_v2()
    try:
        w = tf.Variable(1.0, name="w", use_resource=False)
        p = tf.compat.v1.placeholder_with_default(True, [], name="p")
        up = tf.assign_add(w, 1.0, name="up")
        with tf.control_dependencies([up]):
            y = tf.cond(p, lambda: w * 2.0, lambda: w * 3.0)
        tf.identity(y, name="y")
    finally:
        tf.compat.v1.disable_control_flow_v2()
    return ["y:0"]


PROGRAMS = {
    "cond_v1_after_update": lambda tf: conds_after_update(tf, v2=False),
    "cond_v2_after_update": lambda tf: conds_after_update(tf, v2=True),
    "read_after_update": read_after_update,
    "ema_after_sgd": ema_after_sgd,
    "average_after_sgd": average_after_sgd,
    "scale_after_two_updates": scale_after_two_updates,
    "target_copy_after_sgd": target_copy_after_sgd,
    "scatter_after_update": scatter_after_update,
    "assign_add_from_other_after_update": assign_add_from_other_after_update,
    "ema_num_updates_many": ema_num_updates_many,
    "count_up_to_then_read": count_up_to_then_read,
    "global_step_read_after_adam": global_step_read_after_adam,
    "cond_v1_read_after_update": cond_v1_read_after_update,
    "while_read_after_update": while_read_after_update,
    "resource_read_after_update": resource_read_after_update,
    "ref_and_resource_ema": ref_and_resource_ema,
    "resource_ema_after_adam": resource_ema_after_adam,
    "cond_v2_read_after_update": cond_v2_read_after_update,
    "loops_v1_after_update": lambda tf: loops_after_update(tf, v2=False),
    "loops_v2_after_update": lambda tf: loops_after_update(tf, v2=True),
    "loop_v1_without_update_before": lambda tf: loop_without_update_before(tf, v2=False),
    "loop_v2_without_update_before": lambda tf: loop_without_update_before(tf, v2=True),
    "loop_v1_counting_updates": loop_v1_counting_updates,
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
    refused = {name: graph_of(tf, build) for name, build in REFUSED.items()}
    document = {"tensorflow": tf.__version__, "programs": programs, "refused": refused}
    print(json.dumps(document, indent=1))


def graph_of(tf, build) -> str:
    with tf.Graph().as_default() as g:
        build(tf)
    return base64.b64encode(g.as_graph_def().SerializeToString()).decode()


if __name__ == "__main__":
    main()
