"""`py_func`, `numpy_function` and `py_function`: Python functions as graph nodes, for local
sessions only.

A hosted graph runs no user Python, so a graph holding one cannot be written as a document
(uploaded, stored, sent to a remote session) nor read from one: both raise
`PYTHON_FUNCTION`. The function itself stays in this process, keyed by graph and token,
never on the node (which holds only the token)."""

from __future__ import annotations

import functools
import itertools
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import GraphgateError, error
from ..graph import Graph, as_tensors, get_default_graph
from .registry import REQUIRED, not_differentiable, register_gradient, register_op

# The op types that call back into Python; serialization refuses them (tf.data's
# `Dataset.from_generator` makes a GeneratorDataset: ops/dataset_ops.py).
PYTHON_OP_TYPES = frozenset(("PyFunc", "EagerPyFunc", "GeneratorDataset"))

_FUNCTIONS: weakref.WeakKeyDictionary[Graph, dict[str, Callable]] = weakref.WeakKeyDictionary()
_tokens = itertools.count()


def refuse(node: str) -> GraphgateError:
    """The error for a document that would carry (or does carry) a Python function."""
    return error(
        "PYTHON_FUNCTION",
        "a graph holding py_func, numpy_function, py_function or Dataset.from_generator "
        "cannot be written or read as a document: hosted graphs run no user Python (run it "
        "in a local gg.Session)",
        node=node,
    )


def keep(graph: Graph, func: Callable) -> str:
    """Keep `func` for `graph`'s lifetime; the token a node holds to find it again."""
    token = f"pyfunc_{next(_tokens)}"
    _FUNCTIONS.setdefault(graph, {})[token] = func
    return token


def kept(graph: Graph, token: str) -> Callable | None:
    """The function kept under `token` for `graph`, or None (a graph read from a document)."""
    return _FUNCTIONS.get(graph, {}).get(token)


def _py_infer(shapes, types, attrs):
    return [(None, _dt.as_dtype(t)) for t in attrs["Tout"].split(",") if t]


class _EagerValue(np.ndarray):
    """An input of a `py_function`: an array that also answers `.numpy()`, as TF's eager
    tensors do."""

    def numpy(self) -> np.ndarray:
        return np.asarray(self)


def _py_func_argument(value: Any) -> Any:
    """What TF's py_func hands its function: a scalar as a numpy scalar (a string one as
    bytes), an array as a copy it may write to (TF's docs show it writing)."""
    a = np.asarray(value)
    if a.ndim == 0:
        return a.item() if a.dtype == object else a[()]
    return np.array(a)


def _kernel(eager: bool) -> Callable:
    def factory(op):
        fn = kept(op.graph, op.attrs["token"])
        if fn is None:
            raise refuse(op.name)
        outs = [o.dtype for o in op.outputs]

        def kernel(*args):
            if eager:
                args = tuple(np.array(a).view(_EagerValue) for a in args)
            else:
                args = tuple(_py_func_argument(a) for a in args)
            try:
                result = fn(*args)
            except (ValueError, TypeError) as exc:
                raise error("COMPUTE_ERROR", f"{type(exc).__name__}: {exc}", node=op.name) from None
            except NotImplementedError as exc:  # TF's py_func: UnimplementedError
                raise error("UNIMPLEMENTED", f"NotImplementedError: {exc}", node=op.name) from None
            except StopIteration as exc:  # TF's OutOfRangeError, a generator's end
                raise error("END_OF_SEQUENCE", f"StopIteration: {exc}", node=op.name) from None
            except Exception as exc:
                raise error(
                    "PYTHON_FUNCTION_FAILED", f"{type(exc).__name__}: {exc}", node=op.name
                ) from None
            return _outputs(op.name, result, outs, eager)

        return kernel

    return factory


def _outputs(name: str, result: Any, outs: list, eager: bool) -> Any:
    values = list(result) if isinstance(result, list | tuple) else [result]
    if result is None and not outs:  # a function run for its effects (TF's Tout=[])
        return ()
    if len(values) != len(outs):
        raise error("COMPUTE_ERROR", f"{name} returned {len(values)} values, expects {len(outs)}")
    converted = []
    for i, (v, dtype) in enumerate(zip(values, outs, strict=True)):
        # py_func is strict about the dtype it is given back, as TF's; py_function casts.
        a = np.asarray(v, dtype) if eager else np.asarray(v)
        if dtype == _dt.string and not eager:
            a = _strings(v, a)
        if a.dtype != dtype:
            raise error(
                "COMPUTE_ERROR",
                f"{i}-th value returned by {name} is {a.dtype.name}, but expects {dtype.name}",
            )
        converted.append(a)
    return converted[0] if len(converted) == 1 else tuple(converted)


