"""What waits on or reads an op made in a cond's branch, run as TF1 runs it: with its
branch when taken, dead when not (a dead op does not run, a dead fetched value fails the
run with TF's `Retval[i] does not have value` after the live ops ran). The programs of
`tests/reference/tf1_deadbranch.py` run unchanged on graphgate against what TF 2.21
observed (`fixtures/tf1_deadbranch.json`): waiters of a branch's update, groups of branch
ops (one branch, both, nested conds), a dead value captured by a later cond or loop, and
batch normalization inside `tf.cond(is_training, ...)` trained with its UPDATE_OPS."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization, tf_export
from tests.reference import harness
from tests.unit.engine.tf_observed import assert_observed, program_names, reference

FIXTURE, programs = reference("tf1_deadbranch")


def _run(text: str) -> dict:
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PREFIX + text, {"tf": gg, "np": np, "out": out})
    return harness.plain(out)


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out = _run(programs.PROGRAMS[name])
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=1e-5, abs_tol=1e-6)


def test_batch_norm_in_cond_trains_only_while_is_training_and_then_evaluates_as_tf():
    # GIVEN TF's record of BN inside cond(is_training, ...) trained by a train op made
    # under control_dependencies(UPDATE_OPS): three steps True, two False
    want = FIXTURE["programs"]["batch_norm_in_cond_control_dependencies"]
    got = _run(programs.PROGRAMS["batch_norm_in_cond_control_dependencies"])
    moving = [want[f"step{k}"]["variables"][3] for k in range(5)]
    # THEN the moving mean moved on each training step and not after (the branch's
    # updates and the train op waiting on them are dead), as graphgate's did
    assert moving[0] != moving[1] != moving[2] == moving[3] == moving[4]
    for k in range(5):
        assert_observed(got[f"step{k}"], want[f"step{k}"], f"step{k}", 1e-5, 1e-6)
    assert_observed(got["eval"], want["eval"], "eval", 1e-5, 1e-6)


# tf.layers.batch_normalization called by the user in each branch (the training one
# makes the UPDATE_OPS), with the manual program's momentum and epsilon: the same
# arithmetic as the program TF recorded (non-fused, biased batch variance).
LAYERS_BN = programs.BN_IN_COND.replace(
    """def train_bn():
    mean, var = tf.nn.moments(h, [0])
    for moving, value in ((mm, mean), (mv, var)):
        tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, tf.assign_sub(moving, (moving - value) * 0.1))
    return tf.nn.batch_normalization(h, mean, var, beta, gamma, 1e-3)
def infer_bn():
    return tf.nn.batch_normalization(h, mm, mv, beta, gamma, 1e-3)
""",
    """def bn_layer(training, reuse):
    return tf.layers.batch_normalization(
        h, momentum=0.9, epsilon=1e-3, training=training, reuse=reuse, name="bn")
def train_bn():
    return bn_layer(True, None)
def infer_bn():
    return bn_layer(False, True)
