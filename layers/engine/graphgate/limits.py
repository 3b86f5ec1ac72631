"""Limits checked before work: graph size, tensor size, feed size, a kernel's working
memory, wall-clock per run.

The library a user imports has none by default, as TensorFlow has none: a 300,000-node
graph built by a Python loop runs. Whoever hosts the engine (the service) asks for its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .errors import GraphgateError, error


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits; `None` (every field's default) switches one off.

    Parameters
    ----------
    max_nodes:
        Nodes per graph, checked when a document is loaded and when a plan is compiled.
    max_tensor_elements:
        Elements of any one tensor, checked from static shapes before anything is
        allocated (and from the shapes of the feeds when a shape has unknown dimensions).
        Times 8 bytes, it also bounds what an image decoder holds while it decodes.
    max_constant_bytes:
        Bytes of all constants of a graph together.
    max_feed_bytes:
        Bytes of the values fed to one run together.
    run_timeout:
        Wall-clock seconds per run. Checked every `check_interval` nodes and after every
        node that may be slow, so a run overshoots by at most one such node.
    check_interval:
        How many cheap nodes may run between two clock readings.
    max_loop_iterations:
        Iterations of any one `while_loop` per run (the deadline is read every iteration
        too). None, the library's default, lets a loop run as long as its condition holds.
    max_run_bytes:
        Bytes of the values one run holds at once (`run_bytes.py`): the peak over its
        steps of the live values' bytes, from the shapes the plan infers, refused before
        any step runs; a value sized by a value is charged as it is made. None, the
        library's default as TF has none, holds whatever the machine allows.
    """

    max_nodes: int | None = None
    max_tensor_elements: int | None = None
    max_constant_bytes: int | None = None
    max_feed_bytes: int | None = None
    run_timeout: float | None = None
    check_interval: int = 64
    max_loop_iterations: int | None = None
    max_run_bytes: int | None = None

    @classmethod
    def unlimited(cls) -> Limits:
        return cls()

    def deadline_from(self, now: float, timeout: float | None) -> float:
        budgets = [t for t in (timeout, self.run_timeout) if t is not None]
        return now + min(budgets) if budgets else math.inf


DEFAULT_LIMITS = Limits()


def tensor_too_large(op: Any, shape: tuple, n: int, limit: int) -> GraphgateError:
    """TENSOR_TOO_LARGE for an output of `op` of `shape` (`n` elements over
    `max_tensor_elements`), whether a document's load, a plan or a run's fed shapes found
    it: one wording and one set of details for all three."""
    return error(
        "TENSOR_TOO_LARGE",
        f"{op.type} would produce a tensor of shape "
        f"{list(shape)} ({n} elements), more than the limit of {limit}",
        node=op.name,
        details={"shape": list(shape), "elements": n, "limit": limit},
    )


# What a string (or other object) element is taken to hold for `max_run_bytes`: a
# pointer and a Python `bytes` object's header (8 + 33 bytes) and a short text. An
# estimate, not a bound: shapes do not tell a string's length (a fed one's is counted).
STRING_ELEMENT_BYTES = 64


def element_bytes(dtype: Any) -> int:
    """The bytes one element of a tensor of `dtype` (a graphgate DType) is charged."""
    np_dtype = dtype.dtype
    return STRING_ELEMENT_BYTES if np_dtype.kind == "O" else np_dtype.itemsize


def run_too_large(op: Any, nbytes: int, limit: int) -> GraphgateError:
    """RUN_TOO_LARGE: the values a run would hold at once at `op` (its outputs made, and
    every value still to be read) pass `max_run_bytes`."""
    return _run_too_large(nbytes, limit, f"when {op.type} {op.name!r} runs", op.name)


def _run_too_large(nbytes: int, limit: int, at: str, node: str | None) -> GraphgateError:
    return error(
        "RUN_TOO_LARGE",
        f"the run would hold {nbytes} bytes of values at once {at}, more than the limit of {limit}",
        node=node,
        details={"bytes": nbytes, "limit": limit},
    )


