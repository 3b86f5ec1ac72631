"""What TF1 (v1 control flow: Switch/Merge) does with what waits on or reads an op made in
a `tf.cond` branch (dev-only), recorded from TF 2.21 `compat.v1`: the op runs with its
branch; when the other branch is taken it is dead, and so is everything under it (a dead
op does not run, an op waiting on or reading a dead one is dead); fetching a dead value
fails the run with `Retval[i] does not have value` (i counts the distinct fetched
tensors, operations aside) after the live ops have run, while a dead operation fetched
or run as a target answers None. Covered: a value and an update waiting on a branch's op
under both predicates, a value reading a branch tensor, `tf.group` of branch ops (one
branch, both branches, a cond nested in another), fetches mixing live and dead values,
batch normalization inside `tf.cond(is_training, ...)` with its UPDATE_OPS named by the
train op (trained with is_training True, then run with it False) and `optimize_loss`'s
`with_dependencies` of the loss, a dead value captured by a later cond, a branch's
value captured by a later cond or its predicate, which of several dead fetches TF
names, and sibling conds: an op in one cond's branch waiting on or reading another cond's
branch op (under other predicates, the same one, nested in a third cond), which alone is
dead when that branch is not taken, its cond answering from its other ops. Run
unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_deadbranch.py.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_deadbranch.py \
        > tests/unit/engine/fixtures/tf1_deadbranch.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# `fails(fn)`: None, or the class of what `fn` raised and the line of its message naming
# the dead fetch (TF's "Retval[i] does not have value"; graphgate's message starts so).
PREFIX = """
def fails(fn):
    try:
        fn()
    except Exception as exc:
        text = str(getattr(exc, "message", exc))
        at = text.find("Retval[")
        return [type(exc).__name__, text[at:].split("\\n")[0].split(":")[0] if at >= 0 else ""]
    return None

def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return None if v is None else np.asarray(v).tolist()

def attempt(sess, fetch, feed):
    box = []
    failed = fails(lambda: box.append(sess.run(fetch, feed)))
    return {"failed": failed} if failed else {"value": plain(box[0])}
"""

PROGRAMS: dict[str, str] = {}

# An update in the true branch; a value and an update waiting on it, a value reading it,
# a group of it and a value under the group; each fetch alone, then fetches mixing live
# and dead values, under both predicates (the variables read after each run).
PROGRAMS["waiters_of_a_branch_op"] = """
v = tf.Variable(0.0, name="v")
w = tf.Variable(10.0, name="w")
u = tf.Variable(0.0, name="u")
pred = tf.placeholder(tf.bool, [], name="pred")
box = {}
def taken():
    box["upd"] = tf.assign_add(v, 1.0, name="upd")
    return tf.constant(1.0)
c = tf.cond(pred, taken, lambda: tf.constant(2.0))
upd = box["upd"]
with tf.control_dependencies([upd.op]):
    y = tf.identity(w * 2.0, name="y")
    train = tf.assign_add(w, 1.0, name="train")
z = tf.multiply(upd, 2.0, name="z")
grp = tf.group(upd.op, name="grp")
with tf.control_dependencies([grp]):
    y2 = tf.identity(w + 0.5, name="y2")
    y3 = tf.identity(y2 * 3.0, name="y3")
live = tf.assign_add(u, 1.0, name="live")
fetches = {
    "y": y, "train_op": train.op, "train": train, "z": z, "grp": grp, "y2": y2, "y3": y3,
    "mix": [c, y], "mix_op": [c, train.op], "dict": {"a": c, "b": y},
    "op_then_dead": [live.op, y], "twice": [y, y], "repeated": [c, c, y],
    "live_then_dead": [live, y], "dead_then_live": [y, live],
}
with tf.Session() as sess:
    for p in (True, False):
        for name, fetch in fetches.items():
            sess.run(tf.global_variables_initializer())
            got = attempt(sess, fetch, {pred: p})
            got["after"] = sess.run([v, w, u])
            out[f"{name}_{p}"] = got
