"""What `tf.raw_ops`' wrappers with attributes share: TF's keyword-only form, and the
checks TF's op registry makes of an attribute's value before graphgate's public
function (the owner of the op, whose arguments are more forgiving: `strides=2` for
[1, 2, 2, 1]) sees it. A value TF refuses is refused with TF's class (TypeError for a
value of the wrong kind, ValueError for one outside the attribute's allowed values or
of the wrong length); a value TF computes and graphgate does not is UNIMPLEMENTED.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from . import dtypes as _dt
from .errors import error


def gg() -> Any:
    import graphgate  # loaded whole by the time a raw op is called

    return graphgate


def ints(op: str, attr: str, value: Any, length: int | None = None) -> list[int]:
    """A list(int) attribute: TypeError for a scalar or non-integers (TF's "Expected list
    for attr"), ValueError for the wrong length (TF's shape function)."""
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise error(
            "INVALID_ATTR",
            f"{op}: expected a list for attr {attr}, got {value!r}",
            also=(TypeError,),
        )
    try:
        items = [operator.index(v) for v in value]
    except TypeError:
        raise error(
            "INVALID_ATTR", f"{op}: attr {attr} takes integers, got {value!r}", also=(TypeError,)
        ) from None
    if length is not None and len(items) != length:
        raise error("INVALID_ATTR", f"{op} requires {attr} to have {length} values, got {items}")
    return items


def one_of(op: str, attr: str, value: Any, allowed: tuple[str, ...]) -> str:
    """A string attribute restricted to `allowed` (TF's OpDef), ValueError otherwise."""
    if not isinstance(value, str):
        raise error(
            "INVALID_ATTR", f"{op}: attr {attr} takes a string, got {value!r}", also=(TypeError,)
        )
    if value not in allowed:
        raise error("INVALID_ATTR", f"{op}: {attr} {value!r} is not in {list(allowed)}")
    return value


def dtype_in(op: str, attr: str, value: Any, allowed: tuple[Any, ...]) -> Any:
    """A type attribute restricted to `allowed`: TypeError otherwise, as TF's."""
    dtype = _dt.as_dtype(value)
    if dtype not in [_dt.as_dtype(a) for a in allowed]:
        raise error(
            "INVALID_ATTR", f"{op}: attr {attr} does not take {dtype.name}", also=(TypeError,)
        )
    return dtype


def unimplemented(op: str, what: str) -> Exception:
    return error("UNIMPLEMENTED", f"raw_ops.{op} with {what} is not supported")


def named(op_type: str, fn: Callable) -> Callable:
    """`fn` as TF's raw op `op_type` (its name in tracebacks and `__all__`)."""
    fn.__name__ = fn.__qualname__ = op_type
    fn.__doc__ = f"TF's `raw_ops.{op_type}`, built by the public function that owns it."
    return fn


def op_alone(op_type: str, inputs: tuple, attrs: dict, name: str | None) -> Any:
    """The op by itself, named as TF's raw op names it, where its public function builds
    it under a scope of its own (`einsum/Einsum`): the same registered op and kernel."""
    from .graph import as_tensors

    graph, ts = as_tensors(*inputs)
    return graph.create_op(op_type, tuple(ts), attrs, name or op_type).outputs[0]
