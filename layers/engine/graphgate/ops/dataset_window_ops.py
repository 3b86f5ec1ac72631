"""tf.data's windowing, grouping, scanning and sampling ops (`tf.data.experimental`).

`WindowDataset` gives datasets as elements (one per component, each a window of the
input), `GroupByWindowDataset` gathers elements by key into windows handed to a reduce
function, `ScanDataset` threads a state through a function, `RandomDataset` is TF's
stream of Philox words and `DirectedInterleaveDataset` reads from the input a selector
dataset names (`choose_from_datasets`, `sample_from_datasets`). Each follows the
iteration order of TF's kernel of the same name. The Python API is in `graphgate/data.py`.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..errors import GraphgateError, error
from ..graph import Operation
from ..plan import SUBGRAPH_KERNELS
from . import control_flow_ops as _cf
from . import philox
from .dataset_ops import (
    _CLOCK_EVERY,
    _FIRST,
    _SPEC_ATTRS,
    INFINITE,
    DatasetValue,
    ElementIterator,
    _arguments,
    _body_fn,
    _check_element,
    _check_filter,
    _dataset_op,
    _element_of,
    _expect,
    _Held,
    _runs_through_body,
    _SameCount,
    element_fn_kernel,
    variant,
)
from .registry import REQUIRED, not_differentiable, register_op


def _positive(value, what: str) -> int:
    n = int(value)
    if n <= 0:
        raise error("COMPUTE_ERROR", f"{what} must be greater than zero, but got {n}.")
    return n


class RowsValue(DatasetValue):
    """A dataset of elements already computed (a window, a group): each a list of arrays."""

    def __init__(self, rows: list):
        self.rows = rows

    def iterator(self):
        return _Rows(self.rows)


class _Rows(ElementIterator):
    def __init__(self, rows: list):
        self.rows, self.i = rows, 0

    def next(self, state):
        if self.i >= len(self.rows):
            return None
        self.i += 1
        return self.rows[self.i - 1]


def _dataset_arg_kernel(op):
    def kernel(value):
        if not isinstance(value, DatasetValue):
            raise error("COMPUTE_ERROR", f"{op.name} takes a dataset, got a tensor", node=op.name)
        return value

    return kernel


# A dataset handed to a function (a window, a group) arrives in its body as an object
# scalar, the only dtype a body's argument of that kind can have.
register_op(
    "DatasetArg",
    arity=1,
    infer=_expect("s", lambda attrs: [((), variant)]),
    stateful=True,
)(_dataset_arg_kernel)


# -- window ---------------------------------------------------------------------------------------


class WindowValue(DatasetValue):
    def __init__(self, child: DatasetValue, size, shift, stride, drop):
        self.child = child
        self.size = _positive(size, "Window size")
        self.shift = _positive(shift, "Window shift")
        self.stride = _positive(stride, "Window stride")
        self.drop = bool(drop)

    def iterator(self):
        return _Window(self, self.child.iterator())


class _Window(ElementIterator):
    """TF's: fill the buffer to (size - 1) * stride + 1 elements, take every stride-th,
    then drop `shift` elements (reading past the buffer when the shift is longer)."""

    def __init__(self, ds: WindowValue, it: ElementIterator):
        self.ds, self.it, self.buffer = ds, it, []
        self.held = _Held("window")

    def _read(self, state):
        e = self.it.next(state) if self.it is not None else None
        if e is None:
            self.it = None
        return e

    def next(self, state):
        ds, buf = self.ds, self.buffer
        target = (ds.size - 1) * ds.stride + 1
        while self.it is not None and len(buf) < target:
            e = self._read(state)
            if e is not None:
                self.held.add(e, state)
                buf.append(e)
        if not buf or (ds.drop and len(buf) < target):
            return None
        rows = buf[0 : len(buf) : ds.stride][: ds.size]
        if ds.shift >= len(buf):
            for k in range(ds.shift - len(buf)):
                if self._read(state) is None:
                    break
                if k % _CLOCK_EVERY == _CLOCK_EVERY - 1 and state.late():
                    raise error("DEADLINE_EXCEEDED", "the run exceeded its time budget in window")
            for e in buf:
                self.held.remove(e)
            buf.clear()
        else:
            for e in buf[: ds.shift]:
                self.held.remove(e)
            del buf[: ds.shift]
        return [RowsValue([[row[i]] for row in rows]) for i in range(len(rows[0]))]


_dataset_op("WindowDataset", 5, WindowValue, "diiib")


# -- random ---------------------------------------------------------------------------------------


class RandomValue(DatasetValue):
    """TF's RandomDataset: each pass the uint32 words of Philox keyed by (seed, seed2), as
    int64; both 0 draws seeds at random once."""

    def __init__(self, seed, seed2):
        seeds = (int(seed), int(seed2))
        if seeds == (0, 0):
            seeds = tuple(int(v) for v in np.random.SeedSequence().generate_state(2, np.uint64))
        self.seeds = seeds

    def iterator(self):
        return _Random(philox.WordStream(*self.seeds, 0))


class _Random(ElementIterator):
    def __init__(self, stream: philox.WordStream):
        self.stream = stream

    def next(self, state):
        return [np.array(int(self.stream.take(1)[0]), np.int64)]


_dataset_op("RandomDataset", 2, RandomValue, "i")


# -- directed interleave --------------------------------------------------------------------------


class DirectedValue(DatasetValue):
    def __init__(self, selector: DatasetValue, inputs: list, stop_on_empty: bool):
        self.selector, self.inputs, self.stop = selector, inputs, stop_on_empty

    def iterator(self):
        return _Directed(self)


class _Directed(ElementIterator):
    """TF's DirectedInterleave: the selector's next value names the input to read; an
    exhausted input is skipped (or ends all with `stop_on_empty_dataset`)."""

    def __init__(self, ds: DirectedValue):
        self.ds = ds
        self.selector = ds.selector.iterator()
        self.inputs = [d.iterator() for d in ds.inputs]
        self.active = len(self.inputs)

    def next(self, state):
        n = 0
        while self.selector is not None:
            chosen = self.selector.next(state)
            if chosen is None:
                self.selector = None
                break
            k = int(chosen[0])
            if not 0 <= k < len(self.inputs):
                raise error(
                    "COMPUTE_ERROR", f"Selector index out of range: {k} >= {len(self.inputs)}"
                )
            if self.inputs[k] is not None:
                e = self.inputs[k].next(state)
                if e is not None:
                    return e
                if self.ds.stop:
                    self.selector = None
                    break
                self.inputs[k] = None
                self.active -= 1
                if self.active == 0:
                    self.selector = None
                    break
            n += 1
            if n % _CLOCK_EVERY == 0 and state.late():
                raise error("DEADLINE_EXCEEDED", "the run exceeded its time budget in a selector")
        return None


def _directed_factory(op):
    stop = op.attrs.get("stop_on_empty_dataset", False)
    return lambda selector, *inputs: DirectedValue(selector, list(inputs), stop)


register_op(
    "DirectedInterleaveDataset",
    arity=(2, 1 << 30),
    infer=_expect("d"),
    attrs={"stop_on_empty_dataset": ("bool", False)},
    stateful=True,
    unknown_rank_ok=True,
)(_directed_factory)


# -- scan -----------------------------------------------------------------------------------------


class ScanValue(_SameCount, DatasetValue):
    """One element per element of `child` (TF's ScanDataset counts its input's)."""

    def __init__(self, child: DatasetValue, initial: list, fn, n_state: int):
        self.child, self.initial, self.fn, self.n_state = child, initial, fn, n_state

    def iterator(self):
        return _Scan(self)


class _Scan(ElementIterator):
    def __init__(self, ds: ScanValue):
        self.ds, self.it, self.state = ds, ds.child.iterator(), list(ds.initial)

    def next(self, state):
        e = self.it.next(state)
        if e is None:
            return None
        out = self.ds.fn(state, [*self.state, *e])
        n = self.ds.n_state
        self.state = [np.asarray(v) for v in out[:n]]
        return out[n:]


def _scan_kernel(op, exports, compile_body):
    # Its captures follow the initial state, so where they start is the op's own.
    if exports:
        raise error("INTERNAL_ERROR", f"{op.name} exports values of its function", node=op.name)
    body, n = op.attrs["f"], op.attrs["n_state"]
    plan = compile_body(body, [*body.args, *body.captures], body.outputs, body.targets)
    index = {t: i for i, t in enumerate(op.inputs[1 + n :])}
    picks = [index[t] for t in body.captures]
    element = _arguments(op, body, n)

    def kernel(d, *rest):
        initial, captured = rest[:n], rest[n:]
        caps = [captured[i] for i in picks]

        def step(st, values):
            return plan.call(st, [*values[:n], *element(values[n:]), *caps])

        return ScanValue(d, list(initial), step, n)

    return kernel


def _scan_first(op: Operation) -> int:
    return 1 + op.attrs["n_state"]


# -- group by window ------------------------------------------------------------------------------


class GroupValue(DatasetValue):
    def __init__(self, child: DatasetValue, reduce_fn):
        self.child, self.reduce_fn = child, reduce_fn

    def iterator(self):
        return _Group(self)


class _Group(ElementIterator):
    """TF's GroupByWindow over elements (key, window size, *components): a group reaching
    its window size (fixed when the group opens) is reduced and its dataset read to the
    end before the input is read on; at the input's end the groups left are reduced in
    ascending key order."""

    def __init__(self, ds: GroupValue):
        self.ds, self.it = ds, ds.child.iterator()
        self.groups: dict[int, list] = {}
        self.sizes: dict[int, int] = {}
        self.current: ElementIterator | None = None
        self.held = _Held("group_by_window's groups")

    def _flush(self, state, key: int) -> None:
        rows = self.groups.pop(key)
        self.sizes.pop(key)
        for row in rows:
            self.held.remove(row)
        out = self.ds.reduce_fn(state, [np.array(key, np.int64), RowsValue(rows)])
        self.current = out[0].iterator()

    def next(self, state):
        while True:
            if self.current is not None:
                e = self.current.next(state)
                if e is not None:
                    return e
                self.current = None
            if self.it is None:
                if not self.groups:
                    return None
                self._flush(state, min(self.groups))
                continue
            e = self.it.next(state)
            if e is None:
                self.it = None
                continue
            key, row = int(e[0]), e[2:]
            if key not in self.groups:
                self.sizes[key] = _positive(e[1], "Window size")
                self.groups[key] = []
            self.groups[key].append(row)
            self.held.add(row, state)
            if len(self.groups[key]) == self.sizes[key]:
                self._flush(state, key)


def _group_kernel(op, exports, compile_body):
    plan, picks, _ = _body_fn(op, exports, compile_body, "reduce_func")

    def kernel(d, *captured):
        caps = [captured[i] for i in picks]
        return GroupValue(d, lambda st, e: plan.call(st, [*e, *caps]))

    return kernel


def _check_scan(op: Operation) -> None:
    body, n = op.attrs["f"], op.attrs["n_state"]
    if n < 1 or len(body.args) <= n or len(body.outputs) <= n:
        raise error(
            "INVALID_DATASET",
            f"{op.name}'s function takes and returns the state and an element",
            node=op.name,
        )
    for a, b in zip(op.inputs[1 : 1 + n], body.outputs[:n], strict=True):
        if a.dtype != b.dtype:
            raise error("INVALID_DATASET", f"{op.name}'s new state has another dtype", node=op.name)


def _check_group(op: Operation) -> None:
    body = op.attrs["reduce_func"]
    if (
        len(body.args) != 2
        or body.args[0].dtype != _dt.int64
        or len(body.outputs) != 1
        or body.outputs[0].dtype != variant
    ):
        raise error(
            "INVALID_DATASET",
            f"{op.name}'s reduce function takes a key and a window and returns a dataset",
            node=op.name,
        )


register_op(
    "ScanDataset",
    arity=(2, 1 << 30),
    infer=_expect("d*"),
    attrs={"f": ("body", REQUIRED), "n_state": ("int", REQUIRED), "sparse_args": ("str", "")},
    stateful=True,
    unknown_rank_ok=True,
)(_runs_through_body)
SUBGRAPH_KERNELS["ScanDataset"] = _scan_kernel
_cf.register_body_holder("ScanDataset", _scan_first, _check_scan)

register_op(
    "GroupByWindowDataset",
    arity=(1, 1 << 30),
    infer=_expect("d*"),
    attrs={"reduce_func": ("body", REQUIRED)},
    stateful=True,
    unknown_rank_ok=True,
)(_runs_through_body)
SUBGRAPH_KERNELS["GroupByWindowDataset"] = _group_kernel
_FIRST["GroupByWindowDataset"] = 1
_cf.register_body_holder("GroupByWindowDataset", lambda op: 1, _check_group)

# -- take_while, ignore_errors, assert_cardinality, get_single_element ---------------------------


class TakeWhileValue(DatasetValue):
    """The elements before the first for which `fn` is false (TF's TakeWhileDataset)."""

    def __init__(self, child: DatasetValue, fn):
        self.child, self.fn = child, fn

    def iterator(self):
        return _TakeWhile(self.child.iterator(), self.fn)


class _TakeWhile(ElementIterator):
    def __init__(self, it: ElementIterator, fn):
        self.it, self.fn, self.done = it, fn, False

    def next(self, state):
        if self.done:
            return None
        e = self.it.next(state)
        if e is None or not self.fn(state, e)[0]:
            self.done = True
            return None
        return e


_take_while_kernel = element_fn_kernel(TakeWhileValue, "predicate")


register_op(
    "TakeWhileDataset",
    arity=(1, 1 << 30),
    infer=_expect("d*"),
    attrs={"predicate": ("body", REQUIRED), "sparse_args": ("str", "")},
    stateful=True,
    unknown_rank_ok=True,
)(_runs_through_body)
SUBGRAPH_KERNELS["TakeWhileDataset"] = _take_while_kernel
_FIRST["TakeWhileDataset"] = 1
_cf.register_body_holder("TakeWhileDataset", lambda op: 1, _check_filter)

# graphgate's own budgets (a run's time, its memory) end the run even under
# ignore_errors: they are no error of an element.
_NEVER_IGNORED = ("DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED")


class IgnoreErrorsValue(DatasetValue):
    """The elements of `child` whose computation did not fail (TF's IgnoreErrorsDataset:
    an element that fails is dropped and the pass goes on)."""

    def __init__(self, child: DatasetValue):
        self.child = child

    def iterator(self):
        return _IgnoreErrors(self.child.iterator())


class _IgnoreErrors(ElementIterator):
    def __init__(self, it: ElementIterator):
        self.it = it

    def next(self, state):
        n = 0
        while True:
            try:
                return self.it.next(state)
            except GraphgateError as exc:
                if exc.category in _NEVER_IGNORED:
                    raise
            n += 1
            if n % _CLOCK_EVERY == 0 and state.late():
                raise error(
                    "DEADLINE_EXCEEDED", "the run exceeded its time budget in ignore_errors"
                )


def _elements_text(n: int) -> str:
    # TF's ElementString.
    if n == INFINITE:
        return "an infinite number of elements"
    return f"{n} element" + ("" if n == 1 else "s")


class AssertCardinalityValue(DatasetValue):
    """`child`, failing the pass where it has other than `expected` elements (TF's
    AssertCardinalityDataset); its cardinality is `expected`."""

    def __init__(self, child: DatasetValue, expected):
        self.child, self.expected = child, int(expected)

    def cardinality(self) -> int:
        return self.expected

    def iterator(self):
        return _AssertCardinality(self.child.iterator(), self.expected)


class _AssertCardinality(ElementIterator):
    def __init__(self, it: ElementIterator, expected: int):
        self.it, self.expected, self.count = it, expected, 0

    def next(self, state):
        e = self.it.next(state)
        if e is not None:
            self.count += 1
        if e is None and self.count != self.expected:
            self._fail("only")
        if self.expected != INFINITE and self.count > self.expected:
            self._fail("at least")
        return e

    def _fail(self, how: str):
        raise error(
            "CARDINALITY_MISMATCH",
            f"Input dataset was expected to contain {_elements_text(self.expected)} but "
            f"contained {how} {_elements_text(self.count)}.",
        )


_dataset_op("IgnoreErrorsDataset", 1, IgnoreErrorsValue, "d", {"log_warning": ("bool", False)})
_dataset_op("AssertCardinalityDataset", 2, AssertCardinalityValue, "di")


@register_op(
    "DatasetToSingleElement",
    arity=1,
    infer=_expect("d", _element_of),
    attrs=_SPEC_ATTRS,
    stateful=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _single_element(op):
    specs = [(t.dtype.dtype, t.static_shape) for t in op.outputs]

    def kernel(state, dataset):
        it = dataset.iterator()
        element = it.next(state)
        if element is None:
            raise error("COMPUTE_ERROR", "Dataset was empty.")
        if it.next(state) is not None:
            raise error("COMPUTE_ERROR", "Dataset had more than one element.")
        _check_element(element, specs)
        return element[0] if len(specs) == 1 else element

    return kernel


not_differentiable(
    "DatasetArg",
    "WindowDataset",
    "RandomDataset",
    "DirectedInterleaveDataset",
    "ScanDataset",
    "GroupByWindowDataset",
    "TakeWhileDataset",
    "IgnoreErrorsDataset",
    "AssertCardinalityDataset",
    "DatasetToSingleElement",
)
