"""Run a property test of graphgate's unchanged under `tf.compat.v1` (dev-only), to show
that the rule it states is TensorFlow's: the test module's text with `gg` bound to TF,
each seed of the named test function called in a fresh default graph.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/property_tests_under_tf.py \\
        tests/unit/engine/test_loop_gradient_property.py \\
        test_a_loop_gradient_needs_what_tf1_needs 100

prints the seeds that failed (none, for the tests whose docstrings say they pass so:
test_loop_gradient_property.py's needs test, test_loop_pruning_property.py's fetch-subset
and cond tests).
"""

from __future__ import annotations

import math
import os
import sys
import types

_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path[:0] = [_ROOT, os.path.join(_ROOT, "layers", "engine")]

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script
    import harness


class _Approx:
    """pytest.approx for scalars, which the property tests compare with."""

    def __init__(self, expected: float, rel: float = 1e-6, abs: float = 1e-12):
        self.expected, self.rel, self.abs = expected, rel, abs

    def __eq__(self, other: object) -> bool:
        return math.isclose(float(other), self.expected, rel_tol=self.rel, abs_tol=self.abs)


def _pytest_stand_in() -> types.SimpleNamespace:
    mark = types.SimpleNamespace(parametrize=lambda *a, **k: lambda f: f)
    return types.SimpleNamespace(mark=mark, approx=_Approx)


def main(path: str, test: str, seeds: int) -> None:
    tf = harness.import_tf1()
    with open(path) as f:
        source = f.read().replace("import graphgate as gg\n", "")
    source = source.replace("import pytest\n", "")
    module = types.ModuleType("under_tf")
    module.__dict__.update(gg=tf, pytest=_pytest_stand_in())
    exec(compile(source, path, "exec"), module.__dict__)
    failed = []
    for seed in range(seeds):
        with tf.Graph().as_default():
            try:
                getattr(module, test)(seed)
            except AssertionError as exc:
                failed.append(seed)
                print(f"seed {seed}: {exc}"[:400])
    print(f"{test}: {seeds - len(failed)} of {seeds} seeds pass under TF {tf.__version__}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 40)
