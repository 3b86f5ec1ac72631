"""Which dtypes TF1's common math and nn ops take and what they compute on each (int8 to
uint64, float16/32/64, complex64/128), run unchanged on graphgate against what
`tf.compat.v1` observed (`tests/reference/tf1_op_dtypes.py`, `fixtures/tf1_op_dtypes.json`):
the same dtype and values, or a refusal of the same class.

One allowance: where TF builds an op no kernel of its CPU build can run (Round of complex,
Reciprocal of an integer, MatMul of unsigned integers...), every run fails with
InvalidArgumentError; graphgate refuses such an op already when it is built, with the same
class (its inference knows the dtypes its kernels take)."""

from __future__ import annotations

import math

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised, reference

FIXTURE, programs = reference("tf1_op_dtypes")

# Cells known to differ, with the element that does: TF's complex log1p (Eigen's
# x * log(1 + x) / ((1 + x) - 1)) is -inf + NaN i at -1 where numpy's is -inf + 0i.
KNOWN = {("log1p", "complex64"): 1, ("log1p", "complex128"): 1}


def _run(name: str) -> dict:
    out: dict = {}
    scope = {"tf": gg, "np": programs.np, "out": out, "raises": raised}
    with gg.Graph().as_default():
        exec(programs.PREFIX + programs.PROGRAMS[name], scope)
    return out


def _refused_earlier(ours, theirs) -> bool:
    """TF's run of an op its kernels lack fails; graphgate's build does, same class."""
    return (
        theirs[0] == "run"
        and theirs[1] == "InvalidArgumentError"
        and ours[0] == "build"
        and "InvalidArgumentError" in ours[1]
    )


@pytest.mark.parametrize("name", sorted(programs.OPS))
def test_op_takes_and_computes_what_tensorflow_does(name):
    ours = _run(name)
    theirs = FIXTURE["programs"][name]
    assert ours.keys() == theirs.keys()
    for dtype, cell in theirs.items():
        got = ours[dtype]
        if _refused_earlier(got, cell):
            continue
        if (name, dtype) in KNOWN:
            at = KNOWN[name, dtype]
            assert math.isinf(got[1][at][0]) and got[1][at][1] == 0.0, (name, dtype, got)
            got = [got[0], got[1][:at] + got[1][at + 1 :]]
            cell = [cell[0], cell[1][:at] + cell[1][at + 1 :]]
        assert_observed(got, cell, f"{name}.{dtype}", rel_tol=2e-6, abs_tol=1e-6)


def test_gradients_of_complex_inputs_are_tensorflows():
    ours = _run("complex_gradients")
    assert_observed(
        ours, FIXTURE["programs"]["complex_gradients"], "complex_gradients", rel_tol=1e-5
    )
