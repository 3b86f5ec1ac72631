"""The replay of TF's NaN sort order (topk_order) is Python and, with NaN placed against
it, quadratic: it must stop at the run's deadline, never run for hours."""

from __future__ import annotations

import time

import numpy as np
import pytest

import graphgate as gg
from graphgate.errors import GraphgateError
from graphgate.ops import topk_order
from tests.support import collector_paused


def against_the_insertion_pass(n: int) -> np.ndarray:
    """Descending values with NaN at the middle and the end: the median-of-three pivot
    is NaN, the partition only reverses the row, and the final insertion pass moves
    each of the second half's values across the whole first half."""
    values = -np.arange(n, dtype=np.float32)
    values[n // 2] = values[n - 1] = np.nan
    return values


def test_the_adversarial_row_is_quadratic_so_the_bound_matters():
    # GIVEN the row at 1,000 and 4,000 values, WHEN ordered as TF orders it
    def moves(n):
        count = 0
        values = against_the_insertion_pass(n).tolist()
        order = list(range(n))

        def less(i, j):
            nonlocal count
            count += 1
            return values[j] < values[i]

        topk_order.std_sort(order, less)
        return count

    # THEN 4x the values cost ~16x the comparisons
    assert moves(4000) > 12 * moves(1000)


@pytest.mark.parametrize(
    "op",
    [
        lambda x: gg.sort(-x),  # ascending: the replay sorts the negation descending
        lambda x: gg.argsort(x, direction="DESCENDING"),
        lambda x: gg.nn.top_k(x, 40_000)[1],
    ],
    ids=["sort", "argsort", "top_k-whole-row"],
)
def test_a_sort_of_a_row_of_nan_against_the_replay_stops_at_the_deadline(op):
    # GIVEN 40,000 values arranged against the replay (~20 s unbounded) fed to a run
    # with a 0.2 s budget
    x = gg.placeholder(gg.float32, [40_000])
    y = op(x)
    sess = gg.Session(limits=gg.Limits(run_timeout=0.2))
    feed = {x: against_the_insertion_pass(40_000)}
    # WHEN it runs, THEN the deadline stops it
    with collector_paused():
        started = time.process_time()
        with pytest.raises(GraphgateError) as info:
            sess.run(y, feed)
        took = time.process_time() - started
    assert info.value.code == "DEADLINE_EXCEEDED"
    assert took < 1.0


def test_a_sort_holding_nan_still_folds_and_runs_without_a_deadline():
    # GIVEN a constant row holding NaN (folded at compile time, no run state) and a fed one
    values = np.array([3.0, np.nan, 1.0, np.nan, 2.0], np.float32)
    x = gg.placeholder(gg.float32, [5])
    folded, fed = gg.argsort(gg.constant(values)), gg.nn.top_k(x, 5)[1]
    # WHEN both run, THEN both give the replayed order
    with gg.Session() as sess:
        a, b = sess.run([folded, fed], {x: values})
    expected = topk_order.full_row((-values).tolist())
    assert a.tolist() == expected
    assert b.tolist() == topk_order.full_row(values.tolist())


def test_a_sort_of_constants_still_gives_a_static_shape():
    # GIVEN a shape computed by sorting and top_k of constants, WHEN a reshape uses it,
    # THEN it is folded at build time (the run state the kernels take does not stop it)
    assert gg.reshape(gg.range(6), gg.sort(gg.constant([3, 2]))).shape.as_list() == [2, 3]
    k_shape = gg.nn.top_k(gg.constant([2, 3]), 2)[0]
    assert gg.reshape(gg.range(6), k_shape).shape.as_list() == [3, 2]