"""

# A group of an op from each branch: one of them is always dead, so is the group.
PROGRAMS["group_of_both_branches"] = """
v = tf.Variable(0.0)
pred = tf.placeholder(tf.bool, [])
box = {}
def a():
    box["a"] = tf.assign_add(v, 1.0)
    return tf.constant(1.0)
def b():
    box["b"] = tf.assign_add(v, 10.0)
    return tf.constant(2.0)
c = tf.cond(pred, a, b)
grp = tf.group(box["a"], box["b"])
with tf.control_dependencies([grp]):
    y = tf.identity(c * 2.0)
with tf.Session() as sess:
    for p in (True, False):
        for name, fetch in (("grp", grp), ("y", y), ("c_grp", [c, grp])):
            sess.run(tf.global_variables_initializer())
            got = attempt(sess, fetch, {pred: p})
            got["v"] = sess.run(v)
            out[f"{name}_{p}"] = got
"""

# A cond nested in a cond's branch, an update in the inner true branch; a group of it
# outside both and a value under the group, under every pair of predicates.
PROGRAMS["nested_cond_group"] = """
v = tf.Variable(0.0)
p1 = tf.placeholder(tf.bool, [])
p2 = tf.placeholder(tf.bool, [])
box = {}
def inner_taken():
    box["upd"] = tf.assign_add(v, 1.0)
    return tf.constant(1.0)
def outer_taken():
    return tf.cond(p2, inner_taken, lambda: tf.constant(2.0)) + 10.0
c = tf.cond(p1, outer_taken, lambda: tf.constant(3.0))
grp = tf.group(box["upd"])
with tf.control_dependencies([grp]):
    y = tf.identity(c * 2.0)
with tf.Session() as sess:
    for a in (True, False):
        for b in (True, False):
            for name, fetch in (("grp", grp), ("y", y), ("c_grp", [c, grp])):
                sess.run(tf.global_variables_initializer())
                got = attempt(sess, fetch, {p1: a, p2: b})
                got["v"] = sess.run(v)
                out[f"{name}_{a}_{b}"] = got
"""

# A value made dead by the untaken branch, captured by a later cond: a branch reading it
# is dead; the branch that does not read it answers.
PROGRAMS["dead_value_into_a_cond"] = """
v = tf.Variable(1.0)
p1 = tf.placeholder(tf.bool, [])
p2 = tf.placeholder(tf.bool, [])
box = {}
def taken():
    box["upd"] = tf.assign_add(v, 1.0)
    return tf.constant(1.0)
c = tf.cond(p1, taken, lambda: tf.constant(2.0))
with tf.control_dependencies([box["upd"].op]):
    z = tf.identity(v * 3.0)
d = tf.cond(p2, lambda: z + 1.0, lambda: tf.constant(-1.0))
with tf.Session() as sess:
    for a in (True, False):
        for b in (True, False):
            sess.run(tf.global_variables_initializer())
            got = attempt(sess, [c, d], {p1: a, p2: b})
            got["v"] = sess.run(v)
            out[f"{a}_{b}"] = got
"""

# The same dead value read in a later cond's branch beside an update that does not read
# it (it runs with its branch) and one that does (dead with it); and read by a loop.
PROGRAMS["dead_value_into_a_cond_beside_updates"] = """
v = tf.Variable(1.0)
u = tf.Variable(0.0)
s = tf.Variable(0.0)
p1 = tf.placeholder(tf.bool, [])
p2 = tf.placeholder(tf.bool, [])
box = {}
def taken():
    box["upd"] = tf.assign_add(v, 1.0)
    return tf.constant(1.0)
c = tf.cond(p1, taken, lambda: tf.constant(2.0))
with tf.control_dependencies([box["upd"].op]):
    z = tf.identity(v * 3.0)
def reads():
    with tf.control_dependencies([tf.assign_add(u, 1.0), tf.assign(s, z)]):
        return tf.constant(5.0)
