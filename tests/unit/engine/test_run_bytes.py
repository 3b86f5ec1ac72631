"""`Limits.max_run_bytes`: the bytes a run holds at once, from shapes, refused before any
step runs (`run_bytes.py`); a value sized by a value is charged as it is made."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate.plan import RunState
from graphgate.run_bytes import charge, held, uncharged_bytes
from tests.support import peak_allocation

MB = 1 << 20
VALUE = 4_000_000  # bytes of one [1000, 1000] float32


def _session(graph, budget):
    return gg.Session(graph, limits=gg.Limits(max_run_bytes=budget))


def _refused(session, fetch, feed=None):
    with pytest.raises(gg.ResourceExhaustedError) as info:
        session.run(fetch, feed)
    return info.value


def test_six_values_alive_at_once_are_refused_before_any_step_runs(graph):
    # GIVEN add_n of six [1000, 1000] float32 values, all alive when it runs (24 MB)
    ones = gg.ones([1000, 1000])
    total = gg.add_n([ones * float(i) for i in range(6)])
    # THEN a budget of 20 MB refuses the run, naming the step at the peak and the bytes
    with peak_allocation() as held:
        error = _refused(_session(graph, 20 * MB), total)
    assert held.bytes < MB
    assert error.code == "RUN_TOO_LARGE" and error.category == "RESOURCE_EXHAUSTED"
    assert error.details == {"bytes": 7 * VALUE, "limit": 20 * MB}
    assert error.node == total.op.inputs[5].op.name
    # AND a budget that holds the peak runs it
    assert _session(graph, 7 * VALUE).run(total)[0, 0] == 15.0


def test_a_chain_whose_values_die_in_turn_runs_within_the_same_budget(graph):
    # GIVEN six [1000, 1000] values made one after another, each read only by the next
    x = gg.ones([1000, 1000])
    for i in range(6):
        x = x * 2.0 + float(i)
    # THEN at most three are alive at once (the input, the product, the sum): 20 MB runs
    # the twelve values that add_n of six refuses under it
    session = _session(graph, 20 * MB)
    for _ in range(3):  # first run (interpreted), built steps, generated function
        assert session.run(x)[0, 0] == 121.0


def test_fed_values_count_from_the_start(graph):
    x = gg.placeholder(gg.float32, [None, None])
    y = gg.reduce_sum(x * 2.0)
    session = _session(graph, 10 * MB)
    assert session.run(y, {x: np.ones((1000, 1000), np.float32)}) == 2e6
    # the feed (8 MB) and its double (8 MB) are alive at once
    error = _refused(session, y, {x: np.ones((2000, 1000), np.float32)})
    assert error.code == "RUN_TOO_LARGE" and error.details["bytes"] == 16_000_000 + 4


def test_a_fed_value_of_a_static_shape_counts(graph):
    x = gg.placeholder(gg.float64, [1000, 1000])
    y = gg.reduce_sum(x + 1.0)
    error = _refused(_session(graph, 10 * MB), y, {x: np.zeros((1000, 1000))})
    assert error.code == "RUN_TOO_LARGE" and error.details["bytes"] == 16_000_008


def test_a_value_sized_step_is_charged_when_it_runs(graph):
    # GIVEN round 17's program: add_n of six fills of a fed shape
    dims = gg.placeholder(gg.int32, [2])
    total = gg.add_n([gg.fill(dims, float(i)) for i in range(6)])
    session = _session(graph, 20 * MB)
    # THEN small shapes run, and the same numbers as without a budget
    small = {dims: [10, 20]}
    assert np.array_equal(session.run(total, small), gg.Session(graph).run(total, small))
    # AND shapes whose fills pass the budget together stop at the fill that would pass it,
    # before it allocates (five fills of 4 MB are made)
    with peak_allocation() as held:
        error = _refused(session, total, {dims: [1000, 1000]})
    assert error.code == "RUN_TOO_LARGE"
    assert error.node == total.op.inputs[5].op.name
    assert error.details == {"bytes": 6 * VALUE + 8, "limit": 20 * MB}
    assert held.bytes < 6 * VALUE


def test_value_sized_values_in_sequence_are_released_as_they_die(graph):
    # GIVEN six value-sized values of 4 MB made one after another (linspace and fill of
    # a fed length), each read only by its sum, which the next one's length depends on
    n = gg.placeholder(gg.int32, [])
    total = gg.constant(0.0)
    for i in range(6):
        more = n + gg.cast(total * 0.0, gg.int32)  # 0, but known only after the last sum
        made = gg.lin_space(0.0, 1.0, more) if i % 2 else gg.fill(gg.stack([more]), 1.0)
        total = total + gg.reduce_sum(made)
    session = _session(graph, 10 * MB)
    # THEN 10 MB runs the 24 MB they make in turn, on every executor (first run, built
    # steps, generated function), with the numbers it gives without a budget
    want = gg.Session(graph).run(total, {n: 1_000_000})
    for _ in range(3):
        assert session.run(total, {n: 1_000_000}) == want
    # AND two alive at once are still charged together: their sum is refused
    both = gg.fill(gg.stack([n]), 1.0) + gg.lin_space(0.0, 1.0, n)
    assert _refused(session, gg.reduce_sum(both), {n: 1_000_000}).code == "RUN_TOO_LARGE"


def test_one_value_sized_tensor_over_the_budget_is_refused_before_it_is_made(graph):
    n = gg.placeholder(gg.int32, [])
    y = gg.reduce_sum(gg.fill(gg.stack([n, n]), 1.0))
    with peak_allocation() as held:
        error = _refused(_session(graph, 100 * MB), y, {n: 10_000})  # 400 MB
    assert error.code == "RUN_TOO_LARGE" and held.bytes < MB


def test_what_a_value_sized_step_feeds_is_checked_from_its_inputs(graph):
    # `ones(n) @ transpose(ones(n))`: the product is n² from two vectors of n
    n = gg.placeholder(gg.int32, [])
    v = gg.reshape(gg.fill(gg.stack([n]), 1.0), [-1, 1])
    y = gg.reduce_sum(gg.matmul(v, gg.transpose(v)))
    session = _session(graph, 10 * MB)
    assert session.run(y, {n: 100}) == 10_000.0
    with peak_allocation() as held:
        error = _refused(session, y, {n: 4000})  # a 64 MB product
    assert error.code == "RUN_TOO_LARGE" and error.node == y.op.inputs[0].op.name
    assert held.bytes < MB


def test_a_loop_body_making_a_value_sized_tensor_each_iteration_is_not_accumulated(graph):
    # GIVEN a loop whose body fills a fed size each of 100 iterations (1 MB each)
    n = gg.placeholder(gg.int32, [])

    def body(i, acc):
        return i + 1, acc + gg.reduce_sum(gg.fill(gg.stack([n]), 1.0))

    _, total = gg.while_loop(lambda i, acc: i < 100, body, [gg.constant(0), gg.constant(0.0)])
    # THEN a 4 MB budget runs it: each iteration's fill is checked, not summed
    assert _session(graph, 4 * MB).run(total, {n: 250_000}) == 25_000_000.0
    # AND one iteration's fill past the budget is refused
    assert _refused(_session(graph, 4 * MB), total, {n: 2_000_000}).code == "RUN_TOO_LARGE"


def _six_alive():
    """add_n of six [1000, 1000] float32 values, all alive when it runs (7 values at the
    peak: 28 MB); its sum's first element is 15."""
    ones = gg.ones([1000, 1000])
    return gg.add_n([ones * float(i) for i in range(6)])


