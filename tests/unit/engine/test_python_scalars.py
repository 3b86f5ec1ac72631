"""A tensor meeting a Python number, list or numpy scalar in an operator or binary math
function, against what TF 1.x does with the same table (tests/reference/
tf1_python_scalars.py, fixture tf1_python_scalars.json): TF's TypeError at build is
graphgate's, and every value graphgate computes is TF's."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.reference.tf1_python_scalars import constants, table

FIXTURE = Path(__file__).parent / "fixtures" / "tf1_python_scalars.json"
DOCUMENT = json.loads(FIXTURE.read_text())
REFERENCE = DOCUMENT["cases"]
# Conversions TF makes that graphgate refuses by design (a clear DTYPE_MISMATCH naming
# the cause): a numpy value cast with loss (np.float32(2.5) into int8 is 2 in TF,
# np.int64(-1) into uint8 255). A Python number out of the dtype's range is TF's: an int
# wraps (2**40 into int32 is 0, -1 into uint8 255), a float overflows to inf.
LOSSY = {"VALUE_NOT_REPRESENTABLE", "FEED_DTYPE_MISMATCH"}
# Outside literal conversion, left as they are: TF 2's `&`, `|`, `^` on integers (bitwise)
# and `*` on bools (logical and); and the functions that convert a leading literal
# themselves (`div`, `multiply_no_nan`, `add_n`: ValueError where graphgate converts it
# with the tensor's dtype; small integers' Pow and `div` are pinned in
# test_small_int_ops.py).
NOT_COMPARED_OPS = {"&", "|", "^", "div", "math.multiply_no_nan", "math.add_n"}
NOT_COMPARED = {("*", "bool")}


def recorded(exc: Exception) -> dict:
    return {
        "classes": [c.__name__ for c in type(exc).__mro__],
        "code": getattr(exc, "code", None),
        "cause": (getattr(exc, "details", None) or {}).get("cause"),
    }


@pytest.fixture(scope="module")
def ours() -> dict:
    return table(gg, recorded)


def compared(case: str) -> bool:
    op, dtype = case.split(" ")[:2]
    return op not in NOT_COMPARED_OPS and (op, dtype) not in NOT_COMPARED


def literal_of(case: str) -> str:
    """The literal of "<op> <dtype> <literal> <side>" (a literal may hold spaces)."""
    return case.split(" ", 2)[2].rsplit(" ", 1)[0]


def same_value(theirs: list, mine: list) -> bool:
    if theirs[0] != mine[0]:
        return False
    if theirs[0] == "string" or np.dtype(theirs[0]).kind in "iub":
        return theirs[1] == mine[1]  # exactly: 2**60 + 1 read as 2**60 is close, and wrong
    return np.allclose(np.array(theirs[1]), np.array(mine[1]), rtol=1e-6, equal_nan=True)


def test_the_table_covers_operators_functions_dtypes_and_literals():
    assert len(REFERENCE) == 19780
    assert REFERENCE["+ int32 2.0 right"] == "TypeError"  # the motivating case


def test_tf_type_errors_at_build_are_graphgates(ours):
    wrong = [
        case
        for case, theirs in REFERENCE.items()
        if theirs == "TypeError"
        and compared(case)
        and not (isinstance(ours[case], dict) and "TypeError" in ours[case]["classes"])
    ]
    assert wrong == []


def test_every_value_graphgate_computes_is_tfs(ours):
    wrong = [
        case
        for case, mine in ours.items()
        if isinstance(mine, list)
        and compared(case)
        and not (
            same_value(REFERENCE[case], mine)
            if isinstance(REFERENCE[case], list)
            else REFERENCE[case].startswith("run:")  # TF's kernels: not this test's concern
        )
    ]
    assert wrong == []


def test_what_tf_accepts_graphgate_accepts_unless_lossy(ours):
    refused = [
        case
        for case, theirs in REFERENCE.items()
        if isinstance(theirs, list)
        and compared(case)
        and not isinstance(ours[case], list)
        and not (
            isinstance(ours[case], dict)
            and ours[case]["cause"] in LOSSY
            and literal_of(case).startswith("np.")
        )
    ]
    assert refused == []


def test_a_literal_of_another_kind_is_typeerror_with_tfs_message():
    x = gg.constant([3, 5])
    with pytest.raises(TypeError, match=r"Expected int32, but got 2.0 of type 'float'"):
        x + 2.0
    with pytest.raises(TypeError, match="Expected int32"):
        gg.maximum(x, [1, 2.5])
    # what TF accepts: an int into a float tensor, a bool into a number (1)
    sess = gg.Session()
    assert sess.run(gg.constant([1.5]) * 2).tolist() == [3.0]
    assert sess.run(x + True).tolist() == [4, 6]
    # a function's leading literal takes its own dtype, as TF's op functions convert
    with pytest.raises(TypeError):
        gg.add(2, gg.constant([1.5]))
    assert sess.run(2 + gg.constant([1.5])).tolist() == [3.5]  # the operator: the tensor's


def test_a_constant_of_a_literal_is_tfs():
    """`tf.constant(literal, dtype)`: TF's value (an int out of range wrapped, a float
    overflowed to inf), TF's TypeError, a refusal where TF refuses otherwise (OverflowError
    past 64 bits); a lossy numpy value is refused by design, as beside a tensor."""
    ours = constants(gg, recorded)
    wrong = []
    for case, theirs in DOCUMENT["constants"].items():
        mine = ours[case]
        if isinstance(theirs, list):
            ok = isinstance(mine, list) and same_value(theirs, mine)
            ok = ok or (
                isinstance(mine, dict)
                and mine["code"] in LOSSY
                and case.split(" ", 1)[1].startswith("np.")
            )
        elif theirs == "TypeError":
            ok = isinstance(mine, dict) and "TypeError" in mine["classes"]
        else:
            ok = isinstance(mine, dict)
        if not ok:
            wrong.append((case, theirs, mine))
    assert wrong == []


def test_an_int_out_of_range_wraps_as_in_tf():
    sess = gg.Session()
    assert sess.run(gg.constant([3, 5], gg.uint8) * -1).tolist() == [253, 251]
    assert sess.run(gg.constant([3, 5]) * 2**40).tolist() == [0, 0]
    assert sess.run(gg.constant(-1, gg.uint8)).tolist() == 255
    assert sess.run(gg.constant([1.0], gg.float16) + 1e6).tolist() == [np.inf]
    # a feed is no literal: out of range it stays refused, as numpy's conversion in TF's
    x = gg.placeholder(gg.uint8, [1])
    with pytest.raises(gg.errors.GraphgateError):
        sess.run(x, {x: [-1]})
