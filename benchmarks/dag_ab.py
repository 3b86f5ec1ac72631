"""W5 (build + first run of a 20,000-node DAG) for two engine trees, interleaved in one process.

    git archive main layers/engine | tar -x -C /tmp/before
    .venv/bin/python benchmarks/dag_ab.py /tmp/before/layers/engine [--rounds 9] [--wall]

Compares the engine at the given tree ("before") with the installed one ("after"): the
two alternate round by round with eager numpy between them, so the other load on a shared
machine falls on both alike (separate processes minutes apart differ by more than most
changes). Prints per node: the build, the garbage collector's share of it, the first run
(compile and execute, or interpret), the second run (which builds a deferred plan's
steps), the re-run (execute alone) and build + first run against numpy.
CPU time by default (`--wall` for wall clock). A report, not a test.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402 - the thread settings must precede numpy's import
import gc  # noqa: E402
import importlib  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_bench import build_dag, dag_spec, numpy_dag  # noqa: E402


def load_engine(tree: str | None) -> tuple:
    """Import graphgate from `tree` (None: the installed one) and keep its modules."""
    for name in [k for k in sys.modules if k == "graphgate" or k.startswith("graphgate.")]:
        del sys.modules[name]
    if tree:
        sys.path.insert(0, tree)
    try:
        gg = importlib.import_module("graphgate")
    finally:
        if tree:
            sys.path.remove(tree)
    mods = {k: v for k, v in sys.modules.items() if k == "graphgate" or k.startswith("graphgate.")}
    return gg, mods


class _Collections:
    def __init__(self, clock):
        self.clock, self.counting, self.seconds, self._start = clock, False, 0.0, 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = self.clock()
        elif self.counting:
            self.seconds += self.clock() - self._start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="a tree holding the graphgate package to compare with")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--wall", action="store_true", help="wall clock instead of CPU time")
    parser.add_argument("--nodes", type=int, default=20000)
    args = parser.parse_args()
    engines = {"before": load_engine(args.before), "after": load_engine(None)}
    assert engines["before"][0].__file__ != engines["after"][0].__file__, "the same tree twice"
    clock = time.perf_counter if args.wall else time.process_time
    n, width = args.nodes, 4096
    spec = dag_spec(n)
    x0 = np.random.default_rng(2).standard_normal(width).astype(np.float32)
    collections = _Collections(clock)

    def numpy_eager():
        return numpy_dag(spec, x0)

    def engine(gg, mods):
        sys.modules.update(mods)  # imports made inside functions find their own package
        collections.seconds, collections.counting = 0.0, True
        t0 = clock()
        g, x, nodes = build_dag(gg, spec, width)
        t1 = clock()
        collections.counting = False
        sess = gg.Session(g)
        out = sess.run(nodes[-1], {x: x0})
        t2 = clock()
        sess.run(nodes[-1], {x: x0})  # builds the plan's steps (once deferred)
        t3 = clock()
        sess.run(nodes[-1], {x: x0})
        t4 = clock()
        return (t1 - t0, collections.seconds, t2 - t1, t3 - t2, t4 - t3), out

    gc.callbacks.append(collections)
    rows: dict[str, list] = {"before": [], "after": [], "numpy": []}
    with np.errstate(all="ignore"):
        reference = numpy_eager()
        for gg, mods in engines.values():
            np.testing.assert_allclose(engine(gg, mods)[1], reference, rtol=1e-4, atol=1e-6)
        for _ in range(args.rounds):
            for name, (gg, mods) in engines.items():
                rows[name].append(engine(gg, mods)[0])
                t0 = clock()
                numpy_eager()
                rows["numpy"].append(clock() - t0)
    ref = statistics.median(rows["numpy"])

    def us(seconds: float) -> str:
        return f"{seconds / n * 1e6:5.2f}"

    kind = "wall clock" if args.wall else "CPU time"
    print(f"µs a node, {kind}, medians of {args.rounds}; eager numpy {us(ref)}")
    for name in ("before", "after"):
        b, c, f, s, r = (statistics.median(col) for col in zip(*rows[name], strict=True))
        print(
            f"{name:6s}  build {us(b)} (GC {us(c)})  first run {us(f)}  second {us(s)}"
            f"  re-run {us(r)}  build + first run {us(b + f)} = {(b + f) / ref:.2f}x numpy"
        )


if __name__ == "__main__":
    main()
