"""W5's garbage collector: what a dropped 20,000-node graph costs, freed by the collector
or by reference counting.

    .venv/bin/python benchmarks/dag_gc.py [--rounds 9] [--wall]

A graph's operations, tensors and the graph reach each other (`t.op`/`op.outputs`,
`op.graph`/`graph.op_list`: holding any tensor keeps its whole graph), so a dropped graph
is freed only by a full collection, which W5 meets in its next build. This prints, in
milliseconds (medians, CPU time unless `--wall`):
- a full collection over the process's heap alone, with a graph alive, with a graph
  dropped (the collector frees it), and the same dropped graph with its cycles broken by
  hand first (reference counting frees it; the figure is the freeing and the collection);
- W5's build and first run when the previous round's graph was freed by the collector (as
  every build meets it) and when it was freed by reference counting before the build
  (what a graph with no cycles would give), interleaved, against eager numpy.
Breaking the cycles by hand is a measurement, not a way to use graphgate: it leaves the
dropped graph's objects unusable. A report, not a test.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402 - the thread settings must precede numpy's import
import gc  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import weakref  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_bench import build_dag, dag_spec, gg, numpy_dag  # noqa: E402

WIDTH = 4096


def break_cycles(g) -> None:
    """Cut every reference back to the graph and between operations and their outputs, so
    that dropping the last references frees the graph by reference counting."""
    for op in g.op_list:
        op.graph = None
        op.outputs = ()
    g.op_list = []
    g.ops_by_name = {}


def collections(spec, rounds: int, clock) -> dict[str, list[float]]:
    rows: dict[str, list[float]] = {"heap": [], "alive": [], "dropped": [], "refcount": []}
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _ in range(rounds):
            gc.collect()
            t0 = clock()
            gc.collect()
            rows["heap"].append(clock() - t0)
            g = build_dag(gg, spec, WIDTH)[0]
            gc.collect()
            t0 = clock()
            gc.collect()
            rows["alive"].append(clock() - t0)
            del g
            t0 = clock()
            gc.collect()
            rows["dropped"].append(clock() - t0)
            g = build_dag(gg, spec, WIDTH)[0]
            gc.collect()
            alive = weakref.ref(g)
            break_cycles(g)
            t0 = clock()
            del g
            gc.collect()
            assert alive() is None
            rows["refcount"].append(clock() - t0)
    finally:
        if collecting:
            gc.enable()
    return rows


def w5(spec, rounds: int, clock) -> dict[str, list[tuple[float, float]]]:
    x0 = np.random.default_rng(2).standard_normal(WIDTH).astype(np.float32)

    def engine(by_refcount: bool) -> tuple[float, float]:
        t0 = clock()
        g, x, nodes = build_dag(gg, spec, WIDTH)
        t1 = clock()
        gg.Session(g).run(nodes[-1], {x: x0})
        t2 = clock()
        del x, nodes
        if by_refcount:  # outside the timed part, as W5's graph is dropped
            alive = weakref.ref(g)
            break_cycles(g)
            del g
            assert alive() is None, "a cycle was left: the graph outlived its last reference"
        return t1 - t0, t2 - t1

    rows: dict[str, list] = {"collector": [], "refcount": [], "numpy": []}
    with np.errstate(all="ignore"):
        for _ in range(rounds):
            for kind in ("collector", "refcount"):
                # A round of the same kind first, so that the timed build meets the
                # previous graph freed this way.
                engine(kind == "refcount")
                rows[kind].append(engine(kind == "refcount"))
                t0 = clock()
                numpy_dag(spec, x0)
                rows["numpy"].append((clock() - t0, 0.0))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--wall", action="store_true", help="wall clock instead of CPU time")
    args = parser.parse_args()
    clock = time.perf_counter if args.wall else time.process_time
    spec = dag_spec(20000)
    kind = "wall clock" if args.wall else "CPU time"
    print(f"ms, {kind}, medians of {args.rounds}")
    full = collections(spec, args.rounds, clock)
    m = {k: statistics.median(v) * 1e3 for k, v in full.items()}
    print(
        f"full collection: heap alone {m['heap']:.1f}, a graph alive {m['alive']:.1f}, "
        f"a graph dropped {m['dropped']:.1f}, dropped with its cycles broken "
        f"(freeing + collection) {m['refcount']:.1f}"
    )
    rows = w5(spec, args.rounds, clock)
    ref = statistics.median(r[0] for r in rows["numpy"])
    for kind in ("collector", "refcount"):
        b, f = (statistics.median(col) * 1e3 for col in zip(*rows[kind], strict=True))
        print(
            f"W5, previous graph freed by {kind:9s}: build {b:6.1f}  first run {f:6.1f}  "
            f"build + first run {b + f:6.1f} = {(b + f) / (ref * 1e3):.2f}x numpy ({ref * 1e3:.1f})"
        )


if __name__ == "__main__":
    main()
