"""Random while_loops, each run with every subset of its variables fetched in one session:
the fetched values equal a numpy replay of the loop, and each variable's assign (under the
control dependencies of its update) runs once per iteration exactly when TF1's executor
would compute that variable: it is fetched, the cond reads it, the next value of one so
computed reads it, or it is the first variable and a computed part of the loop holds a
constant (TF1's control pivot, tests/reference/tf1_loop_pruning.py); its initial value,
computed outside under an assign of its own, likewise. The same holds for
the graph read back from its document (graph_to_dict, graph_from_dict). Random conds
likewise: an output's assign runs when the branch is taken and the output is fetched or
read by one that is. Both tests pass unchanged with `gg` bound to `tf.compat.v1`."""

from __future__ import annotations

import itertools
import json
import random

import pytest

import graphgate as gg
from graphgate.serialization import graph_from_dict, graph_to_dict

ITERATIONS = 3


def _spec(rng: random.Random, k: int) -> dict:
    """A loop of `k` float variables and a counter at a random position: each variable's
    next value reads a random subset of the others, with or without a constant."""
    counter = rng.randrange(k + 1)
    floats = [j for j in range(k + 1) if j != counter]
    reads = {j: sorted(rng.sample(floats, rng.randint(0, len(floats)))) for j in floats}
    return {
        "n": k + 1,
        "counter": counter,
        "reads": reads,
        # Where its next value adds a constant: nowhere, under the control dependency on
        # its assign (a control input: no pivot), or after it (a pivoted constant).
        "constant": {j: rng.choice([None, "under", "after"]) for j in floats},
        # Whether its assign adds a captured value (an op reading only values from
        # outside the loop: pivoted) or one computed from the variable.
        "free_assign": {j: rng.random() < 0.3 for j in floats},
        "cond_reads": sorted(rng.sample(floats, rng.randint(0, 1))),
        "cond_constant": rng.random() < 0.5,
        "step_constant": rng.random() < 0.5,
        "init": {j: rng.uniform(-1, 1) for j in floats},
    }


def _live(spec: dict, fetched: set[int]) -> set[int]:
    """The variables TF1's executor computes, from the spec alone."""
    c = spec["counter"]
    live = set(fetched) | {c} | set(spec["cond_reads"])
    while True:
        more = set()
        for j in live:
            more |= set(spec["reads"].get(j, ()))
        pivoted = spec["cond_constant"] or any(
            spec["constant"][j] == "after" or spec["free_assign"][j]
            if j != c
            else spec["step_constant"]
            for j in live
        )
        if pivoted:
            more.add(0)
        if more <= live:
            return live
        live |= more


def _replay(spec: dict) -> dict:
    values = dict(spec["init"])
    for _ in range(ITERATIONS):
        values = {
            j: 0.5 * values[j]
            + sum(values[r] for r in spec["reads"][j])
            + (spec["constant"][j] is not None)
            for j in values
        }
    return values


def _build(spec: dict):
    c = spec["counter"]
    limit = gg.placeholder(gg.int32, [])
    one = gg.placeholder(gg.int32, [])
    counts = {j: gg.Variable(0.0) for j in spec["init"]}

    def cond(*xs):
        bound = ITERATIONS if spec["cond_constant"] else limit
        ok = xs[c] < bound
        for j in spec["cond_reads"]:
            ok = gg.logical_and(ok, xs[j] < xs[j] + (1e9 if spec["cond_constant"] else big_f))
        return ok

    def body(*xs):
        nxt = []
        for j, x in enumerate(xs):
            if j == c:
                nxt.append(x + (1 if spec["step_constant"] else one))
                continue
            # sign(|x| + 1) is 1 computed from x, with no constant
            step = one_f if spec["free_assign"][j] else gg.sign(gg.abs(x) + one_f)
            with gg.control_dependencies([gg.assign_add(counts[j], step)]):
                v = x * half
                for r in spec["reads"][j]:
                    v = v + xs[r]
                if spec["constant"][j] == "under":
                    v = v + 1.0
            nxt.append(v + 1.0 if spec["constant"][j] == "after" else v)
        return nxt

    one_f = gg.placeholder(gg.float32, [])
    big_f = gg.placeholder(gg.float32, [])
    half = gg.placeholder(gg.float32, [])
    # Each float variable's initial value is computed outside the loop under an assign of
    # its own: TF1 computes it only for a variable it computes (no Enter of the others).
    entered = {j: gg.Variable(0.0) for j in spec["init"]}
    init = []
    for j in range(spec["n"]):
        if j == c:
            init.append(0)
            continue
        with gg.control_dependencies([gg.assign_add(entered[j], 1.0)]):
            init.append(gg.constant(spec["init"][j]) * one_f)
    outs = gg.while_loop(cond, body, init)
    feed = {limit: ITERATIONS, one: 1, one_f: 1.0, half: 0.5, big_f: 1e9}
    # By name, so that a graph read back from its document runs the same fetches.
    return (
        [t.name for t in outs],
        {j: v.name for j, v in counts.items()},
        {t.name: value for t, value in feed.items()},
        gg.global_variables_initializer().name,
        {j: v.name for j, v in entered.items()},
    )


def _check(sess, spec: dict, names: tuple) -> None:
    outs, counts, feed, init, entered = names
    expected = _replay(spec)
    floats = sorted(spec["init"])
    sess.run(init)
    subsets = [s for r in range(1, len(floats) + 1) for s in itertools.combinations(floats, r)]
    for fetched in [*subsets, *subsets[::-1]]:  # each plan built, then reused
        before = sess.run([counts, entered])
        got = sess.run([outs[j] for j in fetched], feed)
        after = sess.run([counts, entered])
        for j, value in zip(fetched, got, strict=True):
            assert value == pytest.approx(expected[j], rel=1e-5), (spec, fetched, j)
        live = _live(spec, set(fetched))
        for j in floats:
            ran = after[0][j] - before[0][j]
            assert ran == (ITERATIONS if j in live else 0), (spec, fetched, j, live)
            assert after[1][j] - before[1][j] == (j in live), (spec, fetched, j, live)


