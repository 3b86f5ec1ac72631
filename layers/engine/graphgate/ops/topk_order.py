"""The order TensorFlow's CPU TopKV2 kernel gives a row holding NaN, when k is the whole
row (`tf.sort`, `tf.argsort` and `top_k(x, n)` all land there).

TF's kernel (`topk_op.cc`) then sorts the row's indices with libstdc++'s `std::sort` and
puts each run of equal values back in index order. With a strict weak order that is the
stable descending order numpy gives faster. NaN compares false both ways, so where a NaN
lands depends on which comparisons the sort happens to make: here are libstdc++'s
introsort steps, comparison for comparison (checked against TF on random rows of 2 to 100
values). For 1 < k < n TF keeps a heap instead, replayed by `heap_top`.
"""

from __future__ import annotations

from collections.abc import Callable

_THRESHOLD = 16  # libstdc++'s _S_threshold: below it introsort leaves runs to insertion
# Element moves of the final insertion pass between two clock readings. NaN breaks the
# guarantee that pass relies on (every element within 16 of its place), so a row of n
# takes up to n^2/4 moves: 16,000 values descending with two NaN took 3.3 s, 1e6 hours.
_MOVES_PER_CHECK = 1 << 16

Less = Callable[[int, int], bool]
Late = Callable[[], None]


def never() -> None:
    """The `late` of a sort with no deadline (constant folding, outside a run)."""


def _adjust_heap(a: list, hole: int, n: int, value: int, less: Less) -> None:
    top, child = hole, hole
    while child < (n - 1) // 2:
        child = 2 * (child + 1)
        if less(a[child], a[child - 1]):
            child -= 1
        a[hole] = a[child]
        hole = child
    if n % 2 == 0 and child == (n - 2) // 2:
        child = 2 * (child + 1)
        a[hole] = a[child - 1]
        hole = child - 1
    _push_heap(a, hole, top, value, less)


def _push_heap(a: list, hole: int, top: int, value: int, less: Less) -> None:
    parent = (hole - 1) // 2
    while hole > top and less(a[parent], value):
        a[hole] = a[parent]
        hole = parent
        parent = (hole - 1) // 2
    a[hole] = value