def check_held_beside(state: Any, nbytes: int, at: str, node: str | None = None) -> None:
    """Refuse what a queue or a tf.data buffer would hold, `nbytes` in all, if it and what
    the run holds (`state.held()`) pass the run's `max_run_bytes` (none outside a run):
    RUN_TOO_LARGE, `at` saying where ("as its shuffle buffer fills")."""
    limit = getattr(state, "max_bytes", None)
    if limit is None:
        return
    total = state.held() + nbytes
    if total > limit:
        raise _run_too_large(total, limit, at, node)


def check_value_bytes(state: Any, op: Any, nbytes: int) -> None:
    """For a value whose size is known only as the run goes (sized by a value): refuse
    it, before it is made, if it and what the run holds already (`state.held()`) would
    pass the run's `max_run_bytes`."""
    limit = state.max_bytes
    if limit is None:
        return
    total = state.held() + nbytes
    if total > limit:
        raise run_too_large(op, total, limit)


def deadline_exceeded(op: Any) -> GraphgateError:
    """DEADLINE_EXCEEDED at `op`: the plan's between nodes, a long kernel's between the
    bands it works in."""
    return error(
        "DEADLINE_EXCEEDED",
        "the run exceeded its time budget; run it asynchronously or raise the timeout",
        node=op.name,
        details={"retry": "asynchronous"},
    )


def tensor_bytes(value: Any) -> int:
    """The bytes an array holds: a string tensor's are its strings' (an object array's
    `nbytes` counts pointers), so the byte limits bound strings too."""
    if getattr(value, "dtype", None) is not None and value.dtype.kind == "O":
        return sum(len(v) for v in value.reshape(-1) if isinstance(v, bytes))
    return int(getattr(value, "nbytes", 0))


def check_string_bytes(state: Any, op: Any, n: int) -> None:
    """For a kernel about to write `n` bytes of strings (a join, a rewrite): a string
    tensor's bytes count against `max_tensor_elements`, checked before they are made, so
    a string doubled in a loop or joined across a tiled tensor stops at the limit."""
    limit = state.max_elements
    if limit is not None and n > limit:
        raise error(
            "TENSOR_TOO_LARGE",
            f"{op.type} would produce {n} bytes of strings, more than the limit of {limit}",
            node=op.name,
            details={"bytes": n, "limit": limit},
        )


def check_run_time_size(state: Any, op: Any, shape: tuple) -> None:
    """For a kernel whose output size is a value, not a static shape (`eye` of a tensor,
    `bincount`): refuse it past the run's `max_tensor_elements` before allocating. Such
    an op registers with `needs_state=True` and calls this with the run state."""
    limit = state.max_elements
    n = 1
    for d in shape:
        n *= int(d)
    if limit is not None and n > limit:
        raise tensor_too_large(op, shape, n, limit)
    if getattr(state, "max_bytes", None) is not None:
        check_value_bytes(state, op, n * element_bytes(op.outputs[0].dtype))


# A kernel may hold as many bytes as the largest tensor a run allows holds: its
# `max_tensor_elements` elements of the widest (8-byte) numeric dtype.
WORKING_BYTES_PER_ELEMENT = 8


def check_working_bytes(state: Any, op: Any, nbytes: int) -> None:
    """For a kernel whose working memory is out of proportion to its output (an image
    decoder's coefficients under a `ratio` or a crop window): refuse it, before anything
    is allocated, past the bytes of the largest tensor the run allows."""
    if state.max_elements is None:
        return
    limit = state.max_elements * WORKING_BYTES_PER_ELEMENT
    if nbytes > limit:
        raise error(
            "TENSOR_TOO_LARGE",
            f"{op.type} would hold {nbytes} bytes while it runs, more than the {limit} "
            "bytes of the largest tensor the run allows",
            node=op.name,
            details={"bytes": nbytes, "limit": limit},
        )