@pytest.mark.parametrize("seed", range(40))
def test_every_fetch_subset_computes_what_tf1_would(seed):
    rng = random.Random(seed)
    spec = _spec(rng, rng.randint(2, 4))
    with gg.Graph().as_default():
        names = _build(spec)
        with gg.Session() as sess:
            _check(sess, spec, names)


@pytest.mark.parametrize("seed", range(10))
def test_a_loop_read_back_from_its_document_prunes_the_same(seed):
    rng = random.Random(seed)
    spec = _spec(rng, rng.randint(2, 4))
    with gg.Graph().as_default() as graph:
        names = _build(spec)
    loaded = graph_from_dict(json.loads(json.dumps(graph_to_dict(graph))))
    with loaded.as_default(), gg.Session() as sess:
        _check(sess, spec, names)


def _cond_spec(rng: random.Random) -> dict:
    """A cond of 2-4 outputs: output j of the true branch adds the outputs `reads[j]`
    (earlier ones) to a multiple of x, each under a control dependency on its assign;
    each branch's output j also adds some of 1-3 values computed outside the cond (each
    under a control dependency on an assign of its own)."""
    m = rng.randint(2, 4)
    spec = {
        "m": m,
        "reads": {j: sorted(rng.sample(range(j), rng.randint(0, j))) for j in range(m)},
        "scale": {j: rng.choice([0.5, 2.0, 3.0]) for j in range(m)},
    }
    k = rng.randint(1, 3)
    spec["captures"] = k
    for branch in ("then_caps", "else_caps"):
        spec[branch] = {j: sorted(rng.sample(range(k), rng.randint(0, k))) for j in range(m)}
    return spec


def _cond_needed(spec: dict, fetched: set[int]) -> set[int]:
    needed = set(fetched)
    for j in sorted(fetched, reverse=True):
        needed |= _cond_needed(spec, set(spec["reads"][j])) if spec["reads"][j] else set()
    return needed


def _captures_needed(spec: dict, fetched: set[int]) -> set[int]:
    """The values from outside TF1 computes whichever branch is taken: those the fetched
    outputs' branches read (through their Switch nodes), in the true branch through the
    outputs those read too."""
    then = [c for j in _cond_needed(spec, fetched) for c in spec["then_caps"][j]]
    return set(then) | {c for j in fetched for c in spec["else_caps"][j]}


def _cond_graph(spec: dict):
    m = spec["m"]
    p = gg.placeholder(gg.bool, [])
    x = gg.placeholder(gg.float32, [])
    counts = [gg.Variable(0.0) for _ in range(m)]
    cap_counts = [gg.Variable(0.0) for _ in range(spec["captures"])]
    caps = []
    for i, count in enumerate(cap_counts):
        with gg.control_dependencies([gg.assign_add(count, 1.0)]):
            caps.append(x * float(i + 2))

    def taken():
        outs = []
        for j in range(m):
            with gg.control_dependencies([gg.assign_add(counts[j], gg.sign(gg.abs(x) + x))]):
                v = x * spec["scale"][j]
                for r in spec["reads"][j]:
                    v = v + outs[r]
                for c in spec["then_caps"][j]:
                    v = v + caps[c]
            outs.append(v)
        return outs

    def other():
        return [x * 1.0 + sum(caps[c] for c in spec["else_caps"][j]) for j in range(m)]

    return p, x, counts, cap_counts, gg.cond(p, taken, other)


def _cond_want(spec: dict, pred: bool) -> dict:
    """Each output's value at x = 1 (the outside value i is i + 2)."""
    want: dict[int, float] = {}
    for j in range(spec["m"]):
        if pred:
            want[j] = spec["scale"][j] + sum(want[r] for r in spec["reads"][j])
            want[j] += sum(c + 2.0 for c in spec["then_caps"][j])
        else:
            want[j] = 1.0 + sum(c + 2.0 for c in spec["else_caps"][j])
    return want


@pytest.mark.parametrize("seed", range(12))
def test_every_cond_output_subset_runs_what_tf1_would(seed):
    spec = _cond_spec(random.Random(seed))
    m = spec["m"]
    with gg.Graph().as_default():
        p, x, counts, cap_counts, outs = _cond_graph(spec)
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            subsets = [s for r in range(1, m + 1) for s in itertools.combinations(range(m), r)]
            for pred in (True, False):
                for fetched in [*subsets, *subsets[::-1]]:
                    before = sess.run([counts, cap_counts])
                    got = sess.run([outs[j] for j in fetched], {p: pred, x: 1.0})
                    after = sess.run([counts, cap_counts])
                    ran = [a - b for a, b in zip(after[0], before[0], strict=True)]
                    cap_ran = [a - b for a, b in zip(after[1], before[1], strict=True)]
                    want = _cond_want(spec, pred)
                    for j, value in zip(fetched, got, strict=True):
                        assert value == pytest.approx(want[j]), (spec, fetched)
                    needed = _cond_needed(spec, set(fetched)) if pred else set()
                    assert ran == [1.0 if j in needed else 0.0 for j in range(m)], (spec, fetched)
                    caps = _captures_needed(spec, set(fetched))
                    want_caps = [1.0 if c in caps else 0.0 for c in range(spec["captures"])]
                    assert cap_ran == want_caps, (spec, fetched, pred)