def test_a_cond_branchs_values_count_beside_the_runs(graph):
    # GIVEN the six values alive at once inside a cond's branch (a bypass before: the
    # branch's values were not counted, so the run held 28 MB under a 20 MB budget)
    p = gg.placeholder(gg.bool, [])
    y = gg.cond(p, lambda: gg.reduce_sum(_six_alive()), lambda: gg.constant(0.0))
    # THEN the branch is refused as the same values outside a cond are, before it runs
    with peak_allocation() as held:
        error = _refused(_session(graph, 20 * MB), y, {p: True})
    assert error.code == "RUN_TOO_LARGE" and error.details["bytes"] > 20 * MB
    assert held.bytes < MB
    # AND the other branch runs, and a budget that holds the branch runs it
    assert _session(graph, 20 * MB).run(y, {p: False}) == 0.0
    assert _session(graph, 8 * VALUE).run(y, {p: True}) == 15e6


def test_a_loop_bodys_values_count_beside_the_runs(graph):
    def body(i, acc):
        return i + 1, acc + gg.reduce_sum(_six_alive())

    _, y = gg.while_loop(lambda i, acc: i < 2, body, [gg.constant(0), gg.constant(0.0)])
    with peak_allocation() as held:
        error = _refused(_session(graph, 20 * MB), y)
    assert error.code == "RUN_TOO_LARGE" and held.bytes < MB
    assert _session(graph, 8 * VALUE).run(y) == 30e6