d = tf.cond(p2, reads, lambda: tf.constant(-1.0))
loop = tf.while_loop(lambda i: i < 3.0, lambda i: i + 1.0 + 0.0 * z, [0.0])
with tf.Session() as sess:
    for a in (True, False):
        for b in (True, False):
            for name, fetch in (("d", d), ("c_d", [c, d]), ("loop", loop)):
                sess.run(tf.global_variables_initializer())
                got = attempt(sess, fetch, {p1: a, p2: b})
                got["after"] = sess.run([v, u, s])
                out[f"{name}_{a}_{b}"] = got
"""

# A branch's value read directly by a later cond, as its captured value (the branch
# reading it is dead, the other runs) and as its predicate (the whole cond is dead).
PROGRAMS["branch_value_read_by_a_later_cond"] = """
p1 = tf.placeholder(tf.bool, [])
p2 = tf.placeholder(tf.bool, [])
v = tf.Variable(0.0)
box = {}
def taken():
    box["x"] = tf.constant(5.0) * 2.0
    box["q"] = tf.logical_not(p2)
    return tf.constant(1.0)
c = tf.cond(p1, taken, lambda: tf.constant(2.0))
def reads():
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        return box["x"] + 1.0
d = tf.cond(p2, reads, lambda: tf.constant(-1.0))
def counts():
    with tf.control_dependencies([tf.assign_add(v, 100.0)]):
        return tf.constant(7.0)
e = tf.cond(box["q"], counts, lambda: tf.constant(8.0))
with tf.Session() as sess:
    for a in (True, False):
        for b in (True, False):
            for name, fetch in (("d", d), ("c_d", [c, d]), ("e", e), ("c_e", [c, e])):
                sess.run(tf.global_variables_initializer())
                got = attempt(sess, fetch, {p1: a, p2: b})
                got["v"] = sess.run(v)
                out[f"{name}_{a}_{b}"] = got
"""

# Several dead values fetched: TF names the first by its Retval index (the distinct
# fetched tensors by sorted name, fed ones aside), whatever the fetch's order.
PROGRAMS["which_dead_fetch_is_named"] = """
p = tf.placeholder(tf.bool, [])
v = tf.Variable(0.0)
box = {}
def taken():
    box["u"] = tf.assign_add(v, 1.0)
    return tf.constant(1.0)
c = tf.cond(p, taken, lambda: tf.constant(2.0), name="c")
with tf.control_dependencies([box["u"].op]):
    k = tf.constant(3.0, name="k")
k4 = tf.multiply(k, 2.0, name="m_k4")
k5 = tf.add(k, 1.0, name="a_k5")
k6 = tf.add(k, 2.0, name="z_k6")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for name, fetch, feed in (
        ("three", [k6, k4, k5], {p: False}),
        ("with_live", [c, k6, k4], {p: False}),
        ("fed_live", [c, k6, k4], {p: False, c: 9.0}),
        ("fed_dead", [k5, k6, k4], {p: False, k5: 1.0}),
    ):
        out[name] = attempt(sess, fetch, feed)
"""


# cond2's branch holds an update waiting on cond1's branch update; cond2's value does not
# depend on it (the branch returns a constant), then does (an identity under it).
PROGRAMS["sibling_waits_on_a_branch_update"] = """
v = tf.Variable(0.0)
w = tf.Variable(0.0)
p1 = tf.placeholder(tf.bool, [])
p2 = tf.placeholder(tf.bool, [])
box = {}
def taken():
    box["u"] = tf.assign_add(v, 1.0)
    return tf.constant(1.0)
c = tf.cond(p1, taken, lambda: tf.constant(2.0))
def waits():
    with tf.control_dependencies([box["u"]]):
        up = tf.assign_add(w, 10.0)
    return tf.constant(5.0)
def waits_value():
    with tf.control_dependencies([box["u"]]):
        up = tf.assign_add(w, 100.0)
    with tf.control_dependencies([up]):
        return tf.identity(tf.constant(6.0))
