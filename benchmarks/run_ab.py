"""Per-run costs (the tutorial rows, W3, W4) of two engine trees, interleaved in one process.

    git archive main layers/engine | tar -x -C /tmp/before
    .venv/bin/python benchmarks/run_ab.py /tmp/before/layers/engine [--rounds 9]

Compares the engine at the given tree ("before") with the installed one ("after"): each
round runs every case under both, alternating which goes first, so the load of a shared
machine falls on both alike. Prints the median CPU time per run (`time.process_time`)
of each and their ratio. A report, not a test.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402 - the thread settings must precede numpy's import
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dag_ab import load_engine as _load  # noqa: E402
from engine_bench import mlp_params  # noqa: E402


def tutorial(gg, python_floats: bool):
    g = gg.Graph()
    with g.as_default():
        pa = gg.placeholder(gg.float32, [], name="pa")
        pb = gg.placeholder(gg.float32, [], name="pb")
        fed = gg.divide(gg.multiply(pa, pb), gg.add(pa, pb))
    sess = gg.Session(g)
    if python_floats:
        feed = {pa: 15.0, pb: 5.0}
    else:
        feed = {pa: np.array(15.0, np.float32), pb: np.array(5.0, np.float32)}
    return lambda: sess.run(fed, feed)


def constants(gg):
    g = gg.Graph()
    with g.as_default():
        a, b = gg.constant(15.0), gg.constant(5.0)
        res = gg.divide(gg.multiply(a, b), gg.add(a, b))
    sess = gg.Session(g)
    return lambda: sess.run(res)


def mlp(gg, train: bool):
    w1, b1, w2, b2 = mlp_params()
    rng = np.random.default_rng(3)
    x0 = rng.standard_normal((256, 784), np.float32)
    y0 = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 256)]
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 784], name="x")
        y = gg.placeholder(gg.float32, [None, 10], name="y")
        W1, B1 = gg.Variable(w1, name="W1"), gg.Variable(b1, name="b1")
        W2, B2 = gg.Variable(w2, name="W2"), gg.Variable(b2, name="b2")
        h = gg.relu(gg.matmul(x, W1) + B1)
        logits = gg.matmul(h, W2) + B2
        probs = gg.softmax(logits)
        loss = gg.reduce_mean(gg.softmax_cross_entropy_with_logits(labels=y, logits=logits))
        step = gg.train.GradientDescentOptimizer(0.01).minimize(loss)
        init = gg.global_variables_initializer()
    sess = gg.Session(g)
    sess.run(init)
    if train:
        return lambda: sess.run(step, {x: x0, y: y0})
    return lambda: sess.run(probs, {x: x0})


CASES = {
    "tutorial, constants (µs)": (lambda gg: constants(gg), 20000, 1e6),
    "tutorial, a and b fed (µs)": (lambda gg: tutorial(gg, False), 20000, 1e6),
    "tutorial, fed Python floats (µs)": (lambda gg: tutorial(gg, True), 20000, 1e6),
    "W3 MLP forward (ms)": (lambda gg: mlp(gg, False), 100, 1e3),
    "W4 SGD step (ms)": (lambda gg: mlp(gg, True), 50, 1e3),
}


def load_engine(tree: str | None) -> tuple:
    """`dag_ab.load_engine` with the optimizers imported too (graphgate loads them lazily,
    and a lazy import must find its own tree's modules)."""
    if tree:
        sys.path.insert(0, tree)
    try:
        gg, _ = _load(tree)
        gg.train.GradientDescentOptimizer  # noqa: B018 - imports graphgate.train's modules
    finally:
        if tree:
            sys.path.remove(tree)
    mods = {k: v for k, v in sys.modules.items() if k == "graphgate" or k.startswith("graphgate.")}
    return gg, mods


def per_run(fn, number: int) -> float:
    t0 = time.process_time()
    for _ in range(number):
        fn()
    return (time.process_time() - t0) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the engine tree to compare with (its layers/engine)")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--only", help="run the cases whose label contains this")
    args = parser.parse_args()
    engines = [load_engine(args.before), load_engine(None)]
    for label, (make, number, scale) in CASES.items():
        if args.only and args.only not in label:
            continue
        fns = []
        for gg, mods in engines:
            sys.modules.update(mods)  # imports made inside functions find their own package
            fns.append(make(gg))
            for _ in range(10):
                fns[-1]()
        times: list[list[float]] = [[], []]
        for r in range(args.rounds):
            for i in (0, 1) if r % 2 else (1, 0):
                sys.modules.update(engines[i][1])
                times[i].append(per_run(fns[i], number))
        before, after = (statistics.median(t) * scale for t in times)
        print(f"{label:<36} before {before:9.3f}   after {after:9.3f}   {after / before:5.2f}x")


if __name__ == "__main__":
    main()