def test_what_a_loop_keeps_for_its_gradient_is_charged_as_it_grows(graph):
    # GIVEN a 40-iteration loop whose gradient keeps each iteration's 1 MB values (a
    # bypass before: they were not counted, and the run held 80 MB under a 16 MB budget)
    w = gg.Variable(np.full(250_000, 0.5, np.float32))
    _, x = gg.while_loop(
        lambda i, x: i < 40, lambda i, x: (i + 1, gg.sin(x) * w), [0, gg.ones([250_000])]
    )
    grad = gg.gradients(gg.reduce_sum(x), w)[0]
    session = _session(graph, 16 * MB)
    session.run(w.initializer)
    # THEN the run stops at the iteration whose kept values would pass the budget
    with peak_allocation() as held:
        error = _refused(session, grad)
    assert error.code == "RUN_TOO_LARGE" and held.bytes < 16 * MB
    # AND a budget that holds them gives the numbers the run gives without one
    plain = gg.Session(graph)
    plain.run(w.initializer)
    roomy = _session(graph, 128 * MB)
    roomy.run(w.initializer)
    assert np.array_equal(roomy.run(grad), plain.run(grad))


BODIES = {
    "cond": lambda six: gg.cond(gg.constant(True), six, lambda: gg.constant(0.0)),
    "while": lambda six: gg.while_loop(
        lambda i, a: i < 1, lambda i, a: (i + 1, a + six()), [gg.constant(0), gg.constant(0.0)]
    )[1],
    "nested": lambda six: gg.cond(
        gg.constant(True),
        lambda: gg.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, six()), [0, 0.0])[1],
        lambda: gg.constant(0.0),
    ),
}


@pytest.mark.parametrize("body", sorted(BODIES))
@pytest.mark.parametrize("sized", ["by_value", "by_shape"])
def test_a_bodys_values_count_beside_what_its_run_holds(graph, body, sized):
    # Probe 19: a cond or loop body's values were not counted at all, so round 17's six
    # fills, moved into a branch, passed the budget (3.4 GB in a 2,048 MB function)
    n = gg.placeholder(gg.int32, [])

    def six():
        side = n if sized == "by_value" else 1000
        return gg.reduce_sum(gg.add_n([gg.fill([side, side], float(i)) for i in range(6)]))

    y = BODIES[body](six)
    # THEN 20 MB refuses the 28 MB the body would hold at once, before most are made
    with peak_allocation() as held:
        error = _refused(_session(graph, 20 * MB), y, {n: 1000})
    assert error.code == "RUN_TOO_LARGE" and error.details["bytes"] > 20 * MB
    assert held.bytes < 20 * MB
    # AND a budget that holds them runs it, again and again (the body's bytes are released)
    session = _session(graph, 29 * MB)
    for _ in range(3):
        assert session.run(y, {n: 1000}) == 15e6


