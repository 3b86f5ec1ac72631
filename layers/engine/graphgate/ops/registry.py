"""The op registry: one entry per TensorFlow op type ("Add", "MatMul", ...).

Each entry declares how many inputs the op takes, its attributes (for the wire format),
its shape/dtype inference, a kernel factory (numpy), its gradient and its flags. Entries are
added with the explicit `@register_op` decorator by the op-family modules; gradients with
`@register_gradient`, ops without one with `not_differentiable`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error

REQUIRED = object()
VARIADIC = 1 << 30

# The attribute kinds an op may declare, each with how the wire format writes it: the one
# table of them. `register_op` accepts only these, serialization.py has one encoder and one
# decoder per kind (a test holds the two to this table), and docs/wire-format.md lists
# this table (a test keeps it in step).
ATTR_KINDS: dict[str, str] = {
    "dtype": 'a datatype name (`"FP32"`)',
    "shape": "a list of non-negative ints and nulls (null for an unknown dimension)",
    "tensor": "a tensor object",
    "int": "an integer",
    "float": 'a number, or `"NaN"`, `"Infinity"` or `"-Infinity"`',
    "bool": "`true` or `false`",
    "str": "a string",
    "ints": "a list of integers",
    "floats": 'a list of numbers (`"NaN"`, `"Infinity"`, `"-Infinity"` too)',
    "axes": "an integer or a list of integers",
    "index": 'a list of slice items: ints, `{"start", "stop", "step"}` objects (null for '
    'omitted), `"..."` or `"newaxis"`',
    "pads": "`[[before, after], ...]`",
    "splits": "an integer (a number of equal parts) or a list of integers (sizes)",
    "seed": "an integer",
    "body": "an object with lists `nodes`, `args`, `outputs` (and `targets`) naming nodes",
}


class InferenceError(Exception):
    """Raised by an inference function; the graph adds the node's name."""

    def __init__(self, code: str, message: str, **details: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


class OpDef:
    """What the engine knows about one op type."""

    __slots__ = (
        "arity",
        "attrs",
        "differentiable",
        "grad",
        "heavy",
        "infer",
        "kernel",
        "needs_state",
        "ref_input",
        "side_effects",
        "stateful",
        "type",
        "unknown_rank_ok",
    )

    def __init__(
        self,
        type_,
        arity,
        attrs,
        infer,
        kernel,
        *,
        stateful,
        side_effects,
        needs_state,
        unknown_rank_ok,
        heavy,
        ref_input,
    ):
        self.type = type_
        self.arity = arity
        self.attrs = attrs
        self.infer = infer
        self.kernel = kernel
        self.grad: Callable | None = None
        self.differentiable = True
        self.stateful = stateful
        self.side_effects = side_effects
        self.needs_state = needs_state
        self.unknown_rank_ok = unknown_rank_ok
        self.heavy = heavy
        self.ref_input = ref_input

    def __repr__(self) -> str:
        return f"<OpDef {self.type}>"


REGISTRY: dict[str, OpDef] = {}


def known(op_type: str) -> OpDef | None:
    """The definition of `op_type`, or None if no op family registers it. `import graphgate`
    leaves most families unloaded until a program first names them; a graph read from a
    document, a GraphDef or built by type name (TF1's `Graph.create_op`) names them by
    type instead, so a type not yet registered loads every family once and looks again
    (a stored graph resizing an image was UNKNOWN_OP in a fresh process)."""
    definition = REGISTRY.get(op_type)
    if definition is None and not _every_family_loaded:
        _load_every_family()
        definition = REGISTRY.get(op_type)
    return definition


_every_family_loaded = False


def _load_every_family() -> None:
    global _every_family_loaded
    import importlib
    import pkgutil

    from .. import ops

    for module in pkgutil.iter_modules(ops.__path__):
        importlib.import_module(f"{ops.__name__}.{module.name}")
    for module in _FAMILIES_OUTSIDE_OPS:
        importlib.import_module(module)
    _every_family_loaded = True


# Modules outside graphgate/ops that register op types.
_FAMILIES_OUTSIDE_OPS = ("graphgate.metrics", "graphgate.summary")


def register_op(
    type_: str,
    *,
    arity: int | tuple[int, int],
    infer: Callable,
    attrs: dict[str, tuple[str, Any]] | None = None,
    stateful: bool = False,
    side_effects: bool = False,
    needs_state: bool = False,
    unknown_rank_ok: bool = False,
    heavy: bool = False,
    ref_input: bool = False,
) -> Callable:
    """Register the decorated kernel factory `f(op) -> callable` as op type `type_`.

    `infer(shapes, dtypes, attrs)` returns one `(shape, dtype)` per output. `stateful` ops
    are never folded or merged; `side_effects` ops (updates) are never fed; `needs_state`
    kernels receive the run state as first argument; `heavy` ops get a clock check after them;
    `ref_input` ops take a variable as first input by reference (its value is not read).
    """
    if isinstance(arity, int):
        arity = (arity, arity)
    for kind, _ in (attrs or {}).values():
        assert kind in ATTR_KINDS, kind

    def decorate(factory: Callable) -> Callable:
        if type_ in REGISTRY:
            raise ValueError(f"op type {type_} registered twice")
        REGISTRY[type_] = OpDef(
            type_,
            arity,
            dict(attrs or {}),
            infer,
            factory,
            stateful=stateful,
            side_effects=side_effects,
            needs_state=needs_state,
            unknown_rank_ok=unknown_rank_ok,
            heavy=heavy,
            ref_input=ref_input,
        )
        return factory

    return decorate


def register_gradient(type_: str) -> Callable:
    """Register `f(op, *output_grads) -> list of input grads (or None)` for `type_`."""

    def decorate(fn: Callable) -> Callable:
        REGISTRY[type_].grad = fn
        return fn

    return decorate


def not_differentiable(*types: str) -> None:
    """Declare op types through which no gradient flows (comparisons, argmax, ...)."""
    for t in types:
        REGISTRY[t].differentiable = False


def without_gradient(*types: str) -> None:
    """Declare op types TensorFlow registers no gradient for at all (not even as not
    differentiable): a gradient asked through one of their float outputs is LookupError
    there (NO_GRADIENT here), where `not_differentiable` would answer None."""
    for t in types:
        REGISTRY[t].grad = _no_gradient_in_tensorflow


def _no_gradient_in_tensorflow(op: Any, *grads: Any, reached: Any = None) -> list:
    from ..errors import error

    inputs = op.inputs if reached is None else reached
    if not any(t.dtype in _dt.DIFFERENTIABLE for t in inputs):
        # Reached through integers only (a bitcast of a cast, a pooling's window bounds
        # beside a float input no x reaches): TF's walk from the xs follows float tensors
        # alone, so it never asks.
        return [None] * len(op.inputs)
    raise error(
        "NO_GRADIENT",
        f"No gradient defined for operation '{op.name}' (op type: {op.type})",
        node=op.name,
        details={"op": op.type},
    )


_no_gradient_in_tensorflow.takes_reached = True  # type: ignore[attr-defined]


# -- shapes -------------------------------------------------------------------------------


def num_elements(shape: tuple | None) -> int | None:
    return None if shape is None or None in shape else math.prod(shape)


def broadcast_shapes(a: tuple | None, b: tuple | None) -> tuple | None:
    """numpy's broadcasting on static shapes; None dims stay unknown unless decided, as
    TF's shape function decides them: by a known dim of 1 (the other) or above 1 (itself).
    A 0 beside an unknown dim stays unknown, as TF's (the run's is 0)."""
    if a is None or b is None:
        return None
    if len(a) < len(b):
        a, b = b, a
    if a == b:
        return a
    out = list(a)
    off = len(a) - len(b)
    for i, db in enumerate(b):
        da = a[off + i]
        if da == db or db == 1:
            continue
        if da == 1:
            out[off + i] = db
        elif da is None:
            out[off + i] = db if db else None
        elif db is None:
            out[off + i] = da if da else None
        else:
            raise InferenceError(
                "SHAPE_MISMATCH",
                # TF's wording first: ported tests match it.
                f"Dimensions must be equal, but are {da} and {db}: shapes {list(a)} and "
                f"{list(b)} cannot be broadcast together",
                shapes=[list(a), list(b)],
            )
    return tuple(out)


def norm_axis(axis: int, rank: int) -> int:
    if not -rank <= axis < max(rank, 1) or (rank == 0 and axis not in (0, -1)):
        raise InferenceError(
            "INVALID_ATTR", f"axis {axis} is out of range for rank {rank}", axis=axis, rank=rank
        )
    return axis % rank if rank else 0


def run_time_axis(
    shapes: list,
    types: list,
    attrs: dict,
    plain: int,
    what: str,
    rank: int | None = 0,
    default: int | None = None,
) -> bool:
    """Whether an op taking its axis as attribute `axis` or, known only at run time, as
    the input after its `plain` others (TF's op input) was given that input (its dtype
    checked, and its rank when `rank` is given). An op given an attribute too is refused
    (an attribute equal to its `default` cannot be told from none: the input wins)."""
    if len(shapes) <= plain:
        return False
    if attrs.get("axis", default) != default:
        raise InferenceError("INVALID_ATTR", f"{what} is given both as an attribute and an input")
    check_dtype(types[plain], "int", what)
    shape = shapes[plain]
    if rank is not None and shape is not None and len(shape) != rank:
        kind = "a scalar" if rank == 0 else f"of rank {rank}"
        raise InferenceError("SHAPE_MISMATCH", f"{what} must be {kind}: {list(shape)}")
    return True


def read_run_time_axis(
    value: Any,
    rank: int,
    out_of_range: str,
    *,
    node: str | None = None,
    not_scalar: str | None = None,
    not_one: str | None = None,
) -> int:
    """An axis given as a tensor (TF's op input), read when the op runs and checked as
    the op's TF kernel checks it, with that kernel's messages: a scalar (`not_scalar`,
    formatted with `shape`) or, for kernels that take any one-value tensor, one value
    (`not_one`, formatted with `values`); within [-rank, rank) (`out_of_range`, formatted
    with `lo`, `hi` and `axis`). Returned counted from 0. `run_time_axis` is its
    counterpart when the graph is built."""
    if not_scalar is not None and np.ndim(value) != 0:
        raise error("INVALID_ATTR", not_scalar.format(shape=np.shape(value)), node=node)
    flat = np.asarray(value).reshape(-1)
    if flat.size != 1:
        message = (not_one or "axis must be a single value, got {values}").format(
            values=flat.tolist()
        )
        raise error("SHAPE_MISMATCH", message, node=node)
    axis = int(flat[0])
    if not -rank <= axis < rank:
        raise error("INVALID_ATTR", out_of_range.format(lo=-rank, hi=rank, axis=axis), node=node)
    return axis % rank


def norm_axes(axes: Any, rank: int) -> tuple[int, ...]:
    """Normalize an `axis` attribute (None, an int or a sequence) to sorted unique axes."""
    if axes is None:
        return tuple(range(rank))
    if isinstance(axes, int):
        axes = (axes,)
    out = sorted({norm_axis(a, rank) for a in axes})
    if len(out) != len(axes):
        raise InferenceError("INVALID_ATTR", f"axis {list(axes)} repeats an axis")
    return tuple(out)


def narrow_rows(grad: np.ndarray) -> bool:
    """Whether `grad` is a matrix of many rows of a few floats (a bias's gradient), whose
    column sums `sum_narrow_rows` computes faster than numpy's sum over axis 0."""
    return (
        grad.ndim == 2 and grad.shape[1] <= 16 and grad.shape[0] >= 128 and grad.dtype.kind == "f"
    )


def sum_narrow_rows(grad: np.ndarray) -> np.ndarray:
    """The column sums of a `narrow_rows` matrix. numpy sums the rows one short inner loop
    per row (5.6 µs for 256x10); a transposed copy sums each column in one loop (pairwise,
    2.5 µs, and closer to the exact sum)."""
    return np.add.reduce(np.ascontiguousarray(grad.T), 1)


def unbroadcast(grad: Any, shape: tuple) -> Any:
    """Sum `grad` over the axes that broadcasting added or stretched to reach `shape`."""
    gshape = np.shape(grad)
    if gshape == shape:
        return grad
    extra = len(gshape) - len(shape)
    if extra == 1 and gshape[1:] == shape and type(grad) is np.ndarray:
        return sum_narrow_rows(grad) if narrow_rows(grad) else np.add.reduce(grad, 0)
    axes = tuple(range(extra)) + tuple(
        i + extra for i, d in enumerate(shape) if d == 1 and gshape[i + extra] != 1
    )
    if axes:
        grad = np.sum(grad, axis=axes, keepdims=True)
    return np.reshape(grad, shape)


# -- inference helpers --------------------------------------------------------------------

KINDS = {
    "float": _dt.FLOATS,
    "numeric": _dt.NUMERIC,
    # The ops whose numpy kernels keep a small integer's dtype and wrap as TF's do.
    "real": _dt.NUMERIC | _dt.SMALL_INTS,
    "signed": _dt.NUMERIC | frozenset((_dt.int8, _dt.int16)),
    "int": _dt.INTS,
    "bool": frozenset((_dt.bool_,)),
    "any": frozenset(_dt.SUPPORTED),
    # TF's Add also concatenates strings.
    "addable": _dt.NUMERIC | _dt.SMALL_INTS | frozenset((_dt.string,)),
}
_KIND_WORD = {
    "float": "a floating-point",
    "numeric": "a numeric",
    "real": "a numeric",
    "signed": "a signed numeric",
    "int": "an integer",
    "bool": "a bool",
    "any": "any",
    "addable": "a numeric or string",
}


def check_dtype(dtype: np.dtype, kind: str, what: str = "input") -> None:
    if dtype not in KINDS[kind]:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"{what} must have {_KIND_WORD[kind]} dtype, got {dtype.name}",
            expected=kind,
            got=dtype.name,
        )