def _strings(v: Any, a: np.ndarray) -> np.ndarray:
    """A string result as TF's py_func takes it: bytes as they are, a str UTF-8 encoded,
    an array of bytes, or one of ASCII str not 0-d, as one of bytes; anything else is left
    for the dtype check to refuse, as TF refuses a 0-d str array, a non-ASCII str array or
    a list mixing the two."""
    if isinstance(v, str):
        return np.asarray(v.encode("utf-8"), object)
    if a.dtype.kind == "U" and a.ndim and isinstance(v, np.ndarray):
        try:
            flat = [str(x).encode("ascii") for x in a.ravel()]
        except UnicodeEncodeError:
            return a
    elif a.dtype.kind == "S":
        flat = [bytes(x) for x in a.ravel()]
    else:
        return a
    out = np.empty(len(flat), object)
    out[:] = flat
    return out.reshape(a.shape)


_ATTRS = {"token": ("str", REQUIRED), "Tout": ("str", REQUIRED), "stateful": ("bool", True)}
for _type, _eager in (("PyFunc", False), ("EagerPyFunc", True)):
    register_op(
        _type,
        arity=(0, 1 << 30),
        infer=_py_infer,
        attrs=_ATTRS,
        stateful=True,
        unknown_rank_ok=True,
    )(_kernel(_eager))
not_differentiable("PyFunc")


@register_gradient("EagerPyFunc")
def _eager_py_func_grad(op, *grads):
    raise error(
        "NO_GRADIENT",
        f"graphgate cannot differentiate the Python function of {op.name} (TF uses a tape)",
        node=op.name,
    )


def _add(type_: str, func: Callable, inp: Any, Tout: Any, stateful: bool, name, default):
    single = not isinstance(Tout, list | tuple)
    dtypes = [_dt.as_dtype(t) for t in ([Tout] if single else Tout)]
    values = list(inp) if isinstance(inp, list | tuple) else [inp]
    graph, ts = as_tensors(*values) if values else (get_default_graph(), [])
    token = keep(graph, func)
    attrs = {"token": token, "Tout": ",".join(d.name for d in dtypes), "stateful": bool(stateful)}
    op = graph.create_op(type_, tuple(ts), attrs, name or default)
    if single:
        return op.outputs[0] if op.outputs else op
    # TF's generated wrapper returns the op itself when it has no outputs (Tout=[]).
    return list(op.outputs) if op.outputs else op


def py_func(func: Callable, inp: Any, Tout: Any, stateful: bool = True, name: str | None = None):
    """`func(*numpy arrays)` as a node (local sessions only; no gradient, as TF's)."""
    return _add("PyFunc", func, inp, Tout, stateful, name, "PyFunc")


def _decorator_or_none(op: Callable, op_name: str, func, inp, Tout, **kwargs):
    """TF 2's checks of `numpy_function`/`py_function`'s arguments, and with no `func` a
    decorator that calls `op` on the decorated function's arguments."""
    if Tout is None:
        raise TypeError(f"Missing required argument: 'Tout' (as a decorator: @{op_name}(Tout=))")
    if func is None:
        if inp is not None:
            raise TypeError(f"Don't set the `inp` argument when using {op_name} as a decorator")

        def decorator(fun: Callable) -> Callable:
            @functools.wraps(fun)
            def wrapper(*args):
                return op(fun, inp=args, Tout=Tout, **kwargs)

            return wrapper

        return decorator
    if inp is None:
        raise TypeError(f"Missing argument `inp`: set it, unless you use {op_name} as a decorator")
    return None


def numpy_function(func=None, inp=None, Tout=None, stateful=True, name=None):
    """`py_func` under its TF 2 name; with no `func`, a decorator (`@numpy_function(Tout=)`)."""
    decorator = _decorator_or_none(
        numpy_function, "tf.numpy_function", func, inp, Tout, stateful=stateful, name=name
    )
    if decorator is not None:
        return decorator
    return _add("PyFunc", func, inp, Tout, stateful, name, "PyFunc")


def py_function(func=None, inp=None, Tout=None, name=None):
    """`func` of arrays that answer `.numpy()`, results cast to `Tout` (local sessions only;
    differentiating it is NO_GRADIENT); with no `func`, a decorator, as TF 2's."""
    decorator = _decorator_or_none(py_function, "tf.py_function", func, inp, Tout, name=name)
    if decorator is not None:
        return decorator
    return _add("EagerPyFunc", func, inp, Tout, True, name, "EagerPyFunc")