def test_the_peak_is_inferred_once_per_set_of_fed_shapes(graph):
    x = gg.placeholder(gg.float32, [None])
    y = gg.reduce_sum(x * 2.0)
    session = _session(graph, 10 * MB)
    for _ in range(3):
        session.run(y, {x: np.ones(1000, np.float32)})
    (plan,) = [p for p in session._plans.values() if p.dynamic is not None]
    # (a value under plan.FREE_MIN_ELEMENTS is kept to the run's end, as the plan keeps it)
    assert list(plan.shape_cache.values()) == [(4004, y.op)]


def test_check_refuses_what_run_would(graph):
    x = gg.placeholder(gg.float32, [None])
    y = x * 2.0
    session = _session(graph, MB)
    with pytest.raises(gg.ResourceExhaustedError) as info:
        session.check(y, {x: np.ones(1_000_000, np.float32)})
    assert info.value.code == "RUN_TOO_LARGE"


def test_strings_are_charged_per_element(graph):
    x = gg.placeholder(gg.string, [None])
    y = gg.strings.join([x, x])
    session = _session(graph, 100_000)
    assert session.run(y, {x: [b"a"] * 10}).tolist() == [b"aa"] * 10
    error = _refused(session, y, {x: [b"a"] * 1000})  # 64 + 1 bytes each, fed and joined
    assert error.code == "RUN_TOO_LARGE" and error.details["bytes"] == 1000 * (65 + 64)


PROGRAMS = {
    "chain": lambda x: gg.reduce_sum(gg.tanh(x * 3.0 - 1.0) ** 2, axis=1),
    "matmul": lambda x: gg.matmul(x, gg.transpose(x)) + 1.0,
    "add_n": lambda x: gg.add_n([x * float(i) for i in range(4)]),
    "softmax": lambda x: gg.nn.softmax(gg.concat([x, -x], axis=1)),
    "fill": lambda x: gg.fill(gg.shape(x), 2.0) * x,
    "loop": lambda x: gg.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 1.5), [0, x])[1],
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_runs_under_the_budget_give_the_numbers_they_give_without_it(name):
    rng = np.random.default_rng(17)
    values = [rng.standard_normal((rows, 7)).astype(np.float32) for rows in (3, 50, 3)]
    answers = {}
    for budget in (None, 64 * MB):
        g = gg.Graph()
        with g.as_default():
            x = gg.placeholder(gg.float32, [None, 7])
            y = PROGRAMS[name](x)
        session = _session(g, budget)
        # first, built and generated runs, and a second set of fed shapes
        answers[budget] = [session.run(y, {x: v}) for v in values for _ in range(3)]
    for plain, budgeted in zip(answers[None], answers[64 * MB], strict=True):
        assert np.array_equal(plain, budgeted)


def test_a_queue_runners_enqueue_run_inside_a_run_counts_beside_it():
    # GIVEN a run holding 16 MB (four [1000, 1000] values) whose dequeue runs a queue
    # runner's enqueue, itself holding 12 MB, inside it (`Session.run_within`)
    with gg.Graph().as_default():
        ones = gg.ones([1000, 1000])
        q = gg.FIFOQueue(1, gg.float32, shapes=[[1000, 1000]])
        enqueue = q.enqueue(gg.add_n([ones * 1.0, ones * 2.0]))
        gg.train.add_queue_runner(gg.train.QueueRunner(q, [enqueue]))
        y = gg.add_n([ones * 3.0, ones * 4.0, ones * 5.0]) + q.dequeue()
        # THEN a budget that holds each alone but not both refuses the enqueue
        with gg.Session(limits=gg.Limits(max_run_bytes=20 * MB)) as sess:
            gg.train.start_queue_runners(sess)
            assert _refused(sess, y).code == "RUN_TOO_LARGE"
        # AND one that holds both and the queue's element runs it (the runs are charged
        # their peaks, and the queue its element)
        with gg.Session(limits=gg.Limits(max_run_bytes=10 * VALUE)) as sess:
            gg.train.start_queue_runners(sess)
            assert sess.run(y)[0, 0] == 15.0


