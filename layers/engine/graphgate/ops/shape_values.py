"""What the graph fixes of a shape, size or axis given as a tensor, as TensorFlow's
shape inference reads it (`constant_value_as_shape` and the small constant subgraphs its
C++ shape functions evaluate: more than `tensor_util.constant_value`, which
`misc_ops.get_static_value` imitates for `tf.get_static_value`), and the packing of a
shape argument that mixes ints and scalar tensors. One owner for "is this size static?":
an op whose size the graph fixes is built exactly as if the user had written ints;
otherwise it takes the size as an input, as TensorFlow's op does."""

from __future__ import annotations

import builtins
import operator
from typing import Any

import numpy as np

from ..errors import error
from ..graph import Dimension, Tensor, shape_literal
from .registry import InferenceError, check_dtype, num_elements

# TF's shape inference evaluates a small constant subgraph (`tf.shape(y)[1] - 1` of a
# known dim): so deep, and of values so small, at most.
_FOLD_DEPTH = 8
_FOLD_ELEMENTS = 64
_FOLD_OUTPUT_ELEMENTS = 1 << 16


def constant_value(t: Tensor, depth: int = 0, seen: list | None = None) -> np.ndarray | None:
    """The value of `t` where the graph fixes it, else None: a Const, the shape, size or
    rank of a tensor of static shape, Identity, Cast, Pack, ConcatV2 and StridedSlice of
    such values (a slice of a partly known shape where it picks only known dims), and any
    stateless op of small such values (`s[1] - 1`), as TF's shape inference folds them."""
    if seen is not None:
        seen.append(t)
    op = t.op
    kind = op.type
    if kind == "Const":
        return np.asarray(op.attrs["value"])
    if kind in ("Shape", "Size", "Rank"):
        return _shape_of(kind, op.inputs[0].static_shape)
    if kind in ("Identity", "StopGradient", "Cast") and op.inputs:
        value = constant_value(op.inputs[0], depth + 1, seen)
        return None if value is None else value.astype(t.dtype)
    if kind == "StridedSlice" and len(op.inputs) == 1:
        return _sliced(op, depth, seen)
    if kind in ("Pack", "ConcatV2") and len(op.inputs) <= 64 and _axis_known(op):
        parts = [constant_value(x, depth + 1, seen) for x in op.inputs]
        if any(p is None for p in parts):
            return None
        join = np.stack if kind == "Pack" else np.concatenate
        try:
            return join(parts, op.attrs.get("axis", 0))
        except ValueError:
            return None
    return _folded(t, depth, seen)


def _axis_known(op: Any) -> bool:
    """A Pack's axis is an attribute; a ConcatV2's may be its last input, read when run."""
    return op.type == "Pack" or "axis" in op.attrs


# Kernels that take the run state (for its limits) but compute without it a value whose
# size the graph states: `tf.range(2, tf.rank(x))` in a transpose's perm is TF1's idiom.
_STATE_OPTIONAL = frozenset(("Range",))


def _folded(t: Tensor, depth: int, seen: list | None) -> np.ndarray | None:
    op = t.op
    d = op.definition
    if depth >= _FOLD_DEPTH or d.stateful or not op.inputs:
        return None
    if d.needs_state and op.type not in _STATE_OPTIONAL:
        return None
    if any(num_elements(x.static_shape) is None for x in (*op.inputs, t)):
        return None
    if sum(num_elements(x.static_shape) for x in op.inputs) > _FOLD_ELEMENTS:
        return None
    if num_elements(t.static_shape) > _FOLD_OUTPUT_ELEMENTS:  # never a big value at build
        return None
    args = []
    for x in op.inputs:
        value = constant_value(x, depth + 1, seen)
        if value is None:
            return None
        args.append(value)
    from ..optimize import fold

    outs = fold(d.kernel(op), args, len(op.outputs))
    return None if outs is None else np.asarray(outs[t.value_index])


def _shape_of(kind: str, known: tuple | None) -> np.ndarray | None:
    if known is None:
        return None
    if kind == "Rank":
        return np.int32(len(known))
    if None in known:
        return None
    n = np.array(known, np.int32)
    return n if kind == "Shape" else np.int32(np.prod(n, dtype=np.int64))