""",
).replace(
    "variables = [W, gamma, beta, mm, mv]",
    'variables = [W] + [tf.global_variables("bn/" + n)[0] for n in '
    '("gamma", "beta", "moving_mean", "moving_variance")]',
)


@pytest.mark.parametrize("train", ["control_dependencies", "with_dependencies"])
def test_tf_layers_batch_normalization_in_a_users_cond_trains_as_the_recorded_program(train):
    # GIVEN the recorded program with tf.layers.batch_normalization in the branches
    assert LAYERS_BN != programs.BN_IN_COND
    text, fetch = programs.TRAINS[train]
    got = _run(LAYERS_BN.replace("TRAIN\n", text).replace("FETCH", fetch))
    # THEN every step, refusal and the evaluation are TF's for the arithmetic it records
    want = FIXTURE["programs"][f"batch_norm_in_cond_{train}"]
    assert_observed(got, want, train, rel_tol=1e-5, abs_tol=1e-6)


def test_a_dead_value_is_dead_in_the_interpreted_generated_and_traced_runs():
    # GIVEN a value waiting on a branch's update, run many times (interpreted, then the
    # generated function) and traced
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable(0.0)
        pred = gg.placeholder(gg.bool, [])
        made = []

        def taken():
            made.append(gg.assign_add(v, 1.0))
            return gg.constant(1.0)

        gg.cond(pred, taken, lambda: gg.constant(2.0))
        with gg.control_dependencies([made[0]]):
            y = gg.identity(v * 10.0)
        init = gg.global_variables_initializer()
    sess = gg.Session(g)
    sess.run(init)
    # WHEN it alternates predicates past the run that generates its plan's function
    for k in range(12):
        if k % 3:
            assert sess.run(y, {pred: True}) == 10.0 * sess.run(v)
        else:
            with pytest.raises(gg.InvalidArgumentError, match=r"Retval\[0\] does not") as info:
                sess.run(y, {pred: False})
            assert info.value.code == "DEAD_FETCH"
            assert info.value.details == {"tensor": y.name}
    # THEN the update ran on the taken runs alone, and a traced run agrees
    assert sess.run(v) == 8.0
    md = gg.RunMetadata()
    options = gg.RunOptions(trace_level=gg.RunOptions.FULL_TRACE)
    assert sess.run(y, {pred: True}, options=options, run_metadata=md) == 90.0
    with pytest.raises(gg.InvalidArgumentError):
        sess.run(y, {pred: False}, options=options, run_metadata=gg.RunMetadata())
    assert sess.run(v) == 9.0


def _waiter_and_reader():
    g = gg.Graph()
    with g.as_default():
        pred = gg.placeholder(gg.bool, [], name="p")
        made = []

        def taken():
            made.append(gg.identity(gg.constant(3.0), name="inner"))
            return made[0] + 1.0

        gg.cond(pred, taken, lambda: gg.constant(0.0))
        with gg.control_dependencies([made[0].op]):
            gg.identity(gg.constant(5.0), name="waits")
        gg.multiply(made[0], 2.0, name="reads")
    return g


def test_a_document_keeps_what_waits_on_or_reads_a_branch_op():
    # GIVEN a value waiting on a branch's op and one reading its value
    g = _waiter_and_reader()
    # WHEN written as graphgate's document and read back (a stored graph's path)
    again = serialization.graph_from_dict(serialization.graph_to_dict(g))
    # THEN both answer with the branch taken and are dead without it, as before
    for graph in (g, again):
        sess = gg.Session(graph)
        assert sess.run(["waits:0", "reads:0"], {"p:0": True}) == [5.0, 6.0]
        for name in ("waits:0", "reads:0"):
            with pytest.raises(gg.InvalidArgumentError, match="DEAD_FETCH"):
                sess.run(name, {"p:0": False})


def test_tf_export_refuses_an_edge_from_a_branch_op_to_one_outside():
    # GIVEN the same graph: TF's functional If, which the GraphDef holds, has no such
    # edge (an exposed output would answer the other branch's stand-in, 0.0, when dead)
    g = _waiter_and_reader()
    # WHEN written as TF's GraphDef THEN both readers are named, and nothing is written
    with pytest.raises(gg.errors.UnimplementedError) as info:
        tf_export.graph_def_bytes(g)
    assert info.value.code == "TF_EXPORT_UNSUPPORTED"
    assert {p["node"] for p in info.value.details["problems"]} >= {"waits", "reads"}


def _fed_inside(kind: str):
    """A tensor `x` made inside a cond's branch or a loop's body and read there."""
    box: dict = {}
    if kind == "cond":
        p = gg.placeholder(gg.bool, [])

        def taken():
            box["x"] = gg.constant(4.0) + 1.0
            return box["x"] * 1.0

        return gg.cond(p, taken, lambda: gg.constant(2.0)), box, {p: True}

    def body(i):
        box["x"] = gg.constant(4.0) + 1.0
        return i + box["x"]

    return gg.while_loop(lambda i: i < 1.0, body, [0.0]), box, {}


@pytest.mark.parametrize("kind", ["cond", "while"])
def test_a_feed_of_a_tensor_a_body_reads_is_refused_rather_than_ignored(kind):
    # GIVEN x made and read inside a body (TF's feed replaces it there: a cond answers 7.0
    # with x fed 7.0, where graphgate's branch plan computed its own 5.0)
    with gg.Graph().as_default():
        out, box, feed = _fed_inside(kind)
        with gg.Session() as sess:
            # WHEN x is fed THEN the run is refused by name, not answered with x's own value
            with pytest.raises(gg.errors.GraphgateError) as caught:
                sess.run(out, {**feed, box["x"]: 7.0})
            assert caught.value.code == "FEED_NOT_ALLOWED"
            assert box["x"].name in str(caught.value)
            # AND unfed it runs as before
            assert sess.run(out, feed) == 5.0


def test_a_feed_of_a_branch_value_read_only_outside_is_honoured():
    # GIVEN a branch's value read outside its cond alone
    with gg.Graph().as_default():
        p = gg.placeholder(gg.bool, [])
        box: dict = {}

        def taken():
            box["x"] = gg.constant(4.0) + 1.0
            return gg.constant(1.0)

        c = gg.cond(p, taken, lambda: gg.constant(2.0))
        z = box["x"] * 2.0
        with gg.Session() as sess:
            # THEN its feed is what the reader reads, whichever branch runs (TF: 14.0)
            for taken_ in (True, False):
                assert sess.run([z, c], {p: taken_, box["x"]: 7.0}) == [
                    14.0,
                    1.0 if taken_ else 2.0,
                ]


def test_a_sibling_conds_waiting_op_is_dead_alone_in_interpreted_generated_and_traced_runs():
    # GIVEN cond2's branch: an update waiting on cond1's branch update, and a value not
    # waiting on it (TF1 kills the update alone when cond1's other branch runs)
    g = gg.Graph()
    with g.as_default():
        v, w = gg.Variable(0.0), gg.Variable(0.0)
        p1, p2 = gg.placeholder(gg.bool, []), gg.placeholder(gg.bool, [])
        made = []

        def taken():
            made.append(gg.assign_add(v, 1.0))
            return gg.constant(1.0)

        gg.cond(p1, taken, lambda: gg.constant(2.0))

        def waits():
            with gg.control_dependencies([made[0]]):
                up = gg.assign_add(w, 10.0)
            keep = gg.assign_add(w, 1.0)
            with gg.control_dependencies([keep, up]):
                dead_part = gg.identity(w * 0.0)
            with gg.control_dependencies([keep]):
                return gg.constant(5.0), dead_part

        d, dead_part = gg.cond(p2, waits, lambda: (gg.constant(-1.0), gg.constant(-1.0)))
        init = gg.global_variables_initializer()
    sess = gg.Session(g)
    sess.run(init)
    # WHEN run many times past the run that generates the plan's function, then traced
    for k in range(12):
        before = sess.run(w)
        # THEN with cond1's branch not taken the waiting update does not run, the cond
        # answers from its other ops, and a value under the dead update is dead, its
        # live dependency run (TF 2.21: 5.0, w 1.0, then the dead fetch, w 2.0)
        assert sess.run(d, {p1: False, p2: True}) == 5.0
        assert sess.run(w) == before + 1.0
        with pytest.raises(gg.InvalidArgumentError, match=r"Retval\[0\] does not"):
            sess.run(dead_part, {p1: False, p2: True})
        assert sess.run(w) == before + 2.0
        assert sess.run(d, {p1: bool(k % 2), p2: False}) == -1.0
    md, options = gg.RunMetadata(), gg.RunOptions(trace_level=gg.RunOptions.FULL_TRACE)
    assert sess.run(d, {p1: False, p2: True}, options=options, run_metadata=md) == 5.0
    assert sess.run([v, w]) == [0.0, 25.0]