BUFFERS = {
    "shuffle": lambda ds: ds.shuffle(60, seed=1),
    "batch": lambda ds: ds.batch(60),
    "cache": lambda ds: ds.take(60).cache().repeat(2),
}


@pytest.mark.parametrize("buffer", sorted(BUFFERS))
def test_a_datasets_buffer_counts_beside_what_its_run_holds(graph, buffer):
    # Probe 19: a shuffle buffer, a batch being built and a cache were held to the tensor
    # limit only: 60 elements of 4 MB filled under a 20 MB budget
    ds = gg.data.Dataset.range(100).map(lambda i: gg.fill([1000, 1000], gg.cast(i, gg.float32)))
    x = gg.reduce_sum(gg.data.make_one_shot_iterator(BUFFERS[buffer](ds)).get_next())
    session = _session(graph, 20 * MB)
    with peak_allocation() as held, pytest.raises(gg.ResourceExhaustedError) as info:
        for _ in range(60):  # a cache fills one element a run
            session.run(x)
    assert info.value.code == "RUN_TOO_LARGE" and info.value.details["limit"] == 20 * MB
    assert held.bytes < 30 * MB
    # AND a budget that holds it runs it
    assert _session(graph, 600 * MB).run(x) >= 0


def test_a_queues_elements_count_beside_what_its_run_holds(graph):
    # Probe 19: a queue's elements outlive the run that enqueued them, and were counted
    # nowhere: ten enqueues of 4 MB filled a queue under a 10 MB budget
    q = gg.FIFOQueue(capacity=50, dtypes=[gg.float32], shapes=[[1000, 1000]])
    n = gg.placeholder(gg.float32, [])
    enqueue, dequeue = q.enqueue([gg.fill([1000, 1000], n)]), q.dequeue()
    session = _session(graph, 10 * MB)
    session.run(enqueue, {n: 1.0})
    error = _refused(session, enqueue, {n: 2.0})
    assert error.code == "RUN_TOO_LARGE" and error.node == q.queue_ref.op.name
    # AND what a dequeue takes out is released: enqueue, dequeue, enqueue again
    assert session.run(dequeue)[0, 0] == 1.0
    session.run(enqueue, {n: 3.0})
    assert session.run(dequeue)[0, 0] == 3.0


def test_a_tensor_arrays_buffer_in_a_loop_body_counts_for_the_values_after_it(graph):
    # GIVEN a loop body that makes a TensorArray of a fed size (4 elements of 4 MB: 16 MB),
    # writes one element, then fills a fed shape while the array lives
    n = gg.placeholder(gg.int32, [])
    dims = gg.placeholder(gg.int32, [2])

    def body(i, acc):
        ta = gg.TensorArray(gg.float32, size=n).write(0, gg.ones([1000, 1000]))
        with gg.control_dependencies([ta.flow]):
            big = gg.fill(dims, 2.0)
        with gg.control_dependencies([big]):
            first = ta.read(0)
        return i + 1, acc + gg.reduce_sum(big) + gg.reduce_sum(first)

    _, total = gg.while_loop(lambda i, acc: i < 1, body, [0, 0.0])
    session = _session(graph, 40 * MB)
    # THEN a fill that fits beside the array runs (20 + 16 + the 4 MB read)
    assert session.run(total, {n: 4, dims: [5000, 1000]}) == 11_000_000.0
    # AND one that passes the budget only with the array counted is refused at the fill
    # (it was made: the array's buffer was checked as it grew, never charged)
    error = _refused(session, total, {n: 4, dims: [7000, 1000]})
    assert (error.code, error.node) == ("RUN_TOO_LARGE", "while/Fill")
    assert error.details["bytes"] >= 7 * VALUE + 4 * VALUE


def _chain():
    """Six [1000, 1000] float32 steps, each read only by the next: twelve values (48 MB)
    of which three are alive at once (12 MB)."""
    x = gg.ones([1000, 1000])
    for i in range(6):
        x = x * 2.0 + float(i)
    return x