def _sliced(op, depth: int, seen: list | None) -> np.ndarray | None:
    src = op.inputs[0]
    value = constant_value(src, depth + 1, seen)
    index = op.attrs["index"]
    single = len(index) == 1 and isinstance(index[0], int)
    if value is None and single and src.op.type == "Shape" and src.op.inputs[0].static_shape:
        # A known dim of a partly known shape (`tf.shape(x)[1]`), as TF's shape inference
        # reads it (not a range of them: `tf.shape(x)[1:]` stays unknown there).
        dims = src.op.inputs[0].static_shape
        picked = np.array([-1 if d is None else d for d in dims], np.int32)[op.attrs["index"]]
        return None if np.any(picked == -1) else picked
    try:
        return None if value is None else np.asarray(value[op.attrs["index"]])
    except (IndexError, TypeError):
        return None


def read_at_build(t: Tensor, accept: Any = None) -> np.ndarray | None:
    """`constant_value` for a value an op is about to be built from (if `accept(value)`):
    every tensor it was read from may no longer be fed (the op would not see the feed),
    as TF prevents it."""
    seen: list = []
    value = constant_value(t, seen=seen)
    if value is None or (accept is not None and not accept(value)):
        return None
    for s in seen:
        s.op.graph.prevent_feeding(s)
    return value


def _int_vector(value: np.ndarray) -> bool:
    return value.ndim == 1 and value.dtype.kind in "iu"


def _int_scalar(value: np.ndarray) -> bool:
    return value.ndim == 0 and value.dtype.kind in "iu"


def partial_shape(t: Tensor) -> tuple | None:
    """The entries of a 1-D int tensor the graph fixes, None for the others
    (`constant_value_as_shape` without turning -1 into None); None when even its length
    is unknown."""
    value = constant_value(t)
    if value is not None:
        return tuple(int(v) for v in np.reshape(value, -1)) if value.ndim == 1 else None
    op = t.op
    if op.type == "Shape":
        return op.inputs[0].static_shape
    if (
        op.type == "Pack"
        and op.attrs.get("axis", 0) == 0
        and all(x.static_shape == () for x in op.inputs)
    ):
        return tuple(_scalar(x) for x in op.inputs)
    if op.type == "ConcatV2" and op.attrs.get("axis") in (0, -1):
        parts = [partial_shape(x) for x in op.inputs]
        return None if any(p is None for p in parts) else builtins.sum(parts, ())
    if op.type == "Cast" and op.inputs:
        return partial_shape(op.inputs[0])
    if op.type == "StridedSlice" and len(op.inputs) == 1 and op.inputs[0].op.type == "Shape":
        index = op.attrs["index"]
        dims = op.inputs[0].op.inputs[0].static_shape
        if dims is not None and len(index) == 1 and isinstance(index[0], builtins.slice):
            return tuple(dims[index[0]])
    shape = t.static_shape
    if shape is not None and len(shape) == 1 and shape[0] is not None:
        return (None,) * shape[0]
    return None


def _scalar(t: Tensor) -> int | None:
    value = constant_value(t)
    return None if value is None else int(value)


def static_ints(value: Any) -> tuple[int, ...] | None:
    """A shape-like argument (a tensor, or a list of ints and scalar tensors) as ints when
    the graph fixes every entry; None when one is known only at run time. Plain Python
    values come back as they are, for the caller's own checks."""
    value = shape_literal(value)
    if isinstance(value, list | tuple) and any(isinstance(v, Dimension) for v in value):
        if any(isinstance(v, Dimension) and v.value is None for v in value):
            # TF's list conversion refuses an unknown dim with TypeError (`[x.shape[0], 4]`).
            raise error(
                "VALUE_NOT_REPRESENTABLE", f"Failed to convert elements of {value} to Tensor."
            )
        value = [shape_literal(v) for v in value]
    if isinstance(value, Tensor):
        # What is no int vector is left to the op's inference to refuse, as TF does.
        known = read_at_build(value, _int_vector)
        return None if known is None else tuple(int(v) for v in known)
    if isinstance(value, list | tuple) and is_dynamic(value):
        tensors = [v for v in value if isinstance(v, Tensor)]
        for v in tensors:  # all of them first: none is marked unless every one is read
            known = constant_value(v)
            if known is None or not _int_scalar(known):
                return None
        out = []
        for v in value:
            out.append(int(read_at_build(v)) if isinstance(v, Tensor) else operator.index(v))
        return tuple(out)
    return value


def static_int(value: Any) -> Any:
    """A scalar argument (an axis, a depth, k) as an int when the graph fixes it, else the
    tensor itself; anything else comes back unchanged."""
    if isinstance(value, Tensor):
        known = read_at_build(value, _int_scalar)
        if known is not None:
            return int(known)
    return value


