"""Random while_loops differentiated with respect to random placeholders (captured values
and initial values), each gradient fetched alone and all together in one session.

A run of a loop's gradient needs fed exactly the placeholders TF1's does, which the spec
alone says (`_needs`): TF1 differentiates only the loop's variables between xs and ys,
computes the forward loop's count (its cond, and the first variable, the control pivot of
the counter TF1 adds to it for the gradient) and every value the gradient loop stacks (a
product's factor), and of the gradient loop only what the fetched gradient reads. That
test passes unchanged with `gg` bound to `tf.compat.v1` (all 100 seeds:
tests/reference/property_tests_under_tf.py). The values equal
those of the loop gradient that differentiates every variable and capture (the
over-reading path graphgate had before, `takes_reached` off), all placeholders fed.
"""

from __future__ import annotations

import math
import random

import pytest

import graphgate as gg
from graphgate.ops import control_flow_ops

ITERATIONS = 3


def _spec(rng: random.Random, k: int) -> dict:
    """A loop of `k` float variables and a counter at a random position: variable j's next
    value is itself times (in a cond's branch, or twice in an inner loop), plus, or without
    its own captured placeholder `p<j>`, plus some of the others; its initial value is a
    placeholder `q<j>` or a constant; the cond compares the counter with a placeholder `n`
    or a constant, and it steps by a placeholder `one` or a constant."""
    counter = rng.randrange(k + 1)
    floats = [j for j in range(k + 1) if j != counter]
    spec = {
        "n": k + 1,
        "counter": counter,
        "floats": floats,
        "reads": {
            j: sorted(rng.sample([r for r in floats if r != j], rng.randint(0, 1))) for j in floats
        },
        "op": {j: rng.choice(["mul", "add", "cond", "loop", None]) for j in floats},
        "init_fed": {j: rng.random() < 0.6 for j in floats},
        "limit_fed": rng.random() < 0.5,
        "step_fed": rng.random() < 0.5,
        "ys": sorted(rng.sample(floats, rng.randint(1, k))),
    }
    xs = [f"p{j}" for j in floats if spec["op"][j]]
    xs += [f"q{j}" for j in floats if spec["init_fed"][j]]
    spec["xs"] = sorted(rng.sample(xs, rng.randint(1, min(2, len(xs))))) if xs else []
    return spec


def _closure(start: set[int], step) -> set[int]:
    found = set(start)
    while True:
        more = {r for j in found for r in step(j)} - found
        if not more:
            return found
        found |= more


def _on_path(spec: dict) -> set[int]:
    """The variables TF1's gradients() differentiates: reached from the xs (through
    the variables' reads) and read, through reached ones, by the ys."""
    reads = spec["reads"]
    by_x = {int(x[1:]) for x in spec["xs"]}
    reached = by_x
    while True:
        more = {j for j in spec["floats"] if set(reads[j]) & reached} - reached
        if not more:
            break
        reached |= more
    ys = set(spec["ys"]) & reached
    return _closure(ys, lambda j: [r for r in reads[j] if r in reached])


def _needs(spec: dict, x: str) -> set[str]:
    """The placeholders the run of d(sum ys)/dx needs in TF1."""
    reads, op = spec["reads"], spec["op"]
    path = _on_path(spec)
    # The gradient of variable j at an iteration reads the gradients of those reading j.
    grads = _closure({int(x[1:])}, lambda j: [m for m in path if j in reads[m]])
    factors = {j for j in path if op[j] in ("mul", "cond", "loop")}
    needs = {f"p{m}" for m in grads if m in factors}  # g * p, p entered from outside
    # The forward loop: the counter, the first variable (the control pivot of the
    # counter TF1 adds for the gradient, which steps by a constant) and the factors the
    # gradient loop stacks, with what their updates read.
    forward = _closure(factors | {spec["counter"], 0}, lambda j: reads.get(j, ()))
    needs |= {f"q{j}" for j in forward if j in reads and spec["init_fed"][j]}
    needs |= {f"p{j}" for j in forward if j in reads and op[j]}
    needs |= {"n"} if spec["limit_fed"] else set()
    return needs | ({"one"} if spec["step_fed"] else set())