def same_dtypes(types: list[np.dtype]) -> np.dtype:
    first = types[0]
    for t in types[1:]:
        # Dtypes are nearly always the same canonical object: identity first, then `!=`.
        if t is not first and t != first:
            raise InferenceError(
                "DTYPE_MISMATCH",
                f"inputs must have the same dtype, got {', '.join(x.name for x in types)}",
                dtypes=[x.name for x in types],
            )
    return first


def _ids(dtypes: frozenset) -> frozenset[int]:
    """The identities of a kind's (canonical, never freed) DTypes: testing one costs no
    call of `DType.__hash__`, a Python method, where a node is built."""
    return frozenset(map(id, dtypes))


def unary(kind: str, out: np.dtype | None = None) -> Callable:
    """Inference for an elementwise op of one input of dtype `kind`."""

    allowed = KINDS[kind]
    allowed_ids = _ids(allowed)

    def infer(shapes, types, attrs):
        dtype = types[0]
        if id(dtype) not in allowed_ids and dtype not in allowed:
            check_dtype(dtype, kind)
        return [(shapes[0], out or dtype)]

    return infer


def binary(kind: str, out: np.dtype | None = None) -> Callable:
    """Inference for a broadcasting elementwise op of two same-dtype inputs of `kind`."""

    allowed = KINDS[kind]
    allowed_ids = _ids(allowed)

    def infer(shapes, types, attrs):
        # Built once per node of every graph: the common case (one dtype, one shape) takes
        # no helper call.
        dtype, other = types
        if other is not dtype and other != dtype:
            same_dtypes(types)
        if id(dtype) not in allowed_ids and dtype not in allowed:
            check_dtype(dtype, kind)
        shape, s = shapes
        if s != shape:
            shape = broadcast_shapes(shape, s)
        return [(shape, out or dtype)]

    return infer


def require_rank(shape: tuple, lo: int, what: str = "input") -> None:
    if len(shape) < lo:
        raise InferenceError(
            "SHAPE_MISMATCH",
            f"{what} must have rank ≥ {lo}, got shape {list(shape)}",
            shape=list(shape),
        )


def merge_dim(a: int | None, b: int | None, what: str) -> int | None:
    if a is None:
        return b
    if b is None or a == b:
        return a
    raise InferenceError("SHAPE_MISMATCH", f"{what}: dimension {a} does not match {b}")