def is_dynamic(value: Any) -> bool:
    """Whether a shape-like argument holds a tensor somewhere."""
    if isinstance(value, Tensor):
        return True
    if isinstance(value, list | tuple):
        for v in value:  # a loop: this runs for every shape argument of every op built
            if isinstance(v, Tensor):
                return True
    return False


def shape_tensor(value: Any, name: str) -> Tensor:
    """A shape-like argument as one int vector: a tensor as it is, a list mixing ints and
    scalar tensors packed with `stack` under `name` (as TensorFlow packs it)."""
    if isinstance(value, Tensor):
        return value
    from .array_ops import stack

    return stack(list(value), name=name)


def static_hint(t: Tensor) -> tuple | None:
    """The static shape a shape tensor promises (unknown and -1 entries as None)."""
    dims = partial_shape(t)
    if dims is None:
        return None
    return tuple(None if d is None or d < 0 else d for d in dims)


# -- inference and kernels of ops taking a shape as an input -------------------------------


def hinted_shape(shape: tuple | None, dtype: Any, attrs: dict, what: str) -> tuple | None:
    """The static output shape of an op whose shape is the int vector input of `shape`
    and `dtype`: the `static_shape` hint its builder stored (what the graph fixes), else
    one unknown dim per entry, else unknown rank."""
    check_dtype(dtype, "int", what)
    if shape is not None and len(shape) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"{what} must be a vector, got {list(shape)}")
    n = None if shape is None else shape[0]
    hint = attrs.get("static_shape")
    if hint is not None and n is not None and len(hint) != n:
        raise InferenceError(
            "SHAPE_MISMATCH", f"{what} has {n} entries but static_shape {list(hint)}"
        )
    if hint is not None:
        return tuple(hint)
    return None if n is None else (None,) * n


def run_time_shape(op: Any, value: Any, what: str, rank: int | None = None) -> tuple[int, ...]:
    """A shape given as a tensor (a reshape's shape, a fill's dims, conv2d_transpose's
    output_shape), checked at run time: non-negative sizes, `rank` of them if given, that
    fit the static shape the graph promised for the output, so a document cannot make a
    node's static shape lie to the ops after it."""
    sizes = tuple(int(v) for v in np.asarray(value).reshape(-1))
    static = op.outputs[0].static_shape
    bad = (rank is not None and len(sizes) != rank) or min(sizes, default=0) < 0
    if static is not None:
        bad = bad or len(static) != len(sizes)
        bad = bad or any(s is not None and s != v for s, v in zip(static, sizes, strict=False))
    if bad:
        raise error(
            "SHAPE_MISMATCH",
            f"{what} {list(sizes)} given at run time does not fit "
            f"{'an unknown shape' if static is None else list(static)}",
            node=op.name,
        )
    return sizes


def scalar_index(value: Any, what: str) -> int:
    """A static scalar argument (an axis, a depth) as an int. A list or array is TF's
    shape-function refusal (ValueError: "Shape must be rank 0"); a float stays the
    TypeError of `operator.index`, as TF's."""
    if isinstance(value, int):  # the common case, without numpy's look at it
        return value
    if np.ndim(value) != 0:
        raise error("SHAPE_MISMATCH", f"{what} must be a scalar, got rank {np.ndim(value)}")
    return operator.index(value)


def vector_ints(values: Any, what: str) -> tuple[int, ...]:
    """A static int vector argument (a shape, multiples): a scalar is TF's ValueError
    ("Shape must be rank 1")."""
    if isinstance(values, tuple | list) and all(type(v) is int for v in values):
        return tuple(values)  # the common case, without numpy's look at it
    if np.ndim(values) != 1:
        raise error("SHAPE_MISMATCH", f"{what} must be a vector, got rank {np.ndim(values)}")
    return tuple(operator.index(v) for v in values)


def static_arg(value: Any, what: str) -> Any:
    """An axis, size or list of them (a perm, paddings) that graphgate needs while
    building, given as a tensor the graph fixes: its value as Python ints. A value known
    only at run time is refused (UNIMPLEMENTED); plain Python values pass unchanged."""
    if isinstance(value, list | tuple) and any(isinstance(v, Tensor) for v in value):
        return [static_arg(v, what) for v in value]
    if not isinstance(value, Tensor):
        return value
    known = read_at_build(value)
    if known is None:
        raise error(
            "UNIMPLEMENTED",
            f"{what} given as the tensor {value.name} is known only at run time; "
            "graphgate needs it when the graph is built",
        )
    if known.dtype.kind not in "iu":
        raise error("DTYPE_MISMATCH", f"{what} must have an int dtype, got {known.dtype.name}")
    return known.tolist()