def _update(op: str | None, t, p):
    if op == "mul":
        return t * p
    if op == "add":
        return t + p
    if op == "cond":  # the true branch, always taken
        return gg.cond(t > -100.0, lambda: t * p, lambda: t - p)
    if op == "loop":  # an inner loop multiplying twice
        return gg.while_loop(lambda k, u: k < 2, lambda k, u: (k + 1, u * p), [0, t])[1]
    return t


def _build(spec: dict):
    c = spec["counter"]
    ph = {"n": gg.placeholder(gg.int32, []), "one": gg.placeholder(gg.int32, [])}
    values = {"n": ITERATIONS, "one": 1}
    for j in spec["floats"]:
        if spec["op"][j]:
            ph[f"p{j}"] = gg.placeholder(gg.float32, [])
            values[f"p{j}"] = 0.5 + 0.25 * j
        if spec["init_fed"][j]:
            ph[f"q{j}"] = gg.placeholder(gg.float32, [])
            values[f"q{j}"] = 1.0 - 0.3 * j

    def cond(*v):
        return v[c] < (ph["n"] if spec["limit_fed"] else ITERATIONS)

    def body(*v):
        nxt = []
        for j, t in enumerate(v):
            if j == c:
                nxt.append(t + (ph["one"] if spec["step_fed"] else 1))
                continue
            op = spec["op"][j]
            t = _update(op, t, ph.get(f"p{j}"))
            for r in spec["reads"][j]:
                t = t + v[r]
            nxt.append(t)
        return nxt

    init = [
        0 if j == c else ph[f"q{j}"] if spec["init_fed"][j] else gg.constant(0.5 + 0.1 * j)
        for j in range(spec["n"])
    ]
    outs = gg.while_loop(cond, body, init)
    total = gg.add_n([outs[j] for j in spec["ys"]])
    grads = gg.gradients(total, [ph[x] for x in spec["xs"]])
    feed = {ph[name]: value for name, value in values.items()}
    return {x: g for x, g in zip(spec["xs"], grads, strict=True) if g is not None}, ph, feed


def _fails(sess, fetch, feed) -> bool:
    try:
        sess.run(fetch, feed)
    except Exception:  # the class is TF's InvalidArgumentError in either; pinned elsewhere
        return True
    return False


def _check_needs(spec: dict) -> None:
    grads, ph, feed = _build(spec)
    with gg.Session() as sess:
        for x, g in grads.items():
            needs = {n for n, p in ph.items() if p in feed and _fails(sess, g, _without(feed, p))}
            assert needs == _needs(spec, x), (spec, x, needs, _needs(spec, x))
        if grads:
            every = set().union(*(_needs(spec, x) for x in grads))
            fetch = list(grads.values())
            got = {n for n, p in ph.items() if _fails(sess, fetch, _without(feed, p))}
            assert got == every, (spec, got, every)


def _without(feed: dict, p) -> dict:
    return {q: v for q, v in feed.items() if q is not p}


@pytest.mark.parametrize("seed", range(100))
def test_a_loop_gradient_needs_what_tf1_needs(seed):
    rng = random.Random(seed)
    spec = _spec(rng, rng.randint(2, 5))
    with gg.Graph().as_default():
        _check_needs(spec)


def _values(spec: dict) -> tuple[dict, dict]:
    """Each gradient fetched alone, and all of them in one run, every placeholder fed."""
    with gg.Graph().as_default():
        grads, _, feed = _build(spec)
        with gg.Session() as sess:
            alone = {x: float(sess.run(g, feed)) for x, g in grads.items()}
            together = sess.run(grads, feed)
    return alone, {x: float(v) for x, v in together.items()}


@pytest.mark.parametrize("seed", range(100))
def test_values_equal_those_of_the_gradient_of_every_variable(seed, monkeypatch):
    rng = random.Random(seed)
    spec = _spec(rng, rng.randint(2, 5))
    alone, together = _values(spec)
    # The over-reading path: every variable and capture of the loop differentiated.
    monkeypatch.setattr(control_flow_ops._while_grad, "takes_reached", False)
    monkeypatch.setattr(control_flow_ops._if_grad, "takes_reached", False)
    old_alone, old_together = _values(spec)
    assert alone.keys() == old_alone.keys() == together.keys()
    for x in alone:
        for got in (alone[x], together[x]):
            assert math.isclose(got, old_alone[x], rel_tol=1e-6, abs_tol=1e-6), (spec, x)
        assert old_together[x] == old_alone[x], (spec, x)