def _batch_beside(x):
    """x's sum and a batch of four 1 MB rows built beside it (8 MB: rows and stack)."""
    rows = gg.data.Dataset.from_tensors(gg.ones([250, 1000]) * 2.0).repeat()
    batch = gg.data.make_one_shot_iterator(rows.batch(4, drop_remainder=True)).get_next()
    return gg.reduce_sum(x) + gg.reduce_sum(batch)


HOLDERS = {
    "enqueue": lambda x: gg.FIFOQueue(5, gg.float32, shapes=[[1000, 1000]]).enqueue(x),
    "batch": _batch_beside,
}


@pytest.mark.parametrize("holder", sorted(HOLDERS))
@pytest.mark.parametrize("budget", [20, 52, 56, 60])
def test_what_a_queue_or_buffer_holds_counts_beside_the_runs_peak_not_its_values_sum(
    graph, holder, budget
):
    # Review 39: a run whose values all fit the budget together was charged their sum
    # (48 MB), not its peak (12 MB), and a queue's element or a batch being built beside
    # it was refused under 52 to 60 MB, budgets over the ones (20 MB) that ran it
    fetch = HOLDERS[holder](_chain())
    session = _session(graph, budget * MB)
    for _ in range(3):
        session.run(fetch)


def test_a_queues_element_counts_beside_the_values_sized_by_a_value_alive(graph):
    # Review 39: a queue's check read the run's charge from shapes only, not the values
    # sized by a value alive beside it (a 12 MB fill of a fed size, while a 4 MB element
    # was enqueued beside one already queued: 24 MB passed a 20 MB budget)
    n = gg.placeholder(gg.int32, [])
    q = gg.FIFOQueue(5, gg.float32, shapes=[[1000, 1000]])
    big = gg.fill(gg.stack([n]), 1.0)
    enqueue = q.enqueue(gg.ones([1000, 1000]) * gg.reduce_sum(big[:1]))
    with graph.control_dependencies([enqueue]):
        y = gg.reduce_sum(big)
    session = _session(graph, 20 * MB)
    session.run(q.enqueue(gg.zeros([1000, 1000]) + 1.0))
    error = _refused(session, y, {n: 3_000_000})
    assert error.code == "RUN_TOO_LARGE" and error.node == q.queue_ref.op.name
    assert error.details["bytes"] > 20 * MB
    # AND with the fill small the element fits beside it
    assert session.run(y, {n: 1000}) == 1000.0


def test_a_loops_kept_value_sized_by_a_value_is_charged_once(graph):
    # Review 39: a value sized by a value that a loop keeps for its gradient was charged
    # twice, by its weak reference and as kept: ten iterations of a 1 MB fill needed a
    # 61 MB budget where the same loop of static shapes needs 32 MB
    n = gg.placeholder(gg.int32, [])
    w = gg.Variable(np.float32(0.5))

    def body(i, acc):
        return i + 1, acc + gg.reduce_sum(gg.sin(gg.fill(gg.stack([n]), 1.0) * w))

    _, acc = gg.while_loop(lambda i, a: i < 10, body, [gg.constant(0), gg.constant(0.0)])
    grad = gg.gradients(acc, w)[0]
    plain = gg.Session(graph)
    plain.run(w.initializer)
    session = _session(graph, 40 * MB)
    session.run(w.initializer)
    for _ in range(3):
        assert session.run(grad, {n: 250_000}) == plain.run(grad, {n: 250_000})
    # AND what it keeps still counts: a budget under the ten iterations' stops it
    small = _session(graph, 16 * MB)
    small.run(w.initializer)
    assert _refused(small, grad, {n: 250_000}).code == "RUN_TOO_LARGE"


