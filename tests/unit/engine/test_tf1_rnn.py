"""TF1 recurrent programs (dynamic_rnn, static_rnn, bidirectional_dynamic_rnn, the cells,
TensorArray) run unchanged but for `tf` being graphgate, against what tf.compat.v1
computed (tests/reference/tf1_rnn.py): values, gradients (BPTT through while_loop),
variable names and shapes, static shapes and exception classes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.reference.tf1_rnn import PROGRAMS, run

REFERENCE = json.loads((Path(__file__).parent / "fixtures" / "tf1_rnn.json").read_text())


def same(ours, theirs, where: str) -> None:
    if isinstance(theirs, list) and theirs and theirs[-1] == "object":
        # An exception: TF's class must be among ours (graphgate's also carry a code).
        assert ours is not None and theirs[0] in ours, f"{where}: raised {ours}, TF {theirs[0]}"
    elif isinstance(theirs, dict):
        assert set(ours) == set(theirs), where
        for k in theirs:
            same(ours[k], theirs[k], f"{where}.{k}")
    elif isinstance(theirs, list) and theirs and all(isinstance(v, str) for v in theirs):
        assert ours == theirs, f"{where}: {ours} != {theirs}"
    elif isinstance(theirs, list) and _numeric(theirs):
        np.testing.assert_allclose(
            np.asarray(ours, np.float64),
            np.asarray(theirs, np.float64),
            rtol=2e-5,
            atol=2e-6,
            err_msg=where,
        )
    elif isinstance(theirs, list):
        assert isinstance(ours, list | tuple) and len(ours) == len(theirs), f"{where}: {ours}"
        for i, (o, t) in enumerate(zip(ours, theirs, strict=True)):
            same(o, t, f"{where}[{i}]")
    elif isinstance(theirs, float):
        assert np.isclose(ours, theirs, rtol=2e-5, atol=2e-6), f"{where}: {ours} != {theirs}"
    else:
        assert ours == theirs, f"{where}: {ours!r} != {theirs!r}"


def _numeric(x) -> bool:
    if isinstance(x, list):
        return all(_numeric(v) for v in x) and len({_depth(v) for v in x}) <= 1
    return isinstance(x, int | float) and not isinstance(x, bool)


def _depth(x) -> tuple:
    return (len(x), *_depth(x[0])) if isinstance(x, list) and x else ()


@pytest.mark.parametrize("program", sorted(PROGRAMS))
def test_program_computes_what_tf_computes(program):
    observed = run(gg, gg.reset_default_graph, [program])
    same(observed[program], REFERENCE[program], program)