def _make_heap(a: list, lo: int, hi: int, less: Less) -> None:
    n = hi - lo
    if n < 2:
        return
    view = a[lo:hi]
    for parent in range((n - 2) // 2, -1, -1):
        _adjust_heap(view, parent, n, view[parent], less)
    a[lo:hi] = view


def _pop_heap_to(a: list, n: int, result: int, less: Less) -> None:
    """libstdc++'s __pop_heap over a[0:n]: the top goes to `result`, whose value sinks in."""
    value = a[result]
    a[result] = a[0]
    _adjust_heap(a, 0, n, value, less)


def _sort_heap(a: list, lo: int, hi: int, less: Less) -> None:
    view = a[lo:hi]
    for last in range(len(view) - 1, 0, -1):
        _pop_heap_to(view, last, last, less)
    a[lo:hi] = view


def _insertion_sort(a: list, lo: int, hi: int, less: Less) -> None:
    for i in range(lo + 1, hi):
        val = a[i]
        if less(val, a[lo]):
            a[lo + 1 : i + 1] = a[lo:i]
            a[lo] = val
        else:
            _linear_insert(a, i, less)


def _linear_insert(a: list, last: int, less: Less) -> int:
    """libstdc++'s __unguarded_linear_insert; returns how far the element moved."""
    val, start = a[last], last
    # Unguarded in libstdc++; the bound only stops a comparison that is no order at all
    # from running off the row, where TF's would read past it.
    while last > 0 and less(val, a[last - 1]):
        a[last] = a[last - 1]
        last -= 1
    a[last] = val
    return start - last


def _median_to_first(a: list, result: int, x: int, y: int, z: int, less: Less) -> None:
    if less(a[x], a[y]):
        if less(a[y], a[z]):
            pick = y
        elif less(a[x], a[z]):
            pick = z
        else:
            pick = x
    elif less(a[x], a[z]):
        pick = x
    elif less(a[y], a[z]):
        pick = z
    else:
        pick = y
    a[result], a[pick] = a[pick], a[result]


def _partition(a: list, first: int, last: int, pivot: int, less: Less) -> int:
    while True:
        while first < last and less(a[first], a[pivot]):
            first += 1
        last -= 1
        while last > pivot and less(a[pivot], a[last]):
            last -= 1
        if not first < last:
            return first
        a[first], a[last] = a[last], a[first]
        first += 1


def _introsort_loop(a: list, lo: int, hi: int, depth: int, less: Less, late: Late) -> None:
    while hi - lo > _THRESHOLD:
        late()  # each step partitions hi - lo elements
        if depth == 0:
            _make_heap(a, lo, hi, less)
            _sort_heap(a, lo, hi, less)
            return
        depth -= 1
        _median_to_first(a, lo, lo + 1, lo + (hi - lo) // 2, hi - 1, less)
        cut = _partition(a, lo + 1, hi, lo, less)
        _introsort_loop(a, cut, hi, depth, less, late)
        hi = cut


def std_sort(a: list, less: Less, late: Late = never) -> None:
    """libstdc++'s std::sort (introsort, then insertion sort), in place; `late()` raises
    once the run's deadline is past."""
    n = len(a)
    if n < 2:
        return
    _introsort_loop(a, 0, n, 2 * (n.bit_length() - 1), less, late)
    if n > _THRESHOLD:
        _insertion_sort(a, 0, _THRESHOLD, less)
        moves = 0
        for i in range(_THRESHOLD, n):
            moves += _linear_insert(a, i, less) + 1
            if moves > _MOVES_PER_CHECK:
                late()
                moves = 0
    else:
        _insertion_sort(a, 0, n, less)


def full_row(values: list, late: Late = never) -> list[int]:
    """TF's order of a whole row (k == n): std::sort by value descending, then each run
    of equal values put back in index order."""
    order = list(range(len(values)))
    std_sort(order, lambda i, j: values[j] < values[i], late)
    start = 0
    while start < len(order) - 1:
        end = start + 1
        if values[order[start]] == values[order[end]]:
            while end < len(order) and values[order[start]] == values[order[end]]:
                end += 1
            order[start:end] = sorted(order[start:end])
        start = end
    return order


def heap_top(values: list, k: int, ordered: bool, late: Late = never) -> list[int]:
    """TF's `top_k` for 1 < k < n: its gtl::TopN heap after every column was pushed in
    order, as it stands (`sorted=False`) or put in order by std::sort_heap (`sorted`).
    The first k + 1 columns are heapified and the worst dropped; later, a column better
    than the worst kept (the heap's front) replaces it: the heap of k is popped (the worst
    to its last slot), the column put in that slot and pushed. "Better" is TF's stable
    comparison: a larger value, or an equal one at a lower index."""

    def better(a: int, b: int) -> bool:
        va, vb = values[a], values[b]
        if vb < va:
            return True
        if vb > va:
            return False
        return a < b

    heap = list(range(k + 1))
    _make_heap(heap, 0, k + 1, better)
    _pop_heap_to(heap, k, k, better)
    for c in range(k + 1, len(values)):
        if c % _MOVES_PER_CHECK == 0:
            late()
        if better(c, heap[0]):
            _pop_heap_to(heap, k - 1, k - 1, better)
            heap[k - 1] = c
            _push_heap(heap, k - 1, 0, c, better)
    heap = heap[:k]
    if ordered:
        _sort_heap(heap, 0, k, better)
    return heap


def queue_order(values: list):
    """The order a std::priority_queue whose comparison is `values[a] < values[b]` (no
    tie-break) pops the indices 0..n-1 pushed in order: libstdc++'s push_heap and
    pop_heap, which leave equal values in an order of their own (TF's
    CombinedNonMaxSuppression keeps its candidates so). A generator: NMS stops early."""

    def less(a: int, b: int) -> bool:
        return values[a] < values[b]

    heap: list[int] = []
    for i in range(len(values)):
        heap.append(i)
        _push_heap(heap, i, 0, i, less)
    while heap:
        yield heap[0]
        _pop_heap_to(heap, len(heap) - 1, len(heap) - 1, less)
        heap.pop()