d = tf.cond(p2, waits, lambda: tf.constant(-1.0))
e = tf.cond(p2, waits_value, lambda: tf.constant(-2.0))
with tf.Session() as sess:
    for a in (True, False):
        for b in (True, False):
            for name, fetch in (("d", d), ("c_d", [c, d]), ("e", e), ("d_e", [d, e])):
                sess.run(tf.global_variables_initializer())
                got = attempt(sess, fetch, {p1: a, p2: b})
                got["after"] = sess.run([v, w])
                out[f"{name}_{a}_{b}"] = got
"""
# cond2's branch reads cond1's branch value in one op and updates beside it in another.
PROGRAMS["sibling_reads_a_branch_value"] = """
v = tf.Variable(0.0)
w = tf.Variable(0.0)
p1 = tf.placeholder(tf.bool, [])
p2 = tf.placeholder(tf.bool, [])
box = {}
def taken():
    box["x"] = tf.constant(3.0) * 2.0
    return tf.constant(1.0)
c = tf.cond(p1, taken, lambda: tf.constant(2.0))
def reads_beside():
    up = tf.assign_add(v, 1.0)
    s = tf.assign(w, box["x"])
    with tf.control_dependencies([up]):
        return tf.constant(7.0)
def reads_value():
    up = tf.assign_add(v, 1.0)
    with tf.control_dependencies([up]):
        return box["x"] + 1.0
d = tf.cond(p2, reads_beside, lambda: tf.constant(-1.0))
e = tf.cond(p2, reads_value, lambda: tf.constant(-2.0))
with tf.Session() as sess:
    for a in (True, False):
        for b in (True, False):
            for name, fetch in (("d", d), ("e", e), ("c_e", [c, e])):
                sess.run(tf.global_variables_initializer())
                got = attempt(sess, fetch, {p1: a, p2: b})
                got["after"] = sess.run([v, w])
                out[f"{name}_{a}_{b}"] = got
"""
# Both conds under one predicate: cond2's true branch waits on cond1's true-branch update
# (live together), its false branch waits on it (dead when the false side runs) or reads
# cond1's true-branch value (dead too).
PROGRAMS["sibling_under_the_same_predicate"] = """
v = tf.Variable(0.0)
w = tf.Variable(0.0)
p = tf.placeholder(tf.bool, [])
box = {}
def taken():
    box["u"] = tf.assign_add(v, 1.0)
    box["x"] = tf.constant(3.0) * 2.0
    return tf.constant(1.0)
c = tf.cond(p, taken, lambda: tf.constant(2.0))
def same_side():
    with tf.control_dependencies([box["u"]]):
        return tf.identity(w + 5.0)
def other_side_waits():
    with tf.control_dependencies([box["u"]]):
        up = tf.assign_add(w, 10.0)
    return tf.constant(-1.0)
def other_side_waits_value():
    with tf.control_dependencies([box["u"]]):
        return tf.constant(-3.0)
def other_side_reads():
    return box["x"] - 1.0
d = tf.cond(p, same_side, other_side_waits)
e = tf.cond(p, lambda: tf.constant(4.0), other_side_waits_value)
f = tf.cond(p, lambda: box["x"] + 1.0, other_side_reads)
with tf.Session() as sess:
    for a in (True, False):
        for name, fetch in (("d", d), ("e", e), ("f", f), ("c_d_e", [c, d, e])):
            sess.run(tf.global_variables_initializer())
            got = attempt(sess, fetch, {p: a})
            got["after"] = sess.run([v, w])
            out[f"{name}_{a}"] = got
"""
# A tf.group of cond1's branch op made inside cond2's branch, and an op under it.
PROGRAMS["sibling_groups_a_branch_op"] = """
v = tf.Variable(0.0)
w = tf.Variable(0.0)
p1 = tf.placeholder(tf.bool, [])
p2 = tf.placeholder(tf.bool, [])
box = {}
def taken():
    box["u"] = tf.assign_add(v, 1.0)
    return tf.constant(1.0)
c = tf.cond(p1, taken, lambda: tf.constant(2.0))
def groups():
    g = tf.group(box["u"])
    with tf.control_dependencies([g]):
        up = tf.assign_add(w, 10.0)
    keep = tf.assign_add(w, 1.0)
    with tf.control_dependencies([keep]):
        return tf.constant(8.0)