@pytest.mark.parametrize("budget", [52, 76, 80, 84])
def test_a_tensor_arrays_buffer_counts_beside_the_runs_peak_not_its_values_sum(graph, budget):
    # Review 39: a TensorArray's buffer, checked as it is made, was checked beside the sum
    # of the run's values (76 MB) when they fitted together, not beside its peak (32 MB):
    # budgets of 76 to 84 MB refused what 52 MB ran
    ta = gg.TensorArray(gg.float32, size=3, element_shape=[1000, 1000])
    x = gg.ones([1000, 1000])
    for i in range(3):
        ta = ta.write(i, x * float(i))
    y = gg.reduce_sum(ta.stack())
    session = _session(graph, budget * MB)
    for _ in range(3):
        assert session.run(y) == 3e6


def _split_head(x):
    head, tail = gg.split(x, [1, 999])
    return head, gg.reduce_sum(tail)  # the tail read, so that it dies here too


_PARTS = {
    "strided_slice": lambda x: (x[:1], 0.0),
    "slice": lambda x: (gg.slice(x, [0, 0], [1, 1000]), 0.0),
    "split": _split_head,
}


@pytest.mark.parametrize("part", sorted(_PARTS))
def test_a_small_part_of_a_value_holds_its_own_bytes_not_the_values(graph, part):
    # GIVEN six 4 MB fills of which only one row each is kept to the end: the walk
    # releases each fill after its row is taken (4 MB alive at once, and the rows)
    value = gg.placeholder(gg.float32, [])
    parts = [_PARTS[part](gg.fill([1000, 1000], value + float(i))) for i in range(6)]
    rows, sums = zip(*parts, strict=True)
    total = gg.concat(rows, 0) + gg.add_n(list(sums)) * 0.0
    session = _session(graph, 10 * MB)
    # THEN the run holds what the walk counts: a row that was a view kept its whole fill
    # alive, 23 MB under a 10 MB budget
    for _ in range(3):  # first run (interpreted), built steps, generated function
        with peak_allocation() as held:
            out = session.run(total, {value: 1.0})
        assert held.bytes < 10 * MB
        assert out.shape == (6, 1000) and out[5, 999] == 6.0


def test_the_charge_is_summed_as_values_are_charged_and_taken_off_as_they_die():
    # What the run holds is a running sum, read at every check (a loop keeping a value
    # for its gradient checks once per iteration: summed anew each time, 8,000 iterations
    # took 25 s under a budget, 0.1 s without one)
    state = RunState({}, {}, max_bytes=MB)
    a, b = np.ones(1000), np.ones(500)
    charge(state, a)
    charge(state, (b, a))  # a charged again counts once
    assert held(state) == 12_000 and uncharged_bytes(state, [a, b, np.ones(2)]) == 16
    del a
    assert held(state) == 4_000  # taken off as it dies, not at the next check
    charge(state, np.float64(2.0))  # no weak reference: to the run's end
    del b
    assert held(state) == 8 and len(state.charged.entries) == 0


def test_a_string_outputs_text_counts_as_it_is_made(graph):
    # GIVEN six joins of 40,000 copies of a fed 100-byte word (4 MB of text each), the
    # walk counting each joined scalar 64 bytes
    word = gg.placeholder(gg.string, [])
    joins, lengths = [], []
    for i in range(6):  # each join's length read before the next join runs
        joins.append(gg.strings.reduce_join(gg.fill([40_000], word + str(i))))
        lengths.append(gg.strings.length(joins[-1]))
    session = _session(graph, 16 * MB)
    # THEN joins that die in turn run (a fill's text and its join alive at once)
    each = gg.add_n(lengths)
    assert session.run(each, {word: b"x" * 99}) == 24_000_000
    # AND six kept to the end are refused at the join that passes the budget, where they
    # ran holding 46 MB under it
    kept = gg.strings.length(gg.strings.join(joins))
    with peak_allocation() as held:
        error = _refused(session, kept, {word: b"x" * 99})
    assert error.code == "RUN_TOO_LARGE" and error.node.startswith("ReduceJoin")
    assert held.bytes < 16 * MB
    # AND a budget that holds them runs them
    assert _session(graph, 64 * MB).run(kept, {word: b"x" * 99}) == 24_000_000
