"""The minibatch schedule of a run over a dataset (docs/datasets.md): every epoch feeds
every row once in its documented order, positions follow from completed steps, and
the order is pinned, since clients reproduce runs from it."""

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from graphgate_service.dataset_feeds import Schedule


def schedule(rows, batch_size, epochs=3, shuffle=True, seed=7, drop_remainder=False):
    return Schedule("ds_0", rows, batch_size, epochs, shuffle, seed, drop_remainder, {"x": "x:0"})


def test_the_shuffled_order_is_numpys_frozen_random_state_stream():
    # RandomState([seed, epoch]) is frozen by numpy's compatibility policy; these values
    # are what the docs promise clients, so a change here breaks every reproduction.
    assert schedule(10, 4).order(0).tolist() == [0, 1, 5, 7, 6, 9, 4, 3, 2, 8]
    assert schedule(10, 4).order(1).tolist() == [9, 8, 5, 6, 2, 3, 7, 0, 1, 4]
    assert schedule(10, 4, shuffle=False).order(0) is None


@given(
    rows=st.integers(1, 300),
    batch_size=st.integers(1, 64),
    epochs=st.integers(1, 4),
    shuffle=st.booleans(),
    drop=st.booleans(),
)
def test_each_epoch_feeds_each_row_at_most_once_in_the_epochs_order(
    rows, batch_size, epochs, shuffle, drop
):
    plan = schedule(rows, batch_size, epochs, shuffle, 3, drop)
    assume(plan.steps > 0)  # no full batch: refused at submission (DATASET_TOO_SMALL)
    fed: dict[int, list[int]] = {}
    for step in range(plan.steps):
        epoch, start, stop = plan.rows_of(step)
        assert 0 < stop - start <= batch_size
        assert not drop or stop - start == batch_size
        order = plan.order(epoch)
        fed.setdefault(epoch, []).extend(
            (order[start:stop] if order is not None else np.arange(start, stop)).tolist()
        )
    assert sorted(fed) == list(range(epochs))
    for epoch, rows_fed in fed.items():
        expected = plan.order(epoch) if shuffle else np.arange(rows)
        kept = rows - rows % batch_size if drop else rows
        assert rows_fed == expected[:kept].tolist()


def test_the_position_names_the_next_batch_and_the_end():
    plan = schedule(90, 7, epochs=6, seed=5)  # 13 batches an epoch, the last of 6 rows
    assert plan.steps_per_epoch == 13 and plan.steps == 78
    assert plan.position(0) == {"epoch": 0, "offset": 0, "seed": 5}
    assert plan.position(50) == {"epoch": 3, "offset": 77, "seed": 5}
    assert plan.position(78) == {"epoch": 6, "offset": 0, "seed": 5}
    assert schedule(90, 7, drop_remainder=True).steps_per_epoch == 12


def test_a_schedule_survives_its_record():
    plan = schedule(90, 7, epochs=6, seed=5, drop_remainder=True)
    assert Schedule.from_record(plan.record()) == plan


def test_a_chunk_of_steps_holds_at_most_chunk_bytes_of_rows():
    from graphgate_service.dataset_feeds import CHUNK_BYTES

    small = Schedule("ds_0", 10_000, 32, 1, False, 0, False, {"x": "x:0"}, row_bytes=260)
    assert small.chunk(25) == 25
    large = Schedule("ds_0", 10_000, 4096, 1, False, 0, False, {"x": "x:0"}, row_bytes=4 * 3072)
    assert large.chunk(25) == CHUNK_BYTES // (4096 * 4 * 3072) == 2
    huge = Schedule("ds_0", 10_000, 10_000, 1, False, 0, False, {"x": "x:0"}, row_bytes=20_000)
    assert huge.chunk(25) == 1  # one step always runs