d = tf.cond(p2, groups, lambda: tf.constant(-1.0))
with tf.Session() as sess:
    for a in (True, False):
        for b in (True, False):
            sess.run(tf.global_variables_initializer())
            got = attempt(sess, d, {p1: a, p2: b})
            got["after"] = sess.run([v, w])
            out[f"d_{a}_{b}"] = got
"""
# cond2, nested in cond3's branch, holds an op waiting on cond1's branch update; and a
# loop body's op waiting on it.
PROGRAMS["sibling_nested_waits_on_a_branch_update"] = """
v = tf.Variable(0.0)
w = tf.Variable(0.0)
p1 = tf.placeholder(tf.bool, [])
p2 = tf.placeholder(tf.bool, [])
p3 = tf.placeholder(tf.bool, [])
box = {}
def taken():
    box["u"] = tf.assign_add(v, 1.0)
    return tf.constant(1.0)
c = tf.cond(p1, taken, lambda: tf.constant(2.0))
def waits():
    with tf.control_dependencies([box["u"]]):
        up = tf.assign_add(w, 10.0)
    keep = tf.assign_add(w, 1.0)
    with tf.control_dependencies([keep]):
        return tf.constant(5.0)
def waits_value():
    with tf.control_dependencies([box["u"]]):
        return tf.constant(6.0)
def outer():
    return tf.cond(p2, waits, waits_value) + 100.0
e = tf.cond(p3, outer, lambda: tf.constant(-3.0))
with tf.Session() as sess:
    for a in (True, False):
        for b in (True, False):
            for d in (True, False):
                sess.run(tf.global_variables_initializer())
                got = attempt(sess, e, {p1: a, p2: b, p3: d})
                got["after"] = sess.run([v, w])
                out[f"e_{a}_{b}_{d}"] = got
"""
# A value and an op waiting on a cond whose branch value waits on another cond's branch
# update: dead with that value (the cond's output op, TF's Merge), live otherwise.
PROGRAMS["waits_on_a_sibling_that_waits"] = """
v = tf.Variable(0.0)
p1 = tf.placeholder(tf.bool, [])
p2 = tf.placeholder(tf.bool, [])
box = {}
def taken():
    box["u"] = tf.assign_add(v, 1.0)
    return tf.constant(1.0)
c = tf.cond(p1, taken, lambda: tf.constant(2.0))
def waits_value():
    with tf.control_dependencies([box["u"]]):
        return tf.constant(6.0)
e = tf.cond(p2, waits_value, lambda: tf.constant(-2.0))
with tf.control_dependencies([e.op]):
    z = tf.identity(tf.constant(3.0))
with tf.control_dependencies([e]):
    z2 = tf.identity(tf.constant(4.0))
with tf.Session() as sess:
    for a in (True, False):
        for b in (True, False):
            for name, fetch in (("z", z), ("z2", z2)):
                sess.run(tf.global_variables_initializer())
                got = attempt(sess, fetch, {p1: a, p2: b})
                got["after"] = sess.run(v)
                out[f"{name}_{a}_{b}"] = got
"""


# A branch's value read by a cond nested in another cond's branch, under the same
# predicate (the same side and the other) and under another one.
PROGRAMS["branch_value_read_in_a_nested_cond"] = """
v = tf.Variable(0.0)
p1 = tf.placeholder(tf.bool, [])
p2 = tf.placeholder(tf.bool, [])
box = {}
def taken():
    box["x"] = tf.constant(3.0) * 2.0
    return tf.constant(1.0)
c = tf.cond(p1, taken, lambda: tf.constant(2.0))
def inner():
    return tf.cond(p2, lambda: box["x"] + 1.0, lambda: tf.constant(-5.0))
d = tf.cond(p1, inner, lambda: tf.constant(-1.0))
e = tf.cond(p1, lambda: tf.constant(-1.0), inner)
f = tf.cond(p2, inner, lambda: tf.constant(-1.0))
with tf.Session() as sess:
    for a in (True, False):
        for b in (True, False):
            for name, fetch in (("d", d), ("e", e), ("f", f)):
                out[f"{name}_{a}_{b}"] = attempt(sess, fetch, {p1: a, p2: b})
"""

# Batch normalization inside tf.cond(is_training, ...), as tf.contrib.layers.batch_norm
# and tf.layers.batch_normalization make it (moving averages by `var -= (var - x) *
# (1 - decay)`, put in UPDATE_OPS), trained by a train op made under
# control_dependencies(UPDATE_OPS) (TRAIN_OPTIMIZER), three steps with is_training True,
# then two with it False: the train op is dead then (nothing moves) while the loss, made
# before the dependencies, answers; then evaluated.
BN_IN_COND = """
rng = np.random.RandomState(3)
xs = rng.normal(2.0, 3.0, (5, 8, 3)).astype(np.float32)
ys = rng.normal(0.0, 1.0, (5, 8, 2)).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 3])
t = tf.placeholder(tf.float32, [None, 2])
is_training = tf.placeholder(tf.bool, [])
W = tf.Variable(rng.normal(0.0, 0.5, (3, 2)).astype(np.float32), name="W")
gamma = tf.Variable(np.ones(2, np.float32), name="gamma")
beta = tf.Variable(np.zeros(2, np.float32), name="beta")
mm = tf.Variable(np.zeros(2, np.float32), trainable=False, name="moving_mean")
mv = tf.Variable(np.ones(2, np.float32), trainable=False, name="moving_variance")
h = tf.matmul(x, W)
def train_bn():
    mean, var = tf.nn.moments(h, [0])
    for moving, value in ((mm, mean), (mv, var)):
        tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, tf.assign_sub(moving, (moving - value) * 0.1))
    return tf.nn.batch_normalization(h, mean, var, beta, gamma, 1e-3)
def infer_bn():
    return tf.nn.batch_normalization(h, mm, mv, beta, gamma, 1e-3)
bn = tf.cond(is_training, train_bn, infer_bn)
loss = tf.reduce_mean(tf.square(tf.nn.relu(bn) - t))
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
TRAIN
variables = [W, gamma, beta, mm, mv]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step, training in enumerate((True, True, True, False, False)):
        got = attempt(sess, FETCH, {x: xs[step], t: ys[step], is_training: training})
        got["variables"] = [a.tolist() for a in sess.run(variables)]
        out[f"step{step}"] = got
    out["eval"] = sess.run(bn, {x: xs[4], is_training: False}).tolist()
"""

TRAINS = {
    # with tf.control_dependencies(update_ops): train_op = opt.minimize(loss)
    "control_dependencies": (
        "with tf.control_dependencies(update_ops):\n"
        "    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n",
        "[loss, train_op]",
    ),
    # the same with Momentum, whose slots are made under the dependencies too
    "momentum": (
        "with tf.control_dependencies(update_ops):\n"
        "    train_op = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)\n",
        "[loss, train_op]",
    ),
    # optimize_loss's `loss = with_dependencies([group(*update_ops)], loss)`: the loss
    # itself is dead when is_training is False, and so its fetch fails
    "with_dependencies": (
        "with tf.control_dependencies([tf.group(*update_ops)]):\n"
        "    loss = tf.identity(loss)\n"
        "train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n",
        "[loss, train_op]",
    ),
    # the train op fetched alone (a target): None either way
    "train_op_alone": (
        "with tf.control_dependencies(update_ops):\n"
        "    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n",
        "train_op",
    ),
}

for _key, (_train, _fetch) in TRAINS.items():
    PROGRAMS[f"batch_norm_in_cond_{_key}"] = BN_IN_COND.replace("TRAIN\n", _train).replace(
        "FETCH", _fetch
    )


if __name__ == "__main__":
    tf = harness.import_tf1()
    doc = {"tensorflow": tf.__version__, "programs": harness.run_programs(tf, PROGRAMS, PREFIX)}
    harness.dump(doc)
